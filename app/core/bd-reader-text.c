/* bd-reader-text.c: human-readable bounce texts
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * MTAs word their bounces differently, but nearly all of them follow one
 * layout: a line that names the recipient, then the reason in the lines
 * right after it (Postfix "<a@b>: host … said: 550 …", Exim "  a@b\n    host
 * …: 550 …", qmail "<a@b>:\nRemote host said: 550 …", Sendmail "<a@b>\n
 * (reason: 550 …)", Exchange "a@b\n#550 5.1.1 …##"). So the reader looks for
 * such recipient lines and reads the SMTP reply in their paragraph; when the
 * paragraph has none, the first failure reply of the text that names the
 * recipient, or else the first failure reply at all, is taken. Texts that
 * name no recipient that way get their recipients from X-Failed-Recipients
 * or from the returned message.
 *
 * Everything is a linear scan with memchr; no regular expressions.
 */

#include "config.h"

#include <string.h>

#include "bd-readers.h"
#include "bd-reader-private.h"
#include "bd-smtp.h"

#define BD_TEXT_MAX_RECIPIENTS 500
#define BD_TEXT_MAX_SCAN       (512 * 1024)

typedef struct
{
  const BdBlock *block;
  const char    *line;       /* the recipient line */
  const char    *para;       /* where the reason starts */
  const char    *para_end;
  char          *recipient;
  gboolean       has_reply;
} Candidate;

static void
candidate_clear (gpointer data)
{
  Candidate *c = data;

  g_free (c->recipient);
}

/* Where the returned message starts in a non-MIME bounce: no recipient
 * lines are looked for past it. */
static gboolean
is_returned_marker (const char *line,
                    gsize       len)
{
  static const char *const markers[] = {
    "original message follows", "copy of the message", "copy of your message",
    "original message header", "returned message", "headers of the original message",
    "message headers follow", "original message ---", "undelivered message follows",
    "content-type: message/rfc822", "content-type: text/rfc822-headers",
    "below this line is a copy", "the original message", "unsent message below",
    "исходное сообщение", "заголовки исходного сообщения", "исходные заголовки", "following is a copy",
  };

  gboolean maybe = FALSE;

  if (len < 12)
    return FALSE;
  /* a returned header block */
  if ((len > 9 && g_ascii_strncasecmp (line, "Received:", 9) == 0) ||
      (len > 12 && g_ascii_strncasecmp (line, "Return-Path:", 12) == 0))
    return TRUE;
  /* one pass first: every marker holds "message", "copy", "rfc822" or a
   * Cyrillic letter; most lines hold none of them */
  for (gsize i = 0; i + 4 <= len && !maybe; i++)
    {
      guchar c = (guchar) line[i] | 0x20;
      if ((guchar) line[i] >= 0x80)
        maybe = TRUE;
      else if (c == 'm' && i + 7 <= len)
        maybe = g_ascii_strncasecmp (line + i, "message", 7) == 0;
      else if (c == 'c')
        maybe = g_ascii_strncasecmp (line + i, "copy", 4) == 0;
      else if (c == 'r' && i + 6 <= len)
        maybe = g_ascii_strncasecmp (line + i, "rfc822", 6) == 0;
    }
  if (!maybe)
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (markers); i++)
    {
      const char *hit = bd_reader_find_ci (line, len, markers[i]);
      gsize n;

      if (hit == NULL)
        continue;
      /* Sendmail's "The original message was received at …" opens the
       * bounce, it does not start the returned copy */
      n = strlen (markers[i]);
      if ((gsize) (line + len - (hit + n)) >= 13 &&
          g_ascii_strncasecmp (hit + n, " was received", 13) == 0)
        continue;
      return TRUE;
    }
  return FALSE;
}

/* Is @line a line that names a recipient: the address first (after blanks,
 * "<", quotes), then the end, ":", "...", "(", or words. Sets the address
 * and where the rest of the line starts. */
static char *
recipient_line (const char  *line,
                gsize        len,
                const char **rest)
{
  const char *p = line, *end = line + len;
  const char *s, *e;
  char *addr;

  if (memchr (line, '@', len) == NULL)
    return NULL;
  while (p < end && (*p == ' ' || *p == '\t' || *p == '>' || *p == '*' || *p == '-'))
    p++;
  /* "Could not be delivered to: <a@b>", "Recipient address: a@b" */
  {
    const char *colon = memchr (p, ':', (gsize) MIN (end - p, 64));
    static const char *const labels[] = {
      "delivered to", "recipient", "address", "rcpt to", "получател", "адрес",
    };
    if (colon != NULL && colon + 1 < end && colon[1] == ' ')
      for (gsize i = 0; i < G_N_ELEMENTS (labels); i++)
        if (bd_reader_find_ci (p, (gsize) (colon - p), labels[i]) != NULL &&
            bd_reader_find_ci (p, (gsize) (colon - p), "@") == NULL &&
            bd_reader_find_ci (p, (gsize) (colon - p), "from") == NULL)
          {
            p = colon + 1;
            while (p < end && *p == ' ')
              p++;
            break;
          }
  }
  const char *quote = NULL;

  if (p < end && (*p == '<' || *p == '"' || *p == '\''))
    p++;
  if (p < end && *p == '"' && p > line && p[-1] == '<')
    quote = p++;
  if (p >= end || !(g_ascii_isalnum (*p) || (guchar) *p >= 0x80 || *p == '_' || *p == '.'))
    return NULL;
  {
    const char *at = memchr (p, '@', (gsize) MIN (end - p, 256));
    const char *sp;
    if (at == NULL)
      return NULL;
    /* no blank between the start and the @ */
    for (sp = p; sp < at; sp++)
      if (*sp == ' ' || *sp == '\t' || *sp == ':' || *sp == '<' || *sp == '(')
        return NULL;
  }
  addr = bd_reader_address_find (quote ? quote : p, (gsize) (end - (quote ? quote : p)), &s, &e);
  if (addr == NULL)
    return NULL;
  if (s != p && (quote == NULL || s != quote))
    {
      g_free (addr);
      return NULL;
    }
  while (e < end && (*e == '>' || *e == '"' || *e == '\''))
    e++;
  /* "a@b <c@d>: …": the address in angle brackets is the one meant, the
   * first is a display name */
  if (end - e > 4 && e[0] == ' ' && e[1] == '<')
    {
      const char *s2, *e2;
      char *addr2 = bd_reader_address_find (e + 2, MIN ((gsize) (end - e - 2), 320), &s2, &e2);
      if (addr2 != NULL && s2 == e + 2 && e2 < end && *e2 == '>')
        {
          g_free (addr);
          addr = addr2;
          e = e2 + 1;
        }
      else
        g_free (addr2);
    }
  /* what may follow the address */
  if (e < end && !(*e == ':' || *e == ' ' || *e == '\t' || *e == '.' || *e == ',' ||
                   *e == '(' || *e == ';' || *e == '['))
    {
      g_free (addr);
      return NULL;
    }
  while (e < end && (*e == ':' || *e == ' ' || *e == '\t'))
    e++;
  *rest = e;
  return addr;
}

static gboolean
blank_line (const char *line,
            gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if (line[i] != ' ' && line[i] != '\t')
      return FALSE;
  return TRUE;
}

/* A failure reply (4xx/5xx code or status) in [text, text+len). */
static gboolean
find_failure_reply (const char  *text,
                    gsize        len,
                    BdSmtpReply *reply)
{
  const char *p = text, *end = text + len;

  while (p < end && bd_smtp_find_reply (p, (gsize) (end - p), reply))
    {
      if ((reply->code >= 400 && reply->code < 600) ||
          (reply->code == 0 && (reply->status[0] == '4' || reply->status[0] == '5')))
        return TRUE;
      if (reply->start == NULL || reply->start < p || reply->start >= end)
        return FALSE;
      p = reply->start + 3;
    }
  return FALSE;
}

static gsize
indent_of (const char *line,
           gsize       len)
{
  gsize n = 0;

  while (n < len && (line[n] == ' ' || line[n] == '\t'))
    n++;
  return n;
}

static void
find_candidates (const BdBlock *block,
                 GArray        *cands)
{
  const char *p = block->text;
  const char *end = block->text + MIN (block->len, BD_TEXT_MAX_SCAN);
  const char *line;
  gsize len;
  Candidate *open = NULL;
  gboolean seen_blank_in_para = FALSE;
  guint open_lines = 0;
  gsize open_indent = 0;
  const char *prev_line = NULL, *cur_line = NULL;
  gsize prev_len = 0, cur_len = 0;

  while (bd_next_line (&p, end, &line, &len))
    {
      const char *rest = NULL;
      char *addr;

      if (is_returned_marker (line, len))
        break;
      prev_line = cur_line;
      prev_len = cur_len;
      cur_line = line;
      cur_len = len;

      /* a line indented deeper than the open recipient line goes on with
       * its reason, even when it starts with an address */
      const char *para = NULL;

      if (open != NULL && !seen_blank_in_para && indent_of (line, len) > open_indent)
        addr = NULL;
      else if (len > 8 && g_ascii_isdigit (line[0]) && g_ascii_isdigit (line[1]) &&
               g_ascii_isdigit (line[2]) && line[3] == ' ' && line[4] == '<' &&
               (line[0] == '4' || line[0] == '5'))
        {
          /* Sendmail: "554 <a@b>... 550 Host unknown": the reply of the
           * line, or the one it quotes */
          addr = recipient_line (line + 4, len - 4, &rest);
          if (addr != NULL)
            {
              const char *r = rest;
              while (r < line + len && (*r == '.' || *r == ' '))
                r++;
              para = (line + len - r >= 4 && g_ascii_isdigit (r[0]) && g_ascii_isdigit (r[1]) &&
                      g_ascii_isdigit (r[2]) && r[3] == ' ') ? r : line;
              /* "<<< 550 Insecure Mail Relay" right before "554 <a@b>...
               * Remote protocol error" is what the server said */
              if (para == line && prev_line != NULL && prev_len > 8 &&
                  memcmp (prev_line, "<<< ", 4) == 0 && (prev_line[4] == '4' || prev_line[4] == '5') &&
                  memchr (prev_line, '@', prev_len) == NULL)
                para = prev_line + 4;
            }
        }
      else
        addr = recipient_line (line, len, &rest);
      if (addr != NULL && cands->len < BD_TEXT_MAX_RECIPIENTS)
        {
          Candidate c = { 0, };
          c.block = block;
          c.line = line;
          c.para = para != NULL ? para : rest;
          c.para_end = line + len;
          c.recipient = addr;
          g_array_append_val (cands, c);
          open = &g_array_index (cands, Candidate, cands->len - 1);
          seen_blank_in_para = FALSE;
          open_lines = 0;
          open_indent = indent_of (line, len);
          continue;
        }
      g_free (addr);

      if (open == NULL)
        continue;
      if (blank_line (line, len))
        {
          /* Exim and others may put one empty line between the address and
           * an indented reason; anything else ends the paragraph */
          if (seen_blank_in_para || open_lines > 0 || open->para < open->para_end)
            open = NULL;
          seen_blank_in_para = TRUE;
          continue;
        }
      if (seen_blank_in_para && line[0] != ' ' && line[0] != '\t')
        {
          open = NULL;
          continue;
        }
      seen_blank_in_para = FALSE;
      open_lines++;
      open->para_end = line + len;
    }

  /* which paragraphs hold a reply */
  for (guint i = 0; i < cands->len; i++)
    {
      Candidate *c = &g_array_index (cands, Candidate, i);
      BdSmtpReply reply;
      c->has_reply = c->para_end > c->para &&
                     find_failure_reply (c->para, (gsize) (c->para_end - c->para), &reply);
    }
}

static void
set_diagnostic (BdFailure  *f,
                const char *start,
                const char *end)
{
  char *d;
  gsize n;

  if (f->diagnostic != NULL || end <= start)
    return;
  d = bd_smtp_unfold (start, end - start);
  n = strlen (d);
  /* Exchange's closing "##" */
  while (n > 0 && (d[n - 1] == '#' || d[n - 1] == ' '))
    d[--n] = '\0';
  if (n == 0)
    {
      g_free (d);
      return;
    }
  f->diagnostic = d;
}

/* Exchange: "www.mydomain.ru #554 5.7.1 …" names the remote host before '#'. */
static void
exchange_host (BdFailure  *f,
               const char *text,
               const char *reply_start)
{
  const char *h, *he;

  if (f->remote_host != NULL || reply_start == NULL || reply_start <= text + 2)
    return;
  he = reply_start;
  if (he[-1] != '#')
    return;
  he--;
  while (he > text && he[-1] == ' ')
    he--;
  h = he;
  while (h > text && (g_ascii_isalnum (h[-1]) || h[-1] == '.' || h[-1] == '-' || h[-1] == '_'))
    h--;
  if (he - h >= 3 && memchr (h, '.', (gsize) (he - h)) != NULL)
    f->remote_host = g_ascii_strdown (h, he - h);
}

/* Reads the reason in [start, end) of @block into @f. */
static gboolean
apply_reason (BdFailure     *f,
              const BdBlock *block,
              const char    *start,
              const char    *end)
{
  BdSmtpReply reply;
  const char *line_end;

  if (end <= start || !find_failure_reply (start, (gsize) (end - start), &reply))
    return FALSE;

  exchange_host (f, start, reply.start);
  bd_reader_apply_reply (f, reply.start, (gsize) (end - reply.start));
  if (f->stage == BD_STAGE_UNKNOWN)
    f->stage = bd_smtp_stage_from_text (start, (gsize) (end - start));
  bd_reader_apply_remote (f, start, (gsize) (end - start));
  set_diagnostic (f, reply.start, end);

  bd_reader_add_evidence (f, block, reply.start);
  line_end = memchr (reply.start, '\n', (gsize) (end - reply.start));
  /* a few lines are evidence enough; each costs a count of lines */
  for (guint n = 0; line_end != NULL && line_end + 1 < end && n < 32; n++)
    {
      bd_reader_add_evidence (f, block, line_end + 1);
      line_end = memchr (line_end + 1, '\n', (gsize) (end - line_end - 1));
    }
  return TRUE;
}

/* The paragraph around @pos: from the line after the last empty line before
 * it to the next empty line. */
static void
paragraph_of (const BdBlock *block,
              const char    *pos,
              const char   **start,
              const char   **end)
{
  const char *text = block->text, *text_end = block->text + block->len;
  const char *s = pos, *e = pos;

  while (s > text)
    {
      const char *prev = s - 1;
      if (*prev == '\n' && prev > text && prev[-1] == '\n')
        break;
      s--;
    }
  while (e < text_end)
    {
      if (*e == '\n' && e + 1 < text_end && e[1] == '\n')
        break;
      e++;
    }
  *start = s;
  *end = e;
}

/* The first failure reply of the document's text that names @recipient, or
 * else the first failure reply at all. */
static gboolean
apply_global_reason (BdFailure  *f,
                     BdDocument *doc,
                     gboolean    need_recipient)
{
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < doc->blocks->len; i++)
      {
        const BdBlock *block = g_ptr_array_index (doc->blocks, i);
        const char *p = block->text;
        const char *end = block->text + MIN (block->len, BD_TEXT_MAX_SCAN);
        BdSmtpReply reply;

        if (block->kind != BD_BLOCK_BODY)
          continue;
        if (pass == 1 && need_recipient)
          return FALSE;
        while (p < end && find_failure_reply (p, (gsize) (end - p), &reply))
          {
            const char *ps, *pe;

            paragraph_of (block, reply.start, &ps, &pe);
            if (pass == 1 || f->recipient == NULL ||
                bd_reader_find_ci (ps, (gsize) (pe - ps), f->recipient) != NULL)
              {
                apply_reason (f, block, ps, pe);
                return TRUE;
              }
            p = reply.start + 3;
          }
      }
  return FALSE;
}

static void
add_recipient_list (GPtrArray  *list,
                    const char *value)
{
  const char *p = value, *end = value + strlen (value);

  while (p < end)
    {
      const char *s, *e;
      char *addr = bd_reader_address_find (p, (gsize) (end - p), &s, &e);
      if (addr == NULL)
        break;
      if (!g_ptr_array_find_with_equal_func (list, addr, g_str_equal, NULL))
        g_ptr_array_add (list, addr);
      else
        g_free (addr);
      p = e;
    }
}

/* An address in angle brackets in the bounce's own words ("User's mailbox
 * is full: <a@b>", "Duplicated Message-ID in <a@b>."), before the returned
 * message, that is not the bounce's own From address. */
static char *
text_recipient (BdDocument *doc)
{
  const char *from = bd_document_get_header (doc, "From");
  g_autofree char *from_addr = from ? bd_reader_address_dup (from, strlen (from)) : NULL;

  for (guint i = 0; i < doc->blocks->len; i++)
    {
      BdBlock *block = g_ptr_array_index (doc->blocks, i);
      const char *p = block->text, *end = block->text + MIN (block->len, 64 * 1024);
      const char *line;
      gsize len;

      if (block->kind != BD_BLOCK_BODY)
        continue;
      while (bd_next_line (&p, end, &line, &len))
        {
          const char *lt, *le = line + len;

          if (is_returned_marker (line, len))
            return NULL;
          if (len > 0 && (line[0] == ' ' || line[0] == '\t'))
            continue;
          for (lt = memchr (line, '<', len); lt != NULL && lt + 1 < le;
               lt = memchr (lt + 1, '<', (gsize) (le - lt - 1)))
            {
              const char *s, *e;
              /* bounded: a line full of "<" stays linear */
              char *addr = bd_reader_address_find (lt + 1, MIN ((gsize) (le - lt - 1), 320), &s, &e);
              if (addr != NULL && s == lt + 1 && e < le && *e == '>' &&
                  g_strcmp0 (addr, from_addr) != 0)
                return addr;
              g_free (addr);
            }
        }
      return NULL;
    }
  return NULL;
}

/* The recipient of the returned message when nothing else names one. */
static char *
returned_recipient (BdDocument *doc)
{
  for (guint i = 0; i < doc->blocks->len; i++)
    {
      BdBlock *block = g_ptr_array_index (doc->blocks, i);
      const char *p = block->text, *end = block->text + MIN (block->len, BD_TEXT_MAX_SCAN);
      const char *line;
      gsize len;
      gboolean in_returned = block->kind == BD_BLOCK_RETURNED;

      while (bd_next_line (&p, end, &line, &len))
        {
          if (!in_returned && is_returned_marker (line, len))
            in_returned = TRUE;
          if (in_returned && len > 3 && g_ascii_strncasecmp (line, "To:", 3) == 0)
            {
              char *addr = bd_reader_address_dup (line + 3, len - 3);
              if (addr == NULL && p < end && (*p == ' ' || *p == '\t'))
                {
                  const char *nl = memchr (p, '\n', (gsize) (end - p));
                  addr = bd_reader_address_dup (p, (gsize) ((nl ? nl : end) - p));
                }
              if (addr != NULL)
                return addr;
            }
        }
    }
  return NULL;
}

static gboolean
status_is_generic (const char *status)
{
  return status == NULL || g_str_has_suffix (status, ".0.0");
}

/* The last server reply with an enhanced status in a Sendmail transcript
 * ("<<< 421 4.7.0 …") of the document's text. */
/* @t's status replaces none or a generic x.0.0 one of @f. */
static void
take_better_status (BdFailure       *f,
                    const BdFailure *t)
{
  if (t->status != NULL &&
      (f->status == NULL || (status_is_generic (f->status) && !status_is_generic (t->status))))
    bd_failure_set_status (f, t->status);
}

static gboolean
last_transcript_reply (BdDocument  *doc,
                       BdSmtpReply *out)
{
  gboolean found = FALSE;

  for (guint i = 0; i < doc->blocks->len; i++)
    {
      BdBlock *block = g_ptr_array_index (doc->blocks, i);
      const char *p = block->text, *end = block->text + MIN (block->len, BD_TEXT_MAX_SCAN);

      if (block->kind != BD_BLOCK_BODY)
        continue;
      while (p < end)
        {
          const char *hit = memmem (p, (gsize) (end - p), "\n<<< ", 5);
          const char *eol;
          BdSmtpReply reply;

          if (hit == NULL)
            break;
          hit += 5;
          eol = memchr (hit, '\n', (gsize) (end - hit));
          if (eol == NULL)
            eol = end;
          if (bd_smtp_find_reply (hit, (gsize) (eol - hit), &reply) && reply.start == hit &&
              reply.code >= 400 && reply.code < 600 && reply.status[0] != '\0')
            {
              *out = reply;
              found = TRUE;
            }
          p = eol;
        }
    }
  return found;
}

void
bd_reader_text_supplement (BdDocument *doc,
                           BdReport   *report)
{
  g_autoptr(GArray) cands = NULL;
  gboolean wanted = FALSE;

  /* a single recipient whose Diagnostic-Code has a reply code but no
   * status: the last reply of the transcript tells more (Sendmail) */
  if (report->failures->len == 1)
    {
      BdFailure *f = g_ptr_array_index (report->failures, 0);
      BdSmtpReply diag, last;

      if (f->diagnostic != NULL && f->reply_code != 0 &&
          bd_smtp_find_reply (f->diagnostic, -1, &diag) && diag.status[0] == '\0' &&
          last_transcript_reply (doc, &last))
        {
          f->reply_code = last.code;
          bd_failure_set_status (f, last.status);
          bd_failure_update_permanent (f);
        }
    }

  for (guint i = 0; i < report->failures->len; i++)
    {
      BdFailure *f = g_ptr_array_index (report->failures, i);
      if (f->reply_code == 0 || status_is_generic (f->status))
        wanted = TRUE;
    }
  if (!wanted)
    return;

  cands = g_array_new (FALSE, TRUE, sizeof (Candidate));
  g_array_set_clear_func (cands, candidate_clear);
  for (guint i = 0; i < doc->blocks->len; i++)
    {
      BdBlock *block = g_ptr_array_index (doc->blocks, i);
      if (block->kind == BD_BLOCK_BODY)
        find_candidates (block, cands);
    }

  for (guint i = 0; i < report->failures->len; i++)
    {
      BdFailure *f = g_ptr_array_index (report->failures, i);

      if (f->reply_code != 0 && !status_is_generic (f->status))
        continue;
      for (guint j = 0; j < cands->len; j++)
        {
          Candidate *c = &g_array_index (cands, Candidate, j);
          g_autoptr(BdFailure) t = NULL;

          if (!c->has_reply || g_strcmp0 (c->recipient, f->recipient) != 0)
            continue;
          t = bd_failure_new ();
          if (!apply_reason (t, c->block, c->para, c->para_end))
            continue;
          if (f->reply_code == 0 && t->reply_code != 0)
            f->reply_code = t->reply_code;
          take_better_status (f, t);
          if (f->diagnostic == NULL)
            f->diagnostic = g_steal_pointer (&t->diagnostic);
          if (f->stage == BD_STAGE_UNKNOWN)
            f->stage = t->stage;
          if (f->remote_host == NULL)
            f->remote_host = g_steal_pointer (&t->remote_host);
          if (f->remote_ip == NULL)
            f->remote_ip = g_steal_pointer (&t->remote_ip);
          bd_failure_merge_evidence (f, t);
          bd_failure_update_permanent (f);
          break;
        }
      /* a transcript or a reply elsewhere that names the recipient */
      if (f->reply_code == 0)
        {
          g_autoptr(BdFailure) t = bd_failure_new ();
          t->recipient = g_strdup (f->recipient);
          /* with one recipient only, the reply need not name it (a
           * Sendmail transcript that ends with "554 5.3.0 …") */
          if ((apply_global_reason (t, doc, TRUE) ||
               (report->failures->len == 1 && apply_global_reason (t, doc, FALSE))) &&
              t->reply_code != 0 &&
              (f->status == NULL || t->status == NULL || t->status[0] == f->status[0]))
            {
              f->reply_code = t->reply_code;
              take_better_status (f, t);
              if (f->diagnostic == NULL)
                f->diagnostic = g_steal_pointer (&t->diagnostic);
              bd_failure_merge_evidence (f, t);
              bd_failure_update_permanent (f);
            }
        }
    }
}

/* The bounce's own explanation, for failures whose server reply was not
 * found (and for mail programs' errors, whose first line is all the
 * diagnostic holds): the non-empty lines of the human-readable parts, up to
 * the returned copy of the message. */
#define NOTICE_MAX_LINES 60

void
bd_reader_text_notice (BdDocument *doc,
                       BdReport   *report)
{
  const BdBlock *block;
  const char *p, *end, *line;
  gsize len;
  guint n = 0;
  gboolean wanted = FALSE;

  /* a mail program's error: its diagnostic is one line of a longer text */
  gboolean client = g_strcmp0 (report->format, "client-error") == 0;

  for (guint i = 0; i < report->failures->len; i++)
    {
      const BdFailure *f = g_ptr_array_index (report->failures, i);
      wanted |= f->diagnostic == NULL || client;
    }
  if (!wanted)
    return;

  for (guint i = 0; i < doc->blocks->len && n < NOTICE_MAX_LINES; i++)
    {
      block = g_ptr_array_index (doc->blocks, i);
      if (block->kind != BD_BLOCK_BODY)
        continue;

      p = block->text;
      end = block->text + MIN (block->len, BD_TEXT_MAX_SCAN);
      while (n < NOTICE_MAX_LINES && bd_next_line (&p, end, &line, &len))
        {
          guint lineno;

          while (len > 0 && (line[len - 1] == '\r' || line[len - 1] == ' ' || line[len - 1] == '\t'))
            len--;
          while (len > 0 && (*line == ' ' || *line == '\t'))
            line++, len--;
          if (len == 0)
            continue;
          /* the copy of the message starts at a separator line that says
           * so ("--- Below this line is a copy…") or at its headers; prose
           * such as "…from the attached returned message." goes on */
          if ((*line == '-' || *line == '=' || *line == '*' || *line == '_' ||
               (len > 9 && g_ascii_strncasecmp (line, "Received:", 9) == 0) ||
               (len > 12 && g_ascii_strncasecmp (line, "Return-Path:", 12) == 0)) &&
              is_returned_marker (line, len))
            return;
          lineno = bd_reader_line_of (block, line);
          for (guint f = 0; f < report->failures->len; f++)
            {
              BdFailure *failure = g_ptr_array_index (report->failures, f);
              if (failure->diagnostic == NULL || client)
                bd_failure_add_notice (failure, lineno, line, (gssize) len);
            }
          n++;
        }
    }
}

static const char *
guess_mta (BdDocument *doc)
{
  const char *from = bd_document_get_header (doc, "From");
  const char *subject = bd_document_get_header (doc, "Subject");

  if (bd_document_get_header (doc, "X-Failed-Recipients") != NULL)
    return "exim";
  if (subject != NULL && (strstr (subject, "Недоставляемое") != NULL ||
                          g_str_has_prefix (subject, "Undeliverable")))
    return "exchange";
  if (from != NULL && bd_reader_find_ci (from, strlen (from), "MAILER-DAEMON") != NULL)
    return NULL;
  return NULL;
}

gboolean
bd_reader_text (BdDocument *doc,
                BdReport   *report)
{
  g_autoptr(GArray) cands = g_array_new (FALSE, TRUE, sizeof (Candidate));
  g_autoptr(GPtrArray) header_rcpts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *sender = NULL;
  const char *failed = bd_document_get_header (doc, "X-Failed-Recipients");
  gboolean any_reply = FALSE;
  guint n_before = report->failures->len;
  char dsn_status[16] = "";
  guint dsn_status_state = 0;

  g_return_val_if_fail (doc != NULL, FALSE);
  g_return_val_if_fail (report != NULL, FALSE);

  g_array_set_clear_func (cands, candidate_clear);

  for (guint i = 0; i < doc->blocks->len; i++)
    {
      BdBlock *block = g_ptr_array_index (doc->blocks, i);
      if (block->kind == BD_BLOCK_BODY)
        find_candidates (block, cands);
    }
  for (guint i = 0; i < cands->len; i++)
    any_reply |= g_array_index (cands, Candidate, i).has_reply;

  if (failed != NULL)
    add_recipient_list (header_rcpts, failed);

  /* an automatic answer (RFC 3834) that reports no failure */
  if (failed == NULL && !any_reply)
    {
      const char *auto_submitted = bd_document_get_header (doc, "Auto-Submitted");
      g_autoptr(BdFailure) probe = bd_failure_new ();

      if (auto_submitted != NULL && !bd_reader_looks_like_bounce (doc) &&
          bd_reader_find_ci (auto_submitted, strlen (auto_submitted), "auto-replied") != NULL &&
          !apply_global_reason (probe, doc, FALSE))
        {
          bd_report_set_format (report, "auto-reply", NULL);
          bd_failure_set_string (&report->not_failure, "auto-reply", -1);
          return TRUE;
        }
    }

  /* recipient lines: those whose paragraph holds a reply, or all of them
   * when none does */
  for (guint i = 0; i < cands->len; i++)
    {
      Candidate *c = &g_array_index (cands, Candidate, i);
      BdFailure *f;

      if (any_reply && !c->has_reply)
        {
          /* an address listed alone, its reason given further on */
          if (bd_report_find_failure (report, c->recipient) != NULL)
            continue;
          if (header_rcpts->len > 0 &&
              !g_ptr_array_find_with_equal_func (header_rcpts, c->recipient, g_str_equal, NULL))
            continue;
        }
      if (header_rcpts->len > 0 &&
          !g_ptr_array_find_with_equal_func (header_rcpts, c->recipient, g_str_equal, NULL))
        continue;

      f = bd_report_find_failure (report, c->recipient);
      if (f == NULL)
        {
          f = bd_failure_new ();
          f->recipient = g_strdup (c->recipient);
          bd_report_add_failure (report, f);
        }
      bd_reader_add_evidence (f, c->block, c->line);
      if (f->reply_code == 0 && f->status == NULL)
        apply_reason (f, c->block, c->para, c->para_end);
    }

  /* X-Failed-Recipients not named on a line of their own */
  for (guint i = 0; i < header_rcpts->len; i++)
    {
      const char *r = g_ptr_array_index (header_rcpts, i);
      if (bd_report_find_failure (report, r) == NULL)
        {
          BdFailure *f = bd_failure_new ();
          f->recipient = g_strdup (r);
          bd_report_add_failure (report, f);
        }
    }

  /* no recipient named at all: the first failure reply, and the recipient
   * of the returned message */
  if (report->failures->len == n_before)
    {
      BdFailure *f = bd_failure_new ();
      if (!apply_global_reason (f, doc, FALSE) && !bd_reader_looks_like_bounce (doc))
        {
          bd_failure_free (f);
          return FALSE;
        }
      if (f->diagnostic != NULL)
        f->recipient = bd_reader_address_dup (f->diagnostic, strlen (f->diagnostic));
      if (f->recipient == NULL)
        f->recipient = text_recipient (doc);
      if (f->recipient == NULL)
        f->recipient = returned_recipient (doc);
      if (f->recipient == NULL && f->reply_code == 0 && f->status == NULL)
        {
          /* a bounce that says nothing we can use */
          bd_failure_free (f);
          return FALSE;
        }
      bd_report_add_failure (report, f);
    }

  for (guint i = n_before; i < report->failures->len; i++)
    {
      BdFailure *f = g_ptr_array_index (report->failures, i);
      if (f->reply_code == 0 && f->status == NULL)
        {
          if (!apply_global_reason (f, doc, TRUE))
            apply_global_reason (f, doc, FALSE);
        }
      /* a delivery-status part whose records name no usable address
       * ("Final-Recipient: rfc822; @host", a mailbox path) still tells the
       * status */
      if (f->status == NULL && dsn_status_state == 0)
        dsn_status_state = bd_reader_dsn_common_status (doc, dsn_status) ? 1 : 2;
      if (f->status == NULL && dsn_status_state == 1 &&
          (f->reply_code == 0 || f->reply_code / 100 == (guint) (dsn_status[0] - '0')))
        bd_failure_set_status (f, dsn_status);
      if (f->sender == NULL)
        {
          if (sender == NULL)
            sender = bd_reader_returned_sender (doc);
          f->sender = g_strdup (sender);
        }
      bd_failure_update_permanent (f);
    }

  bd_report_set_format (report, doc->kind == BD_SOURCE_EMAIL ? "ndr" : "text", guess_mta (doc));
  return TRUE;
}
