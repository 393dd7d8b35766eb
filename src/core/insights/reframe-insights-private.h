/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-insights-private.h: the result of the statistics and the reader that fills
 * it in, shared by reframe-insights.c, reframe-insights-reader.c and
 * reframe-insights-homework.c. */

#pragma once

#include <sqlite3.h>

#include "reframe-insights.h"

G_BEGIN_DECLS

struct _ReframeInsights
{
  GDate    from;
  GDate    to;
  gboolean include_private;

  guint  days_in_period;
  guint  days_logged;
  guint  n_entries;
  double mean_mood;

  /* Owned */
  GArray     *daily;          /* of ReframeDailyMood, oldest first */
  GArray     *rolling;        /* of ReframeRollingMood, oldest first */
  GPtrArray  *feelings;       /* of ReframeFeelingCount* */
  GPtrArray  *factors;        /* of ReframeFactorImpact* */
  GHashTable *scores;         /* template id → GPtrArray of ReframeScorePoint*, oldest first */
  GPtrArray  *no_scores;      /* empty, for templates without any */
  GArray     *homework_weeks; /* of ReframeHomeworkWeek, oldest first */

  /* Indexed by GDateWeekday (1 = Monday … 7 = Sunday). */
  double weekday_mean[8];
  guint  weekday_days[8];

  ReframeSleepCorrelation sleep;
};

ReframeInsights *_reframe_insights_new (const GDate *from,
                                        const GDate *to,
                                        gboolean     include_private);
gboolean         _reframe_insights_read (ReframeInsights *self,
                                         sqlite3         *db,
                                         GCancellable    *cancellable,
                                         GError         **error);
gboolean         _reframe_insights_read_homework (ReframeInsights *self,
                                                  sqlite3         *db,
                                                  GError         **error);
char            *_reframe_insights_format_day (const GDate *date);
gboolean         _reframe_insights_parse_day (const char *text,
                                              GDate      *date);
char            *_reframe_insights_local_midnight_utc (const GDate *day);
void             _reframe_insights_add_score (ReframeInsights   *self,
                                              ReframeScorePoint *point);

G_END_DECLS
