/* bd-reader-dsn.c: RFC 3464 delivery status notifications, ARF feedback
 * reports and RFC 3834 auto-replies
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A message/delivery-status part is a list of "Name: value" fields: first
 * the fields about the message (Reporting-MTA, X-Postfix-Sender …), then a
 * group per recipient (Final-Recipient, Action, Status, Remote-MTA,
 * Diagnostic-Code …). Real DSNs often forget the empty lines between the
 * groups, so a group starts wherever a recipient field comes again.
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "bd-readers.h"
#include "bd-reader-private.h"
#include "bd-text-private.h"
#include "bd-smtp.h"

#define BD_DSN_MAX_RECORDS 1000

/* ------------------------------------------------------------------ */
/* Shared helpers (bd-reader-private.h)                                 */

guint
bd_reader_line_of (const BdBlock *block,
                   const char    *pos)
{
  const char *p = block->text;
  guint line = block->first_line;

  if (pos < block->text || pos > block->text + block->len)
    return block->first_line;
  while (p < pos)
    {
      const char *nl = memchr (p, '\n', (gsize) (pos - p));
      if (nl == NULL)
        break;
      line++;
      p = nl + 1;
    }
  return line;
}

void
bd_reader_add_evidence (BdFailure     *failure,
                        const BdBlock *block,
                        const char    *pos)
{
  const char *start = pos, *end = pos;
  const char *text_end = block->text + block->len;

  if (pos < block->text || pos > text_end)
    return;
  while (start > block->text && start[-1] != '\n')
    start--;
  end = memchr (pos, '\n', (gsize) (text_end - pos));
  if (end == NULL)
    end = text_end;
  if (end > start)
    bd_failure_add_evidence (failure, bd_reader_line_of (block, start), start, end - start);
}

const char *
bd_reader_find_ci (const char *hay,
                   gsize       len,
                   const char *needle)
{
  return bd_text_find_ci (hay, hay + len, needle);
}

static gboolean
is_local_char (guchar c)
{
  return g_ascii_isalnum (c) || c >= 0x80 || strchr (".!#$%&'*+-/=?^_`{|}~", c) != NULL;
}

static gboolean
is_domain_char (guchar c)
{
  return g_ascii_isalnum (c) || c >= 0x80 || c == '.' || c == '-' || c == '_';
}

char *
bd_reader_address_find (const char  *text,
                        gsize        len,
                        const char **start_out,
                        const char **end_out)
{
  const char *end = text + len;
  const char *p = text;

  while (p < end)
    {
      const char *at = memchr (p, '@', (gsize) (end - p));
      const char *s, *e;

      if (at == NULL)
        return NULL;
      s = at;
      if (at - text >= 3 && at[-1] == '"')
        {
          /* a quoted local part: "john..doe"@example.com */
          const char *q = at - 2;
          while (q > text && *q != '"' && *q != '\n' && *q != '<' && *q != '>' &&
                 (guchar) *q >= 0x20 && at - q < 256)
            q--;
          if (*q == '"' && q < at - 2)
            s = q;
        }
      if (s == at)
        while (s > text && is_local_char ((guchar) s[-1]) && at - s < 256)
          s--;
      /* "rfc822;user@…", "<user@…" and quotes are left out by the set */
      while (s < at && (*s == '.' || *s == '\''))
        s++;
      e = at + 1;
      if (e < end && *e == '[')
        {
          /* an address literal: user@[192.0.2.1] */
          const char *close = memchr (e, ']', (gsize) MIN (end - e, 64));
          e = close ? close + 1 : e;
        }
      else
        while (e < end && is_domain_char ((guchar) *e) && e - at < 256)
          e++;
      while (e > at + 1 && (e[-1] == '.' || e[-1] == '-'))
        e--;
      if (s < at && e > at + 1 && memchr (at + 1, '.', (gsize) (e - at - 1)) != NULL)
        {
          char *addr = g_ascii_strdown (s, e - s);
          if (!g_utf8_validate (addr, -1, NULL))
            {
              g_free (addr);
              p = at + 1;
              continue;
            }
          if (start_out)
            *start_out = s;
          if (end_out)
            *end_out = e;
          return addr;
        }
      p = at + 1;
    }
  return NULL;
}

char *
bd_reader_address_dup (const char *text,
                       gsize       len)
{
  return bd_reader_address_find (text, len, NULL, NULL);
}

static gboolean
status_is_generic (const char *status)
{
  /* "5.0.0", "4.0.0" and the like say nothing more than the class */
  return status == NULL || g_str_has_suffix (status, ".0.0");
}

static gboolean
is_ip_char (char c)
{
  return g_ascii_isxdigit (c) || c == '.' || c == ':';
}

static gboolean
looks_like_ip (const char *s,
               gsize       len)
{
  guint dots = 0, colons = 0;

  if (len < 3 || len > 45)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (!is_ip_char (s[i]))
        return FALSE;
      dots += s[i] == '.';
      colons += s[i] == ':';
    }
  return dots == 3 || colons >= 2;
}

static gboolean
is_host_char (char c)
{
  return g_ascii_isalnum (c) || c == '.' || c == '-' || c == '_';
}

void
bd_reader_apply_remote (BdFailure  *failure,
                        const char *text,
                        gsize       len)
{
  const char *end = text + len;
  const char *hit = NULL;
  const char *p;

  if (failure->remote_host != NULL && failure->remote_ip != NULL)
    return;

  /* Postfix "host mx.example.com[192.0.2.8] said:", Exim "host mx [ip]:",
   * Exim logs "H=mx [ip]" */
  for (p = text; p < end; p = hit + 1)
    {
      const char *h, *he, *ip, *ipe;

      hit = bd_reader_find_ci (p, (gsize) (end - p), "host ");
      if (hit == NULL)
        {
          hit = NULL;
          break;
        }
      if (hit > text && g_ascii_isalnum (hit[-1]))
        continue;
      h = hit + 5;
      while (h < end && *h == ' ')
        h++;
      he = h;
      while (he < end && is_host_char (*he))
        he++;
      if (he - h < 3 || memchr (h, '.', (gsize) (he - h)) == NULL)
        continue;
      ip = he;
      while (ip < end && *ip == ' ')
        ip++;
      if (ip < end && (*ip == '[' || *ip == '('))
        {
          ip++;
          ipe = ip;
          while (ipe < end && is_ip_char (*ipe))
            ipe++;
          if (ipe < end && (*ipe == ']' || *ipe == ')') && looks_like_ip (ip, ipe - ip))
            {
              if (failure->remote_ip == NULL)
                failure->remote_ip = g_strndup (ip, ipe - ip);
            }
        }
      if (failure->remote_host == NULL && !looks_like_ip (h, he - h))
        {
          const char *e = he;
          while (e > h && e[-1] == '.')
            e--;
          failure->remote_host = g_ascii_strdown (h, e - h);
        }
      else if (failure->remote_ip == NULL && looks_like_ip (h, he - h))
        failure->remote_ip = g_strndup (h, he - h);
      return;
    }
}

gboolean
bd_reader_apply_reply (BdFailure  *failure,
                       const char *text,
                       gsize       len)
{
  BdSmtpReply reply;
  gboolean found = FALSE;

  if (len == 0)
    return FALSE;

  if (bd_smtp_find_reply (text, len, &reply))
    {
      /* a reply quoted inside another one is the real cause: "554 4.4.7
       * Message expired: … <421 4.4.2 Connection timed out>" */
      if (reply.text != NULL && reply.text > text && reply.text < text + len)
        {
          const char *end = text + len;
          const char *lt = memchr (reply.text, '<', (gsize) (end - reply.text));

          while (lt != NULL && lt + 1 < end)
            {
              BdSmtpReply inner;
              if (lt + 4 < end && g_ascii_isdigit (lt[1]) &&
                  bd_smtp_find_reply (lt + 1, MIN ((gsize) (end - lt - 1), 256), &inner) &&
                  inner.start == lt + 1 && inner.code >= 400 && inner.code < 600 &&
                  inner.status[0] != '\0')
                {
                  reply = inner;
                  break;
                }
              lt = memchr (lt + 1, '<', (gsize) (end - lt - 1));
            }
        }
      if (reply.code >= 400 && reply.code < 600 && failure->reply_code == 0)
        {
          failure->reply_code = reply.code;
          found = TRUE;
        }
      if (reply.status[0] != '\0' && reply.status[0] != '2' &&
          ((status_is_generic (failure->status) && !status_is_generic (reply.status)) ||
           failure->status == NULL))
        {
          bd_failure_set_status (failure, reply.status);
          found = TRUE;
        }
      /* a status after the reply code, later in the text: "550 Mailbox full (5.2.2)" */
      if (reply.status[0] == '\0' && status_is_generic (failure->status))
        {
          char status[16];
          const char *from = reply.text ? reply.text : text;
          /* or before it: "5.3.0 - Other mail system problem 550-'…'" */
          if (from >= text && from <= text + len &&
              (bd_smtp_find_status (from, (gsize) (text + len - from), status) ||
               bd_smtp_find_status (text, (gsize) (from - text), status)) &&
              status[0] != '2' && (failure->status == NULL || !status_is_generic (status)))
            bd_failure_set_status (failure, status);
        }
    }
  if (failure->stage == BD_STAGE_UNKNOWN)
    failure->stage = bd_smtp_stage_from_text (text, len);
  bd_reader_apply_remote (failure, text, len);
  return found;
}

char *
bd_reader_returned_sender (BdDocument *doc)
{
  for (guint i = 0; i < doc->blocks->len; i++)
    {
      BdBlock *block = g_ptr_array_index (doc->blocks, i);
      const char *p, *end, *line;
      gsize len;
      char *from = NULL;

      if (block->kind != BD_BLOCK_RETURNED)
        continue;
      p = block->text;
      end = block->text + block->len;
      while (bd_next_line (&p, end, &line, &len))
        {
          if (len > 12 && g_ascii_strncasecmp (line, "Return-Path:", 12) == 0)
            {
              char *addr = bd_reader_address_dup (line + 12, len - 12);
              if (addr != NULL)
                {
                  g_free (from);
                  return addr;
                }
            }
          else if (from == NULL && len > 5 && g_ascii_strncasecmp (line, "From:", 5) == 0)
            {
              const char *q = p, *cl;
              gsize cl_len;
              GString *value = g_string_new_len (line + 5, len - 5);
              /* folded From: */
              while (bd_next_line (&q, end, &cl, &cl_len) && cl_len > 0 && (*cl == ' ' || *cl == '\t'))
                g_string_append_len (value, cl, cl_len);
              from = bd_reader_address_dup (value->str, value->len);
              g_string_free (value, TRUE);
            }
        }
      if (from != NULL)
        return from;
    }
  return NULL;
}

/* ------------------------------------------------------------------ */
/* Auto-replies                                                         */

static gboolean
has_word_ci (const char *text,
             const char *word)
{
  return text != NULL && bd_reader_find_ci (text, strlen (text), word) != NULL;
}

gboolean
bd_reader_looks_like_bounce (BdDocument *doc)
{
  const char *from = bd_document_get_header (doc, "From");
  const char *subject = bd_document_get_header (doc, "Subject");
  static const char *const bounce_subjects[] = {
    "undeliver", "delivery", "failure", "failed", "returned", "rejected", "недоставл",
    "Недоставл", "не доставл", "Не доставл", "error", "loop alert", "mail loop",
  };

  if (from != NULL && (has_word_ci (from, "mailer-daemon") || has_word_ci (from, "postmaster") ||
                       has_word_ci (from, "Mail Delivery")))
    return TRUE;
  for (gsize i = 0; i < G_N_ELEMENTS (bounce_subjects); i++)
    if (has_word_ci (subject, bounce_subjects[i]))
      return TRUE;
  return FALSE;
}

gboolean
bd_reader_is_auto_reply (BdDocument *doc)
{
  const char *auto_submitted = bd_document_get_header (doc, "Auto-Submitted");
  const char *subject = bd_document_get_header (doc, "Subject");
  const char *precedence = bd_document_get_header (doc, "Precedence");
  static const char *const subjects[] = {
    "auto:", "automatic reply", "auto reply", "auto-reply", "autoreply", "out of office",
    "out of the office", "vacation", "away ", "away until", "abwesenheit", "absence",
    "автоответ", "отпуск", "не в офисе", "自動",
  };
  gboolean marked = FALSE;

  if (bd_document_get_header (doc, "X-Autoreply") != NULL ||
      bd_document_get_header (doc, "X-Autorespond") != NULL ||
      bd_document_get_header (doc, "X-Autoresponder") != NULL ||
      has_word_ci (precedence, "auto_reply"))
    marked = TRUE;
  if (auto_submitted != NULL && has_word_ci (auto_submitted, "auto-replied"))
    marked = TRUE;

  /* "Automatic reply: Delivery schedule…": the subject's own words come
   * after the marker and may look like a bounce's */
  if (subject != NULL && (marked || auto_submitted != NULL))
    {
      static const char *const prefixes[] = {
        "automatic reply", "auto:", "autoreply", "auto reply", "auto-reply", "out of office",
        "автоответ", "Автоответ", "автоматический ответ", "Автоматический ответ",
      };
      const char *from = bd_document_get_header (doc, "From");
      gboolean daemon = from != NULL && (has_word_ci (from, "mailer-daemon") ||
                                         has_word_ci (from, "postmaster"));

      for (gsize i = 0; i < G_N_ELEMENTS (prefixes) && !daemon; i++)
        if (g_ascii_strncasecmp (subject, prefixes[i], strlen (prefixes[i])) == 0)
          return TRUE;
    }

  if (bd_reader_looks_like_bounce (doc))
    return FALSE;

  for (gsize i = 0; i < G_N_ELEMENTS (subjects); i++)
    if (has_word_ci (subject, subjects[i]))
      return TRUE;

  /* Auto-Submitted alone is no proof: MTAs put it on bounces too; the text
   * reader decides when it finds no failure reply */
  return marked && auto_submitted == NULL &&
         bd_document_find_block (doc, BD_BLOCK_DELIVERY_STATUS) == NULL &&
         bd_document_get_header (doc, "X-Failed-Recipients") == NULL;
}

/* ------------------------------------------------------------------ */
/* Delivery-status fields                                               */

typedef struct
{
  const char *start;  /* value, after the colon and blanks */
  const char *end;    /* end of the value, continuation lines included */
  const char *line;   /* start of the field's line */
} Field;

typedef struct
{
  Field final_rcpt;
  Field orig_rcpt;
  Field action;
  Field status;
  Field remote_mta;
  Field diagnostic;
  Field x_actual;
} Record;

typedef struct
{
  Field reporting_mta;
  Field postfix_sender;
  Field received_from;
} MessageFields;

static gboolean
field_is (const char *line,
          gsize       name_len,
          const char *name)
{
  return strlen (name) == name_len && g_ascii_strncasecmp (line, name, name_len) == 0;
}

static gboolean
record_has_recipient (const Record *r)
{
  return r->final_rcpt.start != NULL || r->orig_rcpt.start != NULL;
}

static gboolean
record_is_empty (const Record *r)
{
  return !record_has_recipient (r) && r->action.start == NULL && r->status.start == NULL &&
         r->diagnostic.start == NULL && r->remote_mta.start == NULL;
}

/* Strips "rfc822;", "smtp;", "dns;" type prefixes. */
static const char *
skip_type (const char *start,
           const char *end)
{
  const char *semi;
  const char *p = start;

  while (p < end && (*p == ' ' || *p == '\t'))
    p++;
  semi = memchr (p, ';', (gsize) MIN (end - p, 24));
  if (semi != NULL)
    {
      const char *q;
      for (q = p; q < semi; q++)
        if (*q == ' ' || *q == '\t' || *q == '\n')
          break;
      if (q == semi)
        {
          p = semi + 1;
          while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        }
    }
  return p;
}

static void
parse_fields (const BdBlock  *block,
              MessageFields  *msg,
              GArray         *records)
{
  const char *p = block->text, *end = block->text + block->len;
  const char *line;
  gsize len;
  Record cur = { 0 };
  Field *last = NULL;

  while (bd_next_line (&p, end, &line, &len))
    {
      const char *colon, *v;
      gsize name_len;
      Field *f = NULL;

      if (len == 0 || (len == 1 && line[0] == ' '))
        {
          last = NULL;
          if (record_has_recipient (&cur))
            {
              if (records->len < BD_DSN_MAX_RECORDS)
                g_array_append_val (records, cur);
              memset (&cur, 0, sizeof cur);
            }
          continue;
        }
      if (line[0] == ' ' || line[0] == '\t')
        {
          if (last != NULL)
            last->end = line + len;
          continue;
        }
      colon = memchr (line, ':', MIN (len, 64));
      last = NULL;
      if (colon == NULL)
        continue;
      name_len = (gsize) (colon - line);
      v = colon + 1;
      while (v < line + len && (*v == ' ' || *v == '\t'))
        v++;

      if (field_is (line, name_len, "Final-Recipient"))
        {
          if (cur.final_rcpt.start != NULL ||
              (cur.orig_rcpt.start != NULL &&
               (cur.status.start != NULL || cur.diagnostic.start != NULL)))
            goto new_record;
          f = &cur.final_rcpt;
        }
      else if (field_is (line, name_len, "Original-Recipient"))
        {
          if (cur.orig_rcpt.start != NULL ||
              (cur.final_rcpt.start != NULL &&
               (cur.status.start != NULL || cur.diagnostic.start != NULL)))
            goto new_record;
          f = &cur.orig_rcpt;
        }
      else if (field_is (line, name_len, "Action"))
        f = &cur.action;
      else if (field_is (line, name_len, "Status"))
        f = &cur.status;
      else if (field_is (line, name_len, "Remote-MTA"))
        f = &cur.remote_mta;
      else if (field_is (line, name_len, "Diagnostic-Code"))
        f = &cur.diagnostic;
      else if (field_is (line, name_len, "X-Actual-Recipient"))
        f = &cur.x_actual;
      else if (field_is (line, name_len, "Reporting-MTA"))
        f = &msg->reporting_mta;
      else if (field_is (line, name_len, "X-Postfix-Sender"))
        f = &msg->postfix_sender;
      else if (field_is (line, name_len, "Received-From-MTA"))
        f = &msg->received_from;

      if (f != NULL)
        {
          f->start = v;
          f->end = line + len;
          f->line = line;
          last = f;
        }
      continue;

    new_record:
      if (records->len < BD_DSN_MAX_RECORDS)
        g_array_append_val (records, cur);
      memset (&cur, 0, sizeof cur);
      /* parse this line again in the new record */
      p = line;
    }
  if (record_has_recipient (&cur) || (records->len == 0 && !record_is_empty (&cur)))
    if (records->len < BD_DSN_MAX_RECORDS)
      g_array_append_val (records, cur);
}

static char *
record_recipient (const Record *r,
                  const char  **line)
{
  char *addr = NULL;

  if (r->final_rcpt.start != NULL)
    {
      const char *s = skip_type (r->final_rcpt.start, r->final_rcpt.end);
      addr = bd_reader_address_dup (s, r->final_rcpt.end - s);
      *line = r->final_rcpt.line;
    }
  if (addr == NULL && r->orig_rcpt.start != NULL)
    {
      const char *s = skip_type (r->orig_rcpt.start, r->orig_rcpt.end);
      addr = bd_reader_address_dup (s, r->orig_rcpt.end - s);
      *line = r->orig_rcpt.line;
    }
  return addr;
}

static const char *
action_not_failure (const Record *r)
{
  static const char *const actions[] = { "delivered", "relayed", "expanded" };

  if (r->action.start != NULL)
    {
      for (gsize i = 0; i < G_N_ELEMENTS (actions); i++)
        if (bd_reader_find_ci (r->action.start, r->action.end - r->action.start, actions[i]) != NULL)
          return actions[i];
      return NULL;
    }
  if (r->status.start != NULL && *r->status.start == '2')
    return "delivered";
  return NULL;
}

static BdFailure *
failure_from_record (const BdBlock       *block,
                     const MessageFields *msg,
                     const Record        *r,
                     char                *recipient,
                     const char          *rcpt_line)
{
  BdFailure *f = bd_failure_new ();

  f->recipient = recipient;
  bd_reader_add_evidence (f, block, rcpt_line);

  if (r->status.start != NULL)
    {
      char status[16];
      if (bd_smtp_find_status (r->status.start, r->status.end - r->status.start, status))
        bd_failure_set_status (f, status);
      bd_reader_add_evidence (f, block, r->status.line);
    }

  if (r->diagnostic.start != NULL)
    {
      guint n_ev = 0;
      const char *s = skip_type (r->diagnostic.start, r->diagnostic.end);
      g_autofree char *unfolded = bd_smtp_unfold (s, r->diagnostic.end - s);

      if (*unfolded != '\0')
        {
          /* like Sisimai, a status stated in the server's words wins over
           * the Status field */
          g_autofree char *dsn_status = g_steal_pointer (&f->status);

          bd_reader_apply_reply (f, unfolded, strlen (unfolded));
          if (f->status == NULL)
            f->status = g_steal_pointer (&dsn_status);
          f->diagnostic = g_steal_pointer (&unfolded);
        }
      for (const char *l = r->diagnostic.line; l < r->diagnostic.end && n_ev < 32; n_ev++)
        {
          const char *nl = memchr (l, '\n', (gsize) (r->diagnostic.end - l));
          bd_reader_add_evidence (f, block, l);
          if (nl == NULL)
            break;
          l = nl + 1;
        }
    }

  if (r->remote_mta.start != NULL && f->remote_host == NULL)
    {
      const char *s = skip_type (r->remote_mta.start, r->remote_mta.end);
      const char *e = s;
      while (e < r->remote_mta.end && (is_host_char (*e) || *e == ':'))
        e++;
      while (e > s && e[-1] == '.')
        e--;
      if (e > s)
        {
          if (looks_like_ip (s, e - s))
            {
              if (f->remote_ip == NULL)
                f->remote_ip = g_strndup (s, e - s);
            }
          else
            f->remote_host = g_ascii_strdown (s, e - s);
        }
      /* "dns; mx.example.com [192.0.2.1]" */
      if (f->remote_ip == NULL)
        {
          const char *b = memchr (e, '[', (gsize) (r->remote_mta.end - e));
          if (b != NULL)
            {
              const char *ipe = b + 1;
              while (ipe < r->remote_mta.end && is_ip_char (*ipe))
                ipe++;
              if (looks_like_ip (b + 1, ipe - b - 1))
                f->remote_ip = g_strndup (b + 1, ipe - b - 1);
            }
        }
    }

  if (msg->postfix_sender.start != NULL)
    {
      const char *s = skip_type (msg->postfix_sender.start, msg->postfix_sender.end);
      f->sender = bd_reader_address_dup (s, msg->postfix_sender.end - s);
    }

  bd_failure_update_permanent (f);
  return f;
}

/* Where an RFC 3464 field group starts in a text block that is no
 * message/delivery-status part (a report without MIME headers for its
 * parts, or forwarded as text); NULL when there is none. */
static const char *
embedded_fields_start (const BdBlock *block)
{
  const char *text = block->text;
  gsize len = MIN (block->len, 512 * 1024);
  const char *hit = memmem (text, len, "inal-Recipient:", 15);
  const char *p, *from;

  if (hit == NULL)
    hit = memmem (text, len, "inal-recipient:", 15);
  if (hit == NULL || hit == text || (hit[-1] != 'F' && hit[-1] != 'f'))
    return NULL;
  hit--;
  if (hit > text && hit[-1] != '\n')
    return NULL;
  /* the message fields before it: "Reporting-MTA:" in the same group or
   * the one before */
  from = hit > text + 2048 ? hit - 2048 : text;
  p = bd_reader_find_ci (from, (gsize) (hit - from), "Reporting-MTA:");
  if (p != NULL && (p == text || p[-1] == '\n'))
    return p;
  return hit;
}

gboolean
bd_reader_dsn_common_status (BdDocument *doc,
                             char        status[16])
{
  gboolean found = FALSE;

  status[0] = '\0';
  for (guint i = 0; i < doc->blocks->len; i++)
    {
      BdBlock *block = g_ptr_array_index (doc->blocks, i);
      g_autoptr(GArray) records = NULL;
      MessageFields msg = { 0 };

      if (block->kind != BD_BLOCK_DELIVERY_STATUS)
        continue;
      records = g_array_new (FALSE, TRUE, sizeof (Record));
      parse_fields (block, &msg, records);
      for (guint j = 0; j < records->len; j++)
        {
          const Record *r = &g_array_index (records, Record, j);
          char s[16];

          if (r->status.start == NULL ||
              !bd_smtp_find_status (r->status.start, r->status.end - r->status.start, s) ||
              (s[0] != '4' && s[0] != '5'))
            continue;
          if (found && strcmp (s, status) != 0)
            return FALSE;
          memcpy (status, s, sizeof s);
          found = TRUE;
        }
    }
  return found;
}

static gboolean
read_delivery_status (BdDocument *doc,
                      BdReport   *report)
{
  g_autofree char *sender = NULL;
  const char *not_failure = NULL;
  gboolean any_block = FALSE;
  guint added = 0;

  gboolean embedded = bd_document_find_block (doc, BD_BLOCK_DELIVERY_STATUS) == NULL;

  for (guint i = 0; i < doc->blocks->len; i++)
    {
      BdBlock *block = g_ptr_array_index (doc->blocks, i);
      BdBlock sub;
      g_autoptr(GArray) records = NULL;
      MessageFields msg = { 0 };

      if (embedded && block->kind == BD_BLOCK_BODY)
        {
          const char *start = embedded_fields_start (block);
          if (start == NULL)
            continue;
          sub = *block;
          sub.text = (char *) start;
          sub.len = block->len - (gsize) (start - block->text);
          sub.first_line = bd_reader_line_of (block, start);
          block = &sub;
        }
      else if (block->kind != BD_BLOCK_DELIVERY_STATUS)
        continue;
      any_block = TRUE;
      records = g_array_new (FALSE, TRUE, sizeof (Record));
      parse_fields (block, &msg, records);

      for (guint j = 0; j < records->len; j++)
        {
          const Record *r = &g_array_index (records, Record, j);
          const char *rcpt_line = NULL;
          char *recipient = record_recipient (r, &rcpt_line);
          const char *nf = action_not_failure (r);
          BdFailure *f;

          if (recipient == NULL)
            continue;
          if (nf != NULL)
            {
              if (not_failure == NULL)
                not_failure = nf;
              g_free (recipient);
              continue;
            }
          if (bd_report_find_failure (report, recipient) != NULL)
            {
              g_free (recipient);
              continue;
            }
          f = failure_from_record (block, &msg, r, recipient, rcpt_line);
          f->delayed = r->action.start != NULL &&
                       bd_reader_find_ci (r->action.start, r->action.end - r->action.start, "delayed") != NULL;
          if (f->sender == NULL)
            {
              if (sender == NULL)
                sender = bd_reader_returned_sender (doc);
              f->sender = g_strdup (sender);
            }
          bd_report_add_failure (report, f);
          added++;
        }
    }

  if (added > 0)
    {
      bd_reader_text_supplement (doc, report);
      bd_report_set_format (report, "dsn", NULL);
      return TRUE;
    }
  if (any_block && not_failure != NULL)
    {
      bd_report_set_format (report, "dsn", NULL);
      bd_failure_set_string (&report->not_failure, not_failure, -1);
      return TRUE;
    }
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Amazon SES notifications (a JSON object in a text body)              */

#define BD_SES_MAX_JSON (1024 * 1024)

static const char *
json_member_string (JsonObject *obj,
                    const char *name)
{
  JsonNode *node;

  if (obj == NULL || !json_object_has_member (obj, name))
    return NULL;
  node = json_object_get_member (obj, name);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonObject *
json_member_object (JsonObject *obj,
                    const char *name)
{
  JsonNode *node;

  if (obj == NULL || !json_object_has_member (obj, name))
    return NULL;
  node = json_object_get_member (obj, name);
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* The JSON text of a body that starts with "{": its lines up to the first
 * empty one, joined; Sendmail's "!" + LF + blank line breaks are undone. */
static GString *
ses_json_text (const BdBlock *block)
{
  const char *p = block->text, *end = block->text + MIN (block->len, BD_SES_MAX_JSON);
  const char *line;
  gsize len;
  GString *json;

  while (p < end && g_ascii_isspace (*p))
    p++;
  if (p >= end || *p != '{' || end - p < 20 || memchr (p, '"', MIN ((gsize) (end - p), 4)) == NULL)
    return NULL;
  json = g_string_sized_new (MIN ((gsize) (end - p), 8192));
  while (bd_next_line (&p, end, &line, &len))
    {
      if (len > 0 && line[len - 1] == '\r')
        len--;
      if (len == 0)
        break;
      if (json->len > 0 && json->str[json->len - 1] == '!' && (line[0] == ' ' || line[0] == '\t'))
        {
          g_string_truncate (json, json->len - 1);
          line++;
          len--;
        }
      g_string_append_len (json, line, len);
    }
  return json;
}

static gboolean
read_ses_json (BdDocument *doc,
               BdReport   *report)
{
  for (guint i = 0; i < doc->blocks->len; i++)
    {
      BdBlock *block = g_ptr_array_index (doc->blocks, i);
      g_autoptr(JsonParser) parser = NULL;
      g_autoptr(GString) json = NULL;
      JsonNode *root;
      JsonObject *obj, *bounce, *mail;
      const char *type;
      guint added = 0;

      if (block->kind != BD_BLOCK_BODY)
        continue;
      json = ses_json_text (block);
      if (json == NULL || bd_reader_find_ci (json->str, MIN (json->len, 256), "Type\"") == NULL)
        continue;
      parser = json_parser_new_immutable ();
      if (!json_parser_load_from_data (parser, json->str, (gssize) json->len, NULL))
        continue;
      root = json_parser_get_root (parser);
      if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
        continue;
      obj = json_node_get_object (root);
      type = json_member_string (obj, "notificationType");
      if (type == NULL)
        type = json_member_string (obj, "eventType");
      if (type == NULL)
        continue;
      mail = json_member_object (obj, "mail");

      if (g_ascii_strcasecmp (type, "Complaint") == 0)
        {
          bd_report_set_format (report, "dsn", "amazonses");
          bd_failure_set_string (&report->not_failure, "feedback", -1);
          return TRUE;
        }
      if (g_ascii_strcasecmp (type, "Delivery") == 0)
        {
          bd_report_set_format (report, "dsn", "amazonses");
          bd_failure_set_string (&report->not_failure, "delivered", -1);
          return TRUE;
        }
      if (g_ascii_strcasecmp (type, "Bounce") != 0)
        continue;

      bounce = json_member_object (obj, "bounce");
      if (bounce != NULL && json_object_has_member (bounce, "bouncedRecipients") &&
          JSON_NODE_HOLDS_ARRAY (json_object_get_member (bounce, "bouncedRecipients")))
        {
          JsonArray *rcpts = json_object_get_array_member (bounce, "bouncedRecipients");
          const char *source = json_member_string (mail, "source");
          const char *bounce_type = json_member_string (bounce, "bounceType");

          for (guint j = 0; j < json_array_get_length (rcpts) && j < BD_DSN_MAX_RECORDS; j++)
            {
              JsonNode *node = json_array_get_element (rcpts, j);
              JsonObject *r = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
              const char *addr = json_member_string (r, "emailAddress");
              const char *status = json_member_string (r, "status");
              const char *diag = json_member_string (r, "diagnosticCode");
              char *recipient;
              BdFailure *f;

              if (addr == NULL || (recipient = bd_reader_address_dup (addr, strlen (addr))) == NULL)
                continue;
              if (bd_report_find_failure (report, recipient) != NULL)
                {
                  g_free (recipient);
                  continue;
                }
              f = bd_failure_new ();
              f->recipient = recipient;
              if (status != NULL && bd_smtp_status_is_valid (status))
                bd_failure_set_status (f, status);
              else if (bounce_type != NULL && g_ascii_strcasecmp (bounce_type, "Permanent") == 0)
                bd_failure_set_status (f, "5.0.0");
              if (diag != NULL && *diag != '\0')
                {
                  const char *d = skip_type (diag, diag + strlen (diag));
                  g_autofree char *dsn_status = g_steal_pointer (&f->status);

                  bd_reader_apply_reply (f, d, strlen (d));
                  if (f->status == NULL)
                    f->status = g_steal_pointer (&dsn_status);
                  f->diagnostic = g_strdup (d);
                }
              if (source != NULL)
                f->sender = bd_reader_address_dup (source, strlen (source));
              bd_reader_add_evidence (f, block, block->text);
              bd_failure_update_permanent (f);
              bd_report_add_failure (report, f);
              added++;
            }
        }
      if (added > 0)
        {
          bd_report_set_format (report, "dsn", "amazonses");
          return TRUE;
        }
    }
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* ARF                                                                  */

static gboolean
is_feedback (BdDocument *doc)
{
  const char *ct = bd_document_get_header (doc, "Content-Type");

  if (bd_document_find_block (doc, BD_BLOCK_FEEDBACK) != NULL)
    return TRUE;
  if (ct != NULL && bd_reader_find_ci (ct, strlen (ct), "feedback-report") != NULL)
    return TRUE;
  /* feedback loops that send the fields in a text part; Microsoft's JMRP
   * complaints that only return the message with its original recipient */
  for (guint i = 0; i < doc->blocks->len; i++)
    {
      BdBlock *block = g_ptr_array_index (doc->blocks, i);
      gsize n = MIN (block->len, 4096);
      if (block->kind == BD_BLOCK_RETURNED &&
          memmem (block->text, n, "X-HmXmrOriginalRecipient:", 25) != NULL)
        return TRUE;
      if (block->kind == BD_BLOCK_BODY &&
          bd_reader_find_ci (block->text, n, "Feedback-Type:") != NULL &&
          bd_reader_find_ci (block->text, n, "User-Agent:") != NULL)
        return TRUE;
    }
  return FALSE;
}

gboolean
bd_reader_dsn (BdDocument *doc,
               BdReport   *report)
{
  g_return_val_if_fail (doc != NULL, FALSE);
  g_return_val_if_fail (report != NULL, FALSE);

  if (is_feedback (doc))
    {
      bd_report_set_format (report, "arf", NULL);
      bd_failure_set_string (&report->not_failure, "feedback", -1);
      return TRUE;
    }

  if (read_delivery_status (doc, report))
    return TRUE;

  if (read_ses_json (doc, report))
    return TRUE;

  if (bd_reader_is_auto_reply (doc))
    {
      bd_report_set_format (report, "auto-reply", NULL);
      bd_failure_set_string (&report->not_failure, "auto-reply", -1);
      return TRUE;
    }

  return FALSE;
}
