/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-import.c: writing a batch into the journal, all or nothing.
 *
 * The import runs on a connection of its own, in one transaction: a failure anywhere
 * (a full disk, a record the journal refuses, a cancel) rolls everything back, and the
 * journal is as it was. A backup is made first when the caller set a way to make one.
 * Photos an archive brings are written beside the journal once the transaction is
 * committed, and custom templates into the templates folder.
 */

#define G_LOG_DOMAIN "ReframeImport"

#include "config.h"

#include <errno.h>
#include "reframe-i18n.h"
#include <glib/gstdio.h>
#include <string.h>

#include "reframe-import-batch-private.h"
#include "reframe-import-private.h"
#include "reframe-mood-repository-private.h"
#include "reframe-store-private.h"

static GMutex                  backup_lock;
static ReframeImportBackupFunc backup_func;
static gpointer                backup_data;

/**
 * reframe_import_set_backup_func:
 * @func: (nullable): makes a backup of the journal; %NULL for none
 *
 * Sets how every later import backs the journal up before it writes (the backups API).
 * The function runs on the thread the import runs on.
 */
void
reframe_import_set_backup_func (ReframeImportBackupFunc func,
                                gpointer                user_data)
{
  g_mutex_lock (&backup_lock);
  backup_func = func;
  backup_data = user_data;
  g_mutex_unlock (&backup_lock);
}

static gboolean
make_backup (ReframeStore *store,
             GError      **error)
{
  ReframeImportBackupFunc func;
  gpointer                data;
  g_autoptr (GError) local_error = NULL;

  g_mutex_lock (&backup_lock);
  func = backup_func;
  data = backup_data;
  g_mutex_unlock (&backup_lock);
  if (func == NULL || func (store, data, &local_error))
    return TRUE;
  g_set_error (
      error,
      REFRAME_IMPORT_ERROR,
      REFRAME_IMPORT_ERROR_BACKUP,
      _ ("Reframe could not back up the journal before importing, so it imported nothing: %s"),
      local_error ? local_error->message : _ ("unknown error"));
  return FALSE;
}

/**
 * _reframe_import_make_backup:
 *
 * Makes the backup every import makes before it writes (a homework plan's too).
 *
 * Returns: %TRUE when made (or none is set up); else %FALSE with
 *   %REFRAME_IMPORT_ERROR_BACKUP saying that nothing was imported
 */
gboolean
_reframe_import_make_backup (ReframeStore *store,
                             GError      **error)
{
  return make_backup (store, error);
}

static void
sum_result (ReframeImportResult *result)
{
  result->n_added = result->n_skipped = result->n_updated = 0;
  for (guint kind = 0; kind < REFRAME_IMPORT_N_KINDS; kind++)
    {
      result->n_added += result->added[kind];
      result->n_skipped += result->skipped[kind];
      result->n_updated += result->updated[kind];
    }
}

static gboolean
write_records (ReframeImportWriter *writer,
               ReframeImportBatch  *batch,
               GCancellable        *cancellable,
               GError             **error)
{
  for (guint kind = 0; kind < REFRAME_IMPORT_N_KINDS; kind++)
    {
      for (guint i = 0; reframe_import_batch_get_record (batch, kind, i) != NULL; i++)
        {
          gpointer    record = reframe_import_batch_get_record (batch, kind, i);
          const char *source_id = reframe_import_batch_get_source_id (batch, kind, i);
          gboolean    ok;

          if (i % 256 == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          if (kind == REFRAME_IMPORT_MOOD_ENTRY)
            ok = _reframe_import_write_mood_entry (writer, record, NULL, NULL, source_id, error);
          else if (kind == REFRAME_IMPORT_WORKSHEET)
            {
              g_autoptr (JsonObject) object = _reframe_import_worksheet_to_record (record);

              ok = _reframe_import_write_worksheet (writer, object, source_id, error);
            }
          else
            {
              g_set_error (error,
                           REFRAME_IMPORT_ERROR,
                           REFRAME_IMPORT_ERROR_FAILED,
                           _ ("Reframe cannot yet import %s from %s."),
                           reframe_import_kind_get_label (kind, 2),
                           reframe_import_batch_get_format_name (batch));
              ok = FALSE;
            }
          if (!ok)
            {
              g_prefix_error (error,
                              _ ("Record %u of the %s: "),
                              i + 1,
                              reframe_import_kind_get_label (kind, 2));
              return FALSE;
            }
        }
    }
  return TRUE;
}

/* Writes the photos an archive brought, each a private file; one already there is kept. */
static void
write_photos (ReframeImportWriter *writer)
{
  if (writer->photos == NULL || writer->photos->len == 0)
    return;
  if (g_mkdir_with_parents (writer->photo_dir, 0700) != 0)
    return;
  for (guint i = 0; i + 1 < writer->photos->len; i += 2)
    {
      const char      *name = g_ptr_array_index (writer->photos, i);
      GBytes          *bytes = g_ptr_array_index (writer->photos, i + 1);
      g_autofree char *path = NULL;
      g_autoptr (GFile) file = NULL;
      g_autoptr (GError) error = NULL;

      if (strchr (name, '/') != NULL || name[0] == '.' || name[0] == '\0')
        continue;
      path = g_build_filename (writer->photo_dir, name, NULL);
      if (g_file_test (path, G_FILE_TEST_EXISTS))
        continue;
      file = g_file_new_for_path (path);
      if (!g_file_replace_contents (file,
                                    g_bytes_get_data (bytes, NULL),
                                    g_bytes_get_size (bytes),
                                    NULL,
                                    FALSE,
                                    G_FILE_CREATE_PRIVATE,
                                    NULL,
                                    NULL,
                                    &error))
        g_debug ("A photo from the archive could not be written: %s", error->message);
    }
}

static gboolean
apply_on (sqlite3             *db,
          ReframeImportWriter *writer,
          ReframeImportBatch  *batch,
          GCancellable        *cancellable,
          GError             **error)
{
  JsonObject *archive = _reframe_import_batch_get_archive (batch);
  gboolean    ok;

  if (!_reframe_store_exec (db, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (archive != NULL)
    ok = _reframe_archive_apply (writer, archive, cancellable, error);
  else
    ok = write_records (writer, batch, cancellable, error);
  if (ok && g_cancellable_set_error_if_cancelled (cancellable, error))
    ok = FALSE;
  if (ok && _reframe_store_exec (db, "COMMIT", error))
    return TRUE;
  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

/* Says in @error's message that nothing was imported: a full disk in words of its own
 * (which record was being written means nothing to the person), anything else after
 * what went wrong. A cancel is left as it is. */
static void
say_nothing_imported (GError *error)
{
  char *message;

  if (error == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (g_error_matches (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_DISK_FULL))
    message = g_strdup (_ ("The disk is full, so nothing was imported; the journal is as it was. "
                           "Free some space and try again."));
  else
    /* Translators: what went wrong, a sentence ending with a full stop. */
    message =
        g_strdup_printf (_ ("%s Nothing was imported; the journal is as it was."), error->message);
  g_free (error->message);
  error->message = message;
}

/* Runs on any thread: the store's main connection is used only for its integrity check. */
static gboolean
apply_import (ReframeStore        *store,
              const char          *path,
              ReframeImportBatch  *batch,
              ReframeImportResult *out,
              GCancellable        *cancellable,
              GError             **error)
{
  ReframeImportResult result = { { 0 } };
  ReframeImportWriter writer = { 0 };
  g_autofree char    *photo_dir = NULL;
  JsonObject         *archive = _reframe_import_batch_get_archive (batch);
  ReframeStmtCache   *cache;
  sqlite3            *db;
  gboolean            ok;
  GError             *local_error = NULL;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  /* A failed backup says itself that nothing was imported. */
  if (_reframe_store_require_writer (store, &local_error) == NULL ||
      !make_backup (store, error) ||
      (db = _reframe_store_open_writer_at (path, &local_error)) == NULL)
    {
      if (local_error != NULL)
        {
          say_nothing_imported (local_error);
          g_propagate_error (error, local_error);
        }
      return FALSE;
    }

  photo_dir = g_build_filename (reframe_store_get_data_dir (store), "toolbox", NULL);
  writer.db = db;
  writer.format = reframe_import_batch_get_format_id (batch);
  writer.result = &result;
  writer.merge = archive != NULL;
  writer.now = _reframe_store_now_iso ();
  writer.photo_dir = photo_dir;
  writer.photos = g_ptr_array_new_with_free_func ((GDestroyNotify) g_free);
  cache = _reframe_stmt_cache_new (db);
  _reframe_stmt_cache_set_current (cache);
  ok = apply_on (db, &writer, batch, cancellable, &local_error);
  _reframe_stmt_cache_set_current (NULL);
  _reframe_stmt_cache_free (cache);
  sqlite3_close (db);
  if (ok)
    {
      write_photos (&writer);
      if (archive != NULL)
        _reframe_archive_install_templates (archive, reframe_store_get_data_dir (store));
    }
  for (guint i = 1; i < writer.photos->len; i += 2)
    {
      g_bytes_unref (g_ptr_array_index (writer.photos, i));
      writer.photos->pdata[i] = NULL;
    }
  g_ptr_array_unref (writer.photos);
  g_free (writer.now);
  if (!ok)
    {
      say_nothing_imported (local_error);
      g_propagate_error (error, local_error);
      return FALSE;
    }
  sum_result (&result);
  if (out != NULL)
    *out = result;
  return TRUE;
}

/**
 * reframe_import_apply:
 * @out: (out caller-allocates) (optional): what was added and skipped
 *
 * Writes @batch into the journal in one transaction, after the backup (see
 * reframe_import_set_backup_func()). Blocks: on the main thread use
 * reframe_import_apply_async().
 *
 * Returns: %TRUE when committed; on failure nothing was written
 */
gboolean
reframe_import_apply (ReframeStore        *store,
                      ReframeImportBatch  *batch,
                      ReframeImportResult *out,
                      GCancellable        *cancellable,
                      GError             **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (REFRAME_IS_STORE (store), FALSE);
  g_return_val_if_fail (REFRAME_IS_IMPORT_BATCH (batch), FALSE);

  path = _reframe_store_dup_path_for_reader (store);
  if (!apply_import (store, path, batch, out, cancellable, error))
    return FALSE;
  _reframe_mood_repository_emit_reload (reframe_store_get_moods (store));
  return TRUE;
}

typedef struct
{
  ReframeImportBatch *batch;
  char               *path;
} ApplyData;

static void
apply_data_free (ApplyData *data)
{
  g_object_unref (data->batch);
  g_free (data->path);
  g_free (data);
}

static void
apply_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  ApplyData           *data = task_data;
  ReframeImportResult *result = g_new0 (ReframeImportResult, 1);
  GError              *error = NULL;

  if (apply_import (source_object, data->path, data->batch, result, cancellable, &error))
    g_task_return_pointer (task, result, g_free);
  else
    {
      g_free (result);
      g_task_return_error (task, error);
    }
}

/**
 * reframe_import_apply_async:
 *
 * Writes @batch on a worker thread, on a connection of its own; a write the window makes
 * meanwhile waits its turn. Cancelling rolls the whole import back.
 */
void
reframe_import_apply_async (ReframeStore       *store,
                            ReframeImportBatch *batch,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;
  ApplyData *data;

  g_return_if_fail (REFRAME_IS_STORE (store));
  g_return_if_fail (REFRAME_IS_IMPORT_BATCH (batch));

  data = g_new0 (ApplyData, 1);
  data->batch = g_object_ref (batch);
  data->path = _reframe_store_dup_path_for_reader (store);
  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, reframe_import_apply_async);
  g_task_set_task_data (task, data, (GDestroyNotify) apply_data_free);
  g_task_run_in_thread (task, apply_thread);
}

/**
 * reframe_import_apply_finish:
 * @out: (out caller-allocates) (optional): what was added and skipped
 *
 * Returns: %TRUE when committed; the journal's lists are told to reload
 */
gboolean
reframe_import_apply_finish (ReframeStore        *store,
                             GAsyncResult        *result,
                             ReframeImportResult *out,
                             GError             **error)
{
  g_autofree ReframeImportResult *counts = NULL;

  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);
  if ((counts = g_task_propagate_pointer (G_TASK (result), error)) == NULL)
    return FALSE;
  if (out != NULL)
    *out = *counts;
  _reframe_mood_repository_emit_reload (reframe_store_get_moods (store));
  return TRUE;
}

/**
 * reframe_import_result_to_json:
 *
 * Returns: (transfer full): {"added": {kind: n…}, "skipped": {…}, "updated": {…}}
 */
JsonNode *
reframe_import_result_to_json (const ReframeImportResult *result)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  const guint *columns[] = { result->added, result->skipped, result->updated };
  const char  *names[] = { "added", "skipped", "updated" };

  json_builder_begin_object (builder);
  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    {
      json_builder_set_member_name (builder, names[c]);
      json_builder_begin_object (builder);
      for (guint kind = 0; kind < REFRAME_IMPORT_N_KINDS; kind++)
        {
          json_builder_set_member_name (builder, reframe_import_kind_get_key (kind));
          json_builder_add_int_value (builder, columns[c][kind]);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
