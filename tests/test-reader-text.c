/* test-reader-text.c: the reader of human-readable bounce texts
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bd-diagnose.h"

static BdReport *
diagnose (const char *text)
{
  return bd_diagnose_data (text, strlen (text), NULL);
}

static BdFailure *
only_failure (BdReport *r)
{
  g_assert_cmpuint (r->failures->len, ==, 1);
  return g_ptr_array_index (r->failures, 0);
}

static void
test_postfix (void)
{
  g_autoptr(BdReport) r = diagnose (
    "From: MAILER-DAEMON@mx.example.org\n"
    "To: alice@example.org\n"
    "Subject: Undelivered Mail Returned to Sender\n"
    "\n"
    "I'm sorry to have to inform you that your message could not\n"
    "be delivered to one or more recipients.\n"
    "\n"
    "<bob@example.com>: host mx.example.com[192.0.2.8] said: 550 5.1.1\n"
    "    <bob@example.com>: Recipient address rejected: User unknown (in reply to\n"
    "    RCPT TO command)\n");
  BdFailure *f = only_failure (r);

  g_assert_cmpstr (f->recipient, ==, "bob@example.com");
  g_assert_cmpuint (f->reply_code, ==, 550);
  g_assert_cmpstr (f->status, ==, "5.1.1");
  g_assert_cmpint (f->stage, ==, BD_STAGE_RCPT);
  g_assert_cmpstr (f->remote_host, ==, "mx.example.com");
  g_assert_cmpstr (f->remote_ip, ==, "192.0.2.8");
  /* evidence: the recipient line, line 8 of the input */
  g_assert_cmpuint (g_array_index (f->evidence, BdEvidence, 0).line, ==, 8);
}

static void
test_exim (void)
{
  g_autoptr(BdReport) r = diagnose (
    "From: Mail Delivery System <Mailer-Daemon@mx.example.org>\n"
    "To: alice@example.org\n"
    "X-Failed-Recipients: carol@example.net\n"
    "Subject: Mail delivery failed: returning message to sender\n"
    "\n"
    "This message was created automatically by mail delivery software.\n"
    "\n"
    "A message that you sent could not be delivered to one or more of its\n"
    "recipients. This is a permanent error. The following address(es) failed:\n"
    "\n"
    "  carol@example.net\n"
    "    host mx.example.net [198.51.100.2]\n"
    "    SMTP error from remote mail server after RCPT TO:<carol@example.net>:\n"
    "    550-5.7.26 This mail is unauthenticated, which poses a security risk\n"
    "    550 5.7.26 to the sender.\n");
  BdFailure *f = only_failure (r);

  g_assert_cmpstr (f->recipient, ==, "carol@example.net");
  g_assert_cmpuint (f->reply_code, ==, 550);
  g_assert_cmpstr (f->status, ==, "5.7.26");
  g_assert_cmpint (f->stage, ==, BD_STAGE_RCPT);
  g_assert_cmpstr (f->remote_ip, ==, "198.51.100.2");
}

static void
test_qmail (void)
{
  g_autoptr(BdReport) r = diagnose (
    "From: MAILER-DAEMON@qmail.example.org\n"
    "To: alice@example.org\n"
    "Subject: failure notice\n"
    "\n"
    "Hi. This is the qmail-send program at qmail.example.org.\n"
    "I'm afraid I wasn't able to deliver your message to the following addresses.\n"
    "This is a permanent error; I've given up. Sorry it didn't work out.\n"
    "\n"
    "<dave@example.com>:\n"
    "192.0.2.9 does not like recipient.\n"
    "Remote host said: 550 5.1.1 No such user\n"
    "Giving up on 192.0.2.9.\n"
    "\n"
    "--- Below this line is a copy of the message.\n"
    "\n"
    "Return-Path: <alice@example.org>\n"
    "To: dave@example.com\n");
  BdFailure *f = only_failure (r);

  g_assert_cmpstr (f->recipient, ==, "dave@example.com");
  g_assert_cmpuint (f->reply_code, ==, 550);
  g_assert_cmpstr (f->status, ==, "5.1.1");
  /* not from the copy in the body: the bounce goes back to the sender, its To: */
  g_assert_cmpstr (f->sender, ==, "alice@example.org");
}

static void
test_exchange_ru (void)
{
  g_autoptr(BdReport) r = diagnose (
    "From: postmaster@mydomain.ru\n"
    "To: ivanov@mydomain.ru\n"
    "Subject: =?utf-8?B?0J3QtdC00L7RgdGC0LDQstC70Y/QtdC80L7QtTog0YLQtdGB0YI=?=\n"
    "Content-Type: text/plain; charset=utf-8\n"
    "\n"
    "Не удалось выполнить доставку следующим получателям или группам:\n"
    "\n"
    "mail@mail.ru\n"
    "Сервер получателя не принял сообщение.\n"
    "\n"
    "Диагностические сведения для администраторов:\n"
    "\n"
    "Формирующий сервер: local-domain-name\n"
    "\n"
    "mail@mail.ru\n"
    "www.mydomain.ru #554 5.7.1 : Sender address rejected: Access denied ##\n");
  BdFailure *f = only_failure (r);

  g_assert_cmpstr (f->recipient, ==, "mail@mail.ru");
  g_assert_cmpuint (f->reply_code, ==, 554);
  g_assert_cmpstr (f->status, ==, "5.7.1");
  g_assert_cmpstr (f->remote_host, ==, "www.mydomain.ru");
  g_assert_nonnull (strstr (f->diagnostic, "Sender address rejected: Access denied"));
  g_assert_true (f->permanent);
}

static void
test_no_status_invented (void)
{
  g_autoptr(BdReport) r = diagnose (
    "From: MAILER-DAEMON@mx.example.org\n"
    "To: alice@example.org\n"
    "Subject: Returned mail\n"
    "\n"
    "<erin@example.com>: host mx.example.com[192.0.2.8] said: 554 Message refused\n");
  BdFailure *f = only_failure (r);

  g_assert_cmpuint (f->reply_code, ==, 554);
  g_assert_null (f->status);
}

static void
test_junk (void)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < 20000; i++)
    g_string_append (s, "<a@b.example>: 550 \xff\xfe x@y.z\n   ");
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (s, i % 7 ? 'q' : '@');
  {
    g_autoptr(BdReport) r = bd_diagnose_data (s->str, s->len, NULL);
    g_assert_nonnull (r);
  }
  {
    g_autoptr(BdReport) r = diagnose ("just some text, nothing to see");
    g_assert_cmpuint (r->failures->len, ==, 0);
  }
}

static void
test_sendmail_v5 (void)
{
  g_autoptr(BdReport) r = diagnose (
    "From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.org>\n"
    "To: alice@example.org\n"
    "Subject: Returned mail: User unknown\n"
    "\n"
    "   ----- Transcript of session follows -----\n"
    "While talking to mx.example.edu:\n"
    ">>> MAIL From:<alice@example.org>\n"
    "<<< 550 Insecure Mail Relay\n"
    "554 <bob@example.edu>... Remote protocol error\n"
    "554 <carol@example.com>... 550 Host unknown (Authoritative answer)\n"
    "\n"
    "   ----- Unsent message follows -----\n"
    "To: bob@example.edu\n");
  BdFailure *f;

  g_assert_cmpuint (r->failures->len, ==, 2);
  f = bd_report_find_failure (r, "bob@example.edu");
  g_assert_nonnull (f);
  g_assert_cmpuint (f->reply_code, ==, 550);
  f = bd_report_find_failure (r, "carol@example.com");
  g_assert_nonnull (f);
  g_assert_cmpuint (f->reply_code, ==, 550);
}

static void
test_recipient_forms (void)
{
  g_autoptr(BdReport) brackets = diagnose (
    "From: MAILER-DAEMON@mx.example.org\n"
    "Subject: Returned Mail: User unknown\n"
    "\n"
    "The original message was received at Thu, 29 Apr 2010 23:34:45 +0900\n"
    "from alice@example.org\n"
    "---The following addresses had delivery errors---\n"
    "\n"
    "bob@example.com [User unknown]\n");
  g_autoptr(BdReport) display = diagnose (
    "From: Mail Delivery System <mailer-daemon@mx.example.org>\n"
    "Subject: Mail failure - malformed recipient address\n"
    "\n"
    "  bob@example.com <carol@example.net>: malformed address: <carol@example.net> may not follow bob@example.com\n");
  g_autoptr(BdReport) angle = diagnose (
    "From: MAILER-DAEMON@mx.example.org\n"
    "Subject: Returned mail: Nyaan\n"
    "\n"
    "User's mailbox is full: <bob@example.com>\n"
    "Unable to deliver mail.\n");
  g_autoptr(BdReport) rcpt = diagnose (
    "From: postmaster@mx.example.org\n"
    "Subject: Re: hello\n"
    "\n"
    "Error: Invalid user address\n"
    "Error message below:\n"
    "550 - Requested action not taken: no such user here\n"
    "Message details:\n"
    "  MAIL FROM: alice@example.org\n"
    "  RCPT TO: bob@example.com\n");

  g_assert_cmpuint (brackets->failures->len, ==, 1);
  g_assert_cmpstr (((BdFailure *) g_ptr_array_index (brackets->failures, 0))->recipient, ==, "bob@example.com");
  g_assert_cmpuint (display->failures->len, ==, 1);
  g_assert_cmpstr (((BdFailure *) g_ptr_array_index (display->failures, 0))->recipient, ==, "carol@example.net");
  g_assert_cmpuint (angle->failures->len, ==, 1);
  g_assert_cmpstr (((BdFailure *) g_ptr_array_index (angle->failures, 0))->recipient, ==, "bob@example.com");
  g_assert_cmpuint (rcpt->failures->len, ==, 1);
  g_assert_cmpstr (((BdFailure *) g_ptr_array_index (rcpt->failures, 0))->recipient, ==, "bob@example.com");
  g_assert_cmpuint (((BdFailure *) g_ptr_array_index (rcpt->failures, 0))->reply_code, ==, 550);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bd/reader-text/postfix", test_postfix);
  g_test_add_func ("/bd/reader-text/sendmail-v5", test_sendmail_v5);
  g_test_add_func ("/bd/reader-text/recipient-forms", test_recipient_forms);
  g_test_add_func ("/bd/reader-text/exim", test_exim);
  g_test_add_func ("/bd/reader-text/qmail", test_qmail);
  g_test_add_func ("/bd/reader-text/exchange-ru", test_exchange_ru);
  g_test_add_func ("/bd/reader-text/no-status-invented", test_no_status_invented);
  g_test_add_func ("/bd/reader-text/junk", test_junk);

  return g_test_run ();
}
