/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-ollama-provider.c: a model provider speaking Ollama's native API (/api/chat, NDJSON). */

#define G_LOG_DOMAIN "ReframeOllamaProvider"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "reframe-model-provider-private.h"
#include "reframe-ndjson-parser.h"
#include "reframe-ollama-provider.h"

#define CHAT_PATH   "api/chat"
#define MODELS_PATH "api/tags"

struct _ReframeOllamaProvider
{
  GObject parent_instance;

  /* Owned */
  SoupSession *session;
  char        *base_uri;
  char        *endpoint;
  char        *api_key; /* never logged */

  guint stall_timeout;
};

enum
{
  PROP_0,
  PROP_BASE_URI,
  PROP_API_KEY,
  PROP_STALL_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void model_provider_iface_init (ReframeModelProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ReframeOllamaProvider, reframe_ollama_provider, G_TYPE_OBJECT, G_IMPLEMENT_INTERFACE (REFRAME_TYPE_MODEL_PROVIDER, model_provider_iface_init))

static gboolean
feed_parser (gpointer      parser,
             const guint8 *data,
             gsize         len,
             GPtrArray    *events_out,
             GError      **error)
{
  return reframe_ndjson_parser_feed (parser, data, len, events_out, error);
}

static gboolean
finish_parser (gpointer   parser,
               GPtrArray *events_out,
               GError   **error)
{
  return reframe_ndjson_parser_finish (parser, events_out, error);
}

static void
fill_setup (ReframeOllamaProvider       *self,
            ReframeProviderRequestSetup *setup)
{
  setup->session = self->session;
  setup->endpoint = self->endpoint;
  setup->stall_timeout = self->stall_timeout;
}

/* Returns: (transfer full): the "name" of every entry of {"models": […]}. */
static char **
parse_models (ReframeOllamaProvider *self,
              GBytes                *body,
              GError               **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GStrvBuilder) names = g_strv_builder_new ();
  JsonObject *root = _reframe_provider_parse_body (parser, body, self->endpoint, error);
  JsonNode   *models;

  if (root == NULL)
    return NULL;
  models = json_object_get_member (root, "models");
  if (models == NULL || !JSON_NODE_HOLDS_ARRAY (models))
    {
      _reframe_provider_set_malformed (error, self->endpoint, "models");
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (models)); i++)
    {
      JsonNode *model = json_array_get_element (json_node_get_array (models), i);

      if (JSON_NODE_HOLDS_OBJECT (model))
        {
          const char *name = json_object_get_string_member_with_default (json_node_get_object (model), "name", NULL);

          if (name != NULL && g_utf8_validate (name, -1, NULL))
            g_strv_builder_add (names, name);
        }
    }
  return g_strv_builder_end (names);
}

static void
list_models_done_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  ReframeOllamaProvider *self = g_task_get_source_object (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) body = _reframe_provider_request_finish_bytes (result, &error);
  char **names = body != NULL ? parse_models (self, body, &error) : NULL;

  if (names == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, names, (GDestroyNotify) g_strfreev);
}

static void
reframe_ollama_provider_list_models_async (ReframeModelProvider *provider,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data)
{
  ReframeOllamaProvider *self = REFRAME_OLLAMA_PROVIDER (provider);
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr (SoupMessage) msg = _reframe_provider_message_new (SOUP_METHOD_GET, self->base_uri, MODELS_PATH, self->api_key, NULL);
  ReframeProviderRequestSetup setup = { 0 };

  g_task_set_source_tag (task, reframe_ollama_provider_list_models_async);
  if (msg == NULL)
    {
      g_task_return_new_error (task, REFRAME_PROVIDER_ERROR, REFRAME_PROVIDER_ERROR_FAILED, _ ("“%s” is not a valid address for a model service. Check it in Preferences."), self->endpoint);
      return;
    }
  fill_setup (self, &setup);
  _reframe_provider_request_async (self, reframe_ollama_provider_list_models_async, msg, &setup, cancellable, list_models_done_cb, g_object_ref (task));
}

static char **
reframe_ollama_provider_list_models_finish (ReframeModelProvider *provider,
                                            GAsyncResult         *result,
                                            GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
reframe_ollama_provider_stream_chat_async (ReframeModelProvider *provider,
                                           ReframeChatRequest   *request,
                                           ReframeChatDeltaFunc  delta_func,
                                           gpointer              delta_data,
                                           GDestroyNotify        delta_destroy,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data)
{
  ReframeOllamaProvider *self = REFRAME_OLLAMA_PROVIDER (provider);
  g_autoptr (GBytes) body = reframe_chat_request_to_json (request);
  g_autoptr (SoupMessage) msg = _reframe_provider_message_new (SOUP_METHOD_POST, self->base_uri, CHAT_PATH, self->api_key, body);
  g_autoptr (ReframeNdjsonParser) parser = reframe_ndjson_parser_new ();
  ReframeProviderRequestSetup setup = { 0 };

  if (msg == NULL)
    {
      g_task_report_new_error (self, callback, user_data, reframe_ollama_provider_stream_chat_async, REFRAME_PROVIDER_ERROR, REFRAME_PROVIDER_ERROR_FAILED, _ ("“%s” is not a valid address for a model service. Check it in Preferences."), self->endpoint);
      if (delta_destroy != NULL)
        delta_destroy (delta_data);
      return;
    }
  fill_setup (self, &setup);
  setup.model = reframe_chat_request_get_model (request);
  setup.parser = parser;
  setup.feed = feed_parser;
  setup.finish = finish_parser;
  setup.delta_func = delta_func;
  setup.delta_data = delta_data;
  setup.delta_destroy = delta_destroy;
  _reframe_provider_request_async (self, reframe_ollama_provider_stream_chat_async, msg, &setup, cancellable, callback, user_data);
}

static ReframeChatEvent *
reframe_ollama_provider_stream_chat_finish (ReframeModelProvider *provider,
                                            GAsyncResult         *result,
                                            GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return _reframe_provider_request_finish_done (result, error);
}

static void
model_provider_iface_init (ReframeModelProviderInterface *iface)
{
  iface->list_models_async = reframe_ollama_provider_list_models_async;
  iface->list_models_finish = reframe_ollama_provider_list_models_finish;
  iface->stream_chat_async = reframe_ollama_provider_stream_chat_async;
  iface->stream_chat_finish = reframe_ollama_provider_stream_chat_finish;
}

static void
reframe_ollama_provider_constructed (GObject *object)
{
  ReframeOllamaProvider *self = REFRAME_OLLAMA_PROVIDER (object);

  G_OBJECT_CLASS (reframe_ollama_provider_parent_class)->constructed (object);

  if (self->base_uri == NULL)
    self->base_uri = g_strdup ("http://127.0.0.1:11434/");
  self->endpoint = _reframe_provider_dup_endpoint (self->base_uri);
  self->session = _reframe_provider_session_new (self->base_uri);
}

static void
reframe_ollama_provider_dispose (GObject *object)
{
  ReframeOllamaProvider *self = REFRAME_OLLAMA_PROVIDER (object);

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (reframe_ollama_provider_parent_class)->dispose (object);
}

static void
reframe_ollama_provider_finalize (GObject *object)
{
  ReframeOllamaProvider *self = REFRAME_OLLAMA_PROVIDER (object);

  g_free (self->base_uri);
  g_free (self->endpoint);
  g_free (self->api_key);

  G_OBJECT_CLASS (reframe_ollama_provider_parent_class)->finalize (object);
}

static void
reframe_ollama_provider_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  ReframeOllamaProvider *self = REFRAME_OLLAMA_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_BASE_URI:
      g_value_set_string (value, self->base_uri);
      break;
    case PROP_STALL_TIMEOUT:
      g_value_set_uint (value, self->stall_timeout);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reframe_ollama_provider_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  ReframeOllamaProvider *self = REFRAME_OLLAMA_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_BASE_URI:
      self->base_uri = g_value_dup_string (value);
      break;
    case PROP_API_KEY:
      self->api_key = g_value_dup_string (value);
      break;
    case PROP_STALL_TIMEOUT:
      reframe_ollama_provider_set_stall_timeout (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reframe_ollama_provider_class_init (ReframeOllamaProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = reframe_ollama_provider_constructed;
  object_class->dispose = reframe_ollama_provider_dispose;
  object_class->finalize = reframe_ollama_provider_finalize;
  object_class->get_property = reframe_ollama_provider_get_property;
  object_class->set_property = reframe_ollama_provider_set_property;

  /* The service's base URI, e.g. "http://127.0.0.1:11434/"; %NULL for Ollama's default. */
  properties[PROP_BASE_URI] =
      g_param_spec_string ("base-uri", NULL, NULL, NULL, G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* A key sent as "Authorization: Bearer", for ollama.com; write-only so it is never read back. */
  properties[PROP_API_KEY] =
      g_param_spec_string ("api-key", NULL, NULL, NULL, G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Seconds without a byte before a request fails as stalled; 0 waits for ever. */
  properties[PROP_STALL_TIMEOUT] =
      g_param_spec_uint ("stall-timeout", NULL, NULL, 0, G_MAXUINT, REFRAME_PROVIDER_DEFAULT_STALL_TIMEOUT, G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
reframe_ollama_provider_init (ReframeOllamaProvider *self)
{
  self->stall_timeout = REFRAME_PROVIDER_DEFAULT_STALL_TIMEOUT;
}

/**
 * reframe_ollama_provider_new:
 * @base_uri: (nullable): the service, e.g. "http://127.0.0.1:11434/"; %NULL for the default
 * @api_key: (nullable): a key for a service that wants one
 *
 * Returns: (transfer full): a new provider
 */
ReframeOllamaProvider *
reframe_ollama_provider_new (const char *base_uri,
                             const char *api_key)
{
  return g_object_new (REFRAME_TYPE_OLLAMA_PROVIDER, "base-uri", base_uri, "api-key", api_key, NULL);
}

const char *
reframe_ollama_provider_get_base_uri (ReframeOllamaProvider *self)
{
  g_return_val_if_fail (REFRAME_IS_OLLAMA_PROVIDER (self), NULL);

  return self->base_uri;
}

guint
reframe_ollama_provider_get_stall_timeout (ReframeOllamaProvider *self)
{
  g_return_val_if_fail (REFRAME_IS_OLLAMA_PROVIDER (self), 0);

  return self->stall_timeout;
}

/* Takes effect from the next request. */
void
reframe_ollama_provider_set_stall_timeout (ReframeOllamaProvider *self,
                                           guint                  stall_timeout)
{
  g_return_if_fail (REFRAME_IS_OLLAMA_PROVIDER (self));

  if (self->stall_timeout == stall_timeout)
    return;
  self->stall_timeout = stall_timeout;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STALL_TIMEOUT]);
}
