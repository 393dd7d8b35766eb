/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-spell-entry-checker.c: underlines misspelled words in a one-line field.
 *
 * A one-line field is short, so every change checks it whole, at high idle priority
 * (before the frame is painted), and shows misspelled words with Pango attributes on
 * its GtkText (an error underline). The word being typed, which ends at the cursor
 * while the field has the focus, waits until the cursor leaves it. The context menu's
 * spelling part is for the word at the cursor (GtkText has no way to find the word
 * under the pointer), made when the menu opens by a secondary click, Menu or Shift+F10. */

#define G_LOG_DOMAIN "ReframeSpellEntryChecker"

#include "config.h"

#include "reframe-spell-dictionary.h"
#include "reframe-spell-entry-checker.h"
#include "reframe-spell-private.h"
#include "reframe-spell-tokenizer.h"
#include "reframe-spell.h"

struct _ReframeSpellEntryChecker
{
  GObject parent_instance;

  /* Borrowed */
  GtkEditable *editable;
  GtkText     *text;

  /* Owned */
  ReframeSpellMenu spell;

  int   word_start;
  int   word_end;
  guint check_id;
};

static GParamSpec *properties[REFRAME_SPELL_N_PROPS];

G_DEFINE_FINAL_TYPE (ReframeSpellEntryChecker, reframe_spell_entry_checker, G_TYPE_OBJECT)

/* Helpers */

static gboolean
is_being_typed (ReframeSpellEntryChecker *self,
                const char               *text,
                gsize                     word_end)
{
  int start, end;

  if (!gtk_widget_has_focus (GTK_WIDGET (self->text)) ||
      gtk_editable_get_selection_bounds (self->editable, &start, &end))
    return FALSE;
  return g_utf8_pointer_to_offset (text, text + word_end) ==
         gtk_editable_get_position (self->editable);
}

static void
check (ReframeSpellEntryChecker *self)
{
  const char *text = gtk_editable_get_text (self->editable);
  g_autoptr (GArray) words = reframe_spell_tokenize (text, -1);
  PangoAttrList *attributes = pango_attr_list_new ();

  for (guint i = 0; self->spell.enabled && i < words->len; i++)
    {
      ReframeSpellWord *word = &g_array_index (words, ReframeSpellWord, i);
      PangoAttribute   *line, *color;

      if (reframe_spell_dictionary_check_word (
              self->spell.dictionary, text + word->start, word->end - word->start) ||
          is_being_typed (self, text, word->end))
        continue;
      line = pango_attr_underline_new (PANGO_UNDERLINE_ERROR);
      color = pango_attr_underline_color_new (0xe0e0, 0x1c1c, 0x2424);
      line->start_index = color->start_index = word->start;
      line->end_index = color->end_index = word->end;
      pango_attr_list_insert (attributes, line);
      pango_attr_list_insert (attributes, color);
    }
  gtk_text_set_attributes (self->text, attributes);
  pango_attr_list_unref (attributes);
}

/* Callbacks */

static gboolean
check_cb (gpointer data)
{
  ReframeSpellEntryChecker *self = data;

  self->check_id = 0;
  check (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_check (ReframeSpellEntryChecker *self)
{
  if (self->check_id != 0 || self->editable == NULL)
    return;
  self->check_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 10, check_cb, self, NULL);
  g_source_set_name_by_id (self->check_id, "[reframe] spell-check entry");
}

static void
click_pressed_cb (GtkGestureClick          *gesture,
                  int                       n_press,
                  double                    x,
                  double                    y,
                  ReframeSpellEntryChecker *self)
{
  reframe_spell_entry_checker_update_menu (self);
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
}

static gboolean
menu_key_cb (GtkWidget *widget,
             GVariant  *args,
             gpointer   data)
{
  ReframeSpellEntryChecker *self = data;

  reframe_spell_entry_checker_update_menu (self);
  return gtk_widget_activate_action (GTK_WIDGET (self->text), "menu.popup", NULL);
}

static void
replace_activated_cb (GSimpleAction            *action,
                      GVariant                 *parameter,
                      ReframeSpellEntryChecker *self)
{
  int position = self->word_start;

  if (self->spell.menu_word == NULL)
    return;
  gtk_editable_delete_text (self->editable, self->word_start, self->word_end);
  gtk_editable_insert_text (self->editable, g_variant_get_string (parameter, NULL), -1, &position);
  gtk_editable_set_position (self->editable, position);
}

static void
editable_destroyed_cb (ReframeSpellEntryChecker *self)
{
  g_clear_handle_id (&self->check_id, g_source_remove);
  g_signal_handlers_disconnect_by_data (self->editable, self);
  _reframe_spell_menu_detach (&self->spell);
  self->editable = NULL;
}

/* Overrides */

static void
reframe_spell_entry_checker_dispose (GObject *object)
{
  ReframeSpellEntryChecker *self = REFRAME_SPELL_ENTRY_CHECKER (object);

  if (self->editable != NULL)
    editable_destroyed_cb (self);
  _reframe_spell_menu_dispose (&self->spell);

  G_OBJECT_CLASS (reframe_spell_entry_checker_parent_class)->dispose (object);
}

static void
reframe_spell_entry_checker_finalize (GObject *object)
{
  ReframeSpellEntryChecker *self = REFRAME_SPELL_ENTRY_CHECKER (object);

  _reframe_spell_menu_finalize (&self->spell);

  G_OBJECT_CLASS (reframe_spell_entry_checker_parent_class)->finalize (object);
}

static void
reframe_spell_entry_checker_get_property (GObject    *object,
                                          guint       prop_id,
                                          GValue     *value,
                                          GParamSpec *pspec)
{
  _reframe_spell_menu_get_property (
      &REFRAME_SPELL_ENTRY_CHECKER (object)->spell, object, prop_id, value, pspec);
}

static void
reframe_spell_entry_checker_set_property (GObject      *object,
                                          guint         prop_id,
                                          const GValue *value,
                                          GParamSpec   *pspec)
{
  ReframeSpellEntryChecker *self = REFRAME_SPELL_ENTRY_CHECKER (object);

  switch (prop_id)
    {
    case REFRAME_SPELL_PROP_ENABLED:
      reframe_spell_entry_checker_set_enabled (self, g_value_get_boolean (value));
      break;
    case REFRAME_SPELL_PROP_LANGUAGE:
      reframe_spell_entry_checker_set_language (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reframe_spell_entry_checker_class_init (ReframeSpellEntryCheckerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = reframe_spell_entry_checker_dispose;
  object_class->finalize = reframe_spell_entry_checker_finalize;
  object_class->get_property = reframe_spell_entry_checker_get_property;
  object_class->set_property = reframe_spell_entry_checker_set_property;

  _reframe_spell_install_properties (object_class, properties);
}

static void
reframe_spell_entry_checker_init (ReframeSpellEntryChecker *self)
{
  _reframe_spell_menu_init (&self->spell);
}

/* Public API */

/**
 * reframe_spell_entry_checker_new:
 * @editable: a GtkEntry, or another editable with a GtkText inside, or a GtkText
 *
 * Checks @editable's spelling in the locale's language. The caller keeps the checker
 * as long as @editable (reframe_spell_attach_editable() gives it to @editable).
 *
 * Returns: (transfer full): the checker
 */
ReframeSpellEntryChecker *
reframe_spell_entry_checker_new (GtkEditable *editable)
{
  static const ReframeSpellMenuHooks hooks = {
    .words_changed = G_CALLBACK (schedule_check),
    .replace_activated = G_CALLBACK (replace_activated_cb),
    .click_pressed = G_CALLBACK (click_pressed_cb),
    .menu_key = menu_key_cb,
  };
  ReframeSpellEntryChecker *self;
  GtkEditable              *delegate;

  g_return_val_if_fail (GTK_IS_EDITABLE (editable), NULL);

  delegate = GTK_IS_TEXT (editable) ? editable : gtk_editable_get_delegate (editable);
  g_return_val_if_fail (GTK_IS_TEXT (delegate), NULL);

  self = g_object_new (REFRAME_TYPE_SPELL_ENTRY_CHECKER, NULL);
  self->editable = editable;
  self->text = GTK_TEXT (delegate);
  _reframe_spell_menu_attach (&self->spell, G_OBJECT (self), GTK_WIDGET (editable), &hooks);
  gtk_text_set_extra_menu (self->text, G_MENU_MODEL (self->spell.menu));
  g_signal_connect_swapped (editable, "changed", G_CALLBACK (schedule_check), self);
  g_signal_connect_swapped (editable, "notify::cursor-position", G_CALLBACK (schedule_check), self);
  g_signal_connect_swapped (editable, "notify::has-focus", G_CALLBACK (schedule_check), self);
  g_signal_connect_swapped (self->text, "notify::has-focus", G_CALLBACK (schedule_check), self);
  g_signal_connect_swapped (editable, "destroy", G_CALLBACK (editable_destroyed_cb), self);
  schedule_check (self);
  return self;
}

void
reframe_spell_entry_checker_set_enabled (ReframeSpellEntryChecker *self,
                                         gboolean                  enabled)
{
  g_return_if_fail (REFRAME_IS_SPELL_ENTRY_CHECKER (self));

  enabled = !!enabled;
  if (self->spell.enabled == enabled)
    return;
  self->spell.enabled = enabled;
  g_menu_remove_all (self->spell.menu);
  schedule_check (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[REFRAME_SPELL_PROP_ENABLED]);
}

void
reframe_spell_entry_checker_set_language (ReframeSpellEntryChecker *self,
                                          const char               *language)
{
  gboolean dictionary_changed;

  g_return_if_fail (REFRAME_IS_SPELL_ENTRY_CHECKER (self));

  if (!_reframe_spell_menu_set_language (&self->spell, language, &dictionary_changed))
    return;
  if (dictionary_changed)
    schedule_check (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[REFRAME_SPELL_PROP_LANGUAGE]);
}

/**
 * reframe_spell_entry_checker_is_busy:
 * @self: a checker
 *
 * Returns: whether a check is waiting
 */
gboolean
reframe_spell_entry_checker_is_busy (ReframeSpellEntryChecker *self)
{
  g_return_val_if_fail (REFRAME_IS_SPELL_ENTRY_CHECKER (self), FALSE);

  return self->check_id != 0 || reframe_spell_dictionary_is_loading (self->spell.dictionary);
}

GMenuModel *
reframe_spell_entry_checker_get_menu (ReframeSpellEntryChecker *self)
{
  g_return_val_if_fail (REFRAME_IS_SPELL_ENTRY_CHECKER (self), NULL);

  return G_MENU_MODEL (self->spell.menu);
}

/**
 * reframe_spell_entry_checker_update_menu:
 * @self: a checker
 *
 * Makes the spelling part of the context menu for the word at the cursor.
 */
void
reframe_spell_entry_checker_update_menu (ReframeSpellEntryChecker *self)
{
  const char      *text;
  ReframeSpellWord word;
  gsize            offset;

  g_return_if_fail (REFRAME_IS_SPELL_ENTRY_CHECKER (self));

  if (!_reframe_spell_menu_begin_update (&self->spell,
                                         self->spell.enabled && self->editable != NULL))
    return;
  text = gtk_editable_get_text (self->editable);
  offset = g_utf8_offset_to_pointer (text, gtk_editable_get_position (self->editable)) - text;
  if (_reframe_spell_menu_find_word (&self->spell, text, offset, &word))
    {
      self->word_start = g_utf8_pointer_to_offset (text, text + word.start);
      self->word_end = g_utf8_pointer_to_offset (text, text + word.end);
    }
  _reframe_spell_menu_fill (&self->spell);
}
