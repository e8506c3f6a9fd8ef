/* bd-check-run.c: a run of the live checks
 *
 * The diagnosis says which checks matter (each KB cause lists its checks);
 * the bounce says what to check (sending IP, HELO name, sender and
 * recipient domains, the server that refused). A run starts them all at
 * once; each ends within its own timeout, and cancelling the run ends them
 * all at once. Nothing leaves the machine before the run is started.
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "bd-check-private.h"
#include "bd-checks-smtp-private.h"
#include "bd-kb.h"

#define DEFAULT_TIMEOUT_MS 5000
/* A log can name thousands of failures: check at most this many of each
 * kind of target. */
#define MAX_TARGETS 4

struct _BdCheckRun
{
  GObject     parent_instance;

  BdResolver *resolver;
  guint       timeout_ms;
  char       *doh;
  GPtrArray  *results;   /* of BdCheckResult */
  GPtrArray  *tasks;     /* of BdCheckTask, same order */
  GTask      *task;      /* the running run */
  guint       n_running;
  gboolean    started;
};

G_DEFINE_FINAL_TYPE (BdCheckRun, bd_check_run, G_TYPE_OBJECT)

enum {
  CHECK_DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const struct {
  const char  *id;
  BdCheckFunc  func;
} check_table[] = {
  { "dns.mx", _bd_check_dns_mx },
  { "dns.ptr", _bd_check_dns_ptr },
  { "dns.helo", _bd_check_dns_helo },
  { "dns.spf", _bd_check_dns_spf },
  { "dns.dmarc", _bd_check_dns_dmarc },
  { "dnsbl", _bd_check_dnsbl },
  { "time.clock", _bd_check_time_clock },
  { "mta-sts", _bd_check_mta_sts },
  { "net.resolver", _bd_check_net_resolver },
  { "smtp.probe", _bd_check_smtp_probe },
  { "size.limit", _bd_check_size_limit },
  { "net.ports", _bd_check_net_ports },
};

/* ------------------------------------------------------------------------ */
/* Results */

void
bd_check_result_free (BdCheckResult *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->target);
  g_free (self->summary);
  g_clear_pointer (&self->details, json_object_unref);
  g_free (self);
}

const char *
bd_check_status_to_string (BdCheckStatus status)
{
  switch (status)
    {
    case BD_CHECK_PENDING: return "pending";
    case BD_CHECK_PASS: return "pass";
    case BD_CHECK_WARN: return "warn";
    case BD_CHECK_FAIL: return "fail";
    case BD_CHECK_UNKNOWN: return "unknown";
    case BD_CHECK_SKIPPED: return "skipped";
    default: return "unknown";
    }
}

/* The outcome of a check in a word, for the text and Markdown reports. */
const char *
bd_check_status_get_label (BdCheckStatus status)
{
  switch (status)
    {
    /* Translators: the outcome of a live check, short */
    case BD_CHECK_PASS: return C_("check", "ok");
    case BD_CHECK_WARN: return C_("check", "warning");
    case BD_CHECK_FAIL: return C_("check", "problem");
    case BD_CHECK_SKIPPED: return C_("check", "skipped");
    case BD_CHECK_PENDING:
    case BD_CHECK_UNKNOWN:
    default: return C_("check", "can’t tell");
    }
}

const char *
bd_check_get_title (const char *id)
{
  static const struct { const char *id; const char *title; } titles[] = {
    /* Translators: names of the live checks */
    { "dns.mx", N_("Mail servers of the domain (MX)") },
    { "dns.ptr", N_("Reverse DNS of the sending server (PTR)") },
    { "dns.helo", N_("Name the sending server introduces itself with (HELO)") },
    { "dns.spf", N_("Sender Policy Framework (SPF)") },
    { "dns.dkim", N_("DKIM signing key") },
    { "dns.dmarc", N_("DMARC policy") },
    { "dnsbl", N_("Block list") },
    { "smtp.probe", N_("Mail server answers") },
    { "size.limit", N_("Message size limit") },
    { "net.ports", N_("Mail ports reachable from this computer") },
    { "net.resolver", N_("This computer’s DNS") },
    { "time.clock", N_("This computer’s clock") },
    { "mta-sts", N_("MTA-STS policy") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    if (g_strcmp0 (titles[i].id, id) == 0)
      return _(titles[i].title);
  return id;
}

/* ------------------------------------------------------------------------ */
/* Tasks */

static void
bd_check_task_clear (gpointer data)
{
  BdCheckTask *task = data;

  g_clear_object (&task->resolver);
  g_clear_object (&task->cancellable);
  g_clear_object (&task->client_ip);
  g_free (task->helo);
  g_free (task->sender);
  g_free (task->domain);
  g_free (task->host);
  g_free (task->doh);
  if (task->data_free != NULL)
    g_clear_pointer (&task->data, task->data_free);
  g_clear_pointer (&task->queries, json_array_unref);
}

BdCheckTask *
_bd_check_task_ref (BdCheckTask *task)
{
  return g_rc_box_acquire (task);
}

void
_bd_check_task_unref (BdCheckTask *task)
{
  g_rc_box_release_full (task, bd_check_task_clear);
}

JsonObject *
_bd_check_task_details (BdCheckTask *task)
{
  if (task->result->details == NULL)
    task->result->details = json_object_new ();
  return task->result->details;
}

static void bd_check_run_task_ended (BdCheckRun *self);

void
_bd_check_task_done (BdCheckTask   *task,
                     BdCheckStatus  status,
                     const char    *summary)
{
  BdCheckRun *run = task->run;

  if (task->done)
    return;
  task->done = TRUE;
  task->run = NULL;

  task->result->status = status;
  g_free (task->result->summary);
  task->result->summary = g_strdup (summary);
  task->result->ms = (g_get_monotonic_time () - task->started) / 1000;
  if (task->queries != NULL && json_array_get_length (task->queries) > 0)
    json_object_set_array_member (_bd_check_task_details (task), "queries",
                                  json_array_ref (task->queries));

  /* stop whatever is still running for it */
  g_cancellable_cancel (task->cancellable);

  if (run != NULL)
    {
      g_signal_emit (run, signals[CHECK_DONE], 0, task->result);
      bd_check_run_task_ended (run);
    }
}

void
_bd_check_task_donef (BdCheckTask   *task,
                      BdCheckStatus  status,
                      const char    *format,
                      ...)
{
  g_autofree char *summary = NULL;
  va_list args;

  va_start (args, format);
  summary = g_strdup_vprintf (format, args);
  va_end (args);
  _bd_check_task_done (task, status, summary);
}

typedef struct
{
  BdCheckTask       *task;
  BdCheckLookupFunc  callback;
} LookupData;

static JsonObject *
answer_to_json (const BdDnsAnswer *answer)
{
  JsonObject *object = json_object_new ();
  JsonArray *records = json_array_new ();

  json_object_set_string_member (object, "name", answer->name);
  json_object_set_string_member (object, "type", bd_dns_type_to_string (answer->type));
  json_object_set_string_member (object, "status", bd_dns_status_to_string (answer->status));
  json_object_set_int_member (object, "rcode", answer->rcode);
  for (guint i = 0; i < answer->records->len; i++)
    {
      BdDnsRecord *record = g_ptr_array_index (answer->records, i);
      JsonObject *r = json_object_new ();

      json_object_set_string_member (r, "data", record->data);
      json_object_set_int_member (r, "ttl", record->ttl);
      if (record->type == BD_DNS_MX)
        json_object_set_int_member (r, "preference", record->preference);
      json_array_add_object_element (records, r);
    }
  json_object_set_array_member (object, "records", records);
  if (answer->resolver != NULL)
    json_object_set_string_member (object, "resolver", answer->resolver);
  json_object_set_string_member (object, "dnssec",
                                 answer->dnssec == BD_DNSSEC_SECURE ? "secure" :
                                 answer->dnssec == BD_DNSSEC_BOGUS ? "bogus" : "insecure");
  json_object_set_int_member (object, "ms", answer->usec / 1000);
  return object;
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  LookupData *data = user_data;
  BdCheckTask *task = data->task;
  g_autoptr(BdDnsAnswer) answer = bd_resolver_lookup_finish (BD_RESOLVER (object), result, NULL);

  if (!task->done && answer != NULL)
    {
      if (task->queries == NULL)
        task->queries = json_array_new ();
      json_array_add_object_element (task->queries, answer_to_json (answer));
      data->callback (task, answer);
    }

  _bd_check_task_unref (task);
  g_free (data);
}

void
_bd_check_task_lookup (BdCheckTask       *task,
                       const char        *name,
                       BdDnsType          type,
                       BdCheckLookupFunc  callback)
{
  LookupData *data;

  if (task->done)
    return;

  data = g_new0 (LookupData, 1);
  data->task = _bd_check_task_ref (task);
  data->callback = callback;
  bd_resolver_lookup_async (task->resolver, name, type, task->timeout_ms,
                            task->cancellable, lookup_cb, data);
}

static gboolean
on_task_timeout (gpointer user_data)
{
  BdCheckTask *task = user_data;
  g_autofree char *summary = NULL;

  /* Translators: a check ran out of time; %.1f is seconds */
  summary = g_strdup_printf (_("No answer within %.1f s: can’t tell."), task->timeout_ms / 1000.0);
  _bd_check_task_done (task, BD_CHECK_UNKNOWN, summary);
  return G_SOURCE_REMOVE;
}

/* ------------------------------------------------------------------------ */
/* Planning */

static char *
domain_of (const char *address)
{
  const char *at = address != NULL ? strrchr (address, '@') : NULL;

  return at != NULL && at[1] != '\0' ? g_ascii_strdown (at + 1, -1) : NULL;
}

static gboolean
is_public (GInetAddress *ip)
{
  return !g_inet_address_get_is_loopback (ip) &&
         !g_inet_address_get_is_site_local (ip) &&
         !g_inet_address_get_is_link_local (ip) &&
         !g_inet_address_get_is_any (ip);
}

static BdCheckTask *
bd_check_run_add (BdCheckRun *self,
                  const char *id,
                  const char *target)
{
  BdCheckResult *result;
  BdCheckTask *task;

  for (guint i = 0; i < self->results->len; i++)
    {
      BdCheckResult *r = g_ptr_array_index (self->results, i);

      if (g_str_equal (r->id, id) && g_str_equal (r->target, target))
        return NULL;
    }

  result = g_new0 (BdCheckResult, 1);
  result->id = g_strdup (id);
  result->target = g_strdup (target);
  result->status = BD_CHECK_PENDING;
  g_ptr_array_add (self->results, result);

  task = g_rc_box_new0 (BdCheckTask);
  task->result = result;
  task->resolver = g_object_ref (self->resolver);
  task->timeout_ms = self->timeout_ms;
  task->size = -1;
  g_ptr_array_add (self->tasks, task);
  return task;
}

/* The checks of @failure's ranked causes. */
static gboolean
wants_check (const BdFailure *failure,
             const char      *id)
{
  for (guint i = 0; failure->causes != NULL && i < failure->causes->len; i++)
    {
      const BdCauseMatch *m = g_ptr_array_index (failure->causes, i);

      for (guint k = 0; m->cause->checks != NULL && m->cause->checks[k] != NULL; k++)
        if (g_str_equal (m->cause->checks[k], id))
          return TRUE;
    }
  return FALSE;
}

/* The checks that talk to the server (bd-checks-smtp.c): smtp.probe,
 * size.limit and net.ports. The server is the one the bounce names, or
 * else the recipient domain's MX (looked up when the check starts). */
static void
bd_check_run_plan_smtp (BdCheckRun      *self,
                        const BdFailure *f,
                        const char      *recipient_domain,
                        guint           *n_servers)
{
  const char *host = f->remote_host != NULL ? f->remote_host : f->remote_ip;
  g_autofree char *server = g_ascii_strdown (host != NULL ? host : recipient_domain != NULL ? recipient_domain : "", -1);
  gboolean submission;
  BdCheckTask *task;

  if (*server == '\0' || *n_servers >= MAX_TARGETS)
    return;
  if (!wants_check (f, "smtp.probe") && !wants_check (f, "size.limit") && !wants_check (f, "net.ports"))
    return;
  (*n_servers)++;
  /* logins and relaying happen on the submission port */
  submission = f->category == BD_CATEGORY_AUTH;

  for (guint k = 0; k < (submission ? 2u : 1u); k++)
    {
      guint16 port = k == 0 ? 25 : 587;
      g_autofree char *target = g_strdup_printf ("%s:%u", server, port);

      if (wants_check (f, "smtp.probe") &&
          (task = bd_check_run_add (self, "smtp.probe", target)) != NULL)
        {
          task->host = host != NULL ? g_strdup (server) : NULL;
          task->domain = host == NULL ? g_strdup (server) : NULL;
          task->port = port;
        }
    }

  if (wants_check (f, "size.limit"))
    {
      g_autofree char *target = g_strdup_printf ("%s:%u", server, 25);

      if ((task = bd_check_run_add (self, "size.limit", target)) != NULL)
        {
          task->host = host != NULL ? g_strdup (server) : NULL;
          task->domain = host == NULL ? g_strdup (server) : NULL;
          task->port = 25;
          task->size = f->size;
        }
    }

  if (wants_check (f, "net.ports") &&
      (task = bd_check_run_add (self, "net.ports", server)) != NULL)
    {
      task->host = host != NULL ? g_strdup (server) : NULL;
      task->domain = host == NULL ? g_strdup (server) : NULL;
      task->port = submission ? 587 : 25;
    }
}

static void
bd_check_run_plan (BdCheckRun *self,
                   BdReport   *report)
{
  guint n_servers = 0;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  BdKb *kb = bd_kb_get_default ();

  for (guint i = 0; i < report->failures->len; i++)
    {
      const BdFailure *f = g_ptr_array_index (report->failures, i);
      g_autoptr(GInetAddress) ip = f->client_ip != NULL ? g_inet_address_new_from_string (f->client_ip) : NULL;
      g_autofree char *sender_domain = domain_of (f->sender);
      g_autofree char *recipient_domain = domain_of (f->recipient);
      g_autofree char *ip_text = ip != NULL ? g_inet_address_to_string (ip) : NULL;
      BdCheckTask *task;

      /* the recipient's domain: where the mail should go */
      if (recipient_domain != NULL &&
          (wants_check (f, "dns.mx") || f->category == BD_CATEGORY_RECIPIENT) &&
          g_hash_table_size (seen) < MAX_TARGETS * 8 &&
          (task = bd_check_run_add (self, "dns.mx", recipient_domain)) != NULL)
        task->domain = g_strdup (recipient_domain);

      /* the recipient's MTA-STS policy decides whether TLS must work */
      if (recipient_domain != NULL && wants_check (f, "dns.mx") &&
          (task = bd_check_run_add (self, "mta-sts", recipient_domain)) != NULL)
        task->domain = g_strdup (recipient_domain);

      /* this computer's DNS, asked for the domain the mail is about */
      if (wants_check (f, "net.resolver") && (recipient_domain != NULL || sender_domain != NULL))
        {
          const char *domain = recipient_domain != NULL ? recipient_domain : sender_domain;

          if ((task = bd_check_run_add (self, "net.resolver", domain)) != NULL)
            task->domain = g_strdup (domain);
        }

      /* the clock, against the server the mail was going to */
      if (wants_check (f, "time.clock") && (f->remote_host != NULL || recipient_domain != NULL))
        {
          const char *host = f->remote_host != NULL && strchr (f->remote_host, '.') != NULL
                             ? f->remote_host : recipient_domain;

          if (host != NULL && (task = bd_check_run_add (self, "time.clock", host)) != NULL)
            task->host = g_strdup (host);
        }

      if (ip != NULL && wants_check (f, "dns.ptr") &&
          (task = bd_check_run_add (self, "dns.ptr", ip_text)) != NULL)
        task->client_ip = g_object_ref (ip);

      if (f->helo != NULL && wants_check (f, "dns.helo") &&
          (task = bd_check_run_add (self, "dns.helo", f->helo)) != NULL)
        {
          task->helo = g_strdup (f->helo);
          task->client_ip = ip != NULL ? g_object_ref (ip) : NULL;
        }

      if (sender_domain != NULL && ip != NULL && wants_check (f, "dns.spf"))
        {
          g_autofree char *target = g_strdup_printf ("%s/%s", sender_domain, ip_text);

          if ((task = bd_check_run_add (self, "dns.spf", target)) != NULL)
            {
              task->domain = g_strdup (sender_domain);
              task->sender = g_strdup (f->sender);
              task->helo = g_strdup (f->helo);
              task->client_ip = g_object_ref (ip);
            }
        }

      if (sender_domain != NULL && wants_check (f, "dns.dmarc") &&
          (task = bd_check_run_add (self, "dns.dmarc", sender_domain)) != NULL)
        {
          task->domain = g_strdup (sender_domain);
          task->sender = g_strdup (f->sender);
          task->helo = g_strdup (f->helo);
          task->client_ip = ip != NULL ? g_object_ref (ip) : NULL;
        }

      /* a dead list named in the bounce is reported as dead */
      for (guint k = 0; f->causes != NULL && k < f->causes->len; k++)
        {
          const BdCauseMatch *m = g_ptr_array_index (f->causes, k);

          if (m->list != NULL && m->list->state != BD_KB_LIST_ACTIVE &&
              (task = bd_check_run_add (self, "dnsbl", m->list->zone)) != NULL)
            {
              task->list = m->list;
              task->client_ip = ip != NULL ? g_object_ref (ip) : NULL;
            }
        }

      if (ip != NULL && is_public (ip) && wants_check (f, "dnsbl") &&
          !g_hash_table_contains (seen, ip_text))
        {
          gboolean v4 = g_inet_address_get_family (ip) == G_SOCKET_FAMILY_IPV4;

          g_hash_table_add (seen, g_strdup (ip_text));
          for (guint l = 0; l < bd_kb_get_n_dnsbls (kb); l++)
            {
              const BdKbDnsbl *list = bd_kb_get_dnsbl (kb, l);
              g_autoptr(GInetAddress) test = NULL;

              /* IP lists only (their test entry is an address) */
              if (list->state != BD_KB_LIST_ACTIVE || (!v4 && !list->ipv6))
                continue;
              test = list->test_listed != NULL ? g_inet_address_new_from_string (list->test_listed) : NULL;
              if (list->test_listed != NULL && test == NULL)
                continue;
              if ((task = bd_check_run_add (self, "dnsbl", list->zone)) != NULL)
                {
                  task->list = list;
                  task->client_ip = g_object_ref (ip);
                }
            }
        }

      bd_check_run_plan_smtp (self, f, recipient_domain, &n_servers);
    }
}

BdCheckRun *
bd_check_run_new (BdReport   *report,
                  BdResolver *resolver,
                  guint       timeout_ms)
{
  BdCheckRun *self;

  g_return_val_if_fail (report != NULL, NULL);
  g_return_val_if_fail (BD_IS_RESOLVER (resolver), NULL);

  self = g_object_new (BD_TYPE_CHECK_RUN, NULL);
  self->resolver = g_object_ref (resolver);
  self->timeout_ms = timeout_ms > 0 ? timeout_ms : DEFAULT_TIMEOUT_MS;
  bd_check_run_plan (self, report);
  return self;
}

/**
 * bd_check_run_set_doh:
 * @url: (nullable): a DNS JSON API such as "https://dns.google/resolve"
 *
 * Lets net.resolver compare this computer's answers with what a
 * DNS-over-HTTPS service sees. Off by default: that service learns which
 * domain is looked up.
 */
void
bd_check_run_set_doh (BdCheckRun *self,
                      const char *url)
{
  g_return_if_fail (BD_IS_CHECK_RUN (self));
  g_return_if_fail (!self->started);

  g_free (self->doh);
  self->doh = g_strdup (url);
  for (guint i = 0; i < self->tasks->len; i++)
    {
      BdCheckTask *t = g_ptr_array_index (self->tasks, i);

      g_free (t->doh);
      t->doh = g_strdup (url);
    }
}

GPtrArray *
bd_check_run_get_results (BdCheckRun *self)
{
  g_return_val_if_fail (BD_IS_CHECK_RUN (self), NULL);

  return self->results;
}

/* ------------------------------------------------------------------------ */
/* Running */

static void
bd_check_run_task_ended (BdCheckRun *self)
{
  g_assert (self->n_running > 0);

  if (--self->n_running == 0 && self->task != NULL)
    {
      GTask *task = g_steal_pointer (&self->task);

      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
    }
}

static void
on_run_cancelled (GCancellable *cancellable,
                  BdCheckRun   *self)
{
  /* every check ends now; those not done can't tell */
  for (guint i = 0; i < self->tasks->len; i++)
    g_cancellable_cancel (((BdCheckTask *) g_ptr_array_index (self->tasks, i))->cancellable);
}

static gboolean
end_cancelled (gpointer user_data)
{
  BdCheckRun *self = user_data;

  for (guint i = 0; i < self->tasks->len; i++)
    _bd_check_task_done (g_ptr_array_index (self->tasks, i), BD_CHECK_UNKNOWN,
                         _("Stopped before it finished."));
  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

static void
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  BdCheckRun *self = user_data;

  on_run_cancelled (cancellable, self);
  /* end them from the main loop, never inside the cancel handler */
  g_idle_add_full (G_PRIORITY_HIGH, end_cancelled, g_object_ref (self), NULL);
}

static gboolean
start_task (gpointer user_data)
{
  BdCheckTask *task = user_data;

  for (guint i = 0; i < G_N_ELEMENTS (check_table); i++)
    if (g_str_equal (check_table[i].id, task->result->id))
      {
        check_table[i].func (task);
        return G_SOURCE_REMOVE;
      }
  _bd_check_task_done (task, BD_CHECK_SKIPPED, _("This check is not available."));
  return G_SOURCE_REMOVE;
}

void
bd_check_run_start_async (BdCheckRun          *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (BD_IS_CHECK_RUN (self));
  g_return_if_fail (!self->started);

  self->started = TRUE;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bd_check_run_start_async);

  if (self->tasks->len == 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  self->task = g_steal_pointer (&task);
  self->n_running = self->tasks->len;

  for (guint i = 0; i < self->tasks->len; i++)
    {
      BdCheckTask *t = g_ptr_array_index (self->tasks, i);
      GSource *source;

      t->run = self;
      t->cancellable = g_cancellable_new ();
      t->started = g_get_monotonic_time ();
      source = g_timeout_source_new (t->timeout_ms);
      g_source_set_callback (source, on_task_timeout, _bd_check_task_ref (t),
                             (GDestroyNotify) _bd_check_task_unref);
      g_source_attach (source, NULL);
      g_source_unref (source);
    }

  if (cancellable != NULL)
    g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled), g_object_ref (self),
                           g_object_unref);

  /* all at once */
  for (guint i = 0; i < self->tasks->len; i++)
    start_task (g_ptr_array_index (self->tasks, i));
}

gboolean
bd_check_run_start_finish (BdCheckRun    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (BD_IS_CHECK_RUN (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------------ */
/* What the results say about the causes */

static double
vote (double confidence,
      double weight)
{
  return weight > 0 ? 1 - (1 - confidence) * (1 - weight) : confidence * (1 + weight);
}

/* A check's result is evidence like a rule's: it moves the cause's
 * confidence (also its base, so that answers given later start from what
 * the checks found). A positive result for a cause the bounce did not
 * suggest adds it, weaker: the check saw something, the bounce did not
 * blame it. */
static void
nudge (BdReport   *report,
       const char *cause_id,
       double      weight)
{
  const BdKbCause *cause = bd_kb_lookup_cause (bd_kb_get_default (), cause_id);

  if (cause == NULL || weight == 0)
    return;
  for (guint i = 0; i < report->failures->len; i++)
    {
      BdFailure *f = g_ptr_array_index (report->failures, i);
      gboolean found = FALSE;

      if (f->causes == NULL)
        continue;
      for (guint k = 0; k < f->causes->len; k++)
        {
          BdCauseMatch *m = g_ptr_array_index (f->causes, k);

          if (m->cause != cause)
            continue;
          found = TRUE;
          m->confidence = vote (m->confidence, weight);
          m->base = vote (m->base, weight);
        }
      if (!found && weight > 0)
        {
          BdCauseMatch *m = g_new0 (BdCauseMatch, 1);

          m->cause = cause;
          m->confidence = m->base = weight * 0.6;
          m->rule = "live-check";
          m->lines = g_array_new (FALSE, FALSE, sizeof (guint));
          g_ptr_array_add (f->causes, m);
        }
    }
}

static int
compare_matches (gconstpointer a,
                 gconstpointer b)
{
  const BdCauseMatch *x = *(BdCauseMatch * const *) a;
  const BdCauseMatch *y = *(BdCauseMatch * const *) b;

  if (x->confidence != y->confidence)
    return x->confidence > y->confidence ? -1 : 1;
  return (int) x->cause->index - (int) y->cause->index;
}

void
bd_check_run_apply (BdCheckRun *self,
                    BdReport   *report)
{
  guint listed = 0, clean = 0;

  g_return_if_fail (BD_IS_CHECK_RUN (self));
  g_return_if_fail (report != NULL);

  /* the report lists them (JSON "checks", the text's "Live checks") */
  g_clear_pointer (&report->checks, g_ptr_array_unref);
  report->checks = g_ptr_array_ref (self->results);

  for (guint i = 0; i < self->results->len; i++)
    {
      BdCheckResult *r = g_ptr_array_index (self->results, i);

      if (g_str_equal (r->id, "dnsbl"))
        {
          if (r->status == BD_CHECK_FAIL)
            listed++;
          else if (r->status == BD_CHECK_PASS)
            clean++;
        }
      else if (g_str_equal (r->id, "dns.ptr"))
        {
          if (r->status == BD_CHECK_PASS)
            {
              nudge (report, "dns.ptr-missing", -0.7);
              nudge (report, "dns.ptr-mismatch", -0.7);
            }
          else if (r->status == BD_CHECK_FAIL)
            nudge (report, "dns.ptr-missing", 0.6);
          else if (r->status == BD_CHECK_WARN)
            nudge (report, "dns.ptr-mismatch", 0.6);
        }
      else if (g_str_equal (r->id, "dns.helo"))
        nudge (report, "dns.helo-invalid", r->status == BD_CHECK_FAIL ? 0.6 :
                                           r->status == BD_CHECK_PASS ? -0.6 : 0);
      else if (g_str_equal (r->id, "dns.spf"))
        nudge (report, "dns.spf-fail", r->status == BD_CHECK_FAIL ? 0.6 :
                                       r->status == BD_CHECK_PASS ? -0.7 : 0);
      else if (g_str_equal (r->id, "dns.dmarc"))
        nudge (report, "dns.dmarc-fail", r->status == BD_CHECK_FAIL ? 0.6 :
                                         r->status == BD_CHECK_PASS ? -0.5 : 0);
      else if (g_str_equal (r->id, "dns.mx") && r->status == BD_CHECK_FAIL)
        nudge (report, "recipient.no-domain", 0.7);
      else if (g_str_equal (r->id, "dns.mx") && r->status == BD_CHECK_PASS)
        nudge (report, "recipient.no-domain", -0.7);
    }

  if (listed > 0)
    nudge (report, "blacklist.dnsbl-listed", 0.8);
  else if (clean > 0)
    nudge (report, "blacklist.dnsbl-listed", -0.6);

  for (guint i = 0; i < report->failures->len; i++)
    {
      BdFailure *f = g_ptr_array_index (report->failures, i);

      if (f->causes == NULL || f->causes->len == 0)
        continue;
      g_ptr_array_sort (f->causes, compare_matches);
      {
        const BdCauseMatch *first = g_ptr_array_index (f->causes, 0);

        g_free (f->cause);
        f->cause = g_strdup (first->cause->id);
        f->category = first->cause->category;
      }
    }
}

/* ------------------------------------------------------------------------ */
/* Object */

static void
bd_check_run_dispose (GObject *object)
{
  BdCheckRun *self = BD_CHECK_RUN (object);

  for (guint i = 0; i < self->tasks->len; i++)
    {
      BdCheckTask *t = g_ptr_array_index (self->tasks, i);

      t->run = NULL;
      t->done = TRUE;
      if (t->cancellable != NULL)
        g_cancellable_cancel (t->cancellable);
    }

  G_OBJECT_CLASS (bd_check_run_parent_class)->dispose (object);
}

static void
bd_check_run_finalize (GObject *object)
{
  BdCheckRun *self = BD_CHECK_RUN (object);

  g_ptr_array_unref (self->tasks);
  g_ptr_array_unref (self->results);
  g_clear_object (&self->resolver);
  g_free (self->doh);

  G_OBJECT_CLASS (bd_check_run_parent_class)->finalize (object);
}

static void
bd_check_run_class_init (BdCheckRunClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bd_check_run_dispose;
  object_class->finalize = bd_check_run_finalize;

  /**
   * BdCheckRun::check-done:
   * @result: (type gpointer): the BdCheckResult that just finished
   */
  signals[CHECK_DONE] =
    g_signal_new ("check-done",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
bd_check_run_init (BdCheckRun *self)
{
  self->results = g_ptr_array_new_with_free_func ((GDestroyNotify) bd_check_result_free);
  self->tasks = g_ptr_array_new_with_free_func ((GDestroyNotify) _bd_check_task_unref);
}
