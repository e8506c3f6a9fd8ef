/* test-writer.c: JSON and text output
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "bd-classify.h"
#include "bd-diagnose.h"
#include "bd-writer.h"

static BdReport *
make_report (void)
{
  BdReport *report = bd_report_new ();
  BdFailure *f = bd_failure_new ();

  report->file = g_strdup ("seed.log");
  report->kind = BD_SOURCE_LOG;
  report->format = g_strdup ("mdaemon-log");
  report->mta = g_strdup ("mdaemon");
  report->bytes = 1234;

  f->recipient = g_strdup ("user@example.com");
  f->reply_code = 554;
  f->stage = BD_STAGE_DATA;
  f->client_ip = g_strdup ("80.78.72.135");
  f->helo = g_strdup ("RS");
  f->size = 389;
  f->diagnostic = g_strdup ("Message does not conform to standards \"quoted\"\t\x01 \\ end");
  f->sender = g_strdup ("orders@shop.example");
  bd_failure_add_evidence (f, 20, "Mon 2008-10-20 16:11:37: --> 554 Message does not conform to standards", -1);
  bd_failure_add_evidence (f, 3, "Mon 2008-10-20 16:11:36: Accepting SMTP connection from [80.78.72.135 : 43579]", -1);
  bd_failure_add_evidence (f, 5, "Mon 2008-10-20 16:11:36: * No PTR records found", -1);
  bd_failure_add_evidence (f, 12, "Mon 2008-10-20 16:11:36: * relays.ordb.org - failed", -1);
  bd_report_add_failure (report, f);
  bd_classify_report (report);
  return report;
}

static JsonObject *
parse_object (const char *text,
              JsonParser *parser)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_get_object (json_parser_get_root (parser));
}

static void
test_json (void)
{
  g_autoptr(BdReport) report = make_report ();
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *source, *failure, *cause;
  JsonArray *failures, *evidence, *causes, *fixes;
  gboolean found_ptr = FALSE, found_dead = FALSE;

  bd_write_json (out, report, BD_WRITE_FLAGS_NONE);
  g_assert_null (strchr (out->str, '\n'));   /* one line: fit for jsonl */
  root = parse_object (out->str, parser);

  g_assert_cmpint (json_object_get_int_member (root, "schema"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (root, "file"), ==, "seed.log");
  source = json_object_get_object_member (root, "source");
  g_assert_cmpstr (json_object_get_string_member (source, "kind"), ==, "log");
  g_assert_cmpstr (json_object_get_string_member (source, "format"), ==, "mdaemon-log");
  g_assert_cmpint (json_object_get_int_member (source, "bytes"), ==, 1234);

  failures = json_object_get_array_member (root, "failures");
  g_assert_cmpuint (json_array_get_length (failures), ==, 1);
  failure = json_array_get_object_element (failures, 0);
  g_assert_cmpstr (json_object_get_string_member (failure, "recipient"), ==, "user@example.com");
  g_assert_cmpstr (json_object_get_string_member (failure, "sender"), ==, "orders@shop.example");
  g_assert_cmpint (json_object_get_int_member (failure, "reply_code"), ==, 554);
  g_assert_true (json_object_get_null_member (failure, "status"));
  g_assert_true (json_object_get_boolean_member (failure, "permanent"));
  g_assert_cmpstr (json_object_get_string_member (failure, "stage"), ==, "data");
  g_assert_cmpstr (json_object_get_string_member (failure, "client_ip"), ==, "80.78.72.135");
  g_assert_cmpint (json_object_get_int_member (failure, "size"), ==, 389);
  g_assert_cmpstr (json_object_get_string_member (failure, "diagnostic"), ==,
                   "Message does not conform to standards \"quoted\"\t\x01 \\ end");
  g_assert_cmpstr (json_object_get_string_member (failure, "category"), ==, "content");
  evidence = json_object_get_array_member (failure, "evidence");
  g_assert_cmpuint (json_array_get_length (evidence), ==, 4);
  /* sorted by line */
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (evidence, 0), "line"), ==, 3);

  g_assert_cmpstr (json_object_get_string_member (failure, "cause"), ==, "content.rfc-noncompliant");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (failure, "causes")), >=, 3);
  {
    JsonObject *meaning = json_object_get_object_member (failure, "meaning");
    JsonObject *reply = json_object_get_object_member (meaning, "reply");
    g_assert_cmpstr (json_object_get_string_member (reply, "code"), ==, "554");
    g_assert_true (strlen (json_object_get_string_member (reply, "explanation")) > 10);
    g_assert_true (json_object_get_null_member (meaning, "status"));
  }

  causes = json_object_get_array_member (root, "causes");
  cause = json_array_get_object_element (causes, 0);
  g_assert_cmpstr (json_object_get_string_member (cause, "id"), ==, "content.rfc-noncompliant");
  g_assert_cmpstr (json_object_get_string_member (cause, "category"), ==, "content");
  g_assert_cmpstr (json_object_get_string_member (cause, "owner"), ==, "user");
  g_assert_cmpfloat (json_object_get_double_member (cause, "confidence"), >=, 0.8);
  g_assert_true (strlen (json_object_get_string_member (cause, "title")) > 5);
  g_assert_true (strlen (json_object_get_string_member (cause, "explanation")) > 20);
  g_assert_true (json_object_has_member (cause, "checks"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (cause, "evidence")), >=, 1);
  fixes = json_object_get_array_member (cause, "fixes");
  g_assert_cmpuint (json_array_get_length (fixes), >=, 3);
  for (guint i = 0; i < json_array_get_length (fixes); i++)
    {
      JsonObject *fix = json_array_get_object_element (fixes, i);
      const char *who = json_object_get_string_member (fix, "for");
      g_assert_true (g_str_equal (who, "user") || g_str_equal (who, "admin") || g_str_equal (who, "recipient"));
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (fix, "steps")), >=, 1);
    }

  /* the other causes: the missing PTR with its record filled in from the
   * bounce, and the dead list */
  for (guint i = 1; i < json_array_get_length (causes); i++)
    {
      JsonObject *c = json_array_get_object_element (causes, i);
      const char *id = json_object_get_string_member (c, "id");

      if (g_str_equal (id, "dns.ptr-missing"))
        {
          g_autoptr(JsonGenerator) gen = json_generator_new ();
          g_autoptr(JsonNode) node = json_node_alloc ();
          g_autofree char *text = NULL;

          json_node_init_object (node, c);
          json_generator_set_root (gen, node);
          text = json_generator_to_data (gen, NULL);
          g_assert_nonnull (strstr (text, "\"type\":\"PTR\""));
          g_assert_nonnull (strstr (text, "80.78.72.135"));
          g_assert_nonnull (strstr (text, "\"name\":\"135.72.78.80.in-addr.arpa.\""));
          found_ptr = TRUE;
        }
      else if (g_str_equal (id, "blacklist.dead-list"))
        {
          JsonObject *list = json_object_get_object_member (c, "list");
          g_assert_cmpstr (json_object_get_string_member (list, "zone"), ==, "relays.ordb.org");
          g_assert_cmpstr (json_object_get_string_member (list, "state"), ==, "dead");
          g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (
                             json_object_get_array_member (c, "evidence"), 0), "line"), ==, 12);
          found_dead = TRUE;
        }
    }
  g_assert_true (found_ptr);
  g_assert_true (found_dead);
}

static void
test_json_pretty_and_redacted (void)
{
  g_autoptr(BdReport) report = make_report ();
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *failure;

  bd_write_json (out, report, BD_WRITE_FLAGS_PRETTY | BD_WRITE_FLAGS_REDACT);
  g_assert_nonnull (strchr (out->str, '\n'));
  g_assert_null (strstr (out->str, "80.78.72.135"));
  g_assert_null (strstr (out->str, "user@example.com"));
  root = parse_object (out->str, parser);
  failure = json_array_get_object_element (json_object_get_array_member (root, "failures"), 0);
  g_assert_cmpstr (json_object_get_string_member (failure, "recipient"), ==, "user1@example.com");
  g_assert_cmpstr (json_object_get_string_member (failure, "client_ip"), ==, "ipv4-1");
}

static void
test_empty_report (void)
{
  g_autoptr(BdReport) report = bd_report_new ();
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;

  bd_write_json (out, report, BD_WRITE_FLAGS_PRETTY);
  root = parse_object (out->str, parser);
  g_assert_true (json_object_get_null_member (root, "file"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "failures")), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "causes")), ==, 0);
}

static void
test_text (void)
{
  g_autoptr(BdReport) report = make_report ();
  g_autoptr(GString) out = g_string_new (NULL);

  bd_write_text (out, report, BD_WRITE_FLAGS_NONE);
  g_assert_nonnull (strstr (out->str, "seed.log"));
  g_assert_nonnull (strstr (out->str, "user@example.com"));
  g_assert_nonnull (strstr (out->str, "554"));
  g_assert_nonnull (strstr (out->str, "389"));
  g_assert_nonnull (strstr (out->str, "80.78.72.135"));
  g_assert_nonnull (strstr (out->str, "line 20: Mon 2008-10-20"));
  g_assert_nonnull (strstr (out->str, "Most likely cause"));
  g_assert_nonnull (strstr (out->str, "What to do"));
  g_assert_nonnull (strstr (out->str, "What your mail administrator should change"));
  g_assert_nonnull (strstr (out->str, "MDaemon"));
  g_assert_nonnull (strstr (out->str, "relays.ordb.org"));
  g_assert_nonnull (strstr (out->str, "PTR"));

  g_string_truncate (out, 0);
  bd_write_text (out, report, BD_WRITE_FLAGS_REDACT);
  g_assert_null (strstr (out->str, "80.78.72.135"));
  g_assert_null (strstr (out->str, "user@example.com"));
}

/* Answers to the guided questions go into both reports, in the KB's
 * order, with the question's text. */
static void
test_answers (void)
{
  BdKb *kb = bd_kb_get_default ();
  g_autoptr(BdReport) report = make_report ();
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GHashTable) answers = g_hash_table_new (g_str_hash, g_str_equal);
  const BdKbQuestion *device = bd_kb_lookup_question (kb, "q.device-sender");
  const BdKbQuestion *other = bd_kb_lookup_question (kb, "q.other-computer");
  g_autofree char *device_line = NULL;
  g_autofree char *other_line = NULL;

  g_assert_nonnull (device);
  g_assert_nonnull (other);
  g_assert_cmpuint (other->index, <, device->index);

  /* none yet: no "answers" key, no section */
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonObject *root;

    bd_write_json (out, report, BD_WRITE_FLAGS_NONE);
    root = parse_object (out->str, parser);
    g_assert_false (json_object_has_member (root, "answers"));
    g_string_truncate (out, 0);
    bd_write_text (out, report, BD_WRITE_FLAGS_NONE);
    g_assert_null (strstr (out->str, "Answers to the questions"));
  }

  g_hash_table_insert (answers, (gpointer) "q.device-sender", GINT_TO_POINTER (BD_ANSWER_YES));
  g_hash_table_insert (answers, (gpointer) "q.other-computer", GINT_TO_POINTER (BD_ANSWER_NO));
  bd_classify_apply_answers (kb, report, answers);

  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonObject *root, *a;
    JsonArray *array;

    g_string_truncate (out, 0);
    bd_write_json (out, report, BD_WRITE_FLAGS_NONE);
    root = parse_object (out->str, parser);
    array = json_object_get_array_member (root, "answers");
    g_assert_nonnull (array);
    g_assert_cmpuint (json_array_get_length (array), ==, 2);
    a = json_array_get_object_element (array, 0);
    g_assert_cmpstr (json_object_get_string_member (a, "id"), ==, "q.other-computer");
    g_assert_cmpstr (json_object_get_string_member (a, "answer"), ==, "no");
    g_assert_cmpstr (json_object_get_string_member (a, "question"), ==, other->text);
    a = json_array_get_object_element (array, 1);
    g_assert_cmpstr (json_object_get_string_member (a, "id"), ==, "q.device-sender");
    g_assert_cmpstr (json_object_get_string_member (a, "answer"), ==, "yes");
    g_assert_cmpstr (json_object_get_string_member (a, "question"), ==, device->text);
  }

  /* pretty JSON still parses */
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonObject *root;

    g_string_truncate (out, 0);
    bd_write_json (out, report, BD_WRITE_FLAGS_PRETTY);
    root = parse_object (out->str, parser);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "answers")), ==, 2);
  }

  g_string_truncate (out, 0);
  bd_write_text (out, report, BD_WRITE_FLAGS_NONE);
  g_test_message ("%s", out->str);
  other_line = g_strdup_printf ("    %s — No\n", other->text);
  device_line = g_strdup_printf ("    %s — Yes\n", device->text);
  g_assert_nonnull (strstr (out->str, "  Answers to the questions\n"));
  g_assert_nonnull (strstr (out->str, other_line));
  g_assert_nonnull (strstr (out->str, device_line));
  g_assert_true (strstr (out->str, other_line) < strstr (out->str, device_line));
  /* before the fixes */
  g_assert_true (strstr (out->str, "Answers to the questions") < strstr (out->str, "What to do"));

  /* taken back: gone from both */
  bd_classify_apply_answers (kb, report, NULL);
  g_string_truncate (out, 0);
  bd_write_text (out, report, BD_WRITE_FLAGS_NONE);
  g_assert_null (strstr (out->str, "Answers to the questions"));
  g_string_truncate (out, 0);
  bd_write_json (out, report, BD_WRITE_FLAGS_NONE);
  g_assert_null (strstr (out->str, "\"answers\""));
}

/* A report made from a symptom says what the user described, not the
 * details of a bounce there is none of. */
static void
test_symptom (void)
{
  g_autoptr(BdReport) report = bd_diagnose_symptom ("symptom.cannot-send");
  const BdKbSymptom *symptom = bd_kb_lookup_symptom (bd_kb_get_default (), "symptom.cannot-send");
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *described = NULL;
  JsonObject *root, *source, *failure;
  JsonArray *causes;
  BdFailure *f;

  g_assert_nonnull (report);
  f = g_ptr_array_index (report->failures, 0);

  bd_write_text (out, report, BD_WRITE_FLAGS_NONE);
  g_test_message ("%s", out->str);
  described = g_strdup_printf ("  What you described: %s\n    %s\n", symptom->title, symptom->description);
  g_assert_nonnull (strstr (out->str, described));
  g_assert_nonnull (strstr (out->str, "No error message"));
  g_assert_nonnull (strstr (out->str, "Most likely cause"));
  g_assert_nonnull (strstr (out->str, f->causes->len > 0 ?
                            ((BdCauseMatch *) g_ptr_array_index (f->causes, 0))->cause->title : "-"));
  g_assert_nonnull (strstr (out->str, "What to do"));
  g_assert_null (strstr (out->str, "Failed delivery"));
  g_assert_null (strstr (out->str, "recipient not stated"));
  g_assert_null (strstr (out->str, "Bounce message"));

  g_string_truncate (out, 0);
  bd_write_json (out, report, BD_WRITE_FLAGS_NONE);
  root = parse_object (out->str, parser);
  source = json_object_get_object_member (root, "source");
  g_assert_cmpstr (json_object_get_string_member (source, "format"), ==, "symptom");
  g_assert_cmpstr (json_object_get_string_member (source, "kind"), ==, "text");
  g_assert_cmpstr (json_object_get_string_member (source, "symptom"), ==, "symptom.cannot-send");
  failure = json_array_get_object_element (json_object_get_array_member (root, "failures"), 0);
  g_assert_cmpstr (json_object_get_string_member (failure, "cause"), ==, f->cause);
  causes = json_object_get_array_member (root, "causes");
  g_assert_cmpuint (json_array_get_length (causes), ==, symptom->n_effects);
}

/* The PTR record to copy for an IPv6 sender is named under ip6.arpa. */
static void
test_ptr_record_ipv6 (void)
{
  g_autoptr(BdReport) report = bd_report_new ();
  g_autoptr(GString) out = g_string_new (NULL);
  BdFailure *f = bd_failure_new ();

  f->reply_code = 550;
  f->status = g_strdup ("5.7.25");
  f->client_ip = g_strdup ("2001:db8::1");
  f->diagnostic = g_strdup ("550 5.7.25 The IP address sending this message does not have a PTR record setup");
  bd_report_add_failure (report, f);
  bd_classify_report (report);
  g_assert_cmpstr (f->cause, ==, "dns.ptr-missing");

  bd_write_json (out, report, BD_WRITE_FLAGS_NONE);
  g_assert_nonnull (strstr (out->str,
    "\"name\":\"1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.\""));
}

static void
test_invalid_utf8_is_escaped_safely (void)
{
  g_autoptr(GString) out = g_string_new (NULL);

  bd_json_append_string (out, "a\x7f" "b\nc");
  g_assert_cmpstr (out->str, ==, "\"a\\u007fb\\nc\"");
  g_string_truncate (out, 0);
  bd_json_append_string (out, NULL);
  g_assert_cmpstr (out->str, ==, "null");
}

int
main (int    argc,
      char **argv)
{
  /* Texts are compared in English. */
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/bd/writer/json", test_json);
  g_test_add_func ("/bd/writer/json-pretty-redacted", test_json_pretty_and_redacted);
  g_test_add_func ("/bd/writer/empty-report", test_empty_report);
  g_test_add_func ("/bd/writer/text", test_text);
  g_test_add_func ("/bd/writer/escape", test_invalid_utf8_is_escaped_safely);
  g_test_add_func ("/bd/writer/ptr-record-ipv6", test_ptr_record_ipv6);
  g_test_add_func ("/bd/writer/answers", test_answers);
  g_test_add_func ("/bd/writer/symptom", test_symptom);
  return g_test_run ();
}
