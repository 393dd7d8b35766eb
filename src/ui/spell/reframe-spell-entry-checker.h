/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-spell-entry-checker.h: underlines misspelled words in a one-line field. */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define REFRAME_TYPE_SPELL_ENTRY_CHECKER (reframe_spell_entry_checker_get_type ())

G_DECLARE_FINAL_TYPE (
    ReframeSpellEntryChecker, reframe_spell_entry_checker, REFRAME, SPELL_ENTRY_CHECKER, GObject)

ReframeSpellEntryChecker *reframe_spell_entry_checker_new (GtkEditable *editable);
void                      reframe_spell_entry_checker_set_enabled (ReframeSpellEntryChecker *self, gboolean enabled);
void                      reframe_spell_entry_checker_set_language (ReframeSpellEntryChecker *self,
                                                                    const char               *language);
gboolean                  reframe_spell_entry_checker_is_busy (ReframeSpellEntryChecker *self);
GMenuModel               *reframe_spell_entry_checker_get_menu (ReframeSpellEntryChecker *self);
void                      reframe_spell_entry_checker_update_menu (ReframeSpellEntryChecker *self);

G_END_DECLS
