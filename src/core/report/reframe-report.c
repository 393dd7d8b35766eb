/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-report.c: the options, the document's getters, building it off the main
 * thread, and writing it safely to a file.
 *
 * A report is built once from what the person chose and never changes afterwards, so
 * the preview, the printer and a file writer on another thread can all read it at once.
 * Writing goes to a temporary file next to the destination, renamed over it only when
 * everything was written: a cancelled or failed export leaves no half-written file and
 * leaves an existing file at the destination as it was.
 */

#define G_LOG_DOMAIN "ReframeReport"

#include "config.h"

#include "reframe-i18n.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "reframe-report-private.h"
#include "reframe-store-private.h"
#include "reframe-locale.h"

G_DEFINE_QUARK (reframe - report - error - quark, reframe_report_error)

G_DEFINE_BOXED_TYPE (ReframeReportOptions,
                     reframe_report_options,
                     reframe_report_options_copy,
                     reframe_report_options_free)
G_DEFINE_BOXED_TYPE (ReframeReport, reframe_report, reframe_report_ref, reframe_report_unref)

/* Options */

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

/* The items of the document */

ReframeReportWorksheet *
_reframe_report_worksheet_new (ReframeWorksheet *worksheet,
                               ReframeTemplate *template)
{
  ReframeReportWorksheet *item = g_new0 (ReframeReportWorksheet, 1);

  item->worksheet = g_object_ref (worksheet);
  item->template = template != NULL ? g_object_ref (template) : NULL;
  return item;
}

void
_reframe_report_worksheet_free (ReframeReportWorksheet *item)
{
  g_object_unref (item->worksheet);
  g_clear_object (&item->template);
  g_free (item);
}

void
_reframe_report_score_free (ReframeReportScore *score)
{
  g_free (score->template_id);
  g_free (score->title);
  g_free (score->worksheet_uuid);
  g_clear_pointer (&score->when, g_date_time_unref);
  g_free (score->band);
  g_free (score->safety_field_id);
  g_free (score);
}

void
_reframe_report_homework_free (ReframeReportHomework *homework)
{
  g_object_unref (homework->assignment);
  g_free (homework->plan_therapist);
  g_free (homework);
}

ReframeReportItem *
_reframe_report_item_new (const char           *uuid,
                          ReframeReportItemKind kind,
                          const char           *title,
                          GDateTime            *when,
                          gboolean              private_,
                          gboolean              included)
{
  ReframeReportItem *item = g_new0 (ReframeReportItem, 1);

  item->uuid = g_strdup (uuid);
  item->kind = kind;
  item->title = g_strdup (title);
  item->when = when != NULL ? g_date_time_ref (when) : NULL;
  item->private_ = private_;
  item->included = included;
  return item;
}

void
_reframe_report_item_free (ReframeReportItem *item)
{
  g_free (item->uuid);
  g_free (item->title);
  g_clear_pointer (&item->when, g_date_time_unref);
  g_free (item);
}

ReframeReport *
_reframe_report_new (void)
{
  ReframeReport *self = g_new0 (ReframeReport, 1);

  g_atomic_ref_count_init (&self->ref_count);
  g_date_clear (&self->from, 1);
  g_date_clear (&self->to, 1);
  self->mean_mood = self->first_half_mean = self->second_half_mean = NAN;
  self->emotion_drop = self->activity_predicted = self->activity_actual = NAN;
  self->entries = g_ptr_array_new_with_free_func (g_object_unref);
  self->worksheets =
      g_ptr_array_new_with_free_func ((GDestroyNotify) _reframe_report_worksheet_free);
  self->questionnaires =
      g_ptr_array_new_with_free_func ((GDestroyNotify) _reframe_report_worksheet_free);
  self->scores = g_ptr_array_new_with_free_func ((GDestroyNotify) _reframe_report_score_free);
  self->homework = g_ptr_array_new_with_free_func ((GDestroyNotify) _reframe_report_homework_free);
  self->candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) _reframe_report_item_free);
  return self;
}

ReframeReport *
reframe_report_ref (ReframeReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
reframe_report_unref (ReframeReport *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_clear_pointer (&self->made, g_date_time_unref);
  g_free (self->name);
  g_free (self->own_words);
  g_free (self->language);
  g_clear_pointer (&self->insights, reframe_insights_unref);
  g_ptr_array_unref (self->entries);
  g_ptr_array_unref (self->worksheets);
  g_ptr_array_unref (self->questionnaires);
  g_ptr_array_unref (self->scores);
  g_ptr_array_unref (self->homework);
  g_ptr_array_unref (self->candidates);
  g_clear_object (&self->safety_plan);
  g_free (self->data_dir);
  g_free (self);
}

/* Text helpers shared by the renderers */

char *
_reframe_report_format_day (const GDate *day)
{
  if (day == NULL || !g_date_valid (day))
    return NULL;
  return g_strdup_printf (
      "%04u-%02u-%02u", g_date_get_year (day), g_date_get_month (day), g_date_get_day (day));
}

gboolean
_reframe_report_parse_day (const char *text,
                           GDate      *day)
{
  guint year = 0, month = 0, mday = 0;
  char  tail = 0;

  g_date_clear (day, 1);
  if (text == NULL || strlen (text) != 10 ||
      sscanf (text, "%4u-%2u-%2u%c", &year, &month, &mday, &tail) != 3 ||
      !g_date_valid_dmy (mday, month, year))
    return FALSE;
  g_date_set_dmy (day, mday, month, year);
  return TRUE;
}

/* ISO 8601 with the time's own offset as ±hh:mm (or Z), and microseconds only when
 * there are any: "2026-03-05T21:30:00+02:00". Reads back to the same instant and offset. */
char *
_reframe_report_format_time (GDateTime *time)
{
  g_autoptr (GString) text = NULL;
  g_autofree char *main_part = NULL;

  if (time == NULL)
    return NULL;
  main_part = g_date_time_format (time, "%Y-%m-%dT%H:%M:%S");
  text = g_string_new (main_part);
  if (g_date_time_get_microsecond (time) != 0)
    g_string_append_printf (text, ".%06d", g_date_time_get_microsecond (time));
  if (g_date_time_get_utc_offset (time) == 0)
    g_string_append_c (text, 'Z');
  else
    {
      g_autofree char *offset = g_date_time_format (time, "%:z");
      g_string_append (text, offset);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * _reframe_report_dup_answer_text:
 * @field: (nullable): the answer's field; %NULL reads the value as plain text
 * @node: a value node of a worksheet's answers
 *
 * One answer as a person reads it, the same in every report: a choice by its label, a
 * date and time in the local calendar ("5 December 2026, 13:53"), yes or no, a number.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL when @node holds no value
 */
char *
_reframe_report_dup_answer_text (const ReframeTemplateField *field,
                                 JsonNode                   *node)
{
  const ReframeTemplateOption *option = NULL;
  g_autofree char             *value = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    value = g_strdup (json_node_get_string (node));
  else if (json_node_get_value_type (node) == G_TYPE_INT64)
    value = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  else if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    value = g_strdup_printf ("%g", json_node_get_double (node));
  else if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    /* Translators: the answer to a yes-or-no question in a worksheet */
    value = g_strdup (json_node_get_boolean (node) ? _ ("yes") : _ ("no"));
  else
    return NULL;
  if (field == NULL)
    return g_steal_pointer (&value);
  if ((option = reframe_template_field_lookup_option (field, value)) != NULL)
    return g_strdup (option->label);
  if (reframe_template_field_get_field_type (field) == REFRAME_FIELD_DATE_TIME)
    {
      g_autoptr (GDateTime) time = g_date_time_new_from_iso8601 (value, NULL);
      g_autoptr (GDateTime) local = time != NULL ? g_date_time_to_local (time) : NULL;

      if (local != NULL)
        return reframe_locale_format_day_and_clock (local, REFRAME_DATE_FULL);
    }
  return g_steal_pointer (&value);
}

/* The longest note a report prints, in characters: some thirty pages. Laying out more
 * would cost minutes and reams for a note nobody reads on paper; the rest stays whole in
 * the journal, and in the JSON and CSV exports. */
#define NOTE_MAX_CHARS 100000

/* Of a cut, how far back it may move to end at a space or line break rather than in a word. */
#define NOTE_CUT_SLACK 200

/**
 * _reframe_report_note_shown_length:
 * @note: an entry's note
 *
 * Returns: how many bytes of @note a printed report shows: all of them, or about
 *   %NOTE_MAX_CHARS characters, cut after a word
 */
gsize
_reframe_report_note_shown_length (const char *note)
{
  const char *end = note;
  guint       n_chars = 0;

  while (*end != '\0' && n_chars < NOTE_MAX_CHARS)
    {
      end = g_utf8_next_char (end);
      n_chars++;
    }
  if (*end == '\0')
    return end - note;
  /* Spaces and line breaks are single bytes in UTF-8, so this stays on a character. */
  for (const char *p = end; p > note && end - p < NOTE_CUT_SLACK; p--)
    if (p[-1] == ' ' || p[-1] == '\n')
      return p - note;
  return end - note;
}

/**
 * _reframe_report_dup_note_cut_mark:
 * @note: an entry's note
 * @shown: what _reframe_report_note_shown_length() returned for it
 *
 * Returns: (transfer full): the line a printed report shows where it cut @note
 */
char *
_reframe_report_dup_note_cut_mark (const char *note,
                                   gsize       shown)
{
  glong rest = g_utf8_strlen (note + shown, -1);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "[…] The rest of this note, %ld more character, is too long "
                                       "to print here. It is kept whole in the journal.",
                                       "[…] The rest of this note, %ld more characters, is too "
                                       "long to print here. It is kept whole in the journal.",
                                       rest),
                          rest);
}

static const char *const frequency_keys[] = {
  [REFRAME_FREQUENCY_DAILY] = "daily",
  [REFRAME_FREQUENCY_TIMES_PER_WEEK] = "times_per_week",
  [REFRAME_FREQUENCY_ONCE] = "once",
};

const char *
_reframe_report_frequency_key (ReframeFrequency frequency)
{
  return frequency < G_N_ELEMENTS (frequency_keys) ? frequency_keys[frequency] : "daily";
}

gboolean
_reframe_report_parse_frequency (const char       *key,
                                 ReframeFrequency *frequency)
{
  for (guint i = 0; i < G_N_ELEMENTS (frequency_keys); i++)
    if (g_strcmp0 (key, frequency_keys[i]) == 0)
      {
        *frequency = i;
        return TRUE;
      }
  return FALSE;
}

/* "Good: walked the dog in the rain…": the dialog's title for an entry. */
char *
_reframe_report_entry_title (ReframeMoodEntry *entry)
{
  const char      *note = reframe_mood_entry_get_note (entry);
  const char      *mood = reframe_mood_get_label (reframe_mood_entry_get_mood (entry));
  g_autofree char *first_line = NULL;
  const char      *end;

  if (note == NULL || *note == '\0')
    return g_strdup (mood);
  end = strchr (note, '\n');
  first_line = end != NULL ? g_strndup (note, end - note) : g_strdup (note);
  if (g_utf8_strlen (first_line, -1) > 60)
    {
      g_autofree char *cut = g_utf8_substring (first_line, 0, 60);
      g_free (first_line);
      first_line = g_strconcat (cut, "…", NULL);
    }
  /* Translators: a mood entry in a list: its mood, then the start of its note */
  return g_strdup_printf (_ ("%s: %s"), mood, first_line);
}

/* Building */

typedef struct
{
  char                 *path;
  GHashTable           *templates;
  ReframeReportOptions *options;
} BuildData;

static void
build_data_free (BuildData *data)
{
  g_free (data->path);
  g_hash_table_unref (data->templates);
  reframe_report_options_free (data->options);
  g_free (data);
}

static char *
template_key (const char *id,
              guint       version)
{
  return g_strdup_printf ("%s\n%u", id, version);
}

/* Every version of every template, referenced, so that a worker thread can look them
 * up while the registry goes on being used on the main thread. Key "id\nversion", and
 * "id\n0" for the newest. */
GHashTable *
_reframe_report_snapshot_templates (ReframeTemplateRegistry *registry)
{
  GHashTable *templates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  GListModel *latest;

  if (registry == NULL)
    return templates;
  latest = reframe_template_registry_get_templates (registry);
  for (guint i = 0; i < g_list_model_get_n_items (latest); i++)
    {
      g_autoptr (ReframeTemplate) newest = g_list_model_get_item (latest, i);
      const char *id = reframe_template_get_id (newest);
      GPtrArray  *versions = reframe_template_registry_get_versions (registry, id);

      g_hash_table_replace (templates, template_key (id, 0), g_object_ref (newest));
      for (guint j = 0; versions != NULL && j < versions->len; j++)
        {
          ReframeTemplate *template = g_ptr_array_index (versions, j);
          g_hash_table_replace (templates,
                                template_key (id, reframe_template_get_version (template)),
                                g_object_ref (template));
        }
    }
  return templates;
}

/* The version a worksheet was made with, else the newest one. */
ReframeTemplate *
_reframe_report_lookup_template (GHashTable *templates,
                                 const char *id,
                                 guint       version)
{
  g_autofree char *key = template_key (id, version);
  g_autofree char *newest = template_key (id, 0);
  ReframeTemplate *template = g_hash_table_lookup (templates, key);

  return template != NULL ? template : g_hash_table_lookup (templates, newest);
}

static gboolean
check_period (const ReframeReportOptions *options,
              GError                    **error)
{
  if (g_date_compare (&options->from, &options->to) > 0)
    {
      g_set_error_literal (
          error,
          REFRAME_REPORT_ERROR,
          REFRAME_REPORT_ERROR_INVALID,
          _ ("The period ends before it starts; choose an end date on or after the start."));
      return FALSE;
    }
  return TRUE;
}

static ReframeReport *
build_at_path (const char                 *path,
               GHashTable                 *templates,
               const ReframeReportOptions *options,
               GCancellable               *cancellable,
               GError                    **error)
{
  sqlite3       *db;
  ReframeReport *report;

  if ((db = _reframe_store_open_reader_at (path, error)) == NULL)
    return NULL;
  report = _reframe_report_build_with_db (db, templates, options, cancellable, error);
  sqlite3_close (db);
  if (report != NULL)
    report->data_dir = g_path_get_dirname (path);
  return report;
}

/**
 * reframe_report_build:
 * @registry: (nullable): the templates, to lay worksheets out with
 * @options: what to put in
 *
 * Reads the period from the journal through a read connection of its own; for the
 * command line and tests. Windows use reframe_report_build_async().
 *
 * Returns: (transfer full) (nullable): the report; %NULL with %G_IO_ERROR_CANCELLED when cancelled
 */
ReframeReport *
reframe_report_build (ReframeStore            *store,
                      ReframeTemplateRegistry *registry,
                      ReframeReportOptions    *options,
                      GCancellable            *cancellable,
                      GError                 **error)
{
  g_autoptr (GHashTable) templates = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (REFRAME_IS_STORE (store), NULL);
  g_return_val_if_fail (options != NULL, NULL);

  if (!check_period (options, error) || _reframe_store_require_db (store, error) == NULL)
    return NULL;
  templates = _reframe_report_snapshot_templates (registry);
  path = _reframe_store_dup_path_for_reader (store);
  return build_at_path (path, templates, options, cancellable, error);
}

static void
build_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  BuildData     *data = task_data;
  GError        *error = NULL;
  ReframeReport *report =
      build_at_path (data->path, data->templates, data->options, cancellable, &error);

  if (report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, report, (GDestroyNotify) reframe_report_unref);
}

/**
 * reframe_report_build_async:
 * @registry: (nullable): the templates
 * @options: what to put in; copied
 *
 * Builds the report on a worker thread with its own read connection.
 */
void
reframe_report_build_async (ReframeStore            *store,
                            ReframeTemplateRegistry *registry,
                            ReframeReportOptions    *options,
                            GCancellable            *cancellable,
                            GAsyncReadyCallback      callback,
                            gpointer                 user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GError) error = NULL;
  BuildData *data;

  g_return_if_fail (REFRAME_IS_STORE (store));
  g_return_if_fail (options != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, reframe_report_build_async);
  if (!check_period (options, &error) || _reframe_store_require_db (store, &error) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  data = g_new0 (BuildData, 1);
  data->path = _reframe_store_dup_path_for_reader (store);
  data->templates = _reframe_report_snapshot_templates (registry);
  data->options = reframe_report_options_copy (options);
  g_task_set_task_data (task, data, (GDestroyNotify) build_data_free);
  g_task_run_in_thread (task, build_thread);
}

/**
 * reframe_report_build_finish:
 *
 * Returns: (transfer full) (nullable): the report
 */
ReframeReport *
reframe_report_build_finish (GAsyncResult *result,
                             GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == reframe_report_build_async,
                        NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Getters */

const GDate *
reframe_report_get_from (ReframeReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return &self->from;
}

const GDate *
reframe_report_get_to (ReframeReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return &self->to;
}

GDateTime *
reframe_report_get_made (ReframeReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->made;
}

/**
 * reframe_report_get_language:
 *
 * Returns: (nullable): the language the report is written in; %NULL for the desktop's
 */
const char *
reframe_report_get_language (ReframeReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->language;
}

/**
 * reframe_report_get_name:
 *
 * Returns: (nullable): the name for the header
 */
const char *
reframe_report_get_name (ReframeReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->name;
}

/**
 * reframe_report_get_own_words:
 *
 * Returns: (nullable): the person's own words, the report's first section
 */
const char *
reframe_report_get_own_words (ReframeReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->own_words;
}

ReframeReportKinds
reframe_report_get_kinds (ReframeReport *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->kinds;
}

gboolean
reframe_report_get_include_private (ReframeReport *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->include_private;
}

gboolean
reframe_report_get_include_safety_plan (ReframeReport *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->include_safety_plan;
}

/**
 * reframe_report_get_safety_plan:
 *
 * Returns: (transfer none) (nullable): the person's safety plan when the report was
 *   asked to carry it (perhaps with nothing written yet), else %NULL
 */
ReframeSafetyPlan *
reframe_report_get_safety_plan (ReframeReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->safety_plan;
}

/**
 * reframe_report_is_empty:
 *
 * Returns: whether nothing that may be shared was logged in the period: no entry,
 *   worksheet, questionnaire or homework; the report then says so
 */
gboolean
reframe_report_is_empty (ReframeReport *self)
{
  g_return_val_if_fail (self != NULL, TRUE);
  return self->empty;
}

/* Shared items of kinds not chosen count too: something was logged. */
gboolean
_reframe_report_compute_empty (ReframeReport *self)
{
  if (self->n_entries_logged > 0 || self->entries->len > 0 || self->worksheets->len > 0 ||
      self->questionnaires->len > 0 || self->homework->len > 0)
    return FALSE;
  for (guint i = 0; i < self->candidates->len; i++)
    if (((ReframeReportItem *) g_ptr_array_index (self->candidates, i))->included)
      return FALSE;
  return TRUE;
}

guint
reframe_report_get_days_in_period (ReframeReport *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->days_in_period;
}

guint
reframe_report_get_days_logged (ReframeReport *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->days_logged;
}

/* The number of entries the summary counts (shared ones, whether listed or not). */
guint
reframe_report_get_n_entries_logged (ReframeReport *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_entries_logged;
}

double
reframe_report_get_mean_mood (ReframeReport *self)
{
  g_return_val_if_fail (self != NULL, NAN);
  return self->mean_mood;
}

/**
 * reframe_report_get_mood_trend:
 * @first_half_mean: (out) (optional): the mean of the daily moods of the period's first half
 * @second_half_mean: (out) (optional): the same for the second half
 *
 * Returns: the second half's mean minus the first's; NAN when either half has fewer
 *   than %REFRAME_INSIGHTS_MIN_DAYS days logged, and no trend should be claimed
 */
double
reframe_report_get_mood_trend (ReframeReport *self,
                               double        *first_half_mean,
                               double        *second_half_mean)
{
  g_return_val_if_fail (self != NULL, NAN);

  if (first_half_mean != NULL)
    *first_half_mean = self->first_half_mean;
  if (second_half_mean != NULL)
    *second_half_mean = self->second_half_mean;
  if (isnan (self->first_half_mean) || isnan (self->second_half_mean))
    return NAN;
  return self->second_half_mean - self->first_half_mean;
}

/**
 * reframe_report_get_insights:
 *
 * Returns: (transfer none) (nullable): the statistics the charts draw
 */
ReframeInsights *
reframe_report_get_insights (ReframeReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->insights;
}

GPtrArray *
reframe_report_get_entries (ReframeReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->entries;
}

GPtrArray *
reframe_report_get_worksheets (ReframeReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->worksheets;
}

GPtrArray *
reframe_report_get_questionnaires (ReframeReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->questionnaires;
}

GPtrArray *
reframe_report_get_scores (ReframeReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->scores;
}

GPtrArray *
reframe_report_get_homework (ReframeReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->homework;
}

void
reframe_report_get_homework_totals (ReframeReport *self,
                                    guint         *done,
                                    guint         *expected)
{
  g_return_if_fail (self != NULL);
  if (done != NULL)
    *done = self->homework_done;
  if (expected != NULL)
    *expected = self->homework_expected;
}

double
reframe_report_get_emotion_drop (ReframeReport *self,
                                 guint         *n_records)
{
  g_return_val_if_fail (self != NULL, NAN);
  if (n_records != NULL)
    *n_records = self->n_emotion_records;
  return self->emotion_drop;
}

guint
reframe_report_get_activity_moods (ReframeReport *self,
                                   double        *predicted,
                                   double        *actual)
{
  g_return_val_if_fail (self != NULL, 0);
  if (predicted != NULL)
    *predicted = self->activity_predicted;
  if (actual != NULL)
    *actual = self->activity_actual;
  return self->n_activities;
}

GPtrArray *
reframe_report_get_candidates (ReframeReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->candidates;
}

/* Formats */

const char *
reframe_report_format_get_extension (ReframeReportFormat format)
{
  switch (format)
    {
    case REFRAME_REPORT_FORMAT_PDF:
      return "pdf";
    case REFRAME_REPORT_FORMAT_MARKDOWN:
      return "md";
    case REFRAME_REPORT_FORMAT_JSON:
    case REFRAME_REPORT_FORMAT_FHIR:
      return "json";
    case REFRAME_REPORT_FORMAT_CSV:
    default:
      return "csv";
    }
}

/* "pdf", "md" (or "markdown"), "json", "csv", "fhir". */
gboolean
reframe_report_format_parse (const char          *text,
                             ReframeReportFormat *format)
{
  static const struct
  {
    const char         *name;
    ReframeReportFormat format;
  } names[] = {
    { "pdf", REFRAME_REPORT_FORMAT_PDF },
    { "md", REFRAME_REPORT_FORMAT_MARKDOWN },
    { "markdown", REFRAME_REPORT_FORMAT_MARKDOWN },
    { "json", REFRAME_REPORT_FORMAT_JSON },
    { "csv", REFRAME_REPORT_FORMAT_CSV },
    { "fhir", REFRAME_REPORT_FORMAT_FHIR },
  };

  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (text, names[i].name) == 0)
      {
        *format = names[i].format;
        return TRUE;
      }
  return FALSE;
}
