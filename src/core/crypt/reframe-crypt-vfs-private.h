/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-crypt-vfs-private.h: between the files of the encrypting VFS: the page format
 * (reframe-crypt-page.c), the reads and writes of each kind of file
 * (reframe-crypt-vfs-io.c), and the VFS with its key registry (reframe-crypt-vfs.c).
 * docs/encryption.md describes the format. */

#pragma once

#include <sodium.h>
#include <sqlite3.h>

#include "reframe-crypt-vfs.h"

G_BEGIN_DECLS

/* What is encrypted of each page: all but the reserve (4056 bytes). */
#define REFRAME_CRYPT_DATA_SIZE    (REFRAME_CRYPT_PAGE_SIZE - REFRAME_CRYPT_RESERVE)
#define REFRAME_CRYPT_TAG_SIZE     crypto_aead_xchacha20poly1305_ietf_ABYTES
#define REFRAME_CRYPT_NONCE_SIZE   crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define REFRAME_CRYPT_MAGIC        "RFRMCRY1"
#define REFRAME_CRYPT_MAGIC_SIZE   8
#define REFRAME_CRYPT_FILE_ID_SIZE 8

G_STATIC_ASSERT (REFRAME_CRYPT_TAG_SIZE + REFRAME_CRYPT_NONCE_SIZE == REFRAME_CRYPT_RESERVE);
G_STATIC_ASSERT (crypto_stream_xchacha20_NONCEBYTES == REFRAME_CRYPT_NONCE_SIZE);

/* "SQLite format 3\0", what page 1 begins with once decrypted. */
extern const char _reframe_crypt_sqlite_magic[16];

typedef enum
{
  REFRAME_CRYPT_MODE_PLAIN,   /* everything passed through */
  REFRAME_CRYPT_MODE_DB,      /* an encrypted main database */
  REFRAME_CRYPT_MODE_WAL,     /* the WAL of an encrypted main database */
  REFRAME_CRYPT_MODE_JOURNAL, /* the rollback journal of an encrypted main database */
  REFRAME_CRYPT_MODE_TEMP,    /* a temporary file: stream-encrypted under the process's key */
} ReframeCryptMode;

typedef struct _ReframeCryptFile ReframeCryptFile;

/* A file opened through the VFS; the default VFS's own file follows it in the same
 * block (szOsFile is the sum). */
struct _ReframeCryptFile
{
  sqlite3_file     base;
  ReframeCryptMode mode;

  /* Owned */
  ReframeCryptKey *key;     /* MODE_DB */
  guint8          *scratch; /* a page, or a temporary file's write */
  gsize            scratch_size;

  /* Borrowed */
  ReframeCryptFile *db;         /* MODE_WAL, MODE_JOURNAL: their database (it outlives them) */
  const guint8     *stream_key; /* MODE_TEMP: the process's key for temporary files */

  /* MODE_DB: the id in page 1 (adopted from the disk, or new for a new file). */
  guint8 file_id[REFRAME_CRYPT_FILE_ID_SIZE];
  /* MODE_TEMP: this file's nonce. */
  guint8 stream_nonce[REFRAME_CRYPT_NONCE_SIZE];

  /* MODE_WAL: the frame header written last; MODE_JOURNAL: the page number written
   * last. Saves reading back what SQLite wrote just before the page. */
  sqlite3_int64 last_number_offset;
  guint32       last_number;

  /* The default VFS's file, right after this struct. */
  sqlite3_file *real;
};

/* The page format (reframe-crypt-page.c) */

void     _reframe_crypt_seal_page (ReframeCryptKey *key,
                                   char             kind,
                                   const guint8    *file_id,
                                   guint32          pgno,
                                   guint64          position,
                                   const guint8    *plain,
                                   guint8          *out);
gboolean _reframe_crypt_open_page (ReframeCryptKey *key,
                                   char             kind,
                                   guint8          *file_id,
                                   guint32          pgno,
                                   guint64          position,
                                   guint8          *page);
gboolean _reframe_crypt_page1_opens (ReframeCryptKey *key,
                                     const guint8    *page);
void     _reframe_crypt_xor_stream (const guint8 *key,
                                    const guint8 *nonce,
                                    guint8       *data,
                                    gsize         len,
                                    sqlite3_int64 offset);

/* Reads and writes of each kind of file (reframe-crypt-vfs-io.c) */

guint8 *_reframe_crypt_file_scratch (ReframeCryptFile *file,
                                     gsize             size);
int     _reframe_crypt_file_read (ReframeCryptFile *file,
                                  void             *buffer,
                                  int               amount,
                                  sqlite3_int64     offset);
int     _reframe_crypt_file_write (ReframeCryptFile *file,
                                   const void       *buffer,
                                   int               amount,
                                   sqlite3_int64     offset);

G_END_DECLS
