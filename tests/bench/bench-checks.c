/* bench-checks.c: wall time and main-loop time of the live checks
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs inside the private network of bench-checks.sh (never on its own:
 * it would ask real servers). Three modes:
 *
 *   bench-checks run --server IP@PORT --bounce FILE [--runs N] [--timeout MS]
 *       Diagnoses FILE, plans its checks (BdCheckRun) and runs them all in
 *       parallel, N times, each with a fresh resolver (cold cache). Prints
 *       the run's wall time against the sum of the checks' own times (what
 *       running them one by one would take) and the longest check.
 *
 *   bench-checks mix --server IP@PORT --smtp IP [--runs N] [--dnsbl 50]
 *                    [--dns 15] [--probes 3] [--skip-zone ZONE]
 *       A fixed mix: DNSBL checks (bd-checks-dns.c) making exactly --dnsbl
 *       queries, --dns plain lookups and --probes SMTP probes
 *       (bd-checks-smtp.c) of the server at IP, all started at once.
 *
 *   bench-checks lookup --server IP@PORT --name NAME [--runs N]
 *                       [--option NAME:VALUE]...
 *       One A query through libunbound set up like bd-resolver.c (plus the
 *       given ub_ctx_set_option()s), each run with a fresh context: how
 *       libunbound's retransmits treat a slow server.
 *
 *   bench-checks tls-new [--runs N]
 *       Only creates TLS client connections (no network: a socket pair),
 *       as the SMTP probe does, with the default database and with none:
 *       what g_tls_client_connection_new() costs the main thread.
 *
 * Main-loop time is the time the main thread spends outside poll(): a poll
 * function (g_main_context_set_poll_func) adds up the time blocked in
 * poll; main-loop time = wall − that. The longest stretch between two polls
 * is printed too (how long the UI would freeze at worst). Each mode ends
 * with a line "median: …" over the runs.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/socket.h>

#include <unbound.h>

#include "bd-check-private.h"
#include "bd-checks-smtp-private.h"
#include "bd-diagnose.h"
#include "bd-kb.h"

/* ------------------------------------------------------------------------ */
/* Main-loop accounting */

static gint64 poll_usec;
static gint64 last_poll_end;
static gint64 longest_busy;

static gint
timed_poll (GPollFD *fds,
            guint    n_fds,
            gint     timeout)
{
  gint64 start = g_get_monotonic_time ();
  gint ret;

  if (last_poll_end != 0 && start - last_poll_end > longest_busy)
    longest_busy = start - last_poll_end;
  ret = g_poll (fds, n_fds, timeout);
  last_poll_end = g_get_monotonic_time ();
  poll_usec += last_poll_end - start;
  return ret;
}

static void
accounting_start (void)
{
  poll_usec = 0;
  longest_busy = 0;
  last_poll_end = g_get_monotonic_time ();
}

typedef struct
{
  double wall_ms;
  double loop_ms;      /* wall − time in poll */
  double stall_ms;     /* longest stretch between polls */
  double sum_ms;       /* run: sum of the checks' times */
  double max_ms;       /* run: the longest check */
  double start_ms;     /* starting everything (synchronous, in the main loop) */
} Sample;

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

static double
median_of (GArray *samples,
           gsize   offset)
{
  g_autofree double *v = g_new (double, samples->len);

  for (guint i = 0; i < samples->len; i++)
    v[i] = *(double *) ((char *) &g_array_index (samples, Sample, i) + offset);
  qsort (v, samples->len, sizeof (double), compare_doubles);
  if (samples->len % 2 == 1)
    return v[samples->len / 2];
  return (v[samples->len / 2 - 1] + v[samples->len / 2]) / 2;
}

#define MEDIAN(samples, field) median_of ((samples), G_STRUCT_OFFSET (Sample, field))

/* ------------------------------------------------------------------------ */
/* Options */

static char *opt_server = NULL;
static char *opt_bounce = NULL;
static char *opt_smtp = NULL;
static char *opt_name = NULL;
static char **opt_options = NULL;
static char *opt_skip_zone = NULL;
static int opt_runs = 7;
static int opt_timeout = 5000;
static int opt_dnsbl = 50;
static int opt_dns = 15;
static int opt_probes = 3;
static gboolean opt_verbose = FALSE;

static const GOptionEntry entries[] = {
  { "server", 0, 0, G_OPTION_ARG_STRING, &opt_server, "DNS server to forward to", "IP@PORT" },
  { "bounce", 0, 0, G_OPTION_ARG_FILENAME, &opt_bounce, "Bounce to plan the checks from (run)", "FILE" },
  { "smtp", 0, 0, G_OPTION_ARG_STRING, &opt_smtp, "SMTP server's address (mix)", "IP" },
  { "name", 0, 0, G_OPTION_ARG_STRING, &opt_name, "Name to look up (lookup)", "NAME" },
  { "option", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_options, "Extra ub_ctx_set_option (lookup)", "NAME:VALUE" },
  { "skip-zone", 0, 0, G_OPTION_ARG_STRING, &opt_skip_zone, "Leave out this block list (mix)", "ZONE" },
  { "runs", 0, 0, G_OPTION_ARG_INT, &opt_runs, "Runs (default 7)", "N" },
  { "timeout", 0, 0, G_OPTION_ARG_INT, &opt_timeout, "Per-check timeout (default 5000)", "MS" },
  { "dnsbl", 0, 0, G_OPTION_ARG_INT, &opt_dnsbl, "DNSBL queries (mix, default 50)", "N" },
  { "dns", 0, 0, G_OPTION_ARG_INT, &opt_dns, "Other DNS queries (mix, default 15)", "N" },
  { "probes", 0, 0, G_OPTION_ARG_INT, &opt_probes, "SMTP probes (mix, default 3)", "N" },
  { "verbose", 'v', 0, G_OPTION_ARG_NONE, &opt_verbose, "Print every check", NULL },
  { NULL }
};

/* ------------------------------------------------------------------------ */
/* run: a planned BdCheckRun */

static void
collect (BdReport *report,
         gpointer  user_data)
{
  g_ptr_array_add (user_data, report);
}

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  gint64 *finished_at = user_data;

  bd_check_run_start_finish (BD_CHECK_RUN (object), result, NULL);
  *finished_at = g_get_monotonic_time ();
}

static gboolean
bench_run (GArray *samples)
{
  g_autoptr(GPtrArray) reports = g_ptr_array_new_with_free_func ((GDestroyNotify) bd_report_free);
  g_autoptr(GError) error = NULL;

  if (opt_bounce == NULL)
    {
      fprintf (stderr, "run: --bounce is needed\n");
      return FALSE;
    }
  if (!bd_diagnose_path (opt_bounce, collect, NULL, reports, NULL, &error) || reports->len == 0)
    {
      fprintf (stderr, "run: cannot diagnose %s: %s\n", opt_bounce, error ? error->message : "no report");
      return FALSE;
    }

  for (int n = 0; n < opt_runs; n++)
    {
      g_autoptr(BdResolver) resolver = bd_resolver_new_forward (opt_server, &error);
      g_autoptr(BdCheckRun) run = NULL;
      GPtrArray *results;
      gint64 started, finished_at = 0;
      Sample s = { 0 };

      if (resolver == NULL)
        {
          fprintf (stderr, "run: resolver: %s\n", error->message);
          return FALSE;
        }
      run = bd_check_run_new (g_ptr_array_index (reports, 0), resolver, opt_timeout);
      results = bd_check_run_get_results (run);

      accounting_start ();
      started = g_get_monotonic_time ();
      bd_check_run_start_async (run, NULL, run_done_cb, &finished_at);
      s.start_ms = (g_get_monotonic_time () - started) / 1000.0;
      while (finished_at == 0)
        g_main_context_iteration (NULL, TRUE);

      s.wall_ms = (finished_at - started) / 1000.0;
      s.loop_ms = s.wall_ms - poll_usec / 1000.0;
      s.stall_ms = longest_busy / 1000.0;
      for (guint i = 0; i < results->len; i++)
        {
          BdCheckResult *r = g_ptr_array_index (results, i);

          s.sum_ms += r->ms;
          s.max_ms = MAX (s.max_ms, (double) r->ms);
          if (opt_verbose || n == 0)
            printf ("    %-12s %-28s %-8s %5" G_GINT64_FORMAT " ms\n", r->id, r->target,
                    bd_check_status_to_string (r->status), r->ms);
        }
      printf ("run %d: %u checks, wall %.1f ms, sum of checks %.1f ms, longest check %.1f ms, "
              "main loop %.2f ms (starting %.2f ms), longest stall %.2f ms\n",
              n + 1, results->len, s.wall_ms, s.sum_ms, s.max_ms, s.loop_ms, s.start_ms, s.stall_ms);
      g_array_append_val (samples, s);
      /* let the resolver's late answers drain before the next run */
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }

  printf ("median: wall %.1f ms, sum of checks %.1f ms, longest check %.1f ms, "
          "main loop %.2f ms (starting %.2f ms), longest stall %.2f ms (%d runs)\n",
          MEDIAN (samples, wall_ms), MEDIAN (samples, sum_ms), MEDIAN (samples, max_ms),
          MEDIAN (samples, loop_ms), MEDIAN (samples, start_ms), MEDIAN (samples, stall_ms),
          samples->len);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* mix: DNSBL checks + plain lookups + SMTP probes */

typedef struct
{
  guint   pending;
  guint   dns_queries;   /* counted as they come back */
} MixState;

static void
mix_lookup_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  MixState *state = user_data;
  g_autoptr(BdDnsAnswer) answer = bd_resolver_lookup_finish (BD_RESOLVER (object), result, NULL);

  if (answer != NULL && opt_verbose)
    printf ("    lookup %-34s %-5s %s\n", answer->name, bd_dns_type_to_string (answer->type),
            bd_dns_status_to_string (answer->status));
  state->pending--;
}

static BdCheckTask *
mix_task_new (BdResolver *resolver,
              const char *id,
              const char *target)
{
  BdCheckTask *task = g_rc_box_new0 (BdCheckTask);

  task->result = g_new0 (BdCheckResult, 1);
  task->result->id = g_strdup (id);
  task->result->target = g_strdup (target);
  task->resolver = g_object_ref (resolver);
  task->cancellable = g_cancellable_new ();
  task->timeout_ms = opt_timeout;
  task->size = -1;
  return task;
}

static gboolean
bench_mix (GArray *samples)
{
  static const struct { const char *name; BdDnsType type; } plain[] = {
    { "example.net", BD_DNS_MX }, { "mx1.example.net", BD_DNS_A },
    { "example.com", BD_DNS_TXT }, { "_dmarc.example.com", BD_DNS_TXT },
    { "10.2.0.192.in-addr.arpa", BD_DNS_PTR }, { "mail.example.com", BD_DNS_A },
    { "99.2.0.192.in-addr.arpa", BD_DNS_PTR }, { "nomx.example.net", BD_DNS_MX },
    { "nosuch.example.net", BD_DNS_MX }, { "dangling.example.net", BD_DNS_MX },
    { "soft.example.com", BD_DNS_TXT }, { "7.100.51.198.in-addr.arpa", BD_DNS_PTR },
    { "host7.example.com", BD_DNS_A }, { "tarpit.example.org", BD_DNS_MX },
    { "25.0.0.127.in-addr.arpa", BD_DNS_PTR },
  };
  BdKb *kb = bd_kb_get_default ();
  g_autoptr(GPtrArray) lists = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  guint dnsbl_queries = 0, smtp_dns = 0;

  if (opt_smtp == NULL)
    {
      fprintf (stderr, "mix: --smtp is needed\n");
      return FALSE;
    }
  /* the active IP lists (a domain list's test entry is no address) */
  for (guint l = 0; l < bd_kb_get_n_dnsbls (kb); l++)
    {
      const BdKbDnsbl *list = bd_kb_get_dnsbl (kb, l);
      g_autoptr(GInetAddress) test = list->test_listed != NULL
                                     ? g_inet_address_new_from_string (list->test_listed) : NULL;

      if (list->state == BD_KB_LIST_ACTIVE && (list->test_listed == NULL || test != NULL) &&
          g_strcmp0 (list->zone, opt_skip_zone) != 0)
        g_ptr_array_add (lists, (gpointer) list);
    }

  for (int n = 0; n < opt_runs; n++)
    {
      g_autoptr(BdResolver) resolver = bd_resolver_new_forward (opt_server, &error);
      g_autoptr(GPtrArray) tasks = g_ptr_array_new_with_free_func ((GDestroyNotify) _bd_check_task_unref);
      MixState state = { 0 };
      int planned = 0;
      guint n_dnsbl = 0;
      gint64 started, deadline;
      Sample s = { 0 };
      gboolean all_done;

      if (resolver == NULL)
        {
          fprintf (stderr, "mix: resolver: %s\n", error->message);
          return FALSE;
        }

      /* DNSBL checks, each of 2 or 3 queries, until exactly opt_dnsbl
       * queries are planned: different client addresses over the lists */
      for (guint i = 0; planned < opt_dnsbl && i < 8 * lists->len; i++)
        {
          const BdKbDnsbl *list = g_ptr_array_index (lists, i % lists->len);
          int q = 1 + (list->test_listed != NULL) + (list->test_unlisted != NULL);
          g_autofree char *ip = g_strdup_printf ("192.0.2.%u", 100 + i / lists->len);
          BdCheckTask *task;

          if (planned + q > opt_dnsbl)
            continue;
          task = mix_task_new (resolver, "dnsbl", list->zone);
          task->list = list;
          task->client_ip = g_inet_address_new_from_string (ip);
          g_ptr_array_add (tasks, task);
          planned += q;
          n_dnsbl++;
        }

      for (int i = 0; i < opt_probes; i++)
        {
          g_autofree char *target = g_strdup_printf ("%s:25", opt_smtp);
          BdCheckTask *task = mix_task_new (resolver, "smtp.probe", target);

          task->host = g_strdup (opt_smtp);
          task->port = 25;
          g_ptr_array_add (tasks, task);
        }

      accounting_start ();
      started = g_get_monotonic_time ();
      for (guint i = 0; i < tasks->len; i++)
        {
          BdCheckTask *task = g_ptr_array_index (tasks, i);

          task->started = g_get_monotonic_time ();
          if (g_str_equal (task->result->id, "dnsbl"))
            _bd_check_dnsbl (task);
          else
            _bd_check_smtp_probe (task);
        }
      for (int i = 0; i < opt_dns; i++)
        {
          state.pending++;
          bd_resolver_lookup_async (resolver, plain[i % G_N_ELEMENTS (plain)].name,
                                    plain[i % G_N_ELEMENTS (plain)].type, opt_timeout,
                                    NULL, mix_lookup_cb, &state);
        }
      s.start_ms = (g_get_monotonic_time () - started) / 1000.0;

      deadline = started + (gint64) opt_timeout * 1000 * 2;
      do
        {
          g_main_context_iteration (NULL, TRUE);
          all_done = state.pending == 0;
          for (guint i = 0; all_done && i < tasks->len; i++)
            all_done = ((BdCheckTask *) g_ptr_array_index (tasks, i))->done;
        }
      while (!all_done && g_get_monotonic_time () < deadline);

      s.wall_ms = (g_get_monotonic_time () - started) / 1000.0;
      s.loop_ms = s.wall_ms - poll_usec / 1000.0;
      s.stall_ms = longest_busy / 1000.0;

      dnsbl_queries = smtp_dns = 0;
      for (guint i = 0; i < tasks->len; i++)
        {
          BdCheckTask *task = g_ptr_array_index (tasks, i);
          guint q = task->queries != NULL ? json_array_get_length (task->queries) : 0;

          if (g_str_equal (task->result->id, "dnsbl"))
            dnsbl_queries += q;
          else
            smtp_dns += q;
          if (!task->done)
            printf ("    NOT DONE: %s %s\n", task->result->id, task->result->target);
          else if (opt_verbose || (n == 0 && !g_str_equal (task->result->id, "dnsbl")))
            printf ("    %-12s %-28s %-8s %5" G_GINT64_FORMAT " ms  %s\n", task->result->id,
                    task->result->target, bd_check_status_to_string (task->result->status),
                    task->result->ms, task->result->summary ? task->result->summary : "");
        }
      printf ("run %d: %u DNSBL checks (%u queries), %d lookups, %d SMTP probes (+%u DNS queries): "
              "wall %.1f ms, main loop %.2f ms (starting %.2f ms), longest stall %.2f ms%s\n",
              n + 1, n_dnsbl, dnsbl_queries, opt_dns, opt_probes, smtp_dns,
              s.wall_ms, s.loop_ms, s.start_ms, s.stall_ms, all_done ? "" : " (NOT ALL DONE)");
      g_array_append_val (samples, s);

      for (guint i = 0; i < tasks->len; i++)
        {
          BdCheckTask *task = g_ptr_array_index (tasks, i);

          g_cancellable_cancel (task->cancellable);
          bd_check_result_free (task->result);
          task->result = NULL;
        }
      while (g_main_context_iteration (NULL, FALSE))
        ;
      if (!all_done)
        return FALSE;
    }

  printf ("median: wall %.1f ms, main loop %.2f ms (starting %.2f ms), longest stall %.2f ms (%d runs)\n",
          MEDIAN (samples, wall_ms), MEDIAN (samples, loop_ms), MEDIAN (samples, start_ms),
          MEDIAN (samples, stall_ms), samples->len);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* lookup: libunbound alone, as bd-resolver.c sets it up */

static void
lookup_cb (void             *data,
           int               err,
           struct ub_result *result)
{
  gint64 *done_at = data;

  *done_at = g_get_monotonic_time ();
  if (opt_verbose)
    printf ("    err %d rcode %d havedata %d\n", err, result ? result->rcode : -1,
            result ? result->havedata : 0);
  if (result != NULL)
    ub_resolve_free (result);
}

static gboolean
bench_lookup (GArray *samples)
{
  if (opt_name == NULL)
    {
      fprintf (stderr, "lookup: --name is needed\n");
      return FALSE;
    }
  for (int n = 0; n < opt_runs; n++)
    {
      struct ub_ctx *ctx = ub_ctx_create ();
      gint64 started, done_at = 0, deadline;
      Sample s = { 0 };
      int err, id;

      if ((err = ub_ctx_set_option (ctx, "unblock-lan-zones:", "yes")) != 0 ||
          (err = ub_ctx_set_option (ctx, "insecure-lan-zones:", "yes")) != 0 ||
          (err = ub_ctx_set_fwd (ctx, opt_server)) != 0 ||
          (err = ub_ctx_async (ctx, 1)) != 0)
        {
          fprintf (stderr, "lookup: %s\n", ub_strerror (err));
          return FALSE;
        }
      for (guint i = 0; opt_options != NULL && opt_options[i] != NULL; i++)
        {
          g_autofree char *name = g_strdup (opt_options[i]);
          char *colon = strchr (name, ':');

          if (colon == NULL)
            {
              fprintf (stderr, "lookup: --option NAME:VALUE\n");
              return FALSE;
            }
          colon[1] = '\0';
          if ((err = ub_ctx_set_option (ctx, name, strchr (opt_options[i], ':') + 1)) != 0)
            {
              fprintf (stderr, "lookup: option %s: %s\n", opt_options[i], ub_strerror (err));
              return FALSE;
            }
        }

      started = g_get_monotonic_time ();
      if ((err = ub_resolve_async (ctx, opt_name, 1 /* A */, 1 /* IN */, &done_at, lookup_cb, &id)) != 0)
        {
          fprintf (stderr, "lookup: %s\n", ub_strerror (err));
          return FALSE;
        }
      deadline = started + 15 * G_USEC_PER_SEC;
      while (done_at == 0 && g_get_monotonic_time () < deadline)
        {
          ub_wait (ctx);
        }
      s.wall_ms = ((done_at != 0 ? done_at : g_get_monotonic_time ()) - started) / 1000.0;
      printf ("run %d: %s answered in %.1f ms%s\n", n + 1, opt_name, s.wall_ms,
              done_at != 0 ? "" : " (no answer)");
      g_array_append_val (samples, s);
      ub_ctx_delete (ctx);
    }
  printf ("median: %.1f ms (%d runs)\n", MEDIAN (samples, wall_ms), samples->len);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* tls-new: the cost of creating a TLS client connection */

static gboolean
bench_tls_new (GArray *samples)
{
  g_autoptr(GSocketConnectable) identity = g_network_address_new ("mx1.example.net", 25);
  g_autoptr(GError) error = NULL;
  gint64 t0;

  /* the backend and its default database, once per process */
  t0 = g_get_monotonic_time ();
  g_object_unref (g_tls_backend_get_default_database (g_tls_backend_get_default ()));
  printf ("default database: %.1f ms (once per process)\n", (g_get_monotonic_time () - t0) / 1000.0);

  for (int n = 0; n < opt_runs; n++)
    {
      g_autoptr(GSocket) a = NULL, b = NULL;
      g_autoptr(GSocketConnection) connection = NULL;
      g_autoptr(GIOStream) with_db = NULL, without_db = NULL;
      int fds[2];
      Sample s = { 0 };

      if (socketpair (AF_UNIX, SOCK_STREAM, 0, fds) != 0)
        return FALSE;
      a = g_socket_new_from_fd (fds[0], &error);
      b = g_socket_new_from_fd (fds[1], &error);
      if (a == NULL || b == NULL)
        {
          fprintf (stderr, "tls-new: %s\n", error->message);
          return FALSE;
        }
      connection = g_socket_connection_factory_create_connection (a);

      t0 = g_get_monotonic_time ();
      with_db = g_tls_client_connection_new (G_IO_STREAM (connection), identity, &error);
      s.wall_ms = (g_get_monotonic_time () - t0) / 1000.0;
      t0 = g_get_monotonic_time ();
      without_db = g_initable_new (g_tls_backend_get_client_connection_type (g_tls_backend_get_default ()),
                                   NULL, &error,
                                   "base-io-stream", connection,
                                   "server-identity", identity,
                                   "database", NULL,
                                   NULL);
      s.loop_ms = (g_get_monotonic_time () - t0) / 1000.0;
      if (with_db == NULL || without_db == NULL)
        {
          fprintf (stderr, "tls-new: %s\n", error ? error->message : "?");
          return FALSE;
        }
      printf ("run %d: g_tls_client_connection_new %.2f ms; with \"database\" NULL %.2f ms\n",
              n + 1, s.wall_ms, s.loop_ms);
      g_array_append_val (samples, s);
    }
  printf ("median: default database %.2f ms, no database %.2f ms per connection (%d runs)\n",
          MEDIAN (samples, wall_ms), MEDIAN (samples, loop_ms), samples->len);
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("run|mix|lookup|tls-new");
  g_autoptr(GArray) samples = g_array_new (FALSE, TRUE, sizeof (Sample));
  g_autoptr(GError) error = NULL;
  gboolean ok;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2 ||
      (opt_server == NULL && g_strcmp0 (argv[1], "tls-new") != 0) || opt_runs < 1)
    {
      fprintf (stderr, "%s\nusage: %s run|mix|lookup --server IP@PORT …\n",
               error ? error->message : "", g_get_prgname ());
      return 2;
    }
  g_main_context_set_poll_func (NULL, timed_poll);

  if (g_str_equal (argv[1], "run"))
    ok = bench_run (samples);
  else if (g_str_equal (argv[1], "mix"))
    ok = bench_mix (samples);
  else if (g_str_equal (argv[1], "lookup"))
    ok = bench_lookup (samples);
  else if (g_str_equal (argv[1], "tls-new"))
    ok = bench_tls_new (samples);
  else
    {
      fprintf (stderr, "unknown mode %s\n", argv[1]);
      return 2;
    }
  return ok ? 0 : 1;
}
