/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-spell.c: spell-checking for the app's text fields, with its settings.
 *
 * A field gets a checker (ReframeSpellChecker for a text view, ReframeSpellEntryChecker
 * for a one-line entry) that the widget owns. The checker follows the "spell-check"
 * setting, and its language is the one remembered for the kind of field (the journal
 * note, worksheets, homework notes, the companion) in "spell-languages", or else the
 * locale's. A language picked from a field's context menu is remembered for its kind. */

#define G_LOG_DOMAIN "ReframeSpell"

#include "config.h"

#include <glib/gi18n.h>

#include "reframe-spell-checker.h"
#include "reframe-spell-entry-checker.h"
#include "reframe-spell-private.h"
#include "reframe-spell.h"

#define CHECKER_KEY "reframe-spell-checker"

/**
 * reframe_spell_get_default_language:
 *
 * Returns: (transfer none): the language of fields with none chosen, from the locale
 */
const char *
reframe_spell_get_default_language (void)
{
  static char *language;

  if (language == NULL)
    language = reframe_spell_dup_default_language ();
  return language;
}

/**
 * reframe_spell_get_languages:
 *
 * Returns: (transfer none): the installed dictionaries' languages, looked up once
 */
char **
reframe_spell_get_languages (void)
{
  static char **languages;

  if (languages == NULL)
    languages = reframe_spell_list_languages ();
  return languages;
}

/**
 * reframe_spell_fill_menu:
 * @menu: the field's extra menu, emptied first
 * @dictionary: the field's dictionary
 * @misspelled_word: (nullable): the misspelled word under the pointer or at the cursor
 *
 * The spelling part of a field's context menu: up to five corrections (spell.replace),
 * Add to Dictionary (spell.add) and Ignore (spell.ignore) for a misspelled word, and the
 * Language submenu (spell.language). Without a dictionary for the language it says so,
 * and offers the languages there are.
 */
void
reframe_spell_fill_menu (GMenu                  *menu,
                         ReframeSpellDictionary *dictionary,
                         const char             *misspelled_word)
{
  g_autoptr (GMenu) section = g_menu_new ();
  g_autoptr (GMenu) languages = g_menu_new ();
  char **tags = reframe_spell_get_languages ();

  g_menu_remove_all (menu);
  if (reframe_spell_dictionary_is_loading (dictionary))
    g_menu_append (section, _ ("Loading the Dictionary…"), NULL);
  else if (!reframe_spell_dictionary_is_available (dictionary))
    {
      /* An item with no action is shown insensitive. */
      g_menu_append (section, _ ("No dictionary for this language"), NULL);
    }
  else if (misspelled_word != NULL)
    {
      g_auto (GStrv) suggestions = reframe_spell_dictionary_suggest (
          dictionary, misspelled_word, -1, REFRAME_SPELL_MAX_SUGGESTIONS);
      g_autoptr (GMenu) corrections = g_menu_new ();

      for (guint i = 0; suggestions[i] != NULL; i++)
        {
          g_autoptr (GMenuItem) item = g_menu_item_new (suggestions[i], NULL);
          g_menu_item_set_action_and_target_value (
              item, "spell.replace", g_variant_new_string (suggestions[i]));
          g_menu_append_item (corrections, item);
        }
      if (suggestions[0] == NULL)
        g_menu_append (corrections, _ ("No Suggestions"), NULL);
      g_menu_append_section (menu, NULL, G_MENU_MODEL (corrections));
      g_menu_append (section, _ ("_Add to Dictionary"), "spell.add");
      g_menu_append (section, _ ("_Ignore"), "spell.ignore");
    }

  for (guint i = 0; tags[i] != NULL; i++)
    {
      g_autofree char *name = reframe_spell_dup_language_name (tags[i]);
      g_autoptr (GMenuItem) item = g_menu_item_new (name, NULL);
      g_menu_item_set_action_and_target_value (
          item, "spell.language", g_variant_new_string (tags[i]));
      g_menu_append_item (languages, item);
    }
  if (tags[0] == NULL)
    g_menu_append (languages, _ ("No Dictionaries Installed"), NULL);
  g_menu_append_submenu (section, _ ("_Language"), G_MENU_MODEL (languages));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
}

/* The menu shared by both checkers (reframe-spell-private.h) */

static void
menu_add_activated_cb (GSimpleAction    *action,
                       GVariant         *parameter,
                       ReframeSpellMenu *self)
{
  if (self->menu_word != NULL)
    reframe_spell_dictionary_add_word (self->dictionary, self->menu_word, -1);
}

static void
menu_ignore_activated_cb (GSimpleAction    *action,
                          GVariant         *parameter,
                          ReframeSpellMenu *self)
{
  if (self->menu_word != NULL)
    reframe_spell_dictionary_ignore_word (self->dictionary, self->menu_word, -1);
}

/* Through the "language" property, which both checkers have: this code knows neither
 * type, and the checker's own setter knows what to check again. */
static void
menu_language_change_state_cb (GSimpleAction    *action,
                               GVariant         *value,
                               ReframeSpellMenu *self)
{
  g_object_set (self->checker, "language", g_variant_get_string (value, NULL), NULL);
}

static void
set_dictionary (ReframeSpellMenu *self,
                const char       *language)
{
  if (self->dictionary != NULL)
    g_clear_signal_handler (&self->words_changed_id, self->dictionary);
  g_clear_object (&self->dictionary);
  self->dictionary = reframe_spell_dictionary_get_shared (language);
  self->words_changed_id = g_signal_connect_swapped (
      self->dictionary, "words-changed", self->words_changed, self->checker);
}

/* Takes @action. */
static void
add_action (ReframeSpellMenu *self,
            GSimpleAction    *action,
            const char       *signal,
            GCallback         callback,
            gpointer          data)
{
  g_signal_connect (action, signal, callback, data);
  g_action_map_add_action (G_ACTION_MAP (self->actions), G_ACTION (action));
  g_object_unref (action);
}

/* spell.replace, spell.add, spell.ignore and spell.language, as reframe_spell_fill_menu()
 * names them. */
static void
install_actions (ReframeSpellMenu            *self,
                 const ReframeSpellMenuHooks *hooks)
{
  GVariant *language =
      g_variant_new_string (reframe_spell_dictionary_get_language (self->dictionary));

  self->actions = g_simple_action_group_new ();
  add_action (self,
              g_simple_action_new ("replace", G_VARIANT_TYPE_STRING),
              "activate",
              hooks->replace_activated,
              self->checker);
  add_action (self,
              g_simple_action_new ("add", NULL),
              "activate",
              G_CALLBACK (menu_add_activated_cb),
              self);
  add_action (self,
              g_simple_action_new ("ignore", NULL),
              "activate",
              G_CALLBACK (menu_ignore_activated_cb),
              self);
  add_action (self,
              g_simple_action_new_stateful ("language", G_VARIANT_TYPE_STRING, language),
              "change-state",
              G_CALLBACK (menu_language_change_state_cb),
              self);
  gtk_widget_insert_action_group (self->widget, "spell", G_ACTION_GROUP (self->actions));
}

/* Both run in the capture phase, so the menu is made before the widget opens it. */
static void
add_controllers (ReframeSpellMenu            *self,
                 const ReframeSpellMenuHooks *hooks)
{
  GtkShortcutTrigger *trigger;
  GtkGesture         *click = gtk_gesture_click_new ();

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect (click, "pressed", hooks->click_pressed, self->checker);
  self->click = GTK_EVENT_CONTROLLER (click);
  gtk_widget_add_controller (self->widget, self->click);

  self->shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (self->shortcuts, GTK_PHASE_CAPTURE);
  trigger = gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_Menu, 0),
                                         gtk_keyval_trigger_new (GDK_KEY_F10, GDK_SHIFT_MASK));
  gtk_shortcut_controller_add_shortcut (
      GTK_SHORTCUT_CONTROLLER (self->shortcuts),
      gtk_shortcut_new (trigger, gtk_callback_action_new (hooks->menu_key, self->checker, NULL)));
  gtk_widget_add_controller (self->widget, self->shortcuts);
}

void
_reframe_spell_install_properties (GObjectClass *object_class,
                                   GParamSpec  **properties)
{
  properties[REFRAME_SPELL_PROP_ENABLED] =
      g_param_spec_boolean ("enabled",
                            NULL,
                            NULL,
                            TRUE,
                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* NULL or "" for the locale's language. */
  properties[REFRAME_SPELL_PROP_LANGUAGE] =
      g_param_spec_string ("language",
                           NULL,
                           NULL,
                           NULL,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, REFRAME_SPELL_N_PROPS, properties);
}

/* From the checker's init: the menu is there, empty, before any widget is. */
void
_reframe_spell_menu_init (ReframeSpellMenu *self)
{
  self->enabled = TRUE;
  self->menu = g_menu_new ();
}

void
_reframe_spell_menu_get_property (ReframeSpellMenu *self,
                                  GObject          *object,
                                  guint             prop_id,
                                  GValue           *value,
                                  GParamSpec       *pspec)
{
  switch (prop_id)
    {
    case REFRAME_SPELL_PROP_ENABLED:
      g_value_set_boolean (value, self->enabled);
      break;
    case REFRAME_SPELL_PROP_LANGUAGE:
      g_value_set_string (value, self->language);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Gives @widget the menu's actions and controllers, for the locale's language; @checker
 * owns @self and keeps it as long as @widget. */
void
_reframe_spell_menu_attach (ReframeSpellMenu            *self,
                            GObject                     *checker,
                            GtkWidget                   *widget,
                            const ReframeSpellMenuHooks *hooks)
{
  self->checker = checker;
  self->widget = widget;
  self->words_changed = hooks->words_changed;
  set_dictionary (self, reframe_spell_get_default_language ());
  install_actions (self, hooks);
  add_controllers (self, hooks);
}

/* The widget is going away: its controllers go with it. */
void
_reframe_spell_menu_detach (ReframeSpellMenu *self)
{
  gtk_widget_remove_controller (self->widget, self->click);
  gtk_widget_remove_controller (self->widget, self->shortcuts);
  self->widget = NULL;
}

void
_reframe_spell_menu_dispose (ReframeSpellMenu *self)
{
  if (self->dictionary != NULL)
    g_clear_signal_handler (&self->words_changed_id, self->dictionary);
  g_clear_object (&self->dictionary);
  g_clear_object (&self->menu);
  g_clear_object (&self->actions);
}

void
_reframe_spell_menu_finalize (ReframeSpellMenu *self)
{
  g_free (self->language);
  g_free (self->menu_word);
}

/* Keeps @language (NULL or "" for the locale's) and takes its dictionary; returns FALSE
 * when nothing changed, and says in @dictionary_changed whether the checker must check
 * again (the language named may be the locale's, whose dictionary it already has). */
gboolean
_reframe_spell_menu_set_language (ReframeSpellMenu *self,
                                  const char       *language,
                                  gboolean         *dictionary_changed)
{
  const char *effective;
  GAction    *action;

  if (language != NULL && language[0] == '\0')
    language = NULL;
  *dictionary_changed = FALSE;
  if (g_strcmp0 (self->language, language) == 0)
    return FALSE;
  g_free (self->language);
  self->language = g_strdup (language);
  effective = language != NULL ? language : reframe_spell_get_default_language ();
  if (!g_str_equal (effective, reframe_spell_dictionary_get_language (self->dictionary)))
    {
      set_dictionary (self, effective);
      *dictionary_changed = TRUE;
    }
  action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "language");
  g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_string (effective));
  return TRUE;
}

/* Forgets the last menu's word; returns FALSE, with the menu emptied, when there is to
 * be no spelling part at all. */
gboolean
_reframe_spell_menu_begin_update (ReframeSpellMenu *self,
                                  gboolean          enabled)
{
  g_clear_pointer (&self->menu_word, g_free);
  if (!enabled)
    g_menu_remove_all (self->menu);
  return enabled;
}

/* Whether the word in @text at byte @offset is misspelled; it becomes the menu's word,
 * and @word says where it is for the checker to remember. */
gboolean
_reframe_spell_menu_find_word (ReframeSpellMenu *self,
                               const char       *text,
                               gsize             offset,
                               ReframeSpellWord *word)
{
  if (!reframe_spell_find_word_at (text, -1, offset, word) ||
      reframe_spell_dictionary_check_word (
          self->dictionary, text + word->start, word->end - word->start))
    return FALSE;
  self->menu_word = g_strndup (text + word->start, word->end - word->start);
  return TRUE;
}

void
_reframe_spell_menu_fill (ReframeSpellMenu *self)
{
  reframe_spell_fill_menu (self->menu, self->dictionary, self->menu_word);
}

static char *
dup_setting_language (GSettings  *settings,
                      const char *field_kind)
{
  g_autoptr (GVariant) languages = g_settings_get_value (settings, "spell-languages");
  const char *language = NULL;

  if (!g_variant_lookup (languages, field_kind, "&s", &language) || language[0] == '\0')
    return NULL;
  return g_strdup (language);
}

static void
settings_languages_changed_cb (GSettings  *settings,
                               const char *key,
                               GObject    *checker)
{
  const char      *field_kind = g_object_get_data (checker, "field-kind");
  g_autofree char *language = dup_setting_language (settings, field_kind);

  g_object_set (checker, "language", language, NULL);
}

/* The person picked a language from the menu: remembered for this kind of field. */
static void
checker_language_changed_cb (GObject    *checker,
                             GParamSpec *pspec,
                             GSettings  *settings)
{
  const char      *field_kind = g_object_get_data (checker, "field-kind");
  g_autofree char *language = NULL;
  g_autofree char *remembered = dup_setting_language (settings, field_kind);
  g_autoptr (GVariant) old = NULL;
  GVariantBuilder builder;
  GVariantIter    iter;
  const char     *key, *value;

  g_object_get (checker, "language", &language, NULL);
  if (language == NULL || g_strcmp0 (language, remembered) == 0)
    return;
  old = g_settings_get_value (settings, "spell-languages");
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  g_variant_iter_init (&iter, old);
  while (g_variant_iter_next (&iter, "{&s&s}", &key, &value))
    if (!g_str_equal (key, field_kind))
      g_variant_builder_add (&builder, "{ss}", key, value);
  g_variant_builder_add (&builder, "{ss}", field_kind, language);
  g_settings_set_value (settings, "spell-languages", g_variant_builder_end (&builder));
}

static GObject *
attach (GtkWidget  *widget,
        GObject    *checker,
        const char *field_kind)
{
  g_autoptr (GSettings) settings = g_settings_new (BASE_ID);
  g_autofree char *language = dup_setting_language (settings, field_kind);

  g_object_set_data_full (checker, "field-kind", g_strdup (field_kind), g_free);
  g_object_set (checker, "language", language, NULL);
  g_settings_bind (settings, "spell-check", checker, "enabled", G_SETTINGS_BIND_GET);
  g_signal_connect_object (
      settings, "changed::spell-languages", G_CALLBACK (settings_languages_changed_cb), checker, 0);
  g_signal_connect_object (
      checker, "notify::language", G_CALLBACK (checker_language_changed_cb), settings, 0);
  /* The checker keeps the settings (and so the binding) as long as it lives. */
  g_object_set_data_full (checker, "settings", g_steal_pointer (&settings), g_object_unref);
  g_object_set_data_full (G_OBJECT (widget), CHECKER_KEY, checker, g_object_unref);
  return checker;
}

/**
 * reframe_spell_attach_text_view:
 * @view: a text view
 * @field_kind: one of the REFRAME_SPELL_FIELD_ kinds
 *
 * Checks the spelling in @view from now on, following the settings.
 *
 * Returns: (transfer none): the checker, which @view owns
 */
GObject *
reframe_spell_attach_text_view (GtkTextView *view,
                                const char  *field_kind)
{
  g_return_val_if_fail (GTK_IS_TEXT_VIEW (view), NULL);
  g_return_val_if_fail (field_kind != NULL, NULL);

  return attach (GTK_WIDGET (view), G_OBJECT (reframe_spell_checker_new (view)), field_kind);
}

/**
 * reframe_spell_attach_editable:
 * @editable: a one-line field (GtkEntry or another editable with a GtkText inside)
 * @field_kind: one of the REFRAME_SPELL_FIELD_ kinds
 *
 * Checks the spelling in @editable from now on, following the settings.
 *
 * Returns: (transfer none): the checker, which @editable owns
 */
GObject *
reframe_spell_attach_editable (GtkEditable *editable,
                               const char  *field_kind)
{
  g_return_val_if_fail (GTK_IS_EDITABLE (editable), NULL);
  g_return_val_if_fail (field_kind != NULL, NULL);

  return attach (
      GTK_WIDGET (editable), G_OBJECT (reframe_spell_entry_checker_new (editable)), field_kind);
}

/**
 * reframe_spell_get_checker:
 * @widget: a field
 *
 * Returns: (transfer none) (nullable): the checker attached to @widget
 */
GObject *
reframe_spell_get_checker (GtkWidget *widget)
{
  return g_object_get_data (G_OBJECT (widget), CHECKER_KEY);
}
