/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-imports.c: the whole-journal archive of a generated journal, and an import of ten
 * years of Daylio CSV (7,300 rows, generated here), each against its target and against a
 * baseline measured in the same run; then the longest main-loop stall while the archive
 * is written and the CSV read and applied on worker threads (reframe_archive_write_async,
 * reframe_import_read_async, reframe_import_apply_async) into a copy of the journal,
 * against 50 ms and the idle main loop's own in the same run.
 * `bench-imports DIR` prints one line per figure; DIR is the ten-year journal. */

#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "reframe-archive.h"
#include "reframe-daylio-importer.h"
#include "reframe-import-text.h"
#include "reframe-import.h"
#include "reframe-journal-model.h"
#include "reframe-mood-repository.h"
#include "reframe-store-private.h"

#define DAYLIO_ROWS     7300
#define STALL_TARGET_MS 50
#define STALL_RUNS      3

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
  g_autoptr (GString) csv =
      g_string_new ("\xEF\xBB\xBF"
                    "full_date,date,weekday,time,mood,activities,note_title,note\r\n");
  g_autoptr (GDateTime) day = g_date_time_new_utc (2015, 1, 1, 0, 0, 0);
  GRand *rand = g_rand_new_with_seed (12);

  for (guint i = 0; i < DAYLIO_ROWS; i++)
    {
      g_autoptr (GDateTime) when = g_date_time_add_days (day, i / 2);
      g_autofree char *date = g_date_time_format (when, "%Y-%m-%d,%B %d,%A");

      g_string_append_printf (
          csv,
          "%s,%s,%s,\"%s | %s\",\"\",\"Day %u, a note of some length: \"\"quoted\"\" words, "
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
  g_print (
      "archive of the ten-year journal (with conversations, %.1f MB): %.2f s (target <= 3 s) %s; "
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
  g_print ("import of ten years of Daylio CSV (%u rows, %u added): %.2f s (target <= 2 s) %s; "
           "reading %.2f s; "
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

/* Stalls */

typedef struct
{
  gint64 last;
  double longest_ms;
} Stall;

static gboolean
tick_cb (gpointer user_data)
{
  Stall *stall = user_data;
  gint64 now = g_get_monotonic_time ();

  stall->longest_ms = MAX (stall->longest_ms, (now - stall->last) / 1000.0);
  stall->last = now;
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop, ticking every 1 ms, until *@done, then 100 ms more (so that what
 * the last callback set going is seen too); returns the longest gap between ticks. */
static double
stall_until (gboolean *done,
             Stall    *stall)
{
  gint64 end = 0;

  while (end == 0 || g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, TRUE);
      if (end == 0 && *done)
        end = g_get_monotonic_time () + 100 * 1000;
    }
  return stall->longest_ms;
}

static gboolean
set_done_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

typedef struct
{
  ReframeStore       *store;
  ReframeImportBatch *batch;
  gboolean            done;
  double              read_ms;
  double              apply_ms;
  double              finish_ms;
  gint64              start;
} Work;

static void
archive_written_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Work *work = user_data;
  g_autoptr (GError) error = NULL;

  if (!reframe_archive_write_finish (REFRAME_STORE (source), result, &error))
    g_error ("%s", error->message);
  work->done = TRUE;
}

static void
applied_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Work *work = user_data;
  g_autoptr (GError) error = NULL;
  ReframeImportResult counts;
  gint64              finish = g_get_monotonic_time ();

  /* As the window does: the result, the lists told to reload, the batch let go. */
  work->apply_ms = (finish - work->start) / 1000.0;
  if (!reframe_import_apply_finish (REFRAME_STORE (source), result, &counts, &error))
    g_error ("%s", error->message);
  if (counts.n_added != DAYLIO_ROWS)
    g_error ("%u rows added, not %u", counts.n_added, DAYLIO_ROWS);
  g_clear_object (&work->batch);
  work->finish_ms = (g_get_monotonic_time () - finish) / 1000.0;
  work->done = TRUE;
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Work *work = user_data;
  g_autoptr (GError) error = NULL;

  work->batch = reframe_import_read_finish (result, &error);
  if (work->batch == NULL)
    g_error ("%s", error->message);
  work->read_ms = (g_get_monotonic_time () - work->start) / 1000.0;
  work->start = g_get_monotonic_time ();
  reframe_import_apply_async (work->store, work->batch, NULL, applied_cb, work);
}

/* What the window's lists do besides the journal model (which loads its day index again
 * itself) when an import says everything changed: the journal page and the tag pickers
 * read the tags again, and the list shows its first page. */
static void
entry_changed_cb (ReframeMoodRepository *moods,
                  const char            *uuid,
                  const char            *old_day,
                  const char            *new_day,
                  gpointer               user_data)
{
  ReframeJournalModel *model = user_data;

  if (uuid == NULL || *uuid != '\0')
    return;
  for (ReframeTagKind kind = REFRAME_TAG_FEELING; kind <= REFRAME_TAG_ACTIVITY; kind++)
    g_ptr_array_unref (reframe_mood_repository_list_tags (moods, kind, NULL));
  g_object_unref (g_list_model_get_item (G_LIST_MODEL (model), 0));
}

static char *
copy_journal (const char *from_dir)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *work = g_dir_make_tmp ("reframe-bench-import-stalls-XXXXXX", &error);
  g_autoptr (ReframeStore) store = NULL;
  g_autofree char *command = NULL;

  g_assert_no_error (error);
  /* Opening and closing the reference journal leaves everything in its main file. */
  store = reframe_store_open (from_dir, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  command = g_strdup_printf ("cp '%s/reframe.db' '%s/reframe.db'", from_dir, work);
  (void) !system (command);
  return g_steal_pointer (&work);
}

static void
print_stall (const char *name,
             double      longest,
             double      idle,
             const char *note)
{
  g_print ("main-loop longest stall while %s: %.1f ms (target <= %d ms) %s; baseline, the idle "
           "main loop: %.1f ms%s\n",
           name,
           longest,
           STALL_TARGET_MS,
           longest <= STALL_TARGET_MS ? "OK" : "SLOW",
           idle,
           note);
}

/* One run on a fresh copy of the journal: the idle main loop, the archive, the import. */
static void
stall_run (const char *dir,
           double     *idle,
           double     *archive_ms,
           double     *import_ms,
           double     *read_ms,
           double     *apply_ms,
           double     *reload_ms)
{
  g_autofree char *work_dir = copy_journal (dir);
  g_autofree char *csv_path = g_build_filename (work_dir, "daylio.csv", NULL);
  g_autofree char *archive_path = g_build_filename (work_dir, "journal.reframe", NULL);
  g_autofree char *text = generate_daylio ();
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeStore) store = NULL;
  g_autoptr (ReframeJournalModel) model = NULL;
  g_autoptr (GFile) csv = g_file_new_for_path (csv_path);
  g_autoptr (GFile) archive = g_file_new_for_path (archive_path);
  Work  work = { NULL, NULL, FALSE, 0, 0, 0, 0 };
  Stall stall;
  guint tick;

  if (!g_file_set_contents (csv_path, text, -1, &error))
    g_error ("%s", error->message);
  store = reframe_store_open (work_dir, &error);
  if (store == NULL)
    g_error ("%s", error->message);
  work.store = store;
  model = reframe_journal_model_new (reframe_store_get_moods (store));
  if (!reframe_journal_model_reload (model, &error))
    g_error ("%s", error->message);
  g_signal_connect (
      reframe_store_get_moods (store), "entry-changed", G_CALLBACK (entry_changed_cb), model);

  /* Idle: the main loop alone for a second. */
  stall = (Stall){ g_get_monotonic_time (), 0 };
  tick = g_timeout_add (1, tick_cb, &stall);
  g_timeout_add (1000, set_done_cb, &work.done);
  *idle = MAX (*idle, stall_until (&work.done, &stall));
  g_source_remove (tick);

  /* The archive of the whole journal, conversations too. */
  work.done = FALSE;
  stall = (Stall){ g_get_monotonic_time (), 0 };
  tick = g_timeout_add (1, tick_cb, &stall);
  reframe_archive_write_async (
      store, archive, REFRAME_ARCHIVE_WITH_CONVERSATIONS, NULL, NULL, archive_written_cb, &work);
  *archive_ms = MAX (*archive_ms, stall_until (&work.done, &stall));
  g_source_remove (tick);

  /* The CSV read, then applied, then the lists told. */
  work.done = FALSE;
  stall = (Stall){ g_get_monotonic_time (), 0 };
  tick = g_timeout_add (1, tick_cb, &stall);
  work.start = g_get_monotonic_time ();
  reframe_import_read_async (NULL, csv, NULL, read_cb, &work);
  *import_ms = MAX (*import_ms, stall_until (&work.done, &stall));
  g_source_remove (tick);
  *read_ms = MAX (*read_ms, work.read_ms);
  *apply_ms = MAX (*apply_ms, work.apply_ms);
  *reload_ms = MAX (*reload_ms, work.finish_ms);
  if (reframe_journal_model_get_n_entries (model) < DAYLIO_ROWS)
    g_error ("the journal list did not follow the import");

  /* The worker lets go of its task, and so of the store, just after the answer. */
  while (G_OBJECT (store)->ref_count > 1)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_signal_handlers_disconnect_by_func (reframe_store_get_moods (store), entry_changed_cb, model);
  g_clear_object (&model);
  g_clear_object (&store);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", work_dir);

    (void) !system (cmd);
  }
}

static void
bench_stalls (const char *dir)
{
  double idle = 0, archive_ms = 0, import_ms = 0, read_ms = 0, apply_ms = 0, reload_ms = 0;

  for (guint run = 0; run < STALL_RUNS; run++)
    stall_run (dir, &idle, &archive_ms, &import_ms, &read_ms, &apply_ms, &reload_ms);

  g_print ("stalls, worst of %d runs, 1 ms ticks on the main loop, each run on a fresh copy of the "
           "journal:\n",
           STALL_RUNS);
  print_stall ("the archive is written (reframe_archive_write_async)", archive_ms, idle, "");
  {
    g_autofree char *note =
        g_strdup_printf ("; reading %.0f ms, applying %.0f ms; finishing on the main thread (the "
                         "lists' reload, the batch let go) %.1f ms",
                         read_ms,
                         apply_ms,
                         reload_ms);

    print_stall ("7,300 rows of Daylio CSV are read and applied (reframe_import_read_async, "
                 "reframe_import_apply_async)",
                 import_ms,
                 idle,
                 note);
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
  bench_stalls (argv[1]);
  return 0;
}
