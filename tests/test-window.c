/* test-window.c: the main window and its wizard under a real display (Xvfb)
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bd-application.h"
#include "bd-window-private.h"
#include "bd-test-gtk-utils.h"

static BdApplication *app;

static BdWindow *
new_window (void)
{
  BdWindow *window = bd_window_new (app);

  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  return window;
}

static void
test_window_new_destroy (void)
{
  BdWindow *window = new_window ();
  BdAssistant *assistant = bd_window_get_assistant (window);

  g_assert_true (BD_IS_WINDOW (window));
  g_assert_cmpuint (bd_assistant_get_n_steps (assistant), ==, BD_WINDOW_N_STEPS);
  g_assert_true (bd_assistant_get_current (assistant) ==
                 bd_window_get_step (window, BD_WINDOW_STEP_INPUT));
  g_assert_false (bd_assistant_get_can_go_back (assistant));
  g_assert_null (bd_session_get_report (bd_window_get_session (window)));

  /* every step has a title for the header bar */
  for (guint i = 0; i < BD_WINDOW_N_STEPS; i++)
    {
      BdStep *step = bd_window_get_step (window, i);

      g_assert_true (BD_IS_STEP (step));
      g_assert_true (bd_step_get_session (step) == bd_window_get_session (window));
      g_assert_nonnull (bd_step_get_title (step));
    }

  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static void
test_window_accels (void)
{
  static const struct { const char *action; const char *accel; } expected[] = {
    { "win.paste", "<Control>v" },
    { "win.open", "<Control>o" },
    { "win.back", "<Alt>Left" },
    { "win.next", "<Alt>Right" },
    { "win.copy-report", "<Shift><Control>c" },
    { "win.help", "F1" },
    { "win.help-step", "<Shift>F1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                    expected[i].action);
      guint key = 0, key2 = 0;
      GdkModifierType mods = 0, mods2 = 0;

      g_assert_nonnull (accels);
      g_assert_nonnull (accels[0]);
      g_assert_true (gtk_accelerator_parse (accels[0], &key, &mods));
      g_assert_true (gtk_accelerator_parse (expected[i].accel, &key2, &mods2));
      g_assert_cmpuint (key, ==, key2);
      g_assert_cmpuint (mods, ==, mods2);
    }
}

/* F1 opens the index, Shift+F1 the step's own page; every page a step
 * names exists in the help, and the index lists it. */
static void
test_window_help_pages (void)
{
  BdWindow *window = new_window ();
  BdAssistant *assistant = bd_window_get_assistant (window);
  g_autofree char *index_uri = _bd_window_dup_help_uri (window, FALSE);
  g_autofree char *index_path = g_test_build_filename (G_TEST_DIST, "..", "help", "C",
                                                       "index.page", NULL);

  g_assert_cmpstr (index_uri, ==, "help:" HELP_ID);
  g_assert_true (g_file_test (index_path, G_FILE_TEST_IS_REGULAR));

  for (guint i = 0; i < BD_WINDOW_N_STEPS; i++)
    {
      BdStep *step = bd_window_get_step (window, i);
      const char *page = bd_step_get_help_page (step);
      g_autofree char *file = NULL;
      g_autofree char *path = NULL;
      g_autofree char *uri = NULL;
      g_autofree char *expected = NULL;
      g_autofree char *contents = NULL;
      g_autofree char *guide_link = NULL;

      g_assert_nonnull (page);
      bd_assistant_go_to (assistant, step);
      g_assert_true (bd_assistant_get_current (assistant) == step);

      uri = _bd_window_dup_help_uri (window, TRUE);
      expected = g_strdup_printf ("help:%s/%s", HELP_ID, page);
      g_assert_cmpstr (uri, ==, expected);

      file = g_strconcat (page, ".page", NULL);
      path = g_test_build_filename (G_TEST_DIST, "..", "help", "C", file, NULL);
      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      guide_link = g_strdup_printf ("id=\"%s\"", page);
      g_assert_nonnull (strstr (contents, guide_link));
      g_assert_nonnull (strstr (contents, "xref=\"index#"));

      /* outside Flatpak the help: URI is used: no HTML server */
      g_assert_null (_bd_window_dup_help_http_uri (window, TRUE, NULL));
    }

  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

/* In the Flatpak, F1 serves the HTML help on 127.0.0.1 instead
 * ($BOUNCE_DOCTOR_HELP_HTML stands in for the Flatpak here). */
static void
test_window_help_html (void)
{
  g_autofree char *html = g_test_build_filename (G_TEST_BUILT, "..", "help", "html", NULL);
  BdWindow *window;
  g_autoptr(GError) error = NULL;
  g_autofree char *index_uri = NULL;
  g_autofree char *step_uri = NULL;
  g_autofree char *file = NULL;

  if (!g_file_test (html, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("the HTML help is not built (-Dhelp_html=disabled, or no yelp-build)");
      return;
    }

  g_setenv ("BOUNCE_DOCTOR_HELP_HTML", html, TRUE);
  window = new_window ();

  index_uri = _bd_window_dup_help_http_uri (window, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (index_uri, "http://127.0.0.1:"));
  g_assert_true (g_str_has_suffix (index_uri, "/C/index.html"));

  step_uri = _bd_window_dup_help_http_uri (window, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (step_uri, "/C/input.html"));
  /* one server for the application: the same port */
  g_assert_cmpint (strncmp (index_uri, step_uri, strlen (index_uri) - strlen ("C/index.html")), ==, 0);

  file = g_build_filename (html, "C", "input.html", NULL);
  g_assert_true (g_file_test (file, G_FILE_TEST_IS_REGULAR));

  g_unsetenv ("BOUNCE_DOCTOR_HELP_HTML");
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
has_label (GtkWidget  *widget,
           const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_label (child, text))
      return TRUE;
  return FALSE;
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

/* The main menu, as it pops up: both help entries are there */
static void
test_window_menu (void)
{
  BdWindow *window = new_window ();
  GtkPopover *popover;

  gtk_menu_button_popup (window->menu_button);
  popover = gtk_menu_button_get_popover (window->menu_button);
  g_assert_nonnull (popover);
  bd_test_wait_until (is_mapped, popover, "the main menu");
  g_assert_true (has_label (GTK_WIDGET (popover), _("_Help")));
  g_assert_true (has_label (GTK_WIDGET (popover), _("Help on This _Step")));
  g_assert_true (has_label (GTK_WIDGET (popover), _("_About Bounce Doctor")));
  bd_test_save_screenshot (GTK_WIDGET (popover), "window-menu");
  gtk_menu_button_popdown (window->menu_button);

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
  g_assert_nonnull (strstr (debug_info, "libsoup "));
  g_assert_nonnull (strstr (debug_info, "libunbound "));
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
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_VERSION);
  g_assert_cmpint (adw_about_window_get_license_type (ADW_ABOUT_WINDOW (about)), ==, GTK_LICENSE_GPL_3_0);
  g_assert_true (g_str_has_prefix (adw_about_window_get_website (ADW_ABOUT_WINDOW (about)), "https://"));
  g_assert_nonnull (adw_about_window_get_translator_credits (ADW_ABOUT_WINDOW (about)));
  /* the icon the About window names is there, even uninstalled */
  g_assert_true (gtk_icon_theme_has_icon (gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (about))),
                                          adw_about_window_get_application_icon (ADW_ABOUT_WINDOW (about))));
  bd_test_save_screenshot (GTK_WIDGET (about), "about");

  gtk_window_destroy (about);
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
is_diagnosed (gpointer data)
{
  BdWindow *window = data;

  return bd_assistant_get_position (bd_window_get_assistant (window)) == BD_WINDOW_STEP_DIAGNOSIS &&
         bd_session_get_report (bd_window_get_session (window)) != NULL;
}

/* "bounce-doctor FILE": the window opens with FILE analysed. */
static void
test_window_open_file (void)
{
  BdWindow *window = new_window ();
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "samples", "mdaemon-seed.log", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  BdReport *report;

  bd_window_open_file (window, file);
  bd_test_wait_until (is_diagnosed, window, "the opened file's diagnosis");
  report = bd_session_get_report (bd_window_get_session (window));
  g_assert_cmpuint (report->failures->len, ==, 1);
  g_assert_cmpuint (((BdFailure *) g_ptr_array_index (report->failures, 0))->reply_code, ==, 554);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;
  int ret;

  /* recent diagnoses go to a scratch folder, never the user's */
  data_dir = g_dir_make_tmp ("bd-test-window-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("BOUNCE_DOCTOR_DATA_DIR", data_dir, TRUE);

  bd_test_gtk_init (&argc, &argv);

  app = bd_application_new ("io.github.bouncedoctor.BounceDoctor.Test",
                            G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  /* accels are set at startup */
  g_signal_emit_by_name (app, "startup");

  g_test_add_func ("/bd/window/new-destroy", test_window_new_destroy);
  g_test_add_func ("/bd/window/accels", test_window_accels);
  g_test_add_func ("/bd/window/help-pages", test_window_help_pages);
  g_test_add_func ("/bd/window/help-html", test_window_help_html);
  g_test_add_func ("/bd/window/menu", test_window_menu);
  g_test_add_func ("/bd/window/about", test_window_about);
  g_test_add_func ("/bd/window/open-file", test_window_open_file);

  ret = g_test_run ();

  g_clear_object (&app);

  return ret;
}
