/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-plan-import.c: what a homework plan would add and change in a journal, then
 * adding it in one step.
 *
 * Each piece of homework in a plan has a UUID, and the journal's homework is matched by
 * it: new homework is added, homework the plan sets otherwise is changed (only what the
 * therapist sets: the person's reminders and archiving stay theirs), and homework already
 * as the plan has it is left alone, so importing a plan twice changes nothing. The
 * preview reads the journal; applying reads it again inside the one transaction that
 * writes, after a backup, and the templates the plan carries are added first, so that no
 * homework ever names a template the journal lacks. A plan that cannot go in as it is
 * (a template clashing with one already there, or named and found nowhere) is refused
 * before anything is written.
 */

#define G_LOG_DOMAIN "ReframePlan"

#include "config.h"

#include "reframe-i18n.h"
#include <string.h>

#include "reframe-assignment-repository-private.h"
#include "reframe-import-private.h"
#include "reframe-plan-import.h"
#include "reframe-plan-private.h"
#include "reframe-store-private.h"
#include "reframe-template-registry.h"

/* What importing would do, read from the journal at one moment. */
typedef struct
{
  ReframePlanChangeKind plan_kind;

  /* Owned */
  GPtrArray *changes;           /* of ReframePlanChange */
  GPtrArray *new_templates;     /* of ReframeTemplate */
  GPtrArray *present_templates; /* of ReframeTemplate */
} Preview;

struct _ReframePlanImport
{
  GObject parent_instance;

  /* Owned */
  ReframeStore *store; /* NULL for a folder without a journal yet */
  char         *data_dir;
  char         *path; /* the journal, as a reader opens it; NULL without one */
  ReframePlan  *plan;
  Preview      *preview;
};

G_DEFINE_BOXED_TYPE (ReframePlanChange,
                     reframe_plan_change,
                     reframe_plan_change_copy,
                     reframe_plan_change_free)
G_DEFINE_FINAL_TYPE (ReframePlanImport, reframe_plan_import, G_TYPE_OBJECT)

/* As the assignment repository stores them. */
static const char *const stored_frequencies[] = {
  [REFRAME_FREQUENCY_DAILY] = "daily",
  [REFRAME_FREQUENCY_TIMES_PER_WEEK] = "weekly_n",
  [REFRAME_FREQUENCY_ONCE] = "once",
};

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

static Preview *
preview_new (void)
{
  Preview *preview = g_new0 (Preview, 1);

  preview->plan_kind = REFRAME_PLAN_CHANGE_ADD;
  preview->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) reframe_plan_change_free);
  preview->new_templates = g_ptr_array_new_with_free_func (g_object_unref);
  preview->present_templates = g_ptr_array_new_with_free_func (g_object_unref);
  return preview;
}

static void
preview_free (Preview *preview)
{
  if (preview == NULL)
    return;
  g_ptr_array_unref (preview->changes);
  g_ptr_array_unref (preview->new_templates);
  g_ptr_array_unref (preview->present_templates);
  g_free (preview);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Preview, preview_free)

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
                 Preview                 *preview,
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
diff_assignment (sqlite3           *db,
                 ReframeAssignment *planned,
                 Preview           *preview,
                 GError           **error)
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
diff_plan (sqlite3     *db,
           ReframePlan *plan,
           Preview     *preview,
           GError     **error)
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
static Preview *
compute_preview (ReframePlan *plan,
                 sqlite3     *db,
                 const char  *data_dir,
                 GError     **error)
{
  g_autoptr (Preview) preview = preview_new ();
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

/* GObject */

static void
reframe_plan_import_finalize (GObject *object)
{
  ReframePlanImport *self = (ReframePlanImport *) object;

  g_clear_object (&self->store);
  g_clear_object (&self->plan);
  g_clear_pointer (&self->data_dir, g_free);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->preview, preview_free);
  G_OBJECT_CLASS (reframe_plan_import_parent_class)->finalize (object);
}

static void
reframe_plan_import_class_init (ReframePlanImportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = reframe_plan_import_finalize;
}

static void
reframe_plan_import_init (ReframePlanImport *self)
{
}

static ReframePlanImport *
prepare (ReframeStore *store,
         const char   *data_dir,
         ReframePlan  *plan,
         GError      **error)
{
  g_autoptr (ReframePlanImport) self = g_object_new (REFRAME_TYPE_PLAN_IMPORT, NULL);
  sqlite3 *db = NULL;

  self->store = store ? g_object_ref (store) : NULL;
  self->data_dir = g_strdup (data_dir);
  self->path = store ? _reframe_store_dup_path_for_reader (store) : NULL;
  self->plan = g_object_ref (plan);
  if (self->path != NULL && (db = _reframe_store_open_reader_at (self->path, error)) == NULL)
    return NULL;
  self->preview = compute_preview (plan, db, data_dir, error);
  if (db != NULL)
    sqlite3_close (db);
  return self->preview != NULL ? g_steal_pointer (&self) : NULL;
}

/**
 * reframe_plan_import_new:
 * @store: the journal to import into
 * @plan: a plan read with reframe_plan_new_from_file() or another constructor
 *
 * Works out what importing @plan would add and change. Blocks (briefly: it reads one row
 * per piece of homework); on the main thread use reframe_plan_import_new_async().
 *
 * Returns: (transfer full) (nullable): the preview; %REFRAME_PLAN_ERROR_CONFLICT or
 *   %REFRAME_PLAN_ERROR_INVALID with a message to show when the plan cannot go in
 */
ReframePlanImport *
reframe_plan_import_new (ReframeStore *store,
                         ReframePlan  *plan,
                         GError      **error)
{
  g_return_val_if_fail (REFRAME_IS_STORE (store), NULL);
  g_return_val_if_fail (REFRAME_IS_PLAN (plan), NULL);

  return prepare (store, reframe_store_get_data_dir (store), plan, error);
}

/**
 * reframe_plan_import_new_for_folder:
 * @data_dir: (nullable): a journal folder with no journal in it yet; %NULL for the default
 *
 * The preview against an empty journal, without making one (`reframe plan import
 * --dry-run` before the first start). It cannot be applied.
 *
 * Returns: (transfer full) (nullable): the preview
 */
ReframePlanImport *
reframe_plan_import_new_for_folder (const char  *data_dir,
                                    ReframePlan *plan,
                                    GError     **error)
{
  g_autofree char *default_dir = data_dir ? NULL : reframe_store_dup_default_dir ();

  g_return_val_if_fail (REFRAME_IS_PLAN (plan), NULL);

  return prepare (NULL, data_dir ? data_dir : default_dir, plan, error);
}

static void
prepare_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ReframeStore *store = g_task_get_task_data (task);
  GFile        *file = source_object;
  g_autoptr (ReframePlan) plan = NULL;
  ReframePlanImport *self = NULL;
  GError            *error = NULL;

  if ((plan = reframe_plan_new_from_file (file, cancellable, &error)) != NULL &&
      !g_cancellable_set_error_if_cancelled (cancellable, &error))
    self = reframe_plan_import_new (store, plan, &error);
  if (self != NULL)
    g_task_return_pointer (task, self, g_object_unref);
  else
    g_task_return_error (task, error);
}

/**
 * reframe_plan_import_new_async:
 * @file: a plan file
 *
 * Reads @file and works out the preview on a worker thread.
 */
void
reframe_plan_import_new_async (ReframeStore       *store,
                               GFile              *file,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (REFRAME_IS_STORE (store));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (file, cancellable, callback, user_data);
  g_task_set_source_tag (task, reframe_plan_import_new_async);
  g_task_set_task_data (task, g_object_ref (store), g_object_unref);
  g_task_run_in_thread (task, prepare_thread);
}

/**
 * reframe_plan_import_new_finish:
 *
 * Returns: (transfer full) (nullable): the preview, or %NULL with the error of
 *   reframe_plan_new_from_file() or reframe_plan_import_new()
 */
ReframePlanImport *
reframe_plan_import_new_finish (GAsyncResult *result,
                                GError      **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

ReframePlan *
reframe_plan_import_get_plan (ReframePlanImport *self)
{
  g_return_val_if_fail (REFRAME_IS_PLAN_IMPORT (self), NULL);
  return self->plan;
}

/**
 * reframe_plan_import_get_plan_kind:
 *
 * Returns: whether the plan's own record (therapist, period) is new, changes or is
 *   there as it is
 */
ReframePlanChangeKind
reframe_plan_import_get_plan_kind (ReframePlanImport *self)
{
  g_return_val_if_fail (REFRAME_IS_PLAN_IMPORT (self), REFRAME_PLAN_CHANGE_NONE);
  return self->preview->plan_kind;
}

/**
 * reframe_plan_import_get_changes:
 *
 * Returns: (transfer none) (element-type ReframePlanChange): one per piece of homework
 *   the plan makes, in the plan's order (after an import, what it did)
 */
GPtrArray *
reframe_plan_import_get_changes (ReframePlanImport *self)
{
  g_return_val_if_fail (REFRAME_IS_PLAN_IMPORT (self), NULL);
  return self->preview->changes;
}

guint
reframe_plan_import_count (ReframePlanImport    *self,
                           ReframePlanChangeKind kind)
{
  guint n = 0;

  g_return_val_if_fail (REFRAME_IS_PLAN_IMPORT (self), 0);

  for (guint i = 0; i < self->preview->changes->len; i++)
    if (((ReframePlanChange *) g_ptr_array_index (self->preview->changes, i))->kind == kind)
      n++;
  return n;
}

/**
 * reframe_plan_import_get_new_templates:
 *
 * Returns: (transfer none) (element-type ReframeTemplate): the templates the plan
 *   carries that the journal does not have yet
 */
GPtrArray *
reframe_plan_import_get_new_templates (ReframePlanImport *self)
{
  g_return_val_if_fail (REFRAME_IS_PLAN_IMPORT (self), NULL);
  return self->preview->new_templates;
}

/**
 * reframe_plan_import_get_present_templates:
 *
 * Returns: (transfer none) (element-type ReframeTemplate): the templates the plan
 *   carries that the journal has already
 */
GPtrArray *
reframe_plan_import_get_present_templates (ReframePlanImport *self)
{
  g_return_val_if_fail (REFRAME_IS_PLAN_IMPORT (self), NULL);
  return self->preview->present_templates;
}

/**
 * reframe_plan_import_has_changes:
 *
 * Returns: whether importing would change anything at all
 */
gboolean
reframe_plan_import_has_changes (ReframePlanImport *self)
{
  g_return_val_if_fail (REFRAME_IS_PLAN_IMPORT (self), FALSE);
  return self->preview->plan_kind != REFRAME_PLAN_CHANGE_NONE ||
         self->preview->new_templates->len > 0 ||
         reframe_plan_import_count (self, REFRAME_PLAN_CHANGE_ADD) +
                 reframe_plan_import_count (self, REFRAME_PLAN_CHANGE_UPDATE) >
             0;
}

/* Applying */

static gboolean
write_assignment (sqlite3           *db,
                  ReframeAssignment *assignment,
                  const char        *now,
                  GError           **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  ReframeFrequency frequency = reframe_assignment_get_frequency (assignment);
  g_autofree char *start =
      _reframe_plan_format_day (reframe_assignment_get_start_date (assignment));
  g_autofree char *end = _reframe_plan_format_day (reframe_assignment_get_end_date (assignment));
  g_autofree char *due = _reframe_plan_format_day (reframe_assignment_get_due_date (assignment));

  stmt = _reframe_store_prepare (
      db,
      "INSERT INTO assignments (uuid, template_id, title, frequency, times_per_week, start_date, "
      "end_date,"
      "  due_date, rationale, therapist_note, reminder, archived, created, updated)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 0, 0, ?11, ?11)"
      " ON CONFLICT (uuid) DO UPDATE SET template_id = excluded.template_id, title = "
      "excluded.title,"
      "  frequency = excluded.frequency, times_per_week = excluded.times_per_week,"
      "  start_date = excluded.start_date, end_date = excluded.end_date, due_date = "
      "excluded.due_date,"
      "  rationale = excluded.rationale, therapist_note = excluded.therapist_note,"
      "  updated = excluded.updated, deleted_at = NULL",
      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, reframe_assignment_get_uuid (assignment), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, reframe_assignment_get_template_id (assignment), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, reframe_assignment_get_title (assignment), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, stored_frequencies[frequency], -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt,
                    5,
                    frequency == REFRAME_FREQUENCY_TIMES_PER_WEEK
                        ? reframe_assignment_get_times_per_week (assignment)
                        : 1);
  sqlite3_bind_text (stmt, 6, start, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, frequency == REFRAME_FREQUENCY_ONCE ? NULL : end, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, frequency == REFRAME_FREQUENCY_ONCE ? due : NULL, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, reframe_assignment_get_rationale (assignment), -1, SQLITE_STATIC);
  sqlite3_bind_text (
      stmt, 10, reframe_assignment_get_therapist_note (assignment), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 11, now, -1, SQLITE_STATIC);
  return _reframe_store_step_done (db, stmt, error);
}

/* The plan's record, and which homework came with it. */
static gboolean
write_plan (sqlite3     *db,
            ReframePlan *plan,
            GPtrArray   *changes,
            const char  *now,
            GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (sqlite3_stmt) link = NULL;
  g_autofree char *from = _reframe_plan_format_day (reframe_plan_get_from (plan));
  g_autofree char *to = _reframe_plan_format_day (reframe_plan_get_to (plan));
  sqlite3_int64    plan_id;
  int              rc;

  stmt =
      _reframe_store_prepare (db,
                              "INSERT INTO plans (uuid, therapist, from_day, to_day, created, "
                              "updated) VALUES (?1, ?2, ?3, ?4, ?5, ?5)"
                              " ON CONFLICT (uuid) DO UPDATE SET therapist = excluded.therapist, "
                              "from_day = excluded.from_day,"
                              "  to_day = excluded.to_day, updated = excluded.updated RETURNING id",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, reframe_plan_get_uuid (plan), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, reframe_plan_get_therapist (plan), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, from, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, to, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, now, -1, SQLITE_STATIC);
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    return _reframe_store_fail (error, db, rc);
  plan_id = sqlite3_column_int64 (stmt, 0);
  if ((link = _reframe_store_prepare (
           db,
           "INSERT OR IGNORE INTO plan_assignments (plan_id, assignment_uuid) VALUES (?1, ?2)",
           error)) == NULL)
    return FALSE;
  for (guint i = 0; i < changes->len; i++)
    {
      ReframePlanChange *change = g_ptr_array_index (changes, i);

      sqlite3_reset (link);
      sqlite3_bind_int64 (link, 1, plan_id);
      sqlite3_bind_text (
          link, 2, reframe_assignment_get_uuid (change->assignment), -1, SQLITE_STATIC);
      if (!_reframe_store_step_done (db, link, error))
        return FALSE;
    }
  return TRUE;
}

/* Inside the transaction: the preview again (the journal may have changed since it was
 * shown), and its writes. */
static Preview *
write_preview (ReframePlanImport *self,
               sqlite3           *db,
               GCancellable      *cancellable,
               GError           **error)
{
  g_autoptr (Preview) preview = compute_preview (self->plan, db, self->data_dir, error);
  g_autofree char *now = _reframe_store_now_iso ();

  if (preview == NULL)
    return NULL;
  for (guint i = 0; i < preview->changes->len; i++)
    {
      ReframePlanChange *change = g_ptr_array_index (preview->changes, i);

      if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
          (change->kind != REFRAME_PLAN_CHANGE_NONE &&
           !write_assignment (db, change->assignment, now, error)))
        return NULL;
    }
  if (preview->plan_kind != REFRAME_PLAN_CHANGE_NONE &&
      !write_plan (db, self->plan, preview->changes, now, error))
    return NULL;
  return g_steal_pointer (&preview);
}

/* The templates first: no homework may name a template the journal lacks. One added here
 * stays when the homework then fails to go in: it is one more worksheet to choose from. */
static gboolean
install_templates (ReframePlanImport *self,
                   GError           **error)
{
  g_autoptr (ReframeTemplateRegistry) registry = NULL;

  if (self->preview->new_templates->len == 0)
    return TRUE;
  if ((registry = reframe_template_registry_new (self->data_dir, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < self->preview->new_templates->len; i++)
    if (reframe_template_registry_import_template (
            registry, g_ptr_array_index (self->preview->new_templates, i), error) == NULL)
      return FALSE;
  return TRUE;
}

static void
say_nothing_imported (GError *error)
{
  char *message;

  if (error == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (g_error_matches (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_DISK_FULL))
    message = g_strdup (_ ("The disk is full, so the plan was not imported; the homework is as it "
                           "was. Free some space and try again."));
  else
    /* Translators: what went wrong, a sentence ending with a full stop. */
    message = g_strdup_printf (_ ("%s The plan was not imported; the homework is as it was."),
                               error->message);
  g_free (error->message);
  error->message = message;
}

/* The templates this import added were new before it, though the journal has them now. */
static void
keep_new_templates (Preview *after,
                    Preview *before)
{
  for (guint i = 0; i < before->new_templates->len; i++)
    g_ptr_array_remove (after->present_templates, g_ptr_array_index (before->new_templates, i));
  g_ptr_array_unref (after->new_templates);
  after->new_templates = g_ptr_array_ref (before->new_templates);
}

/* Runs on any thread; the store's main connection serves only its integrity check. */
static Preview *
apply_plan (ReframePlanImport *self,
            GCancellable      *cancellable,
            GError           **error)
{
  g_autoptr (Preview) preview = NULL;
  GError  *local_error = NULL;
  sqlite3 *db = NULL;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  /* A failed backup says itself that nothing was imported. */
  if (_reframe_store_require_writer (self->store, &local_error) == NULL ||
      !_reframe_import_make_backup (self->store, error) ||
      !install_templates (self, &local_error) ||
      (db = _reframe_store_open_writer_at (self->path, &local_error)) == NULL)
    {
      say_nothing_imported (local_error);
      if (local_error != NULL)
        g_propagate_error (error, local_error);
      return NULL;
    }
  if (_reframe_store_exec (db, "BEGIN IMMEDIATE", &local_error) &&
      (preview = write_preview (self, db, cancellable, &local_error)) != NULL &&
      !g_cancellable_set_error_if_cancelled (cancellable, &local_error) &&
      _reframe_store_exec (db, "COMMIT", &local_error))
    {
      sqlite3_close (db);
      keep_new_templates (preview, self->preview);
      return g_steal_pointer (&preview);
    }
  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (db);
  say_nothing_imported (local_error);
  g_propagate_error (error, local_error);
  return NULL;
}

static gboolean
check_applicable (ReframePlanImport *self,
                  GError           **error)
{
  if (self->store != NULL)
    return TRUE;
  g_set_error_literal (error,
                       REFRAME_PLAN_ERROR,
                       REFRAME_PLAN_ERROR_FAILED,
                       _ ("There is no journal to import the plan into."));
  return FALSE;
}

static void
take_preview (ReframePlanImport *self,
              Preview           *preview)
{
  preview_free (self->preview);
  self->preview = preview;
  _reframe_assignment_repository_emit_changed (reframe_store_get_assignments (self->store), NULL);
}

/**
 * reframe_plan_import_apply:
 *
 * Adds and changes the homework as the preview said (reading the journal again, in the
 * same transaction), after a backup (see reframe_import_set_backup_func()); adds the
 * templates the plan carries first. Nothing is written when nothing would change.
 * Blocks: on the main thread use reframe_plan_import_apply_async().
 *
 * Returns: %TRUE when done; the changes now say what was done. On failure the homework
 *   is as it was.
 */
gboolean
reframe_plan_import_apply (ReframePlanImport *self,
                           GCancellable      *cancellable,
                           GError           **error)
{
  Preview *preview;

  g_return_val_if_fail (REFRAME_IS_PLAN_IMPORT (self), FALSE);

  if (!check_applicable (self, error))
    return FALSE;
  if (!reframe_plan_import_has_changes (self))
    return TRUE;
  if ((preview = apply_plan (self, cancellable, error)) == NULL)
    return FALSE;
  take_preview (self, preview);
  return TRUE;
}

static void
apply_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError  *error = NULL;
  Preview *preview = apply_plan (source_object, cancellable, &error);

  if (preview != NULL)
    g_task_return_pointer (task, preview, (GDestroyNotify) preview_free);
  else
    g_task_return_error (task, error);
}

/**
 * reframe_plan_import_apply_async:
 *
 * Imports on a worker thread, on a connection of its own; cancelling rolls it back.
 */
void
reframe_plan_import_apply_async (ReframePlanImport  *self,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;
  GError *error = NULL;

  g_return_if_fail (REFRAME_IS_PLAN_IMPORT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, reframe_plan_import_apply_async);
  if (!check_applicable (self, &error))
    g_task_return_error (task, error);
  else if (!reframe_plan_import_has_changes (self))
    g_task_return_pointer (task, NULL, NULL);
  else
    g_task_run_in_thread (task, apply_thread);
}

/**
 * reframe_plan_import_apply_finish:
 *
 * Returns: %TRUE when done; the homework repository tells its views
 */
gboolean
reframe_plan_import_apply_finish (ReframePlanImport *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  Preview *preview;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (g_task_had_error (G_TASK (result)))
    {
      g_task_propagate_pointer (G_TASK (result), error);
      return FALSE;
    }
  if ((preview = g_task_propagate_pointer (G_TASK (result), NULL)) != NULL)
    take_preview (self, preview);
  return TRUE;
}

/* For people and scripts */

static const char *
kind_key (ReframePlanChangeKind kind)
{
  return kind == REFRAME_PLAN_CHANGE_ADD ? "new" : kind == REFRAME_PLAN_CHANGE_UPDATE ? "changed"
                                                                                      : "unchanged";
}

static void
add_string (JsonBuilder *builder,
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
add_plan_json (ReframePlanImport *self,
               JsonBuilder       *builder)
{
  g_autofree char *from = _reframe_plan_format_day (reframe_plan_get_from (self->plan));
  g_autofree char *to = _reframe_plan_format_day (reframe_plan_get_to (self->plan));

  json_builder_set_member_name (builder, "plan");
  json_builder_begin_object (builder);
  add_string (builder, "uuid", reframe_plan_get_uuid (self->plan));
  add_string (builder, "therapist", reframe_plan_get_therapist (self->plan));
  add_string (builder, "from", from);
  add_string (builder, "to", to);
  add_string (builder, "status", kind_key (self->preview->plan_kind));
  json_builder_end_object (builder);
}

static void
add_change_json (JsonBuilder       *builder,
                 ReframePlanChange *change)
{
  json_builder_begin_object (builder);
  add_string (builder, "uuid", reframe_assignment_get_uuid (change->assignment));
  add_string (builder, "title", reframe_assignment_get_title (change->assignment));
  add_string (builder, "status", kind_key (change->kind));
  json_builder_set_member_name (builder, "changes");
  json_builder_begin_array (builder);
  for (guint i = 0; change->fields[i] != NULL; i++)
    json_builder_add_string_value (builder, change->fields[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
add_templates_json (JsonBuilder *builder,
                    GPtrArray   *templates,
                    const char  *status)
{
  for (guint i = 0; i < templates->len; i++)
    {
      ReframeTemplate *template = g_ptr_array_index (templates, i);

      json_builder_begin_object (builder);
      add_string (builder, "id", reframe_template_get_id (template));
      json_builder_set_member_name (builder, "version");
      json_builder_add_int_value (builder, reframe_template_get_version (template));
      add_string (builder, "title", reframe_template_get_title (template));
      add_string (builder, "status", status);
      json_builder_end_object (builder);
    }
}

/**
 * reframe_plan_import_to_json:
 *
 * Returns: (transfer full): the preview, or after applying what was done:
 *   {"plan": {uuid, therapist, from, to, status}, "assignments": [{uuid, title, status,
 *   changes}], "templates": [{id, version, title, status}], "counts": {new, changed,
 *   unchanged}}; a status is "new", "changed" or "unchanged" ("new" or "present" for a
 *   template)
 */
JsonNode *
reframe_plan_import_to_json (ReframePlanImport *self)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (REFRAME_IS_PLAN_IMPORT (self), NULL);

  json_builder_begin_object (builder);
  add_plan_json (self, builder);
  json_builder_set_member_name (builder, "assignments");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->preview->changes->len; i++)
    add_change_json (builder, g_ptr_array_index (self->preview->changes, i));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "templates");
  json_builder_begin_array (builder);
  add_templates_json (builder, self->preview->new_templates, "new");
  add_templates_json (builder, self->preview->present_templates, "present");
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "counts");
  json_builder_begin_object (builder);
  for (ReframePlanChangeKind kind = REFRAME_PLAN_CHANGE_ADD; kind <= REFRAME_PLAN_CHANGE_NONE;
       kind++)
    {
      json_builder_set_member_name (builder, kind_key (kind));
      json_builder_add_int_value (builder, reframe_plan_import_count (self, kind));
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
append_change (GString           *text,
               ReframePlanChange *change)
{
  g_autoptr (GString) fields = g_string_new (NULL);

  if (change->kind == REFRAME_PLAN_CHANGE_ADD)
    {
      /* Translators: homework a plan adds, by its title */
      g_string_append_printf (
          text, _ ("  New: %s\n"), reframe_assignment_get_title (change->assignment));
      return;
    }
  for (guint i = 0; change->fields[i] != NULL; i++)
    g_string_append_printf (
        fields, "%s%s", i > 0 ? ", " : "", reframe_plan_change_describe_field (change->fields[i]));
  /* Translators: homework a plan changes, by its title, then what changes ("the first day, the
   * therapist's note") */
  g_string_append_printf (text,
                          _ ("  Changed: %s (%s)\n"),
                          reframe_assignment_get_title (change->assignment),
                          fields->str);
}

/**
 * reframe_plan_import_dup_summary:
 *
 * Returns: (transfer full): the preview as lines of text for a person
 */
char *
reframe_plan_import_dup_summary (ReframePlanImport *self)
{
  GString         *text = g_string_new (NULL);
  g_autofree char *from = NULL, *to = NULL;
  guint            unchanged;

  g_return_val_if_fail (REFRAME_IS_PLAN_IMPORT (self), NULL);

  from = _reframe_plan_format_day (reframe_plan_get_from (self->plan));
  to = _reframe_plan_format_day (reframe_plan_get_to (self->plan));
  if (*reframe_plan_get_therapist (self->plan) != '\0')
    /* Translators: a plan's therapist, then its first and last day */
    g_string_append_printf (text,
                            _ ("Homework plan from %s, %s to %s\n"),
                            reframe_plan_get_therapist (self->plan),
                            from,
                            to);
  else
    /* Translators: a plan's first and last day */
    g_string_append_printf (text, _ ("Homework plan, %s to %s\n"), from, to);
  for (guint i = 0; i < self->preview->changes->len; i++)
    {
      ReframePlanChange *change = g_ptr_array_index (self->preview->changes, i);

      if (change->kind != REFRAME_PLAN_CHANGE_NONE)
        append_change (text, change);
    }
  if ((unchanged = reframe_plan_import_count (self, REFRAME_PLAN_CHANGE_NONE)) > 0)
    g_string_append_printf (text,
                            g_dngettext (GETTEXT_PACKAGE,
                                         "  Already there: %u piece of homework\n",
                                         "  Already there: %u pieces of homework\n",
                                         unchanged),
                            unchanged);
  for (guint i = 0; i < self->preview->new_templates->len; i++)
    /* Translators: a worksheet a plan brings along, by its title */
    g_string_append_printf (
        text,
        _ ("  New worksheet: %s\n"),
        reframe_template_get_title (g_ptr_array_index (self->preview->new_templates, i)));
  if (!reframe_plan_import_has_changes (self))
    g_string_append_printf (
        text, "%s\n", _ ("Nothing to add: the plan is already in the journal."));
  return g_string_free (text, FALSE);
}
