/* bd-resolver.h: DNS through libunbound, in the GLib main loop
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bd-dns.h"

G_BEGIN_DECLS

#define BD_TYPE_RESOLVER (bd_resolver_get_type ())

G_DECLARE_FINAL_TYPE (BdResolver, bd_resolver, BD, RESOLVER, GObject)

/* @resolv_conf: the resolvers to forward to, NULL for the system's
 * (/etc/resolv.conf, which Flatpak provides too). */
BdResolver   *bd_resolver_new             (const char          *resolv_conf,
                                           GError             **error);
/* Forwards to one server, "192.0.2.53" or "127.0.0.1@5353" (for tests on
 * loopback and for the DNS-over-HTTPS comparison's fallback). */
BdResolver   *bd_resolver_new_forward     (const char          *server,
                                           GError             **error);
/* The nameservers it forwards to, as read from the configuration. */
const char   *bd_resolver_get_servers     (BdResolver          *self);

/* Always gives an answer (its status says NXDOMAIN, timeout …) unless
 * cancelled (G_IO_ERROR_CANCELLED) or the query could not be started. A
 * @timeout_ms of 0 means 5 s. */
void          bd_resolver_lookup_async    (BdResolver          *self,
                                           const char          *name,
                                           BdDnsType            type,
                                           guint                timeout_ms,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
BdDnsAnswer  *bd_resolver_lookup_finish   (BdResolver          *self,
                                           GAsyncResult        *result,
                                           GError             **error);

/* Decodes one record's RDATA in wire format; NULL when malformed.
 * TXT strings are joined, with octets outside printable ASCII written as
 * \DDD (zone-file style) so that no NUL reaches a C string. */
char         *bd_resolver_rdata_to_text   (BdDnsType            type,
                                           const guint8        *rdata,
                                           gsize                len,
                                           guint16             *preference);

G_END_DECLS
