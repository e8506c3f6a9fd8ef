/* bd-diagnosis-step.c: the wizard's diagnosis step
 *
 * What the analysis found, in plain words (SPEC §2 step 2): a headline
 * with the most likely cause, whose problem it is, where on the delivery
 * path it stopped and at which SMTP stage, what the codes mean, one
 * section per distinct failure when several recipients failed
 * differently, the ranked causes, and the lines of the input that gave it
 * away. The report is rebuilt when the session's report changes; the
 * parts that depend on the ranking also when the Checks step's answers
 * re-rank the causes (BdSession::ranking-changed).
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-writer.h"

#include "bd-diagnosis-step-private.h"
#include "bd-evidence-view.h"
#include "bd-path-view.h"

#define BD_DIAGNOSIS_MAX_LINE_CHARS 300
#define BD_DIAGNOSIS_MAX_GROUPS     12
#define BD_DIAGNOSIS_MAX_ADDRESSES  5

struct _BdDiagnosisStep
{
  BdStep               parent_instance;

  /* Template widgets */
  GtkStack            *stack;
  AdwStatusPage       *status_page;
  GtkScrolledWindow   *scrolled_window;
  GtkImage            *headline_icon;
  GtkLabel            *headline_label;
  GtkLabel            *summary_label;
  GtkLabel            *explanation_label;
  AdwPreferencesGroup *read_group;
  AdwActionRow        *read_row;
  AdwPreferencesGroup *owner_group;
  AdwActionRow        *owner_row;
  GtkImage            *owner_icon;
  AdwPreferencesGroup *where_group;
  AdwPreferencesRow   *path_row;
  BdPathView          *path_view;
  AdwActionRow        *stage_row;
  AdwPreferencesGroup *codes_group;
  GtkBox              *recipients_box;
  AdwPreferencesGroup *causes_group;
  BdEvidenceView      *evidence_view;

  /* What was added in code, to take it out on rebuild */
  GPtrArray           *code_rows;
  GPtrArray           *cause_rows;
  GPtrArray           *recipient_groups;
  /* Ids of the causes the user opened; kept open across re-ranking */
  GHashTable          *expanded_causes;
};

G_DEFINE_FINAL_TYPE (BdDiagnosisStep, bd_diagnosis_step, BD_TYPE_STEP)

/* ------------------------------------------------------------------------ */
/* Words */

static gboolean
is_temporary (const BdFailure *f)
{
  if (f->delayed)
    return TRUE;
  if (f->permanent)
    return FALSE;
  return f->reply_code / 100 == 4 || (f->status != NULL && f->status[0] == '4');
}

/* One sentence: what happened to the message. */
static const char *
outcome_sentence (const BdReport  *report,
                  const BdFailure *f)
{
  if (f->delayed)
    return _("Your message has not been delivered yet; the server is still trying.");
  if (is_temporary (f))
    return _("The message was held back for now and may still get through on a later try.");
  if (g_strcmp0 (report->format, "client-error") == 0)
    return _("Your mail program could not send the message.");
  if (f->permanent)
    return _("The message was not delivered, and it will not be tried again.");
  return _("The message was not delivered.");
}

static const char *
not_failure_sentence (const BdReport *report)
{
  if (g_strcmp0 (report->not_failure, "delivered") == 0)
    return _("This is a confirmation that your message was delivered. Nothing went wrong.");
  if (g_strcmp0 (report->not_failure, "auto-reply") == 0)
    return _("This is an automatic reply, such as an out-of-office notice: your message did arrive.");
  if (g_strcmp0 (report->not_failure, "feedback") == 0)
    return _("This is a spam complaint passed on by a mailbox provider, not a failed delivery.");
  return _("This message does not report a failed delivery.");
}

static const char *
owner_icon_name (BdKbOwner owner)
{
  switch (owner)
    {
    case BD_KB_OWNER_SERVER:
      return "network-server-symbolic";
    case BD_KB_OWNER_RECIPIENT:
      return "mail-unread-symbolic";
    case BD_KB_OWNER_USER:
    default:
      return "avatar-default-symbolic";
    }
}

static const char *
owner_title (BdKbOwner owner)
{
  switch (owner)
    {
    case BD_KB_OWNER_SERVER:
      return _("Your mail server");
    case BD_KB_OWNER_RECIPIENT:
      return _("The recipient’s side");
    case BD_KB_OWNER_USER:
    default:
      return _("You: your computer, mail program or message");
    }
}

static const char *
owner_explanation (BdKbOwner owner)
{
  switch (owner)
    {
    case BD_KB_OWNER_SERVER:
      return _("The server that sends your mail needs a change. Pass this diagnosis on to whoever runs it: your administrator or your mail provider.");
    case BD_KB_OWNER_RECIPIENT:
      return _("The problem is at the other end. You cannot fix it from here; let the recipient know some other way, for example by phone.");
    case BD_KB_OWNER_USER:
    default:
      return _("Something on your side needs to change. Most of the time you can fix it yourself; the next steps show how.");
    }
}

static const char *
stage_explanation (BdStage stage)
{
  switch (stage)
    {
    case BD_STAGE_CONNECT:
      return _("The two sides did not get past the first contact: the connection was refused, timed out or was closed before any command.");
    case BD_STAGE_HELO:
      return _("The sending server had just introduced itself by name when it was refused.");
    case BD_STAGE_MAIL:
      return _("The sender’s address was refused before any recipient was named.");
    case BD_STAGE_RCPT:
      return _("The recipient’s address was refused; the message text itself was never sent.");
    case BD_STAGE_DATA:
      return _("The whole message had been sent when it was refused, so the receiving server objected to the message itself or to its sender.");
    case BD_STAGE_AUTH:
      return _("Logging in to the mail server with a user name and password failed.");
    case BD_STAGE_STARTTLS:
      return _("Switching the connection to encryption failed.");
    case BD_STAGE_UNKNOWN:
    default:
      return NULL;
    }
}

static const char *
likelihood (double confidence)
{
  if (confidence >= 0.8)
    return C_("cause", "Very likely");
  if (confidence >= 0.5)
    return C_("cause", "Likely");
  return C_("cause", "Possible");
}

static char *
confidence_text (double confidence)
{
  /* Translators: how likely a cause is: "<Very likely/Likely/Possible> · <percent> %" */
  return g_strdup_printf (_("%s · %d %%"), likelihood (confidence),
                          (int) (confidence * 100.0 + 0.5));
}

static char *
codes_text (const BdFailure *f)
{
  if (f->reply_code != 0 && f->status != NULL)
    return g_strdup_printf ("%u %s", f->reply_code, f->status);
  if (f->reply_code != 0)
    return g_strdup_printf ("%u", f->reply_code);
  return g_strdup (f->status);
}

static char *
shorten (const char *text)
{
  g_autofree char *start = NULL;

  if (g_utf8_strlen (text, -1) <= BD_DIAGNOSIS_MAX_LINE_CHARS)
    return g_strdup (text);
  start = g_utf8_substring (text, 0, BD_DIAGNOSIS_MAX_LINE_CHARS);
  return g_strconcat (start, "…", NULL);
}

/* ------------------------------------------------------------------------ */
/* Rows added in code */

static void
clear_group (AdwPreferencesGroup *group,
             GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

static AdwActionRow *
new_row (const char *title,
         const char *subtitle)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title != NULL ? title : "");
  if (subtitle != NULL)
    adw_action_row_set_subtitle (row, subtitle);

  return row;
}

static void
add_row (AdwPreferencesGroup *group,
         GPtrArray           *rows,
         GtkWidget           *row)
{
  adw_preferences_group_add (group, row);
  g_ptr_array_add (rows, row);
}

static void
add_code_row (BdDiagnosisStep *self,
              const char      *code,
              const BdKbCode  *meaning,
              const char      *unknown)
{
  g_autofree char *title = NULL;

  if (meaning != NULL)
    title = g_strdup_printf ("%s — %s", code, bd_kb_gettext (meaning->title));
  else
    title = g_strdup (code);

  add_row (self->codes_group, self->code_rows,
           GTK_WIDGET (new_row (title, meaning != NULL ? bd_kb_gettext (meaning->explanation) : unknown)));
}

/* ------------------------------------------------------------------------ */
/* The parts of the report */

static void
show_codes (BdDiagnosisStep *self,
            const BdReport  *report,
            const BdFailure *f)
{
  BdKb *kb = bd_kb_get_default ();
  guint klass = 0;

  clear_group (self->codes_group, self->code_rows);

  if (f == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->codes_group), FALSE);
      return;
    }

  if (f->status != NULL && g_ascii_isdigit (f->status[0]))
    klass = f->status[0] - '0';
  else if (f->reply_code != 0)
    klass = f->reply_code / 100;

  if (klass != 0)
    {
      const BdKbCode *meaning = bd_kb_lookup_class (kb, klass);

      if (meaning != NULL)
        {
          g_autofree char *code = f->status != NULL ? g_strdup_printf ("%u.x.x", klass)
                                                    : g_strdup_printf ("%uxx", klass);
          add_code_row (self, code, meaning, NULL);
        }
    }

  if (f->reply_code != 0)
    {
      g_autofree char *code = g_strdup_printf ("%u", f->reply_code);

      add_code_row (self, code, bd_kb_lookup_reply (kb, f->reply_code),
                    _("The server’s reply code. Its meaning is not in the knowledge base; the server’s words below say more."));
    }

  if (f->status != NULL)
    add_code_row (self, f->status, bd_kb_lookup_status (kb, f->status),
                  _("The detailed status code. Its meaning is not in the knowledge base; the server’s words below say more."));

  if (f->provider_code != NULL)
    add_code_row (self, f->provider_code->code, f->provider_code, NULL);

  if (f->diagnostic != NULL)
    {
      g_autofree char *words = shorten (f->diagnostic);
      AdwActionRow *row = new_row (g_strcmp0 (report->format, "client-error") == 0
                                   ? _("The error message") : _("The server’s words"),
                                   words);

      add_row (self->codes_group, self->code_rows, GTK_WIDGET (row));
    }

  if (report->failures->len > 1 && f->recipient != NULL)
    {
      /* Translators: under "What the codes mean" when several recipients failed */
      g_autofree char *description = g_strdup_printf (_("For %s"), f->recipient);
      adw_preferences_group_set_description (self->codes_group, description);
    }
  else
    adw_preferences_group_set_description (self->codes_group, NULL);

  adw_preferences_group_set_title (self->codes_group,
                                   f->reply_code != 0 || f->status != NULL || f->provider_code != NULL
                                   ? _("What the codes mean") : _("What the message says"));
  gtk_widget_set_visible (GTK_WIDGET (self->codes_group), self->code_rows->len > 0);
}

static void
show_where (BdDiagnosisStep    *self,
            const BdReport     *report,
            const BdFailure    *f,
            const BdCauseMatch *match)
{
  const char *explanation;

  bd_path_view_set_failure (self->path_view, report, f, match);

  if (f == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->where_group), FALSE);
      return;
    }

  explanation = stage_explanation (f->stage);
  gtk_widget_set_visible (GTK_WIDGET (self->stage_row), explanation != NULL);
  if (explanation != NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->stage_row), bd_stage_get_label (f->stage));
      adw_action_row_set_subtitle (self->stage_row, explanation);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->where_group), TRUE);
}

static void
show_owner (BdDiagnosisStep *self,
            const BdKbCause *cause)
{
  gtk_widget_set_visible (GTK_WIDGET (self->owner_group), cause != NULL);
  if (cause == NULL)
    return;

  gtk_image_set_from_icon_name (self->owner_icon, owner_icon_name (cause->owner));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->owner_row), owner_title (cause->owner));
  adw_action_row_set_subtitle (self->owner_row, owner_explanation (cause->owner));
}

static void
remember_expanded (BdDiagnosisStep *self)
{
  for (guint i = 0; i < self->cause_rows->len; i++)
    {
      AdwExpanderRow *row = g_ptr_array_index (self->cause_rows, i);
      const char *id = g_object_get_data (G_OBJECT (row), "cause-id");

      if (id == NULL)
        continue;
      if (adw_expander_row_get_expanded (row))
        g_hash_table_add (self->expanded_causes, g_strdup (id));
      else
        g_hash_table_remove (self->expanded_causes, id);
    }
}

/* libadwaita 1.2 builds AdwExpanderRow with unnamed images (the arrow, an
 * unset icon) that screen readers read as "GtkImage"; they only decorate.
 * Call before the row is shown: the role cannot change once the row is on
 * the accessibility bus. */
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

static GtkWidget *
new_detail_label (const char *text,
                  gboolean    dim)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (dim)
    gtk_widget_add_css_class (label, "dim-label");

  return label;
}

static GtkWidget *
new_cause_row (const BdReportCause *rc)
{
  const BdCauseMatch *m = rc->match;
  g_autofree char *title = bd_write_fill_text (m->cause->title, rc->failure, m);
  g_autofree char *explanation = bd_write_fill_text (m->cause->explanation, rc->failure, m);
  g_autofree char *confidence = confidence_text (m->confidence);
  AdwExpanderRow *row = ADW_EXPANDER_ROW (adw_expander_row_new ());
  GtkWidget *bar = gtk_level_bar_new_for_interval (0, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  hide_decorative_images (GTK_WIDGET (row));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_expander_row_set_subtitle (row, confidence);
  g_object_set_data_full (G_OBJECT (row), "cause-id", g_strdup (m->cause->id), g_free);

  gtk_level_bar_set_value (GTK_LEVEL_BAR (bar), CLAMP (m->confidence, 0, 1));
  /* one colour: how likely, not good or bad */
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (bar, 56, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (bar),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, confidence,
                                  -1);
  /* a suffix: add_suffix () is libadwaita 1.4 */
  adw_expander_row_add_action (row, bar);

  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_box_append (GTK_BOX (box), new_detail_label (explanation, FALSE));
  if (m->cause->category != BD_CATEGORY_NONE)
    {
      /* Translators: in a cause's details: "Whose problem: <owner>" */
      g_autofree char *owner = g_strdup_printf (_("Whose problem: %s"), owner_title (m->cause->owner));
      gtk_box_append (GTK_BOX (box), new_detail_label (owner, TRUE));
    }
  if (rc->lines->len > 0)
    {
      g_autoptr(GString) lines = g_string_new (NULL);
      g_autofree char *text = NULL;

      for (guint l = 0; l < rc->lines->len && l < 10; l++)
        g_string_append_printf (lines, "%s%u", l > 0 ? ", " : "",
                                g_array_index (rc->lines, const BdEvidence *, l)->line);
      if (rc->lines->len > 10)
        g_string_append (lines, ", …");
      /* Translators: in a cause's details: the numbers of the lines that support it */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Based on line %s", "Based on lines %s",
                                           rc->lines->len), lines->str);
      gtk_box_append (GTK_BOX (box), new_detail_label (text, TRUE));
    }
  adw_expander_row_add_row (row, box);

  return GTK_WIDGET (row);
}

static void
show_causes (BdDiagnosisStep *self,
             GArray          *causes)
{
  remember_expanded (self);
  clear_group (self->causes_group, self->cause_rows);

  for (guint i = 0; i < causes->len; i++)
    {
      const BdReportCause *rc = &g_array_index (causes, BdReportCause, i);
      GtkWidget *row;

      if (rc->match->cause->category == BD_CATEGORY_NONE)
        continue;
      row = new_cause_row (rc);
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row),
                                     g_hash_table_contains (self->expanded_causes, rc->match->cause->id));
      add_row (self->causes_group, self->cause_rows, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->causes_group), self->cause_rows->len > 0);
}

/* Failures that read the same: same cause, codes and stage. */
static char *
failure_key (const BdFailure *f)
{
  const char *cause = f->cause;

  if (f->causes != NULL && f->causes->len > 0)
    cause = ((const BdCauseMatch *) g_ptr_array_index (f->causes, 0))->cause->id;

  return g_strdup_printf ("%s|%u|%s|%d", cause != NULL ? cause : "",
                          f->reply_code, f->status != NULL ? f->status : "", f->stage);
}

static GtkWidget *
new_recipient_group (GPtrArray *members)
{
  const BdFailure *f = g_ptr_array_index (members, 0);
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  g_autofree char *codes = codes_text (f);

  if (members->len == 1)
    adw_preferences_group_set_title (group, f->recipient != NULL ? f->recipient
                                                                 : _("Recipient not stated"));
  else
    {
      g_autoptr(GString) addresses = g_string_new (NULL);
      g_autofree char *title = NULL;
      guint shown = 0;

      /* Translators: the title of a group of recipients whose deliveries failed the same way */
      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u recipient", "%u recipients",
                                            members->len), members->len);
      for (guint i = 0; i < members->len; i++)
        {
          const BdFailure *m = g_ptr_array_index (members, i);

          if (m->recipient == NULL)
            continue;
          if (shown == BD_DIAGNOSIS_MAX_ADDRESSES)
            {
              g_string_append (addresses, ", …");
              break;
            }
          g_string_append_printf (addresses, "%s%s", shown > 0 ? ", " : "", m->recipient);
          shown++;
        }
      if (addresses->len > 0)
        {
          g_autofree char *full = g_strdup_printf ("%s: %s", title, addresses->str);
          adw_preferences_group_set_title (group, full);
        }
      else
        adw_preferences_group_set_title (group, title);
    }

  if (f->causes != NULL && f->causes->len > 0)
    {
      const BdCauseMatch *m = g_ptr_array_index (f->causes, 0);
      g_autofree char *title = bd_write_fill_text (m->cause->title, f, m);
      g_autofree char *confidence = confidence_text (m->confidence);

      adw_preferences_group_add (group, GTK_WIDGET (new_row (title, confidence)));
    }

  if (codes != NULL)
    {
      const BdKbCode *meaning = NULL;
      BdKb *kb = bd_kb_get_default ();

      if (f->status != NULL)
        meaning = bd_kb_lookup_status (kb, f->status);
      if (meaning == NULL && f->reply_code != 0)
        meaning = bd_kb_lookup_reply (kb, f->reply_code);
      adw_preferences_group_add (group,
                                 GTK_WIDGET (new_row (codes, meaning != NULL ? bd_kb_gettext (meaning->title) : NULL)));
    }

  if (f->stage != BD_STAGE_UNKNOWN)
    adw_preferences_group_add (group,
                               GTK_WIDGET (new_row (bd_stage_get_label (f->stage),
                                                    _("The step at which it stopped"))));

  return GTK_WIDGET (group);
}

static void
show_recipients (BdDiagnosisStep *self,
                 const BdReport  *report)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);

  for (guint i = 0; i < self->recipient_groups->len; i++)
    gtk_box_remove (self->recipients_box, g_ptr_array_index (self->recipient_groups, i));
  g_ptr_array_set_size (self->recipient_groups, 0);

  if (report == NULL || report->failures->len < 2)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->recipients_box), FALSE);
      return;
    }

  for (guint i = 0; i < report->failures->len; i++)
    {
      const BdFailure *f = g_ptr_array_index (report->failures, i);
      g_autofree char *key = failure_key (f);
      guint found = G_MAXUINT;

      for (guint k = 0; k < keys->len && found == G_MAXUINT; k++)
        if (g_str_equal (g_ptr_array_index (keys, k), key))
          found = k;
      if (found == G_MAXUINT)
        {
          g_ptr_array_add (keys, g_steal_pointer (&key));
          g_ptr_array_add (groups, g_ptr_array_new ());
          found = groups->len - 1;
        }
      g_ptr_array_add (g_ptr_array_index (groups, found), (gpointer) f);
    }

  for (guint k = 0; k < groups->len && k < BD_DIAGNOSIS_MAX_GROUPS; k++)
    {
      GtkWidget *group = new_recipient_group (g_ptr_array_index (groups, k));

      gtk_box_append (self->recipients_box, group);
      g_ptr_array_add (self->recipient_groups, group);
    }
  if (groups->len > BD_DIAGNOSIS_MAX_GROUPS)
    {
      guint more = groups->len - BD_DIAGNOSIS_MAX_GROUPS;
      /* Translators: after the sections of the failed recipients */
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "…and %u more kind of failure, listed in the report.",
                                                            "…and %u more kinds of failure, listed in the report.",
                                                            more), more);
      GtkWidget *label = new_detail_label (text, TRUE);

      gtk_box_append (self->recipients_box, label);
      g_ptr_array_add (self->recipient_groups, label);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->recipients_box), TRUE);
}

static void
set_headline_icon (BdDiagnosisStep *self,
                   const char      *icon_name,
                   const char      *style)
{
  static const char * const styles[] = { "error", "warning", "success", "dim-label" };

  gtk_image_set_from_icon_name (self->headline_icon, icon_name);
  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->headline_icon), styles[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self->headline_icon), style);
}

/* Everything that follows the ranking of the causes. */
static void
show_ranking (BdDiagnosisStep *self)
{
  BdSession *session = bd_step_get_session (BD_STEP (self));
  BdReport *report = bd_session_get_report (session);
  g_autoptr(GArray) causes = NULL;
  const BdReportCause *top = NULL;
  const BdFailure *f = NULL;

  if (report == NULL)
    return;

  causes = bd_report_collect_causes (report);
  if (causes->len > 0)
    top = &g_array_index (causes, BdReportCause, 0);

  gtk_widget_set_visible (GTK_WIDGET (self->read_group), FALSE);

  if (report->not_failure != NULL || (report->failures->len == 0 && report->verdict != NULL))
    {
      g_autofree char *title = NULL;
      g_autofree char *explanation = NULL;

      if (report->verdict != NULL)
        {
          title = bd_write_fill_text (report->verdict->cause->title, NULL, report->verdict);
          explanation = bd_write_fill_text (report->verdict->cause->explanation, NULL, report->verdict);
        }
      set_headline_icon (self, "emblem-ok-symbolic", "success");
      gtk_label_set_text (self->headline_label,
                          title != NULL ? title : _("This is not a delivery failure"));
      gtk_label_set_text (self->summary_label, not_failure_sentence (report));
      gtk_label_set_text (self->explanation_label, explanation != NULL ? explanation : "");
      gtk_widget_set_visible (GTK_WIDGET (self->explanation_label), explanation != NULL);
    }
  else if (report->failures->len == 0)
    {
      BdSession *s = bd_step_get_session (BD_STEP (self));
      g_autofree char *summary = bd_report_dup_summary (report);
      g_autofree char *size = g_format_size (report->bytes);
      g_autofree char *read = NULL;
      const char *name = bd_session_get_input_name (s);

      set_headline_icon (self, "edit-find-symbolic", "dim-label");
      gtk_label_set_text (self->headline_label, _("No failed delivery found"));
      gtk_label_set_text (self->summary_label,
                          _("The text was read, but it holds no bounce, error code or server reply that this app recognises."));
      gtk_label_set_text (self->explanation_label,
                          _("If your mail program showed no message at all, go back to the first step and choose “I Have No Error Message” to describe what happens. If you have a bounce, paste all of it, with its headers."));
      gtk_widget_set_visible (GTK_WIDGET (self->explanation_label), TRUE);

      if (name != NULL)
        /* Translators: what was read: "<file or sample name> · <size>" */
        read = g_strdup_printf (_("%s · %s"), name, size);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->read_row), summary);
      adw_action_row_set_subtitle (self->read_row, read != NULL ? read : size);
      gtk_widget_set_visible (GTK_WIDGET (self->read_group), TRUE);
    }
  else
    {
      f = top != NULL && top->failure != NULL ? top->failure : g_ptr_array_index (report->failures, 0);

      set_headline_icon (self, is_temporary (f) ? "dialog-warning-symbolic" : "dialog-error-symbolic",
                         is_temporary (f) ? "warning" : "error");
      if (top != NULL)
        {
          g_autofree char *title = bd_write_fill_text (top->match->cause->title, top->failure, top->match);
          g_autofree char *explanation = bd_write_fill_text (top->match->cause->explanation, top->failure, top->match);

          gtk_label_set_text (self->headline_label, title);
          gtk_label_set_text (self->explanation_label, explanation);
          gtk_widget_set_visible (GTK_WIDGET (self->explanation_label), TRUE);
        }
      else
        {
          gtk_label_set_text (self->headline_label, _("The message was not delivered"));
          gtk_label_set_text (self->explanation_label,
                              _("The cause could not be told from this text. The codes and the server’s words below are what is known."));
          gtk_widget_set_visible (GTK_WIDGET (self->explanation_label), TRUE);
        }
      if (f->symptom != NULL)
        {
          /* Translators: the headline's summary when the user picked a symptom instead of pasting a message */
          g_autofree char *said = g_strdup_printf (_("You described what happens: “%s”. No message was read, so this is the most likely explanation, not a certain one."),
                                                   bd_kb_gettext (f->symptom->title));
          gtk_label_set_text (self->summary_label, said);
        }
      else
        gtk_label_set_text (self->summary_label, outcome_sentence (report, f));
    }

  show_owner (self, f != NULL && top != NULL ? top->match->cause : NULL);
  show_where (self, report, f, top != NULL ? top->match : NULL);
  show_codes (self, report, f);
  show_recipients (self, f != NULL ? report : NULL);
  show_causes (self, causes);
}

static void
update_status (BdDiagnosisStep *self)
{
  BdSession *session = bd_step_get_session (BD_STEP (self));

  if (bd_session_get_report (session) != NULL)
    return;

  if (bd_session_get_busy (session))
    {
      adw_status_page_set_icon_name (self->status_page, "content-loading-symbolic");
      adw_status_page_set_title (self->status_page, _("Reading the Message…"));
      adw_status_page_set_description (self->status_page, NULL);
    }
  else
    {
      adw_status_page_set_icon_name (self->status_page, "edit-find-symbolic");
      adw_status_page_set_title (self->status_page, _("Nothing Diagnosed Yet"));
      adw_status_page_set_description (self->status_page,
                                       _("Paste a bounce or an error message on the first step, and the diagnosis appears here."));
    }
}

static void
on_report_changed (BdDiagnosisStep *self)
{
  BdSession *session = bd_step_get_session (BD_STEP (self));
  BdReport *report = bd_session_get_report (session);

  bd_step_set_complete (BD_STEP (self), report != NULL);
  g_hash_table_remove_all (self->expanded_causes);

  if (report == NULL)
    {
      clear_group (self->codes_group, self->code_rows);
      clear_group (self->causes_group, self->cause_rows);
      bd_evidence_view_set_report (self->evidence_view, NULL, NULL);
      show_recipients (self, NULL);
      update_status (self);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->evidence_view),
                          bd_evidence_view_set_report (self->evidence_view, report,
                                                       bd_session_get_input (session)));
  show_ranking (self);
  gtk_stack_set_visible_child_name (self->stack, "report");
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled_window), 0);
}

static void
on_ranking_changed (BdDiagnosisStep *self)
{
  show_ranking (self);
}

/* ------------------------------------------------------------------------ */
/* For the tests */

GtkLabel *
_bd_diagnosis_step_get_headline (BdDiagnosisStep *self)
{
  return self->headline_label;
}

GtkLabel *
_bd_diagnosis_step_get_summary (BdDiagnosisStep *self)
{
  return self->summary_label;
}

GtkLabel *
_bd_diagnosis_step_get_explanation (BdDiagnosisStep *self)
{
  return self->explanation_label;
}

AdwActionRow *
_bd_diagnosis_step_get_owner_row (BdDiagnosisStep *self)
{
  return self->owner_row;
}

AdwActionRow *
_bd_diagnosis_step_get_stage_row (BdDiagnosisStep *self)
{
  return self->stage_row;
}

BdPathView *
_bd_diagnosis_step_get_path_view (BdDiagnosisStep *self)
{
  return self->path_view;
}

GPtrArray *
_bd_diagnosis_step_get_code_rows (BdDiagnosisStep *self)
{
  return self->code_rows;
}

GPtrArray *
_bd_diagnosis_step_get_cause_rows (BdDiagnosisStep *self)
{
  return self->cause_rows;
}

BdEvidenceView *
_bd_diagnosis_step_get_evidence_view (BdDiagnosisStep *self)
{
  return self->evidence_view;
}

GPtrArray *
_bd_diagnosis_step_get_recipient_groups (BdDiagnosisStep *self)
{
  return self->recipient_groups;
}

GtkScrolledWindow *
_bd_diagnosis_step_get_scrolled_window (BdDiagnosisStep *self)
{
  return self->scrolled_window;
}

/* ------------------------------------------------------------------------ */
/* GObject */

static void
bd_diagnosis_step_constructed (GObject *object)
{
  BdDiagnosisStep *self = BD_DIAGNOSIS_STEP (object);
  BdSession *session = bd_step_get_session (BD_STEP (self));

  G_OBJECT_CLASS (bd_diagnosis_step_parent_class)->constructed (object);

  g_return_if_fail (session != NULL);

  g_signal_connect_swapped (session, "notify::report",
                            G_CALLBACK (on_report_changed), self);
  g_signal_connect_swapped (session, "notify::busy",
                            G_CALLBACK (update_status), self);
  g_signal_connect_swapped (session, "ranking-changed",
                            G_CALLBACK (on_ranking_changed), self);

  on_report_changed (self);
}

static void
bd_diagnosis_step_dispose (GObject *object)
{
  BdDiagnosisStep *self = BD_DIAGNOSIS_STEP (object);
  BdSession *session = bd_step_get_session (BD_STEP (self));

  if (session != NULL)
    g_signal_handlers_disconnect_by_data (session, self);

  /* AdwBin would unparent its child again after the template did. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), BD_TYPE_DIAGNOSIS_STEP);

  g_ptr_array_set_size (self->code_rows, 0);
  g_ptr_array_set_size (self->cause_rows, 0);
  g_ptr_array_set_size (self->recipient_groups, 0);

  G_OBJECT_CLASS (bd_diagnosis_step_parent_class)->dispose (object);
}

static void
bd_diagnosis_step_finalize (GObject *object)
{
  BdDiagnosisStep *self = BD_DIAGNOSIS_STEP (object);

  g_clear_pointer (&self->code_rows, g_ptr_array_unref);
  g_clear_pointer (&self->cause_rows, g_ptr_array_unref);
  g_clear_pointer (&self->recipient_groups, g_ptr_array_unref);
  g_clear_pointer (&self->expanded_causes, g_hash_table_unref);

  G_OBJECT_CLASS (bd_diagnosis_step_parent_class)->finalize (object);
}

static void
bd_diagnosis_step_class_init (BdDiagnosisStepClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = bd_diagnosis_step_constructed;
  object_class->dispose = bd_diagnosis_step_dispose;
  object_class->finalize = bd_diagnosis_step_finalize;

  g_type_ensure (BD_TYPE_EVIDENCE_VIEW);
  g_type_ensure (BD_TYPE_PATH_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/bouncedoctor/BounceDoctor/steps/diagnosis/bd-diagnosis-step.ui");
  gtk_widget_class_bind_template_child (widget_class, BdDiagnosisStep, stack);
  gtk_widget_class_bind_template_child (widget_class, BdDiagnosisStep, status_page);
  gtk_widget_class_bind_template_child (widget_class, BdDiagnosisStep, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, BdDiagnosisStep, headline_icon);
  gtk_widget_class_bind_template_child (widget_class, BdDiagnosisStep, headline_label);
  gtk_widget_class_bind_template_child (widget_class, BdDiagnosisStep, summary_label);
  gtk_widget_class_bind_template_child (widget_class, BdDiagnosisStep, explanation_label);
  gtk_widget_class_bind_template_child (widget_class, BdDiagnosisStep, read_group);
  gtk_widget_class_bind_template_child (widget_class, BdDiagnosisStep, read_row);
  gtk_widget_class_bind_template_child (widget_class, BdDiagnosisStep, owner_group);
  gtk_widget_class_bind_template_child (widget_class, BdDiagnosisStep, owner_row);
  gtk_widget_class_bind_template_child (widget_class, BdDiagnosisStep, owner_icon);
  gtk_widget_class_bind_template_child (widget_class, BdDiagnosisStep, where_group);
  gtk_widget_class_bind_template_child (widget_class, BdDiagnosisStep, path_row);
  gtk_widget_class_bind_template_child (widget_class, BdDiagnosisStep, path_view);
  gtk_widget_class_bind_template_child (widget_class, BdDiagnosisStep, stage_row);
  gtk_widget_class_bind_template_child (widget_class, BdDiagnosisStep, codes_group);
  gtk_widget_class_bind_template_child (widget_class, BdDiagnosisStep, recipients_box);
  gtk_widget_class_bind_template_child (widget_class, BdDiagnosisStep, causes_group);
  gtk_widget_class_bind_template_child (widget_class, BdDiagnosisStep, evidence_view);
}

static void
bd_diagnosis_step_init (BdDiagnosisStep *self)
{
  self->code_rows = g_ptr_array_new ();
  self->cause_rows = g_ptr_array_new ();
  self->recipient_groups = g_ptr_array_new ();
  self->expanded_causes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  bd_step_set_title (BD_STEP (self), _("Diagnosis"));
  bd_step_set_help_page (BD_STEP (self), "diagnosis");
  bd_step_set_complete (BD_STEP (self), FALSE);
}

GtkWidget *
bd_diagnosis_step_new (BdSession *session)
{
  g_return_val_if_fail (BD_IS_SESSION (session), NULL);

  return g_object_new (BD_TYPE_DIAGNOSIS_STEP,
                       "session", session,
                       NULL);
}
