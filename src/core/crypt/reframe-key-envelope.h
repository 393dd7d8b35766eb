/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-key-envelope.h: the journal's data key, wrapped once per way in.
 *
 * The data key that encrypts the journal never changes with the passphrase. The
 * envelope (a small JSON file beside the journal, docs/encryption-keys.md) holds it
 * wrapped by each way in: a key derived from the passphrase with Argon2id, the recovery
 * key shown once when encryption is turned on, and optionally a secret kept in the
 * login keyring. Changing the passphrase rewraps one copy and leaves the journal
 * untouched. The file never holds the data key itself.
 *
 * Changes (a new passphrase, a new recovery key, unlocking with the login turned on or
 * off) are made in memory; reframe_key_envelope_save() writes them, atomically. The
 * keyring is the exception: enable and disable change it at once.
 *
 * Threads: every call blocks, on Argon2id (about half a second by design) or on the
 * keyring (a D-Bus round trip, or longer if the keyring asks to be unlocked), so call
 * them from a worker thread (GTask), never from the main thread. An envelope has no lock
 * of its own: use each from one thread at a time (different envelopes may be used in
 * different threads at once). The keys passed in and returned are immutable and may be
 * shared between threads.
 */

#pragma once

#include <gio/gio.h>

#include "reframe-crypt-key.h"

G_BEGIN_DECLS

#define REFRAME_KEY_ERROR (reframe_key_error_quark ())

/* The libsecret schema of the login keyring's item; its one attribute, "envelope",
 * holds the envelope's id. */
#define REFRAME_KEY_ENVELOPE_SCHEMA_NAME "io.github.reframe.Reframe.JournalKey"

/**
 * ReframeKeyError:
 * @REFRAME_KEY_ERROR_WRONG_PASSPHRASE: the passphrase does not open the journal
 * @REFRAME_KEY_ERROR_WRONG_RECOVERY_KEY: the recovery key does not open the journal
 * @REFRAME_KEY_ERROR_BAD_RECOVERY_KEY: the text is not a recovery key (typing mistake)
 * @REFRAME_KEY_ERROR_NO_LOGIN_KEY: no key for this journal in the login keyring
 * @REFRAME_KEY_ERROR_MALFORMED: the envelope file is damaged or not an envelope
 * @REFRAME_KEY_ERROR_TOO_NEW: the envelope was written by a newer Reframe
 * @REFRAME_KEY_ERROR_FAILED: anything else (reading, writing, the keyring, too little
 *   memory for Argon2id, a data key that does not belong to the envelope)
 *
 * Errors of the key envelope. Messages are translated and meant for the person. A
 * cancelled keyring call reports %G_IO_ERROR_CANCELLED instead.
 */
typedef enum
{
  REFRAME_KEY_ERROR_WRONG_PASSPHRASE,
  REFRAME_KEY_ERROR_WRONG_RECOVERY_KEY,
  REFRAME_KEY_ERROR_BAD_RECOVERY_KEY,
  REFRAME_KEY_ERROR_NO_LOGIN_KEY,
  REFRAME_KEY_ERROR_MALFORMED,
  REFRAME_KEY_ERROR_TOO_NEW,
  REFRAME_KEY_ERROR_FAILED,
} ReframeKeyError;

#define REFRAME_TYPE_KEY_ENVELOPE (reframe_key_envelope_get_type ())

G_DECLARE_FINAL_TYPE (ReframeKeyEnvelope, reframe_key_envelope, REFRAME, KEY_ENVELOPE, GObject)

GQuark              reframe_key_error_quark (void);
ReframeKeyEnvelope *reframe_key_envelope_new (ReframeCryptKey *data_key,
                                              const char      *passphrase,
                                              char           **recovery_key,
                                              GError         **error);
ReframeKeyEnvelope *reframe_key_envelope_load (const char *path,
                                               GError    **error);
gboolean            reframe_key_envelope_save (ReframeKeyEnvelope *self,
                                               const char         *path,
                                               GError            **error);
const char         *reframe_key_envelope_get_id (ReframeKeyEnvelope *self);
ReframeCryptKey    *reframe_key_envelope_unlock (ReframeKeyEnvelope *self,
                                                 const char         *passphrase,
                                                 GError            **error);
ReframeCryptKey    *reframe_key_envelope_unlock_recovery (ReframeKeyEnvelope *self,
                                                          const char         *recovery_key,
                                                          GError            **error);
gboolean            reframe_key_envelope_set_passphrase (ReframeKeyEnvelope *self,
                                                         ReframeCryptKey    *data_key,
                                                         const char         *passphrase,
                                                         GError            **error);
char               *reframe_key_envelope_reset_recovery (ReframeKeyEnvelope *self,
                                                         ReframeCryptKey    *data_key,
                                                         GError            **error);
gboolean            reframe_key_envelope_has_login (ReframeKeyEnvelope *self);
gboolean            reframe_key_envelope_enable_login (ReframeKeyEnvelope *self,
                                                       ReframeCryptKey    *data_key,
                                                       GCancellable       *cancellable,
                                                       GError            **error);
ReframeCryptKey    *reframe_key_envelope_unlock_login (ReframeKeyEnvelope *self,
                                                       GCancellable       *cancellable,
                                                       GError            **error);
void                reframe_key_envelope_disable_login (ReframeKeyEnvelope *self,
                                                        GCancellable       *cancellable);

/* For tests only: new passphrases get the cheapest Argon2id limits
 * (crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN) instead of calibrated ones,
 * so that a test unlocks in milliseconds. Call it before any thread uses an envelope;
 * it lasts for the rest of the process. Envelopes are still loaded with the limits they
 * hold. */
void _reframe_key_envelope_use_test_limits (void);

G_END_DECLS
