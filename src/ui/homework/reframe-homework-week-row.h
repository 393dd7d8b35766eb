/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-homework-week-row.h: one assignment under "This Week" on the homework page. */

#pragma once

#include <adwaita.h>

#include "reframe-homework-item.h"

G_BEGIN_DECLS

#define REFRAME_TYPE_HOMEWORK_WEEK_ROW (reframe_homework_week_row_get_type ())

G_DECLARE_FINAL_TYPE (
    ReframeHomeworkWeekRow, reframe_homework_week_row, REFRAME, HOMEWORK_WEEK_ROW, AdwActionRow)

GtkWidget           *reframe_homework_week_row_new (ReframeHomeworkItem *item);
ReframeHomeworkItem *reframe_homework_week_row_get_item (ReframeHomeworkWeekRow *self);
void                 reframe_homework_week_row_set_item (ReframeHomeworkWeekRow *self,
                                                         ReframeHomeworkItem    *item);

G_END_DECLS
