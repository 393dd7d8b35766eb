/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-homework-page-private.h: what the tests look at inside the homework page. */

#pragma once

#include "reframe-assignment-editor.h"
#include "reframe-homework-page.h"

G_BEGIN_DECLS

ReframeAssignmentEditor *_reframe_homework_page_get_editor (ReframeHomeworkPage *self);
const char              *_reframe_homework_page_get_state (ReframeHomeworkPage *self);
AdwActionRow            *_reframe_homework_page_find_today_row (ReframeHomeworkPage *self,
                                                                const char          *uuid);
AdwActionRow            *_reframe_homework_page_find_week_row (ReframeHomeworkPage *self,
                                                               const char          *uuid);
guint                    _reframe_homework_page_count_today (ReframeHomeworkPage *self);
void                     _reframe_homework_page_set_today (ReframeHomeworkPage *self,
                                                           const GDate         *today);

G_END_DECLS
