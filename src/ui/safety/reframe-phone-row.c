/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-phone-row.c: a person or service with their numbers.
 *
 * The number is what matters in the row: large, in tabular figures, selectable, with Copy
 * beside it (and Call or Text where this computer can), because people copy it into a
 * phone or read it out to someone. The name sits above it, anything else (hours, notes,
 * a web address) below, small. */

#define G_LOG_DOMAIN "ReframePhoneRow"

#include "config.h"

#include "reframe-phone-actions.h"
#include "reframe-phone-row.h"

struct _ReframePhoneRow
{
  AdwPreferencesRow parent_instance;

  char *number;
};

G_DEFINE_FINAL_TYPE (ReframePhoneRow, reframe_phone_row, ADW_TYPE_PREFERENCES_ROW)

static void
reframe_phone_row_finalize (GObject *object)
{
  g_free (REFRAME_PHONE_ROW (object)->number);

  G_OBJECT_CLASS (reframe_phone_row_parent_class)->finalize (object);
}

static void
reframe_phone_row_class_init (ReframePhoneRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = reframe_phone_row_finalize;
}

static void
reframe_phone_row_init (ReframePhoneRow *self)
{
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), FALSE);
}

static GtkWidget *
text_label (const char *text,
            gboolean    markup,
            const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  if (markup)
    gtk_label_set_markup (GTK_LABEL (label), text);
  else
    gtk_label_set_text (GTK_LABEL (label), text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  /* Selectable labels take the focus; Tab should go from button to button instead. */
  gtk_widget_set_focusable (label, FALSE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

/**
 * reframe_phone_row_new:
 * @name: the person or service
 * @numbers: (nullable) (array zero-terminated=1): their numbers, the first one to call
 * @sms: (nullable): a number to text
 * @details_markup: (nullable): anything else, as Pango markup
 *
 * Returns: (transfer floating): the row
 */
GtkWidget *
reframe_phone_row_new (const char        *name,
                       const char *const *numbers,
                       const char        *sms,
                       const char        *details_markup)
{
  ReframePhoneRow *self =
      g_object_new (REFRAME_TYPE_PHONE_ROW, "title", name, "use-markup", FALSE, NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  g_autoptr (GPtrArray) buttons = NULL;

  self->number = numbers != NULL && numbers[0] != NULL ? g_strdup (numbers[0]) : NULL;
  gtk_widget_add_css_class (box, "phone-row");
  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_set_valign (text, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (text), text_label (name, FALSE, "heading"));
  if (self->number != NULL)
    {
      g_autofree char *all = g_strjoinv ("  ·  ", (char **) numbers);

      gtk_box_append (GTK_BOX (text), text_label (all, FALSE, "phone-number"));
    }
  if (details_markup != NULL && *details_markup != '\0')
    {
      GtkWidget *details = text_label (details_markup, TRUE, "dim-label");

      /* A web address in it must be reachable with the keyboard. */
      gtk_widget_set_focusable (details, strstr (details_markup, "<a ") != NULL);
      gtk_widget_add_css_class (details, "caption");
      gtk_box_append (GTK_BOX (text), details);
    }
  gtk_box_append (GTK_BOX (box), text);

  buttons = reframe_phone_buttons_new (name, self->number, sms);
  for (guint i = 0; i < buttons->len; i++)
    gtk_box_append (GTK_BOX (box), g_ptr_array_index (buttons, i));
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), box);
  /* A screen reader hears who and the number, as the row shows them. */
  {
    g_autofree char *label =
        self->number != NULL ? g_strdup_printf ("%s, %s", name, self->number) : g_strdup (name);

    gtk_accessible_update_property (
        GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  }
  return GTK_WIDGET (self);
}

/**
 * reframe_phone_row_get_number:
 * @self: the row
 *
 * Returns: (nullable): the number to call
 */
const char *
reframe_phone_row_get_number (ReframePhoneRow *self)
{
  g_return_val_if_fail (REFRAME_IS_PHONE_ROW (self), NULL);

  return self->number;
}

/**
 * reframe_phone_row_add_suffix:
 * @self: the row
 * @widget: a button to add after the number's own
 */
void
reframe_phone_row_add_suffix (ReframePhoneRow *self,
                              GtkWidget       *widget)
{
  g_return_if_fail (REFRAME_IS_PHONE_ROW (self));

  gtk_widget_set_valign (widget, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (self))), widget);
}
