/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-archive-seal.c: the archive of an encrypted journal, encrypted with its key.
 *
 * An archive holds the whole journal, so the archive of an encrypted journal is
 * encrypted too (docs/archive-format.md, "Sealed archives"):
 *
 *   "REFRAME-SEALED-ARCHIVE 1\n"   the first line, so that a person who opens it sees what it is
 *   length (u32, little endian)    of the envelope that follows
 *   envelope                        the journal's key file as it was (JSON; no secret in clear)
 *   nonce (24 bytes)
 *   ciphertext and tag             XChaCha20-Poly1305 of the archive document
 *
 * The document's key is derived from the journal's data key (crypto_kdf, context
 * "rfarchiv"), and the first line, the length and the envelope are its associated data,
 * so none can be swapped. The archive opens with any key unlocked in this process (the
 * same journal's), or with the passphrase or recovery key of the envelope inside it, on
 * another computer too.
 */

#define G_LOG_DOMAIN "ReframeImport"

#include "config.h"

#include "reframe-i18n.h"
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>

#include "reframe-archive-seal.h"
#include "reframe-crypt-vfs.h"
#include "reframe-import.h"
#include "reframe-key-envelope.h"

#define SEAL_LINE      "REFRAME-SEALED-ARCHIVE 1\n"
#define SEAL_LINE_SIZE (sizeof SEAL_LINE - 1)
#define KDF_CONTEXT    "rfarchiv"
#define MAX_ENVELOPE   (64 * 1024)
#define NONCE_SIZE     crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAG_SIZE       crypto_aead_xchacha20poly1305_ietf_ABYTES

/* Keys given with reframe_archive_unlock_sealed(), for this process's life. */
static GMutex     archive_keys_lock;
static GPtrArray *archive_keys;

/**
 * reframe_archive_is_sealed:
 *
 * Returns: %TRUE when @bytes begin like a sealed archive
 */
gboolean
reframe_archive_is_sealed (const void *bytes,
                           gsize       length)
{
  return bytes != NULL && length >= SEAL_LINE_SIZE &&
         memcmp (bytes, SEAL_LINE, SEAL_LINE_SIZE) == 0;
}

static void
derive_document_key (ReframeCryptKey *key,
                     guint8          *out)
{
  crypto_kdf_derive_from_key (out,
                              crypto_aead_xchacha20poly1305_ietf_KEYBYTES,
                              1,
                              KDF_CONTEXT,
                              reframe_crypt_key_get_bytes (key));
}

/**
 * reframe_archive_seal:
 * @document: the archive document
 * @key: the journal's data key
 * @envelope: the journal's key file, as bytes
 *
 * Returns: (transfer full): the sealed archive
 */
GBytes *
reframe_archive_seal (GBytes          *document,
                      ReframeCryptKey *key,
                      GBytes          *envelope)
{
  gsize              doc_len = 0, env_len = 0;
  const guint8      *doc = g_bytes_get_data (document, &doc_len);
  const guint8      *env = g_bytes_get_data (envelope, &env_len);
  gsize              header_len = SEAL_LINE_SIZE + 4 + env_len;
  gsize              total = header_len + NONCE_SIZE + doc_len + TAG_SIZE;
  guint8            *out = g_malloc (total);
  guint8             sub[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
  guint8            *nonce = out + header_len;
  unsigned long long written = 0;

  g_return_val_if_fail (env_len <= MAX_ENVELOPE, NULL);
  memcpy (out, SEAL_LINE, SEAL_LINE_SIZE);
  out[SEAL_LINE_SIZE] = env_len & 0xff;
  out[SEAL_LINE_SIZE + 1] = (env_len >> 8) & 0xff;
  out[SEAL_LINE_SIZE + 2] = (env_len >> 16) & 0xff;
  out[SEAL_LINE_SIZE + 3] = (env_len >> 24) & 0xff;
  memcpy (out + SEAL_LINE_SIZE + 4, env, env_len);
  randombytes_buf (nonce, NONCE_SIZE);
  derive_document_key (key, sub);
  crypto_aead_xchacha20poly1305_ietf_encrypt (
      nonce + NONCE_SIZE, &written, doc, doc_len, out, header_len, NULL, nonce, sub);
  sodium_memzero (sub, sizeof sub);
  return g_bytes_new_take (out, header_len + NONCE_SIZE + written);
}

/* Splits a sealed archive into its parts; %FALSE when it is cut short. */
static gboolean
split_sealed (GBytes        *sealed,
              const guint8 **envelope,
              gsize         *envelope_len,
              gsize         *header_len)
{
  gsize         len = 0;
  const guint8 *data = g_bytes_get_data (sealed, &len);
  guint32       env_len;

  if (!reframe_archive_is_sealed (data, len) || len < SEAL_LINE_SIZE + 4)
    return FALSE;
  env_len = data[SEAL_LINE_SIZE] | data[SEAL_LINE_SIZE + 1] << 8 | data[SEAL_LINE_SIZE + 2] << 16 |
            (guint32) data[SEAL_LINE_SIZE + 3] << 24;
  if (env_len > MAX_ENVELOPE || len < SEAL_LINE_SIZE + 4 + env_len + NONCE_SIZE + TAG_SIZE)
    return FALSE;
  *envelope = data + SEAL_LINE_SIZE + 4;
  *envelope_len = env_len;
  *header_len = SEAL_LINE_SIZE + 4 + env_len;
  return TRUE;
}

static GBytes *
open_with (GBytes          *sealed,
           ReframeCryptKey *key)
{
  gsize              len = 0, env_len = 0, header_len = 0;
  const guint8      *data = g_bytes_get_data (sealed, &len);
  const guint8      *envelope = NULL;
  guint8             sub[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
  guint8            *out;
  unsigned long long out_len = 0;
  int                rc;

  if (!split_sealed (sealed, &envelope, &env_len, &header_len))
    return NULL;
  out = g_malloc (len - header_len - NONCE_SIZE + 1);
  derive_document_key (key, sub);
  rc = crypto_aead_xchacha20poly1305_ietf_decrypt (out,
                                                   &out_len,
                                                   NULL,
                                                   data + header_len + NONCE_SIZE,
                                                   len - header_len - NONCE_SIZE,
                                                   data,
                                                   header_len,
                                                   data + header_len,
                                                   sub);
  sodium_memzero (sub, sizeof sub);
  if (rc != 0)
    {
      g_free (out);
      return NULL;
    }
  out[out_len] = '\0';
  return g_bytes_new_take (out, out_len);
}

static GPtrArray *
dup_candidate_keys (void)
{
  GPtrArray *keys = reframe_crypt_vfs_dup_keys ();

  g_mutex_lock (&archive_keys_lock);
  for (guint i = 0; archive_keys != NULL && i < archive_keys->len; i++)
    g_ptr_array_add (keys, reframe_crypt_key_ref (archive_keys->pdata[i]));
  g_mutex_unlock (&archive_keys_lock);
  return keys;
}

/**
 * reframe_archive_open_sealed:
 * @sealed: a sealed archive
 * @error: %REFRAME_IMPORT_ERROR_ENCRYPTED when no key given to this process opens it,
 *   %REFRAME_IMPORT_ERROR_INVALID when it is damaged
 *
 * Returns: (transfer full) (nullable): the archive document
 */
GBytes *
reframe_archive_open_sealed (GBytes  *sealed,
                             GError **error)
{
  g_autoptr (GPtrArray) keys = NULL;
  const guint8 *envelope;
  gsize         env_len = 0, header_len = 0;

  if (!reframe_crypt_init (error))
    return NULL;
  if (!split_sealed (sealed, &envelope, &env_len, &header_len))
    {
      g_set_error_literal (
          error,
          REFRAME_IMPORT_ERROR,
          REFRAME_IMPORT_ERROR_INVALID,
          _ ("The encrypted archive is cut short or damaged, so it cannot be read."));
      return NULL;
    }
  keys = dup_candidate_keys ();
  for (guint i = 0; i < keys->len; i++)
    {
      GBytes *document = open_with (sealed, keys->pdata[i]);

      if (document != NULL)
        return document;
    }
  g_set_error_literal (error,
                       REFRAME_IMPORT_ERROR,
                       REFRAME_IMPORT_ERROR_ENCRYPTED,
                       _ ("This archive is encrypted with the key of another journal. Give the "
                          "passphrase or recovery key of the journal it was saved from."));
  return NULL;
}

/* The envelope inside the archive, read through a private temporary file: the envelope
 * reader takes files, and an envelope holds no secret in clear. */
static ReframeKeyEnvelope *
load_inner_envelope (GBytes  *sealed,
                     GError **error)
{
  const guint8       *envelope;
  gsize               env_len = 0, header_len = 0;
  g_autofree char    *path = NULL;
  ReframeKeyEnvelope *loaded;
  int                 fd;

  if (!split_sealed (sealed, &envelope, &env_len, &header_len))
    {
      g_set_error_literal (
          error,
          REFRAME_IMPORT_ERROR,
          REFRAME_IMPORT_ERROR_INVALID,
          _ ("The encrypted archive is cut short or damaged, so it cannot be read."));
      return NULL;
    }
  if ((fd = g_file_open_tmp ("reframe-archive-key-XXXXXX", &path, error)) < 0)
    return NULL;
  close (fd);
  loaded = g_file_set_contents_full (
               path, (const char *) envelope, env_len, G_FILE_SET_CONTENTS_NONE, 0600, error)
               ? reframe_key_envelope_load (path, error)
               : NULL;
  g_unlink (path);
  return loaded;
}

/**
 * reframe_archive_unlock_sealed:
 * @sealed: a sealed archive
 * @secret: the passphrase, or the recovery key, of the journal it was saved from
 * @error: a wrong passphrase or recovery key (REFRAME_KEY_ERROR)
 *
 * Unwraps the key of a sealed archive with its envelope, and keeps it in this process,
 * so that reading the archive (and others saved from the same journal) works. Takes
 * about half a second (Argon2id).
 *
 * Returns: %TRUE when the archive can be read now
 */
gboolean
reframe_archive_unlock_sealed (GBytes     *sealed,
                               const char *secret,
                               GError    **error)
{
  g_autoptr (ReframeKeyEnvelope) envelope = NULL;
  g_autoptr (GError) passphrase_error = NULL;
  g_autoptr (GBytes) document = NULL;
  ReframeCryptKey *key;

  if ((envelope = load_inner_envelope (sealed, error)) == NULL)
    return FALSE;
  key = reframe_key_envelope_unlock (envelope, secret, &passphrase_error);
  if (key == NULL && (key = reframe_key_envelope_unlock_recovery (envelope, secret, NULL)) == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&passphrase_error));
      return FALSE;
    }
  if ((document = open_with (sealed, key)) == NULL)
    {
      reframe_crypt_key_unref (key);
      g_set_error_literal (
          error,
          REFRAME_IMPORT_ERROR,
          REFRAME_IMPORT_ERROR_INVALID,
          _ ("The encrypted archive was changed or damaged, so it cannot be read."));
      return FALSE;
    }
  g_mutex_lock (&archive_keys_lock);
  if (archive_keys == NULL)
    archive_keys = g_ptr_array_new_with_free_func ((GDestroyNotify) reframe_crypt_key_unref);
  g_ptr_array_add (archive_keys, key);
  g_mutex_unlock (&archive_keys_lock);
  return TRUE;
}

/**
 * reframe_archive_forget_keys:
 *
 * Wipes the keys given with reframe_archive_unlock_sealed().
 */
void
reframe_archive_forget_keys (void)
{
  g_mutex_lock (&archive_keys_lock);
  g_clear_pointer (&archive_keys, g_ptr_array_unref);
  g_mutex_unlock (&archive_keys_lock);
}
