/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-http-provider.c: the model provider machinery both wire formats share.
 *
 * Holding the session, the addresses and the key, listing models and streaming a chat
 * are the same for every service; a subclass only names its ReframeWireFormat. */

#define G_LOG_DOMAIN "ReframeHttpProvider"

#include "config.h"

#include "reframe-i18n.h"

#include <string.h>

#include "reframe-http-provider.h"

typedef struct
{
  SoupSession *session;
  char        *base_uri;
  char        *api_base_uri;
  char        *endpoint;
  char        *api_key; /* never logged */

  guint stall_timeout;
} ReframeHttpProviderPrivate;

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

G_DEFINE_ABSTRACT_TYPE_WITH_CODE (ReframeHttpProvider,
                                  reframe_http_provider,
                                  G_TYPE_OBJECT,
                                  G_ADD_PRIVATE (ReframeHttpProvider)
                                      G_IMPLEMENT_INTERFACE (REFRAME_TYPE_MODEL_PROVIDER,
                                                             model_provider_iface_init))

static const ReframeWireFormat *
get_format (ReframeHttpProvider *self)
{
  return REFRAME_HTTP_PROVIDER_GET_CLASS (self)->format;
}

static void
fill_setup (ReframeHttpProvider         *self,
            ReframeProviderRequestSetup *setup)
{
  ReframeHttpProviderPrivate *priv = reframe_http_provider_get_instance_private (self);

  setup->session = priv->session;
  setup->endpoint = priv->endpoint;
  setup->stall_timeout = priv->stall_timeout;
}

static void
report_bad_address (ReframeHttpProvider *self,
                    gpointer             source_tag,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  ReframeHttpProviderPrivate *priv = reframe_http_provider_get_instance_private (self);

  g_task_report_new_error (
      self,
      callback,
      user_data,
      source_tag,
      REFRAME_PROVIDER_ERROR,
      REFRAME_PROVIDER_ERROR_FAILED,
      _ ("“%s” is not a valid address for a model service. Check it in Preferences."),
      priv->endpoint);
}

/* Returns: (transfer full): the names of the models in the service's list. */
static char **
parse_models (ReframeHttpProvider *self,
              GBytes              *body,
              GError             **error)
{
  ReframeHttpProviderPrivate *priv = reframe_http_provider_get_instance_private (self);
  const ReframeWireFormat    *format = get_format (self);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GStrvBuilder) names = g_strv_builder_new ();
  JsonObject *root = _reframe_provider_parse_body (parser, body, priv->endpoint, error);
  JsonNode   *models;

  if (root == NULL)
    return NULL;
  models = json_object_get_member (root, format->models_member);
  if (models == NULL || !JSON_NODE_HOLDS_ARRAY (models))
    {
      _reframe_provider_set_malformed (error, priv->endpoint, format->models_member);
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (models)); i++)
    {
      JsonNode *model = json_array_get_element (json_node_get_array (models), i);

      if (JSON_NODE_HOLDS_OBJECT (model))
        {
          const char *name = json_object_get_string_member_with_default (
              json_node_get_object (model), format->model_name_member, NULL);

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
  ReframeHttpProvider *self = g_task_get_source_object (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) body = _reframe_provider_request_finish_bytes (result, &error);
  char **names = body != NULL ? parse_models (self, body, &error) : NULL;

  if (names == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, names, (GDestroyNotify) g_strfreev);
}

static void
reframe_http_provider_list_models_async (ReframeModelProvider *provider,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data)
{
  ReframeHttpProvider        *self = REFRAME_HTTP_PROVIDER (provider);
  ReframeHttpProviderPrivate *priv = reframe_http_provider_get_instance_private (self);
  g_autoptr (SoupMessage) msg = _reframe_provider_message_new (
      SOUP_METHOD_GET, priv->api_base_uri, get_format (self)->models_path, priv->api_key, NULL);
  g_autoptr (GTask) task = NULL;
  ReframeProviderRequestSetup setup = { 0 };

  if (msg == NULL)
    {
      report_bad_address (self, reframe_http_provider_list_models_async, callback, user_data);
      return;
    }
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, reframe_http_provider_list_models_async);
  fill_setup (self, &setup);
  _reframe_provider_request_async (self,
                                   reframe_http_provider_list_models_async,
                                   msg,
                                   &setup,
                                   cancellable,
                                   list_models_done_cb,
                                   g_object_ref (task));
}

static char **
reframe_http_provider_list_models_finish (ReframeModelProvider *provider,
                                          GAsyncResult         *result,
                                          GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
reframe_http_provider_stream_chat_async (ReframeModelProvider *provider,
                                         ReframeChatRequest   *request,
                                         ReframeChatDeltaFunc  delta_func,
                                         gpointer              delta_data,
                                         GDestroyNotify        delta_destroy,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data)
{
  ReframeHttpProvider        *self = REFRAME_HTTP_PROVIDER (provider);
  ReframeHttpProviderPrivate *priv = reframe_http_provider_get_instance_private (self);
  const ReframeWireFormat    *format = get_format (self);
  g_autoptr (GBytes) body = reframe_chat_request_to_json_full (request, format->sends_num_ctx);
  g_autoptr (SoupMessage) msg = _reframe_provider_message_new (
      SOUP_METHOD_POST, priv->api_base_uri, format->chat_path, priv->api_key, body);
  g_autoptr (GObject) parser = NULL;
  ReframeProviderRequestSetup setup = { 0 };

  if (msg == NULL)
    {
      report_bad_address (self, reframe_http_provider_stream_chat_async, callback, user_data);
      if (delta_destroy != NULL)
        delta_destroy (delta_data);
      return;
    }
  parser = format->parser_new ();
  fill_setup (self, &setup);
  setup.model = reframe_chat_request_get_model (request);
  setup.parser = parser;
  setup.feed = format->feed;
  setup.finish = format->finish;
  setup.delta_func = delta_func;
  setup.delta_data = delta_data;
  setup.delta_destroy = delta_destroy;
  _reframe_provider_request_async (
      self, reframe_http_provider_stream_chat_async, msg, &setup, cancellable, callback, user_data);
}

static ReframeChatEvent *
reframe_http_provider_stream_chat_finish (ReframeModelProvider *provider,
                                          GAsyncResult         *result,
                                          GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return _reframe_provider_request_finish_done (result, error);
}

/**
 * reframe_http_provider_post_chat_async:
 * @self: a provider
 * @body: a complete chat request body, not streamed ("stream": false)
 * @model: (nullable): the model asked, for the message when it is not there
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the whole answer
 * @user_data: data for @callback
 *
 * Posts @body to the service's chat address and collects the answer whole: for a
 * request that is read at once, such as a worksheet drafted through structured output.
 */
void
reframe_http_provider_post_chat_async (ReframeHttpProvider *self,
                                       GBytes              *body,
                                       const char          *model,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  ReframeHttpProviderPrivate *priv;
  g_autoptr (SoupMessage) msg = NULL;
  ReframeProviderRequestSetup setup = { 0 };

  g_return_if_fail (REFRAME_IS_HTTP_PROVIDER (self));
  g_return_if_fail (body != NULL);

  priv = reframe_http_provider_get_instance_private (self);
  msg = _reframe_provider_message_new (
      SOUP_METHOD_POST, priv->api_base_uri, get_format (self)->chat_path, priv->api_key, body);
  if (msg == NULL)
    {
      report_bad_address (self, reframe_http_provider_post_chat_async, callback, user_data);
      return;
    }
  fill_setup (self, &setup);
  setup.model = model;
  _reframe_provider_request_async (
      self, reframe_http_provider_post_chat_async, msg, &setup, cancellable, callback, user_data);
}

/* Returns: (transfer full) (nullable): the answer's body */
GBytes *
reframe_http_provider_post_chat_finish (ReframeHttpProvider *self,
                                        GAsyncResult        *result,
                                        GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return _reframe_provider_request_finish_bytes (result, error);
}

static void
model_provider_iface_init (ReframeModelProviderInterface *iface)
{
  iface->list_models_async = reframe_http_provider_list_models_async;
  iface->list_models_finish = reframe_http_provider_list_models_finish;
  iface->stream_chat_async = reframe_http_provider_stream_chat_async;
  iface->stream_chat_finish = reframe_http_provider_stream_chat_finish;
}

/* Returns: (transfer full): @base_uri ending in "/" and, when there is one, the API prefix. */
static char *
dup_api_base_uri (const char *base_uri,
                  const char *api_prefix)
{
  g_autofree char *with_slash =
      g_str_has_suffix (base_uri, "/") ? g_strdup (base_uri) : g_strconcat (base_uri, "/", NULL);
  g_autofree char *suffix = NULL;

  if (api_prefix == NULL)
    return g_steal_pointer (&with_slash);
  suffix = g_strconcat ("/", api_prefix, NULL);
  if (g_str_has_suffix (with_slash, suffix))
    return g_steal_pointer (&with_slash);
  return g_strconcat (with_slash, api_prefix, NULL);
}

static void
reframe_http_provider_constructed (GObject *object)
{
  ReframeHttpProvider        *self = REFRAME_HTTP_PROVIDER (object);
  ReframeHttpProviderPrivate *priv = reframe_http_provider_get_instance_private (self);
  const ReframeWireFormat    *format = get_format (self);

  G_OBJECT_CLASS (reframe_http_provider_parent_class)->constructed (object);

  if (priv->base_uri == NULL)
    priv->base_uri = g_strdup (format->default_base_uri);
  priv->api_base_uri = dup_api_base_uri (priv->base_uri, format->api_prefix);
  priv->endpoint = _reframe_provider_dup_endpoint (priv->base_uri);
  priv->session = _reframe_provider_session_new (priv->base_uri);
}

static void
reframe_http_provider_dispose (GObject *object)
{
  ReframeHttpProviderPrivate *priv =
      reframe_http_provider_get_instance_private (REFRAME_HTTP_PROVIDER (object));

  if (priv->session != NULL)
    soup_session_abort (priv->session);
  g_clear_object (&priv->session);

  G_OBJECT_CLASS (reframe_http_provider_parent_class)->dispose (object);
}

static void
reframe_http_provider_finalize (GObject *object)
{
  ReframeHttpProviderPrivate *priv =
      reframe_http_provider_get_instance_private (REFRAME_HTTP_PROVIDER (object));

  g_free (priv->base_uri);
  g_free (priv->api_base_uri);
  g_free (priv->endpoint);
  g_free (priv->api_key);

  G_OBJECT_CLASS (reframe_http_provider_parent_class)->finalize (object);
}

static void
reframe_http_provider_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  ReframeHttpProviderPrivate *priv =
      reframe_http_provider_get_instance_private (REFRAME_HTTP_PROVIDER (object));

  switch (prop_id)
    {
    case PROP_BASE_URI:
      g_value_set_string (value, priv->base_uri);
      break;
    case PROP_STALL_TIMEOUT:
      g_value_set_uint (value, priv->stall_timeout);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reframe_http_provider_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  ReframeHttpProvider        *self = REFRAME_HTTP_PROVIDER (object);
  ReframeHttpProviderPrivate *priv = reframe_http_provider_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_BASE_URI:
      priv->base_uri = g_value_dup_string (value);
      break;
    case PROP_API_KEY:
      priv->api_key = g_value_dup_string (value);
      break;
    case PROP_STALL_TIMEOUT:
      reframe_http_provider_set_stall_timeout (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reframe_http_provider_class_init (ReframeHttpProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = reframe_http_provider_constructed;
  object_class->dispose = reframe_http_provider_dispose;
  object_class->finalize = reframe_http_provider_finalize;
  object_class->get_property = reframe_http_provider_get_property;
  object_class->set_property = reframe_http_provider_set_property;

  /* The service's base URI, e.g. "http://127.0.0.1:11434/"; %NULL for the format's default. */
  properties[PROP_BASE_URI] =
      g_param_spec_string ("base-uri",
                           NULL,
                           NULL,
                           NULL,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* A key sent as "Authorization: Bearer"; write-only so it is never read back. */
  properties[PROP_API_KEY] =
      g_param_spec_string ("api-key",
                           NULL,
                           NULL,
                           NULL,
                           G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Seconds without a byte before a request fails as stalled; 0 waits for ever. */
  properties[PROP_STALL_TIMEOUT] = g_param_spec_uint (
      "stall-timeout",
      NULL,
      NULL,
      0,
      G_MAXUINT,
      REFRAME_PROVIDER_DEFAULT_STALL_TIMEOUT,
      G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
reframe_http_provider_init (ReframeHttpProvider *self)
{
  ReframeHttpProviderPrivate *priv = reframe_http_provider_get_instance_private (self);

  priv->stall_timeout = REFRAME_PROVIDER_DEFAULT_STALL_TIMEOUT;
}

const char *
reframe_http_provider_get_base_uri (ReframeHttpProvider *self)
{
  ReframeHttpProviderPrivate *priv;

  g_return_val_if_fail (REFRAME_IS_HTTP_PROVIDER (self), NULL);

  priv = reframe_http_provider_get_instance_private (self);
  return priv->base_uri;
}

guint
reframe_http_provider_get_stall_timeout (ReframeHttpProvider *self)
{
  ReframeHttpProviderPrivate *priv;

  g_return_val_if_fail (REFRAME_IS_HTTP_PROVIDER (self), 0);

  priv = reframe_http_provider_get_instance_private (self);
  return priv->stall_timeout;
}

/* Takes effect from the next request. */
void
reframe_http_provider_set_stall_timeout (ReframeHttpProvider *self,
                                         guint                stall_timeout)
{
  ReframeHttpProviderPrivate *priv;

  g_return_if_fail (REFRAME_IS_HTTP_PROVIDER (self));

  priv = reframe_http_provider_get_instance_private (self);
  if (priv->stall_timeout == stall_timeout)
    return;
  priv->stall_timeout = stall_timeout;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STALL_TIMEOUT]);
}

/* Returns: (transfer full): @base_uri without the API prefix at its end, with a "/". */
static char *
dup_root_uri (const char *base_uri,
              const char *api_prefix)
{
  g_autofree char *with_slash =
      g_str_has_suffix (base_uri, "/") ? g_strdup (base_uri) : g_strconcat (base_uri, "/", NULL);
  g_autofree char *suffix = api_prefix != NULL ? g_strconcat ("/", api_prefix, NULL) : NULL;

  if (suffix != NULL && g_str_has_suffix (with_slash, suffix))
    with_slash[strlen (with_slash) - strlen (api_prefix)] = '\0';
  return g_steal_pointer (&with_slash);
}

static void
context_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  ReframeHttpProvider *self = g_task_get_source_object (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) body = _reframe_provider_request_finish_bytes (result, &error);

  if (body == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, get_format (self)->context_parse (body));
}

/* Returns: (transfer full): {"model": @model} */
static GBytes *
dup_model_body (const char *model)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  char *text;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "model");
  json_builder_add_string_value (builder, model);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  return g_bytes_new_take (text, strlen (text));
}

/**
 * reframe_http_provider_query_context_async:
 * @self: a provider
 * @model: the model whose context to learn
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the service answered
 * @user_data: data for @callback
 *
 * Asks the service how many tokens @model reads at once: Ollama's /api/show, llama.cpp's
 * /props. The answer is 0 when the service does not say (a service without the
 * question answers 404, which is an error here: the caller uses its setting either way).
 */
void
reframe_http_provider_query_context_async (ReframeHttpProvider *self,
                                           const char          *model,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  ReframeHttpProviderPrivate *priv;
  const ReframeWireFormat    *format;
  g_autoptr (GTask) task = NULL;
  g_autoptr (GBytes) body = NULL;
  g_autoptr (SoupMessage) msg = NULL;
  g_autofree char            *root = NULL;
  ReframeProviderRequestSetup setup = { 0 };

  g_return_if_fail (REFRAME_IS_HTTP_PROVIDER (self));
  g_return_if_fail (model != NULL);

  priv = reframe_http_provider_get_instance_private (self);
  format = get_format (self);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, reframe_http_provider_query_context_async);
  if (format->context_path == NULL)
    {
      g_task_return_int (task, 0);
      return;
    }
  root = dup_root_uri (priv->base_uri, format->api_prefix);
  body = format->context_sends_model ? dup_model_body (model) : NULL;
  msg = _reframe_provider_message_new (
      format->context_method, root, format->context_path, priv->api_key, body);
  if (msg == NULL)
    {
      g_task_return_new_error (
          task,
          REFRAME_PROVIDER_ERROR,
          REFRAME_PROVIDER_ERROR_FAILED,
          _ ("“%s” is not a valid address for a model service. Check it in Preferences."),
          priv->endpoint);
      return;
    }
  fill_setup (self, &setup);
  _reframe_provider_request_async (self,
                                   reframe_http_provider_query_context_async,
                                   msg,
                                   &setup,
                                   cancellable,
                                   context_done_cb,
                                   g_steal_pointer (&task));
}

/* Returns: the context in tokens, 0 when the service did not say */
guint
reframe_http_provider_query_context_finish (ReframeHttpProvider *self,
                                            GAsyncResult        *result,
                                            GError             **error)
{
  gssize tokens;

  g_return_val_if_fail (g_task_is_valid (result, self), 0);

  tokens = g_task_propagate_int (G_TASK (result), error);
  return tokens > 0 ? (guint) tokens : 0;
}
