/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-backups-check.c: the checks of a backup or a journal, and what a backup holds.
 *
 * A backup is opened read-only and immutable; the whole check is SQLite's integrity check,
 * then the format version, the tables that version has and the journal's own rules.
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

/* The tables each format version has, in the order the migrations made them. */
static const struct
{
  int         version;
  const char *table;
} required_tables[] = {
  { 1, "mood_entries" },
  { 1, "mood_notes" },
  { 1, "tags" },
  { 1, "entry_tags" },
  { 2, "mood_fts" },
  { 2, "mood_days" },
  { 3, "conversations" },
  { 3, "chat_messages" },
  { 4, "assignments" },
  { 4, "worksheets" },
  { 5, "toolbox_items" },
};

/**
 * _reframe_backups_open_file:
 *
 * Opens a backup read-only and as immutable: no lock, and no -wal or -shm file is ever
 * made beside it, whatever folder it is in.
 *
 * Returns: (transfer full) (nullable): a connection to close with sqlite3_close()
 */
sqlite3 *
_reframe_backups_open_file (const char *path,
                            GError    **error)
{
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  g_autofree char *uri = g_filename_to_uri (absolute, NULL, error);
  g_autofree char *full = NULL;
  sqlite3         *db = NULL;
  int              rc;

  if (uri == NULL)
    return NULL;
  full = g_strconcat (uri, "?mode=ro&immutable=1", NULL);
  reframe_crypt_vfs_register ();
  rc = sqlite3_open_v2 (full, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, REFRAME_CRYPT_VFS_NAME);
  if (rc != SQLITE_OK)
    {
      _reframe_store_fail (error, db, rc);
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_extended_result_codes (db, 1);
  return db;
}

static gboolean
query_int64 (sqlite3    *db,
             const char *sql,
             gint64     *value,
             GError    **error)
{
  g_autoptr (sqlite3_stmt) stmt = _reframe_store_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *value = sqlite3_column_int64 (stmt, 0);
      return TRUE;
    }
  if (rc == SQLITE_DONE)
    {
      *value = 0;
      return TRUE;
    }
  return _reframe_store_fail (error, db, rc);
}

static gboolean
set_damaged (GError    **error,
             const char *detail)
{
  g_set_error (
      error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_CORRUPT, _ ("It is damaged (%s)."), detail);
  return FALSE;
}

static gboolean
damaged_from (GError **error,
              GError  *cause)
{
  if (cause->domain == REFRAME_STORE_ERROR && cause->code == REFRAME_STORE_ERROR_DISK_FULL)
    {
      g_propagate_error (error, cause);
      return FALSE;
    }
  set_damaged (error, cause->message);
  g_error_free (cause);
  return FALSE;
}

static gboolean
check_version (sqlite3 *db,
               int     *version,
               GError **error)
{
  GError *local_error = NULL;
  gint64  value = 0;

  if (!query_int64 (db, "SELECT count (*) FROM sqlite_schema", &value, &local_error) ||
      !query_int64 (db, "PRAGMA user_version", &value, &local_error))
    {
      if (g_error_matches (local_error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_CORRUPT))
        {
          g_error_free (local_error);
          g_set_error_literal (error,
                               REFRAME_STORE_ERROR,
                               REFRAME_STORE_ERROR_CORRUPT,
                               _ ("It is damaged, or it is not a Reframe journal."));
          return FALSE;
        }
      return damaged_from (error, local_error);
    }
  *version = (int) value;
  if (*version > REFRAME_STORE_SCHEMA_VERSION)
    {
      g_set_error (error,
                   REFRAME_STORE_ERROR,
                   REFRAME_STORE_ERROR_TOO_NEW,
                   _ ("It was made by a newer version of Reframe (format %d; this version "
                      "knows format %d). Update Reframe to use it."),
                   *version,
                   REFRAME_STORE_SCHEMA_VERSION);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_tables (sqlite3 *db,
              int      version,
              GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  if (version < 1)
    goto not_a_journal;
  if ((stmt = _reframe_store_prepare (
           db, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1", error)) == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (required_tables); i++)
    {
      if (required_tables[i].version > version)
        continue;
      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, required_tables[i].table, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        goto not_a_journal;
    }
  return TRUE;

not_a_journal:
  g_set_error_literal (
      error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_CORRUPT, _ ("It is not a Reframe journal."));
  return FALSE;
}

/* SQLite's whole check (every page, and every index against its table), then rows that
 * point at nothing, then the count of entries per day against the entries. */
static gboolean
check_contents (sqlite3 *db,
                int      version,
                GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  GError *local_error = NULL;
  gint64  orphans = 0, mismatch = 0;
  int     rc;

  if ((stmt = _reframe_store_prepare (db, "PRAGMA integrity_check (1)", error)) == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") != 0)
    return set_damaged (error, (const char *) sqlite3_column_text (stmt, 0));
  if (rc != SQLITE_ROW)
    return set_damaged (error, sqlite3_errmsg (db));

  if (!query_int64 (db, "SELECT count (*) FROM pragma_foreign_key_check", &orphans, &local_error) ||
      (version >= 2 && !query_int64 (db,
                                     "SELECT (SELECT count (*) FROM mood_entries) IS NOT (SELECT "
                                     "coalesce (sum (n), 0) FROM mood_days)",
                                     &mismatch,
                                     &local_error)))
    return damaged_from (error, local_error);
  if (orphans > 0)
    return set_damaged (error, _ ("some records point at records that are missing"));
  if (mismatch)
    return set_damaged (error, _ ("the count of entries per day does not match the entries"));
  return TRUE;
}

/**
 * _reframe_backups_check_journal:
 * @version: (out): the journal's format
 *
 * Whether @db holds a sound journal this Reframe can read: its format is known, it has
 * its tables, SQLite's integrity_check finds nothing, no record points at a missing
 * one, and the counts of entries per day match the entries.
 */
gboolean
_reframe_backups_check_journal (sqlite3 *db,
                                int     *version,
                                GError **error)
{
  return check_version (db, version, error) && check_tables (db, *version, error) &&
         check_contents (db, *version, error);
}

static gboolean
read_counts (sqlite3           *db,
             ReframeBackupInfo *info,
             GError           **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gint64 n = 0;

  if (!query_int64 (db, "SELECT count (*) FROM mood_entries", &n, error))
    return FALSE;
  info->n_entries = (guint) n;
  n = 0;
  if (info->schema_version >= 4 &&
      !query_int64 (db, "SELECT count (*) FROM worksheets WHERE deleted_at IS NULL", &n, error))
    return FALSE;
  info->n_worksheets = (guint) n;

  if ((stmt = _reframe_store_prepare (
           db, "SELECT min (day), max (day) FROM mood_entries", error)) == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    {
      g_date_set_parse (&info->first_day, (const char *) sqlite3_column_text (stmt, 0));
      g_date_set_parse (&info->last_day, (const char *) sqlite3_column_text (stmt, 1));
    }
  return TRUE;
}

static ReframeBackupInfo *
new_info_for_file (const char *path)
{
  g_autofree char   *folder = g_path_get_dirname (path);
  g_autofree char   *name = g_path_get_basename (path);
  ReframeBackupInfo *info = _reframe_backups_parse_name (folder, name);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GFileInfo) file_info =
      g_file_query_info (file,
                         G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_TIME_MODIFIED,
                         G_FILE_QUERY_INFO_NONE,
                         NULL,
                         NULL);

  if (info == NULL)
    {
      info = g_new0 (ReframeBackupInfo, 1);
      info->path = g_strdup (path);
      g_date_clear (&info->first_day, 1);
      g_date_clear (&info->last_day, 1);
    }
  if (file_info != NULL)
    {
      info->size = g_file_info_get_size (file_info);
      if (info->when == NULL)
        {
          g_autoptr (GDateTime) modified = g_file_info_get_modification_date_time (file_info);

          info->when = modified ? g_date_time_to_utc (modified) : NULL;
        }
    }
  if (info->when == NULL)
    info->when = g_date_time_new_now_utc ();
  return info;
}

/* What a backup in a listing holds, without the whole check: a file that cannot be
 * read is listed with format 0 and no counts. */
ReframeBackupInfo *
_reframe_backups_peek (const char *path)
{
  ReframeBackupInfo *info = new_info_for_file (path);
  sqlite3           *db = _reframe_backups_open_file (path, NULL);

  if (db == NULL || !check_version (db, &info->schema_version, NULL) ||
      !check_tables (db, info->schema_version, NULL) || !read_counts (db, info, NULL))
    {
      info->schema_version = 0;
      info->n_entries = info->n_worksheets = 0;
      g_date_clear (&info->first_day, 1);
      g_date_clear (&info->last_day, 1);
    }
  sqlite3_close (db);
  return info;
}

static gboolean has_sqlite_header (const char *path,
                                   GError    **error);

/* Whether @path is a journal (or a backup of one) this Reframe can read, at a glance. */
gboolean
_reframe_backups_peek_is_journal (const char *path)
{
  sqlite3 *db = NULL;
  int      version = 0;
  gboolean journal;

  journal = has_sqlite_header (path, NULL) &&
            (db = _reframe_backups_open_file (path, NULL)) != NULL &&
            check_version (db, &version, NULL) && check_tables (db, version, NULL);
  sqlite3_close (db);
  return journal;
}

/* Through the encrypting VFS's probe, which reads with SQLite's own file layer: a plain
 * open() and close() would drop the locks a connection of this process holds on it. An
 * encrypted one opens when its key is given (reframe-crypt-vfs.h). */
static gboolean
has_sqlite_header (const char *path,
                   GError    **error)
{
  ReframeCryptFileKind kind = reframe_crypt_vfs_probe (path);

  if (kind == REFRAME_CRYPT_FILE_MISSING || g_access (path, R_OK) != 0)
    {
      int saved_errno = kind == REFRAME_CRYPT_FILE_MISSING ? ENOENT : errno;

      g_set_error (error,
                   REFRAME_STORE_ERROR,
                   saved_errno == ENOENT ? REFRAME_STORE_ERROR_NOT_FOUND
                                         : REFRAME_STORE_ERROR_READ_ONLY,
                   _ ("It cannot be opened: %s."),
                   g_strerror (saved_errno));
      return FALSE;
    }
  if (kind != REFRAME_CRYPT_FILE_PLAIN && kind != REFRAME_CRYPT_FILE_ENCRYPTED)
    {
      g_set_error_literal (error,
                           REFRAME_STORE_ERROR,
                           REFRAME_STORE_ERROR_CORRUPT,
                           _ ("It is damaged, or it is not a Reframe journal."));
      return FALSE;
    }
  return TRUE;
}

/**
 * reframe_backup_inspect:
 * @path: a backup, or any copy of a journal
 * @error: why it cannot be used
 *
 * Checks the backup as thoroughly as a new one is checked, and says what it holds. A
 * damaged file, one that is not a journal, or one from a newer Reframe is refused with
 * a message a person can read (%REFRAME_STORE_ERROR_CORRUPT,
 * %REFRAME_STORE_ERROR_TOO_NEW). Reads the whole file: run it off the main thread for
 * a large journal.
 *
 * Returns: (transfer full) (nullable): what the backup holds
 */
ReframeBackupInfo *
reframe_backup_inspect (const char *path,
                        GError    **error)
{
  g_autoptr (ReframeBackupInfo) info = NULL;
  g_autofree char *display = NULL;
  GError          *local_error = NULL;
  sqlite3         *db = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  info = new_info_for_file (path);
  if (has_sqlite_header (path, &local_error) &&
      (db = _reframe_backups_open_file (path, &local_error)) != NULL &&
      _reframe_backups_check_journal (db, &info->schema_version, &local_error))
    read_counts (db, info, &local_error);
  sqlite3_close (db);
  if (local_error == NULL)
    return g_steal_pointer (&info);

  display = g_filename_display_name (path);
  g_propagate_prefixed_error (error, local_error, _ ("The backup “%s” cannot be used. "), display);
  return NULL;
}
