/* bd-log.h: streaming readers for server logs and SMTP transcripts
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A log is read line by line with memory bounded by the number of sessions
 * open at once, never by the size of the log. Every failed delivery found
 * becomes a BdFailure with the line numbers of its evidence.
 */
#pragma once

#include "bd-report.h"

G_BEGIN_DECLS

typedef struct _BdLogScanner BdLogScanner;

/* Called for each failure as soon as it is complete; the callee takes
 * ownership of @failure. */
typedef void (*BdFailureFunc) (BdFailure *failure,
                               gpointer   user_data);

/* Looks at the first lines of an input and returns the log format
 * ("mdaemon-log", "postfix-log", "exim-log", "sendmail-log", "smtp-transcript")
 * or NULL when it is not a log or transcript. Static string. */
const char   *bd_log_detect            (const char    *data,
                                        gsize          len);
/* @report receives source kind/format/mta; failures are added to it unless
 * a failure func is set. */
BdLogScanner *bd_log_scanner_new       (const char    *format,
                                        BdReport      *report);
void          bd_log_scanner_set_failure_func (BdLogScanner *self,
                                               BdFailureFunc func,
                                               gpointer      user_data);
/* @line without its line end (CR, LF or CRLF already removed); @lineno 1-based. */
void          bd_log_scanner_feed_line (BdLogScanner  *self,
                                        const char    *line,
                                        gsize          len,
                                        guint          lineno);
/* Flushes sessions still open at the end of input (reports the failed ones). */
void          bd_log_scanner_finish    (BdLogScanner  *self);
void          bd_log_scanner_free      (BdLogScanner  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdLogScanner, bd_log_scanner_free)

G_END_DECLS
