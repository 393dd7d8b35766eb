/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-privacy-page.c: Preferences → Privacy.
 *
 * The switches show what is true of the journal, read from it: flipping one asks first
 * (or opens the passphrase dialog) and flips back until the change is made. Encrypting
 * and decrypting close every window, this one too, so they start from an idle callback
 * once the dialog that asked has returned.
 */

#define G_LOG_DOMAIN "ReframePrivacyPage"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "reframe-application.h"
#include "reframe-journal-crypt.h"
#include "reframe-passphrase-dialog.h"
#include "reframe-preferences-window.h"
#include "reframe-privacy-page.h"
#include "reframe-recovery-key-dialog.h"

struct _ReframePrivacyPage
{
  AdwPreferencesPage parent_instance;

  /* Template widgets */
  AdwPreferencesGroup *encryption_group;
  AdwActionRow        *encrypt_row;
  GtkSwitch           *encrypt_switch;
  AdwActionRow        *passphrase_row;
  AdwActionRow        *recovery_row;
  AdwActionRow        *login_row;
  GtkSwitch           *login_switch;
  AdwPreferencesGroup *lock_group;
  AdwComboRow         *lock_after_row;

  /* Owned */
  char         *data_dir;
  GSettings    *settings;
  GCancellable *cancellable;

  /* What the journal is. Not read from its files while it is open (see
   * reframe-application-private.h): told at the start, and kept up to date here. */
  gboolean encrypted;
  gboolean login_unlock;

  /* The switches are being set from the journal: not the person. */
  gboolean syncing;
  gboolean login_busy;
};

G_DEFINE_FINAL_TYPE (ReframePrivacyPage, reframe_privacy_page, ADW_TYPE_PREFERENCES_PAGE)

/* The lock-after-minutes values of the Lock Automatically row, in its order. */
static const guint lock_minutes[] = { 0, 5, 15, 30, 60 };

static GtkWindow *
get_window (ReframePrivacyPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* The switches and rows say what is true of the journal now. */
static void
sync_from_journal (ReframePrivacyPage *self)
{
  gboolean encrypted = self->encrypted;

  self->syncing = TRUE;
  gtk_switch_set_active (self->encrypt_switch, encrypted);
  gtk_switch_set_active (self->login_switch, encrypted && self->login_unlock);
  self->syncing = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->passphrase_row), encrypted);
  gtk_widget_set_visible (GTK_WIDGET (self->recovery_row), encrypted);
  gtk_widget_set_visible (GTK_WIDGET (self->login_row), encrypted);
  gtk_widget_set_visible (GTK_WIDGET (self->lock_group), encrypted);
  gtk_widget_set_sensitive (GTK_WIDGET (self->login_switch), !self->login_busy);
}

static GtkWidget *
new_question (ReframePrivacyPage   *self,
              const char           *heading,
              const char           *body,
              const char           *yes_id,
              const char           *yes_label,
              AdwResponseAppearance appearance)
{
  GtkWidget *dialog = adw_message_dialog_new (get_window (self), heading, body);

  adw_message_dialog_add_responses (
      ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"), yes_id, yes_label, NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), yes_id, appearance);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  return dialog;
}

/* Encrypting and decrypting */

typedef struct
{
  ReframeApplication *app;
  char               *passphrase;
} Rewrite;

static void
run_rewrite (gpointer user_data)
{
  Rewrite *rewrite = user_data;

  if (rewrite->passphrase != NULL)
    reframe_application_encrypt_journal (rewrite->app, rewrite->passphrase);
  else
    reframe_application_decrypt_journal (rewrite->app);
  if (rewrite->passphrase != NULL)
    explicit_bzero (rewrite->passphrase, strlen (rewrite->passphrase));
  g_free (rewrite->passphrase);
  g_object_unref (rewrite->app);
  g_free (rewrite);
}

/* Later, when no dialog of ours is in the middle of emitting a signal. */
static void
schedule_rewrite (const char *passphrase)
{
  GApplication *app = g_application_get_default ();
  Rewrite      *rewrite;

  if (!REFRAME_IS_APPLICATION (app))
    return;
  rewrite = g_new0 (Rewrite, 1);
  rewrite->app = g_object_ref (REFRAME_APPLICATION (app));
  rewrite->passphrase = g_strdup (passphrase);
  g_idle_add_once (run_rewrite, rewrite);
}

static void
passphrase_chosen_cb (ReframePassphraseDialog *dialog,
                      const char              *passphrase,
                      ReframePrivacyPage      *self)
{
  schedule_rewrite (passphrase);
}

static void
decrypt_response_cb (AdwMessageDialog   *dialog,
                     const char         *response,
                     ReframePrivacyPage *self)
{
  if (g_strcmp0 (response, "off") == 0)
    schedule_rewrite (NULL);
}

static void
encrypt_switch_toggled_cb (ReframePrivacyPage *self)
{
  gboolean   wanted = gtk_switch_get_active (self->encrypt_switch);
  GtkWidget *dialog;

  if (self->syncing || wanted == self->encrypted)
    return;
  /* Nothing changes until the person has said how. */
  sync_from_journal (self);
  if (wanted)
    {
      dialog = reframe_passphrase_dialog_new (
          get_window (self), REFRAME_PASSPHRASE_DIALOG_ENCRYPT, self->data_dir);
      g_signal_connect_object (
          dialog, "passphrase-chosen", G_CALLBACK (passphrase_chosen_cb), self, 0);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  dialog = new_question (self,
                         _ ("Turn Off Encryption?"),
                         _ ("Reframe closes its windows, writes your journal again without "
                            "encryption, and opens it. Anyone who can read the files on this "
                            "computer, or copies of them, can then read the journal."),
                         "off",
                         _ ("_Turn Off"),
                         ADW_RESPONSE_DESTRUCTIVE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (decrypt_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Passphrase and recovery key */

static void
passphrase_changed_cb (ReframePassphraseDialog *dialog,
                       const char              *passphrase,
                       ReframePrivacyPage      *self)
{
  reframe_preferences_window_toast_for (GTK_WIDGET (self), _ ("Your passphrase is changed"));
}

static void
passphrase_row_activated_cb (ReframePrivacyPage *self)
{
  GtkWidget *dialog = reframe_passphrase_dialog_new (
      get_window (self), REFRAME_PASSPHRASE_DIALOG_CHANGE, self->data_dir);

  g_signal_connect_object (
      dialog, "passphrase-chosen", G_CALLBACK (passphrase_changed_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
recovery_response_cb (AdwMessageDialog   *dialog,
                      const char         *response,
                      ReframePrivacyPage *self)
{
  g_autoptr (GError) error = NULL;
  char *key;

  if (g_strcmp0 (response, "new") != 0)
    return;
  key = reframe_journal_new_recovery_key (self->data_dir, &error);
  if (key == NULL)
    {
      g_autofree char *text = NULL;

      /* Translators: %s says why no new recovery key was made */
      text = g_strdup_printf (_ ("No new recovery key was made: %s"), error->message);
      reframe_preferences_window_toast_for (GTK_WIDGET (self), text);
      return;
    }
  gtk_window_present (GTK_WINDOW (reframe_recovery_key_dialog_new (get_window (self), key)));
  explicit_bzero (key, strlen (key));
  g_free (key);
}

static void
recovery_row_activated_cb (ReframePrivacyPage *self)
{
  GtkWidget *dialog = new_question (self,
                                    _ ("Make a New Recovery Key?"),
                                    _ ("The recovery key you have now stops working, and you get a "
                                       "new one to save. Your passphrase stays the same."),
                                    "new",
                                    _ ("_Make a New Key"),
                                    ADW_RESPONSE_SUGGESTED);

  g_signal_connect_object (dialog, "response", G_CALLBACK (recovery_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Unlocking with the login: the keyring may ask for its password, so off the main thread. */

typedef struct
{
  char    *data_dir;
  gboolean enabled;
} LoginJob;

static void
login_job_free (LoginJob *job)
{
  g_free (job->data_dir);
  g_free (job);
}

static void
set_login_thread (GTask        *task,
                  gpointer      source,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  LoginJob *job = task_data;
  GError   *error = NULL;

  if (reframe_journal_set_login_unlock (job->data_dir, job->enabled, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
login_set_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  ReframePrivacyPage *self = REFRAME_PRIVACY_PAGE (source);
  LoginJob           *job = g_task_get_task_data (G_TASK (result));
  GApplication       *app = g_application_get_default ();
  g_autoptr (GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->login_busy = FALSE;
  if (error == NULL)
    {
      self->login_unlock = job->enabled;
      if (REFRAME_IS_APPLICATION (app))
        reframe_application_note_login_unlock (REFRAME_APPLICATION (app), job->enabled);
    }
  sync_from_journal (self);
  if (error != NULL)
    {
      /* The whole reason, which a toast would cut short. */
      GtkWidget *dialog = adw_message_dialog_new (
          get_window (self), _ ("Unlocking With Your Login Did Not Change"), error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _ ("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
}

static void
set_login (ReframePrivacyPage *self,
           gboolean            enabled)
{
  g_autoptr (GTask) task = g_task_new (self, self->cancellable, login_set_cb, NULL);
  LoginJob *job = g_new0 (LoginJob, 1);

  job->data_dir = g_strdup (self->data_dir);
  job->enabled = enabled;
  g_task_set_source_tag (task, set_login);
  g_task_set_task_data (task, job, (GDestroyNotify) login_job_free);
  self->login_busy = TRUE;
  sync_from_journal (self);
  g_task_run_in_thread (task, set_login_thread);
}

static void
login_response_cb (AdwMessageDialog   *dialog,
                   const char         *response,
                   ReframePrivacyPage *self)
{
  if (g_strcmp0 (response, "use") == 0)
    set_login (self, TRUE);
}

static void
login_switch_toggled_cb (ReframePrivacyPage *self)
{
  gboolean   wanted = gtk_switch_get_active (self->login_switch);
  GtkWidget *dialog;

  if (self->syncing || self->login_busy || wanted == self->login_unlock)
    return;
  sync_from_journal (self);
  if (!wanted)
    {
      set_login (self, FALSE);
      return;
    }
  dialog = new_question (
      self,
      _ ("Unlock With Your Login?"),
      _ ("Reframe will keep a key to your journal in your login keyring, and open the journal "
         "without asking for the passphrase while you are logged in.\n\n"
         "Anyone who can use this computer while you are logged in, and any program running as "
         "you, can then open your journal. Your passphrase and recovery key keep working."),
      "use",
      _ ("_Use My Login"),
      ADW_RESPONSE_SUGGESTED);
  g_signal_connect_object (dialog, "response", G_CALLBACK (login_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Locking automatically */

static gboolean
minutes_to_selected (GValue   *value,
                     GVariant *variant,
                     gpointer  user_data)
{
  guint minutes = g_variant_get_uint32 (variant);
  guint selected = G_N_ELEMENTS (lock_minutes) - 1;

  /* A value set elsewhere shows as the first choice that locks no later. */
  if (minutes == 0)
    selected = 0;
  else
    for (guint i = G_N_ELEMENTS (lock_minutes) - 1; i > 0; i--)
      if (lock_minutes[i] >= minutes)
        selected = i;
  g_value_set_uint (value, selected);
  return TRUE;
}

static GVariant *
selected_to_minutes (const GValue       *value,
                     const GVariantType *expected_type,
                     gpointer            user_data)
{
  guint selected = g_value_get_uint (value);

  return g_variant_new_uint32 (lock_minutes[MIN (selected, G_N_ELEMENTS (lock_minutes) - 1)]);
}

/* GObject */

static void
reframe_privacy_page_dispose (GObject *object)
{
  ReframePrivacyPage *self = REFRAME_PRIVACY_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), REFRAME_TYPE_PRIVACY_PAGE);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (reframe_privacy_page_parent_class)->dispose (object);
}

static void
reframe_privacy_page_finalize (GObject *object)
{
  ReframePrivacyPage *self = REFRAME_PRIVACY_PAGE (object);

  g_clear_pointer (&self->data_dir, g_free);

  G_OBJECT_CLASS (reframe_privacy_page_parent_class)->finalize (object);
}

static void
reframe_privacy_page_class_init (ReframePrivacyPageClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = reframe_privacy_page_dispose;
  object_class->finalize = reframe_privacy_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/reframe-privacy-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ReframePrivacyPage, encryption_group);
  gtk_widget_class_bind_template_child (widget_class, ReframePrivacyPage, encrypt_row);
  gtk_widget_class_bind_template_child (widget_class, ReframePrivacyPage, encrypt_switch);
  gtk_widget_class_bind_template_child (widget_class, ReframePrivacyPage, passphrase_row);
  gtk_widget_class_bind_template_child (widget_class, ReframePrivacyPage, recovery_row);
  gtk_widget_class_bind_template_child (widget_class, ReframePrivacyPage, login_row);
  gtk_widget_class_bind_template_child (widget_class, ReframePrivacyPage, login_switch);
  gtk_widget_class_bind_template_child (widget_class, ReframePrivacyPage, lock_group);
  gtk_widget_class_bind_template_child (widget_class, ReframePrivacyPage, lock_after_row);
  gtk_widget_class_bind_template_callback (widget_class, encrypt_switch_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, passphrase_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, recovery_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, login_switch_toggled_cb);
}

static void
reframe_privacy_page_init (ReframePrivacyPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

/**
 * reframe_privacy_page_new:
 * @data_dir: the folder of the open journal
 * @settings: the application's settings (lock-after-minutes)
 * @encrypted: whether the journal is encrypted
 * @login_unlock: whether it opens with the login keyring
 *
 * Returns: (transfer floating): the page
 */
GtkWidget *
reframe_privacy_page_new (const char *data_dir,
                          GSettings  *settings,
                          gboolean    encrypted,
                          gboolean    login_unlock)
{
  ReframePrivacyPage *self;

  g_return_val_if_fail (data_dir != NULL, NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (REFRAME_TYPE_PRIVACY_PAGE, NULL);
  self->data_dir = g_strdup (data_dir);
  self->settings = g_object_ref (settings);
  self->encrypted = encrypted;
  self->login_unlock = encrypted && login_unlock;
  g_settings_bind_with_mapping (settings,
                                "lock-after-minutes",
                                self->lock_after_row,
                                "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                minutes_to_selected,
                                selected_to_minutes,
                                NULL,
                                NULL);
  sync_from_journal (self);
  return GTK_WIDGET (self);
}
