/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-application.c: the GUI application: actions, style and the one main window. */

#define G_LOG_DOMAIN "ReframeApplication"

#include "config.h"

#include <glib/gi18n.h>

#include "reframe-accessible.h"
#include "reframe-application-private.h"
#include "reframe-bench.h"
#include "reframe-renderer.h"
#include "reframe-api-keys.h"
#include "reframe-archive-export.h"
#include "reframe-autostart.h"
#include "reframe-backup-schedule.h"
#include "reframe-crisis-sheet.h"
#include "reframe-crisis-watch.h"
#include "reframe-import-window.h"
#include "reframe-plan.h"
#include "reframe-preferences-window.h"
#include "reframe-reminders.h"
#include "reframe-safety-plan-window.h"
#include "reframe-toolbox-window.h"
#include "reframe-window.h"

G_DEFINE_FINAL_TYPE (ReframeApplication, reframe_application, ADW_TYPE_APPLICATION)

/* How long after the window shows the crisis check is built, on a worker thread. */
#define PRELOAD_DELAY_MS 500

enum
{
  PROP_0,
  PROP_DATA_DIR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static AdwColorScheme
parse_color_scheme (const char *value)
{
  if (g_strcmp0 (value, "light") == 0)
    return ADW_COLOR_SCHEME_FORCE_LIGHT;
  if (g_strcmp0 (value, "dark") == 0)
    return ADW_COLOR_SCHEME_FORCE_DARK;
  return ADW_COLOR_SCHEME_DEFAULT;
}

static void
settings_color_scheme_changed_cb (GSettings  *settings,
                                  const char *key,
                                  gpointer    user_data)
{
  g_autofree char *value = g_settings_get_string (settings, "color-scheme");

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      parse_color_scheme (value));
}

static ReframeWindow *
find_main_window (ReframeApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    {
      if (REFRAME_IS_WINDOW (l->data))
        return l->data;
    }

  return NULL;
}

ReframeWindow *
_reframe_application_find_main_window (ReframeApplication *self)
{
  return find_main_window (self);
}

static void
quit_activated_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  ReframeApplication *self = user_data;
  g_autolist (GtkWindow) windows = NULL;

  /* Kept running for reminders, it would stay without a window: Quit means quit. Let
   * go first, so that the main window closes rather than hides. */
  if (self->reminders != NULL)
    reframe_reminders_release (self->reminders);

  /* Closing (rather than destroying) lets every window save what it holds; the
   * application ends by itself when the last one is gone. Closing one window
   * may destroy another (an editor with its parent), hence the references. */
  windows = g_list_copy_deep (gtk_application_get_windows (GTK_APPLICATION (self)),
                              (GCopyFunc) g_object_ref,
                              NULL);
  for (GList *l = windows; l; l = l->next)
    gtk_window_close (l->data);
}

/* From a reminder: the Homework page of the main window. */
static void
show_homework_activated_cb (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  ReframeApplication *self = user_data;

  g_application_activate (G_APPLICATION (self));
  gtk_widget_activate_action (
      GTK_WIDGET (find_main_window (self)), "win.show-page", "s", "homework");
}

static void
preferences_activated_cb (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  ReframeApplication       *self = user_data;
  ReframeWindow            *window = find_main_window (self);
  ReframePreferencesWindow *preferences;

  preferences = reframe_preferences_window_new (GTK_WINDOW (window),
                                                window ? reframe_window_get_store (window) : NULL);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
companion_settings_activated_cb (GSimpleAction *action,
                                 GVariant      *parameter,
                                 gpointer       user_data)
{
  ReframeApplication       *self = user_data;
  ReframeWindow            *window = find_main_window (self);
  ReframePreferencesWindow *preferences;

  preferences = reframe_preferences_window_new (GTK_WINDOW (window),
                                                window ? reframe_window_get_store (window) : NULL);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences), "companion");
  gtk_window_present (GTK_WINDOW (preferences));
}

/* Reachable from everywhere, with or without a journal or a model service. */
static void
crisis_lines_activated_cb (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  reframe_application_show_crisis_sheet (
      gtk_application_get_active_window (GTK_APPLICATION (user_data)));
}

/* The plan to read, the one window of its kind: asked for again, it comes to the front. */
static void
safety_plan_activated_cb (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  ReframeApplication *self = user_data;
  ReframeWindow      *main_window = find_main_window (self);
  GtkWidget          *plan_window;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (REFRAME_IS_SAFETY_PLAN_WINDOW (l->data))
      {
        gtk_window_present (l->data);
        return;
      }
  if (main_window == NULL || reframe_window_get_store (main_window) == NULL ||
      reframe_window_get_registry (main_window) == NULL)
    return;
  plan_window =
      reframe_safety_plan_window_new (gtk_application_get_active_window (GTK_APPLICATION (self)),
                                      self->settings,
                                      reframe_window_get_store (main_window),
                                      reframe_window_get_registry (main_window));
  gtk_window_present (GTK_WINDOW (plan_window));
}

/* The one window of its kind, like the plan's. */
static void
toolbox_activated_cb (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  ReframeApplication *self = user_data;
  ReframeWindow      *main_window = find_main_window (self);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (REFRAME_IS_TOOLBOX_WINDOW (l->data))
      {
        gtk_window_present (l->data);
        return;
      }
  if (main_window == NULL || reframe_window_get_store (main_window) == NULL)
    return;
  gtk_window_present (GTK_WINDOW (
      reframe_toolbox_window_new (gtk_application_get_active_window (GTK_APPLICATION (self)),
                                  reframe_window_get_store (main_window))));
}

static void
import_activated_cb (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  ReframeWindow *main_window = find_main_window (REFRAME_APPLICATION (user_data));

  if (main_window != NULL && reframe_window_get_store (main_window) != NULL)
    gtk_window_present (GTK_WINDOW (reframe_import_window_new (
        GTK_WINDOW (main_window), reframe_window_get_store (main_window))));
}

static void
archive_activated_cb (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  ReframeApplication *self = user_data;
  ReframeWindow      *main_window = find_main_window (self);

  if (main_window != NULL && reframe_window_get_store (main_window) != NULL)
    reframe_archive_export_run (main_window, self->settings);
}

static void
edit_safety_plan_activated_cb (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
  ReframeWindow *main_window = find_main_window (REFRAME_APPLICATION (user_data));
  GtkWindow     *from = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  GtkWidget     *editor = main_window != NULL ? reframe_window_open_safety_plan (main_window) : NULL;

  /* Over the window it was asked from (the plan's own), where the keyboard goes back. */
  if (editor != NULL && from != NULL && from != GTK_WINDOW (editor))
    gtk_window_set_transient_for (GTK_WINDOW (editor), from);
}

static void
about_activated_cb (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  ReframeApplication *self = user_data;
  GtkWidget          *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for",
                        gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "modal",
                        TRUE,
                        "application-name",
                        _ ("Reframe"),
                        "application-icon",
                        APP_ID,
                        "version",
                        PACKAGE_VERSION,
                        "developer-name",
                        _ ("The Reframe developers"),
                        "license-type",
                        GTK_LICENSE_GPL_3_0,
                        "website",
                        "https://github.com/reframe/reframe",
                        "comments",
                        _ ("Log your mood, do your therapy homework and bring a summary "
                           "to your next session.\n\n"
                           "Reframe is a self-help tool that works alongside a therapist. "
                           "It is not a therapist, it does not diagnose, and it is not an "
                           "emergency service."),
                        "translator-credits",
                        _ ("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated_cb, NULL, NULL, NULL, { 0 } },
  { "preferences", preferences_activated_cb, NULL, NULL, NULL, { 0 } },
  { "about", about_activated_cb, NULL, NULL, NULL, { 0 } },
  { "companion-settings", companion_settings_activated_cb, NULL, NULL, NULL, { 0 } },
  { "crisis-lines", crisis_lines_activated_cb, NULL, NULL, NULL, { 0 } },
  { "safety-plan", safety_plan_activated_cb, NULL, NULL, NULL, { 0 } },
  { "edit-safety-plan", edit_safety_plan_activated_cb, NULL, NULL, NULL, { 0 } },
  { "toolbox", toolbox_activated_cb, NULL, NULL, NULL, { 0 } },
  { "import", import_activated_cb, NULL, NULL, NULL, { 0 } },
  { "archive", archive_activated_cb, NULL, NULL, NULL, { 0 } },
  { "show-homework", show_homework_activated_cb, NULL, NULL, NULL, { 0 } },
};

static void
set_accels (ReframeApplication *self)
{
  static const struct
  {
    const char *action;
    const char *accels[2];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "win.new-entry", { "<Control>n", NULL } },
    { "win.search", { "<Control>f", NULL } },
    { "win.jump-to-date", { "<Control>g", NULL } },
    { "win.close", { "<Control>w", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
    { "win.toggle-companion", { "F9", NULL } },
    { "app.crisis-lines", { "<Control><Shift>h", NULL } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self),
                                           accels[i].action,
                                           accels[i].accels);
}

static gint
reframe_application_handle_local_options (GApplication *app,
                                          GVariantDict *options)
{
  ReframeApplication *self = REFRAME_APPLICATION (app);
  const char         *data_dir = NULL;

  /* Answered here, before the application registers or opens a display: packagers and
   * scripts ask it where there is none. */
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("reframe %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  if (g_variant_dict_lookup (options, "data-dir", "^&ay", &data_dir))
    reframe_application_set_data_dir (self, data_dir);

  return G_APPLICATION_CLASS (reframe_application_parent_class)
      ->handle_local_options (app, options);
}

/* Over the window it was asked from (Preferences, usually), with the reason in full: a
 * toast would cut it short. */
static void
autostart_failed_cb (ReframeApplication *self,
                     const char         *message)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *dialog;

  if (parent == NULL)
    parent = GTK_WINDOW (find_main_window (self));
  if (parent == NULL)
    {
      g_message ("%s", message);
      return;
    }
  dialog = adw_message_dialog_new (parent, _ ("Start at Login"), message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _ ("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Reminders, and Start at Login for them. Without a window (started in the background)
 * the reminders open the journal themselves, for a moment, when it is time. */
static void
start_reminders (ReframeApplication *self)
{
  g_autofree char *journal_dir = reframe_application_dup_journal_dir (self);

  self->reminders = reframe_reminders_new (G_APPLICATION (self), self->settings);
  reframe_reminders_set_journal_dir (self->reminders, journal_dir);
  self->autostart =
      reframe_autostart_new (self->settings, NULL, self->data_dir, REFRAME_AUTOSTART_AUTO);
  g_signal_connect_object (
      self->autostart, "failed", G_CALLBACK (autostart_failed_cb), self, G_CONNECT_SWAPPED);
}

static void
reframe_application_startup (GApplication *app)
{
  ReframeApplication *self = REFRAME_APPLICATION (app);

  reframe_bench_mark ("startup");
  G_APPLICATION_CLASS (reframe_application_parent_class)->startup (app);
  reframe_bench_mark ("gtk and adwaita ready");
  reframe_renderer_choose (gdk_display_get_default ());
  reframe_accessible_install ();

  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   app_actions,
                                   G_N_ELEMENTS (app_actions),
                                   self);
  set_accels (self);

  self->settings = g_settings_new (BASE_ID);
  g_signal_connect (self->settings,
                    "changed::color-scheme",
                    G_CALLBACK (settings_color_scheme_changed_cb),
                    self);
  settings_color_scheme_changed_cb (self->settings, "color-scheme", self);
  start_reminders (self);
  _reframe_application_install_lock (self);
}

static void
backup_failed_cb (ReframeApplication *self,
                  const char         *message)
{
  ReframeWindow *window = find_main_window (self);

  if (window != NULL)
    reframe_window_add_toast (window, adw_toast_new (message));
}

/* Backups follow the journal the main window opened: daily, on quit, before imports. */
static void
start_backups (ReframeApplication *self,
               ReframeWindow      *window)
{
  g_clear_object (&self->backups);
  self->backups = reframe_backup_schedule_new (reframe_window_get_store (window), self->settings);
  g_signal_connect_object (
      self->backups, "failed", G_CALLBACK (backup_failed_cb), self, G_CONNECT_SWAPPED);
  reframe_backup_schedule_start (self->backups);
}

static void
preload_crisis_check (gpointer user_data)
{
  reframe_crisis_watch_preload ();
}

/**
 * _reframe_application_open_main_window:
 * @self: the application
 *
 * Makes the main window, which opens the journal (or shows why it cannot, or asks for
 * the passphrase), without showing it yet.
 */
void
_reframe_application_open_main_window (ReframeApplication *self)
{
  ReframeWindow *window;

  /* No store may have the journal open while its kind is read (see the struct): the
   * reminders and backups follow the new window's journal anyway. */
  reframe_reminders_set_store (self->reminders, NULL);
  g_clear_object (&self->backups);
  _reframe_application_read_journal_kind (self);
  window = reframe_window_new (self, self->data_dir);

  reframe_bench_mark ("window built");
  if (reframe_window_get_store (window) != NULL)
    {
      reframe_reminders_set_store (self->reminders, reframe_window_get_store (window));
      start_backups (self, window);
    }
  _reframe_application_journal_opened (self, window);
  reframe_reminders_manage_window (self->reminders, GTK_WINDOW (window));
}

static void
reframe_application_activate (GApplication *app)
{
  ReframeApplication *self = REFRAME_APPLICATION (app);
  ReframeWindow      *window = find_main_window (self);

  /* While the journal is rewritten, nothing may open it: the busy window stands in. */
  if (self->busy_window != NULL)
    {
      gtk_window_present (self->busy_window);
      return;
    }
  if (window != NULL)
    {
      gtk_window_present (GTK_WINDOW (window));
      return;
    }

  reframe_bench_mark ("activate");
  _reframe_application_open_main_window (self);
  window = find_main_window (self);
  gtk_window_present (GTK_WINDOW (window));
  reframe_bench_mark ("window presented");
  reframe_bench_maybe_watch (GTK_WINDOW (window));
  /* After the first frames, not before them. */
  g_timeout_add_once (PRELOAD_DELAY_MS, preload_crisis_check, NULL);
}

/* `reframe FILE`, a double-click or a file dropped on the launcher: a homework plan
 * opens on the Homework page to be previewed; another file in the import window, which
 * says what it makes of it. */
static void
reframe_application_open (GApplication *app,
                          GFile       **files,
                          int           n_files,
                          const char   *hint)
{
  ReframeApplication *self = REFRAME_APPLICATION (app);
  ReframeWindow      *window;

  reframe_application_activate (app);
  if ((window = find_main_window (self)) == NULL)
    return;
  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *name = g_file_get_basename (files[i]);

      if (name != NULL && g_str_has_suffix (name, REFRAME_PLAN_SUFFIX))
        reframe_window_open_plan (window, files[i]);
      else if (reframe_window_get_store (window) != NULL)
        {
          GtkWidget *import =
              reframe_import_window_new (GTK_WINDOW (window), reframe_window_get_store (window));

          gtk_window_present (GTK_WINDOW (import));
          reframe_import_window_open (REFRAME_IMPORT_WINDOW (import), files[i]);
        }
    }
}

static void
reframe_application_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  ReframeApplication *self = REFRAME_APPLICATION (object);

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
reframe_application_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  ReframeApplication *self = REFRAME_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_DATA_DIR:
      reframe_application_set_data_dir (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reframe_application_finalize (GObject *object)
{
  ReframeApplication *self = REFRAME_APPLICATION (object);

  g_clear_pointer (&self->data_dir, g_free);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (reframe_application_parent_class)->finalize (object);
}

static void
reframe_application_shutdown (GApplication *app)
{
  ReframeApplication *self = REFRAME_APPLICATION (app);
  g_autoptr (GError) error = NULL;

  /* Here, not in finalize: the reminders hold the application while they live. */
  g_clear_object (&self->reminders);
  g_clear_object (&self->autostart);
  g_clear_object (&self->auto_lock);
  /* The day's words are in a backup before Reframe ends. */
  if (self->backups != NULL && !reframe_backup_schedule_quit (self->backups, &error))
    g_warning ("The journal could not be backed up on quit: %s", error->message);
  g_clear_object (&self->backups);
  G_APPLICATION_CLASS (reframe_application_parent_class)->shutdown (app);
  /* Closes the keyring connection the companion may have opened. */
  reframe_api_keys_shutdown ();
}

static void
reframe_application_class_init (ReframeApplicationClass *klass)
{
  GObjectClass      *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = reframe_application_finalize;
  object_class->get_property = reframe_application_get_property;
  object_class->set_property = reframe_application_set_property;

  app_class->handle_local_options = reframe_application_handle_local_options;
  app_class->startup = reframe_application_startup;
  app_class->activate = reframe_application_activate;
  app_class->open = reframe_application_open;
  app_class->shutdown = reframe_application_shutdown;

  /**
   * ReframeApplication:data-dir: (nullable)
   *
   * The folder of the journal, %NULL for the default one.
   */
  properties[PROP_DATA_DIR] =
      g_param_spec_string ("data-dir",
                           NULL,
                           NULL,
                           NULL,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
reframe_application_init (ReframeApplication *self)
{
  g_application_add_main_option (G_APPLICATION (self),
                                 "data-dir",
                                 0,
                                 G_OPTION_FLAG_NONE,
                                 G_OPTION_ARG_FILENAME,
                                 _ ("Use the journal in DIR instead of the default folder"),
                                 _ ("DIR"));
  g_application_add_main_option (G_APPLICATION (self),
                                 "version",
                                 0,
                                 G_OPTION_FLAG_NONE,
                                 G_OPTION_ARG_NONE,
                                 _ ("Show the program’s version and quit"),
                                 NULL);
}

/**
 * reframe_application_new:
 *
 * Returns: (transfer full): the application
 */
ReframeApplication *
reframe_application_new (void)
{
  return g_object_new (REFRAME_TYPE_APPLICATION,
                       "application-id",
                       APP_ID,
                       "resource-base-path",
                       RESOURCE_PATH,
                       "flags",
                       G_APPLICATION_DEFAULT_FLAGS | G_APPLICATION_HANDLES_OPEN,
                       /* Without it GTK 4.8 does not follow the screen lock
                        * (screensaver-active), which locks an encrypted journal. */
                       "register-session",
                       TRUE,
                       NULL);
}

/**
 * reframe_application_get_data_dir:
 * @self: the application
 *
 * Returns: (nullable): the journal folder given with `--data-dir`, or %NULL
 */
const char *
reframe_application_get_data_dir (ReframeApplication *self)
{
  g_return_val_if_fail (REFRAME_IS_APPLICATION (self), NULL);

  return self->data_dir;
}

void
reframe_application_set_data_dir (ReframeApplication *self,
                                  const char         *data_dir)
{
  g_return_if_fail (REFRAME_IS_APPLICATION (self));

  if (g_strcmp0 (self->data_dir, data_dir) == 0)
    return;

  g_free (self->data_dir);
  self->data_dir = g_strdup (data_dir);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATA_DIR]);
}

/**
 * reframe_application_new_transient:
 * @type: a #GtkWindow type
 * @parent: (nullable): the window it opens over
 *
 * Makes a window that opens over @parent and belongs to the same application, so
 * that the application's shortcuts (Get Help Now, Ctrl+Shift+H) work in it too.
 *
 * Returns: (transfer none): the new window
 */
gpointer
reframe_application_new_transient (GType      type,
                                   GtkWindow *parent)
{
  g_return_val_if_fail (g_type_is_a (type, GTK_TYPE_WINDOW), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (type,
                       "transient-for",
                       parent,
                       "application",
                       parent != NULL ? gtk_window_get_application (parent) : NULL,
                       NULL);
}

/**
 * reframe_application_show_crisis_sheet:
 * @parent: (nullable): the window it opens over
 *
 * Shows Get Help Now: the person's own safety plan first, when they have one, then the
 * crisis lines. Works without the application too (in the widget tests), without the plan.
 *
 * Returns: (transfer none): the sheet, shown
 */
GtkWidget *
reframe_application_show_crisis_sheet (GtkWindow *parent)
{
  GApplication  *app = g_application_get_default ();
  ReframeWindow *main_window =
      REFRAME_IS_APPLICATION (app) ? find_main_window (REFRAME_APPLICATION (app)) : NULL;
  ReframeStore *store = main_window != NULL ? reframe_window_get_store (main_window) : NULL;
  g_autoptr (ReframeSafetyPlan) plan =
      store != NULL && reframe_window_get_registry (main_window) != NULL
          ? reframe_safety_plan_load (store, reframe_window_get_registry (main_window), NULL)
          : NULL;
  g_autoptr (GSettings) settings = REFRAME_IS_APPLICATION (app)
                                       ? g_object_ref (REFRAME_APPLICATION (app)->settings)
                                       : g_settings_new (BASE_ID);
  GtkWidget *sheet = reframe_crisis_sheet_new (parent, settings);

  reframe_crisis_sheet_set_plan (REFRAME_CRISIS_SHEET (sheet), plan);
  if (store != NULL)
    reframe_crisis_sheet_set_toolbox (REFRAME_CRISIS_SHEET (sheet),
                                      reframe_store_get_toolbox (store));
  gtk_window_present (GTK_WINDOW (sheet));
  return sheet;
}

/**
 * reframe_application_get_backups:
 * @self: the application
 *
 * Returns: (transfer none) (nullable): the backups of the open journal, %NULL when none
 *   could be opened
 */
ReframeBackupSchedule *
reframe_application_get_backups (ReframeApplication *self)
{
  g_return_val_if_fail (REFRAME_IS_APPLICATION (self), NULL);

  return self->backups;
}

/**
 * reframe_application_reopen_journal:
 * @self: the application
 * @message: (nullable): said in a toast in the new window
 *
 * Closes every window and opens the journal again, in a new main window: after a
 * restore, everything shown is read afresh.
 */
void
reframe_application_reopen_journal (ReframeApplication *self,
                                    const char         *message)
{
  g_autoptr (GList) windows = NULL;
  ReframeWindow *window;

  g_return_if_fail (REFRAME_IS_APPLICATION (self));

  g_application_hold (G_APPLICATION (self));
  g_clear_object (&self->backups);
  /* The new window gives the reminders its journal, or none when it is locked. */
  reframe_reminders_set_store (self->reminders, NULL);
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  reframe_application_activate (G_APPLICATION (self));
  window = find_main_window (self);
  if (window != NULL && message != NULL)
    reframe_window_add_toast (window, adw_toast_new (message));
  g_application_release (G_APPLICATION (self));
}
