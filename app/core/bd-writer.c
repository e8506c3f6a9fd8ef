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

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "bd-redact.h"
#include "bd-check.h"
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

/* ------------------------------------------------------------------ */
/* Causes                                                               */

static char *
domain_of (const char *address)
{
  const char *at = address ? strrchr (address, '@') : NULL;
  return at && at[1] ? g_strdup (at + 1) : NULL;
}

/* The PTR owner name of an address: "4.3.2.1.in-addr.arpa." or the
 * nibbles under ip6.arpa. */
static char *
reverse_name (const char *ip)
{
  g_autoptr(GInetAddress) address = ip ? g_inet_address_new_from_string (ip) : NULL;
  const guint8 *bytes;
  GString *name;

  if (address == NULL)
    return NULL;
  bytes = g_inet_address_to_bytes (address);
  name = g_string_new (NULL);
  if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV4)
    {
      g_string_printf (name, "%u.%u.%u.%u.in-addr.arpa.", bytes[3], bytes[2], bytes[1], bytes[0]);
    }
  else
    {
      for (int i = 15; i >= 0; i--)
        g_string_append_printf (name, "%x.%x.", bytes[i] & 0xf, bytes[i] >> 4);
      g_string_append (name, "ip6.arpa.");
    }
  return g_string_free (name, FALSE);
}

/* Fills {placeholders} of a KB text with what the bounce says, or with a
 * hint in angle brackets when it does not say. */
static char *
fill_placeholders (const char         *text,
                   const BdFailure    *f,
                   const BdCauseMatch *m)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *p = text;

  while (*p)
    {
      const char *open = strchr (p, '{');
      const char *close;
      g_autofree char *key = NULL;
      g_autofree char *owned = NULL;
      const char *value = NULL;
      const char *hint = NULL;

      if (open == NULL || (close = strchr (open, '}')) == NULL)
        {
          g_string_append (out, p);
          break;
        }
      g_string_append_len (out, p, open - p);
      key = g_strndup (open + 1, close - open - 1);

      if (g_str_equal (key, "client_ip"))
        value = f ? f->client_ip : NULL, hint = _("<sending server’s IP address>");
      else if (g_str_equal (key, "client_ip_reverse"))
        value = owned = f ? reverse_name (f->client_ip) : NULL,
        hint = _("<sending server’s IP address, reversed>.in-addr.arpa.");
      else if (g_str_equal (key, "helo"))
        value = f ? f->helo : NULL, hint = _("<sending server’s name>");
      else if (g_str_equal (key, "sender"))
        value = f ? f->sender : NULL, hint = _("<sender’s address>");
      else if (g_str_equal (key, "sender_domain"))
        value = owned = f ? domain_of (f->sender) : NULL, hint = _("<your domain>");
      else if (g_str_equal (key, "recipient"))
        value = f ? f->recipient : NULL, hint = _("<recipient’s address>");
      else if (g_str_equal (key, "recipient_domain"))
        value = owned = f ? domain_of (f->recipient) : NULL, hint = _("<recipient’s domain>");
      else if (g_str_equal (key, "remote_host"))
        value = f ? f->remote_host : NULL, hint = _("<the server that refused>");
      else if (g_str_equal (key, "remote_ip"))
        value = f ? f->remote_ip : NULL, hint = _("<that server’s IP address>");
      else if (g_str_equal (key, "size"))
        {
          if (f && f->size >= 0)
            value = owned = g_strdup_printf ("%" G_GINT64_FORMAT, f->size);
          hint = _("<message size>");
        }
      else if (g_str_equal (key, "zone"))
        value = m && m->list ? m->list->zone : NULL, hint = _("<the block list>");
      else if (g_str_equal (key, "status"))
        value = f ? f->status : NULL, hint = _("<status code>");
      else if (g_str_equal (key, "reply_code"))
        {
          if (f && f->reply_code != 0)
            value = owned = g_strdup_printf ("%u", f->reply_code);
          hint = _("<reply code>");
        }

      if (value != NULL)
        g_string_append (out, value);
      else if (hint != NULL)
        g_string_append (out, hint);
      else
        g_string_append_len (out, open, close - open + 1);
      p = close + 1;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
kb_text (const char         *msgid,
         const BdFailure    *f,
         const BdCauseMatch *m)
{
  return fill_placeholders (bd_kb_gettext (msgid), f, m);
}

/**
 * bd_write_fill_text:
 * @msgid: a KB text (untranslated)
 * @failure: (nullable): the failure whose details fill the placeholders
 * @match: (nullable): the cause it is about (for {zone})
 *
 * Returns: the text translated, with its {placeholders} filled from the
 *   bounce or, where it does not say, with a hint in angle brackets
 */
char *
bd_write_fill_text (const char         *msgid,
                    const BdFailure    *failure,
                    const BdCauseMatch *match)
{
  g_return_val_if_fail (msgid != NULL, NULL);

  return kb_text (msgid, failure, match);
}


static void write_meaning_json (Json            *j,
                                const BdFailure *f);

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
  json_key (j, "causes", FALSE);
  json_open (j, '[');
  for (guint i = 0; f->causes != NULL && i < f->causes->len; i++)
    {
      const BdCauseMatch *m = g_ptr_array_index (f->causes, i);
      char conf[G_ASCII_DTOSTR_BUF_SIZE];

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, "{\"id\":");
      bd_json_append_string (out, m->cause->id);
      g_string_append (out, ",\"confidence\":");
      g_string_append (out, g_ascii_formatd (conf, sizeof conf, "%.2f", m->confidence));
      g_string_append (out, ",\"rule\":");
      bd_json_append_string (out, m->rule);
      g_string_append_c (out, '}');
    }
  json_close (j, ']', TRUE);
  json_key (j, "meaning", FALSE);
  write_meaning_json (j, f);
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
write_code_json (Json           *j,
                 const char     *key,
                 gboolean        first,
                 const BdKbCode *code)
{
  json_key (j, key, first);
  if (code == NULL)
    {
      g_string_append (j->out, "null");
      return;
    }
  g_string_append (j->out, "{\"code\":");
  bd_json_append_string (j->out, code->code);
  if (code->provider != NULL)
    {
      g_string_append (j->out, ",\"id\":");
      bd_json_append_string (j->out, code->id);
      g_string_append (j->out, ",\"provider\":");
      bd_json_append_string (j->out, code->provider);
    }
  g_string_append (j->out, ",\"title\":");
  bd_json_append_string (j->out, bd_kb_gettext (code->title));
  g_string_append (j->out, ",\"explanation\":");
  bd_json_append_string (j->out, bd_kb_gettext (code->explanation));
  g_string_append_c (j->out, '}');
}

/* What the codes mean: reply code, status class and detail, provider. */
static void
write_meaning_json (Json            *j,
                    const BdFailure *f)
{
  BdKb *kb = bd_kb_get_default ();

  json_open (j, '{');
  write_code_json (j, "reply", TRUE, f->reply_code ? bd_kb_lookup_reply (kb, f->reply_code) : NULL);
  write_code_json (j, "class", FALSE,
                   f->status ? bd_kb_lookup_class (kb, (guint) (f->status[0] - '0')) : NULL);
  write_code_json (j, "status", FALSE, bd_kb_lookup_status (kb, f->status));
  write_code_json (j, "provider", FALSE, f->provider_code);
  json_close (j, '}', FALSE);
}

static void
write_strv_json (Json               *j,
                 const char * const *strv,
                 gboolean            translate,
                 const BdFailure    *f,
                 const BdCauseMatch *m)
{
  g_string_append_c (j->out, '[');
  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (j->out, ',');
      if (translate)
        {
          g_autofree char *text = kb_text (strv[i], f, m);
          bd_json_append_string (j->out, text);
        }
      else
        bd_json_append_string (j->out, strv[i]);
    }
  g_string_append_c (j->out, ']');
}

static void
write_fix_json (Json               *j,
                const BdKbFix      *fix,
                const BdFailure    *f,
                const BdCauseMatch *m)
{
  g_autofree char *title = kb_text (fix->title, f, m);

  json_open (j, '{');
  json_key (j, "for", TRUE);
  bd_json_append_string (j->out, bd_kb_audience_to_string (fix->audience));
  if (fix->audience == BD_KB_FOR_USER)
    json_key (j, "program", FALSE);
  else if (fix->audience == BD_KB_FOR_ADMIN)
    json_key (j, "server", FALSE);
  if (fix->audience != BD_KB_FOR_RECIPIENT)
    bd_json_append_string (j->out, fix->variant);
  json_key (j, "title", FALSE);
  bd_json_append_string (j->out, title);
  json_key (j, "steps", FALSE);
  write_strv_json (j, fix->steps, TRUE, f, m);
  if (fix->n_records > 0)
    {
      json_key (j, "records", FALSE);
      g_string_append_c (j->out, '[');
      for (guint r = 0; r < fix->n_records; r++)
        {
          g_autofree char *name = fill_placeholders (fix->records[r].name, f, m);
          g_autofree char *value = fill_placeholders (fix->records[r].value, f, m);

          if (r > 0)
            g_string_append_c (j->out, ',');
          g_string_append (j->out, "{\"type\":");
          bd_json_append_string (j->out, fix->records[r].type);
          g_string_append (j->out, ",\"name\":");
          bd_json_append_string (j->out, name);
          g_string_append (j->out, ",\"value\":");
          bd_json_append_string (j->out, value);
          g_string_append_c (j->out, '}');
        }
      g_string_append_c (j->out, ']');
    }
  json_close (j, '}', FALSE);
}

static void
write_list_json (Json            *j,
                 const BdKbDnsbl *list)
{
  json_open (j, '{');
  json_key (j, "zone", TRUE);
  bd_json_append_string (j->out, list->zone);
  json_key (j, "name", FALSE);
  bd_json_append_string (j->out, list->name);
  json_key (j, "state", FALSE);
  bd_json_append_string (j->out, bd_kb_list_state_to_string (list->state));
  json_key (j, "dead_since", FALSE);
  bd_json_append_string (j->out, list->dead_since);
  json_key (j, "summary", FALSE);
  bd_json_append_string (j->out, bd_kb_gettext (list->summary));
  json_key (j, "note", FALSE);
  bd_json_append_string (j->out, bd_kb_gettext (list->note));
  json_key (j, "delist", FALSE);
  bd_json_append_string (j->out, list->delist);
  json_close (j, '}', FALSE);
}

/* The symptom a report was made from (bd_diagnose_symptom), or NULL. */
static const BdKbSymptom *
report_symptom (BdReport *report)
{
  for (guint i = 0; i < report->failures->len; i++)
    {
      const BdFailure *f = g_ptr_array_index (report->failures, i);
      if (f->symptom != NULL)
        return f->symptom;
    }
  return NULL;
}

static const char *
answer_to_string (BdAnswer answer)
{
  return answer == BD_ANSWER_YES ? "yes" : answer == BD_ANSWER_NO ? "no" : "unknown";
}

static void
write_answers_json (Json     *j,
                    BdReport *report)
{
  json_open (j, '[');
  for (guint i = 0; i < report->answers->len; i++)
    {
      const BdReportAnswer *ra = &g_array_index (report->answers, BdReportAnswer, i);

      if (i > 0)
        g_string_append_c (j->out, ',');
      json_newline (j);
      g_string_append (j->out, "{\"id\":");
      bd_json_append_string (j->out, ra->question->id);
      g_string_append (j->out, ",\"answer\":");
      bd_json_append_string (j->out, answer_to_string (ra->answer));
      g_string_append (j->out, ",\"question\":");
      bd_json_append_string (j->out, bd_kb_gettext (ra->question->text));
      g_string_append_c (j->out, '}');
    }
  json_close (j, ']', report->answers->len == 0);
}

static void
write_causes_json (Json     *j,
                   BdReport *report)
{
  g_autoptr(GArray) causes = bd_report_collect_causes (report);

  json_open (j, '[');
  for (guint i = 0; i < causes->len; i++)
    {
      const BdReportCause *rc = &g_array_index (causes, BdReportCause, i);
      const BdCauseMatch *m = rc->match;
      const BdKbCause *cause = m->cause;
      g_autofree char *title = kb_text (cause->title, rc->failure, m);
      g_autofree char *explanation = kb_text (cause->explanation, rc->failure, m);
      char conf[G_ASCII_DTOSTR_BUF_SIZE];

      if (i > 0)
        g_string_append_c (j->out, ',');
      json_newline (j);
      json_open (j, '{');
      json_key (j, "id", TRUE);
      bd_json_append_string (j->out, cause->id);
      json_key (j, "category", FALSE);
      bd_json_append_string (j->out, bd_category_to_string (cause->category));
      json_key (j, "confidence", FALSE);
      g_string_append (j->out, g_ascii_formatd (conf, sizeof conf, "%.2f", m->confidence));
      json_key (j, "owner", FALSE);
      bd_json_append_string (j->out, bd_kb_owner_to_string (cause->owner));
      json_key (j, "title", FALSE);
      bd_json_append_string (j->out, title);
      json_key (j, "explanation", FALSE);
      bd_json_append_string (j->out, explanation);
      json_key (j, "checks", FALSE);
      write_strv_json (j, cause->checks, FALSE, NULL, NULL);
      if (m->list != NULL)
        {
          json_key (j, "list", FALSE);
          write_list_json (j, m->list);
        }
      json_key (j, "evidence", FALSE);
      json_open (j, '[');
      for (guint l = 0; l < rc->lines->len; l++)
        {
          const BdEvidence *ev = g_array_index (rc->lines, const BdEvidence *, l);
          if (l > 0)
            g_string_append_c (j->out, ',');
          g_string_append_printf (j->out, "{\"line\":%u,\"text\":", ev->line);
          bd_json_append_string (j->out, ev->text);
          g_string_append_c (j->out, '}');
        }
      json_close (j, ']', TRUE);
      json_key (j, "fixes", FALSE);
      json_open (j, '[');
      for (guint k = 0; k < cause->n_fixes; k++)
        {
          if (k > 0)
            g_string_append_c (j->out, ',');
          json_newline (j);
          write_fix_json (j, &cause->fixes[k], rc->failure, m);
        }
      json_close (j, ']', cause->n_fixes == 0);
      json_close (j, '}', FALSE);
    }
  json_close (j, ']', causes->len == 0);
}

/* One object per check and target (SPEC §5); details are raw answers. */
static void
write_checks_json (Json      *j,
                   GPtrArray *checks)
{
  json_open (j, '[');
  for (guint i = 0; i < checks->len; i++)
    {
      const BdCheckResult *r = g_ptr_array_index (checks, i);
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      g_autofree char *details = NULL;

      if (i > 0)
        g_string_append_c (j->out, ',');
      json_newline (j);
      json_open (j, '{');
      json_key (j, "id", TRUE);
      bd_json_append_string (j->out, r->id);
      json_key (j, "target", FALSE);
      bd_json_append_string (j->out, r->target);
      json_key (j, "status", FALSE);
      bd_json_append_string (j->out, bd_check_status_to_string (r->status));
      json_key (j, "summary", FALSE);
      bd_json_append_string (j->out, r->summary);
      json_key (j, "details", FALSE);
      if (r->details != NULL)
        json_node_set_object (node, r->details);
      else
        json_node_take_object (node, json_object_new ());
      json_generator_set_root (generator, node);
      details = json_generator_to_data (generator, NULL);
      g_string_append (j->out, details);
      json_key (j, "ms", FALSE);
      g_string_append_printf (j->out, "%" G_GINT64_FORMAT, r->ms);
      json_close (j, '}', FALSE);
    }
  json_close (j, ']', checks->len == 0);
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
  if (report_symptom (report) != NULL)
    {
      json_key (&j, "symptom", FALSE);
      bd_json_append_string (buf, report_symptom (report)->id);
    }
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
  if (report->answers != NULL && report->answers->len > 0)
    {
      json_key (&j, "answers", FALSE);
      write_answers_json (&j, report);
    }
  if (report->checks != NULL)
    {
      json_key (&j, "checks", FALSE);
      write_checks_json (&j, report->checks);
    }
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
write_meaning_text (GString         *out,
                    const BdFailure *f)
{
  BdKb *kb = bd_kb_get_default ();
  const BdKbCode *codes[3] = {
    f->reply_code ? bd_kb_lookup_reply (kb, f->reply_code) : NULL,
    bd_kb_lookup_status (kb, f->status),
    f->provider_code,
  };
  gboolean any = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      const BdKbCode *code = codes[i];
      g_autofree char *title = NULL;

      if (code == NULL)
        continue;
      if (!any)
        g_string_append_printf (out, "    %s:\n", _("What the codes mean"));
      any = TRUE;
      /* the status entry may be a class-independent "x.1.1": show the real code */
      title = g_strdup_printf ("%s — %s", i == 1 ? f->status : code->code, bd_kb_gettext (code->title));
      g_string_append_printf (out, "      %s\n", title);
      g_string_append_printf (out, "        %s\n", bd_kb_gettext (code->explanation));
    }
}

static const char *
owner_label (BdKbOwner owner)
{
  switch (owner)
    {
    case BD_KB_OWNER_USER: return _("yours (the sender’s computer or mail program)");
    case BD_KB_OWNER_SERVER: return _("your mail server’s (its administrator can fix it)");
    case BD_KB_OWNER_RECIPIENT: return _("the recipient’s side");
    default: return "";
    }
}

static char *
percent (double confidence)
{
  /* Translators: a confidence, e.g. "90 %" */
  return g_strdup_printf (_("%d %%"), (int) (confidence * 100.0 + 0.5));
}

static void
write_failure_causes_text (GString         *out,
                           const BdFailure *f)
{
  if (f->causes == NULL || f->causes->len == 0)
    return;

  for (guint i = 0; i < f->causes->len; i++)
    {
      const BdCauseMatch *m = g_ptr_array_index (f->causes, i);
      g_autofree char *title = kb_text (m->cause->title, f, m);
      g_autofree char *conf = percent (m->confidence);

      if (i == 0)
        {
          g_autofree char *explanation = kb_text (m->cause->explanation, f, m);
          /* Translators: "<cause title> (<confidence>)" */
          g_string_append_printf (out, "    %s: %s (%s)\n", _("Most likely cause"), title, conf);
          g_string_append_printf (out, "      %s\n", explanation);
          g_string_append_printf (out, "      %s: %s\n", _("Whose problem it is"), owner_label (m->cause->owner));
        }
      else
        {
          if (i == 1)
            g_string_append_printf (out, "    %s:\n", _("Also possible"));
          g_string_append_printf (out, "      %s (%s)\n", title, conf);
        }
    }
}

static const char *
audience_heading (BdKbAudience audience)
{
  switch (audience)
    {
    case BD_KB_FOR_USER: return _("What you can do");
    case BD_KB_FOR_ADMIN: return _("What your mail administrator should change");
    case BD_KB_FOR_RECIPIENT: return _("What the recipient can do");
    default: return NULL;
    }
}

static void
write_fixes_text (GString           *out,
                  const BdReportCause *rc)
{
  const BdCauseMatch *m = rc->match;
  const BdKbCause *cause = m->cause;
  static const BdKbAudience audiences[] = { BD_KB_FOR_USER, BD_KB_FOR_ADMIN, BD_KB_FOR_RECIPIENT };

  for (guint a = 0; a < G_N_ELEMENTS (audiences); a++)
    {
      gboolean heading = FALSE;

      for (guint k = 0; k < cause->n_fixes; k++)
        {
          const BdKbFix *fix = &cause->fixes[k];
          g_autofree char *title = NULL;

          if (fix->audience != audiences[a])
            continue;
          if (!heading)
            g_string_append_printf (out, "    %s:\n", audience_heading (audiences[a]));
          heading = TRUE;

          title = kb_text (fix->title, rc->failure, m);
          if (g_str_equal (fix->variant, "any"))
            g_string_append_printf (out, "      %s\n", title);
          else
            g_string_append_printf (out, "      %s — %s\n", bd_kb_variant_get_label (fix->variant), title);
          for (guint st = 0; fix->steps[st] != NULL; st++)
            {
              g_autofree char *step = kb_text (fix->steps[st], rc->failure, m);
              g_string_append_printf (out, "        %u. %s\n", st + 1, step);
            }
          for (guint r = 0; r < fix->n_records; r++)
            {
              g_autofree char *name = fill_placeholders (fix->records[r].name, rc->failure, m);
              g_autofree char *value = fill_placeholders (fix->records[r].value, rc->failure, m);
              /* Translators: a DNS record to copy: type, name, value */
              g_string_append_printf (out, "        %s: %s  %s  \"%s\"\n", _("DNS record"),
                                      name, fix->records[r].type, value);
            }
        }
    }
}

static void
write_causes_text (GString  *out,
                   BdReport *report)
{
  g_autoptr(GArray) causes = bd_report_collect_causes (report);
  guint shown = 0;

  for (guint i = 0; i < causes->len; i++)
    {
      const BdReportCause *rc = &g_array_index (causes, BdReportCause, i);
      const BdCauseMatch *m = rc->match;
      g_autofree char *title = kb_text (m->cause->title, rc->failure, m);
      g_autofree char *conf = percent (m->confidence);

      /* The fixes of the likely causes; a weak guess only when nothing better. */
      if (shown > 0 && m->confidence < 0.4)
        continue;
      if (shown == 0)
        g_string_append_printf (out, "  %s\n\n", _("What to do"));
      shown++;

      g_string_append_printf (out, "  %u. %s (%s)\n", shown, title, conf);
      if (m->list != NULL)
        {
          /* Translators: "Block list: <zone> (<name>)" */
          g_string_append_printf (out, "    %s: %s (%s)\n", _("Block list"), m->list->zone, m->list->name);
          if (m->list->note != NULL)
            g_string_append_printf (out, "      %s\n", bd_kb_gettext (m->list->note));
          else if (m->list->summary != NULL)
            g_string_append_printf (out, "      %s\n", bd_kb_gettext (m->list->summary));
          if (m->list->delist != NULL && m->list->state == BD_KB_LIST_ACTIVE)
            g_string_append_printf (out, "      %s: %s\n", _("Delisting"), m->list->delist);
        }
      if (rc->lines->len > 0)
        {
          GString *lines = g_string_new (NULL);
          for (guint l = 0; l < rc->lines->len; l++)
            g_string_append_printf (lines, "%s%u", l ? ", " : "",
                                    g_array_index (rc->lines, const BdEvidence *, l)->line);
          g_string_append_printf (out, "    %s: %s\n", _("Evidence lines"), lines->str);
          g_string_free (lines, TRUE);
        }
      write_fixes_text (out, rc);
      g_string_append_c (out, '\n');
    }
}

/* A symptom the user picked: what they described stands in for the
 * details of a bounce. */
static void
write_symptom_text (GString   *out,
                    BdFailure *f)
{
  g_string_append_printf (out, "  %s: %s\n", _("What you described"),
                          bd_kb_gettext (f->symptom->title));
  g_string_append_printf (out, "    %s\n", bd_kb_gettext (f->symptom->description));
  text_field (out, _("Category"), bd_category_get_label (f->category));
  write_failure_causes_text (out, f);
  g_string_append_c (out, '\n');
}

static void
write_answers_text (GString  *out,
                    BdReport *report)
{
  if (report->answers == NULL || report->answers->len == 0)
    return;

  g_string_append_printf (out, "  %s\n", _("Answers to the questions"));
  for (guint i = 0; i < report->answers->len; i++)
    {
      const BdReportAnswer *ra = &g_array_index (report->answers, BdReportAnswer, i);
      const char *answer = ra->answer == BD_ANSWER_YES ? C_("answer", "Yes") : C_("answer", "No");

      /* Translators: a question and the answer given, "Did you attach large files? — No" */
      g_string_append_printf (out, _("    %s — %s\n"), bd_kb_gettext (ra->question->text), answer);
    }
  g_string_append_c (out, '\n');
}

static void
write_failure_text (GString   *out,
                    BdFailure *f,
                    guint      n)
{
  g_autofree char *codes = NULL;

  if (f->symptom != NULL)
    {
      write_symptom_text (out, f);
      return;
    }

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
  write_meaning_text (out, f);
  write_failure_causes_text (out, f);

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

static void
write_checks_text (GString   *out,
                   GPtrArray *checks)
{
  g_string_append_printf (out, "%s\n", _("Live checks:"));
  if (checks->len == 0)
    g_string_append_printf (out, "  %s\n", _("Nothing to check for this diagnosis."));
  for (guint i = 0; i < checks->len; i++)
    {
      const BdCheckResult *r = g_ptr_array_index (checks, i);

      g_string_append_printf (out, "  [%s] %s — %s\n", bd_check_status_get_label (r->status),
                              bd_check_get_title (r->id), r->target);
      if (r->summary != NULL)
        g_string_append_printf (out, "      %s\n", r->summary);
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
  if (report_symptom (report) != NULL)
    summary = g_strdup (_("No error message: a problem described by the user"));
  else
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
  write_answers_text (buf, report);
  if (report->checks != NULL)
    write_checks_text (buf, report->checks);
  write_causes_text (buf, report);

  if (flags & BD_WRITE_FLAGS_REDACT)
    {
      g_autofree char *redacted = bd_redact_text (buf->str);
      g_string_append (out, redacted);
    }
  else
    g_string_append_len (out, buf->str, buf->len);
}
