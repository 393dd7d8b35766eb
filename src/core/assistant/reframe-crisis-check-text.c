/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-crisis-check-text.c: folding a text into the words the crisis check compares.
 *
 * A message at 2 a.m. is typed fast: in lower or upper case, with or without accents
 * and apostrophes, with letters held down ("soooo", "diiie") or doubled by mistake.
 * Text and phrases go through the same folding, so a phrase list is written once in
 * ordinary spelling: case folded, accents dropped, every run of one letter made one
 * letter ("kill" and "kil" are both "kil"), apostrophes dropped inside a word ("don’t"
 * is "dont") but kept as a break after a French or Italian elision ("j’ai" is "j ai",
 * "l’ultima" is "l ultima"), digits apart from letters ("25m" is "25 m"). German
 * umlauts written as ae, oe, ue are matched by the phrase side (see reframe-crisis-check.c),
 * because folding "ue" in every text would turn Spanish "muero" into "muro".
 * build-aux/train-crisis-classifier.py folds the same way; keep the two in step.
 */

#define G_LOG_DOMAIN "ReframeCrisisCheck"

#include "config.h"

#include <string.h>

#include "reframe-crisis-check-private.h"

/* Words that end in an apostrophe in French and Italian, already folded: "l'", "qu'",
 * "dell'" (dedoubled to "del"), "un'". Any other apostrophe joins the word's halves. */
static const char *const elisions[] = { "l", "d", "j", "m", "t", "s", "n", "c", "qu", "jusqu", "lorsqu", "puisqu", "quelqu", "presqu", "un", "del", "al", "nel", "sul", "dal", "col", "quel", "bel", "sant", "ch", "tut", "quest", "nesun", "buon", NULL };

/**
 * _reframe_crisis_word_key:
 * @word: a folded word
 * @len: its length in bytes
 *
 * Returns: the index key of a word: its first three bytes and how many there are
 */
guint32
_reframe_crisis_word_key (const char *word,
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

static gboolean
ends_sentence (gunichar c)
{
  return c == '.' || c == '!' || c == '?' || c == ';' || c == '\n' || c == 0x2026 || c == 0x00A1 ||
         c == 0x00BF;
}

static gboolean
is_elision (const char *word,
            gsize       len)
{
  for (guint i = 0; elisions[i] != NULL; i++)
    if (strlen (elisions[i]) == len && memcmp (elisions[i], word, len) == 0)
      return TRUE;
  return FALSE;
}

typedef struct
{
  ReframeCrisisTokens *tokens;
  guint                start;
  guint                flags;
  gunichar             prev;
} Folder;

static void
end_word (Folder *folder)
{
  ReframeCrisisTokens *tokens = folder->tokens;
  ReframeCrisisToken   token = { 0 };

  folder->prev = 0;
  if (tokens->text->len == folder->start)
    return;
  token.start = folder->start;
  token.len = tokens->text->len - folder->start;
  token.flags = folder->flags;
  token.key = _reframe_crisis_word_key (tokens->text->str + folder->start, token.len);
  g_array_append_val (tokens->tokens, token);
  g_string_append_c (tokens->text, '\0');
  folder->start = tokens->text->len;
  folder->flags = 0;
}

static void
add_char (Folder  *folder,
          gunichar c)
{
  gboolean digit = g_unichar_isdigit (c);
  gboolean in_word = folder->tokens->text->len > folder->start;

  if (in_word && digit != ((folder->flags & REFRAME_CRISIS_TOKEN_NUMBER) != 0))
    end_word (folder);
  if (digit)
    folder->flags |= REFRAME_CRISIS_TOKEN_NUMBER;
  /* Held-down and doubled letters: "soooo" is "so", "kill" is "kil". Not digits: 100. */
  if (!digit && c == folder->prev)
    return;
  g_string_append_unichar (folder->tokens->text, c);
  folder->prev = c;
}

/**
 * _reframe_crisis_tokens_init:
 * @tokens: where to put the words
 * @text: any text, valid UTF-8 or not
 *
 * Folds @text into words (see the top of this file). Clear with
 * _reframe_crisis_tokens_clear().
 */
/* Returns: whether @text is ASCII, which casefolding and NFKD only lowercase. */
static gboolean
is_ascii (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p >= 0x80)
      return FALSE;
  return TRUE;
}

void
_reframe_crisis_tokens_init (ReframeCrisisTokens *tokens,
                             const char          *text)
{
  g_autofree char *valid = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *decomposed = NULL;
  Folder           folder = { tokens, 0, 0, 0 };
  gboolean         sentence = FALSE;

  /* Most phrases and many messages are ASCII: three allocations fewer for each. */
  if (is_ascii (text))
    decomposed = g_ascii_strdown (text, -1);
  else
    {
      valid = g_utf8_make_valid (text, -1);
      folded = g_utf8_casefold (valid, -1);
      decomposed = g_utf8_normalize (folded, -1, G_NORMALIZE_NFKD);
    }
  tokens->text = g_string_sized_new (strlen (decomposed) + 1);
  tokens->tokens = g_array_sized_new (FALSE, FALSE, sizeof (ReframeCrisisToken), 64);
  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_ismark (c))
        continue;
      if (is_apostrophe (c))
        {
          const char *word = tokens->text->str + folder.start;

          if (is_elision (word, tokens->text->len - folder.start))
            end_word (&folder);
          continue;
        }
      if (!g_unichar_isalnum (c))
        {
          end_word (&folder);
          sentence |= ends_sentence (c);
          continue;
        }
      if (sentence && tokens->text->len == folder.start)
        {
          /* Only between words: a text's first word starts no new sentence. */
          if (tokens->tokens->len > 0)
            folder.flags |= REFRAME_CRISIS_TOKEN_SENTENCE;
          sentence = FALSE;
        }
      add_char (&folder, c);
    }
  end_word (&folder);
}

/**
 * _reframe_crisis_tokens_clear:
 * @tokens: words from _reframe_crisis_tokens_init()
 */
void
_reframe_crisis_tokens_clear (ReframeCrisisTokens *tokens)
{
  g_string_free (tokens->text, TRUE);
  g_array_unref (tokens->tokens);
}

/**
 * _reframe_crisis_dup_folded:
 * @text: any text
 *
 * Returns: (transfer full): the folded words of @text joined by spaces, with " . "
 *   where a sentence ends (tests compare it with the training script's folding)
 */
char *
_reframe_crisis_dup_folded (const char *text)
{
  ReframeCrisisTokens tokens;
  GString            *out = g_string_new (NULL);

  _reframe_crisis_tokens_init (&tokens, text);
  for (guint i = 0; i < tokens.tokens->len; i++)
    {
      const ReframeCrisisToken *token = &g_array_index (tokens.tokens, ReframeCrisisToken, i);

      if (i > 0)
        g_string_append (out, token->flags & REFRAME_CRISIS_TOKEN_SENTENCE ? " . " : " ");
      g_string_append_len (out, tokens.text->str + token->start, token->len);
    }
  _reframe_crisis_tokens_clear (&tokens);
  return g_string_free (out, FALSE);
}
