/* test-smtp.c: tests of reply, status and stage scanning
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bd-smtp.h"

typedef struct
{
  const char *input;
  guint       code;     /* 0: no reply code expected */
  const char *status;   /* "": no status expected; NULL: no reply at all */
  const char *text;     /* expected start of reply->text, NULL: don't check */
} ReplyCase;

static const ReplyCase reply_cases[] = {
  /* plain and multi-line replies */
  { "550 5.1.1 <a@b.example>: Recipient address rejected", 550, "5.1.1", "<a@b.example>" },
  { "550-5.7.26 This mail is unauthenticated", 550, "5.7.26", "This mail" },
  { "550-5.7.26 a\r\n550-5.7.26 b\r\n550 5.7.26 c", 550, "5.7.26", "a" },
  { "#554 5.7.1 Message rejected", 554, "5.7.1", "Message rejected" },
  { "554 Message does not conform to standards", 554, "", "Message does not" },
  { "host mx.example[192.0.2.1] said: 550 5.1.1 unknown user", 550, "5.1.1", "unknown user" },
  { "SMTP error from remote mail server after RCPT TO:<x@y.example>: 550 No such user", 550, "", "No such user" },
  { "Remote Server returned '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found'", 550, "5.1.1", "RESOLVER" },
  { "Delivery failed (reason: 550 5.1.1 user unknown)", 550, "5.1.1", "user unknown" },
  { "Diagnostic-Code: smtp; 550 5.1.1 <u@example.org>... User unknown", 550, "5.1.1", "<u@example.org>" },
  { "Diagnostic-Code: smtp;550 5.2.2 mailbox full", 550, "5.2.2", "mailbox full" },
  { "5.1.1 user unknown", 0, "5.1.1", "user unknown" },
  { "Status: 5.2.2", 0, "5.2.2", "" },
  { "421 4.7.0 Try again later", 421, "4.7.0", "Try again later" },
  { "452 4.2.2 Mailbox full", 452, "4.2.2", "Mailbox full" },
  { "250 2.0.0 Ok: queued as ABC", 250, "2.0.0", "Ok" },
  { "550 5.7.606 Access denied, banned sending IP", 550, "5.7.606", "Access denied" },
  { "550 5.4.316 Message expired", 550, "5.4.316", "Message expired" },
  { "550 5.1.351 Remote server returned", 550, "5.1.351", "Remote server" },
  { "550 4.2.2 mailbox full (class disagrees)", 550, "4.2.2", "mailbox full" },
  { "550", 550, "", "" },
  { "550-Mailbox unavailable", 550, "", "Mailbox unavailable" },
  { "  554\t5.7.1 spam", 554, "5.7.1", "spam" },
  { "550 #5.1.0 Address rejected", 550, "5.1.0", "Address rejected" },
  { "Error: 552 Message size exceeds fixed limit", 552, "", "Message size" },
  { "<<< 550 5.1.1 <bob@example.net>... User unknown", 550, "5.1.1", "<bob@example.net>" },
  { "Received: from x by y; Tue, 2 Mar 2010 19:06:50 +0100\n550 5.1.1 nope", 550, "5.1.1", "nope" },
  { "connect to mx.example[192.0.2.1]:25: Connection refused; 451 later", 451, "", "later" },
  { "Отправка не удалась: 550 5.1.1 пользователь не найден", 550, "5.1.1", NULL },
  /* status wins over a reply code in running text */
  { "we sent 250 messages, 5.7.1 then happened", 0, "5.7.1", "then happened" },
  /* quoted, colon- and comma-terminated codes */
  { "5.1.0 - Unknown address error 550-'5.2.2 <a@example.jp>... Mailbox Full'", 550, "5.2.2", "<a@example.jp>" },
  { "5.3.0 - Other mail system problem 550-'Unknown user a@example.jp'", 550, "", "Unknown user" },
  { "550: <a@example.jp>: User unknown", 550, "", "<a@example.jp>" },
  { "550: 5.2.2 <a@example.jp>... Mailbox Full", 550, "5.2.2", "<a@example.jp>" },
  { "a@example.jp Invalid Address, ERROR_CODE :550, ERROR_CODE :5.1.1 <a@example.jp>", 550, "", "ERROR_CODE" },
  /* tricky non-matches */
  { "exit code :550, done", 0, NULL, NULL },
  { "list 550, done", 0, NULL, NULL },
  { "connect to mx.example port 25 timed out", 0, NULL, NULL },
  { "connect to mx.example port 250 timed out", 0, NULL, NULL },
  { "from [192.0.2.1] helo", 0, NULL, NULL },
  { "host [198.51.100.250] refused", 0, NULL, NULL },
  { "Date: Tue, 2 Mar 2010 19:06:50 +0100", 0, NULL, NULL },
  { "Date: 2010-05-25 12:34:56", 0, NULL, NULL },
  { "queue id 550123 deferred", 0, NULL, NULL },
  { "queue id 550 deferred", 0, NULL, NULL },
  { "server 5.1.1.1 did not answer", 0, NULL, NULL },
  { "agent version 1.5.1.2 started", 0, NULL, NULL },
  { "X-Mailer: v5.1.1", 0, NULL, NULL },
  { "size=5520000 nrcpt=1", 0, NULL, NULL },
  { "message of 552bytes", 0, NULL, NULL },
  { "code 360 and 199 and 560", 0, NULL, NULL },
  { "6.1.1 and 3.1.1 and 5.1 and 5.", 0, NULL, NULL },
  { "5.1234.1 and 5.1.1234", 0, NULL, NULL },
  { "550123", 0, NULL, NULL },
  { "55", 0, NULL, NULL },
  { "", 0, NULL, NULL },
  { "1550 x", 0, NULL, NULL },
  { "x550 y", 0, NULL, NULL },
  { "at 12:550 x", 0, NULL, NULL },
};

static void
test_find_reply (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (reply_cases); i++)
    {
      const ReplyCase *c = &reply_cases[i];
      BdSmtpReply reply;
      gboolean found;

      g_test_message ("case %" G_GSIZE_FORMAT ": %s", i, c->input);
      found = bd_smtp_find_reply (c->input, -1, &reply);
      if (c->status == NULL)
        {
          g_assert_false (found);
          g_assert_cmpuint (reply.code, ==, 0);
          continue;
        }
      g_assert_true (found);
      g_assert_cmpuint (reply.code, ==, c->code);
      g_assert_cmpstr (reply.status, ==, c->status);
      g_assert_nonnull (reply.start);
      g_assert_true (reply.start >= c->input);
      g_assert_true (reply.text >= reply.start);
      g_assert_true (reply.text <= c->input + strlen (c->input));
      if (c->text != NULL)
        g_assert_true (g_str_has_prefix (reply.text, c->text));
    }
}

static void
test_find_reply_length (void)
{
  /* An explicit length: the code after the end and NUL bytes inside. */
  const char buf[] = "abc\0def 550 5.1.1 x";
  BdSmtpReply reply;

  g_assert_false (bd_smtp_find_reply ("550 5.1.1 x", 2, &reply));
  g_assert_true (bd_smtp_find_reply ("550 5.1.1 x", 3, &reply));
  g_assert_cmpuint (reply.code, ==, 550);
  g_assert_cmpstr (reply.status, ==, "");
  g_assert_true (bd_smtp_find_reply ("550 5.1.1 x", 9, &reply));
  g_assert_cmpstr (reply.status, ==, "5.1.1");
  g_assert_true (bd_smtp_find_reply ("550 5.1.1 x", 8, &reply));
  g_assert_cmpstr (reply.status, ==, "");   /* "5.1." is no status */
  g_assert_true (bd_smtp_find_reply (buf, sizeof buf - 1, &reply));
  g_assert_cmpuint (reply.code, ==, 550);
  g_assert_cmpstr (reply.status, ==, "5.1.1");
  g_assert_false (bd_smtp_find_reply (NULL, 0, &reply));
  g_assert_true (bd_smtp_find_reply ("550 x", -1, NULL));
}

typedef struct
{
  const char *input;
  const char *status;  /* NULL: none */
} StatusCase;

static const StatusCase status_cases[] = {
  { "Status: 5.1.1", "5.1.1" },
  { "550 5.7.26 x", "5.7.26" },
  { "4.4.7 delivery expired", "4.4.7" },
  { "2.0.0 ok", "2.0.0" },
  { "code 5.7.606.", "5.7.606" },
  { "(5.1.10)", "5.1.10" },
  { "host 5.1.1.1", NULL },
  { "version 1.5.1.2", NULL },
  { "3.1.1", NULL },
  { "5.1.1000", NULL },
  { "55.1.1", NULL },
  { "5.1", NULL },
  { "", NULL },
};

static void
test_find_status (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (status_cases); i++)
    {
      char status[16];
      gboolean found = bd_smtp_find_status (status_cases[i].input, -1, status);

      g_test_message ("status case: %s", status_cases[i].input);
      g_assert_cmpint (found, ==, status_cases[i].status != NULL);
      g_assert_cmpstr (status, ==, status_cases[i].status ? status_cases[i].status : "");
    }
}

static void
test_status_is_valid (void)
{
  const char *valid[] = { "5.1.1", "4.7.0", "2.0.0", "5.7.606", "5.999.999", "5.1.10" };
  const char *invalid[] = { "", "5", "5.1", "5.1.", "5.1.1.", "5.1.1.1", "6.1.1", "1.5.1",
                            "5.1.1000", "5.1.1 ", " 5.1.1", "5.a.1", "5..1" };

  for (gsize i = 0; i < G_N_ELEMENTS (valid); i++)
    g_assert_true (bd_smtp_status_is_valid (valid[i]));
  for (gsize i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_test_message ("invalid: '%s'", invalid[i]);
      g_assert_false (bd_smtp_status_is_valid (invalid[i]));
    }
  g_assert_false (bd_smtp_status_is_valid (NULL));
}

typedef struct
{
  const char *input;
  BdStage     stage;
} StageCase;

static const StageCase stage_text_cases[] = {
  /* Postfix */
  { "host mx[192.0.2.1] said: 550 5.1.1 unknown (in reply to RCPT TO command)", BD_STAGE_RCPT },
  { "said: 554 5.7.1 spam (in reply to end of DATA command)", BD_STAGE_DATA },
  { "said: 553 sender refused (in reply to MAIL FROM command)", BD_STAGE_MAIL },
  { "said: 504 bad name (in reply to HELO/EHLO command)", BD_STAGE_HELO },
  { "lost connection with mx[192.0.2.1] while receiving the initial server greeting", BD_STAGE_CONNECT },
  { "conversation with mx timed out while sending end of data -- message may be sent more than once", BD_STAGE_DATA },
  { "connect to mx.example[192.0.2.1]:25: Connection timed out", BD_STAGE_CONNECT },
  /* Exim */
  { "SMTP error from remote mail server after RCPT TO:<x@y.example>: 550 no", BD_STAGE_RCPT },
  { "SMTP error from remote mail server after MAIL FROM:<s@x> SIZE=1234: 553", BD_STAGE_MAIL },
  { "SMTP error from remote mail server after end of data: 550 spam", BD_STAGE_DATA },
  { "SMTP error from remote mail server after initial connection: 554 go away", BD_STAGE_CONNECT },
  { "SMTP error from remote mail server after pipelined RCPT TO:<a@b>: 550", BD_STAGE_RCPT },
  { "SMTP error from remote mail server after pipelined MAIL FROM:<a@b>: 550", BD_STAGE_MAIL },
  { "SMTP error from remote mail server after EHLO host.example: 550 bad helo", BD_STAGE_HELO },
  { "SMTP error from remote mail server after AUTH PLAIN: 535 Incorrect", BD_STAGE_AUTH },
  /* Sendmail */
  { "... while talking to mx.example.:\n>>> MAIL From:<s@x>\n<<< 250 ok\n>>> RCPT To:<u@y>\n<<< 550 5.1.1 unknown", BD_STAGE_RCPT },
  { "... while talking to mx.example.:\n>>> DATA\n<<< 554 5.7.1 rejected", BD_STAGE_DATA },
  { ">>> MAIL From:<s@x>\n<<< 553 5.1.8 domain does not exist\n>>> RCPT To:<u@y>", BD_STAGE_MAIL },
  /* qmail */
  { "Connected to 192.0.2.1 but sender was rejected.\nRemote host said: 553 no", BD_STAGE_MAIL },
  { "Connected to 192.0.2.1 but greeting failed.", BD_STAGE_CONNECT },
  { "Connected to 192.0.2.1 but my name was rejected.", BD_STAGE_HELO },
  { "Giving up on 192.0.2.1.", BD_STAGE_UNKNOWN },  /* follows any permanent failure */
  { "192.0.2.1 does not like recipient.", BD_STAGE_RCPT },
  { "Remote host said: 550 no mailbox here by that name. (#5.1.1)", BD_STAGE_UNKNOWN },
  /* generic */
  { "The server rejected RCPT TO:<x>", BD_STAGE_RCPT },
  { "rejected at MAIL FROM: sender blocked", BD_STAGE_MAIL },
  { "response to DATA was 554", BD_STAGE_DATA },
  { "Must issue a STARTTLS command first", BD_STAGE_STARTTLS },
  { "SMTP AUTH failed: 535", BD_STAGE_AUTH },
  { "Bad HELO name", BD_STAGE_HELO },
  { "Connection refused", BD_STAGE_CONNECT },
  { "Не удалось подключиться к серверу", BD_STAGE_CONNECT },
  { "Ошибка в ответ на команду RCPT TO", BD_STAGE_RCPT },
  /* not sure */
  { "550 5.1.1 user unknown", BD_STAGE_UNKNOWN },
  { "I received mail from my friend after lunch", BD_STAGE_UNKNOWN },
  { "the metadata and authentication of disconnected users", BD_STAGE_UNKNOWN },
  { "", BD_STAGE_UNKNOWN },
};

static void
test_stage_from_text (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (stage_text_cases); i++)
    {
      g_test_message ("stage case: %s", stage_text_cases[i].input);
      g_assert_cmpint (bd_smtp_stage_from_text (stage_text_cases[i].input, -1), ==,
                       stage_text_cases[i].stage);
    }
  g_assert_cmpint (bd_smtp_stage_from_text (NULL, 0), ==, BD_STAGE_UNKNOWN);
}

static const StageCase command_cases[] = {
  { "RCPT TO:<a@b>", BD_STAGE_RCPT },
  { "rcpt to:<a@b>", BD_STAGE_RCPT },
  { "MAIL FROM:<a@b> SIZE=100", BD_STAGE_MAIL },
  { "mail from:<>", BD_STAGE_MAIL },
  { "DATA", BD_STAGE_DATA },
  { "data", BD_STAGE_DATA },
  { ".", BD_STAGE_DATA },
  { ".\r\n", BD_STAGE_DATA },
  { "BDAT 1000 LAST", BD_STAGE_DATA },
  { "end of DATA", BD_STAGE_DATA },
  { "EHLO client.example", BD_STAGE_HELO },
  { "helo client.example", BD_STAGE_HELO },
  { "LHLO x", BD_STAGE_HELO },
  { "AUTH LOGIN", BD_STAGE_AUTH },
  { "STARTTLS", BD_STAGE_STARTTLS },
  { "  QUIT", BD_STAGE_UNKNOWN },
  { "DATABASE", BD_STAGE_UNKNOWN },
  { "RCPTX", BD_STAGE_UNKNOWN },
  { "", BD_STAGE_UNKNOWN },
};

static void
test_stage_from_command (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (command_cases); i++)
    {
      g_test_message ("command case: %s", command_cases[i].input);
      g_assert_cmpint (bd_smtp_stage_from_command (command_cases[i].input, -1), ==,
                       command_cases[i].stage);
    }
  g_assert_cmpint (bd_smtp_stage_from_command ("DATAX", 4), ==, BD_STAGE_DATA);
}

typedef struct
{
  const char *input;
  const char *output;
} UnfoldCase;

static const UnfoldCase unfold_cases[] = {
  { "550-5.7.26 This mail is\r\n550-5.7.26 unauthenticated, which\r\n550 5.7.26 poses a risk.",
    "550 5.7.26 This mail is unauthenticated, which poses a risk." },
  { "550-Mailbox\n550-does not\n550 exist", "550 Mailbox does not exist" },
  { "smtp; 550 5.1.1 <a@b>:\n    Recipient address\n\trejected", "smtp; 550 5.1.1 <a@b>: Recipient address rejected" },
  { "  a   b\t\tc  ", "a b c" },
  { "554 5.7.1 first\n554 5.7.1 second", "554 5.7.1 first second" },
  { "550 too big\n552 bytes of text", "550 too big 552 bytes of text" },
  { "", "" },
  { "\r\n\r\n", "" },
};

static void
test_unfold (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (unfold_cases); i++)
    {
      g_autofree char *out = bd_smtp_unfold (unfold_cases[i].input, -1);

      g_assert_cmpstr (out, ==, unfold_cases[i].output);
    }
}

static void
test_unfold_hostile (void)
{
  const char nul[] = "550 a\0b\n550 c";
  const char bad[] = "550 \xff\xfe ok";
  g_autofree char *out1 = bd_smtp_unfold (nul, sizeof nul - 1);
  g_autofree char *out2 = bd_smtp_unfold (bad, -1);
  g_autofree char *out3 = bd_smtp_unfold (NULL, 0);

  g_assert_cmpstr (out1, ==, "550 a b c");
  g_assert_true (g_utf8_validate (out2, -1, NULL));
  g_assert_cmpstr (out3, ==, "");
}

/* Big inputs must stay linear: 4 MB of near-misses in well under a second. */
static void
test_large (void)
{
  gsize n = 4 * 1024 * 1024;
  char *buf = g_malloc (n + 1);
  gint64 start;
  BdSmtpReply reply;
  char status[16];

  for (gsize i = 0; i < n; i++)
    buf[i] = "5.1.550>>> <<< 4RCPT"[i % 20];
  buf[n] = '\0';

  start = g_get_monotonic_time ();
  bd_smtp_find_reply (buf, n, &reply);
  bd_smtp_find_status (buf, n, status);
  bd_smtp_stage_from_text (buf, n);
  g_free (bd_smtp_unfold (buf, n));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);

  memset (buf, '5', n);
  start = g_get_monotonic_time ();
  g_assert_false (bd_smtp_find_reply (buf, n, &reply));
  g_assert_false (bd_smtp_find_status (buf, n, status));
  g_assert_cmpint (bd_smtp_stage_from_text (buf, n), ==, BD_STAGE_UNKNOWN);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);

  g_free (buf);
}

/* Random bytes: no crash, results stay inside the input. */
static void
test_random (void)
{
  GRand *rand = g_rand_new_with_seed (42);
  char buf[256];
  const char alphabet[] = "0123455.- \n\r#:;'(<>RCPTDATAMAIL\0";

  for (int round = 0; round < 20000; round++)
    {
      gsize n = g_rand_int_range (rand, 0, sizeof buf);
      BdSmtpReply reply;
      char status[16];

      for (gsize i = 0; i < n; i++)
        buf[i] = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];

      if (bd_smtp_find_reply (buf, n, &reply))
        {
          g_assert_true (reply.start >= buf && reply.start < buf + n);
          g_assert_true (reply.text >= reply.start && reply.text <= buf + n);
          g_assert_true (reply.status[0] == '\0' || bd_smtp_status_is_valid (reply.status));
        }
      if (bd_smtp_find_status (buf, n, status))
        g_assert_true (bd_smtp_status_is_valid (status));
      bd_smtp_stage_from_text (buf, n);
      bd_smtp_stage_from_command (buf, n);
      g_free (bd_smtp_unfold (buf, n));
    }

  g_rand_free (rand);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bd/smtp/find-reply", test_find_reply);
  g_test_add_func ("/bd/smtp/find-reply-length", test_find_reply_length);
  g_test_add_func ("/bd/smtp/find-status", test_find_status);
  g_test_add_func ("/bd/smtp/status-is-valid", test_status_is_valid);
  g_test_add_func ("/bd/smtp/stage-from-text", test_stage_from_text);
  g_test_add_func ("/bd/smtp/stage-from-command", test_stage_from_command);
  g_test_add_func ("/bd/smtp/unfold", test_unfold);
  g_test_add_func ("/bd/smtp/unfold-hostile", test_unfold_hostile);
  g_test_add_func ("/bd/smtp/large", test_large);
  g_test_add_func ("/bd/smtp/random", test_random);

  return g_test_run ();
}
