/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-questionnaire-score.c: a questionnaire's total, band and safety rule.
 *
 * clinical.md sections 1 and 2: the total is the plain sum of the items, only when every
 * item is answered; the band is the range the authors publish. A safety rule (PHQ-9 item
 * 9 at 1 or more) is checked on its own, on partial answers too, because the crisis sheet
 * must open as soon as the answer is chosen, whatever the total.
 */

#define G_LOG_DOMAIN "ReframeQuestionnaireScore"

#include "config.h"

#include "reframe-i18n.h"

#include "reframe-questionnaire-score.h"
#include "reframe-template-private.h"

G_DEFINE_BOXED_TYPE (ReframeQuestionnaireScore,
                     reframe_questionnaire_score,
                     reframe_questionnaire_score_copy,
                     reframe_questionnaire_score_free)

ReframeQuestionnaireScore *
reframe_questionnaire_score_copy (const ReframeQuestionnaireScore *score)
{
  ReframeQuestionnaireScore *copy = g_new0 (ReframeQuestionnaireScore, 1);

  *copy = *score;
  copy->band_label = g_strdup (score->band_label);
  copy->safety_field_id = g_strdup (score->safety_field_id);
  return copy;
}

void
reframe_questionnaire_score_free (ReframeQuestionnaireScore *score)
{
  if (score == NULL)
    return;
  g_free (score->band_label);
  g_free (score->safety_field_id);
  g_free (score);
}

/**
 * reframe_template_check_safety:
 * @answers: field id → answer; may be incomplete
 * @field_id_out: (out) (optional) (transfer none): the first field whose rule was met
 *
 * Returns: %TRUE when any safety rule of the template is met
 */
gboolean
reframe_template_check_safety (ReframeTemplate *self,
                               JsonObject      *answers,
                               const char     **field_id_out)
{
  GPtrArray *rules;

  g_return_val_if_fail (REFRAME_IS_TEMPLATE (self), FALSE);
  g_return_val_if_fail (answers != NULL, FALSE);

  if (field_id_out != NULL)
    *field_id_out = NULL;
  rules = _reframe_template_get_safety_rules (self);
  for (guint i = 0; i < rules->len; i++)
    {
      const ReframeSafetyRule    *rule = g_ptr_array_index (rules, i);
      const ReframeTemplateField *field = reframe_template_lookup_field (self, rule->field_id);
      int                         points = 0;

      if (_reframe_template_field_get_points (field, answers, &points) && points >= rule->at_least)
        {
          if (field_id_out != NULL)
            *field_id_out = rule->field_id;
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * reframe_template_score:
 * @answers: field id → answer
 * @error: %REFRAME_TEMPLATE_ERROR_NOT_SCORED for a worksheet,
 *   %REFRAME_TEMPLATE_ERROR_INCOMPLETE when an item has no answer
 *
 * Returns: (transfer full) (nullable): the total, its band and the safety check
 */
ReframeQuestionnaireScore *
reframe_template_score (ReframeTemplate *self,
                        JsonObject      *answers,
                        GError         **error)
{
  g_autoptr (ReframeQuestionnaireScore) result = NULL;
  const ReframeTemplateBand *band;
  GPtrArray                 *items;
  const char                *safety_field = NULL;
  guint                      unanswered = 0;
  int                        total = 0;

  g_return_val_if_fail (REFRAME_IS_TEMPLATE (self), NULL);
  g_return_val_if_fail (answers != NULL, NULL);

  if (reframe_template_get_kind (self) != REFRAME_TEMPLATE_KIND_QUESTIONNAIRE)
    {
      g_set_error (error,
                   REFRAME_TEMPLATE_ERROR,
                   REFRAME_TEMPLATE_ERROR_NOT_SCORED,
                   _ ("“%s” is not a questionnaire, so it has no score."),
                   reframe_template_get_title (self));
      return NULL;
    }
  items = reframe_template_get_scored_fields (self);
  for (guint i = 0; i < items->len; i++)
    {
      int points = 0;

      if (_reframe_template_field_get_points (g_ptr_array_index (items, i), answers, &points))
        total += points;
      else
        unanswered++;
    }
  if (unanswered > 0)
    {
      g_set_error (error,
                   REFRAME_TEMPLATE_ERROR,
                   REFRAME_TEMPLATE_ERROR_INCOMPLETE,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%u question has no answer yet, so there is no total.",
                                "%u questions have no answer yet, so there is no total.",
                                unanswered),
                   unanswered);
      return NULL;
    }

  band = reframe_template_lookup_band (self, total);
  result = g_new0 (ReframeQuestionnaireScore, 1);
  result->score = total;
  result->max_score = reframe_template_get_max_score (self);
  /* The parser made the bands cover every possible total. */
  g_assert (band != NULL);
  result->band_label = g_strdup (band->label);
  result->safety_triggered = reframe_template_check_safety (self, answers, &safety_field);
  result->safety_field_id = g_strdup (safety_field);
  return g_steal_pointer (&result);
}
