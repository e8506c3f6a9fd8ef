/* bd-window.h: the main window
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bd-application.h"

G_BEGIN_DECLS

#define BD_TYPE_WINDOW (bd_window_get_type ())

G_DECLARE_FINAL_TYPE (BdWindow, bd_window, BD, WINDOW, AdwApplicationWindow)

BdWindow *bd_window_new       (BdApplication *application);
/* Loads @file (or, when it is too large to show, only analyses it) and
 * shows its report. */
void      bd_window_open_file (BdWindow      *self,
                               GFile         *file);

G_END_DECLS
