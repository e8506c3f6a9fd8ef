/* test-diagnosis-step.c: the diagnosis step on real samples, under Xvfb
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "bd-diagnose.h"
#include "bd-session.h"
#include "bd-writer.h"
#include "steps/diagnosis/bd-diagnosis-step-private.h"
#include "bd-test-gtk-utils.h"

typedef struct
{
  BdSession       *session;
  GtkWindow       *window;
  BdDiagnosisStep *step;
  gboolean         done;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->session = bd_session_new ();
  fixture->window = GTK_WINDOW (adw_window_new ());
  fixture->step = BD_DIAGNOSIS_STEP (bd_diagnosis_step_new (fixture->session));
  adw_window_set_content (ADW_WINDOW (fixture->window), GTK_WIDGET (fixture->step));
  gtk_window_set_default_size (fixture->window, 1024, 1000);
  gtk_window_present (fixture->window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_object_ref (fixture->step);
  gtk_window_destroy (fixture->window);
  g_assert_finalize_object (fixture->step);
  g_assert_finalize_object (fixture->session);
}

static void
analyse_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Fixture *fixture = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (bd_session_analyse_finish (BD_SESSION (object), result, &error));
  g_assert_no_error (error);
  fixture->done = TRUE;
}

static gboolean
is_done (gpointer data)
{
  return ((Fixture *) data)->done;
}

static void
analyse_bytes (Fixture    *fixture,
               GBytes     *bytes,
               const char *name)
{
  fixture->done = FALSE;
  bd_session_analyse_bytes_async (fixture->session, bytes, name, NULL, analyse_cb, fixture);
  bd_test_wait_until (is_done, fixture, "the analysis");
  bd_test_flush ();
}

static void
analyse_sample (Fixture    *fixture,
                const char *sample)
{
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize len = 0;

  path = g_test_build_filename (G_TEST_DIST, "data", "samples", sample, NULL);
  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  bytes = g_bytes_new_take (g_steal_pointer (&contents), len);
  analyse_bytes (fixture, bytes, sample);
}

/* The cause expected.tsv names for a sample of tests/data/samples/causes/. */
static char *
expected_cause (const char *file)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "samples", "causes", "expected.tsv", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], "\t", 3);

      if (g_strv_length (fields) >= 2 && g_str_equal (fields[0], file))
        return g_strdup (fields[1]);
    }
  g_error ("%s is not in expected.tsv", file);
  return NULL;
}

static const char *
row_title (gpointer row)
{
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
}

/* The headline names the first cause of the report, filled as the
 * writer fills it; returns that cause. */
static const BdKbCause *
assert_headline (Fixture    *fixture,
                 const char *cause_id)
{
  BdReport *report = bd_session_get_report (fixture->session);
  g_autoptr(GArray) causes = NULL;
  const BdReportCause *rc;
  g_autofree char *title = NULL;
  g_autofree char *explanation = NULL;
  GPtrArray *rows;

  g_assert_nonnull (report);
  causes = bd_report_collect_causes (report);
  g_assert_cmpuint (causes->len, >, 0);
  rc = &g_array_index (causes, BdReportCause, 0);
  g_assert_cmpstr (rc->match->cause->id, ==, cause_id);

  title = bd_write_fill_text (rc->match->cause->title, rc->failure, rc->match);
  explanation = bd_write_fill_text (rc->match->cause->explanation, rc->failure, rc->match);
  g_assert_cmpstr (gtk_label_get_text (_bd_diagnosis_step_get_headline (fixture->step)), ==, title);
  g_assert_cmpstr (gtk_label_get_text (_bd_diagnosis_step_get_explanation (fixture->step)), ==, explanation);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (_bd_diagnosis_step_get_headline (fixture->step))));
  g_assert_cmpstr (gtk_label_get_text (_bd_diagnosis_step_get_summary (fixture->step)), !=, "");

  /* every cause has a row, in the report's order, with a confidence */
  rows = _bd_diagnosis_step_get_cause_rows (fixture->step);
  g_assert_cmpuint (rows->len, ==, causes->len);
  for (guint i = 0; i < causes->len; i++)
    {
      const BdReportCause *c = &g_array_index (causes, BdReportCause, i);
      g_autofree char *t = bd_write_fill_text (c->match->cause->title, c->failure, c->match);
      g_autofree char *percent = g_strdup_printf ("%d %%", (int) (c->match->confidence * 100 + 0.5));
      const char *subtitle = adw_expander_row_get_subtitle (g_ptr_array_index (rows, i));

      g_assert_cmpstr (row_title (g_ptr_array_index (rows, i)), ==, t);
      g_assert_nonnull (strstr (subtitle, percent));
    }

  return rc->match->cause;
}

static void
assert_owner (Fixture   *fixture,
              BdKbOwner  owner)
{
  AdwActionRow *row = _bd_diagnosis_step_get_owner_row (fixture->step);
  const char *title = row_title (row);

  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (row)));
  switch (owner)
    {
    case BD_KB_OWNER_USER:
      g_assert_cmpstr (title, ==, _("You: your computer, mail program or message"));
      break;
    case BD_KB_OWNER_SERVER:
      g_assert_cmpstr (title, ==, _("Your mail server"));
      break;
    case BD_KB_OWNER_RECIPIENT:
    default:
      g_assert_cmpstr (title, ==, _("The recipient’s side"));
      break;
    }
}

static void
assert_stage (Fixture *fixture,
              BdStage  stage)
{
  AdwActionRow *row = _bd_diagnosis_step_get_stage_row (fixture->step);

  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (row)));
  g_assert_cmpstr (row_title (row), ==, bd_stage_get_label (stage));
  g_assert_cmpstr (adw_action_row_get_subtitle (row), !=, "");
}

/* A row of "What the codes mean" starts with @code and explains it. */
static void
assert_code (Fixture    *fixture,
             const char *code,
             const char *meaning)
{
  GPtrArray *rows = _bd_diagnosis_step_get_code_rows (fixture->step);

  for (guint i = 0; i < rows->len; i++)
    {
      const char *title = row_title (g_ptr_array_index (rows, i));

      if (g_str_has_prefix (title, code) && (meaning == NULL || strstr (title, meaning) != NULL))
        {
          g_assert_true (gtk_widget_is_visible (GTK_WIDGET (g_ptr_array_index (rows, i))));
          return;
        }
    }
  g_error ("no row for the code %s", code);
}

/* Every evidence line of the causes is highlighted in the text and listed. */
static void
assert_evidence (Fixture  *fixture,
                 gboolean  plain)
{
  BdReport *report = bd_session_get_report (fixture->session);
  g_autoptr(GArray) causes = bd_report_collect_causes (report);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (bd_evidence_view_get_text_view (_bd_diagnosis_step_get_evidence_view (fixture->step)));
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer),
                                               BD_EVIDENCE_TAG);
  GPtrArray *rows = bd_evidence_view_get_rows (_bd_diagnosis_step_get_evidence_view (fixture->step));
  guint n_lines = 0;
  guint first = G_MAXUINT;

  g_assert_nonnull (tag);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (bd_evidence_view_get_expander (_bd_diagnosis_step_get_evidence_view (fixture->step)))));
  for (guint i = 0; i < causes->len; i++)
    {
      const BdReportCause *rc = &g_array_index (causes, BdReportCause, i);

      for (guint l = 0; l < rc->lines->len; l++)
        {
          const BdEvidence *ev = g_array_index (rc->lines, const BdEvidence *, l);
          GtkTextIter iter, end;
          g_autofree char *line = NULL;
          g_autofree char *number = g_strdup_printf (_("Line %u"), ev->line);
          gboolean listed = FALSE;

          g_assert_true (gtk_text_buffer_get_iter_at_line (buffer, &iter, ev->line - 1));
          g_assert_true (gtk_text_iter_has_tag (&iter, tag));
          /* the highlighted line is the one the evidence quotes */
          end = iter;
          gtk_text_iter_forward_to_line_end (&end);
          line = gtk_text_iter_get_text (&iter, &end);
          if (plain && strstr (line, ev->text) == NULL)
            g_error ("line %u is \"%s\", evidence says \"%s\"", ev->line, line, ev->text);

          for (guint r = 0; r < rows->len; r++)
            if (g_strcmp0 (adw_action_row_get_subtitle (g_ptr_array_index (rows, r)), number) == 0)
              listed = TRUE;
          g_assert_true (listed || rows->len > 15);
          first = MIN (first, ev->line);
          n_lines++;
        }
    }
  g_assert_cmpuint (n_lines, >, 0);

  /* a line that is not evidence is not highlighted */
  for (guint line = 1; line < first; line++)
    {
      GtkTextIter iter;

      g_assert_true (gtk_text_buffer_get_iter_at_line (buffer, &iter, line - 1));
      g_assert_false (gtk_text_iter_has_tag (&iter, tag));
    }
}

static void
assert_path (Fixture    *fixture,
             BdPathHop   hop,
             BdPathNode  node,
             const char *detail)
{
  BdPathView *view = _bd_diagnosis_step_get_path_view (fixture->step);
  int min = 0, nat = 0;

  g_assert_cmpint (bd_path_view_get_hop (view), ==, hop);
  if (detail != NULL)
    g_assert_cmpstr (bd_path_view_get_detail (view, node), ==, detail);
  if (hop != BD_PATH_HOP_NONE)
    {
      g_assert_nonnull (bd_path_view_get_note (view));
      g_assert_nonnull (strstr (bd_path_view_get_description (view), bd_path_view_get_note (view)));
    }
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (view)), ==, GTK_ACCESSIBLE_ROLE_IMG);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (view)));
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (view)), >, 40);

  /* fits a phone: narrow minimum, a wider natural width */
  gtk_widget_measure (GTK_WIDGET (view), GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  g_assert_cmpint (min, <=, 300);
  g_assert_cmpint (nat, >, min);
}

/* The rest of the page, scrolled to its end, for review; then back. */
static void
screenshot_end (Fixture    *fixture,
                const char *name)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (_bd_diagnosis_step_get_scrolled_window (fixture->step));
  g_autofree char *end = g_strdup_printf ("%s-end", name);

  if (gtk_adjustment_get_upper (adjustment) <= gtk_adjustment_get_page_size (adjustment))
    return;
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  bd_test_flush ();
  bd_test_save_screenshot (GTK_WIDGET (fixture->step), end);
  gtk_adjustment_set_value (adjustment, 0);
  bd_test_flush ();
}

/* At 1024 and 360 px; @full adds the ends of the pages. */
static void
screenshots (Fixture    *fixture,
             const char *name,
             gboolean    full)
{
  g_autofree char *wide = g_strdup_printf ("diagnosis-%s", name);
  g_autofree char *narrow = g_strdup_printf ("diagnosis-%s-narrow", name);
  GtkWidget *path_view = GTK_WIDGET (_bd_diagnosis_step_get_path_view (fixture->step));
  int min = 0;

  /* the window opened at 1024 × 1000 */
  bd_test_flush ();
  bd_test_save_screenshot (GTK_WIDGET (fixture->step), wide);
  if (full)
    screenshot_end (fixture, wide);

  bd_test_resize (fixture->window, 360, 1000);
  bd_test_flush ();
  /* nothing is wider than the window (which keeps a few pixels for its
   * frame under Xvfb) */
  gtk_widget_measure (GTK_WIDGET (fixture->step), GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  g_assert_cmpint (min, <=, 360);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->window)), <=, 360);
  g_assert_cmpint (gtk_widget_get_width (path_view), <, 360);
  bd_test_save_screenshot (GTK_WIDGET (fixture->step), narrow);
  if (full)
    screenshot_end (fixture, narrow);
}

/* ------------------------------------------------------------------------ */

static void
test_diagnosis_empty (Fixture       *fixture,
                      gconstpointer  data)
{
  BdStep *step = BD_STEP (fixture->step);

  g_assert_cmpstr (bd_step_get_title (step), ==, _("Diagnosis"));
  g_assert_cmpstr (bd_step_get_help_page (step), ==, "diagnosis");
  g_assert_false (bd_step_get_complete (step));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (_bd_diagnosis_step_get_headline (fixture->step))));
  g_assert_cmpuint (_bd_diagnosis_step_get_cause_rows (fixture->step)->len, ==, 0);
}

static void
test_diagnosis_mdaemon_seed (Fixture       *fixture,
                             gconstpointer  data)
{
  BdReport *report;
  const BdKbCause *cause;
  BdFailure *f;
  GPtrArray *rows;
  g_autofree char *second = NULL;
  g_autofree char *first = NULL;

  analyse_sample (fixture, "mdaemon-seed.log");
  g_assert_true (bd_step_get_complete (BD_STEP (fixture->step)));

  cause = assert_headline (fixture, "content.rfc-noncompliant");
  assert_owner (fixture, cause->owner);
  assert_stage (fixture, BD_STAGE_DATA);
  assert_code (fixture, "554", NULL);
  assert_code (fixture, "5xx", NULL);
  assert_evidence (fixture, TRUE);
  /* MDaemon refused one machine of the office: between it and its server */
  assert_path (fixture, BD_PATH_HOP_SENDING, BD_PATH_NODE_YOU, "80.78.72.135");
  g_assert_nonnull (strstr (bd_path_view_get_note (_bd_diagnosis_step_get_path_view (fixture->step)), "DATA"));
  g_assert_cmpuint (_bd_diagnosis_step_get_cause_rows (fixture->step)->len, ==, 4);
  /* the dead list and the missing PTR are among the causes */
  rows = _bd_diagnosis_step_get_cause_rows (fixture->step);
  g_assert_cmpstr (g_object_get_data (g_ptr_array_index (rows, 1), "cause-id"), ==, "blacklist.dead-list");
  g_assert_cmpstr (g_object_get_data (g_ptr_array_index (rows, 2), "cause-id"), ==, "dns.ptr-missing");
  /* one recipient: no sections per recipient */
  g_assert_cmpuint (_bd_diagnosis_step_get_recipient_groups (fixture->step)->len, ==, 0);

  screenshots (fixture, "mdaemon-seed", TRUE);

  /* The Checks step's answers re-rank the causes: the rows follow. Open
   * the dead list's row; it stays open. */
  adw_expander_row_set_expanded (g_ptr_array_index (rows, 1), TRUE);
  report = bd_session_get_report (fixture->session);
  f = g_ptr_array_index (report->failures, 0);
  for (guint i = 0; i < f->causes->len; i++)
    {
      BdCauseMatch *m = g_ptr_array_index (f->causes, i);

      if (g_str_equal (m->cause->id, "content.rfc-noncompliant"))
        m->confidence = 0.2;
      else if (g_str_equal (m->cause->id, "dns.ptr-missing"))
        m->confidence = 0.95;
    }
  g_signal_emit_by_name (fixture->session, "ranking-changed");
  bd_test_flush ();

  rows = _bd_diagnosis_step_get_cause_rows (fixture->step);
  g_assert_cmpuint (rows->len, ==, 4);
  first = g_strdup (g_object_get_data (g_ptr_array_index (rows, 0), "cause-id"));
  second = g_strdup (g_object_get_data (g_ptr_array_index (rows, 1), "cause-id"));
  g_assert_cmpstr (first, ==, "dns.ptr-missing");
  g_assert_cmpstr (second, ==, "blacklist.dead-list");
  g_assert_cmpstr (g_object_get_data (g_ptr_array_index (rows, 3), "cause-id"), ==, "content.rfc-noncompliant");
  g_assert_true (adw_expander_row_get_expanded (g_ptr_array_index (rows, 1)));
  g_assert_false (adw_expander_row_get_expanded (g_ptr_array_index (rows, 0)));
  cause = assert_headline (fixture, "dns.ptr-missing");
  assert_owner (fixture, cause->owner);
  g_assert_nonnull (strstr (adw_expander_row_get_subtitle (g_ptr_array_index (rows, 0)), C_("cause", "Very likely")));
  g_assert_nonnull (strstr (adw_expander_row_get_subtitle (g_ptr_array_index (rows, 3)), C_("cause", "Possible")));

  bd_test_resize (fixture->window, 1024, 1000);
  bd_test_save_screenshot (GTK_WIDGET (fixture->step), "diagnosis-mdaemon-seed-reranked");
  screenshot_end (fixture, "diagnosis-mdaemon-seed-reranked");
}

static void
test_diagnosis_exchange_ru (Fixture       *fixture,
                            gconstpointer  data)
{
  const BdKbCause *cause;

  analyse_sample (fixture, "exchange2007-ru.eml");

  cause = assert_headline (fixture, "policy.sender-rejected");
  assert_owner (fixture, cause->owner);
  assert_code (fixture, "554", bd_kb_gettext ("Transaction failed"));
  assert_code (fixture, "5.7.1", NULL);
  assert_code (fixture, "5.x.x", bd_kb_gettext ("Permanent failure"));
  /* base64: the lines are highlighted where they sit, but read decoded */
  assert_evidence (fixture, FALSE);
  g_assert_nonnull (strstr (adw_preferences_group_get_description (
    ADW_PREFERENCES_GROUP (gtk_widget_get_ancestor (g_ptr_array_index (bd_evidence_view_get_rows (_bd_diagnosis_step_get_evidence_view (fixture->step)), 0),
                                                    ADW_TYPE_PREFERENCES_GROUP))),
                    _("The message is encoded: its lines are shown decoded here, and highlighted below where they sit in the original.")));
  /* the remote server's reply: between the servers, its name under it */
  assert_path (fixture, BD_PATH_HOP_RELAY, BD_PATH_NODE_REMOTE, "www.mydomain.ru");
  /* no stage known: no stage row */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (_bd_diagnosis_step_get_stage_row (fixture->step))));

  screenshots (fixture, "exchange2007-ru", TRUE);
}

typedef struct
{
  const char *file;
  BdPathHop   hop;
  BdStage     stage;       /* BD_STAGE_UNKNOWN: not checked */
  const char *code;        /* a code row expected, nullable */
  gboolean    screenshot;
  gboolean    plain;       /* the evidence is readable in the raw input */
} CauseSample;

static const CauseSample cause_samples[] = {
  { "blacklist.dnsbl-listed-yahoo.txt", BD_PATH_HOP_RELAY, BD_STAGE_CONNECT, "553", TRUE, TRUE },
  { "size.too-large-gmail.eml", BD_PATH_HOP_RELAY, BD_STAGE_UNKNOWN, "5.3.4", TRUE, TRUE },
  { "size.too-large-mdaemon.log", BD_PATH_HOP_SENDING, BD_STAGE_MAIL, "552", FALSE, TRUE },
  { "recipient.mailbox-full-gmail.txt", BD_PATH_HOP_MAILBOX, BD_STAGE_DATA, "5.2.2", FALSE, TRUE },
  { "connection.refused-ru.txt", BD_PATH_HOP_SENDING, BD_STAGE_CONNECT, NULL, TRUE, TRUE },
  { "auth.login-failed-ru.txt", BD_PATH_HOP_SENDING, BD_STAGE_AUTH, "535", FALSE, TRUE },
};

static void
test_diagnosis_cause (Fixture       *fixture,
                      gconstpointer  data)
{
  const CauseSample *sample = data;
  g_autofree char *path = g_build_filename ("causes", sample->file, NULL);
  g_autofree char *expected = expected_cause (sample->file);
  const BdKbCause *cause;

  analyse_sample (fixture, path);

  cause = assert_headline (fixture, expected);
  assert_owner (fixture, cause->owner);
  if (sample->stage != BD_STAGE_UNKNOWN)
    assert_stage (fixture, sample->stage);
  if (sample->code != NULL)
    assert_code (fixture, sample->code, NULL);
  assert_evidence (fixture, sample->plain);
  assert_path (fixture, sample->hop, BD_PATH_NODE_YOU, NULL);

  if (sample->screenshot)
    {
      g_autofree char *name = g_strndup (sample->file, strrchr (sample->file, '.') - sample->file);
      screenshots (fixture, name, FALSE);
    }
}

static void
test_diagnosis_provider_code (Fixture       *fixture,
                              gconstpointer  data)
{
  BdReport *report;
  const BdFailure *f;

  analyse_sample (fixture, "causes/blacklist.dnsbl-listed-yahoo.txt");
  report = bd_session_get_report (fixture->session);
  f = g_ptr_array_index (report->failures, 0);
  g_assert_nonnull (f->provider_code);
  assert_code (fixture, f->provider_code->code, bd_kb_gettext (f->provider_code->title));
}

static void
test_diagnosis_recipients (Fixture       *fixture,
                           gconstpointer  data)
{
  BdReport *report;
  GPtrArray *groups;
  guint n_failures;

  analyse_sample (fixture, "postfix.log");
  report = bd_session_get_report (fixture->session);
  n_failures = report->failures->len;
  g_assert_cmpuint (n_failures, >, 1);

  groups = _bd_diagnosis_step_get_recipient_groups (fixture->step);
  g_assert_cmpuint (groups->len, >, 1);
  /* each failure's recipient heads a section of its own */
  for (guint i = 0; i < n_failures; i++)
    {
      const BdFailure *f = g_ptr_array_index (report->failures, i);
      gboolean found = FALSE;

      for (guint k = 0; k < groups->len && !found; k++)
        {
          const char *title = adw_preferences_group_get_title (g_ptr_array_index (groups, k));

          found = f->recipient == NULL || strstr (title, f->recipient) != NULL;
          g_assert_true (gtk_widget_get_mapped (g_ptr_array_index (groups, k)));
        }
      g_assert_true (found);
    }
  /* the codes are for the headline's recipient, and say so */
  g_assert_nonnull (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (
    gtk_widget_get_ancestor (GTK_WIDGET (g_ptr_array_index (_bd_diagnosis_step_get_code_rows (fixture->step), 0)),
                             ADW_TYPE_PREFERENCES_GROUP))));

  screenshots (fixture, "postfix-log", TRUE);
}

static void
test_diagnosis_same_failures (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GString) log = g_string_new (NULL);
  g_autoptr(GBytes) bytes = NULL;
  GPtrArray *groups;
  const char *title;
  g_autofree char *three = NULL;

  /* three recipients refused the same way: one section for them */
  for (guint i = 0; i < 3; i++)
    g_string_append_printf (log,
                            "Mar  3 10:00:0%u mail postfix/smtp[123%u]: 4A%uB: to=<user%u@example.net>, "
                            "relay=mx.example.net[198.51.100.20]:25, delay=1, delays=0/0/0/1, dsn=5.1.1, "
                            "status=bounced (host mx.example.net[198.51.100.20] said: 550 5.1.1 <user%u@example.net>: "
                            "Recipient address rejected: User unknown in local recipient table (in reply to RCPT TO command))\n",
                            i, i, i, i, i);
  g_string_append (log,
                   "Mar  3 10:00:09 mail postfix/smtp[1239]: 4A9B: to=<boss@example.org>, "
                   "relay=mx.example.org[198.51.100.30]:25, delay=1, delays=0/0/0/1, dsn=5.2.2, "
                   "status=bounced (host mx.example.org[198.51.100.30] said: 552 5.2.2 <boss@example.org>: "
                   "Mailbox full (in reply to RCPT TO command))\n");
  bytes = g_bytes_new (log->str, log->len);
  analyse_bytes (fixture, bytes, "same.log");

  g_assert_cmpuint (bd_session_get_report (fixture->session)->failures->len, ==, 4);
  groups = _bd_diagnosis_step_get_recipient_groups (fixture->step);
  g_assert_cmpuint (groups->len, ==, 2);
  title = adw_preferences_group_get_title (g_ptr_array_index (groups, 0));
  three = g_strdup_printf (ngettext ("%u recipient", "%u recipients", 3), 3);
  g_assert_true (g_str_has_prefix (title, three));
  g_assert_true (g_str_has_prefix (title + strlen (three), ": "));
  g_assert_nonnull (strstr (title, "user2@example.net"));
  title = adw_preferences_group_get_title (g_ptr_array_index (groups, 1));
  g_assert_cmpstr (title, ==, "boss@example.org");
}

static void
test_diagnosis_not_failure (Fixture       *fixture,
                            gconstpointer  data)
{
  BdReport *report;
  g_autofree char *title = NULL;

  analyse_sample (fixture, "causes/none.delivered.eml");
  report = bd_session_get_report (fixture->session);
  g_assert_nonnull (report->not_failure);
  g_assert_nonnull (report->verdict);

  title = bd_write_fill_text (report->verdict->cause->title, NULL, report->verdict);
  g_assert_cmpstr (gtk_label_get_text (_bd_diagnosis_step_get_headline (fixture->step)), ==, title);
  g_assert_cmpstr (gtk_label_get_text (_bd_diagnosis_step_get_summary (fixture->step)), ==,
                   _("This is a confirmation that your message was delivered. Nothing went wrong."));
  g_assert_false (gtk_widget_is_visible (GTK_WIDGET (_bd_diagnosis_step_get_owner_row (fixture->step))));
  g_assert_false (gtk_widget_is_visible (GTK_WIDGET (_bd_diagnosis_step_get_path_view (fixture->step))));
  g_assert_cmpuint (_bd_diagnosis_step_get_cause_rows (fixture->step)->len, ==, 0);
  g_assert_true (bd_step_get_complete (BD_STEP (fixture->step)));

  screenshots (fixture, "none.delivered", FALSE);
}

static gboolean
headline_unmapped (gpointer data)
{
  return !gtk_widget_get_mapped (GTK_WIDGET (_bd_diagnosis_step_get_headline (data)));
}

static void
test_diagnosis_nothing_found (Fixture       *fixture,
                              gconstpointer  data)
{
  static const char text[] = "Hello,\nthe meeting is moved to Tuesday.\nRegards\n";
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, sizeof text - 1);

  analyse_bytes (fixture, bytes, NULL);

  g_assert_cmpstr (gtk_label_get_text (_bd_diagnosis_step_get_headline (fixture->step)), ==,
                   _("No failed delivery found"));
  g_assert_cmpstr (gtk_label_get_text (_bd_diagnosis_step_get_explanation (fixture->step)), ==,
                   _("If your mail program showed no message at all, go back to the first step and choose “I Have No Error Message” to describe what happens. If you have a bounce, paste all of it, with its headers."));
  g_assert_false (gtk_widget_is_visible (GTK_WIDGET (_bd_diagnosis_step_get_owner_row (fixture->step))));
  g_assert_cmpuint (_bd_diagnosis_step_get_cause_rows (fixture->step)->len, ==, 0);
  g_assert_true (bd_step_get_complete (BD_STEP (fixture->step)));

  screenshots (fixture, "nothing-found", FALSE);

  /* Start Over: back to the empty page */
  bd_session_clear (fixture->session);
  g_assert_false (bd_step_get_complete (BD_STEP (fixture->step)));
  /* once the stack's cross-fade is over */
  bd_test_wait_until (headline_unmapped, fixture->step, "the empty page");
}

/* "I have no error message": a symptom instead of a message. */
static void
test_diagnosis_symptom (Fixture       *fixture,
                        gconstpointer  data)
{
  BdReport *report = bd_diagnose_symptom ("symptom.cannot-send");
  const BdFailure *f;
  const BdKbCause *cause;
  g_autofree char *said = NULL;

  g_assert_nonnull (report);
  bd_session_set_report (fixture->session, report);
  bd_test_flush ();

  f = g_ptr_array_index (report->failures, 0);
  g_assert_nonnull (f->symptom);
  cause = assert_headline (fixture, ((const BdCauseMatch *) g_ptr_array_index (f->causes, 0))->cause->id);
  assert_owner (fixture, cause->owner);
  said = g_strdup_printf (_("You described what happens: “%s”. No message was read, so this is the most likely explanation, not a certain one."),
                          bd_kb_gettext (f->symptom->title));
  g_assert_cmpstr (gtk_label_get_text (_bd_diagnosis_step_get_summary (fixture->step)), ==, said);
  /* no codes, no stage, no lines: nothing of that is shown */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (_bd_diagnosis_step_get_stage_row (fixture->step))));
  g_assert_cmpuint (_bd_diagnosis_step_get_code_rows (fixture->step)->len, ==, 0);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (_bd_diagnosis_step_get_evidence_view (fixture->step))));
  g_assert_cmpstr (bd_path_view_get_note (_bd_diagnosis_step_get_path_view (fixture->step)), ==,
                   g_dpgettext2 (GETTEXT_PACKAGE, "delivery path", "most likely stops here"));

  screenshots (fixture, "symptom", FALSE);
}

/* A file analysed from disk has no input in memory: the evidence lines are
 * listed with their numbers, the whole text is not shown. */
static void
test_diagnosis_from_disk (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "samples", "mdaemon-seed.log", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  BdReport *report;
  BdFailure *f;
  GPtrArray *rows;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  bd_session_set_report (fixture->session, bd_diagnose_data (contents, len, path));
  bd_test_flush ();
  g_assert_null (bd_session_get_input (fixture->session));

  report = bd_session_get_report (fixture->session);
  f = g_ptr_array_index (report->failures, 0);
  rows = bd_evidence_view_get_rows (_bd_diagnosis_step_get_evidence_view (fixture->step));
  g_assert_cmpuint (rows->len, >, 0);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (bd_evidence_view_get_expander (_bd_diagnosis_step_get_evidence_view (fixture->step)))));
  for (guint i = 0; i < rows->len; i++)
    {
      const char *subtitle = adw_action_row_get_subtitle (g_ptr_array_index (rows, i));
      guint line = 0;
      gboolean found = FALSE;

      g_assert_cmpint (sscanf (subtitle, _("Line %u"), &line), ==, 1);
      for (guint l = 0; l < f->evidence->len; l++)
        {
          const BdEvidence *ev = &g_array_index (f->evidence, BdEvidence, l);

          if (ev->line == line)
            {
              g_assert_cmpstr (row_title (g_ptr_array_index (rows, i)), ==, ev->text);
              found = TRUE;
            }
        }
      g_assert_true (found);
    }
}

int
main (int   argc,
      char *argv[])
{
  bd_test_gtk_init (&argc, &argv);

  g_test_add ("/diagnosis/empty", Fixture, NULL,
              fixture_setup, test_diagnosis_empty, fixture_teardown);
  g_test_add ("/diagnosis/mdaemon-seed", Fixture, NULL,
              fixture_setup, test_diagnosis_mdaemon_seed, fixture_teardown);
  g_test_add ("/diagnosis/exchange2007-ru", Fixture, NULL,
              fixture_setup, test_diagnosis_exchange_ru, fixture_teardown);
  for (guint i = 0; i < G_N_ELEMENTS (cause_samples); i++)
    {
      g_autofree char *name = g_strdup_printf ("/diagnosis/cause/%s", cause_samples[i].file);
      g_test_add (name, Fixture, &cause_samples[i],
                  fixture_setup, test_diagnosis_cause, fixture_teardown);
    }
  g_test_add ("/diagnosis/provider-code", Fixture, NULL,
              fixture_setup, test_diagnosis_provider_code, fixture_teardown);
  g_test_add ("/diagnosis/recipients", Fixture, NULL,
              fixture_setup, test_diagnosis_recipients, fixture_teardown);
  g_test_add ("/diagnosis/same-failures", Fixture, NULL,
              fixture_setup, test_diagnosis_same_failures, fixture_teardown);
  g_test_add ("/diagnosis/not-failure", Fixture, NULL,
              fixture_setup, test_diagnosis_not_failure, fixture_teardown);
  g_test_add ("/diagnosis/nothing-found", Fixture, NULL,
              fixture_setup, test_diagnosis_nothing_found, fixture_teardown);
  g_test_add ("/diagnosis/symptom", Fixture, NULL,
              fixture_setup, test_diagnosis_symptom, fixture_teardown);
  g_test_add ("/diagnosis/from-disk", Fixture, NULL,
              fixture_setup, test_diagnosis_from_disk, fixture_teardown);

  return g_test_run ();
}
