/* bd-reader-client.c: errors shown by mail programs (Outlook, Thunderbird, The Bat!)
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * These texts are what a user copies from an error dialog or a program's
 * log window. They quote the server's reply when there was one; otherwise
 * the error code or phrase says which step failed.
 */

#include <string.h>

#include "bd-readers.h"
#include "bd-smtp.h"
#include "bd-text-private.h"

#define BD_CLIENT_MAX_TEXT (64 * 1024)

typedef struct
{
  const char *code;     /* upper-case hex as Outlook prints it */
  BdStage     stage;
} BdOutlookCode;

/* What step each Outlook (classic) error code belongs to. */
static const BdOutlookCode outlook_codes[] = {
  { "0x800CCC0B", BD_STAGE_CONNECT },   /* server busy / too many connections */
  { "0x800CCC0E", BD_STAGE_CONNECT },   /* cannot connect to the server */
  { "0x800CCC0F", BD_STAGE_CONNECT },   /* connection interrupted */
  { "0x800CCC13", BD_STAGE_CONNECT },   /* cannot connect to the network */
  { "0x800CCC15", BD_STAGE_CONNECT },   /* network connection error */
  { "0x800CCC1A", BD_STAGE_STARTTLS },  /* SSL setting does not match the server */
  { "0x800CCC7D", BD_STAGE_STARTTLS },  /* server does not support secure connections */
  { "0x800CCC78", BD_STAGE_MAIL },      /* sender rejected */
  { "0x800CCC79", BD_STAGE_RCPT },      /* recipients rejected */
  { "0x800CCC80", BD_STAGE_AUTH },      /* no common authentication method */
  { "0x800CCC90", BD_STAGE_AUTH },      /* POP3 login refused */
  { "0x800CCC92", BD_STAGE_AUTH },      /* POP3 login refused */
  { "0x80042108", BD_STAGE_CONNECT },   /* cannot reach the incoming server */
  { "0x80042109", BD_STAGE_CONNECT },   /* cannot reach the outgoing server */
  { "0x8004210A", BD_STAGE_CONNECT },   /* incoming server timed out */
  { "0x8004210B", BD_STAGE_CONNECT },   /* outgoing server timed out */
  { "0x800CCC67", BD_STAGE_UNKNOWN },   /* the server reported an error */
  { "0x800CCC6A", BD_STAGE_UNKNOWN },
  { "0x80040600", BD_STAGE_UNKNOWN },
  { "0x80040119", BD_STAGE_UNKNOWN },
};

static const char *
find_any (const char        *h,
          const char        *end,
          const char *const *needles,
          gboolean           ci)
{
  for (guint i = 0; needles[i] != NULL; i++)
    {
      const char *p = ci ? bd_text_find_ci (h, end, needles[i]) : bd_text_find (h, end, needles[i]);
      if (p != NULL)
        return p;
    }
  return NULL;
}

static const char *
line_end (const char *p,
          const char *end)
{
  const char *q = memchr (p, '\n', end - p);

  return q != NULL ? q : end;
}

/* The reply quoted after @marker: on the same line, or on the next
 * non-empty one (Thunderbird puts it on its own line). */
static gboolean
reply_after (const char   *marker_end,
             const char   *end,
             BdSmtpReply  *r,
             const char  **text_end)
{
  const char *p = marker_end;

  for (guint tries = 0; tries < 3 && p < end; tries++)
    {
      const char *le = line_end (p, end);
      const char *q = p;

      while (q < le && (*q == ' ' || *q == '\t' || *q == '"' || *q == '\'' || *q == '\r'))
        q++;
      if (q < le)
        {
          if (bd_smtp_find_reply (q, le - q, r) && r->start - q <= 2)
            {
              *text_end = le;
              return TRUE;
            }
          return FALSE;
        }
      p = le + 1;
    }
  return FALSE;
}

static char *
clean_diag (const char *p,
            const char *end)
{
  /* strip quotes and blanks Outlook puts around the server text */
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\'' || *p == '"'))
    p++;
  if (end - p >= 2 && (guchar) p[0] == 0xC2 && (guchar) p[1] == 0xAB)
    p += 2;
  while (end > p && (end[-1] == ' ' || end[-1] == '\r' || end[-1] == '\t' || end[-1] == '\''
                     || end[-1] == '"'))
    end--;
  /* "»" */
  if (end - p >= 2 && (guchar) end[-2] == 0xC2 && (guchar) end[-1] == 0xBB)
    end -= 2;
  if (end <= p)
    return NULL;
  return g_utf8_make_valid (p, MIN (end - p, 4096));
}

/* "'smtp.example.com'", "\"smtp.example.com\"" or a bare host name */
static char *
host_at (const char *p,
         const char *end)
{
  const char *q;

  while (p < end && (*p == ' ' || *p == '\'' || *p == '"'))
    p++;
  /* «…» */
  if (end - p >= 2 && (guchar) p[0] == 0xC2 && (guchar) p[1] == 0xAB)
    p += 2;
  for (q = p; q < end && q - p < 255 && (g_ascii_isalnum (*q) || *q == '.' || *q == '-' || *q == '_'); q++)
    ;
  while (q > p && q[-1] == '.')
    q--;
  if (q - p < 3 || memchr (p, '.', q - p) == NULL)
    return NULL;
  return g_ascii_strdown (p, q - p);
}

static char *
addr_in (const char *p,
         const char *end)
{
  const char *lt = memchr (p, '<', end - p);
  const char *gt = lt != NULL ? memchr (lt, '>', end - lt) : NULL;

  if (lt == NULL || gt == NULL || gt - lt < 4 || memchr (lt, '@', gt - lt) == NULL)
    return NULL;
  {
    g_autofree char *s = g_utf8_make_valid (lt + 1, gt - lt - 1);
    return g_ascii_strdown (s, -1);
  }
}

typedef enum
{
  CLIENT_NONE,
  CLIENT_OUTLOOK,
  CLIENT_THUNDERBIRD,
  CLIENT_THE_BAT,
} BdClient;

static const char *const reply_markers[] = {
  "server responded:", "The server responded:", "Your server responded:",
  "mail server responded:", "Sending error:", NULL,
};
static const char *const reply_markers_ru[] = {
  "Ответ сервера:", "Сервер ответил:", "Почтовый сервер ответил:", "Ошибка SMTP:",
  "Ошибка отправки:", NULL,
};
static const char *const connect_phrases[] = {
  "Cannot connect", "could not connect", "Unable to connect", "timed out", "Connection timeout",
  "connection was interrupted", "Connection refused", "connecting to Outgoing server",
  "connection to Outgoing server", "Cannot find server", "Host not found", NULL,
};
static const char *const connect_phrases_ru[] = {
  "Не удается подключиться", "Не удается соединиться", "истекло время ожидания",
  "Превышено время ожидания", "соединение было прервано", "Соединение прервано",
  "Таймаут соединения", "Не удалось соединиться", "не удалось подключиться",
  "соединения с сервером исходящей почты", NULL,
};
static const char *const auth_phrases[] = {
  "Authentication failed", "authentication failed", "Login failed", "not authenticated",
  "Аутентификация не удалась", "Ошибка аутентификации", "Ошибка авторизации", NULL,
};

static BdClient
identify (const char  *p,
          const char  *end,
          const char **hex)
{
  const char *x;

  *hex = NULL;
  /* Outlook: "(0x800CCC0E)" with a word about sending or an error */
  for (x = p; (x = bd_text_find_ci (x, end, "0x800")) != NULL; x++)
    {
      gboolean ok = end - x >= 10;
      for (int i = 2; ok && i < 10; i++)
        ok = g_ascii_isxdigit (x[i]);
      if (ok && (end - x == 10 || !g_ascii_isxdigit (x[10])))
        {
          *hex = x;
          return CLIENT_OUTLOOK;
        }
    }
  if (bd_text_find (p, end, "Sending of the message failed") != NULL
      || bd_text_find (p, end, "Sending of message failed") != NULL
      || bd_text_find (p, end, "An error occurred while sending mail") != NULL
      || bd_text_find (p, end, "Отправка сообщения не удалась") != NULL
      || bd_text_find (p, end, "Почтовый сервер ответил") != NULL
      || bd_text_find (p, end, "Outgoing server (SMTP)") != NULL)
    return CLIENT_THUNDERBIRD;
  if ((bd_text_find (p, end, " - SMTP - ") != NULL || bd_text_find (p, end, "SMTP - ") != NULL)
      && (bd_text_find (p, end, "Sending error") != NULL || bd_text_find (p, end, "Ошибка SMTP") != NULL
          || bd_text_find (p, end, "Connection timeout") != NULL
          || bd_text_find (p, end, "Cannot connect") != NULL
          || bd_text_find (p, end, "Authentication failed") != NULL
          || bd_text_find (p, end, "Не удается соединиться") != NULL
          || bd_text_find (p, end, "Ошибка отправки") != NULL
          || bd_text_find (p, end, "Ошибка соединения") != NULL))
    return CLIENT_THE_BAT;
  if (bd_text_find (p, end, "Ошибка при отправке") != NULL && bd_text_find (p, end, "(0x") != NULL)
    return CLIENT_OUTLOOK;
  return CLIENT_NONE;
}

static BdStage
stage_from_words (const char *p,
                  const char *end)
{
  if (bd_text_find_ci (p, end, "Sender address rejected") != NULL || bd_text_find_ci (p, end, "sender rejected") != NULL)
    return BD_STAGE_MAIL;
  if (bd_text_find_ci (p, end, "Recipient address rejected") != NULL || bd_text_find_ci (p, end, "message recipient") != NULL
      || bd_text_find_ci (p, end, "Relay access denied") != NULL || bd_text_find_ci (p, end, "User unknown") != NULL)
    return BD_STAGE_RCPT;
  return BD_STAGE_UNKNOWN;
}

gboolean
bd_reader_client (BdDocument *doc,
                  BdReport   *report)
{
  g_autoptr(GString) all = g_string_new (NULL);
  const char *p, *end, *hex = NULL, *m = NULL;
  BdClient client;
  BdFailure *f;
  BdSmtpReply r;
  const char *text_end = NULL;
  gboolean have_reply = FALSE;

  g_return_val_if_fail (doc != NULL, FALSE);
  g_return_val_if_fail (report != NULL, FALSE);

  if (doc->blocks == NULL)
    return FALSE;
  for (guint i = 0; i < doc->blocks->len && all->len < BD_CLIENT_MAX_TEXT; i++)
    {
      BdBlock *b = g_ptr_array_index (doc->blocks, i);
      if (b->kind != BD_BLOCK_BODY || b->text == NULL)
        continue;
      g_string_append_len (all, b->text, MIN (b->len, BD_CLIENT_MAX_TEXT - all->len));
      g_string_append_c (all, '\n');
    }
  p = all->str;
  end = all->str + all->len;

  client = identify (p, end, &hex);
  if (client == CLIENT_NONE)
    return FALSE;

  f = bd_failure_new ();

  /* the server's quoted reply */
  for (guint i = 0; !have_reply && reply_markers[i] != NULL; i++)
    if ((m = bd_text_find_ci (p, end, reply_markers[i])) != NULL)
      have_reply = reply_after (m + strlen (reply_markers[i]), end, &r, &text_end);
  for (guint i = 0; !have_reply && reply_markers_ru[i] != NULL; i++)
    if ((m = bd_text_find (p, end, reply_markers_ru[i])) != NULL)
      have_reply = reply_after (m + strlen (reply_markers_ru[i]), end, &r, &text_end);
  if (have_reply)
    {
      if (r.code >= 200 && r.code < 600)
        f->reply_code = r.code;
      if (r.status[0] != '\0')
        bd_failure_set_status (f, r.status);
      f->diagnostic = clean_diag (r.text, text_end);
      if (f->diagnostic == NULL)
        f->diagnostic = clean_diag (r.start, text_end);
      f->stage = bd_smtp_stage_from_text (r.start, text_end - r.start);
    }

  /* the step, from the code or the words */
  if (hex != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (outlook_codes); i++)
        if (g_ascii_strncasecmp (hex, outlook_codes[i].code, 10) == 0)
          {
            if (outlook_codes[i].stage != BD_STAGE_UNKNOWN)
              f->stage = outlook_codes[i].stage;
            break;
          }
    }
  if (f->stage == BD_STAGE_UNKNOWN && have_reply)
    f->stage = stage_from_words (r.start, text_end);
  if (f->stage == BD_STAGE_UNKNOWN && !have_reply)
    {
      if (find_any (p, end, auth_phrases, FALSE) != NULL)
        f->stage = BD_STAGE_AUTH;
      else if (find_any (p, end, connect_phrases, TRUE) != NULL
               || find_any (p, end, connect_phrases_ru, FALSE) != NULL)
        f->stage = BD_STAGE_CONNECT;
    }
  if (f->stage == BD_STAGE_UNKNOWN && have_reply && (r.code == 535 || r.code == 530))
    f->stage = BD_STAGE_AUTH;
  if (!have_reply && f->diagnostic == NULL)
    {
      /* the program's own words: the quoted message of the dialog */
      const char *q = hex != NULL ? hex : p;
      const char *le = line_end (q, end);
      const char *colon = bd_text_find (q, le, ") : ");
      if (colon != NULL)
        f->diagnostic = clean_diag (colon + 4, le);
      else
        {
          const char *s = p;
          while (s < end && (*s == '\n' || *s == ' '))
            s++;
          f->diagnostic = clean_diag (s, line_end (s, end));
        }
    }

  /* recipient */
  {
    const char *rc = bd_text_find (p, end, "message recipient \"");
    if (rc != NULL)
      {
        const char *a = rc + 19, *b = memchr (a, '"', MIN (end - a, 320));
        if (b != NULL && b > a && memchr (a, '@', b - a) != NULL)
          {
            g_autofree char *s = g_utf8_make_valid (a, b - a);
            f->recipient = g_ascii_strdown (s, -1);
          }
      }
    if (f->recipient == NULL && have_reply && f->stage == BD_STAGE_RCPT)
      f->recipient = addr_in (r.start, text_end);
  }

  /* remote host */
  {
    static const char *const host_markers[] = {
      "Server: ", "Сервер: ", "Outgoing server (SMTP) ", "сервером исходящей почты (SMTP) ",
      "сервера исходящей почты (SMTP) ", "Connecting to SMTP server ", "Task '", "Задача \"",
      "Задача «", "Задача '", NULL,
    };
    for (guint i = 0; f->remote_host == NULL && host_markers[i] != NULL; i++)
      {
        const char *h = bd_text_find (p, end, host_markers[i]);
        if (h != NULL)
          f->remote_host = host_at (h + strlen (host_markers[i]), line_end (h, end));
      }
  }

  bd_failure_update_permanent (f);
  switch (client)
    {
    case CLIENT_OUTLOOK:
      bd_report_set_format (report, "client-error", "outlook");
      break;
    case CLIENT_THUNDERBIRD:
      bd_report_set_format (report, "client-error", "thunderbird");
      break;
    case CLIENT_THE_BAT:
      bd_report_set_format (report, "client-error", "the-bat");
      break;
    case CLIENT_NONE:
    default:
      break;
    }
  report->kind = BD_SOURCE_TEXT;

  /* evidence: the lines that carry the code, the reply or the error */
  {
    const char *ls = p;
    guint lineno = 1;
    guint first = 1;

    if (doc->blocks->len > 0)
      first = ((BdBlock *) g_ptr_array_index (doc->blocks, 0))->first_line;
    while (ls < end)
      {
        const char *le = line_end (ls, end);
        if ((hex != NULL && hex >= ls && hex < le) || (have_reply && r.start >= ls && r.start < le)
            || (m != NULL && m >= ls && m < le)
            || bd_text_find (ls, le, "Sending error") != NULL || bd_text_find (ls, le, "failed") != NULL
            || bd_text_find (ls, le, "не удалась") != NULL)
          {
            if (le > ls && f->evidence->len < 8)
              {
                g_autofree char *t = g_utf8_make_valid (ls, MIN (le - ls, 2048));
                g_strchomp (t);
                bd_failure_add_evidence (f, first + lineno - 1, t, -1);
              }
          }
        ls = le + 1;
        lineno++;
      }
  }

  bd_report_add_failure (report, f);
  return TRUE;
}
