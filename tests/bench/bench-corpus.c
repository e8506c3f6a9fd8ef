/* bench-corpus.c: messages per second over the shared corpus
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * bench-corpus DIR [MIN_MESSAGES] [RUNS]
 * Loads every file under DIR into memory, then runs bd_diagnose_data (decode,
 * read, classify) over them, repeated until at least MIN_MESSAGES (default
 * 20 000) messages were analysed; prints messages/s of each run and the
 * median. One thread: on this machine that is one core.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "bd-diagnose.h"
#include "bd-writer.h"

static void
load_dir (const char *path,
          GPtrArray  *files)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      char *contents;
      gsize len;

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        load_dir (child, files);
      else if (g_file_get_contents (child, &contents, &len, NULL))
        g_ptr_array_add (files, g_bytes_new_take (contents, len));
    }
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  guint min_messages = argc > 2 ? atoi (argv[2]) : 20000;
  guint runs = argc > 3 ? atoi (argv[3]) : 5;
  g_autofree double *rates = NULL;
  gsize bytes = 0;
  guint failures = 0;

  if (argc < 2)
    {
      fprintf (stderr, "usage: %s DIR [MIN_MESSAGES] [RUNS]\n", argv[0]);
      return 2;
    }
  load_dir (argv[1], files);
  if (files->len == 0)
    {
      fprintf (stderr, "no files under %s\n", argv[1]);
      return 1;
    }
  for (guint i = 0; i < files->len; i++)
    bytes += g_bytes_get_size (g_ptr_array_index (files, i));

  rates = g_new0 (double, runs);
  for (guint r = 0; r < runs; r++)
    {
      guint n = 0;
      gint64 start = g_get_monotonic_time ();
      double secs;

      while (n < min_messages)
        for (guint i = 0; i < files->len; i++, n++)
          {
            gsize len;
            const char *data = g_bytes_get_data (g_ptr_array_index (files, i), &len);
            BdReport *report = bd_diagnose_data (data, len, NULL);
            failures += report->failures->len;
            bd_report_free (report);
          }
      secs = (g_get_monotonic_time () - start) / 1e6;
      rates[r] = n / secs;
      printf ("run %u: %u messages in %.3f s = %.0f messages/s\n", r + 1, n, secs, rates[r]);
    }
  qsort (rates, runs, sizeof (double), compare_doubles);
  printf ("corpus: %u files, %.1f KB; failures seen: %u\n", files->len, bytes / 1024.0, failures);
  printf ("median: %.0f messages/s\n", rates[runs / 2]);
  return 0;
}
