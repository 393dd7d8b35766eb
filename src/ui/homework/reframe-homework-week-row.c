/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-homework-week-row.c: one assignment under "This Week" on the homework page.
 *
 * The title, how often and what kind, how far along this week, the days missed (said
 * once, plainly) and the therapist's reason; a calm progress bar and a menu to edit or
 * archive it. Activating the row edits the assignment.
 */

#define G_LOG_DOMAIN "ReframeHomeworkWeekRow"

#include "config.h"

#include <glib/gi18n.h>

#include "reframe-homework-week-row.h"
#include "reframe-label-width.h"

struct _ReframeHomeworkWeekRow
{
  AdwActionRow parent_instance;

  /* Template widgets */
  GtkLabel      *figure_label;
  GtkLevelBar   *level_bar;
  GtkMenuButton *menu_button;

  /* Owned */
  ReframeHomeworkItem *item;
};

G_DEFINE_FINAL_TYPE (ReframeHomeworkWeekRow, reframe_homework_week_row, ADW_TYPE_ACTION_ROW)

enum
{
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

/* What, how far along, what was missed, and why: the therapist's reason stays in sight,
 * in their words, because it is what makes the homework worth doing. */
static char *
make_subtitle (ReframeHomeworkItem *item)
{
  ReframeAssignment *assignment = reframe_homework_item_get_assignment (item);
  g_autofree char   *first = reframe_homework_item_dup_summary (item);
  g_autofree char   *missed = reframe_homework_item_dup_missed (item);
  const char        *rationale = reframe_assignment_get_rationale (assignment);
  g_autofree char   *head = g_markup_printf_escaped (
      "%s%s%s", first, missed != NULL ? "\n" : "", missed != NULL ? missed : "");
  g_autofree char *reason = NULL;

  if (rationale == NULL || *rationale == '\0')
    return g_steal_pointer (&head);

  reason = g_markup_printf_escaped ("\n<i>%s</i>", rationale);
  return g_strconcat (head, reason, NULL);
}

static void
show_progress (ReframeHomeworkWeekRow *self,
               const char             *title)
{
  const ReframeHomeworkProgress *progress = reframe_homework_item_get_progress (self->item);
  /* Translators: a short progress figure, e.g. "2 of 7" */
  g_autofree char *figure = g_strdup_printf (_ ("%u of %u"), progress->done, progress->expected);
  /* Translators: %s is the title of a homework assignment */
  g_autofree char *label = g_strdup_printf (_ ("Progress this week for “%s”"), title);

  gtk_label_set_label (self->figure_label, figure);
  gtk_level_bar_set_max_value (self->level_bar, MAX (progress->expected, 1));
  gtk_level_bar_set_value (self->level_bar, MIN (progress->done, MAX (progress->expected, 1)));
  gtk_accessible_update_property (
      GTK_ACCESSIBLE (self->level_bar), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
show_menu (ReframeHomeworkWeekRow *self,
           const char             *uuid,
           const char             *title)
{
  g_autoptr (GMenu) menu = g_menu_new ();
  g_autoptr (GMenuItem) edit = g_menu_item_new (_ ("_Edit"), NULL);
  g_autoptr (GMenuItem) archive = g_menu_item_new (_ ("_Archive"), NULL);
  /* Translators: %s is the title of a homework assignment */
  g_autofree char *label = g_strdup_printf (_ ("More for “%s”"), title);

  g_menu_item_set_action_and_target_value (edit, "homework.edit", g_variant_new_string (uuid));
  g_menu_item_set_action_and_target_value (
      archive, "homework.archive", g_variant_new_string (uuid));
  g_menu_append_item (menu, edit);
  g_menu_append_item (menu, archive);
  gtk_menu_button_set_menu_model (self->menu_button, G_MENU_MODEL (menu));
  gtk_accessible_update_property (
      GTK_ACCESSIBLE (self->menu_button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
show_item (ReframeHomeworkWeekRow *self)
{
  ReframeAssignment *assignment = reframe_homework_item_get_assignment (self->item);
  const char        *title = reframe_assignment_get_title (assignment);
  const char        *uuid = reframe_assignment_get_uuid (assignment);
  g_autofree char   *title_markup = g_markup_escape_text (title, -1);
  g_autofree char   *subtitle = make_subtitle (self->item);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title_markup);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self), g_variant_new_string (uuid));
  show_progress (self, title);
  show_menu (self, uuid, title);
}

/* GObject */

static void
reframe_homework_week_row_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  ReframeHomeworkWeekRow *self = REFRAME_HOMEWORK_WEEK_ROW (object);

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
reframe_homework_week_row_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  ReframeHomeworkWeekRow *self = REFRAME_HOMEWORK_WEEK_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      reframe_homework_week_row_set_item (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reframe_homework_week_row_dispose (GObject *object)
{
  ReframeHomeworkWeekRow *self = REFRAME_HOMEWORK_WEEK_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), REFRAME_TYPE_HOMEWORK_WEEK_ROW);
  g_clear_object (&self->item);

  G_OBJECT_CLASS (reframe_homework_week_row_parent_class)->dispose (object);
}

static void
reframe_homework_week_row_class_init (ReframeHomeworkWeekRowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = reframe_homework_week_row_dispose;
  object_class->get_property = reframe_homework_week_row_get_property;
  object_class->set_property = reframe_homework_week_row_set_property;

  /**
   * ReframeHomeworkWeekRow:item: (nullable)
   *
   * The assignment the row shows, with its progress this week.
   */
  properties[PROP_ITEM] =
      g_param_spec_object ("item",
                           NULL,
                           NULL,
                           REFRAME_TYPE_HOMEWORK_ITEM,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/reframe-homework-week-row.ui");
  gtk_widget_class_bind_template_child (widget_class, ReframeHomeworkWeekRow, figure_label);
  gtk_widget_class_bind_template_child (widget_class, ReframeHomeworkWeekRow, level_bar);
  gtk_widget_class_bind_template_child (widget_class, ReframeHomeworkWeekRow, menu_button);
}

static void
reframe_homework_week_row_init (ReframeHomeworkWeekRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  reframe_label_width_set_least (GTK_WIDGET (self), REFRAME_LABEL_LEAST_CHARS);

  /* One calm colour whatever the value: no red for a slow week. */
  gtk_level_bar_remove_offset_value (self->level_bar, GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (self->level_bar, GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value (self->level_bar, GTK_LEVEL_BAR_OFFSET_FULL);
}

/* Public API */

/**
 * reframe_homework_week_row_new:
 * @item: the assignment and its week
 *
 * Returns: (transfer floating): a row showing @item
 */
GtkWidget *
reframe_homework_week_row_new (ReframeHomeworkItem *item)
{
  return g_object_new (REFRAME_TYPE_HOMEWORK_WEEK_ROW, "item", item, NULL);
}

/**
 * reframe_homework_week_row_get_item:
 *
 * Returns: (transfer none) (nullable): the assignment shown
 */
ReframeHomeworkItem *
reframe_homework_week_row_get_item (ReframeHomeworkWeekRow *self)
{
  g_return_val_if_fail (REFRAME_IS_HOMEWORK_WEEK_ROW (self), NULL);

  return self->item;
}

/**
 * reframe_homework_week_row_set_item:
 * @self: the row
 * @item: (nullable): the assignment and its week
 */
void
reframe_homework_week_row_set_item (ReframeHomeworkWeekRow *self,
                                    ReframeHomeworkItem    *item)
{
  g_return_if_fail (REFRAME_IS_HOMEWORK_WEEK_ROW (self));
  g_return_if_fail (item == NULL || REFRAME_IS_HOMEWORK_ITEM (item));

  if (!g_set_object (&self->item, item))
    return;
  if (item != NULL)
    show_item (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}
