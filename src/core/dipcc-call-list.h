/* dipcc-call-list.h: the calls on the PBX, reduced from its events
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dipcc-ami-message.h"
#include "dipcc-call.h"
#include "dipcc-endpoint-list.h"

G_BEGIN_DECLS

#define DIPCC_TYPE_CALL_LIST (dipcc_call_list_get_type ())

G_DECLARE_FINAL_TYPE (DipccCallList, dipcc_call_list, DIPCC, CALL_LIST, GObject)

DipccCallList *dipcc_call_list_new                 (DipccEndpointList  *endpoints);
gboolean       dipcc_call_list_handle_event        (DipccCallList      *self,
                                                    DipccAmiMessage    *message);
void           dipcc_call_list_begin_resync        (DipccCallList      *self,
                                                    int                 server_id);
DipccCall     *dipcc_call_list_lookup              (DipccCallList      *self,
                                                    int                 server_id,
                                                    const char         *linkedid);
GListModel    *dipcc_call_list_get_recent          (DipccCallList      *self);

const char    *dipcc_call_list_get_my_extension    (DipccCallList      *self);
void           dipcc_call_list_set_my_extension    (DipccCallList      *self,
                                                    const char         *extension);
const char * const *dipcc_call_list_get_watched_numbers (DipccCallList *self);
void           dipcc_call_list_set_watched_numbers (DipccCallList      *self,
                                                    const char * const *numbers);
gboolean       dipcc_call_list_get_all_incoming    (DipccCallList      *self);
void           dipcc_call_list_set_all_incoming    (DipccCallList      *self,
                                                    gboolean            all_incoming);
guint          dipcc_call_list_get_linger_ms       (DipccCallList      *self);
void           dipcc_call_list_set_linger_ms       (DipccCallList      *self,
                                                    guint               linger_ms);
guint          dipcc_call_list_get_max_recent      (DipccCallList      *self);
void           dipcc_call_list_set_max_recent      (DipccCallList      *self,
                                                    guint               max_recent);
guint          dipcc_call_list_get_n_channels      (DipccCallList      *self);

G_END_DECLS
