/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-backup-schedule.h: when the journal is backed up: daily, on quit after a change, before
 * an import. */

#pragma once

#include <gio/gio.h>

#include "reframe-backups.h"
#include "reframe-store.h"

G_BEGIN_DECLS

#define REFRAME_TYPE_BACKUP_SCHEDULE (reframe_backup_schedule_get_type ())

G_DECLARE_FINAL_TYPE (
    ReframeBackupSchedule, reframe_backup_schedule, REFRAME, BACKUP_SCHEDULE, GObject)

ReframeBackupSchedule *reframe_backup_schedule_new (ReframeStore *store,
                                                    GSettings    *settings);
ReframeBackups        *reframe_backup_schedule_get_backups (ReframeBackupSchedule *self);
ReframeStore          *reframe_backup_schedule_get_store (ReframeBackupSchedule *self);
void                   reframe_backup_schedule_start (ReframeBackupSchedule *self);
void                   reframe_backup_schedule_note_backup (ReframeBackupSchedule *self);
gboolean               reframe_backup_schedule_quit (ReframeBackupSchedule *self,
                                                     GError               **error);

G_END_DECLS
