/* bd-gui.h: entry point of the graphical application
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Runs the GTK application; @argv may name files to open. Called by main()
 * when no subcommand is given. Returns the exit status. */
int  bd_gui_run            (int    argc,
                            char **argv);
/* Prints the GTK and libadwaita versions for --version. */
void bd_gui_print_versions (void);

G_END_DECLS
