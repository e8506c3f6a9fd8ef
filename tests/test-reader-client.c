/* test-reader-client.c: tests of the mail-program error reader
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "bd-document.h"
#include "bd-readers.h"
#include "bd-smtp.h"
#include "bd-test-utils.h"

static BdReport *
read_text (const char *text,
           gsize       len,
           gboolean   *recognised)
{
  g_autoptr(BdDocument) doc = bd_document_new_from_data (text, len);
  BdReport *report = bd_report_new ();

  *recognised = bd_reader_client (doc, report);
  return report;
}

static BdFailure *
read_one (const char *text,
          const char *mta)
{
  gboolean ok = FALSE;
  g_autoptr(BdReport) report = read_text (text, strlen (text), &ok);

  g_assert_true (ok);
  g_assert_cmpstr (report->format, ==, "client-error");
  g_assert_cmpstr (report->mta, ==, mta);
  g_assert_cmpuint (report->failures->len, ==, 1);
  return g_ptr_array_steal_index (report->failures, 0);
}

static gboolean
is_client_sample (const char *name)
{
  return g_str_has_prefix (name, "outlook") || g_str_has_prefix (name, "thunderbird")
         || g_str_has_prefix (name, "thebat");
}

/* The client-error rows of expected.tsv. */
static void
test_expected (void)
{
  gsize len = 0;
  g_autofree char *tsv = bd_test_load_sample ("expected.tsv", &len);
  g_auto(GStrv) rows = g_strsplit (tsv, "\n", -1);
  guint checked = 0;

  for (guint i = 0; rows[i] != NULL; i++)
    {
      g_auto(GStrv) col = NULL;
      g_autofree char *data = NULL;
      g_autoptr(BdReport) report = NULL;
      gboolean ok = FALSE;
      BdFailure *f;
      gsize dlen = 0;

      if (rows[i][0] == '#' || rows[i][0] == '\0')
        continue;
      col = g_strsplit (rows[i], "\t", -1);
      g_assert_cmpuint (g_strv_length (col), ==, 7);
      if (!is_client_sample (col[0]))
        continue;
      g_test_message ("%s", col[0]);
      data = bd_test_load_sample (col[0], &dlen);
      report = read_text (data, dlen, &ok);
      g_assert_true (ok);
      g_assert_cmpstr (report->format, ==, "client-error");
      g_assert_cmpuint (report->failures->len, ==, 1);
      f = g_ptr_array_index (report->failures, 0);
      bd_test_assert_expected_row (f, col);
      g_assert_cmpint (f->size, ==, -1);
      checked++;
    }
  g_assert_cmpuint (checked, >=, 5);
}

static void
test_outlook (void)
{
  g_autoptr(BdFailure) f = NULL;
  g_autoptr(BdFailure) g = NULL;
  g_autoptr(BdFailure) h = NULL;
  g_autoptr(BdFailure) k = NULL;

  f = read_one ("Sending' reported error (0x800CCC0E) : 'Cannot connect to the server. "
                "Verify the server name and port number.'\n"
                "Server: 'smtp.example.com'\n", "outlook");
  g_assert_cmpint (f->stage, ==, BD_STAGE_CONNECT);
  g_assert_cmpuint (f->reply_code, ==, 0);
  g_assert_cmpstr (f->remote_host, ==, "smtp.example.com");
  g_assert_nonnull (f->diagnostic);
  g_assert_true (g_str_has_prefix (f->diagnostic, "Cannot connect"));

  g = read_one ("Task 'mail.example.com - Sending' reported error (0x800CCC78) : 'Unable to send "
                "the message. Please verify the e-mail address in your account properties.  "
                "The server responded: 553 sorry, that domain isn't in my list of allowed rcpthosts.'\n",
                "outlook");
  g_assert_cmpuint (g->reply_code, ==, 553);
  g_assert_cmpint (g->stage, ==, BD_STAGE_MAIL);
  g_assert_true (g->permanent);
  g_assert_cmpstr (g->remote_host, ==, "mail.example.com");
  g_assert_cmpstr (g->diagnostic, ==, "sorry, that domain isn't in my list of allowed rcpthosts.");

  h = read_one ("Task 'smtp.example.com - Sending' reported error (0x8004210B) : 'The operation "
                "timed out waiting for a response from the sending (SMTP) server.'\n", "outlook");
  g_assert_cmpint (h->stage, ==, BD_STAGE_CONNECT);

  k = read_one ("Ошибка при отправке (0x800CCC79): Сервер отклонил одного или нескольких получателей. "
                "Ответ сервера: 550 5.7.1 <petrov@example.net>... Relaying denied\n", "outlook");
  g_assert_cmpuint (k->reply_code, ==, 550);
  g_assert_cmpstr (k->status, ==, "5.7.1");
  g_assert_cmpint (k->stage, ==, BD_STAGE_RCPT);
  g_assert_cmpstr (k->recipient, ==, "petrov@example.net");
}

static void
test_thunderbird (void)
{
  g_autoptr(BdFailure) f = NULL;
  g_autoptr(BdFailure) g = NULL;

  f = read_one ("Sending of message failed.\n"
                "The message could not be sent because connecting to Outgoing server (SMTP) "
                "smtp.example.com failed. The server may be unavailable or is refusing SMTP "
                "connections.\n", "thunderbird");
  g_assert_cmpint (f->stage, ==, BD_STAGE_CONNECT);
  g_assert_cmpstr (f->remote_host, ==, "smtp.example.com");

  g = read_one ("Отправка сообщения не удалась.\n"
                "При отправке почты произошла ошибка. Почтовый сервер ответил: "
                "552 5.3.4 Message size exceeds fixed limit. Проверьте сообщение и попробуйте снова.\n",
                "thunderbird");
  g_assert_cmpuint (g->reply_code, ==, 552);
  g_assert_cmpstr (g->status, ==, "5.3.4");
}

static void
test_the_bat (void)
{
  g_autoptr(BdFailure) f = NULL;

  f = read_one ("!02.01.2024, 10:00:02: Office - SMTP - Authentication failed\n", "the-bat");
  g_assert_cmpint (f->stage, ==, BD_STAGE_AUTH);
}

static void
test_not_client (void)
{
  static const char *const texts[] = {
    "Hello, how are you?\n",
    "Reporting-MTA: dns; mx.example.com\n\nFinal-Recipient: rfc822; a@example.net\nStatus: 5.1.1\n",
    "Oct 20 16:11:37 mx postfix/smtp[1234]: 6265E1AC124: to=<a@example.net>, status=bounced\n",
    "The price is 0x800 dollars\n",
    "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      gboolean ok = TRUE;
      g_autoptr(BdReport) report = read_text (texts[i], strlen (texts[i]), &ok);
      g_assert_false (ok);
      g_assert_cmpuint (report->failures->len, ==, 0);
    }
}

static void
test_hostile (void)
{
  GRand *rand = g_rand_new_with_seed (7);
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint round = 0; round < 50; round++)
    {
      gboolean ok;
      g_autoptr(BdReport) report = NULL;

      g_string_truncate (s, 0);
      g_string_append (s, "Sending of the message failed. The mail server responded: ");
      for (guint i = 0, n = g_rand_int_range (rand, 0, 100000); i < n; i++)
        g_string_append_c (s, (char) g_rand_int_range (rand, 1, 256));
      report = read_text (s->str, s->len, &ok);
      g_assert_true (ok);
    }
  g_rand_free (rand);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bd/reader-client/expected", test_expected);
  g_test_add_func ("/bd/reader-client/outlook", test_outlook);
  g_test_add_func ("/bd/reader-client/thunderbird", test_thunderbird);
  g_test_add_func ("/bd/reader-client/the-bat", test_the_bat);
  g_test_add_func ("/bd/reader-client/not-client", test_not_client);
  g_test_add_func ("/bd/reader-client/hostile", test_hostile);

  return g_test_run ();
}
