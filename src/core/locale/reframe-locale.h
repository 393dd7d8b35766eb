/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-locale.h: dates, times, numbers and the first day of the week, as the
 * person's language and locale write them. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * ReframeDateStyle:
 * @REFRAME_DATE_FULL: "14 March 2024"
 * @REFRAME_DATE_FULL_WEEKDAY: "Thursday 14 March 2024"
 * @REFRAME_DATE_DAY_MONTH_WEEKDAY: "Thursday 14 March", for a day this year
 * @REFRAME_DATE_ABBREVIATED: "14 Mar 2024"
 * @REFRAME_DATE_ABBREVIATED_WEEKDAY: "Thu 14 Mar 2024"
 * @REFRAME_DATE_WEEKDAY: "Thursday"
 * @REFRAME_DATE_WEEKDAY_SHORT: "Thu"
 * @REFRAME_DATE_WEEKDAY_DAY: "Thu 14", a day on a chart's axis
 * @REFRAME_DATE_DAY_MONTH_SHORT: "14 Mar", a week on a chart's axis
 * @REFRAME_DATE_MONTH: "March"
 * @REFRAME_DATE_MONTH_SHORT: "Mar"
 *
 * Each style's format is translated once, here; the names of months and days come
 * from the locale.
 */
typedef enum
{
  REFRAME_DATE_FULL,
  REFRAME_DATE_FULL_WEEKDAY,
  REFRAME_DATE_DAY_MONTH_WEEKDAY,
  REFRAME_DATE_ABBREVIATED,
  REFRAME_DATE_ABBREVIATED_WEEKDAY,
  REFRAME_DATE_WEEKDAY,
  REFRAME_DATE_WEEKDAY_SHORT,
  REFRAME_DATE_WEEKDAY_DAY,
  REFRAME_DATE_DAY_MONTH_SHORT,
  REFRAME_DATE_MONTH,
  REFRAME_DATE_MONTH_SHORT,
} ReframeDateStyle;

char *reframe_locale_format_date (const GDate     *date,
                                  ReframeDateStyle style);
char *reframe_locale_format_day (GDateTime       *time,
                                 ReframeDateStyle style);
char *reframe_locale_format_clock (GDateTime *time);
char *reframe_locale_format_day_and_clock (GDateTime       *time,
                                           ReframeDateStyle style);
char *reframe_locale_format_decimal (double value,
                                     guint  digits);

GDateWeekday reframe_locale_get_first_weekday (void);
void         reframe_locale_get_week_start (const GDate *day,
                                            GDate       *week_start);

G_END_DECLS
