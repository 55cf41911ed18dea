/* test-settings.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <glib/gstdio.h>
#include <string.h>

#include "dipcc-core-enums.h"
#include "dipcc-secret-store.h"
#include "dipcc-settings.h"

/* Every wait in this file gives up after this long and fails the test. */
#define WAIT_TIMEOUT_SECONDS 10

static char *secret_dir;
static char *secret_file;

static gboolean
on_wait_timeout (gpointer user_data)
{
  g_error ("Timed out after %d s waiting for %s", WAIT_TIMEOUT_SECONDS,
           (const char *) user_data);
  return G_SOURCE_REMOVE;
}

static void
wait_for (gboolean   *done,
          const char *what)
{
  guint timeout_id = g_timeout_add_seconds (WAIT_TIMEOUT_SECONDS, on_wait_timeout,
                                            (gpointer) what);

  while (!*done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout_id);
}

/* Runs what GSettings queued (change signals go through the main context
 * when it is not owned), with a bound on how much there can be. */
static void
drain_main_context (void)
{
  guint i;

  for (i = 0; i < 1000 && g_main_context_iteration (NULL, FALSE); i++)
    ;
  g_assert_cmpuint (i, <, 1000);
}

/* ---- settings ------------------------------------------------------------ */

static GVariant *
ids_variant (const gint32 *ids,
             gsize         n_ids)
{
  return g_variant_new_fixed_array (G_VARIANT_TYPE_INT32, ids, n_ids, sizeof (gint32));
}

static void
test_defaults (void)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr(DipccSettings) settings = dipcc_settings_new_with_backend (backend);
  g_autofree int *ids = NULL;
  gsize n_ids = 0;

  g_assert_cmpstr (dipcc_settings_get_rest_url (settings), ==, "");
  g_assert_cmpstr (dipcc_settings_get_tenant (settings), ==, "");
  g_assert_cmpint (dipcc_settings_get_event_channel (settings), ==,
                   DIPCC_EVENT_CHANNEL_WEBSOCKET);
  g_assert_cmpstr (dipcc_settings_get_ws_url (settings), ==, "");
  g_assert_cmpint (dipcc_settings_get_ws_dialect (settings), ==, DIPCC_WS_DIALECT_V3);
  g_assert_cmpstr (dipcc_settings_get_ami_host (settings), ==, "");
  g_assert_cmpuint (dipcc_settings_get_ami_port (settings), ==, 5038);
  g_assert_cmpstr (dipcc_settings_get_ami_user (settings), ==, "");
  g_assert_false (dipcc_settings_get_ami_tls (settings));
  g_assert_cmpstr (dipcc_settings_get_extension (settings), ==, "");
  g_assert_cmpstr (dipcc_settings_get_cos_id (settings), ==, "1");
  g_assert_cmpstr (dipcc_settings_get_cid_name (settings), ==, "");
  g_assert_cmpstr (dipcc_settings_get_cid_number (settings), ==, "");
  g_assert_cmpstr (dipcc_settings_get_tls_pin (settings), ==, "");

  ids = dipcc_settings_dup_server_ids (settings, &n_ids);
  g_assert_cmpuint (n_ids, ==, 1);
  g_assert_cmpint (ids[0], ==, 1);
  g_assert_cmpstr (g_variant_get_type_string (dipcc_settings_get_server_ids (settings)),
                   ==, "ai");

  g_assert_false (dipcc_settings_is_configured (settings));
  g_assert_finalize_object (g_steal_pointer (&settings));
}

/* The default backend: memory in the test environment (GSETTINGS_BACKEND),
 * with the schema compiled into the build's data dir. */
static void
test_new_default (void)
{
  g_autoptr(DipccSettings) settings = dipcc_settings_new ();
  g_autoptr(DipccSettings) other = dipcc_settings_new ();

  g_assert_cmpuint (dipcc_settings_get_ami_port (settings), ==, 5038);
  dipcc_settings_set_extension (settings, "0164");
  drain_main_context ();
  g_assert_cmpstr (dipcc_settings_get_extension (other), ==, "0164");

  g_assert_finalize_object (g_steal_pointer (&settings));
  g_assert_finalize_object (g_steal_pointer (&other));
}

typedef struct {
  const char *name;
  GVariant   *(*value_a) (void);
  GVariant   *(*value_b) (void);
} PropertyCase;

/* Values are written as GVariants of the key's type, so the same table
 * checks both the property and what GSettings holds. */
static GVariant *string_a (void) { return g_variant_new_string ("a-value"); }
static GVariant *string_b (void) { return g_variant_new_string ("b-value 한글"); }
static GVariant *channel_a (void) { return g_variant_new_string ("ami"); }
static GVariant *channel_b (void) { return g_variant_new_string ("websocket"); }
static GVariant *dialect_a (void) { return g_variant_new_string ("dcmiws"); }
static GVariant *dialect_b (void) { return g_variant_new_string ("v3"); }
static GVariant *ids_a (void) { return ids_variant ((gint32[]) { 1, 2, 7 }, 3); }
static GVariant *ids_b (void) { return ids_variant ((gint32[]) { 3 }, 1); }
static GVariant *port_a (void) { return g_variant_new_uint16 (5500); }
static GVariant *port_b (void) { return g_variant_new_uint16 (65535); }
static GVariant *bool_a (void) { return g_variant_new_boolean (TRUE); }
static GVariant *bool_b (void) { return g_variant_new_boolean (FALSE); }

static const PropertyCase property_cases[] = {
  { "rest-url", string_a, string_b },
  { "tenant", string_a, string_b },
  { "event-channel", channel_a, channel_b },
  { "ws-url", string_a, string_b },
  { "ws-dialect", dialect_a, dialect_b },
  { "server-ids", ids_a, ids_b },
  { "ami-host", string_a, string_b },
  { "ami-port", port_a, port_b },
  { "ami-user", string_a, string_b },
  { "ami-tls", bool_a, bool_b },
  { "extension", string_a, string_b },
  { "cos-id", string_a, string_b },
  { "cid-name", string_a, string_b },
  { "cid-number", string_a, string_b },
  { "tls-pin", string_a, string_b },
};

/* Sets property @name from @variant (of the key's type). */
static void
set_from_variant (GObject    *object,
                  const char *name,
                  GVariant   *variant)
{
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (object), name);
  g_auto(GValue) value = G_VALUE_INIT;

  g_assert_nonnull (pspec);
  g_value_init (&value, pspec->value_type);
  if (G_IS_PARAM_SPEC_ENUM (pspec))
    {
      GEnumValue *v = g_enum_get_value_by_nick (G_PARAM_SPEC_ENUM (pspec)->enum_class,
                                                g_variant_get_string (variant, NULL));

      g_assert_nonnull (v);
      g_value_set_enum (&value, v->value);
    }
  else if (pspec->value_type == G_TYPE_STRING)
    g_value_set_string (&value, g_variant_get_string (variant, NULL));
  else if (pspec->value_type == G_TYPE_UINT)
    g_value_set_uint (&value, g_variant_get_uint16 (variant));
  else if (pspec->value_type == G_TYPE_BOOLEAN)
    g_value_set_boolean (&value, g_variant_get_boolean (variant));
  else if (pspec->value_type == G_TYPE_VARIANT)
    g_value_set_variant (&value, variant);
  else
    g_assert_not_reached ();

  g_object_set_property (object, name, &value);
}

/* Property @name of @object as a GVariant of the key's type. */
static GVariant *
get_as_variant (GObject    *object,
                const char *name)
{
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (object), name);
  g_auto(GValue) value = G_VALUE_INIT;

  g_value_init (&value, pspec->value_type);
  g_object_get_property (object, name, &value);
  if (G_IS_PARAM_SPEC_ENUM (pspec))
    return g_variant_new_string (g_enum_get_value (G_PARAM_SPEC_ENUM (pspec)->enum_class,
                                                   g_value_get_enum (&value))->value_nick);
  if (pspec->value_type == G_TYPE_STRING)
    return g_variant_new_string (g_value_get_string (&value));
  if (pspec->value_type == G_TYPE_UINT)
    return g_variant_new_uint16 (g_value_get_uint (&value));
  if (pspec->value_type == G_TYPE_BOOLEAN)
    return g_variant_new_boolean (g_value_get_boolean (&value));
  if (pspec->value_type == G_TYPE_VARIANT)
    return g_value_dup_variant (&value);
  g_assert_not_reached ();
}

static void
assert_property_is (GObject    *object,
                    const char *name,
                    GVariant   *expected)
{
  g_autoptr(GVariant) value = g_variant_ref_sink (get_as_variant (object, name));
  g_autoptr(GVariant) sunk = g_variant_ref_sink (expected);

  g_assert_true (g_variant_equal (value, sunk));
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

/* For every property: set A, one notify; A again, none; B, one. And what
 * was set is what GSettings holds. */
static void
test_notify_contract (void)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr(DipccSettings) settings = dipcc_settings_new_with_backend (backend);
  g_autoptr(GSettings) gsettings =
    g_settings_new_with_backend (DIPCC_SETTINGS_SCHEMA_ID, backend);
  guint n_props = 0;
  g_autofree GParamSpec **pspecs =
    g_object_class_list_properties (G_OBJECT_GET_CLASS (settings), &n_props);
  guint i;

  /* The table covers every property, and each has a key of the same name. */
  g_assert_cmpuint (n_props, ==, G_N_ELEMENTS (property_cases));
  for (i = 0; i < n_props; i++)
    {
      g_autoptr(GSettingsSchema) schema = NULL;

      g_object_get (gsettings, "settings-schema", &schema, NULL);
      g_assert_true (g_settings_schema_has_key (schema, pspecs[i]->name));
      g_assert_true (pspecs[i]->flags & G_PARAM_EXPLICIT_NOTIFY);
    }

  for (i = 0; i < G_N_ELEMENTS (property_cases); i++)
    {
      const PropertyCase *c = &property_cases[i];
      g_autofree char *signal = g_strconcat ("notify::", c->name, NULL);
      g_autoptr(GVariant) a = g_variant_ref_sink (c->value_a ());
      g_autoptr(GVariant) b = g_variant_ref_sink (c->value_b ());
      g_autoptr(GVariant) stored = NULL;
      guint count = 0;
      gulong id;

      g_test_message ("property %s", c->name);
      id = g_signal_connect (settings, signal, G_CALLBACK (count_notify), &count);

      set_from_variant (G_OBJECT (settings), c->name, a);
      drain_main_context ();
      g_assert_cmpuint (count, ==, 1);
      assert_property_is (G_OBJECT (settings), c->name, g_variant_ref (a));
      stored = g_settings_get_value (gsettings, c->name);
      g_assert_true (g_variant_equal (stored, a));
      g_clear_pointer (&stored, g_variant_unref);

      set_from_variant (G_OBJECT (settings), c->name, a);
      drain_main_context ();
      g_assert_cmpuint (count, ==, 1);

      set_from_variant (G_OBJECT (settings), c->name, b);
      drain_main_context ();
      g_assert_cmpuint (count, ==, 2);
      assert_property_is (G_OBJECT (settings), c->name, g_variant_ref (b));
      stored = g_settings_get_value (gsettings, c->name);
      g_assert_true (g_variant_equal (stored, b));

      g_signal_handler_disconnect (settings, id);
    }

  g_assert_finalize_object (g_steal_pointer (&settings));
}

/* A change made in GSettings (another process, dconf-editor) reaches the
 * property, with one notify. */
static void
test_gsettings_to_property (void)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr(DipccSettings) settings = dipcc_settings_new_with_backend (backend);
  g_autoptr(GSettings) gsettings =
    g_settings_new_with_backend (DIPCC_SETTINGS_SCHEMA_ID, backend);
  guint i;

  for (i = 0; i < G_N_ELEMENTS (property_cases); i++)
    {
      const PropertyCase *c = &property_cases[i];
      g_autofree char *signal = g_strconcat ("notify::", c->name, NULL);
      g_autoptr(GVariant) a = g_variant_ref_sink (c->value_a ());
      guint count = 0;
      gulong id;

      g_test_message ("key %s", c->name);
      id = g_signal_connect (settings, signal, G_CALLBACK (count_notify), &count);
      g_assert_true (g_settings_set_value (gsettings, c->name, a));
      drain_main_context ();
      g_assert_cmpuint (count, ==, 1);
      assert_property_is (G_OBJECT (settings), c->name, g_variant_ref (a));
      g_signal_handler_disconnect (settings, id);
    }

  g_assert_finalize_object (g_steal_pointer (&settings));
}

/* What one DipccSettings writes, another on the same backend sees. */
static void
test_shared_backend (void)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr(DipccSettings) writer = dipcc_settings_new_with_backend (backend);
  g_autoptr(DipccSettings) reader = dipcc_settings_new_with_backend (backend);
  g_autofree int *ids = NULL;
  gsize n_ids = 0;
  guint count = 0;

  g_signal_connect (reader, "notify::rest-url", G_CALLBACK (count_notify), &count);

  dipcc_settings_set_rest_url (writer, "https://pbx.example.com");
  dipcc_settings_set_tenant (writer, "7be69580e27641df");
  dipcc_settings_set_event_channel (writer, DIPCC_EVENT_CHANNEL_AMI);
  dipcc_settings_set_ami_port (writer, 5500);
  dipcc_settings_set_ami_tls (writer, TRUE);
  dipcc_settings_set_server_ids (writer, (int[]) { 4, 5 }, 2);
  dipcc_settings_set_cid_name (writer, "주식회사 얼썬팩토리");
  drain_main_context ();

  g_assert_cmpuint (count, ==, 1);
  g_assert_cmpstr (dipcc_settings_get_rest_url (reader), ==, "https://pbx.example.com");
  g_assert_cmpstr (dipcc_settings_get_tenant (reader), ==, "7be69580e27641df");
  g_assert_cmpint (dipcc_settings_get_event_channel (reader), ==, DIPCC_EVENT_CHANNEL_AMI);
  g_assert_cmpuint (dipcc_settings_get_ami_port (reader), ==, 5500);
  g_assert_true (dipcc_settings_get_ami_tls (reader));
  g_assert_cmpstr (dipcc_settings_get_cid_name (reader), ==, "주식회사 얼썬팩토리");
  ids = dipcc_settings_dup_server_ids (reader, &n_ids);
  g_assert_cmpuint (n_ids, ==, 2);
  g_assert_cmpint (ids[0], ==, 4);
  g_assert_cmpint (ids[1], ==, 5);

  /* A new one starts with what is stored. */
  {
    g_autoptr(DipccSettings) late = dipcc_settings_new_with_backend (backend);

    g_assert_cmpstr (dipcc_settings_get_rest_url (late), ==, "https://pbx.example.com");
    g_assert_finalize_object (g_steal_pointer (&late));
  }

  g_assert_finalize_object (g_steal_pointer (&writer));
  g_assert_finalize_object (g_steal_pointer (&reader));
}

static void
test_is_configured (void)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr(DipccSettings) settings = dipcc_settings_new_with_backend (backend);

  g_assert_false (dipcc_settings_is_configured (settings));

  dipcc_settings_set_ws_url (settings, "wss://pbx.example.com:5500");
  g_assert_true (dipcc_settings_is_configured (settings));

  /* The WebSocket address does not count for the AMI channel */
  dipcc_settings_set_event_channel (settings, DIPCC_EVENT_CHANNEL_AMI);
  g_assert_false (dipcc_settings_is_configured (settings));
  dipcc_settings_set_ami_host (settings, "  ");
  g_assert_false (dipcc_settings_is_configured (settings));
  dipcc_settings_set_ami_host (settings, "192.168.200.10");
  g_assert_true (dipcc_settings_is_configured (settings));

  dipcc_settings_set_ami_host (settings, "");
  dipcc_settings_set_rest_url (settings, "https://pbx.example.com");
  g_assert_true (dipcc_settings_is_configured (settings));

  g_assert_finalize_object (g_steal_pointer (&settings));
}

/* NULL is stored as empty; setting "" after NULL notifies nothing. */
static void
test_null_strings (void)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr(DipccSettings) settings = dipcc_settings_new_with_backend (backend);
  guint count = 0;

  g_signal_connect (settings, "notify::tenant", G_CALLBACK (count_notify), &count);
  dipcc_settings_set_tenant (settings, NULL);
  g_assert_cmpstr (dipcc_settings_get_tenant (settings), ==, "");
  dipcc_settings_set_tenant (settings, "");
  drain_main_context ();
  g_assert_cmpuint (count, ==, 0);

  g_assert_finalize_object (g_steal_pointer (&settings));
}

static void
test_enum_nicks_match_schema (void)
{
  g_autoptr(GEnumClass) channels = g_type_class_ref (DIPCC_TYPE_EVENT_CHANNEL);

  g_assert_cmpstr (g_enum_get_value (channels, DIPCC_EVENT_CHANNEL_WEBSOCKET)->value_nick,
                   ==, "websocket");
  g_assert_cmpstr (g_enum_get_value (channels, DIPCC_EVENT_CHANNEL_AMI)->value_nick,
                   ==, "ami");
}

/* ---- the secret store ------------------------------------------------------ */

typedef struct {
  gboolean      done;
  GAsyncResult *result;
} AsyncResult;

static void
on_async_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  AsyncResult *r = user_data;

  r->result = g_object_ref (result);
  r->done = TRUE;
}

/* libsecret 0.20's file backend (the one tests use) leaks the previous
 * etag of its file on every write after the first (on_replace_contents()
 * in secret-file-collection.c overwrites self->etag). Those allocations
 * happen while this function waits, and only they are suppressed for
 * LeakSanitizer: what DipccSecretStore allocates happens in its own calls. */
#ifdef __has_feature
# if __has_feature(address_sanitizer)
#  define TEST_HAVE_ASAN 1
# endif
#endif
#ifdef __SANITIZE_ADDRESS__
# define TEST_HAVE_ASAN 1
#endif

#ifdef TEST_HAVE_ASAN
const char *__asan_default_options (void);
const char *__lsan_default_suppressions (void);

/* GLib has no frame pointers: only the slow unwinder sees the frames that
 * the suppression below matches. */
const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}

const char *
__lsan_default_suppressions (void)
{
  return "leak:wait_for_secret_file_write\n";
}
#endif

static G_GNUC_NO_INLINE void
wait_for_secret_file_write (gboolean *done)
{
  wait_for (done, "a write to the keyring file");
}

static gboolean
store_secret (DipccSecretStore  *store,
              DipccSecretKind    kind,
              const char        *account,
              const char        *secret,
              GError           **error)
{
  AsyncResult r = { 0, };
  gboolean ok;

  dipcc_secret_store_store_async (store, kind, account, secret, NULL, on_async_done, &r);
  wait_for_secret_file_write (&r.done);
  ok = dipcc_secret_store_store_finish (store, r.result, error);
  g_object_unref (r.result);
  return ok;
}

static char *
lookup_secret (DipccSecretStore  *store,
               DipccSecretKind    kind,
               const char        *account,
               GError           **error)
{
  AsyncResult r = { 0, };
  char *secret;

  dipcc_secret_store_lookup_async (store, kind, account, NULL, on_async_done, &r);
  wait_for (&r.done, "looking a secret up");
  secret = dipcc_secret_store_lookup_finish (store, r.result, error);
  g_object_unref (r.result);
  return secret;
}

static gboolean
clear_secret (DipccSecretStore  *store,
              DipccSecretKind    kind,
              const char        *account,
              gboolean          *removed,
              GError           **error)
{
  AsyncResult r = { 0, };
  gboolean ok;

  dipcc_secret_store_clear_async (store, kind, account, NULL, on_async_done, &r);
  wait_for_secret_file_write (&r.done);
  ok = dipcc_secret_store_clear_finish (store, r.result, removed, error);
  g_object_unref (r.result);
  return ok;
}

static void
test_secret_round_trip (void)
{
  g_autoptr(DipccSecretStore) store = dipcc_secret_store_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *account = dipcc_secret_store_account_for_rest ("7be69580e27641df",
                                                                  "https://pbx.example.com");
  char *secret;
  gboolean removed = FALSE;

  g_assert_cmpstr (account, ==, "7be69580e27641df@https://pbx.example.com");

  g_assert_true (store_secret (store, DIPCC_SECRET_KIND_APP_KEY, account, "key-1", &error));
  g_assert_no_error (error);

  secret = lookup_secret (store, DIPCC_SECRET_KIND_APP_KEY, account, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, "key-1");
  dipcc_secret_free (secret);

  /* Storing again replaces it */
  g_assert_true (store_secret (store, DIPCC_SECRET_KIND_APP_KEY, account, "key-2 한글", &error));
  secret = lookup_secret (store, DIPCC_SECRET_KIND_APP_KEY, account, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, "key-2 한글");
  dipcc_secret_free (secret);

  g_assert_true (clear_secret (store, DIPCC_SECRET_KIND_APP_KEY, account, &removed, &error));
  g_assert_no_error (error);
  g_assert_true (removed);

  secret = lookup_secret (store, DIPCC_SECRET_KIND_APP_KEY, account, &error);
  g_assert_no_error (error);
  g_assert_null (secret);

  g_assert_finalize_object (g_steal_pointer (&store));
}

/* Nothing stored is NULL, not an error; clearing nothing is fine too. */
static void
test_secret_absent (void)
{
  g_autoptr(DipccSecretStore) store = dipcc_secret_store_new ();
  g_autoptr(GError) error = NULL;
  gboolean removed = TRUE;
  char *secret;

  secret = lookup_secret (store, DIPCC_SECRET_KIND_AMI_SECRET, "nobody@nowhere:5038", &error);
  g_assert_no_error (error);
  g_assert_null (secret);

  g_assert_true (clear_secret (store, DIPCC_SECRET_KIND_AMI_SECRET, "nobody@nowhere:5038",
                               &removed, &error));
  g_assert_no_error (error);
  g_assert_false (removed);

  g_assert_finalize_object (g_steal_pointer (&store));
}

/* Kind and account both pick the entry. */
static void
test_secret_separate_entries (void)
{
  g_autoptr(DipccSecretStore) store = dipcc_secret_store_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *ami_a = dipcc_secret_store_account_for_ami ("hello", "192.168.200.10", 5500);
  g_autofree char *ami_b = dipcc_secret_store_account_for_ami ("hello", "::1", 5038);
  char *secret;

  g_assert_cmpstr (ami_a, ==, "hello@192.168.200.10:5500");
  g_assert_cmpstr (ami_b, ==, "hello@[::1]:5038");

  g_assert_true (store_secret (store, DIPCC_SECRET_KIND_AMI_SECRET, ami_a, "world", &error));
  g_assert_true (store_secret (store, DIPCC_SECRET_KIND_AMI_SECRET, ami_b, "other", &error));
  g_assert_true (store_secret (store, DIPCC_SECRET_KIND_APP_KEY, ami_a, "app", &error));
  g_assert_no_error (error);

  secret = lookup_secret (store, DIPCC_SECRET_KIND_AMI_SECRET, ami_a, &error);
  g_assert_cmpstr (secret, ==, "world");
  dipcc_secret_free (secret);
  secret = lookup_secret (store, DIPCC_SECRET_KIND_AMI_SECRET, ami_b, &error);
  g_assert_cmpstr (secret, ==, "other");
  dipcc_secret_free (secret);
  secret = lookup_secret (store, DIPCC_SECRET_KIND_APP_KEY, ami_a, &error);
  g_assert_cmpstr (secret, ==, "app");
  dipcc_secret_free (secret);
  g_assert_no_error (error);

  g_assert_true (clear_secret (store, DIPCC_SECRET_KIND_AMI_SECRET, ami_a, NULL, &error));
  secret = lookup_secret (store, DIPCC_SECRET_KIND_APP_KEY, ami_a, &error);
  g_assert_cmpstr (secret, ==, "app");
  dipcc_secret_free (secret);
  g_assert_no_error (error);

  g_assert_finalize_object (g_steal_pointer (&store));
}

static void
test_secret_cancelled (void)
{
  g_autoptr(DipccSecretStore) store = dipcc_secret_store_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  AsyncResult r = { 0, };
  char *secret;

  g_cancellable_cancel (cancellable);
  dipcc_secret_store_lookup_async (store, DIPCC_SECRET_KIND_APP_KEY, "a@b", cancellable,
                                   on_async_done, &r);
  wait_for (&r.done, "a cancelled look-up");
  secret = dipcc_secret_store_lookup_finish (store, r.result, &error);
  g_assert_null (secret);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_object_unref (r.result);

  g_assert_finalize_object (g_steal_pointer (&store));
}

/* What "an upgrade of the settings format" means for GSettings: a settings
 * file written by an older (or newer) version of the schema. Keys that are
 * gone are ignored, keys that are new take their defaults, and a value of
 * another type than the schema's now is read as the default, never as
 * garbage or a crash. The keyfile backend is what the Flatpak uses. */
static void
test_format_upgrade (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dipcc-settings-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "keyfile", NULL);
  const char *old =
    "[io/github/dipcc/Companion]\n"
    "rest-url='https://pbx.example'\n"
    "tenant='7'\n"
    "server-ids=[1, 2]\n"
    "ami-port=uint16 5039\n"
    "removed-in-1-0='a key an older version had'\n"
    "ami-tls='yes'\n"
    "event-channel='carrier-pigeon'\n"
    "extension=0101\n"
    "[io/github/dipcc/Companion/window]\n"
    "width=800\n";
  g_autoptr(GSettingsBackend) backend = NULL;
  g_autoptr(DipccSettings) settings = NULL;
  g_autofree int *ids = NULL;
  gsize n_ids = 0;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, old, -1, &error));
  backend = g_keyfile_settings_backend_new (path, "/", NULL);
  settings = dipcc_settings_new_with_backend (backend);

  g_assert_cmpstr (dipcc_settings_get_rest_url (settings), ==, "https://pbx.example");
  g_assert_cmpstr (dipcc_settings_get_tenant (settings), ==, "7");
  ids = dipcc_settings_dup_server_ids (settings, &n_ids);
  g_assert_cmpuint (n_ids, ==, 2);
  g_assert_cmpint (ids[1], ==, 2);
  g_assert_cmpuint (dipcc_settings_get_ami_port (settings), ==, 5039);
  /* wrong types and unknown nicks: the defaults */
  g_assert_false (dipcc_settings_get_ami_tls (settings));
  g_assert_cmpint (dipcc_settings_get_event_channel (settings), ==,
                   DIPCC_EVENT_CHANNEL_WEBSOCKET);
  /* an unquoted string, as a hand-edited file has it, is read as text */
  g_assert_cmpstr (dipcc_settings_get_extension (settings), ==, "0101");

  g_clear_object (&settings);
  g_clear_object (&backend);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  /* libsecret's file backend, in a directory of our own, before its first use */
  secret_dir = g_dir_make_tmp ("dipcc-settings-XXXXXX", &error);
  g_assert_no_error (error);
  secret_file = g_build_filename (secret_dir, "test.keyring", NULL);
  g_setenv ("SECRET_BACKEND", "file", TRUE);
  g_setenv ("SECRET_FILE_TEST_PATH", secret_file, TRUE);
  g_setenv ("SECRET_FILE_TEST_PASSWORD", "test-password", TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/settings/defaults", test_defaults);
  g_test_add_func ("/settings/new-default", test_new_default);
  g_test_add_func ("/settings/notify-contract", test_notify_contract);
  g_test_add_func ("/settings/gsettings-to-property", test_gsettings_to_property);
  g_test_add_func ("/settings/shared-backend", test_shared_backend);
  g_test_add_func ("/settings/is-configured", test_is_configured);
  g_test_add_func ("/settings/null-strings", test_null_strings);
  g_test_add_func ("/settings/enum-nicks", test_enum_nicks_match_schema);
  g_test_add_func ("/settings/format-upgrade", test_format_upgrade);
  g_test_add_func ("/secret-store/round-trip", test_secret_round_trip);
  g_test_add_func ("/secret-store/absent", test_secret_absent);
  g_test_add_func ("/secret-store/separate-entries", test_secret_separate_entries);
  g_test_add_func ("/secret-store/cancelled", test_secret_cancelled);

  ret = g_test_run ();

  g_unlink (secret_file);
  g_rmdir (secret_dir);
  g_free (secret_file);
  g_free (secret_dir);
  return ret;
}
