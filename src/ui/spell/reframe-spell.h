/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-spell.h: spell-checking for the app's text fields, with its settings. */

#pragma once

#include <gtk/gtk.h>

#include "reframe-spell-dictionary.h"

G_BEGIN_DECLS

/* The kinds of field a language is remembered for (GSettings "spell-languages"). */
#define REFRAME_SPELL_FIELD_JOURNAL_NOTE  "journal-note"
#define REFRAME_SPELL_FIELD_WORKSHEET     "worksheet"
#define REFRAME_SPELL_FIELD_HOMEWORK_NOTE "homework-note"
#define REFRAME_SPELL_FIELD_COMPANION     "companion"

GObject *reframe_spell_attach_text_view (GtkTextView *view,
                                         const char  *field_kind);
GObject *reframe_spell_attach_editable (GtkEditable *editable,
                                        const char  *field_kind);
GObject *reframe_spell_get_checker (GtkWidget *widget);

const char *reframe_spell_get_default_language (void);
char      **reframe_spell_get_languages (void);
void        reframe_spell_fill_menu (GMenu                  *menu,
                                     ReframeSpellDictionary *dictionary,
                                     const char             *misspelled_word);

G_END_DECLS
