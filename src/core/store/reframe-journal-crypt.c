/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-journal-crypt.c: turning the journal's encryption on and off, locking and
 * unlocking it. (Scaffold: the implementation lands with the encrypting VFS.) */

#define G_LOG_DOMAIN "ReframeStore"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "reframe-journal-crypt.h"

static gboolean
not_yet (GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "not yet");
  return FALSE;
}

gboolean
reframe_journal_is_encrypted (const char *data_dir)
{
  return FALSE;
}
gboolean
reframe_journal_is_unlocked (const char *data_dir)
{
  return TRUE;
}
gboolean
reframe_journal_has_login_unlock (const char *data_dir)
{
  return FALSE;
}

gboolean
reframe_journal_unlock (const char *data_dir, ReframeUnlockMethod method, const char *secret, GCancellable *cancellable, GError **error)
{
  return not_yet (error);
}

static void
report_not_yet (GAsyncReadyCallback callback, gpointer user_data, gpointer tag)
{
  g_autoptr (GTask) task = g_task_new (NULL, NULL, callback, user_data);

  g_task_set_source_tag (task, tag);
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "not yet");
}

void
reframe_journal_unlock_async (const char *data_dir, ReframeUnlockMethod method, const char *secret, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  report_not_yet (callback, user_data, reframe_journal_unlock_async);
}

gboolean
reframe_journal_unlock_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
reframe_journal_lock (const char *data_dir)
{
}

char *
reframe_journal_encrypt (const char *data_dir, const char *passphrase, GCancellable *cancellable, GError **error)
{
  not_yet (error);
  return NULL;
}

void
reframe_journal_encrypt_async (const char *data_dir, const char *passphrase, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  report_not_yet (callback, user_data, reframe_journal_encrypt_async);
}

char *
reframe_journal_encrypt_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
reframe_journal_decrypt (const char *data_dir, GCancellable *cancellable, GError **error)
{
  return not_yet (error);
}

void
reframe_journal_decrypt_async (const char *data_dir, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  report_not_yet (callback, user_data, reframe_journal_decrypt_async);
}

gboolean
reframe_journal_decrypt_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
reframe_journal_change_passphrase (const char *data_dir, const char *passphrase, GError **error)
{
  return not_yet (error);
}

void
reframe_journal_change_passphrase_async (const char *data_dir, const char *passphrase, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  report_not_yet (callback, user_data, reframe_journal_change_passphrase_async);
}

gboolean
reframe_journal_change_passphrase_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

char *
reframe_journal_new_recovery_key (const char *data_dir, GError **error)
{
  not_yet (error);
  return NULL;
}

gboolean
reframe_journal_set_login_unlock (const char *data_dir, gboolean enabled, GCancellable *cancellable, GError **error)
{
  return not_yet (error);
}
