/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-worksheet-editor.c: every built-in template rendered by the one form renderer, filled in
 * through its controls, left, reopened from the store with the answers found again;
 * questionnaires scored; PHQ-9 item 9 showing the crisis lines. */

#include "config.h"

#include <locale.h>
#include <adwaita.h>

#include "reframe-crisis-sheet.h"
#include "reframe-form-view.h"
#include "reframe-questionnaire-score.h"
#include "reframe-ui-test-util.h"
#include "reframe-window.h"
#include "reframe-worksheet-editor.h"
#include "reframe-worksheet-repository.h"
#include "reframe-worksheets-page.h"

#define WAIT_MS 5000

typedef struct
{
  char                  *dir;
  ReframeWindow         *window;
  ReframeWorksheetsPage *page;
  ReframeStore          *store;
} Fixture;

/* Waits until a window is shown (or, with %NULL, for what its closing queued). */
static void
settle (GtkWidget *window,
        gboolean   mapped)
{
  gint64 end = g_get_monotonic_time () + WAIT_MS * G_TIME_SPAN_MILLISECOND;

  while (window != NULL && gtk_widget_get_mapped (window) != mapped &&
         g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  reframe_test_spin_idle ();
}

/* Closes an editor as its close button does; the window must go, not just hide. */
static void
close_editor (GtkWidget *editor)
{
  gint64 end = g_get_monotonic_time () + WAIT_MS * G_TIME_SPAN_MILLISECOND;

  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  gtk_window_close (GTK_WINDOW (editor));
  while (editor != NULL && g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  g_assert_null (editor);
  reframe_test_spin_idle ();
}

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  AdwViewStack *stack;

  f->dir = reframe_test_make_tmp_dir ();
  f->window = reframe_window_new (NULL, f->dir);
  gtk_window_present (GTK_WINDOW (f->window));
  f->store = reframe_window_get_store (f->window);
  g_assert_nonnull (f->store);

  /* The page fills itself the first time it shows. */
  stack = ADW_VIEW_STACK (gtk_widget_get_ancestor (
      GTK_WIDGET (reframe_window_get_journal_page (f->window)), ADW_TYPE_VIEW_STACK));
  adw_view_stack_set_visible_child_name (stack, "worksheets");
  reframe_test_spin_idle ();
  f->page = REFRAME_WORKSHEETS_PAGE (
      adw_bin_get_child (ADW_BIN (adw_view_stack_get_visible_child (stack))));
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  gint64      end = g_get_monotonic_time () + WAIT_MS * G_TIME_SPAN_MILLISECOND;

  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  while (g_list_model_get_n_items (toplevels) > 0)
    {
      g_autoptr (GtkWindow) window = g_list_model_get_item (toplevels, 0);
      gtk_window_destroy (window);
    }
  /* Everything the window made is gone once it is finalized. */
  while (f->window != NULL && g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  g_assert_null (f->window);
  reframe_test_spin_idle ();
  reframe_test_remove_tree (f->dir);
  g_free (f->dir);
}

static GtkWidget *
find_child (GtkWidget *root,
            GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;
      found = find_child (child, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Fills every control of a new row of a table or feelings list: text in the entries and
 * text views, a date in date entries, a value on each slider, the first of each choice. */
static void
fill_every_control (GtkWidget  *root,
                    const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_ENTRY (child))
        {
          const char *placeholder = gtk_entry_get_placeholder_text (GTK_ENTRY (child));
          gboolean    is_date = g_strcmp0 (placeholder, "2026-03-14 18:30") == 0;

          gtk_editable_set_text (GTK_EDITABLE (child), is_date ? "2026-03-14 18:30" : text);
          continue;
        }
      if (GTK_IS_TEXT_VIEW (child))
        {
          gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (child)), text, -1);
          continue;
        }
      if (GTK_IS_SCALE (child))
        {
          GtkAdjustment *adjustment = gtk_range_get_adjustment (GTK_RANGE (child));
          gtk_range_set_value (GTK_RANGE (child), gtk_adjustment_get_upper (adjustment));
          continue;
        }
      if (GTK_IS_CHECK_BUTTON (child))
        {
          if (gtk_widget_get_prev_sibling (child) == NULL)
            gtk_check_button_set_active (GTK_CHECK_BUTTON (child), TRUE);
          continue;
        }
      fill_every_control (child, text);
    }
}

/* Fills one control the way a person would, through the widget. */
static void
fill_control (GtkWidget                  *control,
              const ReframeTemplateField *field)
{
  g_autofree char *text =
      g_strdup_printf ("An answer for %s", reframe_template_field_get_id (field));

  switch (reframe_template_field_get_field_type (field))
    {
    case REFRAME_FIELD_SHORT_TEXT:
      gtk_editable_set_text (GTK_EDITABLE (control), text);
      break;
    case REFRAME_FIELD_LONG_TEXT:
      gtk_text_buffer_set_text (
          gtk_text_view_get_buffer (GTK_TEXT_VIEW (find_child (control, GTK_TYPE_TEXT_VIEW))),
          text,
          -1);
      break;
    case REFRAME_FIELD_SINGLE_CHOICE:
      /* The first option: for a questionnaire, "not at all". */
      gtk_check_button_set_active (GTK_CHECK_BUTTON (gtk_widget_get_first_child (control)), TRUE);
      break;
    case REFRAME_FIELD_MULTIPLE_CHOICE:
      gtk_check_button_set_active (GTK_CHECK_BUTTON (gtk_widget_get_first_child (control)), TRUE);
      break;
    case REFRAME_FIELD_SLIDER:
      gtk_range_set_value (GTK_RANGE (control), reframe_template_field_get_max (field));
      break;
    case REFRAME_FIELD_DATE_TIME:
      gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_first_child (control)),
                             "2026-03-14 18:30");
      break;
    case REFRAME_FIELD_EMOTIONS:
    case REFRAME_FIELD_TABLE:
      {
        GtkWidget *rows = gtk_widget_get_first_child (control);
        GtkWidget *add = gtk_widget_get_last_child (control);

        g_signal_emit_by_name (add, "clicked");
        fill_every_control (rows, text);
        break;
      }
    default:
      g_assert_not_reached ();
    }
}

static void
fill_form (ReframeFormView *form)
{
  ReframeTemplate *template = reframe_form_view_get_template (form);
  GPtrArray *steps = reframe_template_get_steps (template);

  for (guint i = 0; i < steps->len; i++)
    {
      GPtrArray *fields = reframe_template_step_get_fields (g_ptr_array_index (steps, i));

      for (guint j = 0; j < fields->len; j++)
        {
          const ReframeTemplateField *field = g_ptr_array_index (fields, j);
          GtkWidget                  *control =
              reframe_form_view_get_field_widget (form, reframe_template_field_get_id (field));

          g_assert_nonnull (control);
          fill_control (control, field);
        }
    }
}

static char *
answers_json (JsonObject *answers)
{
  g_autoptr (JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, answers);
  return json_to_string (node, FALSE);
}

/* Every built-in: rendered, filled, left half-way as a draft, reopened with its answers,
 * then finished (and scored, for a questionnaire). */
static void
test_every_template (Fixture      *f,
                     gconstpointer data)
{
  ReframeTemplateRegistry    *registry = reframe_window_get_registry (f->window);
  GListModel                 *templates = reframe_template_registry_get_templates (registry);
  ReframeWorksheetRepository *repository = reframe_store_get_worksheets (f->store);

  g_assert_cmpuint (g_list_model_get_n_items (templates), >=, 9);
  for (guint i = 0; i < g_list_model_get_n_items (templates); i++)
    {
      g_autoptr (ReframeTemplate) template = g_list_model_get_item (templates, i);
      GtkWidget *editor =
          reframe_worksheets_page_start (f->page, reframe_template_get_id (template), NULL);
      ReframeFormView *form =
          REFRAME_FORM_VIEW (reframe_worksheet_editor_get_form (REFRAME_WORKSHEET_EDITOR (editor)));
      g_autofree char *uuid = NULL;
      g_autofree char *filled = NULL;
      g_autofree char *reopened_json = NULL;
      g_autoptr (ReframeWorksheet) stored = NULL;
      g_autoptr (GError) error = NULL;
      GtkWidget *again;

      g_test_message ("template %s", reframe_template_get_id (template));
      settle (editor, TRUE);
      g_assert_cmpuint (
          reframe_form_view_get_n_steps (form), ==, reframe_template_get_steps (template)->len);
      fill_form (form);
      filled = answers_json (reframe_form_view_get_answers (form));
      uuid = g_strdup (reframe_worksheet_get_uuid (
          reframe_worksheet_editor_get_worksheet (REFRAME_WORKSHEET_EDITOR (editor))));

      /* Leave: closing saves the draft. */
      close_editor (editor);
      stored = reframe_worksheet_repository_get (repository, uuid, &error);
      g_assert_no_error (error);
      g_assert_nonnull (stored);
      g_assert_cmpint (reframe_worksheet_get_status (stored), ==, REFRAME_WORKSHEET_DRAFT);
      reopened_json = answers_json (reframe_worksheet_get_answers (stored));
      g_assert_cmpstr (reopened_json, ==, filled);

      /* Reopen from the page: the form shows the answers, and can be finished. */
      again = reframe_worksheets_page_open (f->page, stored);
      g_assert_nonnull (again);
      settle (again, TRUE);
      form =
          REFRAME_FORM_VIEW (reframe_worksheet_editor_get_form (REFRAME_WORKSHEET_EDITOR (again)));
      g_clear_pointer (&reopened_json, g_free);
      reopened_json = answers_json (reframe_form_view_get_answers (form));
      g_assert_cmpstr (reopened_json, ==, filled);
      g_assert_true (reframe_worksheet_editor_finish (REFRAME_WORKSHEET_EDITOR (again)));
      g_assert_cmpint (reframe_worksheet_get_status (stored), ==, REFRAME_WORKSHEET_COMPLETED);
      if (reframe_template_get_kind (template) == REFRAME_TEMPLATE_KIND_QUESTIONNAIRE)
        {
          g_assert_cmpint (reframe_worksheet_get_score (stored), ==, 0);
          g_assert_nonnull (reframe_worksheet_get_band (stored));
        }
      close_editor (again);
    }

  reframe_worksheets_page_reload (f->page);
  g_assert_cmpuint (
      reframe_worksheets_page_get_n_rows (f->page), ==, g_list_model_get_n_items (templates));
}

static GtkWindow *
find_crisis_sheet (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (REFRAME_IS_CRISIS_SHEET (window))
        return window;
    }
  return NULL;
}

/* PHQ-9 item 9 above zero shows the crisis lines at once, before any score. */
static void
test_phq9_item9_shows_crisis_lines (Fixture      *f,
                                    gconstpointer data)
{
  GtkWidget       *editor = reframe_worksheets_page_start (f->page, "phq-9", NULL);
  ReframeFormView *form =
      REFRAME_FORM_VIEW (reframe_worksheet_editor_get_form (REFRAME_WORKSHEET_EDITOR (editor)));
  ReframeTemplate *template = reframe_form_view_get_template (form);
  GPtrArray                  *scored = reframe_template_get_scored_fields (template);
  const ReframeTemplateField *item9 = g_ptr_array_index (scored, 8);
  GtkWidget                  *options =
      reframe_form_view_get_field_widget (form, reframe_template_field_get_id (item9));

  /* Items 1–8 answered "not at all": no sheet. */
  for (guint i = 0; i < 8; i++)
    {
      const ReframeTemplateField *item = g_ptr_array_index (scored, i);
      GtkWidget                  *control =
          reframe_form_view_get_field_widget (form, reframe_template_field_get_id (item));

      gtk_check_button_set_active (GTK_CHECK_BUTTON (gtk_widget_get_first_child (control)), TRUE);
    }
  reframe_test_spin_idle ();
  g_assert_null (find_crisis_sheet ());

  /* "Several days" on item 9. */
  gtk_check_button_set_active (
      GTK_CHECK_BUTTON (gtk_widget_get_next_sibling (gtk_widget_get_first_child (options))), TRUE);
  reframe_test_spin_idle ();
  g_assert_nonnull (find_crisis_sheet ());
}

/* Waits (in the main loop) until a crisis sheet shows or @ms pass. */
static GtkWindow *
wait_crisis_sheet (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;

  while (find_crisis_sheet () == NULL && g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  return find_crisis_sheet ();
}

static GtkRevealer *
help_revealer (GtkWidget *editor)
{
  return GTK_REVEALER (find_child (editor, GTK_TYPE_REVEALER));
}

static void
type_into (GtkWidget  *editor,
           const char *field_id,
           const char *text)
{
  ReframeFormView *form =
      REFRAME_FORM_VIEW (reframe_worksheet_editor_get_form (REFRAME_WORKSHEET_EDITOR (editor)));
  GtkWidget *control = reframe_form_view_get_field_widget (form, field_id);
  GtkWidget *view = GTK_IS_TEXT_VIEW (control) ? control : find_child (control, GTK_TYPE_TEXT_VIEW);

  if (view != NULL)
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text, -1);
  else
    gtk_editable_set_text (GTK_EDITABLE (control), text);
}

/* Crisis words in a worksheet field: once saved, a calm line stays above the form and
 * the crisis lines follow a pause; everyday words do neither, and the safety plan's
 * warning signs (written on a calm day, on purpose) never do. */
static void
test_crisis_words_in_a_worksheet (Fixture      *f,
                                  gconstpointer data)
{
  GtkWidget *editor = reframe_worksheets_page_start (f->page, "thought-record", NULL);
  GtkWidget *plan = NULL;
  GtkWindow *sheet;

  settle (editor, TRUE);
  type_into (editor, "situation", "The meeting ran late and I missed the bus");
  g_assert_null (wait_crisis_sheet (2500));
  g_assert_false (gtk_revealer_get_reveal_child (help_revealer (editor)));

  type_into (editor,
             "situation",
             "The meeting ran late. honestly i just want to die, nobody would even notice");
  g_assert_nonnull ((sheet = wait_crisis_sheet (5000)));
  g_assert_true (gtk_revealer_get_reveal_child (help_revealer (editor)));
  gtk_window_destroy (sheet);
  reframe_test_spin_idle ();
  /* Once: more typing does not bring it back. */
  type_into (editor,
             "situation",
             "The meeting ran late. honestly i just want to die, nobody would even notice. again");
  g_assert_null (wait_crisis_sheet (2500));
  close_editor (editor);

  plan = reframe_worksheets_page_start (f->page, "safety-plan", NULL);
  settle (plan, TRUE);
  type_into (plan,
             "warning_signs",
             "When I start thinking I want to die and they would be better off without me");
  g_assert_null (wait_crisis_sheet (2500));
  g_assert_false (gtk_revealer_get_reveal_child (help_revealer (plan)));
  close_editor (plan);
}

int
main (int   argc,
      char *argv[])
{
  reframe_ui_test_init (&argc, &argv);

  g_test_add ("/reframe/worksheet-editor/every-template",
              Fixture,
              NULL,
              fixture_set_up,
              test_every_template,
              fixture_tear_down);
  g_test_add ("/reframe/worksheet-editor/phq9-item9-crisis-lines",
              Fixture,
              NULL,
              fixture_set_up,
              test_phq9_item9_shows_crisis_lines,
              fixture_tear_down);
  g_test_add ("/reframe/worksheet-editor/crisis-words-in-a-worksheet",
              Fixture,
              NULL,
              fixture_set_up,
              test_crisis_words_in_a_worksheet,
              fixture_tear_down);

  return g_test_run ();
}
