/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-crypt-vfs.c: the encrypting VFS against the default VFS, in the same run, on the
 * same synthetic ten-year journal (3,650 entries of about 300 words and 20,000 chat
 * messages, FTS5 over both, WAL): the bulk insert that builds it, single-row
 * transactions, FTS5 searches with a warm cache and on a new connection, a full scan
 * on a new connection. `bench-crypt-vfs [RUNS]`. The target (docs/encryption.md): the
 * encrypted journal within 15% of the plain one on search and insert. */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdlib.h>

#include "reframe-crypt-key.h"
#include "reframe-crypt-vfs.h"

#define N_ENTRIES     3650
#define N_MESSAGES    20000
#define N_INSERTS     200
#define N_SEARCHES    200
#define TARGET_SLOWER 1.15

typedef struct
{
  const char *name;
  const char *vfs; /* NULL: the default VFS */
  char       *path;
  sqlite3    *db;
} Subject;

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
  "thought",
  "balance",
  "evidence",
  "work",
  "meeting",
  "dinner",
  "call",
  "tomorrow",
  "yesterday",
  "better",
  "worse",
  "calm",
  "angry",
  "sad",
  "happy",
};

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
percentile (GArray *samples,
            double  p)
{
  g_array_sort (samples, compare_doubles);
  return g_array_index (samples, double, MIN (samples->len - 1, (guint) (p * samples->len)));
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static void
exec (sqlite3    *db,
      const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static char *
make_text (GRand *rand,
           guint  n_words)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < n_words; i++)
    g_string_append_printf (
        text, "%s%s", i > 0 ? " " : "", words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
  return g_string_free (text, FALSE);
}

static void
open_subject (Subject *subject)
{
  if (sqlite3_open_v2 (
          subject->path, &subject->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, subject->vfs) !=
      SQLITE_OK)
    g_error ("%s: %s", subject->path, sqlite3_errmsg (subject->db));
}

static void
insert_rows (sqlite3    *db,
             const char *sql,
             guint       n,
             guint       n_words,
             guint32     seed)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s", sqlite3_errmsg (db));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = make_text (rand, n_words / 2 + g_rand_int_range (rand, 0, n_words));

      sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        g_error ("%s", sqlite3_errmsg (db));
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
}

/* Makes the journal; returns how long the bulk insert took. */
static double
build (Subject *subject)
{
  int    reserve = REFRAME_CRYPT_RESERVE;
  double start;

  open_subject (subject);
  if (subject->vfs != NULL)
    sqlite3_file_control (subject->db, "main", SQLITE_FCNTL_RESERVE_BYTES, &reserve);
  exec (subject->db,
        "PRAGMA journal_mode=WAL;"
        "CREATE TABLE entries (id INTEGER PRIMARY KEY, note TEXT);"
        "CREATE VIRTUAL TABLE entries_fts USING fts5 (note, content='entries', content_rowid='id', "
        "tokenize='unicode61 remove_diacritics 2');"
        "CREATE TRIGGER entries_ai AFTER INSERT ON entries BEGIN INSERT INTO entries_fts (rowid, "
        "note) VALUES (new.id, new.note); END;"
        "CREATE TABLE messages (id INTEGER PRIMARY KEY, content TEXT);"
        "CREATE VIRTUAL TABLE messages_fts USING fts5 (content, content='messages', "
        "content_rowid='id', tokenize='unicode61 remove_diacritics 2');"
        "CREATE TRIGGER messages_ai AFTER INSERT ON messages BEGIN INSERT INTO messages_fts "
        "(rowid, content) VALUES (new.id, new.content); END;");
  start = now_ms ();
  exec (subject->db, "BEGIN");
  insert_rows (subject->db, "INSERT INTO entries (note) VALUES (?)", N_ENTRIES, 300, 1);
  insert_rows (subject->db, "INSERT INTO messages (content) VALUES (?)", N_MESSAGES, 40, 2);
  exec (subject->db, "COMMIT");
  return now_ms () - start;
}

static void
time_inserts (Subject *subject,
              GArray  *samples,
              guint32  seed)
{
  for (guint i = 0; i < N_INSERTS; i++)
    {
      double start = now_ms ();

      insert_rows (subject->db, "INSERT INTO entries (note) VALUES (?)", 1, 300, seed + i);
      g_array_append_vals (samples, (double[]){ now_ms () - start }, 1);
    }
}

static void
time_searches (Subject *subject,
               GArray  *samples,
               guint    n,
               guint32  seed)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (
          subject->db,
          "SELECT rowid, snippet (entries_fts, 0, '[', ']', '…', 12) FROM entries_fts "
          "WHERE entries_fts MATCH ?1 ORDER BY rank LIMIT 20",
          -1,
          &stmt,
          NULL) != SQLITE_OK)
    g_error ("%s", sqlite3_errmsg (subject->db));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *query =
          g_strdup_printf ("%s %.3s*",
                           words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))],
                           words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
      double start = now_ms ();

      sqlite3_bind_text (stmt, 1, query, -1, SQLITE_TRANSIENT);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        ;
      sqlite3_reset (stmt);
      g_array_append_vals (samples, (double[]){ now_ms () - start }, 1);
    }
  sqlite3_finalize (stmt);
}

/* A new connection: its first search, and a scan of every entry. */
static void
time_cold (Subject *subject,
           GArray  *first_search,
           GArray  *scan)
{
  double start;

  sqlite3_close (subject->db);
  open_subject (subject);
  time_searches (subject, first_search, 1, g_random_int ());
  sqlite3_close (subject->db);
  open_subject (subject);
  start = now_ms ();
  exec (subject->db, "SELECT sum (length (note)) FROM entries");
  g_array_append_vals (scan, (double[]){ now_ms () - start }, 1);
}

static void
print_pair (const char *what,
            GArray     *plain,
            GArray     *encrypted,
            gboolean    targeted)
{
  double p = percentile (plain, 0.5), e = percentile (encrypted, 0.5);

  g_print ("%-22s plain median %8.3f p95 %8.3f | encrypted median %8.3f p95 %8.3f ms | x%.2f%s\n",
           what,
           p,
           percentile (plain, 0.95),
           e,
           percentile (encrypted, 0.95),
           e / p,
           !targeted ? "" : e <= p * TARGET_SLOWER ? ""
                                                   : "  (over the 15% target)");
}

int
main (int   argc,
      char *argv[])
{
  guint            runs = argc > 1 ? (guint) atoi (argv[1]) : 3;
  g_autofree char *dir = g_dir_make_tmp ("bench-crypt-vfs-XXXXXX", NULL);
  g_autoptr (ReframeCryptKey) key = NULL;
  Subject subjects[2] = {
    { "plain", NULL, NULL, NULL },
    { "encrypted", REFRAME_CRYPT_VFS_NAME, NULL, NULL },
  };
  GArray *figures[2][5];

  reframe_crypt_vfs_register ();
  key = reframe_crypt_key_new_random ();
  for (guint s = 0; s < 2; s++)
    {
      subjects[s].path = g_strdup_printf ("%s/%s.db", dir, subjects[s].name);
      for (guint i = 0; i < G_N_ELEMENTS (figures[s]); i++)
        figures[s][i] = g_array_new (FALSE, FALSE, sizeof (double));
    }
  reframe_crypt_vfs_set_key (subjects[1].path, key);

  /* Each measure alternates between the two journals, so that neither has the machine
   * to itself. */
  for (guint s = 0; s < 2; s++)
    g_array_append_vals (figures[s][0], (double[]){ build (&subjects[s]) }, 1);
  for (guint run = 0; run < runs; run++)
    for (guint s = 0; s < 2; s++)
      {
        time_searches (&subjects[s], figures[s][1], N_SEARCHES / runs, run);
        time_inserts (&subjects[s], figures[s][2], 1000 + run * N_INSERTS);
        time_cold (&subjects[s], figures[s][3], figures[s][4]);
      }

  g_print ("%u entries of ~300 words and %u messages of ~40 words, FTS5, WAL; %u runs\n",
           N_ENTRIES,
           N_MESSAGES,
           runs);
  print_pair ("bulk insert (build)", figures[0][0], figures[1][0], TRUE);
  print_pair ("search, warm", figures[0][1], figures[1][1], TRUE);
  print_pair ("insert, one per txn", figures[0][2], figures[1][2], TRUE);
  print_pair ("search, new connection", figures[0][3], figures[1][3], FALSE);
  print_pair ("scan, new connection", figures[0][4], figures[1][4], FALSE);

  for (guint s = 0; s < 2; s++)
    {
      g_autofree char *wal = g_strconcat (subjects[s].path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (subjects[s].path, "-shm", NULL);

      sqlite3_close (subjects[s].db);
      g_unlink (subjects[s].path);
      g_unlink (wal);
      g_unlink (shm);
      g_free (subjects[s].path);
      for (guint i = 0; i < G_N_ELEMENTS (figures[s]); i++)
        g_array_unref (figures[s][i]);
    }
  g_rmdir (dir);
  reframe_crypt_vfs_forget_keys ();
  return 0;
}
