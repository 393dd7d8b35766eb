/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-rednotebook-importer.c: RedNotebook's data folder (one YAML file per month).
 *
 * A RedNotebook journal is a folder of month files `YYYY-MM.txt` (see
 * ../shared/reference/import-formats.md), each a YAML mapping written by PyYAML: day number
 * → the day, a mapping with `text` (txt2tags markup) and categories (`Work: null`,
 * `Work: {"Meeting with Sam": null}`). Reframe has no YAML library: the part of YAML
 * PyYAML writes is read by reframe-rednotebook-yaml.c.
 *
 * Each day becomes a mood entry at noon (RedNotebook keeps no times), in the time zone of
 * the computer importing it; its source id is the date, as RedNotebook has one entry a day.
 * The text is the note, exactly. Categories become tags: a category alone is a tag, an
 * entry of a category is "Category: entry", and the old `Tags` category's entries are tags;
 * `#hashtags` in the text are tags too (lower-cased, as RedNotebook reads them). RedNotebook
 * has no moods, but a "Mood" category holding "6/10" or "3/5" is a common habit and is
 * mapped (the mapping is in the batch); other days get the point for records without one.
 *
 * A day that cannot be read is reported with its line, and reading goes on at the next day
 * (a line at the left edge): one broken day does not lose the month.
 */

#define G_LOG_DOMAIN "ReframeImportRednotebook"

#include "config.h"

#include "reframe-i18n.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reframe-import-text.h"
#include "reframe-rednotebook-importer.h"
#include "reframe-rednotebook-private.h"

/* Tags */

static void
add_tag (GPtrArray  *tags,
         const char *tag)
{
  if (tag == NULL || *tag == '\0')
    return;
  for (guint i = 0; i < tags->len; i++)
    if (strcmp (g_ptr_array_index (tags, i), tag) == 0)
      return;
  g_ptr_array_add (tags, g_strdup (tag));
}

static gboolean
is_tag_char (gunichar c)
{
  return g_unichar_isalnum (c) || c == '_' || c == '-';
}

/* `#hashtags` as RedNotebook reads them: lower-cased, with a letter, not a colour or a
 * C preprocessor line. */
static void
add_hashtags (GPtrArray  *tags,
              const char *text)
{
  static const char *const not_tags[] = { "include", "define", "ifdef", "ifndef", "endif", NULL };
  gunichar                 previous = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c == '#' || c == 0xff03) && !is_tag_char (previous) && previous != '&' &&
          previous != '#')
        {
          const char *start = g_utf8_next_char (p), *end = start;
          gboolean    letter = FALSE, hex = TRUE;
          glong       n = 0;

          while (*end != '\0' && is_tag_char (g_utf8_get_char (end)))
            {
              letter |= g_unichar_isalpha (g_utf8_get_char (end));
              hex &= g_ascii_isxdigit (*end);
              n++;
              end = g_utf8_next_char (end);
            }
          if (letter && !(hex && n == 6))
            {
              g_autofree char *tag = g_utf8_strdown (start, end - start);

              if (!g_strv_contains (not_tags, tag))
                add_tag (tags, tag);
            }
        }
      previous = c;
    }
}

static const char *
node_text (JsonNode *node)
{
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

/* "6/10" or "3/5": the five points, or NONE. */
static ReframeMood
map_mood (const char *text)
{
  double value = 0;
  int    scale = 0;
  char   tail = 0;

  if (text == NULL || sscanf (text, "%lf/%d%c", &value, &scale, &tail) != 2 || !isfinite (value) ||
      value < 0)
    return REFRAME_MOOD_NONE;
  if (scale == 10 && value <= 10)
    return (ReframeMood) CLAMP ((int) ceil (value / 2), REFRAME_MOOD_MIN, REFRAME_MOOD_MAX);
  if (scale == 5 && value <= 5)
    return (ReframeMood) CLAMP ((int) ceil (value), REFRAME_MOOD_MIN, REFRAME_MOOD_MAX);
  return REFRAME_MOOD_NONE;
}

/* A category of a day: its tags, and the mood a "Mood" category gives. */
static void
read_category (ReframeImportBatch *batch,
               const char         *name,
               JsonNode           *value,
               GPtrArray          *tags,
               ReframeMood        *mood)
{
  gboolean is_tags = g_ascii_strcasecmp (name, "Tags") == 0;
  gboolean is_mood = g_ascii_strcasecmp (name, "Mood") == 0;

  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    add_tag (tags, name);
  else if (node_text (value) != NULL)
    {
      g_autofree char *tag = g_strdup_printf ("%s: %s", name, node_text (value));

      add_tag (tags, tag);
    }
  else if (JSON_NODE_HOLDS_OBJECT (value) || JSON_NODE_HOLDS_ARRAY (value))
    {
      g_autoptr (GList) members = NULL;
      JsonArray *array = JSON_NODE_HOLDS_ARRAY (value) ? json_node_get_array (value) : NULL;
      guint      n = array ? json_array_get_length (array) : 0;

      if (array == NULL)
        members = json_object_get_members (json_node_get_object (value));
      for (guint i = 0; array ? i < n : members != NULL; i++)
        {
          const char *entry = array ? node_text (json_array_get_element (array, i)) : members->data;

          if (array == NULL)
            members = g_list_delete_link (members, members);
          if (entry == NULL)
            continue;
          if (is_mood && *mood == REFRAME_MOOD_NONE && map_mood (entry) != REFRAME_MOOD_NONE)
            {
              g_autofree char *mapping = g_strdup_printf ("%s %s", name, entry);

              *mood = map_mood (entry);
              reframe_import_batch_add_mood_mapping (batch, mapping, *mood);
            }
          else if (is_tags)
            add_tag (tags, entry);
          else
            {
              g_autofree char *tag = g_strdup_printf ("%s: %s", name, entry);

              add_tag (tags, tag);
            }
        }
    }
}

typedef struct
{
  ReframeImportBatch *batch;
  const char         *file_name;
  GTimeZone          *zone;
  int                 year, month;
} Month;

static void G_GNUC_PRINTF (3, 4)
    add_problem (Month      *m,
                 guint       line,
                 const char *format,
                 ...)
{
  g_autofree char *message = NULL;
  va_list          args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  if (m->file_name != NULL)
    /* Translators: the month file of RedNotebook's folder, then what is wrong on the line. */
    reframe_import_batch_add_problem (m->batch, line, _ ("in %s: %s"), m->file_name, message);
  else
    reframe_import_batch_add_problem (m->batch, line, "%s", message);
}

static void
read_day (Month      *m,
          const char *key,
          JsonNode   *value,
          guint       line)
{
  g_autoptr (ReframeMoodEntry) entry = NULL;
  g_autoptr (GDateTime) time = NULL;
  g_autoptr (GPtrArray) tags = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GList) members = NULL;
  g_autofree char *source_id = NULL;
  const char      *text = "";
  ReframeMood      mood = REFRAME_MOOD_NONE;
  char            *end = NULL;
  long             day = strtol (key, &end, 10);

  if (end == key || *end != '\0' || day < 1 || day > g_date_get_days_in_month (m->month, m->year))
    return add_problem (m, line, _ ("“%s” is not a day of the month."), key);
  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return;
  if (!JSON_NODE_HOLDS_OBJECT (value))
    return add_problem (m, line, _ ("day %ld is not a RedNotebook day."), day);
  if (json_object_has_member (json_node_get_object (value), "text"))
    {
      JsonNode *node = json_object_get_member (json_node_get_object (value), "text");

      if (node_text (node) != NULL)
        text = node_text (node);
      else if (!JSON_NODE_HOLDS_NULL (node))
        return add_problem (m, line, _ ("the text of day %ld is not text."), day);
    }
  members = json_object_get_members (json_node_get_object (value));
  for (GList *l = members; l != NULL; l = l->next)
    if (strcmp (l->data, "text") != 0)
      read_category (m->batch,
                     l->data,
                     json_object_get_member (json_node_get_object (value), l->data),
                     tags,
                     &mood);
  add_hashtags (tags, text);
  if (*text == '\0' && tags->len == 0 && mood == REFRAME_MOOD_NONE)
    return;
  g_ptr_array_add (tags, NULL);
  if (mood == REFRAME_MOOD_NONE)
    mood = reframe_import_no_mood (m->batch);

  time = g_date_time_new (m->zone, m->year, m->month, (int) day, 12, 0, 0);
  source_id = g_strdup_printf ("%04d-%02d-%02ld", m->year, m->month, day);
  entry = reframe_mood_entry_new ();
  reframe_mood_entry_set_mood (entry, mood);
  reframe_mood_entry_set_time (entry, time);
  reframe_mood_entry_set_note (entry, text);
  reframe_mood_entry_set_activities (entry, (const char *const *) tags->pdata);
  reframe_import_batch_add_mood_entry (m->batch, entry, source_id);
}

static void
read_month_text (Month      *m,
                 const char *text)
{
  g_autofree char *copy = NULL;
  ReframeYaml      y = { { NULL, NULL, 1 }, 0, 0, NULL };
  char            *out;

  /* CRLF as LF: the parser counts lines by LF. */
  copy = g_strdup (text);
  out = copy;
  for (const char *in = text; *in != '\0'; in++)
    if (!(in[0] == '\r' && in[1] == '\n'))
      *out++ = *in == '\r' ? '\n' : *in;
  *out = '\0';
  _reframe_yaml_start (&y, copy);
  if (_reframe_yaml_at_flow_mapping (&y))
    {
      /* The whole month in flow style. */
      g_autoptr (JsonNode) root = NULL;
      guint line = y.pos.line;

      if (!_reframe_yaml_read_flow_document (&y, &root))
        {
          add_problem (m, y.error_line, _ ("this month cannot be read: %s"), y.error);
          g_free (y.error);
          return;
        }
      {
        g_autoptr (GList) members = json_object_get_members (json_node_get_object (root));

        for (GList *l = members; l != NULL; l = l->next)
          read_day (
              m, l->data, json_object_get_member (json_node_get_object (root), l->data), line);
      }
      return;
    }
  while (!_reframe_yaml_at_end (&y))
    {
      g_autoptr (JsonNode) value = NULL;
      g_autofree char *key = NULL;
      guint            line = y.pos.line;

      if (_reframe_yaml_read_top_entry (&y, &key, &value))
        read_day (m, key, value, line);
      if (y.error != NULL)
        {
          add_problem (m, y.error_line, _ ("this day cannot be read: %s"), y.error);
          _reframe_yaml_skip_entry (&y);
        }
      _reframe_yaml_skip_blank_lines (&y);
    }
}

static gboolean
parse_month_name (const char *name,
                  int        *year,
                  int        *month)
{
  char tail = 0;

  return strlen (name) == 11 && g_ascii_isdigit (name[0]) && g_ascii_isdigit (name[5]) &&
         g_ascii_isdigit (name[6]) && sscanf (name, "%4d-%2d.tx%c", year, month, &tail) == 3 &&
         tail == 't' && *month >= 1 && *month <= 12 && *year >= 1;
}

/**
 * reframe_rednotebook_read_month_bytes:
 *
 * Reads one month file of RedNotebook; days that cannot be read become problems of the batch.
 *
 * Returns: (transfer full) (nullable): the batch, or %NULL when the bytes are not text
 */
ReframeImportBatch *
reframe_rednotebook_read_month_bytes (GBytes  *bytes,
                                      int      year,
                                      int      month,
                                      GError **error)
{
  g_autofree char *text = reframe_import_decode_text (bytes, error);
  g_autoptr (ReframeImportBatch) batch = NULL;
  g_autoptr (GTimeZone) zone = NULL;
  Month m = { NULL, NULL, NULL, year, month };

  g_return_val_if_fail (month >= 1 && month <= 12 && year >= 1, NULL);
  if (text == NULL)
    return NULL;
  zone = g_time_zone_new_local ();
  batch = reframe_import_batch_new (reframe_rednotebook_importer.id,
                                    _ (reframe_rednotebook_importer.name));
  m.batch = batch;
  m.zone = zone;
  read_month_text (&m, text);
  return g_steal_pointer (&batch);
}

/* The month files of a folder, sorted. */
static GPtrArray *
list_months (GFile        *folder,
             GCancellable *cancellable,
             GError      **error)
{
  g_autoptr (GFileEnumerator) children =
      g_file_enumerate_children (folder,
                                 G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                 G_FILE_QUERY_INFO_NONE,
                                 cancellable,
                                 error);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GFileInfo *info;

  if (children == NULL)
    return NULL;
  while ((info = g_file_enumerator_next_file (children, cancellable, NULL)) != NULL)
    {
      int year, month;

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR &&
          parse_month_name (g_file_info_get_name (info), &year, &month))
        g_ptr_array_add (names, g_strdup (g_file_info_get_name (info)));
      g_object_unref (info);
    }
  return g_steal_pointer (&names);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static gboolean
rednotebook_detect (GFile      *file,
                    const char *head,
                    gsize       head_len)
{
  g_autofree char *name = g_file_get_basename (file);
  int              year, month;

  if (head == NULL)
    {
      g_autoptr (GPtrArray) months = list_months (file, NULL, NULL);

      return months != NULL && months->len > 0;
    }
  /* One month file chosen on its own: its name, and a day number at the left edge. */
  if (name == NULL || !parse_month_name (name, &year, &month))
    return FALSE;
  for (gsize i = 0; i < head_len; i++)
    {
      if (head[i] == ' ' || head[i] == '\n' || head[i] == '\r')
        continue;
      return g_ascii_isdigit (head[i]) || head[i] == '{' || head[i] == '\'' || head[i] == '"';
    }
  return FALSE;
}

static gboolean
read_month_file (Month        *m,
                 GFile        *file,
                 GCancellable *cancellable,
                 GError      **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GBytes) bytes = g_file_load_bytes (file, cancellable, NULL, &local_error);
  g_autofree char *text = NULL;

  if (bytes == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      add_problem (m, 1, _ ("the file cannot be read: %s"), local_error->message);
      return TRUE;
    }
  if ((text = reframe_import_decode_text (bytes, &local_error)) == NULL)
    {
      add_problem (m, 1, _ ("the file cannot be read: %s"), local_error->message);
      return TRUE;
    }
  read_month_text (m, text);
  return TRUE;
}

static ReframeImportBatch *
rednotebook_read (GFile        *file,
                  GCancellable *cancellable,
                  GError      **error)
{
  g_autoptr (ReframeImportBatch) batch = reframe_import_batch_new (
      reframe_rednotebook_importer.id, _ (reframe_rednotebook_importer.name));
  g_autoptr (GTimeZone) zone = g_time_zone_new_local ();
  g_autoptr (GPtrArray) months = NULL;
  g_autoptr (GFile) folder = NULL;

  if (g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, cancellable) == G_FILE_TYPE_DIRECTORY)
    {
      if ((months = list_months (file, cancellable, error)) == NULL)
        return NULL;
      folder = g_object_ref (file);
    }
  else
    {
      months = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (months, g_file_get_basename (file));
      folder = g_file_get_parent (file);
    }
  if (months->len == 0)
    {
      g_set_error_literal (
          error,
          REFRAME_IMPORT_ERROR,
          REFRAME_IMPORT_ERROR_INVALID,
          _ ("This folder holds no RedNotebook month files (named like 2024-03.txt)."));
      return NULL;
    }
  g_ptr_array_sort (months, compare_names);
  for (guint i = 0; i < months->len; i++)
    {
      const char *name = g_ptr_array_index (months, i);
      g_autoptr (GFile) month_file = g_file_get_child (folder, name);
      Month m = { batch, name, zone, 0, 0 };

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      if (!parse_month_name (name, &m.year, &m.month))
        {
          g_set_error (error,
                       REFRAME_IMPORT_ERROR,
                       REFRAME_IMPORT_ERROR_INVALID,
                       _ ("“%s” is not a RedNotebook month file (named like 2024-03.txt)."),
                       name);
          return NULL;
        }
      if (!read_month_file (&m, month_file, cancellable, error))
        return NULL;
    }
  return g_steal_pointer (&batch);
}

const ReframeImporter reframe_rednotebook_importer = {
  .id = "rednotebook",
  .name = N_ ("RedNotebook (data folder)"),
  .detect = rednotebook_detect,
  .read = rednotebook_read,
};
