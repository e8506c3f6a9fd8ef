/* bd-diagnosis-step-private.h: the diagnosis step's parts, for its tests
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bd-diagnosis-step.h"
#include "bd-evidence-view.h"
#include "bd-path-view.h"

G_BEGIN_DECLS

GtkLabel      *_bd_diagnosis_step_get_headline       (BdDiagnosisStep *self);
GtkLabel      *_bd_diagnosis_step_get_summary        (BdDiagnosisStep *self);
GtkLabel      *_bd_diagnosis_step_get_explanation    (BdDiagnosisStep *self);
AdwActionRow  *_bd_diagnosis_step_get_owner_row      (BdDiagnosisStep *self);
AdwActionRow  *_bd_diagnosis_step_get_stage_row      (BdDiagnosisStep *self);
BdPathView    *_bd_diagnosis_step_get_path_view      (BdDiagnosisStep *self);
/* Rows are AdwActionRows (codes) or AdwExpanderRows (causes),
 * in the order shown; groups are AdwPreferencesGroups. */
GPtrArray     *_bd_diagnosis_step_get_code_rows      (BdDiagnosisStep *self);
GPtrArray     *_bd_diagnosis_step_get_cause_rows     (BdDiagnosisStep *self);
GPtrArray     *_bd_diagnosis_step_get_recipient_groups (BdDiagnosisStep *self);
BdEvidenceView *_bd_diagnosis_step_get_evidence_view (BdDiagnosisStep *self);
GtkScrolledWindow *_bd_diagnosis_step_get_scrolled_window (BdDiagnosisStep *self);

G_END_DECLS
