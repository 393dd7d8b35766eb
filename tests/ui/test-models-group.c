/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-models-group.c: the Models group of Preferences → Companion against the fake model server.
 */

#include "config.h"

#include <locale.h>
#include <adwaita.h>
#include <string.h>

#include "reframe-fake-model-server.h"
#include "reframe-models-group.h"
#include "reframe-ui-test-util.h"

#define WAIT_MS 5000

typedef struct
{
  ReframeUiTestBase     base;
  AdwPreferencesWindow *window;
  ReframeModelsGroup   *group;
  guint                 n_changed;
} Fixture;

static gpointer
child (Fixture    *f,
       const char *name)
{
  GObject *object =
      gtk_widget_get_template_child (GTK_WIDGET (f->group), REFRAME_TYPE_MODELS_GROUP, name);

  g_assert_nonnull (object);
  return object;
}

static GtkWidget *
find_descendant (GtkWidget *root,
                 GType      type)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (c, type))
        return c;
      found = find_descendant (c, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The rows the group shows for models: every visible AdwActionRow of its list but the
 * progress and status rows, in order. */
static GPtrArray *
dup_model_rows (Fixture *f)
{
  GPtrArray *rows = g_ptr_array_new ();
  /* The group's rows live in its GtkListBox. */
  GtkWidget *list = find_descendant (GTK_WIDGET (f->group), GTK_TYPE_LIST_BOX);

  g_assert_nonnull (list);
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_ACTION_ROW (row) && gtk_widget_get_visible (row) &&
        row != child (f, "progress_row") && row != child (f, "status_row"))
      g_ptr_array_add (rows, row);
  return rows;
}

static const char *
row_title (gpointer row)
{
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
}

/* Returns: (transfer none) (nullable): the message dialog that is open, if any */
static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  adw_message_dialog_response (dialog, response);
  /* Not spinning the loop here: a slow run (the sanitizers) could see a whole download
   * go by before the test looks at its progress. */
  gtk_window_close (GTK_WINDOW (dialog));
}

/* Conditions */

static gboolean
has_n_models (Fixture *f,
              guint    n)
{
  g_autoptr (GPtrArray) rows = dup_model_rows (f);

  return rows->len == n;
}

static gboolean
lists_two (gpointer data)
{
  return has_n_models (data, 2);
}

static gboolean
lists_three (gpointer data)
{
  return has_n_models (data, 3);
}

static gboolean
lists_one (gpointer data)
{
  return has_n_models (data, 1);
}

static gboolean
progress_moved (gpointer data)
{
  Fixture *f = data;

  return gtk_progress_bar_get_fraction (child (f, "progress_bar")) > 0.2;
}

static gboolean
progress_hidden (gpointer data)
{
  return !gtk_widget_get_visible (child (data, "progress_row"));
}

static gboolean
status_shown (gpointer data)
{
  return gtk_widget_get_visible (child (data, "status_row"));
}

static gboolean
pull_stopped (gpointer data)
{
  Fixture *f = data;

  return reframe_fake_model_server_get_n_pulls_stopped (f->base.server) > 0;
}

/* Fixture */

static void
models_changed_cb (ReframeModelsGroup *group,
                   Fixture            *f)
{
  f->n_changed++;
}

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  GtkWidget *page = adw_preferences_page_new ();

  reframe_ui_test_base_set_up (&f->base, REFRAME_UI_TEST_SERVER);
  f->window = ADW_PREFERENCES_WINDOW (adw_preferences_window_new ());
  f->group = REFRAME_MODELS_GROUP (reframe_models_group_new ());
  g_signal_connect (f->group, "models-changed", G_CALLBACK (models_changed_cb), f);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (f->group));
  adw_preferences_window_add (f->window, ADW_PREFERENCES_PAGE (page));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 640, 720);
  reframe_ui_test_present (GTK_WINDOW (f->window), WAIT_MS);
  reframe_models_group_set_service (f->group,
                                    REFRAME_PROVIDER_KIND_OLLAMA,
                                    reframe_fake_model_server_get_uri (f->base.server),
                                    NULL);
  g_assert_true (reframe_test_wait_for (lists_two, f, WAIT_MS));
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  AdwMessageDialog *dialog;

  while ((dialog = find_dialog ()) != NULL)
    gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (f->window));
  reframe_test_spin_idle ();
  reframe_ui_test_base_tear_down (&f->base);
}

/* Tests */

/* The fake server's models: names, sizes in human units and families; each with a
 * Delete button named after it. */
static void
test_list (Fixture      *f,
           gconstpointer data)
{
  g_autoptr (GPtrArray) rows = dup_model_rows (f);
  GtkWidget *button;

  g_assert_cmpstr (row_title (rows->pdata[0]), ==, REFRAME_FAKE_MODEL);
  g_assert_cmpstr (adw_action_row_get_subtitle (rows->pdata[0]), ==, "2.0\u00a0GB · llama · 3.2B");
  g_assert_cmpstr (row_title (rows->pdata[1]), ==, "qwen2.5:7b");
  g_assert_cmpstr (adw_action_row_get_subtitle (rows->pdata[1]), ==, "4.7\u00a0GB");
  button = find_descendant (rows->pdata[0], GTK_TYPE_BUTTON);
  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, "Delete " REFRAME_FAKE_MODEL);
  g_assert_true (gtk_widget_get_visible (child (f, "download_button")));
  g_assert_true (gtk_widget_get_focusable (child (f, "download_button")));

  /* An OpenAI-compatible service: its list, no Delete, no Download. */
  reframe_models_group_set_service (f->group,
                                    REFRAME_PROVIDER_KIND_OPENAI,
                                    reframe_fake_model_server_get_uri (f->base.server),
                                    NULL);
  g_assert_true (reframe_test_wait_for (lists_two, f, WAIT_MS));
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = dup_model_rows (f);
  g_assert_cmpstr (row_title (rows->pdata[0]), ==, REFRAME_FAKE_MODEL);
  g_assert_cmpstr (adw_action_row_get_subtitle (rows->pdata[0]), ==, "");
  g_assert_null (find_descendant (rows->pdata[0], GTK_TYPE_BUTTON));
  g_assert_false (gtk_widget_get_visible (child (f, "download_button")));
}

/* Download a Model…: a name typed in; the progress row moves, and at the end the new
 * model is listed and the page is told. */
static void
test_download (Fixture      *f,
               gconstpointer data)
{
  AdwMessageDialog *dialog;
  GtkWidget        *entry;
  g_autoptr (GPtrArray) rows = NULL;

  reframe_fake_model_server_set_pull_delay (f->base.server, 60);
  g_signal_emit_by_name (child (f, "download_button"), "clicked");
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Download a Model");
  /* The first suggestion is chosen, so Download is ready at once. */
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "download"));
  entry = find_descendant (adw_message_dialog_get_extra_child (dialog), ADW_TYPE_ENTRY_ROW);
  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), "two words");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "download"));
  gtk_editable_set_text (GTK_EDITABLE (entry), REFRAME_FAKE_PULLABLE_MODEL);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "download"));
  respond (dialog, "download");

  g_assert_true (gtk_widget_get_visible (child (f, "progress_row")));
  g_assert_cmpstr (
      row_title (child (f, "progress_row")), ==, "Downloading " REFRAME_FAKE_PULLABLE_MODEL);
  g_assert_false (gtk_widget_get_sensitive (child (f, "download_button")));
  g_assert_true (reframe_test_wait_for (progress_moved, f, WAIT_MS));
  g_assert_true (
      g_str_has_prefix (adw_action_row_get_subtitle (child (f, "progress_row")), "Downloading: "));
  g_assert_nonnull (
      strstr (adw_action_row_get_subtitle (child (f, "progress_row")), " of 1.9\u00a0GB)"));

  g_assert_true (reframe_test_wait_for (progress_hidden, f, WAIT_MS));
  g_assert_true (reframe_test_wait_for (lists_three, f, WAIT_MS));
  rows = dup_model_rows (f);
  g_assert_cmpstr (row_title (rows->pdata[2]), ==, REFRAME_FAKE_PULLABLE_MODEL);
  g_assert_cmpstr (adw_action_row_get_subtitle (rows->pdata[2]), ==, "1.9\u00a0GB · qwen2 · 3.1B");
  g_assert_cmpuint (f->n_changed, ==, 1);
  g_assert_true (gtk_widget_get_sensitive (child (f, "download_button")));
}

/* Cancel stops the download: the server sees its client go, nothing new is listed,
 * and no error is shown. */
static void
test_cancel (Fixture      *f,
             gconstpointer data)
{
  AdwMessageDialog *dialog;

  reframe_fake_model_server_set_pull_delay (f->base.server, 150);
  g_signal_emit_by_name (child (f, "download_button"), "clicked");
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  gtk_editable_set_text (GTK_EDITABLE (find_descendant (adw_message_dialog_get_extra_child (dialog),
                                                        ADW_TYPE_ENTRY_ROW)),
                         REFRAME_FAKE_PULLABLE_MODEL);
  respond (dialog, "download");
  g_assert_true (reframe_test_wait_for (progress_moved, f, WAIT_MS));
  g_signal_emit_by_name (child (f, "cancel_button"), "clicked");
  g_assert_true (reframe_test_wait_for (progress_hidden, f, WAIT_MS));
  g_assert_true (reframe_test_wait_for (pull_stopped, f, WAIT_MS));
  g_assert_false (
      reframe_fake_model_server_has_model (f->base.server, REFRAME_FAKE_PULLABLE_MODEL));
  g_assert_false (gtk_widget_get_visible (child (f, "status_row")));
  g_assert_cmpuint (f->n_changed, ==, 0);
  g_assert_true (has_n_models (f, 2));
}

/* A failed download stays shown, in Ollama's words. */
static void
test_download_error (Fixture      *f,
                     gconstpointer data)
{
  AdwMessageDialog *dialog;

  g_signal_emit_by_name (child (f, "download_button"), "clicked");
  dialog = find_dialog ();
  gtk_editable_set_text (GTK_EDITABLE (find_descendant (adw_message_dialog_get_extra_child (dialog),
                                                        ADW_TYPE_ENTRY_ROW)),
                         "no-such-model");
  respond (dialog, "download");
  g_assert_true (reframe_test_wait_for (status_shown, f, WAIT_MS));
  g_assert_cmpstr (row_title (child (f, "status_row")), ==, "Download Failed");
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (child (f, "status_row")),
                                   "There is no model named “no-such-model”"));
}

/* Delete asks first; Cancel keeps the model, Delete removes it. */
static void
test_delete (Fixture      *f,
             gconstpointer data)
{
  g_autoptr (GPtrArray) rows = dup_model_rows (f);
  GtkWidget        *button = find_descendant (rows->pdata[1], GTK_TYPE_BUTTON);
  AdwMessageDialog *dialog;

  g_signal_emit_by_name (button, "clicked");
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Delete “qwen2.5:7b”?");
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  g_assert_cmpint (
      adw_message_dialog_get_response_appearance (dialog, "delete"), ==, ADW_RESPONSE_DESTRUCTIVE);
  respond (dialog, "cancel");
  /* Nothing was asked of the server. */
  g_assert_true (reframe_fake_model_server_has_model (f->base.server, "qwen2.5:7b"));
  g_assert_true (has_n_models (f, 2));

  g_signal_emit_by_name (button, "clicked");
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  respond (dialog, "delete");
  g_assert_true (reframe_test_wait_for (lists_one, f, WAIT_MS));
  g_assert_false (reframe_fake_model_server_has_model (f->base.server, "qwen2.5:7b"));
  g_assert_cmpuint (f->n_changed, ==, 1);
}

/* Nothing at the address: the group says Ollama is not running, in place. */
static void
test_not_running (Fixture      *f,
                  gconstpointer data)
{
  g_autoptr (GSocketListener) listener = g_socket_listener_new ();
  g_autoptr (GError) error = NULL;
  guint16          port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u", port);

  g_assert_no_error (error);
  g_socket_listener_close (listener);
  reframe_models_group_set_service (f->group, REFRAME_PROVIDER_KIND_OLLAMA, uri, NULL);
  g_assert_true (reframe_test_wait_for (status_shown, f, WAIT_MS));
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (child (f, "status_row")),
                                   "Ollama is not running"));
  g_assert_true (has_n_models (f, 0));
  g_assert_false (gtk_widget_get_visible (child (f, "download_button")));
}

int
main (int   argc,
      char *argv[])
{
  reframe_ui_test_init (&argc, &argv);

  g_test_add (
      "/reframe/models-group/list", Fixture, NULL, fixture_set_up, test_list, fixture_tear_down);
  g_test_add ("/reframe/models-group/download",
              Fixture,
              NULL,
              fixture_set_up,
              test_download,
              fixture_tear_down);
  g_test_add ("/reframe/models-group/cancel",
              Fixture,
              NULL,
              fixture_set_up,
              test_cancel,
              fixture_tear_down);
  g_test_add ("/reframe/models-group/download-error",
              Fixture,
              NULL,
              fixture_set_up,
              test_download_error,
              fixture_tear_down);
  g_test_add ("/reframe/models-group/delete",
              Fixture,
              NULL,
              fixture_set_up,
              test_delete,
              fixture_tear_down);
  g_test_add ("/reframe/models-group/not-running",
              Fixture,
              NULL,
              fixture_set_up,
              test_not_running,
              fixture_tear_down);

  return g_test_run ();
}
