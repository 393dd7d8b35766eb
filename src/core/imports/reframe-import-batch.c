/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-import-batch.c: what a reader made of an export, before anything is written.
 *
 * A batch holds the records a reader found, each with the id it had in its app, the lines
 * it could not read and why, and the mood mapping it used: all a person needs to see in
 * the preview before deciding to import. It is filled on one thread and read afterwards;
 * it does no locking.
 */

#define G_LOG_DOMAIN "ReframeImportBatch"

#include "config.h"

#include "reframe-i18n.h"

#include "reframe-import-batch-private.h"

typedef struct
{
  guint line;
  char *message;
} Problem;

typedef struct
{
  char       *name;
  ReframeMood mood;
} Mapping;

struct _ReframeImportBatch
{
  GObject parent_instance;

  /* Owned */
  char       *format_id;
  char       *format_name;
  GPtrArray  *records[REFRAME_IMPORT_N_KINDS];
  GPtrArray  *source_ids[REFRAME_IMPORT_N_KINDS];
  guint       counted[REFRAME_IMPORT_N_KINDS];
  GArray     *problems;
  GArray     *mappings;
  GDateTime  *first;
  GDateTime  *last;
  JsonNode   *archive;
  JsonObject *settings;
};

G_DEFINE_FINAL_TYPE (ReframeImportBatch, reframe_import_batch, G_TYPE_OBJECT)

static void
clear_problem (gpointer data)
{
  g_free (((Problem *) data)->message);
}

static void
clear_mapping (gpointer data)
{
  g_free (((Mapping *) data)->name);
}

static void
note_time (ReframeImportBatch *self,
           GDateTime          *time)
{
  if (time == NULL)
    return;
  if (self->first == NULL || g_date_time_compare (time, self->first) < 0)
    {
      g_clear_pointer (&self->first, g_date_time_unref);
      self->first = g_date_time_ref (time);
    }
  if (self->last == NULL || g_date_time_compare (time, self->last) > 0)
    {
      g_clear_pointer (&self->last, g_date_time_unref);
      self->last = g_date_time_ref (time);
    }
}

static void
add_record (ReframeImportBatch *self,
            ReframeImportKind   kind,
            gpointer            record,
            const char         *source_id,
            GDateTime          *time)
{
  g_ptr_array_add (self->records[kind], g_object_ref (record));
  g_ptr_array_add (self->source_ids[kind], g_strdup (source_id));
  note_time (self, time);
}

static void
reframe_import_batch_finalize (GObject *object)
{
  ReframeImportBatch *self = (ReframeImportBatch *) object;

  g_free (self->format_id);
  g_free (self->format_name);
  for (guint kind = 0; kind < REFRAME_IMPORT_N_KINDS; kind++)
    {
      g_ptr_array_unref (self->records[kind]);
      g_ptr_array_unref (self->source_ids[kind]);
    }
  g_array_unref (self->problems);
  g_array_unref (self->mappings);
  g_clear_pointer (&self->first, g_date_time_unref);
  g_clear_pointer (&self->last, g_date_time_unref);
  g_clear_pointer (&self->archive, json_node_unref);
  g_clear_pointer (&self->settings, json_object_unref);

  G_OBJECT_CLASS (reframe_import_batch_parent_class)->finalize (object);
}

static void
reframe_import_batch_class_init (ReframeImportBatchClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = reframe_import_batch_finalize;
}

static void
reframe_import_batch_init (ReframeImportBatch *self)
{
  for (guint kind = 0; kind < REFRAME_IMPORT_N_KINDS; kind++)
    {
      self->records[kind] = g_ptr_array_new_with_free_func (g_object_unref);
      self->source_ids[kind] = g_ptr_array_new_with_free_func (g_free);
    }
  self->problems = g_array_new (FALSE, TRUE, sizeof (Problem));
  g_array_set_clear_func (self->problems, clear_problem);
  self->mappings = g_array_new (FALSE, TRUE, sizeof (Mapping));
  g_array_set_clear_func (self->mappings, clear_mapping);
}

/**
 * reframe_import_kind_get_key:
 *
 * Returns: the kind's name in JSON output and in the archive ("mood_entries", …)
 */
const char *
reframe_import_kind_get_key (ReframeImportKind kind)
{
  static const char *const keys[] = {
    "mood_entries", "worksheets", "assignments", "conversations", "toolbox"
  };

  g_return_val_if_fail (kind < REFRAME_IMPORT_N_KINDS, NULL);
  return keys[kind];
}

/**
 * reframe_import_kind_format_count:
 * @n: how many
 *
 * Returns: (transfer full): the count with the kind in words, translated as one
 *   phrase ("1204 mood entries")
 */
char *
reframe_import_kind_format_count (ReframeImportKind kind,
                                  guint             n)
{
  switch (kind)
    {
    case REFRAME_IMPORT_MOOD_ENTRY:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u mood entry", "%u mood entries", n),
                              n);
    case REFRAME_IMPORT_WORKSHEET:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u worksheet", "%u worksheets", n), n);
    case REFRAME_IMPORT_ASSIGNMENT:
      return g_strdup_printf (
          g_dngettext (GETTEXT_PACKAGE, "%u homework assignment", "%u homework assignments", n), n);
    case REFRAME_IMPORT_CONVERSATION:
      return g_strdup_printf (
          g_dngettext (GETTEXT_PACKAGE, "%u conversation", "%u conversations", n), n);
    case REFRAME_IMPORT_TOOLBOX_ITEM:
      return g_strdup_printf (
          g_dngettext (GETTEXT_PACKAGE, "%u toolbox item", "%u toolbox items", n), n);
    case REFRAME_IMPORT_N_KINDS:
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * reframe_import_kind_get_label:
 * @n: how many, for the plural
 *
 * Returns: the kind in words, translated ("mood entries")
 */
const char *
reframe_import_kind_get_label (ReframeImportKind kind,
                               guint             n)
{
  switch (kind)
    {
    case REFRAME_IMPORT_MOOD_ENTRY:
      return g_dngettext (GETTEXT_PACKAGE, "mood entry", "mood entries", n);
    case REFRAME_IMPORT_WORKSHEET:
      return g_dngettext (GETTEXT_PACKAGE, "worksheet", "worksheets", n);
    case REFRAME_IMPORT_ASSIGNMENT:
      return g_dngettext (GETTEXT_PACKAGE, "homework assignment", "homework assignments", n);
    case REFRAME_IMPORT_CONVERSATION:
      return g_dngettext (GETTEXT_PACKAGE, "conversation", "conversations", n);
    case REFRAME_IMPORT_TOOLBOX_ITEM:
      return g_dngettext (GETTEXT_PACKAGE, "toolbox item", "toolbox items", n);
    case REFRAME_IMPORT_N_KINDS:
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * reframe_import_batch_new:
 * @format_id: the reader's id ("daylio-csv")
 * @format_name: the format in words, translated ("Daylio (CSV export)")
 *
 * Returns: (transfer full): an empty batch
 */
ReframeImportBatch *
reframe_import_batch_new (const char *format_id,
                          const char *format_name)
{
  ReframeImportBatch *self = g_object_new (REFRAME_TYPE_IMPORT_BATCH, NULL);

  g_return_val_if_fail (format_id != NULL, NULL);
  self->format_id = g_strdup (format_id);
  self->format_name = g_strdup (format_name ? format_name : format_id);
  return self;
}

const char *
reframe_import_batch_get_format_id (ReframeImportBatch *self)
{
  g_return_val_if_fail (REFRAME_IS_IMPORT_BATCH (self), NULL);
  return self->format_id;
}

const char *
reframe_import_batch_get_format_name (ReframeImportBatch *self)
{
  g_return_val_if_fail (REFRAME_IS_IMPORT_BATCH (self), NULL);
  return self->format_name;
}

void
reframe_import_batch_add_mood_entry (ReframeImportBatch *self,
                                     ReframeMoodEntry   *entry,
                                     const char         *source_id)
{
  g_return_if_fail (REFRAME_IS_IMPORT_BATCH (self));
  g_return_if_fail (REFRAME_IS_MOOD_ENTRY (entry));
  add_record (
      self, REFRAME_IMPORT_MOOD_ENTRY, entry, source_id, reframe_mood_entry_get_time (entry));
}

void
reframe_import_batch_add_worksheet (ReframeImportBatch *self,
                                    ReframeWorksheet   *worksheet,
                                    const char         *source_id)
{
  g_return_if_fail (REFRAME_IS_IMPORT_BATCH (self));
  g_return_if_fail (REFRAME_IS_WORKSHEET (worksheet));
  add_record (self,
              REFRAME_IMPORT_WORKSHEET,
              worksheet,
              source_id,
              reframe_worksheet_get_created (worksheet));
}

void
reframe_import_batch_add_assignment (ReframeImportBatch *self,
                                     ReframeAssignment  *assignment,
                                     const char         *source_id)
{
  g_return_if_fail (REFRAME_IS_IMPORT_BATCH (self));
  g_return_if_fail (REFRAME_IS_ASSIGNMENT (assignment));
  add_record (self,
              REFRAME_IMPORT_ASSIGNMENT,
              assignment,
              source_id,
              reframe_assignment_get_created (assignment));
}

void
reframe_import_batch_add_conversation (ReframeImportBatch  *self,
                                       ReframeConversation *conversation,
                                       const char          *source_id)
{
  g_return_if_fail (REFRAME_IS_IMPORT_BATCH (self));
  g_return_if_fail (REFRAME_IS_CONVERSATION (conversation));
  add_record (self,
              REFRAME_IMPORT_CONVERSATION,
              conversation,
              source_id,
              reframe_conversation_get_created (conversation));
}

void
reframe_import_batch_add_toolbox_item (ReframeImportBatch *self,
                                       ReframeToolboxItem *item,
                                       const char         *source_id)
{
  g_return_if_fail (REFRAME_IS_IMPORT_BATCH (self));
  g_return_if_fail (REFRAME_IS_TOOLBOX_ITEM (item));
  add_record (
      self, REFRAME_IMPORT_TOOLBOX_ITEM, item, source_id, reframe_toolbox_item_get_created (item));
}

/**
 * reframe_import_batch_get_n_records:
 *
 * Returns: how many records of @kind the export holds
 */
guint
reframe_import_batch_get_n_records (ReframeImportBatch *self,
                                    ReframeImportKind   kind)
{
  g_return_val_if_fail (REFRAME_IS_IMPORT_BATCH (self), 0);
  g_return_val_if_fail (kind < REFRAME_IMPORT_N_KINDS, 0);
  return self->records[kind]->len + self->counted[kind];
}

guint
reframe_import_batch_get_n_total (ReframeImportBatch *self)
{
  guint n = 0;

  g_return_val_if_fail (REFRAME_IS_IMPORT_BATCH (self), 0);
  for (guint kind = 0; kind < REFRAME_IMPORT_N_KINDS; kind++)
    n += reframe_import_batch_get_n_records (self, kind);
  return n;
}

/**
 * reframe_import_batch_get_record:
 *
 * Returns: (transfer none) (nullable): the record at @position, of the type of @kind;
 *   %NULL for the records of a Reframe archive, which stay in its document
 */
gpointer
reframe_import_batch_get_record (ReframeImportBatch *self,
                                 ReframeImportKind   kind,
                                 guint               position)
{
  g_return_val_if_fail (REFRAME_IS_IMPORT_BATCH (self), NULL);
  g_return_val_if_fail (kind < REFRAME_IMPORT_N_KINDS, NULL);
  if (position >= self->records[kind]->len)
    return NULL;
  return g_ptr_array_index (self->records[kind], position);
}

/**
 * reframe_import_batch_get_source_id:
 *
 * Returns: (transfer none) (nullable): the record's id in the app it comes from
 */
const char *
reframe_import_batch_get_source_id (ReframeImportBatch *self,
                                    ReframeImportKind   kind,
                                    guint               position)
{
  g_return_val_if_fail (REFRAME_IS_IMPORT_BATCH (self), NULL);
  g_return_val_if_fail (kind < REFRAME_IMPORT_N_KINDS, NULL);
  if (position >= self->source_ids[kind]->len)
    return NULL;
  return g_ptr_array_index (self->source_ids[kind], position);
}

/**
 * reframe_import_batch_get_first:
 *
 * Returns: (transfer none) (nullable): the time of the earliest record
 */
GDateTime *
reframe_import_batch_get_first (ReframeImportBatch *self)
{
  g_return_val_if_fail (REFRAME_IS_IMPORT_BATCH (self), NULL);
  return self->first;
}

/**
 * reframe_import_batch_get_last:
 *
 * Returns: (transfer none) (nullable): the time of the latest record
 */
GDateTime *
reframe_import_batch_get_last (ReframeImportBatch *self)
{
  g_return_val_if_fail (REFRAME_IS_IMPORT_BATCH (self), NULL);
  return self->last;
}

void
reframe_import_batch_add_problem (ReframeImportBatch *self,
                                  guint               line,
                                  const char         *format,
                                  ...)
{
  Problem problem = { line, NULL };
  va_list args;

  g_return_if_fail (REFRAME_IS_IMPORT_BATCH (self));
  va_start (args, format);
  problem.message = g_strdup_vprintf (format, args);
  va_end (args);
  g_array_append_val (self->problems, problem);
}

guint
reframe_import_batch_get_n_problems (ReframeImportBatch *self)
{
  g_return_val_if_fail (REFRAME_IS_IMPORT_BATCH (self), 0);
  return self->problems->len;
}

/**
 * reframe_import_batch_get_problem:
 * @message: (out) (transfer none) (optional): why the line could not be read
 *
 * Returns: the line (or record) number of the problem at @position, from 1
 */
guint
reframe_import_batch_get_problem (ReframeImportBatch *self,
                                  guint               position,
                                  const char        **message)
{
  const Problem *problem;

  g_return_val_if_fail (REFRAME_IS_IMPORT_BATCH (self), 0);
  g_return_val_if_fail (position < self->problems->len, 0);
  problem = &g_array_index (self->problems, Problem, position);
  if (message != NULL)
    *message = problem->message;
  return problem->line;
}

/**
 * reframe_import_batch_add_mood_mapping:
 *
 * Notes that the app's mood @source_name became @mood; a name already noted is kept
 * with its first mood.
 */
void
reframe_import_batch_add_mood_mapping (ReframeImportBatch *self,
                                       const char         *source_name,
                                       ReframeMood         mood)
{
  Mapping mapping = { NULL, mood };

  g_return_if_fail (REFRAME_IS_IMPORT_BATCH (self));
  g_return_if_fail (source_name != NULL);
  for (guint i = 0; i < self->mappings->len; i++)
    if (g_strcmp0 (g_array_index (self->mappings, Mapping, i).name, source_name) == 0)
      return;
  mapping.name = g_strdup (source_name);
  g_array_append_val (self->mappings, mapping);
}

guint
reframe_import_batch_get_n_mood_mappings (ReframeImportBatch *self)
{
  g_return_val_if_fail (REFRAME_IS_IMPORT_BATCH (self), 0);
  return self->mappings->len;
}

/**
 * reframe_import_batch_get_mood_mapping:
 * @mood: (out) (optional): the point of the scale the name became
 *
 * Returns: (transfer none): the app's mood name at @position
 */
const char *
reframe_import_batch_get_mood_mapping (ReframeImportBatch *self,
                                       guint               position,
                                       ReframeMood        *mood)
{
  const Mapping *mapping;

  g_return_val_if_fail (REFRAME_IS_IMPORT_BATCH (self), NULL);
  g_return_val_if_fail (position < self->mappings->len, NULL);
  mapping = &g_array_index (self->mappings, Mapping, position);
  if (mood != NULL)
    *mood = mapping->mood;
  return mapping->name;
}

/**
 * reframe_import_batch_dup_mood_mapping_text:
 *
 * Returns: (transfer full) (nullable): "rad → 5 Great, good → 4 Good, …", %NULL when
 *   the export has no moods to map
 */
char *
reframe_import_batch_dup_mood_mapping_text (ReframeImportBatch *self)
{
  g_autoptr (GString) text = NULL;

  g_return_val_if_fail (REFRAME_IS_IMPORT_BATCH (self), NULL);
  if (self->mappings->len == 0)
    return NULL;
  text = g_string_new (NULL);
  for (guint i = 0; i < self->mappings->len; i++)
    {
      const Mapping *mapping = &g_array_index (self->mappings, Mapping, i);

      if (i > 0)
        g_string_append (text, ", ");
      /* Translators: the mood name in the other app, then the point on Reframe's scale and its
       * label. */
      g_string_append_printf (text,
                              _ ("%s → %d %s"),
                              mapping->name,
                              (int) mapping->mood,
                              reframe_mood_get_label (mapping->mood));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * reframe_import_batch_get_settings:
 *
 * Returns: (transfer none) (nullable): the settings a Reframe archive carries
 */
JsonObject *
reframe_import_batch_get_settings (ReframeImportBatch *self)
{
  g_return_val_if_fail (REFRAME_IS_IMPORT_BATCH (self), NULL);
  return self->settings;
}

/**
 * reframe_import_batch_to_json:
 *
 * Returns: (transfer full): the preview: format, counts by kind, first and last day,
 *   the mood mapping and the problems
 */
JsonNode *
reframe_import_batch_to_json (ReframeImportBatch *self)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;

  g_return_val_if_fail (REFRAME_IS_IMPORT_BATCH (self), NULL);
  first = self->first ? g_date_time_format (self->first, "%Y-%m-%d") : NULL;
  last = self->last ? g_date_time_format (self->last, "%Y-%m-%d") : NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, self->format_id);
  json_builder_set_member_name (builder, "format_name");
  json_builder_add_string_value (builder, self->format_name);
  json_builder_set_member_name (builder, "counts");
  json_builder_begin_object (builder);
  for (guint kind = 0; kind < REFRAME_IMPORT_N_KINDS; kind++)
    {
      json_builder_set_member_name (builder, reframe_import_kind_get_key (kind));
      json_builder_add_int_value (builder, reframe_import_batch_get_n_records (self, kind));
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "from");
  first ? json_builder_add_string_value (builder, first) : json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "to");
  last ? json_builder_add_string_value (builder, last) : json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "mood_mapping");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->mappings->len; i++)
    {
      const Mapping *mapping = &g_array_index (self->mappings, Mapping, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, mapping->name);
      json_builder_set_member_name (builder, "mood");
      json_builder_add_int_value (builder, mapping->mood);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "problems");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->problems->len; i++)
    {
      const Problem *problem = &g_array_index (self->problems, Problem, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "line");
      json_builder_add_int_value (builder, problem->line);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, problem->message);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/**
 * reframe_import_batch_dup_summary:
 *
 * Returns: (transfer full): the preview in words, one fact per line
 */
char *
reframe_import_batch_dup_summary (ReframeImportBatch *self)
{
  g_autoptr (GString) text = g_string_new (NULL);
  g_autofree char *mapping = NULL;

  g_return_val_if_fail (REFRAME_IS_IMPORT_BATCH (self), NULL);
  g_string_append_printf (text, _ ("Format: %s\n"), self->format_name);
  for (guint kind = 0; kind < REFRAME_IMPORT_N_KINDS; kind++)
    {
      guint n = reframe_import_batch_get_n_records (self, kind);

      if (n > 0)
        {
          g_autofree char *count = reframe_import_kind_format_count (kind, n);

          g_string_append_printf (text, "  %s\n", count);
        }
    }
  if (reframe_import_batch_get_n_total (self) == 0)
    g_string_append_printf (text, "  %s\n", _ ("Nothing to import."));
  if (self->first != NULL && self->last != NULL)
    {
      g_autofree char *first = g_date_time_format (self->first, "%Y-%m-%d");
      g_autofree char *last = g_date_time_format (self->last, "%Y-%m-%d");

      g_string_append_printf (text, _ ("From %s to %s\n"), first, last);
    }
  if ((mapping = reframe_import_batch_dup_mood_mapping_text (self)) != NULL)
    g_string_append_printf (text, _ ("Moods: %s\n"), mapping);
  for (guint i = 0; i < self->problems->len; i++)
    {
      const Problem *problem = &g_array_index (self->problems, Problem, i);

      /* Translators: a line of the file that could not be read, and why. */
      g_string_append_printf (text, _ ("Line %u skipped: %s\n"), problem->line, problem->message);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

void
_reframe_import_batch_set_archive (ReframeImportBatch *self,
                                   JsonNode           *document)
{
  g_clear_pointer (&self->archive, json_node_unref);
  self->archive = document ? json_node_ref (document) : NULL;
}

JsonObject *
_reframe_import_batch_get_archive (ReframeImportBatch *self)
{
  return self->archive ? json_node_get_object (self->archive) : NULL;
}

void
_reframe_import_batch_count (ReframeImportBatch *self,
                             ReframeImportKind   kind,
                             GDateTime          *time)
{
  self->counted[kind]++;
  note_time (self, time);
}

void
_reframe_import_batch_set_settings (ReframeImportBatch *self,
                                    JsonObject         *settings)
{
  g_clear_pointer (&self->settings, json_object_unref);
  self->settings = settings ? json_object_ref (settings) : NULL;
}
