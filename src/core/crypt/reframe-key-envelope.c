/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-key-envelope.c: the journal's data key, wrapped once per way in. */

#define G_LOG_DOMAIN "ReframeKeyEnvelope"

#include "config.h"

#include "reframe-i18n.h"
#include <libsecret/secret.h>
#include <string.h>
#include <unistd.h>

#include "reframe-key-envelope-private.h"

/* crypto_kdf contexts: exactly eight characters each. */
#define RECOVERY_KDF_CONTEXT "RfRecovK"
#define LOGIN_KDF_CONTEXT    "RfLoginK"
#define LOGIN_KDF_SUBKEY_ID  1

/* Calibration: about half a second, memory first (to 256 MiB and at most a quarter of
 * the machine's), then passes; never below INTERACTIVE. */
#define CALIBRATION_TARGET_USEC   (G_USEC_PER_SEC / 2)
#define CALIBRATION_MAX_MEMLIMIT  crypto_pwhash_argon2id_MEMLIMIT_MODERATE
#define CALIBRATION_MAX_OPSLIMIT  16
#define CALIBRATION_MEMLIMIT_STEP (1024 * 1024)

#define RECOVERY_DATA_CHARS  52 /* 256 bits in base32, the last character 1 bit + 4 zero bits */
#define RECOVERY_CHECK_CHARS 4
#define RECOVERY_CHARS       (RECOVERY_DATA_CHARS + RECOVERY_CHECK_CHARS)
#define RECOVERY_GROUP_CHARS 4

static const char base32_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/* 32 secret bytes (a KEK, a recovery key, the login secret, an unwrapped data key) in
 * libsodium's guarded memory, wiped when freed. */
typedef struct
{
  guint8 bytes[REFRAME_CRYPT_KEY_SIZE];
} KeyBytes;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KeyBytes, sodium_free)

struct _ReframeKeyEnvelope
{
  GObject parent_instance;

  ReframeKeyEnvelopeContents contents;
};

G_DEFINE_FINAL_TYPE (ReframeKeyEnvelope, reframe_key_envelope, G_TYPE_OBJECT)

static gint use_test_limits;

GQuark
reframe_key_error_quark (void)
{
  return g_quark_from_static_string ("reframe-key-error-quark");
}

/* The crypt layer's own error, in this domain. */
static gboolean
init_crypt (GError **error)
{
  g_autoptr (GError) local_error = NULL;

  if (reframe_crypt_init (&local_error))
    return TRUE;
  g_set_error_literal (error, REFRAME_KEY_ERROR, REFRAME_KEY_ERROR_FAILED, local_error->message);
  return FALSE;
}

/* Secrets in memory */

static KeyBytes *
key_bytes_new (void)
{
  KeyBytes *key = sodium_malloc (sizeof (KeyBytes));

  if (key == NULL)
    g_error ("no memory for a key");
  return key;
}

/* Binds a wrapped key to this envelope and this way in: a protector copied from another
 * envelope, or moved to another kind, does not open. */
static gsize
build_ad (const char    *id,
          ReframeKeyKind kind,
          char          *ad,
          gsize          size)
{
  int length = g_snprintf (ad,
                           size,
                           "%s\n%d\n%s\n%s",
                           REFRAME_KEY_ENVELOPE_FORMAT,
                           REFRAME_KEY_ENVELOPE_VERSION,
                           id,
                           _reframe_key_kind_get_name (kind));

  g_assert (length > 0 && (gsize) length < size);
  return length;
}

/* Fills @protector's nonce and wrapped key; its salt and limits are the caller's. */
static void
wrap_key (const char          *id,
          ReframeKeyKind       kind,
          const guint8        *kek,
          ReframeCryptKey     *data_key,
          ReframeKeyProtector *protector)
{
  char  ad[128];
  gsize ad_length = build_ad (id, kind, ad, sizeof ad);

  randombytes_buf (protector->nonce, REFRAME_KEY_NONCE_BYTES);
  crypto_aead_xchacha20poly1305_ietf_encrypt (protector->wrapped,
                                              NULL,
                                              reframe_crypt_key_get_bytes (data_key),
                                              REFRAME_CRYPT_KEY_SIZE,
                                              (const guint8 *) ad,
                                              ad_length,
                                              NULL,
                                              protector->nonce,
                                              kek);
  protector->present = TRUE;
}

/* A keyed hash of the data key: lets a change refuse a key that is not this journal's,
 * and says nothing about the key itself. */
static void
compute_check (const char      *id,
               ReframeCryptKey *data_key,
               guint8          *check)
{
  g_autofree char *message =
      g_strconcat (REFRAME_KEY_ENVELOPE_FORMAT " data key check\n", id, NULL);

  crypto_generichash (check,
                      REFRAME_KEY_CHECK_BYTES,
                      (const guint8 *) message,
                      strlen (message),
                      reframe_crypt_key_get_bytes (data_key),
                      REFRAME_CRYPT_KEY_SIZE);
}

static gboolean
check_data_key (ReframeKeyEnvelope *self,
                ReframeCryptKey    *data_key,
                GError            **error)
{
  guint8 check[REFRAME_KEY_CHECK_BYTES];

  compute_check (self->contents.id, data_key, check);
  if (sodium_memcmp (check, self->contents.check, REFRAME_KEY_CHECK_BYTES) == 0)
    return TRUE;
  g_set_error_literal (error,
                       REFRAME_KEY_ERROR,
                       REFRAME_KEY_ERROR_FAILED,
                       _ ("This key does not belong to this journal, so nothing was changed."));
  return FALSE;
}

/*
 * Returns: (transfer full) (nullable): the data key; %NULL with @error unset when @kek
 * does not open the protector (a wrong passphrase, say), with @error set when the file
 * contradicts itself.
 */
static ReframeCryptKey *
unwrap_key (ReframeKeyEnvelope *self,
            ReframeKeyKind      kind,
            const guint8       *kek,
            GError            **error)
{
  const ReframeKeyProtector *protector = &self->contents.protectors[kind];
  g_autoptr (KeyBytes) plain = key_bytes_new ();
  g_autoptr (ReframeCryptKey) key = NULL;
  char   ad[128];
  gsize  ad_length = build_ad (self->contents.id, kind, ad, sizeof ad);
  guint8 check[REFRAME_KEY_CHECK_BYTES];

  if (!protector->present || crypto_aead_xchacha20poly1305_ietf_decrypt (plain->bytes,
                                                                         NULL,
                                                                         NULL,
                                                                         protector->wrapped,
                                                                         REFRAME_KEY_WRAPPED_BYTES,
                                                                         (const guint8 *) ad,
                                                                         ad_length,
                                                                         protector->nonce,
                                                                         kek) != 0)
    return NULL;
  key = reframe_crypt_key_new_from_bytes (plain->bytes);
  compute_check (self->contents.id, key, check);
  if (sodium_memcmp (check, self->contents.check, REFRAME_KEY_CHECK_BYTES) != 0)
    {
      _reframe_key_envelope_set_malformed (error);
      return NULL;
    }
  return g_steal_pointer (&key);
}

/* Passphrase */

static guint64
get_physical_memory (void)
{
  long pages = sysconf (_SC_PHYS_PAGES);
  long page_size = sysconf (_SC_PAGESIZE);

  return pages > 0 && page_size > 0 ? (guint64) pages * (guint64) page_size : 0;
}

/* Chooses limits from one hash at INTERACTIVE: memory up to its cap first (harder on
 * guessing hardware than passes), then passes, for about CALIBRATION_TARGET_USEC. */
static void
calibrate (guint64 *opslimit,
           guint64 *memlimit)
{
  static const char sample[] = "calibration";
  guint8            out[32], salt[REFRAME_KEY_PASSPHRASE_SALT_BYTES];
  guint64           memory_cap = MIN (CALIBRATION_MAX_MEMLIMIT, get_physical_memory () / 4);
  gint64            start, elapsed;
  double            factor;
  int               rc;

  *opslimit = crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE;
  *memlimit = crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE;
  randombytes_buf (salt, sizeof salt);
  start = g_get_monotonic_time ();
  rc = crypto_pwhash (out,
                      sizeof out,
                      sample,
                      strlen (sample),
                      salt,
                      *opslimit,
                      *memlimit,
                      crypto_pwhash_ALG_ARGON2ID13);
  elapsed = MAX (g_get_monotonic_time () - start, 1);
  sodium_memzero (out, sizeof out);
  if (rc != 0 || elapsed >= CALIBRATION_TARGET_USEC)
    return;

  factor = (double) CALIBRATION_TARGET_USEC / (double) elapsed;
  if (memory_cap > *memlimit)
    {
      double  memory = MIN ((double) *memlimit * factor, (double) memory_cap);
      guint64 rounded = (guint64) memory / CALIBRATION_MEMLIMIT_STEP * CALIBRATION_MEMLIMIT_STEP;

      rounded = MAX (rounded, crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE);
      factor *= (double) *memlimit / (double) rounded;
      *memlimit = rounded;
    }
  *opslimit = CLAMP ((guint64) ((double) *opslimit * factor + 0.5),
                     crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE,
                     CALIBRATION_MAX_OPSLIMIT);
  g_debug ("Argon2id at INTERACTIVE took %.3f s here; chose %" G_GUINT64_FORMAT
           " passes over %" G_GUINT64_FORMAT " MiB",
           elapsed / (double) G_USEC_PER_SEC,
           *opslimit,
           *memlimit / (1024 * 1024));
}

/* The same passphrase typed on another keyboard or input method may come in another
 * Unicode form: NFC makes them one. */
static gboolean
derive_passphrase_kek (const char                *passphrase,
                       const ReframeKeyProtector *protector,
                       guint8                    *kek,
                       GError                   **error)
{
  char       *normalised = g_utf8_validate (passphrase, -1, NULL)
                               ? g_utf8_normalize (passphrase, -1, G_NORMALIZE_NFC)
                               : NULL;
  const char *input = normalised != NULL ? normalised : passphrase;
  int         rc;

  rc = crypto_pwhash (kek,
                      REFRAME_CRYPT_KEY_SIZE,
                      input,
                      strlen (input),
                      protector->salt,
                      protector->opslimit,
                      (size_t) protector->memlimit,
                      crypto_pwhash_ALG_ARGON2ID13);
  if (normalised != NULL)
    {
      sodium_memzero (normalised, strlen (normalised));
      g_free (normalised);
    }
  if (rc == 0)
    return TRUE;
  g_set_error_literal (error,
                       REFRAME_KEY_ERROR,
                       REFRAME_KEY_ERROR_FAILED,
                       _ ("There is not enough free memory to check the passphrase. Close some "
                          "other programs and try again."));
  return FALSE;
}

static gboolean
set_passphrase_protector (ReframeKeyEnvelope *self,
                          ReframeCryptKey    *data_key,
                          const char         *passphrase,
                          GError            **error)
{
  g_autoptr (KeyBytes) kek = key_bytes_new ();
  ReframeKeyProtector protector = { 0 };
  gint64              start;

  if (g_atomic_int_get (&use_test_limits))
    {
      protector.opslimit = crypto_pwhash_argon2id_OPSLIMIT_MIN;
      protector.memlimit = crypto_pwhash_argon2id_MEMLIMIT_MIN;
    }
  else
    calibrate (&protector.opslimit, &protector.memlimit);
  randombytes_buf (protector.salt, REFRAME_KEY_PASSPHRASE_SALT_BYTES);
  start = g_get_monotonic_time ();
  if (!derive_passphrase_kek (passphrase, &protector, kek->bytes, error))
    return FALSE;
  g_debug ("Argon2id with the chosen limits took %.3f s",
           (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
  wrap_key (self->contents.id, REFRAME_KEY_KIND_PASSPHRASE, kek->bytes, data_key, &protector);
  self->contents.protectors[REFRAME_KEY_KIND_PASSPHRASE] = protector;
  return TRUE;
}

/* Recovery key */

static void
encode_base32 (const guint8 *data,
               gsize         length,
               char         *out)
{
  guint32 buffer = 0;
  guint   bits = 0;
  gsize   n = 0;

  for (gsize i = 0; i < length; i++)
    {
      buffer = (buffer << 8) | data[i];
      bits += 8;
      while (bits >= 5)
        {
          out[n++] = base32_alphabet[(buffer >> (bits - 5)) & 31];
          bits -= 5;
        }
    }
  if (bits > 0)
    out[n++] = base32_alphabet[(buffer << (5 - bits)) & 31];
}

/* The last group: 20 bits of a hash of the key, so that a typing mistake is caught
 * before it is taken for another key. */
static void
compute_recovery_check (const guint8 *recovery,
                        char         *out)
{
  static const char context[] = "reframe recovery key check";
  guint8            hash[16];
  char              encoded[26];

  crypto_generichash (hash,
                      sizeof hash,
                      recovery,
                      REFRAME_CRYPT_KEY_SIZE,
                      (const guint8 *) context,
                      strlen (context));
  encode_base32 (hash, sizeof hash, encoded);
  memcpy (out, encoded, RECOVERY_CHECK_CHARS);
}

/* Returns: (transfer full): @recovery as "ABCD-EFGH-…", 14 groups of four */
static char *
format_recovery_key (const guint8 *recovery)
{
  char     chars[RECOVERY_CHARS];
  GString *text = g_string_sized_new (RECOVERY_CHARS + RECOVERY_CHARS / RECOVERY_GROUP_CHARS);

  encode_base32 (recovery, REFRAME_CRYPT_KEY_SIZE, chars);
  compute_recovery_check (recovery, chars + RECOVERY_DATA_CHARS);
  for (guint i = 0; i < RECOVERY_CHARS; i += RECOVERY_GROUP_CHARS)
    {
      if (i > 0)
        g_string_append_c (text, '-');
      g_string_append_len (text, chars + i, RECOVERY_GROUP_CHARS);
    }
  sodium_memzero (chars, sizeof chars);
  return g_string_free (text, FALSE);
}

/* Collects the key's characters: any case, with spaces, dashes and line breaks ignored,
 * and the digits 0, 1 and 8 (not in the alphabet) read as the letters O, I and B. */
static gboolean
collect_recovery_chars (const char *text,
                        char       *chars)
{
  gsize n = 0;

  for (const char *p = text; *p != '\0'; p++)
    {
      char c = g_ascii_toupper (*p);

      if (c == '-' || g_ascii_isspace (c))
        continue;
      if (c == '0')
        c = 'O';
      else if (c == '1')
        c = 'I';
      else if (c == '8')
        c = 'B';
      if (n == RECOVERY_CHARS || strchr (base32_alphabet, c) == NULL)
        return FALSE;
      chars[n++] = c;
    }
  return n == RECOVERY_CHARS;
}

static gboolean
decode_recovery_chars (const char *chars,
                       guint8     *recovery)
{
  char    check[RECOVERY_CHECK_CHARS];
  guint32 buffer = 0;
  guint   bits = 0;
  gsize   n = 0;

  for (guint i = 0; i < RECOVERY_DATA_CHARS; i++)
    {
      buffer = (buffer << 5) | (guint32) (strchr (base32_alphabet, chars[i]) - base32_alphabet);
      bits += 5;
      if (bits >= 8)
        {
          recovery[n++] = (guint8) (buffer >> (bits - 8));
          bits -= 8;
          buffer &= (1u << bits) - 1;
        }
    }
  g_assert (n == REFRAME_CRYPT_KEY_SIZE && bits == 4);
  if (buffer != 0)
    return FALSE;
  compute_recovery_check (recovery, check);
  return sodium_memcmp (check, chars + RECOVERY_DATA_CHARS, RECOVERY_CHECK_CHARS) == 0;
}

static gboolean
parse_recovery_key (const char *text,
                    guint8     *recovery)
{
  char     chars[RECOVERY_CHARS];
  gboolean ok = collect_recovery_chars (text, chars) && decode_recovery_chars (chars, recovery);

  sodium_memzero (chars, sizeof chars);
  return ok;
}

static void
derive_recovery_kek (const guint8 *recovery,
                     const guint8 *salt,
                     guint8       *kek)
{
  guint64 subkey_id;

  memcpy (&subkey_id, salt, REFRAME_KEY_RECOVERY_SALT_BYTES);
  crypto_kdf_derive_from_key (
      kek, REFRAME_CRYPT_KEY_SIZE, GUINT64_FROM_LE (subkey_id), RECOVERY_KDF_CONTEXT, recovery);
}

/* Returns: (transfer full): the new recovery key, as shown to the person */
static char *
set_recovery_protector (ReframeKeyEnvelope *self,
                        ReframeCryptKey    *data_key)
{
  g_autoptr (KeyBytes) recovery = key_bytes_new ();
  g_autoptr (KeyBytes) kek = key_bytes_new ();
  ReframeKeyProtector protector = { 0 };

  randombytes_buf (recovery->bytes, REFRAME_CRYPT_KEY_SIZE);
  randombytes_buf (protector.salt, REFRAME_KEY_RECOVERY_SALT_BYTES);
  derive_recovery_kek (recovery->bytes, protector.salt, kek->bytes);
  wrap_key (self->contents.id, REFRAME_KEY_KIND_RECOVERY, kek->bytes, data_key, &protector);
  self->contents.protectors[REFRAME_KEY_KIND_RECOVERY] = protector;
  return format_recovery_key (recovery->bytes);
}

/* Login keyring */

static const SecretSchema *
get_login_schema (void)
{
  static const SecretSchema schema = {
    REFRAME_KEY_ENVELOPE_SCHEMA_NAME,
    SECRET_SCHEMA_NONE,
    {
        { "envelope", SECRET_SCHEMA_ATTRIBUTE_STRING },
        { NULL, 0 },
    },
  };

  return &schema;
}

static GHashTable *
build_login_attributes (ReframeKeyEnvelope *self)
{
  return secret_attributes_build (get_login_schema (), "envelope", self->contents.id, NULL);
}

static void
derive_login_kek (const guint8 *secret,
                  guint8       *kek)
{
  crypto_kdf_derive_from_key (
      kek, REFRAME_CRYPT_KEY_SIZE, LOGIN_KDF_SUBKEY_ID, LOGIN_KDF_CONTEXT, secret);
}

static void
propagate_keyring_error (GError  *keyring_error,
                         GError **error)
{
  if (g_error_matches (keyring_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, keyring_error);
  else
    {
      g_set_error (error,
                   REFRAME_KEY_ERROR,
                   REFRAME_KEY_ERROR_FAILED,
                   _ ("The login keyring could not be used (%s). Check that a keyring service such "
                      "as GNOME Keyring is running, then try again."),
                   keyring_error->message);
      g_error_free (keyring_error);
    }
}

/* A search that loads the secret rather than secret_password_lookup*(): libsecret
 * 0.20.5 leaks the D-Bus reply of every lookup that finds an item (reframe-api-keys.c).
 * Returns: (transfer full) (nullable): the secret, %NULL when there is none or on error */
static SecretValue *
lookup_login_secret (ReframeKeyEnvelope *self,
                     GCancellable       *cancellable,
                     GError            **error)
{
  g_autoptr (GHashTable) attributes = build_login_attributes (self);
  GList       *items = secret_service_search_sync (NULL,
                                             get_login_schema (),
                                             attributes,
                                             SECRET_SEARCH_UNLOCK | SECRET_SEARCH_LOAD_SECRETS,
                                             cancellable,
                                             error);
  SecretValue *value = items != NULL ? secret_item_get_secret (items->data) : NULL;

  g_list_free_full (items, g_object_unref);
  return value;
}

/* GObject */

static void
reframe_key_envelope_class_init (ReframeKeyEnvelopeClass *klass)
{
}

static void
reframe_key_envelope_init (ReframeKeyEnvelope *self)
{
}

/* Public API */

/**
 * reframe_key_envelope_new:
 * @data_key: the journal's data key
 * @passphrase: the passphrase that will unlock the journal (not empty)
 * @recovery_key: (out) (transfer full): the recovery key, to show once and then free
 * @error: return location for an error
 *
 * Makes an envelope with a fresh id, the data key wrapped under @passphrase and under a
 * new recovery key. Argon2id's limits are calibrated on this machine (about half a
 * second, from INTERACTIVE up to 256 MiB, then more passes), so this takes about a
 * second. Nothing is written: call reframe_key_envelope_save().
 *
 * Returns: (transfer full) (nullable): the envelope, or %NULL with @error set (there was
 *   not enough memory for Argon2id)
 */
ReframeKeyEnvelope *
reframe_key_envelope_new (ReframeCryptKey *data_key,
                          const char      *passphrase,
                          char           **recovery_key,
                          GError         **error)
{
  g_autoptr (ReframeKeyEnvelope) self = NULL;
  guint8 id[REFRAME_KEY_ENVELOPE_ID_BYTES];

  g_return_val_if_fail (data_key != NULL, NULL);
  g_return_val_if_fail (passphrase != NULL && *passphrase != '\0', NULL);
  g_return_val_if_fail (recovery_key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!init_crypt (error))
    return NULL;
  self = g_object_new (REFRAME_TYPE_KEY_ENVELOPE, NULL);
  randombytes_buf (id, sizeof id);
  sodium_bin2hex (self->contents.id, sizeof self->contents.id, id, sizeof id);
  compute_check (self->contents.id, data_key, self->contents.check);
  if (!set_passphrase_protector (self, data_key, passphrase, error))
    return NULL;
  *recovery_key = set_recovery_protector (self, data_key);
  return g_steal_pointer (&self);
}

/**
 * reframe_key_envelope_load:
 * @path: the envelope file
 * @error: return location for an error
 *
 * Reads and checks an envelope: its format, version, id, and every protector's fields,
 * lengths and Argon2id limits (capped, so that a damaged file cannot make an unlock take
 * more than 1 GiB, or more than about half a minute here). Temporary files a killed save
 * left beside it are ignored.
 *
 * Returns: (transfer full) (nullable): the envelope, or %NULL with %REFRAME_KEY_ERROR_MALFORMED
 *   (damaged, or not an envelope), %REFRAME_KEY_ERROR_TOO_NEW or %REFRAME_KEY_ERROR_FAILED
 *   (could not be read)
 */
ReframeKeyEnvelope *
reframe_key_envelope_load (const char *path,
                           GError    **error)
{
  g_autoptr (ReframeKeyEnvelope) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!init_crypt (error))
    return NULL;
  self = g_object_new (REFRAME_TYPE_KEY_ENVELOPE, NULL);
  if (!_reframe_key_envelope_contents_read (&self->contents, path, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * reframe_key_envelope_save:
 * @self: a #ReframeKeyEnvelope
 * @path: where to write it
 * @error: return location for an error
 *
 * Writes the envelope atomically: a temporary file in the same folder (mode 0600),
 * flushed to the disk, renamed over @path, then the folder flushed. A crash at any
 * moment leaves either the old envelope or the new one, whole; the next save clears
 * the temporary file a killed one left.
 *
 * Returns: %TRUE when written; otherwise %FALSE with %REFRAME_KEY_ERROR_FAILED, and the
 *   file at @path is as it was
 */
gboolean
reframe_key_envelope_save (ReframeKeyEnvelope *self,
                           const char         *path,
                           GError            **error)
{
  g_return_val_if_fail (REFRAME_IS_KEY_ENVELOPE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return _reframe_key_envelope_contents_write (&self->contents, path, error);
}

/**
 * reframe_key_envelope_get_id:
 * @self: a #ReframeKeyEnvelope
 *
 * Returns: the envelope's id, 32 lowercase hexadecimal digits, fixed when it was made
 */
const char *
reframe_key_envelope_get_id (ReframeKeyEnvelope *self)
{
  g_return_val_if_fail (REFRAME_IS_KEY_ENVELOPE (self), NULL);
  return self->contents.id;
}

/**
 * reframe_key_envelope_unlock:
 * @self: a #ReframeKeyEnvelope
 * @passphrase: the passphrase as typed (compared in Unicode's NFC form)
 * @error: return location for an error
 *
 * Derives the key-encryption key with the Argon2id limits stored in the envelope and
 * unwraps the data key. Retries are not delayed here: that is the caller's.
 *
 * Returns: (transfer full) (nullable): the data key, or %NULL with
 *   %REFRAME_KEY_ERROR_WRONG_PASSPHRASE, or %REFRAME_KEY_ERROR_FAILED when there was not
 *   enough memory
 */
ReframeCryptKey *
reframe_key_envelope_unlock (ReframeKeyEnvelope *self,
                             const char         *passphrase,
                             GError            **error)
{
  g_autoptr (KeyBytes) kek = NULL;
  GError          *local_error = NULL;
  ReframeCryptKey *key;

  g_return_val_if_fail (REFRAME_IS_KEY_ENVELOPE (self), NULL);
  g_return_val_if_fail (passphrase != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  kek = key_bytes_new ();
  if (!derive_passphrase_kek (
          passphrase, &self->contents.protectors[REFRAME_KEY_KIND_PASSPHRASE], kek->bytes, error))
    return NULL;
  key = unwrap_key (self, REFRAME_KEY_KIND_PASSPHRASE, kek->bytes, &local_error);
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  else if (key == NULL)
    g_set_error_literal (error,
                         REFRAME_KEY_ERROR,
                         REFRAME_KEY_ERROR_WRONG_PASSPHRASE,
                         _ ("The passphrase does not open this journal. Check it and try again."));
  return key;
}

/**
 * reframe_key_envelope_unlock_recovery:
 * @self: a #ReframeKeyEnvelope
 * @recovery_key: the recovery key as typed: any case, spaces, dashes and line breaks are
 *   ignored
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the data key, or %NULL with
 *   %REFRAME_KEY_ERROR_BAD_RECOVERY_KEY (a typing mistake: not a recovery key at all) or
 *   %REFRAME_KEY_ERROR_WRONG_RECOVERY_KEY (a recovery key, but not this journal's, or one
 *   that has been replaced)
 */
ReframeCryptKey *
reframe_key_envelope_unlock_recovery (ReframeKeyEnvelope *self,
                                      const char         *recovery_key,
                                      GError            **error)
{
  g_autoptr (KeyBytes) recovery = NULL;
  g_autoptr (KeyBytes) kek = NULL;
  GError          *local_error = NULL;
  ReframeCryptKey *key;

  g_return_val_if_fail (REFRAME_IS_KEY_ENVELOPE (self), NULL);
  g_return_val_if_fail (recovery_key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  recovery = key_bytes_new ();
  if (!parse_recovery_key (recovery_key, recovery->bytes))
    {
      g_set_error_literal (error,
                           REFRAME_KEY_ERROR,
                           REFRAME_KEY_ERROR_BAD_RECOVERY_KEY,
                           _ ("This is not a recovery key: a character may be missing or mistyped. "
                              "Check each group against the one you kept and try again."));
      return NULL;
    }
  kek = key_bytes_new ();
  derive_recovery_kek (
      recovery->bytes, self->contents.protectors[REFRAME_KEY_KIND_RECOVERY].salt, kek->bytes);
  key = unwrap_key (self, REFRAME_KEY_KIND_RECOVERY, kek->bytes, &local_error);
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  else if (key == NULL)
    g_set_error_literal (error,
                         REFRAME_KEY_ERROR,
                         REFRAME_KEY_ERROR_WRONG_RECOVERY_KEY,
                         _ ("This recovery key does not open this journal. It may belong to "
                            "another journal, or a newer recovery key may have replaced it."));
  return key;
}

/**
 * reframe_key_envelope_set_passphrase:
 * @self: a #ReframeKeyEnvelope
 * @data_key: the journal's data key (from an unlock)
 * @passphrase: the new passphrase (not empty)
 * @error: return location for an error
 *
 * Wraps the data key under @passphrase, with a new salt and newly calibrated limits, in
 * place of the old passphrase. The recovery key and the login keep working. Save
 * afterwards.
 *
 * Returns: %TRUE when changed; %FALSE with %REFRAME_KEY_ERROR_FAILED when @data_key is
 *   not this envelope's or memory ran short, leaving the envelope as it was
 */
gboolean
reframe_key_envelope_set_passphrase (ReframeKeyEnvelope *self,
                                     ReframeCryptKey    *data_key,
                                     const char         *passphrase,
                                     GError            **error)
{
  g_return_val_if_fail (REFRAME_IS_KEY_ENVELOPE (self), FALSE);
  g_return_val_if_fail (data_key != NULL, FALSE);
  g_return_val_if_fail (passphrase != NULL && *passphrase != '\0', FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return check_data_key (self, data_key, error) &&
         set_passphrase_protector (self, data_key, passphrase, error);
}

/**
 * reframe_key_envelope_reset_recovery:
 * @self: a #ReframeKeyEnvelope
 * @data_key: the journal's data key (from an unlock)
 * @error: return location for an error
 *
 * Replaces the recovery key: once saved, the old one opens nothing. Save afterwards.
 *
 * Returns: (transfer full) (nullable): the new recovery key, to show once and then
 *   free; %NULL with %REFRAME_KEY_ERROR_FAILED when @data_key is not this envelope's
 */
char *
reframe_key_envelope_reset_recovery (ReframeKeyEnvelope *self,
                                     ReframeCryptKey    *data_key,
                                     GError            **error)
{
  g_return_val_if_fail (REFRAME_IS_KEY_ENVELOPE (self), NULL);
  g_return_val_if_fail (data_key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_data_key (self, data_key, error))
    return NULL;
  return set_recovery_protector (self, data_key);
}

/**
 * reframe_key_envelope_has_login:
 * @self: a #ReframeKeyEnvelope
 *
 * Returns: whether the envelope has a protector for unlocking with the login keyring
 *   (the keyring may still have lost its item)
 */
gboolean
reframe_key_envelope_has_login (ReframeKeyEnvelope *self)
{
  g_return_val_if_fail (REFRAME_IS_KEY_ENVELOPE (self), FALSE);
  return self->contents.protectors[REFRAME_KEY_KIND_LOGIN].present;
}

/**
 * reframe_key_envelope_enable_login:
 * @self: a #ReframeKeyEnvelope
 * @data_key: the journal's data key (from an unlock)
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * Stores a new random secret in the default collection of the keyring (labelled
 * "Reframe journal key", with the envelope's id as attribute; any earlier one for this
 * envelope is replaced) and wraps the data key under a key derived from it. Anyone who
 * can use the unlocked login keyring can then open the journal: the caller warns first.
 * The keyring changes at once; save the envelope afterwards.
 *
 * Returns: %TRUE when enabled; %FALSE with %REFRAME_KEY_ERROR_FAILED (no keyring, or
 *   @data_key is not this envelope's) or %G_IO_ERROR_CANCELLED, leaving the envelope as
 *   it was
 */
gboolean
reframe_key_envelope_enable_login (ReframeKeyEnvelope *self,
                                   ReframeCryptKey    *data_key,
                                   GCancellable       *cancellable,
                                   GError            **error)
{
  g_autoptr (KeyBytes) secret = NULL;
  g_autoptr (KeyBytes) kek = NULL;
  g_autoptr (GHashTable) attributes = NULL;
  GError             *keyring_error = NULL;
  SecretValue        *value;
  ReframeKeyProtector protector = { 0 };
  gboolean            stored;

  g_return_val_if_fail (REFRAME_IS_KEY_ENVELOPE (self), FALSE);
  g_return_val_if_fail (data_key != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_data_key (self, data_key, error))
    return FALSE;
  secret = key_bytes_new ();
  randombytes_buf (secret->bytes, REFRAME_CRYPT_KEY_SIZE);
  /* libsecret copies it into its own non-pageable memory. */
  value = secret_value_new (
      (const char *) secret->bytes, REFRAME_CRYPT_KEY_SIZE, "application/octet-stream");
  attributes = build_login_attributes (self);
  /* Translators: the name of the journal's key in the keyring (Passwords and Keys) */
  stored = secret_password_storev_binary_sync (get_login_schema (),
                                               attributes,
                                               SECRET_COLLECTION_DEFAULT,
                                               _ ("Reframe journal key"),
                                               value,
                                               cancellable,
                                               &keyring_error);
  secret_value_unref (value);
  if (!stored)
    {
      propagate_keyring_error (keyring_error, error);
      return FALSE;
    }
  kek = key_bytes_new ();
  derive_login_kek (secret->bytes, kek->bytes);
  wrap_key (self->contents.id, REFRAME_KEY_KIND_LOGIN, kek->bytes, data_key, &protector);
  self->contents.protectors[REFRAME_KEY_KIND_LOGIN] = protector;
  return TRUE;
}

/**
 * reframe_key_envelope_unlock_login:
 * @self: a #ReframeKeyEnvelope
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * Looks up the envelope's secret in the keyring (a locked keyring asks its owner to
 * unlock it, which may take as long as the person needs) and unwraps the data key.
 *
 * Returns: (transfer full) (nullable): the data key, or %NULL with
 *   %REFRAME_KEY_ERROR_NO_LOGIN_KEY (not enabled, no item, or an item that does not open
 *   this envelope), %REFRAME_KEY_ERROR_FAILED (no keyring) or %G_IO_ERROR_CANCELLED
 */
ReframeCryptKey *
reframe_key_envelope_unlock_login (ReframeKeyEnvelope *self,
                                   GCancellable       *cancellable,
                                   GError            **error)
{
  g_autoptr (KeyBytes) kek = NULL;
  GError          *local_error = NULL;
  SecretValue     *value;
  const guint8    *secret;
  gsize            length = 0;
  ReframeCryptKey *key = NULL;

  g_return_val_if_fail (REFRAME_IS_KEY_ENVELOPE (self), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!self->contents.protectors[REFRAME_KEY_KIND_LOGIN].present)
    {
      g_set_error_literal (
          error,
          REFRAME_KEY_ERROR,
          REFRAME_KEY_ERROR_NO_LOGIN_KEY,
          _ ("Unlocking with your login is not turned on for this journal. Use the passphrase."));
      return NULL;
    }
  value = lookup_login_secret (self, cancellable, &local_error);
  if (local_error != NULL)
    {
      propagate_keyring_error (local_error, error);
      return NULL;
    }
  secret = value != NULL ? (const guint8 *) secret_value_get (value, &length) : NULL;
  if (secret != NULL && length == REFRAME_CRYPT_KEY_SIZE)
    {
      kek = key_bytes_new ();
      derive_login_kek (secret, kek->bytes);
      key = unwrap_key (self, REFRAME_KEY_KIND_LOGIN, kek->bytes, &local_error);
    }
  g_clear_pointer (&value, secret_value_unref);
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  else if (key == NULL)
    g_set_error_literal (
        error,
        REFRAME_KEY_ERROR,
        REFRAME_KEY_ERROR_NO_LOGIN_KEY,
        _ ("The login keyring holds no key that opens this journal. Use the passphrase, then turn "
           "on unlocking with your login again if you like."));
  return key;
}

/**
 * reframe_key_envelope_disable_login:
 * @self: a #ReframeKeyEnvelope
 * @cancellable: (nullable): a #GCancellable
 *
 * Drops the login protector and removes the envelope's item from the keyring (also when
 * the protector was already gone). The keyring changes at once; save the envelope
 * afterwards. A keyring that cannot be reached is not an error: once the envelope is
 * saved without the protector, the item opens nothing.
 */
void
reframe_key_envelope_disable_login (ReframeKeyEnvelope *self,
                                    GCancellable       *cancellable)
{
  g_autoptr (GHashTable) attributes = NULL;
  g_autoptr (GError) error = NULL;

  g_return_if_fail (REFRAME_IS_KEY_ENVELOPE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  memset (&self->contents.protectors[REFRAME_KEY_KIND_LOGIN], 0, sizeof (ReframeKeyProtector));
  attributes = build_login_attributes (self);
  if (!secret_password_clearv_sync (get_login_schema (), attributes, cancellable, &error) &&
      error != NULL)
    g_debug ("The login keyring did not remove the journal key: %s", error->message);
}

void
_reframe_key_envelope_use_test_limits (void)
{
  g_atomic_int_set (&use_test_limits, TRUE);
}
