/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-unlock-view.h: what the main window shows while the journal is locked: the
 * passphrase, and the way to the recovery key. */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define REFRAME_TYPE_UNLOCK_VIEW (reframe_unlock_view_get_type ())

G_DECLARE_FINAL_TYPE (ReframeUnlockView, reframe_unlock_view, REFRAME, UNLOCK_VIEW, AdwBin)

GtkWidget  *reframe_unlock_view_new (const char *data_dir);
const char *reframe_unlock_view_get_data_dir (ReframeUnlockView *self);
void        reframe_unlock_view_set_data_dir (ReframeUnlockView *self,
                                              const char        *data_dir);

G_END_DECLS
