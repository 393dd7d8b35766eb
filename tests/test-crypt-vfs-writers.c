/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-crypt-vfs-writers.c: the encrypting VFS under its writers: torn WALs, two
 * connections, concurrent writers, the rollback journal, killed writers and random damage. */

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

/* Truncating the WAL anywhere inside its last frame loses that frame's transaction and
 * nothing else. */
static void
test_torn_wal (Fixture      *f,
               gconstpointer data)
{
  g_autofree char *damaged = g_build_filename (f->dir, "damaged.db", NULL);
  g_autofree char *wal = g_strconcat (damaged, "-wal", NULL);
  g_autofree char *source_wal = g_strconcat (f->path, "-wal", NULL);
  goffset          size;
  sqlite3         *db;

  db = _reframe_test_create_encrypted (f->path, TRUE);
  g_assert_cmpint (
      sqlite3_db_config (db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL), ==, SQLITE_OK);
  _reframe_test_exec_ok (
      db, "PRAGMA wal_autocheckpoint=0; CREATE TABLE t (v INTEGER); INSERT INTO t VALUES (0);");
  _reframe_test_exec_ok (db, "PRAGMA wal_checkpoint(TRUNCATE)");
  for (guint i = 1; i <= 5; i++)
    {
      g_autofree char *sql = g_strdup_printf ("INSERT INTO t VALUES (%u)", i);

      _reframe_test_exec_ok (db, sql);
    }
  sqlite3_close (db);
  size = _reframe_test_file_size (source_wal);
  g_assert_cmpint (size, ==, 32 + 5 * (24 + PAGE)); /* one frame per transaction */

  for (guint i = 0; i < 8; i++)
    {
      goffset cut = size - 1 - g_test_rand_int_range (0, 24 + PAGE - 1);

      _reframe_test_copy_db (f->path, damaged, f->key);
      g_assert_cmpint (truncate (wal, cut), ==, 0);
      db = _reframe_test_open_ok (damaged);
      _reframe_test_assert_integrity_ok (db);
      {
        g_autofree char *values = _reframe_test_query (
            db, "SELECT group_concat(v, ',') FROM (SELECT v FROM t ORDER BY v)");

        g_assert_cmpstr (values, ==, "0,1,2,3,4\n");
      }
      sqlite3_close (db);
    }
}

/* Two connections opened on a new file both made up a file id; the one that creates
 * the database sets it, and the other takes it from the disk. */
static void
test_two_connections (Fixture      *f,
                      gconstpointer data)
{
  for (guint wal = 0; wal < 2; wal++)
    {
      sqlite3 *a, *b;
      int      n = REFRAME_CRYPT_RESERVE;

      g_unlink (f->path);
      a = _reframe_test_open_ok (f->path);
      b = _reframe_test_open_ok (f->path);
      g_assert_cmpint (
          sqlite3_file_control (a, "main", SQLITE_FCNTL_RESERVE_BYTES, &n), ==, SQLITE_OK);
      if (wal)
        _reframe_test_exec_ok (a, "PRAGMA journal_mode=WAL");
      _reframe_test_exec_ok (a, "CREATE TABLE t (v); INSERT INTO t VALUES (1);");
      g_assert_cmpint (_reframe_test_query_int (b, "SELECT sum(v) FROM t"), ==, 1);
      _reframe_test_exec_ok (b, "INSERT INTO t VALUES (2)");
      g_assert_cmpint (_reframe_test_query_int (a, "SELECT sum(v) FROM t"), ==, 3);
      sqlite3_close (a);
      sqlite3_close (b);
      a = _reframe_test_open_ok (f->path);
      g_assert_cmpint (_reframe_test_query_int (a, "SELECT sum(v) FROM t"), ==, 3);
      _reframe_test_assert_integrity_ok (a);
      sqlite3_close (a);
    }
}

/* A writer in another process and readers here at the same time, in WAL and in rollback
 * mode: every read sees a whole transaction, never a page it cannot decrypt. */
static void
test_concurrent (Fixture      *f,
                 gconstpointer data)
{
  g_autofree char *rollback_path = g_build_filename (f->dir, "rollback.db", NULL);

  reframe_crypt_vfs_set_key (rollback_path, f->key);
  for (guint wal = 0; wal < 2; wal++)
    {
      const char *path = wal ? f->path : rollback_path;
      sqlite3    *db = _reframe_test_create_encrypted (path, wal);
      guint       n_reads = 0;
      int         status = 0;
      pid_t       pid;

      _reframe_test_create_notes (db);
      _reframe_test_exec_ok (db, "CREATE TABLE acks (id INTEGER PRIMARY KEY)");
      sqlite3_close (db);

      pid = fork ();
      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        {
          db = _reframe_test_open_db (path, NULL);
          if (db == NULL ||
              _reframe_test_exec_rc (
                  db, "PRAGMA busy_timeout=10000; PRAGMA wal_autocheckpoint=4;") != SQLITE_OK)
            _exit (2);
          for (guint i = 1; i <= 150; i++)
            {
              g_autofree char *sql =
                  g_strdup_printf ("BEGIN IMMEDIATE;"
                                   "INSERT INTO notes (body) VALUES ('note %u about hope');"
                                   "INSERT INTO acks (id) VALUES (%u);"
                                   "COMMIT;",
                                   i,
                                   i);

              if (_reframe_test_exec_rc (db, sql) != SQLITE_OK)
                _exit (3);
            }
          sqlite3_close (db);
          _exit (0);
        }

      db = _reframe_test_open_ok (path);
      _reframe_test_exec_ok (db, "PRAGMA busy_timeout=10000");
      while (waitpid (pid, &status, WNOHANG) == 0)
        {
          g_autofree char *counts = _reframe_test_query (
              db,
              "SELECT (SELECT count(*) FROM notes) || ' ' || (SELECT count(*) FROM acks) || "
              "' ' || (SELECT count(*) FROM ft WHERE ft MATCH 'hope')");
          g_auto (GStrv) numbers = g_strsplit (counts, " ", -1);

          /* One transaction's note, its ack and its index entry, all or none. */
          g_assert_cmpstr (numbers[0], ==, numbers[1]);
          g_assert_cmpint (
              g_ascii_strtoll (numbers[1], NULL, 10), ==, g_ascii_strtoll (numbers[2], NULL, 10));
          n_reads++;
        }
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 0);
      g_assert_cmpint (_reframe_test_query_int (db, "SELECT count(*) FROM acks"), ==, 150);
      _reframe_test_assert_integrity_ok (db);
      sqlite3_close (db);
      g_test_message ("%u reads while the other process wrote", n_reads);
      g_assert_cmpuint (n_reads, >, 0);
    }
}

/* In rollback mode, the journal holds ciphertext too, and a rollback after the cache
 * spilled into the database restores every page through it. */
static void
test_rollback_journal (Fixture      *f,
                       gconstpointer data)
{
  g_autoptr (GPtrArray) canaries = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *journal = g_strconcat (f->path, "-journal", NULL);
  g_autofree char *hot = g_build_filename (f->dir, "hot.db", NULL);
  g_autofree char *hot_journal = g_strconcat (hot, "-journal", NULL);
  g_autofree char *damaged = g_build_filename (f->dir, "damaged.db", NULL);
  g_autofree char *damaged_journal = g_strconcat (damaged, "-journal", NULL);
  guint8           number[4];
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  Scan             scan = { canaries, 0, 0, 0 };
  sqlite3         *db;

  g_ptr_array_add (canaries, g_strdup ("kanariejournal"));
  db = _reframe_test_create_encrypted (f->path, FALSE);
  _reframe_test_exec_ok (db, "PRAGMA cache_size=10");
  _reframe_test_create_notes (db);
  _reframe_test_insert_notes (db, 500, 40, 4, canaries);
  before = _reframe_test_dump_db (db);

  _reframe_test_exec_ok (
      db, "BEGIN; UPDATE notes SET body = 'replaced'; DELETE FROM notes WHERE id % 3 = 0;");
  g_assert_cmpint (_reframe_test_file_size (journal), >, 20 * PAGE);
  _reframe_test_scan_file (&scan, journal);
  _reframe_test_scan_file (&scan, f->path);
  /* What a crash now would leave: a database half written and a hot journal. */
  _reframe_test_copy_file (f->path, hot);
  _reframe_test_copy_file (journal, hot_journal);
  _reframe_test_exec_ok (db, "ROLLBACK");
  after = _reframe_test_dump_db (db);
  _reframe_test_assert_dump_equal (after, before);
  _reframe_test_assert_integrity_ok (db);
  sqlite3_close (db);
  g_assert_cmpuint (scan.n_hits, ==, 0);

  /* The next connection rolls the hot journal back, decrypting its pages. */
  _reframe_test_copy_file (hot, damaged);
  _reframe_test_copy_file (hot_journal, damaged_journal);
  reframe_crypt_vfs_set_key (hot, f->key);
  db = _reframe_test_open_ok (hot);
  _reframe_test_assert_dump (db, before);
  _reframe_test_assert_integrity_ok (db);
  sqlite3_close (db);
  g_assert_false (g_file_test (hot_journal, G_FILE_TEST_EXISTS));

  /* The page numbers in the journal are in clear, but bound to their pages: a record
   * pointed at another page stops the rollback instead of writing a page elsewhere. */
  _reframe_test_read_at (damaged_journal, 512, number, sizeof number);
  number[3] ^= 1;
  _reframe_test_write_at (damaged_journal, 512, number, sizeof number);
  reframe_crypt_vfs_set_key (damaged, f->key);
  db = _reframe_test_open_ok (damaged);
  g_assert_cmpint (
      _reframe_test_query_rc (db, "SELECT count(*) FROM notes", NULL), ==, SQLITE_IOERR_DATA);
  sqlite3_close (db);
}

/* Helpers: the crash test */

/* Runs random transactions on @path until killed, writing each committed id to @fd. */
static void G_GNUC_NORETURN
run_writer (const char *path,
            gint64      first_id,
            guint32     seed,
            int         fd)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  pid_t    parent = getppid ();
  sqlite3 *db = _reframe_test_open_db (path, NULL);

  if (db == NULL ||
      _reframe_test_exec_rc (
          db, "PRAGMA busy_timeout=5000; PRAGMA wal_autocheckpoint=8; PRAGMA cache_size=20;") !=
          SQLITE_OK)
    _exit (2);
  for (gint64 id = first_id; getppid () == parent; id++)
    {
      g_autofree char *text = _reframe_test_make_text (rand, g_rand_int_range (rand, 3, 80), NULL);
      g_autofree char *sql = NULL;
      guint            op = g_rand_int_range (rand, 0, 4);

      sql = g_strdup_printf (
          "BEGIN IMMEDIATE;"
          "INSERT INTO notes (body, sort_key) VALUES ('%s', %u);"
          "%s;"
          "INSERT INTO acks (id) VALUES (%" G_GINT64_FORMAT ");"
          "COMMIT;",
          text,
          g_rand_int (rand),
          op == 0   ? "DELETE FROM notes WHERE id = (SELECT max(id) FROM notes) - 3"
          : op == 1 ? "UPDATE notes SET body = body || ' evening hope' WHERE id % 5 = "
                      "abs(random()) % 5 AND id > (SELECT max(id) FROM notes) - 40"
          : op == 2 ? "INSERT INTO notes (body, sort_key) SELECT body || ' again', sort_key + 1 "
                      "FROM notes ORDER BY id DESC LIMIT 10"
                    : "SELECT 1",
          id);
      if (_reframe_test_exec_rc (db, sql) != SQLITE_OK)
        _exit (3);
      if (write (fd, &id, sizeof id) != sizeof id)
        _exit (4);
    }
  _exit (0);
}

/* Writers killed at random moments, in WAL and in rollback mode: every time, the
 * database is whole, its index agrees with it, and every acknowledged commit is there. */
static void
test_crash (Fixture      *f,
            gconstpointer data)
{
  g_autofree char *rollback_path = g_build_filename (f->dir, "rollback.db", NULL);
  guint            n_runs = g_test_slow () ? 300 : 50;
  guint            n_acked = 0;
  guint            n_hot_journals = 0;
  guint            n_wals = 0;

  reframe_crypt_vfs_set_key (rollback_path, f->key);
  for (guint wal = 0; wal < 2; wal++)
    {
      sqlite3 *db = _reframe_test_create_encrypted (wal ? f->path : rollback_path, wal);

      _reframe_test_create_notes (db);
      _reframe_test_exec_ok (db, "CREATE TABLE acks (id INTEGER PRIMARY KEY)");
      sqlite3_close (db);
    }

  for (guint run = 0; run < n_runs; run++)
    {
      const char      *path = run % 2 == 0 ? f->path : rollback_path;
      gint64           first_id = (gint64) run * 1000000;
      gint64           id;
      GArray          *acked = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autofree char *sql = NULL;
      int              fds[2];
      int              status = 0;
      pid_t            pid;
      sqlite3         *db;

      g_assert_cmpint (pipe (fds), ==, 0);
      pid = fork ();
      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        {
          close (fds[0]);
          run_writer (path, first_id, g_test_rand_int (), fds[1]);
        }
      close (fds[1]);
      g_usleep (g_test_rand_int_range (2000, 60000));
      kill (pid, SIGKILL);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_assert_true (WIFSIGNALED (status)); /* the writer was still writing */
      while (read (fds[0], &id, sizeof id) == sizeof id)
        g_array_append_val (acked, id);
      close (fds[0]);

      /* What the writer left behind for this open to recover. */
      {
        g_autofree char *journal = g_strconcat (path, "-journal", NULL);
        g_autofree char *wal_file = g_strconcat (path, "-wal", NULL);

        n_hot_journals += _reframe_test_file_size (journal) > 0;
        n_wals += _reframe_test_file_size (wal_file) > 0;
      }
      db = _reframe_test_open_ok (path);
      _reframe_test_assert_integrity_ok (db);
      _reframe_test_exec_ok (db, "INSERT INTO ft (ft) VALUES ('integrity-check')");
      sql = g_strdup_printf ("SELECT count(*) FROM acks WHERE id >= %" G_GINT64_FORMAT
                             " AND id < %" G_GINT64_FORMAT,
                             first_id,
                             first_id + acked->len);
      g_assert_cmpint (_reframe_test_query_int (db, sql), ==, acked->len);
      for (guint i = 0; i < acked->len; i++)
        g_assert_cmpint (g_array_index (acked, gint64, i), ==, first_id + i);
      sqlite3_close (db);
      n_acked += acked->len;
      g_array_unref (acked);
    }
  g_test_message ("%u commits acknowledged over %u runs; %u journals and %u WALs left to recover",
                  n_acked,
                  n_runs,
                  n_hot_journals,
                  n_wals);
  g_assert_cmpuint (n_acked, >, 0);
}

/* Random bytes over random places of a database and its WAL give errors, never a
 * crash (run under AddressSanitizer to see it). */
static void
test_fuzz (Fixture      *f,
           gconstpointer data)
{
  g_autofree char         *damaged = g_build_filename (f->dir, "damaged.db", NULL);
  g_autofree char         *wal = g_strconcat (damaged, "-wal", NULL);
  static const char *const statements[] = {
    "PRAGMA integrity_check",
    "SELECT count(*), sum(length(body)) FROM notes",
    "SELECT rowid, snippet(ft, 0, '[', ']', '…', 5) FROM ft WHERE ft MATCH 'hope OR walk*'",
    "INSERT INTO ft (ft) VALUES ('integrity-check')",
    "INSERT INTO notes (body) VALUES ('a new note about hope')",
    "PRAGMA wal_checkpoint(TRUNCATE)",
  };
  guint    n_errors = 0;
  sqlite3 *db;

  db = _reframe_test_create_encrypted (f->path, TRUE);
  g_assert_cmpint (
      sqlite3_db_config (db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL), ==, SQLITE_OK);
  _reframe_test_exec_ok (db, "PRAGMA wal_autocheckpoint=0");
  _reframe_test_create_notes (db);
  _reframe_test_insert_notes (db, 150, 40, 2, NULL);
  _reframe_test_exec_ok (db, "PRAGMA wal_checkpoint(TRUNCATE)");
  _reframe_test_insert_notes (db, 30, 40, 3, NULL);
  sqlite3_close (db);

  for (guint run = 0; run < 150; run++)
    {
      int rc;

      _reframe_test_copy_db (f->path, damaged, f->key);
      for (guint i = 0, n = g_test_rand_int_range (1, 4); i < n; i++)
        {
          const char *target = g_test_rand_bit () ? damaged : wal;
          goffset     size = _reframe_test_file_size (target);
          guint8      junk[PAGE];
          gsize       length = g_test_rand_bit () ? (gsize) g_test_rand_int_range (1, 9) : PAGE;
          goffset     offset;

          if (size <= 0)
            continue;
          randombytes_buf (junk, sizeof junk);
          offset = g_test_rand_int_range (0, (gint32) size);
          if (length == PAGE)
            offset -= offset % PAGE;
          _reframe_test_write_at (target, offset, junk, MIN ((goffset) length, size - offset));
        }
      db = _reframe_test_open_db (damaged, &rc);
      if (db == NULL)
        {
          n_errors++;
          continue;
        }
      for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
        if (_reframe_test_query_rc (db, statements[i], NULL) != SQLITE_OK)
          n_errors++;
      sqlite3_close (db);
    }
  g_assert_cmpuint (n_errors, >, 0);
}

void
_reframe_test_crypt_vfs_add_writers_tests (void)
{
  ADD ("torn-wal", test_torn_wal);
  ADD ("two-connections", test_two_connections);
  ADD ("concurrent", test_concurrent);
  ADD ("rollback-journal", test_rollback_journal);
  ADD ("crash", test_crash);
  ADD ("fuzz", test_fuzz);
}
