/* bd-input-step-private.h: the input step's parts, for its tests
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bd-history.h"

#include "bd-input-step.h"

G_BEGIN_DECLS

/* Larger files are not shown in the text area; they are analysed from
 * disk, streaming, with a progress bar. */
#define BD_INPUT_STEP_MAX_SHOWN_SIZE ((goffset) 8 * 1024 * 1024)

/* The live summary waits this long after the last change. */
#define BD_INPUT_STEP_SUMMARY_DELAY_MS 300

/* At most this many recent diagnoses are listed. */
#define BD_INPUT_STEP_MAX_HISTORY_ROWS 8

struct _BdInputStep
{
  BdStep               parent_instance;

  /* Template widgets */
  GtkStack            *stack;
  GtkStack            *input_stack;
  GtkWidget           *text_frame;
  GtkTextView         *text_view;
  GtkWidget           *placeholder;
  GtkLabel            *source_label;
  GtkLabel            *large_title;
  GtkLabel            *large_label;
  GtkWidget           *progress_box;
  GtkProgressBar      *progress_bar;
  GtkWidget           *close_file_button;
  GtkWidget           *summary_box;
  GtkLabel            *summary_label;
  GtkMenuButton       *example_button;
  AdwPreferencesGroup *restore_group;
  AdwActionRow        *restore_row;
  AdwPreferencesGroup *history_group;
  GtkListBox          *symptom_list;

  GtkNativeDialog     *chooser;
  GSettings           *settings;
  BdHistory           *history;
  /* The rows added to history_group, to remove them again. */
  GPtrArray           *history_rows;
  /* The entry offered by "Restore the text from last time". */
  char                *unfinished_id;

  /* Where the input came from. @raw: the bytes of an opened file, an
   * example or a history entry while the view shows them unchanged (the
   * analysis gets them, MIME and charsets intact). @large_file: a file too
   * large to show. */
  GBytes              *raw;
  GFile               *large_file;
  char                *input_name;
  /* "I have no error message": the chosen KB symptom. */
  char                *symptom_id;

  /* Each change of the input counts; what the history entry @history_id
   * and the session's report were made from. */
  guint                input_serial;
  guint                history_serial;
  guint                applied_serial;
  guint                applying_serial;
  char                *history_id;

  GCancellable        *load_cancellable;
  GCancellable        *summary_cancellable;
  GCancellable        *apply_cancellable;
  guint                summary_source;
  /* The live summary's analysis, for the input numbered @summary_serial:
   * Next takes it instead of analysing the same bytes again. */
  BdReport            *summary_report;
  GBytes              *summary_bytes;
  guint                summary_serial;

  guint                setting_text : 1;
  guint                summary_running : 1;
};

/* bd-input-step.c */
void _bd_input_step_take_input   (BdInputStep  *self,
                                  GBytes       *bytes,
                                  const char   *name,
                                  const char   *source);
void _bd_input_step_show_error   (BdInputStep  *self,
                                  const char   *message);
void _bd_input_step_update       (BdInputStep  *self);
GtkWidget *_bd_input_step_new_decorative_image (const char *icon_name);

/* bd-input-step-history.c: recent diagnoses */
void _bd_input_step_history_init    (BdInputStep  *self);
void _bd_input_step_history_save    (BdInputStep  *self,
                                     GBytes       *bytes);
void _bd_input_step_history_finish  (BdInputStep  *self,
                                     BdReport     *report);
void _bd_input_step_history_reopen  (BdInputStep  *self,
                                     const char   *id,
                                     gboolean      analyse);
void _bd_input_step_class_history_init (GtkWidgetClass *widget_class);

/* bd-input-step-examples.c: examples and symptoms */
void _bd_input_step_examples_init        (BdInputStep  *self);
void _bd_input_step_symptoms_init        (BdInputStep  *self);
void _bd_input_step_class_examples_init  (GtkWidgetClass *widget_class);

G_END_DECLS
