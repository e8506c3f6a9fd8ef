/* bd-spf.c: SPF (RFC 7208) evaluation for the sending IP
 *
 * check_host() as section 4 describes it: record lookup and selection, the
 * whole record parsed before anything is evaluated (a syntax error anywhere
 * is a permerror), the mechanisms all/include/a/mx/ptr/ip4/ip6/exists, the
 * modifiers redirect and exp, macros (section 7), the limit of 10
 * DNS-querying terms and of 2 void lookups (4.6.4), 10 MX hosts and 10 PTR
 * names.
 *
 * DNS comes through a lookup function that may not know an answer yet; the
 * evaluation then stops with BD_SPF_PENDING. It has no other state, so it is
 * simply run again once the answer is there.
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bd-spf.h"

#define MAX_LOOKUPS   10
#define MAX_VOID      2
#define MAX_MX        10
#define MAX_PTR       10
#define MAX_DEPTH     20   /* include/redirect nesting; the lookup limit ends loops first */

typedef enum
{
  MECH_ALL,
  MECH_INCLUDE,
  MECH_A,
  MECH_MX,
  MECH_PTR,
  MECH_IP4,
  MECH_IP6,
  MECH_EXISTS,
} MechKind;

typedef struct
{
  char          qualifier;  /* '+', '-', '~', '?' */
  MechKind      kind;
  char         *spec;       /* domain-spec, nullable */
  GInetAddress *network;    /* ip4/ip6 */
  int           cidr4;      /* -1: not given */
  int           cidr6;
  char         *text;       /* the term as written */
} Directive;

typedef struct
{
  GPtrArray *directives;    /* of Directive */
  char      *redirect;      /* domain-spec, nullable */
  char      *exp;           /* domain-spec, nullable */
} Record;

typedef struct
{
  const BdSpfRequest *request;
  BdSpfLookupFunc     lookup;
  gpointer            user_data;

  char               *sender;         /* with "postmaster" for a missing local-part */
  char               *local_part;
  char               *sender_domain;
  char               *ip_text;        /* %{i} */
  char               *validated;      /* %{p}, computed once */

  guint               lookups;
  guint               voids;
  BdSpfResult         error;          /* TEMPERROR, PERMERROR or PENDING once set */
  char               *problem;
  char               *pending_name;
  BdDnsType           pending_type;
} Ctx;

/* ------------------------------------------------------------------------ */
/* Helpers */

static void
directive_free (Directive *d)
{
  g_free (d->spec);
  g_clear_object (&d->network);
  g_free (d->text);
  g_free (d);
}

static void
record_free (Record *r)
{
  if (r == NULL)
    return;
  g_ptr_array_unref (r->directives);
  g_free (r->redirect);
  g_free (r->exp);
  g_free (r);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Record, record_free)

static BdSpfResult
fail_with (Ctx         *ctx,
           BdSpfResult  error,
           const char  *format,
           ...) G_GNUC_PRINTF (3, 4);

static BdSpfResult
fail_with (Ctx         *ctx,
           BdSpfResult  error,
           const char  *format,
           ...)
{
  va_list args;

  if (ctx->error == BD_SPF_NONE)
    {
      ctx->error = error;
      g_free (ctx->problem);
      va_start (args, format);
      ctx->problem = g_strdup_vprintf (format, args);
      va_end (args);
    }
  return ctx->error;
}

static gboolean
is_ipv4 (Ctx *ctx)
{
  return g_inet_address_get_family (ctx->request->ip) == G_SOCKET_FAMILY_IPV4;
}

/* The answer, or NULL with ctx->error set to PENDING. */
static const BdDnsAnswer *
ctx_lookup (Ctx        *ctx,
            const char *name,
            BdDnsType   type)
{
  const BdDnsAnswer *answer = ctx->lookup (name, type, ctx->user_data);

  if (answer == NULL && ctx->error == BD_SPF_NONE)
    {
      ctx->error = BD_SPF_PENDING;
      ctx->pending_name = g_strdup (name);
      ctx->pending_type = type;
    }
  return answer;
}

/* A DNS-querying term is about to be evaluated (4.6.4). */
static gboolean
count_lookup (Ctx *ctx)
{
  if (++ctx->lookups > MAX_LOOKUPS)
    {
      fail_with (ctx, BD_SPF_PERMERROR, "more than %d DNS-querying terms", MAX_LOOKUPS);
      return FALSE;
    }
  return TRUE;
}

/* The term's query found nothing (4.6.4). */
static gboolean
count_void (Ctx               *ctx,
            const BdDnsAnswer *answer)
{
  if ((answer->status == BD_DNS_STATUS_NXDOMAIN || answer->status == BD_DNS_STATUS_NODATA ||
       (answer->status == BD_DNS_STATUS_OK && answer->records->len == 0)) &&
      ++ctx->voids > MAX_VOID)
    {
      fail_with (ctx, BD_SPF_PERMERROR, "more than %d lookups found nothing", MAX_VOID);
      return FALSE;
    }
  return TRUE;
}

static gboolean
has_records (const BdDnsAnswer *answer,
             BdDnsType          type)
{
  for (guint i = 0; i < answer->records->len; i++)
    if (((BdDnsRecord *) g_ptr_array_index (answer->records, i))->type == type)
      return TRUE;
  return FALSE;
}

/* A name that can be looked up: labels of 1–63 octets, at least two of
 * them (a final dot is allowed). */
static gboolean
domain_is_valid (const char *domain)
{
  const char *p = domain;
  guint labels = 0;

  if (domain == NULL || *domain == '\0' || strlen (domain) > 255)
    return FALSE;
  while (*p != '\0')
    {
      const char *dot = strchr (p, '.');
      gsize len = dot != NULL ? (gsize) (dot - p) : strlen (p);

      if (len == 0 || len > 63)
        return FALSE;
      labels++;
      if (dot == NULL)
        break;
      p = dot + 1;
    }
  return labels >= 2;
}

static gboolean
name_equal (const char *a,
            const char *b)
{
  gsize la = strlen (a), lb = strlen (b);

  if (la > 0 && a[la - 1] == '.')
    la--;
  if (lb > 0 && b[lb - 1] == '.')
    lb--;
  return la == lb && g_ascii_strncasecmp (a, b, la) == 0;
}

/* @name is @domain or below it. */
static gboolean
name_within (const char *name,
             const char *domain)
{
  gsize ln = strlen (name), ld = strlen (domain);

  if (ln > 0 && name[ln - 1] == '.')
    ln--;
  if (ld > 0 && domain[ld - 1] == '.')
    ld--;
  if (ln == ld)
    return g_ascii_strncasecmp (name, domain, ln) == 0;
  return ln > ld && name[ln - ld - 1] == '.' &&
         g_ascii_strncasecmp (name + ln - ld, domain, ld) == 0;
}

static gboolean
address_in_network (GInetAddress *ip,
                    GInetAddress *network,
                    int           prefix)
{
  const guint8 *a, *b;
  gsize len;

  if (g_inet_address_get_family (ip) != g_inet_address_get_family (network))
    return FALSE;
  a = g_inet_address_to_bytes (ip);
  b = g_inet_address_to_bytes (network);
  len = g_inet_address_get_native_size (ip);
  if (prefix < 0)
    prefix = (int) len * 8;
  for (int bit = 0; bit < prefix; bit += 8)
    {
      int n = MIN (8, prefix - bit);
      guint8 mask = (guint8) (0xff << (8 - n));

      if ((a[bit / 8] & mask) != (b[bit / 8] & mask))
        return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Macros (section 7) */

static gboolean
is_delimiter (char c)
{
  return c != '\0' && strchr (".-+,/_=", c) != NULL;
}

static gboolean
is_macro_letter (char c,
                 gboolean exp)
{
  c = g_ascii_tolower (c);
  if (strchr ("slodiphv", c) != NULL && c != '\0')
    return TRUE;
  return exp && c != '\0' && strchr ("crt", c) != NULL;
}

/* Checks macro-string syntax; sets *end to where a domain-spec's macro-string
 * stops when @end is not NULL (it does not stop anywhere: the caller
 * checks domain-end on the text). */
static gboolean
macro_string_is_valid (const char *s,
                       gboolean    exp)
{
  for (const char *p = s; *p != '\0'; p++)
    {
      if ((guchar) *p < 0x21 || (guchar) *p > 0x7e)
        {
          if (!(exp && *p == ' '))
            return FALSE;
          continue;
        }
      if (*p != '%')
        continue;
      p++;
      if (*p == '%' || *p == '_' || *p == '-')
        continue;
      if (*p != '{')
        return FALSE;
      p++;
      if (!is_macro_letter (*p, exp))
        return FALSE;
      p++;
      while (g_ascii_isdigit (*p))
        p++;
      if (*p == 'r' || *p == 'R')
        p++;
      while (is_delimiter (*p))
        p++;
      if (*p != '}')
        return FALSE;
    }
  return TRUE;
}

/* toplabel = ( *alphanum ALPHA *alphanum ) /
 *            ( 1*alphanum "-" *( alphanum / "-" ) alphanum ) */
static gboolean
is_toplabel (const char *label,
             gsize       len)
{
  gboolean alpha = FALSE;

  if (len == 0)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (g_ascii_isalpha (label[i]))
        alpha = TRUE;
      else if (label[i] == '-')
        {
          if (i == 0 || i == len - 1)
            return FALSE;
          alpha = TRUE;
        }
      else if (!g_ascii_isdigit (label[i]))
        return FALSE;
    }
  return alpha;
}

/* domain-spec = macro-string domain-end;
 * domain-end  = ( "." toplabel [ "." ] ) / macro-expand */
static gboolean
domain_spec_is_valid (const char *spec)
{
  gsize len = strlen (spec);
  const char *end, *dot;

  if (len == 0 || !macro_string_is_valid (spec, FALSE))
    return FALSE;
  if (spec[len - 1] == '}')
    return TRUE;  /* ends with a macro-expand (the syntax is checked) */
  end = spec + len;
  if (end[-1] == '.')
    end--;
  for (dot = end - 1; dot >= spec && *dot != '.'; dot--)
    ;
  if (dot < spec)
    return FALSE;
  return is_toplabel (dot + 1, end - dot - 1);
}

static char *
ip_macro_text (GInetAddress *ip)
{
  const guint8 *b = g_inet_address_to_bytes (ip);
  GString *s = g_string_new (NULL);

  if (g_inet_address_get_family (ip) == G_SOCKET_FAMILY_IPV4)
    return g_inet_address_to_string (ip);
  for (int i = 0; i < 16; i++)
    g_string_append_printf (s, "%s%X.%X", i ? "." : "", b[i] >> 4, b[i] & 0xf);
  return g_string_free (s, FALSE);
}

static const char *validated_name (Ctx *ctx, const char *domain);

/* Expands one macro letter to its value; NULL with ctx->error when a
 * lookup is pending. */
static char *
macro_value (Ctx        *ctx,
             char        letter,
             const char *domain)
{
  const BdSpfRequest *req = ctx->request;

  switch (g_ascii_tolower (letter))
    {
    case 's': return g_strdup (ctx->sender);
    case 'l': return g_strdup (ctx->local_part);
    case 'o': return g_strdup (ctx->sender_domain);
    case 'd': return g_strdup (domain);
    case 'i': return g_strdup (ctx->ip_text);
    case 'v': return g_strdup (is_ipv4 (ctx) ? "in-addr" : "ip6");
    case 'h': return g_strdup (req->helo != NULL && *req->helo != '\0' ? req->helo : "unknown");
    case 'c': return g_inet_address_to_string (req->ip);
    case 'r': return g_strdup (req->receiver != NULL ? req->receiver : "unknown");
    case 't': return g_strdup_printf ("%" G_GINT64_FORMAT, req->now);
    case 'p':
      {
        const char *name = validated_name (ctx, domain);
        return name != NULL ? g_strdup (name) : NULL;
      }
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Split on the delimiters, reverse when asked, keep the rightmost @digits
 * parts, join with dots (7.3). */
static char *
transform (const char *value,
           guint       digits,
           gboolean    reverse,
           const char *delimiters)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_new (NULL);
  const char *p = value, *start = value;
  guint first;

  for (;; p++)
    {
      if (*p == '\0' || strchr (delimiters, *p) != NULL)
        {
          g_ptr_array_add (parts, g_strndup (start, p - start));
          if (*p == '\0')
            break;
          start = p + 1;
        }
    }
  if (reverse)
    for (guint i = 0; i < parts->len / 2; i++)
      {
        gpointer tmp = parts->pdata[i];
        parts->pdata[i] = parts->pdata[parts->len - 1 - i];
        parts->pdata[parts->len - 1 - i] = tmp;
      }
  first = digits > 0 && digits < parts->len ? parts->len - digits : 0;
  for (guint i = first; i < parts->len; i++)
    {
      if (i > first)
        g_string_append_c (out, '.');
      g_string_append (out, g_ptr_array_index (parts, i));
    }
  return g_string_free (out, FALSE);
}

/* Expands a macro-string (checked before); NULL when a lookup is pending
 * or the expansion is invalid (ctx->error set). */
static char *
expand (Ctx        *ctx,
        const char *spec,
        const char *domain,
        gboolean    exp)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (const char *p = spec; *p != '\0'; p++)
    {
      g_autofree char *value = NULL;
      g_autofree char *transformed = NULL;
      char delimiters[8] = "";
      guint digits = 0, n_delimiters = 0;
      gboolean reverse = FALSE;
      char letter;

      if (*p != '%')
        {
          g_string_append_c (out, *p);
          continue;
        }
      p++;
      if (*p == '%' || *p == '_' || *p == '-')
        {
          g_string_append (out, *p == '%' ? "%" : *p == '_' ? " " : "%20");
          continue;
        }
      /* "%{" letter digits [r] delimiters "}" — syntax checked already */
      p++;
      letter = *p++;
      if (g_ascii_isdigit (*p))
        {
          guint64 n = 0;
          for (; g_ascii_isdigit (*p); p++)
            n = MIN (n * 10 + (guint) (*p - '0'), 1000);
          if (n == 0)
            {
              fail_with (ctx, BD_SPF_PERMERROR, "a macro keeps zero parts");
              return NULL;
            }
          digits = (guint) n;
        }
      if (*p == 'r' || *p == 'R')
        {
          reverse = TRUE;
          p++;
        }
      while (is_delimiter (*p))
        {
          if (strchr (delimiters, *p) == NULL && n_delimiters < sizeof delimiters - 1)
            delimiters[n_delimiters++] = *p;
          p++;
        }
      if (n_delimiters == 0)
        delimiters[0] = '.';

      value = macro_value (ctx, letter, domain);
      if (value == NULL)
        return NULL;
      transformed = transform (value, digits, reverse, delimiters);

      if (g_ascii_isupper (letter))
        {
          g_autofree char *escaped = g_uri_escape_string (transformed, NULL, FALSE);
          g_string_append (out, escaped);
        }
      else
        g_string_append (out, transformed);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* A domain-spec expanded into a name to query: longer than 253 octets loses
 * labels on the left (7.3 "domain-name-truncation"). */
static char *
expand_target (Ctx        *ctx,
               const char *spec,
               const char *domain)
{
  char *name;

  if (spec == NULL)
    return g_strdup (domain);
  name = expand (ctx, spec, domain, FALSE);
  if (name == NULL)
    return NULL;
  while (strlen (name) > 253)
    {
      const char *dot = strchr (name, '.');
      char *shorter;

      if (dot == NULL)
        break;
      shorter = g_strdup (dot + 1);
      g_free (name);
      name = shorter;
    }
  return name;
}

/* ------------------------------------------------------------------------ */
/* Addresses of a name, PTR validation */

typedef enum
{
  MATCH_NO,
  MATCH_YES,
  MATCH_ERROR,  /* ctx->error says which */
} Match;

/* Whether @name has an address in the network ip/cidr of the client's
 * family. @count_void: this is the term's own query (a, not mx hosts). */
static Match
name_matches_ip (Ctx        *ctx,
                 const char *name,
                 int         cidr4,
                 int         cidr6,
                 gboolean    term_query)
{
  BdDnsType type = is_ipv4 (ctx) ? BD_DNS_A : BD_DNS_AAAA;
  const BdDnsAnswer *answer;

  answer = ctx_lookup (ctx, name, type);
  if (answer == NULL)
    return MATCH_ERROR;
  if (bd_dns_answer_is_error (answer))
    {
      fail_with (ctx, BD_SPF_TEMPERROR, "DNS error for %s %s: %s", name,
                 bd_dns_type_to_string (type), bd_dns_status_to_string (answer->status));
      return MATCH_ERROR;
    }
  if (term_query && !count_void (ctx, answer))
    return MATCH_ERROR;

  for (guint i = 0; i < answer->records->len; i++)
    {
      BdDnsRecord *record = g_ptr_array_index (answer->records, i);
      g_autoptr(GInetAddress) address = NULL;

      if (record->type != type)
        continue;
      address = g_inet_address_new_from_string (record->data);
      if (address != NULL &&
          address_in_network (ctx->request->ip, address, is_ipv4 (ctx) ? cidr4 : cidr6))
        return MATCH_YES;
    }
  return MATCH_NO;
}

/* The client's PTR names whose addresses include the client (5.5), at most
 * MAX_PTR of them; DNS errors just leave names out. NULL when pending. */
static GPtrArray *
validated_names (Ctx *ctx)
{
  g_autofree char *reverse = bd_dns_reverse_name (ctx->request->ip);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const BdDnsAnswer *answer;
  guint checked = 0;

  answer = ctx_lookup (ctx, reverse, BD_DNS_PTR);
  if (answer == NULL)
    return NULL;
  if (bd_dns_answer_is_error (answer))
    return g_steal_pointer (&names);

  for (guint i = 0; i < answer->records->len && checked < MAX_PTR; i++)
    {
      BdDnsRecord *record = g_ptr_array_index (answer->records, i);
      BdSpfResult saved = ctx->error;
      Match m;

      if (record->type != BD_DNS_PTR)
        continue;
      checked++;
      m = name_matches_ip (ctx, record->data, -1, -1, FALSE);
      if (m == MATCH_ERROR)
        {
          if (ctx->error == BD_SPF_PENDING)
            return NULL;
          /* a failed lookup of one name only leaves it out */
          ctx->error = saved;
          g_clear_pointer (&ctx->problem, g_free);
          continue;
        }
      if (m == MATCH_YES)
        g_ptr_array_add (names, g_strdup (record->data));
    }
  return g_steal_pointer (&names);
}

/* %{p}: the validated name equal to @domain, else one below it, else any;
 * "unknown" when there is none. */
static const char *
validated_name (Ctx        *ctx,
                const char *domain)
{
  g_autoptr(GPtrArray) names = NULL;
  const char *best = NULL;

  if (ctx->validated != NULL)
    return ctx->validated;

  names = validated_names (ctx);
  if (names == NULL)
    return NULL;
  for (guint i = 0; i < names->len && best == NULL; i++)
    if (name_equal (g_ptr_array_index (names, i), domain))
      best = g_ptr_array_index (names, i);
  for (guint i = 0; i < names->len && best == NULL; i++)
    if (name_within (g_ptr_array_index (names, i), domain))
      best = g_ptr_array_index (names, i);
  if (best == NULL && names->len > 0)
    best = g_ptr_array_index (names, 0);

  ctx->validated = g_strdup (best != NULL ? best : "unknown");
  return ctx->validated;
}

/* ------------------------------------------------------------------------ */
/* Parsing (section 4.6, 5, 6, 12) */

/* "/32", "//128", "/24//64" at the end of @term: removes them and stores
 * the lengths. FALSE on a malformed length. */
static gboolean
take_cidr (char *term,
           int  *cidr4,
           int  *cidr6,
           gboolean dual)
{
  char *slash;

  *cidr4 = *cidr6 = -1;
  for (int pass = 0; pass < 2; pass++)
    {
      char *digits;
      gboolean six;
      guint64 value;

      slash = strrchr (term, '/');
      if (slash == NULL)
        return TRUE;
      digits = slash + 1;
      /* "a:foo:bar/baz.example.com": a slash inside the domain-spec */
      if (*digits != '\0' && !g_ascii_isdigit (*digits))
        return TRUE;
      six = dual ? slash > term && slash[-1] == '/' : FALSE;
      if (six && *cidr6 != -1)
        return FALSE;
      if (!six && *cidr4 != -1)
        return FALSE;
      /* ip4-cidr-length = "/" ("0" / %x31-39 0*1DIGIT) */
      if (*digits == '\0' || strlen (digits) > 3 ||
          (digits[0] == '0' && digits[1] != '\0'))
        return FALSE;
      for (const char *d = digits; *d != '\0'; d++)
        if (!g_ascii_isdigit (*d))
          return FALSE;
      value = g_ascii_strtoull (digits, NULL, 10);
      if (six)
        {
          if (value > 128 || *cidr4 != -1)
            return FALSE;  /* "//64/24" is not a dual-cidr-length */
          *cidr6 = (int) value;
          slash[-1] = '\0';
        }
      else
        {
          if (value > 32)
            return FALSE;
          *cidr4 = (int) value;
          *slash = '\0';
        }
      if (!dual)
        return TRUE;
      if (!six && pass == 0)
        return TRUE;  /* a lone ip4 length comes last */
    }
  return TRUE;
}

static gboolean
parse_ip4 (const char *text)
{
  /* strict dotted quad: four numbers 0–255 */
  guint parts = 0;
  const char *p = text;

  while (*p != '\0')
    {
      guint value = 0, digits = 0;

      while (g_ascii_isdigit (*p) && digits < 4)
        value = value * 10 + (guint) (*p++ - '0'), digits++;
      if (digits == 0 || digits > 3 || value > 255)
        return FALSE;
      parts++;
      if (*p == '.')
        p++;
      else if (*p != '\0')
        return FALSE;
    }
  return parts == 4 && text[strlen (text) - 1] != '.';
}

static Directive *
parse_directive (Ctx        *ctx,
                 const char *term)
{
  static const struct { const char *name; MechKind kind; } mechs[] = {
    { "all", MECH_ALL }, { "include", MECH_INCLUDE }, { "a", MECH_A }, { "mx", MECH_MX },
    { "ptr", MECH_PTR }, { "ip4", MECH_IP4 }, { "ip6", MECH_IP6 }, { "exists", MECH_EXISTS },
  };
  g_autoptr(GString) name = g_string_new (NULL);
  Directive *d = g_new0 (Directive, 1);
  const char *p = term;
  g_autofree char *rest = NULL;
  gboolean found = FALSE;

  d->text = g_strdup (term);
  d->qualifier = '+';
  d->cidr4 = d->cidr6 = -1;
  if (*p == '+' || *p == '-' || *p == '~' || *p == '?')
    d->qualifier = *p++;
  while (g_ascii_isalnum (*p))
    g_string_append_c (name, g_ascii_tolower (*p++));
  for (guint i = 0; i < G_N_ELEMENTS (mechs); i++)
    if (g_str_equal (name->str, mechs[i].name))
      {
        d->kind = mechs[i].kind;
        found = TRUE;
      }
  if (!found || (*p != '\0' && *p != ':' && *p != '/'))
    {
      fail_with (ctx, BD_SPF_PERMERROR, "unknown mechanism “%s”", term);
      goto fail;
    }

  rest = g_strdup (p);
  switch (d->kind)
    {
    case MECH_ALL:
      if (*rest != '\0')
        goto syntax;
      break;

    case MECH_INCLUDE:
    case MECH_EXISTS:
      if (rest[0] != ':' || !domain_spec_is_valid (rest + 1))
        goto syntax;
      d->spec = g_strdup (rest + 1);
      break;

    case MECH_A:
    case MECH_MX:
    case MECH_PTR:
      if (d->kind != MECH_PTR && !take_cidr (rest, &d->cidr4, &d->cidr6, TRUE))
        goto syntax;
      if (rest[0] == ':')
        {
          if (!domain_spec_is_valid (rest + 1))
            goto syntax;
          d->spec = g_strdup (rest + 1);
        }
      else if (rest[0] != '\0')
        goto syntax;
      break;

    case MECH_IP4:
      if (rest[0] != ':' || !take_cidr (rest, &d->cidr4, &d->cidr6, FALSE) ||
          !parse_ip4 (rest + 1))
        goto syntax;
      d->network = g_inet_address_new_from_string (rest + 1);
      if (d->network == NULL)
        goto syntax;
      break;

    case MECH_IP6:
      {
        char *slash;

        if (rest[0] != ':')
          goto syntax;
        slash = strrchr (rest, '/');
        if (slash != NULL)
          {
            const char *digits = slash + 1;
            guint64 value;

            if (*digits == '\0' || strlen (digits) > 3 || (digits[0] == '0' && digits[1] != '\0'))
              goto syntax;
            for (const char *c = digits; *c != '\0'; c++)
              if (!g_ascii_isdigit (*c))
                goto syntax;
            value = g_ascii_strtoull (digits, NULL, 10);
            if (value > 128)
              goto syntax;
            d->cidr6 = (int) value;
            *slash = '\0';
          }
        if (strchr (rest + 1, ':') == NULL)
          goto syntax;
        d->network = g_inet_address_new_from_string (rest + 1);
        if (d->network == NULL || g_inet_address_get_family (d->network) != G_SOCKET_FAMILY_IPV6)
          goto syntax;
      }
      break;

    default:
      g_assert_not_reached ();
    }
  return d;

syntax:
  fail_with (ctx, BD_SPF_PERMERROR, "malformed term “%s”", term);
fail:
  directive_free (d);
  return NULL;
}

/* Parses @text (already known to start with "v=spf1"). NULL with a
 * permerror on any syntax error. */
static Record *
parse_record (Ctx        *ctx,
              const char *text)
{
  g_autoptr(Record) record = g_new0 (Record, 1);
  g_auto(GStrv) terms = NULL;

  record->directives = g_ptr_array_new_with_free_func ((GDestroyNotify) directive_free);

  for (const char *c = text; *c != '\0'; c++)
    if ((guchar) *c < 0x20 || (guchar) *c > 0x7e)
      {
        fail_with (ctx, BD_SPF_PERMERROR, "the record has characters outside ASCII");
        return NULL;
      }

  terms = g_strsplit (text + 6, " ", -1);
  for (guint i = 0; terms[i] != NULL; i++)
    {
      const char *term = terms[i];
      const char *p = term;

      if (*term == '\0')
        continue;

      /* modifier = name "=" macro-string; name = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." ) */
      if (g_ascii_isalpha (*p))
        {
          while (g_ascii_isalnum (*p) || *p == '-' || *p == '_' || *p == '.')
            p++;
          if (*p == '=')
            {
              g_autofree char *name = g_ascii_strdown (term, p - term);
              const char *value = p + 1;

              if (g_str_equal (name, "redirect") || g_str_equal (name, "exp"))
                {
                  char **slot = g_str_equal (name, "redirect") ? &record->redirect : &record->exp;

                  if (*slot != NULL)
                    {
                      fail_with (ctx, BD_SPF_PERMERROR, "“%s=” appears twice", name);
                      return NULL;
                    }
                  if (!domain_spec_is_valid (value))
                    {
                      fail_with (ctx, BD_SPF_PERMERROR, "malformed modifier “%s”", term);
                      return NULL;
                    }
                  *slot = g_strdup (value);
                }
              else if (!macro_string_is_valid (value, FALSE))
                {
                  fail_with (ctx, BD_SPF_PERMERROR, "malformed modifier “%s”", term);
                  return NULL;
                }
              continue;
            }
        }

      {
        Directive *d = parse_directive (ctx, term);

        if (d == NULL)
          return NULL;
        g_ptr_array_add (record->directives, d);
      }
    }
  return g_steal_pointer (&record);
}

/* ------------------------------------------------------------------------ */
/* check_host() */

static BdSpfResult check_host (Ctx *ctx, const char *domain, guint depth,
                               char **explanation, char **mechanism, char **record_text);

static BdSpfResult
qualifier_result (char qualifier)
{
  switch (qualifier)
    {
    case '-': return BD_SPF_FAIL;
    case '~': return BD_SPF_SOFTFAIL;
    case '?': return BD_SPF_NEUTRAL;
    default: return BD_SPF_PASS;
    }
}

static Match
evaluate (Ctx        *ctx,
          Directive  *d,
          const char *domain,
          guint       depth)
{
  g_autofree char *target = NULL;

  switch (d->kind)
    {
    case MECH_ALL:
      return MATCH_YES;

    case MECH_IP4:
    case MECH_IP6:
      return address_in_network (ctx->request->ip, d->network,
                                 d->kind == MECH_IP4 ? d->cidr4 : d->cidr6)
             ? MATCH_YES : MATCH_NO;

    default:
      break;
    }

  if (!count_lookup (ctx))
    return MATCH_ERROR;
  target = expand_target (ctx, d->spec, domain);
  if (target == NULL)
    return MATCH_ERROR;

  switch (d->kind)
    {
    case MECH_INCLUDE:
      {
        BdSpfResult r;

        if (!domain_is_valid (target))
          {
            fail_with (ctx, BD_SPF_PERMERROR, "include of an invalid name “%s”", target);
            return MATCH_ERROR;
          }
        r = check_host (ctx, target, depth + 1, NULL, NULL, NULL);
        switch (r)
          {
          case BD_SPF_PASS:
            return MATCH_YES;
          case BD_SPF_FAIL:
          case BD_SPF_SOFTFAIL:
          case BD_SPF_NEUTRAL:
            return MATCH_NO;
          case BD_SPF_NONE:
            if (ctx->error == BD_SPF_NONE)
              fail_with (ctx, BD_SPF_PERMERROR, "included domain %s has no SPF record", target);
            return MATCH_ERROR;
          default:
            return MATCH_ERROR;  /* ctx->error is set */
          }
      }

    case MECH_A:
      if (!domain_is_valid (target))
        return MATCH_NO;
      return name_matches_ip (ctx, target, d->cidr4, d->cidr6, TRUE);

    case MECH_MX:
      {
        const BdDnsAnswer *answer;
        guint n = 0;

        if (!domain_is_valid (target))
          return MATCH_NO;
        answer = ctx_lookup (ctx, target, BD_DNS_MX);
        if (answer == NULL)
          return MATCH_ERROR;
        if (bd_dns_answer_is_error (answer))
          {
            fail_with (ctx, BD_SPF_TEMPERROR, "DNS error for %s MX: %s", target,
                       bd_dns_status_to_string (answer->status));
            return MATCH_ERROR;
          }
        if (!count_void (ctx, answer))
          return MATCH_ERROR;
        for (guint i = 0; i < answer->records->len; i++)
          if (((BdDnsRecord *) g_ptr_array_index (answer->records, i))->type == BD_DNS_MX)
            n++;
        if (n > MAX_MX)
          {
            fail_with (ctx, BD_SPF_PERMERROR, "%s has more than %d MX hosts", target, MAX_MX);
            return MATCH_ERROR;
          }
        for (guint i = 0; i < answer->records->len; i++)
          {
            BdDnsRecord *record = g_ptr_array_index (answer->records, i);
            Match m;

            if (record->type != BD_DNS_MX || record->data[0] == '\0' ||
                g_str_equal (record->data, "."))
              continue;
            m = name_matches_ip (ctx, record->data, d->cidr4, d->cidr6, FALSE);
            if (m != MATCH_NO)
              return m;
          }
        return MATCH_NO;
      }

    case MECH_PTR:
      {
        g_autoptr(GPtrArray) names = validated_names (ctx);

        if (names == NULL)
          return MATCH_ERROR;
        for (guint i = 0; i < names->len; i++)
          if (name_within (g_ptr_array_index (names, i), target))
            return MATCH_YES;
        return MATCH_NO;
      }

    case MECH_EXISTS:
      {
        const BdDnsAnswer *answer;

        if (!domain_is_valid (target))
          return MATCH_NO;
        /* always A, also for an IPv6 client (5.7) */
        answer = ctx_lookup (ctx, target, BD_DNS_A);
        if (answer == NULL)
          return MATCH_ERROR;
        if (bd_dns_answer_is_error (answer))
          {
            fail_with (ctx, BD_SPF_TEMPERROR, "DNS error for %s A: %s", target,
                       bd_dns_status_to_string (answer->status));
            return MATCH_ERROR;
          }
        if (!count_void (ctx, answer))
          return MATCH_ERROR;
        return has_records (answer, BD_DNS_A) ? MATCH_YES : MATCH_NO;
      }

    default:
      g_return_val_if_reached (MATCH_ERROR);
    }
}

/* The explanation of a fail (6.2); NULL when there is none or it cannot be
 * had. Its lookups do not count. */
static char *
explain (Ctx        *ctx,
         const char *spec,
         const char *domain)
{
  g_autofree char *target = NULL;
  const BdDnsAnswer *answer;
  const BdDnsRecord *txt = NULL;
  BdSpfResult saved = ctx->error;
  char *text;

  target = expand_target (ctx, spec, domain);
  if (target == NULL)
    goto none;
  if (!domain_is_valid (target))
    goto none;
  answer = ctx_lookup (ctx, target, BD_DNS_TXT);
  if (answer == NULL || bd_dns_answer_is_error (answer))
    goto none;
  for (guint i = 0; i < answer->records->len; i++)
    {
      BdDnsRecord *record = g_ptr_array_index (answer->records, i);

      if (record->type != BD_DNS_TXT)
        continue;
      if (txt != NULL)
        goto none;  /* more than one: no explanation */
      txt = record;
    }
  if (txt == NULL || !macro_string_is_valid (txt->data, TRUE))
    goto none;
  text = expand (ctx, txt->data, domain, TRUE);
  if (text == NULL)
    goto none;
  for (const char *c = text; *c != '\0'; c++)
    if ((guchar) *c < 0x20 || (guchar) *c > 0x7e)
      {
        g_free (text);
        goto none;
      }
  return text;

none:
  /* a pending lookup must still stop the evaluation */
  if (ctx->error != BD_SPF_PENDING)
    {
      ctx->error = saved;
      if (saved == BD_SPF_NONE)
        g_clear_pointer (&ctx->problem, g_free);
    }
  return NULL;
}

static BdSpfResult
check_host (Ctx         *ctx,
            const char  *domain,
            guint        depth,
            char       **explanation,
            char       **mechanism,
            char       **record_text)
{
  g_autoptr(Record) record = NULL;
  const BdDnsAnswer *answer;
  const char *text = NULL;
  guint n_spf = 0;

  if (depth > MAX_DEPTH)
    return fail_with (ctx, BD_SPF_PERMERROR, "includes and redirects nest too deep");

  /* 4.3: a malformed or single-label name has no policy */
  if (!domain_is_valid (domain))
    {
      if (depth == 0)
        fail_with (ctx, BD_SPF_NONE, "“%s” is not a domain name that can have SPF", domain);
      return BD_SPF_NONE;
    }

  answer = ctx_lookup (ctx, domain, BD_DNS_TXT);
  if (answer == NULL)
    return BD_SPF_PENDING;
  if (bd_dns_answer_is_error (answer))
    return fail_with (ctx, BD_SPF_TEMPERROR, "DNS error for %s TXT: %s", domain,
                      bd_dns_status_to_string (answer->status));

  /* 4.5: exactly one record starting with "v=spf1" followed by a space or
   * its end */
  for (guint i = 0; i < answer->records->len; i++)
    {
      BdDnsRecord *r = g_ptr_array_index (answer->records, i);

      if (r->type != BD_DNS_TXT)
        continue;
      if (g_ascii_strncasecmp (r->data, "v=spf1", 6) == 0 &&
          (r->data[6] == '\0' || r->data[6] == ' '))
        {
          n_spf++;
          text = r->data;
        }
    }
  if (n_spf > 1)
    return fail_with (ctx, BD_SPF_PERMERROR, "%s has more than one SPF record", domain);
  if (n_spf == 0)
    {
      if (depth == 0)
        fail_with (ctx, BD_SPF_NONE, "%s has no SPF record", domain);
      return BD_SPF_NONE;
    }
  if (record_text != NULL)
    *record_text = g_strdup (text);

  record = parse_record (ctx, text);
  if (record == NULL)
    return ctx->error;

  for (guint i = 0; i < record->directives->len; i++)
    {
      Directive *d = g_ptr_array_index (record->directives, i);
      Match m = evaluate (ctx, d, domain, depth);

      if (m == MATCH_ERROR)
        return ctx->error;
      if (m == MATCH_YES)
        {
          BdSpfResult result = qualifier_result (d->qualifier);

          if (mechanism != NULL)
            *mechanism = g_strdup (d->text);
          if (result == BD_SPF_FAIL && record->exp != NULL && explanation != NULL)
            {
              *explanation = explain (ctx, record->exp, domain);
              if (ctx->error == BD_SPF_PENDING)
                return BD_SPF_PENDING;
            }
          return result;
        }
    }

  if (record->redirect != NULL)
    {
      g_autofree char *target = NULL;
      BdSpfResult result;

      if (!count_lookup (ctx))
        return ctx->error;
      target = expand_target (ctx, record->redirect, domain);
      if (target == NULL)
        return ctx->error;
      if (!domain_is_valid (target))
        return fail_with (ctx, BD_SPF_PERMERROR, "redirect to an invalid name “%s”", target);
      /* the target's own exp= applies, not this record's */
      result = check_host (ctx, target, depth + 1, explanation, mechanism, NULL);
      if (result == BD_SPF_NONE && ctx->error == BD_SPF_NONE)
        return fail_with (ctx, BD_SPF_PERMERROR, "redirect to %s, which has no SPF record", target);
      return result;
    }

  if (mechanism != NULL)
    *mechanism = g_strdup ("default");
  return BD_SPF_NEUTRAL;
}

/* ------------------------------------------------------------------------ */
/* Public */

/**
 * bd_spf_check:
 * @outcome: (out caller-allocates): filled; clear with bd_spf_outcome_clear()
 *
 * check_host() for @request: the domain is the sender's, or the HELO name's
 * when the sender is empty ("postmaster@" + HELO).
 */
BdSpfResult
bd_spf_check (const BdSpfRequest *request,
              BdSpfLookupFunc     lookup,
              gpointer            user_data,
              BdSpfOutcome       *outcome)
{
  Ctx ctx = { 0 };
  BdSpfRequest mapped_request;
  g_autoptr(GInetAddress) mapped_ip = NULL;
  const char *at;
  BdSpfResult result;

  g_return_val_if_fail (request != NULL, BD_SPF_PERMERROR);
  g_return_val_if_fail (G_IS_INET_ADDRESS (request->ip), BD_SPF_PERMERROR);
  g_return_val_if_fail (lookup != NULL, BD_SPF_PERMERROR);
  g_return_val_if_fail (outcome != NULL, BD_SPF_PERMERROR);

  memset (outcome, 0, sizeof *outcome);
  /* an IPv4-mapped IPv6 client is an IPv4 client (5/9/2) */
  if (g_inet_address_get_family (request->ip) == G_SOCKET_FAMILY_IPV6)
    {
      const guint8 *b = g_inet_address_to_bytes (request->ip);
      static const guint8 mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

      if (memcmp (b, mapped, sizeof mapped) == 0)
        {
          mapped_request = *request;
          mapped_request.ip = mapped_ip = g_inet_address_new_from_bytes (b + 12, G_SOCKET_FAMILY_IPV4);
          request = &mapped_request;
        }
    }
  ctx.request = request;
  ctx.lookup = lookup;
  ctx.user_data = user_data;
  ctx.ip_text = ip_macro_text (request->ip);

  if (request->sender != NULL && *request->sender != '\0')
    ctx.sender = g_strdup (request->sender);
  else
    ctx.sender = g_strconcat ("postmaster@", request->helo != NULL ? request->helo : "", NULL);
  at = strrchr (ctx.sender, '@');
  if (at == NULL)
    {
      ctx.sender_domain = g_strdup (ctx.sender);
      ctx.local_part = g_strdup ("postmaster");
      g_free (ctx.sender);
      ctx.sender = g_strconcat ("postmaster@", ctx.sender_domain, NULL);
    }
  else
    {
      ctx.sender_domain = g_strdup (at + 1);
      ctx.local_part = at == ctx.sender ? g_strdup ("postmaster") : g_strndup (ctx.sender, at - ctx.sender);
      if (at == ctx.sender)
        {
          g_free (ctx.sender);
          ctx.sender = g_strconcat ("postmaster@", ctx.sender_domain, NULL);
        }
    }

  outcome->domain = g_strdup (ctx.sender_domain);
  result = check_host (&ctx, ctx.sender_domain, 0, &outcome->explanation,
                       &outcome->mechanism, &outcome->record);

  if (ctx.error == BD_SPF_PENDING)
    result = BD_SPF_PENDING;
  else if (ctx.error != BD_SPF_NONE)
    result = ctx.error;

  outcome->result = result;
  outcome->problem = g_steal_pointer (&ctx.problem);
  outcome->n_lookups = MIN (ctx.lookups, MAX_LOOKUPS + 1);
  outcome->n_void = ctx.voids;
  outcome->pending_name = g_steal_pointer (&ctx.pending_name);
  outcome->pending_type = ctx.pending_type;
  if (result != BD_SPF_FAIL)
    g_clear_pointer (&outcome->explanation, g_free);

  g_free (ctx.sender);
  g_free (ctx.local_part);
  g_free (ctx.sender_domain);
  g_free (ctx.ip_text);
  g_free (ctx.validated);

  return result;
}

void
bd_spf_outcome_clear (BdSpfOutcome *outcome)
{
  g_return_if_fail (outcome != NULL);

  g_clear_pointer (&outcome->domain, g_free);
  g_clear_pointer (&outcome->record, g_free);
  g_clear_pointer (&outcome->mechanism, g_free);
  g_clear_pointer (&outcome->explanation, g_free);
  g_clear_pointer (&outcome->problem, g_free);
  g_clear_pointer (&outcome->pending_name, g_free);
}

const char *
bd_spf_result_to_string (BdSpfResult result)
{
  switch (result)
    {
    case BD_SPF_NONE: return "none";
    case BD_SPF_NEUTRAL: return "neutral";
    case BD_SPF_PASS: return "pass";
    case BD_SPF_FAIL: return "fail";
    case BD_SPF_SOFTFAIL: return "softfail";
    case BD_SPF_TEMPERROR: return "temperror";
    case BD_SPF_PERMERROR: return "permerror";
    case BD_SPF_PENDING: return "pending";
    default: return "?";
    }
}
