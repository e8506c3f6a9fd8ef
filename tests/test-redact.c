/* test-redact.c: hiding addresses before sharing
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bd-redact.h"

typedef struct
{
  const char *in;
  const char *out;
} Case;

static void
test_table (void)
{
  static const Case cases[] = {
    { "to <kijitora@example.jp>", "to <user1@example.jp>" },
    { "a.b+c@mail.example.com said", "user1@mail.example.com said" },
    { "host mx[192.0.2.8] said 550 5.1.1", "host mx[ipv4-1] said 550 5.1.1" },
    { "from 2001:db8::25 port 25", "from ipv6-1 port 25" },
    { "full 2001:0db8:0000:0000:0000:ff00:0042:8329.", "full ipv6-1." },
    { "Mon 2008-10-20 16:11:36: ok", "Mon 2008-10-20 16:11:36: ok" },
    { "status 5.7.1 and version 9.5.2", "status 5.7.1 and version 9.5.2" },
    { "not an ip 1.2.3.4.5 or 999.1.1.1", "not an ip 1.2.3.4.5 or 999.1.1.1" },
    { "a@b.example and a@b.example again, c@b.example", "user1@b.example and user1@b.example again, user2@b.example" },
    { "10.0.0.1 then 10.0.0.2 then 10.0.0.1", "ipv4-1 then ipv4-2 then ipv4-1" },
    { "user@localhost stays (no dot)", "user@localhost stays (no dot)" },
    { "@ alone and trailing@", "@ alone and trailing@" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = bd_redact_text (cases[i].in);
      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

static void
test_long_input (void)
{
  GString *s = g_string_new (NULL);
  g_autofree char *out = NULL;

  for (int i = 0; i < 20000; i++)
    g_string_append_printf (s, "u%d@example.com 192.0.2.%d ", i, i % 256);
  out = bd_redact_text (s->str);
  g_assert_null (strstr (out, "u19999@"));
  g_assert_nonnull (strstr (out, "user20000@example.com"));
  g_string_free (s, TRUE);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/bd/redact/table", test_table);
  g_test_add_func ("/bd/redact/long-input", test_long_input);
  return g_test_run ();
}
