/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-store-files.c: the journal's folder and files, looked at before SQLite opens
 * them and kept private. */

#define G_LOG_DOMAIN "ReframeStore"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include "reframe-i18n.h"
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "reframe-crypt-vfs.h"
#include "reframe-store-private.h"

/* Takes the group's and others' permissions off a file or folder of the journal that
 * the person owns: one made by an older Reframe, another program or a loose umask. */
static void
make_private (const char *path)
{
  struct stat st;

  if (g_stat (path, &st) == 0 && st.st_uid == geteuid () && (st.st_mode & 077) != 0)
    g_chmod (path, st.st_mode & 07700);
}

/* The journal's folder is private too, unless it is plainly not Reframe's alone: a
 * shared folder such as /tmp (sticky), or the home folder itself. */
static void
make_folder_private (const char *data_dir)
{
  g_autofree char *canonical = g_canonicalize_filename (data_dir, NULL);
  g_autofree char *home = g_canonicalize_filename (g_get_home_dir (), NULL);
  struct stat      st;

  if (g_stat (canonical, &st) != 0 || (st.st_mode & S_ISVTX) != 0 ||
      g_str_equal (canonical, home) || g_str_equal (canonical, "/"))
    return;
  make_private (canonical);
}

static void
make_files_private (const char *path)
{
  const char *const suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      make_private (file);
    }
  for (int version = 1; version < REFRAME_STORE_SCHEMA_VERSION; version++)
    {
      g_autofree char *backup = g_strdup_printf ("%s.v%d.backup", path, version);

      make_private (backup);
    }
}

/**
 * _reframe_store_ensure_folder:
 *
 * Makes the journal's folder, private, or makes an existing one private.
 */
gboolean
_reframe_store_ensure_folder (const char *data_dir,
                              GError    **error)
{
  if (g_file_test (data_dir, G_FILE_TEST_IS_DIR))
    {
      make_folder_private (data_dir);
      return TRUE;
    }

  if (g_file_test (data_dir, G_FILE_TEST_EXISTS))
    {
      g_set_error (error,
                   REFRAME_STORE_ERROR,
                   REFRAME_STORE_ERROR_NO_FOLDER,
                   _ ("The data folder “%s” is a file, not a folder."),
                   data_dir);
      return FALSE;
    }

  if (g_mkdir_with_parents (data_dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error,
                   REFRAME_STORE_ERROR,
                   saved_errno == EACCES || saved_errno == EROFS ? REFRAME_STORE_ERROR_READ_ONLY
                                                                 : REFRAME_STORE_ERROR_NO_FOLDER,
                   _ ("The data folder “%s” is missing and could not be made: %s."),
                   data_dir,
                   g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

/* Makes the file private from its first byte. Another Reframe starting at the same
 * moment may have made it first; then it is checked like any existing file. */
static gboolean
create_private_file (const char *path,
                     GError    **error)
{
  int fd = g_open (path, O_RDWR | O_CREAT | O_EXCL, 0600);

  if (fd < 0 && errno != EEXIST)
    {
      int saved_errno = errno;

      g_set_error (error,
                   REFRAME_STORE_ERROR,
                   REFRAME_STORE_ERROR_READ_ONLY,
                   _ ("Reframe cannot create its journal in “%s”: %s."),
                   path,
                   g_strerror (saved_errno));
      return FALSE;
    }
  if (fd >= 0)
    close (fd);
  return TRUE;
}

/* Through the encrypting VFS's probe, which reads with SQLite's own file layer: a plain
 * open() and close() here would drop the locks a connection of this process holds. */
static gboolean
has_sqlite_header (const char *path,
                   gboolean   *readable)
{
  ReframeCryptFileKind kind = reframe_crypt_vfs_probe (path);

  *readable = g_access (path, R_OK) == 0;
  /* An empty file is a valid empty database. */
  return *readable && (kind == REFRAME_CRYPT_FILE_EMPTY || kind == REFRAME_CRYPT_FILE_PLAIN);
}

/**
 * _reframe_store_check_file:
 *
 * Looks at the file before SQLite does, so that a stranger's file is reported and left
 * alone rather than opened, and so that new files are private from the start.
 */
gboolean
_reframe_store_check_file (const char *path,
                           GError    **error)
{
  gboolean readable = FALSE;

  if (!g_file_test (path, G_FILE_TEST_EXISTS) && !create_private_file (path, error))
    return FALSE;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error,
                   REFRAME_STORE_ERROR,
                   REFRAME_STORE_ERROR_CORRUPT,
                   _ ("“%s” is a folder, not a journal file."),
                   path);
      return FALSE;
    }

  if (reframe_crypt_vfs_probe (path) == REFRAME_CRYPT_FILE_ENCRYPTED)
    {
      g_autoptr (ReframeCryptKey) key = reframe_crypt_vfs_dup_key (path);

      if (key == NULL)
        {
          g_set_error_literal (
              error,
              REFRAME_STORE_ERROR,
              REFRAME_STORE_ERROR_LOCKED,
              _ ("The journal is encrypted. Unlock it with its passphrase to open it."));
          return FALSE;
        }
    }
  else if (!has_sqlite_header (path, &readable))
    {
      if (!readable)
        g_set_error (error,
                     REFRAME_STORE_ERROR,
                     REFRAME_STORE_ERROR_READ_ONLY,
                     _ ("Reframe is not allowed to read the journal file “%s”."),
                     path);
      else
        g_set_error (error,
                     REFRAME_STORE_ERROR,
                     REFRAME_STORE_ERROR_CORRUPT,
                     _ ("“%s” is not a Reframe journal, or it is damaged. Reframe has not "
                        "changed it."),
                     path);
      return FALSE;
    }

  /* Permissions only: the contents stay as they are, whatever comes next. */
  make_files_private (path);

  if (access (path, W_OK) != 0)
    {
      g_set_error (error,
                   REFRAME_STORE_ERROR,
                   REFRAME_STORE_ERROR_READ_ONLY,
                   _ ("The journal file “%s” is read-only. Reframe needs to write to it "
                      "to save your entries."),
                   path);
      return FALSE;
    }
  return TRUE;
}
