/* dipcc-connection-test.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dipcc-connection-test"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dipcc-ami-message.h"
#include "dipcc-connection-test.h"
#include "dipcc-error.h"

/* One test run. REST and the event channel go at the same time; the task
 * returns when both are done. Every wait has its own timeout, so the run
 * always ends. */
typedef struct {
  DipccConnectionConfig     *config;
  DipccConnectionTestResult *result;
  GCancellable              *cancellable;   /* ours: cancelled on timeout or by the caller */
  gulong                     cancelled_id;
  GCancellable              *outer;
  guint                      pending;

  DipccRestClient           *rest;
  GCancellable              *rest_cancellable;
  guint                      rest_timeout_id;
  gboolean                   rest_timed_out;

  DipccPbxClient            *pbx;
  gulong                     state_id;
  guint                      connect_timeout_id;
  gint64                     start_us;
  guint                      next_ping;
} TestData;

static void
server_ping_clear (gpointer data)
{
  g_clear_error (&((DipccServerPing *) data)->error);
}

static DipccConnectionTestResult *
result_new (void)
{
  DipccConnectionTestResult *result = g_new0 (DipccConnectionTestResult, 1);

  result->pings = g_array_new (FALSE, TRUE, sizeof (DipccServerPing));
  g_array_set_clear_func (result->pings, server_ping_clear);
  return result;
}

/**
 * dipcc_connection_test_result_free:
 * @result: (transfer full) (nullable): a result
 */
void
dipcc_connection_test_result_free (DipccConnectionTestResult *result)
{
  if (result == NULL)
    return;
  g_clear_error (&result->rest_error);
  g_clear_error (&result->events_error);
  g_array_unref (result->pings);
  g_free (result);
}

static void
test_data_free (gpointer user_data)
{
  TestData *data = user_data;

  g_clear_handle_id (&data->rest_timeout_id, g_source_remove);
  g_clear_handle_id (&data->connect_timeout_id, g_source_remove);
  if (data->pbx != NULL)
    {
      g_clear_signal_handler (&data->state_id, data->pbx);
      dipcc_pbx_client_stop (data->pbx);
    }
  g_clear_object (&data->pbx);
  g_clear_object (&data->rest);
  g_clear_object (&data->rest_cancellable);
  if (data->outer != NULL)
    g_cancellable_disconnect (data->outer, data->cancelled_id);
  g_clear_object (&data->outer);
  g_clear_object (&data->cancellable);
  dipcc_connection_test_result_free (data->result);
  dipcc_connection_config_free (data->config);
  g_free (data);
}

static void
done_one (GTask *task)
{
  TestData *data = g_task_get_task_data (task);

  g_assert (data->pending > 0);
  if (--data->pending > 0)
    return;
  if (data->pbx != NULL)
    dipcc_pbx_client_stop (data->pbx);
  g_task_return_pointer (task, g_steal_pointer (&data->result),
                         (GDestroyNotify) dipcc_connection_test_result_free);
}

/* ---- REST --------------------------------------------------------------- */

static gboolean
rest_timeout_cb (gpointer user_data)
{
  TestData *data = g_task_get_task_data (G_TASK (user_data));

  data->rest_timeout_id = 0;
  data->rest_timed_out = TRUE;
  g_cancellable_cancel (data->rest_cancellable);
  return G_SOURCE_REMOVE;
}

static void
rest_plan_cb (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TestData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) plan = NULL;
  g_autoptr(GError) error = NULL;
  gint64 rtt = 0;

  g_clear_handle_id (&data->rest_timeout_id, g_source_remove);
  plan = dipcc_rest_client_current_plan_finish (DIPCC_REST_CLIENT (source), res, &rtt, &error);
  if (error != NULL && data->rest_timed_out)
    {
      g_clear_error (&error);
      g_set_error (&error, DIPCC_ERROR, DIPCC_ERROR_TIMEOUT, _("The PBX did not answer"));
    }
  if (error != NULL)
    data->result->rest_error = g_steal_pointer (&error);
  else
    data->result->rest_ms = rtt / 1000.0;
  done_one (task);
}

static void
start_rest (GTask *task)
{
  TestData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  data->result->rest_tested = TRUE;
  data->rest = dipcc_connection_config_create_rest_client (data->config, &error);
  if (data->rest == NULL)
    {
      data->result->rest_error = g_steal_pointer (&error);
      done_one (task);
      return;
    }
  data->rest_cancellable = g_cancellable_new ();
  g_signal_connect_object (data->cancellable, "cancelled", G_CALLBACK (g_cancellable_cancel),
                           data->rest_cancellable, G_CONNECT_SWAPPED);
  data->rest_timeout_id = g_timeout_add_seconds (MAX (data->config->timeout_s, 1) + 1,
                                                 rest_timeout_cb, task);
  dipcc_rest_client_current_plan_async (data->rest, data->rest_cancellable, rest_plan_cb,
                                        g_object_ref (task));
}

/* ---- Event channel -------------------------------------------------------- */

static void ping_next (GTask *task);

static void
ping_cb (GObject      *source,
         GAsyncResult *res,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TestData *data = g_task_get_task_data (task);
  DipccServerPing *ping = &g_array_index (data->result->pings, DipccServerPing,
                                          data->next_ping);
  g_autoptr(DipccActionResult) result = NULL;

  result = dipcc_pbx_client_send_action_finish (DIPCC_PBX_CLIENT (source), res, &ping->error);
  if (result != NULL)
    ping->round_trip_ms = (g_get_monotonic_time () - data->start_us) / 1000.0;
  data->next_ping++;
  ping_next (task);
}

static void
ping_next (GTask *task)
{
  TestData *data = g_task_get_task_data (task);
  g_autoptr(DipccAmiMessage) action = NULL;
  DipccServerPing *ping;

  if (data->next_ping >= data->result->pings->len)
    {
      done_one (task);
      return;
    }
  ping = &g_array_index (data->result->pings, DipccServerPing, data->next_ping);
  action = dipcc_ami_message_new_action ("Ping");
  data->start_us = g_get_monotonic_time ();
  dipcc_pbx_client_send_action_async (data->pbx, action, ping->server_id,
                                      DIPCC_ACTION_FLAGS_NONE,
                                      MAX (data->config->timeout_s, 1) * 1000,
                                      data->cancellable, ping_cb, g_object_ref (task));
}

/* Ends the connecting phase: with @error each server gets it, otherwise the
 * Pings start. */
static void
connect_done (GTask  *task,
              GError *error)
{
  TestData *data = g_task_get_task_data (task);

  g_clear_handle_id (&data->connect_timeout_id, g_source_remove);
  if (data->pbx != NULL)
    g_clear_signal_handler (&data->state_id, data->pbx);
  if (error != NULL)
    {
      for (guint i = 0; i < data->result->pings->len; i++)
        g_array_index (data->result->pings, DipccServerPing, i).error = g_error_copy (error);
      data->result->events_error = error;
      data->next_ping = data->result->pings->len;
    }
  else
    {
      data->result->events_ms = (g_get_monotonic_time () - data->start_us) / 1000.0;
    }
  ping_next (task);
  /* The reference start_events() took for the connecting phase. */
  g_object_unref (task);
}

static GError *
connect_error (TestData *data)
{
  const GError *last = dipcc_pbx_client_get_last_error (data->pbx);

  if (last != NULL)
    return g_error_copy (last);
  return g_error_new (DIPCC_ERROR, DIPCC_ERROR_TIMEOUT,
                      _("Could not connect to the PBX's event channel within %d s"),
                      (int) data->config->timeout_s);
}

static void
state_cb (GObject    *object,
          GParamSpec *pspec,
          gpointer    user_data)
{
  GTask *task = user_data;
  TestData *data = g_task_get_task_data (task);
  DipccPbxState state = dipcc_pbx_client_get_state (data->pbx);

  if (state == DIPCC_PBX_STATE_CONNECTED)
    connect_done (task, NULL);
  else if (state == DIPCC_PBX_STATE_AUTH_FAILED)
    connect_done (task, connect_error (data));
}

static gboolean
connect_timeout_cb (gpointer user_data)
{
  GTask *task = user_data;
  TestData *data = g_task_get_task_data (task);

  data->connect_timeout_id = 0;
  connect_done (task, connect_error (data));
  return G_SOURCE_REMOVE;
}

static void
outer_cancelled_cb (GCancellable *outer,
                    gpointer      user_data)
{
  GTask *task = user_data;
  TestData *data = g_task_get_task_data (task);

  /* Runs in the thread that cancelled; the rest happens in the callbacks. */
  g_cancellable_cancel (data->cancellable);
}

static gboolean
cancel_connect_idle_cb (gpointer user_data)
{
  GTask *task = user_data;
  TestData *data = g_task_get_task_data (task);

  if (data->state_id != 0)
    connect_done (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                             _("The test was cancelled")));
  return G_SOURCE_REMOVE;
}

static void
inner_cancelled_cb (GCancellable *cancellable,
                    gpointer      user_data)
{
  g_idle_add_full (G_PRIORITY_DEFAULT, cancel_connect_idle_cb, g_object_ref (user_data),
                   g_object_unref);
}

static void
start_events (GTask *task)
{
  TestData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  data->result->events_tested = TRUE;
  g_object_ref (task);
  for (guint i = 0; i < data->config->server_ids->len; i++)
    {
      DipccServerPing ping = { g_array_index (data->config->server_ids, int, i), 0, NULL };

      g_array_append_val (data->result->pings, ping);
    }

  data->pbx = dipcc_connection_config_create_pbx_client (data->config, &error);
  if (data->pbx == NULL)
    {
      connect_done (task, g_steal_pointer (&error));
      return;
    }
  data->start_us = g_get_monotonic_time ();
  data->state_id = g_signal_connect (data->pbx, "notify::state", G_CALLBACK (state_cb), task);
  data->connect_timeout_id = g_timeout_add_seconds (MAX (data->config->timeout_s, 1),
                                                    connect_timeout_cb, task);
  g_signal_connect_object (data->cancellable, "cancelled", G_CALLBACK (inner_cancelled_cb),
                           task, 0);
  dipcc_pbx_client_start (data->pbx);
}

/**
 * dipcc_connection_test_async:
 * @config: where to connect and how to log in (copied)
 * @what: REST, events or both
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when every part finished
 * @user_data: data for @callback
 *
 * Asks the REST API for the current plan and, for the event channel,
 * connects, logs in and sends a Ping to each server id, timing each step.
 * Every step gives up after the configuration's timeout. Used by both
 * `dipcc ping` and the app's "Test Connection".
 */
void
dipcc_connection_test_async (const DipccConnectionConfig *config,
                             DipccConnectionTestFlags     what,
                             GCancellable                *cancellable,
                             GAsyncReadyCallback          callback,
                             gpointer                     user_data)
{
  g_autoptr(GTask) task = NULL;
  TestData *data;

  g_return_if_fail (config != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, dipcc_connection_test_async);
  data = g_new0 (TestData, 1);
  data->config = dipcc_connection_config_copy (config);
  data->result = result_new ();
  data->cancellable = g_cancellable_new ();
  g_task_set_task_data (task, data, test_data_free);
  if (cancellable != NULL)
    {
      data->outer = g_object_ref (cancellable);
      data->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (outer_cancelled_cb),
                                                  task, NULL);
    }

  /* One extra so that a part finishing at once cannot return early. */
  data->pending = 1;
  if (what & DIPCC_CONNECTION_TEST_REST)
    {
      data->pending++;
      start_rest (task);
    }
  if (what & DIPCC_CONNECTION_TEST_EVENTS)
    {
      data->pending++;
      start_events (task);
    }
  done_one (task);
}

/**
 * dipcc_connection_test_finish:
 * @result: the #GAsyncResult
 * @error: return location for a #GError (only for cancellation)
 *
 * Returns: (transfer full): what happened, REST and events apart
 */
DipccConnectionTestResult *
dipcc_connection_test_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
