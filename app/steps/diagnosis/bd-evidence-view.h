/* bd-evidence-view.h: the lines of the input that gave the diagnosis away
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bd-report.h"

G_BEGIN_DECLS

/* The text tag of the highlighted evidence lines. */
#define BD_EVIDENCE_TAG "evidence"

#define BD_TYPE_EVIDENCE_VIEW (bd_evidence_view_get_type ())

G_DECLARE_FINAL_TYPE (BdEvidenceView, bd_evidence_view, BD, EVIDENCE_VIEW, GtkWidget)

GtkWidget   *bd_evidence_view_new          (void);
gboolean     bd_evidence_view_set_report   (BdEvidenceView *self,
                                            const BdReport *report,
                                            GBytes         *input);

/* Its parts, for the tests: the listed lines (AdwActionRows), the whole
 * text and the expander around it. */
GPtrArray   *bd_evidence_view_get_rows     (BdEvidenceView *self);
GtkTextView *bd_evidence_view_get_text_view (BdEvidenceView *self);
GtkExpander *bd_evidence_view_get_expander (BdEvidenceView *self);

G_END_DECLS
