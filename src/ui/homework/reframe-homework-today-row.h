/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-homework-today-row.h: one assignment under "Due Today": a task to tick off or a worksheet
 * to start. */

#pragma once

#include <adwaita.h>

#include "reframe-homework-item.h"

G_BEGIN_DECLS

#define REFRAME_TYPE_HOMEWORK_TODAY_ROW (reframe_homework_today_row_get_type ())

G_DECLARE_FINAL_TYPE (
    ReframeHomeworkTodayRow, reframe_homework_today_row, REFRAME, HOMEWORK_TODAY_ROW, AdwActionRow)

GtkWidget           *reframe_homework_today_row_new (ReframeHomeworkItem *item);
ReframeHomeworkItem *reframe_homework_today_row_get_item (ReframeHomeworkTodayRow *self);

G_END_DECLS
