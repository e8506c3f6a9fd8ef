/* test-checks.c: the parts of the live checks that need no network
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bd-check.h"
#include <string.h>

#include "bd-checks-dns-private.h"
#include "bd-checks-http-private.h"
#include "bd-diagnose.h"

static void
test_checks_dmarc_alignment (void)
{
  g_autofree char *org = _bd_dmarc_org_domain ("mail.example.co.uk");
  g_autofree char *org2 = _bd_dmarc_org_domain ("a.b.example.org");

  g_assert_cmpstr (org, ==, "example.co.uk");
  g_assert_cmpstr (org2, ==, "example.org");

  /* relaxed: the same organizational domain is enough */
  g_assert_true (_bd_dmarc_aligned ("example.org", "bounces.example.org", FALSE));
  g_assert_true (_bd_dmarc_aligned ("news.example.co.uk", "example.co.uk", FALSE));
  g_assert_false (_bd_dmarc_aligned ("example.org", "example.net", FALSE));
  /* two registrable names under one public suffix are not aligned */
  g_assert_false (_bd_dmarc_aligned ("a.co.uk", "b.co.uk", FALSE));
  /* strict: the very same name */
  g_assert_false (_bd_dmarc_aligned ("example.org", "bounces.example.org", TRUE));
  g_assert_true (_bd_dmarc_aligned ("Example.ORG", "example.org", TRUE));
  g_assert_false (_bd_dmarc_aligned (NULL, "example.org", FALSE));
}

static void
test_checks_dmarc_parse (void)
{
  g_autoptr(GHashTable) tags = _bd_dmarc_parse ("v=DMARC1; p=reject; sp=quarantine; aspf=s; rua=mailto:d@example.org");
  g_autoptr(GHashTable) spaced = _bd_dmarc_parse ("v = DMARC1 ;p=None;");

  g_assert_nonnull (tags);
  g_assert_cmpstr (g_hash_table_lookup (tags, "p"), ==, "reject");
  g_assert_cmpstr (g_hash_table_lookup (tags, "sp"), ==, "quarantine");
  g_assert_cmpstr (g_hash_table_lookup (tags, "aspf"), ==, "s");
  g_assert_nonnull (spaced);
  g_assert_cmpstr (g_hash_table_lookup (spaced, "p"), ==, "none");
  g_assert_null (_bd_dmarc_parse ("v=spf1 -all"));
  g_assert_null (_bd_dmarc_parse ("p=reject; v=DMARC1"));
  g_assert_null (_bd_dmarc_parse ("v=DMARC1; garbage"));
  g_assert_null (_bd_dmarc_parse (""));
}

static void
test_checks_dnsbl_name (void)
{
  g_autoptr(GInetAddress) v4 = g_inet_address_new_from_string ("203.0.113.45");
  g_autoptr(GInetAddress) v6 = g_inet_address_new_from_string ("2001:db8::1");
  g_autofree char *n4 = _bd_dnsbl_query_name (v4, "zen.spamhaus.org");
  g_autofree char *n6 = _bd_dnsbl_query_name (v6, "zen.spamhaus.org");

  g_assert_cmpstr (n4, ==, "45.113.0.203.zen.spamhaus.org");
  g_assert_cmpstr (n6, ==, "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.zen.spamhaus.org");
}

static void
test_checks_mta_sts_policy (void)
{
  g_autoptr(GPtrArray) mx = NULL;
  g_autoptr(GHashTable) fields = _bd_mta_sts_parse_policy ("version: STSv1\r\nmode: enforce\r\n"
                                                          "mx: mail.example.org\nmx: *.Example.net\n"
                                                          "max_age: 604800\n", &mx);

  g_assert_nonnull (fields);
  g_assert_cmpstr (g_hash_table_lookup (fields, "mode"), ==, "enforce");
  g_assert_cmpstr (g_hash_table_lookup (fields, "max_age"), ==, "604800");
  g_assert_cmpuint (mx->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (mx, 1), ==, "*.example.net");
  g_assert_null (_bd_mta_sts_parse_policy ("version: STSv2\nmode: enforce\n", NULL));
  g_assert_null (_bd_mta_sts_parse_policy ("version: STSv1\n", NULL));
  g_assert_null (_bd_mta_sts_parse_policy ("<html>not a policy</html>", NULL));
}

static void
test_checks_doh_parse (void)
{
  static const char reply[] =
    "{\"Status\":0,\"Answer\":[{\"name\":\"example.org.\",\"type\":15,\"TTL\":300,"
    "\"data\":\"20 MX2.example.org.\"},{\"name\":\"example.org.\",\"type\":15,\"data\":\"10 mx1.example.org.\"},"
    "{\"name\":\"example.org.\",\"type\":5,\"data\":\"other.example.\"}]}";
  int status = -1;
  g_autoptr(GPtrArray) data = _bd_doh_parse (reply, strlen (reply), 15, &status);
  g_autoptr(GPtrArray) none = _bd_doh_parse ("{\"Status\":3}", 12, 15, &status);

  g_assert_nonnull (data);
  g_assert_cmpuint (data->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (data, 0), ==, "10 mx1.example.org");
  g_assert_cmpstr (g_ptr_array_index (data, 1), ==, "20 mx2.example.org");
  g_assert_nonnull (none);
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_cmpint (status, ==, 3);
  g_assert_null (_bd_doh_parse ("[1,2]", 5, 15, NULL));
  g_assert_null (_bd_doh_parse ("garbage", 7, 15, NULL));
  g_assert_null (_bd_doh_parse ("{\"Answer\":[]}", 13, 15, NULL));
}

/* The seed MDaemon log calls for the PTR, HELO and block-list checks, and
 * reports its dead list as dead without asking anyone. Planning sends
 * nothing. */
static void
test_checks_plan_seed (void)
{
  g_autofree char *path = g_build_filename (BD_TEST_DATA, "samples", "mdaemon-seed.log", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BdReport) report = NULL;
  g_autoptr(BdResolver) resolver = NULL;
  g_autoptr(BdCheckRun) run = NULL;
  GPtrArray *results;
  gboolean ptr = FALSE, helo = FALSE, dead = FALSE, zen = FALSE;
  gsize len;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  report = bd_diagnose_data (contents, len, path);
  /* a resolver that could only ask a closed loopback port */
  resolver = bd_resolver_new_forward ("127.0.0.1@9", &error);
  g_assert_no_error (error);
  run = bd_check_run_new (report, resolver, 1000);
  results = bd_check_run_get_results (run);

  for (guint i = 0; i < results->len; i++)
    {
      BdCheckResult *r = g_ptr_array_index (results, i);

      g_assert_cmpint (r->status, ==, BD_CHECK_PENDING);
      if (g_str_equal (r->id, "dns.ptr"))
        ptr = g_str_equal (r->target, "80.78.72.135");
      else if (g_str_equal (r->id, "dns.helo"))
        helo = TRUE;
      else if (g_str_equal (r->id, "dnsbl") && g_str_equal (r->target, "relays.ordb.org"))
        dead = TRUE;
      else if (g_str_equal (r->id, "dnsbl") && g_str_equal (r->target, "zen.spamhaus.org"))
        zen = TRUE;
    }
  g_assert_true (ptr);
  g_assert_true (helo);
  g_assert_true (dead);
  g_assert_true (zen);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bd/checks/dmarc-alignment", test_checks_dmarc_alignment);
  g_test_add_func ("/bd/checks/dmarc-parse", test_checks_dmarc_parse);
  g_test_add_func ("/bd/checks/dnsbl-name", test_checks_dnsbl_name);
  g_test_add_func ("/bd/checks/plan-seed", test_checks_plan_seed);
  g_test_add_func ("/bd/checks/mta-sts-policy", test_checks_mta_sts_policy);
  g_test_add_func ("/bd/checks/doh-parse", test_checks_doh_parse);

  return g_test_run ();
}
