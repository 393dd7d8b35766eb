/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-cli-worksheets.c: `reframe worksheets`, the filled-in worksheets and
 * questionnaires, most recently saved first.
 *
 * Every argument is checked before the journal is opened, so bad input never creates
 * or changes a file. Exit status: 0 done, 1 the journal failed, 2 bad usage.
 */

#define G_LOG_DOMAIN "ReframeCliWorksheets"

#include "config.h"

#include "reframe-i18n.h"
#include <json-glib/json-glib.h>
#include <string.h>

#include "reframe-cli-private.h"
#include "reframe-store.h"
#include "reframe-template-registry.h"
#include "reframe-worksheet-repository.h"

#define EXIT_USAGE 2

static int
usage_error (const char *message)
{
  g_printerr ("reframe worksheets: %s\n", message);
  g_printerr ("%s\n", _ ("Run “reframe worksheets --help” to see its options."));
  return EXIT_USAGE;
}

static gboolean
template_id_is_valid (const char *id)
{
  return *id != '\0' && strlen (id) <= 100 &&
         strspn (id, "abcdefghijklmnopqrstuvwxyz0123456789-_.") == strlen (id);
}

/* The template's title in the version the answers follow, or its id when Reframe no
 * longer has it. */
static const char *
template_title (ReframeTemplateRegistry *registry,
                ReframeWorksheet        *worksheet)
{
  ReframeTemplate *template = NULL;

  if (registry != NULL)
    template =
        reframe_template_registry_lookup (registry,
                                          reframe_worksheet_get_template_id (worksheet),
                                          reframe_worksheet_get_template_version (worksheet));
  if (template == NULL && registry != NULL)
    template = reframe_template_registry_lookup (
        registry, reframe_worksheet_get_template_id (worksheet), 0);
  return template ? reframe_template_get_title (template)
                  : reframe_worksheet_get_template_id (worksheet);
}

static void
add_worksheet_json (JsonBuilder             *builder,
                    ReframeTemplateRegistry *registry,
                    ReframeWorksheet        *worksheet)
{
  g_autoptr (JsonNode) answers =
      json_node_init_object (json_node_alloc (), reframe_worksheet_get_answers (worksheet));
  int score = reframe_worksheet_get_score (worksheet);

  json_builder_begin_object (builder);
  _reframe_cli_add_string_member (builder, "uuid", reframe_worksheet_get_uuid (worksheet));
  _reframe_cli_add_string_member (
      builder, "template_id", reframe_worksheet_get_template_id (worksheet));
  json_builder_set_member_name (builder, "template_version");
  json_builder_add_int_value (builder, reframe_worksheet_get_template_version (worksheet));
  _reframe_cli_add_string_member (builder, "title", template_title (registry, worksheet));
  _reframe_cli_add_string_member (
      builder,
      "status",
      reframe_worksheet_get_status (worksheet) == REFRAME_WORKSHEET_COMPLETED ? "completed"
                                                                              : "draft");
  json_builder_set_member_name (builder, "score");
  if (score >= 0)
    json_builder_add_int_value (builder, score);
  else
    json_builder_add_null_value (builder);
  _reframe_cli_add_string_member (builder, "band", reframe_worksheet_get_band (worksheet));
  _reframe_cli_add_string_member (
      builder, "assignment_uuid", reframe_worksheet_get_assignment_uuid (worksheet));
  json_builder_set_member_name (builder, "private");
  json_builder_add_boolean_value (builder, reframe_worksheet_get_private (worksheet));
  _reframe_cli_add_time_member (builder, "created", reframe_worksheet_get_created (worksheet));
  _reframe_cli_add_time_member (builder, "updated", reframe_worksheet_get_updated (worksheet));
  _reframe_cli_add_time_member (
      builder, "completed_at", reframe_worksheet_get_completed_at (worksheet));
  json_builder_set_member_name (builder, "answers");
  json_builder_add_value (builder, g_steal_pointer (&answers));
  json_builder_end_object (builder);
}

static void
print_json (GListModel              *worksheets,
            ReframeTemplateRegistry *registry)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (worksheets); i++)
    {
      g_autoptr (ReframeWorksheet) worksheet = g_list_model_get_item (worksheets, i);

      add_worksheet_json (builder, registry, worksheet);
    }
  json_builder_end_array (builder);

  _reframe_cli_print_json (builder);
}

static void
print_line (ReframeWorksheet        *worksheet,
            ReframeTemplateRegistry *registry)
{
  g_autoptr (GDateTime) local = g_date_time_to_local (reframe_worksheet_get_updated (worksheet));
  g_autofree char *when = g_date_time_format (local, "%Y-%m-%d %H:%M");
  g_autoptr (GString) line = g_string_new (NULL);
  int score = reframe_worksheet_get_score (worksheet);

  g_string_append_printf (line, "%s  %s  ", when, template_title (registry, worksheet));
  if (reframe_worksheet_get_status (worksheet) == REFRAME_WORKSHEET_COMPLETED)
    /* Translators: a worksheet's state in `reframe worksheets`, after its day and title:
     * "completed" or "draft" */
    g_string_append (line, _ ("completed"));
  else
    g_string_append (line, _ ("draft"));
  if (score >= 0 && reframe_worksheet_get_band (worksheet) != NULL)
    /* Translators: a questionnaire's total score, then its band ("moderate"); keep the two spaces
     * in front */
    g_string_append_printf (
        line, _ ("  score %d (%s)"), score, reframe_worksheet_get_band (worksheet));
  else if (score >= 0)
    g_string_append_printf (line, _ ("  score %d"), score);
  if (reframe_worksheet_get_private (worksheet))
    g_string_append (line, _ ("  (private)"));
  g_print ("%s\n", line->str);
}

static void
print_text (GListModel              *worksheets,
            ReframeTemplateRegistry *registry)
{
  guint n = g_list_model_get_n_items (worksheets);

  if (n == 0)
    g_print ("%s\n", _ ("No worksheets."));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (ReframeWorksheet) worksheet = g_list_model_get_item (worksheets, i);

      print_line (worksheet, registry);
    }
}

int
_reframe_cli_run_worksheets (int    argc,
                             char **argv)
{
  g_autofree char *data_dir = NULL, *template_id = NULL;
  gboolean         json = FALSE;
  GOptionEntry     entries[] = {
        { "template",
          't',
          0,
          G_OPTION_ARG_STRING,
          &template_id,
          N_ ("Only the worksheets of this template (see “reframe templates”)"),
          "ID" },
        { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print JSON"), NULL },
        { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, N_ ("Folder of the journal"), "DIR" },
        { NULL }
  };
  g_autoptr (GOptionContext) context = _reframe_cli_option_context_new (NULL);
  g_autoptr (ReframeTemplateRegistry) registry = NULL;
  g_autoptr (ReframeStore) store = NULL;
  g_autoptr (GListModel) worksheets = NULL;
  g_autoptr (GError) error = NULL;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      _reframe_cli_explain_option_error (error, argc, argv);
      return usage_error (error->message);
    }
  if (argc > 1)
    return usage_error (_ ("Unexpected argument."));
  if (template_id != NULL && !template_id_is_valid (template_id))
    return usage_error (_ ("Template names are made of lower-case letters, digits and dashes, such "
                           "as “thought-record”."));

  /* Only for titles: the list still prints, with template names, if it fails. */
  registry = reframe_template_registry_new (data_dir, NULL);
  if (template_id != NULL && registry != NULL &&
      reframe_template_registry_lookup (registry, template_id, 0) == NULL)
    {
      g_autofree char *message = g_strdup_printf (
          _ ("There is no template called “%s”; run “reframe templates” to see them."),
          template_id);
      return usage_error (message);
    }

  if ((store = reframe_store_open (data_dir, &error)) == NULL ||
      (worksheets = reframe_worksheet_repository_list (
           reframe_store_get_worksheets (store), template_id, &error)) == NULL)
    {
      g_printerr ("reframe: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (json)
    print_json (worksheets, registry);
  else
    print_text (worksheets, registry);
  return EXIT_SUCCESS;
}
