/* test-kb.c: loading the knowledge base, broken files, the matcher
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "bd-classify.h"
#include "bd-error.h"
#include "bd-kb-private.h"

#define CAUSE_OK \
  "{\"id\": \"other.unknown\", \"category\": \"other\", \"owner\": \"user\"," \
  " \"title\": \"T\", \"explanation\": \"E\"," \
  " \"fixes\": [{\"for\": \"user\", \"title\": \"F\", \"steps\": [\"S\"]}]}"

static BdKb *
load_one (const char  *json,
          GError     **error)
{
  BdKb *kb = bd_kb_new ();

  if (!bd_kb_load_data (kb, "test.json", json, strlen (json), error) ||
      !bd_kb_finish (kb, error))
    {
      bd_kb_free (kb);
      return NULL;
    }
  return kb;
}

static void
test_builtin (void)
{
  BdKb *kb = bd_kb_get_default ();
  const BdKbCause *cause;
  const BdKbDnsbl *ordb;

  g_assert_nonnull (kb);
  g_assert_cmpuint (bd_kb_get_n_causes (kb), >=, 40);
  g_assert_cmpuint (bd_kb_get_n_rules (kb), >=, 100);
  g_assert_cmpuint (bd_kb_get_n_dnsbls (kb), >=, 10);

  /* Every cause of the fixed list in data/kb/README.md is there, each with
   * the category its id names and a fix for the user. */
  for (guint i = 0; i < bd_kb_get_n_causes (kb); i++)
    {
      gboolean user = FALSE;

      cause = bd_kb_get_cause (kb, i);
      g_assert_true (g_str_has_prefix (cause->id, bd_category_to_string (cause->category)));
      for (guint f = 0; f < cause->n_fixes; f++)
        user |= cause->fixes[f].audience == BD_KB_FOR_USER;
      g_assert_true (user);
    }
  g_assert_nonnull (bd_kb_lookup_cause (kb, "content.rfc-noncompliant"));
  g_assert_nonnull (bd_kb_lookup_cause (kb, "dns.ptr-missing"));
  g_assert_nonnull (bd_kb_lookup_cause (kb, "blacklist.dead-list"));
  g_assert_null (bd_kb_lookup_cause (kb, "no.such-cause"));

  ordb = bd_kb_lookup_dnsbl (kb, "relays.ordb.org");
  g_assert_nonnull (ordb);
  g_assert_cmpint (ordb->state, ==, BD_KB_LIST_DEAD);
  g_assert_nonnull (bd_kb_lookup_dnsbl (kb, "zen.spamhaus.org"));
  g_assert_cmpint (bd_kb_lookup_dnsbl (kb, "zen.spamhaus.org")->state, ==, BD_KB_LIST_ACTIVE);

  g_assert_nonnull (bd_kb_lookup_reply (kb, 550));
  g_assert_nonnull (bd_kb_lookup_reply (kb, 421));
  g_assert_null (bd_kb_lookup_reply (kb, 999));
  g_assert_nonnull (bd_kb_lookup_status (kb, "5.1.1"));
  g_assert_nonnull (bd_kb_lookup_status (kb, "4.7.1"));
  g_assert_nonnull (bd_kb_lookup_class (kb, 5));
  g_assert_null (bd_kb_lookup_status (kb, NULL));
}

typedef struct
{
  const char *json;
  const char *message;   /* part of the expected error message */
} BrokenCase;

static void
test_broken (void)
{
  static const BrokenCase cases[] = {
    { "{\"schema\": 1, \"causes\": [", "not valid JSON" },
    { "[1, 2]", "one JSON object" },
    { "{\"causes\": []}", "schema 1" },
    { "{\"schema\": 2}", "schema 1" },
    { "{\"schema\": 1, \"causes\": {}}", "must be a list" },
    { "{\"schema\": 1, \"causes\": [{\"id\": \"x.y\"}]}", "category" },
    { "{\"schema\": 1, \"causes\": [{\"id\": \"other.x\", \"category\": \"weird\", \"owner\": \"user\"}]}",
      "unknown category" },
    { "{\"schema\": 1, \"causes\": [{\"id\": \"dns.x\", \"category\": \"other\", \"owner\": \"user\"}]}",
      "must start with its category" },
    { "{\"schema\": 1, \"causes\": [" CAUSE_OK ", " CAUSE_OK "]}", "defined twice" },
    { "{\"schema\": 1, \"causes\": [{\"id\": \"other.unknown\", \"category\": \"other\", \"owner\": \"me\"}]}",
      "owner" },
    { "{\"schema\": 1, \"causes\": [{\"id\": \"other.unknown\", \"category\": \"other\", \"owner\": \"user\","
      " \"title\": \"T\", \"explanation\": \"\"}]}", "empty" },
    { "{\"schema\": 1, \"causes\": [{\"id\": \"other.unknown\", \"category\": \"other\", \"owner\": \"user\","
      " \"title\": \"T\", \"explanation\": \"E\", \"fixes\": [{\"for\": \"user\", \"program\": \"mutt\","
      " \"title\": \"F\", \"steps\": [\"S\"]}]}]}", "unknown mail program" },
    { "{\"schema\": 1, \"causes\": [{\"id\": \"other.unknown\", \"category\": \"other\", \"owner\": \"user\","
      " \"title\": \"T\", \"explanation\": \"E\", \"fixes\": [{\"for\": \"admin\","
      " \"title\": \"F\", \"steps\": [\"S\"]}]}]}", "fix for the user" },
    { "{\"schema\": 1, \"causes\": [" CAUSE_OK "], \"rules\": [{\"id\": \"r\", \"cause\": \"dns.gone\","
      " \"weight\": 0.5}]}", "no cause “dns.gone”" },
    { "{\"schema\": 1, \"causes\": [" CAUSE_OK "], \"rules\": [{\"id\": \"r\", \"cause\": \"other.unknown\","
      " \"weight\": 1.5}]}", "weight" },
    { "{\"schema\": 1, \"causes\": [" CAUSE_OK "], \"rules\": [{\"id\": \"r\", \"cause\": \"other.unknown\","
      " \"weight\": 0.5, \"text\": [\"x\"]}]}", "too short" },
    { "{\"schema\": 1, \"causes\": [" CAUSE_OK "], \"rules\": [{\"id\": \"r\", \"cause\": \"other.unknown\","
      " \"weight\": 0.5, \"status\": [\"5.7.x\"]}]}", "status code pattern" },
    { "{\"schema\": 1, \"causes\": [" CAUSE_OK "], \"rules\": [{\"id\": \"r\", \"cause\": \"other.unknown\","
      " \"weight\": 0.5, \"reply\": [\"5x0\"]}]}", "reply" },
    { "{\"schema\": 1, \"causes\": [" CAUSE_OK "], \"rules\": [{\"id\": \"r\", \"cause\": \"other.unknown\","
      " \"weight\": 0.5, \"stage\": [\"quit\"]}]}", "unknown stage" },
    { "{\"schema\": 1, \"causes\": [" CAUSE_OK "], \"lists\": [{\"zone\": \"a.example\", \"name\": \"A\","
      " \"state\": \"sleeping\"}]}", "state" },
    { "{\"schema\": 1, \"causes\": [" CAUSE_OK "], \"reply_codes\": [{\"code\": 999, \"title\": \"T\","
      " \"explanation\": \"E\"}]}", "out of range" },
    { "{\"schema\": 1, \"causes\": [" CAUSE_OK "], \"status_codes\": [{\"code\": \"hello\", \"title\": \"T\","
      " \"explanation\": \"E\"}]}", "not a status code" },
    { "{\"schema\": 1, \"causes\": [{\"id\": \"other.x\", \"category\": \"other\", \"owner\": \"user\","
      " \"title\": \"T\", \"explanation\": \"E\", \"fixes\": [{\"for\": \"user\", \"title\": \"F\","
      " \"steps\": [\"S\"]}]}]}", "other.unknown" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      BdKb *kb = load_one (cases[i].json, &error);

      g_test_message ("case %u: %s", i, error ? error->message : "(no error)");
      g_assert_null (kb);
      g_assert_error (error, BD_ERROR, BD_ERROR_KB);
      g_assert_true (strstr (error->message, "test.json") != NULL);
      g_assert_true (strstr (error->message, cases[i].message) != NULL);
    }

  /* and the smallest good one loads */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(BdKb) kb = load_one ("{\"schema\": 1, \"causes\": [" CAUSE_OK "]}", &error);
    g_assert_no_error (error);
    g_assert_nonnull (kb);
    g_assert_cmpuint (bd_kb_get_n_causes (kb), ==, 1);
  }
}

/* A broken KB directory named in BOUNCE_DOCTOR_KB_DIR: the program says so
 * and goes on with the built-in KB. */
static void
test_broken_dir (void)
{
  if (g_test_subprocess ())
    {
      BdKb *kb = bd_kb_get_default ();
      g_assert_nonnull (bd_kb_lookup_cause (kb, "content.rfc-noncompliant"));
      g_assert_cmpuint (bd_kb_get_n_rules (kb), >=, 100);
      return;
    }
  else
    {
      g_autofree char *dir = g_dir_make_tmp ("bd-kb-XXXXXX", NULL);
      g_autofree char *file = g_build_filename (dir, "rules.json", NULL);
      g_autoptr(GError) error = NULL;

      g_assert_true (g_file_set_contents (file, "{\"schema\": 1, \"rules\": [ {\"id\": }", -1, &error));
      g_assert_no_error (error);

      /* the child inherits the environment (g_test_trap_subprocess_with_envp
       * is newer than GLib 2.74) */
      g_setenv ("BOUNCE_DOCTOR_KB_DIR", dir, TRUE);
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_unsetenv ("BOUNCE_DOCTOR_KB_DIR");
      g_test_trap_assert_passed ();
      g_test_trap_assert_stderr ("*Could not use the knowledge base*rules.json*not valid JSON*built-in*");

      /* bd_kb_use_dir reports the error and keeps the built-in KB */
      {
        g_autoptr(GError) use_error = NULL;
        g_assert_false (bd_kb_use_dir (dir, &use_error));
        g_assert_error (use_error, BD_ERROR, BD_ERROR_KB);
        g_assert_nonnull (bd_kb_lookup_cause (bd_kb_get_default (), "dns.ptr-missing"));
      }
      g_remove (file);
      g_rmdir (dir);
    }
}

static void
test_normalize (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "Relay ACCESS  Denied", "relay access denied" },
    { "a\r\n\tb", "a b" },
    { "ПЕРЕСЫЛКА Запрещена", "пересылка запрещена" },
    { "Чёрный СПИСОК, ЁЖ", "черный список, еж" },
    { "Ответ: ПРОВЕРКА РЯЗАНЬ ЩЬЮ", "ответ: проверка рязань щью" },
    { "ümlaut Ä", "ümlaut Ä" },   /* other scripts are kept as they are */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) out = g_string_new (NULL);
      bd_kb_normalize (out, cases[i].in, -1);
      g_assert_cmpstr (out->str, ==, cases[i].out);
    }

  /* A cut UTF-8 sequence at the end is copied, not read past. */
  {
    g_autoptr(GString) out = g_string_new (NULL);
    bd_kb_normalize (out, "ab\xd0", 3);
    g_assert_cmpuint (out->len, ==, 3);
  }
}

static void
test_matcher (void)
{
  const char *json =
    "{\"schema\": 1, \"causes\": [" CAUSE_OK "],"
    " \"rules\": ["
    "  {\"id\": \"a\", \"cause\": \"other.unknown\", \"weight\": 0.5, \"text\": [\"relay\", \"access denied\"]},"
    "  {\"id\": \"b\", \"cause\": \"other.unknown\", \"weight\": 0.5, \"text\": [\"relay access\", \"ре\"]}"
    " ]}";
  g_autoptr(GError) error = NULL;
  BdKb *kb = load_one (json, &error);
  const BdMatcher *m;
  const BdKbRule *rules;
  guint n_rules;
  guint64 bits[8] = { 0 };
  const char *text = "x relay access denied, релей";

  g_assert_no_error (error);
  m = bd_kb_get_matcher (kb);
  g_assert_cmpuint (bd_matcher_get_n_patterns (m), ==, 4);
  rules = bd_kb_get_rules (kb, &n_rules);
  g_assert_cmpuint (n_rules, ==, 2);

  bd_matcher_scan (m, text, strlen (text), bits);
  for (guint r = 0; r < n_rules; r++)
    for (guint t = 0; t < rules[r].n_text; t++)
      g_assert_true (bd_bits_test (bits, rules[r].text[t]));

  memset (bits, 0, sizeof bits);
  bd_matcher_scan (m, "relay", 4, bits);   /* "rela": too short to hold "relay" */
  g_assert_false (bd_bits_test (bits, rules[0].text[0]));
  bd_matcher_scan (m, "", 0, bits);
  bd_kb_free (kb);
}

static void
test_status_patterns (void)
{
  const char *json =
    "{\"schema\": 1, \"causes\": [" CAUSE_OK "],"
    " \"rules\": ["
    "  {\"id\": \"exact\", \"cause\": \"other.unknown\", \"weight\": 0.5, \"status\": [\"5.7.1\"]},"
    "  {\"id\": \"range\", \"cause\": \"other.unknown\", \"weight\": 0.5, \"status\": [\"5.7.606-649\"]},"
    "  {\"id\": \"subject\", \"cause\": \"other.unknown\", \"weight\": 0.5, \"status\": [\"5.7.*\"]},"
    "  {\"id\": \"class\", \"cause\": \"other.unknown\", \"weight\": 0.5, \"status\": [\"4.*\"]},"
    "  {\"id\": \"any-class\", \"cause\": \"other.unknown\", \"weight\": 0.5, \"status\": [\"x.1.1\"]}"
    " ]}";
  g_autoptr(GError) error = NULL;
  BdKb *kb = load_one (json, &error);
  const BdKbRule *r;
  guint n;

  g_assert_no_error (error);
  r = bd_kb_get_rules (kb, &n);
  g_assert_true (bd_status_pattern_match (&r[0].status[0], 5, 7, 1));
  g_assert_false (bd_status_pattern_match (&r[0].status[0], 5, 7, 10));
  g_assert_false (bd_status_pattern_match (&r[0].status[0], 4, 7, 1));
  g_assert_true (bd_status_pattern_match (&r[1].status[0], 5, 7, 606));
  g_assert_true (bd_status_pattern_match (&r[1].status[0], 5, 7, 649));
  g_assert_false (bd_status_pattern_match (&r[1].status[0], 5, 7, 650));
  g_assert_true (bd_status_pattern_match (&r[2].status[0], 5, 7, 0));
  g_assert_false (bd_status_pattern_match (&r[2].status[0], 5, 6, 0));
  g_assert_true (bd_status_pattern_match (&r[3].status[0], 4, 2, 2));
  g_assert_false (bd_status_pattern_match (&r[3].status[0], 5, 2, 2));
  g_assert_true (bd_status_pattern_match (&r[4].status[0], 4, 1, 1));
  g_assert_true (bd_status_pattern_match (&r[4].status[0], 5, 1, 1));
  bd_kb_free (kb);
}

/* data/kb/questions.json: the guided questions and the symptoms. */
static void
test_questions (void)
{
  BdKb *kb = bd_kb_get_default ();
  const char *groups[] = { "dns", "auth", "size", "blacklist", "connection" };
  guint per_group[G_N_ELEMENTS (groups)] = { 0 };
  const BdKbQuestion *q;
  const BdKbSymptom *symptom;

  g_assert_cmpuint (bd_kb_get_n_questions (kb), >=, 25);
  g_assert_cmpuint (bd_kb_get_n_symptoms (kb), >=, 6);

  for (guint i = 0; i < bd_kb_get_n_questions (kb); i++)
    {
      gboolean known_group = FALSE;

      q = bd_kb_get_question (kb, i);
      g_assert_cmpuint (q->index, ==, i);
      g_assert_true (g_str_has_prefix (q->id, "q."));
      g_assert_true (bd_kb_lookup_question (kb, q->id) == q);
      g_assert_nonnull (q->text);
      g_assert_nonnull (q->script);
      g_assert_cmpuint (q->n_categories, >, 0);
      g_assert_cmpuint (q->n_yes + q->n_no, >, 0);
      for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
        if (g_str_equal (q->group, groups[g]))
          {
            per_group[g]++;
            known_group = TRUE;
          }
      g_assert_true (known_group);
      for (guint k = 0; k < q->n_yes; k++)
        {
          g_assert_nonnull (q->yes[k].cause);
          g_assert_cmpfloat (ABS (q->yes[k].weight), >, 0.0);
          g_assert_cmpfloat (ABS (q->yes[k].weight), <=, 0.9);
        }
      for (guint k = 0; k < q->n_no; k++)
        {
          g_assert_nonnull (q->no[k].cause);
          g_assert_cmpfloat (ABS (q->no[k].weight), <=, 0.9);
        }
    }
  /* every check group has questions */
  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    g_assert_cmpuint (per_group[g], >=, 3);

  q = bd_kb_lookup_question (kb, "q.large-attachments");
  g_assert_nonnull (q);
  g_assert_cmpstr (q->group, ==, "size");
  g_assert_cmpstr (q->text, ==, "Did you attach large files or many photos?");
  g_assert_nonnull (q->hint);
  g_assert_cmpuint (q->n_yes, >=, 1);
  g_assert_cmpstr (q->yes[0].cause->id, ==, "size.too-large");
  g_assert_cmpfloat (q->yes[0].weight, >, 0.0);
  g_assert_cmpstr (q->no[0].cause->id, ==, "size.too-large");
  g_assert_cmpfloat (q->no[0].weight, <, 0.0);
  g_assert_null (bd_kb_lookup_question (kb, "q.no-such-question"));
  g_assert_null (bd_kb_lookup_question (kb, NULL));

  for (guint i = 0; i < bd_kb_get_n_symptoms (kb); i++)
    {
      symptom = bd_kb_get_symptom (kb, i);
      g_assert_cmpuint (symptom->index, ==, i);
      g_assert_true (g_str_has_prefix (symptom->id, "symptom."));
      g_assert_true (bd_kb_lookup_symptom (kb, symptom->id) == symptom);
      g_assert_nonnull (symptom->title);
      g_assert_nonnull (symptom->description);
      g_assert_cmpuint (symptom->n_effects, >, 0);
      for (guint k = 0; k < symptom->n_effects; k++)
        {
          g_assert_nonnull (symptom->effects[k].cause);
          g_assert_cmpfloat (symptom->effects[k].weight, >, 0.0);
        }
    }
  symptom = bd_kb_lookup_symptom (kb, "symptom.cannot-send");
  g_assert_nonnull (symptom);
  g_assert_cmpstr (symptom->title, ==, "I cannot send any email at all");
  g_assert_null (bd_kb_lookup_symptom (kb, "symptom.nothing"));
}

#define QUESTION_HEAD \
  "{\"schema\": 1, \"causes\": [" CAUSE_OK "], \"questions\": [{\"id\": \"q.test\", " \
  "\"group\": \"size\", \"text\": \"T?\", \"script\": \"Ask: T?\", "

static void
test_questions_broken (void)
{
  static const BrokenCase cases[] = {
    { QUESTION_HEAD "\"categories\": [\"size\"], \"yes\": [{\"cause\": \"size.gone\", \"weight\": 0.5}]}]}",
      "question q.test: yes[0]: no cause “size.gone”" },
    { QUESTION_HEAD "\"categories\": [\"size\"], \"yes\": [{\"cause\": \"other.unknown\", \"weight\": 1.5}]}]}",
      "question q.test: yes[0]: “weight” must be from -0.9 to 0.9" },
    { QUESTION_HEAD "\"categories\": [\"size\"], \"no\": [{\"cause\": \"other.unknown\", \"weight\": 0}]}]}",
      "question q.test: no[0]: “weight”" },
    { QUESTION_HEAD "\"categories\": [\"size\"], \"no\": [{\"cause\": \"other.unknown\", \"weight\": \"high\"}]}]}",
      "“weight” must be a number" },
    { QUESTION_HEAD "\"categories\": [\"size\"], \"yes\": [{\"cause\": \"other.unknown\", \"weight\": 0.5},"
      " {\"cause\": \"other.unknown\", \"weight\": 0.2}]}]}", "named twice" },
    { QUESTION_HEAD "\"categories\": [\"size\"], \"yes\": [{\"cause\": \"other.unknown\", \"wieght\": 0.5}]}]}",
      "question q.test: yes[0]: unknown key “wieght”" },
    { QUESTION_HEAD "\"categories\": [\"size\"], \"yes\": {\"cause\": \"other.unknown\"}}]}",
      "question q.test: “yes” must be a list" },
    { QUESTION_HEAD "\"categories\": [\"size\"]}]}", "question q.test: a question needs an effect" },
    { QUESTION_HEAD "\"categories\": [], \"yes\": [{\"cause\": \"other.unknown\", \"weight\": 0.5}]}]}",
      "question q.test: “categories” needs at least one" },
    { QUESTION_HEAD "\"categories\": [\"sizes\"], \"yes\": [{\"cause\": \"other.unknown\", \"weight\": 0.5}]}]}",
      "question q.test: unknown category “sizes”" },
    { QUESTION_HEAD "\"categories\": [\"size\"], \"hnit\": \"x\","
      " \"yes\": [{\"cause\": \"other.unknown\", \"weight\": 0.5}]}]}", "question q.test: unknown key “hnit”" },
    { "{\"schema\": 1, \"causes\": [" CAUSE_OK "], \"questions\": [{\"id\": \"q.test\", \"group\": \"size\","
      " \"script\": \"S\", \"categories\": [\"size\"], \"yes\": [{\"cause\": \"other.unknown\", \"weight\": 0.5}]}]}",
      "question q.test: “text” is missing" },
    { "{\"schema\": 1, \"causes\": [" CAUSE_OK "], \"questions\": [{\"id\": \"q.test\", \"group\": \"recipient\","
      " \"text\": \"T\", \"script\": \"S\", \"categories\": [\"size\"],"
      " \"yes\": [{\"cause\": \"other.unknown\", \"weight\": 0.5}]}]}", "question q.test: “group” must be" },
    { "{\"schema\": 1, \"causes\": [" CAUSE_OK "], \"questions\": [{\"id\": \"test\", \"group\": \"size\"}]}",
      "question test: the id must start with “q.”" },
    { "{\"schema\": 1, \"causes\": [" CAUSE_OK "], \"questions\": [{\"group\": \"size\"}]}",
      "questions[0]: “id” is missing" },
    { "{\"schema\": 1, \"causes\": [" CAUSE_OK "], \"questions\": [7]}", "questions[0]: must be an object" },
    { QUESTION_HEAD "\"categories\": [\"size\"], \"yes\": [{\"cause\": \"other.unknown\", \"weight\": 0.5}]},"
      " {\"id\": \"q.test\"}]}", "question q.test: defined twice" },
    { "{\"schema\": 1, \"causes\": [" CAUSE_OK "], \"symptoms\": [{\"id\": \"symptom.x\", \"title\": \"T\","
      " \"description\": \"D\", \"effects\": [{\"cause\": \"other.unknown\", \"weight\": -0.5}]}]}",
      "symptom symptom.x: effects[0]: “weight” must be above 0" },
    { "{\"schema\": 1, \"causes\": [" CAUSE_OK "], \"symptoms\": [{\"id\": \"symptom.x\", \"title\": \"T\","
      " \"description\": \"D\", \"effects\": []}]}", "symptom symptom.x: a symptom needs at least one effect" },
    { "{\"schema\": 1, \"causes\": [" CAUSE_OK "], \"symptoms\": [{\"id\": \"symptom.x\", \"title\": \"T\","
      " \"effects\": [{\"cause\": \"other.unknown\", \"weight\": 0.5}]}]}", "symptom symptom.x: “description” is missing" },
    { "{\"schema\": 1, \"causes\": [" CAUSE_OK "], \"symptoms\": [{\"id\": \"symptom.x\", \"title\": \"T\","
      " \"description\": \"D\", \"effects\": [{\"cause\": \"dns.gone\", \"weight\": 0.5}]}]}",
      "symptom symptom.x: effects[0]: no cause “dns.gone”" },
    { "{\"schema\": 1, \"causes\": [" CAUSE_OK "], \"symptoms\": [{\"id\": \"cannot-send\", \"title\": \"T\"}]}",
      "the id must start with “symptom.”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      BdKb *kb = load_one (cases[i].json, &error);

      g_test_message ("case %u: %s", i, error ? error->message : "(no error)");
      g_assert_null (kb);
      g_assert_error (error, BD_ERROR, BD_ERROR_KB);
      g_assert_true (g_str_has_prefix (error->message, "test.json: "));
      g_assert_true (strstr (error->message, cases[i].message) != NULL);
    }

  /* A good one loads, and the cause of an effect may come from a file
   * loaded later (files load in name order). */
  {
    const char *questions =
      "{\"schema\": 1, \"questions\": [{\"id\": \"q.test\", \"group\": \"size\", \"text\": \"T?\","
      " \"script\": \"Ask: T?\", \"hint\": \"H\", \"categories\": [\"size\", \"other\"],"
      " \"yes\": [{\"cause\": \"other.unknown\", \"weight\": 0.5}],"
      " \"no\": [{\"cause\": \"other.unknown\", \"weight\": -0.25}]}],"
      " \"symptoms\": [{\"id\": \"symptom.test\", \"title\": \"T\", \"description\": \"D\","
      " \"effects\": [{\"cause\": \"other.unknown\", \"weight\": 0.3}]}]}";
    const char *causes = "{\"schema\": 1, \"causes\": [" CAUSE_OK "]}";
    g_autoptr(GError) error = NULL;
    g_autoptr(BdKb) kb = bd_kb_new ();
    const BdKbQuestion *q;
    const BdKbSymptom *symptom;

    g_assert_true (bd_kb_load_data (kb, "a-questions.json", questions, strlen (questions), &error));
    g_assert_true (bd_kb_load_data (kb, "b-causes.json", causes, strlen (causes), &error));
    g_assert_true (bd_kb_finish (kb, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (bd_kb_get_n_questions (kb), ==, 1);
    q = bd_kb_get_question (kb, 0);
    g_assert_cmpstr (q->id, ==, "q.test");
    g_assert_cmpstr (q->hint, ==, "H");
    g_assert_cmpuint (q->n_categories, ==, 2);
    g_assert_cmpint (q->categories[0], ==, BD_CATEGORY_SIZE);
    g_assert_cmpint (q->categories[1], ==, BD_CATEGORY_OTHER);
    g_assert_true (q->yes[0].cause == bd_kb_lookup_cause (kb, "other.unknown"));
    g_assert_cmpfloat (q->no[0].weight, ==, -0.25);
    symptom = bd_kb_lookup_symptom (kb, "symptom.test");
    g_assert_nonnull (symptom);
    g_assert_cmpuint (symptom->n_effects, ==, 1);
    g_assert_true (symptom->effects[0].cause == bd_kb_lookup_cause (kb, "other.unknown"));
  }

  /* an unknown cause in a file of its own is named with that file */
  {
    const char *questions =
      "{\"schema\": 1, \"questions\": [{\"id\": \"q.test\", \"group\": \"dns\", \"text\": \"T?\","
      " \"script\": \"S\", \"categories\": [\"dns\"], \"no\": [{\"cause\": \"dns.gone\", \"weight\": -0.5}]}]}";
    const char *causes = "{\"schema\": 1, \"causes\": [" CAUSE_OK "]}";
    g_autoptr(GError) error = NULL;
    g_autoptr(BdKb) kb = bd_kb_new ();

    g_assert_true (bd_kb_load_data (kb, "causes.json", causes, strlen (causes), &error));
    g_assert_true (bd_kb_load_data (kb, "questions.json", questions, strlen (questions), &error));
    g_assert_false (bd_kb_finish (kb, &error));
    g_assert_error (error, BD_ERROR, BD_ERROR_KB);
    g_assert_cmpstr (error->message, ==, "questions.json: question q.test: no[0]: no cause “dns.gone”");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kb/builtin", test_builtin);
  g_test_add_func ("/kb/broken", test_broken);
  g_test_add_func ("/kb/broken-dir", test_broken_dir);
  g_test_add_func ("/kb/normalize", test_normalize);
  g_test_add_func ("/kb/matcher", test_matcher);
  g_test_add_func ("/kb/status-patterns", test_status_patterns);
  g_test_add_func ("/kb/questions", test_questions);
  g_test_add_func ("/kb/questions-broken", test_questions_broken);

  return g_test_run ();
}
