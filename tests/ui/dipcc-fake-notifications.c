/* dipcc-fake-notifications.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dipcc-fake-notifications.h"

static struct {
  GMutex        lock;
  GCond         cond;
  gboolean      ready;
  GMainContext *context;
  GMainLoop    *loop;
  GThread      *thread;
  GPtrArray    *notifies;   /* DipccFakeNotify */
  GArray       *closed;     /* guint */
  guint         next_id;
} fake;

static const char introspection[] =
  "<node><interface name='org.freedesktop.Notifications'>"
  "<method name='Notify'><arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "<arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "<arg type='as' direction='in'/><arg type='a{sv}' direction='in'/>"
  "<arg type='i' direction='in'/><arg type='u' direction='out'/></method>"
  "<method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "<method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "<method name='GetServerInformation'><arg type='s' direction='out'/>"
  "<arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "<arg type='s' direction='out'/></method>"
  "<signal name='NotificationClosed'><arg type='u'/><arg type='u'/></signal>"
  "<signal name='ActionInvoked'><arg type='u'/><arg type='s'/></signal>"
  "</interface></node>";

static void
notify_free (DipccFakeNotify *n)
{
  g_free (n->summary);
  g_free (n->body);
  g_strfreev (n->actions);
  g_free (n->category);
  g_free (n->sound);
  g_free (n);
}

static void
method_call (GDBusConnection       *connection,
             const char            *sender,
             const char            *path,
             const char            *interface,
             const char            *method,
             GVariant              *params,
             GDBusMethodInvocation *invocation,
             gpointer               user_data)
{
  if (g_str_equal (method, "Notify"))
    {
      DipccFakeNotify *n = g_new0 (DipccFakeNotify, 1);
      g_autoptr(GVariant) hints = NULL;
      guchar urgency;

      n->arrival_us = g_get_monotonic_time ();
      g_variant_get (params, "(&su&sss^as@a{sv}i)", NULL, &n->replaces_id, NULL, &n->summary,
                     &n->body, &n->actions, &hints, NULL);
      n->urgency = g_variant_lookup (hints, "urgency", "y", &urgency) ? urgency : -1;
      g_variant_lookup (hints, "category", "s", &n->category);
      g_variant_lookup (hints, "sound-name", "s", &n->sound);
      g_mutex_lock (&fake.lock);
      n->id = n->replaces_id ? n->replaces_id : ++fake.next_id;
      g_ptr_array_add (fake.notifies, n);
      g_mutex_unlock (&fake.lock);
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", n->id));
      /* a waiter on the main thread looks again now */
      g_main_context_wakeup (NULL);
    }
  else if (g_str_equal (method, "CloseNotification"))
    {
      guint id;

      g_variant_get (params, "(u)", &id);
      g_mutex_lock (&fake.lock);
      g_array_append_val (fake.closed, id);
      g_mutex_unlock (&fake.lock);
      g_dbus_connection_emit_signal (connection, NULL, path, interface, "NotificationClosed",
                                     g_variant_new ("(uu)", id, 3), NULL);
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else if (g_str_equal (method, "GetCapabilities"))
    {
      static const char *caps[] = { "actions", "body", "body-markup", "sound", NULL };

      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", caps));
    }
  else
    g_dbus_method_invocation_return_value (invocation,
                                           g_variant_new ("(ssss)", "fake", "dipcc", "1",
                                                          "1.2"));
}

static const GDBusInterfaceVTable vtable = { method_call, NULL, NULL, { 0 } };

static void
name_acquired (GDBusConnection *connection,
               const char      *name,
               gpointer         user_data)
{
  g_mutex_lock (&fake.lock);
  fake.ready = TRUE;
  g_cond_signal (&fake.cond);
  g_mutex_unlock (&fake.lock);
}

static gpointer
fake_thread (gpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (introspection, &error);
  g_autofree char *address = NULL;
  g_autoptr(GDBusConnection) connection = NULL;
  guint owner;

  g_main_context_push_thread_default (fake.context);
  address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (address != NULL)
    connection = g_dbus_connection_new_for_address_sync (
      address,
      G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
      G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
      NULL, NULL, &error);
  if (connection == NULL)
    g_error ("no session bus (run under dbus-run-session): %s", error->message);
  g_dbus_connection_register_object (connection, "/org/freedesktop/Notifications",
                                     info->interfaces[0], &vtable, NULL, NULL, &error);
  g_assert_no_error (error);
  owner = g_bus_own_name_on_connection (connection, "org.freedesktop.Notifications",
                                        G_BUS_NAME_OWNER_FLAGS_NONE, name_acquired, NULL,
                                        NULL, NULL);
  g_main_loop_run (fake.loop);
  g_bus_unown_name (owner);
  g_main_context_pop_thread_default (fake.context);
  return NULL;
}

void
dipcc_fake_notifications_start (void)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  fake.notifies = g_ptr_array_new_with_free_func ((GDestroyNotify) notify_free);
  fake.closed = g_array_new (FALSE, FALSE, sizeof (guint));
  fake.context = g_main_context_new ();
  fake.loop = g_main_loop_new (fake.context, FALSE);
  fake.thread = g_thread_new ("fake-notifications", fake_thread, NULL);
  g_mutex_lock (&fake.lock);
  while (!fake.ready)
    if (!g_cond_wait_until (&fake.cond, &fake.lock, deadline))
      break;
  g_mutex_unlock (&fake.lock);
  if (!fake.ready)
    g_error ("the fake notification server did not get its name");
}

void
dipcc_fake_notifications_stop (void)
{
  g_main_loop_quit (fake.loop);
  g_thread_join (fake.thread);
  g_clear_pointer (&fake.notifies, g_ptr_array_unref);
  g_clear_pointer (&fake.closed, g_array_unref);
  g_clear_pointer (&fake.loop, g_main_loop_unref);
  g_clear_pointer (&fake.context, g_main_context_unref);
  fake.ready = FALSE;
}

void
dipcc_fake_notifications_reset (void)
{
  g_mutex_lock (&fake.lock);
  g_ptr_array_set_size (fake.notifies, 0);
  g_array_set_size (fake.closed, 0);
  g_mutex_unlock (&fake.lock);
}

guint
dipcc_fake_notifications_n_notifies (void)
{
  guint n;

  g_mutex_lock (&fake.lock);
  n = fake.notifies->len;
  g_mutex_unlock (&fake.lock);
  return n;
}

guint
dipcc_fake_notifications_n_closed (void)
{
  guint n;

  g_mutex_lock (&fake.lock);
  n = fake.closed->len;
  g_mutex_unlock (&fake.lock);
  return n;
}

guint
dipcc_fake_notifications_closed_at (guint i)
{
  guint id;

  g_mutex_lock (&fake.lock);
  g_assert_cmpuint (i, <, fake.closed->len);
  id = g_array_index (fake.closed, guint, i);
  g_mutex_unlock (&fake.lock);
  return id;
}

DipccFakeNotify *
dipcc_fake_notifications_at (guint i)
{
  DipccFakeNotify *n;

  g_mutex_lock (&fake.lock);
  g_assert_cmpuint (i, <, fake.notifies->len);
  n = g_ptr_array_index (fake.notifies, i);
  g_mutex_unlock (&fake.lock);
  return n;
}
