/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-fake-model-server.c: an Ollama and OpenAI-compatible model server on 127.0.0.1 for tests.
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "reframe-fake-model-server-private.h"

void
_reframe_fake_model_server_respond_json (SoupServerMessage *msg,
                                         guint              status,
                                         const char        *json)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, json, strlen (json));
}

static void
respond_error (SoupServerMessage   *msg,
               ReframeFakeFormat    format,
               ReframeFakeBehaviour behaviour)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  gboolean            ollama = format == REFRAME_FAKE_FORMAT_OLLAMA;

  switch (behaviour)
    {
    case REFRAME_FAKE_BEHAVIOUR_UNAUTHORIZED:
      _reframe_fake_model_server_respond_json (
          msg,
          401,
          ollama ? "{\"error\":\"unauthorized\"}"
                 : "{\"error\":{\"message\":\"Incorrect API key "
                   "provided\",\"type\":\"invalid_request_error\",\"param\":null,"
                   "\"code\":\"invalid_api_key\"}}");
      break;
    case REFRAME_FAKE_BEHAVIOUR_UNKNOWN_MODEL:
      _reframe_fake_model_server_respond_json (
          msg,
          404,
          ollama ? "{\"error\":\"model 'mistral' not found\"}"
                 : "{\"error\":{\"message\":\"The model 'mistral' does not "
                   "exist\",\"type\":\"invalid_request_error\",\"param\":\"model\","
                   "\"code\":\"model_not_found\"}}");
      break;
    case REFRAME_FAKE_BEHAVIOUR_RATE_LIMITED:
      soup_message_headers_replace (headers, "Retry-After", G_STRINGIFY (REFRAME_FAKE_RETRY_AFTER));
      _reframe_fake_model_server_respond_json (
          msg,
          429,
          ollama ? "{\"error\":\"too many requests\"}"
                 : "{\"error\":{\"message\":\"Rate limit "
                   "reached\",\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_"
                   "exceeded\"}}");
      break;
    case REFRAME_FAKE_BEHAVIOUR_SERVER_ERROR:
    case REFRAME_FAKE_BEHAVIOUR_NORMAL:
    case REFRAME_FAKE_BEHAVIOUR_ONE_BYTE_CHUNKS:
    case REFRAME_FAKE_BEHAVIOUR_SPLIT_UTF8:
    case REFRAME_FAKE_BEHAVIOUR_COMMENTS_CRLF:
    case REFRAME_FAKE_BEHAVIOUR_SLOW_DRIP:
    case REFRAME_FAKE_BEHAVIOUR_CUT_OFF:
    case REFRAME_FAKE_BEHAVIOUR_MALFORMED:
    case REFRAME_FAKE_BEHAVIOUR_UNSAFE_REPLY:
    case REFRAME_FAKE_BEHAVIOUR_LONG_REPLY:
    default:
      _reframe_fake_model_server_respond_json (
          msg,
          500,
          ollama ? "{\"error\":\"an error was encountered while running the model\"}"
                 : "{\"error\":{\"message\":\"The server had an error while processing your "
                   "request\",\"type\":\"server_error\",\"param\":null,\"code\":null}}");
      break;
    }
}

static gboolean
is_error_behaviour (ReframeFakeBehaviour behaviour)
{
  return behaviour == REFRAME_FAKE_BEHAVIOUR_UNAUTHORIZED ||
         behaviour == REFRAME_FAKE_BEHAVIOUR_UNKNOWN_MODEL ||
         behaviour == REFRAME_FAKE_BEHAVIOUR_RATE_LIMITED ||
         behaviour == REFRAME_FAKE_BEHAVIOUR_SERVER_ERROR;
}

/* Returns: whether the chat request names the fake model (and is a JSON object). */
static gboolean
names_known_model (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonNode   *root;
  const char *model;

  if (body->data == NULL || !json_parser_load_from_data (parser, body->data, body->length, NULL))
    return FALSE;
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;
  model = json_object_get_string_member_with_default (json_node_get_object (root), "model", "");
  return g_strcmp0 (model, REFRAME_FAKE_MODEL) == 0;
}

static gboolean
is_authorized (ReframeFakeModelServer *self,
               SoupServerMessage      *msg,
               const char             *api_key)
{
  const char      *header;
  g_autofree char *expected = NULL;

  if (api_key == NULL)
    return TRUE;
  header =
      soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");
  expected = g_strdup_printf ("Bearer %s", api_key);
  return g_strcmp0 (header, expected) == 0;
}

static void
handle_chat (ReframeFakeModelServer *self,
             SoupServerMessage      *msg,
             ReframeFakeFormat       format,
             ReframeFakeBehaviour    behaviour,
             guint                   delay_ms)
{
  if (soup_server_message_get_method (msg) != SOUP_METHOD_POST)
    _reframe_fake_model_server_respond_json (msg, 405, "{\"error\":\"method not allowed\"}");
  else if (is_error_behaviour (behaviour))
    respond_error (msg, format, behaviour);
  else if (!names_known_model (msg))
    respond_error (msg, format, REFRAME_FAKE_BEHAVIOUR_UNKNOWN_MODEL);
  else
    _reframe_fake_model_server_start_stream (self, msg, format, behaviour, delay_ms);
}

/* Called with the mutex held. */
static void
record_chat_body (ReframeFakeModelServer *self,
                  SoupServerMessage      *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);

  g_free (self->last_chat_body);
  self->last_chat_body = body->data != NULL ? g_strndup (body->data, body->length) : g_strdup ("");
}

/*
 * Sends the request elsewhere when a redirect is set: to the target with the same path.
 * A request under REFRAME_FAKE_MOVED_PATH has been sent here by one: it is answered as
 * at the top (*@path loses the prefix). Redirects are counted as requests too.
 */
static gboolean
redirect (ReframeFakeModelServer *self,
          SoupServerMessage      *msg,
          const char            **path)
{
  g_autofree char *location = NULL;
  guint            status;

  if (g_str_has_prefix (*path, REFRAME_FAKE_MOVED_PATH "/"))
    {
      *path += strlen (REFRAME_FAKE_MOVED_PATH);
      return FALSE;
    }
  g_mutex_lock (&self->mutex);
  status = self->redirect_status;
  if (status != 0)
    {
      location = g_strconcat (self->redirect_target, *path, NULL);
      self->n_requests++;
    }
  g_mutex_unlock (&self->mutex);
  if (status == 0)
    return FALSE;
  soup_server_message_set_redirect (msg, status, location);
  return TRUE;
}

/* The context size: what /props and /api/show say, and what an OpenAI chat request
 * may not exceed (llama.cpp's refusal). Called with the mutex held. */

/* Returns: the prompt's tokens as the fake counts them: its text's bytes over
 * @bytes_per_token, plus four a message, as llama.cpp's templates add markers. */
static guint
count_prompt_tokens (SoupServerMessage *msg,
                     guint              bytes_per_token)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonNode  *root;
  JsonArray *messages;
  guint64    tokens = 0;

  if (body->data == NULL || !json_parser_load_from_data (parser, body->data, body->length, NULL))
    return 0;
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root) ||
      (messages = json_object_get_array_member (json_node_get_object (root), "messages")) == NULL)
    return 0;
  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonObject *message = json_array_get_object_element (messages, i);
      const char *content = json_object_get_string_member_with_default (message, "content", "");

      tokens += (strlen (content) + bytes_per_token - 1) / bytes_per_token + 4;
    }
  return (guint) MIN (tokens, G_MAXUINT);
}

/* Answers /props and /api/show, and refuses an OpenAI chat over the context as
 * llama.cpp does; returns FALSE for any other request. */
static gboolean
handle_context (ReframeFakeModelServer *self,
                SoupServerMessage      *msg,
                const char             *path)
{
  guint            n_ctx, bytes_per_token, n_prompt;
  g_autofree char *json = NULL;

  g_mutex_lock (&self->mutex);
  n_ctx = self->context_size;
  bytes_per_token = self->bytes_per_token;
  g_mutex_unlock (&self->mutex);
  if (n_ctx == 0)
    return FALSE;

  if (g_str_equal (path, "/props"))
    json = g_strdup_printf ("{\"default_generation_settings\":{\"n_ctx\":%u,\"params\":{\"n_"
                            "predict\":-1}},\"total_slots\":1,\"model_path\":\"/models/%s.gguf\"}",
                            n_ctx,
                            REFRAME_FAKE_MODEL);
  else if (g_str_equal (path, "/api/show") &&
           soup_server_message_get_method (msg) == SOUP_METHOD_POST)
    json =
        g_strdup_printf ("{\"modelfile\":\"FROM llama3.2\",\"parameters\":\"stop "
                         "\\\"<|eot_id|>\\\"\",\"details\":{\"family\":\"llama\"},\"model_info\":{"
                         "\"general.architecture\":\"llama\",\"general.parameter_count\":"
                         "3212749888,\"llama.context_length\":%u,\"llama.embedding_length\":3072}}",
                         n_ctx);
  if (json != NULL)
    {
      _reframe_fake_model_server_respond_json (msg, 200, json);
      return TRUE;
    }
  if (!g_str_equal (path, "/v1/chat/completions") ||
      (n_prompt = count_prompt_tokens (msg, bytes_per_token)) <= n_ctx)
    return FALSE;

  g_mutex_lock (&self->mutex);
  self->n_refused++;
  g_mutex_unlock (&self->mutex);
  json = g_strdup_printf (
      "{\"error\":{\"code\":400,\"message\":\"the request exceeds the available context size, try "
      "increasing "
      "it\",\"type\":\"exceed_context_size_error\",\"n_prompt_tokens\":%u,\"n_ctx\":%u}}",
      n_prompt,
      n_ctx);
  _reframe_fake_model_server_respond_json (msg, 400, json);
  return TRUE;
}

/* Whether @msg asks for one answer, not a stream ("stream": false). */
static gboolean
is_unstreamed (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (body->data == NULL || !json_parser_load_from_data (parser, body->data, body->length, NULL))
    return FALSE;
  root = json_parser_get_root (parser);
  return JSON_NODE_HOLDS_OBJECT (root) &&
         !json_object_get_boolean_member_with_default (json_node_get_object (root), "stream", TRUE);
}

/* Answers a non-streamed chat with the structured reply, when a test set one. */
static gboolean
handle_structured (ReframeFakeModelServer *self,
                   SoupServerMessage      *msg,
                   const char             *path,
                   ReframeFakeFormat       format)
{
  g_autofree char     *reply = NULL;
  g_autofree char     *answer = NULL;
  ReframeFakeBehaviour behaviour;

  if (!g_str_equal (path, "/api/chat") && !g_str_equal (path, "/v1/chat/completions"))
    return FALSE;
  g_mutex_lock (&self->mutex);
  reply = g_strdup (self->structured_reply);
  behaviour = self->behaviour;
  g_mutex_unlock (&self->mutex);
  /* Errors and unknown models are answered as for any chat. */
  if (reply == NULL || is_error_behaviour (behaviour) || !is_unstreamed (msg) ||
      !names_known_model (msg))
    return FALSE;
  answer = _reframe_fake_model_server_dup_unstreamed_answer (format, reply);
  _reframe_fake_model_server_respond_json (msg, 200, answer);
  return TRUE;
}

static void
handle_request_cb (SoupServer        *server,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  ReframeFakeModelServer *self = user_data;
  ReframeFakeBehaviour    behaviour;
  guint                   delay_ms;
  g_autofree char        *api_key = NULL;
  ReframeFakeFormat       format;

  if (redirect (self, msg, &path))
    return;
  format =
      g_str_has_prefix (path, "/v1/") ? REFRAME_FAKE_FORMAT_OPENAI : REFRAME_FAKE_FORMAT_OLLAMA;
  g_mutex_lock (&self->mutex);
  behaviour = self->behaviour;
  delay_ms = self->delay_ms;
  api_key = g_strdup (self->api_key);
  self->n_requests++;
  if (g_str_equal (path, "/api/chat") || g_str_equal (path, "/v1/chat/completions"))
    record_chat_body (self, msg);
  g_mutex_unlock (&self->mutex);

  if (format == REFRAME_FAKE_FORMAT_OPENAI && !is_authorized (self, msg, api_key))
    respond_error (msg, format, REFRAME_FAKE_BEHAVIOUR_UNAUTHORIZED);
  else if (handle_context (self, msg, path))
    return;
  else if (handle_structured (self, msg, path, format))
    return;
  else if (g_str_equal (path, "/api/chat"))
    handle_chat (self, msg, REFRAME_FAKE_FORMAT_OLLAMA, behaviour, delay_ms);
  else if (g_str_equal (path, "/v1/chat/completions"))
    handle_chat (self, msg, REFRAME_FAKE_FORMAT_OPENAI, behaviour, delay_ms);
  else if (is_error_behaviour (behaviour) && behaviour != REFRAME_FAKE_BEHAVIOUR_UNKNOWN_MODEL)
    respond_error (msg, format, behaviour);
  else if (g_str_equal (path, "/api/version"))
    _reframe_fake_model_server_respond_json (msg, 200, "{\"version\":\"0.12.6\"}");
  else if (_reframe_fake_model_server_is_model_management (path))
    _reframe_fake_model_server_handle_model_management (self, msg, path);
  else if (g_str_equal (path, "/v1/models"))
    _reframe_fake_model_server_respond_json (
        msg,
        200,
        "{\"object\":\"list\",\"data\":[{\"id\":\"" REFRAME_FAKE_MODEL
        "\",\"object\":\"model\",\"created\":1740823502,\"owned_by\":\"library\"},{\"id\":\"qwen2."
        "5:7b\",\"object\":\"model\",\"created\":1740823502,\"owned_by\":\"library\"}]}");
  else
    _reframe_fake_model_server_respond_json (
        msg,
        404,
        format == REFRAME_FAKE_FORMAT_OLLAMA
            ? "{\"error\":\"404 page not found\"}"
            : "{\"error\":{\"message\":\"Not "
              "found\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}");
}

static void
start_server (ReframeFakeModelServer *self)
{
  g_autoptr (GError) error = NULL;
  g_autoslist (GUri) uris = NULL;

  self->server = soup_server_new ("server-header", "reframe-fake-model-server ", NULL);
  soup_server_add_handler (self->server, NULL, handle_request_cb, self, NULL);
  soup_server_listen_local (self->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (self->server);
  g_assert_nonnull (uris);
  self->uri = g_uri_to_string (uris->data);
}

static gboolean
quit_loop_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static gpointer
run_server_thread (gpointer user_data)
{
  ReframeFakeModelServer *self = user_data;

  g_main_context_push_thread_default (self->context);

  g_mutex_lock (&self->mutex);
  start_server (self);
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->mutex);

  g_main_loop_run (self->loop);

  g_list_free_full (g_steal_pointer (&self->drips),
                    (GDestroyNotify) _reframe_fake_model_server_drip_free);
  g_list_free_full (g_steal_pointer (&self->pull_drips),
                    (GDestroyNotify) _reframe_fake_model_server_pull_drip_free);
  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

/**
 * reframe_fake_model_server_new:
 *
 * Starts a server on 127.0.0.1 at a free port, in a thread of its own.
 *
 * Returns: (transfer full): the server; free it with reframe_fake_model_server_free()
 */
ReframeFakeModelServer *
reframe_fake_model_server_new (void)
{
  ReframeFakeModelServer *self = g_new0 (ReframeFakeModelServer, 1);

  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  self->delay_ms = 20;
  self->models = _reframe_fake_model_server_new_installed_models ();
  self->pull_delay_ms = 10;
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);

  g_mutex_lock (&self->mutex);
  self->thread = g_thread_new ("fake-model-server", run_server_thread, self);
  while (self->uri == NULL)
    g_cond_wait (&self->cond, &self->mutex);
  g_mutex_unlock (&self->mutex);
  return self;
}

/**
 * reframe_fake_model_server_free:
 * @self: (nullable): a server
 *
 * Stops the server, drops its connections and joins its thread.
 */
void
reframe_fake_model_server_free (ReframeFakeModelServer *self)
{
  GSource *source;

  if (self == NULL)
    return;

  /* Quitting from the server's own context: a g_main_loop_quit() from here could come
   * before the thread enters g_main_loop_run(), which would then run for ever. */
  source = g_idle_source_new ();
  g_source_set_callback (source, quit_loop_cb, self->loop, NULL);
  g_source_attach (source, self->context);
  g_source_unref (source);
  g_thread_join (self->thread);
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);
  g_free (self->api_key);
  g_free (self->redirect_target);
  g_free (self->last_chat_body);
  g_ptr_array_unref (self->models);
  g_free (self->pull_error);
  g_free (self->structured_reply);
  g_free (self->uri);
  g_free (self);
}

/* Returns: the base URI, "http://127.0.0.1:PORT/". */
const char *
reframe_fake_model_server_get_uri (ReframeFakeModelServer *self)
{
  return self->uri;
}

void
reframe_fake_model_server_set_behaviour (ReframeFakeModelServer *self,
                                         ReframeFakeBehaviour    behaviour)
{
  g_mutex_lock (&self->mutex);
  self->behaviour = behaviour;
  g_mutex_unlock (&self->mutex);
}

/* Sets the wait before each chunk of %REFRAME_FAKE_BEHAVIOUR_SLOW_DRIP (default 20 ms). */
void
reframe_fake_model_server_set_chunk_delay (ReframeFakeModelServer *self,
                                           guint                   delay_ms)
{
  g_mutex_lock (&self->mutex);
  self->delay_ms = delay_ms;
  g_mutex_unlock (&self->mutex);
}

/* Sets the key the OpenAI endpoints want as "Authorization: Bearer <key>"; %NULL for none. */
void
reframe_fake_model_server_set_api_key (ReframeFakeModelServer *self,
                                       const char             *api_key)
{
  g_mutex_lock (&self->mutex);
  g_free (self->api_key);
  self->api_key = g_strdup (api_key);
  g_mutex_unlock (&self->mutex);
}

/**
 * reframe_fake_model_server_set_redirect:
 * @status: 301, 302, 303, 307 or 308; 0 to answer again
 * @target: (nullable): where to: another server's base ("http://127.0.0.1:PORT"), or this
 *   one's followed by REFRAME_FAKE_MOVED_PATH; the request's path is added to it
 *
 * Answers every request with a redirect instead.
 */
void
reframe_fake_model_server_set_redirect (ReframeFakeModelServer *self,
                                        guint                   status,
                                        const char             *target)
{
  g_mutex_lock (&self->mutex);
  self->redirect_status = status;
  g_free (self->redirect_target);
  self->redirect_target = g_strdup (target);
  g_mutex_unlock (&self->mutex);
}

/* Returns: how many requests of any kind the server has received. */
guint
reframe_fake_model_server_get_n_requests (ReframeFakeModelServer *self)
{
  guint n;

  g_mutex_lock (&self->mutex);
  n = self->n_requests;
  g_mutex_unlock (&self->mutex);
  return n;
}

/* Returns: (transfer full) (nullable): the body of the last chat request, or %NULL. */
char *
reframe_fake_model_server_dup_last_chat_body (ReframeFakeModelServer *self)
{
  char *body;

  g_mutex_lock (&self->mutex);
  body = g_strdup (self->last_chat_body);
  g_mutex_unlock (&self->mutex);
  return body;
}

/**
 * reframe_fake_model_server_set_context_size:
 * @n_ctx: the context in tokens; 0 for a server that does not say (404 for /props
 *   and /api/show) and refuses nothing
 * @bytes_per_token: how the server counts a prompt: bytes of its messages' text per
 *   token (plus 4 a message); smaller counts more harshly than Reframe estimates
 *
 * Makes /props (llama.cpp) and /api/show (Ollama) report @n_ctx, and OpenAI chat
 * requests over it refused with llama.cpp's 400 "exceed_context_size_error".
 */
void
reframe_fake_model_server_set_context_size (ReframeFakeModelServer *self,
                                            guint                   n_ctx,
                                            guint                   bytes_per_token)
{
  g_mutex_lock (&self->mutex);
  self->context_size = n_ctx;
  self->bytes_per_token = MAX (bytes_per_token, 1);
  g_mutex_unlock (&self->mutex);
}

/* Returns: how many chat requests were refused for the context size. */
guint
reframe_fake_model_server_get_n_refused (ReframeFakeModelServer *self)
{
  guint n;

  g_mutex_lock (&self->mutex);
  n = self->n_refused;
  g_mutex_unlock (&self->mutex);
  return n;
}

/**
 * reframe_fake_model_server_set_structured_reply:
 * @content: (nullable): the text of the answer to a non-streamed chat ("stream": false),
 *   such as %REFRAME_FAKE_DRAFT_VALID; %NULL to stream as usual
 *
 * What a model asked for structured output answers, in the request's format.
 */
void
reframe_fake_model_server_set_structured_reply (ReframeFakeModelServer *self,
                                                const char             *content)
{
  g_mutex_lock (&self->mutex);
  g_free (self->structured_reply);
  self->structured_reply = g_strdup (content);
  g_mutex_unlock (&self->mutex);
}

/**
 * reframe_fake_model_server_dup_last_format:
 * @self: a server
 *
 * Returns: (transfer full) (nullable): the "format" (Ollama) or "response_format"
 *   (OpenAI) of the last chat request, as JSON, or %NULL when it had none
 */
char *
reframe_fake_model_server_dup_last_format (ReframeFakeModelServer *self)
{
  g_autofree char *body = reframe_fake_model_server_dup_last_chat_body (self);
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonNode   *format = NULL;

  if (body == NULL || !json_parser_load_from_data (parser, body, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;
  root = json_node_get_object (json_parser_get_root (parser));
  if (json_object_has_member (root, "format"))
    format = json_object_get_member (root, "format");
  else if (json_object_has_member (root, "response_format"))
    format = json_object_get_member (root, "response_format");
  return format != NULL ? json_to_string (format, FALSE) : NULL;
}
