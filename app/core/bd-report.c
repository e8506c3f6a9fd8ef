/* bd-report.c: the result of analysing one message, log or pasted text
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-report.h"

BdReport *
bd_report_new (void)
{
  BdReport *self = g_new0 (BdReport, 1);

  self->failures = g_ptr_array_new_with_free_func ((GDestroyNotify) bd_failure_free);
  return self;
}

void
bd_report_free (BdReport *self)
{
  if (self == NULL)
    return;
  g_free (self->file);
  g_free (self->format);
  g_free (self->mta);
  g_free (self->not_failure);
  g_clear_pointer (&self->verdict, bd_cause_match_free);
  g_clear_pointer (&self->answers, g_array_unref);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  g_free (self->subject);
  g_clear_pointer (&self->failures, g_ptr_array_unref);
  g_free (self);
}

void
bd_report_add_failure (BdReport  *self,
                       BdFailure *failure)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (failure != NULL);

  g_ptr_array_add (self->failures, failure);
}

BdFailure *
bd_report_find_failure (BdReport   *self,
                        const char *recipient)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->failures->len; i++)
    {
      BdFailure *f = g_ptr_array_index (self->failures, i);
      if (g_strcmp0 (f->recipient, recipient) == 0 ||
          (recipient != NULL && f->recipient != NULL &&
           g_ascii_strcasecmp (f->recipient, recipient) == 0))
        return f;
    }
  return NULL;
}

void
bd_report_set_format (BdReport   *self,
                      const char *format,
                      const char *mta)
{
  g_return_if_fail (self != NULL);

  if (format != NULL)
    bd_failure_set_string (&self->format, format, -1);
  if (mta != NULL)
    bd_failure_set_string (&self->mta, mta, -1);
}

static const char *
format_label (BdReport *self)
{
  const char *format = self->format ? self->format : "";

  if (g_str_equal (format, "dsn"))
    return _("Delivery status notification");
  if (g_str_equal (format, "ndr"))
    return _("Non-delivery report");
  if (g_str_has_suffix (format, "-log"))
    return _("Mail server log");
  if (g_str_equal (format, "smtp-transcript"))
    return _("SMTP session");
  if (g_str_equal (format, "client-error"))
    return _("Mail program error");
  /* pasted bounce text reads as a bounce too, not as "text" */
  if (self->kind == BD_SOURCE_EMAIL || self->failures->len > 0)
    return _("Bounce message");
  return _("Text");
}

char *
bd_report_dup_summary (BdReport *self)
{
  GString *s;
  g_autofree char *codes = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  s = g_string_new (format_label (self));
  if (self->mta != NULL)
    g_string_append_printf (s, " (%s)", self->mta);

  if (self->not_failure != NULL)
    {
      g_string_append (s, " · ");
      g_string_append (s, _("not a delivery failure"));
      return g_string_free (s, FALSE);
    }

  if (self->failures->len == 0)
    {
      g_string_append (s, " · ");
      g_string_append (s, _("no failed delivery found"));
      return g_string_free (s, FALSE);
    }

  g_string_append (s, " · ");
  /* Translators: the number of failed deliveries found in the input */
  g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE, "%u failed delivery",
                                          "%u failed deliveries", self->failures->len),
                          self->failures->len);

  {
    BdFailure *f = g_ptr_array_index (self->failures, 0);
    if (f->reply_code != 0 && f->status != NULL)
      codes = g_strdup_printf ("%u %s", f->reply_code, f->status);
    else if (f->reply_code != 0)
      codes = g_strdup_printf ("%u", f->reply_code);
    else if (f->status != NULL)
      codes = g_strdup (f->status);
  }
  if (codes != NULL)
    g_string_append_printf (s, " · %s", codes);

  return g_string_free (s, FALSE);
}

/* ------------------------------------------------------------------ */
/* The causes of the whole report                                      */


static void
report_cause_clear (gpointer data)
{
  BdReportCause *rc = data;
  g_clear_pointer (&rc->lines, g_array_unref);
}

static int
compare_report_causes (gconstpointer a,
                       gconstpointer b)
{
  const BdReportCause *x = a, *y = b;

  if (x->match->confidence > y->match->confidence)
    return -1;
  if (x->match->confidence < y->match->confidence)
    return 1;
  return (int) x->match->cause->index - (int) y->match->cause->index;
}

static int
compare_evidence (gconstpointer a,
                  gconstpointer b)
{
  guint x = (*(const BdEvidence * const *) a)->line;
  guint y = (*(const BdEvidence * const *) b)->line;
  return x < y ? -1 : x > y;
}

/* The evidence entry of @f for @line (f->evidence is sorted by line). */
static const BdEvidence *
find_evidence (const BdFailure *f,
               guint            line)
{
  guint lo = 0, hi = f->evidence->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const BdEvidence *ev = &g_array_index (f->evidence, BdEvidence, mid);

      if (ev->line == line)
        return ev;
      if (ev->line < line)
        lo = mid + 1;
      else
        hi = mid;
    }
  return NULL;
}

/* Sorts the lines and drops repeats: a log's many failures often share a
 * cause and some lines. */
static void
sort_unique_lines (GArray *lines)
{
  guint kept = 0;

  g_array_sort (lines, compare_evidence);
  for (guint i = 0; i < lines->len; i++)
    {
      const BdEvidence *ev = g_array_index (lines, const BdEvidence *, i);
      if (kept == 0 || g_array_index (lines, const BdEvidence *, kept - 1)->line != ev->line)
        g_array_index (lines, const BdEvidence *, kept++) = ev;
    }
  g_array_set_size (lines, kept);
}

/**
 * bd_report_collect_causes:
 *
 * Returns: (transfer full): the causes of all failures merged, best first,
 *   an array of #BdReportCause
 */
GArray *
bd_report_collect_causes (BdReport *report)
{
  GArray *causes = g_array_new (FALSE, TRUE, sizeof (BdReportCause));

  g_array_set_clear_func (causes, report_cause_clear);
  if (report->verdict != NULL)
    {
      BdReportCause rc = { report->verdict, NULL, g_array_new (FALSE, FALSE, sizeof (BdEvidence *)) };
      g_array_append_val (causes, rc);
    }
  for (guint i = 0; i < report->failures->len; i++)
    {
      const BdFailure *f = g_ptr_array_index (report->failures, i);

      for (guint k = 0; f->causes != NULL && k < f->causes->len; k++)
        {
          const BdCauseMatch *m = g_ptr_array_index (f->causes, k);
          BdReportCause *rc = NULL;

          for (guint j = 0; j < causes->len && rc == NULL; j++)
            if (g_array_index (causes, BdReportCause, j).match->cause == m->cause)
              rc = &g_array_index (causes, BdReportCause, j);
          if (rc == NULL)
            {
              BdReportCause fresh = { m, f, g_array_new (FALSE, FALSE, sizeof (BdEvidence *)) };
              g_array_append_val (causes, fresh);
              rc = &g_array_index (causes, BdReportCause, causes->len - 1);
            }
          else if (m->confidence > rc->match->confidence)
            {
              rc->match = m;
              rc->failure = f;
            }
          for (guint l = 0; l < m->lines->len; l++)
            {
              const BdEvidence *ev = find_evidence (f, g_array_index (m->lines, guint, l));
              if (ev != NULL)
                g_array_append_val (rc->lines, ev);
            }
        }
    }
  g_array_sort (causes, compare_report_causes);
  for (guint j = 0; j < causes->len; j++)
    sort_unique_lines (g_array_index (causes, BdReportCause, j).lines);
  return causes;
}
