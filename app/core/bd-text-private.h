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

  if (h == NULL || h >= end || (gsize) (end - h) < nl)
    return NULL;
  return memmem (h, end - h, needle, nl);
}

/* ASCII case-insensitive @needle in [@h, @end); meant for short stretches. */
static inline const char *
bd_text_find_ci (const char *h,
                 const char *end,
                 const char *needle)
{
  gsize nl = strlen (needle);
  char lo = g_ascii_tolower (needle[0]);
  char up = g_ascii_toupper (needle[0]);

  if (h == NULL || h >= end || (gsize) (end - h) < nl)
    return NULL;
  for (const char *p = h; p + nl <= end; p++)
    if ((*p == lo || *p == up) && g_ascii_strncasecmp (p, needle, nl) == 0)
      return p;
  return NULL;
}

G_END_DECLS
