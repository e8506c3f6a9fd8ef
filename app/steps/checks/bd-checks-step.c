/* bd-checks-step.c: the wizard's checks step
 *
 * SPEC §2 step 3: the checks and questions that fit this report, grouped
 * as DNS, Authentication, Size, Blacklists and Connection, the groups of
 * the most likely causes first. Live check rows say what would be checked
 * (they cannot run in this version, and never pretend to); question rows
 * take Yes / No / Don't know, which the session turns into a new ranking
 * of the causes, shown at the top as "Most likely now".
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "bd-check-row.h"
#include "bd-kb.h"
#include "bd-question-row.h"
#include "bd-writer.h"

#include "bd-checks-step.h"

/* The groups of SPEC §2, in their default order. */
typedef enum
{
  GROUP_DNS,
  GROUP_AUTH,
  GROUP_SIZE,
  GROUP_BLACKLIST,
  GROUP_CONNECTION,
  N_GROUPS,
  GROUP_NONE = -1
} Group;

struct _BdChecksStep
{
  BdStep               parent_instance;

  /* Template widgets */
  GtkStack            *stack;
  AdwStatusPage       *status_page;
  GtkWidget           *ranking_box;
  GtkLabel            *ranking_label;
  GtkWidget           *questions_label;
  GtkWidget           *live_box;
  GtkButton           *run_button;
  GtkBox              *groups_box;
  GtkWidget           *nothing_label;

  /* The groups shown now, in their order (borrowed from groups_box). */
  GPtrArray           *groups;
  GPtrArray           *check_rows;     /* of BdCheckRow, borrowed */
  GPtrArray           *question_rows;  /* of BdQuestionRow, borrowed */
  /* Question ids answered "Don't know": the session cannot tell them from
   * unanswered ones, the toggles can. */
  GHashTable          *dont_know;
};

G_DEFINE_FINAL_TYPE (BdChecksStep, bd_checks_step, BD_TYPE_STEP)

static const char *
group_get_title (Group group)
{
  switch (group)
    {
    case GROUP_DNS:
      return C_("checks group", "DNS");
    case GROUP_AUTH:
      return C_("checks group", "Authentication");
    case GROUP_SIZE:
      return C_("checks group", "Size");
    case GROUP_BLACKLIST:
      return C_("checks group", "Blacklists");
    case GROUP_CONNECTION:
      return C_("checks group", "Connection");
    case N_GROUPS:
    case GROUP_NONE:
    default:
      g_assert_not_reached ();
    }
}

static Group
group_from_category (BdCategory category)
{
  switch (category)
    {
    case BD_CATEGORY_DNS:
      return GROUP_DNS;
    case BD_CATEGORY_AUTH:
      return GROUP_AUTH;
    case BD_CATEGORY_SIZE:
      return GROUP_SIZE;
    case BD_CATEGORY_BLACKLIST:
      return GROUP_BLACKLIST;
    case BD_CATEGORY_CONNECTION:
      return GROUP_CONNECTION;
    case BD_CATEGORY_OTHER:
    case BD_CATEGORY_RECIPIENT:
    case BD_CATEGORY_CONTENT:
    case BD_CATEGORY_POLICY:
    case BD_CATEGORY_TEMPORARY:
    case BD_CATEGORY_NONE:
    default:
      return GROUP_NONE;
    }
}

/* A question's "group" key of the KB. */
static Group
group_from_string (const char *str)
{
  if (g_strcmp0 (str, "dns") == 0)
    return GROUP_DNS;
  if (g_strcmp0 (str, "auth") == 0)
    return GROUP_AUTH;
  if (g_strcmp0 (str, "size") == 0)
    return GROUP_SIZE;
  if (g_strcmp0 (str, "blacklist") == 0)
    return GROUP_BLACKLIST;
  if (g_strcmp0 (str, "connection") == 0)
    return GROUP_CONNECTION;
  return GROUP_NONE;
}

/* Where a live check belongs; the SMTP probe goes with the cause that
 * asks for it (it reports AUTH, STARTTLS and SIZE too). */
static Group
group_for_check (const char *check_id,
                 BdCategory  category)
{
  if (g_str_has_prefix (check_id, "dns."))
    return GROUP_DNS;
  if (g_str_equal (check_id, "dnsbl"))
    return GROUP_BLACKLIST;
  if (g_str_equal (check_id, "size.limit"))
    return GROUP_SIZE;
  if (g_str_equal (check_id, "smtp.probe"))
    {
      Group group = group_from_category (category);

      if (group == GROUP_AUTH || group == GROUP_SIZE)
        return group;
    }
  return GROUP_CONNECTION;
}

static char *
dup_domain (const char *address)
{
  const char *at;

  if (address == NULL || (at = strrchr (address, '@')) == NULL || at[1] == '\0')
    return NULL;
  return g_ascii_strdown (at + 1, -1);
}

/* What a check of @failure looks at (SPEC §5 "target"), nullable. */
static char *
check_dup_target (const char      *check_id,
                  const BdFailure *failure)
{
  if (failure == NULL)
    return NULL;

  if (g_str_equal (check_id, "dns.ptr") || g_str_equal (check_id, "dnsbl"))
    return g_strdup (failure->client_ip);
  if (g_str_equal (check_id, "dns.helo"))
    return g_strdup (failure->helo);
  if (g_str_equal (check_id, "dns.spf") ||
      g_str_equal (check_id, "dns.dkim") ||
      g_str_equal (check_id, "dns.dmarc"))
    return dup_domain (failure->sender);
  if (g_str_equal (check_id, "dns.mx") || g_str_equal (check_id, "mta-sts"))
    return dup_domain (failure->recipient);
  if (g_str_equal (check_id, "smtp.probe") ||
      g_str_equal (check_id, "size.limit") ||
      g_str_equal (check_id, "net.ports"))
    return g_strdup (failure->remote_host != NULL ? failure->remote_host : failure->remote_ip);
  return NULL;
}

/* ------------------------------------------------------------------------ */
/* Showing the report */

static void
bd_checks_step_update_ranking (BdChecksStep *self)
{
  BdReport *report = bd_session_get_report (bd_step_get_session (BD_STEP (self)));
  g_autoptr(GArray) causes = NULL;
  g_autofree char *title = NULL;

  if (report != NULL)
    causes = bd_report_collect_causes (report);
  if (causes != NULL && causes->len > 0)
    {
      const BdReportCause *first = &g_array_index (causes, BdReportCause, 0);

      title = bd_write_fill_text (first->match->cause->title, first->failure, first->match);
    }
  gtk_label_set_text (self->ranking_label, title != NULL ? title : "");
  gtk_widget_set_visible (self->ranking_box, title != NULL);
}

static void
bd_checks_step_update_helpdesk (BdChecksStep *self)
{
  gboolean helpdesk = bd_session_get_helpdesk (bd_step_get_session (BD_STEP (self)));

  for (guint i = 0; i < self->question_rows->len; i++)
    bd_question_row_set_helpdesk (g_ptr_array_index (self->question_rows, i), helpdesk);
}

static void
on_question_answered (BdChecksStep  *self,
                      int            answer,
                      BdQuestionRow *row)
{
  const BdKbQuestion *question = bd_question_row_get_question (row);

  if (answer == BD_ANSWER_UNKNOWN)
    g_hash_table_add (self->dont_know, g_strdup (question->id));
  else
    g_hash_table_remove (self->dont_know, question->id);

  bd_session_set_answer (bd_step_get_session (BD_STEP (self)), question->id, answer);
}

static void
bd_checks_step_clear (BdChecksStep *self)
{
  for (guint i = 0; i < self->groups->len; i++)
    gtk_box_remove (self->groups_box, g_ptr_array_index (self->groups, i));
  g_ptr_array_set_size (self->groups, 0);
  g_ptr_array_set_size (self->check_rows, 0);
  g_ptr_array_set_size (self->question_rows, 0);
}

static void
show_status (BdChecksStep *self,
             const char   *title,
             const char   *description)
{
  adw_status_page_set_title (self->status_page, title);
  adw_status_page_set_description (self->status_page, description);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

static int
compare_groups (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  const int *rank = user_data;
  Group ga = *(const Group *) a;
  Group gb = *(const Group *) b;

  if (rank[ga] != rank[gb])
    return rank[ga] < rank[gb] ? -1 : 1;
  return ga - gb;
}

static void
bd_checks_step_rebuild (BdChecksStep *self)
{
  BdSession *session = bd_step_get_session (BD_STEP (self));
  BdReport *report = bd_session_get_report (session);
  BdKb *kb = bd_kb_get_default ();
  GPtrArray *rows[N_GROUPS] = { NULL, };
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GArray) causes = NULL;
  Group order[N_GROUPS];
  int rank[N_GROUPS];
  gboolean helpdesk;
  guint n_checks = 0;
  guint n_questions = 0;

  bd_checks_step_clear (self);
  bd_step_set_complete (BD_STEP (self), report != NULL);

  if (report == NULL)
    {
      g_hash_table_remove_all (self->dont_know);
      show_status (self, _("Nothing to Check Yet"),
                   _("Once a bounce is analysed, the checks and questions that fit it appear here."));
      return;
    }
  if (report->failures->len == 0)
    {
      show_status (self, _("Nothing to Check"),
                   _("This message is not a failed delivery, so there is nothing to check."));
      return;
    }

  causes = bd_report_collect_causes (report);
  helpdesk = bd_session_get_helpdesk (session);
  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* The groups of the most likely causes come first. */
  for (guint g = 0; g < N_GROUPS; g++)
    {
      rank[g] = G_MAXINT;
      order[g] = g;
      rows[g] = g_ptr_array_new ();
    }
  for (guint i = 0; i < causes->len; i++)
    {
      const BdCauseMatch *match = g_array_index (causes, BdReportCause, i).match;
      Group group = group_from_category (match->cause->category);

      if (match->added_by == NULL && group != GROUP_NONE && rank[group] == G_MAXINT)
        rank[group] = i;
    }
  g_qsort_with_data (order, N_GROUPS, sizeof (Group), compare_groups, rank);

  /* A live check row per check and target the causes ask for. Like the
   * questions, the rows follow what the bounce says, not what answers
   * added, so that answering does not change them. */
  for (guint i = 0; i < causes->len; i++)
    {
      const BdReportCause *rc = &g_array_index (causes, BdReportCause, i);
      const BdKbCause *cause = rc->match->cause;

      if (rc->match->added_by != NULL)
        continue;

      for (guint k = 0; cause->checks != NULL && cause->checks[k] != NULL; k++)
        {
          const char *id = cause->checks[k];
          g_autofree char *target = check_dup_target (id, rc->failure);
          char *key = g_strconcat (id, "\n", target != NULL ? target : "", NULL);
          GtkWidget *row;

          if (!g_hash_table_add (seen, key))
            continue;
          row = bd_check_row_new (id, target);
          g_ptr_array_add (self->check_rows, row);
          g_ptr_array_add (rows[group_for_check (id, cause->category)], row);
          n_checks++;
        }
    }

  /* Then the questions that fit, in the KB's order. */
  for (guint i = 0; i < bd_kb_get_n_questions (kb); i++)
    {
      const BdKbQuestion *question = bd_kb_get_question (kb, i);
      Group group = group_from_string (question->group);
      GtkWidget *row;

      if (group == GROUP_NONE || !bd_kb_question_applies (question, report))
        continue;

      row = bd_question_row_new (question);
      bd_question_row_set_helpdesk (BD_QUESTION_ROW (row), helpdesk);
      bd_question_row_set_answer (BD_QUESTION_ROW (row),
                                  bd_session_get_answer (session, question->id),
                                  g_hash_table_contains (self->dont_know, question->id));
      g_signal_connect_object (row, "answered", G_CALLBACK (on_question_answered),
                               self, G_CONNECT_SWAPPED);
      g_ptr_array_add (self->question_rows, row);
      g_ptr_array_add (rows[group], row);
      n_questions++;
    }

  for (guint i = 0; i < N_GROUPS; i++)
    {
      Group group = order[i];
      GtkWidget *prefs_group;

      if (rows[group]->len > 0)
        {
          prefs_group = adw_preferences_group_new ();
          adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (prefs_group),
                                           group_get_title (group));
          for (guint k = 0; k < rows[group]->len; k++)
            adw_preferences_group_add (ADW_PREFERENCES_GROUP (prefs_group),
                                       g_ptr_array_index (rows[group], k));
          gtk_box_append (self->groups_box, prefs_group);
          g_ptr_array_add (self->groups, prefs_group);
        }
      g_ptr_array_unref (rows[group]);
    }

  gtk_widget_set_visible (self->live_box, n_checks > 0);
  gtk_widget_set_visible (self->questions_label, n_questions > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->groups_box), self->groups->len > 0);
  gtk_widget_set_visible (self->nothing_label, self->groups->len == 0);
  bd_checks_step_update_ranking (self);
  gtk_stack_set_visible_child_name (self->stack, "checks");
}

/* ------------------------------------------------------------------------ */
/* GObject */

static void
bd_checks_step_constructed (GObject *object)
{
  BdChecksStep *self = BD_CHECKS_STEP (object);
  BdSession *session;

  G_OBJECT_CLASS (bd_checks_step_parent_class)->constructed (object);

  session = bd_step_get_session (BD_STEP (self));
  g_return_if_fail (session != NULL);

  g_signal_connect_object (session, "notify::report",
                           G_CALLBACK (bd_checks_step_rebuild), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "ranking-changed",
                           G_CALLBACK (bd_checks_step_update_ranking), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::helpdesk",
                           G_CALLBACK (bd_checks_step_update_helpdesk), self, G_CONNECT_SWAPPED);
  bd_checks_step_rebuild (self);
}

static void
bd_checks_step_dispose (GObject *object)
{
  BdChecksStep *self = BD_CHECKS_STEP (object);
  BdSession *session = bd_step_get_session (BD_STEP (self));

  /* AdwBin would unparent its child again after the template did. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), BD_TYPE_CHECKS_STEP);

  /* the session (the parent's) may outlive the step */
  if (session != NULL)
    g_signal_handlers_disconnect_by_data (session, self);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_clear_pointer (&self->check_rows, g_ptr_array_unref);
  g_clear_pointer (&self->question_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (bd_checks_step_parent_class)->dispose (object);
}

static void
bd_checks_step_finalize (GObject *object)
{
  BdChecksStep *self = BD_CHECKS_STEP (object);

  g_clear_pointer (&self->dont_know, g_hash_table_unref);

  G_OBJECT_CLASS (bd_checks_step_parent_class)->finalize (object);
}

static void
bd_checks_step_class_init (BdChecksStepClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = bd_checks_step_constructed;
  object_class->dispose = bd_checks_step_dispose;
  object_class->finalize = bd_checks_step_finalize;

  g_type_ensure (BD_TYPE_CHECK_ROW);
  g_type_ensure (BD_TYPE_QUESTION_ROW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/bouncedoctor/BounceDoctor/steps/checks/bd-checks-step.ui");
  gtk_widget_class_bind_template_child (widget_class, BdChecksStep, stack);
  gtk_widget_class_bind_template_child (widget_class, BdChecksStep, status_page);
  gtk_widget_class_bind_template_child (widget_class, BdChecksStep, ranking_box);
  gtk_widget_class_bind_template_child (widget_class, BdChecksStep, ranking_label);
  gtk_widget_class_bind_template_child (widget_class, BdChecksStep, questions_label);
  gtk_widget_class_bind_template_child (widget_class, BdChecksStep, live_box);
  gtk_widget_class_bind_template_child (widget_class, BdChecksStep, run_button);
  gtk_widget_class_bind_template_child (widget_class, BdChecksStep, groups_box);
  gtk_widget_class_bind_template_child (widget_class, BdChecksStep, nothing_label);
}

static void
bd_checks_step_init (BdChecksStep *self)
{
  self->groups = g_ptr_array_new ();
  self->check_rows = g_ptr_array_new ();
  self->question_rows = g_ptr_array_new ();
  self->dont_know = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  bd_step_set_title (BD_STEP (self), _("Checks"));
  bd_step_set_help_page (BD_STEP (self), "checks");
}

GtkWidget *
bd_checks_step_new (BdSession *session)
{
  g_return_val_if_fail (BD_IS_SESSION (session), NULL);

  return g_object_new (BD_TYPE_CHECKS_STEP,
                       "session", session,
                       NULL);
}
