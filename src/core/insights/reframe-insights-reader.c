/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-insights-reader.c: reads the journal and works out the statistics.
 *
 * Two queries carry the mood figures, however long the period: one row per day
 * (count, sum of moods, mean hours slept) aggregated by SQLite along the journal's
 * day index, and one row per tag of each entry, in day order, so that the days each
 * activity appears on are counted in one pass without sorting. Everything else is
 * arithmetic over the days. The day is the one an entry is filed under (its local
 * day when it was logged), and the daily mood is the mean of that day's entries:
 * every other figure is built from daily moods, so a day with many entries weighs
 * no more than a day with one.
 */

#define G_LOG_DOMAIN "ReframeInsights"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "reframe-insights-private.h"
#include "reframe-store-private.h"
#include "reframe-tag.h"

#define ROLLING_DAYS 7

/* A day with entries. */
typedef struct
{
  GDate  date;
  char   text[11];
  guint  n_entries;
  gint64 mood_sum;
  double mean;
  double sleep; /* NAN when no entry says */
} Day;

/* A tag, with what the period's entries add up for it. */
typedef struct
{
  ReframeTagKind kind;
  char          *name;
  char          *icon_name;
  gboolean       builtin;

  guint  n_entries; /* entries that carry it */
  guint  days_with; /* days with an entry that carries it */
  double sum_with;  /* the sum of those days' means */
  gint   last_day;  /* the index of the last day counted, or -1 */
} Tag;

typedef struct
{
  ReframeInsights *insights;
  sqlite3         *db;
  char            *window_start; /* the first day a rolling window of the period reaches */
  char            *from;
  char            *to;

  GArray    *days;      /* of Day, oldest first, from window_start to the last day */
  guint      first_day; /* the index of the first day of the period in days */
  GPtrArray *tags;      /* of Tag*, indexed by their row id; gaps are NULL */
} Reader;

static void
tag_free (Tag *tag)
{
  /* Also called for the gaps between row ids. */
  if (tag == NULL)
    return;
  g_free (tag->name);
  g_free (tag->icon_name);
  g_free (tag);
}

static void
reader_clear (Reader *reader)
{
  g_clear_pointer (&reader->window_start, g_free);
  g_clear_pointer (&reader->from, g_free);
  g_clear_pointer (&reader->to, g_free);
  g_clear_pointer (&reader->days, g_array_unref);
  g_clear_pointer (&reader->tags, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Reader, reader_clear)

char *
_reframe_insights_format_day (const GDate *date)
{
  return g_strdup_printf (
      "%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date), g_date_get_day (date));
}

/* Reads "YYYY-MM-DD" as stored. */
gboolean
_reframe_insights_parse_day (const char *text,
                             GDate      *date)
{
  guint year = 0, month = 0, day = 0;

  g_date_clear (date, 1);
  if (text == NULL || sscanf (text, "%4u-%2u-%2u", &year, &month, &day) != 3 ||
      !g_date_valid_dmy (day, month, year))
    return FALSE;
  g_date_set_dmy (date, day, month, year);
  return TRUE;
}

static gboolean
step_done (sqlite3 *db,
           int      rc,
           GError **error)
{
  if (rc != SQLITE_DONE)
    return _reframe_store_fail (error, db, rc);
  return TRUE;
}

static gboolean
read_tags (Reader  *reader,
           GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = _reframe_store_prepare (
      reader->db, "SELECT id, kind, name, icon, builtin FROM tags ORDER BY id", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      Tag   *tag;

      /* Tags are few and numbered from 1; a stray huge id is left out, not allocated for. */
      if (id < 0 || id > 1000000)
        continue;
      tag = g_new0 (Tag, 1);
      tag->kind = sqlite3_column_int (stmt, 1) == REFRAME_TAG_ACTIVITY ? REFRAME_TAG_ACTIVITY
                                                                       : REFRAME_TAG_FEELING;
      tag->name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      tag->icon_name = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      tag->builtin = sqlite3_column_int (stmt, 4) != 0;
      tag->last_day = -1;
      if (reader->tags->len <= id)
        g_ptr_array_set_size (reader->tags, id + 1);
      g_ptr_array_index (reader->tags, id) = tag;
    }
  return step_done (reader->db, rc, error);
}

static gboolean
read_days (Reader  *reader,
           GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = _reframe_store_prepare (
      reader->db,
      "SELECT day, count (*), sum (mood), avg (sleep_hours) FROM mood_entries"
      " WHERE day BETWEEN ?1 AND ?2 AND (?3 OR private = 0)"
      " GROUP BY day ORDER BY day",
      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, reader->window_start, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, reader->to, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, reader->insights->include_private);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *text = (const char *) sqlite3_column_text (stmt, 0);
      Day         day = { 0 };

      if (!_reframe_insights_parse_day (text, &day.date))
        continue;
      g_strlcpy (day.text, text, sizeof day.text);
      day.n_entries = sqlite3_column_int (stmt, 1);
      day.mood_sum = sqlite3_column_int64 (stmt, 2);
      day.mean = (double) day.mood_sum / day.n_entries;
      day.sleep =
          sqlite3_column_type (stmt, 3) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, 3);
      if (strcmp (day.text, reader->from) < 0)
        reader->first_day++;
      g_array_append_val (reader->days, day);
    }
  return step_done (reader->db, rc, error);
}

#define DAY_AT(reader, i) (&g_array_index ((reader)->days, Day, (i)))

/* Daily moods, the mean mood, days logged and the weekdays. */
static void
summarize_days (Reader *reader)
{
  ReframeInsights *self = reader->insights;
  double           weekday_sum[8] = { 0 };
  gint64           mood_sum = 0;

  for (guint i = reader->first_day; i < reader->days->len; i++)
    {
      Day             *day = DAY_AT (reader, i);
      ReframeDailyMood daily = { day->date, day->mean, day->n_entries };
      GDateWeekday     weekday = g_date_get_weekday (&day->date);

      g_array_append_val (self->daily, daily);
      mood_sum += day->mood_sum;
      self->n_entries += day->n_entries;
      weekday_sum[weekday] += day->mean;
      self->weekday_days[weekday]++;
    }
  self->days_logged = self->daily->len;
  if (self->n_entries > 0)
    self->mean_mood = (double) mood_sum / self->n_entries;
  for (guint w = G_DATE_MONDAY; w <= G_DATE_SUNDAY; w++)
    if (self->weekday_days[w] > 0)
      self->weekday_mean[w] = weekday_sum[w] / self->weekday_days[w];
}

/* For each day of the period, the mean of the daily moods of it and the six days
 * before it (which may lie before the period, so that the line does not start
 * from nothing), over the days of that window that have entries. */
static void
summarize_rolling (Reader *reader)
{
  ReframeInsights *self = reader->insights;
  guint32          first = g_date_get_julian (&self->from);
  guint32          last = g_date_get_julian (&self->to);
  guint            lo = 0, hi = 0;

  for (guint32 julian = first; julian <= last; julian++)
    {
      ReframeRollingMood rolling;
      double             sum = 0;

      while (lo < reader->days->len &&
             g_date_get_julian (&DAY_AT (reader, lo)->date) + ROLLING_DAYS <= julian)
        lo++;
      while (hi < reader->days->len && g_date_get_julian (&DAY_AT (reader, hi)->date) <= julian)
        hi++;
      if (hi == lo)
        continue;
      for (guint i = lo; i < hi; i++)
        sum += DAY_AT (reader, i)->mean;
      g_date_clear (&rolling.day, 1);
      g_date_set_julian (&rolling.day, julian);
      rolling.mean = sum / (hi - lo);
      g_array_append_val (self->rolling, rolling);
    }
}

/* Pearson's r over the days of the period that have both hours slept and a mood,
 * computed from the deviations from the means (two passes), which stays accurate
 * where the one-pass formula loses digits. */
static void
summarize_sleep (Reader *reader)
{
  ReframeSleepCorrelation *sleep = &reader->insights->sleep;
  double                   mean_x = 0, mean_y = 0, sxx = 0, syy = 0, sxy = 0;
  guint                    n = 0;

  for (guint i = reader->first_day; i < reader->days->len; i++)
    if (!isnan (DAY_AT (reader, i)->sleep))
      {
        mean_x += DAY_AT (reader, i)->sleep;
        mean_y += DAY_AT (reader, i)->mean;
        n++;
      }
  sleep->n = n;
  sleep->r = NAN;
  if (n < 2)
    return;
  mean_x /= n;
  mean_y /= n;
  for (guint i = reader->first_day; i < reader->days->len; i++)
    if (!isnan (DAY_AT (reader, i)->sleep))
      {
        double dx = DAY_AT (reader, i)->sleep - mean_x, dy = DAY_AT (reader, i)->mean - mean_y;

        sxx += dx * dx;
        syy += dy * dy;
        sxy += dx * dy;
      }
  if (sxx > 0 && syy > 0)
    sleep->r = CLAMP (sxy / sqrt (sxx * syy), -1.0, 1.0);
  sleep->enough_data = n >= REFRAME_INSIGHTS_MIN_SLEEP_DAYS && !isnan (sleep->r);
}

/* Counts one tag of one entry on the day at @day_index. */
static void
count_tag (Reader *reader,
           Tag    *tag,
           guint   day_index)
{
  tag->n_entries++;
  if (tag->last_day == (gint) day_index)
    return;
  tag->last_day = day_index;
  tag->days_with++;
  tag->sum_with += DAY_AT (reader, day_index)->mean;
}

static gboolean
read_entry_tags (Reader  *reader,
                 GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  guint day_index = reader->first_day;
  int   rc;

  if (reader->first_day == reader->days->len)
    return TRUE;
  /* In day order along the day index, so that each day's rows come together. */
  stmt = _reframe_store_prepare (
      reader->db,
      "SELECT e.day, et.tag_id FROM mood_entries e JOIN entry_tags et ON et.entry_id = e.id"
      " WHERE e.day BETWEEN ?1 AND ?2 AND (?3 OR e.private = 0) ORDER BY e.day",
      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, reader->from, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, reader->to, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, reader->insights->include_private);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *text = (const char *) sqlite3_column_text (stmt, 0);
      gint64      tag_id = sqlite3_column_int64 (stmt, 1);

      while (day_index < reader->days->len && strcmp (DAY_AT (reader, day_index)->text, text) < 0)
        day_index++;
      if (day_index == reader->days->len)
        break;
      if (tag_id >= 0 && tag_id < reader->tags->len &&
          g_ptr_array_index (reader->tags, tag_id) != NULL &&
          strcmp (DAY_AT (reader, day_index)->text, text) == 0)
        count_tag (reader, g_ptr_array_index (reader->tags, tag_id), day_index);
    }
  return step_done (reader->db, rc, error);
}

static char *
dup_label (const Tag *tag)
{
  g_autoptr (ReframeTag) object =
      reframe_tag_new (tag->kind, tag->name, tag->icon_name, tag->builtin);

  return g_strdup (reframe_tag_get_label (object));
}

static int
compare_feelings (gconstpointer a,
                  gconstpointer b)
{
  const ReframeFeelingCount *x = *(ReframeFeelingCount *const *) a;
  const ReframeFeelingCount *y = *(ReframeFeelingCount *const *) b;

  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  return strcmp (x->name, y->name);
}

static double
factor_difference (const ReframeFactorImpact *factor)
{
  double difference = fabs (factor->mean_with - factor->mean_without);

  return isnan (difference) ? -1.0 : difference;
}

static int
compare_factors (gconstpointer a,
                 gconstpointer b)
{
  const ReframeFactorImpact *x = *(ReframeFactorImpact *const *) a;
  const ReframeFactorImpact *y = *(ReframeFactorImpact *const *) b;
  double                     dx = factor_difference (x), dy = factor_difference (y);

  if (x->enough_data != y->enough_data)
    return x->enough_data ? -1 : 1;
  if (dx != dy)
    return dx > dy ? -1 : 1;
  return strcmp (x->tag, y->tag);
}

static ReframeFactorImpact *
new_factor (const Tag *tag,
            guint      days_logged,
            double     sum_all)
{
  ReframeFactorImpact *factor = g_new0 (ReframeFactorImpact, 1);

  factor->tag = g_strdup (tag->name);
  factor->label = dup_label (tag);
  factor->icon_name = g_strdup (tag->icon_name);
  factor->days_with = tag->days_with;
  factor->mean_with = tag->sum_with / tag->days_with;
  factor->days_without = days_logged - tag->days_with;
  factor->mean_without =
      factor->days_without > 0 ? (sum_all - tag->sum_with) / factor->days_without : NAN;
  factor->enough_data = factor->days_with >= REFRAME_INSIGHTS_MIN_DAYS &&
                        factor->days_without >= REFRAME_INSIGHTS_MIN_DAYS;
  return factor;
}

/* Feelings by how often they were felt, and for each activity the days with and
 * without it. */
static void
summarize_tags (Reader *reader)
{
  ReframeInsights *self = reader->insights;
  double           sum_all = 0;

  for (guint i = reader->first_day; i < reader->days->len; i++)
    sum_all += DAY_AT (reader, i)->mean;
  for (guint id = 0; id < reader->tags->len; id++)
    {
      Tag *tag = g_ptr_array_index (reader->tags, id);

      if (tag == NULL || tag->n_entries == 0)
        continue;
      if (tag->kind == REFRAME_TAG_FEELING)
        {
          ReframeFeelingCount *feeling = g_new0 (ReframeFeelingCount, 1);

          feeling->name = g_strdup (tag->name);
          feeling->label = dup_label (tag);
          feeling->count = tag->n_entries;
          g_ptr_array_add (self->feelings, feeling);
        }
      else
        g_ptr_array_add (self->factors, new_factor (tag, self->days_logged, sum_all));
    }
  g_ptr_array_sort (self->feelings, compare_feelings);
  g_ptr_array_sort (self->factors, compare_factors);
}

/* The first moment of a local day as stored (UTC text); "" before any time GLib can
 * represent, so that the bound still works. */
char *
_reframe_insights_local_midnight_utc (const GDate *day)
{
  g_autoptr (GDateTime) local = g_date_time_new_local (
      g_date_get_year (day), g_date_get_month (day), g_date_get_day (day), 0, 0, 0);
  g_autoptr (GDateTime) utc = local ? g_date_time_to_utc (local) : NULL;

  if (utc == NULL)
    return g_strdup (g_date_get_year (day) < 5000 ? "" : "~");
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.%fZ");
}

static gboolean
read_scores (Reader  *reader,
             GError **error)
{
  ReframeInsights *self = reader->insights;
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autofree char *start = _reframe_insights_local_midnight_utc (&self->from);
  g_autofree char *end = NULL;
  GDate            after = self->to;
  int              rc;

  g_date_add_days (&after, 1);
  end = _reframe_insights_local_midnight_utc (&after);
  stmt = _reframe_store_prepare (
      reader->db,
      "SELECT template_id, completed_at, score, band FROM worksheets"
      " WHERE status = 'completed' AND score IS NOT NULL AND deleted_at IS NULL"
      "  AND completed_at >= ?1 AND completed_at < ?2 AND (?3 OR private = 0)"
      " ORDER BY completed_at, id",
      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, start, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, end, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, self->include_private);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GDateTime         *when = _reframe_store_parse_iso ((const char *) sqlite3_column_text (stmt, 1));
      ReframeScorePoint *point;

      if (when == NULL)
        continue;
      point = g_new0 (ReframeScorePoint, 1);
      point->template_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      point->when = when;
      point->score = sqlite3_column_int (stmt, 2);
      point->band = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      _reframe_insights_add_score (self, point);
    }
  return step_done (reader->db, rc, error);
}

static gboolean
check_cancelled (GCancellable *cancellable,
                 GError      **error)
{
  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

/* Fills in @self, whose period is set, from @db inside the caller's transaction. */
gboolean
_reframe_insights_read (ReframeInsights *self,
                        sqlite3         *db,
                        GCancellable    *cancellable,
                        GError         **error)
{
  g_auto (Reader) reader = { 0 };
  GDate window_start = self->from;

  g_date_subtract_days (&window_start,
                        MIN (ROLLING_DAYS - 1, g_date_get_julian (&window_start) - 1));
  reader.insights = self;
  reader.db = db;
  reader.window_start = _reframe_insights_format_day (&window_start);
  reader.from = _reframe_insights_format_day (&self->from);
  reader.to = _reframe_insights_format_day (&self->to);
  reader.days = g_array_new (FALSE, FALSE, sizeof (Day));
  reader.tags = g_ptr_array_new_with_free_func ((GDestroyNotify) tag_free);

  if (!read_tags (&reader, error) || !read_days (&reader, error) ||
      !check_cancelled (cancellable, error))
    return FALSE;
  summarize_days (&reader);
  summarize_rolling (&reader);
  summarize_sleep (&reader);
  if (!read_entry_tags (&reader, error) || !check_cancelled (cancellable, error))
    return FALSE;
  summarize_tags (&reader);
  return read_scores (&reader, error) && check_cancelled (cancellable, error) &&
         _reframe_insights_read_homework (self, db, error) && check_cancelled (cancellable, error);
}
