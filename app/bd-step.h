/* bd-step.h: the base class of the wizard's steps
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bd-session.h"

G_BEGIN_DECLS

#define BD_TYPE_STEP (bd_step_get_type ())

G_DECLARE_DERIVABLE_TYPE (BdStep, bd_step, BD, STEP, AdwBin)

struct _BdStepClass
{
  AdwBinClass parent_class;

  /* The step became the visible one. */
  void     (*shown) (BdStep       *self);
  /* "Next" was pressed. Return TRUE when work was started that ends with
   * bd_step_apply_complete(); FALSE to go on at once. */
  gboolean (*apply) (BdStep       *self,
                     GCancellable *cancellable);
};

BdSession  *bd_step_get_session     (BdStep     *self);
const char *bd_step_get_title       (BdStep     *self);
void        bd_step_set_title       (BdStep     *self,
                                     const char *title);
/* FALSE keeps "Next" insensitive (e.g. nothing pasted yet). */
gboolean    bd_step_get_complete    (BdStep     *self);
void        bd_step_set_complete    (BdStep     *self,
                                     gboolean    complete);
gboolean    bd_step_get_applying    (BdStep     *self);
/* Help page of this step (a Mallard page id), nullable. */
const char *bd_step_get_help_page   (BdStep     *self);
void        bd_step_set_help_page   (BdStep     *self,
                                     const char *help_page);

/* Called by the assistant. */
void        bd_step_shown           (BdStep       *self);
gboolean    bd_step_apply           (BdStep       *self,
                                     GCancellable *cancellable);
/* Ends an apply() that returned TRUE; @go_on FALSE stays on the step. */
void        bd_step_apply_complete  (BdStep     *self,
                                     gboolean    go_on);

G_END_DECLS
