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
void bd_cli_print_usage (FILE       *stream);
int  bd_cli_diagnose    (int         argc,
                         char      **argv);

G_END_DECLS
