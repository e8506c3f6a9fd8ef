/* bd-report-step.h: the wizard's report step
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bd-step.h"

G_BEGIN_DECLS

#define BD_TYPE_REPORT_STEP (bd_report_step_get_type ())

G_DECLARE_FINAL_TYPE (BdReportStep, bd_report_step, BD, REPORT_STEP, BdStep)

GtkWidget *bd_report_step_new (BdSession *session);

G_END_DECLS
