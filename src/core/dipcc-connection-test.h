/* dipcc-connection-test.h: try the REST API and the event channel once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dipcc-connection-config.h"

G_BEGIN_DECLS

/**
 * DipccConnectionTestFlags:
 * @DIPCC_CONNECTION_TEST_REST: ask the REST API for the current plan
 * @DIPCC_CONNECTION_TEST_EVENTS: connect the event channel and ping each server
 *
 * What dipcc_connection_test_async() tries.
 */
typedef enum {
  DIPCC_CONNECTION_TEST_REST   = 1 << 0,
  DIPCC_CONNECTION_TEST_EVENTS = 1 << 1,
} DipccConnectionTestFlags;

/**
 * DipccServerPing:
 * @server_id: the AMI server id
 * @round_trip_ms: how long the Ping took, when @error is %NULL
 * @error: (nullable): why the Ping failed
 */
typedef struct {
  int     server_id;
  double  round_trip_ms;
  GError *error;
} DipccServerPing;

/**
 * DipccConnectionTestResult:
 * @rest_tested: whether the REST API was tried
 * @rest_ms: the REST round trip, when @rest_error is %NULL
 * @rest_error: (nullable): why REST failed
 * @events_tested: whether the event channel was tried
 * @events_ms: how long connecting (and logging in) took, when @events_error is %NULL
 * @events_error: (nullable): why the event channel did not connect
 * @pings: (element-type DipccServerPing): one Ping per server id, tried only
 *   when the event channel connected (otherwise each carries @events_error)
 *
 * The outcome of one connection test; REST and events are reported apart.
 */
typedef struct {
  gboolean  rest_tested;
  double    rest_ms;
  GError   *rest_error;
  gboolean  events_tested;
  double    events_ms;
  GError   *events_error;
  GArray   *pings;
} DipccConnectionTestResult;

void dipcc_connection_test_async (const DipccConnectionConfig *config,
                                  DipccConnectionTestFlags     what,
                                  GCancellable                *cancellable,
                                  GAsyncReadyCallback          callback,
                                  gpointer                     user_data);
DipccConnectionTestResult *dipcc_connection_test_finish      (GAsyncResult               *result,
                                                              GError                    **error);
void                       dipcc_connection_test_result_free (DipccConnectionTestResult  *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DipccConnectionTestResult, dipcc_connection_test_result_free)

G_END_DECLS
