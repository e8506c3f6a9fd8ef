/* test-wizard.c: a walk through the whole wizard, as a user does it
 *
 * For each sample: paste it into the real window's input, press Next,
 * check what the Diagnosis step shows (headline, stage, causes), answer a
 * question on the Checks step and see the ranking move, find the fixes on
 * the Fixes step and the codes in the report, then go all the way Back and
 * find the pasted text untouched. The no-message path starts from a
 * symptom instead. Every step is saved as a screenshot at 1024 and 360 px
 * (screenshot-wizard-SAMPLE-STEP[-narrow][-ru].png).
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bd-application.h"
#include "bd-kb.h"
#include "bd-test-gtk-utils.h"
#include "bd-window-private.h"
#include "bd-writer.h"

#include "steps/diagnosis/bd-diagnosis-step-private.h"
#include "steps/input/bd-input-step-private.h"
#include "steps/report/bd-report-step-private.h"

static BdApplication *app;

/* ------------------------------------------------------------------------ */
/* Widget helpers */

static void
collect_label_texts (GtkWidget *widget,
                     GString   *out)
{
  if (!gtk_widget_get_visible (widget))
    return;
  if (GTK_IS_LABEL (widget))
    {
      g_string_append (out, gtk_label_get_text (GTK_LABEL (widget)));
      g_string_append_c (out, '\n');
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_label_texts (child, out);
}

/* Every visible label's text under @widget, one per line. */
static char *
dup_texts (GtkWidget *widget)
{
  GString *out = g_string_new (NULL);

  collect_label_texts (widget, out);
  return g_string_free (out, FALSE);
}

static char *
dup_buffer_text (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

typedef struct
{
  BdWindow *window;
  guint     position;
} WaitStep;

static gboolean
is_at_step (gpointer data)
{
  WaitStep *wait = data;
  BdAssistant *assistant = bd_window_get_assistant (wait->window);
  BdStep *step = bd_assistant_get_current (assistant);

  return bd_assistant_get_position (assistant) == wait->position &&
         !bd_step_get_applying (step) &&
         !bd_session_get_busy (bd_window_get_session (wait->window));
}

static void
wait_for_step (BdWindow     *window,
               BdWindowStep  step)
{
  WaitStep wait = { window, step };

  bd_test_wait_until (is_at_step, &wait, "the wizard to reach its step");
  bd_test_flush ();
}

static void
next (BdWindow     *window,
      BdWindowStep  expected)
{
  g_assert_true (bd_assistant_get_can_go_next (bd_window_get_assistant (window)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.next", NULL));
  wait_for_step (window, expected);
}

static void
back (BdWindow     *window,
      BdWindowStep  expected)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL));
  wait_for_step (window, expected);
}

/* Two mnemonics on screen at once make Alt+key move between them instead
 * of pressing either: every underlined key shown must be unique. */
static void
collect_mnemonics (GtkWidget  *widget,
                   GHashTable *seen,
                   GString    *clashes)
{
  if (!gtk_widget_get_mapped (widget))
    return;

  if (GTK_IS_LABEL (widget) && gtk_label_get_use_underline (GTK_LABEL (widget)))
    {
      guint key = gdk_keyval_to_lower (gtk_label_get_mnemonic_keyval (GTK_LABEL (widget)));
      const char *text = gtk_label_get_label (GTK_LABEL (widget));

      if (key != GDK_KEY_VoidSymbol)
        {
          const char *other = g_hash_table_lookup (seen, GUINT_TO_POINTER (key));

          if (other != NULL)
            g_string_append_printf (clashes, "“%s” and “%s”; ", other, text);
          else
            g_hash_table_insert (seen, GUINT_TO_POINTER (key), (gpointer) text);
        }
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_mnemonics (child, seen, clashes);
}

static void
assert_unique_mnemonics (BdWindow   *window,
                         const char *where)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  g_autoptr(GString) clashes = g_string_new (NULL);

  collect_mnemonics (GTK_WIDGET (window), seen, clashes);
  if (clashes->len > 0)
    g_error ("%s: the same Alt key for %s", where, clashes->str);
  g_assert_cmpuint (g_hash_table_size (seen), >, 0);
}

static void
screenshots (BdWindow   *window,
             const char *sample,
             const char *step)
{
  g_autofree char *name = g_strdup_printf ("wizard-%s-%s", sample, step);
  g_autofree char *narrow = g_strdup_printf ("wizard-%s-%s-narrow", sample, step);

  bd_test_resize (GTK_WINDOW (window), 1024, 768);
  bd_test_save_screenshot (GTK_WIDGET (window), name);
  assert_unique_mnemonics (window, name);
  bd_test_resize (GTK_WINDOW (window), 360, 720);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 360);
  bd_test_save_screenshot (GTK_WIDGET (window), narrow);
  bd_test_resize (GTK_WINDOW (window), 1024, 768);
}

static BdWindow *
new_window (void)
{
  BdWindow *window = bd_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 1024, 768);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  return window;
}

static char *
load_sample (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "samples", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static void
clipboard_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  char **text = user_data;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);
  if (*text == NULL)
    *text = g_strdup ("");
}

static gboolean
is_set (gpointer data)
{
  return *(char **) data != NULL;
}

static void
assert_copy_report (BdWindow   *window,
                    const char *shown)
{
  g_autofree char *copied = NULL;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (window)), "");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.copy-report", NULL));
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (window)), NULL,
                                 clipboard_cb, &copied);
  bd_test_wait_until (is_set, &copied, "the clipboard");
  g_assert_cmpstr (copied, ==, shown);
}

/* The first cause of the session's report, as the diagnosis shows it. */
static char *
dup_first_title (BdSession *session)
{
  g_autoptr(GArray) causes = bd_report_collect_causes (bd_session_get_report (session));
  const BdReportCause *rc;

  g_assert_cmpuint (causes->len, >, 0);
  rc = &g_array_index (causes, BdReportCause, 0);
  return bd_write_fill_text (rc->match->cause->title, rc->failure, rc->match);
}

static const char *
first_cause_id (BdSession *session)
{
  g_autoptr(GArray) causes = bd_report_collect_causes (bd_session_get_report (session));

  g_assert_cmpuint (causes->len, >, 0);
  return g_array_index (causes, BdReportCause, 0).match->cause->id;
}

/* ------------------------------------------------------------------------ */
/* The walk */

typedef struct
{
  const char *name;          /* screenshot name */
  const char *file;          /* under tests/data/samples/, NULL: symptom */
  const char *cause;         /* the expected first cause */
  BdStage     stage;         /* expected stage of the first failure */
  const char *report_text;   /* must be in the report */
  const char *question;      /* a question whose "yes" changes the first cause */
} Walk;

static const Walk walks[] = {
  { "mdaemon-seed", "mdaemon-seed.log", "content.rfc-noncompliant", BD_STAGE_DATA, "554",
    "q.other-computer" },
  { "exchange-ru", "exchange2007-ru.eml", "policy.sender-rejected", BD_STAGE_UNKNOWN, "5.7.1", NULL },
  { "blacklist", "causes/blacklist.dnsbl-listed-yahoo.txt", "blacklist.dnsbl-listed", BD_STAGE_UNKNOWN,
    "553", NULL },
  { "size", "causes/size.too-large-gmail.eml", "size.too-large", BD_STAGE_UNKNOWN, "552", NULL },
};

static void
answer_and_see_ranking_move (BdWindow   *window,
                             const char *question)
{
  BdSession *session = bd_window_get_session (window);
  g_autofree char *before = g_strdup (first_cause_id (session));
  BdStep *checks = bd_window_get_step (window, BD_WINDOW_STEP_CHECKS);
  g_autofree char *texts = dup_texts (GTK_WIDGET (checks));
  const BdKbQuestion *q = bd_kb_lookup_question (bd_kb_get_default (), question);

  g_assert_nonnull (q);
  /* the question is on the page, in the user's words */
  g_assert_nonnull (strstr (texts, bd_kb_gettext (q->text)));

  bd_session_set_answer (session, question, BD_ANSWER_YES);
  bd_test_flush ();
  g_assert_cmpstr (first_cause_id (session), !=, before);

  /* and the page's "most likely now" follows */
  {
    g_autofree char *title = dup_first_title (session);
    g_autofree char *after = dup_texts (GTK_WIDGET (checks));

    g_assert_nonnull (strstr (after, title));
  }
}

static void
test_wizard_walk (gconstpointer data)
{
  const Walk *walk = data;
  BdWindow *window = new_window ();
  BdSession *session = bd_window_get_session (window);
  BdInputStep *input = BD_INPUT_STEP (bd_window_get_step (window, BD_WINDOW_STEP_INPUT));
  BdDiagnosisStep *diagnosis = BD_DIAGNOSIS_STEP (bd_window_get_step (window, BD_WINDOW_STEP_DIAGNOSIS));
  g_autofree char *text = load_sample (walk->file);
  g_autofree char *title = NULL;
  g_autofree char *texts = NULL;
  g_autofree char *report = NULL;
  g_autofree char *kept = NULL;
  const BdFailure *failure;

  /* Input: paste */
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (input->text_view), text, -1);
  bd_test_flush ();
  screenshots (window, walk->name, "input");

  /* Diagnosis */
  next (window, BD_WINDOW_STEP_DIAGNOSIS);
  g_assert_nonnull (bd_session_get_report (session));
  g_assert_cmpstr (first_cause_id (session), ==, walk->cause);
  title = dup_first_title (session);
  g_assert_cmpstr (gtk_label_get_text (_bd_diagnosis_step_get_headline (diagnosis)), ==, title);
  g_assert_cmpuint (_bd_diagnosis_step_get_cause_rows (diagnosis)->len, >, 0);
  failure = g_ptr_array_index (bd_session_get_report (session)->failures, 0);
  if (walk->stage != BD_STAGE_UNKNOWN)
    {
      g_assert_cmpint (failure->stage, ==, walk->stage);
      g_assert_cmpstr (adw_action_row_get_subtitle (_bd_diagnosis_step_get_stage_row (diagnosis)), !=, NULL);
    }
  texts = dup_texts (GTK_WIDGET (diagnosis));
  g_assert_nonnull (strstr (texts, title));
  screenshots (window, walk->name, "diagnosis");

  /* Checks */
  next (window, BD_WINDOW_STEP_CHECKS);
  screenshots (window, walk->name, "checks");
  if (walk->question != NULL)
    answer_and_see_ranking_move (window, walk->question);

  /* Fixes: the first cause's user or admin fixes are on the page */
  next (window, BD_WINDOW_STEP_FIXES);
  {
    g_autoptr(GArray) causes = bd_report_collect_causes (bd_session_get_report (session));
    const BdReportCause *rc = &g_array_index (causes, BdReportCause, 0);
    g_autofree char *fixes = dup_texts (GTK_WIDGET (bd_window_get_step (window, BD_WINDOW_STEP_FIXES)));
    gboolean found = FALSE;

    for (guint i = 0; i < rc->match->cause->n_fixes && !found; i++)
      {
        g_autofree char *fix_title = bd_write_fill_text (rc->match->cause->fixes[i].title,
                                                         rc->failure, rc->match);

        found = strstr (fixes, fix_title) != NULL;
      }
    g_assert_true (found);
  }
  screenshots (window, walk->name, "fixes");

  /* Report */
  next (window, BD_WINDOW_STEP_REPORT);
  report = bd_report_step_dup_view_text (BD_REPORT_STEP (bd_window_get_step (window, BD_WINDOW_STEP_REPORT)));
  g_assert_nonnull (strstr (report, walk->report_text));
  {
    /* the report follows the answers: its headline is today's first cause */
    g_autofree char *now = dup_first_title (session);

    g_assert_nonnull (strstr (report, now));
  }
  /* Ctrl+Shift+C copies what the Report step shows, from any step */
  assert_copy_report (window, report);
  screenshots (window, walk->name, "report");
  g_assert_false (bd_assistant_get_can_go_next (bd_window_get_assistant (window)));

  /* All the way back: nothing was lost */
  back (window, BD_WINDOW_STEP_FIXES);
  back (window, BD_WINDOW_STEP_CHECKS);
  if (walk->question != NULL)
    g_assert_cmpint (bd_session_get_answer (session, walk->question), ==, BD_ANSWER_YES);
  back (window, BD_WINDOW_STEP_DIAGNOSIS);
  g_assert_nonnull (bd_session_get_report (session));
  back (window, BD_WINDOW_STEP_INPUT);
  kept = dup_buffer_text (gtk_text_view_get_buffer (input->text_view));
  g_assert_cmpstr (kept, ==, text);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* "I have no error message": a symptom leads to the same checks and fixes. */
static void
test_wizard_symptom (void)
{
  BdWindow *window = new_window ();
  BdSession *session = bd_window_get_session (window);
  BdInputStep *input = BD_INPUT_STEP (bd_window_get_step (window, BD_WINDOW_STEP_INPUT));
  const BdKbSymptom *symptom = bd_kb_get_symptom (bd_kb_get_default (), 0);
  GtkListBoxRow *row;

  g_assert_nonnull (symptom);
  row = gtk_list_box_get_row_at_index (input->symptom_list, 0);
  g_assert_nonnull (row);
  g_signal_emit_by_name (input->symptom_list, "row-activated", row);
  wait_for_step (window, BD_WINDOW_STEP_DIAGNOSIS);

  g_assert_nonnull (bd_session_get_report (session));
  g_assert_cmpstr (bd_session_get_report (session)->format, ==, "symptom");
  screenshots (window, "symptom", "diagnosis");

  next (window, BD_WINDOW_STEP_CHECKS);
  screenshots (window, "symptom", "checks");
  next (window, BD_WINDOW_STEP_FIXES);
  screenshots (window, "symptom", "fixes");
  next (window, BD_WINDOW_STEP_REPORT);
  {
    g_autofree char *report = bd_report_step_dup_view_text (BD_REPORT_STEP (bd_window_get_step (window, BD_WINDOW_STEP_REPORT)));

    g_assert_nonnull (strstr (report, bd_kb_gettext (symptom->title)));
  }
  screenshots (window, "symptom", "report");

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;
  int ret;

  data_dir = g_dir_make_tmp ("bd-test-wizard-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("BOUNCE_DOCTOR_DATA_DIR", data_dir, TRUE);

  bd_test_gtk_init (&argc, &argv);

  app = bd_application_new ("io.github.bouncedoctor.BounceDoctor.Test",
                            G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (walks); i++)
    {
      g_autofree char *path = g_strdup_printf ("/bd/wizard/walk/%s", walks[i].name);

      g_test_add_data_func (path, &walks[i], test_wizard_walk);
    }
  g_test_add_func ("/bd/wizard/symptom", test_wizard_symptom);

  ret = g_test_run ();

  g_clear_object (&app);
  return ret;
}
