/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-crypt-vfs.h: a SQLite VFS that encrypts every page of an encrypted journal.
 *
 * Every connection Reframe opens names this VFS (REFRAME_CRYPT_VFS_NAME). For a plain
 * journal it does exactly what the default VFS does. For a journal whose file starts
 * with Reframe's magic, or a new file whose path was given a key, it encrypts each 4096-byte
 * page with XChaCha20-Poly1305 under that key: a fresh random nonce per write, nonce and tag
 * in the 40 bytes each page reserves (SQLITE_FCNTL_RESERVE_BYTES = 40), and the file
 * kind, the file's id and the page number in the associated data. The WAL and the
 * rollback journal follow their database; temporary files (of plain databases too) are
 * encrypted, not authenticated, with a key of their own that never leaves the process.
 * Memory-mapped reads are refused for encrypted files, so SQLite never sees ciphertext,
 * and PRAGMA page_size is ignored for them, so VACUUM keeps the 4096-byte layout.
 *
 * Keys are given by the path of the database file, before it is opened, and apply to
 * every connection that opens that path until they are taken away:
 *
 *   reframe_crypt_vfs_register ();
 *   reframe_crypt_vfs_set_key (path, key);
 *   sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, REFRAME_CRYPT_VFS_NAME);
 *   …
 *   reframe_crypt_vfs_set_key (path, NULL);   // lock: new connections fail with SQLITE_AUTH
 *
 * An encrypted file whose path has no key of its own (a backup, a copy) opens with any
 * key given for another path that decrypts its first page. Opening an encrypted file
 * with no key, or with a key that does not decrypt its first
 * page, fails with SQLITE_AUTH. A page whose tag does not verify later reads as
 * SQLITE_IOERR_DATA (the file was changed). A plain file opened while a key is set for
 * its path fails with SQLITE_NOTADB, so plaintext is never written where ciphertext is
 * expected. A new encrypted file must get 40 reserved bytes before its first write:
 *
 *   int n = REFRAME_CRYPT_RESERVE;
 *   sqlite3_file_control (db, "main", SQLITE_FCNTL_RESERVE_BYTES, &n);
 *
 * Thread-safe. See docs/encryption.md for the file layout.
 */

#pragma once

#include <glib.h>

#include "reframe-crypt-key.h"

G_BEGIN_DECLS

#define REFRAME_CRYPT_VFS_NAME  "reframe-crypt"
#define REFRAME_CRYPT_PAGE_SIZE 4096
#define REFRAME_CRYPT_RESERVE   40

typedef enum
{
  REFRAME_CRYPT_FILE_MISSING,
  REFRAME_CRYPT_FILE_EMPTY,
  REFRAME_CRYPT_FILE_PLAIN,
  REFRAME_CRYPT_FILE_ENCRYPTED,
  REFRAME_CRYPT_FILE_OTHER,
} ReframeCryptFileKind;

void                 reframe_crypt_vfs_register (void);
ReframeCryptFileKind reframe_crypt_vfs_probe (const char *path);
void                 reframe_crypt_vfs_set_key (const char      *db_path,
                                                ReframeCryptKey *key);
ReframeCryptKey     *reframe_crypt_vfs_dup_key (const char *db_path);
GPtrArray           *reframe_crypt_vfs_dup_keys (void);
void                 reframe_crypt_vfs_forget_keys (void);
gboolean             reframe_crypt_vfs_key_opens (const char      *db_path,
                                                  ReframeCryptKey *key);

G_END_DECLS
