/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-cli-common.c: what the subcommands share: bad usage and failures, options, JSON output.
 *
 * Exit status: 2 for bad usage (_reframe_cli_usage_error()), 1 for failures
 * (_reframe_cli_fail()).
 */

#define G_LOG_DOMAIN "ReframeCli"

#include "config.h"

#include "reframe-i18n.h"

#include "reframe-api-keys.h"
#include "reframe-cli-private.h"
#include "reframe-context-budget.h"
#include "reframe-endpoint.h"

#define EXIT_USAGE 2

/**
 * _reframe_cli_usage_error:
 * @command: the subcommand as typed ("backup", "toolbox add")
 *
 * Says what was wrong with the command line and where its options are explained.
 *
 * Returns: the exit status for bad usage, 2
 */
int
_reframe_cli_usage_error (const char *command,
                          const char *message)
{
  g_printerr ("reframe %s: %s\n", command, message);
  /* Translators: the subcommand's name twice. */
  g_printerr (_ ("Run “reframe %s --help” to see its options.\n"), command);
  return EXIT_USAGE;
}

/**
 * _reframe_cli_fail:
 *
 * Returns: the exit status for a failure, 1, after printing @message
 */
int
_reframe_cli_fail (const char *message)
{
  g_printerr ("reframe: %s\n", message);
  return EXIT_FAILURE;
}

/**
 * _reframe_cli_dup_common_options_text:
 *
 * The options every command takes, in words, for `reframe help` and each command's
 * `--help`.
 *
 * Returns: (transfer full): translated text, without a final line end
 */
char *
_reframe_cli_dup_common_options_text (void)
{
  return g_strdup_printf (
      "%s\n%s",
      _ ("Every command takes --data-dir DIR and --help."),
      _ ("An encrypted journal is unlocked with its passphrase, asked on the terminal, or read "
         "with --passphrase-file FILE or --passphrase-fd N (never from the command line "
         "itself), or with --recovery-key-file FILE."));
}

/**
 * _reframe_cli_option_context_new:
 * @parameter_string: (nullable): what follows the options in `--help` ("FILE")
 *
 * A context for a command's options, translated, whose `--help` ends with the
 * options every command takes. The program name in its usage line is "reframe
 * COMMAND" (reframe_cli_run() sets it).
 *
 * Returns: (transfer full): a new option context
 */
GOptionContext *
_reframe_cli_option_context_new (const char *parameter_string)
{
  GOptionContext  *context = g_option_context_new (parameter_string);
  g_autofree char *common = _reframe_cli_dup_common_options_text ();

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_description (context, common);
  return context;
}

/**
 * _reframe_cli_parse_options:
 * @parameter_string: (nullable): what follows the options in `--help` ("FILE")
 * @status: (out): the exit status when parsing fails
 *
 * Parses the options of @command; a bad option is bad usage.
 *
 * Returns: %FALSE with @status set when the options cannot be parsed
 */
gboolean
_reframe_cli_parse_options (const char   *command,
                            GOptionEntry *entries,
                            const char   *parameter_string,
                            int          *argc,
                            char       ***argv,
                            int          *status)
{
  g_autoptr (GOptionContext) context = _reframe_cli_option_context_new (parameter_string);
  g_autoptr (GError) error = NULL;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      _reframe_cli_explain_option_error (error, *argc, *argv);
      *status = _reframe_cli_usage_error (command, error->message);
      return FALSE;
    }
  return TRUE;
}

/**
 * _reframe_cli_print_json_node:
 *
 * Prints @root as indented JSON and a line end.
 */
void
_reframe_cli_print_json_node (JsonNode *root)
{
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

/**
 * _reframe_cli_print_json:
 *
 * Prints what @builder built as indented JSON and a line end.
 */
void
_reframe_cli_print_json (JsonBuilder *builder)
{
  g_autoptr (JsonNode) root = json_builder_get_root (builder);

  _reframe_cli_print_json_node (root);
}

/**
 * _reframe_cli_add_string_member:
 * @value: (nullable): the text, or %NULL for null
 */
void
_reframe_cli_add_string_member (JsonBuilder *builder,
                                const char  *name,
                                const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/**
 * _reframe_cli_add_time_member:
 * @time: (nullable): the time, written in ISO 8601, or %NULL for null
 */
void
_reframe_cli_add_time_member (JsonBuilder *builder,
                              const char  *name,
                              GDateTime   *time)
{
  g_autofree char *text = time ? g_date_time_format_iso8601 (time) : NULL;

  _reframe_cli_add_string_member (builder, name, text);
}

/* Without an installed schema (a bare run from the build tree) GSettings would abort,
 * so the schema is looked up first and its defaults used when it is missing. */
void
_reframe_cli_chat_settings_load (ReframeCliChatSettings *out)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema =
      source ? g_settings_schema_source_lookup (source, BASE_ID, TRUE) : NULL;
  g_autoptr (GSettings) settings = NULL;

  if (schema == NULL)
    {
      /* The defaults of data/io.github.reframe.Reframe.gschema.xml. */
      out->provider = g_strdup ("ollama");
      out->endpoint = g_strdup ("http://127.0.0.1:11434");
      out->model = g_strdup ("");
      out->system_prompt = g_strdup ("");
      out->crisis_country = g_strdup ("");
      out->extra_phrases = g_new0 (char *, 1);
      out->therapist_name = g_strdup ("");
      out->therapist_phone = g_strdup ("");
      out->context_tokens = REFRAME_CONTEXT_BUDGET_DEFAULT_TOKENS;
      return;
    }
  settings = g_settings_new_full (schema, NULL, NULL);
  out->provider = g_settings_get_string (settings, "companion-provider");
  out->endpoint = g_settings_get_string (settings, "companion-endpoint");
  out->model = g_settings_get_string (settings, "companion-model");
  out->system_prompt = g_settings_get_string (settings, "companion-system-prompt");
  out->crisis_country = g_settings_get_string (settings, "crisis-country");
  out->extra_phrases = g_settings_get_strv (settings, "crisis-extra-phrases");
  out->therapist_name = g_settings_get_string (settings, "therapist-name");
  out->therapist_phone = g_settings_get_string (settings, "therapist-phone");
  out->context_tokens = g_settings_get_uint (settings, "companion-context-tokens");
}

void
_reframe_cli_chat_settings_clear (ReframeCliChatSettings *settings)
{
  g_free (settings->provider);
  g_free (settings->endpoint);
  g_free (settings->model);
  g_free (settings->system_prompt);
  g_free (settings->crisis_country);
  g_strfreev (settings->extra_phrases);
  g_free (settings->therapist_name);
  g_free (settings->therapist_phone);
}

/* The key in the environment wins, for scripts; otherwise the one Preferences saved in
 * the keyring. A keyring that is not there (no session bus) means no key, not an error:
 * a service that needs one says so. */
char *
_reframe_cli_chat_settings_dup_api_key (const ReframeCliChatSettings *settings)
{
  const char *from_env = g_getenv ("REFRAME_API_KEY");
  g_autoptr (GError) error = NULL;
  char *key;

  if (from_env != NULL && *from_env != '\0')
    return g_strdup (from_env);

  key = reframe_api_keys_lookup_sync (settings->endpoint, NULL, &error);
  if (error != NULL)
    g_debug ("No API key from the keyring: %s", error->message);
  return key;
}

/* A service is counted as on this computer only when its address says so plainly; the
 * request log errs towards "remote". */
gboolean
_reframe_cli_chat_settings_is_remote (const ReframeCliChatSettings *settings)
{
  g_autoptr (GUri) uri = g_uri_parse (settings->endpoint, G_URI_FLAGS_NONE, NULL);
  const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;
  g_autoptr (GInetAddress) address = host != NULL ? g_inet_address_new_from_string (host) : NULL;

  if (reframe_endpoint_is_cloud_model (settings->model))
    return TRUE;
  if (host != NULL && g_ascii_strcasecmp (host, "localhost") == 0)
    return FALSE;
  return address == NULL || !g_inet_address_get_is_loopback (address);
}
