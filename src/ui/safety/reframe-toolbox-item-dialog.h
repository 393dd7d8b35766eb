/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-toolbox-item-dialog.h: one thing in the coping toolbox, added or changed. */

#pragma once

#include <adwaita.h>

#include "reframe-toolbox-repository.h"

G_BEGIN_DECLS

#define REFRAME_TYPE_TOOLBOX_ITEM_DIALOG (reframe_toolbox_item_dialog_get_type ())

G_DECLARE_FINAL_TYPE (
    ReframeToolboxItemDialog, reframe_toolbox_item_dialog, REFRAME, TOOLBOX_ITEM_DIALOG, AdwWindow)

GtkWidget  *reframe_toolbox_item_dialog_new (GtkWindow                *parent,
                                             ReframeToolboxRepository *repository,
                                             ReframeToolboxItem       *item);
const char *reframe_toolbox_kind_get_label (ReframeToolboxKind kind);

G_END_DECLS
