/* dipcc-history-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One call record in the history: which way it went, who the other party
 * was (their number and the name we know for it), when, how long, how it
 * ended, and a button to call them back through app.dial.
 */
#define G_LOG_DOMAIN "dipcc-history"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dipcc-history-row.h"
#include "dipcc-phone-number.h"
#include "dipcc-text.h"

/* The longest name or number a row shows, in characters */
#define MAX_SHOWN_CHARS 80

/* The server id colleagues' phones are looked up on: the CDR has none */
#define CDR_SERVER_ID 1

struct _DipccHistoryRow
{
  GtkListBoxRow          parent_instance;

  GtkImage              *direction_icon;
  GtkLabel              *name_label;
  GtkLabel              *detail_label;
  GtkLabel              *time_label;
  GtkLabel              *duration_label;
  GtkButton             *call_button;

  DipccCdrRecord        *record;
  DipccHistoryDirection  direction;
  char                  *number;
};

G_DEFINE_FINAL_TYPE (DipccHistoryRow, dipcc_history_row, GTK_TYPE_LIST_BOX_ROW)

/**
 * dipcc_history_is_missed:
 * @record: a call record
 *
 * Returns: whether @record is an inbound call that nobody answered (no
 *   answer, busy, failed or congestion)
 */
gboolean
dipcc_history_is_missed (DipccCdrRecord *record)
{
  switch (dipcc_cdr_record_get_disposition (record))
    {
    case DIPCC_CDR_DISPOSITION_NO_ANSWER:
    case DIPCC_CDR_DISPOSITION_BUSY:
    case DIPCC_CDR_DISPOSITION_FAILED:
    case DIPCC_CDR_DISPOSITION_CONGESTION:
      return TRUE;
    case DIPCC_CDR_DISPOSITION_UNKNOWN:
    case DIPCC_CDR_DISPOSITION_ANSWERED:
    default:
      return FALSE;
    }
}

static gboolean
is_extension (const char *number,
              const char *extension)
{
  return extension != NULL && *extension != '\0' && number != NULL &&
         dipcc_phone_number_equal (number, extension);
}

/**
 * dipcc_history_direction_of:
 * @record: a call record
 * @extension: (nullable): the agent's own extension
 *
 * Returns: how the history shows @record: the PBX's call type, and for
 *   records without one, which side the agent's extension is on
 */
DipccHistoryDirection
dipcc_history_direction_of (DipccCdrRecord *record,
                            const char     *extension)
{
  gboolean incoming;

  switch (dipcc_cdr_record_get_calltype (record))
    {
    case DIPCC_CALL_TYPE_INTERNAL:
      return DIPCC_HISTORY_DIRECTION_INTERNAL;
    case DIPCC_CALL_TYPE_OUTBOUND:
    case DIPCC_CALL_TYPE_TRUNK:
      return DIPCC_HISTORY_DIRECTION_OUTGOING;
    case DIPCC_CALL_TYPE_INBOUND:
      incoming = TRUE;
      break;
    case DIPCC_CALL_TYPE_UNKNOWN:
    default:
      if (is_extension (dipcc_cdr_record_get_source (record), extension))
        return DIPCC_HISTORY_DIRECTION_OUTGOING;
      if (!is_extension (dipcc_cdr_record_get_destination (record), extension))
        return DIPCC_HISTORY_DIRECTION_INTERNAL;
      incoming = TRUE;
      break;
    }
  if (incoming && dipcc_history_is_missed (record))
    return DIPCC_HISTORY_DIRECTION_MISSED;
  return DIPCC_HISTORY_DIRECTION_INCOMING;
}

/**
 * dipcc_history_other_party:
 * @record: a call record
 * @extension: (nullable): the agent's own extension
 *
 * Returns: (transfer none): the number on the other end: the destination
 *   of an outgoing call, the source of an incoming one, and for an
 *   internal call whichever side is not @extension
 */
const char *
dipcc_history_other_party (DipccCdrRecord *record,
                           const char     *extension)
{
  const char *source = dipcc_cdr_record_get_source (record);
  const char *destination = dipcc_cdr_record_get_destination (record);

  switch (dipcc_history_direction_of (record, extension))
    {
    case DIPCC_HISTORY_DIRECTION_OUTGOING:
      return destination;
    case DIPCC_HISTORY_DIRECTION_INTERNAL:
      return is_extension (source, extension) ? destination : source;
    case DIPCC_HISTORY_DIRECTION_INCOMING:
    case DIPCC_HISTORY_DIRECTION_MISSED:
    default:
      return source;
    }
}

/**
 * dipcc_history_format_time:
 * @when: (nullable): the time of a call
 * @now: the time it is now, in the same time zone
 *
 * Returns: (transfer full): "14:05" for today, "Yesterday 14:05", a short
 *   date in the same year and the full date before it
 */
char *
dipcc_history_format_time (GDateTime *when,
                           GDateTime *now)
{
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) yesterday = NULL;
  int y, m, d, ny, nm, nd;

  if (when == NULL)
    return g_strdup (_("Unknown time"));
  local = g_date_time_to_local (when);
  g_date_time_get_ymd (local, &y, &m, &d);
  g_date_time_get_ymd (now, &ny, &nm, &nd);
  if (y == ny && m == nm && d == nd)
    /* TRANSLATORS: the time of a call today, a g_date_time_format() format */
    return g_date_time_format (local, _("%H:%M"));
  yesterday = g_date_time_add_days (now, -1);
  g_date_time_get_ymd (yesterday, &ny, &nm, &nd);
  if (y == ny && m == nm && d == nd)
    /* TRANSLATORS: the time of a call yesterday, a g_date_time_format() format */
    return g_date_time_format (local, _("Yesterday %H:%M"));
  if (y == g_date_time_get_year (now))
    /* TRANSLATORS: the date of a call this year, a g_date_time_format() format */
    return g_date_time_format (local, _("%b %-d"));
  /* TRANSLATORS: the date of a call in an earlier year, a g_date_time_format() format */
  return g_date_time_format (local, _("%Y-%m-%d"));
}

static const char *
disposition_text (DipccCdrDisposition disposition)
{
  switch (disposition)
    {
    case DIPCC_CDR_DISPOSITION_ANSWERED:
      return _("Answered");
    case DIPCC_CDR_DISPOSITION_NO_ANSWER:
      return _("No answer");
    case DIPCC_CDR_DISPOSITION_BUSY:
      return _("Busy");
    case DIPCC_CDR_DISPOSITION_FAILED:
    case DIPCC_CDR_DISPOSITION_CONGESTION:
      return _("Failed");
    case DIPCC_CDR_DISPOSITION_UNKNOWN:
    default:
      return _("Unknown outcome");
    }
}

static void
dipcc_history_row_dispose (GObject *object)
{
  DipccHistoryRow *self = DIPCC_HISTORY_ROW (object);

  g_clear_object (&self->record);
  g_clear_pointer (&self->number, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), DIPCC_TYPE_HISTORY_ROW);
  G_OBJECT_CLASS (dipcc_history_row_parent_class)->dispose (object);
}

static void
dipcc_history_row_class_init (DipccHistoryRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dipcc_history_row_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/dipcc/Companion/dipcc-history-row.ui");
  gtk_widget_class_bind_template_child (widget_class, DipccHistoryRow, direction_icon);
  gtk_widget_class_bind_template_child (widget_class, DipccHistoryRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, DipccHistoryRow, detail_label);
  gtk_widget_class_bind_template_child (widget_class, DipccHistoryRow, time_label);
  gtk_widget_class_bind_template_child (widget_class, DipccHistoryRow, duration_label);
  gtk_widget_class_bind_template_child (widget_class, DipccHistoryRow, call_button);
}

static void
dipcc_history_row_init (DipccHistoryRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static void
show_direction (DipccHistoryRow *self)
{
  const char *icon;
  const char *label;

  switch (self->direction)
    {
    case DIPCC_HISTORY_DIRECTION_OUTGOING:
      icon = "call-outgoing-symbolic";
      label = _("Outgoing call");
      break;
    case DIPCC_HISTORY_DIRECTION_INTERNAL:
      icon = "system-users-symbolic";
      label = _("Internal call");
      break;
    case DIPCC_HISTORY_DIRECTION_MISSED:
      icon = "call-missed-symbolic";
      label = _("Missed call");
      gtk_widget_add_css_class (GTK_WIDGET (self->direction_icon), "error");
      break;
    case DIPCC_HISTORY_DIRECTION_INCOMING:
    default:
      icon = "call-incoming-symbolic";
      label = _("Incoming call");
      break;
    }
  gtk_image_set_from_icon_name (self->direction_icon, icon);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->direction_icon), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->direction_icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

/**
 * dipcc_history_row_new:
 * @record: the call record to show
 * @extension: (nullable): the agent's own extension
 * @resolver: (nullable): where names for numbers come from
 * @now: the time it is now, local
 *
 * Returns: (transfer floating): a row for @record
 */
GtkWidget *
dipcc_history_row_new (DipccCdrRecord      *record,
                       const char          *extension,
                       DipccCallerResolver *resolver,
                       GDateTime           *now)
{
  DipccHistoryRow *self;
  const char *other;
  g_autofree char *shown_number = NULL;
  g_autofree char *formatted = NULL;
  g_autofree char *name = NULL;
  g_autofree char *shown_name = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *when = NULL;
  g_autofree char *duration = NULL;
  g_autofree char *a11y = NULL;
  const char *outcome;
  guint billsec;

  g_return_val_if_fail (DIPCC_IS_CDR_RECORD (record), NULL);

  self = g_object_new (DIPCC_TYPE_HISTORY_ROW, NULL);
  self->record = g_object_ref (record);
  self->direction = dipcc_history_direction_of (record, extension);
  other = dipcc_history_other_party (record, extension);
  self->number = dipcc_text_sanitize_display (other ? other : "", -1, MAX_SHOWN_CHARS);
  show_direction (self);

  formatted = dipcc_phone_number_format (self->number);
  shown_number = dipcc_text_sanitize_display (formatted, -1, MAX_SHOWN_CHARS);
  if (resolver != NULL && *self->number != '\0')
    name = dipcc_caller_resolver_resolve (resolver, CDR_SERVER_ID, self->number, NULL, NULL,
                                          NULL);
  if (name != NULL)
    shown_name = dipcc_text_sanitize_display (name, -1, MAX_SHOWN_CHARS);

  outcome = disposition_text (dipcc_cdr_record_get_disposition (record));
  if (*shown_number == '\0')
    {
      gtk_label_set_text (self->name_label, _("Unknown number"));
      detail = g_strdup (outcome);
    }
  else if (shown_name != NULL && *shown_name != '\0' && strstr (shown_name, shown_number) == NULL)
    {
      gtk_label_set_text (self->name_label, shown_name);
      /* TRANSLATORS: a call in the history: "010-1234-5678 · No answer" */
      detail = g_strdup_printf (_("%s · %s"), shown_number, outcome);
    }
  else
    {
      /* the number alone, or a name that has it already: "Extension 0111" */
      gtk_label_set_text (self->name_label, shown_name != NULL && *shown_name != '\0'
                                            ? shown_name : shown_number);
      detail = g_strdup (outcome);
    }
  gtk_label_set_text (self->detail_label, detail);

  when = dipcc_history_format_time (dipcc_cdr_record_get_calldate (record), now);
  gtk_label_set_text (self->time_label, when);
  if (dipcc_cdr_record_get_calldate (record) != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (dipcc_cdr_record_get_calldate (record));
      /* TRANSLATORS: the full time of a call, a g_date_time_format() format */
      g_autofree char *full = g_date_time_format (local, _("%Y-%m-%d %H:%M:%S"));

      gtk_widget_set_tooltip_text (GTK_WIDGET (self->time_label), full);
    }

  billsec = dipcc_cdr_record_get_billsec (record);
  if (billsec >= 3600)
    duration = g_strdup_printf ("%u:%02u:%02u", billsec / 3600, billsec / 60 % 60, billsec % 60);
  else
    duration = g_strdup_printf ("%u:%02u", billsec / 60, billsec % 60);
  gtk_label_set_text (self->duration_label, duration);

  if (dipcc_phone_number_is_dialable (self->number))
    {
      /* TRANSLATORS: the call-back button of a call in the history */
      a11y = g_strdup_printf (_("Call back %s"), shown_number);
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->call_button),
                                              g_variant_new_string (self->number));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->call_button), a11y);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->call_button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
    }
  else
    {
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->call_button), NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->call_button), FALSE);
    }

  return GTK_WIDGET (self);
}

DipccCdrRecord *
dipcc_history_row_get_record (DipccHistoryRow *self)
{
  g_return_val_if_fail (DIPCC_IS_HISTORY_ROW (self), NULL);
  return self->record;
}

DipccHistoryDirection
dipcc_history_row_get_direction (DipccHistoryRow *self)
{
  g_return_val_if_fail (DIPCC_IS_HISTORY_ROW (self), DIPCC_HISTORY_DIRECTION_INCOMING);
  return self->direction;
}

/**
 * dipcc_history_row_get_number:
 *
 * Returns: (transfer none): the other party's number as the record has it
 */
const char *
dipcc_history_row_get_number (DipccHistoryRow *self)
{
  g_return_val_if_fail (DIPCC_IS_HISTORY_ROW (self), NULL);
  return self->number;
}
