/* bd-diagnose.c: from input bytes, files or folders to reports
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Inputs come in three shapes, told apart by their first 64 KB:
 *  - a log or SMTP transcript: streamed line by line through a BdLogScanner,
 *    memory bounded by the sessions open at once;
 *  - an mbox: split at "From " lines, each message analysed on its own;
 *  - anything else: one message (or pasted text) read whole, up to
 *    BD_MAX_MESSAGE bytes.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "bd-classify.h"
#include "bd-diagnose.h"
#include "bd-reader-private.h"
#include "bd-document.h"
#include "bd-error.h"
#include "bd-log.h"
#include "bd-readers.h"

#define BD_PEEK_SIZE     (64 * 1024)
#define BD_CHUNK_SIZE    (1024 * 1024)
#define BD_MAX_LINE      (1024 * 1024)
#define BD_MAX_MESSAGE   (32 * 1024 * 1024)

static void
fill_from_document (BdReport   *report,
                    BdDocument *doc)
{
  const char *subject = bd_document_get_header (doc, "Subject");

  report->kind = doc->kind;
  if (subject != NULL)
    report->subject = g_strdup (subject);

  if (bd_reader_dsn (doc, report) ||
      bd_reader_client (doc, report) ||
      bd_reader_text (doc, report))
    {
      const char *to = bd_document_get_header (doc, "To");
      g_autofree char *sender = to ? bd_reader_address_dup (to, strlen (to)) : NULL;

      bd_reader_text_notice (doc, report);
      /* A bounce goes back to the sender: its To: names them when the
       * report itself does not (fills {sender} in fixes). */
      for (guint i = 0; sender != NULL && doc->kind == BD_SOURCE_EMAIL && i < report->failures->len; i++)
        {
          BdFailure *f = g_ptr_array_index (report->failures, i);
          if (f->sender == NULL)
            f->sender = g_strdup (sender);
        }
      return;
    }

  if (report->format == NULL)
    bd_report_set_format (report, doc->kind == BD_SOURCE_EMAIL ? "email" : "text", NULL);
}

static void
scan_log_data (BdReport   *report,
               const char *format,
               const char *data,
               gsize       len)
{
  g_autoptr(BdLogScanner) scanner = bd_log_scanner_new (format, report);
  const char *p = data, *end = data + len;
  guint lineno = 0;

  while (p < end)
    {
      const char *eol = p;

      while (eol < end && *eol != '\n' && *eol != '\r')
        eol++;
      bd_log_scanner_feed_line (scanner, p, eol - p, ++lineno);
      /* one line end: CRLF, CR or LF */
      p = eol;
      if (p < end && *p == '\r')
        p++;
      if (p < end && *p == '\n' && (p == eol || p[-1] == '\r'))
        p++;
    }
  bd_log_scanner_finish (scanner);
}

/* @log_format: what bd_log_detect() said of the input, already asked by
 * the caller (NULL: not a log). */
static BdReport *
diagnose_data_as (const char *data,
                  gsize       len,
                  const char *file,
                  const char *log_format)
{
  BdReport *report = bd_report_new ();

  report->file = g_strdup (file);
  report->bytes = len;

  if (log_format != NULL)
    scan_log_data (report, log_format, data, len);
  else
    {
      g_autoptr(BdDocument) doc = bd_document_new_from_data (data, len);
      fill_from_document (report, doc);
    }

  bd_classify_report (report);
  return report;
}

BdReport *
bd_diagnose_data (const char *data,
                  gsize       len,
                  const char *file)
{
  g_return_val_if_fail (data != NULL || len == 0, bd_report_new ());

  return diagnose_data_as (data, len, file, bd_log_detect (data, len));
}

/* ------------------------------------------------------------------ */
/* Streams                                                              */

typedef struct
{
  GInputStream *stream;
  GCancellable *cancellable;
  char         *buf;
  gsize         start;   /* first unread byte */
  gsize         end;     /* end of valid data */
  gsize         size;
  gboolean      eof;
  gboolean      skipping;
  guint64       offset;  /* bytes consumed before buf[start] */
} Reader;

static void
reader_init (Reader       *r,
             GInputStream *stream,
             GCancellable *cancellable)
{
  r->stream = stream;
  r->cancellable = cancellable;
  /* start small: a folder of 100 000 tiny files must not cost a megabyte
   * of fresh memory each; reader_fill() grows the buffer when needed */
  r->size = BD_PEEK_SIZE;
  r->buf = g_malloc (r->size);
  r->start = r->end = 0;
  r->eof = FALSE;
  r->skipping = FALSE;
  r->offset = 0;
}

static void
reader_clear (Reader *r)
{
  g_clear_pointer (&r->buf, g_free);
}

/* Makes sure at least @want bytes are buffered (less at EOF). */
static gboolean
reader_fill (Reader  *r,
             gsize    want,
             GError **error)
{
  if (r->start > 0 && r->end - r->start < want)
    {
      memmove (r->buf, r->buf + r->start, r->end - r->start);
      r->end -= r->start;
      r->start = 0;
    }
  if (want > r->size)
    {
      r->size = want;
      r->buf = g_realloc (r->buf, r->size);
    }
  while (!r->eof && r->end - r->start < want)
    {
      gssize n = g_input_stream_read (r->stream, r->buf + r->end, r->size - r->end,
                                      r->cancellable, error);
      if (n < 0)
        return FALSE;
      if (n == 0)
        r->eof = TRUE;
      r->end += n;
    }
  return TRUE;
}

/* Returns the next line (without line end) or NULL at EOF. The line stays
 * valid until the next call. Lines longer than BD_MAX_LINE are cut; the rest
 * of such a line is skipped. */
static const char *
reader_next_line (Reader  *r,
                  gsize   *len,
                  GError **error)
{
  for (;;)
    {
      char *p = r->buf + r->start;
      gsize avail = r->end - r->start;
      char *eol;

      if (r->skipping)
        {
          char *nl = memchr (p, '\n', avail);
          gsize n = nl ? (gsize) (nl - p) + 1 : avail;
          r->start += n;
          r->offset += n;
          if (nl != NULL)
            r->skipping = FALSE;
          else if (r->eof)
            return NULL;
          else if (!reader_fill (r, BD_CHUNK_SIZE / 2, error))
            return NULL;
          continue;
        }

      eol = memchr (p, '\n', avail);
      {
        char *cr = memchr (p, '\r', eol ? (gsize) (eol - p) : avail);
        if (cr != NULL)
          eol = cr;
      }

      if (eol != NULL)
        {
          gsize consumed = 1;
          if (*eol == '\r')
            {
              if (eol + 1 == p + avail && !r->eof)
                {
                  if (!reader_fill (r, avail + 1, error))
                    return NULL;
                  continue;
                }
              if (eol + 1 < p + avail && eol[1] == '\n')
                consumed = 2;
            }
          *len = eol - p;
          r->start += *len + consumed;
          r->offset += *len + consumed;
          return p;
        }

      if (r->eof)
        {
          if (avail == 0)
            return NULL;
          r->start = r->end;
          r->offset += avail;
          *len = avail;
          return p;
        }

      if (avail >= BD_MAX_LINE)
        {
          r->start = r->end;
          r->offset += avail;
          r->skipping = TRUE;
          *len = avail;
          return p;
        }

      if (!reader_fill (r, avail + BD_CHUNK_SIZE / 2, error))
        return NULL;
    }
}

static gboolean
scan_log_stream (Reader       *r,
                 const char   *format,
                 BdReport     *report,
                 GError      **error)
{
  g_autoptr(BdLogScanner) scanner = bd_log_scanner_new (format, report);
  const char *line;
  gsize len;
  guint lineno = 0;
  GError *local_error = NULL;

  while ((line = reader_next_line (r, &len, &local_error)) != NULL)
    {
      bd_log_scanner_feed_line (scanner, line, len, ++lineno);
      if ((lineno & 0xffff) == 0 && g_cancellable_set_error_if_cancelled (r->cancellable, &local_error))
        break;
    }
  bd_log_scanner_finish (scanner);
  report->bytes = r->offset;

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
is_mbox_separator (const char *line,
                   gsize       len)
{
  /* "From sender@example.com Mon Oct 20 16:11:37 2008" */
  return len > 5 && memcmp (line, "From ", 5) == 0 && memchr (line + 5, ' ', len - 5) != NULL;
}

static gboolean
split_mbox (Reader       *r,
            const char   *name,
            BdReportFunc  func,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(GString) msg = g_string_new (NULL);
  const char *line;
  gsize len;
  GError *local_error = NULL;
  gboolean truncated = FALSE;

  for (;;)
    {
      line = reader_next_line (r, &len, &local_error);
      if (line == NULL || (is_mbox_separator (line, len) && msg->len > 0))
        {
          if (msg->len > 0)
            {
              BdReport *report = bd_diagnose_data (msg->str, msg->len, name);
              func (report, user_data);
            }
          g_string_truncate (msg, 0);
          truncated = FALSE;
          if (line == NULL)
            break;
          if (g_cancellable_set_error_if_cancelled (r->cancellable, &local_error))
            break;
        }
      if (msg->len + len + 1 > BD_MAX_MESSAGE)
        {
          truncated = TRUE;
          continue;
        }
      if (!truncated)
        {
          /* un-escape ">From " lines of mboxrd */
          if (len > 5 && line[0] == '>' && memcmp (line + 1, "From ", 5) == 0)
            g_string_append_len (msg, line + 1, len - 1);
          else
            g_string_append_len (msg, line, len);
          g_string_append_c (msg, '\n');
        }
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

gboolean
bd_diagnose_stream (GInputStream  *stream,
                    const char    *name,
                    BdReportFunc   func,
                    gpointer       user_data,
                    GCancellable  *cancellable,
                    GError       **error)
{
  Reader r;
  const char *log_format;
  gboolean ret = TRUE;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  reader_init (&r, stream, cancellable);
  if (!reader_fill (&r, BD_PEEK_SIZE, error))
    {
      reader_clear (&r);
      return FALSE;
    }

  log_format = bd_log_detect (r.buf, r.end);
  if (log_format != NULL)
    {
      BdReport *report = bd_report_new ();
      report->file = g_strdup (name);
      ret = scan_log_stream (&r, log_format, report, error);
      if (ret)
        {
          bd_classify_report (report);
          func (report, user_data);
        }
      else
        bd_report_free (report);
    }
  else if (r.end > 5 && memcmp (r.buf, "From ", 5) == 0)
    ret = split_mbox (&r, name, func, user_data, error);
  else
    {
      /* one message: read it whole, up to the limit, growing the buffer
       * step by step so that small files stay cheap */
      while (ret && !r.eof && r.end - r.start < BD_MAX_MESSAGE)
        ret = reader_fill (&r, MIN (2 * (r.end - r.start) + BD_PEEK_SIZE, (gsize) BD_MAX_MESSAGE), error);
      if (ret)
        {
          /* bd_log_detect() looks at the first 64 KB only, the peek
           * above: it already said this is no log */
          BdReport *report = diagnose_data_as (r.buf + r.start, r.end - r.start, name, NULL);
          if (!r.eof || r.end - r.start >= BD_MAX_MESSAGE)
            {
              gsize extra = 0;
              /* drain to know the real size; do not keep it */
              while (!r.eof)
                {
                  r.start = r.end = 0;
                  if (!reader_fill (&r, r.size, NULL))
                    break;
                  extra += r.end;
                }
              report->bytes += extra;
            }
          func (report, user_data);
        }
    }

  reader_clear (&r);
  return ret;
}

/* ------------------------------------------------------------------ */
/* Files and folders                                                    */

static gboolean
diagnose_file (GFile         *file,
               BdReportFunc   func,
               gpointer       user_data,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(GFileInputStream) stream = g_file_read (file, cancellable, error);
  g_autofree char *path = g_file_get_path (file);

  if (stream == NULL)
    return FALSE;
  return bd_diagnose_stream (G_INPUT_STREAM (stream), path, func, user_data, cancellable, error);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static gboolean
walk_directory (GFile         *dir,
                BdReportFunc   func,
                BdErrorFunc    error_func,
                gpointer       user_data,
                GCancellable  *cancellable,
                guint          depth,
                GError       **error)
{
  g_autoptr(GFileEnumerator) enumerator = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GFileInfo *info;

  if (depth > 32)
    return TRUE;

  enumerator = g_file_enumerate_children (dir,
                                          G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                          G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                          G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                          cancellable, error);
  if (enumerator == NULL)
    return FALSE;

  while ((info = g_file_enumerator_next_file (enumerator, cancellable, error)) != NULL)
    {
      GFileType type = g_file_info_get_file_type (info);
      const char *name = g_file_info_get_name (info);

      /* Hidden entries are skipped (.git, .DS_Store…), except the folders
       * of a Maildir++ mailbox (.Sent, .Junk…): each has its own cur/. */
      if (name[0] == '.' && type == G_FILE_TYPE_DIRECTORY)
        {
          g_autoptr(GFile) folder = g_file_get_child (dir, name);
          g_autoptr(GFile) cur_dir = g_file_get_child (folder, "cur");

          if (g_file_query_file_type (cur_dir, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                      cancellable) != G_FILE_TYPE_DIRECTORY)
            type = G_FILE_TYPE_UNKNOWN;
        }
      else if (name[0] == '.')
        type = G_FILE_TYPE_UNKNOWN;

      if (type == G_FILE_TYPE_REGULAR || type == G_FILE_TYPE_DIRECTORY)
        g_ptr_array_add (names, g_strdup_printf ("%c%s", type == G_FILE_TYPE_DIRECTORY ? 'd' : 'f', name));
      g_object_unref (info);
    }
  if (error != NULL && *error != NULL)
    return FALSE;

  /* a stable order, so that output is the same from run to run */
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *entry = g_ptr_array_index (names, i);
      g_autoptr(GFile) child = g_file_get_child (dir, entry + 1);
      g_autoptr(GError) child_error = NULL;
      gboolean ok;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      if (entry[0] == 'd')
        ok = walk_directory (child, func, error_func, user_data, cancellable, depth + 1, &child_error);
      else
        ok = diagnose_file (child, func, user_data, cancellable, &child_error);

      if (!ok && error_func != NULL)
        {
          g_autofree char *child_path = g_file_get_path (child);
          error_func (child_path, child_error, user_data);
        }
    }
  return TRUE;
}

gboolean
bd_diagnose_path (const char    *path,
                  BdReportFunc   func,
                  BdErrorFunc    error_func,
                  gpointer       user_data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(GFile) file = NULL;
  GFileType type;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  file = g_file_new_for_commandline_arg (path);
  type = g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, cancellable);

  if (type == G_FILE_TYPE_DIRECTORY)
    return walk_directory (file, func, error_func, user_data, cancellable, 0, error);
  if (type == G_FILE_TYPE_UNKNOWN)
    {
      /* let g_file_read() say what is wrong: missing, no permission… */
      g_autoptr(GFileInputStream) stream = g_file_read (file, cancellable, error);
      if (stream == NULL)
        return FALSE;
    }
  return diagnose_file (file, func, user_data, cancellable, error);
}

/* ------------------------------------------------------------------ */
/* Symptoms                                                             */

static int
compare_symptom_causes (gconstpointer a,
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

BdReport *
bd_diagnose_symptom (const char *symptom_id)
{
  const BdKbSymptom *symptom;
  BdReport *report;
  BdFailure *failure;
  const BdCauseMatch *top;

  g_return_val_if_fail (symptom_id != NULL, NULL);

  symptom = bd_kb_lookup_symptom (bd_kb_get_default (), symptom_id);
  if (symptom == NULL)
    return NULL;

  report = bd_report_new ();
  report->kind = BD_SOURCE_TEXT;
  bd_report_set_format (report, "symptom", NULL);

  failure = bd_failure_new ();
  failure->symptom = symptom;
  /* nothing says whether a retry would help */
  failure->permanent = FALSE;
  failure->causes = g_ptr_array_new_with_free_func ((GDestroyNotify) bd_cause_match_free);
  for (guint i = 0; i < symptom->n_effects; i++)
    {
      BdCauseMatch *m = g_new0 (BdCauseMatch, 1);

      m->cause = symptom->effects[i].cause;
      m->confidence = m->base = symptom->effects[i].weight;
      m->rule = symptom->id;
      m->lines = g_array_new (FALSE, FALSE, sizeof (guint));
      g_ptr_array_add (failure->causes, m);
    }
  g_ptr_array_sort (failure->causes, compare_symptom_causes);
  top = g_ptr_array_index (failure->causes, 0);
  failure->category = top->cause->category;
  failure->cause = g_strdup (top->cause->id);
  bd_report_add_failure (report, failure);
  return report;
}
