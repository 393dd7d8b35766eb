/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-context-budget.c: the context budget, learning the context, and the chat session's
 * trimming and size-refusal retry against the fake model server. */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "reframe-chat-session-private.h"
#include "reframe-context-budget.h"
#include "reframe-conversation-repository.h"
#include "reframe-fake-model-server.h"
#include "reframe-http-provider.h"
#include "reframe-ollama-provider.h"
#include "reframe-openai-provider.h"
#include "reframe-test-util.h"

#define SYSTEM_PROMPT "Be kind. Ask one question at a time."

/* Estimates */

static void
test_estimate (void)
{
  const char *latin = "What went through your mind just then, and how strongly did you believe it?";
  const char *cjk = "その時、どんな考えが頭に浮かびましたか。どのくらい強く信じていましたか。";
  guint       latin_chars = g_utf8_strlen (latin, -1), cjk_chars = g_utf8_strlen (cjk, -1);
  guint       latin_tokens = reframe_context_budget_estimate_tokens (latin);
  guint       cjk_tokens = reframe_context_budget_estimate_tokens (cjk);

  /* Latin: about 3.5 characters a token, rounded up. */
  g_assert_cmpuint (latin_tokens, ==, (latin_chars * 2 + 6) / 7);
  /* CJK: at least a token a character, far more per character than Latin. */
  g_assert_cmpuint (cjk_tokens, >=, cjk_chars);
  g_assert_cmpfloat ((double) cjk_tokens / cjk_chars, >, 3.0 * latin_tokens / latin_chars);
  /* Mixed text counts each part at its own rate. */
  {
    g_autofree char *mixed = g_strconcat (latin, cjk, NULL);
    g_assert_cmpuint (
        reframe_context_budget_estimate_tokens (mixed), >=, latin_tokens + cjk_tokens - 1);
  }
  g_assert_cmpuint (reframe_context_budget_estimate_tokens (""), ==, 0);
  g_assert_cmpuint (reframe_context_budget_estimate_tokens (NULL), ==, 0);
  g_assert_cmpuint (
      reframe_context_budget_estimate_message (""), ==, REFRAME_CONTEXT_BUDGET_MESSAGE_OVERHEAD);
  /* Emoji take more than a token each. */
  g_assert_cmpuint (
      reframe_context_budget_estimate_tokens ("\xf0\x9f\x92\xac\xf0\x9f\x92\xac"), >=, 4);
}

static const char *
array_turn (guint    index,
            gpointer user_data)
{
  return ((const char *const *) user_data)[index];
}

static void
test_fit (void)
{
  g_autoptr (ReframeContextBudget) budget = reframe_context_budget_new (1024);
  g_autoptr (GPtrArray) turns = g_ptr_array_new_with_free_func (g_free);
  ReframeContextFit fit;
  guint             per_turn;

  g_assert_cmpuint (reframe_context_budget_get_context_tokens (budget), ==, 1024);
  g_assert_cmpuint (reframe_context_budget_get_reply_tokens (budget), ==, 256);
  for (guint i = 0; i < 100; i++)
    g_ptr_array_add (
        turns,
        g_strdup_printf (
            "Turn %03u: %s", i, "a line of about seventy characters of ordinary English text."));
  per_turn = reframe_context_budget_estimate_message (g_ptr_array_index (turns, 0));

  /* 768 tokens for the turns and the 100 fixed. */
  reframe_context_budget_fit (budget, 100, turns->len, array_turn, turns->pdata, 0, &fit);
  g_assert_true (fit.fits);
  g_assert_cmpuint (fit.n_kept, ==, (768 - 100) / per_turn);
  g_assert_cmpuint (fit.first_kept, ==, 100 - fit.n_kept);
  g_assert_cmpuint (fit.tokens, <=, 768);

  /* A limit of turns, as a retry sets. */
  reframe_context_budget_fit (budget, 100, turns->len, array_turn, turns->pdata, 3, &fit);
  g_assert_cmpuint (fit.n_kept, ==, 3);
  g_assert_cmpuint (fit.first_kept, ==, 97);

  /* The newest turn goes even when nothing fits; the fit says so. */
  reframe_context_budget_fit (budget, 5000, turns->len, array_turn, turns->pdata, 0, &fit);
  g_assert_cmpuint (fit.n_kept, ==, 1);
  g_assert_cmpuint (fit.first_kept, ==, 99);
  g_assert_false (fit.fits);

  /* Turns that are never sent (NULL) are skipped, not counted. */
  g_free (turns->pdata[98]);
  turns->pdata[98] = NULL;
  reframe_context_budget_fit (budget, 100, turns->len, array_turn, turns->pdata, 2, &fit);
  g_assert_cmpuint (fit.n_kept, ==, 2);
  g_assert_cmpuint (fit.first_kept, ==, 97);

  /* A context below the smallest is taken as the smallest; 0 is the default. */
  g_clear_object (&budget);
  budget = reframe_context_budget_new (10);
  g_assert_cmpuint (
      reframe_context_budget_get_context_tokens (budget), ==, REFRAME_CONTEXT_BUDGET_MIN_TOKENS);
  g_clear_object (&budget);
  budget = reframe_context_budget_new (0);
  g_assert_cmpuint (reframe_context_budget_get_context_tokens (budget),
                    ==,
                    REFRAME_CONTEXT_BUDGET_DEFAULT_TOKENS);
}

static guint
parse_with (guint (*parse) (GBytes *),
            const char *json)
{
  g_autoptr (GBytes) bytes = g_bytes_new_static (json, strlen (json));

  return parse (bytes);
}

static void
test_parse (void)
{
  guint (*show) (GBytes *) = reframe_context_budget_parse_ollama_show;
  guint (*props) (GBytes *) = reframe_context_budget_parse_llama_props;

  /* Ollama: the model's num_ctx wins over its trained length. */
  g_assert_cmpuint (parse_with (show,
                                "{\"parameters\":\"num_ctx 8192\\nstop "
                                "\\\"<|eot_id|>\\\"\",\"model_info\":{\"general.architecture\":"
                                "\"llama\",\"llama.context_length\":131072}}"),
                    ==,
                    8192);
  /* The trained length, capped at what a laptop should be asked for. */
  g_assert_cmpuint (
      parse_with (
          show,
          "{\"model_info\":{\"general.architecture\":\"qwen2\",\"qwen2.context_length\":6144}}"),
      ==,
      6144);
  g_assert_cmpuint (
      parse_with (
          show,
          "{\"model_info\":{\"general.architecture\":\"llama\",\"llama.context_length\":131072}}"),
      ==,
      REFRAME_CONTEXT_BUDGET_OLLAMA_MAX_TOKENS);
  g_assert_cmpuint (
      parse_with (show, "{\"model_info\":{\"gemma3.context_length\":2048}}"), ==, 2048);
  g_assert_cmpuint (parse_with (show, "{\"model_info\":{}}"), ==, 0);
  g_assert_cmpuint (parse_with (show, "{\"parameters\":\"num_ctx lots\"}"), ==, 0);
  g_assert_cmpuint (parse_with (show, "not json"), ==, 0);
  /* llama.cpp. */
  g_assert_cmpuint (
      parse_with (props, "{\"default_generation_settings\":{\"n_ctx\":2048}}"), ==, 2048);
  g_assert_cmpuint (parse_with (props, "{\"n_ctx\":4096}"), ==, 4096);
  g_assert_cmpuint (parse_with (props, "{\"default_generation_settings\":{\"n_ctx\":-1}}"), ==, 0);
  g_assert_cmpuint (parse_with (props, "[]"), ==, 0);
}

/* Providers against the fake server */

static guint
query_context (ReframeModelProvider *provider,
               GError              **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  reframe_http_provider_query_context_async (REFRAME_HTTP_PROVIDER (provider),
                                             REFRAME_FAKE_MODEL,
                                             NULL,
                                             reframe_test_keep_result_cb,
                                             &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return reframe_http_provider_query_context_finish (
      REFRAME_HTTP_PROVIDER (provider), result, error);
}

static void
test_query_context (void)
{
  g_autoptr (ReframeFakeModelServer) server = reframe_fake_model_server_new ();
  const char      *uri = reframe_fake_model_server_get_uri (server);
  g_autofree char *with_v1 = g_strconcat (uri, "v1", NULL);
  g_autoptr (ReframeModelProvider) ollama =
      REFRAME_MODEL_PROVIDER (reframe_ollama_provider_new (uri, NULL));
  g_autoptr (ReframeModelProvider) openai =
      REFRAME_MODEL_PROVIDER (reframe_openai_provider_new (with_v1, NULL));
  g_autoptr (GError) error = NULL;

  /* A service that does not say: an error, which the session answers with the setting. */
  g_assert_cmpuint (query_context (ollama, &error), ==, 0);
  g_assert_error (error, REFRAME_PROVIDER_ERROR, REFRAME_PROVIDER_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_cmpuint (query_context (openai, &error), ==, 0);
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* Ollama's POST /api/show (model_info), llama.cpp's GET /props beside /v1. */
  reframe_fake_model_server_set_context_size (server, 3000, 4);
  g_assert_cmpuint (query_context (ollama, &error), ==, 3000);
  g_assert_no_error (error);
  g_assert_cmpuint (query_context (openai, &error), ==, 3000);
  g_assert_no_error (error);
}

static void
chat_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GError **error = user_data;
  g_autoptr (ReframeChatEvent) done =
      reframe_model_provider_stream_chat_finish (REFRAME_MODEL_PROVIDER (source), result, error);

  if (done != NULL)
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "no error");
}

static void
ignore_delta_cb (const ReframeChatEvent *delta,
                 gpointer                user_data)
{
}

/* llama.cpp's refusal becomes its own error, with the server's words in it. */
static void
test_refusal_error (void)
{
  g_autoptr (ReframeFakeModelServer) server = reframe_fake_model_server_new ();
  g_autoptr (ReframeModelProvider) openai = REFRAME_MODEL_PROVIDER (
      reframe_openai_provider_new (reframe_fake_model_server_get_uri (server), NULL));
  g_autoptr (ReframeChatRequest) request = reframe_chat_request_new (REFRAME_FAKE_MODEL);
  g_autofree char *text = g_strnfill (2000, 'a');
  GError          *error = NULL;

  reframe_fake_model_server_set_context_size (server, 600, 1);
  reframe_chat_request_add_message (request, "user", text);
  reframe_model_provider_stream_chat_async (
      openai, request, ignore_delta_cb, NULL, NULL, NULL, chat_done_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, REFRAME_PROVIDER_ERROR, REFRAME_PROVIDER_ERROR_CONTEXT_TOO_LONG);
  g_assert_nonnull (strstr (error->message, "the request exceeds the available context size"));
  g_assert_cmpuint (reframe_fake_model_server_get_n_refused (server), ==, 1);
  g_clear_error (&error);
}

/* Sessions against the fake server */

typedef struct
{
  ReframeTestStore        store;
  ReframeFakeModelServer *server;
  ReframeCrisisCheck     *check;
  ReframeChatSession     *session;
  gboolean                finished;
} Fixture;

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  reframe_test_store_set_up (&f->store, data);
  f->server = reframe_fake_model_server_new ();
  f->check = reframe_crisis_check_new (NULL, NULL, &error);
  g_assert_no_error (error);
  f->session = reframe_chat_session_new (f->store.store, f->check);
  reframe_chat_session_set_system_prompt (f->session, SYSTEM_PROMPT);
  _reframe_chat_session_clear_context_cache ();
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  g_assert_finalize_object (f->session);
  g_clear_object (&f->check);
  reframe_fake_model_server_free (f->server);
  reframe_test_store_tear_down (&f->store, data);
}

static void
use_service (Fixture *f,
             gboolean openai,
             guint    fallback)
{
  const char *uri = reframe_fake_model_server_get_uri (f->server);
  g_autoptr (ReframeModelProvider) provider =
      openai ? REFRAME_MODEL_PROVIDER (reframe_openai_provider_new (uri, NULL))
             : REFRAME_MODEL_PROVIDER (reframe_ollama_provider_new (uri, NULL));

  reframe_chat_session_set_service (f->session, provider, uri, REFRAME_FAKE_MODEL, FALSE);
  reframe_chat_session_set_context_tokens (f->session, fallback);
}

/* Opens a conversation of @n_turns earlier messages, person and companion in turn, each
 * about @chars long and numbered so the test can tell which were sent. */
static void
open_long_conversation (Fixture    *f,
                        guint       n_turns,
                        guint       chars,
                        const char *filler)
{
  ReframeConversationRepository *repository = reframe_store_get_conversations (f->store.store);
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeConversation) conversation =
      reframe_conversation_repository_create (repository, "Long", &error);

  g_assert_no_error (error);
  for (guint i = 0; i < n_turns; i++)
    {
      g_autoptr (GString) text = g_string_new (NULL);
      g_autoptr (ReframeChatMessage) message = NULL;

      g_string_printf (text, "[turn %03u] ", i);
      while (g_utf8_strlen (text->str, -1) < chars)
        g_string_append (text, filler);
      message = reframe_chat_message_new (
          i % 2 == 0 ? REFRAME_CHAT_ROLE_USER : REFRAME_CHAT_ROLE_ASSISTANT, text->str);
      reframe_chat_message_set_status (message, REFRAME_CHAT_MESSAGE_COMPLETE);
      g_assert_true (
          reframe_conversation_repository_add_message (repository, conversation, message, &error));
      g_assert_no_error (error);
    }
  g_assert_true (reframe_chat_session_open (f->session, conversation, &error));
  g_assert_no_error (error);
}

static void
reply_finished_cb (ReframeChatSession *session,
                   ReframeChatMessage *message,
                   Fixture            *f)
{
  f->finished = TRUE;
}

static void
send_and_wait (Fixture    *f,
               const char *text)
{
  g_autoptr (GError) error = NULL;
  gulong id = g_signal_connect (f->session, "reply-finished", G_CALLBACK (reply_finished_cb), f);

  f->finished = FALSE;
  g_assert_cmpint (
      reframe_chat_session_send (f->session, text, &error), ==, REFRAME_CRISIS_CATEGORY_NONE);
  g_assert_no_error (error);
  while (!f->finished)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (f->session, id);
}

/* Returns: (transfer full): the messages of the last chat body the server got. */
static JsonArray *
dup_sent_messages (Fixture *f,
                   gint64  *num_ctx)
{
  g_autofree char *body = reframe_fake_model_server_dup_last_chat_body (f->server);
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *root, *options;

  g_assert_nonnull (body);
  g_assert_true (json_parser_load_from_data (parser, body, -1, NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  options = json_object_has_member (root, "options")
                ? json_object_get_object_member (root, "options")
                : NULL;
  if (num_ctx != NULL)
    *num_ctx =
        options != NULL ? json_object_get_int_member_with_default (options, "num_ctx", -1) : -1;
  return json_array_ref (json_object_get_array_member (root, "messages"));
}

static const char *
sent_role (JsonArray *messages,
           guint      i)
{
  return json_object_get_string_member (json_array_get_object_element (messages, i), "role");
}

static const char *
sent_content (JsonArray *messages,
              guint      i)
{
  return json_object_get_string_member (json_array_get_object_element (messages, i), "content");
}

/* The turn number of a sent earlier message, from its "[turn NNN]" start. */
static guint
sent_turn (JsonArray *messages,
           guint      i)
{
  const char *content = sent_content (messages, i);

  g_assert_true (g_str_has_prefix (content, "[turn "));
  return (guint) g_ascii_strtoull (content + strlen ("[turn "), NULL, 10);
}

static void
test_trim_keeps_system_and_newest (Fixture      *f,
                                   gconstpointer data)
{
  g_autoptr (JsonArray) sent = NULL;
  g_autoptr (ReframeChatAttachment) attachment = reframe_chat_attachment_new_text (
      REFRAME_CHAT_ATTACHMENT_HOMEWORK, "Homework list", "Thought record, due Friday.");
  g_autoptr (GError) error = NULL;
  guint n, first;

  /* llama.cpp says 2,048 tokens and counts gently: nothing is refused. */
  reframe_fake_model_server_set_context_size (f->server, 2048, 4);
  use_service (f, TRUE, 0);
  open_long_conversation (f, 200, 400, "and then I thought it over again. ");
  g_assert_true (reframe_chat_session_attach (f->session, attachment, &error));
  g_assert_no_error (error);
  send_and_wait (f, "What should I write in the thought record?");
  g_assert_null (reframe_chat_session_get_error (f->session));
  g_assert_cmpuint (reframe_chat_session_get_context_tokens (f->session), ==, 2048);

  sent = dup_sent_messages (f, NULL);
  n = json_array_get_length (sent);
  /* The system prompt first, whole; then the attachment; then turns. */
  g_assert_cmpstr (sent_role (sent, 0), ==, "system");
  g_assert_cmpstr (sent_content (sent, 0), ==, SYSTEM_PROMPT);
  g_assert_cmpstr (sent_role (sent, 1), ==, "system");
  g_assert_nonnull (strstr (sent_content (sent, 1), "Thought record, due Friday."));
  /* The newest: the message just sent, after the newest earlier ones, in order. */
  g_assert_cmpstr (sent_role (sent, n - 1), ==, "user");
  g_assert_cmpstr (sent_content (sent, n - 1), ==, "What should I write in the thought record?");
  g_assert_cmpuint (sent_turn (sent, n - 2), ==, 199);
  first = sent_turn (sent, 2);
  g_assert_cmpuint (first, >, 0);
  for (guint i = 2; i < n - 1; i++)
    g_assert_cmpuint (sent_turn (sent, i), ==, first + i - 2);
  /* The turns after the system messages begin with the person's. */
  g_assert_cmpstr (sent_role (sent, 2), ==, "user");
  /* A few of the 200, within 2,048 less the room for the reply. */
  g_assert_cmpuint (n - 2, <, 20);
  g_assert_cmpuint (n - 2, >, 2);

  g_assert_true (reframe_chat_session_get_turns_left_out (f->session));
  g_assert_cmpuint (reframe_chat_session_get_sent_turns (f->session), ==, n - 2);
  g_assert_cmpuint (reframe_chat_session_get_first_sent_position (f->session), ==, first);
  g_assert_cmpuint (reframe_fake_model_server_get_n_refused (f->server), ==, 0);
}

/* What a consent question counts is what the request then carries: for a new message,
 * and for the edit of an earlier one (only turns before it, as many as fit). */
static void
test_count_history_matches_request (Fixture      *f,
                                    gconstpointer data)
{
  g_autoptr (JsonArray) sent = NULL;
  g_autoptr (ReframeChatMessage) edited = NULL;
  g_autoptr (GError) error = NULL;
  const char *question = "And what would I tell a friend?";
  gulong      id;
  guint       predicted;

  reframe_fake_model_server_set_context_size (f->server, 2048, 4);
  use_service (f, TRUE, 0);
  open_long_conversation (f, 200, 400, "and then I thought it over again. ");
  /* The first request learns the context; the counts are for the ones after it. */
  send_and_wait (f, "What should I write in the thought record?");

  predicted = reframe_chat_session_count_history (f->session, NULL, question);
  send_and_wait (f, question);
  sent = dup_sent_messages (f, NULL);
  g_assert_cmpuint (predicted, >, 2);
  g_assert_cmpuint (predicted, <, 200);
  g_assert_cmpuint (predicted, ==, json_array_get_length (sent) - 2);

  /* An edit of turn 150 sends what fits before it, and nothing after it. */
  edited = g_list_model_get_item (reframe_chat_session_get_messages (f->session), 150);
  g_assert_cmpint (reframe_chat_message_get_role (edited), ==, REFRAME_CHAT_ROLE_USER);
  g_assert_cmpuint (reframe_chat_session_count_replies_after (f->session, edited), ==, 27);
  predicted = reframe_chat_session_count_history (f->session, edited, "[turn 150] edited.");
  f->finished = FALSE;
  id = g_signal_connect (f->session, "reply-finished", G_CALLBACK (reply_finished_cb), f);
  g_assert_cmpint (reframe_chat_session_edit (f->session, edited, "[turn 150] edited.", &error),
                   ==,
                   REFRAME_CRISIS_CATEGORY_NONE);
  g_assert_no_error (error);
  while (!f->finished)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (f->session, id);
  g_clear_pointer (&sent, json_array_unref);
  sent = dup_sent_messages (f, NULL);
  g_assert_cmpuint (predicted, ==, json_array_get_length (sent) - 2);
  g_assert_cmpstr (sent_content (sent, json_array_get_length (sent) - 1), ==, "[turn 150] edited.");
  g_assert_cmpuint (sent_turn (sent, json_array_get_length (sent) - 2), ==, 149);
  g_assert_cmpuint (
      g_list_model_get_n_items (reframe_chat_session_get_messages (f->session)), ==, 152);
}

static void
test_short_conversation_sends_all (Fixture      *f,
                                   gconstpointer data)
{
  g_autoptr (JsonArray) sent = NULL;

  reframe_fake_model_server_set_context_size (f->server, 4096, 4);
  use_service (f, TRUE, 0);
  open_long_conversation (f, 4, 100, "a short line. ");
  send_and_wait (f, "Thanks.");
  sent = dup_sent_messages (f, NULL);
  g_assert_cmpuint (json_array_get_length (sent), ==, 1 + 4 + 1);
  g_assert_false (reframe_chat_session_get_turns_left_out (f->session));
  g_assert_cmpuint (reframe_chat_session_get_first_sent_position (f->session), ==, 0);
}

static void
test_cjk_conversation (Fixture      *f,
                       gconstpointer data)
{
  g_autoptr (JsonArray) latin = NULL;
  g_autoptr (JsonArray) cjk = NULL;

  /* The same number of characters: far fewer CJK turns fit. */
  reframe_fake_model_server_set_context_size (f->server, 4096, 4);
  use_service (f, TRUE, 0);
  open_long_conversation (f, 100, 200, "and then I thought. ");
  send_and_wait (f, "Next?");
  latin = dup_sent_messages (f, NULL);

  open_long_conversation (f, 100, 200, "それからまた考えました。");
  send_and_wait (f, "次は？");
  cjk = dup_sent_messages (f, NULL);
  g_assert_cmpuint (json_array_get_length (cjk) * 2, <, json_array_get_length (latin));
  g_assert_cmpuint (json_array_get_length (cjk), >=, 2);
}

static void
test_ollama_num_ctx (Fixture      *f,
                     gconstpointer data)
{
  g_autoptr (JsonArray) sent = NULL;
  gint64 num_ctx;

  /* /api/show says the model was trained for 3,000 tokens. */
  reframe_fake_model_server_set_context_size (f->server, 3000, 4);
  use_service (f, FALSE, 0);
  open_long_conversation (f, 100, 400, "and then I thought it over again. ");
  send_and_wait (f, "Go on.");
  g_assert_null (reframe_chat_session_get_error (f->session));
  sent = dup_sent_messages (f, &num_ctx);
  g_assert_cmpint (num_ctx, ==, 3000);
  g_assert_cmpuint (reframe_chat_session_get_context_tokens (f->session), ==, 3000);
  g_assert_true (reframe_chat_session_get_turns_left_out (f->session));
  g_assert_cmpstr (sent_content (sent, 0), ==, SYSTEM_PROMPT);
}

static void
test_setting_when_service_does_not_say (Fixture      *f,
                                        gconstpointer data)
{
  g_autoptr (JsonArray) sent = NULL;
  gint64 num_ctx;
  guint  n_requests;

  /* No /api/show, no /props: the setting. */
  use_service (f, FALSE, 1024);
  open_long_conversation (f, 100, 400, "and then I thought it over again. ");
  send_and_wait (f, "Go on.");
  g_assert_null (reframe_chat_session_get_error (f->session));
  sent = dup_sent_messages (f, &num_ctx);
  g_assert_cmpint (num_ctx, ==, 1024);
  g_assert_cmpuint (json_array_get_length (sent), <=, 8); /* of 101 */

  /* Asked once per service and model: the next message asks only for the reply. */
  n_requests = reframe_fake_model_server_get_n_requests (f->server);
  send_and_wait (f, "And then?");
  g_assert_cmpuint (reframe_fake_model_server_get_n_requests (f->server), ==, n_requests + 1);

  /* The OpenAI-compatible kind too, with the default when the setting is 0. */
  _reframe_chat_session_clear_context_cache ();
  use_service (f, TRUE, 0);
  send_and_wait (f, "Once more.");
  g_assert_cmpuint (reframe_chat_session_get_context_tokens (f->session),
                    ==,
                    REFRAME_CONTEXT_BUDGET_DEFAULT_TOKENS);
  g_clear_pointer (&sent, json_array_unref);
  sent = dup_sent_messages (f, &num_ctx);
  g_assert_cmpint (num_ctx, ==, -1); /* never sent to an OpenAI-compatible service */
}

static void
test_refused_then_accepted (Fixture      *f,
                            gconstpointer data)
{
  g_autoptr (JsonArray) sent = NULL;
  GListModel *messages = reframe_chat_session_get_messages (f->session);
  g_autoptr (ReframeChatMessage) last = NULL;
  g_autofree char *reply = reframe_fake_model_server_dup_reply ();
  guint            first_sent;

  /* The server counts two bytes a token, more than Reframe estimates: the first request
   * is refused, the one with half the turns goes through. */
  reframe_fake_model_server_set_context_size (f->server, 2048, 2);
  use_service (f, TRUE, 0);
  open_long_conversation (f, 100, 200, "and then I thought. ");
  send_and_wait (f, "What now?");
  g_assert_null (reframe_chat_session_get_error (f->session));
  g_assert_cmpuint (reframe_fake_model_server_get_n_refused (f->server), ==, 1);

  last = g_list_model_get_item (messages, g_list_model_get_n_items (messages) - 1);
  g_assert_cmpstr (reframe_chat_message_get_content (last), ==, reply);
  g_assert_cmpint (reframe_chat_message_get_status (last), ==, REFRAME_CHAT_MESSAGE_COMPLETE);

  sent = dup_sent_messages (f, NULL);
  g_assert_cmpstr (sent_content (sent, 0), ==, SYSTEM_PROMPT);
  g_assert_cmpstr (sent_content (sent, json_array_get_length (sent) - 1), ==, "What now?");
  first_sent = sent_turn (sent, 1);
  g_assert_cmpuint (
      reframe_chat_session_get_sent_turns (f->session), ==, json_array_get_length (sent) - 1);
  g_assert_cmpuint (reframe_chat_session_get_first_sent_position (f->session), ==, first_sent);
  /* 100 earlier messages plus the new one; the second request had no more than half. */
  g_assert_cmpuint (json_array_get_length (sent) - 1, <=, 12);
}

static void
test_refused_twice (Fixture      *f,
                    gconstpointer data)
{
  GListModel *messages = reframe_chat_session_get_messages (f->session);
  g_autoptr (ReframeChatMessage) last = NULL;
  g_autoptr (GListStore) stored = NULL;
  g_autoptr (ReframeChatMessage) stored_last = NULL;
  g_autoptr (GError) error = NULL;
  const GError *refusal;
  g_autoptr (GString) text = g_string_new ("What now? ");

  /* A byte a token, and a message of the person's that alone is over it: refused
   * however much else is left out. */
  while (text->len < 2500)
    g_string_append (text, "The bus was late and the weather was grey. ");
  reframe_fake_model_server_set_context_size (f->server, 2048, 1);
  use_service (f, TRUE, 0);
  open_long_conversation (f, 100, 400, "and then I thought. ");
  send_and_wait (f, text->str);

  refusal = reframe_chat_session_get_error (f->session);
  g_assert_error (
      (GError *) refusal, REFRAME_PROVIDER_ERROR, REFRAME_PROVIDER_ERROR_CONTEXT_TOO_LONG);
  g_assert_nonnull (strstr (refusal->message, "Your message is kept"));
  g_assert_cmpuint (reframe_fake_model_server_get_n_refused (f->server), ==, 2);

  /* The person's message is the last one, in the pane's list and in the journal. */
  last = g_list_model_get_item (messages, g_list_model_get_n_items (messages) - 1);
  g_assert_cmpint (reframe_chat_message_get_role (last), ==, REFRAME_CHAT_ROLE_USER);
  g_assert_cmpstr (reframe_chat_message_get_content (last), ==, text->str);
  stored = reframe_conversation_repository_load_messages (
      reframe_store_get_conversations (f->store.store),
      reframe_chat_session_get_conversation (f->session),
      &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (stored)), ==, 101);
  stored_last = g_list_model_get_item (G_LIST_MODEL (stored), 100);
  g_assert_cmpstr (reframe_chat_message_get_content (stored_last), ==, text->str);
  g_assert_false (reframe_chat_session_get_busy (f->session));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/reframe/context-budget/estimate", test_estimate);
  g_test_add_func ("/reframe/context-budget/fit", test_fit);
  g_test_add_func ("/reframe/context-budget/parse", test_parse);
  g_test_add_func ("/reframe/context-budget/query-context", test_query_context);
  g_test_add_func ("/reframe/context-budget/refusal-error", test_refusal_error);
#define ADD(path, func) \
  g_test_add (          \
      "/reframe/context-budget/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("trim-keeps-system-and-newest", test_trim_keeps_system_and_newest);
  ADD ("count-history-matches-request", test_count_history_matches_request);
  ADD ("short-conversation-sends-all", test_short_conversation_sends_all);
  ADD ("cjk-conversation", test_cjk_conversation);
  ADD ("ollama-num-ctx", test_ollama_num_ctx);
  ADD ("setting-when-service-does-not-say", test_setting_when_service_does_not_say);
  ADD ("refused-then-accepted", test_refused_then_accepted);
  ADD ("refused-twice", test_refused_twice);
#undef ADD

  return g_test_run ();
}
