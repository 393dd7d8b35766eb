/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-crypt-vfs.c: a SQLite VFS that encrypts every page of an encrypted journal.
 *
 * A shim over the default VFS in the manner of SQLite's cksumvfs.c: each sqlite3_file
 * it opens is a ReframeCryptFile followed by the default VFS's own file. What a file's
 * bytes mean depends on its kind (docs/encryption.md, "Pages"):
 *
 *  - a main database with a key: pages sealed with XChaCha20-Poly1305, nonce and tag in
 *    the 40 bytes each page reserves, page 1 beginning with our magic and file id;
 *  - its WAL and rollback journal: the page images sealed the same way, their headers
 *    (frame headers, page numbers, checksums, journal headers) in clear;
 *  - temporary files (sorter spills, statement journals, temporary databases):
 *    XChaCha20 under a key of this process, no authentication;
 *  - everything else, a plain journal among it: passed through untouched.
 *
 * This file holds the I/O methods, the opening of files, the VFS and the key registry;
 * reframe-crypt-vfs-io.c the reads and writes, reframe-crypt-page.c the page format.
 */

#define G_LOG_DOMAIN "ReframeCrypt"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "reframe-crypt-vfs-private.h"

/* SQLITE_IOCAP_SUBPAGE_READ (SQLite 3.48): not in 3.40's header. */
#define IOCAP_SUBPAGE_READ 0x00008000

static sqlite3_vfs              crypt_vfs;
static sqlite3_vfs             *root_vfs;
static const sqlite3_io_methods crypt_io_methods;
static guint8                  *temp_key;
static GMutex                   keys_lock;
static GHashTable              *keys; /* canonical path → ReframeCryptKey */

/* I/O methods */

static int
crypt_close (sqlite3_file *f)
{
  ReframeCryptFile *file = (ReframeCryptFile *) f;
  int               rc = file->real->pMethods != NULL ? file->real->pMethods->xClose (file->real) : SQLITE_OK;

  if (file->scratch != NULL)
    sodium_memzero (file->scratch, file->scratch_size);
  g_clear_pointer (&file->scratch, g_free);
  file->scratch_size = 0;
  g_clear_pointer (&file->key, reframe_crypt_key_unref);
  sodium_memzero (file->stream_nonce, sizeof file->stream_nonce);
  return rc;
}

static int
crypt_read (sqlite3_file *f,
            void         *buffer,
            int           amount,
            sqlite3_int64 offset)
{
  return _reframe_crypt_file_read ((ReframeCryptFile *) f, buffer, amount, offset);
}

static int
crypt_write (sqlite3_file *f,
             const void   *buffer,
             int           amount,
             sqlite3_int64 offset)
{
  return _reframe_crypt_file_write ((ReframeCryptFile *) f, buffer, amount, offset);
}

static int
crypt_truncate (sqlite3_file *f,
                sqlite3_int64 size)
{
  ReframeCryptFile *file = (ReframeCryptFile *) f;

  return file->real->pMethods->xTruncate (file->real, size);
}

static int
crypt_sync (sqlite3_file *f,
            int           flags)
{
  ReframeCryptFile *file = (ReframeCryptFile *) f;

  return file->real->pMethods->xSync (file->real, flags);
}

static int
crypt_file_size (sqlite3_file  *f,
                 sqlite3_int64 *size)
{
  ReframeCryptFile *file = (ReframeCryptFile *) f;

  return file->real->pMethods->xFileSize (file->real, size);
}

/* Taking a shared lock on an encrypted database, adopt the file id on disk. A
 * connection that opened the file while it was empty made up an id of its own; if
 * another connection has created the database since, its id is the one every page,
 * WAL frame and journal record carries. */
static int
crypt_lock (sqlite3_file *f,
            int           level)
{
  ReframeCryptFile *file = (ReframeCryptFile *) f;
  int               rc = file->real->pMethods->xLock (file->real, level);
  guint8            head[REFRAME_CRYPT_MAGIC_SIZE + REFRAME_CRYPT_FILE_ID_SIZE];

  if (rc == SQLITE_OK && file->mode == REFRAME_CRYPT_MODE_DB && level == SQLITE_LOCK_SHARED &&
      file->real->pMethods->xRead (file->real, head, sizeof head, 0) == SQLITE_OK &&
      memcmp (head, REFRAME_CRYPT_MAGIC, REFRAME_CRYPT_MAGIC_SIZE) == 0)
    memcpy (file->file_id, head + REFRAME_CRYPT_MAGIC_SIZE, REFRAME_CRYPT_FILE_ID_SIZE);
  return rc;
}

static int
crypt_unlock (sqlite3_file *f,
              int           level)
{
  ReframeCryptFile *file = (ReframeCryptFile *) f;

  return file->real->pMethods->xUnlock (file->real, level);
}

static int
crypt_check_reserved_lock (sqlite3_file *f,
                           int          *out)
{
  ReframeCryptFile *file = (ReframeCryptFile *) f;

  return file->real->pMethods->xCheckReservedLock (file->real, out);
}

static int
crypt_file_control (sqlite3_file *f,
                    int           op,
                    void         *arg)
{
  ReframeCryptFile *file = (ReframeCryptFile *) f;
  int               rc;

  /* VACUUM would write pages of the new size, which the layout cannot hold. The query
   * form (no value) still answers. */
  if (file->mode == REFRAME_CRYPT_MODE_DB && op == SQLITE_FCNTL_PRAGMA &&
      ((char **) arg)[2] != NULL && g_ascii_strcasecmp (((char **) arg)[1], "page_size") == 0)
    return SQLITE_OK;
  if (file->mode != REFRAME_CRYPT_MODE_PLAIN)
    {
      /* Never map ciphertext: xFetch refuses anyway, this keeps the default VFS from
       * mapping the file at all. */
      if (op == SQLITE_FCNTL_MMAP_SIZE)
        {
          sqlite3_int64 none = 0;

          file->real->pMethods->xFileControl (file->real, op, &none);
          *(sqlite3_int64 *) arg = 0;
          return SQLITE_OK;
        }
    }
  rc = file->real->pMethods->xFileControl (file->real, op, arg);
  if (op == SQLITE_FCNTL_VFSNAME && rc == SQLITE_OK)
    *(char **) arg = sqlite3_mprintf (REFRAME_CRYPT_VFS_NAME "/%z", *(char **) arg);
  return rc;
}

static int
crypt_sector_size (sqlite3_file *f)
{
  ReframeCryptFile *file = (ReframeCryptFile *) f;

  return file->real->pMethods->xSectorSize (file->real);
}

/* Batch-atomic writes and sub-page reads are the pager's business; an encrypted file
 * wants whole pages one at a time. */
static int
crypt_device_characteristics (sqlite3_file *f)
{
  ReframeCryptFile *file = (ReframeCryptFile *) f;
  int               flags = file->real->pMethods->xDeviceCharacteristics (file->real);

  if (file->mode != REFRAME_CRYPT_MODE_PLAIN)
    flags &= ~(SQLITE_IOCAP_BATCH_ATOMIC | IOCAP_SUBPAGE_READ);
  return flags;
}

static int
crypt_shm_map (sqlite3_file   *f,
               int             page,
               int             page_size,
               int             extend,
               void volatile **out)
{
  ReframeCryptFile *file = (ReframeCryptFile *) f;

  return file->real->pMethods->xShmMap (file->real, page, page_size, extend, out);
}

static int
crypt_shm_lock (sqlite3_file *f,
                int           offset,
                int           n,
                int           flags)
{
  ReframeCryptFile *file = (ReframeCryptFile *) f;

  return file->real->pMethods->xShmLock (file->real, offset, n, flags);
}

static void
crypt_shm_barrier (sqlite3_file *f)
{
  ReframeCryptFile *file = (ReframeCryptFile *) f;

  file->real->pMethods->xShmBarrier (file->real);
}

static int
crypt_shm_unmap (sqlite3_file *f,
                 int           delete_flag)
{
  ReframeCryptFile *file = (ReframeCryptFile *) f;

  return file->real->pMethods->xShmUnmap (file->real, delete_flag);
}

/* SQLite must never read ciphertext straight from a mapping. */
static int
crypt_fetch (sqlite3_file *f,
             sqlite3_int64 offset,
             int           amount,
             void        **out)
{
  ReframeCryptFile *file = (ReframeCryptFile *) f;

  if (file->mode != REFRAME_CRYPT_MODE_PLAIN)
    {
      *out = NULL;
      return SQLITE_OK;
    }
  return file->real->pMethods->xFetch (file->real, offset, amount, out);
}

static int
crypt_unfetch (sqlite3_file *f,
               sqlite3_int64 offset,
               void         *page)
{
  ReframeCryptFile *file = (ReframeCryptFile *) f;

  return file->real->pMethods->xUnfetch (file->real, offset, page);
}

static const sqlite3_io_methods crypt_io_methods = {
  3,
  crypt_close,
  crypt_read,
  crypt_write,
  crypt_truncate,
  crypt_sync,
  crypt_file_size,
  crypt_lock,
  crypt_unlock,
  crypt_check_reserved_lock,
  crypt_file_control,
  crypt_sector_size,
  crypt_device_characteristics,
  crypt_shm_map,
  crypt_shm_lock,
  crypt_shm_barrier,
  crypt_shm_unmap,
  crypt_fetch,
  crypt_unfetch,
};

/* Opening */

/* The key given for @canonical (a full path from the root VFS), or %NULL. */
static ReframeCryptKey *
lookup_key (const char *canonical)
{
  ReframeCryptKey *key = NULL;

  g_mutex_lock (&keys_lock);
  if (keys != NULL && (key = g_hash_table_lookup (keys, canonical)) != NULL)
    reframe_crypt_key_ref (key);
  g_mutex_unlock (&keys_lock);
  return key;
}

/* Reads page 1 of a database that says it is encrypted and checks it under @key. A
 * writer of another connection may be halfway through page 1, so a failure is tried
 * again twice. */
static gboolean
db_page1_opens (ReframeCryptFile *file,
                ReframeCryptKey  *key)
{
  guint8 *page = _reframe_crypt_file_scratch (file, REFRAME_CRYPT_PAGE_SIZE);

  for (guint attempt = 0; attempt < 3; attempt++)
    if (file->real->pMethods->xRead (file->real, page, REFRAME_CRYPT_PAGE_SIZE, 0) == SQLITE_OK &&
        _reframe_crypt_open_page (key, 'D', file->file_id, 1, 1, page))
      {
        sodium_memzero (page, REFRAME_CRYPT_PAGE_SIZE);
        return TRUE;
      }
  sodium_memzero (page, REFRAME_CRYPT_PAGE_SIZE);
  return FALSE;
}

/**
 * reframe_crypt_vfs_dup_keys:
 *
 * Returns: (transfer full) (element-type ReframeCryptKey): every key given now, once each
 */
GPtrArray *
reframe_crypt_vfs_dup_keys (void)
{
  GPtrArray     *found = g_ptr_array_new_with_free_func ((GDestroyNotify) reframe_crypt_key_unref);
  GHashTableIter iter;
  gpointer       value;

  g_mutex_lock (&keys_lock);
  if (keys != NULL)
    {
      g_hash_table_iter_init (&iter, keys);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          gboolean seen = FALSE;

          for (guint i = 0; i < found->len && !seen; i++)
            seen = found->pdata[i] == value;
          if (!seen)
            g_ptr_array_add (found, reframe_crypt_key_ref (value));
        }
    }
  g_mutex_unlock (&keys_lock);
  return found;
}

/* A backup or a copy of an unlocked journal has no key of its own path: any key given
 * for another path that opens its first page is its key. */
static ReframeCryptKey *
find_opening_key (ReframeCryptFile *file)
{
  g_autoptr (GPtrArray) candidates = reframe_crypt_vfs_dup_keys ();

  for (guint i = 0; i < candidates->len; i++)
    if (db_page1_opens (file, candidates->pdata[i]))
      return reframe_crypt_key_ref (candidates->pdata[i]);
  return NULL;
}

/* Decides what a main database file is, from its first bytes and the key registry. */
static int
open_db (ReframeCryptFile *file,
         const char       *name)
{
  g_autoptr (ReframeCryptKey) key = lookup_key (name);
  guint8        head[16] = { 0 };
  sqlite3_int64 size = 0;
  int           rc;

  rc = file->real->pMethods->xFileSize (file->real, &size);
  if (rc != SQLITE_OK)
    return rc;
  if (size > 0)
    {
      rc = file->real->pMethods->xRead (file->real, head, sizeof head, 0);
      if (rc != SQLITE_OK && rc != SQLITE_IOERR_SHORT_READ)
        return rc;
    }

  if (size > 0 && memcmp (head, REFRAME_CRYPT_MAGIC, REFRAME_CRYPT_MAGIC_SIZE) == 0)
    {
      if (key == NULL || !db_page1_opens (file, key))
        {
          g_clear_pointer (&key, reframe_crypt_key_unref);
          if ((key = find_opening_key (file)) == NULL)
            return SQLITE_AUTH;
        }
    }
  else if (key != NULL && size > 0)
    return SQLITE_NOTADB;
  else if (key != NULL)
    randombytes_buf (file->file_id, REFRAME_CRYPT_FILE_ID_SIZE);
  else
    return SQLITE_OK; /* plain */

  file->mode = REFRAME_CRYPT_MODE_DB;
  file->key = g_steal_pointer (&key);
  _reframe_crypt_file_scratch (file, REFRAME_CRYPT_PAGE_SIZE);
  return SQLITE_OK;
}

/* A WAL or rollback journal follows its database, which SQLite opened through us. */
static int
open_follower (ReframeCryptFile *file,
               const char       *name,
               ReframeCryptMode  mode)
{
  sqlite3_file     *main_file = sqlite3_database_file_object (name);
  ReframeCryptFile *db = (ReframeCryptFile *) main_file;

  if (main_file == NULL || main_file->pMethods != &crypt_io_methods)
    return SQLITE_CANTOPEN;
  if (db->mode != REFRAME_CRYPT_MODE_DB)
    return SQLITE_OK;
  file->mode = mode;
  file->db = db;
  file->last_number_offset = -1;
  _reframe_crypt_file_scratch (file, REFRAME_CRYPT_PAGE_SIZE);
  return SQLITE_OK;
}

static int
crypt_open (sqlite3_vfs  *vfs,
            const char   *name,
            sqlite3_file *f,
            int           flags,
            int          *out_flags)
{
  ReframeCryptFile *file = (ReframeCryptFile *) f;
  int               rc;

  memset (file, 0, sizeof *file);
  file->real = (sqlite3_file *) &file[1];
  file->last_number_offset = -1;
  rc = root_vfs->xOpen (root_vfs, name, file->real, flags, out_flags);
  if (rc != SQLITE_OK || file->real->pMethods == NULL || file->real->pMethods->iVersion < 3)
    {
      if (rc == SQLITE_OK && file->real->pMethods != NULL)
        file->real->pMethods->xClose (file->real);
      file->base.pMethods = NULL;
      return rc != SQLITE_OK ? rc : SQLITE_CANTOPEN;
    }
  file->base.pMethods = &crypt_io_methods;

  /* The super-journal of a transaction over several databases holds only the names of
   * their journals, and must stay readable by whichever process rolls them back after
   * a crash, so it is not encrypted under this process's key. */
  if (name == NULL || (flags & (SQLITE_OPEN_TEMP_DB | SQLITE_OPEN_TEMP_JOURNAL |
                                SQLITE_OPEN_TRANSIENT_DB | SQLITE_OPEN_SUBJOURNAL)) != 0)
    {
      file->mode = REFRAME_CRYPT_MODE_TEMP;
      file->stream_key = temp_key;
      randombytes_buf (file->stream_nonce, REFRAME_CRYPT_NONCE_SIZE);
    }
  else if (flags & SQLITE_OPEN_MAIN_DB)
    rc = open_db (file, name);
  else if (flags & SQLITE_OPEN_WAL)
    rc = open_follower (file, name, REFRAME_CRYPT_MODE_WAL);
  else if (flags & SQLITE_OPEN_MAIN_JOURNAL)
    rc = open_follower (file, name, REFRAME_CRYPT_MODE_JOURNAL);

  if (rc != SQLITE_OK)
    {
      crypt_close (f);
      file->base.pMethods = NULL;
    }
  return rc;
}

/* VFS methods, all the root's */

static int
crypt_delete (sqlite3_vfs *vfs,
              const char  *name,
              int          sync_dir)
{
  return root_vfs->xDelete (root_vfs, name, sync_dir);
}

static int
crypt_access (sqlite3_vfs *vfs,
              const char  *name,
              int          flags,
              int         *out)
{
  return root_vfs->xAccess (root_vfs, name, flags, out);
}

static int
crypt_full_pathname (sqlite3_vfs *vfs,
                     const char  *name,
                     int          n_out,
                     char        *out)
{
  return root_vfs->xFullPathname (root_vfs, name, n_out, out);
}

static void *
crypt_dl_open (sqlite3_vfs *vfs,
               const char  *name)
{
  return root_vfs->xDlOpen (root_vfs, name);
}

static void
crypt_dl_error (sqlite3_vfs *vfs,
                int          n,
                char        *message)
{
  root_vfs->xDlError (root_vfs, n, message);
}

static void (*crypt_dl_sym (sqlite3_vfs *vfs,
                            void        *handle,
                            const char  *symbol)) (void)
{
  return root_vfs->xDlSym (root_vfs, handle, symbol);
}

static void
crypt_dl_close (sqlite3_vfs *vfs,
                void        *handle)
{
  root_vfs->xDlClose (root_vfs, handle);
}

static int
crypt_randomness (sqlite3_vfs *vfs,
                  int          n,
                  char        *out)
{
  return root_vfs->xRandomness (root_vfs, n, out);
}

static int
crypt_sleep (sqlite3_vfs *vfs,
             int          microseconds)
{
  return root_vfs->xSleep (root_vfs, microseconds);
}

static int
crypt_current_time (sqlite3_vfs *vfs,
                    double      *out)
{
  return root_vfs->xCurrentTime (root_vfs, out);
}

static int
crypt_get_last_error (sqlite3_vfs *vfs,
                      int          n,
                      char        *out)
{
  return root_vfs->xGetLastError (root_vfs, n, out);
}

static int
crypt_current_time_int64 (sqlite3_vfs   *vfs,
                          sqlite3_int64 *out)
{
  return root_vfs->xCurrentTimeInt64 (root_vfs, out);
}

/* The full path SQLite will pass to xOpen for @path. */
static char *
canonicalise (const char *path)
{
  g_autofree char *full = g_malloc0 (root_vfs->mxPathname + 1);
  int              rc = root_vfs->xFullPathname (root_vfs, path, root_vfs->mxPathname + 1, full);

  if ((rc & 0xff) != SQLITE_OK)
    return g_strdup (path);
  return g_steal_pointer (&full);
}

/* Public API */

/**
 * reframe_crypt_vfs_register:
 *
 * Registers the VFS (not as the default) over the VFS that is the default now. Safe to
 * call more than once and from any thread; every other function here calls it.
 */
void
reframe_crypt_vfs_register (void)
{
  static gsize registered = 0;

  if (!g_once_init_enter (&registered))
    return;
  if (!reframe_crypt_init (NULL))
    g_error ("libsodium could not be initialised");
  if (sqlite3_initialize () != SQLITE_OK)
    g_error ("SQLite could not be initialised");
  root_vfs = sqlite3_vfs_find (NULL);
  g_assert (root_vfs != NULL && root_vfs->iVersion >= 2);

  temp_key = sodium_malloc (crypto_stream_xchacha20_KEYBYTES);
  if (temp_key == NULL)
    g_error ("no memory for a key");
  randombytes_buf (temp_key, crypto_stream_xchacha20_KEYBYTES);
  sodium_mprotect_readonly (temp_key);

  crypt_vfs.iVersion = 2;
  crypt_vfs.szOsFile = (int) sizeof (ReframeCryptFile) + root_vfs->szOsFile;
  crypt_vfs.mxPathname = root_vfs->mxPathname;
  crypt_vfs.zName = REFRAME_CRYPT_VFS_NAME;
  crypt_vfs.xOpen = crypt_open;
  crypt_vfs.xDelete = crypt_delete;
  crypt_vfs.xAccess = crypt_access;
  crypt_vfs.xFullPathname = crypt_full_pathname;
  crypt_vfs.xDlOpen = crypt_dl_open;
  crypt_vfs.xDlError = crypt_dl_error;
  crypt_vfs.xDlSym = crypt_dl_sym;
  crypt_vfs.xDlClose = crypt_dl_close;
  crypt_vfs.xRandomness = crypt_randomness;
  crypt_vfs.xSleep = crypt_sleep;
  crypt_vfs.xCurrentTime = crypt_current_time;
  crypt_vfs.xGetLastError = crypt_get_last_error;
  crypt_vfs.xCurrentTimeInt64 = crypt_current_time_int64;
  if (sqlite3_vfs_register (&crypt_vfs, 0) != SQLITE_OK)
    g_error ("the encrypting VFS could not be registered");

  g_once_init_leave (&registered, 1);
}

/* Reads the start of a database file through the root VFS, never with an fd of our
 * own: closing any fd of a file releases every POSIX lock this process holds on it, so
 * a plain open() and close() of a journal a connection has open would drop that
 * connection's locks, and another process could then checkpoint and delete the WAL it
 * is still writing. SQLite's unix VFS keeps such an fd open until the locks go.
 * Returns the bytes read, or -1 when the file cannot be opened. */
static gssize
read_head (const char *path,
           guint8     *buffer,
           int         size)
{
  g_autofree char         *canonical = NULL;
  g_autofree sqlite3_file *file = NULL;
  sqlite3_int64            file_size = 0;
  int                      out_flags = 0;
  int                      amount;
  int                      rc;

  reframe_crypt_vfs_register ();
  canonical = canonicalise (path);
  file = g_malloc0 (root_vfs->szOsFile);
  rc = root_vfs->xOpen (
      root_vfs, canonical, file, SQLITE_OPEN_READONLY | SQLITE_OPEN_MAIN_DB, &out_flags);
  if (rc != SQLITE_OK)
    {
      if (file->pMethods != NULL)
        file->pMethods->xClose (file);
      return -1;
    }
  rc = file->pMethods->xFileSize (file, &file_size);
  amount = rc == SQLITE_OK ? (int) MIN ((sqlite3_int64) size, file_size) : -1;
  if (amount > 0 && file->pMethods->xRead (file, buffer, amount, 0) != SQLITE_OK)
    amount = -1;
  file->pMethods->xClose (file);
  return amount;
}

/**
 * reframe_crypt_vfs_probe:
 * @path: a database file
 *
 * Tells what lies at @path from its first 16 bytes, read through SQLite's own file
 * layer (so that a connection of this process to it keeps its locks).
 *
 * Returns: whether the file is missing, empty, a plain SQLite database, an encrypted
 *   one, or something else (unreadable, or not a database)
 */
ReframeCryptFileKind
reframe_crypt_vfs_probe (const char *path)
{
  guint8 head[16];
  gssize n;

  g_return_val_if_fail (path != NULL, REFRAME_CRYPT_FILE_OTHER);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return REFRAME_CRYPT_FILE_MISSING;
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    return REFRAME_CRYPT_FILE_OTHER;
  n = read_head (path, head, sizeof head);
  if (n == 0)
    return REFRAME_CRYPT_FILE_EMPTY;
  if (n != sizeof head)
    return REFRAME_CRYPT_FILE_OTHER;
  if (memcmp (head, REFRAME_CRYPT_MAGIC, REFRAME_CRYPT_MAGIC_SIZE) == 0)
    return REFRAME_CRYPT_FILE_ENCRYPTED;
  if (memcmp (head, _reframe_crypt_sqlite_magic, sizeof _reframe_crypt_sqlite_magic) == 0)
    return REFRAME_CRYPT_FILE_PLAIN;
  return REFRAME_CRYPT_FILE_OTHER;
}

/**
 * reframe_crypt_vfs_set_key:
 * @db_path: the database file (relative paths are taken from the current folder)
 * @key: (nullable): its key, or %NULL to take the key away
 *
 * Gives every later connection to @db_path (its WAL and journal included) @key. Files
 * already open keep the key they were opened with.
 */
void
reframe_crypt_vfs_set_key (const char      *db_path,
                           ReframeCryptKey *key)
{
  g_autofree char *canonical = NULL;

  g_return_if_fail (db_path != NULL);

  reframe_crypt_vfs_register ();
  canonical = canonicalise (db_path);
  g_mutex_lock (&keys_lock);
  if (keys == NULL)
    keys = g_hash_table_new_full (
        g_str_hash, g_str_equal, g_free, (GDestroyNotify) reframe_crypt_key_unref);
  if (key != NULL)
    g_hash_table_insert (keys, g_steal_pointer (&canonical), reframe_crypt_key_ref (key));
  else
    g_hash_table_remove (keys, canonical);
  g_mutex_unlock (&keys_lock);
}

/**
 * reframe_crypt_vfs_dup_key:
 * @db_path: the database file
 *
 * Returns: (transfer full) (nullable): the key given for @db_path, if any
 */
ReframeCryptKey *
reframe_crypt_vfs_dup_key (const char *db_path)
{
  g_autofree char *canonical = NULL;

  g_return_val_if_fail (db_path != NULL, NULL);

  reframe_crypt_vfs_register ();
  canonical = canonicalise (db_path);
  return lookup_key (canonical);
}

/**
 * reframe_crypt_vfs_forget_keys:
 *
 * Takes every key away (locking). Files already open keep theirs until they close.
 */
void
reframe_crypt_vfs_forget_keys (void)
{
  g_mutex_lock (&keys_lock);
  if (keys != NULL)
    g_hash_table_remove_all (keys);
  g_mutex_unlock (&keys_lock);
}

/**
 * reframe_crypt_vfs_key_opens:
 * @db_path: an encrypted database file (a journal or one of its backups)
 * @key: a key
 *
 * Checks, without SQLite and without changing the file, that page 1 of @db_path
 * verifies under @key: that @key is the key of that file.
 *
 * Returns: %TRUE when @key opens @db_path
 */
gboolean
reframe_crypt_vfs_key_opens (const char      *db_path,
                             ReframeCryptKey *key)
{
  guint8   page[REFRAME_CRYPT_PAGE_SIZE];
  gssize   got;
  gboolean ok;

  g_return_val_if_fail (db_path != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (!reframe_crypt_init (NULL) || g_file_test (db_path, G_FILE_TEST_IS_DIR) ||
      !g_file_test (db_path, G_FILE_TEST_EXISTS))
    return FALSE;
  got = read_head (db_path, page, sizeof page);
  ok = got == (gssize) sizeof page && _reframe_crypt_page1_opens (key, page);
  sodium_memzero (page, sizeof page);
  return ok;
}
