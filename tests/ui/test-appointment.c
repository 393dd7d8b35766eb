/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-appointment.c: Prepare for My Appointment from Share with Therapist, against the in-process
 * fake model server: the preview shows what goes, Draft fills the text from the server, Use in
 * Report puts it first in the Share preview, Discard changes nothing. */

#include "config.h"

#include <locale.h>
#include <adwaita.h>

#include "reframe-appointment-dialog-private.h"
#include "reframe-appointment-draft.h"
#include "reframe-appointment-notes.h"
#include "reframe-fake-model-server.h"
#include "reframe-report-pdf-fixture.h"
#include "reframe-share-dialog-private.h"
#include "reframe-ui-test-util.h"

#define WAIT_MS 20000
#define DRAFT   "This week I slept better and walked twice.\n\n1. Sleep\n2. Work\n3. My sister"

typedef struct
{
  char                     *dir;
  ReframeStore             *store;
  ReframeTemplateRegistry  *registry;
  ReframeFakeModelServer   *server;
  GSettings                *settings;
  ReframeShareDialog       *share;
  ReframeAppointmentDialog *dialog;
  guint                     generation;
} Fixture;

static gboolean
preview_updated (gpointer data)
{
  Fixture *f = data;

  return _reframe_share_dialog_get_generation (f->share) > f->generation &&
         !_reframe_share_dialog_is_busy (f->share);
}

static void
wait_preview (Fixture *f)
{
  g_assert_true (reframe_test_wait_for (preview_updated, f, WAIT_MS));
  f->generation = _reframe_share_dialog_get_generation (f->share);
}

static gboolean
entries_listed (gpointer data)
{
  Fixture *f = data;

  return _reframe_appointment_dialog_get_n_entries (f->dialog) > 0;
}

static gboolean
on_preview_page (gpointer data)
{
  Fixture *f = data;

  return g_strcmp0 (_reframe_appointment_dialog_get_page (f->dialog), "preview") == 0;
}

static gboolean
on_edit_page (gpointer data)
{
  Fixture *f = data;

  return g_strcmp0 (_reframe_appointment_dialog_get_page (f->dialog), "edit") == 0;
}

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *data_dir = NULL;
  GDate            from, to;

  f->server = reframe_fake_model_server_new ();
  f->settings = g_settings_new (BASE_ID);
  g_settings_set_string (f->settings, "companion-provider", "ollama");
  g_settings_set_string (
      f->settings, "companion-endpoint", reframe_fake_model_server_get_uri (f->server));
  g_settings_set_string (f->settings, "companion-model", "");
  f->dir = reframe_test_make_tmp_dir ();
  data_dir = g_build_filename (f->dir, "data", NULL);
  f->store = reframe_store_open (data_dir, &error);
  g_assert_no_error (error);
  f->registry = reframe_template_registry_new (data_dir, &error);
  g_assert_no_error (error);
  reframe_test_fill_report_month (f->store, NULL);

  f->share = REFRAME_SHARE_DIALOG (reframe_share_dialog_new (NULL, f->store, f->registry));
  gtk_window_present (GTK_WINDOW (f->share));
  reframe_test_report_month (&from, &to);
  _reframe_share_dialog_set_period (f->share, &from, &to);
  wait_preview (f);
  g_assert_null (reframe_report_get_own_words (
      reframe_report_layout_get_report (_reframe_share_dialog_get_layout (f->share))));

  f->dialog = REFRAME_APPOINTMENT_DIALOG (_reframe_share_dialog_open_appointment (f->share));
  g_object_add_weak_pointer (G_OBJECT (f->dialog), (gpointer *) &f->dialog);
  g_assert_cmpstr (_reframe_appointment_dialog_get_page (f->dialog), ==, "choose");
  g_assert_true (reframe_test_wait_for (entries_listed, f, WAIT_MS));
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  if (f->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (f->dialog));
  g_object_add_weak_pointer (G_OBJECT (f->share), (gpointer *) &f->share);
  gtk_window_destroy (GTK_WINDOW (f->share));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (f->dialog);
  g_assert_null (f->share);
  g_assert_finalize_object (f->registry);
  g_assert_finalize_object (f->store);
  g_clear_object (&f->settings);
  reframe_fake_model_server_free (f->server);
  reframe_test_remove_tree (f->dir);
  g_free (f->dir);
}

/* Ticks the entry whose note is the private one, and goes to the preview. */
static void
preview_with_private_entry (Fixture *f)
{
  GDate from, to;
  g_autoptr (ReframeReportOptions) options = NULL;
  g_autoptr (ReframeReport) report = NULL;
  GPtrArray  *entries;
  const char *uuid = NULL;

  reframe_test_report_month (&from, &to);
  options = reframe_report_options_new (&from, &to);
  reframe_report_options_set_include_private (options, TRUE);
  report = reframe_report_build (f->store, f->registry, options, NULL, NULL);
  entries = reframe_report_get_entries (report);
  for (guint i = 0; i < entries->len; i++)
    if (reframe_mood_entry_get_private (g_ptr_array_index (entries, i)))
      uuid = reframe_mood_entry_get_uuid (g_ptr_array_index (entries, i));
  g_assert_nonnull (uuid);
  _reframe_appointment_dialog_set_entry_ticked (f->dialog, uuid, TRUE);
  gtk_widget_activate_action (GTK_WIDGET (f->dialog), "appointment.primary", NULL);
  g_assert_true (reframe_test_wait_for (on_preview_page, f, WAIT_MS));
}

static gboolean
drafted (gpointer data)
{
  Fixture *f = data;

  return !_reframe_appointment_dialog_is_busy (f->dialog) && on_edit_page (f);
}

static void
test_draft_and_use (Fixture      *f,
                    gconstpointer data)
{
  g_autofree char *preview = NULL, *body = NULL, *text = NULL, *kept = NULL;
  gboolean         confirmed = TRUE;
  GDate            from, to;
  g_autoptr (JsonNode) root = NULL;
  JsonArray     *messages;
  ReframeReport *report;

  preview_with_private_entry (f);
  preview = _reframe_appointment_dialog_dup_preview_text (f->dialog);
  g_assert_nonnull (strstr (preview, REFRAME_TEST_PRIVATE_NOTE));
  g_assert_nonnull (strstr (preview, "**Homework:**"));
  g_assert_null (strstr (preview, REFRAME_TEST_EXCLUDED_NOTE));

  reframe_fake_model_server_set_structured_reply (f->server, DRAFT);
  gtk_widget_activate_action (GTK_WIDGET (f->dialog), "appointment.primary", NULL);
  g_assert_true (reframe_test_wait_for (drafted, f, WAIT_MS));
  g_assert_null (_reframe_appointment_dialog_get_error (f->dialog));
  text = _reframe_appointment_dialog_dup_text (f->dialog);
  g_assert_cmpstr (text, ==, DRAFT);

  /* What went is what the preview showed, after the system prompt. */
  body = reframe_fake_model_server_dup_last_chat_body (f->server);
  root = json_from_string (body, NULL);
  messages = json_object_get_array_member (json_node_get_object (root), "messages");
  g_assert_cmpstr (
      json_object_get_string_member (json_array_get_object_element (messages, 0), "role"),
      ==,
      "system");
  g_assert_cmpstr (
      json_object_get_string_member (
          json_array_get_object_element (messages, json_array_get_length (messages) - 1),
          "content"),
      ==,
      preview);

  /* The person changes a word, and uses it. */
  _reframe_appointment_dialog_set_text (f->dialog, "This week I slept better and ran twice.");
  gtk_widget_activate_action (GTK_WIDGET (f->dialog), "appointment.primary", NULL);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (f->dialog);
  wait_preview (f);
  report = reframe_report_layout_get_report (_reframe_share_dialog_get_layout (f->share));
  g_assert_cmpstr (
      reframe_report_get_own_words (report), ==, "This week I slept better and ran twice.");

  /* The switch takes the words out again; they stay kept, no longer confirmed. */
  _reframe_share_dialog_set_own_words_active (f->share, FALSE);
  wait_preview (f);
  report = reframe_report_layout_get_report (_reframe_share_dialog_get_layout (f->share));
  g_assert_null (reframe_report_get_own_words (report));
  reframe_test_report_month (&from, &to);
  kept = reframe_store_dup_appointment_note (f->store, &from, &to, &confirmed, NULL);
  g_assert_cmpstr (kept, ==, "This week I slept better and ran twice.");
  g_assert_false (confirmed);
}

static void
test_discard (Fixture      *f,
              gconstpointer data)
{
  guint generation = f->generation;

  _reframe_appointment_dialog_set_text (f->dialog, "This week I wrote something I will not keep.");
  gtk_widget_activate_action (GTK_WIDGET (f->dialog), "appointment.write", NULL);
  g_assert_true (on_edit_page (f));
  gtk_widget_activate_action (GTK_WIDGET (f->dialog), "appointment.discard", NULL);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (f->dialog);
  /* No rebuild, and the report has no words of the person's. */
  g_assert_cmpuint (_reframe_share_dialog_get_generation (f->share), ==, generation);
  g_assert_null (reframe_report_get_own_words (
      reframe_report_layout_get_report (_reframe_share_dialog_get_layout (f->share))));
}

static gboolean
idle_again (gpointer data)
{
  Fixture *f = data;

  return !_reframe_appointment_dialog_is_busy (f->dialog);
}

static void
test_stop (Fixture      *f,
           gconstpointer data)
{
  g_autofree char *body = NULL;

  preview_with_private_entry (f);
  reframe_fake_model_server_set_structured_reply (f->server, DRAFT);
  gtk_widget_activate_action (GTK_WIDGET (f->dialog), "appointment.draft", NULL);
  g_assert_true (_reframe_appointment_dialog_is_busy (f->dialog));
  gtk_widget_activate_action (GTK_WIDGET (f->dialog), "appointment.stop", NULL);
  g_assert_true (reframe_test_wait_for (idle_again, f, WAIT_MS));
  /* Nothing went, the person is where they were, and told so. */
  body = reframe_fake_model_server_dup_last_chat_body (f->server);
  g_assert_null (body);
  g_assert_cmpstr (_reframe_appointment_dialog_get_page (f->dialog), ==, "preview");
  g_assert_nonnull (strstr (_reframe_appointment_dialog_get_error (f->dialog), "Stopped"));
}

static gboolean
failed (gpointer data)
{
  Fixture *f = data;

  return !_reframe_appointment_dialog_is_busy (f->dialog) &&
         _reframe_appointment_dialog_get_error (f->dialog) != NULL;
}

static void
test_unreachable (Fixture      *f,
                  gconstpointer data)
{
  g_settings_set_string (f->settings, "companion-endpoint", "http://127.0.0.1:9");
  gtk_window_destroy (GTK_WINDOW (f->dialog));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (f->dialog);
  f->dialog = REFRAME_APPOINTMENT_DIALOG (_reframe_share_dialog_open_appointment (f->share));
  g_object_add_weak_pointer (G_OBJECT (f->dialog), (gpointer *) &f->dialog);
  g_assert_true (reframe_test_wait_for (entries_listed, f, WAIT_MS));
  preview_with_private_entry (f);
  gtk_widget_activate_action (GTK_WIDGET (f->dialog), "appointment.draft", NULL);
  g_assert_true (reframe_test_wait_for (failed, f, WAIT_MS));
  /* It says what to do, and the person can still write it themselves. */
  g_assert_nonnull (strstr (_reframe_appointment_dialog_get_error (f->dialog), "Is it running?"));
  gtk_widget_activate_action (GTK_WIDGET (f->dialog), "appointment.write", NULL);
  g_assert_true (on_edit_page (f));
}

int
main (int   argc,
      char *argv[])
{
  reframe_ui_test_init (&argc, &argv);

  g_test_add ("/reframe/appointment/draft-and-use",
              Fixture,
              NULL,
              fixture_set_up,
              test_draft_and_use,
              fixture_tear_down);
  g_test_add ("/reframe/appointment/discard",
              Fixture,
              NULL,
              fixture_set_up,
              test_discard,
              fixture_tear_down);
  g_test_add (
      "/reframe/appointment/stop", Fixture, NULL, fixture_set_up, test_stop, fixture_tear_down);
  g_test_add ("/reframe/appointment/unreachable",
              Fixture,
              NULL,
              fixture_set_up,
              test_unreachable,
              fixture_tear_down);

  return g_test_run ();
}
