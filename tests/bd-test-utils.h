/* bd-test-utils.h: helpers shared by the test programs
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

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
