/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-daylio-importer.c: Daylio's CSV export ("daylio_export*.csv").
 *
 * Columns are found by name, as Daylio changed them over the years (see
 * ../shared/reference/import-formats.md): `full_date` (or `year` and `date` before 2019),
 * `time`, `mood`, `activities`, `note_title` (since about 2020) and `note`. Daylio writes
 * the phone's wall time without a zone; it is kept as written, in the time zone of the
 * computer importing it (docs/import-formats.md says so to the person). Mood names are
 * the person's own: the defaults in English and German and common words map to the five
 * points, anything else to the middle, and the preview shows the mapping. Notes are kept
 * exactly as written, formatting and all; a title goes first, on its own line.
 */

#define G_LOG_DOMAIN "ReframeImportDaylio"

#include "config.h"

#include "reframe-i18n.h"
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "reframe-daylio-importer.h"
#include "reframe-import-text.h"

typedef struct
{
  int full_date, year, date, time, mood, activities, note_title, note;
} Columns;

/* Words in a mood's name, and the point they give; the first that matches wins. */
static const struct
{
  const char *word;
  ReframeMood mood;
} mood_words[] = {
  { "rad", REFRAME_MOOD_GREAT },
  { "super", REFRAME_MOOD_GREAT },
  { "great", REFRAME_MOOD_GREAT },
  { "amazing", REFRAME_MOOD_GREAT },
  { "awesome", REFRAME_MOOD_GREAT },
  { "excellent", REFRAME_MOOD_GREAT },
  { "fantastic", REFRAME_MOOD_GREAT },
  { "happy", REFRAME_MOOD_GREAT },
  { "awful", REFRAME_MOOD_AWFUL },
  { "lausig", REFRAME_MOOD_AWFUL },
  { "terrible", REFRAME_MOOD_AWFUL },
  { "horrible", REFRAME_MOOD_AWFUL },
  { "miserable", REFRAME_MOOD_AWFUL },
  { "depressed", REFRAME_MOOD_AWFUL },
  { "worst", REFRAME_MOOD_AWFUL },
  { "schlecht", REFRAME_MOOD_BAD },
  { "bad", REFRAME_MOOD_BAD },
  { "sad", REFRAME_MOOD_BAD },
  { "down", REFRAME_MOOD_BAD },
  { "low", REFRAME_MOOD_BAD },
  { "anxious", REFRAME_MOOD_BAD },
  { "stressed", REFRAME_MOOD_BAD },
  { "angry", REFRAME_MOOD_BAD },
  { "tired", REFRAME_MOOD_BAD },
  { "gut", REFRAME_MOOD_GOOD },
  { "good", REFRAME_MOOD_GOOD },
  { "content", REFRAME_MOOD_GOOD },
  { "calm", REFRAME_MOOD_GOOD },
  { "fine", REFRAME_MOOD_GOOD },
  { "meh", REFRAME_MOOD_OKAY },
  { "ok", REFRAME_MOOD_OKAY },
  { "okay", REFRAME_MOOD_OKAY },
  { "neutral", REFRAME_MOOD_OKAY },
  { "medium", REFRAME_MOOD_OKAY },
};

static ReframeMood
map_mood (const char *name)
{
  g_autofree char *folded = g_utf8_casefold (name, -1);
  g_auto (GStrv) words = NULL;

  /* Whole words only: "bad" must not match "badminton". */
  g_strdelimit (folded, " \t-_[]()+/.,!?", ' ');
  words = g_strsplit (folded, " ", -1);
  for (guint w = 0; w < G_N_ELEMENTS (mood_words); w++)
    for (guint i = 0; words[i] != NULL; i++)
      if (strcmp (words[i], mood_words[w].word) == 0)
        return mood_words[w].mood;
  return REFRAME_MOOD_OKAY;
}

static gboolean
find_columns (GPtrArray *header,
              Columns   *c)
{
  c->full_date = reframe_csv_find_column (header, (const char *const[]){ "full_date", NULL });
  c->year = reframe_csv_find_column (header, (const char *const[]){ "year", NULL });
  c->date = reframe_csv_find_column (header, (const char *const[]){ "date", NULL });
  c->time = reframe_csv_find_column (header, (const char *const[]){ "time", NULL });
  c->mood = reframe_csv_find_column (header, (const char *const[]){ "mood", NULL });
  c->activities = reframe_csv_find_column (header, (const char *const[]){ "activities", NULL });
  c->note_title = reframe_csv_find_column (header, (const char *const[]){ "note_title", NULL });
  c->note = reframe_csv_find_column (header, (const char *const[]){ "note", NULL });
  return c->mood >= 0 && c->time >= 0 && (c->full_date >= 0 || (c->year >= 0 && c->date >= 0));
}

/* `full_date`, or the old `year` with a `date` such as "September 13" or "13 September". */
static gboolean
parse_day (GPtrArray     *fields,
           const Columns *c,
           int           *year,
           int           *month,
           int           *day)
{
  const char *text = reframe_csv_field (fields, c->full_date);
  char        tail = 0;

  if (text != NULL)
    return sscanf (text, "%4d-%2d-%2d%c", year, month, day, &tail) == 3 &&
           g_date_valid_dmy (*day, *month, *year);
  else
    {
      g_auto (GStrv) words = NULL;
      g_autofree char *date_copy = NULL;
      const char      *year_text = reframe_csv_field (fields, c->year);
      const char      *date_text = reframe_csv_field (fields, c->date);

      if (year_text == NULL || date_text == NULL || sscanf (year_text, "%4d%c", year, &tail) != 1)
        return FALSE;
      date_copy = g_strstrip (g_strdup (date_text));
      words = g_strsplit_set (date_copy, " .", -1);
      *month = *day = 0;
      for (guint i = 0; words[i] != NULL; i++)
        {
          if (g_ascii_isdigit (words[i][0]))
            *day = atoi (words[i]);
          else if (*words[i] != '\0' && *month == 0)
            *month = reframe_import_parse_month_name (words[i]);
        }
      return *month > 0 && *day > 0 && g_date_valid_dmy (*day, *month, *year);
    }
}

/* "15:26", "5:01 PM", "10:00 pm", "5:01 a.m.": the hour is not always padded. */
static gboolean
parse_clock (const char *text,
             int        *hour,
             int        *minute)
{
  g_autofree char *folded = NULL;
  const char      *rest;
  char            *end = NULL;
  gboolean         pm, am;

  if (text == NULL)
    return FALSE;
  folded = g_ascii_strdown (text, -1);
  g_strstrip (folded);
  *hour = (int) strtol (folded, &end, 10);
  if (end == folded || *end != ':' || !g_ascii_isdigit (end[1]) || !g_ascii_isdigit (end[2]))
    return FALSE;
  *minute = (end[1] - '0') * 10 + (end[2] - '0');
  rest = end + 3;
  while (*rest == ' ')
    rest++;
  pm = g_str_has_prefix (rest, "pm") || g_str_has_prefix (rest, "p.m.");
  am = g_str_has_prefix (rest, "am") || g_str_has_prefix (rest, "a.m.");
  if (!pm && !am && *rest != '\0')
    return FALSE;
  if (pm || am)
    {
      if (*hour < 1 || *hour > 12)
        return FALSE;
      *hour = (*hour % 12) + (pm ? 12 : 0);
    }
  return *hour >= 0 && *hour <= 23 && *minute <= 59;
}

static GStrv
split_activities (const char *text)
{
  g_auto (GStrv) parts = g_strsplit (text ? text : "", "|", -1);
  g_autoptr (GPtrArray) names = g_ptr_array_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *name = g_strstrip (parts[i]);

      if (*name != '\0' && strchr (name, '\x1f') == NULL)
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_add (names, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

static char *
join_note (const char *title,
           const char *note)
{
  if (title == NULL || *title == '\0')
    return g_strdup (note ? note : "");
  if (note == NULL || *note == '\0')
    return g_strdup (title);
  return g_strconcat (title, "\n\n", note, NULL);
}

/* What every row is read with. */
typedef struct
{
  Columns    columns;
  GTimeZone *zone;
} RowContext;

static void
read_row (ReframeImportBatch *batch,
          GPtrArray          *fields,
          guint               line,
          gpointer            user_data)
{
  const RowContext *r = user_data;
  const Columns    *c = &r->columns;
  g_autoptr (ReframeMoodEntry) entry = NULL;
  g_autoptr (GDateTime) time = NULL;
  g_auto (GStrv) activities = NULL;
  g_autofree char *mood_name = NULL;
  g_autofree char *note = NULL;
  g_autofree char *source_id = NULL;
  int              year = 0, month = 0, day = 0, hour = 0, minute = 0;
  ReframeMood      mood;

  if (!parse_day (fields, c, &year, &month, &day))
    return reframe_import_batch_add_problem (batch, line, _ ("the date cannot be read."));
  if (!parse_clock (reframe_csv_field (fields, c->time), &hour, &minute))
    return reframe_import_batch_add_problem (batch, line, _ ("the time cannot be read."));
  mood_name = g_strstrip (
      g_strdup (reframe_csv_field (fields, c->mood) ? reframe_csv_field (fields, c->mood) : ""));
  if (*mood_name == '\0')
    return reframe_import_batch_add_problem (batch, line, _ ("the mood is missing."));
  if ((time = g_date_time_new (r->zone, year, month, day, hour, minute, 0)) == NULL)
    return reframe_import_batch_add_problem (batch, line, _ ("the date cannot be read."));

  mood = map_mood (mood_name);
  reframe_import_batch_add_mood_mapping (batch, mood_name, mood);
  note = join_note (reframe_csv_field (fields, c->note_title), reframe_csv_field (fields, c->note));
  activities = split_activities (reframe_csv_field (fields, c->activities));
  /* The same row gives the same id, so importing the export again adds nothing. */
  source_id = reframe_import_checksum_row (fields);

  entry = reframe_mood_entry_new ();
  reframe_mood_entry_set_mood (entry, mood);
  reframe_mood_entry_set_time (entry, time);
  reframe_mood_entry_set_note (entry, note);
  reframe_mood_entry_set_activities (entry, (const char *const *) activities);
  reframe_import_batch_add_mood_entry (batch, entry, source_id);
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
  RowContext context = { .zone = zone };

  if (header == NULL || !find_columns (header, &context.columns))
    {
      g_set_error_literal (error,
                           REFRAME_IMPORT_ERROR,
                           REFRAME_IMPORT_ERROR_INVALID,
                           _ ("This is not a Daylio export: its first line does not name the "
                              "columns Daylio writes (full_date, time, mood…)."));
      return NULL;
    }
  batch = reframe_import_batch_new (reframe_daylio_importer.id, _ (reframe_daylio_importer.name));
  if (!reframe_csv_read_rows (reader, batch, read_row, &context, cancellable, error))
    return NULL;
  return g_steal_pointer (&batch);
}

/**
 * reframe_daylio_read_bytes:
 *
 * Reads a Daylio CSV export; rows that cannot be read become problems of the batch.
 *
 * Returns: (transfer full) (nullable): the batch, or %NULL when the text is not a Daylio export
 */
ReframeImportBatch *
reframe_daylio_read_bytes (GBytes  *bytes,
                           GError **error)
{
  return reframe_import_read_text_bytes (bytes, read_text, error);
}

static gboolean
daylio_detect (GFile      *file,
               const char *head,
               gsize       head_len)
{
  g_autoptr (GPtrArray) header = reframe_csv_read_head (head, head_len);
  Columns columns;

  return header != NULL && find_columns (header, &columns) && columns.activities >= 0;
}

const ReframeImporter reframe_daylio_importer = {
  .id = "daylio-csv",
  .name = N_ ("Daylio (CSV export)"),
  .detect = daylio_detect,
  .parse = read_text,
};
