/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-reminders.c: reminders that arrive: one for missed times, Later, Done and Undo,
 * the buttons (and none but Open while locked), Start at Login as an autostart entry and
 * through a stand-in Background portal, and its row in Preferences.
 *
 * It runs in a D-Bus session of its own (../with-keyring.sh), with the stand-in
 * notification server (../fake-notifications.py) on it: the notifications are the ones
 * GLib really sends. $XDG_CONFIG_HOME is a folder of the test's, so no autostart entry
 * is ever written into the home folder.
 */

#include "config.h"

#include <locale.h>
#include <adwaita.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "reframe-assignment-repository.h"
#include "reframe-autostart.h"
#include "reframe-journal-crypt.h"
#include "reframe-preferences-window.h"
#include "reframe-reminders.h"
#include "reframe-store.h"
#include "reframe-test-util.h"
#include "test-reminders-private.h"

/* The notification server, for the whole run. */
static GSubprocess      *server;
static GDataInputStream *server_out;
static guint             app_serial;

/* The notification server */

static char *
ask_server (const char *command)
{
  g_autofree char *line = g_strconcat (command, "\n", NULL);
  g_autoptr (GError) error = NULL;
  char *answer;

  g_output_stream_write_all (
      g_subprocess_get_stdin_pipe (server), line, strlen (line), NULL, NULL, &error);
  g_assert_no_error (error);
  answer = g_data_input_stream_read_line_utf8 (server_out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (answer);
  return answer;
}

/* Every Notify call so far. */
static JsonArray *
server_calls (void)
{
  g_autofree char *answer = ask_server ("all");
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;

  json_parser_load_from_data (parser, answer, -1, &error);
  g_assert_no_error (error);
  return json_array_ref (json_node_get_array (json_parser_get_root (parser)));
}

static guint
n_calls (void)
{
  g_autoptr (JsonArray) calls = server_calls ();

  return json_array_get_length (calls);
}

void
_reframe_test_spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

/* Waits for the @n-th Notify call of the test (from 1) and returns it. */
static JsonObject *
wait_call (Fixture *f,
           guint    n)
{
  gint64 end = g_get_monotonic_time () + WAIT_MS * G_TIME_SPAN_MILLISECOND;

  while (TRUE)
    {
      g_autoptr (JsonArray) calls = server_calls ();

      if (json_array_get_length (calls) >= f->n_before + n)
        return json_object_ref (json_array_get_object_element (calls, f->n_before + n - 1));
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      _reframe_test_spin (20);
    }
}

static void
wait_calls (Fixture *f,
            guint    n)
{
  json_object_unref (wait_call (f, n));
}

/* No more Notify calls than @n came: a moment for any late one to arrive first. */
static void
assert_n_calls (Fixture *f,
                guint    n)
{
  _reframe_test_spin (300);
  g_assert_cmpuint (n_calls (), ==, f->n_before + n);
}

/* The labels of the buttons, and the action of the one labelled @label. */
static char *
describe_buttons (JsonObject *call,
                  const char *label,
                  char      **action)
{
  JsonArray *actions = json_object_get_array_member (call, "actions");
  GString   *labels = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (actions); i++)
    {
      JsonArray  *pair = json_array_get_array_element (actions, i);
      const char *key = json_array_get_string_element (pair, 0);
      const char *text = json_array_get_string_element (pair, 1);

      if (g_str_equal (key, "default"))
        continue;
      g_string_append_printf (labels, "%s%s", labels->len > 0 ? "|" : "", text);
      if (action != NULL && label != NULL && g_str_equal (text, label))
        *action = g_strdup (key);
    }
  return g_string_free (labels, FALSE);
}

/* Presses the button as the notification server would: the action GLib put on it. */
static void
press (Fixture    *f,
       JsonObject *call,
       const char *label)
{
  g_autofree char *action = NULL;
  g_autofree char *labels = describe_buttons (call, label, &action);
  g_autofree char *name = NULL;
  g_autoptr (GVariant) target = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (action);
  g_action_parse_detailed_name (action, &name, &target, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (name, "app."));
  g_action_group_activate_action (G_ACTION_GROUP (f->app), name + 4, target);
}

/* Fixture */

static void
app_activated_cb (GApplication *app,
                  Fixture      *f)
{
  f->n_activated++;
}

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  g_autofree char *id = g_strdup_printf ("io.github.reframe.Reframe.RemindersTest%u", ++app_serial);
  g_autoptr (GError) error = NULL;

  f->dir = reframe_test_make_tmp_dir ();
  f->store = reframe_store_open (f->dir, &error);
  g_assert_no_error (error);
  f->settings = g_settings_new (BASE_ID);
  g_settings_reset (f->settings, "reminder-enabled");
  g_settings_reset (f->settings, "reminder-time");
  g_settings_reset (f->settings, "reminder-last-check");
  g_settings_reset (f->settings, "run-in-background");
  g_settings_reset (f->settings, "start-at-login");

  /* Registered, so that the notifications really go out. */
  f->app = g_application_new (id, G_APPLICATION_DEFAULT_FLAGS);
  g_signal_connect (f->app, "activate", G_CALLBACK (app_activated_cb), f);
  g_application_register (f->app, NULL, &error);
  g_assert_no_error (error);

  f->reminders = reframe_reminders_new (f->app, f->settings);
  reframe_reminders_set_store (f->reminders, f->store);
  /* The first look, while reminders are off: nothing. */
  _reframe_test_spin (50);
  f->n_before = n_calls ();
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  g_assert_finalize_object (g_steal_pointer (&f->reminders));
  g_settings_reset (f->settings, "reminder-enabled");
  g_settings_reset (f->settings, "reminder-time");
  g_settings_reset (f->settings, "reminder-last-check");
  g_settings_reset (f->settings, "run-in-background");
  g_settings_reset (f->settings, "start-at-login");
  g_clear_object (&f->settings);
  g_clear_object (&f->app);
  g_assert_finalize_object (g_steal_pointer (&f->store));
  reframe_test_remove_tree (f->dir);
  g_free (f->dir);
}

static ReframeAssignment *
save_assignment (Fixture    *f,
                 const char *title,
                 const char *template_id)
{
  ReframeAssignment *assignment = reframe_assignment_new (title, template_id);

  reframe_assignment_set_reminder (assignment, TRUE);
  g_assert_true (reframe_assignment_repository_save (
      reframe_store_get_assignments (f->store), assignment, NULL));
  return assignment;
}

static gboolean
done_today (Fixture           *f,
            ReframeAssignment *assignment)
{
  ReframeHomeworkProgress progress;
  GDate                   today;

  reframe_homework_get_today (&today);
  g_assert_true (reframe_assignment_repository_get_progress (
      reframe_store_get_assignments (f->store), assignment, &today, &progress, NULL));
  return progress.done_today;
}

/* Today at @hour:@minute, local time (the tests run in UTC). */
static GDateTime *
today_at (int hour,
          int minute)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_new_local (g_date_time_get_year (now),
                                g_date_time_get_month (now),
                                g_date_time_get_day_of_month (now),
                                hour,
                                minute,
                                0);
}

/* Reminders on at @time, last looked at @last. */
static void
turn_on (Fixture    *f,
         const char *time,
         GDateTime  *last)
{
  g_settings_set_string (f->settings, "reminder-time", time);
  g_settings_set_boolean (f->settings, "reminder-enabled", TRUE);
  g_settings_set_int64 (f->settings, "reminder-last-check", g_date_time_to_unix (last));
}

/* Tests: missed reminders */

static void
test_catch_up_once (Fixture      *f,
                    gconstpointer data)
{
  g_autoptr (ReframeAssignment) walk = save_assignment (f, "Walk for ten minutes", NULL);
  g_autoptr (GDateTime) noon = today_at (12, 0);
  g_autoptr (GDateTime) three_days_ago = g_date_time_add_days (noon, -3);
  g_autoptr (GDateTime) a_minute_on = g_date_time_add_minutes (noon, 1);
  g_autoptr (GDateTime) evening = today_at (21, 0);
  g_autoptr (JsonObject) call = NULL;

  /* Reframe was not running for three days, three reminder times: one reminder. */
  turn_on (f, "09:00", three_days_ago);
  g_assert_true (reframe_reminders_check (f->reminders, noon));
  call = wait_call (f, 1);
  g_assert_cmpstr (json_object_get_string_member (call, "summary"), ==, "Today’s Homework");
  g_assert_cmpstr (json_object_get_string_member (call, "body"),
                   ==,
                   "“Walk for ten minutes” is still open for today, whenever it suits you.");
  g_assert_cmpint (
      g_settings_get_int64 (f->settings, "reminder-last-check"), ==, g_date_time_to_unix (noon));

  /* Looking again sends nothing more, that day. */
  g_assert_false (reframe_reminders_check (f->reminders, a_minute_on));
  g_assert_false (reframe_reminders_check (f->reminders, evening));
  assert_n_calls (f, 1);
}

static void
test_catch_up_today_only (Fixture      *f,
                          gconstpointer data)
{
  g_autoptr (ReframeAssignment) walk = save_assignment (f, "Walk for ten minutes", NULL);
  g_autoptr (GDateTime) morning = today_at (7, 0);
  g_autoptr (GDateTime) yesterday = g_date_time_add_hours (morning, -23);
  g_autoptr (GDateTime) after_set_time = today_at (19, 30);

  /* Asleep from yesterday at eight until this morning, over yesterday's 19:00:
   * yesterday is not brought up; today's comes at its time. */
  turn_on (f, "19:00", yesterday);
  g_assert_false (reframe_reminders_check (f->reminders, morning));
  g_assert_cmpint (
      g_settings_get_int64 (f->settings, "reminder-last-check"), ==, g_date_time_to_unix (morning));
  assert_n_calls (f, 0);

  /* Woken after today's time: that one comes, once. */
  g_assert_true (reframe_reminders_check (f->reminders, after_set_time));
  g_assert_false (reframe_reminders_check (f->reminders, after_set_time));
  wait_calls (f, 1);
  assert_n_calls (f, 1);
}

static void
test_time_set_late_is_not_missed (Fixture      *f,
                                  gconstpointer data)
{
  g_autoptr (ReframeAssignment) walk = save_assignment (f, "Walk for ten minutes", NULL);
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  gint64 before = g_date_time_to_unix (now);

  /* Turned on now, for a time that may have passed today: it counts from now. */
  g_settings_set_string (f->settings, "reminder-time", "00:00");
  g_settings_set_boolean (f->settings, "reminder-enabled", TRUE);
  g_assert_cmpint (g_settings_get_int64 (f->settings, "reminder-last-check"), >=, before);
  g_assert_false (reframe_reminders_check (f->reminders, now));
  assert_n_calls (f, 0);
}

/* Tests: Later */

static void
test_later (Fixture      *f,
            gconstpointer data)
{
  g_autoptr (ReframeAssignment) walk = save_assignment (f, "Walk for ten minutes", NULL);
  g_autoptr (GDateTime) eight = today_at (20, 0);
  g_autoptr (GDateTime) earlier = today_at (19, 0);
  g_autoptr (GDateTime) almost = today_at (20, 59);
  g_autoptr (GDateTime) nine = today_at (21, 0);
  g_autoptr (GDateTime) ten = today_at (22, 0);

  turn_on (f, "20:00", earlier);
  g_assert_true (reframe_reminders_check (f->reminders, eight));
  wait_calls (f, 1);

  /* Later: gone now, back in an hour, once. */
  reframe_reminders_later (f->reminders, eight);
  g_assert_nonnull (reframe_reminders_get_later_time (f->reminders));
  g_assert_cmpint (g_date_time_difference (reframe_reminders_get_later_time (f->reminders), eight),
                   ==,
                   60 * G_TIME_SPAN_MINUTE);
  g_assert_false (reframe_reminders_check (f->reminders, almost));
  g_assert_true (reframe_reminders_check (f->reminders, nine));
  g_assert_null (reframe_reminders_get_later_time (f->reminders));
  g_assert_false (reframe_reminders_check (f->reminders, ten));
  wait_calls (f, 2);
  assert_n_calls (f, 2);

  /* Done in the meantime, Later brings nothing. */
  reframe_reminders_later (f->reminders, nine);
  g_assert_true (reframe_assignment_repository_mark_task_done (
      reframe_store_get_assignments (f->store), walk, NULL, NULL));
  g_assert_false (reframe_reminders_check (f->reminders, ten));
  assert_n_calls (f, 2);

  /* Turning reminders off forgets Later too. */
  reframe_reminders_later (f->reminders, nine);
  g_settings_set_boolean (f->settings, "reminder-enabled", FALSE);
  g_assert_null (reframe_reminders_get_later_time (f->reminders));
}

/* Tests: the buttons */

static void
test_buttons (Fixture      *f,
              gconstpointer data)
{
  g_autoptr (ReframeAssignment) walk = save_assignment (f, "Walk for ten minutes", NULL);
  g_autoptr (ReframeAssignment) record = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (JsonObject) call = NULL;
  g_autofree char *labels = NULL;
  g_autofree char *done = NULL;

  g_assert_true (reframe_reminders_fire (f->reminders, now));
  call = wait_call (f, 1);
  labels = describe_buttons (call, "Done", &done);
  g_assert_cmpstr (labels, ==, "Done|Later|Open");
  g_assert_true (g_str_has_prefix (done, "app.reminder-done(("));
  g_assert_nonnull (strstr (done, reframe_assignment_get_uuid (walk)));

  /* Later, pressed: again in an hour. */
  g_assert_null (reframe_reminders_get_later_time (f->reminders));
  press (f, call, "Later");
  g_assert_nonnull (reframe_reminders_get_later_time (f->reminders));
  g_assert_cmpint (g_date_time_difference (reframe_reminders_get_later_time (f->reminders), now),
                   >=,
                   60 * G_TIME_SPAN_MINUTE);
  g_assert_cmpint (g_date_time_difference (reframe_reminders_get_later_time (f->reminders), now),
                   <,
                   61 * G_TIME_SPAN_MINUTE);
  g_clear_pointer (&labels, g_free);
  g_clear_pointer (&call, json_object_unref);

  /* A worksheet is done by filling it in: Done ticks off the tasks only, and says so. */
  record = save_assignment (f, "Thought record", "thought-record");
  g_assert_true (reframe_reminders_fire (f->reminders, now));
  call = wait_call (f, 2);
  labels = describe_buttons (call, NULL, NULL);
  g_assert_cmpstr (labels, ==, "Mark Tasks Done|Later|Open");
  g_clear_pointer (&labels, g_free);
  g_clear_pointer (&call, json_object_unref);

  /* Locked: no word of the journal, and only Open, for anything else needs it. */
  reframe_reminders_set_locked (f->reminders, TRUE);
  reframe_reminders_set_store (f->reminders, NULL);
  g_assert_true (reframe_reminders_fire (f->reminders, now));
  call = wait_call (f, 3);
  g_assert_cmpstr (json_object_get_string_member (call, "summary"), ==, "A Gentle Reminder");
  g_assert_null (strstr (json_object_get_string_member (call, "body"), "Walk"));
  labels = describe_buttons (call, NULL, NULL);
  g_assert_cmpstr (labels, ==, "Open");

  /* A Done pressed on an old reminder opens the window, which asks to unlock. */
  g_action_group_activate_action (
      G_ACTION_GROUP (f->app),
      "reminder-done",
      g_variant_new_parsed ("(%s, [%s])", "2024-01-01", reframe_assignment_get_uuid (walk)));
  g_assert_cmpuint (f->n_activated, ==, 1);
  g_assert_false (done_today (f, walk));
  reframe_reminders_set_locked (f->reminders, FALSE);
}

/* Started in the background with an encrypted journal nobody unlocked: the reminders
 * cannot read it, and say so much only. */
static void
test_background_encrypted (Fixture      *f,
                           gconstpointer data)
{
  g_autoptr (ReframeAssignment) walk = save_assignment (f, "Walk for ten minutes", NULL);
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (JsonObject) call = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *recovery = NULL;
  g_autofree char *labels = NULL;

  reframe_reminders_set_store (f->reminders, NULL);
  g_assert_finalize_object (g_steal_pointer (&f->store));
  recovery = reframe_journal_encrypt (f->dir, "correct horse battery", NULL, &error);
  g_assert_no_error (error);
  reframe_journal_lock (f->dir);

  reframe_reminders_set_journal_dir (f->reminders, f->dir);
  g_assert_true (reframe_reminders_fire (f->reminders, now));
  call = wait_call (f, 1);
  g_assert_cmpstr (json_object_get_string_member (call, "summary"), ==, "A Gentle Reminder");
  labels = describe_buttons (call, NULL, NULL);
  g_assert_cmpstr (labels, ==, "Open");

  /* The fixture's journal again, for tear down. */
  g_assert_true (reframe_journal_unlock (
      f->dir, REFRAME_UNLOCK_PASSPHRASE, "correct horse battery", NULL, &error));
  g_assert_no_error (error);
  f->store = reframe_store_open (f->dir, &error);
  g_assert_no_error (error);
}

/* Tests: Done and Undo */

static void
test_done_undo (Fixture      *f,
                gconstpointer data)
{
  g_autoptr (ReframeAssignment) walk = save_assignment (f, "Walk for ten minutes", NULL);
  g_autoptr (ReframeAssignment) breathe = save_assignment (f, "Breathing exercise", NULL);
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (JsonObject) reminder = NULL;
  g_autoptr (JsonObject) marked = NULL;
  g_autoptr (JsonObject) again = NULL;
  g_autofree char *labels = NULL;

  g_assert_true (reframe_reminders_fire (f->reminders, now));
  reminder = wait_call (f, 1);
  g_assert_cmpstr (
      json_object_get_string_member (reminder, "body"),
      ==,
      "Still open for today, whenever it suits you:\n• Walk for ten minutes\n• Breathing exercise");

  /* Done, with no window: both ticked off, the reminder gone, Undo offered. */
  press (f, reminder, "Done");
  g_assert_true (done_today (f, walk));
  g_assert_true (done_today (f, breathe));
  marked = wait_call (f, 2);
  g_assert_cmpstr (json_object_get_string_member (marked, "summary"), ==, "Marked Done");
  g_assert_cmpstr (json_object_get_string_member (marked, "body"),
                   ==,
                   "Ticked off:\n• Walk for ten minutes\n• Breathing exercise");
  labels = describe_buttons (marked, NULL, NULL);
  g_assert_cmpstr (labels, ==, "Undo");
  g_assert_cmpuint (f->n_activated, ==, 0);

  /* Done again changes nothing and says nothing. */
  press (f, reminder, "Done");
  assert_n_calls (f, 2);

  /* Undo: open again, and the reminder is back. */
  press (f, marked, "Undo");
  g_assert_false (done_today (f, walk));
  g_assert_false (done_today (f, breathe));
  again = wait_call (f, 3);
  g_assert_cmpstr (json_object_get_string_member (again, "summary"), ==, "Today’s Homework");
  g_assert_cmpuint (f->n_activated, ==, 0);
}

/* Done on a task ticked off in the meantime, or deleted, does nothing to it. */
static void
test_done_only_what_is_open (Fixture      *f,
                             gconstpointer data)
{
  g_autoptr (ReframeAssignment) walk = save_assignment (f, "Walk for ten minutes", NULL);
  g_autoptr (ReframeAssignment) breathe = save_assignment (f, "Breathing exercise", NULL);
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (JsonObject) reminder = NULL;
  g_autoptr (JsonObject) marked = NULL;
  g_autofree char             *undo = NULL;
  g_autofree char             *labels = NULL;
  ReframeAssignmentRepository *repository = reframe_store_get_assignments (f->store);

  g_assert_true (reframe_reminders_fire (f->reminders, now));
  reminder = wait_call (f, 1);
  g_assert_true (reframe_assignment_repository_mark_task_done (repository, walk, NULL, NULL));
  press (f, reminder, "Done");
  marked = wait_call (f, 2);
  g_assert_cmpstr (
      json_object_get_string_member (marked, "body"), ==, "“Breathing exercise” is ticked off.");
  /* Undo takes back only what Done ticked off. */
  labels = describe_buttons (marked, "Undo", &undo);
  g_assert_null (strstr (undo, reframe_assignment_get_uuid (walk)));
  press (f, marked, "Undo");
  g_assert_true (done_today (f, walk));
  g_assert_false (done_today (f, breathe));
}

/* Tests: holding */

static void
test_holding (Fixture      *f,
              gconstpointer data)
{
  GtkWidget *window = gtk_window_new ();

  reframe_reminders_manage_window (f->reminders, GTK_WINDOW (window));
  g_assert_false (reframe_reminders_get_holding (f->reminders));
  g_assert_false (gtk_window_get_hide_on_close (GTK_WINDOW (window)));

  /* Start at Login keeps Reframe running while reminders are on, and only then. */
  g_settings_set_boolean (f->settings, "start-at-login", TRUE);
  g_assert_false (reframe_reminders_get_holding (f->reminders));
  g_settings_set_boolean (f->settings, "reminder-enabled", TRUE);
  g_assert_true (reframe_reminders_get_holding (f->reminders));
  g_assert_true (gtk_window_get_hide_on_close (GTK_WINDOW (window)));

  /* Quit lets go, and the window closes rather than hides. */
  reframe_reminders_release (f->reminders);
  g_assert_false (reframe_reminders_get_holding (f->reminders));
  g_assert_false (gtk_window_get_hide_on_close (GTK_WINDOW (window)));

  g_settings_set_boolean (f->settings, "start-at-login", FALSE);
  g_settings_set_boolean (f->settings, "run-in-background", TRUE);
  g_assert_true (reframe_reminders_get_holding (f->reminders));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The notification server, for the whole run */

static void
start_server (void)
{
  const char      *python = g_getenv ("REFRAME_PYTHON");
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "fake-notifications.py", NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *ready = NULL;

  server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                             &error,
                             python != NULL ? python : "python3",
                             script,
                             NULL);
  g_assert_no_error (error);
  server_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  ready = g_data_input_stream_read_line_utf8 (server_out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ready, ==, "ready");
}

static void
stop_server (void)
{
  g_subprocess_force_exit (server);
  g_subprocess_wait (server, NULL, NULL);
  g_clear_object (&server_out);
  g_clear_object (&server);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *config = NULL;
  int              status;

  /* Before GLib reads it: Start at Login writes into this folder. */
  config = g_dir_make_tmp ("reframe-reminders-config-XXXXXX", NULL);
  g_assert_nonnull (config);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  /* gtk_test_init() chooses en_US.UTF-8 where the system has it (weeks from Sunday, a
   * 12-hour clock); the tests are written for the C locale, on every machine alike. */
  setlocale (LC_ALL, "C.UTF-8");
  adw_init ();
  start_server ();

  g_test_add ("/reframe/reminders/catch-up-once",
              Fixture,
              NULL,
              fixture_set_up,
              test_catch_up_once,
              fixture_tear_down);
  g_test_add ("/reframe/reminders/catch-up-today-only",
              Fixture,
              NULL,
              fixture_set_up,
              test_catch_up_today_only,
              fixture_tear_down);
  g_test_add ("/reframe/reminders/time-set-late-is-not-missed",
              Fixture,
              NULL,
              fixture_set_up,
              test_time_set_late_is_not_missed,
              fixture_tear_down);
  g_test_add (
      "/reframe/reminders/later", Fixture, NULL, fixture_set_up, test_later, fixture_tear_down);
  g_test_add (
      "/reframe/reminders/buttons", Fixture, NULL, fixture_set_up, test_buttons, fixture_tear_down);
  g_test_add ("/reframe/reminders/background-encrypted",
              Fixture,
              NULL,
              fixture_set_up,
              test_background_encrypted,
              fixture_tear_down);
  g_test_add ("/reframe/reminders/done-undo",
              Fixture,
              NULL,
              fixture_set_up,
              test_done_undo,
              fixture_tear_down);
  g_test_add ("/reframe/reminders/done-only-what-is-open",
              Fixture,
              NULL,
              fixture_set_up,
              test_done_only_what_is_open,
              fixture_tear_down);
  g_test_add (
      "/reframe/reminders/holding", Fixture, NULL, fixture_set_up, test_holding, fixture_tear_down);
  g_test_add ("/reframe/reminders/autostart-file",
              Fixture,
              NULL,
              fixture_set_up,
              _reframe_test_autostart_file,
              fixture_tear_down);
  g_test_add ("/reframe/reminders/autostart-portal",
              Fixture,
              NULL,
              fixture_set_up,
              _reframe_test_autostart_portal,
              fixture_tear_down);
  g_test_add ("/reframe/reminders/preferences-row",
              Fixture,
              NULL,
              fixture_set_up,
              _reframe_test_preferences_row,
              fixture_tear_down);

  status = g_test_run ();
  stop_server ();
  reframe_test_remove_tree (config);
  return status;
}
