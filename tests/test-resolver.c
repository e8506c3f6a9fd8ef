/* test-resolver.c: DNS through libunbound against a real DNS server
 *
 * The test starts its own unbound server on a loopback port (static test
 * zones, nothing forwarded anywhere) and a UDP socket that never answers,
 * and queries them through BdResolver: data with TTLs, NXDOMAIN, no data,
 * SERVFAIL, a timeout within its limit, cancellation, the reverse zone of
 * a documentation range that libunbound would otherwise answer itself.
 * Only 127.0.0.1 receives any packet.
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>

#include "bd-resolver.h"
#include "bd-test-dns-server.h"

static BdTestDnsServer dns;
static guint16 server_port;
static guint16 silent_port;

static const char zones[] =
  "  do-not-query-localhost: no\n"
  "  do-not-query-address: 127.0.0.253\n"
  "  local-zone: \".\" refuse\n"
  "  local-zone: \"example.org.\" static\n"
  "  local-data: \"example.org. 300 IN MX 10 mx1.example.org.\"\n"
  "  local-data: \"example.org. 300 IN MX 20 mx2.example.org.\"\n"
  "  local-data: 'example.org. 300 IN TXT \"v=spf1 ip4:192.0.2.0/24 -all\"'\n"
  "  local-data: \"mx1.example.org. 600 IN A 192.0.2.25\"\n"
  "  local-data: \"mx1.example.org. 600 IN AAAA 2001:db8::25\"\n"
  "  local-data: 'odd.example.org. 300 IN TXT \"a\\000b\" \"c\"'\n"
  "  local-zone: \"2.0.192.in-addr.arpa.\" static\n"
  "  local-data: \"25.2.0.192.in-addr.arpa. 300 IN PTR mx1.example.org.\"\n"
  "  local-zone: \"broken.example.\" transparent\n"
  "forward-zone:\n"
  "  name: \"broken.example.\"\n"
  "  forward-addr: 127.0.0.253\n";

static void
start_server (void)
{
  bd_test_dns_server_start (&dns, zones);
  server_port = dns.port;
  silent_port = dns.silent_port;
}

static void
stop_server (void)
{
  bd_test_dns_server_stop (&dns);
}

typedef struct
{
  BdDnsAnswer *answer;
  GError      *error;
  gboolean     done;
} Result;

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Result *r = user_data;

  r->answer = bd_resolver_lookup_finish (BD_RESOLVER (object), result, &r->error);
  r->done = TRUE;
}

static BdDnsAnswer *
lookup (BdResolver   *resolver,
        const char   *name,
        BdDnsType     type,
        guint         timeout_ms,
        GCancellable *cancellable,
        GError      **error)
{
  Result r = { 0 };

  bd_resolver_lookup_async (resolver, name, type, timeout_ms, cancellable, lookup_cb, &r);
  while (!r.done)
    g_main_context_iteration (NULL, TRUE);
  if (r.error != NULL)
    g_propagate_error (error, r.error);
  return r.answer;
}

static BdResolver *
new_resolver (guint16 port)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *server = g_strdup_printf ("127.0.0.1@%u", port);
  BdResolver *resolver = bd_resolver_new_forward (server, &error);

  g_assert_no_error (error);
  g_assert_nonnull (resolver);
  return resolver;
}

/* unbound takes a moment to start listening */
static void
wait_for_server (BdResolver *resolver)
{
  for (guint i = 0; i < 100; i++)
    {
      g_autoptr(BdDnsAnswer) answer = lookup (resolver, "mx1.example.org", BD_DNS_A, 200, NULL, NULL);

      if (answer != NULL && answer->status == BD_DNS_STATUS_OK)
        return;
      g_usleep (50000);
    }
  g_error ("the test DNS server did not start");
}

static void
test_resolver_answers (void)
{
  g_autoptr(BdResolver) resolver = new_resolver (server_port);
  g_autoptr(BdDnsAnswer) mx = NULL;
  g_autoptr(BdDnsAnswer) a = NULL;
  g_autoptr(BdDnsAnswer) aaaa = NULL;
  g_autoptr(BdDnsAnswer) nx = NULL;
  g_autoptr(BdDnsAnswer) nodata = NULL;
  g_autoptr(BdDnsAnswer) txt = NULL;
  g_autoptr(BdDnsAnswer) odd = NULL;
  g_autoptr(BdDnsAnswer) ptr = NULL;
  g_autoptr(BdDnsAnswer) servfail = NULL;
  g_autofree char *expected_server = g_strdup_printf ("127.0.0.1@%u", server_port);
  BdDnsRecord *record;

  wait_for_server (resolver);

  mx = lookup (resolver, "example.org", BD_DNS_MX, 0, NULL, NULL);
  g_assert_cmpint (mx->status, ==, BD_DNS_STATUS_OK);
  g_assert_cmpuint (mx->records->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      record = g_ptr_array_index (mx->records, i);
      if (record->preference == 10)
        g_assert_cmpstr (record->data, ==, "mx1.example.org");
      else
        {
          g_assert_cmpuint (record->preference, ==, 20);
          g_assert_cmpstr (record->data, ==, "mx2.example.org");
        }
      g_assert_cmpuint (record->ttl, <=, 300);
      g_assert_cmpuint (record->ttl, >, 0);
    }
  g_assert_cmpstr (mx->resolver, ==, expected_server);

  a = lookup (resolver, "mx1.example.org", BD_DNS_A, 0, NULL, NULL);
  g_assert_cmpint (a->status, ==, BD_DNS_STATUS_OK);
  record = g_ptr_array_index (a->records, 0);
  g_assert_cmpstr (record->data, ==, "192.0.2.25");

  aaaa = lookup (resolver, "mx1.example.org", BD_DNS_AAAA, 0, NULL, NULL);
  record = g_ptr_array_index (aaaa->records, 0);
  g_assert_cmpstr (record->data, ==, "2001:db8::25");

  /* NXDOMAIN and no data are different answers */
  nx = lookup (resolver, "nowhere.example.org", BD_DNS_MX, 0, NULL, NULL);
  g_assert_cmpint (nx->status, ==, BD_DNS_STATUS_NXDOMAIN);
  g_assert_cmpint (nx->rcode, ==, 3);
  g_assert_false (bd_dns_answer_is_error (nx));
  nodata = lookup (resolver, "mx1.example.org", BD_DNS_MX, 0, NULL, NULL);
  g_assert_cmpint (nodata->status, ==, BD_DNS_STATUS_NODATA);
  g_assert_cmpuint (nodata->records->len, ==, 0);

  txt = lookup (resolver, "example.org", BD_DNS_TXT, 0, NULL, NULL);
  record = g_ptr_array_index (txt->records, 0);
  g_assert_cmpstr (record->data, ==, "v=spf1 ip4:192.0.2.0/24 -all");

  /* a NUL octet never reaches a C string; the strings are joined */
  odd = lookup (resolver, "odd.example.org", BD_DNS_TXT, 0, NULL, NULL);
  record = g_ptr_array_index (odd->records, 0);
  g_assert_cmpstr (record->data, ==, "a\\000bc");

  /* a documentation range's reverse zone reaches the server */
  ptr = lookup (resolver, "25.2.0.192.in-addr.arpa", BD_DNS_PTR, 0, NULL, NULL);
  g_assert_cmpint (ptr->status, ==, BD_DNS_STATUS_OK);
  record = g_ptr_array_index (ptr->records, 0);
  g_assert_cmpstr (record->data, ==, "mx1.example.org");

  servfail = lookup (resolver, "x.broken.example", BD_DNS_A, 0, NULL, NULL);
  g_assert_cmpint (servfail->status, ==, BD_DNS_STATUS_SERVFAIL);
  g_assert_true (bd_dns_answer_is_error (servfail));
}

static void
test_resolver_timeout (void)
{
  g_autoptr(BdResolver) resolver = new_resolver (silent_port);
  g_autoptr(BdDnsAnswer) answer = NULL;
  gint64 start = g_get_monotonic_time ();
  gint64 elapsed;

  answer = lookup (resolver, "example.org", BD_DNS_MX, 300, NULL, NULL);
  elapsed = g_get_monotonic_time () - start;
  g_assert_cmpint (answer->status, ==, BD_DNS_STATUS_TIMEOUT);
  g_assert_true (bd_dns_answer_is_error (answer));
  /* within its limit, with room for a slow machine */
  g_assert_cmpint (elapsed, >=, 290 * 1000);
  g_assert_cmpint (elapsed, <, 1500 * 1000);
}

static gboolean
cancel_now (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_resolver_cancel (void)
{
  g_autoptr(BdResolver) resolver = new_resolver (silent_port);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  BdDnsAnswer *answer;
  gint64 start = g_get_monotonic_time ();

  g_timeout_add (50, cancel_now, cancellable);
  answer = lookup (resolver, "example.org", BD_DNS_A, 5000, cancellable, &error);
  g_assert_null (answer);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 1000 * 1000);
}

static void
test_resolver_rdata (void)
{
  static const guint8 mx[] = { 0, 5, 2, 'm', 'x', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0 };
  static const guint8 bad_name[] = { 0, 5, 9, 'm', 'x' };
  static const guint8 txt[] = { 3, 'a', 0, 'b', 1, 'c' };
  static const guint8 bad_txt[] = { 5, 'a' };
  guint16 preference = 0;
  g_autofree char *mx_text = bd_resolver_rdata_to_text (BD_DNS_MX, mx, sizeof mx, &preference);
  g_autofree char *txt_text = bd_resolver_rdata_to_text (BD_DNS_TXT, txt, sizeof txt, NULL);

  g_assert_cmpstr (mx_text, ==, "mx.example");
  g_assert_cmpuint (preference, ==, 5);
  g_assert_cmpstr (txt_text, ==, "a\\000bc");
  g_assert_null (bd_resolver_rdata_to_text (BD_DNS_MX, bad_name, sizeof bad_name, NULL));
  g_assert_null (bd_resolver_rdata_to_text (BD_DNS_TXT, bad_txt, sizeof bad_txt, NULL));
  g_assert_null (bd_resolver_rdata_to_text (BD_DNS_A, txt, 3, NULL));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bd/resolver/rdata", test_resolver_rdata);
  g_test_add_func ("/bd/resolver/answers", test_resolver_answers);
  g_test_add_func ("/bd/resolver/timeout", test_resolver_timeout);
  g_test_add_func ("/bd/resolver/cancel", test_resolver_cancel);

  start_server ();
  ret = g_test_run ();
  stop_server ();

  return ret;
}
