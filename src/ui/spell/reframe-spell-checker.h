/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-spell-checker.h: underlines misspelled words in a text view, as the person types. */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define REFRAME_TYPE_SPELL_CHECKER (reframe_spell_checker_get_type ())

G_DECLARE_FINAL_TYPE (ReframeSpellChecker, reframe_spell_checker, REFRAME, SPELL_CHECKER, GObject)

ReframeSpellChecker *reframe_spell_checker_new (GtkTextView *view);
gboolean             reframe_spell_checker_get_enabled (ReframeSpellChecker *self);
void                 reframe_spell_checker_set_enabled (ReframeSpellChecker *self,
                                                        gboolean             enabled);
const char          *reframe_spell_checker_get_language (ReframeSpellChecker *self);
void                 reframe_spell_checker_set_language (ReframeSpellChecker *self,
                                                         const char          *language);
GtkTextTag          *reframe_spell_checker_get_error_tag (ReframeSpellChecker *self);
gboolean             reframe_spell_checker_is_busy (ReframeSpellChecker *self);
GMenuModel          *reframe_spell_checker_get_menu (ReframeSpellChecker *self);
void                 reframe_spell_checker_update_menu (ReframeSpellChecker *self,
                                                        const GtkTextIter   *iter);

G_END_DECLS
