/* bd-resolver.c: DNS through libunbound, in the GLib main loop
 *
 * libunbound resolves in its own thread and signals results on one file
 * descriptor, which sits in the main loop (g_unix_fd_add); ub_process()
 * then calls our callback there. Unlike GResolver it tells NXDOMAIN from
 * no data, SERVFAIL, timeouts, and gives TTLs and the DNSSEC state.
 *
 * It forwards to the system's resolvers, so it sees what this computer
 * sees. libunbound would answer some names itself: the reverse zones of
 * private and documentation ranges and the RFC 6761 names. A mail log from
 * an office LAN is full of private addresses whose PTRs live in the
 * office's own DNS, so those zones are handed back to the resolvers.
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib-unix.h>
#include <unbound.h>

#include "bd-error.h"
#include "bd-resolver.h"

#define DEFAULT_TIMEOUT_MS 5000

struct _BdResolver
{
  GObject        parent_instance;

  struct ub_ctx *ctx;
  guint          fd_source;
  char          *servers;
  GHashTable    *pending;   /* async id → Query */
};

G_DEFINE_FINAL_TYPE (BdResolver, bd_resolver, G_TYPE_OBJECT)

/* Zones libunbound answers by itself unless removed (RFC 6761 names,
 * documentation ranges' reverse zones; the private ranges' go with
 * unblock-lan-zones). */
static const char * const builtin_zones[] = {
  "test.", "invalid.", "onion.", "home.arpa.", "local.",
  "2.0.192.in-addr.arpa.", "100.51.198.in-addr.arpa.", "113.0.203.in-addr.arpa.",
  "8.b.d.0.1.0.0.2.ip6.arpa.",
};

typedef struct
{
  BdResolver   *resolver;   /* not owned: queries end before it does */
  GTask        *task;
  char         *name;
  BdDnsType     type;
  int           async_id;
  guint         timeout_source;
  gulong        cancelled_id;
  gint64        started;
} Query;

static void
query_free (Query *query)
{
  g_clear_handle_id (&query->timeout_source, g_source_remove);
  if (query->cancelled_id != 0)
    g_cancellable_disconnect (g_task_get_cancellable (query->task), query->cancelled_id);
  g_clear_object (&query->task);
  g_free (query->name);
  g_free (query);
}

/* ------------------------------------------------------------------------ */
/* Wire format */

/* A domain name in RDATA (uncompressed, as libunbound gives it). */
static char *
read_name (const guint8 *p,
           gsize         len,
           gsize        *pos)
{
  GString *name = g_string_new (NULL);

  while (*pos < len)
    {
      guint8 label = p[(*pos)++];

      if (label == 0)
        {
          if (name->len == 0)
            g_string_append_c (name, '.');
          return g_string_free (name, FALSE);
        }
      if (label > 63 || *pos + label > len)
        break;
      if (name->len > 0)
        g_string_append_c (name, '.');
      for (guint i = 0; i < label; i++)
        {
          guint8 c = p[(*pos)++];

          if (c == '.' || c == '\\')
            g_string_append_printf (name, "\\%c", c);
          else if (c > 0x20 && c < 0x7f)
            g_string_append_c (name, (char) c);
          else
            g_string_append_printf (name, "\\%03u", c);
        }
    }
  g_string_free (name, TRUE);
  return NULL;
}

char *
bd_resolver_rdata_to_text (BdDnsType     type,
                           const guint8 *rdata,
                           gsize         len,
                           guint16      *preference)
{
  gsize pos = 0;

  g_return_val_if_fail (rdata != NULL || len == 0, NULL);

  if (preference != NULL)
    *preference = 0;

  switch (type)
    {
    case BD_DNS_A:
      if (len != 4)
        return NULL;
      return g_strdup_printf ("%u.%u.%u.%u", rdata[0], rdata[1], rdata[2], rdata[3]);

    case BD_DNS_AAAA:
      {
        g_autoptr(GInetAddress) address = NULL;

        if (len != 16)
          return NULL;
        address = g_inet_address_new_from_bytes (rdata, G_SOCKET_FAMILY_IPV6);
        return g_inet_address_to_string (address);
      }

    case BD_DNS_MX:
      if (len < 3)
        return NULL;
      if (preference != NULL)
        *preference = (guint16) (rdata[0] << 8 | rdata[1]);
      pos = 2;
      return read_name (rdata, len, &pos);

    case BD_DNS_PTR:
    case BD_DNS_CNAME:
      return read_name (rdata, len, &pos);

    case BD_DNS_TXT:
      {
        GString *text = g_string_new (NULL);

        while (pos < len)
          {
            guint8 n = rdata[pos++];

            if (pos + n > len)
              {
                g_string_free (text, TRUE);
                return NULL;
              }
            for (guint i = 0; i < n; i++)
              {
                guint8 c = rdata[pos++];

                if (c >= 0x20 && c < 0x7f)
                  g_string_append_c (text, (char) c);
                else
                  g_string_append_printf (text, "\\%03u", c);
              }
          }
        return g_string_free (text, FALSE);
      }

    default:
      return NULL;
    }
}

/* ------------------------------------------------------------------------ */
/* Queries */

static void
bd_resolver_finish_query (Query       *query,
                          BdDnsAnswer *answer)
{
  BdResolver *self = query->resolver;
  GTask *task = g_steal_pointer (&query->task);

  /* the callback must find no query any more */
  if (query->cancelled_id != 0)
    {
      g_cancellable_disconnect (g_task_get_cancellable (task), query->cancelled_id);
      query->cancelled_id = 0;
    }
  answer->usec = g_get_monotonic_time () - query->started;
  /* frees @query */
  g_hash_table_remove (self->pending, GINT_TO_POINTER (query->async_id));

  if (answer->resolver == NULL)
    answer->resolver = g_strdup (self->servers);
  g_task_return_pointer (task, answer, (GDestroyNotify) bd_dns_answer_free);
  g_object_unref (task);
}

static void
resolve_cb (void             *data,
            int               err,
            struct ub_result *result)
{
  /* libunbound never calls back for a query cancelled with ub_cancel(),
   * and we cancel every query we stop waiting for */
  Query *query = data;
  BdDnsAnswer *answer;
  BdDnsStatus status;

  if (err != 0 || result == NULL)
    {
      answer = bd_dns_answer_new (query->name, query->type, BD_DNS_STATUS_ERROR);
      answer->rcode = -1;
    }
  else
    {
      if (result->rcode == 2)
        status = BD_DNS_STATUS_SERVFAIL;
      else if (result->rcode == 5)
        status = BD_DNS_STATUS_REFUSED;
      else if (result->nxdomain || result->rcode == 3)
        status = BD_DNS_STATUS_NXDOMAIN;
      else if (result->rcode != 0)
        status = BD_DNS_STATUS_ERROR;
      else
        status = result->havedata ? BD_DNS_STATUS_OK : BD_DNS_STATUS_NODATA;

      answer = bd_dns_answer_new (query->name, query->type, status);
      answer->rcode = result->rcode;
      answer->dnssec = result->bogus ? BD_DNSSEC_BOGUS
                       : result->secure ? BD_DNSSEC_SECURE : BD_DNSSEC_INSECURE;
      answer->why_bogus = g_strdup (result->why_bogus);
      for (int i = 0; result->havedata && result->data != NULL && result->data[i] != NULL; i++)
        {
          guint16 preference = 0;
          g_autofree char *text = bd_resolver_rdata_to_text (query->type,
                                                             (const guint8 *) result->data[i],
                                                             result->len[i], &preference);

          if (text != NULL)
            bd_dns_answer_add_record (answer, query->type, (guint32) MAX (result->ttl, 0),
                                      preference, text);
        }
      if (status == BD_DNS_STATUS_OK && answer->records->len == 0)
        answer->status = BD_DNS_STATUS_NODATA;
      ub_resolve_free (result);
    }

  bd_resolver_finish_query (query, answer);
}

static gboolean
on_query_timeout (gpointer user_data)
{
  Query *query = user_data;

  query->timeout_source = 0;
  ub_cancel (query->resolver->ctx, query->async_id);
  bd_resolver_finish_query (query, bd_dns_answer_new (query->name, query->type,
                                                      BD_DNS_STATUS_TIMEOUT));
  return G_SOURCE_REMOVE;
}

typedef struct
{
  BdResolver *resolver;
  int         async_id;
} CancelData;

static gboolean
on_cancelled_idle (gpointer user_data)
{
  CancelData *data = user_data;
  BdResolver *self = data->resolver;
  Query *query = g_hash_table_lookup (self->pending, GINT_TO_POINTER (data->async_id));

  /* still waiting (it may have been answered meanwhile) */
  if (query != NULL && query->task != NULL)
    {
      GTask *task = g_steal_pointer (&query->task);

      ub_cancel (self->ctx, query->async_id);
      g_cancellable_disconnect (g_task_get_cancellable (task), query->cancelled_id);
      query->cancelled_id = 0;
      g_hash_table_remove (self->pending, GINT_TO_POINTER (data->async_id));
      g_task_return_error_if_cancelled (task);
      g_object_unref (task);
    }
  g_object_unref (data->resolver);
  g_free (data);
  return G_SOURCE_REMOVE;
}

/* Runs in whatever thread cancels: hand over to the main loop. */
static void
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  Query *query = user_data;
  CancelData *data = g_new0 (CancelData, 1);

  GSource *source;

  data->resolver = g_object_ref (query->resolver);
  data->async_id = query->async_id;
  /* always later: disconnecting from inside this handler would deadlock */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_HIGH);
  g_source_set_callback (source, on_cancelled_idle, data, NULL);
  g_source_attach (source, g_task_get_context (query->task));
  g_source_unref (source);
}

static gboolean
on_fd_ready (int          fd,
             GIOCondition condition,
             gpointer     user_data)
{
  BdResolver *self = user_data;

  ub_process (self->ctx);
  return G_SOURCE_CONTINUE;
}

void
bd_resolver_lookup_async (BdResolver          *self,
                          const char          *name,
                          BdDnsType            type,
                          guint                timeout_ms,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Query *query;
  int err;

  g_return_if_fail (BD_IS_RESOLVER (self));
  g_return_if_fail (name != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bd_resolver_lookup_async);

  if (g_task_return_error_if_cancelled (task))
    return;

  query = g_new0 (Query, 1);
  query->resolver = self;
  query->name = g_strdup (name);
  query->type = type;
  query->started = g_get_monotonic_time ();

  err = ub_resolve_async (self->ctx, name, type, 1 /* IN */, query, resolve_cb, &query->async_id);
  if (err != 0)
    {
      BdDnsAnswer *answer = bd_dns_answer_new (name, type, BD_DNS_STATUS_ERROR);

      answer->rcode = -1;
      answer->resolver = g_strdup (ub_strerror (err));
      g_free (query->name);
      g_free (query);
      g_task_return_pointer (task, answer, (GDestroyNotify) bd_dns_answer_free);
      return;
    }

  query->task = g_steal_pointer (&task);
  g_hash_table_insert (self->pending, GINT_TO_POINTER (query->async_id), query);
  query->timeout_source = g_timeout_add (timeout_ms > 0 ? timeout_ms : DEFAULT_TIMEOUT_MS,
                                         on_query_timeout, query);
  if (cancellable != NULL)
    query->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled),
                                                 query, NULL);
}

BdDnsAnswer *
bd_resolver_lookup_finish (BdResolver    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (BD_IS_RESOLVER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------ */
/* Object */

static char *
read_servers (const char *resolv_conf)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GString *servers = g_string_new (NULL);

  if (g_file_get_contents (resolv_conf, &contents, NULL, NULL))
    {
      lines = g_strsplit (contents, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          g_auto(GStrv) words = g_strsplit_set (g_strstrip (lines[i]), " \t", -1);

          if (words[0] != NULL && g_str_equal (words[0], "nameserver") && words[1] != NULL)
            g_string_append_printf (servers, "%s%s", servers->len ? ", " : "", words[1]);
        }
    }
  return g_string_free (servers, FALSE);
}

static BdResolver *
bd_resolver_create (const char  *resolv_conf,
                    const char  *server,
                    GError     **error)
{
  g_autoptr(BdResolver) self = g_object_new (BD_TYPE_RESOLVER, NULL);
  const char *what = server != NULL ? server : resolv_conf;
  int err;

  self->ctx = ub_ctx_create ();
  if (self->ctx == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           "could not create a DNS resolver context");
      return NULL;
    }

  /* A server libunbound does not know yet gets 376 ms before a resend on a
   * new socket, so an answer that takes longer (a slow home router, a
   * block list far away) arrives at a closed port: a 1 s server cost 3.3 s
   * and one over 1.5 s was never heard. 1128 ms is what unbound.conf(5)
   * suggests for slow links; a lost packet is still retried well within
   * a check's timeout. */
  if ((err = ub_ctx_set_option (self->ctx, "unknown-server-time-limit:", "1128")) != 0 ||
      (err = ub_ctx_set_option (self->ctx, "unblock-lan-zones:", "yes")) != 0 ||
      (err = ub_ctx_set_option (self->ctx, "insecure-lan-zones:", "yes")) != 0 ||
      (err = server != NULL ? ub_ctx_set_fwd (self->ctx, server)
                            : ub_ctx_resolvconf (self->ctx, resolv_conf)) != 0 ||
      (err = ub_ctx_async (self->ctx, 1)) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "could not set up DNS from %s: %s", what, ub_strerror (err));
      return NULL;
    }
  for (guint i = 0; i < G_N_ELEMENTS (builtin_zones); i++)
    ub_ctx_zone_remove (self->ctx, builtin_zones[i]);

  self->servers = server != NULL ? g_strdup (server) : read_servers (resolv_conf);
  self->fd_source = g_unix_fd_add (ub_fd (self->ctx), G_IO_IN, on_fd_ready, self);

  return g_steal_pointer (&self);
}

BdResolver *
bd_resolver_new (const char  *resolv_conf,
                 GError     **error)
{
  return bd_resolver_create (resolv_conf != NULL ? resolv_conf : "/etc/resolv.conf", NULL, error);
}

BdResolver *
bd_resolver_new_forward (const char  *server,
                         GError     **error)
{
  g_return_val_if_fail (server != NULL, NULL);

  return bd_resolver_create (NULL, server, error);
}

const char *
bd_resolver_get_servers (BdResolver *self)
{
  g_return_val_if_fail (BD_IS_RESOLVER (self), NULL);

  return self->servers;
}

static void
bd_resolver_finalize (GObject *object)
{
  BdResolver *self = BD_RESOLVER (object);

  g_clear_handle_id (&self->fd_source, g_source_remove);
  /* pending queries hold a ref on their task, which holds us: none left */
  g_hash_table_unref (self->pending);
  if (self->ctx != NULL)
    ub_ctx_delete (self->ctx);
  g_free (self->servers);

  G_OBJECT_CLASS (bd_resolver_parent_class)->finalize (object);
}

static void
bd_resolver_class_init (BdResolverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bd_resolver_finalize;
}

static void
bd_resolver_init (BdResolver *self)
{
  self->pending = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) query_free);
}
