/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-homework.c: the homework page, the assignment editor and the reminders. */

#include "config.h"

#include <locale.h>
#include <adwaita.h>

#include "reframe-assignment-editor.h"
#include "reframe-assignment-repository.h"
#include "reframe-homework-page-private.h"
#include "reframe-preferences-window.h"
#include "reframe-reminders.h"
#include "reframe-store.h"
#include "reframe-template-registry.h"
#include "reframe-ui-test-util.h"

#define WAIT_MS 5000

typedef struct
{
  char                    *dir;
  ReframeStore            *store;
  ReframeTemplateRegistry *registry;
  GtkWindow               *window;
  ReframeHomeworkPage     *page;
  char                    *started_uuid;
  char                    *started_template;
} Fixture;

/* Main loop helpers */

static gboolean
no_editor (gpointer data)
{
  return _reframe_homework_page_get_editor (data) == NULL;
}

static GDate
make_date (int year,
           int month,
           int day)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  return date;
}

/* Fixture */

static void
page_started_worksheet_cb (ReframeHomeworkPage *page,
                           const char          *uuid,
                           const char          *template_id,
                           Fixture             *f)
{
  g_free (f->started_uuid);
  g_free (f->started_template);
  f->started_uuid = g_strdup (uuid);
  f->started_template = g_strdup (template_id);
}

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = reframe_test_make_tmp_dir ();
  f->store = reframe_store_open (f->dir, &error);
  g_assert_no_error (error);
  f->registry = reframe_template_registry_new (f->dir, &error);
  g_assert_no_error (error);

  f->window = GTK_WINDOW (adw_window_new ());
  gtk_window_set_default_size (f->window, 720, 760);
  f->page = REFRAME_HOMEWORK_PAGE (reframe_homework_page_new ());
  adw_window_set_content (ADW_WINDOW (f->window), GTK_WIDGET (f->page));
  g_signal_connect (f->page, "start-worksheet", G_CALLBACK (page_started_worksheet_cb), f);

  g_assert_cmpstr (_reframe_homework_page_get_state (f->page), ==, "empty");
  reframe_homework_page_set_store (f->page, f->store, f->registry);

  reframe_ui_test_present (f->window, WAIT_MS);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  gtk_window_destroy (f->window);
  reframe_test_spin_idle ();
  g_assert_null (f->window);

  g_assert_finalize_object (f->registry);
  /* Nothing the page made (rows, editor, toasts) keeps the journal open. */
  g_assert_finalize_object (f->store);
  reframe_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->started_uuid);
  g_free (f->started_template);
}

/* Helpers */

static gpointer
get_child (ReframeAssignmentEditor *editor,
           const char              *name)
{
  GObject *child =
      gtk_widget_get_template_child (GTK_WIDGET (editor), REFRAME_TYPE_ASSIGNMENT_EDITOR, name);

  g_assert_nonnull (child);
  return child;
}

static ReframeAssignmentEditor *
open_editor (Fixture *f)
{
  ReframeAssignmentEditor *editor;

  g_assert_true (
      gtk_widget_activate_action (GTK_WIDGET (f->page), "homework.add-assignment", NULL));
  editor = _reframe_homework_page_get_editor (f->page);
  g_assert_nonnull (editor);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (editor)) == f->window);
  return editor;
}

static char *
close_editor (Fixture                 *f,
              ReframeAssignmentEditor *editor)
{
  char *uuid =
      g_strdup (reframe_assignment_get_uuid (reframe_assignment_editor_get_assignment (editor)));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "assignment.done", NULL));
  g_assert_true (reframe_test_wait_for (no_editor, f->page, WAIT_MS));
  reframe_test_spin_idle ();
  return uuid;
}

/* A daily thought record, chosen from the templates: its title comes from the template. */
static char *
add_worksheet_assignment (Fixture *f)
{
  ReframeAssignmentEditor *editor = open_editor (f);
  AdwComboRow             *template_row = get_child (editor, "template_row");
  GListModel              *templates = reframe_template_registry_get_templates (f->registry);
  guint                    position = G_MAXUINT;

  for (guint i = 0; i < g_list_model_get_n_items (templates); i++)
    {
      g_autoptr (ReframeTemplate) template = g_list_model_get_item (templates, i);

      if (g_str_equal (reframe_template_get_id (template), "thought-record"))
        position = i + 1; /* after "Free-text task" */
    }
  g_assert_cmpuint (position, !=, G_MAXUINT);

  adw_combo_row_set_selected (template_row, position);
  g_assert_cmpstr (
      reframe_assignment_get_template_id (reframe_assignment_editor_get_assignment (editor)),
      ==,
      "thought-record");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (get_child (editor, "title_row"))), !=, "");

  return close_editor (f, editor);
}

/* A free-text task, daily, with the therapist's reason. */
static char *
add_task (Fixture    *f,
          const char *title)
{
  ReframeAssignmentEditor *editor = open_editor (f);
  GtkTextView             *rationale = get_child (editor, "rationale_view");

  gtk_editable_set_text (GTK_EDITABLE (get_child (editor, "title_row")), title);
  gtk_text_buffer_set_text (
      gtk_text_view_get_buffer (rationale), "Moving a little lifts the mood a little.", -1);
  g_assert_true (reframe_assignment_editor_save_now (editor, NULL));
  g_assert_true (reframe_assignment_editor_get_saved (editor));

  return close_editor (f, editor);
}

static gboolean
today_has_two (gpointer data)
{
  return _reframe_homework_page_count_today (data) == 2;
}

typedef struct
{
  Fixture    *f;
  const char *uuid;
  const char *text;
} RowText;

static gboolean
week_row_says (gpointer data)
{
  RowText      *check = data;
  AdwActionRow *row = _reframe_homework_page_find_week_row (check->f->page, check->uuid);

  return row != NULL && strstr (adw_action_row_get_subtitle (row), check->text) != NULL;
}

static gboolean
week_row_gone (gpointer data)
{
  RowText *check = data;

  return _reframe_homework_page_find_week_row (check->f->page, check->uuid) == NULL;
}

static gboolean
week_row_back (gpointer data)
{
  return !week_row_gone (data);
}

/* Tests */

static void
test_add_tick_undo (Fixture      *f,
                    gconstpointer data)
{
  ReframeAssignmentRepository *repository = reframe_store_get_assignments (f->store);
  g_autofree char             *worksheet_uuid = add_worksheet_assignment (f);
  g_autofree char             *task_uuid = add_task (f, "Walk for twenty minutes");
  g_autoptr (ReframeAssignment) task =
      reframe_assignment_repository_get (repository, task_uuid, NULL);
  g_autofree char        *done_text = NULL;
  g_autofree char        *undone_text = NULL;
  ReframeHomeworkProgress progress;
  AdwActionRow           *row;
  GtkWidget              *check;
  RowText                 expect = { f, task_uuid, NULL };

  g_assert_nonnull (task);
  g_assert_true (reframe_assignment_is_task (task));
  g_assert_true (reframe_assignment_get_reminder (task));

  /* Both are due today, and the page followed the saves by itself. */
  g_assert_true (reframe_test_wait_for (today_has_two, f->page, WAIT_MS));
  g_assert_cmpstr (_reframe_homework_page_get_state (f->page), ==, "list");
  g_assert_nonnull (_reframe_homework_page_find_today_row (f->page, worksheet_uuid));
  g_assert_nonnull (_reframe_homework_page_find_today_row (f->page, task_uuid));

  /* The rationale is on the assignment's row. */
  row = _reframe_homework_page_find_week_row (f->page, task_uuid);
  g_assert_nonnull (
      strstr (adw_action_row_get_subtitle (row), "Moving a little lifts the mood a little."));

  /* Starting the worksheet hands it to the window, with the assignment. */
  g_assert_true (
      gtk_widget_activate_action (GTK_WIDGET (f->page), "homework.start", "s", worksheet_uuid));
  g_assert_cmpstr (f->started_uuid, ==, worksheet_uuid);
  g_assert_cmpstr (f->started_template, ==, "thought-record");

  /* Ticking the task off. */
  g_assert_true (
      reframe_assignment_repository_get_progress (repository, task, NULL, &progress, NULL));
  g_assert_cmpuint (progress.done, ==, 0);
  done_text = g_strdup_printf ("Done 1 of %u this week", progress.expected);
  undone_text = g_strdup_printf ("Done 0 of %u this week", progress.expected);
  expect.text = undone_text;
  g_assert_true (week_row_says (&expect));

  row = _reframe_homework_page_find_today_row (f->page, task_uuid);
  check = g_object_get_data (G_OBJECT (row), "check");
  g_assert_true (GTK_IS_CHECK_BUTTON (check));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  gtk_widget_activate (check);

  expect.text = done_text;
  g_assert_true (reframe_test_wait_for (week_row_says, &expect, WAIT_MS));
  g_assert_true (
      reframe_assignment_repository_get_progress (repository, task, NULL, &progress, NULL));
  g_assert_cmpuint (progress.done, ==, 1);
  g_assert_true (progress.done_today);
  /* Still under Today, ticked. */
  row = _reframe_homework_page_find_today_row (f->page, task_uuid);
  g_assert_nonnull (row);
  g_assert_true (
      gtk_check_button_get_active (GTK_CHECK_BUTTON (g_object_get_data (G_OBJECT (row), "check"))));

  /* The toast's Undo. */
  g_assert_true (
      gtk_widget_activate_action (GTK_WIDGET (f->page), "homework.undo-done", "s", task_uuid));
  expect.text = undone_text;
  g_assert_true (reframe_test_wait_for (week_row_says, &expect, WAIT_MS));
  g_assert_true (
      reframe_assignment_repository_get_progress (repository, task, NULL, &progress, NULL));
  g_assert_cmpuint (progress.done, ==, 0);

  /* Archive from the row's menu, and Undo. */
  g_assert_true (
      gtk_widget_activate_action (GTK_WIDGET (f->page), "homework.archive", "s", task_uuid));
  g_assert_true (reframe_test_wait_for (week_row_gone, &expect, WAIT_MS));
  g_assert_null (_reframe_homework_page_find_today_row (f->page, task_uuid));
  g_assert_true (
      gtk_widget_activate_action (GTK_WIDGET (f->page), "homework.unarchive", "s", task_uuid));
  g_assert_true (reframe_test_wait_for (week_row_back, &expect, WAIT_MS));
}

static void
test_missed_days_plainly (Fixture      *f,
                          gconstpointer data)
{
  ReframeAssignmentRepository *repository = reframe_store_get_assignments (f->store);
  g_autoptr (ReframeAssignment) walk = reframe_assignment_new ("Walk", NULL);
  g_autoptr (ReframeAssignment) letter = reframe_assignment_new ("Write the letter", NULL);
  g_autoptr (GDateTime) monday_noon = g_date_time_new_local (2025, 3, 10, 12, 0, 0);
  GDate         monday = make_date (2025, 3, 10);
  GDate         wednesday = make_date (2025, 3, 12);
  GDate         tuesday = make_date (2025, 3, 11);
  AdwActionRow *row;

  /* Daily from Monday, done on Monday only; seen on Wednesday. */
  reframe_assignment_set_start_date (walk, &monday);
  g_assert_true (reframe_assignment_repository_save (repository, walk, NULL));
  g_assert_true (
      reframe_assignment_repository_mark_task_done (repository, walk, monday_noon, NULL));
  /* Once, by Tuesday, not done. */
  reframe_assignment_set_start_date (letter, &monday);
  reframe_assignment_set_frequency (letter, REFRAME_FREQUENCY_ONCE);
  reframe_assignment_set_due_date (letter, &tuesday);
  g_assert_true (reframe_assignment_repository_save (repository, letter, NULL));

  _reframe_homework_page_set_today (f->page, &wednesday);

  row = _reframe_homework_page_find_week_row (f->page, reframe_assignment_get_uuid (walk));
  g_assert_nonnull (row);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "Done 1 of 7 this week"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "Not done on Tuesday"));
  g_assert_nonnull (
      _reframe_homework_page_find_today_row (f->page, reframe_assignment_get_uuid (walk)));

  row = _reframe_homework_page_find_week_row (f->page, reframe_assignment_get_uuid (letter));
  g_assert_nonnull (row);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "Not done by"));
  /* Past its date, it is not listed as due. */
  g_assert_null (
      _reframe_homework_page_find_today_row (f->page, reframe_assignment_get_uuid (letter)));
  g_assert_cmpuint (_reframe_homework_page_count_today (f->page), ==, 1);
}

static void
test_editor_keeps_words (Fixture      *f,
                         gconstpointer data)
{
  ReframeAssignmentEditor *editor = open_editor (f);
  GtkRevealer             *error_revealer = get_child (editor, "error_revealer");
  g_autoptr (GListModel) listed = NULL;

  /* Words without a title: closing says why it is not saved, once. */
  gtk_text_buffer_set_text (
      gtk_text_view_get_buffer (get_child (editor, "note_view")), "Bring it next time", -1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "assignment.done", NULL));
  reframe_test_spin_idle ();
  g_assert_true (_reframe_homework_page_get_editor (f->page) == editor);
  g_assert_true (gtk_revealer_get_reveal_child (error_revealer));

  /* A title, then an end before the start: not saved, and said so. */
  gtk_editable_set_text (GTK_EDITABLE (get_child (editor, "title_row")), "Notice the thought");
  g_assert_true (reframe_assignment_editor_save_now (editor, NULL));
  g_assert_false (gtk_revealer_get_reveal_child (error_revealer));
  {
    GDate start =
        *reframe_assignment_get_start_date (reframe_assignment_editor_get_assignment (editor));
    GDate end = start;

    g_date_subtract_days (&end, 3);
    reframe_assignment_set_end_date (reframe_assignment_editor_get_assignment (editor), &end);
    g_assert_false (reframe_assignment_editor_save_now (editor, NULL));
    g_assert_true (gtk_revealer_get_reveal_child (error_revealer));
    reframe_assignment_set_end_date (reframe_assignment_editor_get_assignment (editor), NULL);
  }

  /* Switching to "once" asks for a date by itself. */
  adw_combo_row_set_selected (get_child (editor, "frequency_row"), REFRAME_FREQUENCY_ONCE);
  g_assert_nonnull (
      reframe_assignment_get_due_date (reframe_assignment_editor_get_assignment (editor)));
  g_assert_true (gtk_widget_get_visible (get_child (editor, "due_row")));
  g_assert_false (gtk_widget_get_visible (get_child (editor, "times_row")));
  g_free (close_editor (f, editor));

  listed = reframe_assignment_repository_list (reframe_store_get_assignments (f->store), NULL);
  g_assert_cmpuint (g_list_model_get_n_items (listed), ==, 1);
  {
    g_autoptr (ReframeAssignment) saved = g_list_model_get_item (listed, 0);

    g_assert_cmpstr (reframe_assignment_get_title (saved), ==, "Notice the thought");
    g_assert_cmpstr (reframe_assignment_get_therapist_note (saved), ==, "Bring it next time");
    g_assert_cmpint (reframe_assignment_get_frequency (saved), ==, REFRAME_FREQUENCY_ONCE);
    g_assert_null (reframe_assignment_get_end_date (saved));
  }
}

/* Reminders */

static void
assert_next (int         hour,
             int         minute,
             GDateTime  *now,
             const char *expected)
{
  g_autoptr (GDateTime) next = reframe_reminders_compute_next_fire_time (hour, minute, now);
  g_autofree char *text = g_date_time_format_iso8601 (next);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_reminder_time (void)
{
  g_autoptr (GTimeZone) berlin = g_time_zone_new_identifier ("Europe/Berlin");
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr (GDateTime) morning = g_date_time_new (utc, 2025, 3, 12, 8, 30, 0);
  g_autoptr (GDateTime) at_seven = g_date_time_new (utc, 2025, 3, 12, 19, 0, 0);
  g_autoptr (GDateTime) new_year = g_date_time_new (utc, 2024, 12, 31, 22, 0, 0);
  g_autoptr (GDateTime) before_spring = g_date_time_new (berlin, 2025, 3, 29, 20, 0, 0);
  g_autoptr (GDateTime) before_autumn = g_date_time_new (berlin, 2025, 10, 25, 20, 0, 0);
  g_autoptr (GDateTime) spring_night = g_date_time_new (berlin, 2025, 3, 29, 23, 0, 0);
  int hour = -1;
  int minute = -1;

  g_assert_nonnull (berlin);

  /* Later today; tomorrow once the time has come (not twice at the same minute). */
  assert_next (19, 0, morning, "2025-03-12T19:00:00Z");
  assert_next (19, 0, at_seven, "2025-03-13T19:00:00Z");
  assert_next (7, 5, at_seven, "2025-03-13T07:05:00Z");
  assert_next (9, 0, new_year, "2025-01-01T09:00:00Z");

  /* Same clock time across daylight-saving changes: 23 and 25 hours later. */
  assert_next (19, 0, before_spring, "2025-03-30T19:00:00+02");
  assert_next (19, 0, before_autumn, "2025-10-26T19:00:00+01");
  /* 02:30 does not exist on the spring night; the reminder still comes, after now. */
  {
    g_autoptr (GDateTime) next = reframe_reminders_compute_next_fire_time (2, 30, spring_night);

    g_assert_nonnull (next);
    g_assert_cmpint (g_date_time_compare (next, spring_night), >, 0);
    g_assert_cmpint (g_date_time_get_day_of_month (next), ==, 30);
  }

  g_assert_true (reframe_reminders_parse_time ("19:00", &hour, &minute));
  g_assert_cmpint (hour, ==, 19);
  g_assert_cmpint (minute, ==, 0);
  g_assert_true (reframe_reminders_parse_time ("7:05", &hour, &minute));
  g_assert_cmpint (hour, ==, 7);
  g_assert_cmpint (minute, ==, 5);
  g_assert_false (reframe_reminders_parse_time ("24:00", &hour, &minute));
  g_assert_false (reframe_reminders_parse_time ("12:60", &hour, &minute));
  g_assert_false (reframe_reminders_parse_time ("12:5", &hour, &minute));
  g_assert_false (reframe_reminders_parse_time ("noon", &hour, &minute));
  g_assert_false (reframe_reminders_parse_time ("", &hour, &minute));
  g_assert_false (reframe_reminders_parse_time (NULL, &hour, &minute));
  g_assert_false (reframe_reminders_parse_time ("123:00", &hour, &minute));
  g_assert_cmpint (hour, ==, 7);
}

static ReframeAssignment *
save_task (ReframeAssignmentRepository *repository,
           const char                  *title,
           gboolean                     reminder)
{
  ReframeAssignment *assignment = reframe_assignment_new (title, NULL);

  reframe_assignment_set_reminder (assignment, reminder);
  g_assert_true (reframe_assignment_repository_save (repository, assignment, NULL));
  return assignment;
}

static void
test_reminder_text (void)
{
  g_autofree char *dir = reframe_test_make_tmp_dir ();
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeStore) store = reframe_store_open (dir, &error);
  g_autoptr (GApplication) app =
      g_application_new ("io.github.reframe.Reframe.HomeworkTest", G_APPLICATION_DEFAULT_FLAGS);
  g_autoptr (GSettings) settings = g_settings_new (BASE_ID);
  g_autoptr (ReframeReminders) reminders = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (ReframeAssignment) walk = NULL;
  g_autoptr (ReframeAssignment) breathe = NULL;
  g_autoptr (ReframeAssignment) quiet = NULL;
  g_autoptr (GPtrArray) many = g_ptr_array_new ();
  g_autofree char             *title = NULL;
  g_autofree char             *body = NULL;
  g_autofree char             *many_body = NULL;
  ReframeAssignmentRepository *repository;

  g_assert_no_error (error);
  repository = reframe_store_get_assignments (store);
  reminders = reframe_reminders_new (app, settings);

  /* Off by default; no journal means nothing to say. */
  g_assert_null (reframe_reminders_get_next_fire_time (reminders));
  g_assert_false (reframe_reminders_compose (reminders, now, &title, &body));
  g_settings_set_boolean (settings, "reminder-enabled", TRUE);
  g_settings_set_string (settings, "reminder-time", "21:15");
  g_assert_nonnull (reframe_reminders_get_next_fire_time (reminders));
  g_assert_cmpint (g_date_time_get_hour (reframe_reminders_get_next_fire_time (reminders)), ==, 21);
  g_assert_cmpint (
      g_date_time_get_minute (reframe_reminders_get_next_fire_time (reminders)), ==, 15);
  g_assert_cmpint (
      g_date_time_compare (reframe_reminders_get_next_fire_time (reminders), now), >, 0);

  reframe_reminders_set_store (reminders, store);
  /* Locked with nothing that asks for a reminder: nothing to send. */
  reframe_reminders_set_locked (reminders, TRUE);
  g_assert_false (reframe_reminders_compose (reminders, now, NULL, NULL));
  reframe_reminders_set_locked (reminders, FALSE);
  walk = save_task (repository, "Walk for twenty minutes", TRUE);
  breathe = save_task (repository, "Breathing exercise", TRUE);
  quiet = save_task (repository, "Read the leaflet", FALSE);

  /* Both that asked for a reminder, and not the one that did not. */
  g_assert_true (reframe_reminders_compose (reminders, now, &title, &body));
  g_assert_cmpstr (title, ==, "Today’s Homework");
  g_assert_cmpstr (body,
                   ==,
                   "Still open for today, whenever it suits you:\n• Walk for twenty minutes\n• "
                   "Breathing exercise");
  g_clear_pointer (&body, g_free);
  g_clear_pointer (&title, g_free);
  /* Unregistered, it sends nothing, but says there was something to send. */
  g_assert_true (reframe_reminders_fire (reminders, now));

  /* Locked, the journal closed: the reminder still comes, without a word of it. */
  reframe_reminders_set_locked (reminders, TRUE);
  reframe_reminders_set_store (reminders, NULL);
  g_assert_true (reframe_reminders_get_locked (reminders));
  g_assert_true (reframe_reminders_compose (reminders, now, &title, &body));
  g_assert_cmpstr (title, ==, "A Gentle Reminder");
  g_assert_null (strstr (body, "Walk"));
  g_assert_null (strstr (body, "Breathing"));
  g_clear_pointer (&body, g_free);
  g_clear_pointer (&title, g_free);
  g_assert_true (reframe_reminders_fire (reminders, now));
  reframe_reminders_set_store (reminders, store);
  reframe_reminders_set_locked (reminders, FALSE);

  /* What is done drops out. */
  g_assert_true (reframe_assignment_repository_mark_task_done (repository, walk, now, NULL));
  g_assert_true (reframe_reminders_compose (reminders, now, NULL, &body));
  g_assert_cmpstr (
      body, ==, "“Breathing exercise” is still open for today, whenever it suits you.");
  g_assert_true (reframe_assignment_repository_mark_task_done (repository, breathe, now, NULL));
  g_assert_false (reframe_reminders_compose (reminders, now, NULL, NULL));
  g_assert_false (reframe_reminders_fire (reminders, now));

  /* A long list ends kindly. */
  for (guint i = 0; i < 7; i++)
    g_ptr_array_add (many, (gpointer) "Task");
  many_body = reframe_reminders_format_body (many);
  g_assert_true (g_str_has_suffix (many_body, "\n• Task\nand 3 more"));

  /* Running in the background holds the application, and lets it go. */
  g_assert_false (reframe_reminders_get_holding (reminders));
  g_settings_set_boolean (settings, "run-in-background", TRUE);
  g_assert_true (reframe_reminders_get_holding (reminders));
  g_settings_set_boolean (settings, "run-in-background", FALSE);
  g_assert_false (reframe_reminders_get_holding (reminders));

  g_settings_set_boolean (settings, "reminder-enabled", FALSE);
  g_assert_null (reframe_reminders_get_next_fire_time (reminders));

  g_assert_finalize_object (g_steal_pointer (&reminders));
  g_clear_object (&walk);
  g_clear_object (&breathe);
  g_clear_object (&quiet);
  g_assert_finalize_object (g_steal_pointer (&store));
  reframe_test_remove_tree (dir);
}

static void
test_preferences_reminders (void)
{
  g_autoptr (GSettings) settings = g_settings_new (BASE_ID);
  ReframePreferencesWindow *prefs = reframe_preferences_window_new (NULL, NULL);
  GtkSpinButton            *hour = GTK_SPIN_BUTTON (gtk_widget_get_template_child (
      GTK_WIDGET (prefs), REFRAME_TYPE_PREFERENCES_WINDOW, "reminder_hour_spin"));
  GtkSpinButton            *minute = GTK_SPIN_BUTTON (gtk_widget_get_template_child (
      GTK_WIDGET (prefs), REFRAME_TYPE_PREFERENCES_WINDOW, "reminder_minute_spin"));
  GtkSwitch                *enabled = GTK_SWITCH (gtk_widget_get_template_child (
      GTK_WIDGET (prefs), REFRAME_TYPE_PREFERENCES_WINDOW, "reminder_switch"));
  GtkSwitch                *background = GTK_SWITCH (gtk_widget_get_template_child (
      GTK_WIDGET (prefs), REFRAME_TYPE_PREFERENCES_WINDOW, "background_switch"));
  GtkWidget                *time_row = GTK_WIDGET (gtk_widget_get_template_child (
      GTK_WIDGET (prefs), REFRAME_TYPE_PREFERENCES_WINDOW, "reminder_time_row"));
  g_autofree char          *value = NULL;

  g_settings_reset (settings, "reminder-time");
  g_settings_reset (settings, "reminder-enabled");
  g_settings_reset (settings, "run-in-background");
  reframe_test_spin_idle ();

  /* The default, 19:00, and off: the time waits for the switch. */
  g_assert_cmpint (gtk_spin_button_get_value_as_int (hour), ==, 19);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (minute), ==, 0);
  g_assert_false (gtk_switch_get_active (enabled));
  g_assert_false (gtk_widget_get_sensitive (time_row));

  gtk_switch_set_active (enabled, TRUE);
  g_assert_true (g_settings_get_boolean (settings, "reminder-enabled"));
  g_assert_true (gtk_widget_get_sensitive (time_row));

  /* Both ways between the spin buttons and the "HH:MM" key. */
  gtk_spin_button_set_value (hour, 8);
  gtk_spin_button_set_value (minute, 5);
  value = g_settings_get_string (settings, "reminder-time");
  g_assert_cmpstr (value, ==, "08:05");
  g_settings_set_string (settings, "reminder-time", "21:30");
  reframe_test_spin_idle ();
  g_assert_cmpint (gtk_spin_button_get_value_as_int (hour), ==, 21);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (minute), ==, 30);

  gtk_switch_set_active (background, TRUE);
  g_assert_true (g_settings_get_boolean (settings, "run-in-background"));

  g_settings_reset (settings, "reminder-time");
  g_settings_reset (settings, "reminder-enabled");
  g_settings_reset (settings, "run-in-background");
  gtk_window_destroy (GTK_WINDOW (prefs));
  reframe_test_spin_idle ();
}

int
main (int   argc,
      char *argv[])
{
  reframe_ui_test_init (&argc, &argv);

  g_test_add ("/reframe/homework-page/add-tick-undo",
              Fixture,
              NULL,
              fixture_set_up,
              test_add_tick_undo,
              fixture_tear_down);
  g_test_add ("/reframe/homework-page/missed-days-plainly",
              Fixture,
              NULL,
              fixture_set_up,
              test_missed_days_plainly,
              fixture_tear_down);
  g_test_add ("/reframe/homework-page/editor-keeps-words",
              Fixture,
              NULL,
              fixture_set_up,
              test_editor_keeps_words,
              fixture_tear_down);
  g_test_add_func ("/reframe/homework-page/reminder-time", test_reminder_time);
  g_test_add_func ("/reframe/homework-page/reminder-text", test_reminder_text);
  g_test_add_func ("/reframe/homework-page/preferences-reminders", test_preferences_reminders);

  return g_test_run ();
}
