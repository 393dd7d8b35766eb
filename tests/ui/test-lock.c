/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-lock.c: the automatic lock (time without use, armed or not) and the unlock view on a
 * real encrypted journal: a wrong passphrase said plainly, the wait after the third, the
 * right one unlocking. */

#include "config.h"

#include <locale.h>
#include <adwaita.h>

#include "reframe-auto-lock.h"
#include "reframe-journal-crypt.h"
#include "reframe-store.h"
#include "reframe-test-util.h"
#include "reframe-unlock-view.h"

#define PASSPHRASE "blue kettle on the hill"

static void
count_cb (gpointer instance,
          gpointer user_data)
{
  (*(guint *) user_data)++;
}

/* Runs the main loop for @ms, or until *@until is set. */
static void
run_for (guint     ms,
         gboolean *until)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end && (until == NULL || !*until))
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10 * 1000);
    }
}

static void
test_auto_lock_idle (void)
{
  g_autoptr (GSettings) settings = g_settings_new (BASE_ID);
  ReframeAutoLock *lock = reframe_auto_lock_new (NULL, settings);
  guint            n_locks = 0;

  g_signal_connect (lock, "lock", G_CALLBACK (count_cb), &n_locks);
  reframe_auto_lock_set_idle_seconds (lock, 1);

  /* Disarmed (no encrypted journal open), it never locks. */
  run_for (1500, NULL);
  g_assert_cmpuint (n_locks, ==, 0);

  /* Armed, use keeps it open; a second without use locks, once, and disarms. */
  reframe_auto_lock_set_armed (lock, TRUE);
  for (guint i = 0; i < 6; i++)
    {
      run_for (300, NULL);
      reframe_auto_lock_note_activity (lock);
    }
  g_assert_cmpuint (n_locks, ==, 0);
  run_for (2500, NULL);
  g_assert_cmpuint (n_locks, ==, 1);
  g_assert_false (reframe_auto_lock_get_armed (lock));
  run_for (1500, NULL);
  g_assert_cmpuint (n_locks, ==, 1);

  /* Never (0 minutes, no override) does not lock either. */
  reframe_auto_lock_set_idle_seconds (lock, 0);
  g_settings_set_uint (settings, "lock-after-minutes", 0);
  reframe_auto_lock_set_armed (lock, TRUE);
  run_for (1500, NULL);
  g_assert_cmpuint (n_locks, ==, 1);
  g_settings_reset (settings, "lock-after-minutes");

  g_assert_finalize_object (lock);
}

typedef struct
{
  char      *dir;
  GtkWindow *window;
  GtkWidget *view;
  gboolean   unlocked;
  int        method;
} Locked;

static void
unlocked_cb (GtkWidget *view,
             int        method,
             Locked    *f)
{
  f->unlocked = TRUE;
  f->method = method;
}

/* An encrypted journal, locked, and the view asking for it. FALSE when this build's
 * facade cannot encrypt yet. */
static gboolean
locked_set_up (Locked *f)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeStore) store = NULL;
  g_autofree char *recovery = NULL;

  f->dir = reframe_test_make_tmp_dir ();
  store = reframe_store_open (f->dir, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  recovery = reframe_journal_encrypt (f->dir, PASSPHRASE, NULL, &error);
  if (recovery == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
    return FALSE;
  g_assert_no_error (error);
  reframe_journal_lock (f->dir);
  g_assert_false (reframe_journal_is_unlocked (f->dir));

  f->window = GTK_WINDOW (gtk_window_new ());
  f->view = reframe_unlock_view_new (f->dir);
  g_signal_connect (f->view, "unlocked", G_CALLBACK (unlocked_cb), f);
  gtk_window_set_child (f->window, f->view);
  gtk_window_present (f->window);
  run_for (200, NULL);
  return TRUE;
}

static void
locked_tear_down (Locked *f)
{
  if (f->window != NULL)
    gtk_window_destroy (f->window);
  run_for (100, NULL);
  if (f->dir != NULL)
    {
      reframe_journal_lock (f->dir);
      reframe_test_remove_tree (f->dir);
    }
  g_free (f->dir);
}

static gpointer
child (Locked     *f,
       const char *name)
{
  return gtk_widget_get_template_child (f->view, REFRAME_TYPE_UNLOCK_VIEW, name);
}

static const char *
message (Locked *f)
{
  GtkLabel *label = child (f, "message_label");

  return gtk_widget_get_visible (GTK_WIDGET (label)) ? gtk_label_get_label (label) : "";
}

/* Types @passphrase and presses Enter; waits until the view is no longer busy. */
static void
try_passphrase (Locked     *f,
                const char *passphrase)
{
  GtkEditable *row = child (f, "passphrase_row");
  GtkStack    *stack = child (f, "action_stack");
  gint64       end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  gtk_editable_set_text (row, passphrase);
  g_signal_emit_by_name (row, "entry-activated");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "busy");
  while (g_strcmp0 (gtk_stack_get_visible_child_name (stack), "busy") == 0 &&
         g_get_monotonic_time () < end)
    run_for (10, &f->unlocked);
}

static void
test_unlock_view (void)
{
  Locked     f = { 0 };
  GtkWidget *row;
  gint64     waited;

  if (!locked_set_up (&f))
    {
      g_test_skip ("the journal cannot be encrypted in this build yet");
      locked_tear_down (&f);
      return;
    }
  row = child (&f, "passphrase_row");

  /* A wrong passphrase is said plainly, and the field takes the next try at once. */
  try_passphrase (&f, "not my passphrase");
  g_assert_false (f.unlocked);
  g_assert_nonnull (strstr (message (&f), "did not open your journal"));
  g_assert_true (gtk_widget_get_sensitive (row));
  try_passphrase (&f, "still not it");
  g_assert_true (gtk_widget_get_sensitive (row));

  /* The third makes the next try wait, said in words, the field insensitive. */
  try_passphrase (&f, "nor this");
  g_assert_nonnull (strstr (message (&f), "try again in 2 seconds"));
  g_assert_false (gtk_widget_get_sensitive (row));
  g_assert_false (gtk_widget_get_sensitive (child (&f, "unlock_button")));
  waited = g_get_monotonic_time ();
  while (!gtk_widget_get_sensitive (row) && g_get_monotonic_time () - waited < 10 * G_USEC_PER_SEC)
    run_for (50, NULL);
  g_assert_true (gtk_widget_get_sensitive (row));
  g_assert_cmpint (g_get_monotonic_time () - waited, >=, 1900 * 1000);
  g_assert_nonnull (strstr (message (&f), "try again now"));

  /* The right one unlocks the journal, and the view says so. */
  try_passphrase (&f, PASSPHRASE);
  g_assert_true (f.unlocked);
  g_assert_cmpint (f.method, ==, REFRAME_UNLOCK_PASSPHRASE);
  g_assert_true (reframe_journal_is_unlocked (f.dir));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "");

  locked_tear_down (&f);
}

/* With unlocking by the login on, the view tries it first, by itself. Needs a keyring:
 * meson runs this test under with-keyring.sh. */
static void
test_unlock_with_login (void)
{
  Locked f = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeStore) store = NULL;
  g_autofree char *recovery = NULL;
  gint64           end;

  f.dir = reframe_test_make_tmp_dir ();
  store = reframe_store_open (f.dir, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  recovery = reframe_journal_encrypt (f.dir, PASSPHRASE, NULL, &error);
  if (recovery == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
    {
      g_test_skip ("the journal cannot be encrypted in this build yet");
      locked_tear_down (&f);
      return;
    }
  g_assert_no_error (error);
  if (!reframe_journal_set_login_unlock (f.dir, TRUE, NULL, &error))
    {
      g_test_skip_printf ("no login keyring here: %s", error->message);
      locked_tear_down (&f);
      return;
    }
  reframe_journal_lock (f.dir);

  f.window = GTK_WINDOW (gtk_window_new ());
  f.view = reframe_unlock_view_new (f.dir);
  g_signal_connect (f.view, "unlocked", G_CALLBACK (unlocked_cb), &f);
  gtk_window_set_child (f.window, f.view);
  gtk_window_present (f.window);
  end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (!f.unlocked && g_get_monotonic_time () < end)
    run_for (50, &f.unlocked);
  g_assert_true (f.unlocked);
  g_assert_cmpint (f.method, ==, REFRAME_UNLOCK_LOGIN);

  g_assert_true (reframe_journal_set_login_unlock (f.dir, FALSE, NULL, NULL));
  locked_tear_down (&f);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  /* gtk_test_init() chooses en_US.UTF-8 where the system has it (weeks from Sunday, a
   * 12-hour clock); the tests are written for the C locale, on every machine alike. */
  setlocale (LC_ALL, "C.UTF-8");
  adw_init ();

  g_test_add_func ("/reframe/lock/auto-lock-idle", test_auto_lock_idle);
  g_test_add_func ("/reframe/lock/unlock-view", test_unlock_view);
  g_test_add_func ("/reframe/lock/unlock-with-login", test_unlock_with_login);
  return g_test_run ();
}
