/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-crypt-vfs-private.h: the fixture and helpers the encrypting VFS tests share */

#pragma once

#include <sqlite3.h>

#include "reframe-crypt-key.h"

G_BEGIN_DECLS

#define PAGE REFRAME_CRYPT_PAGE_SIZE

typedef struct
{
  char            *dir;
  char            *path; /* dir/journal.db, with the fixture's key */
  ReframeCryptKey *key;
} Fixture;

typedef struct
{
  GPtrArray *canaries;
  guint      n_temp_files; /* temporary files with something in them, seen open */
  guint      n_hits;
  guint      n_calls;
} Scan;

/* test-crypt-vfs.c */
sqlite3 *_reframe_test_open_db (const char *path,
                                int        *rc_out);
sqlite3 *_reframe_test_open_ok (const char *path);
int      _reframe_test_open_rc (const char *path);
int      _reframe_test_exec_rc (sqlite3    *db,
                                const char *sql);
void     _reframe_test_exec_ok (sqlite3    *db,
                                const char *sql);
int      _reframe_test_query_rc (sqlite3    *db,
                                 const char *sql,
                                 char      **out);
char    *_reframe_test_query (sqlite3    *db,
                              const char *sql);
gint64   _reframe_test_query_int (sqlite3    *db,
                                  const char *sql);
void     _reframe_test_assert_integrity_ok (sqlite3 *db);
sqlite3 *_reframe_test_create_encrypted (const char *path,
                                         gboolean    wal);
char    *_reframe_test_dump_db (sqlite3 *db);
void     _reframe_test_assert_dump_equal (const char *dump,
                                          const char *expected);
void     _reframe_test_assert_dump (sqlite3    *db,
                                    const char *expected);
char    *_reframe_test_make_text (GRand      *rand,
                                  guint       n_words,
                                  const char *canary);
void     _reframe_test_create_notes (sqlite3 *db);
void     _reframe_test_insert_notes (sqlite3   *db,
                                     guint      n,
                                     guint      n_words,
                                     guint32    seed,
                                     GPtrArray *canaries);
GBytes  *_reframe_test_read_file (const char *path);
char    *_reframe_test_file_hash (const char *path);
void     _reframe_test_assert_hash (const char *path,
                                    const char *expected);
goffset  _reframe_test_file_size (const char *path);
void     _reframe_test_write_at (const char   *path,
                                 goffset       offset,
                                 const guint8 *data,
                                 gsize         length);
void     _reframe_test_read_at (const char *path,
                                goffset     offset,
                                guint8     *data,
                                gsize       length);
void     _reframe_test_flip_bit (const char *path,
                                 goffset     offset,
                                 guint       bit);
void     _reframe_test_copy_file (const char *from,
                                  const char *to);
void     _reframe_test_copy_db (const char      *from,
                                const char      *to,
                                ReframeCryptKey *key);
void     _reframe_test_scan_file (Scan       *scan,
                                  const char *path);
void     _reframe_test_fixture_set_up (Fixture      *f,
                                       gconstpointer data);
void     _reframe_test_fixture_tear_down (Fixture      *f,
                                          gconstpointer data);

/* test-crypt-vfs-format.c */
void _reframe_test_crypt_vfs_add_format_tests (void);

/* test-crypt-vfs-writers.c */
void _reframe_test_crypt_vfs_add_writers_tests (void);

/* Registers a test of this binary, on its fixture. */
#define ADD(name, func)                     \
  g_test_add ("/reframe/crypt-vfs/" name,   \
              Fixture,                      \
              NULL,                         \
              _reframe_test_fixture_set_up, \
              func,                         \
              _reframe_test_fixture_tear_down)

G_END_DECLS
