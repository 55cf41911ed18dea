/* test-endpoint-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dipcc-core-enums.h"
#include "dipcc-endpoint-list.h"
#include "dipcc-test-utils.h"

static void
feed (DipccEndpointList *list,
      DipccAmiMessage   *message)
{
  dipcc_endpoint_list_handle_event (list, message);
  dipcc_ami_message_unref (message);
}

static void
count_changes (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               gpointer    user_data)
{
  (*(guint *) user_data) += added;
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  (*(guint *) user_data)++;
}

/* The manual's two listing examples: 0101 registered, 0103 not. */
static void
test_seed_listing (void)
{
  g_autoptr(DipccEndpointList) list = dipcc_endpoint_list_new ();
  DipccEndpoint *ep;
  guint added = 0;

  g_signal_connect (list, "items-changed", G_CALLBACK (count_changes), &added);
  feed (list, dipcc_test_event (1, "EndpointList",
                                "ActionID", "x", "ObjectType", "endpoint",
                                "ObjectName", "0103",
                                "Transport", "transport-udp-3baa003c2d301de89c68",
                                "Aor", "0103", "Auths", "auth0103",
                                "OutboundAuths", "auth0103", "Contacts", "",
                                "DeviceState", "Unavailable", "ActiveChannels", "", NULL));
  feed (list, dipcc_test_event (1, "EndpointList",
                                "ActionID", "x", "ObjectType", "endpoint",
                                "ObjectName", "0101",
                                "Transport", "transport-udp-3baa003c2d301de89c68",
                                "Aor", "0101", "Auths", "auth0101",
                                "Contacts", "0101/sip:0101@127.0.0.1:5060,",
                                "DeviceState", "Not in use",
                                "ActiveChannels", "PJSIP/0101-00000001,", NULL));

  g_assert_cmpuint (added, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  ep = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpstr (dipcc_endpoint_get_name (ep), ==, "0101");   /* sorted */
  g_assert_true (dipcc_endpoint_get_registered (ep));
  g_assert_cmpint (dipcc_endpoint_get_device_state (ep), ==, DIPCC_DEVICE_STATE_NOT_INUSE);
  g_assert_cmpuint (dipcc_endpoint_get_active_channels (ep), ==, 1);
  g_assert_cmpstr (dipcc_endpoint_get_contacts (ep), ==, "0101/sip:0101@127.0.0.1:5060,");
  g_object_unref (ep);

  ep = dipcc_endpoint_list_lookup (list, 1, "0103");
  g_assert_nonnull (ep);
  g_assert_false (dipcc_endpoint_get_registered (ep));
  g_assert_cmpint (dipcc_endpoint_get_device_state (ep), ==, DIPCC_DEVICE_STATE_UNAVAILABLE);
  g_assert_null (dipcc_endpoint_list_lookup (list, 2, "0103"));
  g_assert_null (dipcc_endpoint_list_lookup (list, 1, "0199"));
}

static void
test_device_state_change (void)
{
  g_autoptr(DipccEndpointList) list = dipcc_endpoint_list_new ();
  DipccEndpoint *ep;
  guint notifies = 0;
  guint registered_notifies = 0;

  feed (list, dipcc_test_event (1, "EndpointList", "ObjectName", "0108",
                                "DeviceState", "Not in use", NULL));
  ep = dipcc_endpoint_list_lookup (list, 1, "0108");
  g_signal_connect (ep, "notify::device-state", G_CALLBACK (count_notify), &notifies);
  g_signal_connect (ep, "notify::registered", G_CALLBACK (count_notify), &registered_notifies);

  feed (list, dipcc_test_event (1, "DeviceStateChange", "Privilege", "call,all",
                                "Device", "PJSIP/0108", "State", "INUSE", NULL));
  g_assert_cmpint (dipcc_endpoint_get_device_state (ep), ==, DIPCC_DEVICE_STATE_INUSE);
  g_assert_cmpuint (notifies, ==, 1);
  /* the same state again: no notify */
  feed (list, dipcc_test_event (1, "DeviceStateChange", "Device", "PJSIP/0108",
                                "State", "INUSE", NULL));
  g_assert_cmpuint (notifies, ==, 1);
  g_assert_cmpuint (registered_notifies, ==, 0);
  /* a DeviceStateList item reuses the event name, with the other spelling */
  feed (list, dipcc_test_event (1, "DeviceStateChange", "ActionID", "l1",
                                "Device", "PJSIP/0108", "State", "UNAVAILABLE", NULL));
  g_assert_false (dipcc_endpoint_get_registered (ep));
  g_assert_cmpuint (registered_notifies, ==, 1);
}

static void
test_not_endpoints (void)
{
  g_autoptr(DipccEndpointList) list = dipcc_endpoint_list_new ();
  g_autoptr(DipccAmiMessage) queue = dipcc_test_event (1, "DeviceStateChange",
                                                      "Device", "Queue:support_avail",
                                                      "State", "INUSE", NULL);
  g_autoptr(DipccAmiMessage) local = dipcc_test_event (1, "DeviceStateChange",
                                                      "Device", "Local/0101@from-internal",
                                                      "State", "INUSE", NULL);
  g_autoptr(DipccAmiMessage) response = dipcc_test_message_new ("Response", "Success",
                                                                "ObjectName", "0101", NULL);
  g_autoptr(DipccAmiMessage) other = dipcc_test_event (1, "Newchannel", "Channel",
                                                      "PJSIP/0101-1", NULL);

  g_assert_false (dipcc_endpoint_list_handle_event (list, queue));
  g_assert_false (dipcc_endpoint_list_handle_event (list, local));
  g_assert_false (dipcc_endpoint_list_handle_event (list, response));
  g_assert_false (dipcc_endpoint_list_handle_event (list, other));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
}

static void
test_two_servers (void)
{
  g_autoptr(DipccEndpointList) list = dipcc_endpoint_list_new ();

  feed (list, dipcc_test_event (2, "DeviceStateChange", "Device", "PJSIP/0101",
                                "State", "RINGING", NULL));
  feed (list, dipcc_test_event (1, "DeviceStateChange", "Device", "PJSIP/0101",
                                "State", "NOT_INUSE", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  g_assert_cmpint (dipcc_endpoint_get_device_state (dipcc_endpoint_list_lookup (list, 2, "0101")),
                   ==, DIPCC_DEVICE_STATE_RINGING);
  g_assert_cmpint (dipcc_endpoint_get_device_state (dipcc_endpoint_list_lookup (list, 1, "0101")),
                   ==, DIPCC_DEVICE_STATE_NOT_INUSE);
  {
    g_autoptr(DipccEndpoint) first = g_list_model_get_item (G_LIST_MODEL (list), 0);

    g_assert_cmpint (dipcc_endpoint_get_server_id (first), ==, 1);
  }
}

static void
test_old_server_events (void)
{
  g_autoptr(DipccEndpointList) list = dipcc_endpoint_list_new ();
  DipccEndpoint *ep;

  feed (list, dipcc_test_event (1, "PeerStatus", "Peer", "SIP/0101",
                                "PeerStatus", "Registered", NULL));
  ep = dipcc_endpoint_list_lookup (list, 1, "0101");
  g_assert_true (dipcc_endpoint_get_registered (ep));
  feed (list, dipcc_test_event (1, "ExtensionStatus", "Exten", "0101", "Context", "ext-local",
                                "Hint", "SIP/0101", "Status", "8", NULL));
  g_assert_cmpint (dipcc_endpoint_get_device_state (ep), ==, DIPCC_DEVICE_STATE_RINGING);
  feed (list, dipcc_test_event (1, "ExtensionStatus", "Exten", "0101", "Status", "9", NULL));
  g_assert_cmpint (dipcc_endpoint_get_device_state (ep), ==, DIPCC_DEVICE_STATE_RINGINUSE);
  feed (list, dipcc_test_event (1, "ExtensionStatus", "Exten", "0101", "Status", "1", NULL));
  g_assert_cmpint (dipcc_endpoint_get_device_state (ep), ==, DIPCC_DEVICE_STATE_INUSE);
  feed (list, dipcc_test_event (1, "ExtensionStatus", "Exten", "0101", "Status", "4", NULL));
  g_assert_false (dipcc_endpoint_get_registered (ep));
  /* an ExtensionStatus for a queue hint is not an endpoint */
  feed (list, dipcc_test_event (1, "ExtensionStatus", "Exten", "*45", "Status", "0", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  feed (list, dipcc_test_event (1, "PeerStatus", "Peer", "SIP/0101",
                                "PeerStatus", "Unregistered", NULL));
  g_assert_cmpint (dipcc_endpoint_get_device_state (ep), ==, DIPCC_DEVICE_STATE_UNAVAILABLE);
}

static void
test_channel_to_endpoint (void)
{
  g_autoptr(DipccEndpointList) list = dipcc_endpoint_list_new ();
  g_autofree char *name = NULL;

  dipcc_endpoint_list_ensure (list, 1, "0101");
  dipcc_endpoint_list_ensure (list, 1, "trunk-kt");
  g_assert_true (dipcc_endpoint_list_is_endpoint_channel (list, 1, "PJSIP/0101-0000001a", &name));
  g_assert_cmpstr (name, ==, "0101");
  g_clear_pointer (&name, g_free);
  g_assert_true (dipcc_endpoint_list_is_endpoint_channel (list, 1, "PJSIP/trunk-kt-0000001b",
                                                          &name));
  g_assert_cmpstr (name, ==, "trunk-kt");
  g_clear_pointer (&name, g_free);
  g_assert_false (dipcc_endpoint_list_is_endpoint_channel (list, 2, "PJSIP/0101-0000001a", NULL));
  g_assert_false (dipcc_endpoint_list_is_endpoint_channel (list, 1, "Local/0101@x-1;1", NULL));
  g_assert_false (dipcc_endpoint_list_is_endpoint_channel (list, 1, "PJSIP/0199-00000001",
                                                           NULL));
}

static void
test_property_notify (void)
{
  g_autoptr(DipccEndpoint) ep = dipcc_endpoint_new (1, "0101");
  const char *strings[] = { "display-name", "transport", "aor", "contacts" };
  GValue a = G_VALUE_INIT, b = G_VALUE_INIT;

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    {
      g_value_init (&a, G_TYPE_STRING);
      g_value_init (&b, G_TYPE_STRING);
      g_value_set_string (&a, "alpha");
      g_value_set_string (&b, "beta");
      dipcc_test_property_notify (G_OBJECT (ep), strings[i], &a, &b);
      g_value_unset (&a);
      g_value_unset (&b);
    }

  g_value_init (&a, DIPCC_TYPE_DEVICE_STATE);
  g_value_init (&b, DIPCC_TYPE_DEVICE_STATE);
  g_value_set_enum (&a, DIPCC_DEVICE_STATE_RINGING);
  g_value_set_enum (&b, DIPCC_DEVICE_STATE_INUSE);
  dipcc_test_property_notify (G_OBJECT (ep), "device-state", &a, &b);
  g_value_unset (&a);
  g_value_unset (&b);

  g_value_init (&a, G_TYPE_UINT);
  g_value_init (&b, G_TYPE_UINT);
  g_value_set_uint (&a, 2);
  g_value_set_uint (&b, 3);
  dipcc_test_property_notify (G_OBJECT (ep), "active-channels", &a, &b);
  g_value_unset (&a);
  g_value_unset (&b);

  /* a caller-controlled name is made safe to show */
  dipcc_endpoint_set_display_name (ep, "Kim\r\nEvent: Fake\xe2\x80\xae");
  g_assert_cmpstr (dipcc_endpoint_get_display_name (ep), ==, "Kim Event: Fake");
  dipcc_endpoint_set_display_name (ep, NULL);
  g_assert_cmpstr (dipcc_endpoint_get_display_name (ep), ==, "0101");
}

static void
test_many (void)
{
  g_autoptr(DipccEndpointList) list = dipcc_endpoint_list_new ();
  GRand *rand = g_rand_new_with_seed (7);

  for (guint i = 0; i < 10000; i++)
    {
      g_autofree char *name = g_strdup_printf ("%05u", g_rand_int_range (rand, 0, 100000));

      feed (list, dipcc_test_event (1, "EndpointList", "ObjectName", name,
                                    "DeviceState", "Not in use", NULL));
    }
  for (guint i = 1; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(DipccEndpoint) prev = g_list_model_get_item (G_LIST_MODEL (list), i - 1);
      g_autoptr(DipccEndpoint) cur = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_assert_cmpstr (dipcc_endpoint_get_name (prev), <, dipcc_endpoint_get_name (cur));
      g_assert_true (dipcc_endpoint_list_lookup (list, 1, dipcc_endpoint_get_name (cur)) == cur);
    }
  g_rand_free (rand);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/endpoint-list/seed-listing", test_seed_listing);
  g_test_add_func ("/endpoint-list/device-state-change", test_device_state_change);
  g_test_add_func ("/endpoint-list/not-endpoints", test_not_endpoints);
  g_test_add_func ("/endpoint-list/two-servers", test_two_servers);
  g_test_add_func ("/endpoint-list/old-server-events", test_old_server_events);
  g_test_add_func ("/endpoint-list/channel-to-endpoint", test_channel_to_endpoint);
  g_test_add_func ("/endpoint-list/property-notify", test_property_notify);
  g_test_add_func ("/endpoint-list/many", test_many);

  return g_test_run ();
}
