/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-plan.c: a homework plan a therapist hands over, as a checked object.
 *
 * A plan holds the homework as the therapist set it (each piece with a UUID of its own,
 * so that importing the plan again finds it), the questionnaires to repeat through its
 * period, the worksheets of the therapist's own it needs, the period and the therapist's
 * name. Everything added is checked against the journal's own rules first, so that a plan
 * that was built or read always imports: the reader (reframe-plan-reader.c) and the export
 * (reframe-plan-export.c) go through the same adders.
 */

#define G_LOG_DOMAIN "ReframePlan"

#include "config.h"

#include "reframe-i18n.h"
#include <stdio.h>
#include <string.h>

#include "reframe-plan-private.h"
#include "reframe-template-private.h"
#include "reframe-template-registry.h"

/* Dates a plan may name: far enough either way for any real plan, near enough that a
 * stretch of weeks added to them is still a date Reframe writes with four digits. */
#define FIRST_YEAR 1900
#define LAST_YEAR  2999

struct _ReframePlan
{
  GObject parent_instance;

  /* Owned */
  char       *uuid;
  char       *therapist;
  char       *created;
  GPtrArray  *items;     /* of ReframeAssignment */
  GPtrArray  *repeats;   /* of ReframePlanRepeat */
  GPtrArray  *templates; /* of ReframeTemplate */
  GHashTable *uuids;     /* every UUID the plan's homework has, lower case */

  GDate from;
  GDate to;
};

G_DEFINE_QUARK (reframe - plan - error - quark, reframe_plan_error)
G_DEFINE_BOXED_TYPE (ReframePlanRepeat,
                     reframe_plan_repeat,
                     reframe_plan_repeat_copy,
                     reframe_plan_repeat_free)
G_DEFINE_FINAL_TYPE (ReframePlan, reframe_plan, G_TYPE_OBJECT)

static const char *const frequency_keys[] = {
  [REFRAME_FREQUENCY_DAILY] = "daily",
  [REFRAME_FREQUENCY_TIMES_PER_WEEK] = "times_per_week",
  [REFRAME_FREQUENCY_ONCE] = "once",
};

/* Helpers */

static gboolean
invalid (GError    **error,
         const char *message)
{
  g_set_error_literal (error, REFRAME_PLAN_ERROR, REFRAME_PLAN_ERROR_INVALID, message);
  return FALSE;
}

gboolean
_reframe_plan_parse_day (const char *text,
                         GDate      *day)
{
  guint year = 0, month = 0, mday = 0;
  char  tail = 0;

  g_date_clear (day, 1);
  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-' ||
      sscanf (text, "%4u-%2u-%2u%c", &year, &month, &mday, &tail) != 3 ||
      !g_date_valid_dmy (mday, month, year))
    return FALSE;
  g_date_set_dmy (day, mday, month, year);
  return TRUE;
}

char *
_reframe_plan_format_day (const GDate *day)
{
  if (day == NULL || !g_date_valid (day))
    return NULL;
  return g_strdup_printf (
      "%04u-%02u-%02u", g_date_get_year (day), g_date_get_month (day), g_date_get_day (day));
}

gboolean
_reframe_plan_is_uuid (const char *text)
{
  return text != NULL && g_uuid_string_is_valid (text);
}

/**
 * _reframe_plan_derive_uuid:
 * @base: the UUID of a questionnaire to repeat
 * @n: which of its stretches, from 0
 *
 * The UUID of the @n-th piece of homework a repeat makes: a name-based UUID (version 5
 * layout, SHA-1) of both, so that the same plan always gives the same homework.
 *
 * Returns: (transfer full): the UUID, lower case
 */
char *
_reframe_plan_derive_uuid (const char *base,
                           guint       n)
{
  g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA1);
  g_autofree char *lower = g_ascii_strdown (base, -1);
  g_autofree char *name = g_strdup_printf ("reframe-plan-repeat:%s:%u", lower, n);
  guint8           d[20];
  gsize            len = sizeof d;

  g_checksum_update (checksum, (const guchar *) name, -1);
  g_checksum_get_digest (checksum, d, &len);
  d[6] = (d[6] & 0x0f) | 0x50;
  d[8] = (d[8] & 0x3f) | 0x80;
  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          d[0],
                          d[1],
                          d[2],
                          d[3],
                          d[4],
                          d[5],
                          d[6],
                          d[7],
                          d[8],
                          d[9],
                          d[10],
                          d[11],
                          d[12],
                          d[13],
                          d[14],
                          d[15]);
}

static gboolean
in_years (const GDate *day)
{
  return day != NULL && g_date_valid (day) && g_date_get_year (day) >= FIRST_YEAR &&
         g_date_get_year (day) <= LAST_YEAR;
}

static gboolean
text_fits (const char *text,
           glong       max_chars)
{
  return text != NULL && g_utf8_validate (text, -1, NULL) && g_utf8_strlen (text, -1) <= max_chars;
}

/* Marks @uuid as used by the plan's homework; FALSE when it already was. */
static gboolean
claim_uuid (ReframePlan *self,
            const char  *uuid)
{
  return g_hash_table_add (self->uuids, g_ascii_strdown (uuid, -1));
}

static gboolean
uuid_is_free (ReframePlan *self,
              const char  *uuid)
{
  g_autofree char *lower = g_ascii_strdown (uuid, -1);

  return !g_hash_table_contains (self->uuids, lower);
}

static guint
count_stretches (ReframePlan *self,
                 guint        every_weeks)
{
  guint32 days = g_date_get_julian (&self->to) - g_date_get_julian (&self->from) + 1;
  guint32 span = every_weeks * 7;

  return (days + span - 1) / span;
}

/* ReframePlanRepeat */

/**
 * reframe_plan_repeat_new:
 * @note: (nullable): the therapist's note
 *
 * Returns: (transfer full): a repeat, not yet checked (reframe_plan_add_repeat() does)
 */
ReframePlanRepeat *
reframe_plan_repeat_new (const char *uuid,
                         const char *template_id,
                         guint       every_weeks,
                         const char *note)
{
  ReframePlanRepeat *repeat = g_new0 (ReframePlanRepeat, 1);

  repeat->uuid = g_strdup (uuid);
  repeat->template_id = g_strdup (template_id);
  repeat->every_weeks = every_weeks;
  repeat->note = g_strdup (note ? note : "");
  return repeat;
}

ReframePlanRepeat *
reframe_plan_repeat_copy (const ReframePlanRepeat *repeat)
{
  return reframe_plan_repeat_new (
      repeat->uuid, repeat->template_id, repeat->every_weeks, repeat->note);
}

void
reframe_plan_repeat_free (ReframePlanRepeat *repeat)
{
  if (repeat == NULL)
    return;
  g_free (repeat->uuid);
  g_free (repeat->template_id);
  g_free (repeat->note);
  g_free (repeat);
}

/* GObject */

static void
reframe_plan_finalize (GObject *object)
{
  ReframePlan *self = (ReframePlan *) object;

  g_clear_pointer (&self->uuid, g_free);
  g_clear_pointer (&self->therapist, g_free);
  g_clear_pointer (&self->created, g_free);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->repeats, g_ptr_array_unref);
  g_clear_pointer (&self->templates, g_ptr_array_unref);
  g_clear_pointer (&self->uuids, g_hash_table_unref);
  G_OBJECT_CLASS (reframe_plan_parent_class)->finalize (object);
}

static void
reframe_plan_class_init (ReframePlanClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = reframe_plan_finalize;
}

static void
reframe_plan_init (ReframePlan *self)
{
  self->uuid = g_uuid_string_random ();
  self->therapist = g_strdup ("");
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->repeats = g_ptr_array_new_with_free_func ((GDestroyNotify) reframe_plan_repeat_free);
  self->templates = g_ptr_array_new_with_free_func (g_object_unref);
  self->uuids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_date_clear (&self->from, 1);
  g_date_clear (&self->to, 1);
}

/* Friends */

void
_reframe_plan_set_uuid (ReframePlan *self,
                        const char  *uuid)
{
  g_assert (_reframe_plan_is_uuid (uuid));
  g_free (self->uuid);
  self->uuid = g_ascii_strdown (uuid, -1);
}

void
_reframe_plan_set_created (ReframePlan *self,
                           const char  *created)
{
  g_free (self->created);
  self->created = g_strdup (created);
}

/* Public API */

/**
 * reframe_plan_check_period:
 * @from: the plan's first day
 * @to: its last day
 *
 * Returns: %TRUE when the days make a plan's period: in order, at most
 *   %REFRAME_PLAN_MAX_DAYS days, in the years 1900 to 2999; else %FALSE with
 *   %REFRAME_PLAN_ERROR_INVALID saying why
 */
gboolean
reframe_plan_check_period (const GDate *from,
                           const GDate *to,
                           GError     **error)
{
  if (!in_years (from) || !in_years (to))
    return invalid (error, _ ("The plan’s period must have days between the years 1900 and 2999."));
  if (g_date_compare (to, from) < 0)
    return invalid (
        error,
        _ ("The plan’s period ends before it starts; its last day must be on or after its first."));
  if (g_date_get_julian (to) - g_date_get_julian (from) + 1 > REFRAME_PLAN_MAX_DAYS)
    return invalid (error,
                    _ ("The plan’s period is longer than a year; make a plan for a year at most."));
  return TRUE;
}

/**
 * reframe_plan_new:
 * @therapist: (nullable): who made the plan
 * @from: the plan's first day
 * @to: its last day (see reframe_plan_check_period())
 *
 * Returns: (transfer full): an empty plan with a fresh UUID
 */
ReframePlan *
reframe_plan_new (const char  *therapist,
                  const GDate *from,
                  const GDate *to)
{
  ReframePlan *self;

  g_return_val_if_fail (reframe_plan_check_period (from, to, NULL), NULL);
  g_return_val_if_fail (therapist == NULL || text_fits (therapist, REFRAME_PLAN_TITLE_MAX), NULL);

  self = g_object_new (REFRAME_TYPE_PLAN, NULL);
  g_free (self->therapist);
  self->therapist = g_strstrip (g_strdup (therapist ? therapist : ""));
  self->from = *from;
  self->to = *to;
  return self;
}

/**
 * reframe_plan_new_from_bytes:
 * @bytes: a plan file's contents
 *
 * Reads and checks a plan (docs/plan-format.md). Nothing in the file is trusted.
 *
 * Returns: (transfer full) (nullable): the plan, or %NULL with
 *   %REFRAME_PLAN_ERROR_INVALID (a message saying what is wrong and where) or
 *   %REFRAME_PLAN_ERROR_TOO_NEW
 */
ReframePlan *
reframe_plan_new_from_bytes (GBytes  *bytes,
                             GError **error)
{
  g_return_val_if_fail (bytes != NULL, NULL);
  return _reframe_plan_read (bytes, error);
}

/**
 * reframe_plan_new_from_file:
 *
 * Returns: (transfer full) (nullable): the plan, as reframe_plan_new_from_bytes() reads
 *   it; %REFRAME_PLAN_ERROR_FAILED when the file cannot be read
 */
ReframePlan *
reframe_plan_new_from_file (GFile        *file,
                            GCancellable *cancellable,
                            GError      **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GFileInfo) info = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  name = g_file_get_parse_name (file);
  info = g_file_query_info (
      file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
  if (info != NULL && g_file_info_get_size (info) > REFRAME_PLAN_MAX_BYTES)
    {
      g_set_error (error,
                   REFRAME_PLAN_ERROR,
                   REFRAME_PLAN_ERROR_INVALID,
                   _ ("“%s” is too big to be a homework plan."),
                   name);
      return NULL;
    }
  if (info != NULL)
    bytes = g_file_load_bytes (file, cancellable, NULL, &local_error);
  if (bytes == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error,
                     REFRAME_PLAN_ERROR,
                     REFRAME_PLAN_ERROR_FAILED,
                     _ ("“%s” cannot be read: %s"),
                     name,
                     local_error->message);
      return NULL;
    }
  return _reframe_plan_read (bytes, error);
}

/**
 * reframe_plan_get_uuid:
 *
 * Returns: what identifies the plan; importing a plan with the same UUID again updates
 *   its record rather than adding one
 */
const char *
reframe_plan_get_uuid (ReframePlan *self)
{
  g_return_val_if_fail (REFRAME_IS_PLAN (self), NULL);
  return self->uuid;
}

/**
 * reframe_plan_get_therapist:
 *
 * Returns: the therapist's name, "" when not given
 */
const char *
reframe_plan_get_therapist (ReframePlan *self)
{
  g_return_val_if_fail (REFRAME_IS_PLAN (self), NULL);
  return self->therapist;
}

/**
 * reframe_plan_get_from:
 *
 * Returns: (transfer none): the plan's first day
 */
const GDate *
reframe_plan_get_from (ReframePlan *self)
{
  g_return_val_if_fail (REFRAME_IS_PLAN (self), NULL);
  return &self->from;
}

/**
 * reframe_plan_get_to:
 *
 * Returns: (transfer none): the plan's last day
 */
const GDate *
reframe_plan_get_to (ReframePlan *self)
{
  g_return_val_if_fail (REFRAME_IS_PLAN (self), NULL);
  return &self->to;
}

/**
 * reframe_plan_get_items:
 *
 * Returns: (transfer none) (element-type ReframeAssignment): the homework as the plan
 *   lists it, without the questionnaires to repeat
 */
GPtrArray *
reframe_plan_get_items (ReframePlan *self)
{
  g_return_val_if_fail (REFRAME_IS_PLAN (self), NULL);
  return self->items;
}

/**
 * reframe_plan_get_repeats:
 *
 * Returns: (transfer none) (element-type ReframePlanRepeat): the questionnaires to repeat
 */
GPtrArray *
reframe_plan_get_repeats (ReframePlan *self)
{
  g_return_val_if_fail (REFRAME_IS_PLAN (self), NULL);
  return self->repeats;
}

/**
 * reframe_plan_get_templates:
 *
 * Returns: (transfer none) (element-type ReframeTemplate): the therapist's own templates
 *   the plan carries
 */
GPtrArray *
reframe_plan_get_templates (ReframePlan *self)
{
  g_return_val_if_fail (REFRAME_IS_PLAN (self), NULL);
  return self->templates;
}

/**
 * reframe_plan_lookup_template:
 *
 * Returns: (transfer none) (nullable): the newest version of @id the plan carries
 */
ReframeTemplate *
reframe_plan_lookup_template (ReframePlan *self,
                              const char  *id)
{
  ReframeTemplate *found = NULL;

  g_return_val_if_fail (REFRAME_IS_PLAN (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < self->templates->len; i++)
    {
      ReframeTemplate *template = g_ptr_array_index (self->templates, i);

      if (g_str_equal (reframe_template_get_id (template), id) &&
          (found == NULL ||
           reframe_template_get_version (template) > reframe_template_get_version (found)))
        found = template;
    }
  return found;
}

static gboolean
check_dates (ReframeAssignment *assignment,
             GError           **error)
{
  const GDate *start = reframe_assignment_get_start_date (assignment);
  const GDate *end = reframe_assignment_get_end_date (assignment);
  const GDate *due = reframe_assignment_get_due_date (assignment);

  if (!in_years (start) || (end != NULL && !in_years (end)))
    return invalid (error, _ ("its days must be between the years 1900 and 2999."));
  if (end != NULL && g_date_compare (end, start) < 0)
    return invalid (error,
                    _ ("it ends before it starts; its last day must be on or after its first."));
  if (reframe_assignment_get_frequency (assignment) != REFRAME_FREQUENCY_ONCE)
    return TRUE;
  if (end != NULL)
    return invalid (
        error, _ ("homework done once has a day to do it by (“due”), not a last day (“end”)."));
  if (due == NULL || !in_years (due))
    return invalid (
        error,
        _ ("homework done once needs a day to do it by (“due”) between the years 1900 and 2999."));
  if (g_date_compare (due, start) < 0)
    return invalid (error, _ ("the day to do it by is before the day it starts."));
  return TRUE;
}

/* The homework as a plan carries it: what the therapist set, nothing of the person's
 * (reminders, archived, times). */
static ReframeAssignment *
copy_for_plan (ReframeAssignment *assignment)
{
  g_autofree char   *uuid = g_ascii_strdown (reframe_assignment_get_uuid (assignment), -1);
  g_autofree char   *title = g_strstrip (g_strdup (reframe_assignment_get_title (assignment)));
  ReframeAssignment *copy = g_object_new (REFRAME_TYPE_ASSIGNMENT, "uuid", uuid, NULL);
  gboolean           once = reframe_assignment_get_frequency (assignment) == REFRAME_FREQUENCY_ONCE;

  reframe_assignment_set_title (copy, title);
  reframe_assignment_set_template_id (copy, reframe_assignment_get_template_id (assignment));
  reframe_assignment_set_frequency (copy, reframe_assignment_get_frequency (assignment));
  reframe_assignment_set_times_per_week (copy, reframe_assignment_get_times_per_week (assignment));
  reframe_assignment_set_start_date (copy, reframe_assignment_get_start_date (assignment));
  reframe_assignment_set_end_date (copy,
                                   once ? NULL : reframe_assignment_get_end_date (assignment));
  reframe_assignment_set_due_date (copy,
                                   once ? reframe_assignment_get_due_date (assignment) : NULL);
  reframe_assignment_set_rationale (copy, reframe_assignment_get_rationale (assignment));
  reframe_assignment_set_therapist_note (copy, reframe_assignment_get_therapist_note (assignment));
  return copy;
}

static gboolean
check_item (ReframePlan       *self,
            ReframeAssignment *assignment,
            GError           **error)
{
  g_autofree char *title = g_strstrip (g_strdup (reframe_assignment_get_title (assignment)));
  const char      *template_id = reframe_assignment_get_template_id (assignment);

  if (self->items->len >= REFRAME_PLAN_MAX_ASSIGNMENTS)
    return invalid (error,
                    _ ("the plan has more homework than Reframe takes from one plan (200)."));
  if (!_reframe_plan_is_uuid (reframe_assignment_get_uuid (assignment)))
    return invalid (error,
                    _ ("its “uuid” is not a UUID, such as 3f2504e0-4f89-41d3-9a0c-0305e82c3301."));
  if (!uuid_is_free (self, reframe_assignment_get_uuid (assignment)))
    return invalid (
        error,
        _ ("its “uuid” is the same as that of other homework in the plan; each needs its own."));
  if (*title == '\0' || !text_fits (title, REFRAME_PLAN_TITLE_MAX))
    return invalid (error,
                    _ ("its “title” is empty, not valid text, or longer than 200 characters."));
  if (template_id != NULL && !_reframe_template_is_valid_id (template_id))
    return invalid (
        error,
        _ ("its “template_id” is not a template id (lower-case letters, digits, “-” and “_”)."));
  if (!text_fits (reframe_assignment_get_rationale (assignment), REFRAME_PLAN_NOTE_MAX) ||
      !text_fits (reframe_assignment_get_therapist_note (assignment), REFRAME_PLAN_NOTE_MAX))
    return invalid (
        error, _ ("its “reason” or “note” is not valid text, or longer than 10,000 characters."));
  return check_dates (assignment, error);
}

/**
 * reframe_plan_add_item:
 * @assignment: homework as the therapist set it; copied (its reminder, archived flag and
 *   times are the person's, and stay out of the plan)
 *
 * Returns: %TRUE when added; %FALSE with %REFRAME_PLAN_ERROR_INVALID and a message
 *   starting in lower case ("its title is empty…") for the caller to prefix
 */
gboolean
reframe_plan_add_item (ReframePlan       *self,
                       ReframeAssignment *assignment,
                       GError           **error)
{
  g_return_val_if_fail (REFRAME_IS_PLAN (self), FALSE);
  g_return_val_if_fail (REFRAME_IS_ASSIGNMENT (assignment), FALSE);

  if (!check_item (self, assignment, error))
    return FALSE;
  claim_uuid (self, reframe_assignment_get_uuid (assignment));
  g_ptr_array_add (self->items, copy_for_plan (assignment));
  return TRUE;
}

/**
 * reframe_plan_add_repeat:
 * @repeat: a questionnaire to repeat; copied
 *
 * Returns: %TRUE when added; %FALSE with %REFRAME_PLAN_ERROR_INVALID and a message
 *   starting in lower case, as reframe_plan_add_item()
 */
gboolean
reframe_plan_add_repeat (ReframePlan             *self,
                         const ReframePlanRepeat *repeat,
                         GError                 **error)
{
  ReframePlanRepeat *copy;
  guint              n;

  g_return_val_if_fail (REFRAME_IS_PLAN (self), FALSE);
  g_return_val_if_fail (repeat != NULL, FALSE);

  if (self->repeats->len >= REFRAME_PLAN_MAX_QUESTIONNAIRES)
    return invalid (
        error, _ ("the plan repeats more questionnaires than Reframe takes from one plan (20)."));
  if (!_reframe_plan_is_uuid (repeat->uuid))
    return invalid (error,
                    _ ("its “uuid” is not a UUID, such as 3f2504e0-4f89-41d3-9a0c-0305e82c3301."));
  if (!_reframe_template_is_valid_id (repeat->template_id))
    return invalid (
        error,
        _ ("its “template_id” is not a template id (lower-case letters, digits, “-” and “_”)."));
  if (repeat->every_weeks < 1 || repeat->every_weeks > REFRAME_PLAN_MAX_EVERY_WEEKS)
    return invalid (error, _ ("its “every_weeks” must be a whole number from 1 to 26."));
  if (!text_fits (repeat->note, REFRAME_PLAN_NOTE_MAX))
    return invalid (error, _ ("its “note” is not valid text, or longer than 10,000 characters."));
  n = count_stretches (self, repeat->every_weeks);
  if (!uuid_is_free (self, repeat->uuid))
    return invalid (
        error,
        _ ("its “uuid” is the same as that of other homework in the plan; each needs its own."));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *uuid = _reframe_plan_derive_uuid (repeat->uuid, i);

      if (!uuid_is_free (self, uuid))
        return invalid (error,
                        _ ("its “uuid” is the same as that of other homework in the plan; each "
                           "needs its own."));
    }
  claim_uuid (self, repeat->uuid);
  for (guint i = 0; i < n; i++)
    g_hash_table_add (self->uuids, _reframe_plan_derive_uuid (repeat->uuid, i));
  copy = reframe_plan_repeat_copy (repeat);
  g_free (copy->uuid);
  copy->uuid = g_ascii_strdown (repeat->uuid, -1);
  g_ptr_array_add (self->repeats, copy);
  return TRUE;
}

/**
 * reframe_plan_add_template:
 * @template: a template of the therapist's own that the homework needs
 *
 * Returns: %TRUE when added (or the same id and version was there already);
 *   %FALSE with %REFRAME_PLAN_ERROR_INVALID when a different one with the same id and
 *   version is there, or there are too many
 */
gboolean
reframe_plan_add_template (ReframePlan *self,
                           ReframeTemplate *template,
                           GError **error)
{
  g_return_val_if_fail (REFRAME_IS_PLAN (self), FALSE);
  g_return_val_if_fail (REFRAME_IS_TEMPLATE (template), FALSE);

  for (guint i = 0; i < self->templates->len; i++)
    {
      ReframeTemplate *other = g_ptr_array_index (self->templates, i);
      g_autoptr (GBytes) ours = NULL;
      g_autoptr (GBytes) theirs = NULL;

      if (!g_str_equal (reframe_template_get_id (other), reframe_template_get_id (template)) ||
          reframe_template_get_version (other) != reframe_template_get_version (template))
        continue;
      ours = reframe_template_to_bytes (other);
      theirs = reframe_template_to_bytes (template);
      if (g_bytes_equal (ours, theirs))
        return TRUE;
      return invalid (error,
                      _ ("the plan carries two different templates with the same id and version."));
    }
  if (self->templates->len >= REFRAME_PLAN_MAX_TEMPLATES)
    return invalid (error,
                    _ ("the plan carries more templates than Reframe takes from one plan (50)."));
  g_ptr_array_add (self->templates, g_object_ref (template));
  return TRUE;
}

/* The title of a repeated questionnaire: the template's, when it is known. */
static char *
dup_template_title (ReframePlan *self,
                    const char  *id)
{
  g_autoptr (GPtrArray) builtins = reframe_template_registry_dup_builtins (NULL);
  ReframeTemplate *template = reframe_plan_lookup_template (self, id);

  for (guint i = 0; template == NULL && builtins != NULL && i < builtins->len; i++)
    if (g_str_equal (reframe_template_get_id (g_ptr_array_index (builtins, i)), id))
      template = g_ptr_array_index (builtins, i);
  return g_strdup (template != NULL ? reframe_template_get_title (template) : id);
}

static void
add_stretches (ReframePlan             *self,
               const ReframePlanRepeat *repeat,
               GPtrArray               *into)
{
  g_autofree char *title = dup_template_title (self, repeat->template_id);
  guint            n = count_stretches (self, repeat->every_weeks);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char   *uuid = _reframe_plan_derive_uuid (repeat->uuid, i);
      ReframeAssignment *assignment = g_object_new (REFRAME_TYPE_ASSIGNMENT, "uuid", uuid, NULL);
      GDate              start = self->from, due;

      g_date_add_days (&start, i * repeat->every_weeks * 7);
      due = start;
      g_date_add_days (&due, repeat->every_weeks * 7 - 1);
      if (g_date_compare (&due, &self->to) > 0)
        due = self->to;
      reframe_assignment_set_title (assignment, title);
      reframe_assignment_set_template_id (assignment, repeat->template_id);
      reframe_assignment_set_frequency (assignment, REFRAME_FREQUENCY_ONCE);
      reframe_assignment_set_start_date (assignment, &start);
      reframe_assignment_set_due_date (assignment, &due);
      reframe_assignment_set_therapist_note (assignment, repeat->note);
      g_ptr_array_add (into, assignment);
    }
}

/**
 * reframe_plan_dup_assignments:
 *
 * The homework the plan makes: its items, then for each questionnaire to repeat one
 * piece of homework done once in each stretch of its weeks (the last one shortened to
 * end with the plan), with UUIDs derived from the repeat's.
 *
 * Returns: (transfer container) (element-type ReframeAssignment): new assignments
 */
GPtrArray *
reframe_plan_dup_assignments (ReframePlan *self)
{
  GPtrArray *assignments = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (REFRAME_IS_PLAN (self), NULL);

  for (guint i = 0; i < self->items->len; i++)
    g_ptr_array_add (assignments, copy_for_plan (g_ptr_array_index (self->items, i)));
  for (guint i = 0; i < self->repeats->len; i++)
    add_stretches (self, g_ptr_array_index (self->repeats, i), assignments);
  return assignments;
}

/* Writing */

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
add_day (JsonBuilder *builder,
         const char  *name,
         const GDate *day)
{
  g_autofree char *text = _reframe_plan_format_day (day);

  add_string (builder, name, text);
}

static void
add_item_json (JsonBuilder       *builder,
               ReframeAssignment *item)
{
  ReframeFrequency frequency = reframe_assignment_get_frequency (item);

  json_builder_begin_object (builder);
  add_string (builder, "uuid", reframe_assignment_get_uuid (item));
  add_string (builder, "title", reframe_assignment_get_title (item));
  add_string (builder, "template_id", reframe_assignment_get_template_id (item));
  add_string (builder, "frequency", frequency_keys[frequency]);
  if (frequency == REFRAME_FREQUENCY_TIMES_PER_WEEK)
    {
      json_builder_set_member_name (builder, "times_per_week");
      json_builder_add_int_value (builder, reframe_assignment_get_times_per_week (item));
    }
  add_day (builder, "start", reframe_assignment_get_start_date (item));
  if (frequency == REFRAME_FREQUENCY_ONCE)
    add_day (builder, "due", reframe_assignment_get_due_date (item));
  else
    add_day (builder, "end", reframe_assignment_get_end_date (item));
  add_string (builder, "reason", reframe_assignment_get_rationale (item));
  add_string (builder, "note", reframe_assignment_get_therapist_note (item));
  json_builder_end_object (builder);
}

static void
add_repeat_json (JsonBuilder             *builder,
                 const ReframePlanRepeat *repeat)
{
  json_builder_begin_object (builder);
  add_string (builder, "uuid", repeat->uuid);
  add_string (builder, "template_id", repeat->template_id);
  json_builder_set_member_name (builder, "every_weeks");
  json_builder_add_int_value (builder, repeat->every_weeks);
  add_string (builder, "note", repeat->note);
  json_builder_end_object (builder);
}

static void
add_template_json (JsonBuilder *builder,
                   ReframeTemplate *template)
{
  g_autoptr (GBytes) bytes = reframe_template_to_bytes (template);
  g_autoptr (JsonParser) parser = json_parser_new ();
  gsize       len = 0;
  const char *data = g_bytes_get_data (bytes, &len);
  JsonNode   *node;

  /* A template is only ever made from checked JSON. */
  if (!json_parser_load_from_data (parser, data, len, NULL))
    g_assert_not_reached ();
  node = json_node_copy (json_parser_get_root (parser));
  json_builder_begin_object (builder);
  add_string (builder, "id", reframe_template_get_id (template));
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, reframe_template_get_version (template));
  json_builder_set_member_name (builder, "template");
  json_builder_add_value (builder, node);
  json_builder_end_object (builder);
}

static void
add_header (ReframePlan *self,
            JsonBuilder *builder)
{
  add_string (builder, "format", REFRAME_PLAN_FORMAT);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, REFRAME_PLAN_VERSION);
  add_string (builder, "uuid", self->uuid);
  add_string (builder, "created", self->created);
  add_string (builder, "generator", "Reframe " PACKAGE_VERSION);
  add_string (builder, "therapist", self->therapist);
  json_builder_set_member_name (builder, "period");
  json_builder_begin_object (builder);
  add_day (builder, "from", &self->from);
  add_day (builder, "to", &self->to);
  json_builder_end_object (builder);
}

/**
 * reframe_plan_to_bytes:
 *
 * Returns: (transfer full): the plan file (docs/plan-format.md): UTF-8 JSON, two-space
 *   indent, ending in a newline
 */
GBytes *
reframe_plan_to_bytes (ReframePlan *self)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  gsize len = 0;
  char *text;

  g_return_val_if_fail (REFRAME_IS_PLAN (self), NULL);

  json_builder_begin_object (builder);
  add_header (self, builder);
  json_builder_set_member_name (builder, "assignments");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->items->len; i++)
    add_item_json (builder, g_ptr_array_index (self->items, i));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "questionnaires");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->repeats->len; i++)
    add_repeat_json (builder, g_ptr_array_index (self->repeats, i));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "templates");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->templates->len; i++)
    add_template_json (builder, g_ptr_array_index (self->templates, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, &len);
  text = g_realloc (text, len + 2);
  text[len] = '\n';
  text[len + 1] = '\0';
  return g_bytes_new_take (text, len + 1);
}

/**
 * reframe_plan_write:
 * @file: where to save it (replaced whole or not at all)
 *
 * Returns: %TRUE when saved; %REFRAME_PLAN_ERROR_FAILED saying why not
 */
gboolean
reframe_plan_write (ReframePlan  *self,
                    GFile        *file,
                    GCancellable *cancellable,
                    GError      **error)
{
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (REFRAME_IS_PLAN (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  bytes = reframe_plan_to_bytes (self);
  if (g_file_replace_contents (file,
                               g_bytes_get_data (bytes, NULL),
                               g_bytes_get_size (bytes),
                               NULL,
                               FALSE,
                               G_FILE_CREATE_REPLACE_DESTINATION,
                               NULL,
                               cancellable,
                               &local_error))
    return TRUE;
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  name = g_file_get_parse_name (file);
  g_set_error (error,
               REFRAME_PLAN_ERROR,
               REFRAME_PLAN_ERROR_FAILED,
               _ ("The plan could not be saved as “%s”: %s"),
               name,
               local_error->message);
  return FALSE;
}
