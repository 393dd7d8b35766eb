/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-share-dialog.c: "Share with therapist…" on a small journal: private items start
 * unticked, unticking an item updates the preview, the PDF and CSV saved and the printed
 * pages leave it out, the period is remembered for the next report, and a cancelled save leaves no
 * file. */

#include "config.h"

#include <locale.h>
#include <adwaita.h>

#include "reframe-report-pdf-fixture.h"
#include "reframe-share-dialog-private.h"
#include "reframe-ui-test-util.h"

#define WAIT_MS 20000

typedef struct
{
  char                    *dir;
  ReframeStore            *store;
  ReframeTemplateRegistry *registry;
  ReframeShareDialog      *dialog;
  char                    *excluded_uuid;
  guint                    generation;
} Fixture;

/* A new preview is there, and no other is on its way. */
static gboolean
preview_updated (gpointer data)
{
  Fixture *f = data;

  return _reframe_share_dialog_get_generation (f->dialog) > f->generation &&
         !_reframe_share_dialog_is_busy (f->dialog);
}

static gboolean
save_finished (gpointer data)
{
  return !_reframe_share_dialog_is_saving (data);
}

static void
wait_preview (Fixture *f)
{
  g_assert_true (reframe_test_wait_for (preview_updated, f, WAIT_MS));
  f->generation = _reframe_share_dialog_get_generation (f->dialog);
}

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *data_dir = NULL;
  GDate            from, to;

  f->dir = reframe_test_make_tmp_dir ();
  data_dir = g_build_filename (f->dir, "data", NULL);
  f->store = reframe_store_open (data_dir, &error);
  g_assert_no_error (error);
  f->registry = reframe_template_registry_new (data_dir, &error);
  g_assert_no_error (error);
  reframe_test_fill_report_month (f->store, &f->excluded_uuid);

  f->dialog = REFRAME_SHARE_DIALOG (reframe_share_dialog_new (NULL, f->store, f->registry));
  gtk_window_present (GTK_WINDOW (f->dialog));
  reframe_test_report_month (&from, &to);
  _reframe_share_dialog_set_period (f->dialog, &from, &to);
  wait_preview (f);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  g_object_add_weak_pointer (G_OBJECT (f->dialog), (gpointer *) &f->dialog);
  gtk_window_destroy (GTK_WINDOW (f->dialog));
  reframe_test_spin_idle ();
  g_assert_null (f->dialog);

  g_assert_finalize_object (f->registry);
  g_assert_finalize_object (f->store);
  reframe_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->excluded_uuid);
}

static ReframeReport *
preview_report (Fixture *f)
{
  ReframeReportLayout *layout = _reframe_share_dialog_get_layout (f->dialog);

  g_assert_nonnull (layout);
  return reframe_report_layout_get_report (layout);
}

static gboolean
report_has_entry (ReframeReport *report,
                  const char    *uuid)
{
  GPtrArray *entries = reframe_report_get_entries (report);

  for (guint i = 0; i < entries->len; i++)
    if (g_str_equal (reframe_mood_entry_get_uuid (g_ptr_array_index (entries, i)), uuid))
      return TRUE;
  return FALSE;
}

static char *
save (Fixture            *f,
      const char         *name,
      ReframeReportFormat format)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);

  _reframe_share_dialog_save (f->dialog, file, format);
  g_assert_true (_reframe_share_dialog_is_saving (f->dialog));
  g_assert_true (reframe_test_wait_for (save_finished, f->dialog, WAIT_MS));
  g_assert_true (g_file_equal (_reframe_share_dialog_get_saved_file (f->dialog), file));
  return g_steal_pointer (&path);
}

static char *
pdf_text (const char *path)
{
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };
  g_autoptr (GError) error = NULL;
  char *out = NULL;
  int   status = 0;

  g_spawn_sync (NULL,
                (char **) argv,
                NULL,
                G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL,
                NULL,
                &out,
                NULL,
                &status,
                &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

static void
test_untick_and_save (Fixture      *f,
                      gconstpointer data)
{
  GListModel      *items = _reframe_share_dialog_get_items (f->dialog);
  guint            n_unticked = 0;
  g_autofree char *pdf = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *text = NULL;
  g_autofree char *contents = NULL;
  g_autoptr (GSettings) settings = g_settings_new (BASE_ID);
  g_autofree char *last = NULL;

  /* Every item of the period is listed; only the private entry starts unticked. */
  g_assert_cmpuint (g_list_model_get_n_items (items), >=, 22);
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr (GtkStringObject) uuid = g_list_model_get_item (items, i);

      n_unticked +=
          !_reframe_share_dialog_get_item_included (f->dialog, gtk_string_object_get_string (uuid));
    }
  g_assert_cmpuint (n_unticked, ==, 1);
  g_assert_true (report_has_entry (preview_report (f), f->excluded_uuid));
  g_assert_cmpuint (
      reframe_report_layout_get_n_pages (_reframe_share_dialog_get_layout (f->dialog)), >=, 2);

  /* Unticking an entry rebuilds the preview without it. */
  _reframe_share_dialog_set_item_included (f->dialog, f->excluded_uuid, FALSE);
  wait_preview (f);
  g_assert_false (report_has_entry (preview_report (f), f->excluded_uuid));
  g_assert_cmpuint (g_list_model_get_n_items (items), >=, 22);

  pdf = save (f, "report.pdf", REFRAME_REPORT_FORMAT_PDF);
  text = pdf_text (pdf);
  g_assert_nonnull (strstr (text, "Between-session report"));
  g_assert_null (strstr (text, "Pelicanword"));
  g_assert_null (strstr (text, "Quokkasecret"));

  csv = save (f, "entries.csv", REFRAME_REPORT_FORMAT_CSV);
  g_assert_true (g_file_get_contents (csv, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "Привет"));
  g_assert_null (strstr (contents, "Pelicanword"));
  g_assert_null (strstr (contents, "Quokkasecret"));

  /* Printing draws the same pages (exported to a file here, where a printer would be). */
  {
    g_autofree char *printed = g_build_filename (f->dir, "printed.pdf", NULL);
    g_autofree char *printed_text = NULL;
    g_autoptr (GError) error = NULL;

    g_assert_true (_reframe_share_dialog_print_to_file (f->dialog, printed, &error));
    g_assert_no_error (error);
    printed_text = pdf_text (printed);
    g_assert_nonnull (strstr (printed_text, "Please ask about this"));
    g_assert_nonnull (strstr (printed_text, "Page 2 of"));
    g_assert_null (strstr (printed_text, "Pelicanword"));
  }

  /* The next report starts after this one. */
  last = g_settings_get_string (settings, "last-report-to");
  g_assert_cmpstr (last, ==, "2024-03-31");
}

static void
test_cancel_save (Fixture      *f,
                  gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "cancelled.pdf", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GDir) dir = NULL;
  const char *name;

  _reframe_share_dialog_save (f->dialog, file, REFRAME_REPORT_FORMAT_PDF);
  g_assert_true (_reframe_share_dialog_is_saving (f->dialog));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->dialog), "share.cancel-save", NULL));
  g_assert_true (reframe_test_wait_for (save_finished, f->dialog, WAIT_MS));
  g_assert_null (_reframe_share_dialog_get_saved_file (f->dialog));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  /* No temporary file either: only the journal's folder is there. */
  dir = g_dir_open (f->dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_cmpstr (name, ==, "data");
}

int
main (int   argc,
      char *argv[])
{
  reframe_ui_test_init (&argc, &argv);

  g_test_add ("/reframe/share-dialog/untick-and-save",
              Fixture,
              NULL,
              fixture_set_up,
              test_untick_and_save,
              fixture_tear_down);
  g_test_add ("/reframe/share-dialog/cancel-save",
              Fixture,
              NULL,
              fixture_set_up,
              test_cancel_save,
              fixture_tear_down);

  return g_test_run ();
}
