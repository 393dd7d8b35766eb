/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-report-markdown.c: the report as Markdown a clinician can read as plain text
 * or rendered: the summary first, then questionnaires item by item, worksheets as
 * question and answer, homework, and the mood entries day by day.
 *
 * Worksheets follow reframe_worksheet_to_text()'s reading (fields in template order,
 * choices by their labels, feelings with their ratings), but every piece of the
 * person's text is escaped so that nothing they wrote turns into markup.
 */

#define G_LOG_DOMAIN "ReframeReport"

#include "config.h"

#include "reframe-i18n.h"
#include <math.h>

#include "reframe-chart.h"
#include "reframe-report-private.h"
#include "reframe-locale.h"

/* Escaping */

static gboolean
starts_block (const char *line)
{
  const char *p = line;

  if (*p == '#' || *p == '+' || *p == '-' || *p == '=' || *p == '>')
    return TRUE;
  while (g_ascii_isdigit (*p))
    p++;
  return p != line && (*p == '.' || *p == ')');
}

/* Appends @text with Markdown's special characters escaped; each line break becomes
 * @line_break (a hard break, or a blockquote's next line). */
static void
append_escaped (GString    *md,
                const char *text,
                const char *line_break)
{
  gboolean line_start = TRUE;

  for (const char *p = text != NULL ? text : ""; *p != '\0'; p++)
    {
      if (*p == '\r')
        continue;
      if (*p == '\n')
        {
          g_string_append (md, line_break);
          line_start = TRUE;
          continue;
        }
      if (line_start && (*p == ' ' || *p == '\t'))
        {
          /* Leading spaces would make a code block. */
          g_string_append (md, "&#32;");
          continue;
        }
      if ((line_start && starts_block (p)) || strchr ("\\`*_[]<>|~", *p) != NULL)
        g_string_append_c (md, '\\');
      g_string_append_c (md, *p);
      line_start = FALSE;
    }
}

static void
append_paragraph (GString    *md,
                  const char *text)
{
  append_escaped (md, text, "  \n");
  g_string_append (md, "\n\n");
}

/* Dates */

static char *
format_date (const GDate *day)
{
  if (day == NULL || !g_date_valid (day))
    return NULL;
  return reframe_locale_format_date (day, REFRAME_DATE_FULL);
}

static char *
format_local (GDateTime       *time,
              ReframeDateStyle style)
{
  g_autoptr (GDateTime) local = time != NULL ? g_date_time_to_local (time) : NULL;

  return local != NULL ? reframe_locale_format_day (local, style) : g_strdup ("");
}

static char *
format_local_with_clock (GDateTime *time)
{
  g_autoptr (GDateTime) local = time != NULL ? g_date_time_to_local (time) : NULL;

  return local != NULL ? reframe_locale_format_day_and_clock (local, REFRAME_DATE_FULL)
                       : g_strdup ("");
}

static char *
format_clock (GDateTime *time)
{
  g_autoptr (GDateTime) local = time != NULL ? g_date_time_to_local (time) : NULL;

  return local != NULL ? reframe_locale_format_clock (local) : g_strdup ("");
}

/* Values of worksheet fields */

static void append_value (GString                    *md,
                          const ReframeTemplateField *field,
                          JsonNode                   *node);

static char *
scalar_text (const ReframeTemplateField *field,
             JsonNode                   *node)
{
  char *text = _reframe_report_dup_answer_text (field, node);

  return text != NULL ? text : g_strdup ("");
}

static void
append_emotion (GString    *md,
                JsonObject *row)
{
  JsonNode *name = json_object_get_member (row, "name");

  g_string_append (md, "- ");
  append_escaped (
      md, name != NULL && JSON_NODE_HOLDS_VALUE (name) ? json_node_get_string (name) : "", " ");
  if (json_object_has_member (row, "before"))
    g_string_append_printf (md, ": %" G_GINT64_FORMAT, json_object_get_int_member (row, "before"));
  if (json_object_has_member (row, "after"))
    /* Translators: an emotion's first rating, then its re-rating: "80 → 40" */
    g_string_append_printf (
        md, _ (" → %lld"), (long long) json_object_get_int_member (row, "after"));
  g_string_append_c (md, '\n');
}

static void
append_table_row (GString                    *md,
                  const ReframeTemplateField *field,
                  JsonObject                 *row)
{
  GPtrArray *columns = reframe_template_field_get_columns (field);
  gboolean   first = TRUE;

  g_string_append (md, "- ");
  for (guint i = 0; columns != NULL && i < columns->len; i++)
    {
      const ReframeTemplateField *column = g_ptr_array_index (columns, i);
      JsonNode                   *cell = json_object_get_member (row, reframe_template_field_get_id (column));

      if (cell == NULL || !JSON_NODE_HOLDS_VALUE (cell))
        continue;
      g_string_append (md, first ? "" : "; ");
      g_string_append_printf (md, "%s: ", reframe_template_field_get_label (column));
      append_value (md, column, cell);
      first = FALSE;
    }
  g_string_append_c (md, '\n');
}

static void
append_value (GString                    *md,
              const ReframeTemplateField *field,
              JsonNode                   *node)
{
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      g_autofree char *text = scalar_text (field, node);
      append_escaped (md, text, "  \n");
      return;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
    {
      JsonNode *element = json_array_get_element (json_node_get_array (node), i);

      if (JSON_NODE_HOLDS_OBJECT (element) && field != NULL &&
          reframe_template_field_get_field_type (field) == REFRAME_FIELD_EMOTIONS)
        append_emotion (md, json_node_get_object (element));
      else if (JSON_NODE_HOLDS_OBJECT (element) && field != NULL)
        append_table_row (md, field, json_node_get_object (element));
      else if (JSON_NODE_HOLDS_VALUE (element))
        {
          g_autofree char *text = scalar_text (field, element);
          g_string_append (md, i > 0 ? ", " : "");
          append_escaped (md, text, " ");
        }
    }
}

static void
append_field (GString                    *md,
              const ReframeTemplateField *field,
              JsonNode                   *node)
{
  gboolean list = JSON_NODE_HOLDS_ARRAY (node) &&
                  json_array_get_length (json_node_get_array (node)) > 0 &&
                  JSON_NODE_HOLDS_OBJECT (json_array_get_element (json_node_get_array (node), 0));

  g_string_append (md, "**");
  append_escaped (md, reframe_template_field_get_label (field), " ");
  g_string_append (md, list ? "**\n\n" : "**  \n");
  append_value (md, field, node);
  g_string_append (md, list ? "\n" : "\n\n");
}

/* Sections */

static void
append_worksheet_body (GString                *md,
                       ReframeReportWorksheet *item)
{
  JsonObject *answers = reframe_worksheet_get_answers (item->worksheet);
  GPtrArray  *steps;

  if (answers == NULL)
    return;
  if (item->template == NULL)
    {
      /* The template is gone: the answers as they were stored. */
      g_autoptr (GList) members = json_object_get_members (answers);

      for (GList *l = members; l != NULL; l = l->next)
        {
          g_autoptr (JsonGenerator) generator = json_generator_new ();
          g_autofree char *text = NULL;

          json_generator_set_root (generator, json_object_get_member (answers, l->data));
          text = json_generator_to_data (generator, NULL);
          g_string_append_printf (md, "**%s**  \n", (const char *) l->data);
          append_paragraph (md, text);
        }
      return;
    }
  steps = reframe_template_get_steps (item->template);
  for (guint i = 0; i < steps->len; i++)
    {
      GPtrArray *fields = reframe_template_step_get_fields (g_ptr_array_index (steps, i));

      for (guint j = 0; j < fields->len; j++)
        {
          const ReframeTemplateField *field = g_ptr_array_index (fields, j);
          JsonNode                   *node = json_object_get_member (answers, reframe_template_field_get_id (field));

          if (node != NULL)
            append_field (md, field, node);
        }
    }
}

static const char *
item_title (ReframeReportWorksheet *item)
{
  return item->template != NULL ? reframe_template_get_title (item->template)
                                : reframe_worksheet_get_template_id (item->worksheet);
}

static void
append_heading (GString                *md,
                ReframeReportWorksheet *item)
{
  g_autofree char *when =
      format_local (reframe_worksheet_get_completed_at (item->worksheet), REFRAME_DATE_FULL);

  g_string_append (md, "### ");
  append_escaped (md, item_title (item), " ");
  g_string_append_printf (md,
                          " — %s%s\n\n",
                          when,
                          reframe_worksheet_get_private (item->worksheet) ? _ (" (private)") : "");
}

static void
append_worksheets (GString       *md,
                   ReframeReport *self)
{
  if ((self->kinds & REFRAME_REPORT_WORKSHEETS) == 0)
    return;
  g_string_append_printf (md, "## %s\n\n", _ ("Worksheets"));
  if (self->worksheets->len == 0)
    g_string_append_printf (md, "%s\n\n", _ ("No worksheets in this period."));
  for (guint i = 0; i < self->worksheets->len; i++)
    {
      ReframeReportWorksheet *item = g_ptr_array_index (self->worksheets, i);

      append_heading (md, item);
      append_worksheet_body (md, item);
    }
}

/* A questionnaire as a table: each item, the answer and its points. */
static void
append_items_table (GString                *md,
                    ReframeReportWorksheet *item)
{
  JsonObject *answers = reframe_worksheet_get_answers (item->worksheet);
  GPtrArray  *steps = reframe_template_get_steps (item->template);
  guint       number = 0;

  /* Translators: column headers of a questionnaire's answers in the report: the question, the
   * answer given, the points it scores (nouns) */
  g_string_append_printf (md,
                          "| # | %s | %s | %s |\n|---:|---|---|---:|\n",
                          _ ("Question"),
                          _ ("Answer"),
                          _ ("Points"));
  for (guint i = 0; i < steps->len; i++)
    {
      GPtrArray *fields = reframe_template_step_get_fields (g_ptr_array_index (steps, i));

      for (guint j = 0; j < fields->len; j++)
        {
          const ReframeTemplateField *field = g_ptr_array_index (fields, j);
          JsonNode                   *node =
              answers != NULL
                                    ? json_object_get_member (answers, reframe_template_field_get_id (field))
                                    : NULL;
          g_autofree char *value =
              node != NULL && JSON_NODE_HOLDS_VALUE (node) ? scalar_text (NULL, node) : NULL;
          const ReframeTemplateOption *option =
              value != NULL ? reframe_template_field_lookup_option (field, value) : NULL;

          g_string_append_printf (md, "| %u | ", ++number);
          append_escaped (md, reframe_template_field_get_label (field), " ");
          g_string_append (md, " | ");
          if (node != NULL && JSON_NODE_HOLDS_VALUE (node))
            {
              /* One line: a line break would end the table. */
              g_autofree char *text = scalar_text (field, node);
              append_escaped (md, text, " ");
            }
          else if (node != NULL)
            append_value (md, field, node);
          else
            g_string_append (md, "—");
          if (option != NULL && option->scored)
            g_string_append_printf (md, " | %d |\n", option->score);
          else
            g_string_append (md, " | — |\n");
        }
    }
  g_string_append_c (md, '\n');
}

static void
append_questionnaires (GString       *md,
                       ReframeReport *self)
{
  if ((self->kinds & REFRAME_REPORT_QUESTIONNAIRES) == 0)
    return;
  g_string_append_printf (md, "## %s\n\n", _ ("Questionnaires"));
  if (self->questionnaires->len == 0)
    g_string_append_printf (md, "%s\n\n", _ ("No questionnaires in this period."));
  for (guint i = 0; i < self->questionnaires->len; i++)
    {
      ReframeReportWorksheet *item = g_ptr_array_index (self->questionnaires, i);
      int                     score = reframe_worksheet_get_score (item->worksheet);
      const char             *band = reframe_worksheet_get_band (item->worksheet);

      append_heading (md, item);
      if (score != REFRAME_WORKSHEET_NO_SCORE && item->template != NULL)
        g_string_append_printf (
            md, _ ("Score: **%d** of %d"), score, reframe_template_get_max_score (item->template));
      else if (score != REFRAME_WORKSHEET_NO_SCORE)
        g_string_append_printf (md, _ ("Score: **%d**"), score);
      if (score != REFRAME_WORKSHEET_NO_SCORE && band != NULL)
        {
          g_string_append (md, " (");
          append_escaped (md, band, " ");
          g_string_append (md, ")");
        }
      g_string_append (md, score != REFRAME_WORKSHEET_NO_SCORE ? "\n\n" : "");
      if (item->template != NULL)
        append_items_table (md, item);
      else
        append_worksheet_body (md, item);
    }
}

static char *
describe_frequency (ReframeAssignment *assignment)
{
  guint            times = reframe_assignment_get_times_per_week (assignment);
  g_autofree char *due = _reframe_report_format_day (reframe_assignment_get_due_date (assignment));

  switch (reframe_assignment_get_frequency (assignment))
    {
    case REFRAME_FREQUENCY_DAILY:
      return g_strdup (_ ("Every day"));
    case REFRAME_FREQUENCY_TIMES_PER_WEEK:
      return g_strdup_printf (
          g_dngettext (GETTEXT_PACKAGE, "Once a week", "%u times a week", times), times);
    case REFRAME_FREQUENCY_ONCE:
    default:
      return g_strdup_printf (_ ("Once, by %s"), due != NULL ? due : "");
    }
}

/* Over the plan's weeks: "10 of 12, plan of 2 March 2026 to 29 March 2026 (Dr. Ana Meyer)". */
static void
append_plan_progress (GString                     *md,
                      const ReframeReportHomework *homework)
{
  g_autofree char *from = NULL, *to = NULL;

  if (!g_date_valid (&homework->plan_from))
    {
      g_string_append (md, "—");
      return;
    }
  from = format_date (&homework->plan_from);
  to = format_date (&homework->plan_to);
  /* Translators: homework done n of m times over a homework plan's period, then its first and last
   * day */
  g_string_append_printf (
      md, _ ("%u of %u, %s to %s"), homework->plan_done, homework->plan_expected, from, to);
  if (homework->plan_therapist != NULL && *homework->plan_therapist != '\0')
    {
      g_string_append (md, " (");
      append_escaped (md, homework->plan_therapist, " ");
      g_string_append_c (md, ')');
    }
}

static gboolean
has_plans (ReframeReport *self)
{
  for (guint i = 0; i < self->homework->len; i++)
    if (g_date_valid (
            &((ReframeReportHomework *) g_ptr_array_index (self->homework, i))->plan_from))
      return TRUE;
  return FALSE;
}

static void
append_homework (GString       *md,
                 ReframeReport *self)
{
  gboolean plans;

  if ((self->kinds & REFRAME_REPORT_HOMEWORK) == 0)
    return;
  g_string_append_printf (md, "## %s\n\n", _ ("Homework"));
  if (self->homework->len == 0)
    {
      g_string_append_printf (md, "%s\n\n", _ ("No homework in this period."));
      return;
    }
  /* Homework from a therapist's plan also says how it went over the plan's weeks. */
  plans = has_plans (self);
  g_string_append_printf (md, "| %s | %s | %s |", _ ("Homework"), _ ("How often"), _ ("Done"));
  if (plans)
    g_string_append_printf (md, " %s |", _ ("Over the plan"));
  g_string_append (md, plans ? "\n|---|---|---:|---|\n" : "\n|---|---|---:|\n");
  for (guint i = 0; i < self->homework->len; i++)
    {
      ReframeReportHomework *homework = g_ptr_array_index (self->homework, i);
      g_autofree char       *frequency = describe_frequency (homework->assignment);

      g_string_append (md, "| ");
      append_escaped (md, reframe_assignment_get_title (homework->assignment), " ");
      g_string_append_printf (md, " | %s | ", frequency);
      /* Translators: homework done n of m times */
      g_string_append_printf (md, _ ("%u of %u"), homework->done, homework->expected);
      g_string_append (md, " |");
      if (plans)
        {
          g_string_append_c (md, ' ');
          append_plan_progress (md, homework);
          g_string_append (md, " |");
        }
      g_string_append_c (md, '\n');
    }
  g_string_append_c (md, '\n');
}

static void
append_tags (GString           *md,
             const char        *label,
             const char *const *tags)
{
  if (tags == NULL || tags[0] == NULL)
    return;
  g_string_append_printf (md, " · %s: ", label);
  for (guint i = 0; tags[i] != NULL; i++)
    {
      g_string_append (md, i > 0 ? ", " : "");
      append_escaped (md, tags[i], " ");
    }
}

/* A note as a quote; one too long to print is cut, and says so. */
static void
append_note (GString    *md,
             const char *note)
{
  gsize shown = _reframe_report_note_shown_length (note);

  g_string_append (md, "> ");
  if (note[shown] == '\0')
    append_escaped (md, note, "  \n> ");
  else
    {
      g_autofree char *start = g_strndup (note, shown);
      g_autofree char *mark = _reframe_report_dup_note_cut_mark (note, shown);

      append_escaped (md, start, "  \n> ");
      g_string_append (md, "\n>\n> *");
      append_escaped (md, mark, " ");
      g_string_append_c (md, '*');
    }
  g_string_append (md, "\n\n");
}

static void
append_entry (GString          *md,
              ReframeMoodEntry *entry)
{
  g_autofree char *time = format_clock (reframe_mood_entry_get_time (entry));
  double           sleep = reframe_mood_entry_get_sleep_hours (entry);
  const char      *note = reframe_mood_entry_get_note (entry);

  g_string_append_printf (
      md, "**%s · %s**", time, reframe_mood_get_label (reframe_mood_entry_get_mood (entry)));
  if (reframe_mood_entry_get_private (entry))
    g_string_append (md, _ (" (private)"));
  append_tags (md, _ ("Feelings"), reframe_mood_entry_get_feelings (entry));
  append_tags (md, _ ("Activities"), reframe_mood_entry_get_activities (entry));
  if (sleep >= 0)
    g_string_append_printf (md, _ (" · Slept %.1f h"), sleep);
  g_string_append (md, "\n\n");
  if (note != NULL && *note != '\0')
    append_note (md, note);
}

static void
append_entries (GString       *md,
                ReframeReport *self)
{
  g_autofree char *day = NULL;

  if ((self->kinds & REFRAME_REPORT_ENTRIES) == 0)
    return;
  g_string_append_printf (md, "## %s\n\n", _ ("Mood entries"));
  if (self->entries->len == 0)
    g_string_append_printf (md, "%s\n\n", _ ("No mood entries in this period."));
  for (guint i = 0; i < self->entries->len; i++)
    {
      ReframeMoodEntry *entry = g_ptr_array_index (self->entries, i);
      g_autofree char  *entry_day = reframe_mood_entry_dup_day (entry);

      if (g_strcmp0 (entry_day, day) != 0)
        {
          g_autofree char *heading =
              format_local (reframe_mood_entry_get_time (entry), REFRAME_DATE_FULL_WEEKDAY);

          g_string_append_printf (md, "### %s\n\n", heading);
          g_free (day);
          day = g_steal_pointer (&entry_day);
        }
      append_entry (md, entry);
    }
}

/* The first page */

static void
append_score_line (GString                  *md,
                   const ReframeReportScore *score)
{
  g_autofree char *when = format_local (score->when, REFRAME_DATE_FULL);

  g_string_append (md, "- **");
  append_escaped (md, score->title, " ");
  g_string_append (md, ":** ");
  if (score->max_score > 0)
    /* Translators: a questionnaire score out of its maximum, "12 of 27" */
    g_string_append_printf (md, _ ("%d of %d"), score->score, score->max_score);
  else
    g_string_append_printf (md, "%d", score->score);
  if (score->band != NULL)
    {
      g_string_append (md, ", ");
      append_escaped (md, score->band, " ");
    }
  g_string_append_printf (md, " (%s)", when);
  if (score->has_previous && score->change == 0)
    g_string_append_printf (
        md, _ ("; the same as the previous result (%d)"), score->previous_score);
  else if (score->has_previous)
    /* Translators: the change in points since the previous questionnaire, then the
     * previous score; the plural goes by the change */
    g_string_append_printf (md,
                            score->change > 0
                                ? g_dngettext (GETTEXT_PACKAGE,
                                               "; %d higher than the previous result (%d)",
                                               "; %d higher than the previous result (%d)",
                                               ABS (score->change))
                                : g_dngettext (GETTEXT_PACKAGE,
                                               "; %d lower than the previous result (%d)",
                                               "; %d lower than the previous result (%d)",
                                               ABS (score->change)),
                            ABS (score->change),
                            score->previous_score);
  g_string_append_c (md, '\n');
  if (score->safety_flag)
    g_string_append_printf (md,
                            "  - **%s**\n",
                            _ ("⚠ The question about thoughts of death or self-harm was answered "
                               "above zero. Please ask about it."));
}

static void
append_mood_summary (GString       *md,
                     ReframeReport *self)
{
  double first, second, trend = reframe_report_get_mood_trend (self, &first, &second);

  g_string_append (md, "- **");
  g_string_append (md, _ ("Days logged:"));
  g_string_append (md, "** ");
  /* Translators: days with at least one mood entry, out of the days in the period */
  g_string_append_printf (
      md,
      g_dngettext (GETTEXT_PACKAGE, "%u of %u day", "%u of %u days", self->days_in_period),
      self->days_logged,
      self->days_in_period);
  if (self->days_logged < self->days_in_period)
    g_string_append_printf (md,
                            g_dngettext (GETTEXT_PACKAGE,
                                         " (%u day without an entry)",
                                         " (%u days without an entry)",
                                         self->days_in_period - self->days_logged),
                            self->days_in_period - self->days_logged);
  g_string_append_c (md, '\n');
  if (!isnan (self->mean_mood))
    g_string_append_printf (
        md,
        g_dngettext (GETTEXT_PACKAGE,
                     "- **Average mood:** %.1f of 5 (%s), from %u entry\n",
                     "- **Average mood:** %.1f of 5 (%s), from %u entries\n",
                     self->n_entries_logged),
        self->mean_mood,
        reframe_mood_get_label (
            CLAMP ((int) lround (self->mean_mood), REFRAME_MOOD_MIN, REFRAME_MOOD_MAX)),
        self->n_entries_logged);
  if (!isnan (trend) && fabs (trend) < 0.05)
    g_string_append_printf (
        md,
        _ ("- **Trend:** steady, %.1f in the first half of the period and %.1f in the second\n"),
        first,
        second);
  else if (!isnan (trend))
    g_string_append_printf (md,
                            trend > 0 ? _ ("- **Trend:** higher, from %.1f in the first half of "
                                           "the period to %.1f in the second\n")
                                      : _ ("- **Trend:** lower, from %.1f in the first half of the "
                                           "period to %.1f in the second\n"),
                            first,
                            second);
  else if (self->days_logged > 0)
    g_string_append_printf (md,
                            "- **%s** %s\n",
                            _ ("Trend:"),
                            _ ("too few days logged in each half of the period to tell."));
}

static void
append_summary (GString       *md,
                ReframeReport *self)
{
  g_string_append_printf (md, "## %s\n\n", _ ("Summary"));
  if (reframe_report_is_empty (self))
    g_string_append_printf (md, "%s\n\n", _ ("Nothing was logged in this period."));
  if ((self->kinds & REFRAME_REPORT_MOOD_SUMMARY) != 0)
    append_mood_summary (md, self);
  for (guint i = 0; i < self->scores->len; i++)
    append_score_line (md, g_ptr_array_index (self->scores, i));
  if ((self->kinds & REFRAME_REPORT_HOMEWORK) != 0 && self->homework_expected > 0)
    /* Translators: homework done, out of how often it was planned; the plural goes by the second
     * number */
    g_string_append_printf (md,
                            g_dngettext (GETTEXT_PACKAGE,
                                         "- **Homework:** done %u of %u time\n",
                                         "- **Homework:** done %u of %u times\n",
                                         self->homework_expected),
                            self->homework_done,
                            self->homework_expected);
  if (self->n_emotion_records > 0)
    g_string_append_printf (md,
                            g_dngettext (GETTEXT_PACKAGE,
                                         "- **Thought records:** %u; feelings were %.0f points "
                                         "weaker on average after re-rating\n",
                                         "- **Thought records:** %u; feelings were %.0f points "
                                         "weaker on average after re-rating\n",
                                         self->n_emotion_records),
                            self->n_emotion_records,
                            self->emotion_drop);
  if (self->n_activities > 0)
    g_string_append_printf (
        md,
        g_dngettext (
            GETTEXT_PACKAGE,
            "- **Activities:** mood expected %.1f, mood afterwards %.1f (of 10; %u activity)\n",
            "- **Activities:** mood expected %.1f, mood afterwards %.1f (of 10; %u activities)\n",
            self->n_activities),
        self->activity_predicted,
        self->activity_actual,
        self->n_activities);
  g_string_append_c (md, '\n');
  if (self->insights != NULL && self->days_logged > 0)
    {
      g_autofree char *chart = reframe_chart_describe_mood_line (self->insights);

      append_paragraph (md, chart);
    }
}

/* The person's safety plan, when they chose to share it, at the end. */
static void
append_safety_plan (GString       *md,
                    ReframeReport *self)
{
  GPtrArray *steps;

  if (self->safety_plan == NULL)
    return;
  g_string_append_printf (md, "## %s\n\n", _ ("Safety plan"));
  if (reframe_safety_plan_get_updated (self->safety_plan) == NULL)
    g_string_append_printf (md, "%s\n\n", _ ("No safety plan written yet."));
  else
    {
      g_autofree char *day =
          format_local (reframe_safety_plan_get_updated (self->safety_plan), REFRAME_DATE_FULL);

      g_string_append_printf (md, _ ("Last changed %s"), day);
      g_string_append (md, "\n\n");
    }
  steps = reframe_safety_plan_get_steps (self->safety_plan);
  for (guint i = 0; i < steps->len; i++)
    {
      const ReframeSafetyPlanStep *step = g_ptr_array_index (steps, i);

      g_string_append (md, "### ");
      append_escaped (md, step->title, " ");
      g_string_append (md, "\n\n");
      if (reframe_safety_plan_step_is_empty (step))
        g_string_append_printf (md, "%s\n\n", _ ("Nothing filled in yet."));
      if (step->text != NULL)
        append_paragraph (md, step->text);
      for (guint j = 0; j < step->contacts->len; j++)
        {
          const ReframeSafetyPlanContact *contact = g_ptr_array_index (step->contacts, j);

          g_string_append (md, "- ");
          append_escaped (md, contact->name, " ");
          if (contact->phone != NULL)
            {
              g_string_append (md, ": **");
              append_escaped (md, contact->phone, " ");
              g_string_append (md, "**");
            }
          g_string_append_c (md, '\n');
        }
      if (step->contacts->len > 0)
        g_string_append_c (md, '\n');
    }
}

/* What the person wrote for the appointment, when they confirmed it: first, in their words. */
static void
append_own_words (GString       *md,
                  ReframeReport *self)
{
  if (self->own_words == NULL)
    return;
  g_string_append_printf (md, "## %s\n\n", _ ("In my own words"));
  append_paragraph (md, self->own_words);
}

static void
append_header (GString       *md,
               ReframeReport *self)
{
  g_autofree char *from = format_date (&self->from);
  g_autofree char *to = format_date (&self->to);
  g_autofree char *made = format_local_with_clock (self->made);

  g_string_append_printf (md, "# %s\n\n", _ ("Mood and therapy report"));
  if (self->name != NULL)
    {
      g_string_append_printf (md, "**%s** ", _ ("Name:"));
      append_escaped (md, self->name, " ");
      g_string_append (md, "  \n");
    }
  g_string_append_printf (md, "**%s** ", _ ("Period:"));
  g_string_append_printf (
      md,
      g_dngettext (
          GETTEXT_PACKAGE, "%s to %s (%u day)", "%s to %s (%u days)", self->days_in_period),
      from,
      to,
      self->days_in_period);
  g_string_append_printf (md, "  \n**%s** %s\n\n", _ ("Made:"), made);
  if (self->include_private)
    g_string_append_printf (md, "%s\n\n", _ ("This report includes items marked private."));
}

/**
 * _reframe_report_append_summary_markdown:
 * @md: where to append
 * @self: a report
 *
 * The first page's figures, as the Markdown report writes them: what the companion's
 * appointment draft is given, so that there is one summary of a period, not two.
 */
void
_reframe_report_append_summary_markdown (GString       *md,
                                         ReframeReport *self)
{
  append_summary (md, self);
}

/**
 * _reframe_report_append_entry_markdown:
 * @md: where to append
 * @entry: a mood entry
 *
 * One entry as the Markdown report writes it: its time, mood, feelings, activities and note.
 */
void
_reframe_report_append_entry_markdown (GString          *md,
                                       ReframeMoodEntry *entry)
{
  g_autofree char *heading =
      format_local (reframe_mood_entry_get_time (entry), REFRAME_DATE_FULL_WEEKDAY);

  g_string_append_printf (md, "### %s\n\n", heading);
  append_entry (md, entry);
}

/**
 * reframe_report_to_markdown:
 *
 * Returns: (transfer full): the report as UTF-8 Markdown
 */
GBytes *
reframe_report_to_markdown (ReframeReport *self)
{
  GString *md;

  g_return_val_if_fail (self != NULL, NULL);

  md = g_string_sized_new (4096 + self->entries->len * 512);
  append_header (md, self);
  append_own_words (md, self);
  append_summary (md, self);
  append_questionnaires (md, self);
  append_worksheets (md, self);
  append_homework (md, self);
  append_entries (md, self);
  append_safety_plan (md, self);
  /* One newline at the end, not two. */
  while (md->len > 1 && md->str[md->len - 1] == '\n' && md->str[md->len - 2] == '\n')
    g_string_truncate (md, md->len - 1);
  return g_string_free_to_bytes (md);
}
