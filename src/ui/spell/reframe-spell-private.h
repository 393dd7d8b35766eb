/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-spell-private.h: the context menu's spelling part, which both checkers share.
 *
 * ReframeSpellChecker (a text view) and ReframeSpellEntryChecker (a one-line field) find
 * and mark words their own way, but their menu, its actions, the controllers that open
 * it and the dictionary it speaks for are the same; each embeds a ReframeSpellMenu and
 * passes in only what differs (ReframeSpellMenuHooks). */

#pragma once

#include <gtk/gtk.h>

#include "reframe-spell-dictionary.h"
#include "reframe-spell-tokenizer.h"

G_BEGIN_DECLS

/* The properties both checkers have: "enabled" and "language". */
enum
{
  REFRAME_SPELL_PROP_0,
  REFRAME_SPELL_PROP_ENABLED,
  REFRAME_SPELL_PROP_LANGUAGE,
  REFRAME_SPELL_N_PROPS
};

/* What each checker does its own way; every callback gets the checker as its data. */
typedef struct
{
  /* Swapped: the dictionary's words changed, so what is underlined may be wrong. */
  GCallback words_changed;
  /* GSimpleAction::activate for spell.replace, with the correction. */
  GCallback replace_activated;
  /* GtkGestureClick::pressed for a secondary click, before the widget's own. */
  GCallback click_pressed;
  /* Menu or Shift+F10, before the widget opens its menu. */
  GtkShortcutFunc menu_key;
} ReframeSpellMenuHooks;

typedef struct
{
  /* Borrowed */
  GObject   *checker;
  GtkWidget *widget;
  GCallback  words_changed;

  /* Owned */
  ReframeSpellDictionary *dictionary;
  char                   *language;
  GMenu                  *menu;
  GSimpleActionGroup     *actions;
  char                   *menu_word;

  /* Owned by the widget */
  GtkEventController *click;
  GtkEventController *shortcuts;

  gulong words_changed_id;
  /* The "enabled" property; the checker's setter changes it. */
  gboolean enabled;
} ReframeSpellMenu;

void _reframe_spell_install_properties (GObjectClass *object_class,
                                        GParamSpec  **properties);

void     _reframe_spell_menu_init (ReframeSpellMenu *self);
void     _reframe_spell_menu_get_property (ReframeSpellMenu *self,
                                           GObject          *object,
                                           guint             prop_id,
                                           GValue           *value,
                                           GParamSpec       *pspec);
void     _reframe_spell_menu_attach (ReframeSpellMenu            *self,
                                     GObject                     *checker,
                                     GtkWidget                   *widget,
                                     const ReframeSpellMenuHooks *hooks);
void     _reframe_spell_menu_detach (ReframeSpellMenu *self);
void     _reframe_spell_menu_dispose (ReframeSpellMenu *self);
void     _reframe_spell_menu_finalize (ReframeSpellMenu *self);
gboolean _reframe_spell_menu_set_language (ReframeSpellMenu *self,
                                           const char       *language,
                                           gboolean         *dictionary_changed);
gboolean _reframe_spell_menu_begin_update (ReframeSpellMenu *self,
                                           gboolean          enabled);
gboolean _reframe_spell_menu_find_word (ReframeSpellMenu *self,
                                        const char       *text,
                                        gsize             offset,
                                        ReframeSpellWord *word);
void     _reframe_spell_menu_fill (ReframeSpellMenu *self);

G_END_DECLS
