/* dipcc-test-utils.h: helpers shared by the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include <glib-object.h>

#include "dipcc-ami-message.h"

G_BEGIN_DECLS

/* A message from key/value pairs, NULL-terminated:
 * dipcc_test_message_new ("Event", "Hangup", "Cause", "16", NULL) */
DipccAmiMessage *dipcc_test_message_new      (const char *first_key,
                                              ...) G_GNUC_NULL_TERMINATED;

/* Asserts that @message holds exactly these key/value pairs, in order. */
void             dipcc_test_assert_message   (DipccAmiMessage *message,
                                              const char      *first_key,
                                              ...) G_GNUC_NULL_TERMINATED;

/* The contents of tests/data/@name (G_TEST_SRCDIR), asserted to exist. */
char            *dipcc_test_read_data        (const char      *name,
                                              gsize           *len);

/* The entries of tests/data/hostile/@name.txt (see its README.md), each a
 * GBytes with its escapes decoded and a NUL after its last byte. */
GPtrArray       *dipcc_test_hostile_load     (const char      *name);

/* Feeds @data to a new AMI parser in chunks of @chunk bytes (0: all at
 * once) and returns the messages (and, if @errors, the error messages). */
GPtrArray       *dipcc_test_parse_ami        (const char      *data,
                                              gsize            len,
                                              gsize            chunk,
                                              GPtrArray      **errors,
                                              char           **banner);

G_END_DECLS

G_BEGIN_DECLS

/* An event from server @server_id: dipcc_test_event (1, "Hangup", "Cause", "16", NULL) */
DipccAmiMessage *dipcc_test_event            (int              server_id,
                                              const char      *name,
                                              ...) G_GNUC_NULL_TERMINATED;

/* The notify contract of a read-write property: setting @a notifies once,
 * setting @a again does not, setting @b notifies once. The values are
 * GValues of the property's type. */
void             dipcc_test_property_notify  (GObject         *object,
                                              const char      *property,
                                              const GValue    *a,
                                              const GValue    *b);

G_END_DECLS
