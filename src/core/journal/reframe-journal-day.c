/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-journal-day.c: the header item above one day's entries in the journal list. */

#define G_LOG_DOMAIN "ReframeJournalDay"

#include "config.h"

#include <stdio.h>

#include "reframe-journal-day.h"

struct _ReframeJournalDay
{
  GObject parent_instance;

  /* Owned */
  char *day;

  guint n_entries;
};

enum
{
  PROP_0,
  PROP_DAY,
  PROP_N_ENTRIES,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (ReframeJournalDay, reframe_journal_day, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void
reframe_journal_day_finalize (GObject *object)
{
  ReframeJournalDay *self = (ReframeJournalDay *) object;

  g_clear_pointer (&self->day, g_free);

  G_OBJECT_CLASS (reframe_journal_day_parent_class)->finalize (object);
}

static void
reframe_journal_day_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  ReframeJournalDay *self = REFRAME_JOURNAL_DAY (object);

  switch (prop_id)
    {
    case PROP_DAY:
      g_value_set_string (value, self->day);
      break;
    case PROP_N_ENTRIES:
      g_value_set_uint (value, self->n_entries);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reframe_journal_day_class_init (ReframeJournalDayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = reframe_journal_day_finalize;
  object_class->get_property = reframe_journal_day_get_property;

  properties[PROP_DAY] =
      g_param_spec_string ("day", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ENTRIES] = g_param_spec_uint (
      "n-entries", NULL, NULL, 0, G_MAXUINT, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
reframe_journal_day_init (ReframeJournalDay *self)
{
}

ReframeJournalDay *
reframe_journal_day_new (const char *day,
                         guint       n_entries)
{
  ReframeJournalDay *self;

  g_return_val_if_fail (day != NULL, NULL);

  self = g_object_new (REFRAME_TYPE_JOURNAL_DAY, NULL);
  self->day = g_strdup (day);
  self->n_entries = n_entries;
  return self;
}

/**
 * reframe_journal_day_get_day:
 *
 * Returns: the day as "YYYY-MM-DD"
 */
const char *
reframe_journal_day_get_day (ReframeJournalDay *self)
{
  g_return_val_if_fail (REFRAME_IS_JOURNAL_DAY (self), NULL);
  return self->day;
}

guint
reframe_journal_day_get_n_entries (ReframeJournalDay *self)
{
  g_return_val_if_fail (REFRAME_IS_JOURNAL_DAY (self), 0);
  return self->n_entries;
}

/**
 * reframe_journal_day_dup_date:
 *
 * Returns: (transfer full) (nullable): the day as a #GDate, %NULL if it is not valid
 */
GDate *
reframe_journal_day_dup_date (ReframeJournalDay *self)
{
  guint year = 0, month = 0, day = 0;

  g_return_val_if_fail (REFRAME_IS_JOURNAL_DAY (self), NULL);

  if (sscanf (self->day, "%4u-%2u-%2u", &year, &month, &day) != 3 ||
      !g_date_valid_dmy (day, month, year))
    return NULL;
  return g_date_new_dmy (day, month, year);
}
