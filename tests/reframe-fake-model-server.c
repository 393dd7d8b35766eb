/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-fake-model-server.c: an Ollama and OpenAI-compatible model server on 127.0.0.1 for tests.
 */

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
  GPtrArray           *models; /* of FakeModel, installed (model management) */
  guint                pull_delay_ms;
  guint                pull_fail_after;
  char                *pull_error;
  guint                n_pulls_stopped;
  char                *structured_reply; /* nullable: the content of non-streamed chats */

  /* Owned, used only in the server thread */
  SoupServer *server;
  GList      *drips;
  GList      *pull_drips; /* of PullDrip */
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

static const char *const deltas[] = { "I hear ",
                                      "that today felt ",
                                      "heavy \xe2\x80\x94 ",
                                      "what went through your mind? ",
                                      "\xf0\x9f\x92\xac",
                                      NULL };

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

/* The benchmarks stream longer replies than the tests need. */
static guint
long_reply_deltas (void)
{
  const char *value = g_getenv ("REFRAME_FAKE_LONG_REPLY_DELTAS");
  guint64     n = 0;

  if (value != NULL && g_ascii_string_to_unsigned (value, 10, 1, 1000000, &n, NULL))
    return (guint) n;
  return REFRAME_FAKE_LONG_REPLY_DELTAS;
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
    return g_strdup_printf ("{\"model\":\"%s\",\"created_at\":\"2025-03-01T10:15:02.114Z\","
                            "\"message\":{\"role\":\"assistant\",\"content\":%s},\"done\":false}\n",
                            REFRAME_FAKE_MODEL,
                            quoted);
  return g_strdup_printf (
      "{\"model\":\"%s\",\"created_at\":\"2025-03-01T10:15:02.190Z\",\"message\":{\"role\":"
      "\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\",\"total_duration\":"
      "1893402111,\"eval_count\":9,\"eval_duration\":170331000}\n",
      REFRAME_FAKE_MODEL);
}

static char *
openai_event (const char *delta_json,
              const char *finish_reason,
              const char *eol)
{
  return g_strdup_printf (
      "data: "
      "{\"id\":\"chatcmpl-7f3a\",\"object\":\"chat.completion.chunk\",\"created\":1740823502,"
      "\"model\":\"%s\",\"choices\":[{\"index\":0,\"delta\":%s,\"finish_reason\":%s}]}%s%s",
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
  const char *const *reply =
      behaviour == REFRAME_FAKE_BEHAVIOUR_UNSAFE_REPLY ? unsafe_deltas : deltas;
  g_auto (GStrv) long_reply = NULL;

  if (behaviour == REFRAME_FAKE_BEHAVIOUR_LONG_REPLY)
    {
      guint n = long_reply_deltas ();

      long_reply = g_new0 (char *, n + 1);
      for (guint i = 0; i < n; i++)
        long_reply[i] = dup_long_delta (i);
      reply = (const char *const *) long_reply;
    }
  if (format == FORMAT_OPENAI)
    g_ptr_array_add (frames,
                     openai_event ("{\"role\":\"assistant\",\"content\":\"\"}", "null", eol));

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
    g_ptr_array_insert (
        frames, first_delta + 1, g_strdup ("{\"model\":\"llama3.2\",\"message\":{\"content\n"));
  else if (behaviour == REFRAME_FAKE_BEHAVIOUR_MALFORMED)
    g_ptr_array_insert (
        frames, first_delta + 1, g_strdup ("data: {\"id\":\"chatcmpl-7f3a\",\"choices\":[{\n\n"));
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

      if (behaviour != REFRAME_FAKE_BEHAVIOUR_ONE_BYTE_CHUNKS &&
          behaviour != REFRAME_FAKE_BEHAVIOUR_SPLIT_UTF8)
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
  soup_message_headers_set_content_type (
      headers, format == FORMAT_OLLAMA ? "application/x-ndjson" : "text/event-stream", NULL);
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
      respond_json (msg,
                    401,
                    ollama ? "{\"error\":\"unauthorized\"}"
                           : "{\"error\":{\"message\":\"Incorrect API key "
                             "provided\",\"type\":\"invalid_request_error\",\"param\":null,"
                             "\"code\":\"invalid_api_key\"}}");
      break;
    case REFRAME_FAKE_BEHAVIOUR_UNKNOWN_MODEL:
      respond_json (msg,
                    404,
                    ollama ? "{\"error\":\"model 'mistral' not found\"}"
                           : "{\"error\":{\"message\":\"The model 'mistral' does not "
                             "exist\",\"type\":\"invalid_request_error\",\"param\":\"model\","
                             "\"code\":\"model_not_found\"}}");
      break;
    case REFRAME_FAKE_BEHAVIOUR_RATE_LIMITED:
      soup_message_headers_replace (headers, "Retry-After", G_STRINGIFY (REFRAME_FAKE_RETRY_AFTER));
      respond_json (msg,
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
      respond_json (msg,
                    500,
                    ollama
                        ? "{\"error\":\"an error was encountered while running the model\"}"
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
      respond_json (msg, 200, json);
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
  respond_json (msg, 400, json);
  return TRUE;
}

/* Model management: /api/tags, /api/pull and /api/delete over a list of installed
 * models, which a pull adds to and a delete removes from. */

typedef struct
{
  char   *name;
  guint64 size;
  char   *family;
  char   *parameter_size;
} FakeModel;

/* The models /api/pull can fetch; anything else is not in the "library". */
static const struct
{
  const char *name;
  guint64     size;
  const char *family;
  const char *parameter_size;
} fake_library[] = {
  { REFRAME_FAKE_PULLABLE_MODEL, REFRAME_FAKE_PULLABLE_SIZE, "qwen2", "3.1B" },
  { "llama3.2:3b", G_GUINT64_CONSTANT (2019393189), "llama", "3.2B" },
  { "phi3.5", G_GUINT64_CONSTANT (2176178913), "phi3", "3.8B" },
  { "gemma2:2b", G_GUINT64_CONSTANT (1629518495), "gemma2", "2.6B" },
  { "mistral:7b", G_GUINT64_CONSTANT (4113301824), "llama", "7.2B" },
};

/* The size of the small second part of every model (its parameters and licence). */
#define FAKE_SMALL_LAYER 2048

/* One /api/pull answer: its status lines, written one by one from the server thread. */
typedef struct
{
  ReframeFakeModelServer *server; /* Borrowed */
  SoupServerMessage      *msg;
  GPtrArray              *lines; /* of char * */
  guint                   next;
  guint                   delay_ms;
  int                     model; /* index in fake_library; -1 for an error answer */
  gboolean                completed;
  GSource                *source;
} PullDrip;

static void
fake_model_free (FakeModel *model)
{
  g_free (model->name);
  g_free (model->family);
  g_free (model->parameter_size);
  g_free (model);
}

static void
add_fake_model (GPtrArray  *models,
                const char *name,
                guint64     size,
                const char *family,
                const char *parameter_size)
{
  FakeModel *model = g_new0 (FakeModel, 1);

  model->name = g_strdup (name);
  model->size = size;
  model->family = g_strdup (family);
  model->parameter_size = g_strdup (parameter_size);
  g_ptr_array_add (models, model);
}

static GPtrArray *
new_installed_models (void)
{
  GPtrArray *models = g_ptr_array_new_with_free_func ((GDestroyNotify) fake_model_free);

  add_fake_model (models, REFRAME_FAKE_MODEL, G_GUINT64_CONSTANT (2019393189), "llama", "3.2B");
  add_fake_model (models, "qwen2.5:7b", G_GUINT64_CONSTANT (4683087332), NULL, NULL);
  return models;
}

/* Called with the mutex held. */
static int
find_installed (ReframeFakeModelServer *self,
                const char             *name)
{
  for (guint i = 0; i < self->models->len; i++)
    if (g_str_equal (((FakeModel *) g_ptr_array_index (self->models, i))->name, name))
      return (int) i;
  return -1;
}

static void
respond_tags (ReframeFakeModelServer *self,
              SoupServerMessage      *msg)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *json = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "models");
  json_builder_begin_array (builder);
  g_mutex_lock (&self->mutex);
  for (guint i = 0; i < self->models->len; i++)
    {
      FakeModel *model = g_ptr_array_index (self->models, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, model->name);
      json_builder_set_member_name (builder, "size");
      json_builder_add_int_value (builder, (gint64) model->size);
      if (model->family != NULL)
        {
          json_builder_set_member_name (builder, "details");
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "format");
          json_builder_add_string_value (builder, "gguf");
          json_builder_set_member_name (builder, "family");
          json_builder_add_string_value (builder, model->family);
          json_builder_set_member_name (builder, "parameter_size");
          json_builder_add_string_value (builder, model->parameter_size);
          json_builder_set_member_name (builder, "quantization_level");
          json_builder_add_string_value (builder, "Q4_K_M");
          json_builder_end_object (builder);
        }
      json_builder_end_object (builder);
    }
  g_mutex_unlock (&self->mutex);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);
  respond_json (msg, 200, json);
}

/* Returns: (transfer full) (nullable): the "model" (or older "name") of a request body */
static char *
dup_requested_model (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonNode   *root;
  JsonObject *object;

  if (body->data == NULL || !json_parser_load_from_data (parser, body->data, body->length, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  object = json_node_get_object (root);
  return g_strdup (json_object_get_string_member_with_default (
      object, "model", json_object_get_string_member_with_default (object, "name", NULL)));
}

static void
handle_delete (ReframeFakeModelServer *self,
               SoupServerMessage      *msg)
{
  g_autofree char *name = dup_requested_model (msg);
  g_autofree char *json = NULL;
  int              index;

  if (soup_server_message_get_method (msg) != SOUP_METHOD_DELETE)
    {
      respond_json (msg, 405, "{\"error\":\"method not allowed\"}");
      return;
    }
  g_mutex_lock (&self->mutex);
  index = name != NULL ? find_installed (self, name) : -1;
  if (index >= 0)
    g_ptr_array_remove_index (self->models, index);
  g_mutex_unlock (&self->mutex);
  if (index >= 0)
    {
      soup_server_message_set_status (msg, 200, NULL);
      return;
    }
  json = g_strdup_printf ("{\"error\":\"model '%s' not found\"}", name != NULL ? name : "");
  respond_json (msg, 404, json);
}

static char *
progress_line (guint64 completed,
               guint64 total,
               char    digest)
{
  return g_strdup_printf (
      "{\"status\":\"pulling %c%c%c%c\",\"digest\":\"sha256:%c%c%c%c\",\"total\":%" G_GUINT64_FORMAT
      ",\"completed\":%" G_GUINT64_FORMAT "}\n",
      digest,
      digest,
      digest,
      digest,
      digest,
      digest,
      digest,
      digest,
      total,
      completed);
}

/* Returns: (transfer full): Ollama's status lines for @model, as its CLI sees them. */
static GPtrArray *
build_pull_lines (int model)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  guint64    big;

  g_ptr_array_add (lines, g_strdup ("{\"status\":\"pulling manifest\"}\n"));
  if (model < 0)
    {
      g_ptr_array_add (lines,
                       g_strdup ("{\"error\":\"pull model manifest: file does not exist\"}\n"));
      return lines;
    }
  big = fake_library[model].size - FAKE_SMALL_LAYER;
  for (guint step = 0; step <= 4; step++)
    g_ptr_array_add (lines, progress_line (big / 4 * step + (step == 4 ? big % 4 : 0), big, 'a'));
  /* The second part is only announced once the first is done, so the sum of the
   * totals grows: the client's fraction must not go back. */
  g_ptr_array_add (lines, progress_line (0, FAKE_SMALL_LAYER, 'b'));
  g_ptr_array_add (lines, progress_line (FAKE_SMALL_LAYER, FAKE_SMALL_LAYER, 'b'));
  g_ptr_array_add (lines, g_strdup ("{\"status\":\"verifying sha256 digest\"}\n"));
  g_ptr_array_add (lines, g_strdup ("{\"status\":\"writing manifest\"}\n"));
  g_ptr_array_add (lines, g_strdup ("{\"status\":\"success\"}\n"));
  return lines;
}

static void
pull_drip_free (PullDrip *drip)
{
  if (drip->source != NULL)
    {
      g_source_destroy (drip->source);
      g_source_unref (drip->source);
    }
  g_signal_handlers_disconnect_by_data (drip->msg, drip);
  g_object_unref (drip->msg);
  g_ptr_array_unref (drip->lines);
  g_free (drip);
}

static void
pull_finished_cb (SoupServerMessage *msg,
                  PullDrip          *drip)
{
  ReframeFakeModelServer *self = drip->server;

  g_mutex_lock (&self->mutex);
  if (!drip->completed)
    self->n_pulls_stopped++;
  g_mutex_unlock (&self->mutex);
  self->pull_drips = g_list_remove (self->pull_drips, drip);
  pull_drip_free (drip);
}

/* Called with the mutex held: the pull has written its last line. */
static void
install_pulled (ReframeFakeModelServer *self,
                int                     model)
{
  if (model >= 0 && find_installed (self, fake_library[model].name) < 0)
    add_fake_model (self->models,
                    fake_library[model].name,
                    fake_library[model].size,
                    fake_library[model].family,
                    fake_library[model].parameter_size);
}

static gboolean
pull_step_cb (gpointer user_data)
{
  PullDrip        *drip = user_data;
  SoupMessageBody *body = soup_server_message_get_response_body (drip->msg);
  g_autoptr (GSource) source = g_steal_pointer (&drip->source);
  const char *line;

  if (drip->next < drip->lines->len)
    {
      line = g_ptr_array_index (drip->lines, drip->next++);
      /* The client may go as soon as it has the last line: it counts as delivered. */
      if (drip->next == drip->lines->len)
        {
          g_mutex_lock (&drip->server->mutex);
          drip->completed = TRUE;
          if (strstr (line, "\"success\"") != NULL)
            install_pulled (drip->server, drip->model);
          g_mutex_unlock (&drip->server->mutex);
        }
      soup_message_body_append (body, SOUP_MEMORY_COPY, line, strlen (line));
      soup_server_message_unpause (drip->msg);
      return G_SOURCE_REMOVE;
    }
  drip->next++;
  soup_message_body_complete (body);
  soup_server_message_unpause (drip->msg);
  return G_SOURCE_REMOVE;
}

static void
pull_wrote_chunk_cb (SoupServerMessage *msg,
                     PullDrip          *drip)
{
  if (drip->source != NULL || drip->next > drip->lines->len)
    return;
  drip->source = drip->delay_ms > 0 ? g_timeout_source_new (drip->delay_ms) : g_idle_source_new ();
  g_source_set_callback (drip->source, pull_step_cb, drip, NULL);
  g_source_attach (drip->source, drip->server->context);
}

static int
find_in_library (const char *name)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (fake_library); i++)
    if (g_str_equal (fake_library[i].name, name))
      return (int) i;
  return -1;
}

static void
handle_pull (ReframeFakeModelServer *self,
             SoupServerMessage      *msg)
{
  g_autofree char *name = dup_requested_model (msg);
  PullDrip        *drip;

  if (soup_server_message_get_method (msg) != SOUP_METHOD_POST)
    {
      respond_json (msg, 405, "{\"error\":\"method not allowed\"}");
      return;
    }
  drip = g_new0 (PullDrip, 1);
  drip->server = self;
  drip->msg = g_object_ref (msg);
  drip->model = find_in_library (name);
  drip->lines = build_pull_lines (drip->model);
  g_mutex_lock (&self->mutex);
  drip->delay_ms = self->pull_delay_ms;
  if (self->pull_error != NULL && self->pull_fail_after < drip->lines->len)
    {
      g_ptr_array_set_size (drip->lines, self->pull_fail_after);
      g_ptr_array_add (drip->lines, g_strdup_printf ("{\"error\":\"%s\"}\n", self->pull_error));
    }
  g_mutex_unlock (&self->mutex);
  self->pull_drips = g_list_prepend (self->pull_drips, drip);

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg),
                                     SOUP_ENCODING_CHUNKED);
  soup_message_headers_set_content_type (
      soup_server_message_get_response_headers (msg), "application/x-ndjson", NULL);
  g_signal_connect (msg, "wrote-chunk", G_CALLBACK (pull_wrote_chunk_cb), drip);
  g_signal_connect (msg, "finished", G_CALLBACK (pull_finished_cb), drip);
  soup_server_message_pause (msg);
  pull_wrote_chunk_cb (msg, drip);
}

static gboolean
is_model_management (const char *path)
{
  return g_str_equal (path, "/api/tags") || g_str_equal (path, "/api/pull") ||
         g_str_equal (path, "/api/delete");
}

static void
handle_model_management (ReframeFakeModelServer *self,
                         SoupServerMessage      *msg,
                         const char             *path)
{
  if (g_str_equal (path, "/api/tags"))
    respond_tags (self, msg);
  else if (g_str_equal (path, "/api/pull"))
    handle_pull (self, msg);
  else
    handle_delete (self, msg);
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

/* Returns: (transfer full): the whole non-streamed answer holding @content. */
static char *
dup_unstreamed_answer (Format      format,
                       const char *content)
{
  g_autofree char *quoted = quote (content);

  if (format == FORMAT_OLLAMA)
    return g_strdup_printf ("{\"model\":\"" REFRAME_FAKE_MODEL
                            "\",\"created_at\":\"2025-03-01T10:15:02.190Z\","
                            "\"message\":{\"role\":\"assistant\",\"content\":%s},\"done\":true,"
                            "\"done_reason\":\"stop\"}",
                            quoted);
  return g_strdup_printf (
      "{\"id\":\"chatcmpl-7f3a\",\"object\":\"chat.completion\",\"created\":1740823502,"
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
  if (reply == NULL || is_error_behaviour (behaviour) || !is_unstreamed (msg) ||
      !names_known_model (msg))
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
  else if (is_model_management (path))
    handle_model_management (self, msg, path);
  else if (g_str_equal (path, "/v1/models"))
    respond_json (
        msg,
        200,
        "{\"object\":\"list\",\"data\":[{\"id\":\"" REFRAME_FAKE_MODEL
        "\",\"object\":\"model\",\"created\":1740823502,\"owned_by\":\"library\"},{\"id\":\"qwen2."
        "5:7b\",\"object\":\"model\",\"created\":1740823502,\"owned_by\":\"library\"}]}");
  else
    respond_json (
        msg,
        404,
        format == FORMAT_OLLAMA
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

  g_list_free_full (g_steal_pointer (&self->drips), (GDestroyNotify) drip_free);
  g_list_free_full (g_steal_pointer (&self->pull_drips), (GDestroyNotify) pull_drip_free);
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
  self->models = new_installed_models ();
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

/* Sets the wait before each status line of /api/pull (default 10 ms). */
void
reframe_fake_model_server_set_pull_delay (ReframeFakeModelServer *self,
                                          guint                   delay_ms)
{
  g_mutex_lock (&self->mutex);
  self->pull_delay_ms = delay_ms;
  g_mutex_unlock (&self->mutex);
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
 * reframe_fake_model_server_set_pull_failure:
 * @after_lines: how many status lines go out before the error
 * @error_text: (nullable): the error, as Ollama words it; %NULL for pulls that succeed
 *
 * Makes the next pulls send {"error": @error_text} after @after_lines lines, and end.
 */
void
reframe_fake_model_server_set_pull_failure (ReframeFakeModelServer *self,
                                            guint                   after_lines,
                                            const char             *error_text)
{
  g_mutex_lock (&self->mutex);
  self->pull_fail_after = after_lines;
  g_free (self->pull_error);
  self->pull_error = g_strdup (error_text);
  g_mutex_unlock (&self->mutex);
}

/* Returns: whether @name is among the installed models (/api/tags). */
gboolean
reframe_fake_model_server_has_model (ReframeFakeModelServer *self,
                                     const char             *name)
{
  gboolean found;

  g_mutex_lock (&self->mutex);
  found = find_installed (self, name) >= 0;
  g_mutex_unlock (&self->mutex);
  return found;
}

/* Returns: how many pulls ended (the client went away) before their last line. */
guint
reframe_fake_model_server_get_n_pulls_stopped (ReframeFakeModelServer *self)
{
  guint n;

  g_mutex_lock (&self->mutex);
  n = self->n_pulls_stopped;
  g_mutex_unlock (&self->mutex);
  return n;
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
