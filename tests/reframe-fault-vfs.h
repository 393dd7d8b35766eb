/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-fault-vfs.h: a SQLite VFS for tests that makes writes fail on purpose.
 *
 * A shim over the default VFS: every connection opened after
 * reframe_fault_vfs_install() goes through it (it becomes the default), and does what
 * the default does until the test arms it. Armed, it counts the chosen operations
 * (xWrite, xSync, xTruncate) on files whose path contains a chosen part, lets the first
 * @after_n through, and fails every later one with SQLITE_FULL (a full disk) or
 * SQLITE_IOERR (a failing disk), until disarmed, as a full disk stays full.
 *
 * Use:
 *
 *   reframe_fault_vfs_install ();                       // once, before opening anything
 *   reframe_fault_vfs_arm (REFRAME_FAULT_WRITE, "/backups/", 3, SQLITE_FULL);
 *   … the operation under test fails with a GError …
 *   reframe_fault_vfs_disarm ();
 *   g_assert_cmpuint (reframe_fault_vfs_get_n_failed (), >, 0);  // it did fail
 *
 * To find every point at which an operation can fail, run it once armed with a huge
 * @after_n and read reframe_fault_vfs_get_n_counted(), then try each N below it.
 * Journals opened before install() keep the VFS they were opened with. Thread-safe: a
 * worker thread's connection is counted like any other.
 */

#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

typedef enum
{
  REFRAME_FAULT_WRITE = 1 << 0,
  REFRAME_FAULT_SYNC = 1 << 1,
  REFRAME_FAULT_TRUNCATE = 1 << 2,
} ReframeFaultOps;

void  reframe_fault_vfs_install (void);
void  reframe_fault_vfs_arm (ReframeFaultOps ops,
                             const char     *path_part,
                             guint           after_n,
                             int             error_code);
void  reframe_fault_vfs_disarm (void);
guint reframe_fault_vfs_get_n_counted (void);
guint reframe_fault_vfs_get_n_failed (void);

G_END_DECLS
