/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-model-manager.c: the models of a model service: list, download with progress, delete,
 * test.
 *
 * Ollama manages its models through its own API: /api/tags lists them with sizes and
 * families, /api/pull downloads one and streams its progress as NDJSON status lines,
 * /api/delete removes one, /api/version says it is Ollama. An OpenAI-compatible service
 * only lists its models (/v1/models, names only); it manages them itself.
 *
 * Every request runs with libsoup's async API on the caller's main context. No journal
 * text ever goes through here: only model names.
 */

#define G_LOG_DOMAIN "ReframeModelManager"

#include "config.h"

#include "reframe-i18n.h"
#include <string.h>

#include "reframe-model-manager-private.h"
#include "reframe-model-provider-private.h"

/* Seconds one socket operation may take. Ollama writes a status line at least every
 * second while it downloads; checking a large file's digest takes a while longer. */
#define SOCKET_TIMEOUT 120

G_DEFINE_FINAL_TYPE (ReframeModelManager, reframe_model_manager, G_TYPE_OBJECT)
G_DEFINE_QUARK (reframe - model - manager - error - quark, reframe_model_manager_error)
G_DEFINE_BOXED_TYPE (ReframeModelInfo,
                     reframe_model_info,
                     reframe_model_info_copy,
                     reframe_model_info_free)
G_DEFINE_BOXED_TYPE (ReframeModelServiceInfo,
                     reframe_model_service_info,
                     reframe_model_service_info_copy,
                     reframe_model_service_info_free)

/* Small instruction models that run on a laptop; sizes are those of Ollama's default
 * download of each, rounded. */
static const ReframeSuggestedModel suggested_models[] = {
  { "llama3.2:3b", N_ ("Small: about 2 GB to download") },
  { "qwen2.5:3b", N_ ("Small: about 2 GB to download") },
  { "phi3.5", N_ ("Small: about 2 GB to download") },
  { "gemma2:2b", N_ ("Small: about 1.6 GB to download") },
  { "mistral:7b", N_ ("Medium: about 4 GB to download") },
};

static void
call_free (gpointer data)
{
  Call *call = data;

  if (call->progress_destroy != NULL)
    call->progress_destroy (call->progress_data);
  g_clear_object (&call->msg);
  g_clear_object (&call->lines);
  g_clear_pointer (&call->layers, g_hash_table_unref);
  g_free (call->model);
  g_free (call);
}

/* Boxed types */

ReframeModelInfo *
reframe_model_info_copy (const ReframeModelInfo *info)
{
  ReframeModelInfo *copy = g_new0 (ReframeModelInfo, 1);

  copy->name = g_strdup (info->name);
  copy->size = info->size;
  copy->family = g_strdup (info->family);
  copy->parameter_size = g_strdup (info->parameter_size);
  copy->quantization = g_strdup (info->quantization);
  return copy;
}

void
reframe_model_info_free (ReframeModelInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->name);
  g_free (info->family);
  g_free (info->parameter_size);
  g_free (info->quantization);
  g_free (info);
}

/**
 * reframe_model_info_dup_description:
 *
 * Returns: (transfer full): the size and family in words, e.g. "2.0 GB · llama · 3.2B",
 *   or "" when the service said neither
 */
char *
reframe_model_info_dup_description (const ReframeModelInfo *info)
{
  g_autoptr (GStrvBuilder) parts = g_strv_builder_new ();
  g_auto (GStrv) strv = NULL;
  g_autofree char *size = NULL;

  g_return_val_if_fail (info != NULL, NULL);

  if (info->size > 0)
    {
      size = g_format_size (info->size);
      g_strv_builder_add (parts, size);
    }
  if (info->family != NULL && *info->family != '\0')
    g_strv_builder_add (parts, info->family);
  if (info->parameter_size != NULL && *info->parameter_size != '\0')
    g_strv_builder_add (parts, info->parameter_size);
  strv = g_strv_builder_end (parts);
  return g_strjoinv (" · ", strv);
}

ReframeModelServiceInfo *
reframe_model_service_info_copy (const ReframeModelServiceInfo *info)
{
  ReframeModelServiceInfo *copy = g_new0 (ReframeModelServiceInfo, 1);

  copy->kind = info->kind;
  copy->version = g_strdup (info->version);
  copy->n_models = info->n_models;
  return copy;
}

void
reframe_model_service_info_free (ReframeModelServiceInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->version);
  g_free (info);
}

/**
 * reframe_model_service_info_dup_summary:
 * @endpoint: the address that was tested, as shown to people
 *
 * Returns: (transfer full): what the test found, in one sentence or two
 */
char *
reframe_model_service_info_dup_summary (const ReframeModelServiceInfo *info,
                                        const char                    *endpoint)
{
  g_return_val_if_fail (info != NULL, NULL);

  if (info->kind == REFRAME_PROVIDER_KIND_OLLAMA && info->version != NULL)
    /* Translators: "Ollama 0.12.6 at http://127.0.0.1:11434/. It has 2 models." */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Connected to Ollama %s at %s. It has %u model.",
                                         "Connected to Ollama %s at %s. It has %u models.",
                                         info->n_models),
                            info->version,
                            endpoint,
                            info->n_models);
  if (info->kind == REFRAME_PROVIDER_KIND_OLLAMA)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Connected to Ollama at %s. It has %u model.",
                                         "Connected to Ollama at %s. It has %u models.",
                                         info->n_models),
                            endpoint,
                            info->n_models);
  return g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE,
                   "Connected to an OpenAI-compatible service at %s. It offers %u model.",
                   "Connected to an OpenAI-compatible service at %s. It offers %u models.",
                   info->n_models),
      endpoint,
      info->n_models);
}

/**
 * reframe_model_manager_get_suggested_models:
 * @n_models: (out): how many there are
 *
 * Returns: (transfer none) (array length=n_models): small models to offer for download;
 *   the size classes are not translated yet (use gettext on them)
 */
const ReframeSuggestedModel *
reframe_model_manager_get_suggested_models (guint *n_models)
{
  *n_models = G_N_ELEMENTS (suggested_models);
  return suggested_models;
}

/**
 * reframe_model_pull_progress_dup_text:
 *
 * Returns: (transfer full): where a download is, in words: the step, and while bytes
 *   arrive the percentage and the sizes ("Downloading: 45 % (869.5 MB of 1.9 GB)")
 */
char *
reframe_model_pull_progress_dup_text (const ReframeModelPullProgress *progress)
{
  g_autofree char *completed = NULL;
  g_autofree char *total = NULL;
  const char      *status;

  g_return_val_if_fail (progress != NULL, NULL);

  status = progress->status != NULL ? progress->status : "";
  if (g_str_equal (status, "pulling manifest"))
    return g_strdup (_ ("Asking for the model…"));
  if (g_str_has_prefix (status, "verifying"))
    return g_strdup (_ ("Checking the download…"));
  if (g_str_has_prefix (status, "writing"))
    return g_strdup (_ ("Saving the model…"));
  if (g_str_has_prefix (status, "removing"))
    return g_strdup (_ ("Tidying up…"));
  if (g_str_equal (status, "success"))
    return g_strdup (_ ("Downloaded."));
  if (progress->total == 0 || progress->fraction < 0)
    return g_strdup (_ ("Downloading…"));
  completed = g_format_size (progress->completed);
  total = g_format_size (progress->total);
  /* Translators: "Downloading: 45 % (869.5 MB of 1.9 GB)"; %d %% is the percentage. */
  return g_strdup_printf (
      _ ("Downloading: %d %% (%s of %s)"), (int) (progress->fraction * 100), completed, total);
}

/* Requests */

static SoupMessage *
new_message (ReframeModelManager *self,
             const char          *method,
             const char          *path,
             const char          *model,
             gboolean             stream)
{
  g_autoptr (GBytes) body = NULL;

  if (model != NULL)
    {
      g_autoptr (JsonBuilder) builder = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;
      g_autofree char *json = NULL;
      gsize            len;

      json_builder_begin_object (builder);
      /* "name" for Ollama before 0.4, which did not know "model". */
      json_builder_set_member_name (builder, "model");
      json_builder_add_string_value (builder, model);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, model);
      if (stream)
        {
          json_builder_set_member_name (builder, "stream");
          json_builder_add_boolean_value (builder, TRUE);
        }
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      json = json_to_string (root, FALSE);
      len = strlen (json);
      body = g_bytes_new_take (g_steal_pointer (&json), len);
    }
  return _reframe_provider_message_new (method, self->api_base_uri, path, self->api_key, body);
}

/* Gives @task's call its message, or returns @task the error of an address that is not
 * one. Returns: %TRUE when the message is ready to send */
static gboolean
prepare_message (ReframeModelManager *self,
                 GTask               *task,
                 const char          *method,
                 const char          *path,
                 gboolean             stream)
{
  Call *call = g_task_get_task_data (task);

  call->msg = new_message (self, method, path, call->model, stream);
  if (call->msg != NULL)
    return TRUE;
  g_task_return_new_error (
      task,
      REFRAME_MODEL_MANAGER_ERROR,
      REFRAME_MODEL_MANAGER_ERROR_FAILED,
      _ ("“%s” is not a valid address for a model service. Check it in Preferences."),
      self->endpoint);
  return FALSE;
}

/* Only Ollama downloads and deletes models on request: any other kind of service
 * returns @task @reason. Returns: %TRUE when @task was refused */
static gboolean
refuse_unless_ollama (ReframeModelManager *self,
                      GTask               *task,
                      const char          *reason)
{
  if (self->kind == REFRAME_PROVIDER_KIND_OLLAMA)
    return FALSE;
  g_task_return_new_error (
      task, REFRAME_MODEL_MANAGER_ERROR, REFRAME_MODEL_MANAGER_ERROR_NOT_SUPPORTED, "%s", reason);
  return TRUE;
}

static GTask *
new_call_task (ReframeModelManager *self,
               CallKind             kind,
               const char          *model,
               gpointer             source_tag,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Call  *call = g_new0 (Call, 1);

  g_task_set_source_tag (task, source_tag);
  /* Our own cancelled error, which names what was cancelled. */
  g_task_set_check_cancellable (task, FALSE);
  call->kind = kind;
  call->model = g_strdup (model);
  call->fraction = -1;
  g_task_set_task_data (task, call, call_free);
  return task;
}

static void return_body (GTask  *task,
                         GBytes *body);

static void
body_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  ReframeModelManager *self = g_task_get_source_object (task);
  Call                *call = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) body =
      soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  guint status;

  if (body == NULL)
    {
      g_task_return_error (task, _reframe_model_manager_new_transport_error (self, call, error));
      return;
    }
  status = soup_message_get_status (call->msg);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    g_task_return_error (task, _reframe_model_manager_new_http_error (self, call, status, body));
  else if (g_bytes_get_size (body) > MAX_BODY_SIZE)
    g_task_return_error (task, _reframe_model_manager_new_malformed_error (self));
  else
    return_body (task, body);
}

/* Sends a small request; the task's callback gets its whole body. */
static void
send_small (ReframeModelManager *self,
            GTask               *task,
            const char          *method,
            const char          *path)
{
  Call *call = g_task_get_task_data (task);

  if (!prepare_message (self, task, method, path, FALSE))
    return;
  soup_session_send_and_read_async (self->session,
                                    call->msg,
                                    G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task),
                                    body_read_cb,
                                    g_object_ref (task));
}

JsonObject *
_reframe_model_manager_parse_object (JsonParser *parser,
                                     GBytes     *body)
{
  gsize       len;
  const char *data = g_bytes_get_data (body, &len);
  JsonNode   *root;

  if (data == NULL || len == 0 || !g_utf8_validate (data, len, NULL) ||
      !json_parser_load_from_data (parser, data, len, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  return root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
}

const char *
_reframe_model_manager_get_string_member (JsonObject *object,
                                          const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

guint64
_reframe_model_manager_get_size_member (JsonObject *object,
                                        const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return 0;
  return (guint64) MAX (json_node_get_int (node), 0);
}

static ReframeModelInfo *
parse_model (ReframeProviderKind kind,
             JsonObject         *object)
{
  const char *name = _reframe_model_manager_get_string_member (
      object, kind == REFRAME_PROVIDER_KIND_OLLAMA ? "name" : "id");
  JsonNode         *details_node = json_object_get_member (object, "details");
  JsonObject       *details = details_node != NULL && JSON_NODE_HOLDS_OBJECT (details_node)
                                  ? json_node_get_object (details_node)
                                  : NULL;
  ReframeModelInfo *info;

  if (name == NULL || !g_utf8_validate (name, -1, NULL) || *name == '\0')
    return NULL;
  info = g_new0 (ReframeModelInfo, 1);
  info->name = g_strdup (name);
  info->size = _reframe_model_manager_get_size_member (object, "size");
  info->family = g_strdup (_reframe_model_manager_get_string_member (details, "family"));
  info->parameter_size =
      g_strdup (_reframe_model_manager_get_string_member (details, "parameter_size"));
  info->quantization =
      g_strdup (_reframe_model_manager_get_string_member (details, "quantization_level"));
  return info;
}

/* Returns: (transfer full) (nullable): the models in /api/tags' or /v1/models' answer */
static GPtrArray *
parse_models (ReframeModelManager *self,
              GBytes              *body)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *root = _reframe_model_manager_parse_object (parser, body);
  JsonNode   *list = root != NULL
                         ? json_object_get_member (
                             root, self->kind == REFRAME_PROVIDER_KIND_OLLAMA ? "models" : "data")
                         : NULL;
  GPtrArray  *models;
  JsonArray  *array;

  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    return NULL;
  array = json_node_get_array (list);
  models = g_ptr_array_new_with_free_func ((GDestroyNotify) reframe_model_info_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode         *node = json_array_get_element (array, i);
      ReframeModelInfo *info = JSON_NODE_HOLDS_OBJECT (node)
                                   ? parse_model (self->kind, json_node_get_object (node))
                                   : NULL;

      if (info != NULL)
        g_ptr_array_add (models, info);
    }
  return models;
}

static void
return_body (GTask  *task,
             GBytes *body)
{
  ReframeModelManager *self = g_task_get_source_object (task);
  Call                *call = g_task_get_task_data (task);
  GPtrArray           *models;
  g_autoptr (JsonParser) parser = NULL;

  switch (call->kind)
    {
    case CALL_LIST:
      models = parse_models (self, body);
      if (models == NULL)
        g_task_return_error (task, _reframe_model_manager_new_malformed_error (self));
      else
        g_task_return_pointer (task, models, (GDestroyNotify) g_ptr_array_unref);
      break;
    case CALL_VERSION:
      parser = json_parser_new ();
      if (_reframe_model_manager_get_string_member (
              _reframe_model_manager_parse_object (parser, body), "version") == NULL)
        g_task_return_error (task, _reframe_model_manager_new_not_ollama_error (self));
      else
        g_task_return_pointer (
            task,
            g_strdup (_reframe_model_manager_get_string_member (
                json_node_get_object (json_parser_get_root (parser)), "version")),
            g_free);
      break;
    case CALL_DELETE:
    case CALL_PULL:
    default:
      g_task_return_boolean (task, TRUE);
      break;
    }
}

/* Overrides */

static void
reframe_model_manager_dispose (GObject *object)
{
  ReframeModelManager *self = REFRAME_MODEL_MANAGER (object);

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (reframe_model_manager_parent_class)->dispose (object);
}

static void
reframe_model_manager_finalize (GObject *object)
{
  ReframeModelManager *self = REFRAME_MODEL_MANAGER (object);

  g_free (self->base_uri);
  g_free (self->api_base_uri);
  g_free (self->endpoint);
  g_free (self->api_key);
  g_free (self->ollama_program);

  G_OBJECT_CLASS (reframe_model_manager_parent_class)->finalize (object);
}

static void
reframe_model_manager_class_init (ReframeModelManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = reframe_model_manager_dispose;
  object_class->finalize = reframe_model_manager_finalize;
}

static void
reframe_model_manager_init (ReframeModelManager *self)
{
  self->ollama_program = g_strdup ("ollama");
}

/* Public API */

/* Returns: (transfer full): @base_uri ending in "/", and for an OpenAI-compatible
 * service in "v1/" (people paste "http://host:8080" and "…/v1" alike). */
static char *
dup_api_base_uri (ReframeProviderKind kind,
                  const char         *base_uri)
{
  g_autofree char *with_slash =
      g_str_has_suffix (base_uri, "/") ? g_strdup (base_uri) : g_strconcat (base_uri, "/", NULL);

  if (kind == REFRAME_PROVIDER_KIND_OLLAMA || g_str_has_suffix (with_slash, "/v1/"))
    return g_steal_pointer (&with_slash);
  return g_strconcat (with_slash, "v1/", NULL);
}

/**
 * reframe_model_manager_new:
 * @kind: the kind of service
 * @base_uri: (nullable): its address; %NULL for Ollama's usual one on this computer
 * @api_key: (nullable): a key for a service that wants one
 *
 * Returns: (transfer full): a manager of that service's models
 */
ReframeModelManager *
reframe_model_manager_new (ReframeProviderKind kind,
                           const char         *base_uri,
                           const char         *api_key)
{
  ReframeModelManager *self = g_object_new (REFRAME_TYPE_MODEL_MANAGER, NULL);

  self->kind = kind;
  self->base_uri = g_strdup (base_uri != NULL ? base_uri : "http://127.0.0.1:11434/");
  self->api_base_uri = dup_api_base_uri (kind, self->base_uri);
  self->endpoint = _reframe_provider_dup_endpoint (self->base_uri);
  self->api_key = g_strdup (api_key);
  self->session = _reframe_provider_session_new (self->base_uri);
  soup_session_set_timeout (self->session, SOCKET_TIMEOUT);
  return self;
}

ReframeProviderKind
reframe_model_manager_get_kind (ReframeModelManager *self)
{
  g_return_val_if_fail (REFRAME_IS_MODEL_MANAGER (self), REFRAME_PROVIDER_KIND_OLLAMA);

  return self->kind;
}

/* Returns: the service's address as shown to people, without a password */
const char *
reframe_model_manager_get_endpoint (ReframeModelManager *self)
{
  g_return_val_if_fail (REFRAME_IS_MODEL_MANAGER (self), NULL);

  return self->endpoint;
}

/* Returns: whether the service downloads and deletes models on request (Ollama) */
gboolean
reframe_model_manager_can_download (ReframeModelManager *self)
{
  g_return_val_if_fail (REFRAME_IS_MODEL_MANAGER (self), FALSE);

  return self->kind == REFRAME_PROVIDER_KIND_OLLAMA;
}

/**
 * reframe_model_manager_set_ollama_program:
 * @program: the name of Ollama's program ("ollama")
 *
 * When nothing listens at a local Ollama's port, the message says how to start it if
 * @program is found in PATH, and how to install it if not. Tests name another program.
 */
void
reframe_model_manager_set_ollama_program (ReframeModelManager *self,
                                          const char          *program)
{
  g_return_if_fail (REFRAME_IS_MODEL_MANAGER (self));
  g_return_if_fail (program != NULL);

  g_free (self->ollama_program);
  self->ollama_program = g_strdup (program);
}

/**
 * reframe_model_manager_list_async:
 *
 * Asks the service for its models: Ollama's /api/tags (with sizes and families) or an
 * OpenAI-compatible /v1/models (names only).
 */
void
reframe_model_manager_list_async (ReframeModelManager *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (REFRAME_IS_MODEL_MANAGER (self));

  task = new_call_task (
      self, CALL_LIST, NULL, reframe_model_manager_list_async, cancellable, callback, user_data);
  send_small (self,
              task,
              SOUP_METHOD_GET,
              self->kind == REFRAME_PROVIDER_KIND_OLLAMA ? "api/tags" : "models");
}

/* Returns: (transfer container) (element-type ReframeModelInfo): the models, in the
 * service's order */
GPtrArray *
reframe_model_manager_list_finish (ReframeModelManager *self,
                                   GAsyncResult        *result,
                                   GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * reframe_model_manager_pull_async:
 * @model: the name of the model in Ollama's library ("llama3.2:3b")
 * @progress_func: (nullable): called with each status line
 *
 * Has Ollama download @model, reporting its progress as it goes. Cancelling closes the
 * stream, which stops Ollama's download; what it has fetched stays for a next try.
 */
void
reframe_model_manager_pull_async (ReframeModelManager         *self,
                                  const char                  *model,
                                  ReframeModelPullProgressFunc progress_func,
                                  gpointer                     progress_data,
                                  GDestroyNotify               progress_destroy,
                                  GCancellable                *cancellable,
                                  GAsyncReadyCallback          callback,
                                  gpointer                     user_data)
{
  g_autoptr (GTask) task = NULL;
  Call *call;

  g_return_if_fail (REFRAME_IS_MODEL_MANAGER (self));
  g_return_if_fail (model != NULL);

  task = new_call_task (
      self, CALL_PULL, model, reframe_model_manager_pull_async, cancellable, callback, user_data);
  call = g_task_get_task_data (task);
  call->progress_func = progress_func;
  call->progress_data = progress_data;
  call->progress_destroy = progress_destroy;
  call->layers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (refuse_unless_ollama (self,
                            task,
                            _ ("An OpenAI-compatible service does not download models for "
                               "Reframe. Add the model in the service itself.")))
    return;
  if (prepare_message (self, task, SOUP_METHOD_POST, "api/pull", TRUE))
    _reframe_model_manager_send_pull (self, task);
}

/* Returns: %TRUE when the model was downloaded ("success") */
gboolean
reframe_model_manager_pull_finish (ReframeModelManager *self,
                                   GAsyncResult        *result,
                                   GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * reframe_model_manager_delete_async:
 * @model: the model's name as listed
 *
 * Has Ollama delete @model from its disk.
 */
void
reframe_model_manager_delete_async (ReframeModelManager *self,
                                    const char          *model,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (REFRAME_IS_MODEL_MANAGER (self));
  g_return_if_fail (model != NULL);

  task = new_call_task (self,
                        CALL_DELETE,
                        model,
                        reframe_model_manager_delete_async,
                        cancellable,
                        callback,
                        user_data);
  if (refuse_unless_ollama (self,
                            task,
                            _ ("An OpenAI-compatible service does not delete models for "
                               "Reframe. Remove the model in the service itself.")))
    return;
  send_small (self, task, SOUP_METHOD_DELETE, "api/delete");
}

gboolean
reframe_model_manager_delete_finish (ReframeModelManager *self,
                                     GAsyncResult        *result,
                                     GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
test_listed_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  ReframeModelServiceInfo *info = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) models =
      reframe_model_manager_list_finish (REFRAME_MODEL_MANAGER (object), result, &error);

  if (models == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  info->n_models = models->len;
  g_task_return_pointer (task,
                         reframe_model_service_info_copy (info),
                         (GDestroyNotify) reframe_model_service_info_free);
}

static void
test_versioned_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  ReframeModelManager     *self = REFRAME_MODEL_MANAGER (object);
  ReframeModelServiceInfo *info = g_task_get_task_data (task);
  GCancellable            *cancellable;
  g_autoptr (GError) error = NULL;

  info->version = g_task_propagate_pointer (G_TASK (result), &error);
  if (info->version == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  cancellable = g_task_get_cancellable (task);
  reframe_model_manager_list_async (self, cancellable, test_listed_cb, g_steal_pointer (&task));
}

/**
 * reframe_model_manager_test_async:
 *
 * Finds out what answers at the address: for Ollama its version (which also proves it
 * is Ollama), then for either kind how many models it has.
 */
void
reframe_model_manager_test_async (ReframeModelManager *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  ReframeModelServiceInfo *info = g_new0 (ReframeModelServiceInfo, 1);
  GTask                   *version;

  g_return_if_fail (REFRAME_IS_MODEL_MANAGER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, reframe_model_manager_test_async);
  info->kind = self->kind;
  g_task_set_task_data (task, info, (GDestroyNotify) reframe_model_service_info_free);
  if (self->kind != REFRAME_PROVIDER_KIND_OLLAMA)
    {
      reframe_model_manager_list_async (self, cancellable, test_listed_cb, g_steal_pointer (&task));
      return;
    }
  version = new_call_task (self,
                           CALL_VERSION,
                           NULL,
                           reframe_model_manager_test_async,
                           cancellable,
                           test_versioned_cb,
                           g_steal_pointer (&task));
  send_small (self, version, SOUP_METHOD_GET, "api/version");
  g_object_unref (version);
}

/* Returns: (transfer full): what answered, and how many models it has */
ReframeModelServiceInfo *
reframe_model_manager_test_finish (ReframeModelManager *self,
                                   GAsyncResult        *result,
                                   GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
