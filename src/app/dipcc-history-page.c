/* dipcc-history-page.c: SKELETON, replaced by the page's own implementation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dipcc-history-page.h"

struct _DipccHistoryPage
{
  AdwBin        parent_instance;
  DipccSession *session;
};

G_DEFINE_FINAL_TYPE (DipccHistoryPage, dipcc_history_page, ADW_TYPE_BIN)

enum { PROP_0, PROP_SESSION, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  g_value_set_object (value, DIPCC_HISTORY_PAGE (object)->session);
}

static void
set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  DipccHistoryPage *self = DIPCC_HISTORY_PAGE (object);

  g_set_object (&self->session, g_value_get_object (value));
}

static void
dispose (GObject *object)
{
  g_clear_object (&DIPCC_HISTORY_PAGE (object)->session);
  G_OBJECT_CLASS (dipcc_history_page_parent_class)->dispose (object);
}

static void
dipcc_history_page_class_init (DipccHistoryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = get_property;
  object_class->set_property = set_property;
  object_class->dispose = dispose;
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, DIPCC_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dipcc_history_page_init (DipccHistoryPage *self)
{
}

DipccSession *
dipcc_history_page_get_session (DipccHistoryPage *self)
{
  return self->session;
}

void
dipcc_history_page_refresh (DipccHistoryPage *self)
{
}
