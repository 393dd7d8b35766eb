/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-report-csv.c: the report's mood entries as CSV (RFC 4180).
 *
 * One header row, then one row per entry, oldest first; CRLF between records; a field
 * is quoted when it holds a comma, a double quote, CR or LF, and its quotes are
 * doubled. UTF-8 without a byte order mark. Numbers use a dot whatever the locale, so
 * that the file reads the same everywhere; the column names are fixed English keys.
 *
 * A spreadsheet runs a cell that starts with =, +, -, @, a tab or a carriage return as a
 * formula, so a note such as "=HYPERLINK(…)" would become a link or worse when the
 * therapist opens the file. Such a cell gets an apostrophe in front and is quoted, as
 * OWASP advises for CSV injection: spreadsheets show it as text, and people read it as
 * it was written.
 */

#define G_LOG_DOMAIN "ReframeReport"

#include "config.h"

#include <string.h>

#include "reframe-report-private.h"

static const char *const columns[] = {
  "uuid",
  "date",
  "time",
  "mood",
  "mood_label",
  "feelings",
  "activities",
  "sleep_hours",
  "note",
  "private",
};

/* What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection"). */
static gboolean
starts_formula (const char *value)
{
  return value[0] != '\0' && strchr ("=+-@\t\r", value[0]) != NULL;
}

static void
append_field (GString    *csv,
              const char *value,
              gboolean    first)
{
  gboolean formula;

  if (!first)
    g_string_append_c (csv, ',');
  if (value == NULL)
    return;
  formula = starts_formula (value);
  if (!formula && strpbrk (value, ",\"\r\n") == NULL)
    {
      g_string_append (csv, value);
      return;
    }
  g_string_append_c (csv, '"');
  if (formula)
    g_string_append_c (csv, '\'');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (csv, '"');
      g_string_append_c (csv, *p);
    }
  g_string_append_c (csv, '"');
}

static void
append_row (GString          *csv,
            ReframeMoodEntry *entry)
{
  g_autofree char *day = reframe_mood_entry_dup_day (entry);
  g_autofree char *time = _reframe_report_format_time (reframe_mood_entry_get_time (entry));
  g_autofree char *feelings = g_strjoinv ("; ", (char **) reframe_mood_entry_get_feelings (entry));
  g_autofree char *activities =
      g_strjoinv ("; ", (char **) reframe_mood_entry_get_activities (entry));
  double sleep = reframe_mood_entry_get_sleep_hours (entry);
  char   mood[4], hours[G_ASCII_DTOSTR_BUF_SIZE] = "";

  g_snprintf (mood, sizeof mood, "%d", reframe_mood_entry_get_mood (entry));
  if (sleep >= 0)
    g_ascii_formatd (hours, sizeof hours, "%g", sleep);
  append_field (csv, reframe_mood_entry_get_uuid (entry), TRUE);
  append_field (csv, day, FALSE);
  append_field (csv, time, FALSE);
  append_field (csv, mood, FALSE);
  append_field (csv, reframe_mood_get_key (reframe_mood_entry_get_mood (entry)), FALSE);
  append_field (csv, feelings, FALSE);
  append_field (csv, activities, FALSE);
  append_field (csv, hours, FALSE);
  append_field (csv, reframe_mood_entry_get_note (entry), FALSE);
  append_field (csv, reframe_mood_entry_get_private (entry) ? "true" : "false", FALSE);
  g_string_append (csv, "\r\n");
}

/**
 * reframe_report_to_csv:
 *
 * Returns: (transfer full): the mood entries of the report (none when entries were not
 *   chosen: the header row only)
 */
GBytes *
reframe_report_to_csv (ReframeReport *self)
{
  GString *csv;

  g_return_val_if_fail (self != NULL, NULL);

  csv = g_string_sized_new (256 + self->entries->len * 160);
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    append_field (csv, columns[i], i == 0);
  g_string_append (csv, "\r\n");
  for (guint i = 0; i < self->entries->len; i++)
    append_row (csv, g_ptr_array_index (self->entries, i));
  return g_string_free_to_bytes (csv);
}
