/* bd-fixes-step.c: the wizard's fixes step
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-fixes-step.h"
#include "bd-writer.h"

/* A cause after the first one is offered too when it is at least this
 * much as likely (SPEC §2: the fixes of the most likely causes). */
#define BD_FIXES_CLOSE_FACTOR 0.5
#define BD_FIXES_MAX_CAUSES   3

/* The choosers' items, in order; "" means "not chosen" / "all". */
static const char * const programs[] = {
  "", "outlook-classic", "outlook-new", "thunderbird", "apple-mail",
  "thebat", "phone", "webmail",
};

static const char * const servers[] = {
  "", "mdaemon", "postfix", "exim", "exchange", "hosted",
};

struct _BdFixesStep
{
  BdStep               parent_instance;

  /* Template widgets */
  GtkStack            *stack;
  AdwStatusPage       *status_page;
  GtkScrolledWindow   *scrolled_window;
  GtkWidget           *user_title;
  AdwPreferencesGroup *user_group;
  AdwComboRow         *program_row;
  GtkWidget           *admin_section;
  GtkWidget           *admin_title;
  AdwPreferencesGroup *admin_group;
  AdwComboRow         *server_row;
  GtkWidget           *recipient_section;
  GtkWidget           *recipient_title;
  AdwPreferencesGroup *recipient_group;

  /* Rows added to each group (indexed by BdKbAudience), removed on rebuild */
  GPtrArray           *rows[3];
  /* Set while the choosers follow the session, so they do not write back */
  gboolean             syncing;
};

G_DEFINE_FINAL_TYPE (BdFixesStep, bd_fixes_step, BD_TYPE_STEP)

/* ------------------------------------------------------------------------ */
/* Choosers */

static guint
find_id (const char * const *ids,
         guint               n_ids,
         const char         *id)
{
  for (guint i = 0; i < n_ids; i++)
    if (g_strcmp0 (ids[i], id) == 0)
      return i;
  return 0;
}

static const char *
get_program (BdFixesStep *self)
{
  BdSession *session = bd_step_get_session (BD_STEP (self));
  guint i = find_id (programs, G_N_ELEMENTS (programs), bd_session_get_program (session));

  return programs[i];
}

static const char *
get_server (BdFixesStep *self)
{
  BdSession *session = bd_step_get_session (BD_STEP (self));
  guint i = find_id (servers, G_N_ELEMENTS (servers), bd_session_get_server (session));

  return servers[i];
}

static void
sync_choosers (BdFixesStep *self)
{
  self->syncing = TRUE;
  adw_combo_row_set_selected (self->program_row,
                              find_id (programs, G_N_ELEMENTS (programs), get_program (self)));
  adw_combo_row_set_selected (self->server_row,
                              find_id (servers, G_N_ELEMENTS (servers), get_server (self)));
  self->syncing = FALSE;
}

static void
on_program_selected (BdFixesStep *self,
                     GParamSpec  *pspec,
                     AdwComboRow *row)
{
  guint i = adw_combo_row_get_selected (row);

  if (self->syncing || i >= G_N_ELEMENTS (programs))
    return;
  bd_session_set_program (bd_step_get_session (BD_STEP (self)), programs[i]);
}

static void
on_server_selected (BdFixesStep *self,
                    GParamSpec  *pspec,
                    AdwComboRow *row)
{
  guint i = adw_combo_row_get_selected (row);

  if (self->syncing || i >= G_N_ELEMENTS (servers))
    return;
  bd_session_set_server (bd_step_get_session (BD_STEP (self)), servers[i]);
}

static void
setup_choosers (BdFixesStep *self)
{
  g_autoptr(GtkStringList) program_list = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) server_list = gtk_string_list_new (NULL);

  /* Translators: the mail program chooser before one is chosen */
  gtk_string_list_append (program_list, C_("mail program", "Not chosen"));
  for (guint i = 1; i < G_N_ELEMENTS (programs); i++)
    gtk_string_list_append (program_list, bd_kb_variant_get_label (programs[i]));

  /* Translators: the mail server chooser: show the steps for every server */
  gtk_string_list_append (server_list, _("All servers"));
  for (guint i = 1; i < G_N_ELEMENTS (servers); i++)
    gtk_string_list_append (server_list, bd_kb_variant_get_label (servers[i]));

  self->syncing = TRUE;
  adw_combo_row_set_model (self->program_row, G_LIST_MODEL (program_list));
  adw_combo_row_set_model (self->server_row, G_LIST_MODEL (server_list));
  self->syncing = FALSE;
}

/* ------------------------------------------------------------------------ */
/* Rows */

static GtkWidget *
new_label (const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_halign (label, GTK_ALIGN_FILL);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

/* A row of a boxed list that holds any content (not activatable). */
static GtkWidget *
new_content_row (const char *title,
                 GtkWidget  *content)
{
  GtkWidget *row = g_object_new (ADW_TYPE_PREFERENCES_ROW,
                                 "title", title,
                                 "use-markup", FALSE,
                                 "activatable", FALSE,
                                 "selectable", FALSE,
                                 "child", content,
                                 NULL);

  gtk_widget_set_margin_top (content, 12);
  gtk_widget_set_margin_bottom (content, 12);
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);
  return row;
}

static GtkWidget *
new_message_row (const char *title,
                 const char *subtitle,
                 const char *icon_name)
{
  GtkWidget *row = g_object_new (ADW_TYPE_ACTION_ROW,
                                 "title", title,
                                 "subtitle", subtitle,
                                 "use-markup", FALSE,
                                 "activatable", FALSE,
                                 "selectable", FALSE,
                                 NULL);

  if (icon_name != NULL)
    adw_action_row_add_prefix (ADW_ACTION_ROW (row), g_object_new (GTK_TYPE_IMAGE,
                                                                    "icon-name", icon_name,
                                                                    "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                                                    NULL));
  return row;
}

/* "name TYPE value", as in a zone file (TXT values quoted). */
static char *
format_record (const char *name,
               const char *type,
               const char *value)
{
  if (g_ascii_strcasecmp (type, "TXT") == 0 && value[0] != '"')
    return g_strdup_printf ("%s %s \"%s\"", name, type, value);
  return g_strdup_printf ("%s %s %s", name, type, value);
}

static GtkWidget *
new_record_box (const BdReportCause *rc,
                const BdKbRecord    *record)
{
  g_autofree char *name = bd_write_fill_text (record->name, rc->failure, rc->match);
  g_autofree char *value = bd_write_fill_text (record->value, rc->failure, rc->match);
  g_autofree char *line = format_record (name, record->type, value);
  g_autofree char *heading = NULL;
  GtkWidget *box, *text_box, *label, *button;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (box, "fix-record");

  text_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  gtk_widget_set_hexpand (text_box, TRUE);
  gtk_widget_set_margin_top (text_box, 9);
  gtk_widget_set_margin_bottom (text_box, 9);
  gtk_widget_set_margin_start (text_box, 12);
  gtk_box_append (GTK_BOX (box), text_box);

  /* Translators: above a DNS record to add, %s is its type ("PTR", "TXT") */
  heading = g_strdup_printf (_("%s record"), record->type);
  gtk_box_append (GTK_BOX (text_box), new_label (heading, "caption-heading"));

  label = new_label (line, "monospace");
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_box_append (GTK_BOX (text_box), label);

  button = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_end (button, 6);
  gtk_widget_set_tooltip_text (button, _("Copy record"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Copy record"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, line,
                                  -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "fixes.copy-record");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_string (line));
  gtk_box_append (GTK_BOX (box), button);

  return box;
}

/* One fix: an optional caption naming the cause, its title, the server or
 * program it is for, numbered steps and the DNS records to add. */
static GtkWidget *
new_fix_row (const BdReportCause *rc,
             const BdKbFix       *fix,
             const char          *caption,
             gboolean             show_variant)
{
  g_autofree char *title = bd_write_fill_text (fix->title, rc->failure, rc->match);
  GtkWidget *box, *grid;
  guint n = 0;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  if (caption != NULL)
    {
      GtkWidget *label = new_label (caption, "caption");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (box), label);
    }

  gtk_box_append (GTK_BOX (box), new_label (title, "heading"));

  if (show_variant && g_strcmp0 (fix->variant, "any") != 0)
    {
      GtkWidget *label = new_label (bd_kb_variant_get_label (fix->variant), "caption-heading");
      gtk_widget_add_css_class (label, "accent");
      gtk_box_append (GTK_BOX (box), label);
    }

  grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 6);
  gtk_widget_set_margin_top (grid, 3);
  for (const char * const *s = fix->steps; s != NULL && *s != NULL; s++, n++)
    {
      g_autofree char *text = bd_write_fill_text (*s, rc->failure, rc->match);
      g_autofree char *number = NULL;
      GtkWidget *number_label, *text_label;

      /* Translators: the number of a step in a list of steps (1., 2., …) */
      number = g_strdup_printf (_("%u."), n + 1);
      number_label = gtk_label_new (number);
      gtk_label_set_xalign (GTK_LABEL (number_label), 1);
      gtk_label_set_yalign (GTK_LABEL (number_label), 0);
      gtk_widget_set_valign (number_label, GTK_ALIGN_START);
      gtk_widget_add_css_class (number_label, "numeric");
      gtk_widget_add_css_class (number_label, "dim-label");
      gtk_widget_add_css_class (number_label, "fix-step-number");

      text_label = new_label (text, "fix-step");
      gtk_widget_set_hexpand (text_label, TRUE);

      gtk_grid_attach (GTK_GRID (grid), number_label, 0, n, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), text_label, 1, n, 1, 1);
    }
  gtk_box_append (GTK_BOX (box), grid);
  gtk_widget_set_visible (grid, n > 0);

  for (guint i = 0; i < fix->n_records; i++)
    gtk_box_append (GTK_BOX (box), new_record_box (rc, &fix->records[i]));

  return new_content_row (title, box);
}

/* ------------------------------------------------------------------------ */
/* Accessibility */

static GtkWidget *
find_list_box (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = GTK_IS_LIST_BOX (child) ? child : find_list_box (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A screen reader reads the list of each section as "What you can do"
 * rather than "GtkListBox": AdwPreferencesGroup (1.2) keeps its list box
 * to itself, so it is labelled here. */
static void
label_section_list (AdwPreferencesGroup *group,
                    GtkWidget           *title)
{
  GtkWidget *list = find_list_box (GTK_WIDGET (group));

  gtk_accessible_update_relation (GTK_ACCESSIBLE (list != NULL ? list : GTK_WIDGET (group)),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, title, NULL,
                                  -1);
}

/* libadwaita's own images in the choosers' rows (the drop-down arrow)
 * only decorate; they would be read as "GtkImage". */
static void
hide_decorative_images (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_IMAGE (child))
        g_object_set (child, "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);
      else
        hide_decorative_images (child);
    }
}

/* ------------------------------------------------------------------------ */
/* Building the page */

static AdwPreferencesGroup *
get_group (BdFixesStep  *self,
           BdKbAudience  audience)
{
  switch (audience)
    {
    case BD_KB_FOR_USER:
      return self->user_group;
    case BD_KB_FOR_ADMIN:
      return self->admin_group;
    case BD_KB_FOR_RECIPIENT:
      return self->recipient_group;
    default:
      g_assert_not_reached ();
    }
}

static void
add_row (BdFixesStep  *self,
         BdKbAudience  audience,
         GtkWidget    *row)
{
  adw_preferences_group_add (get_group (self, audience), row);
  g_ptr_array_add (self->rows[audience], row);
}

static void
clear_rows (BdFixesStep *self)
{
  for (guint a = 0; a < G_N_ELEMENTS (self->rows); a++)
    {
      AdwPreferencesGroup *group = get_group (self, a);

      for (guint i = 0; i < self->rows[a]->len; i++)
        adw_preferences_group_remove (group, g_ptr_array_index (self->rows[a], i));
      g_ptr_array_set_size (self->rows[a], 0);
    }
}

/* The first cause, and the next ones while they are nearly as likely. */
static guint
count_likely_causes (GArray *causes)
{
  double first;
  guint n;

  if (causes->len == 0)
    return 0;
  first = g_array_index (causes, BdReportCause, 0).match->confidence;
  for (n = 1; n < causes->len && n < BD_FIXES_MAX_CAUSES; n++)
    if (g_array_index (causes, BdReportCause, n).match->confidence < first * BD_FIXES_CLOSE_FACTOR)
      break;
  return n;
}

static gboolean
fix_is_wanted (const BdKbFix *fix,
               BdKbAudience   audience,
               const char    *variant)
{
  if (fix->audience != audience)
    return FALSE;
  if (audience == BD_KB_FOR_RECIPIENT || g_strcmp0 (fix->variant, "any") == 0)
    return TRUE;
  if (variant[0] == '\0')
    /* No program chosen: only what suits every program. All servers: all. */
    return audience == BD_KB_FOR_ADMIN;
  return g_strcmp0 (fix->variant, variant) == 0;
}

static gboolean
has_fixes_for (GArray       *causes,
               guint         n_causes,
               BdKbAudience  audience)
{
  for (guint c = 0; c < n_causes; c++)
    {
      const BdKbCause *cause = g_array_index (causes, BdReportCause, c).match->cause;

      for (guint i = 0; i < cause->n_fixes; i++)
        if (cause->fixes[i].audience == audience)
          return TRUE;
    }
  return FALSE;
}

/* Adds the fixes for @audience of the likely causes; returns how many. */
static guint
add_fixes (BdFixesStep  *self,
           GArray       *causes,
           guint         n_causes,
           BdKbAudience  audience,
           const char   *variant)
{
  guint n_added = 0;

  for (guint c = 0; c < n_causes; c++)
    {
      const BdReportCause *rc = &g_array_index (causes, BdReportCause, c);
      const BdKbCause *cause = rc->match->cause;
      g_autofree char *cause_title = bd_write_fill_text (cause->title, rc->failure, rc->match);
      gboolean first_of_cause = TRUE;

      for (guint i = 0; i < cause->n_fixes; i++)
        {
          const BdKbFix *fix = &cause->fixes[i];
          g_autofree char *caption = NULL;

          if (!fix_is_wanted (fix, audience, variant))
            continue;

          /* Name the cause above its first fix when there is a choice of
           * causes. */
          if (first_of_cause && n_causes > 1)
            {
              if (c == 0)
                /* Translators: above the fixes for the most likely cause;
                 * %s is the cause ("The message is too large") */
                caption = g_strdup_printf (_("Most likely: %s"), cause_title);
              else
                /* Translators: above the fixes for a less likely cause;
                 * %s is the cause ("The message is too large") */
                caption = g_strdup_printf (_("If that is not it: %s"), cause_title);
            }
          first_of_cause = FALSE;

          add_row (self, audience,
                   new_fix_row (rc, fix, caption,
                                audience != BD_KB_FOR_RECIPIENT && variant[0] == '\0'));
          n_added++;
        }
    }
  return n_added;
}

static void
show_status (BdFixesStep *self,
             const char  *icon_name,
             const char  *title,
             const char  *description)
{
  /* The description is markup; KB texts are plain. */
  g_autofree char *escaped = g_markup_escape_text (description, -1);

  adw_status_page_set_icon_name (self->status_page, icon_name);
  adw_status_page_set_title (self->status_page, title);
  adw_status_page_set_description (self->status_page, escaped);
  gtk_stack_set_visible_child_name (self->stack, "status");
}

static void
rebuild (BdFixesStep *self)
{
  BdSession *session = bd_step_get_session (BD_STEP (self));
  BdReport *report = session != NULL ? bd_session_get_report (session) : NULL;
  g_autoptr(GArray) causes = NULL;
  const char *program = get_program (self);
  const char *server = get_server (self);
  guint n_causes, n_added;

  clear_rows (self);
  bd_step_set_complete (BD_STEP (self), report != NULL);

  if (report == NULL)
    {
      show_status (self, "mail-unread-symbolic",
                   _("No message yet"),
                   _("Paste a bounce or an error message on the first step to see what to do."));
      return;
    }

  if (report->not_failure != NULL || report->failures->len == 0)
    {
      g_autofree char *verdict = NULL;

      if (report->verdict != NULL)
        verdict = bd_write_fill_text (report->verdict->cause->title, NULL, report->verdict);
      show_status (self, "emblem-ok-symbolic",
                   _("Nothing to fix"),
                   verdict != NULL ? verdict
                                   : _("No failed delivery was found in this text, so there is nothing to change."));
      return;
    }

  causes = bd_report_collect_causes (report);
  n_causes = count_likely_causes (causes);
  if (n_causes == 0)
    {
      show_status (self, "emblem-ok-symbolic",
                   _("Nothing to fix"),
                   _("No known cause was found for this failure. The report on the next step has the details to pass on to your mail administrator."));
      return;
    }

  /* What you can do */
  if (program[0] == '\0')
    add_row (self, BD_KB_FOR_USER,
             new_message_row (_("Choose your mail program"),
                              _("Steps for your program appear here once you choose it above."),
                              "dialog-information-symbolic"));
  n_added = add_fixes (self, causes, n_causes, BD_KB_FOR_USER, program);
  if (n_added == 0 && program[0] != '\0')
    add_row (self, BD_KB_FOR_USER,
             new_message_row (_("Nothing to change in your mail program"),
                              _("The steps below are for your mail administrator."),
                              NULL));

  /* What your mail administrator should change */
  gtk_widget_set_visible (self->admin_section,
                          has_fixes_for (causes, n_causes, BD_KB_FOR_ADMIN));
  n_added = add_fixes (self, causes, n_causes, BD_KB_FOR_ADMIN, server);
  if (n_added == 0 && gtk_widget_get_visible (self->admin_section))
    {
      g_autofree char *title = NULL;

      /* Translators: %s is a mail server ("MDaemon", "Postfix") */
      title = g_strdup_printf (_("No steps for %s"), bd_kb_variant_get_label (server));
      add_row (self, BD_KB_FOR_ADMIN,
               new_message_row (title,
                                _("Choose “All servers” to see the steps for the other servers."),
                                NULL));
    }

  /* What the recipient can do */
  n_added = add_fixes (self, causes, n_causes, BD_KB_FOR_RECIPIENT, "");
  gtk_widget_set_visible (self->recipient_section, n_added > 0);

  gtk_stack_set_visible_child_name (self->stack, "fixes");
}

/* ------------------------------------------------------------------------ */
/* Session */

static void
on_report_changed (BdFixesStep *self)
{
  rebuild (self);
  /* A new diagnosis starts at the top. */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled_window), 0);
}

static void
on_choice_changed (BdFixesStep *self)
{
  sync_choosers (self);
  rebuild (self);
}

/* ------------------------------------------------------------------------ */
/* Actions */

static void
copy_record_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  GtkWidget *overlay;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget),
                          g_variant_get_string (parameter, NULL));

  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay),
                                 adw_toast_new (_("Record copied")));
}

/* ------------------------------------------------------------------------ */
/* GObject */

static void
bd_fixes_step_constructed (GObject *object)
{
  BdFixesStep *self = BD_FIXES_STEP (object);
  BdSession *session = bd_step_get_session (BD_STEP (self));

  G_OBJECT_CLASS (bd_fixes_step_parent_class)->constructed (object);

  g_return_if_fail (session != NULL);

  g_signal_connect_swapped (session, "notify::report",
                            G_CALLBACK (on_report_changed), self);
  g_signal_connect_swapped (session, "ranking-changed",
                            G_CALLBACK (rebuild), self);
  g_signal_connect_swapped (session, "notify::program",
                            G_CALLBACK (on_choice_changed), self);
  g_signal_connect_swapped (session, "notify::server",
                            G_CALLBACK (on_choice_changed), self);

  sync_choosers (self);
  rebuild (self);
}

static void
bd_fixes_step_dispose (GObject *object)
{
  BdFixesStep *self = BD_FIXES_STEP (object);
  BdSession *session = bd_step_get_session (BD_STEP (self));

  if (session != NULL)
    g_signal_handlers_disconnect_by_data (session, self);

  /* AdwBin would unparent its child again after the template did. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), BD_TYPE_FIXES_STEP);

  for (guint a = 0; a < G_N_ELEMENTS (self->rows); a++)
    if (self->rows[a] != NULL)
      g_ptr_array_set_size (self->rows[a], 0);

  G_OBJECT_CLASS (bd_fixes_step_parent_class)->dispose (object);
}

static void
bd_fixes_step_finalize (GObject *object)
{
  BdFixesStep *self = BD_FIXES_STEP (object);

  for (guint a = 0; a < G_N_ELEMENTS (self->rows); a++)
    g_clear_pointer (&self->rows[a], g_ptr_array_unref);

  G_OBJECT_CLASS (bd_fixes_step_parent_class)->finalize (object);
}

static void
bd_fixes_step_class_init (BdFixesStepClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = bd_fixes_step_constructed;
  object_class->dispose = bd_fixes_step_dispose;
  object_class->finalize = bd_fixes_step_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/bouncedoctor/BounceDoctor/steps/fixes/bd-fixes-step.ui");
  gtk_widget_class_bind_template_child (widget_class, BdFixesStep, stack);
  gtk_widget_class_bind_template_child (widget_class, BdFixesStep, status_page);
  gtk_widget_class_bind_template_child (widget_class, BdFixesStep, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, BdFixesStep, user_title);
  gtk_widget_class_bind_template_child (widget_class, BdFixesStep, user_group);
  gtk_widget_class_bind_template_child (widget_class, BdFixesStep, program_row);
  gtk_widget_class_bind_template_child (widget_class, BdFixesStep, admin_section);
  gtk_widget_class_bind_template_child (widget_class, BdFixesStep, admin_title);
  gtk_widget_class_bind_template_child (widget_class, BdFixesStep, admin_group);
  gtk_widget_class_bind_template_child (widget_class, BdFixesStep, server_row);
  gtk_widget_class_bind_template_child (widget_class, BdFixesStep, recipient_section);
  gtk_widget_class_bind_template_child (widget_class, BdFixesStep, recipient_title);
  gtk_widget_class_bind_template_child (widget_class, BdFixesStep, recipient_group);
  gtk_widget_class_bind_template_callback (widget_class, on_program_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_server_selected);

  gtk_widget_class_install_action (widget_class, "fixes.copy-record", "s",
                                   copy_record_activated);
}

static void
bd_fixes_step_init (BdFixesStep *self)
{
  for (guint a = 0; a < G_N_ELEMENTS (self->rows); a++)
    self->rows[a] = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  setup_choosers (self);
  label_section_list (self->user_group, self->user_title);
  label_section_list (self->admin_group, self->admin_title);
  label_section_list (self->recipient_group, self->recipient_title);
  hide_decorative_images (GTK_WIDGET (self->program_row));
  hide_decorative_images (GTK_WIDGET (self->server_row));

  bd_step_set_title (BD_STEP (self), _("Fixes"));
  bd_step_set_help_page (BD_STEP (self), "fixes");
  bd_step_set_complete (BD_STEP (self), FALSE);
}

GtkWidget *
bd_fixes_step_new (BdSession *session)
{
  g_return_val_if_fail (BD_IS_SESSION (session), NULL);

  return g_object_new (BD_TYPE_FIXES_STEP,
                       "session", session,
                       NULL);
}
