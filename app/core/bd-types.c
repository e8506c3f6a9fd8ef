/* bd-types.c: names and labels of the shared enums
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-types.h"

/* Stable ids (JSON, cause ids, knowledge base); never translated. */
static const char * const stage_ids[] = {
  [BD_STAGE_UNKNOWN]  = NULL,
  [BD_STAGE_CONNECT]  = "connect",
  [BD_STAGE_HELO]     = "helo",
  [BD_STAGE_MAIL]     = "mail",
  [BD_STAGE_RCPT]     = "rcpt",
  [BD_STAGE_DATA]     = "data",
  [BD_STAGE_AUTH]     = "auth",
  [BD_STAGE_STARTTLS] = "starttls",
};

static const char * const category_ids[] = {
  [BD_CATEGORY_OTHER]      = "other",
  [BD_CATEGORY_DNS]        = "dns",
  [BD_CATEGORY_AUTH]       = "auth",
  [BD_CATEGORY_SIZE]       = "size",
  [BD_CATEGORY_BLACKLIST]  = "blacklist",
  [BD_CATEGORY_RECIPIENT]  = "recipient",
  [BD_CATEGORY_CONTENT]    = "content",
  [BD_CATEGORY_POLICY]     = "policy",
  [BD_CATEGORY_TEMPORARY]  = "temporary",
  [BD_CATEGORY_CONNECTION] = "connection",
  [BD_CATEGORY_NONE]       = "none",
};

static const char * const source_kind_ids[] = {
  [BD_SOURCE_TEXT]       = "text",
  [BD_SOURCE_EMAIL]      = "email",
  [BD_SOURCE_LOG]        = "log",
  [BD_SOURCE_TRANSCRIPT] = "transcript",
};

const char *
bd_stage_to_string (BdStage stage)
{
  if ((guint) stage >= G_N_ELEMENTS (stage_ids))
    return NULL;
  return stage_ids[stage];
}

BdStage
bd_stage_from_string (const char *str)
{
  if (str == NULL)
    return BD_STAGE_UNKNOWN;

  for (guint i = 0; i < G_N_ELEMENTS (stage_ids); i++)
    if (stage_ids[i] != NULL && g_ascii_strcasecmp (str, stage_ids[i]) == 0)
      return (BdStage) i;

  return BD_STAGE_UNKNOWN;
}

const char *
bd_category_to_string (BdCategory category)
{
  if ((guint) category >= G_N_ELEMENTS (category_ids))
    return category_ids[BD_CATEGORY_OTHER];
  return category_ids[category];
}

BdCategory
bd_category_from_string (const char *str)
{
  if (str == NULL)
    return BD_CATEGORY_OTHER;

  for (guint i = 0; i < G_N_ELEMENTS (category_ids); i++)
    if (g_ascii_strcasecmp (str, category_ids[i]) == 0)
      return (BdCategory) i;

  return BD_CATEGORY_OTHER;
}

const char *
bd_source_kind_to_string (BdSourceKind kind)
{
  if ((guint) kind >= G_N_ELEMENTS (source_kind_ids))
    return source_kind_ids[BD_SOURCE_TEXT];
  return source_kind_ids[kind];
}

const char *
bd_stage_get_label (BdStage stage)
{
  switch (stage)
    {
    case BD_STAGE_CONNECT:
      /* Translators: the SMTP stage at which a delivery failed */
      return _("Connecting to the server");
    case BD_STAGE_HELO:
      /* Translators: the SMTP stage at which a delivery failed */
      return _("Greeting (HELO/EHLO)");
    case BD_STAGE_MAIL:
      /* Translators: the SMTP stage at which a delivery failed */
      return _("Sender address (MAIL FROM)");
    case BD_STAGE_RCPT:
      /* Translators: the SMTP stage at which a delivery failed */
      return _("Recipient address (RCPT TO)");
    case BD_STAGE_DATA:
      /* Translators: the SMTP stage at which a delivery failed */
      return _("Message transfer (DATA)");
    case BD_STAGE_AUTH:
      /* Translators: the SMTP stage at which a delivery failed */
      return _("Authentication (AUTH)");
    case BD_STAGE_STARTTLS:
      /* Translators: the SMTP stage at which a delivery failed */
      return _("Encryption (STARTTLS)");
    case BD_STAGE_UNKNOWN:
    default:
      /* Translators: the SMTP stage at which a delivery failed */
      return _("Unknown stage");
    }
}

const char *
bd_category_get_label (BdCategory category)
{
  switch (category)
    {
    case BD_CATEGORY_DNS:
      /* Translators: a failure category: PTR, HELO name, SPF, DKIM, DMARC */
      return _("DNS identity of the sender");
    case BD_CATEGORY_AUTH:
      /* Translators: a failure category: SMTP login, relaying, STARTTLS required */
      return _("Authentication and relaying");
    case BD_CATEGORY_SIZE:
      /* Translators: a failure category */
      return _("Message size");
    case BD_CATEGORY_BLACKLIST:
      /* Translators: a failure category: DNSBL or provider block list */
      return _("Blacklist");
    case BD_CATEGORY_RECIPIENT:
      /* Translators: a failure category: unknown user, no such domain, mailbox full */
      return _("Recipient address");
    case BD_CATEGORY_CONTENT:
      /* Translators: a failure category: spam or virus filter, malformed message */
      return _("Message content");
    case BD_CATEGORY_POLICY:
      /* Translators: a failure category: other rules of the receiving server */
      return _("Receiver policy");
    case BD_CATEGORY_TEMPORARY:
      /* Translators: a failure category: greylisting, rate limits, busy server */
      return _("Temporary problem");
    case BD_CATEGORY_CONNECTION:
      /* Translators: a failure category: port blocked, TLS failure, wrong server name */
      return _("Connection problem");
    case BD_CATEGORY_NONE:
      /* Translators: a failure category: delivered, auto-reply, feedback report */
      return _("Not a delivery failure");
    case BD_CATEGORY_OTHER:
    default:
      /* Translators: a failure category */
      return _("Other");
    }
}
