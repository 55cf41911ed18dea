/* dipcc-history-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The agent's call history from the PBX's call records (GET /api/v2/cdr
 * through the session's REST client): a period, a call type and a number
 * search above a list that loads a page at a time, newest first.
 *
 * "Missed" asks the server for inbound calls and keeps the ones nobody
 * answered here, as the API cannot filter on the disposition alone (its
 * search would then take the place of the number search).
 */
#define G_LOG_DOMAIN "dipcc-history"

#include "config.h"

#include <glib/gi18n.h>

#include "dipcc-history-page.h"
#include "dipcc-history-row.h"
#include "dipcc-phone-number.h"

#define DEFAULT_PAGE_SIZE 50

/* How many pages in a row a "Missed" query fetches by itself while none of
 * their calls was missed */
#define MAX_AUTO_PAGES 10

/* The longest search the server is sent, in bytes */
#define MAX_SEARCH_BYTES 64

typedef enum {
  PERIOD_TODAY,
  PERIOD_LAST_7_DAYS,
  PERIOD_LAST_30_DAYS,
  PERIOD_CUSTOM,
} Period;

typedef enum {
  FILTER_ALL,
  FILTER_INCOMING,
  FILTER_OUTGOING,
  FILTER_INTERNAL,
  FILTER_MISSED,
} Filter;

struct _DipccHistoryPage
{
  AdwBin           parent_instance;

  /* Template widgets */
  GtkWidget       *toolbar;
  GtkWidget       *toolbar_separator;
  GtkSearchEntry  *search_entry;
  GtkDropDown     *period_dropdown;
  GtkDropDown     *type_dropdown;
  GtkRevealer     *custom_revealer;
  GtkMenuButton   *from_button;
  GtkMenuButton   *to_button;
  GtkCalendar     *from_calendar;
  GtkCalendar     *to_calendar;
  GtkStack        *stack;
  GtkSpinner      *spinner;
  GtkListBox      *list_box;
  GtkButton       *load_more_button;
  AdwStatusPage   *empty_page;
  AdwStatusPage   *error_page;

  DipccSession    *session;
  DipccRestClient *rest;
  GCancellable    *cancellable;
  guint            page_size;
  guint            fetched;     /* rows the server gave, the next offset */
  guint            total;       /* rows the server has for the query */
  guint            shown;       /* rows in the list */
  guint            auto_pages;
  gboolean         loading;
};

G_DEFINE_FINAL_TYPE (DipccHistoryPage, dipcc_history_page, ADW_TYPE_BIN)

enum { PROP_0, PROP_SESSION, PROP_PAGE_SIZE, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void fetch (DipccHistoryPage *self);

static void
set_loading (DipccHistoryPage *self,
             gboolean          loading)
{
  self->loading = loading;
  gtk_spinner_set_spinning (self->spinner, loading && self->shown == 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->load_more_button), !loading);
  gtk_button_set_label (self->load_more_button, loading ? _("Loading…") : _("Load More"));
}

static void
cancel (DipccHistoryPage *self)
{
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
  self->loading = FALSE;
}

static void
clear_rows (DipccHistoryPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_list_box_remove (self->list_box, child);
  self->fetched = 0;
  self->total = 0;
  self->shown = 0;
  self->auto_pages = 0;
}

static const char *
extension (DipccHistoryPage *self)
{
  const char *ext = dipcc_settings_get_extension (dipcc_session_get_settings (self->session));

  return ext != NULL && *ext != '\0' ? ext : NULL;
}

static GDateTime *
calendar_day (GtkCalendar *calendar)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);

  return g_date_time_new_local (g_date_time_get_year (date), g_date_time_get_month (date),
                                g_date_time_get_day_of_month (date), 0, 0, 0);
}

static void
set_period (DipccHistoryPage *self,
            DipccCdrQuery    *query)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) today = g_date_time_new_local (g_date_time_get_year (now),
                                                      g_date_time_get_month (now),
                                                      g_date_time_get_day_of_month (now),
                                                      0, 0, 0);
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) to = NULL;

  switch (gtk_drop_down_get_selected (self->period_dropdown))
    {
    case PERIOD_TODAY:
      query->start_date = g_date_time_to_unix (today);
      break;
    case PERIOD_LAST_7_DAYS:
      from = g_date_time_add_days (today, -6);
      query->start_date = g_date_time_to_unix (from);
      break;
    case PERIOD_CUSTOM:
      from = calendar_day (self->from_calendar);
      to = calendar_day (self->to_calendar);
      if (g_date_time_compare (from, to) > 0)
        {
          GDateTime *swap = from;

          from = to;
          to = swap;
        }
      query->start_date = g_date_time_to_unix (from);
      /* the whole last day */
      query->end_date = g_date_time_to_unix (to) + 24 * 60 * 60 - 1;
      break;
    case PERIOD_LAST_30_DAYS:
    default:
      from = g_date_time_add_days (today, -29);
      query->start_date = g_date_time_to_unix (from);
      break;
    }
}

static void
set_filter (DipccHistoryPage *self,
            DipccCdrQuery    *query)
{
  switch (gtk_drop_down_get_selected (self->type_dropdown))
    {
    case FILTER_INCOMING:
    case FILTER_MISSED:
      dipcc_cdr_query_add_calltype (query, DIPCC_CALL_TYPE_INBOUND);
      break;
    case FILTER_OUTGOING:
      dipcc_cdr_query_add_calltype (query, DIPCC_CALL_TYPE_OUTBOUND);
      dipcc_cdr_query_add_calltype (query, DIPCC_CALL_TYPE_TRUNK);
      break;
    case FILTER_INTERNAL:
      dipcc_cdr_query_add_calltype (query, DIPCC_CALL_TYPE_INTERNAL);
      break;
    case FILTER_ALL:
    default:
      break;
    }
}

/* A number typed as "010-1234 5678" is searched for as its digits */
static char *
search_text (DipccHistoryPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *stripped = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (text));

  if (*trimmed == '\0')
    return NULL;
  if (strlen (trimmed) > MAX_SEARCH_BYTES)
    return NULL;
  stripped = dipcc_phone_number_strip (trimmed);
  if (stripped != NULL && *stripped != '\0')
    return g_steal_pointer (&stripped);
  return g_steal_pointer (&trimmed);
}

static void
show_empty (DipccHistoryPage *self)
{
  const char *description;
  g_autofree char *search = search_text (self);

  if (search != NULL || gtk_drop_down_get_selected (self->type_dropdown) != FILTER_ALL)
    description = _("No calls in this period match the search and the call type.");
  else
    switch (gtk_drop_down_get_selected (self->period_dropdown))
      {
      case PERIOD_TODAY:
        description = _("There were no calls today.");
        break;
      case PERIOD_LAST_7_DAYS:
        description = _("There were no calls in the last 7 days.");
        break;
      case PERIOD_LAST_30_DAYS:
        description = _("There were no calls in the last 30 days.");
        break;
      case PERIOD_CUSTOM:
      default:
        description = _("There were no calls in the chosen days.");
        break;
      }
  adw_status_page_set_description (self->empty_page, description);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

static void
query_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  DipccHistoryPage *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GDateTime) now = NULL;
  DipccCallerResolver *resolver;
  const char *ext;
  guint total = 0, skipped = 0;
  gboolean missed_only, more;
  guint added = 0;

  rows = dipcc_rest_client_cdr_query_finish (DIPCC_REST_CLIENT (source), result, &total,
                                             &skipped, &error);
  /* cancelled on refresh or dispose: self may be gone */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = DIPCC_HISTORY_PAGE (user_data);
  g_clear_object (&self->cancellable);
  set_loading (self, FALSE);

  if (rows == NULL)
    {
      g_message ("Cannot load the call history: %s", error->message);
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }
  if (skipped > 0)
    g_debug ("%u call records could not be read", skipped);

  resolver = dipcc_session_get_resolver (self->session);
  if (resolver != NULL)
    dipcc_caller_resolver_add_history (resolver, rows);
  ext = extension (self);
  now = g_date_time_new_now_local ();
  missed_only = gtk_drop_down_get_selected (self->type_dropdown) == FILTER_MISSED;

  for (guint i = 0; i < rows->len; i++)
    {
      DipccCdrRecord *record = g_ptr_array_index (rows, i);

      if (missed_only &&
          dipcc_history_direction_of (record, ext) != DIPCC_HISTORY_DIRECTION_MISSED)
        continue;
      gtk_list_box_append (self->list_box, dipcc_history_row_new (record, ext, resolver, now));
      added++;
    }
  self->shown += added;
  self->fetched += rows->len + skipped;
  self->total = total;
  more = rows->len + skipped > 0 && self->fetched < self->total;

  if (added == 0 && more && self->auto_pages < MAX_AUTO_PAGES)
    {
      self->auto_pages++;
      fetch (self);
      return;
    }
  self->auto_pages = 0;
  gtk_widget_set_visible (GTK_WIDGET (self->load_more_button), more);
  if (self->shown == 0 && !more)
    show_empty (self);
  else
    gtk_stack_set_visible_child_name (self->stack, "list");
}

static void
fetch (DipccHistoryPage *self)
{
  g_autoptr(DipccCdrQuery) query = dipcc_cdr_query_new ();
  g_autofree char *search = search_text (self);
  const char *ext = extension (self);

  g_return_if_fail (self->rest != NULL);

  if (ext != NULL)
    {
      query->extensions = g_new0 (char *, 2);
      query->extensions[0] = g_strdup (ext);
    }
  set_period (self, query);
  set_filter (self, query);
  if (search != NULL)
    {
      static const char * const fields[] = { "source", "destination", "clid", NULL };

      query->search = g_steal_pointer (&search);
      query->search_fields = g_strdupv ((char **) fields);
    }
  query->offset = self->fetched;
  query->count = self->page_size;
  query->order_by = g_strdup ("calldate");
  query->order_type = DIPCC_CDR_ORDER_TYPE_DESC;

  cancel (self);
  self->cancellable = g_cancellable_new ();
  set_loading (self, TRUE);
  if (self->shown == 0)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  dipcc_rest_client_cdr_query_async (self->rest, query, self->cancellable, query_cb, self);
}

/**
 * dipcc_history_page_refresh:
 *
 * Loads the first page again for the period, call type and search shown,
 * dropping a load under way.
 */
void
dipcc_history_page_refresh (DipccHistoryPage *self)
{
  g_return_if_fail (DIPCC_IS_HISTORY_PAGE (self));

  cancel (self);
  clear_rows (self);
  gtk_widget_set_visible (GTK_WIDGET (self->load_more_button), FALSE);
  /* the filters are no use without the API */
  gtk_widget_set_visible (self->toolbar, self->rest != NULL);
  gtk_widget_set_visible (self->toolbar_separator, self->rest != NULL);
  if (self->rest == NULL)
    {
      set_loading (self, FALSE);
      gtk_stack_set_visible_child_name (self->stack, "no-rest");
      return;
    }
  fetch (self);
}

/**
 * dipcc_history_page_is_loading:
 *
 * Returns: whether a query is under way
 */
gboolean
dipcc_history_page_is_loading (DipccHistoryPage *self)
{
  g_return_val_if_fail (DIPCC_IS_HISTORY_PAGE (self), FALSE);
  return self->loading;
}

static void
rest_client_changed (DipccHistoryPage *self)
{
  DipccRestClient *rest = self->session ? dipcc_session_get_rest_client (self->session) : NULL;

  if (rest == self->rest && rest != NULL)
    return;
  g_set_object (&self->rest, rest);
  dipcc_history_page_refresh (self);
}

static void
set_session (DipccHistoryPage *self,
             DipccSession     *session)
{
  if (self->session == session)
    return;
  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      g_signal_handlers_disconnect_by_data (dipcc_session_get_settings (self->session), self);
    }
  g_set_object (&self->session, session);
  if (session != NULL)
    {
      g_signal_connect_object (session, "notify::rest-client", G_CALLBACK (rest_client_changed),
                               self, G_CONNECT_SWAPPED);
      /* another agent's extension: other calls */
      g_signal_connect_object (dipcc_session_get_settings (session), "notify::extension",
                               G_CALLBACK (dipcc_history_page_refresh), self, G_CONNECT_SWAPPED);
    }
  g_clear_object (&self->rest);
  rest_client_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

static void
update_date_labels (DipccHistoryPage *self)
{
  g_autoptr(GDateTime) from = calendar_day (self->from_calendar);
  g_autoptr(GDateTime) to = calendar_day (self->to_calendar);
  /* TRANSLATORS: a day of the custom history range, a g_date_time_format() format */
  g_autofree char *from_text = g_date_time_format (from, _("%Y-%m-%d"));
  g_autofree char *to_text = g_date_time_format (to, _("%Y-%m-%d"));

  gtk_menu_button_set_label (self->from_button, from_text);
  gtk_menu_button_set_label (self->to_button, to_text);
}

static void
on_search_changed (DipccHistoryPage *self)
{
  dipcc_history_page_refresh (self);
}

static void
on_refresh_clicked (DipccHistoryPage *self)
{
  dipcc_history_page_refresh (self);
}

static void
on_load_more_clicked (DipccHistoryPage *self)
{
  if (self->rest != NULL && !self->loading)
    fetch (self);
}

static void
on_period_changed (DipccHistoryPage *self)
{
  gboolean custom = gtk_drop_down_get_selected (self->period_dropdown) == PERIOD_CUSTOM;

  gtk_revealer_set_reveal_child (self->custom_revealer, custom);
  dipcc_history_page_refresh (self);
}

static void
on_type_changed (DipccHistoryPage *self)
{
  dipcc_history_page_refresh (self);
}

static void
on_day_selected (DipccHistoryPage *self)
{
  update_date_labels (self);
  gtk_menu_button_popdown (self->from_button);
  gtk_menu_button_popdown (self->to_button);
  if (gtk_drop_down_get_selected (self->period_dropdown) == PERIOD_CUSTOM)
    dipcc_history_page_refresh (self);
}

static void
get_property (GObject    *object,
              guint       prop_id,
              GValue     *value,
              GParamSpec *pspec)
{
  DipccHistoryPage *self = DIPCC_HISTORY_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_PAGE_SIZE:
      g_value_set_uint (value, self->page_size);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
set_property (GObject      *object,
              guint         prop_id,
              const GValue *value,
              GParamSpec   *pspec)
{
  DipccHistoryPage *self = DIPCC_HISTORY_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      set_session (self, g_value_get_object (value));
      break;
    case PROP_PAGE_SIZE:
      self->page_size = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dispose (GObject *object)
{
  DipccHistoryPage *self = DIPCC_HISTORY_PAGE (object);

  cancel (self);
  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      g_signal_handlers_disconnect_by_data (dipcc_session_get_settings (self->session), self);
    }
  g_clear_object (&self->session);
  g_clear_object (&self->rest);
  gtk_widget_dispose_template (GTK_WIDGET (self), DIPCC_TYPE_HISTORY_PAGE);
  G_OBJECT_CLASS (dipcc_history_page_parent_class)->dispose (object);
}

static void
dipcc_history_page_class_init (DipccHistoryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = get_property;
  object_class->set_property = set_property;
  object_class->dispose = dispose;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, DIPCC_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* how many calls a query asks for; for tests */
  properties[PROP_PAGE_SIZE] =
    g_param_spec_uint ("page-size", NULL, NULL, 1, 1000, DEFAULT_PAGE_SIZE,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/dipcc/Companion/dipcc-history-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DipccHistoryPage, toolbar);
  gtk_widget_class_bind_template_child (widget_class, DipccHistoryPage, toolbar_separator);
  gtk_widget_class_bind_template_child (widget_class, DipccHistoryPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DipccHistoryPage, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DipccHistoryPage, type_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DipccHistoryPage, custom_revealer);
  gtk_widget_class_bind_template_child (widget_class, DipccHistoryPage, from_button);
  gtk_widget_class_bind_template_child (widget_class, DipccHistoryPage, to_button);
  gtk_widget_class_bind_template_child (widget_class, DipccHistoryPage, from_calendar);
  gtk_widget_class_bind_template_child (widget_class, DipccHistoryPage, to_calendar);
  gtk_widget_class_bind_template_child (widget_class, DipccHistoryPage, stack);
  gtk_widget_class_bind_template_child (widget_class, DipccHistoryPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, DipccHistoryPage, list_box);
  gtk_widget_class_bind_template_child (widget_class, DipccHistoryPage, load_more_button);
  gtk_widget_class_bind_template_child (widget_class, DipccHistoryPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, DipccHistoryPage, error_page);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_refresh_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_load_more_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_period_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_type_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_day_selected);
}

static void
dipcc_history_page_init (DipccHistoryPage *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) week_ago = g_date_time_add_days (now, -6);

  g_type_ensure (DIPCC_TYPE_HISTORY_ROW);
  self->page_size = DEFAULT_PAGE_SIZE;
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_calendar_select_day (self->from_calendar, week_ago);
  gtk_calendar_select_day (self->to_calendar, now);
  update_date_labels (self);
  gtk_stack_set_visible_child_name (self->stack, "no-rest");
}

DipccSession *
dipcc_history_page_get_session (DipccHistoryPage *self)
{
  g_return_val_if_fail (DIPCC_IS_HISTORY_PAGE (self), NULL);
  return self->session;
}
