/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-fault-vfs.c: a SQLite VFS for tests that makes writes fail on purpose; see the
 * header for its use. */

#include "config.h"

#include <string.h>

#include "reframe-fault-vfs.h"

#define FAULT_VFS_NAME "reframe-fault"

typedef struct
{
  sqlite3_file base;
  /* Owned */
  char *path;
  /* The real file follows this struct in the same block. */
  sqlite3_file *real;
} FaultFile;

static sqlite3_vfs  fault_vfs;
static sqlite3_vfs *real_vfs;

static GMutex          lock;
static gboolean        armed;
static ReframeFaultOps armed_ops;
static char           *armed_path_part;
static guint           armed_after_n;
static int             armed_error;
static guint           n_counted;
static guint           n_failed;

/* Whether this operation fails, counting it when it is one of those armed. */
static gboolean
should_fail (FaultFile      *file,
             ReframeFaultOps op)
{
  gboolean fail = FALSE;

  g_mutex_lock (&lock);
  if (armed && (armed_ops & op) != 0 &&
      (armed_path_part == NULL ||
       (file->path != NULL && strstr (file->path, armed_path_part) != NULL)))
    {
      n_counted++;
      fail = n_counted > armed_after_n;
      if (fail)
        n_failed++;
    }
  g_mutex_unlock (&lock);
  return fail;
}

static int
error_for (ReframeFaultOps op)
{
  if (armed_error == SQLITE_FULL)
    return SQLITE_FULL;
  switch (op)
    {
    case REFRAME_FAULT_SYNC:
      return SQLITE_IOERR_FSYNC;
    case REFRAME_FAULT_TRUNCATE:
      return SQLITE_IOERR_TRUNCATE;
    case REFRAME_FAULT_WRITE:
    default:
      return SQLITE_IOERR_WRITE;
    }
}

static int
fault_close (sqlite3_file *f)
{
  FaultFile *file = (FaultFile *) f;
  int        rc = file->real->pMethods ? file->real->pMethods->xClose (file->real) : SQLITE_OK;

  g_clear_pointer (&file->path, g_free);
  return rc;
}

static int
fault_read (sqlite3_file *f,
            void         *buffer,
            int           amount,
            sqlite3_int64 offset)
{
  FaultFile *file = (FaultFile *) f;

  return file->real->pMethods->xRead (file->real, buffer, amount, offset);
}

static int
fault_write (sqlite3_file *f,
             const void   *buffer,
             int           amount,
             sqlite3_int64 offset)
{
  FaultFile *file = (FaultFile *) f;

  if (should_fail (file, REFRAME_FAULT_WRITE))
    return error_for (REFRAME_FAULT_WRITE);
  return file->real->pMethods->xWrite (file->real, buffer, amount, offset);
}

static int
fault_truncate (sqlite3_file *f,
                sqlite3_int64 size)
{
  FaultFile *file = (FaultFile *) f;

  if (should_fail (file, REFRAME_FAULT_TRUNCATE))
    return error_for (REFRAME_FAULT_TRUNCATE);
  return file->real->pMethods->xTruncate (file->real, size);
}

static int
fault_sync (sqlite3_file *f,
            int           flags)
{
  FaultFile *file = (FaultFile *) f;

  if (should_fail (file, REFRAME_FAULT_SYNC))
    return error_for (REFRAME_FAULT_SYNC);
  return file->real->pMethods->xSync (file->real, flags);
}

static int
fault_file_size (sqlite3_file  *f,
                 sqlite3_int64 *size)
{
  FaultFile *file = (FaultFile *) f;

  return file->real->pMethods->xFileSize (file->real, size);
}

static int
fault_lock (sqlite3_file *f,
            int           level)
{
  FaultFile *file = (FaultFile *) f;

  return file->real->pMethods->xLock (file->real, level);
}

static int
fault_unlock (sqlite3_file *f,
              int           level)
{
  FaultFile *file = (FaultFile *) f;

  return file->real->pMethods->xUnlock (file->real, level);
}

static int
fault_check_reserved_lock (sqlite3_file *f,
                           int          *out)
{
  FaultFile *file = (FaultFile *) f;

  return file->real->pMethods->xCheckReservedLock (file->real, out);
}

static int
fault_file_control (sqlite3_file *f,
                    int           op,
                    void         *arg)
{
  FaultFile *file = (FaultFile *) f;

  return file->real->pMethods->xFileControl (file->real, op, arg);
}

static int
fault_sector_size (sqlite3_file *f)
{
  FaultFile *file = (FaultFile *) f;

  return file->real->pMethods->xSectorSize (file->real);
}

static int
fault_device_characteristics (sqlite3_file *f)
{
  FaultFile *file = (FaultFile *) f;

  return file->real->pMethods->xDeviceCharacteristics (file->real);
}

static int
fault_shm_map (sqlite3_file   *f,
               int             page,
               int             page_size,
               int             extend,
               void volatile **out)
{
  FaultFile *file = (FaultFile *) f;

  return file->real->pMethods->xShmMap (file->real, page, page_size, extend, out);
}

static int
fault_shm_lock (sqlite3_file *f,
                int           offset,
                int           n,
                int           flags)
{
  FaultFile *file = (FaultFile *) f;

  return file->real->pMethods->xShmLock (file->real, offset, n, flags);
}

static void
fault_shm_barrier (sqlite3_file *f)
{
  FaultFile *file = (FaultFile *) f;

  file->real->pMethods->xShmBarrier (file->real);
}

static int
fault_shm_unmap (sqlite3_file *f,
                 int           delete_flag)
{
  FaultFile *file = (FaultFile *) f;

  return file->real->pMethods->xShmUnmap (file->real, delete_flag);
}

static int
fault_fetch (sqlite3_file *f,
             sqlite3_int64 offset,
             int           amount,
             void        **out)
{
  FaultFile *file = (FaultFile *) f;

  return file->real->pMethods->xFetch (file->real, offset, amount, out);
}

static int
fault_unfetch (sqlite3_file *f,
               sqlite3_int64 offset,
               void         *page)
{
  FaultFile *file = (FaultFile *) f;

  return file->real->pMethods->xUnfetch (file->real, offset, page);
}

static const sqlite3_io_methods fault_io_methods = {
  3,
  fault_close,
  fault_read,
  fault_write,
  fault_truncate,
  fault_sync,
  fault_file_size,
  fault_lock,
  fault_unlock,
  fault_check_reserved_lock,
  fault_file_control,
  fault_sector_size,
  fault_device_characteristics,
  fault_shm_map,
  fault_shm_lock,
  fault_shm_barrier,
  fault_shm_unmap,
  fault_fetch,
  fault_unfetch,
};

static int
fault_open (sqlite3_vfs  *vfs,
            const char   *name,
            sqlite3_file *f,
            int           flags,
            int          *out_flags)
{
  FaultFile *file = (FaultFile *) f;
  int        rc;

  file->real = (sqlite3_file *) &file[1];
  file->path = NULL;
  rc = real_vfs->xOpen (real_vfs, name, file->real, flags, out_flags);
  /* The default VFS's files have methods of version 3; a shim for another would need
   * methods of its version. */
  if (rc != SQLITE_OK || file->real->pMethods == NULL || file->real->pMethods->iVersion < 3)
    {
      if (rc == SQLITE_OK && file->real->pMethods != NULL)
        file->real->pMethods->xClose (file->real);
      file->base.pMethods = NULL;
      return rc != SQLITE_OK ? rc : SQLITE_CANTOPEN;
    }
  file->path = g_strdup (name);
  file->base.pMethods = &fault_io_methods;
  return SQLITE_OK;
}

static int
fault_delete (sqlite3_vfs *vfs,
              const char  *name,
              int          sync_dir)
{
  return real_vfs->xDelete (real_vfs, name, sync_dir);
}

static int
fault_access (sqlite3_vfs *vfs,
              const char  *name,
              int          flags,
              int         *out)
{
  return real_vfs->xAccess (real_vfs, name, flags, out);
}

static int
fault_full_pathname (sqlite3_vfs *vfs,
                     const char  *name,
                     int          n_out,
                     char        *out)
{
  return real_vfs->xFullPathname (real_vfs, name, n_out, out);
}

static void *
fault_dl_open (sqlite3_vfs *vfs,
               const char  *name)
{
  return real_vfs->xDlOpen (real_vfs, name);
}

static void
fault_dl_error (sqlite3_vfs *vfs,
                int          n,
                char        *message)
{
  real_vfs->xDlError (real_vfs, n, message);
}

static void (*fault_dl_sym (sqlite3_vfs *vfs,
                            void        *handle,
                            const char  *symbol)) (void)
{
  return real_vfs->xDlSym (real_vfs, handle, symbol);
}

static void
fault_dl_close (sqlite3_vfs *vfs,
                void        *handle)
{
  real_vfs->xDlClose (real_vfs, handle);
}

static int
fault_randomness (sqlite3_vfs *vfs,
                  int          n,
                  char        *out)
{
  return real_vfs->xRandomness (real_vfs, n, out);
}

static int
fault_sleep (sqlite3_vfs *vfs,
             int          microseconds)
{
  return real_vfs->xSleep (real_vfs, microseconds);
}

static int
fault_current_time (sqlite3_vfs *vfs,
                    double      *out)
{
  return real_vfs->xCurrentTime (real_vfs, out);
}

static int
fault_get_last_error (sqlite3_vfs *vfs,
                      int          n,
                      char        *out)
{
  return real_vfs->xGetLastError (real_vfs, n, out);
}

static int
fault_current_time_int64 (sqlite3_vfs   *vfs,
                          sqlite3_int64 *out)
{
  return real_vfs->xCurrentTimeInt64 (real_vfs, out);
}

/**
 * reframe_fault_vfs_install:
 *
 * Registers the shim as the default VFS, over the one that was the default. Safe to
 * call more than once.
 */
void
reframe_fault_vfs_install (void)
{
  if (real_vfs != NULL)
    return;
  sqlite3_initialize ();
  real_vfs = sqlite3_vfs_find (NULL);
  g_assert_nonnull (real_vfs);
  g_assert_cmpint (real_vfs->iVersion, >=, 2);

  fault_vfs.iVersion = 2;
  fault_vfs.szOsFile = sizeof (FaultFile) + real_vfs->szOsFile;
  fault_vfs.mxPathname = real_vfs->mxPathname;
  fault_vfs.zName = FAULT_VFS_NAME;
  fault_vfs.xOpen = fault_open;
  fault_vfs.xDelete = fault_delete;
  fault_vfs.xAccess = fault_access;
  fault_vfs.xFullPathname = fault_full_pathname;
  fault_vfs.xDlOpen = fault_dl_open;
  fault_vfs.xDlError = fault_dl_error;
  fault_vfs.xDlSym = fault_dl_sym;
  fault_vfs.xDlClose = fault_dl_close;
  fault_vfs.xRandomness = fault_randomness;
  fault_vfs.xSleep = fault_sleep;
  fault_vfs.xCurrentTime = fault_current_time;
  fault_vfs.xGetLastError = fault_get_last_error;
  fault_vfs.xCurrentTimeInt64 = fault_current_time_int64;
  g_assert_cmpint (sqlite3_vfs_register (&fault_vfs, 1), ==, SQLITE_OK);
}

/**
 * reframe_fault_vfs_arm:
 * @ops: which operations to count and fail
 * @path_part: (nullable): only files whose path contains this ("/backups/", "reframe.db-wal");
 *   %NULL for every file, temporary files included
 * @after_n: how many of them succeed before the first failure
 * @error_code: SQLITE_FULL or SQLITE_IOERR
 *
 * Starts counting from zero; every counted operation after the first @after_n fails.
 */
void
reframe_fault_vfs_arm (ReframeFaultOps ops,
                       const char     *path_part,
                       guint           after_n,
                       int             error_code)
{
  g_assert_nonnull (real_vfs);
  g_assert_true (error_code == SQLITE_FULL || error_code == SQLITE_IOERR);

  g_mutex_lock (&lock);
  armed = TRUE;
  armed_ops = ops;
  g_free (armed_path_part);
  armed_path_part = g_strdup (path_part);
  armed_after_n = after_n;
  armed_error = error_code;
  n_counted = 0;
  n_failed = 0;
  g_mutex_unlock (&lock);
}

/* Lets every operation through again; the counts stay readable. */
void
reframe_fault_vfs_disarm (void)
{
  g_mutex_lock (&lock);
  armed = FALSE;
  g_clear_pointer (&armed_path_part, g_free);
  g_mutex_unlock (&lock);
}

/* How many armed operations were seen since reframe_fault_vfs_arm(). */
guint
reframe_fault_vfs_get_n_counted (void)
{
  guint n;

  g_mutex_lock (&lock);
  n = n_counted;
  g_mutex_unlock (&lock);
  return n;
}

/* How many of them failed. */
guint
reframe_fault_vfs_get_n_failed (void)
{
  guint n;

  g_mutex_lock (&lock);
  n = n_failed;
  g_mutex_unlock (&lock);
  return n;
}
