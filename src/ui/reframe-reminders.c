/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-reminders.c: the daily homework reminder, sent as a GNotification at the chosen time,
 * with Done, Later and Open.
 *
 * Missed reminders. The settings keep the moment up to which the reminders last looked
 * (reminder-last-check). When the timer (which never sleeps more than a few minutes, and
 * wakes when the computer does) or the start finds that the reminder time passed since,
 * one reminder is sent, however many times passed, and only when the latest of them is
 * today's: yesterday's homework is not brought up in the morning.
 *
 * The journal. The reminders read the journal the main window opened; with no window
 * (Reframe started in the background), they open it for a moment when there is something
 * to look at or to mark done. An encrypted journal that is locked, or was not unlocked in
 * this process, cannot be read: the reminder then says nothing of it and offers Open only.
 */

#define G_LOG_DOMAIN "ReframeReminders"

#include "config.h"

#include <glib/gi18n.h>

#include "reframe-assignment-repository.h"
#include "reframe-reminders-private.h"
#include "reframe-worksheet-repository.h"

/* The timer never sleeps longer than this: the monotonic clock it runs on stops
 * while the computer is suspended, so a long wait could wake far too late. */
#define MAX_WAIT_MS (5 * 60 * 1000)

/* After the computer wakes, the reminders look once the desktop is back. */
#define WAKE_DELAY_MS 2000

G_DEFINE_FINAL_TYPE (ReframeReminders, reframe_reminders, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_HOLDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * _reframe_reminder_content_clear:
 * @reminder: a reminder's words
 */
void
_reframe_reminder_content_clear (ReframeReminderContent *reminder)
{
  g_clear_pointer (&reminder->title, g_free);
  g_clear_pointer (&reminder->body, g_free);
  g_clear_pointer (&reminder->day, g_free);
  g_clear_pointer (&reminder->task_uuids, g_strfreev);
}

static void schedule (ReframeReminders *self);

static guint32
local_julian_day (GDateTime *time)
{
  GDate day;

  reframe_homework_get_local_day (time, &day);
  return g_date_get_julian (&day);
}

static void
read_time_setting (ReframeReminders *self,
                   int              *hour,
                   int              *minute)
{
  g_autofree char *value = g_settings_get_string (self->settings, "reminder-time");

  if (!reframe_reminders_parse_time (value, hour, minute))
    {
      *hour = REFRAME_REMINDER_DEFAULT_HOUR;
      *minute = REFRAME_REMINDER_DEFAULT_MINUTE;
    }
}

/* Every reminder time up to @now was seen. */
static void
note_checked (ReframeReminders *self,
              GDateTime        *now)
{
  g_settings_set_int64 (self->settings, "reminder-last-check", g_date_time_to_unix (now));
}

/**
 * _reframe_reminders_withdraw:
 * @self: the reminders
 *
 * Takes the reminder away, when one is showing.
 */
void
_reframe_reminders_withdraw (ReframeReminders *self)
{
  if (self->shown_day == 0)
    return;

  self->shown_day = 0;
  if (g_application_get_is_registered (self->application))
    g_application_withdraw_notification (self->application, REFRAME_REMINDER_NOTIFICATION_ID);
}

/**
 * _reframe_reminders_send:
 * @self: the reminders
 * @id: the notification's id
 * @notification: what to show
 *
 * Sends @notification; an application that is not registered (tests, the CLI) sends
 * nothing.
 */
void
_reframe_reminders_send (ReframeReminders *self,
                         const char       *id,
                         GNotification    *notification)
{
  if (g_application_get_is_registered (self->application))
    g_application_send_notification (self->application, id, notification);
}

/**
 * _reframe_reminders_dup_store:
 * @self: the reminders
 * @error: where a failure to open the journal goes; %REFRAME_STORE_ERROR_LOCKED when it
 *   is encrypted and not unlocked
 *
 * The journal the main window opened, or (with no window, in the background) the
 * journal opened for the moment, closed again when the caller drops it.
 *
 * Returns: (transfer full) (nullable): the journal; %NULL without an error when there is
 *   no journal to look at (no window and no folder given: the tests)
 */
ReframeStore *
_reframe_reminders_dup_store (ReframeReminders *self,
                              GError          **error)
{
  if (self->store != NULL)
    return g_object_ref (self->store);
  if (self->journal_dir == NULL)
    return NULL;
  return reframe_store_open (self->journal_dir, error);
}

/* Whether the reminder time came (once or more) since the last look, up to @now; @today
 * says whether the latest of those times is @now's day's. Never having looked, or a last
 * look after @now (the clock went back), counts as a look now: nothing was missed. */
static gboolean
time_came (ReframeReminders *self,
           GDateTime        *now,
           gboolean         *today)
{
  gint64 last_unix = g_settings_get_int64 (self->settings, "reminder-last-check");
  g_autoptr (GDateTime) last_utc = NULL;
  g_autoptr (GDateTime) last = NULL;
  g_autoptr (GDateTime) after_last = NULL;
  g_autoptr (GDateTime) today_time = NULL;
  int hour;
  int minute;

  if (last_unix <= 0 || last_unix > g_date_time_to_unix (now))
    {
      note_checked (self, now);
      return FALSE;
    }

  read_time_setting (self, &hour, &minute);
  last_utc = g_date_time_new_from_unix_utc (last_unix);
  last = g_date_time_to_timezone (last_utc, g_date_time_get_timezone (now));
  after_last = reframe_reminders_compute_next_fire_time (hour, minute, last);
  if (g_date_time_compare (after_last, now) > 0)
    return FALSE;

  /* The latest time that came is today's when today's has come. */
  today_time = g_date_time_new (g_date_time_get_timezone (now),
                                g_date_time_get_year (now),
                                g_date_time_get_month (now),
                                g_date_time_get_day_of_month (now),
                                hour,
                                minute,
                                0);
  *today = today_time != NULL && g_date_time_compare (today_time, now) <= 0;
  return TRUE;
}

/* Timer */

static gboolean
timeout_cb (gpointer user_data)
{
  ReframeReminders *self = user_data;
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();

  self->timeout_id = 0;
  reframe_reminders_check (self, now);
  schedule (self);

  return G_SOURCE_REMOVE;
}

static void
schedule (ReframeReminders *self)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  GDateTime *target;
  GTimeSpan  wait;
  int        hour;
  int        minute;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_pointer (&self->next_fire_time, g_date_time_unref);

  if (!g_settings_get_boolean (self->settings, "reminder-enabled"))
    return;

  read_time_setting (self, &hour, &minute);
  self->next_fire_time = reframe_reminders_compute_next_fire_time (hour, minute, now);
  target = self->next_fire_time;
  if (self->later_time != NULL && g_date_time_compare (self->later_time, target) < 0)
    target = self->later_time;

  wait = g_date_time_difference (target, now) / G_TIME_SPAN_MILLISECOND;
  self->timeout_id = g_timeout_add ((guint) CLAMP (wait + 1, 1, MAX_WAIT_MS), timeout_cb, self);
}

/* The computer woke: a reminder whose time passed while it slept comes now, once. */
static void
prepare_for_sleep_cb (GDBusConnection *connection,
                      const char      *sender_name,
                      const char      *object_path,
                      const char      *interface_name,
                      const char      *signal_name,
                      GVariant        *parameters,
                      gpointer         user_data)
{
  ReframeReminders *self = user_data;
  gboolean          going_to_sleep = TRUE;

  if (g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(b)")))
    g_variant_get (parameters, "(b)", &going_to_sleep);
  if (going_to_sleep || !g_settings_get_boolean (self->settings, "reminder-enabled"))
    return;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->timeout_id = g_timeout_add (WAKE_DELAY_MS, timeout_cb, self);
}

/* Best effort: without logind (a container, a sandbox without the permission) the
 * capped wait still finds a missed time within minutes. */
static void
system_bus_ready_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  GDBusConnection  *bus = g_bus_get_finish (result, &error);
  ReframeReminders *self;

  /* Cancelled in dispose: @user_data is gone. */
  if (bus == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No system bus, so no word of the computer waking: %s", error->message);
      return;
    }

  self = user_data;
  self->system_bus = bus;
  self->sleep_subscription = g_dbus_connection_signal_subscribe (bus,
                                                                 "org.freedesktop.login1",
                                                                 "org.freedesktop.login1.Manager",
                                                                 "PrepareForSleep",
                                                                 "/org/freedesktop/login1",
                                                                 NULL,
                                                                 G_DBUS_SIGNAL_FLAGS_NONE,
                                                                 prepare_for_sleep_cb,
                                                                 self,
                                                                 NULL);
}

/* Callbacks */

static void
settings_time_changed_cb (ReframeReminders *self)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();

  /* A time just set that has passed today was not missed: it counts from now. */
  if (g_settings_get_boolean (self->settings, "reminder-enabled"))
    note_checked (self, now);
  else
    {
      g_clear_pointer (&self->later_time, g_date_time_unref);
      _reframe_reminders_withdraw (self);
    }

  schedule (self);
}

/* Kept running for reminders: when asked to (run-in-background), or when Reframe starts
 * at login for them (while they are on, so is Reframe). */
static void
settings_background_changed_cb (ReframeReminders *self)
{
  gboolean wanted = g_settings_get_boolean (self->settings, "run-in-background") ||
                    (g_settings_get_boolean (self->settings, "start-at-login") &&
                     g_settings_get_boolean (self->settings, "reminder-enabled"));

  if (wanted == self->holding)
    return;

  self->holding = wanted;
  if (wanted)
    g_application_hold (self->application);
  else
    g_application_release (self->application);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOLDING]);
}

/* Something was done (or undone): a reminder for what is finished is withdrawn. */
static void
store_changed_cb (ReframeReminders *self)
{
  g_autoptr (GDateTime) now = NULL;
  g_autoptr (GPtrArray) due = NULL;
  g_autoptr (GError) error = NULL;

  if (self->shown_day == 0)
    return;

  now = g_date_time_new_now_local ();
  if (local_julian_day (now) != self->shown_day)
    {
      _reframe_reminders_withdraw (self);
      return;
    }

  due = reframe_reminders_list_due (self, now, &error);
  if (due != NULL && due->len == 0)
    _reframe_reminders_withdraw (self);
}

/* GObject */

static void
reframe_reminders_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  ReframeReminders *self = REFRAME_REMINDERS (object);

  switch (prop_id)
    {
    case PROP_HOLDING:
      g_value_set_boolean (value, self->holding);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reframe_reminders_dispose (GObject *object)
{
  ReframeReminders *self = REFRAME_REMINDERS (object);

  g_cancellable_cancel (self->cancellable);
  if (self->sleep_subscription != 0)
    g_dbus_connection_signal_unsubscribe (self->system_bus, self->sleep_subscription);
  self->sleep_subscription = 0;
  g_clear_object (&self->system_bus);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->application != NULL)
    _reframe_reminders_remove_actions (self);
  reframe_reminders_release (self);
  reframe_reminders_set_store (self, NULL);
  self->application = NULL;

  G_OBJECT_CLASS (reframe_reminders_parent_class)->dispose (object);
}

static void
reframe_reminders_finalize (GObject *object)
{
  ReframeReminders *self = REFRAME_REMINDERS (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->journal_dir, g_free);
  g_clear_pointer (&self->next_fire_time, g_date_time_unref);
  g_clear_pointer (&self->later_time, g_date_time_unref);

  G_OBJECT_CLASS (reframe_reminders_parent_class)->finalize (object);
}

static void
reframe_reminders_class_init (ReframeRemindersClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = reframe_reminders_get_property;
  object_class->dispose = reframe_reminders_dispose;
  object_class->finalize = reframe_reminders_finalize;

  /**
   * ReframeReminders:holding:
   *
   * Whether the reminders keep the application running without a window.
   */
  properties[PROP_HOLDING] =
      g_param_spec_boolean ("holding",
                            NULL,
                            NULL,
                            FALSE,
                            G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
reframe_reminders_init (ReframeReminders *self)
{
  self->cancellable = g_cancellable_new ();
}

/* Only the journeys set it (tests/journeys/journey-reminders.py): a person's Reframe
 * never has it, and then nothing changes. */
static void
read_test_delay (ReframeReminders *self)
{
  const char *text = g_getenv (REFRAME_REMINDER_TEST_ENV);
  g_autoptr (GDateTime) now = NULL;
  guint64 seconds;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, 24 * 3600, &seconds, NULL))
    return;
  now = g_date_time_new_now_local ();
  self->later_time = g_date_time_add_seconds (now, (gdouble) seconds);
}

/**
 * reframe_reminders_new:
 * @application: the application that sends the notifications; it must outlive
 *   the reminders (it usually owns them)
 * @settings: the application's settings (reminder-enabled, reminder-time,
 *   reminder-last-check, run-in-background, start-at-login)
 *
 * Looks once the main loop runs (for a reminder missed while Reframe was not running),
 * then at each reminder time, and holds @application while Reframe is to keep running
 * in the background. Adds the actions of the notification's buttons to @application:
 * `app.reminder-done` and `app.reminder-undo` (a day and assignment UUIDs, `(sas)`) and
 * `app.reminder-later`; Open and the notification itself use `app.show-homework`, which
 * the application provides.
 *
 * For tests only, the environment variable `REFRAME_TEST_REMINDER_SECONDS` (see
 * %REFRAME_REMINDER_TEST_ENV) makes the first reminder come that many seconds after the
 * start, as if Later had been asked for, instead of waiting for the set time.
 *
 * Returns: (transfer full): the reminders
 */
ReframeReminders *
reframe_reminders_new (GApplication *application,
                       GSettings    *settings)
{
  ReframeReminders *self;

  g_return_val_if_fail (G_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (REFRAME_TYPE_REMINDERS, NULL);
  self->application = application;
  self->settings = g_object_ref (settings);
  read_test_delay (self);
  _reframe_reminders_install_actions (self);

  g_signal_connect_object (settings,
                           "changed::reminder-enabled",
                           G_CALLBACK (settings_time_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (settings,
                           "changed::reminder-time",
                           G_CALLBACK (settings_time_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (settings,
                           "changed::run-in-background",
                           G_CALLBACK (settings_background_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (settings,
                           "changed::start-at-login",
                           G_CALLBACK (settings_background_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (settings,
                           "changed::reminder-enabled",
                           G_CALLBACK (settings_background_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);
  settings_background_changed_cb (self);
  schedule (self);
  /* The first look, once the application has started and the window has its journal. */
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->timeout_id = g_idle_add (timeout_cb, self);
  g_bus_get (G_BUS_TYPE_SYSTEM, self->cancellable, system_bus_ready_cb, self);

  return self;
}

/**
 * reframe_reminders_get_store:
 * @self: the reminders
 *
 * Returns: (transfer none) (nullable): the journal the reminders read
 */
ReframeStore *
reframe_reminders_get_store (ReframeReminders *self)
{
  g_return_val_if_fail (REFRAME_IS_REMINDERS (self), NULL);

  return self->store;
}

/**
 * reframe_reminders_set_store:
 * @self: the reminders
 * @store: (nullable): the open journal
 *
 * The reminders keep a reference, so that they can still look at the homework
 * after the window that opened the journal is gone.
 */
void
reframe_reminders_set_store (ReframeReminders *self,
                             ReframeStore     *store)
{
  g_return_if_fail (REFRAME_IS_REMINDERS (self));
  g_return_if_fail (store == NULL || REFRAME_IS_STORE (store));

  if (self->store == store)
    return;

  if (self->store != NULL)
    {
      g_signal_handlers_disconnect_by_func (
          reframe_store_get_assignments (self->store), store_changed_cb, self);
      g_signal_handlers_disconnect_by_func (
          reframe_store_get_worksheets (self->store), store_changed_cb, self);
    }
  g_set_object (&self->store, store);
  if (store != NULL)
    {
      /* A task ticked off, or a worksheet completed for an assignment. */
      g_signal_connect_object (reframe_store_get_assignments (store),
                               "assignment-changed",
                               G_CALLBACK (store_changed_cb),
                               self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (reframe_store_get_worksheets (store),
                               "worksheet-changed",
                               G_CALLBACK (store_changed_cb),
                               self,
                               G_CONNECT_SWAPPED);
    }
}

/**
 * reframe_reminders_set_journal_dir:
 * @self: the reminders
 * @journal_dir: (nullable): the journal's folder
 *
 * The journal to open for a moment when no window has it open (Reframe started in the
 * background), to see what is due or to mark it done.
 */
void
reframe_reminders_set_journal_dir (ReframeReminders *self,
                                   const char       *journal_dir)
{
  g_return_if_fail (REFRAME_IS_REMINDERS (self));

  g_free (self->journal_dir);
  self->journal_dir = g_strdup (journal_dir);
}

/* Whether any homework asks for a reminder at all: a locked journal cannot say what is
 * due, but with none asking nothing is sent. A journal that cannot be read is taken to
 * have some: the person turned reminders on. */
static gboolean
any_asks_for_reminder (ReframeReminders *self)
{
  g_autoptr (ReframeStore) store = NULL;
  g_autoptr (GListModel) assignments = NULL;
  g_autoptr (GError) error = NULL;
  guint n_items;

  store = _reframe_reminders_dup_store (self, &error);
  if (store == NULL)
    return error != NULL;
  assignments = reframe_assignment_repository_list (reframe_store_get_assignments (store), &error);
  if (assignments == NULL)
    {
      g_warning ("Could not look at the homework before locking: %s", error->message);
      return FALSE;
    }
  n_items = g_list_model_get_n_items (assignments);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr (ReframeAssignment) assignment = g_list_model_get_item (assignments, i);

      if (reframe_assignment_get_reminder (assignment))
        return TRUE;
    }
  return FALSE;
}

/**
 * reframe_reminders_set_locked:
 * @self: the reminders
 * @locked: whether the journal is locked
 *
 * Call with %TRUE while the reminders still have the journal, before it closes: a
 * reminder showing is withdrawn (it names homework), and while locked the reminder
 * still comes, at its time, without content, and offers Open only. Call with %FALSE
 * once it is open again.
 */
void
reframe_reminders_set_locked (ReframeReminders *self,
                              gboolean          locked)
{
  g_return_if_fail (REFRAME_IS_REMINDERS (self));

  if (self->locked == !!locked)
    return;
  if (locked)
    {
      self->locked_has_reminders = any_asks_for_reminder (self);
      _reframe_reminders_withdraw (self);
      /* "Marked done" names homework too. */
      if (g_application_get_is_registered (self->application))
        g_application_withdraw_notification (self->application,
                                             REFRAME_REMINDER_DONE_NOTIFICATION_ID);
    }
  self->locked = !!locked;
}

/**
 * reframe_reminders_get_locked:
 * @self: the reminders
 *
 * Returns: whether the reminders come without content
 */
gboolean
reframe_reminders_get_locked (ReframeReminders *self)
{
  g_return_val_if_fail (REFRAME_IS_REMINDERS (self), FALSE);

  return self->locked;
}

/**
 * reframe_reminders_manage_window:
 * @self: the reminders
 * @window: the main window
 *
 * While the reminders keep Reframe running (#ReframeReminders:holding), closing
 * @window hides it instead of ending the application, so that reminders can still be
 * sent; activating the application shows it again.
 */
void
reframe_reminders_manage_window (ReframeReminders *self,
                                 GtkWindow        *window)
{
  g_return_if_fail (REFRAME_IS_REMINDERS (self));
  g_return_if_fail (GTK_IS_WINDOW (window));

  g_object_bind_property (self, "holding", window, "hide-on-close", G_BINDING_SYNC_CREATE);
}

/**
 * reframe_reminders_get_holding:
 * @self: the reminders
 *
 * Returns: whether the reminders keep the application running
 */
gboolean
reframe_reminders_get_holding (ReframeReminders *self)
{
  g_return_val_if_fail (REFRAME_IS_REMINDERS (self), FALSE);

  return self->holding;
}

/**
 * reframe_reminders_release:
 * @self: the reminders
 *
 * Lets the application end (for Quit) whatever run-in-background and Start at Login
 * say.
 */
void
reframe_reminders_release (ReframeReminders *self)
{
  g_return_if_fail (REFRAME_IS_REMINDERS (self));

  if (!self->holding)
    return;

  self->holding = FALSE;
  g_application_release (self->application);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOLDING]);
}

/**
 * reframe_reminders_get_next_fire_time:
 * @self: the reminders
 *
 * Returns: (transfer none) (nullable): the next reminder time, %NULL when reminders
 *   are off
 */
GDateTime *
reframe_reminders_get_next_fire_time (ReframeReminders *self)
{
  g_return_val_if_fail (REFRAME_IS_REMINDERS (self), NULL);

  return self->next_fire_time;
}

/**
 * reframe_reminders_get_later_time:
 * @self: the reminders
 *
 * Returns: (transfer none) (nullable): when the reminder asked for Later comes, or %NULL
 */
GDateTime *
reframe_reminders_get_later_time (ReframeReminders *self)
{
  g_return_val_if_fail (REFRAME_IS_REMINDERS (self), NULL);

  return self->later_time;
}

/**
 * reframe_reminders_check:
 * @self: the reminders
 * @now: the time to look at
 *
 * What the timer does at each wake, and once at the start: when the reminder time came
 * since the last look, the reminder is sent, once however many times passed (the
 * computer slept, or Reframe was not running), and only when the latest of them is
 * @now's day; a reminder asked for Later whose time came is sent too (still once).
 *
 * Returns: whether a reminder was sent
 */
gboolean
reframe_reminders_check (ReframeReminders *self,
                         GDateTime        *now)
{
  gboolean today = FALSE;
  gboolean sent = FALSE;

  g_return_val_if_fail (REFRAME_IS_REMINDERS (self), FALSE);
  g_return_val_if_fail (now != NULL, FALSE);

  if (!g_settings_get_boolean (self->settings, "reminder-enabled"))
    return FALSE;

  if (time_came (self, now, &today))
    {
      if (today)
        sent = reframe_reminders_fire (self, now);
      note_checked (self, now);
    }

  if (self->later_time != NULL && g_date_time_compare (self->later_time, now) <= 0)
    {
      g_clear_pointer (&self->later_time, g_date_time_unref);
      if (!sent)
        sent = reframe_reminders_fire (self, now);
    }

  return sent;
}

/**
 * reframe_reminders_later:
 * @self: the reminders
 * @now: when Later was chosen
 *
 * Takes the reminder away and brings it again %REFRAME_REMINDER_LATER_MINUTES after
 * @now (if something is still open then).
 */
void
reframe_reminders_later (ReframeReminders *self,
                         GDateTime        *now)
{
  g_return_if_fail (REFRAME_IS_REMINDERS (self));
  g_return_if_fail (now != NULL);

  g_clear_pointer (&self->later_time, g_date_time_unref);
  self->later_time = g_date_time_add_minutes (now, REFRAME_REMINDER_LATER_MINUTES);
  _reframe_reminders_withdraw (self);
  schedule (self);
}

/**
 * reframe_reminders_list_due:
 * @self: the reminders
 * @now: the time to look at
 * @error: where a failure to read the journal goes (%REFRAME_STORE_ERROR_LOCKED when
 *   it is encrypted and not unlocked)
 *
 * The assignments that ask for a reminder and are due on @now's day and not
 * done yet.
 *
 * Returns: (transfer container) (element-type ReframeAssignment) (nullable):
 *   the assignments, empty without a journal
 */
GPtrArray *
reframe_reminders_list_due (ReframeReminders *self,
                            GDateTime        *now,
                            GError          **error)
{
  g_autoptr (GPtrArray) due = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GListModel) assignments = NULL;
  g_autoptr (ReframeStore) store = NULL;
  g_autoptr (GError) local_error = NULL;
  ReframeAssignmentRepository *repository;
  GDate                        today;
  guint                        n_items;

  g_return_val_if_fail (REFRAME_IS_REMINDERS (self), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  if ((store = _reframe_reminders_dup_store (self, &local_error)) == NULL)
    {
      if (local_error == NULL)
        return g_steal_pointer (&due);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  repository = reframe_store_get_assignments (store);
  if ((assignments = reframe_assignment_repository_list (repository, error)) == NULL)
    return NULL;

  reframe_homework_get_local_day (now, &today);
  n_items = g_list_model_get_n_items (assignments);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr (ReframeAssignment) assignment = g_list_model_get_item (assignments, i);
      ReframeHomeworkProgress progress;

      if (!reframe_assignment_get_reminder (assignment))
        continue;
      if (!reframe_assignment_repository_get_progress (
              repository, assignment, &today, &progress, error))
        return NULL;
      if (progress.due_today)
        g_ptr_array_add (due, g_steal_pointer (&assignment));
    }

  return g_steal_pointer (&due);
}

/**
 * reframe_reminders_fire:
 * @self: the reminders
 * @now: the time to look at
 *
 * Sends the reminder for @now's day when something is due and not done, with its
 * buttons (see reframe_reminders_new()). An application that is not registered
 * (tests, the CLI) sends nothing.
 *
 * Returns: whether there was something to remind of
 */
gboolean
reframe_reminders_fire (ReframeReminders *self,
                        GDateTime        *now)
{
  g_auto (ReframeReminderContent) reminder = { 0 };
  g_autoptr (GNotification) notification = NULL;

  g_return_val_if_fail (REFRAME_IS_REMINDERS (self), FALSE);

  if (!_reframe_reminders_compose (self, now, &reminder))
    {
      _reframe_reminders_withdraw (self);
      return FALSE;
    }

  notification = _reframe_reminders_make_notification (&reminder);
  self->shown_day = local_julian_day (now);
  _reframe_reminders_send (self, REFRAME_REMINDER_NOTIFICATION_ID, notification);

  return TRUE;
}

/**
 * reframe_reminders_parse_time:
 * @text: (nullable): a time of day as "HH:MM", 24-hour
 * @hour: (out): the hour, 0–23
 * @minute: (out): the minute, 0–59
 *
 * Returns: whether @text is such a time; @hour and @minute are left alone if not
 */
gboolean
reframe_reminders_parse_time (const char *text,
                              int        *hour,
                              int        *minute)
{
  guint64 h;
  guint64 m;
  char   *end;

  g_return_val_if_fail (hour != NULL && minute != NULL, FALSE);

  if (text == NULL || !g_ascii_isdigit (text[0]))
    return FALSE;

  h = g_ascii_strtoull (text, &end, 10);
  if (*end != ':' || end - text > 2 || !g_ascii_isdigit (end[1]))
    return FALSE;

  text = end + 1;
  m = g_ascii_strtoull (text, &end, 10);
  if (*end != '\0' || end - text != 2 || h > 23 || m > 59)
    return FALSE;

  *hour = (int) h;
  *minute = (int) m;
  return TRUE;
}

/**
 * reframe_reminders_compute_next_fire_time:
 * @hour: the reminder's hour, 0–23
 * @minute: the reminder's minute, 0–59
 * @now: the time to start from
 *
 * The first time after @now at which the clock in @now's time zone shows
 * @hour:@minute. It counts calendar days rather than adding 24 hours, so it
 * stays at the same time of day across daylight-saving changes.
 *
 * Returns: (transfer full): the time of the next reminder, in @now's time zone
 */
GDateTime *
reframe_reminders_compute_next_fire_time (int        hour,
                                          int        minute,
                                          GDateTime *now)
{
  GTimeZone *zone;
  GDate      date;

  g_return_val_if_fail (now != NULL, NULL);
  g_return_val_if_fail (hour >= 0 && hour < 24 && minute >= 0 && minute < 60, NULL);

  zone = g_date_time_get_timezone (now);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date,
                  g_date_time_get_day_of_month (now),
                  g_date_time_get_month (now),
                  g_date_time_get_year (now));

  /* Today's, then tomorrow's; a day whose time falls in a daylight-saving gap
   * is moved on by GLib, still later than now. */
  for (int i = 0; i < 3; i++)
    {
      g_autoptr (GDateTime) candidate = g_date_time_new (zone,
                                                         g_date_get_year (&date),
                                                         g_date_get_month (&date),
                                                         g_date_get_day (&date),
                                                         hour,
                                                         minute,
                                                         0);

      if (candidate != NULL && g_date_time_compare (candidate, now) > 0)
        return g_steal_pointer (&candidate);

      g_date_add_days (&date, 1);
    }

  g_return_val_if_reached (NULL);
}
