/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-key-envelope-private.h: what an envelope holds, shared by the keys
 * (reframe-key-envelope.c) and the file format (reframe-key-envelope-file.c). */

#pragma once

#include <sodium.h>

#include "reframe-key-envelope.h"

G_BEGIN_DECLS

#define REFRAME_KEY_ENVELOPE_FORMAT  "reframe-key-envelope"
#define REFRAME_KEY_ENVELOPE_VERSION 1

#define REFRAME_KEY_ENVELOPE_ID_BYTES     16
#define REFRAME_KEY_ENVELOPE_ID_CHARS     (REFRAME_KEY_ENVELOPE_ID_BYTES * 2)
#define REFRAME_KEY_CHECK_BYTES           16
#define REFRAME_KEY_PASSPHRASE_SALT_BYTES crypto_pwhash_argon2id_SALTBYTES
#define REFRAME_KEY_RECOVERY_SALT_BYTES   8 /* crypto_kdf's subkey id */
#define REFRAME_KEY_MAX_SALT_BYTES        16
#define REFRAME_KEY_NONCE_BYTES           crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define REFRAME_KEY_WRAPPED_BYTES \
  (REFRAME_CRYPT_KEY_SIZE + crypto_aead_xchacha20poly1305_ietf_ABYTES)

/* What a loaded envelope may ask of Argon2id. The caps bound what a damaged or hostile
 * file can make an unlock cost: 64 passes over 1 GiB, 64 times the work of the limits
 * calibrated here, about half a minute. */
#define REFRAME_KEY_MAX_OPSLIMIT 64
#define REFRAME_KEY_MAX_MEMLIMIT crypto_pwhash_argon2id_MEMLIMIT_SENSITIVE

/* The ways in, in the order the file lists them. */
typedef enum
{
  REFRAME_KEY_KIND_PASSPHRASE,
  REFRAME_KEY_KIND_RECOVERY,
  REFRAME_KEY_KIND_LOGIN,
  REFRAME_KEY_N_KINDS,
} ReframeKeyKind;

/* One way in: the data key wrapped under a key-encryption key (KEK). Nothing here is
 * secret. */
typedef struct
{
  gboolean present;
  guint64  opslimit; /* passphrase only */
  guint64  memlimit; /* passphrase only, in bytes */
  guint8   salt[REFRAME_KEY_MAX_SALT_BYTES];
  guint8   nonce[REFRAME_KEY_NONCE_BYTES];
  guint8   wrapped[REFRAME_KEY_WRAPPED_BYTES];
} ReframeKeyProtector;

typedef struct
{
  char                id[REFRAME_KEY_ENVELOPE_ID_CHARS + 1];
  guint8              check[REFRAME_KEY_CHECK_BYTES]; /* keyed hash of the data key */
  ReframeKeyProtector protectors[REFRAME_KEY_N_KINDS];
} ReframeKeyEnvelopeContents;

const char *_reframe_key_kind_get_name (ReframeKeyKind kind);
gsize       _reframe_key_kind_get_salt_size (ReframeKeyKind kind);
void        _reframe_key_envelope_set_malformed (GError **error);
gboolean    _reframe_key_envelope_contents_read (ReframeKeyEnvelopeContents *contents,
                                                 const char                 *path,
                                                 GError                    **error);
gboolean    _reframe_key_envelope_contents_write (const ReframeKeyEnvelopeContents *contents,
                                                  const char                       *path,
                                                  GError                          **error);

G_END_DECLS
