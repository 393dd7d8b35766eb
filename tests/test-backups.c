/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-backups.c: backups made, checked, listed, rotated and restored; refusals; the
 * copy before a format update; failures of the disk at every point (the fault VFS);
 * `reframe backup`, `reframe backups` and `reframe restore`. */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/stat.h>

#include "reframe-backups-private.h"
#include "reframe-fault-vfs.h"
#include "reframe-mood-entry.h"
#include "reframe-mood-repository.h"
#include "reframe-store-private.h"
#include "reframe-test-util.h"
#include "test-backups-private.h"

void
_reframe_test_open_store (Fixture *f)
{
  g_autoptr (GError) error = NULL;

  f->store = reframe_store_open (f->dir, &error);
  g_assert_no_error (error);
  f->backups = reframe_backups_new (f->store);
}

void
_reframe_test_close_store (Fixture *f)
{
  g_assert_finalize_object (f->backups);
  g_assert_finalize_object (f->store);
  f->backups = NULL;
  f->store = NULL;
}

void
_reframe_test_fixture_set_up (Fixture      *f,
                              gconstpointer data)
{
  f->dir = reframe_test_make_tmp_dir ();
  f->db_path = g_build_filename (f->dir, "reframe.db", NULL);
  f->folder = g_build_filename (f->dir, "backups", NULL);
  _reframe_test_open_store (f);
}

void
_reframe_test_fixture_tear_down (Fixture      *f,
                                 gconstpointer data)
{
  reframe_fault_vfs_disarm ();
  if (f->store != NULL)
    _reframe_test_close_store (f);
  reframe_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->db_path);
  g_free (f->folder);
}

ReframeMoodEntry *
_reframe_test_save (Fixture    *f,
                    const char *time,
                    const char *note)
{
  g_autoptr (GError) error = NULL;
  ReframeMoodEntry *entry = reframe_test_entry_at (time, REFRAME_MOOD_OKAY, note);

  g_assert_true (reframe_mood_repository_save (reframe_store_get_moods (f->store), entry, &error));
  g_assert_no_error (error);
  return entry;
}

guint
_reframe_test_count_entries (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  guint n = reframe_mood_repository_count (reframe_store_get_moods (f->store), &error);

  g_assert_no_error (error);
  return n;
}

gboolean
_reframe_test_has_entry (Fixture    *f,
                         const char *uuid)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeMoodEntry) entry =
      reframe_mood_repository_get (reframe_store_get_moods (f->store), uuid, &error);

  return entry != NULL;
}

mode_t
_reframe_test_mode_of (const char *path)
{
  struct stat st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 07777;
}

void
_reframe_test_assert_journal_sound (const char *path)
{
  sqlite3 *db = NULL;
  int      version = 0;
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_true (_reframe_backups_check_journal (db, &version, &error));
  g_assert_no_error (error);
  g_assert_cmpint (version, ==, REFRAME_STORE_SCHEMA_VERSION);
  sqlite3_close (db);
}

/* Names in @folder that are not finished backups: temporary files or folders. */
guint
_reframe_test_count_strays (const char *folder)
{
  g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;
  guint       n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autoptr (ReframeBackupInfo) info = _reframe_backups_parse_name (folder, name);

      if (info == NULL)
        {
          g_test_message ("stray: %s", name);
          n++;
        }
    }
  return n;
}

guint
_reframe_test_count_backups (Fixture *f)
{
  g_autoptr (GPtrArray) names = _reframe_backups_list_names (f->folder);

  return names->len;
}

static GDateTime *
at (const char *iso)
{
  GDateTime *time = g_date_time_new_from_iso8601 (iso, NULL);

  g_assert_nonnull (time);
  return time;
}

static char *
create_at (Fixture    *f,
           const char *reason,
           const char *iso)
{
  g_autoptr (GDateTime) now = at (iso);
  g_autoptr (GError) error = NULL;
  char *path = _reframe_backups_create_at (f->backups, reason, now, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (path);
  return path;
}

static void
test_create_and_list (Fixture      *f,
                      gconstpointer data)
{
  g_autoptr (ReframeMoodEntry) first =
      _reframe_test_save (f, "2024-02-03T10:00:00Z", "Snow on the hills");
  g_autoptr (ReframeMoodEntry) last =
      _reframe_test_save (f, "2026-11-14T21:00:00Z", "Café with Ana");
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (ReframeBackupInfo) info = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  mode_t           old_umask = umask (022);

  g_assert_cmpstr (reframe_backups_get_folder (f->backups), ==, f->folder);
  path = reframe_backups_create (f->backups, REFRAME_BACKUP_REASON_MANUAL, NULL, &error);
  umask (old_umask);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (path, f->folder));
  g_assert_true (g_str_has_suffix (path, "-manual.db"));
  g_assert_cmpint (_reframe_test_mode_of (f->folder), ==, 0700);
  g_assert_cmpint (_reframe_test_mode_of (path), ==, 0600);
  g_assert_cmpuint (_reframe_test_count_strays (f->folder), ==, 0);

  found = reframe_backups_list (f->backups, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  info = reframe_backup_info_copy (g_ptr_array_index (found, 0));
  g_assert_cmpstr (info->path, ==, path);
  g_assert_cmpstr (info->reason, ==, "manual");
  g_assert_cmpuint (info->n_entries, ==, 2);
  g_assert_cmpuint (info->n_worksheets, ==, 0);
  g_assert_cmpint (info->schema_version, ==, REFRAME_STORE_SCHEMA_VERSION);
  g_assert_cmpint (info->size, >, 0);
  g_assert_cmpuint (g_date_get_year (&info->first_day), ==, 2024);
  g_assert_cmpuint (g_date_get_day (&info->last_day), ==, 14);
  g_assert_cmpint (g_date_time_get_utc_offset (info->when), ==, 0);
  g_clear_pointer (&info, reframe_backup_info_free);

  /* inspect says the same, after the whole check. */
  info = reframe_backup_inspect (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (info->n_entries, ==, 2);
  g_assert_cmpstr (info->reason, ==, "manual");
  /* Reading a backup leaves nothing beside it. */
  g_assert_cmpuint (_reframe_test_count_strays (f->folder), ==, 0);
}

static void
test_empty_journal (Fixture      *f,
                    gconstpointer data)
{
  g_autoptr (ReframeBackupInfo) info = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path =
      reframe_backups_create (f->backups, REFRAME_BACKUP_REASON_DAILY, NULL, &error);

  g_assert_no_error (error);
  info = reframe_backup_inspect (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (info->n_entries, ==, 0);
  g_assert_false (g_date_valid (&info->first_day));
  g_assert_false (g_date_valid (&info->last_day));
}

static gboolean
kept_day (GPtrArray  *names,
          const char *day)
{
  for (guint i = 0; i < names->len; i++)
    {
      ReframeBackupInfo *info = g_ptr_array_index (names, i);
      g_autofree char   *text = g_date_time_format (info->when, "%Y-%m-%d");

      if (g_str_equal (text, day))
        return TRUE;
    }
  return FALSE;
}

/* A year of daily backups (the 10th and the last day of each month, and every day of
 * December): the newest of the last 7 days, 4 ISO weeks and 12 months stay. */
static void
test_rotation (Fixture      *f,
               gconstpointer data)
{
  const char *const expected[] = {
    "2025-12-25",
    "2025-12-26",
    "2025-12-27",
    "2025-12-28",
    "2025-12-29",
    "2025-12-30",
    "2025-12-31", /* days */
    "2025-12-21",
    "2025-12-14", /* weeks */
    "2025-11-30",
    "2025-10-31",
    "2025-09-30",
    "2025-08-31",
    "2025-07-31",
    "2025-06-30", /* months */
    "2025-05-31",
    "2025-04-30",
    "2025-03-31",
    "2025-02-28",
    "2025-01-31",
  };
  g_autoptr (GPtrArray) names = NULL;
  g_autoptr (ReframeMoodEntry) entry = _reframe_test_save (f, "2025-01-01T10:00:00Z", "New year");

  for (guint month = 1; month <= 12; month++)
    {
      GDate last;

      g_date_clear (&last, 1);
      g_date_set_dmy (&last, g_date_get_days_in_month (month, 2025), month, 2025);
      for (guint day = 1; day <= g_date_get_day (&last); day++)
        {
          g_autofree char *iso = NULL;
          g_autofree char *path = NULL;

          if (month < 12 && day != 10 && day != g_date_get_day (&last))
            continue;
          iso = g_strdup_printf ("2025-%02u-%02uT12:00:00Z", month, day);
          path = create_at (f, REFRAME_BACKUP_REASON_DAILY, iso);
        }
    }

  names = _reframe_backups_list_names (f->folder);
  g_assert_cmpuint (names->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_true (kept_day (names, expected[i]));

  /* Others are kept by count, whatever the automatic ones do. */
  for (guint i = 0; i < REFRAME_BACKUPS_KEEP_OTHERS + 2; i++)
    {
      g_autofree char *iso = g_strdup_printf ("2026-01-01T10:%02u:00Z", i);
      g_autofree char *path = create_at (f, REFRAME_BACKUP_REASON_MANUAL, iso);
    }
  g_clear_pointer (&names, g_ptr_array_unref);
  names = _reframe_backups_list_names (f->folder);
  g_assert_cmpuint (names->len, ==, G_N_ELEMENTS (expected) + REFRAME_BACKUPS_KEEP_OTHERS);
  g_assert_true (g_str_has_suffix (((ReframeBackupInfo *) g_ptr_array_index (names, 0))->path,
                                   "20260101-101100-000-manual.db"));
}

static void
test_rotation_settable (Fixture      *f,
                        gconstpointer data)
{
  g_autoptr (GPtrArray) names = NULL;

  reframe_backups_set_keep (f->backups, 2, 0, 0);
  for (guint day = 1; day <= 5; day++)
    {
      g_autofree char *iso = g_strdup_printf ("2025-03-%02uT12:00:00Z", day);
      g_autofree char *path =
          create_at (f, day % 2 ? REFRAME_BACKUP_REASON_DAILY : REFRAME_BACKUP_REASON_ON_QUIT, iso);
    }
  names = _reframe_backups_list_names (f->folder);
  g_assert_cmpuint (names->len, ==, 2);
  g_assert_true (kept_day (names, "2025-03-05"));
  g_assert_true (kept_day (names, "2025-03-04"));

  /* Keeping none still keeps the newest. */
  reframe_backups_set_keep (f->backups, 0, 0, 0);
  g_free (create_at (f, REFRAME_BACKUP_REASON_DAILY, "2025-03-06T12:00:00Z"));
  g_clear_pointer (&names, g_ptr_array_unref);
  names = _reframe_backups_list_names (f->folder);
  g_assert_cmpuint (names->len, ==, 1);
}

static void
test_need_daily (Fixture      *f,
                 gconstpointer data)
{
  g_autoptr (GDateTime) now = at ("2025-06-10T12:00:00Z");

  g_assert_true (reframe_backups_need_daily (f->backups));
  g_assert_true (_reframe_backups_need_daily_at (f->backups, now));
  g_free (create_at (f, REFRAME_BACKUP_REASON_MANUAL, "2025-06-10T11:00:00Z"));
  g_assert_true (_reframe_backups_need_daily_at (f->backups, now));
  g_free (create_at (f, REFRAME_BACKUP_REASON_DAILY, "2025-06-09T11:00:00Z"));
  g_assert_true (_reframe_backups_need_daily_at (f->backups, now));
  g_free (create_at (f, REFRAME_BACKUP_REASON_ON_QUIT, "2025-06-09T13:00:00Z"));
  g_assert_false (_reframe_backups_need_daily_at (f->backups, now));
}

static void
test_restore_round_trip (Fixture      *f,
                         gconstpointer data)
{
  g_autoptr (ReframeMoodEntry) kept =
      _reframe_test_save (f, "2026-03-01T09:00:00Z", "Before the backup");
  g_autoptr (ReframeMoodEntry) later = NULL;
  g_autoptr (ReframeMoodEntry) after = NULL;
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path =
      reframe_backups_create (f->backups, REFRAME_BACKUP_REASON_MANUAL, NULL, &error);
  guint64 changes;

  g_assert_no_error (error);
  later = _reframe_test_save (f, "2026-03-02T09:00:00Z", "After the backup");
  g_assert_cmpuint (_reframe_test_count_entries (f), ==, 2);
  changes = reframe_store_get_change_count (f->store);

  g_assert_true (reframe_backups_restore (f->backups, path, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (reframe_store_get_change_count (f->store), >, changes);

  /* The same store reads the restored journal, and writes to it. */
  g_assert_cmpuint (_reframe_test_count_entries (f), ==, 1);
  g_assert_true (_reframe_test_has_entry (f, reframe_mood_entry_get_uuid (kept)));
  g_assert_false (_reframe_test_has_entry (f, reframe_mood_entry_get_uuid (later)));
  after = _reframe_test_save (f, "2026-03-03T09:00:00Z", "After the restore");
  g_assert_cmpuint (_reframe_test_count_entries (f), ==, 2);

  /* The journal as it was is kept. */
  found = reframe_backups_list (f->backups, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 2);
  g_assert_cmpstr (
      ((ReframeBackupInfo *) g_ptr_array_index (found, 0))->reason, ==, "before-restore");
  g_assert_cmpuint (((ReframeBackupInfo *) g_ptr_array_index (found, 0))->n_entries, ==, 2);
  g_assert_cmpuint (_reframe_test_count_strays (f->folder), ==, 0);

  _reframe_test_close_store (f);
  _reframe_test_assert_journal_sound (f->db_path);
  _reframe_test_open_store (f);
  g_assert_cmpuint (_reframe_test_count_entries (f), ==, 2);
}

/* A journal that version 1 made, with one entry and a tag, written outside the store. */
static char *
make_v1_backup (Fixture *f)
{
  g_autofree char *old_dir = g_build_filename (f->dir, "old", NULL);
  g_autofree char *old_db = g_build_filename (old_dir, "reframe.db", NULL);
  g_autoptr (GError) error = NULL;
  ReframeStore *old = _reframe_store_open_at_version (old_dir, 1, &error);
  sqlite3      *db = NULL;

  g_assert_no_error (error);
  g_assert_finalize_object (old);
  g_assert_cmpint (sqlite3_open (old_db, &db), ==, SQLITE_OK);
  g_assert_cmpint (
      sqlite3_exec (db,
                    "INSERT INTO mood_entries (uuid, mood, at, utc_offset, day, created, updated)"
                    " VALUES ('1b4e28ba-2fa1-41d2-883f-0016d3cca427', 2, 1700000000, 0,"
                    " '2023-11-14', '2023-11-14T22:13:20Z', '2023-11-14T22:13:20Z');"
                    "INSERT INTO mood_notes VALUES (1, 'Rainy and restless');"
                    "INSERT INTO entry_tags SELECT 1, 0, id FROM tags WHERE name = 'tired';",
                    NULL,
                    NULL,
                    NULL),
      ==,
      SQLITE_OK);
  sqlite3_close (db);
  return g_steal_pointer (&old_db);
}

static void
test_restore_older_version (Fixture      *f,
                            gconstpointer data)
{
  g_autofree char *old = make_v1_backup (f);
  g_autoptr (ReframeMoodEntry) mine = _reframe_test_save (f, "2026-03-01T09:00:00Z", "Mine");
  g_autoptr (ReframeBackupInfo) info = NULL;
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GError) error = NULL;

  info = reframe_backup_inspect (old, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->schema_version, ==, 1);
  g_assert_cmpuint (info->n_entries, ==, 1);

  g_assert_true (reframe_backups_restore (f->backups, old, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (_reframe_test_count_entries (f), ==, 1);
  g_assert_true (_reframe_test_has_entry (f, "1b4e28ba-2fa1-41d2-883f-0016d3cca427"));
  /* Brought up to date: version 2's search finds the note and the tag. */
  found =
      reframe_mood_repository_search (reframe_store_get_moods (f->store), "restless", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = reframe_mood_repository_search (reframe_store_get_moods (f->store), "tired", 0, &error);
  g_assert_cmpuint (found->len, ==, 1);
  /* No temporary folder is left. */
  g_assert_cmpuint (_reframe_test_count_strays (f->folder), ==, 0);

  _reframe_test_close_store (f);
  _reframe_test_assert_journal_sound (f->db_path);
}

static void
assert_refused (Fixture    *f,
                const char *path,
                int         code,
                const char *words)
{
  g_autoptr (GError) error = NULL;
  guint before = _reframe_test_count_entries (f);

  g_assert_null (reframe_backup_inspect (path, &error));
  g_assert_error (error, REFRAME_STORE_ERROR, code);
  g_assert_nonnull (strstr (error->message, words));
  g_clear_error (&error);

  g_assert_false (reframe_backups_restore (f->backups, path, NULL, &error));
  g_assert_error (error, REFRAME_STORE_ERROR, code);
  g_assert_nonnull (strstr (error->message, words));
  /* Refused before anything was written: no backup of the journal was even needed. */
  g_assert_cmpuint (_reframe_test_count_backups (f), ==, 0);
  g_assert_cmpuint (_reframe_test_count_entries (f), ==, before);
}

static void
test_refuse_damaged_and_newer (Fixture      *f,
                               gconstpointer data)
{
  g_autofree char *other = g_build_filename (f->dir, "other", NULL);
  g_autofree char *damaged = g_build_filename (other, "reframe.db", NULL);
  g_autofree char *newer = g_build_filename (f->dir, "newer.db", NULL);
  g_autofree char *text = g_build_filename (f->dir, "notes.txt", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "missing.db", NULL);
  g_autoptr (ReframeMoodEntry) mine = _reframe_test_save (f, "2026-03-01T09:00:00Z", "Mine");
  g_autoptr (GError) error = NULL;
  sqlite3 *db = NULL;

  reframe_test_fill_journal (other, 600);
  reframe_test_damage_middle_page (damaged, "mood_notes");
  assert_refused (f, damaged, REFRAME_STORE_ERROR_CORRUPT, "is damaged");

  {
    g_autofree char *sql = g_strdup_printf ("VACUUM INTO '%s'", newer);

    g_assert_cmpint (sqlite3_open (f->db_path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
    g_assert_cmpint (sqlite3_open (newer, &db), ==, SQLITE_OK);
    g_assert_cmpint (
        sqlite3_exec (db, "PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
  }
  {
    g_autofree char *words = g_strdup_printf (
        "made by a newer version of Reframe (format 99; this version knows format %d)",
        REFRAME_STORE_SCHEMA_VERSION);

    assert_refused (f, newer, REFRAME_STORE_ERROR_TOO_NEW, words);
  }

  g_assert_true (g_file_set_contents (
      text, "Not a journal at all, but long enough to have a header.", -1, NULL));
  assert_refused (f, text, REFRAME_STORE_ERROR_CORRUPT, "damaged, or it is not a Reframe journal");
  assert_refused (f, missing, REFRAME_STORE_ERROR_NOT_FOUND, "cannot be opened");

  /* And the journal itself is no backup of itself. */
  g_assert_false (reframe_backups_restore (f->backups, f->db_path, NULL, &error));
  g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_INVALID);
}

/* A backup of a damaged journal fails its check: it is removed, the older ones stay. */
static void
test_failed_check_keeps_older (Fixture      *f,
                               gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *good = NULL;
  g_autofree char *bad = NULL;

  _reframe_test_close_store (f);
  reframe_test_fill_journal (f->dir, 600);
  _reframe_test_open_store (f);
  good = reframe_backups_create (f->backups, REFRAME_BACKUP_REASON_DAILY, NULL, &error);
  g_assert_no_error (error);
  _reframe_test_close_store (f);
  reframe_test_damage_middle_page (f->db_path, "mood_notes");
  _reframe_test_open_store (f);

  bad = reframe_backups_create (f->backups, REFRAME_BACKUP_REASON_DAILY, NULL, &error);
  g_assert_null (bad);
  g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "did not pass its check"));
  g_assert_nonnull (strstr (error->message, "older backups were kept"));
  g_assert_cmpuint (_reframe_test_count_backups (f), ==, 1);
  g_assert_true (g_file_test (good, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (_reframe_test_count_strays (f->folder), ==, 0);
}

static void
test_chosen_folder (Fixture      *f,
                    gconstpointer data)
{
  g_autofree char *chosen = g_build_filename (f->dir, "usb", "reframe", NULL);
  g_autofree char *path = NULL;
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GError) error = NULL;

  reframe_backups_set_folder (f->backups, chosen);
  g_assert_cmpstr (reframe_backups_get_folder (f->backups), ==, chosen);
  path = reframe_backups_create (f->backups, REFRAME_BACKUP_REASON_MANUAL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (path, chosen));
  g_assert_cmpint (_reframe_test_mode_of (path), ==, 0600);
  /* A copy made before an update, in the default folder, is listed too. */
  g_assert_cmpint (g_mkdir (f->folder, 0700), ==, 0);
  {
    g_autoptr (GDateTime) then = at ("2025-01-01T00:00:00Z");
    g_autofree char *old = _reframe_backups_write (
        f->db_path, f->folder, REFRAME_BACKUP_REASON_BEFORE_UPDATE, then, NULL, &error);

    g_assert_no_error (error);
  }
  found = reframe_backups_list (f->backups, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 2);
  g_assert_cmpstr (
      ((ReframeBackupInfo *) g_ptr_array_index (found, 1))->reason, ==, "before-update");

  reframe_backups_set_folder (f->backups, NULL);
  g_assert_cmpstr (reframe_backups_get_folder (f->backups), ==, f->folder);
  reframe_backups_set_folder (f->backups, "");
  g_assert_cmpstr (reframe_backups_get_folder (f->backups), ==, f->folder);
}

/* A backup or restore killed half-way leaves a temporary file or folder; the next one
 * in that folder removes it, but never one another backup is still writing. */
static void
test_abandoned_temporaries_removed (Fixture      *f,
                                    gconstpointer data)
{
  g_autofree char *file = g_build_filename (f->folder, ".reframe-backup-AbC123", NULL);
  g_autofree char *journal = g_build_filename (f->folder, ".reframe-backup-AbC123-journal", NULL);
  g_autofree char *dir = g_build_filename (f->folder, ".reframe-restore-AbC123", NULL);
  g_autofree char *inside = g_build_filename (dir, "reframe.db", NULL);
  g_autofree char *held = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) found = NULL;
  int lock_fd = -1;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (file, "half", -1, NULL));
  g_assert_true (g_file_set_contents (journal, "half", -1, NULL));
  g_assert_true (g_file_set_contents (inside, "half", -1, NULL));
  held = _reframe_backups_make_temp_dir (f->folder, &lock_fd, &error);
  g_assert_no_error (error);

  found = reframe_backups_list (f->backups, &error);
  g_assert_no_error (error);
  g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (held, G_FILE_TEST_IS_DIR));
  _reframe_backups_remove_temp_dir (held, lock_fd);
  g_assert_cmpuint (_reframe_test_count_strays (f->folder), ==, 0);
}

/* The copy before a format update goes to the backups folder, private and checked. */
static void
test_before_update (Fixture      *f,
                    gconstpointer data)
{
  g_autoptr (GPtrArray) names = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char   *old = NULL;
  g_autofree char   *copy = NULL;
  ReframeBackupInfo *info;

  _reframe_test_close_store (f);
  reframe_test_remove_tree (f->dir);
  old = make_v1_backup (f);
  copy = g_build_filename (f->dir, "reframe.db", NULL);
  g_assert_cmpint (g_rename (old, copy), ==, 0);
  _reframe_test_open_store (f);
  g_assert_cmpint (reframe_store_get_schema_version (f->store), ==, REFRAME_STORE_SCHEMA_VERSION);

  names = _reframe_backups_list_names (f->folder);
  g_assert_cmpuint (names->len, ==, 1);
  info = g_ptr_array_index (names, 0);
  g_assert_cmpstr (info->reason, ==, "before-update");
  g_assert_cmpint (_reframe_test_mode_of (info->path), ==, 0600);
  g_assert_cmpint (_reframe_test_mode_of (f->folder), ==, 0700);
  {
    g_autoptr (ReframeBackupInfo) held = reframe_backup_inspect (info->path, &error);

    g_assert_no_error (error);
    g_assert_cmpint (held->schema_version, ==, 1);
    g_assert_cmpuint (held->n_entries, ==, 1);
  }
}

/* When the backups folder cannot be made, the update fails as before: nothing changed. */
static void
test_before_update_without_folder (Fixture      *f,
                                   gconstpointer data)
{
  g_autofree char *old = NULL;
  g_autoptr (GError) error = NULL;
  ReframeStore *store;

  _reframe_test_close_store (f);
  reframe_test_remove_tree (f->dir);
  old = make_v1_backup (f);
  g_assert_cmpint (g_rename (old, f->db_path), ==, 0);
  g_assert_true (g_file_set_contents (f->folder, "in the way", -1, NULL));

  store = reframe_store_open (f->dir, &error);
  g_assert_null (store);
  g_assert_nonnull (
      strstr (error->message, "could not first make a backup copy, so it changed nothing"));
  g_assert_nonnull (strstr (error->message, "backups"));
  g_clear_error (&error);

  g_assert_cmpint (g_unlink (f->folder), ==, 0);
  store = _reframe_store_open_at_version (f->dir, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (reframe_store_get_schema_version (store), ==, 1);
  g_assert_finalize_object (store);
}

static void
test_change_count (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeStore) other = NULL;
  g_autoptr (ReframeMoodEntry) mine = NULL;
  g_autoptr (ReframeMoodEntry) theirs =
      reframe_test_entry_at ("2026-03-02T09:00:00Z", REFRAME_MOOD_GOOD, "From a script");
  guint64 count = reframe_store_get_change_count (f->store);

  g_assert_cmpuint (reframe_store_get_change_count (f->store), ==, count);
  mine = _reframe_test_save (f, "2026-03-01T09:00:00Z", "Mine");
  g_assert_cmpuint (reframe_store_get_change_count (f->store), >, count);
  count = reframe_store_get_change_count (f->store);

  /* Another program's save counts too. */
  other = reframe_store_open (f->dir, &error);
  g_assert_no_error (error);
  g_assert_true (reframe_mood_repository_save (reframe_store_get_moods (other), theirs, &error));
  g_assert_cmpuint (reframe_store_get_change_count (f->store), >, count);
}

/* Drops the last references to a task: the worker thread lets go of its own a moment
 * after the callback has run, and the task holds the store through its data. */
static void
drop_task (GAsyncResult **result)
{
  gpointer task = *result;

  g_object_add_weak_pointer (task, &task);
  g_clear_object (result);
  while (task != NULL)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
test_async (Fixture      *f,
            gconstpointer data)
{
  g_autoptr (ReframeMoodEntry) kept = _reframe_test_save (f, "2026-03-01T09:00:00Z", "Kept");
  g_autoptr (ReframeMoodEntry) later = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  reframe_backups_create_async (
      f->backups, REFRAME_BACKUP_REASON_DAILY, NULL, reframe_test_keep_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  path = reframe_backups_create_finish (f->backups, result, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (path, "-daily.db"));
  drop_task (&result);
  g_assert_false (reframe_backups_need_daily (f->backups));

  reframe_backups_list_async (f->backups, NULL, reframe_test_keep_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  {
    g_autoptr (GPtrArray) found = reframe_backups_list_finish (f->backups, result, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (found->len, ==, 1);
    g_assert_cmpuint (((ReframeBackupInfo *) g_ptr_array_index (found, 0))->n_entries, ==, 1);
  }
  drop_task (&result);

  reframe_backup_inspect_async (path, NULL, reframe_test_keep_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  {
    g_autoptr (ReframeBackupInfo) info = reframe_backup_inspect_finish (result, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (info->reason, ==, "daily");
  }
  drop_task (&result);

  later = _reframe_test_save (f, "2026-03-02T09:00:00Z", "Later");
  reframe_backups_restore_async (f->backups, path, NULL, reframe_test_keep_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (reframe_backups_restore_finish (f->backups, result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (_reframe_test_count_entries (f), ==, 1);
  drop_task (&result);

  /* Cancelled before it starts: nothing is made. */
  {
    g_autoptr (GCancellable) cancellable = g_cancellable_new ();
    g_autofree char *none = NULL;
    guint            n = _reframe_test_count_backups (f);

    g_cancellable_cancel (cancellable);
    reframe_backups_create_async (f->backups,
                                  REFRAME_BACKUP_REASON_MANUAL,
                                  cancellable,
                                  reframe_test_keep_result_cb,
                                  &result);
    while (result == NULL)
      g_main_context_iteration (NULL, TRUE);
    none = reframe_backups_create_finish (f->backups, result, &error);
    g_assert_null (none);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_cmpuint (_reframe_test_count_backups (f), ==, n);
    drop_task (&result);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* Every connection goes through the fault VFS, which does nothing until armed. */
  reframe_fault_vfs_install ();

  ADD ("create-and-list", test_create_and_list);
  ADD ("empty-journal", test_empty_journal);
  ADD ("rotation", test_rotation);
  ADD ("rotation-settable", test_rotation_settable);
  ADD ("need-daily", test_need_daily);
  ADD ("restore-round-trip", test_restore_round_trip);
  ADD ("restore-older-version", test_restore_older_version);
  ADD ("refuse-damaged-and-newer", test_refuse_damaged_and_newer);
  ADD ("failed-check-keeps-older", test_failed_check_keeps_older);
  ADD ("chosen-folder", test_chosen_folder);
  ADD ("abandoned-temporaries-removed", test_abandoned_temporaries_removed);
  ADD ("before-update", test_before_update);
  ADD ("before-update-without-folder", test_before_update_without_folder);
  ADD ("change-count", test_change_count);
  ADD ("async", test_async);
  _reframe_test_backups_add_faults_tests ();
  _reframe_test_backups_add_cli_tests ();

  return g_test_run ();
}
