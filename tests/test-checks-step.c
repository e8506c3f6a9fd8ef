/* test-checks-step.c: the checks step with real samples under Xvfb
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bd-check-row.h"
#include "bd-checks-step.h"
#include "bd-classify.h"
#include "bd-question-row.h"
#include "bd-writer.h"
#include "bd-test-gtk-utils.h"

typedef struct
{
  BdSession *session;
  GtkWidget *window;
  BdStep    *step;
} Fixture;

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
                 GPtrArray *out)
{
  if (!gtk_widget_get_visible (widget))
    return;
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (out, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_widgets (child, type, out);
}

/* The visible widgets of @type inside @fixture's step, in tree order. */
static GPtrArray *
find_widgets (Fixture *fixture,
              GType    type)
{
  GPtrArray *out = g_ptr_array_new ();

  collect_widgets (GTK_WIDGET (fixture->step), type, out);
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

static BdCheckRow *
find_check_row (Fixture    *fixture,
                const char *check_id)
{
  g_autoptr(GPtrArray) rows = find_widgets (fixture, BD_TYPE_CHECK_ROW);

  for (guint i = 0; i < rows->len; i++)
    if (g_str_equal (bd_check_row_get_check_id (g_ptr_array_index (rows, i)), check_id))
      return g_ptr_array_index (rows, i);
  return NULL;
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

/* Every live check row is there for what the causes ask, and shows no
 * result: insensitive, "unavailable", the note that it needs the network. */
static void
assert_check_rows (Fixture *fixture)
{
  g_autoptr(GArray) causes = bd_report_collect_causes (bd_session_get_report (fixture->session));
  g_autoptr(GPtrArray) rows = find_widgets (fixture, BD_TYPE_CHECK_ROW);
  guint n_expected = 0;

  for (guint i = 0; i < causes->len; i++)
    {
      const BdCauseMatch *match = g_array_index (causes, BdReportCause, i).match;
      const BdKbCause *cause = match->cause;

      /* causes added by answers bring no rows */
      if (match->added_by != NULL)
        continue;
      for (guint k = 0; cause->checks != NULL && cause->checks[k] != NULL; k++)
        {
          g_assert_nonnull (find_check_row (fixture, cause->checks[k]));
          n_expected++;
        }
    }
  g_assert_cmpuint (rows->len, >, 0);
  g_assert_cmpuint (rows->len, <=, n_expected);

  for (guint i = 0; i < rows->len; i++)
    {
      BdCheckRow *row = g_ptr_array_index (rows, i);
      const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
      const char *subtitle = adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row));

      g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (row)));
      g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (row)));
      g_assert_cmpint (bd_check_row_get_state (row), ==, BD_CHECK_STATE_UNAVAILABLE);
      g_assert_null (bd_check_row_get_details (row));
      g_assert_null (bd_check_row_get_summary (row));
      g_assert_nonnull (title);
      g_assert_cmpstr (title, !=, "");
      g_assert_nonnull (strstr (subtitle, "network"));
      g_assert_nonnull (strstr (subtitle, "not part of this version"));
    }

  /* the privacy note and the disabled button above them */
  g_assert_true (gtk_widget_get_mapped (template_child (fixture->step, BD_TYPE_CHECKS_STEP, "live_box")));
  g_assert_false (gtk_widget_get_sensitive (template_child (fixture->step, BD_TYPE_CHECKS_STEP,
                                                            "run_button")));
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
  g_autoptr(GPtrArray) rows = find_widgets (fixture, BD_TYPE_CHECK_ROW);

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
  row = find_check_row (fixture, "dns.ptr");
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   "Reverse DNS (PTR) of 80.78.72.135");
  row = find_check_row (fixture, "dnsbl");
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   "Blacklists (DNSBL) for 80.78.72.135");
  g_assert_nonnull (find_check_row (fixture, "dns.helo"));

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
  row = find_check_row (fixture, "size.limit");
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   "Message size limit of mail.example.org");
  g_assert_nonnull (find_check_row (fixture, "smtp.probe"));
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
  row = find_check_row (fixture, "smtp.probe");
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   "Connection to the mail server smtp.office365.com");
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
  row = find_check_row (fixture, "net.ports");
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   "Mail ports of smtp.example.com from this computer");
  row = find_check_row (fixture, "smtp.probe");
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   "Connection to the mail server smtp.example.com");
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

int
main (int   argc,
      char *argv[])
{
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
#undef ADD

  return g_test_run ();
}
