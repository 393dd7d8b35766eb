/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-ndjson-parser.c: turns the bytes of an Ollama /api/chat stream into chat events. */

#define G_LOG_DOMAIN "ReframeNdjsonParser"

#include "config.h"

#include "reframe-i18n.h"
#include <string.h>

#include "reframe-chat-event-private.h"
#include "reframe-ndjson-parser.h"

/* Ollama streams one JSON object per "\n"-terminated line ("application/x-ndjson");
 * the last one has "done": true. A failing model sends {"error": "…"} instead, with
 * HTTP status 200, so a stream that ends without a done line was cut off. */

typedef enum
{
  STATE_STREAMING, /* reading lines */
  STATE_DONE,      /* the done line arrived; bytes after it are ignored */
  STATE_FAILED,    /* failure holds the first error; later calls return it again */
  STATE_FINISHED,  /* finish() succeeded; the stream is over */
} State;

struct _ReframeNdjsonParser
{
  GObject parent_instance;

  /* Owned */
  GString    *line; /* the start of a line split across chunks */
  JsonParser *json;
  GError     *failure;

  gsize max_line_size;
  gsize max_reply_size;
  gsize reply_size;
  guint line_no;
  State state;
};

G_DEFINE_FINAL_TYPE (ReframeNdjsonParser, reframe_ndjson_parser, G_TYPE_OBJECT)

static void
add_done (ReframeNdjsonParser *self,
          JsonObject          *chunk,
          const char          *model,
          GPtrArray           *events_out)
{
  ReframeChatEvent *event =
      reframe_chat_event_new_done (_reframe_json_get_string (chunk, "done_reason"));

  event->model = _reframe_stream_dup_text (model);
  event->prompt_tokens = _reframe_json_get_count (chunk, "prompt_eval_count");
  event->completion_tokens = _reframe_json_get_count (chunk, "eval_count");
  event->total_duration_ns = _reframe_json_get_count (chunk, "total_duration");
  event->eval_duration_ns = _reframe_json_get_count (chunk, "eval_duration");
  g_ptr_array_add (events_out, event);
  self->state = STATE_DONE;
}

static gboolean
handle_chunk (ReframeNdjsonParser *self,
              JsonObject          *chunk,
              GPtrArray           *events_out,
              GError             **error)
{
  JsonNode   *error_node = json_object_get_member (chunk, "error");
  JsonObject *message = _reframe_json_get_object (chunk, "message");
  const char *model = _reframe_json_get_string (chunk, "model");

  /* The error check comes first: an error line has no "done", and treating it as an
   * ordinary chunk would leave the reply waiting for a done line that never comes. */
  if (error_node != NULL && !JSON_NODE_HOLDS_NULL (error_node))
    return _reframe_stream_fail_with_event (
        events_out, _reframe_chat_event_new_from_error (error_node), error);

  /* The done line may carry text too: a "stream": false reply is one such line. */
  if (message != NULL &&
      !_reframe_stream_add_delta (events_out,
                                  _reframe_json_get_string (message, "content"),
                                  _reframe_json_get_string (message, "thinking"),
                                  model,
                                  &self->reply_size,
                                  self->max_reply_size,
                                  error))
    return FALSE;

  if (_reframe_json_get_true (chunk, "done"))
    add_done (self, chunk, model, events_out);
  return TRUE;
}

static gboolean
parse_line (ReframeNdjsonParser *self,
            const char          *text,
            gsize                len,
            GPtrArray           *events_out,
            GError             **error)
{
  JsonObject *chunk;
  gsize       bom = 0;

  self->line_no++;
  if (self->line_no == 1)
    bom = _reframe_stream_skip_bom (text, len);

  /* Blank lines carry nothing; a proxy may send them to keep the connection open. */
  if (_reframe_stream_is_blank (text + bom, len - bom))
    return TRUE;

  chunk = _reframe_stream_parse_object (self->json, text + bom, len - bom, error);
  if (chunk == NULL)
    {
      g_prefix_error (
          error, _ ("Line %u of the model server's reply could not be read. "), self->line_no);
      return FALSE;
    }

  return handle_chunk (self, chunk, events_out, error);
}

static gboolean
keep_partial_line (ReframeNdjsonParser *self,
                   const char          *data,
                   gsize                len,
                   GError             **error)
{
  if (!_reframe_stream_check_line_size (self->line->len + len, self->max_line_size, error))
    return FALSE;

  g_string_append_len (self->line, data, len);
  return TRUE;
}

/* A line that arrived whole in one chunk is parsed where it lies; only the pieces of a
 * line split across chunks are copied, so each byte is looked at a fixed number of times. */
static gboolean
take_line (ReframeNdjsonParser *self,
           const char          *data,
           gsize                len,
           GPtrArray           *events_out,
           GError             **error)
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

static gboolean
feed_lines (ReframeNdjsonParser *self,
            const char          *data,
            gsize                len,
            GPtrArray           *events_out,
            GError             **error)
{
  const char *end = data + len;

  while (data < end && self->state == STATE_STREAMING)
    {
      const char *newline = memchr (data, '\n', end - data);

      if (newline == NULL)
        return keep_partial_line (self, data, end - data, error);

      if (!take_line (self, data, newline - data, events_out, error))
        return FALSE;
      data = newline + 1;
    }

  return TRUE;
}

static gboolean
finish_lines (ReframeNdjsonParser *self,
              GPtrArray           *events_out,
              GError             **error)
{
  g_autoptr (GError) local_error = NULL;

  /* A last line without its "\n" still counts when it is complete JSON; when it is not,
   * the connection broke in the middle of it. */
  if (self->line->len > 0 &&
      !parse_line (self, self->line->str, self->line->len, events_out, &local_error))
    {
      if (g_error_matches (local_error, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_MALFORMED))
        return _reframe_stream_fail_cut_off (error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  g_string_truncate (self->line, 0);
  if (self->state != STATE_DONE)
    return _reframe_stream_fail_cut_off (error);
  return TRUE;
}

/* Remembers @local_error (if any) as the parser's failure and reports the failure. */
static gboolean
report (ReframeNdjsonParser *self,
        GError              *local_error,
        GError             **error)
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
reframe_ndjson_parser_finalize (GObject *object)
{
  ReframeNdjsonParser *self = (ReframeNdjsonParser *) object;

  g_string_free (self->line, TRUE);
  g_clear_object (&self->json);
  g_clear_error (&self->failure);

  G_OBJECT_CLASS (reframe_ndjson_parser_parent_class)->finalize (object);
}

static void
reframe_ndjson_parser_class_init (ReframeNdjsonParserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = reframe_ndjson_parser_finalize;
}

static void
reframe_ndjson_parser_init (ReframeNdjsonParser *self)
{
  self->line = g_string_new (NULL);
  self->json = json_parser_new_immutable ();
  self->max_line_size = REFRAME_STREAM_DEFAULT_MAX_LINE_SIZE;
  self->max_reply_size = REFRAME_STREAM_DEFAULT_MAX_REPLY_SIZE;
  self->state = STATE_STREAMING;
}

/**
 * reframe_ndjson_parser_new:
 *
 * Creates a parser for one streamed reply of Ollama's `POST /api/chat`. It also reads
 * the single object of a `"stream": false` reply.
 *
 * Returns: (transfer full): a new parser
 */
ReframeNdjsonParser *
reframe_ndjson_parser_new (void)
{
  return g_object_new (REFRAME_TYPE_NDJSON_PARSER, NULL);
}

/**
 * reframe_ndjson_parser_get_max_line_size:
 *
 * Returns: the largest line, in bytes, the parser accepts
 */
gsize
reframe_ndjson_parser_get_max_line_size (ReframeNdjsonParser *self)
{
  g_return_val_if_fail (REFRAME_IS_NDJSON_PARSER (self), 0);

  return self->max_line_size;
}

/**
 * reframe_ndjson_parser_set_max_line_size:
 * @max_line_size: the largest line in bytes, more than 0
 *
 * A longer line fails with %REFRAME_STREAM_ERROR_TOO_LARGE instead of being buffered.
 * The default is %REFRAME_STREAM_DEFAULT_MAX_LINE_SIZE.
 */
void
reframe_ndjson_parser_set_max_line_size (ReframeNdjsonParser *self,
                                         gsize                max_line_size)
{
  g_return_if_fail (REFRAME_IS_NDJSON_PARSER (self));
  g_return_if_fail (max_line_size > 0);

  self->max_line_size = max_line_size;
}

/**
 * reframe_ndjson_parser_get_max_reply_size:
 *
 * Returns: the most reply text, in bytes, the parser passes on; 0 means no limit
 */
gsize
reframe_ndjson_parser_get_max_reply_size (ReframeNdjsonParser *self)
{
  g_return_val_if_fail (REFRAME_IS_NDJSON_PARSER (self), 0);

  return self->max_reply_size;
}

/**
 * reframe_ndjson_parser_set_max_reply_size:
 * @max_reply_size: the most text (answer plus reasoning) in bytes, or 0 for no limit
 *
 * The delta that would go over the limit fails with %REFRAME_STREAM_ERROR_TOO_LARGE,
 * so a model stuck in a loop cannot grow a reply without end. The default is
 * %REFRAME_STREAM_DEFAULT_MAX_REPLY_SIZE.
 */
void
reframe_ndjson_parser_set_max_reply_size (ReframeNdjsonParser *self,
                                          gsize                max_reply_size)
{
  g_return_if_fail (REFRAME_IS_NDJSON_PARSER (self));

  self->max_reply_size = max_reply_size;
}

/**
 * reframe_ndjson_parser_feed:
 * @data: (array length=len) (nullable): the next bytes of the response body, cut anywhere
 * @len: the number of bytes in @data
 * @events_out: (element-type ReframeChatEvent): where new events are appended, an
 *   array from reframe_chat_event_array_new()
 * @error: return location for a #GError
 *
 * Parses every line @data completes and keeps the rest for the next call. Events found
 * before a failure are appended too, so text received so far can still be shown. After
 * a failure every call fails again with the same error. Bytes after the done line
 * are ignored.
 *
 * Returns: %FALSE on a malformed line (%REFRAME_STREAM_ERROR_MALFORMED), a line or
 *   reply over its limit (%REFRAME_STREAM_ERROR_TOO_LARGE) or an error from the server
 *   (%REFRAME_STREAM_ERROR_PROVIDER_ERROR, after a %REFRAME_CHAT_EVENT_ERROR event)
 */
gboolean
reframe_ndjson_parser_feed (ReframeNdjsonParser *self,
                            const guint8        *data,
                            gsize                len,
                            GPtrArray           *events_out,
                            GError             **error)
{
  GError *local_error = NULL;

  g_return_val_if_fail (REFRAME_IS_NDJSON_PARSER (self), FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (events_out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  g_return_val_if_fail (self->state != STATE_FINISHED, FALSE);

  if (self->state == STATE_STREAMING)
    feed_lines (self, (const char *) data, len, events_out, &local_error);
  return report (self, local_error, error);
}

/**
 * reframe_ndjson_parser_finish:
 * @events_out: (element-type ReframeChatEvent): where new events are appended
 * @error: return location for a #GError
 *
 * Ends the stream, once, when the connection has closed. A last line without its
 * newline is parsed if it is complete.
 *
 * Returns: %FALSE with %REFRAME_STREAM_ERROR_CUT_OFF when the stream ended before its
 *   done line (the reply is incomplete), or with the error of an earlier failure
 */
gboolean
reframe_ndjson_parser_finish (ReframeNdjsonParser *self,
                              GPtrArray           *events_out,
                              GError             **error)
{
  GError *local_error = NULL;

  g_return_val_if_fail (REFRAME_IS_NDJSON_PARSER (self), FALSE);
  g_return_val_if_fail (events_out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  g_return_val_if_fail (self->state != STATE_FINISHED, FALSE);

  if (self->state == STATE_STREAMING)
    finish_lines (self, events_out, &local_error);
  if (self->state == STATE_DONE)
    self->state = STATE_FINISHED;
  return report (self, local_error, error);
}
