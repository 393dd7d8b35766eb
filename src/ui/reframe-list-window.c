/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-list-window.c: the part of a long list a GtkListView is given.
 *
 * GTK 4.8's list view keeps up to 200 row widgets around its position, whatever the
 * window shows, and builds them all at once: 200 journal rows or worksheet rows held
 * the main loop for up to a second. So the view sees a window onto the list that
 * starts at a screenful and grows a few rows at a time, one step per frame, until two
 * screenfuls wait below what is shown; a jump grows it to where it goes (End to the
 * whole list), and Home first shrinks it back to a screenful, so that GTK builds that
 * screenful rather than the 200 rows around the top.
 */

#include "config.h"

#include "reframe-list-window.h"

#define ROWS_AT_START 8
#define ROWS_PER_STEP 6

struct _ReframeListWindow
{
  GObject parent_instance;

  GtkListView        *view; /* weak */
  GtkSliceListModel  *slice;
  GtkEventController *keys; /* owned by the view */
  guint               grow_idle_id;
  gulong              focus_first_id; /* on the frame clock, after Home */
};

G_DEFINE_FINAL_TYPE (ReframeListWindow, reframe_list_window, G_TYPE_OBJECT)

static gboolean
grow_idle_cb (gpointer user_data)
{
  ReframeListWindow *self = user_data;

  self->grow_idle_id = 0;
  reframe_list_window_ensure (self, gtk_slice_list_model_get_size (self->slice));
  return G_SOURCE_REMOVE;
}

static void
adjustment_changed_cb (ReframeListWindow *self,
                       GtkAdjustment     *adjustment)
{
  GListModel *all = gtk_slice_list_model_get_model (self->slice);
  double      below = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_value (adjustment) -
                 gtk_adjustment_get_page_size (adjustment);

  if (all == NULL || self->grow_idle_id != 0 ||
      gtk_slice_list_model_get_size (self->slice) >= g_list_model_get_n_items (all))
    return;

  /* Grown from an idle: the adjustment changes during allocation. */
  if (below < 2 * gtk_adjustment_get_page_size (adjustment))
    self->grow_idle_id = g_idle_add (grow_idle_cb, self);
}

/* The view's rows are its children in list order: the first is the first item's. */
static void
focus_first_cb (ReframeListWindow *self,
                GdkFrameClock     *clock)
{
  GtkWidget *first =
      self->view != NULL ? gtk_widget_get_first_child (GTK_WIDGET (self->view)) : NULL;

  g_clear_signal_handler (&self->focus_first_id, clock);
  if (first != NULL)
    gtk_widget_grab_focus (first);
}

static gboolean
key_pressed_cb (ReframeListWindow *self,
                guint              keyval,
                guint              keycode,
                GdkModifierType    state)
{
  GListModel *all = gtk_slice_list_model_get_model (self->slice);

  /* Home is done here: the row that had the keyboard may be gone with the rows after
   * the first screenful, and GTK 4.8 then leaves the keyboard nowhere. The first row is
   * focused once the view has laid out the screenful. */
  if ((keyval == GDK_KEY_Home || keyval == GDK_KEY_KP_Home) && self->view != NULL &&
      gtk_widget_get_frame_clock (GTK_WIDGET (self->view)) != NULL)
    {
      reframe_list_window_reset (self);
      gtk_widget_activate_action (GTK_WIDGET (self->view), "list.scroll-to-item", "u", 0);
      if (self->focus_first_id == 0)
        self->focus_first_id =
            g_signal_connect_object (gtk_widget_get_frame_clock (GTK_WIDGET (self->view)),
                                     "after-paint",
                                     G_CALLBACK (focus_first_cb),
                                     self,
                                     G_CONNECT_SWAPPED);
      gtk_widget_queue_allocate (GTK_WIDGET (self->view));
      return GDK_EVENT_STOP;
    }
  /* End goes to the end of the whole list, not of the part the view has so far. */
  else if ((keyval == GDK_KEY_End || keyval == GDK_KEY_KP_End) && all != NULL &&
           g_list_model_get_n_items (all) > 0)
    reframe_list_window_ensure (self, g_list_model_get_n_items (all) - 1);
  return GDK_EVENT_PROPAGATE;
}

static void
reframe_list_window_dispose (GObject *object)
{
  ReframeListWindow *self = REFRAME_LIST_WINDOW (object);

  g_clear_handle_id (&self->grow_idle_id, g_source_remove);
  if (self->view != NULL)
    {
      g_signal_handlers_disconnect_by_data (
          gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->view)), self);
      gtk_widget_remove_controller (GTK_WIDGET (self->view), self->keys);
      g_object_remove_weak_pointer (G_OBJECT (self->view), (gpointer *) &self->view);
      self->view = NULL;
    }
  g_clear_object (&self->slice);

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
  self->slice = gtk_slice_list_model_new (NULL, 0, ROWS_AT_START);
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

  g_clear_handle_id (&self->grow_idle_id, g_source_remove);
  g_clear_object (&self->slice);
  self->slice =
      gtk_slice_list_model_new (model != NULL ? g_object_ref (model) : NULL, 0, ROWS_AT_START);
  /* A new model for the view, not new items in the old one: GTK 4.8's list view keeps
   * its keyboard focus on an item that is gone, and Tab then skips the list. */
  if (self->view != NULL)
    {
      g_autoptr (GtkNoSelection) selection =
          gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->slice)));

      gtk_list_view_set_model (self->view, model != NULL ? GTK_SELECTION_MODEL (selection) : NULL);
    }
}

/**
 * reframe_list_window_ensure:
 * @self: the window
 * @position: a position in the whole list
 *
 * Lets the view reach @position, and a few rows after it.
 */
void
reframe_list_window_ensure (ReframeListWindow *self,
                            guint              position)
{
  g_return_if_fail (REFRAME_IS_LIST_WINDOW (self));

  if (position >= gtk_slice_list_model_get_size (self->slice))
    gtk_slice_list_model_set_size (self->slice, position + ROWS_PER_STEP);
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

  gtk_slice_list_model_set_size (self->slice, ROWS_AT_START);
}
