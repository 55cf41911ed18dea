/* dipcc-server-key-private.h: hash keys of AMI ids on one server
 *
 * Two Asterisks behind one proxy hand out the same Uniqueids, so the models
 * key their tables by server and id. Looking up with a key on the stack
 * allocates nothing: that runs for nearly every event.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  int         server_id;
  const char *id;
} DipccServerKey;

static inline guint
dipcc_server_key_hash (gconstpointer data)
{
  const DipccServerKey *key = data;

  return g_str_hash (key->id) ^ ((guint) key->server_id * 0x9E3779B1u);
}

static inline gboolean
dipcc_server_key_equal (gconstpointer a,
                        gconstpointer b)
{
  const DipccServerKey *ka = a;
  const DipccServerKey *kb = b;

  return ka->server_id == kb->server_id && strcmp (ka->id, kb->id) == 0;
}

/* A key that owns a copy of @id, in the same block: free it with g_free(). */
static inline DipccServerKey *
dipcc_server_key_new (int         server_id,
                      const char *id)
{
  gsize len = strlen (id);
  DipccServerKey *key = g_malloc (sizeof (DipccServerKey) + len + 1);
  char *copy = (char *) (key + 1);

  memcpy (copy, id, len + 1);
  key->server_id = server_id;
  key->id = copy;
  return key;
}

G_END_DECLS
