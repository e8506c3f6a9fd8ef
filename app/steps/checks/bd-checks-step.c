/* bd-checks-step.c: the wizard's checks step
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-checks-step.h"

struct _BdChecksStep
{
  BdStep     parent_instance;

  GtkLabel  *label;
};

G_DEFINE_FINAL_TYPE (BdChecksStep, bd_checks_step, BD_TYPE_STEP)

static void
bd_checks_step_dispose (GObject *object)
{
  /* AdwBin would unparent its child again after the template did. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), BD_TYPE_CHECKS_STEP);

  G_OBJECT_CLASS (bd_checks_step_parent_class)->dispose (object);
}

static void
bd_checks_step_class_init (BdChecksStepClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_checks_step_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/bouncedoctor/BounceDoctor/steps/checks/bd-checks-step.ui");
  gtk_widget_class_bind_template_child (widget_class, BdChecksStep, label);
}

static void
bd_checks_step_init (BdChecksStep *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  bd_step_set_title (BD_STEP (self), _("Checks"));
  bd_step_set_complete (BD_STEP (self), TRUE);
}

GtkWidget *
bd_checks_step_new (BdSession *session)
{
  g_return_val_if_fail (BD_IS_SESSION (session), NULL);

  return g_object_new (BD_TYPE_CHECKS_STEP,
                       "session", session,
                       NULL);
}
