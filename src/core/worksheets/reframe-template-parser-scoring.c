/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-template-parser-scoring.c: a template's scoring (items, bands) and safety rules. */

#define G_LOG_DOMAIN "ReframeTemplate"

#include "config.h"

#include "reframe-i18n.h"
#include <string.h>

#include "reframe-template-parser-private.h"

static const char *const band_keys[] = { "min", "max", "label", NULL };
static const char *const safety_keys[] = { "field", "at_least", NULL };
static const char *const scoring_keys[] = { "method", "items", "bands", NULL };

/* The lowest and highest points a field can give, or FALSE when it cannot be scored. */
static gboolean
field_points_range (ReframeTemplateParser      *p,
                    const ReframeTemplateField *field,
                    const char                 *path,
                    int                        *low,
                    int                        *high)
{
  if (field->type == REFRAME_FIELD_SLIDER)
    {
      *low = field->min;
      *high = field->max;
      return TRUE;
    }
  if (field->type != REFRAME_FIELD_SINGLE_CHOICE)
    return _reframe_template_fail (
        p,
        path,
        _ ("the field “%s” is a %s field; only single_choice and slider fields have points."),
        field->id,
        _reframe_template_field_type_name (field->type));
  *low = G_MAXINT;
  *high = G_MININT;
  for (guint i = 0; i < field->options->len; i++)
    {
      ReframeTemplateOption *option = g_ptr_array_index (field->options, i);

      if (!option->scored)
        return _reframe_template_fail (
            p,
            path,
            _ ("the option “%s” of the field “%s” has no “score”, but the field is scored."),
            option->value,
            field->id);
      *low = MIN (*low, option->score);
      *high = MAX (*high, option->score);
    }
  return TRUE;
}

static ReframeTemplateField *
lookup_named_field (ReframeTemplateParser *p,
                    ReframeTemplateData   *data,
                    const char            *id,
                    const char            *path)
{
  ReframeTemplateField *field = g_hash_table_lookup (data->fields, id);

  if (field == NULL)
    _reframe_template_fail (p, path, _ ("there is no field “%s” in this template."), id);
  return field;
}

static gboolean
parse_items (ReframeTemplateParser *p,
             JsonObject            *scoring,
             ReframeTemplateData   *data)
{
  JsonArray *array = NULL;

  if (!_reframe_template_read_array (p, scoring, "scoring", "items", TRUE, &array))
    return FALSE;
  data->scored_fields =
      g_ptr_array_new_with_free_func ((GDestroyNotify) reframe_template_field_unref);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char      *path = g_strdup_printf ("scoring.items[%u]", i);
      const char           *id = _reframe_template_element_string (p, array, i, path);
      ReframeTemplateField *field = id ? lookup_named_field (p, data, id, path) : NULL;
      int                   low = 0, high = 0;

      if (field == NULL || !field_points_range (p, field, path, &low, &high))
        return FALSE;
      if (g_ptr_array_find (data->scored_fields, field, NULL))
        return _reframe_template_fail (
            p, path, _ ("the field “%s” is listed twice; it would count twice in the total."), id);
      g_ptr_array_add (data->scored_fields, reframe_template_field_ref (field));
      data->min_score += low;
      data->max_score += high;
    }
  return TRUE;
}

/* Bands must cover every possible total once: no gaps, no overlaps. */
static gboolean
check_band_order (ReframeTemplateParser *p,
                  ReframeTemplateData   *data,
                  guint                  index,
                  const char            *path)
{
  ReframeTemplateBand *band = g_ptr_array_index (data->bands, index);
  ReframeTemplateBand *before = index > 0 ? g_ptr_array_index (data->bands, index - 1) : NULL;

  if (band->min > band->max)
    return _reframe_template_fail (p,
                                   path,
                                   _ ("the band starts at %d but ends at %d, before it starts."),
                                   band->min,
                                   band->max);
  if (before == NULL && band->min != data->min_score)
    return _reframe_template_fail (
        p,
        path,
        _ ("the first band starts at %d, but the lowest possible total is %d."),
        band->min,
        data->min_score);
  if (before != NULL && band->min > before->max + 1)
    return _reframe_template_fail (
        p,
        path,
        _ ("the band starts at %d, but the band before it ends at %d, so a total of %d "
           "would have no band."),
        band->min,
        before->max,
        before->max + 1);
  if (before != NULL && band->min <= before->max)
    return _reframe_template_fail (
        p,
        path,
        _ ("the band starts at %d, but the band before it ends at %d, so the bands overlap."),
        band->min,
        before->max);
  return TRUE;
}

static gboolean
parse_bands (ReframeTemplateParser *p,
             JsonObject            *scoring,
             ReframeTemplateData   *data)
{
  JsonArray           *array = NULL;
  ReframeTemplateBand *last;

  if (!_reframe_template_read_array (p, scoring, "scoring", "bands", TRUE, &array))
    return FALSE;
  data->bands = g_ptr_array_new_with_free_func ((GDestroyNotify) reframe_template_band_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char     *path = g_strdup_printf ("scoring.bands[%u]", i);
      JsonObject          *object = _reframe_template_element_object (p, array, i, path);
      ReframeTemplateBand *band = g_new0 (ReframeTemplateBand, 1);

      g_ptr_array_add (data->bands, band);
      if (object == NULL || !_reframe_template_check_keys (p, object, path, band_keys) ||
          !_reframe_template_read_int (p, object, path, "min", TRUE, &band->min) ||
          !_reframe_template_read_int (p, object, path, "max", TRUE, &band->max) ||
          !_reframe_template_read_string (p, object, path, "label", TRUE, TRUE, &band->label) ||
          !check_band_order (p, data, i, path))
        return FALSE;
    }
  last = g_ptr_array_index (data->bands, data->bands->len - 1);
  if (last->max != data->max_score)
    return _reframe_template_fail (
        p,
        "scoring.bands",
        _ ("the last band ends at %d, but the highest possible total is %d."),
        last->max,
        data->max_score);
  return TRUE;
}

gboolean
_reframe_template_parse_scoring (ReframeTemplateParser *p,
                                 JsonObject            *object,
                                 ReframeTemplateData   *data)
{
  JsonNode        *node = json_object_get_member (object, "scoring");
  g_autofree char *method = NULL;
  JsonObject      *scoring;

  if (node == NULL)
    return data->kind != REFRAME_TEMPLATE_KIND_QUESTIONNAIRE ||
           _reframe_template_fail (p, "scoring", _ ("a questionnaire needs “scoring”."));
  if (data->kind != REFRAME_TEMPLATE_KIND_QUESTIONNAIRE)
    return _reframe_template_fail (
        p,
        "scoring",
        _ ("only questionnaires are scored; set “kind” to “questionnaire” or remove “scoring”."));
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return _reframe_template_wrong_type (p, "scoring", "scoring", _ ("an object"), node);
  scoring = json_node_get_object (node);
  if (!_reframe_template_check_keys (p, scoring, "scoring", scoring_keys) ||
      !_reframe_template_read_string (p, scoring, "scoring", "method", TRUE, FALSE, &method))
    return FALSE;
  if (!g_str_equal (method, "sum"))
    return _reframe_template_fail (
        p, "scoring.method", _ ("“%s” is not a scoring method; the only one is “sum”."), method);
  return parse_items (p, scoring, data) && parse_bands (p, scoring, data);
}

gboolean
_reframe_template_parse_safety (ReframeTemplateParser *p,
                                JsonObject            *object,
                                ReframeTemplateData   *data)
{
  JsonArray *array = NULL;

  data->safety = g_ptr_array_new ();
  if (!_reframe_template_read_array (p, object, "safety", "safety", FALSE, &array))
    return FALSE;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char      *path = g_strdup_printf ("safety[%u]", i);
      JsonObject           *rule_object = _reframe_template_element_object (p, array, i, path);
      ReframeSafetyRule    *rule = g_new0 (ReframeSafetyRule, 1);
      ReframeTemplateField *field = NULL;
      int                   low = 0, high = 0;

      g_ptr_array_add (data->safety, rule);
      if (rule_object == NULL ||
          !_reframe_template_check_keys (p, rule_object, path, safety_keys) ||
          !_reframe_template_read_string (
              p, rule_object, path, "field", TRUE, FALSE, &rule->field_id) ||
          !_reframe_template_read_int (p, rule_object, path, "at_least", TRUE, &rule->at_least) ||
          (field = lookup_named_field (p, data, rule->field_id, path)) == NULL ||
          !field_points_range (p, field, path, &low, &high))
        return FALSE;
      if (rule->at_least > high)
        return _reframe_template_fail (
            p,
            path,
            _ ("“at_least” is %d, but the field “%s” gives at most %d, so the rule could "
               "never show the crisis sheet."),
            rule->at_least,
            rule->field_id,
            high);
    }
  return TRUE;
}
