/* bd-kb.c: loading the knowledge base (data/kb/ JSON files)
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The KB is a set of JSON files, compiled into the program as a GResource
 * and read with json-glib once, on first use.  Every file is an object
 * {"schema": 1, …} with any of these arrays: "causes", "rules",
 * "reply_codes", "status_classes", "status_codes", "provider_codes",
 * "lists" (DNSBLs), "questions" and "symptoms" (the guided questions of the
 * Checks step and the symptoms a user without a message can pick).  Their
 * fields are described in data/kb/README.md.
 *
 * Loading is strict: an unknown category, a rule pointing at a cause that
 * does not exist, a one-letter pattern or a wrong type is an error naming
 * the file and the entry, so a broken KB never half-loads.
 *
 * All strings live as long as the KB; the default KB is never freed, so
 * failures may keep pointers into it.
 */
#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "bd-error.h"
#include "bd-kb-private.h"
#include "bd-kb-resources.h"
#include "bd-report.h"

#define KB_RESOURCE_PATH "/io/github/bouncedoctor/BounceDoctor/kb"

/* Patterns are at least three bytes long; the first three pick one of
 * 65536 buckets (hashed), and the first four bytes, kept as a word, are
 * compared before the rest, so a position of the text costs one table
 * look-up and, rarely, a short walk. */
#define MATCHER_MIN_LEN  3
#define MATCHER_BUCKETS  65536

struct _BdMatcher
{
  GPtrArray  *patterns;   /* of char *, normalised */
  GArray     *lens;       /* of guint */
  GHashTable *index;      /* pattern → id + 1 */
  guint32    *head;       /* MATCHER_BUCKETS buckets: id + 1 */
  guint32    *next;       /* per pattern: next id + 1 in its bucket */
  guint32    *prefix;     /* per pattern: its first four bytes (zero-padded) */
  guint32     mask3;      /* the first three bytes of a word, in memory order */
};

static inline guint
matcher_bucket (const guchar *p)
{
  guint32 h = ((guint32) p[0] << 16) | ((guint32) p[1] << 8) | p[2];
  return (h * 2654435761u) >> 16;
}

static inline guint32
matcher_word (const guchar *p,
              gsize         len)
{
  guint32 w = 0;
  memcpy (&w, p, MIN (len, 4));
  return w;
}

struct _BdKb
{
  GStringChunk *strings;
  GPtrArray    *allocs;       /* everything else we g_malloc'ed */

  GPtrArray    *causes;       /* of BdKbCause * */
  GHashTable   *cause_index;  /* id → BdKbCause * */
  GArray       *rules;        /* of BdKbRule */
  GPtrArray    *rule_causes;  /* cause id of each rule, until finished */
  GHashTable   *rule_ids;
  GPtrArray    *lists;        /* of BdKbDnsbl * */
  GHashTable   *list_index;   /* zone → BdKbDnsbl * */
  GArray       *list_patterns; /* of BdKbDnsblPatterns */
  GHashTable   *codes;        /* "550", "5", "x.1.1", "5.7.26" → BdKbCode * */
  GArray       *provider_codes; /* of BdKbProviderCode */
  GPtrArray    *questions;    /* of BdKbQuestion * */
  GHashTable   *question_index;
  GPtrArray    *symptoms;     /* of BdKbSymptom * */
  GHashTable   *symptom_index;
  GArray       *pending_effects; /* of PendingEffect, until finished */

  GString      *names;        /* the files loaded, for messages */
  BdMatcher     matcher;
  guint64      *cause_masks;  /* per cause: the patterns of its rules */
  gboolean      finished;
};

static const char * const programs[] = {
  "any", "outlook-classic", "outlook-new", "thunderbird", "apple-mail",
  "thebat", "phone", "webmail", NULL,
};

static const char * const servers[] = {
  "any", "mdaemon", "postfix", "exim", "exchange", "hosted", NULL,
};

/* The check groups of the Checks step (SPEC §2). */
static const char * const question_groups[] = {
  "dns", "auth", "size", "blacklist", "connection", NULL,
};

/* An effect whose cause id is resolved when the KB is finished (the causes
 * may come from a file loaded later). */
typedef struct
{
  BdKbEffect *effect;
  const char *cause_id;
  const char *file;
  const char *where;
} PendingEffect;


/* ------------------------------------------------------------------ */
/* Normalising and matching                                             */

void
bd_kb_normalize (GString    *out,
                 const char *text,
                 gssize      len)
{
  const guchar *p, *end;
  gboolean space = FALSE;

  if (text == NULL)
    return;
  if (len < 0)
    len = (gssize) strlen (text);

  p = (const guchar *) text;
  end = p + len;
  while (p < end)
    {
      guchar c = *p;

      if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v')
        {
          if (!space)
            g_string_append_c (out, ' ');
          space = TRUE;
          p++;
          continue;
        }
      space = FALSE;

      if (c < 0x80)
        {
          g_string_append_c (out, (char) g_ascii_tolower (c));
          p++;
          continue;
        }

      /* Cyrillic capitals: U+0410–U+042F → U+0430–U+044F, Ё/ё → е */
      if ((c == 0xd0 || c == 0xd1) && p + 1 < end)
        {
          guchar d = p[1];

          if (c == 0xd0 && d >= 0x90 && d <= 0x9f)
            {
              g_string_append_c (out, (char) 0xd0);
              g_string_append_c (out, (char) (d + 0x20));
            }
          else if (c == 0xd0 && d >= 0xa0 && d <= 0xaf)
            {
              g_string_append_c (out, (char) 0xd1);
              g_string_append_c (out, (char) (d - 0x20));
            }
          else if ((c == 0xd0 && d == 0x81) || (c == 0xd1 && d == 0x91))
            {
              g_string_append_c (out, (char) 0xd0);
              g_string_append_c (out, (char) 0xb5);
            }
          else
            {
              g_string_append_c (out, (char) c);
              g_string_append_c (out, (char) d);
            }
          p += 2;
          continue;
        }

      g_string_append_c (out, (char) c);
      p++;
    }
}

static void
matcher_init (BdMatcher *m)
{
  m->patterns = g_ptr_array_new_with_free_func (g_free);
  m->lens = g_array_new (FALSE, FALSE, sizeof (guint));
  m->index = g_hash_table_new (g_str_hash, g_str_equal);
}

static void
matcher_clear (BdMatcher *m)
{
  g_clear_pointer (&m->index, g_hash_table_unref);
  g_clear_pointer (&m->patterns, g_ptr_array_unref);
  g_clear_pointer (&m->lens, g_array_unref);
  g_clear_pointer (&m->head, g_free);
  g_clear_pointer (&m->next, g_free);
  g_clear_pointer (&m->prefix, g_free);
}

/* Returns the pattern id, or G_MAXUINT when the pattern is too short. */
static guint
matcher_add (BdMatcher  *m,
             const char *pattern)
{
  g_autoptr(GString) norm = g_string_new (NULL);
  gpointer found;
  guint id;

  bd_kb_normalize (norm, pattern, -1);
  if (norm->len < MATCHER_MIN_LEN)
    return G_MAXUINT;

  found = g_hash_table_lookup (m->index, norm->str);
  if (found != NULL)
    return GPOINTER_TO_UINT (found) - 1;

  id = m->patterns->len;
  g_array_append_val (m->lens, norm->len);
  g_ptr_array_add (m->patterns, g_string_free (g_steal_pointer (&norm), FALSE));
  g_hash_table_insert (m->index, g_ptr_array_index (m->patterns, id), GUINT_TO_POINTER (id + 1));
  return id;
}

static void
matcher_build (BdMatcher *m)
{
  guint n = m->patterns->len;

  m->mask3 = matcher_word ((const guchar *) "\xff\xff\xff", 3);
  m->head = g_new0 (guint32, MATCHER_BUCKETS);
  m->next = g_new0 (guint32, MAX (n, 1));
  m->prefix = g_new0 (guint32, MAX (n, 1));
  /* Walk backwards so each bucket lists its patterns in id order. */
  for (guint i = n; i-- > 0;)
    {
      const guchar *p = g_ptr_array_index (m->patterns, i);
      guint key = matcher_bucket (p);

      m->prefix[i] = matcher_word (p, g_array_index (m->lens, guint, i));
      m->next[i] = m->head[key];
      m->head[key] = i + 1;
    }
}

guint
bd_matcher_get_n_patterns (const BdMatcher *self)
{
  return self->patterns->len;
}

gsize
bd_matcher_get_n_words (const BdMatcher *self)
{
  return (self->patterns->len + 63) / 64 + 1;
}

void
bd_matcher_scan (const BdMatcher *self,
                 const char      *text,
                 gsize            len,
                 guint64         *bits)
{
  const guchar *t = (const guchar *) text;
  const guint *lens = (const guint *) (gpointer) self->lens->data;

  if (len < MATCHER_MIN_LEN)
    return;

  for (gsize i = 0; i + MATCHER_MIN_LEN <= len; i++)
    {
      guint32 h = self->head[matcher_bucket (t + i)];
      guint32 word;

      if (h == 0)
        continue;
      word = matcher_word (t + i, len - i);
      while (h != 0)
        {
          guint id = h - 1;
          guint plen = lens[id];

          if (plen <= len - i &&
              (plen < 4 ? ((word ^ self->prefix[id]) & self->mask3) == 0
                        : word == self->prefix[id]) &&
              (plen <= 4 || memcmp (t + i + 4, (const guchar *) g_ptr_array_index (self->patterns, id) + 4, plen - 4) == 0))
            bits[id / 64] |= G_GUINT64_CONSTANT (1) << (id % 64);
          h = self->next[id];
        }
    }
}

/* ------------------------------------------------------------------ */
/* Patterns of codes                                                    */

gboolean
bd_status_pattern_match (const BdStatusPattern *pattern,
                         guint                  klass,
                         guint                  subject,
                         guint                  detail)
{
  if (pattern->klass >= 0 && (guint) pattern->klass != klass)
    return FALSE;
  if (pattern->subject >= 0 && (guint) pattern->subject != subject)
    return FALSE;
  return detail >= pattern->lo && detail <= pattern->hi;
}

static gboolean
parse_number (const char **p,
              guint       *value)
{
  guint64 v = 0;

  if (!g_ascii_isdigit (**p))
    return FALSE;
  while (g_ascii_isdigit (**p))
    {
      v = v * 10 + (guint64) (**p - '0');
      if (v > 99999)
        return FALSE;
      (*p)++;
    }
  *value = (guint) v;
  return TRUE;
}

/* "5.7.1", "5.7.*", "5.*", "x.7.1", "5.7.606-649" */
static gboolean
parse_status_pattern (const char      *str,
                      BdStatusPattern *out)
{
  const char *p = str;
  guint v;

  out->klass = out->subject = -1;
  out->lo = 0;
  out->hi = G_MAXUINT;

  if (*p == 'x' || *p == 'X' || *p == '*')
    p++;
  else if (parse_number (&p, &v) && (v == 2 || v == 4 || v == 5))
    out->klass = (gint16) v;
  else
    return FALSE;

  if (*p == '\0')
    return TRUE;
  if (*p++ != '.')
    return FALSE;
  if (*p == '*')
    return p[1] == '\0' || strcmp (p + 1, ".*") == 0;
  if (!parse_number (&p, &v) || v > 999)
    return FALSE;
  out->subject = (gint16) v;

  if (*p == '\0')
    return TRUE;
  if (*p++ != '.')
    return FALSE;
  if (*p == '*')
    return p[1] == '\0';
  if (!parse_number (&p, &v))
    return FALSE;
  out->lo = out->hi = v;
  if (*p == '-')
    {
      p++;
      if (!parse_number (&p, &v) || v < out->lo)
        return FALSE;
      out->hi = v;
    }
  return *p == '\0';
}

/* 550, "550", "4xx", "55x" */
static gboolean
parse_reply_pattern (JsonNode       *node,
                     BdReplyPattern *out)
{
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    {
      gint64 v = json_node_get_int (node);
      if (v < 200 || v > 599)
        return FALSE;
      out->lo = out->hi = (guint) v;
      return TRUE;
    }
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *s = json_node_get_string (node);
      guint lo = 0, span = 1;

      if (strlen (s) != 3 || !g_ascii_isdigit (s[0]) || s[0] < '2' || s[0] > '5')
        return FALSE;
      for (int i = 0; i < 3; i++)
        {
          if (g_ascii_isdigit (s[i]))
            {
              if (span != 1)
                return FALSE;   /* "5x0" */
              lo = lo * 10 + (guint) (s[i] - '0');
            }
          else if (s[i] == 'x' || s[i] == 'X')
            {
              lo *= 10;
              span *= 10;
            }
          else
            return FALSE;
        }
      out->lo = lo;
      out->hi = lo + span - 1;
      return TRUE;
    }
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Loading                                                              */

typedef struct
{
  BdKb       *kb;
  const char *file;
  GError    **error;
} Loader;

G_GNUC_PRINTF (3, 4)
static gboolean
fail (Loader     *l,
      const char *where,
      const char *format,
      ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);

  /* Translators: error in a knowledge base file: "<file>: <entry>: <problem>" */
  g_set_error (l->error, BD_ERROR, BD_ERROR_KB, _("%s: %s: %s"),
               l->file, where, msg);
  return FALSE;
}

static gpointer
kb_alloc (BdKb  *kb,
          gsize  size)
{
  gpointer p = g_malloc0 (MAX (size, 1));
  g_ptr_array_add (kb->allocs, p);
  return p;
}

static const char *
kb_intern (BdKb       *kb,
           const char *str)
{
  return str ? g_string_chunk_insert_const (kb->strings, str) : NULL;
}

/* A string member; NULL and TRUE when absent and optional. */
static gboolean
get_string (Loader      *l,
            JsonObject  *obj,
            const char  *where,
            const char  *key,
            gboolean     required,
            const char **out)
{
  JsonNode *node = json_object_get_member (obj, key);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        return fail (l, where, _("“%s” is missing"), key);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return fail (l, where, _("“%s” must be a string"), key);
  if (*json_node_get_string (node) == '\0')
    return fail (l, where, _("“%s” is empty"), key);
  *out = kb_intern (l->kb, json_node_get_string (node));
  return TRUE;
}

/* A string array member as a NULL-terminated array (empty when absent). */
static gboolean
get_strv (Loader       *l,
          JsonObject   *obj,
          const char   *where,
          const char   *key,
          const char ***out,
          guint        *n_out)
{
  JsonNode *node = json_object_get_member (obj, key);
  JsonArray *array;
  const char **strv;
  guint n;

  *out = NULL;
  if (n_out)
    *n_out = 0;
  if (node == NULL)
    {
      *out = kb_alloc (l->kb, sizeof (char *));
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (l, where, _("“%s” must be a list of strings"), key);
  array = json_node_get_array (node);
  n = json_array_get_length (array);
  strv = kb_alloc (l->kb, (n + 1) * sizeof (char *));
  for (guint i = 0; i < n; i++)
    {
      JsonNode *e = json_array_get_element (array, i);
      if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING ||
          *json_node_get_string (e) == '\0')
        return fail (l, where, _("“%s” must be a list of strings"), key);
      strv[i] = kb_intern (l->kb, json_node_get_string (e));
    }
  *out = strv;
  if (n_out)
    *n_out = n;
  return TRUE;
}

static gboolean
get_patterns (Loader      *l,
              JsonObject  *obj,
              const char  *where,
              const char  *key,
              guint      **ids,
              guint       *n_ids)
{
  const char **strv;
  guint n;

  if (!get_strv (l, obj, where, key, &strv, &n))
    return FALSE;
  *ids = kb_alloc (l->kb, n * sizeof (guint));
  *n_ids = n;
  for (guint i = 0; i < n; i++)
    {
      (*ids)[i] = matcher_add (&l->kb->matcher, strv[i]);
      if ((*ids)[i] == G_MAXUINT)
        return fail (l, where, _("the pattern “%s” is too short"), strv[i]);
    }
  return TRUE;
}

static JsonArray *
get_array (Loader     *l,
           JsonObject *obj,
           const char *key,
           gboolean   *ok)
{
  JsonNode *node = json_object_get_member (obj, key);

  *ok = TRUE;
  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      *ok = fail (l, key, _("must be a list"));
      return NULL;
    }
  return json_node_get_array (node);
}

static JsonObject *
element_object (Loader    *l,
                JsonArray *array,
                guint      i,
                const char *what)
{
  JsonNode *node = json_array_get_element (array, i);
  g_autofree char *where = NULL;

  if (JSON_NODE_HOLDS_OBJECT (node))
    return json_node_get_object (node);
  where = g_strdup_printf ("%s[%u]", what, i);
  fail (l, where, _("must be an object"));
  return NULL;
}

static gboolean
in_list (const char * const *list,
         const char         *value)
{
  for (guint i = 0; list[i] != NULL; i++)
    if (g_str_equal (list[i], value))
      return TRUE;
  return FALSE;
}

static gboolean
load_fix (Loader     *l,
          JsonObject *obj,
          const char *where,
          BdKbFix    *fix)
{
  const char *who, *variant;
  JsonArray *records;
  gboolean ok;

  if (!get_string (l, obj, where, "for", TRUE, &who))
    return FALSE;
  if (g_str_equal (who, "user"))
    fix->audience = BD_KB_FOR_USER;
  else if (g_str_equal (who, "admin"))
    fix->audience = BD_KB_FOR_ADMIN;
  else if (g_str_equal (who, "recipient"))
    fix->audience = BD_KB_FOR_RECIPIENT;
  else
    return fail (l, where, _("“for” must be user, admin or recipient, not “%s”"), who);

  if (!get_string (l, obj, where, fix->audience == BD_KB_FOR_ADMIN ? "server" : "program",
                   FALSE, &variant))
    return FALSE;
  if (variant == NULL)
    variant = "any";
  if (fix->audience == BD_KB_FOR_USER && !in_list (programs, variant))
    return fail (l, where, _("unknown mail program “%s”"), variant);
  if (fix->audience == BD_KB_FOR_ADMIN && !in_list (servers, variant))
    return fail (l, where, _("unknown server “%s”"), variant);
  fix->variant = kb_intern (l->kb, variant);

  if (!get_string (l, obj, where, "title", TRUE, &fix->title) ||
      !get_strv (l, obj, where, "steps", &fix->steps, NULL))
    return FALSE;
  if (fix->steps[0] == NULL)
    return fail (l, where, _("a fix needs at least one step"));

  records = get_array (l, obj, "records", &ok);
  if (!ok)
    return FALSE;
  if (records != NULL)
    {
      fix->n_records = json_array_get_length (records);
      fix->records = kb_alloc (l->kb, fix->n_records * sizeof (BdKbRecord));
      for (guint i = 0; i < fix->n_records; i++)
        {
          JsonObject *r = element_object (l, records, i, "records");
          if (r == NULL ||
              !get_string (l, r, where, "type", TRUE, &fix->records[i].type) ||
              !get_string (l, r, where, "name", TRUE, &fix->records[i].name) ||
              !get_string (l, r, where, "value", TRUE, &fix->records[i].value))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
load_cause (Loader     *l,
            JsonObject *obj,
            const char *section,
            guint       i)
{
  g_autofree char *where = g_strdup_printf ("causes[%u]", i);
  BdKbCause *cause = kb_alloc (l->kb, sizeof *cause);
  const char *category, *owner;
  JsonArray *fixes;
  gboolean ok;

  if (!get_string (l, obj, where, "id", TRUE, &cause->id))
    return FALSE;
  g_free (where);
  where = g_strdup_printf ("cause %s", cause->id);

  if (g_hash_table_contains (l->kb->cause_index, cause->id))
    return fail (l, where, _("defined twice"));

  if (!get_string (l, obj, where, "category", TRUE, &category))
    return FALSE;
  cause->category = bd_category_from_string (category);
  if (!g_str_equal (bd_category_to_string (cause->category), category))
    return fail (l, where, _("unknown category “%s”"), category);
  if (!g_str_has_prefix (cause->id, category) || cause->id[strlen (category)] != '.')
    return fail (l, where, _("the id must start with its category “%s.”"), category);

  if (!get_string (l, obj, where, "owner", TRUE, &owner))
    return FALSE;
  if (g_str_equal (owner, "user"))
    cause->owner = BD_KB_OWNER_USER;
  else if (g_str_equal (owner, "server"))
    cause->owner = BD_KB_OWNER_SERVER;
  else if (g_str_equal (owner, "recipient"))
    cause->owner = BD_KB_OWNER_RECIPIENT;
  else
    return fail (l, where, _("“owner” must be user, server or recipient, not “%s”"), owner);

  if (!get_string (l, obj, where, "title", TRUE, &cause->title) ||
      !get_string (l, obj, where, "explanation", TRUE, &cause->explanation) ||
      !get_strv (l, obj, where, "checks", &cause->checks, NULL))
    return FALSE;

  fixes = get_array (l, obj, "fixes", &ok);
  if (!ok)
    return FALSE;
  if (fixes != NULL)
    {
      cause->n_fixes = json_array_get_length (fixes);
      cause->fixes = kb_alloc (l->kb, cause->n_fixes * sizeof (BdKbFix));
      for (guint f = 0; f < cause->n_fixes; f++)
        {
          g_autofree char *fwhere = g_strdup_printf ("%s: fixes[%u]", where, f);
          JsonObject *fobj = element_object (l, fixes, f, "fixes");
          if (fobj == NULL || !load_fix (l, fobj, fwhere, &cause->fixes[f]))
            return FALSE;
        }
    }

  {
    gboolean user = FALSE;
    for (guint f = 0; f < cause->n_fixes; f++)
      user |= cause->fixes[f].audience == BD_KB_FOR_USER;
    if (!user)
      return fail (l, where, _("every cause needs a fix for the user"));
  }

  cause->index = l->kb->causes->len;
  g_ptr_array_add (l->kb->causes, cause);
  g_hash_table_insert (l->kb->cause_index, (gpointer) cause->id, cause);
  return TRUE;
}

static gboolean
get_stage_mask (Loader     *l,
                JsonObject *obj,
                const char *where,
                guint      *mask)
{
  const char **stages;

  *mask = 0;
  if (!get_strv (l, obj, where, "stage", &stages, NULL))
    return FALSE;
  for (guint i = 0; stages[i] != NULL; i++)
    {
      /* the stage names of JSON output, and "unknown" for none */
      BdStage stage = bd_stage_from_string (stages[i]);
      const char *name = bd_stage_to_string (stage);

      if (stage == BD_STAGE_UNKNOWN ? !g_str_equal (stages[i], "unknown")
                                    : !g_str_equal (stages[i], name))
        return fail (l, where, _("unknown stage “%s”"), stages[i]);
      *mask |= 1u << stage;
    }
  return TRUE;
}

static gboolean
load_rule (Loader     *l,
           JsonObject *obj,
           const char *section,
           guint       i)
{
  g_autofree char *where = g_strdup_printf ("rules[%u]", i);
  BdKbRule rule = { 0 };
  const char *cause_id, **status;
  JsonNode *weight;
  JsonArray *reply;
  gboolean ok;

  if (!get_string (l, obj, where, "id", TRUE, &rule.id))
    return FALSE;
  g_free (where);
  where = g_strdup_printf ("rule %s", rule.id);
  if (!g_hash_table_add (l->kb->rule_ids, (gpointer) rule.id))
    return fail (l, where, _("defined twice"));

  if (!get_string (l, obj, where, "cause", TRUE, &cause_id))
    return FALSE;

  weight = json_object_get_member (obj, "weight");
  if (weight == NULL || !JSON_NODE_HOLDS_VALUE (weight) ||
      (json_node_get_value_type (weight) != G_TYPE_DOUBLE &&
       json_node_get_value_type (weight) != G_TYPE_INT64))
    return fail (l, where, _("“weight” must be a number"));
  rule.weight = json_node_get_double (weight);
  if (!(rule.weight > 0.0 && rule.weight <= 1.0))
    return fail (l, where, _("“weight” must be above 0 and at most 1"));

  if (!get_patterns (l, obj, where, "text", &rule.text, &rule.n_text) ||
      !get_patterns (l, obj, where, "context", &rule.context, &rule.n_context) ||
      !get_patterns (l, obj, where, "not_text", &rule.not_text, &rule.n_not_text) ||
      !get_stage_mask (l, obj, where, &rule.stage_mask) ||
      !get_string (l, obj, where, "since", FALSE, &rule.since) ||
      !get_strv (l, obj, where, "status", &status, &rule.n_status))
    return FALSE;

  rule.status = kb_alloc (l->kb, rule.n_status * sizeof (BdStatusPattern));
  for (guint s = 0; s < rule.n_status; s++)
    if (!parse_status_pattern (status[s], &rule.status[s]))
      return fail (l, where, _("“%s” is not a status code pattern"), status[s]);

  reply = get_array (l, obj, "reply", &ok);
  if (!ok)
    return FALSE;
  if (reply != NULL)
    {
      rule.n_reply = json_array_get_length (reply);
      rule.reply = kb_alloc (l->kb, rule.n_reply * sizeof (BdReplyPattern));
      for (guint r = 0; r < rule.n_reply; r++)
        if (!parse_reply_pattern (json_array_get_element (reply, r), &rule.reply[r]))
          return fail (l, where, _("“reply” must hold codes such as 550, \"55x\" or \"4xx\""));
    }

  g_array_append_val (l->kb->rules, rule);
  g_ptr_array_add (l->kb->rule_causes, (gpointer) cause_id);
  return TRUE;
}

static gboolean
load_answers (Loader      *l,
              JsonObject  *obj,
              const char  *where,
              const char  *key,
              BdKbAnswer **out,
              guint       *n_out)
{
  JsonArray *array;
  gboolean ok;

  *out = NULL;
  *n_out = 0;
  array = get_array (l, obj, key, &ok);
  if (!ok || array == NULL)
    return ok;
  *n_out = json_array_get_length (array);
  *out = kb_alloc (l->kb, *n_out * sizeof (BdKbAnswer));
  for (guint i = 0; i < *n_out; i++)
    {
      JsonObject *a = element_object (l, array, i, key);
      if (a == NULL ||
          !get_string (l, a, where, "answer", TRUE, &(*out)[i].answer) ||
          !get_string (l, a, where, "meaning", TRUE, &(*out)[i].meaning))
        return FALSE;
    }
  return TRUE;
}

static gboolean
load_list (Loader     *l,
           JsonObject *obj,
           const char *section,
           guint       i)
{
  g_autofree char *where = g_strdup_printf ("lists[%u]", i);
  BdKbDnsbl *list = kb_alloc (l->kb, sizeof *list);
  BdKbDnsblPatterns pats = { list, 0, NULL };
  const char *state;
  JsonNode *ipv6, *test;

  if (!get_string (l, obj, where, "zone", TRUE, &list->zone))
    return FALSE;
  g_free (where);
  where = g_strdup_printf ("list %s", list->zone);
  if (g_hash_table_contains (l->kb->list_index, list->zone))
    return fail (l, where, _("defined twice"));

  if (!get_string (l, obj, where, "name", TRUE, &list->name) ||
      !get_strv (l, obj, where, "aliases", &list->aliases, NULL) ||
      !get_string (l, obj, where, "state", TRUE, &state) ||
      !get_string (l, obj, where, "dead_since", FALSE, &list->dead_since) ||
      !get_string (l, obj, where, "summary", FALSE, &list->summary) ||
      !get_string (l, obj, where, "note", FALSE, &list->note) ||
      !get_string (l, obj, where, "delist", FALSE, &list->delist) ||
      !load_answers (l, obj, where, "codes", &list->codes, &list->n_codes) ||
      !load_answers (l, obj, where, "refused", &list->refused, &list->n_refused))
    return FALSE;

  if (g_str_equal (state, "active"))
    list->state = BD_KB_LIST_ACTIVE;
  else if (g_str_equal (state, "dead"))
    list->state = BD_KB_LIST_DEAD;
  else if (g_str_equal (state, "retired"))
    list->state = BD_KB_LIST_RETIRED;
  else
    return fail (l, where, _("“state” must be active, dead or retired, not “%s”"), state);

  ipv6 = json_object_get_member (obj, "ipv6");
  list->ipv6 = ipv6 != NULL && JSON_NODE_HOLDS_VALUE (ipv6) &&
               json_node_get_value_type (ipv6) == G_TYPE_BOOLEAN &&
               json_node_get_boolean (ipv6);

  test = json_object_get_member (obj, "test");
  if (test != NULL && JSON_NODE_HOLDS_OBJECT (test))
    {
      JsonObject *t = json_node_get_object (test);
      if (!get_string (l, t, where, "listed", FALSE, &list->test_listed) ||
          !get_string (l, t, where, "unlisted", FALSE, &list->test_unlisted))
        return FALSE;
    }

  /* The zone and its aliases are searched for in bounce texts. */
  pats.n_patterns = 1 + g_strv_length ((char **) list->aliases);
  pats.patterns = kb_alloc (l->kb, pats.n_patterns * sizeof (guint));
  for (guint a = 0; a < pats.n_patterns; a++)
    {
      const char *name = a == 0 ? list->zone : list->aliases[a - 1];
      pats.patterns[a] = matcher_add (&l->kb->matcher, name);
      if (pats.patterns[a] == G_MAXUINT)
        return fail (l, where, _("the pattern “%s” is too short"), name);
    }

  g_ptr_array_add (l->kb->lists, list);
  g_hash_table_insert (l->kb->list_index, (gpointer) list->zone, list);
  g_array_append_val (l->kb->list_patterns, pats);
  return TRUE;
}

static gboolean
add_code (Loader     *l,
          const char *where,
          BdKbCode   *code)
{
  if (g_hash_table_contains (l->kb->codes, code->id))
    return fail (l, where, _("defined twice"));
  g_hash_table_insert (l->kb->codes, (gpointer) code->id, code);
  return TRUE;
}

/* reply_codes, status_classes, status_codes */
static gboolean
load_code (Loader     *l,
           JsonObject *obj,
           const char *section,
           guint       i)
{
  g_autofree char *where = g_strdup_printf ("%s[%u]", section, i);
  BdKbCode *code = kb_alloc (l->kb, sizeof *code);
  JsonNode *node;

  if (g_str_equal (section, "status_codes"))
    {
      BdStatusPattern pat;
      if (!get_string (l, obj, where, "code", TRUE, &code->code))
        return FALSE;
      if (!parse_status_pattern (code->code, &pat) || pat.subject < 0 || pat.lo != pat.hi)
        return fail (l, where, _("“%s” is not a status code such as x.1.1 or 5.7.26"), code->code);
      {
        g_autofree char *lower = g_ascii_strdown (code->code, -1);
        code->id = code->code = kb_intern (l->kb, lower);
      }
    }
  else
    {
      const char *key = g_str_equal (section, "status_classes") ? "class" : "code";
      gint64 v;

      node = json_object_get_member (obj, key);
      if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
          json_node_get_value_type (node) != G_TYPE_INT64)
        return fail (l, where, _("“%s” must be a number"), key);
      v = json_node_get_int (node);
      if (g_str_equal (key, "class") ? (v != 2 && v != 4 && v != 5) : (v < 200 || v > 599))
        return fail (l, where, _("“%s” is out of range"), key);
      {
        g_autofree char *id = g_strdup_printf ("%s%" G_GINT64_FORMAT,
                                               g_str_equal (key, "class") ? "class." : "", v);
        code->id = kb_intern (l->kb, id);
        code->code = kb_intern (l->kb, id + (g_str_equal (key, "class") ? 6 : 0));
      }
    }

  if (!get_string (l, obj, where, "title", TRUE, &code->title) ||
      !get_string (l, obj, where, "explanation", TRUE, &code->explanation) ||
      !get_string (l, obj, where, "source", FALSE, &code->source))
    return FALSE;
  return add_code (l, where, code);
}

static gboolean
load_provider_code (Loader     *l,
                    JsonObject *obj,
                    const char *section,
                    guint       i)
{
  g_autofree char *where = g_strdup_printf ("provider_codes[%u]", i);
  BdKbCode *code = kb_alloc (l->kb, sizeof *code);
  BdKbProviderCode pc = { code, { -1, -1, 0, G_MAXUINT }, 0, NULL, 0, NULL, 0, 0 };
  const char *status;
  JsonNode *reply;

  if (!get_string (l, obj, where, "id", TRUE, &code->id))
    return FALSE;
  g_free (where);
  where = g_strdup_printf ("provider code %s", code->id);
  if (!get_string (l, obj, where, "provider", TRUE, &code->provider) ||
      !get_string (l, obj, where, "status", FALSE, &status) ||
      !get_string (l, obj, where, "since", FALSE, &code->since) ||
      !get_string (l, obj, where, "title", TRUE, &code->title) ||
      !get_string (l, obj, where, "explanation", TRUE, &code->explanation) ||
      !get_string (l, obj, where, "source", FALSE, &code->source) ||
      !get_patterns (l, obj, where, "detect", &pc.detect, &pc.n_detect) ||
      !get_patterns (l, obj, where, "text", &pc.text, &pc.n_text))
    return FALSE;
  if (status != NULL && !parse_status_pattern (status, &pc.status))
    return fail (l, where, _("“%s” is not a status code pattern"), status);
  code->code = status;

  reply = json_object_get_member (obj, "reply");
  if (reply != NULL)
    {
      BdReplyPattern rp;
      if (!parse_reply_pattern (reply, &rp) || rp.lo != rp.hi)
        return fail (l, where, _("“reply” must be a reply code such as 550"));
      pc.reply = rp.lo;
      if (code->code == NULL)
        {
          g_autofree char *s = g_strdup_printf ("%u", rp.lo);
          code->code = kb_intern (l->kb, s);
        }
    }
  if (pc.n_detect == 0)
    return fail (l, where, _("“detect” needs at least one pattern"));

  g_array_append_val (l->kb->provider_codes, pc);
  return add_code (l, where, code);
}

/* Every member of @obj must be one of @keys: a misspelt key would
 * otherwise be silently ignored. */
static gboolean
check_keys (Loader             *l,
            JsonObject         *obj,
            const char         *where,
            const char * const *keys)
{
  g_autoptr(GList) members = json_object_get_members (obj);

  for (GList *m = members; m != NULL; m = m->next)
    if (!in_list (keys, m->data))
      return fail (l, where, _("unknown key “%s”"), (const char *) m->data);
  return TRUE;
}

/* A list of {"cause": id, "weight": w}; @positive: weights must be above 0,
 * else any non-zero weight from -0.9 to 0.9. */
static gboolean
load_effects (Loader      *l,
              JsonObject  *obj,
              const char  *where,
              const char  *key,
              gboolean     positive,
              BdKbEffect **out,
              guint       *n_out)
{
  static const char * const effect_keys[] = { "cause", "weight", NULL };
  JsonArray *array;
  gboolean ok;

  *out = NULL;
  *n_out = 0;
  array = get_array (l, obj, key, &ok);
  if (!ok || array == NULL)
    {
      if (!ok)
        {
          /* get_array named only the key: name the entry too */
          g_clear_error (l->error);
          return fail (l, where, _("“%s” must be a list"), key);
        }
      return TRUE;
    }
  *n_out = json_array_get_length (array);
  *out = kb_alloc (l->kb, *n_out * sizeof (BdKbEffect));
  for (guint i = 0; i < *n_out; i++)
    {
      g_autofree char *ewhere = g_strdup_printf ("%s: %s[%u]", where, key, i);
      JsonNode *node = json_array_get_element (array, i);
      PendingEffect pending;
      JsonObject *e;
      JsonNode *weight;
      const char *cause_id;
      double w;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return fail (l, ewhere, _("must be an object"));
      e = json_node_get_object (node);
      if (!check_keys (l, e, ewhere, effect_keys) ||
          !get_string (l, e, ewhere, "cause", TRUE, &cause_id))
        return FALSE;
      weight = json_object_get_member (e, "weight");
      if (weight == NULL || !JSON_NODE_HOLDS_VALUE (weight) ||
          (json_node_get_value_type (weight) != G_TYPE_DOUBLE &&
           json_node_get_value_type (weight) != G_TYPE_INT64))
        return fail (l, ewhere, _("“weight” must be a number"));
      w = json_node_get_double (weight);
      if (positive && !(w > 0.0 && w <= 0.9))
        return fail (l, ewhere, _("“weight” must be above 0 and at most 0.9"));
      if (!positive && !(w >= -0.9 && w <= 0.9 && w != 0.0))
        return fail (l, ewhere, _("“weight” must be from -0.9 to 0.9 and not 0"));
      for (guint k = 0; k < i; k++)
        {
          PendingEffect *prev = &g_array_index (l->kb->pending_effects, PendingEffect,
                                                l->kb->pending_effects->len - i + k);
          if (g_str_equal (prev->cause_id, cause_id))
            return fail (l, ewhere, _("the cause “%s” is named twice"), cause_id);
        }

      (*out)[i].weight = w;
      pending.effect = &(*out)[i];
      pending.cause_id = cause_id;
      pending.file = kb_intern (l->kb, l->file);
      pending.where = kb_intern (l->kb, ewhere);
      g_array_append_val (l->kb->pending_effects, pending);
    }
  return TRUE;
}

/* An id of the form "<prefix>.<name>". */
static gboolean
check_prefixed_id (Loader     *l,
                   const char *where,
                   const char *id,
                   const char *prefix)
{
  if (!g_str_has_prefix (id, prefix) || id[strlen (prefix)] == '\0')
    return fail (l, where, _("the id must start with “%s”"), prefix);
  return TRUE;
}

static gboolean
load_question (Loader     *l,
               JsonObject *obj,
               const char *section,
               guint       i)
{
  static const char * const keys[] = {
    "id", "group", "text", "script", "hint", "categories", "yes", "no", "comment", NULL,
  };
  g_autofree char *where = g_strdup_printf ("questions[%u]", i);
  BdKbQuestion *q = kb_alloc (l->kb, sizeof *q);
  const char **categories;
  BdCategory *cats;

  if (!get_string (l, obj, where, "id", TRUE, &q->id))
    return FALSE;
  g_free (where);
  where = g_strdup_printf ("question %s", q->id);
  if (!check_prefixed_id (l, where, q->id, "q."))
    return FALSE;
  if (g_hash_table_contains (l->kb->question_index, q->id))
    return fail (l, where, _("defined twice"));

  if (!check_keys (l, obj, where, keys) ||
      !get_string (l, obj, where, "group", TRUE, &q->group) ||
      !get_string (l, obj, where, "text", TRUE, &q->text) ||
      !get_string (l, obj, where, "script", TRUE, &q->script) ||
      !get_string (l, obj, where, "hint", FALSE, &q->hint) ||
      !get_strv (l, obj, where, "categories", &categories, &q->n_categories))
    return FALSE;
  if (!in_list (question_groups, q->group))
    return fail (l, where, _("“group” must be dns, auth, size, blacklist or connection, not “%s”"),
                 q->group);
  if (q->n_categories == 0)
    return fail (l, where, _("“categories” needs at least one category"));

  cats = kb_alloc (l->kb, q->n_categories * sizeof (BdCategory));
  for (guint c = 0; c < q->n_categories; c++)
    {
      cats[c] = bd_category_from_string (categories[c]);
      if (!g_str_equal (bd_category_to_string (cats[c]), categories[c]))
        return fail (l, where, _("unknown category “%s”"), categories[c]);
    }
  q->categories = cats;

  if (!load_effects (l, obj, where, "yes", FALSE, &q->yes, &q->n_yes) ||
      !load_effects (l, obj, where, "no", FALSE, &q->no, &q->n_no))
    return FALSE;
  if (q->n_yes + q->n_no == 0)
    return fail (l, where, _("a question needs an effect for “yes” or “no”"));

  q->index = l->kb->questions->len;
  g_ptr_array_add (l->kb->questions, q);
  g_hash_table_insert (l->kb->question_index, (gpointer) q->id, q);
  return TRUE;
}

static gboolean
load_symptom (Loader     *l,
              JsonObject *obj,
              const char *section,
              guint       i)
{
  static const char * const keys[] = {
    "id", "title", "description", "effects", "comment", NULL,
  };
  g_autofree char *where = g_strdup_printf ("symptoms[%u]", i);
  BdKbSymptom *symptom = kb_alloc (l->kb, sizeof *symptom);

  if (!get_string (l, obj, where, "id", TRUE, &symptom->id))
    return FALSE;
  g_free (where);
  where = g_strdup_printf ("symptom %s", symptom->id);
  if (!check_prefixed_id (l, where, symptom->id, "symptom."))
    return FALSE;
  if (g_hash_table_contains (l->kb->symptom_index, symptom->id))
    return fail (l, where, _("defined twice"));

  if (!check_keys (l, obj, where, keys) ||
      !get_string (l, obj, where, "title", TRUE, &symptom->title) ||
      !get_string (l, obj, where, "description", TRUE, &symptom->description) ||
      !load_effects (l, obj, where, "effects", TRUE, &symptom->effects, &symptom->n_effects))
    return FALSE;
  if (symptom->n_effects == 0)
    return fail (l, where, _("a symptom needs at least one effect"));

  symptom->index = l->kb->symptoms->len;
  g_ptr_array_add (l->kb->symptoms, symptom);
  g_hash_table_insert (l->kb->symptom_index, (gpointer) symptom->id, symptom);
  return TRUE;
}

/* Loads entry @i of the array @section. */
typedef gboolean (*LoadFunc) (Loader *l, JsonObject *obj, const char *section, guint i);

static gboolean
load_section (Loader     *l,
              JsonObject *root,
              const char *section,
              LoadFunc    func)
{
  JsonArray *array;
  gboolean ok;

  array = get_array (l, root, section, &ok);
  if (!ok || array == NULL)
    return ok;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *obj = element_object (l, array, i, section);
      if (obj == NULL || !func (l, obj, section, i))
        return FALSE;
    }
  return TRUE;
}

BdKb *
bd_kb_new (void)
{
  BdKb *self = g_new0 (BdKb, 1);

  self->strings = g_string_chunk_new (16384);
  self->allocs = g_ptr_array_new_with_free_func (g_free);
  self->causes = g_ptr_array_new ();
  self->cause_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->rules = g_array_new (FALSE, TRUE, sizeof (BdKbRule));
  self->rule_causes = g_ptr_array_new ();
  self->rule_ids = g_hash_table_new (g_str_hash, g_str_equal);
  self->lists = g_ptr_array_new ();
  self->list_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->list_patterns = g_array_new (FALSE, TRUE, sizeof (BdKbDnsblPatterns));
  self->codes = g_hash_table_new (g_str_hash, g_str_equal);
  self->provider_codes = g_array_new (FALSE, TRUE, sizeof (BdKbProviderCode));
  self->questions = g_ptr_array_new ();
  self->question_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->symptoms = g_ptr_array_new ();
  self->symptom_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->pending_effects = g_array_new (FALSE, TRUE, sizeof (PendingEffect));
  self->names = g_string_new (NULL);
  matcher_init (&self->matcher);
  return self;
}

void
bd_kb_free (BdKb *self)
{
  if (self == NULL)
    return;
  matcher_clear (&self->matcher);
  g_string_free (self->names, TRUE);
  g_free (self->cause_masks);
  g_clear_pointer (&self->pending_effects, g_array_unref);
  g_hash_table_unref (self->symptom_index);
  g_ptr_array_unref (self->symptoms);
  g_hash_table_unref (self->question_index);
  g_ptr_array_unref (self->questions);
  g_hash_table_unref (self->codes);
  g_array_unref (self->provider_codes);
  g_array_unref (self->list_patterns);
  g_hash_table_unref (self->list_index);
  g_ptr_array_unref (self->lists);
  g_hash_table_unref (self->rule_ids);
  g_ptr_array_unref (self->rule_causes);
  g_array_unref (self->rules);
  g_hash_table_unref (self->cause_index);
  g_ptr_array_unref (self->causes);
  g_ptr_array_unref (self->allocs);
  g_string_chunk_free (self->strings);
  g_free (self);
}

gboolean
bd_kb_load_data (BdKb        *self,
                 const char  *name,
                 const char  *data,
                 gsize        len,
                 GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  Loader l = { self, name, error };
  JsonNode *root;
  JsonObject *obj;
  JsonNode *schema;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (!self->finished, FALSE);

  g_string_append_printf (self->names, "%s%s", self->names->len ? ", " : "", name);
  if (len > G_MAXSSIZE || !json_parser_load_from_data (parser, data, (gssize) len, &local_error))
    {
      /* Translators: %s is a file name, the second %s json-glib's message
       * (it gives the line and column) */
      g_set_error (error, BD_ERROR, BD_ERROR_KB,
                   _("%s is not valid JSON: %s"), name,
                   local_error ? local_error->message : _("too large"));
      return FALSE;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return fail (&l, "/", _("the file must hold one JSON object"));
  obj = json_node_get_object (root);
  schema = json_object_get_member (obj, "schema");
  if (schema == NULL || !JSON_NODE_HOLDS_VALUE (schema) ||
      json_node_get_value_type (schema) != G_TYPE_INT64 || json_node_get_int (schema) != 1)
    return fail (&l, "schema", _("only schema 1 is understood"));

  return load_section (&l, obj, "causes", load_cause) &&
         load_section (&l, obj, "rules", load_rule) &&
         load_section (&l, obj, "lists", load_list) &&
         load_section (&l, obj, "reply_codes", load_code) &&
         load_section (&l, obj, "status_classes", load_code) &&
         load_section (&l, obj, "status_codes", load_code) &&
         load_section (&l, obj, "provider_codes", load_provider_code) &&
         load_section (&l, obj, "questions", load_question) &&
         load_section (&l, obj, "symptoms", load_symptom);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

gboolean
bd_kb_load_dir (BdKb        *self,
                const char  *dir,
                GError     **error)
{
  g_autoptr(GDir) d = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  d = g_dir_open (dir, 0, error);
  if (d == NULL)
    return FALSE;
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  if (names->len == 0)
    {
      g_set_error (error, BD_ERROR, BD_ERROR_KB,
                   _("%s holds no knowledge base files (*.json)"), dir);
      return FALSE;
    }

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
      g_autofree char *data = NULL;
      gsize len;

      if (!g_file_get_contents (path, &data, &len, error) ||
          !bd_kb_load_data (self, path, data, len, error))
        return FALSE;
    }
  return TRUE;
}

static guint64
provider_code_width (const BdKbProviderCode *pc)
{
  if (pc->status.klass < 0)
    return G_MAXUINT64;
  if (pc->status.subject < 0)
    return G_MAXUINT32;
  return (guint64) pc->status.hi - pc->status.lo;
}

static int
compare_provider_codes (gconstpointer a,
                        gconstpointer b)
{
  const BdKbProviderCode *x = a, *y = b;
  guint64 wx = provider_code_width (x), wy = provider_code_width (y);

  if ((x->n_text > 0) != (y->n_text > 0))
    return x->n_text > 0 ? -1 : 1;
  if (wx != wy)
    return wx < wy ? -1 : 1;
  return (int) x->order - (int) y->order;
}

gboolean
bd_kb_finish (BdKb    *self,
              GError **error)
{
  Loader l = { self, self->names->len ? self->names->str : "kb", error };

  g_return_val_if_fail (!self->finished, FALSE);

  for (guint i = 0; i < self->rules->len; i++)
    {
      BdKbRule *rule = &g_array_index (self->rules, BdKbRule, i);
      const char *cause_id = g_ptr_array_index (self->rule_causes, i);
      g_autofree char *where = g_strdup_printf ("rule %s", rule->id);

      rule->cause = g_hash_table_lookup (self->cause_index, cause_id);
      if (rule->cause == NULL)
        return fail (&l, where, _("no cause “%s”"), cause_id);
    }

  /* the causes of questions and symptoms */
  for (guint i = 0; i < self->pending_effects->len; i++)
    {
      const PendingEffect *p = &g_array_index (self->pending_effects, PendingEffect, i);
      Loader el = { self, p->file, error };

      p->effect->cause = g_hash_table_lookup (self->cause_index, p->cause_id);
      if (p->effect->cause == NULL)
        return fail (&el, p->where, _("no cause “%s”"), p->cause_id);
    }
  g_clear_pointer (&self->pending_effects, g_array_unref);

  if (self->causes->len == 0)
    return fail (&l, "causes", _("the knowledge base has no causes"));
  if (!g_hash_table_contains (self->cause_index, "other.unknown"))
    return fail (&l, "causes", _("the cause “%s” is required"), "other.unknown");

  matcher_build (&self->matcher);

  /* The most specific provider code first: with text conditions, then by
   * the width of its status range (file order otherwise). */
  for (guint i = 0; i < self->provider_codes->len; i++)
    g_array_index (self->provider_codes, BdKbProviderCode, i).order = i;
  g_array_sort (self->provider_codes, compare_provider_codes);

  {
    gsize words = bd_matcher_get_n_words (&self->matcher);

    self->cause_masks = g_new0 (guint64, words * self->causes->len);
    for (guint i = 0; i < self->rules->len; i++)
      {
        const BdKbRule *rule = &g_array_index (self->rules, BdKbRule, i);
        guint64 *mask = self->cause_masks + words * rule->cause->index;

        for (guint t = 0; t < rule->n_text; t++)
          mask[rule->text[t] / 64] |= G_GUINT64_CONSTANT (1) << (rule->text[t] % 64);
        for (guint t = 0; t < rule->n_context; t++)
          mask[rule->context[t] / 64] |= G_GUINT64_CONSTANT (1) << (rule->context[t] % 64);
      }
  }
  self->finished = TRUE;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* The default KB                                                       */

static BdKb *default_kb;

static BdKb *
load_builtin (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  GResource *resource = bd_kb_data_get_resource ();
  BdKb *kb = bd_kb_new ();

  names = g_resource_enumerate_children (resource, KB_RESOURCE_PATH, 0, &error);
  if (names == NULL)
    g_error ("built-in knowledge base missing: %s", error->message);
  qsort (names, g_strv_length (names), sizeof (char *), compare_names);

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_strconcat (KB_RESOURCE_PATH "/", names[i], NULL);
      g_autoptr(GBytes) bytes = NULL;
      gsize len;
      const char *data;

      bytes = g_resource_lookup_data (resource, path, 0, &error);
      if (bytes == NULL)
        g_error ("built-in knowledge base: %s", error->message);
      data = g_bytes_get_data (bytes, &len);
      if (!bd_kb_load_data (kb, names[i], data, len, &error))
        g_error ("built-in knowledge base: %s", error->message);
    }
  if (!bd_kb_finish (kb, &error))
    g_error ("built-in knowledge base: %s", error->message);
  return kb;
}

BdKb *
bd_kb_get_default (void)
{
  if (g_once_init_enter (&default_kb))
    {
      BdKb *kb = NULL;
      const char *dir = g_getenv ("BOUNCE_DOCTOR_KB_DIR");

      if (dir != NULL && *dir != '\0')
        {
          g_autoptr(GError) error = NULL;

          kb = bd_kb_new ();
          if (!bd_kb_load_dir (kb, dir, &error) || !bd_kb_finish (kb, &error))
            {
              /* Translators: %s is the reason, which names the file */
              g_printerr (_("Could not use the knowledge base in BOUNCE_DOCTOR_KB_DIR: %s\n"
                            "Using the built-in knowledge base instead.\n"),
                          error->message);
              bd_kb_free (kb);
              kb = NULL;
            }
        }
      if (kb == NULL)
        kb = load_builtin ();
      g_once_init_leave (&default_kb, kb);
    }
  return default_kb;
}

void
bd_kb_set_default (BdKb *kb)
{
  g_return_if_fail (kb != NULL && kb->finished);

  if (g_once_init_enter (&default_kb))
    g_once_init_leave (&default_kb, kb);
  else
    g_critical ("bd_kb_set_default: the knowledge base is already in use");
}

gboolean
bd_kb_use_dir (const char  *dir,
               GError     **error)
{
  BdKb *kb = bd_kb_new ();

  if (!bd_kb_load_dir (kb, dir, error) || !bd_kb_finish (kb, error))
    {
      bd_kb_free (kb);
      bd_kb_get_default ();
      return FALSE;
    }
  bd_kb_set_default (kb);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Lookups                                                              */

const BdKbCause *
bd_kb_lookup_cause (BdKb       *self,
                    const char *id)
{
  return id ? g_hash_table_lookup (self->cause_index, id) : NULL;
}

guint
bd_kb_get_n_causes (BdKb *self)
{
  return self->causes->len;
}

const BdKbCause *
bd_kb_get_cause (BdKb  *self,
                 guint  i)
{
  g_return_val_if_fail (i < self->causes->len, NULL);
  return g_ptr_array_index (self->causes, i);
}

const BdKbDnsbl *
bd_kb_lookup_dnsbl (BdKb       *self,
                    const char *zone)
{
  return zone ? g_hash_table_lookup (self->list_index, zone) : NULL;
}

guint
bd_kb_get_n_dnsbls (BdKb *self)
{
  return self->lists->len;
}

const BdKbDnsbl *
bd_kb_get_dnsbl (BdKb  *self,
                 guint  i)
{
  g_return_val_if_fail (i < self->lists->len, NULL);
  return g_ptr_array_index (self->lists, i);
}

const BdKbCode *
bd_kb_lookup_reply (BdKb  *self,
                    guint  reply_code)
{
  char key[16];

  g_snprintf (key, sizeof key, "%u", reply_code);
  return g_hash_table_lookup (self->codes, key);
}

const BdKbCode *
bd_kb_lookup_class (BdKb  *self,
                    guint  klass)
{
  char key[16];

  g_snprintf (key, sizeof key, "class.%u", klass);
  return g_hash_table_lookup (self->codes, key);
}

const BdKbCode *
bd_kb_lookup_status (BdKb       *self,
                     const char *status)
{
  const BdKbCode *code;
  const char *dot;
  char key[32];

  if (status == NULL || strlen (status) >= sizeof key - 1)
    return NULL;
  code = g_hash_table_lookup (self->codes, status);
  if (code != NULL)
    return code;
  dot = strchr (status, '.');
  if (dot == NULL)
    return NULL;
  g_snprintf (key, sizeof key, "x%s", dot);
  return g_hash_table_lookup (self->codes, key);
}

guint
bd_kb_get_n_rules (BdKb *self)
{
  return self->rules->len;
}

guint
bd_kb_get_n_questions (BdKb *self)
{
  return self->questions->len;
}

const BdKbQuestion *
bd_kb_get_question (BdKb  *self,
                    guint  position)
{
  g_return_val_if_fail (position < self->questions->len, NULL);
  return g_ptr_array_index (self->questions, position);
}

const BdKbQuestion *
bd_kb_lookup_question (BdKb       *self,
                       const char *id)
{
  return id ? g_hash_table_lookup (self->question_index, id) : NULL;
}

guint
bd_kb_get_n_symptoms (BdKb *self)
{
  return self->symptoms->len;
}

const BdKbSymptom *
bd_kb_get_symptom (BdKb  *self,
                   guint  position)
{
  g_return_val_if_fail (position < self->symptoms->len, NULL);
  return g_ptr_array_index (self->symptoms, position);
}

const BdKbSymptom *
bd_kb_lookup_symptom (BdKb       *self,
                      const char *id)
{
  return id ? g_hash_table_lookup (self->symptom_index, id) : NULL;
}

/**
 * bd_kb_question_applies:
 * @question: a question of the KB
 * @report: (nullable): a classified report
 *
 * Whether to ask @question about @report: one of the causes the classifier
 * (or the chosen symptom) ranked for a failure is of a category the
 * question is about. Causes that answers added do not count, so the set of
 * questions stays the same while the user answers them.
 */
gboolean
bd_kb_question_applies (const BdKbQuestion *question,
                        const BdReport     *report)
{
  g_return_val_if_fail (question != NULL, FALSE);

  if (report == NULL || report->failures == NULL)
    return FALSE;
  for (guint i = 0; i < report->failures->len; i++)
    {
      const BdFailure *f = g_ptr_array_index (report->failures, i);

      for (guint k = 0; f->causes != NULL && k < f->causes->len; k++)
        {
          const BdCauseMatch *m = g_ptr_array_index (f->causes, k);

          if (m->added_by != NULL)
            continue;
          for (guint c = 0; c < question->n_categories; c++)
            if (question->categories[c] == m->cause->category)
              return TRUE;
        }
    }
  return FALSE;
}

const guint64 *
bd_kb_get_cause_mask (BdKb            *self,
                      const BdKbCause *cause)
{
  return self->cause_masks + bd_matcher_get_n_words (&self->matcher) * cause->index;
}

const BdMatcher *
bd_kb_get_matcher (BdKb *self)
{
  return &self->matcher;
}

const BdKbRule *
bd_kb_get_rules (BdKb  *self,
                 guint *n_rules)
{
  *n_rules = self->rules->len;
  return (const BdKbRule *) (gpointer) self->rules->data;
}

const BdKbProviderCode *
bd_kb_get_provider_codes (BdKb  *self,
                          guint *n_codes)
{
  *n_codes = self->provider_codes->len;
  return (const BdKbProviderCode *) (gpointer) self->provider_codes->data;
}

const BdKbDnsblPatterns *
bd_kb_get_dnsbl_patterns (BdKb  *self,
                          guint *n_lists)
{
  *n_lists = self->list_patterns->len;
  return (const BdKbDnsblPatterns *) (gpointer) self->list_patterns->data;
}

const char *
bd_kb_gettext (const char *msgid)
{
  if (msgid == NULL || *msgid == '\0')
    return msgid;
  return g_dgettext (GETTEXT_PACKAGE, msgid);
}

const char *
bd_kb_owner_to_string (BdKbOwner owner)
{
  switch (owner)
    {
    case BD_KB_OWNER_USER: return "user";
    case BD_KB_OWNER_SERVER: return "server";
    case BD_KB_OWNER_RECIPIENT: return "recipient";
    default: return "user";
    }
}

const char *
bd_kb_audience_to_string (BdKbAudience audience)
{
  switch (audience)
    {
    case BD_KB_FOR_USER: return "user";
    case BD_KB_FOR_ADMIN: return "admin";
    case BD_KB_FOR_RECIPIENT: return "recipient";
    default: return "user";
    }
}

const char *
bd_kb_list_state_to_string (BdKbListState state)
{
  switch (state)
    {
    case BD_KB_LIST_ACTIVE: return "active";
    case BD_KB_LIST_DEAD: return "dead";
    case BD_KB_LIST_RETIRED: return "retired";
    default: return "active";
    }
}

const char *
bd_kb_variant_get_label (const char *variant)
{
  static const struct { const char *id; const char *label; } labels[] = {
    { "any", N_("Any") },
    { "outlook-classic", N_("Outlook (classic)") },
    { "outlook-new", N_("New Outlook") },
    { "thunderbird", N_("Thunderbird") },
    { "apple-mail", N_("Apple Mail") },
    { "thebat", N_("The Bat!") },
    { "phone", N_("Phone mail apps") },
    { "webmail", N_("Webmail") },
    { "mdaemon", N_("MDaemon") },
    { "postfix", N_("Postfix") },
    { "exim", N_("Exim") },
    { "exchange", N_("Microsoft Exchange") },
    { "hosted", N_("Hosted mail (Microsoft 365, Google Workspace, …)") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (labels[i].id, variant) == 0)
      return _(labels[i].label);
  return variant;
}
