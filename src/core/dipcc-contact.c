/* dipcc-contact.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dipcc-contact"

#include "config.h"

#include <string.h>

#include "dipcc-contact-private.h"
#include "dipcc-phone-number.h"
#include "dipcc-text.h"

/**
 * DipccContactNumber:
 *
 * One phone number of a contact: the number as written, its label and
 * whether it is the preferred one. Immutable and reference counted, so a
 * contact's numbers can be shared and compared cheaply.
 */
struct _DipccContactNumber
{
  gatomicrefcount  ref_count;
  char            *number;
  char            *label;
  char            *key;
  gboolean         preferred;
};

/**
 * DipccContact:
 *
 * An address book entry. Text is kept clean (see clean_text()); numbers
 * are a #GPtrArray of #DipccContactNumber (see dipcc_contact_get_numbers()).
 * Every change notifies its property and then emits #DipccContact::changed
 * once; setting a value equal to the current one does neither.
 */
struct _DipccContact
{
  GObject     parent_instance;

  /* Derived, computed when first needed after a change. The search text
   * is not kept here: a store keeps all of its contacts' in one block
   * (dipcc_contact_append_search_text()), which a search scans without
   * touching the contacts. */
  gboolean    derived_valid;
  char       *sort_key;

  char       *uid;
  char       *name;
  char       *organization;
  char       *email;
  char       *note;
  /* Owned: DipccContactNumber, never empty numbers */
  GPtrArray  *numbers;

  /* Owned: the store's card; borrowed: the store */
  GBytes     *card;
  DipccContactOwnerFunc owner_changed;
  gpointer    owner;
};

G_DEFINE_FINAL_TYPE (DipccContact, dipcc_contact, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (DipccContactNumber, dipcc_contact_number,
                     dipcc_contact_number_ref, dipcc_contact_number_unref)

enum {
  PROP_0,
  PROP_UID,
  PROP_NAME,
  PROP_ORGANIZATION,
  PROP_EMAIL,
  PROP_NOTE,
  PROP_NUMBERS,
  PROP_DISPLAY_NAME,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Text as the contact keeps it: valid UTF-8 in NFC (a name from a Mac
 * vCard may come decomposed, and would then neither match a typed query
 * nor sort with the others), line breaks as LF, no control characters.
 * Single-line fields have line breaks and tabs turned into spaces and are
 * trimmed. Empty text is NULL. Cleaning twice changes nothing, so what a
 * contact holds survives a vCard round trip exactly. */
/* A string built in a GString keeps the GString's room, up to twice its
 * length: give it back. 100k contacts hold several strings each. */
static char *
fit_string (GString *string)
{
  gsize len = string->len;

  return g_realloc (g_string_free (string, FALSE), len + 1);
}

static char *
clean_text (const char *text,
            gboolean    multiline)
{
  g_autofree char *valid = NULL;
  g_autofree char *nfc = NULL;
  GString *out;
  const char *p;

  if (text == NULL || *text == '\0')
    return NULL;

  valid = dipcc_utf8_make_valid (text, -1, NULL);
  out = g_string_sized_new (strlen (valid));
  for (p = valid; *p; p++)
    {
      guchar c = (guchar) *p;

      if (c == '\r' || c == '\n')
        {
          if (c == '\r' && p[1] == '\n')
            p++;
          g_string_append_c (out, multiline ? '\n' : ' ');
        }
      else if (c == '\t')
        g_string_append_c (out, multiline ? '\t' : ' ');
      else if (c < 0x20 || c == 0x7f)
        continue;
      else
        g_string_append_c (out, (char) c);
    }

  /* ASCII is in NFC already: most fields of a large file skip the work */
  for (p = out->str; *p && (guchar) *p < 0x80; p++)
    ;
  if (*p == '\0')
    nfc = fit_string (out);
  else
    {
      nfc = g_utf8_normalize (out->str, out->len, G_NORMALIZE_DEFAULT_COMPOSE);
      g_string_free (out, TRUE);
    }
  if (nfc == NULL)
    return NULL;
  if (!multiline)
    g_strstrip (nfc);
  if (*nfc == '\0')
    return NULL;
  return g_steal_pointer (&nfc);
}

static const char *
canonical_label (const char *label)
{
  static const char * const known[] = {
    DIPCC_CONTACT_LABEL_CELL, DIPCC_CONTACT_LABEL_WORK, DIPCC_CONTACT_LABEL_HOME,
    DIPCC_CONTACT_LABEL_MAIN, DIPCC_CONTACT_LABEL_FAX, DIPCC_CONTACT_LABEL_OTHER,
  };

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    {
      if (g_ascii_strcasecmp (label, known[i]) == 0)
        return known[i];
    }
  if (g_ascii_strcasecmp (label, "mobile") == 0)
    return DIPCC_CONTACT_LABEL_CELL;
  return NULL;
}

/**
 * dipcc_contact_number_new:
 * @number: the number as written: `010-1234-5678`
 * @label: (nullable): `cell`, `work`, `home`, `main`, `fax`, `other` (the
 *   default), or any custom label; the known ones are matched without case
 * @preferred: whether this is the contact's preferred number
 *
 * Creates an immutable phone number entry. The number is kept as written
 * (trimmed, on one line, without a `tel:` in front); it need not be
 * dialable.
 *
 * Returns: (transfer full) (nullable): the entry, or %NULL when @number is
 *   empty
 */
DipccContactNumber *
dipcc_contact_number_new (const char *number,
                          const char *label,
                          gboolean    preferred)
{
  DipccContactNumber *self;
  g_autofree char *clean_number = NULL;
  g_autofree char *clean_label = NULL;
  const char *known;

  g_return_val_if_fail (number != NULL, NULL);

  clean_number = clean_text (number, FALSE);
  /* a `tel:` URI (vCard 4.0, links) is its number; stripped as often as
   * it comes, so that cleaning twice changes nothing */
  while (clean_number != NULL && g_ascii_strncasecmp (clean_number, "tel:", 4) == 0)
    {
      char *rest = clean_text (clean_number + 4, FALSE);

      g_free (clean_number);
      clean_number = rest;
    }
  if (clean_number == NULL)
    return NULL;
  clean_label = clean_text (label, FALSE);
  if (clean_label == NULL)
    known = DIPCC_CONTACT_LABEL_OTHER;
  else
    known = canonical_label (clean_label);

  self = g_new0 (DipccContactNumber, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->key = dipcc_phone_number_match_key (clean_number);
  if (self->key != NULL)
    self->key = g_realloc (self->key, strlen (self->key) + 1);
  self->number = g_steal_pointer (&clean_number);
  /* the known labels are shared constants */
  self->label = known != NULL ? (char *) known : g_steal_pointer (&clean_label);
  self->preferred = !!preferred;
  return self;
}

DipccContactNumber *
dipcc_contact_number_ref (DipccContactNumber *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
dipcc_contact_number_unref (DipccContactNumber *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_free (self->number);
      if (canonical_label (self->label) != self->label)
        g_free (self->label);
      g_free (self->key);
      g_free (self);
    }
}

/**
 * dipcc_contact_number_get_number:
 *
 * Returns: the number as written, never empty
 */
const char *
dipcc_contact_number_get_number (const DipccContactNumber *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->number;
}

/**
 * dipcc_contact_number_get_label:
 *
 * Returns: one of the `DIPCC_CONTACT_LABEL_*` strings, or a custom label
 */
const char *
dipcc_contact_number_get_label (const DipccContactNumber *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->label;
}

gboolean
dipcc_contact_number_get_preferred (const DipccContactNumber *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->preferred;
}

/**
 * dipcc_contact_number_get_key:
 *
 * Returns: (nullable): the number's dipcc_phone_number_match_key(), or
 *   %NULL when it is not dialable
 */
const char *
dipcc_contact_number_get_key (const DipccContactNumber *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->key;
}

gboolean
dipcc_contact_number_equal (const DipccContactNumber *a,
                            const DipccContactNumber *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;
  return strcmp (a->number, b->number) == 0 &&
         strcmp (a->label, b->label) == 0 &&
         a->preferred == b->preferred;
}

static void
append_ascii_digits (GString    *out,
                     const char *text)
{
  for (; *text; text++)
    {
      if (g_ascii_isdigit (*text))
        g_string_append_c (out, *text);
    }
}

static char *
fold_for_search (const char *text)
{
  g_autofree char *folded = g_utf8_casefold (text, -1);

  return g_utf8_normalize (folded, -1, G_NORMALIZE_DEFAULT_COMPOSE);
}

static void
ensure_derived (DipccContact *self)
{
  g_autofree char *folded_display = NULL;

  if (self->derived_valid)
    return;

  folded_display = fold_for_search (dipcc_contact_get_display_name (self));
  g_free (self->sort_key);
  self->sort_key = g_utf8_collate_key (folded_display, -1);
  self->derived_valid = TRUE;
}

/**
 * dipcc_contact_append_search_text:
 * @out: where to append
 * @digits_at: (out): where in @out the digits start
 *
 * Appends what a search matches: the name and organization casefolded (a
 * line each, so a query cannot match across them), a NUL, then the digits
 * of each number and of its match key (a line each), and a NUL.
 */
void
dipcc_contact_append_search_text (DipccContact *self,
                                  GString      *out,
                                  gsize        *digits_at)
{
  g_return_if_fail (DIPCC_IS_CONTACT (self));

  if (self->name != NULL)
    {
      g_autofree char *folded = fold_for_search (self->name);
      g_string_append (out, folded);
    }
  g_string_append_c (out, '\n');
  if (self->organization != NULL)
    {
      g_autofree char *folded = fold_for_search (self->organization);
      g_string_append (out, folded);
    }

  /* the digits follow the text's NUL */
  g_string_append_c (out, '\0');
  *digits_at = out->len;
  for (guint i = 0; i < self->numbers->len; i++)
    {
      DipccContactNumber *number = self->numbers->pdata[i];
      gsize start = out->len;
      gsize raw_len;

      append_ascii_digits (out, number->number);
      raw_len = out->len - start;
      g_string_append_c (out, '\n');
      /* `+82 10-1234-5678` is also found by `010-1234` */
      if (number->key != NULL)
        {
          gsize key_start = out->len;

          append_ascii_digits (out, number->key);
          if (out->len - key_start == raw_len &&
              memcmp (out->str + start, out->str + key_start, raw_len) == 0)
            g_string_truncate (out, key_start);
          else
            g_string_append_c (out, '\n');
        }
    }
  g_string_append_c (out, '\0');
}

/* After any change: one `changed`, and display-name's notify when the
 * display name moved with it. */
static void
contact_changed (DipccContact *self,
                 const char   *old_display_name)
{
  self->derived_valid = FALSE;
  g_clear_pointer (&self->card, g_bytes_unref);
  if (g_strcmp0 (old_display_name, dipcc_contact_get_display_name (self)) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NAME]);
  if (self->owner_changed != NULL)
    self->owner_changed (self, self->owner);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
set_text_field (DipccContact *self,
                char        **field,
                const char   *value,
                gboolean      multiline,
                guint         prop_id)
{
  g_autofree char *clean = clean_text (value, multiline);
  g_autofree char *old_display_name = NULL;

  if (g_strcmp0 (*field, clean) == 0)
    return;

  old_display_name = g_strdup (dipcc_contact_get_display_name (self));
  g_free (*field);
  *field = g_steal_pointer (&clean);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
  contact_changed (self, old_display_name);
}

static void
dipcc_contact_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  DipccContact *self = DIPCC_CONTACT (object);

  switch (prop_id)
    {
    case PROP_UID:
      g_value_set_string (value, self->uid);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_ORGANIZATION:
      g_value_set_string (value, self->organization);
      break;
    case PROP_EMAIL:
      g_value_set_string (value, self->email);
      break;
    case PROP_NOTE:
      g_value_set_string (value, self->note);
      break;
    case PROP_NUMBERS:
      g_value_set_boxed (value, self->numbers);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, dipcc_contact_get_display_name (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dipcc_contact_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  DipccContact *self = DIPCC_CONTACT (object);

  switch (prop_id)
    {
    case PROP_UID:
      g_free (self->uid);
      self->uid = clean_text (g_value_get_string (value), FALSE);
      break;
    case PROP_NAME:
      dipcc_contact_set_name (self, g_value_get_string (value));
      break;
    case PROP_ORGANIZATION:
      dipcc_contact_set_organization (self, g_value_get_string (value));
      break;
    case PROP_EMAIL:
      dipcc_contact_set_email (self, g_value_get_string (value));
      break;
    case PROP_NOTE:
      dipcc_contact_set_note (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dipcc_contact_constructed (GObject *object)
{
  DipccContact *self = DIPCC_CONTACT (object);

  G_OBJECT_CLASS (dipcc_contact_parent_class)->constructed (object);

  if (self->uid == NULL)
    self->uid = g_uuid_string_random ();
}

static void
dipcc_contact_finalize (GObject *object)
{
  DipccContact *self = DIPCC_CONTACT (object);

  g_free (self->uid);
  g_free (self->name);
  g_free (self->organization);
  g_free (self->email);
  g_free (self->note);
  g_clear_pointer (&self->numbers, g_ptr_array_unref);
  g_free (self->sort_key);
  g_clear_pointer (&self->card, g_bytes_unref);

  G_OBJECT_CLASS (dipcc_contact_parent_class)->finalize (object);
}

static GParamSpec *
string_pspec (const char  *name,
              GParamFlags  flags)
{
  return g_param_spec_string (name, NULL, NULL, NULL,
                              flags | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static void
dipcc_contact_class_init (DipccContactClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = dipcc_contact_get_property;
  object_class->set_property = dipcc_contact_set_property;
  object_class->constructed = dipcc_contact_constructed;
  object_class->finalize = dipcc_contact_finalize;

  /**
   * DipccContact:uid:
   *
   * A stable identifier (the vCard `UID`); a random UUID when none is
   * given at construction.
   */
  properties[PROP_UID] = string_pspec ("uid", G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY);

  /**
   * DipccContact:name:
   *
   * The formatted name (vCard `FN`, or built from `N`).
   */
  properties[PROP_NAME] = string_pspec ("name", G_PARAM_READWRITE);
  properties[PROP_ORGANIZATION] = string_pspec ("organization", G_PARAM_READWRITE);
  properties[PROP_EMAIL] = string_pspec ("email", G_PARAM_READWRITE);
  properties[PROP_NOTE] = string_pspec ("note", G_PARAM_READWRITE);

  /**
   * DipccContact:numbers: (type GPtrArray(DipccContactNumber))
   *
   * The phone numbers; notified when they change. Read-only: change them
   * with dipcc_contact_set_numbers() or dipcc_contact_add_number().
   */
  properties[PROP_NUMBERS] =
    g_param_spec_boxed ("numbers", NULL, NULL, G_TYPE_PTR_ARRAY,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * DipccContact:display-name:
   *
   * What to show for the contact: the name, else the organization, the
   * first number or the email.
   */
  properties[PROP_DISPLAY_NAME] = string_pspec ("display-name", G_PARAM_READABLE);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DipccContact::changed:
   *
   * Emitted once after any change of the contact's data, after the
   * property notifications.
   */
  signals[CHANGED] = g_signal_new ("changed",
                                   G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
}

static void
dipcc_contact_init (DipccContact *self)
{
  self->numbers = g_ptr_array_new_with_free_func ((GDestroyNotify) dipcc_contact_number_unref);
}

/**
 * dipcc_contact_new:
 *
 * Returns: (transfer full): an empty contact with a new random uid
 */
DipccContact *
dipcc_contact_new (void)
{
  return g_object_new (DIPCC_TYPE_CONTACT, NULL);
}

/**
 * dipcc_contact_new_with_uid:
 * @uid: (nullable): the contact's stable identifier; %NULL for a new one
 *
 * Returns: (transfer full): an empty contact
 */
DipccContact *
dipcc_contact_new_with_uid (const char *uid)
{
  return g_object_new (DIPCC_TYPE_CONTACT, "uid", uid, NULL);
}

/**
 * dipcc_contact_copy:
 * @uid: (nullable): the copy's uid; %NULL for a new random one
 *
 * Returns: (transfer full): a contact with the same data as @self
 */
DipccContact *
dipcc_contact_copy (DipccContact *self,
                    const char   *uid)
{
  DipccContact *copy;

  g_return_val_if_fail (DIPCC_IS_CONTACT (self), NULL);

  copy = dipcc_contact_new_with_uid (uid);
  copy->name = g_strdup (self->name);
  copy->organization = g_strdup (self->organization);
  copy->email = g_strdup (self->email);
  copy->note = g_strdup (self->note);
  for (guint i = 0; i < self->numbers->len; i++)
    g_ptr_array_add (copy->numbers, dipcc_contact_number_ref (self->numbers->pdata[i]));
  return copy;
}

const char *
dipcc_contact_get_uid (DipccContact *self)
{
  g_return_val_if_fail (DIPCC_IS_CONTACT (self), NULL);

  return self->uid;
}

/**
 * dipcc_contact_get_name:
 *
 * Returns: (nullable): the formatted name
 */
const char *
dipcc_contact_get_name (DipccContact *self)
{
  g_return_val_if_fail (DIPCC_IS_CONTACT (self), NULL);

  return self->name;
}

/**
 * dipcc_contact_set_name:
 * @name: (nullable): the formatted name; trimmed, kept on one line, and
 *   %NULL when empty
 */
void
dipcc_contact_set_name (DipccContact *self,
                        const char   *name)
{
  g_return_if_fail (DIPCC_IS_CONTACT (self));

  set_text_field (self, &self->name, name, FALSE, PROP_NAME);
}

/**
 * dipcc_contact_get_organization:
 *
 * Returns: (nullable): the organization
 */
const char *
dipcc_contact_get_organization (DipccContact *self)
{
  g_return_val_if_fail (DIPCC_IS_CONTACT (self), NULL);

  return self->organization;
}

void
dipcc_contact_set_organization (DipccContact *self,
                                const char   *organization)
{
  g_return_if_fail (DIPCC_IS_CONTACT (self));

  set_text_field (self, &self->organization, organization, FALSE, PROP_ORGANIZATION);
}

/**
 * dipcc_contact_get_email:
 *
 * Returns: (nullable): the email address
 */
const char *
dipcc_contact_get_email (DipccContact *self)
{
  g_return_val_if_fail (DIPCC_IS_CONTACT (self), NULL);

  return self->email;
}

void
dipcc_contact_set_email (DipccContact *self,
                         const char   *email)
{
  g_return_if_fail (DIPCC_IS_CONTACT (self));

  set_text_field (self, &self->email, email, FALSE, PROP_EMAIL);
}

/**
 * dipcc_contact_get_note:
 *
 * Returns: (nullable): the note, which may span lines (LF)
 */
const char *
dipcc_contact_get_note (DipccContact *self)
{
  g_return_val_if_fail (DIPCC_IS_CONTACT (self), NULL);

  return self->note;
}

void
dipcc_contact_set_note (DipccContact *self,
                        const char   *note)
{
  g_return_if_fail (DIPCC_IS_CONTACT (self));

  set_text_field (self, &self->note, note, TRUE, PROP_NOTE);
}

/**
 * dipcc_contact_get_numbers:
 *
 * The phone numbers in the order they were given. The array belongs to
 * the contact: do not change it, and do not keep it past the next change
 * of the numbers (take a ref on the array or copy it to keep it).
 *
 * Returns: (transfer none) (element-type DipccContactNumber): the numbers
 */
GPtrArray *
dipcc_contact_get_numbers (DipccContact *self)
{
  g_return_val_if_fail (DIPCC_IS_CONTACT (self), NULL);

  return self->numbers;
}

static void
numbers_changed (DipccContact *self,
                 const char   *old_display_name)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NUMBERS]);
  contact_changed (self, old_display_name);
}

/**
 * dipcc_contact_set_numbers:
 * @numbers: (nullable) (element-type DipccContactNumber): the new numbers;
 *   not kept (the entries are ref'd); %NULL for none
 *
 * Replaces all numbers at once: one notify and one `changed`, and none
 * when they are the same as before.
 */
void
dipcc_contact_set_numbers (DipccContact *self,
                           GPtrArray    *numbers)
{
  g_autofree char *old_display_name = NULL;
  guint n = numbers != NULL ? numbers->len : 0;
  gboolean same;

  g_return_if_fail (DIPCC_IS_CONTACT (self));

  same = n == self->numbers->len;
  for (guint i = 0; same && i < n; i++)
    same = dipcc_contact_number_equal (numbers->pdata[i], self->numbers->pdata[i]);
  if (same)
    return;

  for (guint i = 0; i < n; i++)
    g_return_if_fail (numbers->pdata[i] != NULL);

  old_display_name = g_strdup (dipcc_contact_get_display_name (self));
  /* ref first: @numbers may share entries with the old ones */
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (self->numbers, dipcc_contact_number_ref (numbers->pdata[i]));
  g_ptr_array_remove_range (self->numbers, 0, self->numbers->len - n);
  numbers_changed (self, old_display_name);
}

/**
 * dipcc_contact_add_number:
 * @number: the number as written
 * @label: (nullable): see dipcc_contact_number_new()
 * @preferred: whether it is the preferred number
 *
 * Appends a number.
 *
 * Returns: %TRUE when added; %FALSE when @number is empty
 */
gboolean
dipcc_contact_add_number (DipccContact *self,
                          const char   *number,
                          const char   *label,
                          gboolean      preferred)
{
  g_autofree char *old_display_name = NULL;
  DipccContactNumber *entry;

  g_return_val_if_fail (DIPCC_IS_CONTACT (self), FALSE);
  g_return_val_if_fail (number != NULL, FALSE);

  entry = dipcc_contact_number_new (number, label, preferred);
  if (entry == NULL)
    return FALSE;

  old_display_name = g_strdup (dipcc_contact_get_display_name (self));
  g_ptr_array_add (self->numbers, entry);
  numbers_changed (self, old_display_name);
  return TRUE;
}

/**
 * dipcc_contact_get_display_name:
 *
 * Returns: the name, else the organization, the first number, the email,
 *   or "" for an empty contact
 */
const char *
dipcc_contact_get_display_name (DipccContact *self)
{
  g_return_val_if_fail (DIPCC_IS_CONTACT (self), NULL);

  if (self->name != NULL)
    return self->name;
  if (self->organization != NULL)
    return self->organization;
  if (self->numbers->len > 0)
    return dipcc_contact_number_get_number (self->numbers->pdata[0]);
  if (self->email != NULL)
    return self->email;
  return "";
}

/**
 * dipcc_contact_get_sort_key:
 *
 * Returns: an opaque key for sorting by display name, without case, in
 *   the current locale's order (compare with strcmp())
 */
const char *
dipcc_contact_get_sort_key (DipccContact *self)
{
  g_return_val_if_fail (DIPCC_IS_CONTACT (self), NULL);

  ensure_derived (self);
  return self->sort_key;
}

/**
 * dipcc_contact_is_empty:
 *
 * Returns: whether the contact has no name, organization, email or number
 *   (a note alone does not make a contact)
 */
gboolean
dipcc_contact_is_empty (DipccContact *self)
{
  g_return_val_if_fail (DIPCC_IS_CONTACT (self), TRUE);

  return self->name == NULL && self->organization == NULL &&
         self->email == NULL && self->numbers->len == 0;
}

/**
 * dipcc_contact_equal:
 *
 * Returns: whether both contacts hold the same data, uid included
 */
gboolean
dipcc_contact_equal (DipccContact *a,
                     DipccContact *b)
{
  g_return_val_if_fail (DIPCC_IS_CONTACT (a), FALSE);
  g_return_val_if_fail (DIPCC_IS_CONTACT (b), FALSE);

  if (g_strcmp0 (a->uid, b->uid) != 0 ||
      g_strcmp0 (a->name, b->name) != 0 ||
      g_strcmp0 (a->organization, b->organization) != 0 ||
      g_strcmp0 (a->email, b->email) != 0 ||
      g_strcmp0 (a->note, b->note) != 0 ||
      a->numbers->len != b->numbers->len)
    return FALSE;

  for (guint i = 0; i < a->numbers->len; i++)
    {
      if (!dipcc_contact_number_equal (a->numbers->pdata[i], b->numbers->pdata[i]))
        return FALSE;
    }
  return TRUE;
}

struct _DipccContactQuery
{
  char *text;
  char *digits;
  char *key_digits;
};

static gboolean
is_number_query (const char *text)
{
  gboolean has_digit = FALSE;

  for (; *text; text++)
    {
      if (g_ascii_isdigit (*text))
        has_digit = TRUE;
      else if (!strchr (" -+().", *text))
        return FALSE;
    }
  return has_digit;
}

/**
 * dipcc_contact_query_new:
 * @text: what the agent typed
 *
 * Prepares a search: the text is matched without case against names and
 * organizations; a query of digits (with `-`, spaces, `+`, parentheses)
 * is also matched against the numbers' digits, so `1234` and `010-1234`
 * both find `010-1234-5678`, and `+82 10 1234` finds it too.
 *
 * Returns: (transfer full): the query
 */
DipccContactQuery *
dipcc_contact_query_new (const char *text)
{
  DipccContactQuery *query;
  g_autofree char *clean = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  query = g_new0 (DipccContactQuery, 1);
  clean = clean_text (text, FALSE);
  if (clean == NULL)
    return query;

  query->text = fold_for_search (clean);
  if (is_number_query (clean))
    {
      g_autofree char *key = dipcc_phone_number_match_key (clean);
      GString *digits = g_string_new (NULL);

      append_ascii_digits (digits, clean);
      query->digits = g_string_free (digits, FALSE);
      if (key != NULL)
        {
          digits = g_string_new (NULL);
          append_ascii_digits (digits, key);
          if (strcmp (digits->str, query->digits) != 0)
            query->key_digits = g_string_free (digits, FALSE);
          else
            g_string_free (digits, TRUE);
        }
    }
  return query;
}

void
dipcc_contact_query_free (DipccContactQuery *query)
{
  if (query == NULL)
    return;

  g_free (query->text);
  g_free (query->digits);
  g_free (query->key_digits);
  g_free (query);
}

/**
 * dipcc_contact_query_match:
 * @query: a prepared query
 * @contact: a contact
 *
 * Returns: whether @contact matches; an empty query matches every contact
 */
gboolean
dipcc_contact_query_match (const DipccContactQuery *query,
                           DipccContact            *contact)
{
  g_return_val_if_fail (query != NULL, FALSE);
  g_return_val_if_fail (DIPCC_IS_CONTACT (contact), FALSE);

  if (query->text == NULL)
    return TRUE;

  {
    g_autoptr(GString) text = g_string_sized_new (128);
    gsize digits_at;

    dipcc_contact_append_search_text (contact, text, &digits_at);
    return dipcc_contact_query_match_text (query, text->str, text->str + digits_at);
  }
}

/**
 * dipcc_contact_query_matches_all:
 *
 * Returns: whether every contact matches (an empty query)
 */
gboolean
dipcc_contact_query_matches_all (const DipccContactQuery *query)
{
  return query->text == NULL;
}

/**
 * dipcc_contact_query_match_text:
 * @text: a contact's search text, as dipcc_contact_append_search_text()
 *   writes it
 * @digits: its digits
 *
 * Returns: whether the contact they come from matches
 */
gboolean
dipcc_contact_query_match_text (const DipccContactQuery *query,
                                const char              *text,
                                const char              *digits)
{
  if (query->text == NULL)
    return TRUE;
  if (strstr (text, query->text) != NULL)
    return TRUE;
  if (query->digits != NULL && strstr (digits, query->digits) != NULL)
    return TRUE;
  if (query->key_digits != NULL && strstr (digits, query->key_digits) != NULL)
    return TRUE;
  return FALSE;
}

/**
 * dipcc_contact_matches:
 * @query: what the agent typed
 *
 * Matches one contact (see dipcc_contact_query_new()). To filter many
 * contacts with one query, prepare it once with dipcc_contact_query_new().
 *
 * Returns: whether @self matches @query
 */
gboolean
dipcc_contact_matches (DipccContact *self,
                       const char   *query)
{
  g_autoptr(DipccContactQuery) prepared = NULL;

  g_return_val_if_fail (DIPCC_IS_CONTACT (self), FALSE);
  g_return_val_if_fail (query != NULL, FALSE);

  prepared = dipcc_contact_query_new (query);
  return dipcc_contact_query_match (prepared, self);
}

/* ---- for the store (dipcc-contact-private.h) ----------------------------- */

/**
 * dipcc_contact_set_owner:
 * @changed: called after every change
 * @owner: the store
 *
 * Returns: whether @owner has the slot; %FALSE when another one holds it
 *   (it then watches ::changed like anyone else)
 */
gboolean
dipcc_contact_set_owner (DipccContact          *self,
                         DipccContactOwnerFunc  changed,
                         gpointer               owner)
{
  g_return_val_if_fail (DIPCC_IS_CONTACT (self), FALSE);
  g_return_val_if_fail (changed != NULL && owner != NULL, FALSE);

  if (self->owner != NULL && self->owner != owner)
    return FALSE;
  self->owner_changed = changed;
  self->owner = owner;
  return TRUE;
}

void
dipcc_contact_unset_owner (DipccContact *self,
                           gpointer      owner)
{
  g_return_if_fail (DIPCC_IS_CONTACT (self));

  if (self->owner != owner)
    return;
  self->owner_changed = NULL;
  self->owner = NULL;
}

gpointer
dipcc_contact_get_owner (DipccContact *self)
{
  g_return_val_if_fail (DIPCC_IS_CONTACT (self), NULL);

  return self->owner;
}

GBytes *
dipcc_contact_get_card (DipccContact *self)
{
  g_return_val_if_fail (DIPCC_IS_CONTACT (self), NULL);

  return self->card;
}

/**
 * dipcc_contact_set_card:
 * @card: (transfer full) (nullable): the card
 */
void
dipcc_contact_set_card (DipccContact *self,
                        GBytes       *card)
{
  g_return_if_fail (DIPCC_IS_CONTACT (self));

  g_clear_pointer (&self->card, g_bytes_unref);
  self->card = card;
}
