/* bd-document.c: a decoded input (email, pasted text) as UTF-8 text blocks
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How a message is decoded
 * ------------------------
 * A bounce is read for its words, not rendered, so we do not build GMime's
 * full object tree (GMimeParser costs more than the whole rest of the
 * analysis: about 15 000 messages/s on the corpus against our 20 000/s
 * target). Instead a small walker finds the header block and the MIME part
 * boundaries in place, and GMime does the parts that are easy to get wrong:
 * Content-Type and its parameters (RFC 2045/2231), RFC 2047 encoded words,
 * base64 and quoted-printable decoding, and charset names and conversion
 * through its iconv cache.
 *
 * The walker is iterative over the input with a nesting limit
 * (BD_MIME_MAX_DEPTH), never copies the input more than once, and treats a
 * boundary that never closes as ending at the end of the input.
 */

#include "config.h"

#include <errno.h>
#include <iconv.h>
#include <string.h>

#include <gmime/gmime.h>

#include "bd-document.h"

#define BD_MIME_MAX_DEPTH    24
#define BD_MIME_MAX_PARTS    256
#define BD_MAX_HEADERS       256
#define BD_MAX_HEADER_BYTES  (64 * 1024)

typedef struct
{
  BdDocument  *doc;
  const char  *base;        /* the LF-normalised input */
  gsize        len;
  /* incremental line counting */
  const char  *count_pos;
  guint        count_line;
  guint        n_parts;
} Walker;

static void walk_entity (Walker     *w,
                         const char *start,
                         const char *end,
                         int         depth,
                         gboolean    top,
                         const char *default_type);

static void
ensure_gmime (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      g_mime_init ();
      g_once_init_leave (&initialized, 1);
    }
}

/* Line number (1-based) of @pos; positions are asked in increasing order
 * mostly, so counting goes on from the last position asked. */
static guint
line_of (Walker     *w,
         const char *pos)
{
  const char *p;

  if (pos < w->count_pos)
    {
      w->count_pos = w->base;
      w->count_line = 1;
    }

  p = w->count_pos;
  while (p < pos)
    {
      const char *nl = memchr (p, '\n', pos - p);
      if (nl == NULL)
        break;
      w->count_line++;
      p = nl + 1;
    }
  w->count_pos = p;
  return w->count_line;
}

static void
block_free (gpointer data)
{
  BdBlock *block = data;

  g_free (block->content_type);
  g_free (block->text);
  g_free (block);
}

static void
header_clear (gpointer data)
{
  BdHeader *header = data;

  g_free (header->name);
  g_free (header->value);
}

void
bd_document_free (BdDocument *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->headers, g_array_unref);
  g_clear_pointer (&self->blocks, g_ptr_array_unref);
  g_free (self);
}

const char *
bd_document_get_header (BdDocument *self,
                        const char *name)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < self->headers->len; i++)
    {
      BdHeader *h = &g_array_index (self->headers, BdHeader, i);
      if (g_ascii_strcasecmp (h->name, name) == 0)
        return h->value;
    }
  return NULL;
}

BdBlock *
bd_document_find_block (BdDocument  *self,
                        BdBlockKind  kind)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->blocks->len; i++)
    {
      BdBlock *block = g_ptr_array_index (self->blocks, i);
      if (block->kind == kind)
        return block;
    }
  return NULL;
}

/* ------------------------------------------------------------------ */
/* Charsets                                                            */

/* GMime 3 has no iconv cache, and glibc loads a charset's gconv module at
 * iconv_open() and unloads it at iconv_close(): per message that was a
 * dlopen()/dlclose() pair, a fifth of the whole analysis. Descriptors are
 * kept here instead (a few per charset, shared by threads under a lock);
 * as long as one stays open its module stays loaded, which also speeds up
 * GMime's own conversions of RFC 2047 words. */
#define BD_ICONV_KEEP 4

static GMutex      iconv_lock;
static GHashTable *iconv_cache;  /* iconv name → GPtrArray of free iconv_t */

static iconv_t
iconv_take (const char *charset)
{
  GPtrArray *free_list;
  iconv_t cd = (iconv_t) -1;

  g_mutex_lock (&iconv_lock);
  if (iconv_cache == NULL)
    iconv_cache = g_hash_table_new (g_str_hash, g_str_equal);
  free_list = g_hash_table_lookup (iconv_cache, charset);
  if (free_list != NULL && free_list->len > 0)
    cd = g_ptr_array_steal_index_fast (free_list, free_list->len - 1);
  g_mutex_unlock (&iconv_lock);

  if (cd != (iconv_t) -1)
    iconv (cd, NULL, NULL, NULL, NULL);
  else
    cd = iconv_open ("UTF-8", charset);
  return cd;
}

static void
iconv_give (const char *charset,
            iconv_t     cd)
{
  GPtrArray *free_list;

  g_mutex_lock (&iconv_lock);
  free_list = g_hash_table_lookup (iconv_cache, charset);
  if (free_list == NULL)
    {
      free_list = g_ptr_array_new ();
      g_hash_table_insert (iconv_cache, g_strdup (charset), free_list);
    }
  if (free_list->len < BD_ICONV_KEEP)
    {
      g_ptr_array_add (free_list, cd);
      cd = (iconv_t) -1;
    }
  g_mutex_unlock (&iconv_lock);

  if (cd != (iconv_t) -1)
    iconv_close (cd);
}

static gboolean
try_iconv (const char  *data,
           gsize        len,
           const char  *charset,
           GString     *out)
{
  iconv_t cd;
  char buf[4096];
  char *in = (char *) data;
  size_t inleft = len;
  gsize start_len = out->len;

  if (charset == NULL)
    return FALSE;
  cd = iconv_take (charset);
  if (cd == (iconv_t) -1)
    return FALSE;

  while (inleft > 0)
    {
      char *outp = buf;
      size_t outleft = sizeof buf;
      size_t r = iconv (cd, &in, &inleft, &outp, &outleft);

      g_string_append_len (out, buf, outp - buf);
      if (r == (size_t) -1 && errno != E2BIG)
        {
          iconv_give (charset, cd);
          g_string_truncate (out, start_len);
          return FALSE;
        }
    }
  {
    char *outp = buf;
    size_t outleft = sizeof buf;
    iconv (cd, NULL, NULL, &outp, &outleft);
    g_string_append_len (out, buf, outp - buf);
  }
  iconv_give (charset, cd);
  return TRUE;
}

/* Scores how Russian-looking the text is when read as @table: the share of
 * bytes >= 0xC0 that would be lower-case letters. windows-1251 has lower
 * case at 0xE0–0xFF, KOI8-R at 0xC0–0xDF. */
static const char *
guess_cyrillic (const guchar *data,
                gsize         len)
{
  gsize hi_upper = 0, hi_lower = 0;

  for (gsize i = 0; i < len; i++)
    {
      if (data[i] >= 0xE0)
        hi_upper++;
      else if (data[i] >= 0xC0)
        hi_lower++;
    }
  if (hi_upper + hi_lower < 4)
    return NULL;
  /* in running Russian text most letters are lower case */
  return hi_upper >= hi_lower ? "windows-1251" : "KOI8-R";
}

static gboolean
looks_like_iso2022 (const char *data,
                    gsize       len)
{
  return memchr (data, 0x1b, len) != NULL;
}

static void
append_valid_utf8 (GString    *out,
                   const char *data,
                   gsize       len)
{
  const char *end = data + len;

  while (data < end)
    {
      const char *valid_end;

      if (g_utf8_validate (data, end - data, &valid_end))
        {
          g_string_append_len (out, data, end - data);
          return;
        }
      g_string_append_len (out, data, valid_end - data);
      if (*valid_end == '\0')
        g_string_append_c (out, ' ');
      else
        g_string_append (out, "\xef\xbf\xbd"); /* U+FFFD */
      data = valid_end + 1;
    }
}

static void
normalise_line_ends (GString *s)
{
  char *r, *w, *end;

  if (memchr (s->str, '\r', s->len) == NULL)
    return;
  r = w = s->str;
  end = s->str + s->len;
  while (r < end)
    {
      if (*r == '\r')
        {
          *w++ = '\n';
          r++;
          if (r < end && *r == '\n')
            r++;
        }
      else
        *w++ = *r++;
    }
  g_string_truncate (s, w - s->str);
}

char *
bd_text_to_utf8 (const char *data,
                 gsize       len,
                 const char *charset,
                 gsize      *out_len)
{
  GString *out = g_string_sized_new (len + 16);
  gboolean is_utf8;
  const char *guess;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (charset != NULL)
    {
      const char *canon = g_mime_charset_canon_name (charset);
      if (canon != NULL && (g_ascii_strcasecmp (canon, "us-ascii") == 0 ||
                            g_ascii_strcasecmp (canon, "iso-8859-1") == 0) &&
          g_utf8_validate (data, len, NULL))
        charset = NULL; /* declared Latin-1/ASCII but really UTF-8: common */
    }

  is_utf8 = g_utf8_validate (data, len, NULL);

  if (charset != NULL && !(is_utf8 && !looks_like_iso2022 (data, len) &&
                           g_ascii_strncasecmp (charset, "utf-7", 5) != 0))
    {
      const char *iconv_name = g_mime_charset_iconv_name (charset);

      if (try_iconv (data, len, iconv_name, out))
        goto done;

      /* a label that lies: EUC-JP labelled ISO-2022-JP and the like */
      if (g_ascii_strncasecmp (charset, "iso-2022-jp", 11) == 0 &&
          try_iconv (data, len, "EUC-JP", out))
        goto done;
      if (g_ascii_strncasecmp (charset, "shift", 5) == 0 &&
          try_iconv (data, len, "CP932", out))
        goto done;
    }

  if (is_utf8)
    {
      g_string_append_len (out, data, len);
      goto done;
    }

  if (looks_like_iso2022 (data, len) && try_iconv (data, len, "ISO-2022-JP", out))
    goto done;

  guess = guess_cyrillic ((const guchar *) data, len);
  if (guess != NULL && try_iconv (data, len, guess, out))
    goto done;

  if (try_iconv (data, len, "windows-1252", out))
    goto done;

  append_valid_utf8 (out, data, len);

done:
  /* NULs would cut C strings short; a bounce never needs them */
  for (gsize i = 0; i < out->len; i++)
    if (out->str[i] == '\0')
      out->str[i] = ' ';
  normalise_line_ends (out);
  if (!g_utf8_validate (out->str, out->len, NULL))
    {
      GString *clean = g_string_sized_new (out->len);
      append_valid_utf8 (clean, out->str, out->len);
      g_string_free (out, TRUE);
      out = clean;
    }
  if (out_len != NULL)
    *out_len = out->len;
  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------ */
/* Transfer encodings and HTML                                          */

static char *
decode_transfer (const char *data,
                 gsize       len,
                 const char *cte,
                 gsize      *out_len)
{
  GMimeContentEncoding encoding = GMIME_CONTENT_ENCODING_DEFAULT;
  GMimeEncoding state;
  char *out;
  gsize n;

  if (cte != NULL)
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (cte));
      encoding = g_mime_content_encoding_from_string (trimmed);
    }

  if (encoding != GMIME_CONTENT_ENCODING_BASE64 &&
      encoding != GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE &&
      encoding != GMIME_CONTENT_ENCODING_UUENCODE)
    {
      out = g_malloc (len + 1);
      memcpy (out, data, len);
      out[len] = '\0';
      *out_len = len;
      return out;
    }

  g_mime_encoding_init_decode (&state, encoding);
  out = g_malloc (g_mime_encoding_outlen (&state, len) + 1);
  n = g_mime_encoding_step (&state, data, len, out);
  out[n] = '\0';
  *out_len = n;
  return out;
}

static void
append_entity (GString    *out,
               const char *p,
               const char *end,
               const char **next)
{
  static const struct { const char *name; const char *text; } entities[] = {
    { "lt;", "<" }, { "gt;", ">" }, { "amp;", "&" }, { "quot;", "\"" },
    { "nbsp;", " " }, { "#39;", "'" }, { "apos;", "'" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
    {
      gsize n = strlen (entities[i].name);
      if ((gsize) (end - p) >= n && g_ascii_strncasecmp (p, entities[i].name, n) == 0)
        {
          g_string_append (out, entities[i].text);
          *next = p + n;
          return;
        }
    }
  g_string_append_c (out, '&');
  *next = p;
}

/* Strips tags; block elements become line breaks. Good enough to read the
 * words of an HTML bounce; no rendering intended. */
static char *
html_to_text (const char *html,
              gsize       len,
              gsize      *out_len)
{
  GString *out = g_string_sized_new (len);
  const char *p = html, *end = html + len;

  while (p < end)
    {
      if (*p == '<')
        {
          const char *close = memchr (p, '>', end - p);
          const char *name = p + 1;

          if (close == NULL)
            break;
          if (*name == '/')
            name++;
          if (g_ascii_strncasecmp (name, "br", 2) == 0 ||
              g_ascii_strncasecmp (name, "p", 1) == 0 ||
              g_ascii_strncasecmp (name, "div", 3) == 0 ||
              g_ascii_strncasecmp (name, "tr", 2) == 0 ||
              g_ascii_strncasecmp (name, "li", 2) == 0 ||
              g_ascii_strncasecmp (name, "h", 1) == 0)
            g_string_append_c (out, '\n');
          else if (g_ascii_strncasecmp (name, "td", 2) == 0)
            g_string_append_c (out, ' ');

          if (g_ascii_strncasecmp (p, "<style", 6) == 0 ||
              g_ascii_strncasecmp (p, "<script", 7) == 0)
            {
              const char *stop = g_strstr_len (close, end - close, "</");
              close = stop ? memchr (stop, '>', end - stop) : NULL;
              if (close == NULL)
                break;
            }
          p = close + 1;
        }
      else if (*p == '&')
        append_entity (out, p + 1, end, &p);
      else
        g_string_append_c (out, *p++);
    }

  *out_len = out->len;
  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------ */
/* Headers                                                              */

static gboolean
is_header_name_char (char c)
{
  return c > 32 && c < 127 && c != ':';
}

/* Does @p start a "Name: value" header line? */
static gboolean
is_header_line (const char *p,
                const char *end)
{
  const char *q = p;

  while (q < end && is_header_name_char (*q))
    q++;
  return q > p && q < end && *q == ':' && (q - p) < 78;
}

typedef struct
{
  const char *name;
  gsize       name_len;
  const char *value;     /* raw, possibly folded */
  gsize       value_len;
  guint       line;
} RawHeader;

/* Reads the header block at @start. Returns the start of the body (after the
 * empty line), or @start when there is no header block. */
static const char *
read_headers (Walker     *w,
              const char *start,
              const char *end,
              GArray     *raw)
{
  const char *p = start;

  /* an mbox "From " line before the headers */
  if (end - p > 5 && memcmp (p, "From ", 5) == 0)
    {
      const char *nl = memchr (p, '\n', end - p);
      p = nl ? nl + 1 : end;
    }

  while (p < end && raw->len < BD_MAX_HEADERS)
    {
      const char *nl, *line_end, *colon;
      RawHeader h;

      if (*p == '\n')
        return p + 1;
      if (!is_header_line (p, end))
        break;
      colon = memchr (p, ':', end - p);
      h.name = p;
      h.name_len = colon - p;
      h.value = colon + 1;
      h.line = 0;
      /* the value runs on over folded lines */
      line_end = colon;
      for (;;)
        {
          nl = memchr (line_end, '\n', end - line_end);
          if (nl == NULL)
            {
              line_end = end;
              break;
            }
          line_end = nl + 1;
          if (line_end >= end || (*line_end != ' ' && *line_end != '\t'))
            break;
          if (line_end - h.value > BD_MAX_HEADER_BYTES)
            break;
        }
      h.value_len = (nl ? nl : end) - h.value;
      if (h.value_len > BD_MAX_HEADER_BYTES)
        h.value_len = BD_MAX_HEADER_BYTES;
      g_array_append_val (raw, h);
      p = line_end;
    }

  if (raw->len == 0)
    return start;
  /* no empty line: the headers end where non-header text begins */
  return p;
}

static char *
unfold_value (const char *value,
              gsize       len)
{
  GString *s = g_string_sized_new (len);
  gboolean space = TRUE;

  for (gsize i = 0; i < len; i++)
    {
      char c = value[i];
      if (c == '\n' || c == '\t' || c == ' ')
        {
          if (!space)
            g_string_append_c (s, ' ');
          space = TRUE;
        }
      else
        {
          g_string_append_c (s, c);
          space = FALSE;
        }
    }
  while (s->len > 0 && s->str[s->len - 1] == ' ')
    g_string_truncate (s, s->len - 1);
  return g_string_free (s, FALSE);
}

static const RawHeader *
find_raw (GArray     *raw,
          const char *name)
{
  gsize n = strlen (name);

  for (guint i = 0; i < raw->len; i++)
    {
      const RawHeader *h = &g_array_index (raw, RawHeader, i);
      if (h->name_len == n && g_ascii_strncasecmp (h->name, name, n) == 0)
        return h;
    }
  return NULL;
}

static char *
raw_value (GArray     *raw,
           const char *name)
{
  const RawHeader *h = find_raw (raw, name);
  return h ? unfold_value (h->value, h->value_len) : NULL;
}

static char *
decode_header_value (const char *value,
                     gsize       len)
{
  g_autofree char *unfolded = unfold_value (value, len);

  if (strstr (unfolded, "=?") != NULL)
    {
      char *decoded = g_mime_utils_header_decode_text (NULL, unfolded);
      if (decoded != NULL)
        {
          char *utf8 = bd_text_to_utf8 (decoded, strlen (decoded), "UTF-8", NULL);
          g_free (decoded);
          return utf8;
        }
    }
  if (!g_utf8_validate (unfolded, -1, NULL))
    return bd_text_to_utf8 (unfolded, strlen (unfolded), NULL, NULL);
  return g_steal_pointer (&unfolded);
}

/* ------------------------------------------------------------------ */
/* Walking                                                              */

static void
add_block (Walker      *w,
           BdBlockKind  kind,
           const char  *content_type,
           char        *text,
           gsize        len,
           guint        first_line,
           gboolean     exact)
{
  BdBlock *block = g_new0 (BdBlock, 1);

  block->kind = kind;
  block->content_type = g_strdup (content_type);
  block->text = text;
  block->len = len;
  block->first_line = first_line;
  block->exact_lines = exact;
  g_ptr_array_add (w->doc->blocks, block);
}

static void
add_text_block (Walker      *w,
                BdBlockKind  kind,
                const char  *mime_type,
                const char  *body,
                const char  *end,
                const char  *cte,
                const char  *charset)
{
  gsize decoded_len, text_len;
  g_autofree char *decoded = NULL;
  char *text;
  gboolean exact = TRUE;

  decoded = decode_transfer (body, end - body, cte, &decoded_len);
  if (cte != NULL && strstr (cte, "ase64") != NULL)
    exact = FALSE;

  if (g_ascii_strcasecmp (mime_type, "text/html") == 0)
    {
      gsize html_len;
      g_autofree char *plain = html_to_text (decoded, decoded_len, &html_len);
      text = bd_text_to_utf8 (plain, html_len, charset, &text_len);
      exact = FALSE;
    }
  else
    text = bd_text_to_utf8 (decoded, decoded_len, charset, &text_len);

  add_block (w, kind, mime_type, text, text_len, line_of (w, body), exact);
}

/* Finds "--boundary" at a line start in [p, end): one memmem() for
 * "\n--boundary" (a two-way search that skips fast over base64 and lines
 * of dashes), plus a look at @p itself, which is always a line start. */
static const char *
find_boundary (const char *p,
               const char *end,
               const char *needle,    /* "\n--boundary" */
               gsize       nlen,
               gboolean   *closing)
{
  const char *hit = NULL;

  /* callers only pass line starts */
  if ((gsize) (end - p) >= nlen - 1 && memcmp (p, needle + 1, nlen - 1) == 0)
    hit = p;
  else
    {
      const char *nl = memmem (p, end - p, needle, nlen);
      if (nl != NULL)
        hit = nl + 1;
    }
  if (hit != NULL)
    {
      const char *after = hit + nlen - 1;
      *closing = (end - after >= 2 && after[0] == '-' && after[1] == '-');
    }
  return hit;
}

static const char *
next_line (const char *p,
           const char *end)
{
  const char *nl = memchr (p, '\n', end - p);
  return nl ? nl + 1 : end;
}

static void
walk_multipart (Walker     *w,
                const char *body,
                const char *end,
                const char *boundary,
                int         depth,
                const char *child_default)
{
  gsize blen = strlen (boundary);
  gboolean closing = FALSE;
  const char *p;
  g_autofree char *needle = NULL;
  gsize nlen;

  if (blen == 0 || blen > 200)
    {
      add_text_block (w, BD_BLOCK_BODY, "text/plain", body, end, NULL, NULL);
      return;
    }

  needle = g_strconcat ("\n--", boundary, NULL);
  nlen = blen + 3;
  p = find_boundary (body, end, needle, nlen, &closing);
  if (p == NULL)
    {
      /* a boundary that never comes: read it all as text */
      add_text_block (w, BD_BLOCK_BODY, "text/plain", body, end, NULL, NULL);
      return;
    }

  /* the preamble can hold the human-readable text of broken bounces */
  if (p - body > 2)
    add_text_block (w, BD_BLOCK_BODY, "text/plain", body, p, NULL, NULL);

  while (p != NULL && !closing && w->n_parts < BD_MIME_MAX_PARTS)
    {
      const char *part = next_line (p, end);
      const char *part_end;
      const char *next;

      next = find_boundary (part, end, needle, nlen, &closing);
      part_end = next ? next : end;
      /* the line end before the boundary belongs to it */
      if (part_end > part && part_end[-1] == '\n')
        part_end--;
      w->n_parts++;
      walk_entity (w, part, part_end, depth + 1, FALSE, child_default);
      p = next;
    }
}

static void
walk_entity_with_type (Walker            *w,
                       const char        *start,
                       const char        *end,
                       int                depth,
                       gboolean           top,
                       const char        *default_type,
                       GMimeContentType **ct_out);

static void
walk_entity (Walker     *w,
             const char *start,
             const char *end,
             int         depth,
             gboolean    top,
             const char *default_type)
{
  GMimeContentType *ct = NULL;

  walk_entity_with_type (w, start, end, depth, top, default_type, &ct);
  g_clear_object (&ct);
}

static void
walk_entity_with_type (Walker            *w,
                       const char        *start,
                       const char        *end,
                       int                depth,
                       gboolean           top,
                       const char        *default_type,
                       GMimeContentType **ct_out)
{
  g_autoptr(GArray) raw = g_array_new (FALSE, FALSE, sizeof (RawHeader));
  g_autofree char *ct_value = NULL;
  g_autofree char *cte = NULL;
  GMimeContentType *ct = NULL;
  const char *body;
  const char *mime_type;
  g_autofree char *mime_type_lower = NULL;
  const char *charset = NULL;

  if (depth > BD_MIME_MAX_DEPTH)
    {
      w->doc->depth_limited = TRUE;
      return;
    }

  body = read_headers (w, start, end, raw);

  if (top)
    {
      for (guint i = 0; i < raw->len; i++)
        {
          const RawHeader *rh = &g_array_index (raw, RawHeader, i);
          BdHeader h;

          h.name = g_strndup (rh->name, rh->name_len);
          h.value = decode_header_value (rh->value, rh->value_len);
          h.line = line_of (w, rh->name);
          g_array_append_val (w->doc->headers, h);
        }
    }

  ct_value = raw_value (raw, "Content-Type");
  cte = raw_value (raw, "Content-Transfer-Encoding");

  if (ct_value != NULL)
    ct = *ct_out = g_mime_content_type_parse (NULL, ct_value);
  if (ct != NULL)
    {
      g_autofree char *type = g_mime_content_type_get_mime_type (ct);
      mime_type_lower = g_ascii_strdown (type, -1);
      mime_type = mime_type_lower;
      charset = g_mime_content_type_get_parameter (ct, "charset");
    }
  else
    mime_type = default_type;

  if (g_str_has_prefix (mime_type, "multipart/"))
    {
      const char *boundary = ct ? g_mime_content_type_get_parameter (ct, "boundary") : NULL;
      const char *child_default = strcmp (mime_type, "multipart/digest") == 0
                                  ? "message/rfc822" : "text/plain";
      if (boundary == NULL)
        add_text_block (w, BD_BLOCK_BODY, "text/plain", body, end, cte, charset);
      else
        walk_multipart (w, body, end, boundary, depth, child_default);
    }
  else if (strcmp (mime_type, "message/delivery-status") == 0 ||
           strcmp (mime_type, "message/global-delivery-status") == 0)
    add_text_block (w, BD_BLOCK_DELIVERY_STATUS, mime_type, body, end, cte, charset ? charset : "UTF-8");
  else if (strcmp (mime_type, "message/feedback-report") == 0)
    add_text_block (w, BD_BLOCK_FEEDBACK, mime_type, body, end, cte, charset);
  else if (strcmp (mime_type, "message/disposition-notification") == 0)
    add_text_block (w, BD_BLOCK_DISPOSITION, mime_type, body, end, cte, charset);
  else if (strcmp (mime_type, "message/rfc822") == 0 ||
           strcmp (mime_type, "message/global") == 0 ||
           strcmp (mime_type, "text/rfc822-headers") == 0 ||
           strcmp (mime_type, "message/global-headers") == 0)
    {
      /* keep only the returned message's headers: its body is the user's
       * own text and says nothing about the failure */
      g_autoptr(GArray) inner = g_array_new (FALSE, FALSE, sizeof (RawHeader));
      const char *inner_body;
      g_autofree char *decoded = NULL;
      gsize decoded_len;

      decoded = decode_transfer (body, end - body, cte, &decoded_len);
      {
        Walker sub = { w->doc, decoded, decoded_len, decoded, 1, 0 };
        const char *hdr_start = decoded;
        while (hdr_start < decoded + decoded_len && *hdr_start == '\n')
          hdr_start++;
        inner_body = read_headers (&sub, hdr_start, decoded + decoded_len, inner);
        if (inner->len > 0)
          {
            gsize text_len;
            char *text = bd_text_to_utf8 (decoded, inner_body - decoded, NULL, &text_len);
            add_block (w, BD_BLOCK_RETURNED, mime_type, text, text_len,
                       line_of (w, body), cte == NULL);
          }
      }
    }
  else if (g_str_has_prefix (mime_type, "text/"))
    add_text_block (w, BD_BLOCK_BODY, mime_type, body, end, cte, charset);
  /* images, attachments and the like carry nothing for us */
}

static gboolean
looks_like_email (const char *data,
                  gsize       len)
{
  const char *p = data, *end = data + MIN (len, 8192);
  guint headers = 0;

  if (len > 5 && memcmp (data, "From ", 5) == 0)
    return TRUE;

  /* at least two header lines in a row at the start */
  while (p < end && headers < 2)
    {
      if (!is_header_line (p, end))
        break;
      headers++;
      do
        p = next_line (p, end);
      while (p < end && (*p == ' ' || *p == '\t'));
    }
  return headers >= 2;
}

BdDocument *
bd_document_new_from_data (const char *data,
                           gsize       len)
{
  BdDocument *doc;
  g_autoptr(GString) norm = NULL;
  Walker w = { 0 };
  const char *base = data;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  ensure_gmime ();

  doc = g_new0 (BdDocument, 1);
  doc->bytes = len;
  doc->headers = g_array_new (FALSE, FALSE, sizeof (BdHeader));
  g_array_set_clear_func (doc->headers, header_clear);
  doc->blocks = g_ptr_array_new_with_free_func (block_free);

  if (len == 0)
    return doc;

  /* CR and CRLF to LF once, so that the walker sees one kind of line end;
   * NUL bytes would stop C string functions, so they become spaces */
  if (memchr (data, '\r', len) != NULL || memchr (data, '\0', len) != NULL)
    {
      norm = g_string_new_len (data, len);
      for (gsize i = 0; i < norm->len; i++)
        if (norm->str[i] == '\0')
          norm->str[i] = ' ';
      normalise_line_ends (norm);
      base = norm->str;
      len = norm->len;
    }

  w.doc = doc;
  w.base = base;
  w.len = len;
  w.count_pos = base;
  w.count_line = 1;

  if (looks_like_email (base, len))
    {
      doc->kind = BD_SOURCE_EMAIL;
      walk_entity (&w, base, base + len, 0, TRUE, "text/plain");
    }
  else
    {
      gsize text_len;
      char *text = bd_text_to_utf8 (base, len, NULL, &text_len);
      doc->kind = BD_SOURCE_TEXT;
      add_block (&w, BD_BLOCK_BODY, "text/plain", text, text_len, 1, TRUE);
    }

  return doc;
}
