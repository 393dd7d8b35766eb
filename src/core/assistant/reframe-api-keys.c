/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-api-keys.c: API keys of model services, kept in the keyring (Secret Service). */

#define G_LOG_DOMAIN "ReframeApiKeys"

#include "config.h"

#include "reframe-i18n.h"
#include <libsecret/secret.h>

#include "reframe-api-keys.h"
#include "reframe-endpoint.h"

/* Connecting to the Secret Service (D-Bus, and starting the keyring daemon on demand)
 * takes well under a second when there is one. Past this, there is none worth waiting
 * for. Only the connection is timed: a keyring asking its owner to unlock it may wait
 * as long as the person needs. */
#define CONNECT_TIMEOUT_SECONDS 5

G_DEFINE_QUARK (reframe - api - keys - error - quark, reframe_api_keys_error)

typedef enum
{
  OPERATION_STORE,
  OPERATION_LOOKUP,
  OPERATION_CLEAR,
} Operation;

/* Never logged: @value holds the key. */
typedef struct
{
  Operation operation;

  /* Owned */
  GHashTable   *attributes;
  char         *label;
  SecretValue  *value;
  GCancellable *connect_cancellable; /* cancelled by the caller's, or by the timeout */
  GCancellable *caller_cancellable;
  GSource      *timeout;
  gulong        cancelled_id;
  gboolean      timed_out;
} Call;

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    REFRAME_API_KEYS_SCHEMA_NAME,
    SECRET_SCHEMA_NONE,
    {
        { "endpoint", SECRET_SCHEMA_ATTRIBUTE_STRING },
        { NULL, 0 },
    },
  };

  return &schema;
}

static void
stop_timeout (Call *call)
{
  if (call->timeout != NULL)
    {
      g_source_destroy (call->timeout);
      g_clear_pointer (&call->timeout, g_source_unref);
    }
}

static void
call_free (gpointer data)
{
  Call *call = data;

  stop_timeout (call);
  if (call->caller_cancellable != NULL)
    g_cancellable_disconnect (call->caller_cancellable, call->cancelled_id);
  g_clear_object (&call->caller_cancellable);
  g_clear_object (&call->connect_cancellable);
  g_clear_pointer (&call->attributes, g_hash_table_unref);
  g_clear_pointer (&call->value, secret_value_unref);
  g_free (call->label);
  g_free (call);
}

static gboolean
timeout_cb (gpointer user_data)
{
  Call *call = user_data;

  call->timed_out = TRUE;
  g_clear_pointer (&call->timeout, g_source_unref);
  g_cancellable_cancel (call->connect_cancellable);
  return G_SOURCE_REMOVE;
}

static void
caller_cancelled_cb (GCancellable *caller_cancellable,
                     gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

/* Returns: (transfer full): why there is no keyring, in words the person can act on */
static GError *
new_unavailable_error (Call   *call,
                       GError *error)
{
  if (call->timed_out)
    return g_error_new (
        REFRAME_API_KEYS_ERROR,
        REFRAME_API_KEYS_ERROR_UNAVAILABLE,
        g_dngettext (GETTEXT_PACKAGE,
                     "The keyring is not available: it did not answer within %d second. Check that "
                     "a keyring service such as GNOME Keyring is running, then try again.",
                     "The keyring is not available: it did not answer within %d seconds. Check "
                     "that a keyring service such as GNOME Keyring is running, then try again.",
                     CONNECT_TIMEOUT_SECONDS),
        CONNECT_TIMEOUT_SECONDS);
  return g_error_new (
      REFRAME_API_KEYS_ERROR,
      REFRAME_API_KEYS_ERROR_UNAVAILABLE,
      _ ("The keyring is not available, so Reframe cannot keep API keys (%s). Check that a keyring "
         "service such as GNOME Keyring is running, then try again."),
      error->message);
}

static GError *
new_failed_error (Call   *call,
                  GError *error)
{
  switch (call->operation)
    {
    case OPERATION_STORE:
      return g_error_new (REFRAME_API_KEYS_ERROR,
                          REFRAME_API_KEYS_ERROR_FAILED,
                          _ ("The keyring did not save the API key (%s)."),
                          error->message);
    case OPERATION_LOOKUP:
      return g_error_new (REFRAME_API_KEYS_ERROR,
                          REFRAME_API_KEYS_ERROR_FAILED,
                          _ ("The keyring did not give back the API key (%s)."),
                          error->message);
    case OPERATION_CLEAR:
    default:
      return g_error_new (REFRAME_API_KEYS_ERROR,
                          REFRAME_API_KEYS_ERROR_FAILED,
                          _ ("The keyring did not remove the API key (%s)."),
                          error->message);
    }
}

static void
return_operation_error (GTask  *task,
                        GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, g_error_copy (error));
  else
    g_task_return_error (task, new_failed_error (g_task_get_task_data (task), error));
}

static void
store_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;

  if (secret_service_store_finish (SECRET_SERVICE (object), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    return_operation_error (task, error);
}

/* A search that loads the secret, rather than secret_service_lookup(): libsecret 0.20.5
 * leaks the D-Bus reply of every lookup that finds an item (seen with LeakSanitizer). */
static void
lookup_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  GList       *items = secret_service_search_finish (SECRET_SERVICE (object), result, &error);
  SecretValue *value = items != NULL ? secret_item_get_secret (items->data) : NULL;

  if (error != NULL)
    return_operation_error (task, error);
  else if (value == NULL)
    g_task_return_pointer (task, NULL, NULL);
  else
    g_task_return_pointer (task, g_strdup (secret_value_get_text (value)), g_free);
  g_clear_pointer (&value, secret_value_unref);
  g_list_free_full (items, g_object_unref);
}

/* Clearing nothing is not a failure: FALSE without an error means no key was stored. */
static void
clear_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;

  secret_service_clear_finish (SECRET_SERVICE (object), result, &error);
  if (error != NULL)
    return_operation_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
service_ready_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  Call *call = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (SecretService) service = secret_service_get_finish (result, &error);
  GCancellable *cancellable = call->caller_cancellable;

  stop_timeout (call);
  if (service == NULL && g_cancellable_is_cancelled (call->caller_cancellable))
    g_task_return_new_error (
        task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _ ("The request to the keyring was cancelled."));
  else if (service == NULL)
    g_task_return_error (task, new_unavailable_error (call, error));
  else if (call->operation == OPERATION_STORE)
    secret_service_store (service,
                          get_schema (),
                          call->attributes,
                          SECRET_COLLECTION_DEFAULT,
                          call->label,
                          call->value,
                          cancellable,
                          store_done_cb,
                          g_steal_pointer (&task));
  else if (call->operation == OPERATION_LOOKUP)
    secret_service_search (service,
                           get_schema (),
                           call->attributes,
                           SECRET_SEARCH_UNLOCK | SECRET_SEARCH_LOAD_SECRETS,
                           cancellable,
                           lookup_done_cb,
                           g_steal_pointer (&task));
  else
    secret_service_clear (service,
                          get_schema (),
                          call->attributes,
                          cancellable,
                          clear_done_cb,
                          g_steal_pointer (&task));
}

/* Starts @operation on the Secret Service for @endpoint; %NULL with @error set when
 * @endpoint is not a valid address. */
static GTask *
start_call (Operation           operation,
            const char         *endpoint,
            gpointer            source_tag,
            GCancellable       *cancellable,
            GAsyncReadyCallback callback,
            gpointer            user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr (GError) error = NULL;
  g_autofree char *normalised = reframe_endpoint_normalise (endpoint, &error);
  Call            *call;

  g_task_set_source_tag (task, source_tag);
  if (normalised == NULL)
    {
      g_task_return_new_error (
          task, REFRAME_API_KEYS_ERROR, REFRAME_API_KEYS_ERROR_INVALID, "%s", error->message);
      return NULL;
    }

  call = g_new0 (Call, 1);
  call->operation = operation;
  call->attributes = secret_attributes_build (get_schema (), "endpoint", normalised, NULL);
  /* Translators: the name of an API key in the keyring (Passwords and Keys); %s is an address */
  call->label = g_strdup_printf (_ ("Reframe API key for %s"), normalised);
  call->connect_cancellable = g_cancellable_new ();
  g_task_set_task_data (task, call, call_free);
  if (cancellable != NULL)
    {
      call->caller_cancellable = g_object_ref (cancellable);
      call->cancelled_id = g_cancellable_connect (cancellable,
                                                  G_CALLBACK (caller_cancelled_cb),
                                                  g_object_ref (call->connect_cancellable),
                                                  g_object_unref);
    }
  return g_steal_pointer (&task);
}

static void
connect_service (GTask *task)
{
  Call *call = g_task_get_task_data (task);

  call->timeout = g_timeout_source_new_seconds (CONNECT_TIMEOUT_SECONDS);
  g_source_set_callback (call->timeout, timeout_cb, call, NULL);
  g_source_attach (call->timeout, g_task_get_context (task));
  secret_service_get (
      SECRET_SERVICE_OPEN_SESSION, call->connect_cancellable, service_ready_cb, task);
}

/**
 * reframe_api_keys_store_async:
 * @endpoint: the model service's address, in any form reframe_endpoint_normalise() takes
 * @key: the API key; surrounding white space (from pasting) is dropped
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context when done
 * @user_data: data for @callback
 *
 * Saves @key in the default keyring collection for @endpoint, replacing the one there.
 */
void
reframe_api_keys_store_async (const char         *endpoint,
                              const char         *key,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (key != NULL ? key : ""));
  GTask           *task;
  Call            *call;

  task = start_call (
      OPERATION_STORE, endpoint, reframe_api_keys_store_async, cancellable, callback, user_data);
  if (task == NULL)
    return;
  if (*trimmed == '\0')
    {
      g_task_return_new_error (task,
                               REFRAME_API_KEYS_ERROR,
                               REFRAME_API_KEYS_ERROR_INVALID,
                               _ ("The API key is empty. Paste the key the service gave you."));
      g_object_unref (task);
      return;
    }
  call = g_task_get_task_data (task);
  call->value = secret_value_new (trimmed, -1, "text/plain");
  connect_service (task);
}

/**
 * reframe_api_keys_store_finish:
 * @result: the result given to the callback
 * @error: return location for a %REFRAME_API_KEYS_ERROR or %G_IO_ERROR_CANCELLED
 *
 * Returns: whether the key was saved
 */
gboolean
reframe_api_keys_store_finish (GAsyncResult *result,
                               GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * reframe_api_keys_lookup_async:
 * @endpoint: the model service's address
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context when done
 * @user_data: data for @callback
 *
 * Looks up the key saved for @endpoint. A locked keyring asks its owner to unlock it.
 */
void
reframe_api_keys_lookup_async (const char         *endpoint,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  GTask *task = start_call (
      OPERATION_LOOKUP, endpoint, reframe_api_keys_lookup_async, cancellable, callback, user_data);

  if (task != NULL)
    connect_service (task);
}

/**
 * reframe_api_keys_lookup_finish:
 * @result: the result given to the callback
 * @error: return location for a %REFRAME_API_KEYS_ERROR or %G_IO_ERROR_CANCELLED
 *
 * Returns: (transfer full) (nullable): the key; %NULL without an error when none is saved
 */
char *
reframe_api_keys_lookup_finish (GAsyncResult *result,
                                GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
sync_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **result_out = user_data;

  *result_out = g_object_ref (result);
}

/**
 * reframe_api_keys_lookup_sync:
 * @endpoint: the model service's address
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a %REFRAME_API_KEYS_ERROR or %G_IO_ERROR_CANCELLED
 *
 * Blocks until the keyring answers, with the same timeout as the async call, running
 * the thread-default main context meanwhile. For the command line only: the main thread
 * of the GUI never waits.
 *
 * Returns: (transfer full) (nullable): the key; %NULL without an error when none is saved
 */
char *
reframe_api_keys_lookup_sync (const char   *endpoint,
                              GCancellable *cancellable,
                              GError      **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  /* On the thread's own context, not a temporary one: libsecret keeps the connection it
   * makes here for the whole process, and GDBus later frees what it subscribed to from
   * idle callbacks on the context it was made on. */
  reframe_api_keys_lookup_async (endpoint, cancellable, sync_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return reframe_api_keys_lookup_finish (result, error);
}

/**
 * reframe_api_keys_clear_async:
 * @endpoint: the model service's address
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context when done
 * @user_data: data for @callback
 *
 * Removes the key saved for @endpoint, if there is one.
 */
void
reframe_api_keys_clear_async (const char         *endpoint,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  GTask *task = start_call (
      OPERATION_CLEAR, endpoint, reframe_api_keys_clear_async, cancellable, callback, user_data);

  if (task != NULL)
    connect_service (task);
}

/**
 * reframe_api_keys_clear_finish:
 * @result: the result given to the callback
 * @error: return location for a %REFRAME_API_KEYS_ERROR or %G_IO_ERROR_CANCELLED
 *
 * Returns: %TRUE when no key is saved for the endpoint any more (also when there was none)
 */
gboolean
reframe_api_keys_clear_finish (GAsyncResult *result,
                               GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * reframe_api_keys_shutdown:
 *
 * Drops the connection to the Secret Service that libsecret keeps for the whole
 * process. Call it once at exit, when no request is running.
 */
void
reframe_api_keys_shutdown (void)
{
  secret_service_disconnect ();
}
