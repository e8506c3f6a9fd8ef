/* bd-checks-step.h: the wizard's checks step
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bd-step.h"

G_BEGIN_DECLS

#define BD_TYPE_CHECKS_STEP (bd_checks_step_get_type ())

G_DECLARE_FINAL_TYPE (BdChecksStep, bd_checks_step, BD, CHECKS_STEP, BdStep)

GtkWidget *bd_checks_step_new (BdSession *session);

G_END_DECLS
