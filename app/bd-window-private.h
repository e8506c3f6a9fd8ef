/* bd-window-private.h: the window's parts, for its other files and tests
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bd-assistant.h"
#include "bd-session.h"
#include "bd-window.h"

G_BEGIN_DECLS

/* The steps in the order the user walks them. */
typedef enum
{
  BD_WINDOW_STEP_INPUT,
  BD_WINDOW_STEP_DIAGNOSIS,
  BD_WINDOW_STEP_CHECKS,
  BD_WINDOW_STEP_FIXES,
  BD_WINDOW_STEP_REPORT,
  BD_WINDOW_N_STEPS
} BdWindowStep;

struct _BdWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwWindowTitle       *window_title;
  AdwToastOverlay      *toast_overlay;
  BdAssistant          *assistant;
  GtkMenuButton        *menu_button;

  BdSession            *session;
  GSettings            *settings;
  BdStep               *steps[BD_WINDOW_N_STEPS];
};

BdSession   *bd_window_get_session    (BdWindow     *self);
BdAssistant *bd_window_get_assistant  (BdWindow     *self);
BdStep      *bd_window_get_step       (BdWindow     *self,
                                       BdWindowStep  step);
void         bd_window_add_toast      (BdWindow     *self,
                                       AdwToast     *toast);

/* bd-window-actions.c */
void         _bd_window_class_actions_init (BdWindowClass *klass);
void         _bd_window_actions_init       (BdWindow      *self);
void         _bd_window_actions_update     (BdWindow      *self);
char        *_bd_window_dup_help_uri       (BdWindow      *self,
                                            gboolean       for_step);
char        *_bd_window_dup_help_http_uri  (BdWindow      *self,
                                            gboolean       for_step,
                                            GError       **error);

G_END_DECLS
