/* test-fixes-step.c: the wizard's fixes step with real samples (Xvfb)
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bd-session.h"
#include "bd-writer.h"
#include "steps/fixes/bd-fixes-step.h"
#include "bd-test-gtk-utils.h"

typedef struct
{
  BdSession       *session;
  GtkWindow       *window;
  AdwToastOverlay *overlay;
  BdStep          *step;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->session = bd_session_new ();
  fixture->window = GTK_WINDOW (gtk_window_new ());
  fixture->overlay = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  fixture->step = BD_STEP (bd_fixes_step_new (fixture->session));

  adw_toast_overlay_set_child (fixture->overlay, GTK_WIDGET (fixture->step));
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->overlay));
  gtk_window_set_default_size (fixture->window, 1024, 900);
  gtk_window_present (fixture->window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_object_ref (fixture->step);
  gtk_window_destroy (fixture->window);
  g_assert_finalize_object (fixture->step);
  g_assert_finalize_object (fixture->session);
}

/* ------------------------------------------------------------------------ */
/* Analysing a sample */

typedef struct
{
  BdSession *session;
  gboolean   done;
} Analysis;

static void
on_analysed (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Analysis *analysis = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (bd_session_analyse_finish (BD_SESSION (object), result, &error));
  g_assert_no_error (error);
  analysis->done = TRUE;
}

static gboolean
analysis_done (gpointer data)
{
  return ((Analysis *) data)->done;
}

/* Analyses tests/data/samples/[@dir/]@name in the session. */
static void
analyse_sample (Fixture    *fixture,
                const char *dir,
                const char *name)
{
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  Analysis analysis = { fixture->session, FALSE };
  gsize len;

  if (dir != NULL)
    path = g_test_build_filename (G_TEST_DIST, "data", "samples", dir, name, NULL);
  else
    path = g_test_build_filename (G_TEST_DIST, "data", "samples", name, NULL);
  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  bytes = g_bytes_new_take (g_steal_pointer (&contents), len);

  bd_session_analyse_bytes_async (fixture->session, bytes, name, NULL, on_analysed, &analysis);
  bd_test_wait_until (analysis_done, &analysis, "the analysis");
  g_assert_nonnull (bd_session_get_report (fixture->session));
  bd_test_flush ();
}

/* ------------------------------------------------------------------------ */
/* Reading the widgets */

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_type (GtkWidget *widget,
           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_type (child, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_shown (GtkWidget *widget)
{
  return gtk_widget_get_mapped (widget);
}

/* The mapped labels under @widget, in order; with @css_class only those
 * that have it. */
static void
collect_labels (GtkWidget  *widget,
                const char *css_class,
                GPtrArray  *labels)
{
  if (!gtk_widget_get_visible (widget))
    return;
  if (GTK_IS_LABEL (widget) && is_shown (widget) &&
      (css_class == NULL || gtk_widget_has_css_class (widget, css_class)))
    g_ptr_array_add (labels, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, css_class, labels);
}

static GPtrArray *
get_labels (GtkWidget  *widget,
            const char *css_class)
{
  GPtrArray *labels = g_ptr_array_new ();

  collect_labels (widget, css_class, labels);
  return labels;
}

static gboolean
has_label (GtkWidget  *widget,
           const char *css_class,
           const char *text)
{
  g_autoptr(GPtrArray) labels = get_labels (widget, css_class);

  for (guint i = 0; i < labels->len; i++)
    if (g_strcmp0 (gtk_label_get_text (labels->pdata[i]), text) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
has_label_containing (GtkWidget  *widget,
                      const char *text)
{
  g_autoptr(GPtrArray) labels = get_labels (widget, NULL);

  for (guint i = 0; i < labels->len; i++)
    if (strstr (gtk_label_get_text (labels->pdata[i]), text) != NULL)
      return TRUE;
  return FALSE;
}

static GtkWidget *
get_section (Fixture    *fixture,
             const char *name)
{
  GtkWidget *group = find_named (GTK_WIDGET (fixture->step), name);

  g_assert_nonnull (group);
  g_assert_nonnull (find_type (group, ADW_TYPE_PREFERENCES_GROUP));
  return group;
}

static AdwComboRow *
get_combo (Fixture    *fixture,
           const char *group_name)
{
  GtkWidget *combo = find_type (get_section (fixture, group_name), ADW_TYPE_COMBO_ROW);

  g_assert_nonnull (combo);
  return ADW_COMBO_ROW (combo);
}

/* Chooses @label in @combo as a user would (the popup's item sets the
 * selected position). */
static void
choose (AdwComboRow *combo,
        const char  *label)
{
  GListModel *model = adw_combo_row_get_model (combo);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (gtk_string_object_get_string (item), label) == 0)
        {
          adw_combo_row_set_selected (combo, i);
          bd_test_flush ();
          return;
        }
    }
  g_error ("No item “%s” in the chooser", label);
}

/* No "{placeholder}" is left in any label shown. */
static void
assert_no_placeholders (GtkWidget *widget)
{
  g_autoptr(GPtrArray) labels = get_labels (widget, NULL);

  g_assert_cmpuint (labels->len, >, 0);
  for (guint i = 0; i < labels->len; i++)
    {
      const char *text = gtk_label_get_text (labels->pdata[i]);

      if (strchr (text, '{') != NULL)
        g_error ("Placeholder left in “%s”", text);
    }
}

/* The steps of @fix are shown as "1." + the filled text, "2." + …, in
 * order. */
static void
assert_numbered_steps (GtkWidget           *group,
                       const BdReportCause *rc,
                       const BdKbFix       *fix)
{
  g_autoptr(GPtrArray) labels = get_labels (group, NULL);
  g_autofree char *first = bd_write_fill_text (fix->steps[0], rc->failure, rc->match);
  guint start = G_MAXUINT;

  for (guint i = 1; i < labels->len && start == G_MAXUINT; i++)
    if (g_strcmp0 (gtk_label_get_text (labels->pdata[i]), first) == 0 &&
        g_strcmp0 (gtk_label_get_text (labels->pdata[i - 1]), "1.") == 0)
      start = i - 1;
  if (start == G_MAXUINT)
    g_error ("Step “1. %s” not shown", first);

  for (guint s = 0; fix->steps[s] != NULL; s++)
    {
      g_autofree char *text = bd_write_fill_text (fix->steps[s], rc->failure, rc->match);
      g_autofree char *number = g_strdup_printf ("%u.", s + 1);

      g_assert_cmpuint (start + 2 * s + 1, <, labels->len);
      g_assert_cmpstr (gtk_label_get_text (labels->pdata[start + 2 * s]), ==, number);
      g_assert_cmpstr (gtk_label_get_text (labels->pdata[start + 2 * s + 1]), ==, text);
      g_assert_null (strchr (text, '{'));
    }
}

static const BdReportCause *
find_cause (GArray     *causes,
            const char *id)
{
  for (guint i = 0; i < causes->len; i++)
    if (g_str_equal (g_array_index (causes, BdReportCause, i).match->cause->id, id))
      return &g_array_index (causes, BdReportCause, i);
  g_error ("Cause %s not found", id);
  return NULL;
}

static const BdKbFix *
find_fix (const BdKbCause *cause,
          BdKbAudience     audience,
          const char      *variant)
{
  for (guint i = 0; i < cause->n_fixes; i++)
    if (cause->fixes[i].audience == audience &&
        (variant == NULL || g_strcmp0 (cause->fixes[i].variant, variant) == 0))
      return &cause->fixes[i];
  g_error ("No fix of %s for %s", cause->id, variant);
  return NULL;
}

static char *
fix_title (const BdReportCause *rc,
           const BdKbFix       *fix)
{
  return bd_write_fill_text (fix->title, rc->failure, rc->match);
}

/* ------------------------------------------------------------------------ */
/* Clipboard */

typedef struct
{
  char     *text;
  gboolean  done;
} ClipboardRead;

static void
on_clipboard_read (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ClipboardRead *read = user_data;
  g_autoptr(GError) error = NULL;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, &error);
  g_assert_no_error (error);
  read->done = TRUE;
}

static gboolean
clipboard_read_done (gpointer data)
{
  return ((ClipboardRead *) data)->done;
}

static char *
read_clipboard (GtkWidget *widget)
{
  ClipboardRead read = { NULL, FALSE };

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL,
                                 on_clipboard_read, &read);
  bd_test_wait_until (clipboard_read_done, &read, "the clipboard");
  return read.text;
}

/* The copy button beside the record label showing @line. */
static GtkWidget *
find_copy_button (GtkWidget  *widget,
                  const char *line)
{
  if (GTK_IS_BUTTON (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "fixes.copy-record") == 0)
    {
      GVariant *target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (widget));

      if (target != NULL && g_strcmp0 (g_variant_get_string (target, NULL), line) == 0)
        return widget;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_copy_button (child, line);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Scrolls the step so that @widget is near the top. */
static void
scroll_to (GtkWidget *widget)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *content;
  GtkAdjustment *adjustment;
  double x, y;

  g_assert_nonnull (scrolled);
  content = gtk_viewport_get_child (GTK_VIEWPORT (gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled))));
  g_assert_true (gtk_widget_translate_coordinates (widget, content, 0, 0, &x, &y));
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  gtk_adjustment_set_value (adjustment, y - 120);
  bd_test_flush ();
}

/* Screenshots at 1024 and 360 px, scrolled to @target when given. */
static void
screenshots (Fixture    *fixture,
             const char *name,
             GtkWidget  *target)
{
  g_autofree char *wide = g_strdup_printf ("fixes-%s", name);
  g_autofree char *narrow = g_strdup_printf ("fixes-%s-narrow", name);

  bd_test_resize (fixture->window, 1024, 900);
  if (target != NULL)
    scroll_to (target);
  bd_test_save_screenshot (GTK_WIDGET (fixture->step), wide);

  bd_test_resize (fixture->window, 360, 900);
  if (target != NULL)
    scroll_to (target);
  bd_test_save_screenshot (GTK_WIDGET (fixture->step), narrow);
  /* nothing wider than the window at 360 px */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->step)), <=, 360);

  bd_test_resize (fixture->window, 1024, 900);
}

/* ------------------------------------------------------------------------ */
/* Tests */

static void
test_fixes_empty (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkWidget *status;

  g_assert_cmpstr (bd_step_get_title (fixture->step), ==, _("Fixes"));
  g_assert_cmpstr (bd_step_get_help_page (fixture->step), ==, "fixes");
  g_assert_false (bd_step_get_complete (fixture->step));

  status = find_type (GTK_WIDGET (fixture->step), ADW_TYPE_STATUS_PAGE);
  g_assert_nonnull (status);
  g_assert_true (is_shown (status));
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (status)), ==, "No message yet");
  g_assert_false (is_shown (get_section (fixture, "user-fixes")));
}

static void
test_fixes_not_failure (Fixture       *fixture,
                        gconstpointer  data)
{
  GtkWidget *status;
  BdReport *report;
  g_autofree char *verdict = NULL;
  g_autofree char *escaped = NULL;

  analyse_sample (fixture, "causes", "none.delivered.eml");
  g_assert_true (bd_step_get_complete (fixture->step));

  status = find_type (GTK_WIDGET (fixture->step), ADW_TYPE_STATUS_PAGE);
  g_assert_true (is_shown (status));
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (status)), ==, "Nothing to fix");
  /* it says what the message is instead */
  report = bd_session_get_report (fixture->session);
  g_assert_nonnull (report->not_failure);
  g_assert_nonnull (report->verdict);
  verdict = bd_write_fill_text (report->verdict->cause->title, NULL, report->verdict);
  escaped = g_markup_escape_text (verdict, -1);
  g_assert_cmpstr (adw_status_page_get_description (ADW_STATUS_PAGE (status)), ==, escaped);
  g_assert_false (is_shown (get_section (fixture, "user-fixes")));

  screenshots (fixture, "delivered", NULL);
}

static void
test_fixes_mdaemon_seed (Fixture       *fixture,
                         gconstpointer  data)
{
  BdReport *report;
  g_autoptr(GArray) causes = NULL;
  const BdReportCause *rfc, *ptr, *dead;
  const BdKbFix *fix;
  GtkWidget *user, *admin, *recipient, *button;
  g_autofree char *title = NULL;
  g_autofree char *reverse = NULL;
  g_autofree char *ptr_line = NULL;
  g_autofree char *copied = NULL;
  g_auto(GStrv) octets = NULL;

  analyse_sample (fixture, NULL, "mdaemon-seed.log");
  report = bd_session_get_report (fixture->session);
  causes = bd_report_collect_causes (report);
  g_assert_cmpstr (g_array_index (causes, BdReportCause, 0).match->cause->id, ==,
                   "content.rfc-noncompliant");
  rfc = find_cause (causes, "content.rfc-noncompliant");
  ptr = find_cause (causes, "dns.ptr-missing");
  dead = find_cause (causes, "blacklist.dead-list");

  g_assert_true (bd_step_get_complete (fixture->step));
  user = get_section (fixture, "user-fixes");
  admin = get_section (fixture, "admin-fixes");
  recipient = get_section (fixture, "recipient-fixes");
  g_assert_true (is_shown (user));
  g_assert_true (is_shown (admin));

  /* No program chosen yet: the prompt and what suits every program */
  g_assert_cmpstr (bd_session_get_program (fixture->session), ==, NULL);
  g_assert_true (has_label (user, NULL, "Choose your mail program"));
  fix = find_fix (ptr->match->cause, BD_KB_FOR_USER, "any");
  title = fix_title (ptr, fix);
  g_assert_true (has_label (user, "heading", title));
  g_clear_pointer (&title, g_free);
  assert_numbered_steps (user, ptr, fix);
  /* the less likely causes are labelled */
  g_assert_true (has_label_containing (user, "If that is not it: "));

  /* Thunderbird: its steps; then Outlook: others */
  choose (get_combo (fixture, "user-fixes"), "Thunderbird");
  g_assert_cmpstr (bd_session_get_program (fixture->session), ==, "thunderbird");
  g_assert_false (has_label (user, NULL, "Choose your mail program"));
  fix = find_fix (rfc->match->cause, BD_KB_FOR_USER, "thunderbird");
  assert_numbered_steps (user, rfc, fix);
  g_assert_true (has_label_containing (user, "Ctrl+U"));

  choose (get_combo (fixture, "user-fixes"), "Outlook (classic)");
  g_assert_cmpstr (bd_session_get_program (fixture->session), ==, "outlook-classic");
  fix = find_fix (rfc->match->cause, BD_KB_FOR_USER, "outlook-classic");
  assert_numbered_steps (user, rfc, fix);
  g_assert_false (has_label_containing (user, "Ctrl+U"));
  /* the "any" fix stays */
  fix = find_fix (ptr->match->cause, BD_KB_FOR_USER, "any");
  assert_numbered_steps (user, ptr, fix);

  /* The session's choice moves the chooser too (as GSettings would) */
  bd_session_set_program (fixture->session, "thunderbird");
  bd_test_flush ();
  g_assert_cmpuint (adw_combo_row_get_selected (get_combo (fixture, "user-fixes")), ==, 3);
  g_assert_true (has_label_containing (user, "Ctrl+U"));

  /* Admin fixes: all servers first, then only MDaemon */
  g_assert_cmpstr (gtk_string_object_get_string (adw_combo_row_get_selected_item (get_combo (fixture, "admin-fixes"))),
                   ==, "All servers");
  title = fix_title (rfc, find_fix (rfc->match->cause, BD_KB_FOR_ADMIN, "postfix"));
  g_assert_true (has_label (admin, "heading", title));
  g_clear_pointer (&title, g_free);

  choose (get_combo (fixture, "admin-fixes"), "MDaemon");
  g_assert_cmpstr (bd_session_get_server (fixture->session), ==, "mdaemon");
  fix = find_fix (rfc->match->cause, BD_KB_FOR_ADMIN, "mdaemon");
  title = fix_title (rfc, fix);
  g_assert_true (has_label (admin, "heading", title));
  g_assert_nonnull (strstr (title, "RFC compliance"));
  g_clear_pointer (&title, g_free);
  assert_numbered_steps (admin, rfc, fix);
  g_assert_true (has_label_containing (admin, "RFC compliance"));
  title = fix_title (rfc, find_fix (rfc->match->cause, BD_KB_FOR_ADMIN, "postfix"));
  g_assert_false (has_label (admin, "heading", title));
  g_clear_pointer (&title, g_free);
  title = fix_title (ptr, find_fix (ptr->match->cause, BD_KB_FOR_ADMIN, "exim"));
  g_assert_false (has_label (admin, "heading", title));
  g_clear_pointer (&title, g_free);

  /* The PTR record, filled from the log: 80.78.72.135 → 135.72.78.80.in-addr.arpa. */
  g_assert_cmpstr (ptr->failure->client_ip, ==, "80.78.72.135");
  octets = g_strsplit (ptr->failure->client_ip, ".", 4);
  reverse = g_strdup_printf ("%s.%s.%s.%s.in-addr.arpa.", octets[3], octets[2], octets[1], octets[0]);
  ptr_line = g_strdup_printf ("%s PTR mail.ikubinfo.com.", reverse);
  g_assert_true (has_label (admin, "monospace", ptr_line));
  assert_no_placeholders (GTK_WIDGET (fixture->step));

  /* Copy puts exactly that line on the clipboard */
  button = find_copy_button (admin, ptr_line);
  g_assert_nonnull (button);
  g_assert_true (is_shown (button));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, "Copy record");
  /* as a click does (activate() would wait for the press animation) */
  g_signal_emit_by_name (button, "clicked");
  copied = read_clipboard (GTK_WIDGET (fixture->step));
  g_assert_cmpstr (copied, ==, ptr_line);

  /* The recipient's side: the dead list is theirs to drop */
  g_assert_true (is_shown (recipient));
  title = fix_title (dead, find_fix (dead->match->cause, BD_KB_FOR_RECIPIENT, NULL));
  g_assert_true (has_label (recipient, "heading", title));
  g_clear_pointer (&title, g_free);

  screenshots (fixture, "mdaemon-seed", NULL);
  /* the DNS records and their copy buttons */
  screenshots (fixture, "mdaemon-seed-records", button);
}

static void
test_fixes_exchange2007_ru (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GArray) causes = NULL;
  const BdReportCause *rc;
  GtkWidget *user, *admin;
  g_autofree char *title = NULL;

  analyse_sample (fixture, NULL, "exchange2007-ru.eml");
  causes = bd_report_collect_causes (bd_session_get_report (fixture->session));
  rc = &g_array_index (causes, BdReportCause, 0);
  g_assert_cmpstr (rc->match->cause->id, ==, "policy.sender-rejected");

  user = get_section (fixture, "user-fixes");
  admin = get_section (fixture, "admin-fixes");
  title = fix_title (rc, find_fix (rc->match->cause, BD_KB_FOR_USER, "any"));
  g_assert_true (has_label (user, "heading", title));
  g_clear_pointer (&title, g_free);
  assert_numbered_steps (user, rc, find_fix (rc->match->cause, BD_KB_FOR_USER, "any"));

  /* Server chooser: Exchange only */
  choose (get_combo (fixture, "admin-fixes"), "Microsoft Exchange");
  title = fix_title (rc, find_fix (rc->match->cause, BD_KB_FOR_ADMIN, "exchange"));
  g_assert_true (has_label (admin, "heading", title));
  g_clear_pointer (&title, g_free);
  title = fix_title (rc, find_fix (rc->match->cause, BD_KB_FOR_ADMIN, "mdaemon"));
  g_assert_false (has_label (admin, "heading", title));
  g_clear_pointer (&title, g_free);
  assert_numbered_steps (admin, rc, find_fix (rc->match->cause, BD_KB_FOR_ADMIN, "exchange"));

  /* A recipient can allow the sender */
  g_assert_true (is_shown (get_section (fixture, "recipient-fixes")));
  assert_no_placeholders (GTK_WIDGET (fixture->step));

  choose (get_combo (fixture, "admin-fixes"), "All servers");
  screenshots (fixture, "exchange2007-ru", NULL);
}

static void
test_fixes_auth_program (Fixture       *fixture,
                         gconstpointer  data)
{
  static const char * const variants[] = {
    "outlook-classic", "outlook-new", "thunderbird", "apple-mail", "thebat", "phone", "webmail",
  };
  g_autoptr(GArray) causes = NULL;
  const BdReportCause *rc;
  GtkWidget *user;

  analyse_sample (fixture, "causes", "auth.login-failed-ru.txt");
  causes = bd_report_collect_causes (bd_session_get_report (fixture->session));
  rc = &g_array_index (causes, BdReportCause, 0);
  g_assert_cmpstr (rc->match->cause->id, ==, "auth.login-failed");
  user = get_section (fixture, "user-fixes");

  /* No program: only the prompt, no program's steps */
  g_assert_true (has_label (user, NULL, "Choose your mail program"));
  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      g_autofree char *title = fix_title (rc, find_fix (rc->match->cause, BD_KB_FOR_USER, variants[i]));
      g_assert_false (has_label (user, "heading", title));
    }

  /* Each program shows its own title and steps, and no other's */
  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      const BdKbFix *fix = find_fix (rc->match->cause, BD_KB_FOR_USER, variants[i]);
      g_autofree char *title = fix_title (rc, fix);

      choose (get_combo (fixture, "user-fixes"), bd_kb_variant_get_label (variants[i]));
      g_assert_cmpstr (bd_session_get_program (fixture->session), ==, variants[i]);
      g_assert_true (has_label (user, "heading", title));
      assert_numbered_steps (user, rc, fix);
      for (guint j = 0; j < G_N_ELEMENTS (variants); j++)
        {
          g_autofree char *other = fix_title (rc, find_fix (rc->match->cause, BD_KB_FOR_USER, variants[j]));
          if (j != i)
            g_assert_false (has_label (user, "heading", other));
        }
    }

  /* The Thunderbird and Outlook titles differ */
  {
    g_autofree char *tb = fix_title (rc, find_fix (rc->match->cause, BD_KB_FOR_USER, "thunderbird"));
    g_autofree char *ol = fix_title (rc, find_fix (rc->match->cause, BD_KB_FOR_USER, "outlook-classic"));
    g_assert_cmpstr (tb, !=, ol);
  }

  /* Nothing for the recipient to do about a login */
  g_assert_false (is_shown (get_section (fixture, "recipient-fixes")));
  assert_no_placeholders (GTK_WIDGET (fixture->step));

  choose (get_combo (fixture, "user-fixes"), "Thunderbird");
  choose (get_combo (fixture, "admin-fixes"), "Postfix");
  screenshots (fixture, "auth.login-failed-ru", NULL);
}

static void
test_fixes_recipient (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GArray) causes = NULL;
  const BdReportCause *rc;
  GtkWidget *recipient;
  g_autofree char *title = NULL;
  const BdKbFix *fix;

  analyse_sample (fixture, "causes", "recipient.mailbox-full-gmail.txt");
  causes = bd_report_collect_causes (bd_session_get_report (fixture->session));
  rc = &g_array_index (causes, BdReportCause, 0);
  g_assert_cmpstr (rc->match->cause->id, ==, "recipient.mailbox-full");

  recipient = get_section (fixture, "recipient-fixes");
  g_assert_true (is_shown (recipient));
  g_assert_true (has_label (recipient, NULL, "What the recipient can do"));
  fix = find_fix (rc->match->cause, BD_KB_FOR_RECIPIENT, NULL);
  title = fix_title (rc, fix);
  g_assert_true (has_label (recipient, "heading", title));
  assert_numbered_steps (recipient, rc, fix);
  assert_no_placeholders (GTK_WIDGET (fixture->step));

  screenshots (fixture, "recipient.mailbox-full-gmail", NULL);
}

/* Copying works without a toast overlay, and records of several types
 * are copied as zone-file lines. */
static void
test_fixes_copy_no_overlay (void)
{
  g_autoptr(BdSession) session = bd_session_new ();
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *step = bd_fixes_step_new (session);
  g_autofree char *copied = NULL;

  gtk_window_set_child (window, step);
  gtk_window_present (window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  g_assert_true (gtk_widget_activate_action (step, "fixes.copy-record", "s",
                                             "example.org TXT \"v=spf1 mx ~all\""));
  copied = read_clipboard (step);
  g_assert_cmpstr (copied, ==, "example.org TXT \"v=spf1 mx ~all\"");

  gtk_window_destroy (window);
}

static void
test_fixes_txt_record (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GArray) causes = NULL;
  const BdReportCause *rc;
  GtkWidget *admin, *button;
  g_autofree char *copied = NULL;
  g_autofree char *name = NULL;
  g_autofree char *value = NULL;
  g_autofree char *line = NULL;
  const BdKbFix *fix;

  analyse_sample (fixture, "causes", "dns.dmarc-fail-gmail.eml");
  causes = bd_report_collect_causes (bd_session_get_report (fixture->session));
  rc = &g_array_index (causes, BdReportCause, 0);
  g_assert_cmpstr (rc->match->cause->id, ==, "dns.dmarc-fail");

  choose (get_combo (fixture, "admin-fixes"), "Postfix");
  admin = get_section (fixture, "admin-fixes");
  fix = find_fix (rc->match->cause, BD_KB_FOR_ADMIN, "postfix");
  g_assert_cmpuint (fix->n_records, >, 0);
  name = bd_write_fill_text (fix->records[0].name, rc->failure, rc->match);
  value = bd_write_fill_text (fix->records[0].value, rc->failure, rc->match);
  line = g_strdup_printf ("%s TXT \"%s\"", name, value);
  g_assert_true (has_label (admin, "monospace", line));

  button = find_copy_button (admin, line);
  g_assert_nonnull (button);
  /* as a click does (activate() would wait for the press animation) */
  g_signal_emit_by_name (button, "clicked");
  copied = read_clipboard (GTK_WIDGET (fixture->step));
  g_assert_cmpstr (copied, ==, line);
}

int
main (int   argc,
      char *argv[])
{
  bd_test_gtk_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/fixes/empty", test_fixes_empty);
  ADD ("/fixes/not-failure", test_fixes_not_failure);
  ADD ("/fixes/mdaemon-seed", test_fixes_mdaemon_seed);
  ADD ("/fixes/exchange2007-ru", test_fixes_exchange2007_ru);
  ADD ("/fixes/auth-program", test_fixes_auth_program);
  ADD ("/fixes/recipient", test_fixes_recipient);
  ADD ("/fixes/txt-record", test_fixes_txt_record);
  g_test_add_func ("/fixes/copy-no-overlay", test_fixes_copy_no_overlay);

#undef ADD

  return g_test_run ();
}
