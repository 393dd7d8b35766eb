/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-homework-text.c: what the homework page says about an assignment and its week.
 *
 * Missed days are said plainly, once, with no count of streaks: the sentences tell what
 * was asked and how it is going, not a judgement. Everything here works on data already
 * read (the assignment, its progress and its completions), so a row costs no query.
 */

#define G_LOG_DOMAIN "ReframeHomework"

#include "config.h"

#include "reframe-homework-text.h"
#include "reframe-i18n.h"
#include "reframe-locale.h"

/* "Today", "Yesterday" or the written-out date, as the journal's headings say it. */
static char *
format_date (const GDate *date,
             const GDate *today)
{
  g_autoptr (GDateTime) time = g_date_time_new_local (
      g_date_get_year (date), g_date_get_month (date), g_date_get_day (date), 12, 0, 0);
  int ago = g_date_days_between (date, today);

  if (ago == 0)
    return g_strdup (_ ("Today"));
  if (ago == 1)
    return g_strdup (_ ("Yesterday"));
  if (g_date_get_year (date) == g_date_get_year (today))
    return reframe_locale_format_day (time, REFRAME_DATE_DAY_MONTH_WEEKDAY);

  return reframe_locale_format_day (time, REFRAME_DATE_FULL_WEEKDAY);
}

static gboolean
is_done_on (GPtrArray   *completions,
            const GDate *day)
{
  for (guint i = 0; i < completions->len; i++)
    {
      GDateTime *time = g_ptr_array_index (completions, i);

      if (g_date_time_get_day_of_year (time) == (int) g_date_get_day_of_year (day) &&
          g_date_time_get_year (time) == g_date_get_year (day))
        return TRUE;
    }

  return FALSE;
}

/* The days of this week, before today, that a daily assignment was meant for and
 * not done: "Not done on Tuesday". */
static char *
describe_missed_daily (ReframeAssignment *assignment,
                       GPtrArray         *completions,
                       const GDate       *week_start,
                       const GDate       *today,
                       guint              missed)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const GDate *start = reframe_assignment_get_start_date (assignment);
  const GDate *end = reframe_assignment_get_end_date (assignment);
  GDate        day = *week_start;
  GDate        yesterday = *today;

  g_date_subtract_days (&yesterday, 1);
  if (missed > 2 || g_date_compare (&yesterday, week_start) < 0 || completions == NULL)
    /* Translators: days of this week a daily exercise was meant for and not done */
    return g_strdup_printf (
        g_dngettext (GETTEXT_PACKAGE, "Not done on %u day", "Not done on %u days", missed), missed);

  for (; g_date_compare (&day, today) < 0; g_date_add_days (&day, 1))
    {
      if (g_date_compare (&day, start) < 0 || (end != NULL && g_date_compare (&day, end) > 0))
        continue;
      if (!is_done_on (completions, &day))
        g_ptr_array_add (names, reframe_locale_format_date (&day, REFRAME_DATE_WEEKDAY));
    }

  if (names->len == 1)
    /* Translators: %s is a day of the week; said plainly, never as a reproach */
    return g_strdup_printf (_ ("Not done on %s"), (const char *) g_ptr_array_index (names, 0));
  if (names->len == 2)
    /* Translators: each %s is a day of the week */
    return g_strdup_printf (_ ("Not done on %s and %s"),
                            (const char *) g_ptr_array_index (names, 0),
                            (const char *) g_ptr_array_index (names, 1));

  return g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE, "Not done on %u day", "Not done on %u days", missed), missed);
}

/**
 * reframe_homework_describe_missed:
 * @assignment: the assignment
 * @progress: its progress in the week of @today
 * @completions: (nullable) (element-type GDateTime): when it was done, in local time,
 *   covering at least the days of the week before @today; %NULL when unknown
 * @week_start: the first day of the week shown
 * @today: the day the week is seen from
 *
 * Returns: (transfer full) (nullable): "Not done on Tuesday", "Not done by …" and the
 *   like, or %NULL when nothing was missed
 */
char *
reframe_homework_describe_missed (ReframeAssignment             *assignment,
                                  const ReframeHomeworkProgress *progress,
                                  GPtrArray                     *completions,
                                  const GDate                   *week_start,
                                  const GDate                   *today)
{
  g_autofree char *due = NULL;

  g_return_val_if_fail (REFRAME_IS_ASSIGNMENT (assignment), NULL);
  g_return_val_if_fail (progress != NULL && week_start != NULL && today != NULL, NULL);

  if (progress->missed_days == 0)
    return NULL;

  switch (reframe_assignment_get_frequency (assignment))
    {
    case REFRAME_FREQUENCY_DAILY:
      return describe_missed_daily (
          assignment, completions, week_start, today, progress->missed_days);

    case REFRAME_FREQUENCY_TIMES_PER_WEEK:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%u day fewer than planned this week",
                                           "%u days fewer than planned this week",
                                           progress->missed_days),
                              progress->missed_days);

    case REFRAME_FREQUENCY_ONCE:
    default:
      due = format_date (reframe_assignment_get_due_date (assignment), today);
      /* Translators: %s is the day it was meant to be done by */
      return g_strdup_printf (_ ("Not done by %s"), due);
    }
}

/* Outside the week shown: when it starts, or when it ended. */
static char *
describe_outside_week (ReframeAssignment *assignment,
                       const GDate       *week_start,
                       const GDate       *today)
{
  const GDate     *start = reframe_assignment_get_start_date (assignment);
  const GDate     *end = reframe_assignment_get_end_date (assignment);
  g_autofree char *day = NULL;
  GDate            last = *week_start;

  g_date_add_days (&last, 6);
  if (g_date_compare (start, &last) > 0)
    {
      day = format_date (start, today);
      /* Translators: %s is a day; the homework begins after this week */
      return g_strdup_printf (_ ("Starts %s"), day);
    }

  day = format_date (end != NULL ? end : start, today);
  /* Translators: %s is the day the homework ended */
  return g_strdup_printf (_ ("Ended %s"), day);
}

/**
 * reframe_homework_describe_progress:
 * @assignment: the assignment
 * @progress: its progress in the week of @today
 * @week_start: the first day of the week shown
 * @today: the day the week is seen from
 *
 * Returns: (transfer full): "Done 2 of 7 this week", "Due by …", "Done", "Starts …" or
 *   "Ended …"
 */
char *
reframe_homework_describe_progress (ReframeAssignment             *assignment,
                                    const ReframeHomeworkProgress *progress,
                                    const GDate                   *week_start,
                                    const GDate                   *today)
{
  g_autofree char *day = NULL;

  g_return_val_if_fail (REFRAME_IS_ASSIGNMENT (assignment), NULL);
  g_return_val_if_fail (progress != NULL && week_start != NULL && today != NULL, NULL);

  if (!reframe_homework_is_in_week (assignment, week_start))
    return describe_outside_week (assignment, week_start, today);

  if (reframe_assignment_get_frequency (assignment) == REFRAME_FREQUENCY_ONCE)
    {
      if (progress->done > 0)
        return g_strdup (_ ("Done"));
      day = format_date (reframe_assignment_get_due_date (assignment), today);
      /* Translators: %s is the day it is meant to be done by */
      return g_strdup_printf (_ ("Due by %s"), day);
    }

  /* Translators: how much of this week's homework is done, e.g. "Done 2 of 7 this week" */
  return g_strdup_printf (_ ("Done %u of %u this week"), progress->done, progress->expected);
}

/**
 * reframe_homework_describe_frequency:
 * @assignment: the assignment
 *
 * Returns: (transfer full): "Every day", "3 days a week" or "Once"
 */
char *
reframe_homework_describe_frequency (ReframeAssignment *assignment)
{
  guint times;

  g_return_val_if_fail (REFRAME_IS_ASSIGNMENT (assignment), NULL);

  times = reframe_assignment_get_times_per_week (assignment);
  switch (reframe_assignment_get_frequency (assignment))
    {
    case REFRAME_FREQUENCY_DAILY:
      return g_strdup (_ ("Every day"));

    case REFRAME_FREQUENCY_TIMES_PER_WEEK:
      return g_strdup_printf (
          g_dngettext (GETTEXT_PACKAGE, "%u day a week", "%u days a week", times), times);

    case REFRAME_FREQUENCY_ONCE:
    default:
      /* Translators: how often homework is due: a single time */
      return g_strdup (_ ("Once"));
    }
}

/**
 * reframe_homework_describe_week:
 * @assignment: the assignment
 * @kind_title: what kind of homework it is: a worksheet's title, or "Task"
 * @progress: its progress in the week of @today
 * @week_start: the first day of the week shown
 * @today: the day the week is seen from
 *
 * Returns: (transfer full): the first line of its row: "Every day · Thought Record ·
 *   Done 2 of 7 this week", without the kind when the title already says it
 */
char *
reframe_homework_describe_week (ReframeAssignment             *assignment,
                                const char                    *kind_title,
                                const ReframeHomeworkProgress *progress,
                                const GDate                   *week_start,
                                const GDate                   *today)
{
  g_autofree char *state = NULL;
  g_autofree char *frequency = NULL;
  g_autofree char *kind_folded = NULL;
  g_autofree char *title_folded = NULL;

  g_return_val_if_fail (REFRAME_IS_ASSIGNMENT (assignment), NULL);
  g_return_val_if_fail (kind_title != NULL, NULL);

  state = reframe_homework_describe_progress (assignment, progress, week_start, today);
  frequency = reframe_homework_describe_frequency (assignment);
  kind_folded = g_utf8_casefold (kind_title, -1);
  title_folded = g_utf8_casefold (reframe_assignment_get_title (assignment), -1);
  /* The kind is left out when the title already says it ("Thought Record"). */
  if (g_str_equal (kind_folded, title_folded))
    /* Translators: "Every day · Done 2 of 7 this week" */
    return g_strdup_printf (_ ("%s · %s"), frequency, state);

  /* Translators: "Every day · Thought Record · Done 2 of 7 this week" */
  return g_strdup_printf (_ ("%s · %s · %s"), frequency, kind_title, state);
}
