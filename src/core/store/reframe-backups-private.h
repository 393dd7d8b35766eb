/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-backups-private.h: the checked copy shared by backups, restores and the store's
 * copy before a format update, and hooks for tests. */

#pragma once

#include <sqlite3.h>

#include "reframe-backups.h"

G_BEGIN_DECLS

/* The default backups folder of a journal: `<data dir>/backups` (for the default data
 * folder, `$XDG_DATA_HOME/reframe/backups`). */
char *_reframe_backups_dup_default_folder (const char *data_dir);

/* Makes @folder (0700 when Reframe makes it) and removes the temporary files of copies
 * whose writer was killed. */
gboolean _reframe_backups_prepare_folder (const char *folder,
                                          gboolean    make_private,
                                          GError    **error);

/* Copies the journal at @journal_path into @folder as a backup named for @now and
 * @reason: SQLite's online backup into a private temporary file, synced, checked, then
 * renamed into place. Nothing is rotated. */
char *_reframe_backups_write (const char   *journal_path,
                              const char   *folder,
                              const char   *reason,
                              GDateTime    *now,
                              GCancellable *cancellable,
                              GError      **error);

/* Checks a journal file's structure and Reframe's own rules; sets @version. */
gboolean _reframe_backups_check_journal (sqlite3 *db,
                                         int     *version,
                                         GError **error);
sqlite3 *_reframe_backups_open_file (const char *path,
                                     GError    **error);

char *_reframe_backups_write_to (const char   *journal_path,
                                 const char   *folder,
                                 const char   *dest,
                                 const char   *reason,
                                 GDateTime    *now,
                                 GCancellable *cancellable,
                                 GError      **error);

/* A private temporary folder in @folder for a restore, held by @lock_fd; one whose
 * process was killed is removed by the next _reframe_backups_prepare_folder(). */
char *_reframe_backups_make_temp_dir (const char *folder,
                                      int        *lock_fd,
                                      GError    **error);
void  _reframe_backups_remove_temp_dir (const char *path,
                                        int         lock_fd);

/* Removes the automatic backups beyond what the keep counts say, and others beyond
 * REFRAME_BACKUPS_KEEP_OTHERS per reason; with @only_reason, only backups of that kind
 * (automatic or that reason). */
void               _reframe_backups_rotate (const char *folder,
                                            const char *only_reason,
                                            guint       keep_daily,
                                            guint       keep_weekly,
                                            guint       keep_monthly);
GPtrArray         *_reframe_backups_list_names (const char *folder);
gboolean           _reframe_backups_is_automatic (const char *reason);
ReframeBackupInfo *_reframe_backups_peek (const char *path);
gboolean           _reframe_backups_peek_is_journal (const char *path);
int                _reframe_backups_compare_newest_first (gconstpointer a,
                                                          gconstpointer b);

/* For tests: as if the clock said @now. */
char              *_reframe_backups_create_at (ReframeBackups *self,
                                               const char     *reason,
                                               GDateTime      *now,
                                               GCancellable   *cancellable,
                                               GError        **error);
gboolean           _reframe_backups_need_daily_at (ReframeBackups *self,
                                                   GDateTime      *now);
ReframeBackupInfo *_reframe_backups_parse_name (const char *folder,
                                                const char *name);

/* Beside the backup of an encrypted journal: the journal's key file as it was then. */
#define REFRAME_BACKUPS_KEY_SUFFIX ".key"

void _reframe_backups_remove (const char *path);

G_END_DECLS
