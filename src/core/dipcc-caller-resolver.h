/* dipcc-caller-resolver.h: who is calling, from everything we know
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "dipcc-contact-store.h"
#include "dipcc-endpoint-list.h"

G_BEGIN_DECLS

/**
 * DipccCallerSource:
 * @DIPCC_CALLER_SOURCE_CONTACT: a contact has this number
 * @DIPCC_CALLER_SOURCE_ENDPOINT: it is a phone on the PBX (a colleague)
 * @DIPCC_CALLER_SOURCE_HISTORY: an earlier call record named it
 * @DIPCC_CALLER_SOURCE_PBX: the caller-id name the PBX passed on
 * @DIPCC_CALLER_SOURCE_NUMBER: nothing but the number
 * @DIPCC_CALLER_SOURCE_UNKNOWN: not even a number (anonymous)
 *
 * Where a display name came from, most trusted first: only a contact or
 * an endpoint is our own knowledge; the rest is what callers claim.
 */
typedef enum {
  DIPCC_CALLER_SOURCE_CONTACT,
  DIPCC_CALLER_SOURCE_ENDPOINT,
  DIPCC_CALLER_SOURCE_HISTORY,
  DIPCC_CALLER_SOURCE_PBX,
  DIPCC_CALLER_SOURCE_NUMBER,
  DIPCC_CALLER_SOURCE_UNKNOWN,
} DipccCallerSource;

#define DIPCC_TYPE_CALLER_RESOLVER (dipcc_caller_resolver_get_type ())

G_DECLARE_FINAL_TYPE (DipccCallerResolver, dipcc_caller_resolver, DIPCC, CALLER_RESOLVER, GObject)

DipccCallerResolver *dipcc_caller_resolver_new          (DipccContactStore   *contacts,
                                                         DipccEndpointList   *endpoints);
void                 dipcc_caller_resolver_add_history  (DipccCallerResolver *self,
                                                         GPtrArray           *records);
char                *dipcc_caller_resolver_resolve      (DipccCallerResolver *self,
                                                         int                  server_id,
                                                         const char          *number,
                                                         const char          *pbx_name,
                                                         DipccCallerSource   *source,
                                                         DipccContact       **contact);

G_END_DECLS
