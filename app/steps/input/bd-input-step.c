/* bd-input-step.c: the wizard's input step
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "bd-input-step.h"

struct _BdInputStep
{
  BdStep        parent_instance;

  GtkTextView  *text_view;

  GFile        *file;
};

G_DEFINE_FINAL_TYPE (BdInputStep, bd_input_step, BD_TYPE_STEP)

static void
on_buffer_changed (BdInputStep   *self,
                   GtkTextBuffer *buffer)
{
  bd_step_set_complete (BD_STEP (self),
                        self->file != NULL || gtk_text_buffer_get_char_count (buffer) > 0);
}

static void
analyse_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(BdInputStep) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!bd_session_analyse_finish (BD_SESSION (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("%s", error->message);
      bd_step_apply_complete (BD_STEP (self), FALSE);
      return;
    }
  bd_step_apply_complete (BD_STEP (self), TRUE);
}

static gboolean
bd_input_step_apply (BdStep       *step,
                     GCancellable *cancellable)
{
  BdInputStep *self = BD_INPUT_STEP (step);
  BdSession *session = bd_step_get_session (step);

  if (self->file != NULL)
    {
      bd_session_analyse_file_async (session, self->file, cancellable,
                                     analyse_cb, g_object_ref (self));
    }
  else
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
      GtkTextIter start, end;
      g_autoptr(GBytes) bytes = NULL;
      char *text;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      bytes = g_bytes_new_take (text, strlen (text));
      bd_session_analyse_bytes_async (session, bytes, NULL, cancellable,
                                      analyse_cb, g_object_ref (self));
    }
  return TRUE;
}

void
bd_input_step_open_file (BdInputStep *self,
                         GFile       *file)
{
  g_return_if_fail (BD_IS_INPUT_STEP (self));
  g_return_if_fail (G_IS_FILE (file));

  g_set_object (&self->file, file);
  on_buffer_changed (self, gtk_text_view_get_buffer (self->text_view));
}

void
bd_input_step_choose_file (BdInputStep *self)
{
  g_return_if_fail (BD_IS_INPUT_STEP (self));
}

void
bd_input_step_paste (BdInputStep *self)
{
  g_return_if_fail (BD_IS_INPUT_STEP (self));

  g_signal_emit_by_name (self->text_view, "paste-clipboard");
}

static void
bd_input_step_dispose (GObject *object)
{
  BdInputStep *self = BD_INPUT_STEP (object);

  /* AdwBin would unparent its child again after the template did. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), BD_TYPE_INPUT_STEP);
  g_clear_object (&self->file);

  G_OBJECT_CLASS (bd_input_step_parent_class)->dispose (object);
}

static void
bd_input_step_class_init (BdInputStepClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  BdStepClass *step_class = BD_STEP_CLASS (klass);

  object_class->dispose = bd_input_step_dispose;
  step_class->apply = bd_input_step_apply;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/bouncedoctor/BounceDoctor/steps/input/bd-input-step.ui");
  gtk_widget_class_bind_template_child (widget_class, BdInputStep, text_view);
}

static void
bd_input_step_init (BdInputStep *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  bd_step_set_title (BD_STEP (self), _("Describe the Problem"));
  g_signal_connect_object (gtk_text_view_get_buffer (self->text_view), "changed",
                           G_CALLBACK (on_buffer_changed), self, G_CONNECT_SWAPPED);
}

GtkWidget *
bd_input_step_new (BdSession *session)
{
  g_return_val_if_fail (BD_IS_SESSION (session), NULL);

  return g_object_new (BD_TYPE_INPUT_STEP,
                       "session", session,
                       NULL);
}
