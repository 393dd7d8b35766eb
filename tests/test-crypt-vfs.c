/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-crypt-vfs.c: the encrypting VFS. Pages round-trip; FTS5 answers as it does on a
 * plain database; no plaintext reaches the disk, temporary files included; damage and
 * wrong keys are detected; VACUUM, VACUUM INTO and the backup API keep the format;
 * torn WALs and killed writers lose nothing acknowledged; random damage never crashes. */

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

/* SQLite's temporary files go here (SQLITE_TMPDIR, read once when SQLite starts). */
static char *sqlite_tmpdir;

void
_reframe_test_fixture_set_up (Fixture      *f,
                              gconstpointer data)
{
  f->dir = reframe_test_make_tmp_dir ();
  f->path = g_build_filename (f->dir, "journal.db", NULL);
  f->key = reframe_crypt_key_new_random ();
  reframe_crypt_vfs_set_key (f->path, f->key);
}

void
_reframe_test_fixture_tear_down (Fixture      *f,
                                 gconstpointer data)
{
  g_autoptr (GDir) tmp = g_dir_open (sqlite_tmpdir, 0, NULL);

  reframe_crypt_vfs_forget_keys ();
  g_clear_pointer (&f->key, reframe_crypt_key_unref);
  reframe_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
  /* SQLite deletes its temporary files when it closes them. */
  g_assert_null (g_dir_read_name (tmp));
}

/* Helpers: SQL */

sqlite3 *
_reframe_test_open_db (const char *path,
                       int        *rc_out)
{
  sqlite3 *db = NULL;
  int      rc;

  rc = sqlite3_open_v2 (path,
                        &db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI,
                        REFRAME_CRYPT_VFS_NAME);
  if (rc_out != NULL)
    *rc_out = rc;
  if (rc != SQLITE_OK)
    {
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_extended_result_codes (db, 1);
  return db;
}

sqlite3 *
_reframe_test_open_ok (const char *path)
{
  int      rc;
  sqlite3 *db = _reframe_test_open_db (path, &rc);

  g_assert_cmpint (rc, ==, SQLITE_OK);
  return db;
}

/* The code a plain open of @path through the VFS gives. */
int
_reframe_test_open_rc (const char *path)
{
  int      rc;
  sqlite3 *db = _reframe_test_open_db (path, &rc);

  sqlite3_close (db);
  return rc;
}

int
_reframe_test_exec_rc (sqlite3    *db,
                       const char *sql)
{
  char *message = NULL;
  int   rc = sqlite3_exec (db, sql, NULL, NULL, &message);

  if (rc != SQLITE_OK)
    g_test_message ("%s: %s", sql, message);
  sqlite3_free (message);
  return rc == SQLITE_OK ? rc : sqlite3_extended_errcode (db);
}

void
_reframe_test_exec_ok (sqlite3    *db,
                       const char *sql)
{
  g_assert_cmpint (_reframe_test_exec_rc (db, sql), ==, SQLITE_OK);
}

/* Every row of @sql: columns joined by '|', rows ended by '\n'. Returns the extended
 * error code; *out holds what was read. */
int
_reframe_test_query_rc (sqlite3    *db,
                        const char *sql,
                        char      **out)
{
  sqlite3_stmt *stmt = NULL;
  GString      *text = g_string_new (NULL);
  int           rc;

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        {
          const char *value = (const char *) sqlite3_column_text (stmt, i);

          g_string_append_printf (text, "%s%s", i > 0 ? "|" : "", value != NULL ? value : "NULL");
        }
      g_string_append_c (text, '\n');
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  if (out != NULL)
    *out = g_string_free (text, FALSE);
  else
    g_string_free (text, TRUE);
  return rc == SQLITE_DONE ? SQLITE_OK : sqlite3_extended_errcode (db);
}

char *
_reframe_test_query (sqlite3    *db,
                     const char *sql)
{
  char *out = NULL;

  g_assert_cmpint (_reframe_test_query_rc (db, sql, &out), ==, SQLITE_OK);
  return out;
}

gint64
_reframe_test_query_int (sqlite3    *db,
                         const char *sql)
{
  g_autofree char *text = _reframe_test_query (db, sql);

  return g_ascii_strtoll (text, NULL, 10);
}

void
_reframe_test_assert_integrity_ok (sqlite3 *db)
{
  g_autofree char *result = _reframe_test_query (db, "PRAGMA integrity_check");

  g_assert_cmpstr (result, ==, "ok\n");
}

/* A new encrypted database at @path (whose key is set): reserve bytes, and WAL. */
sqlite3 *
_reframe_test_create_encrypted (const char *path,
                                gboolean    wal)
{
  sqlite3 *db = _reframe_test_open_ok (path);
  int      n = REFRAME_CRYPT_RESERVE;

  g_assert_cmpint (
      sqlite3_file_control (db, "main", SQLITE_FCNTL_RESERVE_BYTES, &n), ==, SQLITE_OK);
  if (wal)
    {
      g_autofree char *mode = _reframe_test_query (db, "PRAGMA journal_mode=WAL");

      g_assert_cmpstr (mode, ==, "wal\n");
    }
  return db;
}

static int
compare_lines (gconstpointer a,
               gconstpointer b,
               gpointer      data)
{
  return g_strcmp0 (*(char *const *) a, *(char *const *) b);
}

/* Every table's SQL and rows, rows sorted: equal for equal databases. */
char *
_reframe_test_dump_db (sqlite3 *db)
{
  g_autoptr (GString) out = g_string_new (NULL);
  g_autofree char *tables =
      _reframe_test_query (db, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name");
  g_auto (GStrv) names = g_strsplit (tables, "\n", -1);

  for (guint i = 0; names[i] != NULL && names[i][0] != '\0'; i++)
    {
      g_autofree char *schema_sql =
          g_strdup_printf ("SELECT sql FROM sqlite_schema WHERE name = '%s'", names[i]);
      g_autofree char *rows_sql = g_strdup_printf ("SELECT * FROM \"%s\"", names[i]);
      g_autofree char *schema = _reframe_test_query (db, schema_sql);
      g_autofree char *rows = _reframe_test_query (db, rows_sql);
      g_auto (GStrv) lines = g_strsplit (rows, "\n", -1);

      g_qsort_with_data (lines, g_strv_length (lines), sizeof (char *), compare_lines, NULL);
      g_string_append_printf (out, "%s%s", schema, rows[0] != '\0' ? "" : "(empty)\n");
      for (guint j = 0; lines[j] != NULL; j++)
        g_string_append_printf (out, "%s\n", lines[j]);
    }
  return g_strdup (out->str);
}

/* Compares dumps line by line, so that a difference shows as one line. */
void
_reframe_test_assert_dump_equal (const char *dump,
                                 const char *expected)
{
  g_auto (GStrv) lines = g_strsplit (dump, "\n", -1);
  g_auto (GStrv) expected_lines = g_strsplit (expected, "\n", -1);

  for (guint i = 0; lines[i] != NULL && expected_lines[i] != NULL; i++)
    g_assert_cmpstr (lines[i], ==, expected_lines[i]);
  g_assert_cmpuint (g_strv_length (lines), ==, g_strv_length (expected_lines));
}

void
_reframe_test_assert_dump (sqlite3    *db,
                           const char *expected)
{
  g_autofree char *dump = _reframe_test_dump_db (db);

  _reframe_test_assert_dump_equal (dump, expected);
}

/* Helpers: text */

static const char *const words[] = {
  "morning",
  "evening",
  "walk",
  "sleep",
  "hope",
  "anxious",
  "anxiety",
  "therapy",
  "café",
  "résumé",
  "naïve",
  "friend",
  "long",
  "quiet",
  "worry",
  "breathe",
  "kitchen",
  "garden",
  "train",
  "letter",
  "laugh",
  "tired",
  "proud",
  "sister",
  "rain",
  "window",
  "music",
  "écoute",
  "Zürich",
  "thought",
  "balance",
  "evidence",
};

char *
_reframe_test_make_text (GRand      *rand,
                         guint       n_words,
                         const char *canary)
{
  GString *text = g_string_new (NULL);
  guint    where = canary != NULL ? g_rand_int_range (rand, 0, n_words) : G_MAXUINT;

  for (guint i = 0; i < n_words; i++)
    {
      if (i > 0)
        g_string_append_c (text, ' ');
      g_string_append (
          text, i == where ? canary : words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
    }
  return g_string_free (text, FALSE);
}

void
_reframe_test_create_notes (sqlite3 *db)
{
  _reframe_test_exec_ok (
      db,
      "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL, sort_key INTEGER);"
      "CREATE VIRTUAL TABLE ft USING fts5 (body, content='notes', content_rowid='id', "
      "  tokenize='unicode61 remove_diacritics 2');"
      "CREATE TRIGGER notes_ai AFTER INSERT ON notes BEGIN "
      "  INSERT INTO ft (rowid, body) VALUES (new.id, new.body); END;"
      "CREATE TRIGGER notes_ad AFTER DELETE ON notes BEGIN "
      "  INSERT INTO ft (ft, rowid, body) VALUES ('delete', old.id, old.body); END;"
      "CREATE TRIGGER notes_au AFTER UPDATE ON notes BEGIN "
      "  INSERT INTO ft (ft, rowid, body) VALUES ('delete', old.id, old.body);"
      "  INSERT INTO ft (rowid, body) VALUES (new.id, new.body); END;");
}

/* @n notes of about @n_words words from @seed; every one carries one of @canaries. */
void
_reframe_test_insert_notes (sqlite3   *db,
                            guint      n,
                            guint      n_words,
                            guint32    seed,
                            GPtrArray *canaries)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (
      sqlite3_prepare_v2 (db, "INSERT INTO notes (body, sort_key) VALUES (?, ?)", -1, &stmt, NULL),
      ==,
      SQLITE_OK);
  for (guint i = 0; i < n; i++)
    {
      const char *canary =
          canaries != NULL ? g_ptr_array_index (canaries, i % canaries->len) : NULL;
      g_autofree char *text =
          _reframe_test_make_text (rand, n_words / 2 + g_rand_int_range (rand, 0, n_words), canary);

      sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, g_rand_int (rand));
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
}

/* Helpers: files */

GBytes *
_reframe_test_read_file (const char *path)
{
  char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return g_bytes_new (NULL, 0);
  return g_bytes_new_take (contents, length);
}

char *
_reframe_test_file_hash (const char *path)
{
  g_autoptr (GBytes) bytes = _reframe_test_read_file (path);

  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

void
_reframe_test_assert_hash (const char *path,
                           const char *expected)
{
  g_autofree char *hash = _reframe_test_file_hash (path);

  g_assert_cmpstr (hash, ==, expected);
}

goffset
_reframe_test_file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? st.st_size : -1;
}

void
_reframe_test_write_at (const char   *path,
                        goffset       offset,
                        const guint8 *data,
                        gsize         length)
{
  int fd = g_open (path, O_WRONLY, 0);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pwrite (fd, data, length, offset), ==, (gssize) length);
  g_close (fd, NULL);
}

void
_reframe_test_read_at (const char *path,
                       goffset     offset,
                       guint8     *data,
                       gsize       length)
{
  int fd = g_open (path, O_RDONLY, 0);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pread (fd, data, length, offset), ==, (gssize) length);
  g_close (fd, NULL);
}

void
_reframe_test_flip_bit (const char *path,
                        goffset     offset,
                        guint       bit)
{
  guint8 byte;

  _reframe_test_read_at (path, offset, &byte, 1);
  byte ^= (guint8) (1u << bit);
  _reframe_test_write_at (path, offset, &byte, 1);
}

void
_reframe_test_copy_file (const char *from,
                         const char *to)
{
  g_autoptr (GBytes) bytes = _reframe_test_read_file (from);

  g_assert_true (
      g_file_set_contents (to, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL));
}

/* A copy of @from (and its WAL, if any) at @to, whose key is set to @key. */
void
_reframe_test_copy_db (const char      *from,
                       const char      *to,
                       ReframeCryptKey *key)
{
  g_autofree char *from_wal = g_strconcat (from, "-wal", NULL);
  g_autofree char *to_wal = g_strconcat (to, "-wal", NULL);
  g_autofree char *to_shm = g_strconcat (to, "-shm", NULL);

  _reframe_test_copy_file (from, to);
  g_unlink (to_wal);
  g_unlink (to_shm);
  if (g_file_test (from_wal, G_FILE_TEST_EXISTS))
    _reframe_test_copy_file (from_wal, to_wal);
  reframe_crypt_vfs_set_key (to, key);
}

/* Helpers: looking for plaintext */

static void
scan_bytes (Scan         *scan,
            const guint8 *data,
            gsize         length,
            const char   *what)
{
  for (guint i = 0; i < scan->canaries->len; i++)
    if (memmem (data,
                length,
                g_ptr_array_index (scan->canaries, i),
                strlen (g_ptr_array_index (scan->canaries, i))) != NULL)
      {
        g_test_message (
            "plaintext \"%s\" in %s", (char *) g_ptr_array_index (scan->canaries, i), what);
        scan->n_hits++;
      }
}

void
_reframe_test_scan_file (Scan       *scan,
                         const char *path)
{
  g_autoptr (GBytes) bytes = _reframe_test_read_file (path);

  scan_bytes (scan, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), path);
}

/* SQLite deletes a temporary file right after opening it: it is found among this
 * process's open files, and read through /proc/self/fd. */
static void
scan_open_temp_files (Scan *scan)
{
  g_autoptr (GDir) fds = g_dir_open ("/proc/self/fd", 0, NULL);
  const char *name;

  g_assert_nonnull (fds);
  while ((name = g_dir_read_name (fds)) != NULL)
    {
      g_autofree char *link = g_build_filename ("/proc/self/fd", name, NULL);
      g_autofree char *target = g_file_read_link (link, NULL);
      g_autoptr (GBytes) bytes = NULL;

      if (target == NULL || !g_str_has_prefix (target, sqlite_tmpdir))
        continue;
      bytes = _reframe_test_read_file (link);
      if (g_bytes_get_size (bytes) > 0)
        scan->n_temp_files++;
      scan_bytes (scan, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), target);
    }
}

static int
scan_progress_cb (void *data)
{
  Scan *scan = data;

  if (scan->n_calls++ % 8 == 0)
    scan_open_temp_files (scan);
  return 0;
}

static void
scan_folder (Scan       *scan,
             const char *folder)
{
  g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);

      _reframe_test_scan_file (scan, path);
    }
}

/* Tests */

/* A page written through the VFS reads back as written, from whatever slice SQLite
 * asks for; on disk it is ciphertext under the magic; malformed writes write nothing. */
static void
test_known_page (Fixture      *f,
                 gconstpointer data)
{
  sqlite3_vfs             *vfs = sqlite3_vfs_find (REFRAME_CRYPT_VFS_NAME);
  g_autofree char         *full = NULL;
  g_autofree sqlite3_file *file = NULL;
  g_autofree char         *hash = NULL;
  guint8                   page1[PAGE], page2[PAGE], copy[PAGE], back[2 * PAGE], raw[2 * PAGE];
  void                    *mapped = &mapped;
  int                      out_flags = 0;

  g_assert_nonnull (vfs);
  full = g_malloc0 (vfs->mxPathname + 1);
  g_assert_cmpint (
      vfs->xFullPathname (vfs, f->path, vfs->mxPathname + 1, full) & 0xff, ==, SQLITE_OK);
  file = g_malloc0 (vfs->szOsFile);
  g_assert_cmpint (vfs->xOpen (vfs,
                               full,
                               file,
                               SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                               &out_flags),
                   ==,
                   SQLITE_OK);

  /* Page 1 as SQLite writes it: magic, page size 4096, reserve 40. */
  randombytes_buf (page1, sizeof page1);
  memcpy (page1, "SQLite format 3", 16);
  memcpy (page1 + 16, (guint8[]){ 0x10, 0x00, 1, 1, REFRAME_CRYPT_RESERVE, 64, 32, 32 }, 8);
  memset (page1 + PAGE - REFRAME_CRYPT_RESERVE, 0, REFRAME_CRYPT_RESERVE);
  randombytes_buf (page2, sizeof page2);
  memset (page2 + PAGE - REFRAME_CRYPT_RESERVE, 0, REFRAME_CRYPT_RESERVE);
  memcpy (copy, page1, PAGE);

  g_assert_cmpint (file->pMethods->xWrite (file, page1, PAGE, 0), ==, SQLITE_OK);
  g_assert_cmpint (file->pMethods->xWrite (file, page2, PAGE, PAGE), ==, SQLITE_OK);
  g_assert_cmpmem (copy, PAGE, page1, PAGE); /* the caller's buffer stays plaintext */

  g_assert_cmpint (_reframe_test_file_size (f->path), ==, 2 * PAGE);
  _reframe_test_read_at (f->path, 0, raw, sizeof raw);
  g_assert_cmpmem (raw, 8, "RFRMCRY1", 8);
  g_assert_true (memmem (raw, 2 * PAGE, "SQLite format 3", 15) == NULL);
  g_assert_cmpmem (raw + 16, 8, page1 + 16, 8);
  g_assert_true (memmem (raw, 2 * PAGE, page1 + 100, 16) == NULL);
  g_assert_true (memmem (raw, 2 * PAGE, page2 + 100, 16) == NULL);
  g_assert_cmpint (reframe_crypt_vfs_probe (f->path), ==, REFRAME_CRYPT_FILE_ENCRYPTED);

  /* Whole pages, and the slices SQLite reads: 100 bytes at 0, 16 at 24, across pages. */
  g_assert_cmpint (file->pMethods->xRead (file, back, PAGE, 0), ==, SQLITE_OK);
  g_assert_cmpmem (back, PAGE, page1, PAGE);
  g_assert_cmpint (file->pMethods->xRead (file, back, PAGE, PAGE), ==, SQLITE_OK);
  g_assert_cmpmem (back, PAGE, page2, PAGE);
  g_assert_cmpint (file->pMethods->xRead (file, back, 100, 0), ==, SQLITE_OK);
  g_assert_cmpmem (back, 100, page1, 100);
  g_assert_cmpint (file->pMethods->xRead (file, back, 16, 24), ==, SQLITE_OK);
  g_assert_cmpmem (back, 16, page1 + 24, 16);
  g_assert_cmpint (file->pMethods->xRead (file, back, 300, PAGE - 100), ==, SQLITE_OK);
  g_assert_cmpmem (back, 100, page1 + PAGE - 100, 100);
  g_assert_cmpmem (back + 100, 200, page2, 200);
  /* Beyond the end: zeros, as the default VFS answers. */
  memset (back, 0xaa, PAGE);
  g_assert_cmpint (file->pMethods->xRead (file, back, PAGE, 2 * PAGE), ==, SQLITE_IOERR_SHORT_READ);
  g_assert_true (sodium_is_zero (back, PAGE));

  /* Writes that do not fit the layout write nothing. */
  hash = _reframe_test_file_hash (f->path);
  g_assert_cmpint (file->pMethods->xWrite (file, page2, PAGE - 1, PAGE), ==, SQLITE_IOERR_WRITE);
  g_assert_cmpint (file->pMethods->xWrite (file, page2, PAGE, PAGE + 512), ==, SQLITE_IOERR_WRITE);
  g_assert_cmpint (file->pMethods->xWrite (file, page2, 100, 0), ==, SQLITE_IOERR_WRITE);
  copy[20] = 0;
  g_assert_cmpint (file->pMethods->xWrite (file, copy, PAGE, 0), ==, SQLITE_IOERR_WRITE);
  copy[20] = REFRAME_CRYPT_RESERVE;
  copy[16] = 0x20;
  g_assert_cmpint (file->pMethods->xWrite (file, copy, PAGE, 0), ==, SQLITE_IOERR_WRITE);
  _reframe_test_assert_hash (f->path, hash);

  /* No mapped reads; no batch-atomic writes. */
  g_assert_cmpint (file->pMethods->xFetch (file, 0, PAGE, &mapped), ==, SQLITE_OK);
  g_assert_null (mapped);
  g_assert_cmpint (
      file->pMethods->xDeviceCharacteristics (file) & SQLITE_IOCAP_BATCH_ATOMIC, ==, 0);

  g_assert_cmpint (file->pMethods->xClose (file), ==, SQLITE_OK);
}

/* Through SQL: a value comes back; the file starts with the magic; the probe, the key
 * check and the registry agree. */
static void
test_round_trip (Fixture      *f,
                 gconstpointer data)
{
  g_autoptr (ReframeCryptKey) other = reframe_crypt_key_new_random ();
  g_autoptr (ReframeCryptKey) found = NULL;
  g_autoptr (GBytes) disk = NULL;
  g_autofree char *value = NULL;
  sqlite3         *db;

  g_assert_cmpint (reframe_crypt_vfs_probe (f->path), ==, REFRAME_CRYPT_FILE_MISSING);
  db = _reframe_test_create_encrypted (f->path, TRUE);
  _reframe_test_exec_ok (
      db,
      "CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('the quick brown fox jumps over the "
      "lazy dog');");
  g_assert_cmpint (_reframe_test_query_int (db, "PRAGMA page_size"), ==, PAGE);
  sqlite3_close (db);

  disk = _reframe_test_read_file (f->path);
  g_assert_cmpuint (g_bytes_get_size (disk), >=, PAGE);
  g_assert_cmpmem (g_bytes_get_data (disk, NULL), 8, "RFRMCRY1", 8);
  g_assert_false (memcmp (g_bytes_get_data (disk, NULL), "SQLite format 3", 15) == 0);
  g_assert_cmpint (reframe_crypt_vfs_probe (f->path), ==, REFRAME_CRYPT_FILE_ENCRYPTED);
  g_assert_true (reframe_crypt_vfs_key_opens (f->path, f->key));
  g_assert_false (reframe_crypt_vfs_key_opens (f->path, other));

  found = reframe_crypt_vfs_dup_key (f->path);
  g_assert_nonnull (found);
  g_assert_true (reframe_crypt_key_equal (found, f->key));

  /* Asked to map the file, the VFS declines: SQLite reads through xRead. */
  db = _reframe_test_open_ok (f->path);
  g_assert_cmpint (_reframe_test_query_int (db, "PRAGMA mmap_size=268435456"), ==, 0);
  value = _reframe_test_query (db, "SELECT v FROM t");
  g_assert_cmpstr (value, ==, "the quick brown fox jumps over the lazy dog\n");
  _reframe_test_assert_integrity_ok (db);
  sqlite3_close (db);
}

static const char *const fts_queries[] = {
  "SELECT count(*) FROM ft",
  "SELECT rowid FROM ft WHERE ft MATCH 'hope' ORDER BY rowid",
  "SELECT rowid FROM ft WHERE ft MATCH 'anx*' ORDER BY rowid",
  "SELECT rowid FROM ft WHERE ft MATCH '\"long walk\"' ORDER BY rowid",
  "SELECT rowid FROM ft WHERE ft MATCH 'cafe AND resume' ORDER BY rowid",
  "SELECT rowid FROM ft WHERE ft MATCH 'NEAR(sleep hope, 2)' ORDER BY rowid",
  "SELECT rowid, printf('%.6f', bm25(ft)) FROM ft WHERE ft MATCH 'hope OR zurich' ORDER BY "
  "bm25(ft), rowid LIMIT 40",
  "SELECT rowid, snippet(ft, 0, '[', ']', '…', 6) FROM ft WHERE ft MATCH 'therapy' ORDER BY rowid",
  "SELECT rowid, highlight(ft, 0, '<', '>') FROM ft WHERE ft MATCH 'ecoute' ORDER BY rowid LIMIT "
  "20",
};

/* The same notes in a plain database and an encrypted one answer every search alike. */
static void
test_fts5_same_results (Fixture      *f,
                        gconstpointer data)
{
  g_autofree char *plain_path = g_build_filename (f->dir, "plain.db", NULL);
  sqlite3         *plain = NULL;
  sqlite3         *encrypted;

  g_assert_cmpint (
      sqlite3_open_v2 (plain_path, &plain, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL),
      ==,
      SQLITE_OK);
  encrypted = _reframe_test_create_encrypted (f->path, TRUE);
  for (guint i = 0; i < 2; i++)
    {
      sqlite3 *db = i == 0 ? plain : encrypted;

      _reframe_test_exec_ok (db, "PRAGMA journal_mode=WAL");
      _reframe_test_create_notes (db);
      _reframe_test_exec_ok (db, "BEGIN");
      _reframe_test_insert_notes (db, 1500, 40, 7, NULL);
      _reframe_test_exec_ok (db, "COMMIT");
      /* Some changes after: deletions and updates go through the triggers. */
      _reframe_test_exec_ok (
          db,
          "DELETE FROM notes WHERE id % 7 = 0; UPDATE notes SET body = body || ' hope' WHERE "
          "id % 11 = 0;");
    }
  sqlite3_close (plain);
  sqlite3_close (encrypted);
  g_assert_cmpint (reframe_crypt_vfs_probe (f->path), ==, REFRAME_CRYPT_FILE_ENCRYPTED);

  g_assert_cmpint (sqlite3_open_v2 (plain_path, &plain, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  encrypted = _reframe_test_open_ok (f->path);
  for (guint i = 0; i < G_N_ELEMENTS (fts_queries); i++)
    {
      g_autofree char *expected = _reframe_test_query (plain, fts_queries[i]);
      g_autofree char *got = _reframe_test_query (encrypted, fts_queries[i]);

      g_assert_cmpuint (strlen (expected), >, 2); /* every query finds something */
      g_assert_cmpstr (got, ==, expected);
    }
  _reframe_test_exec_ok (encrypted, "INSERT INTO ft (ft) VALUES ('integrity-check')");
  sqlite3_close (plain);
  sqlite3_close (encrypted);
}

/* Canaries written through every path SQLite has to the disk are never found there:
 * the database, a grown WAL, a checkpoint, sorter spills, a statement journal, a
 * temporary table, VACUUM's temporary database. */
static void
test_no_plaintext (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr (GPtrArray) canaries = g_ptr_array_new_with_free_func (g_free);
  Scan             scan = { canaries, 0, 0, 0 };
  g_autofree char *wal_path = g_strconcat (f->path, "-wal", NULL);
  sqlite3_stmt    *stmt = NULL;
  sqlite3         *db;

  for (guint i = 0; i < 6; i++)
    {
      guint8 id[6];

      randombytes_buf (id, sizeof id);
      g_ptr_array_add (
          canaries,
          g_strdup_printf (
              "kanarie%02x%02x%02x%02x%02x%02x", id[0], id[1], id[2], id[3], id[4], id[5]));
    }
  db = _reframe_test_create_encrypted (f->path, TRUE);
  _reframe_test_exec_ok (
      db, "PRAGMA wal_autocheckpoint=0; PRAGMA temp_store=FILE; PRAGMA cache_size=10;");
  sqlite3_progress_handler (db, 1000, scan_progress_cb, &scan);
  _reframe_test_create_notes (db);

  /* One big transaction through a small cache: pages spill into the WAL and are
   * written again in place before the commit. */
  _reframe_test_exec_ok (db, "BEGIN");
  _reframe_test_insert_notes (db, 3000, 60, 11, canaries);
  _reframe_test_exec_ok (db, "COMMIT");
  _reframe_test_insert_notes (db, 200, 60, 12, canaries);
  g_assert_cmpint (_reframe_test_file_size (wal_path), >, 200 * PAGE);
  scan_folder (&scan, f->dir);

  _reframe_test_exec_ok (db, "PRAGMA wal_checkpoint(PASSIVE)");
  scan_folder (&scan, f->dir);

  /* A sort bigger than the sorter's memory: read the first row, when every spill is
   * written, and look into the open temporary files. */
  g_assert_cmpint (
      sqlite3_prepare_v2 (db, "SELECT body FROM notes ORDER BY sort_key", -1, &stmt, NULL),
      ==,
      SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  scan.n_temp_files = 0;
  scan_open_temp_files (&scan);
  g_assert_cmpuint (scan.n_temp_files, >, 0);
  sqlite3_finalize (stmt);

  /* An ephemeral index (count DISTINCT) bigger than its cache. */
  scan.n_temp_files = 0;
  g_assert_cmpint (
      _reframe_test_query_int (db,
                               "SELECT count(DISTINCT body || v) FROM notes, (SELECT 1 AS v UNION "
                               "ALL SELECT 2 UNION ALL SELECT 3)"),
      ==,
      3 * 3200);
  g_assert_cmpuint (scan.n_temp_files, >, 0);

  /* A statement journal bigger than its memory, and a temporary table. */
  _reframe_test_exec_ok (db, "CREATE UNIQUE INDEX notes_sort ON notes (sort_key, id)");
  _reframe_test_exec_ok (
      db,
      "BEGIN; UPDATE notes SET body = body || ' again'; CREATE TEMP TABLE copy AS SELECT * "
      "FROM notes;");
  scan_open_temp_files (&scan);
  _reframe_test_exec_ok (db, "COMMIT");

  /* VACUUM writes the whole database into a temporary one first. */
  scan.n_temp_files = 0;
  _reframe_test_exec_ok (db, "VACUUM");
  g_assert_cmpuint (scan.n_temp_files, >, 0);
  g_assert_cmpint (
      _reframe_test_query_int (
          db, "SELECT count(*) FROM notes WHERE body LIKE 'kanarie%' OR body LIKE '% kanarie%'"),
      ==,
      3200);
  scan_folder (&scan, f->dir);
  scan_folder (&scan, sqlite_tmpdir);
  sqlite3_close (db);

  scan_folder (&scan, f->dir);
  g_assert_cmpuint (scan.n_hits, ==, 0);
  g_assert_cmpuint (scan.n_calls, >, 100);
}

int
main (int   argc,
      char *argv[])
{
  int rc;

  g_test_init (&argc, &argv, NULL);

  /* Before SQLite starts: its temporary files in a folder of their own, and a sorter
   * that spills after a few pages. */
  sqlite_tmpdir = g_dir_make_tmp ("reframe-crypt-vfs-tmp-XXXXXX", NULL);
  g_assert_nonnull (sqlite_tmpdir);
  g_setenv ("SQLITE_TMPDIR", sqlite_tmpdir, TRUE);
  g_assert_cmpint (sqlite3_config (SQLITE_CONFIG_PMASZ, 4), ==, SQLITE_OK);
  reframe_crypt_vfs_register ();
  reframe_crypt_vfs_register ();

  ADD ("known-page", test_known_page);
  ADD ("round-trip", test_round_trip);
  ADD ("fts5-same-results", test_fts5_same_results);
  ADD ("no-plaintext", test_no_plaintext);
  _reframe_test_crypt_vfs_add_format_tests ();
  _reframe_test_crypt_vfs_add_writers_tests ();

  rc = g_test_run ();
  reframe_test_remove_tree (sqlite_tmpdir);
  g_free (sqlite_tmpdir);
  return rc;
}
