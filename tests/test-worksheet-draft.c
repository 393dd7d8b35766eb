/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-worksheet-draft.c: a worksheet drafted from a conversation: schema, request, validation,
 * against the fake server. */

#include "config.h"

#include <glib/gstdio.h>

#include "reframe-chat-message.h"
#include "reframe-fake-model-server.h"
#include "reframe-ollama-provider.h"
#include "reframe-openai-provider.h"
#include "reframe-template-registry.h"
#include "reframe-worksheet-draft.h"

#define SYSTEM_PROMPT "You are a journaling companion. Safety rules first."

typedef struct
{
  char                    *dir;
  ReframeTemplateRegistry *registry;
  ReframeTemplate *template; /* borrowed from the registry */
  GListStore *messages;
} Fixture;

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  static const char *const turns[] = {
    "My manager walked past me without saying hello.",
    "What went through your mind just then?",
    "That she is angry with me and I will lose my job.",
  };

  f->dir = g_dir_make_tmp ("reframe-draft-XXXXXX", &error);
  g_assert_no_error (error);
  f->registry = reframe_template_registry_new (f->dir, &error);
  g_assert_no_error (error);
  f->template =
      reframe_template_registry_lookup (f->registry, data != NULL ? data : "thought-record", 0);
  g_assert_nonnull (f->template);
  f->messages = g_list_store_new (REFRAME_TYPE_CHAT_MESSAGE);
  for (guint i = 0; i < G_N_ELEMENTS (turns); i++)
    {
      g_autoptr (ReframeChatMessage) message = reframe_chat_message_new (
          i % 2 == 0 ? REFRAME_CHAT_ROLE_USER : REFRAME_CHAT_ROLE_ASSISTANT, turns[i]);
      g_list_store_append (f->messages, message);
    }
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  /* The registry may have made a templates folder inside. */
  g_autofree char *templates = g_build_filename (f->dir, "templates", NULL);

  g_clear_object (&f->messages);
  g_clear_object (&f->registry);
  g_rmdir (templates);
  g_rmdir (f->dir);
  g_free (f->dir);
}

static JsonObject *
schema_properties (JsonNode *schema)
{
  return json_object_get_object_member (json_node_get_object (schema), "properties");
}

static void
test_schema (Fixture      *f,
             gconstpointer data)
{
  g_autoptr (JsonNode) schema = reframe_worksheet_draft_dup_schema (f->template);
  JsonObject *root = json_node_get_object (schema);
  JsonObject *properties = schema_properties (schema);
  JsonObject *belief, *emotions, *distortions;

  g_assert_cmpstr (json_object_get_string_member (root, "type"), ==, "object");
  /* Nothing required: the person may not have talked about every step. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "required")), ==, 0);
  g_assert_false (json_object_get_boolean_member (root, "additionalProperties"));

  g_assert_cmpstr (json_object_get_string_member (
                       json_object_get_object_member (properties, "situation"), "type"),
                   ==,
                   "string");
  g_assert_cmpint (json_object_get_int_member (
                       json_object_get_object_member (properties, "situation"), "maxLength"),
                   ==,
                   REFRAME_WORKSHEET_DRAFT_LONG_TEXT_MAX);
  g_assert_cmpint (json_object_get_int_member (
                       json_object_get_object_member (properties, "hot_thought"), "maxLength"),
                   ==,
                   REFRAME_WORKSHEET_DRAFT_SHORT_TEXT_MAX);
  belief = json_object_get_object_member (properties, "hot_thought_belief");
  g_assert_cmpstr (json_object_get_string_member (belief, "type"), ==, "integer");
  g_assert_cmpint (json_object_get_int_member (belief, "minimum"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (belief, "maximum"), ==, 100);
  emotions = json_object_get_object_member (properties, "emotions");
  g_assert_cmpstr (json_object_get_string_member (emotions, "type"), ==, "array");
  g_assert_true (
      json_object_has_member (json_object_get_object_member (
                                  json_object_get_object_member (emotions, "items"), "properties"),
                              "before"));
  distortions = json_object_get_object_member (properties, "distortions");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                        json_object_get_object_member (distortions, "items"), "enum")),
                    >,
                    5);
  /* Dates are the person's to give. */
  g_assert_false (json_object_has_member (properties, "when"));
}

static void
test_schema_tables (Fixture      *f,
                    gconstpointer data)
{
  g_autoptr (JsonNode) schema = reframe_worksheet_draft_dup_schema (f->template);
  JsonObject *worries = json_object_get_object_member (schema_properties (schema), "worries");
  JsonObject *columns = json_object_get_object_member (
      json_object_get_object_member (worries, "items"), "properties");

  g_assert_true (json_object_has_member (columns, "worry"));
  g_assert_cmpstr (
      json_object_get_string_member (json_object_get_object_member (columns, "distress"), "type"),
      ==,
      "integer");
  g_assert_true (json_object_has_member (json_object_get_object_member (columns, "kind"), "enum"));
  g_assert_false (json_object_has_member (columns, "noticed"));
}

static JsonObject *
parse_object (GBytes     *bytes,
              JsonParser *parser)
{
  g_assert_true (json_parser_load_from_data (
      parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL));
  return json_node_get_object (json_parser_get_root (parser));
}

static void
assert_same_json (JsonNode *a,
                  JsonNode *b)
{
  g_autofree char *text_a = json_to_string (a, FALSE);
  g_autofree char *text_b = json_to_string (b, FALSE);

  g_assert_cmpstr (text_a, ==, text_b);
}

static void
test_request_ollama (Fixture      *f,
                     gconstpointer data)
{
  g_autoptr (ReframeChatRequest) request = reframe_worksheet_draft_build_request (
      f->template, REFRAME_FAKE_MODEL, SYSTEM_PROMPT, G_LIST_MODEL (f->messages), 8192);
  g_autoptr (GBytes) body = reframe_worksheet_draft_request_to_json (request, f->template, TRUE);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (JsonNode) schema = reframe_worksheet_draft_dup_schema (f->template);
  JsonObject *root = parse_object (body, parser);
  JsonArray  *messages = json_object_get_array_member (root, "messages");

  g_assert_false (json_object_get_boolean_member (root, "stream"));
  assert_same_json (json_object_get_member (root, "format"), schema);
  g_assert_false (json_object_has_member (root, "response_format"));
  g_assert_cmpint (
      json_object_get_int_member (json_object_get_object_member (root, "options"), "num_ctx"),
      ==,
      8192);
  /* The system prompt with the safety rules comes first, then the instruction. */
  g_assert_cmpstr (
      json_object_get_string_member (json_array_get_object_element (messages, 0), "role"),
      ==,
      "system");
  g_assert_cmpstr (
      json_object_get_string_member (json_array_get_object_element (messages, 0), "content"),
      ==,
      SYSTEM_PROMPT);
  g_assert_cmpstr (
      json_object_get_string_member (json_array_get_object_element (messages, 1), "role"),
      ==,
      "system");
  g_assert_nonnull (strstr (
      json_object_get_string_member (json_array_get_object_element (messages, 1), "content"),
      "Thought record"));
  g_assert_cmpuint (json_array_get_length (messages), ==, 5);
  g_assert_cmpstr (
      json_object_get_string_member (json_array_get_object_element (messages, 4), "content"),
      ==,
      "That she is angry with me and I will lose my job.");
}

static void
test_request_openai (Fixture      *f,
                     gconstpointer data)
{
  g_autoptr (ReframeChatRequest) request = reframe_worksheet_draft_build_request (
      f->template, REFRAME_FAKE_MODEL, SYSTEM_PROMPT, G_LIST_MODEL (f->messages), 0);
  g_autoptr (GBytes) body = reframe_worksheet_draft_request_to_json (request, f->template, FALSE);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (JsonNode) schema = reframe_worksheet_draft_dup_schema (f->template);
  JsonObject *root = parse_object (body, parser);
  JsonObject *format = json_object_get_object_member (root, "response_format");
  JsonObject *json_schema = json_object_get_object_member (format, "json_schema");

  g_assert_false (json_object_get_boolean_member (root, "stream"));
  g_assert_false (json_object_has_member (root, "format"));
  g_assert_false (json_object_has_member (root, "options"));
  g_assert_cmpstr (json_object_get_string_member (format, "type"), ==, "json_schema");
  g_assert_cmpstr (json_object_get_string_member (json_schema, "name"), ==, "worksheet");
  g_assert_false (json_object_get_boolean_member (json_schema, "strict"));
  assert_same_json (json_object_get_member (json_schema, "schema"), schema);
}

/* A long conversation is fitted to the context: the system prompt stays first, the
 * newest turn is sent, the oldest are left out. */
static void
test_request_budget (Fixture      *f,
                     gconstpointer data)
{
  g_autoptr (ReframeChatRequest) request = NULL;
  g_autofree char *long_text = g_strnfill (2000, 'a');
  guint            n;

  for (guint i = 0; i < 40; i++)
    {
      g_autoptr (ReframeChatMessage) message = reframe_chat_message_new (
          i % 2 == 0 ? REFRAME_CHAT_ROLE_USER : REFRAME_CHAT_ROLE_ASSISTANT,
          i == 39 ? "The newest turn." : long_text);
      g_list_store_append (f->messages, message);
    }
  request = reframe_worksheet_draft_build_request (
      f->template, REFRAME_FAKE_MODEL, SYSTEM_PROMPT, G_LIST_MODEL (f->messages), 2048);
  n = reframe_chat_request_get_n_messages (request);
  g_assert_cmpuint (n, <, 20);
  g_assert_cmpstr (reframe_chat_request_get_content (request, 0), ==, SYSTEM_PROMPT);
  g_assert_cmpstr (reframe_chat_request_get_content (request, n - 1), ==, "The newest turn.");
}

static void
test_validate_valid (Fixture      *f,
                     gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) left_out = NULL;
  g_autoptr (JsonObject) answers =
      reframe_worksheet_draft_validate (f->template, REFRAME_FAKE_DRAFT_VALID, &left_out, &error);
  JsonObject *emotion;

  g_assert_no_error (error);
  g_assert_cmpuint (left_out->len, ==, 0);
  g_assert_cmpuint (json_object_get_size (answers), ==, 9);
  g_assert_cmpstr (
      json_object_get_string_member (answers, "hot_thought"), ==, "I will lose my job.");
  g_assert_cmpint (json_object_get_int_member (answers, "hot_thought_belief"), ==, 80);
  emotion = json_array_get_object_element (json_object_get_array_member (answers, "emotions"), 0);
  g_assert_cmpstr (json_object_get_string_member (emotion, "name"), ==, "Anxious");
  g_assert_cmpint (json_object_get_int_member (emotion, "before"), ==, 70);
}

static gboolean
has_string (GPtrArray  *array,
            const char *text)
{
  return g_ptr_array_find_with_equal_func (array, text, g_str_equal, NULL);
}

static void
test_validate_partial (Fixture      *f,
                       gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) left_out = NULL;
  g_autoptr (JsonObject) answers =
      reframe_worksheet_draft_validate (f->template, REFRAME_FAKE_DRAFT_PARTIAL, &left_out, &error);

  g_assert_no_error (error);
  /* Text is trimmed; the wrong types, the value out of range and the unknown field go. */
  g_assert_cmpstr (
      json_object_get_string_member (answers, "situation"), ==, "At work, my manager walked past.");
  g_assert_cmpstr (
      json_object_get_string_member (answers, "evidence_against"), ==, "She praised my report.");
  g_assert_cmpuint (json_object_get_size (answers), ==, 2);
  g_assert_cmpuint (left_out->len, ==, 4);
  g_assert_true (has_string (left_out, "mood"));
  g_assert_true (has_string (left_out, "hot_thought_belief"));
  g_assert_true (has_string (left_out, "balanced_thought_belief"));
  g_assert_true (has_string (left_out, "hot_thought"));
}

static void
test_validate_limits (Fixture      *f,
                      gconstpointer data)
{
  g_autofree char *long_text = g_strnfill (REFRAME_WORKSHEET_DRAFT_SHORT_TEXT_MAX + 50, 'x');
  g_autofree char *reply = g_strdup_printf ("{\"hot_thought\":\"%s\",\"distortions\":[\"no-such-"
                                            "thing\"],\"when\":\"2026-01-01T10:00:00Z\"}",
                                            long_text);
  g_autoptr (GPtrArray) left_out = NULL;
  g_autoptr (JsonObject) answers =
      reframe_worksheet_draft_validate (f->template, reply, &left_out, NULL);

  g_assert_cmpint (g_utf8_strlen (json_object_get_string_member (answers, "hot_thought"), -1),
                   ==,
                   REFRAME_WORKSHEET_DRAFT_SHORT_TEXT_MAX);
  g_assert_false (json_object_has_member (answers, "distortions"));
  g_assert_false (json_object_has_member (answers, "when"));
  g_assert_cmpuint (left_out->len, ==, 2);
}

static void
test_validate_invalid (Fixture      *f,
                       gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) left_out = NULL;
  g_autoptr (JsonObject) answers =
      reframe_worksheet_draft_validate (f->template, REFRAME_FAKE_DRAFT_INVALID, &left_out, &error);

  g_assert_error (error, REFRAME_WORKSHEET_DRAFT_ERROR, REFRAME_WORKSHEET_DRAFT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "could not be read as a worksheet"));
  g_assert_nonnull (answers);
  g_assert_cmpuint (json_object_get_size (answers), ==, 0);
  g_assert_cmpuint (left_out->len, ==, 0);
  g_clear_error (&error);

  g_clear_pointer (&answers, json_object_unref);
  answers = reframe_worksheet_draft_validate (f->template, "[1, 2]", NULL, &error);
  g_assert_error (error, REFRAME_WORKSHEET_DRAFT_ERROR, REFRAME_WORKSHEET_DRAFT_ERROR_INVALID);
  g_assert_cmpuint (json_object_get_size (answers), ==, 0);
}

static void
test_crisis (Fixture      *f,
             gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeCrisisCheck) check = reframe_crisis_check_new (NULL, NULL, &error);
  g_autoptr (JsonObject) safe =
      reframe_worksheet_draft_validate (f->template, REFRAME_FAKE_DRAFT_VALID, NULL, NULL);
  g_autoptr (JsonObject) unsafe = reframe_worksheet_draft_validate (
      f->template, "{\"automatic_thoughts\":\"I want to kill myself.\"}", NULL, NULL);

  g_assert_no_error (error);
  g_assert_false (reframe_worksheet_draft_check_crisis (check, safe));
  g_assert_true (reframe_worksheet_draft_check_crisis (check, unsafe));
}

typedef struct
{
  JsonObject *answers;
  GPtrArray  *left_out;
  GError     *error;
  gboolean    done;
} Result;

static void
draft_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Result *out = user_data;

  out->answers = reframe_worksheet_draft_request_finish (
      REFRAME_HTTP_PROVIDER (object), result, &out->left_out, &out->error);
  out->done = TRUE;
}

static void
run_draft (Fixture             *f,
           ReframeHttpProvider *provider,
           Result              *out)
{
  g_autoptr (ReframeChatRequest) request = reframe_worksheet_draft_build_request (
      f->template, REFRAME_FAKE_MODEL, SYSTEM_PROMPT, G_LIST_MODEL (f->messages), 0);

  reframe_worksheet_draft_request_async (provider, f->template, request, NULL, draft_done_cb, out);
  while (!out->done)
    g_main_context_iteration (NULL, TRUE);
}

static void
clear_result (Result *out)
{
  g_clear_pointer (&out->answers, json_object_unref);
  g_clear_pointer (&out->left_out, g_ptr_array_unref);
  g_clear_error (&out->error);
  out->done = FALSE;
}

static void
test_server (Fixture      *f,
             gconstpointer data)
{
  g_autoptr (ReframeFakeModelServer) server = reframe_fake_model_server_new ();
  g_autoptr (ReframeOllamaProvider) ollama =
      reframe_ollama_provider_new (reframe_fake_model_server_get_uri (server), NULL);
  g_autoptr (ReframeOpenaiProvider) openai =
      reframe_openai_provider_new (reframe_fake_model_server_get_uri (server), NULL);
  g_autoptr (JsonNode) schema = reframe_worksheet_draft_dup_schema (f->template);
  g_autofree char *schema_text = json_to_string (schema, FALSE);
  g_autofree char *format = NULL;
  Result           out = { 0 };

  reframe_fake_model_server_set_structured_reply (server, REFRAME_FAKE_DRAFT_VALID);
  run_draft (f, REFRAME_HTTP_PROVIDER (ollama), &out);
  g_assert_no_error (out.error);
  g_assert_cmpuint (json_object_get_size (out.answers), ==, 9);
  format = reframe_fake_model_server_dup_last_format (server);
  g_assert_cmpstr (format, ==, schema_text);
  clear_result (&out);
  g_clear_pointer (&format, g_free);

  reframe_fake_model_server_set_structured_reply (server, REFRAME_FAKE_DRAFT_PARTIAL);
  run_draft (f, REFRAME_HTTP_PROVIDER (openai), &out);
  g_assert_no_error (out.error);
  g_assert_cmpuint (json_object_get_size (out.answers), ==, 2);
  g_assert_cmpuint (out.left_out->len, ==, 4);
  format = reframe_fake_model_server_dup_last_format (server);
  g_assert_nonnull (strstr (format, "\"json_schema\""));
  g_assert_nonnull (strstr (format, schema_text));
  clear_result (&out);

  reframe_fake_model_server_set_structured_reply (server, REFRAME_FAKE_DRAFT_INVALID);
  run_draft (f, REFRAME_HTTP_PROVIDER (ollama), &out);
  g_assert_error (out.error, REFRAME_WORKSHEET_DRAFT_ERROR, REFRAME_WORKSHEET_DRAFT_ERROR_INVALID);
  g_assert_cmpuint (json_object_get_size (out.answers), ==, 0);
  clear_result (&out);

  /* A service that fails is a provider error, with no draft at all. */
  reframe_fake_model_server_set_behaviour (server, REFRAME_FAKE_BEHAVIOUR_SERVER_ERROR);
  run_draft (f, REFRAME_HTTP_PROVIDER (ollama), &out);
  g_assert_error (out.error, REFRAME_PROVIDER_ERROR, REFRAME_PROVIDER_ERROR_SERVER_ERROR);
  g_assert_null (out.answers);
  clear_result (&out);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, data) \
  g_test_add (                \
      "/reframe/worksheet-draft/" path, Fixture, data, fixture_set_up, func, fixture_tear_down)
  ADD ("schema", test_schema, NULL);
  ADD ("schema-tables", test_schema_tables, "worry-log");
  ADD ("request-ollama", test_request_ollama, NULL);
  ADD ("request-openai", test_request_openai, NULL);
  ADD ("request-budget", test_request_budget, NULL);
  ADD ("validate-valid", test_validate_valid, NULL);
  ADD ("validate-partial", test_validate_partial, NULL);
  ADD ("validate-limits", test_validate_limits, NULL);
  ADD ("validate-invalid", test_validate_invalid, NULL);
  ADD ("crisis", test_crisis, NULL);
  ADD ("server", test_server, NULL);
#undef ADD

  return g_test_run ();
}
