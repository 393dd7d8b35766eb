/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-journal-crypt.h: turning the journal's encryption on and off, locking and
 * unlocking it.
 *
 * A journal is encrypted when its file says so (its first bytes), whatever else lies
 * in the folder. Unlocking gives the data key to the encrypting VFS for the journal's
 * path, after which reframe_store_open() and every other connection open it as usual;
 * locking takes the key away and wipes it once the last connection has closed. Opening
 * a locked journal fails with %REFRAME_STORE_ERROR_LOCKED.
 *
 * Turning encryption on or off writes the journal into a new file beside it, checks the
 * copy, and only then puts it in the old one's place: a crash at any moment leaves
 * either the old journal or the new one, whole. It must run while no store has the
 * journal open (the application closes its windows first). Wrong passphrases and
 * recovery keys are reported in the REFRAME_KEY_ERROR domain.
 */

#pragma once

#include <gio/gio.h>

#include "reframe-core-types.h"

G_BEGIN_DECLS

/* The key file (the envelope) beside the journal file. */
#define REFRAME_JOURNAL_KEY_FILE_NAME "reframe.key"

typedef enum
{
  REFRAME_UNLOCK_PASSPHRASE,
  REFRAME_UNLOCK_RECOVERY_KEY,
  REFRAME_UNLOCK_LOGIN,
} ReframeUnlockMethod;

gboolean reframe_journal_is_encrypted (const char *data_dir);
gboolean reframe_journal_is_unlocked (const char *data_dir);
gboolean reframe_journal_has_login_unlock (const char *data_dir);

gboolean reframe_journal_unlock (const char         *data_dir,
                                 ReframeUnlockMethod method,
                                 const char         *secret,
                                 GCancellable       *cancellable,
                                 GError            **error);
void     reframe_journal_unlock_async (const char         *data_dir,
                                       ReframeUnlockMethod method,
                                       const char         *secret,
                                       GCancellable       *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer            user_data);
gboolean reframe_journal_unlock_finish (GAsyncResult *result,
                                        GError      **error);
void     reframe_journal_lock (const char *data_dir);

char    *reframe_journal_encrypt (const char   *data_dir,
                                  const char   *passphrase,
                                  GCancellable *cancellable,
                                  GError      **error);
void     reframe_journal_encrypt_async (const char         *data_dir,
                                        const char         *passphrase,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data);
char    *reframe_journal_encrypt_finish (GAsyncResult *result,
                                         GError      **error);
gboolean reframe_journal_decrypt (const char   *data_dir,
                                  GCancellable *cancellable,
                                  GError      **error);
void     reframe_journal_decrypt_async (const char         *data_dir,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data);
gboolean reframe_journal_decrypt_finish (GAsyncResult *result,
                                         GError      **error);

gboolean reframe_journal_change_passphrase (const char *data_dir,
                                            const char *passphrase,
                                            GError    **error);
void     reframe_journal_change_passphrase_async (const char         *data_dir,
                                                  const char         *passphrase,
                                                  GCancellable       *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer            user_data);
gboolean reframe_journal_change_passphrase_finish (GAsyncResult *result,
                                                   GError      **error);
char    *reframe_journal_new_recovery_key (const char *data_dir,
                                           GError    **error);
gboolean reframe_journal_set_login_unlock (const char   *data_dir,
                                           gboolean      enabled,
                                           GCancellable *cancellable,
                                           GError      **error);

G_END_DECLS
