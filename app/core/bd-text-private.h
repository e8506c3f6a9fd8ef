/* bd-text-private.h: bounded substring searches shared by the readers
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include <glib.h>

G_BEGIN_DECLS

/* @needle in [@h, @end), or NULL; @h may be NULL. */
static inline const char *
bd_text_find (const char *h,
              const char *end,
              const char *needle)
{
  gsize nl = strlen (needle);

  if (h == NULL || nl == 0 || h >= end || (gsize) (end - h) < nl)
    return NULL;
  return memmem (h, end - h, needle, nl);
}

/* ASCII case-insensitive @needle in [@h, @end), or NULL; @h may be NULL.
 * memchr() jumps to the next possible first character, so long text
 * without it costs little; each memchr() result is kept until passed, so
 * the scan stays linear. */
static inline const char *
bd_text_find_ci (const char *h,
                 const char *end,
                 const char *needle)
{
  gsize n = strlen (needle);
  char lo = g_ascii_tolower (needle[0]);
  char up = g_ascii_toupper (needle[0]);
  const char *a, *b;   /* next lower / upper first character */

  if (h == NULL || n == 0 || h >= end || (gsize) (end - h) < n)
    return NULL;
  a = h;
  b = lo == up ? NULL : h;
  for (const char *p = h; p + n <= end; p++)
    {
      if (*p != lo && *p != up)
        {
          const char *next;
          if (a != NULL && a < p)
            a = memchr (p, lo, (gsize) (end - p));
          if (b != NULL && b < p)
            b = memchr (p, up, (gsize) (end - p));
          next = a == NULL ? b : b == NULL ? a : MIN (a, b);
          if (next == NULL || next + n > end)
            return NULL;
          p = next;
        }
      if (g_ascii_strncasecmp (p, needle, n) == 0)
        return p;
    }
  return NULL;
}

G_END_DECLS
