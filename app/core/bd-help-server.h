/* bd-help-server.h: serves the HTML help on 127.0.0.1
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Flatpak does not export /app/share/help, so inside the sandbox the host's
 * help viewer cannot open help: URIs. There the app serves the help as HTML
 * (help/build-html.sh) to the host's browser instead: the sandbox shares the
 * host's network namespace, so 127.0.0.1 is the same on both sides.
 *
 * Only GET and HEAD of regular files under the root directory are answered,
 * only on 127.0.0.1; the server stops when the object is disposed. */

/* Files larger than this are not served. */
#define BD_HELP_SERVER_MAX_FILE_SIZE (8 * 1024 * 1024)

#define BD_TYPE_HELP_SERVER (bd_help_server_get_type ())

G_DECLARE_FINAL_TYPE (BdHelpServer, bd_help_server, BD, HELP_SERVER, GObject)

/* @root_dir: the folder with one subfolder per language (C/, ru/). */
BdHelpServer *bd_help_server_new          (const char    *root_dir);
const char   *bd_help_server_get_root_dir (BdHelpServer  *self);
/* Listens on 127.0.0.1 on a free port; again is a no-op. */
gboolean      bd_help_server_start        (BdHelpServer  *self,
                                           GError       **error);
/* The port listened on, or 0 before _start(). */
guint         bd_help_server_get_port     (BdHelpServer  *self);
/* "http://127.0.0.1:PORT/@lang/@page.html"; @lang "C" or "ru", @page
 * %NULL for the index. %NULL before _start(). */
char         *bd_help_server_dup_uri      (BdHelpServer  *self,
                                           const char    *lang,
                                           const char    *page);

G_END_DECLS
