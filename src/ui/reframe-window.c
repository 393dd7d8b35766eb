/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-window.c: the main window: header bar, pages, toasts and the store it opens. */

#define G_LOG_DOMAIN "ReframeWindow"

#include "config.h"

#include <glib/gi18n.h>

#include "reframe-bench.h"
#include "reframe-chat-pane.h"
#include "reframe-homework-page.h"
#include "reframe-insights-page.h"
#include "reframe-share-dialog-private.h"
#include "reframe-journal-crypt.h"
#include "reframe-template-registry.h"
#include "reframe-unlock-view.h"
#include "reframe-window.h"
#include "reframe-worksheets-page.h"

struct _ReframeWindow
{
  AdwApplicationWindow parent_instance;

  /* Template widgets */
  GtkStack             *root_stack;
  AdwToastOverlay      *toast_overlay;
  AdwFlap              *companion_flap;
  AdwBin               *companion_slot;
  AdwHeaderBar         *header_bar;
  GtkWidget            *main_column;
  GtkToggleButton      *companion_button;
  GtkToggleButton      *search_button;
  GtkMenuButton        *jump_button;
  GtkBox               *jump_box;
  GtkMenuButton        *menu_button;
  GtkMenuButton        *locked_menu_button;
  GtkMenuButton        *error_menu_button;
  GMenuModel           *primary_menu;
  GMenuModel           *locked_menu;
  GtkCalendar          *jump_calendar; /* made after the first frames */
  AdwViewStack         *view_stack;
  AdwViewSwitcherTitle *switcher_title;
  ReframeJournalPage   *journal_page;
  AdwBin               *worksheets_slot;
  AdwBin               *homework_slot;
  AdwBin               *insights_slot;
  AdwStatusPage        *error_page;
  AdwBin               *unlock_slot;
  ReframeUnlockView    *unlock_view; /* made when the journal is locked */

  /* Owned */
  char                    *data_dir;
  GSettings               *settings;
  ReframeStore            *store;
  GError                  *store_error;
  GCancellable            *cancellable;
  ReframeTemplateRegistry *registry;
  char                    *jumped_day;
};

G_DEFINE_FINAL_TYPE (ReframeWindow, reframe_window, ADW_TYPE_APPLICATION_WINDOW)

enum
{
  PROP_0,
  PROP_DATA_DIR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
get_error_title (const GError *error)
{
  if (error->domain != REFRAME_STORE_ERROR)
    return _ ("Journal Can't Be Opened");

  switch ((ReframeStoreError) error->code)
    {
    case REFRAME_STORE_ERROR_TOO_NEW:
      return _ ("Journal From a Newer Reframe");
    case REFRAME_STORE_ERROR_CORRUPT:
      return _ ("Journal Can't Be Read");
    case REFRAME_STORE_ERROR_READ_ONLY:
      return _ ("Journal Is Read-Only");
    case REFRAME_STORE_ERROR_NO_FOLDER:
      return _ ("Data Folder Missing");
    case REFRAME_STORE_ERROR_DISK_FULL:
      return _ ("Disk Is Full");
    case REFRAME_STORE_ERROR_LOCKED:
      return _ ("Journal Is Locked");
    case REFRAME_STORE_ERROR_INVALID:
    case REFRAME_STORE_ERROR_NOT_FOUND:
    case REFRAME_STORE_ERROR_FAILED:
    default:
      return _ ("Journal Can't Be Opened");
    }
}

static char *
dup_error_text (ReframeWindow *self)
{
  g_autofree char *dir =
      self->data_dir ? g_strdup (self->data_dir) : reframe_store_dup_default_dir ();
  g_autofree char *path = g_build_filename (dir, "reframe.db", NULL);

  if (g_error_matches (self->store_error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_NO_FOLDER))
    /* Translators: the first %s is an error message, the second a folder path. */
    return g_strdup_printf (_ ("%s\n\nFolder: %s"), self->store_error->message, dir);

  /* Translators: the first %s is an error message, the second a file path. */
  return g_strdup_printf (_ ("%s\n\nFile: %s"), self->store_error->message, path);
}

static void
set_journal_actions_enabled (ReframeWindow *self,
                             gboolean       enabled)
{
  static const char *const actions[] = {
    "win.new-entry",
    "win.search",
    "win.search-from-menu",
    "win.jump-to-date",
    "win.toggle-companion",
    "win.share",
    "win.prepare-appointment",
  };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), actions[i], enabled);
}

static void
show_store_error (ReframeWindow *self)
{
  g_autofree char *text = dup_error_text (self);
  g_autofree char *markup = NULL;

  markup = g_markup_escape_text (text, -1);

  adw_status_page_set_title (self->error_page, get_error_title (self->store_error));
  adw_status_page_set_description (self->error_page, markup);
  gtk_stack_set_visible_child_name (self->root_stack, "error");
  set_journal_actions_enabled (self, FALSE);
}

static void unlock_view_unlocked_cb (ReframeWindow *self,
                                     int            method);

/* An encrypted journal, locked: the passphrase, and nothing of the journal. */
static void
show_locked (ReframeWindow *self)
{
  g_autofree char *dir =
      self->data_dir ? g_strdup (self->data_dir) : reframe_store_dup_default_dir ();

  if (self->unlock_view == NULL)
    {
      self->unlock_view = REFRAME_UNLOCK_VIEW (reframe_unlock_view_new (dir));
      g_signal_connect_swapped (
          self->unlock_view, "unlocked", G_CALLBACK (unlock_view_unlocked_cb), self);
      adw_bin_set_child (self->unlock_slot, GTK_WIDGET (self->unlock_view));
    }
  reframe_unlock_view_set_data_dir (self->unlock_view, dir);
  gtk_stack_set_visible_child_name (self->root_stack, "locked");
  set_journal_actions_enabled (self, FALSE);
}

/* A journal found damaged after it opened is shown like one that did not open; nothing
 * was written to it meanwhile (saves wait for the check). A check that could not run
 * runs again before the first save. No reference is held: dispose cancels the check,
 * and a cancelled check touches nothing here. */
static void
store_checked_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  ReframeWindow *self = user_data;
  g_autoptr (GError) error = NULL;

  if (reframe_store_check_finish (REFRAME_STORE (source), result, &error) ||
      !g_error_matches (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_CORRUPT))
    return;
  g_clear_error (&self->store_error);
  self->store_error = g_steal_pointer (&error);
  show_store_error (self);
}

static void
open_store (ReframeWindow *self)
{
  self->store = reframe_store_open (self->data_dir, &self->store_error);

  if (g_error_matches (self->store_error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_LOCKED))
    {
      show_locked (self);
      return;
    }
  if (self->store == NULL)
    {
      show_store_error (self);
      return;
    }

  /* Reading every page takes a while on a big journal, so the check runs beside
   * start-up rather than before it. */
  reframe_store_check_async (self->store, self->cancellable, store_checked_cb, self);

  reframe_journal_page_set_repository (self->journal_page,
                                       reframe_store_get_moods (self->store));
  gtk_stack_set_visible_child_name (self->root_stack, "main");
}

static void page_or_width_changed_cb (ReframeWindow *self);

/* Everything shown is read afresh from the unlocked journal, in a new window; without
 * the application (the widget tests) it opens in this one. */
static void
unlock_view_unlocked_cb (ReframeWindow *self,
                         int            method)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  const char     *message = NULL;

  if (method == REFRAME_UNLOCK_RECOVERY_KEY)
    message = _ ("Opened with your recovery key. You can choose a new passphrase in Preferences.");
  if (REFRAME_IS_APPLICATION (app))
    {
      reframe_application_reopen_journal (REFRAME_APPLICATION (app), message);
      return;
    }
  g_clear_error (&self->store_error);
  open_store (self);
  if (self->store != NULL)
    {
      set_journal_actions_enabled (self, TRUE);
      page_or_width_changed_cb (self);
    }
}

/**
 * reframe_window_get_registry:
 * @self: the window
 *
 * Returns: (transfer none) (nullable): the templates of the open journal, read when first
 *   needed; %NULL when the journal did not open, or the templates could not be read
 */
ReframeTemplateRegistry *
reframe_window_get_registry (ReframeWindow *self)
{
  g_autoptr (GError) error = NULL;

  g_return_val_if_fail (REFRAME_IS_WINDOW (self), NULL);

  if (self->registry != NULL || self->store == NULL)
    return self->registry;

  self->registry = reframe_template_registry_new (reframe_store_get_data_dir (self->store), &error);
  if (self->registry == NULL)
    reframe_window_add_toast (self, adw_toast_new (error->message));
  return self->registry;
}

static void start_worksheet_cb (ReframeWindow *self,
                                const char    *assignment_uuid,
                                const char    *template_id);

/* Pages other than the journal are made, and filled, the first time they are needed:
 * start-up pays only for what is on screen. Each returns %NULL when the journal or its
 * templates could not be read (the window says why). */
static ReframeWorksheetsPage *
ensure_worksheets_page (ReframeWindow *self)
{
  GtkWidget *page = adw_bin_get_child (self->worksheets_slot);

  if (page == NULL && reframe_window_get_registry (self) != NULL)
    {
      page = g_object_new (REFRAME_TYPE_WORKSHEETS_PAGE, NULL);
      adw_bin_set_child (self->worksheets_slot, page);
      reframe_worksheets_page_set_store (
          REFRAME_WORKSHEETS_PAGE (page), self->store, self->registry);
    }
  return page != NULL ? REFRAME_WORKSHEETS_PAGE (page) : NULL;
}

static void
ensure_homework_page (ReframeWindow *self)
{
  GtkWidget *page;

  if (adw_bin_get_child (self->homework_slot) != NULL || reframe_window_get_registry (self) == NULL)
    return;
  page = reframe_homework_page_new ();
  adw_bin_set_child (self->homework_slot, page);
  reframe_homework_page_set_store (REFRAME_HOMEWORK_PAGE (page), self->store, self->registry);
  g_signal_connect_object (
      page, "start-worksheet", G_CALLBACK (start_worksheet_cb), self, G_CONNECT_SWAPPED);
}

static void
ensure_insights_page (ReframeWindow *self)
{
  GtkWidget *page;

  if (adw_bin_get_child (self->insights_slot) != NULL || reframe_window_get_registry (self) == NULL)
    return;
  page = reframe_insights_page_new ();
  adw_bin_set_child (self->insights_slot, page);
  reframe_insights_page_set_store (REFRAME_INSIGHTS_PAGE (page), self->store, self->registry);
}

static void
page_or_width_changed_cb (ReframeWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->view_stack);
  gboolean    journal = g_strcmp0 (name, "journal") == 0;
  gboolean    narrow = adw_view_switcher_title_get_title_visible (self->switcher_title);

  /* Searching and jumping to a date belong to the journal. In a narrow window (where
   * the page switcher moves to the bottom) the search button makes way, so that the
   * window fits 360 px: Ctrl+F and the main menu still search. */
  gtk_widget_set_visible (GTK_WIDGET (self->search_button), journal && !narrow);
  gtk_widget_set_visible (GTK_WIDGET (self->jump_button), journal);
  gtk_widget_action_set_enabled (
      GTK_WIDGET (self), "win.search-from-menu", narrow && self->store != NULL);

  if (g_strcmp0 (name, "worksheets") == 0)
    ensure_worksheets_page (self);
  else if (g_strcmp0 (name, "homework") == 0)
    ensure_homework_page (self);
  else if (g_strcmp0 (name, "insights") == 0)
    ensure_insights_page (self);
}

/* Homework that is a worksheet starts it, linked, so that finishing it counts. */
static void
start_worksheet_cb (ReframeWindow *self,
                    const char    *assignment_uuid,
                    const char    *template_id)
{
  ReframeWorksheetsPage *page = ensure_worksheets_page (self);

  if (page != NULL)
    reframe_worksheets_page_start (page, template_id, assignment_uuid);
}

static void
restore_window_state (ReframeWindow *self)
{
  int width = g_settings_get_int (self->settings, "window-width");
  int height = g_settings_get_int (self->settings, "window-height");

  gtk_window_set_default_size (GTK_WINDOW (self), width, height);

  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
save_window_state (ReframeWindow *self)
{
  int width = 0;
  int height = 0;

  /* In GTK 4 the default size follows the unmaximized size, which is what we
   * want to restore. */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (
      self->settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_apply (self->settings);
}

static void jump_calendar_day_selected_cb (ReframeWindow *self);

static void ensure_jump_calendar (ReframeWindow *self);

/* The menus' popovers (some fifty widgets each) and the calendar (some sixty) are made
 * just after the first frames rather than with the window: nothing of them shows
 * before they are opened. */
static gboolean
finish_window_cb (gpointer user_data)
{
  ReframeWindow *self = user_data;

  /* A window closed before its first frames has nothing left to finish. */
  if (gtk_widget_in_destruction (GTK_WIDGET (self)) || self->menu_button == NULL)
    return G_SOURCE_REMOVE;
  gtk_menu_button_set_menu_model (self->menu_button, self->primary_menu);
  gtk_menu_button_set_menu_model (self->locked_menu_button, self->locked_menu);
  gtk_menu_button_set_menu_model (self->error_menu_button, self->primary_menu);
  ensure_jump_calendar (self);
  return G_SOURCE_REMOVE;
}

static void
ensure_jump_calendar (ReframeWindow *self)
{
  if (self->jump_calendar != NULL)
    return;
  self->jump_calendar = GTK_CALENDAR (gtk_calendar_new ());
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->jump_calendar),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Day to Show"),
                                  -1);
  g_signal_connect_swapped (
      self->jump_calendar, "day-selected", G_CALLBACK (jump_calendar_day_selected_cb), self);
  gtk_box_prepend (self->jump_box, GTK_WIDGET (self->jump_calendar));
}

static void
jump_popover_shown_cb (ReframeWindow *self)
{
  /* Opened before the first frames were done (Ctrl+G at once, say). */
  ensure_jump_calendar (self);
  g_clear_pointer (&self->jumped_day, g_free);
}

static void
jump_popover_closed_cb (ReframeWindow *self)
{
  if (self->jumped_day != NULL)
    reframe_journal_page_jump_to_day (self->journal_page, self->jumped_day, TRUE);

  g_clear_pointer (&self->jumped_day, g_free);
}

static void
jump_calendar_day_selected_cb (ReframeWindow *self)
{
  g_autoptr (GDateTime) date = gtk_calendar_get_date (self->jump_calendar);

  /* Scroll behind the open popover as the user picks, and move the keyboard
   * focus to the day once the popover closes. */
  g_free (self->jumped_day);
  self->jumped_day = g_date_time_format (date, "%Y-%m-%d");
  reframe_journal_page_jump_to_day (self->journal_page, self->jumped_day, FALSE);
}

static void
jump_today_clicked_cb (ReframeWindow *self)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();

  gtk_calendar_select_day (self->jump_calendar, now);
  jump_calendar_day_selected_cb (self);
  gtk_menu_button_popdown (self->jump_button);
}

static void
new_entry_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ReframeWindow *self = REFRAME_WINDOW (widget);

  reframe_journal_page_new_entry (self->journal_page);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ReframeWindow *self = REFRAME_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->view_stack, "journal");
  reframe_journal_page_focus_search (self->journal_page);
}

static void
jump_to_date_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  ReframeWindow *self = REFRAME_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->view_stack, "journal");
  gtk_menu_button_popup (self->jump_button);
}

/* The shortcuts window is built when asked for, not with every main window as
 * GtkApplication would do with gtk/help-overlay.ui: it is a large tree that most
 * starts never show. */
static void
show_help_overlay_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  g_autoptr (GtkBuilder) builder =
      gtk_builder_new_from_resource (RESOURCE_PATH "/ui/shortcuts-window.ui");
  GtkWindow *shortcuts = GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay"));

  gtk_window_set_transient_for (shortcuts, GTK_WINDOW (widget));
  gtk_window_set_modal (shortcuts, TRUE);
  gtk_window_present (shortcuts);
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ReframeWindow *self = REFRAME_WINDOW (widget);
  const char    *name = g_variant_get_string (parameter, NULL);

  if (adw_view_stack_get_child_by_name (self->view_stack, name) != NULL)
    adw_view_stack_set_visible_child_name (self->view_stack, name);
}

/* Share with therapist: the period, what to include, a preview, print or save. */
static gboolean
present_dialog_cb (gpointer user_data)
{
  GtkWindow *dialog = user_data;

  if (!gtk_widget_in_destruction (GTK_WIDGET (dialog)))
    gtk_window_present (dialog);
  return G_SOURCE_REMOVE;
}

static void
share_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  ReframeWindow *self = REFRAME_WINDOW (widget);
  GtkWidget     *dialog;

  if (self->store == NULL || reframe_window_get_registry (self) == NULL)
    return;
  /* Built in this turn of the main loop and shown in the next: on ten years of journal
   * each takes 20-30 ms, together more than a frame may hold the loop. */
  dialog = reframe_share_dialog_new (GTK_WINDOW (self), self->store, self->registry);
  g_idle_add_full (
      G_PRIORITY_DEFAULT_IDLE, present_dialog_cb, g_object_ref (dialog), g_object_unref);
}

/* From the companion's menu: Share with Therapist, and Prepare for My Appointment over it
 * for the same period. */
static void
prepare_appointment_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  ReframeWindow *self = REFRAME_WINDOW (widget);
  GtkWidget     *dialog;

  if (self->store == NULL || reframe_window_get_registry (self) == NULL)
    return;
  dialog = reframe_share_dialog_new (GTK_WINDOW (self), self->store, self->registry);
  gtk_window_present (GTK_WINDOW (dialog));
  _reframe_share_dialog_open_appointment (REFRAME_SHARE_DIALOG (dialog));
}

static ReframeChatPane *
ensure_chat_pane (ReframeWindow *self)
{
  GtkWidget *pane = adw_bin_get_child (self->companion_slot);

  if (pane == NULL)
    {
      pane = GTK_WIDGET (reframe_chat_pane_new (self->store));
      adw_bin_set_child (self->companion_slot, pane);
      gtk_widget_set_visible (GTK_WIDGET (self->companion_slot), TRUE);
    }
  return REFRAME_CHAT_PANE (pane);
}

static void
set_companion_revealed (ReframeWindow *self,
                        gboolean       reveal)
{
  ReframeChatPane *pane = ensure_chat_pane (self);

  adw_flap_set_reveal_flap (self->companion_flap, reveal);
  /* The window's buttons belong at its edge: on the pane's header bar while it is open. */
  adw_header_bar_set_show_end_title_buttons (self->header_bar,
                                             !reveal || adw_flap_get_folded (self->companion_flap));
  gtk_toggle_button_set_active (self->companion_button, reveal);
  if (reveal)
    reframe_chat_pane_focus_composer (pane);
}

static void
toggle_companion_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  ReframeWindow *self = REFRAME_WINDOW (widget);

  set_companion_revealed (self, !adw_flap_get_reveal_flap (self->companion_flap));
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

static gboolean
reframe_window_close_request (GtkWindow *window)
{
  ReframeWindow *self = REFRAME_WINDOW (window);

  /* An open editor saves on close; if it cannot (and asks the user), the main
   * window stays so that nothing is lost behind the user's back. */
  if (!reframe_journal_page_close_editor (self->journal_page))
    return TRUE;

  save_window_state (self);

  return GTK_WINDOW_CLASS (reframe_window_parent_class)->close_request (window);
}

static void
reframe_window_constructed (GObject *object)
{
  ReframeWindow *self = REFRAME_WINDOW (object);

  G_OBJECT_CLASS (reframe_window_parent_class)->constructed (object);

  restore_window_state (self);
  reframe_bench_mark ("window template ready");
  open_store (self);
  reframe_bench_mark ("journal loaded");
}

static void
reframe_window_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  ReframeWindow *self = REFRAME_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DATA_DIR:
      g_value_set_string (value, self->data_dir);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reframe_window_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  ReframeWindow *self = REFRAME_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DATA_DIR:
      self->data_dir = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reframe_window_dispose (GObject *object)
{
  ReframeWindow *self = REFRAME_WINDOW (object);

  /* The focus first: the window keeps the focused widget alive past its parents, and
   * a passphrase row's text would then tell its row, already gone, that it lost the
   * focus (libadwaita 1.2). */
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  /* The root stack is a template child and the window's content: let the
   * window drop it first, or it would be unparented twice. */
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), REFRAME_TYPE_WINDOW);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->registry);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (reframe_window_parent_class)->dispose (object);
}

static void
reframe_window_finalize (GObject *object)
{
  ReframeWindow *self = REFRAME_WINDOW (object);

  g_clear_pointer (&self->data_dir, g_free);
  g_clear_pointer (&self->jumped_day, g_free);
  g_clear_error (&self->store_error);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (reframe_window_parent_class)->finalize (object);
}

static void
install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.new-entry", NULL, new_entry_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.search-from-menu", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.jump-to-date", NULL, jump_to_date_action);
  gtk_widget_class_install_action (widget_class, "win.close", NULL, close_action);
  gtk_widget_class_install_action (
      widget_class, "win.toggle-companion", NULL, toggle_companion_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.share", NULL, share_action);
  gtk_widget_class_install_action (
      widget_class, "win.prepare-appointment", NULL, prepare_appointment_action);
  gtk_widget_class_install_action (
      widget_class, "win.show-help-overlay", NULL, show_help_overlay_action);

  /* Also bound here (not only as application accels) so that the window works
   * the same when it is built without an application, as in the UI tests. */
  gtk_widget_class_add_binding_action (
      widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new-entry", NULL);
  gtk_widget_class_add_binding_action (
      widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (
      widget_class, GDK_KEY_g, GDK_CONTROL_MASK, "win.jump-to-date", NULL);
  gtk_widget_class_add_binding_action (
      widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "win.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.toggle-companion", NULL);
  gtk_widget_class_add_binding_action (
      widget_class, GDK_KEY_1, GDK_ALT_MASK, "win.show-page", "s", "journal");
  gtk_widget_class_add_binding_action (
      widget_class, GDK_KEY_2, GDK_ALT_MASK, "win.show-page", "s", "worksheets");
  gtk_widget_class_add_binding_action (
      widget_class, GDK_KEY_3, GDK_ALT_MASK, "win.show-page", "s", "homework");
  gtk_widget_class_add_binding_action (
      widget_class, GDK_KEY_4, GDK_ALT_MASK, "win.show-page", "s", "insights");
  gtk_widget_class_add_binding_action (
      widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.share", NULL);
  gtk_widget_class_add_binding_action (
      widget_class, GDK_KEY_question, GDK_CONTROL_MASK, "win.show-help-overlay", NULL);
}

static void
reframe_window_class_init (ReframeWindowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = reframe_window_constructed;
  object_class->dispose = reframe_window_dispose;
  object_class->finalize = reframe_window_finalize;
  object_class->get_property = reframe_window_get_property;
  object_class->set_property = reframe_window_set_property;

  window_class->close_request = reframe_window_close_request;

  /**
   * ReframeWindow:data-dir: (nullable)
   *
   * The folder of the journal to open, %NULL for the default one.
   */
  properties[PROP_DATA_DIR] =
      g_param_spec_string ("data-dir",
                           NULL,
                           NULL,
                           NULL,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (REFRAME_TYPE_JOURNAL_PAGE);
  g_type_ensure (REFRAME_TYPE_UNLOCK_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/reframe-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ReframeWindow, root_stack);
  gtk_widget_class_bind_template_child (widget_class, ReframeWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ReframeWindow, companion_flap);
  gtk_widget_class_bind_template_child (widget_class, ReframeWindow, companion_slot);
  gtk_widget_class_bind_template_child (widget_class, ReframeWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, ReframeWindow, main_column);
  gtk_widget_class_bind_template_child (widget_class, ReframeWindow, companion_button);
  gtk_widget_class_bind_template_child (widget_class, ReframeWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, ReframeWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, ReframeWindow, jump_button);
  gtk_widget_class_bind_template_child (widget_class, ReframeWindow, jump_box);
  gtk_widget_class_bind_template_child (widget_class, ReframeWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, ReframeWindow, locked_menu_button);
  gtk_widget_class_bind_template_child (widget_class, ReframeWindow, error_menu_button);
  gtk_widget_class_bind_template_child (widget_class, ReframeWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, ReframeWindow, locked_menu);
  gtk_widget_class_bind_template_child (widget_class, ReframeWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, ReframeWindow, journal_page);
  gtk_widget_class_bind_template_child (widget_class, ReframeWindow, worksheets_slot);
  gtk_widget_class_bind_template_child (widget_class, ReframeWindow, homework_slot);
  gtk_widget_class_bind_template_child (widget_class, ReframeWindow, insights_slot);
  gtk_widget_class_bind_template_child (widget_class, ReframeWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, ReframeWindow, unlock_slot);
  gtk_widget_class_bind_template_callback (widget_class, jump_popover_shown_cb);
  gtk_widget_class_bind_template_callback (widget_class, jump_popover_closed_cb);
  gtk_widget_class_bind_template_callback (widget_class, jump_today_clicked_cb);

  install_actions (widget_class);
}

static void
reframe_window_init (ReframeWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  g_idle_add_full (G_PRIORITY_LOW, finish_window_cb, g_object_ref (self), g_object_unref);

  if (g_strcmp0 (PROFILE, "development") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  self->settings = g_settings_new (BASE_ID);

  g_object_bind_property (self->search_button,
                          "active",
                          self->journal_page,
                          "search-mode",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_signal_connect_swapped (
      self->view_stack, "notify::visible-child-name", G_CALLBACK (page_or_width_changed_cb), self);
  g_signal_connect_swapped (
      self->switcher_title, "notify::title-visible", G_CALLBACK (page_or_width_changed_cb), self);
  /* Typing anywhere in the journal's column searches it; typing in the companion pane
   * stays there. */
  reframe_journal_page_set_key_capture_widget (self->journal_page, GTK_WIDGET (self->main_column));
}

/**
 * reframe_window_new:
 * @app: (nullable): the application
 * @data_dir: (nullable): the journal folder, %NULL for the default one
 *
 * Makes the main window and opens the journal in @data_dir. When the journal
 * cannot be opened the window shows why instead of its pages.
 *
 * Returns: (transfer none): the window, owned by GTK's list of windows
 */
ReframeWindow *
reframe_window_new (ReframeApplication *app,
                    const char         *data_dir)
{
  g_return_val_if_fail (app == NULL || REFRAME_IS_APPLICATION (app), NULL);

  return g_object_new (REFRAME_TYPE_WINDOW,
                       "application",
                       app,
                       "data-dir",
                       data_dir,
                       NULL);
}

/**
 * reframe_window_get_store:
 * @self: the window
 *
 * Returns: (transfer none) (nullable): the open store, %NULL if it failed to open
 */
ReframeStore *
reframe_window_get_store (ReframeWindow *self)
{
  g_return_val_if_fail (REFRAME_IS_WINDOW (self), NULL);

  return self->store;
}

/**
 * reframe_window_get_store_error:
 * @self: the window
 *
 * Returns: (transfer none) (nullable): why the store did not open, or %NULL
 */
const GError *
reframe_window_get_store_error (ReframeWindow *self)
{
  g_return_val_if_fail (REFRAME_IS_WINDOW (self), NULL);

  return self->store_error;
}

/**
 * reframe_window_get_journal_page:
 * @self: the window
 *
 * Returns: (transfer none): the journal page
 */
ReframeJournalPage *
reframe_window_get_journal_page (ReframeWindow *self)
{
  g_return_val_if_fail (REFRAME_IS_WINDOW (self), NULL);

  return self->journal_page;
}

/**
 * reframe_window_add_toast:
 * @self: the window
 * @toast: (transfer full): the toast to show
 *
 * Shows a transient message at the bottom of the window.
 */
void
reframe_window_add_toast (ReframeWindow *self,
                          AdwToast      *toast)
{
  g_return_if_fail (REFRAME_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * reframe_window_get_chat_pane:
 * @self: the window
 *
 * Returns: (transfer none): the companion pane, made now if it was not yet
 */
ReframeChatPane *
reframe_window_get_chat_pane (ReframeWindow *self)
{
  g_return_val_if_fail (REFRAME_IS_WINDOW (self), NULL);
  g_return_val_if_fail (self->store != NULL, NULL);

  return ensure_chat_pane (self);
}

/**
 * reframe_window_reveal_companion:
 * @self: the window
 * @reveal: whether the companion pane shows
 */
void
reframe_window_reveal_companion (ReframeWindow *self,
                                 gboolean       reveal)
{
  g_return_if_fail (REFRAME_IS_WINDOW (self));

  set_companion_revealed (self, reveal);
}

/**
 * reframe_window_open_safety_plan:
 * @self: the window
 *
 * Opens the person's safety plan in the worksheet editor: the one they wrote, or a new one.
 *
 * Returns: (transfer none) (nullable): the editor
 */
GtkWidget *
reframe_window_open_safety_plan (ReframeWindow *self)
{
  ReframeWorksheetsPage *page;

  g_return_val_if_fail (REFRAME_IS_WINDOW (self), NULL);

  if ((page = ensure_worksheets_page (self)) != NULL)
    return reframe_worksheets_page_open_safety_plan (page);
  return NULL;
}

/**
 * reframe_window_open_plan:
 * @self: the window
 * @file: a homework plan from the therapist
 *
 * Shows the Homework page and, over the window, what the plan would add and change.
 *
 * Returns: (transfer none) (nullable): the plan's window; %NULL when the journal is not
 *   open (the window says why in a toast)
 */
GtkWindow *
reframe_window_open_plan (ReframeWindow *self,
                          GFile         *file)
{
  GtkWidget *page;

  g_return_val_if_fail (REFRAME_IS_WINDOW (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  ensure_homework_page (self);
  if (self->store == NULL || (page = adw_bin_get_child (self->homework_slot)) == NULL)
    {
      reframe_window_add_toast (
          self, adw_toast_new (_ ("The homework plan can be added once the journal is open.")));
      return NULL;
    }
  adw_view_stack_set_visible_child_name (self->view_stack, "homework");
  return reframe_homework_page_open_plan (REFRAME_HOMEWORK_PAGE (page), file);
}
