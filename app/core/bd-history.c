/* bd-history.c: recent diagnoses, kept on this computer
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "bd-error.h"
#include "bd-history.h"

/* On disk, in the history directory:
 *
 *   history.json   the index, newest first:
 *                  { "schema": 1, "entries": [ { "id", "time", "name",
 *                    "summary", "headline", "category", "finished",
 *                    "checksum", "size" }, … ] }
 *   <id>.txt       the saved input of each entry, byte for byte
 *
 * Ids are generated here ("20260315T101010Z-1b4e28ba2fa1") and checked
 * against that shape when read back, so no file name ever comes from
 * anything but this file. */

#define INDEX_NAME      "history.json"
#define BROKEN_NAME     "history.json.broken"
#define INPUT_SUFFIX    ".txt"
#define SCHEMA          1
#define MAX_INDEX_SIZE  (4 * 1024 * 1024)
#define MAX_TEXT_FIELD  4096
#define MAX_DEPTH       16

typedef struct
{
  BdHistoryEntry  pub;        /* first, so an Entry * is a BdHistoryEntry * */
  char           *checksum;   /* SHA-256 of the input, nullable */
  guint64         size;
} Entry;

struct _BdHistory
{
  GObject    parent_instance;

  char      *dir;
  GPtrArray *entries;          /* of Entry *, newest first */
  gboolean   enabled;
  gboolean   loaded;           /* _load() ran: the policies may delete files */
};

G_DEFINE_FINAL_TYPE (BdHistory, bd_history, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DIRECTORY,
  PROP_ENABLED,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------ */
/* Entries                                                             */

static void
entry_free (Entry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->pub.id);
  g_clear_pointer (&entry->pub.time, g_date_time_unref);
  g_free (entry->pub.name);
  g_free (entry->pub.summary);
  g_free (entry->pub.headline);
  g_free (entry->pub.category);
  g_free (entry->checksum);
  g_free (entry);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Entry, entry_free)

/* The one shape of id this file generates: 8 digits, 'T', 6 digits, 'Z',
 * '-', 12 lower-case hex digits. */
static gboolean
id_is_valid (const char *id)
{
  static const char shape[] = "ddddddddTddddddZ-xxxxxxxxxxxx";
  gsize i;

  if (id == NULL)
    return FALSE;
  for (i = 0; shape[i] != '\0'; i++)
    {
      char c = id[i];

      switch (shape[i])
        {
        case 'd':
          if (!g_ascii_isdigit (c))
            return FALSE;
          break;

        case 'x':
          if (!g_ascii_isdigit (c) && !(c >= 'a' && c <= 'f'))
            return FALSE;
          break;

        default:
          if (c != shape[i])   /* also stops at the end of a short @id */
            return FALSE;
          break;
        }
    }
  return id[i] == '\0';
}

static gboolean
checksum_is_valid (const char *checksum)
{
  gsize i;

  if (checksum == NULL)
    return FALSE;
  for (i = 0; checksum[i] != '\0'; i++)
    if (!(g_ascii_isdigit (checksum[i]) || (checksum[i] >= 'a' && checksum[i] <= 'f')))
      return FALSE;
  return i == 64;
}

static char *
input_path (BdHistory  *self,
            const char *id)
{
  g_autofree char *base = NULL;

  g_assert (id_is_valid (id));
  base = g_strconcat (id, INPUT_SUFFIX, NULL);
  return g_build_filename (self->dir, base, NULL);
}

static Entry *
find_entry (BdHistory  *self,
            const char *id,
            guint      *position)
{
  if (id == NULL)
    return NULL;
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (g_strcmp0 (entry->pub.id, id) == 0)
        {
          if (position != NULL)
            *position = i;
          return entry;
        }
    }
  return NULL;
}

static Entry *
find_checksum (BdHistory  *self,
               const char *checksum)
{
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (g_strcmp0 (entry->checksum, checksum) == 0)
        return entry;
    }
  return NULL;
}

static char *
new_id (BdHistory *self,
        GDateTime *now)
{
  for (;;)
    {
      g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
      g_autofree char *uuid = g_uuid_string_random ();
      GString *id = g_string_new (stamp);

      g_string_append_c (id, '-');
      for (const char *p = uuid; *p != '\0' && id->len < 29; p++)
        if (*p != '-')
          g_string_append_c (id, g_ascii_tolower (*p));
      if (find_entry (self, id->str, NULL) == NULL)
        {
          g_assert (id_is_valid (id->str));
          return g_string_free (id, FALSE);
        }
      g_string_free (id, TRUE);
    }
}

/* A display string from the index or the caller: valid UTF-8, not huge. */
static char *
dup_text (const char *text)
{
  char *valid;

  if (text == NULL)
    return NULL;
  valid = g_utf8_make_valid (text, -1);
  if (strlen (valid) > MAX_TEXT_FIELD)
    {
      char *end = g_utf8_find_prev_char (valid, valid + MAX_TEXT_FIELD + 1);
      *end = '\0';
    }
  return valid;
}

/* ------------------------------------------------------------------ */
/* Files                                                               */

static gboolean
ensure_dir (BdHistory  *self,
            GError    **error)
{
  if (g_mkdir_with_parents (self->dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   /* Translators: %s is a folder, then the system's error message */
                   _("Could not create the history folder %s: %s"),
                   self->dir, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

static gboolean
unlink_file (const char  *path,
             GError     **error)
{
  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   /* Translators: %s is a file, then the system's error message */
                   _("Could not delete %s: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

static gboolean
delete_input (BdHistory   *self,
              const char  *id,
              GError     **error)
{
  g_autofree char *path = input_path (self, id);

  return unlink_file (path, error);
}

/* Deletes saved inputs that no entry refers to (left by a crash between
 * writing the input and the index, or by a broken index) and the broken
 * index itself: used when the history is cleared or turned off. */
static gboolean
sweep_orphans (BdHistory  *self,
               GError    **error)
{
  g_autoptr(GDir) dir = NULL;
  g_autofree char *broken = NULL;
  const char *name;
  gboolean ok = TRUE;

  dir = g_dir_open (self->dir, 0, NULL);
  if (dir == NULL)
    return TRUE;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *id = NULL;
      g_autofree char *path = NULL;

      if (!g_str_has_suffix (name, INPUT_SUFFIX))
        continue;
      id = g_strndup (name, strlen (name) - strlen (INPUT_SUFFIX));
      if (!id_is_valid (id) || find_entry (self, id, NULL) != NULL)
        continue;
      path = g_build_filename (self->dir, name, NULL);
      if (!unlink_file (path, ok ? error : NULL))
        ok = FALSE;
    }

  broken = g_build_filename (self->dir, BROKEN_NAME, NULL);
  if (!unlink_file (broken, ok ? error : NULL))
    ok = FALSE;
  return ok;
}

static JsonNode *
build_index (BdHistory *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "schema");
  json_builder_add_int_value (builder, SCHEMA);
  json_builder_set_member_name (builder, "entries");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->entries->len; i++)
    {
      const Entry *entry = g_ptr_array_index (self->entries, i);
      g_autoptr(GDateTime) utc = g_date_time_to_utc (entry->pub.time);
      g_autofree char *time = g_date_time_format_iso8601 (utc);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, entry->pub.id);
      json_builder_set_member_name (builder, "time");
      json_builder_add_string_value (builder, time);
      if (entry->pub.name != NULL)
        {
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, entry->pub.name);
        }
      if (entry->pub.summary != NULL)
        {
          json_builder_set_member_name (builder, "summary");
          json_builder_add_string_value (builder, entry->pub.summary);
        }
      if (entry->pub.headline != NULL)
        {
          json_builder_set_member_name (builder, "headline");
          json_builder_add_string_value (builder, entry->pub.headline);
        }
      if (entry->pub.category != NULL)
        {
          json_builder_set_member_name (builder, "category");
          json_builder_add_string_value (builder, entry->pub.category);
        }
      json_builder_set_member_name (builder, "finished");
      json_builder_add_boolean_value (builder, entry->pub.finished);
      if (entry->checksum != NULL)
        {
          json_builder_set_member_name (builder, "checksum");
          json_builder_add_string_value (builder, entry->checksum);
        }
      json_builder_set_member_name (builder, "size");
      json_builder_add_int_value (builder, (gint64) MIN (entry->size, (guint64) G_MAXINT64));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static gboolean
save_index (BdHistory  *self,
            GError    **error)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = build_index (self);
  g_autofree char *path = g_build_filename (self->dir, INDEX_NAME, NULL);
  g_autofree char *data = NULL;
  gsize len = 0;

  if (!ensure_dir (self, error))
    return FALSE;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  data = json_generator_to_data (generator, &len);

  return g_file_set_contents_full (path, data, (gssize) len,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                   0600, error);
}

/* ------------------------------------------------------------------ */
/* Reading the index                                                   */

/* The string member @name of @object, or NULL when it is absent or not a
 * string. */
static const char *
get_string (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_object_get_string_member_with_default (object, name, NULL);
}

static gboolean
get_boolean (JsonObject *object,
             const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;
  return json_object_get_boolean_member_with_default (object, name, FALSE);
}

static guint64
get_size (JsonObject *object,
          const char *name)
{
  JsonNode *node = json_object_get_member (object, name);
  gint64 value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_INT64)
    return 0;
  value = json_object_get_int_member_with_default (object, name, 0);
  return value > 0 ? (guint64) value : 0;
}

/* One entry of the index, or NULL when it is unusable. */
static Entry *
parse_entry (JsonNode *node)
{
  g_autoptr(Entry) entry = NULL;
  g_autoptr(GDateTime) time = NULL;
  JsonObject *object;
  const char *id;
  const char *iso;
  const char *checksum;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  object = json_node_get_object (node);

  id = get_string (object, "id");
  if (!id_is_valid (id))
    return NULL;
  iso = get_string (object, "time");
  if (iso == NULL || strlen (iso) > 64)
    return NULL;
  time = g_date_time_new_from_iso8601 (iso, NULL);
  if (time == NULL)
    return NULL;

  entry = g_new0 (Entry, 1);
  entry->pub.id = g_strdup (id);
  entry->pub.time = g_steal_pointer (&time);
  entry->pub.name = dup_text (get_string (object, "name"));
  entry->pub.summary = dup_text (get_string (object, "summary"));
  entry->pub.headline = dup_text (get_string (object, "headline"));
  entry->pub.category = dup_text (get_string (object, "category"));
  entry->pub.finished = get_boolean (object, "finished");
  checksum = get_string (object, "checksum");
  if (checksum_is_valid (checksum))
    entry->checksum = g_strdup (checksum);
  entry->size = get_size (object, "size");

  return g_steal_pointer (&entry);
}

/* json-glib parses recursively and runs out of stack on deeply nested
 * input, so such an index is refused before it is parsed. The index nests
 * three levels deep. */
static gboolean
nesting_is_sane (const char *data,
                 gsize       len)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < len; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > MAX_DEPTH)
            return FALSE;
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return TRUE;
}

/* Fills @entries from @data; FALSE when the index as a whole is unusable. */
static gboolean
parse_index (BdHistory  *self,
             const char *data,
             gsize       len,
             GPtrArray  *entries)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;
  JsonNode *list;
  JsonObject *object;
  JsonArray *array;

  if (len > MAX_INDEX_SIZE || len > G_MAXSSIZE || !nesting_is_sane (data, len))
    return FALSE;
  if (!json_parser_load_from_data (parser, data, (gssize) len, &error))
    {
      g_debug ("history: %s: %s", INDEX_NAME, error->message);
      return FALSE;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;
  object = json_node_get_object (root);
  list = json_object_get_member (object, "entries");
  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    return FALSE;
  array = json_node_get_array (list);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      Entry *entry = parse_entry (json_array_get_element (array, i));

      if (entry == NULL)
        continue;
      for (guint j = 0; j < entries->len && entry != NULL; j++)
        if (g_strcmp0 (((Entry *) g_ptr_array_index (entries, j))->pub.id, entry->pub.id) == 0)
          g_clear_pointer (&entry, entry_free);
      if (entry != NULL)
        g_ptr_array_add (entries, entry);
    }
  return TRUE;
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const Entry *x = *(const Entry * const *) a;
  const Entry *y = *(const Entry * const *) b;

  return g_date_time_compare (y->pub.time, x->pub.time);
}

/* ------------------------------------------------------------------ */
/* Policies                                                            */

static guint
n_visible (BdHistory *self)
{
  return self->enabled ? self->entries->len : 0;
}

static void
emit_changed (BdHistory *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Keeps at most BD_HISTORY_MAX_ENTRIES, dropping the oldest finished ones
 * (and, should all be unfinished, the oldest ones) but never @keep. Files
 * that cannot be deleted are left behind; clearing sweeps them later. */
static gboolean
apply_limit (BdHistory   *self,
             const Entry *keep)
{
  gboolean changed = FALSE;

  while (self->entries->len > BD_HISTORY_MAX_ENTRIES)
    {
      guint victim = G_MAXUINT;

      for (guint i = self->entries->len; i > 0 && victim == G_MAXUINT; i--)
        {
          const Entry *entry = g_ptr_array_index (self->entries, i - 1);
          if (entry->pub.finished && entry != keep)
            victim = i - 1;
        }
      for (guint i = self->entries->len; i > 0 && victim == G_MAXUINT; i--)
        if (g_ptr_array_index (self->entries, i - 1) != keep)
          victim = i - 1;
      g_assert (victim != G_MAXUINT);

      delete_input (self, ((Entry *) g_ptr_array_index (self->entries, victim))->pub.id, NULL);
      g_ptr_array_remove_index (self->entries, victim);
      changed = TRUE;
    }
  return changed;
}

/* With the history off, only one draft is kept: @keep, or without it the
 * newest unfinished entry. Everything else goes, with leftover files. */
static gboolean
apply_disabled (BdHistory   *self,
                const Entry *keep,
                GError     **error)
{
  gboolean ok = TRUE;

  if (keep == NULL)
    for (guint i = 0; i < self->entries->len && keep == NULL; i++)
      {
        const Entry *entry = g_ptr_array_index (self->entries, i);
        if (!entry->pub.finished)
          keep = entry;
      }

  for (guint i = self->entries->len; i > 0; i--)
    {
      const Entry *entry = g_ptr_array_index (self->entries, i - 1);

      if (entry == keep)
        continue;
      if (!delete_input (self, entry->pub.id, ok ? error : NULL))
        ok = FALSE;
      g_ptr_array_remove_index (self->entries, i - 1);
    }
  if (!sweep_orphans (self, ok ? error : NULL))
    ok = FALSE;
  return ok;
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */

static void
bd_history_finalize (GObject *object)
{
  BdHistory *self = (BdHistory *) object;

  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->dir, g_free);

  G_OBJECT_CLASS (bd_history_parent_class)->finalize (object);
}

static void
bd_history_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  BdHistory *self = BD_HISTORY (object);

  switch (prop_id)
    {
    case PROP_DIRECTORY:
      g_value_set_string (value, self->dir);
      break;

    case PROP_ENABLED:
      g_value_set_boolean (value, self->enabled);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_history_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  BdHistory *self = BD_HISTORY (object);

  switch (prop_id)
    {
    case PROP_DIRECTORY:
      g_free (self->dir);
      self->dir = g_value_dup_string (value);
      break;

    case PROP_ENABLED:
      bd_history_set_enabled (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_history_constructed (GObject *object)
{
  BdHistory *self = (BdHistory *) object;

  G_OBJECT_CLASS (bd_history_parent_class)->constructed (object);

  if (self->dir == NULL)
    self->dir = g_build_filename (g_get_user_data_dir (), "bounce-doctor", NULL);
}

static void
bd_history_class_init (BdHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bd_history_finalize;
  object_class->get_property = bd_history_get_property;
  object_class->set_property = bd_history_set_property;
  object_class->constructed = bd_history_constructed;

  /**
   * BdHistory:directory:
   *
   * Where the index and the saved inputs live.
   */
  properties[PROP_DIRECTORY] =
    g_param_spec_string ("directory", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * BdHistory:enabled:
   *
   * Whether diagnoses are kept (the keep-history setting).
   */
  properties[PROP_ENABLED] =
    g_param_spec_boolean ("enabled", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BdHistory::changed:
   *
   * The listed entries changed (added, moved, updated, removed, or all
   * hidden or shown by the enabled switch).
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
bd_history_init (BdHistory *self)
{
  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  self->enabled = TRUE;
}

/* ------------------------------------------------------------------ */
/* API                                                                 */

BdHistory *
bd_history_new (const char *dir)
{
  g_return_val_if_fail (dir != NULL, NULL);

  return g_object_new (BD_TYPE_HISTORY, "directory", dir, NULL);
}

/**
 * bd_history_get_directory:
 *
 * Returns: where the history is kept
 */
const char *
bd_history_get_directory (BdHistory *self)
{
  g_return_val_if_fail (BD_IS_HISTORY (self), NULL);

  return self->dir;
}

/**
 * bd_history_load:
 *
 * Reads the index. A missing folder or index is an empty history; an
 * unreadable index is renamed to history.json.broken (the saved inputs stay
 * where they are) and an empty history starts, which is no error either.
 *
 * Returns: FALSE with @error only when the index could not be read or set
 *   aside; the history is then empty.
 */
gboolean
bd_history_load (BdHistory  *self,
                 GError    **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *data = NULL;
  gboolean had_visible;
  gboolean ok = TRUE;
  GStatBuf st;
  gsize len = 0;

  g_return_val_if_fail (BD_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  had_visible = n_visible (self) > 0;
  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  path = g_build_filename (self->dir, INDEX_NAME, NULL);

  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;

      if (saved_errno != ENOENT && saved_errno != ENOTDIR)
        {
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       /* Translators: %s is a file, then the system's error message */
                       _("Could not read the history %s: %s"), path, g_strerror (saved_errno));
          ok = FALSE;
        }
    }
  else if (S_ISREG (st.st_mode) && st.st_size <= MAX_INDEX_SIZE
           && !g_file_get_contents (path, &data, &len, &local_error))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      ok = FALSE;
    }
  else if (!S_ISREG (st.st_mode) || data == NULL || !parse_index (self, data, len, entries))
    {
      g_autofree char *broken = g_build_filename (self->dir, BROKEN_NAME, NULL);

      g_debug ("history: %s is unreadable, setting it aside", path);
      g_ptr_array_set_size (entries, 0);
      if (g_rename (path, broken) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       /* Translators: %s is a file, then the system's error message */
                       _("Could not set aside the broken history %s: %s"),
                       path, g_strerror (saved_errno));
          ok = FALSE;
        }
    }

  g_ptr_array_sort (entries, compare_newest_first);
  g_ptr_array_unref (self->entries);
  self->entries = g_steal_pointer (&entries);
  self->loaded = TRUE;

  {
    gboolean trimmed = apply_limit (self, NULL);

    if (!self->enabled)
      {
        guint before = self->entries->len;

        apply_disabled (self, NULL, NULL);
        trimmed |= self->entries->len != before;
      }
    if (ok && trimmed)
      save_index (self, NULL);
  }

  if (had_visible || n_visible (self) > 0)
    emit_changed (self);

  return ok;
}

gboolean
bd_history_get_enabled (BdHistory *self)
{
  g_return_val_if_fail (BD_IS_HISTORY (self), FALSE);

  return self->enabled;
}

/**
 * bd_history_set_enabled:
 *
 * Turning the history off deletes every entry and saved input except the
 * newest unfinished one (an analysis may be running, or it is the draft
 * left by a crash); errors deleting files are ignored here
 * (bd_history_clear() reports them). Before bd_history_load() this only
 * records the choice, which the loading then applies.
 */
void
bd_history_set_enabled (BdHistory *self,
                        gboolean   enabled)
{
  guint visible_before;

  g_return_if_fail (BD_IS_HISTORY (self));

  enabled = !!enabled;
  if (self->enabled == enabled)
    return;

  visible_before = n_visible (self);
  self->enabled = enabled;
  /* Before _load() nothing is known about the drafts on disk: the policy
   * is applied when they are read */
  if (!enabled && self->loaded)
    {
      guint before = self->entries->len;

      apply_disabled (self, NULL, NULL);
      if (self->entries->len != before)
        save_index (self, NULL);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED]);
  if (visible_before != n_visible (self))
    emit_changed (self);
}

guint
bd_history_get_n_entries (BdHistory *self)
{
  g_return_val_if_fail (BD_IS_HISTORY (self), 0);

  return n_visible (self);
}

const BdHistoryEntry *
bd_history_get_entry (BdHistory *self,
                      guint      position)
{
  g_return_val_if_fail (BD_IS_HISTORY (self), NULL);

  if (position >= n_visible (self))
    return NULL;
  return g_ptr_array_index (self->entries, position);
}

/**
 * bd_history_lookup:
 *
 * Finds an entry by id; with the history off, only the draft is found.
 */
const BdHistoryEntry *
bd_history_lookup (BdHistory  *self,
                   const char *id)
{
  g_return_val_if_fail (BD_IS_HISTORY (self), NULL);

  return (const BdHistoryEntry *) find_entry (self, id, NULL);
}

/**
 * bd_history_save_input:
 * @input: the bytes as read or pasted (any size the caller holds in memory)
 * @name: (nullable): the file they came from, for display
 *
 * Saves @input before it is analysed. Input already in the history moves
 * to the top (and counts as unfinished again) instead of being duplicated.
 *
 * Returns: (transfer full): the id of the entry, or NULL with @error
 */
char *
bd_history_save_input (BdHistory   *self,
                       GBytes      *input,
                       const char  *name,
                       GError     **error)
{
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *checksum = NULL;
  g_autofree char *path = NULL;
  Entry *entry;
  gconstpointer data;
  gsize len = 0;
  gboolean fresh = FALSE;

  g_return_val_if_fail (BD_IS_HISTORY (self), NULL);
  g_return_val_if_fail (input != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Saving into an unread history would overwrite its index */
  if (!self->loaded)
    bd_history_load (self, NULL);
  if (!ensure_dir (self, error))
    return NULL;

  data = g_bytes_get_data (input, &len);
  checksum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, input);
  now = g_date_time_new_now_utc ();

  entry = find_checksum (self, checksum);
  if (entry != NULL)
    {
      GStatBuf st;
      guint position = 0;

      path = input_path (self, entry->pub.id);
      /* The same text again: rewrite its file only when it went missing */
      if ((g_stat (path, &st) != 0 || (guint64) st.st_size != (guint64) len)
          && !g_file_set_contents_full (path, data ? data : "", (gssize) len,
                                        G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
        return NULL;

      g_date_time_unref (entry->pub.time);
      entry->pub.time = g_date_time_ref (now);
      if (name != NULL)
        {
          g_free (entry->pub.name);
          entry->pub.name = dup_text (name);
        }
      entry->pub.finished = FALSE;
      find_entry (self, entry->pub.id, &position);
      g_ptr_array_steal_index (self->entries, position);
      g_ptr_array_insert (self->entries, 0, entry);
    }
  else
    {
      entry = g_new0 (Entry, 1);
      entry->pub.id = new_id (self, now);
      entry->pub.time = g_date_time_ref (now);
      entry->pub.name = dup_text (name);
      entry->checksum = g_steal_pointer (&checksum);
      entry->size = len;

      path = input_path (self, entry->pub.id);
      if (!g_file_set_contents_full (path, data ? data : "", (gssize) len,
                                     G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
        {
          entry_free (entry);
          return NULL;
        }
      g_ptr_array_insert (self->entries, 0, entry);
      fresh = TRUE;
    }

  if (self->enabled)
    apply_limit (self, entry);
  else
    apply_disabled (self, entry, NULL);

  if (!save_index (self, error))
    {
      /* Without an index the input would be lost to the history anyway */
      if (fresh)
        {
          delete_input (self, entry->pub.id, NULL);
          g_ptr_array_remove_index (self->entries, 0);
        }
      return NULL;
    }

  if (self->enabled)
    emit_changed (self);

  return g_strdup (entry->pub.id);
}

/* The translated title of the most likely cause of @report and its
 * category, or a fixed text when it has none. */
static void
describe_report (BdReport  *report,
                 char     **headline,
                 char     **category)
{
  g_autoptr(GArray) causes = bd_report_collect_causes (report);

  if (causes->len > 0)
    {
      const BdReportCause *rc = &g_array_index (causes, BdReportCause, 0);
      const BdKbCause *cause = rc->match->cause;

      *headline = g_strdup (bd_kb_gettext (cause->title));
      *category = g_strdup (bd_category_to_string (cause->category));
    }
  else if (report->failures->len == 0)
    {
      *headline = g_strdup (_("No delivery failure found"));
      *category = g_strdup (bd_category_to_string (BD_CATEGORY_NONE));
    }
  else
    {
      *headline = g_strdup (_("Cause not recognised"));
      *category = g_strdup (bd_category_to_string (BD_CATEGORY_OTHER));
    }
}

static gboolean
set_not_found (const char  *id,
               GError     **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       _("This diagnosis is no longer in the history"));
  return FALSE;
}

/**
 * bd_history_set_result:
 *
 * Records the summary, headline and category of @report for entry @id. With
 * the history off this deletes the draft instead.
 */
gboolean
bd_history_set_result (BdHistory   *self,
                       const char  *id,
                       BdReport    *report,
                       GError     **error)
{
  Entry *entry;
  guint position = 0;

  g_return_val_if_fail (BD_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  entry = find_entry (self, id, &position);
  if (entry == NULL)
    return set_not_found (id, error);

  if (!self->enabled)
    {
      gboolean ok = delete_input (self, entry->pub.id, error);

      g_ptr_array_remove_index (self->entries, position);
      if (!save_index (self, ok ? error : NULL))
        ok = FALSE;
      return ok;
    }

  g_free (entry->pub.summary);
  g_free (entry->pub.headline);
  g_free (entry->pub.category);
  entry->pub.summary = bd_report_dup_summary (report);
  describe_report (report, &entry->pub.headline, &entry->pub.category);
  entry->pub.finished = TRUE;

  if (!save_index (self, error))
    return FALSE;

  emit_changed (self);
  return TRUE;
}

/**
 * bd_history_dismiss_unfinished:
 *
 * Stops offering entry @id as unfinished without a result (the user chose
 * not to restore it, or its analysis failed or was cancelled). With the
 * history on it stays listed, without summary and headline; with the
 * history off the draft is deleted.
 */
gboolean
bd_history_dismiss_unfinished (BdHistory   *self,
                               const char  *id,
                               GError     **error)
{
  Entry *entry;

  g_return_val_if_fail (BD_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  entry = find_entry (self, id, NULL);
  if (entry == NULL)
    return set_not_found (id, error);

  if (!self->enabled)
    return bd_history_remove (self, id, error);

  if (entry->pub.finished)
    return TRUE;
  entry->pub.finished = TRUE;
  if (!save_index (self, error))
    return FALSE;
  emit_changed (self);
  return TRUE;
}

/**
 * bd_history_load_input:
 *
 * Returns: (transfer full): the saved input of entry @id, byte for byte,
 *   or NULL with @error
 */
GBytes *
bd_history_load_input (BdHistory   *self,
                       const char  *id,
                       GError     **error)
{
  g_autofree char *path = NULL;
  char *data = NULL;
  gsize len = 0;

  g_return_val_if_fail (BD_IS_HISTORY (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (find_entry (self, id, NULL) == NULL)
    {
      set_not_found (id, error);
      return NULL;
    }

  path = input_path (self, id);
  if (!g_file_get_contents (path, &data, &len, error))
    return NULL;
  return g_bytes_new_take (data, len);
}

/**
 * bd_history_get_unfinished:
 *
 * Works with the history on or off.
 */
const BdHistoryEntry *
bd_history_get_unfinished (BdHistory *self)
{
  g_return_val_if_fail (BD_IS_HISTORY (self), NULL);

  for (guint i = 0; i < self->entries->len; i++)
    {
      const Entry *entry = g_ptr_array_index (self->entries, i);

      if (!entry->pub.finished)
        return &entry->pub;
    }
  return NULL;
}

gboolean
bd_history_remove (BdHistory   *self,
                   const char  *id,
                   GError     **error)
{
  gboolean was_visible;
  gboolean ok;
  guint position = 0;

  g_return_val_if_fail (BD_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (find_entry (self, id, &position) == NULL)
    return set_not_found (id, error);

  was_visible = position < n_visible (self);
  ok = delete_input (self, id, error);
  g_ptr_array_remove_index (self->entries, position);
  if (!save_index (self, ok ? error : NULL))
    ok = FALSE;

  if (was_visible)
    emit_changed (self);
  return ok;
}

/**
 * bd_history_clear:
 *
 * Deletes every entry and saved input, also leftovers no entry refers to.
 */
gboolean
bd_history_clear (BdHistory  *self,
                  GError    **error)
{
  gboolean had_visible;
  gboolean ok = TRUE;

  g_return_val_if_fail (BD_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  had_visible = n_visible (self) > 0;
  for (guint i = 0; i < self->entries->len; i++)
    {
      const Entry *entry = g_ptr_array_index (self->entries, i);

      if (!delete_input (self, entry->pub.id, ok ? error : NULL))
        ok = FALSE;
    }
  g_ptr_array_set_size (self->entries, 0);
  if (!sweep_orphans (self, ok ? error : NULL))
    ok = FALSE;
  if (g_file_test (self->dir, G_FILE_TEST_IS_DIR) && !save_index (self, ok ? error : NULL))
    ok = FALSE;

  if (had_visible)
    emit_changed (self);
  return ok;
}
