/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-cli-templates.c: `reframe templates`, the worksheet and questionnaire templates Reframe
 * knows.
 *
 * Lists the newest version of each template, built-ins first, then the imported ones,
 * and names any imported file that could not be read. Nothing is written.
 * Exit status: 0 done, 1 the templates could not be read, 2 bad usage.
 */

#define G_LOG_DOMAIN "ReframeCliTemplates"

#include "config.h"

#include "reframe-i18n.h"
#include <json-glib/json-glib.h>

#include "reframe-cli-private.h"
#include "reframe-template-registry.h"

#define EXIT_USAGE 2

static const char *
kind_key (ReframeTemplateKind kind)
{
  return kind == REFRAME_TEMPLATE_KIND_QUESTIONNAIRE ? "questionnaire" : "worksheet";
}

static void
add_template_json (JsonBuilder             *builder,
                   ReframeTemplateRegistry *registry,
                   ReframeTemplate *template)
{
  GPtrArray *versions =
      reframe_template_registry_get_versions (registry, reframe_template_get_id (template));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, reframe_template_get_id (template));
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, reframe_template_get_version (template));
  json_builder_set_member_name (builder, "versions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < versions->len; i++)
    json_builder_add_int_value (builder,
                                reframe_template_get_version (g_ptr_array_index (versions, i)));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, kind_key (reframe_template_get_kind (template)));
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, reframe_template_get_title (template));
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, reframe_template_get_description (template));
  json_builder_set_member_name (builder, "builtin");
  json_builder_add_boolean_value (builder, reframe_template_get_builtin (template));
  json_builder_set_member_name (builder, "steps");
  json_builder_add_int_value (builder, reframe_template_get_steps (template)->len);
  json_builder_end_object (builder);
}

static void
print_json (ReframeTemplateRegistry *registry)
{
  GListModel *templates = reframe_template_registry_get_templates (registry);
  GPtrArray  *problems = reframe_template_registry_get_problems (registry);
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "templates");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (templates); i++)
    {
      g_autoptr (ReframeTemplate) template = g_list_model_get_item (templates, i);

      add_template_json (builder, registry, template);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "problems");
  json_builder_begin_array (builder);
  for (guint i = 0; i < problems->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (problems, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  _reframe_cli_print_json (builder);
}

static void
print_text (ReframeTemplateRegistry *registry)
{
  GListModel *templates = reframe_template_registry_get_templates (registry);
  GPtrArray  *problems = reframe_template_registry_get_problems (registry);

  for (guint i = 0; i < g_list_model_get_n_items (templates); i++)
    {
      g_autoptr (ReframeTemplate) template = g_list_model_get_item (templates, i);
      const char *kind = reframe_template_get_kind (template) == REFRAME_TEMPLATE_KIND_QUESTIONNAIRE
                             ? C_ ("template kind", "questionnaire")
                             : C_ ("template kind", "worksheet");
      const char *origin = reframe_template_get_builtin (template)
                               ? C_ ("template origin", "built-in")
                               : C_ ("template origin", "imported");

      /* Translators: id, version, title, then "worksheet"/"questionnaire" and
       * "built-in"/"imported". */
      g_print (_ ("%-24s v%-3u %s (%s, %s)\n"),
               reframe_template_get_id (template),
               reframe_template_get_version (template),
               reframe_template_get_title (template),
               kind,
               origin);
    }
  for (guint i = 0; i < problems->len; i++)
    g_printerr (_ ("Skipped: %s\n"), (const char *) g_ptr_array_index (problems, i));
}

int
_reframe_cli_run_templates (int    argc,
                            char **argv)
{
  g_autofree char *data_dir = NULL;
  gboolean         json = FALSE;
  GOptionEntry     entries[] = {
        { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print JSON"), NULL },
        { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, N_ ("Folder of the journal"), "DIR" },
        { NULL }
  };
  g_autoptr (GOptionContext) context = _reframe_cli_option_context_new (NULL);
  g_autoptr (ReframeTemplateRegistry) registry = NULL;
  g_autoptr (GError) error = NULL;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc > 1)
    {
      g_printerr ("reframe templates: %s\n", error ? error->message : _ ("Unexpected argument."));
      g_printerr ("%s\n", _ ("Run “reframe templates --help” to see its options."));
      return EXIT_USAGE;
    }

  if ((registry = reframe_template_registry_new (data_dir, &error)) == NULL)
    {
      g_printerr ("reframe: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (json)
    print_json (registry);
  else
    print_text (registry);
  return EXIT_SUCCESS;
}
