/* dipcc-contact-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The contacts live in one vCard file. Reading and writing happen in
 * worker threads (100k contacts must not stall the UI); the list itself is
 * only touched on the main thread. Saving writes a temporary file next to
 * the real one, syncs it and renames it over, so a crash at any moment
 * leaves either the old file or the new one, never a mix. A file that
 * could not be read is never overwritten.
 */
#define G_LOG_DOMAIN "dipcc-contact-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <glib/gi18n-lib.h>

#include "dipcc-contact-private.h"
#include "dipcc-contact-store.h"
#include "dipcc-csv-import.h"
#include "dipcc-error.h"
#include "dipcc-phone-number.h"
#include "dipcc-vcard.h"

/* Saves run in workers and may finish out of order: the last snapshot
 * taken must be the last one written. */
typedef struct {
  gatomicrefcount ref_count;
  GMutex          lock;
  guint64         written_serial;
} WriteState;

struct _DipccContactStore
{
  GObject     parent_instance;

  /* Owned */
  GFile      *file;
  /* DipccContact, sorted by sort key; equal keys keep their order */
  GPtrArray  *items;
  /* match key → the DipccContact first indexed under it (borrowed) */
  GHashTable *by_key;
  /* match key → GPtrArray of further contacts with that key (borrowed) */
  GHashTable *more_by_key;
  /* DipccContact → its match keys (GStrv), to unindex it after a change */
  GHashTable *keys_of;
  /* What a search scans: each item's search text, in item order, in one
   * block, so a search does not touch 100k contacts spread over the heap */
  GString    *search_text;
  GArray     *search_slots;    /* SearchSlot, one per item */
  gsize       search_garbage;  /* bytes of search_text no slot points to */

  /* whether the file was read, or found missing: only then may it be written */
  gboolean    loaded;
  /* the last load failed: the file must be kept as it is */
  gboolean    unreadable;

  guint64     save_serial;
  /* Owned; shared with the workers, which never hold the store itself */
  WriteState *write_state;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DipccContactStore, dipcc_contact_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_FILE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct {
  guint32 text;     /* offsets into search_text */
  guint32 digits;
} SearchSlot;

typedef struct {
  GPtrArray  *contacts;
  GHashTable *by_key;
  GHashTable *more_by_key;
  GHashTable *keys_of;
  GString    *search_text;
  GArray     *search_slots;
  guint       n_skipped;
} ReadResult;

typedef struct {
  WriteState *state;
  GFile   *file;
  /* GBytes: each contact's card, joined in the worker */
  GPtrArray *cards;
  gsize    len;
  guint64  serial;
  gboolean is_store_file;
  gboolean may_replace;
} WriteJob;

/* Each contact's vCard text is kept with it until it changes: a save then
 * only collects references on the main thread, even for 100k contacts,
 * and the worker joins and writes them. */
static GBytes *
ensure_card (DipccContact *contact)
{
  GBytes *card = dipcc_contact_get_card (contact);

  if (card == NULL)
    {
      card = dipcc_vcard_write_contact (contact);
      dipcc_contact_set_card (contact, card);
    }
  return card;
}

static void
read_result_free (ReadResult *result)
{
  g_clear_pointer (&result->contacts, g_ptr_array_unref);
  g_clear_pointer (&result->by_key, g_hash_table_unref);
  g_clear_pointer (&result->more_by_key, g_hash_table_unref);
  g_clear_pointer (&result->keys_of, g_hash_table_unref);
  if (result->search_text != NULL)
    g_string_free (result->search_text, TRUE);
  g_clear_pointer (&result->search_slots, g_array_unref);
  g_free (result);
}

static WriteState *
write_state_new (void)
{
  WriteState *state = g_new0 (WriteState, 1);

  g_atomic_ref_count_init (&state->ref_count);
  g_mutex_init (&state->lock);
  return state;
}

static WriteState *
write_state_ref (WriteState *state)
{
  g_atomic_ref_count_inc (&state->ref_count);
  return state;
}

static void
write_state_unref (WriteState *state)
{
  if (g_atomic_ref_count_dec (&state->ref_count))
    {
      g_mutex_clear (&state->lock);
      g_free (state);
    }
}

static void
write_job_free (WriteJob *job)
{
  g_clear_pointer (&job->state, write_state_unref);
  g_clear_object (&job->file);
  g_clear_pointer (&job->cards, g_ptr_array_unref);
  g_free (job);
}

static GHashTable *
new_by_key (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static GHashTable *
new_more_by_key (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                (GDestroyNotify) g_ptr_array_unref);
}

static GHashTable *
new_keys_of (void)
{
  return g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_strfreev);
}

/* Works on the tables given, so a worker can build them for a load. */
static void
index_contact (GHashTable   *by_key,
               GHashTable   *more_by_key,
               GHashTable   *keys_of,
               DipccContact *contact)
{
  GPtrArray *numbers = dipcc_contact_get_numbers (contact);
  GPtrArray *keys = g_ptr_array_new ();
  /* a card with thousands of numbers must not cost their square */
  g_autoptr(GHashTable) seen_set =
    numbers->len > 16 ? g_hash_table_new (g_str_hash, g_str_equal) : NULL;

  for (guint i = 0; i < numbers->len; i++)
    {
      const char *key = dipcc_contact_number_get_key (numbers->pdata[i]);
      gboolean seen = FALSE;

      if (key == NULL)
        continue;
      if (seen_set != NULL)
        seen = !g_hash_table_add (seen_set, (gpointer) key);
      else
        {
          for (guint k = 0; k < keys->len && !seen; k++)
            seen = strcmp (keys->pdata[k], key) == 0;
        }
      if (seen)
        continue;
      g_ptr_array_add (keys, g_strdup (key));

      if (!g_hash_table_contains (by_key, key))
        g_hash_table_insert (by_key, g_strdup (key), contact);
      else
        {
          GPtrArray *more = g_hash_table_lookup (more_by_key, key);

          if (more == NULL)
            {
              more = g_ptr_array_new ();
              g_hash_table_insert (more_by_key, g_strdup (key), more);
            }
          g_ptr_array_add (more, contact);
        }
    }

  if (keys->len == 0)
    {
      g_ptr_array_unref (keys);
      return;
    }
  g_ptr_array_add (keys, NULL);
  g_hash_table_insert (keys_of, contact, g_ptr_array_free (keys, FALSE));
}

static void
unindex_contact (DipccContactStore *self,
                 DipccContact      *contact)
{
  GStrv keys = g_hash_table_lookup (self->keys_of, contact);

  if (keys == NULL)
    return;

  for (guint i = 0; keys[i] != NULL; i++)
    {
      GPtrArray *more = g_hash_table_lookup (self->more_by_key, keys[i]);

      if (g_hash_table_lookup (self->by_key, keys[i]) == contact)
        {
          /* the next contact with this number takes its place */
          if (more != NULL && more->len > 0)
            {
              g_hash_table_insert (self->by_key, g_strdup (keys[i]), more->pdata[0]);
              g_ptr_array_remove_index (more, 0);
            }
          else
            g_hash_table_remove (self->by_key, keys[i]);
        }
      else if (more != NULL)
        g_ptr_array_remove (more, contact);

      if (more != NULL && more->len == 0)
        g_hash_table_remove (self->more_by_key, keys[i]);
    }
  g_hash_table_remove (self->keys_of, contact);
}

static int
compare_contacts (gconstpointer a,
                  gconstpointer b)
{
  DipccContact *ca = *(DipccContact **) a;
  DipccContact *cb = *(DipccContact **) b;

  return strcmp (dipcc_contact_get_sort_key (ca), dipcc_contact_get_sort_key (cb));
}

/* The position after every item that sorts before or with @contact, so
 * items with equal names keep the order they came in. */
static guint
find_insert_position (GPtrArray    *items,
                      DipccContact *contact)
{
  const char *key = dipcc_contact_get_sort_key (contact);
  guint lo = 0;
  guint hi = items->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (strcmp (dipcc_contact_get_sort_key (items->pdata[mid]), key) <= 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* ---- the search text ------------------------------------------------------ */

static SearchSlot
search_append (GString      *text,
               DipccContact *contact)
{
  SearchSlot slot;
  gsize digits_at;

  slot.text = (guint32) text->len;
  dipcc_contact_append_search_text (contact, text, &digits_at);
  slot.digits = (guint32) digits_at;
  return slot;
}

/* The bytes of a slot: its text, its digits and their NULs. */
static gsize
search_slot_size (GString          *text,
                  const SearchSlot *slot)
{
  return slot->digits + strlen (text->str + slot->digits) + 1 - slot->text;
}

static void
search_build (GPtrArray  *contacts,
              GString   **text,
              GArray    **slots)
{
  *text = g_string_sized_new (contacts->len * 64 + 1);
  *slots = g_array_sized_new (FALSE, FALSE, sizeof (SearchSlot), contacts->len);
  for (guint i = 0; i < contacts->len; i++)
    {
      SearchSlot slot = search_append (*text, contacts->pdata[i]);

      g_array_append_val (*slots, slot);
    }
}

/* Copies one slot's bytes from @from_text to @to. */
static SearchSlot
search_copy (GString          *to,
             GString          *from_text,
             const SearchSlot *slot)
{
  SearchSlot copy;
  gsize size = search_slot_size (from_text, slot);

  copy.text = (guint32) to->len;
  copy.digits = copy.text + (slot->digits - slot->text);
  g_string_append_len (to, from_text->str + slot->text, size);
  return copy;
}

/* Once half the block is text of contacts that changed or left, the rest
 * is copied into a new one. */
static void
search_compact (DipccContactStore *self)
{
  GString *text;

  if (self->search_garbage < 64 * 1024 || self->search_garbage < self->search_text->len / 2)
    return;
  text = g_string_sized_new (self->search_text->len - self->search_garbage + 1);
  for (guint i = 0; i < self->search_slots->len; i++)
    {
      SearchSlot *slot = &g_array_index (self->search_slots, SearchSlot, i);

      *slot = search_copy (text, self->search_text, slot);
    }
  g_string_free (self->search_text, TRUE);
  self->search_text = text;
  self->search_garbage = 0;
}

static void
search_insert (DipccContactStore *self,
               guint              position,
               DipccContact      *contact)
{
  SearchSlot slot = search_append (self->search_text, contact);

  g_array_insert_val (self->search_slots, position, slot);
}

static void
search_remove (DipccContactStore *self,
               guint              position)
{
  SearchSlot *slot = &g_array_index (self->search_slots, SearchSlot, position);

  self->search_garbage += search_slot_size (self->search_text, slot);
  g_array_remove_index (self->search_slots, position);
  search_compact (self);
}

static void on_contact_changed (DipccContact      *contact,
                                DipccContactStore *self);

static void
on_owned_contact_changed (DipccContact *contact,
                          gpointer      owner)
{
  dipcc_contact_store_update (owner, contact);
}

/* The contact's owner slot, or (when another store holds it) ::changed. */
static void
watch_contact (DipccContactStore *self,
               DipccContact      *contact)
{
  if (!dipcc_contact_set_owner (contact, on_owned_contact_changed, self))
    g_signal_connect (contact, "changed", G_CALLBACK (on_contact_changed), self);
}

static void
unwatch_contact (DipccContactStore *self,
                 DipccContact      *contact)
{
  if (dipcc_contact_get_owner (contact) == self)
    dipcc_contact_unset_owner (contact, self);
  else
    g_signal_handlers_disconnect_by_func (contact, on_contact_changed, self);
}

static void
on_contact_changed (DipccContact      *contact,
                    DipccContactStore *self)
{
  dipcc_contact_store_update (self, contact);
}

static char *
file_display_name (GFile *file)
{
  g_autofree char *base = g_file_get_basename (file);

  return g_filename_display_name (base != NULL ? base : "?");
}

static GType
dipcc_contact_store_get_item_type (GListModel *model)
{
  return DIPCC_TYPE_CONTACT;
}

static guint
dipcc_contact_store_get_n_items (GListModel *model)
{
  return DIPCC_CONTACT_STORE (model)->items->len;
}

static gpointer
dipcc_contact_store_get_item (GListModel *model,
                              guint       position)
{
  DipccContactStore *self = DIPCC_CONTACT_STORE (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (self->items->pdata[position]);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = dipcc_contact_store_get_item_type;
  iface->get_n_items = dipcc_contact_store_get_n_items;
  iface->get_item = dipcc_contact_store_get_item;
}

static void
dipcc_contact_store_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  DipccContactStore *self = DIPCC_CONTACT_STORE (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dipcc_contact_store_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  DipccContactStore *self = DIPCC_CONTACT_STORE (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_set_object (&self->file, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dipcc_contact_store_constructed (GObject *object)
{
  DipccContactStore *self = DIPCC_CONTACT_STORE (object);

  G_OBJECT_CLASS (dipcc_contact_store_parent_class)->constructed (object);

  if (self->file == NULL)
    self->file = dipcc_contact_store_get_default_file ();
}

static void
dipcc_contact_store_dispose (GObject *object)
{
  DipccContactStore *self = DIPCC_CONTACT_STORE (object);

  if (self->items != NULL)
    {
      for (guint i = 0; i < self->items->len; i++)
        unwatch_contact (self, self->items->pdata[i]);
      g_ptr_array_set_size (self->items, 0);
    }
  g_hash_table_remove_all (self->by_key);
  g_hash_table_remove_all (self->more_by_key);
  g_hash_table_remove_all (self->keys_of);
  g_string_truncate (self->search_text, 0);
  g_array_set_size (self->search_slots, 0);
  self->search_garbage = 0;

  G_OBJECT_CLASS (dipcc_contact_store_parent_class)->dispose (object);
}

static void
dipcc_contact_store_finalize (GObject *object)
{
  DipccContactStore *self = DIPCC_CONTACT_STORE (object);

  g_clear_object (&self->file);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->by_key, g_hash_table_unref);
  g_clear_pointer (&self->more_by_key, g_hash_table_unref);
  g_clear_pointer (&self->keys_of, g_hash_table_unref);
  g_string_free (self->search_text, TRUE);
  g_clear_pointer (&self->search_slots, g_array_unref);
  g_clear_pointer (&self->write_state, write_state_unref);

  G_OBJECT_CLASS (dipcc_contact_store_parent_class)->finalize (object);
}

static void
dipcc_contact_store_class_init (DipccContactStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = dipcc_contact_store_get_property;
  object_class->set_property = dipcc_contact_store_set_property;
  object_class->constructed = dipcc_contact_store_constructed;
  object_class->dispose = dipcc_contact_store_dispose;
  object_class->finalize = dipcc_contact_store_finalize;

  /**
   * DipccContactStore:file:
   *
   * The vCard file the contacts are loaded from and saved to; the default
   * is dipcc_contact_store_get_default_file().
   */
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

}

static void
dipcc_contact_store_init (DipccContactStore *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->search_text = g_string_new (NULL);
  self->search_slots = g_array_new (FALSE, FALSE, sizeof (SearchSlot));
  self->by_key = new_by_key ();
  self->more_by_key = new_more_by_key ();
  self->keys_of = new_keys_of ();
  self->write_state = write_state_new ();
}

/**
 * dipcc_contact_store_get_default_file:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/dipcc-companion/contacts.vcf`
 */
GFile *
dipcc_contact_store_get_default_file (void)
{
  return g_file_new_build_filename (g_get_user_data_dir (), "dipcc-companion",
                                    "contacts.vcf", NULL);
}

/**
 * dipcc_contact_store_new:
 * @file: (nullable): the vCard file to use; %NULL for the default
 *
 * Creates an empty store; call dipcc_contact_store_load_async() to read
 * the file. Changes are kept in memory until
 * dipcc_contact_store_save_async().
 *
 * Returns: (transfer full): the store
 */
DipccContactStore *
dipcc_contact_store_new (GFile *file)
{
  g_return_val_if_fail (file == NULL || G_IS_FILE (file), NULL);

  return g_object_new (DIPCC_TYPE_CONTACT_STORE, "file", file, NULL);
}

/**
 * dipcc_contact_store_get_file:
 *
 * Returns: (transfer none): the store's vCard file
 */
GFile *
dipcc_contact_store_get_file (DipccContactStore *self)
{
  g_return_val_if_fail (DIPCC_IS_CONTACT_STORE (self), NULL);

  return self->file;
}

/* Reads a contacts file in a worker: vCard, or CSV for an import. */
static char *
read_file (GFile         *file,
           gboolean       missing_is_empty,
           gsize         *len,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *name = file_display_name (file);
  char *contents = NULL;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            cancellable, &local_error);
  if (info == NULL)
    {
      if (missing_is_empty && g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        {
          *len = 0;
          return g_strdup ("");
        }
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_FAILED,
                   /* Translators: %s is a file name, then the system's reason */
                   _("Could not read “%s”: %s"), name, local_error->message);
      return NULL;
    }

  if (g_file_info_get_size (info) > DIPCC_VCARD_MAX_SIZE)
    {
      g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_TOO_LARGE,
                   _("“%s” is larger than 64 MiB, too large for a contacts file."), name);
      return NULL;
    }

  if (!g_file_load_contents (file, cancellable, &contents, len, NULL, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_FAILED,
                     _("Could not read “%s”: %s"), name, local_error->message);
      return NULL;
    }
  return contents;
}

/* Sort keys, search data and cards are computed here, off the main thread. */
static void
prepare_contacts (GPtrArray *contacts)
{
  for (guint i = 0; i < contacts->len; i++)
    {
      dipcc_contact_get_sort_key (contacts->pdata[i]);
      ensure_card (contacts->pdata[i]);
    }
  g_ptr_array_sort (contacts, compare_contacts);
}

typedef struct {
  GFile             *file;
  WriteState        *state;
  /* Borrowed: the caller's task holds the store while the job runs */
  DipccContactStore *store;
} LoadJob;

static void
load_job_free (LoadJob *job)
{
  g_clear_object (&job->file);
  g_clear_pointer (&job->state, write_state_unref);
  g_free (job);
}

/* A save killed between creating its temporary file and the rename leaves
 * that file behind; the next load removes it. Saves of this store hold
 * the lock, so none of their files is removed while in use. */
static void
remove_stale_temporary_files (LoadJob *job)
{
  g_autofree char *path = g_file_get_path (job->file);
  g_autofree char *dir_path = NULL;
  g_autofree char *prefix = NULL;
  GDir *dir;
  const char *name;

  if (path == NULL)
    return;
  dir_path = g_path_get_dirname (path);
  dir = g_dir_open (dir_path, 0, NULL);
  if (dir == NULL)
    return;

  {
    g_autofree char *base = g_path_get_basename (path);

    prefix = g_strconcat (base, ".tmp-", NULL);
  }
  g_mutex_lock (&job->state->lock);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (g_str_has_prefix (name, prefix) && strlen (name) == strlen (prefix) + 6)
        {
          g_autofree char *stale = g_build_filename (dir_path, name, NULL);

          if (g_unlink (stale) != 0)
            g_debug ("Could not remove %s: %s", stale, g_strerror (errno));
        }
    }
  g_mutex_unlock (&job->state->lock);
  g_dir_close (dir);
}

static void
load_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadJob *job = task_data;
  GFile *file = job->file;
  g_autofree char *contents = NULL;
  g_autofree char *name = file_display_name (file);
  GError *error = NULL;
  ReadResult *result;
  gsize len = 0;

  remove_stale_temporary_files (job);
  contents = read_file (file, TRUE, &len, cancellable, &error);
  if (contents == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  result = g_new0 (ReadResult, 1);
  result->contacts = dipcc_vcard_parse (contents, len, &result->n_skipped, &error);
  if (result->contacts == NULL)
    {
      read_result_free (result);
      g_prefix_error (&error,
                      /* Translators: %s is a file name; a reason follows */
                      _("The contacts in “%s” could not be read, and the file was left as "
                        "it is. "), name);
      g_task_return_error (task, error);
      return;
    }

  prepare_contacts (result->contacts);
  search_build (result->contacts, &result->search_text, &result->search_slots);
  result->by_key = new_by_key ();
  result->more_by_key = new_more_by_key ();
  result->keys_of = new_keys_of ();
  for (guint i = 0; i < result->contacts->len; i++)
    {
      index_contact (result->by_key, result->more_by_key, result->keys_of,
                     result->contacts->pdata[i]);
      /* Connecting is thread-safe and these contacts are not shared yet;
       * done here, 100k connections do not stall the main loop. Their
       * changes are only ever emitted on the main thread. */
      watch_contact (job->store, result->contacts->pdata[i]);
    }

  g_task_return_pointer (task, result, (GDestroyNotify) read_result_free);
}

static void
load_worker_done (GObject      *source_object,
                  GAsyncResult *res,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DipccContactStore *self = g_task_get_source_object (task);
  GError *error = NULL;
  ReadResult *result;
  guint old_len;

  result = g_task_propagate_pointer (G_TASK (res), &error);
  if (result == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        self->unreadable = TRUE;
      g_task_return_error (task, error);
      return;
    }

  old_len = self->items->len;
  for (guint i = 0; i < old_len; i++)
    unwatch_contact (self, self->items->pdata[i]);

  g_ptr_array_unref (self->items);
  self->items = g_steal_pointer (&result->contacts);
  g_ptr_array_set_free_func (self->items, g_object_unref);
  g_hash_table_unref (self->by_key);
  self->by_key = g_steal_pointer (&result->by_key);
  g_hash_table_unref (self->more_by_key);
  self->more_by_key = g_steal_pointer (&result->more_by_key);
  g_hash_table_unref (self->keys_of);
  self->keys_of = g_steal_pointer (&result->keys_of);
  g_string_free (self->search_text, TRUE);
  self->search_text = g_steal_pointer (&result->search_text);
  g_array_unref (self->search_slots);
  self->search_slots = g_steal_pointer (&result->search_slots);
  self->search_garbage = 0;

  self->loaded = TRUE;
  self->unreadable = FALSE;
  g_task_set_task_data (task, GUINT_TO_POINTER (result->n_skipped), NULL);
  read_result_free (result);

  if (old_len > 0 || self->items->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, self->items->len);
  g_task_return_boolean (task, TRUE);
}

/**
 * dipcc_contact_store_load_async:
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: passed to @callback
 *
 * Reads the file in a worker thread and replaces the store's contents with
 * it, in one `items-changed`. A missing file is an empty address book. A
 * file that cannot be read or parsed is an error: the store keeps what it
 * had, and saving is refused until a load succeeds, so the file is never
 * overwritten with less than it holds.
 */
void
dipcc_contact_store_load_async (DipccContactStore   *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) worker = NULL;
  LoadJob *job;
  GTask *task;

  g_return_if_fail (DIPCC_IS_CONTACT_STORE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dipcc_contact_store_load_async);

  /* the worker holds no ref on the store: a thread winding down must not
   * keep it alive after the caller's callback */
  worker = g_task_new (NULL, cancellable, load_worker_done, task);
  g_task_set_source_tag (worker, load_worker);
  job = g_new0 (LoadJob, 1);
  job->file = g_object_ref (self->file);
  job->state = write_state_ref (self->write_state);
  job->store = self;
  g_task_set_task_data (worker, job, (GDestroyNotify) load_job_free);
  g_task_run_in_thread (worker, load_worker);
}

/**
 * dipcc_contact_store_load_finish:
 * @n_skipped: (out) (optional): how many empty cards were left out
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the store now holds the file's contacts
 */
gboolean
dipcc_contact_store_load_finish (DipccContactStore  *self,
                                 GAsyncResult       *result,
                                 guint              *n_skipped,
                                 GError            **error)
{
  g_return_val_if_fail (DIPCC_IS_CONTACT_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        dipcc_contact_store_load_async, FALSE);

  if (n_skipped != NULL)
    *n_skipped = GPOINTER_TO_UINT (g_task_get_task_data (G_TASK (result)));
  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
write_all (int          fd,
           const char  *data,
           gsize        len)
{
  while (len > 0)
    {
      gssize n = write (fd, data, MIN (len, (gsize) G_MAXSSIZE));

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          return FALSE;
        }
      data += n;
      len -= n;
    }
  return TRUE;
}

static void
set_write_error (GError     **error,
                 const char  *name,
                 int          saved_errno)
{
  g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_FAILED,
               /* Translators: %s is a file name, then the system's reason */
               _("Could not save “%s”: %s. Any previous version of the file was kept."),
               name, g_strerror (saved_errno));
}

/* Replaces @file with @contents so that a crash at any point leaves the
 * old file or the new one: temporary file in the same directory, fsync,
 * rename, fsync of the directory. */
static gboolean
replace_file_atomically (GFile         *file,
                         const char    *contents,
                         gsize          len,
                         int            mode,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *name = file_display_name (file);
  g_autofree char *dir = NULL;
  g_autofree char *tmp_path = NULL;
  int fd = -1;
  int dir_fd;
  int saved_errno;

  if (path == NULL)
    {
      g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_FAILED,
                   _("Could not save “%s”: only files on this computer can be written."),
                   name);
      return FALSE;
    }

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      set_write_error (error, name, errno);
      return FALSE;
    }

  tmp_path = g_strconcat (path, ".tmp-XXXXXX", NULL);
  fd = g_mkstemp_full (tmp_path, O_RDWR | O_CLOEXEC, mode);
  if (fd < 0)
    {
      set_write_error (error, name, errno);
      return FALSE;
    }

  if (!write_all (fd, contents, len) || fsync (fd) != 0)
    goto failed;
  if (!g_close (g_steal_fd (&fd), NULL))
    goto failed;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      g_unlink (tmp_path);
      return FALSE;
    }

  if (g_rename (tmp_path, path) != 0)
    goto failed;

  /* the rename itself is durable only once the directory is synced */
  dir_fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0)
    {
      if (fsync (dir_fd) != 0)
        g_debug ("fsync of %s failed: %s", dir, g_strerror (errno));
      g_close (dir_fd, NULL);
    }
  return TRUE;

failed:
  saved_errno = errno;
  if (fd >= 0)
    g_close (fd, NULL);
  g_unlink (tmp_path);
  set_write_error (error, name, saved_errno);
  return FALSE;
}

static void
write_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WriteJob *job = task_data;
  WriteState *state = job->state;
  GError *error = NULL;
  gboolean ok = TRUE;

  g_mutex_lock (&state->lock);
  if (job->is_store_file && job->serial < state->written_serial)
    {
      /* a later snapshot is already on disk */
      g_mutex_unlock (&state->lock);
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (job->is_store_file && !job->may_replace)
    {
      g_autofree char *path = g_file_get_path (job->file);

      if (path != NULL && g_file_test (path, G_FILE_TEST_EXISTS))
        {
          g_autofree char *name = file_display_name (job->file);

          g_set_error (&error, DIPCC_ERROR, DIPCC_ERROR_FAILED,
                       _("The contacts in “%s” were not loaded, so saving would replace "
                         "them. Load the contacts first."), name);
          ok = FALSE;
        }
    }

  if (ok)
    {
      g_autofree char *contents = g_malloc (MAX (job->len, 1));
      gsize offset = 0;

      for (guint i = 0; i < job->cards->len; i++)
        {
          gsize card_len;
          const char *card = g_bytes_get_data (job->cards->pdata[i], &card_len);

          memcpy (contents + offset, card, card_len);
          offset += card_len;
        }
      ok = replace_file_atomically (job->file, contents, job->len,
                                    job->is_store_file ? 0600 : 0666, cancellable, &error);
    }
  if (ok && job->is_store_file)
    state->written_serial = job->serial;
  g_mutex_unlock (&state->lock);

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
write_worker_done (GObject      *source_object,
                   GAsyncResult *res,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (g_task_propagate_boolean (G_TASK (res), &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
start_write (DipccContactStore   *self,
             GFile               *file,
             gboolean             is_store_file,
             gpointer             source_tag,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GTask) worker = NULL;
  g_autofree char *name = file_display_name (file);
  WriteJob *job;

  g_task_set_source_tag (task, source_tag);

  if (is_store_file && self->unreadable)
    {
      g_task_return_new_error (task, DIPCC_ERROR, DIPCC_ERROR_FAILED,
                               _("“%s” could not be read, so it was not overwritten. Fix or "
                                 "move the file, then load the contacts again."), name);
      return;
    }

  /* The snapshot is taken here, on the main thread that owns the contacts:
   * references to their cards, written when they were loaded or changed. */
  job = g_new0 (WriteJob, 1);
  job->state = write_state_ref (self->write_state);
  job->file = g_object_ref (file);
  job->cards = g_ptr_array_new_full (self->items->len, (GDestroyNotify) g_bytes_unref);
  for (guint i = 0; i < self->items->len; i++)
    {
      GBytes *card = ensure_card (self->items->pdata[i]);

      g_ptr_array_add (job->cards, g_bytes_ref (card));
      job->len += g_bytes_get_size (card);
    }
  job->is_store_file = is_store_file;
  job->may_replace = self->loaded;
  job->serial = ++self->save_serial;

  /* never write what could not be read back */
  if (job->len > DIPCC_VCARD_MAX_SIZE)
    {
      write_job_free (job);
      g_task_return_new_error (task, DIPCC_ERROR, DIPCC_ERROR_TOO_LARGE,
                               _("The contacts are larger than 64 MiB and were not saved to "
                                 "“%s”. Shorten long notes or remove contacts."), name);
      return;
    }

  worker = g_task_new (NULL, cancellable, write_worker_done, g_steal_pointer (&task));
  g_task_set_source_tag (worker, write_worker);
  g_task_set_task_data (worker, job, (GDestroyNotify) write_job_free);
  g_task_run_in_thread (worker, write_worker);
}

/**
 * dipcc_contact_store_save_async:
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: passed to @callback
 *
 * Writes the contacts as they are now to the store's file, atomically:
 * after a crash at any moment the file holds either the previous contents
 * or the new ones. Refused when the last load failed, and when the file
 * exists but was never loaded.
 */
void
dipcc_contact_store_save_async (DipccContactStore   *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (DIPCC_IS_CONTACT_STORE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  start_write (self, self->file, TRUE, dipcc_contact_store_save_async,
               cancellable, callback, user_data);
}

gboolean
dipcc_contact_store_save_finish (DipccContactStore  *self,
                                 GAsyncResult       *result,
                                 GError            **error)
{
  g_return_val_if_fail (DIPCC_IS_CONTACT_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        dipcc_contact_store_save_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * dipcc_contact_store_export_async:
 * @file: where to write the vCard file
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: passed to @callback
 *
 * Writes all contacts to @file as vCard 3.0, atomically like a save.
 */
void
dipcc_contact_store_export_async (DipccContactStore   *self,
                                  GFile               *file,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (DIPCC_IS_CONTACT_STORE (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  start_write (self, file, g_file_equal (file, self->file), dipcc_contact_store_export_async,
               cancellable, callback, user_data);
}

gboolean
dipcc_contact_store_export_finish (DipccContactStore  *self,
                                   GAsyncResult       *result,
                                   GError            **error)
{
  g_return_val_if_fail (DIPCC_IS_CONTACT_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        dipcc_contact_store_export_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
import_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GFile *file = task_data;
  g_autofree char *contents = NULL;
  g_autofree char *name = file_display_name (file);
  GError *error = NULL;
  ReadResult *result;
  gsize len = 0;

  contents = read_file (file, FALSE, &len, cancellable, &error);
  if (contents == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  result = g_new0 (ReadResult, 1);
  if (dipcc_vcard_looks_like (contents, len))
    result->contacts = dipcc_vcard_parse (contents, len, &result->n_skipped, &error);
  else
    result->contacts = dipcc_csv_import (contents, len, &result->n_skipped, &error);
  if (result->contacts == NULL)
    {
      read_result_free (result);
      g_prefix_error (&error,
                      /* Translators: %s is a file name; a reason follows */
                      _("Could not import “%s”. "), name);
      g_task_return_error (task, error);
      return;
    }

  prepare_contacts (result->contacts);
  search_build (result->contacts, &result->search_text, &result->search_slots);
  g_task_return_pointer (task, result, (GDestroyNotify) read_result_free);
}

static void
import_worker_done (GObject      *source_object,
                    GAsyncResult *res,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DipccContactStore *self = g_task_get_source_object (task);
  g_autoptr(GHashTable) uids = NULL;
  GError *error = NULL;
  ReadResult *result;
  GPtrArray *merged;
  GPtrArray *added;
  GString *search_text;
  GArray *search_slots;
  guint old_len;
  guint first_new = G_MAXUINT;
  guint i = 0, j = 0;

  result = g_task_propagate_pointer (G_TASK (res), &error);
  if (result == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  added = result->contacts;

  /* An imported card with a uid the store has is kept as a new contact:
   * importing never replaces or drops anything. */
  uids = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint k = 0; k < self->items->len; k++)
    g_hash_table_add (uids, (gpointer) dipcc_contact_get_uid (self->items->pdata[k]));
  for (guint k = 0; k < added->len; k++)
    {
      DipccContact *contact = added->pdata[k];

      if (g_hash_table_contains (uids, dipcc_contact_get_uid (contact)))
        {
          added->pdata[k] = dipcc_contact_copy (contact, NULL);
          g_object_unref (contact);
        }
      g_hash_table_add (uids, (gpointer) dipcc_contact_get_uid (added->pdata[k]));
    }

  /* one merge of two sorted lists; old items first among equals */
  old_len = self->items->len;
  merged = g_ptr_array_new_full (old_len + added->len, g_object_unref);
  search_text = g_string_sized_new (self->search_text->len - self->search_garbage +
                                    result->search_text->len + 1);
  search_slots = g_array_sized_new (FALSE, FALSE, sizeof (SearchSlot), old_len + added->len);
  while (i < old_len || j < added->len)
    {
      gboolean take_old = j >= added->len ||
        (i < old_len && compare_contacts (&self->items->pdata[i], &added->pdata[j]) <= 0);
      SearchSlot slot;

      if (take_old)
        {
          slot = search_copy (search_text, self->search_text,
                              &g_array_index (self->search_slots, SearchSlot, i));
          g_ptr_array_add (merged, g_object_ref (self->items->pdata[i++]));
        }
      else
        {
          DipccContact *contact = added->pdata[j];

          slot = search_copy (search_text, result->search_text,
                              &g_array_index (result->search_slots, SearchSlot, j));
          j++;
          if (first_new == G_MAXUINT)
            first_new = merged->len;
          g_ptr_array_add (merged, g_object_ref (contact));
          index_contact (self->by_key, self->more_by_key, self->keys_of, contact);
          watch_contact (self, contact);
        }
      g_array_append_val (search_slots, slot);
    }
  g_ptr_array_unref (self->items);
  self->items = merged;
  g_string_free (self->search_text, TRUE);
  self->search_text = search_text;
  g_array_unref (self->search_slots);
  self->search_slots = search_slots;
  self->search_garbage = 0;

  g_task_set_task_data (task, GUINT_TO_POINTER (result->n_skipped), NULL);
  g_object_set_data (G_OBJECT (task), "n-added", GUINT_TO_POINTER (added->len));
  if (first_new != G_MAXUINT)
    g_list_model_items_changed (G_LIST_MODEL (self), first_new,
                                old_len - first_new, self->items->len - first_new);
  read_result_free (result);
  g_task_return_boolean (task, TRUE);
}

/**
 * dipcc_contact_store_import_async:
 * @file: a vCard or CSV file (told apart by content)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: passed to @callback
 *
 * Reads and parses @file in a worker thread, then adds all its contacts in
 * one `items-changed`, or none when the file is refused (see
 * dipcc_vcard_parse() and dipcc_csv_import()). Contacts whose uid the
 * store already has are added as new contacts. The store is not saved.
 */
void
dipcc_contact_store_import_async (DipccContactStore   *self,
                                  GFile               *file,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) worker = NULL;
  GTask *task;

  g_return_if_fail (DIPCC_IS_CONTACT_STORE (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dipcc_contact_store_import_async);

  worker = g_task_new (NULL, cancellable, import_worker_done, task);
  g_task_set_source_tag (worker, import_worker);
  g_task_set_task_data (worker, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (worker, import_worker);
}

/**
 * dipcc_contact_store_import_finish:
 * @n_added: (out) (optional): how many contacts were added
 * @n_skipped: (out) (optional): how many empty records were left out
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the file was imported
 */
gboolean
dipcc_contact_store_import_finish (DipccContactStore  *self,
                                   GAsyncResult       *result,
                                   guint              *n_added,
                                   guint              *n_skipped,
                                   GError            **error)
{
  g_return_val_if_fail (DIPCC_IS_CONTACT_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        dipcc_contact_store_import_async, FALSE);

  if (n_added != NULL)
    *n_added = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (result), "n-added"));
  if (n_skipped != NULL)
    *n_skipped = GPOINTER_TO_UINT (g_task_get_task_data (G_TASK (result)));
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * dipcc_contact_store_add:
 * @contact: a contact not yet in the store
 *
 * Adds @contact at its sorted place. The store follows the contact's
 * changes from now on (see dipcc_contact_store_update()).
 */
void
dipcc_contact_store_add (DipccContactStore *self,
                         DipccContact      *contact)
{
  guint position;

  g_return_if_fail (DIPCC_IS_CONTACT_STORE (self));
  g_return_if_fail (DIPCC_IS_CONTACT (contact));
  g_return_if_fail (!g_ptr_array_find (self->items, contact, NULL));

  position = find_insert_position (self->items, contact);
  g_ptr_array_insert (self->items, position, g_object_ref (contact));
  search_insert (self, position, contact);
  index_contact (self->by_key, self->more_by_key, self->keys_of, contact);
  watch_contact (self, contact);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
}

/**
 * dipcc_contact_store_remove:
 * @contact: a contact
 *
 * Returns: %TRUE when @contact was in the store and is now removed
 */
gboolean
dipcc_contact_store_remove (DipccContactStore *self,
                            DipccContact      *contact)
{
  guint position;

  g_return_val_if_fail (DIPCC_IS_CONTACT_STORE (self), FALSE);
  g_return_val_if_fail (DIPCC_IS_CONTACT (contact), FALSE);

  if (!g_ptr_array_find (self->items, contact, &position))
    return FALSE;

  unwatch_contact (self, contact);
  unindex_contact (self, contact);
  search_remove (self, position);
  g_ptr_array_remove_index (self->items, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  return TRUE;
}

/**
 * dipcc_contact_store_update:
 * @contact: a contact in the store
 *
 * Moves @contact to its sorted place and re-indexes its numbers after a
 * change. The store does this by itself on the contact's `changed`
 * signal; calling it again does no harm. Emits `items-changed` for the
 * row (one signal when it stays, a removal and an insertion when it
 * moves).
 */
void
dipcc_contact_store_update (DipccContactStore *self,
                            DipccContact      *contact)
{
  guint old_position;
  guint new_position;

  g_return_if_fail (DIPCC_IS_CONTACT_STORE (self));
  g_return_if_fail (DIPCC_IS_CONTACT (contact));

  if (!g_ptr_array_find (self->items, contact, &old_position))
    return;

  unindex_contact (self, contact);
  index_contact (self->by_key, self->more_by_key, self->keys_of, contact);

  /* take it out, find its place among the others, put it back */
  g_ptr_array_steal_index (self->items, old_position);
  search_remove (self, old_position);
  new_position = find_insert_position (self->items, contact);
  g_ptr_array_insert (self->items, new_position, contact);
  search_insert (self, new_position, contact);

  /* one change over the span it moved across: two signals (out, then in)
   * would each describe a list that is not the one a listener can read */
  {
    guint first = MIN (old_position, new_position);
    guint span = MAX (old_position, new_position) - first + 1;

    g_list_model_items_changed (G_LIST_MODEL (self), first, span, span);
  }
}

/**
 * dipcc_contact_store_lookup_number:
 * @number: a number in any spelling (`+82 10-1234-5678`, `01012345678`)
 *
 * Finds the contact with this number in constant time, through
 * dipcc_phone_number_match_key(). When several contacts have the number,
 * the one that has had it longest is returned.
 *
 * Returns: (transfer none) (nullable): the contact, or %NULL
 */
DipccContact *
dipcc_contact_store_lookup_number (DipccContactStore *self,
                                   const char        *number)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (DIPCC_IS_CONTACT_STORE (self), NULL);

  key = dipcc_phone_number_match_key (number);
  if (key == NULL)
    return NULL;
  return g_hash_table_lookup (self->by_key, key);
}

/**
 * dipcc_contact_store_search:
 * @query: a prepared query
 * @positions: (element-type guint): where the positions of the matching
 *   contacts are appended, in order
 *
 * Matches every contact with one pass over one block of text, without
 * touching the contacts themselves: what a filtered list of 100k contacts
 * needs for each keystroke (see #DipccContactFilter). The same contacts
 * match as with dipcc_contact_query_match().
 */
void
dipcc_contact_store_search (DipccContactStore       *self,
                            const DipccContactQuery *query,
                            GArray                  *positions)
{
  const char *text;

  g_return_if_fail (DIPCC_IS_CONTACT_STORE (self));
  g_return_if_fail (query != NULL);
  g_return_if_fail (positions != NULL);

  text = self->search_text->str;
  for (guint i = 0; i < self->search_slots->len; i++)
    {
      const SearchSlot *slot = &g_array_index (self->search_slots, SearchSlot, i);

      if (dipcc_contact_query_match_text (query, text + slot->text, text + slot->digits))
        g_array_append_val (positions, i);
    }
}
