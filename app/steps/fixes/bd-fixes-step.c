/* bd-fixes-step.c: the wizard's fixes step
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-fixes-step.h"

struct _BdFixesStep
{
  BdStep     parent_instance;

  GtkLabel  *label;
};

G_DEFINE_FINAL_TYPE (BdFixesStep, bd_fixes_step, BD_TYPE_STEP)

static void
bd_fixes_step_dispose (GObject *object)
{
  /* AdwBin would unparent its child again after the template did. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), BD_TYPE_FIXES_STEP);

  G_OBJECT_CLASS (bd_fixes_step_parent_class)->dispose (object);
}

static void
bd_fixes_step_class_init (BdFixesStepClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_fixes_step_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/bouncedoctor/BounceDoctor/steps/fixes/bd-fixes-step.ui");
  gtk_widget_class_bind_template_child (widget_class, BdFixesStep, label);
}

static void
bd_fixes_step_init (BdFixesStep *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  bd_step_set_title (BD_STEP (self), _("Fixes"));
  bd_step_set_complete (BD_STEP (self), TRUE);
}

GtkWidget *
bd_fixes_step_new (BdSession *session)
{
  g_return_val_if_fail (BD_IS_SESSION (session), NULL);

  return g_object_new (BD_TYPE_FIXES_STEP,
                       "session", session,
                       NULL);
}
