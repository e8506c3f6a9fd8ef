/* bench-log.c: throughput and memory of the streaming log scanner
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-log FILE [FORMAT]
 * Reads FILE with a 1 MB buffer, splits lines with memchr, feeds the
 * scanner and prints MB/s, failures found and peak RSS. Generate input
 * with gen-log.py (mixed Postfix + MDaemon).
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "bd-log.h"

#define BUF_SIZE (1024 * 1024)

static void
count_failure (BdFailure *failure,
               gpointer   user_data)
{
  (*(guint64 *) user_data)++;
  bd_failure_free (failure);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *buf = NULL;
  g_autoptr(BdLogScanner) scanner = NULL;
  guint64 failures = 0, total = 0;
  gsize have = 0;
  guint lineno = 0;
  gboolean skipping = FALSE;
  gint64 t0, t1;
  struct rusage ru;
  int fd;

  if (argc < 2)
    {
      fprintf (stderr, "usage: %s FILE [FORMAT]\n", argv[0]);
      return 2;
    }
  fd = open (argv[1], O_RDONLY);
  if (fd < 0)
    {
      fprintf (stderr, "%s: %s\n", argv[1], g_strerror (errno));
      return 1;
    }
  buf = g_malloc (BUF_SIZE);
  scanner = bd_log_scanner_new (argc > 2 ? argv[2] : "postfix-log", NULL);
  bd_log_scanner_set_failure_func (scanner, count_failure, &failures);

  t0 = g_get_monotonic_time ();
  for (;;)
    {
      ssize_t n = read (fd, buf + have, BUF_SIZE - have);
      const char *p, *end, *nl;

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      total += n;
      have += n;
      p = buf;
      end = buf + have;
      while ((nl = memchr (p, '\n', end - p)) != NULL)
        {
          if (!skipping)
            bd_log_scanner_feed_line (scanner, p, nl - p, ++lineno);
          else
            lineno++;
          skipping = FALSE;
          p = nl + 1;
        }
      have = end - p;
      if (have == BUF_SIZE)
        {
          /* a line longer than the buffer: feed its start, skip the rest */
          bd_log_scanner_feed_line (scanner, buf, have, lineno + 1);
          skipping = TRUE;
          have = 0;
        }
      else if (have > 0)
        memmove (buf, p, have);
    }
  if (have > 0 && !skipping)
    bd_log_scanner_feed_line (scanner, buf, have, ++lineno);
  bd_log_scanner_finish (scanner);
  t1 = g_get_monotonic_time ();
  close (fd);

  getrusage (RUSAGE_SELF, &ru);
  printf ("bytes %" G_GUINT64_FORMAT " lines %u failures %" G_GUINT64_FORMAT "\n",
          total, lineno, failures);
  printf ("time %.3f s, %.1f MB/s, peak RSS %ld KB\n",
          (t1 - t0) / 1e6, total / 1048576.0 / ((t1 - t0) / 1e6), ru.ru_maxrss);
  return 0;
}
