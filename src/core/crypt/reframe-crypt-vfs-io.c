/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-crypt-vfs-io.c: the reads and writes of the encrypting VFS, by kind of file:
 * an encrypted database, its WAL, its rollback journal, a temporary file, or a plain
 * file passed through. */

#define G_LOG_DOMAIN "ReframeCrypt"

#include "config.h"

#include <string.h>

#include "reframe-crypt-vfs-private.h"

#define WAL_HEADER     32
#define WAL_FRAME_HDR  24
#define WAL_FRAME_SIZE (WAL_FRAME_HDR + REFRAME_CRYPT_PAGE_SIZE)
#define JOURNAL_ALIGN  512

/* Helpers */

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

/* A buffer of the file's, of at least @size bytes. */
guint8 *
_reframe_crypt_file_scratch (ReframeCryptFile *file,
                             gsize             size)
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

/* Reads the big-endian page number SQLite wrote at @offset (a WAL frame header or a
 * journal record), from what was written last or else from the file. */
static int
read_page_number (ReframeCryptFile *file,
                  sqlite3_int64     offset,
                  guint32          *pgno)
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
db_read (ReframeCryptFile *file,
         guint8           *out,
         int               amount,
         sqlite3_int64     offset)
{
  while (amount > 0)
    {
      sqlite3_int64 page_start = offset - offset % REFRAME_CRYPT_PAGE_SIZE;
      guint32       pgno = (guint32) (page_start / REFRAME_CRYPT_PAGE_SIZE + 1);
      int           skip = (int) (offset - page_start);
      int           n = MIN (amount, REFRAME_CRYPT_PAGE_SIZE - skip);
      gboolean      whole = skip == 0 && n == REFRAME_CRYPT_PAGE_SIZE;
      guint8       *page = whole ? out : _reframe_crypt_file_scratch (file, REFRAME_CRYPT_PAGE_SIZE);
      int           rc;

      rc = file->real->pMethods->xRead (file->real, page, REFRAME_CRYPT_PAGE_SIZE, page_start);
      if (rc == SQLITE_IOERR_SHORT_READ && is_all_zero (page, REFRAME_CRYPT_PAGE_SIZE))
        {
          memset (out, 0, amount);
          return SQLITE_IOERR_SHORT_READ;
        }
      if (rc != SQLITE_OK && rc != SQLITE_IOERR_SHORT_READ)
        return rc;
      /* A page cut short, or one that does not verify, was not written by us. */
      if (rc != SQLITE_OK ||
          !_reframe_crypt_open_page (file->key, 'D', file->file_id, pgno, pgno, page))
        {
          sodium_memzero (page, REFRAME_CRYPT_PAGE_SIZE);
          memset (out, 0, amount);
          return SQLITE_IOERR_DATA;
        }
      if (!whole)
        {
          memcpy (out, page + skip, n);
          sodium_memzero (page, REFRAME_CRYPT_PAGE_SIZE);
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
db_write (ReframeCryptFile *file,
          const guint8     *data,
          int               amount,
          sqlite3_int64     offset)
{
  guint32 pgno;
  guint8 *out;

  if (amount != REFRAME_CRYPT_PAGE_SIZE || offset % REFRAME_CRYPT_PAGE_SIZE != 0)
    return SQLITE_IOERR_WRITE;
  pgno = (guint32) (offset / REFRAME_CRYPT_PAGE_SIZE + 1);
  if (pgno == 1 &&
      (memcmp (data, _reframe_crypt_sqlite_magic, sizeof _reframe_crypt_sqlite_magic) != 0 ||
       data[16] != (REFRAME_CRYPT_PAGE_SIZE >> 8) || data[17] != (REFRAME_CRYPT_PAGE_SIZE & 0xff) ||
       data[20] != REFRAME_CRYPT_RESERVE))
    return SQLITE_IOERR_WRITE;
  out = _reframe_crypt_file_scratch (file, REFRAME_CRYPT_PAGE_SIZE);
  _reframe_crypt_seal_page (file->key, 'D', file->file_id, pgno, pgno, data, out);
  return file->real->pMethods->xWrite (file->real, out, REFRAME_CRYPT_PAGE_SIZE, offset);
}

/* WAL */

/* Decrypts the page of the frame at @frame, which lies in @out at @page. A header read
 * with its page is WAL recovery: a page that does not verify (a torn last frame) is
 * replaced by random bytes, so SQLite's frame checksum rejects the frame as it would
 * a torn plaintext one. Random rather than zeros, because a page of zeros is a real
 * page under secure_delete and would pass the checksum. */
static int
wal_open_frame (ReframeCryptFile *file,
                guint8           *page,
                sqlite3_int64     frame,
                const guint8     *header)
{
  guint32 pgno;
  int     rc;

  if (header != NULL)
    pgno = get_be32 (header);
  else if ((rc = read_page_number (file, frame, &pgno)) != SQLITE_OK)
    return rc == SQLITE_IOERR_SHORT_READ ? SQLITE_IOERR_DATA : rc;
  if (_reframe_crypt_open_page (file->db->key, 'W', file->db->file_id, pgno, (guint64) frame, page))
    return SQLITE_OK;
  if (header == NULL)
    return SQLITE_IOERR_DATA;
  randombytes_buf (page, REFRAME_CRYPT_PAGE_SIZE);
  return SQLITE_OK;
}

static int
wal_read (ReframeCryptFile *file,
          guint8           *out,
          int               amount,
          sqlite3_int64     offset)
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
  frame = offset <= WAL_HEADER
              ? WAL_HEADER
              : WAL_HEADER + (offset - WAL_HEADER) / WAL_FRAME_SIZE * WAL_FRAME_SIZE;
  for (; frame + WAL_FRAME_HDR < end; frame += WAL_FRAME_SIZE)
    {
      sqlite3_int64 page = frame + WAL_FRAME_HDR;
      int           frc;

      if (page + REFRAME_CRYPT_PAGE_SIZE <= offset)
        continue;
      if (page >= offset && page + REFRAME_CRYPT_PAGE_SIZE <= end)
        {
          guint8 *in_out = out + (page - offset);

          if (rc == SQLITE_IOERR_SHORT_READ && is_all_zero (in_out, REFRAME_CRYPT_PAGE_SIZE))
            continue;
          frc =
              wal_open_frame (file, in_out, frame, frame >= offset ? out + (frame - offset) : NULL);
        }
      else
        {
          /* Part of a page: read it whole. */
          guint8       *scratch = _reframe_crypt_file_scratch (file, REFRAME_CRYPT_PAGE_SIZE);
          sqlite3_int64 from = MAX (page, offset);
          sqlite3_int64 to = MIN (page + REFRAME_CRYPT_PAGE_SIZE, end);

          frc = file->real->pMethods->xRead (file->real, scratch, REFRAME_CRYPT_PAGE_SIZE, page);
          if (frc == SQLITE_OK)
            frc = wal_open_frame (file, scratch, frame, NULL);
          else if (frc == SQLITE_IOERR_SHORT_READ)
            frc = SQLITE_IOERR_DATA;
          if (frc == SQLITE_OK)
            memcpy (out + (from - offset), scratch + (from - page), to - from);
          sodium_memzero (scratch, REFRAME_CRYPT_PAGE_SIZE);
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
wal_write (ReframeCryptFile *file,
           const guint8     *data,
           int               amount,
           sqlite3_int64     offset)
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
  if (in_frame != WAL_FRAME_HDR || amount != REFRAME_CRYPT_PAGE_SIZE)
    return SQLITE_IOERR_WRITE;
  /* SQLite's frame checksum covers the reserved bytes, which read back as zeros: a page
   * whose reserved bytes are not zero would make its frame unrecoverable after a crash. */
  if (!is_all_zero (data + REFRAME_CRYPT_DATA_SIZE, REFRAME_CRYPT_RESERVE))
    return SQLITE_IOERR_WRITE;
  if (read_page_number (file, offset - WAL_FRAME_HDR, &pgno) != SQLITE_OK)
    return SQLITE_IOERR_WRITE;
  out = _reframe_crypt_file_scratch (file, REFRAME_CRYPT_PAGE_SIZE);
  _reframe_crypt_seal_page (
      file->db->key, 'W', file->db->file_id, pgno, (guint64) (offset - WAL_FRAME_HDR), data, out);
  return file->real->pMethods->xWrite (file->real, out, REFRAME_CRYPT_PAGE_SIZE, offset);
}

/* Rollback journal */

/* Headers start at multiples of the sector size (512 or more) and each record is
 * page number (4), page, checksum (4), so a page never starts at a multiple of 512,
 * and nothing else SQLite writes there is a page long at such an offset. */
static gboolean
is_journal_page (int           amount,
                 sqlite3_int64 offset)
{
  return amount == REFRAME_CRYPT_PAGE_SIZE && offset % JOURNAL_ALIGN != 0 && offset >= 4;
}

static int
journal_read (ReframeCryptFile *file,
              guint8           *out,
              int               amount,
              sqlite3_int64     offset)
{
  guint32 pgno;
  int     rc;

  rc = file->real->pMethods->xRead (file->real, out, amount, offset);
  if (!is_journal_page (amount, offset) || (rc != SQLITE_OK && rc != SQLITE_IOERR_SHORT_READ))
    return rc;
  if (rc == SQLITE_IOERR_SHORT_READ && is_all_zero (out, amount))
    return rc;
  if (rc != SQLITE_OK || read_page_number (file, offset - 4, &pgno) != SQLITE_OK ||
      !_reframe_crypt_open_page (
          file->db->key, 'J', file->db->file_id, pgno, (guint64) offset, out))
    {
      sodium_memzero (out, amount);
      return SQLITE_IOERR_DATA;
    }
  return SQLITE_OK;
}

static int
journal_write (ReframeCryptFile *file,
               const guint8     *data,
               int               amount,
               sqlite3_int64     offset)
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
  out = _reframe_crypt_file_scratch (file, REFRAME_CRYPT_PAGE_SIZE);
  _reframe_crypt_seal_page (
      file->db->key, 'J', file->db->file_id, pgno, (guint64) offset, data, out);
  return file->real->pMethods->xWrite (file->real, out, REFRAME_CRYPT_PAGE_SIZE, offset);
}

/* Temporary files */

static int
temp_read (ReframeCryptFile *file,
           guint8           *out,
           int               amount,
           sqlite3_int64     offset)
{
  sqlite3_int64 size;
  int           rc;

  rc = file->real->pMethods->xRead (file->real, out, amount, offset);
  if (rc == SQLITE_OK)
    _reframe_crypt_xor_stream (file->stream_key, file->stream_nonce, out, amount, offset);
  else if (rc == SQLITE_IOERR_SHORT_READ &&
           file->real->pMethods->xFileSize (file->real, &size) == SQLITE_OK && size > offset)
    _reframe_crypt_xor_stream (
        file->stream_key, file->stream_nonce, out, MIN (amount, size - offset), offset);
  return rc;
}

static int
temp_write (ReframeCryptFile *file,
            const guint8     *data,
            int               amount,
            sqlite3_int64     offset)
{
  guint8 *copy = _reframe_crypt_file_scratch (file, amount);

  memcpy (copy, data, amount);
  _reframe_crypt_xor_stream (file->stream_key, file->stream_nonce, copy, amount, offset);
  return file->real->pMethods->xWrite (file->real, copy, amount, offset);
}

/* Dispatch */

int
_reframe_crypt_file_read (ReframeCryptFile *file,
                          void             *buffer,
                          int               amount,
                          sqlite3_int64     offset)
{
  switch (file->mode)
    {
    case REFRAME_CRYPT_MODE_DB:
      return db_read (file, buffer, amount, offset);
    case REFRAME_CRYPT_MODE_WAL:
      return wal_read (file, buffer, amount, offset);
    case REFRAME_CRYPT_MODE_JOURNAL:
      return journal_read (file, buffer, amount, offset);
    case REFRAME_CRYPT_MODE_TEMP:
      return temp_read (file, buffer, amount, offset);
    case REFRAME_CRYPT_MODE_PLAIN:
    default:
      return file->real->pMethods->xRead (file->real, buffer, amount, offset);
    }
}

int
_reframe_crypt_file_write (ReframeCryptFile *file,
                           const void       *buffer,
                           int               amount,
                           sqlite3_int64     offset)
{
  switch (file->mode)
    {
    case REFRAME_CRYPT_MODE_DB:
      return db_write (file, buffer, amount, offset);
    case REFRAME_CRYPT_MODE_WAL:
      return wal_write (file, buffer, amount, offset);
    case REFRAME_CRYPT_MODE_JOURNAL:
      return journal_write (file, buffer, amount, offset);
    case REFRAME_CRYPT_MODE_TEMP:
      return temp_write (file, buffer, amount, offset);
    case REFRAME_CRYPT_MODE_PLAIN:
    default:
      return file->real->pMethods->xWrite (file->real, buffer, amount, offset);
    }
}
