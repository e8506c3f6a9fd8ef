/* bd-session.h: the diagnosis the wizard's steps share
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bd-check.h"
#include "bd-report.h"

G_BEGIN_DECLS

#define BD_TYPE_SESSION (bd_session_get_type ())

G_DECLARE_FINAL_TYPE (BdSession, bd_session, BD, SESSION, GObject)

BdSession  *bd_session_new                  (void);

/* The analysed input: the report, what it came from. */
BdReport   *bd_session_get_report           (BdSession            *self);
void        bd_session_set_report           (BdSession            *self,
                                             BdReport             *report);
GBytes     *bd_session_get_input            (BdSession            *self);
const char *bd_session_get_input_name       (BdSession            *self);
guint       bd_session_get_n_messages       (BdSession            *self);
void        bd_session_clear                (BdSession            *self);

/* Analysis runs in a worker thread; a newer one replaces an older one. */
void        bd_session_analyse_bytes_async  (BdSession            *self,
                                             GBytes               *bytes,
                                             const char           *name,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
/* A file analysed from disk, streaming, with #BdSession:progress. */
void        bd_session_analyse_file_async   (BdSession            *self,
                                             GFile                *file,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
/* A report already made from @input (the live summary's), taken as if
 * analysed here; a running analysis is stopped. */
void        bd_session_set_analysed         (BdSession            *self,
                                             BdReport             *report,
                                             GBytes               *input,
                                             const char           *name);
gboolean    bd_session_analyse_finish       (BdSession            *self,
                                             GAsyncResult         *result,
                                             GError              **error);
gboolean    bd_session_get_busy             (BdSession            *self);
/* 0 … 1 while a file is analysed from disk, -1 otherwise. */
double      bd_session_get_progress         (BdSession            *self);

/* The guided questions (ids from the KB). */
BdAnswer    bd_session_get_answer           (BdSession            *self,
                                             const char           *question_id);
void        bd_session_set_answer           (BdSession            *self,
                                             const char           *question_id,
                                             BdAnswer              answer);
GHashTable *bd_session_get_answers          (BdSession            *self);

/* Choices that shape the fixes and the report. */
gboolean    bd_session_get_helpdesk         (BdSession            *self);
void        bd_session_set_helpdesk         (BdSession            *self,
                                             gboolean              helpdesk);
const char *bd_session_get_program          (BdSession            *self);
void        bd_session_set_program          (BdSession            *self,
                                             const char           *program);
const char *bd_session_get_server           (BdSession            *self);
void        bd_session_set_server           (BdSession            *self,
                                             const char           *server);
gboolean    bd_session_get_redact           (BdSession            *self);
void        bd_session_set_redact           (BdSession            *self,
                                             gboolean              redact);

/* The live checks (SPEC §7): nothing leaves the machine before this is
 * called. Emits "check-done" (BdCheckResult *) as each check ends and
 * "ranking-changed" when the results have moved the causes. A new run or
 * a new report replaces the old run. */
void        bd_session_run_checks_async     (BdSession            *self,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean    bd_session_run_checks_finish    (BdSession            *self,
                                             GAsyncResult         *result,
                                             GError              **error);
/* The resolver the checks use (by default the system's, made at the first
 * run); tests give one that asks their own DNS server. */
void        bd_session_set_resolver         (BdSession            *self,
                                             BdResolver           *resolver);
/* The current (or last) run, nullable. */
BdCheckRun *bd_session_get_check_run        (BdSession            *self);
gboolean    bd_session_get_checking         (BdSession            *self);

/* The report as the user shares it (redacted when #BdSession:redact). */
char       *bd_session_dup_report_text      (BdSession            *self);
char       *bd_session_dup_report_json      (BdSession            *self);

G_END_DECLS
