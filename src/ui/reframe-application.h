/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-application.h: the GUI application: actions, style and the one main window. */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define REFRAME_TYPE_APPLICATION (reframe_application_get_type ())

G_DECLARE_FINAL_TYPE (ReframeApplication, reframe_application, REFRAME, APPLICATION, AdwApplication)

ReframeApplication *reframe_application_new (void);
const char         *reframe_application_get_data_dir (ReframeApplication *self);
void                reframe_application_set_data_dir (ReframeApplication *self,
                                                      const char         *data_dir);

gpointer   reframe_application_new_transient (GType      type,
                                              GtkWindow *parent);
GtkWidget *reframe_application_show_crisis_sheet (GtkWindow *parent);

typedef struct _ReframeBackupSchedule ReframeBackupSchedule;

ReframeBackupSchedule *reframe_application_get_backups (ReframeApplication *self);
void                   reframe_application_reopen_journal (ReframeApplication *self,
                                                           const char         *message);

char    *reframe_application_dup_journal_dir (ReframeApplication *self);
gboolean reframe_application_get_journal_encrypted (ReframeApplication *self);
gboolean reframe_application_get_login_unlock (ReframeApplication *self);
void     reframe_application_note_login_unlock (ReframeApplication *self,
                                                gboolean            enabled);
gboolean reframe_application_lock (ReframeApplication *self);
void     reframe_application_encrypt_journal (ReframeApplication *self,
                                              const char         *passphrase);
void     reframe_application_decrypt_journal (ReframeApplication *self);

G_END_DECLS
