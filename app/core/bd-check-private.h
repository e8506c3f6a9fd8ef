/* bd-check-private.h: what the checks' implementations share
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bd-check.h"
#include "bd-kb.h"

G_BEGIN_DECLS

typedef struct _BdCheckTask BdCheckTask;

/* One check of a run. Reference counted: answers that arrive after the
 * check ended (timeout, cancel) find it done and are dropped. */
struct _BdCheckTask
{
  BdCheckRun       *run;          /* not owned; NULL once the check ended */
  BdCheckResult    *result;       /* owned by the run */
  BdResolver       *resolver;
  GCancellable     *cancellable;  /* cancelled at the timeout or by the run */
  guint             timeout_ms;
  gint64            started;
  gboolean          done;

  /* What the check works on (from the bounce) */
  GInetAddress     *client_ip;    /* nullable */
  char             *helo;         /* nullable */
  char             *sender;       /* nullable */
  char             *domain;       /* the domain checked, nullable */
  char             *host;         /* a server name, nullable */
  guint16           port;
  gint64            size;         /* message size or -1 */
  const BdKbDnsbl  *list;         /* dnsbl */
  char             *doh;          /* net.resolver: DNS-over-HTTPS URL, nullable */

  /* The check's own state */
  gpointer          data;
  GDestroyNotify    data_free;
  JsonArray        *queries;      /* details.queries: every DNS answer, raw */
};

typedef void (*BdCheckFunc)       (BdCheckTask *task);
typedef void (*BdCheckLookupFunc) (BdCheckTask       *task,
                                   const BdDnsAnswer *answer);

BdCheckTask *_bd_check_task_ref    (BdCheckTask       *task);
void         _bd_check_task_unref  (BdCheckTask       *task);
/* Ends the check (once; later calls are ignored). */
void         _bd_check_task_done   (BdCheckTask       *task,
                                    BdCheckStatus      status,
                                    const char        *summary);
/* The same with a printf-style summary. */
void         _bd_check_task_donef  (BdCheckTask       *task,
                                    BdCheckStatus      status,
                                    const char        *format,
                                    ...) G_GNUC_PRINTF (3, 4);
/* Looks up (@name, @type); @callback runs only while the check is not
 * done, with the answer (never NULL). The answer goes into details. */
void         _bd_check_task_lookup (BdCheckTask       *task,
                                    const char        *name,
                                    BdDnsType          type,
                                    BdCheckLookupFunc  callback);
JsonObject  *_bd_check_task_details (BdCheckTask      *task);

/* bd-checks-dns.c */
void _bd_check_dns_mx    (BdCheckTask *task);
void _bd_check_dns_ptr   (BdCheckTask *task);
void _bd_check_dns_helo  (BdCheckTask *task);
void _bd_check_dns_spf   (BdCheckTask *task);
void _bd_check_dns_dmarc (BdCheckTask *task);
void _bd_check_dnsbl     (BdCheckTask *task);

/* bd-checks-http.c */
void _bd_check_time_clock   (BdCheckTask *task);
void _bd_check_mta_sts      (BdCheckTask *task);
void _bd_check_net_resolver (BdCheckTask *task);

G_END_DECLS
