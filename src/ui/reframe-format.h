/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-format.h: how days, times, sleep and search snippets read on screen. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The icon of an activity the user added without one. */
#define REFRAME_DEFAULT_ACTIVITY_ICON "non-starred-symbolic"

char *reframe_format_day_heading (const char *day);
char *reframe_format_day (GDateTime *time);
char *reframe_format_time (GDateTime *time);
char *reframe_format_date_time (GDateTime *time);
char *reframe_format_sleep (double hours);
char *reframe_format_snippet_markup (const char *snippet);
char *reframe_format_strip_snippet (const char *snippet);

G_END_DECLS
