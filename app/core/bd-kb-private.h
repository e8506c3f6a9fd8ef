/* bd-kb-private.h: the parts of the knowledge base the classifier uses
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bd-kb.h"

G_BEGIN_DECLS

/* Lower-cases ASCII and Cyrillic, folds ё to е and turns every run of
 * white space into one space; appends to @out. Patterns and texts go
 * through the same function, so matching is a plain byte search. */
void bd_kb_normalize (GString    *out,
                      const char *text,
                      gssize      len);

/* Text patterns of all rules, lists and provider codes, searched at once.
 * A scan sets bit i of @bits for every pattern i found in the text. */
typedef struct _BdMatcher BdMatcher;

guint bd_matcher_get_n_patterns (const BdMatcher *self);
gsize bd_matcher_get_n_words    (const BdMatcher *self);  /* guint64 words per bit set */
void  bd_matcher_scan           (const BdMatcher *self,
                                 const char      *text,
                                 gsize            len,
                                 guint64         *bits);

static inline gboolean
bd_bits_test (const guint64 *bits,
              guint          i)
{
  return (bits[i / 64] >> (i % 64)) & 1;
}

typedef struct
{
  gint16 klass;     /* -1: any */
  gint16 subject;   /* -1: any */
  guint  lo, hi;    /* detail range */
} BdStatusPattern;

typedef struct
{
  guint lo, hi;
} BdReplyPattern;

typedef struct
{
  const char      *id;
  const BdKbCause *cause;
  double           weight;
  guint           *text;       /* pattern ids */
  guint            n_text;
  guint           *context;
  guint            n_context;
  guint           *not_text;
  guint            n_not_text;
  BdStatusPattern *status;
  guint            n_status;
  BdReplyPattern  *reply;
  guint            n_reply;
  guint            stage_mask;  /* 1 << BdStage; 0: any */
  const char      *since;
} BdKbRule;

typedef struct
{
  const BdKbCode  *code;
  BdStatusPattern  status;      /* klass -1 when not given */
  guint            reply;       /* 0 when not given */
  guint           *detect;
  guint            n_detect;
  guint           *text;
  guint            n_text;
  guint            order;       /* position in the files */
} BdKbProviderCode;

typedef struct
{
  const BdKbDnsbl *list;
  guint            n_patterns;
  guint           *patterns;    /* zone and aliases */
} BdKbDnsblPatterns;

const BdMatcher         *bd_kb_get_matcher        (BdKb  *self);
/* The patterns of all rules voting for @cause, as a bit set. */
const guint64           *bd_kb_get_cause_mask     (BdKb            *self,
                                                   const BdKbCause *cause);
const BdKbRule          *bd_kb_get_rules          (BdKb  *self,
                                                   guint *n_rules);
const BdKbProviderCode  *bd_kb_get_provider_codes (BdKb  *self,
                                                   guint *n_codes);
const BdKbDnsblPatterns *bd_kb_get_dnsbl_patterns (BdKb  *self,
                                                   guint *n_lists);

gboolean bd_status_pattern_match (const BdStatusPattern *pattern,
                                  guint                  klass,
                                  guint                  subject,
                                  guint                  detail);

G_END_DECLS
