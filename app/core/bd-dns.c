/* bd-dns.c: DNS answers as the checks need them
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bd-dns.h"

static void
bd_dns_record_free (BdDnsRecord *record)
{
  g_free (record->data);
  g_free (record);
}

BdDnsAnswer *
bd_dns_answer_new (const char  *name,
                   BdDnsType    type,
                   BdDnsStatus  status)
{
  BdDnsAnswer *self = g_new0 (BdDnsAnswer, 1);

  self->name = g_strdup (name);
  self->type = type;
  self->status = status;
  self->records = g_ptr_array_new_with_free_func ((GDestroyNotify) bd_dns_record_free);
  return self;
}

void
bd_dns_answer_add_record (BdDnsAnswer *self,
                          BdDnsType    type,
                          guint32      ttl,
                          guint16      preference,
                          const char  *data)
{
  BdDnsRecord *record;

  g_return_if_fail (self != NULL);
  g_return_if_fail (data != NULL);

  record = g_new0 (BdDnsRecord, 1);
  record->type = type;
  record->ttl = ttl;
  record->preference = preference;
  record->data = g_strdup (data);
  g_ptr_array_add (self->records, record);
}

BdDnsAnswer *
bd_dns_answer_copy (const BdDnsAnswer *self)
{
  BdDnsAnswer *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = bd_dns_answer_new (self->name, self->type, self->status);
  copy->rcode = self->rcode;
  copy->resolver = g_strdup (self->resolver);
  copy->dnssec = self->dnssec;
  copy->why_bogus = g_strdup (self->why_bogus);
  copy->usec = self->usec;
  for (guint i = 0; i < self->records->len; i++)
    {
      const BdDnsRecord *r = g_ptr_array_index (self->records, i);

      bd_dns_answer_add_record (copy, r->type, r->ttl, r->preference, r->data);
    }
  return copy;
}

void
bd_dns_answer_free (BdDnsAnswer *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->resolver);
  g_free (self->why_bogus);
  g_ptr_array_unref (self->records);
  g_free (self);
}

/* SERVFAIL, REFUSED, timeout or another failure: the answer says nothing
 * about the name. */
gboolean
bd_dns_answer_is_error (const BdDnsAnswer *self)
{
  g_return_val_if_fail (self != NULL, TRUE);

  return self->status != BD_DNS_STATUS_OK &&
         self->status != BD_DNS_STATUS_NODATA &&
         self->status != BD_DNS_STATUS_NXDOMAIN;
}

const char *
bd_dns_type_to_string (BdDnsType type)
{
  switch (type)
    {
    case BD_DNS_A: return "A";
    case BD_DNS_CNAME: return "CNAME";
    case BD_DNS_PTR: return "PTR";
    case BD_DNS_MX: return "MX";
    case BD_DNS_TXT: return "TXT";
    case BD_DNS_AAAA: return "AAAA";
    default: return "?";
    }
}

const char *
bd_dns_status_to_string (BdDnsStatus status)
{
  switch (status)
    {
    case BD_DNS_STATUS_OK: return "ok";
    case BD_DNS_STATUS_NODATA: return "nodata";
    case BD_DNS_STATUS_NXDOMAIN: return "nxdomain";
    case BD_DNS_STATUS_SERVFAIL: return "servfail";
    case BD_DNS_STATUS_REFUSED: return "refused";
    case BD_DNS_STATUS_TIMEOUT: return "timeout";
    case BD_DNS_STATUS_ERROR:
    default: return "error";
    }
}

char *
bd_dns_reverse_name (GInetAddress *address)
{
  const guint8 *bytes;
  GString *name;

  g_return_val_if_fail (G_IS_INET_ADDRESS (address), NULL);

  bytes = g_inet_address_to_bytes (address);
  name = g_string_new (NULL);
  if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV4)
    {
      g_string_printf (name, "%u.%u.%u.%u.in-addr.arpa", bytes[3], bytes[2], bytes[1], bytes[0]);
    }
  else
    {
      for (int i = 15; i >= 0; i--)
        g_string_append_printf (name, "%x.%x.", bytes[i] & 0xf, bytes[i] >> 4);
      g_string_append (name, "ip6.arpa");
    }
  return g_string_free (name, FALSE);
}
