/* bd-checks-smtp-private.h: parts of the SMTP checks, for tests
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bd-check-private.h"

G_BEGIN_DECLS

/* What a server's reply to EHLO says about it (RFC 5321 4.1.1.1 and the
 * extensions' RFCs). */
typedef struct
{
  guint      code;          /* reply code of the last line, 0 when malformed */
  char      *domain;        /* the name the server gives in the first line, nullable */
  GPtrArray *keywords;      /* of char*: each capability line as "KEYWORD params",
                             * keyword upper-cased, spacing normalised */
  gboolean   has_size;      /* SIZE announced */
  guint64    size;          /* its number; 0 = no fixed limit (also "SIZE" alone) */
  char     **auth;          /* AUTH mechanisms, upper-case, no repeats; NULL when none */
  gboolean   starttls;
  gboolean   pipelining;
  gboolean   eightbitmime;
  gboolean   smtputf8;
  gboolean   chunking;
  gboolean   dsn;
  gboolean   enhancedstatuscodes;
} BdSmtpEhlo;

/* One reply line "250-SIZE 10240": its code, whether more lines follow
 * and the text after the separator. FALSE when the line is no reply. */
gboolean  _bd_smtp_parse_reply_line (const char           *line,
                                     guint                *code,
                                     gboolean             *more,
                                     const char          **text);
/* Parses a whole reply to EHLO (lines separated by LF or CRLF). Returns
 * FALSE when it is not a positive (250) reply; @ehlo is filled anyway. */
gboolean  _bd_smtp_ehlo_parse       (const char           *reply,
                                     BdSmtpEhlo           *ehlo);
void      _bd_smtp_ehlo_clear       (BdSmtpEhlo           *ehlo);
/* Certificate problems as ids for details ("unknown-ca", "bad-identity",
 * "not-activated", "expired", "revoked", "insecure", "generic-error"). */
char    **_bd_smtp_cert_flags_to_ids (GTlsCertificateFlags flags);
/* The same in plain, translated words, joined by commas; "" for none. */
char     *_bd_smtp_cert_flags_describe (GTlsCertificateFlags flags);

/* The checks themselves (bd-checks-smtp.c), for the run's check table. */
void      _bd_check_smtp_probe      (BdCheckTask          *task);
void      _bd_check_size_limit      (BdCheckTask          *task);
void      _bd_check_net_ports       (BdCheckTask          *task);

G_END_DECLS
