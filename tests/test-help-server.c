/* test-help-server.c: the HTML help served on 127.0.0.1
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "bd-help-server.h"

static const char index_html[] =
  "<!DOCTYPE html>\n<html><head><title>Bounce Doctor Help</title></head>"
  "<body><p>Welcome to the help.</p></body></html>\n";
static const char style_css[] = "body { color: black; }\n";
static const char secret[] = "outside the root: never served\n";

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

typedef struct
{
  char         *tmp;      /* removed after the test */
  char         *root;     /* tmp/root: the served folder */
  BdHelpServer *server;
} Fixture;

static void
write_file (const char *path,
            const char *contents)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *c_dir = NULL;
  g_autofree char *path = NULL;

  fx->tmp = g_dir_make_tmp ("bd-help-server-XXXXXX", &error);
  g_assert_no_error (error);
  fx->root = g_build_filename (fx->tmp, "root", NULL);
  c_dir = g_build_filename (fx->root, "C", NULL);
  g_assert_cmpint (g_mkdir_with_parents (c_dir, 0700), ==, 0);

  path = g_build_filename (c_dir, "index.html", NULL);
  write_file (path, index_html);
  g_free (path);
  path = g_build_filename (c_dir, "style.css", NULL);
  write_file (path, style_css);
  g_free (path);

  /* outside the root, next to it */
  path = g_build_filename (fx->tmp, "secret.html", NULL);
  write_file (path, secret);
  g_free (path);

  /* a symlink out of the root, and one that stays inside */
  path = g_build_filename (c_dir, "escape.html", NULL);
  g_assert_cmpint (symlink ("../../secret.html", path), ==, 0);
  g_free (path);
  path = g_build_filename (c_dir, "alias.css", NULL);
  g_assert_cmpint (symlink ("style.css", path), ==, 0);

  fx->server = bd_help_server_new (fx->root);
  bd_help_server_start (fx->server, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bd_help_server_get_port (fx->server), >, 0);
}

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
    }
  g_clear_pointer (&dir, g_dir_close);
  g_remove (path);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  g_clear_object (&fx->server);
  remove_tree (fx->tmp);
  g_free (fx->root);
  g_free (fx->tmp);
}

/* One request, made in a thread of its own while this one runs the
 * server's main loop: with a SoupSession (@raw_path NULL), or written by
 * hand (so that no client tidies up "..").  */
typedef struct
{
  const char *method;
  char       *uri;        /* for the SoupSession */
  const char *raw_path;   /* written as is, after the method */
  const char *host;       /* the Host header of a raw request */
  guint       port;

  guint       status;
  char       *content_type;
  char       *cache_control;
  char       *nosniff;
  GBytes     *body;
  gboolean    done;
} Request;

static void
request_clear (Request *req)
{
  g_free (req->uri);
  g_free (req->content_type);
  g_free (req->cache_control);
  g_free (req->nosniff);
  g_clear_pointer (&req->body, g_bytes_unref);
  memset (req, 0, sizeof *req);
}

static void
fetch_with_session (Request *req)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new (req->method, req->uri);
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;

  g_assert_nonnull (msg);
  if (g_str_equal (req->method, SOUP_METHOD_POST))
    {
      g_autoptr(GBytes) body = g_bytes_new_static ("x=1", 3);
      soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", body);
    }
  req->body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);

  req->status = soup_message_get_status (msg);
  headers = soup_message_get_response_headers (msg);
  req->content_type = g_strdup (soup_message_headers_get_one (headers, "Content-Type"));
  req->cache_control = g_strdup (soup_message_headers_get_one (headers, "Cache-Control"));
  req->nosniff = g_strdup (soup_message_headers_get_one (headers, "X-Content-Type-Options"));
}

static void
fetch_raw (Request *req)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) answer = g_byte_array_new ();
  g_autofree char *request = NULL;
  g_autofree char *host = NULL;
  g_auto(GStrv) status_line = NULL;
  GOutputStream *out;
  GInputStream *in;
  guint8 buffer[4096];
  gssize n;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", req->port, NULL, &error);
  g_assert_no_error (error);

  host = req->host != NULL ? g_strdup (req->host) : g_strdup_printf ("127.0.0.1:%u", req->port);
  request = g_strdup_printf ("%s %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n",
                             req->method, req->raw_path, host);
  out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_output_stream_write_all (out, request, strlen (request), NULL, NULL, &error);
  g_assert_no_error (error);

  in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  while ((n = g_input_stream_read (in, buffer, sizeof buffer, NULL, &error)) > 0)
    g_byte_array_append (answer, buffer, n);
  g_assert_no_error (error);
  g_byte_array_append (answer, (const guint8 *) "", 1);

  /* "HTTP/1.1 404 Not Found" */
  status_line = g_strsplit ((const char *) answer->data, " ", 3);
  g_assert_cmpuint (g_strv_length (status_line), ==, 3);
  g_assert_true (g_str_has_prefix (status_line[0], "HTTP/1."));
  req->status = (guint) g_ascii_strtoull (status_line[1], NULL, 10);
  req->body = g_bytes_new (answer->data, answer->len - 1);
}

static void
fetch_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Request *req = task_data;

  if (req->raw_path != NULL)
    fetch_raw (req);
  else
    fetch_with_session (req);
  g_task_return_boolean (task, TRUE);
}

static void
fetch_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Request *req = user_data;

  g_assert_true (g_task_propagate_boolean (G_TASK (result), NULL));
  req->done = TRUE;
}

static void
fetch (Request *req)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, fetch_done, req);

  g_task_set_task_data (task, req, NULL);
  g_task_run_in_thread (task, fetch_thread);
  g_clear_object (&task);
  while (!req->done)
    g_main_context_iteration (NULL, TRUE);
}

/* GET (or @method) of the page @path below the server's root. */
static void
fetch_path (Fixture    *fx,
            Request    *req,
            const char *method,
            const char *path)
{
  req->method = method;
  req->port = bd_help_server_get_port (fx->server);
  req->uri = g_strdup_printf ("http://127.0.0.1:%u%s", req->port, path);
  fetch (req);
}

static void
fetch_raw_path (Fixture    *fx,
                Request    *req,
                const char *path)
{
  req->method = "GET";
  req->raw_path = path;
  req->port = bd_help_server_get_port (fx->server);
  fetch (req);
}

static gboolean
body_contains (Request    *req,
               const char *text)
{
  gsize size;
  const char *data = g_bytes_get_data (req->body, &size);
  g_autofree char *copy = g_strndup (data, size);

  return strstr (copy, text) != NULL;
}

/* ------------------------------------------------------------------ */
/* Tests                                                               */

static void
test_uri (Fixture       *fx,
          gconstpointer  data)
{
  g_autofree char *index_uri = bd_help_server_dup_uri (fx->server, "C", NULL);
  g_autofree char *page_uri = bd_help_server_dup_uri (fx->server, "ru", "checks");
  g_autofree char *expected = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) error = NULL;

  uri = g_uri_parse (index_uri, G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_uri_get_scheme (uri), ==, "http");
  g_assert_cmpstr (g_uri_get_host (uri), ==, "127.0.0.1");
  g_assert_cmpint (g_uri_get_port (uri), ==, (int) bd_help_server_get_port (fx->server));
  g_assert_cmpstr (g_uri_get_path (uri), ==, "/C/index.html");

  expected = g_strdup_printf ("http://127.0.0.1:%u/ru/checks.html",
                              bd_help_server_get_port (fx->server));
  g_assert_cmpstr (page_uri, ==, expected);
  g_assert_cmpstr (bd_help_server_get_root_dir (fx->server), ==, fx->root);
}

static void
test_index (Fixture       *fx,
            gconstpointer  data)
{
  g_autofree char *uri = bd_help_server_dup_uri (fx->server, "C", NULL);
  Request req = { 0 };
  gsize size;
  const char *body;

  req.method = "GET";
  req.port = bd_help_server_get_port (fx->server);
  req.uri = g_strdup (uri);
  fetch (&req);

  g_assert_cmpuint (req.status, ==, SOUP_STATUS_OK);
  g_assert_cmpstr (req.content_type, ==, "text/html; charset=utf-8");
  g_assert_cmpstr (req.cache_control, ==, "no-store");
  g_assert_cmpstr (req.nosniff, ==, "nosniff");
  body = g_bytes_get_data (req.body, &size);
  g_assert_cmpmem (body, size, index_html, strlen (index_html));
  request_clear (&req);

  /* "/C/" is the same page */
  fetch_path (fx, &req, "GET", "/C/");
  g_assert_cmpuint (req.status, ==, SOUP_STATUS_OK);
  g_assert_true (body_contains (&req, "Welcome to the help."));
  request_clear (&req);
}

static void
test_types (Fixture       *fx,
            gconstpointer  data)
{
  Request req = { 0 };

  fetch_path (fx, &req, "GET", "/C/style.css");
  g_assert_cmpuint (req.status, ==, SOUP_STATUS_OK);
  g_assert_cmpstr (req.content_type, ==, "text/css; charset=utf-8");
  g_assert_true (body_contains (&req, "color: black"));
  request_clear (&req);

  /* a symlink that stays inside the root is followed */
  fetch_path (fx, &req, "GET", "/C/alias.css");
  g_assert_cmpuint (req.status, ==, SOUP_STATUS_OK);
  g_assert_cmpstr (req.content_type, ==, "text/css; charset=utf-8");
  request_clear (&req);

  /* HEAD: the headers without the body */
  fetch_path (fx, &req, "HEAD", "/C/index.html");
  g_assert_cmpuint (req.status, ==, SOUP_STATUS_OK);
  g_assert_cmpstr (req.content_type, ==, "text/html; charset=utf-8");
  g_assert_cmpuint (g_bytes_get_size (req.body), ==, 0);
  request_clear (&req);
}

static void
test_refused (Fixture       *fx,
              gconstpointer  data)
{
  const char *outside[] = {
    "/C/../../secret.html",
    "/../secret.html",
    "/C/%2e%2e/%2e%2e/secret.html",
    "/C/%2E%2E/%2E%2E/secret.html",
    "/C/..%2f..%2fsecret.html",
    "/%2e%2e/secret.html",
    "/C/..\\..\\secret.html",
    "//secret.html",
  };
  Request req = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (outside); i++)
    {
      g_test_message ("GET %s", outside[i]);
      fetch_raw_path (fx, &req, outside[i]);
      g_assert_true (req.status == SOUP_STATUS_NOT_FOUND || req.status == SOUP_STATUS_BAD_REQUEST);
      g_assert_false (body_contains (&req, "never served"));
      request_clear (&req);
    }

  /* a symlink out of the root */
  fetch_path (fx, &req, "GET", "/C/escape.html");
  g_assert_cmpuint (req.status, ==, SOUP_STATUS_NOT_FOUND);
  g_assert_false (body_contains (&req, "never served"));
  request_clear (&req);

  /* a missing page, a folder */
  fetch_path (fx, &req, "GET", "/C/missing.html");
  g_assert_cmpuint (req.status, ==, SOUP_STATUS_NOT_FOUND);
  request_clear (&req);
  fetch_path (fx, &req, "GET", "/");
  g_assert_cmpuint (req.status, ==, SOUP_STATUS_NOT_FOUND);
  request_clear (&req);

  /* only GET and HEAD */
  fetch_path (fx, &req, "POST", "/C/index.html");
  g_assert_cmpuint (req.status, ==, SOUP_STATUS_METHOD_NOT_ALLOWED);
  g_assert_false (body_contains (&req, "Welcome"));
  request_clear (&req);
  fetch_path (fx, &req, "PUT", "/C/index.html");
  g_assert_cmpuint (req.status, ==, SOUP_STATUS_METHOD_NOT_ALLOWED);
  request_clear (&req);

  /* a web page whose name was rebound to 127.0.0.1 */
  req.host = "attacker.example";
  fetch_raw_path (fx, &req, "/C/index.html");
  g_assert_cmpuint (req.status, ==, SOUP_STATUS_MISDIRECTED_REQUEST);
  g_assert_false (body_contains (&req, "Welcome"));
  request_clear (&req);
}

static void
test_stops (Fixture       *fx,
            gconstpointer  data)
{
  guint port = bd_help_server_get_port (fx->server);
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  /* listening before */
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, &error);
  g_assert_no_error (error);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  g_clear_object (&connection);

  g_clear_object (&fx->server);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  g_assert_null (connection);
}

static void
test_start_fails (void)
{
  g_autoptr(BdHelpServer) server = bd_help_server_new ("/nonexistent/bounce-doctor/help-html");
  g_autoptr(GError) error = NULL;

  g_assert_false (bd_help_server_start (server, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_null (bd_help_server_dup_uri (server, "C", NULL));
  g_assert_cmpuint (bd_help_server_get_port (server), ==, 0);
}

/* The HTML that help/build-html.sh made in this build, served. */
static void
test_built_html (void)
{
  g_autofree char *html = g_build_filename (g_test_get_dir (G_TEST_BUILT), "..", "help", "html", NULL);
  g_autofree char *c_index = g_build_filename (html, "C", "index.html", NULL);
  g_autofree char *ru_index = g_build_filename (html, "ru", "index.html", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(BdHelpServer) server = NULL;
  g_autoptr(GError) error = NULL;
  Request req = { 0 };

  if (!g_file_test (html, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("help/html is not built (meson -Dhelp_html=disabled or no yelp-build)");
      return;
    }

  g_assert_true (g_file_test (c_index, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (ru_index, G_FILE_TEST_IS_REGULAR));
  g_file_get_contents (ru_index, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (contents, "Справка"));

  server = bd_help_server_new (html);
  bd_help_server_start (server, &error);
  g_assert_no_error (error);

  uri = bd_help_server_dup_uri (server, "ru", NULL);
  req.method = "GET";
  req.port = bd_help_server_get_port (server);
  req.uri = g_strdup (uri);
  fetch (&req);
  g_assert_cmpuint (req.status, ==, SOUP_STATUS_OK);
  g_assert_cmpstr (req.content_type, ==, "text/html; charset=utf-8");
  g_assert_true (body_contains (&req, "Справка"));
  request_clear (&req);

  /* a page the step links to, and its screenshot */
  g_free (uri);
  uri = bd_help_server_dup_uri (server, "C", "checks");
  req.method = "GET";
  req.port = bd_help_server_get_port (server);
  req.uri = g_strdup (uri);
  fetch (&req);
  g_assert_cmpuint (req.status, ==, SOUP_STATUS_OK);
  g_assert_true (body_contains (&req, "media/checks.png"));
  request_clear (&req);

  req.method = "GET";
  req.port = bd_help_server_get_port (server);
  req.uri = g_strdup_printf ("http://127.0.0.1:%u/ru/media/checks.png", req.port);
  fetch (&req);
  g_assert_cmpuint (req.status, ==, SOUP_STATUS_OK);
  g_assert_cmpstr (req.content_type, ==, "image/png");
  g_assert_cmpuint (g_bytes_get_size (req.body), >, 1000);
  request_clear (&req);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/help-server/uri", Fixture, NULL, fixture_set_up, test_uri, fixture_tear_down);
  g_test_add ("/help-server/index", Fixture, NULL, fixture_set_up, test_index, fixture_tear_down);
  g_test_add ("/help-server/types", Fixture, NULL, fixture_set_up, test_types, fixture_tear_down);
  g_test_add ("/help-server/refused", Fixture, NULL, fixture_set_up, test_refused,
              fixture_tear_down);
  g_test_add ("/help-server/stops", Fixture, NULL, fixture_set_up, test_stops, fixture_tear_down);
  g_test_add_func ("/help-server/start-fails", test_start_fails);
  g_test_add_func ("/help-server/built-html", test_built_html);

  return g_test_run ();
}
