/* fuzz-diagnose.c: libFuzzer target over the decoder, the readers, the log
 * scanners and both writers.
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>

#include "bd-diagnose.h"
#include "bd-writer.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(BdReport) report = bd_diagnose_data ((const char *) data, size, NULL);
  g_autoptr(GString) out = g_string_new (NULL);

  bd_write_json (out, report, BD_WRITE_FLAGS_REDACT);
  bd_write_text (out, report, BD_WRITE_FLAGS_NONE);
  return 0;
}
