/* bd-kb.h: the knowledge base (data/kb/ JSON files, SPEC §6)
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bd-types.h"

G_BEGIN_DECLS

typedef struct _BdKb BdKb;

typedef enum
{
  BD_KB_FOR_USER,
  BD_KB_FOR_ADMIN,
  BD_KB_FOR_RECIPIENT,
} BdKbAudience;

/* Whose problem a cause is (SPEC §2: yours / your server's / the recipient's). */
typedef enum
{
  BD_KB_OWNER_USER,
  BD_KB_OWNER_SERVER,
  BD_KB_OWNER_RECIPIENT,
} BdKbOwner;

typedef enum
{
  BD_KB_LIST_ACTIVE,
  BD_KB_LIST_DEAD,
  BD_KB_LIST_RETIRED,
} BdKbListState;

/* Texts below are the English msgids; translate them with bd_kb_gettext (). */

typedef struct
{
  const char *type;    /* "TXT", "PTR", … */
  const char *name;    /* may hold {placeholders} */
  const char *value;
} BdKbRecord;

typedef struct
{
  BdKbAudience  audience;
  const char   *variant;    /* mail program or server id, "any" */
  const char   *title;
  const char  **steps;      /* NULL-terminated */
  BdKbRecord   *records;
  guint         n_records;
} BdKbFix;

typedef struct
{
  const char  *id;          /* "dns.ptr-missing" */
  BdCategory   category;
  BdKbOwner    owner;
  const char  *title;
  const char  *explanation;
  const char **checks;      /* NULL-terminated check ids */
  BdKbFix     *fixes;
  guint        n_fixes;
  guint        index;       /* position in the KB, for stable ordering */
} BdKbCause;

/* What an answer to a question or a symptom does to one cause: a positive
 * weight votes for it (noisy-OR, as the rules do, adding it when absent); a
 * negative one lowers it (confidence × (1 + weight)). */
typedef struct
{
  const BdKbCause *cause;
  double           weight;
} BdKbEffect;

/* A guided question of the Checks step (Yes / No / Don't know). */
typedef struct
{
  const char       *id;          /* "q.other-computer" */
  const char       *group;       /* "dns", "auth", "size", "blacklist", "connection" */
  const char       *text;        /* asked of the user */
  const char       *script;      /* helpdesk mode: read to a caller */
  const char       *hint;        /* nullable: why it matters */
  const BdCategory *categories;  /* shown when a cause of one of these is ranked */
  guint             n_categories;
  BdKbEffect       *yes;
  guint             n_yes;
  BdKbEffect       *no;
  guint             n_no;
  guint             index;
} BdKbQuestion;

/* "I have no error message": a symptom the user picks instead. */
typedef struct
{
  const char *id;                /* "symptom.cannot-send" */
  const char *title;
  const char *description;
  BdKbEffect *effects;
  guint       n_effects;
  guint       index;
} BdKbSymptom;

typedef struct
{
  const char *answer;       /* "127.0.0.2" */
  const char *meaning;
} BdKbAnswer;

typedef struct
{
  const char    *zone;
  const char    *name;
  const char   **aliases;   /* NULL-terminated, lower case */
  BdKbListState  state;
  const char    *dead_since;  /* nullable */
  const char    *summary;     /* nullable */
  const char    *note;        /* nullable */
  const char    *delist;      /* nullable URL */
  gboolean       ipv6;
  const char    *test_listed;   /* nullable */
  const char    *test_unlisted; /* nullable */
  BdKbAnswer    *codes;
  guint          n_codes;
  BdKbAnswer    *refused;
  guint          n_refused;
} BdKbDnsbl;

/* The meaning of a reply code ("550"), a status class ("5"), a status
 * subject.detail ("x.1.1") or a provider's code. */
typedef struct
{
  const char *id;
  const char *code;
  const char *provider;     /* nullable */
  const char *since;        /* nullable */
  const char *title;
  const char *explanation;
  const char *source;       /* nullable */
} BdKbCode;

BdKb            *bd_kb_new              (void);
void             bd_kb_free             (BdKb        *self);
/* Adds one KB file; @name is used in error messages. */
gboolean         bd_kb_load_data        (BdKb        *self,
                                         const char  *name,
                                         const char  *data,
                                         gsize        len,
                                         GError     **error);
/* Adds every *.json file of @dir (sorted by name). */
gboolean         bd_kb_load_dir         (BdKb        *self,
                                         const char  *dir,
                                         GError     **error);
/* Checks cross-references (rules → causes) and builds the matcher; must be
 * called once after loading and before use. */
gboolean         bd_kb_finish           (BdKb        *self,
                                         GError     **error);

/* The KB compiled into the program, or the one installed with
 * bd_kb_set_default (). Never freed. */
BdKb            *bd_kb_get_default      (void);
/* Makes @kb (finished) the default; takes ownership. Call before any use. */
void             bd_kb_set_default      (BdKb        *kb);
/* Loads @dir as the default KB. On error returns FALSE, keeps the built-in
 * KB and sets @error. */
gboolean         bd_kb_use_dir          (const char  *dir,
                                         GError     **error);

const BdKbCause *bd_kb_lookup_cause     (BdKb        *self,
                                         const char  *id);
guint            bd_kb_get_n_causes     (BdKb        *self);
const BdKbCause *bd_kb_get_cause        (BdKb        *self,
                                         guint        i);
const BdKbDnsbl *bd_kb_lookup_dnsbl     (BdKb        *self,
                                         const char  *zone);
guint            bd_kb_get_n_dnsbls     (BdKb        *self);
const BdKbDnsbl *bd_kb_get_dnsbl        (BdKb        *self,
                                         guint        i);
const BdKbCode  *bd_kb_lookup_reply     (BdKb        *self,
                                         guint        reply_code);
/* "5.1.1": the class and the subject.detail entry (either may be NULL). */
const BdKbCode  *bd_kb_lookup_status    (BdKb        *self,
                                         const char  *status);
const BdKbCode  *bd_kb_lookup_class     (BdKb        *self,
                                         guint        klass);
guint            bd_kb_get_n_rules      (BdKb        *self);

/* The guided questions and symptoms (data/kb/questions.json), in KB order. */
guint               bd_kb_get_n_questions  (BdKb        *self);
const BdKbQuestion *bd_kb_get_question     (BdKb        *self,
                                            guint        position);
const BdKbQuestion *bd_kb_lookup_question  (BdKb        *self,
                                            const char  *id);
guint               bd_kb_get_n_symptoms   (BdKb        *self);
const BdKbSymptom  *bd_kb_get_symptom      (BdKb        *self,
                                            guint        position);
const BdKbSymptom  *bd_kb_lookup_symptom   (BdKb        *self,
                                            const char  *id);
/* Whether @question is to be asked about @report (a cause of one of its
 * categories is ranked); list the questions in KB order with it. */
gboolean            bd_kb_question_applies (const BdKbQuestion *question,
                                            const BdReport     *report);

const char      *bd_kb_gettext          (const char  *msgid);

const char      *bd_kb_owner_to_string  (BdKbOwner    owner);
const char      *bd_kb_audience_to_string (BdKbAudience audience);
const char      *bd_kb_list_state_to_string (BdKbListState state);
/* Localised name of a mail program or server variant ("outlook-classic"). */
const char      *bd_kb_variant_get_label (const char *variant);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdKb, bd_kb_free)

G_END_DECLS
