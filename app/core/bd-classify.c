/* bd-classify.c: ranked causes from codes, stage, provider and the words
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The knowledge (which code, phrase or DNSBL means which cause, and how
 * sure that makes us) is in data/kb/rules.json and data/kb/dnsbl.json; this
 * file only applies it.  For one failure:
 *
 *  1. The server's reply (the diagnostic, plus the remote host name and the
 *     reporting MTA, so that provider rules can see whose server it was)
 *     and every evidence line are normalised (bd_kb_normalize) and scanned
 *     once by the KB's matcher, which searches all patterns at the same
 *     time.  "text" conditions look at the reply, "context" conditions at
 *     the evidence lines around it (a log's PTR and DNSBL lookups).
 *  2. Every rule whose conditions all hold (status pattern, reply code
 *     pattern, stage, text, context, not_text) votes for its cause with its
 *     weight.  Votes for one cause combine like independent evidence:
 *     confidence = 1 − Π(1 − weight).
 *  3. A DNSBL zone named in the reply is a listing (blacklist.dnsbl-listed),
 *     or, for a dead list, a rejection by a list that no longer works
 *     (blacklist.dead-list); a dead list named only in the surrounding log
 *     lines is still worth reporting to the admin.
 *     A DSN whose Action is "delayed" is a warning: temporary.delayed, unless
 *     the reason for the delay is known better (a full mailbox, a timeout).
 *  4. Causes are ranked by confidence (ties: KB order); the first gives the
 *     failure's category.  With no vote at all the cause is other.unknown.
 *
 * A reply that quotes the recipient's address is taken as the answer to
 * RCPT TO when the stage is not known.
 *
 * When the reply code and the status disagree in class ("550 4.2.2") the
 * reply code's class is used for status patterns: it is what the client
 * acted on.
 *
 * Answers to the guided questions (data/kb/questions.json) re-rank the
 * causes afterwards (bd_classify_apply_answers): every cause keeps the
 * confidence the classifier gave it as its base, so answers can be changed
 * or taken back and the ranking recomputed from scratch.
 */

#include "config.h"

#include <string.h>

#include "bd-classify.h"
#include "bd-kb-private.h"
#include "bd-smtp.h"
#include "bd-text-private.h"

#define MAX_CAUSES_KEPT  6
#define MIN_CONFIDENCE   0.2

/* Weights of the DNSBL evidence (step 3). */
#define WEIGHT_LIST_IN_REPLY       0.9
#define WEIGHT_DEAD_LIST_IN_REPLY  0.9
#define WEIGHT_DEAD_LIST_IN_LOG    0.5
/* A DSN with Action: delayed. */
#define WEIGHT_DELAYED             0.45

typedef struct
{
  double           score;      /* product of (1 − weight) */
  double           best;       /* strongest single weight */
  const char      *rule;
  const BdKbDnsbl *list;
  gboolean         voted;
} Vote;

typedef struct
{
  BdKb            *kb;
  const BdMatcher *matcher;
  gsize            words;
  GString         *norm;
  guint64         *reply_bits;
  guint64         *context_bits;
  guint64         *line_bits;     /* words × n_lines: evidence, then notice */
  guint            n_lines;
  guint            n_evidence;
  Vote            *votes;         /* one per cause */
  guint            n_causes;
} Classifier;

static gboolean
parse_status (const char *status,
              guint      *klass,
              guint      *subject,
              guint      *detail)
{
  const char *p = status;
  guint parts[3] = { 0, 0, 0 };

  if (status == NULL || !bd_smtp_status_is_valid (status))
    return FALSE;

  for (int i = 0; i < 3; i++)
    {
      while (g_ascii_isdigit (*p))
        {
          if (parts[i] < 100000)
            parts[i] = parts[i] * 10 + (guint) (*p - '0');
          p++;
        }
      if (*p == '.')
        p++;
    }

  *klass = parts[0];
  *subject = parts[1];
  *detail = parts[2];
  return TRUE;
}

static gboolean
any_bit (const guint64 *bits,
         const guint   *ids,
         guint          n)
{
  for (guint i = 0; i < n; i++)
    if (bd_bits_test (bits, ids[i]))
      return TRUE;
  return FALSE;
}

static void
vote (Classifier      *c,
      const BdKbCause *cause,
      double           weight,
      const char      *rule,
      const BdKbDnsbl *list)
{
  Vote *v = &c->votes[cause->index];

  if (!v->voted)
    {
      v->voted = TRUE;
      v->score = 1.0;
    }
  v->score *= 1.0 - weight;
  if (weight > v->best)
    {
      v->best = weight;
      v->rule = rule;
      if (list != NULL)
        v->list = list;
    }
  if (v->list == NULL)
    v->list = list;
}

static void
scan (Classifier *c,
      const char *text,
      guint64    *bits)
{
  if (text == NULL)
    return;
  g_string_assign (c->norm, " ");
  bd_kb_normalize (c->norm, text, -1);
  g_string_append_c (c->norm, ' ');
  bd_matcher_scan (c->matcher, c->norm->str, c->norm->len, bits);
}

static int
compare_matches (gconstpointer a,
                 gconstpointer b)
{
  const BdCauseMatch *x = *(const BdCauseMatch * const *) a;
  const BdCauseMatch *y = *(const BdCauseMatch * const *) b;

  if (x->confidence > y->confidence)
    return -1;
  if (x->confidence < y->confidence)
    return 1;
  return (int) x->cause->index - (int) y->cause->index;
}

/* The evidence lines that hold a pattern of a rule voting for the cause,
 * or the DNSBL it is about. */
static guint
line_number (const Classifier *c,
             const BdFailure  *failure,
             guint             l)
{
  if (l < c->n_evidence)
    return g_array_index (failure->evidence, BdEvidence, l).line;
  return g_array_index (failure->notice, BdEvidence, l - c->n_evidence).line;
}

static void
collect_lines (Classifier   *c,
               BdFailure    *failure,
               BdCauseMatch *match)
{
  const guint64 *mask = bd_kb_get_cause_mask (c->kb, match->cause);
  const BdKbDnsblPatterns *list = NULL;

  if (match->list != NULL)
    {
      guint n_lists;
      const BdKbDnsblPatterns *lists = bd_kb_get_dnsbl_patterns (c->kb, &n_lists);
      for (guint i = 0; i < n_lists; i++)
        if (lists[i].list == match->list)
          list = &lists[i];
    }

  for (guint l = 0; l < c->n_lines; l++)
    {
      const guint64 *bits = c->line_bits + (gsize) l * c->words;
      gboolean found = FALSE;

      for (gsize w = 0; w < c->words && !found; w++)
        found = (bits[w] & mask[w]) != 0;
      if (!found && list != NULL)
        found = any_bit (bits, list->patterns, list->n_patterns);
      if (found)
        {
          guint line = line_number (c, failure, l);
          g_array_append_val (match->lines, line);
        }
    }
}

static void
classify_failure (Classifier *c,
                  BdFailure  *failure,
                  const char *mta)
{
  const BdKbRule *rules;
  const BdKbProviderCode *pcodes;
  const BdKbDnsblPatterns *lists;
  guint n_rules, n_pcodes, n_lists;
  guint klass = 0, subject = 0, detail = 0;
  gboolean have_status, names_recipient;
  guint reply = failure->reply_code;
  guint stage_bit = 1u << failure->stage;
  GPtrArray *matches;

  /* 1. scan */
  memset (c->reply_bits, 0, c->words * sizeof (guint64));
  memset (c->context_bits, 0, c->words * sizeof (guint64));

  c->n_evidence = failure->evidence->len;
  c->n_lines = c->n_evidence + (failure->notice ? failure->notice->len : 0);
  c->line_bits = g_renew (guint64, c->line_bits, MAX (c->n_lines, 1) * c->words);
  memset (c->line_bits, 0, MAX (c->n_lines, 1) * c->words * sizeof (guint64));
  for (guint l = 0; l < c->n_lines; l++)
    {
      guint64 *bits = c->line_bits + (gsize) l * c->words;
      const BdEvidence *ev = l < c->n_evidence
                             ? &g_array_index (failure->evidence, BdEvidence, l)
                             : &g_array_index (failure->notice, BdEvidence, l - c->n_evidence);
      scan (c, ev->text, bits);
      /* the log lines around are context; without a reply, the bounce's
       * own words stand in for it, and so does a notice */
      for (gsize w = 0; w < c->words; w++)
        {
          if (l < c->n_evidence)
            c->context_bits[w] |= bits[w];
          if (failure->diagnostic == NULL || l >= c->n_evidence)
            c->reply_bits[w] |= bits[w];
        }
    }

  if (failure->diagnostic != NULL)
    scan (c, failure->diagnostic, c->reply_bits);
  scan (c, failure->remote_host, c->reply_bits);
  scan (c, mta, c->reply_bits);

  if (reply < 200 || reply > 599)
    reply = 0;

  /* A reply that quotes the recipient ("550 <a@b.example>... User
   * unknown") answers RCPT TO even when the bounce does not say so. */
  names_recipient = failure->diagnostic != NULL && failure->recipient != NULL &&
                    failure->recipient[0] != '\0' &&
                    bd_text_find_ci (failure->diagnostic, failure->diagnostic + strlen (failure->diagnostic),
                                     failure->recipient) != NULL;
  if (failure->stage == BD_STAGE_UNKNOWN && names_recipient)
    stage_bit = 1u << BD_STAGE_RCPT;
  have_status = parse_status (failure->status, &klass, &subject, &detail);
  if (have_status && reply != 0 && reply / 100 != klass)
    klass = reply / 100;

  /* 2. rules */
  for (guint i = 0; i < c->n_causes; i++)
    c->votes[i] = (Vote) { 0 };

  rules = bd_kb_get_rules (c->kb, &n_rules);
  for (guint r = 0; r < n_rules; r++)
    {
      const BdKbRule *rule = &rules[r];
      gboolean ok;

      if (rule->stage_mask != 0 && (rule->stage_mask & stage_bit) == 0)
        continue;
      if (rule->n_text > 0 && !any_bit (c->reply_bits, rule->text, rule->n_text))
        continue;
      if (rule->n_context > 0 && !any_bit (c->context_bits, rule->context, rule->n_context))
        continue;
      if (rule->n_not_text > 0 && any_bit (c->reply_bits, rule->not_text, rule->n_not_text))
        continue;
      if (rule->n_reply > 0)
        {
          ok = FALSE;
          for (guint i = 0; i < rule->n_reply && !ok; i++)
            ok = reply >= rule->reply[i].lo && reply <= rule->reply[i].hi;
          if (!ok)
            continue;
        }
      if (rule->n_status > 0)
        {
          ok = FALSE;
          for (guint i = 0; i < rule->n_status && have_status && !ok; i++)
            ok = bd_status_pattern_match (&rule->status[i], klass, subject, detail);
          if (!ok)
            continue;
        }
      vote (c, rule->cause, rule->weight, rule->id, NULL);
    }

  /* A delay warning: the message has not failed yet, whatever the
   * reason for the delay. */
  if (failure->delayed)
    {
      const BdKbCause *cause = bd_kb_lookup_cause (c->kb, "temporary.delayed");
      if (cause != NULL)
        vote (c, cause, WEIGHT_DELAYED, "dsn.action-delayed", NULL);
    }

  /* 3. DNSBLs named in the reply or the log */
  lists = bd_kb_get_dnsbl_patterns (c->kb, &n_lists);
  for (guint i = 0; i < n_lists; i++)
    {
      const BdKbDnsbl *list = lists[i].list;
      gboolean dead = list->state != BD_KB_LIST_ACTIVE;
      const BdKbCause *cause;

      if (any_bit (c->reply_bits, lists[i].patterns, lists[i].n_patterns))
        {
          cause = bd_kb_lookup_cause (c->kb, dead ? "blacklist.dead-list" : "blacklist.dnsbl-listed");
          if (cause != NULL)
            vote (c, cause, dead ? WEIGHT_DEAD_LIST_IN_REPLY : WEIGHT_LIST_IN_REPLY,
                  "dnsbl.reply", list);
        }
      else if (dead && any_bit (c->context_bits, lists[i].patterns, lists[i].n_patterns))
        {
          cause = bd_kb_lookup_cause (c->kb, "blacklist.dead-list");
          if (cause != NULL)
            vote (c, cause, WEIGHT_DEAD_LIST_IN_LOG, "dnsbl.log", list);
        }
    }

  /* 4. rank */
  matches = g_ptr_array_new_with_free_func ((GDestroyNotify) bd_cause_match_free);
  for (guint i = 0; i < c->n_causes; i++)
    {
      BdCauseMatch *m;

      if (!c->votes[i].voted)
        continue;
      m = g_new0 (BdCauseMatch, 1);
      m->cause = bd_kb_get_cause (c->kb, i);
      m->confidence = MIN (1.0 - c->votes[i].score, 0.99);
      m->base = m->confidence;
      m->rule = c->votes[i].rule;
      m->list = c->votes[i].list;
      m->lines = g_array_new (FALSE, FALSE, sizeof (guint));
      g_ptr_array_add (matches, m);
    }
  if (matches->len == 0)
    {
      BdCauseMatch *m = g_new0 (BdCauseMatch, 1);
      m->cause = bd_kb_lookup_cause (c->kb, "other.unknown");
      m->confidence = m->base = 0.1;
      m->rule = NULL;
      m->lines = g_array_new (FALSE, FALSE, sizeof (guint));
      g_ptr_array_add (matches, m);
    }
  g_ptr_array_sort (matches, compare_matches);

  /* Keep the top and whatever else is plausible. */
  for (guint i = matches->len; i-- > 1;)
    {
      const BdCauseMatch *m = g_ptr_array_index (matches, i);
      if (i >= MAX_CAUSES_KEPT || m->confidence < MIN_CONFIDENCE)
        g_ptr_array_remove_index (matches, i);
    }
  for (guint i = 0; i < matches->len; i++)
    collect_lines (c, failure, g_ptr_array_index (matches, i));

  /* Lines of the notice that support a cause become evidence. */
  for (guint l = c->n_evidence; l < c->n_lines; l++)
    {
      guint line = line_number (c, failure, l);
      gboolean used = FALSE;

      for (guint i = 0; i < matches->len && !used; i++)
        {
          const BdCauseMatch *m = g_ptr_array_index (matches, i);
          for (guint k = 0; k < m->lines->len && !used; k++)
            used = g_array_index (m->lines, guint, k) == line;
        }
      if (used)
        {
          const BdEvidence *ev = &g_array_index (failure->notice, BdEvidence, l - c->n_evidence);
          bd_failure_add_evidence (failure, ev->line, ev->text, -1);
        }
    }

  g_clear_pointer (&failure->causes, g_ptr_array_unref);
  failure->causes = matches;
  {
    const BdCauseMatch *top = g_ptr_array_index (matches, 0);
    failure->category = top->cause->category;
    g_free (failure->cause);
    failure->cause = g_strdup (top->cause->id);
  }

  /* The provider's own meaning of the codes. */
  failure->provider_code = NULL;
  pcodes = bd_kb_get_provider_codes (c->kb, &n_pcodes);
  for (guint i = 0; i < n_pcodes; i++)
    {
      const BdKbProviderCode *pc = &pcodes[i];

      if (pc->status.klass >= 0 &&
          !(have_status && bd_status_pattern_match (&pc->status, klass, subject, detail)))
        continue;
      if (pc->reply != 0 && pc->reply != reply)
        continue;
      if (!any_bit (c->reply_bits, pc->detect, pc->n_detect))
        continue;
      if (pc->n_text > 0 && !any_bit (c->reply_bits, pc->text, pc->n_text))
        continue;
      failure->provider_code = pc->code;
      break;
    }
}

static void
classifier_init (Classifier *c,
                 BdKb       *kb)
{
  c->kb = kb;
  c->matcher = bd_kb_get_matcher (kb);
  c->words = bd_matcher_get_n_words (c->matcher);
  c->norm = g_string_sized_new (256);
  c->reply_bits = g_new0 (guint64, c->words);
  c->context_bits = g_new0 (guint64, c->words);
  c->line_bits = NULL;
  c->n_causes = bd_kb_get_n_causes (kb);
  c->votes = g_new0 (Vote, c->n_causes);
}

static void
classifier_clear (Classifier *c)
{
  g_string_free (c->norm, TRUE);
  g_free (c->reply_bits);
  g_free (c->context_bits);
  g_free (c->line_bits);
  g_free (c->votes);
}

void
bd_classify_failure (BdKb       *kb,
                     BdFailure  *failure,
                     const char *mta)
{
  Classifier c;

  g_return_if_fail (failure != NULL);

  classifier_init (&c, kb ? kb : bd_kb_get_default ());
  classify_failure (&c, failure, mta);
  classifier_clear (&c);
}

void
bd_classify_report_with (BdKb     *kb,
                         BdReport *report)
{
  Classifier c;

  g_return_if_fail (report != NULL);

  if (report->not_failure != NULL)
    {
      static const struct { const char *kind, *cause; } verdicts[] = {
        { "delivered", "none.delivered" }, { "relayed", "none.delivered" },
        { "expanded", "none.delivered" }, { "auto-reply", "none.auto-reply" },
        { "feedback", "none.feedback-report" },
      };
      BdKb *k = kb ? kb : bd_kb_get_default ();

      g_clear_pointer (&report->verdict, bd_cause_match_free);
      for (guint i = 0; i < G_N_ELEMENTS (verdicts); i++)
        if (g_str_equal (report->not_failure, verdicts[i].kind) &&
            bd_kb_lookup_cause (k, verdicts[i].cause) != NULL)
          {
            report->verdict = g_new0 (BdCauseMatch, 1);
            report->verdict->cause = bd_kb_lookup_cause (k, verdicts[i].cause);
            report->verdict->confidence = report->verdict->base = 0.95;
            report->verdict->rule = "report.not-failure";
            report->verdict->lines = g_array_new (FALSE, FALSE, sizeof (guint));
          }
      return;
    }
  if (report->failures == NULL || report->failures->len == 0)
    return;

  classifier_init (&c, kb ? kb : bd_kb_get_default ());
  for (guint i = 0; i < report->failures->len; i++)
    {
      BdFailure *failure = g_ptr_array_index (report->failures, i);
      if (failure != NULL)
        classify_failure (&c, failure, report->mta);
    }
  classifier_clear (&c);
}

void
bd_classify_report (BdReport *report)
{
  bd_classify_report_with (NULL, report);
}

/* ------------------------------------------------------------------ */
/* Answers to the guided questions                                      */

/* What the answers do to one cause: the product of (1 − w) over the
 * positive weights and of (1 + w) over the negative ones. */
typedef struct
{
  double pos;
  double neg;
  double added;   /* strongest weight of the answer that added it */
} Effect;

static BdCauseMatch *
find_match (GPtrArray       *causes,
            const BdKbCause *cause,
            guint           *index)
{
  for (guint i = 0; i < causes->len; i++)
    {
      BdCauseMatch *m = g_ptr_array_index (causes, i);
      if (m->cause == cause)
        {
          *index = i;
          return m;
        }
    }
  return NULL;
}

static void
apply_to_failure (BdFailure  *failure,
                  GPtrArray  *answered,    /* of BdReportAnswer *, KB order */
                  const gboolean *applies) /* per answered question */
{
  GPtrArray *causes = failure->causes;
  g_autoptr(GArray) effects = g_array_new (FALSE, TRUE, sizeof (Effect));

  /* Back to what the classifier found. */
  for (guint i = causes->len; i-- > 0;)
    {
      BdCauseMatch *m = g_ptr_array_index (causes, i);
      if (m->added_by != NULL)
        g_ptr_array_remove_index (causes, i);
    }
  for (guint i = 0; i < causes->len; i++)
    {
      BdCauseMatch *m = g_ptr_array_index (causes, i);
      Effect e = { 1.0, 1.0, 0.0 };

      /* a match made before the base was kept */
      if (m->base <= 0.0)
        m->base = m->confidence;
      g_array_append_val (effects, e);
    }

  for (guint a = 0; a < answered->len; a++)
    {
      const BdReportAnswer *ra = g_ptr_array_index (answered, a);
      const BdKbQuestion *q = ra->question;
      const BdKbEffect *list = ra->answer == BD_ANSWER_YES ? q->yes : q->no;
      guint n = ra->answer == BD_ANSWER_YES ? q->n_yes : q->n_no;

      for (guint k = 0; k < n; k++)
        {
          double w = list[k].weight;
          BdCauseMatch *m;
          Effect *e;
          guint index;

          m = find_match (causes, list[k].cause, &index);
          if (m == NULL)
            {
              Effect fresh = { 1.0, 1.0, 0.0 };

              /* A cause the bounce gave no sign of comes in only from an
               * answer to a question that is asked about this report; and
               * a server that answered was reached, so no connection
               * problem comes in then. */
              if (w <= 0.0 || !applies[a])
                continue;
              if (list[k].cause->category == BD_CATEGORY_CONNECTION && failure->reply_code != 0)
                continue;
              m = g_new0 (BdCauseMatch, 1);
              m->cause = list[k].cause;
              m->base = 0.0;
              m->lines = g_array_new (FALSE, FALSE, sizeof (guint));
              g_ptr_array_add (causes, m);
              g_array_append_val (effects, fresh);
              index = causes->len - 1;
            }
          e = &g_array_index (effects, Effect, index);
          if (w > 0.0)
            e->pos *= 1.0 - w;
          else
            e->neg *= 1.0 + w;
          if (m->base == 0.0 && w > e->added)
            {
              e->added = w;
              m->added_by = q;
              m->rule = q->id;
            }
        }
    }

  /* Positive votes first, then the negative ones scale the result, so the
   * order of the answers does not matter; with no answer the confidence is
   * the base, bit for bit. */
  for (guint i = 0; i < causes->len; i++)
    {
      BdCauseMatch *m = g_ptr_array_index (causes, i);
      const Effect *e = &g_array_index (effects, Effect, i);
      double c = m->base;

      if (e->pos != 1.0)
        c = MIN (1.0 - (1.0 - c) * e->pos, 0.99);
      if (e->neg != 1.0)
        c *= e->neg;
      m->confidence = c;
    }
  g_ptr_array_sort (causes, compare_matches);

  /* Like the classifier, keep an added cause only when it is plausible and
   * among the first few (the classifier's own causes always stay: taking
   * the answers back must find them). */
  for (guint i = causes->len; i-- > 0;)
    {
      BdCauseMatch *m = g_ptr_array_index (causes, i);
      if (m->added_by != NULL && (m->confidence < MIN_CONFIDENCE || i >= MAX_CAUSES_KEPT))
        g_ptr_array_remove_index (causes, i);
    }
  if (causes->len > 0)
    {
      const BdCauseMatch *top = g_ptr_array_index (causes, 0);
      failure->category = top->cause->category;
      g_free (failure->cause);
      failure->cause = g_strdup (top->cause->id);
    }
}

void
bd_classify_apply_answers (BdKb       *kb,
                           BdReport   *report,
                           GHashTable *answers)
{
  g_autoptr(GPtrArray) answered = g_ptr_array_new ();
  g_autofree gboolean *applies = NULL;

  g_return_if_fail (report != NULL);

  if (kb == NULL)
    kb = bd_kb_get_default ();

  /* The answers in the order of the KB, kept in the report. */
  if (report->answers != NULL)
    g_array_set_size (report->answers, 0);
  for (guint i = 0; answers != NULL && i < bd_kb_get_n_questions (kb); i++)
    {
      const BdKbQuestion *q = bd_kb_get_question (kb, i);
      BdReportAnswer ra = { q, GPOINTER_TO_INT (g_hash_table_lookup (answers, q->id)) };

      if (ra.answer != BD_ANSWER_YES && ra.answer != BD_ANSWER_NO)
        continue;
      if (report->answers == NULL)
        report->answers = g_array_new (FALSE, FALSE, sizeof (BdReportAnswer));
      g_array_append_val (report->answers, ra);
    }
  for (guint i = 0; report->answers != NULL && i < report->answers->len; i++)
    g_ptr_array_add (answered, &g_array_index (report->answers, BdReportAnswer, i));

  if (report->failures == NULL)
    return;

  /* Which questions are asked is decided on the classifier's causes. */
  for (guint i = 0; i < report->failures->len; i++)
    {
      BdFailure *f = g_ptr_array_index (report->failures, i);
      for (guint k = 0; f->causes != NULL && k < f->causes->len;)
        {
          BdCauseMatch *m = g_ptr_array_index (f->causes, k);
          if (m->added_by != NULL)
            g_ptr_array_remove_index (f->causes, k);
          else
            k++;
        }
    }
  applies = g_new0 (gboolean, MAX (answered->len, 1));
  for (guint a = 0; a < answered->len; a++)
    applies[a] = bd_kb_question_applies (((const BdReportAnswer *) g_ptr_array_index (answered, a))->question,
                                         report);

  for (guint i = 0; i < report->failures->len; i++)
    {
      BdFailure *f = g_ptr_array_index (report->failures, i);
      if (f != NULL && f->causes != NULL)
        apply_to_failure (f, answered, applies);
    }
}
