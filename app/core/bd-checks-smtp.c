/* bd-checks-smtp.c: the checks that talk to a mail server: smtp.probe,
 * size.limit and net.ports
 *
 * The probe connects, reads the greeting, says EHLO, starts TLS when the
 * server offers it (or at once on port 465), looks at the certificate,
 * says EHLO again and QUIT. It never sends MAIL FROM, RCPT TO or DATA.
 * Every step has its own time limit, shorter than the check's, so that a
 * silent server ends in a precise "can't tell" rather than in the run's
 * general timeout. Everything runs in the main loop on GIO's async calls
 * and stops at once when the check's cancellable is cancelled.
 *
 * The certificate is checked against the system's trusted authorities
 * after the handshake, not during it: GnuTLS would otherwise read the
 * whole certificate store again on the main thread for every connection
 * (tens of milliseconds each). The store is loaded once per process in a
 * worker thread, and the chain is checked in one too.
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "bd-check-private.h"
#include "bd-checks-smtp-private.h"

/* The name we greet with: it says who asks, and that it takes no mail. */
#define EHLO_NAME "bounce-doctor.invalid"
/* A reply longer than this is no SMTP server's. */
#define MAX_REPLY_LINES 256
#define MAX_LINE_LENGTH 4096

static const guint16 mail_ports[] = { 25, 587, 465 };

/* ------------------------------------------------------------------------ */
/* Parsing (pure, tested on their own) */

gboolean
_bd_smtp_parse_reply_line (const char  *line,
                           guint       *code,
                           gboolean    *more,
                           const char **text)
{
  const char *p;

  if (line == NULL || !g_ascii_isdigit (line[0]) || !g_ascii_isdigit (line[1]) ||
      !g_ascii_isdigit (line[2]))
    return FALSE;
  if (line[3] != '\0' && line[3] != ' ' && line[3] != '-' && line[3] != '\t' && line[3] != '\r')
    return FALSE;
  if (line[0] < '1' || line[0] > '5')
    return FALSE;

  if (code != NULL)
    *code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
  if (more != NULL)
    *more = line[3] == '-';
  p = line + 3;
  if (*p != '\0')
    p++;
  while (*p == ' ' || *p == '\t')
    p++;
  if (text != NULL)
    *text = p;
  return TRUE;
}

static gboolean
is_keyword_char (char c)
{
  return g_ascii_isalnum (c) || c == '-';
}

static void
add_auth (GPtrArray  *mechanisms,
          const char *params)
{
  g_auto(GStrv) words = g_strsplit_set (params, " \t=", -1);

  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *word = g_ascii_strup (g_strstrip (words[i]), -1);
      gboolean seen = FALSE;

      if (*word == '\0')
        continue;
      for (guint k = 0; k < mechanisms->len; k++)
        if (g_str_equal (g_ptr_array_index (mechanisms, k), word))
          seen = TRUE;
      if (!seen)
        g_ptr_array_add (mechanisms, g_steal_pointer (&word));
    }
}

gboolean
_bd_smtp_ehlo_parse (const char *reply,
                     BdSmtpEhlo *ehlo)
{
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) auth = g_ptr_array_new_with_free_func (g_free);
  gboolean first = TRUE;

  g_return_val_if_fail (ehlo != NULL, FALSE);

  memset (ehlo, 0, sizeof *ehlo);
  ehlo->keywords = g_ptr_array_new_with_free_func (g_free);
  if (reply == NULL)
    return FALSE;

  lines = g_strsplit (reply, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strchomp (lines[i]);
      const char *text, *end, *params;
      g_autofree char *keyword = NULL;
      g_autofree char *normal = NULL;
      guint code;

      if (*line == '\0')
        continue;
      if (!_bd_smtp_parse_reply_line (line, &code, NULL, &text))
        {
          ehlo->code = 0;
          continue;
        }
      ehlo->code = code;

      if (first)
        {
          /* "mx.example.org Hello [192.0.2.1]" */
          first = FALSE;
          for (end = text; *end != '\0' && *end != ' ' && *end != '\t'; end++)
            ;
          if (end > text)
            ehlo->domain = g_strndup (text, end - text);
          continue;
        }

      for (end = text; is_keyword_char (*end); end++)
        ;
      if (end == text)
        continue;
      keyword = g_ascii_strup (text, end - text);
      params = end;
      while (*params == ' ' || *params == '\t' || *params == '=')
        params++;

      if (*params != '\0')
        {
          /* one space between the words */
          g_auto(GStrv) words = g_strsplit_set (params, " \t", -1);
          GString *joined = g_string_new (keyword);

          for (guint k = 0; words[k] != NULL; k++)
            if (*words[k] != '\0')
              g_string_append_printf (joined, " %s", words[k]);
          normal = g_string_free (joined, FALSE);
        }
      else
        normal = g_strdup (keyword);
      g_ptr_array_add (ehlo->keywords, g_steal_pointer (&normal));

      if (g_str_equal (keyword, "SIZE"))
        {
          guint64 n = 0;
          g_autofree char *number = NULL;

          for (end = params; g_ascii_isdigit (*end); end++)
            ;
          number = g_strndup (params, end - params);
          ehlo->has_size = TRUE;
          if (*number != '\0' && g_ascii_string_to_unsigned (number, 10, 0, G_MAXUINT64, &n, NULL))
            ehlo->size = n;
          else
            ehlo->size = 0;
        }
      else if (g_str_equal (keyword, "AUTH"))
        add_auth (auth, params);
      else if (g_str_equal (keyword, "STARTTLS"))
        ehlo->starttls = TRUE;
      else if (g_str_equal (keyword, "PIPELINING"))
        ehlo->pipelining = TRUE;
      else if (g_str_equal (keyword, "8BITMIME"))
        ehlo->eightbitmime = TRUE;
      else if (g_str_equal (keyword, "SMTPUTF8"))
        ehlo->smtputf8 = TRUE;
      else if (g_str_equal (keyword, "CHUNKING"))
        ehlo->chunking = TRUE;
      else if (g_str_equal (keyword, "DSN"))
        ehlo->dsn = TRUE;
      else if (g_str_equal (keyword, "ENHANCEDSTATUSCODES"))
        ehlo->enhancedstatuscodes = TRUE;
    }

  if (auth->len > 0)
    {
      g_ptr_array_add (auth, NULL);
      ehlo->auth = (char **) g_ptr_array_free (g_steal_pointer (&auth), FALSE);
    }
  return ehlo->code == 250;
}

void
_bd_smtp_ehlo_clear (BdSmtpEhlo *ehlo)
{
  g_clear_pointer (&ehlo->domain, g_free);
  g_clear_pointer (&ehlo->keywords, g_ptr_array_unref);
  g_clear_pointer (&ehlo->auth, g_strfreev);
}

static const struct {
  GTlsCertificateFlags  flag;
  const char           *id;
  const char           *words;
} cert_flags[] = {
  /* Translators: problems of a server's certificate, joined by commas */
  { G_TLS_CERTIFICATE_UNKNOWN_CA, "unknown-ca", N_("issued by an authority this computer does not trust") },
  { G_TLS_CERTIFICATE_BAD_IDENTITY, "bad-identity", N_("made out for a different name") },
  { G_TLS_CERTIFICATE_NOT_ACTIVATED, "not-activated", N_("not valid yet") },
  { G_TLS_CERTIFICATE_EXPIRED, "expired", N_("expired") },
  { G_TLS_CERTIFICATE_REVOKED, "revoked", N_("revoked by its issuer") },
  { G_TLS_CERTIFICATE_INSECURE, "insecure", N_("signed with an insecure algorithm") },
  { G_TLS_CERTIFICATE_GENERIC_ERROR, "generic-error", N_("unusable for another reason") },
};

char **
_bd_smtp_cert_flags_to_ids (GTlsCertificateFlags flags)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < G_N_ELEMENTS (cert_flags); i++)
    if (flags & cert_flags[i].flag)
      g_strv_builder_add (builder, cert_flags[i].id);
  return g_strv_builder_end (builder);
}

char *
_bd_smtp_cert_flags_describe (GTlsCertificateFlags flags)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cert_flags); i++)
    if (flags & cert_flags[i].flag)
      {
        if (out->len > 0)
          g_string_append (out, _(", "));
        g_string_append (out, _(cert_flags[i].words));
      }
  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------------ */
/* The system's trusted authorities, loaded once per process */

/* Set once, when the store is loaded, and kept until the process ends.
 * NULL before, and also after when the system has no store at all. */
static GTlsDatabase *trusted_database;
static gint trusted_database_requested;

/* Any thread; the first caller loads the store (~100 ms), the others
 * wait for it, later ones return at once. */
static GTlsDatabase *
trusted_database_load (void)
{
  static gsize loaded = 0;

  if (g_once_init_enter (&loaded))
    {
      GTlsDatabase *database = g_tls_backend_get_default_database (g_tls_backend_get_default ());

      g_atomic_pointer_set (&trusted_database, database);
      g_once_init_leave (&loaded, 1);
    }
  return g_atomic_pointer_get (&trusted_database);
}

static void
trusted_database_thread (GTask        *task,
                         gpointer      source_object G_GNUC_UNUSED,
                         gpointer      task_data G_GNUC_UNUSED,
                         GCancellable *cancellable G_GNUC_UNUSED)
{
  GTlsDatabase *database = trusted_database_load ();

  if (database != NULL)
    g_task_return_pointer (task, g_object_ref (database), g_object_unref);
  else
    g_task_return_new_error (task, G_TLS_ERROR, G_TLS_ERROR_UNAVAILABLE,
                             "No trusted certificate authorities");
}

/* Gets the store, in a worker thread: @callback receives a new reference
 * (or an error) and is called at once when @cancellable is cancelled. */
static void
trusted_database_get_async (GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, trusted_database_get_async);
  g_task_set_name (task, "[bounce-doctor] load trusted CAs");
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, trusted_database_thread);
}

static GTlsDatabase *
trusted_database_get_finish (GAsyncResult  *result,
                             GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
trusted_database_preloaded_cb (GObject      *object G_GNUC_UNUSED,
                               GAsyncResult *result,
                               gpointer      user_data G_GNUC_UNUSED)
{
  g_autoptr(GTlsDatabase) database = trusted_database_get_finish (result, NULL);
}

/* Starts loading the store when a probe starts, so that it is ready
 * by the time a certificate needs checking. */
static void
trusted_database_preload (void)
{
  if (g_atomic_int_compare_and_exchange (&trusted_database_requested, 0, 1))
    trusted_database_get_async (NULL, trusted_database_preloaded_cb, NULL);
}

/* ------------------------------------------------------------------------ */
/* The probe's state, shared by the three checks */

typedef enum
{
  MODE_PROBE,
  MODE_SIZE,
  MODE_PORTS,
} ProbeMode;

typedef struct _Probe Probe;
typedef void (*ProbeFunc) (Probe *probe);

typedef struct
{
  Probe             *probe;
  guint              index;
  guint16            port;
  GCancellable      *cancellable;
  guint              timer;
  gboolean           timed_out;
  gint64             started;
  const char        *state;   /* "open", "refused", "timeout", "unreachable", "error" */
  char              *error;
  gint64             ms;
} PortState;

struct _Probe
{
  BdCheckTask       *task;          /* NULL once the check is gone */
  ProbeMode          mode;
  GCancellable      *cancellable;   /* the probe's own operations */
  GCancellable      *task_cancellable;
  gulong             cancel_id;

  /* the current step */
  const char        *step;          /* "connect", "banner", "ehlo" … */
  gint64             step_started;
  guint              timer;
  guint              step_ms;
  gboolean           timed_out;
  ProbeFunc          next;          /* after the reply is read */

  /* the server */
  char              *host;          /* name (or address) of the server */
  GInetAddress      *address;
  GSocketConnectable *identity;     /* what its certificate must name */

  /* the conversation */
  GSocketClient     *client;
  GSocketConnection *connection;
  GIOStream         *tls;           /* GTlsClientConnection, nullable */
  GDataInputStream  *in;
  GOutputStream     *out;
  char              *command;       /* being written */
  GPtrArray         *lines;         /* of the reply being read */
  guint              code;          /* of that reply */

  /* what it learnt */
  char              *banner;
  guint              banner_code;
  BdSmtpEhlo         ehlo;
  gboolean           have_ehlo;
  BdSmtpEhlo         ehlo_tls;
  gboolean           have_ehlo_tls;
  gboolean           helo_only;
  gboolean           tls_started;
  gboolean           tls_failed;
  guint              starttls_code;
  char              *starttls_reply;
  GTlsCertificateFlags cert_errors;
  JsonObject        *steps;

  /* net.ports */
  PortState          ports[G_N_ELEMENTS (mail_ports)];
  guint              n_pending;
};

static void
probe_clear (gpointer data)
{
  Probe *probe = data;

  g_clear_handle_id (&probe->timer, g_source_remove);
  if (probe->task_cancellable != NULL)
    {
      g_cancellable_disconnect (probe->task_cancellable, probe->cancel_id);
      g_clear_object (&probe->task_cancellable);
    }
  for (guint i = 0; i < G_N_ELEMENTS (probe->ports); i++)
    {
      g_clear_handle_id (&probe->ports[i].timer, g_source_remove);
      g_clear_object (&probe->ports[i].cancellable);
      g_free (probe->ports[i].error);
    }
  g_clear_object (&probe->cancellable);
  g_free (probe->host);
  g_clear_object (&probe->address);
  g_clear_object (&probe->identity);
  g_clear_object (&probe->in);
  g_clear_object (&probe->tls);
  g_clear_object (&probe->connection);
  g_clear_object (&probe->client);
  g_free (probe->command);
  g_clear_pointer (&probe->lines, g_ptr_array_unref);
  g_free (probe->banner);
  _bd_smtp_ehlo_clear (&probe->ehlo);
  _bd_smtp_ehlo_clear (&probe->ehlo_tls);
  g_free (probe->starttls_reply);
  g_clear_pointer (&probe->steps, json_object_unref);
}

static Probe *
probe_ref (Probe *probe)
{
  return g_rc_box_acquire (probe);
}

static void
probe_unref (Probe *probe)
{
  g_rc_box_release_full (probe, probe_clear);
}

static void
on_task_cancelled (GCancellable *cancellable,
                   gpointer      user_data)
{
  Probe *probe = user_data;

  g_cancellable_cancel (probe->cancellable);
  for (guint i = 0; i < G_N_ELEMENTS (probe->ports); i++)
    if (probe->ports[i].cancellable != NULL)
      g_cancellable_cancel (probe->ports[i].cancellable);
}

/* The task lets go of its state: the probe may outlive it while an
 * operation is still on its way back; that one finds it detached. */
static void
probe_detach (gpointer data)
{
  Probe *probe = data;

  probe->task = NULL;
  on_task_cancelled (NULL, probe);
  probe_unref (probe);
}

static gboolean
probe_is_over (Probe *probe)
{
  return probe->task == NULL || probe->task->done;
}

static Probe *
probe_new (BdCheckTask *task,
           ProbeMode    mode)
{
  Probe *probe = g_rc_box_new0 (Probe);

  probe->task = task;
  probe->mode = mode;
  probe->cancellable = g_cancellable_new ();
  probe->lines = g_ptr_array_new_with_free_func (g_free);
  probe->steps = json_object_new ();
  probe->client = g_socket_client_new ();
  /* a diagnosis wants the direct path, never a proxy's */
  g_socket_client_set_enable_proxy (probe->client, FALSE);

  g_assert (task->data == NULL);
  task->data = probe;
  task->data_free = probe_detach;
  if (task->cancellable != NULL)
    {
      probe->task_cancellable = g_object_ref (task->cancellable);
      probe->cancel_id = g_cancellable_connect (task->cancellable, G_CALLBACK (on_task_cancelled),
                                                probe, NULL);
    }
  return probe;
}

/* What is left of the check's time, less a margin so that a step's own
 * timeout comes before the run's general one. */
static guint
probe_step_limit (Probe *probe)
{
  BdCheckTask *task = probe->task;
  gint64 now = g_get_monotonic_time ();
  gint64 end = task->started + (gint64) task->timeout_ms * 1000;
  gint64 margin = MIN (300, task->timeout_ms / 8) * 1000;
  gint64 left = end - now - margin;

  return (guint) MAX (left / 1000, 50);
}

static void
json_set_ms (JsonObject *object,
             const char *member,
             gint64      since)
{
  json_object_set_int_member (object, member, (g_get_monotonic_time () - since) / 1000);
}

static gboolean
on_step_timeout (gpointer user_data)
{
  Probe *probe = user_data;

  probe->timer = 0;
  probe->timed_out = TRUE;
  g_cancellable_cancel (probe->cancellable);
  return G_SOURCE_REMOVE;
}

static void
probe_step_begin (Probe      *probe,
                  const char *step)
{
  g_clear_handle_id (&probe->timer, g_source_remove);
  probe->step = step;
  probe->step_started = g_get_monotonic_time ();
  probe->step_ms = probe_step_limit (probe);
  if (g_str_equal (step, "quit"))
    probe->step_ms = MIN (probe->step_ms, 1000);
  probe->timer = g_timeout_add (probe->step_ms, on_step_timeout, probe);
}

static void
probe_step_end (Probe *probe)
{
  g_clear_handle_id (&probe->timer, g_source_remove);
  json_set_ms (probe->steps, probe->step, probe->step_started);
}

/* ------------------------------------------------------------------------ */
/* Details and the end */

static JsonArray *
strv_to_json (char **strv)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    json_array_add_string_element (array, strv[i]);
  return array;
}

static JsonArray *
ptr_array_to_json (GPtrArray *strings)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; strings != NULL && i < strings->len; i++)
    json_array_add_string_element (array, g_ptr_array_index (strings, i));
  return array;
}

static const char *
protocol_to_string (GTlsProtocolVersion version)
{
  switch (version)
    {
    case G_TLS_PROTOCOL_VERSION_SSL_3_0: return "SSL 3.0";
    case G_TLS_PROTOCOL_VERSION_TLS_1_0: return "TLS 1.0";
    case G_TLS_PROTOCOL_VERSION_TLS_1_1: return "TLS 1.1";
    case G_TLS_PROTOCOL_VERSION_TLS_1_2: return "TLS 1.2";
    case G_TLS_PROTOCOL_VERSION_TLS_1_3: return "TLS 1.3";
    case G_TLS_PROTOCOL_VERSION_DTLS_1_0: return "DTLS 1.0";
    case G_TLS_PROTOCOL_VERSION_DTLS_1_2: return "DTLS 1.2";
    case G_TLS_PROTOCOL_VERSION_UNKNOWN:
    default: return NULL;
    }
}

static JsonObject *
tls_details (Probe *probe)
{
  JsonObject *details = _bd_check_task_details (probe->task);

  if (!json_object_has_member (details, "tls"))
    json_object_set_object_member (details, "tls", json_object_new ());
  return json_object_get_object_member (details, "tls");
}

/* The final EHLO: after TLS when there was TLS. */
static const BdSmtpEhlo *
probe_final_ehlo (Probe *probe)
{
  if (probe->have_ehlo_tls)
    return &probe->ehlo_tls;
  if (probe->have_ehlo)
    return &probe->ehlo;
  return NULL;
}

static void
probe_fill_details (Probe *probe)
{
  BdCheckTask *task = probe->task;
  JsonObject *details = _bd_check_task_details (task);
  const BdSmtpEhlo *ehlo = probe_final_ehlo (probe);

  json_object_set_string_member (details, "host", probe->host);
  json_object_set_int_member (details, "port", task->port);
  if (probe->address != NULL)
    {
      g_autofree char *address = g_inet_address_to_string (probe->address);

      json_object_set_string_member (details, "address", address);
    }
  if (probe->banner != NULL)
    {
      json_object_set_string_member (details, "banner", probe->banner);
      json_object_set_int_member (details, "banner_code", probe->banner_code);
    }
  if (ehlo != NULL)
    {
      json_object_set_array_member (details, "capabilities", ptr_array_to_json (ehlo->keywords));
      if (ehlo->has_size)
        json_object_set_int_member (details, "size", (gint64) MIN (ehlo->size, (guint64) G_MAXINT64));
      else
        json_object_set_null_member (details, "size");
      json_object_set_boolean_member (details, "pipelining", ehlo->pipelining);
      json_object_set_boolean_member (details, "8bitmime", ehlo->eightbitmime);
      json_object_set_boolean_member (details, "smtputf8", ehlo->smtputf8);
    }
  if (probe->helo_only)
    json_object_set_boolean_member (details, "esmtp", FALSE);
  if (probe->have_ehlo && probe->mode != MODE_PORTS)
    {
      json_object_set_boolean_member (details, "starttls", probe->ehlo.starttls);
      json_object_set_array_member (details, "auth_before_tls", strv_to_json (probe->ehlo.auth));
    }
  if (probe->have_ehlo_tls)
    {
      json_object_set_array_member (details, "auth_after_tls", strv_to_json (probe->ehlo_tls.auth));
      if (probe->have_ehlo)
        json_object_set_boolean_member (details, "auth_only_after_tls",
                                        probe->ehlo.auth == NULL && probe->ehlo_tls.auth != NULL);
    }
  if (probe->starttls_reply != NULL)
    json_object_set_string_member (details, "starttls_reply", probe->starttls_reply);
  json_object_set_object_member (details, "steps", json_object_ref (probe->steps));
}

/* Hangs up at once (no operation may be pending). */
static void
probe_close (Probe *probe)
{
  g_clear_handle_id (&probe->timer, g_source_remove);
  if (probe->connection != NULL)
    g_socket_close (g_socket_connection_get_socket (probe->connection), NULL);
}

static void
probe_done (Probe         *probe,
            BdCheckStatus  status,
            const char    *summary)
{
  BdCheckTask *task = probe->task;

  if (probe_is_over (probe))
    return;
  g_clear_handle_id (&probe->timer, g_source_remove);
  if (probe->mode != MODE_PORTS)
    probe_fill_details (probe);
  _bd_check_task_done (task, status, summary);
  probe_close (probe);
}

static void probe_done_printf (Probe         *probe,
                               BdCheckStatus  status,
                               const char    *format,
                               ...) G_GNUC_PRINTF (3, 4);

static void
probe_done_printf (Probe         *probe,
                   BdCheckStatus  status,
                   const char    *format,
                   ...)
{
  g_autofree char *summary = NULL;
  va_list args;

  va_start (args, format);
  summary = g_strdup_vprintf (format, args);
  va_end (args);
  probe_done (probe, status, summary);
}

/* The server's reply as one line, for summaries: "554 5.7.1 Go away". */
static char *
probe_reply_text (Probe *probe)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < probe->lines->len; i++)
    {
      const char *line = g_ptr_array_index (probe->lines, i);
      const char *text = line;

      if (i > 0)
        {
          _bd_smtp_parse_reply_line (line, NULL, NULL, &text);
          g_string_append_c (out, ' ');
        }
      g_string_append (out, text);
    }
  if (out->len > 300)
    {
      g_string_truncate (out, 300);
      g_string_append (out, "…");
    }
  return g_string_free (out, FALSE);
}

static char *
probe_reply_joined (Probe *probe)
{
  g_ptr_array_add (probe->lines, NULL);
  {
    char *joined = g_strjoinv ("\n", (char **) probe->lines->pdata);

    g_ptr_array_remove_index (probe->lines, probe->lines->len - 1);
    return joined;
  }
}

static void probe_finish (Probe *probe);

/* A step went wrong: the server's silence, closing, or a network error. */
static void
probe_io_failed (Probe        *probe,
                 const GError *error)
{
  JsonObject *details;
  BdCheckStatus status;

  if (probe_is_over (probe) ||
      (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && !probe->timed_out))
    {
      /* the run was cancelled or the check ended: the run tells */
      probe_close (probe);
      return;
    }
  if (g_strcmp0 (probe->step, "quit") == 0)
    {
      /* a server may close without answering QUIT: that is fine */
      probe_finish (probe);
      return;
    }

  details = _bd_check_task_details (probe->task);
  json_object_set_string_member (details, "failed_step", probe->step);
  json_set_ms (probe->steps, probe->step, probe->step_started);
  status = probe->mode == MODE_SIZE ? BD_CHECK_UNKNOWN : BD_CHECK_FAIL;

  if (probe->timed_out)
    {
      double seconds = probe->step_ms / 1000.0;

      json_object_set_string_member (details, "timeout_step", probe->step);
      if (g_str_equal (probe->step, "connect"))
        probe_done_printf (probe, BD_CHECK_UNKNOWN,
                           /* Translators: a server, a port number, seconds */
                           _("%s did not answer a connection on port %u within %.1f s: a firewall may be dropping it, or the server is down. Can’t tell."),
                           probe->host, probe->task->port, seconds);
      else if (g_str_equal (probe->step, "banner"))
        probe_done_printf (probe, BD_CHECK_UNKNOWN,
                           /* Translators: a server, a port number, seconds */
                           _("%s accepted the connection on port %u but sent no greeting within %.1f s (a deliberately slow server, a trap for spammers, or an overloaded one). Can’t tell."),
                           probe->host, probe->task->port, seconds);
      else if (g_str_equal (probe->step, "tls") || g_str_equal (probe->step, "starttls"))
        probe_done_printf (probe, BD_CHECK_UNKNOWN,
                           /* Translators: a server, seconds */
                           _("%s did not finish setting up encryption within %.1f s. Can’t tell."),
                           probe->host, seconds);
      else
        probe_done_printf (probe, BD_CHECK_UNKNOWN,
                           /* Translators: a server, seconds */
                           _("%s stopped answering during the conversation (nothing within %.1f s). Can’t tell."),
                           probe->host, seconds);
      return;
    }

  json_object_set_string_member (details, "error", error != NULL ? error->message : "closed");

  if (g_str_equal (probe->step, "connect"))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
        probe_done_printf (probe, status,
                           /* Translators: a server, a port number */
                           _("%s refuses connections on port %u: no mail service listens there, or a firewall turns the connection away."),
                           probe->host, probe->task->port);
      else
        probe_done_printf (probe, status,
                           /* Translators: a server, a port number, the system's error message */
                           _("This computer cannot connect to %s on port %u: %s."),
                           probe->host, probe->task->port, error->message);
    }
  else if (error == NULL && g_str_equal (probe->step, "banner"))
    probe_done_printf (probe, status,
                       /* Translators: a server, a port number */
                       _("%s closed the connection on port %u without a greeting: it does not accept this computer, or it is overloaded."),
                       probe->host, probe->task->port);
  else if (error == NULL)
    probe_done_printf (probe, status,
                       /* Translators: a server */
                       _("%s closed the connection in the middle of the conversation."),
                       probe->host);
  else
    probe_done_printf (probe, status,
                       /* Translators: a server, then the system's error message */
                       _("The conversation with %s broke off: %s."),
                       probe->host, error->message);
}

/* ------------------------------------------------------------------------ */
/* Replies and commands */

static void read_line_cb (GObject *object, GAsyncResult *result, gpointer user_data);

static void
probe_read_line (Probe *probe)
{
  g_data_input_stream_read_line_async (probe->in, G_PRIORITY_DEFAULT, probe->cancellable,
                                       read_line_cb, probe_ref (probe));
}

static void
probe_protocol_error (Probe      *probe,
                      const char *line)
{
  JsonObject *details = _bd_check_task_details (probe->task);
  g_autofree char *shown = g_utf8_make_valid (line, MIN (strlen (line), 200));

  probe_step_end (probe);
  json_object_set_string_member (details, "failed_step", probe->step);
  json_object_set_string_member (details, "garbage", shown);
  probe_done_printf (probe, probe->mode == MODE_SIZE ? BD_CHECK_UNKNOWN : BD_CHECK_FAIL,
                     /* Translators: a server, a port number, then what it sent */
                     _("What answers on %s port %u does not speak SMTP (it sent “%s”)."),
                     probe->host, probe->task->port, shown);
}

static void
read_line_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Probe *probe = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  gsize length = 0;
  gboolean more = FALSE;
  guint code = 0;

  line = g_data_input_stream_read_line_finish (G_DATA_INPUT_STREAM (object), result, &length, &error);
  if (probe_is_over (probe))
    {
      probe_close (probe);
      goto out;
    }
  if (line == NULL)
    {
      probe_io_failed (probe, error);
      goto out;
    }

  if (length > 0 && line[length - 1] == '\r')
    line[--length] = '\0';
  if (length > MAX_LINE_LENGTH)
    line[MAX_LINE_LENGTH] = '\0';
  if (!g_utf8_validate (line, -1, NULL))
    {
      char *valid = g_utf8_make_valid (line, -1);

      g_free (line);
      line = valid;
    }

  if (!_bd_smtp_parse_reply_line (line, &code, &more, NULL) ||
      probe->lines->len >= MAX_REPLY_LINES)
    {
      probe_protocol_error (probe, line);
      goto out;
    }
  g_ptr_array_add (probe->lines, g_steal_pointer (&line));
  if (more)
    {
      probe_read_line (probe);
      goto out;
    }

  probe->code = code;
  probe_step_end (probe);
  probe->next (probe);

out:
  probe_unref (probe);
}

/* Reads a whole reply as step @step, then calls @next. */
static void
probe_read_reply (Probe      *probe,
                  const char *step,
                  ProbeFunc   next)
{
  g_ptr_array_set_size (probe->lines, 0);
  probe->code = 0;
  probe->next = next;
  probe_step_begin (probe, step);
  probe_read_line (probe);
}

static void
write_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Probe *probe = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error) ||
      probe_is_over (probe))
    probe_io_failed (probe, error);
  else
    probe_read_line (probe);
  probe_unref (probe);
}

/* Sends @command and reads the reply as step @step, then calls @next. */
static void
probe_command (Probe      *probe,
               const char *command,
               const char *step,
               ProbeFunc   next)
{
  g_free (probe->command);
  probe->command = g_strdup_printf ("%s\r\n", command);
  g_ptr_array_set_size (probe->lines, 0);
  probe->code = 0;
  probe->next = next;
  probe_step_begin (probe, step);
  g_output_stream_write_all_async (probe->out, probe->command, strlen (probe->command),
                                   G_PRIORITY_DEFAULT, probe->cancellable, write_cb,
                                   probe_ref (probe));
}

static void
probe_set_stream (Probe     *probe,
                  GIOStream *stream)
{
  if (probe->in != NULL)
    {
      /* keep the socket open under the new stream */
      g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (probe->in), FALSE);
      g_clear_object (&probe->in);
    }
  probe->in = g_data_input_stream_new (g_io_stream_get_input_stream (stream));
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (probe->in), FALSE);
  g_data_input_stream_set_newline_type (probe->in, G_DATA_STREAM_NEWLINE_TYPE_LF);
  probe->out = g_io_stream_get_output_stream (stream);
}

/* ------------------------------------------------------------------------ */
/* The verdicts */

static void
append_sentence (GString    *out,
                 const char *sentence)
{
  if (out->len > 0)
    g_string_append_c (out, ' ');
  g_string_append (out, sentence);
}

static void
probe_conclude (Probe *probe)
{
  BdCheckTask *task = probe->task;
  const BdSmtpEhlo *ehlo = probe_final_ehlo (probe);
  g_autoptr(GString) summary = g_string_new (NULL);
  BdCheckStatus status = BD_CHECK_PASS;
  gboolean submission = task->port == 587 || task->port == 465;
  g_autofree char *first = NULL;

  if (probe->tls_failed && task->port != 25)
    status = BD_CHECK_FAIL;
  else if (probe->tls_failed || probe->helo_only || probe->cert_errors != 0 ||
           (probe->have_ehlo && !probe->ehlo.starttls && task->port != 465) ||
           (probe->starttls_code != 0 && probe->starttls_code != 220) ||
           (task->port == 587 && probe->have_ehlo && probe->ehlo.auth != NULL && !probe->tls_started))
    status = BD_CHECK_WARN;

  if (status == BD_CHECK_PASS)
    first = g_strdup_printf (/* Translators: a server, a port number */
                             _("%s answers normally on port %u."), probe->host, task->port);
  else
    first = g_strdup_printf (/* Translators: a server, a port number */
                             _("%s answers on port %u."), probe->host, task->port);
  append_sentence (summary, first);

  if (probe->helo_only)
    append_sentence (summary, _("It refused EHLO and understood only the old HELO greeting, so it announces no extensions (no encryption, no size limit)."));

  if (probe->tls_failed)
    {
      const char *why = json_object_get_string_member_with_default (tls_details (probe), "error", "");

      if (task->port == 25)
        append_sentence (summary, _("Setting up encryption with it failed; many senders then fall back to sending without encryption, some give up."));
      else
        append_sentence (summary, _("Setting up encryption with it failed, so mail programs cannot send through it."));
      if (*why != '\0')
        {
          /* Translators: the TLS library's error message */
          g_autofree char *s = g_strdup_printf (_("The error was: %s."), why);
          append_sentence (summary, s);
        }
    }
  else if (probe->starttls_code != 0 && probe->starttls_code != 220)
    {
      /* Translators: the server's reply */
      g_autofree char *s = g_strdup_printf (_("It announces encryption (STARTTLS) but refused to start it (%s)."),
                                            probe->starttls_reply != NULL ? probe->starttls_reply : "");
      append_sentence (summary, s);
    }
  else if (probe->have_ehlo && !probe->ehlo.starttls && task->port != 465 && !probe->helo_only)
    {
      if (submission)
        append_sentence (summary, _("It does not offer encryption (STARTTLS), so passwords and mail would travel unprotected."));
      else
        append_sentence (summary, _("It does not offer encryption (STARTTLS), so mail to it travels unprotected."));
    }
  else if (probe->tls_started)
    {
      JsonObject *tls = tls_details (probe);
      const char *version = json_object_get_string_member_with_default (tls, "version", NULL);

      if (probe->cert_errors != 0)
        {
          g_autofree char *words = _bd_smtp_cert_flags_describe (probe->cert_errors);
          /* Translators: a list of certificate problems, e.g. "expired, made out for a different name" */
          g_autofree char *s = g_strdup_printf (_("Its encryption works, but its certificate is not trustworthy: %s. Senders that check certificates refuse to deliver to it."),
                                                words);
          append_sentence (summary, s);
        }
      else if (version != NULL)
        {
          /* Translators: %s is a protocol version, "TLS 1.3" */
          g_autofree char *s = g_strdup_printf (_("It offers encryption (%s) with a trusted certificate."), version);
          append_sentence (summary, s);
        }
      else
        append_sentence (summary, _("It offers encryption with a trusted certificate."));
    }

  if (probe->have_ehlo && probe->ehlo.auth != NULL && !probe->tls_started && task->port == 587)
    append_sentence (summary, _("It accepts logins before encryption, so passwords could travel unprotected."));
  else if (probe->have_ehlo_tls && probe->have_ehlo && probe->ehlo.auth == NULL && probe->ehlo_tls.auth != NULL)
    append_sentence (summary, _("It accepts logins (AUTH) only after encryption has started."));

  if (ehlo != NULL && ehlo->has_size && ehlo->size > 0)
    {
      g_autofree char *size = g_format_size (ehlo->size);
      /* Translators: a size such as "10.2 kB" */
      g_autofree char *s = g_strdup_printf (_("It accepts messages up to %s."), size);
      append_sentence (summary, s);
    }

  probe_done (probe, status, summary->str);
}

static void
size_conclude (Probe *probe)
{
  BdCheckTask *task = probe->task;
  const BdSmtpEhlo *ehlo = probe_final_ehlo (probe);
  JsonObject *details = _bd_check_task_details (task);
  g_autofree char *limit = NULL;
  g_autofree char *size = task->size >= 0 ? g_format_size (task->size) : NULL;

  if (task->size >= 0)
    json_object_set_int_member (details, "message_size", task->size);
  else
    json_object_set_null_member (details, "message_size");

  if (ehlo == NULL || !ehlo->has_size)
    {
      probe_done_printf (probe, BD_CHECK_UNKNOWN,
                         /* Translators: a server */
                         _("%s does not announce a size limit (no SIZE in its reply to EHLO): can’t tell."),
                         probe->host);
      return;
    }
  json_object_set_int_member (details, "limit", (gint64) MIN (ehlo->size, (guint64) G_MAXINT64));
  json_object_set_boolean_member (details, "no_limit", ehlo->size == 0);

  if (ehlo->size == 0)
    {
      if (size != NULL)
        probe_done_printf (probe, BD_CHECK_PASS,
                           /* Translators: a server, then the size of the message */
                           _("%s sets no fixed size limit, so it does not refuse the message (%s) for its size."),
                           probe->host, size);
      else
        probe_done_printf (probe, BD_CHECK_PASS,
                           _("%s sets no fixed size limit."), probe->host);
      return;
    }

  limit = g_format_size (ehlo->size);
  if (task->size < 0)
    probe_done_printf (probe, BD_CHECK_UNKNOWN,
                       /* Translators: a server, then a size */
                       _("%s accepts messages up to %s; the bounce does not say how large the message was, so the two cannot be compared."),
                       probe->host, limit);
  else if ((guint64) task->size > ehlo->size)
    probe_done_printf (probe, BD_CHECK_FAIL,
                       /* Translators: the message's size, a server, its limit */
                       _("The message (%s) is larger than anything %s accepts (at most %s): it refuses the message for its size. Send a smaller message, or share large files through a link."),
                       size, probe->host, limit);
  else
    probe_done_printf (probe, BD_CHECK_PASS,
                       /* Translators: the message's size, a server, its limit */
                       _("The message (%s) is within the size limit of %s (%s)."),
                       size, probe->host, limit);
}

static void
probe_finish (Probe *probe)
{
  if (probe->mode == MODE_SIZE)
    size_conclude (probe);
  else
    probe_conclude (probe);
}

/* ------------------------------------------------------------------------ */
/* The conversation */

static void
quit_cb (Probe *probe)
{
  probe_finish (probe);
}

static void
probe_quit (Probe *probe)
{
  /* the reply to QUIT does not matter: a short wait, then the verdict */
  probe_command (probe, "QUIT", "quit", quit_cb);
}

static void
ehlo_tls_cb (Probe *probe)
{
  g_autofree char *reply = probe_reply_joined (probe);
  JsonObject *details = _bd_check_task_details (probe->task);

  json_object_set_array_member (details, "ehlo_tls", ptr_array_to_json (probe->lines));
  _bd_smtp_ehlo_clear (&probe->ehlo_tls);
  probe->have_ehlo_tls = _bd_smtp_ehlo_parse (reply, &probe->ehlo_tls);
  probe_quit (probe);
}

static void banner_cb (Probe *probe);

static void
probe_record_tls (Probe *probe)
{
  GTlsConnection *tls = G_TLS_CONNECTION (probe->tls);
  JsonObject *object = tls_details (probe);
  GTlsCertificate *cert = g_tls_connection_get_peer_certificate (tls);
  g_autofree char *cipher = g_tls_connection_get_ciphersuite_name (tls);
  const char *version = protocol_to_string (g_tls_connection_get_protocol_version (tls));
  g_auto(GStrv) errors = _bd_smtp_cert_flags_to_ids (probe->cert_errors);

  if (version != NULL)
    json_object_set_string_member (object, "version", version);
  if (cipher != NULL)
    json_object_set_string_member (object, "cipher", cipher);
  json_object_set_array_member (object, "errors", strv_to_json (errors));
  json_object_set_boolean_member (object, "trusted", probe->cert_errors == 0);

  if (cert != NULL)
    {
      g_autofree char *subject = g_tls_certificate_get_subject_name (cert);
      g_autofree char *issuer = g_tls_certificate_get_issuer_name (cert);
      g_autoptr(GDateTime) before = g_tls_certificate_get_not_valid_before (cert);
      g_autoptr(GDateTime) after = g_tls_certificate_get_not_valid_after (cert);
      g_autoptr(GPtrArray) names = g_tls_certificate_get_dns_names (cert);

      if (subject != NULL)
        json_object_set_string_member (object, "subject", subject);
      if (issuer != NULL)
        json_object_set_string_member (object, "issuer", issuer);
      if (before != NULL)
        {
          g_autofree char *s = g_date_time_format_iso8601 (before);
          json_object_set_string_member (object, "not_before", s);
        }
      if (after != NULL)
        {
          g_autofree char *s = g_date_time_format_iso8601 (after);
          json_object_set_string_member (object, "not_after", s);
        }
      if (names != NULL)
        {
          JsonArray *array = json_array_new ();

          for (guint i = 0; i < names->len; i++)
            {
              GBytes *bytes = g_ptr_array_index (names, i);
              gsize len;
              const char *data = g_bytes_get_data (bytes, &len);
              g_autofree char *name = g_utf8_make_valid (data, len);

              json_array_add_string_element (array, name);
            }
          json_object_set_array_member (object, "dns_names", array);
        }
    }
}

/* The certificate is checked: the "tls" step is over. */
static void
probe_tls_ready (Probe                *probe,
                 GTlsCertificateFlags  cert_errors)
{
  probe_step_end (probe);
  probe->tls_started = TRUE;
  probe->cert_errors = cert_errors;
  probe_record_tls (probe);
  probe_set_stream (probe, probe->tls);

  if (probe->task->port == 465 && probe->banner == NULL)
    probe_read_reply (probe, "banner", banner_cb);
  else
    probe_command (probe, "EHLO " EHLO_NAME, "ehlo_tls", ehlo_tls_cb);
}

/* The probe's operations were cancelled while they ran in a thread: by
 * the step's timeout or by the run. */
static void
probe_verify_cancelled (Probe  *probe,
                        GError *error)
{
  g_autoptr(GError) cancelled = NULL;

  if (error == NULL || !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    error = cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled");
  probe_io_failed (probe, error);
}

static void
verify_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Probe *probe = user_data;
  g_autoptr(GError) error = NULL;
  GTlsCertificateFlags flags;

  flags = g_tls_database_verify_chain_finish (G_TLS_DATABASE (object), result, &error);
  if (probe_is_over (probe))
    probe_close (probe);
  else if (g_cancellable_is_cancelled (probe->cancellable))
    probe_verify_cancelled (probe, error);
  else
    {
      if (error != NULL)
        {
          /* as GIO does during a handshake: the certificate is unusable */
          g_debug ("checking the certificate of %s failed: %s", probe->host, error->message);
          if (flags == 0)
            flags = G_TLS_CERTIFICATE_GENERIC_ERROR;
        }
      probe_tls_ready (probe, flags);
    }
  probe_unref (probe);
}

static void
probe_verify_with (Probe        *probe,
                   GTlsDatabase *database)
{
  GTlsConnection *tls = G_TLS_CONNECTION (probe->tls);
  GTlsCertificate *chain = g_tls_connection_get_peer_certificate (tls);

  if (chain == NULL)
    {
      /* never after a client's handshake; what the handshake found */
      probe_tls_ready (probe, g_tls_connection_get_peer_certificate_errors (tls));
      return;
    }
  if (database == NULL)
    {
      /* no trusted authorities on this computer: what GIO reports then */
      probe_tls_ready (probe, G_TLS_CERTIFICATE_UNKNOWN_CA |
                              g_tls_certificate_verify (chain, probe->identity, NULL));
      return;
    }
  /* the same check as GIO's during a handshake, in a worker thread */
  g_tls_database_verify_chain_async (database, chain, G_TLS_DATABASE_PURPOSE_AUTHENTICATE_SERVER,
                                     probe->identity, NULL, G_TLS_DATABASE_VERIFY_NONE,
                                     probe->cancellable, verify_cb, probe_ref (probe));
}

static void
trusted_database_cb (GObject      *object G_GNUC_UNUSED,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Probe *probe = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsDatabase) database = trusted_database_get_finish (result, &error);

  if (probe_is_over (probe))
    probe_close (probe);
  else if (g_cancellable_is_cancelled (probe->cancellable))
    probe_verify_cancelled (probe, error);
  else
    probe_verify_with (probe, database);
  probe_unref (probe);
}

/* Checks the server's certificate chain against the system's trusted
 * authorities, for the server's name, after the handshake. */
static void
probe_verify (Probe *probe)
{
  GTlsDatabase *database = g_atomic_pointer_get (&trusted_database);

  if (database != NULL)
    probe_verify_with (probe, database);
  else
    trusted_database_get_async (probe->cancellable, trusted_database_cb, probe_ref (probe));
}

static void
handshake_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Probe *probe = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_tls_connection_handshake_finish (G_TLS_CONNECTION (object), result, &error))
    {
      if (probe_is_over (probe) || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          probe_io_failed (probe, error);
          goto out;
        }
      probe_step_end (probe);
      probe->tls_failed = TRUE;
      json_object_set_string_member (tls_details (probe), "error", error->message);
      /* the connection is in an unknown state now: no QUIT */
      if (probe->mode == MODE_SIZE || (probe->mode == MODE_PROBE && probe->task->port == 465))
        {
          if (probe->mode == MODE_SIZE)
            probe_done_printf (probe, BD_CHECK_UNKNOWN,
                               /* Translators: a server, then the TLS library's error */
                               _("Setting up encryption with %s failed (%s): can’t ask it for its size limit."),
                               probe->host, error->message);
          else
            probe_done_printf (probe, BD_CHECK_FAIL,
                               /* Translators: a server, then the TLS library's error */
                               _("%s accepts connections on port 465, but setting up encryption failed (%s), so mail programs cannot send through it."),
                               probe->host, error->message);
          goto out;
        }
      probe_finish (probe);
      goto out;
    }
  if (probe_is_over (probe))
    {
      probe_close (probe);
      goto out;
    }
  /* the step goes on until the certificate is checked */
  probe_verify (probe);

out:
  probe_unref (probe);
}

static gboolean
on_accept_certificate (GTlsConnection       *connection G_GNUC_UNUSED,
                       GTlsCertificate      *certificate G_GNUC_UNUSED,
                       GTlsCertificateFlags  errors G_GNUC_UNUSED,
                       gpointer              user_data G_GNUC_UNUSED)
{
  /* The connection has no database, so the errors here are always at
   * least "unknown-ca": accepted so that the probe can go on, and
   * probe_verify() checks the chain properly after the handshake. */
  return TRUE;
}

static void
probe_start_tls (Probe *probe)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&probe->identity);
  if (g_hostname_is_ip_address (probe->host))
    probe->identity = G_SOCKET_CONNECTABLE (g_inet_socket_address_new_from_string (probe->host, probe->task->port));
  else
    probe->identity = g_network_address_new (probe->host, probe->task->port);

  /* No database: the handshake accepts any certificate (see
   * on_accept_certificate) and probe_verify() checks it afterwards.
   * g_tls_client_connection_new() would load the system's store here,
   * on the main thread, for every connection. */
  probe->tls = g_initable_new (g_tls_backend_get_client_connection_type (g_tls_backend_get_default ()),
                               NULL, &error,
                               "base-io-stream", probe->connection,
                               "server-identity", probe->identity,
                               "database", NULL,
                               NULL);
  if (probe->tls == NULL)
    {
      /* glib-networking missing: our shortcoming, not the server's */
      json_object_set_string_member (tls_details (probe), "error", error->message);
      json_object_set_boolean_member (tls_details (probe), "unsupported", TRUE);
      if (probe->task->port == 465)
        probe_done_printf (probe, BD_CHECK_UNKNOWN,
                           /* Translators: the error message */
                           _("This computer cannot set up encryption (%s), which port 465 needs: can’t tell."),
                           error->message);
      else
        probe_quit (probe);
      return;
    }
  g_signal_connect (probe->tls, "accept-certificate", G_CALLBACK (on_accept_certificate), probe);
  probe_step_begin (probe, "tls");
  g_tls_connection_handshake_async (G_TLS_CONNECTION (probe->tls), G_PRIORITY_DEFAULT,
                                    probe->cancellable, handshake_cb, probe_ref (probe));
}

static void
starttls_cb (Probe *probe)
{
  probe->starttls_code = probe->code;
  g_free (probe->starttls_reply);
  probe->starttls_reply = probe_reply_text (probe);
  if (probe->code != 220)
    {
      probe_quit (probe);
      return;
    }
  probe_start_tls (probe);
}

static void
after_greeting (Probe *probe)
{
  if (probe->mode == MODE_SIZE && (probe->ehlo.has_size || !probe->ehlo.starttls))
    probe_quit (probe);
  else if (probe->ehlo.starttls && !probe->tls_started)
    probe_command (probe, "STARTTLS", "starttls", starttls_cb);
  else
    probe_quit (probe);
}

static void
helo_cb (Probe *probe)
{
  if (probe->code != 250)
    {
      g_autofree char *reply = probe_reply_text (probe);

      probe_done_printf (probe, probe->mode == MODE_SIZE ? BD_CHECK_UNKNOWN : BD_CHECK_FAIL,
                         /* Translators: a server, then its reply */
                         _("%s refuses the greeting of this computer (%s)."), probe->host, reply);
      return;
    }
  probe->helo_only = TRUE;
  probe_quit (probe);
}

static void
ehlo_cb (Probe *probe)
{
  g_autofree char *reply = probe_reply_joined (probe);
  JsonObject *details = _bd_check_task_details (probe->task);

  json_object_set_array_member (details, "ehlo", ptr_array_to_json (probe->lines));
  _bd_smtp_ehlo_clear (&probe->ehlo);
  probe->have_ehlo = _bd_smtp_ehlo_parse (reply, &probe->ehlo);

  if (probe->tls_started)
    {
      /* port 465: this EHLO is already encrypted */
      _bd_smtp_ehlo_clear (&probe->ehlo_tls);
      probe->have_ehlo_tls = _bd_smtp_ehlo_parse (reply, &probe->ehlo_tls);
      json_object_set_array_member (details, "ehlo_tls", ptr_array_to_json (probe->lines));
    }

  if (!probe->have_ehlo)
    {
      if (probe->code >= 500 && probe->code < 600)
        probe_command (probe, "HELO " EHLO_NAME, "helo", helo_cb);
      else
        {
          g_autofree char *text = probe_reply_text (probe);

          probe_done_printf (probe, probe->mode == MODE_SIZE ? BD_CHECK_UNKNOWN : BD_CHECK_FAIL,
                             _("%s refuses the greeting of this computer (%s)."), probe->host, text);
        }
      return;
    }
  after_greeting (probe);
}

static void
banner_cb (Probe *probe)
{
  g_autofree char *text = probe_reply_text (probe);
  BdCheckStatus status = probe->mode == MODE_SIZE ? BD_CHECK_UNKNOWN : BD_CHECK_FAIL;

  probe->banner = probe_reply_joined (probe);
  probe->banner_code = probe->code;

  if (probe->code >= 500)
    {
      probe_done_printf (probe, status,
                         /* Translators: a server, then its greeting, e.g. "554 5.7.1 Service unavailable" */
                         _("%s refuses this computer right in its greeting (%s). The server does not want connections from here: often its block list names this address."),
                         probe->host, text);
      return;
    }
  if (probe->code >= 400)
    {
      probe_done_printf (probe, status,
                         /* Translators: a server, then its greeting */
                         _("%s greets with a temporary refusal (%s): it is busy or limits connections. Senders try again later."),
                         probe->host, text);
      return;
    }
  if (probe->code != 220)
    {
      probe_done_printf (probe, status,
                         /* Translators: a server, then its greeting */
                         _("%s greets in a way SMTP does not allow (%s)."), probe->host, text);
      return;
    }
  probe_command (probe, "EHLO " EHLO_NAME, "ehlo", ehlo_cb);
}

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Probe *probe = user_data;
  g_autoptr(GError) error = NULL;
  GSocketConnection *connection;

  connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (object), result, &error);
  if (probe_is_over (probe))
    {
      g_clear_object (&connection);
      goto out;
    }
  if (connection == NULL)
    {
      probe_io_failed (probe, error);
      goto out;
    }
  probe_step_end (probe);
  probe->connection = connection;

  if (probe->task->port == 465)
    probe_start_tls (probe);
  else
    {
      probe_set_stream (probe, G_IO_STREAM (connection));
      probe_read_reply (probe, "banner", banner_cb);
    }

out:
  probe_unref (probe);
}

static void
probe_connect (Probe *probe)
{
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (probe->address, probe->task->port);

  probe_step_begin (probe, "connect");
  /* the certificate store is needed after STARTTLS: load it meanwhile */
  trusted_database_preload ();
  g_socket_client_connect_async (probe->client, G_SOCKET_CONNECTABLE (address), probe->cancellable,
                                 connect_cb, probe_ref (probe));
}

/* ------------------------------------------------------------------------ */
/* net.ports */

static const char *
port_state_words (const char *state)
{
  if (g_str_equal (state, "open"))
    return C_("port", "open");
  if (g_str_equal (state, "refused"))
    return C_("port", "refused");
  if (g_str_equal (state, "timeout"))
    return C_("port", "no answer");
  if (g_str_equal (state, "unreachable"))
    return C_("port", "unreachable");
  return C_("port", "error");
}

static char *
ports_list (Probe      *probe,
            const char *state,
            gboolean    negate)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (probe->ports); i++)
    if (g_str_equal (probe->ports[i].state, state) != negate)
      {
        if (out->len > 0)
          g_string_append (out, ", ");
        g_string_append_printf (out, "%u", probe->ports[i].port);
      }
  return g_string_free (out, FALSE);
}

static void
ports_conclude (Probe *probe)
{
  BdCheckTask *task = probe->task;
  JsonObject *details = _bd_check_task_details (task);
  JsonObject *ports = json_object_new ();
  const PortState *main_port = NULL;
  g_autofree char *open = ports_list (probe, "open", FALSE);
  g_autofree char *address = g_inet_address_to_string (probe->address);
  g_autoptr(GString) states = g_string_new (NULL);
  guint n_open = 0, n_refused = 0;

  for (guint i = 0; i < G_N_ELEMENTS (probe->ports); i++)
    {
      PortState *p = &probe->ports[i];
      JsonObject *one = json_object_new ();
      g_autofree char *key = g_strdup_printf ("%u", p->port);

      json_object_set_string_member (one, "state", p->state);
      json_object_set_int_member (one, "ms", p->ms);
      if (p->error != NULL)
        json_object_set_string_member (one, "error", p->error);
      json_object_set_object_member (ports, key, one);
      if (p->port == task->port)
        main_port = p;
      n_open += g_str_equal (p->state, "open");
      n_refused += g_str_equal (p->state, "refused");
      if (states->len > 0)
        g_string_append (states, ", ");
      /* Translators: a port number and its state, e.g. "25: no answer" */
      g_string_append_printf (states, _("%u: %s"), p->port, port_state_words (p->state));
    }
  json_object_set_string_member (details, "host", probe->host);
  json_object_set_string_member (details, "address", address);
  json_object_set_int_member (details, "port", task->port);
  json_object_set_object_member (details, "ports", ports);
  json_object_set_string_member (details, "open", open);
  if (main_port == NULL)
    main_port = &probe->ports[0];

  if (n_open == G_N_ELEMENTS (probe->ports))
    probe_done_printf (probe, BD_CHECK_PASS,
                       /* Translators: a server */
                       _("This computer can connect to %s on all mail ports (25, 587 and 465)."),
                       probe->host);
  else if (g_str_equal (main_port->state, "open"))
    probe_done_printf (probe, BD_CHECK_PASS,
                       /* Translators: a server, the port that matters, then the states of all ports */
                       _("This computer can connect to %s on port %u, the one that matters here (%s)."),
                       probe->host, main_port->port, states->str);
  else if (n_open > 0 && main_port->port == 25)
    {
      json_object_set_boolean_member (details, "port25_blocked", TRUE);
      probe_done_printf (probe, BD_CHECK_WARN,
                         /* Translators: a server, then the open ports, e.g. "587, 465" */
                         _("This computer cannot reach port 25 of %s, but it can reach port %s. Internet providers often block port 25 for home and office connections: send through your provider’s mail server, or through port 587 with a login."),
                         probe->host, open);
    }
  else if (n_open > 0)
    probe_done_printf (probe, BD_CHECK_WARN,
                       /* Translators: a server, a port number, then the states of all ports */
                       _("This computer cannot reach %s on port %u, though other mail ports answer (%s)."),
                       probe->host, main_port->port, states->str);
  else if (n_refused == G_N_ELEMENTS (probe->ports))
    probe_done_printf (probe, BD_CHECK_FAIL,
                       /* Translators: a server */
                       _("%s refuses connections on all mail ports (25, 587 and 465): no mail service runs there, or a firewall turns connections away."),
                       probe->host);
  else
    probe_done_printf (probe, BD_CHECK_FAIL,
                       /* Translators: a server, then the states of all ports */
                       _("This computer cannot reach %s on any mail port (%s): a firewall here, at your provider or at the server blocks them, or the server is down."),
                       probe->host, states->str);
}

static gboolean
on_port_timeout (gpointer user_data)
{
  PortState *port = user_data;

  port->timer = 0;
  port->timed_out = TRUE;
  g_cancellable_cancel (port->cancellable);
  return G_SOURCE_REMOVE;
}

static void
port_connect_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  PortState *port = user_data;
  Probe *probe = port->probe;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketConnection) connection = NULL;

  connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (object), result, &error);
  g_clear_handle_id (&port->timer, g_source_remove);
  port->ms = (g_get_monotonic_time () - port->started) / 1000;

  if (connection != NULL)
    {
      port->state = "open";
      /* connect only: closed again at once */
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
    }
  else if (port->timed_out)
    port->state = "timeout";
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    port->state = "refused";
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE))
    port->state = "unreachable";
  else
    port->state = "error";
  if (error != NULL && !port->timed_out)
    port->error = g_strdup (error->message);

  if (--probe->n_pending == 0 && !probe_is_over (probe))
    ports_conclude (probe);
  probe_unref (probe);
}

static void
ports_connect (Probe *probe)
{
  guint limit = probe_step_limit (probe);

  probe->n_pending = G_N_ELEMENTS (mail_ports);
  for (guint i = 0; i < G_N_ELEMENTS (mail_ports); i++)
    {
      PortState *port = &probe->ports[i];
      g_autoptr(GSocketAddress) address = g_inet_socket_address_new (probe->address, mail_ports[i]);

      port->probe = probe;
      port->index = i;
      port->port = mail_ports[i];
      port->cancellable = g_cancellable_new ();
      port->started = g_get_monotonic_time ();
      port->timer = g_timeout_add (limit, on_port_timeout, port);
      /* the port lives inside the probe: the reference keeps both */
      probe_ref (probe);
      g_socket_client_connect_async (probe->client, G_SOCKET_CONNECTABLE (address), port->cancellable,
                                     port_connect_cb, port);
    }
}

/* ------------------------------------------------------------------------ */
/* Finding the server: a name, an address, or the domain's MX */

static void
probe_resolved (Probe *probe)
{
  if (probe->mode == MODE_PORTS)
    ports_connect (probe);
  else
    probe_connect (probe);
}

static void
dns_failed (Probe             *probe,
            const BdDnsAnswer *answer)
{
  if (answer->status == BD_DNS_STATUS_NXDOMAIN)
    probe_done_printf (probe, probe->mode == MODE_SIZE ? BD_CHECK_UNKNOWN : BD_CHECK_FAIL,
                       /* Translators: a server name */
                       _("The server name %s does not exist in DNS (NXDOMAIN), so nothing can connect to it."),
                       answer->name);
  else if (answer->status == BD_DNS_STATUS_NODATA)
    probe_done_printf (probe, probe->mode == MODE_SIZE ? BD_CHECK_UNKNOWN : BD_CHECK_FAIL,
                       _("The server name %s has no address in DNS, so nothing can connect to it."),
                       answer->name);
  else
    probe_done_printf (probe, BD_CHECK_UNKNOWN,
                       /* Translators: a server name, then the DNS status ("SERVFAIL", "TIMEOUT" …) */
                       _("The address of %s could not be looked up (%s): can’t tell."),
                       answer->name, bd_dns_status_to_string (answer->status));
}

static void
address_cb (BdCheckTask       *task,
            const BdDnsAnswer *answer)
{
  Probe *probe = task->data;

  if (answer->status == BD_DNS_STATUS_NODATA && answer->type == BD_DNS_A)
    {
      /* IPv6 only */
      _bd_check_task_lookup (task, probe->host, BD_DNS_AAAA, address_cb);
      return;
    }
  if (answer->status != BD_DNS_STATUS_OK)
    {
      dns_failed (probe, answer);
      return;
    }
  for (guint i = 0; i < answer->records->len && probe->address == NULL; i++)
    probe->address = g_inet_address_new_from_string (((BdDnsRecord *) g_ptr_array_index (answer->records, i))->data);
  if (probe->address == NULL)
    {
      probe_done_printf (probe, BD_CHECK_UNKNOWN,
                         _("The address of %s could not be looked up (%s): can’t tell."),
                         probe->host, "malformed");
      return;
    }
  probe_resolved (probe);
}

static void
probe_lookup_host (Probe *probe)
{
  probe->address = g_inet_address_new_from_string (probe->host);
  if (probe->address != NULL)
    probe_resolved (probe);
  else
    _bd_check_task_lookup (probe->task, probe->host, BD_DNS_A, address_cb);
}

static void
mx_cb (BdCheckTask       *task,
       const BdDnsAnswer *answer)
{
  Probe *probe = task->data;
  const BdDnsRecord *best = NULL;

  switch (answer->status)
    {
    case BD_DNS_STATUS_OK:
      for (guint i = 0; i < answer->records->len; i++)
        {
          const BdDnsRecord *r = g_ptr_array_index (answer->records, i);

          if (best == NULL || r->preference < best->preference)
            best = r;
        }
      if (best == NULL || best->data[0] == '\0' || g_str_equal (best->data, "."))
        {
          _bd_check_task_done (task, BD_CHECK_SKIPPED,
                               _("The domain takes no mail (null MX): there is no server to ask."));
          return;
        }
      probe->host = g_ascii_strdown (best->data, -1);
      break;
    case BD_DNS_STATUS_NODATA:
      /* no MX: mail goes to the domain's own address */
      probe->host = g_strdup (task->domain);
      break;
    case BD_DNS_STATUS_NXDOMAIN:
      {
        /* Translators: a domain */
        g_autofree char *summary = g_strdup_printf (_("The domain %s does not exist, so there is no mail server to ask."),
                                                    task->domain);
        _bd_check_task_done (task, BD_CHECK_SKIPPED, summary);
      }
      return;
    default:
      dns_failed (probe, answer);
      return;
    }
  json_object_set_string_member (_bd_check_task_details (task), "mx", probe->host);
  probe_lookup_host (probe);
}

static void
probe_start (BdCheckTask *task,
             ProbeMode    mode)
{
  Probe *probe = probe_new (task, mode);

  if (task->port == 0)
    task->port = 25;
  if (task->host != NULL)
    {
      probe->host = g_strdup (task->host);
      probe_lookup_host (probe);
    }
  else if (task->domain != NULL)
    {
      probe->host = g_strdup (task->domain);
      _bd_check_task_lookup (task, task->domain, BD_DNS_MX, mx_cb);
    }
  else
    _bd_check_task_done (task, BD_CHECK_SKIPPED, _("The bounce does not name a mail server to ask."));
}

/* ------------------------------------------------------------------------ */
/* The checks */

void
_bd_check_smtp_probe (BdCheckTask *task)
{
  probe_start (task, MODE_PROBE);
}

void
_bd_check_size_limit (BdCheckTask *task)
{
  probe_start (task, MODE_SIZE);
}

void
_bd_check_net_ports (BdCheckTask *task)
{
  probe_start (task, MODE_PORTS);
}
