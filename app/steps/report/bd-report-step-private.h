/* bd-report-step-private.h: the report step's parts, for tests
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bd-report-step.h"

G_BEGIN_DECLS

typedef enum
{
  BD_REPORT_FORMAT_MARKDOWN,
  BD_REPORT_FORMAT_JSON,
} BdReportFormat;

/* A mailto: link longer than this may be cut by mail programs and
 * browsers (some stop near 2000 characters). */
#define BD_REPORT_STEP_MAILTO_MAX 1800

/* What the text view shows. */
char      *bd_report_step_dup_view_text    (BdReportStep   *self);
/* What Copy, Save, Email and Export share: redacted when the session says
 * so. NULL without a report. */
char      *bd_report_step_dup_text         (BdReportStep   *self,
                                            BdReportFormat  format);
/* The "Email to Administrator" link. @shortened is set when the report did
 * not fit and the link carries a summary instead (the full report then
 * goes to the clipboard). NULL without a report. */
char      *bd_report_step_build_mailto_uri (BdReportStep   *self,
                                            gboolean       *shortened);
/* The link for any @subject and @body; @summary replaces @body when the
 * link would be longer than @max_length. */
char      *_bd_report_build_mailto         (const char     *subject,
                                            const char     *body,
                                            const char     *summary,
                                            gsize           max_length,
                                            gboolean       *shortened);

/* Saves the report to @file, as Save As… and Export JSON… do after their
 * dialog. */
void       bd_report_step_write_file_async  (BdReportStep        *self,
                                             GFile               *file,
                                             BdReportFormat       format,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean   bd_report_step_write_file_finish (BdReportStep        *self,
                                             GAsyncResult        *result,
                                             GError             **error);

/* Copy's work, without the toast. */
void       bd_report_step_copy             (BdReportStep   *self);

GtkSwitch *bd_report_step_get_redact_switch (BdReportStep  *self);
GtkWidget *bd_report_step_get_ticket_box    (BdReportStep  *self);
GtkLabel  *bd_report_step_get_ticket_headline (BdReportStep *self);
GtkListBox *bd_report_step_get_answers_list (BdReportStep  *self);
GtkTextView *bd_report_step_get_text_view   (BdReportStep  *self);

G_END_DECLS
