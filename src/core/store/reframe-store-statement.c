/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-store-statement.c: the steps every repository repeats: a statement that must
 * run to its end, a write scope that commits or rolls back, and hiding, bringing back
 * and purging rows kept for an Undo. */

#define G_LOG_DOMAIN "ReframeStore"

#include "config.h"

#include "reframe-store-private.h"

/**
 * _reframe_store_bind_valist:
 *
 * Binds the values of @args to @stmt's parameters ?1, ?2, … in turn: each is a
 * #ReframeBind tag followed by its value (none for %REFRAME_BIND_NULL), up to
 * %REFRAME_BIND_END: a `const char *` for TEXT (bound without a copy: it must outlive
 * the step), an `int` for INT, a `gint64` for INT64 (cast a smaller value), a `double`.
 */
void
_reframe_store_bind_valist (sqlite3_stmt *stmt,
                            va_list       args)
{
  ReframeBind kind;

  /* Read as int: an enum constant passed through "..." is an int. */
  for (int i = 1; (kind = (ReframeBind) va_arg (args, int)) != REFRAME_BIND_END; i++)
    {
      switch (kind)
        {
        case REFRAME_BIND_TEXT:
          sqlite3_bind_text (stmt, i, va_arg (args, const char *), -1, SQLITE_STATIC);
          break;
        case REFRAME_BIND_INT:
          sqlite3_bind_int (stmt, i, va_arg (args, int));
          break;
        case REFRAME_BIND_INT64:
          sqlite3_bind_int64 (stmt, i, va_arg (args, gint64));
          break;
        case REFRAME_BIND_DOUBLE:
          sqlite3_bind_double (stmt, i, va_arg (args, double));
          break;
        case REFRAME_BIND_NULL:
          sqlite3_bind_null (stmt, i);
          break;
        case REFRAME_BIND_END:
        default:
          g_assert_not_reached ();
        }
    }
}

/**
 * _reframe_store_step_done:
 *
 * Steps @stmt, which must run to its end (%SQLITE_DONE) in one step.
 *
 * Returns: %TRUE when it did; else %FALSE with the error of _reframe_store_fail()
 */
gboolean
_reframe_store_step_done (sqlite3      *db,
                          sqlite3_stmt *stmt,
                          GError      **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    return _reframe_store_fail (error, db, rc);
  return TRUE;
}

/**
 * _reframe_store_run:
 * @sql: one statement that returns no rows
 * @...: its parameters, as for _reframe_store_bind_valist(), ending with %REFRAME_BIND_END
 *
 * Prepares @sql, binds the values, steps it to its end and finalizes it.
 *
 * Returns: %TRUE on success; else %FALSE with the error of _reframe_store_fail()
 */
gboolean
_reframe_store_run (sqlite3    *db,
                    GError    **error,
                    const char *sql,
                    ...)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  va_list args;

  if ((stmt = _reframe_store_prepare (db, sql, error)) == NULL)
    return FALSE;
  va_start (args, sql);
  _reframe_store_bind_valist (stmt, args);
  va_end (args);
  return _reframe_store_step_done (db, stmt, error);
}

/**
 * _reframe_write_scope_begin:
 *
 * Begins a write (_reframe_store_begin_write()) that @scope ends: committed by
 * _reframe_write_scope_commit(), rolled back when @scope is cleared before that, as a
 * `g_auto (ReframeWriteScope)` is when the function returns early.
 */
gboolean
_reframe_write_scope_begin (ReframeWriteScope *scope,
                            sqlite3           *db,
                            GError           **error)
{
  g_assert (scope->db == NULL);

  if (!_reframe_store_begin_write (db, &scope->outer, error))
    return FALSE;
  scope->db = db;
  return TRUE;
}

/* A failed commit leaves the scope open, so that clearing it rolls back. */
gboolean
_reframe_write_scope_commit (ReframeWriteScope *scope,
                             GError           **error)
{
  g_assert (scope->db != NULL);

  if (!_reframe_store_end_write (scope->db, scope->outer, error))
    return FALSE;
  scope->db = NULL;
  return TRUE;
}

void
_reframe_write_scope_clear (ReframeWriteScope *scope)
{
  if (scope->db == NULL)
    return;
  _reframe_store_undo_write (scope->db, scope->outer);
  scope->db = NULL;
}

/**
 * _reframe_store_set_deleted:
 * @table: a table with `uuid` and `deleted_at` columns
 * @deleted: %TRUE to hide the row (deleted_at is now), %FALSE to bring it back
 * @strict: %TRUE to change only a row not yet hidden (or, with @deleted %FALSE, only a
 *   hidden one), %FALSE to change the row as it is
 * @found: (out): set to whether a row changed
 *
 * Hides the row of @table with @uuid, or brings it back, for an Undo.
 *
 * Returns: %TRUE on success, whether or not a row was found
 */
gboolean
_reframe_store_set_deleted (sqlite3    *db,
                            const char *table,
                            const char *uuid,
                            gboolean    deleted,
                            gboolean    strict,
                            gboolean   *found,
                            GError    **error)
{
  g_autofree char *now = _reframe_store_now_iso ();
  g_autofree char *sql = NULL;
  const char      *guard = "";

  if (strict)
    guard = deleted ? " AND deleted_at IS NULL" : " AND deleted_at IS NOT NULL";
  sql = g_strdup_printf ("UPDATE %s SET deleted_at = ?2 WHERE uuid = ?1%s", table, guard);
  if (!_reframe_store_run (db,
                           error,
                           sql,
                           REFRAME_BIND_TEXT,
                           uuid,
                           REFRAME_BIND_TEXT,
                           deleted ? now : NULL,
                           REFRAME_BIND_END))
    return FALSE;
  *found = sqlite3_changes (db) > 0;
  return TRUE;
}

/**
 * _reframe_store_purge_deleted:
 * @purged: (out): set to whether any row was removed
 *
 * Removes the hidden rows of @table for good.
 */
gboolean
_reframe_store_purge_deleted (sqlite3    *db,
                              const char *table,
                              gboolean   *purged,
                              GError    **error)
{
  g_autofree char *sql = g_strdup_printf ("DELETE FROM %s WHERE deleted_at IS NOT NULL", table);

  if (!_reframe_store_exec (db, sql, error))
    return FALSE;
  *purged = sqlite3_changes (db) > 0;
  return TRUE;
}

/**
 * _reframe_store_read_rows:
 * @read_row: makes an item of the current row
 * @free_item: (nullable): frees an item
 *
 * Steps @stmt to its end and reads every row it gives.
 *
 * Returns: (transfer full) (nullable): the items, or %NULL with the error of
 *   _reframe_store_fail()
 */
GPtrArray *
_reframe_store_read_rows (sqlite3            *db,
                          sqlite3_stmt       *stmt,
                          ReframeStoreReadRow read_row,
                          GDestroyNotify      free_item,
                          GError            **error)
{
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (free_item);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (items, read_row (stmt));
  if (rc != SQLITE_DONE)
    {
      _reframe_store_fail (error, db, rc);
      return NULL;
    }
  return g_steal_pointer (&items);
}

/**
 * _reframe_store_read_list:
 * @item_type: the #GObject type @read_row makes
 *
 * Like _reframe_store_read_rows(), into a list filled at once (one items-changed).
 *
 * Returns: (transfer full) (nullable): a #GListStore of @item_type
 */
GListStore *
_reframe_store_read_list (sqlite3            *db,
                          sqlite3_stmt       *stmt,
                          GType               item_type,
                          ReframeStoreReadRow read_row,
                          GError            **error)
{
  g_autoptr (GListStore) store = g_list_store_new (item_type);
  g_autoptr (GPtrArray) items =
      _reframe_store_read_rows (db, stmt, read_row, g_object_unref, error);

  if (items == NULL)
    return NULL;
  g_list_store_splice (store, 0, 0, items->pdata, items->len);
  return g_steal_pointer (&store);
}
