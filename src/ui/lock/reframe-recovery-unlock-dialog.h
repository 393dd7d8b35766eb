/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-recovery-unlock-dialog.h: opening a locked journal with its recovery key. */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define REFRAME_TYPE_RECOVERY_UNLOCK_DIALOG (reframe_recovery_unlock_dialog_get_type ())

G_DECLARE_FINAL_TYPE (ReframeRecoveryUnlockDialog,
                      reframe_recovery_unlock_dialog,
                      REFRAME,
                      RECOVERY_UNLOCK_DIALOG,
                      AdwWindow)

GtkWidget *reframe_recovery_unlock_dialog_new (GtkWindow  *parent,
                                               const char *data_dir);

G_END_DECLS
