/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-insights-json.c: the statistics as one JSON document, for
 * `reframe insights --json` and for checking the figures independently.
 *
 * Numbers are written in full precision; a figure that cannot be computed (the mean
 * of no days, a correlation without spread) is null rather than a made-up number.
 */

#define G_LOG_DOMAIN "ReframeInsights"

#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "reframe-insights-private.h"

/* The questionnaires the Insights page always shows, even without results. */
static const char *const score_templates[] = { "phq-9", "gad-7", NULL };

static const char *const weekday_keys[] = {
  [G_DATE_MONDAY] = "monday",
  [G_DATE_TUESDAY] = "tuesday",
  [G_DATE_WEDNESDAY] = "wednesday",
  [G_DATE_THURSDAY] = "thursday",
  [G_DATE_FRIDAY] = "friday",
  [G_DATE_SATURDAY] = "saturday",
  [G_DATE_SUNDAY] = "sunday",
};

static void
add_day (JsonBuilder *builder,
         const char  *name,
         const GDate *day)
{
  g_autofree char *text = _reframe_insights_format_day (day);

  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, text);
}

static void
add_number (JsonBuilder *builder,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (builder, name);
  if (isfinite (value))
    json_builder_add_double_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_days (JsonBuilder     *builder,
          ReframeInsights *self)
{
  GArray *daily = reframe_insights_get_daily (self);
  GArray *rolling = reframe_insights_get_rolling (self);

  json_builder_set_member_name (builder, "daily");
  json_builder_begin_array (builder);
  for (guint i = 0; i < daily->len; i++)
    {
      const ReframeDailyMood *day = &g_array_index (daily, ReframeDailyMood, i);

      json_builder_begin_object (builder);
      add_day (builder, "day", &day->day);
      add_number (builder, "mean", day->mean);
      add_int (builder, "entries", day->n_entries);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "rolling");
  json_builder_begin_array (builder);
  for (guint i = 0; i < rolling->len; i++)
    {
      const ReframeRollingMood *day = &g_array_index (rolling, ReframeRollingMood, i);

      json_builder_begin_object (builder);
      add_day (builder, "day", &day->day);
      add_number (builder, "mean", day->mean);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_weekdays (JsonBuilder     *builder,
              ReframeInsights *self)
{
  json_builder_set_member_name (builder, "weekdays");
  json_builder_begin_array (builder);
  for (GDateWeekday weekday = G_DATE_MONDAY; weekday <= G_DATE_SUNDAY; weekday++)
    {
      guint  n_days = 0;
      double mean = reframe_insights_get_weekday_mean (self, weekday, &n_days);

      json_builder_begin_object (builder);
      add_string (builder, "weekday", weekday_keys[weekday]);
      add_number (builder, "mean", mean);
      add_int (builder, "days", n_days);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_tags (JsonBuilder     *builder,
          ReframeInsights *self)
{
  GPtrArray *feelings = reframe_insights_get_feelings (self);
  GPtrArray *factors = reframe_insights_get_factors (self);

  json_builder_set_member_name (builder, "feelings");
  json_builder_begin_array (builder);
  for (guint i = 0; i < feelings->len; i++)
    {
      const ReframeFeelingCount *feeling = g_ptr_array_index (feelings, i);

      json_builder_begin_object (builder);
      add_string (builder, "name", feeling->name);
      add_string (builder, "label", feeling->label);
      add_int (builder, "count", feeling->count);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "factors");
  json_builder_begin_array (builder);
  for (guint i = 0; i < factors->len; i++)
    {
      const ReframeFactorImpact *factor = g_ptr_array_index (factors, i);

      json_builder_begin_object (builder);
      add_string (builder, "tag", factor->tag);
      add_string (builder, "label", factor->label);
      add_string (builder, "icon_name", factor->icon_name);
      add_number (builder, "mean_with", factor->mean_with);
      add_int (builder, "days_with", factor->days_with);
      add_number (builder, "mean_without", factor->mean_without);
      add_int (builder, "days_without", factor->days_without);
      json_builder_set_member_name (builder, "enough_data");
      json_builder_add_boolean_value (builder, factor->enough_data);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_sleep (JsonBuilder     *builder,
           ReframeInsights *self)
{
  ReframeSleepCorrelation sleep = reframe_insights_get_sleep (self);

  json_builder_set_member_name (builder, "sleep");
  json_builder_begin_object (builder);
  add_number (builder, "r", sleep.r);
  add_int (builder, "n", sleep.n);
  json_builder_set_member_name (builder, "enough_data");
  json_builder_add_boolean_value (builder, sleep.enough_data);
  json_builder_end_object (builder);
}

static void
add_score_points (JsonBuilder *builder,
                  const char  *template_id,
                  GPtrArray   *points)
{
  json_builder_set_member_name (builder, template_id);
  json_builder_begin_array (builder);
  for (guint i = 0; i < points->len; i++)
    {
      const ReframeScorePoint *point = g_ptr_array_index (points, i);
      g_autofree char         *time = g_date_time_format_iso8601 (point->when);

      json_builder_begin_object (builder);
      add_string (builder, "time", time);
      add_int (builder, "score", point->score);
      add_string (builder, "band", point->band);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static void
add_scores (JsonBuilder     *builder,
            ReframeInsights *self)
{
  g_autoptr (GPtrArray) others = g_ptr_array_new ();
  GHashTableIter iter;
  const char    *id;

  g_hash_table_iter_init (&iter, self->scores);
  while (g_hash_table_iter_next (&iter, (gpointer *) &id, NULL))
    if (!g_strv_contains (score_templates, id))
      g_ptr_array_add (others, (gpointer) id);
  /* The other questionnaires in a stable order. */
  g_ptr_array_sort (others, compare_ids);

  json_builder_set_member_name (builder, "scores");
  json_builder_begin_object (builder);
  for (guint i = 0; score_templates[i] != NULL; i++)
    add_score_points (
        builder, score_templates[i], reframe_insights_get_scores (self, score_templates[i]));
  for (guint i = 0; i < others->len; i++)
    add_score_points (builder,
                      g_ptr_array_index (others, i),
                      reframe_insights_get_scores (self, g_ptr_array_index (others, i)));
  json_builder_end_object (builder);
}

static void
add_homework (JsonBuilder     *builder,
              ReframeInsights *self)
{
  GArray *weeks = reframe_insights_get_homework_weeks (self);

  json_builder_set_member_name (builder, "homework_weeks");
  json_builder_begin_array (builder);
  for (guint i = 0; i < weeks->len; i++)
    {
      const ReframeHomeworkWeek *week = &g_array_index (weeks, ReframeHomeworkWeek, i);

      json_builder_begin_object (builder);
      add_day (builder, "week_start", &week->week_start);
      add_int (builder, "done", week->done);
      add_int (builder, "expected", week->expected);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/**
 * reframe_insights_to_json:
 *
 * Writes every figure: the period, days logged, mean mood, daily and rolling moods,
 * weekdays, feelings, activities with and without, sleep, questionnaire scores (always
 * "phq-9" and "gad-7", and any other scored questionnaire) and homework weeks.
 *
 * Returns: (transfer full): the document, pretty-printed
 */
char *
reframe_insights_to_json (ReframeInsights *self)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  add_day (builder, "from", reframe_insights_get_from (self));
  add_day (builder, "to", reframe_insights_get_to (self));
  json_builder_set_member_name (builder, "include_private");
  json_builder_add_boolean_value (builder, reframe_insights_get_include_private (self));
  add_int (builder, "days_in_period", reframe_insights_get_days_in_period (self));
  add_int (builder, "days_logged", reframe_insights_get_days_logged (self));
  add_int (builder, "entries", reframe_insights_get_n_entries (self));
  add_number (builder, "mean_mood", reframe_insights_get_mean_mood (self));
  add_int (builder, "min_days", REFRAME_INSIGHTS_MIN_DAYS);
  add_int (builder, "min_sleep_days", REFRAME_INSIGHTS_MIN_SLEEP_DAYS);
  add_days (builder, self);
  add_weekdays (builder, self);
  add_tags (builder, self);
  add_sleep (builder, self);
  add_scores (builder, self);
  add_homework (builder, self);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}
