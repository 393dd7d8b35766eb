/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-store-private.h: calls between the store and its repositories. */

#pragma once

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
