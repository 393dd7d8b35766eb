/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-mood-entry.c: one mood entry of the journal. */

#define G_LOG_DOMAIN "ReframeMoodEntry"

#include "config.h"

#include <math.h>

#include "reframe-mood-entry-private.h"

struct _ReframeMoodEntry
{
  GObject parent_instance;

  /* Owned */
  char      *uuid;
  char      *note;
  GStrv      feelings;
  GStrv      activities;
  GDateTime *time;
  GDateTime *created;
  GDateTime *updated;
  char      *snippet;

  double      sleep_hours;
  ReframeMood mood;
  guint       private_ : 1;
};

enum
{
  PROP_0,
  PROP_UUID,
  PROP_MOOD,
  PROP_NOTE,
  PROP_FEELINGS,
  PROP_ACTIVITIES,
  PROP_SLEEP_HOURS,
  PROP_TIME,
  PROP_PRIVATE,
  PROP_CREATED,
  PROP_UPDATED,
  PROP_SNIPPET,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (ReframeMoodEntry, reframe_mood_entry, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static const char *const empty_strv[] = { NULL };

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

static gboolean
strv_equal0 (const char *const *a,
             const char *const *b)
{
  return g_strv_equal (a ? a : empty_strv, b ? b : empty_strv);
}

/* The key two names share when they differ only in case or in how they are encoded. */
static char *
fold_name (const char *name)
{
  g_autofree char *normal = NULL;

  if (!g_utf8_validate (name, -1, NULL))
    return g_strdup (name);
  normal = g_utf8_normalize (name, -1, G_NORMALIZE_ALL_COMPOSE);
  return g_utf8_casefold (normal, -1);
}

static gboolean
names_match (const char *a,
             const char *b)
{
  g_autofree char *folded_a = fold_name (a);
  g_autofree char *folded_b = fold_name (b);

  return g_str_equal (folded_a, folded_b);
}

static gboolean
strv_contains0 (char      **strv,
                const char *item)
{
  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    if (names_match (strv[i], item))
      return TRUE;
  return FALSE;
}

/* Feelings and activities are sets: each name once, whatever its case, spelled as first
 * given ("chores, Chores" is one activity), trimmed, and never empty. */
static GStrv
unique_names (const char *const *names)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      g_autofree char *name = g_strstrip (g_strdup (names[i]));

      if (*name != '\0' && g_hash_table_add (seen, fold_name (name)))
        g_strv_builder_add (builder, name);
    }
  return g_strv_builder_end (builder);
}

static GStrv
strv_toggle (char      **strv,
             const char *item)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  gboolean found = FALSE;

  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    {
      if (names_match (strv[i], item))
        found = TRUE;
      else
        g_strv_builder_add (builder, strv[i]);
    }
  if (!found)
    g_strv_builder_add (builder, item);

  return g_strv_builder_end (builder);
}

static void
reframe_mood_entry_finalize (GObject *object)
{
  ReframeMoodEntry *self = (ReframeMoodEntry *) object;

  g_clear_pointer (&self->uuid, g_free);
  g_clear_pointer (&self->note, g_free);
  g_clear_pointer (&self->feelings, g_strfreev);
  g_clear_pointer (&self->activities, g_strfreev);
  g_clear_pointer (&self->time, g_date_time_unref);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_clear_pointer (&self->updated, g_date_time_unref);
  g_clear_pointer (&self->snippet, g_free);

  G_OBJECT_CLASS (reframe_mood_entry_parent_class)->finalize (object);
}

static void
reframe_mood_entry_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  ReframeMoodEntry *self = REFRAME_MOOD_ENTRY (object);

  switch (prop_id)
    {
    case PROP_UUID:
      g_value_set_string (value, self->uuid);
      break;
    case PROP_MOOD:
      g_value_set_uint (value, self->mood);
      break;
    case PROP_NOTE:
      g_value_set_string (value, self->note);
      break;
    case PROP_FEELINGS:
      g_value_set_boxed (value, self->feelings);
      break;
    case PROP_ACTIVITIES:
      g_value_set_boxed (value, self->activities);
      break;
    case PROP_SLEEP_HOURS:
      g_value_set_double (value, self->sleep_hours);
      break;
    case PROP_TIME:
      g_value_set_boxed (value, self->time);
      break;
    case PROP_PRIVATE:
      g_value_set_boolean (value, self->private_);
      break;
    case PROP_CREATED:
      g_value_set_boxed (value, self->created);
      break;
    case PROP_UPDATED:
      g_value_set_boxed (value, self->updated);
      break;
    case PROP_SNIPPET:
      g_value_set_string (value, self->snippet);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reframe_mood_entry_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  ReframeMoodEntry *self = REFRAME_MOOD_ENTRY (object);

  switch (prop_id)
    {
    case PROP_UUID:
      /* Construct-only: a new entry gets a fresh UUID in init. */
      if (g_value_get_string (value) != NULL)
        replace_str (&self->uuid, g_value_get_string (value));
      break;
    case PROP_MOOD:
      reframe_mood_entry_set_mood (self, g_value_get_uint (value));
      break;
    case PROP_NOTE:
      reframe_mood_entry_set_note (self, g_value_get_string (value));
      break;
    case PROP_FEELINGS:
      reframe_mood_entry_set_feelings (self, g_value_get_boxed (value));
      break;
    case PROP_ACTIVITIES:
      reframe_mood_entry_set_activities (self, g_value_get_boxed (value));
      break;
    case PROP_SLEEP_HOURS:
      reframe_mood_entry_set_sleep_hours (self, g_value_get_double (value));
      break;
    case PROP_TIME:
      reframe_mood_entry_set_time (self, g_value_get_boxed (value));
      break;
    case PROP_PRIVATE:
      reframe_mood_entry_set_private (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reframe_mood_entry_class_init (ReframeMoodEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags   rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags   ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = reframe_mood_entry_finalize;
  object_class->get_property = reframe_mood_entry_get_property;
  object_class->set_property = reframe_mood_entry_set_property;

  properties[PROP_UUID] =
      g_param_spec_string ("uuid",
                           NULL,
                           NULL,
                           NULL,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MOOD] = g_param_spec_uint (
      "mood", NULL, NULL, REFRAME_MOOD_NONE, REFRAME_MOOD_MAX, REFRAME_MOOD_NONE, rw);
  properties[PROP_NOTE] = g_param_spec_string ("note", NULL, NULL, "", rw);
  properties[PROP_FEELINGS] = g_param_spec_boxed ("feelings", NULL, NULL, G_TYPE_STRV, rw);
  properties[PROP_ACTIVITIES] = g_param_spec_boxed ("activities", NULL, NULL, G_TYPE_STRV, rw);
  properties[PROP_SLEEP_HOURS] =
      g_param_spec_double ("sleep-hours", NULL, NULL, -1.0, 24.0, REFRAME_SLEEP_UNKNOWN, rw);
  properties[PROP_TIME] = g_param_spec_boxed ("time", NULL, NULL, G_TYPE_DATE_TIME, rw);
  properties[PROP_PRIVATE] = g_param_spec_boolean ("private", NULL, NULL, FALSE, rw);
  properties[PROP_CREATED] = g_param_spec_boxed ("created", NULL, NULL, G_TYPE_DATE_TIME, ro);
  properties[PROP_UPDATED] = g_param_spec_boxed ("updated", NULL, NULL, G_TYPE_DATE_TIME, ro);
  properties[PROP_SNIPPET] = g_param_spec_string ("snippet", NULL, NULL, NULL, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
reframe_mood_entry_init (ReframeMoodEntry *self)
{
  self->uuid = g_uuid_string_random ();
  self->note = g_strdup ("");
  self->feelings = g_new0 (char *, 1);
  self->activities = g_new0 (char *, 1);
  self->time = g_date_time_new_now_local ();
  self->sleep_hours = REFRAME_SLEEP_UNKNOWN;
}

/**
 * reframe_mood_entry_new:
 *
 * Returns: (transfer full): a new, unsaved entry with a fresh UUID, the time set to
 *   now and no mood chosen yet.
 */
ReframeMoodEntry *
reframe_mood_entry_new (void)
{
  return g_object_new (REFRAME_TYPE_MOOD_ENTRY, NULL);
}

ReframeMoodEntry *
_reframe_mood_entry_new_with_uuid (const char *uuid)
{
  return g_object_new (REFRAME_TYPE_MOOD_ENTRY, "uuid", uuid, NULL);
}

/**
 * reframe_mood_entry_copy:
 *
 * Returns: (transfer full): an entry with the same UUID and values, e.g. to keep
 *   for undoing a delete.
 */
ReframeMoodEntry *
reframe_mood_entry_copy (ReframeMoodEntry *self)
{
  ReframeMoodEntry *copy;

  g_return_val_if_fail (REFRAME_IS_MOOD_ENTRY (self), NULL);

  copy = _reframe_mood_entry_new_with_uuid (self->uuid);
  copy->mood = self->mood;
  replace_str (&copy->note, self->note);
  reframe_mood_entry_set_feelings (copy, (const char *const *) self->feelings);
  reframe_mood_entry_set_activities (copy, (const char *const *) self->activities);
  copy->sleep_hours = self->sleep_hours;
  reframe_mood_entry_set_time (copy, self->time);
  copy->private_ = self->private_;
  _reframe_mood_entry_set_stamps (copy, self->created, self->updated);
  return copy;
}

const char *
reframe_mood_entry_get_uuid (ReframeMoodEntry *self)
{
  g_return_val_if_fail (REFRAME_IS_MOOD_ENTRY (self), NULL);
  return self->uuid;
}

ReframeMood
reframe_mood_entry_get_mood (ReframeMoodEntry *self)
{
  g_return_val_if_fail (REFRAME_IS_MOOD_ENTRY (self), REFRAME_MOOD_NONE);
  return self->mood;
}

void
reframe_mood_entry_set_mood (ReframeMoodEntry *self,
                             ReframeMood       mood)
{
  g_return_if_fail (REFRAME_IS_MOOD_ENTRY (self));
  g_return_if_fail (mood <= REFRAME_MOOD_MAX);

  if (self->mood == mood)
    return;
  self->mood = mood;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MOOD]);
}

const char *
reframe_mood_entry_get_note (ReframeMoodEntry *self)
{
  g_return_val_if_fail (REFRAME_IS_MOOD_ENTRY (self), NULL);
  return self->note;
}

void
reframe_mood_entry_set_note (ReframeMoodEntry *self,
                             const char       *note)
{
  g_return_if_fail (REFRAME_IS_MOOD_ENTRY (self));

  if (replace_str (&self->note, note ? note : ""))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTE]);
}

/**
 * reframe_mood_entry_get_feelings:
 *
 * Returns: (transfer none): the feeling names, never %NULL
 */
const char *const *
reframe_mood_entry_get_feelings (ReframeMoodEntry *self)
{
  g_return_val_if_fail (REFRAME_IS_MOOD_ENTRY (self), NULL);
  return (const char *const *) self->feelings;
}

void
reframe_mood_entry_set_feelings (ReframeMoodEntry  *self,
                                 const char *const *feelings)
{
  g_auto (GStrv) unique = NULL;

  g_return_if_fail (REFRAME_IS_MOOD_ENTRY (self));

  unique = unique_names (feelings);
  if (strv_equal0 ((const char *const *) self->feelings, (const char *const *) unique))
    return;
  g_strfreev (self->feelings);
  self->feelings = g_steal_pointer (&unique);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FEELINGS]);
}

/**
 * reframe_mood_entry_get_activities:
 *
 * Returns: (transfer none): the activity names, never %NULL
 */
const char *const *
reframe_mood_entry_get_activities (ReframeMoodEntry *self)
{
  g_return_val_if_fail (REFRAME_IS_MOOD_ENTRY (self), NULL);
  return (const char *const *) self->activities;
}

void
reframe_mood_entry_set_activities (ReframeMoodEntry  *self,
                                   const char *const *activities)
{
  g_auto (GStrv) unique = NULL;

  g_return_if_fail (REFRAME_IS_MOOD_ENTRY (self));

  unique = unique_names (activities);
  if (strv_equal0 ((const char *const *) self->activities, (const char *const *) unique))
    return;
  g_strfreev (self->activities);
  self->activities = g_steal_pointer (&unique);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVITIES]);
}

gboolean
reframe_mood_entry_has_feeling (ReframeMoodEntry *self,
                                const char       *feeling)
{
  g_return_val_if_fail (REFRAME_IS_MOOD_ENTRY (self), FALSE);
  return strv_contains0 (self->feelings, feeling);
}

gboolean
reframe_mood_entry_has_activity (ReframeMoodEntry *self,
                                 const char       *activity)
{
  g_return_val_if_fail (REFRAME_IS_MOOD_ENTRY (self), FALSE);
  return strv_contains0 (self->activities, activity);
}

void
reframe_mood_entry_toggle_feeling (ReframeMoodEntry *self,
                                   const char       *feeling)
{
  g_auto (GStrv) toggled = NULL;

  g_return_if_fail (REFRAME_IS_MOOD_ENTRY (self));
  g_return_if_fail (feeling != NULL);

  toggled = strv_toggle (self->feelings, feeling);
  reframe_mood_entry_set_feelings (self, (const char *const *) toggled);
}

void
reframe_mood_entry_toggle_activity (ReframeMoodEntry *self,
                                    const char       *activity)
{
  g_auto (GStrv) toggled = NULL;

  g_return_if_fail (REFRAME_IS_MOOD_ENTRY (self));
  g_return_if_fail (activity != NULL);

  toggled = strv_toggle (self->activities, activity);
  reframe_mood_entry_set_activities (self, (const char *const *) toggled);
}

double
reframe_mood_entry_get_sleep_hours (ReframeMoodEntry *self)
{
  g_return_val_if_fail (REFRAME_IS_MOOD_ENTRY (self), REFRAME_SLEEP_UNKNOWN);
  return self->sleep_hours;
}

/**
 * reframe_mood_entry_set_sleep_hours:
 * @hours: hours slept from 0 to 24, or %REFRAME_SLEEP_UNKNOWN
 */
void
reframe_mood_entry_set_sleep_hours (ReframeMoodEntry *self,
                                    double            hours)
{
  g_return_if_fail (REFRAME_IS_MOOD_ENTRY (self));

  /* Not a number of hours is no number of hours. */
  if (isnan (hours) || hours < 0)
    hours = REFRAME_SLEEP_UNKNOWN;
  hours = MIN (hours, 24.0);
  if (self->sleep_hours == hours)
    return;
  self->sleep_hours = hours;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SLEEP_HOURS]);
}

/**
 * reframe_mood_entry_get_time:
 *
 * Returns: (transfer none): when the entry is about, in the zone it was logged in
 */
GDateTime *
reframe_mood_entry_get_time (ReframeMoodEntry *self)
{
  g_return_val_if_fail (REFRAME_IS_MOOD_ENTRY (self), NULL);
  return self->time;
}

void
reframe_mood_entry_set_time (ReframeMoodEntry *self,
                             GDateTime        *time)
{
  g_return_if_fail (REFRAME_IS_MOOD_ENTRY (self));
  g_return_if_fail (time != NULL);

  if (self->time != NULL && g_date_time_equal (self->time, time) &&
      g_date_time_get_utc_offset (self->time) == g_date_time_get_utc_offset (time))
    return;
  g_clear_pointer (&self->time, g_date_time_unref);
  self->time = g_date_time_ref (time);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME]);
}

/**
 * reframe_mood_entry_dup_day:
 *
 * Returns: (transfer full): the day of the entry as "YYYY-MM-DD", in the time zone
 *   the time was given in
 */
char *
reframe_mood_entry_dup_day (ReframeMoodEntry *self)
{
  g_return_val_if_fail (REFRAME_IS_MOOD_ENTRY (self), NULL);
  return g_date_time_format (self->time, "%Y-%m-%d");
}

gboolean
reframe_mood_entry_get_private (ReframeMoodEntry *self)
{
  g_return_val_if_fail (REFRAME_IS_MOOD_ENTRY (self), FALSE);
  return self->private_;
}

void
reframe_mood_entry_set_private (ReframeMoodEntry *self,
                                gboolean          private_)
{
  g_return_if_fail (REFRAME_IS_MOOD_ENTRY (self));

  private_ = !!private_;
  if (self->private_ == private_)
    return;
  self->private_ = private_;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRIVATE]);
}

/**
 * reframe_mood_entry_get_created:
 *
 * Returns: (transfer none) (nullable): when the entry was first saved (UTC)
 */
GDateTime *
reframe_mood_entry_get_created (ReframeMoodEntry *self)
{
  g_return_val_if_fail (REFRAME_IS_MOOD_ENTRY (self), NULL);
  return self->created;
}

/**
 * reframe_mood_entry_get_updated:
 *
 * Returns: (transfer none) (nullable): when the entry was last saved (UTC)
 */
GDateTime *
reframe_mood_entry_get_updated (ReframeMoodEntry *self)
{
  g_return_val_if_fail (REFRAME_IS_MOOD_ENTRY (self), NULL);
  return self->updated;
}

/**
 * reframe_mood_entry_get_snippet:
 *
 * Returns: (nullable): the search match, with %REFRAME_SNIPPET_START and
 *   %REFRAME_SNIPPET_END around each matched word; %NULL outside a search
 */
const char *
reframe_mood_entry_get_snippet (ReframeMoodEntry *self)
{
  g_return_val_if_fail (REFRAME_IS_MOOD_ENTRY (self), NULL);
  return self->snippet;
}

void
_reframe_mood_entry_set_stamps (ReframeMoodEntry *self,
                                GDateTime        *created,
                                GDateTime        *updated)
{
  if (created != NULL && (self->created == NULL || !g_date_time_equal (created, self->created)))
    {
      g_clear_pointer (&self->created, g_date_time_unref);
      self->created = g_date_time_ref (created);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREATED]);
    }
  if (updated != NULL && (self->updated == NULL || !g_date_time_equal (updated, self->updated)))
    {
      g_clear_pointer (&self->updated, g_date_time_unref);
      self->updated = g_date_time_ref (updated);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED]);
    }
}

void
_reframe_mood_entry_take_snippet (ReframeMoodEntry *self,
                                  char             *snippet)
{
  g_free (self->snippet);
  self->snippet = snippet;
}

void
_reframe_mood_entry_load (ReframeMoodEntry *self,
                          ReframeMood       mood,
                          const char       *note,
                          double            sleep_hours,
                          GDateTime        *time,
                          gboolean          private_)
{
  /* Filling a fresh object from a row: no one listens yet, so no notifications. */
  self->mood = mood;
  replace_str (&self->note, note ? note : "");
  self->sleep_hours = sleep_hours;
  g_clear_pointer (&self->time, g_date_time_unref);
  self->time = g_date_time_ref (time);
  self->private_ = !!private_;
}
