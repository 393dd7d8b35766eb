/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-chart-summary.c: what each chart shows, in one plain paragraph.
 *
 * The summary is the chart's accessible description on screen and its caption in the
 * report, so it carries the chart's figures in words, with how much data each rests on.
 * Every sentence is one format string for the translators; numbers have one decimal,
 * as the charts show them.
 */

#define G_LOG_DOMAIN "ReframeChart"

#include "config.h"

#include "reframe-i18n.h"

#include "reframe-chart-private.h"
#include "reframe-locale.h"

/* |r| below each of these is called no, a weak, a moderate link; above the last, strong. */
#define SLEEP_LINK_NONE     0.1
#define SLEEP_LINK_WEAK     0.3
#define SLEEP_LINK_MODERATE 0.5

/* Factors told one by one in the summary; the rest are counted. */
#define SUMMARY_FACTORS 3

/* Months with fewer logged days are left out of the best and hardest month. */
#define MONTH_MIN_DAYS 5

static const char *const mood_words[] = {
  NULL,
  /* Translators: a mood in a sentence: "Your mood averaged 1.2 (awful)" */
  NC_ ("mood in a sentence", "awful"),
  NC_ ("mood in a sentence", "bad"),
  NC_ ("mood in a sentence", "okay"),
  NC_ ("mood in a sentence", "good"),
  NC_ ("mood in a sentence", "great"),
};

const char *
_reframe_chart_mood_word (ReframeMood mood)
{
  if (mood < REFRAME_MOOD_MIN || mood > REFRAME_MOOD_MAX)
    return "";
  return g_dpgettext2 (GETTEXT_PACKAGE, "mood in a sentence", mood_words[mood]);
}

/* The local calendar day of @time. */
void
_reframe_chart_date_from_time (GDateTime *time,
                               GDate     *date)
{
  g_autoptr (GDateTime) local = g_date_time_to_local (time);
  int year, month, day;

  g_date_time_get_ymd (local, &year, &month, &day);
  g_date_clear (date, 1);
  g_date_set_dmy (date, day, month, year);
}

static char *
format_day (GDateTime *time)
{
  g_autoptr (GDateTime) local = g_date_time_to_local (time);

  return reframe_locale_format_day (local, REFRAME_DATE_FULL);
}

static char *
join_sentences (GPtrArray *sentences)
{
  g_ptr_array_add (sentences, NULL);
  return g_strjoinv (" ", (char **) sentences->pdata);
}

/* Mood line */

/**
 * reframe_chart_describe_mood_line:
 *
 * Returns: (transfer full): the mood line in words: the mean mood, how many days it
 *   rests on, and where the 7-day average went
 */
char *
reframe_chart_describe_mood_line (ReframeInsights *insights)
{
  g_autoptr (GPtrArray) sentences = g_ptr_array_new_with_free_func (g_free);
  guint   days = reframe_insights_get_days_in_period (insights);
  guint   logged = reframe_insights_get_days_logged (insights);
  double  mean = reframe_insights_get_mean_mood (insights);
  GArray *rolling = reframe_insights_get_rolling (insights);

  g_return_val_if_fail (insights != NULL, NULL);

  if (logged == 0 || isnan (mean))
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "No mood was logged on the %u day of this period.",
                                         "No mood was logged on any of the %u days of this period.",
                                         days),
                            days);

  g_ptr_array_add (
      sentences,
      g_strdup_printf (
          g_dngettext (GETTEXT_PACKAGE,
                       "Your mood averaged %.1f (%s) over %u day, logged on %u of them.",
                       "Your mood averaged %.1f (%s) over %u days, logged on %u of them.",
                       days),
          mean,
          _reframe_chart_mood_word (_reframe_chart_mood_level (mean)),
          days,
          logged));
  if (rolling->len >= 2)
    {
      double first = round (g_array_index (rolling, ReframeRollingMood, 0).mean * 10) / 10;
      double last =
          round (g_array_index (rolling, ReframeRollingMood, rolling->len - 1).mean * 10) / 10;

      if (fabs (last - first) < 0.05)
        g_ptr_array_add (sentences,
                         g_strdup_printf (_ ("The 7-day average stayed at about %.1f."), last));
      else if (last > first)
        g_ptr_array_add (
            sentences,
            g_strdup_printf (_ ("The 7-day average rose from %.1f to %.1f."), first, last));
      else
        g_ptr_array_add (
            sentences,
            g_strdup_printf (_ ("The 7-day average fell from %.1f to %.1f."), first, last));
    }
  return join_sentences (sentences);
}

/* Year calendar */

typedef struct
{
  guint  by_level[REFRAME_MOOD_MAX + 1];
  double month_sum[13];
  guint  month_days[13];
  guint  logged;
} YearCounts;

static void
count_year (ReframeInsights *insights,
            int              year,
            YearCounts      *counts)
{
  GArray *daily = reframe_insights_get_daily (insights);

  memset (counts, 0, sizeof *counts);
  for (guint i = 0; i < daily->len; i++)
    {
      const ReframeDailyMood *day = &g_array_index (daily, ReframeDailyMood, i);
      GDateMonth              month;

      if (g_date_get_year (&day->day) != year || isnan (day->mean))
        continue;
      month = g_date_get_month (&day->day);
      counts->by_level[_reframe_chart_mood_level (day->mean)]++;
      counts->month_sum[month] += day->mean;
      counts->month_days[month]++;
      counts->logged++;
    }
}

static char *
format_month (int        year,
              GDateMonth month)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, month, year);
  if (!g_date_valid (&date))
    return g_strdup_printf ("%d", month);
  return reframe_locale_format_date (&date, REFRAME_DATE_MONTH);
}

/* "The month with the highest average was May (3.9); the lowest, February (2.8)." */
static char *
describe_months (const YearCounts *counts,
                 int               year)
{
  GDateMonth best = G_DATE_BAD_MONTH, worst = G_DATE_BAD_MONTH;
  double     best_mean = -1, worst_mean = 99;

  for (GDateMonth month = G_DATE_JANUARY; month <= G_DATE_DECEMBER; month++)
    {
      double mean;

      if (counts->month_days[month] < MONTH_MIN_DAYS)
        continue;
      mean = counts->month_sum[month] / counts->month_days[month];
      if (mean > best_mean)
        best_mean = mean, best = month;
      if (mean < worst_mean)
        worst_mean = mean, worst = month;
    }
  if (best == G_DATE_BAD_MONTH || best == worst ||
      round (best_mean * 10) == round (worst_mean * 10))
    return NULL;

  {
    g_autofree char *best_name = format_month (year, best);
    g_autofree char *worst_name = format_month (year, worst);

    return g_strdup_printf (
        _ ("The month with the highest average was %s (%.1f); the lowest, %s (%.1f)."),
        best_name,
        best_mean,
        worst_name,
        worst_mean);
  }
}

/**
 * reframe_chart_describe_year_calendar:
 * @year: the calendar year the chart shows
 *
 * Returns: (transfer full): the calendar in words: days logged in @year, how many of
 *   them each mood was, and the months with the highest and lowest average
 */
char *
reframe_chart_describe_year_calendar (ReframeInsights *insights,
                                      int              year)
{
  g_autoptr (GPtrArray) sentences = g_ptr_array_new_with_free_func (g_free);
  YearCounts counts;
  char      *months;

  g_return_val_if_fail (insights != NULL, NULL);

  count_year (insights, year, &counts);
  if (counts.logged == 0)
    return g_strdup_printf (_ ("No mood was logged in %d in this period."), year);

  g_ptr_array_add (sentences,
                   g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "In %d your mood was logged on %u day.",
                                                 "In %d your mood was logged on %u days.",
                                                 counts.logged),
                                    year,
                                    counts.logged));
  /* Translators: days of the year counted by their mean mood */
  g_ptr_array_add (
      sentences,
      g_strdup_printf (_ ("By their average: %u great, %u good, %u okay, %u bad and %u awful."),
                       counts.by_level[REFRAME_MOOD_GREAT],
                       counts.by_level[REFRAME_MOOD_GOOD],
                       counts.by_level[REFRAME_MOOD_OKAY],
                       counts.by_level[REFRAME_MOOD_BAD],
                       counts.by_level[REFRAME_MOOD_AWFUL]));
  if ((months = describe_months (&counts, year)) != NULL)
    g_ptr_array_add (sentences, months);
  return join_sentences (sentences);
}

/* Factors */

static const char *
factor_name (const ReframeFactorImpact *factor)
{
  return factor->label != NULL ? factor->label : factor->tag;
}

/**
 * reframe_chart_describe_factor:
 *
 * Returns: (transfer full): one finding: "On days with exercise your mood was 0.6
 *   higher on average (18 days with, 52 without).", or that there is not enough data yet
 */
char *
reframe_chart_describe_factor (const ReframeFactorImpact *factor)
{
  g_autofree char *with = NULL;
  g_autofree char *without = NULL;
  double           difference;

  g_return_val_if_fail (factor != NULL, NULL);

  /* Translators: part of a finding: "(18 days with, 52 without)" */
  with = g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE, "%u day with", "%u days with", factor->days_with),
      factor->days_with);
  /* Translators: part of a finding: "(18 days with, 52 without)" */
  without = g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE, "%u without", "%u without", factor->days_without),
      factor->days_without);

  if (!factor->enough_data)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Not enough data yet about %s (%s, %s): a comparison "
                                         "needs at least %u day on each side.",
                                         "Not enough data yet about %s (%s, %s): a comparison "
                                         "needs at least %u days on each side.",
                                         REFRAME_INSIGHTS_MIN_DAYS),
                            factor_name (factor),
                            with,
                            without,
                            REFRAME_INSIGHTS_MIN_DAYS);

  difference = factor->mean_with - factor->mean_without;
  if (fabs (difference) < 0.05)
    return g_strdup_printf (
        _ ("On days with %s your mood was about the same as without it (%s, %s)."),
        factor_name (factor),
        with,
        without);
  if (difference > 0)
    return g_strdup_printf (_ ("On days with %s your mood was %.1f higher on average (%s, %s)."),
                            factor_name (factor),
                            difference,
                            with,
                            without);
  return g_strdup_printf (_ ("On days with %s your mood was %.1f lower on average (%s, %s)."),
                          factor_name (factor),
                          -difference,
                          with,
                          without);
}

/**
 * reframe_chart_describe_factor_bars:
 *
 * Returns: (transfer full): the factor bars in words: the largest differences one by
 *   one, and how many activities have enough data and how many not yet
 */
char *
reframe_chart_describe_factor_bars (ReframeInsights *insights)
{
  g_autoptr (GPtrArray) sentences = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *factors;
  guint      enough = 0, told = 0;

  g_return_val_if_fail (insights != NULL, NULL);

  factors = reframe_insights_get_factors (insights);
  if (factors->len == 0)
    return g_strdup (
        _ ("No activities were logged in this period, so there is nothing to compare yet."));

  for (guint i = 0; i < factors->len; i++)
    {
      const ReframeFactorImpact *factor = g_ptr_array_index (factors, i);

      if (!factor->enough_data)
        continue;
      enough++;
      if (told++ < SUMMARY_FACTORS)
        g_ptr_array_add (sentences, reframe_chart_describe_factor (factor));
    }
  if (enough > SUMMARY_FACTORS)
    g_ptr_array_add (
        sentences,
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "%u more activity has enough days to compare.",
                                      "%u more activities have enough days to compare.",
                                      enough - SUMMARY_FACTORS),
                         enough - SUMMARY_FACTORS));
  if (factors->len > enough)
    g_ptr_array_add (
        sentences,
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "%u activity does not have enough days yet: a comparison "
                                      "needs at least %u days with it and %u without.",
                                      "%u activities do not have enough days yet: a comparison "
                                      "needs at least %u days with them and %u without.",
                                      factors->len - enough),
                         factors->len - enough,
                         REFRAME_INSIGHTS_MIN_DAYS,
                         REFRAME_INSIGHTS_MIN_DAYS));
  if (enough > 0)
    g_ptr_array_add (
        sentences,
        g_strdup (_ ("These are things that went together, not proof of what causes what.")));
  return join_sentences (sentences);
}

/* Sleep and homework, for the findings */

/**
 * reframe_chart_describe_sleep:
 *
 * Returns: (transfer full): how hours slept went with mood, in words, with the number
 *   of nights it rests on, or that there is not enough data yet
 */
char *
reframe_chart_describe_sleep (ReframeSleepCorrelation sleep)
{
  double strength = fabs (sleep.r);

  if (!sleep.enough_data || isnan (sleep.r))
    return g_strdup_printf (
        g_dngettext (
            GETTEXT_PACKAGE,
            "Not enough data yet about sleep: %u night logged; a pattern needs at least %u.",
            "Not enough data yet about sleep: %u nights logged; a pattern needs at least %u.",
            sleep.n),
        sleep.n,
        REFRAME_INSIGHTS_MIN_SLEEP_DAYS);

  if (strength < SLEEP_LINK_NONE)
    return g_strdup_printf (
        g_dngettext (GETTEXT_PACKAGE,
                     "Over %u night, hours slept and mood showed no clear link (r = %.2f).",
                     "Over %u nights, hours slept and mood showed no clear link (r = %.2f).",
                     sleep.n),
        sleep.n,
        sleep.r);
  if (sleep.r > 0)
    {
      if (strength < SLEEP_LINK_WEAK)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Over %u night, more sleep went a little with a "
                                             "better mood: a weak link (r = %.2f).",
                                             "Over %u nights, more sleep went a little with a "
                                             "better mood: a weak link (r = %.2f).",
                                             sleep.n),
                                sleep.n,
                                sleep.r);
      if (strength < SLEEP_LINK_MODERATE)
        return g_strdup_printf (
            g_dngettext (
                GETTEXT_PACKAGE,
                "Over %u night, more sleep went with a better mood: a moderate link (r = %.2f).",
                "Over %u nights, more sleep went with a better mood: a moderate link (r = %.2f).",
                sleep.n),
            sleep.n,
            sleep.r);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Over %u night, more sleep went clearly with a better "
                                           "mood: a strong link (r = %.2f).",
                                           "Over %u nights, more sleep went clearly with a better "
                                           "mood: a strong link (r = %.2f).",
                                           sleep.n),
                              sleep.n,
                              sleep.r);
    }
  if (strength < SLEEP_LINK_WEAK)
    return g_strdup_printf (
        g_dngettext (
            GETTEXT_PACKAGE,
            "Over %u night, more sleep went a little with a lower mood: a weak link (r = %.2f).",
            "Over %u nights, more sleep went a little with a lower mood: a weak link (r = %.2f).",
            sleep.n),
        sleep.n,
        sleep.r);
  if (strength < SLEEP_LINK_MODERATE)
    return g_strdup_printf (
        g_dngettext (
            GETTEXT_PACKAGE,
            "Over %u night, more sleep went with a lower mood: a moderate link (r = %.2f).",
            "Over %u nights, more sleep went with a lower mood: a moderate link (r = %.2f).",
            sleep.n),
        sleep.n,
        sleep.r);
  return g_strdup_printf (
      g_dngettext (
          GETTEXT_PACKAGE,
          "Over %u night, more sleep went clearly with a lower mood: a strong link (r = %.2f).",
          "Over %u nights, more sleep went clearly with a lower mood: a strong link (r = %.2f).",
          sleep.n),
      sleep.n,
      sleep.r);
}

/**
 * reframe_chart_describe_homework:
 *
 * Returns: (transfer full) (nullable): how homework went in the period, or %NULL when
 *   nothing was assigned
 */
char *
reframe_chart_describe_homework (ReframeInsights *insights)
{
  GArray *weeks;
  guint   done = 0, expected = 0;

  g_return_val_if_fail (insights != NULL, NULL);

  weeks = reframe_insights_get_homework_weeks (insights);
  for (guint i = 0; weeks != NULL && i < weeks->len; i++)
    {
      done += g_array_index (weeks, ReframeHomeworkWeek, i).done;
      expected += g_array_index (weeks, ReframeHomeworkWeek, i).expected;
    }
  if (expected == 0)
    return NULL;
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Homework: %u of %u planned exercise done in this period.",
                                       "Homework: %u of %u planned exercises done in this period.",
                                       expected),
                          done,
                          expected);
}

/* Score trend */

static const char *
band_label (ReframeTemplate *template,
            const ReframeScorePoint *point)
{
  const ReframeTemplateBand *band =
      template != NULL ? reframe_template_lookup_band (template, point->score) : NULL;

  if (band != NULL)
    return band->label;
  return point->band != NULL ? point->band : "";
}

static char *
describe_change (int first,
                 int latest)
{
  if (latest == first)
    return g_strdup (_ ("That is the same score."));
  if (latest < first)
    return g_strdup_printf (
        g_dngettext (
            GETTEXT_PACKAGE, "That is %d point lower.", "That is %d points lower.", first - latest),
        first - latest);
  return g_strdup_printf (
      g_dngettext (
          GETTEXT_PACKAGE, "That is %d point higher.", "That is %d points higher.", latest - first),
      latest - first);
}

/**
 * reframe_chart_describe_score_trend:
 * @template_id: the questionnaire, such as "phq-9"
 * @template: (nullable): its template, for its title and band names
 *
 * Returns: (transfer full): the scores in words: how often the questionnaire was
 *   filled in, the first and the latest score with their bands, and the change
 */
char *
reframe_chart_describe_score_trend (ReframeInsights *insights,
                                    const char      *template_id,
                                    ReframeTemplate *template)
{
  g_autoptr (GPtrArray) sentences = g_ptr_array_new_with_free_func (g_free);
  GPtrArray               *scores;
  const char              *title;
  const ReframeScorePoint *first, *latest;
  g_autofree char         *first_day = NULL;
  g_autofree char         *latest_day = NULL;

  g_return_val_if_fail (insights != NULL, NULL);
  g_return_val_if_fail (template_id != NULL, NULL);

  title = template != NULL ? reframe_template_get_title (template) : template_id;
  scores = reframe_insights_get_scores (insights, template_id);
  if (scores == NULL || scores->len == 0)
    return g_strdup_printf (_ ("No %s scores in this period yet."), title);

  first = g_ptr_array_index (scores, 0);
  latest = g_ptr_array_index (scores, scores->len - 1);
  first_day = format_day (first->when);
  if (scores->len == 1)
    return g_strdup_printf (_ ("%s was filled in once in this period, on %s: a score of %d (%s)."),
                            title,
                            first_day,
                            first->score,
                            band_label (template, first));

  latest_day = format_day (latest->when);
  g_ptr_array_add (sentences,
                   g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "%s was filled in %u time in this period.",
                                                 "%s was filled in %u times in this period.",
                                                 scores->len),
                                    title,
                                    scores->len));
  g_ptr_array_add (
      sentences,
      g_strdup_printf (_ ("The first score, on %s, was %d (%s); the latest, on %s, was %d (%s)."),
                       first_day,
                       first->score,
                       band_label (template, first),
                       latest_day,
                       latest->score,
                       band_label (template, latest)));
  g_ptr_array_add (sentences, describe_change (first->score, latest->score));
  return join_sentences (sentences);
}
