/* bd-check-row.c: one live check in the checks step
 *
 * A row per check and target (SPEC §7). Until the live checks exist the
 * row only says what would be checked and stays insensitive; the other
 * states (spinner, pass / warning / problem / can't tell, raw answer
 * behind the expander) are here for when they arrive. A row never shows
 * a result nobody measured.
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

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
};

G_DEFINE_ENUM_TYPE (BdCheckState, bd_check_state,
  G_DEFINE_ENUM_VALUE (BD_CHECK_STATE_UNAVAILABLE, "unavailable"),
  G_DEFINE_ENUM_VALUE (BD_CHECK_STATE_READY, "ready"),
  G_DEFINE_ENUM_VALUE (BD_CHECK_STATE_RUNNING, "running"),
  G_DEFINE_ENUM_VALUE (BD_CHECK_STATE_PASS, "pass"),
  G_DEFINE_ENUM_VALUE (BD_CHECK_STATE_WARN, "warn"),
  G_DEFINE_ENUM_VALUE (BD_CHECK_STATE_FAIL, "fail"),
  G_DEFINE_ENUM_VALUE (BD_CHECK_STATE_UNKNOWN, "unknown"))

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

char *
bd_check_dup_title (const char *check_id,
                    const char *target)
{
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
    /* Translators: %s is a domain name */
    return target != NULL ? g_strdup_printf (_("SPF record of %s"), target)
                          : g_strdup (_("SPF record of the sender’s domain"));
  if (g_str_equal (check_id, "dns.dkim"))
    /* Translators: %s is a domain name */
    return target != NULL ? g_strdup_printf (_("DKIM key of %s"), target)
                          : g_strdup (_("DKIM key of the sender’s domain"));
  if (g_str_equal (check_id, "dns.dmarc"))
    /* Translators: %s is a domain name */
    return target != NULL ? g_strdup_printf (_("DMARC policy of %s"), target)
                          : g_strdup (_("DMARC policy of the sender’s domain"));
  if (g_str_equal (check_id, "dnsbl"))
    /* Translators: %s is an IP address */
    return target != NULL ? g_strdup_printf (_("Blacklists (DNSBL) for %s"), target)
                          : g_strdup (_("Blacklists (DNSBL) for the sending server"));
  if (g_str_equal (check_id, "smtp.probe"))
    /* Translators: %s is a mail server's host name */
    return target != NULL ? g_strdup_printf (_("Connection to the mail server %s"), target)
                          : g_strdup (_("Connection to the mail server"));
  if (g_str_equal (check_id, "size.limit"))
    /* Translators: %s is a mail server's host name */
    return target != NULL ? g_strdup_printf (_("Message size limit of %s"), target)
                          : g_strdup (_("Message size limit of the receiving server"));
  if (g_str_equal (check_id, "net.ports"))
    /* Translators: %s is a mail server's host name */
    return target != NULL ? g_strdup_printf (_("Mail ports of %s from this computer"), target)
                          : g_strdup (_("Mail ports from this computer"));
  if (g_str_equal (check_id, "net.resolver"))
    return g_strdup (_("DNS resolver of this computer"));
  if (g_str_equal (check_id, "time.clock"))
    return g_strdup (_("Clock of this computer"));
  if (g_str_equal (check_id, "mta-sts"))
    /* Translators: %s is a domain name */
    return target != NULL ? g_strdup_printf (_("MTA-STS policy of %s"), target)
                          : g_strdup (_("MTA-STS policy of the recipient’s domain"));

  /* a check this version does not know: its id is all we can say */
  return target != NULL ? g_strdup_printf ("%s (%s)", check_id, target) : g_strdup (check_id);
}

/* ------------------------------------------------------------------------ */
/* State */

static const char *
state_get_icon_name (BdCheckState state)
{
  switch (state)
    {
    case BD_CHECK_STATE_UNAVAILABLE:
      return "network-offline-symbolic";
    case BD_CHECK_STATE_READY:
    case BD_CHECK_STATE_RUNNING:
      return "network-transmit-receive-symbolic";
    case BD_CHECK_STATE_PASS:
      return "emblem-ok-symbolic";
    case BD_CHECK_STATE_WARN:
      return "dialog-warning-symbolic";
    case BD_CHECK_STATE_FAIL:
      return "dialog-error-symbolic";
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
    case BD_CHECK_STATE_UNAVAILABLE:
    case BD_CHECK_STATE_READY:
    case BD_CHECK_STATE_RUNNING:
    case BD_CHECK_STATE_UNKNOWN:
    default:
      return "dim-label";
    }
}

static const char *
state_get_label (BdCheckState state)
{
  switch (state)
    {
    case BD_CHECK_STATE_UNAVAILABLE:
      return _("Needs the network. Live checks are not part of this version yet.");
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

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->state_icon), classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self->state_icon), state_get_style_class (self->state));
  gtk_image_set_from_icon_name (self->state_icon, state_get_icon_name (self->state));
  gtk_widget_set_visible (GTK_WIDGET (self->state_icon), !running);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), running);
  gtk_spinner_set_spinning (self->spinner, running);

  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self),
                                 self->summary != NULL ? self->summary
                                                       : state_get_label (self->state));

  gtk_label_set_text (self->details_label, has_details ? self->details : "");
  gtk_widget_set_visible (self->details_row, has_details);
  if (!has_details)
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (self), FALSE);
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (self), has_details);
  if (self->arrow != NULL)
    gtk_widget_set_visible (self->arrow, has_details);

  gtk_widget_set_sensitive (GTK_WIDGET (self), self->state != BD_CHECK_STATE_UNAVAILABLE);
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
  g_return_val_if_fail (BD_IS_CHECK_ROW (self), BD_CHECK_STATE_UNAVAILABLE);

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
    g_param_spec_enum ("state", NULL, NULL, BD_TYPE_CHECK_STATE, BD_CHECK_STATE_UNAVAILABLE,
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
bd_check_row_init (BdCheckRow *self)
{
  self->state = BD_CHECK_STATE_UNAVAILABLE;
  gtk_widget_init_template (GTK_WIDGET (self));
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
