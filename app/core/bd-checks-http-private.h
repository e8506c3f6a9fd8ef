/* bd-checks-http-private.h: parts of the HTTPS checks, for tests
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

SoupSession *_bd_http_get_session     (void);
GHashTable  *_bd_mta_sts_parse_policy (const char  *text,
                                       GPtrArray  **mx);
GPtrArray   *_bd_doh_parse            (const char  *json,
                                       gsize        len,
                                       int          type,
                                       int         *status);

G_END_DECLS
