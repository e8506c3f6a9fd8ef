/* bd-diagnosis-step.h: the wizard's diagnosis step
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bd-step.h"

G_BEGIN_DECLS

#define BD_TYPE_DIAGNOSIS_STEP (bd_diagnosis_step_get_type ())

G_DECLARE_FINAL_TYPE (BdDiagnosisStep, bd_diagnosis_step, BD, DIAGNOSIS_STEP, BdStep)

GtkWidget *bd_diagnosis_step_new (BdSession *session);

G_END_DECLS
