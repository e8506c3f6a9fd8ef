/* test-spf.c: the SPF evaluator against the RFC 7208 conformance suite
 *
 * Every case of tests/data/spf/rfc7208-tests.yml (turned into JSON at build
 * time) runs through bd_spf_check() with the case's zone data served by a
 * test resolver that answers like a real one: NXDOMAIN for unknown names,
 * no data for missing types, CNAMEs followed, "TIMEOUT" names time out.
 * As the suite's own drivers do, a name's SPF-type records answer TXT
 * queries when it has no TXT records (RFC 7208 dropped the SPF type).
 *
 * The answers are given one query at a time through BD_SPF_PENDING, the way
 * the asynchronous resolver gives them, so the restart path is what is
 * tested.
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "bd-spf.h"

typedef struct
{
  JsonObject *zone;     /* name → array of {type, data, preference} */
  GHashTable *answers;  /* "name/type" → BdDnsAnswer, the answers given so far */
  guint       queries;
} TestResolver;

static JsonArray *
zone_find (JsonObject *zone,
           const char *name)
{
  g_autofree char *wanted = g_ascii_strdown (name, -1);
  g_autoptr(GList) members = json_object_get_members (zone);
  gsize len = strlen (wanted);

  if (len > 0 && wanted[len - 1] == '.')
    wanted[len - 1] = '\0';
  for (const GList *l = members; l != NULL; l = l->next)
    {
      g_autofree char *key = g_ascii_strdown (l->data, -1);
      gsize klen = strlen (key);

      if (klen > 0 && key[klen - 1] == '.')
        key[klen - 1] = '\0';
      if (g_str_equal (key, wanted))
        return json_object_get_array_member (zone, l->data);
    }
  return NULL;
}

static BdDnsType
type_from_string (const char *type)
{
  if (g_str_equal (type, "A")) return BD_DNS_A;
  if (g_str_equal (type, "AAAA")) return BD_DNS_AAAA;
  if (g_str_equal (type, "MX")) return BD_DNS_MX;
  if (g_str_equal (type, "PTR")) return BD_DNS_PTR;
  if (g_str_equal (type, "TXT")) return BD_DNS_TXT;
  if (g_str_equal (type, "CNAME")) return BD_DNS_CNAME;
  return 0;
}

static BdDnsAnswer *
resolve (JsonObject *zone,
         const char *name,
         BdDnsType   type,
         guint       depth)
{
  JsonArray *rows = zone_find (zone, name);
  BdDnsAnswer *answer;
  gboolean has_txt = FALSE;
  gboolean timeout = FALSE;

  if (rows == NULL)
    return bd_dns_answer_new (name, type, BD_DNS_STATUS_NXDOMAIN);

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      const char *rtype = json_object_get_string_member (row, "type");

      if (g_str_equal (rtype, "TIMEOUT"))
        timeout = TRUE;
      if (g_str_equal (rtype, "TXT"))
        has_txt = TRUE;
      if (g_str_equal (rtype, "CNAME") && type != BD_DNS_CNAME && depth < 8)
        return resolve (zone, json_object_get_string_member (row, "data"), type, depth + 1);
    }

  answer = bd_dns_answer_new (name, type, BD_DNS_STATUS_OK);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      const char *rtype = json_object_get_string_member (row, "type");
      BdDnsType t = type_from_string (rtype);

      /* with "TIMEOUT" the TXT query times out (txttimeout) */
      if (g_str_equal (rtype, "SPF") && !has_txt && !timeout)
        t = BD_DNS_TXT;
      if (t != type)
        continue;
      /* the suite's way of saying "no TXT records here" */
      if (t == BD_DNS_TXT && g_str_equal (rtype, "TXT") &&
          g_str_equal (json_object_get_string_member (row, "data"), "NONE"))
        continue;
      bd_dns_answer_add_record (answer, t, 300,
                                (guint16) json_object_get_int_member_with_default (row, "preference", 0),
                                json_object_get_string_member (row, "data"));
    }
  /* "TIMEOUT" beside records: only the types it has no records of time
   * out (spftimeout: TXT answers, the old SPF type does not) */
  if (answer->records->len == 0)
    answer->status = timeout ? BD_DNS_STATUS_TIMEOUT : BD_DNS_STATUS_NODATA;
  return answer;
}

/* Knows only what was asked before: the evaluation must come back for the
 * rest. */
static const BdDnsAnswer *
test_lookup (const char *name,
             BdDnsType   type,
             gpointer    user_data)
{
  TestResolver *resolver = user_data;
  g_autofree char *key = g_strdup_printf ("%s/%d", name, type);

  return g_hash_table_lookup (resolver->answers, key);
}

static BdSpfResult
run_case (JsonObject   *zone,
          JsonObject   *test,
          BdSpfOutcome *outcome)
{
  TestResolver resolver = { zone, NULL, 0 };
  g_autoptr(GInetAddress) ip = g_inet_address_new_from_string (json_object_get_string_member (test, "host"));
  BdSpfRequest request = {
    .ip = ip,
    .sender = json_object_get_string_member (test, "mailfrom"),
    .helo = json_object_get_string_member (test, "helo"),
    .receiver = NULL,
    .now = 1700000000,
  };
  BdSpfResult result;

  g_assert_nonnull (ip);
  resolver.answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) bd_dns_answer_free);
  for (;;)
    {
      result = bd_spf_check (&request, test_lookup, &resolver, outcome);
      if (result != BD_SPF_PENDING)
        break;
      g_assert_nonnull (outcome->pending_name);
      g_hash_table_insert (resolver.answers,
                           g_strdup_printf ("%s/%d", outcome->pending_name, outcome->pending_type),
                           resolve (zone, outcome->pending_name, outcome->pending_type, 0));
      /* every restart must have asked something new */
      g_assert_cmpuint (++resolver.queries, <, 200);
      bd_spf_outcome_clear (outcome);
    }
  g_hash_table_unref (resolver.answers);
  return result;
}

static void
test_spf_suite (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, "spf-tests.json", NULL);
  JsonArray *docs;
  guint passed = 0, total = 0, explained = 0;
  g_autoptr(GString) failures = g_string_new (NULL);

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  docs = json_node_get_array (json_parser_get_root (parser));

  for (guint d = 0; d < json_array_get_length (docs); d++)
    {
      JsonObject *doc = json_array_get_object_element (docs, d);
      JsonObject *zone = json_object_get_object_member (doc, "zonedata");
      JsonArray *tests = json_object_get_array_member (doc, "tests");

      for (guint t = 0; t < json_array_get_length (tests); t++)
        {
          JsonObject *test = json_array_get_object_element (tests, t);
          const char *name = json_object_get_string_member (test, "name");
          JsonArray *results = json_object_get_array_member (test, "results");
          const char *want_exp = json_object_get_string_member_with_default (test, "explanation", NULL);
          BdSpfOutcome outcome;
          BdSpfResult result;
          gboolean ok = FALSE;

          total++;
          result = run_case (zone, test, &outcome);
          for (guint r = 0; r < json_array_get_length (results); r++)
            if (g_str_equal (json_array_get_string_element (results, r),
                             bd_spf_result_to_string (result)))
              ok = TRUE;
          if (ok && want_exp != NULL)
            {
              if (g_str_equal (want_exp, "DEFAULT"))
                ok = outcome.explanation == NULL;
              else
                ok = g_strcmp0 (outcome.explanation, want_exp) == 0;
              if (ok)
                explained++;
            }

          if (ok)
            passed++;
          else
            {
              g_string_append_printf (failures, "%s: got %s (%s%s%s), want %s%s%s\n",
                                      name,
                                      bd_spf_result_to_string (result),
                                      outcome.problem ? outcome.problem : "",
                                      outcome.explanation ? " exp=" : "",
                                      outcome.explanation ? outcome.explanation : "",
                                      json_array_get_string_element (results, 0),
                                      want_exp ? " exp=" : "", want_exp ? want_exp : "");
            }
          bd_spf_outcome_clear (&outcome);
        }
    }

  g_test_message ("RFC 7208 suite: %u of %u cases pass (%u with their explanation)",
                  passed, total, explained);
  if (failures->len > 0)
    g_test_message ("Failing cases:\n%s", failures->str);
  g_assert_cmpuint (total, ==, 203);
  g_assert_cmpuint (passed, ==, total);
}

/* The lookup and void limits are what a bounce's "permerror" usually
 * comes from: checked on their own with a resolver that answers at once. */
static const BdDnsAnswer *
chain_lookup (const char *name,
              BdDnsType   type,
              gpointer    user_data)
{
  GHashTable *cache = user_data;
  BdDnsAnswer *answer = g_hash_table_lookup (cache, name);
  guint n;

  if (answer != NULL)
    return answer;
  if (type == BD_DNS_TXT && sscanf (name, "l%u.example.org", &n) == 1)
    {
      g_autofree char *record = g_strdup_printf ("v=spf1 include:l%u.example.org -all", n + 1);

      answer = bd_dns_answer_new (name, type, BD_DNS_STATUS_OK);
      bd_dns_answer_add_record (answer, BD_DNS_TXT, 60, 0, record);
    }
  else
    answer = bd_dns_answer_new (name, type, BD_DNS_STATUS_NXDOMAIN);
  g_hash_table_insert (cache, g_strdup (name), answer);
  return answer;
}

static void
test_spf_lookup_limit (void)
{
  g_autoptr(GHashTable) cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) bd_dns_answer_free);
  g_autoptr(GInetAddress) ip = g_inet_address_new_from_string ("192.0.2.10");
  BdSpfRequest request = { .ip = ip, .sender = "a@l0.example.org", .helo = "mail.example.org" };
  BdSpfOutcome outcome;

  g_assert_cmpint (bd_spf_check (&request, chain_lookup, cache, &outcome), ==, BD_SPF_PERMERROR);
  g_assert_cmpuint (outcome.n_lookups, ==, 11);
  g_assert_nonnull (strstr (outcome.problem, "10"));
  g_assert_cmpstr (outcome.domain, ==, "l0.example.org");
  g_assert_cmpstr (outcome.record, ==, "v=spf1 include:l1.example.org -all");
  bd_spf_outcome_clear (&outcome);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bd/spf/rfc7208-suite", test_spf_suite);
  g_test_add_func ("/bd/spf/lookup-limit", test_spf_lookup_limit);

  return g_test_run ();
}
