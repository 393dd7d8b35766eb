/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-homework.c: how far along a piece of homework is this week.
 *
 * Everything here counts calendar days (GDate, Julian day numbers), never seconds: a
 * day is a day whether it had 23 hours (summer time starts) or 25, and weeks run
 * Monday to Sunday across month and year ends. Times of completion are turned into
 * the local day they happened on, once, at the start.
 */

#define G_LOG_DOMAIN "ReframeHomework"

#include "config.h"

#include "reframe-homework.h"
#include "reframe-locale.h"

#define DAYS_IN_WEEK 7

/* The days of a week that count, as the bits 0 (Monday) to 6 (Sunday). */
typedef guint8 WeekMask;

/**
 * reframe_homework_get_local_day:
 * @time: a moment
 * @day: (out caller-allocates): the calendar day it falls on in local time
 */
void
reframe_homework_get_local_day (GDateTime *time,
                                GDate     *day)
{
  g_autoptr (GDateTime) local = NULL;

  g_return_if_fail (time != NULL);
  g_return_if_fail (day != NULL);

  local = g_date_time_to_local (time);
  g_date_clear (day, 1);
  g_date_set_dmy (day,
                  g_date_time_get_day_of_month (local),
                  g_date_time_get_month (local),
                  g_date_time_get_year (local));
}

/**
 * reframe_homework_get_today:
 * @today: (out caller-allocates): today, in local time
 */
void
reframe_homework_get_today (GDate *today)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();

  reframe_homework_get_local_day (now, today);
}

/**
 * reframe_homework_get_week_start:
 * @day: any day
 * @week_start: (out caller-allocates): the first day of its week, where the person
 *   lives: Monday, or Sunday in the United States (reframe_locale_get_first_weekday())
 */
void
reframe_homework_get_week_start (const GDate *day,
                                 GDate       *week_start)
{
  g_return_if_fail (day != NULL && g_date_valid (day));
  g_return_if_fail (week_start != NULL);

  reframe_locale_get_week_start (day, week_start);
}

/* The first and last day the assignment is meant for, as Julian days; the last is
 * G_MAXUINT32 when it has no end. */
static void
get_active_range (ReframeAssignment *assignment,
                  guint32           *first,
                  guint32           *last)
{
  const GDate *end = reframe_assignment_get_frequency (assignment) == REFRAME_FREQUENCY_ONCE
                         ? reframe_assignment_get_due_date (assignment)
                         : reframe_assignment_get_end_date (assignment);

  *first = g_date_get_julian (reframe_assignment_get_start_date (assignment));
  *last = end != NULL ? g_date_get_julian (end) : G_MAXUINT32;
}

/**
 * reframe_homework_is_in_week:
 * @week_start: a Monday
 *
 * Returns: whether any day of the week is between the assignment's start and its end
 *   (or, done once, its due date)
 */
gboolean
reframe_homework_is_in_week (ReframeAssignment *assignment,
                             const GDate       *week_start)
{
  guint32 first, last, monday;

  g_return_val_if_fail (REFRAME_IS_ASSIGNMENT (assignment), FALSE);
  g_return_val_if_fail (week_start != NULL && g_date_valid (week_start), FALSE);

  get_active_range (assignment, &first, &last);
  monday = g_date_get_julian (week_start);
  return first <= monday + DAYS_IN_WEEK - 1 && last >= monday;
}

static WeekMask
active_days (guint32 monday,
             guint32 first,
             guint32 last)
{
  WeekMask mask = 0;

  for (guint i = 0; i < DAYS_IN_WEEK; i++)
    if (monday + i >= first && monday + i <= last)
      mask |= 1 << i;
  return mask;
}

/* The days of the week with a completion (any, for %REFRAME_FREQUENCY_ONCE: the bit
 * 7 says whether there was one on or after @first at all). */
static WeekMask
completed_days (GPtrArray *completion_dates,
                guint32    monday,
                guint32    first,
                guint32    today,
                gboolean  *done_today,
                gboolean  *done_ever)
{
  WeekMask mask = 0;

  *done_today = *done_ever = FALSE;
  for (guint i = 0; completion_dates != NULL && i < completion_dates->len; i++)
    {
      GDate   day;
      guint32 julian;

      reframe_homework_get_local_day (g_ptr_array_index (completion_dates, i), &day);
      julian = g_date_get_julian (&day);
      *done_today |= julian == today && julian >= first;
      *done_ever |= julian >= first;
      if (julian >= monday && julian < monday + DAYS_IN_WEEK)
        mask |= 1 << (julian - monday);
    }
  return mask;
}

static guint
count_days (WeekMask mask)
{
  guint n = 0;

  for (; mask != 0; mask &= mask - 1)
    n++;
  return n;
}

/* The active days from today to Sunday, today included. */
static WeekMask
days_from (guint32 monday,
           guint32 today)
{
  if (today < monday)
    return 0x7f;
  if (today >= monday + DAYS_IN_WEEK)
    return 0;
  return (WeekMask) (0x7f & ~((1u << (today - monday)) - 1));
}

static ReframeHomeworkProgress
progress_once (guint32  first,
               guint32  last,
               guint32  today,
               gboolean done_today,
               gboolean done_ever)
{
  ReframeHomeworkProgress progress = { 0 };

  progress.expected = 1;
  progress.done = done_ever ? 1 : 0;
  progress.done_today = done_today;
  progress.due_today = !done_ever && today >= first && today <= last;
  progress.missed_days = !done_ever && last != G_MAXUINT32 && last < today ? 1 : 0;
  return progress;
}

/**
 * reframe_homework_progress:
 * @assignment: the homework
 * @completion_dates: (element-type GDateTime) (nullable): when it was done: the
 *   completion times of its worksheets or of the task; each counts on the local day
 *   it happened, and a day counts once however often it was done
 * @week_start: the Monday of the week to look at
 * @today: today, which splits the week into past days and days still to come
 *
 * Works out "done n of m" for the week and what is due today; see
 * #ReframeHomeworkProgress. Only days between the start and end dates count.
 *
 * Returns: the progress
 */
ReframeHomeworkProgress
reframe_homework_progress (ReframeAssignment *assignment,
                           GPtrArray         *completion_dates,
                           const GDate       *week_start,
                           const GDate       *today)
{
  ReframeHomeworkProgress progress = { 0 };
  guint32                 first, last, monday, now;
  WeekMask                active, done, open;
  gboolean                done_today, done_ever;
  guint                   remaining;

  g_return_val_if_fail (REFRAME_IS_ASSIGNMENT (assignment), progress);
  g_return_val_if_fail (week_start != NULL && g_date_valid (week_start), progress);
  g_return_val_if_fail (today != NULL && g_date_valid (today), progress);

  get_active_range (assignment, &first, &last);
  monday = g_date_get_julian (week_start);
  now = g_date_get_julian (today);
  active = active_days (monday, first, last);
  done = completed_days (completion_dates, monday, first, now, &done_today, &done_ever) & active;

  if (reframe_assignment_get_frequency (assignment) == REFRAME_FREQUENCY_ONCE)
    return progress_once (first, last, now, done_today, done_ever);

  progress.done = count_days (done);
  progress.done_today = done_today && now <= last;
  open = active & ~done & days_from (monday, now);
  remaining = count_days (open);
  if (reframe_assignment_get_frequency (assignment) == REFRAME_FREQUENCY_DAILY)
    {
      progress.expected = count_days (active);
      progress.due_today = now >= first && now <= last && !done_today;
      progress.missed_days = count_days (active & ~done & ~days_from (monday, now));
      return progress;
    }

  progress.expected = MIN (reframe_assignment_get_times_per_week (assignment), count_days (active));
  progress.due_today =
      now >= first && now <= last && !done_today && progress.done < progress.expected;
  if (progress.expected > progress.done + remaining)
    progress.missed_days = progress.expected - progress.done - remaining;
  return progress;
}
