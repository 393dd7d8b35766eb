/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-imports.c: the whole-journal archive of a generated journal, and an import of ten
 * years of Daylio CSV (7,300 rows, generated here), each against its target and against a
 * baseline measured in the same run.
 * `bench-imports DIR` prints one line per figure; DIR is the ten-year journal. */

#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "reframe-archive.h"
#include "reframe-daylio-importer.h"
#include "reframe-import-text.h"
#include "reframe-import.h"
#include "reframe-store-private.h"

#define DAYLIO_ROWS 7300

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

/* The baseline of the archive: every row it writes, read with plain SELECTs. */
static double
time_plain_reads (ReframeStore *store)
{
  const char *queries[] = {
    "SELECT e.*, n.note FROM mood_entries e LEFT JOIN mood_notes n ON n.entry_id = e.id",
    "SELECT * FROM entry_tags",
    "SELECT * FROM worksheets",
    "SELECT * FROM assignments",
    "SELECT * FROM chat_messages",
  };
  g_autofree char *path = _reframe_store_dup_path_for_reader (store);
  sqlite3         *db = _reframe_store_open_reader_at (path, NULL);
  gint64           start = g_get_monotonic_time ();

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      sqlite3_stmt *stmt = NULL;

      sqlite3_prepare_v2 (db, queries[q], -1, &stmt, NULL);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        for (int c = 0; c < sqlite3_column_count (stmt); c++)
          sqlite3_column_text (stmt, c);
      sqlite3_finalize (stmt);
    }
  sqlite3_close (db);
  return seconds_since (start);
}

static char *
generate_daylio (void)
{
  static const char *const moods[] = { "awful", "bad", "meh", "good", "rad" };
  static const char *const activities[] = { "work", "walk", "family", "friends", "reading", "bad sleep", "sport" };
  g_autoptr (GString) csv = g_string_new ("\xEF\xBB\xBF"
                                          "full_date,date,weekday,time,mood,activities,note_title,note\r\n");
  g_autoptr (GDateTime) day = g_date_time_new_utc (2015, 1, 1, 0, 0, 0);
  GRand *rand = g_rand_new_with_seed (12);

  for (guint i = 0; i < DAYLIO_ROWS; i++)
    {
      g_autoptr (GDateTime) when = g_date_time_add_days (day, i / 2);
      g_autofree char *date = g_date_time_format (when, "%Y-%m-%d,%B %d,%A");

      g_string_append_printf (csv, "%s,%s,%s,\"%s | %s\",\"\",\"Day %u, a note of some length: \"\"quoted\"\" words, "
                                   "more words about the day<br>and a second line.\"\r\n",
                              date,
                              i % 2 ? "21:40" : "8:05 AM",
                              moods[g_rand_int_range (rand, 0, 5)],
                              activities[g_rand_int_range (rand, 0, 7)],
                              activities[g_rand_int_range (rand, 0, 7)],
                              i);
    }
  g_rand_free (rand);
  return g_string_free (g_steal_pointer (&csv), FALSE);
}

static void
bench_archive (const char *dir)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeStore) store = reframe_store_open (dir, &error);
  g_autoptr (GBytes) bytes = NULL;
  double baseline, archive;
  gint64 start;

  if (store == NULL)
    g_error ("%s", error->message);
  baseline = time_plain_reads (store);
  start = g_get_monotonic_time ();
  bytes = reframe_archive_build (store, REFRAME_ARCHIVE_WITH_CONVERSATIONS, NULL, NULL, &error);
  archive = seconds_since (start);
  if (bytes == NULL)
    g_error ("%s", error->message);
  g_print ("archive of the ten-year journal (with conversations, %.1f MB): %.2f s (target <= 3 s) %s; "
           "baseline, the same rows read with plain SELECTs: %.2f s\n",
           g_bytes_get_size (bytes) / 1e6,
           archive,
           archive <= 3 ? "OK" : "SLOW",
           baseline);
}

static void
bench_daylio (void)
{
  g_autofree char *tmp = g_dir_make_tmp ("reframe-bench-imports-XXXXXX", NULL);
  g_autofree char *text = generate_daylio ();
  g_autoptr (GBytes) bytes = g_bytes_new_static (text, strlen (text));
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeStore) store = reframe_store_open (tmp, &error);
  g_autoptr (ReframeImportBatch) batch = NULL;
  g_autoptr (ReframeCsvReader) reader = NULL;
  ReframeImportResult result;
  GPtrArray          *fields;
  double              baseline, read, total;
  gint64              start;

  /* Baseline: decoding and splitting the CSV alone. */
  start = g_get_monotonic_time ();
  {
    g_autofree char *decoded = reframe_import_decode_text (bytes, NULL);

    reader = reframe_csv_reader_new (decoded);
    while ((fields = reframe_csv_reader_next (reader, NULL, NULL)) != NULL)
      g_ptr_array_unref (fields);
    g_clear_pointer (&reader, reframe_csv_reader_free);
  }
  baseline = seconds_since (start);

  start = g_get_monotonic_time ();
  batch = reframe_daylio_read_bytes (bytes, &error);
  read = seconds_since (start);
  if (batch == NULL || !reframe_import_apply (store, batch, &result, NULL, &error))
    g_error ("%s", error->message);
  total = seconds_since (start);
  g_print ("import of ten years of Daylio CSV (%u rows, %u added): %.2f s (target <= 2 s) %s; reading %.2f s; "
           "baseline, decoding and splitting the CSV alone: %.3f s\n",
           DAYLIO_ROWS,
           result.n_added,
           total,
           total <= 2 ? "OK" : "SLOW",
           read,
           baseline);
  g_clear_object (&store);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmp);

    (void) !system (cmd);
  }
}

int
main (int   argc,
      char *argv[])
{
  if (argc != 2)
    {
      g_printerr ("Usage: %s TEN-YEAR-JOURNAL-DIR\n", argv[0]);
      return 2;
    }
  bench_archive (argv[1]);
  bench_daylio ();
  return 0;
}
