/* bd-report.h: the result of analysing one message, log or pasted text
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bd-failure.h"

G_BEGIN_DECLS

struct _BdReport
{
  char         *file;          /* nullable: where it came from */
  BdSourceKind  kind;
  char         *format;        /* "dsn", "ndr", "text", "postfix-log", "mdaemon-log", … */
  char         *mta;           /* nullable: "postfix", "exim", "exchange", "gmail", … */
  guint64       bytes;
  /* Set when the input is not a failure at all: "delivered", "auto-reply",
   * "feedback" (ARF), "relayed", "expanded". Such a report has no failures. */
  char         *not_failure;
  char         *subject;       /* nullable, decoded */
  /* For a report that is no failure: its none.* cause (set by the
   * classifier), nullable. */
  BdCauseMatch *verdict;
  GPtrArray    *failures;      /* of BdFailure */
  /* Answers to the guided questions, in the order asked (nullable). */
  GArray       *answers;       /* of BdReportAnswer */
  /* Results of the live checks (BdCheckResult, bd-check.h), nullable: only
   * after "check" or the wizard's Run Checks. */
  GPtrArray    *checks;
};

typedef struct
{
  const BdKbQuestion *question;
  BdAnswer            answer;
} BdReportAnswer;

/* One cause of the whole report: the causes of its failures merged. */
typedef struct
{
  const BdCauseMatch *match;    /* the most confident one */
  const BdFailure    *failure;  /* the failure it belongs to (NULL for a verdict) */
  GArray             *lines;    /* of const BdEvidence *: the supporting lines, by line */
} BdReportCause;

BdReport  *bd_report_new          (void);
void       bd_report_free         (BdReport    *self);
void       bd_report_add_failure  (BdReport    *self,
                                   BdFailure   *failure);
BdFailure *bd_report_find_failure (BdReport    *self,
                                   const char  *recipient);
void       bd_report_set_format   (BdReport    *self,
                                   const char  *format,
                                   const char  *mta);
/* Summary line like "Postfix bounce · 1 recipient · 554 5.7.1" (localised). */
char      *bd_report_dup_summary  (BdReport    *self);
GArray    *bd_report_collect_causes (BdReport  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdReport, bd_report_free)

G_END_DECLS
