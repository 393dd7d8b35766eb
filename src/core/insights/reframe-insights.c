/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-insights.c: statistics over the journal for a range of days.
 *
 * A #ReframeInsights is computed once, from one consistent snapshot of the journal
 * (a read transaction), and never changes afterwards, so the Insights page, its
 * charts and the report can share it across threads without locks. The work itself
 * (reframe-insights-reader.c) runs on a worker thread with its own read connection,
 * or synchronously on the store's connection for the CLI, the tests and the report.
 */

#define G_LOG_DOMAIN "ReframeInsights"

#include "config.h"

#include "reframe-i18n.h"
#include <math.h>

#include "reframe-insights-private.h"
#include "reframe-store-private.h"
#include "reframe-store.h"

typedef struct
{
  char    *path;
  GDate    from;
  GDate    to;
  gboolean include_private;
} ComputeData;

G_DEFINE_BOXED_TYPE (ReframeInsights,
                     reframe_insights,
                     reframe_insights_ref,
                     reframe_insights_unref)

static void
feeling_count_free (ReframeFeelingCount *feeling)
{
  g_free (feeling->name);
  g_free (feeling->label);
  g_free (feeling);
}

static void
factor_impact_free (ReframeFactorImpact *factor)
{
  g_free (factor->tag);
  g_free (factor->label);
  g_free (factor->icon_name);
  g_free (factor);
}

static void
score_point_free (ReframeScorePoint *point)
{
  g_free (point->template_id);
  g_clear_pointer (&point->when, g_date_time_unref);
  g_free (point->band);
  g_free (point);
}

static void
compute_data_free (ComputeData *data)
{
  g_free (data->path);
  g_free (data);
}

static void
insights_clear (ReframeInsights *self)
{
  g_clear_pointer (&self->daily, g_array_unref);
  g_clear_pointer (&self->rolling, g_array_unref);
  g_clear_pointer (&self->feelings, g_ptr_array_unref);
  g_clear_pointer (&self->factors, g_ptr_array_unref);
  g_clear_pointer (&self->scores, g_hash_table_unref);
  g_clear_pointer (&self->no_scores, g_ptr_array_unref);
  g_clear_pointer (&self->homework_weeks, g_array_unref);
}

ReframeInsights *
_reframe_insights_new (const GDate *from,
                       const GDate *to,
                       gboolean     include_private)
{
  ReframeInsights *self = g_atomic_rc_box_new0 (ReframeInsights);

  self->from = *from;
  self->to = *to;
  self->include_private = include_private;
  self->days_in_period = g_date_days_between (from, to) + 1;
  self->mean_mood = NAN;
  self->daily = g_array_new (FALSE, FALSE, sizeof (ReframeDailyMood));
  self->rolling = g_array_new (FALSE, FALSE, sizeof (ReframeRollingMood));
  self->feelings = g_ptr_array_new_with_free_func ((GDestroyNotify) feeling_count_free);
  self->factors = g_ptr_array_new_with_free_func ((GDestroyNotify) factor_impact_free);
  self->scores =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  self->no_scores = g_ptr_array_new ();
  self->homework_weeks = g_array_new (FALSE, FALSE, sizeof (ReframeHomeworkWeek));
  for (guint i = 0; i < G_N_ELEMENTS (self->weekday_mean); i++)
    self->weekday_mean[i] = NAN;
  self->sleep.r = NAN;
  return self;
}

/* Takes @point; points must come oldest first. */
void
_reframe_insights_add_score (ReframeInsights   *self,
                             ReframeScorePoint *point)
{
  GPtrArray *points = g_hash_table_lookup (self->scores, point->template_id);

  if (points == NULL)
    {
      points = g_ptr_array_new_with_free_func ((GDestroyNotify) score_point_free);
      g_hash_table_insert (self->scores, g_strdup (point->template_id), points);
    }
  g_ptr_array_add (points, point);
}

/**
 * reframe_insights_ref:
 *
 * Returns: (transfer full): @self
 */
ReframeInsights *
reframe_insights_ref (ReframeInsights *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_atomic_rc_box_acquire (self);
}

void
reframe_insights_unref (ReframeInsights *self)
{
  g_return_if_fail (self != NULL);
  g_atomic_rc_box_release_full (self, (GDestroyNotify) insights_clear);
}

const GDate *
reframe_insights_get_from (ReframeInsights *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return &self->from;
}

const GDate *
reframe_insights_get_to (ReframeInsights *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return &self->to;
}

gboolean
reframe_insights_get_include_private (ReframeInsights *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->include_private;
}

/**
 * reframe_insights_get_days_in_period:
 *
 * Returns: the number of days from the first to the last day, both included
 */
guint
reframe_insights_get_days_in_period (ReframeInsights *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->days_in_period;
}

/**
 * reframe_insights_get_days_logged:
 *
 * Returns: the number of days of the period with at least one entry
 */
guint
reframe_insights_get_days_logged (ReframeInsights *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->days_logged;
}

/**
 * reframe_insights_get_n_entries:
 *
 * Returns: the number of entries in the period
 */
guint
reframe_insights_get_n_entries (ReframeInsights *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_entries;
}

/**
 * reframe_insights_get_mean_mood:
 *
 * Returns: the mean mood of all entries of the period (each entry counts once);
 *   NAN when there are none
 */
double
reframe_insights_get_mean_mood (ReframeInsights *self)
{
  g_return_val_if_fail (self != NULL, NAN);
  return self->mean_mood;
}

/**
 * reframe_insights_get_daily:
 *
 * Returns: (transfer none) (element-type ReframeDailyMood): the days of the period
 *   with entries, oldest first
 */
GArray *
reframe_insights_get_daily (ReframeInsights *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->daily;
}

/**
 * reframe_insights_get_rolling:
 *
 * Returns: (transfer none) (element-type ReframeRollingMood): the 7-day rolling mean
 *   for each day of the period whose window has a day with entries, oldest first
 */
GArray *
reframe_insights_get_rolling (ReframeInsights *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->rolling;
}

/**
 * reframe_insights_get_weekday_mean:
 * @weekday: a day of the week
 * @n_days: (out) (optional): the number of days with entries that fall on it
 *
 * Returns: the mean of the daily means of those days; NAN when there are none
 */
double
reframe_insights_get_weekday_mean (ReframeInsights *self,
                                   GDateWeekday     weekday,
                                   guint           *n_days)
{
  g_return_val_if_fail (self != NULL, NAN);
  g_return_val_if_fail (g_date_valid_weekday (weekday), NAN);

  if (n_days != NULL)
    *n_days = self->weekday_days[weekday];
  return self->weekday_mean[weekday];
}

/**
 * reframe_insights_get_feelings:
 *
 * Returns: (transfer none) (element-type ReframeFeelingCount): the feelings of the
 *   period's entries, most frequent first (equal counts by name)
 */
GPtrArray *
reframe_insights_get_feelings (ReframeInsights *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->feelings;
}

/**
 * reframe_insights_get_factors:
 *
 * Returns: (transfer none) (element-type ReframeFactorImpact): each activity that
 *   appears in the period, with the mean mood of days with and without it; those
 *   with enough data first, then by the size of the difference, largest first
 */
GPtrArray *
reframe_insights_get_factors (ReframeInsights *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->factors;
}

ReframeSleepCorrelation
reframe_insights_get_sleep (ReframeInsights *self)
{
  ReframeSleepCorrelation none = { NAN, 0, FALSE };

  g_return_val_if_fail (self != NULL, none);
  return self->sleep;
}

/**
 * reframe_insights_get_scores:
 * @template_id: a questionnaire, e.g. "phq-9" or "gad-7"
 *
 * Returns: (transfer none) (element-type ReframeScorePoint): its completed, scored
 *   results in the period, oldest first; empty when there are none
 */
GPtrArray *
reframe_insights_get_scores (ReframeInsights *self,
                             const char      *template_id)
{
  GPtrArray *points;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (template_id != NULL, NULL);

  points = g_hash_table_lookup (self->scores, template_id);
  return points != NULL ? points : self->no_scores;
}

/**
 * reframe_insights_get_homework_weeks:
 *
 * Weeks run Monday to Sunday; the first is the week of the period's first day and the
 * last that of its last day, each counted whole. A week appears when homework was
 * meant for it. Each assignment counts as reframe_homework_progress() counts it for
 * that week, except that homework done once counts only in the week of its due date.
 *
 * Returns: (transfer none) (element-type ReframeHomeworkWeek): oldest first
 */
GArray *
reframe_insights_get_homework_weeks (ReframeInsights *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->homework_weeks;
}

static gboolean
check_range (const GDate *from,
             const GDate *to,
             GError     **error)
{
  if (g_date_compare (from, to) > 0)
    {
      g_set_error_literal (
          error,
          REFRAME_STORE_ERROR,
          REFRAME_STORE_ERROR_INVALID,
          _ ("The period ends before it starts; choose an end on or after the start."));
      return FALSE;
    }
  return TRUE;
}

/* Reads everything inside one read transaction, so that every figure comes from the
 * same state of the journal even while the main thread saves. A savepoint works
 * whether or not the connection is already in a transaction. */
static ReframeInsights *
read_insights (sqlite3      *db,
               const GDate  *from,
               const GDate  *to,
               gboolean      include_private,
               GCancellable *cancellable,
               GError      **error)
{
  g_autoptr (ReframeInsights) self = _reframe_insights_new (from, to, include_private);
  gboolean ok;

  if (!_reframe_store_exec (db, "SAVEPOINT insights", error))
    return NULL;
  ok = _reframe_insights_read (self, db, cancellable, error);
  if (!ok)
    sqlite3_exec (db, "ROLLBACK TO insights", NULL, NULL, NULL);
  sqlite3_exec (db, "RELEASE insights", NULL, NULL, NULL);
  if (!ok)
    {
      /* An interrupted query reports itself as such; say that it was cancelled. */
      if (g_cancellable_is_cancelled (cancellable))
        {
          g_clear_error (error);
          g_cancellable_set_error_if_cancelled (cancellable, error);
        }
      return NULL;
    }
  return g_steal_pointer (&self);
}

static int
progress_cb (void *user_data)
{
  return g_cancellable_is_cancelled (user_data);
}

/**
 * reframe_insights_compute:
 * @from: the first day of the period (local days, as entries are filed)
 * @to: the last day, on or after @from
 * @include_private: whether private entries and questionnaires count
 * @cancellable: (nullable): stops the work early
 *
 * Computes the statistics on the calling thread, on the store's own connection: for
 * the CLI, the tests and the report. The window uses reframe_insights_compute_async().
 *
 * Returns: (transfer full) (nullable): the statistics
 */
ReframeInsights *
reframe_insights_compute (ReframeStore *store,
                          const GDate  *from,
                          const GDate  *to,
                          gboolean      include_private,
                          GCancellable *cancellable,
                          GError      **error)
{
  ReframeInsights *insights;
  sqlite3         *db;

  g_return_val_if_fail (REFRAME_IS_STORE (store), NULL);
  g_return_val_if_fail (from != NULL && g_date_valid (from), NULL);
  g_return_val_if_fail (to != NULL && g_date_valid (to), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);

  if (!check_range (from, to, error) || g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if ((db = _reframe_store_require_db (store, error)) == NULL)
    return NULL;
  if (cancellable != NULL)
    sqlite3_progress_handler (db, 1000, progress_cb, cancellable);
  insights = read_insights (db, from, to, include_private, cancellable, error);
  if (cancellable != NULL)
    sqlite3_progress_handler (db, 0, NULL, NULL);
  return insights;
}

static void
compute_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ComputeData     *data = task_data;
  GError          *error = NULL;
  ReframeInsights *insights;
  sqlite3         *db;

  if ((db = _reframe_store_open_reader_at (data->path, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (cancellable != NULL)
    sqlite3_progress_handler (db, 1000, progress_cb, cancellable);
  insights = read_insights (db, &data->from, &data->to, data->include_private, cancellable, &error);
  sqlite3_close (db);

  if (insights == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, insights, (GDestroyNotify) reframe_insights_unref);
}

/**
 * reframe_insights_compute_async:
 * @from: the first day of the period
 * @to: the last day, on or after @from
 * @include_private: whether private entries and questionnaires count (the Insights
 *   page shows the person everything; the report leaves them out)
 * @cancellable: (nullable): cancel it when the period changes or the page goes
 *
 * Computes the statistics on a worker thread with its own read connection; the main
 * thread never waits for the journal.
 */
void
reframe_insights_compute_async (ReframeStore       *store,
                                const GDate        *from,
                                const GDate        *to,
                                gboolean            include_private,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;
  GError      *error = NULL;
  ComputeData *data;

  g_return_if_fail (REFRAME_IS_STORE (store));
  g_return_if_fail (from != NULL && g_date_valid (from));
  g_return_if_fail (to != NULL && g_date_valid (to));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, reframe_insights_compute_async);
  g_task_set_name (task, "reframe_insights_compute_async");
  if (!check_range (from, to, &error) || _reframe_store_require_db (store, &error) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  data = g_new0 (ComputeData, 1);
  data->path = _reframe_store_dup_path_for_reader (store);
  data->from = *from;
  data->to = *to;
  data->include_private = include_private;
  g_task_set_task_data (task, data, (GDestroyNotify) compute_data_free);
  g_task_run_in_thread (task, compute_thread);
}

/**
 * reframe_insights_compute_finish:
 *
 * Returns: (transfer full) (nullable): the statistics; %NULL with
 *   %G_IO_ERROR_CANCELLED when cancelled
 */
ReframeInsights *
reframe_insights_compute_finish (GAsyncResult *result,
                                 GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == reframe_insights_compute_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
