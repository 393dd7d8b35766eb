/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-application-lock.c: locking Reframe, and encrypting or decrypting the journal.
 *
 * Each closes every window first, so that everything open is saved and every store
 * (the windows', the reminders', the backups') lets go of the journal: locking wipes
 * the key only once the last connection is gone, and rewriting the journal needs it
 * closed. A window that stays open to ask about words it could not save stops them:
 * nothing is lost to a lock.
 */

#define G_LOG_DOMAIN "ReframeApplication"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "reframe-application-private.h"
#include "reframe-journal-crypt.h"
#include "reframe-recovery-key-dialog.h"

typedef struct
{
  ReframeApplication *self;
  char               *dir;
  char               *passphrase;
  char               *recovery_key;
} RewriteJob;

static void
wipe_string (char *text)
{
  if (text != NULL)
    explicit_bzero (text, strlen (text));
  g_free (text);
}

static void
rewrite_job_free (RewriteJob *job)
{
  g_clear_object (&job->self);
  g_free (job->dir);
  wipe_string (job->passphrase);
  wipe_string (job->recovery_key);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RewriteJob, rewrite_job_free)

/* Ctrl+L and the menu item work while an encrypted journal is open; so does the
 * automatic lock. */
static void
update_lock_state (ReframeApplication *self,
                   ReframeWindow      *window)
{
  gboolean open = window != NULL && reframe_window_get_store (window) != NULL;
  gboolean lockable = open && self->busy_window == NULL && self->encrypted;
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "lock");

  if (action != NULL)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (action), lockable);
  if (self->auto_lock != NULL)
    reframe_auto_lock_set_armed (self->auto_lock, lockable);
}

static gboolean
any_window_shown (ReframeApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (gtk_widget_get_visible (l->data))
      return TRUE;
  return FALSE;
}

/* Lets the reminders and the backups go of the journal too. */
static void
drop_journal (ReframeApplication *self)
{
  reframe_reminders_set_store (self->reminders, NULL);
  g_clear_object (&self->backups);
}

/**
 * _reframe_application_close_windows:
 * @self: the application
 *
 * Closes every window as a person would, so that each saves what it holds, then
 * destroys those that only hid (the main window, when Reframe runs in the background).
 * The caller holds the application, which would end with its last window.
 *
 * Returns: %FALSE when a window stayed open to ask about something it could not save;
 *   the others are closed
 */
gboolean
_reframe_application_close_windows (ReframeApplication *self)
{
  g_autolist (GtkWindow) windows = NULL;

  /* Closing one window may destroy another (an editor with its parent). */
  windows = g_list_copy_deep (
      gtk_application_get_windows (GTK_APPLICATION (self)), (GCopyFunc) g_object_ref, NULL);
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  g_clear_list (&windows, g_object_unref);

  if (any_window_shown (self))
    return FALSE;

  windows = g_list_copy_deep (
      gtk_application_get_windows (GTK_APPLICATION (self)), (GCopyFunc) g_object_ref, NULL);
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  return TRUE;
}

/**
 * _reframe_application_journal_opened:
 * @self: the application
 * @window: a new main window, with its journal open or not
 *
 * Follows what the new window opened: reminders with content again, Lock Reframe and
 * the automatic lock for an encrypted journal.
 */
void
_reframe_application_journal_opened (ReframeApplication *self,
                                     ReframeWindow      *window)
{
  if (reframe_window_get_store (window) != NULL)
    reframe_reminders_set_locked (self->reminders, FALSE);
  update_lock_state (self, window);
}

/**
 * _reframe_application_read_journal_kind:
 * @self: the application
 *
 * Reads whether the journal is encrypted, and opens with the login, from its files.
 * Only while no store has it open (see the struct).
 */
void
_reframe_application_read_journal_kind (ReframeApplication *self)
{
  g_autofree char *dir = reframe_application_dup_journal_dir (self);

  self->encrypted = reframe_journal_is_encrypted (dir);
  self->login_unlock = self->encrypted && reframe_journal_has_login_unlock (dir);
}

/**
 * reframe_application_get_journal_encrypted:
 * @self: the application
 *
 * Returns: whether the journal was encrypted when the main window opened it
 */
gboolean
reframe_application_get_journal_encrypted (ReframeApplication *self)
{
  g_return_val_if_fail (REFRAME_IS_APPLICATION (self), FALSE);

  return self->encrypted;
}

/**
 * reframe_application_get_login_unlock:
 * @self: the application
 *
 * Returns: whether the encrypted journal opens with the login keyring
 */
gboolean
reframe_application_get_login_unlock (ReframeApplication *self)
{
  g_return_val_if_fail (REFRAME_IS_APPLICATION (self), FALSE);

  return self->login_unlock;
}

/**
 * reframe_application_note_login_unlock:
 * @self: the application
 * @enabled: whether the journal now opens with the login keyring
 *
 * Keeps reframe_application_get_login_unlock() true after the person changed it.
 */
void
reframe_application_note_login_unlock (ReframeApplication *self,
                                       gboolean            enabled)
{
  g_return_if_fail (REFRAME_IS_APPLICATION (self));

  self->login_unlock = self->encrypted && enabled;
}

/**
 * reframe_application_dup_journal_dir:
 * @self: the application
 *
 * Returns: (transfer full): the folder of the journal: the one given with
 *   `--data-dir`, or the default one
 */
char *
reframe_application_dup_journal_dir (ReframeApplication *self)
{
  g_return_val_if_fail (REFRAME_IS_APPLICATION (self), NULL);

  return self->data_dir != NULL ? g_strdup (self->data_dir) : reframe_store_dup_default_dir ();
}

/**
 * reframe_application_lock:
 * @self: the application
 *
 * Locks an encrypted journal: every window saves and closes, the journal closes and
 * its key is wiped, and the main window opens again asking for the passphrase (unless
 * no window was showing, as when Reframe runs in the background). Reminders still come,
 * without a word of the journal.
 *
 * Returns: whether it locked; not when the journal is not encrypted or not open, or a
 *   window stayed open to ask about words it could not save
 */
gboolean
reframe_application_lock (ReframeApplication *self)
{
  ReframeWindow   *window;
  g_autofree char *dir = NULL;
  gboolean         shown;

  g_return_val_if_fail (REFRAME_IS_APPLICATION (self), FALSE);

  window = _reframe_application_find_main_window (self);
  if (self->busy_window != NULL || window == NULL || reframe_window_get_store (window) == NULL ||
      !self->encrypted)
    return FALSE;
  dir = reframe_application_dup_journal_dir (self);

  shown = any_window_shown (self);
  g_application_hold (G_APPLICATION (self));
  if (!_reframe_application_close_windows (self))
    {
      /* Asked again after the next while without use. */
      update_lock_state (self, _reframe_application_find_main_window (self));
      g_application_release (G_APPLICATION (self));
      return FALSE;
    }

  /* The reminders look at the homework one last time, then forget the journal. */
  reframe_reminders_set_locked (self->reminders, TRUE);
  drop_journal (self);
  reframe_journal_lock (dir);
  g_debug ("Locked the journal in %s", dir);

  if (shown)
    {
      _reframe_application_open_main_window (self);
      gtk_window_present (GTK_WINDOW (_reframe_application_find_main_window (self)));
    }
  else
    update_lock_state (self, NULL);
  g_application_release (G_APPLICATION (self));
  return TRUE;
}

static void
lock_activated_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  reframe_application_lock (REFRAME_APPLICATION (user_data));
}

static void
auto_lock_cb (ReframeApplication *self)
{
  reframe_application_lock (self);
}

/**
 * _reframe_application_install_lock:
 * @self: the application, starting up
 *
 * Adds `app.lock` (Ctrl+L) and the automatic lock.
 */
void
_reframe_application_install_lock (ReframeApplication *self)
{
  static const GActionEntry entries[] = {
    { "lock", lock_activated_cb, NULL, NULL, NULL, { 0 } },
  };
  static const char *const accels[] = { "<Control>l", NULL };

  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.lock", accels);
  self->auto_lock = reframe_auto_lock_new (GTK_APPLICATION (self), self->settings);
  g_signal_connect_object (
      self->auto_lock, "lock", G_CALLBACK (auto_lock_cb), self, G_CONNECT_SWAPPED);
  update_lock_state (self, NULL);
}

/* Rewriting the journal */

/* The busy window cannot be closed: the journal is half written. */
static gboolean
busy_close_request_cb (GtkWindow *window,
                       gpointer   user_data)
{
  return TRUE;
}

static void
show_busy_window (ReframeApplication *self,
                  const char         *title,
                  const char         *description)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (self));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *status = adw_status_page_new ();
  GtkWidget *spinner = gtk_spinner_new ();

  gtk_window_set_title (GTK_WINDOW (window), _ ("Reframe"));
  gtk_window_set_default_size (GTK_WINDOW (window), 600, 460);
  gtk_window_set_deletable (GTK_WINDOW (window), FALSE);
  g_signal_connect (window, "close-request", G_CALLBACK (busy_close_request_cb), NULL);

  gtk_widget_add_css_class (header, "flat");
  gtk_box_append (GTK_BOX (box), header);
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "channel-secure-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (status), title);
  adw_status_page_set_description (ADW_STATUS_PAGE (status), description);
  gtk_widget_set_vexpand (status, TRUE);
  gtk_widget_set_size_request (spinner, 32, 32);
  /* Translators: a spinner's label for screen readers while the journal is encrypted or opened */
  gtk_accessible_update_property (
      GTK_ACCESSIBLE (spinner), GTK_ACCESSIBLE_PROPERTY_LABEL, _ ("Working"), -1);
  gtk_spinner_start (GTK_SPINNER (spinner));
  adw_status_page_set_child (ADW_STATUS_PAGE (status), spinner);
  gtk_box_append (GTK_BOX (box), status);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);

  self->busy_window = GTK_WINDOW (window);
  gtk_window_present (GTK_WINDOW (window));
}

/* Closes everything and shows the busy window. */
static gboolean
begin_rewrite (ReframeApplication *self,
               const char         *title,
               const char         *description)
{
  ReframeWindow *window;

  if (self->busy_window != NULL)
    return FALSE;

  g_application_hold (G_APPLICATION (self));
  if (!_reframe_application_close_windows (self))
    {
      window = _reframe_application_find_main_window (self);
      if (window != NULL)
        reframe_window_add_toast (
            window,
            adw_toast_new (_ (
                "Nothing was changed: a window is still asking about words it could not save.")));
      update_lock_state (self, window);
      g_application_release (G_APPLICATION (self));
      return FALSE;
    }
  drop_journal (self);
  show_busy_window (self, title, description);
  update_lock_state (self, NULL);
  return TRUE;
}

static void
show_failure (GtkWindow    *parent,
              const char   *heading,
              const GError *error)
{
  GtkWidget       *dialog;
  g_autofree char *body = NULL;

  /* Translators: %s says what went wrong */
  body = g_strdup_printf (_ ("%s\n\nYour journal is as it was before."), error->message);
  dialog = adw_message_dialog_new (parent, heading, body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _ ("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The journal opens again in a new main window, which says how it went. */
static void
end_rewrite (RewriteJob   *job,
             const char   *done_message,
             const char   *failure_heading,
             const GError *error)
{
  ReframeApplication *self = job->self;
  GtkWindow          *busy = g_steal_pointer (&self->busy_window);
  ReframeWindow      *window;

  _reframe_application_open_main_window (self);
  window = _reframe_application_find_main_window (self);
  gtk_window_present (GTK_WINDOW (window));
  if (busy != NULL)
    gtk_window_destroy (busy);

  if (error != NULL)
    show_failure (GTK_WINDOW (window), failure_heading, error);
  else
    reframe_window_add_toast (window, adw_toast_new (done_message));
  /* Shown once, now: without it a forgotten passphrase loses the journal. */
  if (job->recovery_key != NULL)
    gtk_window_present (
        GTK_WINDOW (reframe_recovery_key_dialog_new (GTK_WINDOW (window), job->recovery_key)));
  g_application_release (G_APPLICATION (self));
}

static void
unlocked_after_encrypt_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr (RewriteJob) job = user_data;
  g_autoptr (GError) error = NULL;

  /* Should it fail, the window asks for the passphrase: the journal is encrypted. */
  if (!reframe_journal_unlock_finish (result, &error))
    g_warning ("The journal did not open with the new passphrase: %s", error->message);
  end_rewrite (job, _ ("Your journal is encrypted"), NULL, NULL);
}

static void
encrypted_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (RewriteJob) job = user_data;
  g_autoptr (GError) error = NULL;

  job->recovery_key = reframe_journal_encrypt_finish (result, &error);
  if (job->recovery_key == NULL)
    {
      end_rewrite (job, NULL, _ ("Your Journal Was Not Encrypted"), error);
      return;
    }
  /* The passphrase just chosen opens it, unless the key is still there. */
  if (!reframe_journal_is_unlocked (job->dir))
    {
      RewriteJob *next = g_steal_pointer (&job);

      reframe_journal_unlock_async (next->dir,
                                    REFRAME_UNLOCK_PASSPHRASE,
                                    next->passphrase,
                                    NULL,
                                    unlocked_after_encrypt_cb,
                                    next);
      return;
    }
  end_rewrite (job, _ ("Your journal is encrypted"), NULL, NULL);
}

/**
 * reframe_application_encrypt_journal:
 * @self: the application
 * @passphrase: the passphrase the person chose
 *
 * Closes every window, encrypts the journal while a busy window shows, opens it
 * again and shows the new recovery key, once. On failure the journal opens as it
 * was, and a dialog says why.
 */
void
reframe_application_encrypt_journal (ReframeApplication *self,
                                     const char         *passphrase)
{
  g_autoptr (RewriteJob) job = NULL;
  RewriteJob *owned;

  g_return_if_fail (REFRAME_IS_APPLICATION (self));
  g_return_if_fail (passphrase != NULL && *passphrase != '\0');

  job = g_new0 (RewriteJob, 1);
  job->self = g_object_ref (self);
  job->dir = reframe_application_dup_journal_dir (self);
  job->passphrase = g_strdup (passphrase);
  if (!begin_rewrite (self,
                      _ ("Encrypting Your Journal"),
                      _ ("Reframe is writing your journal again, encrypted. This takes a moment, "
                         "and nothing you wrote is lost.")))
    return;
  owned = g_steal_pointer (&job);
  reframe_journal_encrypt_async (owned->dir, owned->passphrase, NULL, encrypted_cb, owned);
}

static void
decrypted_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (RewriteJob) job = user_data;
  g_autoptr (GError) error = NULL;

  if (!reframe_journal_decrypt_finish (result, &error))
    end_rewrite (job, NULL, _ ("Encryption Is Still On"), error);
  else
    end_rewrite (job, _ ("Encryption is off"), NULL, NULL);
}

/**
 * reframe_application_decrypt_journal:
 * @self: the application
 *
 * Closes every window, writes the journal again without encryption while a busy
 * window shows, and opens it again. On failure it opens as it was, still encrypted.
 */
void
reframe_application_decrypt_journal (ReframeApplication *self)
{
  g_autoptr (RewriteJob) job = NULL;
  RewriteJob *owned;

  g_return_if_fail (REFRAME_IS_APPLICATION (self));

  job = g_new0 (RewriteJob, 1);
  job->self = g_object_ref (self);
  job->dir = reframe_application_dup_journal_dir (self);
  if (!begin_rewrite (self,
                      _ ("Turning Encryption Off"),
                      _ ("Reframe is writing your journal again, without encryption. This takes a "
                         "moment, and nothing you wrote is lost.")))
    return;
  owned = g_steal_pointer (&job);
  reframe_journal_decrypt_async (owned->dir, NULL, decrypted_cb, owned);
}
