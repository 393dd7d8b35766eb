/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-crypt-vfs-format.c: the encrypting VFS on disk: its format, damage and
 * wrong keys, the page size, VACUUM INTO and the backup API. */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sodium.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "reframe-crypt-key.h"
#include "reframe-crypt-vfs.h"
#include "reframe-test-util.h"
#include "test-crypt-vfs-private.h"

/* Helpers: the format, read by a decoder of our own written from docs/encryption.md */

static guint32
be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

/* Decrypts one page as it lies on disk into @plain (4096 bytes, as SQLite wrote it but
 * for the reserved bytes, which are zero). */
static gboolean
decode_page (ReframeCryptKey *key,
             char             kind,
             const guint8    *file_id,
             guint32          pgno,
             guint64          position,
             const guint8    *disk,
             guint8          *plain)
{
  gboolean first = kind == 'D' && pgno == 1;
  gsize    start = first ? 24 : 0;
  guint8   ad[33];
  gsize    ad_len = 25;

  memcpy (ad, "RFRM", 4);
  ad[4] = (guint8) kind;
  memcpy (ad + 5, first ? disk + 8 : file_id, 8);
  for (guint i = 0; i < 4; i++)
    ad[13 + i] = (guint8) (pgno >> (8 * i));
  for (guint i = 0; i < 8; i++)
    ad[17 + i] = (guint8) (position >> (8 * i));
  if (first)
    {
      memcpy (ad + 25, disk + 16, 8);
      ad_len = 33;
    }
  memset (plain, 0, PAGE);
  if (crypto_aead_xchacha20poly1305_ietf_decrypt_detached (plain + start,
                                                           NULL,
                                                           disk + start,
                                                           4056 - start,
                                                           disk + 4056,
                                                           ad,
                                                           ad_len,
                                                           disk + 4072,
                                                           reframe_crypt_key_get_bytes (key)) != 0)
    return FALSE;
  if (first)
    {
      memcpy (plain, "SQLite format 3", 16);
      memcpy (plain + 16, disk + 16, 8);
    }
  return TRUE;
}

/* Each kind of damage to a page is an error, never different data. */
static void
test_tamper (Fixture      *f,
             gconstpointer data)
{
  g_autoptr (ReframeCryptKey) same = reframe_crypt_key_ref (f->key);
  g_autofree char *second = g_build_filename (f->dir, "second.db", NULL);
  g_autofree char *damaged = g_build_filename (f->dir, "damaged.db", NULL);
  struct
  {
    goffset offset;
    int     expected; /* what opening, then reading every page, gives */
  } flips[] = {
    { 2 * PAGE + 100, SQLITE_IOERR_DATA },           /* ciphertext of page 3 */
    { 2 * PAGE + PAGE - 40 + 3, SQLITE_IOERR_DATA }, /* its tag */
    { 2 * PAGE + PAGE - 24 + 5, SQLITE_IOERR_DATA }, /* its nonce */
    { 3 * PAGE + 4000, SQLITE_IOERR_DATA },          /* the end of page 4's ciphertext */
    { 300, SQLITE_AUTH },                            /* page 1's ciphertext */
    { 12, SQLITE_AUTH },                             /* page 1's file id */
    { 16, SQLITE_AUTH },                             /* page 1's clear bytes 16–23 */
    { 21, SQLITE_AUTH },
    { 23, SQLITE_AUTH },
    { PAGE - 1, SQLITE_AUTH }, /* page 1's nonce */
  };
  guint8   page_a[PAGE], page_b[PAGE];
  sqlite3 *db;

  for (guint i = 0; i < 2; i++)
    {
      const char *path = i == 0 ? f->path : second;

      reframe_crypt_vfs_set_key (path, same);
      db = _reframe_test_create_encrypted (path, FALSE);
      _reframe_test_create_notes (db);
      _reframe_test_insert_notes (db, 60, 60, 3, NULL);
      _reframe_test_assert_integrity_ok (db);
      g_assert_cmpint (_reframe_test_query_int (db, "PRAGMA page_count"), >=, 6);
      sqlite3_close (db);
    }

  for (guint i = 0; i < G_N_ELEMENTS (flips); i++)
    {
      int rc;

      g_test_message ("bit flipped at %" G_GOFFSET_FORMAT, flips[i].offset);
      _reframe_test_copy_db (f->path, damaged, f->key);
      _reframe_test_flip_bit (damaged, flips[i].offset, i % 8);
      db = _reframe_test_open_db (damaged, &rc);
      if (db != NULL)
        {
          rc = _reframe_test_query_rc (db, "PRAGMA integrity_check", NULL);
          sqlite3_close (db);
        }
      g_assert_cmpint (rc, ==, flips[i].expected);
    }

  /* Pages 3 and 4 swapped. */
  _reframe_test_copy_db (f->path, damaged, f->key);
  _reframe_test_read_at (damaged, 2 * PAGE, page_a, PAGE);
  _reframe_test_read_at (damaged, 3 * PAGE, page_b, PAGE);
  _reframe_test_write_at (damaged, 2 * PAGE, page_b, PAGE);
  _reframe_test_write_at (damaged, 3 * PAGE, page_a, PAGE);
  db = _reframe_test_open_ok (damaged);
  g_assert_cmpint (
      _reframe_test_query_rc (db, "PRAGMA integrity_check", NULL), ==, SQLITE_IOERR_DATA);
  sqlite3_close (db);

  /* Page 3 of another database under the same key, with the same structure. */
  _reframe_test_copy_db (f->path, damaged, f->key);
  _reframe_test_read_at (second, 2 * PAGE, page_a, PAGE);
  _reframe_test_write_at (damaged, 2 * PAGE, page_a, PAGE);
  db = _reframe_test_open_ok (damaged);
  g_assert_cmpint (
      _reframe_test_query_rc (db, "PRAGMA integrity_check", NULL), ==, SQLITE_IOERR_DATA);
  sqlite3_close (db);

  /* The undamaged original still reads. */
  db = _reframe_test_open_ok (f->path);
  _reframe_test_assert_integrity_ok (db);
  sqlite3_close (db);
}

/* The files are what docs/encryption.md says: a decoder of the test's own reads every
 * page of the database and every frame of the WAL. And a damaged frame holding a page
 * of zeros (a freed page under secure_delete) is rejected by recovery as well, so that
 * no checkpoint trips over it later. */
static void
test_format (Fixture      *f,
             gconstpointer data)
{
  g_autofree char *wal_path = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *damaged = g_build_filename (f->dir, "damaged.db", NULL);
  g_autofree char *damaged_wal = g_strconcat (damaged, "-wal", NULL);
  g_autoptr (GBytes) disk = NULL;
  g_autoptr (GBytes) wal = NULL;
  const guint8 *bytes;
  guint8        file_id[8];
  guint8        plain[PAGE];
  gsize         size;
  gboolean      found_text = FALSE;
  goffset       zero_frame = -1;
  sqlite3      *db;

  db = _reframe_test_create_encrypted (f->path, TRUE);
  g_assert_cmpint (
      sqlite3_db_config (db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL), ==, SQLITE_OK);
  _reframe_test_exec_ok (
      db, "PRAGMA secure_delete=ON; PRAGMA wal_autocheckpoint=0; CREATE TABLE t (v TEXT);");
  _reframe_test_exec_ok (
      db,
      "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200) "
      "INSERT INTO t SELECT 'format check ' || i || printf ('%.500c', 'x') FROM n");
  _reframe_test_exec_ok (db, "PRAGMA wal_checkpoint(TRUNCATE)");

  /* The database: page 1 under the magic, the page count in its header, the text. */
  disk = _reframe_test_read_file (f->path);
  bytes = g_bytes_get_data (disk, &size);
  g_assert_cmpuint (size % PAGE, ==, 0);
  g_assert_cmpmem (bytes, 8, "RFRMCRY1", 8);
  memcpy (file_id, bytes + 8, 8);
  for (gsize page = 0; page < size / PAGE; page++)
    {
      g_assert_true (
          decode_page (f->key, 'D', file_id, page + 1, page + 1, bytes + page * PAGE, plain));
      if (page == 0)
        {
          g_assert_cmpuint (be32 (plain + 28), ==, size / PAGE);
          g_assert_cmpuint (plain[20], ==, REFRAME_CRYPT_RESERVE);
        }
      found_text |= memmem (plain, PAGE, "format check 17", 15) != NULL;
    }
  g_assert_true (found_text);

  /* The WAL: frames whose pages decode under their frame header's page number and
   * their frame's offset. The second transaction frees pages, which are zeroed. */
  _reframe_test_exec_ok (db, "INSERT INTO t VALUES ('one more')");
  _reframe_test_exec_ok (db, "DELETE FROM t WHERE rowid > 20");
  sqlite3_close (db);
  wal = _reframe_test_read_file (wal_path);
  bytes = g_bytes_get_data (wal, &size);
  g_assert_cmpuint ((size - 32) % (24 + PAGE), ==, 0);
  g_assert_cmpuint (size, >, 32 + 10 * (24 + PAGE));
  for (goffset frame = 32; frame < (goffset) size; frame += 24 + PAGE)
    {
      g_assert_true (decode_page (
          f->key, 'W', file_id, be32 (bytes + frame), frame, bytes + frame + 24, plain));
      if (sodium_is_zero (plain, PAGE))
        zero_frame = frame;
    }
  g_assert_cmpint (zero_frame, >, 0);

  _reframe_test_copy_db (f->path, damaged, f->key);
  _reframe_test_flip_bit (damaged_wal, zero_frame + 24 + 2000, 0);
  db = _reframe_test_open_ok (damaged);
  g_assert_cmpint (_reframe_test_query_int (db, "SELECT count(*) FROM t"), ==, 201);
  _reframe_test_assert_integrity_ok (db);
  _reframe_test_exec_ok (db, "PRAGMA wal_checkpoint(TRUNCATE)");
  sqlite3_close (db);

  db = _reframe_test_open_ok (f->path);
  g_assert_cmpint (_reframe_test_query_int (db, "SELECT count(*) FROM t"), ==, 20);
  sqlite3_close (db);
}

/* A WAL whose frame was changed: recovery stops before it, so its commit is not seen. */
static void
test_tamper_wal_frame (Fixture      *f,
                       gconstpointer data)
{
  g_autofree char *damaged = g_build_filename (f->dir, "damaged.db", NULL);
  g_autofree char *wal = g_strconcat (damaged, "-wal", NULL);
  sqlite3         *db;

  db = _reframe_test_create_encrypted (f->path, TRUE);
  g_assert_cmpint (
      sqlite3_db_config (db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL), ==, SQLITE_OK);
  _reframe_test_exec_ok (
      db, "PRAGMA wal_autocheckpoint=0; CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('first');");
  _reframe_test_exec_ok (db, "PRAGMA wal_checkpoint(TRUNCATE)");
  _reframe_test_exec_ok (db, "INSERT INTO t VALUES ('second')");
  sqlite3_close (db);

  for (guint variant = 0; variant < 3; variant++)
    {
      goffset size;
      goffset last;
      gint64  n;
      int     rc;

      _reframe_test_copy_db (f->path, damaged, f->key);
      size = _reframe_test_file_size (wal);
      g_assert_cmpint (size, >, 32);
      g_assert_cmpint ((size - 32) % (24 + PAGE), ==, 0);
      last = size - (24 + PAGE);
      /* The page's ciphertext, its tag, its nonce. */
      _reframe_test_flip_bit (wal, last + 24 + (variant == 0 ? 1000 : variant == 1 ? PAGE - 36
                                                                                   : PAGE - 3),
                              3);
      db = _reframe_test_open_db (damaged, &rc);
      g_assert_cmpint (rc, ==, SQLITE_OK);
      n = _reframe_test_query_int (db, "SELECT count(*) FROM t");
      g_assert_cmpint (n, ==, 1);
      _reframe_test_assert_integrity_ok (db);
      sqlite3_close (db);
    }

  /* Undamaged, the second commit is there. */
  _reframe_test_copy_db (f->path, damaged, f->key);
  db = _reframe_test_open_ok (damaged);
  g_assert_cmpint (_reframe_test_query_int (db, "SELECT count(*) FROM t"), ==, 2);
  sqlite3_close (db);
}

/* Wrong key and no key: SQLITE_AUTH, and the files are not touched. A key for a plain
 * file: SQLITE_NOTADB. Without keys the VFS is the default one. */
static void
test_keys (Fixture      *f,
           gconstpointer data)
{
  g_autoptr (ReframeCryptKey) wrong = reframe_crypt_key_new_random ();
  g_autofree char *plain_path = g_build_filename (f->dir, "plain.db", NULL);
  g_autofree char *empty_path = g_build_filename (f->dir, "empty.db", NULL);
  g_autofree char *other_path = g_build_filename (f->dir, "other.db", NULL);
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *db_hash = NULL;
  g_autofree char *wal_hash = NULL;
  g_autofree char *value = NULL;
  sqlite3         *db;

  db = _reframe_test_create_encrypted (f->path, TRUE);
  g_assert_cmpint (
      sqlite3_db_config (db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL), ==, SQLITE_OK);
  _reframe_test_exec_ok (db, "CREATE TABLE t (v); INSERT INTO t VALUES (42);");
  sqlite3_close (db);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  db_hash = _reframe_test_file_hash (f->path);
  wal_hash = _reframe_test_file_hash (wal);

  reframe_crypt_vfs_set_key (f->path, wrong);
  g_assert_cmpint (_reframe_test_open_rc (f->path), ==, SQLITE_AUTH);
  reframe_crypt_vfs_set_key (f->path, NULL);
  g_assert_null (reframe_crypt_vfs_dup_key (f->path));
  g_assert_cmpint (_reframe_test_open_rc (f->path), ==, SQLITE_AUTH);
  _reframe_test_assert_hash (f->path, db_hash);
  _reframe_test_assert_hash (wal, wal_hash);

  /* The key is found whatever the spelling of the path. */
  {
    g_autofree char *cwd = g_get_current_dir ();
    g_autofree char *relative = NULL;
    g_autofree char *dotted = g_build_filename (f->dir, ".", "journal.db", NULL);

    g_assert_cmpint (g_chdir (f->dir), ==, 0);
    relative = g_strdup ("journal.db");
    reframe_crypt_vfs_set_key (relative, f->key);
    g_assert_cmpint (g_chdir (cwd), ==, 0);
    db = _reframe_test_open_ok (dotted);
    g_assert_cmpint (_reframe_test_query_int (db, "SELECT v FROM t"), ==, 42);
    sqlite3_close (db);
  }

  /* Forgetting every key locks every file. */
  reframe_crypt_vfs_forget_keys ();
  g_assert_cmpint (_reframe_test_open_rc (f->path), ==, SQLITE_AUTH);

  /* Plain files: readable without a key, refused with one. */
  g_assert_cmpint (
      sqlite3_open_v2 (plain_path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL),
      ==,
      SQLITE_OK);
  _reframe_test_exec_ok (db, "CREATE TABLE t (v); INSERT INTO t VALUES ('plain');");
  sqlite3_close (db);
  db = _reframe_test_open_ok (plain_path);
  g_assert_cmpint (_reframe_test_query_int (db, "PRAGMA mmap_size=1048576"),
                   ==,
                   1048576); /* plain: as the default VFS */
  value = _reframe_test_query (db, "SELECT v FROM t");
  g_assert_cmpstr (value, ==, "plain\n");
  _reframe_test_exec_ok (db, "INSERT INTO t VALUES ('still plain')");
  sqlite3_close (db);
  g_assert_cmpint (reframe_crypt_vfs_probe (plain_path), ==, REFRAME_CRYPT_FILE_PLAIN);
  reframe_crypt_vfs_set_key (plain_path, f->key);
  g_assert_cmpint (_reframe_test_open_rc (plain_path), ==, SQLITE_NOTADB);
  g_assert_false (reframe_crypt_vfs_key_opens (plain_path, f->key));

  /* A new file without a key is a plain database. */
  db = _reframe_test_open_ok (other_path);
  _reframe_test_exec_ok (db, "CREATE TABLE t (v)");
  sqlite3_close (db);
  g_assert_cmpint (reframe_crypt_vfs_probe (other_path), ==, REFRAME_CRYPT_FILE_PLAIN);

  g_assert_true (g_file_set_contents (empty_path, "", 0, NULL));
  g_assert_cmpint (reframe_crypt_vfs_probe (empty_path), ==, REFRAME_CRYPT_FILE_EMPTY);
  g_assert_true (g_file_set_contents (empty_path, "not a database at all", -1, NULL));
  g_assert_cmpint (reframe_crypt_vfs_probe (empty_path), ==, REFRAME_CRYPT_FILE_OTHER);
  reframe_crypt_vfs_set_key (empty_path, f->key);
  g_assert_cmpint (_reframe_test_open_rc (empty_path), ==, SQLITE_NOTADB);
}

/* PRAGMA page_size cannot change an encrypted database, in WAL or rollback mode. */
static void
test_page_size_fixed (Fixture      *f,
                      gconstpointer data)
{
  for (guint wal = 0; wal < 2; wal++)
    {
      g_autofree char *dump = NULL;
      g_autofree char *after = NULL;
      sqlite3         *db;

      if (wal)
        g_unlink (f->path);
      db = _reframe_test_create_encrypted (f->path, wal);
      /* Even before the first page is written. */
      _reframe_test_exec_ok (db, "PRAGMA page_size=8192");
      _reframe_test_create_notes (db);
      _reframe_test_insert_notes (db, 100, 30, 5, NULL);
      g_assert_cmpint (_reframe_test_query_int (db, "PRAGMA page_size"), ==, PAGE);
      dump = _reframe_test_dump_db (db);
      _reframe_test_exec_ok (db, "PRAGMA page_size=8192; VACUUM;");
      g_assert_cmpint (_reframe_test_query_int (db, "PRAGMA page_size"), ==, PAGE);
      sqlite3_close (db);

      db = _reframe_test_open_ok (f->path);
      g_assert_cmpint (_reframe_test_query_int (db, "PRAGMA page_size"), ==, PAGE);
      after = _reframe_test_dump_db (db);
      _reframe_test_assert_dump_equal (after, dump);
      _reframe_test_assert_integrity_ok (db);
      sqlite3_close (db);
    }
}

/* VACUUM INTO an encrypted file, from encrypted and from plain sources (how encryption
 * is turned on), into a plain file (how it is turned off), and the backup API. */
static void
test_vacuum_into_and_backup (Fixture      *f,
                             gconstpointer data)
{
  g_autofree char *copy_path = g_build_filename (f->dir, "copy.db", NULL);
  g_autofree char *plain_path = g_build_filename (f->dir, "plain.db", NULL);
  g_autofree char *from_plain = g_build_filename (f->dir, "from-plain.db", NULL);
  g_autofree char *to_plain = g_build_filename (f->dir, "to-plain.db", NULL);
  g_autofree char *backup_path = g_build_filename (f->dir, "backup.db", NULL);
  g_autofree char *dump = NULL;
  g_autofree char *sql = NULL;
  sqlite3_backup  *backup;
  sqlite3         *source;
  sqlite3         *db;
  int              n = REFRAME_CRYPT_RESERVE;

  source = _reframe_test_create_encrypted (f->path, TRUE);
  _reframe_test_create_notes (source);
  _reframe_test_insert_notes (source, 400, 40, 9, NULL);
  dump = _reframe_test_dump_db (source);

  /* Encrypted to encrypted. */
  reframe_crypt_vfs_set_key (copy_path, f->key);
  sql = g_strdup_printf ("VACUUM INTO 'file:%s?vfs=" REFRAME_CRYPT_VFS_NAME "'", copy_path);
  _reframe_test_exec_ok (source, sql);
  g_assert_cmpint (reframe_crypt_vfs_probe (copy_path), ==, REFRAME_CRYPT_FILE_ENCRYPTED);
  g_assert_true (reframe_crypt_vfs_key_opens (copy_path, f->key));
  db = _reframe_test_open_ok (copy_path);
  _reframe_test_assert_dump (db, dump);
  _reframe_test_assert_integrity_ok (db);
  sqlite3_close (db);

  /* Encrypted to plain: turning encryption off. */
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("VACUUM INTO 'file:%s?vfs=" REFRAME_CRYPT_VFS_NAME "'", to_plain);
  _reframe_test_exec_ok (source, sql);
  g_assert_cmpint (reframe_crypt_vfs_probe (to_plain), ==, REFRAME_CRYPT_FILE_PLAIN);
  g_assert_cmpint (sqlite3_open_v2 (to_plain, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  _reframe_test_assert_dump (db, dump);
  _reframe_test_assert_integrity_ok (db);
  sqlite3_close (db);

  /* The backup API into a new file with the same key. */
  reframe_crypt_vfs_set_key (backup_path, f->key);
  db = _reframe_test_open_ok (backup_path);
  backup = sqlite3_backup_init (db, "main", source, "main");
  g_assert_nonnull (backup);
  g_assert_cmpint (sqlite3_backup_step (backup, -1), ==, SQLITE_DONE);
  g_assert_cmpint (sqlite3_backup_finish (backup), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_cmpint (reframe_crypt_vfs_probe (backup_path), ==, REFRAME_CRYPT_FILE_ENCRYPTED);
  db = _reframe_test_open_ok (backup_path);
  _reframe_test_assert_dump (db, dump);
  _reframe_test_assert_integrity_ok (db);
  sqlite3_close (db);
  sqlite3_close (source);

  /* Plain (with the reserve set on the empty file) to encrypted: turning it on. */
  g_assert_cmpint (
      sqlite3_open_v2 (
          plain_path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI, NULL),
      ==,
      SQLITE_OK);
  g_assert_cmpint (
      sqlite3_file_control (db, "main", SQLITE_FCNTL_RESERVE_BYTES, &n), ==, SQLITE_OK);
  _reframe_test_exec_ok (db, "PRAGMA journal_mode=WAL");
  _reframe_test_create_notes (db);
  _reframe_test_insert_notes (db, 300, 40, 10, NULL);
  g_clear_pointer (&dump, g_free);
  dump = _reframe_test_dump_db (db);
  reframe_crypt_vfs_set_key (from_plain, f->key);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("VACUUM INTO 'file:%s?vfs=" REFRAME_CRYPT_VFS_NAME "'", from_plain);
  _reframe_test_exec_ok (db, sql);
  sqlite3_close (db);
  g_assert_cmpint (reframe_crypt_vfs_probe (from_plain), ==, REFRAME_CRYPT_FILE_ENCRYPTED);
  db = _reframe_test_open_ok (from_plain);
  _reframe_test_assert_dump (db, dump);
  _reframe_test_assert_integrity_ok (db);
  _reframe_test_exec_ok (
      db, "PRAGMA journal_mode=WAL; INSERT INTO notes (body) VALUES ('after the move')");
  sqlite3_close (db);
}

void
_reframe_test_crypt_vfs_add_format_tests (void)
{
  ADD ("format", test_format);
  ADD ("tamper", test_tamper);
  ADD ("tamper-wal-frame", test_tamper_wal_frame);
  ADD ("keys", test_keys);
  ADD ("page-size-fixed", test_page_size_fixed);
  ADD ("vacuum-into-and-backup", test_vacuum_into_and_backup);
}
