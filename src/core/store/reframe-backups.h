/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-backups.h: checked, rotating copies of the journal, and restoring one. */

#pragma once

#include <gio/gio.h>

#include "reframe-core-types.h"

G_BEGIN_DECLS

#define REFRAME_TYPE_BACKUP_INFO (reframe_backup_info_get_type ())
#define REFRAME_TYPE_BACKUPS     (reframe_backups_get_type ())

/* Reasons a backup is made; the first two are the automatic ones, which rotate by day,
 * week and month. The others are kept by count (REFRAME_BACKUPS_KEEP_OTHERS of each). */
#define REFRAME_BACKUP_REASON_DAILY          "daily"
#define REFRAME_BACKUP_REASON_ON_QUIT        "on-quit"
#define REFRAME_BACKUP_REASON_MANUAL         "manual"
#define REFRAME_BACKUP_REASON_BEFORE_UPDATE  "before-update"
#define REFRAME_BACKUP_REASON_BEFORE_RESTORE "before-restore"
#define REFRAME_BACKUP_REASON_BEFORE_IMPORT  "before-import"

#define REFRAME_BACKUPS_KEEP_DAILY   7
#define REFRAME_BACKUPS_KEEP_WEEKLY  4
#define REFRAME_BACKUPS_KEEP_MONTHLY 12
#define REFRAME_BACKUPS_KEEP_OTHERS  10

/**
 * ReframeBackupInfo:
 * @path: the backup's file
 * @when: when it was made, in UTC
 * @size: its size in bytes
 * @n_entries: how many mood entries it holds
 * @n_worksheets: how many worksheets and questionnaires it holds (not deleted ones)
 * @first_day: the day of its first entry; cleared (g_date_valid() is %FALSE) when none
 * @last_day: the day of its last entry; cleared when none
 * @schema_version: the journal format it was written in
 * @reason: why it was made: "daily", "on-quit", "manual", "before-update",
 *   "before-restore", "before-import"; %NULL for a file not named by Reframe
 *
 * What a backup holds: a boxed struct with public, read-only fields.
 */
typedef struct
{
  char      *path;
  GDateTime *when;
  goffset    size;
  guint      n_entries;
  guint      n_worksheets;
  GDate      first_day;
  GDate      last_day;
  int        schema_version;
  char      *reason;
} ReframeBackupInfo;

GType              reframe_backup_info_get_type (void) G_GNUC_CONST;
ReframeBackupInfo *reframe_backup_info_copy (const ReframeBackupInfo *info);
void               reframe_backup_info_free (ReframeBackupInfo *info);
ReframeBackupInfo *reframe_backup_inspect (const char *path,
                                           GError    **error);
void               reframe_backup_inspect_async (const char         *path,
                                                 GCancellable       *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer            user_data);
ReframeBackupInfo *reframe_backup_inspect_finish (GAsyncResult *result,
                                                  GError      **error);

gboolean reframe_backups_before_import (ReframeStore *store,
                                        gpointer      folder,
                                        GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReframeBackupInfo, reframe_backup_info_free)

G_DECLARE_FINAL_TYPE (ReframeBackups, reframe_backups, REFRAME, BACKUPS, GObject)

ReframeBackups *reframe_backups_new (ReframeStore *store);
const char     *reframe_backups_get_folder (ReframeBackups *self);
void            reframe_backups_set_folder (ReframeBackups *self,
                                            const char     *folder);
void            reframe_backups_set_keep (ReframeBackups *self,
                                          guint           daily,
                                          guint           weekly,
                                          guint           monthly);
GPtrArray      *reframe_backups_list (ReframeBackups *self,
                                      GError        **error);
void            reframe_backups_list_async (ReframeBackups     *self,
                                            GCancellable       *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data);
GPtrArray      *reframe_backups_list_finish (ReframeBackups *self,
                                             GAsyncResult   *result,
                                             GError        **error);
gboolean        reframe_backups_need_daily (ReframeBackups *self);
char           *reframe_backups_create (ReframeBackups *self,
                                        const char     *reason,
                                        GCancellable   *cancellable,
                                        GError        **error);
void            reframe_backups_create_async (ReframeBackups     *self,
                                              const char         *reason,
                                              GCancellable       *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer            user_data);
char           *reframe_backups_create_finish (ReframeBackups *self,
                                               GAsyncResult   *result,
                                               GError        **error);
gboolean        reframe_backups_copy_to (ReframeBackups *self,
                                         const char     *path,
                                         GCancellable   *cancellable,
                                         GError        **error);
gboolean        reframe_backups_restore (ReframeBackups *self,
                                         const char     *path,
                                         GCancellable   *cancellable,
                                         GError        **error);
void            reframe_backups_restore_async (ReframeBackups     *self,
                                               const char         *path,
                                               GCancellable       *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer            user_data);
gboolean        reframe_backups_restore_finish (ReframeBackups *self,
                                                GAsyncResult   *result,
                                                GError        **error);

G_END_DECLS
