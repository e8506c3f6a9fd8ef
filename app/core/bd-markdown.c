/* bd-markdown.c: the report as Markdown, to share with an administrator
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bd-markdown.h"
