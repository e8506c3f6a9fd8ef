/* bd-document.h: a decoded input (email, pasted text) as UTF-8 text blocks
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bd-types.h"

G_BEGIN_DECLS

typedef enum
{
  BD_BLOCK_BODY = 0,        /* human-readable text: text/plain, stripped text/html, pasted text */
  BD_BLOCK_DELIVERY_STATUS, /* message/delivery-status (RFC 3464) */
  BD_BLOCK_FEEDBACK,        /* message/feedback-report (RFC 5965) */
  BD_BLOCK_RETURNED,        /* headers of the returned message (message/rfc822, text/rfc822-headers) */
  BD_BLOCK_DISPOSITION,     /* message/disposition-notification (RFC 8098) */
} BdBlockKind;

typedef struct
{
  BdBlockKind  kind;
  char        *content_type;  /* lower-case "text/plain", … */
  char        *text;          /* UTF-8, LF line ends, NUL-terminated */
  gsize        len;
  guint        first_line;    /* line in the input where the text starts (1-based) */
  gboolean     exact_lines;   /* TRUE when text lines map 1:1 to input lines */
} BdBlock;

typedef struct
{
  char *name;   /* as written */
  char *value;  /* unfolded, RFC 2047-decoded, UTF-8 */
  guint line;
} BdHeader;

struct _BdDocument
{
  BdSourceKind  kind;        /* BD_SOURCE_EMAIL when it had a header block */
  gsize         bytes;       /* size of the raw input */
  GArray       *headers;     /* of BdHeader: top-level headers (empty for pasted text) */
  GPtrArray    *blocks;      /* of BdBlock, in input order */
  guint         depth_limited : 1; /* MIME nesting was cut at the limit */
};

/* Decodes one message or pasted text. Never fails: junk gives a document
 * with whatever text could be recovered. */
BdDocument  *bd_document_new_from_data   (const char  *data,
                                          gsize        len);
void         bd_document_free            (BdDocument  *self);
const char  *bd_document_get_header      (BdDocument  *self,
                                          const char  *name);
/* The first block of @kind or NULL */
BdBlock     *bd_document_find_block      (BdDocument  *self,
                                          BdBlockKind  kind);

/* Converts @len bytes in @charset (may be NULL, wrong or misspelt) to valid
 * UTF-8 with LF line ends. Never returns NULL. */
char        *bd_text_to_utf8             (const char  *data,
                                          gsize        len,
                                          const char  *charset,
                                          gsize       *out_len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdDocument, bd_document_free)

G_END_DECLS
