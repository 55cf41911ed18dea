/* dipcc-dial-pad.c: SKELETON, replaced by the page's own implementation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dipcc-dial-pad.h"

struct _DipccDialPad
{
  AdwBin        parent_instance;
  DipccSession *session;
};

G_DEFINE_FINAL_TYPE (DipccDialPad, dipcc_dial_pad, ADW_TYPE_BIN)

enum { PROP_0, PROP_SESSION, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  g_value_set_object (value, DIPCC_DIAL_PAD (object)->session);
}

static void
set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  DipccDialPad *self = DIPCC_DIAL_PAD (object);

  g_set_object (&self->session, g_value_get_object (value));
}

static void
dispose (GObject *object)
{
  g_clear_object (&DIPCC_DIAL_PAD (object)->session);
  G_OBJECT_CLASS (dipcc_dial_pad_parent_class)->dispose (object);
}

static void
dipcc_dial_pad_class_init (DipccDialPadClass *klass)
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
dipcc_dial_pad_init (DipccDialPad *self)
{
}

DipccSession *
dipcc_dial_pad_get_session (DipccDialPad *self)
{
  return self->session;
}

void
dipcc_dial_pad_focus (DipccDialPad *self)
{
}
