/* bd-reader-private.h: helpers shared by the DSN and text readers
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Implemented in bd-reader-dsn.c. Not installed, not API.
 */
#pragma once

#include "bd-document.h"
#include "bd-failure.h"
#include "bd-report.h"

G_BEGIN_DECLS

/* The next line of [*p, end): sets line and len (without the LF), moves *p
 * past the line end. Returns FALSE at the end. */
static inline gboolean
bd_next_line (const char **p,
              const char  *end,
              const char **line,
              gsize       *len)
{
  const char *nl;

  if (*p >= end)
    return FALSE;
  *line = *p;
  nl = memchr (*p, '\n', (gsize) (end - *p));
  if (nl == NULL)
    {
      *len = (gsize) (end - *p);
      *p = end;
    }
  else
    {
      *len = (gsize) (nl - *p);
      *p = nl + 1;
    }
  return TRUE;
}

/* Line number in the input of @pos, a pointer into @block's text. */
guint       bd_reader_line_of        (const BdBlock *block,
                                      const char    *pos);
/* Adds the whole line around @pos in @block as evidence. */
void        bd_reader_add_evidence   (BdFailure     *failure,
                                      const BdBlock *block,
                                      const char    *pos);
/* The first e-mail address in [text, text+len), lower-cased, without
 * "rfc822;", quotes and angle brackets; NULL when there is none. */
char       *bd_reader_address_dup    (const char    *text,
                                      gsize          len);
/* Like bd_reader_address_dup() but also gives where the address is. */
char       *bd_reader_address_find   (const char    *text,
                                      gsize          len,
                                      const char   **start,
                                      const char   **end);
/* Reads an SMTP reply in @text (the server's words) into @failure: reply
 * code and status unless already known (a generic x.0.0 status gives way to
 * a specific one), stage, and remote host/IP from "host … [ip]" phrases.
 * Returns TRUE when a reply code or status was found. */
gboolean    bd_reader_apply_reply    (BdFailure     *failure,
                                      const char    *text,
                                      gsize          len);
/* "host mx.example.com[192.0.2.8]", "H=mx.example.com [192.0.2.8]" … */
void        bd_reader_apply_remote   (BdFailure     *failure,
                                      const char    *text,
                                      gsize          len);
/* Sender of the returned message (Return-Path or From of a RETURNED block). */
char       *bd_reader_returned_sender (BdDocument   *doc);
/* Case-insensitive search of an ASCII @needle in [hay, hay+len). */
const char *bd_reader_find_ci        (const char    *hay,
                                      gsize          len,
                                      const char    *needle);
/* From MAILER-DAEMON/postmaster, or a subject that says so. */
gboolean    bd_reader_looks_like_bounce (BdDocument *doc);
/* Is this report an auto-reply (RFC 3834) judging by its headers? */
gboolean    bd_reader_is_auto_reply  (BdDocument    *doc);

/* The Status (class 4 or 5) that all records of the document's
 * delivery-status parts share; FALSE when there is none or they differ. */
gboolean    bd_reader_dsn_common_status (BdDocument *doc,
                                         char        status[16]);

/* For failures of a DSN that lack a reply code or a specific status, reads
 * the human-readable part for the paragraph about their recipient. */
/* Keeps the bounce's own explanation for failures without a reply. */
void        bd_reader_text_notice     (BdDocument   *doc,
                                       BdReport     *report);
void        bd_reader_text_supplement (BdDocument   *doc,
                                       BdReport     *report);

G_END_DECLS
