/* bd-assistant.c: the wizard: steps on a GtkStack with Back and Next
 *
 * As in GNOME Initial Setup: the assistant knows the order of the steps
 * and derives whether Back and Next can be used from the current step's
 * #BdStep:complete and #BdStep:applying; "Next" lets the step finish its
 * work (bd_step_apply()) before moving on.
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bd-assistant.h"

struct _BdAssistant
{
  AdwBin        parent_instance;

  GtkStack     *stack;
  GPtrArray    *steps;          /* of BdStep, not owned: the stack owns them */
  guint         position;
  GCancellable *apply_cancellable;

  gboolean      can_go_back;
  gboolean      can_go_next;
};

G_DEFINE_FINAL_TYPE (BdAssistant, bd_assistant, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CAN_GO_BACK,
  PROP_CAN_GO_NEXT,
  PROP_CURRENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bd_assistant_update (BdAssistant *self)
{
  BdStep *step = bd_assistant_get_current (self);
  gboolean applying = step != NULL && bd_step_get_applying (step);
  gboolean back, next;

  back = self->position > 0 && !applying;
  next = step != NULL && self->position + 1 < self->steps->len &&
         bd_step_get_complete (step) && !applying;

  if (back != self->can_go_back)
    {
      self->can_go_back = back;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_GO_BACK]);
    }
  if (next != self->can_go_next)
    {
      self->can_go_next = next;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_GO_NEXT]);
    }
}

static void
bd_assistant_show_position (BdAssistant *self,
                            guint        position)
{
  BdStep *step;

  g_return_if_fail (position < self->steps->len);

  g_cancellable_cancel (self->apply_cancellable);
  g_clear_object (&self->apply_cancellable);

  self->position = position;
  step = g_ptr_array_index (self->steps, position);
  gtk_stack_set_visible_child (self->stack, GTK_WIDGET (step));
  bd_step_shown (step);
  bd_assistant_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT]);
}

static void
on_step_notify (BdAssistant *self,
                GParamSpec  *pspec,
                BdStep      *step)
{
  if (step == bd_assistant_get_current (self))
    bd_assistant_update (self);
}

static void
on_step_apply_done (BdAssistant *self,
                    gboolean     go_on,
                    BdStep      *step)
{
  if (step != bd_assistant_get_current (self))
    return;

  g_clear_object (&self->apply_cancellable);
  if (go_on && self->position + 1 < self->steps->len)
    bd_assistant_show_position (self, self->position + 1);
  else
    bd_assistant_update (self);
}

void
bd_assistant_add_step (BdAssistant *self,
                       BdStep      *step)
{
  g_return_if_fail (BD_IS_ASSISTANT (self));
  g_return_if_fail (BD_IS_STEP (step));

  gtk_stack_add_child (self->stack, GTK_WIDGET (step));
  g_ptr_array_add (self->steps, step);

  g_signal_connect_object (step, "notify::complete", G_CALLBACK (on_step_notify),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (step, "notify::applying", G_CALLBACK (on_step_notify),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (step, "apply-done", G_CALLBACK (on_step_apply_done),
                           self, G_CONNECT_SWAPPED);

  if (self->steps->len == 1)
    bd_assistant_show_position (self, 0);
  else
    bd_assistant_update (self);
}

BdStep *
bd_assistant_get_current (BdAssistant *self)
{
  g_return_val_if_fail (BD_IS_ASSISTANT (self), NULL);

  if (self->position >= self->steps->len)
    return NULL;
  return g_ptr_array_index (self->steps, self->position);
}

guint
bd_assistant_get_position (BdAssistant *self)
{
  g_return_val_if_fail (BD_IS_ASSISTANT (self), 0);

  return self->position;
}

guint
bd_assistant_get_n_steps (BdAssistant *self)
{
  g_return_val_if_fail (BD_IS_ASSISTANT (self), 0);

  return self->steps->len;
}

BdStep *
bd_assistant_get_step (BdAssistant *self,
                       guint        position)
{
  g_return_val_if_fail (BD_IS_ASSISTANT (self), NULL);
  g_return_val_if_fail (position < self->steps->len, NULL);

  return g_ptr_array_index (self->steps, position);
}

gboolean
bd_assistant_get_can_go_back (BdAssistant *self)
{
  g_return_val_if_fail (BD_IS_ASSISTANT (self), FALSE);

  return self->can_go_back;
}

gboolean
bd_assistant_get_can_go_next (BdAssistant *self)
{
  g_return_val_if_fail (BD_IS_ASSISTANT (self), FALSE);

  return self->can_go_next;
}

void
bd_assistant_next (BdAssistant *self)
{
  BdStep *step;

  g_return_if_fail (BD_IS_ASSISTANT (self));

  if (!self->can_go_next)
    return;

  step = bd_assistant_get_current (self);
  g_clear_object (&self->apply_cancellable);
  self->apply_cancellable = g_cancellable_new ();
  if (bd_step_apply (step, self->apply_cancellable))
    {
      bd_assistant_update (self);
      return;  /* on_step_apply_done() moves on */
    }

  bd_assistant_show_position (self, self->position + 1);
}

void
bd_assistant_back (BdAssistant *self)
{
  BdStep *step;

  g_return_if_fail (BD_IS_ASSISTANT (self));

  if (self->position == 0)
    return;

  /* Back also stops a step that is still working. */
  step = bd_assistant_get_current (self);
  if (bd_step_get_applying (step))
    {
      g_cancellable_cancel (self->apply_cancellable);
      return;
    }

  bd_assistant_show_position (self, self->position - 1);
}

void
bd_assistant_go_to (BdAssistant *self,
                    BdStep      *step)
{
  guint position;

  g_return_if_fail (BD_IS_ASSISTANT (self));
  g_return_if_fail (BD_IS_STEP (step));

  if (!g_ptr_array_find (self->steps, step, &position))
    g_return_if_reached ();
  if (position != self->position)
    bd_assistant_show_position (self, position);
}

static void
bd_assistant_dispose (GObject *object)
{
  BdAssistant *self = BD_ASSISTANT (object);

  g_cancellable_cancel (self->apply_cancellable);
  g_clear_object (&self->apply_cancellable);
  g_ptr_array_set_size (self->steps, 0);

  G_OBJECT_CLASS (bd_assistant_parent_class)->dispose (object);
}

static void
bd_assistant_finalize (GObject *object)
{
  BdAssistant *self = BD_ASSISTANT (object);

  g_ptr_array_unref (self->steps);

  G_OBJECT_CLASS (bd_assistant_parent_class)->finalize (object);
}

static void
bd_assistant_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  BdAssistant *self = BD_ASSISTANT (object);

  switch (prop_id)
    {
    case PROP_CAN_GO_BACK:
      g_value_set_boolean (value, self->can_go_back);
      break;
    case PROP_CAN_GO_NEXT:
      g_value_set_boolean (value, self->can_go_next);
      break;
    case PROP_CURRENT:
      g_value_set_object (value, bd_assistant_get_current (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_assistant_class_init (BdAssistantClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bd_assistant_dispose;
  object_class->finalize = bd_assistant_finalize;
  object_class->get_property = bd_assistant_get_property;

  properties[PROP_CAN_GO_BACK] =
    g_param_spec_boolean ("can-go-back", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CAN_GO_NEXT] =
    g_param_spec_boolean ("can-go-next", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CURRENT] =
    g_param_spec_object ("current", NULL, NULL, BD_TYPE_STEP,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bd_assistant_init (BdAssistant *self)
{
  self->steps = g_ptr_array_new ();
  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_set_transition_type (self->stack, GTK_STACK_TRANSITION_TYPE_SLIDE_LEFT_RIGHT);
  gtk_stack_set_vhomogeneous (self->stack, FALSE);
  gtk_stack_set_hhomogeneous (self->stack, FALSE);
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->stack));
}

GtkWidget *
bd_assistant_new (void)
{
  return g_object_new (BD_TYPE_ASSISTANT, NULL);
}
