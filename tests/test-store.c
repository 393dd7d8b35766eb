/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-store.c: opening, migrating and refusing files; entries and tags. */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>

#include "reframe-mood-entry.h"
#include "reframe-mood-repository.h"
#include "reframe-store-private.h"
#include "reframe-tag.h"
#include "reframe-test-util.h"

typedef struct
{
  char *dir;
  char *db_path;
} Fixture;

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
  reframe_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->db_path);
}

static void
sql_on_file (const char *path,
             const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static int
user_version_of (const char *path)
{
  sqlite3      *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int           version;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return version;
}

static GBytes *
read_bytes (const char *path)
{
  g_autofree char *contents = NULL;
  gsize            length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_bytes_new_take (g_steal_pointer (&contents), length);
}

static void
test_new_file_is_private (Fixture      *f,
                          gconstpointer data)
{
  g_autofree char *nested = g_build_filename (f->dir, "deeper", "reframe", NULL);
  g_autofree char *path = g_build_filename (nested, "reframe.db", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeStore) store = reframe_store_open (nested, &error);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  struct stat st;

  g_assert_no_error (error);
  g_assert_cmpstr (reframe_store_get_path (store), ==, path);
  g_assert_cmpint (reframe_store_get_schema_version (store), ==, REFRAME_STORE_SCHEMA_VERSION);

  g_assert_cmpint (g_stat (nested, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  stmt = _reframe_store_prepare (_reframe_store_get_db (store), "PRAGMA journal_mode", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
}

static void
test_crud (Fixture      *f,
           gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeStore) store = reframe_store_open (f->dir, &error);
  ReframeMoodRepository *moods = reframe_store_get_moods (store);
  g_autoptr (ReframeMoodEntry) entry = reframe_test_entry_at (
      "2026-03-14T21:30:00+01:00", REFRAME_MOOD_GOOD, "A walk by the river.");
  g_autoptr (ReframeMoodEntry) loaded = NULL;
  g_autoptr (GDateTime) created = NULL;
  const char *feelings[] = { "calm", "grateful", NULL };
  const char *activities[] = { "outdoors", "my own thing", NULL };

  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (reframe_mood_entry_get_uuid (entry)));
  reframe_mood_entry_set_feelings (entry, feelings);
  reframe_mood_entry_set_activities (entry, activities);
  reframe_mood_entry_set_sleep_hours (entry, 7.5);
  reframe_mood_entry_set_private (entry, TRUE);

  g_assert_true (reframe_mood_repository_save (moods, entry, &error));
  g_assert_no_error (error);
  g_assert_nonnull (reframe_mood_entry_get_created (entry));
  created = g_date_time_ref (reframe_mood_entry_get_created (entry));

  loaded = reframe_mood_repository_get (moods, reframe_mood_entry_get_uuid (entry), &error);
  g_assert_no_error (error);
  g_assert_cmpint (reframe_mood_entry_get_mood (loaded), ==, REFRAME_MOOD_GOOD);
  g_assert_cmpstr (reframe_mood_entry_get_note (loaded), ==, "A walk by the river.");
  g_assert_true (g_strv_equal (reframe_mood_entry_get_feelings (loaded), feelings));
  g_assert_true (g_strv_equal (reframe_mood_entry_get_activities (loaded), activities));
  g_assert_cmpfloat (reframe_mood_entry_get_sleep_hours (loaded), ==, 7.5);
  g_assert_true (reframe_mood_entry_get_private (loaded));
  g_assert_true (g_date_time_equal (reframe_mood_entry_get_time (loaded),
                                    reframe_mood_entry_get_time (entry)));
  g_assert_cmpint (
      g_date_time_get_utc_offset (reframe_mood_entry_get_time (loaded)), ==, G_TIME_SPAN_HOUR);
  g_clear_object (&loaded);

  g_usleep (2000);
  reframe_mood_entry_set_note (entry, "Changed my mind.");
  reframe_mood_entry_set_sleep_hours (entry, REFRAME_SLEEP_UNKNOWN);
  g_assert_true (reframe_mood_repository_save (moods, entry, &error));
  loaded = reframe_mood_repository_get (moods, reframe_mood_entry_get_uuid (entry), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (reframe_mood_entry_get_note (loaded), ==, "Changed my mind.");
  g_assert_cmpfloat (reframe_mood_entry_get_sleep_hours (loaded), ==, REFRAME_SLEEP_UNKNOWN);
  g_assert_true (g_date_time_equal (reframe_mood_entry_get_created (loaded), created));
  g_assert_cmpint (g_date_time_compare (reframe_mood_entry_get_updated (loaded), created), >, 0);
  g_assert_cmpuint (reframe_mood_repository_count (moods, &error), ==, 1);
  g_clear_object (&loaded);

  g_assert_true (
      reframe_mood_repository_delete (moods, reframe_mood_entry_get_uuid (entry), &error));
  g_assert_no_error (error);
  loaded = reframe_mood_repository_get (moods, reframe_mood_entry_get_uuid (entry), &error);
  g_assert_null (loaded);
  g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (
      reframe_mood_repository_delete (moods, reframe_mood_entry_get_uuid (entry), &error));
  g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpuint (reframe_mood_repository_count (moods, &error), ==, 0);

  /* Undo of a delete saves the kept copy back under the same UUID and first time. */
  g_assert_true (reframe_mood_repository_save (moods, entry, &error));
  loaded = reframe_mood_repository_get (moods, reframe_mood_entry_get_uuid (entry), &error);
  g_assert_no_error (error);
  g_assert_true (g_date_time_equal (reframe_mood_entry_get_created (loaded), created));
}

static void
test_survives_reopen (Fixture      *f,
                      gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeMoodEntry) entry =
      reframe_test_entry_at ("2025-12-31T23:59:00Z", REFRAME_MOOD_AWFUL, "Last day of the year.");
  g_autoptr (ReframeMoodEntry) loaded = NULL;
  ReframeStore *store = reframe_store_open (f->dir, &error);

  g_assert_no_error (error);
  g_assert_true (reframe_mood_repository_save (reframe_store_get_moods (store), entry, &error));
  g_assert_finalize_object (store);

  store = reframe_store_open (f->dir, &error);
  g_assert_no_error (error);
  loaded = reframe_mood_repository_get (
      reframe_store_get_moods (store), reframe_mood_entry_get_uuid (entry), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (reframe_mood_entry_get_note (loaded), ==, "Last day of the year.");
  g_clear_object (&loaded);
  g_assert_finalize_object (store);
}

static void
test_invalid_entry_writes_nothing (Fixture      *f,
                                   gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeStore) store = reframe_store_open (f->dir, &error);
  g_autoptr (ReframeMoodEntry) entry = reframe_mood_entry_new ();

  reframe_mood_entry_set_note (entry, "No mood chosen yet");
  g_assert_false (reframe_mood_repository_save (reframe_store_get_moods (store), entry, &error));
  g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (reframe_mood_repository_count (reframe_store_get_moods (store), &error), ==, 0);
  g_assert_cmpstr (reframe_mood_entry_get_note (entry), ==, "No mood chosen yet");
}

static void
make_v1_journal_with_entry (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  ReframeStore *old = _reframe_store_open_at_version (f->dir, 1, &error);

  g_assert_no_error (error);
  g_assert_cmpint (reframe_store_get_schema_version (old), ==, 1);
  g_assert_finalize_object (old);
  sql_on_file (f->db_path,
               "INSERT INTO mood_entries (uuid, mood, at, utc_offset, day, created, updated)"
               " VALUES ('1b4e28ba-2fa1-41d2-883f-0016d3cca427', 2, 1700000000, 0,"
               " '2023-11-14', '2023-11-14T22:13:20Z', '2023-11-14T22:13:20Z');"
               "INSERT INTO mood_notes VALUES (1, 'Rainy and restless');"
               "INSERT INTO entry_tags SELECT 1, 0, id FROM tags WHERE name = 'tired';");
}

static void
test_migration_takes_backup (Fixture      *f,
                             gconstpointer data)
{
  g_autofree char *backup = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) found = NULL;
  ReframeStore *store;

  make_v1_journal_with_entry (f);
  store = reframe_store_open (f->dir, &error);
  g_assert_no_error (error);
  g_assert_cmpint (reframe_store_get_schema_version (store), ==, REFRAME_STORE_SCHEMA_VERSION);

  backup = reframe_test_find_backup (f->dir, "before-update");
  g_assert_nonnull (backup);
  g_assert_true (g_file_test (backup, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (user_version_of (backup), ==, 1);

  /* Version 2 indexed what version 1 held. */
  g_assert_cmpuint (reframe_mood_repository_count (reframe_store_get_moods (store), &error), ==, 1);
  found = reframe_mood_repository_search (reframe_store_get_moods (store), "restless", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = reframe_mood_repository_search (reframe_store_get_moods (store), "tired", 0, &error);
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);
  g_assert_finalize_object (store);
}

static void
test_failed_migration_changes_nothing (Fixture      *f,
                                       gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  ReframeStore *store;

  make_v1_journal_with_entry (f);
  /* Something in the way of version 2 makes its migration fail half-way. */
  sql_on_file (f->db_path, "CREATE TABLE mood_days (x);");

  store = reframe_store_open (f->dir, &error);
  g_assert_null (store);
  g_assert_nonnull (error);
  g_assert_true (g_str_has_prefix (error->message, "The journal could not be updated"));
  g_assert_cmpint (user_version_of (f->db_path), ==, 1);
  g_clear_error (&error);

  /* The rollback also took back the search table made before the failure. */
  sql_on_file (f->db_path, "DROP TABLE mood_days;");
  store = reframe_store_open (f->dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (reframe_mood_repository_count (reframe_store_get_moods (store), &error), ==, 1);
  g_assert_finalize_object (store);
}

static void
test_newer_file_untouched (Fixture      *f,
                           gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) before = NULL;
  g_autoptr (GBytes) after = NULL;
  ReframeStore *store = reframe_store_open (f->dir, &error);

  g_assert_no_error (error);
  g_assert_finalize_object (store);
  sql_on_file (f->db_path, "PRAGMA journal_mode = DELETE; PRAGMA user_version = 99;");
  before = read_bytes (f->db_path);

  store = reframe_store_open (f->dir, &error);
  g_assert_null (store);
  g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer version"));
  after = read_bytes (f->db_path);
  g_assert_true (g_bytes_equal (before, after));
  g_assert_cmpint (user_version_of (f->db_path), ==, 99);
}

static void
test_garbage_file_untouched (Fixture      *f,
                             gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) after = NULL;
  const char    text[] = "These are my notes, not a database.\n";
  ReframeStore *store;

  g_assert_true (g_file_set_contents (f->db_path, text, -1, NULL));
  store = reframe_store_open (f->dir, &error);
  g_assert_null (store);
  g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_CORRUPT);
  after = read_bytes (f->db_path);
  g_assert_cmpmem (g_bytes_get_data (after, NULL), g_bytes_get_size (after), text, strlen (text));
}

static void
test_damaged_database_untouched (Fixture      *f,
                                 gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) before = NULL;
  g_autoptr (GBytes) after = NULL;
  g_autofree char *contents = NULL;
  gsize            length = 0;
  ReframeStore    *store = reframe_store_open (f->dir, &error);

  g_assert_no_error (error);
  g_assert_finalize_object (store);
  sql_on_file (f->db_path, "PRAGMA journal_mode = DELETE;");

  /* Keep the SQLite header, scribble over the schema page behind it. */
  g_assert_true (g_file_get_contents (f->db_path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 4096);
  memset (contents + 100, 0x5a, 3000);
  g_assert_true (g_file_set_contents (f->db_path, contents, length, NULL));
  before = read_bytes (f->db_path);

  store = reframe_store_open (f->dir, &error);
  g_assert_null (store);
  g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_CORRUPT);
  after = read_bytes (f->db_path);
  g_assert_true (g_bytes_equal (before, after));
}

static void
test_folder_cannot_be_made (Fixture      *f,
                            gconstpointer data)
{
  g_autofree char *file = g_build_filename (f->dir, "a-file", NULL);
  g_autofree char *below = g_build_filename (file, "reframe", NULL);
  g_autoptr (GError) error = NULL;
  ReframeStore *store;

  g_assert_true (g_file_set_contents (file, "x", -1, NULL));
  store = reframe_store_open (below, &error);
  g_assert_null (store);
  g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_NO_FOLDER);
  g_assert_nonnull (strstr (error->message, below));

  g_clear_error (&error);
  store = reframe_store_open (file, &error);
  g_assert_null (store);
  g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_NO_FOLDER);
}

static void
test_read_only_file (Fixture      *f,
                     gconstpointer data)
{
  if (g_test_subprocess ())
    {
      g_autoptr (GError) error = NULL;
      const char   *dir = g_getenv ("REFRAME_TEST_DIR");
      ReframeStore *store;

      /* Root may write anything, so the check runs as nobody. */
      if (geteuid () == 0)
        g_assert_cmpint (setuid (65534), ==, 0);
      store = reframe_store_open (dir, &error);
      g_assert_null (store);
      g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_READ_ONLY);
      g_print ("%s\n", error->message);
      return;
    }
  else
    {
      g_autoptr (GError) error = NULL;
      ReframeStore *store = reframe_store_open (f->dir, &error);

      g_assert_no_error (error);
      g_assert_finalize_object (store);
      sql_on_file (f->db_path, "PRAGMA journal_mode = DELETE;");
      g_assert_cmpint (g_chmod (f->dir, 0755), ==, 0);
      g_assert_cmpint (g_chmod (f->db_path, 0444), ==, 0);
      g_setenv ("REFRAME_TEST_DIR", f->dir, TRUE);
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      g_test_trap_assert_stdout ("*read-only*");
    }
}

static void
test_disk_full_keeps_entry (Fixture      *f,
                            gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeStore) store = reframe_store_open (f->dir, &error);
  g_autoptr (ReframeMoodEntry) entry =
      reframe_test_entry_at ("2026-01-02T08:00:00Z", REFRAME_MOOD_OKAY, NULL);
  g_autofree char *long_note = g_strnfill (200000, 'w');

  g_assert_no_error (error);
  /* Cap the file at its current size: the next write runs out of room, as on a full disk. */
  {
    g_autoptr (sqlite3_stmt) stmt =
        _reframe_store_prepare (_reframe_store_get_db (store), "PRAGMA page_count", &error);
    g_autofree char *cap = NULL;

    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    cap = g_strdup_printf ("PRAGMA max_page_count = %d", sqlite3_column_int (stmt, 0));
    g_assert_true (_reframe_store_exec (_reframe_store_get_db (store), cap, &error));
  }

  reframe_mood_entry_set_note (entry, long_note);
  g_assert_false (reframe_mood_repository_save (reframe_store_get_moods (store), entry, &error));
  g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_DISK_FULL);
  g_assert_cmpstr (reframe_mood_entry_get_note (entry), ==, long_note);
  g_clear_error (&error);
  g_assert_cmpuint (reframe_mood_repository_count (reframe_store_get_moods (store), &error), ==, 0);
}

typedef struct
{
  sqlite3 *db;
  guint    hold_ms;
} HeldLock;

static gpointer
commit_later_thread (gpointer data)
{
  HeldLock *held = data;

  g_usleep (held->hold_ms * 1000);
  g_assert_cmpint (sqlite3_exec (held->db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  return NULL;
}

/* The window's autosave and a `reframe log` are two connections to one file: while one
 * writes, the other waits its turn rather than failing with "database is locked". */
static void
test_writes_wait_for_each_other (Fixture      *f,
                                 gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeStore) window = reframe_store_open (f->dir, &error);
  g_autoptr (ReframeStore) cli = reframe_store_open (f->dir, &error);
  g_autoptr (ReframeMoodEntry) first =
      reframe_test_entry_at ("2026-01-02T08:00:00Z", REFRAME_MOOD_OKAY, "From the window");
  g_autoptr (ReframeMoodEntry) second =
      reframe_test_entry_at ("2026-01-02T09:00:00Z", REFRAME_MOOD_GOOD, "From the command line");
  HeldLock held = { _reframe_store_get_db (window), 300 };
  GThread *thread;
  gint64   start;

  g_assert_no_error (error);
  /* Both have read the journal, as a window showing its list has. */
  g_assert_cmpuint (
      reframe_mood_repository_count (reframe_store_get_moods (window), &error), ==, 0);
  g_assert_cmpuint (reframe_mood_repository_count (reframe_store_get_moods (cli), &error), ==, 0);

  /* The window is half-way through a save when the other one starts its own. */
  g_assert_true (_reframe_store_exec (held.db, "BEGIN IMMEDIATE", &error));
  g_assert_true (reframe_mood_repository_save (reframe_store_get_moods (window), first, &error));
  g_assert_no_error (error);
  thread = g_thread_new ("commit-later", commit_later_thread, &held);
  start = g_get_monotonic_time ();
  g_assert_true (reframe_mood_repository_save (reframe_store_get_moods (cli), second, &error));
  g_assert_no_error (error);
  g_thread_join (thread);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 200 * G_TIME_SPAN_MILLISECOND);

  g_assert_cmpuint (
      reframe_mood_repository_count (reframe_store_get_moods (window), &error), ==, 2);
  g_assert_cmpuint (reframe_mood_repository_count (reframe_store_get_moods (cli), &error), ==, 2);
}

/* A damaged journal (a data page overwritten) can still be read in part, but nothing
 * writes to it, whatever writes: each refusal says what reading the damage says. */
static void
test_damaged_journal_refuses_writes (Fixture      *f,
                                     gconstpointer data)
{
  g_autoptr (GError) read_error = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GBytes) before = NULL;
  g_autoptr (GBytes) after = NULL;
  g_autoptr (ReframeMoodEntry) entry =
      reframe_test_entry_at ("2026-01-02T08:00:00Z", REFRAME_MOOD_OKAY, "Should not be saved");
  g_autoptr (GPtrArray) found = NULL;
  ReframeStore *store;

  reframe_test_fill_journal (f->dir, 300);
  reframe_test_damage_middle_page (f->db_path, "mood_notes");
  before = reframe_test_read_bytes (f->db_path);

  store = reframe_store_open (f->dir, &error);
  g_assert_no_error (error);
  found = reframe_mood_repository_list (reframe_store_get_moods (store), NULL, NULL, &read_error);
  g_assert_null (found);
  g_assert_error (read_error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_CORRUPT);

  g_assert_false (reframe_mood_repository_save (reframe_store_get_moods (store), entry, &error));
  g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_CORRUPT);
  g_assert_cmpstr (error->message, ==, read_error->message);
  g_clear_error (&error);
  g_assert_false (reframe_mood_repository_add_tag (
      reframe_store_get_moods (store), REFRAME_TAG_ACTIVITY, "chores", NULL, &error));
  g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_CORRUPT);
  g_clear_error (&error);

  /* The window asks at start-up, without waiting for the answer. */
  reframe_store_check_async (store, NULL, reframe_test_keep_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (reframe_store_check_finish (store, result, &error));
  g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_CORRUPT);
  g_assert_cmpstr (error->message, ==, read_error->message);
  g_clear_object (&result);

  /* The check's worker thread lets go of the store just after answering. */
  g_object_add_weak_pointer (G_OBJECT (store), (gpointer *) &store);
  g_object_unref (store);
  while (store != NULL)
    g_usleep (1000);
  after = reframe_test_read_bytes (f->db_path);
  g_assert_true (g_bytes_equal (before, after));
}

/* A sound journal: the check passes, in the background or before the first write. */
static void
test_sound_journal_passes_check (Fixture      *f,
                                 gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeStore) store = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (ReframeMoodEntry) entry =
      reframe_test_entry_at ("2026-01-02T08:00:00Z", REFRAME_MOOD_OKAY, "Saved");

  reframe_test_fill_journal (f->dir, 300);
  store = reframe_store_open (f->dir, &error);
  g_assert_no_error (error);
  reframe_store_check_async (store, NULL, reframe_test_keep_result_cb, &result);
  /* A save while the check runs waits for its answer. */
  g_assert_true (reframe_mood_repository_save (reframe_store_get_moods (store), entry, &error));
  g_assert_no_error (error);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (reframe_store_check_finish (store, result, &error));
  g_assert_no_error (error);
}

static mode_t
mode_of (const char *path)
{
  struct stat st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 07777;
}

/* A folder and files made by an older Reframe, another program or a loose umask are
 * made private when the journal is opened. */
static void
test_existing_files_made_private (Fixture      *f,
                                  gconstpointer data)
{
  g_autofree char *backup = g_strdup_printf ("%s.v1.backup", f->db_path);
  g_autoptr (GError) error = NULL;
  ReframeStore *store = reframe_store_open (f->dir, &error);

  g_assert_no_error (error);
  g_assert_finalize_object (store);
  g_assert_true (g_file_set_contents (backup, "", 0, NULL));
  g_assert_cmpint (g_chmod (f->dir, 0755), ==, 0);
  g_assert_cmpint (g_chmod (f->db_path, 0644), ==, 0);
  g_assert_cmpint (g_chmod (backup, 0644), ==, 0);

  store = reframe_store_open (f->dir, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mode_of (f->dir), ==, 0700);
  g_assert_cmpint (mode_of (f->db_path), ==, 0600);
  g_assert_cmpint (mode_of (backup), ==, 0600);
  g_assert_finalize_object (store);
}

/* A shared folder such as /tmp (sticky) is the journal's folder only by the person's
 * choice; its permissions are not Reframe's to change. */
static void
test_shared_folder_left_alone (Fixture      *f,
                               gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  ReframeStore *store;

  g_assert_cmpint (g_chmod (f->dir, 01777), ==, 0);
  store = reframe_store_open (f->dir, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mode_of (f->dir), ==, 01777);
  g_assert_cmpint (mode_of (f->db_path), ==, 0600);
  g_assert_finalize_object (store);
}

/* With almost no room left on the disk (SQLite's shared-memory index cannot grow to its
 * 32 KiB), the journal still opens and reads; a save says the disk is full. */
static void
test_nearly_full_disk_still_reads (Fixture      *f,
                                   gconstpointer data)
{
  if (g_test_subprocess ())
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (ReframeStore) store = NULL;
      g_autoptr (GPtrArray) found = NULL;
      g_autoptr (ReframeMoodEntry) entry =
          reframe_test_entry_at ("2026-01-02T08:00:00Z", REFRAME_MOOD_OKAY, "One more");

      reframe_test_limit_file_size (GSIZE_TO_POINTER (16 * 1024));
      store = reframe_store_open (g_getenv ("REFRAME_TEST_DIR"), &error);
      g_assert_no_error (error);
      found = reframe_mood_repository_list (reframe_store_get_moods (store), NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (found->len, ==, 20);
      g_clear_pointer (&found, g_ptr_array_unref);
      found = reframe_mood_repository_search (reframe_store_get_moods (store), "river", 0, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (found->len, ==, 20);

      g_assert_false (
          reframe_mood_repository_save (reframe_store_get_moods (store), entry, &error));
      g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_DISK_FULL);
      g_assert_null (strstr (error->message, "kept"));
      return;
    }

  reframe_test_fill_journal (f->dir, 20);
  g_setenv ("REFRAME_TEST_DIR", f->dir, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* "chores, Chores, chores" is one activity, spelled as first given. */
static void
test_duplicate_tags_kept_once (Fixture      *f,
                               gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeStore) store = reframe_store_open (f->dir, &error);
  g_autoptr (ReframeMoodEntry) entry =
      reframe_test_entry_at ("2026-01-02T08:00:00Z", REFRAME_MOOD_OKAY, NULL);
  g_autoptr (ReframeMoodEntry) loaded = NULL;
  const char *activities[] = { "chores", "Chores", " chores ", "cooking", "CHORES", NULL };
  const char *feelings[] = { "Calm", "calm", "Café", "CAFÉ", NULL };
  const char *unique_activities[] = { "chores", "cooking", NULL };
  const char *unique_feelings[] = { "Calm", "Café", NULL };

  reframe_mood_entry_set_activities (entry, activities);
  reframe_mood_entry_set_feelings (entry, feelings);
  g_assert_true (g_strv_equal (reframe_mood_entry_get_activities (entry), unique_activities));
  g_assert_true (g_strv_equal (reframe_mood_entry_get_feelings (entry), unique_feelings));

  g_assert_true (reframe_mood_repository_save (reframe_store_get_moods (store), entry, &error));
  g_assert_no_error (error);
  loaded = reframe_mood_repository_get (
      reframe_store_get_moods (store), reframe_mood_entry_get_uuid (entry), &error);
  g_assert_true (g_strv_equal (reframe_mood_entry_get_activities (loaded), unique_activities));
  g_assert_true (g_strv_equal (reframe_mood_entry_get_feelings (loaded), unique_feelings));
}

/* Values that cannot be read back are refused rather than stored. */
static void
test_unreadable_values_refused (Fixture      *f,
                                gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeStore) store = reframe_store_open (f->dir, &error);
  ReframeMoodRepository *moods = reframe_store_get_moods (store);
  g_autoptr (ReframeMoodEntry) late =
      reframe_test_entry_at ("9999-12-31T23:59:59-14:00", REFRAME_MOOD_OKAY, NULL);
  g_autoptr (ReframeMoodEntry) bad_text =
      reframe_test_entry_at ("2026-01-02T08:00:00Z", REFRAME_MOOD_OKAY, "caf\xe9");
  g_autoptr (ReframeMoodEntry) bad_tag =
      reframe_test_entry_at ("2026-01-02T08:00:00Z", REFRAME_MOOD_OKAY, NULL);
  g_autoptr (ReframeMoodEntry) sleepy =
      reframe_test_entry_at ("2026-01-02T08:00:00Z", REFRAME_MOOD_OKAY, NULL);
  const char *tags[] = { "ok", "caf\xe9", NULL };

  g_assert_false (reframe_mood_repository_save (moods, late, &error));
  g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (reframe_mood_repository_save (moods, bad_text, &error));
  g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_INVALID);
  g_clear_error (&error);
  reframe_mood_entry_set_activities (bad_tag, tags);
  g_assert_false (reframe_mood_repository_save (moods, bad_tag, &error));
  g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (reframe_mood_repository_count (moods, &error), ==, 0);

  /* Not a number of hours is no number of hours, never 24. */
  reframe_mood_entry_set_sleep_hours (sleepy, NAN);
  g_assert_cmpfloat (reframe_mood_entry_get_sleep_hours (sleepy), ==, REFRAME_SLEEP_UNKNOWN);
}

/* A row an older Reframe stored with a time past year 9999 in UTC reads back, at the
 * last time that can be shown, rather than as "(null)" with warnings. */
static void
test_out_of_range_row_reads (Fixture      *f,
                             gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeStore) store = reframe_store_open (f->dir, &error);
  g_autoptr (GPtrArray) found = NULL;
  GDateTime *time;

  g_assert_true (_reframe_store_exec (
      _reframe_store_get_db (store),
      "INSERT INTO mood_entries (uuid, mood, at, utc_offset, day, created, updated)"
      " VALUES ('1b4e28ba-2fa1-41d2-883f-0016d3cca427', 3, 253402347599, -50400,"
      " '9999-12-31', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
      &error));
  found = reframe_mood_repository_list (reframe_store_get_moods (store), NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  time = reframe_mood_entry_get_time (g_ptr_array_index (found, 0));
  g_assert_nonnull (time);
  g_assert_cmpint (g_date_time_get_year (time), ==, 9999);
}

static gboolean
tags_contain (GPtrArray  *tags,
              const char *name)
{
  for (guint i = 0; i < tags->len; i++)
    if (g_str_equal (reframe_tag_get_name (g_ptr_array_index (tags, i)), name))
      return TRUE;
  return FALSE;
}

static void
test_tags (Fixture      *f,
           gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeStore) store = reframe_store_open (f->dir, &error);
  ReframeMoodRepository *moods = reframe_store_get_moods (store);
  g_autoptr (GPtrArray) tags = NULL;
  g_autoptr (ReframeMoodEntry) entry =
      reframe_test_entry_at ("2026-01-02T08:00:00Z", REFRAME_MOOD_OKAY, NULL);
  g_autoptr (ReframeMoodEntry) loaded = NULL;
  const char      *calm[] = { "calm", NULL };
  g_autofree char *too_long = g_strnfill (41, 'x');

  tags = reframe_mood_repository_list_tags (moods, REFRAME_TAG_ACTIVITY, &error);
  g_assert_no_error (error);
  g_assert_true (tags_contain (tags, "exercise"));
  g_assert_true (tags_contain (tags, "medication taken"));
  g_assert_nonnull (reframe_tag_get_icon_name (g_ptr_array_index (tags, 0)));
  g_clear_pointer (&tags, g_ptr_array_unref);

  g_assert_true (
      reframe_mood_repository_add_tag (moods, REFRAME_TAG_FEELING, "  restless ", NULL, &error));
  g_assert_no_error (error);
  reframe_mood_entry_set_feelings (entry, calm);
  g_assert_true (reframe_mood_repository_save (moods, entry, &error));
  g_assert_true (reframe_mood_repository_hide_tag (moods, REFRAME_TAG_FEELING, "calm", &error));

  tags = reframe_mood_repository_list_tags (moods, REFRAME_TAG_FEELING, &error);
  g_assert_true (tags_contain (tags, "restless"));
  g_assert_false (tags_contain (tags, "calm"));
  g_clear_pointer (&tags, g_ptr_array_unref);

  /* Hiding a tag never takes it from the entries that have it. */
  loaded = reframe_mood_repository_get (moods, reframe_mood_entry_get_uuid (entry), &error);
  g_assert_true (g_strv_equal (reframe_mood_entry_get_feelings (loaded), calm));

  g_assert_false (
      reframe_mood_repository_add_tag (moods, REFRAME_TAG_FEELING, "   ", NULL, &error));
  g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (
      reframe_mood_repository_add_tag (moods, REFRAME_TAG_ACTIVITY, too_long, NULL, &error));
  g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_INVALID);
}

static gboolean
release_lock_cb (gpointer data)
{
  sqlite3 *holder = data;

  g_assert_cmpint (sqlite3_exec (holder, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
  return G_SOURCE_REMOVE;
}

static gpointer
open_store_thread (gpointer data)
{
  Fixture      *f = data;
  GError       *error = NULL;
  ReframeStore *store = reframe_store_open (f->dir, &error);

  g_assert_no_error (error);
  return store;
}

/* Scripts that start side by side on a new journal: while one holds the file's write
 * lock before it is WAL, another Reframe waits for it rather than failing with
 * "database is locked" (SQLite does not call the busy handler there). */
static void
test_new_journal_waits_for_other_writer (Fixture      *f,
                                         gconstpointer data)
{
  sqlite3 *holder = NULL;
  g_autoptr (GThread) thread = NULL;
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  ReframeStore *store;

  g_assert_cmpint (g_mkdir_with_parents (f->dir, 0700), ==, 0);
  g_assert_cmpint (sqlite3_open (f->db_path, &holder), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (holder, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);

  thread = g_thread_new ("open-store", open_store_thread, f);
  g_timeout_add (300, release_lock_cb, holder);
  g_timeout_add (400, (GSourceFunc) g_main_loop_quit, loop);
  g_main_loop_run (loop);
  store = g_thread_join (g_steal_pointer (&thread));
  g_assert_nonnull (store);
  g_assert_cmpint (sqlite3_close (holder), ==, SQLITE_OK);
  g_object_unref (store);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/reframe/store/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("new-file-is-private", test_new_file_is_private);
  ADD ("entry-saves-reads-back-updates-and-deletes", test_crud);
  ADD ("survives-reopen", test_survives_reopen);
  ADD ("invalid-entry-writes-nothing", test_invalid_entry_writes_nothing);
  ADD ("migration-takes-backup", test_migration_takes_backup);
  ADD ("failed-migration-changes-nothing", test_failed_migration_changes_nothing);
  ADD ("newer-file-untouched", test_newer_file_untouched);
  ADD ("garbage-file-untouched", test_garbage_file_untouched);
  ADD ("damaged-database-untouched", test_damaged_database_untouched);
  ADD ("folder-cannot-be-made", test_folder_cannot_be_made);
  ADD ("read-only-file", test_read_only_file);
  ADD ("disk-full-keeps-entry", test_disk_full_keeps_entry);
  ADD ("tags", test_tags);
  ADD ("writes-wait-for-each-other", test_writes_wait_for_each_other);
  ADD ("damaged-journal-refuses-writes", test_damaged_journal_refuses_writes);
  ADD ("sound-journal-passes-check", test_sound_journal_passes_check);
  ADD ("existing-files-made-private", test_existing_files_made_private);
  ADD ("shared-folder-left-alone", test_shared_folder_left_alone);
  ADD ("nearly-full-disk-still-reads", test_nearly_full_disk_still_reads);
  ADD ("duplicate-tags-kept-once", test_duplicate_tags_kept_once);
  ADD ("unreadable-values-refused", test_unreadable_values_refused);
  ADD ("out-of-range-row-reads", test_out_of_range_row_reads);
  ADD ("new-journal-waits-for-other-writer", test_new_journal_waits_for_other_writer);
#undef ADD

  return g_test_run ();
}
