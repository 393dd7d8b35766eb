/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-spell-tokenizer.c: the words of a text that spell-checking looks at.
 *
 * A word is a run of letters (with their combining marks) that may hold an apostrophe
 * between two letters ("don't", "don’t", "rock'n'roll"). Words are split at hyphens and
 * at every other character, like GLib's and Pango's word boundaries. Skipped whole: a
 * word with a digit in it ("3rd", "mp3"), and every whitespace-separated chunk that is
 * a web address or an e-mail address ("https://…", "www.…", "name@host.org"), whose
 * parts are not words of any language. */

#define G_LOG_DOMAIN "ReframeSpellTokenizer"

#include "config.h"

#include <string.h>

#include "reframe-spell-tokenizer.h"

/**
 * reframe_spell_is_space:
 * @c: a character
 *
 * Whether @c separates the chunks the tokenizer looks at one by one (and so where a
 * checker may start or stop checking a part of a longer text).
 *
 * Returns: %TRUE for white space
 */
gboolean
reframe_spell_is_space (gunichar c)
{
  return g_unichar_isspace (c) || c == 0x00A0 || c == 0x2028 || c == 0x2029;
}

static gboolean
is_apostrophe (gunichar c)
{
  return c == '\'' || c == 0x2019 || c == 0x02BC;
}

/* Letters, marks and numbers: the Unicode categories a word is made of. */
#define WORD_TYPES ((1u << G_UNICODE_LOWERCASE_LETTER) | (1u << G_UNICODE_UPPERCASE_LETTER) | \
                    (1u << G_UNICODE_TITLECASE_LETTER) | (1u << G_UNICODE_MODIFIER_LETTER) |  \
                    (1u << G_UNICODE_OTHER_LETTER) | (1u << G_UNICODE_SPACING_MARK) |         \
                    (1u << G_UNICODE_ENCLOSING_MARK) | (1u << G_UNICODE_NON_SPACING_MARK) |   \
                    (1u << G_UNICODE_DECIMAL_NUMBER) | (1u << G_UNICODE_LETTER_NUMBER) |      \
                    (1u << G_UNICODE_OTHER_NUMBER))

static gboolean
is_word_char (gunichar c)
{
  return (WORD_TYPES & (1u << g_unichar_type (c))) != 0;
}

/* Whether a whitespace-separated chunk is an address, none of whose parts are words. */
static gboolean
is_address (const char *chunk,
            gsize       length)
{
  const char *at = memchr (chunk, '@', length);

  if (g_strstr_len (chunk, length, "://") != NULL)
    return TRUE;
  if (length > 4 && g_ascii_strncasecmp (chunk, "www.", 4) == 0)
    return TRUE;
  if (length > 7 && g_ascii_strncasecmp (chunk, "mailto:", 7) == 0)
    return TRUE;
  /* name@host.tld: an @ with something before it and a dot somewhere after it. */
  return at != NULL && at > chunk && memchr (at, '.', length - (at - chunk)) != NULL;
}

static gboolean
has_digit (const char *word,
           gsize       length)
{
  for (const char *p = word; p < word + length; p = g_utf8_next_char (p))
    {
      GUnicodeType type = g_unichar_type (g_utf8_get_char (p));

      if (type == G_UNICODE_DECIMAL_NUMBER || type == G_UNICODE_LETTER_NUMBER ||
          type == G_UNICODE_OTHER_NUMBER)
        return TRUE;
    }
  return FALSE;
}

static void
add_words_of_chunk (GArray     *words,
                    const char *text,
                    gsize       chunk_start,
                    gsize       chunk_end)
{
  const char *end = text + chunk_end;
  const char *p = text + chunk_start;

  while (p < end)
    {
      const char      *start;
      ReframeSpellWord word;

      while (p < end && !is_word_char (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      if (p >= end)
        break;
      start = p;
      while (p < end)
        {
          gunichar c = g_utf8_get_char (p);
          if (is_word_char (c))
            p = g_utf8_next_char (p);
          else if (is_apostrophe (c) && g_utf8_next_char (p) < end &&
                   is_word_char (g_utf8_get_char (g_utf8_next_char (p))))
            p = g_utf8_next_char (p);
          else
            break;
        }
      if (has_digit (start, p - start))
        continue;
      word.start = start - text;
      word.end = p - text;
      g_array_append_val (words, word);
    }
}

/**
 * reframe_spell_tokenize:
 * @text: UTF-8 text
 * @length: its length in bytes, or -1 when it ends with a nul
 *
 * Finds the words of @text to check, in order.
 *
 * Returns: (transfer full) (element-type ReframeSpellWord): the words, as byte offsets
 */
GArray *
reframe_spell_tokenize (const char *text,
                        gssize      length)
{
  GArray     *words = g_array_new (FALSE, FALSE, sizeof (ReframeSpellWord));
  const char *end;
  const char *p = text;

  g_return_val_if_fail (text != NULL, words);

  end = text + (length < 0 ? strlen (text) : (gsize) length);
  while (p < end)
    {
      const char *chunk;

      while (p < end && reframe_spell_is_space (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      chunk = p;
      while (p < end && !reframe_spell_is_space (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      if (p > chunk && !is_address (chunk, p - chunk))
        add_words_of_chunk (words, text, chunk - text, p - text);
    }
  return words;
}

/**
 * reframe_spell_find_word_at:
 * @text: UTF-8 text
 * @length: its length in bytes, or -1 when it ends with a nul
 * @offset: a byte offset into @text, such as the cursor's
 * @word: (out): the word found
 *
 * Finds the word to check that @offset is in or just after, as a context menu asks for
 * the word under the pointer or at the cursor.
 *
 * Returns: %TRUE when there is one
 */
gboolean
reframe_spell_find_word_at (const char       *text,
                            gssize            length,
                            gsize             offset,
                            ReframeSpellWord *word)
{
  g_autoptr (GArray) words = NULL;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (word != NULL, FALSE);

  words = reframe_spell_tokenize (text, length);
  for (guint i = 0; i < words->len; i++)
    {
      ReframeSpellWord *found = &g_array_index (words, ReframeSpellWord, i);

      if (found->start <= offset && offset <= found->end)
        {
          *word = *found;
          return TRUE;
        }
    }
  return FALSE;
}
