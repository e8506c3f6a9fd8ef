/* bd-test-utils.h: helpers shared by the test programs
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "bd-failure.h"

/* tests/data/samples/NAME, or $BD_SAMPLES_DIR/NAME when that is set. */
static inline char *
bd_test_sample_path (const char *name)
{
  const char *dir = g_getenv ("BD_SAMPLES_DIR");

  if (dir != NULL)
    return g_build_filename (dir, name, NULL);
  return g_test_build_filename (G_TEST_DIST, "data", "samples", name, NULL);
}

/* The bytes of a sample; fails the test when it cannot be read. */
static inline char *
bd_test_load_sample (const char *name,
                     gsize      *len)
{
  g_autofree char *path = bd_test_sample_path (name);
  g_autoptr(GError) error = NULL;
  char *data = NULL;

  g_file_get_contents (path, &data, len, &error);
  g_assert_no_error (error);
  return data;
}

static inline const char *
bd_test_or_dash (const char *s)
{
  return s != NULL && s[0] != '\0' ? s : "-";
}

/* Compares @f with a row of tests/data/samples/expected.tsv: file,
 * recipient, reply code, status, stage, client IP, size ("-": not stated). */
static inline void
bd_test_assert_expected_row (const BdFailure *f,
                             char           **col)
{
  char buf[32];

  g_assert_cmpstr (bd_test_or_dash (f->recipient), ==, col[1]);
  if (f->reply_code != 0)
    g_snprintf (buf, sizeof buf, "%u", f->reply_code);
  else
    g_strlcpy (buf, "-", sizeof buf);
  g_assert_cmpstr (buf, ==, col[2]);
  g_assert_cmpstr (bd_test_or_dash (f->status), ==, col[3]);
  g_assert_cmpstr (f->stage == BD_STAGE_UNKNOWN ? "-" : bd_stage_to_string (f->stage), ==, col[4]);
  g_assert_cmpstr (bd_test_or_dash (f->client_ip), ==, col[5]);
  if (f->size >= 0)
    g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, f->size);
  else
    g_strlcpy (buf, "-", sizeof buf);
  g_assert_cmpstr (buf, ==, col[6]);
  g_assert_cmpuint (f->evidence->len, >, 0);
}
