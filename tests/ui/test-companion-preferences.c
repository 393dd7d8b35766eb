/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-companion-preferences.c: Preferences → Companion against the fake model server and a test
 * keyring. */

#include "config.h"

#include <locale.h>
#include <adwaita.h>

#include "reframe-api-keys.h"
#include "reframe-companion-preferences.h"
#include "reframe-fake-model-server.h"
#include "reframe-preferences-window.h"
#include "reframe-ui-test-util.h"

#define WAIT_MS 5000

typedef struct
{
  ReframeUiTestBase            base;
  ReframePreferencesWindow    *window;
  ReframeCompanionPreferences *page;
} Fixture;

/* Main loop helpers */

/* Widget helpers */

static gpointer
child (Fixture    *f,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (
      GTK_WIDGET (f->page), REFRAME_TYPE_COMPANION_PREFERENCES, name);

  g_assert_nonnull (object);
  return object;
}

static GtkWidget *
find_widget (GtkWidget *root,
             GType      type)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (c, type))
        return c;
      found = find_widget (c, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static const char *
subtitle_of (Fixture    *f,
             const char *row)
{
  return adw_action_row_get_subtitle (child (f, row));
}

static void
assert_setting (Fixture    *f,
                const char *key,
                const char *expected)
{
  g_autofree char *value = g_settings_get_string (f->base.settings, key);

  g_assert_cmpstr (value, ==, expected);
}

static void
set_endpoint (Fixture    *f,
              const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (f, "endpoint_row")), text);
  /* Enter saves at once, without the pause typing waits for. */
  g_signal_emit_by_name (child (f, "endpoint_row"), "entry-activated");
}

static guint16
dup_closed_port (void)
{
  g_autoptr (GSocketListener) listener = g_socket_listener_new ();
  g_autoptr (GError) error = NULL;
  guint16 port = g_socket_listener_add_any_inet_port (listener, NULL, &error);

  g_assert_no_error (error);
  g_socket_listener_close (listener);
  return port;
}

/* Conditions */

static gboolean
test_finished (gpointer data)
{
  Fixture    *f = data;
  const char *subtitle = subtitle_of (f, "test_row");

  return gtk_widget_get_sensitive (child (f, "test_button")) &&
         !g_str_equal (subtitle, "Testing…") && !g_str_equal (subtitle, "Not tested yet");
}

static gboolean
locality_is_local (gpointer data)
{
  return g_strcmp0 (subtitle_of (data, "locality_row"), "On this computer") == 0;
}

static gboolean
locality_is_remote (gpointer data)
{
  return g_str_has_prefix (subtitle_of (data, "locality_row"), "Remote: 127.0.0.1");
}

static gboolean
key_saved (gpointer data)
{
  Fixture *f = data;

  return gtk_widget_get_visible (child (f, "remove_key_button"));
}

static gboolean
key_removed (gpointer data)
{
  Fixture *f = data;

  return !gtk_widget_get_visible (child (f, "remove_key_button"));
}

/* Fixture */

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  reframe_ui_test_base_set_up (&f->base, REFRAME_UI_TEST_SERVER | REFRAME_UI_TEST_SETTINGS);
  g_settings_reset (f->base.settings, "companion-endpoint");
  g_settings_reset (f->base.settings, "companion-model");
  g_settings_reset (f->base.settings, "companion-system-prompt");
  g_settings_reset (f->base.settings, "companion-provider");
  g_settings_reset (f->base.settings, "crisis-country");

  f->window = reframe_preferences_window_new (NULL, NULL);
  reframe_ui_test_present (GTK_WINDOW (f->window), WAIT_MS);

  /* The Companion page is one of the window's pages, by name. */
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (f->window), "companion");
  f->page = REFRAME_COMPANION_PREFERENCES (
      find_widget (GTK_WIDGET (f->window), REFRAME_TYPE_COMPANION_PREFERENCES));
  g_assert_nonnull (f->page);
  g_assert_cmpstr (
      adw_preferences_page_get_title (ADW_PREFERENCES_PAGE (f->page)), ==, "Companion");
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  reframe_test_spin_idle ();
  reframe_ui_test_base_tear_down (&f->base);
}

/* Tests */

static void
test_connection (Fixture      *f,
                 gconstpointer data)
{
  g_autofree char *closed = g_strdup_printf ("http://127.0.0.1:%u", dup_closed_port ());
  g_autofree char *saved = NULL;
  GListModel      *models = G_LIST_MODEL (child (f, "model_list"));

  /* The fake server: success, with its two models listed for choosing. */
  set_endpoint (f, reframe_fake_model_server_get_uri (f->base.server));
  g_assert_true (reframe_test_wait_for (locality_is_local, f, WAIT_MS));
  g_signal_emit_by_name (child (f, "test_button"), "clicked");
  g_assert_true (reframe_test_wait_for (test_finished, f, WAIT_MS));
  /* What answered: Ollama, its version, and how many models it has. */
  g_assert_true (g_str_has_prefix (subtitle_of (f, "test_row"),
                                   "Connected to Ollama 0.12.6 at http://127.0.0.1:"));
  g_assert_true (g_str_has_suffix (subtitle_of (f, "test_row"), ". It has 2 models."));
  g_assert_cmpuint (g_list_model_get_n_items (models), ==, 2);
  g_assert_cmpstr (
      gtk_string_list_get_string (GTK_STRING_LIST (models), 0), ==, REFRAME_FAKE_MODEL);
  g_assert_true (gtk_widget_get_visible (child (f, "model_row")));

  /* The address is saved normalised. */
  saved = g_settings_get_string (f->base.settings, "companion-endpoint");
  g_assert_true (g_str_has_prefix (reframe_fake_model_server_get_uri (f->base.server), saved));
  g_assert_false (g_str_has_suffix (saved, "/"));

  /* Choosing a model saves it; a cloud model makes the service remote at once. */
  adw_combo_row_set_selected (child (f, "model_row"), 1);
  assert_setting (f, "companion-model", "qwen2.5:7b");
  g_settings_set_string (f->base.settings, "companion-model", "llama3:cloud");
  g_assert_true (reframe_test_wait_for (locality_is_remote, f, WAIT_MS));
  g_settings_reset (f->base.settings, "companion-model");
  g_assert_true (reframe_test_wait_for (locality_is_local, f, WAIT_MS));

  /* A closed port on this computer: Ollama is not running, and what to do; the model
   * is typed in instead. */
  set_endpoint (f, closed);
  g_signal_emit_by_name (child (f, "test_button"), "clicked");
  g_assert_true (reframe_test_wait_for (test_finished, f, WAIT_MS));
  g_assert_true (g_str_has_prefix (subtitle_of (f, "test_row"), "Ollama is not running"));
  g_assert_nonnull (strstr (subtitle_of (f, "test_row"), "“ollama serve”"));
  g_assert_true (gtk_widget_get_visible (child (f, "model_entry_row")));
  g_assert_false (gtk_widget_get_visible (child (f, "model_row")));
}

static void
test_invalid_address (Fixture      *f,
                      gconstpointer data)
{
  g_autofree char *saved = NULL;

  set_endpoint (f, "not a web address");
  reframe_test_spin_idle ();
  g_assert_true (gtk_widget_has_css_class (child (f, "endpoint_row"), "error"));
  g_assert_true (g_str_has_prefix (subtitle_of (f, "locality_row"),
                                   "“not a web address” is not a web address"));
  /* Not saved: the last good address stays. */
  saved = g_settings_get_string (f->base.settings, "companion-endpoint");
  g_assert_cmpstr (saved, ==, "http://127.0.0.1:11434");

  g_signal_emit_by_name (child (f, "test_button"), "clicked");
  g_assert_true (g_str_has_prefix (subtitle_of (f, "test_row"), "“not a web address”"));

  set_endpoint (f, "localhost:11434/api/");
  g_assert_false (gtk_widget_has_css_class (child (f, "endpoint_row"), "error"));
  g_clear_pointer (&saved, g_free);
  saved = g_settings_get_string (f->base.settings, "companion-endpoint");
  g_assert_cmpstr (saved, ==, "http://localhost:11434");
}

static void
test_api_key (Fixture      *f,
              gconstpointer data)
{
  AdwEntryRow     *key_row = child (f, "key_row");
  g_autofree char *endpoint = NULL;
  g_autofree char *stored = NULL;
  g_autoptr (GError) error = NULL;

  set_endpoint (f, reframe_fake_model_server_get_uri (f->base.server));
  endpoint = g_settings_get_string (f->base.settings, "companion-endpoint");
  g_assert_true (reframe_test_wait_for (key_removed, f, WAIT_MS));

  /* Applying saves the key in the keyring, for this endpoint only. */
  gtk_editable_set_text (GTK_EDITABLE (key_row), "sk-ui-test-4242");
  g_signal_emit_by_name (key_row, "apply");
  g_assert_true (reframe_test_wait_for (key_saved, f, WAIT_MS));
  stored = reframe_api_keys_lookup_sync (endpoint, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored, ==, "sk-ui-test-4242");
  assert_setting (f, "companion-endpoint", endpoint);

  /* The OpenAI-compatible kind sends it; the fake server checks it. */
  reframe_fake_model_server_set_api_key (f->base.server, "sk-ui-test-4242");
  adw_combo_row_set_selected (child (f, "kind_row"), 1);
  assert_setting (f, "companion-provider", "openai");
  g_signal_emit_by_name (child (f, "test_button"), "clicked");
  g_assert_true (reframe_test_wait_for (test_finished, f, WAIT_MS));
  g_assert_true (
      g_str_has_prefix (subtitle_of (f, "test_row"),
                        "Connected to an OpenAI-compatible service at http://127.0.0.1:"));
  g_assert_true (g_str_has_suffix (subtitle_of (f, "test_row"), ". It offers 2 models."));
  adw_combo_row_set_selected (child (f, "kind_row"), 0);

  /* Another endpoint shows no key; coming back shows it again. */
  set_endpoint (f, "http://127.0.0.1:9");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (key_row)), ==, "");
  set_endpoint (f, endpoint);
  g_assert_true (reframe_test_wait_for (key_saved, f, WAIT_MS));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (key_row)), ==, "sk-ui-test-4242");

  /* Remove Key clears the row and the keyring. */
  g_signal_emit_by_name (child (f, "remove_key_button"), "clicked");
  g_assert_true (reframe_test_wait_for (key_removed, f, WAIT_MS));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (key_row)), ==, "");
  g_clear_pointer (&stored, g_free);
  stored = reframe_api_keys_lookup_sync (endpoint, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (stored);
}

static void
test_instructions (Fixture      *f,
                   gconstpointer data)
{
  GtkTextBuffer   *buffer = gtk_text_view_get_buffer (child (f, "prompt_view"));
  g_autofree char *saved = NULL;

  /* Reframe's own instructions show when the setting is empty. */
  g_assert_cmpint (gtk_text_buffer_get_char_count (buffer), >, 20);
  g_assert_false (gtk_widget_get_sensitive (child (f, "reset_prompt_button")));

  gtk_text_buffer_set_text (buffer, "Answer in one sentence.", -1);
  gtk_window_destroy (GTK_WINDOW (f->window));
  reframe_test_spin_idle ();
  /* Closing the window saved what was typed, without waiting for the pause. */
  saved = g_settings_get_string (f->base.settings, "companion-system-prompt");
  g_assert_cmpstr (saved, ==, "Answer in one sentence.");

  f->window = reframe_preferences_window_new (NULL, NULL);
  f->page = REFRAME_COMPANION_PREFERENCES (
      find_widget (GTK_WIDGET (f->window), REFRAME_TYPE_COMPANION_PREFERENCES));
  g_assert_true (gtk_widget_get_sensitive (child (f, "reset_prompt_button")));
  g_signal_emit_by_name (child (f, "reset_prompt_button"), "clicked");
  g_clear_pointer (&saved, g_free);
  saved = g_settings_get_string (f->base.settings, "companion-system-prompt");
  g_assert_cmpstr (saved, ==, "");
  g_assert_cmpint (
      gtk_text_buffer_get_char_count (gtk_text_view_get_buffer (child (f, "prompt_view"))), >, 20);
}

static void
test_crisis_help (Fixture      *f,
                  gconstpointer data)
{
  AdwComboRow *country_row = child (f, "country_row");
  GListModel  *countries = G_LIST_MODEL (child (f, "country_list"));
  guint        germany = GTK_INVALID_LIST_POSITION;

  /* "Automatic" first, then the countries of the shipped crisis lines. */
  g_assert_cmpuint (g_list_model_get_n_items (countries), >, 10);
  g_assert_cmpuint (adw_combo_row_get_selected (country_row), ==, 0);
  for (guint i = 0; i < g_list_model_get_n_items (countries); i++)
    {
      if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (countries), i), "Germany"))
        germany = i;
    }
  g_assert_cmpuint (germany, !=, GTK_INVALID_LIST_POSITION);
  adw_combo_row_set_selected (country_row, germany);
  assert_setting (f, "crisis-country", "DE");
  adw_combo_row_set_selected (country_row, 0);
  assert_setting (f, "crisis-country", "");

  gtk_editable_set_text (GTK_EDITABLE (child (f, "therapist_name_row")), "Dr. Rivera");
  gtk_editable_set_text (GTK_EDITABLE (child (f, "therapist_phone_row")), "+44 20 7946 0000");
  assert_setting (f, "therapist-name", "Dr. Rivera");
  assert_setting (f, "therapist-phone", "+44 20 7946 0000");
}

/* Context Size: a short list of sizes, in the setting the companion falls back on. */
static void
test_context_size (Fixture      *f,
                   gconstpointer data)
{
  AdwComboRow *row = child (f, "context_row");
  GListModel  *sizes = G_LIST_MODEL (child (f, "context_list"));

  g_assert_cmpuint (g_list_model_get_n_items (sizes), ==, 7);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (sizes), 1), ==, "4096 tokens");
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 1);
  adw_combo_row_set_selected (row, 2);
  g_assert_cmpuint (g_settings_get_uint (f->base.settings, "companion-context-tokens"), ==, 8192);
  /* A size set elsewhere shows as the largest offered that is not bigger. */
  g_settings_set_uint (f->base.settings, "companion-context-tokens", 6000);
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 1);
  g_assert_cmpuint (g_settings_get_uint (f->base.settings, "companion-context-tokens"), ==, 6000);
  g_settings_reset (f->base.settings, "companion-context-tokens");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  reframe_ui_test_init (&argc, &argv);

  g_test_add ("/reframe/companion-preferences/connection",
              Fixture,
              NULL,
              fixture_set_up,
              test_connection,
              fixture_tear_down);
  g_test_add ("/reframe/companion-preferences/invalid-address",
              Fixture,
              NULL,
              fixture_set_up,
              test_invalid_address,
              fixture_tear_down);
  g_test_add ("/reframe/companion-preferences/api-key",
              Fixture,
              NULL,
              fixture_set_up,
              test_api_key,
              fixture_tear_down);
  g_test_add ("/reframe/companion-preferences/instructions",
              Fixture,
              NULL,
              fixture_set_up,
              test_instructions,
              fixture_tear_down);
  g_test_add ("/reframe/companion-preferences/crisis-help",
              Fixture,
              NULL,
              fixture_set_up,
              test_crisis_help,
              fixture_tear_down);
  g_test_add ("/reframe/companion-preferences/context-size",
              Fixture,
              NULL,
              fixture_set_up,
              test_context_size,
              fixture_tear_down);
  status = g_test_run ();

  reframe_api_keys_shutdown ();
  return status;
}
