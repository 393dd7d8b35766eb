/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-cli-insights.c: `reframe insights`, the statistics of the Insights page for
 * a period (the last 30 days unless told), as a short summary or as JSON for scripts.
 *
 * Private entries and questionnaires count only with --with-private. Every argument
 * is checked before the journal is opened, so bad input never creates or changes a
 * file. Exit status: 0 done, 1 the journal failed, 2 bad usage.
 */

#define G_LOG_DOMAIN "ReframeCliInsights"

#include "config.h"

#include "reframe-i18n.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "reframe-cli-private.h"
#include "reframe-homework.h"
#include "reframe-insights.h"
#include "reframe-store.h"

#define EXIT_USAGE     2
#define DEFAULT_DAYS   30
#define SHOWN_FEELINGS 5
#define SHOWN_FACTORS  5

static const char *const weekday_names[] = {
  [G_DATE_MONDAY] = N_ ("Monday"),
  [G_DATE_TUESDAY] = N_ ("Tuesday"),
  [G_DATE_WEDNESDAY] = N_ ("Wednesday"),
  [G_DATE_THURSDAY] = N_ ("Thursday"),
  [G_DATE_FRIDAY] = N_ ("Friday"),
  [G_DATE_SATURDAY] = N_ ("Saturday"),
  [G_DATE_SUNDAY] = N_ ("Sunday"),
};

static int
usage_error (const char *message)
{
  g_printerr ("reframe insights: %s\n", message);
  g_printerr ("%s\n", _ ("Run “reframe insights --help” to see its options."));
  return EXIT_USAGE;
}

static gboolean
parse_day (const char *text,
           GDate      *day)
{
  guint year = 0, month = 0, mday = 0;
  char  tail = 0;

  g_date_clear (day, 1);
  if (strlen (text) != 10 || sscanf (text, "%4u-%2u-%2u%c", &year, &month, &mday, &tail) != 3 ||
      !g_date_valid_dmy (mday, month, year))
    return FALSE;
  g_date_set_dmy (day, mday, month, year);
  return TRUE;
}

static char *
format_day (const GDate *day)
{
  return g_strdup_printf (
      "%04u-%02u-%02u", g_date_get_year (day), g_date_get_month (day), g_date_get_day (day));
}

/* The period asked for: a missing end is today, a missing start the 30 days up to
 * the end. Sets @message when a date is not one or the period runs backwards. Also
 * for `reframe toolbox proposals`. */
gboolean
_reframe_cli_parse_period (const char *from_text,
                           const char *to_text,
                           GDate      *from,
                           GDate      *to,
                           char      **message)
{
  const char *bad = NULL;

  if (to_text != NULL && !parse_day (to_text, to))
    bad = to_text;
  else if (to_text == NULL)
    reframe_homework_get_today (to);
  if (bad == NULL && from_text != NULL && !parse_day (from_text, from))
    bad = from_text;
  else if (bad == NULL && from_text == NULL)
    {
      *from = *to;
      g_date_subtract_days (from, MIN (DEFAULT_DAYS - 1, g_date_get_julian (to) - 1));
    }
  if (bad != NULL)
    {
      *message = g_strdup_printf (
          _ ("“%s” is not a date; write it as YYYY-MM-DD, for example 2026-03-14."), bad);
      return FALSE;
    }
  if (g_date_compare (from, to) > 0)
    {
      *message =
          g_strdup (_ ("The period ends before it starts; give a --to on or after the --from."));
      return FALSE;
    }
  return TRUE;
}

/* A count of days in words, "12 days", for a sentence with two counts. */
static char *
format_days (guint n)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u day", "%u days", n), n);
}

static void
print_weekdays (ReframeInsights *insights)
{
  GDateWeekday     best = G_DATE_BAD_WEEKDAY, worst = G_DATE_BAD_WEEKDAY;
  guint            best_days = 0, worst_days = 0;
  g_autofree char *best_count = NULL;
  g_autofree char *worst_count = NULL;

  for (GDateWeekday weekday = G_DATE_MONDAY; weekday <= G_DATE_SUNDAY; weekday++)
    {
      guint  n_days;
      double mean = reframe_insights_get_weekday_mean (insights, weekday, &n_days);

      if (isnan (mean))
        continue;
      if (best == G_DATE_BAD_WEEKDAY ||
          mean > reframe_insights_get_weekday_mean (insights, best, NULL))
        {
          best = weekday;
          best_days = n_days;
        }
      if (worst == G_DATE_BAD_WEEKDAY ||
          mean < reframe_insights_get_weekday_mean (insights, worst, NULL))
        {
          worst = weekday;
          worst_days = n_days;
        }
    }
  if (best == G_DATE_BAD_WEEKDAY || best == worst)
    return;
  best_count = format_days (best_days);
  worst_count = format_days (worst_days);
  /* Translators: weekdays with their mean mood; each %s after "over" is a count of
   * days, as in "Best day of the week: Saturday (3.90 over 12 days); hardest: …" */
  g_print (_ ("Best day of the week: %s (%.2f over %s); hardest: %s (%.2f over %s)\n"),
           _ (weekday_names[best]),
           reframe_insights_get_weekday_mean (insights, best, NULL),
           best_count,
           _ (weekday_names[worst]),
           reframe_insights_get_weekday_mean (insights, worst, NULL),
           worst_count);
}

static void
print_feelings (ReframeInsights *insights)
{
  GPtrArray *feelings = reframe_insights_get_feelings (insights);
  g_autoptr (GString) line = g_string_new (NULL);

  if (feelings->len == 0)
    return;
  for (guint i = 0; i < MIN (SHOWN_FEELINGS, feelings->len); i++)
    {
      const ReframeFeelingCount *feeling = g_ptr_array_index (feelings, i);

      g_string_append_printf (line, "%s%s %u", i > 0 ? ", " : "", feeling->label, feeling->count);
    }
  g_print (_ ("Most felt: %s\n"), line->str);
}

static void
print_factors (ReframeInsights *insights)
{
  GPtrArray *factors = reframe_insights_get_factors (insights);

  if (factors->len == 0)
    return;
  g_print ("%s\n", _ ("Mean mood on days with and without an activity:"));
  for (guint i = 0; i < MIN (SHOWN_FACTORS, factors->len); i++)
    {
      const ReframeFactorImpact *factor = g_ptr_array_index (factors, i);

      if (factor->enough_data)
        {
          g_autofree char *with = format_days (factor->days_with);
          g_autofree char *without = format_days (factor->days_without);

          /* Translators: an activity, its mean mood on a count of days with it (the
           * first %s, as in "12 days"), then without it: "  walk: 3.90 on 12 days with
           * it, 2.80 on 30 days without" */
          g_print (_ ("  %s: %.2f on %s with it, %.2f on %s without\n"),
                   factor->label,
                   factor->mean_with,
                   with,
                   factor->mean_without,
                   without);
        }
      else
        g_print (_ ("  %s: too few days to compare (%u with it, %u without; %u each needed)\n"),
                 factor->label,
                 factor->days_with,
                 factor->days_without,
                 REFRAME_INSIGHTS_MIN_DAYS);
    }
}

static void
print_sleep (ReframeInsights *insights)
{
  ReframeSleepCorrelation sleep = reframe_insights_get_sleep (insights);

  if (sleep.enough_data)
    g_print (g_dngettext (GETTEXT_PACKAGE,
                          "Sleep and mood: correlation %.2f over %u day\n",
                          "Sleep and mood: correlation %.2f over %u days\n",
                          sleep.n),
             sleep.r,
             sleep.n);
  else
    g_print (_ ("Sleep and mood: too few days with both to say (%u; %u needed)\n"),
             sleep.n,
             REFRAME_INSIGHTS_MIN_SLEEP_DAYS);
}

static void
print_scores (ReframeInsights *insights,
              const char      *template_id,
              const char      *title)
{
  GPtrArray               *points = reframe_insights_get_scores (insights, template_id);
  const ReframeScorePoint *last;
  g_autofree char         *when = NULL;

  if (points->len == 0)
    return;
  last = g_ptr_array_index (points, points->len - 1);
  when = g_date_time_format (last->when, "%Y-%m-%d");
  g_print (g_dngettext (GETTEXT_PACKAGE,
                        "%s: %u result; the last %d (%s) on %s\n",
                        "%s: %u results; the last %d (%s) on %s\n",
                        points->len),
           title,
           points->len,
           last->score,
           last->band ? last->band : "—",
           when);
}

static void
print_homework (ReframeInsights *insights)
{
  GArray *weeks = reframe_insights_get_homework_weeks (insights);
  guint   done = 0, expected = 0;

  for (guint i = 0; i < weeks->len; i++)
    {
      done += g_array_index (weeks, ReframeHomeworkWeek, i).done;
      expected += g_array_index (weeks, ReframeHomeworkWeek, i).expected;
    }
  if (weeks->len > 0)
    g_print (g_dngettext (GETTEXT_PACKAGE,
                          "Homework: done %u of %u over %u week\n",
                          "Homework: done %u of %u over %u weeks\n",
                          weeks->len),
             done,
             expected,
             weeks->len);
}

static void
print_text (ReframeInsights *insights)
{
  g_autofree char *from = format_day (reframe_insights_get_from (insights));
  g_autofree char *to = format_day (reframe_insights_get_to (insights));
  guint            days = reframe_insights_get_days_in_period (insights);

  g_print (_ ("Insights from %s to %s\n"), from, to);
  g_print (_ ("Days logged: %u of %u\n"), reframe_insights_get_days_logged (insights), days);
  if (reframe_insights_get_days_logged (insights) == 0)
    {
      g_print ("%s\n", _ ("No entries in this period."));
      return;
    }
  g_print (g_dngettext (GETTEXT_PACKAGE,
                        "Mean mood: %.2f of 5 over %u entry\n",
                        "Mean mood: %.2f of 5 over %u entries\n",
                        reframe_insights_get_n_entries (insights)),
           reframe_insights_get_mean_mood (insights),
           reframe_insights_get_n_entries (insights));
  print_weekdays (insights);
  print_feelings (insights);
  print_factors (insights);
  print_sleep (insights);
  print_scores (insights, "phq-9", _ ("PHQ-9"));
  print_scores (insights, "gad-7", _ ("GAD-7"));
  print_homework (insights);
}

int
_reframe_cli_run_insights (int    argc,
                           char **argv)
{
  g_autofree char *data_dir = NULL, *from_text = NULL, *to_text = NULL, *message = NULL;
  gboolean         json = FALSE, with_private = FALSE;
  GOptionEntry     entries[] = {
        { "from",
          0,
          0,
          G_OPTION_ARG_STRING,
          &from_text,
          N_ ("First day, YYYY-MM-DD (default: 30 days before the last)"),
          "DATE" },
        { "to",
          0,
          0,
          G_OPTION_ARG_STRING,
          &to_text,
          N_ ("Last day, YYYY-MM-DD (default: today)"),
          "DATE" },
        { "with-private",
          0,
          0,
          G_OPTION_ARG_NONE,
          &with_private,
          N_ ("Count private entries and questionnaires too"),
          NULL },
        { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print JSON"), NULL },
        { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, N_ ("Folder of the journal"), "DIR" },
        { NULL }
  };
  g_autoptr (GOptionContext) context = _reframe_cli_option_context_new (NULL);
  g_autoptr (ReframeStore) store = NULL;
  g_autoptr (ReframeInsights) insights = NULL;
  g_autoptr (GError) error = NULL;
  GDate from, to;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      _reframe_cli_explain_option_error (error, argc, argv);
      return usage_error (error->message);
    }
  if (argc > 1)
    return usage_error (_ ("Unexpected argument."));
  if (!_reframe_cli_parse_period (from_text, to_text, &from, &to, &message))
    return usage_error (message);

  if ((store = reframe_store_open (data_dir, &error)) == NULL ||
      (insights = reframe_insights_compute (store, &from, &to, with_private, NULL, &error)) == NULL)
    {
      g_printerr ("reframe: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (json)
    {
      g_autofree char *text = reframe_insights_to_json (insights);

      g_print ("%s\n", text);
    }
  else
    print_text (insights);
  return EXIT_SUCCESS;
}
