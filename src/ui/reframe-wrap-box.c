/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-wrap-box.c: a container that lays children out in lines, wrapping like words.
 *
 * GtkFlowBox lines its children up in columns, which stretches tag chips of different
 * lengths; this keeps each child at its natural width, as tags are usually shown.
 */

#define G_LOG_DOMAIN "ReframeWrapBox"

#include "config.h"

#include "reframe-wrap-box.h"

struct _ReframeWrapBox
{
  GtkWidget parent_instance;

  int spacing;
};

G_DEFINE_FINAL_TYPE (ReframeWrapBox, reframe_wrap_box, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_SPACING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The children of the line starting at @start that fit in @width: returns the
 * first child of the next line, and the line's height in @line_height. */
static GtkWidget *
measure_line (ReframeWrapBox *self,
              GtkWidget      *start,
              int             width,
              int            *line_height)
{
  GtkWidget *child = start;
  int        x = 0;

  *line_height = 0;
  for (; child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      int child_width = 0;
      int child_height = 0;

      if (!gtk_widget_should_layout (child))
        continue;

      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &child_width, NULL, NULL);
      child_width = MIN (child_width, width);
      if (x > 0 && x + child_width > width)
        break;

      gtk_widget_measure (
          child, GTK_ORIENTATION_VERTICAL, child_width, NULL, &child_height, NULL, NULL);
      *line_height = MAX (*line_height, child_height);
      x += child_width + self->spacing;
    }

  return child;
}

static void
place_line (ReframeWrapBox *self,
            GtkWidget      *start,
            GtkWidget      *end,
            int             width,
            int             y,
            int             line_height)
{
  gboolean rtl = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL;
  int      x = 0;

  for (GtkWidget *child = start; child != end; child = gtk_widget_get_next_sibling (child))
    {
      int child_width = 0;

      if (!gtk_widget_should_layout (child))
        continue;

      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &child_width, NULL, NULL);
      child_width = MIN (child_width, width);
      gtk_widget_size_allocate (
          child,
          &(GtkAllocation){ rtl ? width - x - child_width : x, y, child_width, line_height },
          -1);
      x += child_width + self->spacing;
    }
}

/* Lays the children out in @width; when @allocate, also places them. Returns the height. */
static int
layout (ReframeWrapBox *self,
        int             width,
        gboolean        allocate)
{
  GtkWidget *start = gtk_widget_get_first_child (GTK_WIDGET (self));
  int        y = 0;

  while (start != NULL)
    {
      int        line_height = 0;
      GtkWidget *next = measure_line (self, start, width, &line_height);

      if (allocate)
        place_line (self, start, next, width, y, line_height);

      start = next;
      y += line_height + (next != NULL ? self->spacing : 0);
    }

  return y;
}

static void
measure_width (ReframeWrapBox *self,
               int            *minimum,
               int            *natural)
{
  int count = 0;

  *minimum = 0;
  *natural = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_minimum = 0;
      int child_natural = 0;

      if (!gtk_widget_should_layout (child))
        continue;

      gtk_widget_measure (
          child, GTK_ORIENTATION_HORIZONTAL, -1, &child_minimum, &child_natural, NULL, NULL);
      *minimum = MAX (*minimum, child_minimum);
      *natural += child_natural;
      count++;
    }

  if (count > 1)
    *natural += (count - 1) * self->spacing;
}

static GtkSizeRequestMode
reframe_wrap_box_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
reframe_wrap_box_measure (GtkWidget     *widget,
                          GtkOrientation orientation,
                          int            for_size,
                          int           *minimum,
                          int           *natural,
                          int           *minimum_baseline,
                          int           *natural_baseline)
{
  ReframeWrapBox *self = REFRAME_WRAP_BOX (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      measure_width (self, minimum, natural);
      return;
    }

  if (for_size < 0)
    measure_width (self, &(int){ 0 }, &for_size);

  *minimum = *natural = layout (self, for_size, FALSE);
}

static void
reframe_wrap_box_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  layout (REFRAME_WRAP_BOX (widget), width, TRUE);
}

static void
reframe_wrap_box_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  ReframeWrapBox *self = REFRAME_WRAP_BOX (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      g_value_set_int (value, self->spacing);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reframe_wrap_box_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  ReframeWrapBox *self = REFRAME_WRAP_BOX (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      reframe_wrap_box_set_spacing (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reframe_wrap_box_dispose (GObject *object)
{
  reframe_wrap_box_remove_all (REFRAME_WRAP_BOX (object));

  G_OBJECT_CLASS (reframe_wrap_box_parent_class)->dispose (object);
}

static void
reframe_wrap_box_class_init (ReframeWrapBoxClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = reframe_wrap_box_dispose;
  object_class->get_property = reframe_wrap_box_get_property;
  object_class->set_property = reframe_wrap_box_set_property;

  widget_class->get_request_mode = reframe_wrap_box_get_request_mode;
  widget_class->measure = reframe_wrap_box_measure;
  widget_class->size_allocate = reframe_wrap_box_size_allocate;

  /**
   * ReframeWrapBox:spacing:
   *
   * The space between children, along and between lines.
   */
  properties[PROP_SPACING] =
      g_param_spec_int ("spacing",
                        NULL,
                        NULL,
                        0,
                        G_MAXINT,
                        6,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "wrapbox");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
reframe_wrap_box_init (ReframeWrapBox *self)
{
  self->spacing = 6;
}

GtkWidget *
reframe_wrap_box_new (void)
{
  return g_object_new (REFRAME_TYPE_WRAP_BOX, NULL);
}

/**
 * reframe_wrap_box_append:
 * @self: the box
 * @child: a widget to add at the end
 */
void
reframe_wrap_box_append (ReframeWrapBox *self,
                         GtkWidget      *child)
{
  g_return_if_fail (REFRAME_IS_WRAP_BOX (self));
  g_return_if_fail (GTK_IS_WIDGET (child));
  g_return_if_fail (gtk_widget_get_parent (child) == NULL);

  gtk_widget_insert_before (child, GTK_WIDGET (self), NULL);
}

/**
 * reframe_wrap_box_remove_all:
 * @self: the box
 *
 * Removes every child.
 */
void
reframe_wrap_box_remove_all (ReframeWrapBox *self)
{
  GtkWidget *child;

  g_return_if_fail (REFRAME_IS_WRAP_BOX (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
}

int
reframe_wrap_box_get_spacing (ReframeWrapBox *self)
{
  g_return_val_if_fail (REFRAME_IS_WRAP_BOX (self), 0);

  return self->spacing;
}

void
reframe_wrap_box_set_spacing (ReframeWrapBox *self,
                              int             spacing)
{
  g_return_if_fail (REFRAME_IS_WRAP_BOX (self));

  if (self->spacing == spacing)
    return;

  self->spacing = spacing;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPACING]);
}
