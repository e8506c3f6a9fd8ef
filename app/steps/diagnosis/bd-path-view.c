/* bd-path-view.c: the delivery path drawn with the failing hop marked
 *
 * "You → Your mail server → Recipient’s server → Recipient’s mailbox",
 * drawn with GtkSnapshot: a circle with an icon per station, its name and
 * host under it, arrows between them. The hop where delivery stopped is
 * drawn in the error colour with a cross and a note ("refused after the
 * message text (DATA)"); the hops after it are faded, the message never
 * got there. Wide enough, the stations stand in a row; narrow (a phone,
 * 360 px), they are stacked with the names beside them.
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "bd-path-view.h"

#define RADIUS      20    /* of a station's circle */
#define ICON_SIZE   20
#define PAD         4
#define GAP         8
#define TEXT_GAP    12    /* circle to its name when stacked */
#define EDGE_HEIGHT 30    /* a hop when stacked */
#define MIN_COLUMN  112   /* narrower than this per station: stack them */
#define MAX_COLUMN  180
#define MIN_TEXT    96    /* the narrowest a stacked name may get */

struct _BdPathView
{
  GtkWidget  parent_instance;

  BdPathHop  hop;
  char      *note;
  char      *details[BD_PATH_N_NODES];
  char      *description;
};

G_DEFINE_FINAL_TYPE (BdPathView, bd_path_view, GTK_TYPE_WIDGET)

static const char * const icon_names[BD_PATH_N_NODES] = {
  "computer-symbolic",
  "network-server-symbolic",
  "network-server-symbolic",
  "mail-unread-symbolic",
};

static const char *
node_label (BdPathNode node)
{
  switch (node)
    {
    case BD_PATH_NODE_YOU:
      return C_("delivery path", "You");
    case BD_PATH_NODE_SERVER:
      return C_("delivery path", "Your mail server");
    case BD_PATH_NODE_REMOTE:
      return C_("delivery path", "Recipient’s server");
    case BD_PATH_NODE_MAILBOX:
    case BD_PATH_N_NODES:
    default:
      return C_("delivery path", "Recipient’s mailbox");
    }
}

/* The node before the failing hop, or -1. */
static int
failing_edge (BdPathView *self)
{
  switch (self->hop)
    {
    case BD_PATH_HOP_SENDING: return 0;
    case BD_PATH_HOP_RELAY:   return 1;
    case BD_PATH_HOP_MAILBOX: return 2;
    case BD_PATH_HOP_NONE:
    default:
      return -1;
    }
}

/* ------------------------------------------------------------------------ */
/* Which hop failed */

static gboolean
cause_is (const BdKbCause *cause,
          const char      *id)
{
  return cause != NULL && g_strcmp0 (cause->id, id) == 0;
}

/**
 * bd_path_hop_for_failure:
 *
 * A mail program's error, or a failed login, is between the user and their
 * server; a remote server's reply is between the user's server and the
 * recipient's; an address that does not exist or a full mailbox is at the
 * recipient's server. A server log without a remote host is the server
 * refusing a client that connected to it.
 */
BdPathHop
bd_path_hop_for_failure (const BdReport     *report,
                         const BdFailure    *failure,
                         const BdCauseMatch *match)
{
  const BdKbCause *cause = match != NULL ? match->cause : NULL;
  BdCategory category;
  gboolean remote;
  gboolean client;

  if (report == NULL || failure == NULL || report->not_failure != NULL)
    return BD_PATH_HOP_NONE;

  category = cause != NULL ? cause->category : failure->category;
  remote = failure->remote_host != NULL || failure->remote_ip != NULL;
  client = g_strcmp0 (report->format, "client-error") == 0;

  if (category == BD_CATEGORY_NONE)
    return BD_PATH_HOP_NONE;

  if (category == BD_CATEGORY_RECIPIENT)
    {
      if (cause_is (cause, "recipient.no-domain"))
        return BD_PATH_HOP_RELAY;
      if (cause_is (cause, "recipient.bad-address"))
        return client || !remote ? BD_PATH_HOP_SENDING : BD_PATH_HOP_RELAY;
      return BD_PATH_HOP_MAILBOX;
    }

  if (client || failure->stage == BD_STAGE_AUTH)
    return BD_PATH_HOP_SENDING;
  if (remote)
    return BD_PATH_HOP_RELAY;
  if (category == BD_CATEGORY_AUTH)
    return BD_PATH_HOP_SENDING;
  if (category == BD_CATEGORY_POLICY && cause != NULL && cause->owner == BD_KB_OWNER_USER)
    return BD_PATH_HOP_SENDING;
  /* A server's log of a client it refused: a computer of the office
   * (the message or the program is at fault), or a sending server whose
   * name or address is the problem. */
  if ((report->kind == BD_SOURCE_LOG || report->kind == BD_SOURCE_TRANSCRIPT) &&
      failure->client_ip != NULL)
    return cause != NULL && cause->owner == BD_KB_OWNER_SERVER ? BD_PATH_HOP_RELAY
                                                               : BD_PATH_HOP_SENDING;
  if (category == BD_CATEGORY_CONNECTION && report->kind != BD_SOURCE_EMAIL)
    return BD_PATH_HOP_SENDING;

  return BD_PATH_HOP_RELAY;
}

static gboolean
is_temporary (const BdFailure *failure)
{
  if (failure->delayed)
    return TRUE;
  if (failure->permanent)
    return FALSE;
  return failure->reply_code / 100 == 4 ||
         (failure->status != NULL && failure->status[0] == '4');
}

static const char *
failure_note (const BdFailure    *failure,
              const BdCauseMatch *match,
              BdPathHop           hop)
{
  const BdKbCause *cause = match != NULL ? match->cause : NULL;

  /* a symptom the user described: a guess, nothing was seen refused */
  if (failure->symptom != NULL)
    return C_("delivery path", "most likely stops here");
  if (cause_is (cause, "recipient.mailbox-full"))
    return C_("delivery path", "the mailbox is full");
  if (cause_is (cause, "recipient.unknown-user"))
    return C_("delivery path", "no such mailbox");
  if (cause_is (cause, "recipient.disabled"))
    return C_("delivery path", "the mailbox is closed");
  if (cause_is (cause, "recipient.moved"))
    return C_("delivery path", "the address has moved");
  if (cause_is (cause, "recipient.no-domain") || cause_is (cause, "connection.server-not-found"))
    return C_("delivery path", "server not found");
  if (cause_is (cause, "connection.tls-failed"))
    return C_("delivery path", "encryption failed");
  if (cause_is (cause, "connection.loop"))
    return C_("delivery path", "sent round in a loop");
  if (cause_is (cause, "connection.timeout"))
    return C_("delivery path", "no answer in time");
  if (cause_is (cause, "connection.refused"))
    return C_("delivery path", "connection refused");
  if (cause_is (cause, "temporary.expired"))
    return C_("delivery path", "gave up after retrying");
  if (hop == BD_PATH_HOP_MAILBOX)
    return C_("delivery path", "the recipient’s server refused it");
  if (is_temporary (failure))
    return C_("delivery path", "held back for now (temporary)");

  switch (failure->stage)
    {
    case BD_STAGE_CONNECT:
      return C_("delivery path", "refused on connecting");
    case BD_STAGE_HELO:
      return C_("delivery path", "refused at the greeting (HELO)");
    case BD_STAGE_MAIL:
      return C_("delivery path", "refused at the sender address (MAIL FROM)");
    case BD_STAGE_RCPT:
      return C_("delivery path", "refused at the recipient address (RCPT TO)");
    case BD_STAGE_DATA:
      return C_("delivery path", "refused after the message text (DATA)");
    case BD_STAGE_AUTH:
      return C_("delivery path", "login refused (AUTH)");
    case BD_STAGE_STARTTLS:
      return C_("delivery path", "encryption refused (STARTTLS)");
    case BD_STAGE_UNKNOWN:
    default:
      return C_("delivery path", "refused here");
    }
}

static void
update_description (BdPathView *self)
{
  g_autoptr(GString) s = g_string_new (NULL);

  g_string_append (s, _("Delivery path:"));
  for (guint i = 0; i < BD_PATH_N_NODES; i++)
    {
      if (i > 0)
        g_string_append (s, " →");
      g_string_append_c (s, ' ');
      g_string_append (s, node_label (i));
      if (self->details[i] != NULL)
        g_string_append_printf (s, " (%s)", self->details[i]);
    }
  g_string_append_c (s, '.');

  if (self->hop != BD_PATH_HOP_NONE)
    {
      const char *where;

      g_string_append_c (s, ' ');
      switch (self->hop)
        {
        case BD_PATH_HOP_SENDING:
          where = _("It stopped between you and your mail server");
          break;
        case BD_PATH_HOP_RELAY:
          where = _("It stopped between your mail server and the recipient’s server");
          break;
        case BD_PATH_HOP_MAILBOX:
        case BD_PATH_HOP_NONE:
        default:
          where = _("It stopped at the recipient’s server, before the mailbox");
          break;
        }
      if (self->note != NULL)
        /* Translators: "<where it stopped>: <the note on the path>." */
        g_string_append_printf (s, _("%s: %s."), where, self->note);
      else
        g_string_append_printf (s, "%s.", where);
    }

  g_free (self->description);
  self->description = g_string_free (g_steal_pointer (&s), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->description,
                                  -1);
}

void
bd_path_view_set_failure (BdPathView         *self,
                          const BdReport     *report,
                          const BdFailure    *failure,
                          const BdCauseMatch *match)
{
  const char *host = NULL;
  const char *note = NULL;

  g_return_if_fail (BD_IS_PATH_VIEW (self));

  for (guint i = 0; i < BD_PATH_N_NODES; i++)
    g_clear_pointer (&self->details[i], g_free);

  self->hop = bd_path_hop_for_failure (report, failure, match);

  if (failure != NULL)
    {
      host = failure->remote_host != NULL ? failure->remote_host : failure->remote_ip;

      switch (self->hop)
        {
        case BD_PATH_HOP_SENDING:
          /* the server the program or client talked to is the user's own */
          self->details[BD_PATH_NODE_YOU] = g_strdup (failure->client_ip);
          self->details[BD_PATH_NODE_SERVER] = g_strdup (host);
          break;
        case BD_PATH_HOP_RELAY:
          self->details[BD_PATH_NODE_SERVER] = g_strdup (failure->client_ip);
          self->details[BD_PATH_NODE_REMOTE] = g_strdup (host);
          break;
        case BD_PATH_HOP_MAILBOX:
          self->details[BD_PATH_NODE_SERVER] = g_strdup (failure->client_ip);
          self->details[BD_PATH_NODE_REMOTE] = g_strdup (host);
          self->details[BD_PATH_NODE_MAILBOX] = g_strdup (failure->recipient);
          break;
        case BD_PATH_HOP_NONE:
        default:
          break;
        }
      if (self->hop != BD_PATH_HOP_NONE)
        note = failure_note (failure, match, self->hop);
    }

  g_free (self->note);
  self->note = g_strdup (note);

  update_description (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

BdPathHop
bd_path_view_get_hop (BdPathView *self)
{
  g_return_val_if_fail (BD_IS_PATH_VIEW (self), BD_PATH_HOP_NONE);

  return self->hop;
}

const char *
bd_path_view_get_note (BdPathView *self)
{
  g_return_val_if_fail (BD_IS_PATH_VIEW (self), NULL);

  return self->note;
}

const char *
bd_path_view_get_detail (BdPathView *self,
                         BdPathNode  node)
{
  g_return_val_if_fail (BD_IS_PATH_VIEW (self), NULL);
  g_return_val_if_fail (node < BD_PATH_N_NODES, NULL);

  return self->details[node];
}

const char *
bd_path_view_get_description (BdPathView *self)
{
  g_return_val_if_fail (BD_IS_PATH_VIEW (self), NULL);

  return self->description;
}

/* ------------------------------------------------------------------------ */
/* Layout */

typedef struct
{
  gboolean     horizontal;
  int          width;
  int          height;
  PangoLayout *labels[BD_PATH_N_NODES];
  PangoLayout *details[BD_PATH_N_NODES];
  PangoLayout *note;
  float        cx[BD_PATH_N_NODES];       /* circle centres */
  float        cy[BD_PATH_N_NODES];
  float        label_x[BD_PATH_N_NODES];
  float        label_y[BD_PATH_N_NODES];
  float        detail_y[BD_PATH_N_NODES];
  float        note_x;
  float        note_y;
} PathLayout;

static void
path_layout_clear (PathLayout *layout)
{
  for (guint i = 0; i < BD_PATH_N_NODES; i++)
    {
      g_clear_object (&layout->labels[i]);
      g_clear_object (&layout->details[i]);
    }
  g_clear_object (&layout->note);
}

static PangoLayout *
create_layout (BdPathView *self,
               const char *text,
               gboolean    small,
               gboolean    bold)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  PangoAttrList *attrs = pango_attr_list_new ();

  if (small)
    pango_attr_list_insert (attrs, pango_attr_scale_new (0.85));
  if (bold)
    pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);

  return layout;
}

static void
set_layout_width (PangoLayout    *layout,
                  int             width,
                  PangoAlignment  alignment,
                  int             max_lines)
{
  pango_layout_set_width (layout, MAX (width, 1) * PANGO_SCALE);
  pango_layout_set_alignment (layout, alignment);
  if (max_lines > 0)
    {
      pango_layout_set_height (layout, -max_lines);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_MIDDLE);
    }
}

static int
layout_height (PangoLayout *layout)
{
  int h = 0;

  if (layout != NULL)
    pango_layout_get_pixel_size (layout, NULL, &h);
  return h;
}

/* The width one station's name needs on one line. */
static int
natural_column (BdPathView *self)
{
  int column = MIN_COLUMN;

  for (guint i = 0; i < BD_PATH_N_NODES; i++)
    {
      g_autoptr(PangoLayout) layout = create_layout (self, node_label (i), FALSE, FALSE);
      int w = 0;

      pango_layout_get_pixel_size (layout, &w, NULL);
      column = MAX (column, w + 2 * PAD);
    }
  return MIN (column, MAX_COLUMN);
}

static int
minimum_width (void)
{
  return PAD + 2 * RADIUS + TEXT_GAP + MIN_TEXT + PAD;
}

static void
compute_layout (BdPathView *self,
                int         width,
                PathLayout *out)
{
  int edge = failing_edge (self);

  memset (out, 0, sizeof *out);
  out->width = width;
  out->horizontal = width >= BD_PATH_N_NODES * MIN_COLUMN;

  for (guint i = 0; i < BD_PATH_N_NODES; i++)
    {
      out->labels[i] = create_layout (self, node_label (i), FALSE, (int) i == edge + 1 && edge >= 0);
      if (self->details[i] != NULL)
        out->details[i] = create_layout (self, self->details[i], TRUE, FALSE);
    }
  if (edge >= 0 && self->note != NULL)
    out->note = create_layout (self, self->note, FALSE, TRUE);

  if (out->horizontal)
    {
      float column = (float) width / BD_PATH_N_NODES;
      int text_width = (int) column - 2 * PAD;
      int top = 0;
      int bottom = 0;

      if (out->note != NULL)
        {
          float mid = column * (edge + 1);
          int note_width = (int) MIN (2 * column, width) - 2 * PAD;
          int w = 0;

          set_layout_width (out->note, note_width, PANGO_ALIGN_CENTER, 0);
          pango_layout_get_pixel_size (out->note, &w, &top);
          /* centred over the failing hop, kept inside */
          out->note_x = CLAMP (mid - note_width / 2.0f, 0, width - note_width);
          out->note_y = 0;
          top += GAP;
        }

      for (guint i = 0; i < BD_PATH_N_NODES; i++)
        {
          out->cx[i] = column * i + column / 2;
          out->cy[i] = top + RADIUS;
          out->label_x[i] = column * i + PAD;
          out->label_y[i] = top + 2 * RADIUS + GAP;
          set_layout_width (out->labels[i], text_width, PANGO_ALIGN_CENTER, 0);
          out->detail_y[i] = out->label_y[i] + layout_height (out->labels[i]) + 2;
          if (out->details[i] != NULL)
            set_layout_width (out->details[i], text_width, PANGO_ALIGN_CENTER, 2);
          bottom = MAX (bottom, (int) out->detail_y[i] + layout_height (out->details[i]));
        }
      out->height = bottom + PAD;
    }
  else
    {
      float cx = PAD + RADIUS;
      float text_x = cx + RADIUS + TEXT_GAP;
      int text_width = MAX (width - (int) text_x - PAD, MIN_TEXT / 2);
      float y = PAD;

      if (out->note != NULL)
        set_layout_width (out->note, text_width, PANGO_ALIGN_LEFT, 0);

      for (guint i = 0; i < BD_PATH_N_NODES; i++)
        {
          int label_h, detail_h, block, row;

          set_layout_width (out->labels[i], text_width, PANGO_ALIGN_LEFT, 0);
          if (out->details[i] != NULL)
            set_layout_width (out->details[i], text_width, PANGO_ALIGN_LEFT, 2);
          label_h = layout_height (out->labels[i]);
          detail_h = out->details[i] != NULL ? layout_height (out->details[i]) + 2 : 0;
          block = label_h + detail_h;
          row = MAX (2 * RADIUS, block);

          out->cx[i] = cx;
          out->cy[i] = y + row / 2.0f;
          out->label_x[i] = text_x;
          out->label_y[i] = y + (row - block) / 2.0f;
          out->detail_y[i] = out->label_y[i] + label_h + 2;
          y += row;

          if (i + 1 < BD_PATH_N_NODES)
            {
              int gap = EDGE_HEIGHT;

              if ((int) i == edge && out->note != NULL)
                {
                  int note_h = layout_height (out->note);

                  gap = MAX (gap, note_h + 2 * GAP);
                  out->note_x = text_x;
                  out->note_y = y + (gap - note_h) / 2.0f;
                }
              y += gap;
            }
        }
      out->height = (int) y + PAD;
    }
}

/* ------------------------------------------------------------------------ */
/* GtkWidget */

static GtkSizeRequestMode
bd_path_view_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
bd_path_view_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  BdPathView *self = BD_PATH_VIEW (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = minimum_width ();
      *natural = MAX (*minimum, BD_PATH_N_NODES * natural_column (self));
    }
  else
    {
      PathLayout layout;
      int width = for_size >= 0 ? for_size : BD_PATH_N_NODES * natural_column (self);

      compute_layout (self, MAX (width, minimum_width ()), &layout);
      *minimum = *natural = layout.height;
      path_layout_clear (&layout);
    }
}

static void
get_colors (BdPathView *self,
            GdkRGBA    *fg,
            GdkRGBA    *error)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));

  gtk_style_context_get_color (context, fg);
  if (!gtk_style_context_lookup_color (context, "error_color", error))
    gdk_rgba_parse (error, "#c01c28");
}

static GdkRGBA
with_alpha (const GdkRGBA *color,
            float          alpha)
{
  GdkRGBA c = *color;

  c.alpha *= alpha;
  return c;
}

/* The hops run along one axis, so no trigonometry (and no libm) is needed. */
static void
draw_arrow (cairo_t       *cr,
            float          x0,
            float          y0,
            float          x1,
            float          y1,
            const GdkRGBA *color,
            float          line_width,
            gboolean       dashed)
{
  static const double dash[] = { 4, 4 };
  const double head = 7;
  double ux = (x1 > x0) - (x1 < x0);
  double uy = (y1 > y0) - (y1 < y0);

  gdk_cairo_set_source_rgba (cr, color);
  cairo_set_line_width (cr, line_width);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_dash (cr, dash, dashed ? 2 : 0, 0);
  cairo_move_to (cr, x0, y0);
  cairo_line_to (cr, x1 - ux * head / 2, y1 - uy * head / 2);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);

  cairo_move_to (cr, x1, y1);
  cairo_line_to (cr, x1 - ux * head - uy * head * 0.6, y1 - uy * head + ux * head * 0.6);
  cairo_line_to (cr, x1 - ux * head + uy * head * 0.6, y1 - uy * head - ux * head * 0.6);
  cairo_close_path (cr);
  cairo_fill (cr);
}

static void
draw_cross (cairo_t       *cr,
            float          x,
            float          y,
            const GdkRGBA *color)
{
  const double r = 9;
  const double s = 4.5;

  /* a filled disc with a white cross, readable on the line */
  gdk_cairo_set_source_rgba (cr, color);
  cairo_arc (cr, x, y, r, 0, 2 * G_PI);
  cairo_fill (cr);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, 2.5);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_move_to (cr, x - s, y - s);
  cairo_line_to (cr, x + s, y + s);
  cairo_move_to (cr, x + s, y - s);
  cairo_line_to (cr, x - s, y + s);
  cairo_stroke (cr);
}

static void
draw_icon (BdPathView    *self,
           GtkSnapshot   *snapshot,
           BdPathNode     node,
           float          cx,
           float          cy,
           const GdkRGBA *color,
           const GdkRGBA *error)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (widget));
  g_autoptr(GtkIconPaintable) icon = NULL;
  /* foreground, error, warning, success */
  GdkRGBA colors[4] = { *color, *error, *color, *color };

  icon = gtk_icon_theme_lookup_icon (theme, icon_names[node], NULL, ICON_SIZE,
                                     gtk_widget_get_scale_factor (widget),
                                     gtk_widget_get_direction (widget), 0);
  if (icon == NULL)
    return;

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (cx - ICON_SIZE / 2.0f, cy - ICON_SIZE / 2.0f));
  gtk_symbolic_paintable_snapshot_symbolic (GTK_SYMBOLIC_PAINTABLE (icon), snapshot,
                                            ICON_SIZE, ICON_SIZE, colors, G_N_ELEMENTS (colors));
  gtk_snapshot_restore (snapshot);
}

static void
append_layout (GtkSnapshot   *snapshot,
               PangoLayout   *layout,
               float          x,
               float          y,
               const GdkRGBA *color)
{
  if (layout == NULL)
    return;
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
bd_path_view_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  BdPathView *self = BD_PATH_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int edge = failing_edge (self);
  PathLayout layout;
  GdkRGBA fg, error;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  get_colors (self, &fg, &error);
  compute_layout (self, width, &layout);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  /* the hops */
  for (int i = 0; i + 1 < BD_PATH_N_NODES; i++)
    {
      gboolean failed = i == edge;
      gboolean unreached = edge >= 0 && i > edge;
      GdkRGBA color = failed ? error : with_alpha (&fg, unreached ? 0.25f : 0.55f);
      float x0, y0, x1, y1;

      if (layout.horizontal)
        {
          x0 = layout.cx[i] + RADIUS + GAP;
          x1 = layout.cx[i + 1] - RADIUS - GAP;
          y0 = y1 = layout.cy[i];
        }
      else
        {
          x0 = x1 = layout.cx[i];
          y0 = layout.cy[i] + RADIUS + GAP / 2.0f;
          y1 = layout.cy[i + 1] - RADIUS - GAP / 2.0f;
        }
      if (x1 - x0 < 4 && y1 - y0 < 4)
        continue;

      draw_arrow (cr, x0, y0, x1, y1, &color, failed ? 2.5f : 1.5f, unreached);
      if (failed)
        draw_cross (cr, (x0 + x1) / 2, (y0 + y1) / 2, &error);
    }

  /* the stations; the one that refused is ringed in the error colour */
  for (int i = 0; i < BD_PATH_N_NODES; i++)
    {
      gboolean unreached = edge >= 0 && i > edge + 1;
      gboolean refused = edge >= 0 && i == edge + 1;
      GdkRGBA fill = with_alpha (refused ? &error : &fg, unreached ? 0.04f : 0.08f);
      GdkRGBA stroke = refused ? error : with_alpha (&fg, unreached ? 0.2f : 0.4f);

      cairo_new_path (cr);
      cairo_arc (cr, layout.cx[i], layout.cy[i], RADIUS - 1, 0, 2 * G_PI);
      gdk_cairo_set_source_rgba (cr, &fill);
      cairo_fill_preserve (cr);
      gdk_cairo_set_source_rgba (cr, &stroke);
      cairo_set_line_width (cr, refused ? 2.5 : 1.5);
      cairo_stroke (cr);
    }
  cairo_destroy (cr);

  for (int i = 0; i < BD_PATH_N_NODES; i++)
    {
      gboolean unreached = edge >= 0 && i > edge + 1;
      GdkRGBA text = with_alpha (&fg, unreached ? 0.55f : 1.0f);
      GdkRGBA dim = with_alpha (&fg, 0.6f);

      draw_icon (self, snapshot, i, layout.cx[i], layout.cy[i], &text, &error);
      append_layout (snapshot, layout.labels[i], layout.label_x[i], layout.label_y[i], &text);
      append_layout (snapshot, layout.details[i], layout.label_x[i], layout.detail_y[i], &dim);
    }

  append_layout (snapshot, layout.note, layout.note_x, layout.note_y, &error);

  path_layout_clear (&layout);
}

/* ------------------------------------------------------------------------ */
/* GObject */

static void
bd_path_view_finalize (GObject *object)
{
  BdPathView *self = BD_PATH_VIEW (object);

  for (guint i = 0; i < BD_PATH_N_NODES; i++)
    g_free (self->details[i]);
  g_free (self->note);
  g_free (self->description);

  G_OBJECT_CLASS (bd_path_view_parent_class)->finalize (object);
}

static void
bd_path_view_class_init (BdPathViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = bd_path_view_finalize;

  widget_class->get_request_mode = bd_path_view_get_request_mode;
  widget_class->measure = bd_path_view_measure;
  widget_class->snapshot = bd_path_view_snapshot;

  gtk_widget_class_set_css_name (widget_class, "pathview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
bd_path_view_init (BdPathView *self)
{
  update_description (self);
}

GtkWidget *
bd_path_view_new (void)
{
  return g_object_new (BD_TYPE_PATH_VIEW, NULL);
}
