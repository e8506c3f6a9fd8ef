/* test-classify.c: tests of the code-only classifier and the enum names
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bd-classify.h"

typedef struct
{
  guint       code;
  const char *status;
  BdStage     stage;
  BdCategory  category;
  const char *cause;
} ClassifyCase;

static const ClassifyCase classify_cases[] = {
  /* recipient */
  { 550, "5.1.1",   BD_STAGE_RCPT,     BD_CATEGORY_RECIPIENT,  "status.5.1.1" },
  { 550, "5.1.2",   BD_STAGE_UNKNOWN,  BD_CATEGORY_RECIPIENT,  "status.5.1.2" },
  { 0,   "5.1.10",  BD_STAGE_UNKNOWN,  BD_CATEGORY_RECIPIENT,  "status.5.1.10" },
  { 552, "5.2.2",   BD_STAGE_RCPT,     BD_CATEGORY_RECIPIENT,  "status.5.2.2" },
  { 550, "5.1.351", BD_STAGE_UNKNOWN,  BD_CATEGORY_RECIPIENT,  "status-subject.5.1" },
  { 550, "5.7.13",  BD_STAGE_UNKNOWN,  BD_CATEGORY_RECIPIENT,  "status.5.7.13" },
  { 550, "5.4.1",   BD_STAGE_RCPT,     BD_CATEGORY_RECIPIENT,  "status.5.4.1/rcpt" },
  { 550, "5.5.0",   BD_STAGE_UNKNOWN,  BD_CATEGORY_RECIPIENT,  "status.5.5.0/rcpt" },
  { 550, "5.4.4",   BD_STAGE_UNKNOWN,  BD_CATEGORY_RECIPIENT,  "status.5.4.4" },
  { 550, NULL,      BD_STAGE_RCPT,     BD_CATEGORY_RECIPIENT,  "reply.550" },
  { 550, "5.0.0",   BD_STAGE_UNKNOWN,  BD_CATEGORY_RECIPIENT,  "reply.550" },
  { 553, NULL,      BD_STAGE_RCPT,     BD_CATEGORY_RECIPIENT,  "reply.553" },
  { 550, "4.2.2",   BD_STAGE_UNKNOWN,  BD_CATEGORY_RECIPIENT,  "status.5.2.2" },
  /* policy */
  { 553, "5.1.8",   BD_STAGE_MAIL,     BD_CATEGORY_POLICY,     "status.5.1.8" },
  { 554, "5.7.1",   BD_STAGE_RCPT,     BD_CATEGORY_POLICY,     "status.5.7.1" },
  { 550, "5.7.124", BD_STAGE_UNKNOWN,  BD_CATEGORY_POLICY,     "status-subject.5.7" },
  { 553, NULL,      BD_STAGE_MAIL,     BD_CATEGORY_POLICY,     "reply.553/mail" },
  { 554, NULL,      BD_STAGE_RCPT,     BD_CATEGORY_POLICY,     "reply.554/envelope" },
  /* size */
  { 552, "5.3.4",   BD_STAGE_DATA,     BD_CATEGORY_SIZE,       "status.5.3.4" },
  { 552, "5.2.3",   BD_STAGE_UNKNOWN,  BD_CATEGORY_SIZE,       "status.5.2.3" },
  { 552, NULL,      BD_STAGE_UNKNOWN,  BD_CATEGORY_SIZE,       "reply.552" },
  { 523, NULL,      BD_STAGE_UNKNOWN,  BD_CATEGORY_SIZE,       "reply.523" },
  /* auth */
  { 535, "5.7.8",   BD_STAGE_AUTH,     BD_CATEGORY_AUTH,       "status.5.7.8" },
  { 535, "5.7.0",   BD_STAGE_UNKNOWN,  BD_CATEGORY_AUTH,       "status.5.7.0/auth" },
  { 530, "5.7.0",   BD_STAGE_MAIL,     BD_CATEGORY_AUTH,       "status.5.7.0/auth" },
  { 530, NULL,      BD_STAGE_UNKNOWN,  BD_CATEGORY_AUTH,       "reply.530" },
  { 454, NULL,      BD_STAGE_AUTH,     BD_CATEGORY_AUTH,       "reply.454/auth" },
  { 530, "5.7.57",  BD_STAGE_MAIL,     BD_CATEGORY_AUTH,       "status.5.7.57" },
  { 0,   NULL,      BD_STAGE_AUTH,     BD_CATEGORY_AUTH,       "stage.auth" },
  /* dns */
  { 550, "5.7.25",  BD_STAGE_UNKNOWN,  BD_CATEGORY_DNS,        "status.5.7.25" },
  { 550, "5.7.26",  BD_STAGE_DATA,     BD_CATEGORY_DNS,        "status.5.7.26" },
  { 550, "5.7.23",  BD_STAGE_UNKNOWN,  BD_CATEGORY_DNS,        "status.5.7.23" },
  { 550, "5.7.509", BD_STAGE_UNKNOWN,  BD_CATEGORY_DNS,        "status.5.7.509" },
  { 421, "4.7.26",  BD_STAGE_DATA,     BD_CATEGORY_DNS,        "status.4.7.26" },
  { 550, NULL,      BD_STAGE_HELO,     BD_CATEGORY_DNS,        "reply.550/helo" },
  /* blacklist */
  { 550, "5.7.606", BD_STAGE_UNKNOWN,  BD_CATEGORY_BLACKLIST,  "status-range.5.7.606-649" },
  { 550, "5.7.649", BD_STAGE_UNKNOWN,  BD_CATEGORY_BLACKLIST,  "status-range.5.7.606-649" },
  { 550, "5.7.708", BD_STAGE_UNKNOWN,  BD_CATEGORY_BLACKLIST,  "status-range.5.7.700-750" },
  { 554, NULL,      BD_STAGE_CONNECT,  BD_CATEGORY_BLACKLIST,  "reply.554/connect" },
  { 554, "5.7.1",   BD_STAGE_CONNECT,  BD_CATEGORY_BLACKLIST,  "status.5.7.1/connect" },
  /* content */
  { 554, "5.6.0",   BD_STAGE_DATA,     BD_CATEGORY_CONTENT,    "status-subject.5.6" },
  { 550, "5.7.1",   BD_STAGE_DATA,     BD_CATEGORY_CONTENT,    "status.5.7.1/data" },
  { 554, NULL,      BD_STAGE_DATA,     BD_CATEGORY_CONTENT,    "reply.554" },
  { 554, NULL,      BD_STAGE_UNKNOWN,  BD_CATEGORY_CONTENT,    "reply.554" },
  /* temporary */
  { 421, NULL,      BD_STAGE_UNKNOWN,  BD_CATEGORY_TEMPORARY,  "reply-class.4" },
  { 450, "4.7.1",   BD_STAGE_RCPT,     BD_CATEGORY_TEMPORARY,  "status-class.4" },
  { 452, "4.2.2",   BD_STAGE_RCPT,     BD_CATEGORY_TEMPORARY,  "status-class.4" },
  { 451, "4.3.0",   BD_STAGE_UNKNOWN,  BD_CATEGORY_TEMPORARY,  "status-class.4" },
  { 0,   "4.4.7",   BD_STAGE_UNKNOWN,  BD_CATEGORY_TEMPORARY,  "status-class.4" },
  { 550, "5.4.7",   BD_STAGE_UNKNOWN,  BD_CATEGORY_TEMPORARY,  "status.5.4.7" },
  { 0,   "4.0.0",   BD_STAGE_UNKNOWN,  BD_CATEGORY_TEMPORARY,  "status-class.4" },
  /* connection */
  { 0,   "4.4.1",   BD_STAGE_CONNECT,  BD_CATEGORY_CONNECTION, "status.4.4.1" },
  { 0,   "5.4.1",   BD_STAGE_UNKNOWN,  BD_CATEGORY_CONNECTION, "status.5.4.1" },
  { 550, "5.4.316", BD_STAGE_UNKNOWN,  BD_CATEGORY_CONNECTION, "status.5.4.316" },
  { 0,   NULL,      BD_STAGE_CONNECT,  BD_CATEGORY_CONNECTION, "stage.connect" },
  { 0,   NULL,      BD_STAGE_RCPT,     BD_CATEGORY_CONNECTION, "stage.rcpt" },
  { 454, NULL,      BD_STAGE_STARTTLS, BD_CATEGORY_CONNECTION, "reply.454/starttls" },
  /* other / none */
  { 550, "5.4.6",   BD_STAGE_UNKNOWN,  BD_CATEGORY_OTHER,      "status.5.4.6" },
  { 500, NULL,      BD_STAGE_UNKNOWN,  BD_CATEGORY_OTHER,      "reply.5xx-protocol" },
  { 501, "5.5.2",   BD_STAGE_UNKNOWN,  BD_CATEGORY_OTHER,      "status-subject.5.5" },
  { 559, NULL,      BD_STAGE_UNKNOWN,  BD_CATEGORY_OTHER,      "reply-class.5" },
  { 0,   "5.0.0",   BD_STAGE_UNKNOWN,  BD_CATEGORY_OTHER,      "status-class.5" },
  { 250, "2.0.0",   BD_STAGE_UNKNOWN,  BD_CATEGORY_NONE,       "reply-class.2" },
  { 0,   "2.1.5",   BD_STAGE_UNKNOWN,  BD_CATEGORY_NONE,       "status-class.2" },
  { 250, NULL,      BD_STAGE_UNKNOWN,  BD_CATEGORY_NONE,       "reply-class.2" },
  { 0,   NULL,      BD_STAGE_UNKNOWN,  BD_CATEGORY_OTHER,      NULL },
  { 999, "junk",    BD_STAGE_UNKNOWN,  BD_CATEGORY_OTHER,      NULL },
  { 360, "5.1.1.1", BD_STAGE_UNKNOWN,  BD_CATEGORY_OTHER,      NULL },
  { 0,   "",        (BdStage) 99,      BD_CATEGORY_OTHER,      NULL },
};

static void
test_codes (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (classify_cases); i++)
    {
      const ClassifyCase *c = &classify_cases[i];
      const char *cause = "unset";
      BdCategory category;

      g_test_message ("case %" G_GSIZE_FORMAT ": %u %s stage %d", i, c->code,
                      c->status ? c->status : "(null)", c->stage);
      category = bd_classify_codes (c->code, c->status, c->stage, &cause);
      g_assert_cmpstr (bd_category_to_string (category), ==, bd_category_to_string (c->category));
      g_assert_cmpstr (cause, ==, c->cause);
    }

  /* the cause pointer is optional */
  g_assert_cmpint (bd_classify_codes (550, "5.1.1", BD_STAGE_RCPT, NULL), ==, BD_CATEGORY_RECIPIENT);
}

static BdFailure *
failure_new (guint       code,
             const char *status,
             BdStage     stage)
{
  BdFailure *failure = g_new0 (BdFailure, 1);

  failure->reply_code = code;
  failure->status = g_strdup (status);
  failure->stage = stage;
  failure->size = -1;
  return failure;
}

static void
failure_free (gpointer data)
{
  BdFailure *failure = data;

  g_free (failure->status);
  g_free (failure->cause);
  g_free (failure);
}

/* Built by hand so that the test only needs the classifier itself. */
static void
test_report (void)
{
  BdReport report = { 0, };
  BdFailure *a, *b, *c;

  report.failures = g_ptr_array_new_with_free_func (failure_free);
  a = failure_new (550, "5.1.1", BD_STAGE_RCPT);
  b = failure_new (552, NULL, BD_STAGE_DATA);
  c = failure_new (0, NULL, BD_STAGE_UNKNOWN);
  a->cause = g_strdup ("old.cause");
  c->category = BD_CATEGORY_DNS;
  c->cause = g_strdup ("old.cause");
  g_ptr_array_add (report.failures, a);
  g_ptr_array_add (report.failures, b);
  g_ptr_array_add (report.failures, c);

  bd_classify_report (&report);
  g_assert_cmpint (a->category, ==, BD_CATEGORY_RECIPIENT);
  g_assert_cmpstr (a->cause, ==, "status.5.1.1");
  g_assert_cmpint (b->category, ==, BD_CATEGORY_SIZE);
  g_assert_cmpstr (b->cause, ==, "reply.552");
  g_assert_cmpint (c->category, ==, BD_CATEGORY_OTHER);
  g_assert_null (c->cause);

  /* Not a failure: nothing is touched. */
  report.not_failure = (char *) "delivered";
  a->category = BD_CATEGORY_NONE;
  bd_classify_report (&report);
  g_assert_cmpint (a->category, ==, BD_CATEGORY_NONE);
  g_assert_cmpstr (a->cause, ==, "status.5.1.1");

  /* No failures array at all. */
  g_ptr_array_unref (report.failures);
  report.failures = NULL;
  report.not_failure = NULL;
  bd_classify_report (&report);
}

static void
test_enums (void)
{
  const char *stages[] = { "connect", "helo", "mail", "rcpt", "data", "auth", "starttls" };
  const char *categories[] = { "other", "dns", "auth", "size", "blacklist", "recipient",
                               "content", "policy", "temporary", "connection", "none" };

  g_assert_null (bd_stage_to_string (BD_STAGE_UNKNOWN));
  g_assert_null (bd_stage_to_string ((BdStage) 42));
  for (guint i = 0; i < G_N_ELEMENTS (stages); i++)
    {
      BdStage stage = (BdStage) (i + 1);

      g_assert_cmpstr (bd_stage_to_string (stage), ==, stages[i]);
      g_assert_cmpint (bd_stage_from_string (stages[i]), ==, stage);
      g_assert_nonnull (bd_stage_get_label (stage));
    }
  g_assert_cmpint (bd_stage_from_string ("RCPT"), ==, BD_STAGE_RCPT);
  g_assert_cmpint (bd_stage_from_string ("nonsense"), ==, BD_STAGE_UNKNOWN);
  g_assert_cmpint (bd_stage_from_string (NULL), ==, BD_STAGE_UNKNOWN);
  g_assert_nonnull (bd_stage_get_label (BD_STAGE_UNKNOWN));

  for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
    {
      g_assert_cmpstr (bd_category_to_string ((BdCategory) i), ==, categories[i]);
      g_assert_cmpint (bd_category_from_string (categories[i]), ==, (BdCategory) i);
      g_assert_nonnull (bd_category_get_label ((BdCategory) i));
    }
  g_assert_cmpstr (bd_category_to_string ((BdCategory) 77), ==, "other");
  g_assert_cmpint (bd_category_from_string ("bogus"), ==, BD_CATEGORY_OTHER);
  g_assert_cmpstr (bd_category_get_label (BD_CATEGORY_SIZE), ==, "Message size");

  g_assert_cmpstr (bd_source_kind_to_string (BD_SOURCE_TEXT), ==, "text");
  g_assert_cmpstr (bd_source_kind_to_string (BD_SOURCE_EMAIL), ==, "email");
  g_assert_cmpstr (bd_source_kind_to_string (BD_SOURCE_LOG), ==, "log");
  g_assert_cmpstr (bd_source_kind_to_string (BD_SOURCE_TRANSCRIPT), ==, "transcript");
}

int
main (int   argc,
      char *argv[])
{
  /* Labels are compared in English. */
  g_setenv ("LANGUAGE", "C", TRUE);
  g_setenv ("LC_ALL", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bd/classify/codes", test_codes);
  g_test_add_func ("/bd/classify/report", test_report);
  g_test_add_func ("/bd/types/enums", test_enums);

  return g_test_run ();
}
