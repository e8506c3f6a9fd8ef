/* bd-input-step.h: the wizard's input step
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bd-step.h"

G_BEGIN_DECLS

#define BD_TYPE_INPUT_STEP (bd_input_step_get_type ())

G_DECLARE_FINAL_TYPE (BdInputStep, bd_input_step, BD, INPUT_STEP, BdStep)

GtkWidget *bd_input_step_new          (BdSession   *session);
/* Loads @file into the input, where the live summary analyses it; a file
 * too large to show is offered instead, and "Next" analyses it from disk
 * with a progress bar. Unreadable files, folders and devices give a
 * message and keep the input as it was. */
void       bd_input_step_open_file    (BdInputStep *self,
                                       GFile       *file);
/* Shows the file chooser (the portal inside Flatpak). */
void       bd_input_step_choose_file  (BdInputStep *self);
/* Pastes the clipboard into the input, replacing nothing else. */
void       bd_input_step_paste        (BdInputStep *self);

G_END_DECLS
