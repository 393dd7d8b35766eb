/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-backups-faults.c: backups, saves and restores while the disk fails at
 * every point of their writes (the fault VFS). */

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

/* Faults */

static const int fault_codes[] = { SQLITE_FULL, SQLITE_IOERR };

static void
assert_fault_error (const GError *error,
                    int           code)
{
  g_assert_nonnull (error);
  g_assert_true (error->domain == REFRAME_STORE_ERROR);
  if (code == SQLITE_FULL)
    g_assert_cmpint (error->code, ==, REFRAME_STORE_ERROR_DISK_FULL);
  g_assert_cmpuint (strlen (error->message), >, 20);
}

/* How many armed operations @op_func makes when nothing fails. */
typedef gboolean (*FaultOp) (Fixture *f, GError **error);
static guint
count_operations (Fixture        *f,
                  FaultOp         op,
                  ReframeFaultOps ops,
                  const char     *path_part)
{
  g_autoptr (GError) error = NULL;
  guint n;

  reframe_fault_vfs_arm (ops, path_part, G_MAXUINT, SQLITE_FULL);
  g_assert_true (op (f, &error));
  g_assert_no_error (error);
  n = reframe_fault_vfs_get_n_counted ();
  reframe_fault_vfs_disarm ();
  g_assert_cmpuint (n, >, 0);
  return n;
}

static gboolean
save_op (Fixture *f,
         GError **error)
{
  g_autoptr (ReframeMoodEntry) entry = reframe_test_entry_at (
      "2026-05-01T09:00:00Z", REFRAME_MOOD_GOOD, "A save the disk may refuse");

  return reframe_mood_repository_save (reframe_store_get_moods (f->store), entry, error);
}

static void
test_fault_save (Fixture      *f,
                 gconstpointer data)
{
  g_autoptr (ReframeMoodEntry) kept = _reframe_test_save (f, "2026-03-01T09:00:00Z", "Kept");
  guint n = count_operations (
      f, save_op, REFRAME_FAULT_WRITE | REFRAME_FAULT_SYNC | REFRAME_FAULT_TRUNCATE, "/reframe.db");
  guint before = _reframe_test_count_entries (f);

  for (guint c = 0; c < G_N_ELEMENTS (fault_codes); c++)
    for (guint i = 0; i < n; i++)
      {
        g_autoptr (GError) error = NULL;

        reframe_fault_vfs_arm (REFRAME_FAULT_WRITE | REFRAME_FAULT_SYNC | REFRAME_FAULT_TRUNCATE,
                               "/reframe.db",
                               i,
                               fault_codes[c]);
        g_assert_false (save_op (f, &error));
        reframe_fault_vfs_disarm ();
        assert_fault_error (error, fault_codes[c]);
        g_assert_cmpuint (_reframe_test_count_entries (f), ==, before);
      }
  _reframe_test_close_store (f);
  _reframe_test_assert_journal_sound (f->db_path);
  _reframe_test_open_store (f);
  g_assert_cmpuint (_reframe_test_count_entries (f), ==, before);
  g_assert_true (_reframe_test_has_entry (f, reframe_mood_entry_get_uuid (kept)));
}

static gboolean
backup_op (Fixture *f,
           GError **error)
{
  g_autofree char *path =
      reframe_backups_create (f->backups, REFRAME_BACKUP_REASON_MANUAL, NULL, error);

  if (path != NULL)
    g_unlink (path);
  return path != NULL;
}

static void
test_fault_backup (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *older = NULL;
  guint            n;

  _reframe_test_close_store (f);
  reframe_test_fill_journal (f->dir, 300);
  _reframe_test_open_store (f);
  older = reframe_backups_create (f->backups, REFRAME_BACKUP_REASON_DAILY, NULL, &error);
  g_assert_no_error (error);
  n = count_operations (
      f, backup_op, REFRAME_FAULT_WRITE | REFRAME_FAULT_SYNC | REFRAME_FAULT_TRUNCATE, "/backups/");

  for (guint c = 0; c < G_N_ELEMENTS (fault_codes); c++)
    for (guint i = 0; i < n; i += 1 + n / 16)
      {
        g_autofree char *path = NULL;

        reframe_fault_vfs_arm (REFRAME_FAULT_WRITE | REFRAME_FAULT_SYNC | REFRAME_FAULT_TRUNCATE,
                               "/backups/",
                               i,
                               fault_codes[c]);
        path = reframe_backups_create (f->backups, REFRAME_BACKUP_REASON_MANUAL, NULL, &error);
        reframe_fault_vfs_disarm ();
        g_assert_null (path);
        assert_fault_error (error, fault_codes[c]);
        g_assert_nonnull (strstr (error->message, "Nothing else was changed"));
        g_clear_error (&error);
        g_assert_cmpuint (_reframe_test_count_backups (f), ==, 1);
        g_assert_cmpuint (_reframe_test_count_strays (f->folder), ==, 0);
      }
  g_assert_true (g_file_test (older, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (_reframe_test_count_entries (f), ==, 300);
  _reframe_test_close_store (f);
  _reframe_test_assert_journal_sound (f->db_path);
}

static void
test_fault_restore (Fixture      *f,
                    gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *small = NULL;
  guint            n;

  /* The journal to restore over is bigger than the backup, so the restore rewrites
   * pages and shrinks the file. */
  small = reframe_backups_create (f->backups, REFRAME_BACKUP_REASON_MANUAL, NULL, &error);
  g_assert_no_error (error);
  _reframe_test_close_store (f);
  reframe_test_fill_journal (f->dir, 300);
  _reframe_test_open_store (f);

  {
    /* Counted on a copy of the journal, so that this journal stays as it is. */
    g_autoptr (ReframeBackups) counting = NULL;
    g_autofree char *copy_dir = g_build_filename (f->dir, "copy", NULL);
    g_autofree char *copy = g_build_filename (copy_dir, "reframe.db", NULL);
    g_autoptr (ReframeStore) other = NULL;

    g_assert_cmpint (g_mkdir (copy_dir, 0700), ==, 0);
    g_assert_true (reframe_backups_copy_to (f->backups, copy, NULL, &error));
    other = reframe_store_open (copy_dir, &error);
    g_assert_no_error (error);
    counting = reframe_backups_new (other);
    reframe_fault_vfs_arm (REFRAME_FAULT_WRITE | REFRAME_FAULT_SYNC | REFRAME_FAULT_TRUNCATE,
                           "/reframe.db",
                           G_MAXUINT,
                           SQLITE_FULL);
    g_assert_true (reframe_backups_restore (counting, small, NULL, &error));
    g_assert_no_error (error);
    n = reframe_fault_vfs_get_n_counted ();
    reframe_fault_vfs_disarm ();
  }
  g_assert_cmpuint (n, >, 0);

  for (guint c = 0; c < G_N_ELEMENTS (fault_codes); c++)
    for (guint i = 0; i < n; i += 1 + n / 16)
      {
        reframe_fault_vfs_arm (REFRAME_FAULT_WRITE | REFRAME_FAULT_SYNC | REFRAME_FAULT_TRUNCATE,
                               "/reframe.db",
                               i,
                               fault_codes[c]);
        g_assert_false (reframe_backups_restore (f->backups, small, NULL, &error));
        reframe_fault_vfs_disarm ();
        assert_fault_error (error, fault_codes[c]);
        g_assert_nonnull (strstr (error->message, "Your journal is as it was"));
        g_clear_error (&error);
        g_assert_cmpuint (_reframe_test_count_entries (f), ==, 300);
      }

  /* A failure while backing up the journal first restores nothing. */
  reframe_fault_vfs_arm (REFRAME_FAULT_WRITE, "/backups/", 2, SQLITE_FULL);
  g_assert_false (reframe_backups_restore (f->backups, small, NULL, &error));
  reframe_fault_vfs_disarm ();
  g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_DISK_FULL);
  g_assert_nonnull (strstr (error->message, "restored nothing"));
  g_clear_error (&error);
  g_assert_cmpuint (_reframe_test_count_entries (f), ==, 300);
  g_assert_cmpuint (_reframe_test_count_strays (f->folder), ==, 0);

  _reframe_test_close_store (f);
  _reframe_test_assert_journal_sound (f->db_path);
  _reframe_test_open_store (f);
  g_assert_cmpuint (_reframe_test_count_entries (f), ==, 300);
  /* And with the disk well again, the restore goes through. */
  g_assert_true (reframe_backups_restore (f->backups, small, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (_reframe_test_count_entries (f), ==, 0);
}

void
_reframe_test_backups_add_faults_tests (void)
{
  ADD ("fault-save", test_fault_save);
  ADD ("fault-backup", test_fault_backup);
  ADD ("fault-restore", test_fault_restore);
}
