/* bd-assistant.h: the wizard: steps on a GtkStack with Back and Next
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bd-step.h"

G_BEGIN_DECLS

#define BD_TYPE_ASSISTANT (bd_assistant_get_type ())

G_DECLARE_FINAL_TYPE (BdAssistant, bd_assistant, BD, ASSISTANT, AdwBin)

GtkWidget *bd_assistant_new              (void);
void       bd_assistant_add_step         (BdAssistant *self,
                                          BdStep      *step);
BdStep    *bd_assistant_get_current      (BdAssistant *self);
guint      bd_assistant_get_position     (BdAssistant *self);
guint      bd_assistant_get_n_steps      (BdAssistant *self);
BdStep    *bd_assistant_get_step         (BdAssistant *self,
                                          guint        position);
gboolean   bd_assistant_get_can_go_back  (BdAssistant *self);
gboolean   bd_assistant_get_can_go_next  (BdAssistant *self);
/* Next runs the current step's apply first; Back never loses anything. */
void       bd_assistant_next             (BdAssistant *self);
void       bd_assistant_back             (BdAssistant *self);
void       bd_assistant_go_to            (BdAssistant *self,
                                          BdStep      *step);

G_END_DECLS
