/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-crypt-page.c: the page format of the encrypting VFS: a page sealed with
 * XChaCha20-Poly1305 and its associated data, and the key stream of temporary files. */

#define G_LOG_DOMAIN "ReframeCrypt"

#include "config.h"

#include <string.h>

#include "reframe-crypt-vfs-private.h"

#define CLEAR_OFFSET 16 /* page 1: bytes 16–23 of SQLite's header stay in clear */
#define CLEAR_SIZE   8
#define PAGE1_CIPHER 24 /* page 1: where the ciphertext starts */
#define AD_MAX_SIZE  33

const char _reframe_crypt_sqlite_magic[16] = "SQLite format 3";

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
  memcpy (ad + 5, file_id, REFRAME_CRYPT_FILE_ID_SIZE);
  put_le32 (ad + 13, pgno);
  put_le64 (ad + 17, position);
  if (clear == NULL)
    return 25;
  memcpy (ad + 25, clear, CLEAR_SIZE);
  return AD_MAX_SIZE;
}

/* Encrypts @plain (a 4096-byte page as SQLite wrote it) into @out, which must not be
 * @plain: the pager's copy stays plaintext. */
void
_reframe_crypt_seal_page (ReframeCryptKey *key,
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
      memcpy (out, REFRAME_CRYPT_MAGIC, REFRAME_CRYPT_MAGIC_SIZE);
      memcpy (out + REFRAME_CRYPT_MAGIC_SIZE, file_id, REFRAME_CRYPT_FILE_ID_SIZE);
      memcpy (out + CLEAR_OFFSET, plain + CLEAR_OFFSET, CLEAR_SIZE);
    }
  randombytes_buf (out + REFRAME_CRYPT_DATA_SIZE + REFRAME_CRYPT_TAG_SIZE,
                   REFRAME_CRYPT_NONCE_SIZE);
  crypto_aead_xchacha20poly1305_ietf_encrypt_detached (out + start,
                                                       out + REFRAME_CRYPT_DATA_SIZE,
                                                       NULL,
                                                       plain + start,
                                                       REFRAME_CRYPT_DATA_SIZE - start,
                                                       ad,
                                                       ad_len,
                                                       NULL,
                                                       out + REFRAME_CRYPT_DATA_SIZE +
                                                           REFRAME_CRYPT_TAG_SIZE,
                                                       reframe_crypt_key_get_bytes (key));
}

/* Verifies and decrypts @page in place into what SQLite wrote: page 1 of a database
 * gets SQLite's magic back, and the reserved bytes read as zeros. For page 1 of a
 * database, the file id is the one on the page (stored in @file_id on success). On
 * failure the page is left as it was and FALSE returned. */
gboolean
_reframe_crypt_open_page (ReframeCryptKey *key,
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

  if (first && memcmp (page, REFRAME_CRYPT_MAGIC, REFRAME_CRYPT_MAGIC_SIZE) != 0)
    return FALSE;
  ad_len = build_ad (ad,
                     kind,
                     first ? page + REFRAME_CRYPT_MAGIC_SIZE : file_id,
                     pgno,
                     position,
                     first ? page + CLEAR_OFFSET : NULL);
  if (crypto_aead_xchacha20poly1305_ietf_decrypt_detached (page + start,
                                                           NULL,
                                                           page + start,
                                                           REFRAME_CRYPT_DATA_SIZE - start,
                                                           page + REFRAME_CRYPT_DATA_SIZE,
                                                           ad,
                                                           ad_len,
                                                           page + REFRAME_CRYPT_DATA_SIZE +
                                                               REFRAME_CRYPT_TAG_SIZE,
                                                           reframe_crypt_key_get_bytes (key)) != 0)
    return FALSE;
  if (first)
    {
      memcpy (file_id, page + REFRAME_CRYPT_MAGIC_SIZE, REFRAME_CRYPT_FILE_ID_SIZE);
      memcpy (page, _reframe_crypt_sqlite_magic, sizeof _reframe_crypt_sqlite_magic);
    }
  memset (page + REFRAME_CRYPT_DATA_SIZE, 0, REFRAME_CRYPT_RESERVE);
  return TRUE;
}

/* Whether @page (page 1 as it lies on disk) opens under @key. */
gboolean
_reframe_crypt_page1_opens (ReframeCryptKey *key,
                            const guint8    *page)
{
  guint8   copy[REFRAME_CRYPT_PAGE_SIZE];
  guint8   file_id[REFRAME_CRYPT_FILE_ID_SIZE];
  gboolean ok;

  memcpy (copy, page, REFRAME_CRYPT_PAGE_SIZE);
  ok = _reframe_crypt_open_page (key, 'D', file_id, 1, 1, copy);
  sodium_memzero (copy, sizeof copy);
  return ok;
}

/* XORs @len bytes at @offset of a temporary file with its key stream (@key, @nonce):
 * block offset/64 of XChaCha20, starting inside a block where the offset is not aligned. */
void
_reframe_crypt_xor_stream (const guint8 *key,
                           const guint8 *nonce,
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

      crypto_stream_xchacha20_xor_ic (stream, stream, sizeof stream, nonce, block, key);
      for (gsize i = 0; i < n; i++)
        data[i] ^= stream[skip + i];
      sodium_memzero (stream, sizeof stream);
      data += n;
      len -= n;
      block++;
    }
  if (len > 0)
    crypto_stream_xchacha20_xor_ic (data, data, len, nonce, block, key);
}
