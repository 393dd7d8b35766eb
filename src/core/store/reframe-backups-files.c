/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-backups-files.c: the backup files themselves: names, temporary files, the
 * checked copy, and rotation (the checks, and what a backup holds, are in
 * reframe-backups-check.c).
 *
 * A backup is written with SQLite's online backup API into a private temporary file
 * (".reframe-backup-XXXXXX", 0600, no rollback journal), synced, checked
 * (integrity_check and the journal's own rules), and only then renamed to its name,
 * "reframe-YYYYMMDD-HHMMSS-mmm-REASON.db" (UTC). A copy that fails its check is removed
 * and nothing else is touched.
 *
 * A temporary file is held with flock() by its writer. One whose writer was killed
 * holds no lock, and the next backup, restore or listing in that folder removes it;
 * the folder itself is flock()ed while a temporary is made, so that one just made is
 * never taken for an abandoned one.
 */

#define G_LOG_DOMAIN "ReframeBackups"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include "reframe-i18n.h"
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "reframe-backups-private.h"
#include "reframe-crypt-vfs.h"
#include "reframe-journal-crypt.h"
#include "reframe-store-private.h"

#define TEMP_FILE_PREFIX ".reframe-backup-"
#define TEMP_DIR_PREFIX  ".reframe-restore-"
#define NAME_PREFIX      "reframe-"
#define NAME_SUFFIX      ".db"

static const char *const reasons[] = {
  REFRAME_BACKUP_REASON_DAILY,
  REFRAME_BACKUP_REASON_ON_QUIT,
  REFRAME_BACKUP_REASON_MANUAL,
  REFRAME_BACKUP_REASON_BEFORE_UPDATE,
  REFRAME_BACKUP_REASON_BEFORE_RESTORE,
  REFRAME_BACKUP_REASON_BEFORE_IMPORT,
};

G_DEFINE_BOXED_TYPE (ReframeBackupInfo,
                     reframe_backup_info,
                     reframe_backup_info_copy,
                     reframe_backup_info_free)

ReframeBackupInfo *
reframe_backup_info_copy (const ReframeBackupInfo *info)
{
  ReframeBackupInfo *copy = g_new0 (ReframeBackupInfo, 1);

  *copy = *info;
  copy->path = g_strdup (info->path);
  copy->when = info->when ? g_date_time_ref (info->when) : NULL;
  copy->reason = g_strdup (info->reason);
  return copy;
}

void
reframe_backup_info_free (ReframeBackupInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->path);
  g_clear_pointer (&info->when, g_date_time_unref);
  g_free (info->reason);
  g_free (info);
}

char *
_reframe_backups_dup_default_folder (const char *data_dir)
{
  return g_build_filename (data_dir, "backups", NULL);
}

static gboolean
is_known_reason (const char *reason)
{
  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    if (g_strcmp0 (reason, reasons[i]) == 0)
      return TRUE;
  return FALSE;
}

static char *
dup_name_for (GDateTime  *when,
              const char *reason)
{
  g_autoptr (GDateTime) utc = g_date_time_to_utc (when);
  g_autofree char *stamp = g_date_time_format (utc, "%Y%m%d-%H%M%S");

  return g_strdup_printf (NAME_PREFIX "%s-%03d-%s" NAME_SUFFIX,
                          stamp,
                          g_date_time_get_microsecond (utc) / 1000,
                          reason);
}

/**
 * _reframe_backups_parse_name:
 *
 * Returns: (transfer full) (nullable): the time and reason a backup's name gives, with
 *   its path; the counts are left at zero. %NULL for any other name.
 */
ReframeBackupInfo *
_reframe_backups_parse_name (const char *folder,
                             const char *name)
{
  guint              year, month, day, hour, minute, second, ms;
  int                consumed = 0;
  g_autofree char   *reason = NULL;
  ReframeBackupInfo *info;
  gsize              length = strlen (name);

  if (!g_str_has_prefix (name, NAME_PREFIX) || !g_str_has_suffix (name, NAME_SUFFIX))
    return NULL;
  if (sscanf (name,
              NAME_PREFIX "%4u%2u%2u-%2u%2u%2u-%3u-%n",
              &year,
              &month,
              &day,
              &hour,
              &minute,
              &second,
              &ms,
              &consumed) != 7 ||
      consumed != (int) strlen (NAME_PREFIX "YYYYMMDD-HHMMSS-mmm-"))
    return NULL;
  reason = g_strndup (name + consumed, length - consumed - strlen (NAME_SUFFIX));
  if (!is_known_reason (reason) || !g_date_valid_dmy (day, month, year) || hour > 23 ||
      minute > 59 || second > 59)
    return NULL;

  info = g_new0 (ReframeBackupInfo, 1);
  info->path = g_build_filename (folder, name, NULL);
  info->when = g_date_time_new_utc (year, month, day, hour, minute, second + ms / 1000.0);
  info->reason = g_steal_pointer (&reason);
  g_date_clear (&info->first_day, 1);
  g_date_clear (&info->last_day, 1);
  if (info->when == NULL)
    g_clear_pointer (&info, reframe_backup_info_free);
  return info;
}

/* Folders and temporary files */

static int
lock_folder (const char *folder)
{
  int fd = g_open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

  if (fd >= 0)
    flock (fd, LOCK_EX);
  return fd;
}

static void
unlock_folder (int fd)
{
  if (fd >= 0)
    close (fd);
}

static gboolean
is_unlocked (const char *path)
{
  int      fd = g_open (path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC, 0);
  gboolean unlocked;

  if (fd < 0)
    return errno == ENOENT;
  unlocked = flock (fd, LOCK_EX | LOCK_NB) == 0;
  close (fd);
  return unlocked;
}

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_unlink (child);
    }
  g_rmdir (path);
}

/* Temporary files and folders of backups and restores that were killed. */
static void
remove_abandoned (const char *folder)
{
  g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;
  int         lock = lock_folder (folder);

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);

      if (g_str_has_prefix (name, TEMP_FILE_PREFIX) && g_str_has_suffix (name, "-journal"))
        {
          /* The journal of a copy's last step goes with its copy. */
          g_autofree char *copy = g_strndup (path, strlen (path) - strlen ("-journal"));

          if (is_unlocked (copy))
            g_unlink (path);
        }
      else if (g_str_has_prefix (name, TEMP_FILE_PREFIX) && is_unlocked (path))
        g_unlink (path);
      else if (g_str_has_prefix (name, TEMP_DIR_PREFIX))
        {
          g_autofree char *lock_path = g_build_filename (path, "lock", NULL);

          if (is_unlocked (lock_path))
            remove_tree (path);
        }
    }
  unlock_folder (lock);
}

gboolean
_reframe_backups_prepare_folder (const char *folder,
                                 gboolean    make_private,
                                 GError    **error)
{
  struct stat st;

  if (g_mkdir_with_parents (folder, 0700) != 0 || !g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      int saved_errno = errno;

      g_set_error (error,
                   REFRAME_STORE_ERROR,
                   saved_errno == EACCES || saved_errno == EROFS ? REFRAME_STORE_ERROR_READ_ONLY
                                                                 : REFRAME_STORE_ERROR_NO_FOLDER,
                   _ ("The backups folder “%s” could not be made: %s."),
                   folder,
                   g_strerror (saved_errno));
      return FALSE;
    }
  if (make_private && g_stat (folder, &st) == 0 && st.st_uid == geteuid () &&
      (st.st_mode & 077) != 0)
    g_chmod (folder, st.st_mode & 07700);
  remove_abandoned (folder);
  return TRUE;
}

/* A private temporary file in @folder, flock()ed for as long as the descriptor is open. */
static int
make_temp_file (const char *folder,
                char      **path,
                GError    **error)
{
  int lock = lock_folder (folder);
  int fd;

  *path = g_build_filename (folder, TEMP_FILE_PREFIX "XXXXXX", NULL);
  fd = g_mkstemp_full (*path, O_RDWR | O_CLOEXEC, 0600);
  if (fd >= 0)
    flock (fd, LOCK_EX);
  else
    {
      int saved_errno = errno;

      g_set_error (error,
                   REFRAME_STORE_ERROR,
                   saved_errno == ENOSPC ? REFRAME_STORE_ERROR_DISK_FULL
                                         : REFRAME_STORE_ERROR_READ_ONLY,
                   _ ("Reframe cannot write a backup in “%s”: %s."),
                   folder,
                   g_strerror (saved_errno));
      g_clear_pointer (path, g_free);
    }
  unlock_folder (lock);
  return fd;
}

/**
 * _reframe_backups_make_temp_dir:
 *
 * Returns: (transfer full) (nullable): a private temporary folder in @folder, held by
 *   the descriptor in @lock_fd (close it, then remove the folder)
 */
char *
_reframe_backups_make_temp_dir (const char *folder,
                                int        *lock_fd,
                                GError    **error)
{
  int              lock = lock_folder (folder);
  g_autofree char *path = g_build_filename (folder, TEMP_DIR_PREFIX "XXXXXX", NULL);
  g_autofree char *lock_path = NULL;

  *lock_fd = -1;
  if (g_mkdtemp_full (path, 0700) != NULL)
    {
      lock_path = g_build_filename (path, "lock", NULL);
      *lock_fd = g_open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
      if (*lock_fd >= 0)
        flock (*lock_fd, LOCK_EX);
    }
  unlock_folder (lock);
  if (*lock_fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error,
                   REFRAME_STORE_ERROR,
                   saved_errno == ENOSPC ? REFRAME_STORE_ERROR_DISK_FULL
                                         : REFRAME_STORE_ERROR_READ_ONLY,
                   _ ("Reframe cannot write in “%s”: %s."),
                   folder,
                   g_strerror (saved_errno));
      if (lock_path != NULL)
        remove_tree (path);
      return NULL;
    }
  return g_steal_pointer (&path);
}

void
_reframe_backups_remove_temp_dir (const char *path,
                                  int         lock_fd)
{
  remove_tree (path);
  if (lock_fd >= 0)
    close (lock_fd);
}

/* The copy */

static gboolean
fail_copy (GError    **error,
           sqlite3    *db,
           int         rc,
           const char *folder)
{
  g_autoptr (GError) local_error = NULL;

  _reframe_store_fail (&local_error, db, rc);
  if (g_error_matches (local_error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_DISK_FULL))
    g_set_error (error,
                 REFRAME_STORE_ERROR,
                 REFRAME_STORE_ERROR_DISK_FULL,
                 _ ("There is no room left in “%s” for a backup. Free some space or "
                    "choose another folder. Nothing else was changed."),
                 folder);
  else
    g_set_error (error,
                 local_error->domain,
                 local_error->code,
                 _ ("The backup could not be written (%s). Nothing else was changed."),
                 db ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
  return FALSE;
}

/* SQLite's online backup of the journal into @temp_path, in one step: the copy reads
 * one snapshot while others go on writing (WAL). The copy gets no rollback journal (it
 * is renamed into place only once whole) and leaves in rollback mode, so that opening
 * it never makes -wal or -shm files beside it. */
static gboolean
copy_journal (const char   *journal_path,
              const char   *temp_path,
              const char   *folder,
              GCancellable *cancellable,
              GError      **error)
{
  sqlite3        *source = _reframe_store_open_reader_at (journal_path, error);
  sqlite3        *dest = NULL;
  sqlite3_backup *backup = NULL;
  int             rc;

  if (source == NULL)
    return FALSE;
  rc = sqlite3_open_v2 (temp_path, &dest, SQLITE_OPEN_READWRITE, REFRAME_CRYPT_VFS_NAME);
  if (rc == SQLITE_OK)
    {
      sqlite3_extended_result_codes (dest, 1);
      /* Synced once, by the caller, before the check. */
      rc = sqlite3_exec (
          dest, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF", NULL, NULL, NULL);
    }
  if (rc == SQLITE_OK && (backup = sqlite3_backup_init (dest, "main", source, "main")) == NULL)
    rc = sqlite3_extended_errcode (dest);
  if (backup != NULL)
    {
      rc = sqlite3_backup_step (backup, -1);
      rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
      if (sqlite3_backup_finish (backup) != SQLITE_OK && rc == SQLITE_OK)
        rc = sqlite3_extended_errcode (dest);
    }
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (dest, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
  sqlite3_close (source);
  if (rc != SQLITE_OK)
    fail_copy (error, dest, rc, folder);
  sqlite3_close (dest);
  if (rc == SQLITE_OK && g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  return rc == SQLITE_OK;
}

static gboolean
sync_file (int         fd,
           const char *folder,
           GError    **error)
{
  if (fsync (fd) == 0)
    return TRUE;
  g_set_error (error,
               REFRAME_STORE_ERROR,
               errno == ENOSPC ? REFRAME_STORE_ERROR_DISK_FULL : REFRAME_STORE_ERROR_FAILED,
               _ ("The backup could not be written to “%s”: %s. Nothing else was changed."),
               folder,
               g_strerror (errno));
  return FALSE;
}

static void
sync_folder (const char *folder)
{
  int fd = g_open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
}

static gboolean
check_copy (const char *temp_path,
            GError    **error)
{
  GError  *local_error = NULL;
  sqlite3 *db = _reframe_backups_open_file (temp_path, &local_error);
  int      version = 0;

  if (db != NULL)
    _reframe_backups_check_journal (db, &version, &local_error);
  sqlite3_close (db);
  if (local_error == NULL)
    return TRUE;
  g_propagate_prefixed_error (error,
                              local_error,
                              _ ("The new backup did not pass its check, so it was removed and the "
                                 "older backups were kept. "));
  return FALSE;
}

/* A name no other backup has: two backups in one millisecond are a millisecond apart. */
static char *
dup_free_name (const char *folder,
               const char *reason,
               GDateTime  *now)
{
  g_autoptr (GDateTime) when = g_date_time_ref (now);

  for (guint i = 0;; i++)
    {
      g_autofree char *name = dup_name_for (when, reason);
      char            *path = g_build_filename (folder, name, NULL);
      GDateTime       *later;

      if (!g_file_test (path, G_FILE_TEST_EXISTS) || i == 1000)
        return path;
      g_free (path);
      later = g_date_time_add (when, G_TIME_SPAN_MILLISECOND);
      g_date_time_unref (when);
      when = later;
    }
}

static gboolean
rename_into_place (const char *temp_path,
                   const char *dest,
                   GError    **error)
{
  g_autofree char *dest_folder = g_path_get_dirname (dest);

  if (g_rename (temp_path, dest) != 0)
    {
      int              saved_errno = errno;
      g_autofree char *display = g_filename_display_name (dest);

      g_set_error (error,
                   REFRAME_STORE_ERROR,
                   REFRAME_STORE_ERROR_FAILED,
                   _ ("The backup could not be saved as “%s”: %s."),
                   display,
                   g_strerror (saved_errno));
      return FALSE;
    }
  sync_folder (dest_folder);
  return TRUE;
}

/**
 * _reframe_backups_remove:
 *
 * Removes a backup and, for an encrypted one, the copy of the key file beside it.
 */
void
_reframe_backups_remove (const char *path)
{
  g_autofree char *envelope = g_strconcat (path, REFRAME_BACKUPS_KEY_SUFFIX, NULL);

  g_unlink (path);
  g_unlink (envelope);
}

/* A backup of an encrypted journal is encrypted with the same key (the key is given to
 * the copy's path before it is opened); the journal's key file goes beside it, so that
 * the backup still opens with the passphrase of its day after the journal's key changed. */
static ReframeCryptKey *
share_key_with_copy (const char *journal_path,
                     const char *temp_path)
{
  ReframeCryptKey *key = NULL;

  if (reframe_crypt_vfs_probe (journal_path) == REFRAME_CRYPT_FILE_ENCRYPTED &&
      (key = reframe_crypt_vfs_dup_key (journal_path)) != NULL)
    reframe_crypt_vfs_set_key (temp_path, key);
  return key;
}

static gboolean
copy_envelope (const char *journal_path,
               const char *backup_path,
               GError    **error)
{
  g_autofree char *folder = g_path_get_dirname (journal_path);
  g_autofree char *source = g_build_filename (folder, REFRAME_JOURNAL_KEY_FILE_NAME, NULL);
  g_autofree char *dest = g_strconcat (backup_path, REFRAME_BACKUPS_KEY_SUFFIX, NULL);
  g_autofree char *contents = NULL;
  gsize            length = 0;

  if (!g_file_get_contents (source, &contents, &length, error) ||
      !g_file_set_contents_full (
          dest, contents, length, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    {
      g_prefix_error (error, _ ("The key file could not be copied beside the backup. "));
      return FALSE;
    }
  return TRUE;
}

/* A copy that failed may leave the rollback journal of its last step beside it. */
static void
remove_with_journal (const char *temp_path)
{
  g_autofree char *journal = g_strconcat (temp_path, "-journal", NULL);

  g_unlink (temp_path);
  g_unlink (journal);
}

/**
 * _reframe_backups_write_to:
 * @dest: (nullable): where the copy goes; %NULL for a backup's own name in @folder
 *
 * The checked copy of the journal: into a private temporary file in @folder, synced,
 * checked, renamed to @dest. A failure removes the copy and changes nothing else.
 *
 * Returns: (transfer full) (nullable): the path of the copy
 */
char *
_reframe_backups_write_to (const char   *journal_path,
                           const char   *folder,
                           const char   *dest,
                           const char   *reason,
                           GDateTime    *now,
                           GCancellable *cancellable,
                           GError      **error)
{
  g_autofree char *temp_path = NULL;
  g_autoptr (ReframeCryptKey) key = NULL;
  char *final = NULL;
  int   fd;

  if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
      (fd = make_temp_file (folder, &temp_path, error)) < 0)
    return NULL;
  key = share_key_with_copy (journal_path, temp_path);
  if (copy_journal (journal_path, temp_path, folder, cancellable, error) &&
      sync_file (fd, folder, error) && check_copy (temp_path, error))
    {
      final = dest ? g_strdup (dest) : dup_free_name (folder, reason, now);
      if ((key != NULL && !copy_envelope (journal_path, final, error)) ||
          !rename_into_place (temp_path, final, error))
        g_clear_pointer (&final, g_free);
    }
  if (key != NULL)
    reframe_crypt_vfs_set_key (temp_path, NULL);
  if (final == NULL)
    remove_with_journal (temp_path);
  close (fd);
  return final;
}

char *
_reframe_backups_write (const char   *journal_path,
                        const char   *folder,
                        const char   *reason,
                        GDateTime    *now,
                        GCancellable *cancellable,
                        GError      **error)
{
  g_return_val_if_fail (is_known_reason (reason), NULL);
  return _reframe_backups_write_to (journal_path, folder, NULL, reason, now, cancellable, error);
}

/* Rotation */

int
_reframe_backups_compare_newest_first (gconstpointer a,
                                       gconstpointer b)
{
  const ReframeBackupInfo *x = *(ReframeBackupInfo *const *) a;
  const ReframeBackupInfo *y = *(ReframeBackupInfo *const *) b;

  return -g_date_time_compare (x->when, y->when);
}

/**
 * _reframe_backups_list_names:
 *
 * Returns: (transfer full): the backups in @folder by their names alone, newest first
 */
GPtrArray *
_reframe_backups_list_names (const char *folder)
{
  GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify) reframe_backup_info_free);
  g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      ReframeBackupInfo *info = _reframe_backups_parse_name (folder, name);

      if (info != NULL)
        g_ptr_array_add (found, info);
    }
  g_ptr_array_sort (found, _reframe_backups_compare_newest_first);
  return found;
}

gboolean
_reframe_backups_is_automatic (const char *reason)
{
  return g_strcmp0 (reason, REFRAME_BACKUP_REASON_DAILY) == 0 ||
         g_strcmp0 (reason, REFRAME_BACKUP_REASON_ON_QUIT) == 0;
}

typedef struct
{
  guint keep;
  guint n_kept;
  int   last;
} Bucket;

static gboolean
keep_in (Bucket *bucket,
         int     key)
{
  if (bucket->n_kept >= bucket->keep || key == bucket->last)
    return FALSE;
  bucket->n_kept++;
  bucket->last = key;
  return TRUE;
}

/* The newest automatic backup of each of the last @keep_daily days that have one, of
 * each of the last @keep_weekly weeks, and of each of the last @keep_monthly months
 * (the person's local calendar); and always the newest of all. */
static void
rotate_automatic (GPtrArray *backups,
                  guint      keep_daily,
                  guint      keep_weekly,
                  guint      keep_monthly)
{
  Bucket days = { keep_daily, 0, -1 }, weeks = { keep_weekly, 0, -1 },
         months = { keep_monthly, 0, -1 };
  gboolean first = TRUE;

  for (guint i = 0; i < backups->len; i++)
    {
      ReframeBackupInfo *info = g_ptr_array_index (backups, i);
      g_autoptr (GDateTime) local = NULL;
      gboolean keep;

      if (!_reframe_backups_is_automatic (info->reason))
        continue;
      local = g_date_time_to_local (info->when);
      keep = keep_in (&days,
                      g_date_time_get_year (local) * 1000 + g_date_time_get_day_of_year (local));
      keep = keep_in (&weeks,
                      g_date_time_get_week_numbering_year (local) * 100 +
                          g_date_time_get_week_of_year (local)) ||
             keep;
      keep =
          keep_in (&months, g_date_time_get_year (local) * 100 + g_date_time_get_month (local)) ||
          keep;
      if (!keep && !first)
        _reframe_backups_remove (info->path);
      first = FALSE;
    }
}

void
_reframe_backups_rotate (const char *folder,
                         const char *only_reason,
                         guint       keep_daily,
                         guint       keep_weekly,
                         guint       keep_monthly)
{
  g_autoptr (GPtrArray) backups = _reframe_backups_list_names (folder);

  if (only_reason == NULL || _reframe_backups_is_automatic (only_reason))
    rotate_automatic (backups, keep_daily, keep_weekly, keep_monthly);

  for (guint r = 0; r < G_N_ELEMENTS (reasons); r++)
    {
      guint n_kept = 0;

      if (_reframe_backups_is_automatic (reasons[r]) ||
          (only_reason != NULL && !g_str_equal (only_reason, reasons[r])))
        continue;
      for (guint i = 0; i < backups->len; i++)
        {
          ReframeBackupInfo *info = g_ptr_array_index (backups, i);

          if (g_str_equal (info->reason, reasons[r]) && n_kept++ >= REFRAME_BACKUPS_KEEP_OTHERS)
            _reframe_backups_remove (info->path);
        }
    }
}
