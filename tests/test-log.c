/* test-log.c: tests of the streaming log and transcript readers
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "bd-log.h"
#include "bd-test-utils.h"

/* private test hooks of bd-log.c */
void  _bd_log_scanner_set_max_queue  (BdLogScanner *self, guint max);
guint _bd_log_scanner_get_queue_size (BdLogScanner *self);

/* Feeds @data split on CR, LF or CRLF. */
static void
feed_all (BdLogScanner *scanner,
          const char   *data,
          gsize         len)
{
  const char *p = data, *end = data + len;
  guint lineno = 0;

  while (p < end)
    {
      const char *q = p;

      while (q < end && *q != '\n' && *q != '\r')
        q++;
      bd_log_scanner_feed_line (scanner, p, q - p, ++lineno);
      if (q + 1 < end && q[0] == '\r' && q[1] == '\n')
        q++;
      p = q + 1;
    }
  bd_log_scanner_finish (scanner);
}

static BdReport *
scan_data (const char *format,
           const char *data,
           gsize       len)
{
  BdReport *report = bd_report_new ();
  g_autoptr(BdLogScanner) scanner = bd_log_scanner_new (format, report);

  feed_all (scanner, data, len);
  return report;
}

static BdReport *
scan_sample (const char *name)
{
  gsize len = 0;
  g_autofree char *data = bd_test_load_sample (name, &len);
  const char *format = bd_log_detect (data, len);

  g_assert_nonnull (format);
  return scan_data (format, data, len);
}

static gboolean
has_evidence (BdFailure  *f,
              const char *needle)
{
  for (guint i = 0; i < f->evidence->len; i++)
    if (strstr (g_array_index (f->evidence, BdEvidence, i).text, needle) != NULL)
      return TRUE;
  return FALSE;
}

/* Compares every log/transcript row of expected.tsv with the scanner. */
static void
test_expected (void)
{
  gsize len = 0;
  g_autofree char *tsv = bd_test_load_sample ("expected.tsv", &len);
  g_auto(GStrv) rows = g_strsplit (tsv, "\n", -1);
  g_autoptr(GHashTable) reports = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) bd_report_free);
  g_autoptr(GHashTable) next = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint checked = 0;

  for (guint i = 0; rows[i] != NULL; i++)
    {
      g_auto(GStrv) col = NULL;
      g_autofree char *data = NULL;
      BdReport *report;
      BdFailure *f;
      guint idx;
      gsize dlen = 0;

      if (rows[i][0] == '#' || rows[i][0] == '\0')
        continue;
      col = g_strsplit (rows[i], "\t", -1);
      g_assert_cmpuint (g_strv_length (col), ==, 7);
      data = bd_test_load_sample (col[0], &dlen);
      if (bd_log_detect (data, dlen) == NULL)
        continue; /* a client error: test-reader-client.c */

      report = g_hash_table_lookup (reports, col[0]);
      if (report == NULL)
        {
          report = scan_sample (col[0]);
          g_hash_table_insert (reports, g_strdup (col[0]), report);
        }
      idx = GPOINTER_TO_UINT (g_hash_table_lookup (next, col[0]));
      g_hash_table_insert (next, g_strdup (col[0]), GUINT_TO_POINTER (idx + 1));
      g_test_message ("%s row %u", col[0], idx);
      g_assert_cmpuint (idx, <, report->failures->len);
      f = g_ptr_array_index (report->failures, idx);

      bd_test_assert_expected_row (f, col);
      checked++;
    }

  /* no failure beyond the expected ones */
  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, reports);
    while (g_hash_table_iter_next (&iter, &key, &value))
      g_assert_cmpuint (((BdReport *) value)->failures->len, ==,
                        GPOINTER_TO_UINT (g_hash_table_lookup (next, key)));
  }
  g_assert_cmpuint (checked, >=, 15);
}

static void
check_seed_failure (BdFailure *f,
                    gboolean   joined)
{
  g_assert_cmpuint (f->reply_code, ==, 554);
  g_assert_null (f->status);
  g_assert_cmpint (f->stage, ==, BD_STAGE_DATA);
  g_assert_cmpstr (f->client_ip, ==, "80.78.72.135");
  g_assert_cmpstr (f->helo, ==, "RS");
  g_assert_cmpint (f->size, ==, 389);
  g_assert_true (f->permanent);
  g_assert_cmpstr (f->diagnostic, ==, "Message does not conform to standards");
  /* the forum paste lost the <…> parts (HTML tags to the browser), so it
   * names no recipient; the log file as MDaemon writes it does */
  if (joined)
    g_assert_null (f->recipient);
  else
    g_assert_cmpstr (f->recipient, ==, "orders@example.com");
  g_assert_true (has_evidence (f, "--> 554 Message does not conform to standards"));
  g_assert_true (has_evidence (f, "No PTR records found"));
  g_assert_true (has_evidence (f, "relays.ordb.org - failed"));
  g_assert_true (has_evidence (f, "Message size: 389 bytes"));
  g_assert_true (has_evidence (f, "Accepting SMTP connection from [80.78.72.135 : 43579]"));
  g_assert_false (has_evidence (f, "sbl-xbl.spamhaus.org"));
  for (guint i = 0; i < f->evidence->len; i++)
    {
      BdEvidence *e = &g_array_index (f->evidence, BdEvidence, i);
      /* each evidence is one event, not the whole pasted line */
      g_assert_cmpuint (strlen (e->text), <, 120);
      if (joined)
        g_assert_cmpuint (e->line, ==, 1);
      else
        g_assert_cmpuint (e->line, >, 1);
    }
}

static void
test_seed (void)
{
  g_autoptr(BdReport) multi = scan_sample ("mdaemon-seed.log");
  g_autoptr(BdReport) joined = scan_sample ("mdaemon-seed-joined.txt");

  g_assert_cmpstr (multi->format, ==, "mdaemon-log");
  g_assert_cmpstr (multi->mta, ==, "mdaemon");
  g_assert_cmpint (multi->kind, ==, BD_SOURCE_LOG);
  g_assert_cmpuint (multi->failures->len, ==, 1);
  check_seed_failure (g_ptr_array_index (multi->failures, 0), FALSE);
  g_assert_cmpuint (joined->failures->len, ==, 1);
  check_seed_failure (g_ptr_array_index (joined->failures, 0), TRUE);
}

/* The forum post as a whole: prose around the joined log line. */
static void
test_seed_post (void)
{
  gsize len = 0;
  g_autofree char *line = bd_test_load_sample ("mdaemon-seed-joined.txt", &len);
  g_autofree char *post = g_strconcat ("I'm using MDaemon and get an error for one machine.\n"
                                       "More info, this is the log file:\n", line,
                                       "\nSMTP error 554 is vague, check reverse DNS.\n", NULL);
  g_autoptr(BdReport) report = NULL;
  BdFailure *f;

  g_assert_cmpstr (bd_log_detect (post, strlen (post)), ==, "mdaemon-log");
  report = scan_data ("mdaemon-log", post, strlen (post));
  g_assert_cmpuint (report->failures->len, ==, 1);
  f = g_ptr_array_index (report->failures, 0);
  g_assert_cmpuint (f->reply_code, ==, 554);
  g_assert_cmpint (f->size, ==, 389);
  for (guint i = 0; i < f->evidence->len; i++)
    g_assert_cmpuint (g_array_index (f->evidence, BdEvidence, i).line, ==, 3);
}

/* CR-only and LF-only line ends give the same as CRLF. */
static void
test_line_ends (void)
{
  gsize len = 0;
  g_autofree char *data = bd_test_load_sample ("mdaemon-seed.log", &len);
  g_autoptr(GString) cr = g_string_new (NULL);
  g_autoptr(GString) lf = g_string_new (NULL);
  g_autoptr(BdReport) r1 = NULL;
  g_autoptr(BdReport) r2 = NULL;

  for (gsize i = 0; i < len; i++)
    {
      if (data[i] == '\r' && i + 1 < len && data[i + 1] == '\n')
        {
          g_string_append_c (cr, '\r');
          g_string_append_c (lf, '\n');
          i++;
        }
      else
        {
          g_string_append_c (cr, data[i]);
          g_string_append_c (lf, data[i]);
        }
    }
  g_assert_cmpstr (bd_log_detect (cr->str, cr->len), ==, "mdaemon-log");
  r1 = scan_data ("mdaemon-log", cr->str, cr->len);
  r2 = scan_data ("mdaemon-log", lf->str, lf->len);
  g_assert_cmpuint (r1->failures->len, ==, 1);
  g_assert_cmpuint (r2->failures->len, ==, 1);
  check_seed_failure (g_ptr_array_index (r1->failures, 0), FALSE);
  check_seed_failure (g_ptr_array_index (r2->failures, 0), FALSE);
}

static void
test_detect (void)
{
  static const struct { const char *file; const char *format; } cases[] = {
    { "mdaemon-seed.log", "mdaemon-log" },
    { "mdaemon-seed-joined.txt", "mdaemon-log" },
    { "mdaemon-sessions.log", "mdaemon-log" },
    { "postfix.log", "postfix-log" },
    { "exim.log", "exim-log" },
    { "sendmail.log", "sendmail-log" },
    { "swaks.txt", "smtp-transcript" },
    { "phpmailer.txt", "smtp-transcript" },
    { "smtp-plain.txt", "smtp-transcript" },
    { "outlook-0x800CCC0E.txt", NULL },
    { "thunderbird.txt", NULL },
    { "thebat.txt", NULL },
  };
  const char *bounce =
    "Return-Path: <>\n"
    "Received: from mx.example.com (mx.example.com [192.0.2.1])\n"
    "From: MAILER-DAEMON@example.com (Mail Delivery System)\n"
    "Subject: Undelivered Mail Returned to Sender\n"
    "\n"
    "I'm sorry to have to inform you that your message could not be delivered.\n"
    "Oct 20 16:11:37 mx postfix/smtp[1234]: 6265E1AC124: to=<a@example.net>, status=bounced\n"
    "Oct 20 16:11:37 mx postfix/smtp[1234]: 6265E1AC124: to=<b@example.net>, status=bounced\n"
    "Oct 20 16:11:37 mx postfix/smtp[1234]: 6265E1AC124: to=<c@example.net>, status=bounced\n";
  const char *quote =
    "Hello, my mail bounced, here is what the admin sent me:\n"
    "Oct 20 16:11:37 mx postfix/smtp[1234]: 6265E1AC124: to=<a@example.net>, status=bounced\n"
    "What does it mean? I tried again and it failed again.\n"
    "Thanks\n";
  const char *transcript_quote =
    "The remote server said:\n"
    "<<< 550 5.1.1 User unknown\n";

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gsize len = 0;
      g_autofree char *data = bd_test_load_sample (cases[i].file, &len);
      g_test_message ("%s", cases[i].file);
      g_assert_cmpstr (bd_log_detect (data, len), ==, cases[i].format);
    }
  g_assert_null (bd_log_detect (bounce, strlen (bounce)));
  g_assert_null (bd_log_detect (quote, strlen (quote)));
  g_assert_null (bd_log_detect (transcript_quote, strlen (transcript_quote)));
  g_assert_null (bd_log_detect ("", 0));
  g_assert_null (bd_log_detect ("\0\0\0\xff\xfe", 5));
}

/* Multi-line replies and the cascade of 503 after a failure. */
static void
test_transcript_multiline (void)
{
  const char *t =
    "S: 220 mx.example.net ESMTP\n"
    "C: EHLO pc1\n"
    "S: 250 mx.example.net\n"
    "C: MAIL FROM:<a@example.com>\n"
    "S: 250 2.1.0 Ok\n"
    "C: RCPT TO:<Someone@Example.NET>\n"
    "S: 550-5.7.26 This mail is unauthenticated, which poses a security\n"
    "S: 550-5.7.26 risk to the sender and Gmail users.\n"
    "S: 550 5.7.26 Please read the guidelines.\n"
    "C: DATA\n"
    "S: 503 5.5.1 No valid recipients\n"
    "C: QUIT\n"
    "S: 221 2.0.0 Bye\n";
  g_autoptr(BdReport) report = scan_data ("smtp-transcript", t, strlen (t));
  BdFailure *f;

  g_assert_cmpint (report->kind, ==, BD_SOURCE_TRANSCRIPT);
  g_assert_cmpuint (report->failures->len, ==, 1);
  f = g_ptr_array_index (report->failures, 0);
  g_assert_cmpuint (f->reply_code, ==, 550);
  g_assert_cmpstr (f->status, ==, "5.7.26");
  g_assert_cmpint (f->stage, ==, BD_STAGE_RCPT);
  g_assert_cmpstr (f->recipient, ==, "someone@example.net");
  g_assert_nonnull (f->diagnostic);
  g_assert_nonnull (strstr (f->diagnostic, "unauthenticated"));
  g_assert_nonnull (strstr (f->diagnostic, "guidelines"));
  g_assert_null (strstr (f->diagnostic, "550"));
  g_assert_cmpuint (f->evidence->len, >=, 4);
}

static void
test_transcript_connect (void)
{
  const char *swaks =
    "=== Trying mx.example.net:25...\n"
    "*** Error connecting to mx.example.net:25:\n"
    "***         IO::Socket::INET6: connect: Connection refused\n";
  const char *php =
    "2024-01-02 10:00:00\tConnection: opening to ssl://smtp.example.com:465, timeout=300, options=array()\n"
    "2024-01-02 10:00:30\tConnection failed. Error #2: stream_socket_client(): unable to connect [Connection timed out]\n"
    "2024-01-02 10:00:30\tSMTP ERROR: Failed to connect to server: Connection timed out (110)\n"
    "SMTP connect() failed. https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting\n";
  const char *greet =
    "S: 421 4.7.0 mx.example.net Too many connections, try later\n";
  g_autoptr(BdReport) r1 = scan_data ("smtp-transcript", swaks, strlen (swaks));
  g_autoptr(BdReport) r2 = scan_data ("smtp-transcript", php, strlen (php));
  g_autoptr(BdReport) r3 = scan_data ("smtp-transcript", greet, strlen (greet));
  BdFailure *f;

  g_assert_cmpuint (r1->failures->len, ==, 1);
  f = g_ptr_array_index (r1->failures, 0);
  g_assert_cmpint (f->stage, ==, BD_STAGE_CONNECT);
  g_assert_cmpstr (f->remote_host, ==, "mx.example.net");
  g_assert_cmpuint (f->reply_code, ==, 0);

  g_assert_cmpuint (r2->failures->len, ==, 1);
  f = g_ptr_array_index (r2->failures, 0);
  g_assert_cmpint (f->stage, ==, BD_STAGE_CONNECT);
  g_assert_cmpstr (f->remote_host, ==, "smtp.example.com");
  g_assert_nonnull (strstr (f->diagnostic, "timed out"));

  g_assert_cmpuint (r3->failures->len, ==, 1);
  f = g_ptr_array_index (r3->failures, 0);
  g_assert_cmpint (f->stage, ==, BD_STAGE_CONNECT);
  g_assert_cmpuint (f->reply_code, ==, 421);
  g_assert_false (f->permanent);
}

static void
test_postfix_fields (void)
{
  g_autoptr(BdReport) report = scan_sample ("postfix.log");
  BdFailure *f;

  g_assert_cmpstr (report->format, ==, "postfix-log");
  g_assert_cmpuint (report->failures->len, ==, 4);
  f = g_ptr_array_index (report->failures, 0);
  g_assert_cmpstr (f->helo, ==, "pc1");
  g_assert_cmpstr (f->sender, ==, "promo@example.net");
  g_assert_true (f->permanent);
  g_assert_nonnull (strstr (f->diagnostic, "zen.spamhaus.org"));
  g_assert_null (strstr (f->diagnostic, "from=<"));
  f = g_ptr_array_index (report->failures, 1);
  g_assert_cmpstr (f->remote_host, ==, "mx.example.net");
  g_assert_cmpstr (f->remote_ip, ==, "192.0.2.8");
  g_assert_cmpstr (f->sender, ==, "bob@example.com");
  g_assert_true (f->permanent);
  g_assert_cmpstr (f->diagnostic, ==,
                   "<carol@example.net>: Recipient address rejected: User unknown in virtual mailbox table");
  g_assert_cmpuint (f->evidence->len, ==, 2); /* qmgr from= line and the delivery */
  f = g_ptr_array_index (report->failures, 2);
  g_assert_false (f->permanent);
  g_assert_cmpuint (g_array_index (f->evidence, BdEvidence, f->evidence->len - 1).line, ==, 19);
}

static void
count_cb (BdFailure *f,
          gpointer   user_data)
{
  (*(guint *) user_data)++;
  bd_failure_free (f);
}

/* The queue-id table stays bounded; evicted deferrals are still reported. */
static void
test_queue_bound (void)
{
  g_autoptr(BdLogScanner) scanner = bd_log_scanner_new ("postfix-log", NULL);
  guint n = 0;

  _bd_log_scanner_set_max_queue (scanner, 100);
  bd_log_scanner_set_failure_func (scanner, count_cb, &n);
  for (guint i = 0; i < 5000; i++)
    {
      g_autofree char *a = g_strdup_printf ("Oct 20 16:11:35 mx postfix/qmgr[1]: %08X: from=<a@example.com>, size=100, nrcpt=1 (queue active)", i);
      g_autofree char *b = g_strdup_printf ("Oct 20 16:11:36 mx postfix/smtp[2]: %08X: to=<b@example.net>, relay=none, delay=1, dsn=4.4.1, status=deferred (connect to mx.example.net[192.0.2.9]:25: Connection refused)", i);
      bd_log_scanner_feed_line (scanner, a, strlen (a), 2 * i + 1);
      bd_log_scanner_feed_line (scanner, b, strlen (b), 2 * i + 2);
      g_assert_cmpuint (_bd_log_scanner_get_queue_size (scanner), <=, 100);
    }
  bd_log_scanner_finish (scanner);
  g_assert_cmpuint (n, ==, 5000);
  g_assert_cmpuint (_bd_log_scanner_get_queue_size (scanner), ==, 0);
}

/* Junk, NUL bytes, huge lines: no crash, no hang, nothing invented. */
static void
test_hostile (void)
{
  static const char *const formats[] = { "mdaemon-log", "postfix-log", "smtp-transcript", NULL };
  GRand *rand = g_rand_new_with_seed (42);
  gsize big = 300000;
  char *buf = g_malloc (big);
  gint64 t0 = g_get_monotonic_time ();

  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      for (guint round = 0; round < 20; round++)
        {
          g_autoptr(BdReport) report = bd_report_new ();
          g_autoptr(BdLogScanner) scanner = bd_log_scanner_new (formats[f], report);
          gsize n = g_rand_int_range (rand, 1, big);

          for (gsize i = 0; i < n; i++)
            buf[i] = (char) g_rand_int_range (rand, 0, 256);
          feed_all (scanner, buf, n);
          bd_log_detect (buf, n);
        }
    }
  /* a long line of MDaemon-looking fragments and dashes */
  {
    g_autoptr(GString) s = g_string_new ("Mon 2008-10-20 16:11:36: Accepting SMTP connection from [192.0.2.1 : 1] ");
    g_autoptr(BdReport) report = NULL;
    while (s->len < 200000)
      g_string_append (s, "--> 5-- Mon 2008-10-20 -- <-- 550-5.7.1 x Mon 2008-10-20 16:11:36: --> 550- ");
    report = scan_data ("mdaemon-log", s->str, s->len);
    bd_log_detect (s->str, s->len);
  }
  /* a postfix line with a 200 000-char reply */
  {
    g_autoptr(GString) s = g_string_new ("Oct 20 16:11:37 mx postfix/smtp[1]: ABC123: to=<a@example.net>, relay=x[192.0.2.1]:25, dsn=5.0.0, status=bounced (host x[192.0.2.1] said: 550 ");
    g_autoptr(BdReport) report = NULL;
    while (s->len < 200000)
      g_string_append (s, "; from=<x> said: 550 (in reply to ");
    g_string_append (s, ")");
    report = scan_data ("postfix-log", s->str, s->len);
    g_assert_cmpuint (report->failures->len, ==, 1);
  }
  g_free (buf);
  g_rand_free (rand);
  /* generous: catches quadratic behaviour, not slow machines */
  g_assert_cmpint (g_get_monotonic_time () - t0, <, 20 * G_USEC_PER_SEC);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bd/log/expected", test_expected);
  g_test_add_func ("/bd/log/seed", test_seed);
  g_test_add_func ("/bd/log/seed-post", test_seed_post);
  g_test_add_func ("/bd/log/line-ends", test_line_ends);
  g_test_add_func ("/bd/log/detect", test_detect);
  g_test_add_func ("/bd/log/transcript-multiline", test_transcript_multiline);
  g_test_add_func ("/bd/log/transcript-connect", test_transcript_connect);
  g_test_add_func ("/bd/log/postfix-fields", test_postfix_fields);
  g_test_add_func ("/bd/log/queue-bound", test_queue_bound);
  g_test_add_func ("/bd/log/hostile", test_hostile);

  return g_test_run ();
}
