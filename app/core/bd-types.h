/* bd-types.h: forward declarations and shared enums of the core
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _BdDocument BdDocument;
typedef struct _BdFailure  BdFailure;
typedef struct _BdReport   BdReport;

/* The SMTP step a failure happened at (SPEC §5 "stage"). */
typedef enum
{
  BD_STAGE_UNKNOWN = 0,
  BD_STAGE_CONNECT,
  BD_STAGE_HELO,
  BD_STAGE_MAIL,
  BD_STAGE_RCPT,
  BD_STAGE_DATA,
  BD_STAGE_AUTH,
  BD_STAGE_STARTTLS,
} BdStage;

/* The fixed category set of SPEC §4. */
typedef enum
{
  BD_CATEGORY_OTHER = 0,
  BD_CATEGORY_DNS,
  BD_CATEGORY_AUTH,
  BD_CATEGORY_SIZE,
  BD_CATEGORY_BLACKLIST,
  BD_CATEGORY_RECIPIENT,
  BD_CATEGORY_CONTENT,
  BD_CATEGORY_POLICY,
  BD_CATEGORY_TEMPORARY,
  BD_CATEGORY_CONNECTION,
  BD_CATEGORY_NONE,
} BdCategory;

/* What kind of input a message was (SPEC §5 "source.kind"). */
typedef enum
{
  BD_SOURCE_TEXT = 0,
  BD_SOURCE_EMAIL,
  BD_SOURCE_LOG,
  BD_SOURCE_TRANSCRIPT,
} BdSourceKind;

/* An answer to one of the guided questions (Yes / No / Don't know). */
typedef enum
{
  BD_ANSWER_UNKNOWN = 0,
  BD_ANSWER_YES,
  BD_ANSWER_NO,
} BdAnswer;

const char *bd_stage_to_string        (BdStage      stage);
BdStage     bd_stage_from_string      (const char  *str);
const char *bd_category_to_string     (BdCategory   category);
BdCategory  bd_category_from_string   (const char  *str);
const char *bd_source_kind_to_string  (BdSourceKind kind);

/* Localised, human-readable names for the text report and the UI. */
const char *bd_stage_get_label        (BdStage      stage);
const char *bd_category_get_label     (BdCategory   category);

G_END_DECLS
