/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-assignment.c: one piece of homework the therapist gave: a template to fill in
 * or a free-text task, how often, and for how long.
 *
 * Dates are calendar days (GDate), not times: "every day from Monday" means the same
 * days whatever the clock does when summer time starts or ends.
 */

#define G_LOG_DOMAIN "ReframeAssignment"

#include "config.h"

#include "reframe-assignment-private.h"

struct _ReframeAssignment
{
  GObject parent_instance;

  /* Owned */
  char      *uuid;
  char      *title;
  char      *template_id;
  char      *rationale;
  char      *therapist_note;
  char      *created_iso;
  char      *updated_iso;
  GDateTime *created;
  GDateTime *updated;

  GDate            start_date;
  GDate            end_date;
  GDate            due_date;
  ReframeFrequency frequency;
  guint            times_per_week;
  guint            reminder : 1;
  guint            archived : 1;
};

enum
{
  PROP_0,
  PROP_UUID,
  PROP_TITLE,
  PROP_TEMPLATE_ID,
  PROP_FREQUENCY,
  PROP_TIMES_PER_WEEK,
  PROP_START_DATE,
  PROP_END_DATE,
  PROP_DUE_DATE,
  PROP_RATIONALE,
  PROP_THERAPIST_NOTE,
  PROP_REMINDER,
  PROP_ARCHIVED,
  PROP_CREATED,
  PROP_UPDATED,
  N_PROPS
};

G_DEFINE_ENUM_TYPE (ReframeFrequency,
                    reframe_frequency,
                    G_DEFINE_ENUM_VALUE (REFRAME_FREQUENCY_DAILY, "daily"),
                    G_DEFINE_ENUM_VALUE (REFRAME_FREQUENCY_TIMES_PER_WEEK, "times-per-week"),
                    G_DEFINE_ENUM_VALUE (REFRAME_FREQUENCY_ONCE, "once"))

G_DEFINE_FINAL_TYPE (ReframeAssignment, reframe_assignment, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

/* g_set_str() arrives only in GLib 2.76. */
static gboolean
replace_str (char      **str,
             const char *value)
{
  if (g_strcmp0 (*str, value) == 0)
    return FALSE;
  g_free (*str);
  *str = g_strdup (value);
  return TRUE;
}

static GDateTime *
ensure_time (GDateTime **time,
             const char *iso)
{
  if (*time == NULL && iso != NULL)
    *time = g_date_time_new_from_iso8601 (iso, NULL);
  return *time;
}

/* Sets @date to @value (or clears it for %NULL); %TRUE when that changed it. */
static gboolean
replace_date (GDate       *date,
              const GDate *value)
{
  gboolean had = g_date_valid (date);
  gboolean has = value != NULL && g_date_valid (value);

  if (had == has && (!has || g_date_compare (date, value) == 0))
    return FALSE;
  if (has)
    *date = *value;
  else
    g_date_clear (date, 1);
  return TRUE;
}

static const GDate *
valid_or_null (const GDate *date)
{
  return g_date_valid (date) ? date : NULL;
}

static void
reframe_assignment_finalize (GObject *object)
{
  ReframeAssignment *self = (ReframeAssignment *) object;

  g_clear_pointer (&self->uuid, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->template_id, g_free);
  g_clear_pointer (&self->rationale, g_free);
  g_clear_pointer (&self->therapist_note, g_free);
  g_clear_pointer (&self->created_iso, g_free);
  g_clear_pointer (&self->updated_iso, g_free);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_clear_pointer (&self->updated, g_date_time_unref);

  G_OBJECT_CLASS (reframe_assignment_parent_class)->finalize (object);
}

static void
reframe_assignment_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  ReframeAssignment *self = REFRAME_ASSIGNMENT (object);

  switch (prop_id)
    {
    case PROP_UUID:
      g_value_set_string (value, self->uuid);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_TEMPLATE_ID:
      g_value_set_string (value, self->template_id);
      break;
    case PROP_FREQUENCY:
      g_value_set_enum (value, self->frequency);
      break;
    case PROP_TIMES_PER_WEEK:
      g_value_set_uint (value, self->times_per_week);
      break;
    case PROP_START_DATE:
      g_value_set_boxed (value, valid_or_null (&self->start_date));
      break;
    case PROP_END_DATE:
      g_value_set_boxed (value, valid_or_null (&self->end_date));
      break;
    case PROP_DUE_DATE:
      g_value_set_boxed (value, valid_or_null (&self->due_date));
      break;
    case PROP_RATIONALE:
      g_value_set_string (value, self->rationale);
      break;
    case PROP_THERAPIST_NOTE:
      g_value_set_string (value, self->therapist_note);
      break;
    case PROP_REMINDER:
      g_value_set_boolean (value, self->reminder);
      break;
    case PROP_ARCHIVED:
      g_value_set_boolean (value, self->archived);
      break;
    case PROP_CREATED:
      g_value_set_boxed (value, reframe_assignment_get_created (self));
      break;
    case PROP_UPDATED:
      g_value_set_boxed (value, reframe_assignment_get_updated (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reframe_assignment_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  ReframeAssignment *self = REFRAME_ASSIGNMENT (object);

  switch (prop_id)
    {
    case PROP_UUID:
      /* Construct-only: a new assignment gets a fresh UUID in init. */
      if (g_value_get_string (value) != NULL)
        replace_str (&self->uuid, g_value_get_string (value));
      break;
    case PROP_TITLE:
      reframe_assignment_set_title (self, g_value_get_string (value));
      break;
    case PROP_TEMPLATE_ID:
      reframe_assignment_set_template_id (self, g_value_get_string (value));
      break;
    case PROP_FREQUENCY:
      reframe_assignment_set_frequency (self, g_value_get_enum (value));
      break;
    case PROP_TIMES_PER_WEEK:
      reframe_assignment_set_times_per_week (self, g_value_get_uint (value));
      break;
    case PROP_START_DATE:
      reframe_assignment_set_start_date (self, g_value_get_boxed (value));
      break;
    case PROP_END_DATE:
      reframe_assignment_set_end_date (self, g_value_get_boxed (value));
      break;
    case PROP_DUE_DATE:
      reframe_assignment_set_due_date (self, g_value_get_boxed (value));
      break;
    case PROP_RATIONALE:
      reframe_assignment_set_rationale (self, g_value_get_string (value));
      break;
    case PROP_THERAPIST_NOTE:
      reframe_assignment_set_therapist_note (self, g_value_get_string (value));
      break;
    case PROP_REMINDER:
      reframe_assignment_set_reminder (self, g_value_get_boolean (value));
      break;
    case PROP_ARCHIVED:
      reframe_assignment_set_archived (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reframe_assignment_class_init (ReframeAssignmentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags   rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags   ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = reframe_assignment_finalize;
  object_class->get_property = reframe_assignment_get_property;
  object_class->set_property = reframe_assignment_set_property;

  properties[PROP_UUID] =
      g_param_spec_string ("uuid",
                           NULL,
                           NULL,
                           NULL,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, "", rw);
  properties[PROP_TEMPLATE_ID] = g_param_spec_string ("template-id", NULL, NULL, NULL, rw);
  properties[PROP_FREQUENCY] = g_param_spec_enum (
      "frequency", NULL, NULL, REFRAME_TYPE_FREQUENCY, REFRAME_FREQUENCY_DAILY, rw);
  properties[PROP_TIMES_PER_WEEK] = g_param_spec_uint ("times-per-week", NULL, NULL, 1, 7, 1, rw);
  properties[PROP_START_DATE] = g_param_spec_boxed ("start-date", NULL, NULL, G_TYPE_DATE, rw);
  properties[PROP_END_DATE] = g_param_spec_boxed ("end-date", NULL, NULL, G_TYPE_DATE, rw);
  properties[PROP_DUE_DATE] = g_param_spec_boxed ("due-date", NULL, NULL, G_TYPE_DATE, rw);
  properties[PROP_RATIONALE] = g_param_spec_string ("rationale", NULL, NULL, "", rw);
  properties[PROP_THERAPIST_NOTE] = g_param_spec_string ("therapist-note", NULL, NULL, "", rw);
  properties[PROP_REMINDER] = g_param_spec_boolean ("reminder", NULL, NULL, FALSE, rw);
  properties[PROP_ARCHIVED] = g_param_spec_boolean ("archived", NULL, NULL, FALSE, rw);
  properties[PROP_CREATED] = g_param_spec_boxed ("created", NULL, NULL, G_TYPE_DATE_TIME, ro);
  properties[PROP_UPDATED] = g_param_spec_boxed ("updated", NULL, NULL, G_TYPE_DATE_TIME, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
reframe_assignment_init (ReframeAssignment *self)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();

  self->uuid = g_uuid_string_random ();
  self->title = g_strdup ("");
  self->rationale = g_strdup ("");
  self->therapist_note = g_strdup ("");
  self->times_per_week = 1;
  g_date_clear (&self->start_date, 1);
  g_date_clear (&self->end_date, 1);
  g_date_clear (&self->due_date, 1);
  g_date_set_dmy (&self->start_date,
                  g_date_time_get_day_of_month (now),
                  g_date_time_get_month (now),
                  g_date_time_get_year (now));
}

/**
 * reframe_assignment_new:
 * @title: what the homework is called, e.g. "Thought record after a hard moment"
 * @template_id: (nullable): the template to fill in; %NULL for a free-text task
 *
 * Returns: (transfer full): a new, unsaved assignment with a fresh UUID, daily from
 *   today without an end
 */
ReframeAssignment *
reframe_assignment_new (const char *title,
                        const char *template_id)
{
  return g_object_new (REFRAME_TYPE_ASSIGNMENT, "title", title, "template-id", template_id, NULL);
}

ReframeAssignment *
_reframe_assignment_new_with_uuid (const char *uuid)
{
  return g_object_new (REFRAME_TYPE_ASSIGNMENT, "uuid", uuid, NULL);
}

void
_reframe_assignment_set_stamps (ReframeAssignment *self,
                                const char        *created_iso,
                                const char        *updated_iso)
{
  if (replace_str (&self->created_iso, created_iso))
    {
      g_clear_pointer (&self->created, g_date_time_unref);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREATED]);
    }
  if (replace_str (&self->updated_iso, updated_iso))
    {
      g_clear_pointer (&self->updated, g_date_time_unref);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED]);
    }
}

const char *
reframe_assignment_get_uuid (ReframeAssignment *self)
{
  g_return_val_if_fail (REFRAME_IS_ASSIGNMENT (self), NULL);
  return self->uuid;
}

const char *
reframe_assignment_get_title (ReframeAssignment *self)
{
  g_return_val_if_fail (REFRAME_IS_ASSIGNMENT (self), NULL);
  return self->title;
}

void
reframe_assignment_set_title (ReframeAssignment *self,
                              const char        *title)
{
  g_return_if_fail (REFRAME_IS_ASSIGNMENT (self));

  if (replace_str (&self->title, title ? title : ""))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

/**
 * reframe_assignment_get_template_id:
 *
 * Returns: (nullable): the template to fill in; %NULL for a free-text task
 */
const char *
reframe_assignment_get_template_id (ReframeAssignment *self)
{
  g_return_val_if_fail (REFRAME_IS_ASSIGNMENT (self), NULL);
  return self->template_id;
}

void
reframe_assignment_set_template_id (ReframeAssignment *self,
                                    const char        *template_id)
{
  g_return_if_fail (REFRAME_IS_ASSIGNMENT (self));

  if (replace_str (&self->template_id, template_id && *template_id ? template_id : NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEMPLATE_ID]);
}

/**
 * reframe_assignment_is_task:
 *
 * Returns: %TRUE for a free-text task (marked done by hand), %FALSE for a template
 *   (done by completing a worksheet linked to it)
 */
gboolean
reframe_assignment_is_task (ReframeAssignment *self)
{
  g_return_val_if_fail (REFRAME_IS_ASSIGNMENT (self), FALSE);
  return self->template_id == NULL;
}

ReframeFrequency
reframe_assignment_get_frequency (ReframeAssignment *self)
{
  g_return_val_if_fail (REFRAME_IS_ASSIGNMENT (self), REFRAME_FREQUENCY_DAILY);
  return self->frequency;
}

void
reframe_assignment_set_frequency (ReframeAssignment *self,
                                  ReframeFrequency   frequency)
{
  g_return_if_fail (REFRAME_IS_ASSIGNMENT (self));
  g_return_if_fail (frequency <= REFRAME_FREQUENCY_ONCE);

  if (self->frequency == frequency)
    return;
  self->frequency = frequency;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FREQUENCY]);
}

/**
 * reframe_assignment_get_times_per_week:
 *
 * Returns: on how many days of a week, for %REFRAME_FREQUENCY_TIMES_PER_WEEK (1-7)
 */
guint
reframe_assignment_get_times_per_week (ReframeAssignment *self)
{
  g_return_val_if_fail (REFRAME_IS_ASSIGNMENT (self), 1);
  return self->times_per_week;
}

void
reframe_assignment_set_times_per_week (ReframeAssignment *self,
                                       guint              times)
{
  g_return_if_fail (REFRAME_IS_ASSIGNMENT (self));
  g_return_if_fail (times >= 1 && times <= 7);

  if (self->times_per_week == times)
    return;
  self->times_per_week = times;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMES_PER_WEEK]);
}

/**
 * reframe_assignment_get_start_date:
 *
 * Returns: (transfer none): the first day of the homework
 */
const GDate *
reframe_assignment_get_start_date (ReframeAssignment *self)
{
  g_return_val_if_fail (REFRAME_IS_ASSIGNMENT (self), NULL);
  return &self->start_date;
}

void
reframe_assignment_set_start_date (ReframeAssignment *self,
                                   const GDate       *date)
{
  g_return_if_fail (REFRAME_IS_ASSIGNMENT (self));
  g_return_if_fail (date != NULL && g_date_valid (date));

  if (replace_date (&self->start_date, date))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_START_DATE]);
}

/**
 * reframe_assignment_get_end_date:
 *
 * Returns: (transfer none) (nullable): the last day, %NULL when it has no end
 */
const GDate *
reframe_assignment_get_end_date (ReframeAssignment *self)
{
  g_return_val_if_fail (REFRAME_IS_ASSIGNMENT (self), NULL);
  return valid_or_null (&self->end_date);
}

void
reframe_assignment_set_end_date (ReframeAssignment *self,
                                 const GDate       *date)
{
  g_return_if_fail (REFRAME_IS_ASSIGNMENT (self));

  if (replace_date (&self->end_date, date))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_END_DATE]);
}

/**
 * reframe_assignment_get_due_date:
 *
 * Returns: (transfer none) (nullable): the day to do it by, for
 *   %REFRAME_FREQUENCY_ONCE
 */
const GDate *
reframe_assignment_get_due_date (ReframeAssignment *self)
{
  g_return_val_if_fail (REFRAME_IS_ASSIGNMENT (self), NULL);
  return valid_or_null (&self->due_date);
}

void
reframe_assignment_set_due_date (ReframeAssignment *self,
                                 const GDate       *date)
{
  g_return_if_fail (REFRAME_IS_ASSIGNMENT (self));

  if (replace_date (&self->due_date, date))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DUE_DATE]);
}

/**
 * reframe_assignment_get_rationale:
 *
 * Returns: why the therapist suggested it, "" when not given
 */
const char *
reframe_assignment_get_rationale (ReframeAssignment *self)
{
  g_return_val_if_fail (REFRAME_IS_ASSIGNMENT (self), NULL);
  return self->rationale;
}

void
reframe_assignment_set_rationale (ReframeAssignment *self,
                                  const char        *rationale)
{
  g_return_if_fail (REFRAME_IS_ASSIGNMENT (self));

  if (replace_str (&self->rationale, rationale ? rationale : ""))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATIONALE]);
}

/**
 * reframe_assignment_get_therapist_note:
 *
 * Returns: the therapist's note, "" when not given
 */
const char *
reframe_assignment_get_therapist_note (ReframeAssignment *self)
{
  g_return_val_if_fail (REFRAME_IS_ASSIGNMENT (self), NULL);
  return self->therapist_note;
}

void
reframe_assignment_set_therapist_note (ReframeAssignment *self,
                                       const char        *note)
{
  g_return_if_fail (REFRAME_IS_ASSIGNMENT (self));

  if (replace_str (&self->therapist_note, note ? note : ""))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THERAPIST_NOTE]);
}

/**
 * reframe_assignment_get_reminder:
 *
 * Returns: whether the person asked to be reminded of it
 */
gboolean
reframe_assignment_get_reminder (ReframeAssignment *self)
{
  g_return_val_if_fail (REFRAME_IS_ASSIGNMENT (self), FALSE);
  return self->reminder;
}

void
reframe_assignment_set_reminder (ReframeAssignment *self,
                                 gboolean           reminder)
{
  g_return_if_fail (REFRAME_IS_ASSIGNMENT (self));

  if (self->reminder == !!reminder)
    return;
  self->reminder = !!reminder;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMINDER]);
}

/**
 * reframe_assignment_get_archived:
 *
 * Returns: whether it was put away (finished with); archived ones are not listed
 */
gboolean
reframe_assignment_get_archived (ReframeAssignment *self)
{
  g_return_val_if_fail (REFRAME_IS_ASSIGNMENT (self), FALSE);
  return self->archived;
}

void
reframe_assignment_set_archived (ReframeAssignment *self,
                                 gboolean           archived)
{
  g_return_if_fail (REFRAME_IS_ASSIGNMENT (self));

  if (self->archived == !!archived)
    return;
  self->archived = !!archived;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ARCHIVED]);
}

/**
 * reframe_assignment_get_created:
 *
 * Returns: (transfer none) (nullable): when it was first saved (UTC)
 */
GDateTime *
reframe_assignment_get_created (ReframeAssignment *self)
{
  g_return_val_if_fail (REFRAME_IS_ASSIGNMENT (self), NULL);
  return ensure_time (&self->created, self->created_iso);
}

/**
 * reframe_assignment_get_updated:
 *
 * Returns: (transfer none) (nullable): when it was last saved (UTC)
 */
GDateTime *
reframe_assignment_get_updated (ReframeAssignment *self)
{
  g_return_val_if_fail (REFRAME_IS_ASSIGNMENT (self), NULL);
  return ensure_time (&self->updated, self->updated_iso);
}
