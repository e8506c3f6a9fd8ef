/* bd-log.c: streaming readers for server logs and SMTP transcripts
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every line is dispatched on its shape (MDaemon, syslog Postfix/Sendmail,
 * Exim main log, or SMTP transcript when asked for), so a mixed log works.
 * No GRegex, no per-line allocation on the common paths; state per queue id
 * lives in a bounded hash table with LRU eviction.
 */

#include <string.h>

#include "bd-log.h"
#include "bd-smtp.h"
#include "bd-text-private.h"

#define BD_LOG_MAX_QUEUE     100000  /* queue ids kept at once */
#define BD_LOG_MAX_SAVED     16      /* evidence lines kept per session */
#define BD_LOG_MAX_RCPTS     64      /* accepted recipients per session */
#define BD_LOG_MAX_DEFERRED  16      /* pending deferrals per queue id */
#define BD_LOG_MAX_TEXT      2048    /* bytes kept of an evidence line */
#define BD_LOG_MAX_FIELD     512     /* bytes kept of a short field */
#define BD_LOG_MAX_REPLY     4096    /* bytes kept of a multi-line reply */
#define BD_LOG_MAX_DETECT    (64 * 1024)

/* A saved line, raw bytes (validated as UTF-8 only when it becomes evidence). */
typedef struct
{
  guint  line;
  guint  len;
  char  *text;
} BdLogLine;

/* An SMTP conversation: an MDaemon session or a transcript. */
typedef struct
{
  gboolean   active;
  gboolean   outbound;
  gboolean   greeted;
  gboolean   failed;
  gboolean   in_data;
  gboolean   seen_reply;
  BdStage    expect;
  BdStage    cmd_stage;
  char      *client_ip;
  char      *remote_host;
  char      *remote_ip;
  char      *helo;
  char      *sender;
  char      *rcpt_pending;
  GPtrArray *rcpts;
  gint64     size;
  guint      section;      /* 0 none, 1 PTR, 2 DNSBL, 3 SPF */
  GArray    *saved;        /* of BdLogLine */
  GString   *reply;        /* multi-line reply being read */
  GArray    *reply_lines;  /* of BdLogLine */
  BdLogLine  cmd_line;
} BdSession;

typedef struct
{
  GList      link;         /* in BdLogScanner.lru, data = this */
  char      *id;
  char      *sender;
  char      *client_ip;
  char      *helo;
  gint64     size;
  BdLogLine  from_line;
  GPtrArray *deferred;     /* pending BdFailure, one per recipient */
} BdQueueEntry;

struct _BdLogScanner
{
  BdReport      *report;
  BdFailureFunc  func;
  gpointer       func_data;
  gboolean       transcript;
  BdSession      md;       /* MDaemon */
  BdSession      tr;       /* transcript */
  GHashTable    *queue;    /* id → BdQueueEntry (Postfix, Exim, Sendmail) */
  GQueue         lru;
  guint          max_queue;
};

/* ------------------------------------------------------------------ */
/* small helpers                                                       */

#define HAS_PREFIX(p, end, lit) \
  ((gsize) ((end) - (p)) >= sizeof (lit) - 1 && memcmp ((p), (lit), sizeof (lit) - 1) == 0)

static inline gboolean
is_digit (char c)
{
  return c >= '0' && c <= '9';
}

static inline gboolean
is_alpha (char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline gboolean
is_alnum (char c)
{
  return is_digit (c) || is_alpha (c);
}

static char *
dup_text (const char *p,
          gsize       len,
          gsize       max)
{
  if (len > max)
    len = max;
  return g_utf8_make_valid (p, len);
}

static void
set_field (char       **field,
           const char  *p,
           gsize        len)
{
  g_free (*field);
  *field = p != NULL ? dup_text (p, len, BD_LOG_MAX_FIELD) : NULL;
}

static char *
dup_addr (const char *p,
          gsize       len)
{
  g_autofree char *s = NULL;

  while (len > 0 && (*p == '<' || *p == ' '))
    {
      p++;
      len--;
    }
  while (len > 0 && (p[len - 1] == '>' || p[len - 1] == ' ' || p[len - 1] == ','))
    len--;
  if (len == 0)
    return NULL;
  s = dup_text (p, len, BD_LOG_MAX_FIELD);
  return g_ascii_strdown (s, -1);
}

/* The address inside the first "<…>" of [p, end) or NULL. */
static char *
addr_in_brackets (const char *p,
                  const char *end)
{
  const char *lt = memchr (p, '<', end - p);
  const char *gt;

  if (lt == NULL)
    return NULL;
  gt = memchr (lt, '>', end - lt);
  if (gt == NULL || gt - lt < 4 || memchr (lt, '@', gt - lt) == NULL)
    return NULL;
  return dup_addr (lt + 1, gt - lt - 1);
}

static void
trim (const char **p,
      const char **end)
{
  while (*p < *end && (**p == ' ' || **p == '\t'))
    (*p)++;
  while (*end > *p && ((*end)[-1] == ' ' || (*end)[-1] == '\t' || (*end)[-1] == '\r'))
    (*end)--;
}

static void
log_line_clear (BdLogLine *l)
{
  g_clear_pointer (&l->text, g_free);
  l->line = 0;
  l->len = 0;
}

static void
log_line_set (BdLogLine  *l,
              guint       line,
              const char *text,
              gsize       len)
{
  if (len > BD_LOG_MAX_TEXT)
    len = BD_LOG_MAX_TEXT;
  g_free (l->text);
  l->line = line;
  l->len = len;
  l->text = g_malloc (len + 1);
  memcpy (l->text, text, len);
  l->text[len] = '\0';
}

static void
add_evidence (BdFailure       *f,
              const BdLogLine *l)
{
  if (l->text != NULL)
    {
      g_autofree char *t = g_utf8_make_valid (l->text, l->len);
      bd_failure_add_evidence (f, l->line, t, -1);
    }
}

static void
add_evidence_text (BdFailure  *f,
                   guint       line,
                   const char *text,
                   gsize       len)
{
  g_autofree char *s = dup_text (text, len, BD_LOG_MAX_TEXT);

  bd_failure_add_evidence (f, line, s, -1);
}

static void
emit (BdLogScanner *self,
      BdFailure    *f)
{
  if (self->func != NULL)
    self->func (f, self->func_data);
  else if (self->report != NULL)
    bd_report_add_failure (self->report, f);
  else
    bd_failure_free (f);
}

/* Sets reply code, status and diagnostic from a reply found in [p, end). */
static void
fill_reply (BdFailure  *f,
            const char *p,
            const char *end)
{
  BdSmtpReply r;

  if (p >= end)
    return;
  if (bd_smtp_find_reply (p, end - p, &r))
    {
      if (r.code >= 200 && r.code < 600)
        f->reply_code = r.code;
      if (r.status[0] != '\0')
        bd_failure_set_status (f, r.status);
    }
  else
    {
      char st[16];

      if (bd_smtp_find_status (p, end - p, st))
        bd_failure_set_status (f, st);
    }
}

/* ------------------------------------------------------------------ */
/* timestamps                                                          */

/* "Mon 2008-10-20 16:11:36: " (optional ".123"); returns the length
 * including ": " or 0. */
static gsize
md_ts_len (const char *p,
           const char *end)
{
  const char *q;

  if (end - p < 25)
    return 0;
  if (!is_alpha (p[0]) || !is_alpha (p[1]) || !is_alpha (p[2]) || p[3] != ' '
      || !is_digit (p[4]) || !is_digit (p[5]) || !is_digit (p[6]) || !is_digit (p[7])
      || p[8] != '-' || !is_digit (p[9]) || !is_digit (p[10]) || p[11] != '-'
      || !is_digit (p[12]) || !is_digit (p[13]) || p[14] != ' '
      || !is_digit (p[15]) || !is_digit (p[16]) || p[17] != ':'
      || !is_digit (p[18]) || !is_digit (p[19]) || p[20] != ':'
      || !is_digit (p[21]) || !is_digit (p[22]))
    return 0;
  q = p + 23;
  if (q < end && *q == '.')
    {
      q++;
      while (q < end && is_digit (*q) && q - p < 32)
        q++;
    }
  if (q >= end || *q != ':')
    return 0;
  q++;
  if (q < end && *q == ' ')
    q++;
  return q - p;
}

/* "Oct 20 16:11:37" / "Oct  2 16:11:37"; 15 or 0 */
static gsize
bsd_ts_len (const char *p,
            const char *end)
{
  if (end - p < 16)
    return 0;
  if (!is_alpha (p[0]) || !is_alpha (p[1]) || !is_alpha (p[2]) || p[3] != ' '
      || !(p[4] == ' ' || is_digit (p[4])) || !is_digit (p[5]) || p[6] != ' '
      || !is_digit (p[7]) || !is_digit (p[8]) || p[9] != ':'
      || !is_digit (p[10]) || !is_digit (p[11]) || p[12] != ':'
      || !is_digit (p[13]) || !is_digit (p[14]))
    return 0;
  return 15;
}

/* "2024-01-02 10:00:00" or "2024-01-02T10:00:00.123+01:00"; returns the
 * length (without the following space) or 0. *sep receives ' ' or 'T'. */
static gsize
iso_ts_len (const char *p,
            const char *end,
            char       *sep)
{
  const char *q;

  if (end - p < 20)
    return 0;
  if (!is_digit (p[0]) || !is_digit (p[1]) || !is_digit (p[2]) || !is_digit (p[3])
      || p[4] != '-' || !is_digit (p[5]) || !is_digit (p[6]) || p[7] != '-'
      || !is_digit (p[8]) || !is_digit (p[9]) || (p[10] != ' ' && p[10] != 'T')
      || !is_digit (p[11]) || !is_digit (p[12]) || p[13] != ':'
      || !is_digit (p[14]) || !is_digit (p[15]) || p[16] != ':'
      || !is_digit (p[17]) || !is_digit (p[18]))
    return 0;
  *sep = p[10];
  q = p + 19;
  if (q < end && (*q == '.' || *q == ','))
    {
      q++;
      while (q < end && is_digit (*q) && q - p < 40)
        q++;
    }
  if (q < end && (*q == 'Z' || ((*q == '+' || *q == '-') && *sep == 'T')))
    {
      q++;
      while (q < end && (is_digit (*q) || *q == ':') && q - p < 48)
        q++;
    }
  return q - p;
}

/* Parses "<ts> host prog[pid]: msg". */
static gboolean
parse_syslog (const char  *p,
              const char  *end,
              const char **prog,
              gsize       *prog_len,
              const char **msg)
{
  gsize n = bsd_ts_len (p, end);
  const char *q, *colon, *tag;
  char sep = 0;

  if (n == 0)
    {
      n = iso_ts_len (p, end, &sep);
      if (n == 0)
        return FALSE;
    }
  q = p + n;
  if (q >= end || *q != ' ')
    return FALSE;
  q++;
  /* host */
  q = memchr (q, ' ', MIN (end - q, 256));
  if (q == NULL)
    return FALSE;
  tag = q + 1;
  colon = memchr (tag, ':', MIN (end - tag, 128));
  if (colon == NULL || colon + 1 >= end || colon[1] != ' ' || colon == tag)
    return FALSE;
  *prog = tag;
  for (q = tag; q < colon && *q != '[' && *q != ' '; q++)
    ;
  if (q < colon && *q == ' ')
    return FALSE;
  *prog_len = q - tag;
  *msg = colon + 2;
  return TRUE;
}

/* Exim message id: "1rKxyz-000abc-12" or "1rKxyz-0000000abcd-1234"; returns
 * its length or 0. */
static gsize
exim_id_len (const char *p,
             const char *end)
{
  const char *q = p;
  gsize a = 0, b = 0, c = 0;

  while (q < end && is_alnum (*q) && a < 8)
    q++, a++;
  if (a != 6 || q >= end || *q != '-')
    return 0;
  q++;
  while (q < end && is_alnum (*q) && b < 12)
    q++, b++;
  if ((b != 6 && b != 11) || q >= end || *q != '-')
    return 0;
  q++;
  while (q < end && is_alnum (*q) && c < 5)
    q++, c++;
  if ((c != 2 && c != 4) || (q < end && *q != ' '))
    return 0;
  return q - p;
}

/* After an Exim timestamp: skip ".123", " +0100", " [1234]". */
static const char *
exim_skip_prefix (const char *p,
                  const char *end)
{
  char sep;
  gsize n = iso_ts_len (p, end, &sep);

  if (n == 0 || sep != ' ')
    return NULL;
  p += n;
  if (p + 1 < end && *p == ' ' && (p[1] == '+' || p[1] == '-') && end - p > 6
      && is_digit (p[2]) && is_digit (p[5]))
    p += 6;
  if (p + 1 < end && *p == ' ' && p[1] == '[')
    {
      const char *q = memchr (p, ']', MIN (end - p, 24));
      if (q != NULL)
        p = q + 1;
    }
  if (p >= end || *p != ' ')
    return NULL;
  return p + 1;
}

/* ------------------------------------------------------------------ */
/* SMTP sessions (MDaemon and transcripts)                             */

static void
session_reset (BdSession *s)
{
  s->active = FALSE;
  s->outbound = FALSE;
  s->greeted = FALSE;
  s->failed = FALSE;
  s->in_data = FALSE;
  s->seen_reply = FALSE;
  s->expect = BD_STAGE_CONNECT;
  s->cmd_stage = BD_STAGE_UNKNOWN;
  g_clear_pointer (&s->client_ip, g_free);
  g_clear_pointer (&s->remote_host, g_free);
  g_clear_pointer (&s->remote_ip, g_free);
  g_clear_pointer (&s->helo, g_free);
  g_clear_pointer (&s->sender, g_free);
  g_clear_pointer (&s->rcpt_pending, g_free);
  if (s->rcpts != NULL)
    g_ptr_array_set_size (s->rcpts, 0);
  s->size = -1;
  s->section = 0;
  if (s->saved != NULL)
    g_array_set_size (s->saved, 0);
  if (s->reply != NULL)
    g_string_truncate (s->reply, 0);
  if (s->reply_lines != NULL)
    g_array_set_size (s->reply_lines, 0);
  log_line_clear (&s->cmd_line);
}

static void
session_init (BdSession *s)
{
  memset (s, 0, sizeof *s);
  s->rcpts = g_ptr_array_new_with_free_func (g_free);
  s->saved = g_array_new (FALSE, TRUE, sizeof (BdLogLine));
  g_array_set_clear_func (s->saved, (GDestroyNotify) log_line_clear);
  s->reply = g_string_new (NULL);
  s->reply_lines = g_array_new (FALSE, TRUE, sizeof (BdLogLine));
  g_array_set_clear_func (s->reply_lines, (GDestroyNotify) log_line_clear);
  session_reset (s);
}

static void
session_clear (BdSession *s)
{
  session_reset (s);
  g_ptr_array_unref (s->rcpts);
  g_array_unref (s->saved);
  g_string_free (s->reply, TRUE);
  g_array_unref (s->reply_lines);
}

static void
session_save (BdSession  *s,
              guint       line,
              const char *text,
              gsize       len)
{
  BdLogLine l = { 0, 0, NULL };

  if (s->saved->len >= BD_LOG_MAX_SAVED)
    return;
  log_line_set (&l, line, text, len);
  g_array_append_val (s->saved, l);
}

/* The failure for one recipient of a failing reply. */
static void
session_emit (BdLogScanner *self,
              BdSession    *s,
              BdStage       stage,
              guint         code,
              const char   *status,
              const char   *diag,
              const char   *recipient)
{
  BdFailure *f = bd_failure_new ();

  f->stage = stage;
  f->reply_code = code;
  if (status != NULL && status[0] != '\0')
    bd_failure_set_status (f, status);
  f->recipient = g_strdup (recipient);
  f->sender = g_strdup (s->sender);
  f->client_ip = g_strdup (s->client_ip);
  f->remote_host = g_strdup (s->remote_host);
  f->remote_ip = g_strdup (s->remote_ip);
  f->helo = g_strdup (s->helo);
  f->size = s->size;
  if (diag != NULL && diag[0] != '\0')
    f->diagnostic = g_strdup (diag);
  f->permanent = FALSE;
  bd_failure_update_permanent (f);
  for (guint i = 0; i < s->saved->len; i++)
    add_evidence (f, &g_array_index (s->saved, BdLogLine, i));
  add_evidence (f, &s->cmd_line);
  for (guint i = 0; i < s->reply_lines->len; i++)
    add_evidence (f, &g_array_index (s->reply_lines, BdLogLine, i));
  emit (self, f);
}

static void
session_failure (BdLogScanner *self,
                 BdSession    *s,
                 BdStage       stage,
                 guint         code,
                 const char   *status,
                 const char   *diag,
                 const char   *reply_text,
                 gsize         reply_len)
{
  if (stage == BD_STAGE_RCPT)
    {
      g_autofree char *rcpt = NULL;

      if (s->rcpt_pending == NULL && reply_text != NULL)
        rcpt = addr_in_brackets (reply_text, reply_text + reply_len);
      session_emit (self, s, stage, code, status, diag,
                    s->rcpt_pending != NULL ? s->rcpt_pending : rcpt);
      g_clear_pointer (&s->rcpt_pending, g_free);
    }
  else if (stage == BD_STAGE_DATA && s->rcpts->len > 0)
    {
      for (guint i = 0; i < s->rcpts->len; i++)
        session_emit (self, s, stage, code, status, diag, g_ptr_array_index (s->rcpts, i));
    }
  else
    {
      session_emit (self, s, stage, code, status, diag, NULL);
    }
  s->failed = TRUE;
  if (stage == BD_STAGE_DATA || stage == BD_STAGE_MAIL)
    {
      g_ptr_array_set_size (s->rcpts, 0);
      s->in_data = FALSE;
      s->expect = BD_STAGE_MAIL;
    }
}

static void
session_command (BdSession  *s,
                 const char *cmd,
                 const char *end,
                 guint       lineno,
                 const char *line,
                 gsize       len)
{
  BdStage st;

  trim (&cmd, &end);
  st = bd_smtp_stage_from_command (cmd, end - cmd);
  s->active = TRUE;
  s->cmd_stage = st;
  if (st == BD_STAGE_UNKNOWN)
    {
      /* QUIT, RSET, NOOP … */
      if (HAS_PREFIX (cmd, end, "RSET") || HAS_PREFIX (cmd, end, "rset"))
        {
          g_ptr_array_set_size (s->rcpts, 0);
          s->in_data = FALSE;
        }
      log_line_clear (&s->cmd_line);
      return;
    }
  log_line_set (&s->cmd_line, lineno, line, len);
  switch (st)
    {
    case BD_STAGE_HELO:
      if (!s->outbound && end - cmd > 5)
        {
          const char *a = cmd + 5;
          trim (&a, &end);
          if (a < end)
            set_field (&s->helo, a, end - a);
        }
      break;
    case BD_STAGE_MAIL:
      g_clear_pointer (&s->sender, g_free);
      s->sender = addr_in_brackets (cmd, end);
      g_ptr_array_set_size (s->rcpts, 0);
      break;
    case BD_STAGE_RCPT:
      g_free (s->rcpt_pending);
      s->rcpt_pending = addr_in_brackets (cmd, end);
      break;
    case BD_STAGE_UNKNOWN:
    case BD_STAGE_CONNECT:
    case BD_STAGE_DATA:
    case BD_STAGE_AUTH:
    case BD_STAGE_STARTTLS:
    default:
      break;
    }
}

static void
session_accept_rcpt (BdSession *s,
                     char      *addr)
{
  if (addr == NULL)
    return;
  for (guint i = 0; i < s->rcpts->len; i++)
    if (strcmp (g_ptr_array_index (s->rcpts, i), addr) == 0)
      {
        g_free (addr);
        return;
      }
  if (s->rcpts->len < BD_LOG_MAX_RCPTS)
    g_ptr_array_add (s->rcpts, addr);
  else
    g_free (addr);
}

/* A positive reply: move the expected stage along. */
static void
session_positive (BdSession  *s,
                  guint       code,
                  const char *text,
                  const char *end)
{
  BdStage st = s->cmd_stage;

  if (code == 220 && !s->greeted && st == BD_STAGE_UNKNOWN)
    {
      s->greeted = TRUE;
      s->expect = BD_STAGE_HELO;
      return;
    }
  s->greeted = TRUE;
  if (st == BD_STAGE_UNKNOWN)
    {
      /* Commands were not logged: guess them from the reply. */
      if (code == 354)
        st = BD_STAGE_DATA;
      else if (s->in_data)
        st = BD_STAGE_DATA;
      else if (bd_text_find_ci (text, end, "hello") != NULL || bd_text_find_ci (text, end, "pleased") != NULL)
        st = BD_STAGE_HELO;
      else if (bd_text_find_ci (text, end, "sender ok") != NULL)
        st = BD_STAGE_MAIL;
      else if (bd_text_find_ci (text, end, "recipient ok") != NULL)
        st = BD_STAGE_RCPT;
      else if (code == 334 || code == 235)
        st = BD_STAGE_AUTH;
      else
        st = s->expect;
      if (st == BD_STAGE_HELO && s->helo == NULL)
        {
          const char *h = bd_text_find_ci (text, end, "hello ");
          if (h != NULL)
            {
              const char *a = h + 6, *b;
              for (b = a; b < end && *b != ',' && *b != ' '; b++)
                ;
              if (b > a)
                set_field (&s->helo, a, b - a);
            }
        }
    }
  switch (st)
    {
    case BD_STAGE_HELO:
    case BD_STAGE_AUTH:
      s->expect = BD_STAGE_MAIL;
      break;
    case BD_STAGE_STARTTLS:
      s->expect = BD_STAGE_HELO;
      break;
    case BD_STAGE_MAIL:
      g_ptr_array_set_size (s->rcpts, 0);
      if (s->cmd_stage == BD_STAGE_UNKNOWN)
        {
          char *a = addr_in_brackets (text, end);
          if (a != NULL)
            {
              g_free (s->sender);
              s->sender = a;
            }
        }
      s->expect = BD_STAGE_RCPT;
      break;
    case BD_STAGE_RCPT:
      if (s->rcpt_pending != NULL)
        session_accept_rcpt (s, g_steal_pointer (&s->rcpt_pending));
      else
        session_accept_rcpt (s, addr_in_brackets (text, end));
      s->expect = BD_STAGE_DATA;
      break;
    case BD_STAGE_DATA:
      if (code == 354)
        {
          s->in_data = TRUE;
          s->expect = BD_STAGE_DATA;
        }
      else
        {
          /* message accepted: the transaction is over */
          s->in_data = FALSE;
          g_ptr_array_set_size (s->rcpts, 0);
          s->size = s->outbound ? s->size : -1;
          s->expect = BD_STAGE_MAIL;
        }
      break;
    case BD_STAGE_UNKNOWN:
    case BD_STAGE_CONNECT:
    default:
      break;
    }
}

/* One reply line ("550-…" or "550 …"); @p points at the code. */
static void
session_reply (BdLogScanner *self,
               BdSession    *s,
               const char   *p,
               const char   *end,
               guint         lineno,
               const char   *line,
               gsize         len)
{
  guint code;
  gboolean last;
  BdLogLine l = { 0, 0, NULL };

  trim (&p, &end);
  if (end - p < 3 || !is_digit (p[0]) || !is_digit (p[1]) || !is_digit (p[2]))
    return;
  code = (p[0] - '0') * 100 + (p[1] - '0') * 10 + (p[2] - '0');
  last = end - p == 3 || p[3] != '-';
  s->active = TRUE;
  s->seen_reply = TRUE;

  if (code >= 400)
    {
      if (s->reply->len < BD_LOG_MAX_REPLY)
        {
          if (s->reply->len > 0)
            g_string_append_c (s->reply, '\n');
          g_string_append_len (s->reply, p, MIN ((gsize) (end - p), BD_LOG_MAX_REPLY));
        }
      if (s->reply_lines->len < BD_LOG_MAX_SAVED)
        {
          log_line_set (&l, lineno, line, len);
          g_array_append_val (s->reply_lines, l);
        }
    }
  if (!last)
    return;

  if (code < 400)
    {
      session_positive (s, code, p + 3, end);
    }
  else if (!((code == 503 || code == 421 || code == 554) && s->failed && s->cmd_stage == BD_STAGE_UNKNOWN)
           && !(code == 503 && s->failed))
    {
      BdStage stage = s->cmd_stage;
      BdSmtpReply r;
      g_autofree char *diag = NULL;
      char status[16] = "";

      if (stage == BD_STAGE_UNKNOWN)
        stage = s->greeted ? s->expect : BD_STAGE_CONNECT;
      s->greeted = TRUE;
      diag = bd_smtp_unfold (s->reply->str, s->reply->len);
      if (bd_smtp_find_reply (s->reply->str, s->reply->len, &r) && r.status[0] != '\0')
        memcpy (status, r.status, sizeof status);
      /* the diagnostic is the server's words without the codes */
      if (diag != NULL)
        {
          const char *d = diag;
          if (strlen (d) > 4 && is_digit (d[0]) && is_digit (d[1]) && is_digit (d[2])
              && (d[3] == ' ' || d[3] == '-'))
            d += 4;
          if (status[0] != '\0' && strncmp (d, status, strlen (status)) == 0)
            d += strlen (status);
          while (*d == ' ')
            d++;
          if (d != diag)
            memmove (diag, d, strlen (d) + 1);
        }
      session_failure (self, s, stage, code, status, diag, s->reply->str, s->reply->len);
    }
  g_string_truncate (s->reply, 0);
  g_array_set_size (s->reply_lines, 0);
  s->cmd_stage = BD_STAGE_UNKNOWN;
  log_line_clear (&s->cmd_line);
}

/* A failure that has no reply (connection refused, timeout). */
static void
session_no_reply (BdLogScanner *self,
                  BdSession    *s,
                  BdStage       stage,
                  const char   *text,
                  const char   *end,
                  guint         lineno,
                  const char   *line,
                  gsize         len)
{
  g_autofree char *diag = NULL;

  trim (&text, &end);
  diag = dup_text (text, end - text, BD_LOG_MAX_REPLY);
  g_array_set_size (s->reply_lines, 0);
  g_string_truncate (s->reply, 0);
  session_save (s, lineno, line, len);
  session_failure (self, s, stage, 0, NULL, diag, NULL, 0);
}

/* ------------------------------------------------------------------ */
/* MDaemon                                                             */

static gboolean
is_reply_start (const char *p,
                const char *end)
{
  return end - p >= 3 && p[0] >= '2' && p[0] <= '5' && is_digit (p[1]) && is_digit (p[2])
         && (end - p == 3 || p[3] == ' ' || p[3] == '-');
}

static void
mdaemon_event (BdLogScanner *self,
               const char   *line,
               const char   *end,
               guint         lineno)
{
  BdSession *s = &self->md;
  gsize ts = md_ts_len (line, end);
  const char *p = line + ts;
  gsize len;

  /* the evidence text is the event without trailing blanks */
  while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
    end--;
  len = end - line;
  if (p >= end)
    return;
  /* newer versions: "[1234:5678] " session tags */
  if (*p == '[' && end - p > 3 && is_digit (p[1]))
    {
      const char *q = memchr (p, ']', MIN (end - p, 32));
      if (q != NULL && q + 1 < end && q[1] == ' ')
        p = q + 2;
    }

  switch (*p)
    {
    case '-':
      if (HAS_PREFIX (p, end, "--> "))
        {
          p += 4;
          /* MDaemon marks what it sent: replies when it is the server */
          if (is_reply_start (p, end) && !s->outbound)
            session_reply (self, s, p, end, lineno, line, len);
          else
            session_command (s, p, end, lineno, line, len);
          return;
        }
      if (HAS_PREFIX (p, end, "----"))
        {
          if (HAS_PREFIX (p, end, "---- End"))
            s->section = 0;
          else if (s->active)
            session_reset (s);
          return;
        }
      break;
    case '<':
      if (HAS_PREFIX (p, end, "<-- "))
        {
          p += 4;
          if (is_reply_start (p, end))
            session_reply (self, s, p, end, lineno, line, len);
          else
            session_command (s, p, end, lineno, line, len);
          return;
        }
      break;
    case '*':
      if (s->section == 1 && (bd_text_find (p, end, "No PTR") != NULL || HAS_PREFIX (p, end, "* Error")))
        session_save (s, lineno, line, len);
      else if (s->section == 2 && end - p > 9 && memcmp (end - 9, " - failed", 9) == 0)
        session_save (s, lineno, line, len);
      else if (s->section == 3 && HAS_PREFIX (p, end, "* Result: ")
               && !HAS_PREFIX (p + 10, end, "pass") && !HAS_PREFIX (p + 10, end, "none")
               && !HAS_PREFIX (p + 10, end, "neutral"))
        session_save (s, lineno, line, len);
      return;
    case 'S':
      if (HAS_PREFIX (p, end, "Session "))
        {
          session_reset (s);
          s->active = TRUE;
          return;
        }
      if (HAS_PREFIX (p, end, "SMTP session "))
        {
          session_reset (s);
          return;
        }
      break;
    case 'A':
      if (HAS_PREFIX (p, end, "Accepting SMTP connection from [")
          || HAS_PREFIX (p, end, "Attempting SMTP connection to ["))
        {
          gboolean out = p[1] == 't';
          const char *a = (const char *) memchr (p, '[', end - p) + 1, *b;

          if (s->greeted || s->client_ip != NULL || s->remote_host != NULL)
            session_reset (s);
          s->active = TRUE;
          s->outbound = out;
          for (b = a; b < end && *b != ' ' && *b != ']'; b++)
            ;
          if (!out)
            set_field (&s->client_ip, a, b - a);
          else
            {
              const char *c = memchr (a, ':', b - a);
              /* "[host:25]" or "[192.0.2.8 : 25]" */
              if (c != NULL && memchr (c + 1, ':', b - c - 1) == NULL)
                b = c;
              set_field (&s->remote_host, a, b - a);
              if (g_hostname_is_ip_address (s->remote_host))
                s->remote_ip = g_strdup (s->remote_host);
            }
          session_save (s, lineno, line, len);
          return;
        }
      break;
    case 'P':
      if (HAS_PREFIX (p, end, "Performing "))
        {
          p += 11;
          if (HAS_PREFIX (p, end, "PTR"))
            s->section = 1;
          else if (HAS_PREFIX (p, end, "DNS-BL") || HAS_PREFIX (p, end, "DNSBL"))
            s->section = 2;
          else if (HAS_PREFIX (p, end, "SPF"))
            s->section = 3;
          else
            s->section = 0;
          return;
        }
      break;
    case 'M':
      if (HAS_PREFIX (p, end, "Message size: "))
        {
          gint64 n = 0;
          const char *q = p + 14;
          while (q < end && is_digit (*q) && n < G_MAXINT64 / 20)
            n = n * 10 + (*q++ - '0');
          if (q > p + 14)
            s->size = n;
          session_save (s, lineno, line, len);
          return;
        }
      break;
    default:
      break;
    }
  /* In forum pastes the "<-- cmd … -->" part often got lost as an HTML tag
   * and only the reply code is left. */
  if (is_reply_start (p, end) && s->active)
    session_reply (self, s, p, end, lineno, line, len);
}

static gboolean
md_ts_at (const char *q,
          const char *start,
          const char *end)
{
  /* q points at the '-' after the year: "Mon 2008-…" starts at q - 8 */
  return q - start >= 8 && q[-5] == ' ' && md_ts_len (q - 8, end) != 0;
}

static void
mdaemon_line (BdLogScanner *self,
              const char   *line,
              const char   *end,
              guint         lineno)
{
  /* A pasted log may have many events joined on one line. */
  const char *start = line;
  const char *q = line + 25;

  while (q < end)
    {
      const char *dash = memchr (q, '-', end - q);
      const char *seg_end;

      if (dash == NULL)
        break;
      if (!md_ts_at (dash, start, end) || dash - 8 <= start)
        {
          q = dash + 1;
          continue;
        }
      seg_end = dash - 8;
      mdaemon_event (self, start, seg_end, lineno);
      start = seg_end;
      q = start + 25;
    }
  mdaemon_event (self, start, end, lineno);
}

/* ------------------------------------------------------------------ */
/* queue-id table (Postfix, Exim, Sendmail)                            */

static void
queue_entry_free (BdQueueEntry *e)
{
  g_free (e->id);
  g_free (e->sender);
  g_free (e->client_ip);
  g_free (e->helo);
  log_line_clear (&e->from_line);
  if (e->deferred != NULL)
    g_ptr_array_unref (e->deferred);
  g_free (e);
}

static BdQueueEntry *
queue_lookup (BdLogScanner *self,
              const char   *id,
              gsize         len,
              gboolean      create)
{
  char key[48];
  BdQueueEntry *e;

  if (len == 0 || len >= sizeof key)
    return NULL;
  memcpy (key, id, len);
  key[len] = '\0';
  e = g_hash_table_lookup (self->queue, key);
  if (e != NULL || !create)
    return e;

  e = g_new0 (BdQueueEntry, 1);
  e->id = g_strndup (key, len);
  e->size = -1;
  e->link.data = e;
  g_hash_table_insert (self->queue, e->id, e);
  g_queue_push_tail_link (&self->lru, &e->link);
  while (self->lru.length > self->max_queue)
    {
      BdQueueEntry *old = self->lru.head->data;
      g_assert (old != e);
      /* flushes pending deferrals */
      g_queue_unlink (&self->lru, &old->link);
      if (old->deferred != NULL)
        for (guint i = 0; i < old->deferred->len; i++)
          emit (self, g_steal_pointer (&old->deferred->pdata[i]));
      g_hash_table_remove (self->queue, old->id);
      queue_entry_free (old);
    }
  return e;
}

static void
queue_remove (BdLogScanner *self,
              BdQueueEntry *e)
{
  g_queue_unlink (&self->lru, &e->link);
  if (e->deferred != NULL)
    for (guint i = 0; i < e->deferred->len; i++)
      emit (self, g_steal_pointer (&e->deferred->pdata[i]));
  g_hash_table_remove (self->queue, e->id);
  queue_entry_free (e);
}

static void
queue_fill (BdFailure    *f,
            BdQueueEntry *e)
{
  if (e == NULL)
    return;
  if (f->sender == NULL)
    f->sender = g_strdup (e->sender);
  if (f->client_ip == NULL)
    f->client_ip = g_strdup (e->client_ip);
  if (f->helo == NULL)
    f->helo = g_strdup (e->helo);
  if (f->size < 0)
    f->size = e->size;
  add_evidence (f, &e->from_line);
}

/* A delivery outcome for @rcpt: "bounced" emits now, "deferred" waits
 * (a later deferral replaces it, a success drops it). */
static void
queue_outcome (BdLogScanner *self,
               BdQueueEntry *e,
               const char   *rcpt,
               BdFailure    *f)
{
  if (e != NULL && e->deferred != NULL && rcpt != NULL)
    {
      for (guint i = 0; i < e->deferred->len; i++)
        {
          BdFailure *old = e->deferred->pdata[i];
          if (g_strcmp0 (old->recipient, rcpt) == 0)
            {
              g_ptr_array_remove_index (e->deferred, i);
              break;
            }
        }
    }
  if (f == NULL)
    return;
  if (f->permanent || e == NULL || rcpt == NULL)
    {
      emit (self, f);
      return;
    }
  if (e->deferred == NULL)
    e->deferred = g_ptr_array_new_with_free_func ((GDestroyNotify) bd_failure_free);
  if (e->deferred->len >= BD_LOG_MAX_DEFERRED)
    emit (self, f);
  else
    g_ptr_array_add (e->deferred, f);
}

/* "name[1.2.3.4]:25" or "name[1.2.3.4]" */
static void
parse_host_ip (const char  *p,
               const char  *end,
               char       **host,
               char       **ip)
{
  const char *lb = memchr (p, '[', end - p);
  const char *rb;

  if (lb == NULL)
    {
      if (end > p && host != NULL)
        set_field (host, p, end - p);
      return;
    }
  rb = memchr (lb, ']', end - lb);
  if (rb == NULL)
    return;
  while (lb > p && lb[-1] == ' ')
    lb--;
  if (host != NULL && lb > p && !(lb - p == 7 && memcmp (p, "unknown", 7) == 0))
    set_field (host, p, lb - p);
  lb = memchr (lb, '[', end - lb);
  if (ip != NULL && rb > lb + 1)
    set_field (ip, lb + 1, rb - lb - 1);
}

/* Value of "key=" up to @stop (',' or ' ' or ';'), searched in [p, end). */
static gboolean
find_value (const char  *p,
            const char  *end,
            const char  *key,
            char         stop,
            const char **v,
            const char **v_end)
{
  const char *k = bd_text_find (p, end, key);

  if (k == NULL)
    return FALSE;
  *v = k + strlen (key);
  *v_end = memchr (*v, stop, end - *v);
  if (*v_end == NULL)
    *v_end = end;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Postfix                                                             */

static BdStage
stage_from_reject (const char *p,
                   const char *end)
{
  if (HAS_PREFIX (p, end, "RCPT"))
    return BD_STAGE_RCPT;
  if (HAS_PREFIX (p, end, "MAIL"))
    return BD_STAGE_MAIL;
  if (HAS_PREFIX (p, end, "DATA") || HAS_PREFIX (p, end, "END-OF-MESSAGE") || HAS_PREFIX (p, end, "BDAT"))
    return BD_STAGE_DATA;
  if (HAS_PREFIX (p, end, "CONNECT"))
    return BD_STAGE_CONNECT;
  if (HAS_PREFIX (p, end, "EHLO") || HAS_PREFIX (p, end, "HELO"))
    return BD_STAGE_HELO;
  if (HAS_PREFIX (p, end, "AUTH"))
    return BD_STAGE_AUTH;
  if (HAS_PREFIX (p, end, "STARTTLS"))
    return BD_STAGE_STARTTLS;
  return BD_STAGE_UNKNOWN;
}

/* "reject: RCPT from host[ip]: 554 5.7.1 …; from=<x> to=<a> proto=ESMTP helo=<pc1>" */
static void
postfix_reject (BdLogScanner *self,
                BdQueueEntry *e,
                const char   *p,
                const char   *end,
                const char   *line,
                gsize         len,
                guint         lineno)
{
  BdFailure *f;
  const char *from, *colon, *diag_end, *q, *v, *ve;

  f = bd_failure_new ();
  f->stage = stage_from_reject (p, end);
  from = bd_text_find (p, MIN (end, p + 40), " from ");
  if (from != NULL)
    {
      from += 6;
      colon = bd_text_find (from, end, "]: ");
      if (colon != NULL)
        {
          parse_host_ip (from, colon + 1, NULL, &f->client_ip);
          p = colon + 3;
        }
      else if ((colon = bd_text_find (from, end, ": ")) != NULL)
        p = colon + 2;
    }
  /* the trailer starts at the last "; from=<" */
  diag_end = end;
  for (q = p; (q = bd_text_find (q, end, "; from=<")) != NULL; q++)
    diag_end = q;
  if (diag_end < end)
    {
      if (find_value (diag_end, end, "from=<", '>', &v, &ve) && ve > v)
        f->sender = dup_addr (v, ve - v);
      if (find_value (diag_end, end, " to=<", '>', &v, &ve) && ve > v)
        f->recipient = dup_addr (v, ve - v);
      if (find_value (diag_end, end, " helo=<", '>', &v, &ve) && ve > v)
        set_field (&f->helo, v, ve - v);
    }
  fill_reply (f, p, diag_end);
  {
    BdSmtpReply r;
    const char *d = p;
    if (bd_smtp_find_reply (p, diag_end - p, &r) && r.start == p)
      d = r.text;
    set_field (&f->diagnostic, d, diag_end - d);
  }
  bd_failure_update_permanent (f);
  if (f->reply_code == 0 && f->status == NULL)
    f->permanent = TRUE;
  queue_fill (f, e);
  add_evidence_text (f, lineno, line, len);
  emit (self, f);
}

/* "to=<a@b>, relay=…, delay=…, dsn=5.1.1, status=bounced (…)" */
static void
mta_delivery (BdLogScanner *self,
              BdQueueEntry *e,
              const char   *p,
              const char   *end,
              const char   *line,
              gsize         len,
              guint         lineno,
              gboolean      sendmail)
{
  const char *v, *ve, *st, *st_end, *text = NULL, *text_end = end;
  g_autofree char *rcpt = NULL;
  gboolean bounced, deferred;
  BdFailure *f;

  /* to=<a@b> or to=a@b */
  v = p + 3;
  ve = v;
  while (ve < end && *ve != ' ' && !(*ve == ',' && (ve + 1 >= end || ve[1] == ' ')))
    ve++;
  if (sendmail)
    {
      const char *c = memchr (v, ',', ve - v);
      if (c != NULL)
        ve = c;
    }
  rcpt = dup_addr (v, ve - v);

  if (sendmail)
    {
      if (!find_value (ve, end, "stat=", '\0', &st, &st_end))
        return;
      st_end = end;
      bounced = !HAS_PREFIX (st, end, "Sent") && !HAS_PREFIX (st, end, "Deferred");
      deferred = HAS_PREFIX (st, end, "Deferred");
      text = st;
      if (deferred)
        {
          text += 8;
          if (text < end && *text == ':')
            text++;
        }
      while (text < end && *text == ' ')
        text++;
    }
  else
    {
      if (!find_value (ve, end, ", status=", ' ', &st, &st_end))
        return;
      bounced = HAS_PREFIX (st, end, "bounced") || HAS_PREFIX (st, end, "undeliverable")
                || HAS_PREFIX (st, end, "expired");
      deferred = HAS_PREFIX (st, end, "deferred");
      if (st_end < end && st_end + 1 < end && st_end[1] == '(')
        {
          text = st_end + 2;
          if (end > text && end[-1] == ')')
            text_end = end - 1;
        }
    }

  if (!bounced && !deferred)
    {
      if (e != NULL)
        queue_outcome (self, e, rcpt, NULL);
      return;
    }

  f = bd_failure_new ();
  f->recipient = g_steal_pointer (&rcpt);
  f->permanent = bounced;
  if (find_value (ve, end, "relay=", ',', &v, &ve))
    {
      if (!HAS_PREFIX (v, ve, "none") && !HAS_PREFIX (v, ve, "local"))
        {
          parse_host_ip (v, ve, &f->remote_host, &f->remote_ip);
          if (f->remote_host != NULL)
            {
              gsize n = strlen (f->remote_host);
              if (n > 1 && f->remote_host[n - 1] == '.')
                f->remote_host[n - 1] = '\0';
            }
        }
    }
  if (find_value (p, end, "dsn=", ',', &v, &ve) && ve - v < 16)
    {
      char st16[16], out[16];
      memcpy (st16, v, ve - v);
      st16[ve - v] = '\0';
      if (bd_smtp_find_status (st16, -1, out))
        bd_failure_set_status (f, out);
    }
  if (text != NULL && text < text_end)
    {
      const char *said = bd_text_find (text, text_end, " said: ");
      const char *d = text, *d_end = text_end, *irt;
      BdSmtpReply r;

      if (said != NULL)
        {
          d = said + 7;
          if (f->remote_host == NULL)
            parse_host_ip (text + (HAS_PREFIX (text, text_end, "host ") ? 5 : 0), said,
                           &f->remote_host, &f->remote_ip);
        }
      irt = bd_text_find (d, d_end, " (in reply to ");
      if (irt != NULL)
        {
          f->stage = bd_smtp_stage_from_text (irt, d_end - irt);
          d_end = irt;
        }
      else
        f->stage = bd_smtp_stage_from_text (d, d_end - d);
      if (f->stage == BD_STAGE_UNKNOWN
          && (HAS_PREFIX (d, d_end, "connect to ") || bd_text_find (d, d_end, "Connection refused") != NULL
              || bd_text_find (d, d_end, "initial server greeting") != NULL
              || bd_text_find (d, d_end, "Connection timed out") != NULL
              || HAS_PREFIX (d, d_end, "Host unknown")))
        f->stage = BD_STAGE_CONNECT;
      if (said != NULL && bd_smtp_find_reply (d, d_end - d, &r) && r.start == d)
        {
          f->reply_code = r.code;
          if (f->status == NULL && r.status[0] != '\0')
            bd_failure_set_status (f, r.status);
          {
            g_autofree char *u = bd_smtp_unfold (r.text, d_end - r.text);
            f->diagnostic = u != NULL ? dup_text (u, strlen (u), BD_LOG_MAX_REPLY) : NULL;
          }
        }
      else
        {
          if (bd_smtp_find_reply (d, d_end - d, &r) && (r.start == d || r.start[-1] == ' '))
            {
              f->reply_code = r.code;
              if (f->status == NULL && r.status[0] != '\0')
                bd_failure_set_status (f, r.status);
            }
          f->diagnostic = dup_text (d, d_end - d, BD_LOG_MAX_REPLY);
        }
    }
  queue_fill (f, e);
  add_evidence_text (f, lineno, line, len);
  queue_outcome (self, e, f->recipient, f);
}

static void
postfix_line (BdLogScanner *self,
              const char   *prog,
              gsize         prog_len,
              const char   *msg,
              const char   *end,
              const char   *line,
              gsize         len,
              guint         lineno)
{
  const char *id = msg, *id_end, *p;
  BdQueueEntry *e = NULL;

  /* queue id: hex (short) or base-52 long id, followed by ": " */
  for (id_end = id; id_end < end && id_end - id < 32 && is_alnum (*id_end); id_end++)
    ;
  if (id_end == id || id_end + 1 >= end || *id_end != ':' || id_end[1] != ' ')
    return;
  p = id_end + 2;

  if (id_end - id == 7 && memcmp (id, "NOQUEUE", 7) == 0)
    {
      if (HAS_PREFIX (p, end, "reject: "))
        postfix_reject (self, NULL, p + 8, end, line, len, lineno);
      else if (HAS_PREFIX (p, end, "milter-reject: "))
        postfix_reject (self, NULL, p + 15, end, line, len, lineno);
      return;
    }
  if (p >= end)
    return;

  switch (*p)
    {
    case 't':
      if (HAS_PREFIX (p, end, "to="))
        {
          e = queue_lookup (self, id, id_end - id, FALSE);
          mta_delivery (self, e, p, end, line, len, lineno, FALSE);
        }
      break;
    case 'f':
      if (HAS_PREFIX (p, end, "from=<"))
        {
          const char *v = p + 6, *ve = memchr (v, '>', end - v);
          e = queue_lookup (self, id, id_end - id, TRUE);
          if (e == NULL || ve == NULL)
            break;
          if (e->sender == NULL)
            {
              e->sender = dup_addr (v, ve - v);
              if (e->sender == NULL)
                e->sender = g_strdup ("");
            }
          if (HAS_PREFIX (ve, end, ">, size="))
            {
              gint64 n = 0;
              const char *q = ve + 8;
              while (q < end && is_digit (*q) && n < G_MAXINT64 / 20)
                n = n * 10 + (*q++ - '0');
              e->size = n;
              if (e->from_line.text == NULL)
                log_line_set (&e->from_line, lineno, line, MIN (len, (gsize) 512));
            }
        }
      break;
    case 'c':
      if (HAS_PREFIX (p, end, "client="))
        {
          const char *ce = memchr (p, ',', end - p);
          e = queue_lookup (self, id, id_end - id, TRUE);
          if (e != NULL && e->client_ip == NULL)
            parse_host_ip (p + 7, ce != NULL ? ce : end, NULL, &e->client_ip);
        }
      break;
    case 'r':
      if (HAS_PREFIX (p, end, "removed"))
        {
          e = queue_lookup (self, id, id_end - id, FALSE);
          if (e != NULL)
            queue_remove (self, e);
        }
      else if (HAS_PREFIX (p, end, "reject: "))
        postfix_reject (self, queue_lookup (self, id, id_end - id, FALSE), p + 8, end,
                        line, len, lineno);
      break;
    case 'm':
      if (HAS_PREFIX (p, end, "milter-reject: "))
        postfix_reject (self, queue_lookup (self, id, id_end - id, FALSE), p + 15, end,
                        line, len, lineno);
      break;
    default:
      break;
    }
}

/* ------------------------------------------------------------------ */
/* Sendmail                                                            */

static void
sendmail_line (BdLogScanner *self,
               const char   *msg,
               const char   *end,
               const char   *line,
               gsize         len,
               guint         lineno)
{
  const char *id = msg, *id_end, *p, *v, *ve;
  BdQueueEntry *e;

  for (id_end = id; id_end < end && id_end - id < 32 && is_alnum (*id_end); id_end++)
    ;
  if (id_end == id || id_end + 1 >= end || *id_end != ':' || id_end[1] != ' ')
    return;
  p = id_end + 2;

  if (HAS_PREFIX (p, end, "ruleset="))
    {
      BdFailure *f;
      const char *rej = bd_text_find (p, end, ", reject=");

      if (rej == NULL)
        return;
      f = bd_failure_new ();
      if (HAS_PREFIX (p + 8, end, "check_rcpt"))
        f->stage = BD_STAGE_RCPT;
      else if (HAS_PREFIX (p + 8, end, "check_mail"))
        f->stage = BD_STAGE_MAIL;
      else if (HAS_PREFIX (p + 8, end, "check_relay"))
        f->stage = BD_STAGE_CONNECT;
      else if (HAS_PREFIX (p + 8, end, "check_data") || HAS_PREFIX (p + 8, end, "check_eom"))
        f->stage = BD_STAGE_DATA;
      if (find_value (p, rej, "arg1=", ',', &v, &ve) && ve > v)
        {
          if (f->stage == BD_STAGE_RCPT)
            f->recipient = dup_addr (v, ve - v);
          else if (f->stage == BD_STAGE_MAIL)
            f->sender = dup_addr (v, ve - v);
        }
      if (find_value (p, rej, "relay=", ',', &v, &ve))
        parse_host_ip (v, ve, NULL, &f->client_ip);
      rej += 9;
      fill_reply (f, rej, end);
      {
        BdSmtpReply r;
        const char *d = rej;
        if (bd_smtp_find_reply (rej, end - rej, &r) && r.start == rej)
          d = r.text;
        set_field (&f->diagnostic, d, end - d);
      }
      bd_failure_update_permanent (f);
      e = queue_lookup (self, id, id_end - id, FALSE);
      queue_fill (f, e);
      add_evidence_text (f, lineno, line, len);
      emit (self, f);
      return;
    }
  if (HAS_PREFIX (p, end, "to="))
    {
      e = queue_lookup (self, id, id_end - id, FALSE);
      mta_delivery (self, e, p, end, line, len, lineno, TRUE);
      return;
    }
  if (HAS_PREFIX (p, end, "from="))
    {
      e = queue_lookup (self, id, id_end - id, TRUE);
      if (e == NULL)
        return;
      v = p + 5;
      ve = memchr (v, ',', end - v);
      if (ve == NULL)
        ve = end;
      if (e->sender == NULL)
        {
          e->sender = dup_addr (v, ve - v);
          if (e->sender == NULL)
            e->sender = g_strdup ("");
        }
      if (find_value (ve, end, " size=", ',', &v, &ve))
        {
          gint64 n = 0;
          while (v < ve && is_digit (*v) && n < G_MAXINT64 / 20)
            n = n * 10 + (*v++ - '0');
          e->size = n;
        }
      if (find_value (p, end, ", relay=", ',', &v, &ve))
        parse_host_ip (v, ve, NULL, &e->client_ip);
      if (e->from_line.text == NULL)
        log_line_set (&e->from_line, lineno, line, MIN (len, (gsize) 512));
    }
}

/* ------------------------------------------------------------------ */
/* Exim                                                                */

/* "H=name (helo) [ip]:port" */
static void
exim_host (const char  *p,
           const char  *end,
           char       **host,
           char       **helo,
           char       **ip)
{
  const char *h = bd_text_find (p, end, "H=");
  const char *lb, *rb, *q;

  if (h == NULL)
    return;
  h += 2;
  lb = memchr (h, '[', MIN (end - h, 512));
  if (lb == NULL)
    return;
  rb = memchr (lb, ']', end - lb);
  if (rb == NULL)
    return;
  if (ip != NULL)
    set_field (ip, lb + 1, rb - lb - 1);
  q = h;
  if (*q != '(' && host != NULL)
    {
      const char *sp = memchr (q, ' ', lb - q);
      if (sp != NULL && sp > q)
        set_field (host, q, sp - q);
    }
  {
    const char *op = memchr (h, '(', lb - h);
    const char *cp = op != NULL ? memchr (op, ')', lb - op) : NULL;
    if (op != NULL && cp != NULL && cp > op + 1 && helo != NULL)
      set_field (helo, op + 1, cp - op - 1);
  }
}

/* "rejected RCPT <to>: reason", "rejected after DATA: reason" … */
static void
exim_reject (BdLogScanner *self,
             BdQueueEntry *e,
             const char   *p,
             const char   *end,
             const char   *rej,
             const char   *line,
             gsize         len,
             guint         lineno)
{
  BdFailure *f = bd_failure_new ();
  const char *q = rej + 9, *colon, *v, *ve;
  gboolean temp = rej - p >= 12 && memcmp (rej - 12, "temporarily ", 12) == 0;

  exim_host (p, rej, NULL, &f->helo, &f->client_ip);
  if (find_value (p, rej, " F=<", '>', &v, &ve) && ve > v)
    f->sender = dup_addr (v, ve - v);
  if (HAS_PREFIX (q, end, "RCPT"))
    {
      f->stage = BD_STAGE_RCPT;
      f->recipient = addr_in_brackets (q, MIN (end, q + 600));
    }
  else if (HAS_PREFIX (q, end, "MAIL"))
    f->stage = BD_STAGE_MAIL;
  else if (HAS_PREFIX (q, end, "after DATA") || HAS_PREFIX (q, end, "DATA"))
    f->stage = BD_STAGE_DATA;
  else if (HAS_PREFIX (q, end, "EHLO") || HAS_PREFIX (q, end, "HELO"))
    f->stage = BD_STAGE_HELO;
  else if (HAS_PREFIX (q, end, "connection"))
    f->stage = BD_STAGE_CONNECT;
  else if (HAS_PREFIX (q, end, "AUTH"))
    f->stage = BD_STAGE_AUTH;
  colon = bd_text_find (q, end, ": ");
  if (colon != NULL)
    {
      colon += 2;
      set_field (&f->diagnostic, colon, end - colon);
      fill_reply (f, colon, MIN (end, colon + 24));
    }
  if (f->reply_code != 0 || f->status != NULL)
    bd_failure_update_permanent (f);
  else
    f->permanent = !temp;
  queue_fill (f, e);
  add_evidence_text (f, lineno, line, len);
  emit (self, f);
}

static void
exim_line (BdLogScanner *self,
           const char   *p,
           const char   *end,
           const char   *line,
           gsize         len,
           guint         lineno)
{
  gsize n = exim_id_len (p, end);
  const char *id = p, *rej;
  BdQueueEntry *e = NULL;

  if (n == 0)
    {
      /* connection-level rejects have no message id */
      rej = bd_text_find (p, end, "rejected ");
      if (rej != NULL && rej > p && rej[-1] == ' ' && bd_text_find (p, rej, "H=") != NULL)
        exim_reject (self, NULL, p, end, rej, line, len, lineno);
      return;
    }
  p += n + 1;
  if (p + 3 > end)
    return;

  if (p[2] == ' ' && ((p[0] == '*' && p[1] == '*') || (p[0] == '=' && p[1] == '=')))
    {
      gboolean bounced = p[0] == '*';
      const char *a = p + 3, *ae, *diag;
      BdFailure *f;

      for (ae = a; ae < end && *ae != ' ' && *ae != ':'; ae++)
        ;
      if (ae == a)
        return;
      e = queue_lookup (self, id, n, FALSE);
      f = bd_failure_new ();
      f->recipient = dup_addr (a, ae - a);
      f->permanent = bounced;
      diag = bd_text_find (ae, end, ": ");
      exim_host (ae, diag != NULL ? diag + 1 : end, &f->remote_host, NULL, &f->remote_ip);
      if (diag != NULL)
        {
          const char *d = diag + 2, *cmd_end;
          BdSmtpReply r;

          if (HAS_PREFIX (d, end, "SMTP error from remote mail server after ")
              || HAS_PREFIX (d, end, "SMTP error from remote mailer after "))
            {
              d = bd_text_find (d, end, " after ") + 7;
              cmd_end = bd_text_find (d, end, ": ");
              if (cmd_end == NULL)
                cmd_end = end;
              if (HAS_PREFIX (d, cmd_end, "initial connection"))
                f->stage = BD_STAGE_CONNECT;
              else if (HAS_PREFIX (d, cmd_end, "end of data") || HAS_PREFIX (d, cmd_end, "pipelined DATA"))
                f->stage = BD_STAGE_DATA;
              else
                f->stage = bd_smtp_stage_from_command (d, cmd_end - d);
              if (f->stage == BD_STAGE_UNKNOWN)
                f->stage = bd_smtp_stage_from_text (d, cmd_end - d);
              d = cmd_end < end ? cmd_end + 2 : end;
              if (bd_smtp_find_reply (d, end - d, &r) && r.start == d)
                {
                  f->reply_code = r.code;
                  if (r.status[0] != '\0')
                    bd_failure_set_status (f, r.status);
                  d = r.text;
                }
            }
          else
            {
              if (bd_text_find (d, end, "Connection refused") != NULL || bd_text_find (d, end, "Connection timed out") != NULL)
                f->stage = BD_STAGE_CONNECT;
              fill_reply (f, d, MIN (end, d + 16));
            }
          set_field (&f->diagnostic, d, MIN ((gsize) (end - d), (gsize) BD_LOG_MAX_REPLY));
        }
      if (f->status == NULL)
        {
          char st[16];
          if (bd_smtp_find_status (ae, end - ae, st))
            bd_failure_set_status (f, st);
        }
      queue_fill (f, e);
      add_evidence_text (f, lineno, line, len);
      queue_outcome (self, e, f->recipient, f);
      return;
    }
  if (p[0] == '<' && p[1] == '=' && p[2] == ' ')
    {
      const char *a = p + 3, *ae, *v, *ve;

      e = queue_lookup (self, id, n, TRUE);
      if (e == NULL)
        return;
      for (ae = a; ae < end && *ae != ' '; ae++)
        ;
      if (e->sender == NULL)
        {
          e->sender = dup_addr (a, ae - a);
          if (e->sender == NULL)
            e->sender = g_strdup ("");
        }
      exim_host (ae, end, NULL, &e->helo, &e->client_ip);
      if (find_value (ae, end, " S=", ' ', &v, &ve))
        {
          gint64 sz = 0;
          while (v < ve && is_digit (*v) && sz < G_MAXINT64 / 20)
            sz = sz * 10 + (*v++ - '0');
          e->size = sz;
        }
      if (e->from_line.text == NULL)
        log_line_set (&e->from_line, lineno, line, MIN (len, (gsize) 512));
      return;
    }
  if ((p[0] == '=' || p[0] == '-' || p[0] == '*') && p[1] == '>' && p[2] == ' ')
    {
      const char *a = p + 3, *ae;
      g_autofree char *rcpt = NULL;

      e = queue_lookup (self, id, n, FALSE);
      if (e == NULL || e->deferred == NULL)
        return;
      for (ae = a; ae < end && *ae != ' '; ae++)
        ;
      rcpt = dup_addr (a, ae - a);
      queue_outcome (self, e, rcpt, NULL);
      return;
    }
  if (HAS_PREFIX (p, end, "Completed"))
    {
      e = queue_lookup (self, id, n, FALSE);
      if (e != NULL)
        queue_remove (self, e);
      return;
    }
  rej = bd_text_find (p, end, "rejected ");
  if (rej != NULL && rej > p && rej[-1] == ' ' && bd_text_find (p, rej, "H=") != NULL)
    exim_reject (self, queue_lookup (self, id, n, FALSE), p, end, rej, line, len, lineno);
}

/* ------------------------------------------------------------------ */
/* SMTP transcripts                                                    */

static void
transcript_line (BdLogScanner *self,
                 const char   *line,
                 const char   *end,
                 guint         lineno)
{
  BdSession *s = &self->tr;
  const char *p = line;
  gsize len = end - line;
  char sep;
  gsize n;

  /* PHPMailer: "2024-01-02 10:00:00\t…" */
  n = iso_ts_len (p, end, &sep);
  if (n > 0 && p + n < end && (p[n] == '\t' || p[n] == ' '))
    p += n + 1;
  while (p < end && (*p == '\t'))
    p++;
  if (p >= end)
    return;

  switch (*p)
    {
    case ' ':
      /* swaks " -> cmd", " ~> cmd" (TLS) */
      if (HAS_PREFIX (p, end, " -> ") || HAS_PREFIX (p, end, " ~> "))
        session_command (s, p + 4, end, lineno, line, len);
      return;
    case '<':
      if (HAS_PREFIX (p, end, "<-  ") || HAS_PREFIX (p, end, "<~  ")
          || HAS_PREFIX (p, end, "<** ") || HAS_PREFIX (p, end, "<~* "))
        session_reply (self, s, p + 4, end, lineno, line, len);
      return;
    case '=':
      if (HAS_PREFIX (p, end, "=== Trying "))
        {
          const char *h = p + 11, *he;
          session_reset (s);
          s->active = TRUE;
          s->outbound = TRUE;
          /* the host name ends at ":port" or "..." */
          he = memchr (h, ':', end - h);
          if (he == NULL)
            he = bd_text_find (h, end, "...");
          if (he == NULL)
            he = end;
          set_field (&s->remote_host, h, he - h);
        }
      return;
    case '*':
      if (HAS_PREFIX (p, end, "*** ") && !s->failed)
        {
          const char *t = p + 4;
          if (bd_text_find_ci (t, end, "connect") != NULL && !s->seen_reply)
            session_no_reply (self, s, BD_STAGE_CONNECT, t, end, lineno, line, len);
          else if (bd_text_find (t, end, "TLS") != NULL)
            session_no_reply (self, s, BD_STAGE_STARTTLS, t, end, lineno, line, len);
        }
      return;
    case 'S':
      if (HAS_PREFIX (p, end, "SERVER -> CLIENT: "))
        session_reply (self, s, p + 18, end, lineno, line, len);
      else if (HAS_PREFIX (p, end, "S: "))
        session_reply (self, s, p + 3, end, lineno, line, len);
      else if (HAS_PREFIX (p, end, "SMTP -> FROM SERVER:"))
        session_reply (self, s, p + 20, end, lineno, line, len);
      else if (HAS_PREFIX (p, end, "SMTP ERROR: ") || HAS_PREFIX (p, end, "SMTP -> ERROR: "))
        {
          const char *t = p + (p[5] == 'E' ? 12 : 15);
          const char *cf;

          if (HAS_PREFIX (t, end, "Failed to connect") && !s->failed)
            session_no_reply (self, s, BD_STAGE_CONNECT, t, end, lineno, line, len);
          else if ((cf = bd_text_find (t, end, " command failed: ")) != NULL && !s->seen_reply && !s->failed)
            {
              /* only the error was printed (low debug level) */
              session_command (s, t, cf, lineno, line, len);
              session_reply (self, s, cf + 17, end, lineno, line, len);
            }
        }
      return;
    case 'C':
      if (HAS_PREFIX (p, end, "CLIENT -> SERVER: "))
        session_command (s, p + 18, end, lineno, line, len);
      else if (HAS_PREFIX (p, end, "C: "))
        session_command (s, p + 3, end, lineno, line, len);
      else if (HAS_PREFIX (p, end, "Connection: opening to "))
        {
          const char *h = p + 23, *he = memchr (h, ':', end - h);
          if (he == NULL)
            he = memchr (h, ',', end - h);
          session_reset (s);
          s->active = TRUE;
          s->outbound = TRUE;
          if (HAS_PREFIX (h, end, "ssl://") || HAS_PREFIX (h, end, "tls://"))
            {
              h += 6;
              he = memchr (h, ':', end - h);
            }
          if (he == NULL)
            he = end;
          set_field (&s->remote_host, h, he - h);
        }
      return;
    default:
      return;
    }
}

/* ------------------------------------------------------------------ */
/* public API                                                          */

BdLogScanner *
bd_log_scanner_new (const char *format,
                    BdReport   *report)
{
  BdLogScanner *self = g_new0 (BdLogScanner, 1);

  self->report = report;
  self->transcript = g_strcmp0 (format, "smtp-transcript") == 0;
  self->queue = g_hash_table_new (g_str_hash, g_str_equal);
  g_queue_init (&self->lru);
  self->max_queue = BD_LOG_MAX_QUEUE;
  session_init (&self->md);
  session_init (&self->tr);

  if (report != NULL && format != NULL)
    {
      const char *mta = NULL;

      if (strcmp (format, "mdaemon-log") == 0)
        mta = "mdaemon";
      else if (strcmp (format, "postfix-log") == 0)
        mta = "postfix";
      else if (strcmp (format, "exim-log") == 0)
        mta = "exim";
      else if (strcmp (format, "sendmail-log") == 0)
        mta = "sendmail";
      bd_report_set_format (report, format, mta);
      report->kind = self->transcript ? BD_SOURCE_TRANSCRIPT : BD_SOURCE_LOG;
    }
  return self;
}

void
bd_log_scanner_set_failure_func (BdLogScanner  *self,
                                 BdFailureFunc  func,
                                 gpointer       user_data)
{
  g_return_if_fail (self != NULL);
  self->func = func;
  self->func_data = user_data;
}

/* For tests: a smaller bound on the queue-id table. */
void _bd_log_scanner_set_max_queue (BdLogScanner *self, guint max);
void
_bd_log_scanner_set_max_queue (BdLogScanner *self,
                               guint         max)
{
  self->max_queue = MAX (max, 1);
}

guint _bd_log_scanner_get_queue_size (BdLogScanner *self);
guint
_bd_log_scanner_get_queue_size (BdLogScanner *self)
{
  return g_hash_table_size (self->queue);
}

void
bd_log_scanner_feed_line (BdLogScanner *self,
                          const char   *line,
                          gsize         len,
                          guint         lineno)
{
  const char *end = line + len;
  const char *prog, *msg;
  gsize prog_len;

  g_return_if_fail (self != NULL);
  if (line == NULL || len == 0)
    return;
  /* a stray CR left by the caller */
  while (end > line && (end[-1] == '\r' || end[-1] == '\n'))
    end--;
  len = end - line;
  if (len < 16)
    return;

  if (self->transcript)
    {
      transcript_line (self, line, end, lineno);
      return;
    }
  if (is_alpha (line[0]))
    {
      if (line[3] == ' ' && line[8] == '-' && md_ts_len (line, end) != 0)
        {
          mdaemon_line (self, line, end, lineno);
          return;
        }
    }
  else if (!is_digit (line[0]))
    return;

  if (parse_syslog (line, end, &prog, &prog_len, &msg))
    {
      if (prog_len >= 7 && memcmp (prog, "postfix", 7) == 0)
        postfix_line (self, prog, prog_len, msg, end, line, len, lineno);
      else if ((prog_len == 6 && memcmp (prog, "sm-mta", 6) == 0)
               || (prog_len == 8 && memcmp (prog, "sendmail", 8) == 0)
               || (prog_len == 12 && memcmp (prog, "sm-msp-queue", 12) == 0))
        sendmail_line (self, msg, end, line, len, lineno);
      else if (prog_len >= 7 && memchr (prog, '/', prog_len) != NULL
               && bd_text_find (prog, prog + prog_len, "postfix") != NULL)
        postfix_line (self, prog, prog_len, msg, end, line, len, lineno);
      else if (line[0] >= '0' && line[0] <= '9')
        {
          const char *q = exim_skip_prefix (line, end);
          if (q != NULL)
            exim_line (self, q, end, line, len, lineno);
        }
      return;
    }
  if (is_digit (line[0]))
    {
      const char *q = exim_skip_prefix (line, end);
      if (q != NULL)
        exim_line (self, q, end, line, len, lineno);
    }
}

void
bd_log_scanner_finish (BdLogScanner *self)
{
  g_return_if_fail (self != NULL);
  while (self->lru.head != NULL)
    queue_remove (self, self->lru.head->data);
  session_reset (&self->md);
  session_reset (&self->tr);
}

void
bd_log_scanner_free (BdLogScanner *self)
{
  if (self == NULL)
    return;
  /* pending deferrals are dropped here unless finish() was called */
  while (self->lru.head != NULL)
    {
      BdQueueEntry *e = self->lru.head->data;
      g_queue_unlink (&self->lru, &e->link);
      g_hash_table_remove (self->queue, e->id);
      queue_entry_free (e);
    }
  g_hash_table_unref (self->queue);
  session_clear (&self->md);
  session_clear (&self->tr);
  g_free (self);
}

/* ------------------------------------------------------------------ */
/* detection                                                           */

static gboolean
looks_like_header (const char *p,
                   const char *end)
{
  static const char *const names[] = {
    "Received:", "Return-Path:", "From:", "To:", "Subject:", "Date:", "Message-ID:",
    "Message-Id:", "MIME-Version:", "Content-Type:", "Delivered-To:", "X-Failed-Recipients:",
    "Auto-Submitted:", "From ",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      gsize n = strlen (names[i]);
      if ((gsize) (end - p) >= n && g_ascii_strncasecmp (p, names[i], n) == 0)
        return TRUE;
    }
  return FALSE;
}

const char *
bd_log_detect (const char *data,
               gsize       len)
{
  const char *p = data, *end;
  guint lines = 0, nonblank = 0, headers = 0;
  guint md = 0, pf = 0, sm = 0, ex = 0, tr_c = 0, tr_s = 0, tr_strong = 0;
  gboolean first = TRUE, first_is_header = FALSE;

  if (data == NULL)
    return NULL;
  if (len > BD_LOG_MAX_DETECT)
    len = BD_LOG_MAX_DETECT;
  end = data + len;

  while (p < end && lines < 50)
    {
      const char *nl = p, *le, *q, *prog, *msg;
      gsize prog_len, n;
      char sep;

      /* An email that quotes a log line or two is not a log: decided as
       * soon as its header block shows (the common case, so it is cheap) */
      if (first_is_header && headers >= 2)
        return NULL;

      while (nl < end && *nl != '\n' && *nl != '\r')
        nl++;
      le = nl;
      lines++;
      q = p;
      while (q < le && (*q == ' ' || *q == '\t' || *q == '>'))
        q++;
      if (q < le)
        {
          nonblank++;
          if (looks_like_header (p, le))
            {
              headers++;
              if (first)
                first_is_header = TRUE;
            }
          first = FALSE;

          /* MDaemon: count every timestamp (pasted logs join lines) */
          if (md_ts_len (q, le) != 0)
            {
              guint k = 1;
              for (const char *d = q + 25; d < le && k < 50; )
                {
                  const char *dash = memchr (d, '-', le - d);
                  if (dash == NULL)
                    break;
                  if (md_ts_at (dash, q, le))
                    k++;
                  d = dash + 1;
                }
              md += k;
            }
          else if (parse_syslog (q, le, &prog, &prog_len, &msg))
            {
              if (prog_len >= 7 && bd_text_find (prog, prog + prog_len, "postfix") != NULL)
                pf++;
              else if ((prog_len == 6 && memcmp (prog, "sm-mta", 6) == 0)
                       || (prog_len == 8 && memcmp (prog, "sendmail", 8) == 0))
                sm++;
            }
          else if ((n = iso_ts_len (q, le, &sep)) != 0 && sep == ' ')
            {
              const char *r = exim_skip_prefix (q, le);
              gsize idl;
              if (r != NULL && (idl = exim_id_len (r, le)) != 0 && r + idl + 3 < le)
                {
                  const char *f = r + idl + 1;
                  if ((f[0] == '<' && f[1] == '=') || (f[0] == '=' && f[1] == '>')
                      || (f[0] == '*' && f[1] == '*') || (f[0] == '=' && f[1] == '=')
                      || (f[0] == '-' && f[1] == '>') || HAS_PREFIX (f, le, "Completed"))
                    ex++;
                }
              else if (r != NULL && (bd_text_find (r, le, " rejected ") != NULL || HAS_PREFIX (r, le, "H=")
                                     || HAS_PREFIX (r, le, "SMTP connection from")))
                ex++;
              else if (r != NULL && (HAS_PREFIX (r + (*r == '\t'), le, "SERVER -> CLIENT:")
                                     || HAS_PREFIX (r + (*r == '\t'), le, "CLIENT -> SERVER:")))
                tr_strong++;
              else if (q[n] == '\t' && (HAS_PREFIX (q + n + 1, le, "SERVER -> CLIENT:")
                                        || HAS_PREFIX (q + n + 1, le, "CLIENT -> SERVER:")))
                tr_strong++;
            }
          else if (HAS_PREFIX (p, le, " -> ") || HAS_PREFIX (p, le, "C: "))
            tr_c++;
          else if (HAS_PREFIX (p, le, "<-  ") || HAS_PREFIX (p, le, "<** ") || HAS_PREFIX (p, le, "S: "))
            tr_s++;
          else if (HAS_PREFIX (p, le, "SERVER -> CLIENT:") || HAS_PREFIX (p, le, "CLIENT -> SERVER:")
                   || HAS_PREFIX (p, le, "=== Trying ") || HAS_PREFIX (p, le, "SMTP ERROR: ")
                   || HAS_PREFIX (p, le, "SMTP -> FROM SERVER:"))
            tr_strong++;
        }
      /* one line end: CRLF, LF or CR */
      if (le + 1 < end && le[0] == '\r' && le[1] == '\n')
        p = le + 2;
      else
        p = le + 1;
    }

  /* An email that quotes a log line or two is not a log. */
  if (first_is_header && headers >= 2)
    return NULL;

  {
    guint best = 0;
    const char *fmt = NULL;
    guint tr = tr_strong + ((tr_c > 0 && tr_s > 0) ? tr_c + tr_s : 0);

#define PICK(score, name) if ((score) > best) { best = (score); fmt = (name); }
    PICK (md, "mdaemon-log")
    PICK (pf, "postfix-log")
    PICK (ex, "exim-log")
    PICK (sm, "sendmail-log")
    PICK (tr, "smtp-transcript")
#undef PICK
    if (best < 3 || best * 4 < nonblank)
      return NULL;
    return fmt;
  }
}
