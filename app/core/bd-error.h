/* bd-error.h: the error domain of Bounce Doctor
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define BD_ERROR (bd_error_quark ())

typedef enum
{
  BD_ERROR_FAILED,
  BD_ERROR_NOT_TEXT,    /* the input holds no readable text */
  BD_ERROR_TOO_LARGE,   /* the input exceeds a limit */
  BD_ERROR_KB,          /* a knowledge-base file is broken */
} BdError;

GQuark bd_error_quark (void);

G_END_DECLS
