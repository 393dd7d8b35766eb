/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-api-keys.c: API keys in a real GNOME Keyring, started by with-keyring.sh. */

#include "config.h"

#include <libsecret/secret.h>
#include <string.h>

#include "reframe-api-keys.h"
#include "reframe-companion-config.h"
#include "reframe-store.h"
#include "reframe-test-util.h"

#define ENDPOINT_A "http://127.0.0.1:11434"
#define ENDPOINT_B "https://api.example.com"
#define KEY_A      "sk-test-alpha-5f1c0e"
#define KEY_A2     "sk-test-alpha-replaced-77d2"
#define KEY_B      "sk-test-bravo-93ab41"

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **result_out = user_data;

  *result_out = g_object_ref (result);
}

static GAsyncResult *
wait_for_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

static gboolean
store_key (const char *endpoint,
           const char *key,
           GError    **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  reframe_api_keys_store_async (endpoint, key, NULL, store_result_cb, &result);
  return reframe_api_keys_store_finish (wait_for_result (&result), error);
}

static char *
lookup_key (const char *endpoint)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  char *key;

  reframe_api_keys_lookup_async (endpoint, NULL, store_result_cb, &result);
  key = reframe_api_keys_lookup_finish (wait_for_result (&result), &error);
  g_assert_no_error (error);
  return key;
}

static void
clear_key (const char *endpoint)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;

  reframe_api_keys_clear_async (endpoint, NULL, store_result_cb, &result);
  g_assert_true (reframe_api_keys_clear_finish (wait_for_result (&result), &error));
  g_assert_no_error (error);
}

static void
assert_key (const char *endpoint,
            const char *expected)
{
  g_autofree char *key = lookup_key (endpoint);

  g_assert_cmpstr (key, ==, expected);
}

/* Returns: how many Reframe items the keyring holds for @endpoint (already normalised) */
static guint
count_items (const char *endpoint)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  GList *items;
  guint  n;

  g_hash_table_insert (
      attributes, (gpointer) "xdg:schema", (gpointer) REFRAME_API_KEYS_SCHEMA_NAME);
  g_hash_table_insert (attributes, (gpointer) "endpoint", (gpointer) endpoint);
  items = secret_service_search_sync (NULL, NULL, attributes, SECRET_SEARCH_ALL, NULL, &error);
  g_assert_no_error (error);
  n = g_list_length (items);
  g_list_free_full (items, g_object_unref);
  return n;
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *contents = NULL;
  gsize            len;

  if (!g_file_get_contents (path, &contents, &len, NULL))
    return FALSE;
  return memmem (contents, len, needle, strlen (needle)) != NULL;
}

static void
assert_not_in_tree (const char *path,
                    const char *needle)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      if (file_contains (path, needle))
        g_error ("The API key is in %s", path);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      assert_not_in_tree (child, needle);
    }
}

static void
assert_not_in_settings (GSettings  *settings,
                        const char *needle)
{
  g_autoptr (GSettingsSchema) schema = NULL;
  g_auto (GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr (GVariant) value = g_settings_get_value (settings, keys[i]);
      g_autofree char *printed = g_variant_print (value, FALSE);

      g_assert_null (strstr (printed, needle));
    }
}

/* Tests */

static void
test_store_lookup_replace_clear (void)
{
  g_autoptr (GError) error = NULL;

  clear_key (ENDPOINT_A);
  clear_key (ENDPOINT_B);
  assert_key (ENDPOINT_A, NULL);

  /* Stored under the normalised address: any spelling of it finds the key. */
  g_assert_true (store_key ("http://127.0.0.1:11434/api/", "  " KEY_A "\n", &error));
  g_assert_no_error (error);
  assert_key (ENDPOINT_A, KEY_A);
  assert_key ("127.0.0.1:11434", KEY_A);
  g_assert_cmpuint (count_items (ENDPOINT_A), ==, 1);

  /* Storing again replaces the key; it does not add a second item. */
  g_assert_true (store_key (ENDPOINT_A, KEY_A2, &error));
  g_assert_no_error (error);
  assert_key (ENDPOINT_A, KEY_A2);
  g_assert_cmpuint (count_items (ENDPOINT_A), ==, 1);

  clear_key (ENDPOINT_A);
  assert_key (ENDPOINT_A, NULL);
  g_assert_cmpuint (count_items (ENDPOINT_A), ==, 0);
  /* Clearing what is not there is fine. */
  clear_key (ENDPOINT_A);
}

static void
test_endpoints_do_not_mix (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *sync_key = NULL;

  g_assert_true (store_key (ENDPOINT_A, KEY_A, &error));
  g_assert_true (store_key (ENDPOINT_B "/v1", KEY_B, &error));
  g_assert_no_error (error);

  assert_key (ENDPOINT_A, KEY_A);
  assert_key (ENDPOINT_B, KEY_B);
  /* Another port or scheme is another service. */
  assert_key ("http://127.0.0.1:8080", NULL);
  assert_key ("http://api.example.com", NULL);

  /* The command line's blocking lookup sees the same. */
  sync_key = reframe_api_keys_lookup_sync (ENDPOINT_B, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sync_key, ==, KEY_B);

  clear_key (ENDPOINT_A);
  assert_key (ENDPOINT_A, NULL);
  assert_key (ENDPOINT_B, KEY_B);
  clear_key (ENDPOINT_B);
}

static void
test_invalid_input (void)
{
  g_autoptr (GError) error = NULL;

  g_assert_false (store_key ("not a url", KEY_A, &error));
  g_assert_error (error, REFRAME_API_KEYS_ERROR, REFRAME_API_KEYS_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (store_key (ENDPOINT_A, "  \n", &error));
  g_assert_error (error, REFRAME_API_KEYS_ERROR, REFRAME_API_KEYS_ERROR_INVALID);
  assert_key (ENDPOINT_A, NULL);
}

static void
test_key_stays_in_keyring (void)
{
  g_autofree char *dir = reframe_test_make_tmp_dir ();
  g_autoptr (GSettings) settings = g_settings_new (BASE_ID);
  g_autoptr (ReframeCompanionConfig) config = reframe_companion_config_new (settings);
  g_autoptr (ReframeStore) store = NULL;
  g_autoptr (ReframeModelProvider) provider = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *key = NULL;
  const char      *keyring_dir = g_getenv ("REFRAME_TEST_KEYRING_DIR");

  /* The whole path a key takes: settings name the endpoint, the keyring holds the key,
   * the provider is built from both, and the journal is open beside them. */
  store = reframe_store_open (dir, &error);
  g_assert_no_error (error);
  g_settings_set_string (settings, "companion-provider", "openai");
  g_settings_set_string (settings, "companion-endpoint", ENDPOINT_B);
  g_assert_true (store_key (ENDPOINT_B, KEY_B, &error));
  key = lookup_key (ENDPOINT_B);
  provider = reframe_companion_config_create_provider (config, key);
  g_assert_nonnull (provider);
  g_clear_object (&store);

  assert_not_in_settings (settings, KEY_B);
  assert_not_in_tree (dir, KEY_B);
  /* The keyring file is encrypted with the keyring's password: no key in clear there either. */
  g_assert_nonnull (keyring_dir);
  g_assert_true (g_file_test (keyring_dir, G_FILE_TEST_IS_DIR));
  assert_not_in_tree (keyring_dir, KEY_B);

  clear_key (ENDPOINT_B);
  reframe_test_remove_tree (dir);
}

static void
test_no_keyring (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr (GError) error = NULL;
      gint64   start;
      gboolean stored;

      /* A session bus that is not there, as for a program started without a desktop. */
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/reframe-test-bus", TRUE);
      start = g_get_monotonic_time ();
      stored = store_key (ENDPOINT_A, KEY_A, &error);
      g_assert_false (stored);
      g_assert_error (error, REFRAME_API_KEYS_ERROR, REFRAME_API_KEYS_ERROR_UNAVAILABLE);
      g_assert_true (g_str_has_prefix (error->message, "The keyring is not available"));
      g_clear_error (&error);
      g_assert_null (reframe_api_keys_lookup_sync (ENDPOINT_A, NULL, &error));
      g_assert_error (error, REFRAME_API_KEYS_ERROR, REFRAME_API_KEYS_ERROR_UNAVAILABLE);
      /* Not D-Bus's 25-second wait for a bus that is not there (generous for a busy machine). */
      g_assert_cmpint (g_get_monotonic_time () - start, <, 15 * G_TIME_SPAN_SECOND);
      reframe_api_keys_shutdown ();
      return;
    }

  g_test_trap_subprocess (NULL, 20 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/reframe/api-keys/store-lookup-replace-clear", test_store_lookup_replace_clear);
  g_test_add_func ("/reframe/api-keys/endpoints-do-not-mix", test_endpoints_do_not_mix);
  g_test_add_func ("/reframe/api-keys/invalid-input", test_invalid_input);
  g_test_add_func ("/reframe/api-keys/key-stays-in-keyring", test_key_stays_in_keyring);
  g_test_add_func ("/reframe/api-keys/no-keyring", test_no_keyring);
  status = g_test_run ();

  /* libsecret keeps its connection for the whole process; end it so nothing is left. */
  reframe_api_keys_shutdown ();
  while (g_main_context_iteration (NULL, FALSE))
    ;
  return status;
}
