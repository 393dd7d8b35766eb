/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-homework-item.c: one assignment as the homework page shows it this week.
 *
 * The completions of the week are read once, with the assignment; the progress and the
 * sentences are worked out from them, so showing a row asks the journal nothing.
 */

#define G_LOG_DOMAIN "ReframeHomeworkItem"

#include "config.h"

#include "reframe-homework-item.h"
#include "reframe-homework-text.h"
#include "reframe-i18n.h"

struct _ReframeHomeworkItem
{
  GObject parent_instance;

  /* Owned */
  ReframeAssignment      *assignment;
  char                   *kind_title;
  GPtrArray              *completions; /* GDateTime, local */
  GDate                   week_start;
  GDate                   today;
  ReframeHomeworkProgress progress;
};

G_DEFINE_FINAL_TYPE (ReframeHomeworkItem, reframe_homework_item, G_TYPE_OBJECT)

static void
reframe_homework_item_finalize (GObject *object)
{
  ReframeHomeworkItem *self = REFRAME_HOMEWORK_ITEM (object);

  g_clear_object (&self->assignment);
  g_clear_pointer (&self->kind_title, g_free);
  g_clear_pointer (&self->completions, g_ptr_array_unref);

  G_OBJECT_CLASS (reframe_homework_item_parent_class)->finalize (object);
}

static void
reframe_homework_item_class_init (ReframeHomeworkItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = reframe_homework_item_finalize;
}

static void
reframe_homework_item_init (ReframeHomeworkItem *self)
{
}

/**
 * reframe_homework_item_new:
 * @assignment: the assignment
 * @kind_title: what kind of homework it is (reframe_homework_get_kind_title())
 * @completions: (element-type GDateTime): when it was done, in local time, over the
 *   range reframe_homework_list_week() reads
 * @today: the day the week is seen from
 *
 * Returns: (transfer full): the assignment with its progress in the week of @today
 */
ReframeHomeworkItem *
reframe_homework_item_new (ReframeAssignment *assignment,
                           const char        *kind_title,
                           GPtrArray         *completions,
                           const GDate       *today)
{
  ReframeHomeworkItem *self;

  g_return_val_if_fail (REFRAME_IS_ASSIGNMENT (assignment), NULL);
  g_return_val_if_fail (kind_title != NULL, NULL);
  g_return_val_if_fail (completions != NULL, NULL);
  g_return_val_if_fail (today != NULL && g_date_valid (today), NULL);

  self = g_object_new (REFRAME_TYPE_HOMEWORK_ITEM, NULL);
  self->assignment = g_object_ref (assignment);
  self->kind_title = g_strdup (kind_title);
  self->completions = g_ptr_array_ref (completions);
  self->today = *today;
  reframe_homework_get_week_start (today, &self->week_start);
  self->progress = reframe_homework_progress (assignment, completions, &self->week_start, today);

  return self;
}

/**
 * reframe_homework_item_get_assignment:
 *
 * Returns: (transfer none): the assignment
 */
ReframeAssignment *
reframe_homework_item_get_assignment (ReframeHomeworkItem *self)
{
  g_return_val_if_fail (REFRAME_IS_HOMEWORK_ITEM (self), NULL);

  return self->assignment;
}

const char *
reframe_homework_item_get_uuid (ReframeHomeworkItem *self)
{
  g_return_val_if_fail (REFRAME_IS_HOMEWORK_ITEM (self), NULL);

  return reframe_assignment_get_uuid (self->assignment);
}

const char *
reframe_homework_item_get_kind_title (ReframeHomeworkItem *self)
{
  g_return_val_if_fail (REFRAME_IS_HOMEWORK_ITEM (self), NULL);

  return self->kind_title;
}

const ReframeHomeworkProgress *
reframe_homework_item_get_progress (ReframeHomeworkItem *self)
{
  g_return_val_if_fail (REFRAME_IS_HOMEWORK_ITEM (self), NULL);

  return &self->progress;
}

/**
 * reframe_homework_item_is_for_today:
 *
 * Returns: whether it belongs under "Due Today": due today or done today
 */
gboolean
reframe_homework_item_is_for_today (ReframeHomeworkItem *self)
{
  g_return_val_if_fail (REFRAME_IS_HOMEWORK_ITEM (self), FALSE);

  return self->progress.due_today || self->progress.done_today;
}

/**
 * reframe_homework_item_dup_summary:
 *
 * Returns: (transfer full): how often, what kind and how far along, on one line
 */
char *
reframe_homework_item_dup_summary (ReframeHomeworkItem *self)
{
  g_return_val_if_fail (REFRAME_IS_HOMEWORK_ITEM (self), NULL);

  return reframe_homework_describe_week (
      self->assignment, self->kind_title, &self->progress, &self->week_start, &self->today);
}

/**
 * reframe_homework_item_dup_missed:
 *
 * Returns: (transfer full) (nullable): the days missed this week, said plainly; %NULL
 *   when none were, or the assignment is not for this week
 */
char *
reframe_homework_item_dup_missed (ReframeHomeworkItem *self)
{
  g_return_val_if_fail (REFRAME_IS_HOMEWORK_ITEM (self), NULL);

  if (!reframe_homework_is_in_week (self->assignment, &self->week_start))
    return NULL;
  return reframe_homework_describe_missed (
      self->assignment, &self->progress, self->completions, &self->week_start, &self->today);
}

/**
 * reframe_homework_get_kind_title:
 * @assignment: the assignment
 * @registry: (nullable): the templates, for a worksheet's title
 *
 * Returns: (transfer none): "Task", the worksheet's title, or "Worksheet" when its
 *   template is not installed
 */
const char *
reframe_homework_get_kind_title (ReframeAssignment       *assignment,
                                 ReframeTemplateRegistry *registry)
{
  const char *id;
  ReframeTemplate *template;

  g_return_val_if_fail (REFRAME_IS_ASSIGNMENT (assignment), NULL);

  if ((id = reframe_assignment_get_template_id (assignment)) == NULL)
    /* Translators: the kind of a homework assignment without a worksheet (a noun) */
    return _ ("Task");

  template = registry != NULL ? reframe_template_registry_lookup (registry, id, 0) : NULL;
  return template != NULL ? reframe_template_get_title (template) : _ ("Worksheet");
}

/* The completions reframe_assignment_repository_get_progress() reads: the week, and for
 * homework done once, everything since its start. */
static GPtrArray *
list_completions (ReframeAssignmentRepository *repository,
                  ReframeAssignment           *assignment,
                  const GDate                 *today,
                  GError                     **error)
{
  GDate week_start, last, from;

  reframe_homework_get_week_start (today, &week_start);
  last = week_start;
  g_date_add_days (&last, 6);
  from = week_start;
  if (reframe_assignment_get_frequency (assignment) == REFRAME_FREQUENCY_ONCE &&
      g_date_compare (reframe_assignment_get_start_date (assignment), &week_start) < 0)
    from = *reframe_assignment_get_start_date (assignment);

  return reframe_assignment_repository_list_completions (
      repository, assignment, &from, g_date_compare (today, &last) > 0 ? today : &last, error);
}

/**
 * reframe_homework_list_week:
 * @repository: the assignments
 * @registry: (nullable): the templates, for the kinds' titles
 * @today: the day the week is seen from
 * @error: return location for a #GError
 *
 * Reads the assignments that are not archived, each with its completions, once.
 *
 * Returns: (transfer full) (nullable): a list of #ReframeHomeworkItem, in the order of
 *   reframe_assignment_repository_list(); %NULL with @error set
 */
GListModel *
reframe_homework_list_week (ReframeAssignmentRepository *repository,
                            ReframeTemplateRegistry     *registry,
                            const GDate                 *today,
                            GError                     **error)
{
  g_autoptr (GListModel) assignments = NULL;
  g_autoptr (GListStore) items = g_list_store_new (REFRAME_TYPE_HOMEWORK_ITEM);
  guint n_items;

  g_return_val_if_fail (REFRAME_IS_ASSIGNMENT_REPOSITORY (repository), NULL);
  g_return_val_if_fail (today != NULL && g_date_valid (today), NULL);

  if ((assignments = reframe_assignment_repository_list (repository, error)) == NULL)
    return NULL;

  n_items = g_list_model_get_n_items (assignments);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr (ReframeAssignment) assignment = g_list_model_get_item (assignments, i);
      g_autoptr (GPtrArray) completions = list_completions (repository, assignment, today, error);
      g_autoptr (ReframeHomeworkItem) item = NULL;

      if (completions == NULL)
        return NULL;
      item = reframe_homework_item_new (
          assignment, reframe_homework_get_kind_title (assignment, registry), completions, today);
      g_list_store_append (items, item);
    }

  return G_LIST_MODEL (g_steal_pointer (&items));
}
