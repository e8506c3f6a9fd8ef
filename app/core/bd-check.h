/* bd-check.h: the live checks: results and a run of them
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "bd-report.h"
#include "bd-resolver.h"

G_BEGIN_DECLS

typedef enum
{
  BD_CHECK_PENDING = 0,  /* not finished yet (never in a finished run) */
  BD_CHECK_PASS,
  BD_CHECK_WARN,
  BD_CHECK_FAIL,
  BD_CHECK_UNKNOWN,      /* could not tell: timeout, DNS error, refused … */
  BD_CHECK_SKIPPED,      /* nothing to check, or not allowed */
} BdCheckStatus;

typedef struct
{
  char          *id;       /* "dns.ptr" */
  char          *target;   /* "203.0.113.45", "example.org", "mx.example.org:25", a DNSBL zone */
  BdCheckStatus  status;
  char          *summary;  /* in the user's language */
  JsonObject    *details;  /* raw answers; keys never translated */
  gint64         ms;       /* how long it took */
} BdCheckResult;

void         bd_check_result_free       (BdCheckResult *self);
const char  *bd_check_status_to_string  (BdCheckStatus  status);
/* In the user's language: "ok", "warning", "problem", "can't tell" … */
const char  *bd_check_status_get_label  (BdCheckStatus  status);
/* The check's name for people: "Reverse DNS (PTR)", "Block lists" … */
const char  *bd_check_get_title         (const char    *id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdCheckResult, bd_check_result_free)

#define BD_TYPE_CHECK_RUN (bd_check_run_get_type ())

G_DECLARE_FINAL_TYPE (BdCheckRun, bd_check_run, BD, CHECK_RUN, GObject)

/* Plans the checks the diagnosis of @report calls for, with targets from
 * the bounce: sending IP, HELO name, sender and recipient domains, the
 * remote server. Nothing is sent before bd_check_run_start_async(). */
BdCheckRun  *bd_check_run_new           (BdReport            *report,
                                         BdResolver          *resolver,
                                         guint                timeout_ms);
void         bd_check_run_set_doh       (BdCheckRun          *self,
                                         const char          *url);
/* The planned checks (BdCheckResult, pending until done), in order. */
GPtrArray   *bd_check_run_get_results   (BdCheckRun          *self);
/* Runs them all in parallel; each ends within its timeout, and cancelling
 * ends them all at once (those not finished are "unknown"). Emits
 * "check-done" (BdCheckResult *) for each as it finishes. */
void         bd_check_run_start_async   (BdCheckRun          *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean     bd_check_run_start_finish  (BdCheckRun          *self,
                                         GAsyncResult        *result,
                                         GError             **error);
/* Moves the causes' confidences after the results: a listed IP raises the
 * blacklist cause, a present PTR lowers the PTR cause … */
void         bd_check_run_apply         (BdCheckRun          *self,
                                         BdReport            *report);

G_END_DECLS
