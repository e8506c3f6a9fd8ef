/* bd-window.c: the main window
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "bd-diagnose.h"
#include "bd-document.h"
#include "bd-writer.h"

#include "bd-window.h"
#include "bd-window-private.h"

/* The report view shows at most this much text; the rest is counted. */
#define BD_WINDOW_MAX_REPORT_SIZE ((gsize) 4 * 1024 * 1024)

struct _BdWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwWindowTitle       *window_title;
  AdwToastOverlay      *toast_overlay;
  GtkTextView          *input_view;
  GtkWidget            *input_placeholder;
  GtkLabel             *too_large_label;
  GtkTextView          *report_view;
  GtkWidget            *report_placeholder;
  GtkSpinner           *spinner;

  GtkNativeDialog      *chooser;

  /* Cancels the file being loaded; replaced by each bd_window_open_file(). */
  GCancellable         *cancellable;
  /* Cancels the running analysis; replaced by each diagnosis. */
  GCancellable         *diagnose_cancellable;

  /* The bytes of the opened file while the input view shows them unchanged:
   * analysing the original bytes keeps MIME parts and charsets intact. */
  GBytes               *raw;
  /* A file too large to show; analysed from disk. */
  GFile                *large_file;
  /* Where the input came from, for the report (nullable). */
  char                 *file_name;

  guint                 setting_text : 1;
  guint                 loading : 1;
  guint                 diagnosing : 1;
};

G_DEFINE_FINAL_TYPE (BdWindow, bd_window, ADW_TYPE_APPLICATION_WINDOW)

/* ------------------------------------------------------------------------ */
/* State */

static void
bd_window_update (BdWindow *self)
{
  gboolean busy = self->loading || self->diagnosing;
  gboolean has_input, has_report;

  /* Buffers may still change while the template is disposed. */
  if (self->input_view == NULL || self->report_view == NULL)
    return;

  has_input = gtk_text_buffer_get_char_count (gtk_text_view_get_buffer (self->input_view)) > 0;
  has_report = gtk_text_buffer_get_char_count (gtk_text_view_get_buffer (self->report_view)) > 0;

  gtk_widget_set_visible (self->input_placeholder, !has_input && self->large_file == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->too_large_label), self->large_file != NULL);
  gtk_widget_set_visible (self->report_placeholder, !has_report && !busy);

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.diagnose",
                                 !self->loading && (has_input || self->large_file != NULL));
}

/* Forgets where the input came from (the user typed or a new file comes). */
static void
bd_window_clear_source (BdWindow *self)
{
  g_clear_pointer (&self->raw, g_bytes_unref);
  g_clear_object (&self->large_file);
  g_clear_pointer (&self->file_name, g_free);
  adw_window_title_set_subtitle (self->window_title, NULL);
}

static void
bd_window_set_source (BdWindow   *self,
                      GFile      *file,
                      const char *display_name)
{
  g_autofree char *name = NULL;

  g_clear_pointer (&self->file_name, g_free);
  self->file_name = g_file_get_parse_name (file);

  name = g_strdup (display_name);
  if (name == NULL)
    name = g_file_get_basename (file);
  adw_window_title_set_subtitle (self->window_title, name);
}

static void
bd_window_set_input_text (BdWindow   *self,
                          const char *text,
                          gssize      len)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->input_view);
  GtkTextIter start;

  self->setting_text = TRUE;
  gtk_text_buffer_set_text (buffer, text, len);
  self->setting_text = FALSE;

  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
  gtk_text_view_scroll_to_iter (self->input_view, &start, 0.0, FALSE, 0.0, 0.0);
}

static void
bd_window_set_report_text (BdWindow   *self,
                           const char *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->report_view);
  GtkTextIter start;

  gtk_text_buffer_set_text (buffer, text, -1);
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
  gtk_text_view_scroll_to_iter (self->report_view, &start, 0.0, FALSE, 0.0, 0.0);
}

static void
bd_window_show_file_error (BdWindow     *self,
                           const GError *error)
{
  AdwToast *toast;

  /* Translators: %s is the system's reason, e.g. "Permission denied" */
  toast = adw_toast_new_format (_("Could not read the file: %s"), error->message);
  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
on_input_changed (BdWindow      *self,
                  GtkTextBuffer *buffer)
{
  /* Edited by the user: the text no longer is the file's. */
  if (!self->setting_text && (self->raw != NULL || self->large_file != NULL))
    bd_window_clear_source (self);

  bd_window_update (self);
}

/* ------------------------------------------------------------------------ */
/* Analysis (in a worker thread) */

typedef struct
{
  GBytes *bytes;  /* the input, or NULL when analysing @path */
  char   *path;
  char   *name;
} DiagnoseData;

static void
diagnose_data_free (DiagnoseData *data)
{
  g_clear_pointer (&data->bytes, g_bytes_unref);
  g_free (data->path);
  g_free (data->name);
  g_free (data);
}

typedef struct
{
  GString *out;
  guint    n_reports;
  guint    n_left_out;
} ReportCollector;

static void
collect_report (BdReport *report,
                gpointer  user_data)
{
  ReportCollector *collector = user_data;

  if (collector->out->len >= BD_WINDOW_MAX_REPORT_SIZE)
    {
      collector->n_left_out++;
    }
  else
    {
      if (collector->n_reports > 0)
        g_string_append (collector->out, "\n\n");
      bd_write_text (collector->out, report, BD_WRITE_FLAGS_NONE);
      collector->n_reports++;
    }

  bd_report_free (report);
}

static void
collect_error (const char   *path,
               const GError *error,
               gpointer      user_data)
{
  /* Only reached for folders, which the window never passes. */
  g_debug ("Could not analyse %s: %s", path, error->message);
}

static void
diagnose_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  DiagnoseData *data = task_data;
  GString *out = g_string_new (NULL);

  if (data->path != NULL)
    {
      ReportCollector collector = { out, 0, 0 };
      GError *error = NULL;

      if (!bd_diagnose_path (data->path, collect_report, collect_error, &collector,
                             cancellable, &error))
        {
          g_string_free (out, TRUE);
          g_task_return_error (task, error);
          return;
        }

      if (collector.n_reports == 0)
        g_string_append (out, _("No message or log lines were found in the file."));

      if (collector.n_left_out > 0)
        {
          g_string_append (out, "\n\n");
          g_string_append_printf (out,
                                  /* Translators: at the end of a very long report */
                                  ngettext ("%u more report was left out.",
                                            "%u more reports were left out.",
                                            collector.n_left_out),
                                  collector.n_left_out);
        }
    }
  else
    {
      gsize len = 0;
      const char *bytes = g_bytes_get_data (data->bytes, &len);
      BdReport *report = bd_diagnose_data (bytes != NULL ? bytes : "", len, data->name);

      bd_write_text (out, report, BD_WRITE_FLAGS_NONE);
      bd_report_free (report);
    }

  g_task_return_pointer (task, g_string_free (out, FALSE), g_free);
}

static void
diagnose_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  BdWindow *self = BD_WINDOW (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  text = g_task_propagate_pointer (G_TASK (result), &error);

  /* Replaced by a newer analysis, or the window is closing. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->diagnosing = FALSE;

  if (error != NULL)
    bd_window_show_file_error (self, error);
  else
    bd_window_set_report_text (self, text);

  bd_window_update (self);
}

static void
bd_window_start_diagnosis (BdWindow *self)
{
  g_autoptr(GTask) task = NULL;
  DiagnoseData *data;

  data = g_new0 (DiagnoseData, 1);
  data->name = g_strdup (self->file_name);

  if (self->large_file != NULL)
    {
      data->path = g_file_get_path (self->large_file);
      if (data->path == NULL)
        {
          g_autoptr(GError) error = NULL;

          error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                       _("The file is too large to load and is not on a local disk"));
          bd_window_show_file_error (self, error);
          diagnose_data_free (data);
          return;
        }
    }
  else if (self->raw != NULL)
    {
      data->bytes = g_bytes_ref (self->raw);
    }
  else
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->input_view);
      GtkTextIter start, end;
      char *text;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      data->bytes = g_bytes_new_take (text, strlen (text));
    }

  g_cancellable_cancel (self->diagnose_cancellable);
  g_clear_object (&self->diagnose_cancellable);
  self->diagnose_cancellable = g_cancellable_new ();

  task = g_task_new (self, self->diagnose_cancellable, diagnose_cb, NULL);
  g_task_set_source_tag (task, bd_window_start_diagnosis);
  g_task_set_task_data (task, data, (GDestroyNotify) diagnose_data_free);
  /* bd_diagnose_data() cannot be interrupted: let a newer analysis or
   * closing the window take over at once; the old thread ends unseen. */
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, diagnose_thread);

  self->diagnosing = TRUE;
  bd_window_update (self);
}

static void
bd_window_diagnose_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  bd_window_start_diagnosis (BD_WINDOW (widget));
}

/* ------------------------------------------------------------------------ */
/* Opening files */

typedef struct
{
  BdWindow     *self;
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
bd_window_load_failed (BdWindow     *self,
                       const GError *error)
{
  self->loading = FALSE;
  bd_window_show_file_error (self, error);
  bd_window_update (self);
}

static void
load_contents_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(LoadData) data = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  BdWindow *self = data->self;
  gsize len = 0;

  if (!g_file_load_contents_finish (G_FILE (object), result, &contents, &len, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          !g_cancellable_is_cancelled (data->cancellable))
        bd_window_load_failed (self, error);
      return;
    }

  if (g_cancellable_is_cancelled (data->cancellable))
    return;

  self->loading = FALSE;

  /* The view needs valid UTF-8 without NUL bytes; the analysis gets the
   * original bytes. */
  if (g_utf8_validate (contents, len, NULL))
    {
      bd_window_set_input_text (self, contents, len);
    }
  else
    {
      g_autofree char *text = NULL;
      gsize text_len = 0;
      char *p;

      text = bd_text_to_utf8 (contents, len, NULL, &text_len);
      for (p = memchr (text, '\0', text_len); p != NULL; p = memchr (p, '\0', text_len - (p - text)))
        *p = ' ';
      if (!g_utf8_validate (text, text_len, NULL))
        {
          g_autofree char *valid = g_utf8_make_valid (text, text_len);

          bd_window_set_input_text (self, valid, -1);
        }
      else
        {
          bd_window_set_input_text (self, text, text_len);
        }
    }

  bd_window_set_source (self, data->file, data->display_name);
  self->raw = g_bytes_new_take (g_steal_pointer (&contents), len);

  bd_window_start_diagnosis (self);
}

static void
query_info_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(LoadData) data = user_data;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  BdWindow *self = data->self;
  GCancellable *cancellable;
  GFile *file;
  goffset size;

  info = g_file_query_info_finish (G_FILE (object), result, &error);

  if (g_cancellable_is_cancelled (data->cancellable) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (info == NULL)
    {
      bd_window_load_failed (self, error);
      return;
    }

  /* Devices and pipes could feed us endless data. */
  if (g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_TYPE) &&
      g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                           _("It is a folder or a device, not a regular file"));
      bd_window_load_failed (self, error);
      return;
    }

  if (g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME))
    data->display_name = g_strdup (g_file_info_get_display_name (info));

  size = g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_SIZE)
         ? g_file_info_get_size (info) : 0;

  if (size > BD_WINDOW_MAX_SHOWN_SIZE)
    {
      g_autofree char *size_str = g_format_size (size);
      g_autofree char *label = NULL;

      self->loading = FALSE;

      /* Translators: %s is a size like "120.5 MB" */
      label = g_strdup_printf (_("This file is too large to show here (%s). "
                                 "It is analysed directly from the disk."),
                               size_str);
      gtk_label_set_label (self->too_large_label, label);

      bd_window_set_source (self, data->file, data->display_name);
      self->large_file = g_object_ref (data->file);

      bd_window_start_diagnosis (self);
      return;
    }

  file = data->file;
  cancellable = data->cancellable;
  g_file_load_contents_async (file, cancellable, load_contents_cb, g_steal_pointer (&data));
}

void
bd_window_open_file (BdWindow *self,
                     GFile    *file)
{
  LoadData *data;

  g_return_if_fail (BD_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  /* An analysis of the previous input would be stale. */
  g_cancellable_cancel (self->diagnose_cancellable);
  self->diagnosing = FALSE;

  bd_window_clear_source (self);
  bd_window_set_input_text (self, "", 0);
  bd_window_set_report_text (self, "");

  self->loading = TRUE;
  bd_window_update (self);

  data = g_new0 (LoadData, 1);
  data->self = g_object_ref (self);
  data->file = g_object_ref (file);
  data->cancellable = g_object_ref (self->cancellable);

  g_file_query_info_async (file,
                           G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                           G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                           G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME,
                           G_FILE_QUERY_INFO_NONE,
                           G_PRIORITY_DEFAULT,
                           self->cancellable,
                           query_info_cb,
                           data);
}

static void
on_chooser_response (BdWindow        *self,
                     int              response,
                     GtkNativeDialog *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        bd_window_open_file (self, file);
    }

  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);
}

static void
bd_window_open_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  BdWindow *self = BD_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) mail_filter = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all_filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    {
      gtk_native_dialog_show (self->chooser);
      return;
    }

  /* Translators: the title of the file chooser */
  chooser = gtk_file_chooser_native_new (_("Open a Bounce or a Log"),
                                         GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Open"),
                                         _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);

  gtk_file_filter_set_name (mail_filter, _("Emails and Logs"));
  gtk_file_filter_add_mime_type (mail_filter, "message/rfc822");
  gtk_file_filter_add_mime_type (mail_filter, "application/mbox");
  gtk_file_filter_add_mime_type (mail_filter, "text/plain");
  gtk_file_filter_add_suffix (mail_filter, "eml");
  gtk_file_filter_add_suffix (mail_filter, "mbox");
  gtk_file_filter_add_suffix (mail_filter, "log");
  gtk_file_filter_add_suffix (mail_filter, "txt");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), mail_filter);

  gtk_file_filter_set_name (all_filter, _("All Files"));
  gtk_file_filter_add_pattern (all_filter, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all_filter);

  g_signal_connect_object (chooser, "response",
                           G_CALLBACK (on_chooser_response), self,
                           G_CONNECT_SWAPPED);

  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

/* ------------------------------------------------------------------------ */
/* GObject */

BdWindow *
bd_window_new (BdApplication *application)
{
  g_return_val_if_fail (BD_IS_APPLICATION (application), NULL);

  return g_object_new (BD_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

static void
bd_window_dispose (GObject *object)
{
  BdWindow *self = BD_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->diagnose_cancellable);

  if (self->chooser != NULL)
    {
      gtk_native_dialog_destroy (self->chooser);
      g_clear_object (&self->chooser);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), BD_TYPE_WINDOW);

  G_OBJECT_CLASS (bd_window_parent_class)->dispose (object);
}

static void
bd_window_finalize (GObject *object)
{
  BdWindow *self = BD_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->diagnose_cancellable);
  g_clear_pointer (&self->raw, g_bytes_unref);
  g_clear_object (&self->large_file);
  g_clear_pointer (&self->file_name, g_free);

  G_OBJECT_CLASS (bd_window_parent_class)->finalize (object);
}

static void
bd_window_class_init (BdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_window_dispose;
  object_class->finalize = bd_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/bouncedoctor/BounceDoctor/bd-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BdWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, input_view);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, input_placeholder);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, too_large_label);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, report_view);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, report_placeholder);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, spinner);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, bd_window_open_action);
  gtk_widget_class_install_action (widget_class, "win.diagnose", NULL, bd_window_diagnose_action);
}

static void
bd_window_init (BdWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->diagnose_cancellable = g_cancellable_new ();

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->input_view),
                                  /* Translators: accessible name of the text area for the pasted text */
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Message to diagnose"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  gtk_label_get_label (GTK_LABEL (self->input_placeholder)),
                                  GTK_ACCESSIBLE_PROPERTY_MULTI_LINE, TRUE,
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->report_view),
                                  /* Translators: accessible name of the report text */
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Report"),
                                  GTK_ACCESSIBLE_PROPERTY_READ_ONLY, TRUE,
                                  GTK_ACCESSIBLE_PROPERTY_MULTI_LINE, TRUE,
                                  -1);

  g_signal_connect_object (gtk_text_view_get_buffer (self->input_view), "changed",
                           G_CALLBACK (on_input_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_text_view_get_buffer (self->report_view), "changed",
                           G_CALLBACK (bd_window_update), self,
                           G_CONNECT_SWAPPED);

  bd_window_update (self);
}

/* ------------------------------------------------------------------------ */
/* For tests */

GtkTextBuffer *
bd_window_get_input_buffer (BdWindow *self)
{
  g_return_val_if_fail (BD_IS_WINDOW (self), NULL);

  return gtk_text_view_get_buffer (self->input_view);
}

GtkTextBuffer *
bd_window_get_report_buffer (BdWindow *self)
{
  g_return_val_if_fail (BD_IS_WINDOW (self), NULL);

  return gtk_text_view_get_buffer (self->report_view);
}

gboolean
bd_window_get_busy (BdWindow *self)
{
  g_return_val_if_fail (BD_IS_WINDOW (self), FALSE);

  return self->loading || self->diagnosing;
}

GtkWidget *
bd_window_get_too_large_label (BdWindow *self)
{
  g_return_val_if_fail (BD_IS_WINDOW (self), NULL);

  return GTK_WIDGET (self->too_large_label);
}
