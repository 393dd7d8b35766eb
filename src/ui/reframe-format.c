/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-format.c: how days, times, sleep and search snippets read on screen. */

#define G_LOG_DOMAIN "ReframeFormat"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "reframe-format.h"
#include "reframe-mood-repository.h"
#include "reframe-locale.h"

static int
days_ago (GDateTime *date)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  GDate today;
  GDate day;

  g_date_clear (&today, 1);
  g_date_clear (&day, 1);
  g_date_set_dmy (&today,
                  g_date_time_get_day_of_month (now),
                  g_date_time_get_month (now),
                  g_date_time_get_year (now));
  g_date_set_dmy (&day,
                  g_date_time_get_day_of_month (date),
                  g_date_time_get_month (date),
                  g_date_time_get_year (date));

  return g_date_days_between (&day, &today);
}

static char *
format_day (GDateTime *date)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  int ago = days_ago (date);

  if (ago == 0)
    return g_strdup (_ ("Today"));
  if (ago == 1)
    return g_strdup (_ ("Yesterday"));

  if (g_date_time_get_year (date) == g_date_time_get_year (now))
    return reframe_locale_format_day (date, REFRAME_DATE_DAY_MONTH_WEEKDAY);

  return reframe_locale_format_day (date, REFRAME_DATE_FULL_WEEKDAY);
}

/**
 * reframe_format_day_heading:
 * @day: a day as "YYYY-MM-DD"
 *
 * Returns: (transfer full): "Today", "Yesterday" or the written-out date
 */
char *
reframe_format_day_heading (const char *day)
{
  g_autoptr (GDateTime) date = NULL;
  int year = 0;
  int month = 0;
  int mday = 0;

  g_return_val_if_fail (day != NULL, NULL);

  if (sscanf (day, "%d-%d-%d", &year, &month, &mday) != 3)
    return g_strdup (day);

  date = g_date_time_new_local (year, month, mday, 12, 0, 0);
  if (date == NULL)
    return g_strdup (day);

  return format_day (date);
}

/**
 * reframe_format_day:
 * @time: a local time
 *
 * Returns: (transfer full): its day as the journal's headings say it: "Today",
 *   "Yesterday", "Monday 24 November" or, in another year, with the year
 */
char *
reframe_format_day (GDateTime *time)
{
  g_return_val_if_fail (time != NULL, NULL);

  return format_day (time);
}

/**
 * reframe_format_time:
 * @time: a local time
 *
 * Returns: (transfer full): the time of day, as the translation says clocks read
 */
char *
reframe_format_time (GDateTime *time)
{
  g_return_val_if_fail (time != NULL, NULL);

  return reframe_locale_format_clock (time);
}

/**
 * reframe_format_date_time:
 * @time: a local time
 *
 * Returns: (transfer full): "Today, 20:15" or "Monday 24 November, 20:15"
 */
char *
reframe_format_date_time (GDateTime *time)
{
  g_autofree char *day = NULL;
  g_autofree char *clock = NULL;

  g_return_val_if_fail (time != NULL, NULL);

  day = format_day (time);
  clock = reframe_format_time (time);

  /* Translators: a day ("Today", "Monday 24 November") and a time ("20:15") */
  return g_strdup_printf (_ ("%s, %s"), day, clock);
}

/**
 * reframe_format_sleep:
 * @hours: hours slept
 *
 * Returns: (transfer full): "7.5 h sleep"
 */
char *
reframe_format_sleep (double hours)
{
  /* Translators: hours slept, shown on an entry; %g is a number such as 7.5 */
  return g_strdup_printf (_ ("%g h sleep"), hours);
}

static void
append_escaped (GString    *markup,
                const char *text,
                gsize       len)
{
  g_autofree char *escaped = g_markup_escape_text (text, len);

  g_string_append (markup, escaped);
}

/**
 * reframe_format_snippet_markup:
 * @snippet: a search snippet with its matches between %REFRAME_SNIPPET_START
 *   and %REFRAME_SNIPPET_END
 *
 * Returns: (transfer full): Pango markup with the matches in bold
 */
char *
reframe_format_snippet_markup (const char *snippet)
{
  GString    *markup = g_string_new (NULL);
  const char *p = snippet;
  gboolean    in_match = FALSE;

  g_return_val_if_fail (snippet != NULL, NULL);

  while (*p != '\0')
    {
      const char *marker = strpbrk (p, REFRAME_SNIPPET_START REFRAME_SNIPPET_END);

      if (marker == NULL)
        {
          append_escaped (markup, p, -1);
          break;
        }

      append_escaped (markup, p, marker - p);
      if (*marker == REFRAME_SNIPPET_START[0] && !in_match)
        g_string_append (markup, "<b>");
      else if (*marker == REFRAME_SNIPPET_END[0] && in_match)
        g_string_append (markup, "</b>");
      in_match = (*marker == REFRAME_SNIPPET_START[0]);
      p = marker + 1;
    }

  if (in_match)
    g_string_append (markup, "</b>");

  return g_string_free (markup, FALSE);
}

/**
 * reframe_format_strip_snippet:
 * @snippet: a search snippet
 *
 * Returns: (transfer full): the snippet's plain text, without match markers
 */
char *
reframe_format_strip_snippet (const char *snippet)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (snippet != NULL, NULL);

  for (const char *p = snippet; *p != '\0'; p++)
    {
      if (*p != REFRAME_SNIPPET_START[0] && *p != REFRAME_SNIPPET_END[0])
        g_string_append_c (text, *p);
    }

  return g_string_free (text, FALSE);
}
