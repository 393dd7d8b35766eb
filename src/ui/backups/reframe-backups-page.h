/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-backups-page.h: Preferences → Backups. */

#pragma once

#include <adwaita.h>

#include "reframe-backup-schedule.h"

G_BEGIN_DECLS

#define REFRAME_TYPE_BACKUPS_PAGE (reframe_backups_page_get_type ())

G_DECLARE_FINAL_TYPE (
    ReframeBackupsPage, reframe_backups_page, REFRAME, BACKUPS_PAGE, AdwPreferencesPage)

GtkWidget *reframe_backups_page_new (ReframeBackupSchedule *schedule,
                                     GSettings             *settings);
guint      reframe_backups_page_get_n_backups (ReframeBackupsPage *self);

G_END_DECLS
