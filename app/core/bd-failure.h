/* bd-failure.h: one failed delivery and the evidence for it
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bd-kb.h"

G_BEGIN_DECLS

typedef struct
{
  guint  line;   /* 1-based line in the input (in the file for logs) */
  char  *text;   /* the line, UTF-8, without line end */
} BdEvidence;

/* One ranked cause of a failure (the classifier's output). */
typedef struct
{
  const BdKbCause *cause;       /* borrowed from the KB */
  double           confidence;  /* 0 … 1, after the answers to the questions */
  const char      *rule;        /* id of the strongest rule behind it (or of
                                 * the question or symptom that added it) */
  const BdKbDnsbl *list;        /* the DNSBL it is about, nullable */
  GArray          *lines;       /* of guint: evidence lines that support it */
  /* The classifier's own confidence (or the symptom's weight), before any
   * answer: bd_classify_apply_answers () starts again from it. 0 for a
   * cause an answer added. */
  double           base;
  /* Nullable: the question whose answer added this cause (it was not
   * found otherwise). Such a cause goes when the answer is taken back. */
  const BdKbQuestion *added_by;
} BdCauseMatch;

void bd_cause_match_free (BdCauseMatch *match);

struct _BdFailure
{
  char       *recipient;     /* nullable, lower-cased address */
  char       *sender;        /* nullable */
  guint       reply_code;    /* 0 when not stated */
  char       *status;        /* "5.7.1", nullable */
  gboolean    permanent;
  gboolean    delayed;       /* a delay warning (DSN Action: delayed): still being retried */
  BdStage     stage;
  char       *remote_host;   /* nullable */
  char       *remote_ip;     /* nullable */
  char       *client_ip;     /* nullable */
  char       *helo;          /* nullable: the HELO/EHLO name the client used */
  gint64      size;          /* message size in bytes, -1 when not stated */
  char       *diagnostic;    /* the server's words, unfolded; nullable */
  BdCategory  category;
  char       *cause;         /* cause id, nullable */
  GArray     *evidence;      /* of BdEvidence, sorted by line */
  GPtrArray  *causes;        /* of BdCauseMatch, best first; NULL until classified */
  /* Lines of the bounce's own explanation (its first text part), kept when
   * no server reply was found: the classifier reads them, and those that
   * support a cause become evidence. Not reported themselves. */
  GArray     *notice;        /* of BdEvidence, nullable */
  const BdKbCode *provider_code;  /* the provider's meaning of the codes, nullable */
  /* Set when the failure is a symptom the user described instead of a
   * message (bd_diagnose_symptom ()), nullable. */
  const BdKbSymptom *symptom;
};

BdFailure *bd_failure_new            (void);
BdFailure *bd_failure_copy           (const BdFailure *self);
void       bd_failure_free           (BdFailure       *self);
void       bd_failure_add_evidence   (BdFailure       *self,
                                      guint            line,
                                      const char      *text,
                                      gssize           len);
/* Adds a line of the bounce's explanation (see notice above). */
void       bd_failure_add_notice     (BdFailure       *self,
                                      guint            line,
                                      const char      *text,
                                      gssize           len);
/* Adds every evidence line of @other to @self (kept sorted, no repeats). */
void       bd_failure_merge_evidence (BdFailure       *self,
                                      const BdFailure *other);
void       bd_failure_set_status     (BdFailure       *self,
                                      const char      *status);
void       bd_failure_set_string     (char           **field,
                                      const char      *value,
                                      gssize           len);
/* Derives permanent from the reply code / status when they are known. */
void       bd_failure_update_permanent (BdFailure     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdFailure, bd_failure_free)

G_END_DECLS
