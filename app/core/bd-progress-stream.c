/* bd-progress-stream.c: an input stream that counts what was read
 *
 * The analysis of a large file reads it in a worker thread; the window
 * polls the count to draw its progress bar.
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bd-progress-stream.h"

struct _BdProgressStream
{
  GFilterInputStream parent_instance;

  gsize              count;  /* atomic */
};

G_DEFINE_FINAL_TYPE (BdProgressStream, bd_progress_stream, G_TYPE_FILTER_INPUT_STREAM)

static gssize
bd_progress_stream_read (GInputStream  *stream,
                         void          *buffer,
                         gsize          count,
                         GCancellable  *cancellable,
                         GError       **error)
{
  BdProgressStream *self = BD_PROGRESS_STREAM (stream);
  GInputStream *base = g_filter_input_stream_get_base_stream (G_FILTER_INPUT_STREAM (stream));
  gssize n;

  n = g_input_stream_read (base, buffer, count, cancellable, error);
  if (n > 0)
    g_atomic_pointer_add (&self->count, n);

  return n;
}

static void
bd_progress_stream_class_init (BdProgressStreamClass *klass)
{
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  stream_class->read_fn = bd_progress_stream_read;
}

static void
bd_progress_stream_init (BdProgressStream *self)
{
}

GInputStream *
bd_progress_stream_new (GInputStream *base)
{
  g_return_val_if_fail (G_IS_INPUT_STREAM (base), NULL);

  return g_object_new (BD_TYPE_PROGRESS_STREAM,
                       "base-stream", base,
                       NULL);
}

guint64
bd_progress_stream_get_count (BdProgressStream *self)
{
  g_return_val_if_fail (BD_IS_PROGRESS_STREAM (self), 0);

  return (guint64) g_atomic_pointer_get (&self->count);
}
