/* test-document.c: the decoder
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bd-document.h"

static BdDocument *
doc_from (const char *text)
{
  return bd_document_new_from_data (text, strlen (text));
}

static void
test_plain_text (void)
{
  g_autoptr(BdDocument) doc = doc_from ("The mail server said: 550 5.1.1 unknown user\nbye\n");
  BdBlock *block;

  g_assert_cmpint (doc->kind, ==, BD_SOURCE_TEXT);
  g_assert_cmpuint (doc->headers->len, ==, 0);
  g_assert_cmpuint (doc->blocks->len, ==, 1);
  block = g_ptr_array_index (doc->blocks, 0);
  g_assert_cmpint (block->kind, ==, BD_BLOCK_BODY);
  g_assert_cmpuint (block->first_line, ==, 1);
  g_assert_nonnull (strstr (block->text, "550 5.1.1"));
}

static const char dsn[] =
  "From: MAILER-DAEMON@mx.example.net (Mail Delivery System)\n"
  "Subject: =?UTF-8?B?0J3QtdC00L7RgdGC0LDQstC70Y/QtdC80L7QtTogdGVzdA==?=\n"
  "MIME-Version: 1.0\n"
  "Content-Type: multipart/report; report-type=delivery-status;\n"
  "\tboundary=\"B1\"\n"
  "\n"
  "preamble\n"
  "--B1\n"
  "Content-Type: text/plain; charset=us-ascii\n"
  "\n"
  "<a@example.com>: host mx.example.com[192.0.2.8] said: 550 5.1.1 no\n"
  "--B1\n"
  "Content-Type: message/delivery-status\n"
  "\n"
  "Reporting-MTA: dns; mx.example.net\n"
  "\n"
  "Final-Recipient: rfc822; a@example.com\n"
  "Action: failed\n"
  "Status: 5.1.1\n"
  "--B1\n"
  "Content-Type: message/rfc822\n"
  "\n"
  "From: me@example.org\n"
  "To: a@example.com\n"
  "Subject: hello\n"
  "\n"
  "secret body text\n"
  "--B1--\n";

static void
test_multipart_report (void)
{
  g_autoptr(BdDocument) doc = doc_from (dsn);
  BdBlock *body, *status, *returned;

  g_assert_cmpint (doc->kind, ==, BD_SOURCE_EMAIL);
  g_assert_cmpstr (bd_document_get_header (doc, "subject"), ==, "Недоставляемое: test");
  body = bd_document_find_block (doc, BD_BLOCK_BODY);
  status = bd_document_find_block (doc, BD_BLOCK_DELIVERY_STATUS);
  returned = bd_document_find_block (doc, BD_BLOCK_RETURNED);
  g_assert_nonnull (body);
  g_assert_nonnull (status);
  g_assert_nonnull (returned);
  g_assert_nonnull (strstr (status->text, "Final-Recipient: rfc822; a@example.com"));
  g_assert_cmpuint (status->first_line, ==, 15);
  g_assert_nonnull (strstr (returned->text, "To: a@example.com"));
  /* the user's own text is not kept */
  g_assert_null (strstr (returned->text, "secret body"));
}

typedef struct
{
  const char *charset;
  const char *cte;
  const char *body;      /* already encoded */
  const char *expected;  /* UTF-8 substring */
} CharsetCase;

static void
test_charsets (void)
{
  static const CharsetCase cases[] = {
    /* "Ошибка" in windows-1251, base64 */
    { "windows-1251", "base64", "zvjo4erg\n", "Ошибка" },
    /* same in KOI8-R, quoted-printable */
    { "koi8-r", "quoted-printable", "=EF=DB=C9=C2=CB=C1\n", "Ошибка" },
    /* ISO-2022-JP: "送信" */
    { "iso-2022-jp", "7bit", "\x1b$BAw?.\x1b(B\n", "送信" },
    /* UTF-7 */
    { "utf-7", "7bit", "+BB4ESAQ4BDEEOgQw-\n", "Ошибка" },
    /* a misspelt label on real UTF-8 */
    { "uft-8", "8bit", "Ошибка\n", "Ошибка" },
    /* EUC-JP bytes labelled ISO-2022-JP: "送信" in EUC-JP */
    { "iso-2022-jp", "8bit", "\xc1\xf7\xbf\xae\n", "送信" },
    /* no label, windows-1251 bytes */
    { NULL, "8bit", "\xce\xf8\xe8\xe1\xea\xe0 \xe4\xee\xf1\xf2\xe0\xe2\xea\xe8\n", "Ошибка доставки" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *msg = NULL;
      g_autoptr(BdDocument) doc = NULL;
      BdBlock *body;

      msg = g_strdup_printf ("From: a@example.com\nSubject: x\nMIME-Version: 1.0\n"
                             "Content-Type: text/plain%s%s\n"
                             "Content-Transfer-Encoding: %s\n\n%s",
                             cases[i].charset ? "; charset=" : "",
                             cases[i].charset ? cases[i].charset : "",
                             cases[i].cte, cases[i].body);
      doc = doc_from (msg);
      body = bd_document_find_block (doc, BD_BLOCK_BODY);
      g_assert_nonnull (body);
      g_assert_true (g_utf8_validate (body->text, -1, NULL));
      if (strstr (body->text, cases[i].expected) == NULL)
        g_error ("case %u (%s): got “%s”", i, cases[i].charset, body->text);
    }
}

static void
test_line_ends (void)
{
  const char *variants[] = {
    "From: a@example.com\r\nSubject: x\r\n\r\nline one\r\nline two 550\r\n",
    "From: a@example.com\rSubject: x\r\rline one\rline two 550\r",
    "From: a@example.com\nSubject: x\n\nline one\nline two 550\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      g_autoptr(BdDocument) doc = doc_from (variants[i]);
      BdBlock *body = bd_document_find_block (doc, BD_BLOCK_BODY);

      g_assert_cmpint (doc->kind, ==, BD_SOURCE_EMAIL);
      g_assert_cmpstr (bd_document_get_header (doc, "Subject"), ==, "x");
      g_assert_nonnull (body);
      g_assert_cmpstr (body->text, ==, "line one\nline two 550\n");
      g_assert_cmpuint (body->first_line, ==, 4);
    }
}

static void
test_deep_nesting (void)
{
  GString *s = g_string_new ("From: a@example.com\nContent-Type: multipart/mixed; boundary=\"b0\"\n\n");
  g_autoptr(BdDocument) doc = NULL;

  for (int i = 1; i < 1000; i++)
    g_string_append_printf (s, "--b%d\nContent-Type: multipart/mixed; boundary=\"b%d\"\n\n", i - 1, i);
  g_string_append (s, "--b999\nContent-Type: text/plain\n\n550 5.1.1 deep\n");
  doc = bd_document_new_from_data (s->str, s->len);
  g_assert_true (doc->depth_limited);
  g_string_free (s, TRUE);
}

static void
test_endless_boundary (void)
{
  const char *msg = "From: a@example.com\nContent-Type: multipart/mixed; boundary=\"never\"\n\n"
                    "text before\n--never\nContent-Type: text/plain\n\nthe part 550 5.1.1\nand no end\n";
  g_autoptr(BdDocument) doc = doc_from (msg);
  gboolean found = FALSE;

  for (guint i = 0; i < doc->blocks->len; i++)
    {
      BdBlock *b = g_ptr_array_index (doc->blocks, i);
      if (strstr (b->text, "550 5.1.1") != NULL)
        found = TRUE;
    }
  g_assert_true (found);
}

static void
test_junk (void)
{
  guchar junk[4096];
  GRand *rand = g_rand_new_with_seed (42);

  for (int round = 0; round < 200; round++)
    {
      g_autoptr(BdDocument) doc = NULL;
      for (gsize i = 0; i < sizeof junk; i++)
        junk[i] = g_rand_int_range (rand, 0, 256);
      if (round % 2)
        memcpy (junk, "From: x\nContent-Type: multipart/report; boundary=a\n\n--a\n", 56);
      doc = bd_document_new_from_data ((const char *) junk, sizeof junk);
      for (guint i = 0; i < doc->blocks->len; i++)
        {
          BdBlock *b = g_ptr_array_index (doc->blocks, i);
          g_assert_true (g_utf8_validate (b->text, b->len, NULL));
          g_assert_cmpuint (strlen (b->text), ==, b->len);
        }
    }
  g_rand_free (rand);
}

static void
test_nul_and_long_line (void)
{
  gsize len = 200000;
  char *data = g_malloc (len);
  g_autoptr(BdDocument) doc = NULL;
  BdBlock *b;

  memset (data, 'a', len);
  data[10] = '\0';
  data[1000] = '\xff';
  doc = bd_document_new_from_data (data, len);
  b = g_ptr_array_index (doc->blocks, 0);
  g_assert_cmpuint (strlen (b->text), ==, b->len);
  g_assert_true (g_utf8_validate (b->text, -1, NULL));
  g_free (data);
}

static void
test_empty (void)
{
  g_autoptr(BdDocument) doc = bd_document_new_from_data ("", 0);
  g_assert_cmpuint (doc->blocks->len, ==, 0);
}

static void
test_text_to_utf8 (void)
{
  gsize len;
  g_autofree char *a = bd_text_to_utf8 ("caf\xe9", 4, "iso-8859-1", &len);
  g_autofree char *b = bd_text_to_utf8 ("x\r\ny\rz", 6, NULL, &len);
  g_autofree char *c = bd_text_to_utf8 ("\xff\xfe\xfd", 3, "no-such-charset", &len);

  g_assert_cmpstr (a, ==, "café");
  g_assert_cmpstr (b, ==, "x\ny\nz");
  g_assert_true (g_utf8_validate (c, -1, NULL));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bd/document/plain-text", test_plain_text);
  g_test_add_func ("/bd/document/multipart-report", test_multipart_report);
  g_test_add_func ("/bd/document/charsets", test_charsets);
  g_test_add_func ("/bd/document/line-ends", test_line_ends);
  g_test_add_func ("/bd/document/deep-nesting", test_deep_nesting);
  g_test_add_func ("/bd/document/endless-boundary", test_endless_boundary);
  g_test_add_func ("/bd/document/junk", test_junk);
  g_test_add_func ("/bd/document/nul-and-long-line", test_nul_and_long_line);
  g_test_add_func ("/bd/document/empty", test_empty);
  g_test_add_func ("/bd/document/text-to-utf8", test_text_to_utf8);

  return g_test_run ();
}
