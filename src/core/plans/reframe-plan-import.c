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
#include "reframe-plan-import-private.h"
#include "reframe-plan-private.h"
#include "reframe-store-private.h"
#include "reframe-template-registry.h"

G_DEFINE_FINAL_TYPE (ReframePlanImport, reframe_plan_import, G_TYPE_OBJECT)

/* GObject */

static void
reframe_plan_import_finalize (GObject *object)
{
  ReframePlanImport *self = (ReframePlanImport *) object;

  g_clear_object (&self->store);
  g_clear_object (&self->plan);
  g_clear_pointer (&self->data_dir, g_free);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->preview, _reframe_plan_import_preview_free);
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
  self->preview = _reframe_plan_import_compute_preview (plan, db, data_dir, error);
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
