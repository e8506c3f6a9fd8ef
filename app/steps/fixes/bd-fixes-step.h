/* bd-fixes-step.h: the wizard's fixes step
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bd-step.h"

G_BEGIN_DECLS

#define BD_TYPE_FIXES_STEP (bd_fixes_step_get_type ())

G_DECLARE_FINAL_TYPE (BdFixesStep, bd_fixes_step, BD, FIXES_STEP, BdStep)

GtkWidget *bd_fixes_step_new (BdSession *session);

G_END_DECLS
