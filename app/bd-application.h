/* bd-application.h: the Bounce Doctor application object
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define BD_TYPE_APPLICATION (bd_application_get_type ())

G_DECLARE_FINAL_TYPE (BdApplication, bd_application, BD, APPLICATION, AdwApplication)

BdApplication *bd_application_new            (const char        *application_id,
                                              GApplicationFlags  flags);
/* Text for the About window's troubleshooting page (versions, Flatpak). */
char          *bd_application_dup_debug_info (void);

G_END_DECLS
