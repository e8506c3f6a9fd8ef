/* test-classify.c: tests of the classifier and the enum names
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bd-classify.h"

typedef struct
{
  guint       code;
  const char *status;
  BdStage     stage;
  const char *diagnostic;
  const char *cause;
} ClassifyCase;

/* The codes alone (data/kb/rules.json, "code.*" rules), then the words. */
static const ClassifyCase classify_cases[] = {
  /* codes only */
  { 550, "5.1.1",   BD_STAGE_RCPT,    NULL, "recipient.unknown-user" },
  { 550, "5.1.2",   BD_STAGE_UNKNOWN, NULL, "recipient.no-domain" },
  { 0,   "5.1.10",  BD_STAGE_UNKNOWN, NULL, "recipient.no-domain" },
  { 552, "5.2.2",   BD_STAGE_RCPT,    NULL, "recipient.mailbox-full" },
  { 552, "5.3.4",   BD_STAGE_DATA,    NULL, "size.too-large" },
  { 552, NULL,      BD_STAGE_UNKNOWN, NULL, "size.too-large" },
  { 535, "5.7.8",   BD_STAGE_AUTH,    NULL, "auth.login-failed" },
  { 530, NULL,      BD_STAGE_UNKNOWN, NULL, "auth.login-required" },
  { 550, "5.7.25",  BD_STAGE_UNKNOWN, NULL, "dns.ptr-missing" },
  { 550, "5.4.6",   BD_STAGE_UNKNOWN, NULL, "connection.loop" },
  { 500, NULL,      BD_STAGE_UNKNOWN, NULL, "other.protocol" },
  { 0,   "4.4.7",   BD_STAGE_UNKNOWN, NULL, "temporary.expired" },
  { 550, "5.7.606", BD_STAGE_UNKNOWN, NULL, "blacklist.provider-block" },
  { 0,   NULL,      BD_STAGE_UNKNOWN, NULL, "other.unknown" },
  /* the words decide */
  { 554, "5.7.1", BD_STAGE_RCPT,
    "Service unavailable; Client host [203.0.113.5] blocked using zen.spamhaus.org",
    "blacklist.dnsbl-listed" },
  { 554, "5.7.1", BD_STAGE_RCPT, "<a@example.com>: Relay access denied", "auth.relay-denied" },
  { 550, NULL, BD_STAGE_MAIL, "Пересылка запрещена", "auth.relay-denied" },
  { 450, "4.7.1", BD_STAGE_RCPT, "Recipient address rejected: Greylisted, please try again later",
    "temporary.greylisting" },
  { 554, NULL, BD_STAGE_DATA, "Message does not conform to standards", "content.rfc-noncompliant" },
  { 550, "5.7.1", BD_STAGE_DATA, "Message rejected: this message looks like SPAM", "content.spam" },
  { 554, "5.7.1", BD_STAGE_DATA, "Ваше письмо похоже на спам", "content.spam" },
  { 550, "5.7.1", BD_STAGE_RCPT, "Virus found in message", "content.virus" },
  { 530, "5.7.0", BD_STAGE_MAIL, "Must issue a STARTTLS command first", "auth.tls-required" },
  { 450, "4.7.1", BD_STAGE_RCPT,
    "Client host rejected: cannot find your reverse hostname, [203.0.113.9]", "dns.ptr-missing" },
  { 554, "5.7.1", BD_STAGE_UNKNOWN, "<mail@example.ru>: Sender address rejected: Access denied",
    "policy.sender-rejected" },
  { 552, "5.2.2", BD_STAGE_RCPT, "Mailbox is full / Блок переполнен", "recipient.mailbox-full" },
  { 550, "5.7.1", BD_STAGE_RCPT,
    "Unfortunately, messages from [203.0.113.20] weren't sent. Please contact your Internet service "
    "provider since part of their network is on our block list (S3150).", "blacklist.provider-block" },
};

static BdFailure *
failure_new (guint       code,
             const char *status,
             BdStage     stage,
             const char *diagnostic)
{
  BdFailure *failure = bd_failure_new ();

  failure->reply_code = code;
  failure->status = g_strdup (status);
  failure->stage = stage;
  failure->diagnostic = g_strdup (diagnostic);
  return failure;
}

static void
test_cases (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (classify_cases); i++)
    {
      const ClassifyCase *c = &classify_cases[i];
      g_autoptr(BdFailure) f = failure_new (c->code, c->status, c->stage, c->diagnostic);
      const BdCauseMatch *top;

      bd_classify_failure (NULL, f, NULL);
      g_assert_nonnull (f->causes);
      g_assert_cmpuint (f->causes->len, >=, 1);
      top = g_ptr_array_index (f->causes, 0);
      g_test_message ("case %u: %u %s %s → %s (%.2f, rule %s)", i, c->code, c->status,
                      c->diagnostic ? c->diagnostic : "", top->cause->id, top->confidence,
                      top->rule ? top->rule : "-");
      g_assert_cmpstr (f->cause, ==, c->cause);
      g_assert_cmpstr (top->cause->id, ==, c->cause);
      g_assert_cmpint (f->category, ==, top->cause->category);
      g_assert_cmpfloat (top->confidence, >, 0.0);
      g_assert_cmpfloat (top->confidence, <, 1.0);
      /* ranked */
      for (guint k = 1; k < f->causes->len; k++)
        g_assert_cmpfloat (((BdCauseMatch *) g_ptr_array_index (f->causes, k - 1))->confidence, >=,
                           ((BdCauseMatch *) g_ptr_array_index (f->causes, k))->confidence);
    }
}

/* The text outranks the code: "550 5.1.1" alone is an unknown user, but
 * with "blocked using" the words say what really happened. */
static void
test_words_win (void)
{
  g_autoptr(BdFailure) f = failure_new (550, "5.7.1", BD_STAGE_RCPT,
                                        "Rejected because 203.0.113.7 is in a black list at b.barracudacentral.org");
  const BdCauseMatch *top;

  bd_classify_failure (NULL, f, NULL);
  top = g_ptr_array_index (f->causes, 0);
  g_assert_cmpstr (top->cause->id, ==, "blacklist.dnsbl-listed");
  g_assert_nonnull (top->list);
  g_assert_cmpstr (top->list->zone, ==, "b.barracudacentral.org");
  g_assert_cmpfloat (top->confidence, >=, 0.8);
}

/* Log lines around the reply: the PTR lookup and a dead DNSBL. */
static void
test_context (void)
{
  g_autoptr(BdFailure) f = failure_new (554, NULL, BD_STAGE_DATA, "Message does not conform to standards");
  gboolean ptr = FALSE, dead = FALSE;

  bd_failure_add_evidence (f, 3, "Mon 2008-10-20 16:11:36: * No PTR records found", -1);
  bd_failure_add_evidence (f, 20, "Mon 2008-10-20 16:11:36: * relays.ordb.org - failed", -1);
  bd_failure_add_evidence (f, 30, "Mon 2008-10-20 16:11:37: --> 554 Message does not conform to standards", -1);
  bd_classify_failure (NULL, f, "mdaemon");

  g_assert_cmpstr (f->cause, ==, "content.rfc-noncompliant");
  for (guint i = 1; i < f->causes->len; i++)
    {
      const BdCauseMatch *m = g_ptr_array_index (f->causes, i);
      if (g_str_equal (m->cause->id, "dns.ptr-missing"))
        {
          ptr = TRUE;
          g_assert_cmpuint (m->lines->len, ==, 1);
          g_assert_cmpuint (g_array_index (m->lines, guint, 0), ==, 3);
        }
      if (g_str_equal (m->cause->id, "blacklist.dead-list"))
        {
          dead = TRUE;
          g_assert_nonnull (m->list);
          g_assert_cmpstr (m->list->zone, ==, "relays.ordb.org");
          g_assert_cmpuint (m->lines->len, ==, 1);
          g_assert_cmpuint (g_array_index (m->lines, guint, 0), ==, 20);
        }
    }
  g_assert_true (ptr);
  g_assert_true (dead);
  /* the top cause points at the reply line */
  g_assert_cmpuint (((BdCauseMatch *) g_ptr_array_index (f->causes, 0))->lines->len, >=, 1);
}

/* tests/data/classify/replies.tsv: servers' replies, in many wordings and
 * two languages, each with the cause it must get; every miss is listed. */
static void
test_replies (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "classify", "replies.tsv", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0, ok = 0;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);
  for (char **l = lines; *l != NULL; l++)
    {
      g_auto(GStrv) cols = NULL;
      g_autoptr(BdFailure) f = NULL;
      guint64 code;

      if (**l == '\0' || **l == '#')
        continue;
      cols = g_strsplit (*l, "\t", 5);
      g_assert_cmpuint (g_strv_length (cols), ==, 5);
      g_assert_nonnull (bd_kb_lookup_cause (bd_kb_get_default (), cols[3]));
      code = g_str_equal (cols[0], "-") ? 0 : g_ascii_strtoull (cols[0], NULL, 10);
      f = failure_new ((guint) code, g_str_equal (cols[1], "-") ? NULL : cols[1],
                       g_str_equal (cols[2], "unknown") ? BD_STAGE_UNKNOWN : bd_stage_from_string (cols[2]),
                       cols[4]);
      bd_classify_failure (NULL, f, NULL);
      n++;
      if (g_strcmp0 (f->cause, cols[3]) == 0)
        ok++;
      else
        g_test_message ("MISS %s → %s: %s", cols[3], f->cause, cols[4]);
    }
  g_test_message ("%u/%u replies get their cause", ok, n);
  g_assert_cmpuint (n, >=, 150);
  g_assert_cmpuint (ok, ==, n);
}

/* Built by hand so that the test only needs the classifier itself. */
static void
test_report (void)
{
  BdReport report = { 0, };
  BdFailure *a, *b, *c;

  report.failures = g_ptr_array_new_with_free_func ((GDestroyNotify) bd_failure_free);
  a = failure_new (550, "5.1.1", BD_STAGE_RCPT, NULL);
  b = failure_new (552, NULL, BD_STAGE_DATA, NULL);
  c = failure_new (0, NULL, BD_STAGE_UNKNOWN, NULL);
  a->cause = g_strdup ("old.cause");
  c->category = BD_CATEGORY_DNS;
  c->cause = g_strdup ("old.cause");
  g_ptr_array_add (report.failures, a);
  g_ptr_array_add (report.failures, b);
  g_ptr_array_add (report.failures, c);

  bd_classify_report (&report);
  g_assert_cmpint (a->category, ==, BD_CATEGORY_RECIPIENT);
  g_assert_cmpstr (a->cause, ==, "recipient.unknown-user");
  g_assert_cmpint (b->category, ==, BD_CATEGORY_SIZE);
  g_assert_cmpstr (b->cause, ==, "size.too-large");
  g_assert_cmpint (c->category, ==, BD_CATEGORY_OTHER);
  g_assert_cmpstr (c->cause, ==, "other.unknown");

  /* A copy keeps the causes. */
  {
    g_autoptr(BdFailure) copy = bd_failure_copy (a);
    g_assert_cmpuint (copy->causes->len, ==, a->causes->len);
    g_assert_true (((BdCauseMatch *) g_ptr_array_index (copy->causes, 0))->cause ==
                   ((BdCauseMatch *) g_ptr_array_index (a->causes, 0))->cause);
  }

  /* Not a failure: nothing is touched. */
  report.not_failure = (char *) "delivered";
  a->category = BD_CATEGORY_NONE;
  bd_classify_report (&report);
  g_assert_cmpint (a->category, ==, BD_CATEGORY_NONE);
  /* … but the report gets its none.* cause, with fixes to show */
  g_assert_nonnull (report.verdict);
  g_assert_cmpstr (report.verdict->cause->id, ==, "none.delivered");
  g_assert_cmpint (report.verdict->cause->category, ==, BD_CATEGORY_NONE);
  report.not_failure = (char *) "auto-reply";
  bd_classify_report (&report);
  g_assert_cmpstr (report.verdict->cause->id, ==, "none.auto-reply");
  g_clear_pointer (&report.verdict, bd_cause_match_free);

  /* No failures array at all. */
  g_ptr_array_unref (report.failures);
  report.failures = NULL;
  report.not_failure = NULL;
  bd_classify_report (&report);
}

/* The seed case: one machine's message refused as not conforming to the
 * standards, with no PTR record and a dead DNSBL in the log. */
static BdReport *
seed_report (void)
{
  BdReport *report = bd_report_new ();
  BdFailure *f = failure_new (554, NULL, BD_STAGE_DATA, "Message does not conform to standards");

  bd_failure_add_evidence (f, 3, "Accepting SMTP connection from [80.78.72.135 : 43579]", -1);
  bd_failure_add_evidence (f, 5, "* No PTR records found", -1);
  bd_failure_add_evidence (f, 12, "* relays.ordb.org - failed", -1);
  bd_failure_add_evidence (f, 20, "--> 554 Message does not conform to standards", -1);
  bd_report_add_failure (report, f);
  bd_classify_report (report);
  return report;
}

typedef struct
{
  const BdKbCause *cause;
  double           confidence;
  const char      *rule;
  guint            n_lines;
} Snapshot;

static GArray *
snapshot (const BdFailure *f)
{
  GArray *snap = g_array_new (FALSE, FALSE, sizeof (Snapshot));

  for (guint i = 0; i < f->causes->len; i++)
    {
      const BdCauseMatch *m = g_ptr_array_index (f->causes, i);
      Snapshot s = { m->cause, m->confidence, m->rule, m->lines->len };
      g_array_append_val (snap, s);
    }
  return snap;
}

/* Exactly the same ranking, bit for bit. */
static void
assert_snapshot (const BdFailure *f,
                 GArray          *snap)
{
  g_assert_cmpuint (f->causes->len, ==, snap->len);
  for (guint i = 0; i < snap->len; i++)
    {
      const BdCauseMatch *m = g_ptr_array_index (f->causes, i);
      const Snapshot *s = &g_array_index (snap, Snapshot, i);

      g_assert_true (m->cause == s->cause);
      g_assert_true (m->confidence == s->confidence);
      g_assert_true (m->base == s->confidence);
      g_assert_true (m->rule == s->rule);
      g_assert_null (m->added_by);
      g_assert_cmpuint (m->lines->len, ==, s->n_lines);
    }
  g_assert_cmpstr (f->cause, ==, g_array_index (snap, Snapshot, 0).cause->id);
  g_assert_cmpint (f->category, ==, g_array_index (snap, Snapshot, 0).cause->category);
}

static const BdCauseMatch *
find_cause (const BdFailure *f,
            const char      *id)
{
  for (guint i = 0; i < f->causes->len; i++)
    {
      const BdCauseMatch *m = g_ptr_array_index (f->causes, i);
      if (g_str_equal (m->cause->id, id))
        return m;
    }
  return NULL;
}

static GHashTable *
answers_new (void)
{
  return g_hash_table_new (g_str_hash, g_str_equal);
}

static void
answer (GHashTable *answers,
        const char *id,
        BdAnswer    value)
{
  g_assert_nonnull (bd_kb_lookup_question (bd_kb_get_default (), id));
  g_hash_table_insert (answers, (gpointer) id, GINT_TO_POINTER (value));
}

static void
log_ranking (const char      *what,
             const BdFailure *f)
{
  for (guint i = 0; i < f->causes->len; i++)
    {
      const BdCauseMatch *m = g_ptr_array_index (f->causes, i);
      g_test_message ("%s %u: %s %.3f (base %.3f)", what, i, m->cause->id, m->confidence, m->base);
    }
}

static void
test_answers (void)
{
  BdKb *kb = bd_kb_get_default ();
  g_autoptr(BdReport) report = seed_report ();
  BdFailure *f = g_ptr_array_index (report->failures, 0);
  g_autoptr(GArray) original = snapshot (f);
  const BdCauseMatch *rfc, *helo;
  double rfc_before;

  log_ranking ("classifier", f);
  g_assert_cmpstr (f->cause, ==, "content.rfc-noncompliant");
  rfc = find_cause (f, "content.rfc-noncompliant");
  rfc_before = rfc->confidence;
  g_assert_null (find_cause (f, "dns.helo-invalid"));

  /* no answer at all: nothing changes */
  bd_classify_apply_answers (kb, report, NULL);
  assert_snapshot (f, original);
  g_assert_true (report->answers == NULL || report->answers->len == 0);

  /* A device that sends by itself: the format problem gets likelier, and
   * a bad HELO name, which the bounce did not mention, comes in. */
  {
    g_autoptr(GHashTable) answers = answers_new ();

    answer (answers, "q.device-sender", BD_ANSWER_YES);
    g_assert_true (bd_kb_question_applies (bd_kb_lookup_question (kb, "q.device-sender"), report));
    bd_classify_apply_answers (kb, report, answers);
    log_ranking ("device yes", f);
    /* already as sure as it gets (the cap) */
    rfc = find_cause (f, "content.rfc-noncompliant");
    g_assert_cmpfloat (rfc->confidence, >=, rfc_before);
    g_assert_cmpfloat (rfc->base, ==, rfc_before);
    helo = find_cause (f, "dns.helo-invalid");
    g_assert_nonnull (helo);
    g_assert_cmpfloat (helo->base, ==, 0.0);
    g_assert_cmpfloat_with_epsilon (helo->confidence, 0.4, 1e-9);
    g_assert_true (helo->added_by == bd_kb_lookup_question (kb, "q.device-sender"));
    g_assert_cmpstr (helo->rule, ==, "q.device-sender");
    g_assert_cmpuint (helo->lines->len, ==, 0);
    g_assert_cmpuint (report->answers->len, ==, 1);
    g_assert_cmpstr (g_array_index (report->answers, BdReportAnswer, 0).question->id, ==, "q.device-sender");
    g_assert_cmpint (g_array_index (report->answers, BdReportAnswer, 0).answer, ==, BD_ANSWER_YES);
    /* ranked, and the failure follows its first cause */
    for (guint k = 1; k < f->causes->len; k++)
      g_assert_cmpfloat (((BdCauseMatch *) g_ptr_array_index (f->causes, k - 1))->confidence, >=,
                         ((BdCauseMatch *) g_ptr_array_index (f->causes, k))->confidence);
  }

  /* A yes raises: mail sent straight from the office connection makes a
   * missing PTR record likelier. */
  {
    g_autoptr(GHashTable) answers = answers_new ();
    const BdCauseMatch *ptr = find_cause (f, "dns.ptr-missing");
    double ptr_before = ptr->confidence;

    answer (answers, "q.direct-send", BD_ANSWER_YES);
    bd_classify_apply_answers (kb, report, answers);
    log_ranking ("direct yes", f);
    ptr = find_cause (f, "dns.ptr-missing");
    g_assert_cmpfloat (ptr->confidence, >, ptr_before);
    /* noisy-OR: 1 − (1 − 0.5)(1 − 0.4) */
    g_assert_cmpfloat_with_epsilon (ptr->confidence, 1.0 - (1.0 - ptr_before) * 0.6, 1e-9);
    g_assert_nonnull (find_cause (f, "blacklist.dynamic-ip"));
  }

  /* A person's mail program instead: the format problem gets less likely,
   * and the added cause is gone again. */
  {
    g_autoptr(GHashTable) answers = answers_new ();

    answer (answers, "q.device-sender", BD_ANSWER_NO);
    bd_classify_apply_answers (kb, report, answers);
    log_ranking ("device no", f);
    rfc = find_cause (f, "content.rfc-noncompliant");
    g_assert_cmpfloat (rfc->confidence, <, rfc_before);
    /* c × (1 + w) */
    g_assert_cmpfloat_with_epsilon (rfc->confidence, rfc_before * 0.7, 1e-9);
    g_assert_null (find_cause (f, "dns.helo-invalid"));
    g_assert_cmpuint (report->answers->len, ==, 1);
    g_assert_cmpint (g_array_index (report->answers, BdReportAnswer, 0).answer, ==, BD_ANSWER_NO);
  }

  /* Enough answers turn the ranking round: the first cause, the failure's
   * cause and category follow. */
  {
    g_autoptr(GHashTable) answers = answers_new ();

    answer (answers, "q.others-same-error", BD_ANSWER_YES);
    answer (answers, "q.device-sender", BD_ANSWER_NO);
    answer (answers, "q.other-computer", BD_ANSWER_YES);
    answer (answers, "q.provider-change", BD_ANSWER_YES);
    answer (answers, "q.password-changed", BD_ANSWER_UNKNOWN);   /* "don't know" */
    bd_classify_apply_answers (kb, report, answers);
    log_ranking ("turned", f);
    g_assert_cmpstr (f->cause, ==, "dns.ptr-missing");
    g_assert_cmpint (f->category, ==, BD_CATEGORY_DNS);
    g_assert_true (((BdCauseMatch *) g_ptr_array_index (f->causes, 0))->cause ==
                   bd_kb_lookup_cause (kb, "dns.ptr-missing"));
    /* the answers in the KB's order, "don't know" left out */
    g_assert_cmpuint (report->answers->len, ==, 4);
    for (guint k = 1; k < report->answers->len; k++)
      g_assert_cmpuint (g_array_index (report->answers, BdReportAnswer, k - 1).question->index, <,
                        g_array_index (report->answers, BdReportAnswer, k).question->index);
  }

  /* A question that is not asked about this report (nothing of its
   * categories is ranked) adds no cause of its own. */
  {
    g_autoptr(GHashTable) answers = answers_new ();
    const BdKbQuestion *q = bd_kb_lookup_question (kb, "q.password-changed");

    g_assert_false (bd_kb_question_applies (q, report));
    answer (answers, "q.password-changed", BD_ANSWER_YES);
    bd_classify_apply_answers (kb, report, answers);
    g_assert_null (find_cause (f, "auth.login-failed"));
    g_assert_cmpuint (report->answers->len, ==, 1);
  }

  /* Taking every answer back gives the classifier's ranking, exactly. */
  {
    g_autoptr(GHashTable) answers = answers_new ();

    bd_classify_apply_answers (kb, report, answers);
    assert_snapshot (f, original);
    g_assert_cmpuint (report->answers->len, ==, 0);
  }

  /* and applying the same answers twice is the same as once */
  {
    g_autoptr(GHashTable) answers = answers_new ();
    g_autoptr(GArray) once = NULL;

    answer (answers, "q.device-sender", BD_ANSWER_YES);
    answer (answers, "q.others-same-error", BD_ANSWER_NO);
    bd_classify_apply_answers (kb, report, answers);
    once = snapshot (f);
    bd_classify_apply_answers (kb, report, answers);
    g_assert_cmpuint (f->causes->len, ==, once->len);
    for (guint i = 0; i < once->len; i++)
      {
        const BdCauseMatch *m = g_ptr_array_index (f->causes, i);
        g_assert_true (m->cause == g_array_index (once, Snapshot, i).cause);
        g_assert_true (m->confidence == g_array_index (once, Snapshot, i).confidence);
      }
    bd_classify_apply_answers (kb, report, NULL);
    assert_snapshot (f, original);
  }
}

/* Ties keep the KB's order after answers too, and a report that is no
 * failure only records the answers. */
static void
test_answers_edge (void)
{
  BdKb *kb = bd_kb_get_default ();
  g_autoptr(BdReport) report = bd_report_new ();
  g_autoptr(GHashTable) answers = answers_new ();

  report->not_failure = g_strdup ("delivered");
  bd_classify_report (report);
  answer (answers, "q.large-attachments", BD_ANSWER_YES);
  g_assert_false (bd_kb_question_applies (bd_kb_lookup_question (kb, "q.large-attachments"), report));
  bd_classify_apply_answers (kb, report, answers);
  g_assert_cmpuint (report->failures->len, ==, 0);
  g_assert_cmpuint (report->answers->len, ==, 1);
  g_assert_cmpstr (report->verdict->cause->id, ==, "none.delivered");
  g_assert_true (report->verdict->confidence == 0.95);

  /* an unknown question id is ignored */
  g_hash_table_remove_all (answers);
  g_hash_table_insert (answers, (gpointer) "q.no-such-question", GINT_TO_POINTER (BD_ANSWER_YES));
  bd_classify_apply_answers (kb, report, answers);
  g_assert_cmpuint (report->answers->len, ==, 0);
}

static void
test_enums (void)
{
  const char *stages[] = { "connect", "helo", "mail", "rcpt", "data", "auth", "starttls" };
  const char *categories[] = { "other", "dns", "auth", "size", "blacklist", "recipient",
                               "content", "policy", "temporary", "connection", "none" };

  g_assert_null (bd_stage_to_string (BD_STAGE_UNKNOWN));
  g_assert_null (bd_stage_to_string ((BdStage) 42));
  for (guint i = 0; i < G_N_ELEMENTS (stages); i++)
    {
      BdStage stage = (BdStage) (i + 1);

      g_assert_cmpstr (bd_stage_to_string (stage), ==, stages[i]);
      g_assert_cmpint (bd_stage_from_string (stages[i]), ==, stage);
      g_assert_nonnull (bd_stage_get_label (stage));
    }
  g_assert_cmpint (bd_stage_from_string ("RCPT"), ==, BD_STAGE_RCPT);
  g_assert_cmpint (bd_stage_from_string ("nonsense"), ==, BD_STAGE_UNKNOWN);
  g_assert_cmpint (bd_stage_from_string (NULL), ==, BD_STAGE_UNKNOWN);
  g_assert_nonnull (bd_stage_get_label (BD_STAGE_UNKNOWN));

  for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
    {
      g_assert_cmpstr (bd_category_to_string ((BdCategory) i), ==, categories[i]);
      g_assert_cmpint (bd_category_from_string (categories[i]), ==, (BdCategory) i);
      g_assert_nonnull (bd_category_get_label ((BdCategory) i));
    }
  g_assert_cmpstr (bd_category_to_string ((BdCategory) 77), ==, "other");
  g_assert_cmpint (bd_category_from_string ("bogus"), ==, BD_CATEGORY_OTHER);
  g_assert_cmpstr (bd_category_get_label (BD_CATEGORY_SIZE), ==, "Message size");

  g_assert_cmpstr (bd_source_kind_to_string (BD_SOURCE_TEXT), ==, "text");
  g_assert_cmpstr (bd_source_kind_to_string (BD_SOURCE_EMAIL), ==, "email");
  g_assert_cmpstr (bd_source_kind_to_string (BD_SOURCE_LOG), ==, "log");
  g_assert_cmpstr (bd_source_kind_to_string (BD_SOURCE_TRANSCRIPT), ==, "transcript");
}

int
main (int   argc,
      char *argv[])
{
  /* Labels are compared in English. */
  g_setenv ("LANGUAGE", "C", TRUE);
  g_setenv ("LC_ALL", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bd/classify/cases", test_cases);
  g_test_add_func ("/bd/classify/words-win", test_words_win);
  g_test_add_func ("/bd/classify/context", test_context);
  g_test_add_func ("/bd/classify/replies", test_replies);
  g_test_add_func ("/bd/classify/report", test_report);
  g_test_add_func ("/bd/classify/answers", test_answers);
  g_test_add_func ("/bd/classify/answers-edge", test_answers_edge);
  g_test_add_func ("/bd/types/enums", test_enums);

  return g_test_run ();
}
