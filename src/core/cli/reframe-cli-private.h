/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-cli-private.h: subcommands that live in their own files, for reframe-cli.c. */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

int      _reframe_cli_run_backup (int    argc,
                                  char **argv);
int      _reframe_cli_run_backups (int    argc,
                                   char **argv);
int      _reframe_cli_run_restore (int    argc,
                                   char **argv);
int      _reframe_cli_run_encrypt (int    argc,
                                   char **argv);
int      _reframe_cli_run_decrypt (int    argc,
                                   char **argv);
int      _reframe_cli_run_passphrase (int    argc,
                                      char **argv);
int      _reframe_cli_run_recovery_key (int    argc,
                                        char **argv);
int      _reframe_cli_run_status (int    argc,
                                  char **argv);
char    *_reframe_cli_read_secret (const char *file,
                                   const char *prompt,
                                   GError    **error);
gboolean _reframe_cli_prepare_journal (int     *argc,
                                       char  ***argv,
                                       gboolean unlock,
                                       int     *status);
int      _reframe_cli_run_chat (int    argc,
                                char **argv);
int      _reframe_cli_run_models (int    argc,
                                  char **argv);
int      _reframe_cli_run_pull (int    argc,
                                char **argv);
int      _reframe_cli_run_draft (int    argc,
                                 char **argv);
int      _reframe_cli_run_templates (int    argc,
                                     char **argv);
int      _reframe_cli_run_worksheets (int    argc,
                                      char **argv);
int      _reframe_cli_run_homework (int    argc,
                                    char **argv);
int      _reframe_cli_run_plan (int    argc,
                                char **argv);
int      _reframe_cli_run_insights (int    argc,
                                    char **argv);
int      _reframe_cli_run_export (int    argc,
                                  char **argv);
int      _reframe_cli_run_safety_plan (int    argc,
                                       char **argv);
int      _reframe_cli_run_toolbox (int    argc,
                                   char **argv);
int      _reframe_cli_run_import (int    argc,
                                  char **argv);
int      _reframe_cli_run_archive (int    argc,
                                   char **argv);

gboolean _reframe_cli_parse_period (const char *from_text,
                                    const char *to_text,
                                    GDate      *from,
                                    GDate      *to,
                                    char      **message);

void _reframe_cli_explain_option_error (GError *error,
                                        int     argc,
                                        char  **argv);

/* reframe-cli-common.c: what the subcommands share. */
char           *_reframe_cli_dup_common_options_text (void);
GOptionContext *_reframe_cli_option_context_new (const char *parameter_string);
int             _reframe_cli_usage_error (const char *command,
                                          const char *message);
int             _reframe_cli_fail (const char *message);
gboolean        _reframe_cli_parse_options (const char   *command,
                                            GOptionEntry *entries,
                                            const char   *parameter_string,
                                            int          *argc,
                                            char       ***argv,
                                            int          *status);
void            _reframe_cli_print_json_node (JsonNode *root);
void            _reframe_cli_print_json (JsonBuilder *builder);
void            _reframe_cli_add_string_member (JsonBuilder *builder,
                                                const char  *name,
                                                const char  *value);
void            _reframe_cli_add_time_member (JsonBuilder *builder,
                                              const char  *name,
                                              GDateTime   *time);

/* The companion's settings `reframe chat` and `reframe draft` read, from GSettings or,
 * without an installed schema, the schema's defaults (reframe-cli-common.c). */
typedef struct
{
  char  *provider;
  char  *endpoint;
  char  *model;
  char  *system_prompt;
  char  *crisis_country;
  char **extra_phrases;
  char  *therapist_name;
  char  *therapist_phone;
  guint  context_tokens;
} ReframeCliChatSettings;

void     _reframe_cli_chat_settings_load (ReframeCliChatSettings *settings);
void     _reframe_cli_chat_settings_clear (ReframeCliChatSettings *settings);
gboolean _reframe_cli_chat_settings_is_remote (const ReframeCliChatSettings *settings);
char    *_reframe_cli_chat_settings_dup_api_key (const ReframeCliChatSettings *settings);

G_END_DECLS
