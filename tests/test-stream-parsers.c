/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-stream-parsers.c: the Ollama NDJSON and OpenAI-compatible SSE stream parsers. */

#include "config.h"

#include <string.h>

#include "reframe-chat-event.h"
#include "reframe-ndjson-parser.h"
#include "reframe-sse-parser.h"
#include "test-stream-parsers-private.h"

/* The example transcript of model-apis.md for Ollama, byte for byte. */
static const char ollama_transcript[] =
    "{\"model\":\"llama3.2\",\"created_at\":\"2025-03-01T10:15:02.114Z\",\"message\":{\"role\":"
    "\"assistant\",\"content\":\"What\"},\"done\":false}\n"
    "{\"model\":\"llama3.2\",\"created_at\":\"2025-03-01T10:15:02.139Z\",\"message\":{\"role\":"
    "\"assistant\",\"content\":\" went through\"},\"done\":false}\n"
    "{\"model\":\"llama3.2\",\"created_at\":\"2025-03-01T10:15:02.163Z\",\"message\":{\"role\":"
    "\"assistant\",\"content\":\" your mind just then?\"},\"done\":false}\n"
    "{\"model\":\"llama3.2\",\"created_at\":\"2025-03-01T10:15:02.190Z\",\"message\":{\"role\":"
    "\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\",\"total_duration\":"
    "1893402111,\"load_duration\":21044200,\"prompt_eval_count\":48,\"prompt_eval_duration\":"
    "310552000,\"eval_count\":9,\"eval_duration\":170331000}\n";

static const char *const ollama_deltas[] = {
  "What", " went through", " your mind just then?", NULL
};

/* Raw (unescaped) multi-byte text, so that chunk boundaries fall inside characters:
 * a 4-byte emoji, a ZWJ family, CJK, a combining acute accent and a flag. */
const char *const _reframe_test_utf8_deltas[] = {
  "\xF0\x9F\x8C\xB1 ",                            /* 🌱 */
  "\xE4\xBD\xA0\xE5\xA5\xBD",                     /* 你好 */
  " cafe\xCC\x81 ",                               /* café, decomposed */
  "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7", /* 👩‍👧 */
  "\xF0\x9F\x87\xB3\xF0\x9F\x87\xB4\xE2\x80\xA6", /* 🇳🇴… */
  NULL,
};

static GObject *
create_ndjson (void)
{
  return G_OBJECT (reframe_ndjson_parser_new ());
}

static void
set_ndjson_limits (GObject *parser,
                   gsize    max_line_size,
                   gsize    max_reply_size)
{
  reframe_ndjson_parser_set_max_line_size (REFRAME_NDJSON_PARSER (parser), max_line_size);
  reframe_ndjson_parser_set_max_reply_size (REFRAME_NDJSON_PARSER (parser), max_reply_size);
}

static gboolean
feed_ndjson (GObject      *parser,
             const guint8 *data,
             gsize         len,
             GPtrArray    *events_out,
             GError      **error)
{
  return reframe_ndjson_parser_feed (REFRAME_NDJSON_PARSER (parser), data, len, events_out, error);
}

static gboolean
finish_ndjson (GObject   *parser,
               GPtrArray *events_out,
               GError   **error)
{
  return reframe_ndjson_parser_finish (REFRAME_NDJSON_PARSER (parser), events_out, error);
}

static const Format ndjson = { create_ndjson, set_ndjson_limits, feed_ndjson, finish_ndjson };

void
_reframe_test_run_free (Run *run)
{
  g_ptr_array_unref (run->events);
  g_clear_error (&run->error);
  g_free (run);
}

/* Every event must keep the promises of ReframeChatEvent, and nothing may follow DONE. */
static void
assert_events_valid (GPtrArray *events)
{
  for (guint i = 0; i < events->len; i++)
    {
      ReframeChatEvent *event = g_ptr_array_index (events, i);

      switch (event->kind)
        {
        case REFRAME_CHAT_EVENT_DELTA:
          g_assert_true ((event->content != NULL && *event->content != '\0') ||
                         (event->thinking != NULL && *event->thinking != '\0'));
          g_assert_true (event->content == NULL || g_utf8_validate (event->content, -1, NULL));
          g_assert_true (event->thinking == NULL || g_utf8_validate (event->thinking, -1, NULL));
          break;
        case REFRAME_CHAT_EVENT_DONE:
          g_assert_cmpuint (i, ==, events->len - 1);
          break;
        case REFRAME_CHAT_EVENT_ERROR:
          g_assert_nonnull (event->error_message);
          g_assert_true (g_utf8_validate (event->error_message, -1, NULL));
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

/* Feeds @stream cut at @cuts (ascending offsets), then finishes. After a failed feed
 * nothing more is fed, and finish must fail with the same error. */
Run *
_reframe_test_run_cut (const Format *format,
                       const char   *stream,
                       gsize         len,
                       const gsize  *cuts,
                       guint         n_cuts,
                       gsize         max_line_size,
                       gsize         max_reply_size)
{
  g_autoptr (GObject) parser = format->create ();
  g_autoptr (GError) finish_error = NULL;
  Run  *run = g_new0 (Run, 1);
  gsize start = 0;

  run->events = reframe_chat_event_array_new ();
  format->set_limits (parser, max_line_size, max_reply_size);

  for (guint i = 0; i <= n_cuts && run->error == NULL; i++)
    {
      gsize end = i < n_cuts ? cuts[i] : len;

      if (!format->feed (
              parser, (const guint8 *) stream + start, end - start, run->events, &run->error))
        g_assert_nonnull (run->error);
      start = end;
    }

  if (!format->finish (parser, run->events, &finish_error))
    {
      g_assert_nonnull (finish_error);
      if (run->error != NULL)
        g_assert_true (g_error_matches (finish_error, run->error->domain, run->error->code));
      else
        run->error = g_steal_pointer (&finish_error);
    }
  else
    g_assert_null (run->error);

  assert_events_valid (run->events);
  g_assert_finalize_object (g_steal_pointer (&parser));
  return run;
}

Run *
_reframe_test_run_whole (const Format *format,
                         const char   *stream)
{
  return _reframe_test_run_cut (format,
                                stream,
                                strlen (stream),
                                NULL,
                                0,
                                REFRAME_STREAM_DEFAULT_MAX_LINE_SIZE,
                                REFRAME_STREAM_DEFAULT_MAX_REPLY_SIZE);
}

static Run *
run_bytewise (const Format *format,
              const char   *stream,
              gsize         len)
{
  g_autofree gsize *cuts = g_new (gsize, MAX (len, 1));

  for (gsize i = 1; i < len; i++)
    cuts[i - 1] = i;
  return _reframe_test_run_cut (format,
                                stream,
                                len,
                                cuts,
                                len > 0 ? len - 1 : 0,
                                REFRAME_STREAM_DEFAULT_MAX_LINE_SIZE,
                                REFRAME_STREAM_DEFAULT_MAX_REPLY_SIZE);
}

char *
_reframe_test_join_text (GPtrArray *events,
                         gboolean   thinking)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < events->len; i++)
    {
      ReframeChatEvent *event = g_ptr_array_index (events, i);
      const char       *part = thinking ? event->thinking : event->content;

      if (event->kind == REFRAME_CHAT_EVENT_DELTA && part != NULL)
        g_string_append (text, part);
    }

  return g_string_free (text, FALSE);
}

static guint
count_kind (GPtrArray           *events,
            ReframeChatEventKind kind)
{
  guint n = 0;

  for (guint i = 0; i < events->len; i++)
    n += ((ReframeChatEvent *) g_ptr_array_index (events, i))->kind == kind;
  return n;
}

ReframeChatEvent *
_reframe_test_last_event (Run *run)
{
  g_assert_cmpuint (run->events->len, >, 0);
  return g_ptr_array_index (run->events, run->events->len - 1);
}

/* The deltas of @run are exactly @expected, one event each, and the stream is done. */
void
_reframe_test_assert_complete (Run               *run,
                               const char *const *expected)
{
  guint n_deltas = g_strv_length ((char **) expected);

  g_assert_no_error (run->error);
  g_assert_cmpuint (run->events->len, ==, n_deltas + 1);
  for (guint i = 0; i < n_deltas; i++)
    {
      ReframeChatEvent *event = g_ptr_array_index (run->events, i);

      g_assert_cmpint (event->kind, ==, REFRAME_CHAT_EVENT_DELTA);
      g_assert_cmpstr (event->content, ==, expected[i]);
      g_assert_null (event->thinking);
    }
  g_assert_cmpint (_reframe_test_last_event (run)->kind, ==, REFRAME_CHAT_EVENT_DONE);
}

/* Every way of cutting @stream in two, and one byte at a time, gives the same deltas. */
void
_reframe_test_assert_any_split (const Format      *format,
                                const char        *stream,
                                const char *const *expected)
{
  gsize len = strlen (stream);

  for (gsize cut = 0; cut <= len; cut++)
    {
      g_autoptr (Run) run = _reframe_test_run_cut (format,
                                                   stream,
                                                   len,
                                                   &cut,
                                                   1,
                                                   REFRAME_STREAM_DEFAULT_MAX_LINE_SIZE,
                                                   REFRAME_STREAM_DEFAULT_MAX_REPLY_SIZE);

      _reframe_test_assert_complete (run, expected);
    }

  {
    g_autoptr (Run) run = run_bytewise (format, stream, len);

    _reframe_test_assert_complete (run, expected);
  }
}

void
_reframe_test_assert_fails (Run        *run,
                            GQuark      domain,
                            int         code,
                            const char *message_part)
{
  g_assert_error (run->error, domain, code);
  if (message_part != NULL && strstr (run->error->message, message_part) == NULL)
    g_error ("“%s” does not contain “%s”", run->error->message, message_part);
}

/* Test texts hold no quotes, backslashes or control characters, so they go into the
 * JSON as they are; multi-byte characters stay raw bytes that chunks can split. */
static char *
ndjson_line (const char *content)
{
  return g_strdup_printf (
      "{\"model\":\"llama3.2\",\"created_at\":\"2025-03-01T10:15:02.114Z\","
      "\"message\":{\"role\":\"assistant\",\"content\":\"%s\"},\"done\":false}\n",
      content);
}

char *
_reframe_test_sse_event (const char *content)
{
  return g_strdup_printf (
      "data: {\"id\":\"chatcmpl-7f3a\",\"object\":\"chat.completion.chunk\",\"created\":1740823502,"
      "\"model\":\"qwen2.5-7b-instruct\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"%s\"},"
      "\"finish_reason\":null}]}\n\n",
      content);
}

/* A stream whose deltas are @deltas, in the format's own framing. */
char *
_reframe_test_build_stream (const Format      *format,
                            const char *const *deltas)
{
  GString *stream = g_string_new (NULL);

  for (guint i = 0; deltas[i] != NULL; i++)
    {
      g_autofree char *chunk =
          format == &ndjson ? ndjson_line (deltas[i]) : _reframe_test_sse_event (deltas[i]);

      g_string_append (stream, chunk);
    }

  if (format == &ndjson)
    g_string_append (stream,
                     "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"\"}"
                     ",\"done\":true,\"done_reason\":\"stop\"}\n");
  else
    g_string_append (
        stream,
        "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: "
        "[DONE]\n\n");
  return g_string_free (stream, FALSE);
}

char *
_reframe_test_replace_all (const char *text,
                           const char *from,
                           const char *to)
{
  g_auto (GStrv) parts = g_strsplit (text, from, -1);

  return g_strjoinv (to, parts);
}

/* The chat event itself. */

static void
test_event_boxed (void)
{
  g_autoptr (ReframeChatEvent) event = reframe_chat_event_new_error ("Loading model");
  g_autoptr (ReframeChatEvent) copy = NULL;
  g_autoptr (ReframeChatEvent) generic = reframe_chat_event_new_error ("");
  g_autoptr (ReframeChatEvent) broken = reframe_chat_event_new_delta ("a\xED\xA0\xBDz", NULL);

  event->error_code = g_strdup ("503");
  event->prompt_tokens = 12;
  copy = g_boxed_copy (REFRAME_TYPE_CHAT_EVENT, event);
  g_assert_true (copy != event);
  g_assert_true (copy->error_message != event->error_message);
  g_assert_cmpint (copy->kind, ==, REFRAME_CHAT_EVENT_ERROR);
  g_assert_cmpstr (copy->error_message, ==, "Loading model");
  g_assert_cmpstr (copy->error_code, ==, "503");
  g_assert_cmpint (copy->prompt_tokens, ==, 12);
  g_assert_cmpint (copy->completion_tokens, ==, -1);
  g_assert_true (G_TYPE_IS_BOXED (REFRAME_TYPE_CHAT_EVENT));

  /* An error never reaches the user without words, and no event holds broken UTF-8. */
  g_assert_cmpstr (generic->error_message, !=, "");
  g_assert_true (g_utf8_validate (broken->content, -1, NULL));
  g_assert_true (g_str_has_prefix (broken->content, "a"));
  g_assert_true (g_str_has_suffix (broken->content, "z"));
}

/* Ollama, newline-delimited JSON. */

static void
test_ndjson_whole (void)
{
  g_autoptr (Run) run = _reframe_test_run_whole (&ndjson, ollama_transcript);
  ReframeChatEvent *done;
  ReframeChatEvent *first;

  _reframe_test_assert_complete (run, ollama_deltas);
  first = g_ptr_array_index (run->events, 0);
  g_assert_cmpstr (first->model, ==, "llama3.2");

  done = _reframe_test_last_event (run);
  g_assert_cmpstr (done->finish_reason, ==, "stop");
  g_assert_cmpstr (done->model, ==, "llama3.2");
  g_assert_cmpint (done->prompt_tokens, ==, 48);
  g_assert_cmpint (done->completion_tokens, ==, 9);
  g_assert_cmpint (done->total_duration_ns, ==, 1893402111);
  g_assert_cmpint (done->eval_duration_ns, ==, 170331000);
}

static void
test_ndjson_splits (void)
{
  _reframe_test_assert_any_split (&ndjson, ollama_transcript, ollama_deltas);
}

static void
test_ndjson_utf8_splits (void)
{
  g_autofree char *stream = _reframe_test_build_stream (&ndjson, _reframe_test_utf8_deltas);
  /* The same characters as JSON escapes, a surrogate pair for the emoji. */
  const char *escaped =
      "{\"message\":{\"content\":\"\\ud83c\\udf31 \\u4f60\\u597d cafe\\u0301\"},\"done\":false}\n"
      "{\"done\":true}\n";
  const char *const escaped_deltas[] = { "\xF0\x9F\x8C\xB1 \xE4\xBD\xA0\xE5\xA5\xBD cafe\xCC\x81",
                                         NULL };

  _reframe_test_assert_any_split (&ndjson, stream, _reframe_test_utf8_deltas);
  _reframe_test_assert_any_split (&ndjson, escaped, escaped_deltas);
}

static void
test_ndjson_thinking (void)
{
  const char *stream = "{\"model\":\"qwen3\",\"message\":{\"role\":\"assistant\",\"content\":\"\","
                       "\"thinking\":\"They sound worried; \"},\"done\":false}\n"
                       "{\"model\":\"qwen3\",\"message\":{\"role\":\"assistant\",\"content\":\"\","
                       "\"thinking\":\"ask first.\"},\"done\":false}\n"
                       "{\"model\":\"qwen3\",\"message\":{\"role\":\"assistant\",\"content\":\"How "
                       "are you feeling?\"},\"done\":false}\n"
                       "{\"model\":\"qwen3\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},"
                       "\"done\":true,\"done_reason\":\"stop\"}\n";
  g_autoptr (Run) run = _reframe_test_run_whole (&ndjson, stream);
  g_autofree char  *content = _reframe_test_join_text (run->events, FALSE);
  g_autofree char  *thinking = _reframe_test_join_text (run->events, TRUE);
  ReframeChatEvent *first;

  g_assert_no_error (run->error);
  g_assert_cmpstr (content, ==, "How are you feeling?");
  g_assert_cmpstr (thinking, ==, "They sound worried; ask first.");
  first = g_ptr_array_index (run->events, 0);
  g_assert_null (first->content);
  g_assert_cmpuint (count_kind (run->events, REFRAME_CHAT_EVENT_DELTA), ==, 3);
}

static void
test_ndjson_keep_alive (void)
{
  g_autofree char *crlf = _reframe_test_replace_all (ollama_transcript, "\n", "\r\n");
  g_autofree char *blank = _reframe_test_replace_all (ollama_transcript, "}\n", "}\n\n  \n\r\n");
  g_autofree char *bom = g_strconcat ("\xEF\xBB\xBF", ollama_transcript, NULL);

  /* Blank lines between objects, CRLF line ends and a byte order mark change nothing. */
  _reframe_test_assert_any_split (&ndjson, crlf, ollama_deltas);
  _reframe_test_assert_any_split (&ndjson, blank, ollama_deltas);
  _reframe_test_assert_any_split (&ndjson, bom, ollama_deltas);
}

static void
test_ndjson_non_streaming (void)
{
  /* A "stream": false reply, without a final newline. */
  const char *reply =
      "{\"model\":\"llama3.2\",\"created_at\":\"2025-03-01T10:15:02.190Z\","
      "\"message\":{\"role\":\"assistant\",\"content\":\"What went through your mind?\"},"
      "\"done\":true,\"done_reason\":\"length\",\"eval_count\":7}";
  g_autoptr (Run) run = _reframe_test_run_whole (&ndjson, reply);
  const char *const deltas[] = { "What went through your mind?", NULL };

  _reframe_test_assert_complete (run, deltas);
  g_assert_cmpstr (_reframe_test_last_event (run)->finish_reason, ==, "length");
  g_assert_cmpint (_reframe_test_last_event (run)->completion_tokens, ==, 7);
  g_assert_cmpint (_reframe_test_last_event (run)->prompt_tokens, ==, -1);
}

static void
test_ndjson_provider_error (void)
{
  const char *mid_stream = "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\","
                           "\"content\":\"What\"},\"done\":false}\n"
                           "{\"error\":\"an error was encountered while running the model\"}\n";
  const char *at_start = "{\"error\":\"model 'llama3.2' not found\"}\n";
  /* Not what Ollama sends, but an Ollama-compatible server might: the OpenAI shape. */
  const char *as_object = "{\"error\":{\"message\":\"Loading model\",\"code\":503}}\n";
  g_autoptr (Run) run = _reframe_test_run_whole (&ndjson, mid_stream);
  g_autoptr (Run) first = _reframe_test_run_whole (&ndjson, at_start);
  g_autoptr (Run) object = _reframe_test_run_whole (&ndjson, as_object);
  ReframeChatEvent *event;

  /* The text before the error is kept, then the error comes as an event and a GError. */
  _reframe_test_assert_fails (run,
                              REFRAME_STREAM_ERROR,
                              REFRAME_STREAM_ERROR_PROVIDER_ERROR,
                              "an error was encountered while running the model");
  g_assert_cmpuint (run->events->len, ==, 2);
  g_assert_cmpstr (((ReframeChatEvent *) g_ptr_array_index (run->events, 0))->content, ==, "What");
  event = _reframe_test_last_event (run);
  g_assert_cmpint (event->kind, ==, REFRAME_CHAT_EVENT_ERROR);
  g_assert_cmpstr (event->error_message, ==, "an error was encountered while running the model");
  g_assert_null (event->error_code);

  _reframe_test_assert_fails (first,
                              REFRAME_STREAM_ERROR,
                              REFRAME_STREAM_ERROR_PROVIDER_ERROR,
                              "model 'llama3.2' not found");
  g_assert_cmpuint (first->events->len, ==, 1);

  _reframe_test_assert_fails (
      object, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_PROVIDER_ERROR, "Loading model");
  g_assert_cmpstr (_reframe_test_last_event (object)->error_code, ==, "503");
}

static void
test_ndjson_malformed (void)
{
  const char *bad_json = "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":"
                         "\"What\"},\"done\":false}\n"
                         "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":"
                         "\" went\"},\"done\":fals}\n"
                         "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":"
                         "\"\"},\"done\":true}\n";
  const char *not_object = "[\"What\"]\n{\"done\":true}\n";
  const char *two_objects = "{\"done\":false} {\"done\":true}\n";
  const char *not_utf8 = "{\"message\":{\"content\":\"caf\xE9\"},\"done\":true}\n";
  g_autoptr (Run) run = _reframe_test_run_whole (&ndjson, bad_json);
  g_autoptr (Run) array = _reframe_test_run_whole (&ndjson, not_object);
  g_autoptr (Run) two = _reframe_test_run_whole (&ndjson, two_objects);
  g_autoptr (Run) latin1 = _reframe_test_run_whole (&ndjson, not_utf8);

  /* The message names the line; the first line's text was already passed on. */
  _reframe_test_assert_fails (run, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_MALFORMED, "Line 2");
  g_assert_cmpuint (run->events->len, ==, 1);
  _reframe_test_assert_fails (
      array, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_MALFORMED, "not a JSON object");
  _reframe_test_assert_fails (
      two, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_MALFORMED, "more text after");
  _reframe_test_assert_fails (
      latin1, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_MALFORMED, "UTF-8");
  g_assert_cmpuint (latin1->events->len, ==, 0);
}

static void
test_ndjson_error_messages (void)
{
  GString *long_key = g_string_new ("{\"");
  g_autoptr (Run) long_token = NULL;

  /* json-glib quotes the bad token in its message; ours stays short. */
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (long_key, 'a');
  g_string_append (long_key, "\" 1}\n");
  long_token = _reframe_test_run_whole (&ndjson, long_key->str);
  g_string_free (long_key, TRUE);
  _reframe_test_assert_fails (
      long_token, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_MALFORMED, "Line 1");
  g_assert_true (g_utf8_validate (long_token->error->message, -1, NULL));
  g_assert_cmpuint (strlen (long_token->error->message), <, 400);
}

static void
test_ndjson_escapes (void)
{
  /* Broken escapes json-glib 1.6 would mishandle: a lone or mismatched surrogate (it
   * leaks memory on several; found by the fuzzer), a short \u, an octal escape (it
   * decodes to a byte that is not UTF-8), an escape JSON does not have. */
  const char *const broken[] = { "\\ud83d b",
                                 "\\udc00",
                                 "\\ud83c\\u2df3",
                                 "\\udc00\\udc00",
                                 "\\ud83c\\u00",
                                 "\\udd1\\\\ue823",
                                 "\\u12",
                                 "\\333",
                                 "\\q",
                                 "\\x41",
                                 NULL };
  g_autoptr (Run) valid =
      _reframe_test_run_whole (&ndjson,
                               "{\"message\":{\"content\":\"\\ud83c\\udf31 caf\\u00e9 "
                               "\\\"\\\\\\/\\b\\f\\n\\r\\t\"},\"done\":true}\n");
  const char *const expected[] = { "\xF0\x9F\x8C\xB1 caf\xC3\xA9 \"\\/\b\f\n\r\t", NULL };

  _reframe_test_assert_complete (valid, expected);

  for (guint i = 0; broken[i] != NULL; i++)
    {
      g_autofree char *line =
          g_strdup_printf ("{\"message\":{\"content\":\"a%sb\"},\"done\":true}\n", broken[i]);
      g_autoptr (Run) run = _reframe_test_run_whole (&ndjson, line);

      _reframe_test_assert_fails (
          run, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_MALFORMED, "escape");
      g_assert_cmpuint (run->events->len, ==, 0);
    }
}

static void
test_ndjson_hostile_json (void)
{
  GString *deep = g_string_new ("{\"message\":{\"content\":\"x\"},\"nested\":");
  g_autoptr (Run) nested = NULL;
  g_autoptr (Run) numbers = NULL;

  /* json-glib parses recursively: this many brackets would overflow the stack. */
  for (guint i = 0; i < 200000; i++)
    g_string_append_c (deep, '[');
  g_string_append_c (deep, '\n');
  nested = _reframe_test_run_whole (&ndjson, deep->str);
  g_string_free (deep, TRUE);
  _reframe_test_assert_fails (
      nested, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_MALFORMED, "nested");

  /* Counts that do not fit (casting 1e400 to an integer is undefined) read as unknown. */
  numbers = _reframe_test_run_whole (
      &ndjson,
      "{\"message\":{\"content\":\"ok\"},\"done\":true,"
      "\"eval_count\":1e400,\"prompt_eval_count\":-5,\"total_duration\":\"soon\","
      "\"eval_duration\":2.5e9}\n");
  g_assert_no_error (numbers->error);
  g_assert_cmpint (_reframe_test_last_event (numbers)->completion_tokens, ==, -1);
  g_assert_cmpint (_reframe_test_last_event (numbers)->prompt_tokens, ==, -1);
  g_assert_cmpint (_reframe_test_last_event (numbers)->total_duration_ns, ==, -1);
  g_assert_cmpint (_reframe_test_last_event (numbers)->eval_duration_ns, ==, 2500000000);
}

static void
test_ndjson_cut_off (void)
{
  gsize       len = strlen (ollama_transcript);
  const char *last_line = strrchr (ollama_transcript, '{');
  gsize       before_done = last_line - ollama_transcript;
  g_autoptr (Run) partial = _reframe_test_run_cut (&ndjson,
                                                   ollama_transcript,
                                                   len - 10,
                                                   NULL,
                                                   0,
                                                   REFRAME_STREAM_DEFAULT_MAX_LINE_SIZE,
                                                   REFRAME_STREAM_DEFAULT_MAX_REPLY_SIZE);
  g_autoptr (Run) no_done = _reframe_test_run_cut (&ndjson,
                                                   ollama_transcript,
                                                   before_done,
                                                   NULL,
                                                   0,
                                                   REFRAME_STREAM_DEFAULT_MAX_LINE_SIZE,
                                                   REFRAME_STREAM_DEFAULT_MAX_REPLY_SIZE);
  g_autoptr (Run) no_newline = _reframe_test_run_cut (&ndjson,
                                                      ollama_transcript,
                                                      len - 1,
                                                      NULL,
                                                      0,
                                                      REFRAME_STREAM_DEFAULT_MAX_LINE_SIZE,
                                                      REFRAME_STREAM_DEFAULT_MAX_REPLY_SIZE);
  g_autoptr (Run) nothing = _reframe_test_run_whole (&ndjson, "");
  g_autofree char *text = _reframe_test_join_text (partial->events, FALSE);

  /* Half a line at the end: everything before it is kept, the reply is incomplete. */
  _reframe_test_assert_fails (partial, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_CUT_OFF, NULL);
  g_assert_cmpstr (text, ==, "What went through your mind just then?");
  g_assert_cmpuint (count_kind (partial->events, REFRAME_CHAT_EVENT_DONE), ==, 0);

  /* Whole lines, but the done line never came. */
  _reframe_test_assert_fails (no_done, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_CUT_OFF, NULL);
  g_assert_cmpuint (no_done->events->len, ==, 3);

  /* The done line is complete even without its newline. */
  _reframe_test_assert_complete (no_newline, ollama_deltas);

  _reframe_test_assert_fails (nothing, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_CUT_OFF, NULL);
}

static void
test_ndjson_after_done (void)
{
  g_autofree char *stream =
      g_strconcat (ollama_transcript, "this is not json\n{\"error\":\"late\"}\npartial", NULL);
  g_autoptr (Run) run = _reframe_test_run_whole (&ndjson, stream);

  /* Nothing after the done line can change a finished reply. */
  _reframe_test_assert_complete (run, ollama_deltas);
}

static void
test_ndjson_sticky_error (void)
{
  g_autoptr (ReframeNdjsonParser) parser = reframe_ndjson_parser_new ();
  g_autoptr (GPtrArray) events = reframe_chat_event_array_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) again = NULL;
  g_autoptr (GError) at_finish = NULL;
  const char *bad = "{oops}\n";

  g_assert_false (
      reframe_ndjson_parser_feed (parser, (const guint8 *) bad, strlen (bad), events, &error));
  g_assert_error (error, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_MALFORMED);

  /* Good lines after a failure are not read: the reply has already failed. */
  g_assert_false (reframe_ndjson_parser_feed (
      parser, (const guint8 *) ollama_transcript, strlen (ollama_transcript), events, &again));
  g_assert_error (again, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_MALFORMED);
  g_assert_false (reframe_ndjson_parser_finish (parser, events, &at_finish));
  g_assert_error (at_finish, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_MALFORMED);
  g_assert_cmpuint (events->len, ==, 0);
}

/* A line that never ends fails as soon as it passes the limit, not when it ends. */
void
_reframe_test_assert_line_limit (const Format *format,
                                 const char   *prefix)
{
  gsize            chunk_size = 64 * 1024;
  g_autofree char *chunk = g_malloc (chunk_size);
  g_autoptr (GObject) parser = format->create ();
  g_autoptr (GPtrArray) events = reframe_chat_event_array_new ();
  g_autoptr (GError) error = NULL;
  gsize fed = strlen (prefix);

  memset (chunk, 'a', chunk_size);
  g_assert_true (format->feed (parser, (const guint8 *) prefix, fed, events, &error));
  while (format->feed (parser, (const guint8 *) chunk, chunk_size, events, &error))
    {
      fed += chunk_size;
      g_assert_cmpuint (fed, <=, REFRAME_STREAM_DEFAULT_MAX_LINE_SIZE);
    }

  g_assert_error (error, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_TOO_LARGE);
  g_assert_cmpuint (fed + chunk_size, >, REFRAME_STREAM_DEFAULT_MAX_LINE_SIZE);
  g_assert_cmpuint (events->len, ==, 0);
}

static void
test_ndjson_oversized_line (void)
{
  g_autofree char *line = ndjson_line ("0123456789");
  gsize            len = strlen (line) - 1; /* the newline is not part of the line */
  g_autofree char *stream = g_strconcat (line, "{\"done\":true}\n", NULL);
  g_autoptr (Run) fits = _reframe_test_run_cut (&ndjson, stream, strlen (stream), NULL, 0, len, 0);
  g_autoptr (Run) too_big =
      _reframe_test_run_cut (&ndjson, stream, strlen (stream), NULL, 0, len - 1, 0);

  _reframe_test_assert_line_limit (&ndjson, "{\"message\":{\"content\":\"");

  /* A limit set by the caller counts bytes exactly, whether the line comes whole or in pieces. */
  g_assert_no_error (fits->error);
  _reframe_test_assert_fails (too_big, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_TOO_LARGE, NULL);
  for (gsize cut = 0; cut < strlen (stream); cut++)
    {
      g_autoptr (Run) split =
          _reframe_test_run_cut (&ndjson, stream, strlen (stream), &cut, 1, len - 1, 0);

      _reframe_test_assert_fails (
          split, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_TOO_LARGE, NULL);
    }
}

/* The reply limit stops a reply at the delta that would pass it, and only there. */
void
_reframe_test_assert_reply_limit (const Format *format,
                                  const char   *stream,
                                  const char   *full_text)
{
  gsize full = strlen (full_text);
  g_autoptr (Run) exact = _reframe_test_run_cut (
      format, stream, strlen (stream), NULL, 0, REFRAME_STREAM_DEFAULT_MAX_LINE_SIZE, full);
  g_autoptr (Run) unlimited = _reframe_test_run_cut (
      format, stream, strlen (stream), NULL, 0, REFRAME_STREAM_DEFAULT_MAX_LINE_SIZE, 0);
  g_autoptr (Run) short_by_one = _reframe_test_run_cut (
      format, stream, strlen (stream), NULL, 0, REFRAME_STREAM_DEFAULT_MAX_LINE_SIZE, full - 1);
  g_autofree char  *kept = _reframe_test_join_text (short_by_one->events, FALSE);
  ReframeChatEvent *last_delta = g_ptr_array_index (exact->events, exact->events->len - 2);

  g_assert_no_error (exact->error);
  g_assert_no_error (unlimited->error);
  _reframe_test_assert_fails (
      short_by_one, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_TOO_LARGE, NULL);
  /* Everything but the last delta was passed on. */
  g_assert_cmpuint (strlen (kept) + strlen (last_delta->content), ==, full);
  g_assert_true (g_str_has_prefix (full_text, kept));
}

static void
test_ndjson_reply_limit (void)
{
  _reframe_test_assert_reply_limit (
      &ndjson, ollama_transcript, "What went through your mind just then?");
}

static void
test_ndjson_long_line_bytewise (void)
{
  GString         *text = g_string_new (NULL);
  g_autofree char *first = NULL;
  g_autofree char *line = NULL;
  g_autoptr (Run) run = NULL;
  g_autofree char *joined = NULL;

  /* A 300 KB delta one byte at a time: each byte is copied once, never re-scanned, so
   * this stays quick (a parser that re-read its buffer per feed would take minutes). */
  while (text->len < 300 * 1000)
    g_string_append (text, "I notice the thought, and I let it pass. \xE2\x9C\xA8 ");
  first = ndjson_line (text->str);
  line = g_strconcat (first, "{\"done\":true}\n", NULL);
  run = run_bytewise (&ndjson, line, strlen (line));
  joined = _reframe_test_join_text (run->events, FALSE);
  g_assert_no_error (run->error);
  g_assert_cmpstr (joined, ==, text->str);
  g_string_free (text, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/reframe/stream-parsers/event/boxed", test_event_boxed);

  g_test_add_func ("/reframe/stream-parsers/ndjson/whole", test_ndjson_whole);
  g_test_add_func ("/reframe/stream-parsers/ndjson/splits", test_ndjson_splits);
  g_test_add_func ("/reframe/stream-parsers/ndjson/utf8-splits", test_ndjson_utf8_splits);
  g_test_add_func ("/reframe/stream-parsers/ndjson/thinking", test_ndjson_thinking);
  g_test_add_func ("/reframe/stream-parsers/ndjson/keep-alive", test_ndjson_keep_alive);
  g_test_add_func ("/reframe/stream-parsers/ndjson/non-streaming", test_ndjson_non_streaming);
  g_test_add_func ("/reframe/stream-parsers/ndjson/provider-error", test_ndjson_provider_error);
  g_test_add_func ("/reframe/stream-parsers/ndjson/malformed", test_ndjson_malformed);
  g_test_add_func ("/reframe/stream-parsers/ndjson/error-messages", test_ndjson_error_messages);
  g_test_add_func ("/reframe/stream-parsers/ndjson/escapes", test_ndjson_escapes);
  g_test_add_func ("/reframe/stream-parsers/ndjson/hostile-json", test_ndjson_hostile_json);
  g_test_add_func ("/reframe/stream-parsers/ndjson/cut-off", test_ndjson_cut_off);
  g_test_add_func ("/reframe/stream-parsers/ndjson/after-done", test_ndjson_after_done);
  g_test_add_func ("/reframe/stream-parsers/ndjson/sticky-error", test_ndjson_sticky_error);
  g_test_add_func ("/reframe/stream-parsers/ndjson/oversized-line", test_ndjson_oversized_line);
  g_test_add_func ("/reframe/stream-parsers/ndjson/reply-limit", test_ndjson_reply_limit);
  g_test_add_func ("/reframe/stream-parsers/ndjson/long-line-bytewise",
                   test_ndjson_long_line_bytewise);

  _reframe_test_stream_parsers_add_sse_tests ();

  return g_test_run ();
}
