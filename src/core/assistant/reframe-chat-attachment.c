/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-chat-attachment.c: something from the journal the person chose to share
 * with the companion, and the exact text that shares it.
 *
 * Nothing from the journal reaches a model unless the person attaches it (ai-safety
 * R4), and what they preview must be what is sent: reframe_chat_attachment_render()
 * depends only on the journal and the time given, and the caller keeps the text it
 * rendered. Private entries are left out of every figure and every list. No ids,
 * file paths or settings go into the text, only what the person wrote and chose.
 */

#define G_LOG_DOMAIN "ReframeChatAttachment"

#include "config.h"

#include "reframe-i18n.h"
#include <math.h>
#include <string.h>

#include "reframe-chat-attachment.h"
#include "reframe-mood-entry.h"
#include "reframe-mood-repository.h"
#include "reframe-store.h"

#define MAX_DAYS    366
#define TOP_TAGS    5
#define DAY_FORMAT  "%Y-%m-%d"
#define TIME_FORMAT "%H:%M"
#define DAY_HEADING "%A %Y-%m-%d"

struct _ReframeChatAttachment
{
  GObject parent_instance;

  /* Owned */
  char *label;
  char *text;

  ReframeChatAttachmentKind kind;
  guint                     days;
};

enum
{
  PROP_0,
  PROP_KIND,
  PROP_DAYS,
  PROP_LABEL,
  N_PROPS
};

typedef struct
{
  const char *name;
  guint       count;
} TagCount;

G_DEFINE_ENUM_TYPE (ReframeChatAttachmentKind,
                    reframe_chat_attachment_kind,
                    G_DEFINE_ENUM_VALUE (REFRAME_CHAT_ATTACHMENT_MOOD_SUMMARY, "mood-summary"),
                    G_DEFINE_ENUM_VALUE (REFRAME_CHAT_ATTACHMENT_MOOD_ENTRIES, "mood-entries"),
                    G_DEFINE_ENUM_VALUE (REFRAME_CHAT_ATTACHMENT_WORKSHEET, "worksheet"),
                    G_DEFINE_ENUM_VALUE (REFRAME_CHAT_ATTACHMENT_HOMEWORK, "homework"))

G_DEFINE_FINAL_TYPE (ReframeChatAttachment, reframe_chat_attachment, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void
reframe_chat_attachment_finalize (GObject *object)
{
  ReframeChatAttachment *self = (ReframeChatAttachment *) object;

  g_clear_pointer (&self->label, g_free);
  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (reframe_chat_attachment_parent_class)->finalize (object);
}

static void
reframe_chat_attachment_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  ReframeChatAttachment *self = REFRAME_CHAT_ATTACHMENT (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_DAYS:
      g_value_set_uint (value, self->days);
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reframe_chat_attachment_class_init (ReframeChatAttachmentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags   ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = reframe_chat_attachment_finalize;
  object_class->get_property = reframe_chat_attachment_get_property;

  properties[PROP_KIND] = g_param_spec_enum ("kind",
                                             NULL,
                                             NULL,
                                             REFRAME_TYPE_CHAT_ATTACHMENT_KIND,
                                             REFRAME_CHAT_ATTACHMENT_MOOD_SUMMARY,
                                             ro);
  properties[PROP_DAYS] = g_param_spec_uint ("days", NULL, NULL, 0, MAX_DAYS, 0, ro);
  properties[PROP_LABEL] = g_param_spec_string ("label", NULL, NULL, NULL, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
reframe_chat_attachment_init (ReframeChatAttachment *self)
{
}

static ReframeChatAttachment *
new_attachment (ReframeChatAttachmentKind kind,
                guint                     days,
                char                     *label)
{
  ReframeChatAttachment *self = g_object_new (REFRAME_TYPE_CHAT_ATTACHMENT, NULL);

  self->kind = kind;
  self->days = days;
  self->label = label;
  return self;
}

/**
 * reframe_chat_attachment_new_mood_summary:
 * @days: how many days back, today included (7 or 30 in the app)
 *
 * Returns: (transfer full): figures of the period: days with an entry, average mood,
 *   frequent feelings and activities, sleep; no notes
 */
ReframeChatAttachment *
reframe_chat_attachment_new_mood_summary (guint days)
{
  g_return_val_if_fail (days >= 1 && days <= MAX_DAYS, NULL);

  return new_attachment (REFRAME_CHAT_ATTACHMENT_MOOD_SUMMARY,
                         days,
                         g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                       "Mood summary, last %u day",
                                                       "Mood summary, last %u days",
                                                       days),
                                          days));
}

/**
 * reframe_chat_attachment_new_mood_entries:
 * @days: how many days back, today included (7 or 30 in the app)
 *
 * Returns: (transfer full): the entries of the period with their notes, private
 *   ones left out
 */
ReframeChatAttachment *
reframe_chat_attachment_new_mood_entries (guint days)
{
  g_return_val_if_fail (days >= 1 && days <= MAX_DAYS, NULL);

  return new_attachment (REFRAME_CHAT_ATTACHMENT_MOOD_ENTRIES,
                         days,
                         g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                       "Mood entries, last %u day",
                                                       "Mood entries, last %u days",
                                                       days),
                                          days));
}

/**
 * reframe_chat_attachment_new_text:
 * @kind: %REFRAME_CHAT_ATTACHMENT_WORKSHEET or %REFRAME_CHAT_ATTACHMENT_HOMEWORK
 * @label: what the person sees, e.g. the worksheet's title and date
 * @text: the text to send, exactly
 *
 * Returns: (transfer full): an attachment of text the caller prepared
 */
ReframeChatAttachment *
reframe_chat_attachment_new_text (ReframeChatAttachmentKind kind,
                                  const char               *label,
                                  const char               *text)
{
  ReframeChatAttachment *self;

  g_return_val_if_fail (
      kind == REFRAME_CHAT_ATTACHMENT_WORKSHEET || kind == REFRAME_CHAT_ATTACHMENT_HOMEWORK, NULL);
  g_return_val_if_fail (label != NULL, NULL);
  g_return_val_if_fail (text != NULL, NULL);

  self = new_attachment (kind, 0, g_strdup (label));
  self->text = g_strdup (text);
  return self;
}

ReframeChatAttachmentKind
reframe_chat_attachment_get_kind (ReframeChatAttachment *self)
{
  g_return_val_if_fail (REFRAME_IS_CHAT_ATTACHMENT (self), REFRAME_CHAT_ATTACHMENT_MOOD_SUMMARY);
  return self->kind;
}

/**
 * reframe_chat_attachment_get_days:
 *
 * Returns: the number of days of a mood attachment, 0 for the other kinds
 */
guint
reframe_chat_attachment_get_days (ReframeChatAttachment *self)
{
  g_return_val_if_fail (REFRAME_IS_CHAT_ATTACHMENT (self), 0);
  return self->days;
}

/**
 * reframe_chat_attachment_get_label:
 *
 * Returns: what the attachment is, for people ("Mood summary, last 7 days"); this,
 *   never the text, is what the request log keeps
 */
const char *
reframe_chat_attachment_get_label (ReframeChatAttachment *self)
{
  g_return_val_if_fail (REFRAME_IS_CHAT_ATTACHMENT (self), NULL);
  return self->label;
}

/* The shared entries of the period, oldest first, private ones left out. */
static GPtrArray *
load_entries (ReframeStore *store,
              const char   *from_day,
              const char   *to_day,
              GError      **error)
{
  g_autoptr (GPtrArray) newest_first = NULL;
  g_autoptr (GPtrArray) shared = g_ptr_array_new_with_free_func (g_object_unref);

  newest_first =
      reframe_mood_repository_list (reframe_store_get_moods (store), from_day, to_day, error);
  if (newest_first == NULL)
    return NULL;
  for (guint i = newest_first->len; i > 0; i--)
    {
      ReframeMoodEntry *entry = g_ptr_array_index (newest_first, i - 1);

      if (!reframe_mood_entry_get_private (entry))
        g_ptr_array_add (shared, g_object_ref (entry));
    }
  return g_steal_pointer (&shared);
}

static int
compare_tag_counts (gconstpointer a,
                    gconstpointer b)
{
  const TagCount *tag_a = a;
  const TagCount *tag_b = b;

  if (tag_a->count != tag_b->count)
    return tag_a->count > tag_b->count ? -1 : 1;
  /* Byte order, not the locale's: the text must not depend on anything but the data. */
  return strcmp (tag_a->name, tag_b->name);
}

/* "anxious (4), tired (3)": the most frequent tags, translated, ties in name order. */
static char *
join_top_tags (GPtrArray  *entries,
               gboolean    feelings,
               const char *context)
{
  g_autoptr (GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GArray) sorted = g_array_new (FALSE, FALSE, sizeof (TagCount));
  g_autoptr (GString) text = g_string_new (NULL);
  GHashTableIter iter;
  gpointer       name, count;

  for (guint i = 0; i < entries->len; i++)
    {
      ReframeMoodEntry  *entry = g_ptr_array_index (entries, i);
      const char *const *tags = feelings ? reframe_mood_entry_get_feelings (entry)
                                         : reframe_mood_entry_get_activities (entry);

      for (guint j = 0; tags[j] != NULL; j++)
        g_hash_table_insert (
            counts,
            (gpointer) tags[j],
            GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, tags[j])) + 1));
    }

  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &name, &count))
    g_array_append_val (sorted, ((TagCount){ name, GPOINTER_TO_UINT (count) }));
  g_array_sort (sorted, compare_tag_counts);

  for (guint i = 0; i < MIN (sorted->len, TOP_TAGS); i++)
    {
      const TagCount *tag = &g_array_index (sorted, TagCount, i);

      if (i > 0)
        g_string_append (text, ", ");
      /* Translators: a feeling or activity and how many entries have it, e.g. "tired (3)". */
      g_string_append_printf (
          text, _ ("%s (%u)"), g_dpgettext2 (GETTEXT_PACKAGE, context, tag->name), tag->count);
    }
  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

static guint
count_days (GPtrArray *entries)
{
  g_autofree char *last_day = NULL;
  guint            n = 0;

  for (guint i = 0; i < entries->len; i++)
    {
      g_autofree char *day = reframe_mood_entry_dup_day (g_ptr_array_index (entries, i));

      if (g_strcmp0 (day, last_day) != 0)
        n++;
      g_free (last_day);
      last_day = g_steal_pointer (&day);
    }
  return n;
}

static void
append_moods (GString   *text,
              GPtrArray *entries)
{
  guint counts[REFRAME_MOOD_MAX + 1] = { 0 };
  g_autoptr (GString) list = g_string_new (NULL);
  double sum = 0;

  for (guint i = 0; i < entries->len; i++)
    {
      ReframeMood mood = reframe_mood_entry_get_mood (g_ptr_array_index (entries, i));

      counts[CLAMP (mood, REFRAME_MOOD_MIN, REFRAME_MOOD_MAX)]++;
      sum += mood;
    }
  g_string_append_printf (text,
                          _ ("Average mood: %.1f on a scale from 1 (%s) to 5 (%s), about “%s”\n"),
                          sum / entries->len,
                          reframe_mood_get_label (REFRAME_MOOD_AWFUL),
                          reframe_mood_get_label (REFRAME_MOOD_GREAT),
                          reframe_mood_get_label ((ReframeMood) lround (sum / entries->len)));

  for (guint mood = REFRAME_MOOD_MAX; mood >= REFRAME_MOOD_MIN; mood--)
    {
      if (counts[mood] == 0)
        continue;
      if (list->len > 0)
        g_string_append (list, ", ");
      /* Translators: a mood and how many entries have it, e.g. "Good 3". */
      g_string_append_printf (
          list, C_ ("mood count", "%s %u"), reframe_mood_get_label (mood), counts[mood]);
    }
  g_string_append_printf (text, _ ("Moods: %s\n"), list->str);
}

static void
append_sleep (GString   *text,
              GPtrArray *entries)
{
  double sum = 0;
  guint  n = 0;

  for (guint i = 0; i < entries->len; i++)
    {
      double hours = reframe_mood_entry_get_sleep_hours (g_ptr_array_index (entries, i));

      if (hours == REFRAME_SLEEP_UNKNOWN)
        continue;
      sum += hours;
      n++;
    }
  if (n > 0)
    g_string_append_printf (text,
                            g_dngettext (GETTEXT_PACKAGE,
                                         "Average sleep: %.1f hours (from %u entry)\n",
                                         "Average sleep: %.1f hours (from %u entries)\n",
                                         n),
                            sum / n,
                            n);
}

static void
append_summary (GString   *text,
                GPtrArray *entries,
                guint      days)
{
  g_autofree char *feelings = join_top_tags (entries, TRUE, "feeling");
  g_autofree char *activities = join_top_tags (entries, FALSE, "activity");

  g_string_append_printf (text, _ ("Days with an entry: %u of %u\n"), count_days (entries), days);
  g_string_append_printf (text, _ ("Entries: %u\n"), entries->len);
  append_moods (text, entries);
  if (feelings != NULL)
    g_string_append_printf (text, _ ("Most frequent feelings: %s\n"), feelings);
  if (activities != NULL)
    g_string_append_printf (text, _ ("Most frequent activities: %s\n"), activities);
  append_sleep (text, entries);
}

static char *
join_labels (const char *const *names,
             const char        *context)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) labels = NULL;

  for (guint i = 0; names[i] != NULL; i++)
    g_strv_builder_add (builder, g_dpgettext2 (GETTEXT_PACKAGE, context, names[i]));
  labels = g_strv_builder_end (builder);
  return labels[0] != NULL ? g_strjoinv (", ", labels) : NULL;
}

/* The note under its entry, each line indented, trailing blanks dropped. */
static void
append_note (GString    *text,
             const char *note)
{
  g_auto (GStrv) lines = NULL;

  if (note == NULL)
    return;
  lines = g_strsplit (note, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    g_strchomp (lines[i]);
  for (guint n = g_strv_length (lines); n > 0 && *lines[n - 1] == '\0'; n--)
    g_clear_pointer (&lines[n - 1], g_free);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (*lines[i] != '\0')
        g_string_append_printf (text, "  %s", lines[i]);
      g_string_append_c (text, '\n');
    }
}

static void
append_entry (GString          *text,
              ReframeMoodEntry *entry)
{
  g_autofree char *time = g_date_time_format (reframe_mood_entry_get_time (entry), TIME_FORMAT);
  g_autofree char *feelings = join_labels (reframe_mood_entry_get_feelings (entry), "feeling");
  g_autofree char *activities = join_labels (reframe_mood_entry_get_activities (entry), "activity");
  double           sleep = reframe_mood_entry_get_sleep_hours (entry);

  /* Translators: an entry's time and mood, e.g. "- 21:30, Good." */
  g_string_append_printf (
      text, _ ("- %s, %s."), time, reframe_mood_get_label (reframe_mood_entry_get_mood (entry)));
  if (feelings != NULL)
    g_string_append_printf (text, _ (" Feelings: %s."), feelings);
  if (activities != NULL)
    g_string_append_printf (text, _ (" Activities: %s."), activities);
  if (sleep != REFRAME_SLEEP_UNKNOWN)
    g_string_append_printf (text, _ (" Slept %.1f hours."), sleep);
  g_string_append_c (text, '\n');
  append_note (text, reframe_mood_entry_get_note (entry));
}

static void
append_entries (GString   *text,
                GPtrArray *entries)
{
  g_autofree char *last_day = NULL;

  for (guint i = 0; i < entries->len; i++)
    {
      ReframeMoodEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char  *day = reframe_mood_entry_dup_day (entry);

      if (g_strcmp0 (day, last_day) != 0)
        {
          g_autofree char *heading =
              g_date_time_format (reframe_mood_entry_get_time (entry), DAY_HEADING);

          g_string_append_printf (text, "\n%s\n", heading);
        }
      append_entry (text, entry);
      g_free (last_day);
      last_day = g_steal_pointer (&day);
    }
}

static char *
render_mood (ReframeChatAttachment *self,
             ReframeStore          *store,
             GDateTime             *now,
             GError               **error)
{
  g_autoptr (GDateTime) first = g_date_time_add_days (now, -(gint) (self->days - 1));
  g_autofree char *from_day = g_date_time_format (first, DAY_FORMAT);
  g_autofree char *to_day = g_date_time_format (now, DAY_FORMAT);
  g_autoptr (GPtrArray) entries = NULL;
  g_autoptr (GString) text = g_string_new (NULL);

  if ((entries = load_entries (store, from_day, to_day, error)) == NULL)
    return NULL;

  g_string_append_printf (text, _ ("Period: %s to %s\n"), from_day, to_day);
  if (entries->len == 0)
    g_string_append (text, _ ("No entries in this period.\n"));
  else if (self->kind == REFRAME_CHAT_ATTACHMENT_MOOD_SUMMARY)
    append_summary (text, entries, self->days);
  else
    append_entries (text, entries);

  /* No trailing newline: the caller frames the text. */
  while (text->len > 0 && text->str[text->len - 1] == '\n')
    g_string_truncate (text, text->len - 1);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * reframe_chat_attachment_render:
 * @store: (nullable): the journal; needed for the mood kinds
 * @now: the present, in the person's time zone: the period ends on its day
 * @error: where a failure to read the journal is reported
 *
 * Makes the exact plain text that the attachment sends, without its label (the
 * caller shows the label as a heading). For the same journal and @now the text is the
 * same, so a preview made with it is what is sent. Private entries are never in it.
 *
 * Returns: (transfer full) (nullable): the text
 */
char *
reframe_chat_attachment_render (ReframeChatAttachment *self,
                                ReframeStore          *store,
                                GDateTime             *now,
                                GError               **error)
{
  g_return_val_if_fail (REFRAME_IS_CHAT_ATTACHMENT (self), NULL);

  if (self->kind == REFRAME_CHAT_ATTACHMENT_WORKSHEET ||
      self->kind == REFRAME_CHAT_ATTACHMENT_HOMEWORK)
    return g_strdup (self->text);

  g_return_val_if_fail (REFRAME_IS_STORE (store), NULL);
  g_return_val_if_fail (now != NULL, NULL);
  return render_mood (self, store, now, error);
}
