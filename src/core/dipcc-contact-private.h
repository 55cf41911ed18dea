/* dipcc-contact-private.h: what the contact store keeps with a contact
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dipcc-contact.h"

G_BEGIN_DECLS

/* Called after every change, before ::changed. A store of 100k contacts
 * holds one owner slot per contact instead of a signal handler each. */
typedef void (*DipccContactOwnerFunc) (DipccContact *contact,
                                       gpointer      owner);

gboolean  dipcc_contact_set_owner   (DipccContact          *self,
                                     DipccContactOwnerFunc  changed,
                                     gpointer               owner);
void      dipcc_contact_unset_owner (DipccContact          *self,
                                     gpointer               owner);
gpointer  dipcc_contact_get_owner   (DipccContact          *self);

/* The contact's vCard text as the store last wrote it; dropped by any
 * change. */
GBytes   *dipcc_contact_get_card    (DipccContact          *self);
void      dipcc_contact_set_card    (DipccContact          *self,
                                     GBytes                *card);

G_END_DECLS
