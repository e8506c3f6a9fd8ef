/* bd-step.c: the base class of the wizard's steps
 *
 * A step shows one part of the diagnosis and tells the assistant whether
 * "Next" may be pressed (complete) and whether it is still working
 * (applying). It reads and writes the window's #BdSession only.
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bd-step.h"

typedef struct
{
  BdSession *session;
  char      *title;
  char      *help_page;
  guint      complete : 1;
  guint      applying : 1;
} BdStepPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (BdStep, bd_step, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_APPLYING,
  PROP_COMPLETE,
  PROP_HELP_PAGE,
  PROP_SESSION,
  PROP_TITLE,
  N_PROPS
};

enum {
  APPLY_DONE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

BdSession *
bd_step_get_session (BdStep *self)
{
  BdStepPrivate *priv = bd_step_get_instance_private (self);

  g_return_val_if_fail (BD_IS_STEP (self), NULL);

  return priv->session;
}

const char *
bd_step_get_title (BdStep *self)
{
  BdStepPrivate *priv = bd_step_get_instance_private (self);

  g_return_val_if_fail (BD_IS_STEP (self), NULL);

  return priv->title;
}

void
bd_step_set_title (BdStep     *self,
                   const char *title)
{
  BdStepPrivate *priv = bd_step_get_instance_private (self);

  g_return_if_fail (BD_IS_STEP (self));

  if (g_strcmp0 (priv->title, title) == 0)
    return;
  g_free (priv->title);
  priv->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
bd_step_get_help_page (BdStep *self)
{
  BdStepPrivate *priv = bd_step_get_instance_private (self);

  g_return_val_if_fail (BD_IS_STEP (self), NULL);

  return priv->help_page;
}

void
bd_step_set_help_page (BdStep     *self,
                       const char *help_page)
{
  BdStepPrivate *priv = bd_step_get_instance_private (self);

  g_return_if_fail (BD_IS_STEP (self));

  if (g_strcmp0 (priv->help_page, help_page) == 0)
    return;
  g_free (priv->help_page);
  priv->help_page = g_strdup (help_page);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HELP_PAGE]);
}

gboolean
bd_step_get_complete (BdStep *self)
{
  BdStepPrivate *priv = bd_step_get_instance_private (self);

  g_return_val_if_fail (BD_IS_STEP (self), FALSE);

  return priv->complete;
}

void
bd_step_set_complete (BdStep   *self,
                      gboolean  complete)
{
  BdStepPrivate *priv = bd_step_get_instance_private (self);

  g_return_if_fail (BD_IS_STEP (self));

  if (priv->complete == !!complete)
    return;
  priv->complete = !!complete;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
}

gboolean
bd_step_get_applying (BdStep *self)
{
  BdStepPrivate *priv = bd_step_get_instance_private (self);

  g_return_val_if_fail (BD_IS_STEP (self), FALSE);

  return priv->applying;
}

static void
bd_step_set_applying (BdStep   *self,
                      gboolean  applying)
{
  BdStepPrivate *priv = bd_step_get_instance_private (self);

  if (priv->applying == !!applying)
    return;
  priv->applying = !!applying;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_APPLYING]);
}

void
bd_step_shown (BdStep *self)
{
  g_return_if_fail (BD_IS_STEP (self));

  if (BD_STEP_GET_CLASS (self)->shown != NULL)
    BD_STEP_GET_CLASS (self)->shown (self);
}

/**
 * bd_step_apply:
 *
 * Returns: TRUE when the step works on; it then emits ::apply-done
 *   through bd_step_apply_complete()
 */
gboolean
bd_step_apply (BdStep       *self,
               GCancellable *cancellable)
{
  g_return_val_if_fail (BD_IS_STEP (self), FALSE);

  if (BD_STEP_GET_CLASS (self)->apply == NULL)
    return FALSE;
  if (!BD_STEP_GET_CLASS (self)->apply (self, cancellable))
    return FALSE;

  bd_step_set_applying (self, TRUE);
  return TRUE;
}

void
bd_step_apply_complete (BdStep   *self,
                        gboolean  go_on)
{
  g_return_if_fail (BD_IS_STEP (self));

  bd_step_set_applying (self, FALSE);
  g_signal_emit (self, signals[APPLY_DONE], 0, go_on);
}

static void
bd_step_dispose (GObject *object)
{
  BdStep *self = BD_STEP (object);
  BdStepPrivate *priv = bd_step_get_instance_private (self);

  g_clear_object (&priv->session);

  G_OBJECT_CLASS (bd_step_parent_class)->dispose (object);
}

static void
bd_step_finalize (GObject *object)
{
  BdStep *self = BD_STEP (object);
  BdStepPrivate *priv = bd_step_get_instance_private (self);

  g_free (priv->title);
  g_free (priv->help_page);

  G_OBJECT_CLASS (bd_step_parent_class)->finalize (object);
}

static void
bd_step_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  BdStep *self = BD_STEP (object);
  BdStepPrivate *priv = bd_step_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_APPLYING:
      g_value_set_boolean (value, priv->applying);
      break;
    case PROP_COMPLETE:
      g_value_set_boolean (value, priv->complete);
      break;
    case PROP_HELP_PAGE:
      g_value_set_string (value, priv->help_page);
      break;
    case PROP_SESSION:
      g_value_set_object (value, priv->session);
      break;
    case PROP_TITLE:
      g_value_set_string (value, priv->title);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_step_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  BdStep *self = BD_STEP (object);
  BdStepPrivate *priv = bd_step_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_COMPLETE:
      bd_step_set_complete (self, g_value_get_boolean (value));
      break;
    case PROP_HELP_PAGE:
      bd_step_set_help_page (self, g_value_get_string (value));
      break;
    case PROP_SESSION:
      priv->session = g_value_dup_object (value);
      break;
    case PROP_TITLE:
      bd_step_set_title (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_step_class_init (BdStepClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bd_step_dispose;
  object_class->finalize = bd_step_finalize;
  object_class->get_property = bd_step_get_property;
  object_class->set_property = bd_step_set_property;

  properties[PROP_APPLYING] =
    g_param_spec_boolean ("applying", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_COMPLETE] =
    g_param_spec_boolean ("complete", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_HELP_PAGE] =
    g_param_spec_string ("help-page", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, BD_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BdStep::apply-done:
   * @go_on: whether the assistant moves to the next step
   */
  signals[APPLY_DONE] =
    g_signal_new ("apply-done",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}

static void
bd_step_init (BdStep *self)
{
}
