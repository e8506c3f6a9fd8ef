/* bd-test-gtk-utils.h: helpers for the tests of the window and its steps
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <locale.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "config.h"

#define BD_TEST_TIMEOUT_SECONDS 20

static inline gboolean
bd_test_on_timeout (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @done returns TRUE, or fails the test. */
static inline void
bd_test_wait_until (gboolean (*done) (gpointer data),
                    gpointer   data,
                    const char *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (BD_TEST_TIMEOUT_SECONDS, bd_test_on_timeout, &timed_out);

  while (!timed_out && !done (data))
    g_main_context_iteration (NULL, TRUE);

  if (timed_out)
    g_error ("Waited %d s for %s", BD_TEST_TIMEOUT_SECONDS, what);
  g_source_remove (id);
}

/* Lets pending events, layouts and idles run. */
static inline void
bd_test_flush (void)
{
  for (guint i = 0; i < 5; i++)
    {
      g_usleep (5000);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
}

/* Resizes @window and waits until it has that width. */
static inline void
bd_test_resize (GtkWindow *window,
                int        width,
                int        height)
{
  gtk_window_set_default_size (window, width, height);
  gtk_widget_queue_resize (GTK_WIDGET (window));
  for (guint i = 0; i < 100 && gtk_widget_get_width (GTK_WIDGET (window)) != width; i++)
    {
      g_usleep (10000);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
}

/* Writes a PNG of @widget's window to the build directory as
 * screenshot-NAME[-ru].png (SPEC §9: the ui suite leaves screenshots
 * behind for review). */
static inline void
bd_test_save_screenshot (GtkWidget  *widget,
                         const char *name)
{
  GtkNative *native = gtk_widget_get_native (widget);
  GtkWidget *top = GTK_WIDGET (native);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *filename = NULL;
  g_autofree char *path = NULL;
  const char *language = g_getenv ("LANGUAGE");
  graphene_rect_t bounds;
  GtkSnapshot *snapshot;
  GskRenderer *renderer;

  gtk_test_widget_wait_for_draw (top);

  snapshot = gtk_snapshot_new ();
  GTK_WIDGET_GET_CLASS (top)->snapshot (top, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  gsk_render_node_get_bounds (node, &bounds);
  g_assert_cmpfloat (bounds.size.width, >, 0);
  g_assert_cmpfloat (bounds.size.height, >, 0);

  renderer = gtk_native_get_renderer (native);
  texture = gsk_renderer_render_texture (renderer, node, &bounds);

  if (language != NULL && g_str_has_prefix (language, "ru"))
    filename = g_strdup_printf ("screenshot-%s-ru.png", name);
  else
    filename = g_strdup_printf ("screenshot-%s.png", name);
  path = g_build_filename (g_test_get_dir (G_TEST_BUILT), filename, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Screenshot: %s", path);
}

/* gtk_test_init(), libadwaita, and our catalogue; LANGUAGE=ru with
 * BOUNCE_DOCTOR_LOCALEDIR=build/po gives Russian. */
static inline void
bd_test_gtk_init (int    *argc,
                  char ***argv)
{
  const char *localedir;

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GTK_A11Y", "none", FALSE);

  gtk_test_init (argc, argv, NULL);
  adw_init ();
  /* gtk_test_init() picks en_US.UTF-8, which may not exist; C ignores
   * LANGUAGE. */
  if (setlocale (LC_ALL, NULL) != NULL && strcmp (setlocale (LC_ALL, NULL), "C") == 0)
    setlocale (LC_ALL, "C.UTF-8");
  localedir = g_getenv ("BOUNCE_DOCTOR_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  /* As on GNOME, so that screenshots show what users see. */
  g_object_set (gtk_settings_get_default (),
                "gtk-decoration-layout", ":close",
                NULL);
}
