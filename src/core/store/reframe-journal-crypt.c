/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-journal-crypt.c: turning the journal's encryption on and off, locking and
 * unlocking it.
 *
 * Files in the data folder: `reframe.db` (the journal; its first bytes say whether it
 * is encrypted), `reframe.key` (the envelope: the data key wrapped once per way in,
 * reframe-key-envelope.c). While converting, the new journal is written beside the old
 * one as `reframe.db.encrypting` or `reframe.db.decrypting`, checked, synced, and only
 * then renamed over `reframe.db`; a leftover from a crash is removed the next time.
 * The envelope is saved before the rename when encrypting and removed after it when
 * decrypting, so at every moment the journal file and what opens it agree. */

#define G_LOG_DOMAIN "ReframeStore"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include "reframe-i18n.h"
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "reframe-backups-private.h"
#include "reframe-crypt-vfs.h"
#include "reframe-journal-crypt.h"
#include "reframe-key-envelope.h"
#include "reframe-store-private.h"
#include "reframe-store.h"

#define DB_FILE_NAME "reframe.db"

static char *
dup_db_path (const char *data_dir)
{
  g_autofree char *dir = data_dir ? g_strdup (data_dir) : reframe_store_dup_default_dir ();

  return g_build_filename (dir, DB_FILE_NAME, NULL);
}

static char *
dup_envelope_path (const char *data_dir)
{
  g_autofree char *dir = data_dir ? g_strdup (data_dir) : reframe_store_dup_default_dir ();

  return g_build_filename (dir, REFRAME_JOURNAL_KEY_FILE_NAME, NULL);
}

/**
 * reframe_journal_is_encrypted:
 * @data_dir: (nullable): the journal's folder, %NULL for the default
 *
 * Returns: %TRUE when the journal file is encrypted (locked or not)
 */
gboolean
reframe_journal_is_encrypted (const char *data_dir)
{
  g_autofree char *path = dup_db_path (data_dir);

  return reframe_crypt_vfs_probe (path) == REFRAME_CRYPT_FILE_ENCRYPTED;
}

/**
 * reframe_journal_is_unlocked:
 *
 * Returns: %TRUE when the journal can be opened now: it is plain, or its key is given
 */
gboolean
reframe_journal_is_unlocked (const char *data_dir)
{
  g_autofree char *path = dup_db_path (data_dir);
  g_autoptr (ReframeCryptKey) key = NULL;

  if (reframe_crypt_vfs_probe (path) != REFRAME_CRYPT_FILE_ENCRYPTED)
    return TRUE;
  key = reframe_crypt_vfs_dup_key (path);
  return key != NULL;
}

/* The newest copy of the key file beside a backup in the default backups folder, for a
 * journal whose own key file went missing. */
static char *
dup_backup_envelope_path (const char *data_dir)
{
  g_autofree char *dir = data_dir ? g_strdup (data_dir) : reframe_store_dup_default_dir ();
  g_autofree char *folder = g_build_filename (dir, "backups", NULL);
  g_autoptr (GDir) listing = g_dir_open (folder, 0, NULL);
  g_autofree char *newest = NULL;
  const char      *name;

  /* Backup names begin with their time, so the greatest name is the newest. */
  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_suffix (name, REFRAME_BACKUPS_KEY_SUFFIX) && g_strcmp0 (name, newest) > 0)
      {
        g_free (newest);
        newest = g_strdup (name);
      }
  return newest ? g_build_filename (folder, newest, NULL) : NULL;
}

static ReframeKeyEnvelope *
load_envelope (const char *data_dir,
               char      **loaded_from,
               GError    **error)
{
  g_autofree char *path = dup_envelope_path (data_dir);
  g_autofree char *spare = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS) &&
      (spare = dup_backup_envelope_path (data_dir)) == NULL)
    {
      g_set_error (error,
                   REFRAME_KEY_ERROR,
                   REFRAME_KEY_ERROR_MALFORMED,
                   _ ("The journal is encrypted, but its key file “%s” is missing. Put the file "
                      "back beside the journal to open it."),
                   path);
      return NULL;
    }
  if (loaded_from != NULL)
    *loaded_from = g_strdup (spare ? spare : path);
  return reframe_key_envelope_load (spare ? spare : path, error);
}

/* After the spare copy of a backup opened the journal, it is its key file again. */
static void
restore_envelope (const char *data_dir,
                  const char *loaded_from)
{
  g_autofree char *path = dup_envelope_path (data_dir);
  g_autofree char *contents = NULL;
  gsize            length = 0;

  if (g_strcmp0 (path, loaded_from) != 0 &&
      g_file_get_contents (loaded_from, &contents, &length, NULL))
    g_file_set_contents_full (path, contents, length, G_FILE_SET_CONTENTS_CONSISTENT, 0600, NULL);
}

/**
 * reframe_journal_has_login_unlock:
 *
 * Returns: %TRUE when the journal is encrypted and can be unlocked with the login
 *   keyring
 */
gboolean
reframe_journal_has_login_unlock (const char *data_dir)
{
  g_autoptr (ReframeKeyEnvelope) envelope = NULL;

  if (!reframe_journal_is_encrypted (data_dir))
    return FALSE;
  envelope = load_envelope (data_dir, NULL, NULL);
  return envelope != NULL && reframe_key_envelope_has_login (envelope);
}

static ReframeCryptKey *
unwrap_key (ReframeKeyEnvelope *envelope,
            ReframeUnlockMethod method,
            const char         *secret,
            GCancellable       *cancellable,
            GError            **error)
{
  switch (method)
    {
    case REFRAME_UNLOCK_PASSPHRASE:
      return reframe_key_envelope_unlock (envelope, secret ? secret : "", error);
    case REFRAME_UNLOCK_RECOVERY_KEY:
      return reframe_key_envelope_unlock_recovery (envelope, secret ? secret : "", error);
    case REFRAME_UNLOCK_LOGIN:
      return reframe_key_envelope_unlock_login (envelope, cancellable, error);
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * reframe_journal_unlock:
 * @data_dir: (nullable): the journal's folder
 * @method: the way in
 * @secret: (nullable): the passphrase or recovery key; %NULL for the login keyring
 * @cancellable: (nullable): cancels a keyring lookup
 * @error: a wrong passphrase or recovery key (REFRAME_KEY_ERROR), a missing or damaged
 *   key file
 *
 * Gives the journal's key to every connection that opens it from now on. Takes about
 * half a second for a passphrase (Argon2id): call it from a worker thread, or use
 * reframe_journal_unlock_async(). A plain journal is unlocked already.
 *
 * Returns: %TRUE when the journal can be opened
 */
gboolean
reframe_journal_unlock (const char         *data_dir,
                        ReframeUnlockMethod method,
                        const char         *secret,
                        GCancellable       *cancellable,
                        GError            **error)
{
  g_autofree char *path = dup_db_path (data_dir);
  g_autoptr (ReframeKeyEnvelope) envelope = NULL;
  g_autoptr (ReframeCryptKey) key = NULL;
  g_autofree char *loaded_from = NULL;

  reframe_crypt_vfs_register ();
  if (reframe_crypt_vfs_probe (path) != REFRAME_CRYPT_FILE_ENCRYPTED)
    return TRUE;
  if ((envelope = load_envelope (data_dir, &loaded_from, error)) == NULL ||
      (key = unwrap_key (envelope, method, secret, cancellable, error)) == NULL)
    return FALSE;
  if (!reframe_crypt_vfs_key_opens (path, key))
    {
      g_set_error_literal (error,
                           REFRAME_KEY_ERROR,
                           REFRAME_KEY_ERROR_MALFORMED,
                           _ ("The key file beside the journal belongs to another journal, or the "
                              "journal file was changed, so it cannot be opened."));
      return FALSE;
    }
  reframe_crypt_harden_process ();
  restore_envelope (data_dir, loaded_from);
  reframe_crypt_vfs_set_key (path, key);
  return TRUE;
}

typedef struct
{
  char               *data_dir;
  char               *secret;
  ReframeUnlockMethod method;
} CryptJob;

static void
crypt_job_free (CryptJob *job)
{
  g_free (job->data_dir);
  if (job->secret != NULL)
    memset (job->secret, 0, strlen (job->secret));
  g_free (job->secret);
  g_free (job);
}

static GTask *
crypt_task_new (const char         *data_dir,
                const char         *secret,
                ReframeUnlockMethod method,
                GCancellable       *cancellable,
                GAsyncReadyCallback callback,
                gpointer            user_data,
                gpointer            source_tag)
{
  GTask    *task = g_task_new (NULL, cancellable, callback, user_data);
  CryptJob *job = g_new0 (CryptJob, 1);

  job->data_dir = g_strdup (data_dir);
  job->secret = g_strdup (secret);
  job->method = method;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, (GDestroyNotify) crypt_job_free);
  return task;
}

static void
unlock_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  CryptJob *job = task_data;
  GError   *error = NULL;

  if (reframe_journal_unlock (job->data_dir, job->method, job->secret, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
reframe_journal_unlock_async (const char         *data_dir,
                              ReframeUnlockMethod method,
                              const char         *secret,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  g_autoptr (GTask) task = crypt_task_new (
      data_dir, secret, method, cancellable, callback, user_data, reframe_journal_unlock_async);

  g_task_run_in_thread (task, unlock_thread);
}

gboolean
reframe_journal_unlock_finish (GAsyncResult *result,
                               GError      **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * reframe_journal_lock:
 *
 * Takes the journal's key away: new connections fail with %REFRAME_STORE_ERROR_LOCKED.
 * The key's bytes are wiped when the last open connection closes; close every store
 * first so that happens now.
 */
void
reframe_journal_lock (const char *data_dir)
{
  g_autofree char *path = dup_db_path (data_dir);

  reframe_crypt_vfs_set_key (path, NULL);
}

static gboolean
fail_sqlite (sqlite3    *db,
             int         rc,
             GError    **error,
             const char *what)
{
  g_autoptr (GError) local_error = NULL;

  _reframe_store_fail (&local_error, db, rc);
  g_set_error (error, local_error->domain, local_error->code, "%s %s", what, local_error->message);
  return FALSE;
}

static sqlite3 *
open_plain_connection (const char *path,
                       int         flags,
                       GError    **error)
{
  sqlite3 *db = NULL;
  int      rc = sqlite3_open_v2 (path, &db, flags | SQLITE_OPEN_URI, REFRAME_CRYPT_VFS_NAME);

  if (rc == SQLITE_OK)
    {
      sqlite3_extended_result_codes (db, 1);
      sqlite3_busy_timeout (db, 10000);
      rc = sqlite3_exec (db, "PRAGMA temp_store = MEMORY", NULL, NULL, NULL);
    }
  if (rc != SQLITE_OK)
    {
      fail_sqlite (db, rc, error, _ ("The journal could not be opened for the conversion."));
      sqlite3_close (db);
      return NULL;
    }
  return db;
}

static gboolean
count_rows (sqlite3    *db,
            const char *table,
            gint64     *count)
{
  g_autofree char *quoted = g_strdup_printf ("SELECT count (*) FROM \"%s\"", table);
  sqlite3_stmt    *stmt = NULL;
  gboolean         ok;

  if (strchr (table, '"') != NULL || sqlite3_prepare_v2 (db, quoted, -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  ok = sqlite3_step (stmt) == SQLITE_ROW;
  *count = ok ? sqlite3_column_int64 (stmt, 0) : -1;
  sqlite3_finalize (stmt);
  return ok;
}

static gboolean
query_is_ok (sqlite3    *db,
             const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gboolean      ok;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  ok = sqlite3_step (stmt) == SQLITE_ROW &&
       g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0;
  sqlite3_finalize (stmt);
  return ok;
}

static GPtrArray *
list_tables (sqlite3 *db)
{
  GPtrArray    *tables = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db,
                          "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name",
                          -1,
                          &stmt,
                          NULL) == SQLITE_OK)
    while (sqlite3_step (stmt) == SQLITE_ROW)
      g_ptr_array_add (tables, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  return tables;
}

/* The copy must be whole (SQLite's own check) and hold as many rows in every table,
 * the search index's included, as the journal it replaces. */
static gboolean
verify_copy (sqlite3    *source,
             const char *copy_path,
             GError    **error)
{
  g_autoptr (GPtrArray) tables = list_tables (source);
  sqlite3 *copy = open_plain_connection (copy_path, SQLITE_OPEN_READONLY, error);
  gboolean ok;

  if (copy == NULL)
    return FALSE;
  ok = tables->len > 0 && query_is_ok (copy, "PRAGMA integrity_check (1)");
  for (guint i = 0; ok && i < tables->len; i++)
    {
      gint64 a = 0, b = 0;

      ok = count_rows (source, tables->pdata[i], &a) && count_rows (copy, tables->pdata[i], &b) &&
           a == b;
    }
  sqlite3_close (copy);
  if (!ok)
    g_set_error_literal (
        error,
        REFRAME_STORE_ERROR,
        REFRAME_STORE_ERROR_FAILED,
        _ ("The converted copy of the journal did not match it, so the journal was "
           "left as it was."));
  return ok;
}

static gboolean
sync_path (const char *path,
           gboolean    directory,
           GError    **error)
{
  int fd = g_open (path, (directory ? O_DIRECTORY : 0) | O_RDONLY | O_CLOEXEC, 0);
  int saved_errno;

  if (fd >= 0 && fsync (fd) == 0)
    {
      close (fd);
      return TRUE;
    }
  saved_errno = errno;
  if (fd >= 0)
    close (fd);
  g_set_error (error,
               REFRAME_STORE_ERROR,
               saved_errno == ENOSPC ? REFRAME_STORE_ERROR_DISK_FULL : REFRAME_STORE_ERROR_FAILED,
               _ ("The converted journal could not be written to the disk (%s); the journal was "
                  "left as it was."),
               g_strerror (saved_errno));
  return FALSE;
}

static void
remove_with_companions (const char *path)
{
  static const char *const suffixes[] = { "", "-journal", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_unlink (file);
    }
}

/**
 * _reframe_store_vacuum_into:
 *
 * VACUUM INTO writes a fresh, compact copy (no free pages left over from deleted
 * entries), through the encrypting VFS: encrypted when a key is set for @copy_path,
 * plain otherwise. The journal's reserved bytes (40, asked for here) carry over.
 *
 * Returns: %TRUE when the copy is written
 */
gboolean
_reframe_store_vacuum_into (sqlite3    *source,
                            const char *copy_path,
                            GError    **error)
{
  /* A URI needs an absolute path; the command line's --data-dir may be relative. */
  g_autofree char *absolute = g_canonicalize_filename (copy_path, NULL);
  g_autofree char *uri = g_filename_to_uri (absolute, NULL, error);
  g_autofree char *target = NULL;
  sqlite3_stmt    *stmt = NULL;
  int              reserve = REFRAME_CRYPT_RESERVE;
  int              rc;

  if (uri == NULL)
    return FALSE;
  target = g_strconcat (uri, "?vfs=" REFRAME_CRYPT_VFS_NAME, NULL);
  sqlite3_file_control (source, "main", SQLITE_FCNTL_RESERVE_BYTES, &reserve);
  rc = sqlite3_prepare_v2 (source, "VACUUM INTO ?", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, target, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
      rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_OK)
    return fail_sqlite (
        source, rc, error, _ ("The journal could not be converted, and it was left as it was."));
  return TRUE;
}

/* SQLite makes the copy with the umask's mode (0644 as a rule); the journal it
 * replaces is the person's alone. */
static gboolean
make_copy_private (const char *copy_path,
                   GError    **error)
{
  if (g_chmod (copy_path, 0600) == 0)
    return TRUE;
  g_set_error (
      error,
      REFRAME_STORE_ERROR,
      REFRAME_STORE_ERROR_FAILED,
      _ ("The converted journal could not be made private (%s); the journal was left as it was."),
      g_strerror (errno));
  return FALSE;
}

typedef gboolean (*BeforeRename) (const char *data_dir,
                                  gpointer    user_data,
                                  GError    **error);

/* The one conversion both ways: a second connection holds the write lock so that no
 * other program saves into the old journal meanwhile; the copy is made, checked and
 * synced; @before_rename runs (it saves the envelope); then the copy takes the
 * journal's place in one rename. */
static gboolean
convert (const char   *data_dir,
         const char   *suffix,
         BeforeRename  before_rename,
         gpointer      user_data,
         GCancellable *cancellable,
         GError      **error)
{
  g_autofree char *path = dup_db_path (data_dir);
  g_autofree char *copy_path = g_strconcat (path, suffix, NULL);
  g_autofree char *folder = g_path_get_dirname (path);
  sqlite3         *guard = NULL;
  sqlite3         *source = NULL;
  gboolean         ok = FALSE;

  remove_with_companions (copy_path);
  if ((guard = open_plain_connection (path, SQLITE_OPEN_READWRITE, error)) == NULL)
    return FALSE;
  if (sqlite3_exec (guard, "PRAGMA wal_checkpoint (TRUNCATE); BEGIN IMMEDIATE", NULL, NULL, NULL) !=
      SQLITE_OK)
    {
      fail_sqlite (guard,
                   sqlite3_extended_errcode (guard),
                   error,
                   _ ("The journal is busy; close other Reframe windows and try again."));
      sqlite3_close (guard);
      return FALSE;
    }
  if ((source = open_plain_connection (path, SQLITE_OPEN_READONLY, error)) != NULL &&
      !g_cancellable_set_error_if_cancelled (cancellable, error) &&
      _reframe_store_vacuum_into (source, copy_path, error) &&
      verify_copy (source, copy_path, error) &&
      make_copy_private (copy_path, error) &&
      sync_path (copy_path, FALSE, error) &&
      !g_cancellable_set_error_if_cancelled (cancellable, error) &&
      before_rename (data_dir, user_data, error))
    {
      ok = g_rename (copy_path, path) == 0;
      if (!ok)
        g_set_error (error,
                     REFRAME_STORE_ERROR,
                     REFRAME_STORE_ERROR_FAILED,
                     _ ("The converted journal could not take the old one’s place (%s); the "
                        "journal was left as it was."),
                     g_strerror (errno));
      else
        sync_path (folder, TRUE, NULL);
    }
  sqlite3_close (source);
  sqlite3_exec (guard, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (guard);
  if (!ok)
    remove_with_companions (copy_path);
  return ok;
}

typedef struct
{
  ReframeKeyEnvelope *envelope;
} EncryptData;

static gboolean
save_envelope (const char *data_dir,
               gpointer    user_data,
               GError    **error)
{
  EncryptData     *data = user_data;
  g_autofree char *path = dup_envelope_path (data_dir);

  return reframe_key_envelope_save (data->envelope, path, error);
}

/**
 * reframe_journal_encrypt:
 * @data_dir: (nullable): the journal's folder
 * @passphrase: the passphrase that will open it
 * @cancellable: (nullable): stops it before the journal is replaced
 * @error: why the journal stayed as it was
 *
 * Encrypts the journal with a new random key, wrapped by @passphrase and by a recovery
 * key. No store may have the journal open. Afterwards the journal is unlocked.
 *
 * Returns: (transfer full) (nullable): the recovery key, to show once; %NULL on failure
 */
char *
reframe_journal_encrypt (const char   *data_dir,
                         const char   *passphrase,
                         GCancellable *cancellable,
                         GError      **error)
{
  g_autofree char *path = dup_db_path (data_dir);
  g_autofree char *copy_path = g_strconcat (path, ".encrypting", NULL);
  g_autoptr (ReframeCryptKey) key = NULL;
  g_autoptr (ReframeKeyEnvelope) envelope = NULL;
  g_autofree char *recovery = NULL;
  EncryptData      data;
  gboolean         ok;

  g_return_val_if_fail (passphrase != NULL, NULL);

  reframe_crypt_vfs_register ();
  if (reframe_crypt_vfs_probe (path) != REFRAME_CRYPT_FILE_PLAIN)
    {
      g_set_error_literal (error,
                           REFRAME_STORE_ERROR,
                           REFRAME_STORE_ERROR_INVALID,
                           reframe_crypt_vfs_probe (path) == REFRAME_CRYPT_FILE_ENCRYPTED
                               ? _ ("The journal is encrypted already.")
                               : _ ("There is no journal to encrypt yet."));
      return NULL;
    }
  reframe_crypt_harden_process ();
  key = reframe_crypt_key_new_random ();
  if ((envelope = reframe_key_envelope_new (key, passphrase, &recovery, error)) == NULL)
    return NULL;
  data.envelope = envelope;
  reframe_crypt_vfs_set_key (copy_path, key);
  ok = convert (data_dir, ".encrypting", save_envelope, &data, cancellable, error);
  reframe_crypt_vfs_set_key (copy_path, NULL);
  if (!ok)
    return NULL;
  reframe_crypt_vfs_set_key (path, key);
  return g_steal_pointer (&recovery);
}

static gboolean
nothing_before_rename (const char *data_dir,
                       gpointer    user_data,
                       GError    **error)
{
  return TRUE;
}

static gboolean
require_unlocked (const char *data_dir,
                  GError    **error)
{
  if (!reframe_journal_is_encrypted (data_dir))
    {
      g_set_error_literal (error,
                           REFRAME_STORE_ERROR,
                           REFRAME_STORE_ERROR_INVALID,
                           _ ("The journal is not encrypted."));
      return FALSE;
    }
  if (!reframe_journal_is_unlocked (data_dir))
    {
      g_set_error_literal (error,
                           REFRAME_STORE_ERROR,
                           REFRAME_STORE_ERROR_LOCKED,
                           _ ("The journal is locked. Unlock it first."));
      return FALSE;
    }
  return TRUE;
}

/**
 * reframe_journal_decrypt:
 *
 * Writes the journal back as a plain file and removes its key file (and the login
 * keyring's copy). The journal must be unlocked and no store may have it open.
 * Backups made while it was encrypted stay encrypted.
 *
 * Returns: %TRUE when the journal is plain now
 */
gboolean
reframe_journal_decrypt (const char   *data_dir,
                         GCancellable *cancellable,
                         GError      **error)
{
  g_autofree char *path = dup_db_path (data_dir);
  g_autofree char *envelope_path = dup_envelope_path (data_dir);
  g_autoptr (ReframeKeyEnvelope) envelope = NULL;

  if (!require_unlocked (data_dir, error))
    return FALSE;
  envelope = reframe_key_envelope_load (envelope_path, NULL);
  if (!convert (data_dir, ".decrypting", nothing_before_rename, NULL, cancellable, error))
    return FALSE;
  reframe_crypt_vfs_set_key (path, NULL);
  if (envelope != NULL && reframe_key_envelope_has_login (envelope))
    reframe_key_envelope_disable_login (envelope, NULL);
  g_unlink (envelope_path);
  return TRUE;
}

static void
encrypt_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  CryptJob *job = task_data;
  GError   *error = NULL;
  char     *recovery = reframe_journal_encrypt (job->data_dir, job->secret, cancellable, &error);

  if (recovery != NULL)
    g_task_return_pointer (task, recovery, g_free);
  else
    g_task_return_error (task, error);
}

void
reframe_journal_encrypt_async (const char         *data_dir,
                               const char         *passphrase,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  g_autoptr (GTask) task = crypt_task_new (data_dir,
                                           passphrase,
                                           REFRAME_UNLOCK_PASSPHRASE,
                                           cancellable,
                                           callback,
                                           user_data,
                                           reframe_journal_encrypt_async);

  g_task_run_in_thread (task, encrypt_thread);
}

char *
reframe_journal_encrypt_finish (GAsyncResult *result,
                                GError      **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
decrypt_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  CryptJob *job = task_data;
  GError   *error = NULL;

  if (reframe_journal_decrypt (job->data_dir, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
reframe_journal_decrypt_async (const char         *data_dir,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  g_autoptr (GTask) task = crypt_task_new (data_dir,
                                           NULL,
                                           REFRAME_UNLOCK_PASSPHRASE,
                                           cancellable,
                                           callback,
                                           user_data,
                                           reframe_journal_decrypt_async);

  g_task_run_in_thread (task, decrypt_thread);
}

gboolean
reframe_journal_decrypt_finish (GAsyncResult *result,
                                GError      **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* What the envelope operations share: an unlocked journal, its key and its envelope. */
static gboolean
open_envelope (const char          *data_dir,
               ReframeCryptKey    **key,
               ReframeKeyEnvelope **envelope,
               GError             **error)
{
  g_autofree char *path = dup_db_path (data_dir);

  if (!require_unlocked (data_dir, error) ||
      (*envelope = load_envelope (data_dir, NULL, error)) == NULL)
    return FALSE;
  *key = reframe_crypt_vfs_dup_key (path);
  return *key != NULL;
}

static gboolean
save_loaded_envelope (const char         *data_dir,
                      ReframeKeyEnvelope *envelope,
                      GError            **error)
{
  g_autofree char *envelope_path = dup_envelope_path (data_dir);

  return reframe_key_envelope_save (envelope, envelope_path, error);
}

/**
 * reframe_journal_change_passphrase:
 *
 * Wraps the journal's key with a new passphrase; the journal file is not touched, and
 * the recovery key and login unlock go on working. The journal must be unlocked.
 *
 * Returns: %TRUE when the new passphrase opens the journal and the old one no longer does
 */
gboolean
reframe_journal_change_passphrase (const char *data_dir,
                                   const char *passphrase,
                                   GError    **error)
{
  g_autoptr (ReframeCryptKey) key = NULL;
  g_autoptr (ReframeKeyEnvelope) envelope = NULL;

  return open_envelope (data_dir, &key, &envelope, error) &&
         reframe_key_envelope_set_passphrase (envelope, key, passphrase, error) &&
         save_loaded_envelope (data_dir, envelope, error);
}

static void
change_passphrase_thread (GTask        *task,
                          gpointer      source_object,
                          gpointer      task_data,
                          GCancellable *cancellable)
{
  CryptJob *job = task_data;
  GError   *error = NULL;

  if (reframe_journal_change_passphrase (job->data_dir, job->secret, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
reframe_journal_change_passphrase_async (const char         *data_dir,
                                         const char         *passphrase,
                                         GCancellable       *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer            user_data)
{
  g_autoptr (GTask) task = crypt_task_new (data_dir,
                                           passphrase,
                                           REFRAME_UNLOCK_PASSPHRASE,
                                           cancellable,
                                           callback,
                                           user_data,
                                           reframe_journal_change_passphrase_async);

  g_task_run_in_thread (task, change_passphrase_thread);
}

gboolean
reframe_journal_change_passphrase_finish (GAsyncResult *result,
                                          GError      **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * reframe_journal_new_recovery_key:
 *
 * Replaces the recovery key: the old one no longer opens the journal.
 *
 * Returns: (transfer full) (nullable): the new recovery key, to show once
 */
char *
reframe_journal_new_recovery_key (const char *data_dir,
                                  GError    **error)
{
  g_autoptr (ReframeCryptKey) key = NULL;
  g_autoptr (ReframeKeyEnvelope) envelope = NULL;
  g_autofree char *recovery = NULL;

  if (!open_envelope (data_dir, &key, &envelope, error) ||
      (recovery = reframe_key_envelope_reset_recovery (envelope, key, error)) == NULL ||
      !save_loaded_envelope (data_dir, envelope, error))
    return NULL;
  return g_steal_pointer (&recovery);
}

/**
 * reframe_journal_set_login_unlock:
 *
 * Keeps a way in in the login keyring (anyone logged in as this user can then open the
 * journal), or removes it. The journal must be unlocked.
 *
 * Returns: %TRUE when done
 */
gboolean
reframe_journal_set_login_unlock (const char   *data_dir,
                                  gboolean      enabled,
                                  GCancellable *cancellable,
                                  GError      **error)
{
  g_autoptr (ReframeCryptKey) key = NULL;
  g_autoptr (ReframeKeyEnvelope) envelope = NULL;

  if (!open_envelope (data_dir, &key, &envelope, error))
    return FALSE;
  if (enabled == reframe_key_envelope_has_login (envelope))
    return TRUE;
  if (enabled && !reframe_key_envelope_enable_login (envelope, key, cancellable, error))
    return FALSE;
  if (!enabled)
    reframe_key_envelope_disable_login (envelope, cancellable);
  return save_loaded_envelope (data_dir, envelope, error);
}
