/* bd-progress-stream.h: an input stream that counts what was read
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define BD_TYPE_PROGRESS_STREAM (bd_progress_stream_get_type ())

G_DECLARE_FINAL_TYPE (BdProgressStream, bd_progress_stream, BD, PROGRESS_STREAM, GFilterInputStream)

GInputStream *bd_progress_stream_new       (GInputStream     *base);
/* Bytes read so far; safe to call from any thread. */
guint64       bd_progress_stream_get_count (BdProgressStream *self);

G_END_DECLS
