/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-emoods-importer.c: eMoods' `entry.csv`, from inside its `.emoods` backup.
 *
 * One row per day (see ../shared/reference/import-formats.md): `ID`, `DATE (YYYY-MM-DD)`,
 * four axes rated 0 to 4 (`DEPRESSED`, `ELEVATED`, `IRRITABILITY`, `ANXIETY`; 1 = no
 * symptoms up to 4 = most severe, 0 = not entered), `SLEEP` in hours, `NOTE`, and yes/no or
 * numeric tracking points (`THERAPY`, `WEIGHT`, medications…). Columns are found by name.
 *
 * The mood comes from the depression axis, the one that says how low the day was:
 * 1 (none) → 4 Good, 2 (mild) → 3 Okay, 3 (moderate) → 2 Bad, 4 (severe) → 1 Awful; a day
 * whose depression was not entered gets the point for records without a mood. Elevation is
 * a symptom, not a good day, so it never raises the mood: every axis entered is kept as a
 * tag ("Elevated 2"), and so is every tracking point with a value ("Therapy", "Weight 71.5").
 * eMoods has days, not times: an entry is placed at noon, in the time zone of the computer
 * importing it. The `ID` column is the source id (a checksum of the row without one).
 */

#define G_LOG_DOMAIN "ReframeImportEmoods"

#include "config.h"

#include "reframe-i18n.h"
#include <stdio.h>
#include <string.h>

#include "reframe-emoods-importer.h"
#include "reframe-import-text.h"

typedef struct
{
  int id, date, depressed, elevated, irritability, anxiety, sleep, note;
} Columns;

/* The date column is "DATE (YYYY-MM-DD)" in the files seen: any column named "date", or
 * "date" followed by a space. */
static int
find_date_column (GPtrArray *header)
{
  for (guint i = 0; i < header->len; i++)
    {
      g_autofree char *name = g_strstrip (g_ascii_strdown (g_ptr_array_index (header, i), -1));

      if (strcmp (name, "date") == 0 || g_str_has_prefix (name, "date "))
        return (int) i;
    }
  return -1;
}

static gboolean
find_columns (GPtrArray *header,
              Columns   *c)
{
  c->id = reframe_csv_find_column (header, (const char *const[]){ "id", NULL });
  c->date = find_date_column (header);
  c->depressed =
      reframe_csv_find_column (header, (const char *const[]){ "depressed", "depression", NULL });
  c->elevated =
      reframe_csv_find_column (header, (const char *const[]){ "elevated", "elevation", NULL });
  c->irritability =
      reframe_csv_find_column (header, (const char *const[]){ "irritability", "irritable", NULL });
  c->anxiety =
      reframe_csv_find_column (header, (const char *const[]){ "anxiety", "anxious", NULL });
  c->sleep = reframe_csv_find_column (header, (const char *const[]){ "sleep", NULL });
  c->note = reframe_csv_find_column (header, (const char *const[]){ "note", "notes", NULL });
  return c->date >= 0 && c->depressed >= 0 && c->elevated >= 0;
}

/* An axis: 0 to 4, or -1 when the cell is empty; -2 when it holds something else. */
static int
parse_axis (const char *text)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text ? text : ""));

  if (*trimmed == '\0')
    return -1;
  if (trimmed[1] == '\0' && trimmed[0] >= '0' && trimmed[0] <= '4')
    return trimmed[0] - '0';
  return -2;
}

/* A column's name as a tag: trimmed, first letter capital; "" for a name of nothing
 * but spaces. */
static char *
dup_title_case (const char *name)
{
  g_autofree char *valid = g_utf8_make_valid (name, -1);
  g_autofree char *lower = g_utf8_strdown (g_strstrip (valid), -1);
  char             buffer[8] = { 0 };

  if (*lower == '\0')
    return g_strdup ("");
  g_unichar_to_utf8 (g_unichar_totitle (g_utf8_get_char (lower)), buffer);
  return g_strconcat (buffer, g_utf8_next_char (lower), NULL);
}

static gboolean
is_no (const char *value)
{
  static const char *const noes[] = { "0", "n", "no", "false", "0.0", NULL };

  for (guint i = 0; noes[i] != NULL; i++)
    if (g_ascii_strcasecmp (value, noes[i]) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
is_yes (const char *value)
{
  static const char *const yeses[] = { "1", "y", "yes", "true", NULL };

  for (guint i = 0; yeses[i] != NULL; i++)
    if (g_ascii_strcasecmp (value, yeses[i]) == 0)
      return TRUE;
  return FALSE;
}

static ReframeMood
map_depressed (ReframeImportBatch *batch,
               int                 depressed)
{
  static const ReframeMood moods[] = {
    REFRAME_MOOD_NONE, REFRAME_MOOD_GOOD, REFRAME_MOOD_OKAY, REFRAME_MOOD_BAD, REFRAME_MOOD_AWFUL
  };
  g_autofree char *name = NULL;

  if (depressed <= 0)
    return reframe_import_no_mood (batch);
  /* Translators: eMoods' depression rating, 1 (none) to 4 (severe), as shown in the mood mapping.
   */
  name = g_strdup_printf (_ ("depressed %d of 4"), depressed);
  reframe_import_batch_add_mood_mapping (batch, name, moods[depressed]);
  return moods[depressed];
}

/* What every row is read with. */
typedef struct
{
  Columns    columns;
  GPtrArray *header;
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
  GPtrArray        *header = r->header;
  const int         axes[] = { c->depressed, c->elevated, c->irritability, c->anxiety };
  g_autoptr (ReframeMoodEntry) entry = NULL;
  g_autoptr (GDateTime) time = NULL;
  g_autoptr (GPtrArray) tags = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *date = g_strstrip (
      g_strdup (reframe_csv_field (fields, c->date) ? reframe_csv_field (fields, c->date) : ""));
  g_autofree char *source_id = NULL;
  const char      *id = reframe_csv_field (fields, c->id);
  int              values[G_N_ELEMENTS (axes)];
  int              year = 0, month = 0, day = 0, hour = 12, minute = 0, n;
  char             tail = 0;
  double           sleep = REFRAME_SLEEP_UNKNOWN;

  /* "2024-05-01", maybe with a time after it. */
  n = sscanf (date, "%4d-%2d-%2d %2d:%2d%c", &year, &month, &day, &hour, &minute, &tail);
  if ((n != 3 && n != 5) || (n == 3 && strlen (date) != 10) ||
      !g_date_valid_dmy (day, month, year) || hour > 23 || minute > 59 || hour < 0 || minute < 0 ||
      (time = g_date_time_new (r->zone, year, month, day, hour, minute, 0)) == NULL)
    return reframe_import_batch_add_problem (batch, line, _ ("the date cannot be read."));
  for (guint i = 0; i < G_N_ELEMENTS (axes); i++)
    if ((values[i] = parse_axis (reframe_csv_field (fields, axes[i]))) == -2)
      return reframe_import_batch_add_problem (
          batch, line, _ ("a mood rating is not a number from 0 to 4."));

  for (guint i = 0; i < G_N_ELEMENTS (axes); i++)
    if (values[i] > 0)
      {
        g_autofree char *name = dup_title_case (g_ptr_array_index (header, axes[i]));

        g_ptr_array_add (tags, g_strdup_printf ("%s %d", name, values[i]));
      }
  if (reframe_csv_field (fields, c->sleep) != NULL && *reframe_csv_field (fields, c->sleep) != '\0')
    {
      g_autofree char *text = g_strstrip (g_strdup (reframe_csv_field (fields, c->sleep)));
      char            *end = NULL;

      sleep = g_ascii_strtod (text, &end);
      if (end == text || *end != '\0' || !(sleep >= 0 && sleep <= 24))
        return reframe_import_batch_add_problem (
            batch, line, _ ("the hours of sleep are not a number from 0 to 24."));
    }

  /* Every other column with a value is a tracking point: a tag. */
  for (guint i = 0; i < header->len && i < fields->len; i++)
    {
      g_autofree char *value = g_strstrip (g_strdup (g_ptr_array_index (fields, i)));
      g_autofree char *name = NULL;

      if ((int) i == c->id || (int) i == c->date || (int) i == c->sleep || (int) i == c->note ||
          (int) i == c->depressed || (int) i == c->elevated || (int) i == c->irritability ||
          (int) i == c->anxiety || *value == '\0' || is_no (value))
        continue;
      name = dup_title_case (g_ptr_array_index (header, i));
      if (*name == '\0')
        continue;
      if (is_yes (value))
        g_ptr_array_add (tags, g_steal_pointer (&name));
      else
        g_ptr_array_add (tags, g_strdup_printf ("%s %s", name, value));
    }
  g_ptr_array_add (tags, NULL);

  entry = reframe_mood_entry_new ();
  reframe_mood_entry_set_mood (entry, map_depressed (batch, values[0]));
  reframe_mood_entry_set_time (entry, time);
  reframe_mood_entry_set_note (
      entry, reframe_csv_field (fields, c->note) ? reframe_csv_field (fields, c->note) : "");
  reframe_mood_entry_set_activities (entry, (const char *const *) tags->pdata);
  reframe_mood_entry_set_sleep_hours (entry, sleep);
  if (id != NULL && *g_strstrip (g_ptr_array_index (fields, c->id)) != '\0')
    source_id = g_strconcat ("id:", id, NULL);
  else
    source_id = reframe_import_checksum_row (fields);
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
  RowContext context = { .header = header, .zone = zone };

  if (header == NULL || !find_columns (header, &context.columns))
    {
      g_set_error_literal (error,
                           REFRAME_IMPORT_ERROR,
                           REFRAME_IMPORT_ERROR_INVALID,
                           _ ("This is not eMoods’ entry.csv: its first line does not name the "
                              "columns eMoods writes (DATE, DEPRESSED, ELEVATED…)."));
      return NULL;
    }
  batch = reframe_import_batch_new (reframe_emoods_importer.id, _ (reframe_emoods_importer.name));
  if (!reframe_csv_read_rows (reader, batch, read_row, &context, cancellable, error))
    return NULL;
  return g_steal_pointer (&batch);
}

/**
 * reframe_emoods_read_bytes:
 *
 * Reads eMoods' `entry.csv`; rows that cannot be read become problems of the batch.
 *
 * Returns: (transfer full) (nullable): the batch, or %NULL when the text is not eMoods' entry.csv
 */
ReframeImportBatch *
reframe_emoods_read_bytes (GBytes  *bytes,
                           GError **error)
{
  return reframe_import_read_text_bytes (bytes, read_text, error);
}

static gboolean
emoods_detect (GFile      *file,
               const char *head,
               gsize       head_len)
{
  g_autoptr (GPtrArray) header = reframe_csv_read_head (head, head_len);
  Columns columns;

  return header != NULL && find_columns (header, &columns);
}

const ReframeImporter reframe_emoods_importer = {
  .id = "emoods-csv",
  .name = N_ ("eMoods (entry.csv from its backup)"),
  .detect = emoods_detect,
  .parse = read_text,
};
