/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-worksheet-row.c: one worksheet in the list of the Worksheets page.
 *
 * Its kind (the template's icon and title, from the registry), the day it was last
 * changed, and how far along it is: a draft, finished, a questionnaire's score, or the
 * words a search found in it.
 */

#define G_LOG_DOMAIN "ReframeWorksheetRow"

#include "config.h"

#include <glib/gi18n.h>

#include "reframe-format.h"
#include "reframe-worksheet-row.h"

struct _ReframeWorksheetRow
{
  GtkBox parent_instance;

  /* Template widgets */
  GtkImage *icon;
  GtkLabel *title_label;
  GtkLabel *subtitle_label;

  /* Owned */
  ReframeWorksheet        *item;
  ReframeTemplateRegistry *registry;
};

G_DEFINE_FINAL_TYPE (ReframeWorksheetRow, reframe_worksheet_row, GTK_TYPE_BOX)

enum
{
  PROP_0,
  PROP_ITEM,
  PROP_REGISTRY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

static char *
describe_worksheet (ReframeWorksheet *worksheet)
{
  g_autoptr (GDateTime) updated = g_date_time_to_local (reframe_worksheet_get_updated (worksheet));
  g_autofree char *when_text = reframe_format_date_time (updated);
  g_autofree char *when = g_markup_escape_text (when_text, -1);
  const char      *snippet = reframe_worksheet_get_snippet (worksheet);

  if (snippet != NULL)
    {
      g_autofree char *match = reframe_format_snippet_markup (snippet);
      return g_strdup_printf ("%s · %s", when, match);
    }
  if (reframe_worksheet_get_status (worksheet) == REFRAME_WORKSHEET_DRAFT)
    /* Translators: a worksheet row: the day, then its state */
    return g_strdup_printf (_ ("%s · Draft"), when);
  if (reframe_worksheet_get_score (worksheet) != REFRAME_WORKSHEET_NO_SCORE)
    {
      g_autofree char *band = g_markup_escape_text (
          reframe_worksheet_get_band (worksheet) ? reframe_worksheet_get_band (worksheet) : "", -1);
      /* Translators: a questionnaire row: the day, the score and its band */
      return g_strdup_printf (
          _ ("%s · Score %d, %s"), when, reframe_worksheet_get_score (worksheet), band);
    }
  /* Translators: a worksheet row: the day, then its state (the worksheet is finished) */
  return g_strdup_printf (_ ("%s · Finished"), when);
}

static void
show_item (ReframeWorksheetRow *self)
{
  ReframeWorksheet *worksheet = self->item;
  ReframeTemplate *template =
      self->registry != NULL
          ? reframe_template_registry_lookup (self->registry,
                                              reframe_worksheet_get_template_id (worksheet),
                                              reframe_worksheet_get_template_version (worksheet))
          : NULL;
  const char      *name = template != NULL ? reframe_template_get_title (template)
                                           : reframe_worksheet_get_template_id (worksheet);
  const char      *icon_name = template != NULL ? reframe_template_get_icon_name (template) : NULL;
  g_autofree char *details = describe_worksheet (worksheet);
  g_autofree char *accessible = NULL;

  gtk_image_set_from_icon_name (self->icon,
                                icon_name != NULL ? icon_name : "document-edit-symbolic");
  gtk_label_set_label (self->title_label, name);
  gtk_label_set_markup (self->subtitle_label, details);
  accessible = g_strdup_printf ("%s, %s", name, gtk_label_get_text (self->subtitle_label));
  gtk_accessible_update_property (
      GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}

/* GObject */

static void
reframe_worksheet_row_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  ReframeWorksheetRow *self = REFRAME_WORKSHEET_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;

    case PROP_REGISTRY:
      g_value_set_object (value, self->registry);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reframe_worksheet_row_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  ReframeWorksheetRow *self = REFRAME_WORKSHEET_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      reframe_worksheet_row_set_item (self, g_value_get_object (value));
      break;

    case PROP_REGISTRY:
      reframe_worksheet_row_set_registry (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reframe_worksheet_row_dispose (GObject *object)
{
  ReframeWorksheetRow *self = REFRAME_WORKSHEET_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), REFRAME_TYPE_WORKSHEET_ROW);
  g_clear_object (&self->item);
  g_clear_object (&self->registry);

  G_OBJECT_CLASS (reframe_worksheet_row_parent_class)->dispose (object);
}

static void
reframe_worksheet_row_class_init (ReframeWorksheetRowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = reframe_worksheet_row_dispose;
  object_class->get_property = reframe_worksheet_row_get_property;
  object_class->set_property = reframe_worksheet_row_set_property;

  /**
   * ReframeWorksheetRow:item: (nullable)
   *
   * The worksheet the row shows.
   */
  properties[PROP_ITEM] =
      g_param_spec_object ("item",
                           NULL,
                           NULL,
                           REFRAME_TYPE_WORKSHEET,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ReframeWorksheetRow:registry: (nullable)
   *
   * The templates, for the kind's title and icon.
   */
  properties[PROP_REGISTRY] =
      g_param_spec_object ("registry",
                           NULL,
                           NULL,
                           REFRAME_TYPE_TEMPLATE_REGISTRY,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/reframe-worksheet-row.ui");
  gtk_widget_class_bind_template_child (widget_class, ReframeWorksheetRow, icon);
  gtk_widget_class_bind_template_child (widget_class, ReframeWorksheetRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, ReframeWorksheetRow, subtitle_label);
}

static void
reframe_worksheet_row_init (ReframeWorksheetRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Public API */

GtkWidget *
reframe_worksheet_row_new (void)
{
  return g_object_new (REFRAME_TYPE_WORKSHEET_ROW, NULL);
}

/**
 * reframe_worksheet_row_get_item:
 *
 * Returns: (transfer none) (nullable): the worksheet shown
 */
ReframeWorksheet *
reframe_worksheet_row_get_item (ReframeWorksheetRow *self)
{
  g_return_val_if_fail (REFRAME_IS_WORKSHEET_ROW (self), NULL);

  return self->item;
}

/**
 * reframe_worksheet_row_set_item:
 * @self: the row
 * @item: (nullable): the worksheet to show
 */
void
reframe_worksheet_row_set_item (ReframeWorksheetRow *self,
                                ReframeWorksheet    *item)
{
  g_return_if_fail (REFRAME_IS_WORKSHEET_ROW (self));
  g_return_if_fail (item == NULL || REFRAME_IS_WORKSHEET (item));

  if (!g_set_object (&self->item, item))
    return;
  if (item != NULL)
    show_item (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

/**
 * reframe_worksheet_row_set_registry:
 * @self: the row
 * @registry: (nullable): the templates, for the kind's title and icon
 */
void
reframe_worksheet_row_set_registry (ReframeWorksheetRow     *self,
                                    ReframeTemplateRegistry *registry)
{
  g_return_if_fail (REFRAME_IS_WORKSHEET_ROW (self));
  g_return_if_fail (registry == NULL || REFRAME_IS_TEMPLATE_REGISTRY (registry));

  if (!g_set_object (&self->registry, registry))
    return;
  if (self->item != NULL)
    show_item (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REGISTRY]);
}
