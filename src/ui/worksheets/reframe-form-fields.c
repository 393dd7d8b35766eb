/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-form-fields.c: the form view's field builders: one control per field type.
 *
 * Each control writes through a small binding (an object and a key), so the same
 * builders serve top-level fields and the cells of repeating rows (emotions and tables).
 * The form view (reframe-form-view.c) lays the fields out in steps; this file makes them.
 */

#define G_LOG_DOMAIN "ReframeFormView"

#include "config.h"

#include <glib/gi18n.h>

#include "reframe-form-view-private.h"
#include "reframe-spell.h"

/* Where a control writes its value: a key of an object, which may be a row of a table. */
typedef struct
{
  ReframeFormView            *view;
  JsonObject                 *target; /* owned ref */
  char                       *key;
  const ReframeTemplateField *field;
} Binding;

static void
binding_free (gpointer data)
{
  Binding *binding = data;

  json_object_unref (binding->target);
  g_free (binding->key);
  g_free (binding);
}

static Binding *
binding_new_key (ReframeFormView *view,
                 JsonObject      *target,
                 const char      *key)
{
  Binding *binding = g_new0 (Binding, 1);

  binding->view = view;
  binding->target = json_object_ref (target);
  binding->key = g_strdup (key);
  return binding;
}

static Binding *
binding_new (ReframeFormView            *view,
             JsonObject                 *target,
             const ReframeTemplateField *field)
{
  Binding *binding = binding_new_key (view, target, reframe_template_field_get_id (field));

  binding->field = field;
  return binding;
}

static void
store_string (Binding    *binding,
              const char *value)
{
  if (value == NULL || *value == '\0')
    json_object_remove_member (binding->target, binding->key);
  else
    json_object_set_string_member (binding->target, binding->key, value);
  _reframe_form_view_emit_changed (binding->view, binding->key);
}

static const char *
read_string (JsonObject *target,
             const char *key)
{
  JsonNode *node = json_object_get_member (target, key);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
                 json_node_get_value_type (node) == G_TYPE_STRING
             ? json_node_get_string (node)
             : NULL;
}

static gboolean
read_int (JsonObject *target,
          const char *key,
          gint64     *value)
{
  JsonNode *node = json_object_get_member (target, key);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    *value = json_node_get_int (node);
  else if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    *value = (gint64) json_node_get_double (node);
  else
    return FALSE;
  return TRUE;
}

/* Labels */

static GtkWidget *
field_heading (const ReframeTemplateField *field)
{
  GtkWidget  *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget  *label = gtk_label_new (reframe_template_field_get_label (field));
  const char *help = reframe_template_field_get_help (field);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);

  if (help != NULL && *help != '\0')
    {
      GtkWidget *help_label = gtk_label_new (help);

      gtk_label_set_wrap (GTK_LABEL (help_label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (help_label), 0);
      gtk_widget_add_css_class (help_label, "dim-label");
      gtk_box_append (GTK_BOX (box), help_label);
    }
  return box;
}

static void
label_control (GtkWidget                  *control,
               const ReframeTemplateField *field)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (control),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  reframe_template_field_get_label (field),
                                  -1);
  if (reframe_template_field_get_help (field) != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (control),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    reframe_template_field_get_help (field),
                                    -1);
}

/* Focus */

/* The first control under @widget that takes the keyboard, in the order it is shown. */
static GtkWidget *
first_focusable (GtkWidget *widget)
{
  if (!gtk_widget_get_visible (widget) || !gtk_widget_is_sensitive (widget))
    return NULL;
  if (gtk_widget_get_focusable (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = first_focusable (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Puts the keyboard in @widget's first control. The control is named directly, not found
 * with gtk_widget_child_focus(): that skips what is not allocated yet, such as a row
 * added a moment ago. */
gboolean
_reframe_form_view_focus_first_control (GtkWidget *widget)
{
  GtkWidget *target = first_focusable (widget);

  return target != NULL && gtk_widget_grab_focus (target);
}

/* Text */

static void
entry_changed_cb (GtkEditable *editable,
                  Binding     *binding)
{
  store_string (binding, gtk_editable_get_text (editable));
}

static GtkWidget *
build_short_text (ReframeFormView            *self,
                  JsonObject                 *target,
                  const ReframeTemplateField *field)
{
  GtkWidget  *entry = gtk_entry_new ();
  const char *value = read_string (target, reframe_template_field_get_id (field));
  const char *placeholder = reframe_template_field_get_placeholder (field);

  if (value != NULL)
    gtk_editable_set_text (GTK_EDITABLE (entry), value);
  if (placeholder != NULL)
    gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  label_control (entry, field);
  reframe_spell_attach_editable (GTK_EDITABLE (entry), REFRAME_SPELL_FIELD_WORKSHEET);
  g_signal_connect_data (entry,
                         "changed",
                         G_CALLBACK (entry_changed_cb),
                         binding_new (self, target, field),
                         (GClosureNotify) (void (*) (void)) binding_free,
                         0);
  return entry;
}

static void
buffer_changed_cb (GtkTextBuffer *buffer,
                   Binding       *binding)
{
  GtkTextIter      start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  store_string (binding, text);
}

static GtkWidget *
build_long_text (ReframeFormView            *self,
                 JsonObject                 *target,
                 const ReframeTemplateField *field)
{
  GtkWidget     *frame = gtk_scrolled_window_new ();
  GtkWidget     *view = gtk_text_view_new ();
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  const char    *value = read_string (target, reframe_template_field_get_id (field));

  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 10);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 10);
  if (value != NULL)
    gtk_text_buffer_set_text (buffer, value, -1);
  label_control (view, field);
  reframe_spell_attach_text_view (GTK_TEXT_VIEW (view), REFRAME_SPELL_FIELD_WORKSHEET);
  g_signal_connect_data (buffer,
                         "changed",
                         G_CALLBACK (buffer_changed_cb),
                         binding_new (self, target, field),
                         (GClosureNotify) (void (*) (void)) binding_free,
                         0);

  /* The keyboard goes to the text, not to the frame around it: a focused frame takes no
   * typing, and Tab from it went past the text. */
  gtk_widget_set_focusable (frame, FALSE);
  gtk_scrolled_window_set_policy (
      GTK_SCROLLED_WINDOW (frame), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (frame), 90);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (frame), 260);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (frame), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (frame), view);
  gtk_widget_add_css_class (frame, "card");
  gtk_widget_add_css_class (frame, "form-text");
  return frame;
}

/* Choices */

static void
radio_toggled_cb (GtkCheckButton *button,
                  Binding        *binding)
{
  if (!gtk_check_button_get_active (button))
    return;
  store_string (binding, g_object_get_data (G_OBJECT (button), "value"));
  _reframe_form_view_check_safety (binding->view);
}

static GtkWidget *
option_button (const ReframeTemplateOption *option)
{
  GtkWidget *button = gtk_check_button_new_with_label (option->label);

  g_object_set_data_full (G_OBJECT (button), "value", g_strdup (option->value), g_free);
  if (option->help != NULL && *option->help != '\0')
    {
      gtk_widget_set_tooltip_text (button, option->help);
      gtk_accessible_update_property (
          GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, option->help, -1);
    }
  return button;
}

static GtkWidget *
build_single_choice (ReframeFormView            *self,
                     JsonObject                 *target,
                     const ReframeTemplateField *field)
{
  GPtrArray      *options = reframe_template_field_get_options (field);
  GtkWidget      *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  const char     *value = read_string (target, reframe_template_field_get_id (field));
  GtkCheckButton *group = NULL;

  gtk_accessible_update_property (GTK_ACCESSIBLE (box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  reframe_template_field_get_label (field),
                                  -1);
  for (guint i = 0; options != NULL && i < options->len; i++)
    {
      const ReframeTemplateOption *option = g_ptr_array_index (options, i);
      GtkWidget                   *button = option_button (option);

      if (group != NULL)
        gtk_check_button_set_group (GTK_CHECK_BUTTON (button), group);
      else
        group = GTK_CHECK_BUTTON (button);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (button),
                                   g_strcmp0 (value, option->value) == 0);
      g_signal_connect_data (button,
                             "toggled",
                             G_CALLBACK (radio_toggled_cb),
                             binding_new (self, target, field),
                             (GClosureNotify) (void (*) (void)) binding_free,
                             0);
      gtk_box_append (GTK_BOX (box), button);
    }
  return box;
}

static void
check_toggled_cb (GtkCheckButton *button,
                  Binding        *binding)
{
  GtkWidget *box = gtk_widget_get_parent (GTK_WIDGET (button));
  g_autoptr (JsonArray) values = json_array_new ();

  for (GtkWidget *child = gtk_widget_get_first_child (box); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_CHECK_BUTTON (child) && gtk_check_button_get_active (GTK_CHECK_BUTTON (child)))
      json_array_add_string_element (values, g_object_get_data (G_OBJECT (child), "value"));

  if (json_array_get_length (values) == 0)
    json_object_remove_member (binding->target, binding->key);
  else
    json_object_set_array_member (binding->target, binding->key, json_array_ref (values));
  _reframe_form_view_emit_changed (binding->view, binding->key);
}

static gboolean
array_has_string (JsonArray  *array,
                  const char *value)
{
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    if (g_strcmp0 (json_array_get_string_element (array, i), value) == 0)
      return TRUE;
  return FALSE;
}

JsonArray *
_reframe_form_view_read_array (JsonObject *target,
                               const char *key)
{
  JsonNode *node = json_object_get_member (target, key);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static GtkWidget *
build_multiple_choice (ReframeFormView            *self,
                       JsonObject                 *target,
                       const ReframeTemplateField *field)
{
  GPtrArray *options = reframe_template_field_get_options (field);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  JsonArray *chosen = _reframe_form_view_read_array (target, reframe_template_field_get_id (field));

  gtk_accessible_update_property (GTK_ACCESSIBLE (box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  reframe_template_field_get_label (field),
                                  -1);
  for (guint i = 0; options != NULL && i < options->len; i++)
    {
      const ReframeTemplateOption *option = g_ptr_array_index (options, i);
      GtkWidget                   *button = option_button (option);

      gtk_check_button_set_active (GTK_CHECK_BUTTON (button),
                                   array_has_string (chosen, option->value));
      g_signal_connect_data (button,
                             "toggled",
                             G_CALLBACK (check_toggled_cb),
                             binding_new (self, target, field),
                             (GClosureNotify) (void (*) (void)) binding_free,
                             0);
      gtk_box_append (GTK_BOX (box), button);
    }
  return box;
}

/* Sliders */

static void
scale_changed_cb (GtkRange *range,
                  Binding  *binding)
{
  json_object_set_int_member (binding->target, binding->key, (gint64) gtk_range_get_value (range));
  _reframe_form_view_emit_changed (binding->view, binding->key);
}

static GtkWidget *
new_scale (const ReframeTemplateField *field,
           int                         min,
           int                         max,
           gint64                      value,
           gboolean                    has_value)
{
  GtkWidget *scale = gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL, min, max, 1);

  gtk_scale_set_digits (GTK_SCALE (scale), 0);
  if (reframe_template_field_get_step_size (field) > 1)
    gtk_range_set_increments (GTK_RANGE (scale),
                              reframe_template_field_get_step_size (field),
                              reframe_template_field_get_step_size (field) * 2);
  /* The value rides above the knob, where nothing else is drawn. */
  gtk_scale_set_draw_value (GTK_SCALE (scale), TRUE);
  gtk_scale_set_value_pos (GTK_SCALE (scale), GTK_POS_TOP);
  gtk_range_set_value (GTK_RANGE (scale), has_value ? value : min);
  gtk_widget_set_hexpand (scale, TRUE);
  return scale;
}

static GtkWidget *
end_label (const char *text,
           float       xalign)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_label_set_justify (GTK_LABEL (label), xalign > 0.5 ? GTK_JUSTIFY_RIGHT : GTK_JUSTIFY_LEFT);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_halign (label, xalign > 0.5 ? GTK_ALIGN_END : GTK_ALIGN_START);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "caption");
  return label;
}

/* A slider with the template's words for both ends on a line of their own below it. As
 * labels of the scale's marks they were centred on the ends of the trough: they ran into
 * the value, out of the card, and their width made the window wider. */
static GtkWidget *
slider_block (const ReframeTemplateField *field,
              GtkWidget                  *scale)
{
  GtkWidget  *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  const char *min_label = reframe_template_field_get_min_label (field);
  const char *max_label = reframe_template_field_get_max_label (field);

  gtk_widget_add_css_class (box, "form-slider");
  gtk_box_append (GTK_BOX (box), scale);
  if ((min_label != NULL && *min_label != '\0') || (max_label != NULL && *max_label != '\0'))
    {
      GtkWidget *ends = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

      gtk_box_append (GTK_BOX (ends), end_label (min_label, 0));
      gtk_box_append (GTK_BOX (ends), end_label (max_label, 1));
      gtk_box_append (GTK_BOX (box), ends);
    }
  /* The scale is the field's control (reframe_form_view_get_field_widget()). */
  g_object_set_data (G_OBJECT (box), "form-control", scale);
  return box;
}

static GtkWidget *
build_slider (ReframeFormView            *self,
              JsonObject                 *target,
              const ReframeTemplateField *field)
{
  gint64     value = 0;
  gboolean   has_value = read_int (target, reframe_template_field_get_id (field), &value);
  GtkWidget *scale = new_scale (field,
                                reframe_template_field_get_min (field),
                                reframe_template_field_get_max (field),
                                value,
                                has_value);

  label_control (scale, field);
  g_signal_connect_data (scale,
                         "value-changed",
                         G_CALLBACK (scale_changed_cb),
                         binding_new (self, target, field),
                         (GClosureNotify) (void (*) (void)) binding_free,
                         0);
  return slider_block (field, scale);
}

/* Date and time */

static GDateTime *
parse_date_time (const char *text)
{
  g_autofree char *iso = g_strstrip (g_strdelimit (g_strdup (text), " ", 'T'));
  g_autoptr (GTimeZone) local = g_time_zone_new_local ();

  if (strlen (iso) == 16) /* YYYY-MM-DDTHH:MM */
    {
      g_autofree char *with_seconds = g_strconcat (iso, ":00", NULL);
      return g_date_time_new_from_iso8601 (with_seconds, local);
    }
  return g_date_time_new_from_iso8601 (iso, local);
}

static void
date_entry_changed_cb (GtkEditable *editable,
                       Binding     *binding)
{
  const char *text = gtk_editable_get_text (editable);
  g_autoptr (GDateTime) when = *text != '\0' ? parse_date_time (text) : NULL;
  GtkWidget *error = g_hash_table_lookup (binding->view->errors, binding->key);

  if (*text != '\0' && when == NULL)
    {
      /* Kept as typed in the entry, not stored, until it reads as a date. */
      gtk_widget_add_css_class (GTK_WIDGET (editable), "error");
      if (error != NULL)
        {
          gtk_label_set_label (GTK_LABEL (error),
                               _ ("Write the date and time like 2026-03-14 18:30."));
          gtk_widget_set_visible (error, TRUE);
        }
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (editable), "error");
  if (when == NULL)
    {
      store_string (binding, NULL);
      return;
    }
  {
    g_autofree char *iso = g_date_time_format_iso8601 (when);
    store_string (binding, iso);
  }
}

static void
now_clicked_cb (GtkButton *button,
                GtkEntry  *entry)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *text = g_date_time_format (now, "%Y-%m-%d %H:%M");

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

static GtkWidget *
build_date_time (ReframeFormView            *self,
                 JsonObject                 *target,
                 const ReframeTemplateField *field)
{
  GtkWidget  *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget  *entry = gtk_entry_new ();
  GtkWidget  *now = gtk_button_new_with_mnemonic (_ ("_Now"));
  const char *value = read_string (target, reframe_template_field_get_id (field));
  g_autoptr (GDateTime) when = value != NULL ? g_date_time_new_from_iso8601 (value, NULL) : NULL;

  if (when != NULL)
    {
      g_autoptr (GDateTime) local = g_date_time_to_local (when);
      g_autofree char *text = g_date_time_format (local, "%Y-%m-%d %H:%M");
      gtk_editable_set_text (GTK_EDITABLE (entry), text);
    }
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), "2026-03-14 18:30");
  gtk_widget_set_hexpand (entry, TRUE);
  label_control (entry, field);
  g_signal_connect_data (entry,
                         "changed",
                         G_CALLBACK (date_entry_changed_cb),
                         binding_new (self, target, field),
                         (GClosureNotify) (void (*) (void)) binding_free,
                         0);
  g_signal_connect (now, "clicked", G_CALLBACK (now_clicked_cb), entry);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), now);
  return box;
}

/* Repeating rows: emotions and tables */

static GtkWidget *build_control (ReframeFormView            *self,
                                 JsonObject                 *target,
                                 const ReframeTemplateField *field);

typedef struct
{
  ReframeFormView            *view;
  const ReframeTemplateField *field;
  GtkWidget                  *rows_box;
} Rows;

static JsonArray *
ensure_rows (Rows *rows)
{
  ReframeFormView *self = rows->view;
  const char      *id = reframe_template_field_get_id (rows->field);
  JsonArray       *array = _reframe_form_view_read_array (self->answers, id);

  if (array == NULL)
    {
      json_object_set_array_member (self->answers, id, json_array_new ());
      array = _reframe_form_view_read_array (self->answers, id);
    }
  return array;
}

static void add_row_widget (Rows       *rows,
                            JsonObject *row);

static void
remove_row_clicked_cb (GtkButton *button,
                       Rows      *rows)
{
  GtkWidget  *row_widget = g_object_get_data (G_OBJECT (button), "row-widget");
  JsonObject *row = g_object_get_data (G_OBJECT (button), "row");
  JsonArray  *array = ensure_rows (rows);
  const char *id = reframe_template_field_get_id (rows->field);

  for (guint i = 0; i < json_array_get_length (array); i++)
    if (json_array_get_object_element (array, i) == row)
      {
        json_array_remove_element (array, i);
        break;
      }
  if (json_array_get_length (array) == 0)
    json_object_remove_member (rows->view->answers, id);
  gtk_box_remove (GTK_BOX (rows->rows_box), row_widget);
  /* The button that had the keyboard is gone: it goes to the one that adds a row. */
  gtk_widget_grab_focus (gtk_widget_get_next_sibling (rows->rows_box));
  _reframe_form_view_emit_changed (rows->view, id);
}

static GPtrArray *
row_cells (const ReframeTemplateField *field)
{
  return reframe_template_field_get_columns (field);
}

/* One feeling: its name and how strong it is (0–100). Its "after" rating is asked on the
 * step that re-rates it (the thought record's "rate again"). */
static void
add_emotion_cells (Rows       *rows,
                   GtkWidget  *card,
                   JsonObject *row)
{
  const ReframeTemplateField *field = rows->field;
  GtkWidget                  *name = gtk_entry_new ();
  const char                 *value = read_string (row, "name");
  static const struct
  {
    const char *key;
    const char *label;
  } ratings[] = {
    { "before", N_ ("How strong, 0–100") },
  };

  if (value != NULL)
    gtk_editable_set_text (GTK_EDITABLE (name), value);
  gtk_entry_set_placeholder_text (GTK_ENTRY (name),
                                  _ ("A feeling in one word: sad, anxious, ashamed…"));
  gtk_accessible_update_property (
      GTK_ACCESSIBLE (name), GTK_ACCESSIBLE_PROPERTY_LABEL, _ ("Feeling"), -1);
  g_signal_connect_data (name,
                         "changed",
                         G_CALLBACK (entry_changed_cb),
                         binding_new_key (rows->view, row, "name"),
                         (GClosureNotify) (void (*) (void)) binding_free,
                         0);
  gtk_box_append (GTK_BOX (card), name);

  for (guint i = 0; i < G_N_ELEMENTS (ratings); i++)
    {
      GtkWidget *line = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      GtkWidget *label = gtk_label_new (_ (ratings[i].label));
      gint64     rating = 0;
      gboolean   has_rating = read_int (row, ratings[i].key, &rating);
      GtkWidget *scale;

      scale = new_scale (field, 0, 100, rating, has_rating);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "caption-heading");
      gtk_accessible_update_property (
          GTK_ACCESSIBLE (scale), GTK_ACCESSIBLE_PROPERTY_LABEL, _ (ratings[i].label), -1);
      g_signal_connect_data (scale,
                             "value-changed",
                             G_CALLBACK (scale_changed_cb),
                             binding_new_key (rows->view, row, ratings[i].key),
                             (GClosureNotify) (void (*) (void)) binding_free,
                             0);
      gtk_box_append (GTK_BOX (line), label);
      gtk_box_append (GTK_BOX (line), slider_block (field, scale));
      gtk_box_append (GTK_BOX (card), line);
    }
}

static void
add_row_widget (Rows       *rows,
                JsonObject *row)
{
  GtkWidget       *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget       *remove = gtk_button_new_with_label (_ ("Remove"));
  GPtrArray       *cells = row_cells (rows->field);
  g_autofree char *remove_name = g_strdup_printf (_ ("Remove this row of “%s”"),
                                                  reframe_template_field_get_label (rows->field));

  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "form-row");
  if (reframe_template_field_get_field_type (rows->field) == REFRAME_FIELD_EMOTIONS)
    {
      add_emotion_cells (rows, card, row);
      cells = NULL;
    }
  for (guint i = 0; cells != NULL && i < cells->len; i++)
    {
      const ReframeTemplateField *cell = g_ptr_array_index (cells, i);
      GtkWidget                  *cell_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      GtkWidget                  *label = gtk_label_new (reframe_template_field_get_label (cell));

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "caption-heading");
      gtk_box_append (GTK_BOX (cell_box), label);
      gtk_box_append (GTK_BOX (cell_box), build_control (rows->view, row, cell));
      gtk_box_append (GTK_BOX (card), cell_box);
    }

  /* No mnemonic: every row has one, and a mnemonic button is named by its label alone
   * (reframe-accessible.c), which would lose which row it removes. */
  gtk_widget_set_halign (remove, GTK_ALIGN_END);
  gtk_widget_add_css_class (remove, "flat");
  gtk_accessible_update_property (
      GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, remove_name, -1);
  g_object_set_data (G_OBJECT (remove), "row-widget", card);
  g_object_set_data_full (
      G_OBJECT (remove), "row", json_object_ref (row), (GDestroyNotify) json_object_unref);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_row_clicked_cb), rows);
  gtk_box_append (GTK_BOX (card), remove);
  gtk_box_append (GTK_BOX (rows->rows_box), card);
}

static void
add_row_clicked_cb (GtkButton *button,
                    Rows      *rows)
{
  JsonArray  *array = ensure_rows (rows);
  JsonObject *row = json_object_new ();

  json_array_add_object_element (array, row);
  add_row_widget (rows, row);
  /* The new row is what the person fills in next: the keyboard goes there. */
  _reframe_form_view_focus_first_control (gtk_widget_get_last_child (rows->rows_box));
  _reframe_form_view_emit_changed (rows->view, reframe_template_field_get_id (rows->field));
}

static GtkWidget *
build_rows (ReframeFormView            *self,
            const ReframeTemplateField *field)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  Rows      *rows = g_new0 (Rows, 1);
  JsonArray *existing =
      _reframe_form_view_read_array (self->answers, reframe_template_field_get_id (field));
  GtkWidget *add = gtk_button_new_with_mnemonic (
      reframe_template_field_get_field_type (field) == REFRAME_FIELD_EMOTIONS ? _ ("_Add a Feeling")
                                                                              : _ ("_Add a Row"));

  rows->view = self;
  rows->field = field;
  rows->rows_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  g_object_set_data_full (G_OBJECT (box), "rows", rows, g_free);
  gtk_accessible_update_property (GTK_ACCESSIBLE (rows->rows_box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  reframe_template_field_get_label (field),
                                  -1);

  for (guint i = 0; existing != NULL && i < json_array_get_length (existing); i++)
    add_row_widget (rows, json_array_get_object_element (existing, i));

  gtk_widget_set_halign (add, GTK_ALIGN_START);
  g_signal_connect (add, "clicked", G_CALLBACK (add_row_clicked_cb), rows);
  gtk_box_append (GTK_BOX (box), rows->rows_box);
  gtk_box_append (GTK_BOX (box), add);
  return box;
}

static GtkWidget *
build_control (ReframeFormView            *self,
               JsonObject                 *target,
               const ReframeTemplateField *field)
{
  switch (reframe_template_field_get_field_type (field))
    {
    case REFRAME_FIELD_SHORT_TEXT:
      return build_short_text (self, target, field);
    case REFRAME_FIELD_LONG_TEXT:
      return build_long_text (self, target, field);
    case REFRAME_FIELD_SINGLE_CHOICE:
      return build_single_choice (self, target, field);
    case REFRAME_FIELD_MULTIPLE_CHOICE:
      return build_multiple_choice (self, target, field);
    case REFRAME_FIELD_SLIDER:
      return build_slider (self, target, field);
    case REFRAME_FIELD_DATE_TIME:
      return build_date_time (self, target, field);
    case REFRAME_FIELD_EMOTIONS:
    case REFRAME_FIELD_TABLE:
      /* Repeating rows live at the top level of the answers. */
      return build_rows (self, field);
    default:
      return gtk_label_new (NULL);
    }
}

/* What a builder made may wrap the control itself (a slider with its end labels). */
static GtkWidget *
main_control (GtkWidget *built)
{
  GtkWidget *control = g_object_get_data (G_OBJECT (built), "form-control");

  return control != NULL ? control : built;
}

/* A note under a field the companion filled in, seen and heard: the person reads and
 * changes it before it is theirs. */
static void
mark_suggested (ReframeFormView *self,
                GtkWidget       *box,
                GtkWidget       *control)
{
  GtkWidget *note = gtk_label_new (_ ("Suggested by the companion"));

  gtk_label_set_xalign (GTK_LABEL (note), 0);
  gtk_widget_add_css_class (note, "dim-label");
  gtk_widget_add_css_class (note, "caption");
  gtk_widget_add_css_class (note, "suggested-note");
  gtk_box_insert_child_after (GTK_BOX (box), note, gtk_widget_get_first_child (box));
  gtk_accessible_update_property (GTK_ACCESSIBLE (control),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _ ("Suggested by the companion"),
                                  -1);
  g_ptr_array_add (self->notes, note);
}

GtkWidget *
_reframe_form_view_build_field (ReframeFormView            *self,
                                const ReframeTemplateField *field)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *control = build_control (self, self->answers, field);
  GtkWidget *error = gtk_label_new (_ ("This one is needed to finish."));

  gtk_widget_add_css_class (box, "form-field");
  gtk_box_append (GTK_BOX (box), field_heading (field));
  gtk_box_append (GTK_BOX (box), control);

  gtk_label_set_xalign (GTK_LABEL (error), 0);
  gtk_label_set_wrap (GTK_LABEL (error), TRUE);
  gtk_widget_add_css_class (error, "error");
  gtk_widget_set_visible (error, FALSE);
  gtk_box_append (GTK_BOX (box), error);

  g_hash_table_insert (self->errors, g_strdup (reframe_template_field_get_id (field)), error);
  g_hash_table_insert (
      self->widgets, g_strdup (reframe_template_field_get_id (field)), main_control (control));
  if (self->suggested != NULL &&
      g_hash_table_contains (self->suggested, reframe_template_field_get_id (field)))
    mark_suggested (self, box, main_control (control));
  return box;
}

/* Re-rating */

/**
 * _reframe_form_view_add_rerate_row:
 * @self: the form
 * @rows: where the feeling goes
 * @field: the emotions field it was named in
 * @row: the feeling, as the answers hold it; its "after" rating is written there
 *
 * One feeling named earlier, with how strong it was then and a slider for now.
 */
void
_reframe_form_view_add_rerate_row (ReframeFormView            *self,
                                   GtkBox                     *rows,
                                   const ReframeTemplateField *field,
                                   JsonObject                 *row)
{
  gint64      before = 0, after = 0;
  gboolean    has_before = read_int (row, "before", &before);
  gboolean    has_after = read_int (row, "after", &after);
  const char *name = read_string (row, "name");
  /* Translators: an emotion being re-rated and its first rating, as in "sad — was 80" */
  g_autofree char *title =
      has_before ? g_strdup_printf (_ ("%s — was %d"), name != NULL ? name : "…", (int) before)
                 : g_strdup (name != NULL ? name : "…");
  GtkWidget       *label = gtk_label_new (title);
  GtkWidget       *scale = new_scale (field, 0, 100, after, has_after);
  g_autofree char *accessible =
      g_strdup_printf (_ ("How strong is %s now"), name != NULL ? name : "");

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (label, "heading");
  gtk_accessible_update_property (
      GTK_ACCESSIBLE (scale), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_signal_connect_data (scale,
                         "value-changed",
                         G_CALLBACK (scale_changed_cb),
                         binding_new_key (self, row, "after"),
                         (GClosureNotify) (void (*) (void)) binding_free,
                         0);
  gtk_box_append (rows, label);
  gtk_box_append (rows, slider_block (field, scale));
}
