/* bench-gui.c: the GUI targets of SPEC §10, measured as medians
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run (a benchmark, never a test: timing never fails CI):
 *
 *   meson test -C build --benchmark bench-gui --verbose
 *
 * or by hand, from the source tree:
 *
 *   GSETTINGS_SCHEMA_DIR=build/data GSETTINGS_BACKEND=memory \
 *   BOUNCE_DOCTOR_LOCALEDIR=build/po \
 *   xvfb-run -a -s '-screen 0 1280x1024x24' dbus-run-session -- \
 *     build/tests/bench/bench-gui --app build/app/bounce-doctor \
 *       --gen-log tests/bench/gen-log.py [--runs 10] [--only startup|paste|memory]
 *
 * What it measures:
 *
 *  1. startup: exec → first painted frame of the real binary. The
 *     monotonic time is taken just before g_spawn; the application, run
 *     with BOUNCE_DOCTOR_BENCH_FIRST_FRAME=1, prints the monotonic time of
 *     its window's first "after-paint" and quits (bd-application.c).
 *     Measured with AT-SPI on (as users run it) and with GTK_A11Y=none.
 *     Target: < 300 ms.
 *  2. paste: the real BdWindow in this process; a 1 MB log is put into the
 *     input step's GtkTextBuffer as a paste does (insert at the cursor in
 *     a user action, then scroll to the cursor; and once through the real
 *     clipboard and GtkTextView::paste-clipboard). A G_PRIORITY_HIGH 1 ms
 *     timeout records the gaps between its runs: the main loop's stalls,
 *     while the text is inserted and laid out, while the live summary
 *     analysis runs and when "Next" analyses it. Target: no stall > 50 ms.
 *  3. memory: a 20 MB and a 100 MB log (gen-log.py) opened with
 *     bd_window_open_file() (and, for comparison, analysed with
 *     bd_session_analyse_file_async() without a window), each in its own
 *     process; VmHWM/VmRSS from /proc/self/status before and after. Must
 *     not grow with the size of the file.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "bd-application.h"
#include "bd-window-private.h"

#define MB (1024 * 1024)

static char *opt_app = NULL;
static char *opt_gen_log = NULL;
static char *opt_python = NULL;
static char *opt_only = NULL;
static int opt_runs = 10;
static int opt_paste_runs = 3;
static char *opt_memory_child = NULL;
static char *opt_via = NULL;
static char *opt_sizes = NULL;

static GOptionEntry entries[] = {
  { "app", 0, 0, G_OPTION_ARG_FILENAME, &opt_app, "The bounce-doctor binary", "PATH" },
  { "gen-log", 0, 0, G_OPTION_ARG_FILENAME, &opt_gen_log, "tests/bench/gen-log.py", "PATH" },
  { "python", 0, 0, G_OPTION_ARG_FILENAME, &opt_python, "Python 3 for gen-log.py", "PATH" },
  { "only", 0, 0, G_OPTION_ARG_STRING, &opt_only, "startup, paste or memory", "WHAT" },
  { "runs", 0, 0, G_OPTION_ARG_INT, &opt_runs, "Start-up runs (default 10)", "N" },
  { "paste-runs", 0, 0, G_OPTION_ARG_INT, &opt_paste_runs, "Paste runs (default 3)", "N" },
  { "sizes", 0, 0, G_OPTION_ARG_STRING, &opt_sizes, "Log sizes for memory, MB (default 20,100)", "LIST" },
  { "memory-child", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &opt_memory_child, NULL, NULL },
  { "via", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &opt_via, NULL, NULL },
  { NULL }
};

/* ------------------------------------------------------------------------ */
/* Statistics */

static int
cmp_double (gconstpointer a,
            gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* @q in 0…1, nearest rank; sorts @values. */
static double
quantile (GArray *values,
          double  q)
{
  guint rank;

  if (values->len == 0)
    return 0;
  g_array_sort (values, cmp_double);
  rank = (guint) (q * values->len + 0.999999);
  rank = CLAMP (rank, 1, values->len);
  return g_array_index (values, double, rank - 1);
}

static double
median (GArray *values)
{
  if (values->len == 0)
    return 0;
  g_array_sort (values, cmp_double);
  if (values->len % 2 == 1)
    return g_array_index (values, double, values->len / 2);
  return (g_array_index (values, double, values->len / 2 - 1) +
          g_array_index (values, double, values->len / 2)) / 2;
}

static double
max_of (GArray *values)
{
  double m = 0;

  for (guint i = 0; i < values->len; i++)
    m = MAX (m, g_array_index (values, double, i));
  return m;
}

/* ------------------------------------------------------------------------ */
/* Helpers */

static gboolean
generate_log (const char *path,
              guint       size_mb)
{
  g_autofree char *size = g_strdup_printf ("%u", size_mb);
  const char *argv[] = { opt_python, opt_gen_log, path, size, "7", NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     NULL, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    {
      g_printerr ("bench-gui: gen-log.py failed: %s\n", error->message);
      return FALSE;
    }
  return TRUE;
}

/* VmHWM and VmRSS in kB. */
static void
read_vm (gint64 *hwm,
         gint64 *rss)
{
  g_autofree char *status = NULL;
  const char *p;

  *hwm = *rss = -1;
  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return;
  if ((p = strstr (status, "VmHWM:")) != NULL)
    *hwm = g_ascii_strtoll (p + 6, NULL, 10);
  if ((p = strstr (status, "VmRSS:")) != NULL)
    *rss = g_ascii_strtoll (p + 6, NULL, 10);
}

static gboolean
on_deadline (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the default main context until @done or @seconds passed;
 * returns whether @done became TRUE. */
static gboolean
run_until (gboolean (*done) (gpointer data),
           gpointer   data,
           double     seconds)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add ((guint) (seconds * 1000), on_deadline, &timed_out);

  while (!timed_out && (done == NULL || !done (data)))
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return done != NULL && done (data);
}

static void
run_for (double seconds)
{
  run_until (NULL, NULL, seconds);
}

/* The first editable GtkTextView under @widget: the input area, whatever
 * the input step's layout. */
static GtkTextView *
find_text_view (GtkWidget *widget)
{
  if (GTK_IS_TEXT_VIEW (widget) && gtk_text_view_get_editable (GTK_TEXT_VIEW (widget)))
    return GTK_TEXT_VIEW (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkTextView *found = find_text_view (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static BdApplication *
new_app (void)
{
  g_autoptr(GError) error = NULL;
  BdApplication *app;

  app = bd_application_new ("io.github.bouncedoctor.BounceDoctor.Bench",
                            G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("register: %s", error->message);
  return app;
}

static BdWindow *
new_window (BdApplication *app)
{
  BdWindow *window = bd_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 1024, 768);
  gtk_window_present (GTK_WINDOW (window));
  run_for (0.5);
  return window;
}

static void
destroy_window (BdWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  run_for (0.2);
}

/* ------------------------------------------------------------------------ */
/* 1. Start-up */

/* exec → first frame in ms, or -1. */
typedef enum { VARIANT_DEFAULT, VARIANT_NO_A11Y, VARIANT_NO_GL, N_VARIANTS } Variant;
static const char *variant_names[N_VARIANTS] = {
  "as users run it, AT-SPI on",
  "GTK_A11Y=none",
  "GDK_DEBUG=gl-disable",
};

static double
startup_once (Variant  variant,
              double  *exit_ms,
              double  *cpu_ms)
{
  const char *argv[] = { opt_app, NULL };
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  GPid pid = 0;
  int fd = -1, status = 0;
  gint64 t0, frame = -1, deadline;
  const char *line;

  envp = g_environ_setenv (envp, "BOUNCE_DOCTOR_BENCH_FIRST_FRAME", "1", TRUE);
  if (variant == VARIANT_NO_A11Y)
    envp = g_environ_setenv (envp, "GTK_A11Y", "none", TRUE);
  if (variant == VARIANT_NO_GL)
    envp = g_environ_setenv (envp, "GDK_DEBUG", "gl-disable", TRUE);

  t0 = g_get_monotonic_time ();
  if (!g_spawn_async_with_pipes (NULL, (char **) argv, envp, G_SPAWN_DO_NOT_REAP_CHILD,
                                 NULL, NULL, &pid, NULL, &fd, NULL, &error))
    {
      g_printerr ("bench-gui: cannot start %s: %s\n", opt_app, error->message);
      return -1;
    }

  deadline = t0 + 30 * G_USEC_PER_SEC;
  for (;;)
    {
      struct pollfd pfd = { .fd = fd, .events = POLLIN };
      char buf[256];
      gint64 left = (deadline - g_get_monotonic_time ()) / 1000;
      ssize_t n;

      if (left <= 0 || poll (&pfd, 1, (int) left) <= 0)
        {
          g_printerr ("bench-gui: %s drew nothing within 30 s\n", opt_app);
          kill (pid, SIGKILL);
          break;
        }
      n = read (fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      g_string_append_len (out, buf, n);
    }
  close (fd);
  {
    struct rusage ru = { 0 };

    while (wait4 (pid, &status, 0, &ru) < 0 && errno == EINTR)
      ;
    *cpu_ms = (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000.0 +
              (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000.0;
  }
  *exit_ms = (g_get_monotonic_time () - t0) / 1000.0;
  g_spawn_close_pid (pid);
  (void) status;

  line = strstr (out->str, "first-frame ");
  if (line != NULL)
    frame = g_ascii_strtoll (line + strlen ("first-frame "), NULL, 10);
  if (frame <= 0)
    {
      g_printerr ("bench-gui: no first-frame line from %s (output: %s)\n", opt_app, out->str);
      return -1;
    }
  return (frame - t0) / 1000.0;
}

static void
bench_startup (void)
{
  for (Variant variant = 0; variant < N_VARIANTS; variant++)
    {
      g_autoptr(GArray) frames = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) exits = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) cpus = g_array_new (FALSE, FALSE, sizeof (double));
      double first = -1;

      for (int i = 0; i < opt_runs; i++)
        {
          double exit_ms = 0, cpu_ms = 0;
          double ms = startup_once (variant, &exit_ms, &cpu_ms);

          if (ms < 0)
            continue;
          if (i == 0)
            first = ms;
          g_array_append_val (frames, ms);
          g_array_append_val (exits, exit_ms);
          g_array_append_val (cpus, cpu_ms);
        }
      if (frames->len == 0)
        {
          printf ("startup (%s): FAILED\n", variant_names[variant]);
          continue;
        }
      printf ("startup exec→first frame (%s): median %.1f ms, min %.1f, max %.1f, "
              "first run %.1f, %u runs; exec→exit median %.1f ms, CPU time of the "
              "process (user+sys, to exit) median %.1f ms  target < 300 ms: %s\n",
              variant_names[variant],
              median (frames), quantile (frames, 0), max_of (frames), first,
              frames->len, median (exits), median (cpus),
              median (frames) < 300 ? "met" : "MISSED");
    }
  fflush (stdout);
}

/* ------------------------------------------------------------------------ */
/* 2. Pasting 1 MB */

/* The main thread's CPU time in µs: a stall measured in it does not
 * grow when other processes take the CPU (a busy machine stretches the
 * wall-clock gaps). */
static gint64
thread_cpu_time (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * G_GINT64_CONSTANT (1000000) + ts.tv_nsec / 1000;
}

typedef struct
{
  gint64  last;
  gint64  last_cpu;
  gint64  origin;
  gint64  origin_cpu;
  GArray *gaps;      /* wall ms between ticks, of the current phase */
  GArray *cpu_gaps;  /* main-thread CPU ms between ticks */
  double  max_gap;   /* of the current phase */
  double  max_at;    /* ms after origin where that gap ended */
} Ticker;

static gboolean
ticker_tick (gpointer user_data)
{
  Ticker *ticker = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_time ();

  if (ticker->last != 0 && ticker->gaps != NULL)
    {
      double gap = (now - ticker->last) / 1000.0;
      double cpu_gap = (cpu - ticker->last_cpu) / 1000.0;

      g_array_append_val (ticker->gaps, gap);
      g_array_append_val (ticker->cpu_gaps, cpu_gap);
      if (gap > ticker->max_gap)
        {
          ticker->max_gap = gap;
          ticker->max_at = (now - ticker->origin) / 1000.0;
        }
    }
  ticker->last = now;
  ticker->last_cpu = cpu;
  return G_SOURCE_CONTINUE;
}

static void
ticker_phase (Ticker *ticker,
              GArray *gaps,
              GArray *cpu_gaps)
{
  ticker->gaps = gaps;
  ticker->cpu_gaps = cpu_gaps;
  ticker->max_gap = 0;
  ticker->max_at = 0;
  ticker->origin = g_get_monotonic_time ();
  ticker->origin_cpu = thread_cpu_time ();
}

typedef struct
{
  BdSession *session;
  gboolean   was_busy;
  gint64     busy_since;
  gint64     busy_until;
} BusyWatch;

static void
on_busy (BdSession  *session,
         GParamSpec *pspec,
         BusyWatch  *watch)
{
  if (bd_session_get_busy (session))
    {
      if (!watch->was_busy)
        watch->busy_since = g_get_monotonic_time ();
      watch->was_busy = TRUE;
    }
  else
    watch->busy_until = g_get_monotonic_time ();
}

static gboolean
analysis_done (gpointer data)
{
  BusyWatch *watch = data;

  return watch->was_busy && !bd_session_get_busy (watch->session);
}

/* The input step's live summary runs in its own thread, outside the
 * session: it is seen through its label, which says "Reading…" (C
 * locale) while it runs and "… · …" when done. */
typedef struct
{
  gint64 since;
  gint64 until;
} SummaryWatch;

static void
on_label (GtkLabel     *label,
          GParamSpec   *pspec,
          SummaryWatch *watch)
{
  const char *text = gtk_label_get_label (label);

  if (g_str_has_prefix (text, "Reading") && watch->since == 0)
    watch->since = g_get_monotonic_time ();
  else if (strstr (text, " · ") != NULL && watch->since != 0 && watch->until == 0)
    watch->until = g_get_monotonic_time ();
}

static void
watch_labels (GtkWidget    *widget,
              SummaryWatch *watch,
              GPtrArray    *labels)
{
  if (GTK_IS_LABEL (widget))
    {
      g_signal_connect (widget, "notify::label", G_CALLBACK (on_label), watch);
      g_ptr_array_add (labels, widget);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    watch_labels (child, watch, labels);
}

static gboolean
summary_done (gpointer data)
{
  SummaryWatch *watch = data;

  return watch->until != 0;
}

typedef struct
{
  GtkTextView *view;
  const char  *text;
  gboolean     clipboard;
  double       insert_ms;
  gboolean     done;
} PasteData;

static gboolean
do_paste (gpointer user_data)
{
  PasteData *paste = user_data;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (paste->view);
  gint64 t0 = g_get_monotonic_time ();

  if (paste->clipboard)
    {
      /* GtkTextView's own paste: reads the clipboard (local here) and
       * inserts at the cursor when the read completes. */
      g_signal_emit_by_name (paste->view, "paste-clipboard");
    }
  else
    {
      /* What gtk_text_buffer_paste_clipboard() does with the text. */
      gtk_text_buffer_begin_user_action (buffer);
      gtk_text_buffer_insert_interactive_at_cursor (buffer, paste->text, -1, TRUE);
      gtk_text_buffer_end_user_action (buffer);
      gtk_text_view_scroll_mark_onscreen (paste->view, gtk_text_buffer_get_insert (buffer));
    }
  paste->insert_ms = (g_get_monotonic_time () - t0) / 1000.0;
  paste->done = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
buffer_filled (gpointer data)
{
  PasteData *paste = data;

  return paste->done &&
         gtk_text_buffer_get_char_count (gtk_text_view_get_buffer (paste->view)) > 0;
}

typedef struct
{
  BdWindow *window;
  BdSession *session;
} NextData;

static gboolean
next_done (gpointer data)
{
  NextData *next = data;

  return bd_session_get_report (next->session) != NULL && !bd_session_get_busy (next->session) &&
         bd_assistant_get_position (bd_window_get_assistant (next->window)) > 0;
}

enum { PHASE_PASTE, PHASE_NEXT, N_PHASES };
static const char *phase_names[N_PHASES] = {
  "paste + layout + live summary",
  "Next → analysis → Diagnosis",
};

typedef struct
{
  double max[N_PHASES];
  double max_at[N_PHASES];
  double p99[N_PHASES];
  double p50[N_PHASES];
  guint  n[N_PHASES];
  guint  over50[N_PHASES];
  double cpu_max[N_PHASES];
  double cpu_p99[N_PHASES];
  guint  cpu_over50[N_PHASES];
  double cpu_ms[N_PHASES];     /* main-thread CPU over the phase */
  double ms[N_PHASES];
  double insert_ms;
  gboolean live_seen;
  double live_from;   /* ms after the paste */
  double live_to;
} PasteRun;

static gboolean
paste_once (BdApplication *app,
            const char    *text,
            gboolean       clipboard,
            PasteRun      *run)
{
  BdWindow *window = new_window (app);
  BdSession *session = bd_window_get_session (window);
  GtkTextView *view = find_text_view (GTK_WIDGET (bd_window_get_step (window, BD_WINDOW_STEP_INPUT)));
  BusyWatch watch = { session, FALSE, 0, 0 };
  SummaryWatch summary = { 0, 0 };
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  PasteData paste = { view, text, clipboard, 0, FALSE };
  NextData next = { window, session };
  Ticker ticker = { 0 };
  GArray *gaps[N_PHASES], *cpu_gaps[N_PHASES];
  gulong busy_id;
  guint tick_id;
  gint64 t0;

  memset (run, 0, sizeof *run);
  if (view == NULL)
    {
      g_printerr ("bench-gui: the input step has no editable GtkTextView\n");
      destroy_window (window);
      return FALSE;
    }
  for (guint i = 0; i < N_PHASES; i++)
    {
      gaps[i] = g_array_new (FALSE, FALSE, sizeof (double));
      cpu_gaps[i] = g_array_new (FALSE, FALSE, sizeof (double));
    }

  gtk_widget_grab_focus (GTK_WIDGET (view));
  if (clipboard)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (view)), text);
  run_for (0.2);

  busy_id = g_signal_connect (session, "notify::busy", G_CALLBACK (on_busy), &watch);
  watch_labels (GTK_WIDGET (bd_window_get_step (window, BD_WINDOW_STEP_INPUT)), &summary, labels);
  tick_id = g_timeout_add_full (G_PRIORITY_HIGH, 1, ticker_tick, &ticker, NULL);
  run_for (0.1);

  /* The paste, its layout and drawing, and the live summary (debounced,
   * in a thread): at least 3 s, or until that analysis is done. */
  ticker_phase (&ticker, gaps[PHASE_PASTE], cpu_gaps[PHASE_PASTE]);
  t0 = ticker.origin;
  g_idle_add_full (G_PRIORITY_DEFAULT, do_paste, &paste, NULL);
  if (!run_until (buffer_filled, &paste, 30))
    g_printerr ("bench-gui: the paste did not arrive in the buffer\n");
  run_for (MAX (0.1, 3.0 - (g_get_monotonic_time () - t0) / (double) G_USEC_PER_SEC));
  if (summary.since != 0)
    {
      run_until (summary_done, &summary, 30);
      run_for (0.5);
      run->live_seen = TRUE;
      run->live_from = (summary.since - t0) / 1000.0;
      run->live_to = summary.until != 0 ? (summary.until - t0) / 1000.0 : -1;
    }
  else if (watch.was_busy)
    {
      run_until (analysis_done, &watch, 30);
      run_for (0.5);
      run->live_seen = TRUE;
      run->live_from = (watch.busy_since - t0) / 1000.0;
      run->live_to = (watch.busy_until - t0) / 1000.0;
    }
  run->ms[PHASE_PASTE] = (g_get_monotonic_time () - t0) / 1000.0;
  run->cpu_ms[PHASE_PASTE] = (thread_cpu_time () - ticker.origin_cpu) / 1000.0;
  run->max[PHASE_PASTE] = ticker.max_gap;
  run->max_at[PHASE_PASTE] = ticker.max_at;
  run->insert_ms = paste.insert_ms;

  /* Next: the full analysis and the Diagnosis step drawn */
  ticker_phase (&ticker, gaps[PHASE_NEXT], cpu_gaps[PHASE_NEXT]);
  t0 = ticker.origin;
  gtk_widget_activate_action (GTK_WIDGET (window), "win.next", NULL);
  if (!run_until (next_done, &next, 60))
    g_printerr ("bench-gui: Next did not reach the Diagnosis step within 60 s\n");
  run_for (1.0);
  run->ms[PHASE_NEXT] = (g_get_monotonic_time () - t0) / 1000.0;
  run->cpu_ms[PHASE_NEXT] = (thread_cpu_time () - ticker.origin_cpu) / 1000.0;
  run->max[PHASE_NEXT] = ticker.max_gap;
  run->max_at[PHASE_NEXT] = ticker.max_at;

  g_source_remove (tick_id);
  g_signal_handler_disconnect (session, busy_id);
  for (guint i = 0; i < labels->len; i++)
    g_signal_handlers_disconnect_by_func (labels->pdata[i], on_label, &summary);

  for (guint i = 0; i < N_PHASES; i++)
    {
      run->n[i] = gaps[i]->len;
      for (guint j = 0; j < gaps[i]->len; j++)
        run->over50[i] += g_array_index (gaps[i], double, j) > 50;
      run->p99[i] = quantile (gaps[i], 0.99);
      run->p50[i] = quantile (gaps[i], 0.5);
      for (guint j = 0; j < cpu_gaps[i]->len; j++)
        run->cpu_over50[i] += g_array_index (cpu_gaps[i], double, j) > 50;
      run->cpu_max[i] = max_of (cpu_gaps[i]);
      run->cpu_p99[i] = quantile (cpu_gaps[i], 0.99);
      g_array_unref (gaps[i]);
      g_array_unref (cpu_gaps[i]);
    }

  destroy_window (window);
  return TRUE;
}

static void
bench_paste (void)
{
  g_autoptr(BdApplication) app = new_app ();
  g_autofree char *dir = g_dir_make_tmp ("bench-gui-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "paste-1mb.log", NULL);
  g_autofree char *text = NULL;
  gsize len = 0;

  if (!generate_log (path, 1) || !g_file_get_contents (path, &text, &len, NULL))
    return;
  /* at most 1 MB, ending at a line */
  if (len > MB)
    {
      char *nl = g_strrstr_len (text, MB, "\n");

      if (nl != NULL)
        nl[1] = '\0';
    }
  len = strlen (text);
  g_unlink (path);
  g_rmdir (dir);

  for (int clipboard = 0; clipboard <= 1; clipboard++)
    {
      g_autoptr(GArray) insert = g_array_new (FALSE, FALSE, sizeof (double));
      GArray *max[N_PHASES], *p99[N_PHASES], *ms[N_PHASES], *cmax[N_PHASES], *cp99[N_PHASES];

      for (guint i = 0; i < N_PHASES; i++)
        {
          max[i] = g_array_new (FALSE, FALSE, sizeof (double));
          p99[i] = g_array_new (FALSE, FALSE, sizeof (double));
          ms[i] = g_array_new (FALSE, FALSE, sizeof (double));
          cmax[i] = g_array_new (FALSE, FALSE, sizeof (double));
          cp99[i] = g_array_new (FALSE, FALSE, sizeof (double));
        }

      printf ("paste %.2f MB (%s):\n", (double) len / MB,
              clipboard ? "clipboard → GtkTextView::paste-clipboard"
                        : "gtk_text_buffer_insert_interactive_at_cursor");
      for (int r = 0; r < opt_paste_runs; r++)
        {
          PasteRun run;

          if (!paste_once (app, text, clipboard, &run))
            break;
          g_array_append_val (insert, run.insert_ms);
          for (guint i = 0; i < N_PHASES; i++)
            {
              g_array_append_val (max[i], run.max[i]);
              g_array_append_val (p99[i], run.p99[i]);
              g_array_append_val (ms[i], run.ms[i]);
              g_array_append_val (cmax[i], run.cpu_max[i]);
              g_array_append_val (cp99[i], run.cpu_p99[i]);
            }
          printf ("  run %d: insert call %.1f ms; live summary %s", r + 1, run.insert_ms,
                  run.live_seen ? "" : "not seen");
          if (run.live_seen)
            printf ("+%.0f … +%.0f ms", run.live_from, run.live_to);
          printf ("\n");
          for (guint i = 0; i < N_PHASES; i++)
            printf ("    %-30s %u ticks in %.0f ms; wall gaps: median %.1f, p99 %.1f, max %.1f ms "
                    "(at +%.0f ms), %u > 50 ms; main-thread CPU: %.0f ms in all, "
                    "between ticks p99 %.1f, max %.1f ms, %u > 50 ms\n",
                    phase_names[i], run.n[i], run.ms[i], run.p50[i], run.p99[i], run.max[i],
                    run.max_at[i], run.over50[i], run.cpu_ms[i], run.cpu_p99[i],
                    run.cpu_max[i], run.cpu_over50[i]);
        }

      printf ("  median of %u runs: the insert call itself %.1f ms\n", insert->len, median (insert));
      for (guint i = 0; i < N_PHASES; i++)
        {
          double worst = median (max[i]);

          printf ("  %-30s max stall median %.1f ms wall / %.1f ms main-thread CPU "
                  "(worst run %.1f / %.1f), p99 median %.1f / %.1f ms, phase %.0f ms  "
                  "target ≤ 50 ms: %s\n",
                  phase_names[i], worst, median (cmax[i]), max_of (max[i]), max_of (cmax[i]),
                  median (p99[i]), median (cp99[i]), median (ms[i]),
                  median (cmax[i]) <= 50 ? "met" : "MISSED");
          g_array_unref (max[i]);
          g_array_unref (p99[i]);
          g_array_unref (ms[i]);
          g_array_unref (cmax[i]);
          g_array_unref (cp99[i]);
        }
    }
  fflush (stdout);
}

/* ------------------------------------------------------------------------ */
/* 3. Memory with a large file */

static void
analysed_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!bd_session_analyse_finish (BD_SESSION (object), result, &error))
    g_printerr ("bench-gui: analysis failed: %s\n", error->message);
  *(gboolean *) user_data = TRUE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

/* In a child process: analyse one file and print the memory line. */
static int
memory_child (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  gint64 hwm0, rss0, hwm1, rss1, t0;
  gboolean ok;
  guint failures = 0;
  BdReport *report;

  if (g_strcmp0 (opt_via, "session") == 0)
    {
      g_autoptr(BdSession) session = bd_session_new ();
      gboolean done = FALSE;

      read_vm (&hwm0, &rss0);
      t0 = g_get_monotonic_time ();
      bd_session_analyse_file_async (session, file, NULL, analysed_cb, &done);
      ok = run_until (flag_set, &done, 600);
      read_vm (&hwm1, &rss1);
      report = bd_session_get_report (session);
      failures = report != NULL ? report->failures->len : 0;
      ok = ok && report != NULL;
    }
  else
    {
      g_autoptr(BdApplication) app = new_app ();
      BdWindow *window = new_window (app);
      BdSession *session = bd_window_get_session (window);
      NextData next = { window, session };

      read_vm (&hwm0, &rss0);
      t0 = g_get_monotonic_time ();
      bd_window_open_file (window, file);
      run_for (0.5);
      /* The input step may wait for "Next" before analysing. */
      if (!bd_session_get_busy (session) && bd_session_get_report (session) == NULL)
        gtk_widget_activate_action (GTK_WIDGET (window), "win.next", NULL);
      ok = run_until (next_done, &next, 600);
      run_for (1.0);  /* the Diagnosis step shows the report */
      read_vm (&hwm1, &rss1);
      report = bd_session_get_report (session);
      failures = report != NULL ? report->failures->len : 0;
      destroy_window (window);
    }

  printf ("memory %s hwm0=%" G_GINT64_FORMAT " rss0=%" G_GINT64_FORMAT
          " hwm1=%" G_GINT64_FORMAT " rss1=%" G_GINT64_FORMAT " ms=%.0f failures=%u ok=%d\n",
          opt_via != NULL ? opt_via : "window", hwm0, rss0, hwm1, rss1,
          (g_get_monotonic_time () - t0) / 1000.0, failures, ok);
  fflush (stdout);
  return ok ? 0 : 1;
}

static void
bench_memory (const char *self_path)
{
  g_autofree char *dir = g_dir_make_tmp ("bench-gui-XXXXXX", NULL);
  g_auto(GStrv) sizes = g_strsplit (opt_sizes != NULL ? opt_sizes : "20,100", ",", -1);
  static const char *vias[] = { "window", "session" };

  for (guint s = 0; sizes[s] != NULL; s++)
    {
      guint size_mb = (guint) g_ascii_strtoull (sizes[s], NULL, 10);
      g_autofree char *name = g_strdup_printf ("log-%umb.log", size_mb);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (size_mb == 0 || !generate_log (path, size_mb))
        continue;

      for (guint v = 0; v < G_N_ELEMENTS (vias); v++)
        {
          const char *argv[] = { self_path, "--memory-child", path, "--via", vias[v], NULL };
          g_autofree char *out = NULL;
          g_autoptr(GError) error = NULL;
          gint64 hwm0 = 0, rss0 = 0, hwm1 = 0, rss1 = 0;
          double ms = 0;
          guint failures = 0;
          int ok = 0, status = 0;
          const char *line;

          if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                             &out, NULL, &status, &error))
            {
              g_printerr ("bench-gui: %s\n", error->message);
              continue;
            }
          line = out != NULL ? strstr (out, "memory ") : NULL;
          if (line == NULL ||
              sscanf (line, "memory %*s hwm0=%" G_GINT64_FORMAT " rss0=%" G_GINT64_FORMAT
                      " hwm1=%" G_GINT64_FORMAT " rss1=%" G_GINT64_FORMAT " ms=%lf failures=%u ok=%d",
                      &hwm0, &rss0, &hwm1, &rss1, &ms, &failures, &ok) != 7)
            {
              printf ("memory %u MB via %s: FAILED (status %d)\n", size_mb, vias[v], status);
              continue;
            }
          printf ("memory %3u MB via %-7s: VmHWM %6.1f → %6.1f MB, VmRSS %6.1f → %6.1f MB "
                  "(growth of HWM %+.1f MB), %.1f s, %u failures%s\n",
                  size_mb, vias[v], hwm0 / 1024.0, hwm1 / 1024.0, rss0 / 1024.0, rss1 / 1024.0,
                  (hwm1 - hwm0) / 1024.0, ms / 1000.0, failures, ok ? "" : " (NOT DONE)");
          fflush (stdout);
        }
      g_unlink (path);
    }
  g_rmdir (dir);
}

/* ------------------------------------------------------------------------ */

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- GUI benchmarks");
  g_autoptr(GError) error = NULL;
  g_autofree char *self_path = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-gui: %s\n", error->message);
      return 2;
    }
  if (opt_python == NULL)
    opt_python = g_strdup ("python3");
  g_setenv ("GSETTINGS_BACKEND", "memory", FALSE);

  self_path = g_file_read_link ("/proc/self/exe", NULL);
  if (self_path == NULL)
    self_path = g_strdup (argv[0]);

  if (opt_memory_child != NULL)
    {
      gtk_init ();
      adw_init ();
      return memory_child (opt_memory_child);
    }

  if ((opt_only == NULL || g_str_equal (opt_only, "startup")))
    {
      if (opt_app == NULL)
        g_printerr ("bench-gui: no --app, start-up not measured\n");
      else
        bench_startup ();
    }

  if (opt_gen_log == NULL && (opt_only == NULL || !g_str_equal (opt_only, "startup")))
    {
      g_printerr ("bench-gui: no --gen-log, paste and memory not measured\n");
      return 0;
    }

  if (opt_only == NULL || g_str_equal (opt_only, "paste"))
    {
      gtk_init ();
      adw_init ();
      bench_paste ();
    }

  if (opt_only == NULL || g_str_equal (opt_only, "memory"))
    bench_memory (self_path);

  return 0;
}
