/* bd-diagnose.h: from input bytes, files or folders to reports
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bd-report.h"

G_BEGIN_DECLS

/* Analyses one message, pasted text or (small) log. Never returns NULL. */
BdReport *bd_diagnose_data  (const char    *data,
                             gsize          len,
                             const char    *file);

/* Called for each analysed message; the callee takes ownership of @report. */
typedef void (*BdReportFunc) (BdReport *report,
                              gpointer  user_data);

/* Analyses a file (one message, an mbox of many, or a log streamed line by
 * line), or every file under a directory (a Maildir), calling @func for each
 * message. Errors for single files of a directory are passed to @error_func
 * and the walk goes on; returns FALSE with @error when @path itself cannot
 * be read. */
typedef void (*BdErrorFunc) (const char   *path,
                             const GError *error,
                             gpointer      user_data);

gboolean  bd_diagnose_path  (const char    *path,
                             BdReportFunc   func,
                             BdErrorFunc    error_func,
                             gpointer       user_data,
                             GCancellable  *cancellable,
                             GError       **error);

/* The same for a stream (stdin): mbox or single message or log. */
gboolean  bd_diagnose_stream (GInputStream  *stream,
                              const char    *name,
                              BdReportFunc   func,
                              gpointer       user_data,
                              GCancellable  *cancellable,
                              GError       **error);

/* A report for a user without any message, from the symptom they chose
 * (a KB symptom id): one failure whose causes are the symptom's. NULL when
 * the id is unknown. */
BdReport *bd_diagnose_symptom (const char *symptom_id);

G_END_DECLS
