/* bd-history.h: recent diagnoses, kept on this computer
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bd-report.h"

G_BEGIN_DECLS

typedef struct
{
  char       *id;         /* unique, also the name of the saved input file */
  GDateTime  *time;       /* when the input was saved */
  char       *name;       /* nullable: the file it came from */
  char       *summary;    /* nullable until analysed: "Postfix bounce · 1 recipient · 554 5.7.1" */
  char       *headline;   /* nullable until analysed: the most likely cause, translated */
  char       *category;   /* nullable: category id of the most likely cause */
  gboolean    finished;   /* an analysis result was recorded */
} BdHistoryEntry;

/* How many entries are kept; the oldest finished ones go first. */
#define BD_HISTORY_MAX_ENTRIES 50

#define BD_TYPE_HISTORY (bd_history_get_type ())

G_DECLARE_FINAL_TYPE (BdHistory, bd_history, BD, HISTORY, GObject)

/* @dir: where the index (history.json) and the saved inputs live, e.g.
 * g_get_user_data_dir()/bounce-doctor. Nothing is read until _load(). */
BdHistory            *bd_history_new            (const char   *dir);
gboolean              bd_history_load           (BdHistory    *self,
                                                 GError      **error);
/* When disabled, nothing is listed or kept except the one unfinished draft
 * (so a crash still loses nothing); disabling deletes the entries. */
gboolean              bd_history_get_enabled    (BdHistory    *self);
void                  bd_history_set_enabled    (BdHistory    *self,
                                                 gboolean      enabled);
/* Newest first; emits "changed" when it changes. */
guint                 bd_history_get_n_entries  (BdHistory    *self);
const BdHistoryEntry *bd_history_get_entry      (BdHistory    *self,
                                                 guint         position);
const BdHistoryEntry *bd_history_lookup         (BdHistory    *self,
                                                 const char   *id);
/* Saves @input before it is analysed; returns the new entry's id. */
char                 *bd_history_save_input     (BdHistory    *self,
                                                 GBytes       *input,
                                                 const char   *name,
                                                 GError      **error);
/* Records the result of analysing entry @id. */
gboolean              bd_history_set_result     (BdHistory    *self,
                                                 const char   *id,
                                                 BdReport     *report,
                                                 GError      **error);
GBytes               *bd_history_load_input     (BdHistory    *self,
                                                 const char   *id,
                                                 GError      **error);
/* The newest entry that was saved but never finished (the app closed or
 * crashed during analysis), or NULL. */
const BdHistoryEntry *bd_history_get_unfinished (BdHistory    *self);
gboolean              bd_history_remove         (BdHistory    *self,
                                                 const char   *id,
                                                 GError      **error);
gboolean              bd_history_clear          (BdHistory    *self,
                                                 GError      **error);
/* Stops offering @id as unfinished without recording a result (the user
 * declined to restore it, or its analysis failed or was cancelled): with
 * the history on it stays listed without a summary; off, the draft goes. */
gboolean              bd_history_dismiss_unfinished (BdHistory *self,
                                                 const char   *id,
                                                 GError      **error);
const char           *bd_history_get_directory  (BdHistory    *self);

G_END_DECLS
