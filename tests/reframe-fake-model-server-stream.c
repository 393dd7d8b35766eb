/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-fake-model-server-stream.c: the fake replies and their wire formats (NDJSON, SSE). */

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "reframe-fake-model-server-private.h"

/* One streamed response: its chunks, written one by one from the server thread. */
typedef struct _ReframeFakeDrip
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
build_frames (ReframeFakeFormat    format,
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
  if (format == REFRAME_FAKE_FORMAT_OPENAI)
    g_ptr_array_add (frames,
                     openai_event ("{\"role\":\"assistant\",\"content\":\"\"}", "null", eol));

  for (guint i = 0; reply[i] != NULL; i++)
    {
      g_autofree char *quoted = quote (reply[i]);
      g_autofree char *delta = g_strdup_printf ("{\"content\":%s}", quoted);

      if (format == REFRAME_FAKE_FORMAT_OLLAMA)
        g_ptr_array_add (frames, ollama_line (reply[i], FALSE));
      else
        g_ptr_array_add (frames, openai_event (delta, "null", eol));
      if (format == REFRAME_FAKE_FORMAT_OPENAI && crlf)
        g_ptr_array_add (frames, g_strdup (": keep-alive\r\n\r\n"));
    }

  if (format == REFRAME_FAKE_FORMAT_OLLAMA)
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
              ReframeFakeFormat    format,
              ReframeFakeBehaviour behaviour)
{
  guint first_delta = format == REFRAME_FAKE_FORMAT_OLLAMA ? 0 : 1;

  if (behaviour == REFRAME_FAKE_BEHAVIOUR_CUT_OFF)
    g_ptr_array_set_size (frames, first_delta + 2);
  else if (behaviour == REFRAME_FAKE_BEHAVIOUR_MALFORMED && format == REFRAME_FAKE_FORMAT_OLLAMA)
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

void
_reframe_fake_model_server_drip_free (Drip *drip)
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
  _reframe_fake_model_server_drip_free (drip);
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

void
_reframe_fake_model_server_start_stream (ReframeFakeModelServer *self,
                                         SoupServerMessage      *msg,
                                         ReframeFakeFormat       format,
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
      headers,
      format == REFRAME_FAKE_FORMAT_OLLAMA ? "application/x-ndjson" : "text/event-stream",
      NULL);
  g_signal_connect (msg, "wrote-chunk", G_CALLBACK (drip_wrote_chunk_cb), drip);
  g_signal_connect (msg, "finished", G_CALLBACK (drip_finished_cb), drip);
  soup_server_message_pause (msg);
  drip_schedule (drip);
}

/* Returns: (transfer full): the whole non-streamed answer holding @content. */
char *
_reframe_fake_model_server_dup_unstreamed_answer (ReframeFakeFormat format,
                                                  const char       *content)
{
  g_autofree char *quoted = quote (content);

  if (format == REFRAME_FAKE_FORMAT_OLLAMA)
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
