/* bd-classify.h: the category and ranked causes of a failure
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bd-kb.h"
#include "bd-report.h"

G_BEGIN_DECLS

/* Ranks the causes of every failure of @report with @kb (NULL: the default
 * KB) and sets each failure's category, cause, causes and provider_code. */
void       bd_classify_report      (BdReport  *report);
void       bd_classify_report_with (BdKb      *kb,
                                    BdReport  *report);
/* Classifies one failure; @mta may be NULL. */
void       bd_classify_failure     (BdKb      *kb,
                                    BdFailure *failure,
                                    const char *mta);

/* Applies the answers (question id → BdAnswer as a pointer) to every
 * failure's causes: confidences are recomputed from what the classifier
 * found, the causes re-sorted, each failure's cause and category follow
 * the new first one, and report->answers lists the answers. */
void       bd_classify_apply_answers (BdKb       *kb,
                                      BdReport   *report,
                                      GHashTable *answers);

G_END_DECLS
