/* bd-markdown.c: the report as Markdown, to share with an administrator
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The report is pasted into emails and tickets, so it must read well as
 * plain text and render safely as Markdown. Every text that is not our own
 * Markdown syntax — the server's words, addresses, the KB's texts with
 * their {placeholders} filled from the bounce — is written between two
 * marker bytes. When the document is complete it is redacted as a whole
 * (one pass, so the same address gets the same placeholder everywhere, as
 * in bd_write_text ()), and only then are the marked texts escaped and the
 * markers dropped: escaping first would split an address such as
 * "first_last@example.com" at the backslash and leave half of it behind.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "bd-check.h"
#include "bd-markdown.h"
#include "bd-redact.h"

/* Around text to be shown literally; never left in the output. */
#define TEXT_OPEN  '\001'
#define TEXT_CLOSE '\002'

/* A log may hold thousands of failures; a ticket needs a few. */
#define MAX_FAILURES 20
/* Failures listed in the short summary. */
#define MAX_SUMMARY_FAILURES 5

/* ------------------------------------------------------------------ */
/* Marked text and escaping                                             */

/* Appends @text as one line of literal text: control characters (and so
 * our markers) dropped, line ends and tabs made spaces, outer spaces cut
 * (four leading spaces would start a code block). */
static void
md_text (GString    *out,
         const char *text)
{
  g_autofree char *valid = NULL;
  gsize start;

  if (text == NULL)
    return;

  valid = g_utf8_make_valid (text, -1);
  g_string_append_c (out, TEXT_OPEN);
  start = out->len;
  for (const char *p = valid; *p; p++)
    {
      guchar c = *p;

      if (c == '\t' || c == '\n' || c == '\r')
        c = ' ';
      else if (c < 0x20 || c == 0x7f)
        continue;
      if (c == ' ' && (out->len == start || out->str[out->len - 1] == ' '))
        continue;
      g_string_append_c (out, c);
    }
  while (out->len > start && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
  g_string_append_c (out, TEXT_CLOSE);
}

/* "&name;" or "&#123;" would be read as a character reference. */
static gboolean
is_entity (const char *p)
{
  const char *q = p + 1;

  if (*q == '#')
    q++;
  if (!g_ascii_isalnum (*q))
    return FALSE;
  while (g_ascii_isalnum (*q))
    q++;
  return *q == ';';
}

/* Escapes the marked texts of @in and drops the markers. Only what Markdown
 * (CommonMark and GitHub's flavour) would read as syntax is escaped, so the
 * report stays readable as plain text. */
static char *
md_escape_marked (const char *in)
{
  GString *out = g_string_sized_new (strlen (in) + 64);
  gboolean in_text = FALSE;
  /* only spaces and '>' since the last line end */
  gboolean line_start = TRUE;

  for (const char *p = in; *p; p++)
    {
      char c = *p;

      if (c == TEXT_OPEN || c == TEXT_CLOSE)
        {
          in_text = c == TEXT_OPEN;
          continue;
        }
      if (!in_text)
        {
          g_string_append_c (out, c);
          if (c == '\n')
            line_start = TRUE;
          else if (c != ' ' && c != '>')
            line_start = FALSE;
          continue;
        }

      if (line_start)
        {
          line_start = FALSE;
          /* headings, lists, block quotes, setext underlines */
          if (strchr ("#-+=>", c) != NULL)
            {
              g_string_append_c (out, '\\');
              g_string_append_c (out, c);
              continue;
            }
          /* "2008." would start an ordered list */
          if (g_ascii_isdigit (c))
            {
              while (g_ascii_isdigit (p[1]))
                g_string_append_c (out, *p++);
              g_string_append_c (out, *p);
              if (p[1] == '.' || p[1] == ')')
                g_string_append_c (out, '\\');
              continue;
            }
        }

      if (strchr ("\\`*_[]<|~", c) != NULL || (c == '&' && is_entity (p)))
        g_string_append_c (out, '\\');
      g_string_append_c (out, c);
    }
  return g_string_free (out, FALSE);
}

/* Redacts (when asked) and escapes the finished document. */
static void
md_finish (GString      *out,
           const char   *doc,
           BdWriteFlags  flags)
{
  g_autofree char *redacted = NULL;
  g_autofree char *escaped = NULL;

  if (flags & BD_WRITE_FLAGS_REDACT)
    doc = redacted = bd_redact_text (doc);
  escaped = md_escape_marked (doc);
  g_string_append (out, escaped);
}

/* "Label:" */
static char *
with_colon (const char *label)
{
  /* Translators: a label before its value in the report, e.g. "Sender:" */
  return g_strdup_printf (_("%s:"), label);
}

/* "- **Label:** value" */
static void
md_field (GString    *out,
          const char *label,
          const char *value)
{
  g_autofree char *colon = NULL;

  if (value == NULL || *value == '\0')
    return;
  colon = with_colon (label);
  g_string_append (out, "- **");
  md_text (out, colon);
  g_string_append (out, "** ");
  md_text (out, value);
  g_string_append_c (out, '\n');
}

static void
md_heading (GString    *out,
            guint       level,
            const char *text)
{
  for (guint i = 0; i < level; i++)
    g_string_append_c (out, '#');
  g_string_append_c (out, ' ');
  md_text (out, text);
  g_string_append (out, "\n\n");
}

/* A paragraph in bold; @text must not be empty ("****" is a rule). */
static void
md_strong_line (GString    *out,
                const char *text)
{
  g_string_append (out, "**");
  md_text (out, text != NULL && *text ? text : "-");
  g_string_append (out, "**\n");
}

/* Appends a fenced code block of @lines (verbatim, not escaped). */
static void
md_code_block (GString   *out,
               GPtrArray *lines)
{
  guint longest = 0;
  g_autofree char *fence = NULL;

  for (guint i = 0; i < lines->len; i++)
    {
      guint run = 0;
      for (const char *p = g_ptr_array_index (lines, i); *p; p++)
        {
          run = *p == '`' ? run + 1 : 0;
          longest = MAX (longest, run);
        }
    }
  fence = g_strnfill (MAX (3, longest + 1), '`');

  g_string_append_printf (out, "%s\n", fence);
  for (guint i = 0; i < lines->len; i++)
    {
      for (const char *p = g_ptr_array_index (lines, i); *p; p++)
        {
          guchar c = *p;
          if (c == '\t' || c == '\n' || c == '\r')
            g_string_append_c (out, ' ');
          else if (c >= 0x20 && c != 0x7f)
            g_string_append_c (out, c);
        }
      g_string_append_c (out, '\n');
    }
  g_string_append_printf (out, "%s\n\n", fence);
}

/* ------------------------------------------------------------------ */
/* Texts shared with the plain-text report (same msgids as bd-writer.c)  */

static const char *
owner_label (BdKbOwner owner)
{
  switch (owner)
    {
    case BD_KB_OWNER_USER: return _("yours (the sender’s computer or mail program)");
    case BD_KB_OWNER_SERVER: return _("your mail server’s (its administrator can fix it)");
    case BD_KB_OWNER_RECIPIENT: return _("the recipient’s side");
    default: return NULL;
    }
}

static const char *
not_failure_text (const char *not_failure)
{
  if (g_str_equal (not_failure, "delivered"))
    return _("This is a report of a successful delivery, not a failure.");
  if (g_str_equal (not_failure, "auto-reply"))
    return _("This is an automatic reply (for example an out-of-office message), not a failure.");
  if (g_str_equal (not_failure, "feedback"))
    return _("This is a spam complaint report (ARF) from a mailbox provider, not a delivery failure.");
  return _("This message does not report a delivery failure.");
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

static char *
percent (double confidence)
{
  /* Translators: a confidence, e.g. "90 %" */
  return g_strdup_printf (_("%d %%"), (int) (confidence * 100.0 + 0.5));
}

static const char *
answer_label (BdAnswer answer)
{
  switch (answer)
    {
    case BD_ANSWER_YES: return C_("answer", "Yes");
    case BD_ANSWER_NO: return C_("answer", "No");
    case BD_ANSWER_UNKNOWN:
    default:
      return C_("answer", "Don’t know");
    }
}

/* "554 5.7.1 (permanent failure)", or NULL without codes. */
static char *
codes_text (const BdFailure *f)
{
  const char *kind;

  if (f->reply_code == 0 && f->status == NULL)
    return NULL;
  kind = f->permanent ? _("permanent failure") : _("temporary failure");
  if (f->reply_code != 0 && f->status != NULL)
    return g_strdup_printf ("%u %s (%s)", f->reply_code, f->status, kind);
  if (f->reply_code != 0)
    return g_strdup_printf ("%u (%s)", f->reply_code, kind);
  return g_strdup_printf ("%s (%s)", f->status, kind);
}

static char *
remote_text (const BdFailure *f)
{
  if (f->remote_host != NULL && f->remote_ip != NULL)
    return g_strdup_printf ("%s [%s]", f->remote_host, f->remote_ip);
  return g_strdup (f->remote_host ? f->remote_host : f->remote_ip);
}

/* ------------------------------------------------------------------ */
/* Headline                                                             */

static char *
headline_raw (BdReport            *report,
              const BdReportCause *top)
{
  if (top != NULL)
    return bd_write_fill_text (top->match->cause->title, top->failure, top->match);
  if (report->not_failure != NULL)
    return g_strdup (not_failure_text (report->not_failure));
  if (report->failures->len == 0)
    return g_strdup (_("No failed delivery was found in this text."));
  return g_strdup (_("The cause of the failure could not be determined."));
}

/**
 * bd_write_dup_headline:
 *
 * Returns: (transfer full): the report's headline as plain text
 */
char *
bd_write_dup_headline (BdReport     *report,
                       BdWriteFlags  flags)
{
  g_autoptr(GArray) causes = NULL;
  g_autofree char *headline = NULL;

  g_return_val_if_fail (report != NULL, NULL);

  causes = bd_report_collect_causes (report);
  headline = headline_raw (report, causes->len > 0 ? &g_array_index (causes, BdReportCause, 0) : NULL);
  if (flags & BD_WRITE_FLAGS_REDACT)
    return bd_redact_text (headline);
  return g_steal_pointer (&headline);
}

/* The headline, its explanation, whose problem it is. */
static void
write_what_happened (GString  *out,
                     BdReport *report,
                     GArray   *causes)
{
  const BdReportCause *top = causes->len > 0 ? &g_array_index (causes, BdReportCause, 0) : NULL;
  g_autofree char *headline = headline_raw (report, top);

  md_heading (out, 2, _("What happened"));
  md_strong_line (out, headline);
  g_string_append_c (out, '\n');

  if (top != NULL)
    {
      g_autofree char *explanation = bd_write_fill_text (top->match->cause->explanation,
                                                         top->failure, top->match);
      md_text (out, explanation);
      g_string_append (out, "\n\n");
    }
  if (top != NULL && report->not_failure == NULL)
    {
      g_autofree char *label = with_colon (_("Whose problem it is"));

      g_string_append (out, "**");
      md_text (out, label);
      g_string_append (out, "** ");
      md_text (out, owner_label (top->match->cause->owner));
      g_string_append (out, "\n\n");
    }
  else if (top != NULL && report->not_failure != NULL)
    {
      md_text (out, not_failure_text (report->not_failure));
      g_string_append (out, "\n\n");
    }
}

/* ------------------------------------------------------------------ */
/* Failures                                                             */

static void
write_meaning (GString         *out,
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
        {
          g_autofree char *label = with_colon (_("What the codes mean"));
          md_strong_line (out, label);
          g_string_append_c (out, '\n');
        }
      any = TRUE;
      /* the status entry may be a class-independent "x.1.1": show the real code */
      /* Translators: a code and what it means, e.g. "554 — Transaction failed:" */
      title = g_strdup_printf (_("%s — %s:"), i == 1 ? f->status : code->code,
                               bd_kb_gettext (code->title));
      g_string_append (out, "- **");
      md_text (out, title);
      g_string_append (out, "** ");
      md_text (out, bd_kb_gettext (code->explanation));
      g_string_append_c (out, '\n');
    }
  if (any)
    g_string_append_c (out, '\n');
}

static void
write_failure (GString         *out,
               const BdFailure *f,
               guint            n)
{
  g_autofree char *heading = NULL;
  g_autofree char *remote = remote_text (f);
  g_autofree char *size = NULL;
  const char *kind;

  /* no message: what the user described stands in for the bounce */
  if (f->symptom != NULL)
    {
      md_heading (out, 3, _("What you described"));
      md_text (out, bd_kb_gettext (f->symptom->title));
      g_string_append (out, "\n\n");
      md_text (out, bd_kb_gettext (f->symptom->description));
      g_string_append (out, "\n\n");
      md_field (out, _("Category"), bd_category_get_label (f->category));
      g_string_append_c (out, '\n');
      return;
    }

  /* Translators: a heading, %u is the number of the failure, %s the recipient address */
  heading = g_strdup_printf (_("Failed delivery %u: %s"), n,
                             f->recipient ? f->recipient : _("recipient not stated"));
  md_heading (out, 3, heading);

  /* the kind of failure goes with the first code stated */
  kind = f->permanent ? _("permanent failure") : _("temporary failure");
  if (f->reply_code != 0)
    {
      g_autofree char *reply = g_strdup_printf ("%u (%s)", f->reply_code, kind);
      md_field (out, _("Reply code"), reply);
      md_field (out, _("Enhanced status code"), f->status);
    }
  else if (f->status != NULL)
    {
      g_autofree char *status = g_strdup_printf ("%s (%s)", f->status, kind);
      md_field (out, _("Enhanced status code"), status);
    }
  if (f->stage != BD_STAGE_UNKNOWN)
    md_field (out, _("Failed at"), bd_stage_get_label (f->stage));
  md_field (out, _("Category"), bd_category_get_label (f->category));
  md_field (out, _("Sender"), f->sender);
  md_field (out, _("Remote server"), remote);
  md_field (out, _("Client IP address"), f->client_ip);
  md_field (out, _("Client introduced itself as (HELO)"), f->helo);
  if (f->size >= 0)
    {
      g_autofree char *num = g_strdup_printf ("%" G_GINT64_FORMAT, f->size);
      /* Translators: message size; %s is a number of bytes */
      size = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s byte", "%s bytes",
                                           (gulong) (f->size % 1000000)), num);
      md_field (out, _("Message size"), size);
    }
  g_string_append_c (out, '\n');

  if (f->diagnostic != NULL && *f->diagnostic != '\0')
    {
      g_auto(GStrv) lines = g_strsplit (f->diagnostic, "\n", -1);
      g_autofree char *label = with_colon (_("The server said"));

      md_strong_line (out, label);
      g_string_append_c (out, '\n');
      for (guint i = 0; lines[i] != NULL; i++)
        {
          g_string_append (out, "> ");
          md_text (out, lines[i]);
          g_string_append_c (out, '\n');
        }
      g_string_append_c (out, '\n');
    }

  write_meaning (out, f);
}

static void
write_failures (GString  *out,
                BdReport *report)
{
  guint shown = MIN (report->failures->len, MAX_FAILURES);

  if (report->failures->len == 0)
    return;

  /* a heading, not a count: no plural forms */
  md_heading (out, 2, report->failures->len == 1 ? _("Failed delivery") : _("Failed deliveries"));
  for (guint i = 0; i < shown; i++)
    write_failure (out, g_ptr_array_index (report->failures, i), i + 1);

  if (report->failures->len > shown)
    {
      guint more = report->failures->len - shown;
      /* Translators: after the first failures listed; %u is how many are not */
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "…and %u more failed delivery, not listed here.",
                                                            "…and %u more failed deliveries, not listed here.",
                                                            more), more);
      md_text (out, text);
      g_string_append (out, "\n\n");
    }
}

/* ------------------------------------------------------------------ */
/* Causes and answers                                                   */

static void
write_causes (GString *out,
              GArray  *causes)
{
  if (causes->len == 0)
    return;

  md_heading (out, 2, _("Possible causes, most likely first"));
  for (guint i = 0; i < causes->len; i++)
    {
      const BdReportCause *rc = &g_array_index (causes, BdReportCause, i);
      const BdCauseMatch *m = rc->match;
      g_autofree char *title = bd_write_fill_text (m->cause->title, rc->failure, m);
      g_autofree char *conf = percent (m->confidence);

      /* what belongs to the item is indented as far as its text: "1. " */
      g_autofree char *number = g_strdup_printf ("%u. ", i + 1);
      g_autofree char *indent = g_strnfill (strlen (number), ' ');

      g_string_append_printf (out, "%s**", number);
      md_text (out, title);
      g_string_append (out, "** — ");
      md_text (out, conf);
      g_string_append_c (out, '\n');

      if (m->list != NULL)
        {
          g_autofree char *list = g_strdup_printf ("%s (%s)", m->list->zone, m->list->name);
          const char *about = m->list->note != NULL ? m->list->note : m->list->summary;

          g_string_append (out, indent);
          md_field (out, _("Block list"), list);
          if (about != NULL)
            {
              g_string_append_printf (out, "%s- ", indent);
              md_text (out, bd_kb_gettext (about));
              g_string_append_c (out, '\n');
            }
          if (m->list->delist != NULL && m->list->state == BD_KB_LIST_ACTIVE)
            {
              g_string_append (out, indent);
              md_field (out, _("Delisting"), m->list->delist);
            }
        }
    }
  g_string_append_c (out, '\n');
}

static void
write_answers (GString  *out,
               BdReport *report)
{
  gboolean any = FALSE;

  for (guint i = 0; report->answers != NULL && i < report->answers->len; i++)
    {
      const BdReportAnswer *a = &g_array_index (report->answers, BdReportAnswer, i);
      if (a->question == NULL || a->question->text == NULL)
        continue;
      if (!any)
        md_heading (out, 2, _("Answers to the questions"));
      any = TRUE;

      g_string_append (out, "- ");
      md_text (out, bd_kb_gettext (a->question->text));
      g_string_append (out, " — **");
      md_text (out, answer_label (a->answer));
      g_string_append (out, "**\n");
    }
  if (any)
    g_string_append_c (out, '\n');
}

/* The live checks, when they ran: one line each, as the Checks step
 * showed them (raw answers stay in the JSON export). */
static void
write_checks (GString  *out,
              BdReport *report)
{
  if (report->checks == NULL || report->checks->len == 0)
    return;

  md_heading (out, 2, _("Live checks"));
  for (guint i = 0; i < report->checks->len; i++)
    {
      const BdCheckResult *r = g_ptr_array_index (report->checks, i);

      g_string_append (out, "- **");
      md_text (out, bd_check_status_get_label (r->status));
      g_string_append (out, "** — ");
      md_text (out, bd_check_get_title (r->id));
      if (r->target != NULL)
        {
          g_string_append (out, " — ");
          md_text (out, r->target);
        }
      if (r->summary != NULL)
        {
          g_string_append (out, ": ");
          md_text (out, r->summary);
        }
      g_string_append_c (out, '\n');
    }
  g_string_append_c (out, '\n');
}

/* ------------------------------------------------------------------ */
/* What to do                                                           */

static gboolean
variant_wanted (const char *variant,
                const char *chosen)
{
  return chosen == NULL || *chosen == '\0' ||
         g_strcmp0 (variant, "any") == 0 || g_strcmp0 (variant, chosen) == 0;
}

static gboolean
fix_wanted (const BdKbFix *fix,
            const char    *program,
            const char    *server)
{
  switch (fix->audience)
    {
    case BD_KB_FOR_USER: return variant_wanted (fix->variant, program);
    case BD_KB_FOR_ADMIN: return variant_wanted (fix->variant, server);
    case BD_KB_FOR_RECIPIENT:
    default:
      return TRUE;
    }
}

static void
write_fix (GString             *out,
           const BdKbFix       *fix,
           const BdReportCause *rc)
{
  const BdFailure *f = rc->failure;
  const BdCauseMatch *m = rc->match;
  g_autofree char *title = bd_write_fill_text (fix->title, f, m);

  if (fix->variant == NULL || g_str_equal (fix->variant, "any"))
    md_strong_line (out, title);
  else
    {
      /* Translators: a mail program or server and what to do in it */
      g_autofree char *full = g_strdup_printf (_("%s — %s"), bd_kb_variant_get_label (fix->variant), title);
      md_strong_line (out, full);
    }
  g_string_append_c (out, '\n');

  for (guint st = 0; fix->steps != NULL && fix->steps[st] != NULL; st++)
    {
      g_autofree char *step = bd_write_fill_text (fix->steps[st], f, m);
      g_string_append_printf (out, "%u. ", st + 1);
      md_text (out, step);
      g_string_append_c (out, '\n');
    }
  g_string_append_c (out, '\n');

  if (fix->n_records > 0)
    {
      g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

      for (guint r = 0; r < fix->n_records; r++)
        {
          const BdKbRecord *rec = &fix->records[r];
          g_autofree char *name = bd_write_fill_text (rec->name, f, m);
          g_autofree char *value = bd_write_fill_text (rec->value, f, m);
          gboolean quote = g_ascii_strcasecmp (rec->type, "TXT") == 0 && value[0] != '"';

          g_ptr_array_add (lines, g_strdup_printf (quote ? "%s  %s  \"%s\"" : "%s  %s  %s",
                                                   name, rec->type, value));
        }
      md_code_block (out, lines);
    }
}

static void
write_what_to_do (GString    *out,
                  GArray     *causes,
                  const char *program,
                  const char *server)
{
  static const BdKbAudience audiences[] = { BD_KB_FOR_USER, BD_KB_FOR_ADMIN, BD_KB_FOR_RECIPIENT };
  g_autoptr(GArray) shown = g_array_new (FALSE, FALSE, sizeof (guint));
  gboolean heading = FALSE;

  /* The fixes of the likely causes; a weak guess only when nothing better
   * (as in the plain-text report). */
  for (guint i = 0; i < causes->len; i++)
    {
      const BdReportCause *rc = &g_array_index (causes, BdReportCause, i);

      if (rc->match->cause->n_fixes == 0)
        continue;
      if (shown->len > 0 && rc->match->confidence < 0.4)
        continue;
      g_array_append_val (shown, i);
    }

  for (guint a = 0; a < G_N_ELEMENTS (audiences); a++)
    {
      gboolean audience_heading_done = FALSE;

      for (guint s = 0; s < shown->len; s++)
        {
          const BdReportCause *rc = &g_array_index (causes, BdReportCause,
                                                    g_array_index (shown, guint, s));
          const BdKbCause *cause = rc->match->cause;
          gboolean cause_heading_done = FALSE;

          for (guint k = 0; k < cause->n_fixes; k++)
            {
              const BdKbFix *fix = &cause->fixes[k];

              if (fix->audience != audiences[a] || !fix_wanted (fix, program, server))
                continue;
              if (!heading)
                md_heading (out, 2, _("What to do"));
              heading = TRUE;
              if (!audience_heading_done)
                md_heading (out, 3, audience_heading (audiences[a]));
              audience_heading_done = TRUE;
              if (!cause_heading_done)
                {
                  g_autofree char *title = bd_write_fill_text (cause->title, rc->failure, rc->match);
                  md_heading (out, 4, title);
                }
              cause_heading_done = TRUE;
              write_fix (out, fix, rc);
            }
        }
    }
}

/* ------------------------------------------------------------------ */
/* Documents                                                            */

static void
write_title (GString  *out,
             BdReport *report)
{
  g_autofree char *summary = bd_report_dup_summary (report);

  md_heading (out, 1, _("Bounced email report"));
  md_field (out, _("Input"), summary);
  if (report->file != NULL)
    {
      g_autofree char *base = g_path_get_basename (report->file);
      md_field (out, _("File"), base);
    }
  md_field (out, _("Subject"), report->subject);
  g_string_append_c (out, '\n');
}

/**
 * bd_write_markdown:
 * @program: (nullable): the mail program whose user fixes to show
 * @server: (nullable): the mail server whose admin fixes to show
 *
 * Appends the report as Markdown to @out. With %BD_WRITE_FLAGS_REDACT the
 * addresses and IPs in it are replaced as bd_redact_text () does.
 */
void
bd_write_markdown (GString      *out,
                   BdReport     *report,
                   const char   *program,
                   const char   *server,
                   BdWriteFlags  flags)
{
  g_autoptr(GString) doc = NULL;
  g_autoptr(GArray) causes = NULL;

  g_return_if_fail (out != NULL);
  g_return_if_fail (report != NULL);

  doc = g_string_new (NULL);
  causes = bd_report_collect_causes (report);

  write_title (doc, report);
  write_what_happened (doc, report, causes);
  write_failures (doc, report);
  write_causes (doc, causes);
  write_answers (doc, report);
  write_checks (doc, report);
  write_what_to_do (doc, causes, program, server);

  /* one line end at the end */
  while (doc->len > 0 && doc->str[doc->len - 1] == '\n')
    g_string_truncate (doc, doc->len - 1);
  g_string_append_c (doc, '\n');

  md_finish (out, doc->str, flags);
}

/**
 * bd_write_markdown_summary:
 *
 * Appends a short Markdown summary of @report: title, headline, whose
 * problem it is and one line per failure (the first few).
 */
void
bd_write_markdown_summary (GString      *out,
                           BdReport     *report,
                           BdWriteFlags  flags)
{
  g_autoptr(GString) doc = NULL;
  g_autoptr(GArray) causes = NULL;
  const BdReportCause *top;
  g_autofree char *headline = NULL;
  guint shown;

  g_return_if_fail (out != NULL);
  g_return_if_fail (report != NULL);

  doc = g_string_new (NULL);
  causes = bd_report_collect_causes (report);
  top = causes->len > 0 ? &g_array_index (causes, BdReportCause, 0) : NULL;
  headline = headline_raw (report, top);

  md_heading (doc, 1, _("Bounced email report"));
  md_strong_line (doc, headline);
  g_string_append_c (doc, '\n');
  if (top != NULL && report->not_failure == NULL)
    md_field (doc, _("Whose problem it is"), owner_label (top->match->cause->owner));

  shown = MIN (report->failures->len, MAX_SUMMARY_FAILURES);
  for (guint i = 0; i < shown; i++)
    {
      const BdFailure *f = g_ptr_array_index (report->failures, i);
      g_autoptr(GString) line = g_string_new (f->recipient ? f->recipient : _("recipient not stated"));
      g_autofree char *codes = codes_text (f);

      if (codes != NULL)
        g_string_append_printf (line, " — %s", codes);
      if (f->stage != BD_STAGE_UNKNOWN)
        g_string_append_printf (line, " — %s", bd_stage_get_label (f->stage));
      g_string_append (doc, "- ");
      md_text (doc, line->str);
      g_string_append_c (doc, '\n');
    }
  if (report->failures->len > shown)
    {
      guint more = report->failures->len - shown;
      /* Translators: after the first failures listed; %u is how many are not */
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "…and %u more failed delivery, not listed here.",
                                                            "…and %u more failed deliveries, not listed here.",
                                                            more), more);
      g_string_append (doc, "- ");
      md_text (doc, text);
      g_string_append_c (doc, '\n');
    }

  md_finish (out, doc->str, flags);
}
