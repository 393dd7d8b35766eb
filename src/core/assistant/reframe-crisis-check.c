/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-crisis-check.c: the local, deterministic check for crisis language in messages and
 * replies.
 *
 * ai-safety.md R2: every message is checked on this computer before it is sent, without
 * the model, so the crisis lines show whatever the model does. Every shipped language is
 * checked, always: a German message on an English desktop is still German, and a message
 * may mix two languages.
 *
 * Two stages, either of which raises the alarm. The lists in data/crisis/phrases-*.json
 * name concepts per language and rules over them, matched within a sentence on folded
 * words (reframe-crisis-check-patterns.c, reframe-crisis-check-text.c), with masks for
 * idioms that only look alarming; pairs of cue lists (distress + means) catch indirect
 * cases across the recent messages. A linear model over character and word n-grams
 * (reframe-crisis-check-classifier.c, trained by build-aux/train-crisis-classifier.py)
 * scores wording the rules miss. Both favour recall: a false alarm only shows the crisis
 * lines. A check never changes after it is made, so one can be used from several
 * threads at once.
 */

#define G_LOG_DOMAIN "ReframeCrisisCheck"

#include "config.h"

#include "reframe-i18n.h"
#include <json-glib/json-glib.h>
#include <string.h>

#include "reframe-assistant-private.h"
#include "reframe-crisis-check-private.h"

/* Cue lists of pairs get group numbers from here on; below are the categories. */
#define FIRST_CUE_GROUP 16
G_STATIC_ASSERT (FIRST_CUE_GROUP < 64);
/* What a streaming reply's checks found so far is kept by the caller in a guint64. */
#define MAX_REPLY_GROUPS 64

/* Every list of data/crisis/, checked whatever the locale. */
static const char *const shipped_languages[] = { "en", "de", "es", "fr", "it", "pt" };

/* Packed from data/crisis/classifier.json at build time (src/core/meson.build). */
#define CLASSIFIER_RESOURCE "crisis/classifier.bin"

typedef struct
{
  ReframeCrisisCategory category;
  guint                 first;
  guint                 second;
} Pair;

typedef struct
{
  ReframeCrisisPatterns *patterns;
  GArray                *pairs;      /* of Pair */
  GHashTable            *pair_names; /* a pair's name → its number + 1 in @pairs */
  guint                  next_group;
  guint                  max_groups;
} Section;

struct _ReframeCrisisCheck
{
  GObject parent_instance;

  guint version;

  /* Owned */
  Section                  message;
  Section                  reply;
  ReframeCrisisClassifier *classifier; /* nullable */
};

G_DEFINE_FINAL_TYPE (ReframeCrisisCheck, reframe_crisis_check, G_TYPE_OBJECT)

G_DEFINE_QUARK (reframe - crisis - error - quark, reframe_crisis_error)

G_DEFINE_ENUM_TYPE (ReframeCrisisCategory,
                    reframe_crisis_category,
                    G_DEFINE_ENUM_VALUE (REFRAME_CRISIS_CATEGORY_NONE, "none"),
                    G_DEFINE_ENUM_VALUE (REFRAME_CRISIS_CATEGORY_SUICIDE, "suicide"),
                    G_DEFINE_ENUM_VALUE (REFRAME_CRISIS_CATEGORY_MEANS_SEEKING, "means-seeking"),
                    G_DEFINE_ENUM_VALUE (REFRAME_CRISIS_CATEGORY_OVERDOSE_DRUGS, "overdose-drugs"),
                    G_DEFINE_ENUM_VALUE (REFRAME_CRISIS_CATEGORY_SELF_HARM, "self-harm"),
                    G_DEFINE_ENUM_VALUE (REFRAME_CRISIS_CATEGORY_ABUSE, "abuse"),
                    G_DEFINE_ENUM_VALUE (REFRAME_CRISIS_CATEGORY_EATING_DISORDER,
                                         "eating-disorder"),
                    G_DEFINE_ENUM_VALUE (REFRAME_CRISIS_CATEGORY_PERSONAL, "personal"),
                    G_DEFINE_ENUM_VALUE (REFRAME_CRISIS_CATEGORY_METHOD_DETAILS, "method-details"),
                    G_DEFINE_ENUM_VALUE (REFRAME_CRISIS_CATEGORY_DIET_ADVICE, "diet-advice"),
                    G_DEFINE_ENUM_VALUE (REFRAME_CRISIS_CATEGORY_DRUG_ADVICE, "drug-advice"),
                    G_DEFINE_ENUM_VALUE (REFRAME_CRISIS_CATEGORY_MEDICATION_ADVICE,
                                         "medication-advice"),
                    G_DEFINE_ENUM_VALUE (REFRAME_CRISIS_CATEGORY_DIAGNOSIS, "diagnosis"))

/* The keys used in the phrase lists, in the order of ReframeCrisisCategory. */
static const char *const category_keys[] = {
  "none",
  "suicide",
  "means-seeking",
  "overdose-drugs",
  "self-harm",
  "abuse",
  "eating-disorder",
  "personal",
  "method-details",
  "diet-advice",
  "drug-advice",
  "medication-advice",
  "diagnosis",
};

G_STATIC_ASSERT (G_N_ELEMENTS (category_keys) == REFRAME_CRISIS_CATEGORY_DIAGNOSIS + 1);

G_LOCK_DEFINE_STATIC (shipped_classifier);
static ReframeCrisisClassifier *shipped_classifier;

static void
section_init (Section *section,
              guint    max_groups)
{
  section->next_group = FIRST_CUE_GROUP;
  section->max_groups = max_groups;
  section->patterns = _reframe_crisis_patterns_new ();
  section->pairs = g_array_new (FALSE, FALSE, sizeof (Pair));
  section->pair_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static void
section_clear (Section *section)
{
  g_clear_pointer (&section->patterns, _reframe_crisis_patterns_free);
  g_clear_pointer (&section->pairs, g_array_unref);
  g_clear_pointer (&section->pair_names, g_hash_table_unref);
}

/* @found: (out caller-allocates): the groups (categories and cue lists) with a rule in @text */
static void
section_scan (const Section       *section,
              const char          *text,
              ReframeCrisisGroups *found)
{
  ReframeCrisisTokens tokens;

  memset (found, 0, sizeof *found);
  if (text == NULL || *text == '\0')
    return;
  _reframe_crisis_tokens_init (&tokens, text);
  _reframe_crisis_patterns_scan (section->patterns, &tokens, found);
  _reframe_crisis_tokens_clear (&tokens);
}

static gboolean
add_pattern_array (Section                 *section,
                   ReframeCrisisPatternKind kind,
                   JsonNode                *node,
                   const char              *member,
                   guint                    group,
                   GHashTable              *concepts,
                   GError                 **error)
{
  JsonArray *array =
      node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

  if (array == NULL || json_array_get_length (array) == 0)
    {
      g_set_error (error,
                   REFRAME_CRISIS_ERROR,
                   REFRAME_CRISIS_ERROR_INVALID_DATA,
                   _ ("“%s” must be a list of phrases"),
                   member);
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        {
          g_set_error (error,
                       REFRAME_CRISIS_ERROR,
                       REFRAME_CRISIS_ERROR_INVALID_DATA,
                       _ ("item %u of “%s” is not text"),
                       i + 1,
                       member);
          return FALSE;
        }
      if (!_reframe_crisis_patterns_add (
              section->patterns, kind, json_node_get_string (element), group, concepts, error))
        {
          g_prefix_error (error, "%s: ", member);
          return FALSE;
        }
    }
  return TRUE;
}

/* json-glib warns when a member has another type than asked for; bad data must not. */
static const char *
get_string_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonObject *
get_object_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static ReframeCrisisCategory
parse_category (const char           *key,
                ReframeCrisisCategory first,
                ReframeCrisisCategory last)
{
  for (guint i = first; key != NULL && i <= last; i++)
    if (g_str_equal (key, category_keys[i]))
      return i;
  return REFRAME_CRISIS_CATEGORY_NONE;
}

static gboolean
add_pair (Section              *section,
          JsonNode             *node,
          const char           *where,
          GHashTable           *concepts,
          ReframeCrisisCategory first,
          ReframeCrisisCategory last,
          GError              **error)
{
  JsonObject *object =
      node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  const char *name = get_string_member (object, "name");
  guint       known = name ? GPOINTER_TO_UINT (g_hash_table_lookup (section->pair_names, name)) : 0;
  Pair        pair = { parse_category (get_string_member (object, "category"), first, last), 0, 0 };

  if (pair.category == REFRAME_CRISIS_CATEGORY_NONE ||
      (known > 0 && g_array_index (section->pairs, Pair, known - 1).category != pair.category))
    {
      g_set_error (error,
                   REFRAME_CRISIS_ERROR,
                   REFRAME_CRISIS_ERROR_INVALID_DATA,
                   _ ("a pair in “%s” has no known category, or another than the pair of its name"),
                   where);
      return FALSE;
    }
  /* A pair of the same name in another list (language) adds to the same cues, so that
   * the languages share the few group bits, and a message may mix them. */
  if (known > 0)
    pair = g_array_index (section->pairs, Pair, known - 1);
  else if (section->next_group + 2 > section->max_groups)
    {
      g_set_error (error,
                   REFRAME_CRISIS_ERROR,
                   REFRAME_CRISIS_ERROR_INVALID_DATA,
                   _ ("there are too many pairs (give pairs of the same kind the same name)"));
      return FALSE;
    }
  else
    {
      pair.first = section->next_group++;
      pair.second = section->next_group++;
    }
  if (!add_pattern_array (section,
                          REFRAME_CRISIS_PATTERN_RULE,
                          json_object_get_member (object, "first"),
                          "first",
                          pair.first,
                          concepts,
                          error) ||
      !add_pattern_array (section,
                          REFRAME_CRISIS_PATTERN_RULE,
                          json_object_get_member (object, "second"),
                          "second",
                          pair.second,
                          concepts,
                          error))
    return FALSE;
  if (known == 0)
    {
      g_array_append_val (section->pairs, pair);
      if (name != NULL)
        g_hash_table_insert (
            section->pair_names, g_strdup (name), GUINT_TO_POINTER (section->pairs->len));
    }
  return TRUE;
}

/* Returns: (transfer full): the concepts of @section_object, name → number + 1 */
static GHashTable *
load_concepts (Section    *section,
               JsonObject *section_object,
               const char *name,
               GError    **error)
{
  g_autoptr (GHashTable) concepts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonObject *object = get_object_member (section_object, "concepts");
  g_autoptr (GList) members = object ? json_object_get_members (object) : NULL;

  if (json_object_has_member (section_object, "concepts") && object == NULL)
    {
      g_set_error (error,
                   REFRAME_CRISIS_ERROR,
                   REFRAME_CRISIS_ERROR_INVALID_DATA,
                   _ ("“%s.concepts” must be an object"),
                   name);
      return NULL;
    }
  /* Names first: a concept is written once, whatever the order of the members. */
  for (GList *l = members; l != NULL; l = l->next)
    g_hash_table_insert (
        concepts,
        g_strdup (l->data),
        GUINT_TO_POINTER (_reframe_crisis_patterns_new_concept (section->patterns) + 1));
  for (GList *l = members; l != NULL; l = l->next)
    {
      g_autofree char *where = g_strdup_printf ("%s.concepts.%s", name, (const char *) l->data);
      guint            id = GPOINTER_TO_UINT (g_hash_table_lookup (concepts, l->data)) - 1;

      if (!add_pattern_array (section,
                              REFRAME_CRISIS_PATTERN_CONCEPT,
                              json_object_get_member (object, l->data),
                              where,
                              id,
                              NULL,
                              error))
        return NULL;
    }
  return g_steal_pointer (&concepts);
}

static gboolean
load_rules (Section              *section,
            JsonObject           *phrases,
            const char           *name,
            GHashTable           *concepts,
            ReframeCrisisCategory first,
            ReframeCrisisCategory last,
            GError              **error)
{
  g_autoptr (GList) members = json_object_get_members (phrases);

  for (GList *l = members; l != NULL; l = l->next)
    {
      ReframeCrisisCategory category = parse_category (l->data, first, last);
      g_autofree char      *where = g_strdup_printf ("%s.phrases.%s", name, (const char *) l->data);

      if (category == REFRAME_CRISIS_CATEGORY_NONE)
        {
          g_set_error (error,
                       REFRAME_CRISIS_ERROR,
                       REFRAME_CRISIS_ERROR_INVALID_DATA,
                       _ ("“%s” is not a category"),
                       where);
          return FALSE;
        }
      if (!add_pattern_array (section,
                              REFRAME_CRISIS_PATTERN_RULE,
                              json_object_get_member (phrases, l->data),
                              where,
                              category,
                              concepts,
                              error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
load_section (ReframeCrisisCheck   *self,
              Section              *section,
              JsonObject           *root,
              const char           *name,
              ReframeCrisisCategory first,
              ReframeCrisisCategory last,
              GError              **error)
{
  JsonObject      *object = get_object_member (root, name);
  JsonObject      *phrases = get_object_member (object, "phrases");
  JsonNode        *masks = object ? json_object_get_member (object, "masks") : NULL;
  JsonNode        *pairs = object ? json_object_get_member (object, "pairs") : NULL;
  g_autofree char *masks_name = g_strdup_printf ("%s.masks", name);
  g_autofree char *pairs_name = g_strdup_printf ("%s.pairs", name);
  g_autoptr (GHashTable) concepts = NULL;

  if (phrases == NULL)
    {
      g_set_error (error,
                   REFRAME_CRISIS_ERROR,
                   REFRAME_CRISIS_ERROR_INVALID_DATA,
                   _ ("“%s.phrases” is missing"),
                   name);
      return FALSE;
    }
  if ((concepts = load_concepts (section, object, name, error)) == NULL)
    return FALSE;
  if (masks != NULL &&
      !add_pattern_array (
          section, REFRAME_CRISIS_PATTERN_MASK, masks, masks_name, 0, concepts, error))
    return FALSE;
  if (!load_rules (section, phrases, name, concepts, first, last, error))
    return FALSE;
  if (pairs != NULL && !JSON_NODE_HOLDS_ARRAY (pairs))
    {
      g_set_error (error,
                   REFRAME_CRISIS_ERROR,
                   REFRAME_CRISIS_ERROR_INVALID_DATA,
                   _ ("“%s” must be a list"),
                   pairs_name);
      return FALSE;
    }
  for (guint i = 0; pairs != NULL && i < json_array_get_length (json_node_get_array (pairs)); i++)
    if (!add_pair (section,
                   json_array_get_element (json_node_get_array (pairs), i),
                   pairs_name,
                   concepts,
                   first,
                   last,
                   error))
      return FALSE;
  return TRUE;
}

static gboolean
load_list_data (ReframeCrisisCheck *self,
                JsonObject         *root,
                GError            **error)
{
  JsonNode *version = root ? json_object_get_member (root, "version") : NULL;

  if (version == NULL || !JSON_NODE_HOLDS_VALUE (version) ||
      json_node_get_value_type (version) != G_TYPE_INT64 || json_node_get_int (version) < 1)
    {
      g_set_error (error,
                   REFRAME_CRISIS_ERROR,
                   REFRAME_CRISIS_ERROR_INVALID_DATA,
                   _ ("“version” must be a whole number from 1 up"));
      return FALSE;
    }
  self->version = MAX (self->version, (guint) MIN (json_node_get_int (version), G_MAXUINT));
  return load_section (self,
                       &self->message,
                       root,
                       "message",
                       REFRAME_CRISIS_CATEGORY_SUICIDE,
                       REFRAME_CRISIS_CATEGORY_EATING_DISORDER,
                       error) &&
         load_section (self,
                       &self->reply,
                       root,
                       "reply",
                       REFRAME_CRISIS_CATEGORY_METHOD_DETAILS,
                       REFRAME_CRISIS_CATEGORY_DIAGNOSIS,
                       error);
}

/* Loads a phrase list, or a classifier: a packed table, or weights (a file with
 * "features"). */
static gboolean
load_file (ReframeCrisisCheck *self,
           GBytes             *data,
           const char         *name,
           GError            **error)
{
  g_autoptr (JsonParser) parser = NULL;
  g_autoptr (GError) local_error = NULL;
  JsonNode   *root = NULL;
  JsonObject *object = NULL;

  if (_reframe_crisis_classifier_is_table (data))
    {
      g_clear_pointer (&self->classifier, _reframe_crisis_classifier_unref);
      self->classifier = _reframe_crisis_classifier_new_from_bytes (data, name, error);
      return self->classifier != NULL;
    }
  parser = json_parser_new ();
  if (json_parser_load_from_data (
          parser, g_bytes_get_data (data, NULL), g_bytes_get_size (data), &local_error))
    {
      root = json_parser_get_root (parser);
      object = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
    }
  if (object != NULL && json_object_has_member (object, "features"))
    {
      g_clear_pointer (&self->classifier, _reframe_crisis_classifier_unref);
      self->classifier = _reframe_crisis_classifier_new_from_bytes (data, name, error);
      return self->classifier != NULL;
    }
  if (local_error == NULL && load_list_data (self, object, &local_error))
    return TRUE;
  g_set_error (error,
               REFRAME_CRISIS_ERROR,
               REFRAME_CRISIS_ERROR_INVALID_DATA,
               _ ("The crisis phrase list “%s” is not valid: %s"),
               name,
               local_error->message);
  return FALSE;
}

/* The person's own phrases are matched word for word, without the list syntax. */
static void
add_extra_phrases (ReframeCrisisCheck *self,
                   const char *const  *extra_phrases)
{
  for (guint i = 0; extra_phrases != NULL && extra_phrases[i] != NULL; i++)
    _reframe_crisis_patterns_add_plain (
        self->message.patterns, extra_phrases[i], REFRAME_CRISIS_CATEGORY_PERSONAL);
}

/* Returns: (transfer full): the shipped model, loaded once for all checks */
static ReframeCrisisClassifier *
dup_shipped_classifier (GError **error)
{
  ReframeCrisisClassifier *classifier = NULL;

  G_LOCK (shipped_classifier);
  if (shipped_classifier == NULL)
    {
      g_autoptr (GBytes) data = _reframe_core_lookup_resource (CLASSIFIER_RESOURCE, error);

      if (data != NULL)
        shipped_classifier =
            _reframe_crisis_classifier_new_from_bytes (data, CLASSIFIER_RESOURCE, error);
    }
  if (shipped_classifier != NULL)
    classifier = _reframe_crisis_classifier_ref (shipped_classifier);
  G_UNLOCK (shipped_classifier);
  return classifier;
}

/* Returns: the category of the highest priority in @now, after the pairs (with the cues
 * of @before, the recent messages or the reply so far; nullable). */
static ReframeCrisisCategory
pick_category (GArray                    *pairs,
               const ReframeCrisisGroups *now,
               const ReframeCrisisGroups *before)
{
  ReframeCrisisGroups found = *now;

  for (guint i = 0; i < pairs->len; i++)
    {
      const Pair *pair = &g_array_index (pairs, Pair, i);
      gboolean    first = _reframe_crisis_groups_has (now, pair->first);
      gboolean    second = _reframe_crisis_groups_has (now, pair->second);

      if ((first && (second || (before && _reframe_crisis_groups_has (before, pair->second)))) ||
          (second && before && _reframe_crisis_groups_has (before, pair->first)))
        _reframe_crisis_groups_add (&found, pair->category);
    }
  for (guint category = REFRAME_CRISIS_CATEGORY_SUICIDE;
       category <= REFRAME_CRISIS_CATEGORY_DIAGNOSIS;
       category++)
    if (_reframe_crisis_groups_has (&found, category))
      return category;
  return REFRAME_CRISIS_CATEGORY_NONE;
}

/* Returns: whether the model finds crisis language in @tokens; @score is set */
static gboolean
classify (ReframeCrisisCheck        *self,
          const ReframeCrisisTokens *tokens,
          double                    *score)
{
  *score = 0;
  if (self->classifier == NULL || tokens->tokens->len == 0)
    return FALSE;
  *score = _reframe_crisis_classifier_score (self->classifier, tokens);
  return *score >= _reframe_crisis_classifier_get_threshold (self->classifier);
}

static void
reframe_crisis_check_finalize (GObject *object)
{
  ReframeCrisisCheck *self = REFRAME_CRISIS_CHECK (object);

  section_clear (&self->message);
  section_clear (&self->reply);
  g_clear_pointer (&self->classifier, _reframe_crisis_classifier_unref);

  G_OBJECT_CLASS (reframe_crisis_check_parent_class)->finalize (object);
}

static void
reframe_crisis_check_class_init (ReframeCrisisCheckClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = reframe_crisis_check_finalize;
}

static void
reframe_crisis_check_init (ReframeCrisisCheck *self)
{
  section_init (&self->message, REFRAME_CRISIS_MAX_GROUPS);
  section_init (&self->reply, MAX_REPLY_GROUPS);
}

/**
 * reframe_crisis_category_get_key:
 * @category: a category
 *
 * Returns: the category's key as the phrase lists write it ("suicide", "diet-advice", …)
 */
const char *
reframe_crisis_category_get_key (ReframeCrisisCategory category)
{
  g_return_val_if_fail (category <= REFRAME_CRISIS_CATEGORY_DIAGNOSIS, NULL);

  return category_keys[category];
}

/**
 * reframe_crisis_check_new:
 * @languages: (nullable): unused: every shipped language is checked, whatever the
 *   locale (a German message on an English desktop is still German). Kept for callers.
 * @extra_phrases: (nullable): the person's own warning phrases (crisis-extra-phrases)
 * @error: return location for an error
 *
 * Loads the phrase lists of all shipped languages (English, German, Spanish, French,
 * Italian, Portuguese) and the classifier, from the core resource.
 *
 * Returns: (transfer full): a check, or %NULL if the shipped data is broken
 */
ReframeCrisisCheck *
reframe_crisis_check_new (const char *const *languages,
                          const char *const *extra_phrases,
                          GError           **error)
{
  g_autoptr (ReframeCrisisCheck) self = g_object_new (REFRAME_TYPE_CRISIS_CHECK, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (shipped_languages); i++)
    {
      g_autofree char *name = g_strdup_printf ("crisis/phrases-%s.json", shipped_languages[i]);
      g_autoptr (GBytes) data = _reframe_core_lookup_resource (name, error);

      if (data == NULL || !load_file (self, data, name, error))
        return NULL;
    }
  if ((self->classifier = dup_shipped_classifier (error)) == NULL)
    return NULL;
  add_extra_phrases (self, extra_phrases);
  return g_steal_pointer (&self);
}

/**
 * reframe_crisis_check_new_from_files:
 * @paths: phrase lists in the format of data/crisis/phrases-*.json, or a classifier's
 *   weights (data/crisis/classifier.json, or the table packed from it at build time)
 * @extra_phrases: (nullable): the person's own warning phrases
 * @error: return location for an error
 *
 * Like reframe_crisis_check_new(), with only the lists and model of @paths (tests,
 * lists being edited).
 *
 * Returns: (transfer full): a check, or %NULL with an error naming the broken file
 */
ReframeCrisisCheck *
reframe_crisis_check_new_from_files (const char *const *paths,
                                     const char *const *extra_phrases,
                                     GError           **error)
{
  g_autoptr (ReframeCrisisCheck) self = g_object_new (REFRAME_TYPE_CRISIS_CHECK, NULL);

  g_return_val_if_fail (paths != NULL, NULL);

  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autoptr (GFile) file = g_file_new_for_path (paths[i]);
      g_autoptr (GBytes) data = g_file_load_bytes (file, NULL, NULL, error);

      if (data == NULL || !load_file (self, data, paths[i], error))
        return NULL;
    }
  add_extra_phrases (self, extra_phrases);
  return g_steal_pointer (&self);
}

/**
 * reframe_crisis_check_get_version:
 * @self: a check
 *
 * Returns: the highest version of the loaded phrase lists
 */
guint
reframe_crisis_check_get_version (ReframeCrisisCheck *self)
{
  g_return_val_if_fail (REFRAME_IS_CRISIS_CHECK (self), 0);

  return self->version;
}

/**
 * reframe_crisis_check_message:
 * @self: a check
 * @text: a message the person wrote, before it is sent anywhere
 * @recent_user_messages: (nullable): the person's previous messages of the conversation,
 *   the last few, for cues that only mean a crisis together (distress + means)
 *
 * Returns: the crisis category found in @text, or %REFRAME_CRISIS_CATEGORY_NONE;
 *   %REFRAME_CRISIS_CATEGORY_SUICIDE when only the classifier found it
 */
ReframeCrisisCategory
reframe_crisis_check_message (ReframeCrisisCheck *self,
                              const char         *text,
                              const char *const  *recent_user_messages)
{
  ReframeCrisisTokens   tokens;
  ReframeCrisisCategory category;
  ReframeCrisisGroups   now, before = { { 0 } };
  double                score;

  g_return_val_if_fail (REFRAME_IS_CRISIS_CHECK (self), REFRAME_CRISIS_CATEGORY_NONE);
  g_return_val_if_fail (text != NULL, REFRAME_CRISIS_CATEGORY_NONE);

  _reframe_crisis_tokens_init (&tokens, text);
  _reframe_crisis_patterns_scan (self->message.patterns, &tokens, &now);
  for (guint i = 0; recent_user_messages != NULL && recent_user_messages[i] != NULL; i++)
    {
      ReframeCrisisGroups earlier;

      section_scan (&self->message, recent_user_messages[i], &earlier);
      for (guint b = 0; b < G_N_ELEMENTS (before.bits); b++)
        before.bits[b] |= earlier.bits[b];
    }
  /* Only the cues of earlier messages count: they were checked when they were sent. */
  before.bits[0] &= ~((G_GUINT64_CONSTANT (1) << FIRST_CUE_GROUP) - 1);
  category = pick_category (self->message.pairs, &now, &before);
  if (category == REFRAME_CRISIS_CATEGORY_NONE && classify (self, &tokens, &score))
    category = REFRAME_CRISIS_CATEGORY_SUICIDE;
  _reframe_crisis_tokens_clear (&tokens);
  return category;
}

/**
 * _reframe_crisis_check_explain:
 * @self: a check
 * @text: a message, checked alone
 * @explanation: (out caller-allocates): what the rules and the classifier each found
 */
void
_reframe_crisis_check_explain (ReframeCrisisCheck       *self,
                               const char               *text,
                               ReframeCrisisExplanation *explanation)
{
  ReframeCrisisTokens tokens;
  ReframeCrisisGroups found;

  _reframe_crisis_tokens_init (&tokens, text);
  _reframe_crisis_patterns_scan (self->message.patterns, &tokens, &found);
  explanation->rules = pick_category (self->message.pairs, &found, NULL);
  explanation->classifier = classify (self, &tokens, &explanation->score);
  _reframe_crisis_tokens_clear (&tokens);
}

/**
 * reframe_crisis_check_reply:
 * @self: a check
 * @text: a model's reply, whole or as far as it has streamed
 *
 * Finds what a reply must never say (ai-safety.md R2, R3): method or means details,
 * diet or weight targets, drug use, medication changes, a diagnosis. The caller shows
 * reframe_crisis_check_get_fallback_reply() and the crisis lines instead.
 *
 * Returns: the category found, or %REFRAME_CRISIS_CATEGORY_NONE
 */
ReframeCrisisCategory
reframe_crisis_check_reply (ReframeCrisisCheck *self,
                            const char         *text)
{
  ReframeCrisisGroups found;

  g_return_val_if_fail (REFRAME_IS_CRISIS_CHECK (self), REFRAME_CRISIS_CATEGORY_NONE);
  g_return_val_if_fail (text != NULL, REFRAME_CRISIS_CATEGORY_NONE);

  section_scan (&self->reply, text, &found);
  return pick_category (self->reply.pairs, &found, NULL);
}

/**
 * reframe_crisis_check_reply_delta_start:
 * @reply: a streaming reply, as far as it has come
 * @checked: the length of @reply, in bytes, before its latest delta
 *
 * Where to check @reply from after a delta: %REFRAME_CRISIS_REPLY_WINDOW bytes before
 * the delta, at the start of a word (a check from inside a word could read "skill" as
 * "kill"). So a delta costs its own length and the window, however long the reply.
 *
 * Returns: an offset into @reply, at most @checked
 */
gsize
reframe_crisis_check_reply_delta_start (const char *reply,
                                        gsize       checked)
{
  gsize start;

  g_return_val_if_fail (reply != NULL, 0);

  if (checked <= REFRAME_CRISIS_REPLY_WINDOW)
    return 0;
  start = checked - REFRAME_CRISIS_REPLY_WINDOW;
  for (gsize i = start; i < checked; i++)
    if (g_ascii_isspace (reply[i]))
      return i + 1;
  /* No space in the window (a script written without them): at a character's start. */
  while (start > 0 && ((guchar) reply[start] & 0xc0) == 0x80)
    start--;
  return start;
}

/**
 * reframe_crisis_check_reply_delta:
 * @self: a check
 * @reply: a streaming reply, as far as it has come
 * @checked: the length of @reply, in bytes, before the text not checked yet (one delta
 *   or several)
 * @found: (inout) (optional): what the reply's checks found so far, 0 before its first
 *   delta; with it, cues far apart that mean something only together are found as
 *   reframe_crisis_check_reply() finds them in the whole reply
 *
 * reframe_crisis_check_reply() on the text after @checked and the window before it
 * (reframe_crisis_check_reply_delta_start()), so the whole reply need not be checked
 * again when it ends.
 *
 * Returns: the category found, or %REFRAME_CRISIS_CATEGORY_NONE
 */
ReframeCrisisCategory
reframe_crisis_check_reply_delta (ReframeCrisisCheck *self,
                                  const char         *reply,
                                  gsize               checked,
                                  guint64            *found)
{
  /* The reply's groups are all in the first word (MAX_REPLY_GROUPS). */
  ReframeCrisisGroups before = { { found != NULL ? *found : 0 } };
  ReframeCrisisGroups now;

  g_return_val_if_fail (REFRAME_IS_CRISIS_CHECK (self), REFRAME_CRISIS_CATEGORY_NONE);
  g_return_val_if_fail (reply != NULL, REFRAME_CRISIS_CATEGORY_NONE);

  section_scan (&self->reply, reply + reframe_crisis_check_reply_delta_start (reply, checked), &now);
  if (found != NULL)
    *found |= now.bits[0];
  return pick_category (self->reply.pairs, &now, &before);
}

/**
 * reframe_crisis_check_get_fallback_reply:
 *
 * Returns: the text shown instead of a reply that reframe_crisis_check_reply() stopped
 */
const char *
reframe_crisis_check_get_fallback_reply (void)
{
  return _ ("I can’t help with that. Things like ways of hurting yourself, diets, drugs, "
            "medication or a diagnosis need a person who can look after you, not an AI. "
            "If things feel hard right now, please use one of the crisis lines Reframe shows, "
            "or talk to your therapist or doctor.");
}
