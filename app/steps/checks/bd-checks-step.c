/* bd-checks-step.c: the wizard's checks step
 *
 * SPEC §2 step 3: the checks and questions that fit this report, grouped
 * as DNS, Authentication, Size, Blacklists and Connection, the groups of
 * the most likely causes first. The live check rows come from the plan of
 * a run (SPEC §7) and are there before anything is sent; one click runs
 * them all through the session: a spinner on each row, a progress bar,
 * Cancel, then pass / warning / problem / can't tell with the raw answers
 * behind each row's expander, and "Run Again". The block lists, one row
 * each, follow one row that sums them up and shows them while open; the
 * lists that name the address, and dead lists, show all the time. Question rows take Yes / No /
 * Don't know, which the session turns into a new ranking of the causes,
 * shown at the top as "Most likely now" (the checks' results move it too).
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "bd-check-row.h"
#include "bd-check.h"
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
  GtkProgressBar      *progress_bar;
  GtkLabel            *error_label;
  GtkBox              *groups_box;
  GtkWidget           *nothing_label;

  /* The groups shown now, in their order (borrowed from groups_box). */
  GPtrArray           *groups;
  /* of BdCheckRow, borrowed: one per result of @run, in its order */
  GPtrArray           *check_rows;
  GPtrArray           *question_rows;  /* of BdQuestionRow, borrowed */
  /* Question ids answered "Don't know": the session cannot tell them from
   * unanswered ones, the toggles can. */
  GHashTable          *dont_know;

  /* The live checks */
  BdResolver          *plan_resolver;  /* for planning only: never asked anything */
  BdCheckRun          *run;            /* what the rows show: a plan, or the session's run */
  BdCheckRow          *dnsbl_row;      /* sums up the block lists, nullable (borrowed) */
  GPtrArray           *dnsbl_rows;     /* the lists' rows after it, borrowed */
  GCancellable        *cancellable;    /* of the run this step started */
  gboolean             disposed;
};

/* From this many block lists on, one row sums them up. */
#define MIN_DNSBL_SUMMARY 3

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

/* Where a live check belongs; the SMTP probe goes with the most likely
 * cause (it reports AUTH, STARTTLS and SIZE too). */
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

/* ------------------------------------------------------------------------ */
/* The live checks */

static void bd_checks_step_rebuild (BdChecksStep *self);

/* The rows show the session's current run (not only a plan). */
static gboolean
bd_checks_step_is_live (BdChecksStep *self)
{
  BdSession *session = bd_step_get_session (BD_STEP (self));

  return self->run != NULL && self->run == bd_session_get_check_run (session);
}

static gboolean
bd_checks_step_is_running (BdChecksStep *self)
{
  return bd_checks_step_is_live (self) &&
         bd_session_get_checking (bd_step_get_session (BD_STEP (self)));
}

/* The session's run, or else a plan of what a run of @report would
 * check; nullable. Planning sends nothing. */
static BdCheckRun *
bd_checks_step_dup_run (BdChecksStep *self,
                        BdReport     *report)
{
  BdCheckRun *run = bd_session_get_check_run (bd_step_get_session (BD_STEP (self)));

  if (run != NULL)
    return g_object_ref (run);

  if (self->plan_resolver == NULL)
    {
      g_autoptr(GError) error = NULL;

      /* a plan needs a resolver but never asks it anything */
      self->plan_resolver = bd_resolver_new_forward ("127.0.0.1", &error);
      if (self->plan_resolver == NULL)
        {
          g_debug ("Cannot plan the live checks: %s", error->message);
          return NULL;
        }
    }
  return bd_check_run_new (report, self->plan_resolver, 0);
}

static char *
dup_details (const BdCheckResult *result)
{
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (result->details == NULL || result->status == BD_CHECK_PENDING)
    return NULL;

  node = json_node_init_object (json_node_alloc (), result->details);
  generator = json_generator_new ();
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

static void
update_row (BdCheckRow          *row,
            const BdCheckResult *result,
            gboolean             running)
{
  g_autofree char *details = dup_details (result);

  bd_check_row_set_summary (row, result->status != BD_CHECK_PENDING ? result->summary : NULL);
  bd_check_row_set_details (row, details);
  bd_check_row_set_state (row, bd_check_state_from_status (result->status, running));
}

/* The lists' rows show while their summary is open; those that list the
 * address, and the dead ones, show all the time. */
static void
bd_checks_step_show_dnsbl (BdChecksStep *self)
{
  gboolean expanded;

  if (self->dnsbl_row == NULL)
    return;

  expanded = adw_expander_row_get_expanded (ADW_EXPANDER_ROW (self->dnsbl_row));
  for (guint i = 0; i < self->dnsbl_rows->len; i++)
    {
      BdCheckRow *row = g_ptr_array_index (self->dnsbl_rows, i);
      BdCheckState state = bd_check_row_get_state (row);

      gtk_widget_set_visible (GTK_WIDGET (row),
                              expanded || state == BD_CHECK_STATE_FAIL || state == BD_CHECK_STATE_WARN);
    }
}

/* The summary row: the worst of the lists, and what they said in words. */
static void
bd_checks_step_update_dnsbl (BdChecksStep *self)
{
  guint counts[BD_CHECK_STATE_SKIPPED + 1] = { 0, };
  g_autoptr(GString) summary = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  BdCheckState state;
  guint total;

  if (self->dnsbl_row == NULL)
    return;

  total = self->dnsbl_rows->len;
  listed = g_ptr_array_new ();
  for (guint i = 0; i < total; i++)
    {
      BdCheckRow *row = g_ptr_array_index (self->dnsbl_rows, i);

      counts[bd_check_row_get_state (row)]++;
      if (bd_check_row_get_state (row) == BD_CHECK_STATE_FAIL)
        g_ptr_array_add (listed, (gpointer) bd_check_row_get_target (row));
    }

  if (counts[BD_CHECK_STATE_RUNNING] > 0)
    state = BD_CHECK_STATE_RUNNING;
  else if (counts[BD_CHECK_STATE_READY] > 0)
    state = BD_CHECK_STATE_READY;
  else if (counts[BD_CHECK_STATE_FAIL] > 0)
    state = BD_CHECK_STATE_FAIL;
  else if (counts[BD_CHECK_STATE_WARN] > 0)
    state = BD_CHECK_STATE_WARN;
  else if (counts[BD_CHECK_STATE_PASS] > 0)
    state = BD_CHECK_STATE_PASS;
  else if (counts[BD_CHECK_STATE_UNKNOWN] > 0)
    state = BD_CHECK_STATE_UNKNOWN;
  else
    state = BD_CHECK_STATE_SKIPPED;

  summary = g_string_new (NULL);
  if (state == BD_CHECK_STATE_RUNNING)
    {
      guint done = total - counts[BD_CHECK_STATE_RUNNING] - counts[BD_CHECK_STATE_READY];

      g_string_append_printf (summary,
                              /* Translators: block lists that answered so far, of all of them */
                              ngettext ("Asking the list… %u of %u answered",
                                        "Asking the lists… %u of %u answered", total),
                              done, total);
    }
  else if (state != BD_CHECK_STATE_READY)
    {
      if (listed->len > 0)
        {
          g_autofree char *zones = NULL;

          g_ptr_array_add (listed, NULL);
          zones = g_strjoinv (", ", (char **) listed->pdata);
          /* Translators: %s is one or more block lists, separated by commas */
          g_string_append_printf (summary, _("Listed on %s."), zones);
        }
      if (counts[BD_CHECK_STATE_WARN] > 0)
        {
          g_string_append (summary, summary->len > 0 ? " " : "");
          g_string_append_printf (summary,
                                  /* Translators: %u is a number of block lists */
                                  ngettext ("%u list is dead or broken.",
                                            "%u lists are dead or broken.",
                                            counts[BD_CHECK_STATE_WARN]),
                                  counts[BD_CHECK_STATE_WARN]);
        }
      if (counts[BD_CHECK_STATE_PASS] > 0)
        {
          g_string_append (summary, summary->len > 0 ? " " : "");
          g_string_append_printf (summary,
                                  /* Translators: %u is a number of block lists */
                                  ngettext ("Not listed on %u list.",
                                            "Not listed on %u lists.",
                                            counts[BD_CHECK_STATE_PASS]),
                                  counts[BD_CHECK_STATE_PASS]);
        }
      if (counts[BD_CHECK_STATE_UNKNOWN] + counts[BD_CHECK_STATE_SKIPPED] > 0)
        {
          guint n = counts[BD_CHECK_STATE_UNKNOWN] + counts[BD_CHECK_STATE_SKIPPED];

          g_string_append (summary, summary->len > 0 ? " " : "");
          g_string_append_printf (summary,
                                  /* Translators: %u is a number of block lists that could not be trusted or did not answer */
                                  ngettext ("%u list gave no answer to go by.",
                                            "%u lists gave no answer to go by.", n),
                                  n);
        }
    }

  bd_check_row_set_summary (self->dnsbl_row, summary->len > 0 ? summary->str : NULL);
  bd_check_row_set_state (self->dnsbl_row, state);
}

/* The button, the progress bar: ready, running, or done. */
static void
bd_checks_step_update_controls (BdChecksStep *self)
{
  GtkWidget *button = GTK_WIDGET (self->run_button);
  gboolean live = bd_checks_step_is_live (self);
  gboolean running = bd_checks_step_is_running (self);
  guint total = 0;
  guint done = 0;

  if (self->run != NULL)
    {
      GPtrArray *results = bd_check_run_get_results (self->run);

      total = results->len;
      for (guint i = 0; i < results->len; i++)
        if (((BdCheckResult *) g_ptr_array_index (results, i))->status != BD_CHECK_PENDING)
          done++;
    }

  if (running)
    gtk_button_set_label (self->run_button, _("_Cancel"));
  else if (live)
    gtk_button_set_label (self->run_button, _("Run _Again"));
  else
    gtk_button_set_label (self->run_button, _("_Run Checks"));
  /* GTK 4.8 would read "_Run Checks Run Checks": its label names it */
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->run_button), GTK_ACCESSIBLE_PROPERTY_LABEL);
  if (live)
    gtk_widget_remove_css_class (button, "suggested-action");
  else
    gtk_widget_add_css_class (button, "suggested-action");

  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), live);
  if (live)
    {
      g_autofree char *text = NULL;

      /* Translators: checks finished so far, of all of them */
      text = g_strdup_printf (ngettext ("%u of %u check done", "%u of %u checks done", total),
                              done, total);
      gtk_progress_bar_set_fraction (self->progress_bar, total > 0 ? (double) done / total : 1.0);
      gtk_progress_bar_set_text (self->progress_bar, text);
    }
}

/* Every row as its result says. */
static void
bd_checks_step_sync (BdChecksStep *self)
{
  gboolean running = bd_checks_step_is_running (self);
  GPtrArray *results;

  if (self->run != NULL)
    {
      results = bd_check_run_get_results (self->run);
      g_assert (results->len == self->check_rows->len);
      for (guint i = 0; i < results->len; i++)
        update_row (g_ptr_array_index (self->check_rows, i),
                    g_ptr_array_index (results, i), running);
    }
  bd_checks_step_update_dnsbl (self);
  bd_checks_step_show_dnsbl (self);
  bd_checks_step_update_controls (self);
}

/* Whether the rows made for the plan can show @run as they are. */
static gboolean
bd_checks_step_fits_run (BdChecksStep *self,
                         BdCheckRun   *run)
{
  GPtrArray *results = bd_check_run_get_results (run);

  if (results->len != self->check_rows->len)
    return FALSE;
  for (guint i = 0; i < results->len; i++)
    {
      const BdCheckResult *result = g_ptr_array_index (results, i);
      BdCheckRow *row = g_ptr_array_index (self->check_rows, i);

      if (g_strcmp0 (result->id, bd_check_row_get_check_id (row)) != 0 ||
          g_strcmp0 (result->target, bd_check_row_get_target (row)) != 0)
        return FALSE;
    }
  return TRUE;
}

static void
on_checking_changed (BdChecksStep *self)
{
  BdSession *session = bd_step_get_session (BD_STEP (self));
  BdCheckRun *run = bd_session_get_check_run (session);

  /* a new run: the same rows, spinning, unless the plan has changed
   * (answers can bring causes that ask for other checks) */
  if (bd_session_get_checking (session) && run != NULL && run != self->run)
    {
      if (self->run != NULL && bd_checks_step_fits_run (self, run))
        g_set_object (&self->run, run);
      else
        {
          bd_checks_step_rebuild (self);
          return;
        }
    }
  bd_checks_step_sync (self);
}

static void
on_check_done (BdChecksStep  *self,
               BdCheckResult *result,
               BdSession     *session)
{
  GPtrArray *results;
  BdCheckRow *row;
  guint index;

  if (!bd_checks_step_is_live (self))
    return;
  results = bd_check_run_get_results (self->run);
  if (!g_ptr_array_find (results, result, &index) || index >= self->check_rows->len)
    return;

  row = g_ptr_array_index (self->check_rows, index);
  update_row (row, result, bd_checks_step_is_running (self));
  if (self->dnsbl_row != NULL && g_ptr_array_find (self->dnsbl_rows, row, NULL))
    {
      bd_checks_step_update_dnsbl (self);
      bd_checks_step_show_dnsbl (self);
    }
  bd_checks_step_update_controls (self);
}

static void
run_checks_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(BdChecksStep) self = user_data;
  g_autoptr(GError) error = NULL;

  if (bd_session_run_checks_finish (BD_SESSION (object), result, &error) || self->disposed)
    return;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  {
    /* Translators: %s says why, in words from the system */
    g_autofree char *text = g_strdup_printf (_("The checks could not start: %s"), error->message);

    gtk_label_set_text (self->error_label, text);
    gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  }
  bd_checks_step_update_controls (self);
}

static void
on_run_clicked (BdChecksStep *self)
{
  BdSession *session = bd_step_get_session (BD_STEP (self));

  if (bd_checks_step_is_running (self))
    {
      /* the session ends every unfinished check at once: can't tell */
      g_cancellable_cancel (self->cancellable);
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  bd_session_run_checks_async (session, self->cancellable, run_checks_cb, g_object_ref (self));
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
  g_ptr_array_set_size (self->dnsbl_rows, 0);
  self->dnsbl_row = NULL;
  g_clear_object (&self->run);
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

/* The sending server's address the block lists are asked about. */
static char *
dup_client_ip (BdReport *report)
{
  for (guint i = 0; i < report->failures->len; i++)
    {
      const BdFailure *failure = g_ptr_array_index (report->failures, i);

      if (failure->client_ip != NULL)
        return g_strdup (failure->client_ip);
    }
  return NULL;
}

static void
bd_checks_step_rebuild (BdChecksStep *self)
{
  BdSession *session = bd_step_get_session (BD_STEP (self));
  BdReport *report = bd_session_get_report (session);
  BdKb *kb = bd_kb_get_default ();
  GPtrArray *rows[N_GROUPS] = { NULL, };
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

  /* A live check row per check and target of the run's plan, the block
   * lists under one row when there are many of them. */
  self->run = bd_checks_step_dup_run (self, report);
  if (self->run != NULL)
    {
      GPtrArray *results = bd_check_run_get_results (self->run);
      BdCategory top = BD_CATEGORY_NONE;
      guint n_dnsbl = 0;

      for (guint i = 0; i < causes->len && top == BD_CATEGORY_NONE; i++)
        {
          const BdCauseMatch *match = g_array_index (causes, BdReportCause, i).match;

          if (match->added_by == NULL)
            top = match->cause->category;
        }
      for (guint i = 0; i < results->len; i++)
        if (g_str_equal (((BdCheckResult *) g_ptr_array_index (results, i))->id, "dnsbl"))
          n_dnsbl++;

      for (guint i = 0; i < results->len; i++)
        {
          const BdCheckResult *result = g_ptr_array_index (results, i);
          GtkWidget *row = bd_check_row_new (result->id, result->target);

          g_ptr_array_add (self->check_rows, row);
          n_checks++;

          if (g_str_equal (result->id, "dnsbl") && n_dnsbl >= MIN_DNSBL_SUMMARY)
            {
              if (self->dnsbl_row == NULL)
                {
                  g_autofree char *ip = dup_client_ip (report);
                  g_autofree char *title = NULL;

                  if (ip != NULL)
                    /* Translators: an IP address, then how many block lists it is looked up in */
                    title = g_strdup_printf (ngettext ("Block list for %s (%u)",
                                                       "Block lists for %s (%u)", n_dnsbl),
                                             ip, n_dnsbl);
                  else
                    /* Translators: how many block lists are asked */
                    title = g_strdup_printf (ngettext ("Block list (%u)", "Block lists (%u)", n_dnsbl),
                                             n_dnsbl);
                  self->dnsbl_row = BD_CHECK_ROW (bd_check_row_new ("dnsbl", ip));
                  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->dnsbl_row), title);
                  bd_check_row_set_expandable (self->dnsbl_row, TRUE);
                  g_signal_connect_object (self->dnsbl_row, "notify::expanded",
                                           G_CALLBACK (bd_checks_step_show_dnsbl), self,
                                           G_CONNECT_SWAPPED);
                  g_ptr_array_add (rows[GROUP_BLACKLIST], self->dnsbl_row);
                }
              g_ptr_array_add (rows[GROUP_BLACKLIST], row);
              g_ptr_array_add (self->dnsbl_rows, row);
            }
          else
            g_ptr_array_add (rows[group_for_check (result->id, top)], row);
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
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  bd_checks_step_update_ranking (self);
  bd_checks_step_sync (self);
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
  g_signal_connect_object (session, "notify::checking",
                           G_CALLBACK (on_checking_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "check-done",
                           G_CALLBACK (on_check_done), self, G_CONNECT_SWAPPED);
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

  self->disposed = TRUE;
  /* the session (the parent's) may outlive the step */
  if (session != NULL)
    g_signal_handlers_disconnect_by_data (session, self);
  /* checks this step started end with it */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->run);
  g_clear_object (&self->plan_resolver);
  self->dnsbl_row = NULL;
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_clear_pointer (&self->check_rows, g_ptr_array_unref);
  g_clear_pointer (&self->question_rows, g_ptr_array_unref);
  g_clear_pointer (&self->dnsbl_rows, g_ptr_array_unref);

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
  gtk_widget_class_bind_template_child (widget_class, BdChecksStep, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, BdChecksStep, error_label);
  gtk_widget_class_bind_template_child (widget_class, BdChecksStep, groups_box);
  gtk_widget_class_bind_template_child (widget_class, BdChecksStep, nothing_label);
  gtk_widget_class_bind_template_callback (widget_class, on_run_clicked);
}

static void
bd_checks_step_init (BdChecksStep *self)
{
  self->groups = g_ptr_array_new ();
  self->check_rows = g_ptr_array_new ();
  self->question_rows = g_ptr_array_new ();
  self->dnsbl_rows = g_ptr_array_new ();
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
