/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-safety-plan.c: the safety-plan window and the phone numbers in it and in Get Help
 * Now: the empty state, the plan following its worksheet as it is saved, the country's
 * lines under professionals, and numbers turned into links only where they can be. */

#include "config.h"

#include <locale.h>
#include <adwaita.h>

#include "reframe-crisis-lines.h"
#include "reframe-phone-actions.h"
#include "reframe-phone-row.h"
#include "reframe-safety-plan-window.h"
#include "reframe-test-util.h"
#include "reframe-toolbox-item-dialog.h"
#include "reframe-worksheet-repository.h"

typedef struct
{
  char                    *dir;
  ReframeStore            *store;
  ReframeTemplateRegistry *registry;
  GSettings               *settings;
} Fixture;

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = reframe_test_make_tmp_dir ();
  f->store = reframe_store_open (f->dir, &error);
  g_assert_no_error (error);
  f->registry = reframe_template_registry_new (f->dir, &error);
  g_assert_no_error (error);
  f->settings = g_settings_new ("io.github.reframe.Reframe");
  g_settings_set_string (f->settings, "crisis-country", "DE");
  g_settings_set_string (f->settings, "therapist-name", "Dr Lee");
  g_settings_set_string (f->settings, "therapist-phone", "0151 555 0199");
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  g_settings_reset (f->settings, "crisis-country");
  g_settings_reset (f->settings, "therapist-name");
  g_settings_reset (f->settings, "therapist-phone");
  g_clear_object (&f->settings);
  g_clear_object (&f->registry);
  g_assert_finalize_object (g_steal_pointer (&f->store));
  reframe_test_remove_tree (f->dir);
  g_free (f->dir);
}

static void
collect (GtkWidget *widget,
         GString   *texts,
         guint     *n_rows,
         guint     *n_calls)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget))
    g_string_append_printf (texts, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  if (REFRAME_IS_PHONE_ROW (widget) &&
      reframe_phone_row_get_number (REFRAME_PHONE_ROW (widget)) != NULL)
    (*n_rows)++;
  if (GTK_IS_BUTTON (widget) &&
      g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (widget)), "call-start-symbolic") == 0 &&
      gtk_widget_get_ancestor (widget, REFRAME_TYPE_PHONE_ROW) != NULL)
    (*n_calls)++;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, texts, n_rows, n_calls);
}

static char *
shown_text (GtkWidget *window,
            guint     *n_rows,
            guint     *n_calls)
{
  GString *texts = g_string_new (NULL);
  guint    rows = 0, calls = 0;

  collect (window, texts, &rows, &calls);
  if (n_rows != NULL)
    *n_rows = rows;
  if (n_calls != NULL)
    *n_calls = calls;
  return g_string_free (texts, FALSE);
}

static void
save_plan (Fixture    *f,
           const char *answers)
{
  g_autoptr (ReframeWorksheet) plan = reframe_worksheet_new ("safety-plan", 1);
  g_autoptr (JsonNode) node = json_from_string (answers, NULL);
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (node);
  reframe_worksheet_set_answers (plan, json_node_get_object (node));
  g_assert_true (
      reframe_worksheet_repository_save (reframe_store_get_worksheets (f->store), plan, &error));
  g_assert_no_error (error);
}

/* No plan: the invitation to write one, no steps. Then a plan saved while the window is
 * open shows at once: the person's words in order, their people with numbers, their
 * therapist and Germany's lines (112 first) under professionals. */
static void
test_window_follows_plan (Fixture      *f,
                          gconstpointer data)
{
  GtkWidget       *window = reframe_safety_plan_window_new (NULL, f->settings, f->store, f->registry);
  g_autofree char *empty = NULL;
  g_autofree char *shown = NULL;
  guint            n_rows = 0, n_calls = 0;

  gtk_window_present (GTK_WINDOW (window));
  reframe_test_spin_idle ();
  g_assert_false (reframe_safety_plan_window_has_plan (REFRAME_SAFETY_PLAN_WINDOW (window)));
  empty = shown_text (window, NULL, NULL);
  g_assert_nonnull (strstr (empty, "No Safety Plan Yet"));
  g_assert_null (strstr (empty, "1. My warning signs"));

  save_plan (f,
             "{\"warning_signs\": \"Not sleeping\", \"helpers\": [{\"name\": \"Ana\", \"phone\": "
             "\"0151 555 0100\"}],"
             " \"reason\": \"My niece\"}");
  reframe_test_spin_idle ();
  g_assert_true (reframe_safety_plan_window_has_plan (REFRAME_SAFETY_PLAN_WINDOW (window)));
  shown = shown_text (window, &n_rows, &n_calls);
  g_assert_null (strstr (shown, "No Safety Plan Yet"));
  g_assert_nonnull (strstr (shown, "1. My warning signs\nNot sleeping\n"));
  g_assert_nonnull (strstr (shown, "Ana\n0151 555 0100\n"));
  g_assert_nonnull (strstr (shown, "Dr Lee\n0151 555 0199\n"));
  g_assert_nonnull (strstr (shown, "112"));
  g_assert_true (strstr (shown, "Not sleeping") < strstr (shown, "Ana") &&
                 strstr (shown, "112") < strstr (shown, "My niece"));
  /* Ana, Dr Lee, and Germany's emergency number and lines. */
  g_assert_cmpuint (n_rows, >=, 4);
  /* A call button only where something on this computer takes tel: links. */
  g_assert_cmpuint (n_calls, ==, reframe_phone_can_open ("tel") ? n_rows : 0);
  gtk_window_destroy (GTK_WINDOW (window));
  reframe_test_spin_idle ();
}

static void
test_phone_uri (void)
{
  const struct
  {
    const char *number;
    const char *uri;
  } cases[] = {
    { "0800 111 0 111", "tel:08001110111" },
    { "+44 (0)20 7946 0000", "tel:+442079460000" },
    { "116 123 (free)", "tel:116123" },
    { "988", "tel:988" },
    { "+1-800-273-8255", "tel:+18002738255" },
    { "ask at the desk", NULL },
    { "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *uri = reframe_phone_uri ("tel", cases[i].number);

      g_assert_cmpstr (uri, ==, cases[i].uri);
    }
  {
    g_autofree char *sms = reframe_phone_uri ("sms", "741741");

    g_assert_cmpstr (sms, ==, "sms:741741");
  }
}

/* The plan's services and the PDF fall back like Get Help Now: a country with no lines
 * shows the first country's rather than none. */
static void
test_resolve_country (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeCrisisLines) lines = reframe_crisis_lines_new (&error);
  g_autoptr (GPtrArray) countries = NULL;
  const char *first;

  g_assert_no_error (error);
  countries = reframe_crisis_lines_get_countries (lines);
  first = ((ReframeCrisisCountry *) g_ptr_array_index (countries, 0))->code;
  g_assert_cmpstr (reframe_crisis_lines_resolve_country (lines, "DE"), ==, "DE");
  g_assert_cmpstr (reframe_crisis_lines_resolve_country (lines, ""), ==, first);
  g_assert_cmpstr (reframe_crisis_lines_resolve_country (lines, "ZZ"), ==, first);
  g_assert_cmpstr (reframe_crisis_lines_resolve_country (lines, NULL), ==, first);
}

static void
find_all (GtkWidget *widget,
          GType      type,
          GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    find_all (child, type, found);
}

static GtkWidget *
find_nth (GtkWidget *root,
          GType      type,
          guint      n)
{
  g_autoptr (GPtrArray) found = g_ptr_array_new ();

  find_all (root, type, found);
  g_assert_cmpuint (found->len, >, n);
  return g_ptr_array_index (found, n);
}

static const char *
dialog_error (GtkWidget *dialog)
{
  g_autoptr (GPtrArray) labels = g_ptr_array_new ();

  find_all (dialog, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_has_css_class (g_ptr_array_index (labels, i), "error"))
      return gtk_widget_get_visible (g_ptr_array_index (labels, i))
                 ? gtk_label_get_text (g_ptr_array_index (labels, i))
                 : NULL;
  g_assert_not_reached ();
}

static guint
n_items (Fixture *f)
{
  g_autoptr (GListModel) items =
      reframe_toolbox_repository_list (reframe_store_get_toolbox (f->store), NULL);

  return g_list_model_get_n_items (items);
}

/* The add dialog says what is missing and saves nothing until it is there: words, a
 * link (made a web address when typed without one), a photo; a song's link is kept. */
static void
test_item_dialog (Fixture      *f,
                  gconstpointer data)
{
  ReframeToolboxRepository *toolbox = reframe_store_get_toolbox (f->store);
  GtkWidget                *dialog = reframe_toolbox_item_dialog_new (NULL, toolbox, NULL);
  AdwComboRow              *kind = ADW_COMBO_ROW (find_nth (dialog, ADW_TYPE_COMBO_ROW, 0));
  GtkWidget                *text = find_nth (dialog, ADW_TYPE_ENTRY_ROW, 0);
  GtkWidget                *detail = find_nth (dialog, ADW_TYPE_ENTRY_ROW, 1);
  g_autoptr (GListModel) items = NULL;
  g_autoptr (ReframeToolboxItem) item = NULL;

  g_object_ref_sink (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  reframe_test_spin_idle ();
  g_assert_true (gtk_widget_activate_action (dialog, "item.save", NULL));
  g_assert_nonnull (dialog_error (dialog));
  g_assert_cmpuint (n_items (f), ==, 0);

  /* A song or a link: fourth in the list. */
  adw_combo_row_set_selected (kind, 3);
  g_assert_true (gtk_widget_get_visible (detail));
  gtk_editable_set_text (GTK_EDITABLE (text), "  Here Comes the Sun ");
  g_assert_true (gtk_widget_activate_action (dialog, "item.save", NULL));
  g_assert_nonnull (dialog_error (dialog));
  g_assert_cmpuint (n_items (f), ==, 0);

  /* A photo with none chosen. */
  adw_combo_row_set_selected (kind, 4);
  g_assert_false (gtk_widget_get_visible (detail));
  g_assert_true (gtk_widget_activate_action (dialog, "item.save", NULL));
  g_assert_nonnull (dialog_error (dialog));
  g_assert_cmpuint (n_items (f), ==, 0);

  adw_combo_row_set_selected (kind, 3);
  gtk_editable_set_text (GTK_EDITABLE (detail), "example.org/here-comes-the-sun");
  g_assert_true (gtk_widget_activate_action (dialog, "item.save", NULL));
  reframe_test_spin_idle ();
  items = reframe_toolbox_repository_list (toolbox, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 1);
  item = g_list_model_get_item (items, 0);
  g_assert_cmpint (reframe_toolbox_item_get_kind (item), ==, REFRAME_TOOLBOX_LINK);
  g_assert_cmpstr (reframe_toolbox_item_get_text (item), ==, "Here Comes the Sun");
  g_assert_cmpstr (
      reframe_toolbox_item_get_detail (item), ==, "https://example.org/here-comes-the-sun");
  /* Saved, it closed. */
  g_assert_false (gtk_widget_get_visible (dialog));
  g_object_unref (dialog);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  /* gtk_test_init() chooses en_US.UTF-8 where the system has it (weeks from Sunday, a
   * 12-hour clock); the tests are written for the C locale, on every machine alike. */
  setlocale (LC_ALL, "C.UTF-8");
  adw_init ();

  g_test_add ("/reframe/safety-plan/window-follows-plan",
              Fixture,
              NULL,
              fixture_set_up,
              test_window_follows_plan,
              fixture_tear_down);
  g_test_add ("/reframe/safety-plan/toolbox-item-dialog",
              Fixture,
              NULL,
              fixture_set_up,
              test_item_dialog,
              fixture_tear_down);
  g_test_add_func ("/reframe/safety-plan/phone-uri", test_phone_uri);
  g_test_add_func ("/reframe/safety-plan/resolve-country", test_resolve_country);
  return g_test_run ();
}
