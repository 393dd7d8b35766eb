/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-application-private.h: the application's state, shared with the files that split it
 * by concern (reframe-application-lock.c: locking, encrypting and decrypting the journal). */

#pragma once

#include "reframe-application.h"
#include "reframe-autostart.h"
#include "reframe-auto-lock.h"
#include "reframe-backup-schedule.h"
#include "reframe-reminders.h"
#include "reframe-window.h"

G_BEGIN_DECLS

struct _ReframeApplication
{
  AdwApplication parent_instance;

  /* Owned */
  char                  *data_dir;
  GSettings             *settings;
  ReframeReminders      *reminders;
  ReframeAutostart      *autostart;
  ReframeBackupSchedule *backups;
  ReframeAutoLock       *auto_lock;

  /* What the journal is, read when the main window is made, before it opens the journal:
   * reading the file's first bytes while SQLite has it open would close a descriptor of
   * the file, which drops SQLite's locks on it for the whole process. */
  gboolean encrypted;
  gboolean login_unlock;

  /* Borrowed: GTK's list of windows owns it. Set while the journal is being rewritten
   * (encrypted or decrypted), when no window may open it. */
  GtkWindow *busy_window;
};

ReframeWindow *_reframe_application_find_main_window (ReframeApplication *self);
gboolean       _reframe_application_close_windows (ReframeApplication *self);
void           _reframe_application_open_main_window (ReframeApplication *self);
void           _reframe_application_journal_opened (ReframeApplication *self,
                                                    ReframeWindow      *window);
void           _reframe_application_install_lock (ReframeApplication *self);
void           _reframe_application_read_journal_kind (ReframeApplication *self);

G_END_DECLS
