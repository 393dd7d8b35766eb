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

#define PAGE REFRAME_CRYPT_PAGE_SIZE

/* SQLite's temporary files go here (SQLITE_TMPDIR, read once when SQLite starts). */
static char *sqlite_tmpdir;

typedef struct
{
  char            *dir;
  char            *path; /* dir/journal.db, with the fixture's key */
  ReframeCryptKey *key;
} Fixture;

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  f->dir = reframe_test_make_tmp_dir ();
  f->path = g_build_filename (f->dir, "journal.db", NULL);
  f->key = reframe_crypt_key_new_random ();
  reframe_crypt_vfs_set_key (f->path, f->key);
}

static void
fixture_tear_down (Fixture      *f,
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

static sqlite3 *
open_db (const char *path,
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

static sqlite3 *
open_ok (const char *path)
{
  int      rc;
  sqlite3 *db = open_db (path, &rc);

  g_assert_cmpint (rc, ==, SQLITE_OK);
  return db;
}

/* The code a plain open of @path through the VFS gives. */
static int
open_rc (const char *path)
{
  int      rc;
  sqlite3 *db = open_db (path, &rc);

  sqlite3_close (db);
  return rc;
}

static int
exec_rc (sqlite3    *db,
         const char *sql)
{
  char *message = NULL;
  int   rc = sqlite3_exec (db, sql, NULL, NULL, &message);

  if (rc != SQLITE_OK)
    g_test_message ("%s: %s", sql, message);
  sqlite3_free (message);
  return rc == SQLITE_OK ? rc : sqlite3_extended_errcode (db);
}

static void
exec_ok (sqlite3    *db,
         const char *sql)
{
  g_assert_cmpint (exec_rc (db, sql), ==, SQLITE_OK);
}

/* Every row of @sql: columns joined by '|', rows ended by '\n'. Returns the extended
 * error code; *out holds what was read. */
static int
query_rc (sqlite3    *db,
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

static char *
query (sqlite3    *db,
       const char *sql)
{
  char *out = NULL;

  g_assert_cmpint (query_rc (db, sql, &out), ==, SQLITE_OK);
  return out;
}

static gint64
query_int (sqlite3    *db,
           const char *sql)
{
  g_autofree char *text = query (db, sql);

  return g_ascii_strtoll (text, NULL, 10);
}

static void
assert_integrity_ok (sqlite3 *db)
{
  g_autofree char *result = query (db, "PRAGMA integrity_check");

  g_assert_cmpstr (result, ==, "ok\n");
}

/* A new encrypted database at @path (whose key is set): reserve bytes, and WAL. */
static sqlite3 *
create_encrypted (const char *path,
                  gboolean    wal)
{
  sqlite3 *db = open_ok (path);
  int      n = REFRAME_CRYPT_RESERVE;

  g_assert_cmpint (
      sqlite3_file_control (db, "main", SQLITE_FCNTL_RESERVE_BYTES, &n), ==, SQLITE_OK);
  if (wal)
    {
      g_autofree char *mode = query (db, "PRAGMA journal_mode=WAL");

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
static char *
dump_db (sqlite3 *db)
{
  g_autoptr (GString) out = g_string_new (NULL);
  g_autofree char *tables =
      query (db, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name");
  g_auto (GStrv) names = g_strsplit (tables, "\n", -1);

  for (guint i = 0; names[i] != NULL && names[i][0] != '\0'; i++)
    {
      g_autofree char *schema_sql =
          g_strdup_printf ("SELECT sql FROM sqlite_schema WHERE name = '%s'", names[i]);
      g_autofree char *rows_sql = g_strdup_printf ("SELECT * FROM \"%s\"", names[i]);
      g_autofree char *schema = query (db, schema_sql);
      g_autofree char *rows = query (db, rows_sql);
      g_auto (GStrv) lines = g_strsplit (rows, "\n", -1);

      g_qsort_with_data (lines, g_strv_length (lines), sizeof (char *), compare_lines, NULL);
      g_string_append_printf (out, "%s%s", schema, rows[0] != '\0' ? "" : "(empty)\n");
      for (guint j = 0; lines[j] != NULL; j++)
        g_string_append_printf (out, "%s\n", lines[j]);
    }
  return g_strdup (out->str);
}

/* Compares dumps line by line, so that a difference shows as one line. */
static void
assert_dump_equal (const char *dump,
                   const char *expected)
{
  g_auto (GStrv) lines = g_strsplit (dump, "\n", -1);
  g_auto (GStrv) expected_lines = g_strsplit (expected, "\n", -1);

  for (guint i = 0; lines[i] != NULL && expected_lines[i] != NULL; i++)
    g_assert_cmpstr (lines[i], ==, expected_lines[i]);
  g_assert_cmpuint (g_strv_length (lines), ==, g_strv_length (expected_lines));
}

static void
assert_dump (sqlite3    *db,
             const char *expected)
{
  g_autofree char *dump = dump_db (db);

  assert_dump_equal (dump, expected);
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

static char *
make_text (GRand      *rand,
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

static void
create_notes (sqlite3 *db)
{
  exec_ok (db,
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
static void
insert_notes (sqlite3   *db,
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
          make_text (rand, n_words / 2 + g_rand_int_range (rand, 0, n_words), canary);

      sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, g_rand_int (rand));
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
}

/* Helpers: files */

static GBytes *
read_file (const char *path)
{
  char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return g_bytes_new (NULL, 0);
  return g_bytes_new_take (contents, length);
}

static char *
file_hash (const char *path)
{
  g_autoptr (GBytes) bytes = read_file (path);

  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

static void
assert_hash (const char *path,
             const char *expected)
{
  g_autofree char *hash = file_hash (path);

  g_assert_cmpstr (hash, ==, expected);
}

static goffset
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? st.st_size : -1;
}

static void
write_at (const char   *path,
          goffset       offset,
          const guint8 *data,
          gsize         length)
{
  int fd = g_open (path, O_WRONLY, 0);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pwrite (fd, data, length, offset), ==, (gssize) length);
  g_close (fd, NULL);
}

static void
read_at (const char *path,
         goffset     offset,
         guint8     *data,
         gsize       length)
{
  int fd = g_open (path, O_RDONLY, 0);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pread (fd, data, length, offset), ==, (gssize) length);
  g_close (fd, NULL);
}

static void
flip_bit (const char *path,
          goffset     offset,
          guint       bit)
{
  guint8 byte;

  read_at (path, offset, &byte, 1);
  byte ^= (guint8) (1u << bit);
  write_at (path, offset, &byte, 1);
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autoptr (GBytes) bytes = read_file (from);

  g_assert_true (
      g_file_set_contents (to, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL));
}

/* A copy of @from (and its WAL, if any) at @to, whose key is set to @key. */
static void
copy_db (const char      *from,
         const char      *to,
         ReframeCryptKey *key)
{
  g_autofree char *from_wal = g_strconcat (from, "-wal", NULL);
  g_autofree char *to_wal = g_strconcat (to, "-wal", NULL);
  g_autofree char *to_shm = g_strconcat (to, "-shm", NULL);

  copy_file (from, to);
  g_unlink (to_wal);
  g_unlink (to_shm);
  if (g_file_test (from_wal, G_FILE_TEST_EXISTS))
    copy_file (from_wal, to_wal);
  reframe_crypt_vfs_set_key (to, key);
}

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

/* Helpers: looking for plaintext */

typedef struct
{
  GPtrArray *canaries;
  guint      n_temp_files; /* temporary files with something in them, seen open */
  guint      n_hits;
  guint      n_calls;
} Scan;

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

static void
scan_file (Scan       *scan,
           const char *path)
{
  g_autoptr (GBytes) bytes = read_file (path);

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
      bytes = read_file (link);
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

      scan_file (scan, path);
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

  g_assert_cmpint (file_size (f->path), ==, 2 * PAGE);
  read_at (f->path, 0, raw, sizeof raw);
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
  hash = file_hash (f->path);
  g_assert_cmpint (file->pMethods->xWrite (file, page2, PAGE - 1, PAGE), ==, SQLITE_IOERR_WRITE);
  g_assert_cmpint (file->pMethods->xWrite (file, page2, PAGE, PAGE + 512), ==, SQLITE_IOERR_WRITE);
  g_assert_cmpint (file->pMethods->xWrite (file, page2, 100, 0), ==, SQLITE_IOERR_WRITE);
  copy[20] = 0;
  g_assert_cmpint (file->pMethods->xWrite (file, copy, PAGE, 0), ==, SQLITE_IOERR_WRITE);
  copy[20] = REFRAME_CRYPT_RESERVE;
  copy[16] = 0x20;
  g_assert_cmpint (file->pMethods->xWrite (file, copy, PAGE, 0), ==, SQLITE_IOERR_WRITE);
  assert_hash (f->path, hash);

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
  db = create_encrypted (f->path, TRUE);
  exec_ok (db,
           "CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('the quick brown fox jumps over the "
           "lazy dog');");
  g_assert_cmpint (query_int (db, "PRAGMA page_size"), ==, PAGE);
  sqlite3_close (db);

  disk = read_file (f->path);
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
  db = open_ok (f->path);
  g_assert_cmpint (query_int (db, "PRAGMA mmap_size=268435456"), ==, 0);
  value = query (db, "SELECT v FROM t");
  g_assert_cmpstr (value, ==, "the quick brown fox jumps over the lazy dog\n");
  assert_integrity_ok (db);
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
  encrypted = create_encrypted (f->path, TRUE);
  for (guint i = 0; i < 2; i++)
    {
      sqlite3 *db = i == 0 ? plain : encrypted;

      exec_ok (db, "PRAGMA journal_mode=WAL");
      create_notes (db);
      exec_ok (db, "BEGIN");
      insert_notes (db, 1500, 40, 7, NULL);
      exec_ok (db, "COMMIT");
      /* Some changes after: deletions and updates go through the triggers. */
      exec_ok (db,
               "DELETE FROM notes WHERE id % 7 = 0; UPDATE notes SET body = body || ' hope' WHERE "
               "id % 11 = 0;");
    }
  sqlite3_close (plain);
  sqlite3_close (encrypted);
  g_assert_cmpint (reframe_crypt_vfs_probe (f->path), ==, REFRAME_CRYPT_FILE_ENCRYPTED);

  g_assert_cmpint (sqlite3_open_v2 (plain_path, &plain, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  encrypted = open_ok (f->path);
  for (guint i = 0; i < G_N_ELEMENTS (fts_queries); i++)
    {
      g_autofree char *expected = query (plain, fts_queries[i]);
      g_autofree char *got = query (encrypted, fts_queries[i]);

      g_assert_cmpuint (strlen (expected), >, 2); /* every query finds something */
      g_assert_cmpstr (got, ==, expected);
    }
  exec_ok (encrypted, "INSERT INTO ft (ft) VALUES ('integrity-check')");
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
  db = create_encrypted (f->path, TRUE);
  exec_ok (db, "PRAGMA wal_autocheckpoint=0; PRAGMA temp_store=FILE; PRAGMA cache_size=10;");
  sqlite3_progress_handler (db, 1000, scan_progress_cb, &scan);
  create_notes (db);

  /* One big transaction through a small cache: pages spill into the WAL and are
   * written again in place before the commit. */
  exec_ok (db, "BEGIN");
  insert_notes (db, 3000, 60, 11, canaries);
  exec_ok (db, "COMMIT");
  insert_notes (db, 200, 60, 12, canaries);
  g_assert_cmpint (file_size (wal_path), >, 200 * PAGE);
  scan_folder (&scan, f->dir);

  exec_ok (db, "PRAGMA wal_checkpoint(PASSIVE)");
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
  g_assert_cmpint (query_int (db,
                              "SELECT count(DISTINCT body || v) FROM notes, (SELECT 1 AS v UNION "
                              "ALL SELECT 2 UNION ALL SELECT 3)"),
                   ==,
                   3 * 3200);
  g_assert_cmpuint (scan.n_temp_files, >, 0);

  /* A statement journal bigger than its memory, and a temporary table. */
  exec_ok (db, "CREATE UNIQUE INDEX notes_sort ON notes (sort_key, id)");
  exec_ok (db,
           "BEGIN; UPDATE notes SET body = body || ' again'; CREATE TEMP TABLE copy AS SELECT * "
           "FROM notes;");
  scan_open_temp_files (&scan);
  exec_ok (db, "COMMIT");

  /* VACUUM writes the whole database into a temporary one first. */
  scan.n_temp_files = 0;
  exec_ok (db, "VACUUM");
  g_assert_cmpuint (scan.n_temp_files, >, 0);
  g_assert_cmpint (
      query_int (db,
                 "SELECT count(*) FROM notes WHERE body LIKE 'kanarie%' OR body LIKE '% kanarie%'"),
      ==,
      3200);
  scan_folder (&scan, f->dir);
  scan_folder (&scan, sqlite_tmpdir);
  sqlite3_close (db);

  scan_folder (&scan, f->dir);
  g_assert_cmpuint (scan.n_hits, ==, 0);
  g_assert_cmpuint (scan.n_calls, >, 100);
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
      db = create_encrypted (path, FALSE);
      create_notes (db);
      insert_notes (db, 60, 60, 3, NULL);
      assert_integrity_ok (db);
      g_assert_cmpint (query_int (db, "PRAGMA page_count"), >=, 6);
      sqlite3_close (db);
    }

  for (guint i = 0; i < G_N_ELEMENTS (flips); i++)
    {
      int rc;

      g_test_message ("bit flipped at %" G_GOFFSET_FORMAT, flips[i].offset);
      copy_db (f->path, damaged, f->key);
      flip_bit (damaged, flips[i].offset, i % 8);
      db = open_db (damaged, &rc);
      if (db != NULL)
        {
          rc = query_rc (db, "PRAGMA integrity_check", NULL);
          sqlite3_close (db);
        }
      g_assert_cmpint (rc, ==, flips[i].expected);
    }

  /* Pages 3 and 4 swapped. */
  copy_db (f->path, damaged, f->key);
  read_at (damaged, 2 * PAGE, page_a, PAGE);
  read_at (damaged, 3 * PAGE, page_b, PAGE);
  write_at (damaged, 2 * PAGE, page_b, PAGE);
  write_at (damaged, 3 * PAGE, page_a, PAGE);
  db = open_ok (damaged);
  g_assert_cmpint (query_rc (db, "PRAGMA integrity_check", NULL), ==, SQLITE_IOERR_DATA);
  sqlite3_close (db);

  /* Page 3 of another database under the same key, with the same structure. */
  copy_db (f->path, damaged, f->key);
  read_at (second, 2 * PAGE, page_a, PAGE);
  write_at (damaged, 2 * PAGE, page_a, PAGE);
  db = open_ok (damaged);
  g_assert_cmpint (query_rc (db, "PRAGMA integrity_check", NULL), ==, SQLITE_IOERR_DATA);
  sqlite3_close (db);

  /* The undamaged original still reads. */
  db = open_ok (f->path);
  assert_integrity_ok (db);
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

  db = create_encrypted (f->path, TRUE);
  g_assert_cmpint (
      sqlite3_db_config (db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL), ==, SQLITE_OK);
  exec_ok (db, "PRAGMA secure_delete=ON; PRAGMA wal_autocheckpoint=0; CREATE TABLE t (v TEXT);");
  exec_ok (db,
           "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200) "
           "INSERT INTO t SELECT 'format check ' || i || printf ('%.500c', 'x') FROM n");
  exec_ok (db, "PRAGMA wal_checkpoint(TRUNCATE)");

  /* The database: page 1 under the magic, the page count in its header, the text. */
  disk = read_file (f->path);
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
  exec_ok (db, "INSERT INTO t VALUES ('one more')");
  exec_ok (db, "DELETE FROM t WHERE rowid > 20");
  sqlite3_close (db);
  wal = read_file (wal_path);
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

  copy_db (f->path, damaged, f->key);
  flip_bit (damaged_wal, zero_frame + 24 + 2000, 0);
  db = open_ok (damaged);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM t"), ==, 201);
  assert_integrity_ok (db);
  exec_ok (db, "PRAGMA wal_checkpoint(TRUNCATE)");
  sqlite3_close (db);

  db = open_ok (f->path);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM t"), ==, 20);
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

  db = create_encrypted (f->path, TRUE);
  g_assert_cmpint (
      sqlite3_db_config (db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL), ==, SQLITE_OK);
  exec_ok (db,
           "PRAGMA wal_autocheckpoint=0; CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('first');");
  exec_ok (db, "PRAGMA wal_checkpoint(TRUNCATE)");
  exec_ok (db, "INSERT INTO t VALUES ('second')");
  sqlite3_close (db);

  for (guint variant = 0; variant < 3; variant++)
    {
      goffset size;
      goffset last;
      gint64  n;
      int     rc;

      copy_db (f->path, damaged, f->key);
      size = file_size (wal);
      g_assert_cmpint (size, >, 32);
      g_assert_cmpint ((size - 32) % (24 + PAGE), ==, 0);
      last = size - (24 + PAGE);
      /* The page's ciphertext, its tag, its nonce. */
      flip_bit (wal, last + 24 + (variant == 0 ? 1000 : variant == 1 ? PAGE - 36
                                                                     : PAGE - 3),
                3);
      db = open_db (damaged, &rc);
      g_assert_cmpint (rc, ==, SQLITE_OK);
      n = query_int (db, "SELECT count(*) FROM t");
      g_assert_cmpint (n, ==, 1);
      assert_integrity_ok (db);
      sqlite3_close (db);
    }

  /* Undamaged, the second commit is there. */
  copy_db (f->path, damaged, f->key);
  db = open_ok (damaged);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM t"), ==, 2);
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

  db = create_encrypted (f->path, TRUE);
  g_assert_cmpint (
      sqlite3_db_config (db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL), ==, SQLITE_OK);
  exec_ok (db, "CREATE TABLE t (v); INSERT INTO t VALUES (42);");
  sqlite3_close (db);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  db_hash = file_hash (f->path);
  wal_hash = file_hash (wal);

  reframe_crypt_vfs_set_key (f->path, wrong);
  g_assert_cmpint (open_rc (f->path), ==, SQLITE_AUTH);
  reframe_crypt_vfs_set_key (f->path, NULL);
  g_assert_null (reframe_crypt_vfs_dup_key (f->path));
  g_assert_cmpint (open_rc (f->path), ==, SQLITE_AUTH);
  assert_hash (f->path, db_hash);
  assert_hash (wal, wal_hash);

  /* The key is found whatever the spelling of the path. */
  {
    g_autofree char *cwd = g_get_current_dir ();
    g_autofree char *relative = NULL;
    g_autofree char *dotted = g_build_filename (f->dir, ".", "journal.db", NULL);

    g_assert_cmpint (g_chdir (f->dir), ==, 0);
    relative = g_strdup ("journal.db");
    reframe_crypt_vfs_set_key (relative, f->key);
    g_assert_cmpint (g_chdir (cwd), ==, 0);
    db = open_ok (dotted);
    g_assert_cmpint (query_int (db, "SELECT v FROM t"), ==, 42);
    sqlite3_close (db);
  }

  /* Forgetting every key locks every file. */
  reframe_crypt_vfs_forget_keys ();
  g_assert_cmpint (open_rc (f->path), ==, SQLITE_AUTH);

  /* Plain files: readable without a key, refused with one. */
  g_assert_cmpint (
      sqlite3_open_v2 (plain_path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL),
      ==,
      SQLITE_OK);
  exec_ok (db, "CREATE TABLE t (v); INSERT INTO t VALUES ('plain');");
  sqlite3_close (db);
  db = open_ok (plain_path);
  g_assert_cmpint (
      query_int (db, "PRAGMA mmap_size=1048576"), ==, 1048576); /* plain: as the default VFS */
  value = query (db, "SELECT v FROM t");
  g_assert_cmpstr (value, ==, "plain\n");
  exec_ok (db, "INSERT INTO t VALUES ('still plain')");
  sqlite3_close (db);
  g_assert_cmpint (reframe_crypt_vfs_probe (plain_path), ==, REFRAME_CRYPT_FILE_PLAIN);
  reframe_crypt_vfs_set_key (plain_path, f->key);
  g_assert_cmpint (open_rc (plain_path), ==, SQLITE_NOTADB);
  g_assert_false (reframe_crypt_vfs_key_opens (plain_path, f->key));

  /* A new file without a key is a plain database. */
  db = open_ok (other_path);
  exec_ok (db, "CREATE TABLE t (v)");
  sqlite3_close (db);
  g_assert_cmpint (reframe_crypt_vfs_probe (other_path), ==, REFRAME_CRYPT_FILE_PLAIN);

  g_assert_true (g_file_set_contents (empty_path, "", 0, NULL));
  g_assert_cmpint (reframe_crypt_vfs_probe (empty_path), ==, REFRAME_CRYPT_FILE_EMPTY);
  g_assert_true (g_file_set_contents (empty_path, "not a database at all", -1, NULL));
  g_assert_cmpint (reframe_crypt_vfs_probe (empty_path), ==, REFRAME_CRYPT_FILE_OTHER);
  reframe_crypt_vfs_set_key (empty_path, f->key);
  g_assert_cmpint (open_rc (empty_path), ==, SQLITE_NOTADB);
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
      db = create_encrypted (f->path, wal);
      /* Even before the first page is written. */
      exec_ok (db, "PRAGMA page_size=8192");
      create_notes (db);
      insert_notes (db, 100, 30, 5, NULL);
      g_assert_cmpint (query_int (db, "PRAGMA page_size"), ==, PAGE);
      dump = dump_db (db);
      exec_ok (db, "PRAGMA page_size=8192; VACUUM;");
      g_assert_cmpint (query_int (db, "PRAGMA page_size"), ==, PAGE);
      sqlite3_close (db);

      db = open_ok (f->path);
      g_assert_cmpint (query_int (db, "PRAGMA page_size"), ==, PAGE);
      after = dump_db (db);
      assert_dump_equal (after, dump);
      assert_integrity_ok (db);
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

  source = create_encrypted (f->path, TRUE);
  create_notes (source);
  insert_notes (source, 400, 40, 9, NULL);
  dump = dump_db (source);

  /* Encrypted to encrypted. */
  reframe_crypt_vfs_set_key (copy_path, f->key);
  sql = g_strdup_printf ("VACUUM INTO 'file:%s?vfs=" REFRAME_CRYPT_VFS_NAME "'", copy_path);
  exec_ok (source, sql);
  g_assert_cmpint (reframe_crypt_vfs_probe (copy_path), ==, REFRAME_CRYPT_FILE_ENCRYPTED);
  g_assert_true (reframe_crypt_vfs_key_opens (copy_path, f->key));
  db = open_ok (copy_path);
  assert_dump (db, dump);
  assert_integrity_ok (db);
  sqlite3_close (db);

  /* Encrypted to plain: turning encryption off. */
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("VACUUM INTO 'file:%s?vfs=" REFRAME_CRYPT_VFS_NAME "'", to_plain);
  exec_ok (source, sql);
  g_assert_cmpint (reframe_crypt_vfs_probe (to_plain), ==, REFRAME_CRYPT_FILE_PLAIN);
  g_assert_cmpint (sqlite3_open_v2 (to_plain, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  assert_dump (db, dump);
  assert_integrity_ok (db);
  sqlite3_close (db);

  /* The backup API into a new file with the same key. */
  reframe_crypt_vfs_set_key (backup_path, f->key);
  db = open_ok (backup_path);
  backup = sqlite3_backup_init (db, "main", source, "main");
  g_assert_nonnull (backup);
  g_assert_cmpint (sqlite3_backup_step (backup, -1), ==, SQLITE_DONE);
  g_assert_cmpint (sqlite3_backup_finish (backup), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_cmpint (reframe_crypt_vfs_probe (backup_path), ==, REFRAME_CRYPT_FILE_ENCRYPTED);
  db = open_ok (backup_path);
  assert_dump (db, dump);
  assert_integrity_ok (db);
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
  exec_ok (db, "PRAGMA journal_mode=WAL");
  create_notes (db);
  insert_notes (db, 300, 40, 10, NULL);
  g_clear_pointer (&dump, g_free);
  dump = dump_db (db);
  reframe_crypt_vfs_set_key (from_plain, f->key);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("VACUUM INTO 'file:%s?vfs=" REFRAME_CRYPT_VFS_NAME "'", from_plain);
  exec_ok (db, sql);
  sqlite3_close (db);
  g_assert_cmpint (reframe_crypt_vfs_probe (from_plain), ==, REFRAME_CRYPT_FILE_ENCRYPTED);
  db = open_ok (from_plain);
  assert_dump (db, dump);
  assert_integrity_ok (db);
  exec_ok (db, "PRAGMA journal_mode=WAL; INSERT INTO notes (body) VALUES ('after the move')");
  sqlite3_close (db);
}

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

  db = create_encrypted (f->path, TRUE);
  g_assert_cmpint (
      sqlite3_db_config (db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL), ==, SQLITE_OK);
  exec_ok (db,
           "PRAGMA wal_autocheckpoint=0; CREATE TABLE t (v INTEGER); INSERT INTO t VALUES (0);");
  exec_ok (db, "PRAGMA wal_checkpoint(TRUNCATE)");
  for (guint i = 1; i <= 5; i++)
    {
      g_autofree char *sql = g_strdup_printf ("INSERT INTO t VALUES (%u)", i);

      exec_ok (db, sql);
    }
  sqlite3_close (db);
  size = file_size (source_wal);
  g_assert_cmpint (size, ==, 32 + 5 * (24 + PAGE)); /* one frame per transaction */

  for (guint i = 0; i < 8; i++)
    {
      goffset cut = size - 1 - g_test_rand_int_range (0, 24 + PAGE - 1);

      copy_db (f->path, damaged, f->key);
      g_assert_cmpint (truncate (wal, cut), ==, 0);
      db = open_ok (damaged);
      assert_integrity_ok (db);
      {
        g_autofree char *values =
            query (db, "SELECT group_concat(v, ',') FROM (SELECT v FROM t ORDER BY v)");

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
      a = open_ok (f->path);
      b = open_ok (f->path);
      g_assert_cmpint (
          sqlite3_file_control (a, "main", SQLITE_FCNTL_RESERVE_BYTES, &n), ==, SQLITE_OK);
      if (wal)
        exec_ok (a, "PRAGMA journal_mode=WAL");
      exec_ok (a, "CREATE TABLE t (v); INSERT INTO t VALUES (1);");
      g_assert_cmpint (query_int (b, "SELECT sum(v) FROM t"), ==, 1);
      exec_ok (b, "INSERT INTO t VALUES (2)");
      g_assert_cmpint (query_int (a, "SELECT sum(v) FROM t"), ==, 3);
      sqlite3_close (a);
      sqlite3_close (b);
      a = open_ok (f->path);
      g_assert_cmpint (query_int (a, "SELECT sum(v) FROM t"), ==, 3);
      assert_integrity_ok (a);
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
      sqlite3    *db = create_encrypted (path, wal);
      guint       n_reads = 0;
      int         status = 0;
      pid_t       pid;

      create_notes (db);
      exec_ok (db, "CREATE TABLE acks (id INTEGER PRIMARY KEY)");
      sqlite3_close (db);

      pid = fork ();
      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        {
          db = open_db (path, NULL);
          if (db == NULL ||
              exec_rc (db, "PRAGMA busy_timeout=10000; PRAGMA wal_autocheckpoint=4;") != SQLITE_OK)
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

              if (exec_rc (db, sql) != SQLITE_OK)
                _exit (3);
            }
          sqlite3_close (db);
          _exit (0);
        }

      db = open_ok (path);
      exec_ok (db, "PRAGMA busy_timeout=10000");
      while (waitpid (pid, &status, WNOHANG) == 0)
        {
          g_autofree char *counts =
              query (db,
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
      g_assert_cmpint (query_int (db, "SELECT count(*) FROM acks"), ==, 150);
      assert_integrity_ok (db);
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
  db = create_encrypted (f->path, FALSE);
  exec_ok (db, "PRAGMA cache_size=10");
  create_notes (db);
  insert_notes (db, 500, 40, 4, canaries);
  before = dump_db (db);

  exec_ok (db, "BEGIN; UPDATE notes SET body = 'replaced'; DELETE FROM notes WHERE id % 3 = 0;");
  g_assert_cmpint (file_size (journal), >, 20 * PAGE);
  scan_file (&scan, journal);
  scan_file (&scan, f->path);
  /* What a crash now would leave: a database half written and a hot journal. */
  copy_file (f->path, hot);
  copy_file (journal, hot_journal);
  exec_ok (db, "ROLLBACK");
  after = dump_db (db);
  assert_dump_equal (after, before);
  assert_integrity_ok (db);
  sqlite3_close (db);
  g_assert_cmpuint (scan.n_hits, ==, 0);

  /* The next connection rolls the hot journal back, decrypting its pages. */
  copy_file (hot, damaged);
  copy_file (hot_journal, damaged_journal);
  reframe_crypt_vfs_set_key (hot, f->key);
  db = open_ok (hot);
  assert_dump (db, before);
  assert_integrity_ok (db);
  sqlite3_close (db);
  g_assert_false (g_file_test (hot_journal, G_FILE_TEST_EXISTS));

  /* The page numbers in the journal are in clear, but bound to their pages: a record
   * pointed at another page stops the rollback instead of writing a page elsewhere. */
  read_at (damaged_journal, 512, number, sizeof number);
  number[3] ^= 1;
  write_at (damaged_journal, 512, number, sizeof number);
  reframe_crypt_vfs_set_key (damaged, f->key);
  db = open_ok (damaged);
  g_assert_cmpint (query_rc (db, "SELECT count(*) FROM notes", NULL), ==, SQLITE_IOERR_DATA);
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
  sqlite3 *db = open_db (path, NULL);

  if (db == NULL ||
      exec_rc (db,
               "PRAGMA busy_timeout=5000; PRAGMA wal_autocheckpoint=8; PRAGMA cache_size=20;") !=
          SQLITE_OK)
    _exit (2);
  for (gint64 id = first_id; getppid () == parent; id++)
    {
      g_autofree char *text = make_text (rand, g_rand_int_range (rand, 3, 80), NULL);
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
      if (exec_rc (db, sql) != SQLITE_OK)
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
      sqlite3 *db = create_encrypted (wal ? f->path : rollback_path, wal);

      create_notes (db);
      exec_ok (db, "CREATE TABLE acks (id INTEGER PRIMARY KEY)");
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

        n_hot_journals += file_size (journal) > 0;
        n_wals += file_size (wal_file) > 0;
      }
      db = open_ok (path);
      assert_integrity_ok (db);
      exec_ok (db, "INSERT INTO ft (ft) VALUES ('integrity-check')");
      sql = g_strdup_printf ("SELECT count(*) FROM acks WHERE id >= %" G_GINT64_FORMAT
                             " AND id < %" G_GINT64_FORMAT,
                             first_id,
                             first_id + acked->len);
      g_assert_cmpint (query_int (db, sql), ==, acked->len);
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

  db = create_encrypted (f->path, TRUE);
  g_assert_cmpint (
      sqlite3_db_config (db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL), ==, SQLITE_OK);
  exec_ok (db, "PRAGMA wal_autocheckpoint=0");
  create_notes (db);
  insert_notes (db, 150, 40, 2, NULL);
  exec_ok (db, "PRAGMA wal_checkpoint(TRUNCATE)");
  insert_notes (db, 30, 40, 3, NULL);
  sqlite3_close (db);

  for (guint run = 0; run < 150; run++)
    {
      int rc;

      copy_db (f->path, damaged, f->key);
      for (guint i = 0, n = g_test_rand_int_range (1, 4); i < n; i++)
        {
          const char *target = g_test_rand_bit () ? damaged : wal;
          goffset     size = file_size (target);
          guint8      junk[PAGE];
          gsize       length = g_test_rand_bit () ? (gsize) g_test_rand_int_range (1, 9) : PAGE;
          goffset     offset;

          if (size <= 0)
            continue;
          randombytes_buf (junk, sizeof junk);
          offset = g_test_rand_int_range (0, (gint32) size);
          if (length == PAGE)
            offset -= offset % PAGE;
          write_at (target, offset, junk, MIN ((goffset) length, size - offset));
        }
      db = open_db (damaged, &rc);
      if (db == NULL)
        {
          n_errors++;
          continue;
        }
      for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
        if (query_rc (db, statements[i], NULL) != SQLITE_OK)
          n_errors++;
      sqlite3_close (db);
    }
  g_assert_cmpuint (n_errors, >, 0);
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

#define ADD(name, func) \
  g_test_add ("/reframe/crypt-vfs/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("known-page", test_known_page);
  ADD ("round-trip", test_round_trip);
  ADD ("fts5-same-results", test_fts5_same_results);
  ADD ("no-plaintext", test_no_plaintext);
  ADD ("format", test_format);
  ADD ("tamper", test_tamper);
  ADD ("tamper-wal-frame", test_tamper_wal_frame);
  ADD ("keys", test_keys);
  ADD ("page-size-fixed", test_page_size_fixed);
  ADD ("vacuum-into-and-backup", test_vacuum_into_and_backup);
  ADD ("torn-wal", test_torn_wal);
  ADD ("two-connections", test_two_connections);
  ADD ("concurrent", test_concurrent);
  ADD ("rollback-journal", test_rollback_journal);
  ADD ("crash", test_crash);
  ADD ("fuzz", test_fuzz);
#undef ADD

  rc = g_test_run ();
  reframe_test_remove_tree (sqlite_tmpdir);
  g_free (sqlite_tmpdir);
  return rc;
}
