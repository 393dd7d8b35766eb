/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-spell-tokenizer.h: the words of a text that spell-checking looks at. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * ReframeSpellWord:
 * @start: byte offset of the word's first character
 * @end: byte offset just past the word's last character
 *
 * One word to check, as byte offsets into the text given to reframe_spell_tokenize().
 */
typedef struct
{
  gsize start;
  gsize end;
} ReframeSpellWord;

GArray  *reframe_spell_tokenize (const char *text,
                                 gssize      length);
gboolean reframe_spell_find_word_at (const char       *text,
                                     gssize            length,
                                     gsize             offset,
                                     ReframeSpellWord *word);
gboolean reframe_spell_is_space (gunichar c);

G_END_DECLS
