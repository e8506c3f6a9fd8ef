/* test-report-step.c: the report step under a real display (Xvfb)
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "bd-markdown.h"
#include "bd-report-step-private.h"
#include "bd-test-gtk-utils.h"

typedef struct
{
  BdSession    *session;
  GtkWindow    *window;
  GtkWidget    *overlay;
  BdReportStep *step;
  char         *dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  GtkWidget *box, *header;

  fixture->session = bd_session_new ();
  fixture->step = BD_REPORT_STEP (bd_report_step_new (fixture->session));

  fixture->window = GTK_WINDOW (adw_window_new ());
  gtk_window_set_default_size (fixture->window, 1024, 768);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header),
                                   adw_window_title_new (bd_step_get_title (BD_STEP (fixture->step)), NULL));
  gtk_box_append (GTK_BOX (box), header);
  fixture->overlay = adw_toast_overlay_new ();
  gtk_widget_set_vexpand (fixture->overlay, TRUE);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (fixture->overlay), GTK_WIDGET (fixture->step));
  gtk_box_append (GTK_BOX (box), fixture->overlay);
  adw_window_set_content (ADW_WINDOW (fixture->window), box);
  gtk_window_present (fixture->window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));

  fixture->dir = g_dir_make_tmp ("bd-report-step-XXXXXX", NULL);
  g_assert_nonnull (fixture->dir);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
      g_remove (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);

  gtk_window_destroy (fixture->window);
  bd_test_flush ();
  g_assert_finalize_object (fixture->session);
}

/* ------------------------------------------------------------------ */
/* Helpers                                                              */

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

static void
analysed_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (bd_session_analyse_finish (BD_SESSION (object), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static void
analyse_sample (Fixture    *fixture,
                const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "samples", name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *data = NULL;
  gsize len = 0;
  gboolean done = FALSE;

  g_file_get_contents (path, &data, &len, &error);
  g_assert_no_error (error);
  bytes = g_bytes_new_take (data, len);
  bd_session_analyse_bytes_async (fixture->session, bytes, name, NULL, analysed_cb, &done);
  bd_test_wait_until (is_true, &done, "the analysis");
  g_assert_nonnull (bd_session_get_report (fixture->session));
  bd_test_flush ();
}

/* What bd_write_markdown () makes of the session's report now. */
static char *
expected_markdown (Fixture *fixture)
{
  GString *out = g_string_new (NULL);

  bd_write_markdown (out, bd_session_get_report (fixture->session),
                     bd_session_get_program (fixture->session),
                     bd_session_get_server (fixture->session),
                     bd_session_get_redact (fixture->session) ? BD_WRITE_FLAGS_REDACT
                                                              : BD_WRITE_FLAGS_NONE);
  return g_string_free (out, FALSE);
}

static void
assert_view_shows_report (Fixture *fixture)
{
  g_autofree char *expected = expected_markdown (fixture);
  g_autofree char *shown = bd_report_step_dup_view_text (fixture->step);

  g_assert_cmpstr (shown, ==, expected);
  g_assert_true (g_str_has_prefix (shown, "# "));
}

/* Every email address and IPv4 address of @text. */
static GPtrArray *
find_addresses (const char *text)
{
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  GPtrArray *found = g_ptr_array_new_with_free_func (g_free);

  regex = g_regex_new ("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}"
                       "|(?<![0-9.])(?:[0-9]{1,3}\\.){3}[0-9]{1,3}(?![0-9])",
                       0, 0, NULL);
  g_regex_match (regex, text, 0, &match);
  while (g_match_info_matches (match))
    {
      g_ptr_array_add (found, g_match_info_fetch (match, 0));
      g_match_info_next (match, NULL);
    }
  return found;
}

static void
assert_none_of (GPtrArray  *addresses,
                const char *text,
                const char *where)
{
  g_assert_nonnull (text);
  for (guint i = 0; i < addresses->len; i++)
    if (strstr (text, g_ptr_array_index (addresses, i)) != NULL)
      g_error ("“%s” is still in %s", (char *) g_ptr_array_index (addresses, i), where);
}

/* Splits a mailto: link into its decoded subject and body (line ends
 * back to \n). */
static void
decode_mailto (const char  *uri,
               char       **subject,
               char       **body)
{
  const char *s, *b;
  g_autofree char *raw_subject = NULL;
  g_autofree char *raw_body = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_true (g_str_has_prefix (uri, "mailto:?subject="));
  s = uri + strlen ("mailto:?subject=");
  b = strstr (s, "&body=");
  g_assert_nonnull (b);
  /* nothing unescaped that a mail program could misread */
  for (const char *p = uri + strlen ("mailto:?"); *p; p++)
    g_assert_true (g_ascii_isalnum (*p) || strchr ("-._~%=&", *p) != NULL);

  raw_subject = g_strndup (s, b - s);
  raw_body = g_strdup (b + strlen ("&body="));
  *subject = g_uri_unescape_string (raw_subject, NULL);
  g_assert_nonnull (*subject);
  {
    g_autofree char *crlf = g_uri_unescape_string (raw_body, NULL);
    g_assert_nonnull (crlf);
    lines = g_strsplit (crlf, "\r\n", -1);
    *body = g_strjoinv ("\n", lines);
  }
  g_assert_null (strchr (*body, '\r'));
}

static void
clipboard_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  char **text = user_data;
  g_autoptr(GError) error = NULL;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, &error);
  g_assert_no_error (error);
  if (*text == NULL)
    *text = g_strdup ("");
}

static gboolean
is_set (gpointer data)
{
  return *(char **) data != NULL;
}

static char *
read_clipboard (Fixture *fixture)
{
  char *text = NULL;

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (fixture->step)),
                                 NULL, clipboard_cb, &text);
  bd_test_wait_until (is_set, &text, "the clipboard");
  return text;
}

typedef struct
{
  gboolean  done;
  GError   *error;
} WriteResult;

static void
written_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  WriteResult *r = user_data;

  bd_report_step_write_file_finish (BD_REPORT_STEP (object), result, &r->error);
  r->done = TRUE;
}

/* Saves as the dialogs would and reads the file back. */
static char *
save_and_read (Fixture        *fixture,
               const char     *name,
               BdReportFormat  format)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  WriteResult r = { FALSE, NULL };
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  bd_report_step_write_file_async (fixture->step, file, format, NULL, written_cb, &r);
  bd_test_wait_until (is_true, &r.done, "the file to be written");
  g_assert_no_error (r.error);
  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

/* A label somewhere under @widget that shows @text. */
static gboolean
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return gtk_widget_get_mapped (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (find_label (child, text))
      return TRUE;
  return FALSE;
}

typedef struct
{
  GtkWidget  *root;
  const char *text;
} FindLabel;

static gboolean
label_shown (gpointer data)
{
  FindLabel *f = data;
  return find_label (f->root, f->text);
}

static void
take_screenshots (Fixture    *fixture,
                  const char *name)
{
  g_autofree char *narrow = g_strdup_printf ("%s-narrow", name);
  int minimum = 0;

  bd_test_resize (fixture->window, 1024, 768);
  bd_test_save_screenshot (GTK_WIDGET (fixture->step), name);
  bd_test_resize (fixture->window, 360, 720);
  /* the step fits a phone-sized window */
  gtk_widget_measure (GTK_WIDGET (fixture->step), GTK_ORIENTATION_HORIZONTAL, -1,
                      &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <=, 360);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->step)), <=, 360);
  bd_test_save_screenshot (GTK_WIDGET (fixture->step), narrow);
  bd_test_resize (fixture->window, 1024, 768);
}

/* ------------------------------------------------------------------ */
/* Tests                                                                */

static void
test_report_step_empty (Fixture       *fixture,
                        gconstpointer  data)
{
  GtkWidget *stack = gtk_widget_get_first_child (GTK_WIDGET (fixture->step));
  g_autofree char *shown = bd_report_step_dup_view_text (fixture->step);

  g_assert_cmpstr (bd_step_get_title (BD_STEP (fixture->step)), ==, "Report");
  g_assert_cmpstr (bd_step_get_help_page (BD_STEP (fixture->step)), ==, "report");
  g_assert_false (bd_step_get_complete (BD_STEP (fixture->step)));
  g_assert_true (GTK_IS_STACK (stack));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "empty");
  g_assert_true (find_label (GTK_WIDGET (fixture->step), "No Report Yet"));
  g_assert_cmpstr (shown, ==, "");
  g_assert_null (bd_report_step_dup_text (fixture->step, BD_REPORT_FORMAT_MARKDOWN));
  g_assert_null (bd_report_step_build_mailto_uri (fixture->step, NULL));
  /* the actions are off: nothing to copy */
  gtk_widget_activate_action (GTK_WIDGET (fixture->step), "report.copy", NULL);
  g_assert_false (find_label (fixture->overlay, "Report copied"));
}

static void
test_report_step_seed (Fixture       *fixture,
                       gconstpointer  data)
{
  GtkWidget *stack = gtk_widget_get_first_child (GTK_WIDGET (fixture->step));
  g_autofree char *all = NULL;
  g_autofree char *filtered = NULL;
  g_autofree char *copied = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *json = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  g_autofree char *headline = NULL;
  g_autofree char *expected_subject = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  FindLabel toast = { fixture->overlay, "Report copied" };
  gboolean shortened = FALSE;
  JsonObject *root;

  analyse_sample (fixture, "mdaemon-seed.log");

  g_assert_true (bd_step_get_complete (BD_STEP (fixture->step)));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "report");
  g_assert_true (find_label (GTK_WIDGET (fixture->step), "Hide addresses"));
  g_assert_false (gtk_widget_get_visible (bd_report_step_get_ticket_box (fixture->step)));
  g_assert_false (gtk_switch_get_active (bd_report_step_get_redact_switch (fixture->step)));

  /* the view shows the Markdown report, with every program's fixes */
  assert_view_shows_report (fixture);
  all = bd_report_step_dup_view_text (fixture->step);
  g_assert_nonnull (strstr (all, "**The message does not follow the mail format standard**"));
  g_assert_nonnull (strstr (all, "- **Reply code:** 554 (permanent failure)\n"));
  g_assert_nonnull (strstr (all, "> Message does not conform to standards\n"));
  g_assert_nonnull (strstr (all, "**Outlook (classic) — Find out which program built the message**"));

  take_screenshots (fixture, "report-mdaemon-seed");

  /* the program and server chosen on the Fixes step narrow the fixes */
  bd_session_set_program (fixture->session, "thunderbird");
  bd_session_set_server (fixture->session, "mdaemon");
  bd_test_flush ();
  assert_view_shows_report (fixture);
  filtered = bd_report_step_dup_view_text (fixture->step);
  g_assert_nonnull (strstr (filtered, "**Thunderbird — Find out which program built the message**"));
  g_assert_null (strstr (filtered, "Outlook (classic) —"));
  g_assert_nonnull (strstr (filtered, "**MDaemon — Remove the dead list from MDaemon**"));
  g_assert_null (strstr (filtered, "Postfix —"));
  g_assert_cmpuint (strlen (filtered), <, strlen (all));

  /* Copy: the same text on the clipboard, and a toast */
  gtk_widget_activate_action (GTK_WIDGET (fixture->step), "report.copy", NULL);
  copied = read_clipboard (fixture);
  g_assert_cmpstr (copied, ==, filtered);
  bd_test_wait_until (label_shown, &toast, "the “Report copied” toast");

  /* Save As… writes the same text; Export JSON… the session's JSON */
  saved = save_and_read (fixture, "bounce-report.md", BD_REPORT_FORMAT_MARKDOWN);
  g_assert_cmpstr (saved, ==, filtered);
  json = save_and_read (fixture, "bounce-report.json", BD_REPORT_FORMAT_JSON);
  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (root, "schema"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (
                     json_array_get_object_element (json_object_get_array_member (root, "failures"), 0),
                     "recipient"), ==, "orders@example.com");

  /* Email: the headline as subject; the report is too long for a link, so
   * the body is a summary that says where the full report is */
  uri = bd_report_step_build_mailto_uri (fixture->step, &shortened);
  g_assert_nonnull (uri);
  g_assert_cmpuint (strlen (uri), <=, BD_REPORT_STEP_MAILTO_MAX);
  decode_mailto (uri, &subject, &body);
  headline = bd_write_dup_headline (bd_session_get_report (fixture->session), BD_WRITE_FLAGS_NONE);
  expected_subject = g_strdup_printf ("Bounced email: %s", headline);
  g_assert_cmpstr (subject, ==, expected_subject);
  g_assert_true (shortened);
  g_assert_true (g_str_has_prefix (body, "The full report is too long for an email link."));
  g_assert_nonnull (strstr (body, "copied to the clipboard"));
  g_assert_nonnull (strstr (body, headline));
  g_assert_nonnull (strstr (body, "orders@example.com — 554 (permanent failure) — Message transfer (DATA)"));
  /* the body decodes back to the summary the link was made of */
  {
    g_autoptr(GString) summary = g_string_new (NULL);

    bd_write_markdown_summary (summary, bd_session_get_report (fixture->session), BD_WRITE_FLAGS_NONE);
    g_assert_true (g_str_has_suffix (body, summary->str));
  }
}

static void
test_report_step_mailto (void)
{
  g_autofree char *uri = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  g_autofree char *long_body = NULL;
  g_autoptr(GString) summary = g_string_new ("Кратко: ");
  gboolean shortened = TRUE;

  /* a body that fits goes whole, line ends as CRLF */
  uri = _bd_report_build_mailto ("Bounced email: 5.7.1 & more?",
                                 "# Report\n\n- a@b.example — 550 = refused #1\n> ok",
                                 "summary", 1800, &shortened);
  g_assert_false (shortened);
  g_assert_nonnull (strstr (uri, "%0D%0A"));
  decode_mailto (uri, &subject, &body);
  g_assert_cmpstr (subject, ==, "Bounced email: 5.7.1 & more?");
  g_assert_cmpstr (body, ==, "# Report\n\n- a@b.example — 550 = refused #1\n> ok");
  g_clear_pointer (&uri, g_free);
  g_clear_pointer (&subject, g_free);
  g_clear_pointer (&body, g_free);

  /* too long: the summary instead, itself cut (Cyrillic escapes to six
   * characters a letter) at a character boundary */
  long_body = g_strnfill (5000, 'x');
  for (guint i = 0; i < 200; i++)
    g_string_append (summary, "проверка ");
  uri = _bd_report_build_mailto ("Тема", long_body, summary->str, 1800, &shortened);
  g_assert_true (shortened);
  g_assert_cmpuint (strlen (uri), <=, 1800);
  g_assert_cmpuint (strlen (uri), >, 1500);
  decode_mailto (uri, &subject, &body);
  g_assert_cmpstr (subject, ==, "Тема");
  g_assert_true (g_utf8_validate (body, -1, NULL));
  g_assert_true (g_str_has_prefix (body, "Кратко: проверка"));
  g_assert_true (g_str_has_suffix (body, "…"));
}

static void
test_report_step_redact (Fixture       *fixture,
                         gconstpointer  data)
{
  GtkSwitch *redact = bd_report_step_get_redact_switch (fixture->step);
  g_autofree char *plain = NULL;
  g_autofree char *plain_json = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *copied = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *json = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  g_autoptr(GPtrArray) addresses = NULL;

  analyse_sample (fixture, "mdaemon-seed.log");
  plain = bd_report_step_dup_view_text (fixture->step);
  plain_json = bd_report_step_dup_text (fixture->step, BD_REPORT_FORMAT_JSON);
  addresses = find_addresses (plain);
  {
    g_autoptr(GPtrArray) more = find_addresses (plain_json);
    for (guint i = 0; i < more->len; i++)
      g_ptr_array_add (addresses, g_strdup (g_ptr_array_index (more, i)));
  }
  /* the seed has a sender, a recipient and the client's IP */
  g_assert_cmpuint (addresses->len, >=, 3);

  /* the switch is the session's redact property, both ways */
  gtk_switch_set_active (redact, TRUE);
  bd_test_flush ();
  g_assert_true (bd_session_get_redact (fixture->session));
  bd_session_set_redact (fixture->session, FALSE);
  g_assert_false (gtk_switch_get_active (redact));
  gtk_switch_set_active (redact, TRUE);
  bd_test_flush ();

  /* the view */
  assert_view_shows_report (fixture);
  shown = bd_report_step_dup_view_text (fixture->step);
  assert_none_of (addresses, shown, "the view");
  g_assert_nonnull (strstr (shown, "user1@"));
  g_assert_nonnull (strstr (shown, "ipv4-1"));

  /* the clipboard */
  gtk_widget_activate_action (GTK_WIDGET (fixture->step), "report.copy", NULL);
  copied = read_clipboard (fixture);
  g_assert_cmpstr (copied, ==, shown);

  /* the files */
  saved = save_and_read (fixture, "redacted.md", BD_REPORT_FORMAT_MARKDOWN);
  assert_none_of (addresses, saved, "the saved report");
  g_assert_cmpstr (saved, ==, shown);
  json = save_and_read (fixture, "redacted.json", BD_REPORT_FORMAT_JSON);
  assert_none_of (addresses, json, "the JSON export");
  g_assert_nonnull (strstr (json, "ipv4-"));

  /* the email link, encoded and decoded */
  uri = bd_report_step_build_mailto_uri (fixture->step, NULL);
  decode_mailto (uri, &subject, &body);
  assert_none_of (addresses, uri, "the mailto: link");
  assert_none_of (addresses, subject, "the email's subject");
  assert_none_of (addresses, body, "the email's body");
  g_assert_nonnull (strstr (body, "user"));

  take_screenshots (fixture, "report-mdaemon-seed-redacted");
}

static void
test_report_step_helpdesk (Fixture       *fixture,
                           gconstpointer  data)
{
  BdKb *kb = bd_kb_get_default ();
  const BdKbQuestion *question = bd_kb_get_question (kb, 0);
  GtkListBox *answers = bd_report_step_get_answers_list (fixture->step);
  g_autofree char *headline = NULL;
  gboolean found = FALSE;

  analyse_sample (fixture, "exchange2007-ru.eml");
  assert_view_shows_report (fixture);
  take_screenshots (fixture, "report-exchange2007-ru");

  bd_session_set_helpdesk (fixture->session, TRUE);
  bd_test_flush ();
  g_assert_true (gtk_widget_get_visible (bd_report_step_get_ticket_box (fixture->step)));
  g_assert_true (find_label (bd_report_step_get_ticket_box (fixture->step), "Ticket note"));
  headline = bd_write_dup_headline (bd_session_get_report (fixture->session), BD_WRITE_FLAGS_NONE);
  g_assert_cmpstr (gtk_label_get_label (bd_report_step_get_ticket_headline (fixture->step)), ==, headline);
  /* nothing answered yet */
  g_assert_null (gtk_list_box_get_row_at_index (answers, 0));
  g_assert_true (find_label (GTK_WIDGET (answers), "No questions were answered yet."));

  /* an answer shows up at once */
  g_assert_nonnull (question);
  bd_session_set_answer (fixture->session, question->id, BD_ANSWER_YES);
  bd_test_flush ();
  for (int i = 0; gtk_list_box_get_row_at_index (answers, i) != NULL; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (answers, i);

      g_assert_true (ADW_IS_ACTION_ROW (row));
      if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                     bd_kb_gettext (question->text)) == 0)
        {
          g_assert_true (find_label (GTK_WIDGET (row), "Yes"));
          found = TRUE;
        }
    }
  g_assert_true (found);
  assert_view_shows_report (fixture);

  take_screenshots (fixture, "report-exchange2007-ru-helpdesk");

  bd_session_set_helpdesk (fixture->session, FALSE);
  g_assert_false (gtk_widget_get_visible (bd_report_step_get_ticket_box (fixture->step)));
}

static void
test_report_step_cleared (Fixture       *fixture,
                          gconstpointer  data)
{
  GtkWidget *stack = gtk_widget_get_first_child (GTK_WIDGET (fixture->step));
  g_autofree char *shown = NULL;

  analyse_sample (fixture, "mdaemon-seed.log");
  g_assert_true (bd_step_get_complete (BD_STEP (fixture->step)));

  /* Start Over */
  bd_session_clear (fixture->session);
  bd_test_flush ();
  shown = bd_report_step_dup_view_text (fixture->step);
  g_assert_cmpstr (shown, ==, "");
  g_assert_false (bd_step_get_complete (BD_STEP (fixture->step)));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "empty");
}

int
main (int   argc,
      char *argv[])
{
  bd_test_gtk_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/bd/report-step/empty", test_report_step_empty);
  ADD ("/bd/report-step/seed", test_report_step_seed);
  ADD ("/bd/report-step/redact", test_report_step_redact);
  ADD ("/bd/report-step/helpdesk", test_report_step_helpdesk);
  ADD ("/bd/report-step/cleared", test_report_step_cleared);
  g_test_add_func ("/bd/report-step/mailto", test_report_step_mailto);

#undef ADD

  return g_test_run ();
}
