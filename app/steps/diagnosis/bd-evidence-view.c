/* bd-evidence-view.c: the lines of the input that gave the diagnosis away
 *
 * The lines that support the causes, listed with their numbers (decoded
 * text, so readable even when the message was base64), and, behind an
 * expander, the whole input with those lines highlighted and scrolled
 * into view. A file analysed from disk is not held in memory: then only
 * the list is shown.
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "bd-document.h"

#include "bd-evidence-view.h"

/* Inputs larger than this are not shown whole; the evidence lines are. */
#define BD_EVIDENCE_MAX_VIEW_BYTES (2 * 1024 * 1024)
/* Shorter inputs are shown whole at once, longer ones behind the expander. */
#define BD_EVIDENCE_SHORT_LINES    60
#define BD_EVIDENCE_MAX_ROWS       15
#define BD_EVIDENCE_MAX_LINE_CHARS 300

struct _BdEvidenceView
{
  GtkWidget            parent_instance;

  /* Template widgets */
  GtkBox              *box;
  AdwPreferencesGroup *group;
  GtkExpander         *expander;
  GtkScrolledWindow   *scrolled;
  GtkTextView         *text_view;

  GPtrArray           *rows;
  /* Keep the first evidence line in view while the text is laid out (it
   * wraps, so its place moves), until the user scrolls. */
  gboolean             follow;
};

G_DEFINE_FINAL_TYPE (BdEvidenceView, bd_evidence_view, GTK_TYPE_WIDGET)

static char *
shorten (const char *text)
{
  g_autofree char *start = NULL;

  if (g_utf8_strlen (text, -1) <= BD_EVIDENCE_MAX_LINE_CHARS)
    return g_strdup (text);
  start = g_utf8_substring (text, 0, BD_EVIDENCE_MAX_LINE_CHARS);
  return g_strconcat (start, "…", NULL);
}

static GtkWidget *
new_row (const char *title,
         const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

static void
add_row (BdEvidenceView *self,
         GtkWidget      *row)
{
  adw_preferences_group_add (self->group, row);
  g_ptr_array_add (self->rows, row);
}

/* The lines that support the causes, by line, each once. */
static GPtrArray *
collect_evidence (const BdReport *report)
{
  g_autoptr(GArray) causes = bd_report_collect_causes ((BdReport *) report);
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  GPtrArray *lines = g_ptr_array_new ();

  for (guint i = 0; i < causes->len; i++)
    {
      const BdReportCause *rc = &g_array_index (causes, BdReportCause, i);

      for (guint l = 0; l < rc->lines->len; l++)
        {
          const BdEvidence *ev = g_array_index (rc->lines, const BdEvidence *, l);

          if (g_hash_table_add (seen, GUINT_TO_POINTER (ev->line)))
            g_ptr_array_add (lines, (gpointer) ev);
        }
    }

  /* no cause named its lines: the failures' own evidence */
  if (lines->len == 0)
    for (guint i = 0; i < report->failures->len; i++)
      {
        const BdFailure *f = g_ptr_array_index (report->failures, i);

        for (guint l = 0; l < f->evidence->len; l++)
          {
            const BdEvidence *ev = &g_array_index (f->evidence, BdEvidence, l);

            if (g_hash_table_add (seen, GUINT_TO_POINTER (ev->line)))
              g_ptr_array_add (lines, (gpointer) ev);
          }
      }

  return lines;
}

static int
compare_evidence (gconstpointer a,
                  gconstpointer b)
{
  guint x = (*(const BdEvidence * const *) a)->line;
  guint y = (*(const BdEvidence * const *) b)->line;

  return x < y ? -1 : x > y;
}

static void
scroll_to_first (BdEvidenceView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextMark *mark = gtk_text_buffer_get_mark (buffer, "first-evidence");

  if (mark != NULL)
    gtk_text_view_scroll_to_mark (self->text_view, mark, 0.0, TRUE, 0.0, 0.1);
}

static void
on_adjustment_changed (BdEvidenceView *self)
{
  if (self->follow)
    scroll_to_first (self);
}

static gboolean
on_user_scrolled (BdEvidenceView *self)
{
  self->follow = FALSE;
  return GDK_EVENT_PROPAGATE;
}

static void
on_expanded (BdEvidenceView *self)
{
  if (gtk_expander_get_expanded (self->expander))
    {
      self->follow = TRUE;
      scroll_to_first (self);
    }
}

/* The readers number the lines of a message by its line feeds, whatever
 * carriage returns stand before them ("\r\r\n" is seen in the wild): drop
 * those, and make a stray one a space, so that the view's lines are the
 * readers' lines. */
static GString *
lf_lines (const char *data,
          gsize       len)
{
  GString *out = g_string_sized_new (len);
  const char *end = data + len;
  const char *p = data;

  while (p < end)
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *line_end = nl != NULL ? nl : end;
      const char *stop = line_end;

      while (stop > p && stop[-1] == '\r')
        stop--;
      for (const char *c = p; c < stop; c++)
        g_string_append_c (out, *c == '\r' ? ' ' : *c);
      if (nl != NULL)
        g_string_append_c (out, '\n');
      p = line_end + 1;
    }
  return out;
}

/* Returns FALSE when some evidence is not readable in the raw input
 * (base64, quoted-printable, another charset's bytes). */
static gboolean
show_text (BdEvidenceView *self,
           GPtrArray      *lines,
           GBytes         *input)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextMark *mark;
  g_autofree char *text = NULL;
  const char *data;
  gsize len = 0;
  gsize text_len = 0;
  guint n_lines;
  gboolean readable = TRUE;

  gtk_text_buffer_set_text (buffer, "", 0);
  mark = gtk_text_buffer_get_mark (buffer, "first-evidence");
  if (mark != NULL)
    gtk_text_buffer_delete_mark (buffer, mark);

  data = input != NULL ? g_bytes_get_data (input, &len) : NULL;
  if (data == NULL || len == 0 || len > BD_EVIDENCE_MAX_VIEW_BYTES || lines->len == 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->expander), FALSE);
      return TRUE;
    }

  if (memchr (data, '\n', len) != NULL)
    {
      g_autoptr(GString) lf = lf_lines (data, len);
      text = bd_text_to_utf8 (lf->str, lf->len, NULL, &text_len);
    }
  else
    text = bd_text_to_utf8 (data, len, NULL, &text_len);
  gtk_text_buffer_set_text (buffer, text, (int) text_len);

  for (guint i = 0; i < lines->len; i++)
    {
      const BdEvidence *ev = g_ptr_array_index (lines, i);
      GtkTextIter start, end;
      g_autofree char *raw = NULL;

      if (ev->line == 0 || !gtk_text_buffer_get_iter_at_line (buffer, &start, (int) ev->line - 1))
        continue;
      end = start;
      if (!gtk_text_iter_ends_line (&end))
        gtk_text_iter_forward_to_line_end (&end);
      raw = gtk_text_iter_get_text (&start, &end);
      if (strstr (raw, ev->text) == NULL)
        readable = FALSE;
      gtk_text_buffer_apply_tag_by_name (buffer, BD_EVIDENCE_TAG, &start, &end);
      if (gtk_text_buffer_get_mark (buffer, "first-evidence") == NULL)
        gtk_text_buffer_create_mark (buffer, "first-evidence", &start, TRUE);
    }

  n_lines = gtk_text_buffer_get_line_count (buffer);
  {
    /* The text view does not tell its height before it has laid out all
     * its text: ask for about as many lines as there are, within reason. */
    g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self->text_view), "Xg");
    int line_height = 0;

    pango_layout_get_pixel_size (layout, NULL, &line_height);
    gtk_scrolled_window_set_min_content_height (self->scrolled,
                                                CLAMP ((int) n_lines * line_height + 16, 64, 320));
  }
  gtk_expander_set_expanded (self->expander, n_lines <= BD_EVIDENCE_SHORT_LINES);
  gtk_widget_set_visible (GTK_WIDGET (self->expander), TRUE);
  self->follow = TRUE;
  scroll_to_first (self);

  return readable;
}

/**
 * bd_evidence_view_set_report:
 * @report: (nullable): the report whose evidence to show
 * @input: (nullable): the analysed input; %NULL when it was analysed from
 *   disk (only the lines are listed then)
 *
 * Returns: whether there is any evidence to show
 */
gboolean
bd_evidence_view_set_report (BdEvidenceView *self,
                             const BdReport *report,
                             GBytes         *input)
{
  g_autoptr(GPtrArray) lines = NULL;

  g_return_val_if_fail (BD_IS_EVIDENCE_VIEW (self), FALSE);

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);

  lines = report != NULL ? collect_evidence (report) : g_ptr_array_new ();
  g_ptr_array_sort (lines, compare_evidence);

  for (guint i = 0; i < lines->len && i < BD_EVIDENCE_MAX_ROWS; i++)
    {
      const BdEvidence *ev = g_ptr_array_index (lines, i);
      g_autofree char *text = shorten (ev->text);
      /* Translators: under an evidence line: its number in the input */
      g_autofree char *where = g_strdup_printf (_("Line %u"), ev->line);
      GtkWidget *row = new_row (text, where);

      gtk_widget_add_css_class (row, "monospace");
      add_row (self, row);
    }
  if (lines->len > BD_EVIDENCE_MAX_ROWS)
    {
      guint more = lines->len - BD_EVIDENCE_MAX_ROWS;
      /* Translators: after the evidence lines shown */
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "…and %u more line",
                                                            "…and %u more lines", more), more);

      add_row (self, new_row (text, NULL));
    }

  if (!show_text (self, lines, input))
    adw_preferences_group_set_description (self->group,
                                           _("The message is encoded: its lines are shown decoded here, and highlighted below where they sit in the original."));
  else
    adw_preferences_group_set_description (self->group,
                                           _("The lines of what you gave the app that show the problem"));

  return lines->len > 0;
}

GPtrArray *
bd_evidence_view_get_rows (BdEvidenceView *self)
{
  g_return_val_if_fail (BD_IS_EVIDENCE_VIEW (self), NULL);

  return self->rows;
}

GtkTextView *
bd_evidence_view_get_text_view (BdEvidenceView *self)
{
  g_return_val_if_fail (BD_IS_EVIDENCE_VIEW (self), NULL);

  return self->text_view;
}

GtkExpander *
bd_evidence_view_get_expander (BdEvidenceView *self)
{
  g_return_val_if_fail (BD_IS_EVIDENCE_VIEW (self), NULL);

  return self->expander;
}

/* ------------------------------------------------------------------------ */
/* GObject */

static void
bd_evidence_view_dispose (GObject *object)
{
  BdEvidenceView *self = BD_EVIDENCE_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), BD_TYPE_EVIDENCE_VIEW);
  g_ptr_array_set_size (self->rows, 0);

  G_OBJECT_CLASS (bd_evidence_view_parent_class)->dispose (object);
}

static void
bd_evidence_view_finalize (GObject *object)
{
  BdEvidenceView *self = BD_EVIDENCE_VIEW (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (bd_evidence_view_parent_class)->finalize (object);
}

static void
bd_evidence_view_class_init (BdEvidenceViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_evidence_view_dispose;
  object_class->finalize = bd_evidence_view_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/bouncedoctor/BounceDoctor/steps/diagnosis/bd-evidence-view.ui");
  gtk_widget_class_bind_template_child (widget_class, BdEvidenceView, box);
  gtk_widget_class_bind_template_child (widget_class, BdEvidenceView, group);
  gtk_widget_class_bind_template_child (widget_class, BdEvidenceView, expander);
  gtk_widget_class_bind_template_child (widget_class, BdEvidenceView, scrolled);
  gtk_widget_class_bind_template_child (widget_class, BdEvidenceView, text_view);
  gtk_widget_class_bind_template_callback (widget_class, on_expanded);
}

static void
bd_evidence_view_init (BdEvidenceView *self)
{
  GtkEventController *controller;

  self->rows = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_text_buffer_create_tag (gtk_text_view_get_buffer (self->text_view), BD_EVIDENCE_TAG,
                              "paragraph-background", "rgba(246,211,45,0.35)",
                              "weight", PANGO_WEIGHT_BOLD,
                              NULL);

  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->scrolled), "changed",
                           G_CALLBACK (on_adjustment_changed), self, G_CONNECT_SWAPPED);
  /* the user scrolls or clicks: stop following the first line */
  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect_object (controller, "scroll-begin", G_CALLBACK (on_user_scrolled), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (controller, "scroll", G_CALLBACK (on_user_scrolled), self, G_CONNECT_SWAPPED);
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  gtk_widget_add_controller (GTK_WIDGET (self->scrolled), controller);
  controller = GTK_EVENT_CONTROLLER (gtk_gesture_click_new ());
  g_signal_connect_object (controller, "pressed", G_CALLBACK (on_user_scrolled), self, G_CONNECT_SWAPPED);
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  gtk_widget_add_controller (GTK_WIDGET (self->scrolled), controller);
}

GtkWidget *
bd_evidence_view_new (void)
{
  return g_object_new (BD_TYPE_EVIDENCE_VIEW, NULL);
}
