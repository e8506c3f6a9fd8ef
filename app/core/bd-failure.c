/* bd-failure.c: one failed delivery and the evidence for it
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bd-failure.h"

#define BD_EVIDENCE_MAX_TEXT 2000
#define BD_EVIDENCE_MAX      64

static void
evidence_clear (gpointer data)
{
  BdEvidence *ev = data;

  g_free (ev->text);
}

void
bd_cause_match_free (BdCauseMatch *match)
{
  if (match == NULL)
    return;
  g_clear_pointer (&match->lines, g_array_unref);
  g_free (match);
}

BdFailure *
bd_failure_new (void)
{
  BdFailure *self = g_new0 (BdFailure, 1);

  self->size = -1;
  self->permanent = TRUE;
  self->evidence = g_array_new (FALSE, FALSE, sizeof (BdEvidence));
  g_array_set_clear_func (self->evidence, evidence_clear);
  return self;
}

BdFailure *
bd_failure_copy (const BdFailure *self)
{
  BdFailure *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = bd_failure_new ();
  copy->recipient = g_strdup (self->recipient);
  copy->sender = g_strdup (self->sender);
  copy->reply_code = self->reply_code;
  copy->status = g_strdup (self->status);
  copy->permanent = self->permanent;
  copy->delayed = self->delayed;
  copy->stage = self->stage;
  copy->remote_host = g_strdup (self->remote_host);
  copy->remote_ip = g_strdup (self->remote_ip);
  copy->client_ip = g_strdup (self->client_ip);
  copy->helo = g_strdup (self->helo);
  copy->size = self->size;
  copy->diagnostic = g_strdup (self->diagnostic);
  copy->category = self->category;
  copy->cause = g_strdup (self->cause);
  copy->provider_code = self->provider_code;
  copy->symptom = self->symptom;
  if (self->causes != NULL)
    {
      copy->causes = g_ptr_array_new_with_free_func ((GDestroyNotify) bd_cause_match_free);
      for (guint i = 0; i < self->causes->len; i++)
        {
          const BdCauseMatch *m = g_ptr_array_index (self->causes, i);
          BdCauseMatch *c = g_memdup2 (m, sizeof *m);
          c->lines = g_array_copy (m->lines);
          g_ptr_array_add (copy->causes, c);
        }
    }
  bd_failure_merge_evidence (copy, self);
  for (guint i = 0; self->notice != NULL && i < self->notice->len; i++)
    {
      const BdEvidence *ev = &g_array_index (self->notice, BdEvidence, i);
      bd_failure_add_notice (copy, ev->line, ev->text, -1);
    }
  return copy;
}

void
bd_failure_free (BdFailure *self)
{
  if (self == NULL)
    return;
  g_free (self->recipient);
  g_free (self->sender);
  g_free (self->status);
  g_free (self->remote_host);
  g_free (self->remote_ip);
  g_free (self->client_ip);
  g_free (self->helo);
  g_free (self->diagnostic);
  g_free (self->cause);
  g_clear_pointer (&self->evidence, g_array_unref);
  g_clear_pointer (&self->causes, g_ptr_array_unref);
  g_clear_pointer (&self->notice, g_array_unref);
  g_free (self);
}

void
bd_failure_add_notice (BdFailure  *self,
                       guint       line,
                       const char *text,
                       gssize      len)
{
  BdEvidence ev;

  if (self->notice == NULL)
    {
      self->notice = g_array_new (FALSE, FALSE, sizeof (BdEvidence));
      g_array_set_clear_func (self->notice, evidence_clear);
    }
  if (len < 0)
    len = (gssize) strlen (text);
  ev.line = line;
  ev.text = g_utf8_make_valid (text, MIN (len, 1000));
  g_array_append_val (self->notice, ev);
}

/* Keeps evidence sorted by line, without duplicates; long lines are cut. */
void
bd_failure_add_evidence (BdFailure  *self,
                         guint       line,
                         const char *text,
                         gssize      len)
{
  BdEvidence ev;
  guint pos;

  g_return_if_fail (self != NULL);
  g_return_if_fail (text != NULL);

  if (len < 0)
    len = strlen (text);
  while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r'))
    len--;

  for (pos = self->evidence->len; pos > 0; pos--)
    {
      const BdEvidence *prev = &g_array_index (self->evidence, BdEvidence, pos - 1);
      if (prev->line == line && strncmp (prev->text, text, MIN ((gsize) len, BD_EVIDENCE_MAX_TEXT)) == 0)
        return;
      if (prev->line <= line)
        break;
    }
  if (self->evidence->len >= BD_EVIDENCE_MAX)
    return;

  if (len > BD_EVIDENCE_MAX_TEXT)
    {
      const char *cut = text + BD_EVIDENCE_MAX_TEXT;
      g_utf8_validate (text, BD_EVIDENCE_MAX_TEXT, &cut);
      len = cut - text;
    }
  ev.line = line;
  ev.text = g_strndup (text, len);
  g_array_insert_val (self->evidence, pos, ev);
}

void
bd_failure_merge_evidence (BdFailure       *self,
                           const BdFailure *other)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (other != NULL);

  for (guint i = 0; i < other->evidence->len; i++)
    {
      const BdEvidence *ev = &g_array_index (other->evidence, BdEvidence, i);
      bd_failure_add_evidence (self, ev->line, ev->text, -1);
    }
}

void
bd_failure_set_string (char       **field,
                       const char  *value,
                       gssize       len)
{
  char *copy;

  g_return_if_fail (field != NULL);

  if (value == NULL)
    copy = NULL;
  else if (len < 0)
    copy = g_strdup (value);
  else
    copy = g_strndup (value, len);
  g_free (*field);
  *field = copy;
}

void
bd_failure_set_status (BdFailure  *self,
                       const char *status)
{
  g_return_if_fail (self != NULL);

  bd_failure_set_string (&self->status, status && *status ? status : NULL, -1);
}

void
bd_failure_update_permanent (BdFailure *self)
{
  g_return_if_fail (self != NULL);

  if (self->status != NULL && (self->status[0] == '4' || self->status[0] == '5'))
    self->permanent = self->status[0] == '5';
  else if (self->reply_code >= 400 && self->reply_code < 600)
    self->permanent = self->reply_code >= 500;
}
