/* bd-check-row.c: one live check in the checks step
 *
 * A row per check and target of the run (SPEC §7): before the run it says
 * what will be checked; while it runs, a spinner; then pass / warning /
 * problem / can't tell with the engine's one-line summary, and the raw
 * answers (pretty-printed JSON) behind the row's expander. A row can also
 * sum up several others nested under it (the block lists). A row never
 * shows a result nobody measured.
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "bd-check-row.h"

struct _BdCheckRow
{
  AdwExpanderRow  parent_instance;

  /* Template widgets */
  GtkImage       *state_icon;
  GtkSpinner     *spinner;
  GtkWidget      *details_row;
  GtkLabel       *details_label;
  /* AdwExpanderRow's own arrow, hidden while there is nothing to expand */
  GtkWidget      *arrow;

  char           *check_id;
  char           *target;
  char           *summary;
  char           *details;
  BdCheckState    state;
  gboolean        expandable;    /* opens without details too */
};

G_DEFINE_ENUM_TYPE (BdCheckState, bd_check_state,
  G_DEFINE_ENUM_VALUE (BD_CHECK_STATE_READY, "ready"),
  G_DEFINE_ENUM_VALUE (BD_CHECK_STATE_RUNNING, "running"),
  G_DEFINE_ENUM_VALUE (BD_CHECK_STATE_PASS, "pass"),
  G_DEFINE_ENUM_VALUE (BD_CHECK_STATE_WARN, "warn"),
  G_DEFINE_ENUM_VALUE (BD_CHECK_STATE_FAIL, "fail"),
  G_DEFINE_ENUM_VALUE (BD_CHECK_STATE_UNKNOWN, "unknown"),
  G_DEFINE_ENUM_VALUE (BD_CHECK_STATE_SKIPPED, "skipped"))

G_DEFINE_FINAL_TYPE (BdCheckRow, bd_check_row, ADW_TYPE_EXPANDER_ROW)

enum {
  PROP_0,
  PROP_CHECK_ID,
  PROP_DETAILS,
  PROP_STATE,
  PROP_SUMMARY,
  PROP_TARGET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------------ */
/* Titles */

/* "mx.example.org:587" → "mx.example.org" and 587 (0 without a port). */
static char *
split_port (const char *target,
            guint      *port)
{
  const char *colon = target != NULL ? strrchr (target, ':') : NULL;

  *port = 0;
  /* an IPv6 address has colons but no port */
  if (colon == NULL || colon == target || strchr (target, ':') != colon ||
      colon[1] == '\0' || strspn (colon + 1, "0123456789") != strlen (colon + 1))
    return g_strdup (target);
  *port = (guint) strtoul (colon + 1, NULL, 10);
  return g_strndup (target, colon - target);
}

char *
bd_check_dup_title (const char *check_id,
                    const char *target)
{
  g_autofree char *host = NULL;
  guint port = 0;

  g_return_val_if_fail (check_id != NULL, NULL);

  if (target != NULL && *target == '\0')
    target = NULL;

  if (g_str_equal (check_id, "dns.mx"))
    /* Translators: %s is the recipient's domain name */
    return target != NULL ? g_strdup_printf (_("Mail servers (MX) of %s"), target)
                          : g_strdup (_("Mail servers (MX) of the recipient’s domain"));
  if (g_str_equal (check_id, "dns.ptr"))
    /* Translators: %s is an IP address */
    return target != NULL ? g_strdup_printf (_("Reverse DNS (PTR) of %s"), target)
                          : g_strdup (_("Reverse DNS (PTR) of the sending server"));
  if (g_str_equal (check_id, "dns.helo"))
    /* Translators: %s is the host name a server greeted with (HELO/EHLO) */
    return target != NULL ? g_strdup_printf (_("HELO name %s"), target)
                          : g_strdup (_("HELO name of the sending server"));
  if (g_str_equal (check_id, "dns.spf"))
    {
      const char *slash = target != NULL ? strchr (target, '/') : NULL;

      if (slash != NULL && slash != target && slash[1] != '\0')
        {
          g_autofree char *domain = g_strndup (target, slash - target);

          /* Translators: a domain name, then the IP address that sent the mail */
          return g_strdup_printf (_("SPF record of %s for %s"), domain, slash + 1);
        }
      /* Translators: %s is a domain name */
      return target != NULL ? g_strdup_printf (_("SPF record of %s"), target)
                            : g_strdup (_("SPF record of the sender’s domain"));
    }
  if (g_str_equal (check_id, "dns.dkim"))
    /* Translators: %s is a domain name */
    return target != NULL ? g_strdup_printf (_("DKIM key of %s"), target)
                          : g_strdup (_("DKIM key of the sender’s domain"));
  if (g_str_equal (check_id, "dns.dmarc"))
    /* Translators: %s is a domain name */
    return target != NULL ? g_strdup_printf (_("DMARC policy of %s"), target)
                          : g_strdup (_("DMARC policy of the sender’s domain"));
  if (g_str_equal (check_id, "dnsbl"))
    {
      /* the sending address (all lists), or one list's zone */
      if (target != NULL && !g_hostname_is_ip_address (target))
        /* Translators: %s is a block list's DNS zone, e.g. zen.spamhaus.org */
        return g_strdup_printf (_("Block list %s"), target);
      /* Translators: %s is an IP address */
      return target != NULL ? g_strdup_printf (_("Blacklists (DNSBL) for %s"), target)
                            : g_strdup (_("Blacklists (DNSBL) for the sending server"));
    }
  if (g_str_equal (check_id, "smtp.probe"))
    {
      host = split_port (target, &port);
      if (host != NULL && port != 0)
        /* Translators: a mail server's host name, then a port number */
        return g_strdup_printf (_("Connection to the mail server %s on port %u"), host, port);
      /* Translators: %s is a mail server's host name */
      return host != NULL ? g_strdup_printf (_("Connection to the mail server %s"), host)
                          : g_strdup (_("Connection to the mail server"));
    }
  if (g_str_equal (check_id, "size.limit"))
    {
      host = split_port (target, &port);
      /* Translators: %s is a mail server's host name */
      return host != NULL ? g_strdup_printf (_("Message size limit of %s"), host)
                          : g_strdup (_("Message size limit of the receiving server"));
    }
  if (g_str_equal (check_id, "net.ports"))
    {
      host = split_port (target, &port);
      /* Translators: %s is a mail server's host name */
      return host != NULL ? g_strdup_printf (_("Mail ports of %s from this computer"), host)
                          : g_strdup (_("Mail ports from this computer"));
    }
  if (g_str_equal (check_id, "net.resolver"))
    return g_strdup (_("DNS resolver of this computer"));
  if (g_str_equal (check_id, "time.clock"))
    return g_strdup (_("Clock of this computer"));
  if (g_str_equal (check_id, "mta-sts"))
    /* Translators: %s is a domain name */
    return target != NULL ? g_strdup_printf (_("MTA-STS policy of %s"), target)
                          : g_strdup (_("MTA-STS policy of the recipient’s domain"));

  /* a check this version has no words of its own for: the engine's name */
  if (target != NULL)
    /* Translators: the name of a check, then what it checks (a domain, an address) */
    return g_strdup_printf (C_("check title", "%s: %s"), bd_check_get_title (check_id), target);
  return g_strdup (bd_check_get_title (check_id));
}

/* ------------------------------------------------------------------------ */
/* State */

BdCheckState
bd_check_state_from_status (BdCheckStatus status,
                            gboolean      running)
{
  switch (status)
    {
    case BD_CHECK_PASS:
      return BD_CHECK_STATE_PASS;
    case BD_CHECK_WARN:
      return BD_CHECK_STATE_WARN;
    case BD_CHECK_FAIL:
      return BD_CHECK_STATE_FAIL;
    case BD_CHECK_UNKNOWN:
      return BD_CHECK_STATE_UNKNOWN;
    case BD_CHECK_SKIPPED:
      return BD_CHECK_STATE_SKIPPED;
    case BD_CHECK_PENDING:
    default:
      return running ? BD_CHECK_STATE_RUNNING : BD_CHECK_STATE_READY;
    }
}

static const char *
state_get_icon_name (BdCheckState state)
{
  switch (state)
    {
    case BD_CHECK_STATE_READY:
    case BD_CHECK_STATE_RUNNING:
      return "network-transmit-receive-symbolic";
    case BD_CHECK_STATE_PASS:
      return "emblem-ok-symbolic";
    case BD_CHECK_STATE_WARN:
      return "dialog-warning-symbolic";
    case BD_CHECK_STATE_FAIL:
      return "dialog-error-symbolic";
    case BD_CHECK_STATE_SKIPPED:
      return "action-unavailable-symbolic";
    case BD_CHECK_STATE_UNKNOWN:
    default:
      return "dialog-question-symbolic";
    }
}

static const char *
state_get_style_class (BdCheckState state)
{
  switch (state)
    {
    case BD_CHECK_STATE_PASS:
      return "success";
    case BD_CHECK_STATE_WARN:
      return "warning";
    case BD_CHECK_STATE_FAIL:
      return "error";
    case BD_CHECK_STATE_READY:
    case BD_CHECK_STATE_RUNNING:
    case BD_CHECK_STATE_UNKNOWN:
    case BD_CHECK_STATE_SKIPPED:
    default:
      return "dim-label";
    }
}

const char *
bd_check_state_get_label (BdCheckState state)
{
  switch (state)
    {
    case BD_CHECK_STATE_READY:
      return C_("check state", "Not run yet");
    case BD_CHECK_STATE_RUNNING:
      return C_("check state", "Checking…");
    case BD_CHECK_STATE_PASS:
      return C_("check state", "Passed");
    case BD_CHECK_STATE_WARN:
      return C_("check state", "Warning");
    case BD_CHECK_STATE_FAIL:
      return C_("check state", "Problem");
    case BD_CHECK_STATE_SKIPPED:
      return C_("check state", "Skipped");
    case BD_CHECK_STATE_UNKNOWN:
    default:
      return C_("check state", "Can’t tell");
    }
}

static void
bd_check_row_update (BdCheckRow *self)
{
  static const char *classes[] = { "success", "warning", "error", "dim-label" };
  gboolean running = self->state == BD_CHECK_STATE_RUNNING;
  gboolean has_details = self->details != NULL && *self->details != '\0';
  gboolean expands = has_details || self->expandable;
  const char *label = bd_check_state_get_label (self->state);
  g_autofree char *description = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->state_icon), classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self->state_icon), state_get_style_class (self->state));
  gtk_image_set_from_icon_name (self->state_icon, state_get_icon_name (self->state));
  gtk_widget_set_visible (GTK_WIDGET (self->state_icon), !running);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), running);
  gtk_spinner_set_spinning (self->spinner, running);

  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self),
                                 self->summary != NULL ? self->summary : label);

  gtk_label_set_text (self->details_label, has_details ? self->details : "");
  gtk_widget_set_visible (self->details_row, has_details);
  /* enabling expansion also expands the row: keep it as the user left it */
  if (adw_expander_row_get_enable_expansion (ADW_EXPANDER_ROW (self)) != expands)
    {
      gboolean expanded = adw_expander_row_get_expanded (ADW_EXPANDER_ROW (self));

      adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (self), expands);
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (self), expands && expanded);
    }
  if (self->arrow != NULL)
    gtk_widget_set_visible (self->arrow, expands);

  /* the icon's colour is no help to a screen reader: say the state */
  if (self->summary != NULL)
    /* Translators: a check's state ("Problem"), then its one-line result */
    description = g_strdup_printf (C_("check row", "%s: %s"), label, self->summary);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description != NULL ? description : label,
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->state_icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

const char *
bd_check_row_get_check_id (BdCheckRow *self)
{
  g_return_val_if_fail (BD_IS_CHECK_ROW (self), NULL);

  return self->check_id;
}

const char *
bd_check_row_get_target (BdCheckRow *self)
{
  g_return_val_if_fail (BD_IS_CHECK_ROW (self), NULL);

  return self->target;
}

BdCheckState
bd_check_row_get_state (BdCheckRow *self)
{
  g_return_val_if_fail (BD_IS_CHECK_ROW (self), BD_CHECK_STATE_READY);

  return self->state;
}

void
bd_check_row_set_state (BdCheckRow   *self,
                        BdCheckState  state)
{
  g_return_if_fail (BD_IS_CHECK_ROW (self));

  if (self->state == state)
    return;
  self->state = state;
  bd_check_row_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

const char *
bd_check_row_get_summary (BdCheckRow *self)
{
  g_return_val_if_fail (BD_IS_CHECK_ROW (self), NULL);

  return self->summary;
}

void
bd_check_row_set_summary (BdCheckRow *self,
                          const char *summary)
{
  g_return_if_fail (BD_IS_CHECK_ROW (self));

  if (g_strcmp0 (self->summary, summary) == 0)
    return;
  g_free (self->summary);
  self->summary = g_strdup (summary);
  bd_check_row_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY]);
}

const char *
bd_check_row_get_details (BdCheckRow *self)
{
  g_return_val_if_fail (BD_IS_CHECK_ROW (self), NULL);

  return self->details;
}

void
bd_check_row_set_details (BdCheckRow *self,
                          const char *details)
{
  g_return_if_fail (BD_IS_CHECK_ROW (self));

  if (g_strcmp0 (self->details, details) == 0)
    return;
  g_free (self->details);
  self->details = g_strdup (details);
  bd_check_row_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DETAILS]);
}

gboolean
bd_check_row_get_expandable (BdCheckRow *self)
{
  g_return_val_if_fail (BD_IS_CHECK_ROW (self), FALSE);

  return self->expandable;
}

void
bd_check_row_set_expandable (BdCheckRow *self,
                             gboolean    expandable)
{
  g_return_if_fail (BD_IS_CHECK_ROW (self));

  expandable = !!expandable;
  if (self->expandable == expandable)
    return;
  self->expandable = expandable;
  bd_check_row_update (self);
}

/* ------------------------------------------------------------------------ */
/* GObject */

static GtkWidget *
find_arrow (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_IMAGE (child) && gtk_widget_has_css_class (child, "expander-row-arrow"))
        return child;
      if ((found = find_arrow (child)) != NULL)
        return found;
    }
  return NULL;
}

static void
bd_check_row_constructed (GObject *object)
{
  BdCheckRow *self = BD_CHECK_ROW (object);
  g_autofree char *title = NULL;

  G_OBJECT_CLASS (bd_check_row_parent_class)->constructed (object);

  /* An arrow that opens nothing would promise details there are not. */
  self->arrow = find_arrow (GTK_WIDGET (self));

  title = bd_check_dup_title (self->check_id != NULL ? self->check_id : "", self->target);
  /* targets such as addresses must not be read as markup */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);
  bd_check_row_update (self);
}

static void
bd_check_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), BD_TYPE_CHECK_ROW);

  G_OBJECT_CLASS (bd_check_row_parent_class)->dispose (object);
}

static void
bd_check_row_finalize (GObject *object)
{
  BdCheckRow *self = BD_CHECK_ROW (object);

  g_free (self->check_id);
  g_free (self->target);
  g_free (self->summary);
  g_free (self->details);

  G_OBJECT_CLASS (bd_check_row_parent_class)->finalize (object);
}

static void
bd_check_row_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  BdCheckRow *self = BD_CHECK_ROW (object);

  switch (prop_id)
    {
    case PROP_CHECK_ID:
      g_value_set_string (value, self->check_id);
      break;
    case PROP_DETAILS:
      g_value_set_string (value, self->details);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_SUMMARY:
      g_value_set_string (value, self->summary);
      break;
    case PROP_TARGET:
      g_value_set_string (value, self->target);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_check_row_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  BdCheckRow *self = BD_CHECK_ROW (object);

  switch (prop_id)
    {
    case PROP_CHECK_ID:
      self->check_id = g_value_dup_string (value);
      break;
    case PROP_DETAILS:
      bd_check_row_set_details (self, g_value_get_string (value));
      break;
    case PROP_STATE:
      bd_check_row_set_state (self, g_value_get_enum (value));
      break;
    case PROP_SUMMARY:
      bd_check_row_set_summary (self, g_value_get_string (value));
      break;
    case PROP_TARGET:
      self->target = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_check_row_class_init (BdCheckRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = bd_check_row_constructed;
  object_class->dispose = bd_check_row_dispose;
  object_class->finalize = bd_check_row_finalize;
  object_class->get_property = bd_check_row_get_property;
  object_class->set_property = bd_check_row_set_property;

  /* SPEC §7 id: "dns.ptr", "dnsbl", … */
  properties[PROP_CHECK_ID] =
    g_param_spec_string ("check-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DETAILS] =
    g_param_spec_string ("details", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, BD_TYPE_CHECK_STATE, BD_CHECK_STATE_READY,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* what is checked: a domain, an IP address, a host; nullable */
  properties[PROP_TARGET] =
    g_param_spec_string ("target", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/bouncedoctor/BounceDoctor/steps/checks/bd-check-row.ui");
  gtk_widget_class_bind_template_child (widget_class, BdCheckRow, state_icon);
  gtk_widget_class_bind_template_child (widget_class, BdCheckRow, spinner);
  gtk_widget_class_bind_template_child (widget_class, BdCheckRow, details_row);
  gtk_widget_class_bind_template_child (widget_class, BdCheckRow, details_label);
}

static void
hide_decorative_images (GtkWidget *widget,
                        GtkWidget *keep)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_IMAGE (child) && child != keep)
        g_object_set (child, "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);
      else
        hide_decorative_images (child, keep);
    }
}

static void
bd_check_row_init (BdCheckRow *self)
{
  self->state = BD_CHECK_STATE_READY;
  gtk_widget_init_template (GTK_WIDGET (self));
  /* the expander's arrow says nothing a screen reader needs */
  hide_decorative_images (GTK_WIDGET (self), GTK_WIDGET (self->state_icon));
}

GtkWidget *
bd_check_row_new (const char *check_id,
                  const char *target)
{
  g_return_val_if_fail (check_id != NULL, NULL);

  return g_object_new (BD_TYPE_CHECK_ROW,
                       "check-id", check_id,
                       "target", target,
                       NULL);
}
