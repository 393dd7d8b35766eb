/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-cli-models.c: `reframe models` lists the model service's models; `reframe pull MODEL` has
 * Ollama download one.
 *
 * Both read the service from the companion's settings unless --endpoint and --provider
 * say otherwise. `pull` always talks to Ollama (only Ollama downloads models on request):
 * the configured address when the companion uses Ollama, else Ollama's usual one. On a
 * terminal its progress is one line that updates; otherwise plain lines, one per step
 * and per whole percent. Ctrl+C stops the download.
 * Exit status: 0 done, 1 the service failed, 2 bad usage, 130 interrupted.
 */

#define G_LOG_DOMAIN "ReframeCliModels"

#include "config.h"

#include <glib-unix.h>
#include "reframe-i18n.h"
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "reframe-api-keys.h"
#include "reframe-cli-private.h"
#include "reframe-endpoint.h"
#include "reframe-model-manager.h"

#define EXIT_USAGE       2
#define EXIT_INTERRUPTED 130

#define OLLAMA_DEFAULT_ENDPOINT "http://127.0.0.1:11434"

typedef struct
{
  /* Owned */
  GMainLoop           *loop;
  GCancellable        *cancellable;
  ReframeModelManager *manager;
  GAsyncResult        *result;
  char                *model;
  char                *last_text; /* what the last progress showed */

  gboolean tty;
  gboolean line_open; /* an updating line is on the terminal, without its line end */
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->loop, g_main_loop_unref);
  g_clear_object (&run->cancellable);
  g_clear_object (&run->result);
  g_clear_object (&run->manager);
  g_clear_pointer (&run->model, g_free);
  g_clear_pointer (&run->last_text, g_free);
}

/* The companion's service kind and address, from GSettings or the schema's defaults
 * (a bare run from the build tree has no installed schema, and GSettings would abort). */
static void
load_service (char **provider,
              char **endpoint)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema =
      source ? g_settings_schema_source_lookup (source, BASE_ID, TRUE) : NULL;
  g_autoptr (GSettings) settings = NULL;

  if (schema == NULL)
    {
      *provider = g_strdup ("ollama");
      *endpoint = g_strdup (OLLAMA_DEFAULT_ENDPOINT);
      return;
    }
  settings = g_settings_new_full (schema, NULL, NULL);
  *provider = g_settings_get_string (settings, "companion-provider");
  *endpoint = g_settings_get_string (settings, "companion-endpoint");
}

/* The key in the environment wins, for scripts; otherwise the one Preferences saved. */
static char *
dup_api_key (const char *endpoint)
{
  const char *from_env = g_getenv ("REFRAME_API_KEY");
  g_autoptr (GError) error = NULL;
  char *key;

  if (from_env != NULL && *from_env != '\0')
    return g_strdup (from_env);
  key = reframe_api_keys_lookup_sync (endpoint, NULL, &error);
  if (error != NULL)
    g_debug ("No API key from the keyring: %s", error->message);
  return key;
}

/* Returns: the exit status of bad usage when @endpoint or @provider is not one. */
static int
check_service (const char *command,
               const char *provider,
               const char *endpoint)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *normalised = reframe_endpoint_normalise (endpoint, &error);

  if (!g_str_equal (provider, "ollama") && !g_str_equal (provider, "openai"))
    {
      g_autofree char *message = g_strdup_printf (
          _ ("“%s” is not a kind of model service; use ollama or openai."), provider);

      return _reframe_cli_usage_error (command, message);
    }
  if (normalised == NULL)
    return _reframe_cli_usage_error (command, error->message);
  return EXIT_SUCCESS;
}

static void
got_result_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Run *run = user_data;

  run->result = g_object_ref (result);
  g_main_loop_quit (run->loop);
}

static gboolean
interrupted_cb (gpointer user_data)
{
  Run *run = user_data;

  g_cancellable_cancel (run->cancellable);
  return G_SOURCE_CONTINUE;
}

/* Runs the loop until the request started by @start answers; Ctrl+C cancels it. */
static void
wait_for_result (Run *run)
{
  guint signal_id = g_unix_signal_add (SIGINT, interrupted_cb, run);

  g_main_loop_run (run->loop);
  g_source_remove (signal_id);
}

static void
run_init (Run                *run,
          ReframeProviderKind kind,
          const char         *endpoint)
{
  g_autofree char *key = dup_api_key (endpoint);

  run->loop = g_main_loop_new (NULL, FALSE);
  run->cancellable = g_cancellable_new ();
  run->manager = reframe_model_manager_new (kind, endpoint, key);
}

static int
fail (const char   *command,
      const GError *error)
{
  g_printerr ("reframe %s: %s\n", command, error->message);
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ? EXIT_INTERRUPTED
                                                                   : EXIT_FAILURE;
}

/* `reframe models` */

static void
print_models_json (Run        *run,
                   GPtrArray  *models,
                   const char *provider)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  _reframe_cli_add_string_member (
      builder, "endpoint", reframe_model_manager_get_endpoint (run->manager));
  _reframe_cli_add_string_member (builder, "provider", provider);
  json_builder_set_member_name (builder, "models");
  json_builder_begin_array (builder);
  for (guint i = 0; i < models->len; i++)
    {
      const ReframeModelInfo *info = g_ptr_array_index (models, i);

      json_builder_begin_object (builder);
      _reframe_cli_add_string_member (builder, "name", info->name);
      json_builder_set_member_name (builder, "size");
      if (info->size > 0)
        json_builder_add_int_value (builder, (gint64) info->size);
      else
        json_builder_add_null_value (builder);
      _reframe_cli_add_string_member (builder, "family", info->family);
      _reframe_cli_add_string_member (builder, "parameter_size", info->parameter_size);
      _reframe_cli_add_string_member (builder, "quantization", info->quantization);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  _reframe_cli_print_json (builder);
}

/* One model a line: the name, then its size and family in columns (by characters:
 * sizes hold a no-break space). */
static void
print_models_text (GPtrArray *models)
{
  glong width = 0;

  for (guint i = 0; i < models->len; i++)
    width =
        MAX (width, g_utf8_strlen (((ReframeModelInfo *) g_ptr_array_index (models, i))->name, -1));
  for (guint i = 0; i < models->len; i++)
    {
      const ReframeModelInfo *info = g_ptr_array_index (models, i);
      g_autofree char        *description = reframe_model_info_dup_description (info);
      g_autofree char        *padding = g_strnfill (width - g_utf8_strlen (info->name, -1), ' ');

      if (*description == '\0')
        g_print ("%s\n", info->name);
      else
        g_print ("%s%s  %s\n", info->name, padding, description);
    }
}

/**
 * _reframe_cli_run_models:
 *
 * Returns: the exit status
 */
int
_reframe_cli_run_models (int    argc,
                         char **argv)
{
  g_autofree char *endpoint = NULL, *provider = NULL, *data_dir = NULL;
  gboolean         json = FALSE;
  GOptionEntry     entries[] = {
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
        { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print JSON"), NULL },
        /* Taken like every command takes it; listing models reads no journal. */
        { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, N_ ("Folder of the journal"), "DIR" },
        { NULL }
  };
  g_autofree char *set_provider = NULL, *set_endpoint = NULL;
  g_autoptr (GPtrArray) models = NULL;
  g_autoptr (GError) error = NULL;
  Run run = { 0 };
  int status;

  if (!_reframe_cli_parse_options ("models", entries, NULL, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return _reframe_cli_usage_error ("models", _ ("“reframe models” takes no other arguments."));
  load_service (&set_provider, &set_endpoint);
  if (provider == NULL)
    provider = g_steal_pointer (&set_provider);
  if (endpoint == NULL)
    endpoint = g_steal_pointer (&set_endpoint);
  if ((status = check_service ("models", provider, endpoint)) != EXIT_SUCCESS)
    return status;

  run_init (&run,
            g_str_equal (provider, "openai") ? REFRAME_PROVIDER_KIND_OPENAI
                                             : REFRAME_PROVIDER_KIND_OLLAMA,
            endpoint);
  reframe_model_manager_list_async (run.manager, run.cancellable, got_result_cb, &run);
  wait_for_result (&run);
  models = reframe_model_manager_list_finish (run.manager, run.result, &error);
  if (models == NULL)
    status = fail ("models", error);
  else if (json)
    print_models_json (&run, models, provider);
  else if (models->len == 0 && g_str_equal (provider, "ollama"))
    g_printerr ("%s\n",
                _ ("Ollama has no models yet. Download one with “reframe pull MODEL”, for example "
                   "“reframe pull llama3.2:3b”."));
  else
    print_models_text (models);
  run_clear (&run);
  reframe_api_keys_shutdown ();
  return status;
}

/* `reframe pull MODEL` */

/* Ollama writes a status line many times a second. A terminal shows every change on
 * one updating line; a log gets a line per step and per whole percent. */
static void
pull_progress_cb (const ReframeModelPullProgress *progress,
                  gpointer                        user_data)
{
  Run             *run = user_data;
  g_autofree char *text = reframe_model_pull_progress_dup_text (progress);
  g_autofree char *key = NULL;

  if (!run->tty && progress->total > 0 && progress->fraction >= 0 && progress->fraction < 1)
    key = g_strdup_printf ("%d", (int) (progress->fraction * 100));
  else
    key = g_strdup (text);
  if (g_strcmp0 (key, run->last_text) == 0)
    return;
  g_free (run->last_text);
  run->last_text = g_steal_pointer (&key);
  if (run->tty)
    {
      /* Back to the start of the line, and clear the rest of it. */
      g_print ("\r%s\033[K", text);
      run->line_open = TRUE;
    }
  else
    g_print ("%s\n", text);
  fflush (stdout);
}

/**
 * _reframe_cli_run_pull:
 *
 * Returns: the exit status
 */
int
_reframe_cli_run_pull (int    argc,
                       char **argv)
{
  g_autofree char *endpoint = NULL, *data_dir = NULL;
  GOptionEntry     entries[] = {
        { "endpoint",
          0,
          0,
          G_OPTION_ARG_STRING,
          &endpoint,
          N_ ("Address of Ollama (default: the companion’s, or http://127.0.0.1:11434)"),
          "URL" },
        /* Taken like every command takes it; a download reads no journal. */
        { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, N_ ("Folder of the journal"), "DIR" },
        { NULL }
  };
  g_autofree char *set_provider = NULL, *set_endpoint = NULL;
  g_autoptr (GError) error = NULL;
  Run run = { 0 };
  int status;

  if (!_reframe_cli_parse_options (
          "pull", entries, _ ("MODEL — have Ollama download a model"), &argc, &argv, &status))
    return status;
  if (argc != 2 || *argv[1] == '\0' || !g_utf8_validate (argv[1], -1, NULL))
    return _reframe_cli_usage_error (
        "pull", _ ("Name one model to download, for example: reframe pull llama3.2:3b."));
  load_service (&set_provider, &set_endpoint);
  if (endpoint == NULL)
    endpoint = g_str_equal (set_provider, "ollama") ? g_steal_pointer (&set_endpoint)
                                                    : g_strdup (OLLAMA_DEFAULT_ENDPOINT);
  if ((status = check_service ("pull", "ollama", endpoint)) != EXIT_SUCCESS)
    return status;

  run_init (&run, REFRAME_PROVIDER_KIND_OLLAMA, endpoint);
  run.model = g_strdup (argv[1]);
  run.tty = isatty (fileno (stdout));
  reframe_model_manager_pull_async (
      run.manager, run.model, pull_progress_cb, &run, NULL, run.cancellable, got_result_cb, &run);
  wait_for_result (&run);
  if (run.line_open)
    g_print ("\n");
  if (!reframe_model_manager_pull_finish (run.manager, run.result, &error))
    status = fail ("pull", error);
  run_clear (&run);
  reframe_api_keys_shutdown ();
  return status;
}
