/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-safety-plan.c: the person's safety plan, read from the safety-plan worksheet.
 *
 * The plan is a worksheet like any other, so it is saved, searched, backed up and shared
 * the same way; this reads it back in the Stanley–Brown order of its template for what
 * shows it outside the worksheet editor: the safety-plan window, Get Help Now, the
 * one-page PDF and the wallet card. Every step is kept, empty or not, so that a reader
 * can show what is still to be written. */

#define G_LOG_DOMAIN "ReframeSafetyPlan"

#include "config.h"

#include "reframe-safety-plan.h"
#include "reframe-worksheet-repository.h"

struct _ReframeSafetyPlan
{
  GObject parent_instance;

  /* Owned */
  char      *title;
  char      *worksheet_uuid;
  GDateTime *updated;
  GPtrArray *steps; /* of ReframeSafetyPlanStep */
};

G_DEFINE_FINAL_TYPE (ReframeSafetyPlan, reframe_safety_plan, G_TYPE_OBJECT)
G_DEFINE_BOXED_TYPE (ReframeSafetyPlanContact,
                     reframe_safety_plan_contact,
                     reframe_safety_plan_contact_copy,
                     reframe_safety_plan_contact_free)
G_DEFINE_BOXED_TYPE (ReframeSafetyPlanStep,
                     reframe_safety_plan_step,
                     reframe_safety_plan_step_copy,
                     reframe_safety_plan_step_free)

ReframeSafetyPlanContact *
reframe_safety_plan_contact_copy (const ReframeSafetyPlanContact *contact)
{
  ReframeSafetyPlanContact *copy = g_new0 (ReframeSafetyPlanContact, 1);

  copy->name = g_strdup (contact->name);
  copy->phone = g_strdup (contact->phone);
  return copy;
}

void
reframe_safety_plan_contact_free (ReframeSafetyPlanContact *contact)
{
  if (contact == NULL)
    return;
  g_free (contact->name);
  g_free (contact->phone);
  g_free (contact);
}

ReframeSafetyPlanStep *
reframe_safety_plan_step_copy (const ReframeSafetyPlanStep *step)
{
  ReframeSafetyPlanStep *copy = g_new0 (ReframeSafetyPlanStep, 1);

  copy->id = g_strdup (step->id);
  copy->title = g_strdup (step->title);
  copy->guidance = g_strdup (step->guidance);
  copy->text = g_strdup (step->text);
  copy->contacts =
      g_ptr_array_copy (step->contacts, (GCopyFunc) reframe_safety_plan_contact_copy, NULL);
  g_ptr_array_set_free_func (copy->contacts, (GDestroyNotify) reframe_safety_plan_contact_free);
  return copy;
}

void
reframe_safety_plan_step_free (ReframeSafetyPlanStep *step)
{
  if (step == NULL)
    return;
  g_free (step->id);
  g_free (step->title);
  g_free (step->guidance);
  g_free (step->text);
  g_clear_pointer (&step->contacts, g_ptr_array_unref);
  g_free (step);
}

/**
 * reframe_safety_plan_step_is_empty:
 * @step: a step
 *
 * Returns: whether the person has written nothing in it yet
 */
gboolean
reframe_safety_plan_step_is_empty (const ReframeSafetyPlanStep *step)
{
  g_return_val_if_fail (step != NULL, TRUE);

  return step->text == NULL && step->contacts->len == 0;
}

/* Text with nothing but white space in it counts as not written. */
static char *
dup_written (const char *text)
{
  g_autofree char *copy = g_strdup (text != NULL ? text : "");

  g_strstrip (copy);
  return *copy != '\0' ? g_steal_pointer (&copy) : NULL;
}

static char *
cell_text (JsonObject *row,
           const char *column)
{
  JsonNode *node = json_object_get_member (row, column);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return dup_written (json_node_get_string (node));
}

/* A row's name is its first written column that is not the number. */
static ReframeSafetyPlanContact *
contact_from_row (const ReframeTemplateField *table,
                  JsonObject                 *row)
{
  GPtrArray                *columns = reframe_template_field_get_columns (table);
  ReframeSafetyPlanContact *contact = g_new0 (ReframeSafetyPlanContact, 1);

  for (guint i = 0; columns != NULL && i < columns->len; i++)
    {
      const char *id = reframe_template_field_get_id (g_ptr_array_index (columns, i));

      if (g_str_has_prefix (id, "phone"))
        {
          if (contact->phone == NULL)
            contact->phone = cell_text (row, id);
        }
      else if (contact->name == NULL)
        contact->name = cell_text (row, id);
    }
  if (contact->name == NULL && contact->phone == NULL)
    g_clear_pointer (&contact, reframe_safety_plan_contact_free);
  else if (contact->name == NULL)
    contact->name = g_strdup ("");
  return contact;
}

static void
read_field (ReframeSafetyPlanStep      *step,
            const ReframeTemplateField *field,
            JsonNode                   *node,
            GString                    *text)
{
  ReframeFieldType type = reframe_template_field_get_field_type (field);

  if ((type == REFRAME_FIELD_SHORT_TEXT || type == REFRAME_FIELD_LONG_TEXT) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    {
      g_autofree char *written = dup_written (json_node_get_string (node));

      if (written != NULL)
        g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "", written);
      return;
    }
  if (type != REFRAME_FIELD_TABLE || !JSON_NODE_HOLDS_ARRAY (node))
    return;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
    {
      JsonNode                 *element = json_array_get_element (json_node_get_array (node), i);
      ReframeSafetyPlanContact *contact =
          JSON_NODE_HOLDS_OBJECT (element)
              ? contact_from_row (field, json_node_get_object (element))
              : NULL;

      if (contact != NULL)
        g_ptr_array_add (step->contacts, contact);
    }
}

static ReframeSafetyPlanStep *
read_step (const ReframeTemplateStep *template_step,
           JsonObject                *answers)
{
  GPtrArray             *fields = reframe_template_step_get_fields (template_step);
  ReframeSafetyPlanStep *step = g_new0 (ReframeSafetyPlanStep, 1);
  g_autoptr (GString) text = g_string_new (NULL);

  step->id = g_strdup (
      fields->len > 0 ? reframe_template_field_get_id (g_ptr_array_index (fields, 0)) : "");
  step->title = g_strdup (reframe_template_step_get_title (template_step));
  step->guidance = g_strdup (reframe_template_step_get_guidance (template_step));
  step->contacts =
      g_ptr_array_new_with_free_func ((GDestroyNotify) reframe_safety_plan_contact_free);
  for (guint i = 0; i < fields->len; i++)
    {
      const ReframeTemplateField *field = g_ptr_array_index (fields, i);
      JsonNode                   *node = answers != NULL
                                             ? json_object_get_member (answers, reframe_template_field_get_id (field))
                                             : NULL;

      if (node != NULL)
        read_field (step, field, node, text);
    }
  step->text = text->len > 0 ? g_strdup (text->str) : NULL;
  return step;
}

static void
reframe_safety_plan_finalize (GObject *object)
{
  ReframeSafetyPlan *self = REFRAME_SAFETY_PLAN (object);

  g_free (self->title);
  g_free (self->worksheet_uuid);
  g_clear_pointer (&self->updated, g_date_time_unref);
  g_clear_pointer (&self->steps, g_ptr_array_unref);

  G_OBJECT_CLASS (reframe_safety_plan_parent_class)->finalize (object);
}

static void
reframe_safety_plan_class_init (ReframeSafetyPlanClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = reframe_safety_plan_finalize;
}

static void
reframe_safety_plan_init (ReframeSafetyPlan *self)
{
  self->steps = g_ptr_array_new_with_free_func ((GDestroyNotify) reframe_safety_plan_step_free);
}

/**
 * reframe_safety_plan_new:
 * @worksheet: (nullable): a safety-plan worksheet, %NULL for a plan not written yet
 * @template: the template it was made with (or will be)
 *
 * Returns: (transfer full): the plan, every step of the template in order
 */
ReframeSafetyPlan *
reframe_safety_plan_new (ReframeWorksheet *worksheet,
                         ReframeTemplate *template)
{
  ReframeSafetyPlan *self;
  GPtrArray         *steps;
  JsonObject        *answers;

  g_return_val_if_fail (worksheet == NULL || REFRAME_IS_WORKSHEET (worksheet), NULL);
  g_return_val_if_fail (REFRAME_IS_TEMPLATE (template), NULL);

  self = g_object_new (REFRAME_TYPE_SAFETY_PLAN, NULL);
  self->title = g_strdup (reframe_template_get_title (template));
  answers = worksheet != NULL ? reframe_worksheet_get_answers (worksheet) : NULL;
  if (worksheet != NULL)
    {
      self->worksheet_uuid = g_strdup (reframe_worksheet_get_uuid (worksheet));
      self->updated = reframe_worksheet_get_updated (worksheet) != NULL
                          ? g_date_time_ref (reframe_worksheet_get_updated (worksheet))
                          : NULL;
    }
  steps = reframe_template_get_steps (template);
  for (guint i = 0; i < steps->len; i++)
    g_ptr_array_add (self->steps, read_step (g_ptr_array_index (steps, i), answers));
  return self;
}

/**
 * reframe_safety_plan_new_from_steps:
 * @title: the plan's title
 * @worksheet_uuid: (nullable): the worksheet it was read from
 * @updated: (nullable): when it was last saved
 * @steps: (element-type ReframeSafetyPlanStep): the steps, in order; copied
 *
 * A plan read back from elsewhere than the journal, such as a report's JSON.
 *
 * Returns: (transfer full): the plan
 */
ReframeSafetyPlan *
reframe_safety_plan_new_from_steps (const char *title,
                                    const char *worksheet_uuid,
                                    GDateTime  *updated,
                                    GPtrArray  *steps)
{
  ReframeSafetyPlan *self;

  g_return_val_if_fail (title != NULL, NULL);
  g_return_val_if_fail (steps != NULL, NULL);

  self = g_object_new (REFRAME_TYPE_SAFETY_PLAN, NULL);
  self->title = g_strdup (title);
  self->worksheet_uuid = g_strdup (worksheet_uuid);
  self->updated = updated != NULL ? g_date_time_ref (updated) : NULL;
  for (guint i = 0; i < steps->len; i++)
    g_ptr_array_add (self->steps, reframe_safety_plan_step_copy (g_ptr_array_index (steps, i)));
  return self;
}

/**
 * reframe_safety_plan_load:
 * @store: the journal
 * @registry: the templates
 * @error: return location for a store error
 *
 * Reads the plan the person saved last. When they have none yet, the plan is empty (its
 * steps are there, with nothing written) and has no worksheet.
 *
 * Returns: (transfer full) (nullable): the plan, %NULL only on a store error
 */
ReframeSafetyPlan *
reframe_safety_plan_load (ReframeStore            *store,
                          ReframeTemplateRegistry *registry,
                          GError                 **error)
{
  g_autoptr (GListModel) plans = NULL;
  g_autoptr (ReframeWorksheet) plan = NULL;
  ReframeTemplate *template;

  g_return_val_if_fail (REFRAME_IS_STORE (store), NULL);
  g_return_val_if_fail (REFRAME_IS_TEMPLATE_REGISTRY (registry), NULL);

  plans = reframe_worksheet_repository_list (
      reframe_store_get_worksheets (store), REFRAME_SAFETY_PLAN_TEMPLATE, error);
  if (plans == NULL)
    return NULL;
  if (g_list_model_get_n_items (plans) > 0)
    plan = g_list_model_get_item (plans, 0);
  template = plan != NULL
                 ? reframe_template_registry_lookup (registry,
                                                     reframe_worksheet_get_template_id (plan),
                                                     reframe_worksheet_get_template_version (plan))
                 : NULL;
  if (template == NULL)
    {
      /* An unknown version of the template shows as a plan still to write: the
       * worksheet itself stays in the list, untouched. */
      g_clear_object (&plan);
      template = reframe_template_registry_lookup (registry, REFRAME_SAFETY_PLAN_TEMPLATE, 0);
    }
  if (template == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "The safety-plan template is missing");
      return NULL;
    }
  return reframe_safety_plan_new (plan, template);
}

/**
 * reframe_safety_plan_get_steps:
 * @self: the plan
 *
 * Returns: (transfer none) (element-type ReframeSafetyPlanStep): the steps, in order
 */
GPtrArray *
reframe_safety_plan_get_steps (ReframeSafetyPlan *self)
{
  g_return_val_if_fail (REFRAME_IS_SAFETY_PLAN (self), NULL);

  return self->steps;
}

/**
 * reframe_safety_plan_lookup_step:
 * @self: the plan
 * @id: a step's id ("helpers")
 *
 * Returns: (transfer none) (nullable): the step
 */
const ReframeSafetyPlanStep *
reframe_safety_plan_lookup_step (ReframeSafetyPlan *self,
                                 const char        *id)
{
  g_return_val_if_fail (REFRAME_IS_SAFETY_PLAN (self), NULL);

  for (guint i = 0; i < self->steps->len; i++)
    {
      const ReframeSafetyPlanStep *step = g_ptr_array_index (self->steps, i);

      if (g_strcmp0 (step->id, id) == 0)
        return step;
    }
  return NULL;
}

gboolean
reframe_safety_plan_is_empty (ReframeSafetyPlan *self)
{
  g_return_val_if_fail (REFRAME_IS_SAFETY_PLAN (self), TRUE);

  for (guint i = 0; i < self->steps->len; i++)
    if (!reframe_safety_plan_step_is_empty (g_ptr_array_index (self->steps, i)))
      return FALSE;
  return TRUE;
}

const char *
reframe_safety_plan_get_title (ReframeSafetyPlan *self)
{
  g_return_val_if_fail (REFRAME_IS_SAFETY_PLAN (self), NULL);

  return self->title;
}

/**
 * reframe_safety_plan_get_worksheet_uuid:
 * @self: the plan
 *
 * Returns: (nullable): the worksheet the plan was read from, %NULL when there is none yet
 */
const char *
reframe_safety_plan_get_worksheet_uuid (ReframeSafetyPlan *self)
{
  g_return_val_if_fail (REFRAME_IS_SAFETY_PLAN (self), NULL);

  return self->worksheet_uuid;
}

/**
 * reframe_safety_plan_get_updated:
 * @self: the plan
 *
 * Returns: (transfer none) (nullable): when it was last saved
 */
GDateTime *
reframe_safety_plan_get_updated (ReframeSafetyPlan *self)
{
  g_return_val_if_fail (REFRAME_IS_SAFETY_PLAN (self), NULL);

  return self->updated;
}

/**
 * reframe_safety_plan_dup_text:
 * @self: the plan
 *
 * Returns: (transfer full) (nullable): the written steps as plain text, each under its
 *   title, people as "name: number"; %NULL when nothing is written
 */
char *
reframe_safety_plan_dup_text (ReframeSafetyPlan *self)
{
  g_autoptr (GString) text = g_string_new (NULL);

  g_return_val_if_fail (REFRAME_IS_SAFETY_PLAN (self), NULL);

  for (guint i = 0; i < self->steps->len; i++)
    {
      const ReframeSafetyPlanStep *step = g_ptr_array_index (self->steps, i);

      if (reframe_safety_plan_step_is_empty (step))
        continue;
      g_string_append_printf (text, "%s%s\n", text->len > 0 ? "\n" : "", step->title);
      if (step->text != NULL)
        g_string_append_printf (text, "%s\n", step->text);
      for (guint j = 0; j < step->contacts->len; j++)
        {
          const ReframeSafetyPlanContact *contact = g_ptr_array_index (step->contacts, j);

          if (contact->phone != NULL)
            g_string_append_printf (text, "%s: %s\n", contact->name, contact->phone);
          else
            g_string_append_printf (text, "%s\n", contact->name);
        }
    }
  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

static void
add_nullable_string (JsonBuilder *builder,
                     const char  *name,
                     const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
build_step_json (const ReframeSafetyPlanStep *step,
                 JsonBuilder                 *builder)
{
  json_builder_begin_object (builder);
  add_nullable_string (builder, "id", step->id);
  add_nullable_string (builder, "title", step->title);
  add_nullable_string (builder, "text", step->text);
  json_builder_set_member_name (builder, "contacts");
  json_builder_begin_array (builder);
  for (guint i = 0; i < step->contacts->len; i++)
    {
      const ReframeSafetyPlanContact *contact = g_ptr_array_index (step->contacts, i);

      json_builder_begin_object (builder);
      add_nullable_string (builder, "name", contact->name);
      add_nullable_string (builder, "phone", contact->phone);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/**
 * reframe_safety_plan_build_json:
 * @self: the plan
 * @builder: where to add it, as one object value
 *
 * Adds the plan as `{"title", "worksheet_uuid", "updated", "steps": [{"id", "title",
 * "text", "contacts": [{"name", "phone"}]}]}`, every step in order, empty ones too
 * (their text null); the same for `reframe safety-plan --json` and the report's JSON.
 */
void
reframe_safety_plan_build_json (ReframeSafetyPlan *self,
                                JsonBuilder       *builder)
{
  g_autofree char *updated = NULL;

  g_return_if_fail (REFRAME_IS_SAFETY_PLAN (self));
  g_return_if_fail (JSON_IS_BUILDER (builder));

  if (self->updated != NULL)
    {
      g_autoptr (GDateTime) utc = g_date_time_to_utc (self->updated);
      updated = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
    }
  json_builder_begin_object (builder);
  add_nullable_string (builder, "title", self->title);
  add_nullable_string (builder, "worksheet_uuid", self->worksheet_uuid);
  add_nullable_string (builder, "updated", updated);
  json_builder_set_member_name (builder, "steps");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->steps->len; i++)
    build_step_json (g_ptr_array_index (self->steps, i), builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}
