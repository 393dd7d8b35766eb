/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-store-private.h: calls between the store and its repositories. */

#pragma once

#include <stdarg.h>
#include <sqlite3.h>

#include "reframe-store.h"

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

sqlite3      *_reframe_store_get_db (ReframeStore *self);
sqlite3      *_reframe_store_require_db (ReframeStore *self,
                                         GError      **error);
sqlite3      *_reframe_store_require_writer (ReframeStore *self,
                                             GError      **error);
gboolean      _reframe_store_begin_write (sqlite3  *db,
                                          gboolean *outer,
                                          GError  **error);
gboolean      _reframe_store_end_write (sqlite3 *db,
                                        gboolean outer,
                                        GError **error);
void          _reframe_store_undo_write (sqlite3 *db,
                                         gboolean outer);
sqlite3      *_reframe_store_open_reader (ReframeStore *self,
                                          GError      **error);
char         *_reframe_store_dup_path_for_reader (ReframeStore *self);
sqlite3      *_reframe_store_open_reader_at (const char *path,
                                             GError    **error);
sqlite3      *_reframe_store_open_writer_at (const char *path,
                                             GError    **error);
ReframeStore *_reframe_store_open_unbacked (const char *data_dir,
                                            GError    **error);
void          _reframe_store_note_restored (ReframeStore *self);
ReframeStore *_reframe_store_open_at_version (const char *data_dir,
                                              int         version,
                                              GError    **error);
gboolean      _reframe_store_fail (GError **error,
                                   sqlite3 *db,
                                   int      rc);
gboolean      _reframe_store_exec (sqlite3    *db,
                                   const char *sql,
                                   GError    **error);
sqlite3_stmt *_reframe_store_prepare (sqlite3    *db,
                                      const char *sql,
                                      GError    **error);
char         *_reframe_store_now_iso (void);

/* Statements that must run to their end (reframe-store-statement.c). The values of a
 * statement's parameters ?1, ?2, … follow in turn, each a tag and its value (none for
 * REFRAME_BIND_NULL), up to REFRAME_BIND_END:
 *
 *   _reframe_store_run (db, error, "DELETE FROM t WHERE uuid = ?1",
 *                       REFRAME_BIND_TEXT, uuid, REFRAME_BIND_END);
 */
typedef enum
{
  REFRAME_BIND_END,
  REFRAME_BIND_TEXT, /* const char *, or NULL for SQL NULL; not copied */
  REFRAME_BIND_INT,
  REFRAME_BIND_INT64,
  REFRAME_BIND_DOUBLE,
  REFRAME_BIND_NULL,
} ReframeBind;

void     _reframe_store_bind_valist (sqlite3_stmt *stmt,
                                     va_list       args);
gboolean _reframe_store_step_done (sqlite3      *db,
                                   sqlite3_stmt *stmt,
                                   GError      **error);
gboolean _reframe_store_run (sqlite3    *db,
                             GError    **error,
                             const char *sql,
                             ...);

/* Reading every row of a statement: @read_row makes an item of the current row. */
typedef gpointer (*ReframeStoreReadRow) (sqlite3_stmt *stmt);

GPtrArray  *_reframe_store_read_rows (sqlite3            *db,
                                      sqlite3_stmt       *stmt,
                                      ReframeStoreReadRow read_row,
                                      GDestroyNotify      free_item,
                                      GError            **error);
GListStore *_reframe_store_read_list (sqlite3            *db,
                                      sqlite3_stmt       *stmt,
                                      GType               item_type,
                                      ReframeStoreReadRow read_row,
                                      GError            **error);

/* A write that commits, or rolls back when the scope is cleared first:
 *
 *   g_auto (ReframeWriteScope) scope = { 0 };
 *   if (!_reframe_write_scope_begin (&scope, db, error) || !write (db, error) ||
 *       !_reframe_write_scope_commit (&scope, error))
 *     return FALSE;
 *
 * On its own it is a transaction that waits its turn; inside another, a savepoint
 * (_reframe_store_begin_write()). */
typedef struct
{
  sqlite3 *db; /* Borrowed; NULL once committed or rolled back */
  gboolean outer;
} ReframeWriteScope;

gboolean _reframe_write_scope_begin (ReframeWriteScope *scope,
                                     sqlite3           *db,
                                     GError           **error);
gboolean _reframe_write_scope_commit (ReframeWriteScope *scope,
                                      GError           **error);
void     _reframe_write_scope_clear (ReframeWriteScope *scope);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ReframeWriteScope, _reframe_write_scope_clear)

/* Rows kept for an Undo: hidden with deleted_at set, brought back, then purged. */
gboolean _reframe_store_set_deleted (sqlite3    *db,
                                     const char *table,
                                     const char *uuid,
                                     gboolean    deleted,
                                     gboolean    strict,
                                     gboolean   *found,
                                     GError    **error);
gboolean _reframe_store_purge_deleted (sqlite3    *db,
                                       const char *table,
                                       gboolean   *purged,
                                       GError    **error);

/* Runs a full-text search on a worker thread with its own read connection: @search gets
 * the FTS query made from the person's words and @filter, and returns the rows found. */
typedef GPtrArray *(*ReframeStoreSearchFunc) (sqlite3    *db,
                                              const char *fts_query,
                                              const char *filter,
                                              GError    **error);
void        _reframe_store_search_async (ReframeStore          *self,
                                         gpointer               source_object,
                                         gpointer               source_tag,
                                         const char            *text,
                                         const char            *filter,
                                         ReframeStoreSearchFunc search,
                                         GCancellable          *cancellable,
                                         GAsyncReadyCallback    callback,
                                         gpointer               user_data);
GListModel *_reframe_store_search_finish (GAsyncResult *result,
                                          GType         item_type,
                                          GError      **error);
GDateTime  *_reframe_store_parse_iso (const char *text);

/* Prepared statements kept for a long write on one connection (an import), so that each
 * kind of statement is compiled once rather than once per record. A cache is made current
 * on the thread that writes; _reframe_store_prepare_cached () then takes its statements
 * from it, and prepares and finalizes as usual when none is current. */
typedef struct _ReframeStmtCache ReframeStmtCache;

typedef struct
{
  sqlite3_stmt *stmt;
  gboolean      cached;
} ReframeCachedStmt;

ReframeStmtCache *_reframe_stmt_cache_new (sqlite3 *db);
void              _reframe_stmt_cache_free (ReframeStmtCache *cache);
void              _reframe_stmt_cache_set_current (ReframeStmtCache *cache);
sqlite3_stmt     *_reframe_store_prepare_cached (sqlite3           *db,
                                                 ReframeCachedStmt *holder,
                                                 const char        *sql,
                                                 GError           **error);
void              _reframe_cached_stmt_clear (ReframeCachedStmt *holder);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ReframeCachedStmt, _reframe_cached_stmt_clear)

/* One step of the schema's history, inside the caller's transaction
 * (reframe-store-migrations.c). */
gboolean _reframe_store_apply_migration (sqlite3 *db,
                                         int      version,
                                         GError **error);

/* The folder and the file, before SQLite opens them (reframe-store-files.c). */
gboolean _reframe_store_ensure_folder (const char *data_dir,
                                       GError    **error);
gboolean _reframe_store_check_file (const char *path,
                                    GError    **error);

/* The integrity check before the first write (reframe-store-write.c). */
typedef struct _ReframeStoreCheck ReframeStoreCheck;

ReframeStoreCheck *_reframe_store_check_new (gboolean sound);
void               _reframe_store_check_free (ReframeStoreCheck *check);
ReframeStoreCheck *_reframe_store_get_check (ReframeStore *self);
void               _reframe_store_check_mark_sound (ReframeStoreCheck *check);
gboolean           _reframe_store_check_integrity (sqlite3 *db,
                                                   GError **error);

/* reframe_snippet (), FTS5's snippet () at the cost of a screenful (reframe-fts-snippet.c). */
gboolean _reframe_store_add_snippet_function (sqlite3 *db,
                                              GError **error);

gboolean _reframe_store_vacuum_into (sqlite3    *source,
                                     const char *copy_path,
                                     GError    **error);

G_END_DECLS
