/* bd-classify.c: the first, code-only classifier
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The category of a failure from its RFC 3463 enhanced status, its RFC 5321
 * reply code and its SMTP stage, looked at in that order.  A knowledge base
 * that also reads the server's words replaces this later; until then this
 * is the whole truth, so the choices are written down here.
 *
 * Rule order (the first rule that applies wins; the cause id names it):
 *
 *   1. exact status, with stage conditions   cause "status.<c.s.d>[/<stage|reply>]"
 *   2. Microsoft status ranges               cause "status-range.<from>-<to>"
 *   3. status subject (class + subject)      cause "status-subject.<c.s>"
 *   4. status class 2                        cause "status-class.2"   → none
 *      status class 4                        cause "status-class.4"   → temporary
 *   5. reply code, with stage conditions     cause "reply.<code>[/<stage>]"
 *   6. reply class (2xx none, 4xx temporary, 5xx other)  cause "reply-class.<n>"
 *   7. stage alone (no reply at all)         cause "stage.<stage>"
 *   8. nothing known                         category other, cause NULL
 *
 * When the reply code and the status disagree in class ("550 4.2.2") the
 * class of the reply code is used for the lookup: it is what the client
 * acted on.  The status "x.0.0" carries no detail and goes straight to the
 * reply code.
 *
 * Permanent statuses (5.x.x):
 *
 *   status        meaning (RFC 3463 / vendor)            category
 *   ------------  -------------------------------------  ----------
 *   5.1.0-5.1.6   bad destination address, mailbox       recipient
 *   5.1.10        null MX of the recipient domain        recipient
 *   5.1.7, 5.1.8  bad sender address / sender domain     policy
 *   5.1.90        daily sending limit (Microsoft)        policy
 *   5.1.x other   address status                         recipient
 *   5.2.0-5.2.2   mailbox disabled / full                recipient
 *   5.2.3         message larger than per-mailbox limit  size
 *   5.2.121/122   recipient rate limit (Microsoft)       temporary
 *   5.2.x other   mailbox status                         recipient
 *   5.3.1, 5.3.2  mail system full / not accepting       temporary
 *   5.3.4         message too big for system             size
 *   5.3.x other   mail system status                     other
 *   5.4.1         no answer from host                    connection,
 *                   but at RCPT or with 550 (Exchange Online directory
 *                   based edge blocking, "Recipient address rejected")
 *                                                        recipient
 *   5.4.2         bad connection                         connection
 *   5.4.3, 5.4.5  directory failure / congestion         temporary
 *   5.4.4         unable to route (recipient domain)     recipient
 *   5.4.6         routing loop                           other
 *   5.4.7         delivery time expired                  temporary
 *   5.4.300       message expired (Microsoft)            temporary
 *   5.4.310       recipient domain not in DNS (MS)       recipient
 *   5.4.316       connection refused (Microsoft)         connection
 *   5.4.x other   network and routing                    connection
 *   5.5.0         with 550 or at RCPT: mailbox unavailable  recipient
 *   5.5.x other   protocol status                        other
 *   5.6.x         media / content                        content
 *   5.7.0, 5.7.1  security or policy                     policy,
 *                   with 530/535 or at AUTH              auth,
 *                   at DATA                              content,
 *                   at connect                           blacklist
 *   5.7.2         list expansion prohibited              policy
 *   5.7.4         security features not supported        auth
 *   5.7.7         message integrity failure              content
 *   5.7.8-5.7.12  credentials, mechanisms, encryption    auth
 *   5.7.13        user account disabled                  recipient
 *   5.7.14        trust relationship required            auth
 *   5.7.16        too big for the priority               size
 *   5.7.17/18     mailbox / domain owner changed         recipient
 *   5.7.20-5.7.27 DKIM, SPF, reverse DNS, DMARC, sender null MX   dns
 *   5.7.28        mail flood                             blacklist
 *   5.7.29        ARC validation                         dns
 *   5.7.30        REQUIRETLS needed                      auth
 *   5.7.57/60/64  not authenticated / no send-as / relay (MS)     auth
 *   5.7.501-503   spam abuse detected (Microsoft)        blacklist
 *   5.7.506       bad HELO (Microsoft)                   dns
 *   5.7.508       sender IP over limits (Microsoft)      blacklist
 *   5.7.509       DMARC reject (Microsoft)               dns
 *   5.7.510       no mail over IPv6 without identity     dns
 *   5.7.511, 513  banned sender / client host blocked    blacklist
 *   5.7.512       not RFC 5322 3.6.2 compliant           content
 *   5.7.515       authentication level too low (DMARC)   dns
 *   5.7.606-649   IP or tenant on Microsoft block list   blacklist
 *   5.7.700-750   tenant / sender blocked (Microsoft)    blacklist
 *   5.7.x other   security or policy status              policy
 *
 * Transient statuses (4.x.x) are temporary (the sending server retries them
 * by itself; a full mailbox 4.2.2 is therefore temporary, only the permanent
 * 5.2.2 is recipient), except:
 *
 *   4.1.7, 4.1.8  bad sender address / domain            policy
 *   4.4.1, 4.4.2  no answer / bad connection             connection
 *   4.4.316       connection refused (Microsoft)         connection
 *   4.7.20-27, 29 DKIM, SPF, reverse DNS, DMARC          dns  (retrying
 *                 does not help until the DNS is fixed)
 *
 * Reply codes (when the status gave no answer):
 *
 *   2xx           none          4xx (421, 450-452 …)  temporary
 *   454           auth at AUTH, connection at STARTTLS, else temporary
 *   500-504, 555  other (protocol)
 *   521, 556      recipient (domain accepts no mail, RFC 7504)
 *   523, 552      size
 *   530, 534, 535, 538   auth
 *   550           recipient at RCPT or unknown stage; policy at MAIL;
 *                 content at DATA; blacklist at connect; dns at HELO;
 *                 auth at AUTH
 *   551           recipient (user not local)
 *   553           recipient, policy at MAIL (sender address refused)
 *   554           content at DATA or unknown stage (the "transaction
 *                 failed" reply usually ends the message); blacklist at
 *                 connect; policy at MAIL and RCPT; dns at HELO
 *   5xx other     other
 *
 * The stage alone (no reply code, no status) means the server never answered
 * with an error: the conversation broke, so it is connection, except AUTH
 * which is auth.
 */

#include "config.h"

#include <string.h>

#include "bd-classify.h"
#include "bd-smtp.h"

typedef struct
{
  const char *status;   /* "5.1.1", class as looked up */
  BdCategory  category;
  const char *cause;
} StatusRule;

/* Plain exact rules; the stage-dependent ones are in classify_status (). */
static const StatusRule status_rules[] = {
  { "5.1.0",   BD_CATEGORY_RECIPIENT,  "status.5.1.0" },
  { "5.1.1",   BD_CATEGORY_RECIPIENT,  "status.5.1.1" },
  { "5.1.2",   BD_CATEGORY_RECIPIENT,  "status.5.1.2" },
  { "5.1.3",   BD_CATEGORY_RECIPIENT,  "status.5.1.3" },
  { "5.1.4",   BD_CATEGORY_RECIPIENT,  "status.5.1.4" },
  { "5.1.5",   BD_CATEGORY_RECIPIENT,  "status.5.1.5" },
  { "5.1.6",   BD_CATEGORY_RECIPIENT,  "status.5.1.6" },
  { "5.1.7",   BD_CATEGORY_POLICY,     "status.5.1.7" },
  { "5.1.8",   BD_CATEGORY_POLICY,     "status.5.1.8" },
  { "5.1.10",  BD_CATEGORY_RECIPIENT,  "status.5.1.10" },
  { "5.1.90",  BD_CATEGORY_POLICY,     "status.5.1.90" },
  { "5.2.0",   BD_CATEGORY_RECIPIENT,  "status.5.2.0" },
  { "5.2.1",   BD_CATEGORY_RECIPIENT,  "status.5.2.1" },
  { "5.2.2",   BD_CATEGORY_RECIPIENT,  "status.5.2.2" },
  { "5.2.3",   BD_CATEGORY_SIZE,       "status.5.2.3" },
  { "5.2.121", BD_CATEGORY_TEMPORARY,  "status.5.2.121" },
  { "5.2.122", BD_CATEGORY_TEMPORARY,  "status.5.2.122" },
  { "5.3.1",   BD_CATEGORY_TEMPORARY,  "status.5.3.1" },
  { "5.3.2",   BD_CATEGORY_TEMPORARY,  "status.5.3.2" },
  { "5.3.4",   BD_CATEGORY_SIZE,       "status.5.3.4" },
  { "5.4.2",   BD_CATEGORY_CONNECTION, "status.5.4.2" },
  { "5.4.3",   BD_CATEGORY_TEMPORARY,  "status.5.4.3" },
  { "5.4.4",   BD_CATEGORY_RECIPIENT,  "status.5.4.4" },
  { "5.4.5",   BD_CATEGORY_TEMPORARY,  "status.5.4.5" },
  { "5.4.6",   BD_CATEGORY_OTHER,      "status.5.4.6" },
  { "5.4.7",   BD_CATEGORY_TEMPORARY,  "status.5.4.7" },
  { "5.4.300", BD_CATEGORY_TEMPORARY,  "status.5.4.300" },
  { "5.4.310", BD_CATEGORY_RECIPIENT,  "status.5.4.310" },
  { "5.4.316", BD_CATEGORY_CONNECTION, "status.5.4.316" },
  { "5.7.2",   BD_CATEGORY_POLICY,     "status.5.7.2" },
  { "5.7.4",   BD_CATEGORY_AUTH,       "status.5.7.4" },
  { "5.7.7",   BD_CATEGORY_CONTENT,    "status.5.7.7" },
  { "5.7.8",   BD_CATEGORY_AUTH,       "status.5.7.8" },
  { "5.7.9",   BD_CATEGORY_AUTH,       "status.5.7.9" },
  { "5.7.10",  BD_CATEGORY_AUTH,       "status.5.7.10" },
  { "5.7.11",  BD_CATEGORY_AUTH,       "status.5.7.11" },
  { "5.7.12",  BD_CATEGORY_AUTH,       "status.5.7.12" },
  { "5.7.13",  BD_CATEGORY_RECIPIENT,  "status.5.7.13" },
  { "5.7.14",  BD_CATEGORY_AUTH,       "status.5.7.14" },
  { "5.7.16",  BD_CATEGORY_SIZE,       "status.5.7.16" },
  { "5.7.17",  BD_CATEGORY_RECIPIENT,  "status.5.7.17" },
  { "5.7.18",  BD_CATEGORY_RECIPIENT,  "status.5.7.18" },
  { "5.7.20",  BD_CATEGORY_DNS,        "status.5.7.20" },
  { "5.7.21",  BD_CATEGORY_DNS,        "status.5.7.21" },
  { "5.7.22",  BD_CATEGORY_DNS,        "status.5.7.22" },
  { "5.7.23",  BD_CATEGORY_DNS,        "status.5.7.23" },
  { "5.7.24",  BD_CATEGORY_DNS,        "status.5.7.24" },
  { "5.7.25",  BD_CATEGORY_DNS,        "status.5.7.25" },
  { "5.7.26",  BD_CATEGORY_DNS,        "status.5.7.26" },
  { "5.7.27",  BD_CATEGORY_DNS,        "status.5.7.27" },
  { "5.7.28",  BD_CATEGORY_BLACKLIST,  "status.5.7.28" },
  { "5.7.29",  BD_CATEGORY_DNS,        "status.5.7.29" },
  { "5.7.30",  BD_CATEGORY_AUTH,       "status.5.7.30" },
  { "5.7.57",  BD_CATEGORY_AUTH,       "status.5.7.57" },
  { "5.7.60",  BD_CATEGORY_AUTH,       "status.5.7.60" },
  { "5.7.64",  BD_CATEGORY_AUTH,       "status.5.7.64" },
  { "5.7.501", BD_CATEGORY_BLACKLIST,  "status.5.7.501" },
  { "5.7.502", BD_CATEGORY_BLACKLIST,  "status.5.7.502" },
  { "5.7.503", BD_CATEGORY_BLACKLIST,  "status.5.7.503" },
  { "5.7.506", BD_CATEGORY_DNS,        "status.5.7.506" },
  { "5.7.508", BD_CATEGORY_BLACKLIST,  "status.5.7.508" },
  { "5.7.509", BD_CATEGORY_DNS,        "status.5.7.509" },
  { "5.7.510", BD_CATEGORY_DNS,        "status.5.7.510" },
  { "5.7.511", BD_CATEGORY_BLACKLIST,  "status.5.7.511" },
  { "5.7.512", BD_CATEGORY_CONTENT,    "status.5.7.512" },
  { "5.7.513", BD_CATEGORY_BLACKLIST,  "status.5.7.513" },
  { "5.7.515", BD_CATEGORY_DNS,        "status.5.7.515" },
  /* transient exceptions */
  { "4.1.7",   BD_CATEGORY_POLICY,     "status.4.1.7" },
  { "4.1.8",   BD_CATEGORY_POLICY,     "status.4.1.8" },
  { "4.4.1",   BD_CATEGORY_CONNECTION, "status.4.4.1" },
  { "4.4.2",   BD_CATEGORY_CONNECTION, "status.4.4.2" },
  { "4.4.316", BD_CATEGORY_CONNECTION, "status.4.4.316" },
  { "4.7.20",  BD_CATEGORY_DNS,        "status.4.7.20" },
  { "4.7.21",  BD_CATEGORY_DNS,        "status.4.7.21" },
  { "4.7.22",  BD_CATEGORY_DNS,        "status.4.7.22" },
  { "4.7.23",  BD_CATEGORY_DNS,        "status.4.7.23" },
  { "4.7.24",  BD_CATEGORY_DNS,        "status.4.7.24" },
  { "4.7.25",  BD_CATEGORY_DNS,        "status.4.7.25" },
  { "4.7.26",  BD_CATEGORY_DNS,        "status.4.7.26" },
  { "4.7.27",  BD_CATEGORY_DNS,        "status.4.7.27" },
  { "4.7.29",  BD_CATEGORY_DNS,        "status.4.7.29" },
};

typedef struct
{
  guint       subject;
  BdCategory  category;
  const char *cause;
} SubjectRule;

/* Class 5 only; class 4 is temporary unless an exact rule says otherwise. */
static const SubjectRule subject_rules[] = {
  { 1, BD_CATEGORY_RECIPIENT,  "status-subject.5.1" },
  { 2, BD_CATEGORY_RECIPIENT,  "status-subject.5.2" },
  { 3, BD_CATEGORY_OTHER,      "status-subject.5.3" },
  { 4, BD_CATEGORY_CONNECTION, "status-subject.5.4" },
  { 5, BD_CATEGORY_OTHER,      "status-subject.5.5" },
  { 6, BD_CATEGORY_CONTENT,    "status-subject.5.6" },
  { 7, BD_CATEGORY_POLICY,     "status-subject.5.7" },
};

static gboolean
parse_status (const char *status,
              guint      *klass,
              guint      *subject,
              guint      *detail)
{
  const char *p = status;
  guint parts[3] = { 0, 0, 0 };

  if (!bd_smtp_status_is_valid (status))
    return FALSE;

  for (int i = 0; i < 3; i++)
    {
      while (g_ascii_isdigit (*p))
        parts[i] = parts[i] * 10 + (guint) (*p++ - '0');
      if (*p == '.')
        p++;
    }

  *klass = parts[0];
  *subject = parts[1];
  *detail = parts[2];
  return TRUE;
}

static gboolean
classify_status (guint        klass,
                 guint        subject,
                 guint        detail,
                 guint        reply_code,
                 BdStage      stage,
                 BdCategory  *category,
                 const char **cause)
{
  char key[16];

  if (subject == 0 && detail == 0)
    return FALSE;

  if (klass == 5)
    {
      /* Stage- and code-dependent exact rules. */
      if (subject == 4 && detail == 1)
        {
          if (stage == BD_STAGE_RCPT || reply_code == 550)
            {
              *category = BD_CATEGORY_RECIPIENT;
              *cause = "status.5.4.1/rcpt";
            }
          else
            {
              *category = BD_CATEGORY_CONNECTION;
              *cause = "status.5.4.1";
            }
          return TRUE;
        }
      if (subject == 5 && detail == 0 &&
          (stage == BD_STAGE_RCPT || reply_code == 550))
        {
          *category = BD_CATEGORY_RECIPIENT;
          *cause = "status.5.5.0/rcpt";
          return TRUE;
        }
      if (subject == 7 && (detail == 0 || detail == 1))
        {
          gboolean one = detail == 1;

          if (reply_code == 530 || reply_code == 535 || reply_code == 538 ||
              stage == BD_STAGE_AUTH)
            {
              *category = BD_CATEGORY_AUTH;
              *cause = one ? "status.5.7.1/auth" : "status.5.7.0/auth";
            }
          else if (stage == BD_STAGE_DATA)
            {
              *category = BD_CATEGORY_CONTENT;
              *cause = one ? "status.5.7.1/data" : "status.5.7.0/data";
            }
          else if (stage == BD_STAGE_CONNECT)
            {
              *category = BD_CATEGORY_BLACKLIST;
              *cause = one ? "status.5.7.1/connect" : "status.5.7.0/connect";
            }
          else
            {
              *category = BD_CATEGORY_POLICY;
              *cause = one ? "status.5.7.1" : "status.5.7.0";
            }
          return TRUE;
        }
    }

  g_snprintf (key, sizeof key, "%u.%u.%u", klass, subject, detail);
  for (gsize i = 0; i < G_N_ELEMENTS (status_rules); i++)
    if (strcmp (status_rules[i].status, key) == 0)
      {
        *category = status_rules[i].category;
        *cause = status_rules[i].cause;
        return TRUE;
      }

  if (klass == 5 && subject == 7)
    {
      if (detail >= 606 && detail <= 649)
        {
          *category = BD_CATEGORY_BLACKLIST;
          *cause = "status-range.5.7.606-649";
          return TRUE;
        }
      if (detail >= 700 && detail <= 750)
        {
          *category = BD_CATEGORY_BLACKLIST;
          *cause = "status-range.5.7.700-750";
          return TRUE;
        }
    }

  if (klass == 5)
    {
      for (gsize i = 0; i < G_N_ELEMENTS (subject_rules); i++)
        if (subject_rules[i].subject == subject)
          {
            *category = subject_rules[i].category;
            *cause = subject_rules[i].cause;
            return TRUE;
          }
      return FALSE;
    }

  if (klass == 4)
    {
      *category = BD_CATEGORY_TEMPORARY;
      *cause = "status-class.4";
      return TRUE;
    }

  if (klass == 2)
    {
      *category = BD_CATEGORY_NONE;
      *cause = "status-class.2";
      return TRUE;
    }

  return FALSE;
}

static gboolean
classify_reply (guint        code,
                BdStage      stage,
                BdCategory  *category,
                const char **cause)
{
  switch (code)
    {
    case 454:
      if (stage == BD_STAGE_AUTH)
        {
          *category = BD_CATEGORY_AUTH;
          *cause = "reply.454/auth";
        }
      else if (stage == BD_STAGE_STARTTLS)
        {
          *category = BD_CATEGORY_CONNECTION;
          *cause = "reply.454/starttls";
        }
      else
        {
          *category = BD_CATEGORY_TEMPORARY;
          *cause = "reply.454";
        }
      return TRUE;

    case 500: case 501: case 502: case 503: case 504: case 555:
      *category = BD_CATEGORY_OTHER;
      *cause = "reply.5xx-protocol";
      return TRUE;

    case 521:
      *category = BD_CATEGORY_RECIPIENT;
      *cause = "reply.521";
      return TRUE;

    case 556:
      *category = BD_CATEGORY_RECIPIENT;
      *cause = "reply.556";
      return TRUE;

    case 523:
      *category = BD_CATEGORY_SIZE;
      *cause = "reply.523";
      return TRUE;

    case 552:
      *category = BD_CATEGORY_SIZE;
      *cause = "reply.552";
      return TRUE;

    case 530: case 534: case 535: case 538:
      *category = BD_CATEGORY_AUTH;
      *cause = code == 530 ? "reply.530" : code == 534 ? "reply.534" :
               code == 535 ? "reply.535" : "reply.538";
      return TRUE;

    case 550:
      switch (stage)
        {
        case BD_STAGE_MAIL:
          *category = BD_CATEGORY_POLICY;
          *cause = "reply.550/mail";
          break;
        case BD_STAGE_DATA:
          *category = BD_CATEGORY_CONTENT;
          *cause = "reply.550/data";
          break;
        case BD_STAGE_CONNECT:
          *category = BD_CATEGORY_BLACKLIST;
          *cause = "reply.550/connect";
          break;
        case BD_STAGE_HELO:
          *category = BD_CATEGORY_DNS;
          *cause = "reply.550/helo";
          break;
        case BD_STAGE_AUTH:
          *category = BD_CATEGORY_AUTH;
          *cause = "reply.550/auth";
          break;
        case BD_STAGE_UNKNOWN:
        case BD_STAGE_RCPT:
        case BD_STAGE_STARTTLS:
        default:
          *category = BD_CATEGORY_RECIPIENT;
          *cause = "reply.550";
          break;
        }
      return TRUE;

    case 551:
      *category = BD_CATEGORY_RECIPIENT;
      *cause = "reply.551";
      return TRUE;

    case 553:
      if (stage == BD_STAGE_MAIL)
        {
          *category = BD_CATEGORY_POLICY;
          *cause = "reply.553/mail";
        }
      else
        {
          *category = BD_CATEGORY_RECIPIENT;
          *cause = "reply.553";
        }
      return TRUE;

    case 554:
      switch (stage)
        {
        case BD_STAGE_CONNECT:
          *category = BD_CATEGORY_BLACKLIST;
          *cause = "reply.554/connect";
          break;
        case BD_STAGE_MAIL:
        case BD_STAGE_RCPT:
          *category = BD_CATEGORY_POLICY;
          *cause = "reply.554/envelope";
          break;
        case BD_STAGE_HELO:
          *category = BD_CATEGORY_DNS;
          *cause = "reply.554/helo";
          break;
        case BD_STAGE_AUTH:
          *category = BD_CATEGORY_AUTH;
          *cause = "reply.554/auth";
          break;
        case BD_STAGE_UNKNOWN:
        case BD_STAGE_DATA:
        case BD_STAGE_STARTTLS:
        default:
          *category = BD_CATEGORY_CONTENT;
          *cause = "reply.554";
          break;
        }
      return TRUE;

    default:
      break;
    }

  if (code >= 200 && code < 300)
    {
      *category = BD_CATEGORY_NONE;
      *cause = "reply-class.2";
      return TRUE;
    }
  if (code >= 400 && code < 500)
    {
      *category = BD_CATEGORY_TEMPORARY;
      *cause = "reply-class.4";
      return TRUE;
    }
  if (code >= 500 && code < 600)
    {
      *category = BD_CATEGORY_OTHER;
      *cause = "reply-class.5";
      return TRUE;
    }

  return FALSE;
}

static gboolean
classify_stage (BdStage      stage,
                BdCategory  *category,
                const char **cause)
{
  static const char * const causes[] = {
    [BD_STAGE_UNKNOWN]  = NULL,
    [BD_STAGE_CONNECT]  = "stage.connect",
    [BD_STAGE_HELO]     = "stage.helo",
    [BD_STAGE_MAIL]     = "stage.mail",
    [BD_STAGE_RCPT]     = "stage.rcpt",
    [BD_STAGE_DATA]     = "stage.data",
    [BD_STAGE_AUTH]     = "stage.auth",
    [BD_STAGE_STARTTLS] = "stage.starttls",
  };

  if ((guint) stage >= G_N_ELEMENTS (causes) || causes[stage] == NULL)
    return FALSE;

  *category = stage == BD_STAGE_AUTH ? BD_CATEGORY_AUTH : BD_CATEGORY_CONNECTION;
  *cause = causes[stage];
  return TRUE;
}

BdCategory
bd_classify_codes (guint        reply_code,
                   const char  *status,
                   BdStage      stage,
                   const char **cause_id)
{
  BdCategory category = BD_CATEGORY_OTHER;
  const char *cause = NULL;
  guint klass, subject, detail;
  guint reply_class = reply_code / 100;
  gboolean valid_reply = reply_code >= 200 && reply_code < 600 &&
                         reply_class != 3 && (reply_code / 10) % 10 <= 5;

  if (!valid_reply)
    reply_code = 0;

  if (status != NULL && parse_status (status, &klass, &subject, &detail))
    {
      /* "550 4.2.2": the reply code decides the class */
      if (reply_code != 0 && reply_class != klass)
        klass = reply_class;
      if (classify_status (klass, subject, detail, reply_code, stage, &category, &cause))
        goto out;
    }

  if (reply_code != 0 && classify_reply (reply_code, stage, &category, &cause))
    goto out;

  if (reply_code == 0 && (status == NULL || !bd_smtp_status_is_valid (status)) &&
      classify_stage (stage, &category, &cause))
    goto out;

  /* A valid but detail-less status ("5.0.0") without a reply code. */
  if (status != NULL && parse_status (status, &klass, &subject, &detail))
    {
      if (klass == 2)
        {
          category = BD_CATEGORY_NONE;
          cause = "status-class.2";
        }
      else if (klass == 4)
        {
          category = BD_CATEGORY_TEMPORARY;
          cause = "status-class.4";
        }
      else
        {
          category = BD_CATEGORY_OTHER;
          cause = "status-class.5";
        }
      goto out;
    }

  category = BD_CATEGORY_OTHER;
  cause = NULL;

out:
  if (cause_id != NULL)
    *cause_id = cause;
  return category;
}

void
bd_classify_report (BdReport *report)
{
  g_return_if_fail (report != NULL);

  if (report->not_failure != NULL || report->failures == NULL)
    return;

  for (guint i = 0; i < report->failures->len; i++)
    {
      BdFailure *failure = g_ptr_array_index (report->failures, i);
      const char *cause = NULL;

      if (failure == NULL)
        continue;

      failure->category = bd_classify_codes (failure->reply_code, failure->status,
                                             failure->stage, &cause);
      g_free (failure->cause);
      failure->cause = g_strdup (cause);
    }
}
