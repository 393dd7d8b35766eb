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
      g_auto (GStrv) suggestions = reframe_spell_dictionary_suggest (dictionary, misspelled_word, -1, REFRAME_SPELL_MAX_SUGGESTIONS);
      g_autoptr (GMenu) corrections = g_menu_new ();

      for (guint i = 0; suggestions[i] != NULL; i++)
        {
          g_autoptr (GMenuItem) item = g_menu_item_new (suggestions[i], NULL);
          g_menu_item_set_action_and_target_value (item, "spell.replace", g_variant_new_string (suggestions[i]));
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
      g_menu_item_set_action_and_target_value (item, "spell.language", g_variant_new_string (tags[i]));
      g_menu_append_item (languages, item);
    }
  if (tags[0] == NULL)
    g_menu_append (languages, _ ("No Dictionaries Installed"), NULL);
  g_menu_append_submenu (section, _ ("_Language"), G_MENU_MODEL (languages));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
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
  g_signal_connect_object (settings, "changed::spell-languages", G_CALLBACK (settings_languages_changed_cb), checker, 0);
  g_signal_connect_object (checker, "notify::language", G_CALLBACK (checker_language_changed_cb), settings, 0);
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

  return attach (GTK_WIDGET (editable), G_OBJECT (reframe_spell_entry_checker_new (editable)), field_kind);
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
