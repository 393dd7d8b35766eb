/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-worksheet-draft.c: a worksheet drafted by the model from a conversation, through
 * structured output.
 *
 * The template gives a JSON schema (no field required, so the model may leave out what
 * the person did not say); the model is asked once, not streamed, with that schema as
 * Ollama's "format" or OpenAI's "response_format"; the answer is checked against the
 * template field by field, and what does not fit is left out and named. */

#define G_LOG_DOMAIN "ReframeWorksheetDraft"

#include "config.h"

#include "reframe-i18n.h"

#include <string.h>

#include "reframe-chat-message.h"
#include "reframe-context-budget.h"
#include "reframe-ollama-provider.h"
#include "reframe-worksheet-draft.h"

G_DEFINE_QUARK (reframe - worksheet - draft - error - quark, reframe_worksheet_draft_error)

typedef struct
{
  ReframeTemplate *template;
  ReframeChatRequest *request;
  gboolean            ollama;
} DraftTask;

static void add_field_schema (JsonBuilder                *builder,
                              const ReframeTemplateField *field);

static void
draft_task_free (gpointer data)
{
  DraftTask *task = data;

  g_clear_object (&task->template);
  g_clear_pointer (&task->request, reframe_chat_request_unref);
  g_free (task);
}

/* Whether the schema asks for @field: dates and times are the person's to give, not a
 * model's guess. */
static gboolean
is_drafted (const ReframeTemplateField *field)
{
  return reframe_template_field_get_field_type (field) != REFRAME_FIELD_DATE_TIME;
}

static void
add_range (JsonBuilder                *builder,
           const ReframeTemplateField *field)
{
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "integer");
  json_builder_set_member_name (builder, "minimum");
  json_builder_add_int_value (builder, reframe_template_field_get_min (field));
  json_builder_set_member_name (builder, "maximum");
  json_builder_add_int_value (builder, reframe_template_field_get_max (field));
}

static void
add_enum (JsonBuilder                *builder,
          const ReframeTemplateField *field)
{
  GPtrArray *options = reframe_template_field_get_options (field);

  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "string");
  json_builder_set_member_name (builder, "enum");
  json_builder_begin_array (builder);
  for (guint i = 0; options != NULL && i < options->len; i++)
    json_builder_add_string_value (
        builder, ((ReframeTemplateOption *) g_ptr_array_index (options, i))->value);
  json_builder_end_array (builder);
}

static void
add_emotion_items (JsonBuilder                *builder,
                   const ReframeTemplateField *field)
{
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "object");
  json_builder_set_member_name (builder, "properties");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "string");
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "before");
  json_builder_begin_object (builder);
  add_range (builder, field);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "additionalProperties");
  json_builder_add_boolean_value (builder, FALSE);
}

static void
add_table_items (JsonBuilder                *builder,
                 const ReframeTemplateField *field)
{
  GPtrArray *columns = reframe_template_field_get_columns (field);

  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "object");
  json_builder_set_member_name (builder, "properties");
  json_builder_begin_object (builder);
  for (guint i = 0; columns != NULL && i < columns->len; i++)
    {
      const ReframeTemplateField *column = g_ptr_array_index (columns, i);

      if (!is_drafted (column) ||
          reframe_template_field_get_field_type (column) == REFRAME_FIELD_TABLE)
        continue;
      json_builder_set_member_name (builder, reframe_template_field_get_id (column));
      add_field_schema (builder, column);
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "additionalProperties");
  json_builder_add_boolean_value (builder, FALSE);
}

static void
add_array (JsonBuilder                *builder,
           const ReframeTemplateField *field,
           void (*add_items) (JsonBuilder *, const ReframeTemplateField *))
{
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "array");
  json_builder_set_member_name (builder, "maxItems");
  json_builder_add_int_value (builder, REFRAME_WORKSHEET_DRAFT_MAX_ROWS);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_object (builder);
  add_items (builder, field);
  json_builder_end_object (builder);
}

static void
add_text (JsonBuilder *builder,
          int          max_length)
{
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "string");
  json_builder_set_member_name (builder, "maxLength");
  json_builder_add_int_value (builder, max_length);
}

static void
add_field_schema (JsonBuilder                *builder,
                  const ReframeTemplateField *field)
{
  const char *label = reframe_template_field_get_label (field);

  json_builder_begin_object (builder);
  if (label != NULL)
    {
      json_builder_set_member_name (builder, "description");
      json_builder_add_string_value (builder, label);
    }
  switch (reframe_template_field_get_field_type (field))
    {
    case REFRAME_FIELD_SHORT_TEXT:
      add_text (builder, REFRAME_WORKSHEET_DRAFT_SHORT_TEXT_MAX);
      break;
    case REFRAME_FIELD_LONG_TEXT:
      add_text (builder, REFRAME_WORKSHEET_DRAFT_LONG_TEXT_MAX);
      break;
    case REFRAME_FIELD_SINGLE_CHOICE:
      add_enum (builder, field);
      break;
    case REFRAME_FIELD_MULTIPLE_CHOICE:
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, "array");
      json_builder_set_member_name (builder, "items");
      json_builder_begin_object (builder);
      add_enum (builder, field);
      json_builder_end_object (builder);
      break;
    case REFRAME_FIELD_SLIDER:
      add_range (builder, field);
      break;
    case REFRAME_FIELD_EMOTIONS:
      add_array (builder, field, add_emotion_items);
      break;
    case REFRAME_FIELD_TABLE:
      add_array (builder, field, add_table_items);
      break;
    case REFRAME_FIELD_DATE_TIME:
    default:
      g_assert_not_reached ();
    }
  json_builder_end_object (builder);
}

/**
 * reframe_worksheet_draft_dup_schema:
 * @template: a worksheet template
 *
 * The JSON schema of @template's answers as a model may suggest them: one property per
 * field (text, choice, scale, emotions and table fields; dates are left to the person),
 * none required, nothing else allowed.
 *
 * Returns: (transfer full): the schema
 */
JsonNode *
reframe_worksheet_draft_dup_schema (ReframeTemplate *template)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  GPtrArray *steps;

  g_return_val_if_fail (REFRAME_IS_TEMPLATE (template), NULL);

  steps = reframe_template_get_steps (template);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "object");
  json_builder_set_member_name (builder, "properties");
  json_builder_begin_object (builder);
  for (guint s = 0; s < steps->len; s++)
    {
      GPtrArray *fields = reframe_template_step_get_fields (g_ptr_array_index (steps, s));

      for (guint i = 0; i < fields->len; i++)
        {
          const ReframeTemplateField *field = g_ptr_array_index (fields, i);

          if (!is_drafted (field))
            continue;
          json_builder_set_member_name (builder, reframe_template_field_get_id (field));
          add_field_schema (builder, field);
        }
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "required");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "additionalProperties");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static const char *
message_text (guint    index,
              gpointer user_data)
{
  g_autoptr (ReframeChatMessage) message = g_list_model_get_item (G_LIST_MODEL (user_data), index);
  const char *content = reframe_chat_message_get_content (message);

  if (content == NULL || *content == '\0' ||
      reframe_chat_message_get_status (message) == REFRAME_CHAT_MESSAGE_FAILED)
    return NULL;
  /* The list holds the message, so the text outlives this reference. */
  return content;
}

static char *
dup_instruction (ReframeTemplate *template)
{
  /* TRANSLATORS: the instruction to the model; %s is the worksheet's title ("Thought Record"). */
  return g_strdup_printf (_ ("Fill in the worksheet “%s” from what the person said in this "
                             "conversation, in their own words. Leave out every field they "
                             "did not talk about; do not guess or add anything. Answer only "
                             "with the JSON object."),
                          reframe_template_get_title (template));
}

/**
 * reframe_worksheet_draft_build_request:
 * @template: the worksheet to draft
 * @model: the model to ask
 * @system_prompt: the companion's system prompt with the safety rules
 * @messages: the conversation, a list of #ReframeChatMessage, oldest first
 * @context_tokens: the model's context; 0 for the default
 *
 * The request for a draft: the system prompt first, always; then the instruction; then
 * the newest turns of the conversation that fit the context beside room for the answer.
 *
 * Returns: (transfer full): the request
 */
ReframeChatRequest *
reframe_worksheet_draft_build_request (ReframeTemplate *template,
                                       const char *model,
                                       const char *system_prompt,
                                       GListModel *messages,
                                       guint       context_tokens)
{
  g_autoptr (ReframeChatRequest) request = NULL;
  g_autoptr (ReframeContextBudget) budget = NULL;
  g_autofree char  *instruction = NULL;
  guint             n, fixed;
  ReframeContextFit fit;

  g_return_val_if_fail (REFRAME_IS_TEMPLATE (template), NULL);
  g_return_val_if_fail (model != NULL && system_prompt != NULL, NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (messages), NULL);

  instruction = dup_instruction (template);
  n = g_list_model_get_n_items (messages);
  budget = reframe_context_budget_new (context_tokens != 0 ? context_tokens
                                                           : REFRAME_CONTEXT_BUDGET_DEFAULT_TOKENS);
  fixed = reframe_context_budget_estimate_message (system_prompt) +
          reframe_context_budget_estimate_message (instruction);
  reframe_context_budget_fit (budget, fixed, n, message_text, messages, 0, &fit);

  request = reframe_chat_request_new (model);
  reframe_chat_request_set_context_tokens (request,
                                           reframe_context_budget_get_context_tokens (budget));
  reframe_chat_request_add_message (request, "system", system_prompt);
  reframe_chat_request_add_message (request, "system", instruction);
  for (guint i = fit.first_kept; i < n; i++)
    {
      g_autoptr (ReframeChatMessage) message = g_list_model_get_item (messages, i);
      const char *text = message_text (i, messages);

      if (text != NULL)
        reframe_chat_request_add_message (
            request,
            reframe_chat_message_get_role (message) == REFRAME_CHAT_ROLE_USER ? "user"
                                                                              : "assistant",
            text);
    }
  return g_steal_pointer (&request);
}

static void
add_response_format (JsonObject *body,
                     JsonNode   *schema)
{
  JsonObject *format = json_object_new ();
  JsonObject *json_schema = json_object_new ();

  json_object_set_string_member (json_schema, "name", "worksheet");
  json_object_set_member (json_schema, "schema", schema);
  /* OpenAI's strict mode wants every property required; a draft may be partial. */
  json_object_set_boolean_member (json_schema, "strict", FALSE);
  json_object_set_string_member (format, "type", "json_schema");
  json_object_set_object_member (format, "json_schema", json_schema);
  json_object_set_object_member (body, "response_format", format);
}

/**
 * reframe_worksheet_draft_request_to_json:
 * @request: a request from reframe_worksheet_draft_build_request()
 * @template: the worksheet drafted
 * @ollama: whether the service is Ollama (else OpenAI-compatible)
 *
 * The request's body, not streamed, with the schema of @template as Ollama's "format"
 * (and options.num_ctx) or as OpenAI's "response_format" json_schema.
 *
 * Returns: (transfer full): the JSON text
 */
GBytes *
reframe_worksheet_draft_request_to_json (ReframeChatRequest *request,
                                         ReframeTemplate *template,
                                         gboolean ollama)
{
  g_autoptr (GBytes) chat = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (JsonNode) schema = NULL;
  JsonObject *body;
  char       *text;

  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (REFRAME_IS_TEMPLATE (template), NULL);

  chat = reframe_chat_request_to_json_full (request, ollama);
  if (!json_parser_load_from_data (
          parser, g_bytes_get_data (chat, NULL), g_bytes_get_size (chat), NULL))
    g_assert_not_reached ();
  body = json_node_get_object (json_parser_get_root (parser));
  json_object_set_boolean_member (body, "stream", FALSE);
  schema = reframe_worksheet_draft_dup_schema (template);
  if (ollama)
    json_object_set_member (body, "format", g_steal_pointer (&schema));
  else
    add_response_format (body, g_steal_pointer (&schema));
  text = json_to_string (json_parser_get_root (parser), FALSE);
  return g_bytes_new_take (text, strlen (text));
}

static void
set_invalid (GError **error)
{
  g_set_error_literal (error,
                       REFRAME_WORKSHEET_DRAFT_ERROR,
                       REFRAME_WORKSHEET_DRAFT_ERROR_INVALID,
                       _ ("The model’s answer could not be read as a worksheet. Try again, or fill "
                          "in the worksheet yourself."));
}

/**
 * reframe_worksheet_draft_parse_reply:
 * @body: a non-streamed chat reply
 * @ollama: whether it is Ollama's ({"message": {"content"}}) or OpenAI's
 *   ({"choices": [{"message": {"content"}}]})
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the reply's text
 */
char *
reframe_worksheet_draft_parse_reply (GBytes  *body,
                                     gboolean ollama,
                                     GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *root, *message = NULL;
  JsonArray  *choices;
  const char *content;

  g_return_val_if_fail (body != NULL, NULL);

  if (!json_parser_load_from_data (
          parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      set_invalid (error);
      return NULL;
    }
  root = json_node_get_object (json_parser_get_root (parser));
  if (ollama && json_object_has_member (root, "message") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "message")))
    message = json_object_get_object_member (root, "message");
  else if (!ollama && json_object_has_member (root, "choices") &&
           JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, "choices")))
    {
      choices = json_object_get_array_member (root, "choices");
      if (json_array_get_length (choices) > 0 &&
          JSON_NODE_HOLDS_OBJECT (json_array_get_element (choices, 0)))
        message =
            json_object_get_object_member (json_array_get_object_element (choices, 0), "message");
    }
  content = message != NULL ? json_object_get_string_member_with_default (message, "content", NULL)
                            : NULL;
  if (content == NULL)
    {
      set_invalid (error);
      return NULL;
    }
  return g_strdup (content);
}

/* Returns: (transfer full) (nullable): @node's text trimmed, at most @max characters. */
static char *
dup_text (JsonNode *node,
          glong     max)
{
  g_autofree char *text = NULL;
  const char      *value;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  value = json_node_get_string (node);
  if (value == NULL || !g_utf8_validate (value, -1, NULL))
    return NULL;
  text = g_strstrip (g_strdup (value));
  if (*text == '\0')
    return NULL;
  if (g_utf8_strlen (text, -1) > max)
    *g_utf8_offset_to_pointer (text, max) = '\0';
  return g_steal_pointer (&text);
}

static gboolean
get_int (JsonNode *node,
         int       min,
         int       max,
         int      *out)
{
  double value;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    value = json_node_get_int (node);
  else if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    value = json_node_get_double (node);
  else
    return FALSE;
  if (value != (int) value || value < min || value > max)
    return FALSE;
  *out = (int) value;
  return TRUE;
}

static JsonNode *validate_field (const ReframeTemplateField *field,
                                 JsonNode                   *node);

static JsonNode *
validate_choices (const ReframeTemplateField *field,
                  JsonNode                   *node)
{
  g_autoptr (JsonArray) kept = json_array_new ();
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode   *item = json_array_get_element (array, i);
      const char *value =
          JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING
              ? json_node_get_string (item)
              : NULL;

      if (value != NULL && reframe_template_field_lookup_option (field, value) != NULL)
        json_array_add_string_element (kept, value);
    }
  if (json_array_get_length (kept) == 0)
    return NULL;
  return json_node_init_array (json_node_alloc (), kept);
}

static JsonObject *
validate_emotion (const ReframeTemplateField *field,
                  JsonObject                 *row)
{
  g_autofree char *name = NULL;
  JsonObject      *kept;
  int              before;

  if (!json_object_has_member (row, "name"))
    return NULL;
  name = dup_text (json_object_get_member (row, "name"), REFRAME_WORKSHEET_DRAFT_SHORT_TEXT_MAX);
  if (name == NULL)
    return NULL;
  kept = json_object_new ();
  json_object_set_string_member (kept, "name", name);
  if (json_object_has_member (row, "before") && get_int (json_object_get_member (row, "before"),
                                                         reframe_template_field_get_min (field),
                                                         reframe_template_field_get_max (field),
                                                         &before))
    json_object_set_int_member (kept, "before", before);
  return kept;
}

static JsonObject *
validate_table_row (const ReframeTemplateField *field,
                    JsonObject                 *row)
{
  g_autoptr (JsonObject) kept = json_object_new ();
  GPtrArray *columns = reframe_template_field_get_columns (field);

  for (guint i = 0; columns != NULL && i < columns->len; i++)
    {
      const ReframeTemplateField *column = g_ptr_array_index (columns, i);
      const char                 *id = reframe_template_field_get_id (column);
      JsonNode                   *value;

      if (!is_drafted (column) ||
          reframe_template_field_get_field_type (column) == REFRAME_FIELD_TABLE ||
          !json_object_has_member (row, id))
        continue;
      value = validate_field (column, json_object_get_member (row, id));
      if (value != NULL)
        json_object_set_member (kept, id, value);
    }
  return json_object_get_size (kept) > 0 ? g_steal_pointer (&kept) : NULL;
}

static JsonNode *
validate_rows (const ReframeTemplateField *field,
               JsonNode                   *node)
{
  g_autoptr (JsonArray) kept = json_array_new ();
  JsonArray *array;
  gboolean   emotions = reframe_template_field_get_field_type (field) == REFRAME_FIELD_EMOTIONS;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array) &&
                    json_array_get_length (kept) < REFRAME_WORKSHEET_DRAFT_MAX_ROWS;
       i++)
    {
      JsonNode   *item = json_array_get_element (array, i);
      JsonObject *row;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        continue;
      row = emotions ? validate_emotion (field, json_node_get_object (item))
                     : validate_table_row (field, json_node_get_object (item));
      if (row != NULL)
        json_array_add_object_element (kept, row);
    }
  if (json_array_get_length (kept) == 0)
    return NULL;
  return json_node_init_array (json_node_alloc (), kept);
}

/* Returns: (transfer full) (nullable): the valid part of @node as @field's answer. */
static JsonNode *
validate_field (const ReframeTemplateField *field,
                JsonNode                   *node)
{
  JsonNode *result;
  char     *text;
  int       value;

  switch (reframe_template_field_get_field_type (field))
    {
    case REFRAME_FIELD_SHORT_TEXT:
    case REFRAME_FIELD_LONG_TEXT:
      text = dup_text (node,
                       reframe_template_field_get_field_type (field) == REFRAME_FIELD_SHORT_TEXT
                           ? REFRAME_WORKSHEET_DRAFT_SHORT_TEXT_MAX
                           : REFRAME_WORKSHEET_DRAFT_LONG_TEXT_MAX);
      if (text == NULL)
        return NULL;
      result = json_node_init_string (json_node_alloc (), text);
      g_free (text);
      return result;
    case REFRAME_FIELD_SINGLE_CHOICE:
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
          reframe_template_field_lookup_option (field, json_node_get_string (node)) == NULL)
        return NULL;
      return json_node_copy (node);
    case REFRAME_FIELD_MULTIPLE_CHOICE:
      return validate_choices (field, node);
    case REFRAME_FIELD_SLIDER:
      if (!get_int (node,
                    reframe_template_field_get_min (field),
                    reframe_template_field_get_max (field),
                    &value))
        return NULL;
      return json_node_init_int (json_node_alloc (), value);
    case REFRAME_FIELD_EMOTIONS:
    case REFRAME_FIELD_TABLE:
      return validate_rows (field, node);
    case REFRAME_FIELD_DATE_TIME:
    default:
      return NULL;
    }
}

/* The field of @template whose answer @id is, when the model may suggest it. */
static const ReframeTemplateField *
lookup_drafted_field (ReframeTemplate *template,
                      const char *id)
{
  const ReframeTemplateField *field = reframe_template_lookup_field (template, id);

  return field != NULL && is_drafted (field) ? field : NULL;
}

/**
 * reframe_worksheet_draft_validate:
 * @template: the worksheet drafted
 * @reply: the model's answer, a JSON object
 * @left_out: (out) (optional) (transfer full): the names the answer gave to what could
 *   not be used: field ids, or whatever else the model wrote
 * @error: return location for a #GError
 *
 * Keeps the part of @reply that @template accepts: unknown fields and answers of the
 * wrong type are dropped, text is trimmed to the field's limit. A reply that is not a
 * JSON object sets %REFRAME_WORKSHEET_DRAFT_ERROR_INVALID and still returns an empty draft.
 *
 * Returns: (transfer full): the answers to suggest, perhaps empty
 */
JsonObject *
reframe_worksheet_draft_validate (ReframeTemplate *template,
                                  const char *reply,
                                  GPtrArray **left_out,
                                  GError    **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (JsonObject) answers = json_object_new ();
  JsonObjectIter iter;
  const char    *id;
  JsonNode      *node;

  g_return_val_if_fail (REFRAME_IS_TEMPLATE (template), NULL);

  if (reply == NULL || !json_parser_load_from_data (parser, reply, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      set_invalid (error);
      if (left_out != NULL)
        *left_out = g_steal_pointer (&names);
      return g_steal_pointer (&answers);
    }
  json_object_iter_init (&iter, json_node_get_object (json_parser_get_root (parser)));
  while (json_object_iter_next (&iter, &id, &node))
    {
      const ReframeTemplateField *field = lookup_drafted_field (template, id);
      JsonNode                   *value = field != NULL ? validate_field (field, node) : NULL;

      if (value != NULL)
        json_object_set_member (answers, id, value);
      else if (!JSON_NODE_HOLDS_NULL (node))
        g_ptr_array_add (names, g_strdup (id));
    }
  if (left_out != NULL)
    *left_out = g_steal_pointer (&names);
  return g_steal_pointer (&answers);
}

static void
append_text (GString  *text,
             JsonNode *node)
{
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    g_string_append_printf (text, "%s\n", json_node_get_string (node));
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        append_text (text, json_array_get_element (array, i));
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      JsonNode      *member;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, NULL, &member))
        append_text (text, member);
    }
}

/**
 * reframe_worksheet_draft_dup_text:
 * @answers: drafted answers
 *
 * Returns: (transfer full): every text of @answers, one a line, for the crisis check
 */
char *
reframe_worksheet_draft_dup_text (JsonObject *answers)
{
  g_autoptr (JsonNode) node = json_node_init_object (json_node_alloc (), answers);
  GString *text = g_string_new (NULL);

  append_text (text, node);
  return g_string_free (text, FALSE);
}

/**
 * reframe_worksheet_draft_check_crisis:
 * @check: the crisis check
 * @answers: drafted answers
 *
 * Checks a draft's text on this computer both ways: as any reply of the model (what a
 * reply must never say) and as the person's own words (crisis language), since a draft
 * quotes what the person said.
 *
 * Returns: whether the draft holds crisis language or what a reply must not say
 */
gboolean
reframe_worksheet_draft_check_crisis (ReframeCrisisCheck *check,
                                      JsonObject         *answers)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (check != NULL, FALSE);
  g_return_val_if_fail (answers != NULL, FALSE);

  text = reframe_worksheet_draft_dup_text (answers);
  return reframe_crisis_check_reply (check, text) != REFRAME_CRISIS_CATEGORY_NONE ||
         reframe_crisis_check_message (check, text, NULL) != REFRAME_CRISIS_CATEGORY_NONE;
}

static void
post_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  DraftTask *data = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) body =
      reframe_http_provider_post_chat_finish (REFRAME_HTTP_PROVIDER (object), result, &error);
  g_autofree char *reply = NULL;

  if (body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  reply = reframe_worksheet_draft_parse_reply (body, data->ollama, &error);
  if (reply == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_steal_pointer (&reply), g_free);
}

/**
 * reframe_worksheet_draft_request_async:
 * @provider: the model service
 * @template: the worksheet to draft
 * @request: from reframe_worksheet_draft_build_request()
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the answer
 * @user_data: data for @callback
 *
 * Asks the model for a draft of @template, once and not streamed.
 */
void
reframe_worksheet_draft_request_async (ReframeHttpProvider *provider,
                                       ReframeTemplate *template,
                                       ReframeChatRequest *request,
                                       GCancellable       *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GBytes) body = NULL;
  DraftTask *data;

  g_return_if_fail (REFRAME_IS_HTTP_PROVIDER (provider));
  g_return_if_fail (REFRAME_IS_TEMPLATE (template));
  g_return_if_fail (request != NULL);

  task = g_task_new (provider, cancellable, callback, user_data);
  g_task_set_source_tag (task, reframe_worksheet_draft_request_async);
  data = g_new0 (DraftTask, 1);
  data->template = g_object_ref (template);
  data->request = reframe_chat_request_ref (request);
  data->ollama = REFRAME_IS_OLLAMA_PROVIDER (provider);
  g_task_set_task_data (task, data, draft_task_free);
  body = reframe_worksheet_draft_request_to_json (request, template, data->ollama);
  reframe_http_provider_post_chat_async (provider,
                                         body,
                                         reframe_chat_request_get_model (request),
                                         cancellable,
                                         post_done_cb,
                                         g_steal_pointer (&task));
}

/**
 * reframe_worksheet_draft_request_finish:
 * @provider: the model service
 * @result: the result given to the callback
 * @left_out: (out) (optional) (transfer full): what the answer held that could not be used
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the validated answers; %NULL when the service
 *   failed; an empty object with @error set when the answer was not a worksheet
 */
JsonObject *
reframe_worksheet_draft_request_finish (ReframeHttpProvider *provider,
                                        GAsyncResult        *result,
                                        GPtrArray          **left_out,
                                        GError             **error)
{
  g_autofree char *reply = NULL;
  DraftTask       *data;

  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  if (left_out != NULL)
    *left_out = NULL;
  data = g_task_get_task_data (G_TASK (result));
  reply = g_task_propagate_pointer (G_TASK (result), error);
  if (reply == NULL)
    return NULL;
  return reframe_worksheet_draft_validate (data->template, reply, left_out, error);
}
