/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-import-window.c: a journal from another app, previewed, then brought in.
 *
 * Nothing is written until the person has seen what the file holds: how many entries
 * of each kind, from when to when, how the other app's moods become Reframe's five, and
 * every line that cannot be read, with its number and why. Then all of it goes in, in
 * one transaction, after a backup (reframe-import.c), or none of it. Reading and writing
 * run on worker threads; the window stays responsive and cannot be closed halfway. */

#define G_LOG_DOMAIN "ReframeImportWindow"

#include "config.h"

#include <glib/gi18n.h>

#include "reframe-application.h"
#include "reframe-import-window.h"
#include "reframe-import.h"
#include "reframe-locale.h"

/* More problems than this are summed up in one row. */
#define MAX_PROBLEM_ROWS 50

struct _ReframeImportWindow
{
  AdwWindow parent_instance;

  /* Template widgets */
  GtkWidget          *import_button;
  GtkWidget          *choose_button;
  GtkStack           *stack;
  AdwStatusPage      *busy_page;
  GtkSpinner         *spinner;
  AdwPreferencesPage *preview_page;
  AdwStatusPage      *message_page;
  GtkButton          *message_button;

  /* Owned */
  ReframeStore         *store;
  ReframeImportBatch   *batch;
  GCancellable         *cancellable;
  GtkFileChooserNative *chooser;
  GPtrArray            *groups; /* of AdwPreferencesGroup, on preview_page */
  gboolean              applying;
};

G_DEFINE_FINAL_TYPE (ReframeImportWindow, reframe_import_window, ADW_TYPE_WINDOW)

static void
show_busy (ReframeImportWindow *self,
           const char          *title)
{
  adw_status_page_set_title (self->busy_page, title);
  gtk_spinner_start (self->spinner);
  gtk_widget_set_visible (self->import_button, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "busy");
}

/* A page with a title, a text and one button: an error, or the end. */
static void
show_message (ReframeImportWindow *self,
              const char          *icon_name,
              const char          *title,
              const char          *description,
              const char          *button_label,
              const char          *button_action)
{
  gtk_spinner_stop (self->spinner);
  gtk_widget_set_visible (self->import_button, FALSE);
  adw_status_page_set_icon_name (self->message_page, icon_name);
  adw_status_page_set_title (self->message_page, title);
  adw_status_page_set_description (self->message_page, description);
  gtk_button_set_label (self->message_button, button_label);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->message_button), NULL);
  gtk_actionable_set_detailed_action_name (GTK_ACTIONABLE (self->message_button), button_action);
  gtk_stack_set_visible_child_name (self->stack, "message");
  gtk_widget_grab_focus (GTK_WIDGET (self->message_button));
}

/* Preview */

static AdwPreferencesGroup *
add_group (ReframeImportWindow *self,
           const char          *title,
           const char          *description)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());

  adw_preferences_group_set_title (group, title);
  if (description != NULL)
    adw_preferences_group_set_description (group, description);
  adw_preferences_page_add (self->preview_page, group);
  g_ptr_array_add (self->groups, group);
  return group;
}

static void
add_row (AdwPreferencesGroup *group,
         const char          *title,
         const char          *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_preferences_group_add (group, row);
}

static char *
period_text (ReframeImportBatch *batch)
{
  GDateTime *first = reframe_import_batch_get_first (batch);
  GDateTime *last = reframe_import_batch_get_last (batch);
  g_autoptr (GDateTime) first_local = NULL;
  g_autoptr (GDateTime) last_local = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  if (first == NULL || last == NULL)
    return NULL;
  first_local = g_date_time_to_local (first);
  last_local = g_date_time_to_local (last);
  from = reframe_locale_format_day (first_local, REFRAME_DATE_FULL);
  to = reframe_locale_format_day (last_local, REFRAME_DATE_FULL);
  /* Translators: the first and the last day of what a file holds */
  return g_strdup_printf (_ ("From %s to %s"), from, to);
}

static void
add_contents (ReframeImportWindow *self)
{
  /* Translators: %s is the app the file comes from, such as "Daylio (CSV export)" */
  g_autofree char *title =
      g_strdup_printf (_ ("From %s"), reframe_import_batch_get_format_name (self->batch));
  g_autofree char     *period = period_text (self->batch);
  AdwPreferencesGroup *group = add_group (self, title, period);

  for (ReframeImportKind kind = 0; kind < REFRAME_IMPORT_N_KINDS; kind++)
    {
      guint            n = reframe_import_batch_get_n_records (self->batch, kind);
      g_autofree char *text = NULL;

      if (n == 0)
        continue;
      text = reframe_import_kind_format_count (kind, n);
      add_row (group, text, NULL);
    }
  if (reframe_import_batch_get_n_total (self->batch) == 0)
    add_row (group, _ ("Nothing to import"), _ ("The file holds no entries Reframe can read."));
}

static void
add_mood_mapping (ReframeImportWindow *self)
{
  guint                n = reframe_import_batch_get_n_mood_mappings (self->batch);
  AdwPreferencesGroup *group;

  if (n == 0)
    return;
  group = add_group (
      self, _ ("How the Moods Carry Over"), _ ("Reframe has five moods, from Awful to Great."));
  for (guint i = 0; i < n; i++)
    {
      ReframeMood mood;
      const char *name = reframe_import_batch_get_mood_mapping (self->batch, i, &mood);

      add_row (group, name, reframe_mood_get_label (mood));
    }
}

static void
add_problems (ReframeImportWindow *self)
{
  guint                n = reframe_import_batch_get_n_problems (self->batch);
  AdwPreferencesGroup *group;

  if (n == 0)
    return;
  group = add_group (self,
                     _ ("What Cannot Be Read"),
                     _ ("These lines are left out. Everything else can be imported."));
  for (guint i = 0; i < MIN (n, MAX_PROBLEM_ROWS); i++)
    {
      const char *message = NULL;
      guint       line = reframe_import_batch_get_problem (self->batch, i, &message);
      /* Translators: a line of a file that cannot be read, by its number */
      g_autofree char *title = g_strdup_printf (_ ("Line %u"), line);

      add_row (group, title, message);
    }
  if (n > MAX_PROBLEM_ROWS)
    {
      g_autofree char *more =
          g_strdup_printf (ngettext ("And %u more line", "And %u more lines", n - MAX_PROBLEM_ROWS),
                           n - MAX_PROBLEM_ROWS);

      add_row (group, more, NULL);
    }
}

static void
show_preview (ReframeImportWindow *self)
{
  for (guint i = 0; i < self->groups->len; i++)
    adw_preferences_page_remove (self->preview_page, g_ptr_array_index (self->groups, i));
  g_ptr_array_set_size (self->groups, 0);
  add_contents (self);
  add_mood_mapping (self);
  add_problems (self);
  gtk_spinner_stop (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, "preview");
  gtk_widget_set_visible (self->import_button, reframe_import_batch_get_n_total (self->batch) > 0);
  if (gtk_widget_get_visible (self->import_button))
    gtk_widget_grab_focus (self->import_button);
}

/* Reading */

static void
read_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (ReframeImportWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  ReframeImportBatch *batch = reframe_import_read_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->batch);
  self->batch = batch;
  if (batch == NULL)
    {
      show_message (self,
                    "dialog-warning-symbolic",
                    _ ("This Cannot Be Imported"),
                    error->message,
                    _ ("Choose _Another…"),
                    "import.start-over");
      return;
    }
  show_preview (self);
}

/**
 * reframe_import_window_open:
 * @self: the window
 * @file: an export of another app, a folder, or a Reframe archive
 *
 * Reads @file and shows what it holds.
 */
void
reframe_import_window_open (ReframeImportWindow *self,
                            GFile               *file)
{
  g_return_if_fail (REFRAME_IS_IMPORT_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  show_busy (self, _ ("Reading…"));
  reframe_import_read_async (NULL, file, self->cancellable, read_done_cb, g_object_ref (self));
}

static void
chooser_response_cb (GtkNativeDialog     *chooser,
                     int                  response,
                     ReframeImportWindow *self)
{
  g_autoptr (GFile) file = response == GTK_RESPONSE_ACCEPT
                               ? gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))
                               : NULL;

  g_clear_object (&self->chooser);
  if (file != NULL)
    reframe_import_window_open (self, file);
}

static void
choose_activated_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  ReframeImportWindow *self = REFRAME_IMPORT_WINDOW (widget);
  gboolean             folder = g_variant_get_boolean (parameter);

  if (self->chooser != NULL || self->applying)
    return;
  self->chooser = gtk_file_chooser_native_new (
      folder ? _ ("Choose the Journal’s Folder") : _ ("Choose the Export"),
      GTK_WINDOW (self),
      folder ? GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER : GTK_FILE_CHOOSER_ACTION_OPEN,
      _ ("_Open"),
      _ ("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
start_over_activated_cb (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  ReframeImportWindow *self = REFRAME_IMPORT_WINDOW (widget);

  g_clear_object (&self->batch);
  gtk_stack_set_visible_child_name (self->stack, "start");
  gtk_widget_grab_focus (self->choose_button);
}

/* Writing */

static char *
result_text (const ReframeImportResult *result)
{
  g_autoptr (GString) text = g_string_new (NULL);

  for (ReframeImportKind kind = 0; kind < REFRAME_IMPORT_N_KINDS; kind++)
    if (result->added[kind] > 0)
      {
        g_autofree char *count = reframe_import_kind_format_count (kind, result->added[kind]);

        g_string_append_printf (text, "%s%s", text->len > 0 ? ", " : "", count);
      }
  if (text->len == 0)
    g_string_append (text, _ ("Nothing new was added"));
  else
    {
      g_autofree char *counts = g_string_free (g_steal_pointer (&text), FALSE);

      /* Translators: %s lists counts of what was imported, "1204 mood entries, 3 worksheets" */
      text = g_string_new (NULL);
      g_string_append_printf (text, _ ("%s added"), counts);
    }
  g_string_append (text, ".");
  if (result->n_updated > 0)
    {
      g_string_append_c (text, ' ');
      g_string_append_printf (text,
                              ngettext ("%u was newer and replaced the journal’s copy.",
                                        "%u were newer and replaced the journal’s copies.",
                                        result->n_updated),
                              result->n_updated);
    }
  if (result->n_skipped > 0)
    {
      g_string_append_c (text, ' ');
      g_string_append_printf (text,
                              ngettext ("%u was already in your journal.",
                                        "%u were already in your journal.",
                                        result->n_skipped),
                              result->n_skipped);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
apply_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (ReframeImportWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  ReframeImportResult counts = { 0 };
  g_autofree char    *text = NULL;

  self->applying = FALSE;
  gtk_window_set_deletable (GTK_WINDOW (self), TRUE);
  if (!reframe_import_apply_finish (REFRAME_STORE (source), result, &counts, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_message (self,
                      "dialog-warning-symbolic",
                      _ ("Nothing Was Imported"),
                      error->message,
                      _ ("Choose _Another…"),
                      "import.start-over");
      return;
    }
  text = result_text (&counts);
  show_message (self, "emblem-ok-symbolic", _ ("Imported"), text, _ ("_Close"), "window.close");
}

static void
apply_activated_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  ReframeImportWindow *self = REFRAME_IMPORT_WINDOW (widget);

  if (self->batch == NULL || self->applying || reframe_import_batch_get_n_total (self->batch) == 0)
    return;
  self->applying = TRUE;
  gtk_window_set_deletable (GTK_WINDOW (self), FALSE);
  show_busy (self, _ ("Backing Up and Importing…"));
  reframe_import_apply_async (
      self->store, self->batch, self->cancellable, apply_done_cb, g_object_ref (self));
}

/* All or nothing: the window stays until the transaction has ended either way. */
static gboolean
reframe_import_window_close_request (GtkWindow *window)
{
  if (REFRAME_IMPORT_WINDOW (window)->applying)
    return TRUE;
  return GTK_WINDOW_CLASS (reframe_import_window_parent_class)->close_request (window);
}

static void
reframe_import_window_dispose (GObject *object)
{
  ReframeImportWindow *self = REFRAME_IMPORT_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), REFRAME_TYPE_IMPORT_WINDOW);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_clear_object (&self->batch);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (reframe_import_window_parent_class)->dispose (object);
}

static void
reframe_import_window_class_init (ReframeImportWindowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = reframe_import_window_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = reframe_import_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/reframe-import-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ReframeImportWindow, import_button);
  gtk_widget_class_bind_template_child (widget_class, ReframeImportWindow, choose_button);
  gtk_widget_class_bind_template_child (widget_class, ReframeImportWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, ReframeImportWindow, busy_page);
  gtk_widget_class_bind_template_child (widget_class, ReframeImportWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, ReframeImportWindow, preview_page);
  gtk_widget_class_bind_template_child (widget_class, ReframeImportWindow, message_page);
  gtk_widget_class_bind_template_child (widget_class, ReframeImportWindow, message_button);

  gtk_widget_class_install_action (widget_class, "import.choose", "b", choose_activated_cb);
  gtk_widget_class_install_action (
      widget_class, "import.start-over", NULL, start_over_activated_cb);
  gtk_widget_class_install_action (widget_class, "import.apply", NULL, apply_activated_cb);
  gtk_widget_class_add_binding_action (
      widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "import.choose", "b", FALSE);
  gtk_widget_class_add_binding_action (
      widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "import.apply", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (
      widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
reframe_import_window_init (ReframeImportWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->groups = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
}

/**
 * reframe_import_window_new:
 * @parent: (nullable): the window it opens over
 * @store: the journal to bring the entries into
 *
 * Returns: (transfer floating): the window, at its first page
 */
GtkWidget *
reframe_import_window_new (GtkWindow    *parent,
                           ReframeStore *store)
{
  ReframeImportWindow *self;

  g_return_val_if_fail (REFRAME_IS_STORE (store), NULL);

  self = reframe_application_new_transient (REFRAME_TYPE_IMPORT_WINDOW, parent);
  self->store = g_object_ref (store);
  /* Enter chooses the file: where a keyboard starts. */
  gtk_window_set_focus (GTK_WINDOW (self), self->choose_button);
  return GTK_WIDGET (self);
}
