/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-list-window.c: the part of a long list a GtkListView is given.
 *
 * GTK 4.8's list view keeps up to 200 row widgets around its position, whatever the
 * window shows, and builds or disposes of them all at once: 200 journal rows held the
 * main loop for up to a second to build and over 100 ms to drop. So the view sees a
 * window onto the list, a few screenfuls around what is shown. It starts at a screenful
 * and moves with the reader one step per frame: rows are added below as the reader
 * comes near the window's end, and above when they scroll back up; rows more than a
 * few screenfuls above are let go. A jump (End, a date) moves the window to where it
 * goes, and Home back to the first screenful, so that GTK only ever builds and drops
 * a few screenfuls.
 *
 * The window is a list model of its own, so that moving its start is an incremental
 * change: rows dropped or added at the top, the others kept as they are.
 */

#include "config.h"

#include "reframe-list-window.h"

#define ROWS_AT_START 8
#define ROWS_PER_STEP 6
/* Screenfuls kept above what is shown before rows there are let go, and kept after;
 * the same below, where rows are added sooner as reading goes on down. */
#define PAGES_ABOVE_MAX  3.0
#define PAGES_ABOVE_KEPT 2.0
#define PAGES_BELOW_MAX  4.0
#define PAGES_BELOW_KEPT 2.0

struct _ReframeListWindow
{
  GObject parent_instance;

  GtkListView        *view; /* weak */
  GListModel         *model;
  guint               start; /* the window: [start, end) of model, cut at its end */
  guint               end;
  GtkEventController *keys; /* owned by the view */
  guint               move_idle_id;
  gulong              focus_edge_id; /* on the frame clock, after Home or End */
  gboolean            focus_last;
};

static void reframe_list_window_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ReframeListWindow,
                               reframe_list_window,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      reframe_list_window_list_model_init))

static guint
model_n_items (ReframeListWindow *self)
{
  return self->model != NULL ? g_list_model_get_n_items (self->model) : 0;
}

static guint
window_n_items (ReframeListWindow *self,
                guint              n_all)
{
  return MIN (self->end, n_all) > self->start ? MIN (self->end, n_all) - self->start : 0;
}

/* GListModel */

static GType
reframe_list_window_get_item_type (GListModel *list)
{
  ReframeListWindow *self = REFRAME_LIST_WINDOW (list);

  return self->model != NULL ? g_list_model_get_item_type (self->model) : G_TYPE_OBJECT;
}

static guint
reframe_list_window_get_n_items (GListModel *list)
{
  ReframeListWindow *self = REFRAME_LIST_WINDOW (list);

  return window_n_items (self, model_n_items (self));
}

static gpointer
reframe_list_window_get_item (GListModel *list,
                              guint       position)
{
  ReframeListWindow *self = REFRAME_LIST_WINDOW (list);

  if (position >= window_n_items (self, model_n_items (self)))
    return NULL;
  return g_list_model_get_item (self->model, self->start + position);
}

static void
reframe_list_window_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = reframe_list_window_get_item_type;
  iface->get_n_items = reframe_list_window_get_n_items;
  iface->get_item = reframe_list_window_get_item;
}

/* Moves the window to [start, end), telling the view what changed at its two edges
 * when the old and new windows overlap, and that all changed when they do not. The
 * end moves first, then the start, so that the window is what the view was told at
 * each step. */
static void
move_to (ReframeListWindow *self,
         guint              start,
         guint              end)
{
  guint n_all = model_n_items (self);
  guint old_start = self->start;
  guint old_n = window_n_items (self, n_all);
  guint old_end = old_start + old_n;
  guint new_end = MIN (MAX (end, start), n_all);

  self->end = MAX (end, start);
  if (start >= old_end || new_end <= MAX (start, old_start) || old_n == 0)
    {
      self->start = start;
      if (old_n > 0 || window_n_items (self, n_all) > 0)
        g_list_model_items_changed (
            G_LIST_MODEL (self), 0, old_n, window_n_items (self, n_all));
      return;
    }
  if (new_end != old_end)
    g_list_model_items_changed (G_LIST_MODEL (self),
                                MIN (new_end, old_end) - old_start,
                                old_end > new_end ? old_end - new_end : 0,
                                new_end > old_end ? new_end - old_end : 0);
  self->start = start;
  if (start < old_start)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, old_start - start);
  else if (start > old_start)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, start - old_start, 0);
}

/* The whole list changed. A change before the window moves it, so that it keeps its
 * items; a small change in it adds or drops rows there; a larger one (a new query)
 * shows the new items from where it begins to the window's end. */
static void
model_items_changed_cb (ReframeListWindow *self,
                        guint              position,
                        guint              removed,
                        guint              added,
                        GListModel        *model)
{
  guint n_all = g_list_model_get_n_items (model);
  guint old_n = window_n_items (self, n_all + removed - added);
  guint first = MIN (position, self->start);
  guint local;
  guint removed_here;
  guint added_here;

  if (position >= self->end)
    return;
  if (position < self->start && position + removed <= self->start)
    {
      self->start = self->start + added - removed;
      self->end = self->end + added - removed;
      return;
    }
  local = position > self->start ? position - self->start : 0;
  if (position + removed <= self->end && added <= removed + ROWS_AT_START)
    {
      removed_here = MIN (position + removed, self->start + old_n) - MAX (position, self->start);
      self->end = self->end + added - removed;
      added_here = added;
    }
  else
    {
      removed_here = old_n - local;
      self->end = MAX (self->end, first + ROWS_AT_START);
      added_here = MIN (self->end, n_all) - position;
    }
  self->start = first;
  g_list_model_items_changed (G_LIST_MODEL (self), local, removed_here, added_here);
}

/* Following the reader */

/* Whether the focused row lies far above or below what is shown: a reader who
 * scrolled away with the mouse keeps their place in the list, and it is not let go. */
static gboolean
focus_far_away (ReframeListWindow *self,
                double             page)
{
  GtkWidget      *focus = gtk_widget_get_focus_child (GTK_WIDGET (self->view));
  graphene_rect_t bounds;

  if (focus == NULL || !gtk_widget_compute_bounds (focus, GTK_WIDGET (self->view), &bounds))
    return FALSE;
  return bounds.origin.y < -(PAGES_ABOVE_KEPT - 0.5) * page ||
         bounds.origin.y > (PAGES_BELOW_KEPT + 0.5) * page;
}

/* Rows to add or drop at the start, so that PAGES_ABOVE_KEPT screenfuls wait above. */
static int
rows_above_wanted (ReframeListWindow *self,
                   GtkAdjustment     *adjustment,
                   guint              n_shown)
{
  double value = gtk_adjustment_get_value (adjustment);
  double page = gtk_adjustment_get_page_size (adjustment);
  double row = gtk_adjustment_get_upper (adjustment) / MAX (n_shown, 1);
  int    rows;

  if (page <= 0 || row <= 0)
    return 0;
  if (self->start > 0 && value < page)
    return (int) MIN ((guint) MAX (ROWS_PER_STEP, (PAGES_ABOVE_KEPT * page - value) / row),
                      self->start);
  if (value < PAGES_ABOVE_MAX * page || focus_far_away (self, page))
    return 0;
  rows = (int) ((value - PAGES_ABOVE_KEPT * page) / row);
  return rows >= ROWS_PER_STEP ? -rows : 0;
}

static gboolean
move_idle_cb (gpointer user_data)
{
  ReframeListWindow *self = user_data;
  GtkAdjustment     *adjustment;
  guint              n_all = model_n_items (self);
  guint              n_shown = window_n_items (self, n_all);
  double             below, page, row;
  guint              end = self->end;
  int                above;

  self->move_idle_id = 0;
  if (self->view == NULL || n_shown == 0)
    return G_SOURCE_REMOVE;
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->view));
  page = gtk_adjustment_get_page_size (adjustment);
  row = gtk_adjustment_get_upper (adjustment) / n_shown;
  if (page <= 0 || row <= 0)
    return G_SOURCE_REMOVE;
  below = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_value (adjustment) - page;
  if (self->end < n_all && below < PAGES_BELOW_KEPT * page)
    end = self->start + n_shown + ROWS_PER_STEP;
  else if (below > PAGES_BELOW_MAX * page && !focus_far_away (self, page))
    {
      int drop = (int) ((below - PAGES_BELOW_KEPT * page) / row);

      if (drop >= ROWS_PER_STEP)
        end = self->start + MAX ((int) n_shown - drop, ROWS_AT_START);
    }
  above = rows_above_wanted (self, adjustment, n_shown);
  if (end != self->end || above != 0)
    move_to (self, (guint) ((int) self->start - above), end);
  return G_SOURCE_REMOVE;
}

/* Moved from an idle: the adjustment changes during allocation. */
static void
adjustment_changed_cb (ReframeListWindow *self)
{
  if (self->model != NULL && self->move_idle_id == 0)
    self->move_idle_id = g_idle_add (move_idle_cb, self);
}

/* The view's rows are its children in list order: the first is the first item's, the
 * last the last item's. */
static void
focus_edge_cb (ReframeListWindow *self,
               GdkFrameClock     *clock)
{
  GtkWidget *row = NULL;

  g_clear_signal_handler (&self->focus_edge_id, clock);
  if (self->view != NULL)
    row = self->focus_last ? gtk_widget_get_last_child (GTK_WIDGET (self->view))
                           : gtk_widget_get_first_child (GTK_WIDGET (self->view));
  if (row != NULL)
    gtk_widget_grab_focus (row);
}

/* Home and End are done here: the row that had the keyboard is gone with the window,
 * and GTK 4.8 then leaves the keyboard nowhere or on a row it found on the way. The
 * first or last row is focused once the view has laid out the screenful. */
static void
go_to_edge (ReframeListWindow *self,
            gboolean           last)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self->view));
  guint          n_all = model_n_items (self);
  guint          position = 0;

  if (last)
    position = reframe_list_window_show (self, n_all - 1);
  else
    reframe_list_window_reset (self);
  gtk_widget_activate_action (GTK_WIDGET (self->view), "list.scroll-to-item", "u", position);
  self->focus_last = last;
  if (self->focus_edge_id == 0)
    self->focus_edge_id = g_signal_connect_object (
        clock, "after-paint", G_CALLBACK (focus_edge_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_queue_allocate (GTK_WIDGET (self->view));
}

static gboolean
key_pressed_cb (ReframeListWindow *self,
                guint              keyval,
                guint              keycode,
                GdkModifierType    state)
{
  gboolean home = keyval == GDK_KEY_Home || keyval == GDK_KEY_KP_Home;
  gboolean end = keyval == GDK_KEY_End || keyval == GDK_KEY_KP_End;

  if ((!home && !end) || self->view == NULL || model_n_items (self) == 0 ||
      gtk_widget_get_frame_clock (GTK_WIDGET (self->view)) == NULL)
    return GDK_EVENT_PROPAGATE;

  go_to_edge (self, end);
  return GDK_EVENT_STOP;
}

/* GObject */

static void
reframe_list_window_dispose (GObject *object)
{
  ReframeListWindow *self = REFRAME_LIST_WINDOW (object);

  g_clear_handle_id (&self->move_idle_id, g_source_remove);
  if (self->view != NULL)
    {
      GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->view));

      /* The view may hold the last reference, and have left its scrolled window. */
      if (adjustment != NULL)
        g_signal_handlers_disconnect_by_data (adjustment, self);
      gtk_widget_remove_controller (GTK_WIDGET (self->view), self->keys);
      g_object_remove_weak_pointer (G_OBJECT (self->view), (gpointer *) &self->view);
      self->view = NULL;
    }
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (reframe_list_window_parent_class)->dispose (object);
}

static void
reframe_list_window_class_init (ReframeListWindowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = reframe_list_window_dispose;
}

static void
reframe_list_window_init (ReframeListWindow *self)
{
  self->end = ROWS_AT_START;
}

/**
 * reframe_list_window_new:
 * @view: the list view, in a scrolled window, that shows the list
 *
 * Gives @view a window onto the model set later, without selection.
 *
 * Returns: (transfer full): the window, to keep as long as @view shows its list
 */
ReframeListWindow *
reframe_list_window_new (GtkListView *view)
{
  ReframeListWindow *self;
  GtkAdjustment     *adjustment;

  g_return_val_if_fail (GTK_IS_LIST_VIEW (view), NULL);

  self = g_object_new (REFRAME_TYPE_LIST_WINDOW, NULL);
  self->view = view;
  g_object_add_weak_pointer (G_OBJECT (view), (gpointer *) &self->view);

  /* The view has its adjustment once it is in its scrolled window. */
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  g_return_val_if_fail (adjustment != NULL, self);
  g_signal_connect_object (
      adjustment, "value-changed", G_CALLBACK (adjustment_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (
      adjustment, "changed", G_CALLBACK (adjustment_changed_cb), self, G_CONNECT_SWAPPED);

  self->keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (self->keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (
      self->keys, "key-pressed", G_CALLBACK (key_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (view), self->keys);
  return self;
}

/**
 * reframe_list_window_set_model:
 * @self: the window
 * @model: (nullable): the whole list
 *
 * Shows @model from its start, a screenful at first.
 */
void
reframe_list_window_set_model (ReframeListWindow *self,
                               GListModel        *model)
{
  g_return_if_fail (REFRAME_IS_LIST_WINDOW (self));

  g_clear_handle_id (&self->move_idle_id, g_source_remove);
  /* The view lets go of the window before the window changes under it. A new model
   * for the view then, not new items in the old one: GTK 4.8's list view keeps its
   * keyboard focus on an item that is gone, and Tab then skips the list. */
  if (self->view != NULL)
    gtk_list_view_set_model (self->view, NULL);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_set_object (&self->model, model);
  self->start = 0;
  self->end = ROWS_AT_START;
  if (model == NULL)
    return;

  g_signal_connect_object (
      model, "items-changed", G_CALLBACK (model_items_changed_cb), self, G_CONNECT_SWAPPED);
  if (self->view != NULL)
    {
      g_autoptr (GtkNoSelection) selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self)));

      gtk_list_view_set_model (self->view, GTK_SELECTION_MODEL (selection));
    }
}

/**
 * reframe_list_window_show:
 * @self: the window
 * @position: a position in the whole list
 *
 * Moves the window so that the view can reach @position, and a few rows after it:
 * it grows when @position is just past its end, and moves there when it is further.
 *
 * Returns: @position's position in the view
 */
guint
reframe_list_window_show (ReframeListWindow *self,
                          guint              position)
{
  guint n_all;

  g_return_val_if_fail (REFRAME_IS_LIST_WINDOW (self), 0);

  n_all = model_n_items (self);
  if (position >= self->start && position < self->end + ROWS_PER_STEP)
    {
      if (position + ROWS_PER_STEP > self->end)
        move_to (self, self->start, position + ROWS_PER_STEP);
    }
  else
    {
      guint start = MIN (position, n_all > ROWS_AT_START ? n_all - ROWS_AT_START : 0);

      move_to (self, start, MAX (position, start) + ROWS_AT_START);
    }
  return position - self->start;
}

/**
 * reframe_list_window_get_position:
 * @self: the window
 * @view_position: a position in the view
 *
 * Returns: the position of the same item in the whole list
 */
guint
reframe_list_window_get_position (ReframeListWindow *self,
                                  guint              view_position)
{
  g_return_val_if_fail (REFRAME_IS_LIST_WINDOW (self), view_position);

  return self->start + view_position;
}

/**
 * reframe_list_window_reset:
 * @self: the window
 *
 * Back to the first screenful, as when the list was set (a new search, Home).
 */
void
reframe_list_window_reset (ReframeListWindow *self)
{
  g_return_if_fail (REFRAME_IS_LIST_WINDOW (self));

  move_to (self, 0, ROWS_AT_START);
}
