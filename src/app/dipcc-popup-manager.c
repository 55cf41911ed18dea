/* dipcc-popup-manager.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One desktop notification per incoming call, kept up to date as the call
 * is answered, answered by a colleague or missed. A call is known by its
 * server id and linkedid, so duplicates, resyncs and reconnects never pop
 * up twice. Everything the PBX sends is untrusted: it is sanitized and
 * escaped, as the body of a freedesktop notification is markup.
 */
#define G_LOG_DOMAIN "dipcc-popup-manager"

#include "config.h"

#include <glib/gi18n.h>
#include <libnotify/notify.h>

#include "dipcc-application.h"
#include "dipcc-phone-number.h"
#include "dipcc-popup-manager.h"
#include "dipcc-text.h"
#include "dipcc-url-template.h"

#define STORM_WINDOW_US     (2 * G_USEC_PER_SEC)
#define STORM_THRESHOLD     3
#define STORM_NAMES         3
#define HISTORY_TIMEOUT_S   3
#define MAX_KNOWN_CALLS     500
#define NAME_MAX_CHARS      64

typedef struct _Popup Popup;

struct _DipccPopupManager
{
  GObject             parent_instance;

  /* Owned */
  DipccSession       *session;
  GSettings          *settings;
  GHashTable         *popups;        /* "server:linkedid" -> Popup */
  GQueue              order;         /* Popup, oldest first */
  GQueue              arrivals;      /* gint64 monotonic times */
  NotifyNotification *storm;
  GPtrArray          *storm_names;   /* char *, plain */
  guint               storm_count;
  guint               storm_ringing;
  guint               storm_gen;
  gint64              storm_last;

  /* Unowned */
  GtkApplication     *application;   /* weak */
  DipccCallList      *calls;
  DipccUriLauncher    launcher;
  gpointer            launcher_data;

  NotifyNotification *outage;        /* "N calls missed while disconnected" */
  GCancellable       *outage_cancel;
  gint64              outage_start;  /* unix seconds the link went down; 0: up */
  gboolean            was_connected;

  guint               n_shown;
  gboolean            warned;
  guint               storm_threshold;   /* STORM_THRESHOLD but in benchmarks */
};

struct _Popup
{
  DipccPopupManager  *manager;
  char               *key;
  DipccCall          *call;
  NotifyNotification *notification;
  char               *number;        /* as the PBX gave it, sanitized */
  char               *title;         /* plain */
  char               *body;          /* markup */
  GCancellable       *history_cancel;
  guint               history_timeout;
  gboolean            has_contact;
  gboolean            in_storm;
  guint               storm_gen;
  gboolean            screen_popped;
  gboolean            finished;
};

G_DEFINE_FINAL_TYPE (DipccPopupManager, dipcc_popup_manager, G_TYPE_OBJECT)

static void
popup_free (Popup *popup)
{
  if (popup->history_cancel != NULL)
    g_cancellable_cancel (popup->history_cancel);
  g_clear_object (&popup->history_cancel);
  g_clear_handle_id (&popup->history_timeout, g_source_remove);
  if (popup->notification != NULL)
    notify_notification_clear_actions (popup->notification);
  g_clear_object (&popup->notification);
  g_clear_object (&popup->call);
  g_free (popup->key);
  g_free (popup->number);
  g_free (popup->title);
  g_free (popup->body);
  g_free (popup);
}

static char *
popup_key (DipccCall *call)
{
  return g_strdup_printf ("%d:%s", dipcc_call_get_server_id (call),
                          dipcc_call_get_linkedid (call) ? dipcc_call_get_linkedid (call) : "");
}

/* ---- what to show --------------------------------------------------------- */

static char *
format_number (const char *number)
{
  g_autofree char *clean = dipcc_text_sanitize_display (number, -1, NAME_MAX_CHARS);
  g_autofree char *formatted = NULL;

  if (clean == NULL || *clean == '\0')
    return NULL;
  formatted = dipcc_phone_number_format (clean);
  if (formatted == NULL || *formatted == '\0')
    return g_steal_pointer (&clean);
  return g_steal_pointer (&formatted);
}

static char *
lookup_label (DipccPopupManager *self,
              const char        *line)
{
  g_autoptr(GVariant) labels = g_settings_get_value (self->settings, "number-labels");
  g_autofree char *key = dipcc_phone_number_strip (line);
  const char *label = NULL;

  if (g_variant_lookup (labels, line, "&s", &label) ||
      (key != NULL && g_variant_lookup (labels, key, "&s", &label)))
    return dipcc_text_sanitize_display (label, -1, NAME_MAX_CHARS);
  return NULL;
}

static char *
describe_number (DipccPopupManager *self,
                 const char        *line,
                 const char        *label)
{
  g_autofree char *formatted = format_number (line);

  if (formatted == NULL)
    return g_strdup (label);
  if (label == NULL || *label == '\0')
    return g_steal_pointer (&formatted);
  return g_strdup_printf ("%s · %s", formatted, label);
}

/* "1668-2471 · Support", plain text: the DID or main number that has a
 * label, else the DID, else the main number; NULL when the call says
 * nothing */
static char *
describe_line (DipccPopupManager *self,
               DipccCall         *call)
{
  const char *lines[] = { dipcc_call_get_did (call), dipcc_call_get_main_number (call) };

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autofree char *label = NULL;

      if (lines[i] == NULL || *lines[i] == '\0')
        continue;
      label = lookup_label (self, lines[i]);
      if (label != NULL && *label != '\0')
        return describe_number (self, lines[i], label);
    }
  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    if (lines[i] != NULL && *lines[i] != '\0')
      return describe_number (self, lines[i], NULL);
  return NULL;
}

static gboolean
is_watched (DipccPopupManager *self,
            DipccCall         *call)
{
  g_auto(GStrv) watched = g_settings_get_strv (self->settings, "watched-numbers");

  for (guint i = 0; watched[i] != NULL; i++)
    if (dipcc_phone_number_equal (watched[i], dipcc_call_get_did (call)) ||
        dipcc_phone_number_equal (watched[i], dipcc_call_get_main_number (call)))
      return TRUE;
  return FALSE;
}

/* popup-ringing-me and popup-watched (the call list applies all-incoming) */
static gboolean
wanted (DipccPopupManager *self,
        DipccCall         *call)
{
  if (g_settings_get_enum (self->settings, "popup-mode") == 1)
    return FALSE;
  if (g_settings_get_boolean (self->settings, "popup-all-incoming"))
    return TRUE;
  if (dipcc_call_get_rang_me (call) && g_settings_get_boolean (self->settings, "popup-ringing-me"))
    return TRUE;
  return is_watched (self, call) && g_settings_get_boolean (self->settings, "popup-watched");
}

static NotifyUrgency
configured_urgency (DipccPopupManager *self)
{
  switch (g_settings_get_enum (self->settings, "popup-urgency"))
    {
    case 0:
      return NOTIFY_URGENCY_LOW;
    case 1:
      return NOTIFY_URGENCY_NORMAL;
    default:
      return NOTIFY_URGENCY_CRITICAL;
    }
}

static gboolean
show (DipccPopupManager  *self,
      NotifyNotification *notification)
{
  g_autoptr(GError) error = NULL;

  if (!notify_notification_show (notification, &error))
    {
      if (!self->warned)
        g_warning ("Could not show a notification: %s", error->message);
      self->warned = TRUE;
      return FALSE;
    }
  self->n_shown++;
  return TRUE;
}

/* ---- actions -------------------------------------------------------------- */

static GtkWindow *
main_window (DipccPopupManager *self)
{
  GtkWindow *window = NULL;

  if (self->application == NULL)
    return NULL;
  if (DIPCC_IS_APPLICATION (self->application))
    {
      window = dipcc_application_get_main_window (DIPCC_APPLICATION (self->application));
      if (window == NULL)
        {
          g_application_activate (G_APPLICATION (self->application));
          window = dipcc_application_get_main_window (DIPCC_APPLICATION (self->application));
        }
    }
  if (window == NULL)
    window = gtk_application_get_active_window (self->application);
  return window;
}

static void
contact_action (NotifyNotification *notification,
                char               *action,
                gpointer            user_data)
{
  Popup *popup = user_data;
  GtkWindow *window = main_window (popup->manager);

  if (window == NULL)
    return;
  gtk_window_present (window);
  /* the contact, or a new one with the caller's number in it */
  if (popup->number != NULL && *popup->number != '\0')
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-number", "s", popup->number);
  else
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "contacts");
}

static void
copy_action (NotifyNotification *notification,
             char               *action,
             gpointer            user_data)
{
  Popup *popup = user_data;
  GtkWindow *window = main_window (popup->manager);
  GdkDisplay *display = window ? gtk_widget_get_display (GTK_WIDGET (window))
                               : gdk_display_get_default ();

  if (display != NULL && popup->number != NULL)
    gdk_clipboard_set_text (gdk_display_get_clipboard (display), popup->number);
}

static void
launch_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    g_warning ("Could not open the screen pop address: %s", error->message);
}

static void
launch_uri (DipccPopupManager *self,
            const char        *uri)
{
  if (self->launcher != NULL)
    self->launcher (uri, self->launcher_data);
  else
    g_app_info_launch_default_for_uri_async (uri, NULL, NULL, launch_done, NULL);
}

static char *
screen_pop_uri (Popup *popup)
{
  DipccPopupManager *self = popup->manager;
  g_autofree char *template_ = g_settings_get_string (self->settings, "screen-pop-template");
  g_autoptr(GHashTable) values = NULL;
  g_autoptr(GError) error = NULL;
  char *uri;

  if (template_ == NULL || *template_ == '\0')
    return NULL;
  /* the values are the call's as shown; the template keeps them out of
   * the scheme and host, and encodes them */
  values = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (values, "number", (char *) dipcc_call_get_remote_number (popup->call));
  g_hash_table_insert (values, "name", popup->title);
  g_hash_table_insert (values, "did", (char *) dipcc_call_get_did (popup->call));
  g_hash_table_insert (values, "main", (char *) dipcc_call_get_main_number (popup->call));
  g_hash_table_insert (values, "uniqueid", (char *) dipcc_call_get_linkedid (popup->call));
  g_hash_table_insert (values, "extension",
                       (char *) dipcc_call_list_get_my_extension (self->calls));
  uri = dipcc_url_template_expand (template_, values, &error);
  if (uri == NULL)
    g_warning ("No screen pop: %s", error->message);
  return uri;
}

static void
crm_action (NotifyNotification *notification,
            char               *action,
            gpointer            user_data)
{
  Popup *popup = user_data;
  g_autofree char *uri = screen_pop_uri (popup);

  if (uri != NULL)
    launch_uri (popup->manager, uri);
}

static void
call_back_action (NotifyNotification *notification,
                  char               *action,
                  gpointer            user_data)
{
  Popup *popup = user_data;

  if (popup->manager->application != NULL && popup->number != NULL)
    g_action_group_activate_action (G_ACTION_GROUP (popup->manager->application), "dial",
                                    g_variant_new_string (popup->number));
}

static void
maybe_screen_pop (Popup   *popup,
                  gboolean answered)
{
  DipccPopupManager *self = popup->manager;
  g_autofree char *uri = NULL;
  int when = g_settings_get_enum (self->settings, "screen-pop-when");

  if (popup->screen_popped || (when == 1) != answered)
    return;
  uri = screen_pop_uri (popup);
  if (uri == NULL)
    return;
  popup->screen_popped = TRUE;
  launch_uri (self, uri);
}

static void
add_common_actions (Popup *popup)
{
  g_autofree char *template_ = g_settings_get_string (popup->manager->settings,
                                                      "screen-pop-template");

  if (popup->number != NULL)
    {
      notify_notification_add_action (popup->notification, "contact",
                                      popup->has_contact ? _("Open contact") : _("Add contact"),
                                      contact_action, popup, NULL);
      notify_notification_add_action (popup->notification, "copy", _("Copy number"),
                                      copy_action, popup, NULL);
    }
  if (template_ != NULL && *template_ != '\0')
    notify_notification_add_action (popup->notification, "crm", _("Open in CRM"),
                                    crm_action, popup, NULL);
}

/* ---- caller history ------------------------------------------------------- */

static char *
describe_day (GDateTime *when)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) local = g_date_time_to_local (when);
  int days = g_date_time_get_day_of_year (now) - g_date_time_get_day_of_year (local);

  if (g_date_time_get_year (now) != g_date_time_get_year (local) || days < 0 || days > 6)
    return g_date_time_format (local, "%Y-%m-%d");
  if (days == 0)
    return g_strdup (_("today"));
  if (days == 1)
    return g_strdup (_("yesterday"));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago", days),
                          days);
}

static void
history_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Popup *popup = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autofree char *history = NULL;
  g_autofree char *body = NULL;
  g_autofree char *escaped = NULL;
  DipccCdrRecord *last = NULL;
  guint total = 0;

  records = dipcc_rest_client_cdr_query_finish (DIPCC_REST_CLIENT (source), result, &total,
                                                NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return; /* the popup may be gone */
  g_clear_handle_id (&popup->history_timeout, g_source_remove);
  g_clear_object (&popup->history_cancel);
  if (records == NULL)
    {
      g_debug ("No caller history: %s", error->message);
      return;
    }
  total = MAX (total, records->len);
  if (total == 0 || popup->notification == NULL || popup->finished)
    return;

  for (guint i = 0; i < records->len; i++)
    {
      DipccCdrRecord *record = g_ptr_array_index (records, i);
      GDateTime *date = dipcc_cdr_record_get_calldate (record);

      if (date != NULL && (last == NULL ||
                           g_date_time_compare (date, dipcc_cdr_record_get_calldate (last)) > 0))
        last = record;
    }

  if (last != NULL)
    {
      g_autofree char *day = describe_day (dipcc_cdr_record_get_calldate (last));
      gboolean answered = dipcc_cdr_record_get_disposition (last) ==
                          DIPCC_CDR_DISPOSITION_ANSWERED;

      /* Translators: "3 earlier calls · last: yesterday, answered" */
      history = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u earlier call · last: %s, %s",
                                              "%u earlier calls · last: %s, %s", total),
                                 total, day, answered ? _("answered") : _("not answered"));
    }
  else
    history = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u earlier call",
                                            "%u earlier calls", total), total);

  /* popup->body is markup already: escape only the new line */
  escaped = g_markup_escape_text (history, -1);
  body = g_strdup_printf ("%s%s%s", popup->body, *popup->body ? "\n" : "", escaped);
  g_free (popup->body);
  popup->body = g_steal_pointer (&body);
  notify_notification_update (popup->notification, popup->title, popup->body, NULL);
  show (popup->manager, popup->notification);
}

static gboolean
history_timeout_cb (gpointer user_data)
{
  Popup *popup = user_data;

  popup->history_timeout = 0;
  if (popup->history_cancel != NULL)
    g_cancellable_cancel (popup->history_cancel);
  g_clear_object (&popup->history_cancel);
  return G_SOURCE_REMOVE;
}

static void
query_history (Popup *popup)
{
  DipccRestClient *rest = dipcc_session_get_rest_client (popup->manager->session);
  g_autoptr(DipccCdrQuery) query = NULL;
  g_autofree char *number = NULL;

  if (rest == NULL || popup->call == NULL)
    return;
  number = dipcc_phone_number_strip (dipcc_call_get_remote_number (popup->call));
  if (number == NULL || *number == '\0')
    return;

  query = dipcc_cdr_query_new ();
  query->search = g_steal_pointer (&number);
  query->count = 100;
  query->order_by = g_strdup ("calldate");
  query->order_type = DIPCC_CDR_ORDER_TYPE_DESC;
  popup->history_cancel = g_cancellable_new ();
  popup->history_timeout = g_timeout_add_seconds (HISTORY_TIMEOUT_S, history_timeout_cb, popup);
  dipcc_rest_client_cdr_query_async (rest, query, popup->history_cancel, history_done, popup);
}

/* ---- storms --------------------------------------------------------------- */

static void
update_storm (DipccPopupManager *self)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *title = NULL;

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u incoming call",
                                        "%u incoming calls", self->storm_count),
                           self->storm_count);
  for (guint i = 0; i < self->storm_names->len && i < STORM_NAMES; i++)
    {
      g_autofree char *escaped = g_markup_escape_text (g_ptr_array_index (self->storm_names, i),
                                                       -1);

      if (body->len > 0)
        g_string_append_c (body, '\n');
      g_string_append (body, escaped);
    }
  if (self->storm_names->len > STORM_NAMES)
    g_string_append (body, "\n…");

  if (self->storm == NULL)
    {
      self->storm = notify_notification_new (title, body->str, "call-start-symbolic");
      notify_notification_set_category (self->storm, "call.incoming");
      notify_notification_set_urgency (self->storm, configured_urgency (self));
    }
  else
    notify_notification_update (self->storm, title, body->str, "call-start-symbolic");
  show (self, self->storm);
}

/* Returns TRUE when @popup joins a storm instead of showing its own. */
static gboolean
check_storm (DipccPopupManager *self,
             Popup             *popup)
{
  gint64 now = g_get_monotonic_time ();

  while (!g_queue_is_empty (&self->arrivals) &&
         now - *(gint64 *) g_queue_peek_head (&self->arrivals) > STORM_WINDOW_US)
    g_free (g_queue_pop_head (&self->arrivals));
  g_queue_push_tail (&self->arrivals, g_memdup2 (&now, sizeof now));

  if (self->storm_count > 0 && now - self->storm_last > STORM_WINDOW_US)
    {
      /* the last storm is over; its notification stays until it is closed */
      self->storm_count = 0;
      self->storm_ringing = 0;
      g_ptr_array_set_size (self->storm_names, 0);
      g_clear_object (&self->storm);
    }

  if (self->storm_count == 0 && g_queue_get_length (&self->arrivals) <= self->storm_threshold)
    return FALSE;

  self->storm_last = now;
  if (self->storm_count == 0)
    {
      self->storm_gen++;
      /* the calls before this one in the window fold into the storm */
      for (GList *l = g_queue_peek_tail_link (&self->order); l != NULL; l = l->prev)
        {
          Popup *other = l->data;

          if (other == popup || other->finished || other->in_storm)
            continue;
          if (self->storm_count >= self->storm_threshold)
            break;
          other->in_storm = TRUE;
          other->storm_gen = self->storm_gen;
          self->storm_count++;
          self->storm_ringing++;
          g_ptr_array_insert (self->storm_names, 0, g_strdup (other->title));
          if (other->notification != NULL)
            notify_notification_close (other->notification, NULL);
        }
    }
  popup->in_storm = TRUE;
  popup->storm_gen = self->storm_gen;
  self->storm_count++;
  self->storm_ringing++;
  g_ptr_array_add (self->storm_names, g_strdup (popup->title));
  update_storm (self);
  return TRUE;
}

/* ---- call signals --------------------------------------------------------- */

static Popup *
lookup_popup (DipccPopupManager *self,
              DipccCall         *call)
{
  g_autofree char *key = popup_key (call);

  return g_hash_table_lookup (self->popups, key);
}

static void
remember (DipccPopupManager *self,
          Popup             *popup)
{
  g_hash_table_insert (self->popups, popup->key, popup);
  g_queue_push_tail (&self->order, popup);
  while (g_queue_get_length (&self->order) > MAX_KNOWN_CALLS)
    {
      Popup *old = g_queue_pop_head (&self->order);

      g_hash_table_remove (self->popups, old->key);
    }
}

static void
on_incoming (DipccCallList     *calls,
             DipccCall         *call,
             DipccPopupManager *self)
{
  DipccCallerResolver *resolver = dipcc_session_get_resolver (self->session);
  g_autofree char *key = popup_key (call);
  g_autofree char *name = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  DipccContact *contact = NULL;
  DipccCallerSource source = DIPCC_CALLER_SOURCE_UNKNOWN;
  Popup *popup;

  if (g_hash_table_contains (self->popups, key))
    return;
  if (!wanted (self, call))
    return;

  popup = g_new0 (Popup, 1);
  popup->manager = self;
  popup->key = g_steal_pointer (&key);
  popup->call = g_object_ref (call);
  popup->number = dipcc_text_sanitize_display (dipcc_call_get_remote_number (call), -1,
                                               NAME_MAX_CHARS);
  if (popup->number != NULL && *popup->number == '\0')
    g_clear_pointer (&popup->number, g_free);
  remember (self, popup);

  if (resolver != NULL)
    name = dipcc_caller_resolver_resolve (resolver, dipcc_call_get_server_id (call),
                                          dipcc_call_get_remote_number (call),
                                          dipcc_call_get_remote_name (call), &source, &contact);
  popup->has_contact = contact != NULL;
  if (name != NULL && source != DIPCC_CALLER_SOURCE_NUMBER &&
      source != DIPCC_CALLER_SOURCE_UNKNOWN)
    popup->title = dipcc_text_sanitize_display (name, -1, NAME_MAX_CHARS);
  if (popup->title == NULL || *popup->title == '\0')
    {
      g_free (popup->title);
      popup->title = popup->number ? format_number (popup->number) : NULL;
      if (popup->title == NULL)
        popup->title = g_strdup (_("Unknown caller"));
    }
  else if (popup->number != NULL)
    {
      g_autofree char *formatted = format_number (popup->number);
      g_autofree char *escaped = g_markup_escape_text (formatted, -1);

      g_string_append (body, escaped);
    }

  line = describe_line (self, call);
  if (line != NULL)
    {
      /* Translators: the line the caller dialled, e.g. "to 1668-2471 · Support" */
      g_autofree char *to = g_strdup_printf (_("to %s"), line);
      g_autofree char *escaped = g_markup_escape_text (to, -1);

      if (body->len > 0)
        g_string_append_c (body, '\n');
      g_string_append (body, escaped);
    }
  popup->body = g_string_free (g_steal_pointer (&body), FALSE);

  maybe_screen_pop (popup, FALSE);

  if (check_storm (self, popup))
    return;

  popup->notification = notify_notification_new (popup->title, popup->body,
                                                  "call-start-symbolic");
  notify_notification_set_category (popup->notification, "call.incoming");
  notify_notification_set_urgency (popup->notification, configured_urgency (self));
  notify_notification_set_hint_string (popup->notification, "desktop-entry", APP_ID);
  if (g_settings_get_boolean (self->settings, "popup-sound"))
    notify_notification_set_hint_string (popup->notification, "sound-name",
                                         "phone-incoming-call");
  add_common_actions (popup);
  show (self, popup->notification);
  query_history (popup);
}

static void
storm_member_done (DipccPopupManager *self,
                   Popup             *popup)
{
  if (!popup->in_storm || popup->finished)
    return;
  popup->finished = TRUE;
  if (popup->storm_gen != self->storm_gen || self->storm_ringing == 0)
    return;
  /* once none of them rings, the storm pop-up may go away by itself */
  if (--self->storm_ringing == 0 && self->storm != NULL)
    {
      notify_notification_set_urgency (self->storm, NOTIFY_URGENCY_NORMAL);
      notify_notification_set_timeout (self->storm, NOTIFY_EXPIRES_DEFAULT);
      show (self, self->storm);
    }
}

static void
on_answered (DipccCallList     *calls,
             DipccCall         *call,
             DipccPopupManager *self)
{
  Popup *popup = lookup_popup (self, call);

  if (popup == NULL)
    return;
  if (!dipcc_call_get_answered_elsewhere (call))
    maybe_screen_pop (popup, TRUE);
  if (popup->in_storm)
    {
      storm_member_done (self, popup);
      return;
    }
  if (popup->finished || popup->notification == NULL)
    return;
  popup->finished = TRUE;
  if (popup->history_cancel != NULL)
    g_cancellable_cancel (popup->history_cancel);

  if (dipcc_call_get_answered_elsewhere (call))
    {
      g_autofree char *by = dipcc_text_sanitize_display (dipcc_call_get_answered_by (call), -1,
                                                         NAME_MAX_CHARS);
      g_autofree char *text = NULL;
      g_autofree char *escaped = NULL;

      if (by == NULL || *by == '\0')
        text = g_strdup (_("Answered by a colleague"));
      else
        text = g_strdup_printf (_("Answered by %s"), by);
      escaped = g_markup_escape_text (text, -1);
      notify_notification_update (popup->notification, popup->title, escaped,
                                  "call-start-symbolic");
      notify_notification_clear_hints (popup->notification);
      notify_notification_set_category (popup->notification, "call.incoming");
      notify_notification_set_urgency (popup->notification, NOTIFY_URGENCY_NORMAL);
      notify_notification_set_timeout (popup->notification, NOTIFY_EXPIRES_DEFAULT);
      show (self, popup->notification);
    }
  else
    notify_notification_close (popup->notification, NULL);
}

static void
on_missed (DipccCallList     *calls,
           DipccCall         *call,
           DipccPopupManager *self)
{
  Popup *popup = lookup_popup (self, call);
  g_autofree char *title = NULL;

  if (popup == NULL)
    return;
  if (popup->in_storm)
    {
      storm_member_done (self, popup);
      return;
    }
  if (popup->finished || popup->notification == NULL)
    return;
  popup->finished = TRUE;
  if (popup->history_cancel != NULL)
    g_cancellable_cancel (popup->history_cancel);

  title = g_strdup_printf (_("Missed call from %s"), popup->title);
  notify_notification_update (popup->notification, title, popup->body, "call-missed-symbolic");
  notify_notification_clear_hints (popup->notification);
  notify_notification_set_category (popup->notification, "call.unanswered");
  notify_notification_set_hint_string (popup->notification, "desktop-entry", APP_ID);
  notify_notification_set_urgency (popup->notification, NOTIFY_URGENCY_NORMAL);
  notify_notification_clear_actions (popup->notification);
  if (popup->number != NULL)
    notify_notification_add_action (popup->notification, "call-back", _("Call back"),
                                    call_back_action, popup, NULL);
  add_common_actions (popup);
  show (self, popup->notification);
}

static void
on_ended (DipccCallList     *calls,
          DipccCall         *call,
          DipccPopupManager *self)
{
  Popup *popup = lookup_popup (self, call);

  if (popup == NULL)
    return;
  if (popup->in_storm)
    storm_member_done (self, popup);
  if (popup->history_cancel != NULL)
    g_cancellable_cancel (popup->history_cancel);
}

/* ---- GObject -------------------------------------------------------------- */

/* ---- calls missed while disconnected ------------------------------------------ */

static void
history_action (NotifyNotification *notification,
                char               *action,
                gpointer            user_data)
{
  DipccPopupManager *self = user_data;
  GtkWindow *window = main_window (self);

  if (window == NULL)
    return;
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "history");
  gtk_window_present (window);
}

static gboolean
is_missed (DipccCdrRecord *record)
{
  return dipcc_cdr_record_get_disposition (record) != DIPCC_CDR_DISPOSITION_ANSWERED;
}

static void
outage_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DipccPopupManager) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *title = NULL;
  guint n_missed = 0;

  records = dipcc_rest_client_cdr_query_finish (DIPCC_REST_CLIENT (source), result, NULL, NULL,
                                                &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->outage_cancel);
  if (records == NULL)
    {
      g_debug ("Could not ask for the calls missed while disconnected: %s", error->message);
      return;
    }

  for (guint i = 0; i < records->len; i++)
    {
      DipccCdrRecord *record = g_ptr_array_index (records, i);
      g_autofree char *shown = NULL;
      g_autofree char *escaped = NULL;

      if (!is_missed (record))
        continue;
      if (++n_missed > STORM_NAMES)
        continue;
      shown = format_number (dipcc_cdr_record_get_source (record));
      escaped = g_markup_escape_text (shown, -1);
      if (body->len > 0)
        g_string_append_c (body, '\n');
      g_string_append (body, escaped);
    }
  if (n_missed == 0)
    return;
  if (n_missed > STORM_NAMES)
    g_string_append (body, "\n…");

  /* Translators: a pop-up after the connection to the PBX came back */
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u call missed while disconnected",
                                        "%u calls missed while disconnected", n_missed),
                           n_missed);
  if (self->outage == NULL)
    {
      self->outage = notify_notification_new (title, body->str, NULL);
      notify_notification_set_category (self->outage, "call.unanswered");
      notify_notification_set_urgency (self->outage, NOTIFY_URGENCY_NORMAL);
      notify_notification_add_action (self->outage, "history", _("Open History"),
                                      history_action, self, NULL);
    }
  else
    notify_notification_update (self->outage, title, body->str, NULL);
  show (self, self->outage);
}

/* After a reconnect, asks the call records for calls to the agent's
 * phone during the outage that nobody answered: the pop-ups could not
 * show them. */
static void
query_outage (DipccPopupManager *self,
              gint64             from)
{
  DipccRestClient *rest = dipcc_session_get_rest_client (self->session);
  const char *extension = dipcc_settings_get_extension (dipcc_session_get_settings (self->session));
  g_autoptr(DipccCdrQuery) query = NULL;

  if (rest == NULL || extension == NULL || *extension == '\0')
    return;
  query = dipcc_cdr_query_new ();
  query->extensions = g_new0 (char *, 2);
  query->extensions[0] = g_strdup (extension);
  dipcc_cdr_query_add_calltype (query, DIPCC_CALL_TYPE_INBOUND);
  query->start_date = from;
  query->end_date = g_get_real_time () / G_USEC_PER_SEC + 1;
  query->count = 100;
  query->order_by = g_strdup ("calldate");
  query->order_type = DIPCC_CDR_ORDER_TYPE_DESC;
  g_cancellable_cancel (self->outage_cancel);
  g_clear_object (&self->outage_cancel);
  self->outage_cancel = g_cancellable_new ();
  dipcc_rest_client_cdr_query_async (rest, query, self->outage_cancel, outage_done,
                                     g_object_ref (self));
}

static void
on_session_state (DipccSession      *session,
                  GParamSpec        *pspec,
                  DipccPopupManager *self)
{
  DipccSessionState state = dipcc_session_get_state (session);

  if (state == DIPCC_SESSION_STATE_CONNECTED)
    {
      if (self->outage_start > 0 &&
          g_settings_get_enum (self->settings, "popup-mode") != 1 /* off */)
        query_outage (self, self->outage_start - 1);
      self->outage_start = 0;
      self->was_connected = TRUE;
    }
  else if (self->was_connected && self->outage_start == 0)
    self->outage_start = g_get_real_time () / G_USEC_PER_SEC;
}

static void
dipcc_popup_manager_dispose (GObject *object)
{
  DipccPopupManager *self = DIPCC_POPUP_MANAGER (object);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_cancellable_cancel (self->outage_cancel);
  g_clear_object (&self->outage_cancel);
  g_clear_object (&self->outage);

  if (self->calls != NULL)
    g_signal_handlers_disconnect_by_data (self->calls, self);
  self->calls = NULL;
  g_queue_clear (&self->order);
  g_clear_pointer (&self->popups, g_hash_table_unref);
  g_queue_clear_full (&self->arrivals, g_free);
  g_clear_object (&self->storm);
  g_clear_pointer (&self->storm_names, g_ptr_array_unref);
  g_clear_object (&self->settings);
  g_clear_object (&self->session);
  g_clear_weak_pointer (&self->application);

  G_OBJECT_CLASS (dipcc_popup_manager_parent_class)->dispose (object);
}

static void
dipcc_popup_manager_class_init (DipccPopupManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dipcc_popup_manager_dispose;
}

static void
dipcc_popup_manager_init (DipccPopupManager *self)
{
  self->popups = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                        (GDestroyNotify) popup_free);
  g_queue_init (&self->order);
  g_queue_init (&self->arrivals);
  self->storm_names = g_ptr_array_new_with_free_func (g_free);
  self->storm_threshold = STORM_THRESHOLD;
}

/**
 * dipcc_popup_manager_new:
 * @session: the session whose calls to announce
 * @application: (nullable): the app, for the notification actions
 *
 * Returns: (transfer full): a manager that pops up from now on
 */
DipccPopupManager *
dipcc_popup_manager_new (DipccSession   *session,
                         GtkApplication *application)
{
  DipccPopupManager *self;

  g_return_val_if_fail (DIPCC_IS_SESSION (session), NULL);
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);

  if (!notify_is_initted ())
    notify_init (APP_ID);

  self = g_object_new (DIPCC_TYPE_POPUP_MANAGER, NULL);
  self->session = g_object_ref (session);
  self->settings = g_object_ref (dipcc_settings_get_gsettings (dipcc_session_get_settings (session)));
  g_set_weak_pointer (&self->application, application);
  self->calls = dipcc_session_get_calls (session);
  g_signal_connect (self->calls, "incoming", G_CALLBACK (on_incoming), self);
  g_signal_connect (self->calls, "answered", G_CALLBACK (on_answered), self);
  g_signal_connect (self->calls, "missed", G_CALLBACK (on_missed), self);
  g_signal_connect (self->calls, "ended", G_CALLBACK (on_ended), self);
  g_signal_connect (session, "notify::state", G_CALLBACK (on_session_state), self);
  self->was_connected = dipcc_session_get_state (session) == DIPCC_SESSION_STATE_CONNECTED;
  return self;
}

/**
 * dipcc_popup_manager_set_uri_launcher:
 * @self: the manager
 * @launcher: (nullable): opens screen-pop addresses; %NULL for the default
 *   (g_app_info_launch_default_for_uri_async(), portal-safe)
 * @user_data: for @launcher
 */
void
dipcc_popup_manager_set_uri_launcher (DipccPopupManager *self,
                                      DipccUriLauncher   launcher,
                                      gpointer           user_data)
{
  g_return_if_fail (DIPCC_IS_POPUP_MANAGER (self));

  self->launcher = launcher;
  self->launcher_data = user_data;
}

/**
 * dipcc_popup_manager_get_n_shown:
 * @self: the manager
 *
 * Returns: how many times a notification was sent (shown or updated)
 */
/**
 * dipcc_popup_manager_set_storm_threshold_for_testing:
 * @threshold: how many calls within the storm window (2 s) still get their
 *   own notification; the default is 3
 *
 * For benchmarks that time single pop-ups at a pace the app would fold into
 * one storm notification. The app never calls it.
 */
void
dipcc_popup_manager_set_storm_threshold_for_testing (DipccPopupManager *self,
                                                     guint              threshold)
{
  g_return_if_fail (DIPCC_IS_POPUP_MANAGER (self));
  self->storm_threshold = threshold;
}

guint
dipcc_popup_manager_get_n_shown (DipccPopupManager *self)
{
  g_return_val_if_fail (DIPCC_IS_POPUP_MANAGER (self), 0);
  return self->n_shown;
}

