/* bd-window-private.h: accessors for tests
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bd-window.h"

G_BEGIN_DECLS

/* Above this size a file is analysed from disk without being shown. */
#define BD_WINDOW_MAX_SHOWN_SIZE ((goffset) 8 * 1024 * 1024)

GtkTextBuffer *bd_window_get_input_buffer   (BdWindow *self);
GtkTextBuffer *bd_window_get_report_buffer  (BdWindow *self);
/* TRUE while a file is loading or an analysis runs. */
gboolean       bd_window_get_busy           (BdWindow *self);
/* The "file too large to show" label. */
GtkWidget     *bd_window_get_too_large_label (BdWindow *self);

G_END_DECLS
