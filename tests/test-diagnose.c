/* test-diagnose.c: files, folders, mbox, streams and hostile inputs
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "bd-classify.h"
#include "bd-diagnose.h"

static const char bounce[] =
  "From: Mail Delivery System <MAILER-DAEMON@mx.example.net>\n"
  "Subject: Undelivered Mail Returned to Sender\n"
  "\n"
  "<a@example.com>: host mx.example.com[192.0.2.8] said: 550 5.1.1\n"
  "    <a@example.com>: Recipient address rejected: User unknown (in reply to\n"
  "    RCPT TO command)\n";

typedef struct
{
  GPtrArray *reports;
  guint      errors;
} Collect;

static void
collect_report (BdReport *report,
                gpointer  user_data)
{
  Collect *c = user_data;
  g_ptr_array_add (c->reports, report);
}

static void
collect_error (const char   *path,
               const GError *error,
               gpointer      user_data)
{
  Collect *c = user_data;
  c->errors++;
}

static void
collect_init (Collect *c)
{
  c->reports = g_ptr_array_new_with_free_func ((GDestroyNotify) bd_report_free);
  c->errors = 0;
}

static void
collect_clear (Collect *c)
{
  g_ptr_array_unref (c->reports);
}

static char *
make_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("bd-test-XXXXXX", &error);
  g_assert_no_error (error);
  return dir;
}

static void
rm_rf (const char *path)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", path);
  g_assert_cmpint (system (cmd), ==, 0);
}

static void
write_file (const char *path,
            const char *data,
            gssize      len)
{
  g_autoptr(GError) error = NULL;
  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
}

static void
test_mbox (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "mbox", NULL);
  GString *s = g_string_new (NULL);
  Collect c;
  g_autoptr(GError) error = NULL;

  for (int i = 0; i < 3; i++)
    {
      g_string_append_printf (s, "From MAILER-DAEMON Mon Oct 20 16:11:3%d 2008\n", i);
      g_string_append (s, bounce);
      g_string_append (s, ">From the quoted line\n\n");
    }
  write_file (path, s->str, s->len);

  collect_init (&c);
  g_assert_true (bd_diagnose_path (path, collect_report, collect_error, &c, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (c.reports->len, ==, 3);
  for (guint i = 0; i < c.reports->len; i++)
    {
      BdReport *r = g_ptr_array_index (c.reports, i);
      g_assert_cmpint (r->kind, ==, BD_SOURCE_EMAIL);
      g_assert_cmpstr (r->subject, ==, "Undelivered Mail Returned to Sender");
      g_assert_cmpstr (r->file, ==, path);
    }
  collect_clear (&c);
  g_string_free (s, TRUE);
  rm_rf (dir);
}

static void
test_maildir (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autoptr(GError) error = NULL;
  Collect c;
  const char *names[] = { "cur/2:S", "new/1", "tmp/3", "cur/.hidden",
                          ".Sent/cur/4:S", ".git/objects/5" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_autofree char *parent = g_path_get_dirname (path);
      g_mkdir_with_parents (parent, 0700);
      write_file (path, bounce, -1);
    }

  collect_init (&c);
  g_assert_true (bd_diagnose_path (dir, collect_report, collect_error, &c, NULL, &error));
  g_assert_no_error (error);
  /* hidden files and folders are skipped, but not a Maildir++ folder such
   * as .Sent (it has a cur/ of its own); sorted: .Sent, cur, new, tmp */
  g_assert_cmpuint (c.reports->len, ==, 4);
  g_assert_true (g_str_has_suffix (((BdReport *) c.reports->pdata[0])->file, ".Sent/cur/4:S"));
  g_assert_true (g_str_has_suffix (((BdReport *) c.reports->pdata[1])->file, "cur/2:S"));
  g_assert_true (g_str_has_suffix (((BdReport *) c.reports->pdata[3])->file, "tmp/3"));
  collect_clear (&c);
  rm_rf (dir);
}

static void
test_missing_and_unreadable (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *missing = g_build_filename (dir, "no-such-file", NULL);
  g_autoptr(GError) error = NULL;
  Collect c;

  collect_init (&c);
  g_assert_false (bd_diagnose_path (missing, collect_report, collect_error, &c, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_cmpuint (c.reports->len, ==, 0);

  if (getuid () != 0)
    {
      g_autofree char *locked = g_build_filename (dir, "locked", NULL);
      g_autoptr(GError) error2 = NULL;
      write_file (locked, bounce, -1);
      g_chmod (locked, 0);
      g_assert_true (bd_diagnose_path (dir, collect_report, collect_error, &c, NULL, &error2));
      g_assert_cmpuint (c.errors, ==, 1);
    }
  collect_clear (&c);
  rm_rf (dir);
}

static void
test_empty_and_junk (void)
{
  g_autoptr(BdReport) empty = bd_diagnose_data ("", 0, NULL);
  guchar junk[65536];
  GRand *rand = g_rand_new_with_seed (7);

  g_assert_cmpuint (empty->failures->len, ==, 0);
  for (int round = 0; round < 20; round++)
    {
      g_autoptr(BdReport) r = NULL;
      for (gsize i = 0; i < sizeof junk; i++)
        junk[i] = g_rand_int_range (rand, 0, 256);
      r = bd_diagnose_data ((const char *) junk, sizeof junk, "junk");
      g_assert_nonnull (r);
      g_assert_cmpuint (r->bytes, ==, sizeof junk);
    }
  g_rand_free (rand);
}

static glong
peak_rss_kb (void)
{
  struct rusage ru;
  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

static void
test_huge_file (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "huge", NULL);
  g_autoptr(GError) error = NULL;
  Collect c;
  int fd;
  glong before;

  /* a sparse 1 GB file: reading it costs time, not disk */
  fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, bounce, strlen (bounce)), ==, (gssize) strlen (bounce));
  g_assert_cmpint (ftruncate (fd, (off_t) 1 << 30), ==, 0);
  close (fd);

  before = peak_rss_kb ();
  collect_init (&c);
  g_assert_true (bd_diagnose_path (path, collect_report, collect_error, &c, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (c.reports->len, ==, 1);
  g_assert_cmpuint (((BdReport *) c.reports->pdata[0])->bytes, ==, (guint64) 1 << 30);
  /* only the first part is kept in memory: far below the file's size */
  g_assert_cmpint (peak_rss_kb () - before, <, 300 * 1024);
  collect_clear (&c);
  rm_rf (dir);
}

static void
test_many_files (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autoptr(GError) error = NULL;
  Collect c;
  const guint n = 100000;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/%06u", dir, i);
      int fd = g_open (path, O_WRONLY | O_CREAT, 0600);
      g_assert_cmpint (fd, >=, 0);
      if (i % 1000 == 0)
        g_assert_cmpint (write (fd, bounce, strlen (bounce)), >, 0);
      close (fd);
    }

  collect_init (&c);
  g_assert_true (bd_diagnose_path (dir, collect_report, collect_error, &c, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (c.reports->len, ==, n);
  g_assert_cmpuint (c.errors, ==, 0);
  collect_clear (&c);
  rm_rf (dir);
}

static void
test_stream_line_ends (void)
{
  /* a log arriving on a stream with every kind of line end and a line
   * longer than the reader's cap */
  GString *s = g_string_new ("first\r\nsecond\rthird\n");
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GError) error = NULL;
  Collect c;

  for (int i = 0; i < 3 * 1024 * 1024; i++)
    g_string_append_c (s, 'x');
  g_string_append (s, "\nlast line");
  in = g_memory_input_stream_new_from_data (g_string_free (s, FALSE), -1, g_free);

  collect_init (&c);
  g_assert_true (bd_diagnose_stream (in, "stream", collect_report, &c, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (c.reports->len, ==, 1);
  collect_clear (&c);
}

static void
test_cancelled (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GInputStream) in = g_memory_input_stream_new_from_data (bounce, -1, NULL);
  g_autoptr(GError) error = NULL;
  Collect c;

  g_cancellable_cancel (cancellable);
  collect_init (&c);
  g_assert_false (bd_diagnose_stream (in, NULL, collect_report, &c, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  collect_clear (&c);
}

/* "I have no error message": a report from each symptom of the KB. */
static void
test_symptom (void)
{
  BdKb *kb = bd_kb_get_default ();

  g_assert_null (bd_diagnose_symptom ("symptom.no-such-thing"));
  g_assert_cmpuint (bd_kb_get_n_symptoms (kb), >=, 6);

  for (guint i = 0; i < bd_kb_get_n_symptoms (kb); i++)
    {
      const BdKbSymptom *symptom = bd_kb_get_symptom (kb, i);
      g_autoptr(BdReport) report = bd_diagnose_symptom (symptom->id);
      const BdCauseMatch *top;
      BdFailure *f;

      g_assert_nonnull (report);
      g_assert_cmpint (report->kind, ==, BD_SOURCE_TEXT);
      g_assert_cmpstr (report->format, ==, "symptom");
      g_assert_null (report->not_failure);
      g_assert_null (report->verdict);
      g_assert_cmpuint (report->failures->len, ==, 1);
      f = g_ptr_array_index (report->failures, 0);
      g_assert_true (f->symptom == symptom);
      g_assert_null (f->recipient);
      g_assert_cmpuint (f->reply_code, ==, 0);
      g_assert_cmpuint (f->evidence->len, ==, 0);

      /* the symptom's causes, its weights as confidences, best first */
      g_assert_cmpuint (f->causes->len, ==, symptom->n_effects);
      for (guint k = 0; k < symptom->n_effects; k++)
        {
          gboolean found = FALSE;
          for (guint m = 0; m < f->causes->len; m++)
            {
              const BdCauseMatch *match = g_ptr_array_index (f->causes, m);
              if (match->cause == symptom->effects[k].cause)
                {
                  g_assert_cmpfloat (match->confidence, ==, symptom->effects[k].weight);
                  g_assert_cmpfloat (match->base, ==, symptom->effects[k].weight);
                  found = TRUE;
                }
            }
          g_assert_true (found);
        }
      for (guint k = 1; k < f->causes->len; k++)
        g_assert_cmpfloat (((BdCauseMatch *) g_ptr_array_index (f->causes, k - 1))->confidence, >=,
                           ((BdCauseMatch *) g_ptr_array_index (f->causes, k))->confidence);
      top = g_ptr_array_index (f->causes, 0);
      g_assert_cmpstr (f->cause, ==, top->cause->id);
      g_assert_cmpint (f->category, ==, top->cause->category);
    }

  /* Answers re-rank a symptom's causes like a bounce's. */
  {
    g_autoptr(BdReport) report = bd_diagnose_symptom ("symptom.cannot-send");
    g_autoptr(GHashTable) answers = g_hash_table_new (g_str_hash, g_str_equal);
    BdFailure *f = g_ptr_array_index (report->failures, 0);

    g_assert_cmpstr (f->cause, ==, "connection.refused");
    g_assert_true (bd_kb_question_applies (bd_kb_lookup_question (kb, "q.auth-ticked"), report));
    g_hash_table_insert (answers, (gpointer) "q.auth-ticked", GINT_TO_POINTER (BD_ANSWER_NO));
    g_hash_table_insert (answers, (gpointer) "q.other-network", GINT_TO_POINTER (BD_ANSWER_NO));
    bd_classify_apply_answers (kb, report, answers);
    g_assert_cmpstr (f->cause, ==, "auth.login-required");
    g_assert_cmpint (f->category, ==, BD_CATEGORY_AUTH);

    bd_classify_apply_answers (kb, report, NULL);
    g_assert_cmpstr (f->cause, ==, "connection.refused");
    g_assert_cmpuint (f->causes->len, ==, bd_kb_lookup_symptom (kb, "symptom.cannot-send")->n_effects);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bd/diagnose/mbox", test_mbox);
  g_test_add_func ("/bd/diagnose/maildir", test_maildir);
  g_test_add_func ("/bd/diagnose/missing", test_missing_and_unreadable);
  g_test_add_func ("/bd/diagnose/empty-and-junk", test_empty_and_junk);
  g_test_add_func ("/bd/diagnose/huge-file", test_huge_file);
  g_test_add_func ("/bd/diagnose/many-files", test_many_files);
  g_test_add_func ("/bd/diagnose/stream-line-ends", test_stream_line_ends);
  g_test_add_func ("/bd/diagnose/cancelled", test_cancelled);
  g_test_add_func ("/bd/diagnose/symptom", test_symptom);

  return g_test_run ();
}
