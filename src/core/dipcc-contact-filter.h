/* dipcc-contact-filter.h: the contacts of a store that match a search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dipcc-contact-store.h"

G_BEGIN_DECLS

#define DIPCC_TYPE_CONTACT_FILTER (dipcc_contact_filter_get_type ())

G_DECLARE_FINAL_TYPE (DipccContactFilter, dipcc_contact_filter, DIPCC, CONTACT_FILTER, GObject)

DipccContactFilter *dipcc_contact_filter_new       (DipccContactStore  *store);
DipccContactStore  *dipcc_contact_filter_get_store (DipccContactFilter *self);
const char         *dipcc_contact_filter_get_query (DipccContactFilter *self);
void                dipcc_contact_filter_set_query (DipccContactFilter *self,
                                                    const char         *query);

G_END_DECLS
