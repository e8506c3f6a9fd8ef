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
void bd_write_markdown (GString      *out,
                        BdReport     *report,
                        const char   *program,
                        const char   *server,
                        BdWriteFlags  flags);

G_END_DECLS
