/* bd-question-row.c: one guided question in the checks step
 *
 * The question (or, in helpdesk mode, the script to read to a caller),
 * why it matters, and three linked toggles: Yes / No / Don't know. The
 * row only reports what the user picked (BdQuestionRow::answered); the
 * step records it in the session.
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-question-row.h"

struct _BdQuestionRow
{
  AdwPreferencesRow   parent_instance;

  /* Template widgets */
  GtkWidget          *caller_box;
  GtkLabel           *text_label;
  GtkLabel           *hint_label;
  GtkToggleButton    *yes_button;
  GtkToggleButton    *no_button;
  GtkToggleButton    *unknown_button;

  const BdKbQuestion *question;
  BdAnswer            answer;
  guint               helpdesk : 1;
  guint               updating : 1;
};

G_DEFINE_FINAL_TYPE (BdQuestionRow, bd_question_row, ADW_TYPE_PREFERENCES_ROW)

enum {
  PROP_0,
  PROP_HELPDESK,
  PROP_QUESTION,
  N_PROPS
};

enum {
  ANSWERED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
set_accessible_label (GtkToggleButton *button,
                      const char      *label)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static void
bd_question_row_update_text (BdQuestionRow *self)
{
  const char *text;
  g_autofree char *yes = NULL;
  g_autofree char *no = NULL;
  g_autofree char *unknown = NULL;

  if (self->question == NULL)
    return;

  text = bd_question_row_get_text (self);
  gtk_label_set_text (self->text_label, text);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), text);
  gtk_widget_set_visible (self->caller_box, self->helpdesk && self->question->script != NULL);
  /* read aloud: a little larger than the plain question */
  if (self->helpdesk && self->question->script != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->text_label), "heading");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->text_label), "heading");

  if (self->question->hint != NULL && *self->question->hint != '\0')
    gtk_label_set_text (self->hint_label, bd_kb_gettext (self->question->hint));
  gtk_widget_set_visible (GTK_WIDGET (self->hint_label),
                          self->question->hint != NULL && *self->question->hint != '\0');

  /* Screen readers hear the question with each answer. */
  /* Translators: accessible name of an answer button; %s is the question */
  yes = g_strdup_printf (_("Yes: %s"), text);
  /* Translators: accessible name of an answer button; %s is the question */
  no = g_strdup_printf (_("No: %s"), text);
  /* Translators: accessible name of an answer button; %s is the question */
  unknown = g_strdup_printf (_("Don’t know: %s"), text);
  set_accessible_label (self->yes_button, yes);
  set_accessible_label (self->no_button, no);
  set_accessible_label (self->unknown_button, unknown);
}

static void
on_toggled (BdQuestionRow   *self,
            GtkToggleButton *button)
{
  if (self->updating || !gtk_toggle_button_get_active (button))
    return;

  if (button == self->yes_button)
    self->answer = BD_ANSWER_YES;
  else if (button == self->no_button)
    self->answer = BD_ANSWER_NO;
  else
    self->answer = BD_ANSWER_UNKNOWN;

  g_signal_emit (self, signals[ANSWERED], 0, (int) self->answer);
}

const BdKbQuestion *
bd_question_row_get_question (BdQuestionRow *self)
{
  g_return_val_if_fail (BD_IS_QUESTION_ROW (self), NULL);

  return self->question;
}

BdAnswer
bd_question_row_get_answer (BdQuestionRow *self)
{
  g_return_val_if_fail (BD_IS_QUESTION_ROW (self), BD_ANSWER_UNKNOWN);

  return self->answer;
}

void
bd_question_row_set_answer (BdQuestionRow *self,
                            BdAnswer       answer,
                            gboolean       chosen)
{
  g_return_if_fail (BD_IS_QUESTION_ROW (self));

  self->updating = TRUE;
  self->answer = answer;
  gtk_toggle_button_set_active (self->yes_button, answer == BD_ANSWER_YES);
  gtk_toggle_button_set_active (self->no_button, answer == BD_ANSWER_NO);
  gtk_toggle_button_set_active (self->unknown_button, answer == BD_ANSWER_UNKNOWN && chosen);
  self->updating = FALSE;
}

gboolean
bd_question_row_get_helpdesk (BdQuestionRow *self)
{
  g_return_val_if_fail (BD_IS_QUESTION_ROW (self), FALSE);

  return self->helpdesk;
}

void
bd_question_row_set_helpdesk (BdQuestionRow *self,
                              gboolean       helpdesk)
{
  g_return_if_fail (BD_IS_QUESTION_ROW (self));

  if (self->helpdesk == !!helpdesk)
    return;
  self->helpdesk = !!helpdesk;
  bd_question_row_update_text (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HELPDESK]);
}

const char *
bd_question_row_get_text (BdQuestionRow *self)
{
  g_return_val_if_fail (BD_IS_QUESTION_ROW (self), NULL);

  if (self->question == NULL)
    return NULL;
  if (self->helpdesk && self->question->script != NULL)
    return bd_kb_gettext (self->question->script);
  return bd_kb_gettext (self->question->text);
}

/* ------------------------------------------------------------------------ */
/* GObject */

static void
bd_question_row_constructed (GObject *object)
{
  BdQuestionRow *self = BD_QUESTION_ROW (object);

  G_OBJECT_CLASS (bd_question_row_parent_class)->constructed (object);

  bd_question_row_update_text (self);
}

static void
bd_question_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), BD_TYPE_QUESTION_ROW);

  G_OBJECT_CLASS (bd_question_row_parent_class)->dispose (object);
}

static void
bd_question_row_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  BdQuestionRow *self = BD_QUESTION_ROW (object);

  switch (prop_id)
    {
    case PROP_HELPDESK:
      g_value_set_boolean (value, self->helpdesk);
      break;
    case PROP_QUESTION:
      g_value_set_pointer (value, (gpointer) self->question);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_question_row_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  BdQuestionRow *self = BD_QUESTION_ROW (object);

  switch (prop_id)
    {
    case PROP_HELPDESK:
      bd_question_row_set_helpdesk (self, g_value_get_boolean (value));
      break;
    case PROP_QUESTION:
      self->question = g_value_get_pointer (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_question_row_class_init (BdQuestionRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = bd_question_row_constructed;
  object_class->dispose = bd_question_row_dispose;
  object_class->get_property = bd_question_row_get_property;
  object_class->set_property = bd_question_row_set_property;

  properties[PROP_HELPDESK] =
    g_param_spec_boolean ("helpdesk", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* const BdKbQuestion * from the default KB (never freed) */
  properties[PROP_QUESTION] =
    g_param_spec_pointer ("question", NULL, NULL,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BdQuestionRow::answered:
   * @answer: the #BdAnswer picked
   *
   * The user picked an answer (not emitted by bd_question_row_set_answer()).
   */
  signals[ANSWERED] =
    g_signal_new ("answered",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/bouncedoctor/BounceDoctor/steps/checks/bd-question-row.ui");
  gtk_widget_class_bind_template_child (widget_class, BdQuestionRow, caller_box);
  gtk_widget_class_bind_template_child (widget_class, BdQuestionRow, text_label);
  gtk_widget_class_bind_template_child (widget_class, BdQuestionRow, hint_label);
  gtk_widget_class_bind_template_child (widget_class, BdQuestionRow, yes_button);
  gtk_widget_class_bind_template_child (widget_class, BdQuestionRow, no_button);
  gtk_widget_class_bind_template_child (widget_class, BdQuestionRow, unknown_button);
  gtk_widget_class_bind_template_callback (widget_class, on_toggled);
}

static void
bd_question_row_init (BdQuestionRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self), FALSE);
}

GtkWidget *
bd_question_row_new (const BdKbQuestion *question)
{
  g_return_val_if_fail (question != NULL, NULL);

  return g_object_new (BD_TYPE_QUESTION_ROW,
                       "question", question,
                       NULL);
}
