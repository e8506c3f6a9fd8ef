/* bd-writer.c: text and JSON output of reports (SPEC §5)
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * JSON is written by hand rather than through JsonGenerator: it is one pass
 * over the report with no intermediate tree, and a log with a million
 * failures must not need a million JsonNodes. tests/test-writer.c parses
 * every output back with json-glib.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "bd-redact.h"
#include "bd-writer.h"

void
bd_json_append_string (GString    *out,
                       const char *str)
{
  const char *p;

  if (str == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  g_string_append_c (out, '"');
  for (p = str; *p; p++)
    {
      guchar c = *p;
      switch (c)
        {
        case '"':  g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        default:
          if (c < 0x20 || c == 0x7f)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, c);
        }
    }
  g_string_append_c (out, '"');
}

typedef struct
{
  GString  *out;
  gboolean  pretty;
  int       depth;
} Json;

static void
json_newline (Json *j)
{
  if (!j->pretty)
    return;
  g_string_append_c (j->out, '\n');
  for (int i = 0; i < j->depth; i++)
    g_string_append (j->out, "  ");
}

static void
json_key (Json       *j,
          const char *key,
          gboolean    first)
{
  if (!first)
    g_string_append_c (j->out, ',');
  json_newline (j);
  bd_json_append_string (j->out, key);
  g_string_append (j->out, j->pretty ? ": " : ":");
}

static void
json_open (Json *j,
           char  c)
{
  g_string_append_c (j->out, c);
  j->depth++;
}

static void
json_close (Json *j,
            char  c,
            gboolean empty)
{
  j->depth--;
  if (!empty)
    json_newline (j);
  g_string_append_c (j->out, c);
}

/* The cause our first, code-only classifier stands for; its confidence
 * says how much the codes alone tell. */
static double
cause_confidence (const char *cause)
{
  if (cause == NULL)
    return 0.1;
  if (g_str_has_prefix (cause, "status."))
    return 0.6;
  if (g_str_has_prefix (cause, "status-subject.") || g_str_has_prefix (cause, "status-class."))
    return 0.4;
  if (g_str_has_prefix (cause, "reply."))
    return 0.3;
  return 0.2;
}

static const char *
category_explanation (BdCategory category)
{
  switch (category)
    {
    case BD_CATEGORY_DNS:
      return _("The receiving server did not trust the sending server's DNS identity: its reverse DNS (PTR), HELO name, SPF, DKIM or DMARC.");
    case BD_CATEGORY_AUTH:
      return _("The server wanted the sender to log in, or refused to pass the message on for this sender.");
    case BD_CATEGORY_SIZE:
      return _("The message is larger than the receiving server accepts.");
    case BD_CATEGORY_BLACKLIST:
      return _("The sending server's address or domain is on a block list, or its reputation is too low.");
    case BD_CATEGORY_RECIPIENT:
      return _("The recipient's address or domain cannot take mail: it does not exist, is disabled, or the mailbox is full.");
    case BD_CATEGORY_CONTENT:
      return _("The receiving server refused the message itself: its content, attachments or headers.");
    case BD_CATEGORY_POLICY:
      return _("A rule of the receiving server refused the message.");
    case BD_CATEGORY_TEMPORARY:
      return _("A temporary problem: the server will usually try again, or a later attempt will work.");
    case BD_CATEGORY_CONNECTION:
      return _("The mail program or server could not connect or talk to the other server.");
    case BD_CATEGORY_NONE:
      return _("This is not a delivery failure.");
    case BD_CATEGORY_OTHER:
    default:
      return _("The codes alone do not say what went wrong.");
    }
}

static void
write_failure_json (Json      *j,
                    BdFailure *f)
{
  GString *out = j->out;

  json_open (j, '{');
  json_key (j, "recipient", TRUE);
  bd_json_append_string (out, f->recipient);
  json_key (j, "sender", FALSE);
  bd_json_append_string (out, f->sender);
  json_key (j, "reply_code", FALSE);
  if (f->reply_code != 0)
    g_string_append_printf (out, "%u", f->reply_code);
  else
    g_string_append (out, "null");
  json_key (j, "status", FALSE);
  bd_json_append_string (out, f->status);
  json_key (j, "permanent", FALSE);
  g_string_append (out, f->permanent ? "true" : "false");
  json_key (j, "stage", FALSE);
  bd_json_append_string (out, bd_stage_to_string (f->stage));
  json_key (j, "remote_host", FALSE);
  bd_json_append_string (out, f->remote_host);
  json_key (j, "remote_ip", FALSE);
  bd_json_append_string (out, f->remote_ip);
  json_key (j, "client_ip", FALSE);
  bd_json_append_string (out, f->client_ip);
  json_key (j, "helo", FALSE);
  bd_json_append_string (out, f->helo);
  json_key (j, "size", FALSE);
  if (f->size >= 0)
    g_string_append_printf (out, "%" G_GINT64_FORMAT, f->size);
  else
    g_string_append (out, "null");
  json_key (j, "diagnostic", FALSE);
  bd_json_append_string (out, f->diagnostic);
  json_key (j, "category", FALSE);
  bd_json_append_string (out, bd_category_to_string (f->category));
  json_key (j, "cause", FALSE);
  bd_json_append_string (out, f->cause);
  json_key (j, "evidence", FALSE);
  json_open (j, '[');
  for (guint i = 0; i < f->evidence->len; i++)
    {
      const BdEvidence *ev = &g_array_index (f->evidence, BdEvidence, i);
      if (i > 0)
        g_string_append_c (out, ',');
      json_newline (j);
      g_string_append_printf (out, "{\"line\":%u,\"text\":", ev->line);
      bd_json_append_string (out, ev->text);
      g_string_append_c (out, '}');
    }
  json_close (j, ']', f->evidence->len == 0);
  json_close (j, '}', FALSE);
}

static void
write_causes_json (Json     *j,
                   BdReport *report)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean first = TRUE;

  json_open (j, '[');
  for (guint i = 0; i < report->failures->len; i++)
    {
      BdFailure *f = g_ptr_array_index (report->failures, i);
      const char *id = f->cause ? f->cause : bd_category_to_string (f->category);
      char conf[G_ASCII_DTOSTR_BUF_SIZE];

      if (!g_hash_table_add (seen, (gpointer) id))
        continue;
      if (!first)
        g_string_append_c (j->out, ',');
      first = FALSE;
      json_newline (j);
      json_open (j, '{');
      json_key (j, "id", TRUE);
      bd_json_append_string (j->out, id);
      json_key (j, "category", FALSE);
      bd_json_append_string (j->out, bd_category_to_string (f->category));
      json_key (j, "confidence", FALSE);
      g_string_append (j->out, g_ascii_formatd (conf, sizeof conf, "%.2f", cause_confidence (f->cause)));
      json_key (j, "title", FALSE);
      bd_json_append_string (j->out, bd_category_get_label (f->category));
      json_key (j, "explanation", FALSE);
      bd_json_append_string (j->out, category_explanation (f->category));
      json_key (j, "checks", FALSE);
      g_string_append (j->out, "[]");
      json_key (j, "fixes", FALSE);
      g_string_append (j->out, "[]");
      json_close (j, '}', FALSE);
    }
  json_close (j, ']', first);
}

void
bd_write_json (GString      *out,
               BdReport     *report,
               BdWriteFlags  flags)
{
  Json j = { NULL, (flags & BD_WRITE_FLAGS_PRETTY) != 0, 0 };
  g_autoptr(GString) buf = NULL;

  g_return_if_fail (out != NULL);
  g_return_if_fail (report != NULL);

  buf = g_string_new (NULL);
  j.out = buf;

  json_open (&j, '{');
  json_key (&j, "schema", TRUE);
  g_string_append (buf, "1");
  json_key (&j, "file", FALSE);
  bd_json_append_string (buf, report->file);

  json_key (&j, "source", FALSE);
  json_open (&j, '{');
  json_key (&j, "kind", TRUE);
  bd_json_append_string (buf, bd_source_kind_to_string (report->kind));
  json_key (&j, "format", FALSE);
  bd_json_append_string (buf, report->format);
  json_key (&j, "mta", FALSE);
  bd_json_append_string (buf, report->mta);
  json_key (&j, "bytes", FALSE);
  g_string_append_printf (buf, "%" G_GUINT64_FORMAT, report->bytes);
  json_key (&j, "not_failure", FALSE);
  bd_json_append_string (buf, report->not_failure);
  json_key (&j, "subject", FALSE);
  bd_json_append_string (buf, report->subject);
  json_close (&j, '}', FALSE);

  json_key (&j, "failures", FALSE);
  json_open (&j, '[');
  for (guint i = 0; i < report->failures->len; i++)
    {
      if (i > 0)
        g_string_append_c (buf, ',');
      json_newline (&j);
      write_failure_json (&j, g_ptr_array_index (report->failures, i));
    }
  json_close (&j, ']', report->failures->len == 0);

  json_key (&j, "causes", FALSE);
  write_causes_json (&j, report);
  json_close (&j, '}', FALSE);

  if (flags & BD_WRITE_FLAGS_REDACT)
    {
      g_autofree char *redacted = bd_redact_text (buf->str);
      g_string_append (out, redacted);
    }
  else
    g_string_append_len (out, buf->str, buf->len);
}

/* ------------------------------------------------------------------ */
/* Text                                                                 */

static void
text_field (GString    *out,
            const char *label,
            const char *value)
{
  if (value == NULL || *value == '\0')
    return;
  g_string_append_printf (out, "    %s: %s\n", label, value);
}

static const char *
stage_command (BdStage stage)
{
  switch (stage)
    {
    case BD_STAGE_CONNECT: return _("connecting, before any command");
    case BD_STAGE_HELO: return _("HELO/EHLO: the sending server introduced itself");
    case BD_STAGE_MAIL: return _("MAIL FROM: the sender address was given");
    case BD_STAGE_RCPT: return _("RCPT TO: the recipient address was given");
    case BD_STAGE_DATA: return _("DATA: the message itself was sent");
    case BD_STAGE_AUTH: return _("AUTH: logging in to the server");
    case BD_STAGE_STARTTLS: return _("STARTTLS: switching to an encrypted connection");
    case BD_STAGE_UNKNOWN:
    default:
      return NULL;
    }
}

static void
write_failure_text (GString   *out,
                    BdFailure *f,
                    guint      n)
{
  g_autofree char *codes = NULL;

  /* Translators: a heading, %u is the number of the failure, %s the recipient address */
  g_string_append_printf (out, _("  Failed delivery %u: %s\n"), n,
                          f->recipient ? f->recipient : _("recipient not stated"));

  if (f->reply_code != 0 || f->status != NULL)
    {
      const char *kind = f->permanent ? _("permanent failure") : _("temporary failure");
      if (f->reply_code != 0 && f->status != NULL)
        codes = g_strdup_printf ("%u %s (%s)", f->reply_code, f->status, kind);
      else if (f->reply_code != 0)
        codes = g_strdup_printf ("%u (%s)", f->reply_code, kind);
      else
        codes = g_strdup_printf ("%s (%s)", f->status, kind);
      text_field (out, _("Codes"), codes);
    }
  text_field (out, _("Category"), bd_category_get_label (f->category));
  text_field (out, _("Failed at"), stage_command (f->stage));
  text_field (out, _("Sender"), f->sender);
  if (f->remote_host != NULL || f->remote_ip != NULL)
    {
      g_autofree char *remote = NULL;
      if (f->remote_host != NULL && f->remote_ip != NULL)
        remote = g_strdup_printf ("%s [%s]", f->remote_host, f->remote_ip);
      else
        remote = g_strdup (f->remote_host ? f->remote_host : f->remote_ip);
      text_field (out, _("Remote server"), remote);
    }
  text_field (out, _("Client IP address"), f->client_ip);
  text_field (out, _("Client introduced itself as (HELO)"), f->helo);
  if (f->size >= 0)
    {
      /* Translators: message size; %s is a number of bytes */
      g_autofree char *num = g_strdup_printf ("%" G_GINT64_FORMAT, f->size);
      g_autofree char *size = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s byte", "%s bytes",
                                                            (gulong) (f->size % 1000000)), num);
      text_field (out, _("Message size"), size);
    }
  text_field (out, _("The server said"), f->diagnostic);
  if (f->category != BD_CATEGORY_NONE)
    text_field (out, _("What it means"), category_explanation (f->category));

  if (f->evidence->len > 0)
    {
      g_string_append_printf (out, "    %s:\n", _("Evidence"));
      for (guint i = 0; i < f->evidence->len; i++)
        {
          const BdEvidence *ev = &g_array_index (f->evidence, BdEvidence, i);
          /* Translators: "line 12: <text of that line>" */
          g_string_append_printf (out, _("      line %u: %s\n"), ev->line, ev->text);
        }
    }
  g_string_append_c (out, '\n');
}

void
bd_write_text (GString      *out,
               BdReport     *report,
               BdWriteFlags  flags)
{
  g_autoptr(GString) buf = NULL;
  g_autofree char *summary = NULL;

  g_return_if_fail (out != NULL);
  g_return_if_fail (report != NULL);

  buf = g_string_new (NULL);
  if (report->file != NULL)
    g_string_append_printf (buf, "%s\n", report->file);
  summary = bd_report_dup_summary (report);
  g_string_append_printf (buf, "  %s\n", summary);
  if (report->subject != NULL)
    g_string_append_printf (buf, "  %s: %s\n", _("Subject"), report->subject);
  g_string_append_c (buf, '\n');

  if (report->not_failure != NULL)
    {
      const char *what;
      if (g_str_equal (report->not_failure, "delivered"))
        what = _("This is a report of a successful delivery, not a failure.");
      else if (g_str_equal (report->not_failure, "auto-reply"))
        what = _("This is an automatic reply (for example an out-of-office message), not a failure.");
      else if (g_str_equal (report->not_failure, "feedback"))
        what = _("This is a spam complaint report (ARF) from a mailbox provider, not a delivery failure.");
      else
        what = _("This message does not report a delivery failure.");
      g_string_append_printf (buf, "  %s\n\n", what);
    }

  for (guint i = 0; i < report->failures->len; i++)
    write_failure_text (buf, g_ptr_array_index (report->failures, i), i + 1);

  if (flags & BD_WRITE_FLAGS_REDACT)
    {
      g_autofree char *redacted = bd_redact_text (buf->str);
      g_string_append (out, redacted);
    }
  else
    g_string_append_len (out, buf->str, buf->len);
}
