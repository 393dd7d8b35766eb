/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-import-faults.c: imports while the disk fails (the fault VFS). A Daylio import
 * and an archive merged into a journal with entries are applied while writes fail with
 * SQLITE_FULL and SQLITE_IOERR at 16 points spread over the import's writes (at every
 * one with REFRAME_TEST_EVERY_FAULT=1); each failure must give a message a person can
 * act on and leave the journal exactly as it was (every row of every table,
 * integrity_check, no import_sources left), and the import must then go through whole.
 * A backup that fails before the import leaves everything as it was too. */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "reframe-archive.h"
#include "reframe-backups.h"
#include "reframe-daylio-importer.h"
#include "reframe-fault-vfs.h"
#include "reframe-import.h"
#include "reframe-mood-repository.h"
#include "reframe-store.h"
#include "reframe-test-util.h"

#define ALL_OPS (REFRAME_FAULT_WRITE | REFRAME_FAULT_SYNC | REFRAME_FAULT_TRUNCATE)

/* Matches the journal and its WAL. */
#define JOURNAL_PART "/reframe.db"

static const int fault_codes[] = { SQLITE_FULL, SQLITE_IOERR };

typedef struct
{
  char         *dir;
  char         *db_path;
  ReframeStore *store;
} Fixture;

static void
open_store (Fixture *f)
{
  g_autoptr (GError) error = NULL;

  f->store = reframe_store_open (f->dir, &error);
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  f->dir = reframe_test_make_tmp_dir ();
  f->db_path = g_build_filename (f->dir, "reframe.db", NULL);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  reframe_fault_vfs_disarm ();
  reframe_import_set_backup_func (NULL, NULL);
  if (f->store != NULL)
    {
      /* A GTask's worker thread lets go of its source object a moment after the
       * callback ran in the main thread. */
      for (guint i = 0; i < 5000 && g_atomic_int_get ((gint *) &G_OBJECT (f->store)->ref_count) > 1;
           i++)
        {
          g_main_context_iteration (NULL, FALSE);
          g_usleep (1000);
        }
      g_assert_finalize_object (f->store);
    }
  reframe_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->db_path);
}

/* Every row of every table of the journal at @path, in one string, and integrity_check. */
static char *
dump_journal (const char *path)
{
  g_autoptr (GString) dump = g_string_new (NULL);
  g_autoptr (GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  sqlite3      *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (
      sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);

  /* Virtual tables are left to their shadow tables, which are plain ones. */
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT name FROM sqlite_schema WHERE type = 'table' AND "
                                       "sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name",
                                       -1,
                                       &stmt,
                                       NULL),
                   ==,
                   SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (tables, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  g_assert_cmpuint (tables->len, >, 5);

  for (guint t = 0; t < tables->len; t++)
    {
      g_autofree char *sql =
          g_strdup_printf ("SELECT * FROM \"%s\"", (const char *) g_ptr_array_index (tables, t));
      guint n = 0;

      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      g_string_append_printf (dump, "== %s\n", (const char *) g_ptr_array_index (tables, t));
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            {
              const void *blob = sqlite3_column_blob (stmt, c);
              int         size = sqlite3_column_bytes (stmt, c);

              g_string_append_printf (dump, "%d:", sqlite3_column_type (stmt, c));
              if (blob != NULL)
                g_string_append_len (dump, blob, size);
              g_string_append_c (dump, '|');
            }
          g_string_append_c (dump, '\n');
          n++;
        }
      sqlite3_finalize (stmt);
      g_string_append_printf (dump, "== %u rows\n", n);
    }
  sqlite3_close (db);
  return g_string_free (g_steal_pointer (&dump), FALSE);
}

static guint
count_rows (const char *path,
            const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  sqlite3         *db = NULL;
  sqlite3_stmt    *stmt = NULL;
  guint            n;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

/* A Daylio export of @n_rows rows, two a day, notes of some length. */
static GBytes *
generate_daylio (guint n_rows)
{
  static const char *const moods[] = { "awful", "bad", "meh", "good", "rad" };
  static const char *const activities[] = { "work", "walk", "family", "friends", "reading", "bad sleep" };
  GString                 *csv = g_string_new ("\xEF\xBB\xBF"
                                               "full_date,date,weekday,time,mood,activities,note_title,note\r\n");
  g_autoptr (GDateTime) day = g_date_time_new_utc (2016, 1, 1, 0, 0, 0);

  for (guint i = 0; i < n_rows; i++)
    {
      g_autoptr (GDateTime) when = g_date_time_add_days (day, i / 2);
      g_autofree char *date = g_date_time_format (when, "%Y-%m-%d,%B %d,%A");

      g_string_append_printf (csv, "%s,%s,%s,\"%s | %s\",\"\",\"Row %u: a day of some length, "
                                   "a walk and \"\"quoted\"\" words<br>and a second line.\"\r\n",
                              date,
                              i % 2 ? "21:40" : "8:05 AM",
                              moods[i % 5],
                              activities[i % 6],
                              activities[(i / 6) % 6],
                              i);
    }
  {
    gsize len = csv->len;

    return g_bytes_new_take (g_string_free (csv, FALSE), len);
  }
}

static ReframeImportBatch *
read_daylio (guint n_rows)
{
  g_autoptr (GBytes) bytes = generate_daylio (n_rows);
  g_autoptr (GError) error = NULL;
  ReframeImportBatch *batch = reframe_daylio_read_bytes (bytes, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (
      reframe_import_batch_get_n_records (batch, REFRAME_IMPORT_MOOD_ENTRY), ==, n_rows);
  return batch;
}

static ReframeImportBatch *
read_archive_bytes (GBytes *bytes)
{
  g_autoptr (GError) error = NULL;
  ReframeImportBatch *batch = reframe_archive_read_bytes (bytes, &error);

  g_assert_no_error (error);
  return batch;
}

static ReframeImportBatch *
read_archive_fixture (gboolean newer)
{
  g_autofree char *path =
      g_test_build_filename (G_TEST_DIST, "data", "imports", "full.reframe", NULL);
  g_autoptr (GBytes) bytes = reframe_test_read_bytes (path);
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr (GBytes) edited = NULL;

  if (newer)
    {
      /* A newer copy of the first entry, with another note. */
      g_auto (GStrv) parts = g_strsplit (text, "Walked by the river.", -1);
      g_autofree char *a = g_strjoinv ("Walked by the sea.", parts);
      g_auto (GStrv) parts2 = g_strsplit (a, "\"updated\": \"2024-03-12T20:41:00.000000Z\"", -1);

      g_free (text);
      text = g_strjoinv ("\"updated\": \"2024-06-01T00:00:00.000000Z\"", parts2);
    }
  edited = g_bytes_new (text, strlen (text));
  return read_archive_bytes (edited);
}

static void
apply_ok (ReframeStore        *store,
          ReframeImportBatch  *batch,
          ReframeImportResult *result)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (reframe_import_apply (store, batch, result, NULL, &error));
  g_assert_no_error (error);
}

/* The message a person reads: what happened, that nothing was imported. */
static void
assert_import_error (const GError *error,
                     int           code)
{
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_true (error->domain == REFRAME_STORE_ERROR);
  if (code == SQLITE_FULL)
    {
      g_assert_cmpint (error->code, ==, REFRAME_STORE_ERROR_DISK_FULL);
      g_assert_nonnull (strstr (error->message, "The disk is full"));
      g_assert_nonnull (strstr (error->message, "Free some space"));
    }
  else
    {
      g_assert_cmpint (error->code, ==, REFRAME_STORE_ERROR_FAILED);
      g_assert_nonnull (strstr (error->message, "could not be read or saved"));
    }
  g_assert_true (strstr (error->message, "nothing was imported") != NULL ||
                 strstr (error->message, "Nothing was imported") != NULL);
  g_assert_nonnull (strstr (error->message, "the journal is as it was"));
  g_assert_null (strstr (error->message, "%"));
}

/* The points to fail at, out of @n: 16 spread over them, the first and the last among
 * them; every one with REFRAME_TEST_EVERY_FAULT=1 in the environment (some 600 imports,
 * 20 s or so). */
static GArray *
choose_points (guint n)
{
  GArray *points = g_array_new (FALSE, FALSE, sizeof (guint));

  if (n <= 16 || g_strcmp0 (g_getenv ("REFRAME_TEST_EVERY_FAULT"), "1") == 0)
    {
      for (guint i = 0; i < n; i++)
        g_array_append_val (points, i);
      return points;
    }
  for (guint k = 0; k < 16; k++)
    {
      guint i = (guint) ((guint64) (n - 1) * k / 15);

      g_array_append_val (points, i);
    }
  return points;
}

/* Counts the operations @batch's import makes on a copy of the journal (so that the
 * journal stays as it is): the store is closed and opened again around it. */
static guint
count_import_operations (Fixture            *f,
                         ReframeImportBatch *batch,
                         guint              *n_added)
{
  g_autofree char *copy_dir = g_build_filename (f->dir, "copy", NULL);
  g_autofree char *copy = g_build_filename (copy_dir, "reframe.db", NULL);
  g_autoptr (GFile) from = g_file_new_for_path (f->db_path);
  g_autoptr (GFile) to = g_file_new_for_path (copy);
  g_autoptr (ReframeStore) other = NULL;
  g_autoptr (GError) error = NULL;
  ReframeImportResult result;
  guint               n;

  g_assert_finalize_object (g_steal_pointer (&f->store));
  g_assert_cmpint (g_mkdir (copy_dir, 0700), ==, 0);
  g_assert_true (g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  open_store (f);

  other = reframe_store_open (copy_dir, &error);
  g_assert_no_error (error);
  reframe_fault_vfs_arm (ALL_OPS, JOURNAL_PART, G_MAXUINT, SQLITE_FULL);
  apply_ok (other, batch, &result);
  n = reframe_fault_vfs_get_n_counted ();
  reframe_fault_vfs_disarm ();
  g_assert_finalize_object (g_steal_pointer (&other));
  reframe_test_remove_tree (copy_dir);
  g_assert_cmpuint (n, >, 0);
  *n_added = result.n_added;
  return n;
}

/* Fails @batch's import at points over its writes; each leaves the journal as it was. */
static void
fail_at_points (Fixture            *f,
                ReframeImportBatch *batch,
                guint              *n_tried)
{
  g_autofree char *before = dump_journal (f->db_path);
  guint            n_sources = count_rows (f->db_path, "import_sources");
  guint            n_added = 0;
  guint            n = count_import_operations (f, batch, &n_added);
  g_autoptr (GArray) points = choose_points (n);
  ReframeImportResult result;

  g_assert_cmpuint (n_added, >, 0);
  g_test_message ("%u operations on the journal, failing at %u of them", n, points->len);
  for (guint c = 0; c < G_N_ELEMENTS (fault_codes); c++)
    for (guint p = 0; p < points->len; p++)
      {
        g_autoptr (GError) error = NULL;
        g_autofree char *after = NULL;

        reframe_fault_vfs_arm (
            ALL_OPS, JOURNAL_PART, g_array_index (points, guint, p), fault_codes[c]);
        g_assert_false (reframe_import_apply (f->store, batch, &result, NULL, &error));
        g_assert_cmpuint (reframe_fault_vfs_get_n_failed (), >, 0);
        reframe_fault_vfs_disarm ();
        assert_import_error (error, fault_codes[c]);
        after = dump_journal (f->db_path);
        g_assert_true (g_str_equal (after, before));
        g_assert_cmpuint (count_rows (f->db_path, "import_sources"), ==, n_sources);
        (*n_tried)++;
      }

  /* The disk has room again: the same import goes through whole. */
  apply_ok (f->store, batch, &result);
  g_assert_cmpuint (result.n_added, ==, n_added);
}

static void
test_daylio (Fixture      *f,
             gconstpointer data)
{
  g_autoptr (ReframeImportBatch) batch = read_daylio (400);
  guint n_tried = 0;

  reframe_test_fill_journal (f->dir, 60);
  open_store (f);
  fail_at_points (f, batch, &n_tried);
  g_assert_cmpuint (
      reframe_mood_repository_count (reframe_store_get_moods (f->store), NULL), ==, 460);
  g_assert_cmpuint (count_rows (f->db_path, "import_sources"), ==, 400);
  g_assert_cmpuint (n_tried, >=, 32);
}

/* An archive of another journal (its own entries, the fixture's records, a newer copy of
 * one of them) merged into a journal that holds entries and the fixture's records. */
static void
test_archive_merge (Fixture      *f,
                    gconstpointer data)
{
  g_autofree char *other_dir = g_build_filename (f->dir, "other", NULL);
  g_autoptr (ReframeImportBatch) fixture = read_archive_fixture (FALSE);
  g_autoptr (ReframeImportBatch) newer = read_archive_fixture (TRUE);
  g_autoptr (ReframeImportBatch) batch = NULL;
  g_autoptr (ReframeStore) other = NULL;
  g_autoptr (GBytes) document = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeMoodEntry) first = NULL;
  ReframeImportResult result;
  guint               n_tried = 0;

  reframe_test_fill_journal (other_dir, 250);
  other = reframe_store_open (other_dir, &error);
  g_assert_no_error (error);
  apply_ok (other, newer, &result);
  document = reframe_archive_build (other,
                                    REFRAME_ARCHIVE_WITH_CONVERSATIONS,
                                    reframe_import_batch_get_settings (newer),
                                    NULL,
                                    &error);
  g_assert_no_error (error);
  g_assert_finalize_object (g_steal_pointer (&other));
  batch = read_archive_bytes (document);

  reframe_test_fill_journal (f->dir, 60);
  open_store (f);
  apply_ok (f->store, fixture, &result);
  fail_at_points (f, batch, &n_tried);
  g_assert_cmpuint (n_tried, >=, 32);
  g_assert_cmpuint (
      reframe_mood_repository_count (reframe_store_get_moods (f->store), NULL), ==, 60 + 250 + 2);
  first = reframe_mood_repository_get (
      reframe_store_get_moods (f->store), "aaaaaaaa-0000-4000-8000-000000000001", NULL);
  g_assert_cmpstr (
      reframe_mood_entry_get_note (first), ==, "Walked by the sea.\nCalmer afterwards.");
}

/* One failure on the worker thread, as the window applies an import. */
static void
test_async (Fixture      *f,
            gconstpointer data)
{
  g_autoptr (ReframeImportBatch) batch = read_daylio (200);
  g_autoptr (GAsyncResult) applied = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char    *before = NULL, *after = NULL;
  ReframeImportResult result;

  reframe_test_fill_journal (f->dir, 20);
  open_store (f);
  before = dump_journal (f->db_path);
  reframe_fault_vfs_arm (ALL_OPS, JOURNAL_PART, 10, SQLITE_FULL);
  reframe_import_apply_async (f->store, batch, NULL, reframe_test_keep_result_cb, &applied);
  while (applied == NULL)
    g_main_context_iteration (NULL, TRUE);
  reframe_fault_vfs_disarm ();
  g_assert_false (reframe_import_apply_finish (f->store, applied, &result, &error));
  assert_import_error (error, SQLITE_FULL);
  after = dump_journal (f->db_path);
  g_assert_true (g_str_equal (after, before));
}

typedef struct
{
  ReframeBackups *backups;
  guint           calls;
} BackupHook;

/* The app's hook: a backup into the journal's backups folder. */
static gboolean
backup_before_import (ReframeStore *store,
                      gpointer      user_data,
                      GError      **error)
{
  BackupHook      *hook = user_data;
  g_autofree char *path = NULL;

  hook->calls++;
  path = reframe_backups_create (hook->backups, REFRAME_BACKUP_REASON_BEFORE_IMPORT, NULL, error);
  return path != NULL;
}

static guint
count_files (const char *folder)
{
  g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static void
test_backup_fails (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr (ReframeImportBatch) batch = read_daylio (100);
  g_autoptr (ReframeImportBatch) archive = read_archive_fixture (FALSE);
  g_autofree char    *folder = g_build_filename (f->dir, "backups", NULL);
  g_autofree char    *before = NULL;
  BackupHook          hook = { NULL, 0 };
  ReframeImportResult result;

  reframe_test_fill_journal (f->dir, 60);
  open_store (f);
  hook.backups = reframe_backups_new (f->store);
  reframe_import_set_backup_func (backup_before_import, &hook);
  before = dump_journal (f->db_path);

  for (guint c = 0; c < G_N_ELEMENTS (fault_codes); c++)
    for (guint i = 0; i < 2; i++)
      {
        ReframeImportBatch *which = i == 0 ? batch : archive;
        g_autoptr (GError) error = NULL;
        g_autofree char *after = NULL;

        /* The disk fails while the backup is written. */
        reframe_fault_vfs_arm (ALL_OPS, "/backups/", 3, fault_codes[c]);
        g_assert_false (reframe_import_apply (f->store, which, &result, NULL, &error));
        reframe_fault_vfs_disarm ();
        g_assert_error (error, REFRAME_IMPORT_ERROR, REFRAME_IMPORT_ERROR_BACKUP);
        g_test_message ("%s", error->message);
        g_assert_nonnull (
            strstr (error->message,
                    "could not back up the journal before importing, so it imported nothing"));
        /* The backup's own words for a full disk. */
        if (fault_codes[c] == SQLITE_FULL)
          g_assert_nonnull (strstr (error->message, "There is no room left in"));
        after = dump_journal (f->db_path);
        g_assert_true (g_str_equal (after, before));
        g_assert_cmpuint (count_rows (f->db_path, "import_sources"), ==, 0);
        /* No backup and no half-written one is left. */
        g_assert_cmpuint (count_files (folder), ==, 0);
      }
  g_assert_cmpuint (hook.calls, ==, 4);

  /* With room again: one backup, then the import. */
  apply_ok (f->store, batch, &result);
  g_assert_cmpuint (result.n_added, ==, 100);
  g_assert_cmpuint (hook.calls, ==, 5);
  g_assert_cmpuint (count_files (folder), ==, 1);
  reframe_import_set_backup_func (NULL, NULL);
  g_assert_finalize_object (hook.backups);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* Every connection goes through the fault VFS, which does nothing until armed. */
  reframe_fault_vfs_install ();

#define ADD(name, func) \
  g_test_add (          \
      "/reframe/import-faults/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("daylio", test_daylio);
  ADD ("archive-merge", test_archive_merge);
  ADD ("async", test_async);
  ADD ("backup-fails", test_backup_fails);
#undef ADD

  return g_test_run ();
}
