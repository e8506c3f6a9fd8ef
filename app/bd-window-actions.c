/* bd-window-actions.c: the window's commands
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-help-server.h"
#include "bd-window-private.h"

#include "steps/input/bd-input-step.h"
#include "steps/report/bd-report-step-private.h"

static void
bd_window_back_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  bd_assistant_back (BD_WINDOW (widget)->assistant);
}

static void
bd_window_next_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  bd_assistant_next (BD_WINDOW (widget)->assistant);
}

static void
bd_window_open_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  BdWindow *self = BD_WINDOW (widget);
  BdStep *input = self->steps[BD_WINDOW_STEP_INPUT];

  bd_assistant_go_to (self->assistant, input);
  bd_input_step_choose_file (BD_INPUT_STEP (input));
}

/* Ctrl+V: into the focused text field, or else into the input. */
static void
bd_window_paste_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  BdWindow *self = BD_WINDOW (widget);
  BdStep *input = self->steps[BD_WINDOW_STEP_INPUT];
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (focus != NULL &&
      (GTK_IS_TEXT (focus) ||
       (GTK_IS_TEXT_VIEW (focus) && gtk_text_view_get_editable (GTK_TEXT_VIEW (focus)))) &&
      !gtk_widget_is_ancestor (focus, GTK_WIDGET (input)))
    {
      gtk_widget_activate_action (focus, "clipboard.paste", NULL);
      return;
    }

  bd_assistant_go_to (self->assistant, input);
  bd_input_step_paste (BD_INPUT_STEP (input));
}

static void
bd_window_copy_report_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *param)
{
  BdWindow *self = BD_WINDOW (widget);
  g_autofree char *text = NULL;

  if (bd_session_get_report (self->session) == NULL)
    return;

  /* the same Markdown as the Report step's Copy: the chosen mail program
   * and server, helpdesk notes, hidden addresses */
  text = bd_report_step_dup_text (BD_REPORT_STEP (self->steps[BD_WINDOW_STEP_REPORT]),
                                  BD_REPORT_FORMAT_MARKDOWN);
  if (text == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
  bd_window_add_toast (self, adw_toast_new (_("Report copied")));
}

static void
bd_window_new_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  BdWindow *self = BD_WINDOW (widget);

  bd_session_clear (self->session);
  bd_assistant_go_to (self->assistant, self->steps[BD_WINDOW_STEP_INPUT]);
}

static void
show_uri_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(BdWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Translators: %s is the system's reason */
      bd_window_add_toast (self, adw_toast_new_format (_("Could not open the help: %s"),
                                                       error->message));
    }
}

/* The help: URI of the index, or of the current step's own page. */
char *
_bd_window_dup_help_uri (BdWindow *self,
                         gboolean  for_step)
{
  BdStep *step = for_step ? bd_assistant_get_current (self->assistant) : NULL;
  const char *page = step != NULL ? bd_step_get_help_page (step) : NULL;

  if (page != NULL)
    return g_strdup_printf ("help:%s/%s", HELP_ID, page);
  return g_strdup_printf ("help:%s", HELP_ID);
}

/* Flatpak does not export /app/share/help, so there the host's help viewer
 * answers help: URIs with "Document not found". The sandbox shares the
 * host's network, so the app serves the help as HTML (help/build-html.sh)
 * on 127.0.0.1 to the host's web browser instead.
 *
 * The folder of that HTML, or %NULL to use help: URIs. For tests,
 * $BOUNCE_DOCTOR_HELP_HTML names it outside Flatpak too. */
static const char *
help_html_dir (void)
{
  const char *dir = g_getenv ("BOUNCE_DOCTOR_HELP_HTML");

  if (dir == NULL || dir[0] == '\0')
    {
      if (!g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
        return NULL;
      dir = HELP_HTML_DIR;
    }

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    return NULL;
  return dir;
}

/* "ru" when Russian comes before English in the user's languages, if the
 * help has it; otherwise "C", the English original. */
static const char *
help_html_lang (const char *dir)
{
  const char * const *names = g_get_language_names ();
  g_autofree char *ru_index = NULL;

  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *name = names[i];

      if (g_str_equal (name, "ru") || g_str_has_prefix (name, "ru_") ||
          g_str_has_prefix (name, "ru.") || g_str_has_prefix (name, "ru@"))
        {
          ru_index = g_build_filename (dir, "ru", "index.html", NULL);
          return g_file_test (ru_index, G_FILE_TEST_IS_REGULAR) ? "ru" : "C";
        }
      if (g_str_equal (name, "C") || g_str_equal (name, "en") || g_str_has_prefix (name, "en_") ||
          g_str_has_prefix (name, "en.") || g_str_has_prefix (name, "en@"))
        break;
    }

  return "C";
}

/* One server for the whole application: it lives as long as the
 * application object (or the window, if it has none). */
static BdHelpServer *
get_help_server (BdWindow    *self,
                 const char  *dir,
                 GError     **error)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  GObject *owner = app != NULL ? G_OBJECT (app) : G_OBJECT (self);
  BdHelpServer *server = g_object_get_data (owner, "bd-help-server");

  if (server == NULL)
    {
      g_autoptr(BdHelpServer) new_server = bd_help_server_new (dir);

      if (!bd_help_server_start (new_server, error))
        return NULL;
      server = new_server;
      g_object_set_data_full (owner, "bd-help-server", g_steal_pointer (&new_server),
                              g_object_unref);
    }

  return server;
}

/* The http://127.0.0.1 URI of the same page as _bd_window_dup_help_uri(),
 * or %NULL: without @error when help: URIs work here, with it when the
 * server could not start. */
char *
_bd_window_dup_help_http_uri (BdWindow  *self,
                              gboolean   for_step,
                              GError   **error)
{
  BdStep *step = for_step ? bd_assistant_get_current (self->assistant) : NULL;
  const char *page = step != NULL ? bd_step_get_help_page (step) : NULL;
  const char *dir = help_html_dir ();
  BdHelpServer *server;

  if (dir == NULL)
    return NULL;

  server = get_help_server (self, dir, error);
  if (server == NULL)
    return NULL;

  return bd_help_server_dup_uri (server, help_html_lang (dir), page);
}

/* F1 and the menu's Help: the index; Shift+F1 and "Help on This Step":
 * the page about the step on screen. */
static void
bd_window_help_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  BdWindow *self = BD_WINDOW (widget);
  gboolean for_step = g_str_equal (action_name, "win.help-step");
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;

  uri = _bd_window_dup_help_http_uri (self, for_step, &error);
  if (error != NULL)
    {
      /* Translators: shown when the help cannot be opened in the web
       * browser (in the Flatpak); %s is the system's reason */
      bd_window_add_toast (self,
                           adw_toast_new_format (_("Could not serve the help to the web browser: %s"),
                                                 error->message));
      return;
    }
  if (uri == NULL)
    uri = _bd_window_dup_help_uri (self, for_step);

  g_debug ("Opening the help at %s", uri);
  gtk_show_uri_full (GTK_WINDOW (self), uri, GDK_CURRENT_TIME, NULL,
                     show_uri_cb, g_object_ref (self));
}

void
_bd_window_actions_update (BdWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean has_report = self->session != NULL && bd_session_get_report (self->session) != NULL;

  gtk_widget_action_set_enabled (widget, "win.back",
                                 bd_assistant_get_can_go_back (self->assistant));
  gtk_widget_action_set_enabled (widget, "win.next",
                                 bd_assistant_get_can_go_next (self->assistant));
  gtk_widget_action_set_enabled (widget, "win.copy-report", has_report);
}

static void
on_report_changed (BdWindow   *self,
                   GParamSpec *pspec,
                   BdSession  *session)
{
  _bd_window_actions_update (self);
}

void
_bd_window_actions_init (BdWindow *self)
{
  g_autoptr(GAction) helpdesk = NULL;
  g_autoptr(GAction) history = NULL;

  /* Toggles kept in the settings: win.helpdesk-mode, win.keep-history */
  helpdesk = g_settings_create_action (self->settings, "helpdesk-mode");
  g_action_map_add_action (G_ACTION_MAP (self), helpdesk);
  history = g_settings_create_action (self->settings, "keep-history");
  g_action_map_add_action (G_ACTION_MAP (self), history);

  g_signal_connect_object (self->session, "notify::report", G_CALLBACK (on_report_changed),
                           self, G_CONNECT_SWAPPED);
}

void
_bd_window_class_actions_init (BdWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.back", NULL, bd_window_back_action);
  gtk_widget_class_install_action (widget_class, "win.next", NULL, bd_window_next_action);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, bd_window_open_action);
  gtk_widget_class_install_action (widget_class, "win.paste", NULL, bd_window_paste_action);
  gtk_widget_class_install_action (widget_class, "win.copy-report", NULL,
                                   bd_window_copy_report_action);
  gtk_widget_class_install_action (widget_class, "win.new", NULL, bd_window_new_action);
  gtk_widget_class_install_action (widget_class, "win.help", NULL, bd_window_help_action);
  gtk_widget_class_install_action (widget_class, "win.help-step", NULL, bd_window_help_action);
}
