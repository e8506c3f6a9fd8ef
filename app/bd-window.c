/* bd-window.c: the main window: the wizard and its header bar
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-window-private.h"

#include "steps/checks/bd-checks-step.h"
#include "steps/diagnosis/bd-diagnosis-step.h"
#include "steps/fixes/bd-fixes-step.h"
#include "steps/input/bd-input-step.h"
#include "steps/report/bd-report-step.h"

G_DEFINE_FINAL_TYPE (BdWindow, bd_window, ADW_TYPE_APPLICATION_WINDOW)

/* The wizard, in order (GNOME Initial Setup's page table). */
static const struct {
  BdWindowStep   step;
  GtkWidget   *(*new) (BdSession *session);
} step_table[] = {
  { BD_WINDOW_STEP_INPUT,     bd_input_step_new },
  { BD_WINDOW_STEP_DIAGNOSIS, bd_diagnosis_step_new },
  { BD_WINDOW_STEP_CHECKS,    bd_checks_step_new },
  { BD_WINDOW_STEP_FIXES,     bd_fixes_step_new },
  { BD_WINDOW_STEP_REPORT,    bd_report_step_new },
};

G_STATIC_ASSERT (G_N_ELEMENTS (step_table) == BD_WINDOW_N_STEPS);

static void
bd_window_update_title (BdWindow *self)
{
  BdStep *step = bd_assistant_get_current (self->assistant);
  g_autofree char *subtitle = NULL;

  if (step == NULL)
    return;

  /* Translators: the wizard's progress under the step's title */
  subtitle = g_strdup_printf (_("Step %u of %u"),
                              bd_assistant_get_position (self->assistant) + 1,
                              bd_assistant_get_n_steps (self->assistant));
  adw_window_title_set_title (self->window_title, bd_step_get_title (step));
  adw_window_title_set_subtitle (self->window_title, subtitle);
}

static void
on_current_changed (BdWindow    *self,
                    GParamSpec  *pspec,
                    BdAssistant *assistant)
{
  bd_window_update_title (self);
  _bd_window_actions_update (self);
}

static void
on_step_title_changed (BdWindow   *self,
                       GParamSpec *pspec,
                       BdStep     *step)
{
  if (step == bd_assistant_get_current (self->assistant))
    bd_window_update_title (self);
}

/* ------------------------------------------------------------------------ */
/* Public */

BdWindow *
bd_window_new (BdApplication *application)
{
  g_return_val_if_fail (BD_IS_APPLICATION (application), NULL);

  return g_object_new (BD_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

/* Once the opened file is in the input, go on to its diagnosis. */
static void
on_opened_input_complete (BdWindow   *self,
                          GParamSpec *pspec,
                          BdStep     *input)
{
  if (!bd_step_get_complete (input))
    return;
  g_signal_handlers_disconnect_by_func (input, on_opened_input_complete, self);
  if (bd_assistant_get_current (self->assistant) == input)
    bd_assistant_next (self->assistant);
}

/**
 * bd_window_open_file:
 *
 * Loads @file into the input step and shows its diagnosis as soon as it
 * is analysed ("bounce-doctor FILE"). A file that cannot be read leaves
 * the window on the input step with a message.
 */
void
bd_window_open_file (BdWindow *self,
                     GFile    *file)
{
  BdStep *input;

  g_return_if_fail (BD_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  input = self->steps[BD_WINDOW_STEP_INPUT];
  bd_assistant_go_to (self->assistant, input);
  g_signal_handlers_disconnect_by_func (input, on_opened_input_complete, self);
  /* the application opens each file in a new window, whose input is
   * empty: it becomes complete when the file is in */
  if (!bd_step_get_complete (input))
    g_signal_connect_object (input, "notify::complete", G_CALLBACK (on_opened_input_complete),
                             self, G_CONNECT_SWAPPED);
  bd_input_step_open_file (BD_INPUT_STEP (input), file);
}

BdSession *
bd_window_get_session (BdWindow *self)
{
  g_return_val_if_fail (BD_IS_WINDOW (self), NULL);

  return self->session;
}

BdAssistant *
bd_window_get_assistant (BdWindow *self)
{
  g_return_val_if_fail (BD_IS_WINDOW (self), NULL);

  return self->assistant;
}

BdStep *
bd_window_get_step (BdWindow     *self,
                    BdWindowStep  step)
{
  g_return_val_if_fail (BD_IS_WINDOW (self), NULL);
  g_return_val_if_fail (step < BD_WINDOW_N_STEPS, NULL);

  return self->steps[step];
}

void
bd_window_add_toast (BdWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (BD_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* ------------------------------------------------------------------------ */
/* GObject */

static void
bd_window_save_size (BdWindow *self)
{
  int width = 0, height = 0;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set (self->settings, "window-size", "(ii)", width, height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
}

static gboolean
bd_window_close_request (GtkWindow *window)
{
  BdWindow *self = BD_WINDOW (window);

  bd_window_save_size (self);

  return GTK_WINDOW_CLASS (bd_window_parent_class)->close_request (window);
}

static void
bd_window_dispose (GObject *object)
{
  BdWindow *self = BD_WINDOW (object);

  /* Stops the analysis: its result must not reach a dead window. */
  if (self->session != NULL)
    bd_session_clear (self->session);

  gtk_widget_dispose_template (GTK_WIDGET (self), BD_TYPE_WINDOW);

  G_OBJECT_CLASS (bd_window_parent_class)->dispose (object);
}

static void
bd_window_finalize (GObject *object)
{
  BdWindow *self = BD_WINDOW (object);

  g_clear_object (&self->session);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (bd_window_parent_class)->finalize (object);
}

static void
bd_window_class_init (BdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = bd_window_dispose;
  object_class->finalize = bd_window_finalize;
  window_class->close_request = bd_window_close_request;

  g_type_ensure (BD_TYPE_ASSISTANT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/bouncedoctor/BounceDoctor/bd-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BdWindow, assistant);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, window_title);

  _bd_window_class_actions_init (klass);
}

static void
bd_window_init (BdWindow *self)
{
  int width = 0, height = 0;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  g_settings_get (self->settings, "window-size", "(ii)", &width, &height);
  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  self->session = bd_session_new ();
  g_settings_bind (self->settings, "helpdesk-mode", self->session, "helpdesk",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "mail-program", self->session, "program",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "mail-server", self->session, "server",
                   G_SETTINGS_BIND_DEFAULT);

  for (guint i = 0; i < G_N_ELEMENTS (step_table); i++)
    {
      BdStep *step = BD_STEP (step_table[i].new (self->session));

      self->steps[step_table[i].step] = step;
      g_signal_connect_object (step, "notify::title", G_CALLBACK (on_step_title_changed),
                               self, G_CONNECT_SWAPPED);
      bd_assistant_add_step (self->assistant, step);
    }

  g_signal_connect_object (self->assistant, "notify::current", G_CALLBACK (on_current_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->assistant, "notify::can-go-back", G_CALLBACK (on_current_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->assistant, "notify::can-go-next", G_CALLBACK (on_current_changed),
                           self, G_CONNECT_SWAPPED);

  _bd_window_actions_init (self);
  bd_window_update_title (self);
  _bd_window_actions_update (self);
}
