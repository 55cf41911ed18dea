/* dipcc-recent-calls.c
 *
 * A ring of calls: a call goes in at the front and the oldest leaves at
 * the back, each an O(1) step and one ::items-changed, with nothing
 * allocated once the ring has grown to the list's size. A busy PBX ends
 * calls all the time, and a GListStore paid for a sequence node, a
 * positional lookup and an n-items notification on both ends.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dipcc-recent-calls"

#include "config.h"

#include "dipcc-recent-calls.h"

struct _DipccRecentCalls
{
  GObject     parent_instance;

  /* Owned: DipccCall, @len of them from @head on, newest first, wrapping */
  DipccCall **ring;
  guint       capacity;
  guint       head;
  guint       len;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DipccRecentCalls, dipcc_recent_calls, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static inline DipccCall **
slot (DipccRecentCalls *self,
      guint             position)
{
  return &self->ring[(self->head + position) % self->capacity];
}

static GType
get_item_type (GListModel *model)
{
  return DIPCC_TYPE_CALL;
}

static guint
get_n_items (GListModel *model)
{
  return DIPCC_RECENT_CALLS (model)->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  DipccRecentCalls *self = DIPCC_RECENT_CALLS (model);

  if (position >= self->len)
    return NULL;
  return g_object_ref (*slot (self, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
dipcc_recent_calls_finalize (GObject *object)
{
  DipccRecentCalls *self = DIPCC_RECENT_CALLS (object);

  for (guint i = 0; i < self->len; i++)
    g_object_unref (*slot (self, i));
  g_free (self->ring);

  G_OBJECT_CLASS (dipcc_recent_calls_parent_class)->finalize (object);
}

static void
dipcc_recent_calls_class_init (DipccRecentCallsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dipcc_recent_calls_finalize;
}

static void
dipcc_recent_calls_init (DipccRecentCalls *self)
{
}

/**
 * dipcc_recent_calls_new:
 *
 * Returns: (transfer full): an empty list
 */
DipccRecentCalls *
dipcc_recent_calls_new (void)
{
  return g_object_new (DIPCC_TYPE_RECENT_CALLS, NULL);
}

/* Doubles the ring, the calls laid out from index 0 again. */
static void
grow (DipccRecentCalls *self)
{
  guint capacity = MAX (16, self->capacity * 2);
  DipccCall **ring = g_new (DipccCall *, capacity);

  for (guint i = 0; i < self->len; i++)
    ring[i] = *slot (self, i);
  g_free (self->ring);
  self->ring = ring;
  self->capacity = capacity;
  self->head = 0;
}

/**
 * dipcc_recent_calls_prepend:
 * @call: a call that ended
 *
 * Puts @call first.
 */
void
dipcc_recent_calls_prepend (DipccRecentCalls *self,
                            DipccCall        *call)
{
  g_return_if_fail (DIPCC_IS_RECENT_CALLS (self));
  g_return_if_fail (DIPCC_IS_CALL (call));

  if (self->len == self->capacity)
    grow (self);
  self->head = (self->head + self->capacity - 1) % self->capacity;
  self->ring[self->head] = g_object_ref (call);
  self->len++;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, 1);
}

/**
 * dipcc_recent_calls_drop_oldest:
 *
 * Removes the last call, if there is one.
 */
void
dipcc_recent_calls_drop_oldest (DipccRecentCalls *self)
{
  DipccCall *oldest;

  g_return_if_fail (DIPCC_IS_RECENT_CALLS (self));

  if (self->len == 0)
    return;
  oldest = g_steal_pointer (slot (self, self->len - 1));
  self->len--;
  g_list_model_items_changed (G_LIST_MODEL (self), self->len, 1, 0);
  g_object_unref (oldest);
}
