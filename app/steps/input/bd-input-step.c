/* bd-input-step.c: the wizard's input step
 *
 * The user pastes or types a bounce, opens or drops a file, loads an
 * example, reopens a recent diagnosis, or says they have no message at
 * all and picks a symptom. While text arrives, a worker thread analyses
 * it and a one-line summary appears under the text; "Next" analyses it
 * into the session. Files too large to show are analysed from disk with
 * a progress bar.
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "bd-diagnose.h"
#include "bd-document.h"

#include "bd-input-step-private.h"

G_DEFINE_FINAL_TYPE (BdInputStep, bd_input_step, BD_TYPE_STEP)

/* An icon that only decorates (a row's arrow): screen readers skip it
 * instead of reading "GtkImage". */
GtkWidget *
_bd_input_step_new_decorative_image (const char *icon_name)
{
  return g_object_new (GTK_TYPE_IMAGE,
                       "icon-name", icon_name,
                       "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                       NULL);
}

/* ------------------------------------------------------------------------ */
/* State */

static gboolean
bd_input_step_has_text (BdInputStep *self)
{
  return gtk_text_buffer_get_char_count (gtk_text_view_get_buffer (self->text_view)) > 0;
}

void
_bd_input_step_update (BdInputStep *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean applying = bd_step_get_applying (BD_STEP (self));
  gboolean has_text;

  /* The buffer may still change while the template is disposed. */
  if (self->text_view == NULL)
    return;

  has_text = bd_input_step_has_text (self);

  gtk_widget_set_visible (self->placeholder, !has_text);
  gtk_stack_set_visible_child_name (self->input_stack,
                                    self->large_file != NULL ? "large" : "text");
  gtk_widget_set_visible (self->summary_box,
                          self->large_file == NULL && has_text &&
                          *gtk_label_get_label (self->summary_label) != '\0');

  bd_step_set_complete (BD_STEP (self),
                        has_text || self->large_file != NULL || self->symptom_id != NULL);

  gtk_widget_action_set_enabled (widget, "input.cancel",
                                 applying && self->apply_cancellable != NULL);
  gtk_widget_action_set_enabled (widget, "input.close-file",
                                 self->large_file != NULL && !applying);
  gtk_widget_set_visible (self->close_file_button, !applying);
  gtk_widget_action_set_enabled (widget, "input.choose-file", !applying);
  gtk_widget_action_set_enabled (widget, "input.restore", !applying);
}

void
_bd_input_step_show_error (BdInputStep *self,
                           const char  *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  AdwToast *toast;

  if (overlay == NULL)
    {
      g_debug ("%s", message);
      return;
    }

  toast = adw_toast_new (message);
  /* The newest message at once; an older one waits its turn. */
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

static void
bd_input_step_show_file_error (BdInputStep  *self,
                               const GError *error)
{
  g_autofree char *message = NULL;

  /* Translators: %s is the system's reason, e.g. "Permission denied" */
  message = g_strdup_printf (_("Could not read the file: %s"), error->message);
  _bd_input_step_show_error (self, message);
}

/* Forgets where the input came from: the user edited the text. */
static void
bd_input_step_forget_source (BdInputStep *self)
{
  g_clear_pointer (&self->raw, g_bytes_unref);
  g_clear_pointer (&self->input_name, g_free);
  gtk_widget_set_visible (GTK_WIDGET (self->source_label), FALSE);
}

static void
bd_input_step_set_text (BdInputStep *self,
                        const char  *text,
                        gssize       len)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start;

  self->setting_text = TRUE;
  gtk_text_buffer_set_text (buffer, text, len);
  self->setting_text = FALSE;

  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
  gtk_text_view_scroll_to_iter (self->text_view, &start, 0.0, FALSE, 0.0, 0.0);
}

/* The text view needs valid UTF-8 without NUL bytes; the analysis gets
 * the original bytes. */
static char *
text_for_view (const char *data,
               gsize       len)
{
  g_autofree char *text = NULL;
  gsize text_len = 0;
  char *p;

  if (g_utf8_validate (data, len, NULL))
    return g_strndup (data, len);

  text = bd_text_to_utf8 (data, len, NULL, &text_len);
  for (p = memchr (text, '\0', text_len); p != NULL; p = memchr (p, '\0', text_len - (p - text)))
    *p = ' ';
  if (!g_utf8_validate (text, text_len, NULL))
    return g_utf8_make_valid (text, text_len);
  return g_steal_pointer (&text);
}

/* The bytes "Next" analyses. */
static GBytes *
bd_input_step_dup_input_bytes (BdInputStep *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  char *text;

  if (self->raw != NULL)
    return g_bytes_ref (self->raw);

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  return g_bytes_new_take (text, strlen (text));
}

/* ------------------------------------------------------------------------ */
/* The live summary (in a worker thread) */

typedef struct
{
  GBytes *bytes;
  char   *name;
  guint   serial;   /* the input it was made from */
} SummaryData;

static void
summary_data_free (SummaryData *data)
{
  g_bytes_unref (data->bytes);
  g_free (data->name);
  g_free (data);
}

/* The whole analysis, as Next would do it: Next takes its report instead
 * of analysing the same bytes again. */
static void
summary_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  SummaryData *data = task_data;
  gsize len = 0;
  const char *bytes = g_bytes_get_data (data->bytes, &len);

  g_task_return_pointer (task, bd_diagnose_data (bytes != NULL ? bytes : "", len, data->name),
                         (GDestroyNotify) bd_report_free);
}

static void
summary_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  BdInputStep *self = BD_INPUT_STEP (object);
  SummaryData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(BdReport) report = NULL;
  g_autofree char *summary = NULL;

  report = g_task_propagate_pointer (G_TASK (result), NULL);
  /* Replaced by a newer change, or the step is going away. */
  if (report == NULL || self->summary_label == NULL ||
      g_task_get_cancellable (G_TASK (result)) != self->summary_cancellable)
    return;

  self->summary_running = FALSE;
  g_clear_object (&self->summary_cancellable);
  summary = bd_report_dup_summary (report);
  gtk_label_set_label (self->summary_label, summary);

  g_clear_pointer (&self->summary_report, bd_report_free);
  g_clear_pointer (&self->summary_bytes, g_bytes_unref);
  self->summary_report = g_steal_pointer (&report);
  self->summary_bytes = g_bytes_ref (data->bytes);
  self->summary_serial = data->serial;
  _bd_input_step_update (self);
}

static gboolean
summary_timeout (gpointer user_data)
{
  BdInputStep *self = user_data;
  g_autoptr(GTask) task = NULL;
  SummaryData *data;

  self->summary_source = 0;

  self->summary_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->summary_cancellable, summary_cb, NULL);
  g_task_set_source_tag (task, summary_timeout);
  /* The text is taken once, here; the thread works on its own copy. */
  data = g_new0 (SummaryData, 1);
  data->bytes = bd_input_step_dup_input_bytes (self);
  data->name = g_strdup (self->input_name);
  data->serial = self->input_serial;
  g_task_set_task_data (task, data, (GDestroyNotify) summary_data_free);
  /* bd_diagnose_data() cannot be interrupted: a newer change takes over
   * at once and the old thread ends unseen. */
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, summary_thread);
  self->summary_running = TRUE;

  if (*gtk_label_get_label (self->summary_label) == '\0')
    {
      /* Translators: shown under the text while it is being analysed */
      gtk_label_set_label (self->summary_label, _("Reading…"));
      _bd_input_step_update (self);
    }

  return G_SOURCE_REMOVE;
}

/* Analyses the input again @delay ms from now; a change before then
 * postpones it. */
static void
bd_input_step_schedule_summary (BdInputStep *self,
                                guint        delay)
{
  g_clear_handle_id (&self->summary_source, g_source_remove);
  g_cancellable_cancel (self->summary_cancellable);
  g_clear_object (&self->summary_cancellable);
  self->summary_running = FALSE;

  if (self->large_file != NULL || (self->raw == NULL && !bd_input_step_has_text (self)))
    {
      gtk_label_set_label (self->summary_label, "");
      _bd_input_step_update (self);
      return;
    }

  self->summary_source = g_timeout_add (delay, summary_timeout, self);
  g_source_set_name_by_id (self->summary_source, "[bounce-doctor] input summary");
}

static void
on_buffer_changed (BdInputStep   *self,
                   GtkTextBuffer *buffer)
{
  if (self->setting_text)
    return;

  /* Edited by the user: the text no longer is the file's. */
  bd_input_step_forget_source (self);
  g_clear_pointer (&self->symptom_id, g_free);
  self->input_serial++;

  _bd_input_step_update (self);
  bd_input_step_schedule_summary (self, BD_INPUT_STEP_SUMMARY_DELAY_MS);
}

/* ------------------------------------------------------------------------ */
/* Input from files, examples and the history */

static void
bd_input_step_set_source_label (BdInputStep *self,
                                const char  *source)
{
  gtk_label_set_label (self->source_label, source != NULL ? source : "");
  gtk_widget_set_visible (GTK_WIDGET (self->source_label), source != NULL);
}

/**
 * _bd_input_step_take_input:
 * @bytes: the input in any charset; analysed as they are while the text
 *   is not edited
 * @name: (nullable): where it came from, for the report
 * @source: (nullable): a line over the text saying where it came from
 */
void
_bd_input_step_take_input (BdInputStep *self,
                           GBytes      *bytes,
                           const char  *name,
                           const char  *source)
{
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);
  g_autofree char *text = text_for_view (data != NULL ? data : "", len);

  g_clear_object (&self->large_file);
  g_clear_pointer (&self->symptom_id, g_free);
  gtk_stack_set_visible_child_name (self->stack, "input");

  bd_input_step_set_text (self, text, -1);
  g_clear_pointer (&self->raw, g_bytes_unref);
  self->raw = g_bytes_ref (bytes);
  g_free (self->input_name);
  self->input_name = g_strdup (name);
  bd_input_step_set_source_label (self, source);
  self->input_serial++;

  gtk_label_set_label (self->summary_label, "");
  _bd_input_step_update (self);
  bd_input_step_schedule_summary (self, 0);
}

static void
bd_input_step_set_large_file (BdInputStep *self,
                              GFile       *file,
                              const char  *display_name,
                              goffset      size)
{
  g_autofree char *size_str = g_format_size (size);
  g_autofree char *label = NULL;
  g_autofree char *basename = NULL;

  if (display_name == NULL)
    display_name = basename = g_file_get_basename (file);

  bd_input_step_forget_source (self);
  g_clear_pointer (&self->symptom_id, g_free);
  g_set_object (&self->large_file, file);
  self->input_name = g_file_get_parse_name (file);
  self->input_serial++;

  gtk_label_set_label (self->large_title, display_name);
  /* Translators: %s is a size like "120.5 MB" */
  label = g_strdup_printf (_("This file is too large to show (%s); it is analysed directly from the disk."),
                           size_str);
  gtk_label_set_label (self->large_label, label);
  gtk_widget_set_visible (self->progress_box, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "input");

  _bd_input_step_update (self);
  bd_input_step_schedule_summary (self, 0);
}

typedef struct
{
  BdInputStep  *self;
  GFile        *file;
  GCancellable *cancellable;
  char         *display_name;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->file);
  g_clear_object (&data->cancellable);
  g_free (data->display_name);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoadData, load_data_free)

static void
load_contents_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(LoadData) data = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  g_autofree char *source = NULL;
  BdInputStep *self = data->self;
  gsize len = 0;

  if (!g_file_load_contents_finish (G_FILE (object), result, &contents, &len, NULL, &error))
    {
      if (!g_cancellable_is_cancelled (data->cancellable) && self->text_view != NULL)
        bd_input_step_show_file_error (self, error);
      return;
    }

  if (g_cancellable_is_cancelled (data->cancellable) || self->text_view == NULL)
    return;

  if (len == 0)
    {
      /* Translators: %s is a file name */
      source = g_strdup_printf (_("The file “%s” is empty."), data->display_name);
      _bd_input_step_show_error (self, source);
      return;
    }

  bytes = g_bytes_new_take (g_steal_pointer (&contents), len);
  name = g_file_get_parse_name (data->file);
  /* Translators: over the text area; %s is a file name */
  source = g_strdup_printf (_("From the file “%s”"), data->display_name);
  _bd_input_step_take_input (self, bytes, name, source);
}

static void
query_info_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(LoadData) data = user_data;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  BdInputStep *self = data->self;
  GCancellable *cancellable;
  GFile *file;
  goffset size;

  info = g_file_query_info_finish (G_FILE (object), result, &error);

  if (g_cancellable_is_cancelled (data->cancellable) || self->text_view == NULL)
    return;

  if (info == NULL)
    {
      bd_input_step_show_file_error (self, error);
      return;
    }

  /* Devices and pipes could feed us endless data. */
  if (g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_TYPE) &&
      g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                           _("It is a folder or a device, not a regular file"));
      bd_input_step_show_file_error (self, error);
      return;
    }

  if (g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME))
    data->display_name = g_strdup (g_file_info_get_display_name (info));
  else
    data->display_name = g_file_get_basename (data->file);

  size = g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_SIZE)
         ? g_file_info_get_size (info) : 0;

  if (size > BD_INPUT_STEP_MAX_SHOWN_SIZE)
    {
      bd_input_step_set_large_file (self, data->file, data->display_name, size);
      return;
    }

  file = data->file;
  cancellable = data->cancellable;
  g_file_load_contents_async (file, cancellable, load_contents_cb, g_steal_pointer (&data));
}

/**
 * bd_input_step_open_file:
 *
 * Loads @file into the text area, where the live summary analyses it,
 * or, when it is too large to show, offers it for analysis from disk
 * ("Next" then shows a progress bar). Folders, devices and unreadable
 * files give a message and leave the input as it was.
 */
void
bd_input_step_open_file (BdInputStep *self,
                         GFile       *file)
{
  LoadData *data;

  g_return_if_fail (BD_IS_INPUT_STEP (self));
  g_return_if_fail (G_IS_FILE (file));

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();

  data = g_new0 (LoadData, 1);
  data->self = g_object_ref (self);
  data->file = g_object_ref (file);
  data->cancellable = g_object_ref (self->load_cancellable);

  g_file_query_info_async (file,
                           G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                           G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                           G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME,
                           G_FILE_QUERY_INFO_NONE,
                           G_PRIORITY_DEFAULT,
                           self->load_cancellable,
                           query_info_cb,
                           data);
}

static void
on_chooser_response (BdInputStep     *self,
                     int              response,
                     GtkNativeDialog *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        bd_input_step_open_file (self, file);
    }

  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);
}

static void
add_filter (GtkFileChooser *chooser,
            const char     *name,
            const char     *mime_types,
            const char     *suffixes)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_auto(GStrv) types = g_strsplit (mime_types, " ", -1);
  g_auto(GStrv) exts = g_strsplit (suffixes, " ", -1);

  gtk_file_filter_set_name (filter, name);
  for (guint i = 0; types[i] != NULL; i++)
    if (*types[i] != '\0')
      gtk_file_filter_add_mime_type (filter, types[i]);
  for (guint i = 0; exts[i] != NULL; i++)
    if (*exts[i] != '\0')
      gtk_file_filter_add_suffix (filter, exts[i]);
  gtk_file_chooser_add_filter (chooser, filter);
}

/**
 * bd_input_step_choose_file:
 *
 * Shows the file chooser (the portal inside Flatpak) and opens the
 * chosen file.
 */
void
bd_input_step_choose_file (BdInputStep *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  GtkRoot *root;

  g_return_if_fail (BD_IS_INPUT_STEP (self));

  if (self->chooser != NULL)
    {
      gtk_native_dialog_show (self->chooser);
      return;
    }

  root = gtk_widget_get_root (GTK_WIDGET (self));
  /* Translators: the title of the file chooser */
  chooser = gtk_file_chooser_native_new (_("Open a Bounce or a Log"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Open"),
                                         _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);

  add_filter (GTK_FILE_CHOOSER (chooser), _("Emails and Logs"),
              "message/rfc822 application/mbox text/plain",
              "eml mbox log txt");
  /* Translators: a file type in the file chooser */
  add_filter (GTK_FILE_CHOOSER (chooser), _("Email Messages (.eml)"),
              "message/rfc822", "eml");
  /* Translators: a file type in the file chooser */
  add_filter (GTK_FILE_CHOOSER (chooser), _("Text and Log Files (.txt, .log)"),
              "text/plain", "txt log");
  /* Translators: a file type in the file chooser */
  add_filter (GTK_FILE_CHOOSER (chooser), _("Mailboxes (mbox)"),
              "application/mbox", "mbox");
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);

  g_signal_connect_object (chooser, "response",
                           G_CALLBACK (on_chooser_response), self,
                           G_CONNECT_SWAPPED);

  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

static void
bd_input_step_close_large_file (BdInputStep *self)
{
  if (self->large_file == NULL)
    return;

  g_clear_object (&self->large_file);
  g_clear_pointer (&self->input_name, g_free);
  self->input_serial++;
  _bd_input_step_update (self);
  bd_input_step_schedule_summary (self, 0);
}

/**
 * bd_input_step_paste:
 *
 * Pastes the clipboard into the text area at the cursor.
 */
void
bd_input_step_paste (BdInputStep *self)
{
  g_return_if_fail (BD_IS_INPUT_STEP (self));

  bd_input_step_close_large_file (self);
  gtk_stack_set_visible_child_name (self->stack, "input");
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
  g_signal_emit_by_name (self->text_view, "paste-clipboard");
}

/* ------------------------------------------------------------------------ */
/* Drag and drop */

static gboolean
on_drop (BdInputStep   *self,
         const GValue  *value,
         double         x,
         double         y,
         GtkDropTarget *target)
{
  gtk_widget_unset_state_flags (self->text_frame, GTK_STATE_FLAG_DROP_ACTIVE);

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *files = gdk_file_list_get_files (g_value_get_boxed (value));

      if (files != NULL)
        {
          bd_input_step_open_file (self, files->data);
          if (files->next != NULL)
            _bd_input_step_show_error (self, _("Only the first of the dropped files was opened."));
        }
      g_slist_free (files);
      return files != NULL;
    }

  if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    {
      bd_input_step_open_file (self, g_value_get_object (value));
      return TRUE;
    }

  if (G_VALUE_HOLDS (value, G_TYPE_STRING) && g_value_get_string (value) != NULL)
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);

      bd_input_step_close_large_file (self);
      gtk_stack_set_visible_child_name (self->stack, "input");
      gtk_text_buffer_insert_at_cursor (buffer, g_value_get_string (value), -1);
      gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
      return TRUE;
    }

  return FALSE;
}

static GdkDragAction
on_drop_enter (BdInputStep   *self,
               double         x,
               double         y,
               GtkDropTarget *target)
{
  gtk_widget_set_state_flags (self->text_frame, GTK_STATE_FLAG_DROP_ACTIVE, FALSE);
  return GDK_ACTION_COPY;
}

static void
on_drop_leave (BdInputStep   *self,
               GtkDropTarget *target)
{
  gtk_widget_unset_state_flags (self->text_frame, GTK_STATE_FLAG_DROP_ACTIVE);
}

/* ------------------------------------------------------------------------ */
/* "Next" */

static gboolean
apply_failed_idle (gpointer user_data)
{
  BdInputStep *self = user_data;

  bd_step_apply_complete (BD_STEP (self), FALSE);
  return G_SOURCE_REMOVE;
}

static void
apply_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(BdInputStep) self = user_data;
  g_autoptr(GError) error = NULL;
  BdSession *session = BD_SESSION (object);
  gboolean ok;

  ok = bd_session_analyse_finish (session, result, &error);
  g_clear_object (&self->apply_cancellable);

  /* The step went away meanwhile. */
  if (self->text_view == NULL)
    return;

  if (!ok)
    {
      gtk_widget_set_visible (self->progress_box, FALSE);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *message = NULL;

          /* Translators: %s is the system's reason */
          message = g_strdup_printf (_("Could not analyse the input: %s"), error->message);
          _bd_input_step_show_error (self, message);
        }
      bd_step_apply_complete (BD_STEP (self), FALSE);
      _bd_input_step_update (self);
      return;
    }

  if (self->large_file != NULL)
    {
      gtk_progress_bar_set_fraction (self->progress_bar, 1.0);
      gtk_widget_set_visible (self->progress_box, FALSE);
    }
  else
    {
      _bd_input_step_history_finish (self, bd_session_get_report (session));
    }

  self->applied_serial = self->applying_serial;
  bd_step_apply_complete (BD_STEP (self), TRUE);
  _bd_input_step_update (self);
}

static gboolean
bd_input_step_apply (BdStep       *step,
                     GCancellable *cancellable)
{
  BdInputStep *self = BD_INPUT_STEP (step);
  BdSession *session = bd_step_get_session (step);
  g_autoptr(GBytes) bytes = NULL;

  if (self->symptom_id != NULL)
    {
      BdReport *report = bd_diagnose_symptom (self->symptom_id);

      if (report == NULL)
        {
          _bd_input_step_show_error (self, _("This symptom is not known. Please choose another one."));
          g_idle_add_full (G_PRIORITY_DEFAULT, apply_failed_idle,
                           g_object_ref (self), g_object_unref);
          return TRUE;
        }

      bd_session_set_report (session, report);
      self->applied_serial = self->input_serial;
      return FALSE;
    }

  /* Nothing changed since the last analysis: go on at once. */
  if (self->applied_serial == self->input_serial && bd_session_get_report (session) != NULL)
    return FALSE;

  g_set_object (&self->apply_cancellable, cancellable);
  self->applying_serial = self->input_serial;
  gtk_widget_set_visible (GTK_WIDGET (self->restore_group), FALSE);

  if (self->large_file != NULL)
    {
      gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
      gtk_widget_set_visible (self->progress_box, TRUE);
      bd_session_analyse_file_async (session, self->large_file, cancellable,
                                     apply_cb, g_object_ref (self));
      return TRUE;
    }

  /* The live summary analysed exactly this input already: its report is
   * the diagnosis (saved first, as an analysis would be). */
  if (self->summary_report != NULL && self->summary_serial == self->input_serial)
    {
      _bd_input_step_history_save (self, self->summary_bytes);
      bd_session_set_analysed (session, g_steal_pointer (&self->summary_report),
                               self->summary_bytes, self->input_name);
      g_clear_pointer (&self->summary_bytes, g_bytes_unref);
      _bd_input_step_history_finish (self, bd_session_get_report (session));
      self->applied_serial = self->input_serial;
      return FALSE;
    }

  /* Saved before the analysis starts: a crash loses nothing. */
  bytes = bd_input_step_dup_input_bytes (self);
  _bd_input_step_history_save (self, bytes);
  bd_session_analyse_bytes_async (session, bytes, self->input_name, cancellable,
                                  apply_cb, g_object_ref (self));
  return TRUE;
}

static void
on_progress_changed (BdInputStep *self,
                     GParamSpec  *pspec,
                     BdSession   *session)
{
  double progress = bd_session_get_progress (session);

  if (self->progress_bar != NULL && progress >= 0 &&
      gtk_widget_get_visible (self->progress_box))
    gtk_progress_bar_set_fraction (self->progress_bar, progress);
}

/* "New Diagnosis" cleared the session: start over. */
static void
on_report_changed (BdInputStep *self,
                   GParamSpec  *pspec,
                   BdSession   *session)
{
  if (bd_session_get_report (session) != NULL || bd_session_get_input (session) != NULL ||
      bd_step_get_applying (BD_STEP (self)) || self->text_view == NULL)
    return;

  g_clear_object (&self->large_file);
  g_clear_pointer (&self->symptom_id, g_free);
  bd_input_step_forget_source (self);
  bd_input_step_set_text (self, "", 0);
  gtk_stack_set_visible_child_name (self->stack, "input");
  self->input_serial++;
  _bd_input_step_update (self);
  bd_input_step_schedule_summary (self, 0);
}

/* ------------------------------------------------------------------------ */
/* Actions */

static void
choose_file_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  bd_input_step_choose_file (BD_INPUT_STEP (widget));
}

static void
close_file_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  BdInputStep *self = BD_INPUT_STEP (widget);

  bd_input_step_close_large_file (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  BdInputStep *self = BD_INPUT_STEP (widget);

  if (self->apply_cancellable == NULL)
    return;

  g_cancellable_cancel (self->apply_cancellable);
  /* The session's worker does not watch the caller's cancellable (its
   * g_cancellable_connect() cancels the caller's own again); clearing the
   * session stops it, and its result must not replace the report. */
  bd_session_clear (bd_step_get_session (BD_STEP (self)));
}

static void
show_symptoms_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  BdInputStep *self = BD_INPUT_STEP (widget);
  GtkWidget *first;

  gtk_stack_set_visible_child_name (self->stack, "symptoms");
  first = gtk_widget_get_first_child (GTK_WIDGET (self->symptom_list));
  if (first != NULL)
    gtk_widget_grab_focus (first);
}

static void
show_text_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  BdInputStep *self = BD_INPUT_STEP (widget);

  /* Back to the text: the symptom no longer applies. */
  if (self->symptom_id != NULL)
    {
      g_clear_pointer (&self->symptom_id, g_free);
      self->input_serial++;
    }
  gtk_stack_set_visible_child_name (self->stack, "input");
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
  _bd_input_step_update (self);
}

/* ------------------------------------------------------------------------ */
/* GObject */

GtkWidget *
bd_input_step_new (BdSession *session)
{
  g_return_val_if_fail (BD_IS_SESSION (session), NULL);

  return g_object_new (BD_TYPE_INPUT_STEP,
                       "session", session,
                       NULL);
}

static void
bd_input_step_constructed (GObject *object)
{
  BdInputStep *self = BD_INPUT_STEP (object);
  BdSession *session;

  G_OBJECT_CLASS (bd_input_step_parent_class)->constructed (object);

  session = bd_step_get_session (BD_STEP (self));
  g_signal_connect_object (session, "notify::progress", G_CALLBACK (on_progress_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::report", G_CALLBACK (on_report_changed),
                           self, G_CONNECT_SWAPPED);
}

static void
bd_input_step_dispose (GObject *object)
{
  BdInputStep *self = BD_INPUT_STEP (object);

  g_cancellable_cancel (self->load_cancellable);
  g_cancellable_cancel (self->summary_cancellable);
  g_clear_handle_id (&self->summary_source, g_source_remove);

  if (self->chooser != NULL)
    {
      gtk_native_dialog_destroy (self->chooser);
      g_clear_object (&self->chooser);
    }

  /* AdwBin would unparent its child again after the template did. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), BD_TYPE_INPUT_STEP);

  g_clear_object (&self->settings);
  g_clear_object (&self->history);
  g_clear_pointer (&self->history_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (bd_input_step_parent_class)->dispose (object);
}

static void
bd_input_step_finalize (GObject *object)
{
  BdInputStep *self = BD_INPUT_STEP (object);

  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->summary_cancellable);
  g_clear_object (&self->apply_cancellable);
  g_clear_object (&self->large_file);
  g_clear_pointer (&self->raw, g_bytes_unref);
  g_clear_pointer (&self->summary_report, bd_report_free);
  g_clear_pointer (&self->summary_bytes, g_bytes_unref);
  g_clear_pointer (&self->input_name, g_free);
  g_clear_pointer (&self->symptom_id, g_free);
  g_clear_pointer (&self->history_id, g_free);
  g_clear_pointer (&self->unfinished_id, g_free);

  G_OBJECT_CLASS (bd_input_step_parent_class)->finalize (object);
}

static void
bd_input_step_class_init (BdInputStepClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  BdStepClass *step_class = BD_STEP_CLASS (klass);

  object_class->constructed = bd_input_step_constructed;
  object_class->dispose = bd_input_step_dispose;
  object_class->finalize = bd_input_step_finalize;
  step_class->apply = bd_input_step_apply;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/bouncedoctor/BounceDoctor/steps/input/bd-input-step.ui");
  gtk_widget_class_bind_template_child (widget_class, BdInputStep, stack);
  gtk_widget_class_bind_template_child (widget_class, BdInputStep, input_stack);
  gtk_widget_class_bind_template_child (widget_class, BdInputStep, text_frame);
  gtk_widget_class_bind_template_child (widget_class, BdInputStep, text_view);
  gtk_widget_class_bind_template_child (widget_class, BdInputStep, placeholder);
  gtk_widget_class_bind_template_child (widget_class, BdInputStep, source_label);
  gtk_widget_class_bind_template_child (widget_class, BdInputStep, large_title);
  gtk_widget_class_bind_template_child (widget_class, BdInputStep, large_label);
  gtk_widget_class_bind_template_child (widget_class, BdInputStep, progress_box);
  gtk_widget_class_bind_template_child (widget_class, BdInputStep, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, BdInputStep, close_file_button);
  gtk_widget_class_bind_template_child (widget_class, BdInputStep, summary_box);
  gtk_widget_class_bind_template_child (widget_class, BdInputStep, summary_label);
  gtk_widget_class_bind_template_child (widget_class, BdInputStep, example_button);
  gtk_widget_class_bind_template_child (widget_class, BdInputStep, restore_group);
  gtk_widget_class_bind_template_child (widget_class, BdInputStep, restore_row);
  gtk_widget_class_bind_template_child (widget_class, BdInputStep, history_group);
  gtk_widget_class_bind_template_child (widget_class, BdInputStep, symptom_list);

  gtk_widget_class_install_action (widget_class, "input.choose-file", NULL, choose_file_action);
  gtk_widget_class_install_action (widget_class, "input.close-file", NULL, close_file_action);
  gtk_widget_class_install_action (widget_class, "input.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "input.show-symptoms", NULL, show_symptoms_action);
  gtk_widget_class_install_action (widget_class, "input.show-text", NULL, show_text_action);
  _bd_input_step_class_history_init (widget_class);
  _bd_input_step_class_examples_init (widget_class);
}

static void
bd_input_step_ensure_css (void)
{
  static GtkCssProvider *provider;
  GdkDisplay *display = gdk_display_get_default ();

  if (provider != NULL || display == NULL)
    return;

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider,
                                       "/io/github/bouncedoctor/BounceDoctor/steps/input/bd-input-step.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
bd_input_step_init (BdInputStep *self)
{
  GtkDropTarget *target;
  GType types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE, G_TYPE_STRING };

  bd_input_step_ensure_css ();
  gtk_widget_init_template (GTK_WIDGET (self));

  bd_step_set_title (BD_STEP (self), _("Describe the Problem"));
  bd_step_set_help_page (BD_STEP (self), "input");

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->text_view),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  gtk_label_get_label (GTK_LABEL (self->placeholder)),
                                  GTK_ACCESSIBLE_PROPERTY_MULTI_LINE, TRUE,
                                  -1);

  g_signal_connect_object (gtk_text_view_get_buffer (self->text_view), "changed",
                           G_CALLBACK (on_buffer_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self, "notify::applying", G_CALLBACK (_bd_input_step_update),
                           self, G_CONNECT_SWAPPED);

  target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (target, types, G_N_ELEMENTS (types));
  g_signal_connect_object (target, "drop", G_CALLBACK (on_drop), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (target, "enter", G_CALLBACK (on_drop_enter), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (target, "leave", G_CALLBACK (on_drop_leave), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));

  _bd_input_step_history_init (self);
  _bd_input_step_examples_init (self);
  _bd_input_step_symptoms_init (self);
  _bd_input_step_update (self);
}
