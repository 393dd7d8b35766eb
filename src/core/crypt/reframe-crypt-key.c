/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-crypt-key.c: a 256-bit key held in libsodium's guarded memory. */

#define G_LOG_DOMAIN "ReframeCrypt"

#include "config.h"

#include <gio/gio.h>
#include "reframe-i18n.h"
#include <sodium.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include "reframe-crypt-key.h"

struct _ReframeCryptKey
{
  gatomicrefcount ref_count;
  guint8         *bytes;
};

G_DEFINE_BOXED_TYPE (ReframeCryptKey,
                     reframe_crypt_key,
                     reframe_crypt_key_ref,
                     reframe_crypt_key_unref)

static gint n_alive;

/**
 * reframe_crypt_init:
 *
 * Makes libsodium ready (once; any thread). Every other function of the crypt layer
 * calls it; an error here means the system's random source is unusable.
 *
 * Returns: %TRUE when the crypt layer can be used
 */
gboolean
reframe_crypt_init (GError **error)
{
  static gsize    ready = 0;
  static gboolean ok = FALSE;

  if (g_once_init_enter (&ready))
    {
      ok = sodium_init () >= 0;
      g_once_init_leave (&ready, 1);
    }
  if (!ok)
    g_set_error_literal (error,
                         G_IO_ERROR,
                         G_IO_ERROR_FAILED,
                         _ ("The encryption library could not start, so the journal cannot be "
                            "encrypted or opened."));
  return ok;
}

static ReframeCryptKey *
key_alloc (void)
{
  ReframeCryptKey *key;

  if (!reframe_crypt_init (NULL))
    g_error ("libsodium could not be initialised");
  key = g_new0 (ReframeCryptKey, 1);
  g_atomic_ref_count_init (&key->ref_count);
  key->bytes = sodium_malloc (REFRAME_CRYPT_KEY_SIZE);
  if (key->bytes == NULL)
    g_error ("no memory for a key");
  g_atomic_int_inc (&n_alive);
  return key;
}

/**
 * reframe_crypt_key_new_random:
 *
 * Returns: (transfer full): a fresh key from the system's random source
 */
ReframeCryptKey *
reframe_crypt_key_new_random (void)
{
  ReframeCryptKey *key = key_alloc ();

  randombytes_buf (key->bytes, REFRAME_CRYPT_KEY_SIZE);
  sodium_mprotect_readonly (key->bytes);
  return key;
}

/**
 * reframe_crypt_key_new_from_bytes:
 * @bytes: (array fixed-size=32): the key; the caller wipes its own copy
 *
 * Returns: (transfer full): a key holding a copy of @bytes
 */
ReframeCryptKey *
reframe_crypt_key_new_from_bytes (const guint8 *bytes)
{
  ReframeCryptKey *key = key_alloc ();

  memcpy (key->bytes, bytes, REFRAME_CRYPT_KEY_SIZE);
  sodium_mprotect_readonly (key->bytes);
  return key;
}

ReframeCryptKey *
reframe_crypt_key_ref (ReframeCryptKey *key)
{
  g_return_val_if_fail (key != NULL, NULL);
  g_atomic_ref_count_inc (&key->ref_count);
  return key;
}

/* sodium_free() wipes the bytes before it gives the pages back. */
void
reframe_crypt_key_unref (ReframeCryptKey *key)
{
  g_return_if_fail (key != NULL);
  if (!g_atomic_ref_count_dec (&key->ref_count))
    return;
  sodium_free (key->bytes);
  g_free (key);
  g_atomic_int_dec_and_test (&n_alive);
}

/**
 * reframe_crypt_key_get_bytes:
 *
 * Returns: (array fixed-size=32) (transfer none): the key's bytes, read-only
 */
const guint8 *
reframe_crypt_key_get_bytes (ReframeCryptKey *key)
{
  g_return_val_if_fail (key != NULL, NULL);
  return key->bytes;
}

/* In constant time, as a key is compared with a secret. */
gboolean
reframe_crypt_key_equal (ReframeCryptKey *a,
                         ReframeCryptKey *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);
  return sodium_memcmp (a->bytes, b->bytes, REFRAME_CRYPT_KEY_SIZE) == 0;
}

/**
 * reframe_crypt_key_get_n_alive:
 *
 * For tests of locking: how many keys exist in this process (each is wiped when it
 * goes).
 *
 * Returns: the number of keys not yet freed
 */
guint
reframe_crypt_key_get_n_alive (void)
{
  return (guint) g_atomic_int_get (&n_alive);
}

/**
 * reframe_crypt_harden_process:
 *
 * Once a journal key is in memory: no core dump writes it (and the notes SQLite holds)
 * to the disk, and other programs of the same user cannot attach a debugger to read it.
 * Sanitizer builds keep ptrace, which LeakSanitizer needs to stop the threads it
 * scans. Once per process; any thread.
 */
void
reframe_crypt_harden_process (void)
{
  static gsize done = 0;

  if (!g_once_init_enter (&done))
    return;
  {
    struct rlimit none = { 0, 0 };

    if (setrlimit (RLIMIT_CORE, &none) != 0)
      g_debug ("core dumps could not be turned off");
  }
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
  if (prctl (PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
    g_debug ("the process could not be made undumpable");
#endif
  g_once_init_leave (&done, 1);
}
