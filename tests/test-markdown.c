/* test-markdown.c: the Markdown report
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "bd-check.h"
#include "bd-classify.h"
#include "bd-diagnose.h"
#include "bd-markdown.h"
#include "bd-test-utils.h"

static BdReport *
load_report (const char *name)
{
  gsize len = 0;
  g_autofree char *data = bd_test_load_sample (name, &len);

  return bd_diagnose_data (data, len, name);
}

static char *
markdown (BdReport     *report,
          const char   *program,
          const char   *server,
          BdWriteFlags  flags)
{
  GString *out = g_string_new (NULL);

  bd_write_markdown (out, report, program, server, flags);
  if (g_getenv ("BD_TEST_DUMP") != NULL)
    fputs (out->str, stderr);
  return g_string_free (out, FALSE);
}

/* The title of the report's most likely cause, translated and filled. */
static char *
top_cause_title (BdReport *report)
{
  g_autoptr(GArray) causes = bd_report_collect_causes (report);
  const BdReportCause *top;

  g_assert_cmpuint (causes->len, >, 0);
  top = &g_array_index (causes, BdReportCause, 0);
  return bd_write_fill_text (top->match->cause->title, top->failure, top->match);
}

/* The text between "## @heading" and the next "## " heading. */
static char *
section (const char *md,
         const char *heading)
{
  g_autofree char *start = g_strdup_printf ("\n## %s\n", heading);
  const char *s = strstr (md, start);
  const char *e;

  g_assert_nonnull (s);
  s += strlen (start);
  while (*s == '\n')
    s++;
  e = strstr (s, "\n## ");
  return e != NULL ? g_strndup (s, e - s) : g_strdup (s);
}

/* Asserts that @line is a whole line of @md inside a fenced code block. */
static void
assert_in_code_block (const char *md,
                      const char *line)
{
  g_auto(GStrv) lines = g_strsplit (md, "\n", -1);
  gboolean in_block = FALSE;
  gboolean found = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "```"))
        in_block = !in_block;
      else if (g_str_equal (lines[i], line))
        {
          g_assert_true (in_block);
          found = TRUE;
        }
    }
  g_assert_false (in_block);
  if (!found)
    g_error ("no line “%s” in:\n%s", line, md);
}

/* Every email address and IP address of @text. */
static GPtrArray *
find_addresses (const char *text)
{
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  GPtrArray *found = g_ptr_array_new_with_free_func (g_free);

  regex = g_regex_new ("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}"
                       "|(?<![0-9.])(?:[0-9]{1,3}\\.){3}[0-9]{1,3}(?![0-9])"
                       "|\\b[0-9a-fA-F]{1,4}(?::[0-9a-fA-F]{0,4}){2,7}\\b",
                       0, 0, NULL);
  g_assert_nonnull (regex);
  g_regex_match (regex, text, 0, &match);
  while (g_match_info_matches (match))
    {
      char *word = g_match_info_fetch (match, 0);
      /* "16:11:36" is a time */
      if (strchr (word, ':') != NULL && strstr (word, "::") == NULL &&
          strlen (word) <= 8)
        g_free (word);
      else
        g_ptr_array_add (found, word);
      g_match_info_next (match, NULL);
    }
  return found;
}

/* Redaction removes every address and IP the plain report had. */
static void
assert_redacted (BdReport   *report,
                 const char *program,
                 const char *server)
{
  g_autofree char *plain = markdown (report, program, server, BD_WRITE_FLAGS_NONE);
  g_autofree char *redacted = markdown (report, program, server, BD_WRITE_FLAGS_REDACT);
  g_autoptr(GPtrArray) addresses = find_addresses (plain);
  g_autoptr(GPtrArray) left = find_addresses (redacted);

  for (guint i = 0; i < addresses->len; i++)
    {
      const char *address = g_ptr_array_index (addresses, i);
      if (strstr (redacted, address) != NULL)
        g_error ("“%s” is still in the redacted report", address);
    }
  /* what looks like an address now is a placeholder */
  for (guint i = 0; i < left->len; i++)
    {
      const char *address = g_ptr_array_index (left, i);
      g_assert_true (g_str_has_prefix (address, "user") || g_str_has_prefix (address, "ipv"));
    }
  /* still the same document */
  g_assert_true (g_str_has_prefix (redacted, "# "));
  g_assert_nonnull (strstr (redacted, "\n## "));
}

static void
assert_no_markers (const char *md)
{
  for (const char *p = md; *p; p++)
    g_assert_true ((guchar) *p >= 0x20 || *p == '\n');
}

static void
test_markdown_seed (void)
{
  g_autoptr(BdReport) report = load_report ("mdaemon-seed.log");
  g_autofree char *md = markdown (report, NULL, NULL, BD_WRITE_FLAGS_NONE);
  g_autofree char *headline = bd_write_dup_headline (report, BD_WRITE_FLAGS_NONE);
  g_autofree char *top = top_cause_title (report);
  g_autofree char *strong = NULL;
  g_autofree char *happened = section (md, "What happened");
  g_autofree char *failures = section (md, "Failed delivery");
  g_autofree char *causes_md = section (md, "Possible causes, most likely first");
  g_autoptr(GArray) causes = bd_report_collect_causes (report);
  BdKb *kb = bd_kb_get_default ();
  g_autofree char *meaning = NULL;
  const char *last = causes_md;

  assert_no_markers (md);
  g_assert_true (g_str_has_prefix (md, "# Bounced email report\n"));
  g_assert_true (g_str_has_suffix (md, "\n"));
  g_assert_false (g_str_has_suffix (md, "\n\n"));

  /* what happened: the most likely cause, and whose problem it is */
  g_assert_cmpstr (headline, ==, "The message does not follow the mail format standard");
  g_assert_cmpstr (headline, ==, top);
  strong = g_strdup_printf ("**%s**\n", headline);
  g_assert_true (g_str_has_prefix (happened, strong));
  g_assert_nonnull (strstr (happened, "**Whose problem it is:** yours (the sender’s computer or mail program)"));
  g_assert_nonnull (strstr (happened, "Date or Message-ID"));

  /* the failure: recipient, codes, stage, the server's words quoted */
  g_assert_nonnull (strstr (failures, "### Failed delivery 1: orders@example.com\n"));
  g_assert_nonnull (strstr (failures, "- **Reply code:** 554 (permanent failure)\n"));
  g_assert_nonnull (strstr (failures, "- **Failed at:** Message transfer (DATA)\n"));
  g_assert_nonnull (strstr (failures, "- **Sender:** accounts@ikubinfo.com\n"));
  g_assert_nonnull (strstr (failures, "- **Client IP address:** 80.78.72.135\n"));
  g_assert_nonnull (strstr (failures, "- **Client introduced itself as (HELO):** RS\n"));
  g_assert_nonnull (strstr (failures, "- **Message size:** 389 bytes\n"));
  g_assert_nonnull (strstr (failures, "**The server said:**\n\n> Message does not conform to standards\n"));
  /* what the codes mean, from the KB */
  meaning = g_strdup_printf ("- **554 — %s:** %s\n",
                             bd_kb_gettext (bd_kb_lookup_reply (kb, 554)->title),
                             bd_kb_gettext (bd_kb_lookup_reply (kb, 554)->explanation));
  g_assert_nonnull (strstr (failures, "**What the codes mean:**\n"));
  g_assert_nonnull (strstr (failures, meaning));

  /* every cause, ranked, with its confidence */
  g_assert_cmpuint (causes->len, >=, 3);
  for (guint i = 0; i < causes->len; i++)
    {
      const BdReportCause *rc = &g_array_index (causes, BdReportCause, i);
      g_autofree char *title = bd_write_fill_text (rc->match->cause->title, rc->failure, rc->match);
      g_autofree char *item = g_strdup_printf ("%u. **%s** — %d %%\n", i + 1, title,
                                               (int) (rc->match->confidence * 100.0 + 0.5));
      const char *at = strstr (causes_md, item);

      if (at == NULL)
        g_error ("no “%s” in:\n%s", item, causes_md);
      g_assert_true (at >= last);
      last = at;
    }
  g_assert_nonnull (strstr (causes_md, "**Block list:** relays.ordb.org (ORDB (Open Relay Database))"));
  g_assert_nonnull (strstr (causes_md, "99 %"));

  /* no answers recorded: no such section */
  g_assert_null (strstr (md, "## Answers to the questions"));

  /* what to do: every audience, records in code blocks */
  g_assert_nonnull (strstr (md, "\n## What to do\n\n### What you can do\n\n#### The message does not follow"));
  g_assert_nonnull (strstr (md, "\n### What your mail administrator should change\n"));
  g_assert_nonnull (strstr (md, "\n### What the recipient can do\n"));
  g_assert_nonnull (strstr (md, "**MDaemon — Find the session and check MDaemon's RFC compliance option**\n"));
  g_assert_nonnull (strstr (md, "\n1. Send the same message to the same recipient from Outlook.\n"));
  assert_in_code_block (md, "135.72.78.80.in-addr.arpa.  PTR  mail.ikubinfo.com.");
  assert_in_code_block (md, "mail.ikubinfo.com  A  80.78.72.135");

  assert_redacted (report, NULL, NULL);
}

static void
test_markdown_filter (void)
{
  g_autoptr(BdReport) report = load_report ("mdaemon-seed.log");
  g_autofree char *all = markdown (report, NULL, NULL, BD_WRITE_FLAGS_NONE);
  g_autofree char *some = markdown (report, "thunderbird", "postfix", BD_WRITE_FLAGS_NONE);
  g_autofree char *user = section (some, "What to do");

  /* everything when nothing is chosen */
  g_assert_nonnull (strstr (all, "**Outlook (classic) — Find out which program built the message**"));
  g_assert_nonnull (strstr (all, "**Thunderbird — Find out which program built the message**"));
  g_assert_nonnull (strstr (all, "**Exim — Check Exim's DATA ACL**"));
  g_assert_nonnull (strstr (all, "**Postfix — Find the Postfix check that refused it**"));

  /* the chosen program and server, plus what is for any */
  g_assert_nonnull (strstr (user, "**Thunderbird — Find out which program built the message**"));
  g_assert_null (strstr (user, "Outlook (classic) —"));
  g_assert_null (strstr (user, "New Outlook —"));
  g_assert_null (strstr (user, "The Bat! —"));
  g_assert_nonnull (strstr (user, "**Pass this report to your mail administrator**"));
  g_assert_nonnull (strstr (user, "**Postfix — Find the Postfix check that refused it**"));
  g_assert_nonnull (strstr (user, "**Postfix — Add a PTR record and use the same name in Postfix**"));
  g_assert_null (strstr (user, "MDaemon —"));
  g_assert_null (strstr (user, "Exim —"));
  g_assert_null (strstr (user, "Microsoft Exchange —"));
  /* recipient fixes always */
  g_assert_nonnull (strstr (user, "### What the recipient can do\n"));
  g_assert_nonnull (strstr (user, "**What you can do as the recipient**"));
  assert_in_code_block (some, "135.72.78.80.in-addr.arpa.  PTR  mail.ikubinfo.com.");
  g_assert_cmpuint (strlen (some), <, strlen (all));

  /* a program without fixes of its own: only what is for any */
  {
    g_autofree char *phone = markdown (report, "phone", "hosted", BD_WRITE_FLAGS_NONE);
    g_assert_nonnull (strstr (phone, "**Phone mail apps — Find out which app built the message**"));
    g_assert_nonnull (strstr (phone, "**Hosted mail (Microsoft 365, Google Workspace, …) — Let your mail provider fix the PTR record**"));
    g_assert_null (strstr (phone, "Thunderbird —"));
    g_assert_null (strstr (phone, "Postfix —"));
  }

  assert_redacted (report, "thunderbird", "postfix");
}

static void
test_markdown_exchange_ru (void)
{
  g_autoptr(BdReport) report = load_report ("exchange2007-ru.eml");
  g_autofree char *md = markdown (report, NULL, "exchange", BD_WRITE_FLAGS_NONE);
  g_autofree char *redacted = markdown (report, NULL, "exchange", BD_WRITE_FLAGS_REDACT);
  g_autofree char *headline = bd_write_dup_headline (report, BD_WRITE_FLAGS_NONE);
  g_autofree char *top = top_cause_title (report);

  assert_no_markers (md);
  g_assert_cmpstr (headline, ==, "A server refused the sender's address");
  g_assert_cmpstr (headline, ==, top);
  g_assert_nonnull (strstr (md, "- **Subject:** Недоставляемое: Отчёт за март\n"));
  g_assert_nonnull (strstr (md, "### Failed delivery 1: mail@mail.ru\n"));
  g_assert_nonnull (strstr (md, "- **Reply code:** 554 (permanent failure)\n"));
  g_assert_nonnull (strstr (md, "- **Enhanced status code:** 5.7.1\n"));
  g_assert_nonnull (strstr (md, "- **Remote server:** www.mydomain.ru\n"));
  g_assert_nonnull (strstr (md, "> 554 5.7.1 : Sender address rejected: Access denied\n"));
  g_assert_nonnull (strstr (md, "- **5.7.1 — Delivery not authorised, message refused:** "));
  g_assert_nonnull (strstr (md, "**Whose problem it is:** your mail server’s (its administrator can fix it)"));
  /* the explanation names the sender, filled from the bounce */
  g_assert_nonnull (strstr (md, "take mail from ivanov@mydomain.ru because"));
  g_assert_null (strstr (md, "MDaemon —"));

  g_assert_null (strstr (redacted, "ivanov@"));
  g_assert_null (strstr (redacted, "mail@mail.ru"));
  g_assert_nonnull (strstr (redacted, "@mydomain.ru"));
  assert_redacted (report, NULL, "exchange");
}

/* Every sample of a cause: the headline is that cause, the report is
 * clean Markdown and redaction leaves no address behind. */
static void
test_markdown_causes (void)
{
  g_autofree char *tsv = bd_test_load_sample ("causes/expected.tsv", NULL);
  g_auto(GStrv) lines = g_strsplit (tsv, "\n", -1);
  BdKb *kb = bd_kb_get_default ();
  guint n = 0;

  for (char **l = lines; *l != NULL; l++)
    {
      g_auto(GStrv) cols = NULL;
      g_autofree char *name = NULL;
      g_autoptr(BdReport) report = NULL;
      g_autofree char *md = NULL;
      g_autofree char *headline = NULL;
      g_autofree char *causes_md = NULL;
      const BdKbCause *expected;
      const BdFailure *f;
      g_autofree char *title = NULL;
      g_autofree char *item = NULL;

      g_strchomp (*l);
      if (**l == '\0' || **l == '#')
        continue;
      cols = g_strsplit (*l, "\t", -1);
      expected = bd_kb_lookup_cause (kb, cols[1]);
      g_assert_nonnull (expected);

      name = g_build_filename ("causes", cols[0], NULL);
      report = load_report (name);
      md = markdown (report, NULL, NULL, BD_WRITE_FLAGS_NONE);
      headline = bd_write_dup_headline (report, BD_WRITE_FLAGS_NONE);
      assert_no_markers (md);
      g_assert_true (g_str_has_prefix (md, "# Bounced email report\n"));

      /* not a failure: the verdict is the headline, no failures listed */
      if (report->not_failure != NULL)
        {
          g_autofree char *strong = NULL;

          g_assert_cmpuint (report->failures->len, ==, 0);
          g_assert_nonnull (report->verdict);
          g_assert_cmpstr (report->verdict->cause->id, ==, expected->id);
          title = bd_write_fill_text (expected->title, NULL, report->verdict);
          g_assert_cmpstr (headline, ==, title);
          strong = g_strdup_printf ("## What happened\n\n**%s**\n", headline);
          g_assert_nonnull (strstr (md, strong));
          g_assert_null (strstr (md, "## Failed deliver"));
          g_assert_null (strstr (md, "Whose problem it is"));
          assert_redacted (report, NULL, NULL);
          n++;
          continue;
        }

      /* the expected cause is ranked, with its confidence */
      g_assert_cmpuint (report->failures->len, >, 0);
      f = g_ptr_array_index (report->failures, 0);
      g_assert_cmpstr (f->cause, ==, expected->id);
      title = bd_write_fill_text (expected->title, f, g_ptr_array_index (f->causes, 0));
      causes_md = section (md, "Possible causes, most likely first");
      item = g_strdup_printf ("**%s** — ", title);
      if (strstr (causes_md, item) == NULL)
        g_error ("%s: no “%s” in:\n%s", cols[0], item, causes_md);
      /* and it is the headline unless another failure has a stronger one */
      if (report->failures->len == 1)
        {
          g_autofree char *strong = g_strdup_printf ("## What happened\n\n**%s**\n", headline);
          g_assert_cmpstr (headline, ==, title);
          g_assert_nonnull (strstr (md, strong));
        }
      /* the codes of the first failure */
      if (f->reply_code != 0)
        {
          g_autofree char *code = g_strdup_printf ("- **Reply code:** %u (", f->reply_code);
          g_assert_nonnull (strstr (md, code));
        }
      if (f->stage != BD_STAGE_UNKNOWN)
        {
          g_autofree char *stage = g_strdup_printf ("- **Failed at:** %s\n", bd_stage_get_label (f->stage));
          g_assert_nonnull (strstr (md, stage));
        }

      assert_redacted (report, NULL, NULL);
      n++;
    }
  g_assert_cmpuint (n, >=, 30);
}

/* Every one of @chars outside code blocks is escaped with a backslash. */
static void
assert_all_escaped (const char *md,
                    const char *chars)
{
  g_auto(GStrv) lines = g_strsplit (md, "\n", -1);
  gboolean in_block = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "```"))
        {
          in_block = !in_block;
          continue;
        }
      if (in_block)
        continue;
      for (const char *p = lines[i]; *p; p++)
        {
          if (*p == '\\' && p[1] != '\0')
            p++;
          else if (strchr (chars, *p) != NULL)
            g_error ("unescaped “%c” in line “%s”", *p, lines[i]);
        }
    }
}

static BdReport *
hostile_report (void)
{
  BdReport *report = bd_report_new ();
  BdFailure *f = bd_failure_new ();

  report->file = g_strdup ("/tmp/[evil](javascript:alert(1)).eml");
  report->subject = g_strdup ("<img src=x onerror=alert(1)> & &amp; `rm -rf`");
  f->recipient = g_strdup ("*_[x](javascript:alert(1))@evil.example");
  f->sender = g_strdup ("jane_roe@shop.example");
  f->reply_code = 550;
  f->status = g_strdup ("5.7.1");
  f->stage = BD_STAGE_RCPT;
  f->remote_host = g_strdup ("mx.[x](javascript:alert(2)).example");
  f->helo = g_strdup ("<script>alert(3)</script>");
  f->client_ip = g_strdup ("192.0.2.45");
  f->diagnostic = g_strdup ("# Heading\n- item\n1. first\n*_[x](javascript:alert(4))_* ![img](http://x/y.png)\n"
                            "```\nfence\n> quote | a | b |\n===\n\x01\x02 control");
  bd_failure_add_evidence (f, 1, "550 5.7.1 Sender address rejected: Access denied", -1);
  bd_report_add_failure (report, f);
  bd_classify_report (report);
  return report;
}

static void
test_markdown_escaping (void)
{
  g_autoptr(BdReport) report = hostile_report ();
  g_autofree char *md = markdown (report, NULL, NULL, BD_WRITE_FLAGS_NONE);
  g_autofree char *redacted = markdown (report, NULL, NULL, BD_WRITE_FLAGS_REDACT);
  g_auto(GStrv) lines = g_strsplit (md, "\n", -1);

  assert_no_markers (md);
  assert_no_markers (redacted);

  /* no link, image, HTML or emphasis made from the bounce's text */
  g_assert_null (strstr (md, "[x]("));
  g_assert_null (strstr (md, "[evil]("));
  g_assert_null (strstr (md, "![img]"));
  assert_all_escaped (md, "<[]`|");
  assert_all_escaped (redacted, "<[]`|");
  g_assert_nonnull (strstr (md, "\\*\\_\\[x\\](javascript:alert(1))@evil.example"));
  g_assert_nonnull (strstr (md, "- **File:** \\[evil\\](javascript:alert(1)).eml\n"));
  g_assert_nonnull (strstr (md, "\\<img src=x onerror=alert(1)> & \\&amp; \\`rm -rf\\`"));
  g_assert_nonnull (strstr (md, "- **Client introduced itself as (HELO):** \\<script>alert(3)\\</script>\n"));
  g_assert_nonnull (strstr (md, "- **Remote server:** mx.\\[x\\](javascript:alert(2)).example\n"));
  /* the server's words: one quoted line each, block syntax escaped */
  g_assert_nonnull (strstr (md, "> \\# Heading\n"
                                "> \\- item\n"
                                "> 1\\. first\n"
                                "> \\*\\_\\[x\\](javascript:alert(4))\\_\\* !\\[img\\](http://x/y.png)\n"
                                "> \\`\\`\\`\n"
                                "> fence\n"
                                "> \\> quote \\| a \\| b \\|\n"
                                "> \\===\n"
                                "> control\n"));
  /* a backslash in the local part would split the address: the sender is
   * written escaped, but redaction saw it whole */
  g_assert_nonnull (strstr (md, "jane\\_roe@shop.example"));
  g_assert_null (strstr (redacted, "jane"));
  g_assert_null (strstr (redacted, "roe@"));
  g_assert_null (strstr (redacted, "192.0.2.45"));
  g_assert_nonnull (strstr (redacted, "@shop.example"));

  /* no line of ours became a code block or a heading by accident */
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_assert_false (g_str_has_prefix (lines[i], "    "));
      if (g_str_has_prefix (lines[i], "#"))
        g_assert_true (g_regex_match_simple ("^#{1,4} [^ ]", lines[i], 0, 0));
    }
}

static void
test_markdown_answers (void)
{
  g_autoptr(BdReport) report = load_report ("mdaemon-seed.log");
  BdKb *kb = bd_kb_get_default ();
  const BdKbQuestion *q1, *q2, *q3;
  BdReportAnswer answers[3];
  g_autofree char *md = NULL;
  g_autofree char *part = NULL;
  g_autofree char *line = NULL;

  g_assert_cmpuint (bd_kb_get_n_questions (kb), >=, 3);
  q1 = bd_kb_get_question (kb, 0);
  q2 = bd_kb_get_question (kb, 1);
  q3 = bd_kb_get_question (kb, 2);
  answers[0] = (BdReportAnswer) { q1, BD_ANSWER_YES };
  answers[1] = (BdReportAnswer) { q2, BD_ANSWER_NO };
  answers[2] = (BdReportAnswer) { q3, BD_ANSWER_UNKNOWN };

  /* an empty array: no section */
  report->answers = g_array_new (FALSE, FALSE, sizeof (BdReportAnswer));
  md = markdown (report, NULL, NULL, BD_WRITE_FLAGS_NONE);
  g_assert_null (strstr (md, "## Answers to the questions"));
  g_clear_pointer (&md, g_free);

  g_array_append_vals (report->answers, answers, 3);
  md = markdown (report, NULL, NULL, BD_WRITE_FLAGS_NONE);
  part = section (md, "Answers to the questions");
  line = g_strdup_printf ("- %s — **Yes**\n", bd_kb_gettext (q1->text));
  g_assert_true (g_str_has_prefix (part, line));
  g_clear_pointer (&line, g_free);
  line = g_strdup_printf ("- %s — **No**\n", bd_kb_gettext (q2->text));
  g_assert_nonnull (strstr (part, line));
  g_clear_pointer (&line, g_free);
  line = g_strdup_printf ("- %s — **Don’t know**\n", bd_kb_gettext (q3->text));
  g_assert_nonnull (strstr (part, line));
  /* before what to do */
  g_assert_true (strstr (md, "## Answers to the questions") < strstr (md, "## What to do"));
}

static BdCheckResult *
check_result (const char    *id,
              const char    *target,
              BdCheckStatus  status,
              const char    *summary)
{
  BdCheckResult *r = g_new0 (BdCheckResult, 1);

  r->id = g_strdup (id);
  r->target = g_strdup (target);
  r->status = status;
  r->summary = g_strdup (summary);
  return r;
}

/* The live checks' results, once they ran, one line each */
static void
test_markdown_checks (void)
{
  g_autoptr(BdReport) report = load_report ("mdaemon-seed.log");
  g_autofree char *md = NULL;
  g_autofree char *redacted = NULL;
  g_autofree char *part = NULL;
  g_autofree char *line = NULL;

  md = markdown (report, NULL, NULL, BD_WRITE_FLAGS_NONE);
  g_assert_null (strstr (md, "## Live checks"));
  g_clear_pointer (&md, g_free);

  report->checks = g_ptr_array_new_with_free_func ((GDestroyNotify) bd_check_result_free);
  g_ptr_array_add (report->checks, check_result ("dns.ptr", "80.78.72.135", BD_CHECK_FAIL,
                                                 "80.78.72.135 has no reverse name."));
  g_ptr_array_add (report->checks, check_result ("dnsbl", "zen.spamhaus.org", BD_CHECK_PASS,
                                                 "Not listed *anywhere*"));
  md = markdown (report, NULL, NULL, BD_WRITE_FLAGS_NONE);
  part = section (md, "Live checks");
  line = g_strdup_printf ("- **problem** — %s — 80.78.72.135: 80.78.72.135 has no reverse name.\n",
                          bd_check_get_title ("dns.ptr"));
  g_assert_true (g_str_has_prefix (part, line));
  /* Markdown in a summary is escaped */
  g_assert_nonnull (strstr (part, "zen.spamhaus.org: Not listed \\*anywhere\\*\n"));
  /* after the answers, before what to do */
  g_assert_true (strstr (md, "## Live checks") < strstr (md, "## What to do"));

  /* hiding addresses covers the checks too */
  redacted = markdown (report, NULL, NULL, BD_WRITE_FLAGS_REDACT);
  g_assert_nonnull (strstr (redacted, "## Live checks"));
  g_assert_null (strstr (redacted, "80.78.72.135"));
}

static void
test_markdown_summary (void)
{
  g_autoptr(BdReport) report = load_report ("mdaemon-seed.log");
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) redacted = g_string_new (NULL);
  g_autofree char *headline = bd_write_dup_headline (report, BD_WRITE_FLAGS_NONE);
  g_autofree char *strong = g_strdup_printf ("**%s**\n", headline);

  bd_write_markdown_summary (out, report, BD_WRITE_FLAGS_NONE);
  g_assert_true (g_str_has_prefix (out->str, "# Bounced email report\n\n"));
  g_assert_nonnull (strstr (out->str, strong));
  g_assert_nonnull (strstr (out->str, "- **Whose problem it is:** yours"));
  g_assert_nonnull (strstr (out->str, "- orders@example.com — 554 (permanent failure) — Message transfer (DATA)\n"));
  g_assert_cmpuint (out->len, <, 600);

  bd_write_markdown_summary (redacted, report, BD_WRITE_FLAGS_REDACT);
  g_assert_null (strstr (redacted->str, "orders@"));
  g_assert_nonnull (strstr (redacted->str, "- user1@example.com — 554"));
}

static void
test_markdown_no_failure (void)
{
  const char *text = "Hello, this is just a note about lunch.\n";
  g_autoptr(BdReport) report = bd_diagnose_data (text, strlen (text), NULL);
  g_autofree char *md = markdown (report, NULL, NULL, BD_WRITE_FLAGS_NONE);
  g_autofree char *headline = bd_write_dup_headline (report, BD_WRITE_FLAGS_NONE);

  g_assert_cmpuint (report->failures->len, ==, 0);
  g_assert_true (g_str_has_prefix (md, "# Bounced email report\n"));
  g_assert_nonnull (strstr (md, "## What happened\n\n**"));
  g_assert_cmpstr (headline, !=, "");
  g_assert_null (strstr (md, "## Failed deliver"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bd/markdown/seed", test_markdown_seed);
  g_test_add_func ("/bd/markdown/filter", test_markdown_filter);
  g_test_add_func ("/bd/markdown/exchange-ru", test_markdown_exchange_ru);
  g_test_add_func ("/bd/markdown/causes", test_markdown_causes);
  g_test_add_func ("/bd/markdown/escaping", test_markdown_escaping);
  g_test_add_func ("/bd/markdown/answers", test_markdown_answers);
  g_test_add_func ("/bd/markdown/checks", test_markdown_checks);
  g_test_add_func ("/bd/markdown/summary", test_markdown_summary);
  g_test_add_func ("/bd/markdown/no-failure", test_markdown_no_failure);

  return g_test_run ();
}
