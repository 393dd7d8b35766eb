/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-reminders-notification.c: the reminder's words and buttons, and what the buttons
 * do: Done (with Undo), Later; Open is the application's show-homework.
 *
 * They are application actions, so that they work from a notification whether or not a
 * window is open, and whether or not Reframe was running (D-Bus activation starts it in
 * the background, and the action comes next). Done ticks off, for the day the reminder
 * was for, the tasks it named and that are not ticked off yet, and says so in a
 * notification with Undo; a locked journal cannot be written, so then the window opens
 * to ask for the passphrase instead.
 */

#define G_LOG_DOMAIN "ReframeReminders"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "reframe-assignment-repository.h"
#include "reframe-reminders-private.h"

/* How many titles the notification lists before "and n more". */
#define MAX_LISTED 4

static const char *const action_names[] = { "reminder-done", "reminder-undo", "reminder-later" };

static gboolean
parse_day (const char *text,
           GDate      *day)
{
  guint year;
  guint month;
  guint mday;
  char  tail;

  g_date_clear (day, 1);
  if (strlen (text) != 10 || sscanf (text, "%4u-%2u-%2u%c", &year, &month, &mday, &tail) != 3 ||
      !g_date_valid_dmy (mday, month, year))
    return FALSE;
  g_date_set_dmy (day, mday, month, year);
  return TRUE;
}

/* @day as "YYYY-MM-DD", as the buttons carry it. */
static char *
format_day (const GDate *day)
{
  return g_strdup_printf (
      "%04u-%02u-%02u", g_date_get_year (day), g_date_get_month (day), g_date_get_day (day));
}

static gboolean
is_today (const GDate *day)
{
  GDate today;

  reframe_homework_get_today (&today);
  return g_date_compare (day, &today) == 0;
}

/* The journal to write, or NULL after opening the window, which asks for the passphrase
 * of a locked journal (or says why it cannot be opened). */
static ReframeStore *
dup_store_or_open_window (ReframeReminders *self)
{
  g_autoptr (ReframeStore) store = NULL;
  g_autoptr (GError) error = NULL;

  if (!self->locked)
    store = _reframe_reminders_dup_store (self, &error);
  if (store == NULL)
    {
      if (error != NULL &&
          !g_error_matches (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_LOCKED))
        g_warning ("Could not open the journal for a reminder: %s", error->message);
      g_application_activate (self->application);
    }
  return g_steal_pointer (&store);
}

/* Says what could not be done, with the way to the Homework page. */
static void
send_failure (ReframeReminders *self,
              const char       *title,
              const GError     *error)
{
  g_autoptr (GNotification) notification = g_notification_new (title);

  g_notification_set_body (notification, error->message);
  g_notification_set_default_action (notification, "app.show-homework");
  _reframe_reminders_send (self, REFRAME_REMINDER_DONE_NOTIFICATION_ID, notification);
}

static void
send_marked (ReframeReminders *self,
             const char       *day,
             GPtrArray        *marked)
{
  g_autoptr (GNotification) notification = g_notification_new (_ ("Marked Done"));
  g_autoptr (GStrvBuilder) uuids = g_strv_builder_new ();
  g_auto (GStrv) undo_uuids = NULL;
  g_autoptr (GString) body = NULL;

  for (guint i = 0; i < marked->len; i++)
    g_strv_builder_add (uuids, reframe_assignment_get_uuid (g_ptr_array_index (marked, i)));
  undo_uuids = g_strv_builder_end (uuids);

  if (marked->len == 1)
    {
      body = g_string_new (NULL);
      /* Translators: %s is the title of a homework task, just marked done */
      g_string_printf (body,
                       _ ("“%s” is ticked off."),
                       reframe_assignment_get_title (g_ptr_array_index (marked, 0)));
    }
  else
    {
      body = g_string_new (_ ("Ticked off:"));
      for (guint i = 0; i < marked->len; i++)
        g_string_append_printf (
            body, "\n• %s", reframe_assignment_get_title (g_ptr_array_index (marked, i)));
    }

  g_notification_set_body (notification, body->str);
  g_notification_set_default_action (notification, "app.show-homework");
  g_notification_add_button_with_target_value (notification,
                                               C_ ("reminder", "Undo"),
                                               "app.reminder-undo",
                                               g_variant_new ("(s^as)", day, undo_uuids));
  _reframe_reminders_send (self, REFRAME_REMINDER_DONE_NOTIFICATION_ID, notification);
}

/* Ticks off @assignment for @day unless it is already; it goes into @marked when it was
 * this that ticked it off. */
static gboolean
mark_one (ReframeAssignmentRepository *repository,
          ReframeAssignment           *assignment,
          const GDate                 *day,
          GPtrArray                   *marked,
          GError                     **error)
{
  g_autoptr (GPtrArray) completions = NULL;
  g_autoptr (GDateTime) when = NULL;

  if (!reframe_assignment_is_task (assignment))
    return TRUE;
  if ((completions = reframe_assignment_repository_list_completions (
           repository, assignment, day, day, error)) == NULL)
    return FALSE;
  if (completions->len > 0)
    return TRUE;

  /* Done now, or (a reminder of an earlier day, answered late) on the day it was for. */
  if (!is_today (day))
    when = g_date_time_new_local (
        g_date_get_year (day), g_date_get_month (day), g_date_get_day (day), 12, 0, 0);
  if (!reframe_assignment_repository_mark_task_done (repository, assignment, when, error))
    return FALSE;
  g_ptr_array_add (marked, g_object_ref (assignment));
  return TRUE;
}

static void
mark_done (ReframeReminders  *self,
           const char        *day_text,
           const char *const *uuids)
{
  g_autoptr (ReframeStore) store = NULL;
  g_autoptr (GPtrArray) marked = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GError) error = NULL;
  ReframeAssignmentRepository *repository;
  GDate                        day;

  if (!parse_day (day_text, &day) || (store = dup_store_or_open_window (self)) == NULL)
    return;

  repository = reframe_store_get_assignments (store);
  for (guint i = 0; uuids[i] != NULL && error == NULL; i++)
    {
      g_autoptr (ReframeAssignment) assignment =
          reframe_assignment_repository_get (repository, uuids[i], NULL);

      /* Deleted since the reminder came: nothing to tick off. */
      if (assignment != NULL)
        mark_one (repository, assignment, &day, marked, &error);
    }

  /* The reminder was answered, whichever Reframe sent it. */
  self->shown_day = 0;
  if (g_application_get_is_registered (self->application))
    g_application_withdraw_notification (self->application, REFRAME_REMINDER_NOTIFICATION_ID);
  if (error != NULL)
    send_failure (self, _ ("Not Marked Done"), error);
  else if (marked->len > 0)
    send_marked (self, day_text, marked);
}

static void
undo_done (ReframeReminders  *self,
           const char        *day_text,
           const char *const *uuids)
{
  g_autoptr (ReframeStore) store = NULL;
  g_autoptr (GError) error = NULL;
  ReframeAssignmentRepository *repository;
  GDate                        day;

  if (!parse_day (day_text, &day) || (store = dup_store_or_open_window (self)) == NULL)
    return;

  repository = reframe_store_get_assignments (store);
  for (guint i = 0; uuids[i] != NULL && error == NULL; i++)
    {
      g_autoptr (ReframeAssignment) assignment =
          reframe_assignment_repository_get (repository, uuids[i], NULL);

      if (assignment != NULL)
        reframe_assignment_repository_unmark_task_done (repository, assignment, &day, &error);
    }

  if (g_application_get_is_registered (self->application))
    g_application_withdraw_notification (self->application, REFRAME_REMINDER_DONE_NOTIFICATION_ID);
  if (error != NULL)
    {
      send_failure (self, _ ("Not Undone"), error);
      return;
    }
  /* Open again, so the reminder is back as it was. */
  if (is_today (&day))
    {
      g_autoptr (GDateTime) now = g_date_time_new_now_local ();

      g_clear_object (&store);
      reframe_reminders_fire (self, now);
    }
}

/* Words */

/* Locked, nothing of the journal can be read, nor shown on a locked screen. */
static gboolean
compose_locked (ReframeReminderContent *reminder)
{
  reminder->locked = TRUE;
  reminder->title = g_strdup (_ ("A Gentle Reminder"));
  reminder->body = g_strdup (_ ("Some homework may still be open for today. Reframe is locked, so "
                                "what it is stays hidden until you unlock it."));
  return TRUE;
}

/**
 * _reframe_reminders_compose:
 * @self: the reminders
 * @now: the time to look at
 * @reminder: (out caller-allocates): the words of the reminder, and the tasks Done
 *   would tick off
 *
 * Returns: %FALSE when there is nothing to remind of
 */
gboolean
_reframe_reminders_compose (ReframeReminders       *self,
                            GDateTime              *now,
                            ReframeReminderContent *reminder)
{
  g_autoptr (GPtrArray) due = NULL;
  g_autoptr (GPtrArray) titles = NULL;
  g_autoptr (GStrvBuilder) tasks = g_strv_builder_new ();
  g_autoptr (GError) error = NULL;
  GDate today;

  if (self->locked)
    return self->locked_has_reminders && compose_locked (reminder);

  due = reframe_reminders_list_due (self, now, &error);
  /* Encrypted and never unlocked here (Reframe started in the background). */
  if (due == NULL && g_error_matches (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_LOCKED))
    return compose_locked (reminder);
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
    {
      ReframeAssignment *assignment = g_ptr_array_index (due, i);

      g_ptr_array_add (titles, (gpointer) reframe_assignment_get_title (assignment));
      if (reframe_assignment_is_task (assignment))
        g_strv_builder_add (tasks, reframe_assignment_get_uuid (assignment));
    }

  reframe_homework_get_local_day (now, &today);
  reminder->day = format_day (&today);
  reminder->task_uuids = g_strv_builder_end (tasks);
  reminder->n_due = due->len;
  reminder->title = g_strdup (_ ("Today’s Homework"));
  reminder->body = reframe_reminders_format_body (titles);
  return TRUE;
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
  g_auto (ReframeReminderContent) reminder = { 0 };

  g_return_val_if_fail (REFRAME_IS_REMINDERS (self), FALSE);

  if (!_reframe_reminders_compose (self, now, &reminder))
    return FALSE;
  if (title != NULL)
    *title = g_steal_pointer (&reminder.title);
  if (body != NULL)
    *body = g_steal_pointer (&reminder.body);
  return TRUE;
}

/**
 * _reframe_reminders_make_notification:
 * @reminder: what the reminder says
 *
 * Done ticks off the tasks the reminder names (a worksheet is done by filling it in,
 * after Open); locked, there is Open only: anything else would need the journal.
 *
 * Returns: (transfer full): the reminder, with its buttons
 */
GNotification *
_reframe_reminders_make_notification (const ReframeReminderContent *reminder)
{
  GNotification *notification = g_notification_new (reminder->title);
  guint          n_tasks = reminder->task_uuids != NULL ? g_strv_length (reminder->task_uuids) : 0;

  g_notification_set_body (notification, reminder->body);
  g_notification_set_default_action (notification, "app.show-homework");
  if (!reminder->locked)
    {
      if (n_tasks > 0)
        g_notification_add_button_with_target_value (
            notification,
            /* Translators: buttons of the homework reminder; the second when
             * it names worksheets too, which it leaves open */
            n_tasks == reminder->n_due ? C_ ("reminder", "Done") : _ ("Mark Tasks Done"),
            "app.reminder-done",
            g_variant_new ("(s^as)", reminder->day, reminder->task_uuids));
      /* Translators: a button of the homework reminder: again in an hour */
      g_notification_add_button (notification, C_ ("reminder", "Later"), "app.reminder-later");
    }
  /* Translators: a button of the homework reminder: shows the Homework page */
  g_notification_add_button (notification, C_ ("reminder", "Open"), "app.show-homework");
  return notification;
}

static void
reminder_done_activated_cb (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  const char             *day;
  g_autofree const char **uuids = NULL;

  g_variant_get (parameter, "(&s^a&s)", &day, &uuids);
  mark_done (user_data, day, uuids);
}

static void
reminder_undo_activated_cb (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  const char             *day;
  g_autofree const char **uuids = NULL;

  g_variant_get (parameter, "(&s^a&s)", &day, &uuids);
  undo_done (user_data, day, uuids);
}

static void
reminder_later_activated_cb (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();

  reframe_reminders_later (user_data, now);
}

/**
 * _reframe_reminders_install_actions:
 * @self: the reminders, new
 *
 * Adds `app.reminder-done`, `app.reminder-undo` and `app.reminder-later`.
 */
void
_reframe_reminders_install_actions (ReframeReminders *self)
{
  const GActionEntry entries[] = {
    { action_names[0], reminder_done_activated_cb, "(sas)", NULL, NULL, { 0 } },
    { action_names[1], reminder_undo_activated_cb, "(sas)", NULL, NULL, { 0 } },
    { action_names[2], reminder_later_activated_cb, NULL, NULL, NULL, { 0 } },
  };

  g_action_map_add_action_entries (
      G_ACTION_MAP (self->application), entries, G_N_ELEMENTS (entries), self);
}

/**
 * _reframe_reminders_remove_actions:
 * @self: the reminders, going away
 */
void
_reframe_reminders_remove_actions (ReframeReminders *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (action_names); i++)
    g_action_map_remove_action (G_ACTION_MAP (self->application), action_names[i]);
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
      g_string_append_printf (
          body, g_dngettext (GETTEXT_PACKAGE, "and %u more", "and %u more", more), more);
    }

  return g_string_free (body, FALSE);
}
