/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-crypt-vfs.c: a SQLite VFS that encrypts every page of an encrypted journal.
 *
 * A shim over the default VFS in the manner of SQLite's cksumvfs.c: each sqlite3_file
 * it opens is a CryptFile followed by the default VFS's own file. What a file's bytes
 * mean depends on its kind (docs/encryption.md, "Pages"):
 *
 *  - a main database with a key: pages sealed with XChaCha20-Poly1305, nonce and tag in
 *    the 40 bytes each page reserves, page 1 beginning with our magic and file id;
 *  - its WAL and rollback journal: the page images sealed the same way, their headers
 *    (frame headers, page numbers, checksums, journal headers) in clear;
 *  - temporary files (sorter spills, statement journals, temporary databases):
 *    XChaCha20 under a key of this process, no authentication;
 *  - everything else, a plain journal among it: passed through untouched.
 */

#define G_LOG_DOMAIN "ReframeCrypt"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "reframe-crypt-vfs.h"

#define PAGE_SIZE      REFRAME_CRYPT_PAGE_SIZE
#define DATA_SIZE      (PAGE_SIZE - REFRAME_CRYPT_RESERVE) /* 4056: what is encrypted */
#define TAG_SIZE       crypto_aead_xchacha20poly1305_ietf_ABYTES
#define NONCE_SIZE     crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define MAGIC          "RFRMCRY1"
#define MAGIC_SIZE     8
#define FILE_ID_SIZE   8
#define CLEAR_OFFSET   16 /* page 1: bytes 16–23 of SQLite's header stay in clear */
#define CLEAR_SIZE     8
#define PAGE1_CIPHER   24 /* page 1: where the ciphertext starts */
#define AD_MAX_SIZE    33
#define WAL_HEADER     32
#define WAL_FRAME_HDR  24
#define WAL_FRAME_SIZE (WAL_FRAME_HDR + PAGE_SIZE)
#define JOURNAL_ALIGN  512

/* SQLITE_IOCAP_SUBPAGE_READ (SQLite 3.48): not in 3.40's header. */
#define IOCAP_SUBPAGE_READ 0x00008000

G_STATIC_ASSERT (TAG_SIZE + NONCE_SIZE == REFRAME_CRYPT_RESERVE);
G_STATIC_ASSERT (crypto_stream_xchacha20_NONCEBYTES == NONCE_SIZE);

static const char sqlite_magic[16] = "SQLite format 3";

typedef enum
{
  MODE_PLAIN,   /* everything passed through */
  MODE_DB,      /* an encrypted main database */
  MODE_WAL,     /* the WAL of an encrypted main database */
  MODE_JOURNAL, /* the rollback journal of an encrypted main database */
  MODE_TEMP,    /* a temporary file: stream-encrypted under the process's key */
} CryptMode;

typedef struct _CryptFile CryptFile;

struct _CryptFile
{
  sqlite3_file base;
  CryptMode    mode;

  /* Owned */
  ReframeCryptKey *key;     /* MODE_DB */
  guint8          *scratch; /* a page and a frame header, or a temporary file's write */
  gsize            scratch_size;

  /* Borrowed: the main database this WAL or journal belongs to (it outlives them). */
  CryptFile *db;

  /* MODE_DB: the id in page 1 (adopted from the disk, or new for a new file). */
  guint8 file_id[FILE_ID_SIZE];
  /* MODE_TEMP: this file's nonce. */
  guint8 stream_nonce[NONCE_SIZE];

  /* MODE_WAL: the frame header written last; MODE_JOURNAL: the page number written
   * last. Saves reading back what SQLite wrote just before the page. */
  sqlite3_int64 last_number_offset;
  guint32       last_number;

  /* The default VFS's file follows this struct in the same block. */
  sqlite3_file *real;
};

static sqlite3_vfs              crypt_vfs;
static sqlite3_vfs             *root_vfs;
static const sqlite3_io_methods crypt_io_methods;
static guint8                  *temp_key;
static GMutex                   keys_lock;
static GHashTable              *keys; /* canonical path → ReframeCryptKey */

/* Helpers: bytes */

static void
put_le32 (guint8 *p,
          guint32 v)
{
  for (guint i = 0; i < 4; i++)
    p[i] = (guint8) (v >> (8 * i));
}

static void
put_le64 (guint8 *p,
          guint64 v)
{
  for (guint i = 0; i < 8; i++)
    p[i] = (guint8) (v >> (8 * i));
}

static guint32
get_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static gboolean
is_all_zero (const guint8 *p,
             gsize         n)
{
  for (gsize i = 0; i < n; i++)
    if (p[i] != 0)
      return FALSE;
  return TRUE;
}

static guint8 *
file_scratch (CryptFile *file,
              gsize      size)
{
  if (file->scratch_size < size)
    {
      if (file->scratch != NULL)
        sodium_memzero (file->scratch, file->scratch_size);
      g_free (file->scratch);
      file->scratch = g_malloc (size);
      file->scratch_size = size;
    }
  return file->scratch;
}

/* Helpers: pages */

/* "RFRM" ‖ kind ‖ file id ‖ page number (u32 LE) ‖ position (u64 LE) [‖ clear bytes]. */
static gsize
build_ad (guint8       *ad,
          char          kind,
          const guint8 *file_id,
          guint32       pgno,
          guint64       position,
          const guint8 *clear)
{
  memcpy (ad, "RFRM", 4);
  ad[4] = (guint8) kind;
  memcpy (ad + 5, file_id, FILE_ID_SIZE);
  put_le32 (ad + 13, pgno);
  put_le64 (ad + 17, position);
  if (clear == NULL)
    return 25;
  memcpy (ad + 25, clear, CLEAR_SIZE);
  return AD_MAX_SIZE;
}

/* Encrypts @plain (a 4096-byte page as SQLite wrote it) into @out, which must not be
 * @plain: the pager's copy stays plaintext. */
static void
seal_page (ReframeCryptKey *key,
           char             kind,
           const guint8    *file_id,
           guint32          pgno,
           guint64          position,
           const guint8    *plain,
           guint8          *out)
{
  gboolean first = kind == 'D' && pgno == 1;
  gsize    start = first ? PAGE1_CIPHER : 0;
  guint8   ad[AD_MAX_SIZE];
  gsize    ad_len;

  ad_len = build_ad (ad, kind, file_id, pgno, position, first ? plain + CLEAR_OFFSET : NULL);
  if (first)
    {
      memcpy (out, MAGIC, MAGIC_SIZE);
      memcpy (out + MAGIC_SIZE, file_id, FILE_ID_SIZE);
      memcpy (out + CLEAR_OFFSET, plain + CLEAR_OFFSET, CLEAR_SIZE);
    }
  randombytes_buf (out + DATA_SIZE + TAG_SIZE, NONCE_SIZE);
  crypto_aead_xchacha20poly1305_ietf_encrypt_detached (out + start,
                                                       out + DATA_SIZE,
                                                       NULL,
                                                       plain + start,
                                                       DATA_SIZE - start,
                                                       ad,
                                                       ad_len,
                                                       NULL,
                                                       out + DATA_SIZE + TAG_SIZE,
                                                       reframe_crypt_key_get_bytes (key));
}

/* Verifies and decrypts @page in place into what SQLite wrote: page 1 of a database
 * gets SQLite's magic back, and the reserved bytes read as zeros. For page 1 of a
 * database, the file id is the one on the page (stored in @file_id on success). On
 * failure the page is left as it was and FALSE returned. */
static gboolean
open_page (ReframeCryptKey *key,
           char             kind,
           guint8          *file_id,
           guint32          pgno,
           guint64          position,
           guint8          *page)
{
  gboolean first = kind == 'D' && pgno == 1;
  gsize    start = first ? PAGE1_CIPHER : 0;
  guint8   ad[AD_MAX_SIZE];
  gsize    ad_len;

  if (first && memcmp (page, MAGIC, MAGIC_SIZE) != 0)
    return FALSE;
  ad_len = build_ad (ad,
                     kind,
                     first ? page + MAGIC_SIZE : file_id,
                     pgno,
                     position,
                     first ? page + CLEAR_OFFSET : NULL);
  if (crypto_aead_xchacha20poly1305_ietf_decrypt_detached (page + start,
                                                           NULL,
                                                           page + start,
                                                           DATA_SIZE - start,
                                                           page + DATA_SIZE,
                                                           ad,
                                                           ad_len,
                                                           page + DATA_SIZE + TAG_SIZE,
                                                           reframe_crypt_key_get_bytes (key)) != 0)
    return FALSE;
  if (first)
    {
      memcpy (file_id, page + MAGIC_SIZE, FILE_ID_SIZE);
      memcpy (page, sqlite_magic, sizeof sqlite_magic);
    }
  memset (page + DATA_SIZE, 0, REFRAME_CRYPT_RESERVE);
  return TRUE;
}

/* Whether @page (page 1 as it lies on disk) opens under @key. */
static gboolean
page1_opens (ReframeCryptKey *key,
             const guint8    *page)
{
  guint8   copy[PAGE_SIZE];
  guint8   file_id[FILE_ID_SIZE];
  gboolean ok;

  memcpy (copy, page, PAGE_SIZE);
  ok = open_page (key, 'D', file_id, 1, 1, copy);
  sodium_memzero (copy, sizeof copy);
  return ok;
}

/* XORs @len bytes at @offset of a temporary file with its key stream: block
 * offset/64 of XChaCha20, starting inside a block where the offset is not aligned. */
static void
xor_stream (CryptFile    *file,
            guint8       *data,
            gsize         len,
            sqlite3_int64 offset)
{
  guint64 block = (guint64) offset / 64;
  guint   skip = (guint) ((guint64) offset % 64);

  if (skip != 0 && len > 0)
    {
      guint8 stream[64] = { 0 };
      gsize  n = MIN (len, 64 - skip);

      crypto_stream_xchacha20_xor_ic (stream, stream, sizeof stream, file->stream_nonce, block, temp_key);
      for (gsize i = 0; i < n; i++)
        data[i] ^= stream[skip + i];
      sodium_memzero (stream, sizeof stream);
      data += n;
      len -= n;
      block++;
    }
  if (len > 0)
    crypto_stream_xchacha20_xor_ic (data, data, len, file->stream_nonce, block, temp_key);
}

/* Reads the big-endian page number SQLite wrote at @offset (a WAL frame header or a
 * journal record), from what was written last or else from the file. */
static int
read_page_number (CryptFile    *file,
                  sqlite3_int64 offset,
                  guint32      *pgno)
{
  guint8 bytes[4];
  int    rc;

  if (file->last_number_offset == offset)
    {
      *pgno = file->last_number;
      return SQLITE_OK;
    }
  rc = file->real->pMethods->xRead (file->real, bytes, sizeof bytes, offset);
  if (rc != SQLITE_OK)
    return rc;
  *pgno = get_be32 (bytes);
  return SQLITE_OK;
}

/* Main database */

/* Reads any slice of an encrypted database: each page it covers is read whole,
 * verified and decrypted. Beyond the end of the file the default VFS's answer holds
 * (zeros and SQLITE_IOERR_SHORT_READ). */
static int
db_read (CryptFile    *file,
         guint8       *out,
         int           amount,
         sqlite3_int64 offset)
{
  while (amount > 0)
    {
      sqlite3_int64 page_start = offset - offset % PAGE_SIZE;
      guint32       pgno = (guint32) (page_start / PAGE_SIZE + 1);
      int           skip = (int) (offset - page_start);
      int           n = MIN (amount, PAGE_SIZE - skip);
      gboolean      whole = skip == 0 && n == PAGE_SIZE;
      guint8       *page = whole ? out : file_scratch (file, PAGE_SIZE);
      int           rc;

      rc = file->real->pMethods->xRead (file->real, page, PAGE_SIZE, page_start);
      if (rc == SQLITE_IOERR_SHORT_READ && is_all_zero (page, PAGE_SIZE))
        {
          memset (out, 0, amount);
          return SQLITE_IOERR_SHORT_READ;
        }
      if (rc != SQLITE_OK && rc != SQLITE_IOERR_SHORT_READ)
        return rc;
      /* A page cut short, or one that does not verify, was not written by us. */
      if (rc != SQLITE_OK || !open_page (file->key, 'D', file->file_id, pgno, pgno, page))
        {
          sodium_memzero (page, PAGE_SIZE);
          memset (out, 0, amount);
          return SQLITE_IOERR_DATA;
        }
      if (!whole)
        {
          memcpy (out, page + skip, n);
          sodium_memzero (page, PAGE_SIZE);
        }
      out += n;
      amount -= n;
      offset += n;
    }
  return SQLITE_OK;
}

/* Only whole pages, and a page 1 that keeps the layout every encrypted page needs:
 * anything else fails before a byte is written. */
static int
db_write (CryptFile    *file,
          const guint8 *data,
          int           amount,
          sqlite3_int64 offset)
{
  guint32 pgno;
  guint8 *out;

  if (amount != PAGE_SIZE || offset % PAGE_SIZE != 0)
    return SQLITE_IOERR_WRITE;
  pgno = (guint32) (offset / PAGE_SIZE + 1);
  if (pgno == 1 &&
      (memcmp (data, sqlite_magic, sizeof sqlite_magic) != 0 ||
       data[16] != (PAGE_SIZE >> 8) || data[17] != (PAGE_SIZE & 0xff) ||
       data[20] != REFRAME_CRYPT_RESERVE))
    return SQLITE_IOERR_WRITE;
  out = file_scratch (file, PAGE_SIZE);
  seal_page (file->key, 'D', file->file_id, pgno, pgno, data, out);
  return file->real->pMethods->xWrite (file->real, out, PAGE_SIZE, offset);
}

/* WAL */

/* Decrypts the page of the frame at @frame, which lies in @out at @page. A header read
 * with its page is WAL recovery: a page that does not verify (a torn last frame) is
 * replaced by random bytes, so SQLite's frame checksum rejects the frame as it would
 * a torn plaintext one. Random rather than zeros, because a page of zeros is a real
 * page under secure_delete and would pass the checksum. */
static int
wal_open_frame (CryptFile    *file,
                guint8       *page,
                sqlite3_int64 frame,
                const guint8 *header)
{
  guint32 pgno;
  int     rc;

  if (header != NULL)
    pgno = get_be32 (header);
  else if ((rc = read_page_number (file, frame, &pgno)) != SQLITE_OK)
    return rc == SQLITE_IOERR_SHORT_READ ? SQLITE_IOERR_DATA : rc;
  if (open_page (file->db->key, 'W', file->db->file_id, pgno, (guint64) frame, page))
    return SQLITE_OK;
  if (header == NULL)
    return SQLITE_IOERR_DATA;
  randombytes_buf (page, PAGE_SIZE);
  return SQLITE_OK;
}

static int
wal_read (CryptFile    *file,
          guint8       *out,
          int           amount,
          sqlite3_int64 offset)
{
  sqlite3_int64 end = offset + amount;
  sqlite3_int64 frame;
  int           rc;

  rc = file->real->pMethods->xRead (file->real, out, amount, offset);
  if (rc != SQLITE_OK && rc != SQLITE_IOERR_SHORT_READ)
    return rc;
  if (end <= WAL_HEADER + WAL_FRAME_HDR)
    return rc;

  /* Every frame whose page overlaps the read, in order. */
  frame = offset <= WAL_HEADER ? WAL_HEADER : WAL_HEADER + (offset - WAL_HEADER) / WAL_FRAME_SIZE * WAL_FRAME_SIZE;
  for (; frame + WAL_FRAME_HDR < end; frame += WAL_FRAME_SIZE)
    {
      sqlite3_int64 page = frame + WAL_FRAME_HDR;
      int           frc;

      if (page + PAGE_SIZE <= offset)
        continue;
      if (page >= offset && page + PAGE_SIZE <= end)
        {
          guint8 *in_out = out + (page - offset);

          if (rc == SQLITE_IOERR_SHORT_READ && is_all_zero (in_out, PAGE_SIZE))
            continue;
          frc = wal_open_frame (file, in_out, frame, frame >= offset ? out + (frame - offset) : NULL);
        }
      else
        {
          /* Part of a page: read it whole. */
          guint8       *scratch = file_scratch (file, PAGE_SIZE);
          sqlite3_int64 from = MAX (page, offset);
          sqlite3_int64 to = MIN (page + PAGE_SIZE, end);

          frc = file->real->pMethods->xRead (file->real, scratch, PAGE_SIZE, page);
          if (frc == SQLITE_OK)
            frc = wal_open_frame (file, scratch, frame, NULL);
          else if (frc == SQLITE_IOERR_SHORT_READ)
            frc = SQLITE_IOERR_DATA;
          if (frc == SQLITE_OK)
            memcpy (out + (from - offset), scratch + (from - page), to - from);
          sodium_memzero (scratch, PAGE_SIZE);
        }
      if (frc != SQLITE_OK)
        {
          sodium_memzero (out, amount);
          return frc;
        }
    }
  return rc;
}

/* The WAL header and frame headers go through as they are; a page at its place in a
 * frame is encrypted; nothing else is written. */
static int
wal_write (CryptFile    *file,
           const guint8 *data,
           int           amount,
           sqlite3_int64 offset)
{
  sqlite3_int64 in_frame = offset < WAL_HEADER ? -1 : (offset - WAL_HEADER) % WAL_FRAME_SIZE;
  guint32       pgno;
  guint8       *out;
  int           rc;

  if (offset == 0 && amount == WAL_HEADER)
    return file->real->pMethods->xWrite (file->real, data, amount, offset);
  if (in_frame == 0 && amount == WAL_FRAME_HDR)
    {
      rc = file->real->pMethods->xWrite (file->real, data, amount, offset);
      if (rc == SQLITE_OK)
        {
          file->last_number_offset = offset;
          file->last_number = get_be32 (data);
        }
      return rc;
    }
  if (in_frame != WAL_FRAME_HDR || amount != PAGE_SIZE)
    return SQLITE_IOERR_WRITE;
  /* SQLite's frame checksum covers the reserved bytes, which read back as zeros: a page
   * whose reserved bytes are not zero would make its frame unrecoverable after a crash. */
  if (!is_all_zero (data + DATA_SIZE, REFRAME_CRYPT_RESERVE))
    return SQLITE_IOERR_WRITE;
  if (read_page_number (file, offset - WAL_FRAME_HDR, &pgno) != SQLITE_OK)
    return SQLITE_IOERR_WRITE;
  out = file_scratch (file, PAGE_SIZE);
  seal_page (file->db->key, 'W', file->db->file_id, pgno, (guint64) (offset - WAL_FRAME_HDR), data, out);
  return file->real->pMethods->xWrite (file->real, out, PAGE_SIZE, offset);
}

/* Rollback journal */

/* Headers start at multiples of the sector size (512 or more) and each record is
 * page number (4), page, checksum (4), so a page never starts at a multiple of 512,
 * and nothing else SQLite writes there is a page long at such an offset. */
static gboolean
is_journal_page (int           amount,
                 sqlite3_int64 offset)
{
  return amount == PAGE_SIZE && offset % JOURNAL_ALIGN != 0 && offset >= 4;
}

static int
journal_read (CryptFile    *file,
              guint8       *out,
              int           amount,
              sqlite3_int64 offset)
{
  guint32 pgno;
  int     rc;

  rc = file->real->pMethods->xRead (file->real, out, amount, offset);
  if (!is_journal_page (amount, offset) || (rc != SQLITE_OK && rc != SQLITE_IOERR_SHORT_READ))
    return rc;
  if (rc == SQLITE_IOERR_SHORT_READ && is_all_zero (out, amount))
    return rc;
  if (rc != SQLITE_OK || read_page_number (file, offset - 4, &pgno) != SQLITE_OK ||
      !open_page (file->db->key, 'J', file->db->file_id, pgno, (guint64) offset, out))
    {
      sodium_memzero (out, amount);
      return SQLITE_IOERR_DATA;
    }
  return SQLITE_OK;
}

static int
journal_write (CryptFile    *file,
               const guint8 *data,
               int           amount,
               sqlite3_int64 offset)
{
  guint32 pgno;
  guint8 *out;
  int     rc;

  if (!is_journal_page (amount, offset))
    {
      rc = file->real->pMethods->xWrite (file->real, data, amount, offset);
      if (rc == SQLITE_OK && amount == 4)
        {
          file->last_number_offset = offset;
          file->last_number = get_be32 (data);
        }
      return rc;
    }
  if (read_page_number (file, offset - 4, &pgno) != SQLITE_OK)
    return SQLITE_IOERR_WRITE;
  out = file_scratch (file, PAGE_SIZE);
  seal_page (file->db->key, 'J', file->db->file_id, pgno, (guint64) offset, data, out);
  return file->real->pMethods->xWrite (file->real, out, PAGE_SIZE, offset);
}

/* Temporary files */

static int
temp_read (CryptFile    *file,
           guint8       *out,
           int           amount,
           sqlite3_int64 offset)
{
  sqlite3_int64 size;
  int           rc;

  rc = file->real->pMethods->xRead (file->real, out, amount, offset);
  if (rc == SQLITE_OK)
    xor_stream (file, out, amount, offset);
  else if (rc == SQLITE_IOERR_SHORT_READ &&
           file->real->pMethods->xFileSize (file->real, &size) == SQLITE_OK && size > offset)
    xor_stream (file, out, MIN (amount, size - offset), offset);
  return rc;
}

static int
temp_write (CryptFile    *file,
            const guint8 *data,
            int           amount,
            sqlite3_int64 offset)
{
  guint8 *copy = file_scratch (file, amount);

  memcpy (copy, data, amount);
  xor_stream (file, copy, amount, offset);
  return file->real->pMethods->xWrite (file->real, copy, amount, offset);
}

/* I/O methods */

static int
crypt_close (sqlite3_file *f)
{
  CryptFile *file = (CryptFile *) f;
  int        rc = file->real->pMethods != NULL ? file->real->pMethods->xClose (file->real) : SQLITE_OK;

  if (file->scratch != NULL)
    sodium_memzero (file->scratch, file->scratch_size);
  g_clear_pointer (&file->scratch, g_free);
  file->scratch_size = 0;
  g_clear_pointer (&file->key, reframe_crypt_key_unref);
  sodium_memzero (file->stream_nonce, sizeof file->stream_nonce);
  return rc;
}

static int
crypt_read (sqlite3_file *f,
            void         *buffer,
            int           amount,
            sqlite3_int64 offset)
{
  CryptFile *file = (CryptFile *) f;

  switch (file->mode)
    {
    case MODE_DB:
      return db_read (file, buffer, amount, offset);
    case MODE_WAL:
      return wal_read (file, buffer, amount, offset);
    case MODE_JOURNAL:
      return journal_read (file, buffer, amount, offset);
    case MODE_TEMP:
      return temp_read (file, buffer, amount, offset);
    case MODE_PLAIN:
    default:
      return file->real->pMethods->xRead (file->real, buffer, amount, offset);
    }
}

static int
crypt_write (sqlite3_file *f,
             const void   *buffer,
             int           amount,
             sqlite3_int64 offset)
{
  CryptFile *file = (CryptFile *) f;

  switch (file->mode)
    {
    case MODE_DB:
      return db_write (file, buffer, amount, offset);
    case MODE_WAL:
      return wal_write (file, buffer, amount, offset);
    case MODE_JOURNAL:
      return journal_write (file, buffer, amount, offset);
    case MODE_TEMP:
      return temp_write (file, buffer, amount, offset);
    case MODE_PLAIN:
    default:
      return file->real->pMethods->xWrite (file->real, buffer, amount, offset);
    }
}

static int
crypt_truncate (sqlite3_file *f,
                sqlite3_int64 size)
{
  CryptFile *file = (CryptFile *) f;

  return file->real->pMethods->xTruncate (file->real, size);
}

static int
crypt_sync (sqlite3_file *f,
            int           flags)
{
  CryptFile *file = (CryptFile *) f;

  return file->real->pMethods->xSync (file->real, flags);
}

static int
crypt_file_size (sqlite3_file  *f,
                 sqlite3_int64 *size)
{
  CryptFile *file = (CryptFile *) f;

  return file->real->pMethods->xFileSize (file->real, size);
}

/* Taking a shared lock on an encrypted database, adopt the file id on disk. A
 * connection that opened the file while it was empty made up an id of its own; if
 * another connection has created the database since, its id is the one every page,
 * WAL frame and journal record carries. */
static int
crypt_lock (sqlite3_file *f,
            int           level)
{
  CryptFile *file = (CryptFile *) f;
  int        rc = file->real->pMethods->xLock (file->real, level);
  guint8     head[MAGIC_SIZE + FILE_ID_SIZE];

  if (rc == SQLITE_OK && file->mode == MODE_DB && level == SQLITE_LOCK_SHARED &&
      file->real->pMethods->xRead (file->real, head, sizeof head, 0) == SQLITE_OK &&
      memcmp (head, MAGIC, MAGIC_SIZE) == 0)
    memcpy (file->file_id, head + MAGIC_SIZE, FILE_ID_SIZE);
  return rc;
}

static int
crypt_unlock (sqlite3_file *f,
              int           level)
{
  CryptFile *file = (CryptFile *) f;

  return file->real->pMethods->xUnlock (file->real, level);
}

static int
crypt_check_reserved_lock (sqlite3_file *f,
                           int          *out)
{
  CryptFile *file = (CryptFile *) f;

  return file->real->pMethods->xCheckReservedLock (file->real, out);
}

static int
crypt_file_control (sqlite3_file *f,
                    int           op,
                    void         *arg)
{
  CryptFile *file = (CryptFile *) f;
  int        rc;

  /* VACUUM would write pages of the new size, which the layout cannot hold. The query
   * form (no value) still answers. */
  if (file->mode == MODE_DB && op == SQLITE_FCNTL_PRAGMA && ((char **) arg)[2] != NULL &&
      g_ascii_strcasecmp (((char **) arg)[1], "page_size") == 0)
    return SQLITE_OK;
  if (file->mode != MODE_PLAIN)
    {
      /* Never map ciphertext: xFetch refuses anyway, this keeps the default VFS from
       * mapping the file at all. */
      if (op == SQLITE_FCNTL_MMAP_SIZE)
        {
          sqlite3_int64 none = 0;

          file->real->pMethods->xFileControl (file->real, op, &none);
          *(sqlite3_int64 *) arg = 0;
          return SQLITE_OK;
        }
    }
  rc = file->real->pMethods->xFileControl (file->real, op, arg);
  if (op == SQLITE_FCNTL_VFSNAME && rc == SQLITE_OK)
    *(char **) arg = sqlite3_mprintf (REFRAME_CRYPT_VFS_NAME "/%z", *(char **) arg);
  return rc;
}

static int
crypt_sector_size (sqlite3_file *f)
{
  CryptFile *file = (CryptFile *) f;

  return file->real->pMethods->xSectorSize (file->real);
}

/* Batch-atomic writes and sub-page reads are the pager's business; an encrypted file
 * wants whole pages one at a time. */
static int
crypt_device_characteristics (sqlite3_file *f)
{
  CryptFile *file = (CryptFile *) f;
  int        flags = file->real->pMethods->xDeviceCharacteristics (file->real);

  if (file->mode != MODE_PLAIN)
    flags &= ~(SQLITE_IOCAP_BATCH_ATOMIC | IOCAP_SUBPAGE_READ);
  return flags;
}

static int
crypt_shm_map (sqlite3_file   *f,
               int             page,
               int             page_size,
               int             extend,
               void volatile **out)
{
  CryptFile *file = (CryptFile *) f;

  return file->real->pMethods->xShmMap (file->real, page, page_size, extend, out);
}

static int
crypt_shm_lock (sqlite3_file *f,
                int           offset,
                int           n,
                int           flags)
{
  CryptFile *file = (CryptFile *) f;

  return file->real->pMethods->xShmLock (file->real, offset, n, flags);
}

static void
crypt_shm_barrier (sqlite3_file *f)
{
  CryptFile *file = (CryptFile *) f;

  file->real->pMethods->xShmBarrier (file->real);
}

static int
crypt_shm_unmap (sqlite3_file *f,
                 int           delete_flag)
{
  CryptFile *file = (CryptFile *) f;

  return file->real->pMethods->xShmUnmap (file->real, delete_flag);
}

/* SQLite must never read ciphertext straight from a mapping. */
static int
crypt_fetch (sqlite3_file *f,
             sqlite3_int64 offset,
             int           amount,
             void        **out)
{
  CryptFile *file = (CryptFile *) f;

  if (file->mode != MODE_PLAIN)
    {
      *out = NULL;
      return SQLITE_OK;
    }
  return file->real->pMethods->xFetch (file->real, offset, amount, out);
}

static int
crypt_unfetch (sqlite3_file *f,
               sqlite3_int64 offset,
               void         *page)
{
  CryptFile *file = (CryptFile *) f;

  return file->real->pMethods->xUnfetch (file->real, offset, page);
}

static const sqlite3_io_methods crypt_io_methods = {
  3,
  crypt_close,
  crypt_read,
  crypt_write,
  crypt_truncate,
  crypt_sync,
  crypt_file_size,
  crypt_lock,
  crypt_unlock,
  crypt_check_reserved_lock,
  crypt_file_control,
  crypt_sector_size,
  crypt_device_characteristics,
  crypt_shm_map,
  crypt_shm_lock,
  crypt_shm_barrier,
  crypt_shm_unmap,
  crypt_fetch,
  crypt_unfetch,
};

/* Opening */

/* The key given for @canonical (a full path from the root VFS), or %NULL. */
static ReframeCryptKey *
lookup_key (const char *canonical)
{
  ReframeCryptKey *key = NULL;

  g_mutex_lock (&keys_lock);
  if (keys != NULL && (key = g_hash_table_lookup (keys, canonical)) != NULL)
    reframe_crypt_key_ref (key);
  g_mutex_unlock (&keys_lock);
  return key;
}

/* Reads page 1 of a database that says it is encrypted and checks it under @key. A
 * writer of another connection may be halfway through page 1, so a failure is tried
 * again twice. */
static gboolean
db_page1_opens (CryptFile       *file,
                ReframeCryptKey *key)
{
  guint8 *page = file_scratch (file, PAGE_SIZE);

  for (guint attempt = 0; attempt < 3; attempt++)
    if (file->real->pMethods->xRead (file->real, page, PAGE_SIZE, 0) == SQLITE_OK &&
        open_page (key, 'D', file->file_id, 1, 1, page))
      {
        sodium_memzero (page, PAGE_SIZE);
        return TRUE;
      }
  sodium_memzero (page, PAGE_SIZE);
  return FALSE;
}

/**
 * reframe_crypt_vfs_dup_keys:
 *
 * Returns: (transfer full) (element-type ReframeCryptKey): every key given now, once each
 */
GPtrArray *
reframe_crypt_vfs_dup_keys (void)
{
  GPtrArray     *found = g_ptr_array_new_with_free_func ((GDestroyNotify) reframe_crypt_key_unref);
  GHashTableIter iter;
  gpointer       value;

  g_mutex_lock (&keys_lock);
  if (keys != NULL)
    {
      g_hash_table_iter_init (&iter, keys);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          gboolean seen = FALSE;

          for (guint i = 0; i < found->len && !seen; i++)
            seen = found->pdata[i] == value;
          if (!seen)
            g_ptr_array_add (found, reframe_crypt_key_ref (value));
        }
    }
  g_mutex_unlock (&keys_lock);
  return found;
}

/* A backup or a copy of an unlocked journal has no key of its own path: any key given
 * for another path that opens its first page is its key. */
static ReframeCryptKey *
find_opening_key (CryptFile *file)
{
  g_autoptr (GPtrArray) candidates = reframe_crypt_vfs_dup_keys ();

  for (guint i = 0; i < candidates->len; i++)
    if (db_page1_opens (file, candidates->pdata[i]))
      return reframe_crypt_key_ref (candidates->pdata[i]);
  return NULL;
}

/* Decides what a main database file is, from its first bytes and the key registry. */
static int
open_db (CryptFile  *file,
         const char *name)
{
  g_autoptr (ReframeCryptKey) key = lookup_key (name);
  guint8        head[16] = { 0 };
  sqlite3_int64 size = 0;
  int           rc;

  rc = file->real->pMethods->xFileSize (file->real, &size);
  if (rc != SQLITE_OK)
    return rc;
  if (size > 0)
    {
      rc = file->real->pMethods->xRead (file->real, head, sizeof head, 0);
      if (rc != SQLITE_OK && rc != SQLITE_IOERR_SHORT_READ)
        return rc;
    }

  if (size > 0 && memcmp (head, MAGIC, MAGIC_SIZE) == 0)
    {
      if (key == NULL || !db_page1_opens (file, key))
        {
          g_clear_pointer (&key, reframe_crypt_key_unref);
          if ((key = find_opening_key (file)) == NULL)
            return SQLITE_AUTH;
        }
    }
  else if (key != NULL && size > 0)
    return SQLITE_NOTADB;
  else if (key != NULL)
    randombytes_buf (file->file_id, FILE_ID_SIZE);
  else
    return SQLITE_OK; /* plain */

  file->mode = MODE_DB;
  file->key = g_steal_pointer (&key);
  file_scratch (file, PAGE_SIZE);
  return SQLITE_OK;
}

/* A WAL or rollback journal follows its database, which SQLite opened through us. */
static int
open_follower (CryptFile  *file,
               const char *name,
               CryptMode   mode)
{
  sqlite3_file *main_file = sqlite3_database_file_object (name);
  CryptFile    *db = (CryptFile *) main_file;

  if (main_file == NULL || main_file->pMethods != &crypt_io_methods)
    return SQLITE_CANTOPEN;
  if (db->mode != MODE_DB)
    return SQLITE_OK;
  file->mode = mode;
  file->db = db;
  file->last_number_offset = -1;
  file_scratch (file, PAGE_SIZE);
  return SQLITE_OK;
}

static int
crypt_open (sqlite3_vfs  *vfs,
            const char   *name,
            sqlite3_file *f,
            int           flags,
            int          *out_flags)
{
  CryptFile *file = (CryptFile *) f;
  int        rc;

  memset (file, 0, sizeof *file);
  file->real = (sqlite3_file *) &file[1];
  file->last_number_offset = -1;
  rc = root_vfs->xOpen (root_vfs, name, file->real, flags, out_flags);
  if (rc != SQLITE_OK || file->real->pMethods == NULL || file->real->pMethods->iVersion < 3)
    {
      if (rc == SQLITE_OK && file->real->pMethods != NULL)
        file->real->pMethods->xClose (file->real);
      file->base.pMethods = NULL;
      return rc != SQLITE_OK ? rc : SQLITE_CANTOPEN;
    }
  file->base.pMethods = &crypt_io_methods;

  /* The super-journal of a transaction over several databases holds only the names of
   * their journals, and must stay readable by whichever process rolls them back after
   * a crash, so it is not encrypted under this process's key. */
  if (name == NULL ||
      (flags & (SQLITE_OPEN_TEMP_DB | SQLITE_OPEN_TEMP_JOURNAL | SQLITE_OPEN_TRANSIENT_DB | SQLITE_OPEN_SUBJOURNAL)) != 0)
    {
      file->mode = MODE_TEMP;
      randombytes_buf (file->stream_nonce, NONCE_SIZE);
    }
  else if (flags & SQLITE_OPEN_MAIN_DB)
    rc = open_db (file, name);
  else if (flags & SQLITE_OPEN_WAL)
    rc = open_follower (file, name, MODE_WAL);
  else if (flags & SQLITE_OPEN_MAIN_JOURNAL)
    rc = open_follower (file, name, MODE_JOURNAL);

  if (rc != SQLITE_OK)
    {
      crypt_close (f);
      file->base.pMethods = NULL;
    }
  return rc;
}

/* VFS methods, all the root's */

static int
crypt_delete (sqlite3_vfs *vfs,
              const char  *name,
              int          sync_dir)
{
  return root_vfs->xDelete (root_vfs, name, sync_dir);
}

static int
crypt_access (sqlite3_vfs *vfs,
              const char  *name,
              int          flags,
              int         *out)
{
  return root_vfs->xAccess (root_vfs, name, flags, out);
}

static int
crypt_full_pathname (sqlite3_vfs *vfs,
                     const char  *name,
                     int          n_out,
                     char        *out)
{
  return root_vfs->xFullPathname (root_vfs, name, n_out, out);
}

static void *
crypt_dl_open (sqlite3_vfs *vfs,
               const char  *name)
{
  return root_vfs->xDlOpen (root_vfs, name);
}

static void
crypt_dl_error (sqlite3_vfs *vfs,
                int          n,
                char        *message)
{
  root_vfs->xDlError (root_vfs, n, message);
}

static void (*crypt_dl_sym (sqlite3_vfs *vfs,
                            void        *handle,
                            const char  *symbol)) (void)
{
  return root_vfs->xDlSym (root_vfs, handle, symbol);
}

static void
crypt_dl_close (sqlite3_vfs *vfs,
                void        *handle)
{
  root_vfs->xDlClose (root_vfs, handle);
}

static int
crypt_randomness (sqlite3_vfs *vfs,
                  int          n,
                  char        *out)
{
  return root_vfs->xRandomness (root_vfs, n, out);
}

static int
crypt_sleep (sqlite3_vfs *vfs,
             int          microseconds)
{
  return root_vfs->xSleep (root_vfs, microseconds);
}

static int
crypt_current_time (sqlite3_vfs *vfs,
                    double      *out)
{
  return root_vfs->xCurrentTime (root_vfs, out);
}

static int
crypt_get_last_error (sqlite3_vfs *vfs,
                      int          n,
                      char        *out)
{
  return root_vfs->xGetLastError (root_vfs, n, out);
}

static int
crypt_current_time_int64 (sqlite3_vfs   *vfs,
                          sqlite3_int64 *out)
{
  return root_vfs->xCurrentTimeInt64 (root_vfs, out);
}

/* The full path SQLite will pass to xOpen for @path. */
static char *
canonicalise (const char *path)
{
  g_autofree char *full = g_malloc0 (root_vfs->mxPathname + 1);
  int              rc = root_vfs->xFullPathname (root_vfs, path, root_vfs->mxPathname + 1, full);

  if ((rc & 0xff) != SQLITE_OK)
    return g_strdup (path);
  return g_steal_pointer (&full);
}

/* Public API */

/**
 * reframe_crypt_vfs_register:
 *
 * Registers the VFS (not as the default) over the VFS that is the default now. Safe to
 * call more than once and from any thread; every other function here calls it.
 */
void
reframe_crypt_vfs_register (void)
{
  static gsize registered = 0;

  if (!g_once_init_enter (&registered))
    return;
  if (!reframe_crypt_init (NULL))
    g_error ("libsodium could not be initialised");
  if (sqlite3_initialize () != SQLITE_OK)
    g_error ("SQLite could not be initialised");
  root_vfs = sqlite3_vfs_find (NULL);
  g_assert (root_vfs != NULL && root_vfs->iVersion >= 2);

  temp_key = sodium_malloc (crypto_stream_xchacha20_KEYBYTES);
  if (temp_key == NULL)
    g_error ("no memory for a key");
  randombytes_buf (temp_key, crypto_stream_xchacha20_KEYBYTES);
  sodium_mprotect_readonly (temp_key);

  crypt_vfs.iVersion = 2;
  crypt_vfs.szOsFile = (int) sizeof (CryptFile) + root_vfs->szOsFile;
  crypt_vfs.mxPathname = root_vfs->mxPathname;
  crypt_vfs.zName = REFRAME_CRYPT_VFS_NAME;
  crypt_vfs.xOpen = crypt_open;
  crypt_vfs.xDelete = crypt_delete;
  crypt_vfs.xAccess = crypt_access;
  crypt_vfs.xFullPathname = crypt_full_pathname;
  crypt_vfs.xDlOpen = crypt_dl_open;
  crypt_vfs.xDlError = crypt_dl_error;
  crypt_vfs.xDlSym = crypt_dl_sym;
  crypt_vfs.xDlClose = crypt_dl_close;
  crypt_vfs.xRandomness = crypt_randomness;
  crypt_vfs.xSleep = crypt_sleep;
  crypt_vfs.xCurrentTime = crypt_current_time;
  crypt_vfs.xGetLastError = crypt_get_last_error;
  crypt_vfs.xCurrentTimeInt64 = crypt_current_time_int64;
  if (sqlite3_vfs_register (&crypt_vfs, 0) != SQLITE_OK)
    g_error ("the encrypting VFS could not be registered");

  g_once_init_leave (&registered, 1);
}

/**
 * reframe_crypt_vfs_probe:
 * @path: a database file
 *
 * Tells what lies at @path from its first 16 bytes, without SQLite.
 *
 * Returns: whether the file is missing, empty, a plain SQLite database, an encrypted
 *   one, or something else (unreadable, or not a database)
 */
ReframeCryptFileKind
reframe_crypt_vfs_probe (const char *path)
{
  guint8 head[16];
  gssize n;
  int    fd;

  g_return_val_if_fail (path != NULL, REFRAME_CRYPT_FILE_OTHER);

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    return errno == ENOENT ? REFRAME_CRYPT_FILE_MISSING : REFRAME_CRYPT_FILE_OTHER;
  do
    n = read (fd, head, sizeof head);
  while (n < 0 && errno == EINTR);
  g_close (fd, NULL);

  if (n == 0)
    return REFRAME_CRYPT_FILE_EMPTY;
  if (n != sizeof head)
    return REFRAME_CRYPT_FILE_OTHER;
  if (memcmp (head, MAGIC, MAGIC_SIZE) == 0)
    return REFRAME_CRYPT_FILE_ENCRYPTED;
  if (memcmp (head, sqlite_magic, sizeof sqlite_magic) == 0)
    return REFRAME_CRYPT_FILE_PLAIN;
  return REFRAME_CRYPT_FILE_OTHER;
}

/**
 * reframe_crypt_vfs_set_key:
 * @db_path: the database file (relative paths are taken from the current folder)
 * @key: (nullable): its key, or %NULL to take the key away
 *
 * Gives every later connection to @db_path (its WAL and journal included) @key. Files
 * already open keep the key they were opened with.
 */
void
reframe_crypt_vfs_set_key (const char      *db_path,
                           ReframeCryptKey *key)
{
  g_autofree char *canonical = NULL;

  g_return_if_fail (db_path != NULL);

  reframe_crypt_vfs_register ();
  canonical = canonicalise (db_path);
  g_mutex_lock (&keys_lock);
  if (keys == NULL)
    keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) reframe_crypt_key_unref);
  if (key != NULL)
    g_hash_table_insert (keys, g_steal_pointer (&canonical), reframe_crypt_key_ref (key));
  else
    g_hash_table_remove (keys, canonical);
  g_mutex_unlock (&keys_lock);
}

/**
 * reframe_crypt_vfs_dup_key:
 * @db_path: the database file
 *
 * Returns: (transfer full) (nullable): the key given for @db_path, if any
 */
ReframeCryptKey *
reframe_crypt_vfs_dup_key (const char *db_path)
{
  g_autofree char *canonical = NULL;

  g_return_val_if_fail (db_path != NULL, NULL);

  reframe_crypt_vfs_register ();
  canonical = canonicalise (db_path);
  return lookup_key (canonical);
}

/**
 * reframe_crypt_vfs_forget_keys:
 *
 * Takes every key away (locking). Files already open keep theirs until they close.
 */
void
reframe_crypt_vfs_forget_keys (void)
{
  g_mutex_lock (&keys_lock);
  if (keys != NULL)
    g_hash_table_remove_all (keys);
  g_mutex_unlock (&keys_lock);
}

/**
 * reframe_crypt_vfs_key_opens:
 * @db_path: an encrypted database file (a journal or one of its backups)
 * @key: a key
 *
 * Checks, without SQLite and without changing the file, that page 1 of @db_path
 * verifies under @key: that @key is the key of that file.
 *
 * Returns: %TRUE when @key opens @db_path
 */
gboolean
reframe_crypt_vfs_key_opens (const char      *db_path,
                             ReframeCryptKey *key)
{
  guint8   page[PAGE_SIZE];
  gsize    got = 0;
  gboolean ok;
  int      fd;

  g_return_val_if_fail (db_path != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (!reframe_crypt_init (NULL))
    return FALSE;
  fd = g_open (db_path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    return FALSE;
  while (got < sizeof page)
    {
      gssize n = read (fd, page + got, sizeof page - got);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      got += n;
    }
  g_close (fd, NULL);
  ok = got == sizeof page && page1_opens (key, page);
  sodium_memzero (page, sizeof page);
  return ok;
}
