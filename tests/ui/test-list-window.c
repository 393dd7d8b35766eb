/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-list-window.c: the window a long list's view is given. Whatever the list and the
 * window do, what the view was told (items-changed, one signal at a time) is the
 * window's content, a run of the list; and a reader paging through a long list keeps
 * a few screenfuls of rows alive, not GTK's 200. */

#include "config.h"

#include "reframe-list-window.h"
#include "reframe-ui-test-util.h"

typedef struct
{
  GtkWidget         *scrolled;
  GtkListView       *view;
  GListStore        *list;
  ReframeListWindow *window;
  GPtrArray         *told; /* what the view was told the window holds */
  guint              next_name;
} Fixture;

static void
told_items_changed_cb (GListModel *model,
                       guint       position,
                       guint       removed,
                       guint       added,
                       Fixture    *fixture)
{
  g_assert_cmpuint (position + removed, <=, fixture->told->len);
  g_ptr_array_remove_range (fixture->told, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (fixture->told, position + i, g_list_model_get_item (model, position + i));
  /* Each signal on its own leaves the window as told, not only the last. */
  g_assert_cmpuint (fixture->told->len, ==, g_list_model_get_n_items (model));
}

static GtkStringObject *
new_item (Fixture *fixture)
{
  g_autofree char *name = g_strdup_printf ("item %u", fixture->next_name++);

  return gtk_string_object_new (name);
}

static void
splice (Fixture *fixture,
        guint    position,
        guint    removed,
        guint    added)
{
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < added; i++)
    g_ptr_array_add (items, new_item (fixture));
  g_list_store_splice (fixture->list, position, removed, items->pdata, added);
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  guint n = GPOINTER_TO_UINT (data);

  fixture->scrolled = g_object_ref_sink (gtk_scrolled_window_new ());
  fixture->view = GTK_LIST_VIEW (gtk_list_view_new (NULL, NULL));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (fixture->scrolled),
                                 GTK_WIDGET (fixture->view));
  fixture->list = g_list_store_new (GTK_TYPE_STRING_OBJECT);
  splice (fixture, 0, 0, n);
  fixture->window = reframe_list_window_new (fixture->view);
  fixture->told = g_ptr_array_new_with_free_func (g_object_unref);
  reframe_list_window_set_model (fixture->window, G_LIST_MODEL (fixture->list));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (fixture->window)); i++)
    g_ptr_array_add (fixture->told, g_list_model_get_item (G_LIST_MODEL (fixture->window), i));
  g_signal_connect (fixture->window, "items-changed", G_CALLBACK (told_items_changed_cb), fixture);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_signal_handlers_disconnect_by_data (fixture->window, fixture);
  reframe_list_window_set_model (fixture->window, NULL);
  g_clear_object (&fixture->window);
  g_clear_object (&fixture->list);
  g_clear_pointer (&fixture->told, g_ptr_array_unref);
  g_clear_object (&fixture->scrolled);
}

/* What the view was told is a run of the whole list, from the window's start. */
static void
assert_told_is_a_run (Fixture *fixture)
{
  guint start = reframe_list_window_get_position (fixture->window, 0);
  guint n_all = g_list_model_get_n_items (G_LIST_MODEL (fixture->list));

  g_assert_cmpuint (start + fixture->told->len, <=, n_all);
  for (guint i = 0; i < fixture->told->len; i++)
    {
      g_autoptr (GObject) item = g_list_model_get_item (G_LIST_MODEL (fixture->list), start + i);

      g_assert_true (item == g_ptr_array_index (fixture->told, i));
    }
  if (n_all > 0)
    g_assert_cmpuint (fixture->told->len, >, 0);
}

static void
assert_shows (Fixture *fixture,
              guint    position)
{
  guint view_position = reframe_list_window_show (fixture->window, position);
  g_autoptr (GObject) item = g_list_model_get_item (G_LIST_MODEL (fixture->list), position);

  g_assert_cmpuint (view_position, <, fixture->told->len);
  g_assert_true (g_ptr_array_index (fixture->told, view_position) == item);
  g_assert_cmpuint (reframe_list_window_get_position (fixture->window, view_position), ==, position);
}

/* A window far down the list keeps its items when entries come and go above it, and
 * shows what is added among its own items. */
static void
test_changes_around (Fixture      *fixture,
                     gconstpointer data)
{
  g_autoptr (GObject) first = NULL;
  guint n_told;

  assert_shows (fixture, 500);
  first = g_object_ref (g_ptr_array_index (fixture->told, 0));
  n_told = fixture->told->len;

  splice (fixture, 0, 0, 3); /* a new day at the top */
  splice (fixture, 10, 2, 0);
  g_assert_true (g_ptr_array_index (fixture->told, 0) == first);
  g_assert_cmpuint (fixture->told->len, ==, n_told);

  splice (fixture, reframe_list_window_get_position (fixture->window, 2), 0, 1);
  g_assert_cmpuint (fixture->told->len, ==, n_told + 1);
  g_assert_true (g_ptr_array_index (fixture->told, 0) == first);
  assert_told_is_a_run (fixture);

  /* A new query: everything replaced; the window keeps no more than it had. */
  reframe_list_window_reset (fixture->window);
  splice (fixture, 0, g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), 300);
  assert_told_is_a_run (fixture);
  g_assert_cmpuint (reframe_list_window_get_position (fixture->window, 0), ==, 0);
  g_assert_cmpuint (fixture->told->len, <=, 8);
}

/* Any mix of changes to the list and moves of the window. */
static void
test_random (Fixture      *fixture,
             gconstpointer data)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (20261206);

  for (guint step = 0; step < 4000; step++)
    {
      guint n_all = g_list_model_get_n_items (G_LIST_MODEL (fixture->list));
      guint what = g_rand_int_range (rand, 0, 10);

      if (what < 4)
        {
          guint position = g_rand_int_range (rand, 0, n_all + 1);
          guint removed = g_rand_int_range (rand, 0, 6);

          splice (fixture, position, MIN (removed, n_all - position), g_rand_int_range (rand, 0, 6));
        }
      else if (what == 4)
        splice (fixture, 0, n_all, g_rand_int_range (rand, 0, 400));
      else if (what < 8 && n_all > 0)
        assert_shows (fixture, g_rand_int_range (rand, 0, n_all));
      else if (what == 8 && n_all > 0)
        {
          guint start = reframe_list_window_get_position (fixture->window, 0);

          /* Near the window, as scrolling asks for. */
          assert_shows (fixture, MIN (n_all - 1, start + fixture->told->len + 3));
        }
      else
        reframe_list_window_reset (fixture->window);
      assert_told_is_a_run (fixture);
    }
}

static guint
n_rows (GtkListView *view)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (view)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_size_request (label, -1, 40);
  gtk_list_item_set_child (list_item, label);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item)
{
  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (list_item)),
                       gtk_string_object_get_string (gtk_list_item_get_item (list_item)));
}

static gboolean
done_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* A few frames: the window moves one step per frame. */
static void
settle (void)
{
  gboolean done = FALSE;

  g_timeout_add (60, done_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Paging down a long list and back: rows are added below and let go above as the
 * reader goes, so that a few screenfuls are alive, and Home has few to drop. */
static void
test_paging (Fixture      *fixture,
             gconstpointer data)
{
  g_autoptr (GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkWidget     *window = gtk_window_new ();
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (fixture->view));
  guint          most_rows = 0;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  gtk_list_view_set_factory (fixture->view, factory);
  gtk_window_set_default_size (GTK_WINDOW (window), 300, 400);
  gtk_window_set_child (GTK_WINDOW (window), fixture->scrolled);
  reframe_ui_test_present (GTK_WINDOW (window), 5000);
  settle ();

  for (guint page = 0; page < 80; page++)
    {
      gtk_adjustment_set_value (adjustment,
                                gtk_adjustment_get_value (adjustment) +
                                    gtk_adjustment_get_page_size (adjustment));
      settle ();
      most_rows = MAX (most_rows, n_rows (fixture->view));
      assert_told_is_a_run (fixture);
    }
  /* 80 screenfuls of ten rows went by; two above, two to four below are kept. */
  g_assert_cmpuint (reframe_list_window_get_position (fixture->window, 0), >, 500);
  g_assert_cmpuint (most_rows, <, 100);
  g_assert_cmpuint (fixture->told->len, <, 100);

  for (guint page = 0; page < 30; page++)
    {
      gtk_adjustment_set_value (adjustment,
                                gtk_adjustment_get_value (adjustment) -
                                    gtk_adjustment_get_page_size (adjustment));
      settle ();
      most_rows = MAX (most_rows, n_rows (fixture->view));
    }
  g_assert_cmpuint (most_rows, <, 100);
  g_assert_cmpuint (fixture->told->len, <, 100);
  assert_told_is_a_run (fixture);

  reframe_list_window_reset (fixture->window);
  settle ();
  g_assert_cmpuint (reframe_list_window_get_position (fixture->window, 0), ==, 0);
  g_assert_cmpuint (n_rows (fixture->view), <, 40);
  gtk_window_set_child (GTK_WINDOW (window), NULL);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  reframe_ui_test_init (&argc, &argv);

  g_test_add ("/reframe/list-window/changes-around",
              Fixture,
              GUINT_TO_POINTER (1000),
              fixture_set_up,
              test_changes_around,
              fixture_tear_down);
  g_test_add ("/reframe/list-window/random",
              Fixture,
              GUINT_TO_POINTER (200),
              fixture_set_up,
              test_random,
              fixture_tear_down);
  g_test_add ("/reframe/list-window/paging",
              Fixture,
              GUINT_TO_POINTER (3000),
              fixture_set_up,
              test_paging,
              fixture_tear_down);
  return g_test_run ();
}
