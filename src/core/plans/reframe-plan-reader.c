/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-plan-reader.c: reading a homework plan file, and checking everything in it.
 *
 * Nothing in the file is trusted, and nothing of a plan that breaks the format is taken:
 * the first problem found is the error, said where it is ("Homework 2 of the plan
 * (“Thought record”): its start is not a day…") so that whoever wrote the plan by hand can
 * mend it. Members the reader does not know are ignored, as docs/plan-format.md says.
 */

#define G_LOG_DOMAIN "ReframePlan"

#include "config.h"

#include "reframe-i18n.h"
#include <string.h>

#include "reframe-plan-private.h"

/* How a member holding one value is: missing or null, of the expected type, or not. */
typedef enum
{
  MEMBER_ABSENT,
  MEMBER_OK,
  MEMBER_WRONG,
} MemberState;

static gboolean
fail (GError    **error,
      const char *message)
{
  g_set_error_literal (error, REFRAME_PLAN_ERROR, REFRAME_PLAN_ERROR_INVALID, message);
  return FALSE;
}

static MemberState
get_string (JsonObject  *object,
            const char  *name,
            const char **value)
{
  JsonNode *node = json_object_get_member (object, name);

  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return MEMBER_ABSENT;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return MEMBER_WRONG;
  *value = json_node_get_string (node);
  return g_utf8_validate (*value, -1, NULL) ? MEMBER_OK : MEMBER_WRONG;
}

static MemberState
get_int (JsonObject *object,
         const char *name,
         gint64     *value)
{
  JsonNode *node = json_object_get_member (object, name);

  *value = 0;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return MEMBER_ABSENT;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return MEMBER_WRONG;
  *value = json_node_get_int (node);
  return MEMBER_OK;
}

static JsonArray *
get_array (JsonObject *object,
           const char *name,
           gboolean   *wrong)
{
  JsonNode *node = json_object_get_member (object, name);

  *wrong = node != NULL && !JSON_NODE_HOLDS_NULL (node) && !JSON_NODE_HOLDS_ARRAY (node);
  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static JsonObject *
get_object (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* A day member: @fallback when it is missing (or null, when @null_is_none is FALSE);
 * cleared when it is null and @null_is_none. FALSE when it is there and not a day. */
static gboolean
get_day (JsonObject  *object,
         const char  *name,
         const GDate *fallback,
         gboolean     null_is_none,
         GDate       *day)
{
  JsonNode   *node = json_object_get_member (object, name);
  const char *text = NULL;

  g_date_clear (day, 1);
  if (node == NULL || (JSON_NODE_HOLDS_NULL (node) && !null_is_none))
    {
      if (fallback != NULL)
        *day = *fallback;
      return TRUE;
    }
  if (JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  return get_string (object, name, &text) == MEMBER_OK && _reframe_plan_parse_day (text, day);
}

/* Header */

static gboolean
check_format (JsonObject *document,
              GError    **error)
{
  const char *format = NULL;
  gint64      version = 0;

  if (document == NULL || get_string (document, "format", &format) != MEMBER_OK ||
      g_strcmp0 (format, REFRAME_PLAN_FORMAT) != 0)
    return fail (error,
                 _ ("This is not a Reframe homework plan: it does not begin with \"format\": "
                    "\"reframe-plan\"."));
  if (get_int (document, "version", &version) != MEMBER_OK || version < 1)
    return fail (error,
                 _ ("The plan does not say which version of the format it follows (“version” must "
                    "be a whole number, 1 for now)."));
  if (version > REFRAME_PLAN_VERSION)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, version);

      /* Translators: the first %s is the plan's version, a whole number */
      g_set_error (error,
                   REFRAME_PLAN_ERROR,
                   REFRAME_PLAN_ERROR_TOO_NEW,
                   _ ("This plan was made for a newer version of Reframe (plan version %s; this "
                      "version reads version %d). Update Reframe to import it."),
                   number,
                   REFRAME_PLAN_VERSION);
      return FALSE;
    }
  return TRUE;
}

static ReframePlan *
read_header (JsonObject *document,
             GError    **error)
{
  JsonObject *period = get_object (document, "period");
  const char *uuid = NULL, *therapist = NULL, *created = NULL;
  MemberState therapist_state = get_string (document, "therapist", &therapist);
  g_autoptr (ReframePlan) plan = NULL;
  GDate from, to;

  if (get_string (document, "uuid", &uuid) != MEMBER_OK || !_reframe_plan_is_uuid (uuid))
    {
      fail (error,
            _ ("The plan’s “uuid” is missing or not a UUID, such as "
               "3f2504e0-4f89-41d3-9a0c-0305e82c3301."));
      return NULL;
    }
  if (therapist_state == MEMBER_WRONG ||
      (therapist != NULL && g_utf8_strlen (therapist, -1) > REFRAME_PLAN_TITLE_MAX))
    {
      fail (error, _ ("The plan’s “therapist” must be text of at most 200 characters."));
      return NULL;
    }
  if (period == NULL || !get_day (period, "from", NULL, FALSE, &from) ||
      !get_day (period, "to", NULL, FALSE, &to) || !g_date_valid (&from) || !g_date_valid (&to))
    {
      fail (error,
            _ ("The plan’s “period” must have a first and a last day, “from” and “to”, written "
               "YYYY-MM-DD."));
      return NULL;
    }
  if (!reframe_plan_check_period (&from, &to, error))
    return NULL;
  plan = reframe_plan_new (therapist, &from, &to);
  _reframe_plan_set_uuid (plan, uuid);
  if (get_string (document, "created", &created) == MEMBER_OK)
    _reframe_plan_set_created (plan, created);
  return g_steal_pointer (&plan);
}

/* Homework */

static const char *const frequency_keys[] = {
  [REFRAME_FREQUENCY_DAILY] = "daily",
  [REFRAME_FREQUENCY_TIMES_PER_WEEK] = "times_per_week",
  [REFRAME_FREQUENCY_ONCE] = "once",
};

static gboolean
read_frequency (JsonObject        *item,
                ReframeAssignment *assignment,
                GError           **error)
{
  const char *frequency = NULL;
  gint64      times = 1;
  MemberState times_state;

  if (get_string (item, "frequency", &frequency) != MEMBER_OK)
    return fail (error, _ ("its “frequency” must be \"daily\", \"times_per_week\" or \"once\"."));
  for (guint i = 0; i < G_N_ELEMENTS (frequency_keys); i++)
    if (g_str_equal (frequency, frequency_keys[i]))
      reframe_assignment_set_frequency (assignment, i);
  if (!g_str_equal (frequency, frequency_keys[reframe_assignment_get_frequency (assignment)]))
    return fail (error, _ ("its “frequency” must be \"daily\", \"times_per_week\" or \"once\"."));
  if (reframe_assignment_get_frequency (assignment) != REFRAME_FREQUENCY_TIMES_PER_WEEK)
    return TRUE;
  times_state = get_int (item, "times_per_week", &times);
  if (times_state != MEMBER_OK || times < 1 || times > 7)
    return fail (error, _ ("its “times_per_week” must be a whole number from 1 to 7."));
  reframe_assignment_set_times_per_week (assignment, (guint) times);
  return TRUE;
}

static gboolean
read_dates (ReframePlan       *plan,
            JsonObject        *item,
            ReframeAssignment *assignment,
            GError           **error)
{
  gboolean once = reframe_assignment_get_frequency (assignment) == REFRAME_FREQUENCY_ONCE;
  GDate    start, end, due;

  if (!get_day (item, "start", reframe_plan_get_from (plan), FALSE, &start))
    return fail (error, _ ("its “start” is not a day written YYYY-MM-DD."));
  if (!get_day (item, "end", once ? NULL : reframe_plan_get_to (plan), TRUE, &end))
    return fail (error, _ ("its “end” is not a day written YYYY-MM-DD (or null for no end)."));
  if (!get_day (item, "due", once ? reframe_plan_get_to (plan) : NULL, FALSE, &due))
    return fail (error, _ ("its “due” is not a day written YYYY-MM-DD."));
  if (!once && g_date_valid (&due))
    return fail (error, _ ("only homework done once has a day to do it by (“due”)."));
  reframe_assignment_set_start_date (assignment, &start);
  reframe_assignment_set_end_date (assignment, g_date_valid (&end) ? &end : NULL);
  reframe_assignment_set_due_date (assignment, g_date_valid (&due) ? &due : NULL);
  return TRUE;
}

static gboolean
read_texts (JsonObject        *item,
            ReframeAssignment *assignment,
            GError           **error)
{
  const char *title = NULL, *template_id = NULL, *reason = NULL, *note = NULL;

  if (get_string (item, "title", &title) != MEMBER_OK)
    return fail (error, _ ("its “title” is missing or not text."));
  if (get_string (item, "template_id", &template_id) == MEMBER_WRONG)
    return fail (error,
                 _ ("its “template_id” must be a template id, or null for a task in words."));
  if (get_string (item, "reason", &reason) == MEMBER_WRONG ||
      get_string (item, "note", &note) == MEMBER_WRONG)
    return fail (error, _ ("its “reason” and “note” must be text."));
  reframe_assignment_set_title (assignment, title);
  reframe_assignment_set_template_id (assignment, template_id);
  reframe_assignment_set_rationale (assignment, reason);
  reframe_assignment_set_therapist_note (assignment, note);
  return TRUE;
}

static gboolean
read_item (ReframePlan *plan,
           JsonNode    *node,
           GError     **error)
{
  JsonObject *item = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  const char *uuid = NULL;
  g_autoptr (ReframeAssignment) assignment = NULL;

  if (item == NULL)
    return fail (error, _ ("it is not an object of members (“uuid”, “title”, “frequency”…)."));
  if (get_string (item, "uuid", &uuid) != MEMBER_OK || !_reframe_plan_is_uuid (uuid))
    return fail (
        error,
        _ ("its “uuid” is missing or not a UUID, such as 3f2504e0-4f89-41d3-9a0c-0305e82c3301."));
  assignment = g_object_new (REFRAME_TYPE_ASSIGNMENT, "uuid", uuid, NULL);
  return read_texts (item, assignment, error) && read_frequency (item, assignment, error) &&
         read_dates (plan, item, assignment, error) &&
         reframe_plan_add_item (plan, assignment, error);
}

static gboolean
read_items (ReframePlan *plan,
            JsonObject  *document,
            GError     **error)
{
  gboolean   wrong = FALSE;
  JsonArray *items = get_array (document, "assignments", &wrong);

  if (wrong)
    return fail (error, _ ("The plan’s “assignments” must be a list."));
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonNode   *node = json_array_get_element (items, i);
      const char *title = NULL;

      if (read_item (plan, node, error))
        continue;
      if (JSON_NODE_HOLDS_OBJECT (node) &&
          get_string (json_node_get_object (node), "title", &title) == MEMBER_OK && *title != '\0')
        {
          g_autofree char *shown = g_utf8_substring (title, 0, MIN (g_utf8_strlen (title, -1), 60));

          /* Translators: where a plan breaks the format: its homework by number and title, then
           * what is wrong */
          g_prefix_error (error, _ ("Homework %u of the plan (“%s”): "), i + 1, shown);
        }
      else
        /* Translators: where a plan breaks the format: its homework by number, then what is wrong
         */
        g_prefix_error (error, _ ("Homework %u of the plan: "), i + 1);
      return FALSE;
    }
  return TRUE;
}

/* Questionnaires to repeat */

static gboolean
read_repeat (ReframePlan *plan,
             JsonNode    *node,
             GError     **error)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  const char *uuid = NULL, *template_id = NULL, *note = NULL;
  gint64      every = 0;
  g_autoptr (ReframePlanRepeat) repeat = NULL;

  if (object == NULL)
    return fail (error,
                 _ ("it is not an object of members (“uuid”, “template_id”, “every_weeks”)."));
  if (get_string (object, "uuid", &uuid) != MEMBER_OK)
    return fail (
        error,
        _ ("its “uuid” is missing or not a UUID, such as 3f2504e0-4f89-41d3-9a0c-0305e82c3301."));
  if (get_string (object, "template_id", &template_id) != MEMBER_OK)
    return fail (error,
                 _ ("its “template_id” is missing; name the questionnaire, such as \"phq-9\"."));
  if (get_int (object, "every_weeks", &every) != MEMBER_OK || every < 1 ||
      every > REFRAME_PLAN_MAX_EVERY_WEEKS)
    return fail (error, _ ("its “every_weeks” must be a whole number from 1 to 26."));
  if (get_string (object, "note", &note) == MEMBER_WRONG)
    return fail (error, _ ("its “note” must be text."));
  repeat = reframe_plan_repeat_new (uuid, template_id, (guint) every, note);
  return reframe_plan_add_repeat (plan, repeat, error);
}

static gboolean
read_repeats (ReframePlan *plan,
              JsonObject  *document,
              GError     **error)
{
  gboolean   wrong = FALSE;
  JsonArray *repeats = get_array (document, "questionnaires", &wrong);

  if (wrong)
    return fail (error, _ ("The plan’s “questionnaires” must be a list."));
  for (guint i = 0; repeats != NULL && i < json_array_get_length (repeats); i++)
    if (!read_repeat (plan, json_array_get_element (repeats, i), error))
      {
        /* Translators: where a plan breaks the format: a questionnaire to repeat by number, then
         * what is wrong */
        g_prefix_error (error, _ ("Questionnaire %u of the plan: "), i + 1);
        return FALSE;
      }
  return TRUE;
}

/* Templates */

static gboolean
read_template (ReframePlan *plan,
               JsonNode    *node,
               GError     **error)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonObject *contents = object != NULL ? get_object (object, "template") : NULL;
  const char *id = NULL;
  gint64      version = 0;
  g_autoptr (ReframeTemplate) template = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *text = NULL;
  g_autofree char *file_name = NULL;
  gsize            len;

  if (contents == NULL || get_string (object, "id", &id) != MEMBER_OK ||
      get_int (object, "version", &version) != MEMBER_OK)
    return fail (error, _ ("it must have an “id”, a “version” and the “template” itself."));
  root = json_node_init_object (json_node_alloc (), contents);
  text = json_to_string (root, TRUE);
  len = strlen (text);
  bytes = g_bytes_new_take (g_steal_pointer (&text), len);
  file_name = g_strdup (id);
  if ((template = reframe_template_new_from_bytes (bytes, file_name, &local_error)) == NULL)
    {
      g_set_error (error,
                   REFRAME_PLAN_ERROR,
                   REFRAME_PLAN_ERROR_INVALID,
                   _ ("the worksheet “%s” it carries cannot be used: %s"),
                   id,
                   local_error->message);
      return FALSE;
    }
  if (!g_str_equal (reframe_template_get_id (template), id) ||
      reframe_template_get_version (template) != version)
    return fail (error, _ ("its “id” and “version” are not those of the template it carries."));
  return reframe_plan_add_template (plan, template, error);
}

static gboolean
read_templates (ReframePlan *plan,
                JsonObject  *document,
                GError     **error)
{
  gboolean   wrong = FALSE;
  JsonArray *templates = get_array (document, "templates", &wrong);

  if (wrong)
    return fail (error, _ ("The plan’s “templates” must be a list."));
  for (guint i = 0; templates != NULL && i < json_array_get_length (templates); i++)
    if (!read_template (plan, json_array_get_element (templates, i), error))
      {
        /* Translators: where a plan breaks the format: a template it carries by number, then what
         * is wrong */
        g_prefix_error (error, _ ("Template %u of the plan: "), i + 1);
        return FALSE;
      }
  return TRUE;
}

/**
 * _reframe_plan_read:
 *
 * Returns: (transfer full) (nullable): the checked plan
 */
ReframePlan *
_reframe_plan_read (GBytes  *bytes,
                    GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autoptr (GError) local_error = NULL;
  g_autoptr (ReframePlan) plan = NULL;
  JsonObject *document;
  JsonNode   *root;
  gsize       len = 0;
  const char *data = g_bytes_get_data (bytes, &len);

  if (len > REFRAME_PLAN_MAX_BYTES)
    {
      fail (error, _ ("This file is too big to be a homework plan."));
      return NULL;
    }
  /* json-glib reads a NUL as the end of the text: a file with one is not a plan. */
  if (len == 0 || memchr (data, '\0', len) != NULL ||
      !json_parser_load_from_data (parser, data, len, &local_error))
    {
      g_set_error (error,
                   REFRAME_PLAN_ERROR,
                   REFRAME_PLAN_ERROR_INVALID,
                   _ ("This homework plan cannot be read; it may be damaged or cut short (%s)."),
                   local_error != NULL ? local_error->message : _ ("it is empty or not text"));
      return NULL;
    }
  root = json_parser_get_root (parser);
  document = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  if (!check_format (document, error) || (plan = read_header (document, error)) == NULL ||
      !read_items (plan, document, error) || !read_repeats (plan, document, error) ||
      !read_templates (plan, document, error))
    return NULL;
  if (reframe_plan_get_items (plan)->len == 0 && reframe_plan_get_repeats (plan)->len == 0)
    {
      fail (error, _ ("The plan holds no homework and no questionnaires to repeat."));
      return NULL;
    }
  return g_steal_pointer (&plan);
}
