/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-report-options.c: what the person chose for a report: the period, the kinds of
 * record, what is left out or added, the name, their own words, the language. */

#define G_LOG_DOMAIN "ReframeReport"

#include "config.h"

#include "reframe-report-private.h"

static GHashTable *
new_uuid_set (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static GHashTable *
copy_uuid_set (GHashTable *set)
{
  GHashTable    *copy = new_uuid_set ();
  GHashTableIter iter;
  gpointer       key;

  g_hash_table_iter_init (&iter, set);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_add (copy, g_strdup (key));
  return copy;
}

/**
 * reframe_report_options_new:
 * @from: the first day of the period
 * @to: the last day of the period, on or after @from
 *
 * Returns: (transfer full): options for every kind, private items left out
 */
ReframeReportOptions *
reframe_report_options_new (const GDate *from,
                            const GDate *to)
{
  ReframeReportOptions *options;

  g_return_val_if_fail (from != NULL && g_date_valid (from), NULL);
  g_return_val_if_fail (to != NULL && g_date_valid (to), NULL);

  options = g_new0 (ReframeReportOptions, 1);
  options->from = *from;
  options->to = *to;
  options->kinds = REFRAME_REPORT_ALL;
  options->excluded = new_uuid_set ();
  options->included = new_uuid_set ();
  return options;
}

ReframeReportOptions *
reframe_report_options_copy (const ReframeReportOptions *options)
{
  ReframeReportOptions *copy;

  g_return_val_if_fail (options != NULL, NULL);

  copy = g_new0 (ReframeReportOptions, 1);
  *copy = *options;
  copy->name = g_strdup (options->name);
  copy->own_words = g_strdup (options->own_words);
  copy->language = g_strdup (options->language);
  copy->made = options->made ? g_date_time_ref (options->made) : NULL;
  copy->excluded = copy_uuid_set (options->excluded);
  copy->included = copy_uuid_set (options->included);
  return copy;
}

void
reframe_report_options_free (ReframeReportOptions *options)
{
  if (options == NULL)
    return;
  g_free (options->name);
  g_free (options->own_words);
  g_free (options->language);
  g_clear_pointer (&options->made, g_date_time_unref);
  g_hash_table_unref (options->excluded);
  g_hash_table_unref (options->included);
  g_free (options);
}

void
reframe_report_options_set_kinds (ReframeReportOptions *options,
                                  ReframeReportKinds    kinds)
{
  g_return_if_fail (options != NULL);
  options->kinds = kinds & REFRAME_REPORT_ALL;
}

void
reframe_report_options_set_include_private (ReframeReportOptions *options,
                                            gboolean              include_private)
{
  g_return_if_fail (options != NULL);
  options->include_private = !!include_private;
}

/**
 * reframe_report_options_set_include_safety_plan:
 * @include_safety_plan: whether the report carries the person's safety plan
 *
 * Adds the safety plan, as last saved, at the end of the report (off by default): it
 * is the person's to share, whether or not its worksheet falls in the period.
 */
void
reframe_report_options_set_include_safety_plan (ReframeReportOptions *options,
                                                gboolean              include_safety_plan)
{
  g_return_if_fail (options != NULL);
  options->include_safety_plan = !!include_safety_plan;
}

/**
 * reframe_report_options_set_name:
 * @name: (nullable): the person's name for the header, %NULL or empty for none
 */
void
reframe_report_options_set_name (ReframeReportOptions *options,
                                 const char           *name)
{
  g_autofree char *stripped = name != NULL ? g_strstrip (g_strdup (name)) : NULL;

  g_return_if_fail (options != NULL);
  g_free (options->name);
  options->name = stripped != NULL && *stripped != '\0' ? g_steal_pointer (&stripped) : NULL;
}

/**
 * reframe_report_options_set_own_words:
 * @text: (nullable): what the person wrote and confirmed for the appointment; %NULL or
 *   blank for none
 *
 * Puts the person's own words first in the report, under a heading of their own. Only
 * text the person confirmed belongs here: the caller passes nothing otherwise.
 */
void
reframe_report_options_set_own_words (ReframeReportOptions *options,
                                      const char           *text)
{
  g_autofree char *stripped = text != NULL ? g_strstrip (g_strdup (text)) : NULL;

  g_return_if_fail (options != NULL);
  g_free (options->own_words);
  options->own_words = stripped != NULL && *stripped != '\0' ? g_steal_pointer (&stripped) : NULL;
}

/**
 * reframe_report_options_set_language:
 * @language: (nullable): a language code ("en", "de"); %NULL or empty for the
 *   desktop's language
 *
 * The report's headings, sentences, dates and numbers are written in @language, so
 * that a person can hand their therapist a report in the therapist's language.
 */
void
reframe_report_options_set_language (ReframeReportOptions *options,
                                     const char           *language)
{
  g_return_if_fail (options != NULL);
  g_free (options->language);
  options->language = language != NULL && *language != '\0' ? g_strdup (language) : NULL;
}

/**
 * reframe_report_options_exclude:
 * @uuid: an entry or worksheet the person unticked
 *
 * Leaves the item out, private or not; undoes reframe_report_options_include().
 */
void
reframe_report_options_exclude (ReframeReportOptions *options,
                                const char           *uuid)
{
  g_return_if_fail (options != NULL);
  g_return_if_fail (uuid != NULL);
  g_hash_table_remove (options->included, uuid);
  g_hash_table_add (options->excluded, g_strdup (uuid));
}

/**
 * reframe_report_options_include:
 * @uuid: an entry or worksheet the person ticked
 *
 * Puts the item in even when it is private; undoes reframe_report_options_exclude().
 */
void
reframe_report_options_include (ReframeReportOptions *options,
                                const char           *uuid)
{
  g_return_if_fail (options != NULL);
  g_return_if_fail (uuid != NULL);
  g_hash_table_remove (options->excluded, uuid);
  g_hash_table_add (options->included, g_strdup (uuid));
}

/**
 * reframe_report_options_set_made:
 * @made: (nullable): the time the report says it was made; %NULL for the time it is built
 *
 * For tests and reproducible output.
 */
void
reframe_report_options_set_made (ReframeReportOptions *options,
                                 GDateTime            *made)
{
  g_return_if_fail (options != NULL);
  g_clear_pointer (&options->made, g_date_time_unref);
  options->made = made != NULL ? g_date_time_ref (made) : NULL;
}
