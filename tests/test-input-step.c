/* test-input-step.c: the wizard's input step in the real window (Xvfb)
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "bd-application.h"
#include "bd-history.h"
#include "bd-input-step-private.h"
#include "bd-kb.h"
#include "bd-window-private.h"
#include "bd-test-gtk-utils.h"

static BdApplication *app;
static char *data_root;

static const char postfix_bounce[] =
  "This is the mail system at host mail.example.com.\n"
  "\n"
  "I'm sorry to have to inform you that your message could not\n"
  "be delivered to one or more recipients. It's attached below.\n"
  "\n"
  "                   The mail system\n"
  "\n"
  "<bob@example.net>: host mx.example.net[198.51.100.7] said: 554 5.7.1\n"
  "    <bob@example.net>: Relay access denied (in reply to RCPT TO command)\n";

/* ------------------------------------------------------------------------ */
/* Helpers */

/* A window whose history lives in a fresh folder @name under the test's
 * temporary data folder. */
static BdWindow *
new_window (const char *name)
{
  g_autofree char *dir = g_build_filename (data_root, name, NULL);
  BdWindow *window;

  g_setenv ("BOUNCE_DOCTOR_DATA_DIR", dir, TRUE);
  window = bd_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1024, 760);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  return window;
}

static void
close_window (BdWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  bd_test_flush ();
}

static BdInputStep *
get_step (BdWindow *window)
{
  return BD_INPUT_STEP (bd_window_get_step (window, BD_WINDOW_STEP_INPUT));
}

static char *
dup_text (BdInputStep *step)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (step->text_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* The first visible label under @widget whose text contains @needle. */
static GtkLabel *
find_label (GtkWidget  *widget,
            const char *needle)
{
  if (!gtk_widget_get_visible (widget))
    return NULL;

  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_label (GTK_LABEL (widget)), needle) != NULL)
    return GTK_LABEL (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *label = find_label (child, needle);

      if (label != NULL)
        return label;
    }
  return NULL;
}

static guint
count_rows (GtkWidget *widget,
            GType      type)
{
  guint n = 0;

  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && gtk_widget_get_visible (widget))
    n++;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_rows (child, type);
  return n;
}

typedef struct
{
  BdInputStep *step;
  const char  *needle;
} SummaryWait;

static gboolean
summary_contains (gpointer data)
{
  SummaryWait *wait = data;
  BdInputStep *step = wait->step;

  return !step->summary_running && step->summary_source == 0 &&
         gtk_widget_get_visible (step->summary_box) &&
         strstr (gtk_label_get_label (step->summary_label), wait->needle) != NULL;
}

static void
wait_for_summary (BdInputStep *step,
                  const char  *needle)
{
  SummaryWait wait = { step, needle };

  bd_test_wait_until (summary_contains, &wait, "the live summary");
}

typedef struct
{
  BdWindow   *window;
  const char *needle;
} LabelWait;

static gboolean
window_shows_label (gpointer data)
{
  LabelWait *wait = data;

  return find_label (GTK_WIDGET (wait->window), wait->needle) != NULL;
}

static void
wait_for_label (BdWindow   *window,
                const char *needle)
{
  LabelWait wait = { window, needle };

  bd_test_wait_until (window_shows_label, &wait, needle);
}

static gboolean
on_diagnosis_step (gpointer data)
{
  BdWindow *window = data;

  return bd_assistant_get_current (bd_window_get_assistant (window)) ==
         bd_window_get_step (window, BD_WINDOW_STEP_DIAGNOSIS);
}

static gboolean
not_applying (gpointer data)
{
  return !bd_step_get_applying (BD_STEP (data));
}

static gboolean
text_is_not_empty (gpointer data)
{
  return gtk_text_buffer_get_char_count (gtk_text_view_get_buffer (BD_INPUT_STEP (data)->text_view)) > 0;
}

static gboolean
shows_large_file (gpointer data)
{
  BdInputStep *step = data;

  return step->large_file != NULL &&
         g_strcmp0 (gtk_stack_get_visible_child_name (step->input_stack), "large") == 0;
}

static void
go_back_to_input (BdWindow *window)
{
  bd_assistant_go_to (bd_window_get_assistant (window),
                      bd_window_get_step (window, BD_WINDOW_STEP_INPUT));
  bd_test_flush ();
}

/* Types @text in pieces, as a user or a slow paste would. */
static void
type_text (BdInputStep *step,
           const char  *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (step->text_view);
  gsize len = strlen (text);

  for (gsize i = 0; i < len; i += 64)
    {
      GtkTextIter end;

      gtk_text_buffer_get_end_iter (buffer, &end);
      gtk_text_buffer_insert (buffer, &end, text + i, MIN (64, len - i));
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
}

static void
screenshots (BdWindow   *window,
             const char *name)
{
  g_autofree char *narrow = g_strdup_printf ("%s-narrow", name);

  /* new_window() made it 1024 px wide */
  bd_test_flush ();
  bd_test_save_screenshot (GTK_WIDGET (window), name);
  bd_test_resize (GTK_WINDOW (window), 360, 760);
  bd_test_flush ();
  bd_test_save_screenshot (GTK_WIDGET (window), narrow);
  bd_test_resize (GTK_WINDOW (window), 1024, 760);
  bd_test_flush ();
}

static GFile *
write_temp_file (const char *name,
                 const char *data,
                 gssize      len)
{
  g_autofree char *path = g_build_filename (data_root, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

/* ------------------------------------------------------------------------ */
/* Tests */

static void
test_input_empty (void)
{
  BdWindow *window = new_window ("empty");
  BdInputStep *step = get_step (window);
  GMenuModel *menu = gtk_menu_button_get_menu_model (step->example_button);
  guint n_examples = 0;

  g_assert_cmpstr (bd_step_get_title (BD_STEP (step)), ==, _("Describe the Problem"));
  g_assert_cmpstr (bd_step_get_help_page (BD_STEP (step)), ==, "input");
  g_assert_false (bd_step_get_complete (BD_STEP (step)));
  g_assert_true (gtk_widget_get_visible (step->placeholder));
  g_assert_nonnull (find_label (GTK_WIDGET (step), _("Paste the bounce, the error from your mail program, or lines from the server log")));
  g_assert_nonnull (find_label (GTK_WIDGET (step), _("_Open File…")));
  g_assert_nonnull (find_label (GTK_WIDGET (step), _("Try an _Example")));
  g_assert_nonnull (find_label (GTK_WIDGET (step), _("I _Have No Error Message")));
  g_assert_false (gtk_widget_get_visible (step->summary_box));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (step->history_group)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (step->restore_group)));
  g_assert_true (gtk_text_view_get_monospace (step->text_view));

  /* The user's language first */
  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, 2);
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);
      g_autofree char *label = NULL;

      g_assert_true (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL, "s", &label));
      if (g_str_has_prefix (g_get_language_names ()[0], "ru"))
        g_assert_cmpstr (label, ==, i == 0 ? _("In Russian") : _("In English"));
      else
        g_assert_cmpstr (label, ==, i == 0 ? _("In English") : _("In Russian"));
      n_examples += g_menu_model_get_n_items (section);
    }
  g_assert_cmpuint (n_examples, >=, 15);

  screenshots (window, "input-empty");
  close_window (window);
}

static void
test_input_typing_and_history (void)
{
  BdWindow *window = new_window ("typing");
  BdInputStep *step = get_step (window);
  BdSession *session = bd_window_get_session (window);
  BdReport *report;
  BdFailure *failure;
  g_autofree char *text = NULL;
  GtkWidget *dialog = NULL;
  GtkWidget *row;
  GList *toplevels;

  type_text (step, postfix_bounce);
  g_assert_true (bd_step_get_complete (BD_STEP (step)));
  g_assert_false (gtk_widget_get_visible (step->placeholder));
  /* debounced: nothing analysed while typing */
  g_assert_cmpuint (step->summary_source, !=, 0);

  wait_for_summary (step, "554 5.7.1");
  screenshots (window, "input-pasted");

  /* Next: analysed into the session, saved in the history */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.next", NULL);
  bd_test_wait_until (on_diagnosis_step, window, "the diagnosis step");
  report = bd_session_get_report (session);
  g_assert_nonnull (report);
  g_assert_cmpuint (report->failures->len, ==, 1);
  failure = g_ptr_array_index (report->failures, 0);
  g_assert_cmpstr (failure->recipient, ==, "bob@example.net");
  g_assert_cmpuint (failure->reply_code, ==, 554);
  g_assert_cmpstr (failure->status, ==, "5.7.1");

  go_back_to_input (window);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (step->history_group)));
  g_assert_cmpuint (step->history_rows->len, ==, 1);
  row = g_ptr_array_index (step->history_rows, 0);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "554 5.7.1"));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), !=, "");
  g_assert_cmpuint (bd_history_get_n_entries (step->history), ==, 1);
  screenshots (window, "input-history");

  /* Next again without a change goes on without a second entry */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.next", NULL);
  bd_test_wait_until (on_diagnosis_step, window, "the diagnosis step");
  go_back_to_input (window);
  g_assert_cmpuint (bd_history_get_n_entries (step->history), ==, 1);

  /* Reopening the entry restores the text and analyses it */
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (step->text_view), "something else", -1);
  gtk_widget_activate (row);
  bd_test_wait_until (on_diagnosis_step, window, "the diagnosis step after reopening");
  text = dup_text (step);
  g_assert_cmpstr (text, ==, postfix_bounce);
  g_assert_cmpuint (bd_history_get_n_entries (step->history), ==, 1);
  go_back_to_input (window);

  /* Clear, after a confirmation */
  gtk_widget_activate_action (GTK_WIDGET (step), "input.clear-history", NULL);
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data))
      dialog = l->data;
  g_list_free (toplevels);
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)),
                            _("Clear the Recent Diagnoses?")));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "clear");
  bd_test_flush ();
  g_assert_cmpuint (bd_history_get_n_entries (step->history), ==, 0);
  g_assert_cmpuint (step->history_rows->len, ==, 0);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (step->history_group)));

  /* "New Diagnosis" starts over */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new", NULL);
  bd_test_flush ();
  g_clear_pointer (&text, g_free);
  text = dup_text (step);
  g_assert_cmpstr (text, ==, "");
  g_assert_false (bd_step_get_complete (BD_STEP (step)));
  g_assert_true (gtk_widget_get_visible (step->placeholder));

  close_window (window);
}

static void
test_input_example (void)
{
  BdWindow *window = new_window ("example");
  BdInputStep *step = get_step (window);
  BdSession *session = bd_window_get_session (window);
  g_autofree char *text = NULL;
  BdFailure *failure;

  gtk_widget_activate_action (GTK_WIDGET (step), "input.example", "s", "mdaemon-seed.log");
  wait_for_summary (step, "554");
  text = dup_text (step);
  g_assert_nonnull (strstr (text, "MDaemon 9.5.2"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (step->source_label)));
  g_assert_nonnull (strstr (gtk_label_get_label (step->source_label),
                           _("MDaemon log: message does not conform to standards")));
  g_assert_true (bd_step_get_complete (BD_STEP (step)));

  /* A Russian NDR in windows-1251 base64: the view gets valid text, the
   * analysis the original bytes */
  gtk_widget_activate_action (GTK_WIDGET (step), "input.example", "s", "exchange2007-ru.eml");
  wait_for_summary (step, "5.7.1");
  g_clear_pointer (&text, g_free);
  text = dup_text (step);
  g_assert_nonnull (strstr (text, "windows-1251"));
  g_assert_nonnull (step->raw);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.next", NULL);
  bd_test_wait_until (on_diagnosis_step, window, "the diagnosis step");
  g_assert_nonnull (bd_session_get_report (session));
  g_assert_cmpuint (bd_session_get_report (session)->failures->len, >=, 1);
  failure = g_ptr_array_index (bd_session_get_report (session)->failures, 0);
  g_assert_cmpuint (failure->reply_code, ==, 554);

  close_window (window);
}

static void
test_input_open_small (void)
{
  BdWindow *window = new_window ("small");
  BdInputStep *step = get_step (window);
  g_autoptr(GString) data = g_string_new (NULL);
  g_autoptr(GFile) file = NULL;
  g_autofree char *text = NULL;

  /* windows-1251 "Привет", a NUL, then the bounce */
  g_string_append (data, "Subject: \xcf\xf0\xe8\xe2\xe5\xf2\n");
  g_string_append_c (data, '\0');
  g_string_append (data, "\n");
  g_string_append (data, postfix_bounce);
  file = write_temp_file ("small.txt", data->str, data->len);

  bd_input_step_open_file (step, file);
  bd_test_wait_until (text_is_not_empty, step, "the file's text");
  text = dup_text (step);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_nonnull (strstr (text, "Relay access denied"));
  g_assert_nonnull (strstr (text, "Привет"));
  /* the analysis gets the file's own bytes */
  g_assert_nonnull (step->raw);
  g_assert_cmpuint (g_bytes_get_size (step->raw), ==, data->len);
  g_assert_nonnull (strstr (gtk_label_get_label (step->source_label), "small.txt"));
  wait_for_summary (step, "554 5.7.1");

  /* an edit makes it the user's text */
  type_text (step, "\n");
  g_assert_null (step->raw);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (step->source_label)));

  close_window (window);
}

static void
test_input_open_large (void)
{
  BdWindow *window = new_window ("large");
  BdInputStep *step = get_step (window);
  BdSession *session = bd_window_get_session (window);
  g_autofree char *log = NULL;
  g_autofree char *text = NULL;
  g_autofree char *size = NULL;
  g_autoptr(GString) data = g_string_new (NULL);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  gsize log_len = 0;

  g_file_get_contents (g_test_get_filename (G_TEST_DIST, "data", "samples", "postfix.log", NULL),
                       &log, &log_len, &error);
  g_assert_no_error (error);
  while ((goffset) data->len <= BD_INPUT_STEP_MAX_SHOWN_SIZE)
    g_string_append_len (data, log, log_len);
  file = write_temp_file ("large.log", data->str, data->len);

  type_text (step, "my own notes");
  bd_input_step_open_file (step, file);
  bd_test_wait_until (shows_large_file, step, "the large file notice");
  size = g_format_size (data->len);
  g_assert_nonnull (strstr (gtk_label_get_label (step->large_label), size));
  g_assert_cmpstr (gtk_label_get_label (step->large_title), ==, "large.log");
  g_assert_false (gtk_widget_get_visible (step->summary_box));
  g_assert_true (bd_step_get_complete (BD_STEP (step)));
  /* not loaded into the view; the text there is kept */
  text = dup_text (step);
  g_assert_cmpstr (text, ==, "my own notes");
  screenshots (window, "input-large-file");

  /* Next: streamed from disk with a progress bar */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.next", NULL);
  g_assert_true (bd_step_get_applying (BD_STEP (step)));
  g_assert_true (gtk_widget_get_visible (step->progress_box));
  bd_test_wait_until (on_diagnosis_step, window, "the diagnosis step");
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (step->progress_bar), ==, 1.0);
  g_assert_nonnull (bd_session_get_report (session));
  g_assert_cmpuint (bd_session_get_report (session)->failures->len, >, 100);
  go_back_to_input (window);

  /* Cancelled: stays on the step, no report replaced */
  bd_session_clear (session);
  bd_input_step_open_file (step, file);
  bd_test_wait_until (shows_large_file, step, "the large file notice");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.next", NULL);
  g_assert_true (bd_step_get_applying (BD_STEP (step)));
  g_test_message ("cancel enabled %d, report %p", step->apply_cancellable != NULL, bd_session_get_report (session));
  gtk_widget_activate_action (GTK_WIDGET (step), "input.cancel", NULL);
  g_test_message ("cancelled %d", step->apply_cancellable ? g_cancellable_is_cancelled (step->apply_cancellable) : -1);
  bd_test_wait_until (not_applying, step, "the cancelled analysis");
  g_assert_false (on_diagnosis_step (window));
  g_assert_null (bd_session_get_report (session));
  g_assert_false (gtk_widget_get_visible (step->progress_box));
  g_assert_true (shows_large_file (step));

  /* "Use Text Instead" brings the text back */
  gtk_widget_activate_action (GTK_WIDGET (step), "input.close-file", NULL);
  g_assert_null (step->large_file);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (step->input_stack), ==, "text");

  close_window (window);
}

static void
check_unreadable (const char *path,
                  const char *reason)
{
  BdWindow *window = new_window ("unreadable");
  BdInputStep *step = get_step (window);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *text = NULL;
  g_autofree char *prefix = g_strdup (_("Could not read the file: %s"));

  type_text (step, "keep me");
  bd_input_step_open_file (step, file);
  *strchr (prefix, '%') = '\0';
  wait_for_label (window, prefix);
  g_assert_nonnull (find_label (GTK_WIDGET (window), reason));
  text = dup_text (step);
  g_assert_cmpstr (text, ==, "keep me");
  g_assert_null (step->large_file);
  g_assert_true (bd_step_get_complete (BD_STEP (step)));

  close_window (window);
}

static void
test_input_unreadable (void)
{
  g_autofree char *missing = g_build_filename (data_root, "no-such-file.eml", NULL);
  g_autofree char *folder = g_build_filename (data_root, "a-folder", NULL);

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  check_unreadable (missing, "No such file");
  check_unreadable (folder, _("It is a folder or a device, not a regular file"));
  check_unreadable ("/dev/zero", _("It is a folder or a device, not a regular file"));

  if (geteuid () != 0)
    {
      g_autoptr(GFile) file = write_temp_file ("secret.eml", postfix_bounce, -1);
      g_autofree char *path = g_file_get_path (file);

      g_assert_cmpint (g_chmod (path, 0), ==, 0);
      check_unreadable (path, "ermission");
    }
}

/* An analysis that never finished (the app crashed) in the data folder
 * of new_window (@name): returns its history id. */
static char *
save_unfinished (const char *name)
{
  g_autofree char *dir = g_build_filename (data_root, name, NULL);
  g_autoptr(BdHistory) history = bd_history_new (dir);
  g_autoptr(GBytes) bytes = g_bytes_new_static (postfix_bounce, strlen (postfix_bounce));
  g_autoptr(GError) error = NULL;
  char *id;

  bd_history_load (history, &error);
  g_assert_no_error (error);
  id = bd_history_save_input (history, bytes, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);
  return id;
}

static void
test_input_restore (void)
{
  g_autofree char *id = save_unfinished ("restore");
  g_autofree char *text = NULL;
  BdWindow *window;
  BdInputStep *step;

  window = new_window ("restore");
  step = get_step (window);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (step->restore_group)));
  g_assert_nonnull (find_label (GTK_WIDGET (step), _("Restore the text from last time")));
  g_assert_cmpstr (step->unfinished_id, ==, id);
  g_assert_false (bd_step_get_complete (BD_STEP (step)));

  gtk_widget_activate_action (GTK_WIDGET (step), "input.restore", NULL);
  text = dup_text (step);
  g_assert_cmpstr (text, ==, postfix_bounce);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (step->restore_group)));
  g_assert_true (bd_step_get_complete (BD_STEP (step)));
  wait_for_summary (step, "554 5.7.1");

  /* Its analysis finishes the same entry */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.next", NULL);
  bd_test_wait_until (on_diagnosis_step, window, "the diagnosis step");
  g_assert_nonnull (bd_history_lookup (step->history, id));
  g_assert_true (bd_history_lookup (step->history, id)->finished);
  g_assert_null (bd_history_get_unfinished (step->history));

  close_window (window);
}

/* The restore offer is declined by analysing other text: not offered
 * again at the next start. */
static void
test_input_restore_declined (void)
{
  g_autofree char *dir = g_build_filename (data_root, "restore-declined", NULL);
  g_autofree char *id = save_unfinished ("restore-declined");
  g_autoptr(BdHistory) reread = NULL;
  g_autoptr(GError) error = NULL;
  BdWindow *window;
  BdInputStep *step;

  window = new_window ("restore-declined");
  step = get_step (window);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (step->restore_group)));
  g_assert_cmpstr (step->unfinished_id, ==, id);

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (step->text_view),
                            "550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown", -1);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.next", NULL);
  bd_test_wait_until (on_diagnosis_step, window, "the diagnosis step");
  g_assert_null (bd_history_get_unfinished (step->history));
  close_window (window);

  /* as the next start reads it from disk */
  reread = bd_history_new (dir);
  bd_history_load (reread, &error);
  g_assert_no_error (error);
  g_assert_null (bd_history_get_unfinished (reread));
}

static void
test_input_symptoms (void)
{
  BdWindow *window = new_window ("symptoms");
  BdInputStep *step = get_step (window);
  BdSession *session = bd_window_get_session (window);
  BdKb *kb = bd_kb_get_default ();
  const BdKbSymptom *symptom;
  GtkWidget *row;

  g_assert_cmpuint (bd_kb_get_n_symptoms (kb), >, 0);
  symptom = bd_kb_get_symptom (kb, 0);

  gtk_widget_activate_action (GTK_WIDGET (step), "input.show-symptoms", NULL);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (step->stack), ==, "symptoms");
  g_assert_cmpuint (count_rows (GTK_WIDGET (step->symptom_list), ADW_TYPE_ACTION_ROW), ==,
                    bd_kb_get_n_symptoms (kb));
  g_assert_nonnull (find_label (GTK_WIDGET (step->symptom_list), bd_kb_gettext (symptom->title)));
  screenshots (window, "input-symptoms");

  /* Back to the text, and again */
  gtk_widget_activate_action (GTK_WIDGET (step), "input.show-text", NULL);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (step->stack), ==, "input");
  g_assert_false (bd_step_get_complete (BD_STEP (step)));
  gtk_widget_activate_action (GTK_WIDGET (step), "input.show-symptoms", NULL);

  /* Picking one goes on with a report of its causes */
  row = gtk_widget_get_first_child (GTK_WIDGET (step->symptom_list));
  g_assert_true (ADW_IS_ACTION_ROW (row));
  gtk_widget_activate (row);
  bd_test_wait_until (on_diagnosis_step, window, "the diagnosis step");
  g_assert_cmpstr (step->symptom_id, ==, symptom->id);
  g_assert_nonnull (bd_session_get_report (session));
  g_assert_cmpuint (bd_session_get_report (session)->failures->len, ==, 1);

  close_window (window);
}

static void
test_input_drop_and_paste (void)
{
  BdWindow *window = new_window ("drop");
  BdInputStep *step = get_step (window);
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (step));
  g_autoptr(GFile) file = write_temp_file ("dropped.eml", postfix_bounce, -1);
  g_autofree char *text = NULL;
  GtkDropTarget *target = NULL;
  GValue value = G_VALUE_INIT;
  GdkDragAction action = 0;
  gboolean handled = FALSE;
  GSList *files;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && target == NULL; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        target = GTK_DROP_TARGET (controller);
    }
  g_assert_nonnull (target);

  /* dragged over: the text area is highlighted */
  g_signal_emit_by_name (target, "enter", 10.0, 10.0, &action);
  g_assert_cmpint (action, ==, GDK_ACTION_COPY);
  g_assert_true (gtk_widget_get_state_flags (step->text_frame) & GTK_STATE_FLAG_DROP_ACTIVE);
  bd_test_flush ();
  bd_test_save_screenshot (GTK_WIDGET (window), "input-drop");
  g_signal_emit_by_name (target, "leave");
  g_assert_false (gtk_widget_get_state_flags (step->text_frame) & GTK_STATE_FLAG_DROP_ACTIVE);

  /* a file from the file manager */
  files = g_slist_prepend (NULL, file);
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (files));
  g_slist_free (files);
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &handled);
  g_value_unset (&value);
  g_assert_true (handled);
  bd_test_wait_until (text_is_not_empty, step, "the dropped file");
  wait_for_summary (step, "554 5.7.1");
  g_assert_nonnull (strstr (gtk_label_get_label (step->source_label), "dropped.eml"));

  /* text from another program */
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (step->text_view), "", -1);
  g_value_init (&value, G_TYPE_STRING);
  g_value_set_string (&value, "dropped text");
  handled = FALSE;
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &handled);
  g_value_unset (&value);
  g_assert_true (handled);
  text = dup_text (step);
  g_assert_cmpstr (text, ==, "dropped text");

  /* Ctrl+V anywhere pastes into the text area */
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (window)), postfix_bounce);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (step->text_view), "", -1);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.paste", NULL);
  bd_test_wait_until (text_is_not_empty, step, "the pasted text");
  g_clear_pointer (&text, g_free);
  text = dup_text (step);
  g_assert_cmpstr (text, ==, postfix_bounce);
  wait_for_summary (step, "554 5.7.1");

  close_window (window);
}

/* A megabyte of log pasted at once: the main loop keeps running while it
 * is analysed (the text is copied out once, the analysis runs in a
 * thread). */
typedef struct
{
  gint64 last;
  gint64 max_gap;
} Ticker;

static gboolean
tick (gpointer data)
{
  Ticker *ticker = data;
  gint64 now = g_get_monotonic_time ();

  ticker->max_gap = MAX (ticker->max_gap, now - ticker->last);
  ticker->last = now;
  return G_SOURCE_CONTINUE;
}

static void
test_input_large_paste (void)
{
  BdWindow *window = new_window ("large-paste");
  BdInputStep *step = get_step (window);
  g_autofree char *log = NULL;
  g_autoptr(GString) data = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  Ticker ticker = { 0, 0 };
  gsize log_len = 0;
  guint id;

  g_file_get_contents (g_test_get_filename (G_TEST_DIST, "data", "samples", "postfix.log", NULL),
                       &log, &log_len, &error);
  g_assert_no_error (error);
  while (data->len < 1024 * 1024)
    g_string_append_len (data, log, log_len);

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (step->text_view), data->str, data->len);
  g_assert_cmpuint (step->summary_source, !=, 0);

  ticker.last = g_get_monotonic_time ();
  id = g_timeout_add (10, tick, &ticker);
  wait_for_summary (step, "·");
  g_source_remove (id);
  g_test_message ("Longest main loop stall while analysing 1 MB: %" G_GINT64_FORMAT " ms",
                  ticker.max_gap / 1000);
  g_assert_cmpint (ticker.max_gap, <, 1000 * 1000);

  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  bd_test_gtk_init (&argc, &argv);

  data_root = g_dir_make_tmp ("bd-input-step-XXXXXX", &error);
  g_assert_no_error (error);

  app = bd_application_new ("io.github.bouncedoctor.BounceDoctor.Test",
                            G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_signal_emit_by_name (app, "startup");

  g_test_add_func ("/bd/input-step/empty", test_input_empty);
  g_test_add_func ("/bd/input-step/typing-and-history", test_input_typing_and_history);
  g_test_add_func ("/bd/input-step/example", test_input_example);
  g_test_add_func ("/bd/input-step/open-small", test_input_open_small);
  g_test_add_func ("/bd/input-step/open-large", test_input_open_large);
  g_test_add_func ("/bd/input-step/unreadable", test_input_unreadable);
  g_test_add_func ("/bd/input-step/restore", test_input_restore);
  g_test_add_func ("/bd/input-step/restore-declined", test_input_restore_declined);
  g_test_add_func ("/bd/input-step/symptoms", test_input_symptoms);
  g_test_add_func ("/bd/input-step/drop-and-paste", test_input_drop_and_paste);
  g_test_add_func ("/bd/input-step/large-paste", test_input_large_paste);

  ret = g_test_run ();

  g_clear_object (&app);
  if (data_root != NULL)
    {
      g_autofree char *command = g_strdup_printf ("rm -rf '%s'", data_root);

      (void) system (command);
    }
  g_free (data_root);

  return ret;
}
