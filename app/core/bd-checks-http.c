/* bd-checks-http.c: the checks that speak HTTPS: clock, MTA-STS, and the
 * resolver with its optional DNS-over-HTTPS comparison
 *
 * One SoupSession serves every run (STYLE §12): a user agent naming the
 * app, timeouts, no cookies, no cache.
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "bd-check-private.h"
#include "bd-checks-http-private.h"

/* More than this is no clock error worth telling: TLS and Kerberos break at
 * minutes, most receivers do not care about seconds. */
#define CLOCK_WARN_SECONDS 120
#define CLOCK_FAIL_SECONDS 3600
/* An MTA-STS policy is a few hundred bytes (RFC 8461 3.2 allows 64 KB). */
#define MAX_POLICY_SIZE (64 * 1024)

SoupSession *
_bd_http_get_session (void)
{
  static SoupSession *session;

  if (g_once_init_enter (&session))
    {
      SoupSession *s = soup_session_new_with_options ("user-agent", "bounce-doctor/" PACKAGE_VERSION,
                                                      "timeout", 10,
                                                      "idle-timeout", 10,
                                                      NULL);
      g_once_init_leave (&session, s);
    }
  return session;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

typedef void (*HttpFunc) (BdCheckTask *task,
                          SoupMessage *message,
                          GBytes      *body,
                          GError      *error);

typedef struct
{
  BdCheckTask *task;
  SoupMessage *message;
  HttpFunc     callback;
} HttpData;

static void
http_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  HttpData *data = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);

  if (!data->task->done)
    data->callback (data->task, data->message, body, error);

  g_object_unref (data->message);
  _bd_check_task_unref (data->task);
  g_free (data);
}

static void
http_send (BdCheckTask *task,
           const char  *method,
           const char  *uri,
           HttpFunc     callback)
{
  HttpData *data;
  SoupMessage *message = soup_message_new (method, uri);

  if (message == NULL)
    {
      g_autoptr(GError) error = g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                             "not a valid address: %s", uri);
      callback (task, NULL, NULL, error);
      return;
    }
  json_object_set_string_member (_bd_check_task_details (task), "url", uri);
  data = g_new0 (HttpData, 1);
  data->task = _bd_check_task_ref (task);
  data->message = message;
  data->callback = callback;
  soup_session_send_and_read_async (_bd_http_get_session (), message, G_PRIORITY_DEFAULT,
                                    task->cancellable, http_cb, data);
}

/* ------------------------------------------------------------------------ */
/* time.clock */

static void
clock_cb (BdCheckTask *task,
          SoupMessage *message,
          GBytes      *body,
          GError      *error)
{
  JsonObject *details = _bd_check_task_details (task);
  const char *header;
  g_autoptr(GDateTime) server = NULL;
  g_autoptr(GDateTime) local = g_date_time_new_now_utc ();
  GTimeSpan offset;
  gint64 seconds;

  if (error != NULL)
    {
      json_object_set_string_member (details, "error", error->message);
      _bd_check_task_donef (task, BD_CHECK_UNKNOWN,
                            /* Translators: %s is a web address */
                            _("Could not ask %s for the time: can’t tell."), task->host);
      return;
    }
  header = soup_message_headers_get_one (soup_message_get_response_headers (message), "Date");
  if (header != NULL)
    server = soup_date_time_new_from_http_string (header);
  if (server == NULL)
    {
      _bd_check_task_donef (task, BD_CHECK_UNKNOWN,
                            _("%s did not say what time it is: can’t tell."), task->host);
      return;
    }

  offset = g_date_time_difference (local, server);
  seconds = offset / G_TIME_SPAN_SECOND;
  json_object_set_string_member (details, "date", header);
  json_object_set_int_member (details, "offset_seconds", seconds);
  seconds = ABS (seconds);

  if (seconds >= CLOCK_FAIL_SECONDS)
    _bd_check_task_donef (task, BD_CHECK_FAIL,
                          /* Translators: %d is a number of minutes */
                          ngettext ("This computer’s clock is off by about %d minute. Secure connections and logins fail with a clock that wrong: set the date and time automatically.",
                                    "This computer’s clock is off by about %d minutes. Secure connections and logins fail with a clock that wrong: set the date and time automatically.",
                                    seconds / 60),
                          (int) (seconds / 60));
  else if (seconds >= CLOCK_WARN_SECONDS)
    _bd_check_task_donef (task, BD_CHECK_WARN,
                          /* Translators: %d is a number of minutes */
                          ngettext ("This computer’s clock is off by about %d minute. Set the date and time automatically.",
                                    "This computer’s clock is off by about %d minutes. Set the date and time automatically.",
                                    seconds / 60),
                          (int) (seconds / 60));
  else
    _bd_check_task_donef (task, BD_CHECK_PASS, _("This computer’s clock is right (within two minutes)."));
}

void
_bd_check_time_clock (BdCheckTask *task)
{
  g_autofree char *uri = g_strdup_printf ("https://%s/", task->host);

  http_send (task, "HEAD", uri, clock_cb);
}

/* ------------------------------------------------------------------------ */
/* mta-sts (RFC 8461) */

/* "version: STSv1\nmode: enforce\nmx: mail.example.org\nmax_age: 86400" */
GHashTable *
_bd_mta_sts_parse_policy (const char  *text,
                          GPtrArray  **mx)
{
  g_autoptr(GHashTable) fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) hosts = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      char *colon = strchr (line, ':');
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;

      if (*line == '\0')
        continue;
      if (colon == NULL)
        return NULL;
      g_autofree char *name = g_strndup (line, colon - line);

      key = g_ascii_strdown (g_strstrip (name), -1);
      value = g_strdup (g_strstrip (colon + 1));
      if (g_str_equal (key, "mx"))
        g_ptr_array_add (hosts, g_ascii_strdown (value, -1));
      else
        g_hash_table_replace (fields, g_steal_pointer (&key), g_steal_pointer (&value));
    }
  if (g_strcmp0 (g_hash_table_lookup (fields, "version"), "STSv1") != 0 ||
      g_hash_table_lookup (fields, "mode") == NULL)
    return NULL;
  if (mx != NULL)
    *mx = g_steal_pointer (&hosts);
  return g_steal_pointer (&fields);
}

static void
policy_cb (BdCheckTask *task,
           SoupMessage *message,
           GBytes      *body,
           GError      *error)
{
  JsonObject *details = _bd_check_task_details (task);
  g_autoptr(GHashTable) fields = NULL;
  g_autoptr(GPtrArray) mx = NULL;
  g_autofree char *text = NULL;
  JsonArray *hosts;
  const char *mode;
  gsize len = 0;

  if (error != NULL || !SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (message)))
    {
      if (error != NULL)
        json_object_set_string_member (details, "error", error->message);
      else
        json_object_set_int_member (details, "http_status", soup_message_get_status (message));
      _bd_check_task_donef (task, BD_CHECK_FAIL,
                            /* Translators: %s is a domain */
                            _("%s announces an MTA-STS policy, but the policy file cannot be fetched. Servers that follow MTA-STS may refuse to deliver to it."),
                            task->domain);
      return;
    }

  text = g_strndup (g_bytes_get_data (body, &len), MIN (len, MAX_POLICY_SIZE));
  fields = _bd_mta_sts_parse_policy (text, &mx);
  if (fields == NULL)
    {
      _bd_check_task_donef (task, BD_CHECK_FAIL,
                            _("The MTA-STS policy of %s is not valid, so servers that follow MTA-STS may refuse to deliver to it."),
                            task->domain);
      return;
    }

  mode = g_hash_table_lookup (fields, "mode");
  json_object_set_string_member (details, "mode", mode);
  hosts = json_array_new ();
  for (guint i = 0; i < mx->len; i++)
    json_array_add_string_element (hosts, g_ptr_array_index (mx, i));
  json_object_set_array_member (details, "mx", hosts);
  if (g_hash_table_contains (fields, "max_age"))
    json_object_set_string_member (details, "max_age", g_hash_table_lookup (fields, "max_age"));

  if (g_str_equal (mode, "enforce"))
    _bd_check_task_donef (task, BD_CHECK_PASS,
                          /* Translators: %s is a domain */
                          _("%s requires encrypted delivery with a valid certificate (MTA-STS enforce). A sending server without working TLS cannot deliver to it."),
                          task->domain);
  else
    _bd_check_task_donef (task, BD_CHECK_PASS,
                          /* Translators: %s is a domain, then a mode such as "testing" */
                          _("%s publishes an MTA-STS policy in mode “%s”: it does not block delivery."),
                          task->domain, mode);
}

static void
mta_sts_txt_cb (BdCheckTask       *task,
                const BdDnsAnswer *answer)
{
  gboolean found = FALSE;

  if (bd_dns_answer_is_error (answer))
    {
      _bd_check_task_donef (task, BD_CHECK_UNKNOWN,
                            _("The DNS lookup of %s failed: can’t tell."), answer->name);
      return;
    }
  for (guint i = 0; i < answer->records->len; i++)
    if (g_str_has_prefix (((BdDnsRecord *) g_ptr_array_index (answer->records, i))->data, "v=STSv1"))
      found = TRUE;
  if (!found)
    {
      _bd_check_task_donef (task, BD_CHECK_SKIPPED,
                            /* Translators: %s is a domain */
                            _("%s has no MTA-STS policy (it is optional)."), task->domain);
      return;
    }

  {
    g_autofree char *uri = g_strdup_printf ("https://mta-sts.%s/.well-known/mta-sts.txt", task->domain);

    http_send (task, "GET", uri, policy_cb);
  }
}

void
_bd_check_mta_sts (BdCheckTask *task)
{
  g_autofree char *name = g_strconcat ("_mta-sts.", task->domain, NULL);

  _bd_check_task_lookup (task, name, BD_DNS_TXT, mta_sts_txt_cb);
}

/* ------------------------------------------------------------------------ */
/* net.resolver, with the DNS-over-HTTPS view when a provider is given */

typedef struct
{
  BdDnsAnswer *system;
  GPtrArray   *doh;     /* of char *, NULL until answered */
  gboolean     doh_failed;
  guint        waiting;
} ResolverState;

static void
resolver_state_free (gpointer data)
{
  ResolverState *state = data;

  g_clear_pointer (&state->system, bd_dns_answer_free);
  g_clear_pointer (&state->doh, g_ptr_array_unref);
  g_free (state);
}

/* The "Answer" data of a DNS JSON reply (application/dns-json, as Google
 * and Cloudflare serve it) for RR @type; NULL when it is not such a reply. */
GPtrArray *
_bd_doh_parse (const char *json,
               gsize       len,
               int         type,
               int        *status)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) data = g_ptr_array_new_with_free_func (g_free);
  JsonNode *root;
  JsonObject *object;
  JsonArray *answers;

  if (!json_parser_load_from_data (parser, json, len, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  object = json_node_get_object (root);
  if (!json_object_has_member (object, "Status"))
    return NULL;
  if (status != NULL)
    *status = (int) json_object_get_int_member_with_default (object, "Status", -1);
  answers = json_object_has_member (object, "Answer") &&
            JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "Answer"))
            ? json_object_get_array_member (object, "Answer") : NULL;
  for (guint i = 0; answers != NULL && i < json_array_get_length (answers); i++)
    {
      JsonNode *node = json_array_get_element (answers, i);
      JsonObject *rr;
      const char *value;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      rr = json_node_get_object (node);
      if (json_object_get_int_member_with_default (rr, "type", 0) != type)
        continue;
      value = json_object_get_string_member_with_default (rr, "data", NULL);
      if (value != NULL)
        {
          gsize n = strlen (value);

          /* names come with a final dot, TXT in quotes */
          if (n > 1 && value[n - 1] == '.')
            n--;
          g_ptr_array_add (data, g_ascii_strdown (value, n));
        }
    }
  g_ptr_array_sort (data, compare_strings);
  return g_steal_pointer (&data);
}

static void
resolver_decide (BdCheckTask *task)
{
  ResolverState *state = task->data;
  JsonObject *details = _bd_check_task_details (task);
  const BdDnsAnswer *answer = state->system;

  if (answer->resolver != NULL)
    json_object_set_string_member (details, "servers", answer->resolver);

  if (bd_dns_answer_is_error (answer))
    {
      _bd_check_task_donef (task, BD_CHECK_FAIL,
                            /* Translators: %s lists DNS server addresses */
                            _("This computer’s DNS servers (%s) did not answer properly. Mail programs cannot find mail servers without DNS."),
                            answer->resolver != NULL ? answer->resolver : "?");
      return;
    }

  if (state->doh != NULL)
    {
      g_autoptr(GPtrArray) mine = g_ptr_array_new_with_free_func (g_free);
      gboolean same;

      for (guint i = 0; i < answer->records->len; i++)
        {
          BdDnsRecord *r = g_ptr_array_index (answer->records, i);

          g_ptr_array_add (mine, r->type == BD_DNS_MX
                                 ? g_strdup_printf ("%u %s", r->preference, r->data)
                                 : g_ascii_strdown (r->data, -1));
        }
      g_ptr_array_sort (mine, compare_strings);
      same = mine->len == state->doh->len;
      for (guint i = 0; same && i < mine->len; i++)
        same = g_strcmp0 (g_ptr_array_index (mine, i), g_ptr_array_index (state->doh, i)) == 0;
      json_object_set_boolean_member (details, "doh_same", same);
      if (!same)
        {
          _bd_check_task_donef (task, BD_CHECK_WARN,
                                /* Translators: %s is a domain */
                                _("This computer sees different mail servers for %s than the internet does (DNS-over-HTTPS). A local DNS server may hide or change records."),
                                task->domain);
          return;
        }
      _bd_check_task_donef (task, BD_CHECK_PASS,
                            _("This computer’s DNS answers, and it sees the same mail servers for %s as the internet does."),
                            task->domain);
      return;
    }
  if (state->doh_failed)
    json_object_set_boolean_member (details, "doh_failed", TRUE);
  _bd_check_task_donef (task, BD_CHECK_PASS, _("This computer’s DNS answers."));
}

static void
resolver_system_cb (BdCheckTask       *task,
                    const BdDnsAnswer *answer)
{
  ResolverState *state = task->data;

  state->system = bd_dns_answer_copy (answer);
  if (--state->waiting == 0)
    resolver_decide (task);
}

static void
resolver_doh_cb (BdCheckTask *task,
                 SoupMessage *message,
                 GBytes      *body,
                 GError      *error)
{
  ResolverState *state = task->data;

  if (error == NULL && SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (message)))
    {
      gsize len = 0;
      const char *json = g_bytes_get_data (body, &len);

      state->doh = _bd_doh_parse (json, len, BD_DNS_MX, NULL);
    }
  if (state->doh == NULL)
    state->doh_failed = TRUE;
  /* an MX answer of the JSON API is "10 mx.example.org." */
  if (--state->waiting == 0)
    resolver_decide (task);
}

void
_bd_check_net_resolver (BdCheckTask *task)
{
  ResolverState *state = g_new0 (ResolverState, 1);
  const char *doh = task->doh;

  task->data = state;
  task->data_free = resolver_state_free;
  state->waiting = 1;

  /* the second view only when the user asked for it: it tells a third
   * party which domain is looked up */
  if (doh != NULL && *doh != '\0')
    {
      g_autofree char *escaped = g_uri_escape_string (task->domain, NULL, FALSE);
      g_autofree char *uri = g_strdup_printf ("%s%sname=%s&type=MX", doh,
                                              strchr (doh, '?') != NULL ? "&" : "?", escaped);

      state->waiting++;
      json_object_set_string_member (_bd_check_task_details (task), "doh", doh);
      http_send (task, "GET", uri, resolver_doh_cb);
    }
  _bd_check_task_lookup (task, task->domain, BD_DNS_MX, resolver_system_cb);
}
