/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-stream-parsers-sse.c: the OpenAI-compatible Server-Sent Events parser. */

#include "config.h"

#include <string.h>

#include "reframe-chat-event.h"
#include "reframe-sse-parser.h"
#include "test-stream-parsers-private.h"

/* The example transcript of model-apis.md, byte for byte. */
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

/* OpenAI-compatible, Server-Sent Events. */

static const Format sse = { create_sse, set_sse_limits, feed_sse, finish_sse };

static void
test_sse_whole (void)
{
  g_autoptr (Run) run = _reframe_test_run_whole (&sse, openai_transcript);
  ReframeChatEvent *done;

  _reframe_test_assert_complete (run, openai_deltas);
  g_assert_cmpstr (
      ((ReframeChatEvent *) g_ptr_array_index (run->events, 0))->model, ==, "qwen2.5-7b-instruct");
  done = _reframe_test_last_event (run);
  g_assert_cmpstr (done->finish_reason, ==, "stop");
  g_assert_cmpstr (done->model, ==, "qwen2.5-7b-instruct");
  g_assert_cmpint (done->prompt_tokens, ==, -1);
}

static void
test_sse_splits (void)
{
  _reframe_test_assert_any_split (&sse, openai_transcript, openai_deltas);
}

static void
test_sse_utf8_splits (void)
{
  g_autofree char *stream = _reframe_test_build_stream (&sse, _reframe_test_utf8_deltas);

  _reframe_test_assert_any_split (&sse, stream, _reframe_test_utf8_deltas);
}

static void
test_sse_line_ends (void)
{
  g_autofree char *crlf = _reframe_test_replace_all (openai_transcript, "\n", "\r\n");
  g_autofree char *cr = _reframe_test_replace_all (openai_transcript, "\n", "\r");
  g_autofree char *mixed = _reframe_test_replace_all (openai_transcript, "}\n\n", "}\r\n\r");

  /* An event over several data lines: a LF taken for a line of its own would be a
   * blank line, ending the event half way. */
  g_autofree char *multi_crlf = _reframe_test_replace_all (multi_line_stream, "\n", "\r\n");
  g_autofree char *multi_cr = _reframe_test_replace_all (multi_line_stream, "\n", "\r");

  /* Every split also puts a chunk boundary between each CR and its LF. */
  _reframe_test_assert_any_split (&sse, crlf, openai_deltas);
  _reframe_test_assert_any_split (&sse, cr, openai_deltas);
  _reframe_test_assert_any_split (&sse, mixed, openai_deltas);
  _reframe_test_assert_any_split (&sse, multi_crlf, openai_deltas);
  _reframe_test_assert_any_split (&sse, multi_cr, openai_deltas);
}

static void
test_sse_comments_and_keep_alive (void)
{
  g_autofree char *pings =
      _reframe_test_replace_all (openai_transcript, "\n\n", "\n\n: ping\n\n\n:\n\n");
  g_autofree char *utf8_stream = _reframe_test_build_stream (&sse, _reframe_test_utf8_deltas);
  /* Before an event with text, so a BOM left in would hide the first "data" field. */
  g_autofree char *bom = g_strconcat ("\xEF\xBB\xBF", utf8_stream, NULL);
  const char      *only_comments = ": keep-alive\n\n: ping\n\n";
  g_autoptr (Run) silent = _reframe_test_run_whole (&sse, only_comments);

  _reframe_test_assert_any_split (&sse, pings, openai_deltas);
  _reframe_test_assert_any_split (&sse, bom, _reframe_test_utf8_deltas);

  /* Comments keep a connection alive but are no reply. */
  _reframe_test_assert_fails (silent, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_CUT_OFF, NULL);
  g_assert_cmpuint (silent->events->len, ==, 0);
}

static void
test_sse_multi_line_data (void)
{
  _reframe_test_assert_any_split (&sse, multi_line_stream, openai_deltas);
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

  _reframe_test_assert_any_split (&sse, stream, openai_deltas);
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
  g_autoptr (Run) run = _reframe_test_run_whole (&sse, stream);
  g_autofree char  *content = _reframe_test_join_text (run->events, FALSE);
  g_autofree char  *thinking = _reframe_test_join_text (run->events, TRUE);
  ReframeChatEvent *done = _reframe_test_last_event (run);

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
  g_autofree char *first = _reframe_test_sse_event ("What evidence");
  g_autofree char *openai = g_strconcat (first,
                                         "data: {\"error\":{\"message\":\"Incorrect API key "
                                         "provided\",\"type\":\"invalid_request_error\","
                                         "\"param\":null,\"code\":\"invalid_api_key\"}}\n\n",
                                         NULL);
  const char      *llama_cpp = "data: {\"error\":{\"code\":503,\"message\":\"Loading "
                               "model\",\"type\":\"unavailable_error\"}}\n\n";
  g_autoptr (Run) run = _reframe_test_run_whole (&sse, openai);
  g_autoptr (Run) loading = _reframe_test_run_whole (&sse, llama_cpp);
  ReframeChatEvent *event;

  _reframe_test_assert_fails (
      run, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_PROVIDER_ERROR, "Incorrect API key provided");
  g_assert_cmpuint (run->events->len, ==, 2);
  event = _reframe_test_last_event (run);
  g_assert_cmpint (event->kind, ==, REFRAME_CHAT_EVENT_ERROR);
  g_assert_cmpstr (event->error_message, ==, "Incorrect API key provided");
  g_assert_cmpstr (event->error_type, ==, "invalid_request_error");
  g_assert_cmpstr (event->error_code, ==, "invalid_api_key");

  _reframe_test_assert_fails (
      loading, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_PROVIDER_ERROR, "Loading model");
  g_assert_cmpstr (_reframe_test_last_event (loading)->error_code, ==, "503");
  g_assert_cmpstr (_reframe_test_last_event (loading)->error_type, ==, "unavailable_error");
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
  g_autoptr (Run) run = _reframe_test_run_whole (&sse, llama_cpp);
  g_autoptr (Run) event = _reframe_test_run_whole (&sse, named);
  g_autoptr (Run) plain = _reframe_test_run_whole (&sse, text);

  _reframe_test_assert_fails (run,
                              REFRAME_STREAM_ERROR,
                              REFRAME_STREAM_ERROR_PROVIDER_ERROR,
                              "exceeds the available context size");
  g_assert_cmpstr (_reframe_test_last_event (run)->error_code, ==, "400");
  g_assert_cmpuint (run->events->len, ==, 2);

  _reframe_test_assert_fails (
      event, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_PROVIDER_ERROR, "Rate limit reached");
  g_assert_null (_reframe_test_last_event (event)->error_code);
  _reframe_test_assert_fails (
      plain, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_PROVIDER_ERROR, NULL);
  g_assert_cmpstr (_reframe_test_last_event (plain)->error_message, ==, "upstream\ntimed out");

  /* A huge message is kept whole in the event but cut short in the GError. */
  {
    g_autofree char *huge = g_strnfill (100000, 'x');
    g_autofree char *stream = g_strdup_printf ("data: {\"error\":{\"message\":\"%s\"}}\n\n", huge);
    g_autoptr (Run) long_message = _reframe_test_run_whole (&sse, stream);

    _reframe_test_assert_fails (
        long_message, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_PROVIDER_ERROR, "xxx…");
    g_assert_cmpuint (strlen (long_message->error->message), <, 1000);
    g_assert_cmpstr (_reframe_test_last_event (long_message)->error_message, ==, huge);
  }
}

static void
test_sse_empty_reply (void)
{
  g_autoptr (Run) run =
      _reframe_test_run_whole (&sse,
                               "data: "
                               "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
                               "\"content\":\"\"}}]}\n\ndata: [DONE]\n\n");

  /* "[DONE]" with neither text nor a finish reason is a failure, not an empty answer. */
  _reframe_test_assert_fails (run, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_EMPTY, NULL);
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
  g_autoptr (Run) run = _reframe_test_run_whole (&sse, truncated_json);
  g_autoptr (Run) text = _reframe_test_run_whole (&sse, "data: Hello there\n\n");
  g_autoptr (Run) latin1 = _reframe_test_run_whole (
      &sse, "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"caf\xE9\"}}]}\n\n");
  g_autoptr (Run) nested = NULL;

  _reframe_test_assert_fails (run, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_MALFORMED, "Event 2");
  g_assert_cmpuint (run->events->len, ==, 1);
  _reframe_test_assert_fails (text, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_MALFORMED, NULL);
  _reframe_test_assert_fails (
      latin1, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_MALFORMED, "UTF-8");

  for (guint i = 0; i < 100000; i++)
    g_string_append (deep, "{\"a\":");
  g_string_append (deep, "\n\n");
  nested = _reframe_test_run_whole (&sse, deep->str);
  g_string_free (deep, TRUE);
  _reframe_test_assert_fails (
      nested, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_MALFORMED, "nested");
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
  g_autoptr (Run) mid_line = _reframe_test_run_cut (
      &sse, openai_transcript, before_finish + 40, NULL, 0, max_line, max_reply);
  g_autoptr (Run) no_blank = _reframe_test_run_cut (
      &sse, openai_transcript, before_done - 1, NULL, 0, max_line, max_reply);
  g_autoptr (Run) no_finish =
      _reframe_test_run_cut (&sse, openai_transcript, before_finish, NULL, 0, max_line, max_reply);
  g_autoptr (Run) no_done =
      _reframe_test_run_cut (&sse, openai_transcript, before_done, NULL, 0, max_line, max_reply);
  g_autoptr (Run) bare_done =
      _reframe_test_run_cut (&sse, openai_transcript, len - 2, NULL, 0, max_line, max_reply);
  g_autoptr (Run) done_newline =
      _reframe_test_run_cut (&sse, openai_transcript, len - 1, NULL, 0, max_line, max_reply);

  /* Half a line, or an event not ended by a blank line: cut off, text kept. */
  _reframe_test_assert_fails (mid_line, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_CUT_OFF, NULL);
  g_assert_cmpuint (mid_line->events->len, ==, 2);
  _reframe_test_assert_fails (no_blank, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_CUT_OFF, NULL);

  /* Whole events but no finish reason and no "[DONE]". */
  _reframe_test_assert_fails (no_finish, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_CUT_OFF, NULL);
  g_assert_cmpuint (no_finish->events->len, ==, 2);

  /* A finish reason then a clean close, or "data: [DONE]" without its blank line (or
   * even its line end), is a complete reply. */
  _reframe_test_assert_complete (no_done, openai_deltas);
  g_assert_cmpstr (_reframe_test_last_event (no_done)->finish_reason, ==, "stop");
  _reframe_test_assert_complete (bare_done, openai_deltas);
  _reframe_test_assert_complete (done_newline, openai_deltas);
}

static void
test_sse_after_done (void)
{
  g_autofree char *stream =
      g_strconcat (openai_transcript,
                   "data: {broken\n\nerror: {\"message\":\"late\"}\n\ndata: {\"choices\":",
                   NULL);
  g_autoptr (Run) run = _reframe_test_run_whole (&sse, stream);

  _reframe_test_assert_complete (run, openai_deltas);
}

static void
test_sse_oversized (void)
{
  g_autofree char *event = _reframe_test_sse_event ("What evidence");
  gsize            line_len = strlen (event) - 2;
  g_autofree char *stream = g_strconcat (event, "data: [DONE]\n\n", NULL);
  g_autoptr (Run) fits =
      _reframe_test_run_cut (&sse, stream, strlen (stream), NULL, 0, line_len + 1, 0);
  g_autoptr (Run) too_big =
      _reframe_test_run_cut (&sse, stream, strlen (stream), NULL, 0, line_len - 1, 0);
  GString *many_lines = g_string_new (NULL);
  g_autoptr (Run) big_event = NULL;

  _reframe_test_assert_line_limit (&sse,
                                   "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"");

  /* The data of one event counts with its "\n" after each line. */
  g_assert_no_error (fits->error);
  _reframe_test_assert_fails (too_big, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_TOO_LARGE, NULL);

  /* Short lines that together make an event over the limit. */
  for (guint i = 0; i < 1000; i++)
    g_string_append (many_lines, "data: 0123456789012345678901234567890123456789\n");
  g_string_append (many_lines, "\n");
  big_event = _reframe_test_run_cut (&sse, many_lines->str, many_lines->len, NULL, 0, 10000, 0);
  g_string_free (many_lines, TRUE);
  _reframe_test_assert_fails (
      big_event, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_TOO_LARGE, NULL);
}

static void
test_sse_reply_limit (void)
{
  _reframe_test_assert_reply_limit (
      &sse, openai_transcript, "What evidence supports that thought?");
}

void
_reframe_test_stream_parsers_add_sse_tests (void)
{
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
}
