/* dipcc-preferences-window.c: SKELETON, replaced by the real preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dipcc-preferences-window.h"

struct _DipccPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;
  DipccSession         *session;
};

G_DEFINE_FINAL_TYPE (DipccPreferencesWindow, dipcc_preferences_window,
                     ADW_TYPE_PREFERENCES_WINDOW)

static void
dispose (GObject *object)
{
  g_clear_object (&DIPCC_PREFERENCES_WINDOW (object)->session);
  G_OBJECT_CLASS (dipcc_preferences_window_parent_class)->dispose (object);
}

static void
dipcc_preferences_window_class_init (DipccPreferencesWindowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = dispose;
}

static void
dipcc_preferences_window_init (DipccPreferencesWindow *self)
{
}

DipccPreferencesWindow *
dipcc_preferences_window_new (DipccSession *session)
{
  DipccPreferencesWindow *self = g_object_new (DIPCC_TYPE_PREFERENCES_WINDOW, NULL);

  self->session = g_object_ref (session);
  return self;
}
