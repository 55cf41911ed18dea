/* dipcc-vcard.h: vCard files to contacts and back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "dipcc-contact.h"

G_BEGIN_DECLS

/* Larger files and longer physical lines are refused (DIPCC_ERROR_TOO_LARGE). */
#define DIPCC_VCARD_MAX_SIZE (64 * 1024 * 1024)
#define DIPCC_VCARD_MAX_LINE (1024 * 1024)

GPtrArray *dipcc_vcard_parse        (const char  *data,
                                     gsize        len,
                                     guint       *n_skipped,
                                     GError     **error);
char      *dipcc_vcard_write        (GPtrArray   *contacts,
                                     gsize       *len);
GBytes    *dipcc_vcard_write_contact (DipccContact *contact);
gboolean   dipcc_vcard_looks_like   (const char  *data,
                                     gsize        len);

G_END_DECLS
