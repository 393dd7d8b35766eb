/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-worksheet-text.c: worksheets and homework as plain text.
 *
 * What the person attaches to a companion conversation is text they can read in the
 * preview before it is sent: each step's fields as "question: answer", choices by their
 * labels rather than their stored values, feelings with their ratings. */

#define G_LOG_DOMAIN "ReframeWorksheetText"

#include "config.h"

#include "reframe-i18n.h"

#include "reframe-assignment-repository.h"
#include "reframe-worksheet-repository.h"
#include "reframe-worksheet-text.h"

static void append_value (GString                    *text,
                          const ReframeTemplateField *field,
                          JsonNode                   *node);

static const char *
option_label (const ReframeTemplateField *field,
              const char                 *value)
{
  const ReframeTemplateOption *option = reframe_template_field_lookup_option (field, value);

  return option != NULL ? option->label : value;
}

static void
append_scalar (GString                    *text,
               const ReframeTemplateField *field,
               JsonNode                   *node)
{
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char      *value = json_node_get_string (node);
      ReframeFieldType type = reframe_template_field_get_field_type (field);

      g_string_append (text,
                       type == REFRAME_FIELD_SINGLE_CHOICE || type == REFRAME_FIELD_MULTIPLE_CHOICE
                           ? option_label (field, value)
                           : value);
      return;
    }
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    {
      if (reframe_template_field_get_field_type (field) == REFRAME_FIELD_SINGLE_CHOICE)
        {
          g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
          g_string_append (text, option_label (field, value));
          return;
        }
      g_string_append_printf (text, "%" G_GINT64_FORMAT, json_node_get_int (node));
      return;
    }
  g_string_append_printf (text, "%g", json_node_get_double (node));
}

static void
append_row (GString                    *text,
            const ReframeTemplateField *field,
            JsonObject                 *row)
{
  GPtrArray *columns = reframe_template_field_get_columns (field);
  gboolean   first = TRUE;

  if (reframe_template_field_get_field_type (field) == REFRAME_FIELD_EMOTIONS)
    {
      const char *name =
          json_object_has_member (row, "name") ? json_object_get_string_member (row, "name") : "";

      g_string_append (text, name != NULL ? name : "");
      if (json_object_has_member (row, "before"))
        g_string_append_printf (
            text, " %" G_GINT64_FORMAT, json_object_get_int_member (row, "before"));
      if (json_object_has_member (row, "after"))
        /* Translators: an emotion re-rated, e.g. "sad 80, then 40" */
        g_string_append_printf (
            text, _ (", then %lld"), (long long) json_object_get_int_member (row, "after"));
      return;
    }

  for (guint i = 0; columns != NULL && i < columns->len; i++)
    {
      const ReframeTemplateField *column = g_ptr_array_index (columns, i);
      JsonNode                   *cell = json_object_get_member (row, reframe_template_field_get_id (column));

      if (cell == NULL)
        continue;
      g_string_append (text, first ? "" : "; ");
      g_string_append_printf (text, "%s: ", reframe_template_field_get_label (column));
      append_value (text, column, cell);
      first = FALSE;
    }
}

static void
append_value (GString                    *text,
              const ReframeTemplateField *field,
              JsonNode                   *node)
{
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      append_scalar (text, field, node);
      return;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return;

  for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
    {
      JsonNode *element = json_array_get_element (json_node_get_array (node), i);

      if (JSON_NODE_HOLDS_OBJECT (element))
        {
          g_string_append (text, "\n  - ");
          append_row (text, field, json_node_get_object (element));
        }
      else if (JSON_NODE_HOLDS_VALUE (element))
        {
          g_string_append (text, i > 0 ? ", " : "");
          append_scalar (text, field, element);
        }
    }
}

/**
 * reframe_worksheet_to_text:
 * @worksheet: a worksheet
 * @template: the template it was made with
 *
 * Returns: (transfer full): the answered fields, step by step, as plain text
 */
char *
reframe_worksheet_to_text (ReframeWorksheet *worksheet,
                           ReframeTemplate *template)
{
  g_autoptr (GString) text = g_string_new (NULL);
  JsonObject *answers = reframe_worksheet_get_answers (worksheet);
  GPtrArray  *steps = reframe_template_get_steps (template);
  g_autoptr (GDateTime) updated = g_date_time_to_local (reframe_worksheet_get_updated (worksheet));
  g_autofree char *day = g_date_time_format (updated, "%Y-%m-%d");

  /* Translators: a worksheet's state after its title and day: "finished" or "draft" */
  g_string_append_printf (text,
                          "%s (%s, %s)\n",
                          reframe_template_get_title (template),
                          day,
                          reframe_worksheet_get_status (worksheet) == REFRAME_WORKSHEET_COMPLETED
                              ? _ ("finished")
                              : _ ("draft"));
  if (reframe_worksheet_get_score (worksheet) != REFRAME_WORKSHEET_NO_SCORE)
    /* Translators: a questionnaire's total score, then its band ("moderate") */
    g_string_append_printf (
        text,
        _ ("Score %d (%s)\n"),
        reframe_worksheet_get_score (worksheet),
        reframe_worksheet_get_band (worksheet) ? reframe_worksheet_get_band (worksheet) : "");

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

          if (node == NULL)
            continue;
          g_string_append_printf (text, "%s: ", reframe_template_field_get_label (field));
          append_value (text, field, node);
          g_string_append_c (text, '\n');
        }
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * reframe_homework_to_text:
 * @store: the journal
 * @today: (nullable): the day to count the week from; %NULL for today
 * @error: return location for a store error
 *
 * Returns: (transfer full) (nullable): the active assignments with this week's progress
 */
char *
reframe_homework_to_text (ReframeStore *store,
                          const GDate  *today,
                          GError      **error)
{
  ReframeAssignmentRepository *repository = reframe_store_get_assignments (store);
  g_autoptr (GListModel) assignments = reframe_assignment_repository_list (repository, error);
  g_autoptr (GString) text = NULL;

  if (assignments == NULL)
    return NULL;
  if (g_list_model_get_n_items (assignments) == 0)
    return g_strdup (_ ("No homework assigned."));

  text = g_string_new (NULL);
  for (guint i = 0; i < g_list_model_get_n_items (assignments); i++)
    {
      g_autoptr (ReframeAssignment) assignment = g_list_model_get_item (assignments, i);
      ReframeHomeworkProgress progress = { 0 };
      const char             *rationale = reframe_assignment_get_rationale (assignment);

      if (!reframe_assignment_repository_get_progress (
              repository, assignment, today, &progress, error))
        return NULL;
      /* Translators: one homework line: the title, then done n of m this week */
      g_string_append_printf (text,
                              _ ("- %s: done %u of %u this week"),
                              reframe_assignment_get_title (assignment),
                              progress.done,
                              progress.expected);
      if (rationale != NULL && *rationale != '\0')
        g_string_append_printf (text, _ (" (why: %s)"), rationale);
      g_string_append_c (text, '\n');
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}
