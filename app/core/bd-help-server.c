/* bd-help-server.c: serves the HTML help on 127.0.0.1
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "bd-help-server.h"

struct _BdHelpServer
{
  GObject     parent_instance;

  char       *root_dir;
  char       *real_root;   /* root_dir with the symlinks resolved, after _start() */
  SoupServer *server;
  guint       port;
};

G_DEFINE_FINAL_TYPE (BdHelpServer, bd_help_server, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ROOT_DIR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const struct
{
  const char *extension;
  const char *content_type;
} content_types[] = {
  { ".html", "text/html; charset=utf-8" },
  { ".css", "text/css; charset=utf-8" },
  { ".js", "text/javascript; charset=utf-8" },
  { ".png", "image/png" },
  { ".svg", "image/svg+xml" },
  { ".jpg", "image/jpeg" },
  { ".jpeg", "image/jpeg" },
};

static const char *
content_type_for (const char *path)
{
  for (guint i = 0; i < G_N_ELEMENTS (content_types); i++)
    if (g_str_has_suffix (path, content_types[i].extension))
      return content_types[i].content_type;
  return "application/octet-stream";
}

static void
set_error (SoupServerMessage *msg,
           guint              status)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/plain; charset=utf-8", SOUP_MEMORY_STATIC,
                                    soup_status_get_phrase (status),
                                    strlen (soup_status_get_phrase (status)));
}

/* The file under the root that @path names, with the symlinks resolved,
 * or %NULL if it names none: no "..", "." or empty parts, nothing outside
 * the root even through a symlink. */
static char *
resolve_path (BdHelpServer *self,
              const char   *path)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(GPtrArray) elements = NULL;
  g_autofree char *file = NULL;
  g_autofree char *real = NULL;
  g_autofree char *prefix = NULL;
  guint n;

  if (path == NULL || path[0] != '/' || strchr (path, '\\') != NULL)
    return NULL;

  parts = g_strsplit (path + 1, "/", -1);
  n = g_strv_length (parts);
  if (n == 0)
    return NULL;

  elements = g_ptr_array_new ();
  g_ptr_array_add (elements, self->real_root);
  for (guint i = 0; i < n; i++)
    {
      const char *part = parts[i];

      /* "/C/" is the index of C */
      if (i == n - 1 && part[0] == '\0' && i > 0)
        part = "index.html";

      if (part[0] == '\0' || g_str_equal (part, ".") || g_str_equal (part, ".."))
        return NULL;
      g_ptr_array_add (elements, (gpointer) part);
    }
  g_ptr_array_add (elements, NULL);

  file = g_build_filenamev ((char **) elements->pdata);
  real = realpath (file, NULL);
  if (real == NULL)
    return NULL;

  prefix = g_strconcat (self->real_root, G_DIR_SEPARATOR_S, NULL);
  if (!g_str_has_prefix (real, prefix))
    return NULL;

  return g_steal_pointer (&real);
}

/* Only requests addressed to us by IP: a web page that rebinds its own
 * name to 127.0.0.1 gets nothing. */
static gboolean
host_is_ours (BdHelpServer      *self,
              SoupServerMessage *msg)
{
  GUri *uri = soup_server_message_get_uri (msg);
  const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;

  return host != NULL &&
         (g_str_equal (host, "127.0.0.1") || g_ascii_strcasecmp (host, "localhost") == 0) &&
         g_uri_get_port (uri) == (int) self->port;
}

static void
handle_request (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  BdHelpServer *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autofree char *file = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;
  gsize length;

  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  soup_message_headers_replace (headers, "Referrer-Policy", "no-referrer");

  if (!g_str_equal (method, SOUP_METHOD_GET) && !g_str_equal (method, SOUP_METHOD_HEAD))
    {
      soup_message_headers_replace (headers, "Allow", "GET, HEAD");
      set_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED);
      return;
    }

  if (!host_is_ours (self, msg))
    {
      set_error (msg, SOUP_STATUS_MISDIRECTED_REQUEST);
      return;
    }

  file = resolve_path (self, path);
  if (file == NULL || g_stat (file, &st) != 0 || !S_ISREG (st.st_mode) ||
      st.st_size > BD_HELP_SERVER_MAX_FILE_SIZE)
    {
      set_error (msg, SOUP_STATUS_NOT_FOUND);
      return;
    }

  if (!g_file_get_contents (file, &contents, &length, &error) ||
      length > BD_HELP_SERVER_MAX_FILE_SIZE)
    {
      g_debug ("Help server: cannot read %s: %s", file,
               error != NULL ? error->message : "too large");
      set_error (msg, SOUP_STATUS_NOT_FOUND);
      return;
    }

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, content_type_for (file), SOUP_MEMORY_TAKE,
                                    g_steal_pointer (&contents), length);
}

static void
bd_help_server_stop (BdHelpServer *self)
{
  if (self->server != NULL)
    {
      soup_server_disconnect (self->server);
      g_clear_object (&self->server);
    }
  self->port = 0;
}

static void
bd_help_server_dispose (GObject *object)
{
  BdHelpServer *self = BD_HELP_SERVER (object);

  bd_help_server_stop (self);

  G_OBJECT_CLASS (bd_help_server_parent_class)->dispose (object);
}

static void
bd_help_server_finalize (GObject *object)
{
  BdHelpServer *self = BD_HELP_SERVER (object);

  g_free (self->root_dir);
  g_free (self->real_root);

  G_OBJECT_CLASS (bd_help_server_parent_class)->finalize (object);
}

static void
bd_help_server_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  BdHelpServer *self = BD_HELP_SERVER (object);

  switch (prop_id)
    {
    case PROP_ROOT_DIR:
      g_value_set_string (value, self->root_dir);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_help_server_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  BdHelpServer *self = BD_HELP_SERVER (object);

  switch (prop_id)
    {
    case PROP_ROOT_DIR:
      self->root_dir = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_help_server_class_init (BdHelpServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bd_help_server_dispose;
  object_class->finalize = bd_help_server_finalize;
  object_class->get_property = bd_help_server_get_property;
  object_class->set_property = bd_help_server_set_property;

  properties[PROP_ROOT_DIR] =
    g_param_spec_string ("root-dir", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bd_help_server_init (BdHelpServer *self)
{
}

BdHelpServer *
bd_help_server_new (const char *root_dir)
{
  g_return_val_if_fail (root_dir != NULL, NULL);

  return g_object_new (BD_TYPE_HELP_SERVER,
                       "root-dir", root_dir,
                       NULL);
}

const char *
bd_help_server_get_root_dir (BdHelpServer *self)
{
  g_return_val_if_fail (BD_IS_HELP_SERVER (self), NULL);

  return self->root_dir;
}

gboolean
bd_help_server_start (BdHelpServer  *self,
                      GError       **error)
{
  g_autoptr(SoupServer) server = NULL;
  g_autofree char *real_root = NULL;
  GSList *uris;

  g_return_val_if_fail (BD_IS_HELP_SERVER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->server != NULL)
    return TRUE;

  real_root = realpath (self->root_dir, NULL);
  if (real_root == NULL || !g_file_test (real_root, G_FILE_TEST_IS_DIR))
    {
      int saved_errno = real_root == NULL ? errno : ENOTDIR;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "%s: %s", self->root_dir, g_strerror (saved_errno));
      return FALSE;
    }

  server = soup_server_new ("server-header", NULL, NULL);
  soup_server_add_handler (server, NULL, handle_request, self, NULL);
  if (!soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, error))
    return FALSE;

  uris = soup_server_get_uris (server);
  if (uris == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           "The help server has no address");
      soup_server_disconnect (server);
      return FALSE;
    }
  self->port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_free (self->real_root);
  self->real_root = g_steal_pointer (&real_root);
  self->server = g_steal_pointer (&server);

  return TRUE;
}

guint
bd_help_server_get_port (BdHelpServer *self)
{
  g_return_val_if_fail (BD_IS_HELP_SERVER (self), 0);

  return self->port;
}

char *
bd_help_server_dup_uri (BdHelpServer *self,
                        const char   *lang,
                        const char   *page)
{
  g_autofree char *escaped_lang = NULL;
  g_autofree char *escaped_page = NULL;

  g_return_val_if_fail (BD_IS_HELP_SERVER (self), NULL);
  g_return_val_if_fail (lang != NULL, NULL);

  if (self->server == NULL)
    return NULL;

  escaped_lang = g_uri_escape_string (lang, NULL, FALSE);
  escaped_page = g_uri_escape_string (page != NULL ? page : "index", NULL, FALSE);

  return g_strdup_printf ("http://127.0.0.1:%u/%s/%s.html",
                          self->port, escaped_lang, escaped_page);
}
