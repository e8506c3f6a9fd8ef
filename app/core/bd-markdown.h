/* bd-markdown.h: the report as Markdown, to share with an administrator
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bd-writer.h"

G_BEGIN_DECLS

/* Writes @report as Markdown: what happened, whose problem it is, what the
 * codes mean, the causes, the answers recorded, and what to do, with the
 * fixes of @program and @server only (either NULL: all of them). */
void  bd_write_markdown         (GString      *out,
                                 BdReport     *report,
                                 const char   *program,
                                 const char   *server,
                                 BdWriteFlags  flags);

/* A few lines of Markdown: the headline, whose problem it is and one line
 * per failure, for places where the whole report does not fit (a mailto:
 * link). */
void  bd_write_markdown_summary (GString      *out,
                                 BdReport     *report,
                                 BdWriteFlags  flags);

/* The headline of the report as plain text (not Markdown): the most likely
 * cause, or what the input is when it is no failure. Redacted with
 * %BD_WRITE_FLAGS_REDACT. */
char *bd_write_dup_headline     (BdReport     *report,
                                 BdWriteFlags  flags);

G_END_DECLS
