/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-homework-today-row.c: one assignment under "Due Today" on the homework page.
 *
 * A free-text task is ticked off here; a worksheet is started from here, and says so
 * once it is done for the day. The row takes only the control its assignment needs, so
 * the others leave no gap in it.
 */

#define G_LOG_DOMAIN "ReframeHomeworkTodayRow"

#include "config.h"

#include <glib/gi18n.h>

#include "reframe-homework-today-row.h"
#include "reframe-label-width.h"

struct _ReframeHomeworkTodayRow
{
  AdwActionRow parent_instance;

  /* Template objects, of which the row takes one */
  GtkCheckButton *check;
  GtkWidget      *done_box;
  GtkButton      *start_button;

  /* Owned */
  ReframeHomeworkItem *item;
  gboolean             showing; /* the tick is being set from the item, not by a person */
};

G_DEFINE_FINAL_TYPE (ReframeHomeworkTodayRow, reframe_homework_today_row, ADW_TYPE_ACTION_ROW)

enum
{
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Callbacks */

static void
check_toggled_cb (ReframeHomeworkTodayRow *self)
{
  if (self->showing || self->item == NULL)
    return;

  /* The rows are rebuilt from the journal when it tells of the change. */
  gtk_widget_activate_action (GTK_WIDGET (self),
                              gtk_check_button_get_active (self->check) ? "homework.mark-done"
                                                                        : "homework.undo-done",
                              "s",
                              reframe_homework_item_get_uuid (self->item));
}

/* Helpers */

static void
show_task (ReframeHomeworkTodayRow *self,
           const char              *title)
{
  /* Translators: %s is the title of a homework task */
  g_autofree char *label = g_strdup_printf (_ ("Done Today: “%s”"), title);

  self->showing = TRUE;
  gtk_check_button_set_active (self->check,
                               reframe_homework_item_get_progress (self->item)->done_today);
  self->showing = FALSE;
  gtk_accessible_update_property (
      GTK_ACCESSIBLE (self->check), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (self), GTK_WIDGET (self->check));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (self), GTK_WIDGET (self->check));
  /* For the tests, as before the row was a template. */
  g_object_set_data (G_OBJECT (self), "check", self->check);
}

static void
show_worksheet (ReframeHomeworkTodayRow *self,
                const char              *title)
{
  g_autofree char *label = NULL;

  if (reframe_homework_item_get_progress (self->item)->done_today)
    {
      adw_action_row_add_suffix (ADW_ACTION_ROW (self), self->done_box);
      return;
    }

  /* Translators: %s is the title of a homework worksheet */
  label = g_strdup_printf (_ ("Start “%s”"), title);
  gtk_actionable_set_action_target_value (
      GTK_ACTIONABLE (self->start_button),
      g_variant_new_string (reframe_homework_item_get_uuid (self->item)));
  gtk_accessible_update_property (
      GTK_ACCESSIBLE (self->start_button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), GTK_WIDGET (self->start_button));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (self), GTK_WIDGET (self->start_button));
}

/* The row is made for one item (the page makes new rows when the homework changes). */
static void
show_item (ReframeHomeworkTodayRow *self)
{
  ReframeAssignment *assignment = reframe_homework_item_get_assignment (self->item);
  const char        *title = reframe_assignment_get_title (assignment);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self),
                               reframe_homework_item_get_kind_title (self->item));
  if (reframe_assignment_is_task (assignment))
    show_task (self, title);
  else
    show_worksheet (self, title);
}

/* GObject */

static void
reframe_homework_today_row_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  ReframeHomeworkTodayRow *self = REFRAME_HOMEWORK_TODAY_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reframe_homework_today_row_set_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec)
{
  ReframeHomeworkTodayRow *self = REFRAME_HOMEWORK_TODAY_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_assert (self->item == NULL);
      self->item = g_value_dup_object (value);
      if (self->item != NULL)
        show_item (self);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reframe_homework_today_row_dispose (GObject *object)
{
  ReframeHomeworkTodayRow *self = REFRAME_HOMEWORK_TODAY_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), REFRAME_TYPE_HOMEWORK_TODAY_ROW);
  g_clear_object (&self->item);

  G_OBJECT_CLASS (reframe_homework_today_row_parent_class)->dispose (object);
}

static void
reframe_homework_today_row_class_init (ReframeHomeworkTodayRowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = reframe_homework_today_row_dispose;
  object_class->get_property = reframe_homework_today_row_get_property;
  object_class->set_property = reframe_homework_today_row_set_property;

  /**
   * ReframeHomeworkTodayRow:item:
   *
   * The assignment the row shows, with its progress today; set once, when the row is made.
   */
  properties[PROP_ITEM] =
      g_param_spec_object ("item",
                           NULL,
                           NULL,
                           REFRAME_TYPE_HOMEWORK_ITEM,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/reframe-homework-today-row.ui");
  gtk_widget_class_bind_template_child (widget_class, ReframeHomeworkTodayRow, check);
  gtk_widget_class_bind_template_child (widget_class, ReframeHomeworkTodayRow, done_box);
  gtk_widget_class_bind_template_child (widget_class, ReframeHomeworkTodayRow, start_button);
  gtk_widget_class_bind_template_callback (widget_class, check_toggled_cb);
}

static void
reframe_homework_today_row_init (ReframeHomeworkTodayRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  reframe_label_width_set_least (GTK_WIDGET (self), REFRAME_LABEL_LEAST_CHARS);
}

/* Public API */

/**
 * reframe_homework_today_row_new:
 * @item: the assignment and its day
 *
 * Returns: (transfer floating): a row showing @item
 */
GtkWidget *
reframe_homework_today_row_new (ReframeHomeworkItem *item)
{
  g_return_val_if_fail (REFRAME_IS_HOMEWORK_ITEM (item), NULL);

  return g_object_new (REFRAME_TYPE_HOMEWORK_TODAY_ROW, "item", item, NULL);
}

/**
 * reframe_homework_today_row_get_item:
 *
 * Returns: (transfer none): the assignment shown
 */
ReframeHomeworkItem *
reframe_homework_today_row_get_item (ReframeHomeworkTodayRow *self)
{
  g_return_val_if_fail (REFRAME_IS_HOMEWORK_TODAY_ROW (self), NULL);

  return self->item;
}
