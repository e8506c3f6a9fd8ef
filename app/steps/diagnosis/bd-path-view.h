/* bd-path-view.h: the delivery path drawn with the failing hop marked
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "bd-report.h"

G_BEGIN_DECLS

/* The stations a message passes, in order. */
typedef enum
{
  BD_PATH_NODE_YOU,
  BD_PATH_NODE_SERVER,     /* your mail server */
  BD_PATH_NODE_REMOTE,     /* the recipient's server */
  BD_PATH_NODE_MAILBOX,    /* the recipient's mailbox */
  BD_PATH_N_NODES
} BdPathNode;

/* Where delivery stopped: the hop after which node failed. */
typedef enum
{
  BD_PATH_HOP_NONE = 0,    /* nothing failed (or not known) */
  BD_PATH_HOP_SENDING,     /* between you and your mail server */
  BD_PATH_HOP_RELAY,       /* between your server and the recipient's server */
  BD_PATH_HOP_MAILBOX,     /* at the recipient's server, for the mailbox */
} BdPathHop;

#define BD_TYPE_PATH_VIEW (bd_path_view_get_type ())

G_DECLARE_FINAL_TYPE (BdPathView, bd_path_view, BD, PATH_VIEW, GtkWidget)

GtkWidget  *bd_path_view_new          (void);

/* Shows where @failure (with its most likely cause @match, nullable) broke
 * off; %NULL @failure shows the path with nothing marked. */
void        bd_path_view_set_failure  (BdPathView         *self,
                                       const BdReport     *report,
                                       const BdFailure    *failure,
                                       const BdCauseMatch *match);

BdPathHop   bd_path_view_get_hop      (BdPathView         *self);
/* The words beside the failing hop ("refused after the message text (DATA)"), nullable. */
const char *bd_path_view_get_note     (BdPathView         *self);
/* The host name or address shown under @node, nullable. */
const char *bd_path_view_get_detail   (BdPathView         *self,
                                       BdPathNode          node);
/* The path in words, as a screen reader reads it. */
const char *bd_path_view_get_description (BdPathView      *self);

/* Which hop @failure broke off at (the rules the view uses). */
BdPathHop   bd_path_hop_for_failure   (const BdReport     *report,
                                       const BdFailure    *failure,
                                       const BdCauseMatch *match);

G_END_DECLS
