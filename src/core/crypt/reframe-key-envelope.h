/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-key-envelope.h: the journal's data key, wrapped once per way in.
 *
 * The data key that encrypts the journal never changes with the passphrase. The
 * envelope (a small JSON file beside the journal, docs/encryption.md) holds it wrapped
 * by each way in: a key derived from the passphrase with Argon2id, the recovery key
 * shown once when encryption is turned on, and optionally a secret kept in the login
 * keyring. Changing the passphrase rewraps one copy and leaves the journal untouched.
 */

#pragma once

#include <gio/gio.h>

#include "reframe-crypt-key.h"

G_BEGIN_DECLS

#define REFRAME_KEY_ERROR (reframe_key_error_quark ())

/**
 * ReframeKeyError:
 * @REFRAME_KEY_ERROR_WRONG_PASSPHRASE: the passphrase does not open the journal
 * @REFRAME_KEY_ERROR_WRONG_RECOVERY_KEY: the recovery key does not open the journal
 * @REFRAME_KEY_ERROR_BAD_RECOVERY_KEY: the text is not a recovery key (typing mistake)
 * @REFRAME_KEY_ERROR_NO_LOGIN_KEY: no key for this journal in the login keyring
 * @REFRAME_KEY_ERROR_MALFORMED: the envelope file is damaged or not an envelope
 * @REFRAME_KEY_ERROR_TOO_NEW: the envelope was written by a newer Reframe
 * @REFRAME_KEY_ERROR_FAILED: anything else (reading, writing, the keyring)
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

/* For tests only: the cheapest Argon2id limits, so that a test unlocks in milliseconds. */
void _reframe_key_envelope_use_test_limits (void);

G_END_DECLS
