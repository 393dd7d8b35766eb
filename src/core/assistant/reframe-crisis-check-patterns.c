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

typedef struct
{
  WordKind kind;
  guint    len;
  char    *text;
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
  guint    n;     /* a gap's most words, a concept's number */
  GArray  *words; /* of Word, the alternatives of PART_WORDS */
} Part;

typedef struct
{
  GArray *parts; /* of Part */
  guint   group;
} Pattern;

typedef struct
{
  GPtrArray  *patterns;  /* of Pattern */
  GHashTable *by_word;   /* first word's key → GArray of pattern numbers */
  GHashTable *by_letter; /* first letter of a first word with typos → GArray */
  GHashTable *by_concept;
  GArray     *unindexed; /* patterns that start with a number */
} Index;

struct _ReframeCrisisPatterns
{
  guint n_concepts;
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
  const ReframeCrisisTokens *tokens;
  guint                      n;
  guint                     *sentence;  /* per word: which sentence */
  guint8                    *masked;    /* per word */
  GArray                    *occurring; /* of Occurrence, by the word they start at */
  guint                     *first;     /* per word and one more: its first in @occurring */
} Scan;

static void
word_clear (gpointer data)
{
  g_free (((Word *) data)->text);
}

static void
part_clear (gpointer data)
{
  Part *part = data;

  g_clear_pointer (&part->words, g_array_unref);
}

static void
pattern_free (gpointer data)
{
  Pattern *pattern = data;

  g_array_unref (pattern->parts);
  g_free (pattern);
}

static void
index_init (Index *index)
{
  index->patterns = g_ptr_array_new_with_free_func (pattern_free);
  index->by_word = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);
  index->by_letter = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);
  index->by_concept = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);
  index->unindexed = g_array_new (FALSE, FALSE, sizeof (guint));
}

static void
index_clear (Index *index)
{
  g_clear_pointer (&index->patterns, g_ptr_array_unref);
  g_clear_pointer (&index->by_word, g_hash_table_unref);
  g_clear_pointer (&index->by_letter, g_hash_table_unref);
  g_clear_pointer (&index->by_concept, g_hash_table_unref);
  g_clear_pointer (&index->unindexed, g_array_unref);
}

static void
index_put (GHashTable *table,
           guint32     key,
           guint       number)
{
  GArray *list = g_hash_table_lookup (table, GUINT_TO_POINTER (key));

  if (list == NULL)
    {
      list = g_array_new (FALSE, FALSE, sizeof (guint));
      g_hash_table_insert (table, GUINT_TO_POINTER (key), list);
    }
  /* Alternatives with one key list a pattern once. */
  if (list->len == 0 || g_array_index (list, guint, list->len - 1) != number)
    g_array_append_val (list, number);
}

static void
index_add (Index   *index,
           Pattern *pattern)
{
  const Part *first = &g_array_index (pattern->parts, Part, 0);
  guint       number = index->patterns->len;

  g_ptr_array_add (index->patterns, pattern);
  if (first->kind == PART_CONCEPT)
    {
      index_put (index->by_concept, first->n, number);
      return;
    }
  if (first->kind != PART_WORDS)
    {
      g_array_append_val (index->unindexed, number);
      return;
    }
  for (guint i = 0; i < first->words->len; i++)
    {
      const Word *word = &g_array_index (first->words, Word, i);

      index_put (index->by_word, _reframe_crisis_word_key (word->text, word->len), number);
      if (word->kind == WORD_FUZZY)
        index_put (index->by_letter, (guchar) word->text[0], number);
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
              const char               *text,
              const ReframeCrisisToken *token)
{
  switch (word->kind)
    {
    case WORD_EXACT:
      return token->len == word->len && memcmp (text, word->text, word->len) == 0;
    case WORD_PREFIX:
      return token->len >= word->len && memcmp (text, word->text, word->len) == 0;
    case WORD_FUZZY:
      if (token->len == word->len && memcmp (text, word->text, word->len) == 0)
        return TRUE;
      return token->len >= MIN_FUZZY_LENGTH - 1 &&
             within_one_edit (text, token->len, word->text, word->len);
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
  for (guint i = 0; i < part->words->len; i++)
    if (word_matches (&g_array_index (part->words, Word, i), text, token))
      return TRUE;
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

  if (part_index == pattern->parts->len)
    {
      *end = position;
      return TRUE;
    }
  part = &g_array_index (pattern->parts, Part, part_index);
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

typedef void (*FoundFunc) (const Pattern *pattern,
                           const Scan    *scan,
                           guint          position,
                           guint          end,
                           gpointer       data);

/* Calls @found for each pattern of @list that matches from @position. */
static void
try_list (const Index *index,
          GArray      *list,
          const Scan  *scan,
          guint        position,
          gboolean     use_masks,
          FoundFunc    found,
          gpointer     data)
{
  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      const Pattern *pattern = g_ptr_array_index (index->patterns, g_array_index (list, guint, i));
      guint          end;

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

  try_list (index,
            g_hash_table_lookup (index->by_word, GUINT_TO_POINTER (token->key)),
            scan,
            position,
            use_masks,
            found,
            data);
  if (g_hash_table_size (index->by_letter) > 0)
    try_list (index,
              g_hash_table_lookup (index->by_letter, GUINT_TO_POINTER (letter)),
              scan,
              position,
              use_masks,
              found,
              data);
  try_list (index, index->unindexed, scan, position, use_masks, found, data);
  if (g_hash_table_size (index->by_concept) == 0)
    return;
  for (guint i = scan->first[position]; i < scan->first[position + 1]; i++)
    {
      guint concept = g_array_index (scan->occurring, Occurrence, i).concept;

      try_list (index,
                g_hash_table_lookup (index->by_concept, GUINT_TO_POINTER (concept)),
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
  guint64 *found = data;

  *found |= G_GUINT64_CONSTANT (1) << pattern->group;
}

static void
scan_init (Scan                      *scan,
           const ReframeCrisisTokens *tokens)
{
  guint sentence = 0;

  scan->tokens = tokens;
  scan->n = tokens->tokens->len;
  scan->sentence = g_new (guint, scan->n + 1);
  scan->masked = g_new0 (guint8, scan->n + 1);
  scan->occurring = g_array_new (FALSE, FALSE, sizeof (Occurrence));
  scan->first = g_new0 (guint, scan->n + 1);
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
}

/**
 * _reframe_crisis_patterns_scan:
 * @self: patterns
 * @tokens: a folded text
 *
 * Returns: the groups with a rule that matches in @tokens, as bits
 */
guint64
_reframe_crisis_patterns_scan (const ReframeCrisisPatterns *self,
                               const ReframeCrisisTokens   *tokens)
{
  Scan    scan;
  guint64 found = 0;

  if (tokens->tokens->len == 0)
    return 0;
  scan_init (&scan, tokens);
  /* Concepts never contain concepts: no word has any yet while they are found. */
  for (guint position = 0; position < scan.n; position++)
    {
      scan.first[position] = scan.occurring->len;
      if (self->concepts.patterns->len > 0)
        index_scan_at (&self->concepts, &scan, position, FALSE, concept_found_cb, &scan);
    }
  scan.first[scan.n] = scan.occurring->len;
  for (guint position = 0; position < scan.n && self->masks.patterns->len > 0; position++)
    index_scan_at (&self->masks, &scan, position, FALSE, mask_found_cb, NULL);
  for (guint position = 0; position < scan.n; position++)
    index_scan_at (&self->rules, &scan, position, TRUE, rule_found_cb, &found);
  scan_clear (&scan);
  return found;
}

static void
add_word (Part       *part,
          WordKind    kind,
          const char *text,
          guint       len)
{
  Word word = { kind, len, g_strndup (text, len) };

  /* Too short to tell a typo from another word: matched as written. */
  if (kind == WORD_FUZZY && len < MIN_FUZZY_LENGTH)
    word.kind = WORD_EXACT;
  for (guint i = 0; i < part->words->len; i++)
    {
      const Word *other = &g_array_index (part->words, Word, i);

      if (other->kind == word.kind && other->len == len && memcmp (other->text, text, len) == 0)
        {
          g_free (word.text);
          return;
        }
    }
  g_array_append_val (part->words, word);
}

static Part *
append_part (GArray  *parts,
             PartKind kind,
             guint    n)
{
  Part part = { kind, n, NULL };

  if (kind == PART_WORDS)
    {
      part.words = g_array_new (FALSE, FALSE, sizeof (Word));
      g_array_set_clear_func (part.words, word_clear);
    }
  g_array_append_val (parts, part);
  return &g_array_index (parts, Part, parts->len - 1);
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
add_simple_word (GArray     *parts,
                 guint       first,
                 const char *word,
                 WordKind    kind)
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
  add_word (parts->len > first ? &g_array_index (parts, Part, first)
                               : append_part (parts, PART_WORDS, 0),
            kind,
            folded,
            len);
  return TRUE;
}

/* Adds the alternatives of one place ("want|wanna|wish*") to @parts. An alternative
 * that folds into several words ("j'ai", "un-alive") must stand alone. */
static gboolean
parse_words (GArray     *parts,
             const char *item,
             const char *text,
             GError    **error)
{
  g_auto (GStrv) alternatives = g_strsplit (item, "|", -1);
  guint first = parts->len;

  for (guint i = 0; alternatives[i] != NULL; i++)
    {
      g_autofree char    *spelled = NULL;
      char               *alternative = alternatives[i];
      gsize               len = strlen (alternative);
      WordKind            kind = WORD_EXACT;
      ReframeCrisisTokens tokens, variant;

      if (len > 0 && (alternative[len - 1] == '*' || alternative[len - 1] == '~'))
        {
          kind = alternative[len - 1] == '*' ? WORD_PREFIX : WORD_FUZZY;
          alternative[len - 1] = '\0';
        }
      if (add_simple_word (parts, first, alternative, kind))
        continue;
      spelled = dup_umlauts_spelled_out (alternative);
      _reframe_crisis_tokens_init (&tokens, alternative);
      if (spelled != NULL)
        _reframe_crisis_tokens_init (&variant, spelled);
      else
        variant = (ReframeCrisisTokens){ NULL, NULL };
      if (tokens.tokens->len == 0 || (tokens.tokens->len > 1 && alternatives[1] != NULL))
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
          Part                     *part = parts->len > first + t ? &g_array_index (parts, Part, first + t)
                                                                  : append_part (parts, PART_WORDS, 0);

          add_word (part, word_kind, tokens.text->str + token->start, token->len);
          if (variant.tokens != NULL && variant.tokens->len == tokens.tokens->len)
            {
              const ReframeCrisisToken *other =
                  &g_array_index (variant.tokens, ReframeCrisisToken, t);

              add_word (part, word_kind, variant.text->str + other->start, other->len);
            }
        }
      _reframe_crisis_tokens_clear (&tokens);
      if (variant.text != NULL)
        _reframe_crisis_tokens_clear (&variant);
    }
  return TRUE;
}

static gboolean
parse_item (GArray     *parts,
            const char *item,
            GHashTable *concepts,
            const char *text,
            GError    **error)
{
  /* "*", "*N" or "*NN": a gap; two digits as well, so that "*10" is a gap, not a word. */
  if (item[0] == '*' && strlen (item) <= 3 && strspn (item + 1, "0123456789") == strlen (item + 1))
    {
      append_part (parts,
                   PART_GAP,
                   item[1] == '\0' ? DEFAULT_GAP : (guint) g_ascii_strtoull (item + 1, NULL, 10));
      return TRUE;
    }
  if (g_str_equal (item, "#") || g_str_equal (item, "$"))
    {
      append_part (parts, item[0] == '#' ? PART_NUMBER : PART_END, 0);
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
      append_part (parts, PART_CONCEPT, GPOINTER_TO_UINT (id) - 1);
      return TRUE;
    }
  return parse_words (parts, item, text, error);
}

static gboolean
check_shape (GArray     *parts,
             const char *text,
             GError    **error)
{
  const Part *first = &g_array_index (parts, Part, 0);
  const Part *last = &g_array_index (parts, Part, parts->len - 1);

  if (first->kind == PART_GAP || last->kind == PART_GAP || first->kind == PART_END)
    {
      g_set_error (error,
                   REFRAME_CRISIS_ERROR,
                   REFRAME_CRISIS_ERROR_INVALID_DATA,
                   _ ("the phrase “%s” starts or ends with a gap (*), or starts with an end ($)"),
                   text);
      return FALSE;
    }
  for (guint i = 0; first->kind == PART_WORDS && i < first->words->len; i++)
    {
      const Word *word = &g_array_index (first->words, Word, i);

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
        g_ptr_array_add (texts,
                         g_strdup_printf ("%.*s%s", (int) (open - current), current, close + 2));
      for (guint c = 0; choices[c] != NULL; c++)
        g_ptr_array_add (texts,
                         g_strdup_printf ("%.*s%s%s",
                                          (int) (open - current),
                                          current,
                                          choices[c],
                                          close + (close[1] == '?' ? 2 : 1)));
      g_ptr_array_remove_index (texts, i);
    }
  return TRUE;
}

static gboolean
add_one (ReframeCrisisPatterns   *self,
         ReframeCrisisPatternKind kind,
         const char              *text,
         guint                    group,
         GHashTable              *concepts,
         GError                 **error)
{
  g_auto (GStrv) items = g_strsplit_set (text, " \t\n", -1);
  g_autoptr (GArray) parts = g_array_new (FALSE, FALSE, sizeof (Part));
  Pattern *pattern;

  g_array_set_clear_func (parts, part_clear);
  for (guint i = 0; items[i] != NULL; i++)
    if (items[i][0] != '\0' &&
        !parse_item (
            parts, items[i], kind == REFRAME_CRISIS_PATTERN_CONCEPT ? NULL : concepts, text, error))
      return FALSE;
  if (parts->len == 0)
    {
      g_set_error (
          error, REFRAME_CRISIS_ERROR, REFRAME_CRISIS_ERROR_INVALID_DATA, _ ("a phrase is empty"));
      return FALSE;
    }
  if (!check_shape (parts, text, error))
    return FALSE;
  pattern = g_new0 (Pattern, 1);
  pattern->parts = g_steal_pointer (&parts);
  pattern->group = group;
  index_add (kind == REFRAME_CRISIS_PATTERN_CONCEPT ? &self->concepts
             : kind == REFRAME_CRISIS_PATTERN_MASK  ? &self->masks
                                                    : &self->rules,
             pattern);
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

  g_ptr_array_add (texts, g_strdup (text));
  if (!expand_groups (texts, text, error))
    return FALSE;
  for (guint i = 0; i < texts->len; i++)
    if (!add_one (self, kind, g_ptr_array_index (texts, i), group, concepts, error))
      return FALSE;
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
  g_autoptr (GArray) parts = g_array_new (FALSE, FALSE, sizeof (Part));
  ReframeCrisisTokens tokens;
  Pattern            *pattern;

  g_array_set_clear_func (parts, part_clear);
  _reframe_crisis_tokens_init (&tokens, text);
  for (guint i = 0; i < tokens.tokens->len; i++)
    {
      const ReframeCrisisToken *token = &g_array_index (tokens.tokens, ReframeCrisisToken, i);

      add_word (append_part (parts, PART_WORDS, 0),
                WORD_EXACT,
                tokens.text->str + token->start,
                token->len);
    }
  _reframe_crisis_tokens_clear (&tokens);
  if (parts->len == 0)
    return FALSE;
  pattern = g_new0 (Pattern, 1);
  pattern->parts = g_steal_pointer (&parts);
  pattern->group = group;
  index_add (&self->rules, pattern);
  return TRUE;
}
