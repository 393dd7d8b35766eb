/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-store.c: opens the database file safely and migrates its schema. */

#define G_LOG_DOMAIN "ReframeStore"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include "reframe-i18n.h"
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "reframe-assignment-repository-private.h"
#include "reframe-backups-private.h"
#include "reframe-conversation-repository-private.h"
#include "reframe-crypt-vfs.h"
#include "reframe-mood-repository-private.h"
#include "reframe-request-log-private.h"
#include "reframe-store-private.h"
#include "reframe-toolbox-repository-private.h"
#include "reframe-worksheet-repository-private.h"

#define DB_FILE_NAME "reframe.db"

/* How long a write waits behind other writers (the window, `reframe log` in scripts)
 * before it gives up with "database is locked", and how often it looks again. */
#define BUSY_TIMEOUT_MS 10000
#define BUSY_POLL_MS    2

struct _ReframeStore
{
  GObject parent_instance;

  /* Owned */
  char                          *data_dir;
  char                          *path;
  sqlite3                       *db;
  ReframeMoodRepository         *moods;
  ReframeConversationRepository *conversations;
  ReframeRequestLog             *request_log;
  ReframeWorksheetRepository    *worksheets;
  ReframeAssignmentRepository   *assignments;
  ReframeToolboxRepository      *toolbox;
  ReframeStoreCheck             *check;

  int      schema_version;
  gboolean take_backup;
  /* The change count (reframe_store_get_change_count()): PRAGMA data_version as last
   * read, how often it changed, and restores made on other connections. */
  gint64  data_version;
  guint64 other_changes;
  guint   restores;
};

G_DEFINE_FINAL_TYPE (ReframeStore, reframe_store, G_TYPE_OBJECT)

static gint64 read_data_version (sqlite3 *db);

/* Written out rather than with G_DEFINE_QUARK: clang-format would space the dashes of
 * the macro's argument and so change the quark's name. */
GQuark
reframe_store_error_quark (void)
{
  return g_quark_from_static_string ("reframe-store-error-quark");
}

static void
uuid_func (sqlite3_context *context,
           int              argc,
           sqlite3_value  **argv)
{
  sqlite3_result_text (context, g_uuid_string_random (), -1, g_free);
}

static void
reframe_store_finalize (GObject *object)
{
  ReframeStore *self = (ReframeStore *) object;

  if (self->moods != NULL)
    _reframe_mood_repository_detach (self->moods);
  if (self->conversations != NULL)
    _reframe_conversation_repository_detach (self->conversations);
  if (self->request_log != NULL)
    _reframe_request_log_detach (self->request_log);
  if (self->worksheets != NULL)
    _reframe_worksheet_repository_detach (self->worksheets);
  if (self->assignments != NULL)
    _reframe_assignment_repository_detach (self->assignments);
  if (self->toolbox != NULL)
    _reframe_toolbox_repository_detach (self->toolbox);
  g_clear_object (&self->moods);
  g_clear_object (&self->conversations);
  g_clear_object (&self->request_log);
  g_clear_object (&self->worksheets);
  g_clear_object (&self->assignments);
  g_clear_object (&self->toolbox);
  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->check, _reframe_store_check_free);
  g_clear_pointer (&self->data_dir, g_free);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (reframe_store_parent_class)->finalize (object);
}

static void
reframe_store_class_init (ReframeStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = reframe_store_finalize;
}

static void
reframe_store_init (ReframeStore *self)
{
}

/* The errno behind an I/O error. SQLite keeps the last one of each file, and reports it
 * for the connection only sometimes (not for a failed write to the WAL). */
static int
last_errno (sqlite3 *db)
{
  sqlite3_file *wal = NULL;
  int           code = sqlite3_system_errno (db);

  if (code == 0 &&
      sqlite3_file_control (db, "main", SQLITE_FCNTL_JOURNAL_POINTER, &wal) == SQLITE_OK &&
      wal != NULL && wal->pMethods != NULL)
    wal->pMethods->xFileControl (wal, SQLITE_FCNTL_LAST_ERRNO, &code);
  if (code == 0)
    sqlite3_file_control (db, "main", SQLITE_FCNTL_LAST_ERRNO, &code);
  return code;
}

/* A write that found no room: SQLite says SQLITE_FULL for ENOSPC, but a disk I/O error
 * for a quota (EDQUOT), a file-size limit (EFBIG) or a shared-memory index that could
 * not grow. */
static gboolean
is_disk_full (sqlite3 *db,
              int      rc)
{
  if ((rc & 0xff) == SQLITE_FULL)
    return TRUE;
  if ((rc & 0xff) != SQLITE_IOERR || db == NULL)
    return FALSE;
  switch (last_errno (db))
    {
    case ENOSPC:
    case EDQUOT:
    case EFBIG:
      return TRUE;
    default:
      return FALSE;
    }
}

/**
 * _reframe_store_fail:
 *
 * Turns a SQLite failure into a #GError a person can act on.
 *
 * Returns: %FALSE, always, for `return _reframe_store_fail (…)`.
 */
gboolean
_reframe_store_fail (GError **error,
                     sqlite3 *db,
                     int      rc)
{
  const char *detail = db ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  if (is_disk_full (db, rc))
    {
      /* True for every caller; the entry editor, which keeps the text, says so itself. */
      g_set_error_literal (
          error,
          REFRAME_STORE_ERROR,
          REFRAME_STORE_ERROR_DISK_FULL,
          _ ("The disk is full, so Reframe could not save. Free some space and try again."));
      return FALSE;
    }

  /* The encrypting VFS found a page whose tag does not verify. */
  if (rc == SQLITE_IOERR_DATA || (db != NULL && sqlite3_extended_errcode (db) == SQLITE_IOERR_DATA))
    {
      g_set_error_literal (
          error,
          REFRAME_STORE_ERROR,
          REFRAME_STORE_ERROR_CORRUPT,
          _ ("The encrypted journal was changed outside Reframe, or damaged, and cannot be read "
             "safely. Reframe has not changed it; a backup copy may be in the backups folder."));
      return FALSE;
    }

  switch (rc & 0xff)
    {
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
      g_set_error (error,
                   REFRAME_STORE_ERROR,
                   REFRAME_STORE_ERROR_READ_ONLY,
                   _ ("Reframe cannot write to the journal file (%s). Check that the "
                      "folder and the file belong to you and are writable."),
                   detail);
      break;
    case SQLITE_AUTH:
      g_set_error_literal (error,
                           REFRAME_STORE_ERROR,
                           REFRAME_STORE_ERROR_LOCKED,
                           _ ("The journal is encrypted and cannot be opened with this key. Unlock "
                              "it with its passphrase."));
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error,
                   REFRAME_STORE_ERROR,
                   REFRAME_STORE_ERROR_CORRUPT,
                   _ ("The journal file is damaged and cannot be read (%s). Reframe has "
                      "not changed it; a backup copy may be beside it."),
                   detail);
      break;
    case SQLITE_CONSTRAINT:
      g_set_error (error,
                   REFRAME_STORE_ERROR,
                   REFRAME_STORE_ERROR_INVALID,
                   _ ("A value was out of range (%s)."),
                   detail);
      break;
    default:
      g_set_error (error,
                   REFRAME_STORE_ERROR,
                   REFRAME_STORE_ERROR_FAILED,
                   _ ("The journal could not be read or saved (%s)."),
                   detail);
      break;
    }
  return FALSE;
}

gboolean
_reframe_store_exec (sqlite3    *db,
                     const char *sql,
                     GError    **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return _reframe_store_fail (error, db, rc);
  return TRUE;
}

sqlite3_stmt *
_reframe_store_prepare (sqlite3    *db,
                        const char *sql,
                        GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  int           rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      _reframe_store_fail (error, db, rc);
      return NULL;
    }
  return stmt;
}

/**
 * _reframe_store_now_iso:
 *
 * Returns: (transfer full): the current UTC time as ISO 8601 with milliseconds
 */
char *
_reframe_store_now_iso (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
}

GDateTime *
_reframe_store_parse_iso (const char *text)
{
  if (text == NULL)
    return NULL;
  return g_date_time_new_from_iso8601 (text, NULL);
}

static gboolean
read_user_version (sqlite3 *db,
                   int     *version,
                   GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  /* Reading the schema is the first thing that touches the file's pages, so a file
   * that merely starts like SQLite but is damaged fails here, before any write. */
  stmt = _reframe_store_prepare (db, "SELECT count (*) FROM sqlite_schema", error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return _reframe_store_fail (error, db, rc);
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = _reframe_store_prepare (db, "PRAGMA user_version", error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return _reframe_store_fail (error, db, rc);
  *version = sqlite3_column_int (stmt, 0);
  return TRUE;
}

/* SQLite's own handler looks again every 100 ms, so a writer that waits loses its turn
 * to each one that comes fresh, and under load may wait past any timeout; looking every
 * 2 ms keeps the turns close to first come, first served. */
static int
busy_cb (void *data,
         int   n_calls)
{
  if (n_calls * BUSY_POLL_MS >= BUSY_TIMEOUT_MS)
    return 0;
  g_usleep (BUSY_POLL_MS * 1000);
  return 1;
}

/* Every connection waits its turn from its first read on: a connection that opens while
 * another closes the journal (and checkpoints it) waits rather than failing. */
static int
open_connection (const char *path,
                 int         flags,
                 sqlite3   **db)
{
  int rc;

  reframe_crypt_vfs_register ();
  rc = sqlite3_open_v2 (path, db, flags, REFRAME_CRYPT_VFS_NAME);

  if (*db != NULL)
    {
      sqlite3_busy_handler (*db, busy_cb, NULL);
      sqlite3_extended_result_codes (*db, 1);
    }
  return rc;
}

/* Several Reframes starting at once on a new journal (scripts logging side by side):
 * while the first turns the file to WAL, SQLite refuses the others at once instead of
 * calling the busy handler, as waiting while holding a read lock could deadlock. They
 * try again, as the busy handler would have; by then the file is WAL and nothing needs
 * changing. */
static gboolean
set_wal_mode (sqlite3 *db,
              GError **error)
{
  for (guint waited_ms = 0;; waited_ms += BUSY_POLL_MS)
    {
      int rc = sqlite3_exec (db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);

      if (rc == SQLITE_OK)
        return TRUE;
      if ((rc & 0xff) != SQLITE_BUSY || waited_ms >= BUSY_TIMEOUT_MS)
        return _reframe_store_fail (error, db, rc);
      g_usleep (BUSY_POLL_MS * 1000);
    }
}

static gboolean
configure_connection (sqlite3 *db,
                      gboolean writer,
                      GError **error)
{
  sqlite3_create_function (db, "reframe_uuid", 0, SQLITE_UTF8, NULL, uuid_func, NULL, NULL);

  /* Sorting and temporary tables stay in memory, and deleted text is overwritten: no
   * note lingers on the disk where the journal (encrypted or not) does not show it. */
  if (!_reframe_store_add_snippet_function (db, error) ||
      !_reframe_store_exec (db,
                            "PRAGMA foreign_keys = ON;"
                            "PRAGMA temp_store = MEMORY;"
                            "PRAGMA secure_delete = ON;",
                            error))
    return FALSE;
  if (!writer)
    return TRUE;
  /* NORMAL is durable in WAL mode against application crashes; only a power cut can
   * lose the last commits, and never corrupts the file. */
  return set_wal_mode (db, error) &&
         _reframe_store_exec (db, "PRAGMA synchronous = NORMAL;", error);
}

/* Runs inside the update's transaction, so that two Reframes starting at once never
 * copy over a backup with an updated journal. The copy is read through a connection of
 * its own, as SQLite copies nothing from one inside a write transaction; with the write
 * lock held, it reads what this one does. It goes to the default backups folder
 * (reason "before-update"), private from its first byte and checked before it counts. */
static gboolean
backup_before_migration (ReframeStore *self,
                         GError      **error)
{
  g_autofree char *folder = _reframe_backups_dup_default_folder (self->data_dir);
  g_autofree char *backup = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

  if (!self->take_backup)
    return TRUE;
  if (!_reframe_backups_prepare_folder (folder, TRUE, error) ||
      (backup = _reframe_backups_write (
           self->path, folder, REFRAME_BACKUP_REASON_BEFORE_UPDATE, now, NULL, error)) == NULL)
    {
      g_prefix_error (error, _ ("Reframe needs to update the journal and could not first make a "
                                "backup copy, so it changed nothing. "));
      return FALSE;
    }
  _reframe_backups_rotate (folder, REFRAME_BACKUP_REASON_BEFORE_UPDATE, 0, 0, 0);
  return TRUE;
}

static gboolean
check_not_too_new (ReframeStore *self,
                   GError      **error)
{
  if (self->schema_version <= REFRAME_STORE_SCHEMA_VERSION)
    return TRUE;
  g_set_error (error,
               REFRAME_STORE_ERROR,
               REFRAME_STORE_ERROR_TOO_NEW,
               _ ("This journal was made by a newer version of Reframe (format %d; this "
                  "version knows format %d). Update Reframe to open it. Nothing in the "
                  "file was changed."),
               self->schema_version,
               REFRAME_STORE_SCHEMA_VERSION);
  return FALSE;
}

/* An existing journal is checked and copied before it is updated: a damaged one is
 * never written, and the copy is of a sound one. */
static gboolean
prepare_migration (ReframeStore *self,
                   GError      **error)
{
  if (self->schema_version == 0)
    return TRUE;
  return _reframe_store_check_integrity (self->db, error) &&
         backup_before_migration (self, error);
}

/* All steps from the file's version to @target run in one transaction: a failure
 * anywhere leaves the file exactly as it was. The version is read again once the
 * transaction holds the write lock, as another Reframe may have updated the file
 * meanwhile. */
static gboolean
migrate (ReframeStore *self,
         int           target,
         GError      **error)
{
  g_auto (ReframeWriteScope) scope = { 0 };

  if (self->schema_version >= target)
    return TRUE;

  if (!_reframe_write_scope_begin (&scope, self->db, error))
    return FALSE;
  if (!read_user_version (self->db, &self->schema_version, error) ||
      !check_not_too_new (self, error) ||
      (self->schema_version < target && !prepare_migration (self, error)))
    return FALSE;

  for (int version = self->schema_version + 1; version <= target; version++)
    {
      if (!_reframe_store_apply_migration (self->db, version, error))
        {
          g_prefix_error (error, _ ("The journal could not be updated to this version of Reframe, "
                                    "and it was left unchanged. "));
          return FALSE;
        }
    }

  if (!_reframe_write_scope_commit (&scope, error))
    return FALSE;
  self->schema_version = MAX (self->schema_version, target);
  return TRUE;
}

static gboolean
is_shared_memory_failure (sqlite3 *db)
{
  switch (sqlite3_extended_errcode (db))
    {
    case SQLITE_IOERR_SHMOPEN:
    case SQLITE_IOERR_SHMSIZE:
    case SQLITE_IOERR_SHMMAP:
      return TRUE;
    default:
      return FALSE;
    }
}

/* On a nearly full disk SQLite's shared-memory index (a 32 KiB file beside the journal)
 * cannot grow, and then even reading fails. Holding the file for this process alone
 * lets SQLite keep that index in memory: the journal reads, and a save says the disk is
 * full. Other Reframes wait until this one ends. */
static gboolean
reopen_without_shared_memory (ReframeStore *self,
                              GError      **error)
{
  int rc;

  g_clear_pointer (&self->db, sqlite3_close);
  rc = open_connection (self->path, SQLITE_OPEN_READWRITE, &self->db);
  if (rc != SQLITE_OK)
    return _reframe_store_fail (error, self->db, rc);
  return _reframe_store_exec (self->db, "PRAGMA locking_mode = EXCLUSIVE", error) &&
         read_user_version (self->db, &self->schema_version, error);
}

static gboolean
open_database (ReframeStore *self,
               int           target,
               GError      **error)
{
  g_autoptr (GError) local_error = NULL;
  int rc;

  rc = open_connection (self->path, SQLITE_OPEN_READWRITE, &self->db);
  if (rc != SQLITE_OK)
    return _reframe_store_fail (error, self->db, rc);

  if (!read_user_version (self->db, &self->schema_version, &local_error))
    {
      if (!is_shared_memory_failure (self->db))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (!reopen_without_shared_memory (self, error))
        return FALSE;
    }

  if (!check_not_too_new (self, error))
    return FALSE;

  /* A new journal, or one just checked before its update, needs no other check. */
  self->check = _reframe_store_check_new (self->schema_version < target);
  if (!configure_connection (self->db, TRUE, error))
    return FALSE;
  return migrate (self, target, error);
}

static ReframeStore *
open_store (const char *data_dir,
            int         target,
            gboolean    take_backup,
            GError    **error)
{
  g_autoptr (ReframeStore) self = g_object_new (REFRAME_TYPE_STORE, NULL);

  self->take_backup = take_backup;

  self->data_dir = data_dir ? g_strdup (data_dir) : reframe_store_dup_default_dir ();
  self->path = g_build_filename (self->data_dir, DB_FILE_NAME, NULL);

  if (!_reframe_store_ensure_folder (self->data_dir, error) ||
      !_reframe_store_check_file (self->path, error))
    return NULL;
  if (!open_database (self, target, error))
    return NULL;
  self->data_version = read_data_version (self->db);

  self->moods = _reframe_mood_repository_new (self);
  self->conversations = _reframe_conversation_repository_new (self);
  self->request_log = _reframe_request_log_new (self);
  self->worksheets = _reframe_worksheet_repository_new (self);
  self->assignments = _reframe_assignment_repository_new (self);
  self->toolbox = _reframe_toolbox_repository_new (self);
  return g_steal_pointer (&self);
}

/**
 * reframe_store_dup_default_dir:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/reframe`
 */
char *
reframe_store_dup_default_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "reframe", NULL);
}

/**
 * reframe_store_open:
 * @data_dir: (nullable): the folder of the journal, or %NULL for the default
 * @error: where a problem with the folder or the file is reported
 *
 * Opens (or creates) the journal and brings its schema up to date, taking a backup
 * copy first. A file that is damaged, not a journal, or from a newer Reframe is
 * reported and never written to.
 *
 * Returns: (transfer full) (nullable): the store
 */
ReframeStore *
reframe_store_open (const char *data_dir,
                    GError    **error)
{
  return open_store (data_dir, REFRAME_STORE_SCHEMA_VERSION, TRUE, error);
}

/* For tests of migrations: makes or opens a journal at an older @version. */
ReframeStore *
_reframe_store_open_at_version (const char *data_dir,
                                int         version,
                                GError    **error)
{
  g_return_val_if_fail (version >= 1 && version <= REFRAME_STORE_SCHEMA_VERSION, NULL);
  return open_store (data_dir, version, TRUE, error);
}

/* For a restore: opens a copy in @data_dir and brings it up to date, without the backup
 * before the update (the copy is itself a backup). */
ReframeStore *
_reframe_store_open_unbacked (const char *data_dir,
                              GError    **error)
{
  return open_store (data_dir, REFRAME_STORE_SCHEMA_VERSION, FALSE, error);
}

static gint64
read_data_version (sqlite3 *db)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (db, "PRAGMA data_version", -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW)
    return -1;
  return sqlite3_column_int64 (stmt, 0);
}

/**
 * reframe_store_get_change_count:
 *
 * A number that grows whenever the journal changes after it was opened: a save
 * through this store, a commit by another connection or program (seen through
 * `PRAGMA data_version` when this is called), or a restore. The window notes it after
 * each backup and, on quit, backs up again only when it grew. Cheap; main thread only.
 *
 * Returns: the change count; compare it with an earlier one, never with zero
 */
guint64
reframe_store_get_change_count (ReframeStore *self)
{
  gint64 data_version;

  g_return_val_if_fail (REFRAME_IS_STORE (self), 0);

  if (self->db == NULL)
    return 0;
  data_version = read_data_version (self->db);
  if (data_version != self->data_version)
    {
      self->data_version = data_version;
      self->other_changes++;
    }
  return (guint64) sqlite3_total_changes64 (self->db) + self->other_changes +
         g_atomic_int_get (&self->restores);
}

/* After a restore on another connection (any thread): the journal is the checked
 * backup's, so the check before the first write is done, and the change count grows. */
void
_reframe_store_note_restored (ReframeStore *self)
{
  _reframe_store_check_mark_sound (self->check);
  g_atomic_int_inc (&self->restores);
}

const char *
reframe_store_get_path (ReframeStore *self)
{
  g_return_val_if_fail (REFRAME_IS_STORE (self), NULL);
  return self->path;
}

const char *
reframe_store_get_data_dir (ReframeStore *self)
{
  g_return_val_if_fail (REFRAME_IS_STORE (self), NULL);
  return self->data_dir;
}

int
reframe_store_get_schema_version (ReframeStore *self)
{
  g_return_val_if_fail (REFRAME_IS_STORE (self), 0);
  return self->schema_version;
}

/**
 * reframe_store_get_moods:
 *
 * Returns: (transfer none): the repository of mood entries
 */
ReframeMoodRepository *
reframe_store_get_moods (ReframeStore *self)
{
  g_return_val_if_fail (REFRAME_IS_STORE (self), NULL);
  return self->moods;
}

/**
 * reframe_store_get_conversations:
 *
 * Returns: (transfer none): the repository of conversations with the companion
 */
ReframeConversationRepository *
reframe_store_get_conversations (ReframeStore *self)
{
  g_return_val_if_fail (REFRAME_IS_STORE (self), NULL);
  return self->conversations;
}

/**
 * reframe_store_get_request_log:
 *
 * Returns: (transfer none): the log of requests sent to model services
 */
ReframeRequestLog *
reframe_store_get_request_log (ReframeStore *self)
{
  g_return_val_if_fail (REFRAME_IS_STORE (self), NULL);
  return self->request_log;
}

/**
 * reframe_store_get_worksheets:
 *
 * Returns: (transfer none): the repository of worksheets and questionnaires
 */
ReframeWorksheetRepository *
reframe_store_get_worksheets (ReframeStore *self)
{
  g_return_val_if_fail (REFRAME_IS_STORE (self), NULL);
  return self->worksheets;
}

/**
 * reframe_store_get_assignments:
 *
 * Returns: (transfer none): the repository of homework assignments
 */
ReframeAssignmentRepository *
reframe_store_get_assignments (ReframeStore *self)
{
  g_return_val_if_fail (REFRAME_IS_STORE (self), NULL);
  return self->assignments;
}

/**
 * reframe_store_get_toolbox:
 *
 * Returns: (transfer none): the repository of the coping toolbox (hope box)
 */
ReframeToolboxRepository *
reframe_store_get_toolbox (ReframeStore *self)
{
  g_return_val_if_fail (REFRAME_IS_STORE (self), NULL);
  return self->toolbox;
}

typedef struct
{
  char                  *path;
  char                  *fts_query;
  char                  *filter;
  ReframeStoreSearchFunc search;
} SearchData;

static void
search_data_free (SearchData *data)
{
  g_free (data->path);
  g_free (data->fts_query);
  g_free (data->filter);
  g_free (data);
}

static int
search_progress_cb (void *user_data)
{
  return g_cancellable_is_cancelled (user_data);
}

static void
search_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SearchData *data = task_data;
  GError     *error = NULL;
  GPtrArray  *found;
  sqlite3    *db;

  if ((db = _reframe_store_open_reader_at (data->path, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* SQLite stops the statement when the search is cancelled, rather than finishing it. */
  if (cancellable != NULL)
    sqlite3_progress_handler (db, 1000, search_progress_cb, cancellable);
  found = data->search (db, data->fts_query, data->filter, &error);
  sqlite3_close (db);

  if (g_task_return_error_if_cancelled (task))
    {
      g_clear_pointer (&found, g_ptr_array_unref);
      g_clear_error (&error);
    }
  else if (found == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, found, (GDestroyNotify) g_ptr_array_unref);
}

/* Words with nothing to search for (punctuation only) find nothing, without a thread. */
void
_reframe_store_search_async (ReframeStore          *self,
                             gpointer               source_object,
                             gpointer               source_tag,
                             const char            *text,
                             const char            *filter,
                             ReframeStoreSearchFunc search,
                             GCancellable          *cancellable,
                             GAsyncReadyCallback    callback,
                             gpointer               user_data)
{
  g_autoptr (GTask) task = g_task_new (source_object, cancellable, callback, user_data);
  g_autoptr (GError) error = NULL;
  SearchData *data;

  g_task_set_source_tag (task, source_tag);
  if (_reframe_store_require_db (self, &error) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data = g_new0 (SearchData, 1);
  data->path = _reframe_store_dup_path_for_reader (self);
  data->fts_query = _reframe_mood_repository_fts_query (text);
  data->filter = g_strdup (filter);
  data->search = search;
  g_task_set_task_data (task, data, (GDestroyNotify) search_data_free);
  if (data->fts_query == NULL)
    g_task_return_pointer (
        task, g_ptr_array_new_with_free_func (g_object_unref), (GDestroyNotify) g_ptr_array_unref);
  else
    g_task_run_in_thread (task, search_thread);
}

/* Returns: (transfer full) (nullable): a #GListStore of @item_type. */
GListModel *
_reframe_store_search_finish (GAsyncResult *result,
                              GType         item_type,
                              GError      **error)
{
  g_autoptr (GPtrArray) found = g_task_propagate_pointer (G_TASK (result), error);
  GListStore *store;

  if (found == NULL)
    return NULL;
  store = g_list_store_new (item_type);
  g_list_store_splice (store, 0, 0, found->pdata, found->len);
  return G_LIST_MODEL (store);
}

/* For repositories, which outlive the store only as dangling references the app dropped:
 * a call through one of them after the store closed is an error, not a crash. */
sqlite3 *
_reframe_store_require_db (ReframeStore *self,
                           GError      **error)
{
  if (self == NULL)
    {
      g_set_error_literal (
          error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_FAILED, _ ("The journal is closed."));
      return NULL;
    }
  return _reframe_store_get_db (self);
}

sqlite3 *
_reframe_store_get_db (ReframeStore *self)
{
  return self->db;
}

ReframeStoreCheck *
_reframe_store_get_check (ReframeStore *self)
{
  return self->check;
}

char *
_reframe_store_dup_path_for_reader (ReframeStore *self)
{
  return g_strdup (self->path);
}

/**
 * _reframe_store_open_reader_at:
 *
 * Opens a read-only connection for a worker thread; WAL lets it read while the
 * main thread writes.
 *
 * Returns: (transfer full) (nullable): a connection to close with sqlite3_close()
 */
sqlite3 *
_reframe_store_open_reader_at (const char *path,
                               GError    **error)
{
  sqlite3 *db = NULL;
  int      rc = open_connection (path, SQLITE_OPEN_READONLY, &db);

  if (rc != SQLITE_OK || !configure_connection (db, FALSE, error))
    {
      if (rc != SQLITE_OK)
        _reframe_store_fail (error, db, rc);
      sqlite3_close (db);
      return NULL;
    }
  return db;
}

/**
 * _reframe_store_open_writer_at:
 *
 * Opens a connection of its own for a long write on a worker thread (an import, a
 * restore), so that its transaction never takes in a write the window makes meanwhile on
 * the store's own connection; that write waits its turn instead. The journal must exist.
 *
 * Returns: (transfer full) (nullable): a connection to close with sqlite3_close()
 */
sqlite3 *
_reframe_store_open_writer_at (const char *path,
                               GError    **error)
{
  sqlite3 *db = NULL;
  int      rc = open_connection (path, SQLITE_OPEN_READWRITE, &db);

  if (rc != SQLITE_OK || !configure_connection (db, TRUE, error))
    {
      if (rc != SQLITE_OK)
        _reframe_store_fail (error, db, rc);
      sqlite3_close (db);
      return NULL;
    }
  return db;
}

sqlite3 *
_reframe_store_open_reader (ReframeStore *self,
                            GError      **error)
{
  return _reframe_store_open_reader_at (self->path, error);
}
