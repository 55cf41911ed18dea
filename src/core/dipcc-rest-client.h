/* dipcc-rest-client.h: the PBX's REST API (/api/v2)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "dipcc-cdr-query.h"

G_BEGIN_DECLS

/* SoupSession:timeout and :idle-timeout of a new client, in seconds */
#define DIPCC_REST_CLIENT_DEFAULT_TIMEOUT      15
#define DIPCC_REST_CLIENT_DEFAULT_IDLE_TIMEOUT 60

#define DIPCC_TYPE_REST_CLIENT (dipcc_rest_client_get_type ())

G_DECLARE_FINAL_TYPE (DipccRestClient, dipcc_rest_client, DIPCC, REST_CLIENT, GObject)

DipccRestClient *dipcc_rest_client_new                  (const char           *base_url,
                                                         const char           *tenant,
                                                         const char           *app_key);

const char      *dipcc_rest_client_get_base_url         (DipccRestClient      *self);
void             dipcc_rest_client_set_base_url         (DipccRestClient      *self,
                                                         const char           *base_url);
const char      *dipcc_rest_client_get_tenant           (DipccRestClient      *self);
void             dipcc_rest_client_set_tenant           (DipccRestClient      *self,
                                                         const char           *tenant);
void             dipcc_rest_client_set_app_key          (DipccRestClient      *self,
                                                         const char           *app_key);
gboolean         dipcc_rest_client_has_app_key          (DipccRestClient      *self);
const char      *dipcc_rest_client_get_tls_pin          (DipccRestClient      *self);
void             dipcc_rest_client_set_tls_pin          (DipccRestClient      *self,
                                                         const char           *tls_pin);
guint            dipcc_rest_client_get_timeout          (DipccRestClient      *self);
void             dipcc_rest_client_set_timeout          (DipccRestClient      *self,
                                                         guint                 timeout);

void             dipcc_rest_client_current_plan_async   (DipccRestClient      *self,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
JsonNode        *dipcc_rest_client_current_plan_finish  (DipccRestClient      *self,
                                                         GAsyncResult         *result,
                                                         gint64               *round_trip_us,
                                                         GError              **error);

void             dipcc_rest_client_click_to_call_async  (DipccRestClient      *self,
                                                         const char           *caller,
                                                         const char           *callee,
                                                         const char           *cos_id,
                                                         const char           *cid_name,
                                                         const char           *cid_number,
                                                         GHashTable           *variables,
                                                         gboolean              as_json,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean         dipcc_rest_client_click_to_call_finish (DipccRestClient      *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

void             dipcc_rest_client_cdr_query_async      (DipccRestClient      *self,
                                                         const DipccCdrQuery  *query,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
GPtrArray       *dipcc_rest_client_cdr_query_finish     (DipccRestClient      *self,
                                                         GAsyncResult         *result,
                                                         guint                *total,
                                                         guint                *n_skipped,
                                                         GError              **error);

G_END_DECLS
