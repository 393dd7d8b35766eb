/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-generate.c: writes the reference journals of DESIGN.md, deterministically,
 * through the core API: `reframe-generate --profile ten-year|stress|tiny DIR`. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "reframe-assignment-repository.h"
#include "reframe-conversation-repository-private.h"
#include "reframe-mood-entry.h"
#include "reframe-mood-repository.h"
#include "reframe-questionnaire-score.h"
#include "reframe-store-private.h"
#include "reframe-template-registry.h"
#include "reframe-worksheet-repository-private.h"

typedef struct
{
  const char *name;
  guint       n_days;
  guint       min_per_day;
  guint       max_per_day;
  guint       min_words;
  guint       max_words;
  guint       total;
  guint       n_conversations;
  guint       messages_per_conversation;
  guint       n_worksheets;
  gboolean    with_homework;
} Profile;

static const Profile profiles[] = {
  /* 3,650 days, about 2 entries a day, notes of 50-400 words, 300 conversations of
   * about 20 messages, 1,000 worksheets and a few pieces of homework. */
  { "ten-year", 3650, 1, 3, 50, 400, 0, 300, 20, 1000, TRUE },
  /* 100,000 entries: the same ten years, about 27 entries a day. */
  { "stress", 3650, 21, 35, 50, 400, 100000, 0, 0, 0, FALSE },
  /* For tests of the generator itself. */
  { "tiny", 30, 1, 3, 5, 40, 0, 3, 6, 20, TRUE },
};

static const char *const words[] = {
  "today",
  "felt",
  "tired",
  "after",
  "work",
  "walked",
  "the",
  "dog",
  "in",
  "rain",
  "and",
  "called",
  "my",
  "sister",
  "about",
  "weekend",
  "slept",
  "badly",
  "again",
  "worried",
  "money",
  "meeting",
  "went",
  "better",
  "than",
  "expected",
  "therapist",
  "said",
  "notice",
  "thought",
  "caught",
  "myself",
  "catastrophizing",
  "wrote",
  "down",
  "evidence",
  "for",
  "against",
  "it",
  "cooked",
  "dinner",
  "with",
  "friends",
  "laughed",
  "lot",
  "quiet",
  "morning",
  "coffee",
  "garden",
  "anxious",
  "train",
  "crowded",
  "breathing",
  "helped",
  "little",
  "argued",
  "partner",
  "dishes",
  "apologised",
  "later",
  "proud",
  "of",
  "finishing",
  "report",
  "headache",
  "most",
  "afternoon",
  "read",
  "book",
  "before",
  "bed",
  "phone",
  "too",
  "late",
  "scrolling",
  "lonely",
  "evening",
  "gym",
  "felt",
  "strong",
  "music",
  "concert",
  "tickets",
  "mother",
  "visit",
  "hospital",
  "appointment",
  "nervous",
  "waiting",
  "room",
  "sunshine",
  "park",
  "bench",
  "river",
  "swim",
  "cold",
  "water",
  "energy",
  "low",
  "motivation",
  "small",
  "steps",
  "list",
  "tasks",
  "done",
  "grateful",
  "neighbour",
  "helped",
  "boxes",
  "moving",
  "house",
  "kitchen",
  "tea",
  "cat",
  "purring",
  "calm",
  "stress",
  "deadline",
  "boss",
  "email",
  "criticism",
  "hurt",
  "reframed",
  "balanced",
  "view",
  "mistake",
  "human",
  "kind",
  "self",
  "compassion",
  "practice",
  "breath",
  "meditation",
  "ten",
  "minutes",
  "mind",
  "wandered",
  "back",
  "ok",
  "hopeful",
  "tomorrow",
};

static const char *const feelings[] = {
  "happy",
  "calm",
  "grateful",
  "hopeful",
  "proud",
  "tired",
  "anxious",
  "sad",
  "lonely",
  "irritable",
  "stressed",
  "overwhelmed",
};

static const char *const activities[] = {
  "exercise",
  "social",
  "work",
  "medication taken",
  "outdoors",
  "good meal",
  "rest",
  "meditation",
  "music",
  "therapy",
};

static char *
random_uuid (GRand *rand)
{
  guint8 b[16];

  for (guint i = 0; i < 16; i++)
    b[i] = g_rand_int_range (rand, 0, 256);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          b[0],
                          b[1],
                          b[2],
                          b[3],
                          b[4],
                          b[5],
                          b[6],
                          b[7],
                          b[8],
                          b[9],
                          b[10],
                          b[11],
                          b[12],
                          b[13],
                          b[14],
                          b[15]);
}

static char *
random_note (GRand         *rand,
             const Profile *profile)
{
  guint n = g_rand_int_range (rand, profile->min_words, profile->max_words + 1);
  g_autoptr (GString) note = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      const char *word = words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))];

      if (i == 0 || g_rand_int_range (rand, 0, 12) == 0)
        {
          if (i > 0)
            g_string_append (note, ". ");
          g_string_append_unichar (note, g_unichar_toupper (g_utf8_get_char (word)));
          g_string_append (note, g_utf8_next_char (word));
        }
      else
        g_string_append_printf (note, " %s", word);
    }
  g_string_append_c (note, '.');
  return g_string_free (g_steal_pointer (&note), FALSE);
}

static void
pick_some (GRand             *rand,
           const char *const *from,
           guint              n_from,
           guint              max,
           GPtrArray         *into)
{
  guint n = g_rand_int_range (rand, 0, max + 1);

  for (guint i = 0; i < n; i++)
    {
      const char *name = from[g_rand_int_range (rand, 0, n_from)];

      if (!g_ptr_array_find_with_equal_func (into, name, g_str_equal, NULL))
        g_ptr_array_add (into, (gpointer) name);
    }
  g_ptr_array_add (into, NULL);
}

static ReframeMoodEntry *
random_entry (GRand         *rand,
              const Profile *profile,
              GDateTime     *day_start,
              guint          slot,
              guint          n_slots)
{
  g_autofree char *uuid = random_uuid (rand);
  g_autofree char *note = random_note (rand, profile);
  g_autoptr (GPtrArray) f = g_ptr_array_new ();
  g_autoptr (GPtrArray) a = g_ptr_array_new ();
  ReframeMoodEntry *entry = g_object_new (REFRAME_TYPE_MOOD_ENTRY, "uuid", uuid, NULL);
  /* Spread the day's entries from 7:00 to 23:00. */
  guint minutes =
      7 * 60 + (16 * 60 * slot) / n_slots + g_rand_int_range (rand, 0, MAX (1, 16 * 60 / n_slots));
  g_autoptr (GDateTime) time = g_date_time_add_minutes (day_start, minutes);

  pick_some (rand, feelings, G_N_ELEMENTS (feelings), 3, f);
  pick_some (rand, activities, G_N_ELEMENTS (activities), 4, a);
  reframe_mood_entry_set_mood (entry, g_rand_int_range (rand, 1, 6));
  reframe_mood_entry_set_note (entry, note);
  reframe_mood_entry_set_feelings (entry, (const char *const *) f->pdata);
  reframe_mood_entry_set_activities (entry, (const char *const *) a->pdata);
  reframe_mood_entry_set_time (entry, time);
  if (g_rand_int_range (rand, 0, 3) > 0)
    reframe_mood_entry_set_sleep_hours (entry, 4 + g_rand_int_range (rand, 0, 13) * 0.5);
  reframe_mood_entry_set_private (entry, g_rand_int_range (rand, 0, 10) == 0);
  return entry;
}

static gboolean
generate (ReframeStore  *store,
          const Profile *profile,
          guint32        seed,
          guint         *n_written,
          GError       **error)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr (GDateTime) last = g_date_time_new (utc, 2026, 11, 1, 0, 0, 0);
  sqlite3 *db = _reframe_store_get_db (store);

  *n_written = 0;
  for (guint d = 0; d < profile->n_days; d++)
    {
      g_autoptr (GDateTime) day = g_date_time_add_days (last, -(gint) (profile->n_days - 1 - d));
      guint n = g_rand_int_range (rand, profile->min_per_day, profile->max_per_day + 1);

      /* A fixed total is reached early and the remaining days get what is left. */
      if (profile->total > 0)
        n = MIN (n, (profile->total - *n_written) / MAX (1, profile->n_days - d));
      if (profile->total > 0 && d == profile->n_days - 1)
        n = profile->total - *n_written;

      /* One transaction a month keeps ten years to a minute, not an hour of fsyncs. */
      if (d % 30 == 0 && !_reframe_store_exec (db, "BEGIN", error))
        return FALSE;
      for (guint i = 0; i < n; i++)
        {
          g_autoptr (ReframeMoodEntry) entry = random_entry (rand, profile, day, i, n);

          if (!reframe_mood_repository_save (reframe_store_get_moods (store), entry, error))
            return FALSE;
          (*n_written)++;
        }
      if ((d % 30 == 29 || d == profile->n_days - 1) && !_reframe_store_exec (db, "COMMIT", error))
        return FALSE;
    }
  return TRUE;
}

static char *
random_text (GRand *rand,
             guint  min_words,
             guint  max_words)
{
  Profile words_only = { .min_words = min_words, .max_words = max_words };

  return random_note (rand, &words_only);
}

/* Conversations every ~12 days over the journal's years, each an exchange of short
 * questions and longer replies a minute or two apart. */
static gboolean
generate_conversation (ReframeStore  *store,
                       GRand         *rand,
                       const Profile *profile,
                       GDateTime     *start,
                       GError       **error)
{
  ReframeConversationRepository *repository = reframe_store_get_conversations (store);
  g_autofree char               *uuid = random_uuid (rand);
  g_autofree char               *title = random_text (rand, 2, 5);
  g_autoptr (ReframeConversation) conversation = NULL;
  guint n = profile->messages_per_conversation - 4 + g_rand_int_range (rand, 0, 9);

  /* Titles are a few words, without the final full stop. */
  title[strlen (title) - 1] = '\0';
  conversation = _reframe_conversation_repository_create_at (repository, uuid, title, start, error);
  if (conversation == NULL)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      gboolean         user = i % 2 == 0;
      g_autofree char *message_uuid = random_uuid (rand);
      g_autofree char *content = user ? random_text (rand, 5, 60) : random_text (rand, 30, 200);
      g_autoptr (GDateTime) created =
          g_date_time_add_seconds (start, i * 90.0 + g_rand_int_range (rand, 0, 60));
      g_autoptr (ReframeChatMessage) message =
          g_object_new (REFRAME_TYPE_CHAT_MESSAGE,
                        "uuid",
                        message_uuid,
                        "role",
                        user ? REFRAME_CHAT_ROLE_USER : REFRAME_CHAT_ROLE_ASSISTANT,
                        "content",
                        content,
                        "created",
                        created,
                        "model",
                        user ? NULL : "llama3.2:3b",
                        NULL);

      if (!reframe_conversation_repository_add_message (repository, conversation, message, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
generate_conversations (ReframeStore  *store,
                        const Profile *profile,
                        guint32        seed,
                        GError       **error)
{
  /* Their own sequence, so that the entries stay what they were before conversations. */
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed + 1);
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr (GDateTime) first = g_date_time_new (utc, 2026, 11, 1, 0, 0, 0);
  sqlite3 *db = _reframe_store_get_db (store);

  if (profile->n_conversations == 0)
    return TRUE;
  if (!_reframe_store_exec (db, "BEGIN", error))
    return FALSE;
  for (guint c = 0; c < profile->n_conversations; c++)
    {
      guint day = (profile->n_days - 1) * c / profile->n_conversations;
      g_autoptr (GDateTime) date =
          g_date_time_add_days (first, -(gint) (profile->n_days - 1 - day));
      g_autoptr (GDateTime) start =
          g_date_time_add_minutes (date, 8 * 60 + g_rand_int_range (rand, 0, 15 * 60));

      if (!generate_conversation (store, rand, profile, start, error))
        return FALSE;
    }
  return _reframe_store_exec (db, "COMMIT", error);
}

static JsonNode *random_value (GRand *rand, const ReframeTemplateField *field, GDateTime *when);

static int
random_slider (GRand                      *rand,
               const ReframeTemplateField *field)
{
  int min = reframe_template_field_get_min (field);
  int max = reframe_template_field_get_max (field);
  int step = MAX (1, reframe_template_field_get_step_size (field));

  return min + step * g_rand_int_range (rand, 0, (max - min) / step + 1);
}

static const char *
random_option (GRand                      *rand,
               const ReframeTemplateField *field)
{
  GPtrArray                   *options = reframe_template_field_get_options (field);
  const ReframeTemplateOption *option =
      g_ptr_array_index (options, g_rand_int_range (rand, 0, options->len));

  return option->value;
}

static JsonNode *
random_choices (GRand                      *rand,
                const ReframeTemplateField *field)
{
  g_autoptr (JsonArray) array = json_array_new ();
  g_autoptr (GPtrArray) chosen = g_ptr_array_new ();
  guint n = g_rand_int_range (rand, 1, 4);

  for (guint i = 0; i < n; i++)
    {
      const char *value = random_option (rand, field);

      if (!g_ptr_array_find_with_equal_func (chosen, value, g_str_equal, NULL))
        g_ptr_array_add (chosen, (gpointer) value);
    }
  for (guint i = 0; i < chosen->len; i++)
    json_array_add_string_element (array, g_ptr_array_index (chosen, i));
  return json_node_init_array (json_node_alloc (), array);
}

/* Emotion rows: a feeling, its intensity before and (lower, mostly) after. */
static JsonNode *
random_emotions (GRand                      *rand,
                 const ReframeTemplateField *field)
{
  g_autoptr (JsonArray) array = json_array_new ();
  guint n = g_rand_int_range (rand, 1, 4);

  for (guint i = 0; i < n; i++)
    {
      JsonObject *row = json_object_new ();
      int         before = random_slider (rand, field);

      json_object_set_string_member (
          row, "name", feelings[g_rand_int_range (rand, 0, G_N_ELEMENTS (feelings))]);
      json_object_set_int_member (row, "before", before);
      json_object_set_int_member (
          row,
          "after",
          MAX (reframe_template_field_get_min (field), before - g_rand_int_range (rand, 0, 40)));
      json_array_add_object_element (array, row);
    }
  return json_node_init_array (json_node_alloc (), array);
}

static JsonNode *
random_table (GRand                      *rand,
              const ReframeTemplateField *field,
              GDateTime                  *when)
{
  g_autoptr (JsonArray) array = json_array_new ();
  GPtrArray *columns = reframe_template_field_get_columns (field);
  guint      n = g_rand_int_range (rand, 1, 5);

  for (guint i = 0; i < n; i++)
    {
      JsonObject *row = json_object_new ();

      for (guint c = 0; c < columns->len; c++)
        {
          const ReframeTemplateField *column = g_ptr_array_index (columns, c);

          json_object_set_member (
              row, reframe_template_field_get_id (column), random_value (rand, column, when));
        }
      json_array_add_object_element (array, row);
    }
  return json_node_init_array (json_node_alloc (), array);
}

static JsonNode *
random_value (GRand                      *rand,
              const ReframeTemplateField *field,
              GDateTime                  *when)
{
  g_autofree char *text = NULL;

  switch (reframe_template_field_get_field_type (field))
    {
    case REFRAME_FIELD_SHORT_TEXT:
      text = random_text (rand, 2, 8);
      return json_node_init_string (json_node_alloc (), text);
    case REFRAME_FIELD_LONG_TEXT:
      text = random_text (rand, 10, 60);
      return json_node_init_string (json_node_alloc (), text);
    case REFRAME_FIELD_SINGLE_CHOICE:
      return json_node_init_string (json_node_alloc (), random_option (rand, field));
    case REFRAME_FIELD_MULTIPLE_CHOICE:
      return random_choices (rand, field);
    case REFRAME_FIELD_SLIDER:
      return json_node_init_int (json_node_alloc (), random_slider (rand, field));
    case REFRAME_FIELD_EMOTIONS:
      return random_emotions (rand, field);
    case REFRAME_FIELD_TABLE:
      return random_table (rand, field, when);
    case REFRAME_FIELD_DATE_TIME:
    default:
      text = g_date_time_format_iso8601 (when);
      return json_node_init_string (json_node_alloc (), text);
    }
}

/* Every field answered, or, for a draft, those of the first steps only. */
static JsonObject *
random_answers (GRand *rand,
                ReframeTemplate *template,
                GDateTime *when,
                gboolean   draft)
{
  GPtrArray  *steps = reframe_template_get_steps (template);
  guint       n_steps = draft ? MAX (1, steps->len / 2) : steps->len;
  JsonObject *answers = json_object_new ();

  for (guint s = 0; s < n_steps; s++)
    {
      GPtrArray *fields = reframe_template_step_get_fields (g_ptr_array_index (steps, s));

      for (guint i = 0; i < fields->len; i++)
        {
          const ReframeTemplateField *field = g_ptr_array_index (fields, i);

          json_object_set_member (
              answers, reframe_template_field_get_id (field), random_value (rand, field, when));
        }
    }
  return answers;
}

static ReframeAssignment *
add_assignment (ReframeStore    *store,
                const char      *title,
                const char      *template_id,
                ReframeFrequency frequency,
                GDate           *start,
                int              end_offset,
                GError         **error)
{
  g_autoptr (ReframeAssignment) assignment = reframe_assignment_new (title, template_id);
  GDate end = *start;

  reframe_assignment_set_frequency (assignment, frequency);
  reframe_assignment_set_times_per_week (assignment,
                                         frequency == REFRAME_FREQUENCY_TIMES_PER_WEEK ? 3 : 1);
  reframe_assignment_set_start_date (assignment, start);
  g_date_add_days (&end, end_offset);
  if (frequency == REFRAME_FREQUENCY_ONCE)
    reframe_assignment_set_due_date (assignment, &end);
  else if (end_offset > 0)
    reframe_assignment_set_end_date (assignment, &end);
  reframe_assignment_set_rationale (
      assignment, "Practising between sessions is where most of the change happens.");
  if (!reframe_assignment_repository_save (
          reframe_store_get_assignments (store), assignment, error))
    return NULL;
  return g_steal_pointer (&assignment);
}

static const struct
{
  const char      *title;
  const char      *template_id;
  ReframeFrequency frequency;
  int              days;
} homework[] = {
  { "Thought record after a hard moment", "thought-record", REFRAME_FREQUENCY_TIMES_PER_WEEK, 0 },
  { "Three good things each evening", "three-good-things", REFRAME_FREQUENCY_DAILY, 41 },
  { "PHQ-9 before the next appointment", "phq-9", REFRAME_FREQUENCY_ONCE, 31 },
};

/* Homework of the last weeks of the journal: three templates and a free-text task,
 * marked done on most days. */
static GPtrArray *
generate_homework (ReframeStore  *store,
                   GRand         *rand,
                   const Profile *profile,
                   GError       **error)
{
  g_autoptr (GPtrArray) assignments = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  GDate              start;
  ReframeAssignment *walk;

  g_date_clear (&start, 1);
  g_date_set_dmy (&start, 1, 11, 2026);
  g_date_subtract_days (&start, 27);
  if (!profile->with_homework)
    return g_steal_pointer (&assignments);
  walk = add_assignment (
      store, "Walk for 20 minutes", NULL, REFRAME_FREQUENCY_DAILY, &start, 0, error);
  if (walk == NULL)
    return NULL;
  g_ptr_array_add (assignments, walk);
  for (guint d = 0; d < 28; d++)
    {
      g_autoptr (GDateTime) when =
          g_date_time_new (utc, 2026, 10, 5, 7 + g_rand_int_range (rand, 0, 12), 0, 0);
      g_autoptr (GDateTime) day = g_date_time_add_days (when, d);

      if (g_rand_int_range (rand, 0, 4) > 0 &&
          !reframe_assignment_repository_mark_task_done (
              reframe_store_get_assignments (store), walk, day, error))
        return NULL;
    }
  for (guint i = 0; i < G_N_ELEMENTS (homework); i++)
    {
      ReframeAssignment *assignment = add_assignment (store,
                                                      homework[i].title,
                                                      homework[i].template_id,
                                                      homework[i].frequency,
                                                      &start,
                                                      homework[i].days,
                                                      error);

      if (assignment == NULL)
        return NULL;
      g_ptr_array_add (assignments, assignment);
    }
  return g_steal_pointer (&assignments);
}

/* The assignment a worksheet of @template_id done on @when counts toward, if any. */
static const char *
find_assignment (GPtrArray  *assignments,
                 const char *template_id,
                 GDateTime  *when)
{
  for (guint i = 0; i < assignments->len; i++)
    {
      ReframeAssignment *assignment = g_ptr_array_index (assignments, i);
      const GDate       *start = reframe_assignment_get_start_date (assignment);
      g_autoptr (GDateTime) first = g_date_time_new_utc (
          g_date_get_year (start), g_date_get_month (start), g_date_get_day (start), 0, 0, 0);

      if (g_strcmp0 (reframe_assignment_get_template_id (assignment), template_id) == 0 &&
          g_date_time_compare (when, first) >= 0)
        return reframe_assignment_get_uuid (assignment);
    }
  return NULL;
}

static gboolean
generate_worksheet (ReframeStore *store,
                    GRand        *rand,
                    ReframeTemplate *template,
                    GDateTime *when,
                    GPtrArray *assignments,
                    GError   **error)
{
  g_autofree char *uuid = random_uuid (rand);
  gboolean         draft = g_rand_int_range (rand, 0, 10) == 0;
  g_autoptr (JsonObject) answers = random_answers (rand, template, when, draft);
  g_autoptr (ReframeWorksheet) worksheet = g_object_new (REFRAME_TYPE_WORKSHEET,
                                                         "uuid",
                                                         uuid,
                                                         "template-id",
                                                         reframe_template_get_id (template),
                                                         "template-version",
                                                         reframe_template_get_version (template),
                                                         NULL);
  g_autoptr (GDateTime) updated = g_date_time_add_minutes (when, g_rand_int_range (rand, 5, 40));

  reframe_worksheet_set_answers (worksheet, answers);
  reframe_worksheet_set_private (worksheet, g_rand_int_range (rand, 0, 10) == 0);
  reframe_worksheet_set_status (worksheet,
                                draft ? REFRAME_WORKSHEET_DRAFT : REFRAME_WORKSHEET_COMPLETED);
  if (!draft && reframe_template_get_kind (template) == REFRAME_TEMPLATE_KIND_QUESTIONNAIRE)
    {
      g_autoptr (ReframeQuestionnaireScore) score =
          reframe_template_score (template, answers, error);

      if (score == NULL)
        return FALSE;
      reframe_worksheet_set_score (worksheet, score->score);
      reframe_worksheet_set_band (worksheet, score->band_label);
    }
  if (!draft)
    reframe_worksheet_set_assignment_uuid (
        worksheet, find_assignment (assignments, reframe_template_get_id (template), when));
  return _reframe_worksheet_repository_save_at (
      reframe_store_get_worksheets (store), worksheet, when, updated, updated, error);
}

/* Worksheets spread evenly over the journal's years, one of the built-in templates
 * each, about one in ten left as a draft; questionnaires scored as the app does. */
static gboolean
generate_worksheets (ReframeStore  *store,
                     const Profile *profile,
                     guint32        seed,
                     GError       **error)
{
  /* Their own sequence, so that entries and conversations stay what they were. */
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed + 2);
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr (GDateTime) last = g_date_time_new (utc, 2026, 11, 1, 0, 0, 0);
  g_autoptr (GPtrArray) templates = NULL;
  g_autoptr (GPtrArray) assignments = NULL;
  sqlite3 *db = _reframe_store_get_db (store);

  if (profile->n_worksheets == 0)
    return TRUE;
  if ((templates = reframe_template_registry_dup_builtins (error)) == NULL ||
      !_reframe_store_exec (db, "BEGIN", error))
    return FALSE;
  if ((assignments = generate_homework (store, rand, profile, error)) == NULL)
    return FALSE;
  for (guint w = 0; w < profile->n_worksheets; w++)
    {
      guint day = (profile->n_days - 1) * w / profile->n_worksheets;
      g_autoptr (GDateTime) date = g_date_time_add_days (last, -(gint) (profile->n_days - 1 - day));
      g_autoptr (GDateTime) when =
          g_date_time_add_minutes (date, 7 * 60 + g_rand_int_range (rand, 0, 16 * 60));
      ReframeTemplate *template =
          g_ptr_array_index (templates, g_rand_int_range (rand, 0, templates->len));

      if (!generate_worksheet (store, rand, template, when, assignments, error))
        return FALSE;
    }
  return _reframe_store_exec (db, "COMMIT", error);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *profile_name = NULL;
  gint             seed = 20261125;
  GOptionEntry     entries[] = {
        { "profile", 'p', 0, G_OPTION_ARG_STRING, &profile_name, "ten-year, stress or tiny", "NAME" },
        { "seed", 's', 0, G_OPTION_ARG_INT, &seed, "Random seed", "N" },
        { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("DIR");
  g_autoptr (ReframeStore) store = NULL;
  g_autoptr (GError) error = NULL;
  const Profile *profile = NULL;
  gint64         start;
  guint          n = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2)
    {
      g_printerr ("%s\n", error ? error->message : "Usage: reframe-generate --profile NAME DIR");
      return 2;
    }
  for (guint i = 0; i < G_N_ELEMENTS (profiles); i++)
    if (g_strcmp0 (profile_name, profiles[i].name) == 0)
      profile = &profiles[i];
  if (profile == NULL)
    {
      g_printerr ("Unknown profile; use ten-year, stress or tiny.\n");
      return 2;
    }

  start = g_get_monotonic_time ();
  if ((store = reframe_store_open (argv[1], &error)) == NULL ||
      !generate (store, profile, (guint32) seed, &n, &error) ||
      !generate_conversations (store, profile, (guint32) seed, &error) ||
      !generate_worksheets (store, profile, (guint32) seed, &error))
    {
      g_printerr ("reframe-generate: %s\n", error->message);
      return 1;
    }
  g_print ("%s: %u entries over %u days, %u conversations, %u worksheets in %.1f s\n",
           profile->name,
           n,
           profile->n_days,
           profile->n_conversations,
           profile->n_worksheets,
           (g_get_monotonic_time () - start) / 1e6);
  return 0;
}
