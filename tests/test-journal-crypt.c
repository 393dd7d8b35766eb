/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-journal-crypt.c: turning the journal's encryption on and off, locking and
 * unlocking it, backups of an encrypted journal, and the command line's passphrase. */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "reframe-archive-seal.h"
#include "reframe-archive.h"
#include "reframe-backups.h"
#include "reframe-crypt-vfs.h"
#include "reframe-import-batch.h"
#include "reframe-importer.h"
#include "reframe-journal-crypt.h"
#include "reframe-key-envelope.h"
#include "reframe-mood-entry.h"
#include "reframe-mood-repository.h"
#include "reframe-store.h"
#include "reframe-test-util.h"

#define PASSPHRASE     "a quiet walk by the sea"
#define NEW_PASSPHRASE "tea with a good friend"
/* Written into notes; never to be found in any file of an encrypted journal's folder. */
#define CANARY "canary-7f3a-the-words-nobody-else-reads"

typedef struct
{
  char *dir;
  char *db_path;
} Fixture;

static void
set_up (Fixture      *f,
        gconstpointer data)
{
  f->dir = reframe_test_make_tmp_dir ();
  f->db_path = g_build_filename (f->dir, "reframe.db", NULL);
}

static void
tear_down (Fixture      *f,
           gconstpointer data)
{
  reframe_journal_lock (f->dir);
  reframe_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->db_path);
}

static void
add_entries (Fixture *f,
             guint    n)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeStore) store = reframe_store_open (f->dir, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *note =
          g_strdup_printf ("%s number %u: the walk, the rain, the call I did not make.", CANARY, i);
      g_autoptr (ReframeMoodEntry) entry =
          reframe_test_entry_at ("2026-01-01T08:00:00Z", REFRAME_MOOD_BAD, note);
      g_autoptr (GDateTime) time = g_date_time_add_hours (reframe_mood_entry_get_time (entry), i);

      reframe_mood_entry_set_time (entry, time);
      g_assert_true (reframe_mood_repository_save (reframe_store_get_moods (store), entry, &error));
      g_assert_no_error (error);
    }
}

static guint
count_entries (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeStore) store = reframe_store_open (f->dir, &error);
  guint n;

  g_assert_no_error (error);
  n = reframe_mood_repository_count (reframe_store_get_moods (store), &error);
  g_assert_no_error (error);
  return n;
}

static void
assert_locked (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeStore) store = reframe_store_open (f->dir, &error);

  g_assert_null (store);
  g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_LOCKED);
}

static char *
encrypt (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  char *recovery = reframe_journal_encrypt (f->dir, PASSPHRASE, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (recovery);
  return recovery;
}

/* Every byte of every file under @folder, searched for @needle. */
static guint
count_hits_in_tree (const char *folder,
                    const char *needle)
{
  g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;
  guint       hits = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);
      g_autofree char *contents = NULL;
      gsize            length = 0;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          hits += count_hits_in_tree (path, needle);
          continue;
        }
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      hits += memmem (contents, length, needle, strlen (needle)) != NULL;
    }
  return hits;
}

static void
test_encrypt_round_trip (Fixture      *f,
                         gconstpointer data)
{
  g_autofree char *recovery = NULL;
  g_autoptr (GError) error = NULL;

  add_entries (f, 40);
  g_assert_cmpuint (count_hits_in_tree (f->dir, CANARY), >, 0);

  recovery = encrypt (f);
  g_assert_true (reframe_journal_is_encrypted (f->dir));
  g_assert_true (reframe_journal_is_unlocked (f->dir));
  g_assert_cmpuint (count_entries (f), ==, 40);
  g_assert_cmpuint (count_hits_in_tree (f->dir, CANARY), ==, 0);

  /* Locked: nothing opens; the wrong passphrase is said to be wrong. */
  reframe_journal_lock (f->dir);
  g_assert_false (reframe_journal_is_unlocked (f->dir));
  assert_locked (f);
  g_assert_false (reframe_journal_unlock (
      f->dir, REFRAME_UNLOCK_PASSPHRASE, "a quiet walk by the see", NULL, &error));
  g_assert_error (error, REFRAME_KEY_ERROR, REFRAME_KEY_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);
  assert_locked (f);

  /* The recovery key is the second way in. */
  g_assert_true (
      reframe_journal_unlock (f->dir, REFRAME_UNLOCK_RECOVERY_KEY, recovery, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_entries (f), ==, 40);

  /* Off: a plain journal again, every entry there, no key file left. */
  g_assert_true (reframe_journal_decrypt (f->dir, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (reframe_journal_is_encrypted (f->dir));
  g_assert_cmpuint (count_entries (f), ==, 40);
  g_assert_cmpuint (count_hits_in_tree (f->dir, CANARY), >, 0);
  {
    g_autofree char *key_file = g_build_filename (f->dir, REFRAME_JOURNAL_KEY_FILE_NAME, NULL);
    g_assert_false (g_file_test (key_file, G_FILE_TEST_EXISTS));
  }

  /* And on again, with a new key: the old recovery key no longer opens it. */
  g_free (encrypt (f));
  reframe_journal_lock (f->dir);
  g_assert_false (
      reframe_journal_unlock (f->dir, REFRAME_UNLOCK_RECOVERY_KEY, recovery, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_true (
      reframe_journal_unlock (f->dir, REFRAME_UNLOCK_PASSPHRASE, PASSPHRASE, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_entries (f), ==, 40);
  add_entries (f, 5);
  g_assert_cmpuint (count_entries (f), ==, 45);
  g_assert_cmpuint (count_hits_in_tree (f->dir, CANARY), ==, 0);
}

/* As `reframe encrypt --data-dir journal` gives it from the folder above: a relative
 * folder; and the journal that takes the old one's place is private whatever the
 * umask. */
static void
test_relative_folder_private_result (Fixture      *f,
                                     gconstpointer data)
{
  g_autofree char *parent = g_path_get_dirname (f->dir);
  g_autofree char *relative = g_path_get_basename (f->dir);
  g_autofree char *cwd = g_get_current_dir ();
  g_autoptr (GError) error = NULL;
  g_autofree char *recovery = NULL;
  mode_t           old_umask = umask (022);
  GStatBuf         st;

  add_entries (f, 3);
  g_assert_cmpint (g_chdir (parent), ==, 0);
  recovery = reframe_journal_encrypt (relative, PASSPHRASE, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (recovery);
  g_assert_cmpint (g_stat (f->db_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (reframe_journal_decrypt (relative, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (f->db_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_chdir (cwd), ==, 0);
  umask (old_umask);
  g_assert_cmpuint (count_entries (f), ==, 3);
}

static void
test_change_passphrase (Fixture      *f,
                        gconstpointer data)
{
  g_autofree char *recovery = NULL;
  g_autoptr (GBytes) before = NULL;
  g_autoptr (GBytes) after = NULL;
  g_autoptr (GError) error = NULL;

  add_entries (f, 10);
  recovery = encrypt (f);
  before = reframe_test_read_bytes (f->db_path);
  g_assert_true (reframe_journal_change_passphrase (f->dir, NEW_PASSPHRASE, &error));
  g_assert_no_error (error);
  after = reframe_test_read_bytes (f->db_path);
  /* Only the key was rewrapped: the journal's bytes did not change. */
  g_assert_true (g_bytes_equal (before, after));

  reframe_journal_lock (f->dir);
  g_assert_false (
      reframe_journal_unlock (f->dir, REFRAME_UNLOCK_PASSPHRASE, PASSPHRASE, NULL, &error));
  g_assert_error (error, REFRAME_KEY_ERROR, REFRAME_KEY_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);
  g_assert_true (
      reframe_journal_unlock (f->dir, REFRAME_UNLOCK_PASSPHRASE, NEW_PASSPHRASE, NULL, &error));
  g_assert_no_error (error);
  reframe_journal_lock (f->dir);
  g_assert_true (
      reframe_journal_unlock (f->dir, REFRAME_UNLOCK_RECOVERY_KEY, recovery, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_entries (f), ==, 10);

  /* A new recovery key replaces the old one. */
  {
    g_autofree char *fresh = reframe_journal_new_recovery_key (f->dir, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (fresh, !=, recovery);
    reframe_journal_lock (f->dir);
    g_assert_false (
        reframe_journal_unlock (f->dir, REFRAME_UNLOCK_RECOVERY_KEY, recovery, NULL, &error));
    g_assert_error (error, REFRAME_KEY_ERROR, REFRAME_KEY_ERROR_WRONG_RECOVERY_KEY);
    g_clear_error (&error);
    g_assert_true (
        reframe_journal_unlock (f->dir, REFRAME_UNLOCK_RECOVERY_KEY, fresh, NULL, &error));
    g_assert_no_error (error);
  }
}

/* Locking forgets the key: once the last connection is gone, no key is left in memory. */
static void
test_lock_wipes_key (Fixture      *f,
                     gconstpointer data)
{
  guint n_before = reframe_crypt_key_get_n_alive ();

  add_entries (f, 3);
  g_free (encrypt (f));
  g_assert_cmpuint (reframe_crypt_key_get_n_alive (), >, n_before);
  g_assert_cmpuint (count_entries (f), ==, 3);
  reframe_journal_lock (f->dir);
  g_assert_cmpuint (reframe_crypt_key_get_n_alive (), ==, n_before);
  assert_locked (f);
}

static void
test_backups_stay_encrypted (Fixture      *f,
                             gconstpointer data)
{
  g_autoptr (ReframeBackups) backups = NULL;
  g_autoptr (ReframeStore) store = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *plain_backup = NULL;
  g_autofree char *key_copy = NULL;

  add_entries (f, 12);
  store = reframe_store_open (f->dir, &error);
  backups = reframe_backups_new (store);
  plain_backup = reframe_backups_create (backups, REFRAME_BACKUP_REASON_MANUAL, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&backups);
  g_clear_object (&store);

  g_free (encrypt (f));
  store = reframe_store_open (f->dir, &error);
  g_assert_no_error (error);
  backups = reframe_backups_new (store);
  backup = reframe_backups_create (backups, REFRAME_BACKUP_REASON_MANUAL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (reframe_crypt_vfs_probe (backup), ==, REFRAME_CRYPT_FILE_ENCRYPTED);
  key_copy = g_strconcat (backup, ".key", NULL);
  g_assert_true (g_file_test (key_copy, G_FILE_TEST_IS_REGULAR));

  /* Restores into the encrypted journal: its own encrypted backup, and the plain one
   * from before, which is encrypted on the way in. */
  add_entries (f, 4);
  reframe_backups_restore (backups, backup, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_entries (f), ==, 12);
  add_entries (f, 2);
  g_assert_true (reframe_backups_restore (backups, plain_backup, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (reframe_journal_is_encrypted (f->dir));
  g_assert_cmpuint (count_entries (f), ==, 12);
  {
    g_autoptr (GBytes) journal = reframe_test_read_bytes (f->db_path);
    gsize       length = 0;
    const char *bytes = g_bytes_get_data (journal, &length);

    g_assert_null (memmem (bytes, length, CANARY, strlen (CANARY)));
  }
}

/* A journal whose key file is gone says so, and is not damaged by trying. */
static void
test_missing_key_file (Fixture      *f,
                       gconstpointer data)
{
  g_autofree char *key_file = g_build_filename (f->dir, REFRAME_JOURNAL_KEY_FILE_NAME, NULL);
  g_autofree char *moved = g_strconcat (key_file, ".away", NULL);
  g_autoptr (GError) error = NULL;

  add_entries (f, 2);
  g_free (encrypt (f));
  reframe_journal_lock (f->dir);
  g_assert_cmpint (g_rename (key_file, moved), ==, 0);
  g_assert_false (
      reframe_journal_unlock (f->dir, REFRAME_UNLOCK_PASSPHRASE, PASSPHRASE, NULL, &error));
  g_assert_error (error, REFRAME_KEY_ERROR, REFRAME_KEY_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "reframe.key"));
  g_clear_error (&error);
  g_assert_cmpint (g_rename (moved, key_file), ==, 0);
  g_assert_true (
      reframe_journal_unlock (f->dir, REFRAME_UNLOCK_PASSPHRASE, PASSPHRASE, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_entries (f), ==, 2);

  /* With a backup, its copy of the key file opens the journal and takes the lost one's
   * place. */
  {
    g_autoptr (ReframeStore) store = reframe_store_open (f->dir, &error);
    g_autoptr (ReframeBackups) backups = reframe_backups_new (store);
    g_autofree char *backup =
        reframe_backups_create (backups, REFRAME_BACKUP_REASON_MANUAL, NULL, &error);

    g_assert_no_error (error);
  }
  reframe_journal_lock (f->dir);
  g_assert_cmpint (g_unlink (key_file), ==, 0);
  g_assert_true (
      reframe_journal_unlock (f->dir, REFRAME_UNLOCK_PASSPHRASE, PASSPHRASE, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (key_file, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (count_entries (f), ==, 2);
}

/* Deleted entries do not linger in the free pages of a plain journal either. */
static void
test_secure_delete (Fixture      *f,
                    gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeStore) store = NULL;
  g_autoptr (GPtrArray) entries = NULL;

  add_entries (f, 1);
  store = reframe_store_open (f->dir, &error);
  entries = reframe_mood_repository_list (reframe_store_get_moods (store), NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_true (reframe_mood_repository_delete (
      reframe_store_get_moods (store), reframe_mood_entry_get_uuid (entries->pdata[0]), &error));
  g_assert_no_error (error);
  g_clear_object (&store);
  g_assert_cmpuint (count_hits_in_tree (f->dir, CANARY), ==, 0);
}

/* The archive of an encrypted journal is encrypted with its key, and its passphrase
 * opens it where that journal is not unlocked (another computer). */
static void
test_archive_sealed (Fixture      *f,
                     gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "journal.reframe", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (ReframeImportBatch) batch = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;

  add_entries (f, 9);
  g_free (encrypt (f));
  {
    g_autoptr (ReframeStore) store = reframe_store_open (f->dir, &error);

    g_assert_true (reframe_archive_write (store, file, REFRAME_ARCHIVE_NONE, NULL, NULL, &error));
    g_assert_no_error (error);
  }
  bytes = reframe_test_read_bytes (path);
  g_assert_true (
      reframe_archive_is_sealed (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes)));
  g_assert_cmpuint (count_hits_in_tree (f->dir, CANARY), ==, 0);

  /* Unlocked in this process: it reads at once. */
  batch = reframe_archive_read_bytes (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (reframe_import_batch_get_n_records (batch, REFRAME_IMPORT_MOOD_ENTRY), ==, 9);
  g_clear_object (&batch);

  /* Locked: it asks for the passphrase, refuses a wrong one, and a flipped byte. */
  reframe_journal_lock (f->dir);
  g_assert_null (reframe_archive_read_bytes (bytes, &error));
  g_assert_error (error, REFRAME_IMPORT_ERROR, REFRAME_IMPORT_ERROR_ENCRYPTED);
  g_clear_error (&error);
  g_assert_false (reframe_archive_unlock_sealed (bytes, "not the passphrase", &error));
  g_assert_error (error, REFRAME_KEY_ERROR, REFRAME_KEY_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);
  {
    gsize   len = g_bytes_get_size (bytes);
    guint8 *damaged = g_memdup2 (g_bytes_get_data (bytes, NULL), len);
    g_autoptr (GBytes) damaged_bytes = NULL;

    g_assert_cmpuint (len, >, 100);
    damaged[len - 40] ^= 1;
    damaged_bytes = g_bytes_new_take (damaged, len);
    g_assert_false (reframe_archive_unlock_sealed (damaged_bytes, PASSPHRASE, &error));
    g_assert_error (error, REFRAME_IMPORT_ERROR, REFRAME_IMPORT_ERROR_INVALID);
    g_clear_error (&error);
  }
  g_assert_true (reframe_archive_unlock_sealed (bytes, PASSPHRASE, &error));
  g_assert_no_error (error);
  batch = reframe_archive_read_bytes (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (reframe_import_batch_get_n_records (batch, REFRAME_IMPORT_MOOD_ENTRY), ==, 9);
  reframe_archive_forget_keys ();
}

/* Looking at the journal's first bytes while a connection of this process has it open
 * must not drop that connection's locks: otherwise another program's connection,
 * closing, takes itself for the last one and deletes the WAL this one still writes to. */
static void
test_probe_keeps_locks (Fixture      *f,
                        gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeStore) store = NULL;
  g_autofree char *out = NULL;

  add_entries (f, 1);
  store = reframe_store_open (f->dir, &error);
  g_assert_no_error (error);
  {
    g_autoptr (ReframeMoodEntry) entry =
        reframe_test_entry_at ("2026-02-01T08:00:00Z", REFRAME_MOOD_GOOD, "first");

    g_assert_true (reframe_mood_repository_save (reframe_store_get_moods (store), entry, &error));
  }
  for (guint i = 0; i < 3; i++)
    {
      g_assert_false (reframe_journal_is_encrypted (f->dir));
      g_assert_cmpint (reframe_crypt_vfs_probe (f->db_path), ==, REFRAME_CRYPT_FILE_PLAIN);
    }
  g_assert_cmpint (
      reframe_test_run_cli ((const char *[]){ "list", "--data-dir", f->dir, NULL }, NULL), ==, 0);
  {
    g_autoptr (ReframeMoodEntry) entry = reframe_test_entry_at (
        "2026-02-02T08:00:00Z", REFRAME_MOOD_GOOD, "written after the probe");

    g_assert_true (reframe_mood_repository_save (reframe_store_get_moods (store), entry, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpint (
      reframe_test_run_cli ((const char *[]){ "list", "--json", "--data-dir", f->dir, NULL }, &out),
      ==,
      0);
  g_assert_nonnull (strstr (out, "written after the probe"));
}

static char *
write_secret_file (Fixture    *f,
                   const char *name,
                   const char *text)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);

  g_assert_true (g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_NONE, 0600, NULL));
  return g_steal_pointer (&path);
}

/* No terminal: setsid leaves the command without one, as in a script. */
static int
run_cli (const char *const *args,
         char             **out,
         char             **err)
{
  return reframe_test_cli_runv (&(ReframeTestCli){ .no_terminal = TRUE }, args, out, err);
}

static void
clear_output (char **out,
              char **err)
{
  g_clear_pointer (out, g_free);
  g_clear_pointer (err, g_free);
}

static void
test_cli (Fixture      *f,
          gconstpointer data)
{
  g_autofree char *pass_file = write_secret_file (f, "pass.txt", PASSPHRASE "\n");
  g_autofree char *wrong_file = write_secret_file (f, "wrong.txt", "not the passphrase\n");
  g_autofree char *new_file = write_secret_file (f, "new.txt", NEW_PASSPHRASE "\r\n");
  g_autofree char *short_file = write_secret_file (f, "short.txt", "short\n");
  g_autofree char *out = NULL, *err = NULL;

  add_entries (f, 6);
  g_assert_cmpint (run_cli (
                       (const char *[]){
                           "encrypt", "--passphrase-file", short_file, "--data-dir", f->dir, NULL },
                       &out,
                       &err),
                   ==,
                   1);
  g_assert_nonnull (strstr (err, "at least 8"));
  g_assert_false (reframe_journal_is_encrypted (f->dir));
  clear_output (&out, &err);

  g_assert_cmpint (
      run_cli (
          (const char *[]){ "encrypt", "--passphrase-file", pass_file, "--data-dir", f->dir, NULL },
          &out,
          &err),
      ==,
      0);
  g_assert_nonnull (strstr (out, "recovery key"));
  g_assert_true (reframe_journal_is_encrypted (f->dir));
  clear_output (&out, &err);

  /* Without a terminal and without a passphrase, a command says how to give one. */
  g_assert_cmpint (
      run_cli ((const char *[]){ "list", "--data-dir", f->dir, NULL }, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "--passphrase-file"));
  clear_output (&out, &err);
  g_assert_cmpint (
      run_cli (
          (const char *[]){ "list", "--passphrase-file", wrong_file, "--data-dir", f->dir, NULL },
          &out,
          &err),
      ==,
      1);
  g_assert_nonnull (strstr (err, "passphrase"));
  clear_output (&out, &err);
  g_assert_cmpint (
      run_cli (
          (const char *[]){
              "list", "--json", "--data-dir", f->dir, "--passphrase-file", pass_file, NULL },
          &out,
          &err),
      ==,
      0);
  g_assert_nonnull (strstr (out, CANARY));
  clear_output (&out, &err);

  g_assert_cmpint (
      run_cli ((const char *[]){ "status", "--json", "--data-dir", f->dir, NULL }, &out, &err),
      ==,
      0);
  g_assert_nonnull (strstr (out, "\"encrypted\" : true"));
  g_assert_nonnull (strstr (out, "\"locked\" : true"));
  clear_output (&out, &err);

  g_assert_cmpint (run_cli ((const char *[]){ "passphrase",
                                              "--passphrase-file",
                                              pass_file,
                                              "--new-passphrase-file",
                                              new_file,
                                              "--data-dir",
                                              f->dir,
                                              NULL },
                            &out,
                            &err),
                   ==,
                   0);
  clear_output (&out, &err);
  g_assert_cmpint (run_cli ((const char *[]){ "log",
                                              "--mood",
                                              "4",
                                              "--note",
                                              "after the change",
                                              "--passphrase-file",
                                              new_file,
                                              "--data-dir",
                                              f->dir,
                                              NULL },
                            &out,
                            &err),
                   ==,
                   0);
  clear_output (&out, &err);

  g_assert_cmpint (
      run_cli (
          (const char *[]){ "decrypt", "--passphrase-file", new_file, "--data-dir", f->dir, NULL },
          &out,
          &err),
      ==,
      0);
  g_assert_false (reframe_journal_is_encrypted (f->dir));
  g_assert_cmpuint (count_entries (f), ==, 7);
}

/* kill -9 at any moment of `reframe encrypt` leaves the old journal or the new one,
 * whole, and it opens with what it needs. */
static void
test_kill_during_encrypt (Fixture      *f,
                          gconstpointer data)
{
  g_autofree char *pass_file = write_secret_file (f, "pass.txt", PASSPHRASE "\n");
  guint            n_plain = 0, n_encrypted = 0;

  add_entries (f, 1500);
  for (guint round = 0; round < 12; round++)
    {
      const char *argv[] = { g_getenv ("REFRAME_BIN"),
                             "encrypt",
                             "--passphrase-file",
                             pass_file,
                             "--data-dir",
                             f->dir,
                             NULL };
      g_autoptr (GError) error = NULL;
      GPid pid = 0;
      int  status = 0;

      g_assert_true (g_spawn_async (NULL,
                                    (char **) argv,
                                    NULL,
                                    G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL |
                                        G_SPAWN_STDERR_TO_DEV_NULL,
                                    (GSpawnChildSetupFunc) setsid,
                                    NULL,
                                    &pid,
                                    &error));
      g_usleep (g_random_int_range (50, 1500) * 1000);
      kill (pid, SIGKILL);
      waitpid (pid, &status, 0);
      g_spawn_close_pid (pid);

      reframe_journal_lock (f->dir);
      if (reframe_journal_is_encrypted (f->dir))
        {
          n_encrypted++;
          g_assert_true (
              reframe_journal_unlock (f->dir, REFRAME_UNLOCK_PASSPHRASE, PASSPHRASE, NULL, &error));
          g_assert_no_error (error);
          g_assert_cmpuint (count_entries (f), ==, 1500);
          g_assert_true (reframe_journal_decrypt (f->dir, NULL, &error));
          g_assert_no_error (error);
        }
      else
        n_plain++;
      g_assert_cmpuint (count_entries (f), ==, 1500);
    }
  g_test_message ("killed while plain %u times, after the switch %u times", n_plain, n_encrypted);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  _reframe_key_envelope_use_test_limits ();

  g_test_add ("/reframe/journal-crypt/encrypt-lock-unlock-decrypt",
              Fixture,
              NULL,
              set_up,
              test_encrypt_round_trip,
              tear_down);
  g_test_add ("/reframe/journal-crypt/relative-folder-gives-private-journal",
              Fixture,
              NULL,
              set_up,
              test_relative_folder_private_result,
              tear_down);
  g_test_add ("/reframe/journal-crypt/change-passphrase-keeps-journal-bytes",
              Fixture,
              NULL,
              set_up,
              test_change_passphrase,
              tear_down);
  g_test_add ("/reframe/journal-crypt/lock-wipes-key",
              Fixture,
              NULL,
              set_up,
              test_lock_wipes_key,
              tear_down);
  g_test_add ("/reframe/journal-crypt/backups-stay-encrypted",
              Fixture,
              NULL,
              set_up,
              test_backups_stay_encrypted,
              tear_down);
  g_test_add ("/reframe/journal-crypt/missing-key-file-is-named",
              Fixture,
              NULL,
              set_up,
              test_missing_key_file,
              tear_down);
  g_test_add ("/reframe/journal-crypt/deleted-text-leaves-no-trace",
              Fixture,
              NULL,
              set_up,
              test_secure_delete,
              tear_down);
  g_test_add ("/reframe/journal-crypt/archive-encrypted-with-the-journal",
              Fixture,
              NULL,
              set_up,
              test_archive_sealed,
              tear_down);
  g_test_add ("/reframe/journal-crypt/probe-keeps-connection-locks",
              Fixture,
              NULL,
              set_up,
              test_probe_keeps_locks,
              tear_down);
  g_test_add ("/reframe/journal-crypt/cli-passphrase-never-on-command-line",
              Fixture,
              NULL,
              set_up,
              test_cli,
              tear_down);
  g_test_add ("/reframe/journal-crypt/kill-during-encrypt-leaves-one-whole-journal",
              Fixture,
              NULL,
              set_up,
              test_kill_during_encrypt,
              tear_down);
  return g_test_run ();
}
