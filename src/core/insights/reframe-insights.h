/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-insights.h: statistics over the journal for a range of days, computed once
 * (off the main thread) into an immutable, shareable result. */

#pragma once

#include <gio/gio.h>

#include "reframe-core-types.h"

G_BEGIN_DECLS

/* Fewer days than this on either side of a comparison: no claim is made. */
#define REFRAME_INSIGHTS_MIN_DAYS 5
/* Fewer days with both sleep and mood than this: no claim about sleep. */
#define REFRAME_INSIGHTS_MIN_SLEEP_DAYS 10

/**
 * ReframeDailyMood:
 * @day: a day with at least one entry
 * @mean: the mean mood (1 to 5) of the day's entries
 * @n_entries: how many entries the day has
 */
typedef struct
{
  GDate  day;
  double mean;
  guint  n_entries;
} ReframeDailyMood;

/**
 * ReframeRollingMood:
 * @day: a day of the period whose window (it and the six days before it, which may
 *   reach before the period) has at least one day with entries
 * @mean: the mean of the daily means of the days in the window that have entries
 */
typedef struct
{
  GDate  day;
  double mean;
} ReframeRollingMood;

/**
 * ReframeFeelingCount:
 * @name: the feeling as stored (a built-in's English key, or as the user typed it)
 * @count: the number of entries that carry it
 * @label: the name to show (translated for built-in feelings)
 */
typedef struct
{
  char *name;
  guint count;
  char *label;
} ReframeFeelingCount;

/**
 * ReframeFactorImpact:
 * @tag: the activity as stored
 * @label: the activity to show (translated for built-in ones)
 * @icon_name: (nullable): its symbolic icon
 * @mean_with: the mean of the daily means of the days with it
 * @days_with: days with at least one entry that carries it
 * @mean_without: the mean of the daily means of the other days with entries; NAN
 *   when there are none
 * @days_without: days with entries but without it
 * @enough_data: both @days_with and @days_without are at least
 *   %REFRAME_INSIGHTS_MIN_DAYS; otherwise no claim should be made
 */
typedef struct
{
  char    *tag;
  char    *label;
  char    *icon_name;
  double   mean_with;
  guint    days_with;
  double   mean_without;
  guint    days_without;
  gboolean enough_data;
} ReframeFactorImpact;

/**
 * ReframeSleepCorrelation:
 * @r: Pearson's correlation of a day's hours slept (the mean of the hours its entries
 *   give) with its mean mood; NAN when it cannot be computed
 * @n: the number of days that have both
 * @enough_data: @n is at least %REFRAME_INSIGHTS_MIN_SLEEP_DAYS and @r is a number
 */
typedef struct
{
  double   r;
  guint    n;
  gboolean enough_data;
} ReframeSleepCorrelation;

/**
 * ReframeScorePoint:
 * @template_id: the questionnaire, e.g. "phq-9" or "gad-7"
 * @when: when it was completed (UTC)
 * @score: its total score
 * @band: (nullable): its severity band as stored with it
 */
typedef struct
{
  char      *template_id;
  GDateTime *when;
  int        score;
  char      *band;
} ReframeScorePoint;

/**
 * ReframeHomeworkWeek:
 * @week_start: the Monday of the week
 * @done: days the homework of the week was done, summed over its assignments
 * @expected: days it was meant for, summed the same way
 */
typedef struct
{
  GDate week_start;
  guint done;
  guint expected;
} ReframeHomeworkWeek;

/* A difference in mean mood smaller than this is no reason to propose an activity. */
#define REFRAME_INSIGHTS_PROPOSAL_MIN_DIFFERENCE 0.3
/* At most this many proposals at a time. */
#define REFRAME_INSIGHTS_MAX_PROPOSALS 5

/**
 * ReframeToolboxProposal:
 * @source: what the toolbox item records when the person takes it:
 *   "insights:<tag>"
 * @text: the finding in words, translated: "Days with a walk averaged 3.9 against 2.8
 *   without, over 41 days"
 * @tag: the activity as stored
 * @mean_with: the mean mood of days with it
 * @mean_without: the mean mood of days with entries but without it
 * @days: the days compared: days with it and days without
 *
 * Something the person's own journal says goes with better days, offered for their
 * coping toolbox.
 */
typedef struct
{
  char  *source;
  char  *text;
  char  *tag;
  double mean_with;
  double mean_without;
  guint  days;
} ReframeToolboxProposal;

typedef struct _ReframeInsights ReframeInsights;

#define REFRAME_TYPE_INSIGHTS (reframe_insights_get_type ())

GType                   reframe_insights_get_type (void) G_GNUC_CONST;
ReframeInsights        *reframe_insights_ref (ReframeInsights *self);
void                    reframe_insights_unref (ReframeInsights *self);
const GDate            *reframe_insights_get_from (ReframeInsights *self);
const GDate            *reframe_insights_get_to (ReframeInsights *self);
gboolean                reframe_insights_get_include_private (ReframeInsights *self);
guint                   reframe_insights_get_days_in_period (ReframeInsights *self);
guint                   reframe_insights_get_days_logged (ReframeInsights *self);
guint                   reframe_insights_get_n_entries (ReframeInsights *self);
double                  reframe_insights_get_mean_mood (ReframeInsights *self);
GArray                 *reframe_insights_get_daily (ReframeInsights *self);
GArray                 *reframe_insights_get_rolling (ReframeInsights *self);
double                  reframe_insights_get_weekday_mean (ReframeInsights *self,
                                                           GDateWeekday     weekday,
                                                           guint           *n_days);
GPtrArray              *reframe_insights_get_feelings (ReframeInsights *self);
GPtrArray              *reframe_insights_get_factors (ReframeInsights *self);
ReframeSleepCorrelation reframe_insights_get_sleep (ReframeInsights *self);
GPtrArray              *reframe_insights_get_scores (ReframeInsights *self,
                                                     const char      *template_id);
GArray                 *reframe_insights_get_homework_weeks (ReframeInsights *self);
char                   *reframe_insights_to_json (ReframeInsights *self);
GPtrArray              *reframe_insights_dup_toolbox_proposals (ReframeInsights *self);
void                    reframe_toolbox_proposal_free (ReframeToolboxProposal *proposal);

ReframeInsights *reframe_insights_compute (ReframeStore *store,
                                           const GDate  *from,
                                           const GDate  *to,
                                           gboolean      include_private,
                                           GCancellable *cancellable,
                                           GError      **error);
void             reframe_insights_compute_async (ReframeStore       *store,
                                                 const GDate        *from,
                                                 const GDate        *to,
                                                 gboolean            include_private,
                                                 GCancellable       *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer            user_data);
ReframeInsights *reframe_insights_compute_finish (GAsyncResult *result,
                                                  GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReframeInsights, reframe_insights_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReframeToolboxProposal, reframe_toolbox_proposal_free)

G_END_DECLS
