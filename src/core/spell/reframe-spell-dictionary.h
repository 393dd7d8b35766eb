/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-spell-dictionary.h: one language's spelling dictionary (enchant-2). */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define REFRAME_TYPE_SPELL_DICTIONARY (reframe_spell_dictionary_get_type ())

G_DECLARE_FINAL_TYPE (
    ReframeSpellDictionary, reframe_spell_dictionary, REFRAME, SPELL_DICTIONARY, GObject)

#define REFRAME_SPELL_FALLBACK_LANGUAGE "en_US"
#define REFRAME_SPELL_MAX_SUGGESTIONS   5

ReframeSpellDictionary *reframe_spell_dictionary_new (const char *language);
ReframeSpellDictionary *reframe_spell_dictionary_get_shared (const char *language);
const char             *reframe_spell_dictionary_get_language (ReframeSpellDictionary *self);
gboolean                reframe_spell_dictionary_is_available (ReframeSpellDictionary *self);
gboolean                reframe_spell_dictionary_is_loading (ReframeSpellDictionary *self);
gboolean                reframe_spell_dictionary_check_word (ReframeSpellDictionary *self,
                                                             const char             *word,
                                                             gssize                  length);
char                  **reframe_spell_dictionary_suggest (ReframeSpellDictionary *self,
                                                          const char             *word,
                                                          gssize                  length,
                                                          guint                   max_suggestions);
void                    reframe_spell_dictionary_add_word (ReframeSpellDictionary *self,
                                                           const char             *word,
                                                           gssize                  length);
void                    reframe_spell_dictionary_ignore_word (ReframeSpellDictionary *self,
                                                              const char             *word,
                                                              gssize                  length);

char   **reframe_spell_list_languages (void);
gboolean reframe_spell_language_is_available (const char *language);
char    *reframe_spell_dup_default_language (void);
char    *reframe_spell_dup_language_name (const char *language);

G_END_DECLS
