/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-spell.c: the spelling dictionary (enchant-2 with the hunspell dictionaries of
 * build-aux/deps.sh) and the tokenizer that finds the words to check.
 *
 * HOME and XDG_CONFIG_HOME point into a folder of the test's own, set before anything
 * asks GLib for them, so the personal dictionary written here is never the person's. */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "reframe-spell-dictionary.h"
#include "reframe-spell-tokenizer.h"
#include "reframe-test-util.h"

static char *home_dir;

/* The words the tokenizer finds in @text, joined with "|". */
static char *
dup_words (const char *text)
{
  g_autoptr (GArray) words = reframe_spell_tokenize (text, -1);
  g_autoptr (GString) joined = g_string_new (NULL);

  for (guint i = 0; i < words->len; i++)
    {
      ReframeSpellWord *word = &g_array_index (words, ReframeSpellWord, i);

      if (i > 0)
        g_string_append_c (joined, '|');
      g_string_append_len (joined, text + word->start, word->end - word->start);
    }
  return g_string_free (g_steal_pointer (&joined), FALSE);
}

static void
test_tokenizer (void)
{
  static const struct
  {
    const char *text;
    const char *words;
  } cases[] = {
    { "I feel hopefull today", "I|feel|hopefull|today" },
    { "", "" },
    { "   \n\t ", "" },
    { "don't  can’t rock'n'roll", "don't|can’t|rock'n'roll" },
    /* Quotes around a word are not part of it; a trailing apostrophe neither. */
    { "'quoted' “curly” dogs'", "quoted|curly|dogs" },
    { "well-known, semi-colon; end.", "well|known|semi|colon|end" },
    /* Numbers and words with digits are skipped. */
    { "on 3rd May 2024 at 10:30 got 4 mp3s", "on|May|at|got" },
    { "see https://example.org/helo-wrld and www.exmple.com now", "see|and|now" },
    { "mail sam@exmple.org or mailto:x@y.z please", "mail|or|please" },
    /* An @ alone is no address. */
    { "meet @ noon", "meet|noon" },
    { "Grüße aus München, señor", "Grüße|aus|München|señor" },
    { "naïve cafe\xcc\x81", "naïve|cafe\xcc\x81" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *words = dup_words (cases[i].text);
      g_assert_cmpstr (words, ==, cases[i].words);
    }
}

static void
test_tokenizer_offsets (void)
{
  const char *text = "Ich füge hinzu";
  g_autoptr (GArray) words = reframe_spell_tokenize (text, 8);

  /* Only the bytes asked for: "füge" is cut to "füg" (8 bytes in all). */
  g_assert_cmpuint (words->len, ==, 2);
  g_assert_cmpuint (g_array_index (words, ReframeSpellWord, 0).start, ==, 0);
  g_assert_cmpuint (g_array_index (words, ReframeSpellWord, 0).end, ==, 3);
  g_assert_cmpuint (g_array_index (words, ReframeSpellWord, 1).start, ==, 4);
  g_assert_cmpuint (g_array_index (words, ReframeSpellWord, 1).end, ==, 8);
}

static void
test_find_word_at (void)
{
  const char      *text = "I feel hopefull today, don't you?";
  ReframeSpellWord word;

  /* In a word, at its start, just after its end. */
  g_assert_true (reframe_spell_find_word_at (text, -1, 9, &word));
  g_assert_cmpuint (word.start, ==, 7);
  g_assert_cmpuint (word.end, ==, 15);
  g_assert_true (reframe_spell_find_word_at (text, -1, 7, &word));
  g_assert_cmpuint (word.start, ==, 7);
  g_assert_true (reframe_spell_find_word_at (text, -1, 21, &word));
  g_assert_cmpuint (word.start, ==, 16);
  g_assert_true (reframe_spell_find_word_at (text, -1, 25, &word));
  g_assert_cmpuint (word.end, ==, 28);
  /* Between ", " there is none. */
  g_assert_false (reframe_spell_find_word_at (text, -1, 22, &word));
  g_assert_false (reframe_spell_find_word_at ("", -1, 0, &word));
}

static void
test_languages (void)
{
  g_auto (GStrv) languages = reframe_spell_list_languages ();

  /* build-aux/deps.sh installs these three. */
  g_assert_true (g_strv_contains ((const char *const *) languages, "en_US"));
  g_assert_true (g_strv_contains ((const char *const *) languages, "de_DE"));
  g_assert_true (g_strv_contains ((const char *const *) languages, "es_ES"));
  for (guint i = 1; languages[i] != NULL; i++)
    g_assert_cmpint (strcmp (languages[i - 1], languages[i]), <, 0);
  g_assert_true (reframe_spell_language_is_available ("de_DE"));
  g_assert_false (reframe_spell_language_is_available ("xx_XX"));
  g_assert_false (reframe_spell_language_is_available (""));
}

static void
test_language_names (void)
{
  g_autofree char *german = reframe_spell_dup_language_name ("de_DE");
  g_autofree char *english = reframe_spell_dup_language_name ("en");
  g_autofree char *unknown = reframe_spell_dup_language_name ("xx_YY");

  g_assert_cmpstr (german, ==, "German (DE)");
  g_assert_cmpstr (english, ==, "English");
  g_assert_cmpstr (unknown, ==, "xx_YY");
}

static void
check_default_language (const char *language,
                        const char *expected)
{
  g_autofree char *found = NULL;

  if (language != NULL)
    g_setenv ("LANGUAGE", language, TRUE);
  else
    g_unsetenv ("LANGUAGE");
  /* GLib caches the language names per locale setting: a new LC_MESSAGES value makes
   * it read them again. */
  setlocale (LC_MESSAGES, "C");
  setlocale (LC_MESSAGES, "C.UTF-8");
  found = reframe_spell_dup_default_language ();
  g_assert_cmpstr (found, ==, expected);
}

static void
test_default_language (void)
{
  /* The C locale has no language: the fallback. */
  check_default_language (NULL, "en_US");
  /* LANGUAGE comes first; a language alone finds its main country's dictionary. */
  check_default_language ("de", "de_DE");
  check_default_language ("en", "en_US");
  check_default_language ("es_MX:de", "es_MX");
  /* A language without a dictionary is passed over for the next one. */
  check_default_language ("xx:de_DE", "de_DE");
  check_default_language ("xx", "en_US");
  g_unsetenv ("LANGUAGE");
}

static void
test_check_and_suggest (void)
{
  g_autoptr (ReframeSpellDictionary) dict = reframe_spell_dictionary_new ("en_US");
  g_auto (GStrv) suggestions = NULL;

  g_assert_true (reframe_spell_dictionary_is_available (dict));
  g_assert_cmpstr (reframe_spell_dictionary_get_language (dict), ==, "en_US");
  g_assert_true (reframe_spell_dictionary_check_word (dict, "hopeful", -1));
  g_assert_true (reframe_spell_dictionary_check_word (dict, "don't", -1));
  g_assert_false (reframe_spell_dictionary_check_word (dict, "hopefull", -1));
  /* The length counts: "hopefull" cut to seven bytes is a word. */
  g_assert_true (reframe_spell_dictionary_check_word (dict, "hopefull", 7));

  suggestions =
      reframe_spell_dictionary_suggest (dict, "hopefull", -1, REFRAME_SPELL_MAX_SUGGESTIONS);
  g_assert_true (g_strv_contains ((const char *const *) suggestions, "hopeful"));
  g_assert_cmpuint (g_strv_length (suggestions), <=, REFRAME_SPELL_MAX_SUGGESTIONS);
  g_assert_cmpuint (g_strv_length (suggestions), >=, 1);
}

static void
test_other_languages (void)
{
  g_autoptr (ReframeSpellDictionary) german = reframe_spell_dictionary_new ("de_DE");
  g_autoptr (ReframeSpellDictionary) spanish = reframe_spell_dictionary_new ("es_ES");
  g_auto (GStrv) suggestions = NULL;

  g_assert_true (reframe_spell_dictionary_check_word (german, "Gefühl", -1));
  g_assert_false (reframe_spell_dictionary_check_word (german, "Gefüll", -1));
  g_assert_true (reframe_spell_dictionary_check_word (spanish, "esperanza", -1));
  g_assert_false (reframe_spell_dictionary_check_word (spanish, "esperansa", -1));
  suggestions = reframe_spell_dictionary_suggest (spanish, "esperansa", -1, 5);
  g_assert_true (g_strv_contains ((const char *const *) suggestions, "esperanza"));
}

static void
test_no_dictionary (void)
{
  g_autoptr (ReframeSpellDictionary) dict = reframe_spell_dictionary_new ("xx_XX");
  g_auto (GStrv) suggestions = NULL;

  /* No dictionary: nothing is wrong, nothing is suggested, nothing fails. */
  g_assert_false (reframe_spell_dictionary_is_available (dict));
  g_assert_true (reframe_spell_dictionary_check_word (dict, "qwzrtx", -1));
  suggestions = reframe_spell_dictionary_suggest (dict, "qwzrtx", -1, 5);
  g_assert_cmpuint (g_strv_length (suggestions), ==, 0);
  reframe_spell_dictionary_add_word (dict, "qwzrtx", -1);
  reframe_spell_dictionary_ignore_word (dict, "qwzrtx", -1);
}

static void
words_changed_cb (ReframeSpellDictionary *dict,
                  guint                  *count)
{
  (*count)++;
}

static void
test_add_word (void)
{
  g_autoptr (ReframeSpellDictionary) dict = reframe_spell_dictionary_new ("en_US");
  g_autofree char *path = g_build_filename (home_dir, "config", "enchant", "en_US.dic", NULL);
  g_autofree char *contents = NULL;
  guint            changes = 0;

  g_signal_connect (dict, "words-changed", G_CALLBACK (words_changed_cb), &changes);
  g_assert_false (reframe_spell_dictionary_check_word (dict, "Reframey", -1));
  reframe_spell_dictionary_add_word (dict, "Reframey", -1);
  g_assert_cmpuint (changes, ==, 1);
  g_assert_true (reframe_spell_dictionary_check_word (dict, "Reframey", -1));

  /* Kept in the private config folder, where a new dictionary finds it. */
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "Reframey"));
  g_assert_finalize_object (g_steal_pointer (&dict));
  dict = reframe_spell_dictionary_new ("en_US");
  g_assert_true (reframe_spell_dictionary_check_word (dict, "Reframey", -1));
  /* Only in English. */
  {
    g_autoptr (ReframeSpellDictionary) german = reframe_spell_dictionary_new ("de_DE");
    g_assert_false (reframe_spell_dictionary_check_word (german, "Reframey", -1));
  }
}

static void
test_ignore_word (void)
{
  g_autoptr (ReframeSpellDictionary) dict = reframe_spell_dictionary_new ("en_US");
  g_autofree char *path = g_build_filename (home_dir, "config", "enchant", "en_US.dic", NULL);
  g_autofree char *contents = NULL;

  g_assert_false (reframe_spell_dictionary_check_word (dict, "Sammyx", -1));
  reframe_spell_dictionary_ignore_word (dict, "Sammyx", -1);
  g_assert_true (reframe_spell_dictionary_check_word (dict, "Sammyx", -1));
  /* Ignored for this session only: never written down. */
  if (g_file_get_contents (path, &contents, NULL, NULL))
    g_assert_null (strstr (contents, "Sammyx"));
}

static void
test_shared (void)
{
  g_autoptr (ReframeSpellDictionary) a = reframe_spell_dictionary_get_shared ("en_US");
  g_autoptr (ReframeSpellDictionary) b = reframe_spell_dictionary_get_shared ("en_US");
  g_autoptr (ReframeSpellDictionary) c = reframe_spell_dictionary_get_shared ("de_DE");

  guint changes = 0;

  g_assert_true (a == b);
  g_assert_true (a != c);

  /* Loaded on a worker thread: until then every word passes, then it says so. */
  g_assert_true (reframe_spell_dictionary_is_loading (a));
  g_assert_true (reframe_spell_dictionary_check_word (a, "hopefull", -1));
  g_signal_connect (a, "words-changed", G_CALLBACK (words_changed_cb), &changes);
  while (reframe_spell_dictionary_is_loading (a) || reframe_spell_dictionary_is_loading (c))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (changes, ==, 1);
  g_assert_true (reframe_spell_dictionary_is_available (a));
  g_assert_false (reframe_spell_dictionary_check_word (a, "hopefull", -1));
  g_assert_false (reframe_spell_dictionary_check_word (c, "Gefüll", -1));
  g_signal_handlers_disconnect_by_data (a, &changes);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *config = NULL;
  int              status;

  /* Before GLib reads them for anyone. */
  home_dir = g_dir_make_tmp ("reframe-spell-XXXXXX", NULL);
  g_assert_nonnull (home_dir);
  config = g_build_filename (home_dir, "config", NULL);
  g_setenv ("HOME", home_dir, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_unsetenv ("LANGUAGE");

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpstr (g_get_user_config_dir (), ==, config);

  g_test_add_func ("/reframe/spell/tokenizer", test_tokenizer);
  g_test_add_func ("/reframe/spell/tokenizer-offsets", test_tokenizer_offsets);
  g_test_add_func ("/reframe/spell/find-word-at", test_find_word_at);
  g_test_add_func ("/reframe/spell/languages", test_languages);
  g_test_add_func ("/reframe/spell/language-names", test_language_names);
  g_test_add_func ("/reframe/spell/default-language", test_default_language);
  g_test_add_func ("/reframe/spell/check-and-suggest", test_check_and_suggest);
  g_test_add_func ("/reframe/spell/other-languages", test_other_languages);
  g_test_add_func ("/reframe/spell/no-dictionary", test_no_dictionary);
  g_test_add_func ("/reframe/spell/add-word", test_add_word);
  g_test_add_func ("/reframe/spell/ignore-word", test_ignore_word);
  g_test_add_func ("/reframe/spell/shared", test_shared);
  status = g_test_run ();

  reframe_test_remove_tree (home_dir);
  g_free (home_dir);
  return status;
}
