/* bd-spf.h: SPF (RFC 7208) evaluation for the sending IP
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bd-dns.h"

G_BEGIN_DECLS

typedef enum
{
  BD_SPF_NONE = 0,
  BD_SPF_NEUTRAL,
  BD_SPF_PASS,
  BD_SPF_FAIL,
  BD_SPF_SOFTFAIL,
  BD_SPF_TEMPERROR,
  BD_SPF_PERMERROR,
  /* Not an RFC result: an answer the evaluation needs is not known yet. */
  BD_SPF_PENDING,
} BdSpfResult;

typedef struct
{
  GInetAddress *ip;        /* the SMTP client */
  const char   *sender;    /* MAIL FROM, may be "" (then postmaster@helo) */
  const char   *helo;      /* HELO/EHLO name, nullable */
  const char   *receiver;  /* %{r}: the receiving host, nullable ("unknown") */
  gint64        now;       /* %{t}: seconds since the epoch */
} BdSpfRequest;

typedef struct
{
  BdSpfResult  result;
  char        *domain;       /* the domain checked first */
  char        *record;       /* its SPF record, nullable */
  char        *mechanism;    /* the term that decided, or "default", nullable */
  char        *explanation;  /* the domain's explanation of a fail (exp=), nullable */
  char        *problem;      /* why permerror/temperror/none (English, for details) */
  guint        n_lookups;    /* DNS-querying terms evaluated (limit 10) */
  guint        n_void;       /* of them, answered with no records (limit 2) */
  /* With BD_SPF_PENDING: the query to make before evaluating again. */
  char        *pending_name;
  BdDnsType    pending_type;
} BdSpfOutcome;

/* Returns the answer to (@name, @type), or NULL when it is not known yet:
 * bd_spf_check() then stops with BD_SPF_PENDING naming that query. An
 * evaluation is deterministic, so asking and evaluating again until the
 * result is not pending gives the answer an asynchronous resolver would. */
typedef const BdDnsAnswer *(*BdSpfLookupFunc) (const char *name,
                                               BdDnsType   type,
                                               gpointer    user_data);

BdSpfResult  bd_spf_check            (const BdSpfRequest *request,
                                      BdSpfLookupFunc     lookup,
                                      gpointer            user_data,
                                      BdSpfOutcome       *outcome);
void         bd_spf_outcome_clear    (BdSpfOutcome       *outcome);
const char  *bd_spf_result_to_string (BdSpfResult         result);

G_END_DECLS
