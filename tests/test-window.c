/* test-window.c: the main window under a real display (Xvfb)
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <string.h>
#include <unistd.h>

#include <adwaita.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "bd-application.h"
#include "bd-window-private.h"

#define TIMEOUT_SECONDS 10

static const char postfix_bounce[] =
  "This is the mail system at host mail.example.org.\n"
  "\n"
  "I'm sorry to have to inform you that your message could not\n"
  "be delivered to one or more recipients.\n"
  "\n"
  "<a@example.com>: host mx.example.com[192.0.2.25] said: 550 5.1.1\n"
  "    <a@example.com>: Recipient address rejected: User unknown in virtual\n"
  "    mailbox table (in reply to RCPT TO command)\n";

static BdApplication *app;

/* ------------------------------------------------------------------------ */
/* Helpers */

static gboolean
on_timeout (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until the window is idle and has a report, or fails
 * the test after TIMEOUT_SECONDS. */
static void
wait_until_idle (BdWindow *window,
                 gboolean  want_report)
{
  GtkTextBuffer *report = bd_window_get_report_buffer (window);
  gboolean timed_out = FALSE;
  guint id;

  id = g_timeout_add_seconds (TIMEOUT_SECONDS, on_timeout, &timed_out);

  while (!timed_out &&
         (bd_window_get_busy (window) ||
          (want_report && gtk_text_buffer_get_char_count (report) == 0)))
    g_main_context_iteration (NULL, TRUE);

  if (timed_out)
    g_error ("The window did not finish within %d seconds", TIMEOUT_SECONDS);

  g_source_remove (id);
}

static char *
dup_buffer_text (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static BdWindow *
new_window (void)
{
  BdWindow *window = bd_window_new (app);

  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  return window;
}

static GFile *
write_temp_file (const char *contents,
                 gsize       len)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  int fd;

  fd = g_file_open_tmp ("bd-test-window-XXXXXX.eml", &path, &error);
  g_assert_no_error (error);
  close (fd);

  g_file_set_contents (path, contents, len, &error);
  g_assert_no_error (error);

  return g_file_new_for_path (path);
}

static void
delete_file (GFile *file)
{
  g_autofree char *path = g_file_get_path (file);

  g_unlink (path);
}

/* Writes a PNG of @window to the build directory (SPEC §9: the ui suite
 * leaves screenshots behind for review). */
static void
save_screenshot (BdWindow   *window,
                 const char *name)
{
  GtkWidget *widget = GTK_WIDGET (window);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *filename = NULL;
  g_autofree char *path = NULL;
  graphene_rect_t bounds;
  GtkSnapshot *snapshot;
  GskRenderer *renderer;

  gtk_test_widget_wait_for_draw (widget);

  snapshot = gtk_snapshot_new ();
  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  gsk_render_node_get_bounds (node, &bounds);
  g_assert_cmpfloat (bounds.size.width, >, 0);
  g_assert_cmpfloat (bounds.size.height, >, 0);

  renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  texture = gsk_renderer_render_texture (renderer, node, &bounds);

  filename = g_strdup_printf ("screenshot-%s.png", name);
  path = g_build_filename (g_test_get_dir (G_TEST_BUILT), filename, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Screenshot: %s", path);
}

/* ------------------------------------------------------------------------ */
/* Tests */

static void
test_window_new_destroy (void)
{
  BdWindow *window = new_window ();
  GtkTextBuffer *report = bd_window_get_report_buffer (window);

  g_assert_true (BD_IS_WINDOW (window));
  g_assert_false (bd_window_get_busy (window));
  g_assert_cmpint (gtk_text_buffer_get_char_count (report), ==, 0);
  save_screenshot (window, "window-empty");

  {
    g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                  "win.diagnose");
    g_assert_true (g_strv_contains ((const char * const *) accels, "<Control>Return"));
  }

  /* Nothing to analyse yet. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.diagnose", NULL);
  g_assert_false (bd_window_get_busy (window));

  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static void
test_window_diagnose_pasted (void)
{
  BdWindow *window = new_window ();
  g_autofree char *text = NULL;

  gtk_text_buffer_set_text (bd_window_get_input_buffer (window), postfix_bounce, -1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.diagnose", NULL));
  g_assert_true (bd_window_get_busy (window));

  wait_until_idle (window, TRUE);

  text = dup_buffer_text (bd_window_get_report_buffer (window));
  g_test_message ("Report:\n%s", text);
  g_assert_nonnull (strstr (text, "550"));

  save_screenshot (window, "window");

  /* The window must also fit a phone screen. */
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  gtk_widget_queue_resize (GTK_WIDGET (window));
  for (guint i = 0; i < 20 && gtk_widget_get_width (GTK_WIDGET (window)) > 400; i++)
    {
      g_usleep (10000);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 360);
  save_screenshot (window, "window-narrow");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_diagnose_twice (void)
{
  BdWindow *window = new_window ();
  GtkTextBuffer *input = bd_window_get_input_buffer (window);
  g_autofree char *text = NULL;

  /* A second analysis replaces the first one, which ends unseen. */
  gtk_text_buffer_set_text (input, "hello", -1);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.diagnose", NULL);
  gtk_text_buffer_set_text (input, postfix_bounce, -1);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.diagnose", NULL);

  wait_until_idle (window, TRUE);

  text = dup_buffer_text (bd_window_get_report_buffer (window));
  g_assert_nonnull (strstr (text, "550"));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_destroy_while_busy (void)
{
  BdWindow *window = new_window ();

  gtk_text_buffer_set_text (bd_window_get_input_buffer (window), postfix_bounce, -1);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.diagnose", NULL);
  gtk_window_destroy (GTK_WINDOW (window));

  /* The cancelled task must come back without touching the dead window. */
  for (guint i = 0; i < 50; i++)
    {
      g_usleep (10000);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
}

static void
test_window_open_file (void)
{
  BdWindow *window = new_window ();
  g_autoptr(GFile) file = NULL;
  g_autofree char *input = NULL;
  g_autofree char *report = NULL;
  GString *contents = g_string_new (NULL);

  /* Not UTF-8 and with a NUL byte: the view must still get valid text. */
  g_string_append (contents, "Subject: Undelivered Mail Returned to Sender \xcd\xe5\n\n");
  g_string_append_len (contents, "junk\0junk\n", 10);
  g_string_append (contents, postfix_bounce);
  file = write_temp_file (contents->str, contents->len);
  g_string_free (contents, TRUE);

  bd_window_open_file (window, file);
  g_assert_true (bd_window_get_busy (window));
  wait_until_idle (window, TRUE);

  input = dup_buffer_text (bd_window_get_input_buffer (window));
  g_assert_true (g_utf8_validate (input, -1, NULL));
  g_assert_nonnull (strstr (input, "Recipient address rejected"));
  g_assert_false (gtk_widget_get_visible (bd_window_get_too_large_label (window)));

  report = dup_buffer_text (bd_window_get_report_buffer (window));
  g_assert_nonnull (strstr (report, "550"));

  /* Editing the text makes it pasted text again; analysing still works. */
  gtk_text_buffer_set_text (bd_window_get_input_buffer (window), postfix_bounce, -1);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.diagnose", NULL);
  wait_until_idle (window, TRUE);

  delete_file (file);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_open_large_file (void)
{
  BdWindow *window = new_window ();
  g_autoptr(GFile) file = NULL;
  g_autofree char *report = NULL;
  GString *contents = g_string_new (postfix_bounce);
  GtkTextBuffer *input = bd_window_get_input_buffer (window);

  while (contents->len <= BD_WINDOW_MAX_SHOWN_SIZE)
    g_string_append (contents,
                     "Nov 27 10:00:00 mail postfix/smtpd[1234]: connect from unknown[192.0.2.1]\n");
  file = write_temp_file (contents->str, contents->len);
  g_string_free (contents, TRUE);

  bd_window_open_file (window, file);
  wait_until_idle (window, TRUE);

  g_assert_true (gtk_widget_get_visible (bd_window_get_too_large_label (window)));
  g_assert_cmpint (gtk_text_buffer_get_char_count (input), ==, 0);
  report = dup_buffer_text (bd_window_get_report_buffer (window));
  g_assert_cmpstr (report, !=, "");
  save_screenshot (window, "window-large-file");

  /* Typing forgets the large file. */
  gtk_text_buffer_set_text (input, "x", -1);
  g_assert_false (gtk_widget_get_visible (bd_window_get_too_large_label (window)));

  delete_file (file);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_open_unreadable (void)
{
  BdWindow *window = new_window ();
  /* A missing file, a folder and an endless device: each gives a toast. */
  static const char *paths[] = { "/nonexistent/bd-test-window.eml", "/", "/dev/zero" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (paths[i]);

      bd_window_open_file (window, file);
      wait_until_idle (window, FALSE);

      g_assert_cmpint (gtk_text_buffer_get_char_count (bd_window_get_input_buffer (window)), ==, 0);
      g_assert_cmpint (gtk_text_buffer_get_char_count (bd_window_get_report_buffer (window)), ==, 0);
    }

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_about (void)
{
  BdWindow *window = new_window ();
  g_autofree char *debug_info = bd_application_dup_debug_info ();
  GList *windows;
  GtkWindow *about = NULL;

  g_assert_nonnull (strstr (debug_info, "GTK "));
  g_assert_nonnull (strstr (debug_info, "libadwaita "));
  g_assert_nonnull (strstr (debug_info, "GMime "));
  g_assert_nonnull (strstr (debug_info, "Flatpak: "));

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);

  windows = gtk_window_list_toplevels ();
  for (const GList *l = windows; l != NULL; l = l->next)
    if (ADW_IS_ABOUT_WINDOW (l->data))
      about = l->data;
  g_list_free (windows);

  g_assert_nonnull (about);
  g_assert_true (gtk_window_get_transient_for (about) == GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (about));
  g_assert_cmpstr (adw_about_window_get_debug_info (ADW_ABOUT_WINDOW (about)), ==, debug_info);

  gtk_window_destroy (about);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  const char *localedir;
  int ret;

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GTK_A11Y", "none", FALSE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* gtk_test_init() picks en_US.UTF-8; LANGUAGE=ru still gives Russian
   * screenshots when the translations are installed. */
  if (g_getenv ("LANGUAGE") != NULL && setlocale (LC_ALL, NULL) != NULL &&
      strcmp (setlocale (LC_ALL, NULL), "C") == 0)
    setlocale (LC_ALL, "C.UTF-8");  /* en_US.UTF-8 may not exist; C ignores LANGUAGE */
  localedir = g_getenv ("BOUNCE_DOCTOR_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  /* As on GNOME, so that screenshots show what users see. */
  g_object_set (gtk_settings_get_default (),
                "gtk-decoration-layout", ":close",
                NULL);

  app = bd_application_new ("io.github.bouncedoctor.BounceDoctor.Test",
                            G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/bd/window/new-destroy", test_window_new_destroy);
  g_test_add_func ("/bd/window/diagnose-pasted", test_window_diagnose_pasted);
  g_test_add_func ("/bd/window/diagnose-twice", test_window_diagnose_twice);
  g_test_add_func ("/bd/window/destroy-while-busy", test_window_destroy_while_busy);
  g_test_add_func ("/bd/window/open-file", test_window_open_file);
  g_test_add_func ("/bd/window/open-large-file", test_window_open_large_file);
  g_test_add_func ("/bd/window/open-unreadable", test_window_open_unreadable);
  g_test_add_func ("/bd/window/about", test_window_about);

  ret = g_test_run ();

  g_clear_object (&app);

  return ret;
}
