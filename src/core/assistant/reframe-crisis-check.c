/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-crisis-check.c: the local, deterministic check for crisis language in messages and replies.
 *
 * ai-safety.md R2: every message is checked on this computer before it is sent, with
 * curated phrase lists rather than the model, so the crisis lines show whatever the model
 * does. Text and phrases are folded the same way (case, accents, German digraphs,
 * apostrophes, punctuation) into words, and phrases are matched word by word through an
 * index on the first letters of their first word, so a check costs a few microseconds per
 * word and nothing is compiled per call. Pairs of cue lists (distress + means) catch the
 * indirect cases across the recent messages. The lists favour recall: a false alarm only
 * shows the crisis lines. A check never changes after it is made, so one can be used
 * from several threads at once.
 */

#define G_LOG_DOMAIN "ReframeCrisisCheck"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "reframe-assistant-private.h"
#include "reframe-crisis-check.h"

/* A lone "*" in a phrase skips this many words at most. */
#define MAX_GAP 3

/* Typos are forgiven only in words at least this long, where one edit rarely makes
 * another word. */
#define MIN_FUZZY_LENGTH 5

/* Cue lists of pairs get group numbers from here on; below are the categories. */
#define FIRST_CUE_GROUP 16
#define MAX_GROUPS      64

typedef enum
{
  PART_WORD,
  PART_PREFIX,
  PART_FUZZY,
  PART_NUMBER,
  PART_GAP,
} PartKind;

typedef struct
{
  PartKind kind;
  guint    len;
  char    *word;
} Part;

typedef struct
{
  GArray *parts; /* of Part */
  guint   group;
} Phrase;

typedef struct
{
  guint32  key;
  guint    start;
  guint    len;
  gboolean number;
} Token;

/* A text folded into words: each word is NUL-terminated inside @text. */
typedef struct
{
  GString *text;
  GArray  *tokens; /* of Token */
} Tokens;

typedef struct
{
  ReframeCrisisCategory category;
  guint                 first;
  guint                 second;
} Pair;

typedef struct
{
  GPtrArray  *phrases;   /* of Phrase */
  GHashTable *index;     /* first-word key → GArray of phrase numbers */
  GArray     *unindexed; /* phrase numbers whose first word has no fixed start */
  GArray     *pairs;     /* of Pair */
} PhraseSet;

struct _ReframeCrisisCheck
{
  GObject parent_instance;

  guint version;
  guint next_group;

  /* Owned */
  PhraseSet message;
  PhraseSet reply;
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
                    G_DEFINE_ENUM_VALUE (REFRAME_CRISIS_CATEGORY_EATING_DISORDER, "eating-disorder"),
                    G_DEFINE_ENUM_VALUE (REFRAME_CRISIS_CATEGORY_PERSONAL, "personal"),
                    G_DEFINE_ENUM_VALUE (REFRAME_CRISIS_CATEGORY_METHOD_DETAILS, "method-details"),
                    G_DEFINE_ENUM_VALUE (REFRAME_CRISIS_CATEGORY_DIET_ADVICE, "diet-advice"),
                    G_DEFINE_ENUM_VALUE (REFRAME_CRISIS_CATEGORY_DRUG_ADVICE, "drug-advice"),
                    G_DEFINE_ENUM_VALUE (REFRAME_CRISIS_CATEGORY_MEDICATION_ADVICE, "medication-advice"),
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

static void
part_clear (gpointer data)
{
  Part *part = data;

  g_free (part->word);
}

static void
phrase_free (gpointer data)
{
  Phrase *phrase = data;

  g_array_unref (phrase->parts);
  g_free (phrase);
}

static void
phrase_set_init (PhraseSet *set)
{
  set->phrases = g_ptr_array_new_with_free_func (phrase_free);
  set->index = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);
  set->unindexed = g_array_new (FALSE, FALSE, sizeof (guint));
  set->pairs = g_array_new (FALSE, FALSE, sizeof (Pair));
}

static void
phrase_set_clear (PhraseSet *set)
{
  g_clear_pointer (&set->phrases, g_ptr_array_unref);
  g_clear_pointer (&set->index, g_hash_table_unref);
  g_clear_pointer (&set->unindexed, g_array_unref);
  g_clear_pointer (&set->pairs, g_array_unref);
}

static inline guint64
group_bit (guint group)
{
  return G_GUINT64_CONSTANT (1) << group;
}

/* The index key of a word: its first three bytes and how many there are. */
static guint32
word_key (const char *word,
          guint       len)
{
  guint   n = MIN (len, 3);
  guint32 key = n << 24;

  for (guint i = 0; i < n; i++)
    key |= (guint32) (guchar) word[i] << (8 * i);
  return key;
}

static gboolean
is_apostrophe (gunichar c)
{
  return c == '\'' || c == '`' || c == 0x2018 || c == 0x2019 || c == 0x02BC || c == 0x00B4;
}

static void
tokens_end_word (Tokens  *tokens,
                 guint    start,
                 gboolean number)
{
  Token token = { 0 };

  if (tokens->text->len == start)
    return;
  token.start = start;
  token.len = tokens->text->len - start;
  token.number = number;
  token.key = word_key (tokens->text->str + start, token.len);
  g_array_append_val (tokens->tokens, token);
  g_string_append_c (tokens->text, '\0');
}

/* Folds @text into words: case-folded, accents and apostrophes dropped ("Don’t" is
 * "dont"), German ä/ae, ö/oe, ü/ue made one, every other mark a word break, and digits
 * apart from letters ("25m" is "25 m"). Phrases go through the same folding. */
static void
tokens_init (Tokens     *tokens,
             const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  g_autofree char *folded = g_utf8_casefold (valid, -1);
  g_autofree char *decomposed = g_utf8_normalize (folded, -1, G_NORMALIZE_NFKD);
  gboolean         number = FALSE;
  guint            start = 0;
  gunichar         prev = 0;

  tokens->text = g_string_sized_new (strlen (decomposed) + 1);
  tokens->tokens = g_array_sized_new (FALSE, FALSE, sizeof (Token), 64);
  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gboolean digit;

      if (g_unichar_ismark (c) || is_apostrophe (c))
        continue;
      if (!g_unichar_isalnum (c))
        {
          tokens_end_word (tokens, start, number);
          start = tokens->text->len;
          prev = 0;
          continue;
        }
      digit = g_unichar_isdigit (c);
      if (tokens->text->len > start && digit != number)
        {
          tokens_end_word (tokens, start, number);
          start = tokens->text->len;
          prev = 0;
        }
      number = digit;
      if (c == 'e' && (prev == 'a' || prev == 'o' || prev == 'u'))
        {
          prev = 0;
          continue;
        }
      g_string_append_unichar (tokens->text, c);
      prev = c;
    }
  tokens_end_word (tokens, start, number);
}

static void
tokens_clear (Tokens *tokens)
{
  g_string_free (tokens->text, TRUE);
  g_array_unref (tokens->tokens);
}

/* Returns: whether @a and @b differ by at most one insertion, deletion, substitution
 * or swap of neighbours (bytes, which is enough for the Latin words this is used on). */
static gboolean
within_one_edit (const char *a,
                 guint       alen,
                 const char *b,
                 guint       blen)
{
  guint i = 0;

  if (alen > blen + 1 || blen > alen + 1)
    return FALSE;
  while (i < alen && i < blen && a[i] == b[i])
    i++;
  if (i == alen && i == blen)
    return TRUE;
  if (alen == blen)
    return memcmp (a + i + 1, b + i + 1, alen - i - 1) == 0 ||
           (i + 1 < alen && a[i] == b[i + 1] && a[i + 1] == b[i] && memcmp (a + i + 2, b + i + 2, alen - i - 2) == 0);
  if (alen == blen + 1)
    return memcmp (a + i + 1, b + i, blen - i) == 0;
  return memcmp (a + i, b + i + 1, alen - i) == 0;
}

static gboolean
part_matches (const Part   *part,
              const Tokens *tokens,
              const Token  *token)
{
  const char *word = tokens->text->str + token->start;

  switch (part->kind)
    {
    case PART_WORD:
      return token->len == part->len && memcmp (word, part->word, part->len) == 0;
    case PART_PREFIX:
      return token->len >= part->len && memcmp (word, part->word, part->len) == 0;
    case PART_FUZZY:
      if (token->len == part->len && memcmp (word, part->word, part->len) == 0)
        return TRUE;
      return token->len >= MIN_FUZZY_LENGTH - 1 && within_one_edit (word, token->len, part->word, part->len);
    case PART_NUMBER:
      return token->number;
    case PART_GAP:
    default:
      g_assert_not_reached ();
    }
  return FALSE;
}

static gboolean
phrase_matches_at (const Phrase *phrase,
                   guint         part_index,
                   const Tokens *tokens,
                   guint         position)
{
  const Part *part;

  if (part_index == phrase->parts->len)
    return TRUE;
  part = &g_array_index (phrase->parts, Part, part_index);
  if (part->kind == PART_GAP)
    {
      for (guint skip = 0; skip <= MAX_GAP && position + skip <= tokens->tokens->len; skip++)
        if (phrase_matches_at (phrase, part_index + 1, tokens, position + skip))
          return TRUE;
      return FALSE;
    }
  if (position >= tokens->tokens->len ||
      !part_matches (part, tokens, &g_array_index (tokens->tokens, Token, position)))
    return FALSE;
  return phrase_matches_at (phrase, part_index + 1, tokens, position + 1);
}

static void
scan_candidates (const PhraseSet *set,
                 GArray          *candidates,
                 const Tokens    *tokens,
                 guint            position,
                 guint64         *found)
{
  for (guint i = 0; candidates != NULL && i < candidates->len; i++)
    {
      const Phrase *phrase = g_ptr_array_index (set->phrases, g_array_index (candidates, guint, i));

      if ((*found & group_bit (phrase->group)) == 0 && phrase_matches_at (phrase, 0, tokens, position))
        *found |= group_bit (phrase->group);
    }
}

/* Returns: the groups (categories and cue lists) with a phrase in @text. */
static guint64
phrase_set_scan (const PhraseSet *set,
                 const char      *text)
{
  Tokens  tokens;
  guint64 found = 0;

  if (text == NULL || *text == '\0')
    return 0;
  tokens_init (&tokens, text);
  for (guint i = 0; i < tokens.tokens->len; i++)
    {
      const Token *token = &g_array_index (tokens.tokens, Token, i);

      scan_candidates (set, g_hash_table_lookup (set->index, GUINT_TO_POINTER (token->key)), &tokens, i, &found);
      scan_candidates (set, set->unindexed, &tokens, i, &found);
    }
  tokens_clear (&tokens);
  return found;
}

static void
phrase_set_add (PhraseSet *set,
                Phrase    *phrase)
{
  const Part *first = &g_array_index (phrase->parts, Part, 0);
  guint       number = set->phrases->len;
  GArray     *list;

  g_ptr_array_add (set->phrases, phrase);
  if (first->kind != PART_WORD && first->kind != PART_PREFIX)
    {
      g_array_append_val (set->unindexed, number);
      return;
    }
  list = g_hash_table_lookup (set->index, GUINT_TO_POINTER (word_key (first->word, first->len)));
  if (list == NULL)
    {
      list = g_array_new (FALSE, FALSE, sizeof (guint));
      g_hash_table_insert (set->index, GUINT_TO_POINTER (word_key (first->word, first->len)), list);
    }
  g_array_append_val (list, number);
}

static void
append_part (GArray     *parts,
             PartKind    kind,
             const char *word,
             guint       len)
{
  Part part = { kind, len, g_strndup (word, len) };

  g_array_append_val (parts, part);
}

/* Adds the folded words of @word; the last one gets @last_kind. */
static guint
append_words (GArray     *parts,
              const char *word,
              PartKind    last_kind)
{
  Tokens tokens;
  guint  n;

  tokens_init (&tokens, word);
  n = tokens.tokens->len;
  for (guint i = 0; i < n; i++)
    {
      const Token *token = &g_array_index (tokens.tokens, Token, i);

      append_part (parts, i + 1 == n ? last_kind : PART_WORD, tokens.text->str + token->start, token->len);
    }
  tokens_clear (&tokens);
  return n;
}

static gboolean
check_phrase_shape (GArray     *parts,
                    const char *text,
                    GError    **error)
{
  const Part *first = &g_array_index (parts, Part, 0);
  const Part *last = &g_array_index (parts, Part, parts->len - 1);

  if (first->kind == PART_GAP || last->kind == PART_GAP)
    {
      g_set_error (error, REFRAME_CRISIS_ERROR, REFRAME_CRISIS_ERROR_INVALID_DATA, _ ("the phrase “%s” starts or ends with a gap (*)"), text);
      return FALSE;
    }
  if (first->kind == PART_PREFIX && first->len < 3)
    {
      g_set_error (error, REFRAME_CRISIS_ERROR, REFRAME_CRISIS_ERROR_INVALID_DATA, _ ("the phrase “%s” starts with a word stem shorter than three letters"), text);
      return FALSE;
    }
  return TRUE;
}

/* Parses the phrase syntax of the lists: words, word* (stem), word~ (one typo),
 * # (a number) and a lone * (a gap of up to MAX_GAP words). */
static Phrase *
parse_phrase (const char *text,
              guint       group,
              GError    **error)
{
  g_auto (GStrv) words = g_strsplit_set (text, " \t\n", -1);
  g_autoptr (GArray) parts = g_array_new (FALSE, FALSE, sizeof (Part));
  Phrase *phrase;

  g_array_set_clear_func (parts, part_clear);
  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *word = g_strdup (words[i]);
      gsize            len = strlen (word);
      PartKind         kind = PART_WORD;

      if (len == 0)
        continue;
      if (g_str_equal (word, "*") || g_str_equal (word, "#"))
        {
          append_part (parts, word[0] == '*' ? PART_GAP : PART_NUMBER, "", 0);
          continue;
        }
      if (word[len - 1] == '*' || word[len - 1] == '~')
        {
          kind = word[len - 1] == '*' ? PART_PREFIX : PART_FUZZY;
          word[len - 1] = '\0';
        }
      if (append_words (parts, word, kind) == 0)
        {
          g_set_error (error, REFRAME_CRISIS_ERROR, REFRAME_CRISIS_ERROR_INVALID_DATA, _ ("the phrase “%s” has a word without letters or digits"), text);
          return NULL;
        }
    }
  if (parts->len == 0)
    {
      g_set_error (error, REFRAME_CRISIS_ERROR, REFRAME_CRISIS_ERROR_INVALID_DATA, _ ("a phrase is empty"));
      return NULL;
    }
  if (!check_phrase_shape (parts, text, error))
    return NULL;
  phrase = g_new0 (Phrase, 1);
  phrase->parts = g_steal_pointer (&parts);
  phrase->group = group;
  return phrase;
}

static gboolean
add_phrase_array (PhraseSet  *set,
                  JsonNode   *node,
                  const char *member,
                  guint       group,
                  GError    **error)
{
  JsonArray *array = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

  if (array == NULL || json_array_get_length (array) == 0)
    {
      g_set_error (error, REFRAME_CRISIS_ERROR, REFRAME_CRISIS_ERROR_INVALID_DATA, _ ("“%s” must be a list of phrases"), member);
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      Phrase   *phrase;

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        {
          g_set_error (error, REFRAME_CRISIS_ERROR, REFRAME_CRISIS_ERROR_INVALID_DATA, _ ("item %u of “%s” is not text"), i + 1, member);
          return FALSE;
        }
      if ((phrase = parse_phrase (json_node_get_string (element), group, error)) == NULL)
        return FALSE;
      phrase_set_add (set, phrase);
    }
  return TRUE;
}

/* json-glib warns when a member has another type than asked for; bad data must not. */
static const char *
get_string_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonObject *
get_root_object (JsonParser *parser)
{
  JsonNode *root = json_parser_get_root (parser);

  return root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
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
add_pair (ReframeCrisisCheck   *self,
          PhraseSet            *set,
          JsonNode             *node,
          const char           *section,
          ReframeCrisisCategory first,
          ReframeCrisisCategory last,
          GError              **error)
{
  JsonObject      *object = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  const char      *key = get_string_member (object, "category");
  g_autofree char *where = g_strdup_printf ("%s.pairs", section);
  Pair             pair = { parse_category (key, first, last), 0, 0 };

  if (pair.category == REFRAME_CRISIS_CATEGORY_NONE)
    {
      g_set_error (error, REFRAME_CRISIS_ERROR, REFRAME_CRISIS_ERROR_INVALID_DATA, _ ("a pair in “%s” has no known category"), where);
      return FALSE;
    }
  if (self->next_group + 2 > MAX_GROUPS)
    {
      g_set_error (error, REFRAME_CRISIS_ERROR, REFRAME_CRISIS_ERROR_INVALID_DATA, _ ("there are too many pairs"));
      return FALSE;
    }
  pair.first = self->next_group++;
  pair.second = self->next_group++;
  if (!add_phrase_array (set, json_object_get_member (object, "first"), "first", pair.first, error) ||
      !add_phrase_array (set, json_object_get_member (object, "second"), "second", pair.second, error))
    return FALSE;
  g_array_append_val (set->pairs, pair);
  return TRUE;
}

static gboolean
add_phrases (PhraseSet            *set,
             JsonObject           *phrases,
             const char           *section,
             ReframeCrisisCategory first,
             ReframeCrisisCategory last,
             GError              **error)
{
  g_autoptr (GList) members = json_object_get_members (phrases);

  for (GList *l = members; l != NULL; l = l->next)
    {
      ReframeCrisisCategory category = parse_category (l->data, first, last);
      g_autofree char      *where = g_strdup_printf ("%s.phrases.%s", section, (const char *) l->data);

      if (category == REFRAME_CRISIS_CATEGORY_NONE)
        {
          g_set_error (error, REFRAME_CRISIS_ERROR, REFRAME_CRISIS_ERROR_INVALID_DATA, _ ("“%s” is not a category"), where);
          return FALSE;
        }
      if (!add_phrase_array (set, json_object_get_member (phrases, l->data), where, category, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
load_section (ReframeCrisisCheck   *self,
              PhraseSet            *set,
              JsonObject           *root,
              const char           *section,
              ReframeCrisisCategory first,
              ReframeCrisisCategory last,
              GError              **error)
{
  JsonNode   *node = json_object_get_member (root, section);
  JsonObject *object = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonNode   *phrases = object ? json_object_get_member (object, "phrases") : NULL;
  JsonNode   *pairs = object ? json_object_get_member (object, "pairs") : NULL;

  if (phrases == NULL || !JSON_NODE_HOLDS_OBJECT (phrases))
    {
      g_set_error (error, REFRAME_CRISIS_ERROR, REFRAME_CRISIS_ERROR_INVALID_DATA, _ ("“%s.phrases” is missing"), section);
      return FALSE;
    }
  if (!add_phrases (set, json_node_get_object (phrases), section, first, last, error))
    return FALSE;
  if (pairs != NULL && !JSON_NODE_HOLDS_ARRAY (pairs))
    {
      g_set_error (error, REFRAME_CRISIS_ERROR, REFRAME_CRISIS_ERROR_INVALID_DATA, _ ("“%s.pairs” must be a list"), section);
      return FALSE;
    }
  for (guint i = 0; pairs != NULL && i < json_array_get_length (json_node_get_array (pairs)); i++)
    if (!add_pair (self, set, json_array_get_element (json_node_get_array (pairs), i), section, first, last, error))
      return FALSE;
  return TRUE;
}

static gboolean
load_list_data (ReframeCrisisCheck *self,
                GBytes             *data,
                GError            **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonNode   *version;

  if (!json_parser_load_from_data (parser, g_bytes_get_data (data, NULL), g_bytes_get_size (data), error))
    return FALSE;
  root = get_root_object (parser);
  version = root ? json_object_get_member (root, "version") : NULL;
  if (version == NULL || !JSON_NODE_HOLDS_VALUE (version) || json_node_get_value_type (version) != G_TYPE_INT64 ||
      json_node_get_int (version) < 1)
    {
      g_set_error (error, REFRAME_CRISIS_ERROR, REFRAME_CRISIS_ERROR_INVALID_DATA, _ ("“version” must be a whole number from 1 up"));
      return FALSE;
    }
  self->version = MAX (self->version, (guint) MIN (json_node_get_int (version), G_MAXUINT));
  return load_section (self, &self->message, root, "message", REFRAME_CRISIS_CATEGORY_SUICIDE, REFRAME_CRISIS_CATEGORY_EATING_DISORDER, error) &&
         load_section (self, &self->reply, root, "reply", REFRAME_CRISIS_CATEGORY_METHOD_DETAILS, REFRAME_CRISIS_CATEGORY_DIAGNOSIS, error);
}

static gboolean
load_list (ReframeCrisisCheck *self,
           GBytes             *data,
           const char         *name,
           GError            **error)
{
  g_autoptr (GError) local_error = NULL;

  if (load_list_data (self, data, &local_error))
    return TRUE;
  g_set_error (error, REFRAME_CRISIS_ERROR, REFRAME_CRISIS_ERROR_INVALID_DATA, _ ("The crisis phrase list “%s” is not valid: %s"), name, local_error->message);
  return FALSE;
}

/* The person's own phrases are matched word for word, without the list syntax. */
static void
add_extra_phrases (ReframeCrisisCheck *self,
                   const char *const  *extra_phrases)
{
  for (guint i = 0; extra_phrases != NULL && extra_phrases[i] != NULL; i++)
    {
      g_autoptr (GArray) parts = g_array_new (FALSE, FALSE, sizeof (Part));
      Phrase *phrase;

      g_array_set_clear_func (parts, part_clear);
      if (append_words (parts, extra_phrases[i], PART_WORD) == 0)
        continue;
      phrase = g_new0 (Phrase, 1);
      phrase->parts = g_steal_pointer (&parts);
      phrase->group = REFRAME_CRISIS_CATEGORY_PERSONAL;
      phrase_set_add (&self->message, phrase);
    }
}

/* Returns: (transfer full): "en", "de", … for the locale names, always with "en". */
static GPtrArray *
dup_language_codes (const char *const *languages)
{
  GPtrArray *codes = g_ptr_array_new_with_free_func (g_free);

  if (languages == NULL)
    languages = g_get_language_names ();
  for (guint i = 0; languages[i] != NULL; i++)
    {
      g_autofree char *code = g_ascii_strdown (languages[i], strcspn (languages[i], "_.@"));

      if (*code != '\0' && !g_str_equal (code, "c") && !g_str_equal (code, "posix") &&
          !g_ptr_array_find_with_equal_func (codes, code, g_str_equal, NULL))
        g_ptr_array_add (codes, g_steal_pointer (&code));
    }
  if (!g_ptr_array_find_with_equal_func (codes, "en", g_str_equal, NULL))
    g_ptr_array_add (codes, g_strdup ("en"));
  return codes;
}

/* Returns: the category of the highest priority in @found, after the pairs. */
static ReframeCrisisCategory
pick_category (GArray *pairs,
               guint64 now,
               guint64 before)
{
  guint64 all = now | before;

  for (guint i = 0; i < pairs->len; i++)
    {
      const Pair *pair = &g_array_index (pairs, Pair, i);
      guint64     first = group_bit (pair->first), second = group_bit (pair->second);

      if (((now & first) && (all & second)) || ((now & second) && (all & first)))
        now |= group_bit (pair->category);
    }
  for (guint category = REFRAME_CRISIS_CATEGORY_SUICIDE; category <= REFRAME_CRISIS_CATEGORY_DIAGNOSIS; category++)
    if (now & group_bit (category))
      return category;
  return REFRAME_CRISIS_CATEGORY_NONE;
}

static void
reframe_crisis_check_finalize (GObject *object)
{
  ReframeCrisisCheck *self = REFRAME_CRISIS_CHECK (object);

  phrase_set_clear (&self->message);
  phrase_set_clear (&self->reply);

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
  self->next_group = FIRST_CUE_GROUP;
  phrase_set_init (&self->message);
  phrase_set_init (&self->reply);
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
 * @languages: (nullable): locale or language names ("de_DE.UTF-8", "de"); %NULL for
 *   g_get_language_names(). English is always included.
 * @extra_phrases: (nullable): the person's own warning phrases (crisis-extra-phrases)
 * @error: return location for an error
 *
 * Loads the shipped phrase lists of the languages that have one, from the core resource.
 *
 * Returns: (transfer full): a check, or %NULL if a shipped list is broken
 */
ReframeCrisisCheck *
reframe_crisis_check_new (const char *const *languages,
                          const char *const *extra_phrases,
                          GError           **error)
{
  g_autoptr (ReframeCrisisCheck) self = g_object_new (REFRAME_TYPE_CRISIS_CHECK, NULL);
  g_autoptr (GPtrArray) codes = dup_language_codes (languages);

  for (guint i = 0; i < codes->len; i++)
    {
      g_autofree char *name = g_strdup_printf ("crisis/phrases-%s.json", (const char *) g_ptr_array_index (codes, i));
      g_autoptr (GBytes) data = _reframe_core_lookup_resource (name, NULL);

      if (data != NULL && !load_list (self, data, name, error))
        return NULL;
    }
  add_extra_phrases (self, extra_phrases);
  return g_steal_pointer (&self);
}

/**
 * reframe_crisis_check_new_from_files:
 * @paths: phrase lists in the format of data/crisis/phrases-*.json
 * @extra_phrases: (nullable): the person's own warning phrases
 * @error: return location for an error
 *
 * Like reframe_crisis_check_new(), with lists from files (tests, lists being edited).
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

      if (data == NULL || !load_list (self, data, paths[i], error))
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
 * Returns: the crisis category found in @text, or %REFRAME_CRISIS_CATEGORY_NONE
 */
ReframeCrisisCategory
reframe_crisis_check_message (ReframeCrisisCheck *self,
                              const char         *text,
                              const char *const  *recent_user_messages)
{
  guint64 now, before = 0;

  g_return_val_if_fail (REFRAME_IS_CRISIS_CHECK (self), REFRAME_CRISIS_CATEGORY_NONE);
  g_return_val_if_fail (text != NULL, REFRAME_CRISIS_CATEGORY_NONE);

  now = phrase_set_scan (&self->message, text);
  for (guint i = 0; recent_user_messages != NULL && recent_user_messages[i] != NULL; i++)
    before |= phrase_set_scan (&self->message, recent_user_messages[i]);
  /* Only the cues of earlier messages count: they were checked when they were sent. */
  before &= ~(group_bit (FIRST_CUE_GROUP) - 1);
  return pick_category (self->message.pairs, now, before);
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
  g_return_val_if_fail (REFRAME_IS_CRISIS_CHECK (self), REFRAME_CRISIS_CATEGORY_NONE);
  g_return_val_if_fail (text != NULL, REFRAME_CRISIS_CATEGORY_NONE);

  return pick_category (self->reply.pairs, phrase_set_scan (&self->reply, text), 0);
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
 * @checked: the length of @reply, in bytes, before its latest delta
 *
 * reframe_crisis_check_reply() on the latest delta and the window before it
 * (reframe_crisis_check_reply_delta_start()). Check the whole reply once more when it
 * ends: cues far apart that mean something only together are found there.
 *
 * Returns: the category found, or %REFRAME_CRISIS_CATEGORY_NONE
 */
ReframeCrisisCategory
reframe_crisis_check_reply_delta (ReframeCrisisCheck *self,
                                  const char         *reply,
                                  gsize               checked)
{
  g_return_val_if_fail (REFRAME_IS_CRISIS_CHECK (self), REFRAME_CRISIS_CATEGORY_NONE);
  g_return_val_if_fail (reply != NULL, REFRAME_CRISIS_CATEGORY_NONE);

  return reframe_crisis_check_reply (self, reply + reframe_crisis_check_reply_delta_start (reply, checked));
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
