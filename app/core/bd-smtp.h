/* bd-smtp.h: SMTP reply codes, enhanced status codes and stages in free text
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bd-types.h"

G_BEGIN_DECLS

typedef struct
{
  guint       code;         /* RFC 5321 reply code, 0 when none */
  char        status[16];   /* RFC 3463 enhanced status "5.7.1", "" when none */
  const char *text;         /* points into the input, after the codes */
  const char *start;        /* points into the input, at the reply code (or status) */
} BdSmtpReply;

/* Finds the first SMTP reply in @text ("550 5.1.1 …", "550-5.7.26 …",
 * "#554 5.7.1 …", "5.1.1 …" alone). Returns FALSE when there is none. */
gboolean  bd_smtp_find_reply        (const char  *text,
                                     gssize       len,
                                     BdSmtpReply *reply);
/* Finds the first enhanced status code (class 2, 4 or 5) in @text. */
gboolean  bd_smtp_find_status       (const char  *text,
                                     gssize       len,
                                     char         status[16]);
gboolean  bd_smtp_status_is_valid   (const char  *status);
/* The stage named by phrases such as "in reply to RCPT TO command",
 * "after end of data", "MAIL FROM", "during AUTH"; BD_STAGE_UNKNOWN when none. */
BdStage   bd_smtp_stage_from_text   (const char  *text,
                                     gssize       len);
/* The stage of a client command: "RCPT TO:<a@b>" → BD_STAGE_RCPT. */
BdStage   bd_smtp_stage_from_command (const char *command,
                                      gssize      len);
/* Joins a folded or multi-line reply ("550-5.7.26 a\n550-5.7.26 b\n550 5.7.26 c")
 * into one line of words without the repeated code prefixes. */
char     *bd_smtp_unfold            (const char  *text,
                                     gssize       len);

G_END_DECLS
