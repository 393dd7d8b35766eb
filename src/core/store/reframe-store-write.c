/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-store-write.c: what stands between the journal and a write: the integrity
 * check, and transactions that wait their turn.
 *
 * A damaged journal still opens, so that what can be read is shown, but nothing writes
 * to it. PRAGMA quick_check reads every page (50 to 100 ms for the ten-year journal of
 * 49 MB, half a second for the 500 MB stress journal), so it runs once per open: on a
 * worker thread while the window starts (reframe_store_check_async()), or else before
 * the first write. A write during the check waits for its answer.
 */

#define G_LOG_DOMAIN "ReframeStore"

#include "config.h"

#include "reframe-store-private.h"

typedef enum
{
  CHECK_NOT_RUN,
  CHECK_RUNNING,
  CHECK_SOUND,
  CHECK_DAMAGED,
} CheckState;

struct _ReframeStoreCheck
{
  GMutex     lock;
  GCond      done;
  CheckState state;

  /* Owned: the answer while the state is CHECK_DAMAGED. */
  GError *damage;
};

/**
 * _reframe_store_check_new:
 * @sound: %TRUE when the journal is known to be sound (just made, or just checked)
 */
ReframeStoreCheck *
_reframe_store_check_new (gboolean sound)
{
  ReframeStoreCheck *check = g_new0 (ReframeStoreCheck, 1);

  g_mutex_init (&check->lock);
  g_cond_init (&check->done);
  check->state = sound ? CHECK_SOUND : CHECK_NOT_RUN;
  return check;
}

void
_reframe_store_check_free (ReframeStoreCheck *check)
{
  g_mutex_clear (&check->lock);
  g_cond_clear (&check->done);
  g_clear_error (&check->damage);
  g_free (check);
}

/* The journal was just replaced by a checked backup: it needs no check of its own. A
 * check running meanwhile (of the journal as it was) gives its answer as it ends. */
void
_reframe_store_check_mark_sound (ReframeStoreCheck *check)
{
  g_mutex_lock (&check->lock);
  if (check->state != CHECK_RUNNING)
    {
      check->state = CHECK_SOUND;
      g_clear_error (&check->damage);
    }
  g_mutex_unlock (&check->lock);
}

/**
 * _reframe_store_check_integrity:
 *
 * Reads every page of the journal on @db and checks its structure.
 *
 * Returns: %TRUE when the journal is sound; %REFRAME_STORE_ERROR_CORRUPT, with the words
 *   reading a damaged page gives, when it is not
 */
gboolean
_reframe_store_check_integrity (sqlite3 *db,
                                GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  /* One problem is enough to know: the check stops at the first. */
  if ((stmt = _reframe_store_prepare (db, "PRAGMA quick_check (1)", error)) == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0)
    return TRUE;
  if (rc == SQLITE_ROW)
    return _reframe_store_fail (error, NULL, SQLITE_CORRUPT);
  return _reframe_store_fail (error, db, rc);
}

static int
check_progress_cb (void *user_data)
{
  return g_cancellable_is_cancelled (user_data);
}

static gboolean
check_integrity_at (const char   *path,
                    GCancellable *cancellable,
                    GError      **error)
{
  sqlite3 *db = _reframe_store_open_reader_at (path, error);
  gboolean sound;

  if (db == NULL)
    return FALSE;
  if (cancellable != NULL)
    sqlite3_progress_handler (db, 1000, check_progress_cb, cancellable);
  sound = _reframe_store_check_integrity (db, error);
  sqlite3_close (db);
  if (!sound && g_cancellable_set_error_if_cancelled (cancellable, NULL))
    {
      g_clear_error (error);
      g_cancellable_set_error_if_cancelled (cancellable, error);
    }
  return sound;
}

/* Runs the check on @db, or on a connection of its own to @path, unless it has run or
 * is running; then answers as it did. Only damage is remembered: a check that could not
 * run (cancelled, busy) runs again before the next write. */
static gboolean
ensure_checked (ReframeStoreCheck *check,
                sqlite3           *db,
                const char        *path,
                GCancellable      *cancellable,
                GError           **error)
{
  gboolean sound;

  g_mutex_lock (&check->lock);
  while (check->state == CHECK_RUNNING)
    g_cond_wait (&check->done, &check->lock);

  if (check->state == CHECK_NOT_RUN)
    {
      g_autoptr (GError) local_error = NULL;

      check->state = CHECK_RUNNING;
      g_mutex_unlock (&check->lock);
      sound = db ? _reframe_store_check_integrity (db, &local_error)
                 : check_integrity_at (path, cancellable, &local_error);
      g_mutex_lock (&check->lock);

      if (sound)
        check->state = CHECK_SOUND;
      else if (g_error_matches (local_error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_CORRUPT))
        {
          check->state = CHECK_DAMAGED;
          check->damage = g_error_copy (local_error);
        }
      else
        check->state = CHECK_NOT_RUN;
      g_cond_broadcast (&check->done);
      g_mutex_unlock (&check->lock);
      if (!sound)
        g_propagate_error (error, g_steal_pointer (&local_error));
      return sound;
    }

  sound = check->state == CHECK_SOUND;
  if (!sound)
    g_propagate_error (error, g_error_copy (check->damage));
  g_mutex_unlock (&check->lock);
  return sound;
}

/**
 * _reframe_store_require_writer:
 *
 * For repositories, before a write: the connection to write on, once the journal is
 * known to be sound.
 *
 * Returns: (transfer none) (nullable): the writer connection, or %NULL when the journal
 *   is closed or damaged
 */
sqlite3 *
_reframe_store_require_writer (ReframeStore *self,
                               GError      **error)
{
  sqlite3 *db = _reframe_store_require_db (self, error);

  if (db == NULL || !ensure_checked (_reframe_store_get_check (self), db, NULL, NULL, error))
    return NULL;
  return db;
}

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;

  if (ensure_checked (
          _reframe_store_get_check (source_object), NULL, task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * reframe_store_check_async:
 * @self: the store
 * @cancellable: (nullable): stops the check; the first write then runs it
 * @callback: called with the answer
 * @user_data: for @callback
 *
 * Checks the journal for damage on a worker thread with its own connection, so that
 * opening stays quick; writes made meanwhile wait for the answer. A damaged journal is
 * then never written to.
 */
void
reframe_store_check_async (ReframeStore       *self,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (REFRAME_IS_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, reframe_store_check_async);
  g_task_set_task_data (task, _reframe_store_dup_path_for_reader (self), g_free);
  g_task_run_in_thread (task, check_thread);
}

/**
 * reframe_store_check_finish:
 *
 * Returns: %TRUE when the journal is sound; %REFRAME_STORE_ERROR_CORRUPT when it is
 *   damaged, with the words a person reads
 */
gboolean
reframe_store_check_finish (ReframeStore *self,
                            GAsyncResult *result,
                            GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * _reframe_store_begin_write:
 * @outer: (out): set when this began the transaction, for _reframe_store_end_write()
 *
 * Begins a write. On its own it takes the write lock first (BEGIN IMMEDIATE), so that
 * it waits its turn behind another writer (the window, a `reframe log`) for up to the
 * busy timeout; a transaction that read first could not wait, and would fail at once
 * with "database is locked". Inside a caller's transaction (an import, the generator)
 * it nests as a savepoint.
 */
gboolean
_reframe_store_begin_write (sqlite3  *db,
                            gboolean *outer,
                            GError  **error)
{
  *outer = sqlite3_get_autocommit (db) != 0;
  return _reframe_store_exec (db, *outer ? "BEGIN IMMEDIATE" : "SAVEPOINT reframe_write", error);
}

gboolean
_reframe_store_end_write (sqlite3 *db,
                          gboolean outer,
                          GError **error)
{
  return _reframe_store_exec (db, outer ? "COMMIT" : "RELEASE reframe_write", error);
}

void
_reframe_store_undo_write (sqlite3 *db,
                           gboolean outer)
{
  if (outer)
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  else
    sqlite3_exec (db, "ROLLBACK TO reframe_write; RELEASE reframe_write", NULL, NULL, NULL);
}

struct _ReframeStmtCache
{
  /* Borrowed */
  sqlite3 *db;

  /* Owned: SQL text to its statement */
  GHashTable *statements;
};

static GPrivate current_cache;

ReframeStmtCache *
_reframe_stmt_cache_new (sqlite3 *db)
{
  ReframeStmtCache *cache = g_new0 (ReframeStmtCache, 1);

  cache->db = db;
  cache->statements =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) sqlite3_finalize);
  return cache;
}

/* Finalizes the statements; call it before closing the connection. */
void
_reframe_stmt_cache_free (ReframeStmtCache *cache)
{
  if (g_private_get (&current_cache) == cache)
    g_private_set (&current_cache, NULL);
  g_hash_table_unref (cache->statements);
  g_free (cache);
}

/**
 * _reframe_stmt_cache_set_current:
 * @cache: (nullable): the cache this thread's writes use from now on, or %NULL for none
 */
void
_reframe_stmt_cache_set_current (ReframeStmtCache *cache)
{
  g_private_set (&current_cache, cache);
}

/**
 * _reframe_store_prepare_cached:
 * @holder: where the statement is kept until the holder is cleared (g_auto)
 *
 * Returns: (transfer none) (nullable): the statement, reset and unbound
 */
sqlite3_stmt *
_reframe_store_prepare_cached (sqlite3           *db,
                               ReframeCachedStmt *holder,
                               const char        *sql,
                               GError           **error)
{
  ReframeStmtCache *cache = g_private_get (&current_cache);
  sqlite3_stmt     *stmt;

  if (cache == NULL || cache->db != db)
    {
      holder->stmt = _reframe_store_prepare (db, sql, error);
      holder->cached = FALSE;
      return holder->stmt;
    }
  if ((stmt = g_hash_table_lookup (cache->statements, sql)) == NULL)
    {
      if ((stmt = _reframe_store_prepare (db, sql, error)) == NULL)
        return NULL;
      g_hash_table_insert (cache->statements, g_strdup (sql), stmt);
    }
  holder->stmt = stmt;
  holder->cached = TRUE;
  return stmt;
}

void
_reframe_cached_stmt_clear (ReframeCachedStmt *holder)
{
  if (holder->stmt == NULL)
    return;
  if (holder->cached)
    {
      sqlite3_reset (holder->stmt);
      sqlite3_clear_bindings (holder->stmt);
    }
  else
    sqlite3_finalize (holder->stmt);
  holder->stmt = NULL;
}
