/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-worksheet-editor.c: fills in one worksheet or questionnaire.
 *
 * No Save button (DESIGN.md 5): every change is saved after a short pause and when the
 * window closes, so a draft left half-way is found exactly as it was. Finishing checks
 * the required fields, scores a questionnaire, and shows the score in the words R3 of
 * the safety notes asks for. A safety rule met by an answer (PHQ-9 item 9 above zero)
 * shows the crisis sheet at once, before any score. */

#define G_LOG_DOMAIN "ReframeWorksheetEditor"

#include "config.h"

#include <glib/gi18n.h>

#include "reframe-application.h"
#include "reframe-crisis-lines.h"
#include "reframe-crisis-sheet.h"
#include "reframe-crisis-watch.h"
#include "reframe-form-view-private.h"
#include "reframe-questionnaire-score.h"
#include "reframe-template-registry.h"
#include "reframe-worksheet-editor.h"
#include "reframe-worksheet-repository.h"

#define SAVE_DELAY_MS 600
/* After the save that found crisis language, how long the typing must pause before the
 * crisis lines open over the editor. */
#define HELP_DELAY_MS 1500

struct _ReframeWorksheetEditor
{
  AdwWindow parent_instance;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  AdwWindowTitle  *window_title;
  GtkToggleButton *whole_form_button;
  GtkButton       *finish_button;
  GtkStack        *stack;
  AdwBin          *form_slot;
  AdwStatusPage   *result_page;
  GtkWidget       *crisis_box;
  GtkLabel        *crisis_lines_label;
  GtkWidget       *help_button;
  GtkLabel        *result_note;
  GtkWidget       *review_button;

  /* Owned */
  ReframeStore *store;
  ReframeTemplate *template;
  ReframeWorksheet *worksheet;
  ReframeFormView  *form;
  guint             save_id;
  guint             help_id;
  GtkRevealer      *help_revealer;
  GtkWidget        *suggested_bar; /* shown while the answers are the companion's suggestion */
  gboolean          safety_shown;
  gboolean          stored; /* saved at least once: a discard removes it */
};

G_DEFINE_FINAL_TYPE (ReframeWorksheetEditor, reframe_worksheet_editor, ADW_TYPE_WINDOW)

static void keep_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter);
static void discard_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter);

static void
update_subtitle (ReframeWorksheetEditor *self)
{
  gboolean done = reframe_worksheet_get_status (self->worksheet) == REFRAME_WORKSHEET_COMPLETED;

  adw_window_title_set_subtitle (self->window_title,
                                 done ? _ ("Finished · changes are saved")
                                      : _ ("Draft · saved as you go"));
}

/**
 * reframe_worksheet_editor_save:
 * @self: an editor
 * @error: return location for a store error
 *
 * Saves the answers now.
 *
 * Returns: %TRUE on success
 */
gboolean
reframe_worksheet_editor_save (ReframeWorksheetEditor *self,
                               GError                **error)
{
  g_return_val_if_fail (REFRAME_IS_WORKSHEET_EDITOR (self), FALSE);

  g_clear_handle_id (&self->save_id, g_source_remove);
  reframe_worksheet_set_answers (self->worksheet, reframe_form_view_get_answers (self->form));
  if (!reframe_worksheet_repository_save (
          reframe_store_get_worksheets (self->store), self->worksheet, error))
    return FALSE;
  self->stored = TRUE;
  return TRUE;
}

static void
save_or_tell (ReframeWorksheetEditor *self)
{
  g_autoptr (GError) error = NULL;

  /* What was typed stays in the form; the person is told, and it is tried again. */
  if (!reframe_worksheet_editor_save (self, &error))
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
}

static void
crisis_sheet_destroyed_cb (ReframeWorksheetEditor *self)
{
  if (gtk_widget_get_visible (GTK_WIDGET (self)) && !gtk_widget_in_destruction (GTK_WIDGET (self)))
    gtk_window_present (GTK_WINDOW (self));
}

/* When the sheet closes, the keyboard goes back to the answer that opened it, whatever
 * the window manager would choose. */
static void
show_crisis_sheet (ReframeWorksheetEditor *self)
{
  GtkWidget *sheet = reframe_application_show_crisis_sheet (GTK_WINDOW (self));

  g_signal_connect_object (
      sheet, "destroy", G_CALLBACK (crisis_sheet_destroyed_cb), self, G_CONNECT_SWAPPED);
}

static void
collect_text (JsonNode *node,
              GString  *text)
{
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    g_string_append_printf (text, "%s\n", json_node_get_string (node));
  else if (JSON_NODE_HOLDS_ARRAY (node))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
      collect_text (json_array_get_element (json_node_get_array (node), i), text);
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autoptr (GList) members = json_object_get_values (json_node_get_object (node));

      for (GList *l = members; l != NULL; l = l->next)
        collect_text (l->data, text);
    }
}

static gboolean
help_timeout_cb (gpointer user_data)
{
  ReframeWorksheetEditor *self = user_data;

  self->help_id = 0;
  show_crisis_sheet (self);
  return G_SOURCE_REMOVE;
}

/* Crisis language typed in any field shows the crisis lines once, after a pause in the
 * typing (the sheet takes the keyboard; no word should go astray), and a calm line with
 * Get Help Now stays above the form. The safety plan is the exception: writing down
 * one's warning signs on a calm day is the point of it, not a crisis. */
static void
check_answers_for_crisis (ReframeWorksheetEditor *self)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GString) text = g_string_new (NULL);

  if (self->safety_shown || gtk_revealer_get_reveal_child (self->help_revealer) ||
      g_strcmp0 (reframe_template_get_id (self->template), REFRAME_SAFETY_PLAN_TEMPLATE) == 0)
    return;
  root =
      json_node_init_object (json_node_alloc (), reframe_worksheet_get_answers (self->worksheet));
  collect_text (root, text);
  if (!reframe_crisis_watch_matches (text->str))
    return;
  self->safety_shown = TRUE;
  gtk_revealer_set_reveal_child (self->help_revealer, TRUE);
  self->help_id = g_timeout_add (HELP_DELAY_MS, help_timeout_cb, self);
}

static gboolean
save_timeout_cb (gpointer user_data)
{
  ReframeWorksheetEditor *self = user_data;

  self->save_id = 0;
  save_or_tell (self);
  check_answers_for_crisis (self);
  return G_SOURCE_REMOVE;
}

static void
form_changed_cb (ReframeWorksheetEditor *self)
{
  g_clear_handle_id (&self->save_id, g_source_remove);
  self->save_id = g_timeout_add (SAVE_DELAY_MS, save_timeout_cb, self);
  /* Still typing: the crisis lines wait for the pause. */
  if (self->help_id != 0)
    {
      g_source_remove (self->help_id);
      self->help_id = g_timeout_add (HELP_DELAY_MS, help_timeout_cb, self);
    }
}

static void
form_safety_cb (ReframeWorksheetEditor *self,
                const char             *field_id)
{
  /* Once per sitting: the sheet stays reachable from Get Help Now. */
  if (self->safety_shown)
    return;
  self->safety_shown = TRUE;
  show_crisis_sheet (self);
}

static void
help_clicked_cb (ReframeWorksheetEditor *self)
{
  show_crisis_sheet (self);
}

static GPtrArray *
lines_to_show (ReframeCrisisLines *lines,
               GSettings          *settings)
{
  g_autofree char *country = g_settings_get_string (settings, "crisis-country");
  g_autoptr (GPtrArray) countries = NULL;
  GPtrArray *found = reframe_crisis_lines_lookup (
      lines, *country != '\0' ? country : reframe_crisis_lines_default_country ());

  if (found != NULL && found->len > 0)
    return found;
  g_clear_pointer (&found, g_ptr_array_unref);
  /* With no country known, the first one, as the crisis sheet shows it. */
  countries = reframe_crisis_lines_get_countries (lines);
  if (countries->len == 0)
    return NULL;
  return reframe_crisis_lines_lookup (
      lines, ((ReframeCrisisCountry *) g_ptr_array_index (countries, 0))->code);
}

/* The person's own therapist, then the first lines the crisis sheet shows, one a line. */
static char *
crisis_lines_text (void)
{
  g_autoptr (GSettings) settings = g_settings_new (BASE_ID);
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeCrisisLines) lines = reframe_crisis_lines_new (&error);
  g_autoptr (GPtrArray) shown = NULL;
  g_autofree char *therapist = g_settings_get_string (settings, "therapist-name");
  g_autofree char *phone = g_settings_get_string (settings, "therapist-phone");
  GString         *text = g_string_new (NULL);

  if (*phone != '\0')
    /* Translators: the person's therapist or clinic and their number */
    g_string_append_printf (
        text, _ ("%s: %s"), *therapist != '\0' ? therapist : _ ("Your therapist or clinic"), phone);
  /* The lines are compiled in (the crisis sheet's tests read them); Get Help Now stays. */
  if (lines == NULL)
    return g_string_free (text, FALSE);
  shown = lines_to_show (lines, settings);
  for (guint i = 0; shown != NULL && i < shown->len && i < 3; i++)
    {
      const ReframeCrisisLine *line = g_ptr_array_index (shown, i);
      g_autofree char         *numbers = NULL;

      if (line->numbers == NULL || line->numbers[0] == NULL)
        continue;
      numbers = g_strjoinv (" · ", line->numbers);
      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* Translators: a crisis line and its numbers, e.g. "Samaritans: 116 123" */
      g_string_append_printf (text, _ ("%s: %s"), line->name, numbers);
    }
  return g_string_free (text, FALSE);
}

static void
show_crisis_lines (ReframeWorksheetEditor *self,
                   gboolean                shown)
{
  if (shown)
    {
      g_autofree char *text = crisis_lines_text ();

      gtk_label_set_label (self->crisis_lines_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->crisis_lines_label), *text != '\0');
    }
  gtk_widget_set_visible (self->crisis_box, shown);
}

/* Finishing is done once the result shows: the header keeps no Finish button, and
 * Ctrl+Return does nothing there. Reviewing the answers brings both back. */
static void
stack_page_changed_cb (ReframeWorksheetEditor *self)
{
  gboolean on_form = g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "form") == 0;

  if (self->finish_button == NULL)
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->finish_button), on_form);
  gtk_widget_set_visible (GTK_WIDGET (self->whole_form_button), on_form);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.finish", on_form);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.step", on_form);
  if (on_form && self->form != NULL)
    reframe_form_view_focus_step (self->form);
  else if (!on_form)
    gtk_widget_grab_focus (gtk_widget_get_visible (self->crisis_box) ? self->help_button
                                                                     : self->review_button);
}

static void
whole_form_toggled_cb (ReframeWorksheetEditor *self)
{
  reframe_form_view_set_whole_form (self->form,
                                    gtk_toggle_button_get_active (self->whole_form_button));
}

static char *
score_change_text (ReframeWorksheetEditor *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeWorksheet) previous = reframe_worksheet_repository_previous_score (
      reframe_store_get_worksheets (self->store), self->worksheet, &error);
  int change;

  if (previous == NULL)
    return g_strdup (_ ("This is your first score here."));
  change = reframe_worksheet_get_score (self->worksheet) - reframe_worksheet_get_score (previous);
  if (change == 0)
    return g_strdup (_ ("The same as last time."));
  /* Translators: the change of a questionnaire score since the previous time */
  return change > 0 ? g_strdup_printf (ngettext ("%d point higher than last time.",
                                                 "%d points higher than last time.",
                                                 change),
                                       change)
                    : g_strdup_printf (ngettext ("%d point lower than last time.",
                                                 "%d points lower than last time.",
                                                 -change),
                                       -change);
}

static void
show_score (ReframeWorksheetEditor          *self,
            const ReframeQuestionnaireScore *score)
{
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  g_autofree char *change = score_change_text (self);

  /* Translators: a questionnaire score, e.g. "Score 12 of 27" */
  title = g_strdup_printf (_ ("Score %d of %d"), score->score, score->max_score);
  /* Translators: %s is the band label from the questionnaire, e.g. "moderate" */
  description = g_strdup_printf (
      _ ("In the range the questionnaire’s authors call “%s”. %s"), score->band_label, change);
  /* A score is not an achievement: no check mark over it. */
  adw_status_page_set_icon_name (self->result_page, NULL);
  adw_status_page_set_title (self->result_page, title);
  adw_status_page_set_description (self->result_page, description);
  show_crisis_lines (self, score->safety_triggered);
  gtk_label_set_label (self->result_note,
                       _ ("This is not a diagnosis. Scores are a way to notice change over time; "
                          "share them with your therapist or doctor."));
  gtk_stack_set_visible_child_name (self->stack, "result");
}

static gboolean
score_questionnaire (ReframeWorksheetEditor *self)
{
  g_autoptr (GError) error = NULL;
  ReframeQuestionnaireScore *score =
      reframe_template_score (self->template, reframe_form_view_get_answers (self->form), &error);

  if (score == NULL)
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return FALSE;
    }

  /* The crisis lines come before the score, whatever happened while answering. */
  if (score->safety_triggered && !self->safety_shown)
    {
      self->safety_shown = TRUE;
      show_crisis_sheet (self);
    }
  reframe_worksheet_set_score (self->worksheet, score->score);
  reframe_worksheet_set_band (self->worksheet, score->band_label);
  reframe_worksheet_set_status (self->worksheet, REFRAME_WORKSHEET_COMPLETED);
  save_or_tell (self);
  show_score (self, score);
  reframe_questionnaire_score_free (score);
  return TRUE;
}

/**
 * reframe_worksheet_editor_finish:
 * @self: an editor
 *
 * Marks the worksheet finished when every required field is answered (otherwise shows
 * which are not), and scores a questionnaire.
 *
 * Returns: %TRUE when it was finished
 */
gboolean
reframe_worksheet_editor_finish (ReframeWorksheetEditor *self)
{
  g_return_val_if_fail (REFRAME_IS_WORKSHEET_EDITOR (self), FALSE);

  if (!reframe_form_view_validate (self->form))
    {
      gtk_toggle_button_set_active (self->whole_form_button, FALSE);
      return FALSE;
    }

  if (reframe_template_get_kind (self->template) == REFRAME_TEMPLATE_KIND_QUESTIONNAIRE)
    {
      gboolean scored = score_questionnaire (self);
      update_subtitle (self);
      return scored;
    }

  reframe_worksheet_set_status (self->worksheet, REFRAME_WORKSHEET_COMPLETED);
  save_or_tell (self);
  update_subtitle (self);
  adw_status_page_set_icon_name (self->result_page, "emblem-ok-symbolic");
  show_crisis_lines (self, FALSE);
  adw_status_page_set_title (self->result_page, _ ("Well Done"));
  adw_status_page_set_description (self->result_page,
                                   _ ("Your worksheet is saved. You can come back to it and change "
                                      "it whenever you like."));
  gtk_label_set_label (self->result_note, _ ("Bring it to your next session if it helps."));
  gtk_stack_set_visible_child_name (self->stack, "result");
  return TRUE;
}

static void
finish_clicked_cb (ReframeWorksheetEditor *self)
{
  reframe_worksheet_editor_finish (self);
}

static void
review_clicked_cb (ReframeWorksheetEditor *self)
{
  gtk_stack_set_visible_child_name (self->stack, "form");
}

static void
step_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ReframeWorksheetEditor *self = REFRAME_WORKSHEET_EDITOR (widget);
  int                     step = (int) reframe_form_view_get_step (self->form) + g_variant_get_int32 (parameter);

  if (step >= 0)
    reframe_form_view_set_step (self->form, step);
}

static void
editor_map_cb (ReframeWorksheetEditor *self)
{
  reframe_form_view_focus_step (self->form);
}

static void
export_written_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (ReframeWorksheetEditor) self = user_data;
  g_autoptr (GError) error = NULL;

  /* g_file_replace_contents writes a temporary file and renames it: a failed export
   * leaves nothing half-written. */
  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      g_autofree char *message =
          g_strdup_printf (_ ("The template was not saved: %s"), error->message);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
      return;
    }
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_ ("Template saved")));
}

static void
export_chosen_cb (GtkNativeDialog        *chooser,
                  int                     response,
                  ReframeWorksheetEditor *self)
{
  g_autoptr (GFile) file = NULL;
  g_autoptr (GBytes) bytes = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);
  if (file == NULL)
    return;

  bytes = reframe_template_to_bytes (self->template);
  g_file_replace_contents_bytes_async (file,
                                       bytes,
                                       NULL,
                                       FALSE,
                                       G_FILE_CREATE_REPLACE_DESTINATION,
                                       NULL,
                                       export_written_cb,
                                       g_object_ref (self));
}

/* A template travels as the JSON file it was read from, for a therapist or another device. */
static void
export_template_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  ReframeWorksheetEditor *self = REFRAME_WORKSHEET_EDITOR (widget);
  GtkFileChooserNative   *chooser = gtk_file_chooser_native_new (
      _ ("Export Template"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE, _ ("_Save"), NULL);
  g_autofree char *name = g_strdup_printf ("%s-v%u.json",
                                           reframe_template_get_id (self->template),
                                           reframe_template_get_version (self->template));

  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (export_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
finish_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  reframe_worksheet_editor_finish (REFRAME_WORKSHEET_EDITOR (widget));
}

static gboolean
reframe_worksheet_editor_close_request (GtkWindow *window)
{
  ReframeWorksheetEditor *self = REFRAME_WORKSHEET_EDITOR (window);

  if (self->save_id != 0)
    {
      save_or_tell (self);
      check_answers_for_crisis (self);
    }
  /* Closing before the pause is over does not skip the crisis lines. */
  if (self->help_id != 0)
    {
      g_clear_handle_id (&self->help_id, g_source_remove);
      show_crisis_sheet (self);
    }
  /* Focus leaves the fields while they still exist: GTK 4.8 makes an input-method
   * context on a focus-out, and one made while the window is being destroyed is never
   * freed. */
  gtk_window_set_focus (window, NULL);
  return GTK_WINDOW_CLASS (reframe_worksheet_editor_parent_class)->close_request (window);
}

static void
reframe_worksheet_editor_dispose (GObject *object)
{
  ReframeWorksheetEditor *self = REFRAME_WORKSHEET_EDITOR (object);

  g_clear_handle_id (&self->save_id, g_source_remove);
  g_clear_handle_id (&self->help_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), REFRAME_TYPE_WORKSHEET_EDITOR);
  g_clear_object (&self->worksheet);
  g_clear_object (&self->template);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (reframe_worksheet_editor_parent_class)->dispose (object);
}

static void
reframe_worksheet_editor_class_init (ReframeWorksheetEditorClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = reframe_worksheet_editor_dispose;
  window_class->close_request = reframe_worksheet_editor_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/reframe-worksheet-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, ReframeWorksheetEditor, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ReframeWorksheetEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, ReframeWorksheetEditor, whole_form_button);
  gtk_widget_class_bind_template_child (widget_class, ReframeWorksheetEditor, finish_button);
  gtk_widget_class_bind_template_child (widget_class, ReframeWorksheetEditor, stack);
  gtk_widget_class_bind_template_child (widget_class, ReframeWorksheetEditor, form_slot);
  gtk_widget_class_bind_template_child (widget_class, ReframeWorksheetEditor, result_page);
  gtk_widget_class_bind_template_child (widget_class, ReframeWorksheetEditor, crisis_box);
  gtk_widget_class_bind_template_child (widget_class, ReframeWorksheetEditor, help_revealer);
  gtk_widget_class_bind_template_child (widget_class, ReframeWorksheetEditor, crisis_lines_label);
  gtk_widget_class_bind_template_child (widget_class, ReframeWorksheetEditor, help_button);
  gtk_widget_class_bind_template_child (widget_class, ReframeWorksheetEditor, result_note);
  gtk_widget_class_bind_template_child (widget_class, ReframeWorksheetEditor, review_button);
  gtk_widget_class_bind_template_callback (widget_class, whole_form_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, finish_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, review_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, help_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, stack_page_changed_cb);

  gtk_widget_class_install_action (widget_class, "editor.finish", NULL, finish_action);
  gtk_widget_class_install_action (
      widget_class, "editor.export-template", NULL, export_template_action);
  gtk_widget_class_install_action (widget_class, "editor.step", "i", step_action);
  gtk_widget_class_install_action (widget_class, "editor.keep-suggested", NULL, keep_action);
  gtk_widget_class_install_action (widget_class, "editor.discard-suggested", NULL, discard_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (
      widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

/* The step and finish shortcuts are taken before the focused field sees them: a text
 * view moves its cursor a page sideways on Ctrl+Page Down, and would keep the key. */
static void
add_form_shortcuts (ReframeWorksheetEditor *self)
{
  static const struct
  {
    guint           keyval;
    GdkModifierType modifiers;
    const char     *action;
    int             step;
  } keys[] = {
    { GDK_KEY_Right, GDK_ALT_MASK, "editor.step", 1 },
    { GDK_KEY_Left, GDK_ALT_MASK, "editor.step", -1 },
    { GDK_KEY_Page_Down, GDK_CONTROL_MASK, "editor.step", 1 },
    { GDK_KEY_Page_Up, GDK_CONTROL_MASK, "editor.step", -1 },
    { GDK_KEY_Return, GDK_CONTROL_MASK, "editor.finish", 0 },
    { GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "editor.finish", 0 },
  };
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      GtkShortcut *shortcut =
          gtk_shortcut_new (gtk_keyval_trigger_new (keys[i].keyval, keys[i].modifiers),
                            gtk_named_action_new (keys[i].action));

      if (keys[i].step != 0)
        gtk_shortcut_set_arguments (shortcut, g_variant_new_int32 (keys[i].step));
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
    }
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

static void
reframe_worksheet_editor_init (ReframeWorksheetEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  add_form_shortcuts (self);
}

static ReframeWorksheetEditor *
create_editor (GtkWindow    *parent,
               ReframeStore *store,
               ReframeTemplate *template,
               ReframeWorksheet *worksheet,
               gboolean          suggested)
{
  ReframeWorksheetEditor *self;
  GtkWidget              *form;

  self = reframe_application_new_transient (REFRAME_TYPE_WORKSHEET_EDITOR, parent);
  self->store = g_object_ref (store);
  self->template = g_object_ref (template);
  self->worksheet = worksheet != NULL
                        ? g_object_ref (worksheet)
                        : reframe_worksheet_new (reframe_template_get_id (template),
                                                 reframe_template_get_version (template));
  /* An open worksheet is in the store already. */
  self->stored = worksheet != NULL;

  form = suggested
             ? _reframe_form_view_new_suggested (template,
                                                 reframe_worksheet_get_answers (self->worksheet))
             : reframe_form_view_new (template, reframe_worksheet_get_answers (self->worksheet));
  self->form = REFRAME_FORM_VIEW (form);
  adw_bin_set_child (self->form_slot, form);
  g_signal_connect_object (form, "changed", G_CALLBACK (form_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (form, "safety", G_CALLBACK (form_safety_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect (self, "map", G_CALLBACK (editor_map_cb), NULL);
  gtk_window_set_title (GTK_WINDOW (self), reframe_template_get_title (template));
  adw_window_title_set_title (self->window_title, reframe_template_get_title (template));
  update_subtitle (self);

  return self;
}

/**
 * reframe_worksheet_editor_new:
 * @parent: (nullable): the main window
 * @store: the open journal
 * @template: the template of @worksheet (the version it was made with)
 * @worksheet: (nullable): the worksheet to open, or %NULL to start a new one
 *
 * Returns: (transfer floating): the editor window
 */
GtkWidget *
reframe_worksheet_editor_new (GtkWindow    *parent,
                              ReframeStore *store,
                              ReframeTemplate *template,
                              ReframeWorksheet *worksheet)
{
  g_return_val_if_fail (REFRAME_IS_STORE (store), NULL);
  g_return_val_if_fail (REFRAME_IS_TEMPLATE (template), NULL);

  return GTK_WIDGET (create_editor (parent, store, template, worksheet, FALSE));
}

ReframeWorksheet *
reframe_worksheet_editor_get_worksheet (ReframeWorksheetEditor *self)
{
  g_return_val_if_fail (REFRAME_IS_WORKSHEET_EDITOR (self), NULL);

  return self->worksheet;
}

GtkWidget *
reframe_worksheet_editor_get_form (ReframeWorksheetEditor *self)
{
  g_return_val_if_fail (REFRAME_IS_WORKSHEET_EDITOR (self), NULL);

  return GTK_WIDGET (self->form);
}

/* The person keeps the suggestion: it is saved as their draft and no longer marked. */
static void
keep_clicked_cb (ReframeWorksheetEditor *self)
{
  g_autoptr (GError) error = NULL;

  if (!reframe_worksheet_editor_save (self, &error))
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }
  _reframe_form_view_clear_suggested (self->form);
  gtk_widget_set_visible (self->suggested_bar, FALSE);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_ ("Kept as your draft")));
}

/* The suggestion goes, and anything saved of it while it was open. */
static void
discard_clicked_cb (ReframeWorksheetEditor *self)
{
  g_autoptr (GError) error = NULL;

  g_clear_handle_id (&self->save_id, g_source_remove);
  if (self->stored && !reframe_worksheet_repository_delete (
                          reframe_store_get_worksheets (self->store), self->worksheet, &error))
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }
  self->stored = FALSE;
  gtk_window_close (GTK_WINDOW (self));
}

static GtkWidget *
new_bar_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  return label;
}

static void
keep_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  keep_clicked_cb (REFRAME_WORKSHEET_EDITOR (widget));
}

static void
discard_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  discard_clicked_cb (REFRAME_WORKSHEET_EDITOR (widget));
}

static GtkWidget *
new_bar_button (const char *label,
                const char *style,
                const char *action)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_add_css_class (button, style);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  return button;
}

/* A bar under the header (AdwBanner is libadwaita 1.3): what this is, what was left
 * out, and Keep or Discard. */
static void
add_suggested_bar (ReframeWorksheetEditor *self,
                   const char             *note)
{
  GtkWidget *column = adw_toast_overlay_get_child (self->toast_overlay);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  self->suggested_bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_add_css_class (self->suggested_bar, "suggested-bar");
  gtk_widget_set_margin_start (self->suggested_bar, 12);
  gtk_widget_set_margin_end (self->suggested_bar, 12);
  gtk_widget_set_margin_top (self->suggested_bar, 6);
  gtk_widget_set_margin_bottom (self->suggested_bar, 6);
  gtk_box_append (GTK_BOX (texts),
                  new_bar_label (_ ("The companion suggested these answers from your conversation. "
                                    "Read them, change what is not right, then keep them as your "
                                    "draft or discard them.")));
  if (note != NULL)
    {
      GtkWidget *label = new_bar_label (note);

      gtk_widget_add_css_class (label, "warning");
      gtk_box_append (GTK_BOX (texts), label);
    }
  gtk_box_append (GTK_BOX (self->suggested_bar), texts);
  gtk_box_append (
      GTK_BOX (self->suggested_bar),
      new_bar_button (_ ("_Discard"), "destructive-action", "editor.discard-suggested"));
  gtk_box_append (GTK_BOX (self->suggested_bar),
                  new_bar_button (_ ("_Keep"), "suggested-action", "editor.keep-suggested"));
  gtk_box_insert_child_after (
      GTK_BOX (column), self->suggested_bar, gtk_widget_get_first_child (column));
}

/**
 * reframe_worksheet_editor_new_suggested:
 * @parent: (nullable): the main window
 * @store: the open journal
 * @template: the worksheet's template
 * @answers: the answers the companion suggested (perhaps none)
 * @note: (nullable): what could not be used of the model's answer, said in a sentence
 *
 * An editor on a new draft filled with @answers, each marked as suggested, with Keep
 * and Discard. It is saved only when the person keeps it or changes it.
 *
 * Returns: (transfer floating): the editor window
 */
GtkWidget *
reframe_worksheet_editor_new_suggested (GtkWindow    *parent,
                                        ReframeStore *store,
                                        ReframeTemplate *template,
                                        JsonObject *answers,
                                        const char *note)
{
  g_autoptr (ReframeWorksheet) worksheet = NULL;
  ReframeWorksheetEditor *self;

  g_return_val_if_fail (REFRAME_IS_STORE (store), NULL);
  g_return_val_if_fail (REFRAME_IS_TEMPLATE (template), NULL);
  g_return_val_if_fail (answers != NULL, NULL);

  worksheet = reframe_worksheet_new (reframe_template_get_id (template),
                                     reframe_template_get_version (template));
  reframe_worksheet_set_answers (worksheet, answers);
  self = create_editor (parent, store, template, worksheet, TRUE);
  self->stored = FALSE;
  add_suggested_bar (self, note);
  return GTK_WIDGET (self);
}

/* Returns: whether the companion's suggestion is still waiting to be kept or discarded. */
gboolean
reframe_worksheet_editor_get_suggested (ReframeWorksheetEditor *self)
{
  g_return_val_if_fail (REFRAME_IS_WORKSHEET_EDITOR (self), FALSE);

  return self->suggested_bar != NULL && gtk_widget_get_visible (self->suggested_bar);
}
