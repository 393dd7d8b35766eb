/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-recovery-key-dialog.h: a new recovery key, shown once: copied, saved to a file or
 * printed. */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define REFRAME_TYPE_RECOVERY_KEY_DIALOG (reframe_recovery_key_dialog_get_type ())

G_DECLARE_FINAL_TYPE (
    ReframeRecoveryKeyDialog, reframe_recovery_key_dialog, REFRAME, RECOVERY_KEY_DIALOG, AdwWindow)

GtkWidget *reframe_recovery_key_dialog_new (GtkWindow  *parent,
                                            const char *recovery_key);
char      *reframe_recovery_key_dialog_dup_text (const char *recovery_key,
                                                 GDateTime  *made);

G_END_DECLS
