/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-journal-window.c: the main window and the journal, driven through their own actions. */

#include "config.h"

#include <locale.h>
#include <adwaita.h>

#include "reframe-entry-editor.h"
#include "reframe-journal-day.h"
#include "reframe-journal-page-private.h"
#include "reframe-mood-entry.h"
#include "reframe-ui-test-util.h"
#include "reframe-window.h"

#define WAIT_MS 5000

typedef struct
{
  ReframeUiTestBase    base;
  ReframeWindow       *window;
  ReframeJournalPage  *page;
  ReframeJournalModel *model;
} Fixture;

/* Main loop helpers */

static void
spin_ms (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < end)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}

/* Widget helpers */

static GtkWidget *
find_widget (GtkWidget  *root,
             GType       type,
             const char *css_class)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) &&
          (css_class == NULL || gtk_widget_has_css_class (child, css_class)))
        return child;

      found = find_widget (child, type, css_class);
      if (found != NULL)
        return found;
    }

  return NULL;
}

static ReframeMoodEntry *
dup_entry_at (Fixture *f,
              guint    position)
{
  g_autoptr (GObject) item = g_list_model_get_item (G_LIST_MODEL (f->model), position);

  g_assert_true (REFRAME_IS_MOOD_ENTRY (item));
  return REFRAME_MOOD_ENTRY (g_steal_pointer (&item));
}

/* Conditions */

static gboolean
no_editor (gpointer data)
{
  return _reframe_journal_page_get_editor (data) == NULL;
}

static gboolean
model_settled (Fixture *f,
               guint    n_items)
{
  return !reframe_journal_model_get_loading (f->model) &&
         g_list_model_get_n_items (G_LIST_MODEL (f->model)) == n_items;
}

static gboolean
model_empty (gpointer data)
{
  return model_settled (data, 0);
}

static gboolean
model_has_one_entry (gpointer data)
{
  return model_settled (data, 2);
}

static gboolean
search_found_walk (gpointer data)
{
  Fixture *f = data;
  g_autoptr (GObject) item = NULL;
  const char *snippet;

  if (!model_settled (f, 2) || reframe_journal_model_get_n_entries (f->model) != 1)
    return FALSE;

  item = g_list_model_get_item (G_LIST_MODEL (f->model), 1);
  snippet = reframe_mood_entry_get_snippet (REFRAME_MOOD_ENTRY (item));
  return snippet != NULL && strstr (snippet, "walk") != NULL;
}

static gboolean
first_entry_is_bad (gpointer data)
{
  Fixture *f = data;
  g_autoptr (ReframeMoodEntry) entry = NULL;

  if (!model_settled (f, 2))
    return FALSE;

  entry = dup_entry_at (f, 1);
  return reframe_mood_entry_get_mood (entry) == REFRAME_MOOD_BAD;
}

/* Fixture */

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  reframe_ui_test_base_set_up (&f->base, REFRAME_UI_TEST_DATA_DIR);
  f->window = reframe_window_new (NULL, f->base.dir);
  g_assert_nonnull (reframe_window_get_store (f->window));
  f->page = reframe_window_get_journal_page (f->window);
  f->model = reframe_journal_page_get_model (f->page);
  g_assert_nonnull (f->model);

  reframe_ui_test_present (GTK_WINDOW (f->window), WAIT_MS);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  ReframeStore *store = g_object_ref (reframe_window_get_store (f->window));

  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  gtk_window_destroy (GTK_WINDOW (f->window));
  reframe_test_spin_idle ();
  g_assert_null (f->window);

  /* Nothing the window made (page, model, rows, editor, toasts) keeps the journal open. */
  g_assert_finalize_object (store);
  reframe_ui_test_base_tear_down (&f->base);
}

static ReframeEntryEditor *
open_new_editor (Fixture *f)
{
  ReframeEntryEditor *editor;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-entry", NULL));
  editor = _reframe_journal_page_get_editor (f->page);
  g_assert_nonnull (editor);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (editor)), ==, "New Entry");
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (editor)) == GTK_WINDOW (f->window));

  return editor;
}

static char *
log_entry_through_editor (Fixture *f)
{
  ReframeEntryEditor *editor = open_new_editor (f);
  GtkWidget          *note_view = find_widget (GTK_WIDGET (editor), GTK_TYPE_TEXT_VIEW, NULL);
  GtkWidget          *chip = find_widget (GTK_WIDGET (editor), GTK_TYPE_TOGGLE_BUTTON, "chip");
  const char         *feeling;
  char               *uuid;

  g_assert_nonnull (note_view);
  g_assert_nonnull (chip);
  feeling = g_object_get_data (G_OBJECT (chip), "tag-name");
  g_assert_nonnull (feeling);

  /* Words first: without a mood nothing may reach the journal, even after the
   * autosave delay. */
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (note_view)),
                            "Took a long walk by the river",
                            -1);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (chip), TRUE);
  spin_ms (600);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, 0);
  g_assert_cmpstr (_reframe_journal_page_get_state (f->page), ==, "empty");

  g_assert_true (
      gtk_widget_activate_action (GTK_WIDGET (editor), "editor.set-mood", "u", REFRAME_MOOD_GOOD));
  g_assert_cmpuint (reframe_entry_editor_get_mood (editor), ==, REFRAME_MOOD_GOOD);
  g_assert_true (reframe_mood_entry_has_feeling (reframe_entry_editor_get_entry (editor), feeling));
  uuid = g_strdup (reframe_mood_entry_get_uuid (reframe_entry_editor_get_entry (editor)));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.done", NULL));
  g_assert_true (reframe_test_wait_for (no_editor, f->page, WAIT_MS));
  reframe_test_spin_idle ();

  return uuid;
}

static void
assert_logged_entry (Fixture    *f,
                     const char *uuid)
{
  g_autoptr (GObject) header = NULL;
  g_autoptr (ReframeMoodEntry) entry = NULL;

  g_assert_true (reframe_test_wait_for (model_has_one_entry, f, WAIT_MS));
  header = g_list_model_get_item (G_LIST_MODEL (f->model), 0);
  g_assert_true (REFRAME_IS_JOURNAL_DAY (header));
  g_assert_cmpuint (reframe_journal_day_get_n_entries (REFRAME_JOURNAL_DAY (header)), ==, 1);

  entry = dup_entry_at (f, 1);
  g_assert_cmpstr (reframe_mood_entry_get_uuid (entry), ==, uuid);
  g_assert_cmpuint (reframe_mood_entry_get_mood (entry), ==, REFRAME_MOOD_GOOD);
  g_assert_cmpstr (reframe_mood_entry_get_note (entry), ==, "Took a long walk by the river");
  g_assert_nonnull (reframe_mood_entry_get_feelings (entry));
  g_assert_nonnull (reframe_mood_entry_get_feelings (entry)[0]);
  g_assert_cmpstr (_reframe_journal_page_get_state (f->page), ==, "list");
}

/* Tests */

static void
test_log_and_search (Fixture      *f,
                     gconstpointer data)
{
  g_autofree char *uuid = NULL;
  GtkEditable     *search_entry = _reframe_journal_page_get_search_entry (f->page);
  GtkWidget       *mood_filter;

  g_assert_cmpstr (_reframe_journal_page_get_state (f->page), ==, "empty");

  uuid = log_entry_through_editor (f);
  assert_logged_entry (f, uuid);

  /* Search as you type, through the search entry the user sees. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.search", NULL));
  g_assert_true (reframe_journal_page_get_search_mode (f->page));
  gtk_editable_set_text (search_entry, "walk");
  g_assert_true (reframe_test_wait_for (search_found_walk, f, WAIT_MS));
  g_assert_cmpstr (_reframe_journal_page_get_state (f->page), ==, "list");

  gtk_editable_set_text (search_entry, "zebra");
  g_assert_true (reframe_test_wait_for (model_empty, f, WAIT_MS));
  g_assert_cmpstr (_reframe_journal_page_get_state (f->page), ==, "no-results");

  /* The mood filter (the first drop-down: Any mood, Awful … Great) narrows the list. */
  gtk_editable_set_text (search_entry, "");
  mood_filter = find_widget (GTK_WIDGET (f->page), GTK_TYPE_DROP_DOWN, NULL);
  g_assert_nonnull (mood_filter);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (mood_filter), REFRAME_MOOD_AWFUL);
  g_assert_true (reframe_test_wait_for (model_empty, f, WAIT_MS));
  g_assert_cmpstr (_reframe_journal_page_get_state (f->page), ==, "no-results");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (mood_filter), REFRAME_MOOD_GOOD);
  g_assert_true (reframe_test_wait_for (model_has_one_entry, f, WAIT_MS));
  g_assert_cmpstr (_reframe_journal_page_get_state (f->page), ==, "list");

  /* Closing the search shows the whole journal again, filters reset. */
  reframe_journal_page_set_search_mode (f->page, FALSE);
  g_assert_true (reframe_test_wait_for (model_has_one_entry, f, WAIT_MS));
  g_assert_null (reframe_journal_model_get_query (f->model));
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (mood_filter)), ==, 0);
  g_assert_cmpstr (gtk_editable_get_text (search_entry), ==, "");
  g_assert_cmpstr (_reframe_journal_page_get_state (f->page), ==, "list");
}

static void
test_autosave_and_delete_undo (Fixture      *f,
                               gconstpointer data)
{
  g_autofree char *uuid = log_entry_through_editor (f);
  g_autoptr (ReframeMoodEntry) restored = NULL;
  g_autofree char    *day = NULL;
  ReframeEntryEditor *editor;

  assert_logged_entry (f, uuid);

  /* Editing saves by itself, without closing the editor. */
  g_assert_true (
      gtk_widget_activate_action (GTK_WIDGET (f->page), "journal.edit-entry", "s", uuid));
  editor = _reframe_journal_page_get_editor (f->page);
  g_assert_nonnull (editor);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (editor)), ==, "Edit Entry");
  g_assert_true (
      gtk_widget_activate_action (GTK_WIDGET (editor), "editor.set-mood", "u", REFRAME_MOOD_BAD));
  g_assert_true (reframe_test_wait_for (first_entry_is_bad, f, WAIT_MS));
  g_assert_nonnull (_reframe_journal_page_get_editor (f->page));

  /* Deleting from the editor closes it and empties the journal... */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.delete", NULL));
  g_assert_true (reframe_test_wait_for (no_editor, f->page, WAIT_MS));
  g_assert_true (reframe_test_wait_for (model_empty, f, WAIT_MS));
  g_assert_cmpstr (_reframe_journal_page_get_state (f->page), ==, "empty");

  /* ...and the toast's undo brings back the same entry, as it was. */
  g_assert_true (
      gtk_widget_activate_action (GTK_WIDGET (f->page), "journal.undo-delete", "s", uuid));
  g_assert_true (reframe_test_wait_for (model_has_one_entry, f, WAIT_MS));
  restored = dup_entry_at (f, 1);
  g_assert_cmpstr (reframe_mood_entry_get_uuid (restored), ==, uuid);
  g_assert_cmpuint (reframe_mood_entry_get_mood (restored), ==, REFRAME_MOOD_BAD);
  g_assert_cmpstr (reframe_mood_entry_get_note (restored), ==, "Took a long walk by the river");
  g_assert_cmpstr (_reframe_journal_page_get_state (f->page), ==, "list");

  /* The row's Delete action works the same way; a second undo is a no-op. */
  g_assert_true (
      gtk_widget_activate_action (GTK_WIDGET (f->page), "journal.delete-entry", "s", uuid));
  g_assert_true (reframe_test_wait_for (model_empty, f, WAIT_MS));
  g_assert_true (
      gtk_widget_activate_action (GTK_WIDGET (f->page), "journal.undo-delete", "s", uuid));
  g_assert_true (reframe_test_wait_for (model_has_one_entry, f, WAIT_MS));
  g_assert_true (
      gtk_widget_activate_action (GTK_WIDGET (f->page), "journal.undo-delete", "s", uuid));
  reframe_test_spin_idle ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, 2);

  /* Jumping to a day puts the keyboard on its first entry, where Delete acts. */
  day = reframe_mood_entry_dup_day (restored);
  g_assert_true (reframe_journal_page_jump_to_day (f->page, day, TRUE));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "journal.delete-focused", NULL));
  g_assert_true (reframe_test_wait_for (model_empty, f, WAIT_MS));
  g_assert_false (reframe_journal_page_jump_to_day (f->page, day, TRUE));
}

static void
test_discard_without_mood (Fixture      *f,
                           gconstpointer data)
{
  ReframeEntryEditor *editor = open_new_editor (f);

  /* Closing an untouched new entry writes nothing and asks nothing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.done", NULL));
  g_assert_true (reframe_test_wait_for (no_editor, f->page, WAIT_MS));
  reframe_test_spin_idle ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, 0);
  g_assert_cmpstr (_reframe_journal_page_get_state (f->page), ==, "empty");
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) window = g_list_model_get_item (toplevels, i);

      /* GTK's list of toplevels keeps the window alive after this reference goes. */
      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return window;
    }
  return NULL;
}

static void
test_shortcuts_on_demand (Fixture      *f,
                          gconstpointer data)
{
  GtkWindow *shortcuts;

  /* Not built with the window, only when asked for. */
  g_assert_null (find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW));
  g_assert_true (
      gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-help-overlay", NULL));
  shortcuts = find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
  g_assert_nonnull (shortcuts);
  g_assert_true (gtk_window_get_transient_for (shortcuts) == GTK_WINDOW (f->window));
  gtk_window_destroy (shortcuts);
  reframe_test_spin_idle ();
}

static void
test_rows_grow_with_scrolling (Fixture      *f,
                               gconstpointer data)
{
  ReframeMoodRepository *moods = reframe_store_get_moods (reframe_window_get_store (f->window));
  GtkListView           *list = _reframe_journal_page_get_list_view (f->page);
  g_autoptr (GError) error = NULL;
  g_autoptr (GObject) last_shown = NULL;
  g_autoptr (GObject) last = NULL;
  GListModel *shown;
  guint       n_items, n_shown;

  for (guint i = 0; i < 150; i++)
    {
      g_autofree char *iso = g_strdup_printf ("2025-%02u-%02uT12:00:00Z", 1 + i / 28, 1 + i % 28);
      g_autoptr (ReframeMoodEntry) entry = reframe_test_entry_at (iso, 1 + i % 5, "row");

      g_assert_true (reframe_mood_repository_save (moods, entry, &error));
    }
  reframe_test_spin_idle ();
  n_items = g_list_model_get_n_items (G_LIST_MODEL (f->model));
  g_assert_cmpuint (n_items, ==, 300);

  /* The list builds rows for a few screenfuls, not for GTK's 200. */
  spin_ms (200);
  g_assert_cmpuint (
      g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (list))), <, n_items / 2);

  /* Going to the oldest day gives the list its rows, and only a few screenfuls
   * around them: the list's last item is the journal's. */
  g_assert_true (reframe_journal_page_jump_to_day (f->page, "2025-01-01", TRUE));
  spin_ms (200);
  shown = G_LIST_MODEL (gtk_list_view_get_model (list));
  n_shown = g_list_model_get_n_items (shown);
  g_assert_cmpuint (n_shown, <, n_items / 2);
  last_shown = g_list_model_get_item (shown, n_shown - 1);
  last = g_list_model_get_item (G_LIST_MODEL (f->model), n_items - 1);
  g_assert_true (last_shown == last);
}

static void
test_store_error_page (void)
{
  g_autofree char *dir = reframe_test_make_tmp_dir ();
  g_autofree char *file = g_build_filename (dir, "not-a-folder", NULL);
  ReframeWindow   *window;

  /* A data folder that is a file cannot hold a journal. */
  g_assert_true (g_file_set_contents (file, "x", -1, NULL));
  window = reframe_window_new (NULL, file);
  g_assert_null (reframe_window_get_store (window));
  g_assert_nonnull (reframe_window_get_store_error (window));
  g_assert_true (reframe_window_get_store_error (window)->domain == REFRAME_STORE_ERROR);

  reframe_ui_test_present (GTK_WINDOW (window), WAIT_MS);
  /* The journal is not shown at all, and it cannot be written to. */
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (reframe_window_get_journal_page (window))));
  g_assert_null (reframe_journal_page_get_model (reframe_window_get_journal_page (window)));

  gtk_window_destroy (GTK_WINDOW (window));
  reframe_test_spin_idle ();
  reframe_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  reframe_ui_test_init (&argc, &argv);

  g_test_add ("/reframe/journal-window/log-and-search",
              Fixture,
              NULL,
              fixture_set_up,
              test_log_and_search,
              fixture_tear_down);
  g_test_add ("/reframe/journal-window/autosave-and-delete-undo",
              Fixture,
              NULL,
              fixture_set_up,
              test_autosave_and_delete_undo,
              fixture_tear_down);
  g_test_add ("/reframe/journal-window/discard-without-mood",
              Fixture,
              NULL,
              fixture_set_up,
              test_discard_without_mood,
              fixture_tear_down);
  g_test_add ("/reframe/journal-window/shortcuts-on-demand",
              Fixture,
              NULL,
              fixture_set_up,
              test_shortcuts_on_demand,
              fixture_tear_down);
  g_test_add ("/reframe/journal-window/rows-grow-with-scrolling",
              Fixture,
              NULL,
              fixture_set_up,
              test_rows_grow_with_scrolling,
              fixture_tear_down);
  g_test_add_func ("/reframe/journal-window/store-error-page", test_store_error_page);

  return g_test_run ();
}
