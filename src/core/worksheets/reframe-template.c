/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-template.c: a worksheet or questionnaire template, read-only once loaded.
 *
 * A template is parsed and checked once (reframe-template-parser.c) and never changes, so
 * one object is shared by every page and worksheet that shows it. Fields and steps are
 * reference-counted boxes for the same reason: handing one to a widget costs a ref.
 */

#define G_LOG_DOMAIN "ReframeTemplate"

#include "config.h"

#include "reframe-i18n.h"
#include <string.h>

#include "reframe-template-private.h"

struct _ReframeTemplate
{
  GObject parent_instance;

  gboolean builtin;

  /* Owned */
  ReframeTemplateData *data;
  GBytes              *bytes; /* the file as written, for export */
};

G_DEFINE_FINAL_TYPE (ReframeTemplate, reframe_template, G_TYPE_OBJECT)

G_DEFINE_QUARK (reframe - template - error - quark, reframe_template_error)

G_DEFINE_BOXED_TYPE (ReframeTemplateOption,
                     reframe_template_option,
                     reframe_template_option_copy,
                     reframe_template_option_free)
G_DEFINE_BOXED_TYPE (ReframeTemplateBand,
                     reframe_template_band,
                     reframe_template_band_copy,
                     reframe_template_band_free)
G_DEFINE_BOXED_TYPE (ReframeTemplateField,
                     reframe_template_field,
                     reframe_template_field_ref,
                     reframe_template_field_unref)
G_DEFINE_BOXED_TYPE (ReframeTemplateStep,
                     reframe_template_step,
                     reframe_template_step_ref,
                     reframe_template_step_unref)

/* Options and bands */

ReframeTemplateOption *
reframe_template_option_copy (const ReframeTemplateOption *option)
{
  ReframeTemplateOption *copy = g_new0 (ReframeTemplateOption, 1);

  copy->value = g_strdup (option->value);
  copy->label = g_strdup (option->label);
  copy->help = g_strdup (option->help);
  copy->score = option->score;
  copy->scored = option->scored;
  return copy;
}

void
reframe_template_option_free (ReframeTemplateOption *option)
{
  if (option == NULL)
    return;
  g_free (option->value);
  g_free (option->label);
  g_free (option->help);
  g_free (option);
}

ReframeTemplateBand *
reframe_template_band_copy (const ReframeTemplateBand *band)
{
  ReframeTemplateBand *copy = g_new0 (ReframeTemplateBand, 1);

  copy->min = band->min;
  copy->max = band->max;
  copy->label = g_strdup (band->label);
  return copy;
}

void
reframe_template_band_free (ReframeTemplateBand *band)
{
  if (band == NULL)
    return;
  g_free (band->label);
  g_free (band);
}

/* Fields */

ReframeTemplateField *
reframe_template_field_ref (ReframeTemplateField *field)
{
  return g_rc_box_acquire (field);
}

static void
field_clear (ReframeTemplateField *field)
{
  g_free (field->id);
  g_free (field->label);
  g_free (field->help);
  g_free (field->placeholder);
  g_free (field->min_label);
  g_free (field->max_label);
  g_clear_pointer (&field->options, g_ptr_array_unref);
  g_clear_pointer (&field->columns, g_ptr_array_unref);
}

void
reframe_template_field_unref (ReframeTemplateField *field)
{
  g_rc_box_release_full (field, (GDestroyNotify) field_clear);
}

const char *
reframe_template_field_get_id (const ReframeTemplateField *field)
{
  return field->id;
}

ReframeFieldType
reframe_template_field_get_field_type (const ReframeTemplateField *field)
{
  return field->type;
}

const char *
reframe_template_field_get_label (const ReframeTemplateField *field)
{
  return field->label;
}

/**
 * reframe_template_field_get_help:
 *
 * Returns: (nullable): a longer explanation shown under or beside the field
 */
const char *
reframe_template_field_get_help (const ReframeTemplateField *field)
{
  return field->help;
}

/**
 * reframe_template_field_get_placeholder:
 *
 * Returns: (nullable): grey text in an empty text field (for emotions, the name entry)
 */
const char *
reframe_template_field_get_placeholder (const ReframeTemplateField *field)
{
  return field->placeholder;
}

gboolean
reframe_template_field_get_required (const ReframeTemplateField *field)
{
  return field->required;
}

/**
 * reframe_template_field_get_options:
 *
 * Returns: (transfer none) (element-type ReframeTemplateOption): the choices, shared
 *   lists already resolved; empty for other field types
 */
GPtrArray *
reframe_template_field_get_options (const ReframeTemplateField *field)
{
  return field->options;
}

/**
 * reframe_template_field_lookup_option:
 * @value: an option's value, as stored in answers
 *
 * Returns: (nullable): the option, or %NULL when the field has none with that value
 */
const ReframeTemplateOption *
reframe_template_field_lookup_option (const ReframeTemplateField *field,
                                      const char                 *value)
{
  for (guint i = 0; value != NULL && i < field->options->len; i++)
    {
      const ReframeTemplateOption *option = g_ptr_array_index (field->options, i);

      if (g_str_equal (option->value, value))
        return option;
    }
  return NULL;
}

/* Sliders and emotion intensities: the lowest value. */
int
reframe_template_field_get_min (const ReframeTemplateField *field)
{
  return field->min;
}

int
reframe_template_field_get_max (const ReframeTemplateField *field)
{
  return field->max;
}

/* How far one move of a slider goes (SUDS in steps of 5); 1 unless the template says. */
int
reframe_template_field_get_step_size (const ReframeTemplateField *field)
{
  return field->step_size;
}

/**
 * reframe_template_field_get_min_label:
 *
 * Returns: (nullable): what the low end means ("no distress")
 */
const char *
reframe_template_field_get_min_label (const ReframeTemplateField *field)
{
  return field->min_label;
}

/**
 * reframe_template_field_get_max_label:
 *
 * Returns: (nullable): what the high end means ("the worst imaginable")
 */
const char *
reframe_template_field_get_max_label (const ReframeTemplateField *field)
{
  return field->max_label;
}

/* Emotions: whether each row is rated again at the end ("after"), as the thought record does. */
gboolean
reframe_template_field_get_rate_after (const ReframeTemplateField *field)
{
  return field->rate_after;
}

/**
 * reframe_template_field_get_columns:
 *
 * Returns: (transfer none) (element-type ReframeTemplateField): a table's cells, in
 *   order; empty for other field types
 */
GPtrArray *
reframe_template_field_get_columns (const ReframeTemplateField *field)
{
  return field->columns;
}

/* Steps */

ReframeTemplateStep *
reframe_template_step_ref (ReframeTemplateStep *step)
{
  return g_rc_box_acquire (step);
}

static void
step_clear (ReframeTemplateStep *step)
{
  g_free (step->title);
  g_free (step->guidance);
  g_free (step->example);
  g_clear_pointer (&step->fields, g_ptr_array_unref);
  g_clear_pointer (&step->context, g_strfreev);
  g_clear_pointer (&step->rerate, g_strfreev);
}

void
reframe_template_step_unref (ReframeTemplateStep *step)
{
  g_rc_box_release_full (step, (GDestroyNotify) step_clear);
}

const char *
reframe_template_step_get_title (const ReframeTemplateStep *step)
{
  return step->title;
}

const char *
reframe_template_step_get_guidance (const ReframeTemplateStep *step)
{
  return step->guidance;
}

/**
 * reframe_template_step_get_example:
 *
 * Returns: (nullable): a short worked example for the step
 */
const char *
reframe_template_step_get_example (const ReframeTemplateStep *step)
{
  return step->example;
}

/**
 * reframe_template_step_get_fields:
 *
 * Returns: (transfer none) (element-type ReframeTemplateField): the step's fields
 */
GPtrArray *
reframe_template_step_get_fields (const ReframeTemplateStep *step)
{
  return step->fields;
}

/**
 * reframe_template_step_get_context:
 *
 * Returns: (transfer none): ids of fields from earlier steps to show read-only on this
 *   one (the thought record keeps the situation in view); may be empty, never %NULL
 */
const char *const *
reframe_template_step_get_context (const ReframeTemplateStep *step)
{
  return (const char *const *) step->context;
}

/**
 * reframe_template_step_get_rerate:
 *
 * The thought record names its emotions on one step and rates them again at the end.
 * This step shows the rows of these emotion fields (from earlier steps, with
 * "rate_after") read-only, each with a slider for its "after" intensity.
 *
 * Returns: (transfer none): ids of emotion fields re-rated on this step; may be empty,
 *   never %NULL
 */
const char *const *
reframe_template_step_get_rerate (const ReframeTemplateStep *step)
{
  return (const char *const *) step->rerate;
}

/* The template */

static void
reframe_template_finalize (GObject *object)
{
  ReframeTemplate *self = (ReframeTemplate *) object;

  g_clear_pointer (&self->data, _reframe_template_data_free);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  G_OBJECT_CLASS (reframe_template_parent_class)->finalize (object);
}

static void
reframe_template_class_init (ReframeTemplateClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = reframe_template_finalize;
}

static void
reframe_template_init (ReframeTemplate *self)
{
}

/**
 * reframe_template_new_from_bytes:
 * @json: a template file's contents
 * @file_name: the name to use in error messages
 * @error: return location for a %REFRAME_TEMPLATE_ERROR_INVALID error that names the
 *   file, the field or key and what is wrong
 *
 * Returns: (transfer full) (nullable): the checked template
 */
ReframeTemplate *
reframe_template_new_from_bytes (GBytes     *json,
                                 const char *file_name,
                                 GError    **error)
{
  ReframeTemplateData *data;
  ReframeTemplate     *self;

  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (file_name != NULL, NULL);

  if ((data = _reframe_template_parse (json, file_name, error)) == NULL)
    return NULL;
  self = g_object_new (REFRAME_TYPE_TEMPLATE, NULL);
  self->data = data;
  self->bytes = g_bytes_ref (json);
  return self;
}

/**
 * reframe_template_new_from_file:
 * @file: a template file; nothing is installed, so this also serves for a preview
 *
 * Returns: (transfer full) (nullable): the checked template
 */
ReframeTemplate *
reframe_template_new_from_file (GFile   *file,
                                GError **error)
{
  g_autofree char *name = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) local_error = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  name = g_file_get_basename (file);
  if ((bytes = g_file_load_bytes (file, NULL, NULL, &local_error)) == NULL)
    {
      g_set_error (error,
                   REFRAME_TEMPLATE_ERROR,
                   REFRAME_TEMPLATE_ERROR_FAILED,
                   _ ("Could not read the template “%s”: %s"),
                   name,
                   local_error->message);
      return NULL;
    }
  return reframe_template_new_from_bytes (bytes, name, error);
}

const char *
reframe_template_get_id (ReframeTemplate *self)
{
  g_return_val_if_fail (REFRAME_IS_TEMPLATE (self), NULL);
  return self->data->id;
}

guint
reframe_template_get_version (ReframeTemplate *self)
{
  g_return_val_if_fail (REFRAME_IS_TEMPLATE (self), 0);
  return self->data->version;
}

const char *
reframe_template_get_title (ReframeTemplate *self)
{
  g_return_val_if_fail (REFRAME_IS_TEMPLATE (self), NULL);
  return self->data->title;
}

const char *
reframe_template_get_description (ReframeTemplate *self)
{
  g_return_val_if_fail (REFRAME_IS_TEMPLATE (self), NULL);
  return self->data->description;
}

/**
 * reframe_template_get_icon_name:
 *
 * Returns: (nullable): a symbolic icon name for the gallery
 */
const char *
reframe_template_get_icon_name (ReframeTemplate *self)
{
  g_return_val_if_fail (REFRAME_IS_TEMPLATE (self), NULL);
  return self->data->icon_name;
}

/**
 * reframe_template_get_notice:
 *
 * Returns: (nullable): the authors' copyright or permission notice, shown with the items
 */
const char *
reframe_template_get_notice (ReframeTemplate *self)
{
  g_return_val_if_fail (REFRAME_IS_TEMPLATE (self), NULL);
  return self->data->notice;
}

/* The file the template came from, as errors name it ("thought-record.json"). */
const char *
reframe_template_get_file_name (ReframeTemplate *self)
{
  g_return_val_if_fail (REFRAME_IS_TEMPLATE (self), NULL);
  return self->data->file_name;
}

/* Whether the template ships with Reframe (as opposed to an imported one). */
gboolean
reframe_template_get_builtin (ReframeTemplate *self)
{
  g_return_val_if_fail (REFRAME_IS_TEMPLATE (self), FALSE);
  return self->builtin;
}

void
_reframe_template_set_builtin (ReframeTemplate *self,
                               gboolean         builtin)
{
  self->builtin = builtin;
}

ReframeTemplateKind
reframe_template_get_kind (ReframeTemplate *self)
{
  g_return_val_if_fail (REFRAME_IS_TEMPLATE (self), REFRAME_TEMPLATE_KIND_WORKSHEET);
  return self->data->kind;
}

/**
 * reframe_template_get_steps:
 *
 * Returns: (transfer none) (element-type ReframeTemplateStep): the steps, in order
 */
GPtrArray *
reframe_template_get_steps (ReframeTemplate *self)
{
  g_return_val_if_fail (REFRAME_IS_TEMPLATE (self), NULL);
  return self->data->steps;
}

/**
 * reframe_template_lookup_field:
 * @id: a field id (not a table column's)
 *
 * Returns: (nullable): the field on any step with that id
 */
const ReframeTemplateField *
reframe_template_lookup_field (ReframeTemplate *self,
                               const char      *id)
{
  g_return_val_if_fail (REFRAME_IS_TEMPLATE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  return g_hash_table_lookup (self->data->fields, id);
}

/**
 * reframe_template_get_scored_fields:
 *
 * Returns: (transfer none) (element-type ReframeTemplateField): the items that add to
 *   a questionnaire's total; empty for worksheets
 */
GPtrArray *
reframe_template_get_scored_fields (ReframeTemplate *self)
{
  g_return_val_if_fail (REFRAME_IS_TEMPLATE (self), NULL);
  return self->data->scored_fields;
}

/**
 * reframe_template_get_bands:
 *
 * Returns: (transfer none) (element-type ReframeTemplateBand): the score bands, lowest
 *   first, covering every possible total once; empty for worksheets
 */
GPtrArray *
reframe_template_get_bands (ReframeTemplate *self)
{
  g_return_val_if_fail (REFRAME_IS_TEMPLATE (self), NULL);
  return self->data->bands;
}

/* The highest possible total (27 for the PHQ-9); 0 for worksheets. */
int
reframe_template_get_max_score (ReframeTemplate *self)
{
  g_return_val_if_fail (REFRAME_IS_TEMPLATE (self), 0);
  return self->data->max_score;
}

/**
 * reframe_template_lookup_band:
 * @score: a total
 *
 * Returns: (nullable): the band the total falls in
 */
const ReframeTemplateBand *
reframe_template_lookup_band (ReframeTemplate *self,
                              int              score)
{
  g_return_val_if_fail (REFRAME_IS_TEMPLATE (self), NULL);

  for (guint i = 0; i < self->data->bands->len; i++)
    {
      const ReframeTemplateBand *band = g_ptr_array_index (self->data->bands, i);

      if (score >= band->min && score <= band->max)
        return band;
    }
  return NULL;
}

GPtrArray *
_reframe_template_get_safety_rules (ReframeTemplate *self)
{
  return self->data->safety;
}

/**
 * reframe_template_to_bytes:
 *
 * Returns: (transfer full): the file exactly as it was read (untranslated), for export
 */
GBytes *
reframe_template_to_bytes (ReframeTemplate *self)
{
  g_return_val_if_fail (REFRAME_IS_TEMPLATE (self), NULL);
  return g_bytes_ref (self->bytes);
}

/* Answers */

/* The points an answer gives: a choice's score, or a slider's value. FALSE when the
 * field has no usable answer (absent, of the wrong type, or out of range). */
gboolean
_reframe_template_field_get_points (const ReframeTemplateField *field,
                                    JsonObject                 *answers,
                                    int                        *points)
{
  JsonNode                    *node = json_object_get_member (answers, field->id);
  const ReframeTemplateOption *option = NULL;
  g_autofree char             *number = NULL;
  gint64                       value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    option = reframe_template_field_lookup_option (field, json_node_get_string (node));
  else if (json_node_get_value_type (node) == G_TYPE_INT64)
    {
      value = json_node_get_int (node);
      if (field->type == REFRAME_FIELD_SLIDER)
        {
          if (value < field->min || value > field->max)
            return FALSE;
          *points = (int) value;
          return TRUE;
        }
      /* A choice stored as a number means the option with that value. */
      number = g_strdup_printf ("%" G_GINT64_FORMAT, value);
      option = reframe_template_field_lookup_option (field, number);
    }
  if (option == NULL || !option->scored)
    return FALSE;
  *points = option->score;
  return TRUE;
}

static gboolean
is_blank (const char *text)
{
  return text == NULL || strspn (text, " \t\r\n") == strlen (text);
}

static gboolean answer_is_complete (const ReframeTemplateField *field,
                                    JsonNode                   *node);

static gboolean
row_is_complete (const ReframeTemplateField *field,
                 JsonNode                   *row)
{
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (row))
    return FALSE;
  object = json_node_get_object (row);
  if (field->type == REFRAME_FIELD_EMOTIONS)
    return json_object_has_member (object, "name") &&
           JSON_NODE_HOLDS_VALUE (json_object_get_member (object, "name")) &&
           !is_blank (json_object_get_string_member (object, "name"));
  for (guint i = 0; i < field->columns->len; i++)
    {
      const ReframeTemplateField *column = g_ptr_array_index (field->columns, i);

      if (column->required &&
          !answer_is_complete (column, json_object_get_member (object, column->id)))
        return FALSE;
    }
  return TRUE;
}

static gboolean
answer_is_complete (const ReframeTemplateField *field,
                    JsonNode                   *node)
{
  JsonArray *rows;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return FALSE;
  switch (field->type)
    {
    case REFRAME_FIELD_SLIDER:
      return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64;
    case REFRAME_FIELD_MULTIPLE_CHOICE:
      return JSON_NODE_HOLDS_ARRAY (node) && json_array_get_length (json_node_get_array (node)) > 0;
    case REFRAME_FIELD_EMOTIONS:
    case REFRAME_FIELD_TABLE:
      if (!JSON_NODE_HOLDS_ARRAY (node) ||
          json_array_get_length (rows = json_node_get_array (node)) == 0)
        return FALSE;
      for (guint i = 0; i < json_array_get_length (rows); i++)
        if (!row_is_complete (field, json_array_get_element (rows, i)))
          return FALSE;
      return TRUE;
    case REFRAME_FIELD_SINGLE_CHOICE:
      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
        return TRUE;
      G_GNUC_FALLTHROUGH;
    case REFRAME_FIELD_SHORT_TEXT:
    case REFRAME_FIELD_LONG_TEXT:
    case REFRAME_FIELD_DATE_TIME:
    default:
      return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
             !is_blank (json_node_get_string (node));
    }
}

/**
 * reframe_template_validate_answers:
 * @answers: field id → answer
 * @missing_field_ids: (out) (optional) (transfer full) (element-type utf8): the required
 *   fields without an answer, in template order (a table is listed when a row lacks a
 *   required cell)
 *
 * Returns: %TRUE when every required field has an answer
 */
gboolean
reframe_template_validate_answers (ReframeTemplate *self,
                                   JsonObject      *answers,
                                   GPtrArray      **missing_field_ids)
{
  g_autoptr (GPtrArray) missing = g_ptr_array_new_with_free_func (g_free);
  gboolean complete;

  g_return_val_if_fail (REFRAME_IS_TEMPLATE (self), FALSE);
  g_return_val_if_fail (answers != NULL, FALSE);

  for (guint s = 0; s < self->data->steps->len; s++)
    {
      ReframeTemplateStep *step = g_ptr_array_index (self->data->steps, s);

      for (guint i = 0; i < step->fields->len; i++)
        {
          const ReframeTemplateField *field = g_ptr_array_index (step->fields, i);
          JsonNode                   *node = json_object_get_member (answers, field->id);

          /* An optional table still needs its rows' required cells. */
          if ((field->required && !answer_is_complete (field, node)) ||
              (!field->required && field->type == REFRAME_FIELD_TABLE && node != NULL &&
               JSON_NODE_HOLDS_ARRAY (node) &&
               json_array_get_length (json_node_get_array (node)) > 0 &&
               !answer_is_complete (field, node)))
            g_ptr_array_add (missing, g_strdup (field->id));
        }
    }
  complete = missing->len == 0;
  if (missing_field_ids != NULL)
    *missing_field_ids = g_steal_pointer (&missing);
  return complete;
}
