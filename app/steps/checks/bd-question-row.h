/* bd-question-row.h: one guided question in the checks step
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bd-kb.h"

G_BEGIN_DECLS

#define BD_TYPE_QUESTION_ROW (bd_question_row_get_type ())

G_DECLARE_FINAL_TYPE (BdQuestionRow, bd_question_row, BD, QUESTION_ROW, AdwPreferencesRow)

GtkWidget          *bd_question_row_new          (const BdKbQuestion *question);
const BdKbQuestion *bd_question_row_get_question (BdQuestionRow      *self);
/* BD_ANSWER_UNKNOWN both when "Don't know" is chosen and when nothing is. */
BdAnswer            bd_question_row_get_answer   (BdQuestionRow      *self);
/* Shows @answer without emitting BdQuestionRow::answered; @chosen says
 * whether an unknown answer was picked as "Don't know". */
void                bd_question_row_set_answer   (BdQuestionRow      *self,
                                                  BdAnswer            answer,
                                                  gboolean            chosen);
gboolean            bd_question_row_get_helpdesk (BdQuestionRow      *self);
void                bd_question_row_set_helpdesk (BdQuestionRow      *self,
                                                  gboolean            helpdesk);
/* The question as shown now (translated; the script in helpdesk mode). */
const char         *bd_question_row_get_text     (BdQuestionRow      *self);

G_END_DECLS
