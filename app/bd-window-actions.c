/* bd-window-actions.c: the window's commands
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-window-private.h"

#include "steps/input/bd-input-step.h"

static void
bd_window_back_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  bd_assistant_back (BD_WINDOW (widget)->assistant);
}

static void
bd_window_next_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  bd_assistant_next (BD_WINDOW (widget)->assistant);
}

static void
bd_window_open_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  BdWindow *self = BD_WINDOW (widget);
  BdStep *input = self->steps[BD_WINDOW_STEP_INPUT];

  bd_assistant_go_to (self->assistant, input);
  bd_input_step_choose_file (BD_INPUT_STEP (input));
}

/* Ctrl+V: into the focused text field, or else into the input. */
static void
bd_window_paste_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  BdWindow *self = BD_WINDOW (widget);
  BdStep *input = self->steps[BD_WINDOW_STEP_INPUT];
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (focus != NULL &&
      (GTK_IS_TEXT (focus) ||
       (GTK_IS_TEXT_VIEW (focus) && gtk_text_view_get_editable (GTK_TEXT_VIEW (focus)))) &&
      !gtk_widget_is_ancestor (focus, GTK_WIDGET (input)))
    {
      gtk_widget_activate_action (focus, "clipboard.paste", NULL);
      return;
    }

  bd_assistant_go_to (self->assistant, input);
  bd_input_step_paste (BD_INPUT_STEP (input));
}

static void
bd_window_copy_report_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *param)
{
  BdWindow *self = BD_WINDOW (widget);
  g_autofree char *text = NULL;

  if (bd_session_get_report (self->session) == NULL)
    return;

  text = bd_session_dup_report_text (self->session);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
  bd_window_add_toast (self, adw_toast_new (_("Report copied")));
}

static void
bd_window_new_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  BdWindow *self = BD_WINDOW (widget);

  bd_session_clear (self->session);
  bd_assistant_go_to (self->assistant, self->steps[BD_WINDOW_STEP_INPUT]);
}

static void
show_uri_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(BdWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Translators: %s is the system's reason */
      bd_window_add_toast (self, adw_toast_new_format (_("Could not open the help: %s"),
                                                       error->message));
    }
}

/* The help: URI of the index, or of the current step's own page. */
char *
_bd_window_dup_help_uri (BdWindow *self,
                         gboolean  for_step)
{
  BdStep *step = for_step ? bd_assistant_get_current (self->assistant) : NULL;
  const char *page = step != NULL ? bd_step_get_help_page (step) : NULL;

  if (page != NULL)
    return g_strdup_printf ("help:%s/%s", HELP_ID, page);
  return g_strdup_printf ("help:%s", HELP_ID);
}

/* F1 and the menu's Help: the index; Shift+F1 and "Help on This Step":
 * the page about the step on screen. */
static void
bd_window_help_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  BdWindow *self = BD_WINDOW (widget);
  g_autofree char *uri = _bd_window_dup_help_uri (self, g_str_equal (action_name, "win.help-step"));

  gtk_show_uri_full (GTK_WINDOW (self), uri, GDK_CURRENT_TIME, NULL,
                     show_uri_cb, g_object_ref (self));
}

void
_bd_window_actions_update (BdWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean has_report = self->session != NULL && bd_session_get_report (self->session) != NULL;

  gtk_widget_action_set_enabled (widget, "win.back",
                                 bd_assistant_get_can_go_back (self->assistant));
  gtk_widget_action_set_enabled (widget, "win.next",
                                 bd_assistant_get_can_go_next (self->assistant));
  gtk_widget_action_set_enabled (widget, "win.copy-report", has_report);
}

static void
on_report_changed (BdWindow   *self,
                   GParamSpec *pspec,
                   BdSession  *session)
{
  _bd_window_actions_update (self);
}

void
_bd_window_actions_init (BdWindow *self)
{
  g_autoptr(GAction) helpdesk = NULL;
  g_autoptr(GAction) history = NULL;

  /* Toggles kept in the settings: win.helpdesk-mode, win.keep-history */
  helpdesk = g_settings_create_action (self->settings, "helpdesk-mode");
  g_action_map_add_action (G_ACTION_MAP (self), helpdesk);
  history = g_settings_create_action (self->settings, "keep-history");
  g_action_map_add_action (G_ACTION_MAP (self), history);

  g_signal_connect_object (self->session, "notify::report", G_CALLBACK (on_report_changed),
                           self, G_CONNECT_SWAPPED);
}

void
_bd_window_class_actions_init (BdWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.back", NULL, bd_window_back_action);
  gtk_widget_class_install_action (widget_class, "win.next", NULL, bd_window_next_action);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, bd_window_open_action);
  gtk_widget_class_install_action (widget_class, "win.paste", NULL, bd_window_paste_action);
  gtk_widget_class_install_action (widget_class, "win.copy-report", NULL,
                                   bd_window_copy_report_action);
  gtk_widget_class_install_action (widget_class, "win.new", NULL, bd_window_new_action);
  gtk_widget_class_install_action (widget_class, "win.help", NULL, bd_window_help_action);
  gtk_widget_class_install_action (widget_class, "win.help-step", NULL, bd_window_help_action);
}
