/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-passphrase-dialog.c: choosing the passphrase.
 *
 * To encrypt, the dialog only collects it (typed twice) and emits ::passphrase-chosen:
 * encrypting closes every window, this one too (see reframe-application-lock.c). To
 * change it, the dialog changes it itself, off the main thread, and emits the signal
 * once the new one is in place; the journal is not rewritten.
 */

#define G_LOG_DOMAIN "ReframePassphraseDialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "reframe-application.h"
#include "reframe-journal-crypt.h"
#include "reframe-passphrase-dialog.h"

struct _ReframePassphraseDialog
{
  AdwWindow parent_instance;

  /* Template widgets */
  GtkButton           *confirm_button;
  GtkSpinner          *spinner;
  AdwPreferencesGroup *passphrase_group;
  AdwPasswordEntryRow *passphrase_row;
  AdwPasswordEntryRow *repeat_row;
  GtkLabel            *hint_label;
  GtkLabel            *note_label;

  /* Owned */
  char         *data_dir;
  GCancellable *cancellable;

  ReframePassphraseDialogMode mode;
  gboolean                    busy;
};

G_DEFINE_FINAL_TYPE (ReframePassphraseDialog, reframe_passphrase_dialog, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_PASSPHRASE_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
get_text (AdwPasswordEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void
set_hint (ReframePassphraseDialog *self,
          const char              *hint,
          gboolean                 is_error)
{
  gtk_label_set_label (self->hint_label, hint != NULL ? hint : "");
  gtk_widget_set_visible (GTK_WIDGET (self->hint_label), hint != NULL && *hint != '\0');
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->hint_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->hint_label), "error");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->repeat_row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  hint != NULL ? hint : "",
                                  -1);
}

/* Says what is still missing; %TRUE when the passphrase can be used. */
static gboolean
check_passphrase (ReframePassphraseDialog *self)
{
  const char *passphrase = get_text (self->passphrase_row);
  const char *repeat = get_text (self->repeat_row);

  if (g_utf8_strlen (passphrase, -1) < REFRAME_PASSPHRASE_MIN_LENGTH)
    {
      /* Translators: %d is the shortest length allowed, at least 8 */
      g_autofree char *hint =
          g_strdup_printf (ngettext ("Use at least %d character. A few words you will remember, "
                                     "like a short sentence, work well.",
                                     "Use at least %d characters. A few words you will remember, "
                                     "like a short sentence, work well.",
                                     REFRAME_PASSPHRASE_MIN_LENGTH),
                           REFRAME_PASSPHRASE_MIN_LENGTH);

      set_hint (self, hint, FALSE);
      return FALSE;
    }
  if (*repeat == '\0')
    {
      set_hint (self, _ ("Type it once more below, to be sure of it."), FALSE);
      return FALSE;
    }
  if (!g_str_equal (passphrase, repeat))
    {
      set_hint (self, _ ("The two passphrases are not the same yet."), TRUE);
      return FALSE;
    }
  set_hint (self, _ ("The passphrases match."), FALSE);
  return TRUE;
}

static void
update (ReframePassphraseDialog *self)
{
  gboolean ok = check_passphrase (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "passphrase.confirm", ok && !self->busy);
}

static void
text_changed_cb (ReframePassphraseDialog *self)
{
  update (self);
}

static void
set_busy (ReframePassphraseDialog *self,
          gboolean                 busy)
{
  self->busy = busy;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  /* Not insensitive: the keyboard stays where it is (a focused text made insensitive
   * loses its focus-out in GTK 4.8). */
  gtk_editable_set_editable (GTK_EDITABLE (self->passphrase_row), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->repeat_row), !busy);
  update (self);
}

static void
changed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (ReframePassphraseDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;

  if (reframe_journal_change_passphrase_finish (result, &error))
    {
      g_signal_emit (self, signals[SIGNAL_PASSPHRASE_CHOSEN], 0, get_text (self->passphrase_row));
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  /* Translators: %s says why the passphrase could not be changed */
  message = g_strdup_printf (_ ("The passphrase was not changed: %s"), error->message);
  set_hint (self, message, TRUE);
}

static void
confirm_activated_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ReframePassphraseDialog *self = REFRAME_PASSPHRASE_DIALOG (widget);

  if (self->busy || !check_passphrase (self))
    return;
  if (self->mode == REFRAME_PASSPHRASE_DIALOG_ENCRYPT)
    {
      g_autoptr (ReframePassphraseDialog) kept = g_object_ref (self);

      g_signal_emit (self, signals[SIGNAL_PASSPHRASE_CHOSEN], 0, get_text (self->passphrase_row));
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  set_busy (self, TRUE);
  reframe_journal_change_passphrase_async (self->data_dir,
                                           get_text (self->passphrase_row),
                                           self->cancellable,
                                           changed_cb,
                                           g_object_ref (self));
}

static void
passphrase_activated_cb (ReframePassphraseDialog *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->repeat_row));
}

static void
repeat_activated_cb (ReframePassphraseDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "passphrase.confirm", NULL);
}

static void
reframe_passphrase_dialog_dispose (GObject *object)
{
  ReframePassphraseDialog *self = REFRAME_PASSPHRASE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), REFRAME_TYPE_PASSPHRASE_DIALOG);

  G_OBJECT_CLASS (reframe_passphrase_dialog_parent_class)->dispose (object);
}

static void
reframe_passphrase_dialog_finalize (GObject *object)
{
  ReframePassphraseDialog *self = REFRAME_PASSPHRASE_DIALOG (object);

  g_clear_pointer (&self->data_dir, g_free);

  G_OBJECT_CLASS (reframe_passphrase_dialog_parent_class)->finalize (object);
}

static void
reframe_passphrase_dialog_class_init (ReframePassphraseDialogClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = reframe_passphrase_dialog_dispose;
  object_class->finalize = reframe_passphrase_dialog_finalize;

  /**
   * ReframePassphraseDialog::passphrase-chosen:
   * @self: the dialog
   * @passphrase: the passphrase
   *
   * To encrypt: the passphrase to encrypt with was chosen. To change: the new
   * passphrase is in place. The dialog closes after it.
   */
  signals[SIGNAL_PASSPHRASE_CHOSEN] = g_signal_new ("passphrase-chosen",
                                                    G_TYPE_FROM_CLASS (klass),
                                                    G_SIGNAL_RUN_LAST,
                                                    0,
                                                    NULL,
                                                    NULL,
                                                    NULL,
                                                    G_TYPE_NONE,
                                                    1,
                                                    G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/reframe-passphrase-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, ReframePassphraseDialog, confirm_button);
  gtk_widget_class_bind_template_child (widget_class, ReframePassphraseDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, ReframePassphraseDialog, passphrase_group);
  gtk_widget_class_bind_template_child (widget_class, ReframePassphraseDialog, passphrase_row);
  gtk_widget_class_bind_template_child (widget_class, ReframePassphraseDialog, repeat_row);
  gtk_widget_class_bind_template_child (widget_class, ReframePassphraseDialog, hint_label);
  gtk_widget_class_bind_template_child (widget_class, ReframePassphraseDialog, note_label);
  gtk_widget_class_bind_template_callback (widget_class, text_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, passphrase_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, repeat_activated_cb);

  gtk_widget_class_install_action (widget_class, "passphrase.confirm", NULL, confirm_activated_cb);
  gtk_widget_class_add_binding_action (
      widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "passphrase.confirm", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
reframe_passphrase_dialog_init (ReframePassphraseDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

static void
set_mode (ReframePassphraseDialog    *self,
          ReframePassphraseDialogMode mode)
{
  self->mode = mode;
  if (mode == REFRAME_PASSPHRASE_DIALOG_ENCRYPT)
    {
      adw_preferences_group_set_description (
          self->passphrase_group,
          _ ("Reframe will ask for this passphrase whenever it opens your journal. Next, you get a "
             "recovery key to keep somewhere safe.\n\n"
             "Without your passphrase or your recovery key, nobody can open your journal: not you, "
             "and not the people who make Reframe. There is no other way back in."));
      gtk_label_set_label (self->note_label,
                           _ ("Reframe then closes its windows, writes your journal again "
                              "encrypted, and opens it. Nothing you wrote is lost."));
      return;
    }
  gtk_window_set_title (GTK_WINDOW (self), _ ("Change Passphrase"));
  gtk_button_set_label (self->confirm_button, _ ("C_hange"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->passphrase_row), _ ("New Passphrase"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->repeat_row),
                                 _ ("New Passphrase Again"));
  adw_preferences_group_set_description (
      self->passphrase_group,
      _ ("The new passphrase opens your journal from now on, and the old one no longer does. Your "
         "recovery key keeps working."));
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), FALSE);
}

/**
 * reframe_passphrase_dialog_new:
 * @parent: (nullable): the window it opens over
 * @mode: to encrypt, or to change the passphrase
 * @data_dir: the folder of the journal
 *
 * Returns: (transfer none): the dialog, owned by GTK's list of windows
 */
GtkWidget *
reframe_passphrase_dialog_new (GtkWindow                  *parent,
                               ReframePassphraseDialogMode mode,
                               const char                 *data_dir)
{
  ReframePassphraseDialog *self;

  g_return_val_if_fail (data_dir != NULL, NULL);

  self = reframe_application_new_transient (REFRAME_TYPE_PASSPHRASE_DIALOG, parent);
  self->data_dir = g_strdup (data_dir);
  set_mode (self, mode);
  update (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->passphrase_row));
  return GTK_WIDGET (self);
}
