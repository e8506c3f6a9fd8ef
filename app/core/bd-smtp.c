/* bd-smtp.c: SMTP reply codes, enhanced status codes and stages in free text
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything here is hand-written scanning over (pointer, length) pairs: no
 * GRegex, no allocation in the find_* functions, one linear pass each.  The
 * inputs are untrusted, so every look-ahead is bounded by the end pointer and
 * NUL bytes inside an explicit length are treated as ordinary separators.
 */

#include "config.h"

#include <string.h>

#include "bd-smtp.h"
#include "bd-text-private.h"

#define IS_DIGIT(c) ((c) >= '0' && (c) <= '9')
#define IS_ALNUM(c) (g_ascii_isalnum (c))
#define IS_HSPACE(c) ((c) == ' ' || (c) == '\t')
#define IS_SPACE(c) ((c) == ' ' || (c) == '\t' || (c) == '\r' || (c) == '\n' || \
                     (c) == '\v' || (c) == '\f' || (c) == '\0')

static inline gsize
bd_smtp_length (const char *text,
                gssize      len)
{
  if (text == NULL)
    return 0;
  return len < 0 ? strlen (text) : (gsize) len;
}

/* Case-insensitive search for a whole word (no alphanumeric around it). */
static const char *
find_word (const char *p,
           const char *end,
           const char *needle,
           gboolean    case_sensitive)
{
  const char *start = p;
  gsize n = strlen (needle);

  while (p < end)
    {
      const char *hit = case_sensitive ? bd_text_find (p, end, needle) : bd_text_find_ci (p, end, needle);

      if (hit == NULL)
        return NULL;
      if ((hit == start || !IS_ALNUM (hit[-1])) &&
          (hit + n >= end || !IS_ALNUM (hit[n])))
        return hit;
      p = hit + 1;
    }

  return NULL;
}

/* Parses "C.SSS.DDD" at @p (class 2, 4 or 5, 1-3 digits each) without looking
 * at what comes before.  Returns the end of the status or NULL. */
static const char *
parse_status_at (const char *p,
                 const char *end)
{
  const char *q = p;
  int digits;

  if (q >= end || (*q != '2' && *q != '4' && *q != '5'))
    return NULL;
  q++;

  for (int part = 0; part < 2; part++)
    {
      if (q >= end || *q != '.')
        return NULL;
      q++;
      digits = 0;
      while (q < end && IS_DIGIT (*q) && digits < 4)
        {
          q++;
          digits++;
        }
      if (digits == 0 || digits > 3)
        return NULL;
    }

  /* Not part of a longer dotted number (IPs, versions) or a word. */
  if (q < end)
    {
      if (IS_ALNUM (*q) || *q == '_')
        return NULL;
      if (*q == '.' && q + 1 < end && IS_DIGIT (q[1]))
        return NULL;
    }

  return q;
}

/* A status may start at @p when nothing number-like precedes it. */
static gboolean
status_may_start (const char *p,
                  const char *text)
{
  if (p == text)
    return TRUE;
  if (IS_ALNUM (p[-1]) || p[-1] == '_')
    return FALSE;
  /* "1.5.1.2": the dot follows a digit */
  if (p[-1] == '.' && p - 1 > text && IS_DIGIT (p[-2]))
    return FALSE;
  return TRUE;
}

static void
copy_status (char        status[16],
             const char *p,
             const char *q)
{
  gsize n = MIN ((gsize) (q - p), 15);

  memcpy (status, p, n);
  status[n] = '\0';
}

gboolean
bd_smtp_status_is_valid (const char *status)
{
  const char *end;

  if (status == NULL)
    return FALSE;

  end = status + strlen (status);
  return parse_status_at (status, end) == end;
}

gboolean
bd_smtp_find_status (const char *text,
                     gssize      len,
                     char        status[16])
{
  gsize n = bd_smtp_length (text, len);
  const char *end = text + n;

  if (status != NULL)
    status[0] = '\0';
  if (n < 5)
    return FALSE;

  for (const char *p = text; p + 5 <= end; p++)
    {
      const char *q;

      if (*p != '2' && *p != '4' && *p != '5')
        continue;
      if (p[1] != '.')
        continue;
      if (!status_may_start (p, text))
        continue;
      q = parse_status_at (p, end);
      if (q == NULL)
        continue;
      if (status != NULL)
        copy_status (status, p, q);
      return TRUE;
    }

  return FALSE;
}

/* The word before @p (skipping blanks), for "port 25", "id 550". */
static gboolean
preceded_by_number_word (const char *p,
                         const char *text)
{
  static const char * const words[] = {
    "port", "id", "pid", "uid", "size", "length", "len", "bytes", "line",
    "version", "ver", "count", "nrcpt", "delay", "ttl", "code" /* "exit code 550" */,
  };
  const char *q = p;
  const char *word_end;
  gsize wlen;

  while (q > text && IS_HSPACE (q[-1]))
    q--;
  while (q > text && (q[-1] == '=' || q[-1] == ':' || q[-1] == '#'))
    q--;
  while (q > text && IS_HSPACE (q[-1]))
    q--;
  word_end = q;
  while (q > text && g_ascii_isalpha (q[-1]))
    q--;
  wlen = (gsize) (word_end - q);
  if (wlen == 0 || wlen > 7)
    return FALSE;
  /* "ERROR_CODE :550": the end of a field name, not the word "code" */
  if (q > text && q[-1] == '_')
    return FALSE;

  /* "Diagnostic-Code: smtp; 550" has "smtp" before it and is fine; only the
   * listed words make the number something else. */
  for (gsize i = 0; i < G_N_ELEMENTS (words); i++)
    if (strlen (words[i]) == wlen && g_ascii_strncasecmp (q, words[i], wlen) == 0)
      return TRUE;

  return FALSE;
}

/* How much we believe a reply code at @p. */
typedef enum
{
  REPLY_NONE = 0,
  REPLY_WEAK,    /* "… 550 …" in the middle of a sentence */
  REPLY_STRONG,  /* at a line start, after "said:", "smtp;", "#", a quote, or with a status */
} ReplyStrength;

static ReplyStrength
parse_reply_at (const char  *p,
                const char  *end,
                const char  *text,
                BdSmtpReply *reply)
{
  const char *q = p + 3;
  const char *prev;
  const char *status_end = NULL;
  ReplyStrength strength = REPLY_WEAK;
  gboolean quoted = FALSE;

  if (end - p < 3)
    return REPLY_NONE;
  if (p[0] != '2' && p[0] != '4' && p[0] != '5')
    return REPLY_NONE;
  if (p[1] < '0' || p[1] > '5' || !IS_DIGIT (p[2]))
    return REPLY_NONE;

  /* What precedes: not a digit, letter, dot, colon of a time, dash of a date… */
  if (p > text)
    {
      char c = p[-1];

      if (IS_ALNUM (c) || c == '.' || c == '_' || c == '-' || c == '/' ||
          c == '@' || c == '+' || c == '=' || c == ',' || c == '$' || c == '%')
        return REPLY_NONE;
      if (c == ':' && p - 1 > text && IS_DIGIT (p[-2]))
        return REPLY_NONE;
    }

  /* What follows: a space, a dash, a line end or the end; also "550: …"
   * (a colon and a blank) and "ERROR_CODE :550," (a comma after a colon) */
  if (q < end && (*q == ':' || *q == ',') && (q + 1 >= end || IS_HSPACE (q[1])) &&
      (*q == ':' || p == text || p[-1] == ':'))
    q++;
  else if (q < end && !(IS_SPACE (*q) || *q == '-'))
    return REPLY_NONE;

  if (q < end && *q == '-')
    {
      /* "550-'5.2.2 …'": a quoted reply after the dash */
      if (q + 2 < end && q[1] == '\'' && (g_ascii_isalnum (q[2]) || q[2] == '<'))
        {
          q++;
          quoted = TRUE;
        }
      /* "550-5.7.26" or "550-Mailbox…", but not "250-2010" nor "550-123" */
      if (q + 1 < end && IS_DIGIT (q[1]))
        {
          status_end = parse_status_at (q + 1, end);
          if (status_end == NULL)
            return REPLY_NONE;
        }
      else if (q + 1 < end && !g_ascii_isalpha (q[1]) && q[1] != '#' && q[1] != '[' && q[1] != '<')
        return REPLY_NONE;
      q++;
    }
  else
    {
      const char *s = q;

      while (s < end && IS_HSPACE (*s))
        s++;
      if (s < end && s > q && *s == '#')   /* "550 #5.1.1" */
        s++;
      if (s < end && IS_DIGIT (*s))
        {
          status_end = parse_status_at (s, end);
          if (status_end != NULL)
            q = s;
          /* "2010 19:06:50", "550 123 bytes": a number that is no status;
           * "550 5.1.1.1" or a cut "550 5.1." keep the code alone */
          else if (!((*s == '2' || *s == '4' || *s == '5') && s + 1 < end && s[1] == '.'))
            return REPLY_NONE;
        }
    }

  if (status_end != NULL || quoted)
    {
      strength = REPLY_STRONG;
    }
  else
    {
      if (preceded_by_number_word (p, text))
        return REPLY_NONE;

      prev = p;
      while (prev > text && IS_HSPACE (prev[-1]))
        prev--;
      if (prev == text || prev[-1] == '\n' || prev[-1] == '\r' || prev[-1] == '#' ||
          prev[-1] == ':' || prev[-1] == ';' || prev[-1] == '\'' || prev[-1] == '"' ||
          prev[-1] == '(' || prev[-1] == '>' || prev[-1] == '[' || prev[-1] == '<')
        strength = REPLY_STRONG;
    }

  if (reply != NULL)
    {
      const char *t;

      reply->code = (guint) ((p[0] - '0') * 100 + (p[1] - '0') * 10 + (p[2] - '0'));
      reply->status[0] = '\0';
      reply->start = p;
      if (status_end != NULL)
        {
          copy_status (reply->status, q, status_end);
          t = status_end;
        }
      else
        t = q;
      while (t < end && (IS_HSPACE (*t) || *t == '-'))
        t++;
      reply->text = t;
    }

  return strength;
}

gboolean
bd_smtp_find_reply (const char  *text,
                    gssize       len,
                    BdSmtpReply *reply)
{
  gsize n = bd_smtp_length (text, len);
  const char *end = text + n;
  BdSmtpReply weak = { 0, };
  BdSmtpReply status_only = { 0, };
  gboolean have_weak = FALSE;
  gboolean have_status = FALSE;

  if (reply != NULL)
    memset (reply, 0, sizeof *reply);
  if (n < 3)
    return FALSE;

  for (const char *p = text; p + 3 <= end; p++)
    {
      BdSmtpReply candidate;
      ReplyStrength strength;

      if (*p != '2' && *p != '4' && *p != '5')
        continue;

      if (p + 3 < end && p[1] == '.')
        {
          /* An enhanced status on its own. */
          if (!have_status && status_may_start (p, text))
            {
              const char *q = parse_status_at (p, end);

              if (q != NULL)
                {
                  have_status = TRUE;
                  status_only.code = 0;
                  copy_status (status_only.status, p, q);
                  status_only.start = p;
                  while (q < end && (IS_HSPACE (*q) || *q == '-' || *q == ':'))
                    q++;
                  status_only.text = q;
                }
            }
          continue;
        }

      strength = parse_reply_at (p, end, text, &candidate);
      if (strength == REPLY_STRONG)
        {
          if (reply != NULL)
            *reply = candidate;
          return TRUE;
        }
      if (strength == REPLY_WEAK && !have_weak)
        {
          weak = candidate;
          have_weak = TRUE;
        }
    }

  /* A reply code in running text is less certain than a status alone. */
  if (have_status)
    {
      if (reply != NULL)
        *reply = status_only;
      return TRUE;
    }
  if (have_weak)
    {
      if (reply != NULL)
        *reply = weak;
      return TRUE;
    }

  return FALSE;
}

/* ---- stages ----------------------------------------------------------- */

static const char *
skip_blanks (const char *p,
             const char *end)
{
  while (p < end && IS_SPACE (*p))
    p++;
  return p;
}

static gboolean
has_prefix_ci (const char *p,
               const char *end,
               const char *prefix)
{
  gsize n = strlen (prefix);

  return (gsize) (end - p) >= n && g_ascii_strncasecmp (p, prefix, n) == 0;
}

static gboolean
has_word_ci (const char *p,
             const char *end,
             const char *word)
{
  gsize n = strlen (word);

  return has_prefix_ci (p, end, word) && (p + n >= end || !IS_ALNUM (p[n]));
}

BdStage
bd_smtp_stage_from_command (const char *command,
                            gssize      len)
{
  gsize n = bd_smtp_length (command, len);
  const char *end = command + n;
  const char *p = skip_blanks (command, end);

  if (p >= end)
    return BD_STAGE_UNKNOWN;

  /* "." alone ends the data */
  if (*p == '.' && skip_blanks (p + 1, end) == end)
    return BD_STAGE_DATA;

  if (has_prefix_ci (p, end, "pipelined "))
    p = skip_blanks (p + strlen ("pipelined "), end);

  if (has_prefix_ci (p, end, "RCPT"))
    {
      const char *q = skip_blanks (p + 4, end);
      if (q == p + 4 && q < end && IS_ALNUM (*q))
        return BD_STAGE_UNKNOWN;
      return BD_STAGE_RCPT;
    }
  /* "MAIL FROM:<…>", "mail from", or the upper-case word alone */
  if (has_prefix_ci (p, end, "MAIL") && p + 4 < end && IS_SPACE (p[4]) &&
      has_prefix_ci (skip_blanks (p + 4, end), end, "FROM"))
    return BD_STAGE_MAIL;
  if (has_prefix_ci (p, end, "MAIL FROM") ||
      (end - p >= 4 && memcmp (p, "MAIL", 4) == 0 && (p + 4 >= end || !IS_ALNUM (p[4]))))
    return BD_STAGE_MAIL;
  if (has_word_ci (p, end, "DATA") || has_word_ci (p, end, "BDAT") ||
      has_prefix_ci (p, end, "end of data") || has_prefix_ci (p, end, "end of message") ||
      has_prefix_ci (p, end, "message body"))
    return BD_STAGE_DATA;
  if (has_word_ci (p, end, "EHLO") || has_word_ci (p, end, "HELO") ||
      has_word_ci (p, end, "LHLO"))
    return BD_STAGE_HELO;
  if (has_word_ci (p, end, "STARTTLS"))
    return BD_STAGE_STARTTLS;
  if (has_word_ci (p, end, "AUTH"))
    return BD_STAGE_AUTH;

  return BD_STAGE_UNKNOWN;
}

typedef struct
{
  const char *phrase;
  BdStage     stage;
} StagePhrase;

/* Phrases that name the stage for sure, checked in this order; the first one
 * found anywhere in the text wins. */
static const StagePhrase specific_phrases[] = {
  /* Postfix */
  { "while receiving the initial server greeting", BD_STAGE_CONNECT },
  { "while performing the EHLO handshake", BD_STAGE_HELO },
  { "while performing the HELO handshake", BD_STAGE_HELO },
  { "while sending end of data", BD_STAGE_DATA },
  { "while sending message body", BD_STAGE_DATA },
  { "while sending DATA", BD_STAGE_DATA },
  { "while sending RCPT TO", BD_STAGE_RCPT },
  { "while sending MAIL FROM", BD_STAGE_MAIL },
  { "while sending STARTTLS", BD_STAGE_STARTTLS },
  { "while sending AUTH", BD_STAGE_AUTH },
  { "SASL authentication failed", BD_STAGE_AUTH },
  { "Cannot start TLS", BD_STAGE_STARTTLS },
  /* Exim */
  { "after initial connection", BD_STAGE_CONNECT },
  { "after end of data", BD_STAGE_DATA },
  { "after sending data block", BD_STAGE_DATA },
  /* qmail */
  { "but sender was rejected", BD_STAGE_MAIL },
  { "but greeting failed", BD_STAGE_CONNECT },
  { "but my name was rejected", BD_STAGE_HELO },
  { "but connection died", BD_STAGE_CONNECT },
  /* ("Giving up on <ip>" follows every permanent failure: no stage) */
  { "does not like recipient", BD_STAGE_RCPT },
  { "failed on DATA command", BD_STAGE_DATA },
  { "failed after I sent the message", BD_STAGE_DATA },
  { "establish an SMTP connection", BD_STAGE_CONNECT },
  /* Russian (Exchange / Outlook / hosting NDRs) */
  { "в ответ на команду RCPT", BD_STAGE_RCPT },
  { "в ответ на команду MAIL", BD_STAGE_MAIL },
  { "в ответ на команду DATA", BD_STAGE_DATA },
  { "после окончания данных", BD_STAGE_DATA },
  { "при получении приветствия сервера", BD_STAGE_CONNECT },
  { "не удалось подключиться", BD_STAGE_CONNECT },
  { "Не удалось подключиться", BD_STAGE_CONNECT },
  { "не удается подключиться", BD_STAGE_CONNECT },
  { "Не удается подключиться", BD_STAGE_CONNECT },
  { "Не удаётся подключиться", BD_STAGE_CONNECT },
  { "не удаётся подключиться", BD_STAGE_CONNECT },
  { "ошибка подключения", BD_STAGE_CONNECT },
  { "Ошибка подключения", BD_STAGE_CONNECT },
  { "подключение отклонено", BD_STAGE_CONNECT },
};

/* Sendmail: the last ">>> COMMAND" before the first "<<< 4xx/5xx". */
static BdStage
stage_from_sendmail (const char *text,
                     const char *end)
{
  const char *p = text;
  const char *last_cmd = NULL;
  const char *hit = bd_text_find (text, end, ">>> ");
  const char *err = bd_text_find (text, end, "<<< ");

  while (hit != NULL || err != NULL)
    {
      if (err != NULL && (hit == NULL || err < hit))
        {
          const char *c = err + 4;

          if (c < end && (*c == '4' || *c == '5') && last_cmd != NULL)
            break;
          p = err + 4;
          err = bd_text_find (p, end, "<<< ");
          continue;
        }
      last_cmd = hit + 4;
      p = hit + 4;
      hit = bd_text_find (p, end, ">>> ");
    }

  if (last_cmd != NULL)
    {
      const char *eol = memchr (last_cmd, '\n', (gsize) (end - last_cmd));
      return bd_smtp_stage_from_command (last_cmd, (eol ? eol : end) - last_cmd);
    }

  return BD_STAGE_UNKNOWN;
}

BdStage
bd_smtp_stage_from_text (const char *text,
                         gssize      len)
{
  gsize n = bd_smtp_length (text, len);
  const char *end = text + n;
  const char *hit;
  BdStage stage;

  if (n == 0)
    return BD_STAGE_UNKNOWN;

  /* Postfix: "(in reply to RCPT TO command)", "in reply to end of DATA command" */
  hit = bd_text_find_ci (text, end, "in reply to ");
  if (hit != NULL)
    {
      stage = bd_smtp_stage_from_command (hit + 12, end - (hit + 12));
      if (stage != BD_STAGE_UNKNOWN)
        return stage;
    }

  {
    /* most phrases start with one of a few words, or are Russian: look for
     * those once, then only at the phrases that can be there */
    gboolean has_while = bd_text_find_ci (text, end, "while ") != NULL;
    gboolean has_after = bd_text_find_ci (text, end, "after ") != NULL;
    gboolean has_but = bd_text_find_ci (text, end, "but ") != NULL;
    gboolean has_8bit = FALSE;

    for (const char *c = text; c < end && !has_8bit; c++)
      has_8bit = (guchar) *c >= 0x80;

    for (gsize i = 0; i < G_N_ELEMENTS (specific_phrases); i++)
      {
        const char *phrase = specific_phrases[i].phrase;

        if ((guchar) phrase[0] >= 0x80 ? !has_8bit :
            g_ascii_strncasecmp (phrase, "while ", 6) == 0 ? !has_while :
            g_ascii_strncasecmp (phrase, "after ", 6) == 0 ? !has_after :
            g_ascii_strncasecmp (phrase, "but ", 4) == 0 ? !has_but : FALSE)
          continue;
        if (bd_text_find_ci (text, end, phrase) != NULL)
          return specific_phrases[i].stage;
      }
  }

  /* Exim: "SMTP error from remote mail server after RCPT TO:<…>",
   * "after pipelined MAIL FROM:<…>", "after EHLO …", "after AUTH …" */
  for (const char *p = text; (hit = bd_text_find_ci (p, end, "after ")) != NULL; p = hit + 6)
    {
      if (hit > text && IS_ALNUM (hit[-1]))
        continue;
      stage = bd_smtp_stage_from_command (hit + 6, end - (hit + 6));
      if (stage != BD_STAGE_UNKNOWN)
        return stage;
    }

  /* Sendmail: "… while talking to mx.example.: >>> RCPT To:<…> <<< 550 …" */
  if (bd_text_find (text, end, ">>> ") != NULL)
    {
      stage = stage_from_sendmail (text, end);
      if (stage != BD_STAGE_UNKNOWN)
        return stage;
    }

  /* Generic words, most specific first. */
  if (find_word (text, end, "RCPT TO", FALSE) != NULL ||
      find_word (text, end, "RCPT", TRUE) != NULL)
    return BD_STAGE_RCPT;
  if (find_word (text, end, "MAIL FROM", TRUE) != NULL ||
      bd_text_find_ci (text, end, "MAIL FROM:") != NULL)
    return BD_STAGE_MAIL;
  if (find_word (text, end, "DATA", TRUE) != NULL ||
      find_word (text, end, "BDAT", TRUE) != NULL ||
      bd_text_find_ci (text, end, "end of data") != NULL)
    return BD_STAGE_DATA;
  if (find_word (text, end, "STARTTLS", FALSE) != NULL)
    return BD_STAGE_STARTTLS;
  if (find_word (text, end, "AUTH", TRUE) != NULL)
    return BD_STAGE_AUTH;
  if (find_word (text, end, "EHLO", FALSE) != NULL ||
      find_word (text, end, "HELO", FALSE) != NULL ||
      find_word (text, end, "LHLO", FALSE) != NULL)
    return BD_STAGE_HELO;

  /* "connect to …", "connection refused", "Connection timed out" */
  for (const char *p = text; (hit = bd_text_find_ci (p, end, "connect")) != NULL; p = hit + 7)
    if (hit == text || !IS_ALNUM (hit[-1]))
      return BD_STAGE_CONNECT;
  if (bd_text_find (text, end, "подключ") != NULL || bd_text_find (text, end, "соединени") != NULL)
    return BD_STAGE_CONNECT;

  return BD_STAGE_UNKNOWN;
}

/* ---- unfolding --------------------------------------------------------- */

/* Length of a leading "550-", "550 " or "550-5.7.26 " prefix of a
 * continuation line, 0 when there is none to strip. */
static gsize
continuation_prefix (const char *p,
                     const char *end,
                     guint       first_code)
{
  const char *q = p + 3;
  const char *s;
  guint code;
  gboolean dash;

  if (end - p < 4 || (*p != '2' && *p != '4' && *p != '5') ||
      !IS_DIGIT (p[1]) || !IS_DIGIT (p[2]))
    return 0;
  if (*q != '-' && !IS_HSPACE (*q))
    return 0;
  dash = *q == '-';
  code = (guint) ((p[0] - '0') * 100 + (p[1] - '0') * 10 + (p[2] - '0'));

  s = q + 1;
  while (s < end && IS_HSPACE (*s))
    s++;
  if (s < end && IS_DIGIT (*s))
    {
      const char *status_end = parse_status_at (s, end);

      if (status_end != NULL)
        {
          while (status_end < end && IS_HSPACE (*status_end))
            status_end++;
          return (gsize) (status_end - p);
        }
    }

  if (dash || code == first_code)
    return (gsize) (s - p);

  return 0;
}

char *
bd_smtp_unfold (const char *text,
                gssize      len)
{
  gsize n = bd_smtp_length (text, len);
  const char *end = text + n;
  const char *p = text;
  GString *out = g_string_sized_new (n + 1);
  guint first_code = 0;
  gboolean first_line = TRUE;
  gboolean pending_space = FALSE;

  while (p < end)
    {
      const char *eol = p;
      const char *line;
      BdSmtpReply reply;
      const char *dash_to_space = NULL;

      while (eol < end && *eol != '\n' && *eol != '\r')
        eol++;

      line = p;
      while (line < eol && IS_SPACE (*line))
        line++;

      if (line < eol)
        {
          if (first_line)
            {
              if (bd_smtp_find_reply (line, eol - line, &reply) && reply.code != 0)
                {
                  first_code = reply.code;
                  if (reply.start + 4 < eol && reply.start[3] == '-' && reply.start[4] != '\'')
                    dash_to_space = reply.start + 3;
                }
              first_line = FALSE;
            }
          else
            line += continuation_prefix (line, eol, first_code);

          for (const char *c = line; c < eol; c++)
            {
              if (IS_SPACE (*c))
                {
                  pending_space = TRUE;
                  continue;
                }
              if (pending_space && out->len > 0)
                g_string_append_c (out, ' ');
              pending_space = FALSE;
              g_string_append_c (out, c == dash_to_space ? ' ' : *c);
            }
          pending_space = TRUE;
        }

      p = eol;
      if (p < end)
        p++;
    }

  if (!g_utf8_validate (out->str, out->len, NULL))
    {
      char *valid = g_utf8_make_valid (out->str, out->len);
      g_string_free (out, TRUE);
      return valid;
    }

  return g_string_free (out, FALSE);
}
