/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-insights.c: the statistics of the Insights page on a fixed small journal, and
 * `reframe insights`.
 *
 * Every expected figure is worked out here, independently of the code under test:
 * from the fixture table by plain loops (a textbook one-pass formula for Pearson's r,
 * where the code uses deviations from the means), and a few by hand, written out as
 * literals, so that the loops are checked too.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "reframe-assignment-repository.h"
#include "reframe-cli.h"
#include "reframe-insights.h"
#include "reframe-mood-entry.h"
#include "reframe-mood-repository.h"
#include "reframe-store.h"
#include "reframe-test-util.h"
#include "reframe-worksheet-repository-private.h"
#include "reframe-worksheet-repository.h"
#include "reframe-worksheet.h"
#include "test-insights-private.h"

/* One mood entry; the day it is filed under is the date its time is written in. */
typedef struct
{
  const char *time;
  int         mood;
  const char *feelings;
  const char *activities;
  double      sleep; /* -1: not given */
  gboolean    private_;
} Spec;

static const Spec journal[] = {
  /* Before the period: only the rolling mean of its first days sees them. */
  { "2026-02-27T20:00:00Z", 2, "sad", "work", 6.0, FALSE },
  { "2026-02-28T10:00:00Z", 4, "happy", "exercise", -1, FALSE },
  { "2026-03-01T21:00:00Z", 3, "calm", "", 7.0, FALSE },
  /* The period, Monday 2 to Sunday 15 March. */
  { "2026-03-02T08:00:00Z", 4, "happy calm", "exercise social", 7.5, FALSE },
  { "2026-03-02T20:00:00Z", 3, "tired", "work social", -1, FALSE },
  { "2026-03-03T09:00:00Z", 2, "anxious tired", "work social", 5.0, FALSE },
  { "2026-03-04T07:30:00Z", 5, "happy", "exercise social piano", 8.0, FALSE },
  { "2026-03-04T19:00:00Z", 4, "calm", "social", 7.0, FALSE },
  /* Late on the 5th and just after midnight on the 6th, local time in UTC+1: filed
   * under the days they were written on, though both are the 5th in UTC. */
  { "2026-03-05T23:30:00+01:00", 3, "calm", "social", 6.5, FALSE },
  { "2026-03-06T00:30:00+01:00", 1, "anxious sad", "work social", 4.0, FALSE },
  { "2026-03-07T11:00:00Z", 4, "happy", "exercise social outdoors", 9.0, FALSE },
  /* The 8th has only a private entry; the 9th has a private one beside a public one. */
  { "2026-03-08T12:00:00Z", 2, "sad", "social", -1, TRUE },
  { "2026-03-09T08:00:00Z", 3, "calm", "social", 6.0, FALSE },
  { "2026-03-09T21:00:00Z", 5, "happy calm", "exercise social", -1, TRUE },
  { "2026-03-10T10:00:00Z", 2, "anxious", "work social", 5.5, FALSE },
  /* Nothing on the 11th. */
  { "2026-03-12T09:00:00Z", 4, "calm happy", "exercise social", 8.5, FALSE },
  { "2026-03-12T15:00:00Z", 5, "happy", "social piano", -1, FALSE },
  { "2026-03-12T22:00:00Z", 3, "tired", "social", -1, FALSE },
  { "2026-03-13T18:00:00Z", 2, "anxious", "work social", 6.0, FALSE },
  { "2026-03-14T10:00:00Z", 5, "happy", "exercise social", 8.0, FALSE },
  { "2026-03-15T20:00:00Z", 4, "calm", "social piano", 7.0, FALSE },
  /* After the period. */
  { "2026-03-16T08:00:00Z", 1, "sad", "work", 3.0, FALSE },
};

static const char *const activities[] = { "exercise", "social", "work", "piano", "outdoors", "travel", NULL };
static const char *const feelings[] = { "happy", "calm", "tired", "anxious", "sad", "proud", NULL };

static GDate
day (const char *text)
{
  GDate date;
  guint y, m, d;

  g_assert_cmpint (sscanf (text, "%4u-%2u-%2u", &y, &m, &d), ==, 3);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, d, m, y);
  return date;
}

static char *
day_text (const GDate *date)
{
  return g_strdup_printf (
      "%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date), g_date_get_day (date));
}

static gboolean
has_word (const char *words,
          const char *word)
{
  g_auto (GStrv) split = g_strsplit (words, " ", -1);

  return g_strv_contains ((const char *const *) split, word);
}

static void
save_entry (Fixture    *f,
            const Spec *spec)
{
  g_autoptr (ReframeMoodEntry) entry = reframe_test_entry_at (spec->time, spec->mood, "");
  g_auto (GStrv) feeling_list = g_strsplit (spec->feelings, " ", -1);
  g_auto (GStrv) activity_list =
      *spec->activities ? g_strsplit (spec->activities, " ", -1) : g_new0 (char *, 1);
  g_autoptr (GError) error = NULL;

  reframe_mood_entry_set_feelings (entry, (const char *const *) feeling_list);
  reframe_mood_entry_set_activities (entry, (const char *const *) activity_list);
  reframe_mood_entry_set_sleep_hours (entry, spec->sleep);
  reframe_mood_entry_set_private (entry, spec->private_);
  g_assert_true (reframe_mood_repository_save (reframe_store_get_moods (f->store), entry, &error));
  g_assert_no_error (error);
}

static void
save_worksheet (Fixture               *f,
                const char            *template_id,
                ReframeWorksheetStatus status,
                int                    score,
                const char            *band,
                const char            *iso_time,
                gboolean               private_,
                ReframeAssignment     *assignment,
                gboolean               then_delete)
{
  g_autoptr (GDateTime) time = g_date_time_new_from_iso8601 (iso_time, NULL);
  g_autoptr (ReframeWorksheet) worksheet = reframe_worksheet_new (template_id, 1);
  g_autoptr (GError) error = NULL;
  ReframeWorksheetRepository *repository = reframe_store_get_worksheets (f->store);

  reframe_worksheet_set_status (worksheet, status);
  reframe_worksheet_set_score (worksheet, score);
  reframe_worksheet_set_band (worksheet, band);
  reframe_worksheet_set_private (worksheet, private_);
  if (assignment != NULL)
    reframe_worksheet_set_assignment_uuid (worksheet, reframe_assignment_get_uuid (assignment));
  g_assert_true (
      _reframe_worksheet_repository_save_at (repository, worksheet, time, time, time, &error));
  if (then_delete)
    g_assert_true (reframe_worksheet_repository_delete (repository, worksheet, &error));
  g_assert_no_error (error);
}

static ReframeAssignment *
save_assignment (Fixture         *f,
                 const char      *title,
                 const char      *template_id,
                 ReframeFrequency frequency,
                 const char      *start,
                 const char      *end)
{
  ReframeAssignment *assignment = reframe_assignment_new (title, template_id);
  g_autoptr (GError) error = NULL;
  GDate date = day (start);

  reframe_assignment_set_frequency (assignment, frequency);
  reframe_assignment_set_times_per_week (assignment, 2);
  reframe_assignment_set_start_date (assignment, &date);
  if (end != NULL)
    {
      date = day (end);
      if (frequency == REFRAME_FREQUENCY_ONCE)
        reframe_assignment_set_due_date (assignment, &date);
      else
        reframe_assignment_set_end_date (assignment, &date);
    }
  g_assert_true (reframe_assignment_repository_save (
      reframe_store_get_assignments (f->store), assignment, &error));
  g_assert_no_error (error);
  return assignment;
}

static void
mark_done (Fixture           *f,
           ReframeAssignment *assignment,
           const char        *iso_time)
{
  g_autoptr (GDateTime) time = g_date_time_new_from_iso8601 (iso_time, NULL);
  g_autoptr (GError) error = NULL;

  g_assert_true (reframe_assignment_repository_mark_task_done (
      reframe_store_get_assignments (f->store), assignment, time, &error));
  g_assert_no_error (error);
}

/* Questionnaires: two public PHQ-9 results in the period, one private, one before,
 * a draft and a deleted one; a GAD-7 on the last evening and one just after. */
static void
save_scores (Fixture *f)
{
  save_worksheet (f,
                  "phq-9",
                  REFRAME_WORKSHEET_COMPLETED,
                  20,
                  "Severe",
                  "2026-02-20T10:00:00Z",
                  FALSE,
                  NULL,
                  FALSE);
  save_worksheet (f,
                  "phq-9",
                  REFRAME_WORKSHEET_COMPLETED,
                  12,
                  "Moderate",
                  "2026-03-03T10:00:00Z",
                  FALSE,
                  NULL,
                  FALSE);
  save_worksheet (
      f, "phq-9", REFRAME_WORKSHEET_DRAFT, 9, "Mild", "2026-03-05T10:00:00Z", FALSE, NULL, FALSE);
  save_worksheet (f,
                  "phq-9",
                  REFRAME_WORKSHEET_COMPLETED,
                  22,
                  "Severe",
                  "2026-03-06T10:00:00Z",
                  FALSE,
                  NULL,
                  TRUE);
  save_worksheet (f,
                  "phq-9",
                  REFRAME_WORKSHEET_COMPLETED,
                  8,
                  "Mild",
                  "2026-03-10T10:00:00Z",
                  FALSE,
                  NULL,
                  FALSE);
  save_worksheet (f,
                  "phq-9",
                  REFRAME_WORKSHEET_COMPLETED,
                  15,
                  "Moderately severe",
                  "2026-03-12T10:00:00Z",
                  TRUE,
                  NULL,
                  FALSE);
  save_worksheet (f,
                  "gad-7",
                  REFRAME_WORKSHEET_COMPLETED,
                  6,
                  "Mild",
                  "2026-03-15T23:30:00Z",
                  FALSE,
                  NULL,
                  FALSE);
  save_worksheet (f,
                  "gad-7",
                  REFRAME_WORKSHEET_COMPLETED,
                  11,
                  "Moderate",
                  "2026-03-16T00:00:00Z",
                  FALSE,
                  NULL,
                  FALSE);
}

/* Homework: a daily walk from the 4th to the 12th, a thought record twice a week
 * from the 2nd, and booking the dentist once, by Friday the 13th. */
static void
save_homework (Fixture *f)
{
  g_autoptr (ReframeAssignment) walk =
      save_assignment (f, "Walk", NULL, REFRAME_FREQUENCY_DAILY, "2026-03-04", "2026-03-12");
  g_autoptr (ReframeAssignment) record = save_assignment (
      f, "Thought record", "thought-record", REFRAME_FREQUENCY_TIMES_PER_WEEK, "2026-03-02", NULL);
  g_autoptr (ReframeAssignment) dentist = save_assignment (
      f, "Book the dentist", NULL, REFRAME_FREQUENCY_ONCE, "2026-03-02", "2026-03-13");

  mark_done (f, walk, "2026-03-04T07:00:00Z");
  mark_done (f, walk, "2026-03-05T08:00:00Z");
  mark_done (f, walk, "2026-03-10T09:00:00Z");
  mark_done (f, walk, "2026-03-10T18:00:00Z");
  for (guint i = 3; i <= 5; i++)
    {
      g_autofree char *time = g_strdup_printf ("2026-03-0%uT19:00:00Z", i);

      save_worksheet (
          f, "thought-record", REFRAME_WORKSHEET_COMPLETED, -1, NULL, time, FALSE, record, FALSE);
    }
  mark_done (f, dentist, "2026-03-06T12:00:00Z");
}

void
_reframe_test_fixture_set_up (Fixture      *f,
                              gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = reframe_test_make_tmp_dir ();
  f->store = reframe_store_open (f->dir, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (journal); i++)
    save_entry (f, &journal[i]);
  save_scores (f);
  save_homework (f);
}

void
_reframe_test_fixture_tear_down (Fixture      *f,
                                 gconstpointer data)
{
  if (f->store != NULL)
    g_assert_finalize_object (g_steal_pointer (&f->store));
  reframe_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->out);
  g_free (f->err);
}

/* The days with entries between @from and @to (strings compare as dates), by plain
 * grouping of the fixture table. */
GArray *
_reframe_test_expected_days (const char *from,
                             const char *to,
                             gboolean    include_private)
{
  GArray *days = g_array_new (FALSE, TRUE, sizeof (Expected));

  for (guint i = 0; i < G_N_ELEMENTS (journal); i++)
    {
      char      key[11];
      Expected *found = NULL;

      g_strlcpy (key, journal[i].time, sizeof key);
      if (strcmp (key, from) < 0 || strcmp (key, to) > 0 ||
          (journal[i].private_ && !include_private))
        continue;
      for (guint j = 0; j < days->len && found == NULL; j++)
        if (strcmp (g_array_index (days, Expected, j).day, key) == 0)
          found = &g_array_index (days, Expected, j);
      if (found == NULL)
        {
          g_array_set_size (days, days->len + 1);
          found = &g_array_index (days, Expected, days->len - 1);
          g_strlcpy (found->day, key, sizeof found->day);
        }
      found->mood_sum += journal[i].mood;
      found->n++;
      if (journal[i].sleep >= 0)
        {
          found->sleep_sum += journal[i].sleep;
          found->n_sleep++;
        }
    }
  return days;
}

double
_reframe_test_mean_of (const Expected *e)
{
  return e->mood_sum / e->n;
}

void
_reframe_test_assert_close (double a,
                            double b)
{
  g_assert_false (isnan (a));
  g_assert_false (isnan (b));
  g_assert_cmpfloat_with_epsilon (a, b, TOLERANCE);
}

static ReframeInsights *
compute (Fixture    *f,
         const char *from,
         const char *to,
         gboolean    include_private)
{
  g_autoptr (GError) error = NULL;
  GDate            first = day (from), last = day (to);
  ReframeInsights *insights =
      reframe_insights_compute (f->store, &first, &last, include_private, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (insights);
  return insights;
}

static void
check_daily (ReframeInsights *insights,
             GArray          *days)
{
  GArray *daily = reframe_insights_get_daily (insights);
  double  mood_sum = 0;
  guint   n = 0;

  g_assert_cmpuint (daily->len, ==, days->len);
  g_assert_cmpuint (reframe_insights_get_days_logged (insights), ==, days->len);
  for (guint i = 0; i < days->len; i++)
    {
      const ReframeDailyMood *got = &g_array_index (daily, ReframeDailyMood, i);
      const Expected         *want = &g_array_index (days, Expected, i);
      g_autofree char        *text = day_text (&got->day);

      g_assert_cmpstr (text, ==, want->day);
      _reframe_test_assert_close (got->mean, _reframe_test_mean_of (want));
      g_assert_cmpuint (got->n_entries, ==, want->n);
      mood_sum += want->mood_sum;
      n += want->n;
    }
  g_assert_cmpuint (reframe_insights_get_n_entries (insights), ==, n);
  if (n > 0)
    _reframe_test_assert_close (reframe_insights_get_mean_mood (insights), mood_sum / n);
  else
    g_assert_true (isnan (reframe_insights_get_mean_mood (insights)));
}

/* For each day of the period, the days with entries among it and the six before. */
static void
check_rolling (ReframeInsights *insights,
               const char      *from,
               const char      *to,
               gboolean         include_private)
{
  g_autoptr (GArray) all = _reframe_test_expected_days ("0000", "9999", include_private);
  GArray *rolling = reframe_insights_get_rolling (insights);
  GDate   first = day (from), last = day (to);
  guint   next = 0;

  for (GDate d = first; g_date_compare (&d, &last) <= 0; g_date_add_days (&d, 1))
    {
      double sum = 0;
      guint  n = 0;

      for (guint i = 0; i < all->len; i++)
        {
          GDate other = day (g_array_index (all, Expected, i).day);
          int   back = g_date_days_between (&other, &d);

          if (back >= 0 && back <= 6)
            {
              sum += _reframe_test_mean_of (&g_array_index (all, Expected, i));
              n++;
            }
        }
      if (n == 0)
        continue;
      g_assert_cmpuint (next, <, rolling->len);
      g_assert_cmpint (
          g_date_compare (&g_array_index (rolling, ReframeRollingMood, next).day, &d), ==, 0);
      _reframe_test_assert_close (g_array_index (rolling, ReframeRollingMood, next).mean, sum / n);
      next++;
    }
  g_assert_cmpuint (next, ==, rolling->len);
}

static void
check_weekdays (ReframeInsights *insights,
                GArray          *days)
{
  for (GDateWeekday w = G_DATE_MONDAY; w <= G_DATE_SUNDAY; w++)
    {
      double sum = 0, got;
      guint  n = 0, got_n = 99;

      for (guint i = 0; i < days->len; i++)
        {
          GDate date = day (g_array_index (days, Expected, i).day);

          if (g_date_get_weekday (&date) == w)
            {
              sum += _reframe_test_mean_of (&g_array_index (days, Expected, i));
              n++;
            }
        }
      got = reframe_insights_get_weekday_mean (insights, w, &got_n);
      g_assert_cmpuint (got_n, ==, n);
      if (n == 0)
        g_assert_true (isnan (got));
      else
        _reframe_test_assert_close (got, sum / n);
    }
}

static guint
count_feeling (const char *from,
               const char *to,
               gboolean    include_private,
               const char *feeling)
{
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (journal); i++)
    {
      char key[11];

      g_strlcpy (key, journal[i].time, sizeof key);
      if (strcmp (key, from) >= 0 && strcmp (key, to) <= 0 &&
          (!journal[i].private_ || include_private) && has_word (journal[i].feelings, feeling))
        n++;
    }
  return n;
}

static void
check_feelings (ReframeInsights *insights,
                const char      *from,
                const char      *to,
                gboolean         include_private)
{
  GPtrArray *got = reframe_insights_get_feelings (insights);
  guint      n_felt = 0;

  for (guint i = 0; feelings[i] != NULL; i++)
    {
      guint    want = count_feeling (from, to, include_private, feelings[i]);
      gboolean seen = FALSE;

      n_felt += want > 0;
      for (guint j = 0; j < got->len; j++)
        if (g_strcmp0 (((ReframeFeelingCount *) g_ptr_array_index (got, j))->name, feelings[i]) ==
            0)
          {
            g_assert_cmpuint (
                ((ReframeFeelingCount *) g_ptr_array_index (got, j))->count, ==, want);
            g_assert_cmpstr (
                ((ReframeFeelingCount *) g_ptr_array_index (got, j))->label, ==, feelings[i]);
            seen = TRUE;
          }
      g_assert_true (seen == (want > 0));
    }
  g_assert_cmpuint (got->len, ==, n_felt);
  /* Most frequent first, equal counts by name. */
  for (guint j = 1; j < got->len; j++)
    {
      ReframeFeelingCount *a = g_ptr_array_index (got, j - 1), *b = g_ptr_array_index (got, j);

      g_assert_true (a->count > b->count ||
                     (a->count == b->count && strcmp (a->name, b->name) < 0));
    }
}

static gboolean
day_has_activity (const char *key,
                  const char *activity,
                  gboolean    include_private)
{
  for (guint i = 0; i < G_N_ELEMENTS (journal); i++)
    if (strncmp (journal[i].time, key, 10) == 0 && (!journal[i].private_ || include_private) &&
        has_word (journal[i].activities, activity))
      return TRUE;
  return FALSE;
}

static const ReframeFactorImpact *
find_factor (ReframeInsights *insights,
             const char      *tag)
{
  GPtrArray *factors = reframe_insights_get_factors (insights);

  for (guint i = 0; i < factors->len; i++)
    if (g_strcmp0 (((ReframeFactorImpact *) g_ptr_array_index (factors, i))->tag, tag) == 0)
      return g_ptr_array_index (factors, i);
  return NULL;
}

static void
check_factors (ReframeInsights *insights,
               GArray          *days,
               gboolean         include_private)
{
  GPtrArray *factors = reframe_insights_get_factors (insights);
  guint      n_seen = 0;

  for (guint a = 0; activities[a] != NULL; a++)
    {
      const ReframeFactorImpact *got = find_factor (insights, activities[a]);
      double                     sum_with = 0, sum_without = 0;
      guint                      with = 0, without = 0;

      for (guint i = 0; i < days->len; i++)
        {
          const Expected *e = &g_array_index (days, Expected, i);

          if (day_has_activity (e->day, activities[a], include_private))
            sum_with += _reframe_test_mean_of (e), with++;
          else
            sum_without += _reframe_test_mean_of (e), without++;
        }
      if (with == 0)
        {
          g_assert_null (got);
          continue;
        }
      n_seen++;
      g_assert_nonnull (got);
      g_assert_cmpuint (got->days_with, ==, with);
      g_assert_cmpuint (got->days_without, ==, without);
      _reframe_test_assert_close (got->mean_with, sum_with / with);
      if (without > 0)
        _reframe_test_assert_close (got->mean_without, sum_without / without);
      else
        g_assert_true (isnan (got->mean_without));
      g_assert_true (got->enough_data ==
                     (with >= REFRAME_INSIGHTS_MIN_DAYS && without >= REFRAME_INSIGHTS_MIN_DAYS));
    }
  g_assert_cmpuint (factors->len, ==, n_seen);
  /* Claims first, then by the size of the difference. */
  for (guint j = 1; j < factors->len; j++)
    {
      const ReframeFactorImpact *x = g_ptr_array_index (factors, j - 1),
                                *y = g_ptr_array_index (factors, j);

      g_assert_true (x->enough_data >= y->enough_data);
      if (x->enough_data && y->enough_data)
        g_assert_cmpfloat (
            fabs (x->mean_with - x->mean_without), >=, fabs (y->mean_with - y->mean_without));
    }
}

/* Pearson's r by the one-pass textbook formula. */
static void
check_sleep (ReframeInsights *insights,
             GArray          *days)
{
  ReframeSleepCorrelation got = reframe_insights_get_sleep (insights);
  double                  sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
  guint                   n = 0;

  for (guint i = 0; i < days->len; i++)
    {
      const Expected *e = &g_array_index (days, Expected, i);
      double          x, y = _reframe_test_mean_of (e);

      if (e->n_sleep == 0)
        continue;
      x = e->sleep_sum / e->n_sleep;
      sx += x, sy += y, sxx += x * x, syy += y * y, sxy += x * y;
      n++;
    }
  g_assert_cmpuint (got.n, ==, n);
  g_assert_true (got.enough_data == (n >= 10));
  if (n >= 2)
    _reframe_test_assert_close (
        got.r, (n * sxy - sx * sy) / sqrt ((n * sxx - sx * sx) * (n * syy - sy * sy)));
  else
    g_assert_true (isnan (got.r));
}

static void
check_all (Fixture    *f,
           const char *from,
           const char *to,
           gboolean    include_private)
{
  g_autoptr (ReframeInsights) insights = compute (f, from, to, include_private);
  g_autoptr (GArray) days = _reframe_test_expected_days (from, to, include_private);
  GDate first = day (from), last = day (to);

  g_assert_cmpuint (
      reframe_insights_get_days_in_period (insights), ==, g_date_days_between (&first, &last) + 1);
  g_assert_cmpint (g_date_compare (reframe_insights_get_from (insights), &first), ==, 0);
  g_assert_cmpint (g_date_compare (reframe_insights_get_to (insights), &last), ==, 0);
  check_daily (insights, days);
  check_rolling (insights, from, to, include_private);
  check_weekdays (insights, days);
  check_feelings (insights, from, to, include_private);
  check_factors (insights, days, include_private);
  check_sleep (insights, days);
}

static void
test_loops (Fixture      *f,
            gconstpointer data)
{
  check_all (f, FROM, TO, FALSE);
  check_all (f, FROM, TO, TRUE);
  /* The first week alone: too few days for most claims and for sleep. */
  check_all (f, FROM, "2026-03-08", FALSE);
  check_all (f, "2026-02-01", "2026-04-30", TRUE);
  check_all (f, "2026-03-06", "2026-03-06", FALSE);
}

/* The same period worked out by hand. */
static void
test_by_hand (Fixture      *f,
              gconstpointer data)
{
  g_autoptr (ReframeInsights) insights = compute (f, FROM, TO, FALSE);
  g_autoptr (ReframeInsights) with_private = compute (f, FROM, TO, TRUE);
  GArray                    *daily = reframe_insights_get_daily (insights);
  GArray                    *rolling = reframe_insights_get_rolling (insights);
  GPtrArray                 *felt = reframe_insights_get_feelings (insights);
  const ReframeFactorImpact *factor;
  ReframeSleepCorrelation    sleep = reframe_insights_get_sleep (insights);
  guint                      n_days;
  static const char *const   order[] = { "calm", "happy", "anxious", "tired", "sad" };
  static const guint         counts[] = { 6, 6, 4, 3, 1 };

  /* 12 public days of 14 (the 8th is private only, nothing on the 11th); 16 entries
   * adding up to 54, and with the two private ones 18 adding up to 61. */
  g_assert_cmpuint (reframe_insights_get_days_in_period (insights), ==, 14);
  g_assert_cmpuint (reframe_insights_get_days_logged (insights), ==, 12);
  g_assert_cmpuint (reframe_insights_get_days_logged (with_private), ==, 13);
  g_assert_cmpuint (reframe_insights_get_n_entries (insights), ==, 16);
  _reframe_test_assert_close (reframe_insights_get_mean_mood (insights), 54.0 / 16);
  _reframe_test_assert_close (reframe_insights_get_mean_mood (with_private), 61.0 / 18);

  /* 2 March: (4 + 3) / 2; the 5th and 6th as written in UTC+1: 3 and 1. */
  _reframe_test_assert_close (g_array_index (daily, ReframeDailyMood, 0).mean, 3.5);
  g_assert_cmpuint (g_array_index (daily, ReframeDailyMood, 0).n_entries, ==, 2);
  _reframe_test_assert_close (g_array_index (daily, ReframeDailyMood, 3).mean, 3.0);
  _reframe_test_assert_close (g_array_index (daily, ReframeDailyMood, 4).mean, 1.0);
  /* The 12th: (4 + 5 + 3) / 3. */
  _reframe_test_assert_close (g_array_index (daily, ReframeDailyMood, 8).mean, 4.0);

  /* The rolling mean of the 2nd reaches back to 27 February: (2 + 4 + 3 + 3.5) / 4;
   * every day of the period has one. */
  g_assert_cmpuint (rolling->len, ==, 14);
  _reframe_test_assert_close (g_array_index (rolling, ReframeRollingMood, 0).mean, 12.5 / 4);

  /* Mondays: the 2nd (3.5) and the 9th (3, its private 5 left out). */
  _reframe_test_assert_close (reframe_insights_get_weekday_mean (insights, G_DATE_MONDAY, &n_days),
                              3.25);
  g_assert_cmpuint (n_days, ==, 2);
  _reframe_test_assert_close (
      reframe_insights_get_weekday_mean (with_private, G_DATE_MONDAY, &n_days), 3.75);
  /* Wednesdays: only the 4th, as the 11th has no entry. */
  _reframe_test_assert_close (
      reframe_insights_get_weekday_mean (insights, G_DATE_WEDNESDAY, &n_days), 4.5);
  g_assert_cmpuint (n_days, ==, 1);

  g_assert_cmpuint (felt->len, ==, G_N_ELEMENTS (order));
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      g_assert_cmpstr (((ReframeFeelingCount *) g_ptr_array_index (felt, i))->name, ==, order[i]);
      g_assert_cmpuint (
          ((ReframeFeelingCount *) g_ptr_array_index (felt, i))->count, ==, counts[i]);
    }

  /* Exercise on the 2nd, 4th, 7th, 12th and 14th: (3.5 + 4.5 + 4 + 4 + 5) / 5 = 4.2,
   * and the other seven days (2 + 3 + 1 + 3 + 2 + 2 + 4) / 7 = 17 / 7. */
  factor = find_factor (insights, "exercise");
  _reframe_test_assert_close (factor->mean_with, 4.2);
  g_assert_cmpuint (factor->days_with, ==, 5);
  _reframe_test_assert_close (factor->mean_without, 17.0 / 7);
  g_assert_cmpuint (factor->days_without, ==, 7);
  g_assert_true (factor->enough_data);
  g_assert_cmpstr (factor->icon_name, ==, "emoji-activities-symbolic");
  /* With the private Monday it has six days. */
  g_assert_cmpuint (find_factor (with_private, "exercise")->days_with, ==, 6);
  /* Piano on three days: no claim. Social every day: nothing to compare with. */
  factor = find_factor (insights, "piano");
  g_assert_cmpuint (factor->days_with, ==, 3);
  g_assert_false (factor->enough_data);
  g_assert_null (factor->icon_name);
  factor = find_factor (insights, "social");
  g_assert_cmpuint (factor->days_without, ==, 0);
  g_assert_true (isnan (factor->mean_without));
  g_assert_false (factor->enough_data);
  /* Work (10.5 / 5 = 2.1 against 27.5 / 7 = 3.93) differs more than exercise (4.2
   * against 2.43); both come before those without enough days. */
  factor = find_factor (insights, "work");
  _reframe_test_assert_close (factor->mean_with, 2.1);
  _reframe_test_assert_close (factor->mean_without, 27.5 / 7);
  g_assert_cmpstr (
      ((ReframeFactorImpact *) g_ptr_array_index (reframe_insights_get_factors (insights), 0))->tag,
      ==,
      "work");
  g_assert_cmpstr (
      ((ReframeFactorImpact *) g_ptr_array_index (reframe_insights_get_factors (insights), 1))->tag,
      ==,
      "exercise");
  g_assert_false (
      ((ReframeFactorImpact *) g_ptr_array_index (reframe_insights_get_factors (insights), 2))
          ->enough_data);

  /* Twelve days with hours slept (the 4th: the mean of 8 and 7). */
  g_assert_cmpuint (sleep.n, ==, 12);
  g_assert_true (sleep.enough_data);
  g_assert_cmpfloat (sleep.r, >, 0.85);
  g_assert_cmpfloat (sleep.r, <, 0.9);
}

static void
test_scores (Fixture      *f,
             gconstpointer data)
{
  g_autoptr (ReframeInsights) insights = compute (f, FROM, TO, FALSE);
  g_autoptr (ReframeInsights) with_private = compute (f, FROM, TO, TRUE);
  GPtrArray         *phq = reframe_insights_get_scores (insights, "phq-9");
  GPtrArray         *gad = reframe_insights_get_scores (insights, "gad-7");
  ReframeScorePoint *point;
  g_autofree char   *when = NULL;

  g_assert_cmpuint (phq->len, ==, 2);
  point = g_ptr_array_index (phq, 0);
  g_assert_cmpstr (point->template_id, ==, "phq-9");
  g_assert_cmpint (point->score, ==, 12);
  g_assert_cmpstr (point->band, ==, "Moderate");
  when = g_date_time_format_iso8601 (point->when);
  g_assert_cmpstr (when, ==, "2026-03-03T10:00:00Z");
  point = g_ptr_array_index (phq, 1);
  g_assert_cmpint (point->score, ==, 8);
  g_assert_cmpstr (point->band, ==, "Mild");

  /* The last evening counts; midnight after it does not. */
  g_assert_cmpuint (gad->len, ==, 1);
  g_assert_cmpint (((ReframeScorePoint *) g_ptr_array_index (gad, 0))->score, ==, 6);

  phq = reframe_insights_get_scores (with_private, "phq-9");
  g_assert_cmpuint (phq->len, ==, 3);
  g_assert_cmpint (((ReframeScorePoint *) g_ptr_array_index (phq, 2))->score, ==, 15);
  g_assert_cmpuint (reframe_insights_get_scores (insights, "thought-record")->len, ==, 0);
}

static void
test_homework (Fixture      *f,
               gconstpointer data)
{
  g_autoptr (ReframeInsights) insights = compute (f, FROM, TO, FALSE);
  g_autoptr (ReframeInsights) later = compute (f, "2026-03-20", "2026-03-31", FALSE);
  GArray              *weeks = reframe_insights_get_homework_weeks (insights);
  ReframeHomeworkWeek *week;
  GDate                monday = day ("2026-03-02");

  /* Week of the 2nd: the walk on 5 days (4th to 8th), done 2; the thought record 2,
   * done on 3 days but counted as 2. Week of the 9th: the walk on 4 days (to the
   * 12th), done 1 (twice on the 10th); the thought record 2, not done; the dentist,
   * due the 13th, done the week before. */
  g_assert_cmpuint (weeks->len, ==, 2);
  week = &g_array_index (weeks, ReframeHomeworkWeek, 0);
  g_assert_cmpint (g_date_compare (&week->week_start, &monday), ==, 0);
  g_assert_cmpuint (week->done, ==, 4);
  g_assert_cmpuint (week->expected, ==, 7);
  week = &g_array_index (weeks, ReframeHomeworkWeek, 1);
  g_date_add_days (&monday, 7);
  g_assert_cmpint (g_date_compare (&week->week_start, &monday), ==, 0);
  g_assert_cmpuint (week->done, ==, 2);
  g_assert_cmpuint (week->expected, ==, 7);

  /* Later on only the thought record goes on, twice a week, undone, in the weeks of
   * the 16th, 23rd and 30th. */
  weeks = reframe_insights_get_homework_weeks (later);
  g_assert_cmpuint (weeks->len, ==, 3);
  g_assert_cmpuint (g_array_index (weeks, ReframeHomeworkWeek, 0).done, ==, 0);
  g_assert_cmpuint (g_array_index (weeks, ReframeHomeworkWeek, 0).expected, ==, 2);
}

static void
test_empty (Fixture      *f,
            gconstpointer data)
{
  g_autoptr (ReframeInsights) insights = compute (f, "2025-01-01", "2025-01-31", TRUE);
  ReframeSleepCorrelation sleep = reframe_insights_get_sleep (insights);
  g_autoptr (GError) error = NULL;
  GDate first = day ("2026-03-10"), last = day ("2026-03-01");
  guint n_days = 99;

  g_assert_cmpuint (reframe_insights_get_days_in_period (insights), ==, 31);
  g_assert_cmpuint (reframe_insights_get_days_logged (insights), ==, 0);
  g_assert_cmpuint (reframe_insights_get_n_entries (insights), ==, 0);
  g_assert_true (isnan (reframe_insights_get_mean_mood (insights)));
  g_assert_cmpuint (reframe_insights_get_daily (insights)->len, ==, 0);
  g_assert_cmpuint (reframe_insights_get_rolling (insights)->len, ==, 0);
  g_assert_cmpuint (reframe_insights_get_feelings (insights)->len, ==, 0);
  g_assert_cmpuint (reframe_insights_get_factors (insights)->len, ==, 0);
  g_assert_cmpuint (reframe_insights_get_scores (insights, "phq-9")->len, ==, 0);
  g_assert_cmpuint (reframe_insights_get_homework_weeks (insights)->len, ==, 0);
  g_assert_true (isnan (reframe_insights_get_weekday_mean (insights, G_DATE_FRIDAY, &n_days)));
  g_assert_cmpuint (n_days, ==, 0);
  g_assert_cmpuint (sleep.n, ==, 0);
  g_assert_true (isnan (sleep.r));
  g_assert_false (sleep.enough_data);

  /* A period that ends before it starts is refused. */
  g_assert_null (reframe_insights_compute (f->store, &first, &last, FALSE, NULL, &error));
  g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_INVALID);
}

static void
computed_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static ReframeInsights *
compute_async (Fixture      *f,
               GCancellable *cancellable,
               GError      **error)
{
  g_autoptr (GAsyncResult) result = NULL;
  GDate first = day (FROM), last = day (TO);

  reframe_insights_compute_async (f->store, &first, &last, TRUE, cancellable, computed_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return reframe_insights_compute_finish (result, error);
}

/* On a worker thread with its own connection: the same figures as on this one. */
static void
test_async (Fixture      *f,
            gconstpointer data)
{
  g_autoptr (ReframeInsights) sync = compute (f, FROM, TO, TRUE);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (ReframeInsights) async = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *sync_json = reframe_insights_to_json (sync);
  g_autofree char *async_json = NULL;
  GDate            first = day (FROM), last = day (TO);

  async = compute_async (f, NULL, &error);
  g_assert_no_error (error);
  async_json = reframe_insights_to_json (async);
  g_assert_cmpstr (async_json, ==, sync_json);

  g_cancellable_cancel (cancellable);
  g_assert_null (compute_async (f, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_null (reframe_insights_compute (f->store, &first, &last, TRUE, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int    argc,
      char **argv)
{
  /* The CLI prints UTF-8 as the program does, in the locale of the environment. */
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  ADD ("loops", test_loops);
  ADD ("by-hand", test_by_hand);
  ADD ("scores", test_scores);
  ADD ("homework", test_homework);
  ADD ("empty", test_empty);
  ADD ("async", test_async);
  _reframe_test_insights_add_cli_tests ();

  return g_test_run ();
}
