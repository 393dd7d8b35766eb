/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-cli-import.c: `reframe import FILE|DIR` and `reframe archive -o FILE`.
 *
 * `import` reads and checks the whole export before the journal is opened, so a file
 * Reframe cannot read never creates or changes a journal; it prints the preview, then
 * writes everything in one transaction unless --dry-run. `archive` saves the whole
 * journal as one JSON document (docs/archive-format.md).
 * Exit status: 0 done, 1 the file or the journal failed, 2 bad usage.
 */

#define G_LOG_DOMAIN "ReframeCliImport"

#include "config.h"

#include "reframe-i18n.h"
#include <json-glib/json-glib.h>
#include <string.h>

#include "reframe-archive-seal.h"
#include "reframe-archive.h"
#include "reframe-backups.h"
#include "reframe-cli-private.h"
#include "reframe-import.h"

static void
print_result (const ReframeImportResult *result)
{
  for (guint kind = 0; kind < REFRAME_IMPORT_N_KINDS; kind++)
    {
      guint n = result->added[kind] + result->skipped[kind] + result->updated[kind];

      if (n == 0)
        continue;
      /* Translators: counts, then the kind of record ("mood entries"). */
      g_print (_ ("%s: %u added, %u already there, %u updated\n"),
               reframe_import_kind_get_label (kind, 2),
               result->added[kind],
               result->skipped[kind],
               result->updated[kind]);
    }
  if (result->n_added + result->n_skipped + result->n_updated == 0)
    g_print ("%s\n", _ ("Nothing was imported."));
}

static int
apply_batch (const char         *data_dir,
             ReframeImportBatch *batch,
             gboolean            json)
{
  g_autoptr (ReframeStore) store = NULL;
  g_autoptr (GError) error = NULL;
  ReframeImportResult result;

  /* As in the window: the journal is backed up (default folder) before anything is written. */
  reframe_import_set_backup_func (reframe_backups_before_import, NULL);
  if ((store = reframe_store_open (data_dir, &error)) == NULL ||
      !reframe_import_apply (store, batch, &result, NULL, &error))
    return _reframe_cli_fail (error->message);
  if (json)
    {
      g_autoptr (JsonNode) preview = reframe_import_batch_to_json (batch);
      g_autoptr (JsonNode) counts = reframe_import_result_to_json (&result);

      json_object_set_member (json_node_get_object (preview), "result", g_steal_pointer (&counts));
      _reframe_cli_print_json_node (preview);
    }
  else
    print_result (&result);
  return EXIT_SUCCESS;
}

/* An archive saved from another encrypted journal: its passphrase or recovery key,
 * from a file or asked on the terminal. */
static gboolean
unlock_archive (GFile      *file,
                const char *secret_file,
                GError    **error)
{
  g_autoptr (GBytes) sealed = g_file_load_bytes (file, NULL, NULL, error);
  char    *secret;
  gboolean ok;

  if (sealed == NULL ||
      (secret = _reframe_cli_read_secret (
           secret_file,
           _ ("Passphrase or recovery key of the journal the archive was saved from: "),
           error)) == NULL)
    return FALSE;
  ok = reframe_archive_unlock_sealed (sealed, secret, error);
  explicit_bzero (secret, strlen (secret));
  g_free (secret);
  return ok;
}

int
_reframe_cli_run_import (int    argc,
                         char **argv)
{
  g_autofree char *data_dir = NULL, *archive_passphrase_file = NULL;
  gboolean         json = FALSE, dry_run = FALSE;
  GOptionEntry     entries[] = {
        { "dry-run",
          0,
          0,
          G_OPTION_ARG_NONE,
          &dry_run,
          N_ ("Show what would be imported; write nothing"),
          NULL },
        { "archive-passphrase-file",
          0,
          0,
          G_OPTION_ARG_FILENAME,
          &archive_passphrase_file,
          N_ ("For an encrypted archive: the passphrase or recovery key of its journal, on the first "
              "line of FILE"),
          "FILE" },
        { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print JSON"), NULL },
        { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, N_ ("Folder of the journal"), "DIR" },
        { NULL }
  };
  g_autoptr (GOptionContext) context = _reframe_cli_option_context_new (
      _ ("FILE|DIR — import an export of another app, or a Reframe archive"));
  g_autoptr (ReframeImportBatch) batch = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) file = NULL;
  const ReframeImporter *importer;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      _reframe_cli_explain_option_error (error, argc, argv);
      return _reframe_cli_usage_error ("import", error->message);
    }
  if (argc != 2)
    return _reframe_cli_usage_error ("import",
                                     argc < 2 ? _ ("Name the file or folder to import.")
                                              : _ ("Import one file or folder at a time."));

  file = g_file_new_for_commandline_arg (argv[1]);
  if ((importer = reframe_import_detect (file, &error)) == NULL)
    return _reframe_cli_fail (error->message);
  batch = reframe_importer_read (importer, file, NULL, &error);
  if (batch == NULL &&
      g_error_matches (error, REFRAME_IMPORT_ERROR, REFRAME_IMPORT_ERROR_ENCRYPTED))
    {
      g_clear_error (&error);
      if (unlock_archive (file, archive_passphrase_file, &error))
        batch = reframe_importer_read (importer, file, NULL, &error);
    }
  if (batch == NULL)
    return _reframe_cli_fail (error->message);
  if (dry_run || !json)
    {
      g_autofree char *summary = reframe_import_batch_dup_summary (batch);
      g_autoptr (JsonNode) preview = reframe_import_batch_to_json (batch);

      if (json)
        _reframe_cli_print_json_node (preview);
      else
        g_print ("%s", summary);
    }
  if (dry_run)
    {
      if (!json)
        g_print ("%s\n", _ ("Dry run: nothing was written."));
      return EXIT_SUCCESS;
    }
  return apply_batch (data_dir, batch, json);
}

int
_reframe_cli_run_archive (int    argc,
                          char **argv)
{
  g_autofree char *data_dir = NULL, *output = NULL;
  gboolean         conversations = FALSE;
  GOptionEntry     entries[] = {
        { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_ ("Save the archive as FILE"), "FILE" },
        { "with-conversations",
          0,
          0,
          G_OPTION_ARG_NONE,
          &conversations,
          N_ ("Include the conversations with the companion"),
          NULL },
        { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, N_ ("Folder of the journal"), "DIR" },
        { NULL }
  };
  g_autoptr (GOptionContext) context =
      _reframe_cli_option_context_new (_ ("— save the whole journal as one file"));
  g_autoptr (ReframeStore) store = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) file = NULL;
  g_autofree char *db_path = NULL;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      _reframe_cli_explain_option_error (error, argc, argv);
      return _reframe_cli_usage_error ("archive", error->message);
    }
  if (argc > 1)
    return _reframe_cli_usage_error ("archive", _ ("Unexpected argument."));
  if (output == NULL)
    return _reframe_cli_usage_error ("archive", _ ("Say where to save the archive with -o FILE."));

  /* Archiving reads; it never makes a journal where there was none. */
  if (data_dir == NULL)
    data_dir = reframe_store_dup_default_dir ();
  db_path = g_build_filename (data_dir, "reframe.db", NULL);
  if (!g_file_test (db_path, G_FILE_TEST_EXISTS))
    {
      g_printerr (_ ("reframe: There is no journal in “%s” to archive.\n"), data_dir);
      return EXIT_FAILURE;
    }
  file = g_file_new_for_commandline_arg (output);
  if ((store = reframe_store_open (data_dir, &error)) == NULL ||
      !reframe_archive_write (store,
                              file,
                              conversations ? REFRAME_ARCHIVE_WITH_CONVERSATIONS
                                            : REFRAME_ARCHIVE_NONE,
                              NULL,
                              NULL,
                              &error))
    return _reframe_cli_fail (error->message);
  return EXIT_SUCCESS;
}
