/* test-reader-dsn.c: the RFC 3464 / ARF / RFC 3834 reader
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

#define DSN_HEAD \
  "From: MAILER-DAEMON@mx.example.org\n" \
  "To: alice@example.org\n" \
  "Subject: Undelivered Mail Returned to Sender\n" \
  "MIME-Version: 1.0\n" \
  "Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\n" \
  "\n" \
  "--B\n" \
  "Content-Type: text/plain\n" \
  "\n" \
  "The mail system could not deliver your message.\n" \
  "\n" \
  "--B\n" \
  "Content-Type: message/delivery-status\n" \
  "\n" \
  "Reporting-MTA: dns; mx.example.org\n" \
  "X-Postfix-Sender: rfc822; alice@example.org\n" \
  "\n"

static void
test_multi_recipient (void)
{
  g_autoptr(BdReport) r = diagnose (DSN_HEAD
    "Final-Recipient: rfc822; <Bob@Example.COM>\n"
    "Original-Recipient: rfc822; bob-alias@example.com\n"
    "Action: failed\n"
    "Status: 5.1.1\n"
    "Remote-MTA: dns; mx.example.com\n"
    "Diagnostic-Code: smtp; 550 5.1.1 <bob@example.com>: Recipient address\n"
    "    rejected: User unknown in local recipient table\n"
    "\n"
    "Final-Recipient: rfc822; carol@example.net\n"
    "Action: delayed\n"
    "Status: 4.0.0\n"
    "Diagnostic-Code: smtp; 452 4.2.2 Mailbox full\n"
    "\n"
    "--B--\n");
  BdFailure *f;

  g_assert_cmpuint (r->failures->len, ==, 2);
  f = g_ptr_array_index (r->failures, 0);
  g_assert_cmpstr (f->recipient, ==, "bob@example.com");
  g_assert_cmpstr (f->sender, ==, "alice@example.org");
  g_assert_cmpuint (f->reply_code, ==, 550);
  g_assert_cmpstr (f->status, ==, "5.1.1");
  g_assert_cmpstr (f->remote_host, ==, "mx.example.com");
  g_assert_true (f->permanent);
  /* folded and unfolded, without "smtp;" */
  g_assert_cmpstr (f->diagnostic, ==,
                   "550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown in local recipient table");
  g_assert_cmpuint (f->evidence->len, >=, 2);

  f = g_ptr_array_index (r->failures, 1);
  g_assert_cmpstr (f->recipient, ==, "carol@example.net");
  g_assert_cmpuint (f->reply_code, ==, 452);
  /* the specific code of the diagnostic wins over a generic Status */
  g_assert_cmpstr (f->status, ==, "4.2.2");
  g_assert_false (f->permanent);
}

static void
test_multiline_reply (void)
{
  g_autoptr(BdReport) r = diagnose (DSN_HEAD
    "Final-Recipient: rfc822; dave@gmail.example\n"
    "Action: failed\n"
    "Status: 5.0.0\n"
    "Diagnostic-Code: smtp; 550-5.7.26 This mail is unauthenticated, which poses a\n"
    " 550-5.7.26 security risk to the sender and Gmail users.\n"
    " 550 5.7.26 Learn more at the help centre.\n"
    "\n"
    "--B--\n");
  BdFailure *f;

  g_assert_cmpuint (r->failures->len, ==, 1);
  f = g_ptr_array_index (r->failures, 0);
  g_assert_cmpuint (f->reply_code, ==, 550);
  g_assert_cmpstr (f->status, ==, "5.7.26");
  g_assert_nonnull (strstr (f->diagnostic, "security risk to the sender"));
}

static void
test_no_blank_between_records (void)
{
  g_autoptr(BdReport) r = diagnose (DSN_HEAD
    "Original-Recipient: rfc822;a@example.com\n"
    "Final-Recipient: rfc822;a@example.com\n"
    "Action: failed\n"
    "Status: 5.2.2\n"
    "Original-Recipient: rfc822;b@example.com\n"
    "Final-Recipient: rfc822;b@example.com\n"
    "Action: failed\n"
    "Status: 5.1.1\n"
    "--B--\n");

  g_assert_cmpuint (r->failures->len, ==, 2);
  g_assert_cmpstr (((BdFailure *) g_ptr_array_index (r->failures, 0))->status, ==, "5.2.2");
  g_assert_cmpstr (((BdFailure *) g_ptr_array_index (r->failures, 1))->recipient, ==, "b@example.com");
  /* no reply code stated: none invented */
  g_assert_cmpuint (((BdFailure *) g_ptr_array_index (r->failures, 1))->reply_code, ==, 0);
}

static void
test_delivered (void)
{
  g_autoptr(BdReport) r = diagnose (DSN_HEAD
    "Final-Recipient: rfc822; bob@example.com\n"
    "Action: delivered\n"
    "Status: 2.0.0\n"
    "\n"
    "--B--\n");

  g_assert_cmpuint (r->failures->len, ==, 0);
  g_assert_cmpstr (r->not_failure, ==, "delivered");
}

static void
test_feedback (void)
{
  g_autoptr(BdReport) r = diagnose (
    "From: fbl@isp.example\n"
    "To: abuse@example.org\n"
    "Subject: complaint\n"
    "Content-Type: multipart/report; report-type=feedback-report; boundary=\"F\"\n"
    "\n"
    "--F\n"
    "Content-Type: text/plain\n"
    "\n"
    "This is an abuse report.\n"
    "--F\n"
    "Content-Type: message/feedback-report\n"
    "\n"
    "Feedback-Type: abuse\n"
    "User-Agent: SomeFBL/1.0\n"
    "Version: 1\n"
    "--F--\n");

  g_assert_cmpuint (r->failures->len, ==, 0);
  g_assert_cmpstr (r->not_failure, ==, "feedback");
}

static void
test_auto_reply (void)
{
  g_autoptr(BdReport) r = diagnose (
    "From: bob@example.com\n"
    "To: alice@example.org\n"
    "Auto-Submitted: auto-replied\n"
    "Subject: Out of office until Monday\n"
    "\n"
    "I am away and will read your mail when I am back.\n");

  g_assert_cmpuint (r->failures->len, ==, 0);
  g_assert_cmpstr (r->not_failure, ==, "auto-reply");
}

static void
test_empty_and_junk (void)
{
  static const char junk[] = "\x00\xff\xfe@@@<<>>:\n\n\x1b$B\n550-\n5.\nFinal-Recipient:\nStatus: 9.9.9\n@";
  g_autoptr(BdReport) empty = bd_diagnose_data ("", 0, NULL);
  g_autoptr(BdReport) r = bd_diagnose_data (junk, sizeof junk - 1, NULL);
  g_autoptr(GString) big = g_string_new ("From: a@b.example\nTo: c@d.example\n"
                                         "Content-Type: message/delivery-status\n\n");

  g_assert_cmpuint (empty->failures->len, ==, 0);
  g_assert_nonnull (r);

  /* a long line without line ends, many recipients */
  for (guint i = 0; i < 3000; i++)
    g_string_append_printf (big, "Final-Recipient: rfc822; u%u@example.com\nAction: failed\n\n", i);
  g_string_append_len (big, "x@", 2);
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (big, 'a');
  {
    g_autoptr(BdReport) r2 = bd_diagnose_data (big->str, big->len, NULL);
    g_assert_cmpuint (r2->failures->len, >=, 1);
  }
}

#define SES_HEAD \
  "From: no-reply@sns.amazonaws.com\n" \
  "To: alice@example.org\n" \
  "Subject: AWS Notification Message\n" \
  "Content-Type: text/plain; charset=UTF-8\n" \
  "\n"

static void
test_ses_json (void)
{
  g_autoptr(BdReport) r = diagnose (SES_HEAD
    "{\"notificationType\":\"Bounce\",\"bounce\":{\"bounceType\":\"Permanent\","
    "\"bouncedRecipients\":[{\"emailAddress\":\"bob@example.com\",\"action\":\"failed\","
    "\"status\":\"5.1.1\",\"diagnosticCode\":\"smtp; 550 5.1.1 user unknown\"}]},\"mail\":{\"source\":\"alice@example.org\",\"headers\":[{\"name\":\"!\n"
    " Subject\",\"value\":\"x\"}]}}\n"
    "\n"
    "--\n"
    "If you wish to stop receiving notifications, click the link.\n");
  BdFailure *f;

  g_assert_cmpuint (r->failures->len, ==, 1);
  f = g_ptr_array_index (r->failures, 0);
  g_assert_cmpstr (f->recipient, ==, "bob@example.com");
  g_assert_cmpuint (f->reply_code, ==, 550);
  g_assert_cmpstr (f->status, ==, "5.1.1");
  g_assert_cmpstr (f->sender, ==, "alice@example.org");
}

static void
test_ses_json_not_failure (void)
{
  g_autoptr(BdReport) c = diagnose (SES_HEAD
    "{\"notificationType\":\"Complaint\",\"complaint\":{\"complainedRecipients\":"
    "[{\"emailAddress\":\"bob@example.com\"}]}}\n");
  g_autoptr(BdReport) d = diagnose (SES_HEAD
    "{\"notificationType\":\"Delivery\",\"delivery\":{\"recipients\":[\"bob@example.com\"],"
    "\"smtpResponse\":\"250 2.6.0 Message received\"}}\n");
  g_autoptr(BdReport) broken = diagnose (SES_HEAD "{\"notificationType\":\"Bounce\",\"bounce\":{\"bounced\n");

  g_assert_cmpuint (c->failures->len, ==, 0);
  g_assert_cmpstr (c->not_failure, ==, "feedback");
  g_assert_cmpuint (d->failures->len, ==, 0);
  g_assert_cmpstr (d->not_failure, ==, "delivered");
  g_assert_null (broken->not_failure);
}

static void
test_nested_reply (void)
{
  g_autoptr(BdReport) r = diagnose (DSN_HEAD
    "Final-Recipient: rfc822; bob@example.com\n"
    "Action: failed\n"
    "Status: 4.4.7\n"
    "Diagnostic-Code: smtp; 554 4.4.7 Message expired: unable to deliver in 840\n"
    " minutes.<421 4.4.2 Connection timed out>\n"
    "\n"
    "--B--\n");
  BdFailure *f;

  g_assert_cmpuint (r->failures->len, ==, 1);
  f = g_ptr_array_index (r->failures, 0);
  g_assert_cmpuint (f->reply_code, ==, 421);
  g_assert_cmpstr (f->status, ==, "4.4.2");
}

static void
test_quoted_local_part (void)
{
  g_autoptr(BdReport) r = diagnose (DSN_HEAD
    "Final-Recipient: rfc822; \"bob..smith\"@example.com\n"
    "Action: failed\n"
    "Status: 5.1.1\n"
    "\n"
    "--B--\n");

  g_assert_cmpuint (r->failures->len, ==, 1);
  g_assert_cmpstr (((BdFailure *) g_ptr_array_index (r->failures, 0))->recipient, ==,
                   "\"bob..smith\"@example.com");
}

static void
test_fields_without_mime (void)
{
  /* a report whose parts have no headers: the fields are in the text */
  g_autoptr(BdReport) r = diagnose (
    "From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.org>\n"
    "To: alice@example.org\n"
    "Subject: Returned mail: see transcript for details\n"
    "\n"
    "   ----- The following addresses had permanent fatal errors -----\n"
    "<bob@example.com>\n"
    "    (reason: 550 Unauthenticated senders not allowed)\n"
    "\n"
    "--X\n"
    "Reporting-MTA: dns; mx.example.org\n"
    "\n"
    "Final-Recipient: RFC822; bob@example.com\n"
    "Action: failed\n"
    "Status: 5.0.0\n"
    "Diagnostic-Code: SMTP; 550 Unauthenticated senders not allowed\n"
    "\n"
    "--X--\n");
  BdFailure *f;

  g_assert_cmpstr (r->format, ==, "dsn");
  g_assert_cmpuint (r->failures->len, ==, 1);
  f = g_ptr_array_index (r->failures, 0);
  g_assert_cmpstr (f->recipient, ==, "bob@example.com");
  g_assert_cmpuint (f->reply_code, ==, 550);
  g_assert_cmpstr (f->status, ==, "5.0.0");
}

static void
test_jmrp_complaint (void)
{
  g_autoptr(BdReport) r = diagnose (
    "From: staff@hotmail.example\n"
    "To: abuse@example.org\n"
    "Subject: complaint about message from 192.0.2.1\n"
    "MIME-Version: 1.0\n"
    "Content-Type: multipart/mixed; boundary=\"B\"\n"
    "\n"
    "--B\n"
    "Content-Type: message/rfc822\n"
    "\n"
    "X-HmXmrOriginalRecipient: bob@example.com\n"
    "From: alice@example.org\n"
    "To: bob@example.com\n"
    "Subject: hello\n"
    "\n"
    "hello\n"
    "--B--\n");

  g_assert_cmpuint (r->failures->len, ==, 0);
  g_assert_cmpstr (r->not_failure, ==, "feedback");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bd/reader-dsn/multi-recipient", test_multi_recipient);
  g_test_add_func ("/bd/reader-dsn/ses-json", test_ses_json);
  g_test_add_func ("/bd/reader-dsn/ses-json-not-failure", test_ses_json_not_failure);
  g_test_add_func ("/bd/reader-dsn/nested-reply", test_nested_reply);
  g_test_add_func ("/bd/reader-dsn/quoted-local-part", test_quoted_local_part);
  g_test_add_func ("/bd/reader-dsn/fields-without-mime", test_fields_without_mime);
  g_test_add_func ("/bd/reader-dsn/jmrp-complaint", test_jmrp_complaint);
  g_test_add_func ("/bd/reader-dsn/multi-line-reply", test_multiline_reply);
  g_test_add_func ("/bd/reader-dsn/no-blank-between-records", test_no_blank_between_records);
  g_test_add_func ("/bd/reader-dsn/delivered", test_delivered);
  g_test_add_func ("/bd/reader-dsn/feedback", test_feedback);
  g_test_add_func ("/bd/reader-dsn/auto-reply", test_auto_reply);
  g_test_add_func ("/bd/reader-dsn/empty-and-junk", test_empty_and_junk);

  return g_test_run ();
}
