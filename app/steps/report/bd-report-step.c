/* bd-report-step.c: the wizard's report step
 *
 * The diagnosis as Markdown, for the mail program and server chosen on the
 * Fixes step, with the ways to share it: Copy, Save As…, Email to
 * Administrator (a mailto: link) and Export JSON…. "Hide addresses" is the
 * session's redact property, so whatever leaves the app goes through the
 * same redaction as what the view shows.
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "bd-error.h"
#include "bd-markdown.h"

#include "bd-report-step-private.h"

struct _BdReportStep
{
  BdStep          parent_instance;

  /* Template widgets */
  GtkStack       *stack;
  GtkWidget      *ticket_box;
  GtkLabel       *ticket_headline;
  GtkListBox     *answers_list;
  GtkSwitch      *redact_switch;
  GtkTextView    *text_view;

  GCancellable   *cancellable;
};

G_DEFINE_FINAL_TYPE (BdReportStep, bd_report_step, BD_TYPE_STEP)

/* ------------------------------------------------------------------ */
/* What is shared                                                       */

static BdWriteFlags
bd_report_step_get_flags (BdReportStep *self)
{
  BdSession *session = bd_step_get_session (BD_STEP (self));

  return session != NULL && bd_session_get_redact (session) ? BD_WRITE_FLAGS_REDACT
                                                            : BD_WRITE_FLAGS_NONE;
}

static BdReport *
bd_report_step_get_report (BdReportStep *self)
{
  BdSession *session = bd_step_get_session (BD_STEP (self));

  return session != NULL ? bd_session_get_report (session) : NULL;
}

/**
 * bd_report_step_dup_text:
 *
 * Returns: (transfer full) (nullable): the report as it is shared, in
 *   @format, redacted when the session's #BdSession:redact is set
 */
char *
bd_report_step_dup_text (BdReportStep   *self,
                         BdReportFormat  format)
{
  BdSession *session;
  BdReport *report;
  GString *out;

  g_return_val_if_fail (BD_IS_REPORT_STEP (self), NULL);

  session = bd_step_get_session (BD_STEP (self));
  report = bd_report_step_get_report (self);
  if (report == NULL)
    return NULL;

  if (format == BD_REPORT_FORMAT_JSON)
    return bd_session_dup_report_json (session);

  out = g_string_new (NULL);
  bd_write_markdown (out, report,
                     bd_session_get_program (session),
                     bd_session_get_server (session),
                     bd_report_step_get_flags (self));
  return g_string_free (out, FALSE);
}

char *
bd_report_step_dup_view_text (BdReportStep *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (BD_IS_REPORT_STEP (self), NULL);

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
bd_report_step_toast (BdReportStep *self,
                      const char   *title)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay == NULL)
    return;
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (title));
}

/* ------------------------------------------------------------------ */
/* The mailto: link                                                     */

/* RFC 6068: a line break in the body is written as %0D%0A. */
static char *
escape_body (const char *text)
{
  g_autoptr(GString) crlf = g_string_sized_new (strlen (text) + 64);

  for (const char *p = text; *p; p++)
    {
      if (*p == '\n' && (p == text || p[-1] != '\r'))
        g_string_append_c (crlf, '\r');
      g_string_append_c (crlf, *p);
    }
  return g_uri_escape_string (crlf->str, NULL, FALSE);
}

/* The length of one character (@len bytes at @p) once escaped. */
static gsize
escaped_length (const char *p,
                gsize       len)
{
  if (len == 1 && *p == '\n')
    return 6;
  if (len == 1 && (g_ascii_isalnum (*p) || strchr ("-._~", *p) != NULL))
    return 1;
  return 3 * len;
}

/**
 * _bd_report_build_mailto:
 * @subject: the subject, plain text
 * @body: the whole report
 * @summary: what to send instead when @body makes the link too long; cut
 *   to fit when it is too long itself
 * @shortened: (out) (optional): whether @summary was used
 *
 * Returns: (transfer full): a mailto: link without a recipient, so the
 *   user picks their administrator in the mail program
 */
char *
_bd_report_build_mailto (const char *subject,
                         const char *body,
                         const char *summary,
                         gsize       max_length,
                         gboolean   *shortened)
{
  g_autofree char *escaped_subject = NULL;
  g_autofree char *escaped_body = NULL;
  g_autofree char *prefix = NULL;
  g_autoptr(GString) fit = NULL;
  const char *ellipsis = "…";
  gsize budget, used = 0;
  const char *p;

  g_return_val_if_fail (subject != NULL, NULL);
  g_return_val_if_fail (body != NULL, NULL);
  g_return_val_if_fail (summary != NULL, NULL);

  escaped_subject = g_uri_escape_string (subject, NULL, FALSE);
  prefix = g_strconcat ("mailto:?subject=", escaped_subject, "&body=", NULL);
  escaped_body = escape_body (body);

  if (shortened != NULL)
    *shortened = FALSE;
  if (strlen (prefix) + strlen (escaped_body) <= max_length)
    return g_strconcat (prefix, escaped_body, NULL);

  if (shortened != NULL)
    *shortened = TRUE;
  budget = max_length > strlen (prefix) ? max_length - strlen (prefix) : 0;
  budget = budget > 3 * strlen (ellipsis) ? budget - 3 * strlen (ellipsis) : 0;

  fit = g_string_new (NULL);
  for (p = summary; *p; p = g_utf8_next_char (p))
    {
      gsize len = g_utf8_next_char (p) - p;
      gsize n = escaped_length (p, len);

      if (used + n > budget)
        break;
      used += n;
      g_string_append_len (fit, p, len);
    }
  if (*p != '\0')
    g_string_append (fit, ellipsis);

  g_clear_pointer (&escaped_body, g_free);
  escaped_body = escape_body (fit->str);
  return g_strconcat (prefix, escaped_body, NULL);
}

/**
 * bd_report_step_build_mailto_uri:
 * @shortened: (out) (optional): whether the link holds only a summary
 *
 * Returns: (transfer full) (nullable): the link of Email to Administrator
 */
char *
bd_report_step_build_mailto_uri (BdReportStep *self,
                                 gboolean     *shortened)
{
  BdReport *report;
  BdWriteFlags flags;
  g_autofree char *headline = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  g_autoptr(GString) summary = NULL;

  g_return_val_if_fail (BD_IS_REPORT_STEP (self), NULL);

  report = bd_report_step_get_report (self);
  if (report == NULL)
    return NULL;

  flags = bd_report_step_get_flags (self);
  headline = bd_write_dup_headline (report, flags);
  if (g_utf8_strlen (headline, -1) > 100)
    {
      char *cut = g_utf8_substring (headline, 0, 99);
      g_free (headline);
      headline = g_strconcat (cut, "…", NULL);
      g_free (cut);
    }
  /* Translators: the subject of the email to the administrator; %s is the
   * most likely cause, e.g. "The message does not follow the mail format standard" */
  subject = g_strdup_printf (_("Bounced email: %s"), headline);
  body = bd_report_step_dup_text (self, BD_REPORT_FORMAT_MARKDOWN);

  summary = g_string_new (_("The full report is too long for an email link. It has been copied to the clipboard: paste it into this message."));
  g_string_append (summary, "\n\n");
  bd_write_markdown_summary (summary, report, flags);

  return _bd_report_build_mailto (subject, body, summary->str, BD_REPORT_STEP_MAILTO_MAX, shortened);
}

/* ------------------------------------------------------------------ */
/* Saving                                                               */

static void
write_file_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * bd_report_step_write_file_async:
 * @file: where to write
 * @format: Markdown or JSON
 *
 * Writes the report as it is shared (redacted when asked) to @file,
 * replacing it.
 */
void
bd_report_step_write_file_async (BdReportStep        *self,
                                 GFile               *file,
                                 BdReportFormat       format,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  char *contents;

  g_return_if_fail (BD_IS_REPORT_STEP (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bd_report_step_write_file_async);

  contents = bd_report_step_dup_text (self, format);
  if (contents == NULL)
    {
      g_task_return_new_error (task, BD_ERROR, BD_ERROR_FAILED, "%s",
                               _("There is no report to save yet."));
      return;
    }
  /* the contents must live until the write is done */
  g_task_set_task_data (task, contents, g_free);
  g_file_replace_contents_async (file, contents, strlen (contents), NULL, FALSE,
                                 G_FILE_CREATE_NONE, cancellable,
                                 write_file_cb, g_steal_pointer (&task));
}

gboolean
bd_report_step_write_file_finish (BdReportStep  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (BD_IS_REPORT_STEP (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(BdReportStep) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!bd_report_step_write_file_finish (self, result, &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Translators: %s is the reason, e.g. "Permission denied" */
      message = g_strdup_printf (_("Could not save the report: %s"), error->message);
      bd_report_step_toast (self, message);
      return;
    }
  bd_report_step_toast (self, _("Report saved"));
}

static void
save_response_cb (GtkNativeDialog *native,
                  int              response,
                  gpointer         user_data)
{
  g_autoptr(BdReportStep) self = user_data;
  BdReportFormat format = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (native), "bd-format"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      if (file != NULL)
        bd_report_step_write_file_async (self, file, format, self->cancellable,
                                         saved_cb, g_object_ref (self));
    }
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

static void
add_filter (GtkFileChooser *chooser,
            const char     *name,
            const char     *pattern,
            const char     *mime_type)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_pattern (filter, pattern);
  gtk_file_filter_add_mime_type (filter, mime_type);
  gtk_file_chooser_add_filter (chooser, filter);
}

static void
bd_report_step_run_save_dialog (BdReportStep   *self,
                                BdReportFormat  format)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *native;
  gboolean json = format == BD_REPORT_FORMAT_JSON;

  native = gtk_file_chooser_native_new (json ? _("Export JSON") : _("Save Report"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native),
                                     json ? "bounce-report.json" : "bounce-report.md");
  if (json)
    add_filter (GTK_FILE_CHOOSER (native), _("JSON"), "*.json", "application/json");
  else
    {
      add_filter (GTK_FILE_CHOOSER (native), _("Markdown"), "*.md", "text/markdown");
      add_filter (GTK_FILE_CHOOSER (native), _("Text"), "*.txt", "text/plain");
    }
  g_object_set_data (G_OBJECT (native), "bd-format", GINT_TO_POINTER (format));
  g_signal_connect (native, "response", G_CALLBACK (save_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* ------------------------------------------------------------------ */
/* Actions                                                              */

void
bd_report_step_copy (BdReportStep *self)
{
  g_autofree char *text = NULL;

  g_return_if_fail (BD_IS_REPORT_STEP (self));

  text = bd_report_step_dup_text (self, BD_REPORT_FORMAT_MARKDOWN);
  if (text != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BdReportStep *self = BD_REPORT_STEP (widget);

  bd_report_step_copy (self);
  bd_report_step_toast (self, _("Report copied"));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  bd_report_step_run_save_dialog (BD_REPORT_STEP (widget), BD_REPORT_FORMAT_MARKDOWN);
}

static void
export_json_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  bd_report_step_run_save_dialog (BD_REPORT_STEP (widget), BD_REPORT_FORMAT_JSON);
}

static void
show_uri_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(BdReportStep) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_debug ("Could not open the mailto: link: %s", error->message);
      bd_report_step_toast (self, _("Could not open your mail program. Copy the report instead."));
    }
}

static void
email_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  BdReportStep *self = BD_REPORT_STEP (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  gboolean shortened = FALSE;
  g_autofree char *uri = bd_report_step_build_mailto_uri (self, &shortened);

  if (uri == NULL || !GTK_IS_WINDOW (root))
    return;

  if (shortened)
    {
      bd_report_step_copy (self);
      bd_report_step_toast (self, _("The report is too long for an email link and was copied: paste it into the message"));
    }
  gtk_show_uri_full (GTK_WINDOW (root), uri, GDK_CURRENT_TIME, self->cancellable,
                     show_uri_cb, g_object_ref (self));
}

/* ------------------------------------------------------------------ */
/* The view                                                             */

static const char *
answer_label (BdAnswer answer)
{
  switch (answer)
    {
    case BD_ANSWER_YES: return C_("answer", "Yes");
    case BD_ANSWER_NO: return C_("answer", "No");
    case BD_ANSWER_UNKNOWN:
    default:
      return C_("answer", "Don’t know");
    }
}

static void
add_answer_row (BdReportStep       *self,
                const BdKbQuestion *question,
                BdAnswer            answer)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (answer_label (answer));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), bd_kb_gettext (question->text));
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  /* the answer stands out: it is what the ticket records */
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  gtk_list_box_append (self->answers_list, row);
}

/* Helpdesk mode: the headline and the answers, for the ticket. The
 * answers come from the report (as in the Markdown) or, until they are
 * recorded there, from the session. */
static void
bd_report_step_update_ticket (BdReportStep *self,
                              BdReport     *report)
{
  BdSession *session = bd_step_get_session (BD_STEP (self));
  GtkListBoxRow *row;
  g_autofree char *headline = NULL;

  gtk_widget_set_visible (self->ticket_box, report != NULL && bd_session_get_helpdesk (session));

  /* the rows only: the placeholder is a child too */
  while ((row = gtk_list_box_get_row_at_index (self->answers_list, 0)) != NULL)
    gtk_list_box_remove (self->answers_list, GTK_WIDGET (row));
  if (report == NULL)
    {
      gtk_label_set_label (self->ticket_headline, "");
      return;
    }

  headline = bd_write_dup_headline (report, bd_report_step_get_flags (self));
  gtk_label_set_label (self->ticket_headline, headline);

  if (report->answers != NULL)
    {
      for (guint i = 0; i < report->answers->len; i++)
        {
          const BdReportAnswer *a = &g_array_index (report->answers, BdReportAnswer, i);
          if (a->question != NULL && a->question->text != NULL)
            add_answer_row (self, a->question, a->answer);
        }
    }
  else
    {
      BdKb *kb = bd_kb_get_default ();

      for (guint i = 0; i < bd_kb_get_n_questions (kb); i++)
        {
          const BdKbQuestion *q = bd_kb_get_question (kb, i);
          BdAnswer answer = bd_session_get_answer (session, q->id);

          if (answer != BD_ANSWER_UNKNOWN)
            add_answer_row (self, q, answer);
        }
    }
}

static void
bd_report_step_update (BdReportStep *self)
{
  BdReport *report = bd_report_step_get_report (self);
  g_autofree char *text = bd_report_step_dup_text (self, BD_REPORT_FORMAT_MARKDOWN);

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), text ? text : "", -1);
  gtk_stack_set_visible_child_name (self->stack, report != NULL ? "report" : "empty");
  bd_report_step_update_ticket (self, report);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.copy", report != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.save", report != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.email", report != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.export-json", report != NULL);
  bd_step_set_complete (BD_STEP (self), report != NULL);
}

/* ------------------------------------------------------------------ */
/* Getters for tests                                                    */

GtkSwitch *
bd_report_step_get_redact_switch (BdReportStep *self)
{
  g_return_val_if_fail (BD_IS_REPORT_STEP (self), NULL);
  return self->redact_switch;
}

GtkWidget *
bd_report_step_get_ticket_box (BdReportStep *self)
{
  g_return_val_if_fail (BD_IS_REPORT_STEP (self), NULL);
  return self->ticket_box;
}

GtkLabel *
bd_report_step_get_ticket_headline (BdReportStep *self)
{
  g_return_val_if_fail (BD_IS_REPORT_STEP (self), NULL);
  return self->ticket_headline;
}

GtkListBox *
bd_report_step_get_answers_list (BdReportStep *self)
{
  g_return_val_if_fail (BD_IS_REPORT_STEP (self), NULL);
  return self->answers_list;
}

GtkTextView *
bd_report_step_get_text_view (BdReportStep *self)
{
  g_return_val_if_fail (BD_IS_REPORT_STEP (self), NULL);
  return self->text_view;
}

/* ------------------------------------------------------------------ */
/* GObject                                                              */

static void
bd_report_step_constructed (GObject *object)
{
  BdReportStep *self = BD_REPORT_STEP (object);
  BdSession *session;

  G_OBJECT_CLASS (bd_report_step_parent_class)->constructed (object);

  session = bd_step_get_session (BD_STEP (self));
  g_return_if_fail (BD_IS_SESSION (session));

  g_object_bind_property (session, "redact", self->redact_switch, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);

  /* the handler takes only @self: the signals' own arguments are not used */
  g_signal_connect_object (session, "notify::report",
                           G_CALLBACK (bd_report_step_update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "ranking-changed",
                           G_CALLBACK (bd_report_step_update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::program",
                           G_CALLBACK (bd_report_step_update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::server",
                           G_CALLBACK (bd_report_step_update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::redact",
                           G_CALLBACK (bd_report_step_update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::helpdesk",
                           G_CALLBACK (bd_report_step_update), self, G_CONNECT_SWAPPED);

  bd_report_step_update (self);
}

static void
bd_report_step_dispose (GObject *object)
{
  BdReportStep *self = BD_REPORT_STEP (object);

  g_cancellable_cancel (self->cancellable);

  /* AdwBin would unparent its child again after the template did. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), BD_TYPE_REPORT_STEP);

  G_OBJECT_CLASS (bd_report_step_parent_class)->dispose (object);
}

static void
bd_report_step_finalize (GObject *object)
{
  BdReportStep *self = BD_REPORT_STEP (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (bd_report_step_parent_class)->finalize (object);
}

static void
bd_report_step_class_init (BdReportStepClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = bd_report_step_constructed;
  object_class->dispose = bd_report_step_dispose;
  object_class->finalize = bd_report_step_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/bouncedoctor/BounceDoctor/steps/report/bd-report-step.ui");
  gtk_widget_class_bind_template_child (widget_class, BdReportStep, stack);
  gtk_widget_class_bind_template_child (widget_class, BdReportStep, ticket_box);
  gtk_widget_class_bind_template_child (widget_class, BdReportStep, ticket_headline);
  gtk_widget_class_bind_template_child (widget_class, BdReportStep, answers_list);
  gtk_widget_class_bind_template_child (widget_class, BdReportStep, redact_switch);
  gtk_widget_class_bind_template_child (widget_class, BdReportStep, text_view);

  gtk_widget_class_install_action (widget_class, "report.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "report.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "report.email", NULL, email_action);
  gtk_widget_class_install_action (widget_class, "report.export-json", NULL, export_json_action);
}

static void
bd_report_step_init (BdReportStep *self)
{
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  bd_step_set_title (BD_STEP (self), _("Report"));
  bd_step_set_help_page (BD_STEP (self), "report");
  bd_step_set_complete (BD_STEP (self), FALSE);

  placeholder = gtk_label_new (_("No questions were answered yet."));
  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (placeholder), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_widget_set_margin_start (placeholder, 12);
  gtk_widget_set_margin_end (placeholder, 12);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_list_box_set_placeholder (self->answers_list, placeholder);
}

GtkWidget *
bd_report_step_new (BdSession *session)
{
  g_return_val_if_fail (BD_IS_SESSION (session), NULL);

  return g_object_new (BD_TYPE_REPORT_STEP,
                       "session", session,
                       NULL);
}
