/* bd-error.c
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bd-error.h"

G_DEFINE_QUARK (bd-error-quark, bd_error)
