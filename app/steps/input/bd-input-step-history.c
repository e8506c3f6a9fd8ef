/* bd-input-step-history.c: the recent diagnoses under the input
 *
 * Every analysed input is saved (bd_history_save_input) before the
 * analysis starts, and its result recorded after; the step lists the
 * recent ones to reopen with one click, offers the text of an analysis
 * that never finished (the app was closed or crashed), and clears the
 * list on request. "Keep Recent Diagnoses" (GSettings keep-history)
 * turns the list off.
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-input-step-private.h"

/* "14:05" today, a date before. */
static char *
format_time (GDateTime *time)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (time);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (g_date_time_get_year (local) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (now))
    return g_date_time_format (local, "%H:%M");
  return g_date_time_format (local, "%x");
}

static void
on_history_row_activated (BdInputStep  *self,
                          AdwActionRow *row)
{
  const char *id = g_object_get_data (G_OBJECT (row), "history-id");

  _bd_input_step_history_reopen (self, id, TRUE);
}

static GtkWidget *
new_history_row (BdInputStep          *self,
                 const BdHistoryEntry *entry)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *time = format_time (entry->time);
  g_autofree char *basename = NULL;
  g_autoptr(GString) subtitle = g_string_new (time);
  const char *title;

  if (entry->headline != NULL)
    title = entry->headline;
  else if (entry->summary != NULL)
    title = entry->summary;
  else
    title = _("Not analysed");

  if (entry->name != NULL)
    {
      basename = g_path_get_basename (entry->name);
      g_string_append_printf (subtitle, " · %s", basename);
    }
  if (entry->summary != NULL && title != entry->summary)
    g_string_append_printf (subtitle, " · %s", entry->summary);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             _bd_input_step_new_decorative_image ("go-next-symbolic"));
  gtk_widget_set_tooltip_text (row, _("Open this text again and analyse it"));
  g_object_set_data_full (G_OBJECT (row), "history-id", g_strdup (entry->id), g_free);
  g_signal_connect_object (row, "activated", G_CALLBACK (on_history_row_activated),
                           self, G_CONNECT_SWAPPED);

  return row;
}

static void
bd_input_step_rebuild_history (BdInputStep *self)
{
  guint n, shown = 0;

  if (self->history_group == NULL)
    return;

  for (guint i = 0; i < self->history_rows->len; i++)
    adw_preferences_group_remove (self->history_group, g_ptr_array_index (self->history_rows, i));
  g_ptr_array_set_size (self->history_rows, 0);

  n = bd_history_get_n_entries (self->history);
  for (guint i = 0; i < n && shown < BD_INPUT_STEP_MAX_HISTORY_ROWS; i++)
    {
      const BdHistoryEntry *entry = bd_history_get_entry (self->history, i);
      GtkWidget *row;

      /* An unfinished one is offered by the restore row. */
      if (entry == NULL || !entry->finished)
        continue;

      row = new_history_row (self, entry);
      adw_preferences_group_add (self->history_group, row);
      g_ptr_array_add (self->history_rows, row);
      shown++;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->history_group), shown > 0);
}

static void
on_history_changed (BdInputStep *self,
                    BdHistory   *history)
{
  bd_input_step_rebuild_history (self);
}

static void
on_keep_history_changed (BdInputStep *self,
                         const char  *key,
                         GSettings   *settings)
{
  bd_history_set_enabled (self->history, g_settings_get_boolean (settings, "keep-history"));
  bd_input_step_rebuild_history (self);
}

/* Before the analysis: a crash after this loses nothing. */
void
_bd_input_step_history_save (BdInputStep *self,
                             GBytes      *bytes)
{
  g_autoptr(GError) error = NULL;
  char *id;

  /* Reopened, or analysed before and unchanged: the entry exists. */
  if (self->history_id != NULL && self->history_serial == self->input_serial)
    return;

  /* Other text analysed while "Restore the text from last time" was
   * offered: the user declined it, so it is not offered again. */
  if (self->unfinished_id != NULL && g_strcmp0 (self->unfinished_id, self->history_id) != 0)
    {
      if (!bd_history_dismiss_unfinished (self->history, self->unfinished_id, &error))
        g_debug ("Could not dismiss the unfinished entry: %s", error->message);
      g_clear_error (&error);
      g_clear_pointer (&self->unfinished_id, g_free);
    }

  id = bd_history_save_input (self->history, bytes, self->input_name, &error);
  if (id == NULL)
    g_debug ("Could not save the input in the history: %s", error->message);

  g_free (self->history_id);
  self->history_id = id;
  self->history_serial = self->input_serial;
}

void
_bd_input_step_history_finish (BdInputStep *self,
                               BdReport    *report)
{
  g_autoptr(GError) error = NULL;

  if (self->history_id == NULL || report == NULL ||
      self->history_serial != self->applying_serial)
    return;

  if (!bd_history_set_result (self->history, self->history_id, report, &error))
    g_debug ("Could not record the result in the history: %s", error->message);
}

/**
 * _bd_input_step_history_reopen:
 * @analyse: go on to the diagnosis at once (win.next)
 *
 * Loads the saved input of entry @id into the text area.
 */
void
_bd_input_step_history_reopen (BdInputStep *self,
                               const char  *id,
                               gboolean     analyse)
{
  const BdHistoryEntry *entry = bd_history_lookup (self->history, id);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *time = NULL;
  g_autofree char *source = NULL;
  g_autofree char *saved_id = g_strdup (id);

  if (entry != NULL)
    bytes = bd_history_load_input (self->history, id, &error);
  if (bytes == NULL)
    {
      g_autofree char *message = NULL;

      /* Translators: %s is the system's reason */
      message = g_strdup_printf (_("Could not open the saved text: %s"),
                                 error != NULL ? error->message : _("it was deleted"));
      _bd_input_step_show_error (self, message);
      return;
    }

  time = format_time (entry->time);
  /* Translators: over the text area; %s is a time ("14:05") or a date */
  source = g_strdup_printf (_("Saved at %s"), time);
  _bd_input_step_take_input (self, bytes, entry->name, source);

  g_free (self->history_id);
  self->history_id = g_steal_pointer (&saved_id);
  self->history_serial = self->input_serial;

  if (analyse)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.next", NULL);
}

static void
restore_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  BdInputStep *self = BD_INPUT_STEP (widget);

  if (self->unfinished_id == NULL)
    return;

  _bd_input_step_history_reopen (self, self->unfinished_id, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->restore_group), FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

static void
on_clear_response (BdInputStep      *self,
                   const char       *response,
                   AdwMessageDialog *dialog)
{
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "clear") != 0 || self->history == NULL)
    return;

  if (!bd_history_clear (self->history, &error))
    {
      g_autofree char *message = NULL;

      /* Translators: %s is the system's reason */
      message = g_strdup_printf (_("Could not clear the recent diagnoses: %s"), error->message);
      _bd_input_step_show_error (self, message);
    }

  g_clear_pointer (&self->history_id, g_free);
  g_clear_pointer (&self->unfinished_id, g_free);
  gtk_widget_set_visible (GTK_WIDGET (self->restore_group), FALSE);
  bd_input_step_rebuild_history (self);
}

static void
clear_history_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  BdInputStep *self = BD_INPUT_STEP (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Clear the Recent Diagnoses?"),
                                   _("The saved texts and results are deleted from this computer."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "clear", C_("history", "_Clear"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "clear",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_clear_response),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_bd_input_step_history_init (BdInputStep *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  const BdHistoryEntry *unfinished;
  const char *env = g_getenv ("BOUNCE_DOCTOR_DATA_DIR");

  if (env != NULL && *env != '\0')
    dir = g_strdup (env);
  else
    dir = g_build_filename (g_get_user_data_dir (), "bounce-doctor", NULL);

  self->history_rows = g_ptr_array_new ();
  self->history = bd_history_new (dir);
  if (!bd_history_load (self->history, &error))
    g_debug ("Could not read the recent diagnoses: %s", error->message);

  self->settings = g_settings_new (APP_ID);
  bd_history_set_enabled (self->history, g_settings_get_boolean (self->settings, "keep-history"));
  g_signal_connect_object (self->settings, "changed::keep-history",
                           G_CALLBACK (on_keep_history_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->history, "changed", G_CALLBACK (on_history_changed),
                           self, G_CONNECT_SWAPPED);

  unfinished = bd_history_get_unfinished (self->history);
  if (unfinished != NULL)
    {
      g_autofree char *time = format_time (unfinished->time);
      g_autofree char *subtitle = NULL;

      self->unfinished_id = g_strdup (unfinished->id);
      /* Translators: %s is a time ("14:05") or a date */
      subtitle = g_strdup_printf (_("Saved at %s; its analysis did not finish"), time);
      adw_action_row_set_subtitle (self->restore_row, subtitle);
      gtk_widget_set_visible (GTK_WIDGET (self->restore_group), TRUE);
    }

  bd_input_step_rebuild_history (self);
}

void
_bd_input_step_class_history_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "input.restore", NULL, restore_action);
  gtk_widget_class_install_action (widget_class, "input.clear-history", NULL,
                                   clear_history_action);
}
