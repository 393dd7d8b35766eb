/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-endpoint.c: endpoint addresses, where they are (R5), and the companion's configuration. */

#include "config.h"

#include <string.h>

#include "reframe-companion-config.h"
#include "reframe-endpoint.h"
#include "reframe-fake-model-server.h"
#include "reframe-ollama-provider.h"
#include "reframe-openai-provider.h"

/* A resolver that answers from a table, so host names are tested without any network. */

#define TEST_TYPE_RESOLVER (test_resolver_get_type ())
G_DECLARE_FINAL_TYPE (TestResolver, test_resolver, TEST, RESOLVER, GResolver)

struct _TestResolver
{
  GResolver parent_instance;
};

G_DEFINE_FINAL_TYPE (TestResolver, test_resolver, G_TYPE_RESOLVER)

static GList *
lookup_table (const char *hostname,
              GError    **error)
{
  static const struct
  {
    const char *host;
    const char *addresses[3];
  } table[] = {
    { "lan.test", { "192.168.1.20", NULL } },
    { "loop.test", { "127.0.0.1", "::1", NULL } },
    { "mixed.test", { "127.0.0.1", "10.0.0.1", NULL } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      GList *addresses = NULL;

      if (!g_str_equal (hostname, table[i].host))
        continue;
      for (guint j = 0; table[i].addresses[j] != NULL; j++)
        addresses =
            g_list_append (addresses, g_inet_address_new_from_string (table[i].addresses[j]));
      return addresses;
    }
  g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, "No such host “%s”", hostname);
  return NULL;
}

static GList *
test_resolver_lookup_by_name (GResolver    *resolver,
                              const char   *hostname,
                              GCancellable *cancellable,
                              GError      **error)
{
  return lookup_table (hostname, error);
}

static void
test_resolver_lookup_by_name_async (GResolver          *resolver,
                                    const char         *hostname,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data)
{
  g_autoptr (GTask) task = g_task_new (resolver, cancellable, callback, user_data);
  GError *error = NULL;
  GList  *addresses = lookup_table (hostname, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, addresses, (GDestroyNotify) g_resolver_free_addresses);
}

static GList *
test_resolver_lookup_by_name_finish (GResolver    *resolver,
                                     GAsyncResult *result,
                                     GError      **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
test_resolver_class_init (TestResolverClass *klass)
{
  GResolverClass *resolver_class = G_RESOLVER_CLASS (klass);

  resolver_class->lookup_by_name = test_resolver_lookup_by_name;
  resolver_class->lookup_by_name_async = test_resolver_lookup_by_name_async;
  resolver_class->lookup_by_name_finish = test_resolver_lookup_by_name_finish;
}

static void
test_resolver_init (TestResolver *self)
{
}

/* Helpers */

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

static ReframeEndpointLocality
resolve (const char        *endpoint,
         const char        *model,
         const char *const *forwards,
         GError           **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  reframe_endpoint_resolve_locality_async (
      endpoint, model, forwards, NULL, store_result_cb, &result);
  return reframe_endpoint_resolve_locality_finish (wait_for_result (&result), error);
}

static void
assert_locality (const char             *endpoint,
                 const char             *model,
                 ReframeEndpointLocality expected)
{
  g_autoptr (GError) error = NULL;
  ReframeEndpointLocality locality = resolve (endpoint, model, NULL, &error);

  g_assert_no_error (error);
  if (locality != expected)
    g_error ("%s with model %s: locality %d, expected %d", endpoint, model, locality, expected);
}

static GSettings *
new_clean_settings (void)
{
  GSettings *settings = g_settings_new (BASE_ID);
  g_autoptr (GSettingsSchema) schema = NULL;
  g_auto (GStrv) keys = NULL;

  /* The memory backend keeps values for the whole process: start every test afresh. */
  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);
  return settings;
}

/* Normalising */

static void
test_normalise (void)
{
  static const struct
  {
    const char *input;
    const char *expected;
  } cases[] = {
    { "http://127.0.0.1:11434", "http://127.0.0.1:11434" },
    { "http://127.0.0.1:11434/", "http://127.0.0.1:11434" },
    { "  http://127.0.0.1:11434/api/  ", "http://127.0.0.1:11434" },
    { "http://127.0.0.1:11434/api/chat", "http://127.0.0.1:11434" },
    { "http://localhost:8080/v1", "http://localhost:8080" },
    { "http://localhost:8080/v1/chat/completions", "http://localhost:8080" },
    { "localhost:11434", "http://localhost:11434" },
    { "HTTPS://API.Example.COM:443/v1/", "https://api.example.com" },
    { "http://[::1]:11434/", "http://[::1]:11434" },
    { "https://user:secret@host.example/proxy/ollama/api?x=1#top",
      "https://host.example/proxy/ollama" },
    { "http://192.168.1.10:80", "http://192.168.1.10" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *normalised = reframe_endpoint_normalise (cases[i].input, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (normalised, ==, cases[i].expected);
    }
}

static void
test_normalise_invalid (void)
{
  static const char *const invalid[] = { "",
                                         "   ",
                                         "not a url",
                                         "ftp://127.0.0.1/",
                                         "http://",
                                         "file:///etc/passwd",
                                         "http://exa mple.com/" };

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *normalised = reframe_endpoint_normalise (invalid[i], &error);

      g_assert_null (normalised);
      g_assert_error (error, REFRAME_ENDPOINT_ERROR, REFRAME_ENDPOINT_ERROR_INVALID);
      /* The message is for people: it shows an example of a good address. */
      g_assert_nonnull (strstr (error->message, "http"));
    }
}

static void
test_https_and_label (void)
{
  g_autofree char *label = reframe_endpoint_dup_host_label ("https://Host.Example:8443/v1");
  g_autofree char *ip_label = reframe_endpoint_dup_host_label ("192.168.1.10:11434");
  g_autofree char *bad_label = reframe_endpoint_dup_host_label ("ftp://host.example");

  g_assert_true (reframe_endpoint_is_https ("https://host.example/"));
  g_assert_false (reframe_endpoint_is_https ("http://host.example/"));
  g_assert_false (reframe_endpoint_is_https ("not a url"));
  g_assert_cmpstr (label, ==, "host.example");
  g_assert_cmpstr (ip_label, ==, "192.168.1.10");
  g_assert_null (bad_label);
}

/* Locality */

static void
test_locality_loopback (void)
{
  assert_locality ("http://127.0.0.1:11434", NULL, REFRAME_ENDPOINT_LOCALITY_LOCAL);
  assert_locality ("http://127.8.9.10:8080/v1", "llama3", REFRAME_ENDPOINT_LOCALITY_LOCAL);
  assert_locality ("http://[::1]:11434", NULL, REFRAME_ENDPOINT_LOCALITY_LOCAL);
  assert_locality ("http://[::ffff:127.0.0.1]:11434", NULL, REFRAME_ENDPOINT_LOCALITY_LOCAL);
  /* GLib answers "localhost" itself (RFC 6761), without asking any DNS server. */
  assert_locality ("http://localhost:11434", "", REFRAME_ENDPOINT_LOCALITY_LOCAL);
}

static void
test_locality_lan_is_remote (void)
{
  /* IP literals are judged without a connection or a lookup. */
  assert_locality ("http://192.168.1.10:11434", NULL, REFRAME_ENDPOINT_LOCALITY_REMOTE);
  assert_locality ("http://10.0.0.5:8080", NULL, REFRAME_ENDPOINT_LOCALITY_REMOTE);
  assert_locality ("http://[fe80::1]:11434", NULL, REFRAME_ENDPOINT_LOCALITY_REMOTE);
  assert_locality ("https://0.0.0.0:11434", NULL, REFRAME_ENDPOINT_LOCALITY_REMOTE);
}

static void
test_locality_cloud_models (void)
{
  g_assert_true (reframe_endpoint_is_cloud_model ("llama3:cloud"));
  g_assert_true (reframe_endpoint_is_cloud_model ("gpt-oss:120b-cloud"));
  g_assert_false (reframe_endpoint_is_cloud_model ("cloudy:7b"));
  g_assert_false (reframe_endpoint_is_cloud_model (NULL));

  /* Ollama sends these to its own servers even when asked on this computer. */
  assert_locality ("http://127.0.0.1:11434", "llama3:cloud", REFRAME_ENDPOINT_LOCALITY_REMOTE);
  assert_locality (
      "http://localhost:11434", "gpt-oss:120b-cloud", REFRAME_ENDPOINT_LOCALITY_REMOTE);
  assert_locality ("http://127.0.0.1:11434", "llama3:latest", REFRAME_ENDPOINT_LOCALITY_LOCAL);
}

static void
test_locality_forwards (void)
{
  static const char *const forwards[] = { "http://127.0.0.1:4000/v1/", NULL };
  g_autoptr (GError) error = NULL;

  /* A local proxy the person marked as forwarding is remote, in any spelling. */
  g_assert_cmpint (resolve ("http://127.0.0.1:4000", NULL, forwards, &error),
                   ==,
                   REFRAME_ENDPOINT_LOCALITY_REMOTE);
  g_assert_no_error (error);
  g_assert_cmpint (
      resolve ("127.0.0.1:4000/", NULL, forwards, &error), ==, REFRAME_ENDPOINT_LOCALITY_REMOTE);
  g_assert_no_error (error);
  /* Another port on the same computer is not the proxy. */
  g_assert_cmpint (resolve ("http://127.0.0.1:11434", NULL, forwards, &error),
                   ==,
                   REFRAME_ENDPOINT_LOCALITY_LOCAL);
  g_assert_no_error (error);
}

static void
test_locality_invalid (void)
{
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (
      resolve ("::: garbage :::", NULL, NULL, &error), ==, REFRAME_ENDPOINT_LOCALITY_UNKNOWN);
  g_assert_error (error, REFRAME_ENDPOINT_ERROR, REFRAME_ENDPOINT_ERROR_INVALID);
}

static void
test_locality_host_names (void)
{
  g_autoptr (GResolver) previous = g_resolver_get_default ();
  g_autoptr (GResolver) resolver = g_object_new (TEST_TYPE_RESOLVER, NULL);

  /* Decided by the resolved addresses, not by the name. */
  g_resolver_set_default (resolver);
  assert_locality ("http://loop.test:11434", NULL, REFRAME_ENDPOINT_LOCALITY_LOCAL);
  assert_locality ("http://lan.test:11434", NULL, REFRAME_ENDPOINT_LOCALITY_REMOTE);
  assert_locality ("http://mixed.test:11434", NULL, REFRAME_ENDPOINT_LOCALITY_REMOTE);
  assert_locality ("http://nowhere.test:11434", NULL, REFRAME_ENDPOINT_LOCALITY_UNKNOWN);
  g_resolver_set_default (previous);
}

static void
test_locality_cancelled (void)
{
  g_autoptr (GResolver) previous = g_resolver_get_default ();
  g_autoptr (GResolver) resolver = g_object_new (TEST_TYPE_RESOLVER, NULL);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;

  g_resolver_set_default (resolver);
  reframe_endpoint_resolve_locality_async (
      "http://loop.test", NULL, NULL, cancellable, store_result_cb, &result);
  g_cancellable_cancel (cancellable);
  g_assert_cmpint (reframe_endpoint_resolve_locality_finish (wait_for_result (&result), &error),
                   ==,
                   REFRAME_ENDPOINT_LOCALITY_UNKNOWN);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_resolver_set_default (previous);
}

/* Companion configuration */

static void
count_changed_cb (ReframeCompanionConfig *config,
                  const char             *key,
                  gpointer                user_data)
{
  GPtrArray *keys = user_data;

  g_ptr_array_add (keys, g_strdup (key));
}

static void
test_config_values (void)
{
  g_autoptr (GSettings) settings = new_clean_settings ();
  ReframeCompanionConfig *config = reframe_companion_config_new (settings);
  g_autoptr (GPtrArray) changed = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *endpoint = NULL;
  g_autofree char *model = NULL;
  g_autofree char *default_prompt = NULL;
  g_autofree char *prompt = NULL;

  g_signal_connect (config, "changed", G_CALLBACK (count_changed_cb), changed);

  endpoint = reframe_companion_config_dup_endpoint (config);
  g_assert_cmpstr (endpoint, ==, "http://127.0.0.1:11434");
  g_assert_cmpint (
      reframe_companion_config_get_provider_kind (config), ==, REFRAME_PROVIDER_KIND_OLLAMA);
  default_prompt = reframe_companion_config_dup_system_prompt (config);
  g_assert_cmpuint (strlen (default_prompt), >, 20);
  g_assert_true (reframe_companion_config_get_uses_default_prompt (config));

  g_settings_set_string (settings, "companion-endpoint", "http://192.168.1.10:8080/v1/");
  g_settings_set_string (settings, "companion-provider", "openai");
  g_settings_set_string (settings, "companion-model", " qwen2.5:7b ");
  g_settings_set_string (settings, "companion-system-prompt", "Keep answers short.");
  g_settings_set_int (settings, "window-width", 800);

  g_clear_pointer (&endpoint, g_free);
  endpoint = reframe_companion_config_dup_endpoint (config);
  g_assert_cmpstr (endpoint, ==, "http://192.168.1.10:8080");
  g_assert_cmpint (
      reframe_companion_config_get_provider_kind (config), ==, REFRAME_PROVIDER_KIND_OPENAI);
  model = reframe_companion_config_dup_model (config);
  g_assert_cmpstr (model, ==, "qwen2.5:7b");
  prompt = reframe_companion_config_dup_system_prompt (config);
  g_assert_cmpstr (prompt, ==, "Keep answers short.");
  g_assert_false (reframe_companion_config_get_uses_default_prompt (config));

  /* Only the companion's keys make it emit, each once. */
  g_assert_cmpuint (changed->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (changed, 0), ==, "companion-endpoint");
  g_assert_cmpstr (g_ptr_array_index (changed, 3), ==, "companion-system-prompt");

  g_assert_finalize_object (config);
}

static void
test_config_consent (void)
{
  g_autoptr (GSettings) settings = new_clean_settings ();
  ReframeCompanionConfig *config = reframe_companion_config_new (settings);
  g_auto (GStrv) consented = NULL;

  g_assert_false (reframe_companion_config_has_consent (config, "http://192.168.1.10:11434"));
  reframe_companion_config_give_consent (config, "http://192.168.1.10:11434/api/");
  reframe_companion_config_give_consent (config, "192.168.1.10:11434");
  g_assert_true (reframe_companion_config_has_consent (config, "http://192.168.1.10:11434"));
  g_assert_false (reframe_companion_config_has_consent (config, "http://192.168.1.11:11434"));

  /* Stored once, in the normalised form. */
  consented = g_settings_get_strv (settings, "companion-consented-endpoints");
  g_assert_cmpuint (g_strv_length (consented), ==, 1);
  g_assert_cmpstr (consented[0], ==, "http://192.168.1.10:11434");

  reframe_companion_config_revoke_consent (config, "http://192.168.1.10:11434/");
  g_assert_false (reframe_companion_config_has_consent (config, "http://192.168.1.10:11434"));

  /* An address that is not one is never consented to. */
  reframe_companion_config_give_consent (config, "not a url");
  g_assert_false (reframe_companion_config_has_consent (config, "not a url"));
  g_assert_finalize_object (config);
}

static void
test_config_forwards (void)
{
  g_autoptr (GSettings) settings = new_clean_settings ();
  ReframeCompanionConfig *config = reframe_companion_config_new (settings);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GAsyncResult) result2 = NULL;
  g_autoptr (GError) error = NULL;

  reframe_companion_config_resolve_locality_async (config, NULL, store_result_cb, &result);
  g_assert_cmpint (
      reframe_companion_config_resolve_locality_finish (config, wait_for_result (&result), &error),
      ==,
      REFRAME_ENDPOINT_LOCALITY_LOCAL);
  g_assert_no_error (error);

  reframe_companion_config_set_forwards_to_cloud (config, "http://127.0.0.1:11434/", TRUE);
  g_assert_true (reframe_companion_config_get_forwards_to_cloud (config, "http://127.0.0.1:11434"));
  reframe_companion_config_resolve_locality_async (config, NULL, store_result_cb, &result2);
  g_assert_cmpint (
      reframe_companion_config_resolve_locality_finish (config, wait_for_result (&result2), &error),
      ==,
      REFRAME_ENDPOINT_LOCALITY_REMOTE);
  g_assert_no_error (error);

  reframe_companion_config_set_forwards_to_cloud (config, "http://127.0.0.1:11434", FALSE);
  g_assert_false (
      reframe_companion_config_get_forwards_to_cloud (config, "http://127.0.0.1:11434"));
  /* The results hold the configuration, their source object. */
  g_clear_object (&result);
  g_clear_object (&result2);
  g_assert_finalize_object (config);
}

static void
test_config_provider (void)
{
  g_autoptr (GSettings) settings = new_clean_settings ();
  g_autoptr (ReframeFakeModelServer) server = reframe_fake_model_server_new ();
  ReframeCompanionConfig *config = reframe_companion_config_new (settings);
  ReframeModelProvider   *provider;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) models = NULL;
  g_autofree char *api_uri = g_strconcat (reframe_fake_model_server_get_uri (server), "v1/", NULL);
  g_autofree char *expected = NULL;

  /* The OpenAI kind with an address pasted with its /v1, and a key the server checks. */
  reframe_fake_model_server_set_api_key (server, "sk-test-123");
  g_settings_set_string (settings, "companion-provider", "openai");
  g_settings_set_string (settings, "companion-endpoint", api_uri);
  provider = reframe_companion_config_create_provider (config, "sk-test-123");
  g_assert_true (REFRAME_IS_OPENAI_PROVIDER (provider));

  reframe_model_provider_list_models_async (provider, NULL, store_result_cb, &result);
  models = reframe_model_provider_list_models_finish (provider, wait_for_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (models), ==, 2);
  g_assert_cmpstr (models[0], ==, REFRAME_FAKE_MODEL);
  g_clear_object (&result);
  g_assert_finalize_object (provider);

  g_settings_set_string (settings, "companion-provider", "ollama");
  provider = reframe_companion_config_create_provider (config, NULL);
  g_assert_true (REFRAME_IS_OLLAMA_PROVIDER (provider));
  expected = g_strndup (api_uri, strlen (api_uri) - strlen ("/v1/"));
  g_assert_cmpstr (
      reframe_ollama_provider_get_base_uri (REFRAME_OLLAMA_PROVIDER (provider)), ==, expected);
  reframe_model_provider_list_models_async (provider, NULL, store_result_cb, &result);
  g_clear_pointer (&models, g_strfreev);
  models = reframe_model_provider_list_models_finish (provider, wait_for_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (models), ==, 2);
  g_clear_object (&result);
  g_assert_finalize_object (provider);
  g_assert_finalize_object (config);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/reframe/endpoint/normalise", test_normalise);
  g_test_add_func ("/reframe/endpoint/normalise-invalid", test_normalise_invalid);
  g_test_add_func ("/reframe/endpoint/https-and-label", test_https_and_label);
  g_test_add_func ("/reframe/endpoint/locality-loopback", test_locality_loopback);
  g_test_add_func ("/reframe/endpoint/locality-lan-is-remote", test_locality_lan_is_remote);
  g_test_add_func ("/reframe/endpoint/locality-cloud-models", test_locality_cloud_models);
  g_test_add_func ("/reframe/endpoint/locality-forwards", test_locality_forwards);
  g_test_add_func ("/reframe/endpoint/locality-invalid", test_locality_invalid);
  g_test_add_func ("/reframe/endpoint/locality-host-names", test_locality_host_names);
  g_test_add_func ("/reframe/endpoint/locality-cancelled", test_locality_cancelled);
  g_test_add_func ("/reframe/endpoint/values", test_config_values);
  g_test_add_func ("/reframe/endpoint/consent", test_config_consent);
  g_test_add_func ("/reframe/endpoint/forwards", test_config_forwards);
  g_test_add_func ("/reframe/endpoint/provider", test_config_provider);
  return g_test_run ();
}
