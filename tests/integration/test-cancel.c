/* test-cancel.c: cancelling a run of live checks ends every check at once
 *
 *   test-cancel BOUNCE DNS_SERVER
 *
 * Diagnoses BOUNCE, plans its checks, and runs them against DNS_SERVER, a
 * server that never answers (the integration suite's silent one), with a
 * 5 s timeout per check. After 100 ms the run is cancelled: every check
 * must be finished (status "unknown") within 50 ms, and the run's
 * callback must have come. Runs inside the suite's network namespace.
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "bd-check.h"
#include "bd-diagnose.h"

#define CANCEL_AFTER_MS 100
#define MAX_LATENCY_MS 50

typedef struct
{
  gint64   cancelled_at;
  gint64   last_done_at;
  gint64   finished_at;
  guint    n_done;
  gboolean finished;
} State;

static void
collect (BdReport *report,
         gpointer  user_data)
{
  g_ptr_array_add (user_data, report);
}

static void
on_check_done (BdCheckRun    *run,
               BdCheckResult *result,
               State         *state)
{
  state->n_done++;
  state->last_done_at = g_get_monotonic_time ();
  printf ("  %-10s %-28s %-8s %s\n", result->id, result->target,
          bd_check_status_to_string (result->status), result->summary ? result->summary : "");
}

static void
finished_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  State *state = user_data;

  bd_check_run_start_finish (BD_CHECK_RUN (object), result, NULL);
  state->finished = TRUE;
  state->finished_at = g_get_monotonic_time ();
}

static gboolean
cancel_cb (gpointer user_data)
{
  State *state = g_object_get_data (user_data, "state");

  state->cancelled_at = g_get_monotonic_time ();
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) reports = g_ptr_array_new_with_free_func ((GDestroyNotify) bd_report_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(BdResolver) resolver = NULL;
  g_autoptr(BdCheckRun) run = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GPtrArray *results;
  State state = { 0 };
  gint64 deadline, latency;
  gboolean ok = TRUE;

  if (argc != 3)
    {
      fprintf (stderr, "usage: %s BOUNCE DNS_SERVER\n", argv[0]);
      return 2;
    }
  if (!bd_diagnose_path (argv[1], collect, NULL, reports, NULL, &error) || reports->len == 0)
    {
      fprintf (stderr, "FAIL: cannot diagnose %s: %s\n", argv[1], error ? error->message : "no report");
      return 1;
    }
  resolver = bd_resolver_new_forward (argv[2], &error);
  if (resolver == NULL)
    {
      fprintf (stderr, "FAIL: resolver: %s\n", error->message);
      return 1;
    }

  run = bd_check_run_new (g_ptr_array_index (reports, 0), resolver, 5000);
  results = bd_check_run_get_results (run);
  printf ("cancel test: %u checks planned\n", results->len);
  if (results->len < 3)
    {
      fprintf (stderr, "FAIL: expected several checks, got %u\n", results->len);
      return 1;
    }

  g_signal_connect (run, "check-done", G_CALLBACK (on_check_done), &state);
  g_object_set_data (G_OBJECT (cancellable), "state", &state);
  bd_check_run_start_async (run, cancellable, finished_cb, &state);
  g_timeout_add (CANCEL_AFTER_MS, cancel_cb, cancellable);

  /* at most 2 s in all: the checks' own timeouts are 5 s */
  deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  while (!state.finished && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  if (!state.finished)
    {
      fprintf (stderr, "FAIL: the run did not finish within 2 s of its start\n");
      return 1;
    }
  if (state.cancelled_at == 0)
    {
      fprintf (stderr, "FAIL: the run finished before it was cancelled (the silent server answered?)\n");
      return 1;
    }

  for (guint i = 0; i < results->len; i++)
    {
      BdCheckResult *r = g_ptr_array_index (results, i);

      if (r->status == BD_CHECK_PENDING)
        {
          fprintf (stderr, "FAIL: %s %s still pending\n", r->id, r->target);
          ok = FALSE;
        }
      else if (r->status != BD_CHECK_UNKNOWN && r->status != BD_CHECK_SKIPPED)
        printf ("  note: %s %s ended %s before the cancel\n", r->id, r->target,
                bd_check_status_to_string (r->status));
    }

  latency = (MAX (state.finished_at, state.last_done_at) - state.cancelled_at) / 1000;
  printf ("cancel test: %u checks ended, the last %" G_GINT64_FORMAT " ms after the cancel (limit %d ms)\n",
          state.n_done, latency, MAX_LATENCY_MS);
  if (state.n_done != results->len)
    {
      fprintf (stderr, "FAIL: %u of %u checks reported done\n", state.n_done, results->len);
      ok = FALSE;
    }
  if (latency > MAX_LATENCY_MS)
    {
      fprintf (stderr, "FAIL: cancelling took %" G_GINT64_FORMAT " ms\n", latency);
      ok = FALSE;
    }
  printf ("%s\n", ok ? "cancel test: ok" : "cancel test: FAILED");
  return ok ? 0 : 1;
}
