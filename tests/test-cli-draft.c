/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli-draft.c: `reframe draft` against the fake model server, run as programs on 127.0.0.1. */

#include "config.h"

#include <string.h>

#include "reframe-conversation-repository.h"
#include "reframe-fake-model-server.h"
#include "reframe-store.h"
#include "reframe-test-util.h"

typedef struct
{
  ReframeTestServerProgram server;
  char                    *dir;
  char                    *conversation_id;

  /* The last run of `reframe draft`. */
  char *out;
  char *err;
  int   status;
} Fixture;

static void
set_structured (Fixture    *f,
                const char *name)
{
  g_autofree char *command = g_strconcat ("structured ", name, NULL);
  g_autofree char *answer = reframe_test_server_program_ask (&f->server, command);

  g_assert_cmpstr (answer, ==, "ok");
}

static void
add_conversation (Fixture *f)
{
  static const char *const turns[] = {
    "My manager walked past me without saying hello.",
    "What went through your mind just then?",
    "That she is angry with me and I will lose my job.",
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeStore) store = reframe_store_open (f->dir, &error);
  g_autoptr (ReframeConversation) conversation = NULL;
  ReframeConversationRepository *repository;

  g_assert_no_error (error);
  repository = reframe_store_get_conversations (store);
  conversation = reframe_conversation_repository_create (repository, "Work", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (turns); i++)
    {
      g_autoptr (ReframeChatMessage) message = reframe_chat_message_new (
          i % 2 == 0 ? REFRAME_CHAT_ROLE_USER : REFRAME_CHAT_ROLE_ASSISTANT, turns[i]);

      reframe_chat_message_set_status (message, REFRAME_CHAT_MESSAGE_COMPLETE);
      g_assert_true (
          reframe_conversation_repository_add_message (repository, conversation, message, &error));
    }
  f->conversation_id = g_strdup (reframe_conversation_get_uuid (conversation));
}

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  f->dir = reframe_test_make_tmp_dir ();
  reframe_test_server_program_start (&f->server, NULL);
  add_conversation (f);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  reframe_test_server_program_stop (&f->server);
  reframe_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->conversation_id);
  g_free (f->out);
  g_free (f->err);
}

/* Runs `reframe draft ARGS… --endpoint URI --model M --data-dir DIR`. */
static int
run_args (Fixture           *f,
          const char *const *args)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  ReframeTestCli how = { .command = "draft", .data_dir = f->dir, .without_api_key = TRUE };

  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, (gpointer) "--endpoint");
  g_ptr_array_add (argv, f->server.uri);
  g_ptr_array_add (argv, (gpointer) "--model");
  g_ptr_array_add (argv, (gpointer) REFRAME_FAKE_MODEL);
  g_ptr_array_add (argv, NULL);
  f->status = reframe_test_cli_runv (&how, (const char *const *) argv->pdata, &f->out, &f->err);
  return f->status;
}

#define run(f, ...) run_args (f, (const char *const[]){ __VA_ARGS__, NULL })

static void
test_text (Fixture      *f,
           gconstpointer data)
{
  g_autofree char *body = NULL;

  set_structured (f, "valid");
  g_assert_cmpint (run (f, "thought-record", "--conversation", "latest"), ==, 0);
  g_assert_true (
      g_str_has_prefix (f->out, "Thought record — suggested by the companion, not saved\n"));
  g_assert_nonnull (strstr (f->out, "\n  I will lose my job.\n"));
  g_assert_nonnull (strstr (f->out, "\n  - Anxious (70)\n"));
  g_assert_cmpstr (f->err, ==, "");
  /* The conversation was sent, after the system prompt, with the schema and no stream. */
  body = reframe_test_server_program_ask (&f->server, "chat-body");
  g_assert_nonnull (strstr (body, "\"stream\":false"));
  g_assert_nonnull (strstr (body, "\"format\":{\"type\":\"object\""));
  g_assert_nonnull (strstr (body, "That she is angry with me and I will lose my job."));
  g_assert_true (
      g_str_has_prefix (strstr (body, "\"messages\":["), "\"messages\":[{\"role\":\"system\""));
}

static void
test_json_partial (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *format = NULL;
  JsonObject      *root;

  set_structured (f, "partial");
  g_assert_cmpint (run (f,
                        "thought-record",
                        "--conversation",
                        f->conversation_id,
                        "--json",
                        "--provider",
                        "openai"),
                   ==,
                   0);
  json_parser_load_from_data (parser, f->out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "template"), ==, "thought-record");
  g_assert_true (json_object_get_boolean_member (root, "suggested"));
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (root, "answers")), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "left_out")), ==, 4);
  g_assert_nonnull (strstr (f->err, "Left out"));
  /* Two left-out fields share a label; it is named once. */
  g_assert_nonnull (strstr (f->err, "How much do you believe it?"));
  g_assert_null (
      strstr (strstr (f->err, "How much do you believe it?") + 1, "How much do you believe it?"));
  format = reframe_test_server_program_ask (&f->server, "format");
  g_assert_true (g_str_has_prefix (
      format, "{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"worksheet\""));
}

static void
test_invalid (Fixture      *f,
              gconstpointer data)
{
  set_structured (f, "invalid");
  g_assert_cmpint (run (f, "thought-record"), ==, 1);
  g_assert_cmpstr (f->out, ==, "");
  g_assert_cmpstr (f->err,
                   ==,
                   "reframe draft: The model’s answer could not be read as a worksheet. Try again, "
                   "or fill in the worksheet yourself.\n");
}

static void
test_usage (Fixture      *f,
            gconstpointer data)
{
  g_autofree char *requests = NULL;

  g_assert_cmpint (run (f, "phq-9"), ==, 2);
  g_assert_cmpint (run (f, "thought-record", "--conversation", "no-such-id"), ==, 1);
  g_assert_nonnull (strstr (f->err, "no-such-id"));
  /* Neither sent anything. */
  requests = reframe_test_server_program_ask (&f->server, "requests");
  g_assert_cmpstr (requests, ==, "0");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/reframe/cli-draft/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("text", test_text);
  ADD ("json-partial", test_json_partial);
  ADD ("invalid", test_invalid);
  ADD ("usage", test_usage);
#undef ADD

  return g_test_run ();
}
