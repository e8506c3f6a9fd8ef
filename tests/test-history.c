/* test-history.c: recent diagnoses on disk
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "bd-diagnose.h"
#include "bd-history.h"

static const char bounce[] =
  "From: Mail Delivery System <MAILER-DAEMON@mx.example.net>\n"
  "Subject: Undelivered Mail Returned to Sender\n"
  "\n"
  "<a@example.com>: host mx.example.com[192.0.2.8] said: 550 5.1.1\n"
  "    <a@example.com>: Recipient address rejected: User unknown (in reply to\n"
  "    RCPT TO command)\n";

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

typedef struct
{
  char      *tmp;       /* removed after the test */
  char      *dir;       /* the history folder, inside tmp, not yet created */
  BdHistory *history;
  guint      changed;
  guint      notified;
} Fixture;

static void
on_changed (BdHistory *history,
            gpointer   user_data)
{
  Fixture *fx = user_data;
  fx->changed++;
}

static void
on_notify_enabled (GObject    *object,
                   GParamSpec *pspec,
                   gpointer    user_data)
{
  Fixture *fx = user_data;
  fx->notified++;
}

static BdHistory *
open_history (Fixture  *fx,
              gboolean  enabled)
{
  g_autoptr(GError) error = NULL;
  BdHistory *history = bd_history_new (fx->dir);

  bd_history_set_enabled (history, enabled);
  g_assert_true (bd_history_load (history, &error));
  g_assert_no_error (error);
  return history;
}

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fx->tmp = g_dir_make_tmp ("bd-history-XXXXXX", &error);
  g_assert_no_error (error);
  fx->dir = g_build_filename (fx->tmp, "data", "bounce-doctor", NULL);
  fx->history = open_history (fx, TRUE);
  g_signal_connect (fx->history, "changed", G_CALLBACK (on_changed), fx);
  g_signal_connect (fx->history, "notify::enabled", G_CALLBACK (on_notify_enabled), fx);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", fx->tmp);

  g_assert_finalize_object (fx->history);
  g_assert_cmpint (system (cmd), ==, 0);
  g_free (fx->dir);
  g_free (fx->tmp);
}

static char *
save (BdHistory  *history,
      const char *text,
      const char *name)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;
  char *id = bd_history_save_input (history, bytes, name, &error);

  g_assert_no_error (error);
  g_assert_nonnull (id);
  return id;
}

static void
finish (BdHistory  *history,
        const char *id,
        const char *text)
{
  g_autoptr(BdReport) report = bd_diagnose_data (text, strlen (text), NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (bd_history_set_result (history, id, report, &error));
  g_assert_no_error (error);
}

static char *
input_file (Fixture    *fx,
            const char *id)
{
  g_autofree char *base = g_strconcat (id, ".txt", NULL);
  return g_build_filename (fx->dir, base, NULL);
}

static gboolean
has_input_file (Fixture    *fx,
                const char *id)
{
  g_autofree char *path = input_file (fx, id);
  return g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

static guint
count_files (Fixture    *fx,
             const char *suffix)
{
  g_autoptr(GDir) dir = g_dir_open (fx->dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, suffix))
      n++;
  return n;
}

static void
write_file (Fixture    *fx,
            const char *base,
            const char *data,
            gssize      len)
{
  g_autofree char *path = g_build_filename (fx->dir, base, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (fx->dir, 0700), ==, 0);
  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
}

static char *
read_file (Fixture    *fx,
           const char *base,
           gsize      *len)
{
  g_autofree char *path = g_build_filename (fx->dir, base, NULL);
  char *data = NULL;

  if (!g_file_get_contents (path, &data, len, NULL))
    return NULL;
  return data;
}

/* ------------------------------------------------------------------ */
/* Tests                                                               */

static void
test_round_trip (Fixture       *fx,
                 gconstpointer  data)
{
  static const char binary[] = "Subject: x\r\n\0\xff\xfe\xc3(\x80 tail\0";
  g_autoptr(GBytes) bin = g_bytes_new (binary, sizeof binary);
  g_autoptr(GBytes) loaded = NULL;
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr(GBytes) loaded_empty = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = save (fx->history, "first text", NULL);
  g_autofree char *second = save (fx->history, "second text", "bounce.eml");
  g_autofree char *third = NULL;
  g_autofree char *fourth = NULL;
  g_autofree char *path = NULL;
  g_autofree char *index = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  const BdHistoryEntry *e;
  GStatBuf st;
  gsize len = 0;

  third = bd_history_save_input (fx->history, bin, "страница.txt", &error);
  g_assert_no_error (error);
  fourth = bd_history_save_input (fx->history, empty, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (bd_history_get_n_entries (fx->history), ==, 4);
  g_assert_cmpstr (bd_history_get_entry (fx->history, 0)->id, ==, fourth);
  g_assert_cmpstr (bd_history_get_entry (fx->history, 1)->id, ==, third);
  g_assert_cmpstr (bd_history_get_entry (fx->history, 2)->id, ==, second);
  g_assert_cmpstr (bd_history_get_entry (fx->history, 3)->id, ==, first);
  g_assert_null (bd_history_get_entry (fx->history, 4));
  g_assert_cmpuint (fx->changed, ==, 4);

  e = bd_history_lookup (fx->history, second);
  g_assert_nonnull (e);
  g_assert_cmpstr (e->name, ==, "bounce.eml");
  g_assert_null (e->summary);
  g_assert_null (e->headline);
  g_assert_false (e->finished);
  g_assert_nonnull (e->time);
  g_assert_cmpstr (bd_history_lookup (fx->history, third)->name, ==, "страница.txt");
  g_assert_null (bd_history_lookup (fx->history, first)->name);
  g_assert_null (bd_history_lookup (fx->history, "no-such-id"));

  /* Byte for byte, NUL and invalid UTF-8 included */
  loaded = bd_history_load_input (fx->history, third, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (loaded, bin));
  loaded_empty = bd_history_load_input (fx->history, fourth, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (loaded_empty), ==, 0);

  /* Private files in a private folder */
  g_assert_cmpint (g_stat (fx->dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  path = input_file (fx, third);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpuint (st.st_size, ==, sizeof binary);
  g_assert_cmpuint (count_files (fx, ".txt"), ==, 4);

  /* The index is JSON with the documented fields */
  index = read_file (fx, "history.json", &len);
  g_assert_nonnull (index);
  g_assert_true (json_parser_load_from_data (parser, index, len, &error));
  g_assert_no_error (error);
  {
    JsonObject *root = json_node_get_object (json_parser_get_root (parser));
    JsonArray *entries = json_object_get_array_member (root, "entries");
    JsonObject *top = json_array_get_object_element (entries, 0);
    g_autoptr(GDateTime) t = NULL;

    g_assert_cmpint (json_object_get_int_member (root, "schema"), ==, 1);
    g_assert_cmpuint (json_array_get_length (entries), ==, 4);
    g_assert_cmpstr (json_object_get_string_member (top, "id"), ==, fourth);
    g_assert_false (json_object_get_boolean_member (top, "finished"));
    g_assert_true (g_str_has_suffix (json_object_get_string_member (top, "time"), "Z"));
    t = g_date_time_new_from_iso8601 (json_object_get_string_member (top, "time"), NULL);
    g_assert_nonnull (t);
  }

  /* Unknown ids, including ones shaped like paths, are just not found */
  g_assert_null (bd_history_load_input (fx->history, "../history.json", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

static void
test_set_result (Fixture       *fx,
                 gconstpointer  data)
{
  g_autofree char *id = save (fx->history, bounce, "bounce.eml");
  g_autofree char *other = save (fx->history, "Hello, how are you?\n", NULL);
  g_autoptr(BdReport) report = bd_diagnose_data (bounce, strlen (bounce), NULL);
  g_autoptr(BdReport) plain = bd_diagnose_data ("Hello, how are you?\n", 20, NULL);
  g_autoptr(GArray) causes = bd_report_collect_causes (report);
  g_autofree char *summary = bd_report_dup_summary (report);
  g_autoptr(GError) error = NULL;
  const BdReportCause *top;
  const BdHistoryEntry *e;

  g_assert_cmpuint (causes->len, >, 0);
  top = &g_array_index (causes, BdReportCause, 0);

  g_assert_true (bd_history_set_result (fx->history, id, report, &error));
  g_assert_no_error (error);
  e = bd_history_lookup (fx->history, id);
  g_assert_true (e->finished);
  g_assert_cmpstr (e->summary, ==, summary);
  g_assert_true (strstr (e->summary, "550") != NULL);
  g_assert_cmpstr (e->headline, ==, bd_kb_gettext (top->match->cause->title));
  g_assert_cmpstr (e->category, ==, bd_category_to_string (top->match->cause->category));
  g_assert_cmpstr (e->category, ==, "recipient");
  /* Recording a result does not reorder */
  g_assert_cmpstr (bd_history_get_entry (fx->history, 1)->id, ==, id);

  g_assert_true (bd_history_set_result (fx->history, other, plain, &error));
  g_assert_no_error (error);
  e = bd_history_lookup (fx->history, other);
  g_assert_true (e->finished);
  g_assert_nonnull (e->summary);
  g_assert_nonnull (e->headline);
  g_assert_cmpstr (e->headline, !=, "");
  g_assert_nonnull (e->category);

  g_assert_false (bd_history_set_result (fx->history, "20260101T000000Z-000000000000", report, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_cmpuint (fx->changed, ==, 4);
}

static void
test_reload (Fixture       *fx,
             gconstpointer  data)
{
  g_autofree char *a = save (fx->history, bounce, "a.eml");
  g_autofree char *b = save (fx->history, "plain text", NULL);
  g_autofree char *c = save (fx->history, "third", "c.log");
  g_autoptr(BdHistory) again = NULL;

  finish (fx->history, a, bounce);
  finish (fx->history, c, "third");

  again = open_history (fx, TRUE);
  g_assert_cmpuint (bd_history_get_n_entries (again), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      const BdHistoryEntry *x = bd_history_get_entry (fx->history, i);
      const BdHistoryEntry *y = bd_history_get_entry (again, i);
      g_autoptr(GBytes) bx = bd_history_load_input (fx->history, x->id, NULL);
      g_autoptr(GBytes) by = bd_history_load_input (again, y->id, NULL);

      g_assert_cmpstr (x->id, ==, y->id);
      g_assert_true (g_date_time_equal (x->time, y->time));
      g_assert_cmpstr (x->name, ==, y->name);
      g_assert_cmpstr (x->summary, ==, y->summary);
      g_assert_cmpstr (x->headline, ==, y->headline);
      g_assert_cmpstr (x->category, ==, y->category);
      g_assert_cmpint (x->finished, ==, y->finished);
      g_assert_nonnull (bx);
      g_assert_true (g_bytes_equal (bx, by));
    }
  g_assert_cmpstr (bd_history_get_entry (again, 0)->id, ==, c);
  g_assert_cmpstr (bd_history_get_entry (again, 1)->id, ==, b);
  g_assert_false (bd_history_get_entry (again, 1)->finished);
  g_assert_cmpstr (bd_history_get_unfinished (again)->id, ==, b);

  /* Duplicates are still recognised after a reload */
  {
    g_autofree char *a2 = save (again, bounce, NULL);
    g_assert_cmpstr (a2, ==, a);
    g_assert_cmpuint (bd_history_get_n_entries (again), ==, 3);
  }
}

static void
test_limit (Fixture       *fx,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(BdHistory) again = NULL;
  g_autofree char *draft = save (fx->history, "never analysed", NULL);

  for (guint i = 0; i < BD_HISTORY_MAX_ENTRIES + 5; i++)
    {
      g_autofree char *text = g_strdup_printf ("input number %u", i);
      char *id = save (fx->history, text, NULL);

      finish (fx->history, id, text);
      g_ptr_array_add (ids, id);
      g_assert_cmpuint (bd_history_get_n_entries (fx->history), <=, BD_HISTORY_MAX_ENTRIES);
    }

  g_assert_cmpuint (BD_HISTORY_MAX_ENTRIES, ==, 50);
  g_assert_cmpuint (bd_history_get_n_entries (fx->history), ==, 50);
  g_assert_cmpuint (count_files (fx, ".txt"), ==, 50);
  /* The oldest finished ones went; the unfinished draft, older still, stayed */
  for (guint i = 0; i < 6; i++)
    {
      g_assert_null (bd_history_lookup (fx->history, ids->pdata[i]));
      g_assert_false (has_input_file (fx, ids->pdata[i]));
    }
  for (guint i = 6; i < ids->len; i++)
    g_assert_true (has_input_file (fx, ids->pdata[i]));
  g_assert_nonnull (bd_history_lookup (fx->history, draft));
  g_assert_cmpstr (bd_history_get_unfinished (fx->history)->id, ==, draft);
  g_assert_cmpstr (bd_history_get_entry (fx->history, 0)->id, ==, ids->pdata[ids->len - 1]);
  g_assert_cmpstr (bd_history_get_entry (fx->history, 49)->id, ==, draft);

  again = open_history (fx, TRUE);
  g_assert_cmpuint (bd_history_get_n_entries (again), ==, 50);
}

static void
test_duplicate (Fixture       *fx,
                gconstpointer  data)
{
  g_autofree char *a = save (fx->history, bounce, "first.eml");
  g_autofree char *b = save (fx->history, "something else", NULL);
  g_autofree char *a2 = NULL;
  g_autofree char *a3 = NULL;
  g_autofree char *path = input_file (fx, a);

  finish (fx->history, a, bounce);
  finish (fx->history, b, "something else");
  g_assert_cmpstr (bd_history_get_entry (fx->history, 0)->id, ==, b);

  a2 = save (fx->history, bounce, NULL);
  g_assert_cmpstr (a2, ==, a);
  g_assert_cmpuint (bd_history_get_n_entries (fx->history), ==, 2);
  g_assert_cmpuint (count_files (fx, ".txt"), ==, 2);
  g_assert_cmpstr (bd_history_get_entry (fx->history, 0)->id, ==, a);
  g_assert_cmpstr (bd_history_get_entry (fx->history, 1)->id, ==, b);
  /* Kept its name, counts as being analysed again */
  g_assert_cmpstr (bd_history_get_entry (fx->history, 0)->name, ==, "first.eml");
  g_assert_false (bd_history_get_entry (fx->history, 0)->finished);
  g_assert_cmpstr (bd_history_get_unfinished (fx->history)->id, ==, a);
  finish (fx->history, a, bounce);
  g_assert_null (bd_history_get_unfinished (fx->history));

  /* A saved input deleted behind our back is written again */
  g_assert_cmpint (g_unlink (path), ==, 0);
  a3 = save (fx->history, bounce, "renamed.eml");
  g_assert_cmpstr (a3, ==, a);
  g_assert_true (has_input_file (fx, a));
  g_assert_cmpstr (bd_history_get_entry (fx->history, 0)->name, ==, "renamed.eml");
}

static void
test_disabled (Fixture       *fx,
               gconstpointer  data)
{
  g_autofree char *a = save (fx->history, "one", NULL);
  g_autofree char *b = save (fx->history, "two", NULL);
  g_autofree char *draft = NULL;
  g_autofree char *draft2 = NULL;
  g_autoptr(GBytes) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BdHistory) again = NULL;

  finish (fx->history, a, "one");
  finish (fx->history, b, "two");
  write_file (fx, "history.json.broken", "old", -1);
  fx->changed = 0;

  bd_history_set_enabled (fx->history, FALSE);
  g_assert_false (bd_history_get_enabled (fx->history));
  g_assert_cmpuint (fx->notified, ==, 1);
  g_assert_cmpuint (fx->changed, ==, 1);
  g_assert_cmpuint (bd_history_get_n_entries (fx->history), ==, 0);
  g_assert_null (bd_history_get_entry (fx->history, 0));
  g_assert_cmpuint (count_files (fx, ".txt"), ==, 0);
  g_assert_cmpuint (count_files (fx, ".broken"), ==, 0);
  bd_history_set_enabled (fx->history, FALSE);
  g_assert_cmpuint (fx->notified, ==, 1);

  /* One draft is kept while the analysis runs */
  draft = save (fx->history, "pasted text", NULL);
  g_assert_cmpuint (bd_history_get_n_entries (fx->history), ==, 0);
  g_assert_cmpuint (count_files (fx, ".txt"), ==, 1);
  g_assert_cmpstr (bd_history_get_unfinished (fx->history)->id, ==, draft);
  loaded = bd_history_load_input (fx->history, draft, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (loaded, NULL), g_bytes_get_size (loaded), "pasted text", 11);

  /* Only one: the next input replaces it */
  draft2 = save (fx->history, "other pasted text", NULL);
  g_assert_cmpuint (count_files (fx, ".txt"), ==, 1);
  g_assert_true (has_input_file (fx, draft2));
  g_assert_null (bd_history_lookup (fx->history, draft));
  g_assert_cmpstr (bd_history_get_unfinished (fx->history)->id, ==, draft2);

  finish (fx->history, draft2, "other pasted text");
  g_assert_cmpuint (count_files (fx, ".txt"), ==, 0);
  g_assert_null (bd_history_get_unfinished (fx->history));
  g_assert_null (bd_history_lookup (fx->history, draft2));
  g_assert_cmpuint (fx->changed, ==, 1);

  again = open_history (fx, TRUE);
  g_assert_cmpuint (bd_history_get_n_entries (again), ==, 0);

  /* On again: it keeps entries again */
  bd_history_set_enabled (fx->history, TRUE);
  g_assert_cmpuint (fx->notified, ==, 2);
  g_clear_pointer (&draft, g_free);
  draft = save (fx->history, "kept", NULL);
  g_assert_cmpuint (bd_history_get_n_entries (fx->history), ==, 1);
  g_assert_cmpuint (fx->changed, ==, 2);
}

static void
test_unfinished (Fixture       *fx,
                 gconstpointer  data)
{
  g_autofree char *done = save (fx->history, bounce, NULL);
  g_autofree char *crashed = NULL;
  g_autoptr(BdHistory) after = NULL;
  g_autoptr(BdHistory) off = NULL;
  g_autoptr(BdHistory) off2 = NULL;
  g_autoptr(GBytes) text = NULL;
  g_autoptr(GError) error = NULL;
  const BdHistoryEntry *e;

  finish (fx->history, done, bounce);
  g_assert_null (bd_history_get_unfinished (fx->history));
  crashed = save (fx->history, "the app crashed while analysing this", "crash.txt");

  /* "Crash": a new object reads what is on disk */
  after = open_history (fx, TRUE);
  e = bd_history_get_unfinished (after);
  g_assert_nonnull (e);
  g_assert_cmpstr (e->id, ==, crashed);
  g_assert_cmpstr (e->name, ==, "crash.txt");
  text = bd_history_load_input (after, e->id, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (text, NULL), g_bytes_get_size (text),
                   "the app crashed while analysing this", 36);

  /* Declining to restore it stops the offer but keeps the entry */
  g_assert_true (bd_history_dismiss_unfinished (after, crashed, &error));
  g_assert_no_error (error);
  g_assert_null (bd_history_get_unfinished (after));
  g_assert_cmpuint (bd_history_get_n_entries (after), ==, 2);
  g_clear_object (&after);

  /* With the history off, the draft survives a crash too */
  off = open_history (fx, FALSE);
  g_assert_cmpuint (count_files (fx, ".txt"), ==, 0);
  g_clear_pointer (&crashed, g_free);
  crashed = save (off, "lost? no", NULL);
  g_clear_object (&off);
  off2 = open_history (fx, FALSE);
  g_assert_cmpuint (bd_history_get_n_entries (off2), ==, 0);
  g_assert_nonnull (bd_history_get_unfinished (off2));
  g_assert_cmpstr (bd_history_get_unfinished (off2)->id, ==, crashed);
  g_assert_true (bd_history_dismiss_unfinished (off2, crashed, &error));
  g_assert_no_error (error);
  g_assert_null (bd_history_get_unfinished (off2));
  g_assert_cmpuint (count_files (fx, ".txt"), ==, 0);
}

static void
test_corrupt_index (Fixture       *fx,
                    gconstpointer  data)
{
  g_autoptr(GString) huge = g_string_new ("{\"schema\":1,\"entries\":[");
  g_autoptr(GString) deep = g_string_new (NULL);
  const char *garbage[] = {
    "",
    "{",
    "\xff\xfe\x00garbage",
    "null",
    "42",
    "[]",
    "[{\"id\":\"x\"}]",
    "{\"schema\":1}",
    "{\"schema\":1,\"entries\":{}}",
    "{\"schema\":\"one\",\"entries\":\"many\"}",
    "{\"schema\":1,\"entries\":null}",
    "{\"schema\":1e999,\"entries\":[1e999]",
    "{\"schema\":1,\"entries\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}",
    NULL,   /* the deep one */
    NULL,   /* the huge one */
  };

  /* json-glib would run out of stack on this */
  g_string_append (deep, "{\"schema\":1,\"entries\":");
  for (guint i = 0; i < 1000000; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 1000000; i++)
    g_string_append_c (deep, ']');
  g_string_append_c (deep, '}');
  garbage[G_N_ELEMENTS (garbage) - 2] = deep->str;
  while (huge->len < 5 * 1024 * 1024)
    g_string_append (huge, "{\"id\":\"20260101T000000Z-000000000000\",\"time\":\"2026-01-01T00:00:00Z\"},");
  g_string_append (huge, "{}]}");
  garbage[G_N_ELEMENTS (garbage) - 1] = huge->str;

  for (guint i = 0; i < G_N_ELEMENTS (garbage); i++)
    {
      g_autoptr(BdHistory) history = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *broken = NULL;
      g_autofree char *id = NULL;
      gsize len = strlen (garbage[i]) + (i == 2 ? 3 : 0);
      gsize broken_len = 0;

      g_test_message ("garbage %u", i);
      write_file (fx, "history.json", garbage[i], (gssize) len);
      write_file (fx, "20250101T000000Z-0123456789ab.txt", "an older input", -1);

      history = bd_history_new (fx->dir);
      g_assert_true (bd_history_load (history, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (bd_history_get_n_entries (history), ==, 0);
      g_assert_null (bd_history_get_unfinished (history));

      /* Set aside as it was; the inputs stay */
      broken = read_file (fx, "history.json.broken", &broken_len);
      g_assert_nonnull (broken);
      g_assert_cmpmem (broken, broken_len, garbage[i], len);
      g_assert_cmpuint (count_files (fx, "history.json"), ==, 0);
      g_assert_cmpuint (count_files (fx, ".txt"), ==, 1);

      /* And the history works from there */
      id = save (history, "new input", NULL);
      g_assert_cmpuint (bd_history_get_n_entries (history), ==, 1);
      g_assert_true (bd_history_clear (history, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (count_files (fx, ".txt"), ==, 0);
      g_assert_cmpuint (count_files (fx, ".broken"), ==, 0);
    }
}

static void
test_bad_entries (Fixture       *fx,
                  gconstpointer  data)
{
  g_autoptr(GString) json = g_string_new (NULL);
  g_autoptr(GString) long_text = g_string_new (NULL);
  g_autoptr(BdHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) good_input = NULL;
  const BdHistoryEntry *e;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (long_text, 'x');

  g_string_append (json, "{\"schema\": 7, \"entries\": [\n");
  g_string_append (json, "  42, \"text\", null, [], true,\n");
  g_string_append (json, "  {\"id\": 5, \"time\": \"2026-01-01T00:00:00Z\"},\n");
  g_string_append (json, "  {\"id\": \"../../etc/passwd\", \"time\": \"2026-01-01T00:00:00Z\"},\n");
  g_string_append (json, "  {\"id\": \"20260101T000000Z-00000000000G\", \"time\": \"2026-01-01T00:00:00Z\"},\n");
  g_string_append (json, "  {\"id\": \"20260101T000000Z-0000000000001\", \"time\": \"2026-01-01T00:00:00Z\"},\n");
  g_string_append (json, "  {\"id\": \"20260101T000000Z-000000000001\", \"time\": \"yesterday\"},\n");
  g_string_append (json, "  {\"id\": \"20260101T000000Z-000000000002\", \"time\": \"99999999-01-01T00:00:00Z\"},\n");
  g_string_append (json, "  {\"id\": \"20260101T000000Z-000000000003\"},\n");
  g_string_append (json, "  {\"id\": \"20260101T000000Z-000000000004\", \"time\": {\"a\": 1}},\n");
  /* usable, with members of the wrong type or out of range */
  g_string_append_printf (json, "  {\"id\": \"20260101T000000Z-000000000005\", \"time\": \"2026-01-01T00:00:00Z\","
                          " \"name\": [1, 2], \"summary\": {\"x\": null}, \"headline\": \"%s\","
                          " \"category\": 1e300, \"finished\": \"yes\", \"checksum\": 12,"
                          " \"size\": 1e300},\n", long_text->str);
  g_string_append (json, "  {\"id\": \"20260101T000000Z-000000000006\", \"time\": \"2026-02-01T00:00:00+03:00\","
                   " \"name\": \"good.eml\", \"summary\": \"Postfix bounce\", \"headline\": \"Mailbox does not exist\","
                   " \"category\": \"recipient\", \"finished\": true, \"size\": -5, \"checksum\": null},\n");
  /* a duplicate id: the first one wins */
  g_string_append (json, "  {\"id\": \"20260101T000000Z-000000000006\", \"time\": \"2026-03-01T00:00:00Z\","
                   " \"name\": \"dup.eml\"}\n");
  g_string_append (json, "], \"extra\": 123456789012345678901234567890}\n");

  write_file (fx, "history.json", json->str, (gssize) json->len);
  write_file (fx, "20260101T000000Z-000000000006.txt", "good input", -1);

  history = bd_history_new (fx->dir);
  g_assert_true (bd_history_load (history, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_files (fx, ".broken"), ==, 0);
  g_assert_cmpuint (bd_history_get_n_entries (history), ==, 2);

  /* Sorted newest first */
  e = bd_history_get_entry (history, 0);
  g_assert_cmpstr (e->id, ==, "20260101T000000Z-000000000006");
  g_assert_cmpstr (e->name, ==, "good.eml");
  g_assert_cmpstr (e->summary, ==, "Postfix bounce");
  g_assert_cmpstr (e->headline, ==, "Mailbox does not exist");
  g_assert_cmpstr (e->category, ==, "recipient");
  g_assert_true (e->finished);
  good_input = bd_history_load_input (history, e->id, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (good_input, NULL), g_bytes_get_size (good_input), "good input", 10);

  e = bd_history_get_entry (history, 1);
  g_assert_cmpstr (e->id, ==, "20260101T000000Z-000000000005");
  g_assert_null (e->name);
  g_assert_null (e->summary);
  g_assert_null (e->category);
  g_assert_false (e->finished);
  g_assert_nonnull (e->headline);
  g_assert_cmpuint (strlen (e->headline), <=, 4096);
  g_assert_cmpuint (strlen (e->headline), >, 1000);
  /* Its input is missing: an error, not a crash */
  g_assert_null (bd_history_load_input (history, e->id, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);

  /* Removing an entry whose file is gone works */
  g_assert_true (bd_history_remove (history, e->id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (bd_history_get_n_entries (history), ==, 1);
}

static void
test_clear_remove (Fixture       *fx,
                   gconstpointer  data)
{
  g_autofree char *a = save (fx->history, "a", NULL);
  g_autofree char *b = save (fx->history, "b", NULL);
  g_autofree char *c = save (fx->history, "c", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BdHistory) again = NULL;
  g_autofree char *foreign = NULL;

  g_assert_cmpuint (fx->changed, ==, 3);
  g_assert_true (bd_history_remove (fx->history, b, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fx->changed, ==, 4);
  g_assert_false (has_input_file (fx, b));
  g_assert_true (has_input_file (fx, a));
  g_assert_cmpuint (bd_history_get_n_entries (fx->history), ==, 2);
  g_assert_cmpstr (bd_history_get_entry (fx->history, 0)->id, ==, c);
  g_assert_cmpstr (bd_history_get_entry (fx->history, 1)->id, ==, a);

  g_assert_false (bd_history_remove (fx->history, b, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (bd_history_remove (fx->history, "../../x", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpuint (fx->changed, ==, 4);

  again = open_history (fx, TRUE);
  g_assert_cmpuint (bd_history_get_n_entries (again), ==, 2);
  g_clear_object (&again);

  /* Clearing also takes leftovers, but nothing that is not ours */
  write_file (fx, "20250101T000000Z-0123456789ab.txt", "left over", -1);
  write_file (fx, "notes.txt", "not ours", -1);
  write_file (fx, "history.json.broken", "{", -1);
  g_assert_true (bd_history_clear (fx->history, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fx->changed, ==, 5);
  g_assert_cmpuint (bd_history_get_n_entries (fx->history), ==, 0);
  g_assert_cmpuint (count_files (fx, ".txt"), ==, 1);
  g_assert_cmpuint (count_files (fx, ".broken"), ==, 0);
  foreign = g_build_filename (fx->dir, "notes.txt", NULL);
  g_assert_true (g_file_test (foreign, G_FILE_TEST_EXISTS));

  /* Clearing an empty history changes nothing visible */
  g_assert_true (bd_history_clear (fx->history, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fx->changed, ==, 5);

  again = open_history (fx, TRUE);
  g_assert_cmpuint (bd_history_get_n_entries (again), ==, 0);
}

static void
test_changed_count (Fixture       *fx,
                    gconstpointer  data)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *a2 = NULL;

  a = save (fx->history, "a", NULL);           /* 1 */
  finish (fx->history, a, "a");                /* 2 */
  b = save (fx->history, "b", NULL);           /* 3 */
  a2 = save (fx->history, "a", NULL);          /* 4: moved to the top */
  g_assert_cmpstr (a2, ==, a);
  g_assert_cmpuint (fx->changed, ==, 4);

  g_assert_true (bd_history_load (fx->history, NULL));   /* 5: reread */
  g_assert_cmpuint (fx->changed, ==, 5);
  g_assert_cmpuint (bd_history_get_n_entries (fx->history), ==, 2);

  bd_history_set_enabled (fx->history, FALSE);  /* 6: all hidden */
  bd_history_set_enabled (fx->history, FALSE);  /* no change */
  g_assert_cmpuint (fx->changed, ==, 6);
  /* The newest unfinished one (a, being analysed again) stays as the draft */
  g_assert_cmpstr (bd_history_get_unfinished (fx->history)->id, ==, a);
  bd_history_set_enabled (fx->history, TRUE);   /* 7: the draft is listed */
  g_assert_cmpuint (fx->changed, ==, 7);
  g_assert_cmpuint (bd_history_get_n_entries (fx->history), ==, 1);
  g_assert_true (bd_history_clear (fx->history, NULL));  /* 8 */
  g_assert_cmpuint (fx->changed, ==, 8);
  g_assert_cmpuint (fx->notified, ==, 2);
}

/* The app sets "enabled" from its settings before it loads: the draft left
 * by a crash must survive that. Saving before loading keeps the list. */
static void
test_before_load (Fixture       *fx,
                  gconstpointer  data)
{
  g_autofree char *old = save (fx->history, "finished long ago", NULL);
  g_autofree char *crashed = NULL;
  g_autofree char *fresh = NULL;
  g_autoptr(BdHistory) early = NULL;
  g_autoptr(BdHistory) off = NULL;
  g_autoptr(GError) error = NULL;

  finish (fx->history, old, "finished long ago");
  crashed = save (fx->history, "crashed", NULL);

  early = bd_history_new (fx->dir);
  fresh = save (early, "saved before loading", NULL);
  g_assert_cmpuint (bd_history_get_n_entries (early), ==, 3);
  g_assert_cmpstr (bd_history_get_entry (early, 0)->id, ==, fresh);
  g_assert_true (bd_history_dismiss_unfinished (early, fresh, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_files (fx, ".txt"), ==, 3);

  off = bd_history_new (fx->dir);
  bd_history_set_enabled (off, FALSE);
  g_assert_cmpuint (count_files (fx, ".txt"), ==, 3);
  g_assert_true (bd_history_load (off, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (bd_history_get_n_entries (off), ==, 0);
  g_assert_cmpstr (bd_history_get_unfinished (off)->id, ==, crashed);
  g_assert_cmpuint (count_files (fx, ".txt"), ==, 1);
  g_assert_true (has_input_file (fx, crashed));
}

static void
test_default_dir_property (void)
{
  g_autofree char *tmp = g_dir_make_tmp ("bd-history-XXXXXX", NULL);
  g_autoptr(BdHistory) history = bd_history_new (tmp);
  g_autofree char *dir = NULL;
  gboolean enabled = FALSE;

  g_object_get (history, "directory", &dir, "enabled", &enabled, NULL);
  g_assert_cmpstr (dir, ==, tmp);
  g_assert_cmpstr (bd_history_get_directory (history), ==, tmp);
  g_assert_true (enabled);
  g_object_set (history, "enabled", FALSE, NULL);
  g_assert_false (bd_history_get_enabled (history));
  /* Nothing is written before something is saved */
  g_assert_true (bd_history_load (history, NULL));
  g_assert_cmpint (g_rmdir (tmp), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/history/round-trip", test_round_trip);
  ADD ("/history/set-result", test_set_result);
  ADD ("/history/reload", test_reload);
  ADD ("/history/limit", test_limit);
  ADD ("/history/duplicate", test_duplicate);
  ADD ("/history/disabled", test_disabled);
  ADD ("/history/unfinished", test_unfinished);
  ADD ("/history/corrupt-index", test_corrupt_index);
  ADD ("/history/bad-entries", test_bad_entries);
  ADD ("/history/clear-remove", test_clear_remove);
  ADD ("/history/changed", test_changed_count);
  ADD ("/history/before-load", test_before_load);
  g_test_add_func ("/history/properties", test_default_dir_property);

#undef ADD

  return g_test_run ();
}
