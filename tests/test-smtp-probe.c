/* test-smtp-probe.c: the SMTP checks against a small scripted server
 *
 * The parsing of EHLO replies and of certificate problems is tested on
 * its own; the probe, the size check and the port check run against a
 * tiny SMTP server that this test runs in a thread on 127.0.0.1 (greeting,
 * EHLO, STARTTLS with a self-signed certificate, a refused STARTTLS, a
 * "554" greeting, silence, a closed connection, something that is no
 * SMTP server, a TLS handshake that never ends). Only 127.0.0.1 receives
 * any packet.
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bd-check-private.h"
#include "bd-checks-smtp-private.h"

/* ------------------------------------------------------------------------ */
/* Parsing */

static void
test_reply_line (void)
{
  guint code = 0;
  gboolean more = FALSE;
  const char *text = NULL;

  g_assert_true (_bd_smtp_parse_reply_line ("250-SIZE 10240", &code, &more, &text));
  g_assert_cmpuint (code, ==, 250);
  g_assert_true (more);
  g_assert_cmpstr (text, ==, "SIZE 10240");

  g_assert_true (_bd_smtp_parse_reply_line ("220 mx.example.org ESMTP", &code, &more, &text));
  g_assert_cmpuint (code, ==, 220);
  g_assert_false (more);
  g_assert_cmpstr (text, ==, "mx.example.org ESMTP");

  /* a bare code is a complete reply */
  g_assert_true (_bd_smtp_parse_reply_line ("250", &code, &more, &text));
  g_assert_cmpuint (code, ==, 250);
  g_assert_false (more);
  g_assert_cmpstr (text, ==, "");

  g_assert_false (_bd_smtp_parse_reply_line ("HTTP/1.1 400 Bad Request", NULL, NULL, NULL));
  g_assert_false (_bd_smtp_parse_reply_line ("25", NULL, NULL, NULL));
  g_assert_false (_bd_smtp_parse_reply_line ("2500 x", NULL, NULL, NULL));
  g_assert_false (_bd_smtp_parse_reply_line ("650 x", NULL, NULL, NULL));
  g_assert_false (_bd_smtp_parse_reply_line (NULL, NULL, NULL, NULL));
}

static void
test_ehlo_postfix (void)
{
  BdSmtpEhlo ehlo;
  const char *reply =
    "250-mx1.example.test\r\n"
    "250-PIPELINING\r\n"
    "250-SIZE 10240\r\n"
    "250-VRFY\r\n"
    "250-ETRN\r\n"
    "250-STARTTLS\r\n"
    "250-ENHANCEDSTATUSCODES\r\n"
    "250-8BITMIME\r\n"
    "250-DSN\r\n"
    "250-SMTPUTF8\r\n"
    "250 CHUNKING\r\n";

  g_assert_true (_bd_smtp_ehlo_parse (reply, &ehlo));
  g_assert_cmpuint (ehlo.code, ==, 250);
  g_assert_cmpstr (ehlo.domain, ==, "mx1.example.test");
  g_assert_true (ehlo.has_size);
  g_assert_cmpuint (ehlo.size, ==, 10240);
  g_assert_true (ehlo.starttls);
  g_assert_true (ehlo.pipelining);
  g_assert_true (ehlo.eightbitmime);
  g_assert_true (ehlo.smtputf8);
  g_assert_true (ehlo.chunking);
  g_assert_true (ehlo.dsn);
  g_assert_true (ehlo.enhancedstatuscodes);
  g_assert_null (ehlo.auth);
  g_assert_cmpuint (ehlo.keywords->len, ==, 10);
  g_assert_cmpstr (g_ptr_array_index (ehlo.keywords, 1), ==, "SIZE 10240");
  _bd_smtp_ehlo_clear (&ehlo);
}

static void
test_ehlo_odd (void)
{
  BdSmtpEhlo ehlo;
  /* odd spacing, lower case, tabs, LF only, SIZE without a number, both
   * AUTH forms (the legacy "AUTH=" one repeats mechanisms) */
  const char *reply =
    "250-smtp.example.net  Hello [192.0.2.1], pleased to meet you\n"
    "250-size\n"
    "250-auth   login\tPLAIN  CRAM-MD5\n"
    "250-AUTH=LOGIN PLAIN\n"
    "250-x-custom-thing  a   b\n"
    "250 starttls   \n";

  g_assert_true (_bd_smtp_ehlo_parse (reply, &ehlo));
  g_assert_cmpstr (ehlo.domain, ==, "smtp.example.net");
  g_assert_true (ehlo.has_size);
  g_assert_cmpuint (ehlo.size, ==, 0);
  g_assert_true (ehlo.starttls);
  g_assert_false (ehlo.pipelining);
  g_assert_nonnull (ehlo.auth);
  g_assert_cmpuint (g_strv_length (ehlo.auth), ==, 3);
  g_assert_true (g_strv_contains ((const char * const *) ehlo.auth, "LOGIN"));
  g_assert_true (g_strv_contains ((const char * const *) ehlo.auth, "PLAIN"));
  g_assert_true (g_strv_contains ((const char * const *) ehlo.auth, "CRAM-MD5"));
  g_assert_cmpstr (g_ptr_array_index (ehlo.keywords, 0), ==, "SIZE");
  g_assert_cmpstr (g_ptr_array_index (ehlo.keywords, 1), ==, "AUTH login PLAIN CRAM-MD5");
  g_assert_cmpstr (g_ptr_array_index (ehlo.keywords, 3), ==, "X-CUSTOM-THING a b");
  g_assert_cmpstr (g_ptr_array_index (ehlo.keywords, 4), ==, "STARTTLS");
  _bd_smtp_ehlo_clear (&ehlo);

  /* a huge SIZE, and SIZE with something that is not a number */
  g_assert_true (_bd_smtp_ehlo_parse ("250-a\r\n250 SIZE 52428800000\r\n", &ehlo));
  g_assert_cmpuint (ehlo.size, ==, G_GUINT64_CONSTANT (52428800000));
  _bd_smtp_ehlo_clear (&ehlo);
  g_assert_true (_bd_smtp_ehlo_parse ("250-a\r\n250 SIZE unlimited\r\n", &ehlo));
  g_assert_true (ehlo.has_size);
  g_assert_cmpuint (ehlo.size, ==, 0);
  _bd_smtp_ehlo_clear (&ehlo);

  /* a single-line reply: no extensions */
  g_assert_true (_bd_smtp_ehlo_parse ("250 mx.example.org\r\n", &ehlo));
  g_assert_cmpstr (ehlo.domain, ==, "mx.example.org");
  g_assert_false (ehlo.has_size);
  g_assert_cmpuint (ehlo.keywords->len, ==, 0);
  _bd_smtp_ehlo_clear (&ehlo);
}

static void
test_ehlo_refused (void)
{
  BdSmtpEhlo ehlo;

  g_assert_false (_bd_smtp_ehlo_parse ("502 5.5.2 Error: command not recognized\r\n", &ehlo));
  g_assert_cmpuint (ehlo.code, ==, 502);
  _bd_smtp_ehlo_clear (&ehlo);

  g_assert_false (_bd_smtp_ehlo_parse ("554-go away\r\n554 really\r\n", &ehlo));
  g_assert_cmpuint (ehlo.code, ==, 554);
  _bd_smtp_ehlo_clear (&ehlo);

  g_assert_false (_bd_smtp_ehlo_parse ("<html>\r\n", &ehlo));
  g_assert_cmpuint (ehlo.code, ==, 0);
  _bd_smtp_ehlo_clear (&ehlo);

  g_assert_false (_bd_smtp_ehlo_parse (NULL, &ehlo));
  _bd_smtp_ehlo_clear (&ehlo);
}

static void
test_cert_flags (void)
{
  g_auto(GStrv) none = _bd_smtp_cert_flags_to_ids (0);
  g_auto(GStrv) ids = _bd_smtp_cert_flags_to_ids (G_TLS_CERTIFICATE_UNKNOWN_CA |
                                                   G_TLS_CERTIFICATE_EXPIRED |
                                                   G_TLS_CERTIFICATE_BAD_IDENTITY);
  g_auto(GStrv) all = _bd_smtp_cert_flags_to_ids (G_TLS_CERTIFICATE_VALIDATE_ALL);
  g_autofree char *words = _bd_smtp_cert_flags_describe (G_TLS_CERTIFICATE_UNKNOWN_CA |
                                                         G_TLS_CERTIFICATE_EXPIRED);
  g_autofree char *no_words = _bd_smtp_cert_flags_describe (0);
  g_autofree char *name = _bd_smtp_cert_flags_describe (G_TLS_CERTIFICATE_BAD_IDENTITY);

  g_assert_cmpuint (g_strv_length (none), ==, 0);
  g_assert_cmpuint (g_strv_length (ids), ==, 3);
  g_assert_cmpstr (ids[0], ==, "unknown-ca");
  g_assert_cmpstr (ids[1], ==, "bad-identity");
  g_assert_cmpstr (ids[2], ==, "expired");
  g_assert_cmpuint (g_strv_length (all), ==, 7);
  g_assert_true (g_strv_contains ((const char * const *) all, "not-activated"));
  g_assert_true (g_strv_contains ((const char * const *) all, "revoked"));
  g_assert_true (g_strv_contains ((const char * const *) all, "insecure"));
  g_assert_true (g_strv_contains ((const char * const *) all, "generic-error"));

  g_assert_cmpstr (no_words, ==, "");
  g_assert_cmpstr (words, ==, "issued by an authority this computer does not trust, expired");
  g_assert_cmpstr (name, ==, "made out for a different name");
}

/* ------------------------------------------------------------------------ */
/* A scripted SMTP server on 127.0.0.1 */

/* self-signed, CN=mx.probe.test, valid until 2126 */
static const char server_pem[] =
  "-----BEGIN CERTIFICATE-----\n"
  "MIIBoDCCAUegAwIBAgIUB/f6LxY4ST4dH0qet0mw7M26d38wCgYIKoZIzj0EAwIw\n"
  "GDEWMBQGA1UEAwwNbXgucHJvYmUudGVzdDAgFw0yNjExMjcyMDI0MjhaGA8yMTI2\n"
  "MTEwMzIwMjQyOFowGDEWMBQGA1UEAwwNbXgucHJvYmUudGVzdDBZMBMGByqGSM49\n"
  "AgEGCCqGSM49AwEHA0IABHQRsEbSJgwQEMTjVvNlfbQ8sP5vWuVegLX7isIMuDSW\n"
  "jbwNsy3VBElxs7VcNQUpbhr1GUobL07a7cbPZL+s+dijbTBrMB0GA1UdDgQWBBRI\n"
  "I6ERWIKcF3EUJciA3vhfLfrjzjAfBgNVHSMEGDAWgBRII6ERWIKcF3EUJciA3vhf\n"
  "LfrjzjAPBgNVHRMBAf8EBTADAQH/MBgGA1UdEQQRMA+CDW14LnByb2JlLnRlc3Qw\n"
  "CgYIKoZIzj0EAwIDRwAwRAIgaaOVRPUHQRT4jpgQGdXwQHdMsvFpVpx+s5qGg1oz\n"
  "f/kCIEDtfbBMKIJNoQbdJmG2PlGfv+2Kg79RCTAQrYHHHJad\n"
  "-----END CERTIFICATE-----\n"
  "-----BEGIN PRIVATE KEY-----\n"
  "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgueEg34v40gho6gHb\n"
  "iAvgtdjejZtqZ0yyAdv3Ud1jXsGhRANCAAR0EbBG0iYMEBDE41bzZX20PLD+b1rl\n"
  "XoC1+4rCDLg0lo28DbMt1QRJcbO1XDUFKW4a9RlKGy9O2u3Gz2S/rPnY\n"
  "-----END PRIVATE KEY-----\n";

typedef enum
{
  SERVE_TLS,              /* STARTTLS offered and done; AUTH only after it */
  SERVE_PLAIN,            /* no STARTTLS, SIZE 10240 */
  SERVE_NO_LIMIT,         /* "SIZE" without a number */
  SERVE_STARTTLS_REFUSED, /* offers STARTTLS, answers 454 */
  SERVE_EHLO_REFUSED,     /* 502 to EHLO, 250 to HELO */
  SERVE_BANNER_554,
  SERVE_SILENT,
  SERVE_CLOSE,
  SERVE_GARBAGE,
  SERVE_TLS_STALL,        /* says 220 to STARTTLS, then never handshakes */
} ServeMode;

typedef struct
{
  ServeMode        mode;
  GSocketListener *listener;
  GCancellable    *stop;
  GThread         *thread;
  guint16          port;
  GMutex           lock;
  GPtrArray       *commands;   /* what the client sent, in order */
  gint64           closed_at;  /* when the client went away */
  gint64           tls_at;     /* when a TLS handshake succeeded */
  guint            n_connections;
  gboolean         parallel;   /* one thread per connection */
  GPtrArray       *clients;    /* of GThread, when parallel */
} Server;

static gboolean
send_text (GOutputStream *out,
           const char    *text)
{
  return g_output_stream_write_all (out, text, strlen (text), NULL, NULL, NULL);
}

static void
drain (GInputStream *in)
{
  char buffer[512];

  while (g_input_stream_read (in, buffer, sizeof buffer, NULL, NULL) > 0)
    ;
}

static void
serve_one (Server    *server,
           GIOStream *connection)
{
  g_autoptr(GIOStream) tls = NULL;
  g_autoptr(GDataInputStream) in = g_data_input_stream_new (g_io_stream_get_input_stream (connection));
  GOutputStream *out = g_io_stream_get_output_stream (connection);
  GIOStream *io = connection;

  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (in), FALSE);

  switch (server->mode)
    {
    case SERVE_SILENT:
      drain (g_io_stream_get_input_stream (connection));
      return;
    case SERVE_CLOSE:
      return;
    case SERVE_BANNER_554:
      send_text (out, "554 5.7.1 Service unavailable; Client host [127.0.0.1] blocked using zen.test\r\n");
      break;
    case SERVE_GARBAGE:
      send_text (out, "HTTP/1.1 400 Bad Request\r\n\r\n");
      drain (g_io_stream_get_input_stream (connection));
      return;
    default:
      send_text (out, "220-mx.probe.test ESMTP test server\r\n220 mx.probe.test ready\r\n");
      break;
    }

  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line (in, NULL, NULL, NULL);
      g_autofree char *verb = NULL;

      if (line == NULL)
        break;
      g_strchomp (line);
      g_mutex_lock (&server->lock);
      g_ptr_array_add (server->commands, g_strdup (line));
      g_mutex_unlock (&server->lock);
      verb = g_ascii_strup (line, MIN (strlen (line), 8));

      if (g_str_has_prefix (verb, "EHLO"))
        {
          if (server->mode == SERVE_EHLO_REFUSED)
            send_text (out, "502 5.5.2 Error: command not recognized\r\n");
          else if (tls != NULL)
            send_text (out, "250-mx.probe.test\r\n250-SIZE 10240\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n");
          else if (server->mode == SERVE_PLAIN)
            send_text (out, "250-mx.probe.test\r\n250-PIPELINING\r\n250-SIZE 10240\r\n250 8BITMIME\r\n");
          else if (server->mode == SERVE_NO_LIMIT)
            send_text (out, "250-mx.probe.test\r\n250-SIZE\r\n250 8BITMIME\r\n");
          else
            send_text (out, "250-mx.probe.test\r\n250-PIPELINING\r\n250-SIZE 10240\r\n250-STARTTLS\r\n250 8BITMIME\r\n");
        }
      else if (g_str_has_prefix (verb, "HELO"))
        send_text (out, "250 mx.probe.test\r\n");
      else if (g_str_has_prefix (verb, "STARTTLS"))
        {
          g_autoptr(GTlsCertificate) cert = NULL;
          g_autoptr(GError) error = NULL;

          if (server->mode == SERVE_STARTTLS_REFUSED)
            {
              send_text (out, "454 4.7.0 TLS not available due to local problem\r\n");
              continue;
            }
          send_text (out, "220 2.0.0 Ready to start TLS\r\n");
          if (server->mode == SERVE_TLS_STALL)
            {
              drain (g_io_stream_get_input_stream (connection));
              break;
            }
          cert = g_tls_certificate_new_from_pem (server_pem, -1, &error);
          g_assert_no_error (error);
          tls = g_tls_server_connection_new (connection, cert, &error);
          g_assert_no_error (error);
          if (!g_tls_connection_handshake (G_TLS_CONNECTION (tls), NULL, NULL))
            break;
          g_mutex_lock (&server->lock);
          server->tls_at = g_get_monotonic_time ();
          g_mutex_unlock (&server->lock);
          io = tls;
          g_clear_object (&in);
          in = g_data_input_stream_new (g_io_stream_get_input_stream (io));
          g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (in), FALSE);
          out = g_io_stream_get_output_stream (io);
        }
      else if (g_str_has_prefix (verb, "QUIT"))
        {
          send_text (out, "221 2.0.0 Bye\r\n");
          break;
        }
      else
        send_text (out, "502 5.5.2 Error: command not recognized\r\n");
    }
  if (tls != NULL)
    g_io_stream_close (tls, NULL, NULL);
}

typedef struct
{
  Server            *server;
  GSocketConnection *connection;
} Client;

static gpointer
client_thread (gpointer data)
{
  Client *client = data;
  Server *server = client->server;

  serve_one (server, G_IO_STREAM (client->connection));
  g_io_stream_close (G_IO_STREAM (client->connection), NULL, NULL);
  g_mutex_lock (&server->lock);
  server->closed_at = g_get_monotonic_time ();
  g_mutex_unlock (&server->lock);
  g_object_unref (client->connection);
  g_free (client);
  return NULL;
}

static gpointer
server_thread (gpointer data)
{
  Server *server = data;

  for (;;)
    {
      GSocketConnection *connection = g_socket_listener_accept (server->listener, NULL, server->stop, NULL);
      Client *client;

      if (connection == NULL)
        break;
      g_mutex_lock (&server->lock);
      server->n_connections++;
      g_mutex_unlock (&server->lock);
      client = g_new0 (Client, 1);
      client->server = server;
      client->connection = connection;
      if (server->parallel)
        g_ptr_array_add (server->clients, g_thread_new ("smtp-client", client_thread, client));
      else
        client_thread (client);
    }
  return NULL;
}

static Server *
server_start_full (ServeMode mode,
                   gboolean  parallel)
{
  Server *server = g_new0 (Server, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;

  server->mode = mode;
  server->parallel = parallel;
  server->clients = g_ptr_array_new ();
  server->stop = g_cancellable_new ();
  server->commands = g_ptr_array_new_with_free_func (g_free);
  g_mutex_init (&server->lock);
  server->listener = g_socket_listener_new ();
  g_socket_listener_add_address (server->listener, address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error);
  g_assert_no_error (error);
  server->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  server->thread = g_thread_new ("smtp-server", server_thread, server);
  return server;
}

static Server *
server_start (ServeMode mode)
{
  return server_start_full (mode, FALSE);
}

static void
server_stop (Server *server)
{
  g_cancellable_cancel (server->stop);
  g_thread_join (server->thread);
  for (guint i = 0; i < server->clients->len; i++)
    g_thread_join (g_ptr_array_index (server->clients, i));
  g_ptr_array_unref (server->clients);
  g_socket_listener_close (server->listener);
  g_object_unref (server->listener);
  g_object_unref (server->stop);
  g_ptr_array_unref (server->commands);
  g_mutex_clear (&server->lock);
  g_free (server);
}

static gboolean
server_got (Server     *server,
            const char *prefix)
{
  gboolean found = FALSE;

  g_mutex_lock (&server->lock);
  for (guint i = 0; i < server->commands->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (server->commands, i), prefix))
      found = TRUE;
  g_mutex_unlock (&server->lock);
  return found;
}

/* ------------------------------------------------------------------------ */
/* Running one check the way a BdCheckRun does */

typedef struct
{
  BdCheckTask   *task;
  BdCheckResult *result;
  guint          run_timeout;
} Check;

static gboolean
on_run_timeout (gpointer data)
{
  Check *check = data;

  /* what BdCheckRun does when a check's time is up */
  check->run_timeout = 0;
  _bd_check_task_done (check->task, BD_CHECK_UNKNOWN, "generic timeout");
  return G_SOURCE_REMOVE;
}

static Check *
check_new (const char *id,
           const char *host,
           guint16     port,
           guint       timeout_ms)
{
  Check *check = g_new0 (Check, 1);
  BdCheckTask *task = g_rc_box_new0 (BdCheckTask);

  check->result = g_new0 (BdCheckResult, 1);
  check->result->id = g_strdup (id);
  check->result->target = g_strdup_printf ("%s:%u", host, port);
  task->result = check->result;
  task->cancellable = g_cancellable_new ();
  task->timeout_ms = timeout_ms;
  task->host = g_strdup (host);
  task->port = port;
  task->size = -1;
  check->task = task;
  return check;
}

static void
check_run (Check *check,
           void (*func) (BdCheckTask *task))
{
  check->task->started = g_get_monotonic_time ();
  check->run_timeout = g_timeout_add (check->task->timeout_ms, on_run_timeout, check);
  func (check->task);
  while (!check->task->done)
    g_main_context_iteration (NULL, TRUE);
  g_clear_handle_id (&check->run_timeout, g_source_remove);
}

static void
check_free (Check *check)
{
  gint64 until = g_get_monotonic_time () + 100 * 1000;

  _bd_check_task_unref (check->task);
  /* let operations that were still on their way come back */
  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  bd_check_result_free (check->result);
  g_free (check);
}

static const char *
detail_string (Check      *check,
               const char *member)
{
  g_assert_nonnull (check->result->details);
  return json_object_get_string_member_with_default (check->result->details, member, NULL);
}

static gboolean
array_has (JsonArray  *array,
           const char *value)
{
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    if (g_strcmp0 (json_array_get_string_element (array, i), value) == 0)
      return TRUE;
  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* The probe */

/* What BdCheckRun does on cancel — cancel, then end the check as unknown —
 * and the server must see the connection go away within 100 ms. */
static void
cancel_and_wait_closed (Check  *check,
                        Server *server)
{
  gint64 cancelled, closed = 0, until;

  cancelled = g_get_monotonic_time ();
  g_cancellable_cancel (check->task->cancellable);
  _bd_check_task_done (check->task, BD_CHECK_UNKNOWN, "stopped");

  until = cancelled + 2 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_mutex_lock (&server->lock);
      closed = server->closed_at;
      g_mutex_unlock (&server->lock);
      if (closed != 0)
        break;
      g_usleep (1000);
    }
  g_assert_cmpint (closed, >, 0);
  g_test_message ("connection closed %" G_GINT64_FORMAT " ms after cancel", (closed - cancelled) / 1000);
  g_assert_cmpint ((closed - cancelled) / 1000, <, 100);
  g_assert_cmpint (check->result->status, ==, BD_CHECK_UNKNOWN);
}

static void
test_probe_tls (void)
{
  Server *server;
  Check *check;
  JsonObject *details, *tls, *steps;

  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      g_test_skip ("no TLS backend (glib-networking)");
      return;
    }
  server = server_start (SERVE_TLS);
  check = check_new ("smtp.probe", "127.0.0.1", server->port, 5000);

  check_run (check, _bd_check_smtp_probe);
  g_test_message ("%s", check->result->summary);

  /* self-signed and made out for another name: a warning */
  g_assert_cmpint (check->result->status, ==, BD_CHECK_WARN);
  details = check->result->details;
  g_assert_cmpstr (detail_string (check, "banner"), ==, "220-mx.probe.test ESMTP test server\n220 mx.probe.test ready");
  g_assert_cmpint (json_object_get_int_member (details, "banner_code"), ==, 220);
  g_assert_true (json_object_get_boolean_member (details, "starttls"));
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (details, "auth_before_tls")), ==, 0);
  g_assert_true (array_has (json_object_get_array_member (details, "auth_after_tls"), "PLAIN"));
  g_assert_true (json_object_get_boolean_member (details, "auth_only_after_tls"));
  g_assert_cmpint (json_object_get_int_member (details, "size"), ==, 10240);
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (details, "ehlo")), ==, 5);
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (details, "ehlo_tls")), ==, 4);

  tls = json_object_get_object_member (details, "tls");
  g_assert_nonnull (tls);
  g_assert_cmpstr (json_object_get_string_member (tls, "subject"), ==, "CN=mx.probe.test");
  g_assert_cmpstr (json_object_get_string_member (tls, "issuer"), ==, "CN=mx.probe.test");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (tls, "not_after"), "2126-11-03"));
  g_assert_nonnull (json_object_get_string_member (tls, "version"));
  g_assert_nonnull (json_object_get_string_member (tls, "cipher"));
  g_assert_true (array_has (json_object_get_array_member (tls, "errors"), "unknown-ca"));
  g_assert_true (array_has (json_object_get_array_member (tls, "errors"), "bad-identity"));
  g_assert_false (json_object_get_boolean_member (tls, "trusted"));
  g_assert_true (array_has (json_object_get_array_member (tls, "dns_names"), "mx.probe.test"));

  steps = json_object_get_object_member (details, "steps");
  g_assert_true (json_object_has_member (steps, "connect"));
  g_assert_true (json_object_has_member (steps, "banner"));
  g_assert_true (json_object_has_member (steps, "tls"));
  g_assert_true (json_object_has_member (steps, "ehlo_tls"));
  g_assert_true (json_object_has_member (steps, "quit"));

  g_assert_nonnull (strstr (check->result->summary, "not trustworthy"));
  g_assert_nonnull (strstr (check->result->summary, "only after encryption"));

  /* it never sends a message, and always says goodbye */
  g_assert_true (server_got (server, "EHLO bounce-doctor.invalid"));
  g_assert_true (server_got (server, "STARTTLS"));
  g_assert_true (server_got (server, "QUIT"));
  g_assert_false (server_got (server, "MAIL"));
  g_assert_false (server_got (server, "RCPT"));
  g_assert_false (server_got (server, "DATA"));

  check_free (check);
  server_stop (server);
}

/* What the system's trusted authorities say of the test server's
 * certificate, for the name the probe checks (127.0.0.1:port). */
static char **
expected_cert_errors (guint16 port)
{
  g_autoptr(GTlsDatabase) database = g_tls_backend_get_default_database (g_tls_backend_get_default ());
  g_autoptr(GTlsCertificate) cert = NULL;
  g_autoptr(GSocketConnectable) identity = NULL;
  g_autoptr(GError) error = NULL;
  GTlsCertificateFlags flags;

  g_assert_nonnull (database);
  cert = g_tls_certificate_new_from_pem (server_pem, -1, &error);
  g_assert_no_error (error);
  identity = G_SOCKET_CONNECTABLE (g_inet_socket_address_new_from_string ("127.0.0.1", port));
  flags = g_tls_database_verify_chain (database, cert, G_TLS_DATABASE_PURPOSE_AUTHENTICATE_SERVER,
                                       identity, NULL, G_TLS_DATABASE_VERIFY_NONE, NULL, &error);
  g_assert_no_error (error);
  return _bd_smtp_cert_flags_to_ids (flags);
}

static gboolean
all_done (Check **checks,
          guint   n)
{
  for (guint i = 0; i < n; i++)
    if (!checks[i]->task->done)
      return FALSE;
  return TRUE;
}

/* The handshake accepts any certificate and the probe checks the chain
 * against the system's authorities afterwards, in a worker thread: the
 * self-signed certificate must still be untrusted, with exactly the
 * problems the system's store finds. Runs in a fresh process, where the
 * store is not loaded yet, with three probes at once that all wait for
 * it; then once more with the store loaded. */
static void
test_probe_tls_verify (void)
{
  Server *server;
  Check *checks[3];
  g_auto(GStrv) expected = NULL;

  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      g_test_skip ("no TLS backend (glib-networking)");
      return;
    }
  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  server = server_start_full (SERVE_TLS, TRUE);
  for (guint round = 0; round < 2; round++)
    {
      guint n = round == 0 ? G_N_ELEMENTS (checks) : 1;

      for (guint i = 0; i < n; i++)
        {
          checks[i] = check_new ("smtp.probe", "127.0.0.1", server->port, 5000);
          checks[i]->task->started = g_get_monotonic_time ();
          checks[i]->run_timeout = g_timeout_add (checks[i]->task->timeout_ms, on_run_timeout, checks[i]);
        }
      for (guint i = 0; i < n; i++)
        _bd_check_smtp_probe (checks[i]->task);
      while (!all_done (checks, n))
        g_main_context_iteration (NULL, TRUE);

      /* asked only now, so that the probes were the first to load it */
      if (expected == NULL)
        expected = expected_cert_errors (server->port);
      g_assert_true (g_strv_contains ((const char * const *) expected, "unknown-ca"));

      for (guint i = 0; i < n; i++)
        {
          JsonObject *tls = json_object_get_object_member (checks[i]->result->details, "tls");
          JsonArray *errors;

          g_clear_handle_id (&checks[i]->run_timeout, g_source_remove);
          g_test_message ("round %u, probe %u: %s", round, i, checks[i]->result->summary);
          g_assert_cmpint (checks[i]->result->status, ==, BD_CHECK_WARN);
          g_assert_nonnull (tls);
          g_assert_false (json_object_get_boolean_member (tls, "trusted"));
          errors = json_object_get_array_member (tls, "errors");
          g_assert_true (array_has (errors, "unknown-ca"));
          g_assert_true (array_has (errors, "bad-identity"));
          g_assert_cmpuint (json_array_get_length (errors), ==, g_strv_length (expected));
          for (guint k = 0; expected[k] != NULL; k++)
            g_assert_true (array_has (errors, expected[k]));
          g_assert_nonnull (strstr (checks[i]->result->summary,
                                    "issued by an authority this computer does not trust"));
          /* the conversation went on after the check, encrypted */
          g_assert_cmpint (json_array_get_length (json_object_get_array_member (checks[i]->result->details,
                                                                                "ehlo_tls")), ==, 4);
          g_assert_true (json_object_has_member (json_object_get_object_member (checks[i]->result->details,
                                                                                "steps"), "tls"));
          check_free (checks[i]);
        }
    }
  server_stop (server);
}

/* Cancelled as soon as the server is done with its side of the
 * handshake, in a fresh process: the probe is then finishing the
 * handshake, waiting for the store of trusted authorities or checking the
 * chain in a worker thread. The connection goes away at once, and what
 * comes back late from the threads finds the check over. */
static void
test_probe_tls_cancel (void)
{
  Server *server;
  Check *check;
  gint64 until;

  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      g_test_skip ("no TLS backend (glib-networking)");
      return;
    }
  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  server = server_start (SERVE_TLS);
  check = check_new ("smtp.probe", "127.0.0.1", server->port, 5000);
  check->task->started = g_get_monotonic_time ();
  _bd_check_smtp_probe (check->task);

  until = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  for (;;)
    {
      gint64 tls_at;

      g_mutex_lock (&server->lock);
      tls_at = server->tls_at;
      g_mutex_unlock (&server->lock);
      if (tls_at != 0 || g_get_monotonic_time () > until)
        break;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (200);
    }
  g_assert_false (check->task->done);

  cancel_and_wait_closed (check, server);
  g_assert_cmpstr (check->result->summary, ==, "stopped");
  g_assert_false (server_got (server, "QUIT"));
  check_free (check);
  server_stop (server);
}

/* A server that says yes to STARTTLS and then never handshakes: the
 * "tls" step's own limit, before the run's general timeout. */
static void
test_probe_tls_stall (void)
{
  Server *server;
  Check *check;
  gint64 start, elapsed;

  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      g_test_skip ("no TLS backend (glib-networking)");
      return;
    }
  server = server_start (SERVE_TLS_STALL);
  check = check_new ("smtp.probe", "127.0.0.1", server->port, 1000);
  start = g_get_monotonic_time ();
  check_run (check, _bd_check_smtp_probe);
  elapsed = (g_get_monotonic_time () - start) / 1000;
  g_test_message ("stalled handshake: %s after %" G_GINT64_FORMAT " ms", check->result->summary, elapsed);

  g_assert_cmpint (check->result->status, ==, BD_CHECK_UNKNOWN);
  g_assert_cmpstr (detail_string (check, "timeout_step"), ==, "tls");
  g_assert_nonnull (strstr (check->result->summary, "setting up encryption"));
  g_assert_cmpint (elapsed, <, 1000);
  check_free (check);
  server_stop (server);
}

static void
test_probe_plain (void)
{
  Server *server = server_start (SERVE_PLAIN);
  Check *check = check_new ("smtp.probe", "127.0.0.1", server->port, 5000);

  check_run (check, _bd_check_smtp_probe);
  g_assert_cmpint (check->result->status, ==, BD_CHECK_WARN);
  g_assert_false (json_object_get_boolean_member (check->result->details, "starttls"));
  g_assert_true (json_object_get_boolean_member (check->result->details, "pipelining"));
  g_assert_false (json_object_has_member (check->result->details, "tls"));
  g_assert_nonnull (strstr (check->result->summary, "STARTTLS"));
  g_assert_true (server_got (server, "QUIT"));
  check_free (check);
  server_stop (server);
}

static void
test_probe_starttls_refused (void)
{
  Server *server = server_start (SERVE_STARTTLS_REFUSED);
  Check *check = check_new ("smtp.probe", "127.0.0.1", server->port, 5000);

  check_run (check, _bd_check_smtp_probe);
  g_assert_cmpint (check->result->status, ==, BD_CHECK_WARN);
  g_assert_true (g_str_has_prefix (detail_string (check, "starttls_reply"), "454 4.7.0"));
  g_assert_nonnull (strstr (check->result->summary, "refused to start it"));
  g_assert_true (server_got (server, "QUIT"));
  check_free (check);
  server_stop (server);
}

static void
test_probe_ehlo_refused (void)
{
  Server *server = server_start (SERVE_EHLO_REFUSED);
  Check *check = check_new ("smtp.probe", "127.0.0.1", server->port, 5000);

  check_run (check, _bd_check_smtp_probe);
  g_assert_cmpint (check->result->status, ==, BD_CHECK_WARN);
  g_assert_false (json_object_get_boolean_member (check->result->details, "esmtp"));
  g_assert_true (server_got (server, "HELO bounce-doctor.invalid"));
  check_free (check);
  server_stop (server);
}

static void
test_probe_banner_554 (void)
{
  Server *server = server_start (SERVE_BANNER_554);
  Check *check = check_new ("smtp.probe", "127.0.0.1", server->port, 5000);

  check_run (check, _bd_check_smtp_probe);
  g_assert_cmpint (check->result->status, ==, BD_CHECK_FAIL);
  g_assert_cmpint (json_object_get_int_member (check->result->details, "banner_code"), ==, 554);
  g_assert_nonnull (strstr (check->result->summary, "554 5.7.1 Service unavailable"));
  g_assert_false (server_got (server, "EHLO"));
  check_free (check);
  server_stop (server);
}

static void
test_probe_closed (void)
{
  Server *server = server_start (SERVE_CLOSE);
  Check *check = check_new ("smtp.probe", "127.0.0.1", server->port, 5000);

  check_run (check, _bd_check_smtp_probe);
  g_assert_cmpint (check->result->status, ==, BD_CHECK_FAIL);
  g_assert_cmpstr (detail_string (check, "failed_step"), ==, "banner");
  g_assert_nonnull (strstr (check->result->summary, "without a greeting"));
  check_free (check);
  server_stop (server);
}

static void
test_probe_garbage (void)
{
  Server *server = server_start (SERVE_GARBAGE);
  Check *check = check_new ("smtp.probe", "127.0.0.1", server->port, 5000);

  check_run (check, _bd_check_smtp_probe);
  g_assert_cmpint (check->result->status, ==, BD_CHECK_FAIL);
  g_assert_cmpstr (detail_string (check, "garbage"), ==, "HTTP/1.1 400 Bad Request");
  check_free (check);
  server_stop (server);
}

static guint16
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) local = NULL;

  g_assert_true (g_socket_bind (socket, address, FALSE, NULL));
  local = g_socket_get_local_address (socket, NULL);
  /* closed again: nothing listens there */
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
}

static void
test_probe_refused (void)
{
  Check *check = check_new ("smtp.probe", "127.0.0.1", free_port (), 5000);

  check_run (check, _bd_check_smtp_probe);
  g_assert_cmpint (check->result->status, ==, BD_CHECK_FAIL);
  g_assert_cmpstr (detail_string (check, "failed_step"), ==, "connect");
  g_assert_nonnull (strstr (check->result->summary, "refuses connections"));
  check_free (check);
}

static void
test_probe_silent (void)
{
  Server *server = server_start (SERVE_SILENT);
  Check *check = check_new ("smtp.probe", "127.0.0.1", server->port, 1000);
  gint64 start = g_get_monotonic_time (), elapsed;

  check_run (check, _bd_check_smtp_probe);
  elapsed = (g_get_monotonic_time () - start) / 1000;
  g_test_message ("silent server: unknown after %" G_GINT64_FORMAT " ms", elapsed);

  /* the probe's own step limit, before the run's general timeout */
  g_assert_cmpint (check->result->status, ==, BD_CHECK_UNKNOWN);
  g_assert_cmpstr (detail_string (check, "timeout_step"), ==, "banner");
  g_assert_nonnull (strstr (check->result->summary, "no greeting"));
  g_assert_cmpint (elapsed, >=, 700);
  g_assert_cmpint (elapsed, <, 1000);
  check_free (check);
  server_stop (server);
}

static void
test_probe_cancel (void)
{
  Server *server = server_start (SERVE_SILENT);
  Check *check = check_new ("smtp.probe", "127.0.0.1", server->port, 5000);
  gint64 until;

  check->task->started = g_get_monotonic_time ();
  _bd_check_smtp_probe (check->task);
  /* connected and waiting for the greeting */
  until = g_get_monotonic_time () + 100 * 1000;
  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  g_assert_false (check->task->done);

  cancel_and_wait_closed (check, server);
  check_free (check);
  server_stop (server);
}

/* ------------------------------------------------------------------------ */
/* size.limit */

static void
test_size_limit (void)
{
  Server *server = server_start (SERVE_PLAIN);
  struct {
    gint64         size;
    BdCheckStatus  status;
  } cases[] = {
    { 20000, BD_CHECK_FAIL },
    { 5000, BD_CHECK_PASS },
    { -1, BD_CHECK_UNKNOWN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Check *check = check_new ("size.limit", "127.0.0.1", server->port, 5000);

      check->task->size = cases[i].size;
      check_run (check, _bd_check_size_limit);
      g_test_message ("%s", check->result->summary);
      g_assert_cmpint (check->result->status, ==, cases[i].status);
      g_assert_cmpint (json_object_get_int_member (check->result->details, "limit"), ==, 10240);
      if (cases[i].size >= 0)
        g_assert_cmpint (json_object_get_int_member (check->result->details, "message_size"), ==, cases[i].size);
      check_free (check);
    }
  g_assert_false (server_got (server, "MAIL"));
  server_stop (server);

  server = server_start (SERVE_NO_LIMIT);
  {
    Check *check = check_new ("size.limit", "127.0.0.1", server->port, 5000);

    check->task->size = 50 * 1000 * 1000;
    check_run (check, _bd_check_size_limit);
    g_assert_cmpint (check->result->status, ==, BD_CHECK_PASS);
    g_assert_true (json_object_get_boolean_member (check->result->details, "no_limit"));
    check_free (check);
  }
  server_stop (server);

  /* a server that does not answer: can't tell, never "fail" */
  {
    Check *check = check_new ("size.limit", "127.0.0.1", free_port (), 5000);

    check->task->size = 100;
    check_run (check, _bd_check_size_limit);
    g_assert_cmpint (check->result->status, ==, BD_CHECK_UNKNOWN);
    check_free (check);
  }
}

/* ------------------------------------------------------------------------ */
/* net.ports */

static void
test_net_ports (void)
{
  /* a loopback address nothing listens on (unless a server listens on
   * every address): connect only */
  Check *check = check_new ("net.ports", "127.77.0.1", 25, 3000);
  JsonObject *ports;
  guint n_open = 0;

  check_run (check, _bd_check_net_ports);
  g_test_message ("%s", check->result->summary);
  ports = json_object_get_object_member (check->result->details, "ports");
  g_assert_nonnull (ports);
  for (guint i = 0; i < 3; i++)
    {
      const char *port = (const char *[]) { "25", "587", "465" }[i];
      JsonObject *one = json_object_get_object_member (ports, port);
      const char *state = json_object_get_string_member (one, "state");

      g_assert_true (g_str_equal (state, "open") || g_str_equal (state, "refused"));
      n_open += g_str_equal (state, "open");
    }
  if (n_open == 0)
    g_assert_cmpint (check->result->status, ==, BD_CHECK_FAIL);
  else
    g_assert_cmpint (check->result->status, !=, BD_CHECK_UNKNOWN);
  g_assert_cmpstr (detail_string (check, "address"), ==, "127.77.0.1");
  check_free (check);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/smtp/reply-line", test_reply_line);
  g_test_add_func ("/smtp/ehlo/postfix", test_ehlo_postfix);
  g_test_add_func ("/smtp/ehlo/odd", test_ehlo_odd);
  g_test_add_func ("/smtp/ehlo/refused", test_ehlo_refused);
  g_test_add_func ("/smtp/cert-flags", test_cert_flags);
  g_test_add_func ("/smtp/probe/tls", test_probe_tls);
  g_test_add_func ("/smtp/probe/tls-verify", test_probe_tls_verify);
  g_test_add_func ("/smtp/probe/tls-cancel", test_probe_tls_cancel);
  g_test_add_func ("/smtp/probe/tls-stall", test_probe_tls_stall);
  g_test_add_func ("/smtp/probe/plain", test_probe_plain);
  g_test_add_func ("/smtp/probe/starttls-refused", test_probe_starttls_refused);
  g_test_add_func ("/smtp/probe/ehlo-refused", test_probe_ehlo_refused);
  g_test_add_func ("/smtp/probe/banner-554", test_probe_banner_554);
  g_test_add_func ("/smtp/probe/closed", test_probe_closed);
  g_test_add_func ("/smtp/probe/garbage", test_probe_garbage);
  g_test_add_func ("/smtp/probe/refused", test_probe_refused);
  g_test_add_func ("/smtp/probe/silent", test_probe_silent);
  g_test_add_func ("/smtp/probe/cancel", test_probe_cancel);
  g_test_add_func ("/smtp/size-limit", test_size_limit);
  g_test_add_func ("/smtp/net-ports", test_net_ports);

  return g_test_run ();
}
