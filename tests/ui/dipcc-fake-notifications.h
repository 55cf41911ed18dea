/* dipcc-fake-notifications.h: an org.freedesktop.Notifications server on
 * the (private) session bus that records what it is sent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct {
  guint   id;
  guint   replaces_id;
  char   *summary;
  char   *body;
  GStrv   actions;      /* id, label, id, label… */
  int     urgency;      /* -1 when not given */
  char   *category;
  char   *sound;
  gint64  arrival_us;   /* g_get_monotonic_time() when Notify arrived */
} DipccFakeNotify;

/* Runs in a thread of its own with its own bus connection: libnotify calls
 * Notify synchronously, so a server on the caller's thread would deadlock. */
void             dipcc_fake_notifications_start     (void);
void             dipcc_fake_notifications_stop      (void);
void             dipcc_fake_notifications_reset     (void);
guint            dipcc_fake_notifications_n_notifies (void);
guint            dipcc_fake_notifications_n_closed  (void);
guint            dipcc_fake_notifications_closed_at (guint i);
/* Entries never change once recorded: the pointer stays valid until reset. */
DipccFakeNotify *dipcc_fake_notifications_at        (guint i);

G_END_DECLS
