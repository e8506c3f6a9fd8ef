/* bd-session.c: the diagnosis the wizard's steps share
 *
 * One session per window: what was analysed, the report, the answers to
 * the guided questions and the user's choices (mail program, server,
 * helpdesk mode, redaction). The steps observe it; the application
 * object knows nothing of it.
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-classify.h"
#include "bd-diagnose.h"
#include "bd-progress-stream.h"
#include "bd-writer.h"

#include "bd-session.h"

struct _BdSession
{
  GObject           parent_instance;

  BdReport         *report;
  GBytes           *input;
  char             *input_name;
  guint             n_messages;

  /* question id → BdAnswer */
  GHashTable       *answers;

  char             *program;
  char             *server;

  /* Live checks */
  BdResolver       *resolver;
  BdCheckRun       *check_run;
  GCancellable     *check_cancellable;
  guint             checking : 1;

  /* The running analysis: a newer one cancels it. */
  GCancellable     *cancellable;
  BdProgressStream *progress_stream;
  guint64           progress_total;
  guint             progress_source;
  double            progress;

  guint             busy : 1;
  guint             helpdesk : 1;
  guint             redact : 1;
};

G_DEFINE_FINAL_TYPE (BdSession, bd_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BUSY,
  PROP_CHECKING,
  PROP_HELPDESK,
  PROP_INPUT_NAME,
  PROP_PROGRAM,
  PROP_PROGRESS,
  PROP_REDACT,
  PROP_REPORT,
  PROP_SERVER,
  N_PROPS
};

enum {
  RANKING_CHANGED,
  CHECK_DONE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean
set_str (char       **field,
         const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

/* Connected to a caller's cancellable: cancels ours (the handler gets the
 * caller's as its first argument). */
static void
cancel_inner (GCancellable *outer,
              gpointer      inner)
{
  g_cancellable_cancel (G_CANCELLABLE (inner));
}

/* ------------------------------------------------------------------------ */
/* Analysis */

typedef struct
{
  GBytes           *bytes;   /* or: */
  GFile            *file;
  char             *name;
  BdProgressStream *stream;  /* owned by the thread's caller */
  /* results */
  GPtrArray        *reports;
} AnalyseData;

static void
analyse_data_free (AnalyseData *data)
{
  g_clear_pointer (&data->bytes, g_bytes_unref);
  g_clear_object (&data->file);
  g_clear_object (&data->stream);
  g_clear_pointer (&data->reports, g_ptr_array_unref);
  g_free (data->name);
  g_free (data);
}

static void
collect_report (BdReport *report,
                gpointer  user_data)
{
  GPtrArray *reports = user_data;

  g_ptr_array_add (reports, report);
}

/* Several messages (an mbox) become one report whose failures are all of
 * theirs; the first message names the kind and format. */
static BdReport *
merge_reports (GPtrArray *reports)
{
  BdReport *merged;

  if (reports->len == 0)
    return bd_report_new ();
  if (reports->len == 1)
    return g_ptr_array_steal_index (reports, 0);

  merged = g_ptr_array_steal_index (reports, 0);
  for (guint i = 0; i < reports->len; i++)
    {
      BdReport *report = g_ptr_array_index (reports, i);

      merged->bytes += report->bytes;
      while (report->failures->len > 0)
        bd_report_add_failure (merged, g_ptr_array_steal_index (report->failures, 0));
    }
  /* the first message may have been no failure while others were */
  if (merged->failures->len > 0)
    {
      g_clear_pointer (&merged->not_failure, g_free);
      g_clear_pointer (&merged->verdict, bd_cause_match_free);
    }
  return merged;
}

static void
analyse_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  AnalyseData *data = task_data;
  GError *error = NULL;

  data->reports = g_ptr_array_new_with_free_func ((GDestroyNotify) bd_report_free);

  if (data->bytes != NULL)
    {
      gsize len = 0;
      const char *bytes = g_bytes_get_data (data->bytes, &len);

      g_ptr_array_add (data->reports, bd_diagnose_data (bytes != NULL ? bytes : "", len, data->name));
    }
  else if (!bd_diagnose_stream (G_INPUT_STREAM (data->stream), data->name,
                                collect_report, data->reports, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  g_task_return_boolean (task, TRUE);
}

static void
bd_session_stop_progress (BdSession *self)
{
  g_clear_handle_id (&self->progress_source, g_source_remove);
  g_clear_object (&self->progress_stream);
  if (self->progress != -1)
    {
      self->progress = -1;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
    }
}

static void
bd_session_set_busy (BdSession *self,
                     gboolean   busy)
{
  if (self->busy == !!busy)
    return;
  self->busy = !!busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
analyse_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BdSession *self = g_task_get_source_object (task);
  AnalyseData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  BdReport *report;

  /* A newer analysis took over: it owns the busy state now. */
  if (g_task_get_cancellable (G_TASK (result)) == self->cancellable)
    {
      bd_session_stop_progress (self);
      bd_session_set_busy (self, FALSE);
      g_clear_object (&self->cancellable);
    }

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  self->n_messages = data->reports->len;
  g_clear_pointer (&self->input, g_bytes_unref);
  if (data->bytes != NULL)
    self->input = g_bytes_ref (data->bytes);
  if (set_str (&self->input_name, data->name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INPUT_NAME]);
  /* the answers are kept: they rank the new report's causes too */
  report = merge_reports (data->reports);
  bd_session_set_report (self, report);

  g_task_return_boolean (task, TRUE);
}

static gboolean
update_progress (gpointer user_data)
{
  BdSession *self = user_data;
  double progress;

  if (self->progress_stream == NULL || self->progress_total == 0)
    return G_SOURCE_CONTINUE;

  progress = (double) bd_progress_stream_get_count (self->progress_stream) / self->progress_total;
  progress = CLAMP (progress, 0.0, 1.0);
  if (progress != self->progress)
    {
      self->progress = progress;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
    }
  return G_SOURCE_CONTINUE;
}

static void
bd_session_analyse (BdSession           *self,
                    AnalyseData         *data,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) task = NULL;

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, bd_session_analyse);

  /* One analysis at a time: the newest wins. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  bd_session_stop_progress (self);
  self->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    g_cancellable_connect (cancellable, G_CALLBACK (cancel_inner),
                           g_object_ref (self->cancellable), g_object_unref);

  if (data->stream != NULL)
    {
      self->progress_stream = g_object_ref (data->stream);
      self->progress = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
      self->progress_source = g_timeout_add (100, update_progress, self);
    }

  task = g_task_new (self, self->cancellable, analyse_cb, g_steal_pointer (&outer));
  g_task_set_source_tag (task, bd_session_analyse);
  g_task_set_task_data (task, data, (GDestroyNotify) analyse_data_free);
  /* bd_diagnose_data() cannot be interrupted: a newer analysis takes over
   * at once and the old thread ends unseen. */
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, analyse_thread);

  bd_session_set_busy (self, TRUE);
}

/**
 * bd_session_analyse_bytes_async:
 * @bytes: the pasted text or a file's contents, in any charset
 * @name: (nullable): where it came from
 *
 * Analyses @bytes in a worker thread; on success the session's report is
 * replaced and the answers are kept.
 */
void
bd_session_analyse_bytes_async (BdSession           *self,
                                GBytes              *bytes,
                                const char          *name,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  AnalyseData *data;

  g_return_if_fail (BD_IS_SESSION (self));
  g_return_if_fail (bytes != NULL);

  data = g_new0 (AnalyseData, 1);
  data->bytes = g_bytes_ref (bytes);
  data->name = g_strdup (name);
  bd_session_analyse (self, data, cancellable, callback, user_data);
}

/**
 * bd_session_analyse_file_async:
 * @file: a local file, possibly very large
 *
 * Reads @file in a worker thread, streaming, and updates
 * #BdSession:progress as it goes. Fails with a #GError when the file
 * cannot be opened.
 */
void
bd_session_analyse_file_async (BdSession           *self,
                               GFile               *file,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GFileInputStream) base = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  AnalyseData *data;

  g_return_if_fail (BD_IS_SESSION (self));
  g_return_if_fail (G_IS_FILE (file));

  /* Opening is quick, even for a document portal file. */
  base = g_file_read (file, cancellable, &error);
  if (base != NULL)
    info = g_file_input_stream_query_info (base, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                           cancellable, &error);
  if (info == NULL)
    {
      g_task_report_error (self, callback, user_data, bd_session_analyse,
                           g_steal_pointer (&error));
      return;
    }

  data = g_new0 (AnalyseData, 1);
  data->file = g_object_ref (file);
  data->name = g_file_get_parse_name (file);
  data->stream = BD_PROGRESS_STREAM (bd_progress_stream_new (G_INPUT_STREAM (base)));
  self->progress_total = g_file_info_get_size (info);
  bd_session_analyse (self, data, cancellable, callback, user_data);
}

/**
 * bd_session_set_analysed:
 * @report: (transfer full): the analysis of @input
 */
void
bd_session_set_analysed (BdSession  *self,
                         BdReport   *report,
                         GBytes     *input,
                         const char *name)
{
  g_return_if_fail (BD_IS_SESSION (self));
  g_return_if_fail (report != NULL);
  g_return_if_fail (input != NULL);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  bd_session_stop_progress (self);
  bd_session_set_busy (self, FALSE);

  self->n_messages = 1;
  g_clear_pointer (&self->input, g_bytes_unref);
  self->input = g_bytes_ref (input);
  if (set_str (&self->input_name, name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INPUT_NAME]);
  bd_session_set_report (self, report);
}

gboolean
bd_session_analyse_finish (BdSession     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (BD_IS_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
bd_session_get_busy (BdSession *self)
{
  g_return_val_if_fail (BD_IS_SESSION (self), FALSE);

  return self->busy;
}

double
bd_session_get_progress (BdSession *self)
{
  g_return_val_if_fail (BD_IS_SESSION (self), -1);

  return self->progress;
}

/* ------------------------------------------------------------------------ */
/* The report */

BdReport *
bd_session_get_report (BdSession *self)
{
  g_return_val_if_fail (BD_IS_SESSION (self), NULL);

  return self->report;
}

static void
bd_session_set_checking (BdSession *self,
                         gboolean   checking)
{
  if (self->checking == !!checking)
    return;
  self->checking = !!checking;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHECKING]);
}

/* A run belongs to one report: a new report ends it. */
static void
bd_session_drop_checks (BdSession *self)
{
  if (self->check_cancellable != NULL)
    g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);
  if (self->check_run != NULL)
    g_signal_handlers_disconnect_by_data (self->check_run, self);
  g_clear_object (&self->check_run);
  bd_session_set_checking (self, FALSE);
}

static void
on_check_done (BdCheckRun    *run,
               BdCheckResult *result,
               BdSession     *self)
{
  g_signal_emit (self, signals[CHECK_DONE], 0, result);
}

static void
run_checks_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BdSession *self = g_task_get_source_object (task);
  BdCheckRun *run = BD_CHECK_RUN (object);

  bd_check_run_start_finish (run, result, NULL);

  /* replaced or dropped meanwhile: its results belong to nobody */
  if (run != self->check_run)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "replaced");
      return;
    }

  g_clear_object (&self->check_cancellable);
  bd_session_set_checking (self, FALSE);
  if (self->report != NULL)
    {
      bd_check_run_apply (run, self->report);
      g_signal_emit (self, signals[RANKING_CHANGED], 0);
    }
  g_task_return_boolean (task, TRUE);
}

void
bd_session_run_checks_async (BdSession           *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (BD_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bd_session_run_checks_async);

  if (self->report == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                               "%s", _("There is nothing to check yet."));
      return;
    }
  if (self->resolver == NULL)
    self->resolver = bd_resolver_new (NULL, &error);
  if (self->resolver == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  bd_session_drop_checks (self);
  self->check_run = bd_check_run_new (self->report, self->resolver, 0);
  self->check_cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    g_cancellable_connect (cancellable, G_CALLBACK (cancel_inner),
                           g_object_ref (self->check_cancellable), g_object_unref);
  g_signal_connect (self->check_run, "check-done", G_CALLBACK (on_check_done), self);
  bd_session_set_checking (self, TRUE);
  bd_check_run_start_async (self->check_run, self->check_cancellable, run_checks_cb,
                            g_steal_pointer (&task));
}

gboolean
bd_session_run_checks_finish (BdSession     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (BD_IS_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
bd_session_set_resolver (BdSession  *self,
                         BdResolver *resolver)
{
  g_return_if_fail (BD_IS_SESSION (self));
  g_return_if_fail (resolver == NULL || BD_IS_RESOLVER (resolver));

  g_set_object (&self->resolver, resolver);
}

BdCheckRun *
bd_session_get_check_run (BdSession *self)
{
  g_return_val_if_fail (BD_IS_SESSION (self), NULL);

  return self->check_run;
}

gboolean
bd_session_get_checking (BdSession *self)
{
  g_return_val_if_fail (BD_IS_SESSION (self), FALSE);

  return self->checking;
}

/**
 * bd_session_set_report:
 * @report: (transfer full) (nullable): the new report
 */
void
bd_session_set_report (BdSession *self,
                       BdReport  *report)
{
  g_return_if_fail (BD_IS_SESSION (self));

  if (self->report == report)
    return;
  bd_session_drop_checks (self);
  g_clear_pointer (&self->report, bd_report_free);
  self->report = report;
  /* the answers given so far hold for any report, a symptom's too */
  if (report != NULL && g_hash_table_size (self->answers) > 0)
    bd_classify_apply_answers (bd_kb_get_default (), report, self->answers);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPORT]);
}

GBytes *
bd_session_get_input (BdSession *self)
{
  g_return_val_if_fail (BD_IS_SESSION (self), NULL);

  return self->input;
}

const char *
bd_session_get_input_name (BdSession *self)
{
  g_return_val_if_fail (BD_IS_SESSION (self), NULL);

  return self->input_name;
}

guint
bd_session_get_n_messages (BdSession *self)
{
  g_return_val_if_fail (BD_IS_SESSION (self), 0);

  return self->n_messages;
}

/* Forgets the report and the answers (Start Over). */
void
bd_session_clear (BdSession *self)
{
  g_return_if_fail (BD_IS_SESSION (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  bd_session_stop_progress (self);
  bd_session_set_busy (self, FALSE);

  g_clear_pointer (&self->input, g_bytes_unref);
  if (set_str (&self->input_name, NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INPUT_NAME]);
  self->n_messages = 0;
  g_hash_table_remove_all (self->answers);
  bd_session_set_report (self, NULL);
}

char *
bd_session_dup_report_text (BdSession *self)
{
  g_autoptr(GString) out = NULL;

  g_return_val_if_fail (BD_IS_SESSION (self), NULL);

  out = g_string_new (NULL);
  if (self->report != NULL)
    bd_write_text (out, self->report,
                   self->redact ? BD_WRITE_FLAGS_REDACT : BD_WRITE_FLAGS_NONE);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
bd_session_dup_report_json (BdSession *self)
{
  g_autoptr(GString) out = NULL;
  BdWriteFlags flags = BD_WRITE_FLAGS_PRETTY;

  g_return_val_if_fail (BD_IS_SESSION (self), NULL);

  if (self->redact)
    flags |= BD_WRITE_FLAGS_REDACT;
  out = g_string_new (NULL);
  if (self->report != NULL)
    bd_write_json (out, self->report, flags);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ------------------------------------------------------------------------ */
/* Answers */

BdAnswer
bd_session_get_answer (BdSession  *self,
                       const char *question_id)
{
  g_return_val_if_fail (BD_IS_SESSION (self), BD_ANSWER_UNKNOWN);
  g_return_val_if_fail (question_id != NULL, BD_ANSWER_UNKNOWN);

  return GPOINTER_TO_INT (g_hash_table_lookup (self->answers, question_id));
}

/**
 * bd_session_set_answer:
 * @answer: %BD_ANSWER_UNKNOWN takes the answer back
 *
 * Records the answer and emits #BdSession::ranking-changed.
 */
void
bd_session_set_answer (BdSession  *self,
                       const char *question_id,
                       BdAnswer    answer)
{
  g_return_if_fail (BD_IS_SESSION (self));
  g_return_if_fail (question_id != NULL);

  if (bd_session_get_answer (self, question_id) == answer)
    return;

  if (answer == BD_ANSWER_UNKNOWN)
    g_hash_table_remove (self->answers, question_id);
  else
    g_hash_table_insert (self->answers, g_strdup (question_id), GINT_TO_POINTER (answer));

  /* Re-rank from the classifier's own confidences with all the answers. */
  if (self->report != NULL)
    bd_classify_apply_answers (bd_kb_get_default (), self->report, self->answers);

  g_signal_emit (self, signals[RANKING_CHANGED], 0);
}

/**
 * bd_session_get_answers:
 *
 * Returns: (transfer none): question id → #BdAnswer (as a pointer)
 */
GHashTable *
bd_session_get_answers (BdSession *self)
{
  g_return_val_if_fail (BD_IS_SESSION (self), NULL);

  return self->answers;
}

/* ------------------------------------------------------------------------ */
/* Choices */

gboolean
bd_session_get_helpdesk (BdSession *self)
{
  g_return_val_if_fail (BD_IS_SESSION (self), FALSE);

  return self->helpdesk;
}

void
bd_session_set_helpdesk (BdSession *self,
                         gboolean   helpdesk)
{
  g_return_if_fail (BD_IS_SESSION (self));

  if (self->helpdesk == !!helpdesk)
    return;
  self->helpdesk = !!helpdesk;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HELPDESK]);
}

const char *
bd_session_get_program (BdSession *self)
{
  g_return_val_if_fail (BD_IS_SESSION (self), NULL);

  return self->program;
}

void
bd_session_set_program (BdSession  *self,
                        const char *program)
{
  g_return_if_fail (BD_IS_SESSION (self));

  if (set_str (&self->program, program))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRAM]);
}

const char *
bd_session_get_server (BdSession *self)
{
  g_return_val_if_fail (BD_IS_SESSION (self), NULL);

  return self->server;
}

void
bd_session_set_server (BdSession  *self,
                       const char *server)
{
  g_return_if_fail (BD_IS_SESSION (self));

  if (set_str (&self->server, server))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER]);
}

gboolean
bd_session_get_redact (BdSession *self)
{
  g_return_val_if_fail (BD_IS_SESSION (self), FALSE);

  return self->redact;
}

void
bd_session_set_redact (BdSession *self,
                       gboolean   redact)
{
  g_return_if_fail (BD_IS_SESSION (self));

  if (self->redact == !!redact)
    return;
  self->redact = !!redact;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REDACT]);
}

/* ------------------------------------------------------------------------ */
/* GObject */

static void
bd_session_dispose (GObject *object)
{
  BdSession *self = BD_SESSION (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->progress_source, g_source_remove);
  g_clear_object (&self->progress_stream);
  bd_session_drop_checks (self);
  g_clear_object (&self->resolver);

  G_OBJECT_CLASS (bd_session_parent_class)->dispose (object);
}

static void
bd_session_finalize (GObject *object)
{
  BdSession *self = BD_SESSION (object);

  g_clear_pointer (&self->report, bd_report_free);
  g_clear_pointer (&self->input, g_bytes_unref);
  g_clear_pointer (&self->answers, g_hash_table_unref);
  g_free (self->input_name);
  g_free (self->program);
  g_free (self->server);

  G_OBJECT_CLASS (bd_session_parent_class)->finalize (object);
}

static void
bd_session_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  BdSession *self = BD_SESSION (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_CHECKING:
      g_value_set_boolean (value, self->checking);
      break;
    case PROP_HELPDESK:
      g_value_set_boolean (value, self->helpdesk);
      break;
    case PROP_INPUT_NAME:
      g_value_set_string (value, self->input_name);
      break;
    case PROP_PROGRAM:
      g_value_set_string (value, self->program);
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    case PROP_REDACT:
      g_value_set_boolean (value, self->redact);
      break;
    case PROP_REPORT:
      g_value_set_pointer (value, self->report);
      break;
    case PROP_SERVER:
      g_value_set_string (value, self->server);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_session_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  BdSession *self = BD_SESSION (object);

  switch (prop_id)
    {
    case PROP_HELPDESK:
      bd_session_set_helpdesk (self, g_value_get_boolean (value));
      break;
    case PROP_PROGRAM:
      bd_session_set_program (self, g_value_get_string (value));
      break;
    case PROP_REDACT:
      bd_session_set_redact (self, g_value_get_boolean (value));
      break;
    case PROP_SERVER:
      bd_session_set_server (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_session_class_init (BdSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bd_session_dispose;
  object_class->finalize = bd_session_finalize;
  object_class->get_property = bd_session_get_property;
  object_class->set_property = bd_session_set_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CHECKING] =
    g_param_spec_boolean ("checking", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_HELPDESK] =
    g_param_spec_boolean ("helpdesk", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_INPUT_NAME] =
    g_param_spec_string ("input-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PROGRAM] =
    g_param_spec_string ("program", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, -1, 1, -1,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_REDACT] =
    g_param_spec_boolean ("redact", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* BdReport * (transfer none); notified when replaced */
  properties[PROP_REPORT] =
    g_param_spec_pointer ("report", NULL, NULL,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SERVER] =
    g_param_spec_string ("server", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BdSession::ranking-changed:
   *
   * An answer changed, so the causes' confidences and order may have.
   */
  /**
   * BdSession::check-done:
   * @result: (type gpointer): the BdCheckResult that just ended
   */
  signals[CHECK_DONE] =
    g_signal_new ("check-done",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_POINTER);

  signals[RANKING_CHANGED] =
    g_signal_new ("ranking-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
bd_session_init (BdSession *self)
{
  self->answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->progress = -1;
}

BdSession *
bd_session_new (void)
{
  return g_object_new (BD_TYPE_SESSION, NULL);
}
