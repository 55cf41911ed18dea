/* dipcc-contact.h: one address book entry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The labels the app knows; anything else is a custom label, kept as is. */
#define DIPCC_CONTACT_LABEL_CELL  "cell"
#define DIPCC_CONTACT_LABEL_WORK  "work"
#define DIPCC_CONTACT_LABEL_HOME  "home"
#define DIPCC_CONTACT_LABEL_MAIN  "main"
#define DIPCC_CONTACT_LABEL_FAX   "fax"
#define DIPCC_CONTACT_LABEL_OTHER "other"

#define DIPCC_TYPE_CONTACT_NUMBER (dipcc_contact_number_get_type ())

typedef struct _DipccContactNumber DipccContactNumber;

GType               dipcc_contact_number_get_type      (void) G_GNUC_CONST;
DipccContactNumber *dipcc_contact_number_new           (const char               *number,
                                                        const char               *label,
                                                        gboolean                  preferred);
DipccContactNumber *dipcc_contact_number_ref           (DipccContactNumber       *self);
void                dipcc_contact_number_unref         (DipccContactNumber       *self);
const char         *dipcc_contact_number_get_number    (const DipccContactNumber *self);
const char         *dipcc_contact_number_get_label     (const DipccContactNumber *self);
gboolean            dipcc_contact_number_get_preferred (const DipccContactNumber *self);
const char         *dipcc_contact_number_get_key       (const DipccContactNumber *self);
gboolean            dipcc_contact_number_equal         (const DipccContactNumber *a,
                                                        const DipccContactNumber *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DipccContactNumber, dipcc_contact_number_unref)

#define DIPCC_TYPE_CONTACT (dipcc_contact_get_type ())

G_DECLARE_FINAL_TYPE (DipccContact, dipcc_contact, DIPCC, CONTACT, GObject)

DipccContact *dipcc_contact_new                (void);
DipccContact *dipcc_contact_new_with_uid       (const char   *uid);
DipccContact *dipcc_contact_copy               (DipccContact *self,
                                                const char   *uid);
const char   *dipcc_contact_get_uid            (DipccContact *self);
const char   *dipcc_contact_get_name           (DipccContact *self);
void          dipcc_contact_set_name           (DipccContact *self,
                                                const char   *name);
const char   *dipcc_contact_get_organization   (DipccContact *self);
void          dipcc_contact_set_organization   (DipccContact *self,
                                                const char   *organization);
const char   *dipcc_contact_get_email          (DipccContact *self);
void          dipcc_contact_set_email          (DipccContact *self,
                                                const char   *email);
const char   *dipcc_contact_get_note           (DipccContact *self);
void          dipcc_contact_set_note           (DipccContact *self,
                                                const char   *note);
GPtrArray    *dipcc_contact_get_numbers        (DipccContact *self);
void          dipcc_contact_set_numbers        (DipccContact *self,
                                                GPtrArray    *numbers);
gboolean      dipcc_contact_add_number         (DipccContact *self,
                                                const char   *number,
                                                const char   *label,
                                                gboolean      preferred);
const char   *dipcc_contact_get_display_name   (DipccContact *self);
const char   *dipcc_contact_get_sort_key       (DipccContact *self);
gboolean      dipcc_contact_is_empty           (DipccContact *self);
gboolean      dipcc_contact_equal              (DipccContact *a,
                                                DipccContact *b);
gboolean      dipcc_contact_matches            (DipccContact *self,
                                                const char   *query);

/**
 * DipccContactQuery:
 *
 * A search query prepared once (casefolded, digits extracted) and then
 * matched against many contacts: what a list filter does per keystroke.
 */
typedef struct _DipccContactQuery DipccContactQuery;

DipccContactQuery *dipcc_contact_query_new   (const char              *text);
void               dipcc_contact_query_free  (DipccContactQuery       *query);
gboolean           dipcc_contact_query_match (const DipccContactQuery *query,
                                              DipccContact            *contact);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DipccContactQuery, dipcc_contact_query_free)

G_END_DECLS
