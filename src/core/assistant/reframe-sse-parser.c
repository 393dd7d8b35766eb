/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-sse-parser.c: turns the bytes of an OpenAI-compatible event stream into chat events. */

#define G_LOG_DOMAIN "ReframeSseParser"

#include "config.h"

#include "reframe-i18n.h"
#include <string.h>

#include "reframe-chat-event-private.h"
#include "reframe-sse-parser.h"

/* A `/v1/chat/completions` stream is Server-Sent Events (the WHATWG event-stream
 * rules): "data:" lines hold `chat.completion.chunk` JSON, a blank line ends an event,
 * and the literal "data: [DONE]" ends the stream. Lines end in CRLF, LF or CR. Errors
 * after the stream started keep HTTP status 200 and arrive as an event carrying an
 * "error" object; llama.cpp sends them in a field named "error:" instead of "data:". */

typedef enum
{
  STATE_STREAMING, /* reading lines */
  STATE_DONE,      /* "[DONE]" arrived; bytes after it are ignored */
  STATE_FAILED,    /* failure holds the first error; later calls return it again */
  STATE_FINISHED,  /* finish() succeeded; the stream is over */
} State;

struct _ReframeSseParser
{
  GObject parent_instance;

  /* Owned */
  GString    *line; /* the start of a line split across chunks */
  GString    *data; /* the data lines of the current event, each followed by "\n" */
  JsonParser *json;
  char       *model;
  char       *finish_reason;
  GError     *failure;

  gint64   prompt_tokens;
  gint64   completion_tokens;
  gsize    max_line_size;
  gsize    max_reply_size;
  gsize    reply_size;
  guint    line_no;
  guint    event_no;
  gboolean event_is_error; /* the current event said "event: error" */
  gboolean skip_lf;        /* the last chunk ended in CR, which a LF may complete */
  State    state;
};

G_DEFINE_FINAL_TYPE (ReframeSseParser, reframe_sse_parser, G_TYPE_OBJECT)

static gboolean
bytes_equal (const char *text,
             gsize       len,
             const char *literal)
{
  return len == strlen (literal) && memcmp (text, literal, len) == 0;
}

static void
replace_string (char      **field,
                const char *value)
{
  if (value != NULL && g_strcmp0 (*field, value) != 0)
    {
      g_free (*field);
      *field = _reframe_stream_dup_text (value);
    }
}

/* Handles "[DONE]". A stream that says it is done without a word or a finish reason
 * has failed (llama.cpp ends an errored stream this way), so it must not look like an
 * empty answer. */
static gboolean
end_stream (ReframeSseParser *self,
            GPtrArray        *events_out,
            GError          **error)
{
  ReframeChatEvent *event;

  if (self->reply_size == 0 && self->finish_reason == NULL)
    {
      g_set_error_literal (error,
                           REFRAME_STREAM_ERROR,
                           REFRAME_STREAM_ERROR_EMPTY,
                           _ ("The model server ended the reply without an answer."));
      return FALSE;
    }

  event = reframe_chat_event_new_done (self->finish_reason);
  event->model = g_strdup (self->model);
  event->prompt_tokens = self->prompt_tokens;
  event->completion_tokens = self->completion_tokens;
  g_ptr_array_add (events_out, event);
  self->state = STATE_DONE;
  return TRUE;
}

/* Servers that stream several choices (n > 1) send one choice per chunk, each with its
 * "index"; the chat shows choice 0 only. */
static JsonObject *
find_first_choice (JsonObject *chunk)
{
  JsonArray *choices = _reframe_json_get_array (chunk, "choices");
  guint      n_choices = choices != NULL ? json_array_get_length (choices) : 0;

  for (guint i = 0; i < n_choices; i++)
    {
      JsonNode   *node = json_array_get_element (choices, i);
      JsonObject *choice = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

      if (choice != NULL && _reframe_json_get_count (choice, "index") <= 0)
        return choice;
    }

  return NULL;
}

static void
read_usage (ReframeSseParser *self,
            JsonObject       *chunk)
{
  /* With "include_usage" the counts come in a chunk of their own after the finish
   * reason; llama.cpp puts them in the last chunk. */
  JsonObject *usage = _reframe_json_get_object (chunk, "usage");
  gint64      prompt_tokens = usage != NULL ? _reframe_json_get_count (usage, "prompt_tokens") : -1;
  gint64      completion_tokens =
      usage != NULL ? _reframe_json_get_count (usage, "completion_tokens") : -1;

  if (prompt_tokens >= 0)
    self->prompt_tokens = prompt_tokens;
  if (completion_tokens >= 0)
    self->completion_tokens = completion_tokens;
}

static gboolean
handle_chunk (ReframeSseParser *self,
              JsonObject       *chunk,
              GPtrArray        *events_out,
              GError          **error)
{
  JsonNode   *error_node = json_object_get_member (chunk, "error");
  JsonObject *choice = find_first_choice (chunk);
  JsonObject *delta = choice != NULL ? _reframe_json_get_object (choice, "delta") : NULL;
  const char *thinking = NULL;

  if (error_node != NULL && !JSON_NODE_HOLDS_NULL (error_node))
    return _reframe_stream_fail_with_event (
        events_out, _reframe_chat_event_new_from_error (error_node), error);

  replace_string (&self->model, _reframe_json_get_string (chunk, "model"));
  read_usage (self, chunk);
  if (choice == NULL)
    return TRUE;

  /* Reasoning models served by llama.cpp, vLLM and DeepSeek stream their reasoning in
   * "reasoning_content", OpenRouter and newer Ollama in "reasoning". */
  if (delta != NULL)
    thinking = _reframe_json_get_string (delta, "reasoning_content");
  if (delta != NULL && thinking == NULL)
    thinking = _reframe_json_get_string (delta, "reasoning");

  if (delta != NULL &&
      !_reframe_stream_add_delta (events_out,
                                  _reframe_json_get_string (delta, "content"),
                                  thinking,
                                  self->model,
                                  &self->reply_size,
                                  self->max_reply_size,
                                  error))
    return FALSE;

  replace_string (&self->finish_reason, _reframe_json_get_string (choice, "finish_reason"));
  return TRUE;
}

/* The payload of an "error:" field or an "event: error" event: an OpenAI-style error
 * object, with or without the {"error": …} around it, or plain text. */
static gboolean
handle_error_payload (ReframeSseParser *self,
                      const char       *text,
                      gsize             len,
                      GPtrArray        *events_out,
                      GError          **error)
{
  JsonObject      *object = _reframe_stream_parse_object (self->json, text, len, NULL);
  JsonNode        *inner = object != NULL ? json_object_get_member (object, "error") : NULL;
  g_autofree char *message = NULL;

  if (inner != NULL && !JSON_NODE_HOLDS_NULL (inner))
    return _reframe_stream_fail_with_event (
        events_out, _reframe_chat_event_new_from_error (inner), error);
  if (object != NULL)
    return _reframe_stream_fail_with_event (
        events_out, _reframe_chat_event_new_from_error (json_parser_get_root (self->json)), error);

  message = g_strstrip (g_utf8_make_valid (text, (gssize) len));
  return _reframe_stream_fail_with_event (
      events_out, reframe_chat_event_new_error (message), error);
}

static gboolean
handle_event (ReframeSseParser *self,
              const char       *text,
              gsize             len,
              GPtrArray        *events_out,
              GError          **error)
{
  JsonObject *chunk;

  if (self->event_is_error)
    return handle_error_payload (self, text, len, events_out, error);

  /* "[DONE]" is not JSON, so it is recognised before parsing. */
  if (bytes_equal (text, len, "[DONE]"))
    return end_stream (self, events_out, error);

  /* "data:" with nothing after it carries nothing. */
  if (_reframe_stream_is_blank (text, len))
    return TRUE;

  chunk = _reframe_stream_parse_object (self->json, text, len, error);
  if (chunk == NULL)
    {
      g_prefix_error (
          error, _ ("Event %u of the model server's reply could not be read. "), self->event_no);
      return FALSE;
    }

  return handle_chunk (self, chunk, events_out, error);
}

/* A blank line ends the event. One without data is dropped, as the spec says. */
static gboolean
dispatch_event (ReframeSseParser *self,
                GPtrArray        *events_out,
                GError          **error)
{
  gboolean ok = TRUE;

  if (self->data->len > 0)
    {
      self->event_no++;
      ok = handle_event (self, self->data->str, self->data->len - 1, events_out, error);
    }

  g_string_truncate (self->data, 0);
  self->event_is_error = FALSE;
  return ok;
}

static gboolean
append_data (ReframeSseParser *self,
             const char       *value,
             gsize             len,
             GError          **error)
{
  /* Several data lines make one event's data, joined by "\n"; the limit on a single
   * line applies to the event as a whole as well. */
  if (!_reframe_stream_check_line_size (self->data->len + len + 1, self->max_line_size, error))
    return FALSE;

  g_string_append_len (self->data, value, len);
  g_string_append_c (self->data, '\n');
  return TRUE;
}

/* One line, without its line end: "field: value", a comment, or blank. Fields other
 * than data, event and llama.cpp's error are ignored: "id" and "retry" only matter to
 * a client that reconnects, and a chat reply is never resumed. */
static gboolean
parse_line (ReframeSseParser *self,
            const char       *text,
            gsize             len,
            GPtrArray        *events_out,
            GError          **error)
{
  const char *colon;
  const char *value;
  gsize       field_len;
  gsize       value_len;

  if (++self->line_no == 1)
    {
      gsize bom = _reframe_stream_skip_bom (text, len);

      text += bom;
      len -= bom;
    }

  if (len == 0)
    return dispatch_event (self, events_out, error);
  if (text[0] == ':')
    return TRUE;

  colon = memchr (text, ':', len);
  field_len = colon != NULL ? (gsize) (colon - text) : len;
  value = colon != NULL ? colon + 1 : text + len;
  value_len = len - (value - text);
  if (value_len > 0 && value[0] == ' ')
    {
      value++;
      value_len--;
    }

  if (bytes_equal (text, field_len, "data"))
    return append_data (self, value, value_len, error);
  if (bytes_equal (text, field_len, "event"))
    self->event_is_error = bytes_equal (value, value_len, "error");
  else if (bytes_equal (text, field_len, "error"))
    return handle_error_payload (self, value, value_len, events_out, error);
  return TRUE;
}

static gboolean
keep_partial_line (ReframeSseParser *self,
                   const char       *data,
                   gsize             len,
                   GError          **error)
{
  if (!_reframe_stream_check_line_size (self->line->len + len, self->max_line_size, error))
    return FALSE;

  g_string_append_len (self->line, data, len);
  return TRUE;
}

/* A line that arrived whole in one chunk is parsed where it lies; only the pieces of a
 * line split across chunks are copied, so each byte is looked at a fixed number of times. */
static gboolean
take_line (ReframeSseParser *self,
           const char       *data,
           gsize             len,
           GPtrArray        *events_out,
           GError          **error)
{
  gboolean ok;

  if (self->line->len == 0)
    return _reframe_stream_check_line_size (len, self->max_line_size, error) &&
           parse_line (self, data, len, events_out, error);

  if (!keep_partial_line (self, data, len, error))
    return FALSE;

  ok = parse_line (self, self->line->str, self->line->len, events_out, error);
  g_string_truncate (self->line, 0);
  return ok;
}

static const char *
find_line_end (const char *data,
               const char *end)
{
  for (; data < end; data++)
    {
      if (*data == '\n' || *data == '\r')
        return data;
    }
  return NULL;
}

/* A CR ends its line at once. If the chunk ends right after it, a LF may start the next
 * chunk as the second half of a CRLF; skip_lf remembers to drop it, so no line waits. */
static gboolean
feed_lines (ReframeSseParser *self,
            const char       *data,
            gsize             len,
            GPtrArray        *events_out,
            GError          **error)
{
  const char *end = data + len;

  if (self->skip_lf && data < end)
    {
      self->skip_lf = FALSE;
      if (*data == '\n')
        data++;
    }

  while (data < end && self->state == STATE_STREAMING)
    {
      const char *line_end = find_line_end (data, end);

      if (line_end == NULL)
        return keep_partial_line (self, data, end - data, error);

      if (!take_line (self, data, line_end - data, events_out, error))
        return FALSE;

      if (*line_end == '\r' && line_end + 1 == end)
        self->skip_lf = TRUE;
      else if (*line_end == '\r' && line_end[1] == '\n')
        line_end++;
      data = line_end + 1;
    }

  return TRUE;
}

/* At the end of the stream. The spec drops an event that no blank line ended, but a
 * last "data: [DONE]" without one still ends the stream cleanly, and so does a close
 * right after a finish reason. Anything else left over means the reply was cut off. */
static gboolean
finish_lines (ReframeSseParser *self,
              GPtrArray        *events_out,
              GError          **error)
{
  if (self->line->len > 0 &&
      !parse_line (self, self->line->str, self->line->len, events_out, error))
    return FALSE;
  g_string_truncate (self->line, 0);

  if (self->state == STATE_STREAMING && !self->event_is_error &&
      bytes_equal (self->data->str, self->data->len, "[DONE]\n"))
    return dispatch_event (self, events_out, error);

  if (self->state == STATE_STREAMING && self->data->len == 0 && self->finish_reason != NULL)
    return end_stream (self, events_out, error);

  if (self->state != STATE_DONE)
    return _reframe_stream_fail_cut_off (error);
  return TRUE;
}

/* Remembers @local_error (if any) as the parser's failure and reports the failure. */
static gboolean
report (ReframeSseParser *self,
        GError           *local_error,
        GError          **error)
{
  if (local_error != NULL)
    {
      g_assert (self->failure == NULL);
      self->failure = local_error;
      self->state = STATE_FAILED;
    }

  if (self->failure == NULL)
    return TRUE;

  g_propagate_error (error, g_error_copy (self->failure));
  return FALSE;
}

static void
reframe_sse_parser_finalize (GObject *object)
{
  ReframeSseParser *self = (ReframeSseParser *) object;

  g_string_free (self->line, TRUE);
  g_string_free (self->data, TRUE);
  g_clear_object (&self->json);
  g_clear_pointer (&self->model, g_free);
  g_clear_pointer (&self->finish_reason, g_free);
  g_clear_error (&self->failure);

  G_OBJECT_CLASS (reframe_sse_parser_parent_class)->finalize (object);
}

static void
reframe_sse_parser_class_init (ReframeSseParserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = reframe_sse_parser_finalize;
}

static void
reframe_sse_parser_init (ReframeSseParser *self)
{
  self->line = g_string_new (NULL);
  self->data = g_string_new (NULL);
  self->json = json_parser_new_immutable ();
  self->prompt_tokens = -1;
  self->completion_tokens = -1;
  self->max_line_size = REFRAME_STREAM_DEFAULT_MAX_LINE_SIZE;
  self->max_reply_size = REFRAME_STREAM_DEFAULT_MAX_REPLY_SIZE;
  self->state = STATE_STREAMING;
}

/**
 * reframe_sse_parser_new:
 *
 * Creates a parser for one streamed reply of an OpenAI-compatible
 * `POST /v1/chat/completions` (llama.cpp, vLLM, LM Studio, LocalAI, Ollama, hosted
 * services).
 *
 * Returns: (transfer full): a new parser
 */
ReframeSseParser *
reframe_sse_parser_new (void)
{
  return g_object_new (REFRAME_TYPE_SSE_PARSER, NULL);
}

/**
 * reframe_sse_parser_get_max_line_size:
 *
 * Returns: the largest line or event data, in bytes, the parser accepts
 */
gsize
reframe_sse_parser_get_max_line_size (ReframeSseParser *self)
{
  g_return_val_if_fail (REFRAME_IS_SSE_PARSER (self), 0);

  return self->max_line_size;
}

/**
 * reframe_sse_parser_set_max_line_size:
 * @max_line_size: the largest line, and the largest data of one event, in bytes
 *
 * Anything longer fails with %REFRAME_STREAM_ERROR_TOO_LARGE instead of being
 * buffered. The default is %REFRAME_STREAM_DEFAULT_MAX_LINE_SIZE.
 */
void
reframe_sse_parser_set_max_line_size (ReframeSseParser *self,
                                      gsize             max_line_size)
{
  g_return_if_fail (REFRAME_IS_SSE_PARSER (self));
  g_return_if_fail (max_line_size > 0);

  self->max_line_size = max_line_size;
}

/**
 * reframe_sse_parser_get_max_reply_size:
 *
 * Returns: the most reply text, in bytes, the parser passes on; 0 means no limit
 */
gsize
reframe_sse_parser_get_max_reply_size (ReframeSseParser *self)
{
  g_return_val_if_fail (REFRAME_IS_SSE_PARSER (self), 0);

  return self->max_reply_size;
}

/**
 * reframe_sse_parser_set_max_reply_size:
 * @max_reply_size: the most text (answer plus reasoning) in bytes, or 0 for no limit
 *
 * The delta that would go over the limit fails with %REFRAME_STREAM_ERROR_TOO_LARGE,
 * so a model stuck in a loop cannot grow a reply without end. The default is
 * %REFRAME_STREAM_DEFAULT_MAX_REPLY_SIZE.
 */
void
reframe_sse_parser_set_max_reply_size (ReframeSseParser *self,
                                       gsize             max_reply_size)
{
  g_return_if_fail (REFRAME_IS_SSE_PARSER (self));

  self->max_reply_size = max_reply_size;
}

/**
 * reframe_sse_parser_feed:
 * @data: (array length=len) (nullable): the next bytes of the response body, cut anywhere
 * @len: the number of bytes in @data
 * @events_out: (element-type ReframeChatEvent): where new events are appended, an
 *   array from reframe_chat_event_array_new()
 * @error: return location for a #GError
 *
 * Parses every event @data completes and keeps the rest for the next call. Events
 * found before a failure are appended too, so text received so far can still be shown.
 * After a failure every call fails again with the same error. Bytes after "[DONE]"
 * are ignored.
 *
 * Returns: %FALSE on a malformed event (%REFRAME_STREAM_ERROR_MALFORMED), a line, event
 *   or reply over its limit (%REFRAME_STREAM_ERROR_TOO_LARGE), an error from the server
 *   (%REFRAME_STREAM_ERROR_PROVIDER_ERROR, after a %REFRAME_CHAT_EVENT_ERROR event) or
 *   "[DONE]" without any answer (%REFRAME_STREAM_ERROR_EMPTY)
 */
gboolean
reframe_sse_parser_feed (ReframeSseParser *self,
                         const guint8     *data,
                         gsize             len,
                         GPtrArray        *events_out,
                         GError          **error)
{
  GError *local_error = NULL;

  g_return_val_if_fail (REFRAME_IS_SSE_PARSER (self), FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (events_out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  g_return_val_if_fail (self->state != STATE_FINISHED, FALSE);

  if (self->state == STATE_STREAMING)
    feed_lines (self, (const char *) data, len, events_out, &local_error);
  return report (self, local_error, error);
}

/**
 * reframe_sse_parser_finish:
 * @events_out: (element-type ReframeChatEvent): where new events are appended
 * @error: return location for a #GError
 *
 * Ends the stream, once, when the connection has closed.
 *
 * Returns: %FALSE with %REFRAME_STREAM_ERROR_CUT_OFF when the stream ended before
 *   "[DONE]" or a finish reason, or with part of an event left over (the reply is
 *   incomplete), or with the error of an earlier failure
 */
gboolean
reframe_sse_parser_finish (ReframeSseParser *self,
                           GPtrArray        *events_out,
                           GError          **error)
{
  GError *local_error = NULL;

  g_return_val_if_fail (REFRAME_IS_SSE_PARSER (self), FALSE);
  g_return_val_if_fail (events_out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  g_return_val_if_fail (self->state != STATE_FINISHED, FALSE);

  if (self->state == STATE_STREAMING)
    finish_lines (self, events_out, &local_error);
  if (self->state == STATE_DONE)
    self->state = STATE_FINISHED;
  return report (self, local_error, error);
}
