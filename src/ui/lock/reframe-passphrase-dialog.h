/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-passphrase-dialog.h: choosing the passphrase: to encrypt the journal, or a new one
 * for a journal that is encrypted. */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef enum
{
  REFRAME_PASSPHRASE_DIALOG_ENCRYPT,
  REFRAME_PASSPHRASE_DIALOG_CHANGE,
} ReframePassphraseDialogMode;

/* The shortest passphrase accepted, in characters. */
#define REFRAME_PASSPHRASE_MIN_LENGTH 8

#define REFRAME_TYPE_PASSPHRASE_DIALOG (reframe_passphrase_dialog_get_type ())

G_DECLARE_FINAL_TYPE (
    ReframePassphraseDialog, reframe_passphrase_dialog, REFRAME, PASSPHRASE_DIALOG, AdwWindow)

GtkWidget *reframe_passphrase_dialog_new (GtkWindow                  *parent,
                                          ReframePassphraseDialogMode mode,
                                          const char                 *data_dir);

G_END_DECLS
