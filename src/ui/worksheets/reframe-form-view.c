/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-form-view.c: builds the editor for any template.
 *
 * Worksheets are data (DESIGN.md 4): this one widget turns a template's steps and fields
 * into controls and keeps the answers in a JsonObject keyed by field id, the form the
 * store saves. The controls come from the field builders (reframe-form-fields.c); this
 * file lays them out. Steps are sections of one column (reframe-form-view.ui): step by
 * step shows one at a time with its progress; the whole form shows them all. */

#define G_LOG_DOMAIN "ReframeFormView"

#include "config.h"

#include <glib/gi18n.h>

#include "reframe-form-view-private.h"
#include "reframe-questionnaire-score.h"

G_DEFINE_FINAL_TYPE (ReframeFormView, reframe_form_view, GTK_TYPE_WIDGET)

enum
{
  SIGNAL_CHANGED,
  SIGNAL_SAFETY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum
{
  PROP_0,
  PROP_STEP,
  PROP_N_STEPS,
  PROP_WHOLE_FORM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  char     *field_id;
  GtkLabel *label;
} ContextView;

typedef struct
{
  char      *field_id;
  GtkWidget *rows;
} RerateView;

static void
context_view_free (gpointer data)
{
  ContextView *context = data;

  g_free (context->field_id);
  g_free (context);
}

static void
rerate_view_free (gpointer data)
{
  RerateView *rerate = data;

  g_free (rerate->field_id);
  g_free (rerate);
}

void
_reframe_form_view_emit_changed (ReframeFormView *self,
                                 const char      *field_id)
{
  GtkWidget *error = g_hash_table_lookup (self->errors, field_id);

  if (error != NULL)
    gtk_widget_set_visible (error, FALSE);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

/* Questionnaire safety rules are checked as each answer is given, not at the end. */
void
_reframe_form_view_check_safety (ReframeFormView *self)
{
  const char *field_id = NULL;

  if (reframe_template_check_safety (self->template, self->answers, &field_id))
    g_signal_emit (self, signals[SIGNAL_SAFETY], 0, field_id);
}

/* Steps */

/* What an earlier answer says, as plain text, to show beside the later steps. */
static char *
describe_answer (ReframeFormView *self,
                 const char      *field_id)
{
  JsonNode *node = json_object_get_member (self->answers, field_id);
  g_autoptr (GString) text = g_string_new (NULL);

  if (node == NULL)
    return g_strdup (_ ("Not written yet."));
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        return g_strdup (json_node_get_string (node));
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (text->len > 0)
            g_string_append (text, "\n");
          if (JSON_NODE_HOLDS_OBJECT (element))
            {
              JsonObject *row = json_node_get_object (element);
              g_autoptr (GList) members = json_object_get_members (row);

              for (GList *l = members; l != NULL; l = l->next)
                {
                  JsonNode *cell = json_object_get_member (row, l->data);

                  if (!JSON_NODE_HOLDS_VALUE (cell))
                    continue;
                  if (l != members)
                    g_string_append (text, " · ");
                  if (json_node_get_value_type (cell) == G_TYPE_STRING)
                    g_string_append (text, json_node_get_string (cell));
                  else
                    g_string_append_printf (text, "%" G_GINT64_FORMAT, json_node_get_int (cell));
                }
            }
          else if (JSON_NODE_HOLDS_VALUE (element))
            g_string_append (text, json_node_get_string (element));
        }
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static GtkWidget *
build_context (ReframeFormView           *self,
               const ReframeTemplateStep *step)
{
  const char *const *context = reframe_template_step_get_context (step);
  GtkWidget         *card;

  if (context == NULL || context[0] == NULL)
    return NULL;

  card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "form-context");
  for (guint i = 0; context[i] != NULL; i++)
    {
      const ReframeTemplateField *field =
          reframe_template_lookup_field (self->template, context[i]);
      GtkWidget *title =
          gtk_label_new (field != NULL ? reframe_template_field_get_label (field) : context[i]);
      GtkWidget   *value = gtk_label_new (NULL);
      ContextView *view = g_new0 (ContextView, 1);

      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_label_set_wrap (GTK_LABEL (title), TRUE);
      gtk_widget_add_css_class (title, "caption-heading");
      gtk_label_set_xalign (GTK_LABEL (value), 0);
      gtk_label_set_wrap (GTK_LABEL (value), TRUE);
      gtk_label_set_selectable (GTK_LABEL (value), TRUE);
      gtk_box_append (GTK_BOX (card), title);
      gtk_box_append (GTK_BOX (card), value);

      view->field_id = g_strdup (context[i]);
      view->label = GTK_LABEL (value);
      g_ptr_array_add (self->context_views, view);
    }
  return card;
}

static void
add_rerate (ReframeFormView           *self,
            const ReframeTemplateStep *step,
            GtkBox                    *box)
{
  const char *const *rerate = reframe_template_step_get_rerate (step);

  for (guint i = 0; rerate != NULL && rerate[i] != NULL; i++)
    {
      RerateView *view = g_new0 (RerateView, 1);
      GtkWidget  *rows = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);

      gtk_widget_add_css_class (rows, "card");
      gtk_widget_add_css_class (rows, "form-row");
      view->field_id = g_strdup (rerate[i]);
      view->rows = rows;
      g_ptr_array_add (self->rerate_views, view);
      gtk_box_append (box, rows);
    }
}

/* Each feeling named earlier, with how strong it was then and a slider for now. */
static void
refresh_rerate (ReframeFormView *self)
{
  for (guint i = 0; i < self->rerate_views->len; i++)
    {
      RerateView                 *view = g_ptr_array_index (self->rerate_views, i);
      GtkWidget                  *rows = view->rows;
      const ReframeTemplateField *field =
          reframe_template_lookup_field (self->template, view->field_id);
      JsonArray *array = _reframe_form_view_read_array (self->answers, view->field_id);
      GtkWidget *child;

      while ((child = gtk_widget_get_first_child (rows)) != NULL)
        gtk_box_remove (GTK_BOX (rows), child);
      gtk_widget_set_visible (rows, array != NULL && json_array_get_length (array) > 0);

      for (guint j = 0; array != NULL && field != NULL && j < json_array_get_length (array); j++)
        _reframe_form_view_add_rerate_row (
            self, GTK_BOX (rows), field, json_array_get_object_element (array, j));
    }
}

static GtkWidget *
build_step (ReframeFormView           *self,
            const ReframeTemplateStep *step)
{
  GtkWidget  *clamp = adw_clamp_new ();
  GtkWidget  *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget  *title = gtk_label_new (reframe_template_step_get_title (step));
  GtkWidget  *guidance = gtk_label_new (reframe_template_step_get_guidance (step));
  const char *example = reframe_template_step_get_example (step);
  GtkWidget  *context = build_context (self, step);
  GPtrArray  *fields = reframe_template_step_get_fields (step);

  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "title-2");
  gtk_label_set_wrap (GTK_LABEL (guidance), TRUE);
  gtk_label_set_xalign (GTK_LABEL (guidance), 0);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), guidance);

  if (example != NULL && *example != '\0')
    {
      GtkWidget *expander = gtk_expander_new_with_mnemonic (_ ("See an _example"));
      GtkWidget *text = gtk_label_new (example);

      /* GTK 4.8 names an expander after its class, not its label. */
      gtk_accessible_update_property (
          GTK_ACCESSIBLE (expander), GTK_ACCESSIBLE_PROPERTY_LABEL, _ ("See an example"), -1);

      gtk_label_set_wrap (GTK_LABEL (text), TRUE);
      gtk_label_set_xalign (GTK_LABEL (text), 0);
      gtk_widget_add_css_class (text, "dim-label");
      gtk_widget_set_margin_top (text, 6);
      gtk_expander_set_child (GTK_EXPANDER (expander), text);
      gtk_box_append (GTK_BOX (box), expander);
    }

  if (context != NULL)
    gtk_box_append (GTK_BOX (box), context);
  add_rerate (self, step, GTK_BOX (box));

  for (guint i = 0; fields != NULL && i < fields->len; i++)
    gtk_box_append (GTK_BOX (box),
                    _reframe_form_view_build_field (self, g_ptr_array_index (fields, i)));

  gtk_widget_add_css_class (box, "form-step");
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 640);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  return clamp;
}

static void
refresh_context (ReframeFormView *self)
{
  for (guint i = 0; i < self->context_views->len; i++)
    {
      ContextView     *view = g_ptr_array_index (self->context_views, i);
      g_autofree char *text = describe_answer (self, view->field_id);

      gtk_label_set_label (view->label, text);
    }
}

/* A step's controls are made when it is first shown: opening a long worksheet costs what
 * its first step costs. */
static void
ensure_section (ReframeFormView *self,
                guint            index)
{
  GtkWidget *section = g_ptr_array_index (self->sections, index);
  GPtrArray *steps = reframe_template_get_steps (self->template);

  if (gtk_widget_get_first_child (section) != NULL)
    return;
  gtk_box_append (GTK_BOX (section), build_step (self, g_ptr_array_index (steps, index)));
}

static void
ensure_all_sections (ReframeFormView *self)
{
  for (guint i = 0; i < self->sections->len; i++)
    ensure_section (self, i);
}

static void
update_steps (ReframeFormView *self)
{
  guint            n = self->sections->len;
  g_autofree char *label = NULL;

  for (guint i = 0; i < n; i++)
    {
      gboolean visible = self->whole_form || i == self->step;

      if (visible)
        ensure_section (self, i);
      gtk_widget_set_visible (g_ptr_array_index (self->sections, i), visible);
    }

  /* Translators: progress through a worksheet, e.g. "Step 2 of 5" */
  label = g_strdup_printf (_ ("Step %u of %u"), self->step + 1, n);
  gtk_label_set_label (self->step_label, label);
  gtk_progress_bar_set_fraction (self->progress, n > 0 ? (double) (self->step + 1) / n : 1.0);
  gtk_widget_set_visible (self->progress_box, !self->whole_form && n > 1);
  gtk_widget_set_sensitive (self->back_button, self->step > 0);
  gtk_widget_set_sensitive (self->next_button, self->step + 1 < n);
  refresh_context (self);
  refresh_rerate (self);
}

static void
back_clicked_cb (ReframeFormView *self)
{
  if (self->step > 0)
    reframe_form_view_set_step (self, self->step - 1);
}

static void
next_clicked_cb (ReframeFormView *self)
{
  reframe_form_view_set_step (self, self->step + 1);
}

static void
reframe_form_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  ReframeFormView *self = REFRAME_FORM_VIEW (object);

  switch (prop_id)
    {
    case PROP_STEP:
      g_value_set_uint (value, self->step);
      break;

    case PROP_N_STEPS:
      g_value_set_uint (value, self->sections->len);
      break;

    case PROP_WHOLE_FORM:
      g_value_set_boolean (value, self->whole_form);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reframe_form_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  ReframeFormView *self = REFRAME_FORM_VIEW (object);

  switch (prop_id)
    {
    case PROP_STEP:
      reframe_form_view_set_step (self, g_value_get_uint (value));
      break;

    case PROP_WHOLE_FORM:
      reframe_form_view_set_whole_form (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reframe_form_view_dispose (GObject *object)
{
  ReframeFormView *self = REFRAME_FORM_VIEW (object);
  GtkWidget       *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), REFRAME_TYPE_FORM_VIEW);
  /* The column is not a template child: a GtkWidget lets go of its children itself. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->sections, g_ptr_array_unref);
  g_clear_pointer (&self->context_views, g_ptr_array_unref);
  g_clear_pointer (&self->rerate_views, g_ptr_array_unref);
  g_clear_pointer (&self->errors, g_hash_table_unref);
  g_clear_pointer (&self->widgets, g_hash_table_unref);
  g_clear_pointer (&self->suggested, g_hash_table_unref);
  g_clear_pointer (&self->notes, g_ptr_array_unref);
  g_clear_pointer (&self->answers, json_object_unref);
  g_clear_object (&self->template);

  G_OBJECT_CLASS (reframe_form_view_parent_class)->dispose (object);
}

static void
reframe_form_view_class_init (ReframeFormViewClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = reframe_form_view_dispose;
  object_class->get_property = reframe_form_view_get_property;
  object_class->set_property = reframe_form_view_set_property;

  /**
   * ReframeFormView:step:
   *
   * The step shown, counted from 0 (in the whole form, the one the progress stays at).
   */
  properties[PROP_STEP] =
      g_param_spec_uint ("step",
                         NULL,
                         NULL,
                         0,
                         G_MAXUINT,
                         0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ReframeFormView:n-steps:
   *
   * How many steps the template has.
   */
  properties[PROP_N_STEPS] = g_param_spec_uint (
      "n-steps", NULL, NULL, 0, G_MAXUINT, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * ReframeFormView:whole-form:
   *
   * Whether every step shows at once, rather than one at a time with its progress.
   */
  properties[PROP_WHOLE_FORM] =
      g_param_spec_boolean ("whole-form",
                            NULL,
                            NULL,
                            FALSE,
                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * ReframeFormView::changed:
   *
   * An answer changed; the answers object already holds it.
   */
  signals[SIGNAL_CHANGED] = g_signal_new (
      "changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * ReframeFormView::safety:
   * @field_id: the item whose answer met the template's safety rule
   *
   * Show the crisis sheet now, before anything else.
   */
  signals[SIGNAL_SAFETY] = g_signal_new ("safety",
                                         G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST,
                                         0,
                                         NULL,
                                         NULL,
                                         NULL,
                                         G_TYPE_NONE,
                                         1,
                                         G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "formview");

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/reframe-form-view.ui");
  gtk_widget_class_bind_template_child (widget_class, ReframeFormView, scroller);
  gtk_widget_class_bind_template_child (widget_class, ReframeFormView, steps_box);
  gtk_widget_class_bind_template_child (widget_class, ReframeFormView, progress_box);
  gtk_widget_class_bind_template_child (widget_class, ReframeFormView, progress);
  gtk_widget_class_bind_template_child (widget_class, ReframeFormView, step_label);
  gtk_widget_class_bind_template_child (widget_class, ReframeFormView, back_button);
  gtk_widget_class_bind_template_child (widget_class, ReframeFormView, next_button);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, next_clicked_cb);
}

static void
reframe_form_view_init (ReframeFormView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->sections = g_ptr_array_new ();
  self->context_views = g_ptr_array_new_with_free_func (context_view_free);
  self->rerate_views = g_ptr_array_new_with_free_func (rerate_view_free);
  self->errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->widgets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->notes = g_ptr_array_new ();
}

/* One empty section per step, filled when the step first shows. */
static void
build (ReframeFormView *self)
{
  GPtrArray *steps = reframe_template_get_steps (self->template);

  for (guint i = 0; steps != NULL && i < steps->len; i++)
    {
      GtkWidget *section = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

      g_ptr_array_add (self->sections, section);
      gtk_box_append (GTK_BOX (self->steps_box), section);
    }
  update_steps (self);
}

/**
 * reframe_form_view_new:
 * @template: the template to build the form of
 * @answers: (nullable): answers to start from (a draft, or a completed worksheet); kept
 *   and changed in place
 *
 * Returns: (transfer floating): the form
 */
GtkWidget *
reframe_form_view_new (ReframeTemplate *template,
                       JsonObject *answers)
{
  ReframeFormView *self;

  g_return_val_if_fail (REFRAME_IS_TEMPLATE (template), NULL);

  self = g_object_new (REFRAME_TYPE_FORM_VIEW, NULL);
  self->template = g_object_ref (template);
  self->answers = answers != NULL ? json_object_ref (answers) : json_object_new ();
  build (self);

  return GTK_WIDGET (self);
}

ReframeTemplate *
reframe_form_view_get_template (ReframeFormView *self)
{
  g_return_val_if_fail (REFRAME_IS_FORM_VIEW (self), NULL);

  return self->template;
}

/**
 * reframe_form_view_get_answers:
 * @self: a form
 *
 * Returns: (transfer none): the answers as they are now
 */
JsonObject *
reframe_form_view_get_answers (ReframeFormView *self)
{
  g_return_val_if_fail (REFRAME_IS_FORM_VIEW (self), NULL);

  return self->answers;
}

guint
reframe_form_view_get_n_steps (ReframeFormView *self)
{
  g_return_val_if_fail (REFRAME_IS_FORM_VIEW (self), 0);

  return self->sections->len;
}

guint
reframe_form_view_get_step (ReframeFormView *self)
{
  g_return_val_if_fail (REFRAME_IS_FORM_VIEW (self), 0);

  return self->step;
}

/**
 * reframe_form_view_focus_step:
 * @self: a form
 *
 * Puts the keyboard focus in the first field of the step shown, so that typing starts
 * the answer.
 */
void
reframe_form_view_focus_step (ReframeFormView *self)
{
  GPtrArray *steps;
  GPtrArray *fields;
  GtkWidget *control;

  g_return_if_fail (REFRAME_IS_FORM_VIEW (self));

  steps = reframe_template_get_steps (self->template);
  if (self->step >= steps->len)
    return;
  fields = reframe_template_step_get_fields (g_ptr_array_index (steps, self->step));
  if (fields->len == 0)
    return;
  ensure_section (self, self->step);
  control = g_hash_table_lookup (self->widgets,
                                 reframe_template_field_get_id (g_ptr_array_index (fields, 0)));
  if (control != NULL)
    _reframe_form_view_focus_first_control (control);
}

void
reframe_form_view_set_step (ReframeFormView *self,
                            guint            step)
{
  GtkAdjustment *adjustment;
  gboolean       changed;

  g_return_if_fail (REFRAME_IS_FORM_VIEW (self));

  if (step >= self->sections->len)
    return;
  /* Shown again even when it is the same step: the person asked to see it. */
  changed = self->step != step;
  self->step = step;
  update_steps (self);
  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);

  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller));
  if (!self->whole_form)
    {
      gtk_adjustment_set_value (adjustment, 0);
      reframe_form_view_focus_step (self);
    }
}

gboolean
reframe_form_view_get_whole_form (ReframeFormView *self)
{
  g_return_val_if_fail (REFRAME_IS_FORM_VIEW (self), FALSE);

  return self->whole_form;
}

void
reframe_form_view_set_whole_form (ReframeFormView *self,
                                  gboolean         whole_form)
{
  gboolean changed;

  g_return_if_fail (REFRAME_IS_FORM_VIEW (self));

  changed = self->whole_form != whole_form;
  self->whole_form = whole_form;
  update_steps (self);
  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WHOLE_FORM]);
}

/**
 * reframe_form_view_validate:
 * @self: a form
 *
 * Shows which required fields are still empty, and goes to the first one.
 *
 * Returns: %TRUE when every required field has an answer
 */
gboolean
reframe_form_view_validate (ReframeFormView *self)
{
  g_autoptr (GPtrArray) missing = NULL;
  GPtrArray *steps;

  g_return_val_if_fail (REFRAME_IS_FORM_VIEW (self), FALSE);

  if (reframe_template_validate_answers (self->template, self->answers, &missing))
    return TRUE;

  ensure_all_sections (self);

  for (guint i = 0; missing != NULL && i < missing->len; i++)
    {
      GtkWidget *error = g_hash_table_lookup (self->errors, g_ptr_array_index (missing, i));

      if (error != NULL)
        gtk_widget_set_visible (error, TRUE);
    }

  /* Go to the step of the first missing field. */
  steps = reframe_template_get_steps (self->template);
  for (guint i = 0; missing != NULL && missing->len > 0 && i < steps->len; i++)
    {
      GPtrArray *fields = reframe_template_step_get_fields (g_ptr_array_index (steps, i));

      for (guint j = 0; j < fields->len; j++)
        if (g_str_equal (reframe_template_field_get_id (g_ptr_array_index (fields, j)),
                         g_ptr_array_index (missing, 0)))
          {
            reframe_form_view_set_step (self, i);
            return FALSE;
          }
    }
  return FALSE;
}

/**
 * reframe_form_view_get_field_widget:
 * @self: a form
 * @field_id: a top-level field of the template
 *
 * Returns: (transfer none) (nullable): the control of @field_id, for tests
 */
GtkWidget *
reframe_form_view_get_field_widget (ReframeFormView *self,
                                    const char      *field_id)
{
  g_return_val_if_fail (REFRAME_IS_FORM_VIEW (self), NULL);

  ensure_all_sections (self);
  return g_hash_table_lookup (self->widgets, field_id);
}

/**
 * _reframe_form_view_new_suggested:
 * @template: the template to build the form of
 * @answers: answers the companion suggested, kept and changed in place
 *
 * A form whose answered fields each say, on screen and to a screen reader, that the
 * companion suggested them.
 *
 * Returns: (transfer floating): the form
 */
GtkWidget *
_reframe_form_view_new_suggested (ReframeTemplate *template,
                                  JsonObject *answers)
{
  ReframeFormView *self;
  JsonObjectIter   iter;
  const char      *id;

  g_return_val_if_fail (REFRAME_IS_TEMPLATE (template), NULL);
  g_return_val_if_fail (answers != NULL, NULL);

  self = g_object_new (REFRAME_TYPE_FORM_VIEW, NULL);
  self->template = g_object_ref (template);
  self->answers = json_object_ref (answers);
  self->suggested = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  json_object_iter_init (&iter, answers);
  while (json_object_iter_next (&iter, &id, NULL))
    g_hash_table_add (self->suggested, g_strdup (id));
  build (self);

  return GTK_WIDGET (self);
}

/* Returns: how many "Suggested by the companion" notes show. */
guint
_reframe_form_view_get_n_suggested (ReframeFormView *self)
{
  guint n = 0;

  g_return_val_if_fail (REFRAME_IS_FORM_VIEW (self), 0);

  for (guint i = 0; i < self->notes->len; i++)
    n += gtk_widget_get_visible (g_ptr_array_index (self->notes, i));
  return n;
}

/* The person kept the suggestions: they are theirs now, and no longer marked. */
void
_reframe_form_view_clear_suggested (ReframeFormView *self)
{
  g_return_if_fail (REFRAME_IS_FORM_VIEW (self));

  g_clear_pointer (&self->suggested, g_hash_table_unref);
  for (guint i = 0; i < self->notes->len; i++)
    gtk_widget_set_visible (g_ptr_array_index (self->notes, i), FALSE);
}
