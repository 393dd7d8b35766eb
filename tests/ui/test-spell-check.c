/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-spell-check.c: spell-checking in text views and entries: underlines as text
 * arrives, the context menu's corrections and what they do, Add to Dictionary, the
 * language per kind of field, no dictionary, the setting off, and a long note.
 *
 * HOME and XDG_CONFIG_HOME point into a folder of the test's own, set before anything
 * asks GLib for them: the personal dictionary written here is never the person's. */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "reframe-preferences-window.h"
#include "reframe-spell-checker.h"
#include "reframe-spell-entry-checker.h"
#include "reframe-spell.h"
#include "reframe-ui-test-util.h"

static char *home_dir;

typedef struct
{
  GtkWidget     *window;
  GtkTextView   *view;
  GtkTextBuffer *buffer;
  GSettings     *settings;
} Fixture;

static ReframeSpellChecker *
checker_of (GtkTextView *view)
{
  return REFRAME_SPELL_CHECKER (reframe_spell_get_checker (GTK_WIDGET (view)));
}

/* Runs the main loop until the view's checker has checked everything. */
static void
wait_checked (GtkTextView *view)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (reframe_spell_checker_is_busy (checker_of (view)))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  reframe_test_spin_idle ();
}

static GtkTextView *
add_view (GtkWidget  *box,
          const char *field_kind)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *view = gtk_text_view_new ();

  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_box_append (GTK_BOX (box), scroller);
  reframe_spell_attach_text_view (GTK_TEXT_VIEW (view), field_kind);
  return GTK_TEXT_VIEW (view);
}

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  f->settings = g_settings_new (BASE_ID);
  g_settings_reset (f->settings, "spell-check");
  g_settings_reset (f->settings, "spell-languages");
  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 600, 400);
  gtk_window_set_child (GTK_WINDOW (f->window), box);
  f->view = add_view (box, REFRAME_SPELL_FIELD_JOURNAL_NOTE);
  f->buffer = gtk_text_view_get_buffer (f->view);
  gtk_window_present (GTK_WINDOW (f->window));
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  reframe_test_spin_idle ();
  g_clear_object (&f->settings);
}

/* The text carrying the error tag, as "word|word". */
static char *
dup_underlined (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextTag    *tag = reframe_spell_checker_get_error_tag (checker_of (view));
  g_autoptr (GString) found = g_string_new (NULL);
  GtkTextIter iter;

  gtk_text_buffer_get_start_iter (buffer, &iter);
  while (gtk_text_iter_has_tag (&iter, tag) || gtk_text_iter_forward_to_tag_toggle (&iter, tag))
    {
      GtkTextIter      end = iter;
      g_autofree char *word = NULL;

      if (!gtk_text_iter_has_tag (&iter, tag))
        break;
      gtk_text_iter_forward_to_tag_toggle (&end, tag);
      word = gtk_text_iter_get_text (&iter, &end);
      if (found->len > 0)
        g_string_append_c (found, '|');
      g_string_append (found, word);
      iter = end;
    }
  return g_string_free (g_steal_pointer (&found), FALSE);
}

/* A macro, so that a failure names the test's line. */
#define assert_underlined(view, expected)                 \
  G_STMT_START                                            \
  {                                                       \
    g_autofree char *underlined_ = dup_underlined (view); \
    g_assert_cmpstr (underlined_, ==, (expected));        \
  }                                                       \
  G_STMT_END

static char *
dup_text (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Every item of @menu, its sections and submenus, as "label=action(target)" lines. */
static void
collect_items (GMenuModel *menu,
               GString    *out)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *label = NULL;
      g_autofree char *action = NULL;
      g_autoptr (GVariant) target =
          g_menu_model_get_item_attribute_value (menu, i, G_MENU_ATTRIBUTE_TARGET, NULL);
      g_autoptr (GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);
      g_autoptr (GMenuModel) submenu = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SUBMENU);

      g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL, "s", &label);
      g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &action);
      if (label != NULL)
        g_string_append_printf (out,
                                "%s=%s(%s)\n",
                                label,
                                action ? action : "",
                                target ? g_variant_get_string (target, NULL) : "");
      if (section != NULL)
        collect_items (section, out);
      if (submenu != NULL)
        collect_items (submenu, out);
    }
}

static char *
dup_menu_at (GtkTextView *view,
             int          offset)
{
  GtkTextIter iter;
  g_autoptr (GString) out = g_string_new (NULL);

  gtk_text_buffer_get_iter_at_offset (gtk_text_view_get_buffer (view), &iter, offset);
  reframe_spell_checker_update_menu (checker_of (view), &iter);
  collect_items (reframe_spell_checker_get_menu (checker_of (view)), out);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_underline (Fixture      *f,
                gconstpointer data)
{
  gtk_text_buffer_insert_at_cursor (
      f->buffer, "I feel hopefull today, don't you? See www.exmple.org or 3rd", -1);
  wait_checked (f->view);
  assert_underlined (f->view, "hopefull");

  /* Typing more: a new misspelling in front is found, the old one stays. */
  {
    GtkTextIter start;

    gtk_text_buffer_get_start_iter (f->buffer, &start);
    gtk_text_buffer_insert (f->buffer, &start, "Todai ", -1);
    wait_checked (f->view);
    assert_underlined (f->view, "Todai|hopefull");
  }

  /* Deleting the second "l" corrects it. */
  {
    GtkTextIter start, end;

    gtk_text_buffer_get_iter_at_offset (f->buffer, &start, 6 + 14);
    gtk_text_buffer_get_iter_at_offset (f->buffer, &end, 6 + 15);
    gtk_text_buffer_delete (f->buffer, &start, &end);
    wait_checked (f->view);
    assert_underlined (f->view, "Todai");
  }
}

/* The word being typed (at the cursor, in the focused view) waits for the cursor to leave. */
static void
test_being_typed (Fixture      *f,
                  gconstpointer data)
{
  GtkTextIter start;

  gtk_widget_grab_focus (GTK_WIDGET (f->view));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (f->view)));
  gtk_text_buffer_insert_at_cursor (f->buffer, "Todai I feel hopefu", -1);
  wait_checked (f->view);
  gtk_text_buffer_insert_at_cursor (f->buffer, "ll", -1);
  wait_checked (f->view);
  assert_underlined (f->view, "Todai");

  /* A space after it: the word is done. */
  gtk_text_buffer_insert_at_cursor (f->buffer, " ", -1);
  wait_checked (f->view);
  assert_underlined (f->view, "Todai|hopefull");

  /* The same when the cursor goes elsewhere. */
  gtk_text_buffer_insert_at_cursor (f->buffer, "dai", -1);
  wait_checked (f->view);
  gtk_text_buffer_get_start_iter (f->buffer, &start);
  gtk_text_buffer_place_cursor (f->buffer, &start);
  wait_checked (f->view);
  assert_underlined (f->view, "Todai|hopefull|dai");
}

static void
test_menu_replace (Fixture      *f,
                   gconstpointer data)
{
  g_autofree char *menu = NULL;
  g_autofree char *correct_menu = NULL;
  g_autofree char *text = NULL;

  gtk_text_buffer_insert_at_cursor (f->buffer, "I feel hopefull today", -1);
  wait_checked (f->view);

  /* In the middle of the word, as a click there or the cursor would be. */
  menu = dup_menu_at (f->view, 10);
  g_assert_nonnull (strstr (menu, "hopeful=spell.replace(hopeful)\n"));
  g_assert_nonnull (strstr (menu, "_Add to Dictionary=spell.add()\n"));
  g_assert_nonnull (strstr (menu, "_Ignore=spell.ignore()\n"));
  g_assert_nonnull (strstr (menu, "English (US)=spell.language(en_US)\n"));
  g_assert_nonnull (strstr (menu, "German (DE)=spell.language(de_DE)\n"));
  /* At most five corrections. */
  {
    guint       replacements = 0;
    const char *p = menu;
    while ((p = strstr (p, "=spell.replace(")) != NULL && ++replacements)
      p++;
    g_assert_cmpuint (replacements, >=, 1);
    g_assert_cmpuint (replacements, <=, 5);
  }

  /* A correct word gets no corrections, only the languages. */
  correct_menu = dup_menu_at (f->view, 3);
  g_assert_null (strstr (correct_menu, "spell.replace"));
  g_assert_null (strstr (correct_menu, "spell.add"));
  g_assert_nonnull (strstr (correct_menu, "spell.language(en_US)"));

  /* The menu was last made for "feel": made again for the misspelled word, then used. */
  g_free (dup_menu_at (f->view, 10));
  g_assert_true (
      gtk_widget_activate_action (GTK_WIDGET (f->view), "spell.replace", "s", "hopeful"));
  text = dup_text (f->buffer);
  g_assert_cmpstr (text, ==, "I feel hopeful today");
  wait_checked (f->view);
  assert_underlined (f->view, "");
  /* One undo step takes the correction back. */
  g_assert_true (gtk_text_buffer_get_can_undo (f->buffer));
}

static void
test_setting_off (Fixture      *f,
                  gconstpointer data)
{
  g_autofree char *off_menu = NULL;

  gtk_text_buffer_insert_at_cursor (f->buffer, "I feel hopefull todai ", -1);
  wait_checked (f->view);
  assert_underlined (f->view, "hopefull|todai");

  g_settings_set_boolean (f->settings, "spell-check", FALSE);
  wait_checked (f->view);
  assert_underlined (f->view, "");
  g_assert_false (reframe_spell_checker_get_enabled (checker_of (f->view)));
  off_menu = dup_menu_at (f->view, 10);
  g_assert_cmpstr (off_menu, ==, "");

  /* Nothing new is underlined while it is off. */
  gtk_text_buffer_insert_at_cursor (f->buffer, "and wrng ", -1);
  wait_checked (f->view);
  assert_underlined (f->view, "");

  g_settings_set_boolean (f->settings, "spell-check", TRUE);
  wait_checked (f->view);
  assert_underlined (f->view, "hopefull|todai|wrng");
}

static void
test_language_per_field_kind (Fixture      *f,
                              gconstpointer data)
{
  GtkWidget       *box = gtk_window_get_child (GTK_WINDOW (f->window));
  GtkTextView     *other_note, *message;
  g_autofree char *remembered = NULL;
  g_autoptr (GVariant) languages = NULL;

  gtk_text_buffer_insert_at_cursor (f->buffer, "Ein Gefühl hopefull ", -1);
  wait_checked (f->view);
  assert_underlined (f->view, "Ein|Gefühl|hopefull");

  /* Chosen from the menu: checked again in German, and remembered for journal notes. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "spell.language", "s", "de_DE"));
  wait_checked (f->view);
  assert_underlined (f->view, "hopefull");
  languages = g_settings_get_value (f->settings, "spell-languages");
  g_assert_true (g_variant_lookup (languages, REFRAME_SPELL_FIELD_JOURNAL_NOTE, "s", &remembered));
  g_assert_cmpstr (remembered, ==, "de_DE");

  /* Another journal note starts in German; a companion message keeps the locale's. */
  other_note = add_view (box, REFRAME_SPELL_FIELD_JOURNAL_NOTE);
  message = add_view (box, REFRAME_SPELL_FIELD_COMPANION);
  gtk_text_buffer_insert_at_cursor (
      gtk_text_view_get_buffer (other_note), "Ein Gefühl hopefull ", -1);
  gtk_text_buffer_insert_at_cursor (gtk_text_view_get_buffer (message), "Ein Gefühl hopefull ", -1);
  wait_checked (other_note);
  wait_checked (message);
  assert_underlined (other_note, "hopefull");
  assert_underlined (message, "Ein|Gefühl|hopefull");
}

static void
test_no_dictionary (Fixture      *f,
                    gconstpointer data)
{
  g_autofree char *menu = NULL;

  gtk_text_buffer_insert_at_cursor (f->buffer, "I feel hopefull today", -1);
  wait_checked (f->view);
  g_object_set (checker_of (f->view), "language", "xx_XX", NULL);
  wait_checked (f->view);
  assert_underlined (f->view, "");
  menu = dup_menu_at (f->view, 10);
  /* Said, insensitive (no action), and the languages there are still offered. */
  g_assert_nonnull (strstr (menu, "No dictionary for this language=()\n"));
  g_assert_null (strstr (menu, "spell.replace"));
  g_assert_nonnull (strstr (menu, "spell.language(en_US)"));
}

static void
test_add_to_dictionary (Fixture      *f,
                        gconstpointer data)
{
  GtkTextView *message =
      add_view (gtk_window_get_child (GTK_WINDOW (f->window)), REFRAME_SPELL_FIELD_COMPANION);
  g_autofree char *path = g_build_filename (home_dir, "config", "enchant", "en_US.dic", NULL);
  g_autofree char *contents = NULL;

  gtk_text_buffer_insert_at_cursor (f->buffer, "Walked with Zorblax and Quibbit.", -1);
  gtk_text_buffer_insert_at_cursor (gtk_text_view_get_buffer (message), "Zorblax says hi", -1);
  wait_checked (f->view);
  wait_checked (message);
  assert_underlined (f->view, "Zorblax|Quibbit");

  g_free (dup_menu_at (f->view, 14));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "spell.add", NULL));
  wait_checked (f->view);
  wait_checked (message);
  assert_underlined (f->view, "Quibbit");
  /* Every field in that language knows it now, and it is kept. */
  assert_underlined (message, "");
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "Zorblax"));

  g_free (dup_menu_at (f->view, 26));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "spell.ignore", NULL));
  wait_checked (f->view);
  assert_underlined (f->view, "");
}

static void
test_long_note (Fixture      *f,
                gconstpointer data)
{
  g_autoptr (GString) note = g_string_new (NULL);

  /* 20,000 words in paragraphs of 100, with one misspelling at the very end. */
  for (int i = 0; i < 200; i++)
    {
      for (int j = 0; j < 10; j++)
        g_string_append (note, "Today I walked by the river and felt calm again. ");
      g_string_append (note, "\n\n");
    }
  g_string_append (note, "The last word is hopefull");
  gtk_text_buffer_set_text (f->buffer, note->str, -1);
  wait_checked (f->view);
  assert_underlined (f->view, "hopefull");

  /* A misspelling typed at the top is found too, and the end keeps its underline. */
  {
    GtkTextIter start;
    gtk_text_buffer_get_start_iter (f->buffer, &start);
    gtk_text_buffer_insert (f->buffer, &start, "Wrnog ", -1);
  }
  wait_checked (f->view);
  assert_underlined (f->view, "Wrnog|hopefull");
}

/* A one-line field: underlined with Pango attributes on its GtkText. */
static char *
dup_entry_underlined (GtkEntry *entry)
{
  GtkText       *text = GTK_TEXT (gtk_editable_get_delegate (GTK_EDITABLE (entry)));
  PangoAttrList *attributes = gtk_text_get_attributes (text);
  const char    *content = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autoptr (GString) found = g_string_new (NULL);
  GSList *list = attributes != NULL ? pango_attr_list_get_attributes (attributes) : NULL;

  for (GSList *l = list; l != NULL; l = l->next)
    {
      PangoAttribute *attribute = l->data;

      if (attribute->klass->type == PANGO_ATTR_UNDERLINE &&
          ((PangoAttrInt *) attribute)->value == PANGO_UNDERLINE_ERROR)
        {
          if (found->len > 0)
            g_string_append_c (found, '|');
          g_string_append_len (found,
                               content + attribute->start_index,
                               attribute->end_index - attribute->start_index);
        }
    }
  g_slist_free_full (list, (GDestroyNotify) pango_attribute_destroy);
  return g_string_free (g_steal_pointer (&found), FALSE);
}

static void
wait_entry_checked (GtkEntry *entry)
{
  ReframeSpellEntryChecker *checker =
      REFRAME_SPELL_ENTRY_CHECKER (reframe_spell_get_checker (GTK_WIDGET (entry)));

  while (reframe_spell_entry_checker_is_busy (checker))
    g_main_context_iteration (NULL, TRUE);
}

static void
test_entry (Fixture      *f,
            gconstpointer data)
{
  GtkWidget                *entry = gtk_entry_new ();
  ReframeSpellEntryChecker *checker;
  g_autofree char          *underlined = NULL;
  g_autofree char          *corrected = NULL;
  g_autofree char          *off = NULL;
  g_autoptr (GString) menu = g_string_new (NULL);

  gtk_box_append (GTK_BOX (gtk_window_get_child (GTK_WINDOW (f->window))), entry);
  checker = REFRAME_SPELL_ENTRY_CHECKER (
      reframe_spell_attach_editable (GTK_EDITABLE (entry), REFRAME_SPELL_FIELD_WORKSHEET));
  gtk_editable_set_text (GTK_EDITABLE (entry), "a hopefull dai, don’t you");
  wait_entry_checked (GTK_ENTRY (entry));
  underlined = dup_entry_underlined (GTK_ENTRY (entry));
  g_assert_cmpstr (underlined, ==, "hopefull|dai");

  gtk_editable_set_position (GTK_EDITABLE (entry), 5);
  reframe_spell_entry_checker_update_menu (checker);
  collect_items (reframe_spell_entry_checker_get_menu (checker), menu);
  g_assert_nonnull (strstr (menu->str, "hopeful=spell.replace(hopeful)\n"));
  g_assert_true (gtk_widget_activate_action (entry, "spell.replace", "s", "hopeful"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "a hopeful dai, don’t you");
  wait_entry_checked (GTK_ENTRY (entry));
  corrected = dup_entry_underlined (GTK_ENTRY (entry));
  g_assert_cmpstr (corrected, ==, "dai");

  g_settings_set_boolean (f->settings, "spell-check", FALSE);
  wait_entry_checked (GTK_ENTRY (entry));
  off = dup_entry_underlined (GTK_ENTRY (entry));
  g_assert_cmpstr (off, ==, "");
}

/* Preferences → General → Check Spelling is the setting, and turns the fields' checking off. */
static void
test_preferences_switch (Fixture      *f,
                         gconstpointer data)
{
  ReframePreferencesWindow *prefs = reframe_preferences_window_new (NULL, NULL);
  GtkSwitch                *spell = GTK_SWITCH (gtk_widget_get_template_child (
      GTK_WIDGET (prefs), REFRAME_TYPE_PREFERENCES_WINDOW, "spell_switch"));

  gtk_text_buffer_insert_at_cursor (f->buffer, "I feel hopefull.", -1);
  wait_checked (f->view);
  assert_underlined (f->view, "hopefull");
  g_assert_true (gtk_switch_get_active (spell));

  gtk_switch_set_active (spell, FALSE);
  g_assert_false (g_settings_get_boolean (f->settings, "spell-check"));
  wait_checked (f->view);
  assert_underlined (f->view, "");
  gtk_window_destroy (GTK_WINDOW (prefs));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *config = NULL;

  home_dir = g_dir_make_tmp ("reframe-spell-ui-XXXXXX", NULL);
  config = g_build_filename (home_dir, "config", NULL);
  g_setenv ("HOME", home_dir, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_unsetenv ("LANGUAGE");

  gtk_test_init (&argc, &argv, NULL);
  g_object_set (gtk_settings_get_default (),
                "gtk-entry-select-on-focus",
                FALSE,
                "gtk-enable-primary-paste",
                FALSE,
                NULL);
  adw_init ();
  g_assert_cmpstr (g_get_user_config_dir (), ==, config);
  /* LC_ALL=C.UTF-8: the locale has no language, so fields start in en_US. */
  g_assert_cmpstr (reframe_spell_get_default_language (), ==, "en_US");

  g_test_add ("/reframe/spell-check/underline",
              Fixture,
              NULL,
              fixture_set_up,
              test_underline,
              fixture_tear_down);
  g_test_add ("/reframe/spell-check/being-typed",
              Fixture,
              NULL,
              fixture_set_up,
              test_being_typed,
              fixture_tear_down);
  g_test_add ("/reframe/spell-check/menu-replace",
              Fixture,
              NULL,
              fixture_set_up,
              test_menu_replace,
              fixture_tear_down);
  g_test_add ("/reframe/spell-check/setting-off",
              Fixture,
              NULL,
              fixture_set_up,
              test_setting_off,
              fixture_tear_down);
  g_test_add ("/reframe/spell-check/language-per-field-kind",
              Fixture,
              NULL,
              fixture_set_up,
              test_language_per_field_kind,
              fixture_tear_down);
  g_test_add ("/reframe/spell-check/no-dictionary",
              Fixture,
              NULL,
              fixture_set_up,
              test_no_dictionary,
              fixture_tear_down);
  g_test_add ("/reframe/spell-check/add-to-dictionary",
              Fixture,
              NULL,
              fixture_set_up,
              test_add_to_dictionary,
              fixture_tear_down);
  g_test_add ("/reframe/spell-check/long-note",
              Fixture,
              NULL,
              fixture_set_up,
              test_long_note,
              fixture_tear_down);
  g_test_add (
      "/reframe/spell-check/entry", Fixture, NULL, fixture_set_up, test_entry, fixture_tear_down);
  g_test_add ("/reframe/spell-check/preferences-switch",
              Fixture,
              NULL,
              fixture_set_up,
              test_preferences_switch,
              fixture_tear_down);

  {
    int status = g_test_run ();
    reframe_test_remove_tree (home_dir);
    g_free (home_dir);
    return status;
  }
}
