/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-recovery-unlock-dialog.c: opening a locked journal with its recovery key.
 *
 * It stays open until the key works, saying what was wrong with it: a typing mistake
 * (not a recovery key at all) or a key that belongs to another journal or was replaced.
 */

#define G_LOG_DOMAIN "ReframeRecoveryUnlockDialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "reframe-application.h"
#include "reframe-journal-crypt.h"
#include "reframe-key-envelope.h"
#include "reframe-recovery-unlock-dialog.h"

struct _ReframeRecoveryUnlockDialog
{
  AdwWindow parent_instance;

  /* Template widgets */
  GtkButton   *unlock_button;
  GtkSpinner  *spinner;
  AdwEntryRow *key_row;
  GtkLabel    *message_label;

  /* Owned */
  char         *data_dir;
  GCancellable *cancellable;

  gboolean busy;
};

G_DEFINE_FINAL_TYPE (ReframeRecoveryUnlockDialog, reframe_recovery_unlock_dialog, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_UNLOCKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_message (ReframeRecoveryUnlockDialog *self,
             const char                  *message)
{
  gboolean shown = message != NULL && *message != '\0';

  gtk_label_set_label (self->message_label, shown ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), shown);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->key_row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  shown ? message : "",
                                  -1);
}

static void
set_busy (ReframeRecoveryUnlockDialog *self,
          gboolean                     busy)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->key_row));

  self->busy = busy;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  /* Not insensitive: the keyboard stays in the field (a focused text made insensitive
   * loses its focus-out in GTK 4.8). */
  gtk_editable_set_editable (GTK_EDITABLE (self->key_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->unlock_button), !busy && *text != '\0');
}

static const char *
describe_failure (const GError *error,
                  char        **owned)
{
  if (g_error_matches (error, REFRAME_KEY_ERROR, REFRAME_KEY_ERROR_BAD_RECOVERY_KEY))
    return _ (
        "That is not a whole recovery key. Check for a missing, extra or mistyped character.");
  if (g_error_matches (error, REFRAME_KEY_ERROR, REFRAME_KEY_ERROR_WRONG_RECOVERY_KEY))
    return _ ("That recovery key does not open this journal. If you made a new key since, use the "
              "newest one.");
  /* Translators: %s says why the journal could not be opened */
  *owned = g_strdup_printf (_ ("The journal could not be opened: %s"), error->message);
  return *owned;
}

static void
unlocked_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr (ReframeRecoveryUnlockDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *owned = NULL;

  if (reframe_journal_unlock_finish (result, &error))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->key_row), "");
      g_signal_emit (self, signals[SIGNAL_UNLOCKED], 0);
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  set_message (self, describe_failure (error, &owned));
  gtk_widget_grab_focus (GTK_WIDGET (self->key_row));
}

static void
unlock_requested_cb (ReframeRecoveryUnlockDialog *self)
{
  g_autofree char *key =
      g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->key_row))));

  if (self->busy || *key == '\0')
    return;
  set_message (self, NULL);
  set_busy (self, TRUE);
  reframe_journal_unlock_async (self->data_dir,
                                REFRAME_UNLOCK_RECOVERY_KEY,
                                key,
                                self->cancellable,
                                unlocked_cb,
                                g_object_ref (self));
  explicit_bzero (key, strlen (key));
}

static void
key_changed_cb (ReframeRecoveryUnlockDialog *self)
{
  set_busy (self, self->busy);
}

static void
reframe_recovery_unlock_dialog_dispose (GObject *object)
{
  ReframeRecoveryUnlockDialog *self = REFRAME_RECOVERY_UNLOCK_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), REFRAME_TYPE_RECOVERY_UNLOCK_DIALOG);

  G_OBJECT_CLASS (reframe_recovery_unlock_dialog_parent_class)->dispose (object);
}

static void
reframe_recovery_unlock_dialog_finalize (GObject *object)
{
  ReframeRecoveryUnlockDialog *self = REFRAME_RECOVERY_UNLOCK_DIALOG (object);

  g_clear_pointer (&self->data_dir, g_free);

  G_OBJECT_CLASS (reframe_recovery_unlock_dialog_parent_class)->finalize (object);
}

static void
reframe_recovery_unlock_dialog_class_init (ReframeRecoveryUnlockDialogClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = reframe_recovery_unlock_dialog_dispose;
  object_class->finalize = reframe_recovery_unlock_dialog_finalize;

  /**
   * ReframeRecoveryUnlockDialog::unlocked:
   * @self: the dialog
   *
   * Emitted when the recovery key unlocked the journal; the dialog then closes.
   */
  signals[SIGNAL_UNLOCKED] = g_signal_new ("unlocked",
                                           G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST,
                                           0,
                                           NULL,
                                           NULL,
                                           NULL,
                                           G_TYPE_NONE,
                                           0);

  gtk_widget_class_set_template_from_resource (
      widget_class, RESOURCE_PATH "/ui/reframe-recovery-unlock-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, ReframeRecoveryUnlockDialog, unlock_button);
  gtk_widget_class_bind_template_child (widget_class, ReframeRecoveryUnlockDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, ReframeRecoveryUnlockDialog, key_row);
  gtk_widget_class_bind_template_child (widget_class, ReframeRecoveryUnlockDialog, message_label);
  gtk_widget_class_bind_template_callback (widget_class, unlock_requested_cb);
  gtk_widget_class_bind_template_callback (widget_class, key_changed_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
reframe_recovery_unlock_dialog_init (ReframeRecoveryUnlockDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

/**
 * reframe_recovery_unlock_dialog_new:
 * @parent: (nullable): the window it opens over
 * @data_dir: the folder of the locked journal
 *
 * Returns: (transfer none): the dialog, owned by GTK's list of windows
 */
GtkWidget *
reframe_recovery_unlock_dialog_new (GtkWindow  *parent,
                                    const char *data_dir)
{
  ReframeRecoveryUnlockDialog *self;

  g_return_val_if_fail (data_dir != NULL, NULL);

  self = reframe_application_new_transient (REFRAME_TYPE_RECOVERY_UNLOCK_DIALOG, parent);
  self->data_dir = g_strdup (data_dir);
  gtk_widget_grab_focus (GTK_WIDGET (self->key_row));
  return GTK_WIDGET (self);
}
