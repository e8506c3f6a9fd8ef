/* bd-redact.h: hide email addresses and IP addresses before sharing
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Returns a copy of @text with the local part of every email address
 * replaced by "userN" (the domain is kept: it says which provider refused
 * the mail), and every IPv4/IPv6 address by "ipv4-N"/"ipv6-N". The same
 * address always maps to the same placeholder within one call, so a reader
 * can still tell which lines talk about the same host or person. */
char *bd_redact_text (const char *text);

G_END_DECLS
