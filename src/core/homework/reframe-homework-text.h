/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-homework-text.h: what the homework page says about an assignment and its week;
 * pure functions of data already loaded. */

#pragma once

#include <glib.h>

#include "reframe-assignment.h"
#include "reframe-homework.h"

G_BEGIN_DECLS

char *reframe_homework_describe_frequency (ReframeAssignment *assignment);
char *reframe_homework_describe_progress (ReframeAssignment             *assignment,
                                          const ReframeHomeworkProgress *progress,
                                          const GDate                   *week_start,
                                          const GDate                   *today);
char *reframe_homework_describe_missed (ReframeAssignment             *assignment,
                                        const ReframeHomeworkProgress *progress,
                                        GPtrArray                     *completions,
                                        const GDate                   *week_start,
                                        const GDate                   *today);
char *reframe_homework_describe_week (ReframeAssignment             *assignment,
                                      const char                    *kind_title,
                                      const ReframeHomeworkProgress *progress,
                                      const GDate                   *week_start,
                                      const GDate                   *today);

G_END_DECLS
