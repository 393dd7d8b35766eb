/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-backups.c: the backups of one journal: made (now, daily, on quit, before a
 * restore or an import), listed, rotated, and restored.
 *
 * Where: `<data dir>/backups/` (for the default data folder,
 * `$XDG_DATA_HOME/reframe/backups/`), 0700, or a folder the person chose. Each file is
 * a whole journal, 0600, named "reframe-YYYYMMDD-HHMMSS-mmm-REASON.db" (UTC).
 *
 * Rotation, after each new backup has passed its check: of the automatic backups
 * ("daily" and "on-quit" together), the newest of each of the last 7 days, 4 weeks and
 * 12 months that have one (settable); the newest automatic one is never removed. Of
 * the others ("manual", "before-update", "before-restore", "before-import"), the
 * newest REFRAME_BACKUPS_KEEP_OTHERS (10) of each reason.
 *
 * Restore: the backup is checked (damaged or newer ones are refused), the journal as
 * it is is backed up ("before-restore"), a backup from an older Reframe is brought up
 * to date in a temporary copy, and then SQLite's online backup API writes the backup's
 * pages into the live journal in one write transaction, on a connection of its own: a
 * failure at any point leaves the journal as it was. The #ReframeStore stays open and
 * usable, and reads the restored journal from its next statement on; windows showing
 * lists should reload them (reframe_store_get_change_count() tells them it changed).
 * A write made by another program between the "before-restore" backup and the restore
 * is in neither.
 */

#define G_LOG_DOMAIN "ReframeBackups"

#include "config.h"

#include <fcntl.h>
#include "reframe-i18n.h"
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "reframe-backups-private.h"
#include "reframe-crypt-vfs.h"
#include "reframe-store-private.h"

struct _ReframeBackups
{
  GObject parent_instance;

  /* Owned */
  ReframeStore *store;
  char         *default_folder;
  char         *folder;

  guint keep_daily;
  guint keep_weekly;
  guint keep_monthly;
};

/* What a worker needs, copied: it never touches the #ReframeBackups. */
typedef struct
{
  char      *journal_path;
  char      *folder;
  char      *reason;
  char      *source;
  GDateTime *now;
  gboolean   default_folder;
  guint      keep_daily;
  guint      keep_weekly;
  guint      keep_monthly;

  /* Owned: a reference kept for reframe_store's restore mark; used only through
   * thread-safe calls. */
  ReframeStore *store;
} Job;

G_DEFINE_FINAL_TYPE (ReframeBackups, reframe_backups, G_TYPE_OBJECT)

static GPtrArray *list_folders (const char *folder,
                                const char *default_folder,
                                GError    **error);

static void
job_free (Job *job)
{
  g_free (job->journal_path);
  g_free (job->folder);
  g_free (job->reason);
  g_free (job->source);
  g_clear_pointer (&job->now, g_date_time_unref);
  g_clear_object (&job->store);
  g_free (job);
}

static Job *
job_new (ReframeBackups *self,
         const char     *reason,
         const char     *source,
         GDateTime      *now)
{
  Job *job = g_new0 (Job, 1);

  job->journal_path = g_strdup (reframe_store_get_path (self->store));
  job->folder = g_strdup (reframe_backups_get_folder (self));
  job->default_folder = self->folder == NULL;
  job->reason = g_strdup (reason);
  job->source = g_strdup (source);
  job->now = now ? g_date_time_ref (now) : g_date_time_new_now_utc ();
  job->keep_daily = self->keep_daily;
  job->keep_weekly = self->keep_weekly;
  job->keep_monthly = self->keep_monthly;
  job->store = g_object_ref (self->store);
  return job;
}

static char *
run_create (Job          *job,
            GCancellable *cancellable,
            GError      **error)
{
  char *path;

  if (!_reframe_backups_prepare_folder (job->folder, job->default_folder, error))
    return NULL;
  path = _reframe_backups_write (
      job->journal_path, job->folder, job->reason, job->now, cancellable, error);
  /* Only once the new backup has passed its check do the oldest go. */
  if (path != NULL)
    _reframe_backups_rotate (
        job->folder, NULL, job->keep_daily, job->keep_weekly, job->keep_monthly);
  return path;
}

static gboolean
is_same_file (const char *a,
              const char *b)
{
  struct stat sa, sb;

  return g_stat (a, &sa) == 0 && g_stat (b, &sb) == 0 && sa.st_dev == sb.st_dev &&
         sa.st_ino == sb.st_ino;
}

static gboolean
fail_restore (GError **error,
              sqlite3 *db,
              int      rc)
{
  g_autoptr (GError) local_error = NULL;

  _reframe_store_fail (&local_error, db, rc);
  if (g_error_matches (local_error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_DISK_FULL))
    g_set_error_literal (error,
                         REFRAME_STORE_ERROR,
                         REFRAME_STORE_ERROR_DISK_FULL,
                         _ ("There is no room left on the disk to restore the backup. Free some "
                            "space and try again. Your journal is as it was."));
  else
    g_set_error (error,
                 local_error->domain,
                 local_error->code,
                 _ ("The backup could not be restored (%s). Your journal is as it was."),
                 db ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
  return FALSE;
}

/* Writes every page of @source_path into the journal in one write transaction (which
 * waits its turn behind other writers), synced before it counts as done. */
static gboolean
copy_into_journal (const char *source_path,
                   const char *journal_path,
                   GError    **error)
{
  g_autoptr (GError) local_error = NULL;
  sqlite3        *source = _reframe_backups_open_file (source_path, error);
  sqlite3        *dest = NULL;
  sqlite3_backup *backup;
  int             rc = SQLITE_OK;

  if (source == NULL)
    return FALSE;
  if ((dest = _reframe_store_open_writer_at (journal_path, &local_error)) == NULL)
    {
      sqlite3_close (source);
      g_propagate_prefixed_error (
          error,
          g_steal_pointer (&local_error),
          _ ("The backup could not be restored. Your journal is as it was. "));
      return FALSE;
    }
  sqlite3_exec (dest, "PRAGMA synchronous = FULL", NULL, NULL, NULL);
  if ((backup = sqlite3_backup_init (dest, "main", source, "main")) == NULL)
    rc = sqlite3_extended_errcode (dest);
  else
    {
      rc = sqlite3_backup_step (backup, -1);
      rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
      if (sqlite3_backup_finish (backup) != SQLITE_OK && rc == SQLITE_OK)
        rc = sqlite3_extended_errcode (dest);
    }
  sqlite3_close (source);
  if (rc != SQLITE_OK)
    fail_restore (error, dest, rc);
  sqlite3_close (dest);
  return rc == SQLITE_OK;
}

static gboolean
copy_into_new (const char *source_path,
               const char *journal,
               GError    **error)
{
  int fd = g_open (journal, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

  if (fd >= 0)
    close (fd);
  return copy_into_journal (source_path, journal, error);
}

/* An encrypted journal takes only pages with room for their nonce and tag: a plain
 * backup is first written, encrypted with the journal's key, into a copy that has it.
 * The key is the copy's for as long as the restore runs. */
static gboolean
copy_encrypted (const char      *source_path,
                const char      *journal,
                ReframeCryptKey *key,
                GError         **error)
{
  sqlite3 *source = _reframe_backups_open_file (source_path, error);
  gboolean ok;

  if (source == NULL)
    return FALSE;
  reframe_crypt_vfs_set_key (journal, key);
  ok = _reframe_store_vacuum_into (source, journal, error);
  sqlite3_close (source);
  return ok;
}

/* A backup from an older Reframe, or a plain one for an encrypted journal, copied into @temp_dir
 * and brought up to date there, as the journal would be when opened. */
static char *
dup_updated_copy (const char      *source_path,
                  const char      *temp_dir,
                  ReframeCryptKey *key,
                  GError         **error)
{
  g_autofree char *journal = g_build_filename (temp_dir, "reframe.db", NULL);
  g_autoptr (GError) local_error = NULL;
  ReframeStore *store;

  if (!(key != NULL ? copy_encrypted (source_path, journal, key, error)
                    : copy_into_new (source_path, journal, error)))
    return NULL;
  if ((store = _reframe_store_open_unbacked (temp_dir, &local_error)) == NULL)
    {
      g_propagate_prefixed_error (
          error,
          g_steal_pointer (&local_error),
          _ ("The backup could not be brought up to this version of Reframe, so "
             "nothing was restored. "));
      return NULL;
    }
  g_object_unref (store);
  return g_steal_pointer (&journal);
}

static gboolean
back_up_before_restore (Job          *job,
                        GCancellable *cancellable,
                        GError      **error)
{
  g_autofree char *before = NULL;

  if (!_reframe_backups_prepare_folder (job->folder, job->default_folder, error) ||
      (before = _reframe_backups_write (job->journal_path,
                                        job->folder,
                                        REFRAME_BACKUP_REASON_BEFORE_RESTORE,
                                        job->now,
                                        cancellable,
                                        error)) == NULL)
    {
      g_prefix_error (
          error,
          _ ("Reframe could not first back up your journal as it is, so it restored nothing. "));
      return FALSE;
    }
  _reframe_backups_rotate (job->folder, REFRAME_BACKUP_REASON_BEFORE_RESTORE, 0, 0, 0);
  return TRUE;
}

static gboolean
run_restore (Job          *job,
             GCancellable *cancellable,
             GError      **error)
{
  g_autoptr (ReframeBackupInfo) info = NULL;
  g_autofree char *temp_dir = NULL;
  g_autofree char *updated = NULL;
  g_autoptr (ReframeCryptKey) key = NULL;
  int      lock_fd = -1;
  gboolean done;

  if (is_same_file (job->source, job->journal_path))
    {
      g_set_error_literal (error,
                           REFRAME_STORE_ERROR,
                           REFRAME_STORE_ERROR_INVALID,
                           _ ("This file is the journal itself, not a backup of it."));
      return FALSE;
    }
  if ((info = reframe_backup_inspect (job->source, error)) == NULL)
    return FALSE;
  if (!back_up_before_restore (job, cancellable, error) ||
      g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  key = reframe_crypt_vfs_probe (job->source) != REFRAME_CRYPT_FILE_ENCRYPTED
            ? reframe_crypt_vfs_dup_key (job->journal_path)
            : NULL;
  if (info->schema_version == REFRAME_STORE_SCHEMA_VERSION && key == NULL)
    done = copy_into_journal (job->source, job->journal_path, error);
  else
    {
      if ((temp_dir = _reframe_backups_make_temp_dir (job->folder, &lock_fd, error)) == NULL)
        return FALSE;
      done = (updated = dup_updated_copy (job->source, temp_dir, key, error)) != NULL &&
             !g_cancellable_set_error_if_cancelled (cancellable, error) &&
             copy_into_journal (updated, job->journal_path, error);
      if (updated != NULL)
        reframe_crypt_vfs_set_key (updated, NULL);
      _reframe_backups_remove_temp_dir (temp_dir, lock_fd);
    }
  if (done)
    _reframe_store_note_restored (job->store);
  return done;
}

static void
reframe_backups_finalize (GObject *object)
{
  ReframeBackups *self = (ReframeBackups *) object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->default_folder, g_free);
  g_clear_pointer (&self->folder, g_free);

  G_OBJECT_CLASS (reframe_backups_parent_class)->finalize (object);
}

static void
reframe_backups_class_init (ReframeBackupsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = reframe_backups_finalize;
}

static void
reframe_backups_init (ReframeBackups *self)
{
  self->keep_daily = REFRAME_BACKUPS_KEEP_DAILY;
  self->keep_weekly = REFRAME_BACKUPS_KEEP_WEEKLY;
  self->keep_monthly = REFRAME_BACKUPS_KEEP_MONTHLY;
}

/**
 * reframe_backups_new:
 * @store: the journal to back up and restore
 *
 * Returns: (transfer full): the backups of @store's journal, in its default folder
 */
ReframeBackups *
reframe_backups_new (ReframeStore *store)
{
  ReframeBackups *self;

  g_return_val_if_fail (REFRAME_IS_STORE (store), NULL);

  self = g_object_new (REFRAME_TYPE_BACKUPS, NULL);
  self->store = g_object_ref (store);
  self->default_folder = _reframe_backups_dup_default_folder (reframe_store_get_data_dir (store));
  return self;
}

/**
 * reframe_backups_get_folder:
 *
 * Returns: (transfer none): the folder backups go to
 */
const char *
reframe_backups_get_folder (ReframeBackups *self)
{
  g_return_val_if_fail (REFRAME_IS_BACKUPS (self), NULL);
  return self->folder ? self->folder : self->default_folder;
}

/**
 * reframe_backups_set_folder:
 * @folder: (nullable): another folder (another disk, a synced folder), or %NULL or ""
 *   for the default
 *
 * Backups made from now on go there. A folder the person chose is made if missing
 * (0700), but its permissions are left as they are; the backups in it are 0600. Copies
 * made before a format update always go to the default folder, as they are made while
 * the journal opens.
 */
void
reframe_backups_set_folder (ReframeBackups *self,
                            const char     *folder)
{
  g_return_if_fail (REFRAME_IS_BACKUPS (self));

  g_clear_pointer (&self->folder, g_free);
  if (folder != NULL && *folder != '\0')
    self->folder = g_canonicalize_filename (folder, NULL);
  if (g_strcmp0 (self->folder, self->default_folder) == 0)
    g_clear_pointer (&self->folder, g_free);
}

/**
 * reframe_backups_set_keep:
 *
 * How many automatic backups rotation keeps: the newest of each of the last @daily days,
 * @weekly weeks and @monthly months. Applies from the next backup on.
 */
void
reframe_backups_set_keep (ReframeBackups *self,
                          guint           daily,
                          guint           weekly,
                          guint           monthly)
{
  g_return_if_fail (REFRAME_IS_BACKUPS (self));

  self->keep_daily = daily;
  self->keep_weekly = weekly;
  self->keep_monthly = monthly;
}

/**
 * reframe_backups_list:
 *
 * Lists the backups in the folder (and, when another folder is chosen, the copies made
 * before format updates in the default one), newest first, with what each holds. A file
 * that cannot be read is listed with @schema_version 0 and no counts. Removes the
 * temporary files of backups that were killed. Opens every backup: off the main thread
 * for many large ones.
 *
 * Returns: (transfer full) (element-type ReframeBackupInfo): the backups
 */
GPtrArray *
reframe_backups_list (ReframeBackups *self,
                      GError        **error)
{
  g_return_val_if_fail (REFRAME_IS_BACKUPS (self), NULL);
  return list_folders (
      reframe_backups_get_folder (self), self->folder ? self->default_folder : NULL, error);
}

static void
list_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Job       *job = task_data;
  GError    *error = NULL;
  GPtrArray *found = list_folders (job->folder, job->default_folder ? NULL : job->source, &error);

  if (found != NULL)
    g_task_return_pointer (task, found, (GDestroyNotify) g_ptr_array_unref);
  else
    g_task_return_error (task, error);
}

/**
 * reframe_backups_list_async:
 *
 * reframe_backups_list() on a worker thread.
 */
void
reframe_backups_list_async (ReframeBackups     *self,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (REFRAME_IS_BACKUPS (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, reframe_backups_list_async);
  /* The job's source is the default folder, listed for its copies before updates. */
  g_task_set_task_data (
      task, job_new (self, NULL, self->default_folder, NULL), (GDestroyNotify) job_free);
  g_task_run_in_thread (task, list_thread);
}

/**
 * reframe_backups_list_finish:
 *
 * Returns: (transfer full) (element-type ReframeBackupInfo): the backups, newest first
 */
GPtrArray *
reframe_backups_list_finish (ReframeBackups *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
inspect_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError            *error = NULL;
  ReframeBackupInfo *info = reframe_backup_inspect (task_data, &error);

  if (info != NULL)
    g_task_return_pointer (task, info, (GDestroyNotify) reframe_backup_info_free);
  else
    g_task_return_error (task, error);
}

/**
 * reframe_backup_inspect_async:
 *
 * reframe_backup_inspect() on a worker thread, for the window's "Restore…".
 */
void
reframe_backup_inspect_async (const char         *path,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, reframe_backup_inspect_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, inspect_thread);
}

/**
 * reframe_backup_inspect_finish:
 *
 * Returns: (transfer full) (nullable): what the backup holds
 */
ReframeBackupInfo *
reframe_backup_inspect_finish (GAsyncResult *result,
                               GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static GPtrArray *
list_folders (const char *folder,
              const char *default_folder,
              GError    **error)
{
  GPtrArray  *found = g_ptr_array_new_with_free_func ((GDestroyNotify) reframe_backup_info_free);
  const char *folders[] = { folder, default_folder };

  for (guint f = 0; f < G_N_ELEMENTS (folders) && folders[f] != NULL; f++)
    {
      g_autoptr (GPtrArray) names = NULL;

      if (!g_file_test (folders[f], G_FILE_TEST_IS_DIR))
        continue;
      if (f == 0 && !_reframe_backups_prepare_folder (folders[f], default_folder == NULL, error))
        {
          g_ptr_array_unref (found);
          return NULL;
        }
      names = _reframe_backups_list_names (folders[f]);
      for (guint i = 0; i < names->len; i++)
        {
          ReframeBackupInfo *named = g_ptr_array_index (names, i);

          if (f == 0 || g_str_equal (named->reason, REFRAME_BACKUP_REASON_BEFORE_UPDATE))
            g_ptr_array_add (found, _reframe_backups_peek (named->path));
        }
    }
  g_ptr_array_sort (found, (GCompareFunc) _reframe_backups_compare_newest_first);
  return found;
}

gboolean
_reframe_backups_need_daily_at (ReframeBackups *self,
                                GDateTime      *now)
{
  g_autoptr (GPtrArray) names = _reframe_backups_list_names (reframe_backups_get_folder (self));
  g_autoptr (GDateTime) day_ago = g_date_time_add_hours (now, -24);
  /* A backup stamped in the future (the clock was wrong) does not count. */
  g_autoptr (GDateTime) soon = g_date_time_add_hours (now, 1);

  for (guint i = 0; i < names->len; i++)
    {
      ReframeBackupInfo *info = g_ptr_array_index (names, i);

      if (_reframe_backups_is_automatic (info->reason) &&
          g_date_time_compare (info->when, day_ago) > 0 &&
          g_date_time_compare (info->when, soon) <= 0)
        return FALSE;
    }
  return TRUE;
}

/**
 * reframe_backups_need_daily:
 *
 * Returns: %TRUE when no automatic backup ("daily" or "on-quit") was made in the last
 *   24 hours
 */
gboolean
reframe_backups_need_daily (ReframeBackups *self)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

  g_return_val_if_fail (REFRAME_IS_BACKUPS (self), FALSE);
  return _reframe_backups_need_daily_at (self, now);
}

char *
_reframe_backups_create_at (ReframeBackups *self,
                            const char     *reason,
                            GDateTime      *now,
                            GCancellable   *cancellable,
                            GError        **error)
{
  Job  *job = job_new (self, reason, NULL, now);
  char *path = run_create (job, cancellable, error);

  job_free (job);
  return path;
}

/**
 * reframe_backups_create:
 * @reason: REFRAME_BACKUP_REASON_DAILY, …_ON_QUIT, …_MANUAL, …_BEFORE_IMPORT (or another
 *   of the reasons)
 *
 * Backs up the journal now, checks the copy, then rotates. A copy that fails its check
 * is removed, the older backups are kept, and the error says so. Reads the whole
 * journal: use reframe_backups_create_async() from the window.
 *
 * Returns: (transfer full) (nullable): the new backup's path
 */
char *
reframe_backups_create (ReframeBackups *self,
                        const char     *reason,
                        GCancellable   *cancellable,
                        GError        **error)
{
  g_return_val_if_fail (REFRAME_IS_BACKUPS (self), NULL);
  g_return_val_if_fail (reason != NULL, NULL);
  return _reframe_backups_create_at (self, reason, NULL, cancellable, error);
}

static void
create_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;
  char   *path = run_create (task_data, cancellable, &error);

  if (path != NULL)
    g_task_return_pointer (task, path, g_free);
  else
    g_task_return_error (task, error);
}

/**
 * reframe_backups_create_async:
 *
 * reframe_backups_create() on a worker thread with connections of its own: the main
 * thread never waits, and may go on saving meanwhile (the backup holds the journal as
 * it was when it began).
 */
void
reframe_backups_create_async (ReframeBackups     *self,
                              const char         *reason,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (REFRAME_IS_BACKUPS (self));
  g_return_if_fail (reason != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, reframe_backups_create_async);
  g_task_set_task_data (task, job_new (self, reason, NULL, NULL), (GDestroyNotify) job_free);
  g_task_run_in_thread (task, create_thread);
}

/**
 * reframe_backups_create_finish:
 *
 * Returns: (transfer full) (nullable): the new backup's path
 */
char *
reframe_backups_create_finish (ReframeBackups *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
is_journal_file (ReframeBackups *self,
                 const char     *path)
{
  const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
  g_autofree char  *parent = g_path_get_dirname (path);
  g_autofree char  *name = g_path_get_basename (path);
  g_autofree char  *journal_name = g_path_get_basename (reframe_store_get_path (self->store));

  if (is_same_file (path, reframe_store_get_path (self->store)))
    return TRUE;
  if (!is_same_file (parent, reframe_store_get_data_dir (self->store)))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (journal_name, suffixes[i], NULL);

      if (g_str_equal (name, file))
        return TRUE;
    }
  return FALSE;
}

static gboolean
check_copy_destination (ReframeBackups *self,
                        const char     *path,
                        GError        **error)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *parent = g_path_get_dirname (path);
  struct stat      st;

  if (is_journal_file (self, path))
    {
      g_set_error (error,
                   REFRAME_STORE_ERROR,
                   REFRAME_STORE_ERROR_INVALID,
                   _ ("“%s” is the journal itself; choose another file for the copy."),
                   display);
      return FALSE;
    }
  if (!g_file_test (parent, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error,
                   REFRAME_STORE_ERROR,
                   REFRAME_STORE_ERROR_NO_FOLDER,
                   _ ("The folder of “%s” does not exist."),
                   display);
      return FALSE;
    }
  /* Overwrites an earlier copy (a nightly script), never another kind of file. */
  if (g_lstat (path, &st) == 0 &&
      (!S_ISREG (st.st_mode) ||
       (st.st_size > 0 && _reframe_backups_peek_is_journal (path) == FALSE)))
    {
      g_set_error (error,
                   REFRAME_STORE_ERROR,
                   REFRAME_STORE_ERROR_INVALID,
                   _ ("“%s” already exists and is not a Reframe backup; choose another name."),
                   display);
      return FALSE;
    }
  return TRUE;
}

/**
 * reframe_backups_copy_to:
 * @path: where the copy goes, anywhere but the journal's own files
 *
 * Writes one checked copy of the journal to @path (0600), as a backup is written,
 * outside the rotation. Replaces an earlier copy there, but no other kind of file.
 */
gboolean
reframe_backups_copy_to (ReframeBackups *self,
                         const char     *path,
                         GCancellable   *cancellable,
                         GError        **error)
{
  g_autofree char *absolute = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *written = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

  g_return_val_if_fail (REFRAME_IS_BACKUPS (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  absolute = g_canonicalize_filename (path, NULL);
  folder = g_path_get_dirname (absolute);
  if (!check_copy_destination (self, absolute, error))
    return FALSE;
  written = _reframe_backups_write_to (reframe_store_get_path (self->store),
                                       folder,
                                       absolute,
                                       REFRAME_BACKUP_REASON_MANUAL,
                                       now,
                                       cancellable,
                                       error);
  return written != NULL;
}

/**
 * reframe_backups_restore:
 * @path: the backup to restore
 *
 * Replaces the journal's content with the backup's: checks it first (a damaged one, or
 * one from a newer Reframe, is refused), backs up the journal as it is ("before-restore"),
 * brings a backup from an older Reframe up to date, then writes it into the journal in
 * one step. On any failure the journal is as it was. The store stays open and usable.
 * Reads and writes the whole journal: use reframe_backups_restore_async() from the
 * window.
 */
gboolean
reframe_backups_restore (ReframeBackups *self,
                         const char     *path,
                         GCancellable   *cancellable,
                         GError        **error)
{
  Job     *job;
  gboolean done;

  g_return_val_if_fail (REFRAME_IS_BACKUPS (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  job = job_new (self, NULL, path, NULL);
  done = run_restore (job, cancellable, error);
  job_free (job);
  return done;
}

static void
restore_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;

  if (run_restore (task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * reframe_backups_restore_async:
 *
 * reframe_backups_restore() on a worker thread with connections of its own. Saves made
 * meanwhile wait their turn and then go into the restored journal; the window should
 * not offer editing while it runs.
 */
void
reframe_backups_restore_async (ReframeBackups     *self,
                               const char         *path,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (REFRAME_IS_BACKUPS (self));
  g_return_if_fail (path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, reframe_backups_restore_async);
  g_task_set_task_data (task, job_new (self, NULL, path, NULL), (GDestroyNotify) job_free);
  g_task_run_in_thread (task, restore_thread);
}

gboolean
reframe_backups_restore_finish (ReframeBackups *self,
                                GAsyncResult   *result,
                                GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * reframe_backups_before_import:
 * @store: the journal an import is about to write to
 * @folder: (nullable) (type utf8): where backups go, %NULL for the default
 * @error: return location for why no backup could be made
 *
 * Makes the "before-import" backup; made to be given to reframe_import_set_backup_func(),
 * and safe on the import's worker thread (a ReframeBackups of its own).
 *
 * Returns: whether the backup was made and checked
 */
gboolean
reframe_backups_before_import (ReframeStore *store,
                               gpointer      folder,
                               GError      **error)
{
  g_autoptr (ReframeBackups) backups = reframe_backups_new (store);
  g_autofree char *path = NULL;

  reframe_backups_set_folder (backups, folder);
  path = reframe_backups_create (backups, REFRAME_BACKUP_REASON_BEFORE_IMPORT, NULL, error);
  return path != NULL;
}
