/* bd-checks-dns.c: the DNS checks: MX, PTR, HELO, SPF, DMARC, block lists
 *
 * Each check is a small chain of lookups through the run's resolver; what
 * every answer said goes into the result's details, and the summary says
 * in plain words what it means for the mail.
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "bd-check-private.h"
#include "bd-checks-dns-private.h"
#include "bd-spf.h"

/* "SERVFAIL", "timeout" … for summaries */
static const char *
status_words (const BdDnsAnswer *answer)
{
  switch (answer->status)
    {
    case BD_DNS_STATUS_SERVFAIL: return _("the server failed (SERVFAIL)");
    case BD_DNS_STATUS_REFUSED: return _("the query was refused");
    case BD_DNS_STATUS_TIMEOUT: return _("no answer in time");
    default: return _("an error");
    }
}

static void
done_dns_error (BdCheckTask       *task,
                const BdDnsAnswer *answer)
{
  /* Translators: %s is a DNS name, the second %s e.g. "no answer in time" */
  _bd_check_task_donef (task, BD_CHECK_UNKNOWN, _("The DNS lookup of %s failed (%s): can’t tell."),
                        answer->name, status_words (answer));
}

static gboolean
answer_has (const BdDnsAnswer *answer,
            const char        *data)
{
  for (guint i = 0; i < answer->records->len; i++)
    if (g_ascii_strcasecmp (((BdDnsRecord *) g_ptr_array_index (answer->records, i))->data, data) == 0)
      return TRUE;
  return FALSE;
}

static char *
join_records (const BdDnsAnswer *answer)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < answer->records->len; i++)
    {
      BdDnsRecord *r = g_ptr_array_index (answer->records, i);

      if (out->len > 0)
        g_string_append (out, ", ");
      g_string_append (out, r->data);
    }
  return g_string_free (out, FALSE);
}

static BdDnsType
address_type (GInetAddress *ip)
{
  return ip != NULL && g_inet_address_get_family (ip) == G_SOCKET_FAMILY_IPV6 ? BD_DNS_AAAA : BD_DNS_A;
}

/* ------------------------------------------------------------------------ */
/* dns.mx */

static void
mx_host_cb (BdCheckTask       *task,
            const BdDnsAnswer *answer)
{
  const char *host = task->data;

  if (answer->status == BD_DNS_STATUS_OK)
    _bd_check_task_donef (task, BD_CHECK_PASS,
                          /* Translators: a domain, then its mail server */
                          _("%s receives mail through %s, which has an address."), task->domain, host);
  else if (answer->status == BD_DNS_STATUS_NXDOMAIN || answer->status == BD_DNS_STATUS_NODATA)
    _bd_check_task_donef (task, BD_CHECK_FAIL,
                          /* Translators: a domain, then the name of its mail server */
                          _("%s names %s as its mail server, but that name has no address: mail cannot be delivered."),
                          task->domain, host);
  else
    done_dns_error (task, answer);
}

static void
mx_address_cb (BdCheckTask       *task,
               const BdDnsAnswer *answer)
{
  if (answer->status == BD_DNS_STATUS_OK)
    {
      g_autofree char *addresses = join_records (answer);

      json_object_set_boolean_member (_bd_check_task_details (task), "implicit_mx", TRUE);
      _bd_check_task_donef (task, BD_CHECK_WARN,
                            /* Translators: a domain, then its addresses */
                            _("%s has no MX record; mail goes straight to its address (%s). That works but is unusual."),
                            task->domain, addresses);
    }
  else if (bd_dns_answer_is_error (answer))
    done_dns_error (task, answer);
  else
    _bd_check_task_donef (task, BD_CHECK_FAIL,
                          _("%s has neither mail servers (MX) nor an address: it cannot receive mail."),
                          task->domain);
}

static void
mx_cb (BdCheckTask       *task,
       const BdDnsAnswer *answer)
{
  const BdDnsRecord *best = NULL;

  switch (answer->status)
    {
    case BD_DNS_STATUS_NXDOMAIN:
      json_object_set_boolean_member (_bd_check_task_details (task), "nxdomain", TRUE);
      _bd_check_task_donef (task, BD_CHECK_FAIL,
                            /* Translators: %s is a domain */
                            _("The domain %s does not exist (NXDOMAIN): mail to it can never be delivered. Check the address for typing errors."),
                            task->domain);
      return;
    case BD_DNS_STATUS_NODATA:
      json_object_set_boolean_member (_bd_check_task_details (task), "mx", FALSE);
      _bd_check_task_lookup (task, task->domain, BD_DNS_A, mx_address_cb);
      return;
    case BD_DNS_STATUS_OK:
      break;
    default:
      done_dns_error (task, answer);
      return;
    }

  for (guint i = 0; i < answer->records->len; i++)
    {
      const BdDnsRecord *r = g_ptr_array_index (answer->records, i);

      if (best == NULL || r->preference < best->preference)
        best = r;
    }
  /* RFC 7505: a single "0 ." says the domain takes no mail */
  if (answer->records->len == 1 && (g_str_equal (best->data, ".") || best->data[0] == '\0'))
    {
      json_object_set_boolean_member (_bd_check_task_details (task), "null_mx", TRUE);
      _bd_check_task_donef (task, BD_CHECK_FAIL,
                            _("%s says it accepts no mail at all (a “null MX” record)."), task->domain);
      return;
    }

  task->data = g_strdup (best->data);
  task->data_free = g_free;
  _bd_check_task_lookup (task, best->data, BD_DNS_A, mx_host_cb);
}

void
_bd_check_dns_mx (BdCheckTask *task)
{
  _bd_check_task_lookup (task, task->domain, BD_DNS_MX, mx_cb);
}

/* ------------------------------------------------------------------------ */
/* dns.ptr */

static void
ptr_forward_cb (BdCheckTask       *task,
                const BdDnsAnswer *answer)
{
  const char *name = task->data;
  g_autofree char *ip = g_inet_address_to_string (task->client_ip);

  if (answer->status == BD_DNS_STATUS_OK && answer_has (answer, ip))
    {
      json_object_set_boolean_member (_bd_check_task_details (task), "forward_confirmed", TRUE);
      _bd_check_task_donef (task, BD_CHECK_PASS,
                            /* Translators: an IP address, then its reverse name */
                            _("%s has the reverse name %s, and that name points back to it."), ip, name);
    }
  else if (bd_dns_answer_is_error (answer))
    done_dns_error (task, answer);
  else
    {
      json_object_set_boolean_member (_bd_check_task_details (task), "forward_confirmed", FALSE);
      _bd_check_task_donef (task, BD_CHECK_WARN,
                            /* Translators: an IP address, then its reverse name */
                            _("%s has the reverse name %s, but that name does not point back to %s. Some receivers refuse such mail."),
                            ip, name, ip);
    }
}

static void
ptr_cb (BdCheckTask       *task,
        const BdDnsAnswer *answer)
{
  g_autofree char *ip = g_inet_address_to_string (task->client_ip);
  const BdDnsRecord *record;

  if (answer->status == BD_DNS_STATUS_NXDOMAIN || answer->status == BD_DNS_STATUS_NODATA)
    {
      _bd_check_task_donef (task, BD_CHECK_FAIL,
                            /* Translators: %s is an IP address */
                            _("%s has no reverse DNS (PTR) record. Many receiving servers refuse mail from such addresses."),
                            ip);
      return;
    }
  if (answer->status != BD_DNS_STATUS_OK)
    {
      done_dns_error (task, answer);
      return;
    }

  record = g_ptr_array_index (answer->records, 0);
  json_object_set_string_member (_bd_check_task_details (task), "name", record->data);
  task->data = g_strdup (record->data);
  task->data_free = g_free;
  _bd_check_task_lookup (task, record->data, address_type (task->client_ip), ptr_forward_cb);
}

void
_bd_check_dns_ptr (BdCheckTask *task)
{
  g_autofree char *reverse = bd_dns_reverse_name (task->client_ip);

  _bd_check_task_lookup (task, reverse, BD_DNS_PTR, ptr_cb);
}

/* ------------------------------------------------------------------------ */
/* dns.helo */

static void
helo_cb (BdCheckTask       *task,
         const BdDnsAnswer *answer)
{
  g_autofree char *ip = task->client_ip ? g_inet_address_to_string (task->client_ip) : NULL;

  if (answer->status == BD_DNS_STATUS_NXDOMAIN || answer->status == BD_DNS_STATUS_NODATA)
    _bd_check_task_donef (task, BD_CHECK_FAIL,
                          /* Translators: %s is the name a server greets with */
                          _("The sending server introduces itself as %s, but that name does not exist in DNS."),
                          task->helo);
  else if (answer->status != BD_DNS_STATUS_OK)
    done_dns_error (task, answer);
  else if (ip == NULL || answer_has (answer, ip))
    _bd_check_task_donef (task, BD_CHECK_PASS,
                          _("The sending server introduces itself as %s, a name that exists and points to it."),
                          task->helo);
  else
    {
      g_autofree char *addresses = join_records (answer);

      _bd_check_task_donef (task, BD_CHECK_WARN,
                            /* Translators: a host name, its addresses, then the sending server's address */
                            _("The sending server introduces itself as %s, but that name points to %s, not to %s."),
                            task->helo, addresses, ip);
    }
}

void
_bd_check_dns_helo (BdCheckTask *task)
{
  const char *helo = task->helo;

  if (g_ascii_strcasecmp (helo, "localhost") == 0 ||
      g_ascii_strncasecmp (helo, "localhost.", 10) == 0)
    {
      _bd_check_task_donef (task, BD_CHECK_FAIL,
                            _("The sending server introduces itself as “%s”: receivers expect its real internet name."),
                            helo);
      return;
    }
  if (helo[0] == '[')
    {
      _bd_check_task_donef (task, BD_CHECK_WARN,
                            _("The sending server introduces itself with an address (%s) instead of a name. Some receivers refuse that."),
                            helo);
      return;
    }
  if (strchr (helo, '.') == NULL)
    {
      _bd_check_task_donef (task, BD_CHECK_FAIL,
                            _("The sending server introduces itself as “%s”, a bare computer name rather than a full internet name."),
                            helo);
      return;
    }
  _bd_check_task_lookup (task, helo, address_type (task->client_ip), helo_cb);
}

/* ------------------------------------------------------------------------ */
/* SPF, also for DMARC: the evaluation runs again with each new answer */

typedef struct
{
  GHashTable *cache;           /* "name/type" → BdDnsAnswer */
  void      (*finished) (BdCheckTask *task, BdSpfOutcome *outcome);
  /* DMARC */
  char       *policy_domain;
  char       *record;
} SpfState;

static void
spf_state_free (gpointer data)
{
  SpfState *state = data;

  g_hash_table_unref (state->cache);
  g_free (state->policy_domain);
  g_free (state->record);
  g_free (state);
}

static const BdDnsAnswer *
spf_lookup (const char *name,
            BdDnsType   type,
            gpointer    user_data)
{
  SpfState *state = user_data;
  g_autofree char *key = g_strdup_printf ("%s/%d", name, type);

  return g_hash_table_lookup (state->cache, key);
}

static void spf_evaluate (BdCheckTask *task);

static void
spf_answer_cb (BdCheckTask       *task,
               const BdDnsAnswer *answer)
{
  SpfState *state = task->data;

  g_hash_table_insert (state->cache, g_strdup_printf ("%s/%d", answer->name, answer->type),
                       bd_dns_answer_copy (answer));
  spf_evaluate (task);
}

static void
spf_evaluate (BdCheckTask *task)
{
  SpfState *state = task->data;
  BdSpfRequest request = {
    .ip = task->client_ip,
    .sender = task->sender != NULL ? task->sender : "",
    .helo = task->helo,
    .receiver = NULL,
    .now = g_get_real_time () / G_USEC_PER_SEC,
  };
  BdSpfOutcome outcome;

  if (request.sender[0] == '\0' && task->helo == NULL)
    request.sender = task->domain;

  if (bd_spf_check (&request, spf_lookup, state, &outcome) == BD_SPF_PENDING)
    {
      g_autofree char *name = g_strdup (outcome.pending_name);
      BdDnsType type = outcome.pending_type;

      bd_spf_outcome_clear (&outcome);
      _bd_check_task_lookup (task, name, type, spf_answer_cb);
      return;
    }
  state->finished (task, &outcome);
  bd_spf_outcome_clear (&outcome);
}

static void
spf_start (BdCheckTask *task,
           void       (*finished) (BdCheckTask *task, BdSpfOutcome *outcome))
{
  SpfState *state = task->data;

  if (state == NULL)
    {
      state = g_new0 (SpfState, 1);
      task->data = state;
      task->data_free = spf_state_free;
    }
  state->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) bd_dns_answer_free);
  state->finished = finished;
  spf_evaluate (task);
}

static void
spf_details (BdCheckTask  *task,
             BdSpfOutcome *outcome)
{
  JsonObject *details = _bd_check_task_details (task);

  json_object_set_string_member (details, "result", bd_spf_result_to_string (outcome->result));
  if (outcome->record != NULL)
    json_object_set_string_member (details, "record", outcome->record);
  if (outcome->mechanism != NULL)
    json_object_set_string_member (details, "mechanism", outcome->mechanism);
  if (outcome->explanation != NULL)
    json_object_set_string_member (details, "explanation", outcome->explanation);
  if (outcome->problem != NULL)
    json_object_set_string_member (details, "problem", outcome->problem);
  json_object_set_int_member (details, "lookups", outcome->n_lookups);
  json_object_set_int_member (details, "void_lookups", outcome->n_void);
}

static void
spf_finished (BdCheckTask  *task,
              BdSpfOutcome *outcome)
{
  g_autofree char *ip = g_inet_address_to_string (task->client_ip);
  const char *domain = outcome->domain;

  spf_details (task, outcome);
  switch (outcome->result)
    {
    case BD_SPF_PASS:
      _bd_check_task_donef (task, BD_CHECK_PASS,
                            /* Translators: a domain, then an IP address */
                            _("The SPF record of %s allows %s to send its mail."), domain, ip);
      break;
    case BD_SPF_FAIL:
      _bd_check_task_donef (task, BD_CHECK_FAIL,
                            /* Translators: a domain, then an IP address */
                            _("The SPF record of %s does not allow %s to send its mail: receivers may refuse it."),
                            domain, ip);
      break;
    case BD_SPF_SOFTFAIL:
      _bd_check_task_donef (task, BD_CHECK_WARN,
                            _("The SPF record of %s says %s should not send its mail (softfail): many receivers mark or refuse it."),
                            domain, ip);
      break;
    case BD_SPF_NEUTRAL:
      _bd_check_task_donef (task, BD_CHECK_WARN,
                            _("The SPF record of %s says nothing definite about %s (neutral)."), domain, ip);
      break;
    case BD_SPF_NONE:
      _bd_check_task_donef (task, BD_CHECK_WARN,
                            _("%s has no SPF record, so receivers cannot tell which servers may send its mail."),
                            domain);
      break;
    case BD_SPF_PERMERROR:
      if (outcome->n_lookups > 10)
        _bd_check_task_donef (task, BD_CHECK_FAIL,
                              _("The SPF record of %s needs more than 10 DNS lookups; receivers treat it as broken (permerror)."),
                              domain);
      else
        _bd_check_task_donef (task, BD_CHECK_FAIL,
                              _("The SPF record of %s has an error; receivers treat it as broken (permerror)."),
                              domain);
      break;
    case BD_SPF_TEMPERROR:
    default:
      _bd_check_task_donef (task, BD_CHECK_UNKNOWN,
                            _("The SPF record of %s could not be read right now (temporary DNS error): can’t tell."),
                            domain);
      break;
    }
}

void
_bd_check_dns_spf (BdCheckTask *task)
{
  spf_start (task, spf_finished);
}

/* ------------------------------------------------------------------------ */
/* dns.dmarc */

/* The organizational domain (public-suffix rules, libpsl under libsoup). */
char *
_bd_dmarc_org_domain (const char *domain)
{
  g_autoptr(GError) error = NULL;
  const char *base = soup_tld_get_base_domain (domain, &error);

  return g_ascii_strdown (base != NULL ? base : domain, -1);
}

/* RFC 7489 3.1: strict alignment wants the same name, relaxed the same
 * organizational domain. */
gboolean
_bd_dmarc_aligned (const char *from_domain,
                   const char *auth_domain,
                   gboolean    strict)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  if (from_domain == NULL || auth_domain == NULL)
    return FALSE;
  if (strict)
    return g_ascii_strcasecmp (from_domain, auth_domain) == 0;
  a = _bd_dmarc_org_domain (from_domain);
  b = _bd_dmarc_org_domain (auth_domain);
  return g_str_equal (a, b);
}

/* "v=DMARC1; p=reject; …" → tag → value; NULL when not a DMARC record */
GHashTable *
_bd_dmarc_parse (const char *record)
{
  g_autoptr(GHashTable) tags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) parts = g_strsplit (record, ";", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *part = g_strstrip (parts[i]);
      char *eq = strchr (part, '=');
      g_autofree char *key = NULL;

      if (*part == '\0')
        continue;
      if (eq == NULL)
        return NULL;
      g_autofree char *name = g_strndup (part, eq - part);

      key = g_ascii_strdown (g_strstrip (name), -1);
      if (i == 0 && (!g_str_equal (key, "v") || g_ascii_strcasecmp (g_strstrip (eq + 1), "DMARC1") != 0))
        {
          g_free (g_steal_pointer (&key));
          return NULL;
        }
      g_hash_table_replace (tags, g_steal_pointer (&key), g_ascii_strdown (g_strstrip (eq + 1), -1));
    }
  if (g_hash_table_size (tags) == 0)
    return NULL;
  return g_steal_pointer (&tags);
}

static void
dmarc_spf_finished (BdCheckTask  *task,
                    BdSpfOutcome *outcome)
{
  SpfState *state = task->data;
  g_autoptr(GHashTable) tags = _bd_dmarc_parse (state->record);
  JsonObject *details = _bd_check_task_details (task);
  const char *policy;
  const char *aspf;
  gboolean subdomain = !g_str_equal (state->policy_domain, task->domain);
  gboolean aligned;
  const char *spf_domain = outcome->domain;

  policy = subdomain && g_hash_table_contains (tags, "sp")
           ? g_hash_table_lookup (tags, "sp") : g_hash_table_lookup (tags, "p");
  aspf = g_hash_table_lookup (tags, "aspf");
  aligned = outcome->result == BD_SPF_PASS &&
            _bd_dmarc_aligned (task->domain, spf_domain, g_strcmp0 (aspf, "s") == 0);

  json_object_set_string_member (details, "record", state->record);
  json_object_set_string_member (details, "policy_domain", state->policy_domain);
  json_object_set_string_member (details, "policy", policy != NULL ? policy : "");
  json_object_set_string_member (details, "spf", bd_spf_result_to_string (outcome->result));
  if (spf_domain != NULL)
    json_object_set_string_member (details, "spf_domain", spf_domain);
  json_object_set_boolean_member (details, "spf_aligned", aligned);
  json_object_set_string_member (details, "aspf", g_strcmp0 (aspf, "s") == 0 ? "strict" : "relaxed");
  /* DKIM needs the original message's signature, which a bounce rarely
   * returns: not guessed */
  json_object_set_string_member (details, "dkim", "not checked");

  if (aligned)
    _bd_check_task_donef (task, BD_CHECK_PASS,
                          /* Translators: a domain */
                          _("Mail from %s passes DMARC through SPF: the sending server is allowed and the domains match."),
                          task->domain);
  else if (policy == NULL || g_str_equal (policy, "none"))
    _bd_check_task_donef (task, BD_CHECK_WARN,
                          _("%s publishes DMARC only for reports (p=none), and SPF does not pass aligned for this server; mail relies on DKIM."),
                          task->domain);
  else if (outcome->result == BD_SPF_PASS)
    _bd_check_task_donef (task, BD_CHECK_FAIL,
                          /* Translators: a domain, the policy (reject/quarantine), then the SPF domain */
                          _("The DMARC policy of %s is “%s”, and SPF passes only for %s, which does not match (not aligned). Without a matching DKIM signature receivers refuse such mail."),
                          task->domain, policy, spf_domain != NULL ? spf_domain : "");
  else
    _bd_check_task_donef (task, BD_CHECK_FAIL,
                          /* Translators: a domain, then the policy (reject/quarantine) */
                          _("The DMARC policy of %s is “%s”, and SPF does not pass for the sending server. Without a matching DKIM signature receivers refuse such mail."),
                          task->domain, policy);
}

static void dmarc_cb (BdCheckTask *task, const BdDnsAnswer *answer);

static void
dmarc_found (BdCheckTask       *task,
             const BdDnsAnswer *answer,
             const char        *policy_domain)
{
  SpfState *state;
  const char *record = NULL;

  for (guint i = 0; i < answer->records->len; i++)
    {
      BdDnsRecord *r = g_ptr_array_index (answer->records, i);
      g_autoptr(GHashTable) tags = _bd_dmarc_parse (r->data);

      if (tags != NULL)
        record = r->data;
    }
  if (record == NULL)
    {
      g_autofree char *org = _bd_dmarc_org_domain (task->domain);

      if (!g_str_equal (org, policy_domain))
        {
          g_autofree char *name = g_strconcat ("_dmarc.", org, NULL);

          _bd_check_task_lookup (task, name, BD_DNS_TXT, dmarc_cb);
          return;
        }
      _bd_check_task_donef (task, BD_CHECK_WARN,
                            _("%s publishes no DMARC policy. Large mailbox providers increasingly expect one."),
                            task->domain);
      return;
    }

  state = g_new0 (SpfState, 1);
  state->policy_domain = g_strdup (policy_domain);
  state->record = g_strdup (record);
  task->data = state;
  task->data_free = spf_state_free;

  if (task->client_ip == NULL)
    {
      g_autoptr(GHashTable) tags = _bd_dmarc_parse (record);

      json_object_set_string_member (_bd_check_task_details (task), "record", record);
      _bd_check_task_donef (task, BD_CHECK_PASS,
                            /* Translators: a domain, then its policy */
                            _("%s publishes a DMARC policy (p=%s)."), task->domain,
                            (const char *) g_hash_table_lookup (tags, "p"));
      return;
    }
  spf_start (task, dmarc_spf_finished);
}

static void
dmarc_cb (BdCheckTask       *task,
          const BdDnsAnswer *answer)
{
  if (bd_dns_answer_is_error (answer))
    {
      done_dns_error (task, answer);
      return;
    }
  /* the name asked was "_dmarc." + policy domain */
  dmarc_found (task, answer, answer->name + strlen ("_dmarc."));
}

void
_bd_check_dns_dmarc (BdCheckTask *task)
{
  g_autofree char *name = g_strconcat ("_dmarc.", task->domain, NULL);

  _bd_check_task_lookup (task, name, BD_DNS_TXT, dmarc_cb);
}

/* ------------------------------------------------------------------------ */
/* dnsbl */

typedef struct
{
  BdDnsAnswer *test;       /* the list's own test entry */
  BdDnsAnswer *unlisted;   /* the test address that must not be listed */
  BdDnsAnswer *client;
  char        *client_name;
  char        *test_name;
  guint        waiting;
} DnsblState;

static void
dnsbl_state_free (gpointer data)
{
  DnsblState *state = data;

  g_clear_pointer (&state->test, bd_dns_answer_free);
  g_clear_pointer (&state->unlisted, bd_dns_answer_free);
  g_clear_pointer (&state->client, bd_dns_answer_free);
  g_free (state->client_name);
  g_free (state->test_name);
  g_free (state);
}

/* "4.3.2.1.zen.spamhaus.org" or the nibbles of an IPv6 address */
char *
_bd_dnsbl_query_name (GInetAddress *ip,
                      const char   *zone)
{
  g_autofree char *reverse = bd_dns_reverse_name (ip);
  const char *suffix = g_inet_address_get_family (ip) == G_SOCKET_FAMILY_IPV4
                       ? ".in-addr.arpa" : ".ip6.arpa";

  reverse[strlen (reverse) - strlen (suffix)] = '\0';
  return g_strconcat (reverse, ".", zone, NULL);
}

static const BdKbAnswer *
find_code (const BdKbAnswer *codes,
           guint             n,
           const char       *answer)
{
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (codes[i].answer, answer) == 0)
      return &codes[i];
  return NULL;
}

/* The first refused code among the answer's records, if any. */
static const BdKbAnswer *
refused_code (const BdKbDnsbl   *list,
              const BdDnsAnswer *answer)
{
  for (guint i = 0; answer != NULL && i < answer->records->len; i++)
    {
      const BdKbAnswer *code = find_code (list->refused, list->n_refused,
                                          ((BdDnsRecord *) g_ptr_array_index (answer->records, i))->data);
      if (code != NULL)
        return code;
    }
  return NULL;
}

static gboolean
is_listed (const BdDnsAnswer *answer)
{
  return answer != NULL && answer->status == BD_DNS_STATUS_OK && answer->records->len > 0;
}

static void
dnsbl_decide (BdCheckTask *task)
{
  DnsblState *state = task->data;
  const BdKbDnsbl *list = task->list;
  JsonObject *details = _bd_check_task_details (task);
  const BdKbAnswer *refused;
  g_autofree char *ip = g_inet_address_to_string (task->client_ip);

  if (list->delist != NULL)
    json_object_set_string_member (details, "delist", list->delist);

  /* a refusal says nothing about the address */
  if ((refused = refused_code (list, state->client)) != NULL ||
      (refused = refused_code (list, state->test)) != NULL)
    {
      json_object_set_string_member (details, "refused", refused->answer);
      _bd_check_task_donef (task, BD_CHECK_UNKNOWN,
                            /* Translators: a block list's zone, then its reason */
                            _("%s refused to answer (%s): can’t tell. Lists often refuse queries that come through large public DNS services."),
                            list->zone, bd_kb_gettext (refused->meaning));
      return;
    }

  /* a DNS failure says nothing either */
  if (state->client == NULL || bd_dns_answer_is_error (state->client))
    {
      if (state->client != NULL)
        done_dns_error (task, state->client);
      else
        _bd_check_task_done (task, BD_CHECK_UNKNOWN, NULL);
      return;
    }
  if (state->test != NULL && bd_dns_answer_is_error (state->test))
    {
      done_dns_error (task, state->test);
      return;
    }

  if (state->test != NULL && !is_listed (state->test))
    {
      json_object_set_boolean_member (details, "test_entry_listed", FALSE);
      _bd_check_task_donef (task, BD_CHECK_UNKNOWN,
                            _("%s did not list its own test address, so its answers cannot be trusted from here: can’t tell."),
                            list->zone);
      return;
    }
  if (is_listed (state->unlisted))
    {
      json_object_set_boolean_member (details, "lists_everything", TRUE);
      _bd_check_task_donef (task, BD_CHECK_WARN,
                            _("%s says “listed” even for an address that is never listed: the list is broken or dead and should not be used."),
                            list->zone);
      return;
    }

  if (!is_listed (state->client))
    {
      json_object_set_boolean_member (details, "listed", FALSE);
      _bd_check_task_donef (task, BD_CHECK_PASS,
                            /* Translators: an IP address, then a block list */
                            _("%s is not listed on %s."), ip, list->zone);
      return;
    }

  {
    BdDnsRecord *record = g_ptr_array_index (state->client->records, 0);
    const BdKbAnswer *code = find_code (list->codes, list->n_codes, record->data);

    json_object_set_boolean_member (details, "listed", TRUE);
    json_object_set_string_member (details, "answer", record->data);
    if (code != NULL)
      {
        json_object_set_string_member (details, "meaning", code->meaning);
        _bd_check_task_donef (task, BD_CHECK_FAIL,
                              /* Translators: an IP address, a block list, the answer code, its meaning */
                              _("%s is listed on %s (%s: %s)"), ip, list->zone, record->data,
                              bd_kb_gettext (code->meaning));
      }
    else
      _bd_check_task_donef (task, BD_CHECK_FAIL,
                            /* Translators: an IP address, a block list, the answer code */
                            _("%s is listed on %s (answer %s)."), ip, list->zone, record->data);
  }
}

static void
dnsbl_answer_cb (BdCheckTask       *task,
                 const BdDnsAnswer *answer)
{
  DnsblState *state = task->data;
  BdDnsAnswer **slot;

  if (g_ascii_strcasecmp (answer->name, state->client_name) == 0)
    slot = &state->client;
  else if (state->test_name != NULL && g_ascii_strcasecmp (answer->name, state->test_name) == 0)
    slot = &state->test;
  else
    slot = &state->unlisted;

  g_clear_pointer (slot, bd_dns_answer_free);
  *slot = bd_dns_answer_copy (answer);
  if (--state->waiting == 0)
    dnsbl_decide (task);
}

void
_bd_check_dnsbl (BdCheckTask *task)
{
  const BdKbDnsbl *list = task->list;
  JsonObject *details = _bd_check_task_details (task);
  DnsblState *state;
  const char *client_name;

  json_object_set_string_member (details, "list", list->name);
  if (task->client_ip != NULL)
    {
      g_autofree char *ip = g_inet_address_to_string (task->client_ip);

      json_object_set_string_member (details, "ip", ip);
    }

  if (list->state != BD_KB_LIST_ACTIVE)
    {
      json_object_set_string_member (details, "state", bd_kb_list_state_to_string (list->state));
      if (list->dead_since != NULL)
        _bd_check_task_donef (task, BD_CHECK_WARN,
                              /* Translators: a block list, then a year or date */
                              _("%s is a dead block list (out of service since %s). Its answers mean nothing: remove it from the server’s list of block lists."),
                              list->zone, list->dead_since);
      else
        _bd_check_task_donef (task, BD_CHECK_WARN,
                              _("%s is a dead block list. Its answers mean nothing: remove it from the server’s list of block lists."),
                              list->zone);
      return;
    }
  if (task->client_ip == NULL)
    {
      _bd_check_task_done (task, BD_CHECK_SKIPPED, _("The bounce does not name the sending server’s address."));
      return;
    }

  state = g_new0 (DnsblState, 1);
  task->data = state;
  task->data_free = dnsbl_state_free;
  client_name = state->client_name = _bd_dnsbl_query_name (task->client_ip, list->zone);

  /* the list's test entries first, so a list that answers "listed" for
   * everything, or nothing, is caught; all three go out at once */
  state->waiting = 1;
  if (list->test_listed != NULL)
    {
      g_autoptr(GInetAddress) test = g_inet_address_new_from_string (list->test_listed);
      g_autofree char *name = test != NULL ? _bd_dnsbl_query_name (test, list->zone) : NULL;

      if (name != NULL && g_ascii_strcasecmp (name, client_name) != 0)
        {
          state->test_name = g_strdup (name);
          state->waiting++;
          _bd_check_task_lookup (task, name, BD_DNS_A, dnsbl_answer_cb);
        }
    }
  if (list->test_unlisted != NULL)
    {
      g_autoptr(GInetAddress) test = g_inet_address_new_from_string (list->test_unlisted);
      g_autofree char *name = test != NULL ? _bd_dnsbl_query_name (test, list->zone) : NULL;

      if (name != NULL && g_ascii_strcasecmp (name, client_name) != 0)
        {
          state->waiting++;
          _bd_check_task_lookup (task, name, BD_DNS_A, dnsbl_answer_cb);
        }
    }
  _bd_check_task_lookup (task, client_name, BD_DNS_A, dnsbl_answer_cb);
}
