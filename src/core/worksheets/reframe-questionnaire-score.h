/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-questionnaire-score.h: a questionnaire's total, band and safety rule. */

#pragma once

#include "reframe-template.h"

G_BEGIN_DECLS

#define REFRAME_TYPE_QUESTIONNAIRE_SCORE (reframe_questionnaire_score_get_type ())

/**
 * ReframeQuestionnaireScore:
 * @score: the sum of the items' points
 * @max_score: the highest possible total (27 for the PHQ-9)
 * @band_label: what the template's authors call that range ("Mild"), translated
 * @safety_triggered: a safety rule was met: show the crisis sheet before the score
 * @safety_field_id: (nullable): the item that met it ("item_9")
 */
typedef struct
{
  int      score;
  int      max_score;
  char    *band_label;
  gboolean safety_triggered;
  char    *safety_field_id;
} ReframeQuestionnaireScore;

GType reframe_questionnaire_score_get_type (void) G_GNUC_CONST;
ReframeQuestionnaireScore      *
reframe_questionnaire_score_copy (const ReframeQuestionnaireScore *score);
void reframe_questionnaire_score_free (ReframeQuestionnaireScore *score);

ReframeQuestionnaireScore *reframe_template_score (ReframeTemplate *self,
                                                   JsonObject      *answers,
                                                   GError         **error);
gboolean                   reframe_template_check_safety (ReframeTemplate *self,
                                                          JsonObject      *answers,
                                                          const char     **field_id_out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReframeQuestionnaireScore, reframe_questionnaire_score_free)

G_END_DECLS
