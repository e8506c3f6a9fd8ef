/* bd-input-step-examples.c: "Try an Example" and "I Have No Error Message"
 *
 * The examples are bounces bundled in the GResource (data/examples/, with
 * examples.json as the index); the menu lists those in the user's language
 * first. The symptoms come from the knowledge base; picking one makes a
 * report of its likely causes (bd_diagnose_symptom) and goes on.
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <glib/gi18n-lib.h>

#include "bd-kb.h"

#include "bd-input-step-private.h"

#define EXAMPLES_PATH "/io/github/bouncedoctor/BounceDoctor/examples/"

/* The titles of data/examples/examples.json, for gettext: the index is
 * JSON, which xgettext cannot read. A title missing here gives a warning
 * (and fails the tests). */
static const char * const example_titles[] = {
  /* Translators: titles of the bundled example bounces ("Try an Example");
   * before the colon is the mail server or program */
  N_("MDaemon log: message does not conform to standards"),
  N_("Gmail: the sending IP has no PTR record"),
  N_("Microsoft 365: relay access denied"),
  N_("Gmail: the message is too large"),
  N_("Yahoo: the sending IP is on a blacklist"),
  N_("Gmail: the address does not exist"),
  N_("Yandex: refused as spam"),
  N_("Relay server refuses the sender"),
  N_("Postfix log: greylisting"),
  N_("Outlook: outgoing server not found"),
  N_("Exchange 2007: sender address rejected"),
  N_("Exchange: no reverse DNS record (PTR)"),
  N_("Mail.ru: the recipient’s mailbox is full"),
  N_("Exchange: the message is over the size limit"),
  N_("Thunderbird: login to the server failed"),
  N_("Outlook: cannot connect to the server"),
  N_("Exchange: the sender is on a blacklist"),
};

typedef struct
{
  char *file;
  char *title;
  char *language;
} Example;

static void
example_free (gpointer data)
{
  Example *example = data;

  g_free (example->file);
  g_free (example->title);
  g_free (example->language);
  g_free (example);
}

static gboolean
is_marked_for_translation (const char *title)
{
  for (guint i = 0; i < G_N_ELEMENTS (example_titles); i++)
    if (g_strcmp0 (example_titles[i], title) == 0)
      return TRUE;
  return FALSE;
}

/* The index, read once; never freed. */
static GPtrArray *
get_examples (void)
{
  static GPtrArray *examples;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *root;
  JsonArray *array;

  if (examples != NULL)
    return examples;

  examples = g_ptr_array_new_with_free_func (example_free);

  bytes = g_resources_lookup_data (EXAMPLES_PATH "examples.json", 0, &error);
  parser = json_parser_new ();
  if (bytes == NULL ||
      !json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                   g_bytes_get_size (bytes), &error))
    {
      g_warning ("Could not read the examples: %s", error->message);
      return examples;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      g_warning ("The examples index is not a JSON array");
      return examples;
    }

  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *object;
      const char *file, *title, *language;
      Example *example;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      object = json_node_get_object (node);
      file = json_object_get_string_member_with_default (object, "file", NULL);
      title = json_object_get_string_member_with_default (object, "title", NULL);
      language = json_object_get_string_member_with_default (object, "language", "en");
      if (file == NULL || title == NULL)
        continue;

      if (!is_marked_for_translation (title))
        g_warning ("Example title “%s” is not in example_titles[]", title);

      example = g_new0 (Example, 1);
      example->file = g_strdup (file);
      example->title = g_strdup (title);
      example->language = g_strdup (language);
      g_ptr_array_add (examples, example);
    }

  return examples;
}

/* "ru" for ru_RU.UTF-8, the first of the languages the examples come in;
 * "en" otherwise. */
static const char *
get_user_language (void)
{
  const char * const *names = g_get_language_names ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (g_str_has_prefix (names[i], "ru") &&
          (names[i][2] == '\0' || names[i][2] == '_' || names[i][2] == '.' || names[i][2] == '@'))
        return "ru";
      if (g_str_has_prefix (names[i], "en") &&
          (names[i][2] == '\0' || names[i][2] == '_' || names[i][2] == '.' || names[i][2] == '@'))
        return "en";
    }
  return "en";
}

static const char *
get_language_label (const char *language)
{
  if (g_strcmp0 (language, "en") == 0)
    /* Translators: a section of the examples menu: bounces written in English */
    return _("In English");
  if (g_strcmp0 (language, "ru") == 0)
    /* Translators: a section of the examples menu: bounces written in Russian */
    return _("In Russian");
  return language;
}

static void
append_section (GMenu      *menu,
                GPtrArray  *examples,
                const char *language,
                gboolean    same)
{
  g_autoptr(GMenu) section = g_menu_new ();
  const char *label = NULL;

  for (guint i = 0; i < examples->len; i++)
    {
      Example *example = g_ptr_array_index (examples, i);
      g_autoptr(GMenuItem) item = NULL;

      if ((g_strcmp0 (example->language, language) == 0) != same)
        continue;

      if (label == NULL)
        label = same ? get_language_label (language) : get_language_label (example->language);
      item = g_menu_item_new (_(example->title), NULL);
      g_menu_item_set_action_and_target_value (item, "input.example",
                                               g_variant_new_string (example->file));
      g_menu_append_item (section, item);
    }

  if (g_menu_model_get_n_items (G_MENU_MODEL (section)) > 0)
    g_menu_append_section (menu, label, G_MENU_MODEL (section));
}

static void
example_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  BdInputStep *self = BD_INPUT_STEP (widget);
  const char *file = g_variant_get_string (param, NULL);
  GPtrArray *examples = get_examples ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *source = NULL;
  Example *example = NULL;

  for (guint i = 0; i < examples->len && example == NULL; i++)
    if (g_strcmp0 (((Example *) g_ptr_array_index (examples, i))->file, file) == 0)
      example = g_ptr_array_index (examples, i);
  g_return_if_fail (example != NULL);

  path = g_strconcat (EXAMPLES_PATH, example->file, NULL);
  bytes = g_resources_lookup_data (path, 0, &error);
  g_return_if_fail (bytes != NULL);

  /* Translators: over the text area; %s is an example's title */
  source = g_strdup_printf (_("Example: %s"), _(example->title));
  _bd_input_step_take_input (self, bytes, example->file, source);
}

void
_bd_input_step_examples_init (BdInputStep *self)
{
  GPtrArray *examples = get_examples ();
  const char *language = get_user_language ();
  g_autoptr(GMenu) menu = g_menu_new ();

  /* The user's language first, then the others. */
  append_section (menu, examples, language, TRUE);
  append_section (menu, examples, language, FALSE);
  gtk_menu_button_set_menu_model (self->example_button, G_MENU_MODEL (menu));
}

/* ------------------------------------------------------------------------ */
/* Symptoms */

static void
on_symptom_activated (BdInputStep  *self,
                      AdwActionRow *row)
{
  const char *id = g_object_get_data (G_OBJECT (row), "symptom-id");

  g_free (self->symptom_id);
  self->symptom_id = g_strdup (id);
  self->input_serial++;
  _bd_input_step_update (self);

  /* As if "Next" was pressed: apply() makes the report. */
  gtk_widget_activate_action (GTK_WIDGET (self), "win.next", NULL);
}

void
_bd_input_step_symptoms_init (BdInputStep *self)
{
  BdKb *kb = bd_kb_get_default ();
  guint n = bd_kb_get_n_symptoms (kb);

  for (guint i = 0; i < n; i++)
    {
      const BdKbSymptom *symptom = bd_kb_get_symptom (kb, i);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), bd_kb_gettext (symptom->title));
      if (symptom->description != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), bd_kb_gettext (symptom->description));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 _bd_input_step_new_decorative_image ("go-next-symbolic"));
      g_object_set_data_full (G_OBJECT (row), "symptom-id", g_strdup (symptom->id), g_free);
      g_signal_connect_object (row, "activated", G_CALLBACK (on_symptom_activated),
                               self, G_CONNECT_SWAPPED);
      gtk_list_box_append (self->symptom_list, row);
    }
}

void
_bd_input_step_class_examples_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "input.example", "s", example_action);
}
