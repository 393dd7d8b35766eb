/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-cli-backup.c: `reframe backup`, `reframe backups` and `reframe restore`.
 *
 * `backup [--to FILE]` makes a checked backup now (reason "manual", rotated with the
 * others), or one copy anywhere but the journal's own files. `backups [--json]` lists
 * them, newest first. `restore FILE [--yes]` says what the backup holds, asks on a
 * terminal unless --yes, backs up the journal as it is, then restores. The window's
 * chosen folder lives in its settings; here it is `<data dir>/backups` unless
 * --folder says otherwise. Neither `backup` nor `backups` creates a journal.
 * Exit status: 0 done, 1 failed or refused, 2 bad usage.
 */

#define G_LOG_DOMAIN "ReframeCliBackup"

#include "config.h"

#include "reframe-i18n.h"
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "reframe-backups.h"
#include "reframe-cli-private.h"
#include "reframe-store.h"

/* Opens the journal only where there is one: listing or backing up never makes one. */
static ReframeBackups *
open_existing (const char *data_dir,
               const char *folder,
               int        *status)
{
  g_autofree char *dir = data_dir ? g_strdup (data_dir) : reframe_store_dup_default_dir ();
  g_autofree char *journal = g_build_filename (dir, "reframe.db", NULL);
  g_autoptr (ReframeStore) store = NULL;
  g_autoptr (GError) error = NULL;
  ReframeBackups *backups;

  if (!g_file_test (journal, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *display = g_filename_display_name (dir);
      g_autofree char *message = g_strdup_printf (_ ("There is no journal in “%s”."), display);

      *status = _reframe_cli_fail (message);
      return NULL;
    }
  if ((store = reframe_store_open (dir, &error)) == NULL)
    {
      *status = _reframe_cli_fail (error->message);
      return NULL;
    }
  backups = reframe_backups_new (store);
  reframe_backups_set_folder (backups, folder);
  return backups;
}

int
_reframe_cli_run_backup (int    argc,
                         char **argv)
{
  g_autofree char *data_dir = NULL, *folder = NULL, *to = NULL;
  GOptionEntry     entries[] = {
        { "to",
          0,
          0,
          G_OPTION_ARG_FILENAME,
          &to,
          N_ ("Write one copy to FILE instead, outside the rotation"),
          "FILE" },
        { "folder",
          0,
          0,
          G_OPTION_ARG_FILENAME,
          &folder,
          N_ ("Folder of the backups (default: the data folder’s “backups”)"),
          "DIR" },
        { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, N_ ("Folder of the journal"), "DIR" },
        { NULL }
  };
  g_autoptr (ReframeBackups) backups = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *display = NULL;
  int              status = 0;

  if (!_reframe_cli_parse_options ("backup", entries, NULL, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return _reframe_cli_usage_error ("backup",
                                     _ ("Unexpected argument; give a file with --to FILE."));
  if (to != NULL && folder != NULL)
    return _reframe_cli_usage_error ("backup", _ ("Give --to or --folder, not both."));
  if (to != NULL && *to == '\0')
    return _reframe_cli_usage_error ("backup", _ ("Say which file to write with --to FILE."));
  if ((backups = open_existing (data_dir, folder, &status)) == NULL)
    return status;

  if (to != NULL)
    path = reframe_backups_copy_to (backups, to, NULL, &error) ? g_canonicalize_filename (to, NULL)
                                                               : NULL;
  else
    path = reframe_backups_create (backups, REFRAME_BACKUP_REASON_MANUAL, NULL, &error);
  if (path == NULL)
    return _reframe_cli_fail (error->message);
  display = g_filename_display_name (path);
  g_print (_ ("Backed up to “%s”.\n"), display);
  return EXIT_SUCCESS;
}

static char *
dup_day (const GDate *day)
{
  char text[16];

  if (!g_date_valid (day))
    return NULL;
  g_date_strftime (text, sizeof text, "%Y-%m-%d", day);
  return g_strdup (text);
}

static void
add_info_json (JsonBuilder       *builder,
               ReframeBackupInfo *info)
{
  g_autofree char *when = g_date_time_format_iso8601 (info->when);
  g_autofree char *first = dup_day (&info->first_day);
  g_autofree char *last = dup_day (&info->last_day);

  json_builder_begin_object (builder);
  _reframe_cli_add_string_member (builder, "path", info->path);
  _reframe_cli_add_string_member (builder, "time", when);
  _reframe_cli_add_string_member (builder, "reason", info->reason);
  json_builder_set_member_name (builder, "size");
  json_builder_add_int_value (builder, info->size);
  json_builder_set_member_name (builder, "entries");
  json_builder_add_int_value (builder, info->n_entries);
  json_builder_set_member_name (builder, "worksheets");
  json_builder_add_int_value (builder, info->n_worksheets);
  _reframe_cli_add_string_member (builder, "first_day", first);
  _reframe_cli_add_string_member (builder, "last_day", last);
  json_builder_set_member_name (builder, "schema_version");
  json_builder_add_int_value (builder, info->schema_version);
  json_builder_end_object (builder);
}

static void
print_json (GPtrArray *found)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < found->len; i++)
    add_info_json (builder, g_ptr_array_index (found, i));
  json_builder_end_array (builder);
  _reframe_cli_print_json (builder);
}

/* "7,300 entries, 2016-12-06 to 2026-12-05, 1,000 worksheets" */
static char *
dup_contents (ReframeBackupInfo *info)
{
  g_autoptr (GString) text = g_string_new (NULL);
  g_autofree char *first = dup_day (&info->first_day);
  g_autofree char *last = dup_day (&info->last_day);

  if (info->schema_version == 0)
    return g_strdup (_ ("cannot be read"));
  g_string_append_printf (text,
                          g_dngettext (GETTEXT_PACKAGE, "%u entry", "%u entries", info->n_entries),
                          info->n_entries);
  if (first != NULL)
    /* Translators: the first and the last day of the entries in a backup. */
    g_string_append_printf (text, _ (", %s to %s"), first, last);
  if (info->n_worksheets > 0)
    {
      g_string_append (text, ", ");
      g_string_append_printf (
          text,
          g_dngettext (GETTEXT_PACKAGE, "%u worksheet", "%u worksheets", info->n_worksheets),
          info->n_worksheets);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
print_text (GPtrArray *found)
{
  if (found->len == 0)
    g_print ("%s\n", _ ("No backups yet."));
  for (guint i = 0; i < found->len; i++)
    {
      ReframeBackupInfo *info = g_ptr_array_index (found, i);
      g_autoptr (GDateTime) local = g_date_time_to_local (info->when);
      g_autofree char *when = g_date_time_format (local, "%Y-%m-%d %H:%M");
      g_autofree char *size = g_format_size (info->size);
      g_autofree char *contents = dup_contents (info);
      g_autofree char *display = g_filename_display_name (info->path);

      g_print ("%s  %-14s %9s  %s\n    %s\n",
               when,
               info->reason ? info->reason : "",
               size,
               contents,
               display);
    }
}

int
_reframe_cli_run_backups (int    argc,
                          char **argv)
{
  g_autofree char *data_dir = NULL, *folder = NULL;
  gboolean         json = FALSE;
  GOptionEntry     entries[] = {
        { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print JSON"), NULL },
        { "folder",
          0,
          0,
          G_OPTION_ARG_FILENAME,
          &folder,
          N_ ("Folder of the backups (default: the data folder’s “backups”)"),
          "DIR" },
        { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, N_ ("Folder of the journal"), "DIR" },
        { NULL }
  };
  g_autoptr (ReframeBackups) backups = NULL;
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GError) error = NULL;
  int status = 0;

  if (!_reframe_cli_parse_options ("backups", entries, NULL, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return _reframe_cli_usage_error ("backups", _ ("Unexpected argument."));
  if ((backups = open_existing (data_dir, folder, &status)) == NULL)
    return status;
  if ((found = reframe_backups_list (backups, &error)) == NULL)
    return _reframe_cli_fail (error->message);
  if (json)
    print_json (found);
  else
    print_text (found);
  return EXIT_SUCCESS;
}

static gboolean
confirm (void)
{
  char line[64] = { 0 };
  /* Translators: the answers that mean yes to a question ending in [y/N], lower case, separated by
   * "|". */
  g_auto (GStrv) answers = g_strsplit (_ ("y|yes"), "|", -1);

  g_print ("%s ",
           _ ("Replace your journal with this backup? Your journal as it is now is backed up "
              "first. [y/N]"));
  fflush (stdout);
  if (fgets (line, sizeof line, stdin) == NULL)
    return FALSE;
  g_strstrip (line);
  return g_ascii_strcasecmp (line, "y") == 0 || g_ascii_strcasecmp (line, "yes") == 0 ||
         g_strv_contains ((const char *const *) answers, line);
}

static void
print_what_it_holds (ReframeBackupInfo *info)
{
  g_autoptr (GDateTime) local = g_date_time_to_local (info->when);
  g_autofree char *when = g_date_time_format (local, "%Y-%m-%d %H:%M");
  g_autofree char *size = g_format_size (info->size);
  g_autofree char *contents = dup_contents (info);

  /* Translators: when the backup was made, its size, then what it holds ("7,300 entries, …"). */
  g_print (_ ("Backup of %s (%s): %s.\n"), when, size, contents);
}

int
_reframe_cli_run_restore (int    argc,
                          char **argv)
{
  g_autofree char *data_dir = NULL, *folder = NULL;
  gboolean         yes = FALSE;
  GOptionEntry     entries[] = {
        { "yes", 'y', 0, G_OPTION_ARG_NONE, &yes, N_ ("Restore without asking"), NULL },
        { "folder",
          0,
          0,
          G_OPTION_ARG_FILENAME,
          &folder,
          N_ ("Folder for the backup of the journal as it is (default: the data folder’s “backups”)"),
          "DIR" },
        { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, N_ ("Folder of the journal"), "DIR" },
        { NULL }
  };
  g_autoptr (ReframeBackupInfo) info = NULL;
  g_autoptr (ReframeBackups) backups = NULL;
  g_autoptr (ReframeStore) store = NULL;
  g_autoptr (GError) error = NULL;
  int status = 0;

  if (!_reframe_cli_parse_options ("restore", entries, _ ("FILE"), &argc, &argv, &status))
    return status;
  if (argc != 2)
    return _reframe_cli_usage_error ("restore",
                                     _ ("Say which backup to restore: reframe restore FILE."));
  if (!yes && !isatty (STDIN_FILENO))
    return _reframe_cli_usage_error ("restore", _ ("Add --yes to restore without being asked."));

  /* Looked at before the journal is opened: a refused backup changes nothing. */
  if ((info = reframe_backup_inspect (argv[1], &error)) == NULL)
    return _reframe_cli_fail (error->message);
  print_what_it_holds (info);
  if (!yes && !confirm ())
    {
      g_print ("%s\n", _ ("Nothing was restored."));
      return EXIT_FAILURE;
    }

  if ((store = reframe_store_open (data_dir, &error)) == NULL)
    return _reframe_cli_fail (error->message);
  backups = reframe_backups_new (store);
  reframe_backups_set_folder (backups, folder);
  if (!reframe_backups_restore (backups, argv[1], NULL, &error))
    return _reframe_cli_fail (error->message);
  g_print (_ ("Restored. Your journal as it was is kept in “%s”.\n"),
           reframe_backups_get_folder (backups));
  return EXIT_SUCCESS;
}
