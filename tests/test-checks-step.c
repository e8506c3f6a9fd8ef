/* test-checks-step.c: the checks step with real samples under Xvfb
 *
 * The live checks run for real: the test starts its own unbound server on
 * a loopback port (static test zones for the seed log's sending address,
 * nothing forwarded anywhere) and a UDP socket that never answers, and
 * gives the session a resolver that asks one of them. Only 127.0.0.1
 * receives any packet.
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>

#include <glib/gstdio.h>

#include "bd-check-row.h"
#include "bd-checks-step.h"
#include "bd-classify.h"
#include "bd-question-row.h"
#include "bd-writer.h"
#include "bd-test-dns-server.h"
#include "bd-test-gtk-utils.h"

typedef struct
{
  BdSession *session;
  GtkWidget *window;
  BdStep    *step;
} Fixture;

/* ------------------------------------------------------------------------ */
/* A DNS server of our own, and one that never answers */

static BdTestDnsServer dns;
static guint16 server_port;
static guint16 silent_port;

/* The seed log's sender, 80.78.72.135: a PTR that points back, and
 * Spamhaus ZEN listing it as XBL (127.0.0.4), with ZEN's own test entry.
 * Every other name does not exist, so the other lists do not list their
 * test entries and cannot be trusted: can't tell. */
static const char zones[] =
  "  local-zone: \".\" static\n"
  "  local-data: \"135.72.78.80.in-addr.arpa. 300 IN PTR mail.example.org.\"\n"
  "  local-data: \"mail.example.org. 300 IN A 80.78.72.135\"\n"
  "  local-data: \"2.0.0.127.zen.spamhaus.org. 300 IN A 127.0.0.2\"\n"
  "  local-data: \"135.72.78.80.zen.spamhaus.org. 300 IN A 127.0.0.4\"\n";

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

typedef struct
{
  BdDnsAnswer *answer;
  gboolean     done;
} Lookup;

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Lookup *lookup = user_data;

  lookup->answer = bd_resolver_lookup_finish (BD_RESOLVER (object), result, NULL);
  lookup->done = TRUE;
}

/* unbound takes a moment to start listening */
static void
wait_for_server (BdResolver *resolver)
{
  for (guint i = 0; i < 100; i++)
    {
      Lookup lookup = { NULL, FALSE };
      gboolean ok;

      bd_resolver_lookup_async (resolver, "mail.example.org", BD_DNS_A, 200, NULL, lookup_cb, &lookup);
      while (!lookup.done)
        g_main_context_iteration (NULL, TRUE);
      ok = lookup.answer != NULL && lookup.answer->status == BD_DNS_STATUS_OK;
      g_clear_pointer (&lookup.answer, bd_dns_answer_free);
      if (ok)
        return;
      g_usleep (50000);
    }
  g_error ("the test DNS server did not start");
}

static gboolean
is_done (gpointer data)
{
  return *(gboolean *) data;
}

static void
analysed_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (bd_session_analyse_finish (BD_SESSION (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

/* Analyses tests/data/samples/@name (a path below it) in @fixture's session. */
static void
analyse (Fixture    *fixture,
         const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "samples", name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gboolean done = FALSE;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_assert_no_error (error);
  bytes = g_bytes_new_take (g_steal_pointer (&contents), len);
  bd_session_analyse_bytes_async (fixture->session, bytes, name, NULL, analysed_cb, &done);
  bd_test_wait_until (is_done, &done, "the analysis");
  g_assert_nonnull (bd_session_get_report (fixture->session));
  bd_test_flush ();
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  fixture->session = bd_session_new ();
  fixture->step = BD_STEP (bd_checks_step_new (fixture->session));
  /* as in the window: a header bar above the step */
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (fixture->step));
  gtk_widget_set_vexpand (GTK_WIDGET (fixture->step), TRUE);
  fixture->window = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (fixture->window), "Checks");
  adw_window_set_content (ADW_WINDOW (fixture->window), box);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1024, 900);
  gtk_window_present (GTK_WINDOW (fixture->window));
  gtk_test_widget_wait_for_draw (fixture->window);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  bd_test_flush ();
  g_assert_finalize_object (fixture->session);
}

/* ------------------------------------------------------------------------ */
/* Looking at what is shown */

static void
collect_widgets (GtkWidget *widget,
                 GType      type,
                 gboolean   hidden_too,
                 GPtrArray *out)
{
  if (!hidden_too && !gtk_widget_get_visible (widget))
    return;
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (out, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_widgets (child, type, hidden_too, out);
}

/* The visible widgets of @type inside @fixture's step, in tree order. */
static GPtrArray *
find_widgets (Fixture *fixture,
              GType    type)
{
  GPtrArray *out = g_ptr_array_new ();

  collect_widgets (GTK_WIDGET (fixture->step), type, FALSE, out);
  return out;
}

/* All check rows, also the block lists' rows hidden while their summary
 * is closed. */
static GPtrArray *
find_check_rows (Fixture *fixture)
{
  GPtrArray *out = g_ptr_array_new ();

  collect_widgets (GTK_WIDGET (fixture->step), BD_TYPE_CHECK_ROW, TRUE, out);
  return out;
}

static gpointer
template_child (gpointer    widget,
                GType       type,
                const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (child);
  return child;
}

/* The titles of the groups shown, in order, joined with '|'. */
static char *
dup_group_titles (Fixture *fixture)
{
  g_autoptr(GPtrArray) groups = find_widgets (fixture, ADW_TYPE_PREFERENCES_GROUP);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < groups->len; i++)
    {
      AdwPreferencesGroup *group = g_ptr_array_index (groups, i);

      g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (group)));
      if (out->len > 0)
        g_string_append_c (out, '|');
      g_string_append (out, adw_preferences_group_get_title (group));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The row of @check_id for @target (any target when NULL). */
static BdCheckRow *
find_check_row (Fixture    *fixture,
                const char *check_id,
                const char *target)
{
  g_autoptr(GPtrArray) rows = find_check_rows (fixture);

  for (guint i = 0; i < rows->len; i++)
    {
      BdCheckRow *row = g_ptr_array_index (rows, i);

      if (g_str_equal (bd_check_row_get_check_id (row), check_id) &&
          (target == NULL || g_strcmp0 (bd_check_row_get_target (row), target) == 0))
        return row;
    }
  return NULL;
}

static const char *
row_title (BdCheckRow *row)
{
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
}

static const char *
row_subtitle (BdCheckRow *row)
{
  return adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row));
}

static BdQuestionRow *
find_question_row (Fixture    *fixture,
                   const char *question_id)
{
  g_autoptr(GPtrArray) rows = find_widgets (fixture, BD_TYPE_QUESTION_ROW);

  for (guint i = 0; i < rows->len; i++)
    if (g_str_equal (bd_question_row_get_question (g_ptr_array_index (rows, i))->id, question_id))
      return g_ptr_array_index (rows, i);
  return NULL;
}

/* The title of the first cause, as the step should show it. */
static char *
dup_first_cause_title (BdSession *session)
{
  g_autoptr(GArray) causes = bd_report_collect_causes (bd_session_get_report (session));
  const BdReportCause *first;

  g_assert_cmpuint (causes->len, >, 0);
  first = &g_array_index (causes, BdReportCause, 0);
  return bd_write_fill_text (first->match->cause->title, first->failure, first->match);
}

static const char *
ranking_text (Fixture *fixture)
{
  GtkLabel *label = template_child (fixture->step, BD_TYPE_CHECKS_STEP, "ranking_label");

  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (label)));
  return gtk_label_get_text (label);
}

/* What a run of the session's report would check (planning sends
 * nothing; the resolver could only ask a closed loopback port). */
static BdCheckRun *
plan_run (Fixture *fixture)
{
  g_autoptr(BdResolver) resolver = new_resolver (9);

  return bd_check_run_new (bd_session_get_report (fixture->session), resolver, 0);
}

/* A row for every check of the plan, before anything runs: "not run yet",
 * the block lists (when there are several) under one row. */
static void
assert_check_rows (Fixture *fixture)
{
  g_autoptr(BdCheckRun) run = plan_run (fixture);
  GPtrArray *results = bd_check_run_get_results (run);
  g_autoptr(GPtrArray) rows = find_check_rows (fixture);
  GtkWidget *button = template_child (fixture->step, BD_TYPE_CHECKS_STEP, "run_button");
  guint n_dnsbl = 0;

  g_assert_cmpuint (results->len, >, 0);
  for (guint i = 0; i < results->len; i++)
    {
      const BdCheckResult *result = g_ptr_array_index (results, i);

      g_assert_nonnull (find_check_row (fixture, result->id, result->target));
      if (g_str_equal (result->id, "dnsbl"))
        n_dnsbl++;
    }
  /* plus the row that sums up the block lists */
  g_assert_cmpuint (rows->len, ==, results->len + (n_dnsbl >= 3 ? 1 : 0));

  for (guint i = 0; i < rows->len; i++)
    {
      BdCheckRow *row = g_ptr_array_index (rows, i);
      gboolean one_list = g_str_equal (bd_check_row_get_check_id (row), "dnsbl") &&
                          !g_hostname_is_ip_address (bd_check_row_get_target (row));

      /* the lists' rows wait until their summary is opened */
      if (one_list && n_dnsbl >= 3)
        g_assert_false (gtk_widget_get_visible (GTK_WIDGET (row)));
      else
        g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (row)));
      g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (row)));
      g_assert_cmpint (bd_check_row_get_state (row), ==, BD_CHECK_STATE_READY);
      g_assert_null (bd_check_row_get_details (row));
      g_assert_null (bd_check_row_get_summary (row));
      g_assert_nonnull (row_title (row));
      g_assert_cmpstr (row_title (row), !=, "");
      g_assert_cmpstr (row_subtitle (row), ==, "Not run yet");
      gtk_test_accessible_assert_property (row, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, "Not run yet");
    }

  /* the privacy note and the button above them, no progress yet */
  g_assert_true (gtk_widget_get_mapped (template_child (fixture->step, BD_TYPE_CHECKS_STEP, "live_box")));
  g_assert_true (gtk_widget_get_mapped (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "_Run Checks");
  g_assert_true (gtk_widget_has_css_class (button, "suggested-action"));
  g_assert_false (gtk_widget_get_visible (template_child (fixture->step, BD_TYPE_CHECKS_STEP,
                                                          "progress_bar")));
}

/* A row for each question that fits, none for the others; returns how
 * many there are. */
static guint
assert_question_rows (Fixture *fixture)
{
  BdKb *kb = bd_kb_get_default ();
  BdReport *report = bd_session_get_report (fixture->session);
  g_autoptr(GPtrArray) rows = find_widgets (fixture, BD_TYPE_QUESTION_ROW);
  guint n = 0;

  for (guint i = 0; i < bd_kb_get_n_questions (kb); i++)
    {
      const BdKbQuestion *question = bd_kb_get_question (kb, i);
      BdQuestionRow *row = find_question_row (fixture, question->id);

      if (!bd_kb_question_applies (question, report))
        {
          g_assert_null (row);
          continue;
        }
      g_assert_nonnull (row);
      g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (row)));
      g_assert_cmpstr (gtk_label_get_text (template_child (row, BD_TYPE_QUESTION_ROW, "text_label")),
                       ==, bd_kb_gettext (question->text));
      n++;
    }
  g_assert_cmpuint (rows->len, ==, n);
  return n;
}

static guint
count_check_rows (Fixture *fixture)
{
  g_autoptr(GPtrArray) rows = find_check_rows (fixture);

  return rows->len;
}

static void
screenshots (Fixture    *fixture,
             const char *name)
{
  g_autofree char *narrow = g_strconcat (name, "-narrow", NULL);

  bd_test_resize (GTK_WINDOW (fixture->window), 1024, 900);
  bd_test_save_screenshot (fixture->window, name);
  bd_test_resize (GTK_WINDOW (fixture->window), 360, 900);
  bd_test_save_screenshot (fixture->window, narrow);
  bd_test_resize (GTK_WINDOW (fixture->window), 1024, 900);
}

/* ------------------------------------------------------------------------ */
/* Tests */

static void
test_checks_empty (Fixture       *fixture,
                   gconstpointer  data)
{
  AdwStatusPage *status = template_child (fixture->step, BD_TYPE_CHECKS_STEP, "status_page");
  g_autoptr(GPtrArray) groups = NULL;

  g_assert_cmpstr (bd_step_get_title (fixture->step), ==, "Checks");
  g_assert_cmpstr (bd_step_get_help_page (fixture->step), ==, "checks");
  g_assert_false (bd_step_get_complete (fixture->step));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (status)));
  g_assert_cmpstr (adw_status_page_get_title (status), ==, "Nothing to Check Yet");

  /* an auto-reply is no failure: nothing to check, but the step is done */
  analyse (fixture, "causes/none.auto-reply.eml");
  g_assert_true (bd_step_get_complete (fixture->step));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (status)));
  g_assert_cmpstr (adw_status_page_get_title (status), ==, "Nothing to Check");
  g_assert_nonnull (strstr (adw_status_page_get_description (status), "nothing to check"));
  groups = find_widgets (fixture, ADW_TYPE_PREFERENCES_GROUP);
  g_assert_cmpuint (groups->len, ==, 0);
}

static void
test_checks_seed (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *groups = NULL;
  g_autofree char *first = NULL;
  BdCheckRow *row;

  analyse (fixture, "mdaemon-seed.log");
  g_assert_true (bd_step_get_complete (fixture->step));

  /* the dead list (0.75) ranks above the missing PTR (0.5) */
  groups = dup_group_titles (fixture);
  g_assert_true (g_str_has_prefix (groups, "Blacklists|DNS"));

  assert_check_rows (fixture);
  row = find_check_row (fixture, "dns.ptr", "80.78.72.135");
  g_assert_nonnull (row);
  g_assert_cmpstr (row_title (row), ==, "Reverse DNS (PTR) of 80.78.72.135");
  /* twelve lists, one row each, under one row */
  row = find_check_row (fixture, "dnsbl", "80.78.72.135");
  g_assert_nonnull (row);
  g_assert_cmpstr (row_title (row), ==, "Block lists for 80.78.72.135 (12)");
  g_assert_true (adw_expander_row_get_enable_expansion (ADW_EXPANDER_ROW (row)));
  row = find_check_row (fixture, "dnsbl", "relays.ordb.org");
  g_assert_nonnull (row);
  g_assert_cmpstr (row_title (row), ==, "Block list relays.ordb.org");
  g_assert_nonnull (find_check_row (fixture, "dnsbl", "zen.spamhaus.org"));
  row = find_check_row (fixture, "dns.helo", "RS");
  g_assert_nonnull (row);
  g_assert_cmpstr (row_title (row), ==, "HELO name RS");

  assert_question_rows (fixture);

  first = dup_first_cause_title (fixture->session);
  g_assert_cmpstr (ranking_text (fixture), ==, first);

  screenshots (fixture, "checks-mdaemon-seed");
}

static void
test_checks_size (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *groups = NULL;
  BdCheckRow *row;

  analyse (fixture, "causes/size.too-large-gmail.eml");

  groups = dup_group_titles (fixture);
  g_assert_true (g_str_has_prefix (groups, "Size"));

  assert_check_rows (fixture);
  row = find_check_row (fixture, "size.limit", "mail.example.org:25");
  g_assert_nonnull (row);
  g_assert_cmpstr (row_title (row), ==, "Message size limit of mail.example.org");
  row = find_check_row (fixture, "smtp.probe", "mail.example.org:25");
  g_assert_nonnull (row);
  g_assert_cmpstr (row_title (row), ==, "Connection to the mail server mail.example.org on port 25");
  /* the probe goes with the most likely cause */
  g_assert_true (gtk_widget_get_ancestor (GTK_WIDGET (row), ADW_TYPE_PREFERENCES_GROUP) ==
                 gtk_widget_get_ancestor (GTK_WIDGET (find_check_row (fixture, "size.limit", NULL)),
                                          ADW_TYPE_PREFERENCES_GROUP));
  g_assert_cmpuint (assert_question_rows (fixture), >, 0);

  screenshots (fixture, "checks-size");
}

static void
test_checks_auth (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *groups = NULL;
  BdCheckRow *row;

  analyse (fixture, "causes/auth.login-required-microsoft.txt");

  groups = dup_group_titles (fixture);
  g_assert_true (g_str_has_prefix (groups, "Authentication"));

  assert_check_rows (fixture);
  /* logins happen on the submission port: both are probed */
  row = find_check_row (fixture, "smtp.probe", "smtp.office365.com:25");
  g_assert_nonnull (row);
  g_assert_cmpstr (row_title (row), ==, "Connection to the mail server smtp.office365.com on port 25");
  row = find_check_row (fixture, "smtp.probe", "smtp.office365.com:587");
  g_assert_nonnull (row);
  g_assert_cmpstr (row_title (row), ==, "Connection to the mail server smtp.office365.com on port 587");
  g_assert_cmpstr (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (
                     gtk_widget_get_ancestor (GTK_WIDGET (row), ADW_TYPE_PREFERENCES_GROUP))),
                   ==, "Authentication");
  g_assert_cmpuint (assert_question_rows (fixture), >, 0);

  screenshots (fixture, "checks-auth");
}

static void
test_checks_connection (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *groups = NULL;
  BdCheckRow *row;

  analyse (fixture, "causes/connection.refused-ru.txt");

  groups = dup_group_titles (fixture);
  g_assert_true (g_str_has_prefix (groups, "Connection"));

  assert_check_rows (fixture);
  row = find_check_row (fixture, "net.ports", "smtp.example.com");
  g_assert_nonnull (row);
  g_assert_cmpstr (row_title (row), ==, "Mail ports of smtp.example.com from this computer");
  row = find_check_row (fixture, "smtp.probe", "smtp.example.com:25");
  g_assert_nonnull (row);
  g_assert_cmpstr (row_title (row), ==, "Connection to the mail server smtp.example.com on port 25");
  g_assert_nonnull (find_question_row (fixture, "q.other-network"));
  g_assert_cmpuint (assert_question_rows (fixture), >, 0);
}

static GtkToggleButton *
answer_button (BdQuestionRow *row,
               BdAnswer       answer)
{
  const char *name = answer == BD_ANSWER_YES ? "yes_button"
                     : answer == BD_ANSWER_NO ? "no_button" : "unknown_button";

  return template_child (row, BD_TYPE_QUESTION_ROW, name);
}

static gboolean
is_active (gpointer data)
{
  return gtk_toggle_button_get_active (data);
}

/* Activates @button as the keyboard does (GtkButton shows it pressed for a
 * moment before it emits ::clicked) and waits until it is toggled on. */
static void
press (GtkToggleButton *button)
{
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (button)));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (button)));
  g_assert_true (gtk_widget_activate (GTK_WIDGET (button)));
  bd_test_wait_until (is_active, button, "the toggle to turn on");
  bd_test_flush ();
}

static void
count_signal (gpointer user_data)
{
  (*(guint *) user_data)++;
}

/* Yes on a question is recorded in the session and re-ranks the causes;
 * "Most likely now" follows. */
static void
test_checks_answer (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *before = NULL;
  g_autofree char *first = NULL;
  BdQuestionRow *row;
  gboolean changed = FALSE;
  guint n_signals = 0;
  guint n_checks;

  analyse (fixture, "mdaemon-seed.log");
  before = g_strdup (ranking_text (fixture));
  g_assert_cmpstr (before, ==, "The message does not follow the mail format standard");
  n_checks = count_check_rows (fixture);

  /* The same error from another computer: not that one machine's program
   * writing bad messages, so the dead blacklist comes first. */
  row = find_question_row (fixture, "q.other-computer");
  g_assert_nonnull (row);
  press (answer_button (row, BD_ANSWER_YES));
  g_assert_cmpint (bd_session_get_answer (fixture->session, "q.other-computer"), ==, BD_ANSWER_YES);
  first = dup_first_cause_title (fixture->session);
  g_assert_cmpstr (first, !=, before);
  g_assert_cmpstr (ranking_text (fixture), ==, first);
  g_assert_cmpstr (ranking_text (fixture), ==, "The receiving server uses an old block list that no longer works");
  /* answering changes the ranking, not the rows */
  g_assert_cmpuint (count_check_rows (fixture), ==, n_checks);
  press (answer_button (row, BD_ANSWER_UNKNOWN));
  g_assert_cmpint (bd_session_get_answer (fixture->session, "q.other-computer"), ==, BD_ANSWER_UNKNOWN);
  g_assert_cmpstr (ranking_text (fixture), ==, before);

  g_signal_connect_swapped (fixture->session, "ranking-changed", G_CALLBACK (count_signal), &n_signals);
  rows = find_widgets (fixture, BD_TYPE_QUESTION_ROW);
  g_assert_cmpuint (rows->len, >, 0);

  /* each question in turn: Yes, look, take it back */
  for (guint i = 0; i < rows->len; i++)
    {
      const char *id;
      GtkToggleButton *yes;
      GtkToggleButton *unknown;
      g_autofree char *expected = NULL;

      row = g_ptr_array_index (rows, i);
      id = bd_question_row_get_question (row)->id;
      yes = answer_button (row, BD_ANSWER_YES);
      unknown = answer_button (row, BD_ANSWER_UNKNOWN);

      g_assert_false (gtk_toggle_button_get_active (yes));
      /* set_active, as a click does, without the press animation */
      gtk_toggle_button_set_active (yes, TRUE);
      g_assert_cmpint (bd_session_get_answer (fixture->session, id), ==, BD_ANSWER_YES);
      g_assert_cmpuint (n_signals, ==, 2 * i + 1);

      expected = dup_first_cause_title (fixture->session);
      g_assert_cmpstr (ranking_text (fixture), ==, expected);
      if (g_strcmp0 (expected, before) != 0)
        changed = TRUE;

      /* "Don't know" takes the answer back */
      gtk_toggle_button_set_active (unknown, TRUE);
      g_assert_false (gtk_toggle_button_get_active (yes));
      g_assert_true (gtk_toggle_button_get_active (unknown));
      g_assert_cmpint (bd_session_get_answer (fixture->session, id), ==, BD_ANSWER_UNKNOWN);
      g_assert_cmpstr (ranking_text (fixture), ==, before);
    }
  /* some answer moved another cause to the top */
  g_assert_true (changed);
}

static void
test_checks_accessible (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = NULL;

  analyse (fixture, "causes/size.too-large-gmail.eml");
  rows = find_widgets (fixture, BD_TYPE_QUESTION_ROW);
  g_assert_cmpuint (rows->len, >, 0);

  for (guint i = 0; i < rows->len; i++)
    {
      BdQuestionRow *row = g_ptr_array_index (rows, i);
      const char *text = bd_kb_gettext (bd_question_row_get_question (row)->text);
      g_autofree char *yes = g_strdup_printf ("Yes: %s", text);
      g_autofree char *no = g_strdup_printf ("No: %s", text);
      g_autofree char *unknown = g_strdup_printf ("Don’t know: %s", text);

      gtk_test_accessible_assert_property (answer_button (row, BD_ANSWER_YES),
                                           GTK_ACCESSIBLE_PROPERTY_LABEL, yes);
      gtk_test_accessible_assert_property (answer_button (row, BD_ANSWER_NO),
                                           GTK_ACCESSIBLE_PROPERTY_LABEL, no);
      gtk_test_accessible_assert_property (answer_button (row, BD_ANSWER_UNKNOWN),
                                           GTK_ACCESSIBLE_PROPERTY_LABEL, unknown);
    }
}

static void
test_checks_helpdesk (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = NULL;
  guint n_scripts = 0;

  analyse (fixture, "causes/auth.login-required-microsoft.txt");
  bd_session_set_helpdesk (fixture->session, TRUE);
  bd_test_flush ();

  rows = find_widgets (fixture, BD_TYPE_QUESTION_ROW);
  g_assert_cmpuint (rows->len, >, 0);
  for (guint i = 0; i < rows->len; i++)
    {
      BdQuestionRow *row = g_ptr_array_index (rows, i);
      const BdKbQuestion *question = bd_question_row_get_question (row);
      GtkLabel *label = template_child (row, BD_TYPE_QUESTION_ROW, "text_label");
      GtkWidget *caller = template_child (row, BD_TYPE_QUESTION_ROW, "caller_box");

      if (question->script == NULL)
        continue;
      g_assert_cmpstr (gtk_label_get_text (label), ==, bd_kb_gettext (question->script));
      g_assert_true (gtk_widget_get_mapped (caller));
      n_scripts++;
    }
  g_assert_cmpuint (n_scripts, >, 0);
  bd_test_save_screenshot (fixture->window, "checks-helpdesk");

  /* and back */
  bd_session_set_helpdesk (fixture->session, FALSE);
  for (guint i = 0; i < rows->len; i++)
    {
      BdQuestionRow *row = g_ptr_array_index (rows, i);

      g_assert_cmpstr (gtk_label_get_text (template_child (row, BD_TYPE_QUESTION_ROW, "text_label")),
                       ==, bd_kb_gettext (bd_question_row_get_question (row)->text));
      g_assert_false (gtk_widget_get_visible (template_child (row, BD_TYPE_QUESTION_ROW, "caller_box")));
    }
}

/* The rows are built anew for a new report; the answers stay. */
static void
test_checks_rebuild (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autofree char *id0 = NULL;
  g_autofree char *id1 = NULL;
  g_autofree char *id2 = NULL;
  BdQuestionRow *row;

  analyse (fixture, "mdaemon-seed.log");
  rows = find_widgets (fixture, BD_TYPE_QUESTION_ROW);
  g_assert_cmpuint (rows->len, >=, 3);

  id0 = g_strdup (bd_question_row_get_question (g_ptr_array_index (rows, 0))->id);
  id1 = g_strdup (bd_question_row_get_question (g_ptr_array_index (rows, 1))->id);
  id2 = g_strdup (bd_question_row_get_question (g_ptr_array_index (rows, 2))->id);
  press (answer_button (g_ptr_array_index (rows, 0), BD_ANSWER_YES));
  press (answer_button (g_ptr_array_index (rows, 1), BD_ANSWER_NO));
  press (answer_button (g_ptr_array_index (rows, 2), BD_ANSWER_UNKNOWN));

  /* the same report announced again */
  g_object_notify (G_OBJECT (fixture->session), "report");
  bd_test_flush ();
  again = find_widgets (fixture, BD_TYPE_QUESTION_ROW);
  g_assert_cmpuint (again->len, ==, rows->len);
  g_assert_true (g_ptr_array_index (again, 0) != g_ptr_array_index (rows, 0));

  row = find_question_row (fixture, id0);
  g_assert_true (gtk_toggle_button_get_active (answer_button (row, BD_ANSWER_YES)));
  g_assert_cmpint (bd_question_row_get_answer (row), ==, BD_ANSWER_YES);
  row = find_question_row (fixture, id1);
  g_assert_true (gtk_toggle_button_get_active (answer_button (row, BD_ANSWER_NO)));
  row = find_question_row (fixture, id2);
  g_assert_true (gtk_toggle_button_get_active (answer_button (row, BD_ANSWER_UNKNOWN)));
  for (guint i = 3; i < again->len; i++)
    {
      row = g_ptr_array_index (again, i);
      g_assert_false (gtk_toggle_button_get_active (answer_button (row, BD_ANSWER_YES)));
      g_assert_false (gtk_toggle_button_get_active (answer_button (row, BD_ANSWER_NO)));
      g_assert_false (gtk_toggle_button_get_active (answer_button (row, BD_ANSWER_UNKNOWN)));
    }
  g_assert_cmpint (bd_session_get_answer (fixture->session, id0), ==, BD_ANSWER_YES);
  g_assert_cmpint (bd_session_get_answer (fixture->session, id1), ==, BD_ANSWER_NO);

  /* analysing the same text again keeps them too */
  analyse (fixture, "mdaemon-seed.log");
  row = find_question_row (fixture, id0);
  g_assert_true (gtk_toggle_button_get_active (answer_button (row, BD_ANSWER_YES)));
}

/* ------------------------------------------------------------------------ */
/* Live checks */

static const char *
state_nick (BdCheckState state)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (BD_TYPE_CHECK_STATE);

  return g_enum_get_value (klass, state)->value_nick;
}

static void
string_free (gpointer data)
{
  g_string_free (data, TRUE);
}

static void
on_row_state (BdCheckRow *row,
              GParamSpec *pspec,
              GHashTable *seen)
{
  g_string_append_printf (g_hash_table_lookup (seen, row), " %s",
                          state_nick (bd_check_row_get_state (row)));
}

/* Every check row → the states it has gone through, "ready running fail". */
static GHashTable *
watch_rows (Fixture *fixture)
{
  g_autoptr(GPtrArray) rows = find_check_rows (fixture);
  GHashTable *seen = g_hash_table_new_full (NULL, NULL, NULL, string_free);

  for (guint i = 0; i < rows->len; i++)
    {
      BdCheckRow *row = g_ptr_array_index (rows, i);

      g_hash_table_insert (seen, row, g_string_new (state_nick (bd_check_row_get_state (row))));
      g_signal_connect (row, "notify::state", G_CALLBACK (on_row_state), seen);
    }
  return seen;
}

static void
unwatch_rows (GHashTable *seen)
{
  GHashTableIter iter;
  gpointer row;

  g_hash_table_iter_init (&iter, seen);
  while (g_hash_table_iter_next (&iter, &row, NULL))
    g_signal_handlers_disconnect_by_func (row, on_row_state, seen);
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static gboolean
run_started (gpointer data)
{
  Fixture *fixture = data;

  return bd_session_get_check_run (fixture->session) != NULL;
}

static gboolean
run_finished (gpointer data)
{
  Fixture *fixture = data;
  GtkButton *button = template_child (fixture->step, BD_TYPE_CHECKS_STEP, "run_button");

  return bd_session_get_check_run (fixture->session) != NULL &&
         !bd_session_get_checking (fixture->session) &&
         g_strcmp0 (gtk_button_get_label (button), "Run _Again") == 0;
}

static guint
count_rows_in_state (Fixture      *fixture,
                     BdCheckState  state)
{
  g_autoptr(GPtrArray) rows = find_check_rows (fixture);
  guint n = 0;

  for (guint i = 0; i < rows->len; i++)
    if (bd_check_row_get_state (g_ptr_array_index (rows, i)) == state)
      n++;
  return n;
}

static gboolean
none_running (gpointer data)
{
  return count_rows_in_state (data, BD_CHECK_STATE_RUNNING) == 0;
}

static void
run_loop_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, bd_test_on_timeout, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Clicks "Run Checks" as the keyboard does and waits until the run is on. */
static void
start_checks (Fixture *fixture)
{
  GtkWidget *button = template_child (fixture->step, BD_TYPE_CHECKS_STEP, "run_button");

  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "_Run Checks");
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_true (gtk_widget_activate (button));
  bd_test_wait_until (run_started, fixture, "the checks to start");
}

/* The seed log's checks against our DNS server: the PTR passes, ZEN lists
 * the address as XBL, ORDB is a dead list; the others can't tell. */
static void
test_checks_live (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(BdResolver) resolver = new_resolver (server_port);
  GtkButton *button = template_child (fixture->step, BD_TYPE_CHECKS_STEP, "run_button");
  GtkProgressBar *progress = template_child (fixture->step, BD_TYPE_CHECKS_STEP, "progress_bar");
  g_autoptr(GHashTable) seen = NULL;
  g_autofree char *first = NULL;
  g_autofree char *description = NULL;
  g_autofree char *progress_text = NULL;
  GHashTableIter iter;
  gpointer key, value;
  BdCheckRow *ptr, *zen, *ordb, *lists, *row;
  GtkLabel *details;
  GPtrArray *results;

  wait_for_server (resolver);
  bd_session_set_resolver (fixture->session, resolver);
  analyse (fixture, "mdaemon-seed.log");
  /* nothing has been asked before the click */
  g_assert_null (bd_session_get_check_run (fixture->session));
  assert_check_rows (fixture);
  seen = watch_rows (fixture);

  start_checks (fixture);
  bd_test_wait_until (run_finished, fixture, "the checks to end");
  bd_test_flush ();
  unwatch_rows (seen);

  /* every row: ready, a spinner, then its result */
  g_hash_table_iter_init (&iter, seen);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GString *states = value;
      BdCheckState state = bd_check_row_get_state (key);

      g_test_message ("%s: %s", row_title (key), states->str);
      g_assert_true (g_str_has_prefix (states->str, "ready running "));
      g_assert_true (g_str_has_suffix (states->str, state_nick (state)));
      g_assert_cmpint (state, !=, BD_CHECK_STATE_READY);
      g_assert_cmpint (state, !=, BD_CHECK_STATE_RUNNING);
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, count_check_rows (fixture));

  /* the PTR points to a name that points back */
  ptr = find_check_row (fixture, "dns.ptr", "80.78.72.135");
  g_assert_cmpint (bd_check_row_get_state (ptr), ==, BD_CHECK_STATE_PASS);
  g_assert_nonnull (strstr (bd_check_row_get_summary (ptr), "mail.example.org"));
  g_assert_cmpstr (row_subtitle (ptr), ==, bd_check_row_get_summary (ptr));

  /* ZEN lists it, and says why */
  zen = find_check_row (fixture, "dnsbl", "zen.spamhaus.org");
  g_assert_cmpint (bd_check_row_get_state (zen), ==, BD_CHECK_STATE_FAIL);
  g_assert_nonnull (strstr (bd_check_row_get_summary (zen), "listed"));
  g_assert_nonnull (strstr (bd_check_row_get_summary (zen), "XBL"));
  description = g_strdup_printf ("Problem: %s", bd_check_row_get_summary (zen));
  gtk_test_accessible_assert_property (zen, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description);

  /* ORDB is long dead */
  ordb = find_check_row (fixture, "dnsbl", "relays.ordb.org");
  g_assert_cmpint (bd_check_row_get_state (ordb), ==, BD_CHECK_STATE_WARN);
  g_assert_nonnull (strstr (bd_check_row_get_summary (ordb), "dead"));

  /* a list that does not list its own test entry cannot be trusted */
  row = find_check_row (fixture, "dnsbl", "bl.spamcop.net");
  g_assert_cmpint (bd_check_row_get_state (row), ==, BD_CHECK_STATE_UNKNOWN);
  g_assert_nonnull (strstr (row_subtitle (row), "can’t tell"));

  /* the lists' row: the worst of them and the listing in words; closed,
   * but the listed list and the dead one show anyway */
  lists = find_check_row (fixture, "dnsbl", "80.78.72.135");
  g_assert_cmpint (bd_check_row_get_state (lists), ==, BD_CHECK_STATE_FAIL);
  g_assert_true (g_str_has_prefix (row_subtitle (lists), "Listed on zen.spamhaus.org. 1 list is dead or broken."));
  g_assert_false (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (lists)));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (zen)));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (ordb)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (row)));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (lists), TRUE);
  bd_test_flush ();
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (row)));
  bd_test_save_screenshot (fixture->window, "checks-live-lists");
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (lists), FALSE);
  bd_test_flush ();
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (row)));

  /* the raw answers behind the expander */
  details = template_child (ptr, BD_TYPE_CHECK_ROW, "details_label");
  g_assert_false (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (ptr)));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (ptr), TRUE);
  /* the expander slides open */
  bd_test_wait_until (is_mapped, details, "the details to show");
  g_assert_true (gtk_label_get_selectable (details));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (details), "monospace"));
  g_assert_nonnull (strstr (gtk_label_get_text (details), "\"queries\""));
  g_assert_nonnull (strstr (gtk_label_get_text (details), "135.72.78.80.in-addr.arpa"));
  g_assert_nonnull (strstr (gtk_label_get_text (details), "\n  \""));  /* pretty-printed */
  g_assert_cmpstr (gtk_label_get_text (details), ==, bd_check_row_get_details (ptr));

  /* the progress bar is full, the button offers another run */
  results = bd_check_run_get_results (bd_session_get_check_run (fixture->session));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (progress)));
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (progress), ==, 1.0);
  progress_text = g_strdup_printf ("%u of %u checks done", results->len, results->len);
  g_assert_cmpstr (gtk_progress_bar_get_text (progress), ==, progress_text);
  g_assert_cmpstr (gtk_button_get_label (button), ==, "Run _Again");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (button), "suggested-action"));

  /* the results moved the causes; "Most likely now" follows */
  first = dup_first_cause_title (fixture->session);
  g_assert_cmpstr (ranking_text (fixture), ==, first);

  screenshots (fixture, "checks-live");

  /* a new report: back to "not run yet" */
  analyse (fixture, "mdaemon-seed.log");
  assert_check_rows (fixture);
}

/* A DNS server that never answers: Cancel ends every check that is still
 * waiting at once, as "can't tell". */
static void
test_checks_cancel (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(BdResolver) resolver = new_resolver (silent_port);
  GtkButton *button = template_child (fixture->step, BD_TYPE_CHECKS_STEP, "run_button");
  GtkProgressBar *progress = template_child (fixture->step, BD_TYPE_CHECKS_STEP, "progress_bar");
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) waiting = NULL;
  gint64 start;

  bd_session_set_resolver (fixture->session, resolver);
  analyse (fixture, "mdaemon-seed.log");
  start_checks (fixture);
  run_loop_for (100);

  g_assert_true (bd_session_get_checking (fixture->session));
  g_assert_cmpstr (gtk_button_get_label (button), ==, "_Cancel");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (progress)));
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (progress), <, 1.0);

  rows = find_check_rows (fixture);
  waiting = g_ptr_array_new ();
  for (guint i = 0; i < rows->len; i++)
    if (bd_check_row_get_state (g_ptr_array_index (rows, i)) == BD_CHECK_STATE_RUNNING)
      g_ptr_array_add (waiting, g_ptr_array_index (rows, i));
  g_assert_cmpuint (waiting->len, >, 3);
  bd_test_save_screenshot (fixture->window, "checks-running");

  start = g_get_monotonic_time ();
  g_signal_emit_by_name (button, "clicked");
  bd_test_wait_until (none_running, fixture, "the checks to stop");
  g_assert_cmpint (g_get_monotonic_time () - start, <, 200 * 1000);

  for (guint i = 0; i < waiting->len; i++)
    {
      BdCheckRow *row = g_ptr_array_index (waiting, i);

      /* the lists' row sums them up: some were done before */
      if (g_strcmp0 (bd_check_row_get_target (row), "80.78.72.135") == 0 &&
          g_str_equal (bd_check_row_get_check_id (row), "dnsbl"))
        continue;
      g_assert_cmpint (bd_check_row_get_state (row), ==, BD_CHECK_STATE_UNKNOWN);
      g_assert_cmpstr (row_subtitle (row), ==, "Stopped before it finished.");
    }

  bd_test_wait_until (run_finished, fixture, "the run to end");
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (progress), ==, 1.0);
  g_assert_cmpuint (count_rows_in_state (fixture, BD_CHECK_STATE_READY), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int rc;

  /* GTK's test AT context keeps the accessible labels for the asserts */
  g_setenv ("GTK_A11Y", "test", TRUE);
  bd_test_gtk_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/bd/checks-step/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("empty", test_checks_empty);
  ADD ("seed", test_checks_seed);
  ADD ("size", test_checks_size);
  ADD ("auth", test_checks_auth);
  ADD ("connection", test_checks_connection);
  ADD ("answer", test_checks_answer);
  ADD ("accessible", test_checks_accessible);
  ADD ("helpdesk", test_checks_helpdesk);
  ADD ("rebuild", test_checks_rebuild);
  ADD ("live", test_checks_live);
  ADD ("cancel", test_checks_cancel);
#undef ADD

  start_server ();
  rc = g_test_run ();
  stop_server ();
  return rc;
}
