/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-homework-item.h: one assignment as the homework page shows it this week: its
 * progress, its completions and what is said about them. */

#pragma once

#include <gio/gio.h>

#include "reframe-assignment-repository.h"
#include "reframe-assignment.h"
#include "reframe-homework.h"
#include "reframe-template-registry.h"

G_BEGIN_DECLS

#define REFRAME_TYPE_HOMEWORK_ITEM (reframe_homework_item_get_type ())

G_DECLARE_FINAL_TYPE (ReframeHomeworkItem, reframe_homework_item, REFRAME, HOMEWORK_ITEM, GObject)

ReframeHomeworkItem           *reframe_homework_item_new (ReframeAssignment *assignment,
                                                          const char        *kind_title,
                                                          GPtrArray         *completions,
                                                          const GDate       *today);
ReframeAssignment             *reframe_homework_item_get_assignment (ReframeHomeworkItem *self);
const char                    *reframe_homework_item_get_uuid (ReframeHomeworkItem *self);
const char                    *reframe_homework_item_get_kind_title (ReframeHomeworkItem *self);
const ReframeHomeworkProgress *reframe_homework_item_get_progress (ReframeHomeworkItem *self);
gboolean                       reframe_homework_item_is_for_today (ReframeHomeworkItem *self);
char                          *reframe_homework_item_dup_summary (ReframeHomeworkItem *self);
char                          *reframe_homework_item_dup_missed (ReframeHomeworkItem *self);

const char *reframe_homework_get_kind_title (ReframeAssignment       *assignment,
                                             ReframeTemplateRegistry *registry);
GListModel *reframe_homework_list_week (ReframeAssignmentRepository *repository,
                                        ReframeTemplateRegistry     *registry,
                                        const GDate                 *today,
                                        GError                     **error);

G_END_DECLS
