/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-crisis-check-patterns.c: concepts, masks and rules over folded words, for the crisis
 * check.
 *
 * A fixed list of phrases misses what people write at 2 a.m.: "i honestly just want it
 * all to stop", "me quiero morir ya", "j'ai envie d'en finir". So a list names concepts
 * (what each language says for "want", "die", "not wake up", "a burden", …) and rules
 * over them ("@want *2 @die": a want, at most two words, then a death), and the rules are
 * matched within a sentence. Masks cover what only looks alarming ("dying to see it",
 * "me muero de risa"): no rule may use a word a mask covers.
 *
 * A text is scanned three times, each through an index on the first letters of the
 * first word (or the concept) a pattern starts with: concepts, recording where each
 * occurs and how many words it takes; masks, marking words; then rules. So a check costs
 * a few lookups per word, whatever the number of languages and phrases.
 *
 * Syntax of a pattern (words are folded like the text): word; word* (any word starting
 * so); word~ (also with one typo, for words of five letters and more); a|b|c (any of
 * these words in one place); (a b|c d e) (any of these phrases, written out as one
 * pattern each; with a ? after it, or none); # (a number); * or *N (up to 3, or N, words
 * of anything; N of one or two digits); $ (the end of the sentence); @name (a concept of
 * the same list; not inside concepts). A word with ä, ö or ü also matches it written ae,
 * oe, ue.
 */

#define G_LOG_DOMAIN "ReframeCrisisCheck"

#include "config.h"

#include "reframe-i18n.h"
#include <string.h>

#include "reframe-crisis-check-private.h"

/* A lone "*" skips this many words at most. */
#define DEFAULT_GAP 3

/* Typos are forgiven only in words at least this long, where one edit rarely makes
 * another word. */
#define MIN_FUZZY_LENGTH 5

typedef enum
{
  WORD_EXACT,
  WORD_PREFIX,
  WORD_FUZZY,
} WordKind;

/* The patterns are flat: arrays of patterns, parts and words and a pool of the words'
 * bytes, each indexing into the next. The lists expand to some 26,000 patterns of
 * 144,000 parts, of which only 7,000 differ ("(i|we) (want|wish) to die" gives four
 * patterns with the same "to" and "die"); as a GArray of parts per pattern, a GArray of
 * words per part and a string per word they took 1.5 million allocations and 11.7 MB.
 * So a part is stored once and a pattern lists the numbers of its parts. */
typedef struct
{
  guint32 offset; /* of its text in the pool */
  guint32 len : 30;
  guint32 kind : 2; /* a WordKind */
} Word;

typedef enum
{
  PART_WORDS,
  PART_NUMBER,
  PART_GAP,
  PART_END,
  PART_CONCEPT,
} PartKind;

typedef struct
{
  PartKind kind;
  guint    n;          /* a gap's most words, a concept's number */
  guint    first_word; /* the alternatives of PART_WORDS, in @words */
  guint    n_words;
} Part;

typedef struct
{
  guint first_part; /* its first in @part_refs */
  guint n_parts;
  guint group;
  guint anchor; /* a part after the first that a text must have somewhere, by number + 1;
                 * 0: none (see choose_anchor()) */
} Pattern;

/* A pattern in an index's list, with its anchor: a list is walked at every word that
 * may start its patterns, and most are passed by their anchor alone, without loading
 * the pattern. */
typedef struct
{
  guint32 pattern;
  guint32 anchor; /* as Pattern's */
} Entry;

typedef struct
{
  guint       n_patterns;
  GHashTable *by_word;   /* first word's key → GArray of Entry */
  GHashTable *by_letter; /* first letter of a first word with typos → GArray */
  GHashTable *by_concept;
  GArray     *by_number; /* patterns that start with a number: tried at numbers only */
} Index;

struct _ReframeCrisisPatterns
{
  guint n_concepts;

  /* Owned: the patterns of the three indexes, their parts, their words, the words' bytes */
  GArray *patterns;  /* of Pattern */
  GArray *part_refs; /* the parts of each pattern, by number: guint16, or guint32 when
                      * @wide_refs (more parts than a guint16 numbers) */
  gboolean wide_refs;
  GArray  *parts; /* of Part, each once */
  GArray  *words; /* of Word */
  GString *pool;

  /* Owned: an open-addressing set of the parts (number + 1; 0 is empty), by content */
  guint32 *part_set;
  guint32  part_set_mask;

  Index concepts;
  Index masks;
  Index rules;
};

typedef struct
{
  guint concept;
  guint len;
} Occurrence;

/* One text being scanned. */
typedef struct
{
  const ReframeCrisisPatterns *patterns;
  const ReframeCrisisTokens   *tokens;
  guint                        n;
  guint                       *sentence;  /* per word: which sentence */
  guint8                      *masked;    /* per word */
  GArray                      *occurring; /* of Occurrence, by the word they start at */
  guint                       *first;     /* per word and one more: its first in @occurring */
  guint32                     *keys;      /* an open-addressing set of the words' keys */
  guint32                      keys_mask;
  guint8                      *present; /* per concept: occurs in the text */
  guint8                      *anchors; /* per part: 0 not known yet, 1 in the text, 2 not */
} Scan;

static inline const Part *
get_part (const ReframeCrisisPatterns *self,
          guint                        number)
{
  return &g_array_index (self->parts, Part, number);
}

static inline guint
get_part_ref (const ReframeCrisisPatterns *self,
              guint                        ref)
{
  return self->wide_refs ? g_array_index (self->part_refs, guint32, ref)
                         : g_array_index (self->part_refs, guint16, ref);
}

static inline const Part *
get_pattern_part (const ReframeCrisisPatterns *self,
                  const Pattern               *pattern,
                  guint                        index)
{
  return get_part (self, get_part_ref (self, pattern->first_part + index));
}

static inline const Word *
get_word (const ReframeCrisisPatterns *self,
          guint                        number)
{
  return &g_array_index (self->words, Word, number);
}

static inline const char *
get_text (const ReframeCrisisPatterns *self,
          const Word                  *word)
{
  return self->pool->str + word->offset;
}

static void
index_init (Index *index)
{
  index->by_word = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);
  index->by_letter = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);
  index->by_concept = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);
  index->by_number = g_array_new (FALSE, FALSE, sizeof (Entry));
}

static void
index_clear (Index *index)
{
  g_clear_pointer (&index->by_word, g_hash_table_unref);
  g_clear_pointer (&index->by_letter, g_hash_table_unref);
  g_clear_pointer (&index->by_concept, g_hash_table_unref);
  g_clear_pointer (&index->by_number, g_array_unref);
}

static void
index_put (GHashTable    *table,
           guint32        key,
           guint          number,
           const Pattern *pattern)
{
  GArray *list = g_hash_table_lookup (table, GUINT_TO_POINTER (key));
  Entry   entry = { number, pattern->anchor };

  if (list == NULL)
    {
      list = g_array_new (FALSE, FALSE, sizeof (Entry));
      g_hash_table_insert (table, GUINT_TO_POINTER (key), list);
    }
  /* Alternatives with one key list a pattern once. */
  if (list->len == 0 || g_array_index (list, Entry, list->len - 1).pattern != number)
    g_array_append_val (list, entry);
}

/* Whether a text that has @part somewhere can be told by its words' keys alone: not with a
 * word that may have a typo (its first letters may be the typo), nor a stem shorter than
 * a key. */
static gboolean
part_has_keys (const ReframeCrisisPatterns *self,
               const Part                  *part)
{
  for (guint i = 0; i < part->n_words; i++)
    {
      const Word *word = get_word (self, part->first_word + i);

      if (word->kind == WORD_FUZZY || (word->kind == WORD_PREFIX && word->len < 3))
        return FALSE;
    }
  return TRUE;
}

/* The part after the first that a text must have for @pattern to match: a concept, or
 * words of the fewest alternatives. A pattern whose anchor is nowhere in a text is not
 * tried at any of its words: most patterns of a long everyday text stop there, once per
 * text instead of once per word. */
static guint
choose_anchor (const ReframeCrisisPatterns *self,
               const Pattern               *pattern)
{
  guint anchor = 0, fewest = G_MAXUINT;

  for (guint i = 1; i < pattern->n_parts; i++)
    {
      guint       number = get_part_ref (self, pattern->first_part + i);
      const Part *part = get_part (self, number);
      guint       cost = part->kind == PART_CONCEPT ? 1 : part->n_words + 1;

      if ((part->kind == PART_CONCEPT || (part->kind == PART_WORDS && part_has_keys (self, part))) &&
          cost < fewest)
        {
          anchor = number + 1;
          fewest = cost;
        }
    }
  return anchor;
}

static void
index_add (ReframeCrisisPatterns *self,
           Index                 *index,
           Pattern               *pattern)
{
  const Part *first = get_pattern_part (self, pattern, 0);
  guint       number = self->patterns->len;

  pattern->anchor = choose_anchor (self, pattern);
  g_array_append_val (self->patterns, *pattern);
  index->n_patterns++;
  if (first->kind == PART_CONCEPT)
    {
      index_put (index->by_concept, first->n, number, pattern);
      return;
    }
  if (first->kind == PART_NUMBER)
    {
      Entry entry = { number, pattern->anchor };

      g_array_append_val (index->by_number, entry);
      return;
    }
  g_assert (first->kind == PART_WORDS);
  for (guint i = 0; i < first->n_words; i++)
    {
      const Word *word = get_word (self, first->first_word + i);
      const char *text = get_text (self, word);

      index_put (index->by_word, _reframe_crisis_word_key (text, word->len), number, pattern);
      if (word->kind == WORD_FUZZY)
        index_put (index->by_letter, (guchar) text[0], number, pattern);
    }
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
           (i + 1 < alen && a[i] == b[i + 1] && a[i + 1] == b[i] &&
            memcmp (a + i + 2, b + i + 2, alen - i - 2) == 0);
  if (alen == blen + 1)
    return memcmp (a + i + 1, b + i, blen - i) == 0;
  return memcmp (a + i, b + i + 1, alen - i) == 0;
}

static gboolean
word_matches (const Word               *word,
              const char               *word_text,
              const char               *text,
              const ReframeCrisisToken *token)
{
  switch (word->kind)
    {
    case WORD_EXACT:
      return token->len == word->len && memcmp (text, word_text, word->len) == 0;
    case WORD_PREFIX:
      return token->len >= word->len && memcmp (text, word_text, word->len) == 0;
    case WORD_FUZZY:
      if (token->len == word->len && memcmp (text, word_text, word->len) == 0)
        return TRUE;
      return token->len >= MIN_FUZZY_LENGTH - 1 &&
             within_one_edit (text, token->len, word_text, word->len);
    default:
      g_assert_not_reached ();
    }
  return FALSE;
}

static gboolean
part_matches (const Part *part,
              const Scan *scan,
              guint       position)
{
  const ReframeCrisisToken *token =
      &g_array_index (scan->tokens->tokens, ReframeCrisisToken, position);
  const char *text = scan->tokens->text->str + token->start;

  if (part->kind == PART_NUMBER)
    return (token->flags & REFRAME_CRISIS_TOKEN_NUMBER) != 0;
  for (guint i = 0; i < part->n_words; i++)
    {
      const Word *word = get_word (scan->patterns, part->first_word + i);

      if (word_matches (word, get_text (scan->patterns, word), text, token))
        return TRUE;
    }
  return FALSE;
}

/* Returns: the sentence that the words from @from to @to are all in, or G_MAXUINT when
 * they are not free: past the end, masked, or not in @sentence. Right after the part
 * before (@adjacent), they may start the next sentence: people write "i'm done. with
 * everything." for emphasis; a gap (*) never runs across a sentence's end. */
static guint
span_sentence (const Scan *scan,
               guint       from,
               guint       to,
               guint       sentence,
               gboolean    adjacent,
               gboolean    use_masks)
{
  guint found;

  if (to > scan->n || to == from)
    return G_MAXUINT;
  found = scan->sentence[to - 1];
  if (scan->sentence[from] != found ||
      (found != sentence && !(adjacent && found == sentence + 1)))
    return G_MAXUINT;
  for (guint i = from; use_masks && i < to; i++)
    if (scan->masked[i])
      return G_MAXUINT;
  return found;
}

/* Returns: whether @pattern matches from its part @part_index at @position, all in
 * @sentence (see span_sentence()); @end is set to where the match ends. */
static gboolean
match_from (const Pattern *pattern,
            guint          part_index,
            const Scan    *scan,
            guint          position,
            guint          sentence,
            gboolean       adjacent,
            gboolean       use_masks,
            guint         *end)
{
  const Part *part;
  guint       next;

  if (part_index == pattern->n_parts)
    {
      *end = position;
      return TRUE;
    }
  part = get_pattern_part (scan->patterns, pattern, part_index);
  switch (part->kind)
    {
    case PART_GAP:
      for (guint skip = 0; skip <= part->n && position + skip <= scan->n; skip++)
        {
          if (skip > 0 && scan->sentence[position + skip - 1] != sentence)
            return FALSE;
          if (match_from (pattern,
                          part_index + 1,
                          scan,
                          position + skip,
                          sentence,
                          adjacent && skip == 0,
                          use_masks,
                          end))
            return TRUE;
        }
      return FALSE;
    case PART_END:
      return (position == scan->n || scan->sentence[position] != sentence) &&
             match_from (pattern, part_index + 1, scan, position, sentence, FALSE, use_masks, end);
    case PART_CONCEPT:
      for (guint i = position < scan->n ? scan->first[position] : 0;
           position < scan->n && i < scan->first[position + 1];
           i++)
        {
          const Occurrence *occurrence = &g_array_index (scan->occurring, Occurrence, i);

          if (occurrence->concept == part->n &&
              (next = span_sentence (
                   scan, position, position + occurrence->len, sentence, adjacent, use_masks)) !=
                  G_MAXUINT &&
              match_from (pattern,
                          part_index + 1,
                          scan,
                          position + occurrence->len,
                          next,
                          TRUE,
                          use_masks,
                          end))
            return TRUE;
        }
      return FALSE;
    case PART_WORDS:
    case PART_NUMBER:
    default:
      return (next = span_sentence (scan, position, position + 1, sentence, adjacent, use_masks)) !=
                 G_MAXUINT &&
             part_matches (part, scan, position) &&
             match_from (pattern, part_index + 1, scan, position + 1, next, TRUE, use_masks, end);
    }
}

/* Returns: where @key is in the text's set of keys, or the empty slot it would take. */
static guint32
key_slot (const Scan *scan,
          guint32     key)
{
  guint32 i = key * 2654435761u & scan->keys_mask;

  /* A key is never 0: it holds its length. */
  while (scan->keys[i] != 0 && scan->keys[i] != key)
    i = (i + 1) & scan->keys_mask;
  return i;
}

static gboolean
has_key (const Scan *scan,
         guint32     key)
{
  return scan->keys[key_slot (scan, key)] == key;
}

/* Returns: whether the part numbered @number may match a word of the text: a concept
 * that occurs, or a word whose key one of the text's words has. */
static gboolean
anchor_in_text (const Scan *scan,
                guint       number)
{
  const ReframeCrisisPatterns *self = scan->patterns;
  const Part                  *part = get_part (self, number);
  gboolean                     found = FALSE;

  if (scan->anchors[number] != 0)
    return scan->anchors[number] == 1;
  if (part->kind == PART_CONCEPT)
    found = scan->present[part->n];
  for (guint i = 0; part->kind == PART_WORDS && !found && i < part->n_words; i++)
    {
      const Word *word = get_word (self, part->first_word + i);

      found = has_key (scan, _reframe_crisis_word_key (get_text (self, word), word->len));
    }
  scan->anchors[number] = found ? 1 : 2;
  return found;
}

typedef void (*FoundFunc) (const Pattern *pattern,
                           const Scan    *scan,
                           guint          position,
                           guint          end,
                           gpointer       data);

/* Calls @found for each pattern of @list that matches from @position. */
static void
try_list (GArray     *list,
          const Scan *scan,
          guint       position,
          gboolean    use_masks,
          FoundFunc   found,
          gpointer    data)
{
  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      const Entry   *entry = &g_array_index (list, Entry, i);
      const Pattern *pattern;
      guint          end;

      if (entry->anchor != 0 && scan->anchors[entry->anchor - 1] != 1 &&
          (scan->anchors[entry->anchor - 1] == 2 || !anchor_in_text (scan, entry->anchor - 1)))
        continue;
      pattern = &g_array_index (scan->patterns->patterns, Pattern, entry->pattern);
      if (match_from (pattern, 0, scan, position, scan->sentence[position], FALSE, use_masks, &end))
        found (pattern, scan, position, end, data);
    }
}

static void
index_scan_at (const Index *index,
               const Scan  *scan,
               guint        position,
               gboolean     use_masks,
               FoundFunc    found,
               gpointer     data)
{
  const ReframeCrisisToken *token =
      &g_array_index (scan->tokens->tokens, ReframeCrisisToken, position);
  guint letter = (guchar) scan->tokens->text->str[token->start];

  try_list (g_hash_table_lookup (index->by_word, GUINT_TO_POINTER (token->key)),
            scan,
            position,
            use_masks,
            found,
            data);
  if (g_hash_table_size (index->by_letter) > 0)
    try_list (g_hash_table_lookup (index->by_letter, GUINT_TO_POINTER (letter)),
              scan,
              position,
              use_masks,
              found,
              data);
  if (token->flags & REFRAME_CRISIS_TOKEN_NUMBER)
    try_list (index->by_number, scan, position, use_masks, found, data);
  if (g_hash_table_size (index->by_concept) == 0)
    return;
  for (guint i = scan->first[position]; i < scan->first[position + 1]; i++)
    {
      guint concept = g_array_index (scan->occurring, Occurrence, i).concept;

      try_list (g_hash_table_lookup (index->by_concept, GUINT_TO_POINTER (concept)),
                scan,
                position,
                use_masks,
                found,
                data);
    }
}

static void
concept_found_cb (const Pattern *pattern,
                  const Scan    *scan,
                  guint          position,
                  guint          end,
                  gpointer       data)
{
  Scan      *self = data;
  Occurrence occurrence = { pattern->group, end - position };

  for (guint i = self->first[position]; i < self->occurring->len; i++)
    {
      const Occurrence *other = &g_array_index (self->occurring, Occurrence, i);

      if (other->concept == occurrence.concept && other->len == occurrence.len)
        return;
    }
  g_array_append_val (self->occurring, occurrence);
}

static void
mask_found_cb (const Pattern *pattern,
               const Scan    *scan,
               guint          position,
               guint          end,
               gpointer       data)
{
  memset (scan->masked + position, 1, end - position);
}

static void
rule_found_cb (const Pattern *pattern,
               const Scan    *scan,
               guint          position,
               guint          end,
               gpointer       data)
{
  _reframe_crisis_groups_add (data, pattern->group);
}

static void
scan_init (Scan                        *scan,
           const ReframeCrisisPatterns *patterns,
           const ReframeCrisisTokens   *tokens)
{
  guint sentence = 0;

  scan->patterns = patterns;
  scan->tokens = tokens;
  scan->n = tokens->tokens->len;
  scan->sentence = g_new (guint, scan->n + 1);
  scan->masked = g_new0 (guint8, scan->n + 1);
  scan->occurring = g_array_new (FALSE, FALSE, sizeof (Occurrence));
  scan->first = g_new0 (guint, scan->n + 1);
  scan->keys_mask = (1u << g_bit_storage (scan->n * 2 + 1)) - 1;
  scan->keys = g_new0 (guint32, scan->keys_mask + 1);
  scan->present = g_new0 (guint8, patterns->n_concepts + 1);
  scan->anchors = g_new0 (guint8, patterns->parts->len);
  for (guint i = 0; i < scan->n; i++)
    {
      guint32 key = g_array_index (tokens->tokens, ReframeCrisisToken, i).key;

      scan->keys[key_slot (scan, key)] = key;
    }
  for (guint i = 0; i < scan->n; i++)
    {
      if (g_array_index (tokens->tokens, ReframeCrisisToken, i).flags &
          REFRAME_CRISIS_TOKEN_SENTENCE)
        sentence++;
      scan->sentence[i] = sentence;
    }
  scan->sentence[scan->n] = sentence + 1;
}

static void
scan_clear (Scan *scan)
{
  g_free (scan->sentence);
  g_free (scan->masked);
  g_array_unref (scan->occurring);
  g_free (scan->first);
  g_free (scan->keys);
  g_free (scan->present);
  g_free (scan->anchors);
}

/**
 * _reframe_crisis_patterns_scan:
 * @self: patterns
 * @tokens: a folded text
 * @found: (out caller-allocates): the groups with a rule that matches in @tokens
 */
void
_reframe_crisis_patterns_scan (const ReframeCrisisPatterns *self,
                               const ReframeCrisisTokens   *tokens,
                               ReframeCrisisGroups         *found)
{
  Scan scan;

  memset (found, 0, sizeof *found);
  if (tokens->tokens->len == 0)
    return;
  scan_init (&scan, self, tokens);
  /* Concepts never contain concepts: no word has any yet while they are found. */
  for (guint position = 0; position < scan.n; position++)
    {
      scan.first[position] = scan.occurring->len;
      if (self->concepts.n_patterns > 0)
        index_scan_at (&self->concepts, &scan, position, FALSE, concept_found_cb, &scan);
    }
  scan.first[scan.n] = scan.occurring->len;
  for (guint i = 0; i < scan.occurring->len; i++)
    scan.present[g_array_index (scan.occurring, Occurrence, i).concept] = 1;
  for (guint position = 0; position < scan.n && self->masks.n_patterns > 0; position++)
    index_scan_at (&self->masks, &scan, position, FALSE, mask_found_cb, NULL);
  for (guint position = 0; position < scan.n; position++)
    index_scan_at (&self->rules, &scan, position, TRUE, rule_found_cb, found);
  scan_clear (&scan);
}

/* Adds a word to the part @number, the last one, whose words are the last ones: a part
 * is written whole before the next begins, so that its words stay together. */
static void
add_word (ReframeCrisisPatterns *self,
          guint                  number,
          WordKind               kind,
          const char            *text,
          guint                  len)
{
  Part *part = &g_array_index (self->parts, Part, number);
  Word  word = { self->pool->len, len, kind };

  g_assert (number + 1 == self->parts->len);
  g_assert (part->first_word + part->n_words == self->words->len);
  /* Too short to tell a typo from another word: matched as written. */
  if (kind == WORD_FUZZY && len < MIN_FUZZY_LENGTH)
    word.kind = WORD_EXACT;
  for (guint i = 0; i < part->n_words; i++)
    {
      const Word *other = get_word (self, part->first_word + i);

      if (other->kind == word.kind && other->len == len &&
          memcmp (get_text (self, other), text, len) == 0)
        return;
    }
  g_string_append_len (self->pool, text, len);
  g_array_append_val (self->words, word);
  part->n_words++;
}

/* Returns: the number of the new part */
static guint
append_part (ReframeCrisisPatterns *self,
             PartKind               kind,
             guint                  n)
{
  Part part = { kind, n, self->words->len, 0 };

  g_array_append_val (self->parts, part);
  return self->parts->len - 1;
}

/* Returns: (transfer full) (nullable): @word with ä, ö, ü written ae, oe, ue, or %NULL
 * when it has none. */
static char *
dup_umlauts_spelled_out (const char *word)
{
  static const char *const umlauts[][2] = { { "ä", "ae" }, { "ö", "oe" }, { "ü", "ue" }, { "Ä", "Ae" }, { "Ö", "Oe" }, { "Ü", "Ue" } };
  g_autoptr (GString) spelled = NULL;
  guint replaced = 0;

  /* Every umlaut starts with the byte 0xC3 in UTF-8; most words have none. */
  if (strchr (word, 0xC3) == NULL)
    return NULL;
  spelled = g_string_new (word);
  for (guint i = 0; i < G_N_ELEMENTS (umlauts); i++)
    replaced += g_string_replace (spelled, umlauts[i][0], umlauts[i][1], 0);
  return replaced > 0 ? g_string_free (g_steal_pointer (&spelled), FALSE) : NULL;
}

/* Adds @word to the part at @first when it is ASCII letters and digits only, folded as
 * _reframe_crisis_tokens_init() would (lower case, one of each letter run) without its
 * allocations: most words of the lists are so, and a list has thousands.
 *
 * Returns: whether @word was such a word */
static gboolean
add_simple_word (ReframeCrisisPatterns *self,
                 guint                  first,
                 const char            *word,
                 WordKind               kind)
{
  char  folded[64];
  gsize len = 0;

  for (const char *p = word; *p != '\0'; p++)
    {
      char c = g_ascii_tolower (*p);

      if (!g_ascii_isalnum (c) || len + 1 >= sizeof folded ||
          (len > 0 && g_ascii_isdigit (c) != g_ascii_isdigit (folded[len - 1])))
        return FALSE;
      if (len > 0 && c == folded[len - 1] && !g_ascii_isdigit (c))
        continue;
      folded[len++] = c;
    }
  if (len == 0)
    return FALSE;
  add_word (self,
            self->parts->len > first ? first : append_part (self, PART_WORDS, 0),
            kind,
            folded,
            len);
  return TRUE;
}

/* Adds the alternatives of one place ("want|wanna|wish*") to the pattern being written;
 * @item is cut up in place (a phrase's items are split without allocating: the lists
 * have some 150,000). An alternative that folds into several words ("j'ai", "un-alive")
 * must stand alone. */
static gboolean
parse_words (ReframeCrisisPatterns *self,
             char                  *item,
             const char            *text,
             GError               **error)
{
  gboolean several = strchr (item, '|') != NULL;
  guint    first = self->parts->len;
  char    *next;

  for (char *alternative = item; alternative != NULL; alternative = next)
    {
      g_autofree char    *spelled = NULL;
      gsize               len;
      WordKind            kind = WORD_EXACT;
      ReframeCrisisTokens tokens, variant;

      if ((next = strchr (alternative, '|')) != NULL)
        *next++ = '\0';
      len = strlen (alternative);
      if (len > 0 && (alternative[len - 1] == '*' || alternative[len - 1] == '~'))
        {
          kind = alternative[len - 1] == '*' ? WORD_PREFIX : WORD_FUZZY;
          alternative[len - 1] = '\0';
        }
      if (add_simple_word (self, first, alternative, kind))
        continue;
      spelled = dup_umlauts_spelled_out (alternative);
      _reframe_crisis_tokens_init (&tokens, alternative);
      if (spelled != NULL)
        _reframe_crisis_tokens_init (&variant, spelled);
      else
        variant = (ReframeCrisisTokens){ NULL, NULL };
      if (tokens.tokens->len == 0 || (tokens.tokens->len > 1 && several))
        {
          if (tokens.tokens->len == 0)
            g_set_error (error,
                         REFRAME_CRISIS_ERROR,
                         REFRAME_CRISIS_ERROR_INVALID_DATA,
                         _ ("the phrase “%s” has a word without letters or digits"),
                         text);
          else
            g_set_error (error,
                         REFRAME_CRISIS_ERROR,
                         REFRAME_CRISIS_ERROR_INVALID_DATA,
                         _ ("the phrase “%s” has an alternative of several words (write it as a "
                            "phrase of its own)"),
                         text);
          _reframe_crisis_tokens_clear (&tokens);
          if (variant.text != NULL)
            _reframe_crisis_tokens_clear (&variant);
          return FALSE;
        }
      for (guint t = 0; t < tokens.tokens->len; t++)
        {
          const ReframeCrisisToken *token = &g_array_index (tokens.tokens, ReframeCrisisToken, t);
          WordKind                  word_kind = t + 1 == tokens.tokens->len ? kind : WORD_EXACT;
          guint                     part =
              self->parts->len > first + t ? first + t : append_part (self, PART_WORDS, 0);

          add_word (self, part, word_kind, tokens.text->str + token->start, token->len);
          if (variant.tokens != NULL && variant.tokens->len == tokens.tokens->len)
            {
              const ReframeCrisisToken *other =
                  &g_array_index (variant.tokens, ReframeCrisisToken, t);

              add_word (self, part, word_kind, variant.text->str + other->start, other->len);
            }
        }
      _reframe_crisis_tokens_clear (&tokens);
      if (variant.text != NULL)
        _reframe_crisis_tokens_clear (&variant);
    }
  return TRUE;
}

static gboolean
parse_item (ReframeCrisisPatterns *self,
            char                  *item,
            GHashTable            *concepts,
            const char            *text,
            GError               **error)
{
  /* "*", "*N" or "*NN": a gap; two digits as well, so that "*10" is a gap, not a word. */
  if (item[0] == '*' && strlen (item) <= 3 && strspn (item + 1, "0123456789") == strlen (item + 1))
    {
      append_part (self,
                   PART_GAP,
                   item[1] == '\0' ? DEFAULT_GAP : (guint) g_ascii_strtoull (item + 1, NULL, 10));
      return TRUE;
    }
  if (g_str_equal (item, "#") || g_str_equal (item, "$"))
    {
      append_part (self, item[0] == '#' ? PART_NUMBER : PART_END, 0);
      return TRUE;
    }
  if (item[0] == '@')
    {
      gpointer id = concepts ? g_hash_table_lookup (concepts, item + 1) : NULL;

      if (id == NULL)
        {
          g_set_error (error,
                       REFRAME_CRISIS_ERROR,
                       REFRAME_CRISIS_ERROR_INVALID_DATA,
                       _ ("the phrase “%s” names “%s”, which is not a concept of its list or may "
                          "not be used there"),
                       text,
                       item);
          return FALSE;
        }
      append_part (self, PART_CONCEPT, GPOINTER_TO_UINT (id) - 1);
      return TRUE;
    }
  return parse_words (self, item, text, error);
}

static gboolean
check_shape (const ReframeCrisisPatterns *self,
             const Pattern               *pattern,
             const char                  *text,
             GError                     **error)
{
  const Part *first = get_pattern_part (self, pattern, 0);
  const Part *last = get_pattern_part (self, pattern, pattern->n_parts - 1);

  if (first->kind == PART_GAP || last->kind == PART_GAP || first->kind == PART_END)
    {
      g_set_error (error,
                   REFRAME_CRISIS_ERROR,
                   REFRAME_CRISIS_ERROR_INVALID_DATA,
                   _ ("the phrase “%s” starts or ends with a gap (*), or starts with an end ($)"),
                   text);
      return FALSE;
    }
  for (guint i = 0; first->kind == PART_WORDS && i < first->n_words; i++)
    {
      const Word *word = get_word (self, first->first_word + i);

      if (word->kind == WORD_PREFIX && word->len < 3)
        {
          g_set_error (error,
                       REFRAME_CRISIS_ERROR,
                       REFRAME_CRISIS_ERROR_INVALID_DATA,
                       _ ("the phrase “%s” starts with a word stem shorter than three letters"),
                       text);
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * _reframe_crisis_patterns_new:
 *
 * Returns: (transfer full): no patterns yet
 */
ReframeCrisisPatterns *
_reframe_crisis_patterns_new (void)
{
  ReframeCrisisPatterns *self = g_new0 (ReframeCrisisPatterns, 1);

  self->patterns = g_array_new (FALSE, FALSE, sizeof (Pattern));
  self->part_refs = g_array_new (FALSE, FALSE, sizeof (guint16));
  self->part_set_mask = 255;
  self->part_set = g_new0 (guint32, self->part_set_mask + 1);
  self->parts = g_array_new (FALSE, FALSE, sizeof (Part));
  self->words = g_array_new (FALSE, FALSE, sizeof (Word));
  self->pool = g_string_new (NULL);
  index_init (&self->concepts);
  index_init (&self->masks);
  index_init (&self->rules);
  return self;
}

void
_reframe_crisis_patterns_free (ReframeCrisisPatterns *self)
{
  if (self == NULL)
    return;
  index_clear (&self->concepts);
  index_clear (&self->masks);
  index_clear (&self->rules);
  g_array_unref (self->patterns);
  g_array_unref (self->part_refs);
  g_free (self->part_set);
  g_array_unref (self->parts);
  g_array_unref (self->words);
  g_string_free (self->pool, TRUE);
  g_free (self);
}

/**
 * _reframe_crisis_patterns_new_concept:
 * @self: patterns
 *
 * Returns: the number of a new concept, for _reframe_crisis_patterns_add()
 */
guint
_reframe_crisis_patterns_new_concept (ReframeCrisisPatterns *self)
{
  return self->n_concepts++;
}

/* Returns: (transfer full): the first @head_len bytes of @head, then @middle and @tail */
static char *
dup_joined (const char *head,
            gsize       head_len,
            const char *middle,
            const char *tail)
{
  gsize middle_len = strlen (middle), tail_len = strlen (tail);
  char *joined = g_malloc (head_len + middle_len + tail_len + 1);

  memcpy (joined, head, head_len);
  memcpy (joined + head_len, middle, middle_len);
  memcpy (joined + head_len + middle_len, tail, tail_len + 1);
  return joined;
}

/* Expands the first "(a b|c)" of each text of @texts, until none is left. */
static gboolean
expand_groups (GPtrArray  *texts,
               const char *text,
               GError    **error)
{
  for (guint i = 0; i < texts->len;)
    {
      const char      *current = g_ptr_array_index (texts, i);
      const char      *open = strchr (current, '(');
      const char      *close = open ? strchr (open, ')') : strchr (current, ')');
      g_autofree char *inner = NULL;
      g_auto (GStrv) choices = NULL;

      if (open == NULL && close == NULL)
        {
          i++;
          continue;
        }
      if (open == NULL || close == NULL || memchr (open + 1, '(', close - open - 1) != NULL ||
          texts->len > 1024)
        {
          g_set_error (
              error,
              REFRAME_CRISIS_ERROR,
              REFRAME_CRISIS_ERROR_INVALID_DATA,
              _ ("the phrase “%s” has unbalanced or nested parentheses, or too many choices"),
              text);
          return FALSE;
        }
      inner = g_strndup (open + 1, close - open - 1);
      choices = g_strsplit (inner, "|", -1);
      /* "(a b|c)?" may also be left out. */
      if (close[1] == '?')
        g_ptr_array_add (texts, dup_joined (current, open - current, "", close + 2));
      for (guint c = 0; choices[c] != NULL; c++)
        g_ptr_array_add (
            texts,
            dup_joined (current, open - current, choices[c], close + (close[1] == '?' ? 2 : 1)));
      g_ptr_array_remove_index (texts, i);
    }
  return TRUE;
}

/* FNV-1a over what makes a part, mixed so that the low bits (the slot) vary. */
static guint32
hash_part (const ReframeCrisisPatterns *self,
           const Part                  *part)
{
  guint32 hash = (2166136261u ^ part->kind) * 16777619u;

  hash = (hash ^ part->n) * 16777619u;
  for (guint i = 0; i < part->n_words; i++)
    {
      const Word *word = get_word (self, part->first_word + i);
      const char *text = get_text (self, word);

      hash = (hash ^ word->kind) * 16777619u;
      for (guint j = 0; j < word->len; j++)
        hash = (hash ^ (guchar) text[j]) * 16777619u;
      hash = (hash ^ 0xff) * 16777619u;
    }
  hash ^= hash >> 16;
  hash *= 0x85ebca6bu;
  hash ^= hash >> 13;
  return hash;
}

static gboolean
parts_equal (const ReframeCrisisPatterns *self,
             const Part                  *a,
             const Part                  *b)
{
  if (a->kind != b->kind || a->n != b->n || a->n_words != b->n_words)
    return FALSE;
  for (guint i = 0; i < a->n_words; i++)
    {
      const Word *x = get_word (self, a->first_word + i);
      const Word *y = get_word (self, b->first_word + i);

      if (x->kind != y->kind || x->len != y->len ||
          memcmp (get_text (self, x), get_text (self, y), x->len) != 0)
        return FALSE;
    }
  return TRUE;
}

/* Returns: the slot of @part in the set, or of the empty slot where it would go */
static guint32
find_part_slot (const ReframeCrisisPatterns *self,
                const Part                  *part)
{
  guint32 slot = hash_part (self, part) & self->part_set_mask;

  while (self->part_set[slot] != 0 &&
         !parts_equal (self, get_part (self, self->part_set[slot] - 1), part))
    slot = (slot + 1) & self->part_set_mask;
  return slot;
}

/* Keeps the set at most half full, so that a search ends soon. */
static void
grow_part_set (ReframeCrisisPatterns *self,
               guint                  n_parts)
{
  guint32 size = (self->part_set_mask + 1) * 2;

  g_free (self->part_set);
  self->part_set = g_new0 (guint32, size);
  self->part_set_mask = size - 1;
  for (guint32 number = 0; number < n_parts; number++)
    self->part_set[find_part_slot (self, get_part (self, number))] = number + 1;
}

/* The lists have 144,000 references to 7,000 parts: two bytes each as long as they do. */
static void
append_part_ref (ReframeCrisisPatterns *self,
                 guint32                number)
{
  guint16 narrow = number;

  if (!self->wide_refs && number > G_MAXUINT16)
    {
      GArray *wide = g_array_sized_new (FALSE, FALSE, sizeof (guint32), self->part_refs->len + 1);

      for (guint i = 0; i < self->part_refs->len; i++)
        {
          guint32 ref = g_array_index (self->part_refs, guint16, i);

          g_array_append_val (wide, ref);
        }
      g_array_unref (self->part_refs);
      self->part_refs = wide;
      self->wide_refs = TRUE;
    }
  if (self->wide_refs)
    g_array_append_val (self->part_refs, number);
  else
    g_array_append_val (self->part_refs, narrow);
}

/* Lists the parts of the pattern just written, from the part @first on (the last
 * ones), in @part_refs: each as the same part already stored, or, when it is new, kept,
 * its words and their bytes moved down over those of the parts that were not. */
static void
intern_parts (ReframeCrisisPatterns *self,
              guint                  first,
              guint                  first_word,
              gsize                  first_byte)
{
  guint end = self->parts->len;
  guint next_part = first, next_word = first_word;
  gsize next_byte = first_byte;

  for (guint i = first; i < end; i++)
    {
      Part    part = g_array_index (self->parts, Part, i);
      guint32 slot = find_part_slot (self, &part);
      guint32 number = self->part_set[slot] - 1;

      if (self->part_set[slot] == 0)
        {
          for (guint w = 0; w < part.n_words; w++)
            {
              Word word = g_array_index (self->words, Word, part.first_word + w);

              memmove (self->pool->str + next_byte, self->pool->str + word.offset, word.len);
              word.offset = next_byte;
              next_byte += word.len;
              g_array_index (self->words, Word, next_word + w) = word;
            }
          part.first_word = next_word;
          next_word += part.n_words;
          number = next_part++;
          g_array_index (self->parts, Part, number) = part;
          self->part_set[slot] = number + 1;
          if (2 * next_part > self->part_set_mask)
            grow_part_set (self, next_part);
        }
      append_part_ref (self, number);
    }
  g_array_set_size (self->parts, next_part);
  g_array_set_size (self->words, next_word);
  g_string_truncate (self->pool, next_byte);
}

/* Drops what a pattern that failed had written. */
static void
truncate_to (ReframeCrisisPatterns *self,
             guint                  n_parts,
             guint                  n_words,
             gsize                  pool_len)
{
  g_array_set_size (self->parts, n_parts);
  g_array_set_size (self->words, n_words);
  g_string_truncate (self->pool, pool_len);
}

/* The items of one phrase's expansions already parsed: an expanded phrase repeats most
 * of them ("(i|we) (want|wish) to die" four times "to" and "die"), so each is parsed
 * once, and its parts listed again the next times. */
typedef struct
{
  GHashTable *by_text; /* item (borrowed from the texts cut up) → number + 1 in @parts */
  GArray     *parts;   /* of ItemParts */
} ItemCache;

/* Where the parts of an item are listed in @part_refs. */
typedef struct
{
  guint first;
  guint n;
} ItemParts;

/* Lists the parts of @item in @part_refs. @item must live as long as @cache. */
static gboolean
add_item (ReframeCrisisPatterns *self,
          const char            *item,
          GHashTable            *concepts,
          ItemCache             *cache,
          const char            *text,
          GError               **error)
{
  guint            known = GPOINTER_TO_UINT (g_hash_table_lookup (cache->by_text, item));
  ItemParts        parts = { self->part_refs->len, 0 };
  guint            n_parts = self->parts->len;
  guint            n_words = self->words->len;
  gsize            pool_len = self->pool->len;
  gsize            len = strlen (item);
  char             buffer[128];
  g_autofree char *long_item = NULL;
  char            *scratch = len < sizeof buffer ? buffer : (long_item = g_malloc (len + 1));

  if (known > 0)
    {
      parts = g_array_index (cache->parts, ItemParts, known - 1);
      for (guint i = 0; i < parts.n; i++)
        append_part_ref (self, get_part_ref (self, parts.first + i));
      return TRUE;
    }
  /* parse_item() cuts its item up: it gets a copy. */
  memcpy (scratch, item, len + 1);
  if (!parse_item (self, scratch, concepts, text, error))
    {
      truncate_to (self, n_parts, n_words, pool_len);
      return FALSE;
    }
  intern_parts (self, n_parts, n_words, pool_len);
  parts.n = self->part_refs->len - parts.first;
  g_array_append_val (cache->parts, parts);
  g_hash_table_insert (cache->by_text, (gpointer) item, GUINT_TO_POINTER (cache->parts->len));
  return TRUE;
}

/* Adds the pattern @text; @items is a copy of it, which its items are cut out of in
 * place, between spaces, tabs and new lines, to live as long as @cache. */
static gboolean
add_one (ReframeCrisisPatterns   *self,
         ReframeCrisisPatternKind kind,
         const char              *text,
         char                    *items,
         guint                    group,
         GHashTable              *concepts,
         ItemCache               *cache,
         GError                 **error)
{
  Pattern  pattern = { self->part_refs->len, 0, group };
  gboolean ok = TRUE;
  char    *next;

  for (char *item = items; ok && *item != '\0'; item = next)
    {
      next = item + strcspn (item, " \t\n");
      if (*next != '\0')
        *next++ = '\0';
      if (*item != '\0')
        ok = add_item (self,
                       item,
                       kind == REFRAME_CRISIS_PATTERN_CONCEPT ? NULL : concepts,
                       cache,
                       text,
                       error);
    }
  pattern.n_parts = self->part_refs->len - pattern.first_part;
  if (ok && pattern.n_parts == 0)
    {
      g_set_error (
          error, REFRAME_CRISIS_ERROR, REFRAME_CRISIS_ERROR_INVALID_DATA, _ ("a phrase is empty"));
      ok = FALSE;
    }
  /* A phrase that fails leaves no pattern (the parts it stored stay, unused). */
  if (!ok || !check_shape (self, &pattern, text, error))
    {
      g_array_set_size (self->part_refs, pattern.first_part);
      return FALSE;
    }
  index_add (self,
             kind == REFRAME_CRISIS_PATTERN_CONCEPT ? &self->concepts
             : kind == REFRAME_CRISIS_PATTERN_MASK  ? &self->masks
                                                    : &self->rules,
             &pattern);
  return TRUE;
}

/**
 * _reframe_crisis_patterns_add:
 * @self: patterns
 * @kind: what the pattern is
 * @text: the pattern, in the syntax at the top of this file
 * @group: the concept's number (%REFRAME_CRISIS_PATTERN_CONCEPT), or the rule's group
 *   (a category or a cue list of a pair); unused for masks
 * @concepts: (nullable): the concepts @text may name, name → number + 1; %NULL for none
 * @error: return location for an error
 *
 * Returns: whether @text was a pattern
 */
gboolean
_reframe_crisis_patterns_add (ReframeCrisisPatterns   *self,
                              ReframeCrisisPatternKind kind,
                              const char              *text,
                              guint                    group,
                              GHashTable              *concepts,
                              GError                 **error)
{
  g_autoptr (GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GHashTable) by_text = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GArray) parts = g_array_new (FALSE, FALSE, sizeof (ItemParts));
  ItemCache cache = { by_text, parts };

  g_ptr_array_add (texts, g_strdup (text));
  if (!expand_groups (texts, text, error))
    return FALSE;
  for (guint i = 0; i < texts->len; i++)
    {
      const char *expanded = g_ptr_array_index (texts, i);

      g_ptr_array_add (items, g_strdup (expanded));
      if (!add_one (self,
                    kind,
                    expanded,
                    g_ptr_array_index (items, i),
                    group,
                    concepts,
                    &cache,
                    error))
        return FALSE;
    }
  return TRUE;
}

/**
 * _reframe_crisis_patterns_add_plain:
 * @self: patterns
 * @text: words to match as they are, without the pattern syntax (the person's own)
 * @group: the rule's group
 *
 * Returns: whether @text had any words
 */
gboolean
_reframe_crisis_patterns_add_plain (ReframeCrisisPatterns *self,
                                    const char            *text,
                                    guint                  group)
{
  Pattern             pattern = { self->part_refs->len, 0, group };
  guint               n_parts = self->parts->len;
  guint               n_words = self->words->len;
  gsize               pool_len = self->pool->len;
  ReframeCrisisTokens tokens;

  _reframe_crisis_tokens_init (&tokens, text);
  for (guint i = 0; i < tokens.tokens->len; i++)
    {
      const ReframeCrisisToken *token = &g_array_index (tokens.tokens, ReframeCrisisToken, i);

      add_word (self,
                append_part (self, PART_WORDS, 0),
                WORD_EXACT,
                tokens.text->str + token->start,
                token->len);
    }
  _reframe_crisis_tokens_clear (&tokens);
  if (self->parts->len == n_parts)
    return FALSE;
  pattern.n_parts = self->parts->len - n_parts;
  intern_parts (self, n_parts, n_words, pool_len);
  index_add (self, &self->rules, &pattern);
  return TRUE;
}
