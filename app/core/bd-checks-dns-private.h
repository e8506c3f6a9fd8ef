/* bd-checks-dns-private.h: parts of the DNS checks, for tests
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

char       *_bd_dmarc_org_domain  (const char   *domain);
gboolean    _bd_dmarc_aligned     (const char   *from_domain,
                                   const char   *auth_domain,
                                   gboolean      strict);
GHashTable *_bd_dmarc_parse       (const char   *record);
char       *_bd_dnsbl_query_name  (GInetAddress *ip,
                                   const char   *zone);

G_END_DECLS
