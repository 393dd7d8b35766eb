/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-crypt-key.h: a 256-bit key held in libsodium's guarded memory. */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define REFRAME_CRYPT_KEY_SIZE 32

#define REFRAME_TYPE_CRYPT_KEY (reframe_crypt_key_get_type ())

/**
 * ReframeCryptKey:
 *
 * A reference-counted 32-byte key (the journal's data key, or a key derived from a
 * passphrase). Its bytes live in sodium_malloc() memory (guard pages, locked, never
 * swapped where the system allows it) and are wiped when the last reference goes.
 * Immutable, so safe to share between threads.
 */
typedef struct _ReframeCryptKey ReframeCryptKey;

GType            reframe_crypt_key_get_type (void) G_GNUC_CONST;
gboolean         reframe_crypt_init (GError **error);
ReframeCryptKey *reframe_crypt_key_new_random (void);
ReframeCryptKey *reframe_crypt_key_new_from_bytes (const guint8 *bytes);
ReframeCryptKey *reframe_crypt_key_ref (ReframeCryptKey *key);
void             reframe_crypt_key_unref (ReframeCryptKey *key);
const guint8    *reframe_crypt_key_get_bytes (ReframeCryptKey *key);
gboolean         reframe_crypt_key_equal (ReframeCryptKey *a,
                                          ReframeCryptKey *b);
guint            reframe_crypt_key_get_n_alive (void);
void             reframe_crypt_harden_process (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReframeCryptKey, reframe_crypt_key_unref)

G_END_DECLS
