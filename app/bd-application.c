/* bd-application.c: the Bounce Doctor application object
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include <glib/gi18n-lib.h>
#include <gmime/gmime.h>
#include <libsoup/soup.h>
#include <unbound.h>

#include "bd-application.h"
#include "bd-gui.h"
#include "bd-window.h"

struct _BdApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (BdApplication, bd_application, ADW_TYPE_APPLICATION)

#define BD_RESOURCE_BASE_PATH "/io/github/bouncedoctor/BounceDoctor"
#define BD_WEBSITE "https://github.com/bouncedoctor/bounce-doctor"

BdApplication *
bd_application_new (const char        *application_id,
                    GApplicationFlags  flags)
{
  g_return_val_if_fail (application_id != NULL, NULL);

  return g_object_new (BD_TYPE_APPLICATION,
                       "application-id", application_id,
                       "flags", flags | G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", BD_RESOURCE_BASE_PATH,
                       NULL);
}

char *
bd_application_dup_debug_info (void)
{
  GString *str = g_string_new (NULL);
  g_autofree char *os_name = g_get_os_info (G_OS_INFO_KEY_PRETTY_NAME);
  gboolean flatpak = g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS);

  /* Not translated: this text goes into bug reports. */
  g_string_append_printf (str, "Bounce Doctor %s (%s)\n\n", PACKAGE_VERSION, APP_ID);
  g_string_append_printf (str, "Operating system: %s\n", os_name ? os_name : "unknown");
  g_string_append_printf (str, "Flatpak: %s\n\n", flatpak ? "yes" : "no");

  g_string_append (str, "Compiled against:\n");
  g_string_append_printf (str, "- GLib %d.%d.%d\n",
                          GLIB_MAJOR_VERSION, GLIB_MINOR_VERSION, GLIB_MICRO_VERSION);
  g_string_append_printf (str, "- GTK %d.%d.%d\n",
                          GTK_MAJOR_VERSION, GTK_MINOR_VERSION, GTK_MICRO_VERSION);
  g_string_append_printf (str, "- libadwaita %d.%d.%d\n",
                          ADW_MAJOR_VERSION, ADW_MINOR_VERSION, ADW_MICRO_VERSION);
  g_string_append_printf (str, "- GMime %d.%d.%d\n",
                          GMIME_MAJOR_VERSION, GMIME_MINOR_VERSION, GMIME_MICRO_VERSION);
  g_string_append_printf (str, "- libsoup %d.%d.%d\n",
                          SOUP_MAJOR_VERSION, SOUP_MINOR_VERSION, SOUP_MICRO_VERSION);
  g_string_append_printf (str, "- libunbound %d.%d.%d\n\n",
                          UNBOUND_VERSION_MAJOR, UNBOUND_VERSION_MINOR, UNBOUND_VERSION_MICRO);

  g_string_append (str, "Running with:\n");
  g_string_append_printf (str, "- GLib %u.%u.%u\n",
                          glib_major_version, glib_minor_version, glib_micro_version);
  g_string_append_printf (str, "- GTK %u.%u.%u\n",
                          gtk_get_major_version (), gtk_get_minor_version (),
                          gtk_get_micro_version ());
  g_string_append_printf (str, "- libadwaita %u.%u.%u\n",
                          adw_get_major_version (), adw_get_minor_version (),
                          adw_get_micro_version ());
  g_string_append_printf (str, "- GMime %u.%u.%u\n",
                          gmime_major_version, gmime_minor_version, gmime_micro_version);
  g_string_append_printf (str, "- libsoup %u.%u.%u\n",
                          soup_get_major_version (), soup_get_minor_version (),
                          soup_get_micro_version ());
  g_string_append_printf (str, "- libunbound %s\n", ub_version ());

  return g_string_free (str, FALSE);
}

static void
bd_application_about (GSimpleAction *action,
                      GVariant      *param,
                      gpointer       user_data)
{
  BdApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autofree char *debug_info = bd_application_dup_debug_info ();

  adw_show_about_window (parent,
                         "application-name", _("Bounce Doctor"),
                         "application-icon", APP_ID,
                         "developer-name", _("The Bounce Doctor authors"),
                         "version", PACKAGE_VERSION,
                         "website", BD_WEBSITE,
                         "issue-url", BD_WEBSITE "/issues",
                         "comments", _("Find out why an email was not delivered and what to do about it"),
                         "copyright", "© 2026 The Bounce Doctor authors",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "debug-info", debug_info,
                         "debug-info-filename", "bounce-doctor-debug-info.txt",
                         /* Translators: put your names here, one per line */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
bd_application_quit (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       user_data)
{
  BdApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Destroying the windows cancels their work; the application then
   * quits by itself once the last one is gone. */
  windows = g_list_copy (windows);
  for (const GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (GTK_WINDOW (l->data));
  g_list_free (windows);

  g_application_quit (G_APPLICATION (self));
}

static const GActionEntry app_actions[] = {
  { .name = "about", .activate = bd_application_about },
  { .name = "quit", .activate = bd_application_quit },
};

static BdWindow *
bd_application_new_window (BdApplication *self)
{
  BdWindow *window = bd_window_new (self);

#ifdef DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (window), "devel");
#endif

  return window;
}

/* Benchmark hook (tests/bench/bench-gui.c): with
 * BOUNCE_DOCTOR_BENCH_FIRST_FRAME set, the monotonic time of the window's
 * first painted frame goes to stdout and the application quits. */
static void
on_bench_after_paint (GdkFrameClock *frame_clock,
                      gpointer       user_data)
{
  g_autoptr(GApplication) app = user_data;

  g_signal_handlers_disconnect_by_func (frame_clock, on_bench_after_paint, user_data);
  /* Not translated: read by the benchmark. */
  printf ("first-frame %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  fflush (stdout);
  g_application_quit (app);
}

static void
bd_application_bench_first_frame (BdApplication *self,
                                  GtkWindow     *window)
{
  static gboolean connected = FALSE;
  GdkFrameClock *frame_clock;

  if (connected || g_getenv ("BOUNCE_DOCTOR_BENCH_FIRST_FRAME") == NULL)
    return;

  frame_clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  if (frame_clock == NULL)
    return;
  connected = TRUE;
  g_signal_connect (frame_clock, "after-paint",
                    G_CALLBACK (on_bench_after_paint), g_object_ref (self));
}

static void
bd_application_activate (GApplication *app)
{
  BdApplication *self = BD_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (bd_application_new_window (self));

  gtk_window_present (window);
  bd_application_bench_first_frame (self, window);
}

static void
bd_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  BdApplication *self = BD_APPLICATION (app);

  /* One window per file: each gets its own report. */
  for (int i = 0; i < n_files; i++)
    {
      BdWindow *window = bd_application_new_window (self);

      bd_window_open_file (window, files[i]);
      gtk_window_present (GTK_WINDOW (window));
      bd_application_bench_first_frame (self, GTK_WINDOW (window));
    }
}

static void
bd_application_startup (GApplication *app)
{
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "window.close", { "<Control>w", NULL } },
    { "win.new", { "<Control>n", NULL } },
    { "win.open", { "<Control>o", NULL } },
    { "win.paste", { "<Control>v", NULL } },
    { "win.copy-report", { "<Control><Shift>c", NULL } },
    { "win.back", { "<Alt>Left", NULL } },
    { "win.next", { "<Alt>Right", NULL } },
    { "win.help", { "F1", NULL } },
    { "win.help-step", { "<Shift>F1", NULL } },
  };
  BdApplication *self = BD_APPLICATION (app);

  G_APPLICATION_CLASS (bd_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   app_actions, G_N_ELEMENTS (app_actions),
                                   self);

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self),
                                           accels[i].action, accels[i].accels);
}

static void
bd_application_class_init (BdApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = bd_application_activate;
  app_class->open = bd_application_open;
  app_class->startup = bd_application_startup;
}

static void
bd_application_init (BdApplication *self)
{
}

void
bd_gui_print_versions (void)
{
  g_print ("GTK %u.%u.%u (built with %d.%d.%d)\n",
           gtk_get_major_version (), gtk_get_minor_version (), gtk_get_micro_version (),
           GTK_MAJOR_VERSION, GTK_MINOR_VERSION, GTK_MICRO_VERSION);
  g_print ("libadwaita %u.%u.%u (built with %d.%d.%d)\n",
           adw_get_major_version (), adw_get_minor_version (), adw_get_micro_version (),
           ADW_MAJOR_VERSION, ADW_MINOR_VERSION, ADW_MICRO_VERSION);
}

int
bd_gui_run (int    argc,
            char **argv)
{
  g_autoptr(BdApplication) app = NULL;

  /* main() has set the locale and bound the catalogue; the .ui templates
   * translate through the default domain. */
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Bounce Doctor"));

  app = bd_application_new (APP_ID, G_APPLICATION_DEFAULT_FLAGS);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
