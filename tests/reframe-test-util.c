/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-test-util.c: helpers shared by the core tests. */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "reframe-backups-private.h"
#include "reframe-cli.h"
#include "reframe-importer.h"
#include "reframe-journal-model.h"
#include "reframe-mood-entry.h"
#include "reframe-mood-repository.h"
#include "reframe-questionnaire-score.h"
#include "reframe-store.h"
#include "reframe-template-registry.h"
#include "reframe-template.h"
#include "reframe-test-util.h"
#include "reframe-worksheet-repository-private.h"
#include "reframe-worksheet.h"

char *
reframe_test_make_tmp_dir (void)
{
  g_autoptr (GError) error = NULL;
  char *path = g_dir_make_tmp ("reframe-test-XXXXXX", &error);

  g_assert_no_error (error);
  return path;
}

void
reframe_test_remove_tree (const char *path)
{
  g_autoptr (GDir) dir = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_unlink (path);
      return;
    }
  g_chmod (path, 0700);
  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      reframe_test_remove_tree (child);
    }
  g_rmdir (path);
}

ReframeMoodEntry *
reframe_test_entry_at (const char *iso_time,
                       ReframeMood mood,
                       const char *note)
{
  ReframeMoodEntry *entry = reframe_mood_entry_new ();
  g_autoptr (GDateTime) time = g_date_time_new_from_iso8601 (iso_time, NULL);

  g_assert_nonnull (time);
  reframe_mood_entry_set_time (entry, time);
  reframe_mood_entry_set_mood (entry, mood);
  reframe_mood_entry_set_note (entry, note);
  return entry;
}

void
reframe_test_wait_loaded (ReframeJournalModel *model)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_TIME_SPAN_SECOND;

  while (reframe_journal_model_get_loading (model) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (reframe_journal_model_get_loading (model));
}

/* Saves @n_entries entries with notes long enough that the notes fill many pages. */
void
reframe_test_fill_journal (const char *dir,
                           guint       n_entries)
{
  g_autoptr (GError) error = NULL;
  ReframeStore *store = reframe_store_open (dir, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < n_entries; i++)
    {
      g_autofree char *note = g_strdup_printf (
          "Entry %u. %s",
          i,
          "A long walk by the river, then tea with a friend, and an early night. ");
      g_autoptr (ReframeMoodEntry) entry =
          reframe_test_entry_at ("2025-01-01T08:00:00Z", REFRAME_MOOD_OKAY, note);
      g_autoptr (GDateTime) time = g_date_time_add_hours (reframe_mood_entry_get_time (entry), i);

      reframe_mood_entry_set_time (entry, time);
      g_assert_true (reframe_mood_repository_save (reframe_store_get_moods (store), entry, &error));
      g_assert_no_error (error);
    }
  g_assert_finalize_object (store);
}

/* Overwrites a leaf page in the middle of @table with garbage, as a failing disk or a
 * stray program would: the file still opens, and only reading that page fails. */
void
reframe_test_damage_middle_page (const char *db_path,
                                 const char *table)
{
  g_autoptr (GPtrArray) leaves = g_ptr_array_new ();
  sqlite3      *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64        page_size = 0, page = 0;
  FILE         *file;
  char          garbage[4096];

  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (
      sqlite3_prepare_v2 (db,
                          "SELECT pageno, (SELECT page_size FROM pragma_page_size) FROM dbstat "
                          "WHERE name = ?1 AND pagetype = 'leaf' ORDER BY path",
                          -1,
                          &stmt,
                          NULL),
      ==,
      SQLITE_OK);
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_ptr_array_add (leaves, GSIZE_TO_POINTER ((gsize) sqlite3_column_int64 (stmt, 0)));
      page_size = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_finalize (stmt);
  /* Leaves its journal mode alone; closing the last connection has already emptied the WAL. */
  sqlite3_close (db);

  /* Not the last leaf, which a new entry would read before writing anyway. */
  g_assert_cmpuint (leaves->len, >=, 3);
  g_assert_cmpint (page_size, ==, sizeof garbage);
  page = (gint64) GPOINTER_TO_SIZE (g_ptr_array_index (leaves, leaves->len / 2));
  memset (garbage, 0x5a, sizeof garbage);
  file = fopen (db_path, "r+b");
  g_assert_nonnull (file);
  g_assert_cmpint (fseek (file, (page - 1) * page_size, SEEK_SET), ==, 0);
  g_assert_cmpuint (fwrite (garbage, 1, sizeof garbage, file), ==, sizeof garbage);
  g_assert_cmpint (fclose (file), ==, 0);
}

GBytes *
reframe_test_read_bytes (const char *path)
{
  g_autofree char *contents = NULL;
  gsize            length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_bytes_new_take (g_steal_pointer (&contents), length);
}

/**
 * reframe_test_limit_file_size:
 * @max_bytes: (type gsize): the largest size any file may grow to, as GSIZE_TO_POINTER
 *
 * A #GSpawnChildSetupFunc, or a call in a test subprocess, that makes the disk look
 * nearly full: a write past @max_bytes fails with EFBIG (SIGXFSZ is ignored), as a
 * write on a full disk fails with ENOSPC. A tmpfs would need root to mount.
 */
void
reframe_test_limit_file_size (gpointer max_bytes)
{
  struct rlimit limit = { GPOINTER_TO_SIZE (max_bytes), GPOINTER_TO_SIZE (max_bytes) };

  signal (SIGXFSZ, SIG_IGN);
  setrlimit (RLIMIT_FSIZE, &limit);
}

/* A #GAsyncReadyCallback that keeps the result in the `GAsyncResult *` at @user_data. */
void
reframe_test_keep_result_cb (GObject      *source,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/**
 * reframe_test_find_backup:
 *
 * Returns: (transfer full) (nullable): the newest backup made for @reason in the
 *   journal's default backups folder, `@data_dir/backups`
 */
char *
reframe_test_find_backup (const char *data_dir,
                          const char *reason)
{
  g_autofree char *folder = _reframe_backups_dup_default_folder (data_dir);
  g_autoptr (GPtrArray) names = _reframe_backups_list_names (folder);

  for (guint i = 0; i < names->len; i++)
    {
      ReframeBackupInfo *info = g_ptr_array_index (names, i);

      if (g_str_equal (info->reason, reason))
        return g_strdup (info->path);
    }
  return NULL;
}

/* Returns: (transfer full) (nullable): the path of some file in @folder, or %NULL */
char *
reframe_test_first_file_in (const char *folder)
{
  g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name = dir ? g_dir_read_name (dir) : NULL;

  return name ? g_build_filename (folder, name, NULL) : NULL;
}

void
reframe_test_store_set_up (ReframeTestStore *f,
                           gconstpointer     data)
{
  g_autoptr (GError) error = NULL;

  f->dir = reframe_test_make_tmp_dir ();
  f->store = reframe_store_open (f->dir, &error);
  g_assert_no_error (error);
}

void
reframe_test_store_tear_down (ReframeTestStore *f,
                              gconstpointer     data)
{
  g_assert_finalize_object (f->store);
  reframe_test_remove_tree (f->dir);
  g_free (f->dir);
}

/* Returns: (transfer full): @name in tests/data/imports */
GFile *
reframe_test_import_file (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "imports", name, NULL);

  return g_file_new_for_path (path);
}

/**
 * reframe_test_read_import:
 * @name: a file or folder in tests/data/imports
 * @expected_id: (nullable): the reader detection must choose, or %NULL for any
 *
 * Returns: (transfer full): what the reader detection chose makes of @name
 */
ReframeImportBatch *
reframe_test_read_import (const char *name,
                          const char *expected_id)
{
  g_autoptr (GFile) file = reframe_test_import_file (name);
  g_autoptr (GError) error = NULL;
  const ReframeImporter *importer = reframe_import_detect (file, &error);
  ReframeImportBatch    *batch;

  g_assert_no_error (error);
  if (expected_id != NULL)
    g_assert_cmpstr (reframe_importer_get_id (importer), ==, expected_id);
  batch = reframe_importer_read (importer, file, NULL, &error);
  g_assert_no_error (error);
  if (expected_id != NULL)
    g_assert_cmpstr (reframe_import_batch_get_format_id (batch), ==, expected_id);
  return batch;
}

/**
 * reframe_test_run_cli:
 * @args: the arguments after `reframe` (the binary named by $REFRAME_BIN)
 * @out: (out) (optional): what it printed on stdout
 *
 * Returns: its exit status, or -1 when it did not exit
 */
int
reframe_test_run_cli (const char *const *args,
                      char             **out)
{
  return reframe_test_cli_runv (&(ReframeTestCli){ 0 }, args, out, NULL);
}

/* The whole of @fd's file, from its start; closes @fd. */
static char *
read_caught (int fd)
{
  g_autoptr (GString) text = g_string_new (NULL);
  char    buffer[4096];
  ssize_t n;

  lseek (fd, 0, SEEK_SET);
  while ((n = read (fd, buffer, sizeof buffer)) > 0)
    g_string_append_len (text, buffer, n);
  close (fd);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static int
make_caught (const char *name)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), name, NULL);
  int              fd = g_mkstemp (path);

  g_assert_cmpint (fd, >=, 0);
  g_unlink (path);
  return fd;
}

static int
run_in_process (GPtrArray *argv,
                char     **out,
                char     **err)
{
  int saved_out = dup (STDOUT_FILENO), saved_err = dup (STDERR_FILENO);
  int out_fd = make_caught ("reframe-cli-out-XXXXXX");
  int err_fd = make_caught ("reframe-cli-err-XXXXXX");
  /* Option parsing takes the arguments it reads out of the array it is given: a copy of
   * the pointers, so that every string is still freed with @argv. */
  g_autofree char **parsed = g_memdup2 (argv->pdata, sizeof (char *) * argv->len);
  g_autofree char  *caught_out = NULL;
  g_autofree char  *caught_err = NULL;
  int               status;

  fflush (stdout);
  fflush (stderr);
  dup2 (out_fd, STDOUT_FILENO);
  dup2 (err_fd, STDERR_FILENO);
  status = reframe_cli_run (argv->len - 1, parsed);
  fflush (stdout);
  fflush (stderr);
  dup2 (saved_out, STDOUT_FILENO);
  dup2 (saved_err, STDERR_FILENO);
  close (saved_out);
  close (saved_err);

  caught_out = read_caught (out_fd);
  caught_err = read_caught (err_fd);
  if (out != NULL)
    *out = g_steal_pointer (&caught_out);
  if (err != NULL)
    *err = g_steal_pointer (&caught_err);
  return status;
}

static int
run_program (const ReframeTestCli *how,
             GPtrArray            *argv,
             char                **out,
             char                **err)
{
  GSubprocessFlags flags = G_SUBPROCESS_FLAGS_NONE;
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;

  if (how->input != NULL)
    flags |= G_SUBPROCESS_FLAGS_STDIN_PIPE;
  if (out != NULL)
    flags |= G_SUBPROCESS_FLAGS_STDOUT_PIPE;
  if (err != NULL)
    flags |= G_SUBPROCESS_FLAGS_STDERR_PIPE;
  else if (how->quiet)
    flags |= G_SUBPROCESS_FLAGS_STDERR_SILENCE;
  launcher = g_subprocess_launcher_new (flags);
  if (how->no_terminal)
    g_subprocess_launcher_set_child_setup (launcher, (GSpawnChildSetupFunc) setsid, NULL, NULL);
  else if (how->setup != NULL)
    g_subprocess_launcher_set_child_setup (launcher, how->setup, how->setup_data, NULL);
  if (how->without_api_key)
    g_subprocess_launcher_unsetenv (launcher, "REFRAME_API_KEY");
  g_ptr_array_insert (argv, 0, g_strdup (g_getenv ("REFRAME_BIN")));
  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, how->input, NULL, out, err, &error));
  g_assert_no_error (error);
  if (!g_subprocess_get_if_exited (process))
    return -1;
  return g_subprocess_get_exit_status (process);
}

/**
 * reframe_test_cli_runv:
 * @how: how to run it, and the data folder
 * @args: the arguments after `reframe`
 * @out: (out) (optional): what it printed on stdout; what it held before is freed
 * @err: (out) (optional): what it printed on stderr; likewise
 *
 * Returns: its exit status, or -1 when it did not exit
 */
int
reframe_test_cli_runv (const ReframeTestCli *how,
                       const char *const    *args,
                       char                **out,
                       char                **err)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);

  if (how->command != NULL)
    g_ptr_array_add (argv, g_strdup (how->command));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  if (how->data_dir != NULL)
    {
      g_ptr_array_add (argv, g_strdup ("--data-dir"));
      g_ptr_array_add (argv, g_strdup (how->data_dir));
    }
  g_ptr_array_add (argv, NULL);
  if (out != NULL)
    g_clear_pointer (out, g_free);
  if (err != NULL)
    g_clear_pointer (err, g_free);
  if (how->in_process)
    return run_in_process (argv, out, err);
  return run_program (how, argv, out, err);
}

/* The same with the arguments one by one: @first, then @rest up to %NULL. */
int
reframe_test_cli_run_valist (const ReframeTestCli *how,
                             char                **out,
                             char                **err,
                             const char           *first,
                             va_list               rest)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();

  for (const char *arg = first; arg != NULL; arg = va_arg (rest, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  g_ptr_array_add (args, NULL);
  return reframe_test_cli_runv (how, (const char *const *) args->pdata, out, err);
}

/* The same with the arguments one by one, ending with %NULL. */
int
reframe_test_cli_run (const ReframeTestCli *how,
                      char                **out,
                      char                **err,
                      ...)
{
  va_list ap;
  int     status;

  va_start (ap, err);
  status = reframe_test_cli_run_valist (how, out, err, va_arg (ap, const char *), ap);
  va_end (ap);
  return status;
}

void
reframe_test_spin_idle (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/**
 * reframe_test_wait_for:
 *
 * Runs the main context until @condition holds, for up to @timeout_ms.
 *
 * Returns: whether it held in time
 */
gboolean
reframe_test_wait_for (ReframeTestCondition condition,
                       gpointer             data,
                       guint                timeout_ms)
{
  gint64 end = g_get_monotonic_time () + timeout_ms * G_TIME_SPAN_MILLISECOND;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  return TRUE;
}

/**
 * reframe_test_server_program_start:
 * @...: the program's arguments, ending with %NULL
 *
 * Starts the fake model server as a program and reads the URI it serves.
 */
void
reframe_test_server_program_start (ReframeTestServerProgram *server,
                                   ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  const char *arg;
  va_list     ap;

  g_ptr_array_add (argv, g_test_build_filename (G_TEST_BUILT, "reframe-fake-model-server", NULL));
  va_start (ap, server);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  server->process =
      g_subprocess_newv ((const char *const *) argv->pdata,
                         G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                         &error);
  g_assert_no_error (error);
  server->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  server->uri = g_data_input_stream_read_line_utf8 (server->out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (server->uri, "http://127.0.0.1:"));
}

/* Returns: (transfer full): the server's one-line answer to @command. */
char *
reframe_test_server_program_ask (ReframeTestServerProgram *server,
                                 const char               *command)
{
  g_autofree char *line = g_strconcat (command, "\n", NULL);
  g_autoptr (GError) error = NULL;
  char *answer;

  g_output_stream_write_all (
      g_subprocess_get_stdin_pipe (server->process), line, strlen (line), NULL, NULL, &error);
  g_assert_no_error (error);
  answer = g_data_input_stream_read_line_utf8 (server->out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (answer);
  return answer;
}

/* Ends the program (it stops when its stdin closes) and checks that it ended well. */
void
reframe_test_server_program_stop (ReframeTestServerProgram *server)
{
  g_autoptr (GError) error = NULL;

  g_output_stream_close (g_subprocess_get_stdin_pipe (server->process), NULL, &error);
  g_assert_no_error (error);
  g_subprocess_wait_check (server->process, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&server->out);
  g_clear_object (&server->process);
  g_clear_pointer (&server->uri, g_free);
}

/* A completed worksheet of @template_id with @answers, scored as the app scores it. */
char *
reframe_test_add_worksheet (ReframeStore            *store,
                            ReframeTemplateRegistry *registry,
                            const char              *template_id,
                            const char              *answers,
                            const char              *iso_time,
                            gboolean                 private_)
{
  g_autoptr (GDateTime) time = g_date_time_new_from_iso8601 (iso_time, NULL);
  g_autoptr (JsonNode) node = json_from_string (answers, NULL);
  g_autoptr (ReframeWorksheet) worksheet = reframe_worksheet_new (template_id, 1);
  ReframeTemplate *template = reframe_template_registry_lookup (registry, template_id, 1);
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (time);
  g_assert_nonnull (node);
  g_assert_nonnull (template);
  reframe_worksheet_set_answers (worksheet, json_node_get_object (node));
  reframe_worksheet_set_status (worksheet, REFRAME_WORKSHEET_COMPLETED);
  reframe_worksheet_set_private (worksheet, private_);
  if (reframe_template_get_kind (template) == REFRAME_TEMPLATE_KIND_QUESTIONNAIRE)
    {
      g_autoptr (ReframeQuestionnaireScore) score =
          reframe_template_score (template, json_node_get_object (node), &error);

      g_assert_no_error (error);
      reframe_worksheet_set_score (worksheet, score->score);
      reframe_worksheet_set_band (worksheet, score->band_label);
    }
  g_assert_true (_reframe_worksheet_repository_save_at (
      reframe_store_get_worksheets (store), worksheet, time, time, time, &error));
  g_assert_no_error (error);
  return g_strdup (reframe_worksheet_get_uuid (worksheet));
}
