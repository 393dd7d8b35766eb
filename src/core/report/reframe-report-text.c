/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-report-text.c: the text helpers the report's renderers share: days and times,
 * answers, notes cut for paper, homework frequencies, entry titles. */

#define G_LOG_DOMAIN "ReframeReport"

#include "config.h"

#include "reframe-i18n.h"
#include <stdio.h>
#include <string.h>

#include "reframe-report-private.h"
#include "reframe-locale.h"

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
