/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-reminders.c: the daily homework reminder, sent as a GNotification at the chosen time. */

#define G_LOG_DOMAIN "ReframeReminders"

#include "config.h"

#include <glib/gi18n.h>

#include "reframe-assignment-repository.h"
#include "reframe-reminders.h"
#include "reframe-worksheet-repository.h"

/* The timer never sleeps longer than this: the monotonic clock it runs on stops
 * while the computer is suspended, so a long wait could wake far too late. */
#define MAX_WAIT_MS (5 * 60 * 1000)

/* How many titles the notification lists before "and n more". */
#define MAX_LISTED 4

struct _ReframeReminders
{
  GObject parent_instance;

  /* Borrowed: the application owns us */
  GApplication *application;

  /* Owned */
  GSettings    *settings;
  ReframeStore *store;
  GDateTime    *next_fire_time;
  guint         timeout_id;

  /* The day (local, Julian) a reminder was sent on and is still showing, or 0. */
  guint32 shown_day;
  /* We called g_application_hold () for run-in-background. */
  gboolean holding;
  /* The journal is locked: the reminder comes without a word of it. */
  gboolean locked;
  /* When it locked, some homework asked for a reminder. */
  gboolean locked_has_reminders;
};

G_DEFINE_FINAL_TYPE (ReframeReminders, reframe_reminders, G_TYPE_OBJECT)

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

static void
withdraw (ReframeReminders *self)
{
  if (self->shown_day == 0)
    return;

  self->shown_day = 0;
  if (g_application_get_is_registered (self->application))
    g_application_withdraw_notification (self->application, REFRAME_REMINDER_NOTIFICATION_ID);
}

/* Timer */

static gboolean
timeout_cb (gpointer user_data)
{
  ReframeReminders *self = user_data;
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();

  self->timeout_id = 0;

  if (self->next_fire_time != NULL && g_date_time_compare (now, self->next_fire_time) >= 0)
    reframe_reminders_fire (self, now);

  schedule (self);

  return G_SOURCE_REMOVE;
}

static void
schedule (ReframeReminders *self)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  GTimeSpan wait;
  int       hour;
  int       minute;

  g_clear_handle_id (&self->timeout_id, g_source_remove);

  if (!g_settings_get_boolean (self->settings, "reminder-enabled"))
    {
      g_clear_pointer (&self->next_fire_time, g_date_time_unref);
      return;
    }

  /* Keep a target that has not come yet, so that waking early (the wait is
   * capped) does not move it; otherwise take the next one after now. */
  if (self->next_fire_time == NULL || g_date_time_compare (now, self->next_fire_time) >= 0)
    {
      read_time_setting (self, &hour, &minute);
      g_clear_pointer (&self->next_fire_time, g_date_time_unref);
      self->next_fire_time = reframe_reminders_compute_next_fire_time (hour, minute, now);
    }

  wait = g_date_time_difference (self->next_fire_time, now) / G_TIME_SPAN_MILLISECOND;
  self->timeout_id = g_timeout_add ((guint) CLAMP (wait + 1, 1, MAX_WAIT_MS), timeout_cb, self);
}

/* Callbacks */

static void
settings_time_changed_cb (ReframeReminders *self)
{
  /* A new time (or turning reminders on) makes a new target. */
  g_clear_pointer (&self->next_fire_time, g_date_time_unref);
  if (!g_settings_get_boolean (self->settings, "reminder-enabled"))
    withdraw (self);

  schedule (self);
}

static void
settings_background_changed_cb (ReframeReminders *self)
{
  gboolean wanted = g_settings_get_boolean (self->settings, "run-in-background");

  if (wanted == self->holding)
    return;

  self->holding = wanted;
  if (wanted)
    g_application_hold (self->application);
  else
    g_application_release (self->application);
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
      withdraw (self);
      return;
    }

  due = reframe_reminders_list_due (self, now, &error);
  if (due != NULL && due->len == 0)
    withdraw (self);
}

/* GObject */

static void
reframe_reminders_dispose (GObject *object)
{
  ReframeReminders *self = REFRAME_REMINDERS (object);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  reframe_reminders_release (self);
  reframe_reminders_set_store (self, NULL);

  G_OBJECT_CLASS (reframe_reminders_parent_class)->dispose (object);
}

static void
reframe_reminders_finalize (GObject *object)
{
  ReframeReminders *self = REFRAME_REMINDERS (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->next_fire_time, g_date_time_unref);

  G_OBJECT_CLASS (reframe_reminders_parent_class)->finalize (object);
}

static void
reframe_reminders_class_init (ReframeRemindersClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = reframe_reminders_dispose;
  object_class->finalize = reframe_reminders_finalize;
}

static void
reframe_reminders_init (ReframeReminders *self)
{
}

/**
 * reframe_reminders_new:
 * @application: the application that sends the notifications; it must outlive
 *   the reminders (it usually owns them)
 * @settings: the application's settings (reminder-enabled, reminder-time,
 *   run-in-background)
 *
 * Starts the timer at once, and holds @application while run-in-background is
 * on. The notification's default action is `app.show-homework`, which the
 * application provides.
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

  g_signal_connect_object (settings, "changed::reminder-enabled", G_CALLBACK (settings_time_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::reminder-time", G_CALLBACK (settings_time_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::run-in-background", G_CALLBACK (settings_background_changed_cb), self, G_CONNECT_SWAPPED);
  settings_background_changed_cb (self);
  schedule (self);

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
      g_signal_handlers_disconnect_by_func (reframe_store_get_assignments (self->store), store_changed_cb, self);
      g_signal_handlers_disconnect_by_func (reframe_store_get_worksheets (self->store), store_changed_cb, self);
    }
  g_set_object (&self->store, store);
  if (store != NULL)
    {
      /* A task ticked off, or a worksheet completed for an assignment. */
      g_signal_connect_object (reframe_store_get_assignments (store), "assignment-changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (reframe_store_get_worksheets (store), "worksheet-changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
    }
}

/* Whether any homework asks for a reminder at all: a locked journal cannot say what is
 * due, but with none asking nothing is sent. */
static gboolean
any_asks_for_reminder (ReframeReminders *self)
{
  g_autoptr (GListModel) assignments = NULL;
  g_autoptr (GError) error = NULL;
  guint n_items;

  if (self->store == NULL)
    return FALSE;
  assignments = reframe_assignment_repository_list (reframe_store_get_assignments (self->store), &error);
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
 * still comes, at its time, without content. Call with %FALSE once it is open again.
 */
void
reframe_reminders_set_locked (ReframeReminders *self,
                              gboolean          locked)
{
  g_return_if_fail (REFRAME_IS_REMINDERS (self));

  if (self->locked == !!locked)
    return;
  self->locked = !!locked;
  if (locked)
    {
      self->locked_has_reminders = any_asks_for_reminder (self);
      withdraw (self);
    }
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
 * While run-in-background is on, closing @window hides it instead of ending
 * the application, so that reminders can still be sent; activating the
 * application shows it again.
 */
void
reframe_reminders_manage_window (ReframeReminders *self,
                                 GtkWindow        *window)
{
  g_return_if_fail (REFRAME_IS_REMINDERS (self));
  g_return_if_fail (GTK_IS_WINDOW (window));

  g_settings_bind (self->settings, "run-in-background", window, "hide-on-close", G_SETTINGS_BIND_GET);
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
 * Lets the application end (for Quit) whatever run-in-background says.
 */
void
reframe_reminders_release (ReframeReminders *self)
{
  g_return_if_fail (REFRAME_IS_REMINDERS (self));

  if (!self->holding)
    return;

  self->holding = FALSE;
  g_application_release (self->application);
}

/**
 * reframe_reminders_get_next_fire_time:
 * @self: the reminders
 *
 * Returns: (transfer none) (nullable): when the next reminder is due, %NULL
 *   when reminders are off
 */
GDateTime *
reframe_reminders_get_next_fire_time (ReframeReminders *self)
{
  g_return_val_if_fail (REFRAME_IS_REMINDERS (self), NULL);

  return self->next_fire_time;
}

/**
 * reframe_reminders_list_due:
 * @self: the reminders
 * @now: the time to look at
 * @error: where a failure to read the journal goes
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
  ReframeAssignmentRepository *repository;
  GDate                        today;
  guint                        n_items;

  g_return_val_if_fail (REFRAME_IS_REMINDERS (self), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  if (self->store == NULL)
    return g_steal_pointer (&due);

  repository = reframe_store_get_assignments (self->store);
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
      if (!reframe_assignment_repository_get_progress (repository, assignment, &today, &progress, error))
        return NULL;
      if (progress.due_today)
        g_ptr_array_add (due, g_steal_pointer (&assignment));
    }

  return g_steal_pointer (&due);
}

/**
 * reframe_reminders_compose:
 * @self: the reminders
 * @now: the time to look at
 * @title: (out) (optional): the notification's title
 * @body: (out) (optional): the notification's text
 *
 * The words of the reminder that would be sent at @now.
 *
 * Returns: %FALSE when nothing is due (and nothing would be sent)
 */
gboolean
reframe_reminders_compose (ReframeReminders *self,
                           GDateTime        *now,
                           char            **title,
                           char            **body)
{
  g_autoptr (GPtrArray) due = NULL;
  g_autoptr (GPtrArray) titles = NULL;
  g_autoptr (GError) error = NULL;

  g_return_val_if_fail (REFRAME_IS_REMINDERS (self), FALSE);

  /* Locked, nothing of the journal can be read, nor shown on a locked screen. */
  if (self->locked)
    {
      if (!self->locked_has_reminders)
        return FALSE;
      if (title != NULL)
        *title = g_strdup (_ ("A Gentle Reminder"));
      if (body != NULL)
        *body = g_strdup (_ ("Some homework may still be open for today. Reframe is locked, so what it is stays hidden until you unlock it."));
      return TRUE;
    }

  due = reframe_reminders_list_due (self, now, &error);
  if (due == NULL)
    {
      /* Never the homework itself in the log, only what went wrong. */
      g_warning ("Could not look at today's homework: %s", error->message);
      return FALSE;
    }
  if (due->len == 0)
    return FALSE;

  titles = g_ptr_array_new ();
  for (guint i = 0; i < due->len; i++)
    g_ptr_array_add (titles, (gpointer) reframe_assignment_get_title (g_ptr_array_index (due, i)));

  if (title != NULL)
    *title = g_strdup (_ ("Today’s Homework"));
  if (body != NULL)
    *body = reframe_reminders_format_body (titles);

  return TRUE;
}

/**
 * reframe_reminders_fire:
 * @self: the reminders
 * @now: the time to look at
 *
 * Sends the reminder for @now's day when something is due and not done. An
 * application that is not registered (tests, the CLI) sends nothing.
 *
 * Returns: whether there was something to remind of
 */
gboolean
reframe_reminders_fire (ReframeReminders *self,
                        GDateTime        *now)
{
  g_autoptr (GNotification) notification = NULL;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;

  g_return_val_if_fail (REFRAME_IS_REMINDERS (self), FALSE);

  if (!reframe_reminders_compose (self, now, &title, &body))
    {
      withdraw (self);
      return FALSE;
    }

  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  g_notification_set_default_action (notification, "app.show-homework");
  self->shown_day = local_julian_day (now);
  if (g_application_get_is_registered (self->application))
    g_application_send_notification (self->application, REFRAME_REMINDER_NOTIFICATION_ID, notification);

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

/**
 * reframe_reminders_format_body:
 * @titles: (element-type utf8): the titles of what is due, at least one
 *
 * Kind words: what is still open today, with no count of what was missed.
 *
 * Returns: (transfer full): the notification's text
 */
char *
reframe_reminders_format_body (GPtrArray *titles)
{
  GString *body;
  guint    listed;

  g_return_val_if_fail (titles != NULL && titles->len > 0, NULL);

  if (titles->len == 1)
    /* Translators: %s is the title of a homework assignment */
    return g_strdup_printf (_ ("“%s” is still open for today, whenever it suits you."),
                            (const char *) g_ptr_array_index (titles, 0));

  body = g_string_new (_ ("Still open for today, whenever it suits you:"));
  listed = MIN (titles->len, MAX_LISTED);
  /* All of them when only one more would be left over. */
  if (titles->len == MAX_LISTED + 1)
    listed = titles->len;

  for (guint i = 0; i < listed; i++)
    g_string_append_printf (body, "\n• %s", (const char *) g_ptr_array_index (titles, i));

  if (listed < titles->len)
    {
      guint more = titles->len - listed;

      g_string_append_c (body, '\n');
      /* Translators: the end of a list of homework that is still open today */
      g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE, "and %u more", "and %u more", more), more);
    }

  return g_string_free (body, FALSE);
}
