/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-chat-event.c: one thing a streamed chat reply said, and helpers for its parsers. */

#define G_LOG_DOMAIN "ReframeChatEvent"

#include "config.h"

#include "reframe-i18n.h"
#include <math.h>
#include <string.h>

#include "reframe-chat-event-private.h"

/* Chat chunks nest a handful of levels; json-glib parses recursively, so a line of a
 * million '[' would overflow the stack. Anything deeper than this is refused first. */
#define MAX_JSON_DEPTH 64

/* Characters of json-glib's message, and of a server's, kept in our GError messages. */
#define MAX_DETAIL_CHARS  120
#define MAX_MESSAGE_CHARS 500

/* Written out rather than G_DEFINE_QUARK (reframe-stream-error-quark, …): clang-format
 * spaces the dashes in the macro's argument, which would change the quark's name. */
GQuark
reframe_stream_error_quark (void)
{
  return g_quark_from_static_string ("reframe-stream-error-quark");
}

G_DEFINE_BOXED_TYPE (ReframeChatEvent,
                     reframe_chat_event,
                     reframe_chat_event_copy,
                     reframe_chat_event_free)

static gboolean
is_json_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Returns: the value of the 4 hex digits at @text[@i], or -1 when there are not 4. */
static int
read_hex4 (const char *text,
           gsize       len,
           gsize       i)
{
  int value = 0;

  if (i + 4 > len)
    return -1;

  for (gsize k = i; k < i + 4; k++)
    {
      int digit = g_ascii_xdigit_value (text[k]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }
  return value;
}

/* @i is the index of the character after a backslash inside a JSON string. Only the
 * escapes JSON allows pass, with exactly four hex digits, and surrogates only as a high
 * and low pair: json-glib 1.6 reads "\u" leniently, turns octal escapes into bytes that
 * are not UTF-8, and leaks memory on broken pairs ("\ud83c\u0041", "\udc00\udc00",
 * "\udd1\\u…"; found by the fuzzer).
 *
 * Returns: how many more bytes the escape takes, or -1 when it is broken */
static gssize
measure_escape (const char *text,
                gsize       len,
                gsize       i)
{
  int first;
  int second;

  if (text[i] != 'u')
    return text[i] != '\0' && strchr ("\"\\/bfnrt", text[i]) != NULL ? 0 : -1;

  first = read_hex4 (text, len, i + 1);
  if (first < 0 || (first >= 0xDC00 && first <= 0xDFFF))
    return -1;
  if (first < 0xD800 || first > 0xDBFF)
    return 4;

  if (i + 6 >= len || text[i + 5] != '\\' || text[i + 6] != 'u')
    return -1;
  second = read_hex4 (text, len, i + 7);
  return second >= 0xDC00 && second <= 0xDFFF ? 10 : -1;
}

/* One pass over the text before json-glib sees it, for what json-glib 1.6 gets wrong:
 * it parses recursively (a line of a million '[' overflows the stack), mishandles
 * broken escapes (see measure_escape()), takes a bare value as the root, and accepts
 * "{…} {…}", silently keeping one of them.
 *
 * Returns: (nullable): what is wrong with @text, or %NULL */
static const char *
find_shape_problem (const char *text,
                    gsize       len)
{
  guint    depth = 0;
  gboolean in_string = FALSE;
  gboolean escaped = FALSE;
  gboolean closed = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (in_string && escaped)
        {
          gssize extra = measure_escape (text, len, i);

          if (extra < 0)
            return _ ("It holds a broken escape sequence.");
          i += extra;
          escaped = FALSE;
          continue;
        }

      if (in_string)
        {
          if (c == '\\')
            escaped = TRUE;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      if (closed && !is_json_space (c))
        return _ ("There is more text after the JSON object.");
      if (depth == 0 && !is_json_space (c) && c != '{')
        return _ ("It is not a JSON object.");

      if (c == '"')
        in_string = TRUE;
      else if ((c == '{' || c == '[') && ++depth > MAX_JSON_DEPTH)
        return _ ("The JSON is nested too deeply.");
      else if ((c == '}' || c == ']') && depth > 0)
        closed = (--depth == 0);
    }

  return NULL;
}

/* Returns: @message made valid UTF-8 and cut to @max_chars characters. Messages quoted
 * from json-glib or a server can hold anything, and a megabyte of it helps no one. */
static char *
dup_for_person (const char *message,
                glong       max_chars)
{
  g_autofree char *valid = g_utf8_make_valid (message, -1);
  const char      *cut;

  if (g_utf8_strlen (valid, -1) <= max_chars)
    return g_steal_pointer (&valid);

  cut = g_utf8_offset_to_pointer (valid, max_chars);
  return g_strdup_printf ("%.*s…", (int) (cut - valid), valid);
}

static char *
dup_error_code (JsonNode *node)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_STRING)
    return _reframe_stream_dup_text (json_node_get_string (node));
  if (type == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (type == G_TYPE_DOUBLE)
    {
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];

      return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, json_node_get_double (node)));
    }
  return NULL;
}

/**
 * reframe_chat_event_new:
 * @kind: what the event says
 *
 * Returns: (transfer full): an empty event of @kind, with every count unknown (-1)
 */
ReframeChatEvent *
reframe_chat_event_new (ReframeChatEventKind kind)
{
  ReframeChatEvent *event = g_new0 (ReframeChatEvent, 1);

  event->kind = kind;
  event->prompt_tokens = -1;
  event->completion_tokens = -1;
  event->total_duration_ns = -1;
  event->eval_duration_ns = -1;
  return event;
}

/**
 * reframe_chat_event_new_delta:
 * @content: (nullable): answer text to append
 * @thinking: (nullable): reasoning text to append
 *
 * Returns: (transfer full): a %REFRAME_CHAT_EVENT_DELTA
 */
ReframeChatEvent *
reframe_chat_event_new_delta (const char *content,
                              const char *thinking)
{
  ReframeChatEvent *event = reframe_chat_event_new (REFRAME_CHAT_EVENT_DELTA);

  event->content = _reframe_stream_dup_text (content);
  event->thinking = _reframe_stream_dup_text (thinking);
  return event;
}

/**
 * reframe_chat_event_new_done:
 * @finish_reason: (nullable): why the reply ended
 *
 * Returns: (transfer full): a %REFRAME_CHAT_EVENT_DONE
 */
ReframeChatEvent *
reframe_chat_event_new_done (const char *finish_reason)
{
  ReframeChatEvent *event = reframe_chat_event_new (REFRAME_CHAT_EVENT_DONE);

  event->finish_reason = _reframe_stream_dup_text (finish_reason);
  return event;
}

/**
 * reframe_chat_event_new_error:
 * @message: (nullable): the server's message; %NULL or empty gives a generic one
 *
 * Returns: (transfer full): a %REFRAME_CHAT_EVENT_ERROR
 */
ReframeChatEvent *
reframe_chat_event_new_error (const char *message)
{
  ReframeChatEvent *event = reframe_chat_event_new (REFRAME_CHAT_EVENT_ERROR);

  if (message == NULL || *message == '\0')
    event->error_message =
        g_strdup (_ ("The model server reported an error without saying what it was."));
  else
    event->error_message = _reframe_stream_dup_text (message);
  return event;
}

/**
 * reframe_chat_event_copy:
 * @event: an event
 *
 * Returns: (transfer full): a deep copy of @event
 */
ReframeChatEvent *
reframe_chat_event_copy (const ReframeChatEvent *event)
{
  ReframeChatEvent *copy;

  g_return_val_if_fail (event != NULL, NULL);

  copy = g_memdup2 (event, sizeof *event);
  copy->content = g_strdup (event->content);
  copy->thinking = g_strdup (event->thinking);
  copy->model = g_strdup (event->model);
  copy->finish_reason = g_strdup (event->finish_reason);
  copy->error_message = g_strdup (event->error_message);
  copy->error_type = g_strdup (event->error_type);
  copy->error_code = g_strdup (event->error_code);
  return copy;
}

/**
 * reframe_chat_event_free:
 * @event: (nullable): an event
 *
 * Frees @event and its strings.
 */
void
reframe_chat_event_free (ReframeChatEvent *event)
{
  if (event == NULL)
    return;

  g_free (event->content);
  g_free (event->thinking);
  g_free (event->model);
  g_free (event->finish_reason);
  g_free (event->error_message);
  g_free (event->error_type);
  g_free (event->error_code);
  g_free (event);
}

/**
 * reframe_chat_event_array_new:
 *
 * The array the parsers append to, owning its events.
 *
 * Returns: (transfer full) (element-type ReframeChatEvent): an empty array
 */
GPtrArray *
reframe_chat_event_array_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) reframe_chat_event_free);
}

/* Private API for the parsers. Servers add fields and sometimes send null or a
 * different type where the reference shows a string, so every getter is lenient:
 * anything unexpected reads as absent, never as a critical warning. */

/* Every string that leaves the parsers is checked here as well: json-glib can decode
 * escapes into bytes that are not UTF-8, and the escape check before it is all that
 * stops them. */
char *
_reframe_stream_dup_text (const char *text)
{
  if (text == NULL)
    return NULL;
  if (g_utf8_validate (text, -1, NULL))
    return g_strdup (text);
  return g_utf8_make_valid (text, -1);
}

const char *
_reframe_json_get_string (JsonObject *object,
                          const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

JsonObject *
_reframe_json_get_object (JsonObject *object,
                          const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

JsonArray *
_reframe_json_get_array (JsonObject *object,
                         const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

gboolean
_reframe_json_get_true (JsonObject *object,
                        const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}

/* Returns: the count or duration in @member, or -1 when it is missing, negative or
 * not a number that fits in a gint64 (casting such a double would be undefined). */
gint64
_reframe_json_get_count (JsonObject *object,
                         const char *member)
{
  JsonNode *node = json_object_get_member (object, member);
  GType     type;
  double    value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return -1;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    return MAX (json_node_get_int (node), -1);
  if (type != G_TYPE_DOUBLE)
    return -1;

  value = json_node_get_double (node);
  if (!isfinite (value) || value < 0 || value >= 9.0e18)
    return -1;
  return (gint64) value;
}

gboolean
_reframe_stream_is_blank (const char *text,
                          gsize       len)
{
  for (gsize i = 0; i < len; i++)
    {
      if (!is_json_space (text[i]))
        return FALSE;
    }
  return TRUE;
}

/* Returns: how many bytes of a UTF-8 byte order mark @text starts with (0 or 3). */
gsize
_reframe_stream_skip_bom (const char *text,
                          gsize       len)
{
  return len >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

/**
 * _reframe_stream_parse_object:
 * @parser: the parser's reusable #JsonParser
 * @text: one complete line or event, not nul-terminated
 * @len: its length in bytes
 *
 * Validates @text as UTF-8 and parses it as one JSON object.
 *
 * Returns: (transfer none) (nullable): the object, owned by @parser until its next load
 */
JsonObject *
_reframe_stream_parse_object (JsonParser *parser,
                              const char *text,
                              gsize       len,
                              GError    **error)
{
  g_autoptr (GError) local_error = NULL;
  const char *problem;
  JsonNode   *root;

  if (!g_utf8_validate_len (text, len, NULL))
    problem = _ ("The text is not valid UTF-8.");
  else
    problem = find_shape_problem (text, len);
  if (problem != NULL)
    {
      g_set_error_literal (error, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_MALFORMED, problem);
      return NULL;
    }

  if (!json_parser_load_from_data (parser, text, (gssize) len, &local_error))
    {
      g_autofree char *detail = dup_for_person (local_error->message, MAX_DETAIL_CHARS);

      g_set_error (error,
                   REFRAME_STREAM_ERROR,
                   REFRAME_STREAM_ERROR_MALFORMED,
                   _ ("It is not valid JSON (%s)."),
                   detail);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error,
                           REFRAME_STREAM_ERROR,
                           REFRAME_STREAM_ERROR_MALFORMED,
                           _ ("It is not a JSON object."));
      return NULL;
    }

  return json_node_get_object (root);
}

/**
 * _reframe_stream_add_delta:
 * @events_out: where the delta goes
 * @content: (nullable): answer text from the stream
 * @thinking: (nullable): reasoning text from the stream
 * @model: (nullable): the model name the chunk carried
 * @reply_size: (inout): text received so far, in bytes
 * @max_reply_size: the limit on @reply_size, or 0 for none
 *
 * Appends a delta unless both texts are empty (servers send empty ones at the start
 * and end), counting it against the reply limit.
 *
 * Returns: %FALSE with %REFRAME_STREAM_ERROR_TOO_LARGE when the reply gets too long
 */
gboolean
_reframe_stream_add_delta (GPtrArray  *events_out,
                           const char *content,
                           const char *thinking,
                           const char *model,
                           gsize      *reply_size,
                           gsize       max_reply_size,
                           GError    **error)
{
  gsize             size = (content ? strlen (content) : 0) + (thinking ? strlen (thinking) : 0);
  ReframeChatEvent *event;

  if (size == 0)
    return TRUE;

  if (max_reply_size > 0 && size > max_reply_size - MIN (*reply_size, max_reply_size))
    {
      g_autofree char *limit = g_format_size (max_reply_size);

      g_set_error (error,
                   REFRAME_STREAM_ERROR,
                   REFRAME_STREAM_ERROR_TOO_LARGE,
                   _ ("The reply was stopped because it grew longer than %s."),
                   limit);
      return FALSE;
    }

  *reply_size += size;
  event = reframe_chat_event_new_delta (content != NULL && *content != '\0' ? content : NULL,
                                        thinking != NULL && *thinking != '\0' ? thinking : NULL);
  event->model = _reframe_stream_dup_text (model);
  g_ptr_array_add (events_out, event);
  return TRUE;
}

/* Returns: %FALSE with %REFRAME_STREAM_ERROR_TOO_LARGE when one line or event of @len
 * bytes is over the limit, so a server that never sends a line end cannot make the
 * parser buffer without bound. */
gboolean
_reframe_stream_check_line_size (gsize    len,
                                 gsize    max_line_size,
                                 GError **error)
{
  g_autofree char *limit = NULL;

  if (len <= max_line_size)
    return TRUE;

  limit = g_format_size (max_line_size);
  g_set_error (error,
               REFRAME_STREAM_ERROR,
               REFRAME_STREAM_ERROR_TOO_LARGE,
               _ ("The model server sent a single message larger than %s."),
               limit);
  return FALSE;
}

/**
 * _reframe_chat_event_new_from_error:
 * @node: the value of an "error" member: Ollama's string, or an OpenAI-style object
 *   with "message", "type" and a string or numeric "code"
 *
 * Returns: (transfer full): a %REFRAME_CHAT_EVENT_ERROR carrying what @node says
 */
ReframeChatEvent *
_reframe_chat_event_new_from_error (JsonNode *node)
{
  ReframeChatEvent *event;
  JsonObject       *object;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return reframe_chat_event_new_error (json_node_get_string (node));

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return reframe_chat_event_new_error (NULL);

  object = json_node_get_object (node);
  event = reframe_chat_event_new_error (_reframe_json_get_string (object, "message"));
  event->error_type = _reframe_stream_dup_text (_reframe_json_get_string (object, "type"));
  event->error_code = dup_error_code (json_object_get_member (object, "code"));
  return event;
}

/**
 * _reframe_stream_fail_with_event:
 * @events_out: where @event goes
 * @event: (transfer full): a %REFRAME_CHAT_EVENT_ERROR
 *
 * Reports an error the server sent inside the stream twice: as @event, in order after
 * the deltas before it and with the details, and as the #GError callers act on.
 *
 * Returns: %FALSE, with %REFRAME_STREAM_ERROR_PROVIDER_ERROR set
 */
gboolean
_reframe_stream_fail_with_event (GPtrArray        *events_out,
                                 ReframeChatEvent *event,
                                 GError          **error)
{
  g_autofree char *message = dup_for_person (event->error_message, MAX_MESSAGE_CHARS);

  g_assert (event->kind == REFRAME_CHAT_EVENT_ERROR);

  g_set_error (error,
               REFRAME_STREAM_ERROR,
               REFRAME_STREAM_ERROR_PROVIDER_ERROR,
               _ ("The model server reported an error: %s"),
               message);
  g_ptr_array_add (events_out, event);
  return FALSE;
}

/* Returns: %FALSE, with %REFRAME_STREAM_ERROR_CUT_OFF set. */
gboolean
_reframe_stream_fail_cut_off (GError **error)
{
  g_set_error_literal (error,
                       REFRAME_STREAM_ERROR,
                       REFRAME_STREAM_ERROR_CUT_OFF,
                       _ ("The reply was cut off before the model server finished it."));
  return FALSE;
}
