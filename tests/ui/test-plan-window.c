/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-plan-window.c: a homework plan opened from the Homework page: the preview, adding
 * it, closing it without a change, a broken plan, a plan already in; the export dialog. */

#include "config.h"

#include <locale.h>
#include <adwaita.h>
#include <string.h>

#include "reframe-assignment-repository.h"
#include "reframe-homework-page-private.h"
#include "reframe-plan-export-dialog.h"
#include "reframe-plan-window.h"
#include "reframe-store.h"
#include "reframe-template-registry.h"
#include "reframe-ui-test-util.h"

#define WAIT_MS 10000

typedef struct
{
  char                    *dir;
  ReframeStore            *store;
  ReframeTemplateRegistry *registry;
  GtkWindow               *window;
  ReframeHomeworkPage     *page;
} Fixture;

static const char plan_text[] =
    "{\"format\": \"reframe-plan\", \"version\": 1, \"uuid\": "
    "\"6f1c3b0e-1b2a-4c3d-8e4f-0a1b2c3d4e5f\","
    " \"therapist\": \"Dr. Ana Meyer\", \"period\": {\"from\": \"2026-03-02\", \"to\": "
    "\"2026-03-29\"},"
    " \"assignments\": [{\"uuid\": \"1c0a7b63-7f2e-4a8b-8d2f-3e4c5b6d7e8f\", \"title\": \"Walk\", "
    "\"frequency\": \"daily\"},"
    "  {\"uuid\": \"0b9f6a52-6e1d-4f7a-9c1e-2d3b4a5c6d7e\", \"title\": \"Sleep diary\", "
    "\"frequency\": \"daily\","
    "   \"template_id\": \"sleep-diary-ana\"}],"
    " \"templates\": [{\"id\": \"sleep-diary-ana\", \"version\": 1, \"template\": {\"format\": 1, "
    "\"id\": \"sleep-diary-ana\","
    "  \"version\": 1, \"kind\": \"worksheet\", \"title\": \"Ana's sleep diary\", \"description\": "
    "\"When you slept.\","
    "  \"steps\": [{\"title\": \"Last night\", \"guidance\": \"Write when you slept.\","
    "   \"fields\": [{\"id\": \"night\", \"type\": \"long_text\", \"label\": \"The night\"}]}]}}]}";

static gboolean
is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static gpointer
get_child (GtkWidget  *window,
           const char *name)
{
  GObject *child = gtk_widget_get_template_child (window, REFRAME_TYPE_PLAN_WINDOW, name);

  g_assert_nonnull (child);
  return child;
}

static const char *
get_state (GtkWidget *window)
{
  return gtk_stack_get_visible_child_name (get_child (window, "stack"));
}

static gboolean
read_done (gpointer data)
{
  const char *state = get_state (data);

  return g_strcmp0 (state, "busy") != 0;
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
  /* Nothing the plan's window did keeps the journal open. */
  g_assert_finalize_object (f->store);
  reframe_test_remove_tree (f->dir);
  g_free (f->dir);
}

static GFile *
write_plan (Fixture    *f,
            const char *text)
{
  g_autofree char *path = g_build_filename (f->dir, "week-12.reframe-plan", NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return g_file_new_for_path (path);
}

static guint
count_assignments (Fixture *f)
{
  g_autoptr (GListModel) list =
      reframe_assignment_repository_list (reframe_store_get_assignments (f->store), NULL);

  return g_list_model_get_n_items (list);
}

/* Opens @text from the page, as Import Plan… does, and waits for what it shows. */
static GtkWidget *
open_plan (Fixture    *f,
           const char *text)
{
  g_autoptr (GFile) file = write_plan (f, text);
  GtkWidget *window = GTK_WIDGET (reframe_homework_page_open_plan (f->page, file));

  g_assert_true (REFRAME_IS_PLAN_WINDOW (window));
  g_assert_true (reframe_test_wait_for (read_done, window, WAIT_MS));
  return window;
}

static void
close_and_wait (GtkWidget *window)
{
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_widget_activate_action (window, "window.close", NULL);
  g_assert_true (reframe_test_wait_for (is_null, &window, WAIT_MS));
}

static void
test_add (Fixture      *f,
          gconstpointer data)
{
  GtkWidget         *window = open_plan (f, plan_text);
  ReframePlanImport *import = reframe_plan_window_get_import (REFRAME_PLAN_WINDOW (window));

  g_assert_cmpstr (get_state (window), ==, "preview");
  g_assert_true (gtk_widget_get_visible (get_child (window, "add_button")));
  g_assert_true (gtk_widget_has_focus (get_child (window, "add_button")));
  g_assert_cmpuint (reframe_plan_import_count (import, REFRAME_PLAN_CHANGE_ADD), ==, 2);

  /* Ctrl+Return's action: all of it goes in, and the window closes. */
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_widget_activate_action (window, "plan.apply", NULL);
  g_assert_true (reframe_test_wait_for (is_null, &window, WAIT_MS));
  reframe_test_spin_idle ();
  g_assert_cmpuint (count_assignments (f), ==, 2);
  g_assert_cmpstr (_reframe_homework_page_get_state (f->page), ==, "list");
  /* The worksheet it brought is in the gallery without a restart. */
  g_assert_nonnull (reframe_template_registry_lookup (f->registry, "sleep-diary-ana", 1));

  /* Again: nothing would change, so there is nothing to add. */
  window = open_plan (f, plan_text);
  g_assert_cmpstr (get_state (window), ==, "message");
  g_assert_false (gtk_widget_get_visible (get_child (window, "add_button")));
  g_assert_cmpstr (adw_status_page_get_title (get_child (window, "message_page")),
                   ==,
                   "Already in Your Homework");
  close_and_wait (window);
}

static void
test_escape (Fixture      *f,
             gconstpointer data)
{
  GtkWidget       *window = open_plan (f, plan_text);
  g_autofree char *templates = g_build_filename (f->dir, "templates", NULL);

  g_assert_cmpstr (get_state (window), ==, "preview");
  close_and_wait (window);
  reframe_test_spin_idle ();
  g_assert_cmpuint (count_assignments (f), ==, 0);
  g_assert_false (g_file_test (templates, G_FILE_TEST_EXISTS));
  g_assert_null (reframe_template_registry_lookup (f->registry, "sleep-diary-ana", 0));
}

static void
test_broken (Fixture      *f,
             gconstpointer data)
{
  g_autofree char *broken = g_strdup (plan_text);
  GtkWidget       *window;
  const char      *description;

  memcpy (strstr (broken, "\"daily\""), "\"dally\"", 7);
  window = open_plan (f, broken);
  g_assert_cmpstr (get_state (window), ==, "message");
  g_assert_false (gtk_widget_get_visible (get_child (window, "add_button")));
  g_assert_null (reframe_plan_window_get_import (REFRAME_PLAN_WINDOW (window)));
  g_assert_cmpstr (adw_status_page_get_title (get_child (window, "message_page")),
                   ==,
                   "This Plan Can’t Be Added");
  description = adw_status_page_get_description (get_child (window, "message_page"));
  g_assert_nonnull (
      strstr (description, "Homework 1 of the plan (“Walk”): its “frequency” must be"));
  close_and_wait (window);
  g_assert_cmpuint (count_assignments (f), ==, 0);
}

static guint
count_combo_rows (GtkWidget *widget)
{
  guint n = ADW_IS_COMBO_ROW (widget) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_combo_rows (child);
  return n;
}

/* The questionnaires to repeat are those the journal knows: PHQ-9 and GAD-7. */
static void
test_export_dialog (Fixture      *f,
                    gconstpointer data)
{
  GtkWidget *dialog = reframe_plan_export_dialog_new (f->window, f->store, f->registry);
  GObject   *group =
      gtk_widget_get_template_child (dialog, REFRAME_TYPE_PLAN_EXPORT_DIALOG, "repeat_group");

  reframe_ui_test_present (GTK_WINDOW (dialog), WAIT_MS);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (group)));
  g_assert_cmpuint (count_combo_rows (GTK_WIDGET (group)), ==, 2);
  close_and_wait (dialog);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  /* gtk_test_init() chooses en_US.UTF-8 where the system has it (weeks from Sunday, a
   * 12-hour clock); the tests are written for the C locale, on every machine alike. */
  setlocale (LC_ALL, "C.UTF-8");
  adw_init ();

#define ADD(path, func) \
  g_test_add ("/reframe/plan-window/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("add", test_add);
  ADD ("escape", test_escape);
  ADD ("broken", test_broken);
  ADD ("export-dialog", test_export_dialog);
#undef ADD

  return g_test_run ();
}
