/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-report-pdf-content.c: what the PDF report says, as a list of blocks to lay out.
 *
 * The first page is for a clinician with a minute before the session: who and when, then
 * the numbers that matter (days logged against days in the period, so a gap is not read as
 * a good week; mood and its trend; the latest questionnaire scores, with a boxed flag when
 * the PHQ-9's item 9 was above zero; homework; thought records; activity monitoring), then
 * the mood chart. The details follow: questionnaires item by item, homework, worksheets as
 * question and answer, and the chosen entries. Everything the person wrote is escaped. */

#define G_LOG_DOMAIN "ReframeReportPdf"

#include "config.h"

#include "reframe-i18n.h"
#include <math.h>

#include "reframe-chart.h"
#include "reframe-report-pdf-private.h"
#include "reframe-report-private.h"
#include "reframe-locale.h"

/* The share of the width the label of a fact takes: summary rows, questionnaire items. */
#define SUMMARY_LABEL_SHARE 0.3
#define ITEM_LABEL_SHARE    0.64

static void
add_block (GArray             *blocks,
           ReframePdfBlockKind kind,
           char               *markup,
           char               *value,
           double              number)
{
  ReframePdfBlock block = { kind, markup, value, number, FALSE, FALSE };

  g_array_append_val (blocks, block);
}

/* Adds text the person wrote (or any plain text): never read as markup. */
static void
add_plain (GArray             *blocks,
           ReframePdfBlockKind kind,
           const char         *text)
{
  add_block (blocks, kind, g_strdup (text != NULL ? text : ""), NULL, 0);
  g_array_index (blocks, ReframePdfBlock, blocks->len - 1).plain = TRUE;
}

/* An entry's note, read from the report (which the layout keeps) rather than copied. */
static void
add_note_text (GArray     *blocks,
               const char *note)
{
  ReframePdfBlock block = { REFRAME_PDF_TEXT, (char *) note, NULL, 0, TRUE, TRUE };

  g_array_append_val (blocks, block);
}

/* A note; one too long to print is cut, with a line that says so. */
static void
add_note (GArray     *blocks,
          const char *note)
{
  gsize            shown = _reframe_report_note_shown_length (note);
  g_autofree char *mark = NULL;

  if (note[shown] == '\0')
    {
      add_note_text (blocks, note);
      return;
    }
  add_block (blocks, REFRAME_PDF_TEXT, g_strndup (note, shown), NULL, 0);
  g_array_index (blocks, ReframePdfBlock, blocks->len - 1).plain = TRUE;
  mark = _reframe_report_dup_note_cut_mark (note, shown);
  add_plain (blocks, REFRAME_PDF_NOTE, mark);
}

static void
add_fact (GArray     *blocks,
          const char *label,
          char       *value_markup,
          double      label_share)
{
  add_block (blocks, REFRAME_PDF_FACT, g_markup_escape_text (label, -1), value_markup, label_share);
}

static char *
format_date (const GDate *date)
{
  if (date == NULL || !g_date_valid (date))
    return g_strdup ("");
  return reframe_locale_format_date (date, REFRAME_DATE_FULL);
}

static char *
format_day_of (GDateTime *when)
{
  g_autoptr (GDateTime) local = g_date_time_to_local (when);

  return reframe_locale_format_day (local, REFRAME_DATE_FULL);
}

static void
add_header (GArray        *blocks,
            ReframeReport *report)
{
  const char      *name = reframe_report_get_name (report);
  g_autofree char *from = format_date (reframe_report_get_from (report));
  g_autofree char *to = format_date (reframe_report_get_to (report));
  g_autofree char *made = format_day_of (reframe_report_get_made (report));
  guint            days = reframe_report_get_days_in_period (report);

  add_plain (blocks, REFRAME_PDF_TITLE, _ ("Between-session report"));
  if (name != NULL && *name != '\0')
    add_block (blocks, REFRAME_PDF_META, g_markup_printf_escaped ("<b>%s</b>", name), NULL, 0);
  add_block (blocks,
             REFRAME_PDF_META,
             /* Translators: the report's period, its length and the day it was made */
             g_markup_printf_escaped (g_dngettext (GETTEXT_PACKAGE,
                                                   "%s – %s (%u day) · made %s",
                                                   "%s – %s (%u days) · made %s",
                                                   days),
                                      from,
                                      to,
                                      days,
                                      made),
             NULL,
             0);
  add_plain (blocks,
             REFRAME_PDF_NOTE,
             _ ("Written by the person in Reframe, a self-help journal they keep between sessions. "
                "It is their own account, not a clinical assessment."));
}

static char *
describe_mean_mood (double mean)
{
  ReframeMood nearest = CLAMP ((int) lround (mean), REFRAME_MOOD_MIN, REFRAME_MOOD_MAX);

  /* Translators: the average mood, e.g. "3.4 of 5 (closest to Okay)" */
  return g_markup_printf_escaped (
      _ ("<b>%.1f</b> of 5 (closest to %s)"), mean, reframe_mood_get_label (nearest));
}

static char *
describe_trend (ReframeReport *report)
{
  double first = NAN, second = NAN;
  double trend = reframe_report_get_mood_trend (report, &first, &second);

  if (isnan (trend))
    return g_markup_escape_text (_ ("Too few days logged in one half of the period to compare."),
                                 -1);
  if (fabs (trend) < 0.2)
    /* Translators: mood trend, the first half's and the second half's average */
    return g_markup_printf_escaped (
        _ ("About the same: %.1f in the first half, %.1f in the second"), first, second);
  if (trend > 0)
    return g_markup_printf_escaped (
        _ ("<b>Better</b> in the second half: %.1f, then %.1f (%+.1f)"), first, second, trend);
  return g_markup_printf_escaped (
      _ ("<b>Lower</b> in the second half: %.1f, then %.1f (%+.1f)"), first, second, trend);
}

static void
add_mood_facts (GArray        *blocks,
                ReframeReport *report)
{
  guint  days = reframe_report_get_days_in_period (report);
  guint  logged = reframe_report_get_days_logged (report);
  guint  n_entries = reframe_report_get_n_entries_logged (report);
  double mean = reframe_report_get_mean_mood (report);

  add_fact (blocks,
            _ ("Days logged"),
            /* Translators: "12 of 31 days (39%) · 20 entries" */
            g_markup_printf_escaped (g_dngettext (GETTEXT_PACKAGE,
                                                  "<b>%u</b> of %u days (%u%%) · %u entry",
                                                  "<b>%u</b> of %u days (%u%%) · %u entries",
                                                  n_entries),
                                     logged,
                                     days,
                                     days > 0 ? (guint) lround (100.0 * logged / days) : 0,
                                     n_entries),
            SUMMARY_LABEL_SHARE);
  if (isnan (mean))
    return;
  add_fact (blocks, _ ("Average mood"), describe_mean_mood (mean), SUMMARY_LABEL_SHARE);
  add_fact (blocks, _ ("Trend"), describe_trend (report), SUMMARY_LABEL_SHARE);
}

static char *
describe_score (const ReframeReportScore *score)
{
  g_autoptr (GString) text = g_string_new (NULL);
  g_autofree char *when = format_day_of (score->when);
  g_autofree char *band = g_markup_escape_text (score->band != NULL ? score->band : "", -1);

  if (score->max_score > 0)
    /* Translators: a questionnaire score out of its maximum */
    g_string_append_printf (text, _ ("<b>%d</b> of %d"), score->score, score->max_score);
  else
    g_string_append_printf (text, "<b>%d</b>", score->score);
  if (*band != '\0')
    g_string_append_printf (text, " · %s", band);
  if (score->has_previous && score->change == 0)
    /* Translators: the score did not change since the previous questionnaire; %d is that score */
    g_string_append_printf (text, _ (" · same as before (%d)"), score->previous_score);
  else if (score->has_previous && score->change < 0)
    /* Translators: change since the previous questionnaire, e.g. " · down 3 from 15";
     * the plural goes by the first number, the points of the change */
    g_string_append_printf (
        text,
        g_dngettext (GETTEXT_PACKAGE, " · down %d from %d", " · down %d from %d", -score->change),
        -score->change,
        score->previous_score);
  else if (score->has_previous)
    /* Translators: change since the previous questionnaire, e.g. " · up 3 from 12";
     * the plural goes by the first number, the points of the change */
    g_string_append_printf (
        text,
        g_dngettext (GETTEXT_PACKAGE, " · up %d from %d", " · up %d from %d", score->change),
        score->change,
        score->previous_score);
  g_string_append_printf (text, " · %s", when);
  if (score->n_results > 1)
    /* Translators: how many results of a questionnaire the period has */
    g_string_append_printf (text,
                            g_dngettext (GETTEXT_PACKAGE,
                                         " · %u result in the period",
                                         " · %u results in the period",
                                         score->n_results),
                            score->n_results);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static ReframeReportWorksheet *
find_questionnaire (ReframeReport *report,
                    const char    *uuid)
{
  GPtrArray *questionnaires = reframe_report_get_questionnaires (report);

  for (guint i = 0; uuid != NULL && i < questionnaires->len; i++)
    {
      ReframeReportWorksheet *item = g_ptr_array_index (questionnaires, i);

      if (g_strcmp0 (reframe_worksheet_get_uuid (item->worksheet), uuid) == 0)
        return item;
    }
  return NULL;
}

static void
add_safety_flag (GArray                   *blocks,
                 ReframeReport            *report,
                 const ReframeReportScore *score)
{
  ReframeReportWorksheet     *item = find_questionnaire (report, score->worksheet_uuid);
  const ReframeTemplateField *field = NULL;
  g_autofree char            *when = format_day_of (score->when);

  if (item != NULL && item->template != NULL && score->safety_field_id != NULL)
    field = reframe_template_lookup_field (item->template, score->safety_field_id);
  add_block (blocks,
             REFRAME_PDF_FLAG,
             /* Translators: the flag on the first page when the PHQ-9's item 9 (thoughts of death
              * or self-harm) was answered above zero: questionnaire, date, item text */
             g_markup_printf_escaped (
                 _ ("<b>Please ask about this.</b> In the %s of %s, the item on thoughts of being "
                    "better off dead or of self-harm was answered above zero: “%s”"),
                 score->title,
                 when,
                 field != NULL ? reframe_template_field_get_label (field) : _ ("item 9")),
             NULL,
             0);
}

static void
add_score_facts (GArray        *blocks,
                 ReframeReport *report)
{
  GPtrArray *scores = reframe_report_get_scores (report);

  for (guint i = 0; i < scores->len; i++)
    {
      ReframeReportScore *score = g_ptr_array_index (scores, i);

      add_fact (blocks, score->title, describe_score (score), SUMMARY_LABEL_SHARE);
    }
  for (guint i = 0; i < scores->len; i++)
    {
      ReframeReportScore *score = g_ptr_array_index (scores, i);

      if (score->safety_flag)
        add_safety_flag (blocks, report, score);
    }
}

static void
add_practice_facts (GArray        *blocks,
                    ReframeReport *report)
{
  ReframeReportKinds kinds = reframe_report_get_kinds (report);
  guint              done = 0, expected = 0, n_records = 0, n_activities;
  double             drop, predicted = NAN, actual = NAN;

  reframe_report_get_homework_totals (report, &done, &expected);
  if ((kinds & REFRAME_REPORT_HOMEWORK) && expected > 0)
    add_fact (blocks,
              _ ("Homework"),
              /* Translators: homework done against assigned, "7 of 10 done (70%)" */
              g_markup_printf_escaped (_ ("<b>%u</b> of %u done (%u%%)"),
                                       done,
                                       expected,
                                       (guint) lround (100.0 * MIN (done, expected) / expected)),
              SUMMARY_LABEL_SHARE);

  if (!(kinds & REFRAME_REPORT_WORKSHEETS))
    return;
  drop = reframe_report_get_emotion_drop (report, &n_records);
  if (n_records > 0 && !isnan (drop))
    add_fact (
        blocks,
        _ ("Thought records"),
        /* Translators: mean change of emotion intensity from the first rating to the re-rating */
        g_markup_printf_escaped (g_dngettext (GETTEXT_PACKAGE,
                                              "Emotions eased by <b>%.0f</b> points on average "
                                              "from first rating to re-rating (%u record)",
                                              "Emotions eased by <b>%.0f</b> points on average "
                                              "from first rating to re-rating (%u records)",
                                              n_records),
                                 drop,
                                 n_records),
        SUMMARY_LABEL_SHARE);
  n_activities = reframe_report_get_activity_moods (report, &predicted, &actual);
  if (n_activities > 0 && !isnan (predicted) && !isnan (actual))
    add_fact (blocks,
              _ ("Activity monitoring"),
              /* Translators: predicted against actual mood of planned activities */
              g_markup_printf_escaped (
                  g_dngettext (GETTEXT_PACKAGE,
                               "Predicted mood %.1f, actual <b>%.1f</b> (%+.1f), %u activity",
                               "Predicted mood %.1f, actual <b>%.1f</b> (%+.1f), %u activities",
                               n_activities),
                  predicted,
                  actual,
                  actual - predicted,
                  n_activities),
              SUMMARY_LABEL_SHARE);
}

/* The person's own words for the appointment, when they confirmed them: before the figures. */
static void
add_own_words (GArray        *blocks,
               ReframeReport *report)
{
  const char *text = reframe_report_get_own_words (report);

  if (text == NULL)
    return;
  add_plain (blocks, REFRAME_PDF_HEADING, _ ("In my own words"));
  add_plain (blocks, REFRAME_PDF_TEXT, text);
}

static void
add_summary (GArray        *blocks,
             ReframeReport *report)
{
  ReframeReportKinds kinds = reframe_report_get_kinds (report);

  add_plain (blocks, REFRAME_PDF_HEADING, _ ("Summary"));
  if (reframe_report_is_empty (report))
    add_plain (blocks,
               REFRAME_PDF_TEXT,
               _ ("Nothing was logged in this period: no mood entries, worksheets or homework."));
  if (kinds & REFRAME_REPORT_MOOD_SUMMARY)
    add_mood_facts (blocks, report);
  if (kinds & REFRAME_REPORT_QUESTIONNAIRES)
    add_score_facts (blocks, report);
  add_practice_facts (blocks, report);
}

static void
add_chart (GArray        *blocks,
           ReframeReport *report)
{
  ReframeInsights *insights = reframe_report_get_insights (report);
  g_autofree char *description = NULL;

  if (!(reframe_report_get_kinds (report) & REFRAME_REPORT_MOOD_SUMMARY) || insights == NULL)
    return;
  add_plain (blocks, REFRAME_PDF_HEADING, _ ("Mood over the period"));
  add_block (blocks, REFRAME_PDF_CHART, NULL, NULL, 0);
  description = reframe_chart_describe_mood_line (insights);
  add_plain (blocks, REFRAME_PDF_NOTE, description);
}

/* One answer as text: choices by their labels, emotions with their ratings, table rows on lines. */
static void append_answer (GString                    *text,
                           const ReframeTemplateField *field,
                           JsonNode                   *node);

static void
append_scalar (GString                    *text,
               const ReframeTemplateField *field,
               JsonNode                   *node)
{
  g_autofree char *value = _reframe_report_dup_answer_text (field, node);

  if (value != NULL)
    g_string_append (text, value);
}

static void
append_row (GString                    *text,
            const ReframeTemplateField *field,
            JsonObject                 *row)
{
  GPtrArray *columns = reframe_template_field_get_columns (field);

  if (reframe_template_field_get_field_type (field) == REFRAME_FIELD_EMOTIONS)
    {
      const char *name = json_object_get_string_member_with_default (row, "name", "");

      g_string_append (text, name);
      if (json_object_has_member (row, "before"))
        g_string_append_printf (
            text, " %" G_GINT64_FORMAT, json_object_get_int_member (row, "before"));
      if (json_object_has_member (row, "after"))
        /* Translators: an emotion re-rated, e.g. "sad 80 → 40" */
        g_string_append_printf (
            text, _ (" → %lld"), (long long) json_object_get_int_member (row, "after"));
      return;
    }
  for (guint i = 0; columns != NULL && i < columns->len; i++)
    {
      const ReframeTemplateField *column = g_ptr_array_index (columns, i);
      JsonNode                   *cell = json_object_get_member (row, reframe_template_field_get_id (column));

      if (cell == NULL)
        continue;
      g_string_append_printf (text,
                              "%s%s: ",
                              text->len > 0 && text->str[text->len - 1] != '\n' &&
                                      text->str[text->len - 1] != ' '
                                  ? "; "
                                  : "",
                              reframe_template_field_get_label (column));
      append_answer (text, column, cell);
    }
}

static void
append_answer (GString                    *text,
               const ReframeTemplateField *field,
               JsonNode                   *node)
{
  JsonArray *array;

  if (JSON_NODE_HOLDS_VALUE (node))
    {
      append_scalar (text, field, node);
      return;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_OBJECT (element))
        {
          g_string_append (text, i > 0 ? "\n• " : "• ");
          append_row (text, field, json_node_get_object (element));
        }
      else if (JSON_NODE_HOLDS_VALUE (element))
        {
          g_string_append (text, i > 0 ? ", " : "");
          append_scalar (text, field, element);
        }
    }
}

static char *
dup_answer (const ReframeTemplateField *field,
            JsonNode                   *node)
{
  g_autoptr (GString) text = g_string_new (NULL);

  append_answer (text, field, node);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* A heading for one item: its title, then when and what it is in lighter type. */
static void
add_subheading (GArray     *blocks,
                const char *title,
                const char *detail)
{
  add_block (blocks,
             REFRAME_PDF_SUBHEADING,
             g_markup_printf_escaped (
                 "%s  <span weight='normal' foreground='#5c5c5c'>%s</span>", title, detail),
             NULL,
             0);
}

static char *
dup_worksheet_detail (ReframeWorksheet *worksheet)
{
  GDateTime       *when = reframe_worksheet_get_completed_at (worksheet);
  g_autofree char *day =
      format_day_of (when != NULL ? when : reframe_worksheet_get_created (worksheet));
  g_autoptr (GString) detail = g_string_new (day);

  if (reframe_worksheet_get_status (worksheet) == REFRAME_WORKSHEET_DRAFT)
    /* Translators: after a worksheet's date in the report, when it was not finished */
    g_string_append (detail, _ (" · draft"));
  if (reframe_worksheet_get_private (worksheet))
    /* Translators: after an item's date in the report, when the person marked it private */
    g_string_append (detail, _ (" · private"));
  return g_string_free (g_steal_pointer (&detail), FALSE);
}

static const char *
get_item_title (ReframeReportWorksheet *item)
{
  return item->template != NULL ? reframe_template_get_title (item->template)
                                : reframe_worksheet_get_template_id (item->worksheet);
}

/* Calls @func for every answered field of @item, step by step, in the template's order. */
typedef void (*AnswerFunc) (GArray                     *blocks,
                            const ReframeTemplateField *field,
                            JsonNode                   *answer);

static guint
foreach_answer (GArray                 *blocks,
                ReframeReportWorksheet *item,
                AnswerFunc              func)
{
  JsonObject *answers = reframe_worksheet_get_answers (item->worksheet);
  GPtrArray  *steps;
  guint       n = 0;

  if (item->template == NULL || answers == NULL)
    return 0;
  steps = reframe_template_get_steps (item->template);
  for (guint i = 0; i < steps->len; i++)
    {
      GPtrArray *fields = reframe_template_step_get_fields (g_ptr_array_index (steps, i));

      for (guint j = 0; j < fields->len; j++)
        {
          const ReframeTemplateField *field = g_ptr_array_index (fields, j);
          JsonNode                   *answer =
              json_object_get_member (answers, reframe_template_field_get_id (field));

          if (answer == NULL || JSON_NODE_HOLDS_NULL (answer))
            continue;
          func (blocks, field, answer);
          n++;
        }
    }
  return n;
}

static void
add_question_and_answer (GArray                     *blocks,
                         const ReframeTemplateField *field,
                         JsonNode                   *answer)
{
  g_autofree char *text = dup_answer (field, answer);

  if (*g_strstrip (text) == '\0')
    return;
  add_plain (blocks, REFRAME_PDF_QUESTION, reframe_template_field_get_label (field));
  add_plain (blocks, REFRAME_PDF_TEXT, text);
}

static void
add_item_answer (GArray                     *blocks,
                 const ReframeTemplateField *field,
                 JsonNode                   *answer)
{
  g_autofree char             *text = dup_answer (field, answer);
  g_autofree char             *value = NULL;
  const ReframeTemplateOption *option = NULL;

  if (JSON_NODE_HOLDS_VALUE (answer) && json_node_get_value_type (answer) == G_TYPE_STRING)
    option = reframe_template_field_lookup_option (field, json_node_get_string (answer));
  else if (JSON_NODE_HOLDS_VALUE (answer) && json_node_get_value_type (answer) == G_TYPE_INT64)
    {
      g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (answer));
      option = reframe_template_field_lookup_option (field, key);
    }
  if (option != NULL && option->scored)
    value = g_markup_printf_escaped (
        "%s <span foreground='#5c5c5c'>(%d)</span>", option->label, option->score);
  else
    value = g_markup_escape_text (text, -1);
  add_fact (
      blocks, reframe_template_field_get_label (field), g_steal_pointer (&value), ITEM_LABEL_SHARE);
}

static void
add_worksheets (GArray        *blocks,
                ReframeReport *report)
{
  GPtrArray *worksheets = reframe_report_get_worksheets (report);

  if (!(reframe_report_get_kinds (report) & REFRAME_REPORT_WORKSHEETS))
    return;
  add_plain (blocks, REFRAME_PDF_HEADING, _ ("Worksheets"));
  if (worksheets->len == 0)
    add_plain (blocks, REFRAME_PDF_NOTE, _ ("No worksheets chosen from this period."));
  for (guint i = 0; i < worksheets->len; i++)
    {
      ReframeReportWorksheet *item = g_ptr_array_index (worksheets, i);
      g_autofree char        *detail = dup_worksheet_detail (item->worksheet);

      add_subheading (blocks, get_item_title (item), detail);
      if (foreach_answer (blocks, item, add_question_and_answer) == 0)
        add_plain (blocks,
                   REFRAME_PDF_NOTE,
                   item->template == NULL ? _ ("This worksheet’s template is no longer installed, "
                                               "so its answers cannot be laid out.")
                                          : _ ("Nothing filled in yet."));
    }
}

/* Every result of each questionnaire, one line each, before the answers item by item. */
static void
add_score_history (GArray    *blocks,
                   GPtrArray *questionnaires)
{
  g_autoptr (GPtrArray) ids = g_ptr_array_new ();

  for (guint i = 0; i < questionnaires->len; i++)
    {
      const char *id = reframe_worksheet_get_template_id (
          ((ReframeReportWorksheet *) g_ptr_array_index (questionnaires, i))->worksheet);

      if (!g_ptr_array_find_with_equal_func (ids, id, g_str_equal, NULL))
        g_ptr_array_add (ids, (gpointer) id);
    }
  for (guint i = 0; i < ids->len; i++)
    for (guint j = 0; j < questionnaires->len; j++)
      {
        ReframeReportWorksheet *item = g_ptr_array_index (questionnaires, j);
        GDateTime              *when = reframe_worksheet_get_completed_at (item->worksheet);
        g_autofree char        *day =
            format_day_of (when != NULL ? when : reframe_worksheet_get_created (item->worksheet));
        int              score = reframe_worksheet_get_score (item->worksheet);
        const char      *band = reframe_worksheet_get_band (item->worksheet);
        g_autofree char *label = NULL;

        if (!g_str_equal (reframe_worksheet_get_template_id (item->worksheet),
                          g_ptr_array_index (ids, i)) ||
            score == REFRAME_WORKSHEET_NO_SCORE)
          continue;
        /* Translators: a line of the questionnaire results: "PHQ-9, 10 March 2024" */
        label = g_strdup_printf (_ ("%s, %s"), get_item_title (item), day);
        add_fact (blocks,
                  label,
                  g_markup_printf_escaped (
                      "<b>%d</b>%s%s", score, band != NULL ? " · " : "", band != NULL ? band : ""),
                  SUMMARY_LABEL_SHARE + 0.1);
      }
}

static void
add_questionnaires (GArray        *blocks,
                    ReframeReport *report)
{
  GPtrArray *questionnaires = reframe_report_get_questionnaires (report);

  if (!(reframe_report_get_kinds (report) & REFRAME_REPORT_QUESTIONNAIRES))
    return;
  add_plain (blocks, REFRAME_PDF_HEADING, _ ("Questionnaires"));
  if (questionnaires->len == 0)
    add_plain (blocks, REFRAME_PDF_NOTE, _ ("No questionnaires chosen from this period."));
  if (questionnaires->len > 1)
    {
      add_plain (blocks, REFRAME_PDF_SUBHEADING, _ ("All results in the period"));
      add_score_history (blocks, questionnaires);
    }
  for (guint i = 0; i < questionnaires->len; i++)
    {
      ReframeReportWorksheet *item = g_ptr_array_index (questionnaires, i);
      g_autofree char        *detail = dup_worksheet_detail (item->worksheet);
      int                     score = reframe_worksheet_get_score (item->worksheet);
      const char             *band = reframe_worksheet_get_band (item->worksheet);

      add_subheading (blocks, get_item_title (item), detail);
      if (score != REFRAME_WORKSHEET_NO_SCORE)
        add_fact (blocks,
                  _ ("Total score"),
                  g_markup_printf_escaped (
                      "<b>%d</b>%s%s", score, band != NULL ? " · " : "", band != NULL ? band : ""),
                  ITEM_LABEL_SHARE);
      foreach_answer (blocks, item, add_item_answer);
    }
}

/* Homework from a therapist's plan: how it went over the plan's weeks, under its bar. */
static void
add_plan_progress (GArray                      *blocks,
                   const ReframeReportHomework *item)
{
  g_autofree char *from = NULL, *to = NULL;
  g_autofree char *text = NULL;

  if (!g_date_valid (&item->plan_from))
    return;
  from = format_date (&item->plan_from);
  to = format_date (&item->plan_to);
  if (item->plan_therapist != NULL && *item->plan_therapist != '\0')
    /* Translators: homework done n of m times over a homework plan's period; its first and last
     * day, and the therapist */
    text = g_strdup_printf (_ ("Over the plan of %s to %s from %s: %u of %u done"),
                            from,
                            to,
                            item->plan_therapist,
                            item->plan_done,
                            item->plan_expected);
  else
    /* Translators: homework done n of m times over a homework plan's period, with its first and
     * last day */
    text = g_strdup_printf (_ ("Over the plan of %s to %s: %u of %u done"),
                            from,
                            to,
                            item->plan_done,
                            item->plan_expected);
  add_plain (blocks, REFRAME_PDF_NOTE, text);
}

static void
add_homework (GArray        *blocks,
              ReframeReport *report)
{
  GPtrArray *homework = reframe_report_get_homework (report);

  if (!(reframe_report_get_kinds (report) & REFRAME_REPORT_HOMEWORK))
    return;
  add_plain (blocks, REFRAME_PDF_HEADING, _ ("Homework"));
  if (homework->len == 0)
    add_plain (blocks, REFRAME_PDF_NOTE, _ ("No homework was assigned in this period."));
  for (guint i = 0; i < homework->len; i++)
    {
      ReframeReportHomework *item = g_ptr_array_index (homework, i);

      add_block (blocks,
                 REFRAME_PDF_BAR,
                 g_markup_escape_text (reframe_assignment_get_title (item->assignment), -1),
                 /* Translators: homework done against assigned in the period */
                 g_markup_printf_escaped (_ ("%u of %u done"), item->done, item->expected),
                 item->expected > 0 ? MIN (1.0, (double) item->done / item->expected) : 0);
      add_plan_progress (blocks, item);
    }
}

static char *
dup_entry_detail (ReframeMoodEntry *entry)
{
  g_autoptr (GString) text = g_string_new (NULL);
  const char *const *feelings = reframe_mood_entry_get_feelings (entry);
  const char *const *activities = reframe_mood_entry_get_activities (entry);
  double             sleep = reframe_mood_entry_get_sleep_hours (entry);

  if (feelings != NULL && feelings[0] != NULL)
    {
      g_autofree char *list = g_strjoinv (", ", (char **) feelings);
      /* Translators: the feelings of a mood entry in the report */
      g_string_append_printf (text, _ ("Feelings: %s"), list);
    }
  if (activities != NULL && activities[0] != NULL)
    {
      g_autofree char *list = g_strjoinv (", ", (char **) activities);
      g_string_append (text, text->len > 0 ? "  ·  " : "");
      /* Translators: the activities of a mood entry in the report */
      g_string_append_printf (text, _ ("Activities: %s"), list);
    }
  if (sleep >= 0)
    {
      g_string_append (text, text->len > 0 ? "  ·  " : "");
      /* Translators: hours slept, in the report */
      g_string_append_printf (text, _ ("Slept %.1f h"), sleep);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
add_entry (GArray           *blocks,
           ReframeMoodEntry *entry)
{
  g_autoptr (GDateTime) local = g_date_time_to_local (reframe_mood_entry_get_time (entry));
  g_autofree char *when =
      reframe_locale_format_day_and_clock (local, REFRAME_DATE_ABBREVIATED_WEEKDAY);
  g_autofree char *detail = NULL;
  const char      *note = reframe_mood_entry_get_note (entry);
  ReframeMood      mood = reframe_mood_entry_get_mood (entry);

  detail = reframe_mood_entry_get_private (entry) ? g_strdup_printf ("%s%s", when, _ (" · private"))
                                                  : g_strdup (when);
  add_subheading (
      blocks, mood != REFRAME_MOOD_NONE ? reframe_mood_get_label (mood) : _ ("No mood"), detail);
  if (note != NULL && *note != '\0')
    add_note (blocks, note);
  g_clear_pointer (&detail, g_free);
  detail = dup_entry_detail (entry);
  if (*detail != '\0')
    add_plain (blocks, REFRAME_PDF_NOTE, detail);
}

static void
add_entries (GArray        *blocks,
             ReframeReport *report)
{
  GPtrArray *entries = reframe_report_get_entries (report);

  if (!(reframe_report_get_kinds (report) & REFRAME_REPORT_ENTRIES))
    return;
  add_plain (blocks, REFRAME_PDF_HEADING, _ ("Journal entries"));
  if (entries->len == 0)
    add_plain (blocks, REFRAME_PDF_NOTE, _ ("No entries chosen from this period."));
  for (guint i = 0; i < entries->len; i++)
    add_entry (blocks, g_ptr_array_index (entries, i));
}

/* The person's safety plan, when they chose to share it: every step, what they wrote
 * and the people with their numbers; steps still to write say so. */
static void
add_safety_plan (GArray        *blocks,
                 ReframeReport *report)
{
  ReframeSafetyPlan *plan = reframe_report_get_safety_plan (report);
  GDateTime         *updated;
  GPtrArray         *steps;

  if (plan == NULL)
    return;
  /* On a page of its own: the report is read from the front, the plan looked up. */
  add_block (blocks, REFRAME_PDF_PAGE_BREAK, NULL, NULL, 0);
  add_plain (blocks, REFRAME_PDF_HEADING, _ ("Safety plan"));
  updated = reframe_safety_plan_get_updated (plan);
  if (updated == NULL)
    add_plain (blocks, REFRAME_PDF_NOTE, _ ("No safety plan written yet."));
  else
    {
      g_autofree char *day = format_day_of (updated);
      /* Translators: under the safety plan's heading in the report; %s is a date */
      g_autofree char *note = g_strdup_printf (_ ("Last changed %s"), day);

      add_plain (blocks, REFRAME_PDF_NOTE, note);
    }
  steps = reframe_safety_plan_get_steps (plan);
  for (guint i = 0; i < steps->len; i++)
    {
      const ReframeSafetyPlanStep *step = g_ptr_array_index (steps, i);

      add_plain (blocks, REFRAME_PDF_QUESTION, step->title);
      if (reframe_safety_plan_step_is_empty (step))
        add_plain (blocks, REFRAME_PDF_NOTE, _ ("Nothing filled in yet."));
      if (step->text != NULL)
        add_plain (blocks, REFRAME_PDF_TEXT, step->text);
      for (guint j = 0; j < step->contacts->len; j++)
        {
          const ReframeSafetyPlanContact *contact = g_ptr_array_index (step->contacts, j);

          add_fact (
              blocks,
              contact->name,
              g_markup_printf_escaped ("<b>%s</b>", contact->phone != NULL ? contact->phone : ""),
              ITEM_LABEL_SHARE);
        }
    }
}

static void
clear_block (gpointer data)
{
  ReframePdfBlock *block = data;

  if (block->borrowed)
    block->markup = NULL;
  g_clear_pointer (&block->markup, g_free);
  g_clear_pointer (&block->value, g_free);
}

/**
 * _reframe_report_pdf_build_blocks:
 *
 * Returns: (transfer full): the report as blocks (#ReframePdfBlock) in reading order
 */
GArray *
_reframe_report_pdf_build_blocks (ReframeReport *report)
{
  GArray *blocks = g_array_new (FALSE, TRUE, sizeof (ReframePdfBlock));

  g_array_set_clear_func (blocks, clear_block);
  add_header (blocks, report);
  add_own_words (blocks, report);
  add_summary (blocks, report);
  add_chart (blocks, report);
  /* The details start on a page of their own: the first is the one-minute read. */
  add_block (blocks, REFRAME_PDF_PAGE_BREAK, NULL, NULL, 0);
  add_questionnaires (blocks, report);
  add_homework (blocks, report);
  add_worksheets (blocks, report);
  add_entries (blocks, report);
  add_safety_plan (blocks, report);
  return blocks;
}

/**
 * _reframe_report_pdf_dup_footer:
 *
 * Returns: (transfer full): the markup of the running footer: name and period
 */
char *
_reframe_report_pdf_dup_footer (ReframeReport *report)
{
  const char      *name = reframe_report_get_name (report);
  g_autofree char *from = format_date (reframe_report_get_from (report));
  g_autofree char *to = format_date (reframe_report_get_to (report));

  if (name != NULL && *name != '\0')
    /* Translators: the running footer: name, then the period */
    return g_markup_printf_escaped (_ ("%s · Reframe report, %s – %s"), name, from, to);
  /* Translators: the running footer: the period */
  return g_markup_printf_escaped (_ ("Reframe report, %s – %s"), from, to);
}
