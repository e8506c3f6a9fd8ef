/* bd-writer.h: text and JSON output of reports (SPEC §5)
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bd-report.h"

G_BEGIN_DECLS

typedef enum
{
  BD_WRITE_FLAGS_NONE   = 0,
  BD_WRITE_FLAGS_REDACT = 1 << 0,  /* hide addresses and IPs */
  BD_WRITE_FLAGS_PRETTY = 1 << 1,  /* indented JSON */
} BdWriteFlags;

/* One JSON object (schema 1) for @report, appended to @out, no newline. */
void   bd_write_json        (GString      *out,
                             BdReport     *report,
                             BdWriteFlags  flags);
/* The human-readable report, in the current gettext language. */
void   bd_write_text        (GString      *out,
                             BdReport     *report,
                             BdWriteFlags  flags);
/* Appends @str as a JSON string literal (with quotes). */
char  *bd_write_fill_text   (const char         *msgid,
                             const BdFailure    *failure,
                             const BdCauseMatch *match);
void   bd_json_append_string (GString     *out,
                              const char  *str);

G_END_DECLS
