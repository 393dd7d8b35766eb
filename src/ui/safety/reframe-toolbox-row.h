/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-toolbox-row.h: one thing from the coping toolbox as a row, to read or to change. */

#pragma once

#include <adwaita.h>

#include "reframe-toolbox-repository.h"

G_BEGIN_DECLS

GtkWidget *reframe_toolbox_row_new (ReframeToolboxRepository *repository,
                                    ReframeToolboxItem       *item,
                                    GtkWidget               **suffix_box);

G_END_DECLS
