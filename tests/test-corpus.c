/* test-corpus.c: accuracy of the readers on the Sisimai corpus and on the
 * project's own samples
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For every row of sisimai/public.jsonl (one per bounced recipient) the
 * message is analysed with bd_diagnose_data() and compared with the row:
 *  - recipient: the row's recipient is among the failures (or, for rows of
 *    app_category "none", the report says it is no failure);
 *  - status: only where the message itself states the expected code (a real
 *    RFC 3463 code that occurs as a token in the raw bytes);
 *  - reply code: only where the expected code occurs as a 3-digit token.
 * The three shares must be >= 99 %.
 *  - category: the failure's category is the row's app_category or one of
 *    its app_accept answers (a "none" row: the report is no failure), on
 *    >= 97 % of the rows; every miss and the confusion of the misses
 *    (expected → got) are printed.
 *
 * BD_CORPUS_REPEAT=N repeats the analysis N times and prints messages/s.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "bd-diagnose.h"
#include "bd-kb.h"
#include "bd-types.h"

#define BD_CORPUS_MIN_PERCENT 99.0
#define BD_CORPUS_MIN_CATEGORY_PERCENT 97.0

#ifndef TESTS_SOURCE_DIR
#define TESTS_SOURCE_DIR "."
#endif

typedef struct
{
  char     *file;
  char     *recipient;
  char     *status;     /* nullable */
  guint     replycode;  /* 0: none */
  guint     index;
  char     *app_category;
  GStrv     app_accept; /* nullable */
  gboolean  disputed;
} Row;

static void
row_free (gpointer data)
{
  Row *row = data;

  g_free (row->file);
  g_free (row->recipient);
  g_free (row->status);
  g_free (row->app_category);
  g_strfreev (row->app_accept);
  g_free (row);
}

static char *corpus_dir = NULL;
static char *samples_dir = NULL;

static const char *
member_string (JsonObject *obj,
               const char *name)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static GPtrArray *
load_rows (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  GPtrArray *rows = g_ptr_array_new_with_free_func (row_free);
  char **lines;

  if (!g_file_get_contents (path, &contents, NULL, &error))
    g_error ("cannot read %s: %s", path, error->message);

  lines = g_strsplit (contents, "\n", -1);
  for (char **l = lines; *l != NULL; l++)
    {
      JsonObject *obj;
      JsonNode *node;
      Row *row;

      if (**l == '\0')
        continue;
      if (!json_parser_load_from_data (parser, *l, -1, &error))
        g_error ("bad JSON line in %s: %s", path, error->message);
      obj = json_node_get_object (json_parser_get_root (parser));
      row = g_new0 (Row, 1);
      row->file = g_strdup (member_string (obj, "file"));
      row->recipient = g_strdup (member_string (obj, "recipient"));
      row->status = g_strdup (member_string (obj, "status"));
      node = json_object_get_member (obj, "replycode");
      if (node != NULL && JSON_NODE_HOLDS_VALUE (node))
        {
          if (json_node_get_value_type (node) == G_TYPE_STRING)
            row->replycode = (guint) g_ascii_strtoull (json_node_get_string (node), NULL, 10);
          else
            row->replycode = (guint) json_node_get_int (node);
        }
      row->index = (guint) json_object_get_int_member_with_default (obj, "index", 1);
      row->app_category = g_strdup (member_string (obj, "app_category"));
      node = json_object_get_member (obj, "app_accept");
      if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *arr = json_node_get_array (node);
          GStrvBuilder *b = g_strv_builder_new ();
          for (guint i = 0; i < json_array_get_length (arr); i++)
            g_strv_builder_add (b, json_array_get_string_element (arr, i));
          row->app_accept = g_strv_builder_end (b);
          g_strv_builder_unref (b);
        }
      row->disputed = json_object_get_boolean_member_with_default (obj, "disputed", FALSE);
      if (row->file == NULL)
        {
          row_free (row);
          continue;
        }
      g_ptr_array_add (rows, row);
    }
  g_strfreev (lines);
  return rows;
}

/* Does @token occur in @data with no digit (nor a dotted digit) joined to it? */
static gboolean
contains_token (const char *data,
                gsize       len,
                const char *token)
{
  gsize n = strlen (token);
  const char *p = data, *end = data + len;

  while (p < end)
    {
      const char *hit = memmem (p, end - p, token, n);
      const char *after;

      if (hit == NULL)
        return FALSE;
      after = hit + n;
      if ((hit == data || !(g_ascii_isdigit (hit[-1]) || hit[-1] == '.' ||
                            g_ascii_isalpha (hit[-1]))) &&
          (after >= end || !(g_ascii_isdigit (*after) ||
                             (*after == '.' && after + 1 < end && g_ascii_isdigit (after[1])))))
        return TRUE;
      p = hit + 1;
    }
  return FALSE;
}

/* A real RFC 3463 code, not one of Sisimai's "x.0.9xx" pseudo-codes. */
static gboolean
is_real_status (const char *status)
{
  g_auto(GStrv) parts = NULL;

  if (status == NULL || (status[0] != '2' && status[0] != '4' && status[0] != '5'))
    return FALSE;
  parts = g_strsplit (status, ".", -1);
  if (g_strv_length (parts) != 3)
    return FALSE;
  if (g_str_equal (parts[1], "0") && strlen (parts[2]) == 3 && parts[2][0] == '9')
    return FALSE;
  return TRUE;
}

typedef struct
{
  GHashTable *data;     /* file → GBytes */
  GHashTable *reports;  /* file → BdReport */
} Corpus;

static BdFailure *
failure_for (BdReport   *report,
             const char *recipient)
{
  return bd_report_find_failure (report, recipient);
}

static gboolean
category_accepted (const Row  *row,
                   const char *got)
{
  if (g_strcmp0 (row->app_category, got) == 0)
    return TRUE;
  return row->app_accept != NULL &&
         g_strv_contains ((const char * const *) row->app_accept, got);
}

static void
test_corpus_sisimai (void)
{
  g_autofree char *jsonl = g_build_filename (corpus_dir, "public.jsonl", NULL);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GHashTable) data = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                      (GDestroyNotify) g_bytes_unref);
  g_autoptr(GHashTable) reports = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) bd_report_free);
  g_autoptr(GPtrArray) files = g_ptr_array_new ();
  guint rcpt_ok = 0, rcpt_n = 0, status_ok = 0, status_n = 0, code_ok = 0, code_n = 0;
  guint cat_ok = 0, cat_n = 0;
  guint disputed_miss = 0;
  const char *repeat_env;
  double pct_rcpt, pct_status, pct_code, pct_cat;
  g_autoptr(GHashTable) confusion = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (!g_file_test (jsonl, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("corpus not found");
      return;
    }
  rows = load_rows (jsonl);

  for (guint i = 0; i < rows->len; i++)
    {
      Row *row = g_ptr_array_index (rows, i);
      g_autofree char *path = NULL;
      g_autoptr(GError) error = NULL;
      char *contents;
      gsize len;

      if (g_hash_table_contains (data, row->file))
        continue;
      path = g_build_filename (corpus_dir, row->file, NULL);
      if (!g_file_get_contents (path, &contents, &len, &error))
        g_error ("cannot read %s: %s", path, error->message);
      g_hash_table_insert (data, g_strdup (row->file), g_bytes_new_take (contents, len));
      g_ptr_array_add (files, row->file);
    }

  for (guint i = 0; i < files->len; i++)
    {
      const char *file = g_ptr_array_index (files, i);
      GBytes *bytes = g_hash_table_lookup (data, file);
      gsize len;
      const char *d = g_bytes_get_data (bytes, &len);

      g_hash_table_insert (reports, g_strdup (file), bd_diagnose_data (d, len, file));
    }

  repeat_env = g_getenv ("BD_CORPUS_REPEAT");
  if (repeat_env != NULL && atoi (repeat_env) > 0)
    {
      int repeat = atoi (repeat_env);
      gint64 start = g_get_monotonic_time ();
      double secs;
      guint64 n = 0, bytes_total = 0;

      for (int r = 0; r < repeat; r++)
        for (guint i = 0; i < files->len; i++)
          {
            GBytes *bytes = g_hash_table_lookup (data, g_ptr_array_index (files, i));
            gsize len;
            const char *d = g_bytes_get_data (bytes, &len);
            bd_report_free (bd_diagnose_data (d, len, NULL));
            n++;
            bytes_total += len;
          }
      secs = (g_get_monotonic_time () - start) / 1e6;
      g_printerr ("# speed: %" G_GUINT64_FORMAT " messages in %.3f s: %.0f messages/s, %.1f MB/s\n",
                  n, secs, n / secs, bytes_total / secs / 1e6);
    }

  for (guint i = 0; i < rows->len; i++)
    {
      Row *row = g_ptr_array_index (rows, i);
      BdReport *report = g_hash_table_lookup (reports, row->file);
      GBytes *bytes = g_hash_table_lookup (data, row->file);
      gsize len;
      const char *d = g_bytes_get_data (bytes, &len);
      gboolean none = g_strcmp0 (row->app_category, "none") == 0;
      BdFailure *f = failure_for (report, row->recipient);
      const char *mark = row->disputed ? " (disputed)" : "";

      /* recipient */
      rcpt_n++;
      if (none ? report->not_failure != NULL : f != NULL)
        rcpt_ok++;
      else
        {
          GString *got = g_string_new (NULL);
          for (guint j = 0; j < report->failures->len; j++)
            {
              BdFailure *g = g_ptr_array_index (report->failures, j);
              g_string_append_printf (got, "%s%s", j ? "," : "", g->recipient ? g->recipient : "(null)");
            }
          if (report->not_failure != NULL)
            g_string_append_printf (got, " not_failure=%s", report->not_failure);
          g_printerr ("# MISS recipient %s%s: expected %s%s, got [%s]\n", row->file, mark,
                      row->recipient, none ? " (not a failure)" : "", got->str);
          g_string_free (got, TRUE);
          if (row->disputed)
            disputed_miss++;
        }

      /* status and reply code: only for rows that are failures; a report
       * that is no failure has no failures (bd-report.h), so the code of a
       * "delivered" row cannot be compared */
      /* status */
      if (!none && is_real_status (row->status) && contains_token (d, len, row->status))
        {
          status_n++;
          if (f != NULL && g_strcmp0 (f->status, row->status) == 0)
            status_ok++;
          else
            {
              g_printerr ("# MISS status %s%s [%s]: expected %s, got %s\n", row->file, mark,
                          row->recipient, row->status,
                          f == NULL ? "(no failure)" : f->status ? f->status : "(null)");
              if (row->disputed)
                disputed_miss++;
            }
        }

      /* reply code */
      if (!none && row->replycode != 0)
        {
          char code[16];

          g_snprintf (code, sizeof code, "%u", row->replycode);
          if (contains_token (d, len, code))
            {
              code_n++;
              if (f != NULL && f->reply_code == row->replycode)
                code_ok++;
              else
                {
                  g_printerr ("# MISS replycode %s%s [%s]: expected %u, got %u%s\n", row->file, mark,
                              row->recipient, row->replycode, f ? f->reply_code : 0,
                              f ? "" : " (no failure)");
                  if (row->disputed)
                    disputed_miss++;
                }
            }
        }

      /* category: of the row's failure; when the recipient was missed
       * (counted above) but the message has one failure only, of that one */
      if (row->app_category != NULL)
        {
          BdFailure *cf = f != NULL ? f : report->failures->len == 1 ? g_ptr_array_index (report->failures, 0) : NULL;
          const char *got = report->not_failure != NULL ? "none"
                            : cf ? bd_category_to_string (cf->category) : "(no failure)";
          cat_n++;
          if (category_accepted (row, got))
            cat_ok++;
          else
            {
              char *key = g_strdup_printf ("%s → %s", row->app_category, got);
              guint count = GPOINTER_TO_UINT (g_hash_table_lookup (confusion, key));
              g_hash_table_insert (confusion, key, GUINT_TO_POINTER (count + 1));
              g_printerr ("# MISS category %s%s [%s]: expected %s, got %s (cause %s)\n", row->file, mark,
                          row->recipient, row->app_category, got, cf && cf->cause ? cf->cause : "-");
            }
        }
    }

  pct_rcpt = rcpt_n ? 100.0 * rcpt_ok / rcpt_n : 100.0;
  pct_status = status_n ? 100.0 * status_ok / status_n : 100.0;
  pct_code = code_n ? 100.0 * code_ok / code_n : 100.0;

  g_printerr ("# recipient: %u/%u = %.2f %%\n", rcpt_ok, rcpt_n, pct_rcpt);
  g_printerr ("# status:    %u/%u = %.2f %%\n", status_ok, status_n, pct_status);
  g_printerr ("# replycode: %u/%u = %.2f %%\n", code_ok, code_n, pct_code);
  pct_cat = cat_n ? 100.0 * cat_ok / cat_n : 100.0;
  g_printerr ("# category:  %u/%u = %.2f %%\n", cat_ok, cat_n, pct_cat);
  {
    GHashTableIter iter;
    gpointer key, value;

    g_printerr ("# confusion of the category misses (expected → got: count):\n");
    g_hash_table_iter_init (&iter, confusion);
    while (g_hash_table_iter_next (&iter, &key, &value))
      g_printerr ("#   %s: %u\n", (const char *) key, GPOINTER_TO_UINT (value));
  }
  g_printerr ("# misses on disputed rows: %u\n", disputed_miss);
  g_test_message ("recipient %.2f %%, status %.2f %%, reply code %.2f %%",
                  pct_rcpt, pct_status, pct_code);

  g_assert_cmpfloat (pct_rcpt, >=, BD_CORPUS_MIN_PERCENT);
  g_assert_cmpfloat (pct_status, >=, BD_CORPUS_MIN_PERCENT);
  g_assert_cmpfloat (pct_code, >=, BD_CORPUS_MIN_PERCENT);
  g_assert_cmpfloat (pct_cat, >=, BD_CORPUS_MIN_CATEGORY_PERCENT);
}

/* ---- the project's own samples ---------------------------------------- */

static void
collect_report (BdReport *report,
                gpointer  user_data)
{
  g_ptr_array_add (user_data, report);
}

static gboolean
field_stated (const char *value)
{
  return value != NULL && *value != '\0' && !g_str_equal (value, "-");
}

static void
test_corpus_samples (void)
{
  g_autofree char *tsv = g_build_filename (samples_dir, "expected.tsv", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *last_file = NULL;
  g_autoptr(GPtrArray) reports = NULL;
  guint position = 0;
  guint checked = 0;

  if (!g_file_get_contents (tsv, &contents, NULL, NULL))
    {
      g_test_skip ("tests/data/samples/expected.tsv not found");
      return;
    }

  lines = g_strsplit (contents, "\n", -1);
  for (char **l = lines; *l != NULL; l++)
    {
      g_auto(GStrv) cols = NULL;
      BdFailure *f = NULL;
      BdReport *report;

      g_strchomp (*l);
      if (**l == '\0' || **l == '#')
        continue;
      cols = g_strsplit (*l, "\t", -1);
      if (g_strv_length (cols) < 7)
        {
          g_test_message ("bad line in expected.tsv: %s", *l);
          g_test_fail ();
          continue;
        }

      if (g_strcmp0 (last_file, cols[0]) != 0)
        {
          g_autofree char *path = g_build_filename (samples_dir, cols[0], NULL);
          g_autoptr(GError) error = NULL;

          g_clear_pointer (&reports, g_ptr_array_unref);
          reports = g_ptr_array_new_with_free_func ((GDestroyNotify) bd_report_free);
          if (!bd_diagnose_path (path, collect_report, NULL, reports, NULL, &error))
            {
              g_test_message ("%s: %s", cols[0], error->message);
              g_test_fail ();
            }
          g_free (last_file);
          last_file = g_strdup (cols[0]);
          position = 0;
        }

      /* the failures of all reports of the file, in order */
      for (guint i = 0, k = 0; reports != NULL && i < reports->len && f == NULL; i++)
        {
          report = g_ptr_array_index (reports, i);
          for (guint j = 0; j < report->failures->len; j++, k++)
            if (k == position)
              {
                f = g_ptr_array_index (report->failures, j);
                break;
              }
        }
      position++;

      if (f == NULL)
        {
          g_printerr ("# sample %s: no failure #%u\n", cols[0], position);
          g_test_fail ();
          continue;
        }
      checked++;

#define CHECK_STR(col, got)                                              \
      if (field_stated (cols[col]) && g_ascii_strcasecmp (cols[col], (got) ? (got) : "") != 0) \
        {                                                                \
          g_printerr ("# sample %s #%u: column %d expected %s, got %s\n", \
                      cols[0], position, col, cols[col], (got) ? (got) : "(null)"); \
          g_test_fail ();                                                \
        }

      CHECK_STR (1, f->recipient);
      if (field_stated (cols[2]) && (guint) g_ascii_strtoull (cols[2], NULL, 10) != f->reply_code)
        {
          g_printerr ("# sample %s #%u: reply code expected %s, got %u\n",
                      cols[0], position, cols[2], f->reply_code);
          g_test_fail ();
        }
      CHECK_STR (3, f->status);
      CHECK_STR (4, bd_stage_to_string (f->stage));
      CHECK_STR (5, f->client_ip);
      if (field_stated (cols[6]) && g_ascii_strtoll (cols[6], NULL, 10) != f->size)
        {
          g_printerr ("# sample %s #%u: size expected %s, got %" G_GINT64_FORMAT "\n",
                      cols[0], position, cols[6], f->size);
          g_test_fail ();
        }
#undef CHECK_STR
    }
  g_test_message ("%u sample failures checked", checked);
}

/* ---- samples of every cause ------------------------------------------- */

/* The cause a report stands for: the first failure's, or for a report that
 * is no failure the none.* cause the classifier gave it. */
static const char *
report_cause (BdReport *report)
{
  if (report->not_failure != NULL)
    return report->verdict ? report->verdict->cause->id : report->not_failure;
  if (report->failures->len == 0)
    return "(no failure)";
  return ((BdFailure *) g_ptr_array_index (report->failures, 0))->cause;
}

static void
test_corpus_causes (void)
{
  g_autofree char *dir = g_build_filename (samples_dir, "causes", NULL);
  g_autofree char *tsv = g_build_filename (dir, "expected.tsv", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GHashTable) causes_seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = 0, ok = 0;
  BdKb *kb = bd_kb_get_default ();

  g_assert_true (g_file_get_contents (tsv, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (char **l = lines; *l != NULL; l++)
    {
      g_auto(GStrv) cols = NULL;
      g_autofree char *path = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) reports = g_ptr_array_new_with_free_func ((GDestroyNotify) bd_report_free);
      const char *got;

      g_strchomp (*l);
      if (**l == '\0' || **l == '#')
        continue;
      cols = g_strsplit (*l, "\t", -1);
      g_assert_cmpuint (g_strv_length (cols), >=, 3);
      g_assert_nonnull (bd_kb_lookup_cause (kb, cols[1]));
      g_hash_table_add (causes_seen, (gpointer) bd_kb_lookup_cause (kb, cols[1])->id);

      path = g_build_filename (dir, cols[0], NULL);
      bd_diagnose_path (path, collect_report, NULL, reports, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (reports->len, >=, 1);
      got = report_cause (g_ptr_array_index (reports, 0));
      n++;
      if (g_strcmp0 (got, cols[1]) == 0)
        ok++;
      else
        g_printerr ("# MISS cause %s: expected %s, got %s\n", cols[0], cols[1], got);
    }

  g_printerr ("# causes of the samples: %u/%u right\n", ok, n);
  /* one sample at least for every cause of the KB */
  for (guint i = 0; i < bd_kb_get_n_causes (kb); i++)
    if (!g_hash_table_contains (causes_seen, bd_kb_get_cause (kb, i)->id))
      g_error ("no sample for the cause %s", bd_kb_get_cause (kb, i)->id);
  g_assert_cmpuint (ok, ==, n);
}

int
main (int   argc,
      char *argv[])
{
  const char *srcdir;

  g_test_init (&argc, &argv, NULL);

  srcdir = g_getenv ("G_TEST_SRCDIR");
  if (argc > 1)
    corpus_dir = g_strdup (argv[1]);
  else if (srcdir != NULL)
    corpus_dir = g_build_filename (srcdir, "data", "sisimai", NULL);
  else
    corpus_dir = g_build_filename (TESTS_SOURCE_DIR, "data", "sisimai", NULL);
  {
    g_autofree char *parent = g_path_get_dirname (corpus_dir);
    samples_dir = g_build_filename (parent, "samples", NULL);
  }

  g_test_add_func ("/bd/corpus/sisimai", test_corpus_sisimai);
  g_test_add_func ("/bd/corpus/samples", test_corpus_samples);
  g_test_add_func ("/bd/corpus/causes", test_corpus_causes);

  return g_test_run ();
}
