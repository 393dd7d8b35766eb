/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-cli-draft.c: `reframe draft TEMPLATE --conversation latest|ID [--json]`, a worksheet
 * drafted from a conversation.
 *
 * The model is asked once, with the worksheet's schema as structured output, for what
 * the person said in the conversation; the answer is checked against the template and
 * printed as a suggestion. Nothing is saved: a draft becomes the person's worksheet only
 * when they keep it in the app. A draft that holds crisis language is not printed; the
 * crisis lines are, as for any reply. */

#define G_LOG_DOMAIN "ReframeCli"

#include "config.h"

#include "reframe-i18n.h"

#include "reframe-api-keys.h"
#include "reframe-cli-private.h"
#include "reframe-context-budget.h"
#include "reframe-conversation-repository.h"
#include "reframe-crisis-lines.h"
#include "reframe-endpoint.h"
#include "reframe-ollama-provider.h"
#include "reframe-openai-provider.h"
#include "reframe-request-log.h"
#include "reframe-store.h"
#include "reframe-system-prompt.h"
#include "reframe-template-registry.h"
#include "reframe-worksheet-draft.h"

typedef struct
{
  /* Owned */
  ReframeCliChatSettings   settings;
  ReframeStore            *store;
  ReframeTemplateRegistry *registry;
  ReframeHttpProvider     *provider;
  GListStore              *messages;
  GMainLoop               *loop;
  JsonObject              *answers;
  GPtrArray               *left_out;
  GError                  *error;

  /* Borrowed */
  ReframeTemplate *template;
  gboolean json;
} Draft;

static void
draft_clear (Draft *draft)
{
  _reframe_cli_chat_settings_clear (&draft->settings);
  g_clear_object (&draft->provider);
  g_clear_object (&draft->messages);
  g_clear_object (&draft->registry);
  g_clear_object (&draft->store);
  g_clear_pointer (&draft->loop, g_main_loop_unref);
  g_clear_pointer (&draft->answers, json_object_unref);
  g_clear_pointer (&draft->left_out, g_ptr_array_unref);
  g_clear_error (&draft->error);
}

static int
fail (const char *message)
{
  g_printerr ("reframe draft: %s\n", message);
  return EXIT_FAILURE;
}

static void
override (char      **target,
          const char *value)
{
  if (value == NULL)
    return;
  g_free (*target);
  *target = g_strdup (value);
}

/* Returns: (transfer full) (nullable): the conversation @which names: "latest" or an id. */
static ReframeConversation *
dup_conversation (ReframeStore *store,
                  const char   *which,
                  GError      **error)
{
  g_autoptr (GListModel) conversations =
      reframe_conversation_repository_list (reframe_store_get_conversations (store), error);

  if (conversations == NULL)
    return NULL;
  for (guint i = 0; i < g_list_model_get_n_items (conversations); i++)
    {
      g_autoptr (ReframeConversation) conversation = g_list_model_get_item (conversations, i);

      if (g_str_equal (which, "latest") ||
          g_str_equal (which, reframe_conversation_get_uuid (conversation)))
        return g_steal_pointer (&conversation);
    }
  if (g_str_equal (which, "latest"))
    g_set_error_literal (error,
                         G_IO_ERROR,
                         G_IO_ERROR_NOT_FOUND,
                         _ ("There is no conversation yet; talk with the companion first."));
  else
    g_set_error (
        error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _ ("There is no conversation “%s”."), which);
  return NULL;
}

static ReframeHttpProvider *
create_provider (Draft *draft)
{
  /* As `reframe chat`: the key in the environment wins, else the keyring's, else none. */
  g_autofree char *api_key = _reframe_cli_chat_settings_dup_api_key (&draft->settings);

  if (g_str_equal (draft->settings.provider, "openai"))
    return REFRAME_HTTP_PROVIDER (reframe_openai_provider_new (draft->settings.endpoint, api_key));
  return REFRAME_HTTP_PROVIDER (reframe_ollama_provider_new (draft->settings.endpoint, api_key));
}

static void
draft_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Draft *draft = user_data;

  draft->answers = reframe_worksheet_draft_request_finish (
      REFRAME_HTTP_PROVIDER (object), result, &draft->left_out, &draft->error);
  g_main_loop_quit (draft->loop);
}

static void
ask_model (Draft *draft)
{
  g_autofree char *prompt = *draft->settings.system_prompt != '\0'
                                ? g_strdup (draft->settings.system_prompt)
                                : reframe_system_prompt_dup_default ();
  g_autoptr (ReframeChatRequest) request =
      reframe_worksheet_draft_build_request (draft->template,
                                             draft->settings.model,
                                             prompt,
                                             G_LIST_MODEL (draft->messages),
                                             draft->settings.context_tokens);

  draft->loop = g_main_loop_new (NULL, FALSE);
  reframe_worksheet_draft_request_async (
      draft->provider, draft->template, request, NULL, draft_done_cb, draft);
  g_main_loop_run (draft->loop);
}

static void
list_models_done_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Draft *draft = user_data;
  g_auto (GStrv) models = reframe_model_provider_list_models_finish (
      REFRAME_MODEL_PROVIDER (object), result, &draft->error);

  if (models != NULL && models[0] != NULL)
    override (&draft->settings.model, models[0]);
  else if (models != NULL)
    g_set_error_literal (&draft->error,
                         REFRAME_PROVIDER_ERROR,
                         REFRAME_PROVIDER_ERROR_MODEL_NOT_FOUND,
                         _ ("The model service has no models; download one first."));
  g_main_loop_quit (draft->loop);
}

/* Without a model in the settings or --model, the first the service lists, as `reframe chat`. */
static gboolean
choose_model (Draft *draft)
{
  if (*draft->settings.model != '\0')
    return TRUE;
  draft->loop = g_main_loop_new (NULL, FALSE);
  reframe_model_provider_list_models_async (
      REFRAME_MODEL_PROVIDER (draft->provider), NULL, list_models_done_cb, draft);
  g_main_loop_run (draft->loop);
  g_clear_pointer (&draft->loop, g_main_loop_unref);
  return draft->error == NULL;
}

static void
log_request (Draft *draft)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (GError) error = NULL;

  /* The request log is a record for the person, not a gate. */
  if (!reframe_request_log_add (reframe_store_get_request_log (draft->store),
                                now,
                                draft->settings.endpoint,
                                draft->settings.model,
                                _reframe_cli_chat_settings_is_remote (&draft->settings),
                                "",
                                &error))
    g_warning ("Could not write the request log: %s", error->message);
}

static const char *
option_label (const ReframeTemplateField *field,
              const char                 *value)
{
  const ReframeTemplateOption *option = reframe_template_field_lookup_option (field, value);

  return option != NULL ? option->label : value;
}

static void append_value (GString                    *out,
                          const ReframeTemplateField *field,
                          JsonNode                   *node);

static void
append_row (GString                    *out,
            const ReframeTemplateField *field,
            JsonObject                 *row)
{
  GPtrArray *columns = reframe_template_field_get_columns (field);

  if (reframe_template_field_get_field_type (field) == REFRAME_FIELD_EMOTIONS)
    {
      g_string_append (out, json_object_get_string_member (row, "name"));
      if (json_object_has_member (row, "before"))
        g_string_append_printf (
            out, " (%" G_GINT64_FORMAT ")", json_object_get_int_member (row, "before"));
      return;
    }
  for (guint i = 0; columns != NULL && i < columns->len; i++)
    {
      const ReframeTemplateField *column = g_ptr_array_index (columns, i);

      if (!json_object_has_member (row, reframe_template_field_get_id (column)))
        continue;
      if (out->len > 0 && out->str[out->len - 1] != ' ')
        g_string_append (out, "; ");
      g_string_append_printf (out, "%s: ", reframe_template_field_get_label (column));
      append_value (
          out, column, json_object_get_member (row, reframe_template_field_get_id (column)));
    }
}

static void
append_value (GString                    *out,
              const ReframeTemplateField *field,
              JsonNode                   *node)
{
  JsonArray *array;

  switch (reframe_template_field_get_field_type (field))
    {
    case REFRAME_FIELD_SLIDER:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
      break;
    case REFRAME_FIELD_SINGLE_CHOICE:
      g_string_append (out, option_label (field, json_node_get_string (node)));
      break;
    case REFRAME_FIELD_MULTIPLE_CHOICE:
      array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        g_string_append_printf (out,
                                "%s%s",
                                i > 0 ? ", " : "",
                                option_label (field, json_array_get_string_element (array, i)));
      break;
    case REFRAME_FIELD_EMOTIONS:
    case REFRAME_FIELD_TABLE:
      array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autoptr (GString) row = g_string_new (NULL);

          append_row (row, field, json_array_get_object_element (array, i));
          g_string_append_printf (out, "\n  - %s", row->str);
        }
      break;
    case REFRAME_FIELD_SHORT_TEXT:
    case REFRAME_FIELD_LONG_TEXT:
    case REFRAME_FIELD_DATE_TIME:
    default:
      g_string_append (out, json_node_get_string (node));
      break;
    }
}

/* Returns: (transfer full): the labels of what was left out, in the template's words. */
static char *
dup_left_out_text (Draft *draft)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr (GPtrArray) seen = g_ptr_array_new ();
  g_auto (GStrv) names = NULL;

  for (guint i = 0; i < draft->left_out->len; i++)
    {
      const char                 *id = g_ptr_array_index (draft->left_out, i);
      const ReframeTemplateField *field = reframe_template_lookup_field (draft->template, id);

      const char *name = field != NULL ? reframe_template_field_get_label (field) : id;

      /* Two fields may share a label ("How much do you believe it?"): named once. */
      if (!g_ptr_array_find_with_equal_func (seen, name, g_str_equal, NULL))
        {
          g_ptr_array_add (seen, (gpointer) name);
          g_strv_builder_add (builder, name);
        }
    }
  names = g_strv_builder_end (builder);
  return g_strjoinv (", ", names);
}

static void
print_text (Draft *draft)
{
  GPtrArray *steps = reframe_template_get_steps (draft->template);

  g_print (_ ("%s — suggested by the companion, not saved\n"),
           reframe_template_get_title (draft->template));
  for (guint s = 0; s < steps->len; s++)
    {
      GPtrArray *fields = reframe_template_step_get_fields (g_ptr_array_index (steps, s));

      for (guint i = 0; i < fields->len; i++)
        {
          const ReframeTemplateField *field = g_ptr_array_index (fields, i);
          const char                 *id = reframe_template_field_get_id (field);
          g_autoptr (GString) value = g_string_new (NULL);

          if (!json_object_has_member (draft->answers, id))
            continue;
          append_value (value, field, json_object_get_member (draft->answers, id));
          g_print ("\n%s\n%s%s\n",
                   reframe_template_field_get_label (field),
                   value->str[0] == '\n' ? "" : "  ",
                   value->str[0] == '\n' ? value->str + 1 : value->str);
        }
    }
  if (json_object_get_size (draft->answers) == 0)
    g_print ("\n%s\n", _ ("The model suggested nothing for this worksheet."));
}

static void
print_json (Draft *draft)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) answers = json_node_init_object (json_node_alloc (), draft->answers);

  json_builder_begin_object (builder);
  _reframe_cli_add_string_member (builder, "template", reframe_template_get_id (draft->template));
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, reframe_template_get_version (draft->template));
  json_builder_set_member_name (builder, "suggested");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_set_member_name (builder, "answers");
  json_builder_add_value (builder, g_steal_pointer (&answers));
  json_builder_set_member_name (builder, "left_out");
  json_builder_begin_array (builder);
  for (guint i = 0; i < draft->left_out->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (draft->left_out, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  _reframe_cli_print_json (builder);
}

static void
print_crisis_lines (Draft *draft)
{
  g_autoptr (ReframeCrisisLines) lines = reframe_crisis_lines_new (NULL);
  const char      *country = *draft->settings.crisis_country != '\0'
                                 ? draft->settings.crisis_country
                                 : reframe_crisis_lines_default_country ();
  g_autofree char *text =
      lines != NULL ? reframe_crisis_lines_format_text (lines, country, NULL, NULL) : NULL;

  g_printerr ("%s\n", reframe_crisis_check_get_fallback_reply ());
  if (text != NULL)
    g_printerr ("%s\n", text);
}

/* Prints the draft, or what went wrong. Returns: the exit status */
static int
report (Draft *draft)
{
  g_autoptr (ReframeCrisisCheck) check = NULL;
  g_autofree char *left_out = NULL;

  if (draft->error != NULL)
    return fail (draft->error->message);
  check =
      reframe_crisis_check_new (NULL, (const char *const *) draft->settings.extra_phrases, NULL);
  if (check == NULL || reframe_worksheet_draft_check_crisis (check, draft->answers))
    {
      print_crisis_lines (draft);
      return EXIT_FAILURE;
    }
  if (draft->json)
    print_json (draft);
  else
    print_text (draft);
  if (draft->left_out->len > 0)
    {
      left_out = dup_left_out_text (draft);
      g_printerr (_ ("Left out, because the model’s answer did not fit the worksheet: %s\n"),
                  left_out);
    }
  return EXIT_SUCCESS;
}

static gboolean
load_conversation (Draft      *draft,
                   const char *data_dir,
                   const char *which,
                   GError    **error)
{
  g_autoptr (ReframeConversation) conversation = NULL;

  if ((draft->store = reframe_store_open (data_dir, error)) == NULL)
    return FALSE;
  if ((conversation = dup_conversation (draft->store, which, error)) == NULL)
    return FALSE;
  draft->messages = reframe_conversation_repository_load_messages (
      reframe_store_get_conversations (draft->store), conversation, error);
  return draft->messages != NULL;
}

static int
run (Draft      *draft,
     const char *template_id,
     const char *data_dir,
     const char *which)
{
  g_autoptr (GError) error = NULL;

  draft->registry = reframe_template_registry_new (data_dir, &error);
  if (draft->registry == NULL)
    return fail (error->message);
  draft->template = reframe_template_registry_lookup (draft->registry, template_id, 0);
  if (draft->template == NULL ||
      reframe_template_get_kind (draft->template) != REFRAME_TEMPLATE_KIND_WORKSHEET)
    {
      g_autofree char *message = g_strdup_printf (
          _ ("There is no worksheet called “%s”; run “reframe templates” to see them."),
          template_id);

      return _reframe_cli_usage_error ("draft", message);
    }
  if (!load_conversation (draft, data_dir, which, &error))
    return fail (error->message);
  draft->provider = create_provider (draft);
  if (!choose_model (draft))
    return fail (draft->error->message);
  log_request (draft);
  ask_model (draft);
  return report (draft);
}

/**
 * _reframe_cli_run_draft:
 * @argc: arguments from the command name on
 * @argv: (array length=argc): the arguments
 *
 * Returns: the exit status
 */
int
_reframe_cli_run_draft (int    argc,
                        char **argv)
{
  g_autofree char *endpoint = NULL, *provider = NULL, *model = NULL, *data_dir = NULL,
                  *which = NULL;
  Draft        draft = { 0 };
  GOptionEntry entries[] = {
    { "conversation",
      0,
      0,
      G_OPTION_ARG_STRING,
      &which,
      N_ ("The conversation to draft from: latest, or its id"),
      "latest|ID" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &draft.json, N_ ("Print the draft as JSON"), NULL },
    { "endpoint",
      0,
      0,
      G_OPTION_ARG_STRING,
      &endpoint,
      N_ ("Address of the model service"),
      "URL" },
    { "provider",
      0,
      0,
      G_OPTION_ARG_STRING,
      &provider,
      N_ ("Kind of service: ollama or openai"),
      "KIND" },
    { "model",
      0,
      0,
      G_OPTION_ARG_STRING,
      &model,
      N_ ("Model to ask (default: the first the service lists)"),
      "M" },
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, N_ ("Folder of the journal"), "DIR" },
    { NULL }
  };
  int status;

  if (!_reframe_cli_parse_options (
          "draft",
          entries,
          _ ("TEMPLATE — draft a worksheet from a conversation with the companion"),
          &argc,
          &argv,
          &status))
    return status;
  if (argc != 2)
    return _reframe_cli_usage_error (
        "draft",
        _ ("Name one worksheet, for example: reframe draft thought-record --conversation latest."));
  _reframe_cli_chat_settings_load (&draft.settings);
  override (&draft.settings.endpoint, endpoint);
  override (&draft.settings.provider, provider);
  override (&draft.settings.model, model);
  if (!g_str_equal (draft.settings.provider, "ollama") &&
      !g_str_equal (draft.settings.provider, "openai"))
    status = _reframe_cli_usage_error ("draft", _ ("The kind of service is ollama or openai."));
  else
    status = run (&draft, argv[1], data_dir, which != NULL ? which : "latest");
  draft_clear (&draft);
  reframe_api_keys_shutdown ();
  while (g_main_context_iteration (NULL, FALSE))
    ;
  return status;
}
