/* bd-redact.c: hide email addresses and IP addresses before sharing
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bd-redact.h"

typedef struct
{
  GHashTable *map;   /* original → placeholder */
  guint       n_users;
  guint       n_v4;
  guint       n_v6;
} Redactor;

static gboolean
is_local_char (char c)
{
  return g_ascii_isalnum (c) || strchr ("!#$%&'*+-/=?^_`{|}~.", c) != NULL;
}

static gboolean
is_domain_char (char c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '.';
}

static const char *
placeholder (Redactor   *r,
             const char *orig,
             gsize       len,
             const char *kind)
{
  g_autofree char *key = g_strndup (orig, len);
  const char *value = g_hash_table_lookup (r->map, key);

  if (value == NULL)
    {
      char *v;
      if (g_str_equal (kind, "user"))
        v = g_strdup_printf ("user%u", ++r->n_users);
      else if (g_str_equal (kind, "ipv4"))
        v = g_strdup_printf ("ipv4-%u", ++r->n_v4);
      else
        v = g_strdup_printf ("ipv6-%u", ++r->n_v6);
      g_hash_table_insert (r->map, g_steal_pointer (&key), v);
      value = v;
    }
  return value;
}

/* Length of a dotted-quad IPv4 address at @p, 0 if none. */
static gsize
ipv4_len (const char *p,
          const char *end,
          const char *text)
{
  const char *q = p;

  if (p > text && (g_ascii_isdigit (p[-1]) || p[-1] == '.'))
    return 0;
  for (int part = 0; part < 4; part++)
    {
      int digits = 0, value = 0;
      while (q < end && g_ascii_isdigit (*q) && digits < 4)
        {
          value = value * 10 + (*q - '0');
          q++;
          digits++;
        }
      if (digits == 0 || digits > 3 || value > 255)
        return 0;
      if (part < 3)
        {
          if (q >= end || *q != '.')
            return 0;
          q++;
        }
    }
  if (q < end && (g_ascii_isdigit (*q) || (*q == '.' && q + 1 < end && g_ascii_isdigit (q[1]))))
    return 0;
  return q - p;
}

/* Length of an IPv6 address at @p (at least two colons and hex groups). */
static gsize
ipv6_len (const char *p,
          const char *end,
          const char *text)
{
  const char *q = p;
  int colons = 0, groups = 0;
  gboolean compressed = FALSE;

  if (p > text && (g_ascii_isxdigit (p[-1]) || p[-1] == ':'))
    return 0;
  while (q < end)
    {
      int digits = 0;
      while (q < end && g_ascii_isxdigit (*q) && digits < 5)
        {
          q++;
          digits++;
        }
      if (digits > 4)
        return 0;
      if (digits > 0)
        groups++;
      if (q < end && *q == ':' && colons < 8)
        {
          if (q + 1 < end && q[1] == ':')
            compressed = TRUE;
          colons++;
          q++;
          continue;
        }
      if (q < end && *q == '.' && groups > 0)
        {
          /* an IPv4 tail like ::ffff:192.0.2.1: back up to its start */
          const char *v4 = q - digits;
          gsize l4 = ipv4_len (v4, end, v4);
          if (l4 > 0)
            q = v4 + l4;
        }
      break;
    }
  /* "16:11:36" is a time, not an address: ask for "::" or all 8 groups */
  if (groups < 2 || (!compressed && colons < 7))
    return 0;
  while (q > p && q[-1] == ':' && (q - 1 == p || q[-2] != ':'))
    q--;
  if (q < end && (g_ascii_isalnum (*q) || *q == '_'))
    return 0;
  return q - p;
}

char *
bd_redact_text (const char *text)
{
  Redactor r = { 0 };
  GString *out;
  const char *p, *end, *copied;

  g_return_val_if_fail (text != NULL, NULL);

  r.map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  out = g_string_sized_new (strlen (text));
  end = text + strlen (text);
  p = copied = text;

  while (p < end)
    {
      gsize n;

      if (*p == '@' && p > text && is_local_char (p[-1]) && p + 1 < end && is_domain_char (p[1]))
        {
          const char *ls = p, *de = p + 1;
          gboolean dot = FALSE;

          while (ls > copied && is_local_char (ls[-1]))
            ls--;
          while (de < end && is_domain_char (*de))
            {
              if (*de == '.' && de + 1 < end && is_domain_char (de[1]))
                dot = TRUE;
              de++;
            }
          while (ls < p && *ls == '.')
            ls++;
          if (dot && ls < p)
            {
              g_string_append_len (out, copied, ls - copied);
              g_string_append (out, placeholder (&r, ls, p - ls, "user"));
              copied = p;
              p++;
              continue;
            }
        }
      if (g_ascii_isdigit (*p) && (n = ipv4_len (p, end, text)) > 0)
        {
          g_string_append_len (out, copied, p - copied);
          g_string_append (out, placeholder (&r, p, n, "ipv4"));
          p += n;
          copied = p;
          continue;
        }
      if ((g_ascii_isxdigit (*p) || *p == ':') && (n = ipv6_len (p, end, text)) > 0)
        {
          g_string_append_len (out, copied, p - copied);
          g_string_append (out, placeholder (&r, p, n, "ipv6"));
          p += n;
          copied = p;
          continue;
        }
      p++;
    }
  g_string_append_len (out, copied, end - copied);
  g_hash_table_unref (r.map);
  return g_string_free (out, FALSE);
}
