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

/* What a search matches, and a match against it (see dipcc-contact.c). */
void      dipcc_contact_append_search_text (DipccContact            *self,
                                            GString                 *out,
                                            gsize                   *digits_at);
gboolean  dipcc_contact_query_matches_all  (const DipccContactQuery *query);
gboolean  dipcc_contact_query_match_text   (const DipccContactQuery *query,
                                            const char              *text,
                                            const char              *digits);

G_END_DECLS
