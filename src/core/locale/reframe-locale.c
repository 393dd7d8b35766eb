/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-locale.c: one place where dates, times and numbers are written.
 *
 * Every page, the report and the CLI ask here, so that a German desktop reads
 * "14. März 2024" and "7,5" everywhere, an American one starts its weeks on Sunday, and
 * a translator translates each date format once. Formats go through the core's
 * gettext, so a report made in another language (ReframeL10nScope) follows it too.
 */

#define G_LOG_DOMAIN "ReframeLocale"

#include "config.h"

#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "reframe-i18n.h"
#include "reframe-locale.h"

/* Each style's format, translated once here; see g_date_time_format(). */
static const char *const formats[] = {
  /* Translators: a date, see g_date_time_format(): "14 March 2024" */
  /* xgettext:no-c-format */
  [REFRAME_DATE_FULL] = NC_ ("date format", "%-d %B %Y"),
  /* Translators: a date with its weekday, see g_date_time_format(): "Thursday 14 March 2024" */
  /* xgettext:no-c-format */
  [REFRAME_DATE_FULL_WEEKDAY] = NC_ ("date format", "%A %-d %B %Y"),
  /* Translators: a day this year, see g_date_time_format(): "Thursday 14 March" */
  /* xgettext:no-c-format */
  [REFRAME_DATE_DAY_MONTH_WEEKDAY] = NC_ ("date format", "%A %-d %B"),
  /* Translators: a short date, see g_date_time_format(): "14 Mar 2024" */
  /* xgettext:no-c-format */
  [REFRAME_DATE_ABBREVIATED] = NC_ ("date format", "%-d %b %Y"),
  /* Translators: a short date with its weekday, see g_date_time_format(): "Thu 14 Mar 2024" */
  /* xgettext:no-c-format */
  [REFRAME_DATE_ABBREVIATED_WEEKDAY] = NC_ ("date format", "%a %-d %b %Y"),
  /* Translators: a day of the week, see g_date_time_format(): "Thursday" */
  /* xgettext:no-c-format */
  [REFRAME_DATE_WEEKDAY] = NC_ ("date format", "%A"),
  /* Translators: a day of the week, short, see g_date_time_format(): "Thu" */
  /* xgettext:no-c-format */
  [REFRAME_DATE_WEEKDAY_SHORT] = NC_ ("date format", "%a"),
  /* Translators: a day on a chart's axis, see g_date_time_format(): "Thu 14" */
  /* xgettext:no-c-format */
  [REFRAME_DATE_WEEKDAY_DAY] = NC_ ("date format", "%a %-d"),
  /* Translators: a week's first day on a chart's axis, see g_date_time_format(): "14 Mar" */
  /* xgettext:no-c-format */
  [REFRAME_DATE_DAY_MONTH_SHORT] = NC_ ("date format", "%-d %b"),
  /* Translators: a month, see g_date_time_format(): "March" */
  /* xgettext:no-c-format */
  [REFRAME_DATE_MONTH] = NC_ ("date format", "%B"),
  /* Translators: a month, short, see g_date_time_format(): "Mar" */
  /* xgettext:no-c-format */
  [REFRAME_DATE_MONTH_SHORT] = NC_ ("date format", "%b"),
};

static const char *
get_format (ReframeDateStyle style)
{
  if ((guint) style >= G_N_ELEMENTS (formats))
    style = REFRAME_DATE_FULL;
  return g_dpgettext2 (GETTEXT_PACKAGE, "date format", formats[style]);
}

/**
 * reframe_locale_format_day:
 * @time: a time, written in its own time zone
 * @style: how
 *
 * Returns: (transfer full): the day of @time
 */
char *
reframe_locale_format_day (GDateTime       *time,
                           ReframeDateStyle style)
{
  char *text;

  g_return_val_if_fail (time != NULL, NULL);

  text = g_date_time_format (time, get_format (style));
  return text != NULL ? text : g_date_time_format (time, "%Y-%m-%d");
}

/**
 * reframe_locale_format_date:
 * @date: a valid day
 * @style: how
 *
 * Returns: (transfer full): @date written out
 */
char *
reframe_locale_format_date (const GDate     *date,
                            ReframeDateStyle style)
{
  g_autoptr (GDateTime) noon = NULL;

  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  noon = g_date_time_new_utc (
      g_date_get_year (date), g_date_get_month (date), g_date_get_day (date), 12, 0, 0);
  return reframe_locale_format_day (noon, style);
}

/* Whether the locale's own time format has a 12-hour clock ("%I:%M:%S %p"). */
static gboolean
uses_twelve_hours (void)
{
  const char *format = nl_langinfo (T_FMT);

  return format != NULL && (strstr (format, "%p") != NULL || strstr (format, "%r") != NULL ||
                            strstr (format, "%I") != NULL);
}

/**
 * reframe_locale_format_clock:
 * @time: a time
 *
 * Returns: (transfer full): the time of day, on the locale's clock: "20:15" or "8:15 PM"
 */
char *
reframe_locale_format_clock (GDateTime *time)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (time != NULL, NULL);

  /* xgettext:no-c-format */
  text = g_date_time_format (time, uses_twelve_hours () ? "%l:%M %p" : "%H:%M");
  return g_strdup (g_strstrip (text));
}

/**
 * reframe_locale_format_day_and_clock:
 * @time: a time
 * @style: how its day is written
 *
 * Returns: (transfer full): "Thu 14 Mar 2024, 20:15"
 */
char *
reframe_locale_format_day_and_clock (GDateTime       *time,
                                     ReframeDateStyle style)
{
  g_autofree char *day = NULL;
  g_autofree char *clock = NULL;

  g_return_val_if_fail (time != NULL, NULL);

  day = reframe_locale_format_day (time, style);
  clock = reframe_locale_format_clock (time);
  /* Translators: a day ("Thu 14 Mar 2024") and a time ("20:15") */
  return g_strdup_printf (C_ ("date and time", "%s, %s"), day, clock);
}

/**
 * reframe_locale_format_decimal:
 * @value: a number
 * @digits: digits after the decimal separator
 *
 * Returns: (transfer full): @value with the locale's decimal separator: "7.5", "7,5"
 */
char *
reframe_locale_format_decimal (double value,
                               guint  digits)
{
  return g_strdup_printf ("%.*f", (int) MIN (digits, 9), value);
}

/**
 * reframe_locale_get_first_weekday:
 *
 * The C locale has no country; its weeks start on Monday, as ISO 8601's do.
 *
 * Returns: the day weeks start on where the person lives
 */
GDateWeekday
reframe_locale_get_first_weekday (void)
{
#if defined(__GLIBC__)
  static GMutex       lock;
  static char        *cached_name;
  static GDateWeekday cached = G_DATE_BAD_WEEKDAY;
  const char         *name = setlocale (LC_TIME, NULL);
  GDateWeekday        first = G_DATE_MONDAY;

  if (name == NULL || g_str_equal (name, "C") || g_str_equal (name, "POSIX") ||
      g_str_has_prefix (name, "C."))
    return G_DATE_MONDAY;

  g_mutex_lock (&lock);
  if (cached == G_DATE_BAD_WEEKDAY || g_strcmp0 (cached_name, name) != 0)
    {
      /* The process's locale, not this thread's: a report in another language keeps
       * the weeks of where the person lives. */
      locale_t global = duplocale (LC_GLOBAL_LOCALE);

      if (global != (locale_t) 0)
        {
          union
          {
            const char *string;
            guint       word;
          } origin, nth;
          guint sunday_based;

          /* The week begins on the "first weekday"-th day counted from the day
           * _NL_TIME_WEEK_1STDAY names (19971130 a Sunday, 19971201 a Monday). */
          origin.string = nl_langinfo_l (_NL_TIME_WEEK_1STDAY, global);
          nth.string = nl_langinfo_l (_NL_TIME_FIRST_WEEKDAY, global);
          sunday_based = ((origin.word == 19971201 ? 1 : 0) + (guint) nth.string[0] - 1) % 7;
          first = sunday_based == 0 ? G_DATE_SUNDAY : (GDateWeekday) sunday_based;
          freelocale (global);
        }
      g_free (cached_name);
      cached_name = g_strdup (name);
      cached = first;
    }
  first = cached;
  g_mutex_unlock (&lock);
  return first;
#else
  return G_DATE_MONDAY;
#endif
}

/**
 * reframe_locale_get_week_start:
 * @day: any day
 * @week_start: (out caller-allocates): the first day of its week
 */
void
reframe_locale_get_week_start (const GDate *day,
                               GDate       *week_start)
{
  GDateWeekday first = reframe_locale_get_first_weekday ();

  g_return_if_fail (day != NULL && g_date_valid (day));
  g_return_if_fail (week_start != NULL);

  *week_start = *day;
  g_date_subtract_days (week_start, (g_date_get_weekday (day) - first + 7) % 7);
}
