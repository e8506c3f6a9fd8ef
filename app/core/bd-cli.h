/* bd-cli.h: the command-line commands, shared by main.c and the tests
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stdio.h>

#include <glib.h>

G_BEGIN_DECLS

void bd_cli_init_i18n   (const char *lang);
/* The --lang value of a command line, found before anything else runs:
 * GLib decides on the first g_dgettext() call whether to translate at all,
 * so the language must be set before it (NULL when not given). */
const char *bd_cli_find_lang (int    argc,
                              char **argv);
void bd_cli_print_usage (FILE       *stream);
int  bd_cli_diagnose    (int         argc,
                         char      **argv);
int  bd_cli_check       (int         argc,
                         char      **argv);

G_END_DECLS
