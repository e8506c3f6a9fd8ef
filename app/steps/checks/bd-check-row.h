/* bd-check-row.h: one live check in the checks step
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bd-check.h"

G_BEGIN_DECLS

/* What a check row shows (SPEC §2 step 3). */
typedef enum
{
  BD_CHECK_STATE_READY,        /* can run, not started */
  BD_CHECK_STATE_RUNNING,
  BD_CHECK_STATE_PASS,
  BD_CHECK_STATE_WARN,
  BD_CHECK_STATE_FAIL,
  BD_CHECK_STATE_UNKNOWN,      /* ran but could not tell */
  BD_CHECK_STATE_SKIPPED,      /* nothing to check, or not allowed */
} BdCheckState;

#define BD_TYPE_CHECK_STATE (bd_check_state_get_type ())
GType bd_check_state_get_type (void);

#define BD_TYPE_CHECK_ROW (bd_check_row_get_type ())

G_DECLARE_FINAL_TYPE (BdCheckRow, bd_check_row, BD, CHECK_ROW, AdwExpanderRow)

GtkWidget    *bd_check_row_new          (const char   *check_id,
                                         const char   *target);
const char   *bd_check_row_get_check_id (BdCheckRow   *self);
const char   *bd_check_row_get_target   (BdCheckRow   *self);
BdCheckState  bd_check_row_get_state    (BdCheckRow   *self);
void          bd_check_row_set_state    (BdCheckRow   *self,
                                         BdCheckState  state);
/* One line on the outcome; NULL shows what the state says. */
const char   *bd_check_row_get_summary  (BdCheckRow   *self);
void          bd_check_row_set_summary  (BdCheckRow   *self,
                                         const char   *summary);
/* The raw answer, behind the row's expander; NULL hides it. */
const char   *bd_check_row_get_details  (BdCheckRow   *self);
void          bd_check_row_set_details  (BdCheckRow   *self,
                                         const char   *details);

/* A row that sums up others opens without details too; whoever shows it
 * shows those rows while it is open (#AdwExpanderRow:expanded). */
gboolean      bd_check_row_get_expandable (BdCheckRow *self);
void          bd_check_row_set_expandable (BdCheckRow *self,
                                           gboolean    expandable);

/* The state a finished or pending result of the engine shows. */
BdCheckState  bd_check_state_from_status (BdCheckStatus status,
                                          gboolean      running);
/* "Passed", "Problem", "Can’t tell" … */
const char   *bd_check_state_get_label  (BdCheckState  state);

/* "Reverse DNS (PTR) of 203.0.113.45": a localised title for a check
 * (SPEC §7 id) of @target (nullable), a target as BdCheckRun plans it
 * ("mx.example.org:587", "example.org/192.0.2.1", a block list's zone). */
char         *bd_check_dup_title        (const char   *check_id,
                                         const char   *target);

G_END_DECLS
