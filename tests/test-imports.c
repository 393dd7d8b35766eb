/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-imports.c: the import framework and the Daylio reader: detection, reading, preview,
 * one transaction, duplicates, the backup hook, and `reframe import`. */

#include <glib/gstdio.h>

#include "reframe-daylio-importer.h"
#include "reframe-import.h"
#include "reframe-mood-entry.h"
#include "reframe-mood-repository.h"
#include "reframe-store.h"
#include "reframe-test-util.h"

typedef struct
{
  char         *dir;
  ReframeStore *store;
} Fixture;

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = reframe_test_make_tmp_dir ();
  f->store = reframe_store_open (f->dir, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  reframe_import_set_backup_func (NULL, NULL);
  g_assert_finalize_object (f->store);
  reframe_test_remove_tree (f->dir);
  g_free (f->dir);
}

static GFile *
data_file (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "imports", name, NULL);

  return g_file_new_for_path (path);
}

static ReframeImportBatch *
read_fixture (const char *name)
{
  g_autoptr (GFile) file = data_file (name);
  g_autoptr (GError) error = NULL;
  const ReframeImporter *importer = reframe_import_detect (file, &error);
  ReframeImportBatch    *batch;

  g_assert_no_error (error);
  batch = reframe_importer_read (importer, file, NULL, &error);
  g_assert_no_error (error);
  return batch;
}

static guint
count_entries (ReframeStore *store)
{
  g_autoptr (GError) error = NULL;
  guint n = reframe_mood_repository_count (reframe_store_get_moods (store), &error);

  g_assert_no_error (error);
  return n;
}

static void
test_detect (void)
{
  const struct
  {
    const char *name;
    const char *id;
  } cases[] = {
    { "daylio-current-bom-crlf.csv", "daylio-csv" },
    { "daylio-2019.csv", "daylio-csv" },
    { "daylio-2018.csv", "daylio-csv" },
    { "full.reframe", "reframe-archive" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GFile) file = data_file (cases[i].name);
      g_autoptr (GError) error = NULL;
      const ReframeImporter *importer = reframe_import_detect (file, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (reframe_importer_get_id (importer), ==, cases[i].id);
    }
}

static void
test_detect_unknown (void)
{
  g_autoptr (GFile) file = data_file ("not-an-export.csv");
  g_autoptr (GFile) folder = data_file ("");
  g_autoptr (GFile) missing = data_file ("missing.csv");
  g_autoptr (GError) error = NULL;

  g_assert_null (reframe_import_detect (file, &error));
  g_assert_error (error, REFRAME_IMPORT_ERROR, REFRAME_IMPORT_ERROR_UNKNOWN_FORMAT);
  g_assert_nonnull (strstr (error->message, "It reads: Reframe archive, Daylio (CSV export)"));
  g_clear_error (&error);
  g_assert_null (reframe_import_detect (folder, &error));
  g_assert_error (error, REFRAME_IMPORT_ERROR, REFRAME_IMPORT_ERROR_UNKNOWN_FORMAT);
  g_clear_error (&error);
  g_assert_null (reframe_import_detect (missing, &error));
  g_assert_error (error, REFRAME_IMPORT_ERROR, REFRAME_IMPORT_ERROR_INVALID);
}

static void
assert_entry (ReframeImportBatch *batch,
              guint               i,
              const char         *time,
              ReframeMood         mood,
              const char         *note,
              const char *const  *activities)
{
  ReframeMoodEntry *entry = reframe_import_batch_get_record (batch, REFRAME_IMPORT_MOOD_ENTRY, i);
  g_autofree char  *text =
      g_date_time_format (reframe_mood_entry_get_time (entry), "%Y-%m-%d %H:%M");

  g_assert_cmpstr (text, ==, time);
  g_assert_cmpint (reframe_mood_entry_get_mood (entry), ==, mood);
  g_assert_cmpstr (reframe_mood_entry_get_note (entry), ==, note);
  g_assert_cmpstrv (reframe_mood_entry_get_activities (entry), activities);
  g_assert_nonnull (reframe_import_batch_get_source_id (batch, REFRAME_IMPORT_MOOD_ENTRY, i));
}

static void
test_daylio_current (void)
{
  g_autoptr (ReframeImportBatch) batch = read_fixture ("daylio-current-bom-crlf.csv");
  g_autofree char *mapping = reframe_import_batch_dup_mood_mapping_text (batch);
  g_autofree char *first = NULL, *last = NULL;

  g_assert_cmpuint (reframe_import_batch_get_n_records (batch, REFRAME_IMPORT_MOOD_ENTRY), ==, 3);
  g_assert_cmpuint (reframe_import_batch_get_n_problems (batch), ==, 0);
  assert_entry (batch,
                0,
                "2024-03-12 21:40",
                REFRAME_MOOD_OKAY,
                "Long day, \"fine\" overall<br>Slept at 1",
                (const char *const[]){ "work", "walk", "bad sleep", NULL });
  assert_entry (batch, 1, "2024-03-12 08:05", REFRAME_MOOD_GOOD, "", (const char *const[]){ NULL });
  /* A line break inside the quotes is kept as written, CR and all. */
  assert_entry (batch,
                2,
                "2024-03-11 22:10",
                REFRAME_MOOD_AWFUL,
                "Argument\n\nline one\r\nline two",
                (const char *const[]){ "family", "stressed", NULL });
  g_assert_cmpstr (mapping, ==, "meh → 3 Okay, good → 4 Good, awful → 1 Awful");
  first = g_date_time_format (reframe_import_batch_get_first (batch), "%F");
  last = g_date_time_format (reframe_import_batch_get_last (batch), "%F");
  g_assert_cmpstr (first, ==, "2024-03-11");
  g_assert_cmpstr (last, ==, "2024-03-12");
}

static void
test_daylio_old_headers (void)
{
  g_autoptr (ReframeImportBatch) v2019 = read_fixture ("daylio-2019.csv");
  g_autoptr (ReframeImportBatch) v2018 = read_fixture ("daylio-2018.csv");
  g_autofree char *mapping = reframe_import_batch_dup_mood_mapping_text (v2018);
  const char      *message = NULL;

  g_assert_cmpuint (reframe_import_batch_get_n_records (v2019, REFRAME_IMPORT_MOOD_ENTRY), ==, 2);
  assert_entry (v2019,
                0,
                "2019-05-02 22:00",
                REFRAME_MOOD_GREAT,
                "",
                (const char *const[]){ "sport", "friends", NULL });
  assert_entry (v2019, 1, "2019-05-01 07:30", REFRAME_MOOD_OKAY, "", (const char *const[]){ NULL });

  /* The old `year` column with a localised `date`, custom moods, and a date no one can read. */
  g_assert_cmpuint (reframe_import_batch_get_n_records (v2018, REFRAME_IMPORT_MOOD_ENTRY), ==, 2);
  assert_entry (v2018,
                0,
                "2018-09-13 15:26",
                REFRAME_MOOD_GOOD,
                "",
                (const char *const[]){ "reading", NULL });
  assert_entry (v2018, 1, "2018-09-13 16:00", REFRAME_MOOD_BAD, "", (const char *const[]){ NULL });
  g_assert_cmpstr (mapping, ==, "content → 4 Good, anxious → 2 Bad");
  g_assert_cmpuint (reframe_import_batch_get_n_problems (v2018), ==, 1);
  g_assert_cmpuint (reframe_import_batch_get_problem (v2018, 0, &message), ==, 4);
  g_assert_cmpstr (message, ==, "the date cannot be read.");
}

static void
test_daylio_bad_lines (void)
{
  g_autoptr (ReframeImportBatch) batch = read_fixture ("daylio-bad-lines.csv");
  g_autofree char *summary = reframe_import_batch_dup_summary (batch);
  const guint      lines[] = { 3, 4, 5, 6 };

  g_assert_cmpuint (reframe_import_batch_get_n_records (batch, REFRAME_IMPORT_MOOD_ENTRY), ==, 1);
  assert_entry (
      batch, 0, "2024-01-05 09:00", REFRAME_MOOD_GREAT, " ", (const char *const[]){ NULL });
  g_assert_cmpuint (reframe_import_batch_get_n_problems (batch), ==, G_N_ELEMENTS (lines));
  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    g_assert_cmpuint (reframe_import_batch_get_problem (batch, i, NULL), ==, lines[i]);
  g_assert_nonnull (strstr (summary, "Line 3 skipped: the time cannot be read."));
  g_assert_nonnull (strstr (summary, "Line 4 skipped: the mood is missing."));
  g_assert_nonnull (strstr (summary, "Line 6 skipped: a quote opened here is never closed"));
}

static void
test_daylio_not_daylio (void)
{
  g_autoptr (GBytes) bytes = g_bytes_new_static ("a,b\n1,2\n", 8);
  g_autoptr (GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr (GError) error = NULL;

  g_assert_null (reframe_daylio_read_bytes (bytes, &error));
  g_assert_error (error, REFRAME_IMPORT_ERROR, REFRAME_IMPORT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (reframe_daylio_read_bytes (empty, &error));
  g_assert_error (error, REFRAME_IMPORT_ERROR, REFRAME_IMPORT_ERROR_INVALID);
}

static void
test_apply_and_duplicates (Fixture      *f,
                           gconstpointer data)
{
  g_autoptr (ReframeImportBatch) batch = read_fixture ("daylio-current-bom-crlf.csv");
  g_autoptr (ReframeImportBatch) again = read_fixture ("daylio-current-bom-crlf.csv");
  g_autoptr (ReframeImportBatch) same_text = reframe_import_batch_new ("test", "Test");
  g_autoptr (ReframeMoodEntry) entry = reframe_mood_entry_copy (
      reframe_import_batch_get_record (batch, REFRAME_IMPORT_MOOD_ENTRY, 0));
  g_autoptr (GError) error = NULL;
  ReframeImportResult result;

  g_assert_true (reframe_import_apply (f->store, batch, &result, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.added[REFRAME_IMPORT_MOOD_ENTRY], ==, 3);
  g_assert_cmpuint (result.n_skipped, ==, 0);
  g_assert_cmpuint (count_entries (f->store), ==, 3);

  /* The same export again: every row has been seen. */
  g_assert_true (reframe_import_apply (f->store, again, &result, NULL, &error));
  g_assert_cmpuint (result.n_added, ==, 0);
  g_assert_cmpuint (result.skipped[REFRAME_IMPORT_MOOD_ENTRY], ==, 3);

  /* Another source, same time and same text: skipped too. */
  reframe_import_batch_add_mood_entry (same_text, entry, "other-id");
  g_assert_true (reframe_import_apply (f->store, same_text, &result, NULL, &error));
  g_assert_cmpuint (result.n_added, ==, 0);
  g_assert_cmpuint (result.n_skipped, ==, 1);
  g_assert_cmpuint (count_entries (f->store), ==, 3);
}

static void
test_all_or_nothing (Fixture      *f,
                     gconstpointer data)
{
  g_autoptr (ReframeImportBatch) batch = reframe_import_batch_new ("test", "Test");
  g_autoptr (GError) error = NULL;
  ReframeImportResult result = { { 0 } };

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *time = g_strdup_printf ("2024-03-%02uT12:00:00Z", i + 1);
      g_autoptr (ReframeMoodEntry) entry = reframe_test_entry_at (time, REFRAME_MOOD_GOOD, "fine");
      g_autofree char *source = g_strdup_printf ("row-%u", i);

      /* The fourth record is one the journal refuses: no mood. */
      if (i == 3)
        reframe_mood_entry_set_mood (entry, REFRAME_MOOD_NONE);
      reframe_import_batch_add_mood_entry (batch, entry, source);
    }
  g_assert_false (reframe_import_apply (f->store, batch, &result, NULL, &error));
  g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Record 4 of the mood entries"));
  g_assert_cmpuint (result.n_added, ==, 0);
  g_assert_cmpuint (count_entries (f->store), ==, 0);
}

static gboolean
failing_backup (ReframeStore *store,
                gpointer      user_data,
                GError      **error)
{
  (*(guint *) user_data)++;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "No space left on device");
  return FALSE;
}

static gboolean
counting_backup (ReframeStore *store,
                 gpointer      user_data,
                 GError      **error)
{
  (*(guint *) user_data)++;
  return TRUE;
}

static void
test_backup_first (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr (ReframeImportBatch) batch = read_fixture ("daylio-minimal.csv");
  g_autoptr (GError) error = NULL;
  guint calls = 0;

  reframe_import_set_backup_func (failing_backup, &calls);
  g_assert_false (reframe_import_apply (f->store, batch, NULL, NULL, &error));
  g_assert_error (error, REFRAME_IMPORT_ERROR, REFRAME_IMPORT_ERROR_BACKUP);
  g_assert_cmpuint (calls, ==, 1);
  g_assert_cmpuint (count_entries (f->store), ==, 0);
  g_clear_error (&error);

  reframe_import_set_backup_func (counting_backup, &calls);
  g_assert_true (reframe_import_apply (f->store, batch, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (calls, ==, 2);
  g_assert_cmpuint (count_entries (f->store), ==, 1);
}

static void
test_async (Fixture      *f,
            gconstpointer data)
{
  g_autoptr (GFile) file = data_file ("daylio-current-bom-crlf.csv");
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GAsyncResult) applied = NULL;
  g_autoptr (ReframeImportBatch) batch = NULL;
  g_autoptr (GError) error = NULL;
  ReframeImportResult counts;

  reframe_import_read_async (NULL, file, NULL, reframe_test_keep_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  batch = reframe_import_read_finish (result, &error);
  g_assert_no_error (error);

  reframe_import_apply_async (f->store, batch, NULL, reframe_test_keep_result_cb, &applied);
  while (applied == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (reframe_import_apply_finish (f->store, applied, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.added[REFRAME_IMPORT_MOOD_ENTRY], ==, 3);
  g_assert_cmpuint (count_entries (f->store), ==, 3);

  /* The worker lets go of its task (and so of the store) just after the answer. */
  g_clear_object (&applied);
  while (G_OBJECT (f->store)->ref_count > 1)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
test_cancelled (Fixture      *f,
                gconstpointer data)
{
  g_autoptr (ReframeImportBatch) batch = read_fixture ("daylio-current-bom-crlf.csv");
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (reframe_import_apply (f->store, batch, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (count_entries (f->store), ==, 0);
}

static void
test_cli (void)
{
  g_autofree char *dir = reframe_test_make_tmp_dir ();
  g_autofree char *data_dir = g_build_filename (dir, "journal", NULL);
  g_autofree char *db = g_build_filename (data_dir, "reframe.db", NULL);
  g_autofree char *csv =
      g_test_build_filename (G_TEST_DIST, "data", "imports", "daylio-bad-lines.csv", NULL);
  g_autofree char *bad =
      g_test_build_filename (G_TEST_DIST, "data", "imports", "not-an-export.csv", NULL);
  g_autofree char *out = NULL, *json = NULL, *again = NULL, *none = NULL;

  /* A dry run and a file Reframe cannot read make no journal. */
  g_assert_cmpint (
      reframe_test_run_cli (
          (const char *const[]){ "import", csv, "--dry-run", "--data-dir", data_dir, NULL }, &out),
      ==,
      0);
  g_assert_nonnull (strstr (out, "1 mood entry"));
  g_assert_nonnull (strstr (out, "Moods: Super → 5 Great"));
  g_assert_nonnull (strstr (out, "Line 5 skipped: the date cannot be read."));
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));
  g_assert_cmpint (reframe_test_run_cli (
                       (const char *const[]){ "import", bad, "--data-dir", data_dir, NULL }, &none),
                   ==,
                   1);
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));
  g_assert_cmpint (
      reframe_test_run_cli ((const char *const[]){ "import", "--data-dir", data_dir, NULL }, NULL),
      ==,
      2);

  g_assert_cmpint (
      reframe_test_run_cli (
          (const char *const[]){ "import", csv, "--json", "--data-dir", data_dir, NULL }, &json),
      ==,
      0);
  g_assert_nonnull (strstr (json, "\"added\" : {\n      \"mood_entries\" : 1"));
  g_assert_cmpint (
      reframe_test_run_cli ((const char *const[]){ "import", csv, "--data-dir", data_dir, NULL },
                            &again),
      ==,
      0);
  g_assert_nonnull (strstr (again, "0 added, 1 already there"));
  /* Each import was backed up first, as the window does. */
  {
    g_autofree char *backups_dir = g_build_filename (data_dir, "backups", NULL);
    g_autoptr (GDir) backups = g_dir_open (backups_dir, 0, NULL);
    const char *name;
    guint       n = 0;

    g_assert_nonnull (backups);
    while ((name = g_dir_read_name (backups)) != NULL)
      n += g_str_has_suffix (name, "-before-import.db");
    g_assert_cmpuint (n, ==, 2);
  }
  reframe_import_set_backup_func (NULL, NULL);
  reframe_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/reframe/imports/detect", test_detect);
  g_test_add_func ("/reframe/imports/detect-unknown", test_detect_unknown);
  g_test_add_func ("/reframe/imports/daylio/current", test_daylio_current);
  g_test_add_func ("/reframe/imports/daylio/old-headers", test_daylio_old_headers);
  g_test_add_func ("/reframe/imports/daylio/bad-lines", test_daylio_bad_lines);
  g_test_add_func ("/reframe/imports/daylio/not-daylio", test_daylio_not_daylio);
  g_test_add ("/reframe/imports/apply-and-duplicates",
              Fixture,
              NULL,
              fixture_set_up,
              test_apply_and_duplicates,
              fixture_tear_down);
  g_test_add ("/reframe/imports/all-or-nothing",
              Fixture,
              NULL,
              fixture_set_up,
              test_all_or_nothing,
              fixture_tear_down);
  g_test_add ("/reframe/imports/backup-first",
              Fixture,
              NULL,
              fixture_set_up,
              test_backup_first,
              fixture_tear_down);
  g_test_add (
      "/reframe/imports/async", Fixture, NULL, fixture_set_up, test_async, fixture_tear_down);
  g_test_add ("/reframe/imports/cancelled",
              Fixture,
              NULL,
              fixture_set_up,
              test_cancelled,
              fixture_tear_down);
  g_test_add_func ("/reframe/imports/command-dry-run-makes-nothing-and-imports-back-up-first",
                   test_cli);
  return g_test_run ();
}
