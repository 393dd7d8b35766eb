/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-fake-model-server.c: an Ollama and OpenAI-compatible model server on 127.0.0.1 for tests. */

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "reframe-fake-model-server.h"

/* Like gnome-calendar's GcalSimpleServer, the server lives in its own thread with its
 * own main context, so the test's main context can run the client without the server
 * ever waiting on it. Everything below except the public API runs in that thread. */
struct _ReframeFakeModelServer
{
  GMutex mutex;
  GCond  cond;

  /* Owned */
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  char         *uri;

  /* Owned, guarded by @mutex */
  ReframeFakeBehaviour behaviour;
  guint                delay_ms;
  char                *api_key;
  guint                redirect_status;
  char                *redirect_target;
  guint                n_requests;
  char                *last_chat_body;
  guint                context_size;    /* 0: no /props, no /api/show, no refusal */
  guint                bytes_per_token; /* how the prompt is counted against it */
  guint                n_refused;
  char                *structured_reply; /* nullable: the content of non-streamed chats */

  /* Owned, used only in the server thread */
  SoupServer *server;
  GList      *drips;
};

typedef enum
{
  FORMAT_OLLAMA,
  FORMAT_OPENAI,
} Format;

/* One streamed response: its chunks, written one by one from the server thread. */
typedef struct
{
  ReframeFakeModelServer *server; /* Borrowed */
  SoupServerMessage      *msg;
  GPtrArray              *chunks; /* of GBytes */
  guint                   next;
  guint                   delay_ms;
  gboolean                cut_off;
  gboolean                completed;
  GSource                *source;
} Drip;

static const char *const deltas[] = {
  "I hear ", "that today felt ", "heavy \xe2\x80\x94 ", "what went through your mind? ", "\xf0\x9f\x92\xac", NULL
};

/* A reply that must never reach the person (ai-safety.md A5, the NEDA case). */
static const char *const unsafe_deltas[] = {
  "To feel better, ", "aim for 1200 ", "calories a day ", "and a 500 kcal deficit.", NULL
};

/* The @index-th delta of the long reply: about fifty bytes of an ordinary answer. */
static char *
dup_long_delta (guint index)
{
  return g_strdup_printf ("Step %u: notice the thought, and what you felt then. ", index);
}

static char *
quote (const char *text)
{
  g_autoptr (JsonNode) node = json_node_init_string (json_node_alloc (), text);

  return json_to_string (node, FALSE);
}

static char *
ollama_line (const char *content,
             gboolean    done)
{
  g_autofree char *quoted = quote (content);

  if (!done)
    return g_strdup_printf ("{\"model\":\"%s\",\"created_at\":\"2025-03-01T10:15:02.114Z\",\"message\":{\"role\":\"assistant\",\"content\":%s},\"done\":false}\n", REFRAME_FAKE_MODEL, quoted);
  return g_strdup_printf ("{\"model\":\"%s\",\"created_at\":\"2025-03-01T10:15:02.190Z\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\",\"total_duration\":1893402111,\"eval_count\":9,\"eval_duration\":170331000}\n", REFRAME_FAKE_MODEL);
}

static char *
openai_event (const char *delta_json,
              const char *finish_reason,
              const char *eol)
{
  return g_strdup_printf ("data: {\"id\":\"chatcmpl-7f3a\",\"object\":\"chat.completion.chunk\",\"created\":1740823502,\"model\":\"%s\",\"choices\":[{\"index\":0,\"delta\":%s,\"finish_reason\":%s}]}%s%s",
                          REFRAME_FAKE_MODEL,
                          delta_json,
                          finish_reason,
                          eol,
                          eol);
}

/* Returns: (transfer full): the lines or events of a normal reply, in order. */
static GPtrArray *
build_frames (Format               format,
              ReframeFakeBehaviour behaviour)
{
  GPtrArray         *frames = g_ptr_array_new_with_free_func (g_free);
  gboolean           crlf = behaviour == REFRAME_FAKE_BEHAVIOUR_COMMENTS_CRLF;
  const char        *eol = crlf ? "\r\n" : "\n";
  const char *const *reply = behaviour == REFRAME_FAKE_BEHAVIOUR_UNSAFE_REPLY ? unsafe_deltas : deltas;
  g_auto (GStrv) long_reply = NULL;

  if (behaviour == REFRAME_FAKE_BEHAVIOUR_LONG_REPLY)
    {
      long_reply = g_new0 (char *, REFRAME_FAKE_LONG_REPLY_DELTAS + 1);
      for (guint i = 0; i < REFRAME_FAKE_LONG_REPLY_DELTAS; i++)
        long_reply[i] = dup_long_delta (i);
      reply = (const char *const *) long_reply;
    }
  if (format == FORMAT_OPENAI)
    g_ptr_array_add (frames, openai_event ("{\"role\":\"assistant\",\"content\":\"\"}", "null", eol));

  for (guint i = 0; reply[i] != NULL; i++)
    {
      g_autofree char *quoted = quote (reply[i]);
      g_autofree char *delta = g_strdup_printf ("{\"content\":%s}", quoted);

      if (format == FORMAT_OLLAMA)
        g_ptr_array_add (frames, ollama_line (reply[i], FALSE));
      else
        g_ptr_array_add (frames, openai_event (delta, "null", eol));
      if (format == FORMAT_OPENAI && crlf)
        g_ptr_array_add (frames, g_strdup (": keep-alive\r\n\r\n"));
    }

  if (format == FORMAT_OLLAMA)
    {
      g_ptr_array_add (frames, ollama_line ("", TRUE));
      return frames;
    }
  g_ptr_array_add (frames, openai_event ("{}", "\"stop\"", eol));
  g_ptr_array_add (frames, g_strdup_printf ("data: [DONE]%s%s", eol, eol));
  return frames;
}

/* Drops the end of a reply (cut off), or puts a broken line after its first delta. */
static void
spoil_frames (GPtrArray           *frames,
              Format               format,
              ReframeFakeBehaviour behaviour)
{
  guint first_delta = format == FORMAT_OLLAMA ? 0 : 1;

  if (behaviour == REFRAME_FAKE_BEHAVIOUR_CUT_OFF)
    g_ptr_array_set_size (frames, first_delta + 2);
  else if (behaviour == REFRAME_FAKE_BEHAVIOUR_MALFORMED && format == FORMAT_OLLAMA)
    g_ptr_array_insert (frames, first_delta + 1, g_strdup ("{\"model\":\"llama3.2\",\"message\":{\"content\n"));
  else if (behaviour == REFRAME_FAKE_BEHAVIOUR_MALFORMED)
    g_ptr_array_insert (frames, first_delta + 1, g_strdup ("data: {\"id\":\"chatcmpl-7f3a\",\"choices\":[{\n\n"));
}

static void
add_chunk (GPtrArray  *chunks,
           const char *data,
           gsize       len)
{
  g_ptr_array_add (chunks, g_bytes_new (data, len));
}

/* Returns: (transfer full): the bytes to send, cut into the chunks @behaviour wants. */
static GPtrArray *
build_chunks (GPtrArray           *frames,
              ReframeFakeBehaviour behaviour)
{
  GPtrArray *chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr (GString) all = g_string_new (NULL);
  gsize start = 0;

  for (guint i = 0; i < frames->len; i++)
    {
      const char *frame = g_ptr_array_index (frames, i);

      if (behaviour != REFRAME_FAKE_BEHAVIOUR_ONE_BYTE_CHUNKS && behaviour != REFRAME_FAKE_BEHAVIOUR_SPLIT_UTF8)
        add_chunk (chunks, frame, strlen (frame));
      g_string_append (all, frame);
    }

  if (behaviour == REFRAME_FAKE_BEHAVIOUR_ONE_BYTE_CHUNKS)
    {
      for (gsize i = 0; i < all->len; i++)
        add_chunk (chunks, all->str + i, 1);
    }
  else if (behaviour == REFRAME_FAKE_BEHAVIOUR_SPLIT_UTF8)
    {
      /* Cut after the first byte of every multi-byte character. */
      for (gsize i = 0; i + 1 < all->len; i++)
        {
          if (((guchar) all->str[i] & 0xC0) == 0xC0)
            {
              add_chunk (chunks, all->str + start, i + 1 - start);
              start = i + 1;
            }
        }
      add_chunk (chunks, all->str + start, all->len - start);
    }
  return chunks;
}

static void
drip_free (Drip *drip)
{
  if (drip->source != NULL)
    {
      g_source_destroy (drip->source);
      g_source_unref (drip->source);
    }
  g_signal_handlers_disconnect_by_data (drip->msg, drip);
  g_object_unref (drip->msg);
  g_ptr_array_unref (drip->chunks);
  g_free (drip);
}

static void
drip_finished_cb (SoupServerMessage *msg,
                  Drip              *drip)
{
  drip->server->drips = g_list_remove (drip->server->drips, drip);
  drip_free (drip);
}

/* Writes the next chunk, or ends the body; for a cut-off reply the connection is shut
 * first, so the client sees the stream end without its last chunk. */
static gboolean
drip_step_cb (gpointer user_data)
{
  Drip            *drip = user_data;
  SoupMessageBody *body = soup_server_message_get_response_body (drip->msg);
  g_autoptr (GSource) source = g_steal_pointer (&drip->source);

  if (drip->next < drip->chunks->len)
    {
      soup_message_body_append_bytes (body, g_ptr_array_index (drip->chunks, drip->next++));
      soup_server_message_unpause (drip->msg);
      return G_SOURCE_REMOVE;
    }

  if (drip->cut_off)
    g_socket_shutdown (soup_server_message_get_socket (drip->msg), TRUE, TRUE, NULL);
  drip->completed = TRUE;
  soup_message_body_complete (body);
  soup_server_message_unpause (drip->msg);
  return G_SOURCE_REMOVE;
}

static void
drip_schedule (Drip *drip)
{
  g_assert (drip->source == NULL);

  if (drip->completed)
    return;
  drip->source = drip->delay_ms > 0 ? g_timeout_source_new (drip->delay_ms) : g_idle_source_new ();
  g_source_set_callback (drip->source, drip_step_cb, drip, NULL);
  g_source_attach (drip->source, drip->server->context);
}

/* The next chunk waits until the last one is on the wire, so chunks are not merged. */
static void
drip_wrote_chunk_cb (SoupServerMessage *msg,
                     Drip              *drip)
{
  if (drip->source == NULL)
    drip_schedule (drip);
}

static void
start_stream (ReframeFakeModelServer *self,
              SoupServerMessage      *msg,
              Format                  format,
              ReframeFakeBehaviour    behaviour,
              guint                   delay_ms)
{
  g_autoptr (GPtrArray) frames = build_frames (format, behaviour);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  Drip               *drip = g_new0 (Drip, 1);

  spoil_frames (frames, format, behaviour);
  drip->server = self;
  drip->msg = g_object_ref (msg);
  drip->chunks = build_chunks (frames, behaviour);
  drip->cut_off = behaviour == REFRAME_FAKE_BEHAVIOUR_CUT_OFF;
  drip->delay_ms = behaviour == REFRAME_FAKE_BEHAVIOUR_SLOW_DRIP ? delay_ms : 0;
  self->drips = g_list_prepend (self->drips, drip);

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_headers_set_content_type (headers, format == FORMAT_OLLAMA ? "application/x-ndjson" : "text/event-stream", NULL);
  g_signal_connect (msg, "wrote-chunk", G_CALLBACK (drip_wrote_chunk_cb), drip);
  g_signal_connect (msg, "finished", G_CALLBACK (drip_finished_cb), drip);
  soup_server_message_pause (msg);
  drip_schedule (drip);
}

static void
respond_json (SoupServerMessage *msg,
              guint              status,
              const char        *json)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, json, strlen (json));
}

static void
respond_error (SoupServerMessage   *msg,
               Format               format,
               ReframeFakeBehaviour behaviour)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  gboolean            ollama = format == FORMAT_OLLAMA;

  switch (behaviour)
    {
    case REFRAME_FAKE_BEHAVIOUR_UNAUTHORIZED:
      respond_json (msg, 401, ollama ? "{\"error\":\"unauthorized\"}" : "{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}");
      break;
    case REFRAME_FAKE_BEHAVIOUR_UNKNOWN_MODEL:
      respond_json (msg, 404, ollama ? "{\"error\":\"model 'mistral' not found\"}" : "{\"error\":{\"message\":\"The model 'mistral' does not exist\",\"type\":\"invalid_request_error\",\"param\":\"model\",\"code\":\"model_not_found\"}}");
      break;
    case REFRAME_FAKE_BEHAVIOUR_RATE_LIMITED:
      soup_message_headers_replace (headers, "Retry-After", G_STRINGIFY (REFRAME_FAKE_RETRY_AFTER));
      respond_json (msg, 429, ollama ? "{\"error\":\"too many requests\"}" : "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}");
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
      respond_json (msg, 500, ollama ? "{\"error\":\"an error was encountered while running the model\"}" : "{\"error\":{\"message\":\"The server had an error while processing your request\",\"type\":\"server_error\",\"param\":null,\"code\":null}}");
      break;
    }
}

static gboolean
is_error_behaviour (ReframeFakeBehaviour behaviour)
{
  return behaviour == REFRAME_FAKE_BEHAVIOUR_UNAUTHORIZED || behaviour == REFRAME_FAKE_BEHAVIOUR_UNKNOWN_MODEL ||
         behaviour == REFRAME_FAKE_BEHAVIOUR_RATE_LIMITED || behaviour == REFRAME_FAKE_BEHAVIOUR_SERVER_ERROR;
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
  header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");
  expected = g_strdup_printf ("Bearer %s", api_key);
  return g_strcmp0 (header, expected) == 0;
}

static void
handle_chat (ReframeFakeModelServer *self,
             SoupServerMessage      *msg,
             Format                  format,
             ReframeFakeBehaviour    behaviour,
             guint                   delay_ms)
{
  if (soup_server_message_get_method (msg) != SOUP_METHOD_POST)
    respond_json (msg, 405, "{\"error\":\"method not allowed\"}");
  else if (is_error_behaviour (behaviour))
    respond_error (msg, format, behaviour);
  else if (!names_known_model (msg))
    respond_error (msg, format, REFRAME_FAKE_BEHAVIOUR_UNKNOWN_MODEL);
  else
    start_stream (self, msg, format, behaviour, delay_ms);
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
  if (!JSON_NODE_HOLDS_OBJECT (root) || (messages = json_object_get_array_member (json_node_get_object (root), "messages")) == NULL)
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
    json = g_strdup_printf ("{\"default_generation_settings\":{\"n_ctx\":%u,\"params\":{\"n_predict\":-1}},\"total_slots\":1,\"model_path\":\"/models/%s.gguf\"}", n_ctx, REFRAME_FAKE_MODEL);
  else if (g_str_equal (path, "/api/show") && soup_server_message_get_method (msg) == SOUP_METHOD_POST)
    json = g_strdup_printf ("{\"modelfile\":\"FROM llama3.2\",\"parameters\":\"stop \\\"<|eot_id|>\\\"\",\"details\":{\"family\":\"llama\"},\"model_info\":{\"general.architecture\":\"llama\",\"general.parameter_count\":3212749888,\"llama.context_length\":%u,\"llama.embedding_length\":3072}}", n_ctx);
  if (json != NULL)
    {
      respond_json (msg, 200, json);
      return TRUE;
    }
  if (!g_str_equal (path, "/v1/chat/completions") || (n_prompt = count_prompt_tokens (msg, bytes_per_token)) <= n_ctx)
    return FALSE;

  g_mutex_lock (&self->mutex);
  self->n_refused++;
  g_mutex_unlock (&self->mutex);
  json = g_strdup_printf ("{\"error\":{\"code\":400,\"message\":\"the request exceeds the available context size, try increasing it\",\"type\":\"exceed_context_size_error\",\"n_prompt_tokens\":%u,\"n_ctx\":%u}}", n_prompt, n_ctx);
  respond_json (msg, 400, json);
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
  return JSON_NODE_HOLDS_OBJECT (root) && !json_object_get_boolean_member_with_default (json_node_get_object (root), "stream", TRUE);
}

/* Returns: (transfer full): the whole non-streamed answer holding @content. */
static char *
dup_unstreamed_answer (Format      format,
                       const char *content)
{
  g_autofree char *quoted = quote (content);

  if (format == FORMAT_OLLAMA)
    return g_strdup_printf ("{\"model\":\"" REFRAME_FAKE_MODEL "\",\"created_at\":\"2025-03-01T10:15:02.190Z\","
                            "\"message\":{\"role\":\"assistant\",\"content\":%s},\"done\":true,\"done_reason\":\"stop\"}",
                            quoted);
  return g_strdup_printf ("{\"id\":\"chatcmpl-7f3a\",\"object\":\"chat.completion\",\"created\":1740823502,"
                          "\"model\":\"" REFRAME_FAKE_MODEL "\",\"choices\":[{\"index\":0,\"message\":"
                          "{\"role\":\"assistant\",\"content\":%s},\"finish_reason\":\"stop\"}]}",
                          quoted);
}

/* Answers a non-streamed chat with the structured reply, when a test set one. */
static gboolean
handle_structured (ReframeFakeModelServer *self,
                   SoupServerMessage      *msg,
                   const char             *path,
                   Format                  format)
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
  if (reply == NULL || is_error_behaviour (behaviour) || !is_unstreamed (msg) || !names_known_model (msg))
    return FALSE;
  answer = dup_unstreamed_answer (format, reply);
  respond_json (msg, 200, answer);
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
  Format                  format;

  if (redirect (self, msg, &path))
    return;
  format = g_str_has_prefix (path, "/v1/") ? FORMAT_OPENAI : FORMAT_OLLAMA;
  g_mutex_lock (&self->mutex);
  behaviour = self->behaviour;
  delay_ms = self->delay_ms;
  api_key = g_strdup (self->api_key);
  self->n_requests++;
  if (g_str_equal (path, "/api/chat") || g_str_equal (path, "/v1/chat/completions"))
    record_chat_body (self, msg);
  g_mutex_unlock (&self->mutex);

  if (format == FORMAT_OPENAI && !is_authorized (self, msg, api_key))
    respond_error (msg, format, REFRAME_FAKE_BEHAVIOUR_UNAUTHORIZED);
  else if (handle_context (self, msg, path))
    return;
  else if (handle_structured (self, msg, path, format))
    return;
  else if (g_str_equal (path, "/api/chat"))
    handle_chat (self, msg, FORMAT_OLLAMA, behaviour, delay_ms);
  else if (g_str_equal (path, "/v1/chat/completions"))
    handle_chat (self, msg, FORMAT_OPENAI, behaviour, delay_ms);
  else if (is_error_behaviour (behaviour) && behaviour != REFRAME_FAKE_BEHAVIOUR_UNKNOWN_MODEL)
    respond_error (msg, format, behaviour);
  else if (g_str_equal (path, "/api/version"))
    respond_json (msg, 200, "{\"version\":\"0.12.6\"}");
  else if (g_str_equal (path, "/api/tags"))
    respond_json (msg, 200, "{\"models\":[{\"name\":\"" REFRAME_FAKE_MODEL "\",\"size\":2019393189,\"details\":{\"family\":\"llama\"}},{\"name\":\"qwen2.5:7b\",\"size\":4683087332}]}");
  else if (g_str_equal (path, "/v1/models"))
    respond_json (msg, 200, "{\"object\":\"list\",\"data\":[{\"id\":\"" REFRAME_FAKE_MODEL "\",\"object\":\"model\",\"created\":1740823502,\"owned_by\":\"library\"},{\"id\":\"qwen2.5:7b\",\"object\":\"model\",\"created\":1740823502,\"owned_by\":\"library\"}]}");
  else
    respond_json (msg, 404, format == FORMAT_OLLAMA ? "{\"error\":\"404 page not found\"}" : "{\"error\":{\"message\":\"Not found\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}");
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

  g_list_free_full (g_steal_pointer (&self->drips), (GDestroyNotify) drip_free);
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

/* Returns: (transfer full): the whole text of the fake reply. */
char *
reframe_fake_model_server_dup_reply (void)
{
  return g_strjoinv ("", (char **) deltas);
}

/* Returns: (transfer full): the whole text of %REFRAME_FAKE_BEHAVIOUR_LONG_REPLY. */
char *
reframe_fake_model_server_dup_long_reply (void)
{
  GString *reply = g_string_new (NULL);

  for (guint i = 0; i < REFRAME_FAKE_LONG_REPLY_DELTAS; i++)
    {
      g_autofree char *delta = dup_long_delta (i);
      g_string_append (reply, delta);
    }
  return g_string_free (reply, FALSE);
}

/* Returns: (transfer none): the deltas of the fake reply, %NULL-terminated. */
const char *const *
reframe_fake_model_server_get_deltas (void)
{
  return deltas;
}

/* Returns: (transfer none): the deltas of %REFRAME_FAKE_BEHAVIOUR_UNSAFE_REPLY. */
const char *const *
reframe_fake_model_server_get_unsafe_deltas (void)
{
  return unsafe_deltas;
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
