/* bd-classify.h: the category and cause of a failure
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bd-report.h"

G_BEGIN_DECLS

/* Category from the codes alone: RFC 3463 subject/detail, then the RFC 5321
 * reply class. Sets @cause_id (static string, may be NULL). */
BdCategory bd_classify_codes   (guint        reply_code,
                                const char  *status,
                                BdStage      stage,
                                const char **cause_id);
/* Fills category and cause of every failure of @report. */
void       bd_classify_report  (BdReport    *report);

G_END_DECLS
