/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-stream-parsers.c: the Ollama NDJSON and OpenAI-compatible SSE stream parsers. */

#include "config.h"

#include <string.h>

#include "reframe-chat-event.h"
#include "reframe-ndjson-parser.h"
#include "reframe-sse-parser.h"

/* The two parsers share a shape, so every stream test runs through this table. */
typedef struct
{
  GObject *(*create) (void);
  void (*set_limits) (GObject *parser,
                      gsize    max_line_size,
                      gsize    max_reply_size);
  gboolean (*feed) (GObject      *parser,
                    const guint8 *data,
                    gsize         len,
                    GPtrArray    *events_out,
                    GError      **error);
  gboolean (*finish) (GObject   *parser,
                      GPtrArray *events_out,
                      GError   **error);
} Format;

/* What one run of a parser over a stream produced. */
typedef struct
{
  GPtrArray *events;
  GError    *error; /* the first error, from a feed or from finish */
} Run;

/* The example transcripts of model-apis.md, byte for byte. */
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

static const char openai_transcript[] =
    "data: "
    "{\"id\":\"chatcmpl-7f3a\",\"object\":\"chat.completion.chunk\",\"created\":1740823502,"
    "\"model\":\"qwen2.5-7b-instruct\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
    "\"content\":\"\"},\"finish_reason\":null}]}\n"
    "\n"
    "data: "
    "{\"id\":\"chatcmpl-7f3a\",\"object\":\"chat.completion.chunk\",\"created\":1740823502,"
    "\"model\":\"qwen2.5-7b-instruct\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"What "
    "evidence\"},\"finish_reason\":null}]}\n"
    "\n"
    ": keep-alive\n"
    "\n"
    "data: "
    "{\"id\":\"chatcmpl-7f3a\",\"object\":\"chat.completion.chunk\",\"created\":1740823502,"
    "\"model\":\"qwen2.5-7b-instruct\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" "
    "supports that thought?\"},\"finish_reason\":null}]}\n"
    "\n"
    "data: "
    "{\"id\":\"chatcmpl-7f3a\",\"object\":\"chat.completion.chunk\",\"created\":1740823502,"
    "\"model\":\"qwen2.5-7b-instruct\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":"
    "\"stop\"}]}\n"
    "\n"
    "data: [DONE]\n"
    "\n";

static const char *const openai_deltas[] = { "What evidence", " supports that thought?", NULL };

/* The first chunk over three data lines, to be joined with "\n" before the JSON is read. */
static const char multi_line_stream[] =
    "data: {\"id\":\"chatcmpl-7f3a\",\"model\":\"qwen2.5-7b-instruct\",\n"
    "data: \"choices\":[{\"index\":0,\"delta\":{\"content\":\"What evidence\"},\n"
    "data: \"finish_reason\":null}]}\n"
    "\n"
    "data:{\"choices\":[{\"index\":0,\"delta\":{\"content\":\" supports that "
    "thought?\"},\"finish_reason\":null}]}\n"
    "\n"
    "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n"
    "\n"
    "data: [DONE]\n"
    "\n";

/* Raw (unescaped) multi-byte text, so that chunk boundaries fall inside characters:
 * a 4-byte emoji, a ZWJ family, CJK, a combining acute accent and a flag. */
static const char *const utf8_deltas[] = {
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

static GObject *
create_sse (void)
{
  return G_OBJECT (reframe_sse_parser_new ());
}

static void
set_sse_limits (GObject *parser,
                gsize    max_line_size,
                gsize    max_reply_size)
{
  reframe_sse_parser_set_max_line_size (REFRAME_SSE_PARSER (parser), max_line_size);
  reframe_sse_parser_set_max_reply_size (REFRAME_SSE_PARSER (parser), max_reply_size);
}

static gboolean
feed_sse (GObject      *parser,
          const guint8 *data,
          gsize         len,
          GPtrArray    *events_out,
          GError      **error)
{
  return reframe_sse_parser_feed (REFRAME_SSE_PARSER (parser), data, len, events_out, error);
}

static gboolean
finish_sse (GObject   *parser,
            GPtrArray *events_out,
            GError   **error)
{
  return reframe_sse_parser_finish (REFRAME_SSE_PARSER (parser), events_out, error);
}

static const Format ndjson = { create_ndjson, set_ndjson_limits, feed_ndjson, finish_ndjson };
static const Format sse = { create_sse, set_sse_limits, feed_sse, finish_sse };

static void
run_free (Run *run)
{
  g_ptr_array_unref (run->events);
  g_clear_error (&run->error);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

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
static Run *
run_cut (const Format *format,
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

static Run *
run_whole (const Format *format,
           const char   *stream)
{
  return run_cut (format,
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
  return run_cut (format,
                  stream,
                  len,
                  cuts,
                  len > 0 ? len - 1 : 0,
                  REFRAME_STREAM_DEFAULT_MAX_LINE_SIZE,
                  REFRAME_STREAM_DEFAULT_MAX_REPLY_SIZE);
}

static char *
join_text (GPtrArray *events,
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

static ReframeChatEvent *
last_event (Run *run)
{
  g_assert_cmpuint (run->events->len, >, 0);
  return g_ptr_array_index (run->events, run->events->len - 1);
}

/* The deltas of @run are exactly @expected, one event each, and the stream is done. */
static void
assert_complete (Run               *run,
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
  g_assert_cmpint (last_event (run)->kind, ==, REFRAME_CHAT_EVENT_DONE);
}

/* Every way of cutting @stream in two, and one byte at a time, gives the same deltas. */
static void
assert_any_split (const Format      *format,
                  const char        *stream,
                  const char *const *expected)
{
  gsize len = strlen (stream);

  for (gsize cut = 0; cut <= len; cut++)
    {
      g_autoptr (Run) run = run_cut (format,
                                     stream,
                                     len,
                                     &cut,
                                     1,
                                     REFRAME_STREAM_DEFAULT_MAX_LINE_SIZE,
                                     REFRAME_STREAM_DEFAULT_MAX_REPLY_SIZE);

      assert_complete (run, expected);
    }

  {
    g_autoptr (Run) run = run_bytewise (format, stream, len);

    assert_complete (run, expected);
  }
}

static void
assert_fails (Run        *run,
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

static char *
sse_event (const char *content)
{
  return g_strdup_printf (
      "data: {\"id\":\"chatcmpl-7f3a\",\"object\":\"chat.completion.chunk\",\"created\":1740823502,"
      "\"model\":\"qwen2.5-7b-instruct\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"%s\"},"
      "\"finish_reason\":null}]}\n\n",
      content);
}

/* A stream whose deltas are @deltas, in the format's own framing. */
static char *
build_stream (const Format      *format,
              const char *const *deltas)
{
  GString *stream = g_string_new (NULL);

  for (guint i = 0; deltas[i] != NULL; i++)
    {
      g_autofree char *chunk = format == &ndjson ? ndjson_line (deltas[i]) : sse_event (deltas[i]);

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

static char *
replace_all (const char *text,
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
  g_autoptr (Run) run = run_whole (&ndjson, ollama_transcript);
  ReframeChatEvent *done;
  ReframeChatEvent *first;

  assert_complete (run, ollama_deltas);
  first = g_ptr_array_index (run->events, 0);
  g_assert_cmpstr (first->model, ==, "llama3.2");

  done = last_event (run);
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
  assert_any_split (&ndjson, ollama_transcript, ollama_deltas);
}

static void
test_ndjson_utf8_splits (void)
{
  g_autofree char *stream = build_stream (&ndjson, utf8_deltas);
  /* The same characters as JSON escapes, a surrogate pair for the emoji. */
  const char *escaped =
      "{\"message\":{\"content\":\"\\ud83c\\udf31 \\u4f60\\u597d cafe\\u0301\"},\"done\":false}\n"
      "{\"done\":true}\n";
  const char *const escaped_deltas[] = { "\xF0\x9F\x8C\xB1 \xE4\xBD\xA0\xE5\xA5\xBD cafe\xCC\x81",
                                         NULL };

  assert_any_split (&ndjson, stream, utf8_deltas);
  assert_any_split (&ndjson, escaped, escaped_deltas);
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
  g_autoptr (Run) run = run_whole (&ndjson, stream);
  g_autofree char  *content = join_text (run->events, FALSE);
  g_autofree char  *thinking = join_text (run->events, TRUE);
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
  g_autofree char *crlf = replace_all (ollama_transcript, "\n", "\r\n");
  g_autofree char *blank = replace_all (ollama_transcript, "}\n", "}\n\n  \n\r\n");
  g_autofree char *bom = g_strconcat ("\xEF\xBB\xBF", ollama_transcript, NULL);

  /* Blank lines between objects, CRLF line ends and a byte order mark change nothing. */
  assert_any_split (&ndjson, crlf, ollama_deltas);
  assert_any_split (&ndjson, blank, ollama_deltas);
  assert_any_split (&ndjson, bom, ollama_deltas);
}

static void
test_ndjson_non_streaming (void)
{
  /* A "stream": false reply, without a final newline. */
  const char *reply =
      "{\"model\":\"llama3.2\",\"created_at\":\"2025-03-01T10:15:02.190Z\","
      "\"message\":{\"role\":\"assistant\",\"content\":\"What went through your mind?\"},"
      "\"done\":true,\"done_reason\":\"length\",\"eval_count\":7}";
  g_autoptr (Run) run = run_whole (&ndjson, reply);
  const char *const deltas[] = { "What went through your mind?", NULL };

  assert_complete (run, deltas);
  g_assert_cmpstr (last_event (run)->finish_reason, ==, "length");
  g_assert_cmpint (last_event (run)->completion_tokens, ==, 7);
  g_assert_cmpint (last_event (run)->prompt_tokens, ==, -1);
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
  g_autoptr (Run) run = run_whole (&ndjson, mid_stream);
  g_autoptr (Run) first = run_whole (&ndjson, at_start);
  g_autoptr (Run) object = run_whole (&ndjson, as_object);
  ReframeChatEvent *event;

  /* The text before the error is kept, then the error comes as an event and a GError. */
  assert_fails (run,
                REFRAME_STREAM_ERROR,
                REFRAME_STREAM_ERROR_PROVIDER_ERROR,
                "an error was encountered while running the model");
  g_assert_cmpuint (run->events->len, ==, 2);
  g_assert_cmpstr (((ReframeChatEvent *) g_ptr_array_index (run->events, 0))->content, ==, "What");
  event = last_event (run);
  g_assert_cmpint (event->kind, ==, REFRAME_CHAT_EVENT_ERROR);
  g_assert_cmpstr (event->error_message, ==, "an error was encountered while running the model");
  g_assert_null (event->error_code);

  assert_fails (first,
                REFRAME_STREAM_ERROR,
                REFRAME_STREAM_ERROR_PROVIDER_ERROR,
                "model 'llama3.2' not found");
  g_assert_cmpuint (first->events->len, ==, 1);

  assert_fails (object, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_PROVIDER_ERROR, "Loading model");
  g_assert_cmpstr (last_event (object)->error_code, ==, "503");
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
  g_autoptr (Run) run = run_whole (&ndjson, bad_json);
  g_autoptr (Run) array = run_whole (&ndjson, not_object);
  g_autoptr (Run) two = run_whole (&ndjson, two_objects);
  g_autoptr (Run) latin1 = run_whole (&ndjson, not_utf8);

  /* The message names the line; the first line's text was already passed on. */
  assert_fails (run, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_MALFORMED, "Line 2");
  g_assert_cmpuint (run->events->len, ==, 1);
  assert_fails (array, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_MALFORMED, "not a JSON object");
  assert_fails (two, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_MALFORMED, "more text after");
  assert_fails (latin1, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_MALFORMED, "UTF-8");
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
  long_token = run_whole (&ndjson, long_key->str);
  g_string_free (long_key, TRUE);
  assert_fails (long_token, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_MALFORMED, "Line 1");
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
  g_autoptr (Run) valid = run_whole (&ndjson,
                                     "{\"message\":{\"content\":\"\\ud83c\\udf31 caf\\u00e9 "
                                     "\\\"\\\\\\/\\b\\f\\n\\r\\t\"},\"done\":true}\n");
  const char *const expected[] = { "\xF0\x9F\x8C\xB1 caf\xC3\xA9 \"\\/\b\f\n\r\t", NULL };

  assert_complete (valid, expected);

  for (guint i = 0; broken[i] != NULL; i++)
    {
      g_autofree char *line =
          g_strdup_printf ("{\"message\":{\"content\":\"a%sb\"},\"done\":true}\n", broken[i]);
      g_autoptr (Run) run = run_whole (&ndjson, line);

      assert_fails (run, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_MALFORMED, "escape");
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
  nested = run_whole (&ndjson, deep->str);
  g_string_free (deep, TRUE);
  assert_fails (nested, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_MALFORMED, "nested");

  /* Counts that do not fit (casting 1e400 to an integer is undefined) read as unknown. */
  numbers = run_whole (&ndjson,
                       "{\"message\":{\"content\":\"ok\"},\"done\":true,"
                       "\"eval_count\":1e400,\"prompt_eval_count\":-5,\"total_duration\":\"soon\","
                       "\"eval_duration\":2.5e9}\n");
  g_assert_no_error (numbers->error);
  g_assert_cmpint (last_event (numbers)->completion_tokens, ==, -1);
  g_assert_cmpint (last_event (numbers)->prompt_tokens, ==, -1);
  g_assert_cmpint (last_event (numbers)->total_duration_ns, ==, -1);
  g_assert_cmpint (last_event (numbers)->eval_duration_ns, ==, 2500000000);
}

static void
test_ndjson_cut_off (void)
{
  gsize       len = strlen (ollama_transcript);
  const char *last_line = strrchr (ollama_transcript, '{');
  gsize       before_done = last_line - ollama_transcript;
  g_autoptr (Run) partial = run_cut (&ndjson,
                                     ollama_transcript,
                                     len - 10,
                                     NULL,
                                     0,
                                     REFRAME_STREAM_DEFAULT_MAX_LINE_SIZE,
                                     REFRAME_STREAM_DEFAULT_MAX_REPLY_SIZE);
  g_autoptr (Run) no_done = run_cut (&ndjson,
                                     ollama_transcript,
                                     before_done,
                                     NULL,
                                     0,
                                     REFRAME_STREAM_DEFAULT_MAX_LINE_SIZE,
                                     REFRAME_STREAM_DEFAULT_MAX_REPLY_SIZE);
  g_autoptr (Run) no_newline = run_cut (&ndjson,
                                        ollama_transcript,
                                        len - 1,
                                        NULL,
                                        0,
                                        REFRAME_STREAM_DEFAULT_MAX_LINE_SIZE,
                                        REFRAME_STREAM_DEFAULT_MAX_REPLY_SIZE);
  g_autoptr (Run) nothing = run_whole (&ndjson, "");
  g_autofree char *text = join_text (partial->events, FALSE);

  /* Half a line at the end: everything before it is kept, the reply is incomplete. */
  assert_fails (partial, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_CUT_OFF, NULL);
  g_assert_cmpstr (text, ==, "What went through your mind just then?");
  g_assert_cmpuint (count_kind (partial->events, REFRAME_CHAT_EVENT_DONE), ==, 0);

  /* Whole lines, but the done line never came. */
  assert_fails (no_done, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_CUT_OFF, NULL);
  g_assert_cmpuint (no_done->events->len, ==, 3);

  /* The done line is complete even without its newline. */
  assert_complete (no_newline, ollama_deltas);

  assert_fails (nothing, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_CUT_OFF, NULL);
}

static void
test_ndjson_after_done (void)
{
  g_autofree char *stream =
      g_strconcat (ollama_transcript, "this is not json\n{\"error\":\"late\"}\npartial", NULL);
  g_autoptr (Run) run = run_whole (&ndjson, stream);

  /* Nothing after the done line can change a finished reply. */
  assert_complete (run, ollama_deltas);
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
static void
assert_line_limit (const Format *format,
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
  g_autoptr (Run) fits = run_cut (&ndjson, stream, strlen (stream), NULL, 0, len, 0);
  g_autoptr (Run) too_big = run_cut (&ndjson, stream, strlen (stream), NULL, 0, len - 1, 0);

  assert_line_limit (&ndjson, "{\"message\":{\"content\":\"");

  /* A limit set by the caller counts bytes exactly, whether the line comes whole or in pieces. */
  g_assert_no_error (fits->error);
  assert_fails (too_big, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_TOO_LARGE, NULL);
  for (gsize cut = 0; cut < strlen (stream); cut++)
    {
      g_autoptr (Run) split = run_cut (&ndjson, stream, strlen (stream), &cut, 1, len - 1, 0);

      assert_fails (split, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_TOO_LARGE, NULL);
    }
}

/* The reply limit stops a reply at the delta that would pass it, and only there. */
static void
assert_reply_limit (const Format *format,
                    const char   *stream,
                    const char   *full_text)
{
  gsize full = strlen (full_text);
  g_autoptr (Run) exact = run_cut (
      format, stream, strlen (stream), NULL, 0, REFRAME_STREAM_DEFAULT_MAX_LINE_SIZE, full);
  g_autoptr (Run) unlimited =
      run_cut (format, stream, strlen (stream), NULL, 0, REFRAME_STREAM_DEFAULT_MAX_LINE_SIZE, 0);
  g_autoptr (Run) short_by_one = run_cut (
      format, stream, strlen (stream), NULL, 0, REFRAME_STREAM_DEFAULT_MAX_LINE_SIZE, full - 1);
  g_autofree char  *kept = join_text (short_by_one->events, FALSE);
  ReframeChatEvent *last_delta = g_ptr_array_index (exact->events, exact->events->len - 2);

  g_assert_no_error (exact->error);
  g_assert_no_error (unlimited->error);
  assert_fails (short_by_one, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_TOO_LARGE, NULL);
  /* Everything but the last delta was passed on. */
  g_assert_cmpuint (strlen (kept) + strlen (last_delta->content), ==, full);
  g_assert_true (g_str_has_prefix (full_text, kept));
}

static void
test_ndjson_reply_limit (void)
{
  assert_reply_limit (&ndjson, ollama_transcript, "What went through your mind just then?");
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
  joined = join_text (run->events, FALSE);
  g_assert_no_error (run->error);
  g_assert_cmpstr (joined, ==, text->str);
  g_string_free (text, TRUE);
}

/* OpenAI-compatible, Server-Sent Events. */

static void
test_sse_whole (void)
{
  g_autoptr (Run) run = run_whole (&sse, openai_transcript);
  ReframeChatEvent *done;

  assert_complete (run, openai_deltas);
  g_assert_cmpstr (
      ((ReframeChatEvent *) g_ptr_array_index (run->events, 0))->model, ==, "qwen2.5-7b-instruct");
  done = last_event (run);
  g_assert_cmpstr (done->finish_reason, ==, "stop");
  g_assert_cmpstr (done->model, ==, "qwen2.5-7b-instruct");
  g_assert_cmpint (done->prompt_tokens, ==, -1);
}

static void
test_sse_splits (void)
{
  assert_any_split (&sse, openai_transcript, openai_deltas);
}

static void
test_sse_utf8_splits (void)
{
  g_autofree char *stream = build_stream (&sse, utf8_deltas);

  assert_any_split (&sse, stream, utf8_deltas);
}

static void
test_sse_line_ends (void)
{
  g_autofree char *crlf = replace_all (openai_transcript, "\n", "\r\n");
  g_autofree char *cr = replace_all (openai_transcript, "\n", "\r");
  g_autofree char *mixed = replace_all (openai_transcript, "}\n\n", "}\r\n\r");

  /* An event over several data lines: a LF taken for a line of its own would be a
   * blank line, ending the event half way. */
  g_autofree char *multi_crlf = replace_all (multi_line_stream, "\n", "\r\n");
  g_autofree char *multi_cr = replace_all (multi_line_stream, "\n", "\r");

  /* Every split also puts a chunk boundary between each CR and its LF. */
  assert_any_split (&sse, crlf, openai_deltas);
  assert_any_split (&sse, cr, openai_deltas);
  assert_any_split (&sse, mixed, openai_deltas);
  assert_any_split (&sse, multi_crlf, openai_deltas);
  assert_any_split (&sse, multi_cr, openai_deltas);
}

static void
test_sse_comments_and_keep_alive (void)
{
  g_autofree char *pings = replace_all (openai_transcript, "\n\n", "\n\n: ping\n\n\n:\n\n");
  g_autofree char *utf8_stream = build_stream (&sse, utf8_deltas);
  /* Before an event with text, so a BOM left in would hide the first "data" field. */
  g_autofree char *bom = g_strconcat ("\xEF\xBB\xBF", utf8_stream, NULL);
  const char      *only_comments = ": keep-alive\n\n: ping\n\n";
  g_autoptr (Run) silent = run_whole (&sse, only_comments);

  assert_any_split (&sse, pings, openai_deltas);
  assert_any_split (&sse, bom, utf8_deltas);

  /* Comments keep a connection alive but are no reply. */
  assert_fails (silent, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_CUT_OFF, NULL);
  g_assert_cmpuint (silent->events->len, ==, 0);
}

static void
test_sse_multi_line_data (void)
{
  assert_any_split (&sse, multi_line_stream, openai_deltas);
}

static void
test_sse_fields (void)
{
  /* event, id, retry and unknown fields do not disturb the data; a field without a
   * colon is a name with an empty value; "data" alone adds an empty line; an event
   * without data is dropped, its type with it. */
  const char *stream = "retry: 3000\n"
                       "id: 1\n"
                       "event: message\n"
                       "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"What "
                       "evidence\"},\"finish_reason\":null}]}\n"
                       "x-vendor: {broken json\n"
                       "\n"
                       "id\n"
                       "data\n"
                       "\n"
                       "event: completion\n"
                       "data:  {\"choices\":[{\"index\":1,\"delta\":{\"content\":\" (second "
                       "choice)\"}},{\"index\":0,\"delta\":{\"content\":\" supports that "
                       "thought?\"},\"finish_reason\":\"stop\"}]}\n"
                       "\n"
                       "event: error\n"
                       "\n"
                       "data: [DONE]\n"
                       "\n";

  assert_any_split (&sse, stream, openai_deltas);
}

static void
test_sse_usage_and_reasoning (void)
{
  const char *stream =
      "data: "
      "{\"model\":\"deepseek-r1\",\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":"
      "\"Reflect the feeling \"},\"finish_reason\":null}]}\n\n"
      "data: "
      "{\"model\":\"deepseek-r1\",\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":\"first.\"},"
      "\"finish_reason\":null}]}\n\n"
      "data: {\"model\":\"deepseek-r1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"That "
      "sounds heavy.\"},\"finish_reason\":null}]}\n\n"
      "data: "
      "{\"model\":\"deepseek-r1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":"
      "\"length\"}]}\n\n"
      "data: "
      "{\"model\":\"deepseek-r1\",\"choices\":[],\"usage\":{\"prompt_tokens\":48,\"completion_"
      "tokens\":9,\"total_tokens\":57}}\n\n"
      "data: [DONE]\n\n";
  g_autoptr (Run) run = run_whole (&sse, stream);
  g_autofree char  *content = join_text (run->events, FALSE);
  g_autofree char  *thinking = join_text (run->events, TRUE);
  ReframeChatEvent *done = last_event (run);

  g_assert_no_error (run->error);
  g_assert_cmpstr (content, ==, "That sounds heavy.");
  g_assert_cmpstr (thinking, ==, "Reflect the feeling first.");
  g_assert_cmpint (done->kind, ==, REFRAME_CHAT_EVENT_DONE);
  g_assert_cmpstr (done->finish_reason, ==, "length");
  g_assert_cmpstr (done->model, ==, "deepseek-r1");
  g_assert_cmpint (done->prompt_tokens, ==, 48);
  g_assert_cmpint (done->completion_tokens, ==, 9);
}

static void
test_sse_provider_error (void)
{
  g_autofree char *first = sse_event ("What evidence");
  g_autofree char *openai = g_strconcat (first,
                                         "data: {\"error\":{\"message\":\"Incorrect API key "
                                         "provided\",\"type\":\"invalid_request_error\","
                                         "\"param\":null,\"code\":\"invalid_api_key\"}}\n\n",
                                         NULL);
  const char      *llama_cpp = "data: {\"error\":{\"code\":503,\"message\":\"Loading "
                               "model\",\"type\":\"unavailable_error\"}}\n\n";
  g_autoptr (Run) run = run_whole (&sse, openai);
  g_autoptr (Run) loading = run_whole (&sse, llama_cpp);
  ReframeChatEvent *event;

  assert_fails (
      run, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_PROVIDER_ERROR, "Incorrect API key provided");
  g_assert_cmpuint (run->events->len, ==, 2);
  event = last_event (run);
  g_assert_cmpint (event->kind, ==, REFRAME_CHAT_EVENT_ERROR);
  g_assert_cmpstr (event->error_message, ==, "Incorrect API key provided");
  g_assert_cmpstr (event->error_type, ==, "invalid_request_error");
  g_assert_cmpstr (event->error_code, ==, "invalid_api_key");

  assert_fails (
      loading, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_PROVIDER_ERROR, "Loading model");
  g_assert_cmpstr (last_event (loading)->error_code, ==, "503");
  g_assert_cmpstr (last_event (loading)->error_type, ==, "unavailable_error");
}

static void
test_sse_error_field (void)
{
  /* llama.cpp: an "error:" field instead of "data:", then "[DONE]". */
  const char *llama_cpp =
      "data: "
      "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"What\"},\"finish_reason\":null}]}\n\n"
      "error: {\"code\": 400, \"message\": \"the request exceeds the available context size\", "
      "\"type\": \"invalid_request_error\"}\n\n"
      "data: [DONE]\n\n";
  /* A named error event, and one whose data is plain text. */
  const char *named =
      "event: error\ndata: {\"error\":{\"message\":\"Rate limit reached\",\"code\":null}}\n\n";
  const char *text = "event: error\ndata: upstream\ndata: timed out\n\n";
  g_autoptr (Run) run = run_whole (&sse, llama_cpp);
  g_autoptr (Run) event = run_whole (&sse, named);
  g_autoptr (Run) plain = run_whole (&sse, text);

  assert_fails (run,
                REFRAME_STREAM_ERROR,
                REFRAME_STREAM_ERROR_PROVIDER_ERROR,
                "exceeds the available context size");
  g_assert_cmpstr (last_event (run)->error_code, ==, "400");
  g_assert_cmpuint (run->events->len, ==, 2);

  assert_fails (
      event, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_PROVIDER_ERROR, "Rate limit reached");
  g_assert_null (last_event (event)->error_code);
  assert_fails (plain, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_PROVIDER_ERROR, NULL);
  g_assert_cmpstr (last_event (plain)->error_message, ==, "upstream\ntimed out");

  /* A huge message is kept whole in the event but cut short in the GError. */
  {
    g_autofree char *huge = g_strnfill (100000, 'x');
    g_autofree char *stream = g_strdup_printf ("data: {\"error\":{\"message\":\"%s\"}}\n\n", huge);
    g_autoptr (Run) long_message = run_whole (&sse, stream);

    assert_fails (long_message, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_PROVIDER_ERROR, "xxx…");
    g_assert_cmpuint (strlen (long_message->error->message), <, 1000);
    g_assert_cmpstr (last_event (long_message)->error_message, ==, huge);
  }
}

static void
test_sse_empty_reply (void)
{
  g_autoptr (Run) run = run_whole (&sse,
                                   "data: "
                                   "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
                                   "\"content\":\"\"}}]}\n\ndata: [DONE]\n\n");

  /* "[DONE]" with neither text nor a finish reason is a failure, not an empty answer. */
  assert_fails (run, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_EMPTY, NULL);
  g_assert_cmpuint (run->events->len, ==, 0);
}

static void
test_sse_malformed (void)
{
  const char *truncated_json =
      "data: "
      "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"What\"},\"finish_reason\":null}]}\n\n"
      "data: {\"choices\":[{\"index\":0,\n\n"
      "data: [DONE]\n\n";
  GString *deep = g_string_new ("data: ");
  g_autoptr (Run) run = run_whole (&sse, truncated_json);
  g_autoptr (Run) text = run_whole (&sse, "data: Hello there\n\n");
  g_autoptr (Run) latin1 = run_whole (
      &sse, "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"caf\xE9\"}}]}\n\n");
  g_autoptr (Run) nested = NULL;

  assert_fails (run, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_MALFORMED, "Event 2");
  g_assert_cmpuint (run->events->len, ==, 1);
  assert_fails (text, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_MALFORMED, NULL);
  assert_fails (latin1, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_MALFORMED, "UTF-8");

  for (guint i = 0; i < 100000; i++)
    g_string_append (deep, "{\"a\":");
  g_string_append (deep, "\n\n");
  nested = run_whole (&sse, deep->str);
  g_string_free (deep, TRUE);
  assert_fails (nested, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_MALFORMED, "nested");
}

static void
test_sse_end_of_stream (void)
{
  const char *finish_chunk = strstr (
      openai_transcript,
      "data: "
      "{\"id\":\"chatcmpl-7f3a\",\"object\":\"chat.completion.chunk\",\"created\":1740823502,"
      "\"model\":\"qwen2.5-7b-instruct\",\"choices\":[{\"index\":0,\"delta\":{},");
  const char *done_line = strstr (openai_transcript, "data: [DONE]");
  gsize       before_finish = finish_chunk - openai_transcript;
  gsize       before_done = done_line - openai_transcript;
  gsize       len = strlen (openai_transcript);
  gsize       max_line = REFRAME_STREAM_DEFAULT_MAX_LINE_SIZE;
  gsize       max_reply = REFRAME_STREAM_DEFAULT_MAX_REPLY_SIZE;
  g_autoptr (Run) mid_line =
      run_cut (&sse, openai_transcript, before_finish + 40, NULL, 0, max_line, max_reply);
  g_autoptr (Run) no_blank =
      run_cut (&sse, openai_transcript, before_done - 1, NULL, 0, max_line, max_reply);
  g_autoptr (Run) no_finish =
      run_cut (&sse, openai_transcript, before_finish, NULL, 0, max_line, max_reply);
  g_autoptr (Run) no_done =
      run_cut (&sse, openai_transcript, before_done, NULL, 0, max_line, max_reply);
  g_autoptr (Run) bare_done =
      run_cut (&sse, openai_transcript, len - 2, NULL, 0, max_line, max_reply);
  g_autoptr (Run) done_newline =
      run_cut (&sse, openai_transcript, len - 1, NULL, 0, max_line, max_reply);

  /* Half a line, or an event not ended by a blank line: cut off, text kept. */
  assert_fails (mid_line, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_CUT_OFF, NULL);
  g_assert_cmpuint (mid_line->events->len, ==, 2);
  assert_fails (no_blank, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_CUT_OFF, NULL);

  /* Whole events but no finish reason and no "[DONE]". */
  assert_fails (no_finish, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_CUT_OFF, NULL);
  g_assert_cmpuint (no_finish->events->len, ==, 2);

  /* A finish reason then a clean close, or "data: [DONE]" without its blank line (or
   * even its line end), is a complete reply. */
  assert_complete (no_done, openai_deltas);
  g_assert_cmpstr (last_event (no_done)->finish_reason, ==, "stop");
  assert_complete (bare_done, openai_deltas);
  assert_complete (done_newline, openai_deltas);
}

static void
test_sse_after_done (void)
{
  g_autofree char *stream =
      g_strconcat (openai_transcript,
                   "data: {broken\n\nerror: {\"message\":\"late\"}\n\ndata: {\"choices\":",
                   NULL);
  g_autoptr (Run) run = run_whole (&sse, stream);

  assert_complete (run, openai_deltas);
}

static void
test_sse_oversized (void)
{
  g_autofree char *event = sse_event ("What evidence");
  gsize            line_len = strlen (event) - 2;
  g_autofree char *stream = g_strconcat (event, "data: [DONE]\n\n", NULL);
  g_autoptr (Run) fits = run_cut (&sse, stream, strlen (stream), NULL, 0, line_len + 1, 0);
  g_autoptr (Run) too_big = run_cut (&sse, stream, strlen (stream), NULL, 0, line_len - 1, 0);
  GString *many_lines = g_string_new (NULL);
  g_autoptr (Run) big_event = NULL;

  assert_line_limit (&sse, "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"");

  /* The data of one event counts with its "\n" after each line. */
  g_assert_no_error (fits->error);
  assert_fails (too_big, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_TOO_LARGE, NULL);

  /* Short lines that together make an event over the limit. */
  for (guint i = 0; i < 1000; i++)
    g_string_append (many_lines, "data: 0123456789012345678901234567890123456789\n");
  g_string_append (many_lines, "\n");
  big_event = run_cut (&sse, many_lines->str, many_lines->len, NULL, 0, 10000, 0);
  g_string_free (many_lines, TRUE);
  assert_fails (big_event, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_TOO_LARGE, NULL);
}

static void
test_sse_reply_limit (void)
{
  assert_reply_limit (&sse, openai_transcript, "What evidence supports that thought?");
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

  g_test_add_func ("/reframe/stream-parsers/sse/whole", test_sse_whole);
  g_test_add_func ("/reframe/stream-parsers/sse/splits", test_sse_splits);
  g_test_add_func ("/reframe/stream-parsers/sse/utf8-splits", test_sse_utf8_splits);
  g_test_add_func ("/reframe/stream-parsers/sse/line-ends", test_sse_line_ends);
  g_test_add_func ("/reframe/stream-parsers/sse/comments-and-keep-alive",
                   test_sse_comments_and_keep_alive);
  g_test_add_func ("/reframe/stream-parsers/sse/multi-line-data", test_sse_multi_line_data);
  g_test_add_func ("/reframe/stream-parsers/sse/fields", test_sse_fields);
  g_test_add_func ("/reframe/stream-parsers/sse/usage-and-reasoning", test_sse_usage_and_reasoning);
  g_test_add_func ("/reframe/stream-parsers/sse/provider-error", test_sse_provider_error);
  g_test_add_func ("/reframe/stream-parsers/sse/error-field", test_sse_error_field);
  g_test_add_func ("/reframe/stream-parsers/sse/empty-reply", test_sse_empty_reply);
  g_test_add_func ("/reframe/stream-parsers/sse/malformed", test_sse_malformed);
  g_test_add_func ("/reframe/stream-parsers/sse/end-of-stream", test_sse_end_of_stream);
  g_test_add_func ("/reframe/stream-parsers/sse/after-done", test_sse_after_done);
  g_test_add_func ("/reframe/stream-parsers/sse/oversized", test_sse_oversized);
  g_test_add_func ("/reframe/stream-parsers/sse/reply-limit", test_sse_reply_limit);

  return g_test_run ();
}
