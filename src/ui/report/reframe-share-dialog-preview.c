/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-share-dialog-preview.c: the share dialog's preview: the report rebuilt off the main
 * thread after each change (debounced), its pages laid out and drawn, and paging through them. */

#define G_LOG_DOMAIN "ReframeShareDialog"

#include "config.h"

#include <glib/gi18n.h>

#include "reframe-share-dialog-private.h"

#define REBUILD_DELAY_MS 250
#define PAGE_MARGIN      16.0

/* The shared layout */

static LayoutBox *
layout_box_new (ReframeReportLayout *layout)
{
  LayoutBox *box = g_rc_box_new0 (LayoutBox);

  box->layout = layout;
  return box;
}

static void
layout_box_clear (gpointer data)
{
  LayoutBox *box = data;

  g_clear_pointer (&box->layout, reframe_report_layout_free);
}

void
_reframe_share_dialog_layout_box_release (gpointer box)
{
  g_rc_box_release_full (box, layout_box_clear);
}

/* The preview */

void
_reframe_share_dialog_update_pages (ReframeShareDialog *self)
{
  guint n_pages =
      self->layout != NULL ? reframe_report_layout_get_n_pages (self->layout->layout) : 0;
  g_autofree char *label = NULL;

  self->page = n_pages > 0 ? MIN (self->page, n_pages - 1) : 0;
  /* Translators: under the preview: the page shown and how many there are */
  label =
      n_pages > 0 ? g_strdup_printf (_ ("Page %u of %u"), self->page + 1, n_pages) : g_strdup ("");
  gtk_label_set_text (self->page_label, label);
  gtk_accessible_update_property (
      GTK_ACCESSIBLE (self->preview), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, label, -1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "share.previous-page", self->page > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "share.next-page", self->page + 1 < n_pages);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "share.print", n_pages > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button),
                            self->report != NULL && !_reframe_share_dialog_is_saving (self));
  gtk_widget_queue_draw (GTK_WIDGET (self->preview));
}

static void
draw_preview (GtkDrawingArea *area,
              cairo_t        *cr,
              int             width,
              int             height,
              gpointer        user_data)
{
  ReframeShareDialog *self = user_data;
  double              page_width, page_height, scale;

  if (self->layout == NULL)
    return;
  reframe_report_layout_get_page_size (self->layout->layout, &page_width, &page_height);
  scale = MIN ((width - 2 * PAGE_MARGIN) / page_width, (height - 2 * PAGE_MARGIN) / page_height);
  if (scale <= 0)
    return;
  cairo_translate (
      cr, round ((width - page_width * scale) / 2), round ((height - page_height * scale) / 2));
  /* A soft edge around the sheet of paper. */
  cairo_set_source_rgba (cr, 0, 0, 0, 0.18);
  cairo_rectangle (cr, -1, -1, page_width * scale + 2, page_height * scale + 3);
  cairo_fill (cr);
  reframe_report_layout_draw_page (self->layout->layout, cr, self->page, scale);
}

/* Rebuilding */

static void
layout_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError              *error = NULL;
  ReframeReportLayout *layout = reframe_report_layout_new (
      task_data, reframe_report_paper_for_locale (), NULL, cancellable, &error);

  if (layout == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, layout_box_new (layout), _reframe_share_dialog_layout_box_release);
}

static void
layout_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  ReframeShareDialog *self = REFRAME_SHARE_DIALOG (source);
  g_autoptr (GError) error = NULL;
  LayoutBox *box = g_task_propagate_pointer (G_TASK (result), &error);

  if (box == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          self->building = FALSE;
          gtk_spinner_stop (self->spinner);
          _reframe_share_dialog_toast (self, error->message);
        }
      return;
    }
  if (g_task_get_cancellable (G_TASK (result)) != self->build_cancellable)
    {
      _reframe_share_dialog_layout_box_release (box);
      return;
    }
  g_clear_pointer (&self->layout, _reframe_share_dialog_layout_box_release);
  self->layout = box;
  g_clear_pointer (&self->report, reframe_report_unref);
  self->report = reframe_report_ref (reframe_report_layout_get_report (box->layout));
  _reframe_share_dialog_update_items (self, self->report);
  self->building = FALSE;
  self->generation++;
  gtk_spinner_stop (self->spinner);
  _reframe_share_dialog_update_pages (self);
}

static void
report_built_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (ReframeShareDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeReport) report = reframe_report_build_finish (result, &error);
  g_autoptr (GTask) task = NULL;

  if (report == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          self->building = FALSE;
          gtk_spinner_stop (self->spinner);
          _reframe_share_dialog_toast (self, error->message);
        }
      return;
    }
  if (g_cancellable_is_cancelled (self->build_cancellable))
    return;
  task = g_task_new (self, self->build_cancellable, layout_done_cb, NULL);
  g_task_set_source_tag (task, report_built_cb);
  g_task_set_task_data (task, g_steal_pointer (&report), (GDestroyNotify) reframe_report_unref);
  g_task_run_in_thread (task, layout_thread);
}

static gboolean
rebuild_cb (gpointer user_data)
{
  ReframeShareDialog *self = user_data;
  g_autoptr (ReframeReportOptions) options = _reframe_share_dialog_make_options (self);

  self->rebuild_id = 0;
  g_cancellable_cancel (self->build_cancellable);
  g_clear_object (&self->build_cancellable);
  self->build_cancellable = g_cancellable_new ();
  reframe_report_build_async (self->store,
                              self->registry,
                              options,
                              self->build_cancellable,
                              report_built_cb,
                              g_object_ref (self));
  return G_SOURCE_REMOVE;
}

void
_reframe_share_dialog_schedule_rebuild (ReframeShareDialog *self)
{
  if (self->store == NULL)
    return;
  self->building = TRUE;
  gtk_spinner_start (self->spinner);
  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  self->rebuild_id = g_timeout_add (REBUILD_DELAY_MS, rebuild_cb, self);
}

/* Page navigation */

static void
previous_page_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ReframeShareDialog *self = REFRAME_SHARE_DIALOG (widget);

  if (self->page > 0)
    self->page--;
  _reframe_share_dialog_update_pages (self);
}

static void
next_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ReframeShareDialog *self = REFRAME_SHARE_DIALOG (widget);

  self->page++;
  _reframe_share_dialog_update_pages (self);
}

void
_reframe_share_dialog_class_install_preview_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "share.previous-page", NULL, previous_page_action);
  gtk_widget_class_install_action (widget_class, "share.next-page", NULL, next_page_action);
  gtk_widget_class_add_binding_action (
      widget_class, GDK_KEY_Page_Up, GDK_CONTROL_MASK, "share.previous-page", NULL);
  gtk_widget_class_add_binding_action (
      widget_class, GDK_KEY_Page_Down, GDK_CONTROL_MASK, "share.next-page", NULL);
}

void
_reframe_share_dialog_init_preview (ReframeShareDialog *self)
{
  gtk_drawing_area_set_draw_func (self->preview, draw_preview, self, NULL);
}

gboolean
_reframe_share_dialog_is_busy (ReframeShareDialog *self)
{
  return self->building;
}

/* How many times the preview got a new layout. */
guint
_reframe_share_dialog_get_generation (ReframeShareDialog *self)
{
  return self->generation;
}

ReframeReportLayout *
_reframe_share_dialog_get_layout (ReframeShareDialog *self)
{
  return self->layout != NULL ? self->layout->layout : NULL;
}
