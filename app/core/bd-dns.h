/* bd-dns.h: DNS answers as the checks need them
 *
 * An answer keeps what a user or an admin needs to tell problems apart:
 * NXDOMAIN vs no data vs SERVFAIL vs timeout, the records with TTLs, which
 * resolver answered and the DNSSEC state.
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* RR types we ask for (their numbers on the wire). */
typedef enum
{
  BD_DNS_A     = 1,
  BD_DNS_CNAME = 5,
  BD_DNS_PTR   = 12,
  BD_DNS_MX    = 15,
  BD_DNS_TXT   = 16,
  BD_DNS_AAAA  = 28,
} BdDnsType;

typedef enum
{
  BD_DNS_STATUS_OK = 0,     /* NOERROR with records */
  BD_DNS_STATUS_NODATA,     /* NOERROR, the name exists but has no such records */
  BD_DNS_STATUS_NXDOMAIN,   /* the name does not exist */
  BD_DNS_STATUS_SERVFAIL,   /* the resolver failed (also REFUSED through a forwarder) */
  BD_DNS_STATUS_REFUSED,
  BD_DNS_STATUS_TIMEOUT,
  BD_DNS_STATUS_ERROR,      /* any other failure: bad name, no resolver … */
} BdDnsStatus;

typedef enum
{
  BD_DNSSEC_INSECURE = 0,
  BD_DNSSEC_SECURE,
  BD_DNSSEC_BOGUS,
} BdDnssecState;

typedef struct
{
  BdDnsType  type;
  guint32    ttl;
  guint16    preference;  /* MX */
  /* A/AAAA: the address as text; MX/PTR/CNAME: the target name without the
   * final dot; TXT: the character strings joined. */
  char      *data;
} BdDnsRecord;

typedef struct
{
  char          *name;
  BdDnsType      type;
  BdDnsStatus    status;
  int            rcode;
  GPtrArray     *records;   /* of BdDnsRecord */
  char          *resolver;  /* nullable: who answered */
  BdDnssecState  dnssec;
  char          *why_bogus; /* nullable */
  gint64         usec;      /* how long it took */
} BdDnsAnswer;

BdDnsAnswer *bd_dns_answer_new         (const char        *name,
                                        BdDnsType          type,
                                        BdDnsStatus        status);
void         bd_dns_answer_add_record  (BdDnsAnswer       *self,
                                        BdDnsType          type,
                                        guint32            ttl,
                                        guint16            preference,
                                        const char        *data);
BdDnsAnswer *bd_dns_answer_copy        (const BdDnsAnswer *self);
void         bd_dns_answer_free        (BdDnsAnswer       *self);
gboolean     bd_dns_answer_is_error    (const BdDnsAnswer *self);

const char  *bd_dns_type_to_string     (BdDnsType          type);
const char  *bd_dns_status_to_string   (BdDnsStatus        status);
/* "4.3.2.1.in-addr.arpa" or the ip6.arpa nibbles, without the final dot. */
char        *bd_dns_reverse_name       (GInetAddress      *address);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdDnsAnswer, bd_dns_answer_free)

G_END_DECLS
