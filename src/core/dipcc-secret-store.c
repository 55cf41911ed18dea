/* dipcc-secret-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dipcc-secret-store"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "dipcc-error.h"
#include "dipcc-secret-store.h"

/* Only libsecret's simple password API is used: it works with GNOME
 * Keyring and KWallet through the Secret Service, with the portal in a
 * Flatpak, and with the file backend in tests. Secrets are never logged. */

/* One keyring operation at a time: libsecret's file backend (the one a
 * Flatpak uses) answers a lookup that overlaps a store with the old value,
 * and leaks when two operations open it at once. */
typedef enum {
  OP_STORE,
  OP_LOOKUP,
  OP_CLEAR,
} OpType;

typedef struct {
  OpType           type;
  DipccSecretKind  kind;
  char            *account;
  char            *label;
  char            *secret;
  gboolean         removed;
} Op;

struct _DipccSecretStore
{
  GObject  parent_instance;

  /* Owned: GTask, waiting their turn */
  GQueue   queue;
  gboolean busy;
};

G_DEFINE_FINAL_TYPE (DipccSecretStore, dipcc_secret_store, G_TYPE_OBJECT)

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    DIPCC_SECRET_SCHEMA_NAME, SECRET_SCHEMA_NONE,
    {
      { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  };

  return &schema;
}

static const char *
kind_to_string (DipccSecretKind kind)
{
  switch (kind)
    {
    case DIPCC_SECRET_KIND_APP_KEY:
      return "app-key";

    case DIPCC_SECRET_KIND_AMI_SECRET:
      return "ami-secret";

    default:
      g_return_val_if_reached (NULL);
    }
}

/* A keyring failure as something the agent can act on; cancellation is
 * passed on as it is. */
static GError *
map_error (GError *error)
{
  GError *mapped;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return error;

  mapped = g_error_new (DIPCC_ERROR, DIPCC_ERROR_FAILED,
                        /* Translators: %s is the system's reason */
                        _("The keyring could not be used (%s). Check that a keyring "
                          "such as GNOME Keyring or KWallet is running and unlocked."),
                        error->message);
  g_error_free (error);
  return mapped;
}

static void
op_free (Op *op)
{
  g_free (op->account);
  g_free (op->label);
  dipcc_secret_free (op->secret);
  g_free (op);
}

static void run_next (DipccSecretStore *self);

/* Called by each operation's callback once its task has a result. */
static void
op_done (DipccSecretStore *self)
{
  self->busy = FALSE;
  run_next (self);
}

static void
dipcc_secret_store_dispose (GObject *object)
{
  DipccSecretStore *self = DIPCC_SECRET_STORE (object);
  GTask *task;

  /* the queue holds no ref on us: tasks do, so this runs when it is empty */
  while ((task = g_queue_pop_head (&self->queue)) != NULL)
    g_object_unref (task);

  G_OBJECT_CLASS (dipcc_secret_store_parent_class)->dispose (object);
}

static void
dipcc_secret_store_class_init (DipccSecretStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = dipcc_secret_store_dispose;
}

static void
dipcc_secret_store_init (DipccSecretStore *self)
{
  g_queue_init (&self->queue);
}

/**
 * dipcc_secret_store_new:
 *
 * Returns: (transfer full): a store for the app's secrets
 */
DipccSecretStore *
dipcc_secret_store_new (void)
{
  return g_object_new (DIPCC_TYPE_SECRET_STORE, NULL);
}

/**
 * dipcc_secret_store_account_for_rest:
 *
 * Returns: (transfer full): the `account` attribute of an app key:
 *   `tenant@rest-url`
 */
char *
dipcc_secret_store_account_for_rest (const char *tenant,
                                     const char *rest_url)
{
  g_return_val_if_fail (tenant != NULL, NULL);
  g_return_val_if_fail (rest_url != NULL, NULL);

  return g_strdup_printf ("%s@%s", tenant, rest_url);
}

/**
 * dipcc_secret_store_account_for_ami:
 *
 * Returns: (transfer full): the `account` attribute of an AMI secret:
 *   `user@host:port`
 */
char *
dipcc_secret_store_account_for_ami (const char *user,
                                    const char *host,
                                    guint       port)
{
  g_return_val_if_fail (user != NULL, NULL);
  g_return_val_if_fail (host != NULL, NULL);

  if (strchr (host, ':') != NULL)
    return g_strdup_printf ("%s@[%s]:%u", user, host, port);
  return g_strdup_printf ("%s@%s:%u", user, host, port);
}

/**
 * dipcc_secret_free:
 * @secret: (nullable): a secret from dipcc_secret_store_lookup_finish()
 *
 * Overwrites @secret and frees it.
 */
void
dipcc_secret_free (char *secret)
{
  volatile char *p;

  if (secret == NULL)
    return;
  for (p = secret; *p; p++)
    *p = '\0';
  g_free (secret);
}

static void on_stored (GObject *source, GAsyncResult *result, gpointer user_data);
static void on_looked_up (GObject *source, GAsyncResult *result, gpointer user_data);
static void on_cleared (GObject *source, GAsyncResult *result, gpointer user_data);

/* Starts the next operation, unless one is under way. The queue's ref on
 * each task passes to the libsecret call's callback. */
static void
run_next (DipccSecretStore *self)
{
  GTask *task;
  Op *op;
  GCancellable *cancellable;

  if (self->busy || (task = g_queue_pop_head (&self->queue)) == NULL)
    return;
  self->busy = TRUE;
  op = g_task_get_task_data (task);
  cancellable = g_task_get_cancellable (task);
  switch (op->type)
    {
    case OP_STORE:
      secret_password_store (get_schema (), SECRET_COLLECTION_DEFAULT, op->label, op->secret,
                             cancellable, on_stored, task,
                             "kind", kind_to_string (op->kind),
                             "account", op->account,
                             NULL);
      break;

    case OP_LOOKUP:
      secret_password_lookup (get_schema (), cancellable, on_looked_up, task,
                              "kind", kind_to_string (op->kind),
                              "account", op->account,
                              NULL);
      break;

    case OP_CLEAR:
      secret_password_clear (get_schema (), cancellable, on_cleared, task,
                             "kind", kind_to_string (op->kind),
                             "account", op->account,
                             NULL);
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
on_stored (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DipccSecretStore *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (secret_password_store_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, map_error (error));
  op_done (self);
}

/**
 * dipcc_secret_store_store_async:
 * @kind: which secret
 * @account: whose: see dipcc_secret_store_account_for_rest() and
 *   dipcc_secret_store_account_for_ami()
 * @secret: the secret; it replaces one stored before for @kind and @account
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: for @callback
 *
 * Stores @secret in the default keyring.
 */
void
dipcc_secret_store_store_async (DipccSecretStore    *self,
                                DipccSecretKind      kind,
                                const char          *account,
                                const char          *secret,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;
  Op *op;

  g_return_if_fail (DIPCC_IS_SECRET_STORE (self));
  g_return_if_fail (kind_to_string (kind) != NULL);
  g_return_if_fail (account != NULL && *account != '\0');
  g_return_if_fail (secret != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dipcc_secret_store_store_async);

  op = g_new0 (Op, 1);
  op->type = OP_STORE;
  op->kind = kind;
  op->account = g_strdup (account);
  op->secret = g_strdup (secret);
  op->label = kind == DIPCC_SECRET_KIND_APP_KEY
              /* Translators: a keyring entry's name; %s is tenant@address */
              ? g_strdup_printf (_("DIPCC Companion app key for %s"), account)
              /* Translators: a keyring entry's name; %s is user@host:port */
              : g_strdup_printf (_("DIPCC Companion AMI secret for %s"), account);
  g_task_set_task_data (task, op, (GDestroyNotify) op_free);
  g_queue_push_tail (&self->queue, task);
  run_next (self);
}

/**
 * dipcc_secret_store_store_finish:
 * @error: return location for a #GError
 *
 * Returns: whether the secret was stored; on failure a %DIPCC_ERROR_FAILED
 *   or %G_IO_ERROR_CANCELLED
 */
gboolean
dipcc_secret_store_store_finish (DipccSecretStore  *self,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  g_return_val_if_fail (DIPCC_IS_SECRET_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        dipcc_secret_store_store_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_looked_up (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DipccSecretStore *self = g_task_get_source_object (task);
  GError *error = NULL;
  char *secret;

  secret = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, map_error (error));
  else
    {
      /* NULL (nothing stored) is a result, not an error. */
      g_task_return_pointer (task, g_strdup (secret), (GDestroyNotify) dipcc_secret_free);
      secret_password_free (secret);
    }
  op_done (self);
}

/**
 * dipcc_secret_store_lookup_async:
 * @kind: which secret
 * @account: whose
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: for @callback
 *
 * Looks a secret up in the keyring.
 */
void
dipcc_secret_store_lookup_async (DipccSecretStore    *self,
                                 DipccSecretKind      kind,
                                 const char          *account,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task;
  Op *op;

  g_return_if_fail (DIPCC_IS_SECRET_STORE (self));
  g_return_if_fail (kind_to_string (kind) != NULL);
  g_return_if_fail (account != NULL && *account != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dipcc_secret_store_lookup_async);

  op = g_new0 (Op, 1);
  op->type = OP_LOOKUP;
  op->kind = kind;
  op->account = g_strdup (account);
  g_task_set_task_data (task, op, (GDestroyNotify) op_free);
  g_queue_push_tail (&self->queue, task);
  run_next (self);
}

/**
 * dipcc_secret_store_lookup_finish:
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the secret, to free with
 *   dipcc_secret_free(); %NULL without an error when none is stored
 */
char *
dipcc_secret_store_lookup_finish (DipccSecretStore  *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  g_return_val_if_fail (DIPCC_IS_SECRET_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        dipcc_secret_store_lookup_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_cleared (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DipccSecretStore *self = g_task_get_source_object (task);
  Op *op = g_task_get_task_data (task);
  GError *error = NULL;

  op->removed = secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, map_error (error));
  else
    g_task_return_boolean (task, TRUE);
  op_done (self);
}

/**
 * dipcc_secret_store_clear_async:
 * @kind: which secret
 * @account: whose
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: for @callback
 *
 * Removes a secret from the keyring.
 */
void
dipcc_secret_store_clear_async (DipccSecretStore    *self,
                                DipccSecretKind      kind,
                                const char          *account,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;
  Op *op;

  g_return_if_fail (DIPCC_IS_SECRET_STORE (self));
  g_return_if_fail (kind_to_string (kind) != NULL);
  g_return_if_fail (account != NULL && *account != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dipcc_secret_store_clear_async);

  op = g_new0 (Op, 1);
  op->type = OP_CLEAR;
  op->kind = kind;
  op->account = g_strdup (account);
  g_task_set_task_data (task, op, (GDestroyNotify) op_free);
  g_queue_push_tail (&self->queue, task);
  run_next (self);
}

/**
 * dipcc_secret_store_clear_finish:
 * @removed: (out) (optional): whether there was a secret to remove
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the secret is gone (or was never there)
 */
gboolean
dipcc_secret_store_clear_finish (DipccSecretStore  *self,
                                 GAsyncResult      *result,
                                 gboolean          *removed,
                                 GError           **error)
{
  gboolean ok;

  g_return_val_if_fail (DIPCC_IS_SECRET_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        dipcc_secret_store_clear_async, FALSE);

  ok = g_task_propagate_boolean (G_TASK (result), error);
  if (removed)
    *removed = ok && ((Op *) g_task_get_task_data (G_TASK (result)))->removed;
  return ok;
}
