/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-bearable-importer.c: Bearable's CSV export.
 *
 * Bearable writes one row per reading ("long format"), so one day is many rows (see
 * ../shared/reference/import-formats.md): `date` ("22nd Sep 2020"; newer exports add an ISO
 * date column), `time of day` (a clock time, or the part of the day: pre, am, mid, pm,
 * all day), `category`, `rating/amount`, `detail` and `notes`. Columns are found by name.
 *
 * Each `Mood` reading becomes a mood entry at its time: the rating (1 to 10) halved and
 * rounded up onto the five points (the mapping is in the batch), its emotions as feelings.
 * The day's other rows (factors, symptoms, medication, custom ratings…) become tags of the
 * day's first mood entry, their notes and gratitudes paragraphs of its note, kept as
 * written. A day with no mood reading still becomes one entry, with the point Reframe gives
 * records without a mood (reframe_import_no_mood()). Times carry no zone: they are kept as
 * written, in the time zone of the computer importing them, like Daylio's. A part of the
 * day becomes a time in it: pre 05:00, am 09:00, mid 13:00, pm 19:00, all day 12:00.
 */

#define G_LOG_DOMAIN "ReframeImportBearable"

#include "config.h"

#include "reframe-i18n.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reframe-bearable-importer.h"
#include "reframe-import-text.h"

typedef struct
{
  int date, iso_date, time, category, amount, detail, notes;
} Columns;

/* One readable row. */
typedef struct
{
  guint line;
  int   hour, minute;
  char *category;
  char *amount;
  char *detail;
  char *notes;
  char *checksum;
} Reading;

/* The rows of one day, in the order the file gives them. */
typedef struct
{
  int        year, month, day;
  GPtrArray *readings;
} Day;

static void
reading_free (Reading *reading)
{
  g_free (reading->category);
  g_free (reading->amount);
  g_free (reading->detail);
  g_free (reading->notes);
  g_free (reading->checksum);
  g_free (reading);
}

static void
day_free (Day *day)
{
  g_ptr_array_unref (day->readings);
  g_free (day);
}

static gboolean
find_columns (GPtrArray *header,
              Columns   *c)
{
  c->date = reframe_csv_find_column (header, (const char *const[]){ "date", NULL });
  c->iso_date = reframe_csv_find_column (
      header,
      (const char *const[]){ "date formatted", "formatted date", "iso date", "date (iso)", NULL });
  c->time = reframe_csv_find_column (header, (const char *const[]){ "time of day", "time", NULL });
  c->category = reframe_csv_find_column (header, (const char *const[]){ "category", NULL });
  c->amount = reframe_csv_find_column (
      header, (const char *const[]){ "rating/amount", "rating", "amount", NULL });
  c->detail = reframe_csv_find_column (header, (const char *const[]){ "detail", "details", NULL });
  c->notes = reframe_csv_find_column (header, (const char *const[]){ "notes", "note", NULL });
  return (c->date >= 0 || c->iso_date >= 0) && c->time >= 0 && c->category >= 0 && c->amount >= 0 &&
         c->detail >= 0;
}

static gboolean
parse_iso_day (const char *text,
               int        *year,
               int        *month,
               int        *day)
{
  char tail = 0;

  return text != NULL && sscanf (text, "%4d-%2d-%2d%c", year, month, day, &tail) == 3 &&
         g_date_valid_dmy (*day, *month, *year);
}

/* "22nd Sep 2020", "1st Dec 2020", or an ISO date. */
static gboolean
parse_day (const char *text,
           int        *year,
           int        *month,
           int        *day)
{
  g_autofree char *copy = NULL;
  g_auto (GStrv) words = NULL;
  guint n = 0;

  if (text == NULL)
    return FALSE;
  copy = g_strstrip (g_strdup (text));
  if (parse_iso_day (copy, year, month, day))
    return TRUE;
  words = g_strsplit_set (copy, " ,", -1);
  *year = *month = *day = 0;
  for (guint i = 0; words[i] != NULL; i++)
    {
      char *end = NULL;
      long  number;

      if (*words[i] == '\0')
        continue;
      n++;
      if (g_ascii_isdigit (*words[i]))
        {
          number = strtol (words[i], &end, 10);
          if (*day == 0 && number >= 1 && number <= 31 && strlen (end) <= 2 &&
              strlen (words[i]) <= 4)
            *day = (int) number;
          else if (*end == '\0' && number >= 1000 && number <= 9999)
            *year = (int) number;
          else
            return FALSE;
        }
      else if (*month == 0)
        *month = reframe_import_parse_month_name (words[i]);
      else
        return FALSE;
    }
  return n == 3 && *day > 0 && *month > 0 && *year > 0 && g_date_valid_dmy (*day, *month, *year);
}

/* A clock time ("3:04", "08:15") or a part of the day. */
static gboolean
parse_time (const char *text,
            int        *hour,
            int        *minute)
{
  static const struct
  {
    const char *name;
    int         hour;
  } parts[] = {
    { "pre", 5 },
    { "am", 9 },
    { "mid", 13 },
    { "pm", 19 },
    { "all day", 12 },
  };
  g_autofree char *folded = NULL;
  char            *end = NULL;

  if (text == NULL)
    return FALSE;
  folded = g_strstrip (g_ascii_strdown (text, -1));
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (strcmp (folded, parts[i].name) == 0)
      {
        *hour = parts[i].hour;
        *minute = 0;
        return TRUE;
      }
  if (!g_ascii_isdigit (*folded))
    return FALSE;
  *hour = (int) strtol (folded, &end, 10);
  if (*end != ':' || !g_ascii_isdigit (end[1]) || !g_ascii_isdigit (end[2]) ||
      (end[3] != '\0' && end[3] != ':'))
    return FALSE;
  *minute = (end[1] - '0') * 10 + (end[2] - '0');
  return *hour >= 0 && *hour <= 23 && *minute <= 59;
}

static char *
dup_trimmed (const char *text)
{
  return g_strstrip (g_strdup (text ? text : ""));
}

static gboolean
is_category (const Reading *reading,
             const char    *name)
{
  return g_ascii_strcasecmp (reading->category, name) == 0;
}

/* A rating of 1 to 10 (decimals allowed): the five points, or NONE when it is not one. */
static ReframeMood
map_rating (const char *text)
{
  char  *end = NULL;
  double value;

  if (text == NULL || *text == '\0')
    return REFRAME_MOOD_NONE;
  value = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (value) || value < 0 || value > 10)
    return REFRAME_MOOD_NONE;
  return (ReframeMood) CLAMP ((int) ceil (value / 2), REFRAME_MOOD_MIN, REFRAME_MOOD_MAX);
}

static void
add_paragraph (GString    *note,
               const char *text)
{
  if (text == NULL || *text == '\0')
    return;
  if (note->len > 0)
    g_string_append (note, "\n\n");
  g_string_append (note, text);
}

static void
add_tag (GPtrArray  *tags,
         const char *tag)
{
  for (guint i = 0; i < tags->len; i++)
    if (strcmp (g_ptr_array_index (tags, i), tag) == 0)
      return;
  g_ptr_array_add (tags, g_strdup (tag));
}

static void
add_tags (GPtrArray  *tags,
          const char *list)
{
  g_auto (GStrv) names = reframe_import_split_list (list);

  for (guint i = 0; names[i] != NULL; i++)
    add_tag (tags, names[i]);
}

/* What a row other than a mood reading adds to its day's entry. */
static void
add_other (const Reading *reading,
           GPtrArray     *tags,
           GString       *note,
           double        *sleep)
{
  if (is_category (reading, "Factors") || is_category (reading, "Food Diary factors") ||
      is_category (reading, "Symptom") || is_category (reading, "Symptoms") ||
      is_category (reading, "Meds/Supplements"))
    add_tags (tags, reading->detail);
  else if (is_category (reading, "Gratitudes") || is_category (reading, "Gratitude"))
    add_paragraph (note, reading->detail);
  else
    {
      /* Energy, sleep, custom ratings: the category with its amount and detail. */
      g_autoptr (GString) tag = g_string_new (reading->category);
      char  *end = NULL;
      double hours;

      if (*reading->amount != '\0')
        g_string_append_printf (tag, " %s", reading->amount);
      if (*reading->detail != '\0')
        g_string_append_printf (tag, ": %s", reading->detail);
      add_tag (tags, tag->str);
      hours = g_ascii_strtod (reading->amount, &end);
      if (is_category (reading, "Sleep") && end != reading->amount && *end == '\0' && hours >= 0 &&
          hours <= 24)
        *sleep = hours;
    }
  add_paragraph (note, reading->notes);
}

static GStrv
steal_strv (GPtrArray *names)
{
  g_ptr_array_add (names, NULL);
  return (GStrv) g_ptr_array_free (names, FALSE);
}

static void
add_day (ReframeImportBatch *batch,
         Day                *day,
         GTimeZone          *zone)
{
  g_autoptr (GPtrArray) other_tags = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GString) other_note = g_string_new (NULL);
  double   sleep = REFRAME_SLEEP_UNKNOWN;
  gboolean first = TRUE;
  guint    n_moods = 0;

  for (guint i = 0; i < day->readings->len; i++)
    if (!is_category (g_ptr_array_index (day->readings, i), "Mood"))
      add_other (g_ptr_array_index (day->readings, i), other_tags, other_note, &sleep);
    else
      n_moods++;

  for (guint i = 0; i < day->readings->len; i++)
    {
      Reading *reading = g_ptr_array_index (day->readings, i);
      g_autoptr (ReframeMoodEntry) entry = NULL;
      g_autoptr (GDateTime) time = NULL;
      g_autoptr (GPtrArray) tags = g_ptr_array_new_with_free_func (g_free);
      g_autoptr (GString) note = g_string_new (NULL);
      g_autofree char *source_id = NULL;
      g_auto (GStrv) feelings = NULL;
      g_auto (GStrv) activities = NULL;
      ReframeMood mood;

      if (n_moods > 0 ? !is_category (reading, "Mood") : !first)
        continue;
      if (n_moods > 0)
        {
          g_autofree char *name = g_strdup_printf ("%s/10", reading->amount);

          mood = map_rating (reading->amount);
          reframe_import_batch_add_mood_mapping (batch, name, mood);
          feelings = reframe_import_split_list (reading->detail);
          add_paragraph (note, reading->notes);
          source_id = g_strdup (reading->checksum);
        }
      else
        {
          g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

          /* No mood that day: one entry for the day, at its first reading's time. */
          mood = reframe_import_no_mood (batch);
          for (guint r = 0; r < day->readings->len; r++)
            g_checksum_update (
                checksum,
                (const guchar *) ((Reading *) g_ptr_array_index (day->readings, r))->checksum,
                -1);
          source_id = g_strdup (g_checksum_get_string (checksum));
          feelings = g_new0 (char *, 1);
        }
      if (first)
        {
          for (guint t = 0; t < other_tags->len; t++)
            add_tag (tags, g_ptr_array_index (other_tags, t));
          add_paragraph (note, other_note->str);
        }
      time = g_date_time_new (
          zone, day->year, day->month, day->day, reading->hour, reading->minute, 0);
      if (time == NULL)
        {
          reframe_import_batch_add_problem (batch, reading->line, _ ("the date cannot be read."));
          continue;
        }
      activities = steal_strv (g_steal_pointer (&tags));
      entry = reframe_mood_entry_new ();
      reframe_mood_entry_set_mood (entry, mood);
      reframe_mood_entry_set_time (entry, time);
      reframe_mood_entry_set_note (entry, note->str);
      reframe_mood_entry_set_feelings (entry, (const char *const *) feelings);
      reframe_mood_entry_set_activities (entry, (const char *const *) activities);
      if (first)
        reframe_mood_entry_set_sleep_hours (entry, sleep);
      reframe_import_batch_add_mood_entry (batch, entry, source_id);
      first = FALSE;
    }
}

/* A row, checked: NULL after noting why it cannot be read. */
static Reading *
read_row (ReframeImportBatch *batch,
          GPtrArray          *fields,
          guint               line,
          const Columns      *c,
          int                *year,
          int                *month,
          int                *day)
{
  Reading *reading;
  gboolean dated;

  dated =
      c->iso_date >= 0 && parse_iso_day (reframe_csv_field (fields, c->iso_date), year, month, day);
  if (!dated && !parse_day (reframe_csv_field (fields, c->date), year, month, day))
    {
      reframe_import_batch_add_problem (batch, line, _ ("the date cannot be read."));
      return NULL;
    }
  reading = g_new0 (Reading, 1);
  reading->line = line;
  reading->category = dup_trimmed (reframe_csv_field (fields, c->category));
  reading->amount = dup_trimmed (reframe_csv_field (fields, c->amount));
  reading->detail = dup_trimmed (reframe_csv_field (fields, c->detail));
  reading->notes =
      g_strdup (reframe_csv_field (fields, c->notes) ? reframe_csv_field (fields, c->notes) : "");
  reading->checksum = reframe_import_checksum_row (fields);
  if (!parse_time (reframe_csv_field (fields, c->time), &reading->hour, &reading->minute))
    reframe_import_batch_add_problem (batch, line, _ ("the time of day cannot be read."));
  else if (*reading->category == '\0')
    reframe_import_batch_add_problem (batch, line, _ ("the category is missing."));
  else if (is_category (reading, "Mood") && map_rating (reading->amount) == REFRAME_MOOD_NONE)
    reframe_import_batch_add_problem (
        batch, line, _ ("the mood rating is not a number from 0 to 10."));
  else
    return reading;
  reading_free (reading);
  return NULL;
}

/* What the rows read so far make: the days, in the order the file first gives them. */
typedef struct
{
  Columns     columns;
  GPtrArray  *days;
  GHashTable *by_date;
} Days;

static void
add_row (ReframeImportBatch *batch,
         GPtrArray          *fields,
         guint               line,
         gpointer            user_data)
{
  Days    *d = user_data;
  int      year = 0, month = 0, day_of_month = 0;
  Reading *reading = read_row (batch, fields, line, &d->columns, &year, &month, &day_of_month);
  gpointer key = GINT_TO_POINTER (year * 10000 + month * 100 + day_of_month);
  Day     *day;

  if (reading == NULL)
    return;
  if ((day = g_hash_table_lookup (d->by_date, key)) == NULL)
    {
      day = g_new0 (Day, 1);
      day->year = year;
      day->month = month;
      day->day = day_of_month;
      day->readings = g_ptr_array_new_with_free_func ((GDestroyNotify) reading_free);
      g_ptr_array_add (d->days, day);
      g_hash_table_insert (d->by_date, key, day);
    }
  g_ptr_array_add (day->readings, reading);
}

static ReframeImportBatch *
read_text (const char   *text,
           GCancellable *cancellable,
           GError      **error)
{
  g_autoptr (ReframeCsvReader) reader = reframe_csv_reader_new (text);
  g_autoptr (GPtrArray) header = reframe_csv_reader_next (reader, NULL, NULL);
  g_autoptr (ReframeImportBatch) batch = NULL;
  g_autoptr (GTimeZone) zone = g_time_zone_new_local ();
  g_autoptr (GPtrArray) days = g_ptr_array_new_with_free_func ((GDestroyNotify) day_free);
  g_autoptr (GHashTable) by_date = g_hash_table_new (g_direct_hash, g_direct_equal);
  Days d = { .days = days, .by_date = by_date };

  if (header == NULL || !find_columns (header, &d.columns))
    {
      g_set_error_literal (
          error,
          REFRAME_IMPORT_ERROR,
          REFRAME_IMPORT_ERROR_INVALID,
          _ ("This is not a Bearable export: its first line does not name the columns Bearable "
             "writes (date, time of day, category, rating/amount, detail…)."));
      return NULL;
    }
  batch =
      reframe_import_batch_new (reframe_bearable_importer.id, _ (reframe_bearable_importer.name));
  if (!reframe_csv_read_rows (reader, batch, add_row, &d, cancellable, error))
    return NULL;
  for (guint i = 0; i < days->len; i++)
    add_day (batch, g_ptr_array_index (days, i), zone);
  return g_steal_pointer (&batch);
}

/**
 * reframe_bearable_read_bytes:
 *
 * Reads a Bearable CSV export; rows that cannot be read become problems of the batch.
 *
 * Returns: (transfer full) (nullable): the batch, or %NULL when the text is not a Bearable export
 */
ReframeImportBatch *
reframe_bearable_read_bytes (GBytes  *bytes,
                             GError **error)
{
  return reframe_import_read_text_bytes (bytes, read_text, error);
}

static gboolean
bearable_detect (GFile      *file,
                 const char *head,
                 gsize       head_len)
{
  g_autoptr (GPtrArray) header = reframe_csv_read_head (head, head_len);
  Columns columns;

  return header != NULL && find_columns (header, &columns);
}

const ReframeImporter reframe_bearable_importer = {
  .id = "bearable-csv",
  .name = N_ ("Bearable (CSV export)"),
  .detect = bearable_detect,
  .parse = read_text,
};
