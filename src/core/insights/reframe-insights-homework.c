/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-insights-homework.c: homework done against homework meant, week by week.
 *
 * Each week counts what the Homework page counts for it (reframe_homework_progress()),
 * summed over the assignments meant for that week, so the two never disagree. The
 * completions are read once for the whole period (the completion times of the
 * worksheets done for an assignment and the days a task was marked done) and handed
 * to each week in slices, so the cost grows with the completions, not with weeks
 * times completions. Deleted assignments and worksheets do not count; archived ones
 * do, as they were real homework at the time. A private worksheet counts as done:
 * only the fact that it was done shows, never what it says.
 */

#define G_LOG_DOMAIN "ReframeInsights"

#include "config.h"

#include <string.h>

#include "reframe-assignment-private.h"
#include "reframe-homework.h"
#include "reframe-insights-private.h"
#include "reframe-store-private.h"

#define DAYS_IN_WEEK 7

typedef struct
{
  /* Owned */
  ReframeAssignment *assignment;
  GPtrArray         *times;   /* of GDateTime, oldest first */
  GArray            *julians; /* the local day of each time */

  guint next; /* the first time not yet before the week being counted */
} Homework;

static void
homework_free (Homework *homework)
{
  g_object_unref (homework->assignment);
  g_ptr_array_unref (homework->times);
  g_array_unref (homework->julians);
  g_free (homework);
}

static ReframeFrequency
parse_frequency (const char *text)
{
  if (g_strcmp0 (text, "weekly_n") == 0)
    return REFRAME_FREQUENCY_TIMES_PER_WEEK;
  if (g_strcmp0 (text, "once") == 0)
    return REFRAME_FREQUENCY_ONCE;
  return REFRAME_FREQUENCY_DAILY;
}

static Homework *
read_homework (sqlite3_stmt *stmt)
{
  Homework *homework = g_new0 (Homework, 1);
  GDate     date;

  homework->assignment =
      _reframe_assignment_new_with_uuid ((const char *) sqlite3_column_text (stmt, 1));
  homework->times = g_ptr_array_new_with_free_func ((GDestroyNotify) g_date_time_unref);
  homework->julians = g_array_new (FALSE, FALSE, sizeof (guint32));
  reframe_assignment_set_frequency (homework->assignment,
                                    parse_frequency ((const char *) sqlite3_column_text (stmt, 2)));
  reframe_assignment_set_times_per_week (homework->assignment,
                                         CLAMP (sqlite3_column_int (stmt, 3), 1, 7));
  if (_reframe_insights_parse_day ((const char *) sqlite3_column_text (stmt, 4), &date))
    reframe_assignment_set_start_date (homework->assignment, &date);
  if (_reframe_insights_parse_day ((const char *) sqlite3_column_text (stmt, 5), &date))
    reframe_assignment_set_end_date (homework->assignment, &date);
  if (_reframe_insights_parse_day ((const char *) sqlite3_column_text (stmt, 6), &date))
    reframe_assignment_set_due_date (homework->assignment, &date);
  return homework;
}

/* The assignments that started by the end of the last week, by row id. */
static GHashTable *
read_assignments (sqlite3     *db,
                  const GDate *last_sunday,
                  GError     **error)
{
  g_autoptr (GHashTable) assignments =
      g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) homework_free);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  /* Dates are compared as text, which holds to the year 9999. */
  g_autofree char *until = g_date_get_year (last_sunday) > 9999
                               ? g_strdup ("9999-12-31")
                               : _reframe_insights_format_day (last_sunday);
  int              rc;

  stmt = _reframe_store_prepare (
      db,
      "SELECT id, uuid, frequency, times_per_week, start_date, end_date, due_date FROM assignments"
      " WHERE deleted_at IS NULL AND start_date <= ?1",
      error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, until, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Homework *homework = read_homework (stmt);

      /* A row the repository would not load (no valid start) counts for nothing. */
      if (!g_date_valid (reframe_assignment_get_start_date (homework->assignment)))
        homework_free (homework);
      else
        g_hash_table_insert (
            assignments,
            g_memdup2 (&(gint64){ sqlite3_column_int64 (stmt, 0) }, sizeof (gint64)),
            homework);
    }
  if (rc != SQLITE_DONE)
    {
      _reframe_store_fail (error, db, rc);
      return NULL;
    }
  return g_steal_pointer (&assignments);
}

/* Homework done once may have been done before the period; the rest counts only from
 * the first Monday. */
static gboolean
read_completions (sqlite3     *db,
                  GHashTable  *assignments,
                  const GDate *first_monday,
                  const GDate *after_last_sunday,
                  GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autofree char *start = _reframe_insights_local_midnight_utc (first_monday);
  g_autofree char *end = _reframe_insights_local_midnight_utc (after_last_sunday);
  int              rc;

  stmt = _reframe_store_prepare (
      db,
      "SELECT a.id, w.completed_at FROM worksheets w JOIN assignments a ON a.uuid = "
      "w.assignment_uuid"
      " WHERE w.status = 'completed' AND w.deleted_at IS NULL AND a.deleted_at IS NULL"
      "  AND w.completed_at < ?2 AND (a.frequency = 'once' OR w.completed_at >= ?1)"
      " UNION ALL SELECT a.id, c.at FROM assignment_completions c JOIN assignments a ON a.id = "
      "c.assignment_id"
      " WHERE a.deleted_at IS NULL AND c.at < ?2 AND (a.frequency = 'once' OR c.at >= ?1)"
      " ORDER BY 2",
      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, start, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, end, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64     id = sqlite3_column_int64 (stmt, 0);
      Homework  *homework = g_hash_table_lookup (assignments, &id);
      GDateTime *time;
      GDate      day;
      guint32    julian;

      if (homework == NULL ||
          (time = _reframe_store_parse_iso ((const char *) sqlite3_column_text (stmt, 1))) == NULL)
        continue;
      reframe_homework_get_local_day (time, &day);
      julian = g_date_get_julian (&day);
      g_ptr_array_add (homework->times, time);
      g_array_append_val (homework->julians, julian);
    }
  if (rc != SQLITE_DONE)
    return _reframe_store_fail (error, db, rc);
  return TRUE;
}

/* The completions of the week of @monday; the weeks must come in order. */
static GPtrArray *
slice_week (Homework *homework,
            guint32   monday)
{
  GPtrArray *week = g_ptr_array_new ();
  guint      i;

  while (homework->next < homework->julians->len &&
         g_array_index (homework->julians, guint32, homework->next) < monday)
    homework->next++;
  for (i = homework->next; i < homework->julians->len &&
                           g_array_index (homework->julians, guint32, i) < monday + DAYS_IN_WEEK;
       i++)
    g_ptr_array_add (week, g_ptr_array_index (homework->times, i));
  return week;
}

static void
count_week (Homework            *homework,
            const GDate         *monday,
            const GDate         *today,
            ReframeHomeworkWeek *week)
{
  ReframeAssignment      *assignment = homework->assignment;
  ReframeHomeworkProgress progress;
  g_autoptr (GPtrArray) times = NULL;

  if (reframe_assignment_get_frequency (assignment) == REFRAME_FREQUENCY_ONCE)
    {
      const GDate *due = reframe_assignment_get_due_date (assignment);
      GDate        due_monday;

      /* Done once counts in the week it was due, whenever it was done. */
      if (due == NULL || !g_date_valid (due))
        return;
      reframe_homework_get_week_start (due, &due_monday);
      if (g_date_compare (&due_monday, monday) != 0)
        return;
      progress = reframe_homework_progress (assignment, homework->times, monday, today);
    }
  else
    {
      if (!reframe_homework_is_in_week (assignment, monday))
        return;
      times = slice_week (homework, g_date_get_julian (monday));
      progress = reframe_homework_progress (assignment, times, monday, today);
    }
  /* Extra days of one task never make up for another. */
  week->done += MIN (progress.done, progress.expected);
  week->expected += progress.expected;
}

gboolean
_reframe_insights_read_homework (ReframeInsights *self,
                                 sqlite3         *db,
                                 GError         **error)
{
  g_autoptr (GHashTable) assignments = NULL;
  GDate monday, last_monday, last_sunday, after;

  reframe_homework_get_week_start (&self->from, &monday);
  reframe_homework_get_week_start (&self->to, &last_monday);
  last_sunday = last_monday;
  g_date_add_days (&last_sunday, DAYS_IN_WEEK - 1);
  after = last_sunday;
  g_date_add_days (&after, 1);
  if ((assignments = read_assignments (db, &last_sunday, error)) == NULL)
    return FALSE;
  if (g_hash_table_size (assignments) == 0)
    return TRUE;
  if (!read_completions (db, assignments, &monday, &after, error))
    return FALSE;

  for (; g_date_compare (&monday, &last_monday) <= 0; g_date_add_days (&monday, DAYS_IN_WEEK))
    {
      ReframeHomeworkWeek week = { monday, 0, 0 };
      GHashTableIter      iter;
      Homework           *homework;

      g_hash_table_iter_init (&iter, assignments);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &homework))
        count_week (homework, &monday, &self->to, &week);
      if (week.expected > 0)
        g_array_append_val (self->homework_weeks, week);
    }
  return TRUE;
}
