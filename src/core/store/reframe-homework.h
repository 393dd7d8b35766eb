/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-homework.h: how far along a piece of homework is this week; pure functions
 * of calendar days. */

#pragma once

#include <glib.h>

#include "reframe-assignment.h"

G_BEGIN_DECLS

/**
 * ReframeHomeworkProgress:
 * @done: days of the week (within the assignment's dates) on which it was done; for
 *   %REFRAME_FREQUENCY_ONCE, 1 once it was done at all
 * @expected: days it is meant for this week: every active day (daily), the times per
 *   week but no more than the active days (times per week), or 1 (once)
 * @due_today: today is a day it is meant for and it is not done today (and, for
 *   times per week, the week still needs it; for once, not done yet and today is
 *   between the start and the due date)
 * @done_today: it was done today
 * @missed_days: past days it was meant for and not done: active days before today
 *   without it (daily); days it can no longer fit into this week (times per week);
 *   1 when the due date passed without it (once). Shown as a plain count.
 */
typedef struct
{
  guint    done;
  guint    expected;
  gboolean due_today;
  gboolean done_today;
  guint    missed_days;
} ReframeHomeworkProgress;

ReframeHomeworkProgress reframe_homework_progress (ReframeAssignment *assignment,
                                                   GPtrArray         *completion_dates,
                                                   const GDate       *week_start,
                                                   const GDate       *today);
void                    reframe_homework_get_today (GDate *today);
void                    reframe_homework_get_week_start (const GDate *day,
                                                         GDate       *week_start);
void                    reframe_homework_get_local_day (GDateTime *time,
                                                        GDate     *day);
gboolean                reframe_homework_is_in_week (ReframeAssignment *assignment,
                                                     const GDate       *week_start);

G_END_DECLS
