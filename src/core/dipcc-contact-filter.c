/* dipcc-contact-filter.c
 *
 * A list of 100k contacts filtered as the agent types. A GtkFilterListModel
 * would fetch, reference and match each contact object per keystroke,
 * about 45 ms on the benchmark machine, because the objects are spread
 * over the heap. This model asks the store instead, which scans its one
 * block of search text (dipcc_contact_store_search()) in a few
 * milliseconds, and maps positions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dipcc-contact-filter"

#include "config.h"

#include <string.h>

#include "dipcc-contact-filter.h"
#include "dipcc-contact-private.h"
#include "dipcc-text.h"

struct _DipccContactFilter
{
  GObject             parent_instance;

  /* Owned */
  DipccContactStore  *store;
  char               *query_text;
  DipccContactQuery  *query;
  /* positions in the store (guint), or NULL when every contact passes */
  GArray             *positions;

  gulong              items_changed_id;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DipccContactFilter, dipcc_contact_filter, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_STORE,
  PROP_QUERY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- GListModel ---------------------------------------------------------- */

static GType
get_item_type (GListModel *model)
{
  return DIPCC_TYPE_CONTACT;
}

static guint
get_n_items (GListModel *model)
{
  DipccContactFilter *self = DIPCC_CONTACT_FILTER (model);

  if (self->store == NULL)
    return 0;
  if (self->positions == NULL)
    return g_list_model_get_n_items (G_LIST_MODEL (self->store));
  return self->positions->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  DipccContactFilter *self = DIPCC_CONTACT_FILTER (model);

  if (self->store == NULL)
    return NULL;
  if (self->positions == NULL)
    return g_list_model_get_item (G_LIST_MODEL (self->store), position);
  if (position >= self->positions->len)
    return NULL;
  return g_list_model_get_item (G_LIST_MODEL (self->store),
                                g_array_index (self->positions, guint, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

/* ---- filtering ------------------------------------------------------------ */

static gboolean
same_positions (GArray *a,
                GArray *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  /* an empty GArray may have no data at all: memcmp wants real pointers */
  return a->len == b->len &&
         (a->len == 0 || memcmp (a->data, b->data, a->len * sizeof (guint)) == 0);
}

/* Matches the store again; one items-changed for the whole list when the
 * result differs (what a list view does with it costs only its visible
 * rows). */
static void
refilter (DipccContactFilter *self)
{
  guint old_n = get_n_items (G_LIST_MODEL (self));
  GArray *positions = NULL;

  if (self->query != NULL && !dipcc_contact_query_matches_all (self->query))
    {
      positions = g_array_new (FALSE, FALSE, sizeof (guint));
      dipcc_contact_store_search (self->store, self->query, positions);
    }
  if (same_positions (positions, self->positions))
    {
      g_clear_pointer (&positions, g_array_unref);
      return;
    }
  g_clear_pointer (&self->positions, g_array_unref);
  self->positions = positions;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, get_n_items (G_LIST_MODEL (self)));
}

static void
on_store_items_changed (GListModel         *store,
                        guint               position,
                        guint               removed,
                        guint               added,
                        DipccContactFilter *self)
{
  if (self->positions == NULL &&
      (self->query == NULL || dipcc_contact_query_matches_all (self->query)))
    {
      /* every contact passes: the store's change is ours */
      g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
      return;
    }
  {
    /* positions moved: match again and report the whole list, which
     * refilter() would take for no change when they only shifted */
    guint old_n = get_n_items (G_LIST_MODEL (self));

    g_clear_pointer (&self->positions, g_array_unref);
    self->positions = g_array_new (FALSE, FALSE, sizeof (guint));
    dipcc_contact_store_search (self->store, self->query, self->positions);
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->positions->len);
  }
}

/* ---- GObject --------------------------------------------------------------- */

static void
dipcc_contact_filter_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  DipccContactFilter *self = DIPCC_CONTACT_FILTER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_QUERY:
      g_value_set_string (value, self->query_text);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dipcc_contact_filter_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  DipccContactFilter *self = DIPCC_CONTACT_FILTER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_QUERY:
      dipcc_contact_filter_set_query (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dipcc_contact_filter_constructed (GObject *object)
{
  DipccContactFilter *self = DIPCC_CONTACT_FILTER (object);

  G_OBJECT_CLASS (dipcc_contact_filter_parent_class)->constructed (object);

  if (self->store != NULL)
    self->items_changed_id = g_signal_connect (self->store, "items-changed",
                                               G_CALLBACK (on_store_items_changed), self);
}

static void
dipcc_contact_filter_dispose (GObject *object)
{
  DipccContactFilter *self = DIPCC_CONTACT_FILTER (object);

  if (self->store != NULL)
    g_clear_signal_handler (&self->items_changed_id, self->store);
  g_clear_object (&self->store);
  g_clear_pointer (&self->positions, g_array_unref);

  G_OBJECT_CLASS (dipcc_contact_filter_parent_class)->dispose (object);
}

static void
dipcc_contact_filter_finalize (GObject *object)
{
  DipccContactFilter *self = DIPCC_CONTACT_FILTER (object);

  g_free (self->query_text);
  g_clear_pointer (&self->query, dipcc_contact_query_free);

  G_OBJECT_CLASS (dipcc_contact_filter_parent_class)->finalize (object);
}

static void
dipcc_contact_filter_class_init (DipccContactFilterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = dipcc_contact_filter_get_property;
  object_class->set_property = dipcc_contact_filter_set_property;
  object_class->constructed = dipcc_contact_filter_constructed;
  object_class->dispose = dipcc_contact_filter_dispose;
  object_class->finalize = dipcc_contact_filter_finalize;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, DIPCC_TYPE_CONTACT_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * DipccContactFilter:query:
   *
   * What the agent typed (see dipcc_contact_query_new()); %NULL or empty
   * for every contact.
   */
  properties[PROP_QUERY] =
    g_param_spec_string ("query", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dipcc_contact_filter_init (DipccContactFilter *self)
{
}

/**
 * dipcc_contact_filter_new:
 * @store: the contacts
 *
 * Returns: (transfer full): a list of @store's contacts, every one until
 *   a query is set
 */
DipccContactFilter *
dipcc_contact_filter_new (DipccContactStore *store)
{
  g_return_val_if_fail (DIPCC_IS_CONTACT_STORE (store), NULL);

  return g_object_new (DIPCC_TYPE_CONTACT_FILTER, "store", store, NULL);
}

/**
 * dipcc_contact_filter_get_store:
 *
 * Returns: (transfer none): the store
 */
DipccContactStore *
dipcc_contact_filter_get_store (DipccContactFilter *self)
{
  g_return_val_if_fail (DIPCC_IS_CONTACT_FILTER (self), NULL);

  return self->store;
}

const char *
dipcc_contact_filter_get_query (DipccContactFilter *self)
{
  g_return_val_if_fail (DIPCC_IS_CONTACT_FILTER (self), NULL);

  return self->query_text;
}

/**
 * dipcc_contact_filter_set_query:
 * @query: (nullable): what the agent typed
 *
 * Filters the store with @query: the list then holds the matching
 * contacts in the store's order.
 */
void
dipcc_contact_filter_set_query (DipccContactFilter *self,
                                const char         *query)
{
  g_return_if_fail (DIPCC_IS_CONTACT_FILTER (self));

  if (!dipcc_set_str (&self->query_text, query))
    return;
  g_clear_pointer (&self->query, dipcc_contact_query_free);
  if (query != NULL)
    self->query = dipcc_contact_query_new (query);
  if (self->store != NULL)
    refilter (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERY]);
}
