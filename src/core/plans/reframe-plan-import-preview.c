/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-plan-import-preview.c: what importing a plan would add and change in the journal. */

#define G_LOG_DOMAIN "ReframePlan"

#include "config.h"

#include "reframe-i18n.h"
#include <string.h>

#include "reframe-assignment-repository-private.h"
#include "reframe-import-private.h"
#include "reframe-plan-import-private.h"
#include "reframe-plan-private.h"
#include "reframe-store-private.h"
#include "reframe-template-registry.h"

G_DEFINE_BOXED_TYPE (ReframePlanChange,
                     reframe_plan_change,
                     reframe_plan_change_copy,
                     reframe_plan_change_free)

/* ReframePlanChange */

static ReframePlanChange *
change_new (ReframePlanChangeKind kind,
            ReframeAssignment    *assignment,
            ReframeAssignment    *existing,
            GStrv                 fields)
{
  ReframePlanChange *change = g_new0 (ReframePlanChange, 1);

  change->kind = kind;
  change->assignment = g_object_ref (assignment);
  change->existing = existing ? g_object_ref (existing) : NULL;
  change->fields = fields ? fields : g_new0 (char *, 1);
  return change;
}

ReframePlanChange *
reframe_plan_change_copy (const ReframePlanChange *change)
{
  return change_new (
      change->kind, change->assignment, change->existing, g_strdupv (change->fields));
}

void
reframe_plan_change_free (ReframePlanChange *change)
{
  if (change == NULL)
    return;
  g_clear_object (&change->assignment);
  g_clear_object (&change->existing);
  g_strfreev (change->fields);
  g_free (change);
}

/**
 * reframe_plan_change_describe_field:
 * @field: a name among #ReframePlanChange's fields
 *
 * Returns: what the field is called for a person ("the start"), translated
 */
const char *
reframe_plan_change_describe_field (const char *field)
{
  static const struct
  {
    const char *field;
    const char *label;
  } labels[] = {
    { "title", N_ ("the title") },
    { "template_id", N_ ("the worksheet") },
    { "frequency", N_ ("how often") },
    { "times_per_week", N_ ("how many days a week") },
    { "start", N_ ("the first day") },
    { "end", N_ ("the last day") },
    { "due", N_ ("the day to do it by") },
    { "reason", N_ ("why it helps") },
    { "note", N_ ("the therapist’s note") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (field, labels[i].field) == 0)
      return _ (labels[i].label);
  return field;
}

/* Preview */

static ReframePlanPreview *
preview_new (void)
{
  ReframePlanPreview *preview = g_new0 (ReframePlanPreview, 1);

  preview->plan_kind = REFRAME_PLAN_CHANGE_ADD;
  preview->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) reframe_plan_change_free);
  preview->new_templates = g_ptr_array_new_with_free_func (g_object_unref);
  preview->present_templates = g_ptr_array_new_with_free_func (g_object_unref);
  return preview;
}

void
_reframe_plan_import_preview_free (ReframePlanPreview *preview)
{
  if (preview == NULL)
    return;
  g_ptr_array_unref (preview->changes);
  g_ptr_array_unref (preview->new_templates);
  g_ptr_array_unref (preview->present_templates);
  g_free (preview);
}

static gboolean
conflict (GError    **error,
          const char *format,
          ...) G_GNUC_PRINTF (2, 3);

static gboolean
conflict (GError    **error,
          const char *format,
          ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (
      error, g_error_new_valist (REFRAME_PLAN_ERROR, REFRAME_PLAN_ERROR_CONFLICT, format, args));
  va_end (args);
  return FALSE;
}

/* The templates the plan carries: new to the journal, or already there. */
static gboolean
check_templates (ReframePlan             *plan,
                 ReframeTemplateRegistry *registry,
                 ReframePlanPreview      *preview,
                 GError                 **error)
{
  GPtrArray *templates = reframe_plan_get_templates (plan);

  for (guint i = 0; i < templates->len; i++)
    {
      ReframeTemplate *template = g_ptr_array_index (templates, i);
      ReframeTemplate *existing = NULL;
      g_autoptr (GError) local_error = NULL;

      if (!reframe_template_registry_check_import (registry, template, &existing, &local_error))
        /* Translators: a template a plan carries, then why it cannot be added */
        return conflict (error,
                         _ ("The worksheet “%s” that comes with the plan cannot be added: %s"),
                         reframe_template_get_title (template),
                         local_error->message);
      g_ptr_array_add (existing != NULL ? preview->present_templates : preview->new_templates,
                       g_object_ref (template));
    }
  return TRUE;
}

static ReframeTemplate *
resolve_template (ReframePlan             *plan,
                  ReframeTemplateRegistry *registry,
                  const char              *id)
{
  ReframeTemplate *template = reframe_plan_lookup_template (plan, id);

  return template != NULL ? template : reframe_template_registry_lookup (registry, id, 0);
}

/* Every template the homework names is built in, in the journal, or in the plan; the
 * questionnaires to repeat are questionnaires. */
static gboolean
check_references (ReframePlan             *plan,
                  ReframeTemplateRegistry *registry,
                  GPtrArray               *assignments,
                  GError                 **error)
{
  GPtrArray *repeats = reframe_plan_get_repeats (plan);

  for (guint i = 0; i < assignments->len; i++)
    {
      ReframeAssignment *assignment = g_ptr_array_index (assignments, i);
      const char        *id = reframe_assignment_get_template_id (assignment);

      if (id != NULL && resolve_template (plan, registry, id) == NULL)
        return conflict (error,
                         _ ("The homework “%s” needs the worksheet “%s”, which neither comes with "
                            "Reframe nor with the plan."),
                         reframe_assignment_get_title (assignment),
                         id);
    }
  for (guint i = 0; i < repeats->len; i++)
    {
      ReframePlanRepeat *repeat = g_ptr_array_index (repeats, i);
      ReframeTemplate *template = resolve_template (plan, registry, repeat->template_id);

      if (template != NULL &&
          reframe_template_get_kind (template) != REFRAME_TEMPLATE_KIND_QUESTIONNAIRE)
        {
          g_set_error (error,
                       REFRAME_PLAN_ERROR,
                       REFRAME_PLAN_ERROR_INVALID,
                       _ ("Questionnaire %u of the plan is “%s”, a worksheet rather than a "
                          "questionnaire; list it among the homework instead."),
                       i + 1,
                       reframe_template_get_title (template));
          return FALSE;
        }
    }
  return TRUE;
}

/* The journal's homework with @uuid, deleted or not; %NULL when there is none. */
static ReframeAssignment *
read_existing (sqlite3    *db,
               const char *uuid,
               gboolean   *deleted,
               GError    **error)
{
  g_autoptr (sqlite3_stmt) stmt =
      _reframe_store_prepare (db,
                              "SELECT " REFRAME_ASSIGNMENT_COLUMNS
                              ", a.deleted_at IS NOT NULL FROM assignments a WHERE a.uuid = ?1",
                              error);
  int rc;

  *deleted = FALSE;
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      *deleted = sqlite3_column_int (stmt, 14) != 0;
      return _reframe_assignment_repository_read_row (stmt);
    }
  if (rc != SQLITE_DONE)
    _reframe_store_fail (error, db, rc);
  return NULL;
}

static gboolean
same_day (const GDate *a,
          const GDate *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_date_compare (a, b) == 0;
}

/* What the plan sets otherwise than the journal has it. */
static GStrv
compare (ReframeAssignment *planned,
         ReframeAssignment *existing)
{
  g_autoptr (GStrvBuilder) fields = g_strv_builder_new ();
  ReframeFrequency frequency = reframe_assignment_get_frequency (planned);
  g_autofree char *title = g_strstrip (g_strdup (reframe_assignment_get_title (existing)));

  if (g_strcmp0 (reframe_assignment_get_title (planned), title) != 0)
    g_strv_builder_add (fields, "title");
  if (g_strcmp0 (reframe_assignment_get_template_id (planned),
                 reframe_assignment_get_template_id (existing)) != 0)
    g_strv_builder_add (fields, "template_id");
  if (frequency != reframe_assignment_get_frequency (existing))
    g_strv_builder_add (fields, "frequency");
  else if (frequency == REFRAME_FREQUENCY_TIMES_PER_WEEK &&
           reframe_assignment_get_times_per_week (planned) !=
               reframe_assignment_get_times_per_week (existing))
    g_strv_builder_add (fields, "times_per_week");
  if (!same_day (reframe_assignment_get_start_date (planned),
                 reframe_assignment_get_start_date (existing)))
    g_strv_builder_add (fields, "start");
  if (frequency != REFRAME_FREQUENCY_ONCE && !same_day (reframe_assignment_get_end_date (planned),
                                                        reframe_assignment_get_end_date (existing)))
    g_strv_builder_add (fields, "end");
  if (frequency == REFRAME_FREQUENCY_ONCE && !same_day (reframe_assignment_get_due_date (planned),
                                                        reframe_assignment_get_due_date (existing)))
    g_strv_builder_add (fields, "due");
  if (g_strcmp0 (reframe_assignment_get_rationale (planned),
                 reframe_assignment_get_rationale (existing)) != 0)
    g_strv_builder_add (fields, "reason");
  if (g_strcmp0 (reframe_assignment_get_therapist_note (planned),
                 reframe_assignment_get_therapist_note (existing)) != 0)
    g_strv_builder_add (fields, "note");
  return g_strv_builder_end (fields);
}

static gboolean
diff_assignment (sqlite3            *db,
                 ReframeAssignment  *planned,
                 ReframePlanPreview *preview,
                 GError            **error)
{
  g_autoptr (ReframeAssignment) existing = NULL;
  g_autoptr (GError) local_error = NULL;
  gboolean deleted = FALSE;
  GStrv    fields;

  if (db != NULL)
    existing = read_existing (db, reframe_assignment_get_uuid (planned), &deleted, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (existing == NULL || deleted)
    {
      g_ptr_array_add (preview->changes, change_new (REFRAME_PLAN_CHANGE_ADD, planned, NULL, NULL));
      return TRUE;
    }
  fields = compare (planned, existing);
  g_ptr_array_add (
      preview->changes,
      change_new (fields[0] != NULL ? REFRAME_PLAN_CHANGE_UPDATE : REFRAME_PLAN_CHANGE_NONE,
                  planned,
                  existing,
                  fields));
  return TRUE;
}

static gboolean
is_linked (sqlite3    *db,
           const char *plan_uuid,
           const char *assignment_uuid,
           gboolean   *linked,
           GError    **error)
{
  g_autoptr (sqlite3_stmt) stmt =
      _reframe_store_prepare (db,
                              "SELECT 1 FROM plan_assignments pa JOIN plans p ON p.id = pa.plan_id"
                              " WHERE p.uuid = ?1 AND pa.assignment_uuid = ?2",
                              error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, plan_uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, assignment_uuid, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  *linked = rc == SQLITE_ROW;
  return rc == SQLITE_ROW || rc == SQLITE_DONE || _reframe_store_fail (error, db, rc);
}

/* Whether the plan's own record (therapist, period, its homework) is there as it is. */
static gboolean
diff_plan (sqlite3            *db,
           ReframePlan        *plan,
           ReframePlanPreview *preview,
           GError            **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autofree char *from = _reframe_plan_format_day (reframe_plan_get_from (plan));
  g_autofree char *to = _reframe_plan_format_day (reframe_plan_get_to (plan));
  int              rc;

  preview->plan_kind = REFRAME_PLAN_CHANGE_ADD;
  if (db == NULL)
    return TRUE;
  stmt = _reframe_store_prepare (
      db, "SELECT therapist, from_day, to_day FROM plans WHERE uuid = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, reframe_plan_get_uuid (plan), -1, SQLITE_STATIC);
  if ((rc = sqlite3_step (stmt)) == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return _reframe_store_fail (error, db, rc);
  preview->plan_kind =
      g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), reframe_plan_get_therapist (plan)) ==
                  0 &&
              g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), from) == 0 &&
              g_strcmp0 ((const char *) sqlite3_column_text (stmt, 2), to) == 0
          ? REFRAME_PLAN_CHANGE_NONE
          : REFRAME_PLAN_CHANGE_UPDATE;
  for (guint i = 0; preview->plan_kind == REFRAME_PLAN_CHANGE_NONE && i < preview->changes->len;
       i++)
    {
      ReframePlanChange *change = g_ptr_array_index (preview->changes, i);
      gboolean           linked = FALSE;

      if (!is_linked (db,
                      reframe_plan_get_uuid (plan),
                      reframe_assignment_get_uuid (change->assignment),
                      &linked,
                      error))
        return FALSE;
      if (!linked)
        preview->plan_kind = REFRAME_PLAN_CHANGE_UPDATE;
    }
  return TRUE;
}

/* Works out the preview on @db (%NULL: a journal not made yet, so empty). */
ReframePlanPreview *
_reframe_plan_import_compute_preview (ReframePlan *plan,
                                      sqlite3     *db,
                                      const char  *data_dir,
                                      GError     **error)
{
  g_autoptr (ReframePlanPreview) preview = preview_new ();
  g_autoptr (GPtrArray) assignments = reframe_plan_dup_assignments (plan);
  g_autoptr (ReframeTemplateRegistry) registry = NULL;
  g_autoptr (GError) local_error = NULL;

  if ((registry = reframe_template_registry_new (data_dir, &local_error)) == NULL)
    {
      g_set_error (error,
                   REFRAME_PLAN_ERROR,
                   REFRAME_PLAN_ERROR_FAILED,
                   _ ("The journal’s worksheets cannot be read: %s"),
                   local_error->message);
      return NULL;
    }
  if (!check_templates (plan, registry, preview, error) ||
      !check_references (plan, registry, assignments, error))
    return NULL;
  for (guint i = 0; i < assignments->len; i++)
    if (!diff_assignment (db, g_ptr_array_index (assignments, i), preview, error))
      return NULL;
  if (!diff_plan (db, plan, preview, error))
    return NULL;
  return g_steal_pointer (&preview);
}
