/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-preferences-window.c: appearance, reminders, the feelings and activities to pick from,
 * the data folder, the companion, privacy. */

#define G_LOG_DOMAIN "ReframePreferencesWindow"

#include "config.h"

#include <glib/gi18n.h>

#include "reframe-application.h"
#include "reframe-backups-page.h"
#include "reframe-companion-preferences.h"
#include "reframe-format.h"
#include "reframe-mood-repository.h"
#include "reframe-preferences-window.h"
#include "reframe-privacy-page.h"
#include "reframe-reminders.h"
#include "reframe-tag.h"

struct _ReframePreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  /* Template widgets */
  AdwComboRow         *style_row;
  AdwActionRow        *path_row;
  AdwPreferencesPage  *journal_page;
  AdwPreferencesGroup *activities_group;
  AdwPreferencesGroup *feelings_group;
  AdwEntryRow         *activity_entry_row;
  AdwEntryRow         *feeling_entry_row;
  GtkSwitch           *reminder_switch;
  GtkSwitch           *spell_switch;
  AdwActionRow        *reminder_time_row;
  GtkSpinButton       *reminder_hour_spin;
  GtkSpinButton       *reminder_minute_spin;
  GtkSwitch           *background_switch;
  AdwActionRow        *login_row;
  GtkSwitch           *login_switch;
  AdwActionRow        *background_row;

  /* Owned */
  GSettings    *settings;
  ReframeStore *store;
  GPtrArray    *activity_rows;
  GPtrArray    *feeling_rows;

  /* The time spin buttons are being set from the settings: not an edit. */
  gboolean syncing_time;
};

G_DEFINE_FINAL_TYPE (ReframePreferencesWindow,
                     reframe_preferences_window,
                     ADW_TYPE_PREFERENCES_WINDOW)

enum
{
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The color-scheme key's values, in the order of the Style row. */
static const char *color_schemes[] = { "default", "light", "dark" };

static void show_toast_printf (ReframePreferencesWindow *self,
                               const char               *format,
                               ...) G_GNUC_PRINTF (2, 3);

/* The arguments are escaped for the toast's markup. */
static void
show_toast_printf (ReframePreferencesWindow *self,
                   const char               *format,
                   ...)
{
  g_autofree char *title = NULL;
  va_list          args;

  va_start (args, format);
  title = g_markup_vprintf_escaped (format, args);
  va_end (args);

  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (title));
}

/**
 * reframe_preferences_window_toast_for:
 * @widget: a widget of a preferences window's pages
 * @text: plain text (a toast's title is markup in libadwaita 1.2: it is escaped here,
 *   as names, addresses and error messages may hold `&` or `<`)
 *
 * Shows @text as a toast of the preferences window @widget is in; nothing when it is in
 * none.
 */
void
reframe_preferences_window_toast_for (GtkWidget  *widget,
                                      const char *text)
{
  GtkWidget       *window = gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_WINDOW);
  g_autofree char *escaped = NULL;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (window == NULL)
    return;
  escaped = g_markup_escape_text (text, -1);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (window), adw_toast_new (escaped));
}

/* Style */

static gboolean
color_scheme_to_selected (GValue   *value,
                          GVariant *variant,
                          gpointer  user_data)
{
  const char *scheme = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (color_schemes); i++)
    {
      if (g_str_equal (scheme, color_schemes[i]))
        {
          g_value_set_uint (value, i);
          return TRUE;
        }
    }

  g_value_set_uint (value, 0);
  return TRUE;
}

static GVariant *
selected_to_color_scheme (const GValue       *value,
                          const GVariantType *expected_type,
                          gpointer            user_data)
{
  guint selected = g_value_get_uint (value);

  if (selected >= G_N_ELEMENTS (color_schemes))
    selected = 0;

  return g_variant_new_string (color_schemes[selected]);
}

/* Reminders */

static gboolean
reminder_spin_output_cb (GtkSpinButton *spin,
                         gpointer       user_data)
{
  g_autofree char *text = g_strdup_printf ("%02d", gtk_spin_button_get_value_as_int (spin));

  gtk_editable_set_text (GTK_EDITABLE (spin), text);

  return TRUE;
}

static void
settings_reminder_time_changed_cb (ReframePreferencesWindow *self)
{
  g_autofree char *value = g_settings_get_string (self->settings, "reminder-time");
  int              hour = 19;
  int              minute = 0;

  /* A hand-edited value that does not parse shows the default; the reminders
   * do the same. */
  reframe_reminders_parse_time (value, &hour, &minute);

  self->syncing_time = TRUE;
  gtk_spin_button_set_value (self->reminder_hour_spin, hour);
  gtk_spin_button_set_value (self->reminder_minute_spin, minute);
  self->syncing_time = FALSE;
}

static void
reminder_spin_changed_cb (ReframePreferencesWindow *self)
{
  g_autofree char *value = NULL;

  if (self->syncing_time)
    return;

  value = g_strdup_printf ("%02d:%02d",
                           gtk_spin_button_get_value_as_int (self->reminder_hour_spin),
                           gtk_spin_button_get_value_as_int (self->reminder_minute_spin));
  g_settings_set_string (self->settings, "reminder-time", value);
}

/* Started at login for reminders, Reframe stays running anyway: keeping it running after
 * the window closes has nothing left to say. */
static void
settings_login_changed_cb (ReframePreferencesWindow *self)
{
  gboolean starts = g_settings_get_boolean (self->settings, "start-at-login") &&
                    g_settings_get_boolean (self->settings, "reminder-enabled");

  gtk_widget_set_sensitive (GTK_WIDGET (self->background_row), !starts);
}

static void
bind_reminder_settings (ReframePreferencesWindow *self)
{
  g_settings_bind (
      self->settings, "reminder-enabled", self->reminder_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings,
                   "reminder-enabled",
                   self->reminder_time_row,
                   "sensitive",
                   G_SETTINGS_BIND_GET);
  g_settings_bind (
      self->settings, "start-at-login", self->login_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (
      self->settings, "reminder-enabled", self->login_row, "sensitive", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings,
                   "run-in-background",
                   self->background_switch,
                   "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->settings,
                           "changed::start-at-login",
                           G_CALLBACK (settings_login_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings,
                           "changed::reminder-enabled",
                           G_CALLBACK (settings_login_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);
  settings_login_changed_cb (self);

  g_signal_connect_object (self->settings,
                           "changed::reminder-time",
                           G_CALLBACK (settings_reminder_time_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);
  settings_reminder_time_changed_cb (self);
}

/* Tags */

static ReframeMoodRepository *
get_repository (ReframePreferencesWindow *self)
{
  return self->store != NULL ? reframe_store_get_moods (self->store) : NULL;
}

static void
hide_clicked_cb (GtkButton                *button,
                 ReframePreferencesWindow *self)
{
  const char      *name = g_object_get_data (G_OBJECT (button), "tag-name");
  const char      *label = g_object_get_data (G_OBJECT (button), "tag-label");
  ReframeTagKind   kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "tag-kind"));
  g_autofree char *kept_label = g_strdup (label);
  g_autoptr (GError) error = NULL;

  /* The repository's entry-changed rebuilds the rows, this button included. */
  if (!reframe_mood_repository_hide_tag (get_repository (self), kind, name, &error))
    {
      /* Translators: %s says why a feeling or activity could not be removed */
      show_toast_printf (self, _ ("Could not remove it: %s"), error->message);
      return;
    }

  /* Translators: %s is a feeling or an activity */
  show_toast_printf (self, _ ("Removed “%s”. Entries that have it keep it."), kept_label);
}

static GtkWidget *
make_tag_row (ReframePreferencesWindow *self,
              ReframeTag               *tag)
{
  ReframeTagKind kind = reframe_tag_get_kind (tag);
  const char    *label = reframe_tag_get_label (tag);
  const char    *icon_name = reframe_tag_get_icon_name (tag);
  GtkWidget     *row = adw_action_row_new ();
  GtkWidget     *button = gtk_button_new_from_icon_name ("list-remove-symbolic");
  /* Translators: the accessible label of a button that removes a feeling or activity from the lists
   */
  g_autofree char *button_label = g_strdup_printf (_ ("Remove “%s”"), label);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
  if (kind == REFRAME_TAG_ACTIVITY)
    adw_action_row_add_prefix (
        ADW_ACTION_ROW (row),
        g_object_new (GTK_TYPE_IMAGE,
                      "icon-name",
                      (icon_name ? icon_name : REFRAME_DEFAULT_ACTIVITY_ICON),
                      "accessible-role",
                      GTK_ACCESSIBLE_ROLE_PRESENTATION,
                      NULL));

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, button_label);
  gtk_accessible_update_property (
      GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, button_label, -1);
  g_object_set_data_full (
      G_OBJECT (button), "tag-name", g_strdup (reframe_tag_get_name (tag)), g_free);
  g_object_set_data_full (G_OBJECT (button), "tag-label", g_strdup (label), g_free);
  g_object_set_data (G_OBJECT (button), "tag-kind", GINT_TO_POINTER (kind));
  g_signal_connect (button, "clicked", G_CALLBACK (hide_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  return row;
}

static void
rebuild_tag_rows (ReframePreferencesWindow *self,
                  ReframeTagKind            kind)
{
  AdwPreferencesGroup *group =
      kind == REFRAME_TAG_FEELING ? self->feelings_group : self->activities_group;
  GPtrArray *rows = kind == REFRAME_TAG_FEELING ? self->feeling_rows : self->activity_rows;
  g_autoptr (GPtrArray) tags = NULL;
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);

  tags = reframe_mood_repository_list_tags (get_repository (self), kind, &error);
  if (tags == NULL)
    {
      g_warning ("Could not list tags: %s", error->message);
      return;
    }

  for (guint i = 0; i < tags->len; i++)
    {
      GtkWidget *row = make_tag_row (self, g_ptr_array_index (tags, i));

      adw_preferences_group_add (group, row);
      g_ptr_array_add (rows, row);
    }
}

static void
repository_entry_changed_cb (ReframePreferencesWindow *self,
                             const char               *uuid,
                             const char               *old_day,
                             const char               *new_day)
{
  if (uuid != NULL && *uuid != '\0')
    return;

  rebuild_tag_rows (self, REFRAME_TAG_ACTIVITY);
  rebuild_tag_rows (self, REFRAME_TAG_FEELING);
}

static void
add_tag (ReframePreferencesWindow *self,
         ReframeTagKind            kind,
         AdwEntryRow              *entry_row)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry_row))));
  g_autoptr (GError) error = NULL;

  if (*text == '\0')
    return;

  if (!reframe_mood_repository_add_tag (get_repository (self), kind, text, NULL, &error))
    {
      /* Translators: %s says why a feeling or activity could not be added */
      show_toast_printf (self, _ ("Could not add it: %s"), error->message);
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (entry_row), "");
}

static void
activity_entry_activated_cb (ReframePreferencesWindow *self)
{
  add_tag (self, REFRAME_TAG_ACTIVITY, self->activity_entry_row);
}

static void
feeling_entry_activated_cb (ReframePreferencesWindow *self)
{
  add_tag (self, REFRAME_TAG_FEELING, self->feeling_entry_row);
}

/* Data folder */

static void
launch_folder_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (ReframePreferencesWindow) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    /* Translators: %s says why the file manager could not be opened */
    show_toast_printf (self, _ ("Could not open the folder: %s"), error->message);
}

static void
open_folder_clicked_cb (ReframePreferencesWindow *self)
{
  g_autofree char *uri = NULL;
  g_autoptr (GAppLaunchContext) context = NULL;

  if (self->store == NULL)
    return;

  uri = g_filename_to_uri (reframe_store_get_data_dir (self->store), NULL, NULL);
  if (uri == NULL)
    return;

  context = G_APP_LAUNCH_CONTEXT (
      gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (self))));
  g_app_info_launch_default_for_uri_async (
      uri, context, NULL, launch_folder_cb, g_object_ref (self));
}

/* GObject */

/* Encryption is changed on an open journal only: a locked one shows no Privacy page. */
static void
add_privacy_page (ReframePreferencesWindow *self)
{
  GApplication *app = g_application_get_default ();
  gboolean      encrypted = REFRAME_IS_APPLICATION (app) &&
                       reframe_application_get_journal_encrypted (REFRAME_APPLICATION (app));
  gboolean   login = encrypted && reframe_application_get_login_unlock (REFRAME_APPLICATION (app));
  GtkWidget *page = reframe_privacy_page_new (
      reframe_store_get_data_dir (self->store), self->settings, encrypted, login);

  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (page));
}

/* Backups belong to the journal the application opened: no journal, no page. */
static void
add_backups_page (ReframePreferencesWindow *self)
{
  GApplication          *app = g_application_get_default ();
  ReframeBackupSchedule *schedule =
      REFRAME_IS_APPLICATION (app) ? reframe_application_get_backups (REFRAME_APPLICATION (app))
                                   : NULL;
  g_autoptr (GSettings) settings = NULL;

  if (schedule == NULL || reframe_backup_schedule_get_store (schedule) != self->store)
    return;
  settings = g_settings_new (BASE_ID);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (reframe_backups_page_new (schedule, settings)));
}

static void
reframe_preferences_window_constructed (GObject *object)
{
  ReframePreferencesWindow *self = REFRAME_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (reframe_preferences_window_parent_class)->constructed (object);

  gtk_widget_set_visible (GTK_WIDGET (self->path_row), self->store != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->journal_page), self->store != NULL);
  if (self->store == NULL)
    return;

  adw_action_row_set_subtitle (self->path_row, reframe_store_get_path (self->store));
  rebuild_tag_rows (self, REFRAME_TAG_ACTIVITY);
  rebuild_tag_rows (self, REFRAME_TAG_FEELING);
  g_signal_connect_object (get_repository (self),
                           "entry-changed",
                           G_CALLBACK (repository_entry_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);
  add_privacy_page (self);
  add_backups_page (self);
}

static void
reframe_preferences_window_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  ReframePreferencesWindow *self = REFRAME_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reframe_preferences_window_set_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec)
{
  ReframePreferencesWindow *self = REFRAME_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reframe_preferences_window_dispose (GObject *object)
{
  ReframePreferencesWindow *self = REFRAME_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), REFRAME_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);
  g_clear_pointer (&self->activity_rows, g_ptr_array_unref);
  g_clear_pointer (&self->feeling_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (reframe_preferences_window_parent_class)->dispose (object);
}

static void
reframe_preferences_window_class_init (ReframePreferencesWindowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = reframe_preferences_window_constructed;
  object_class->dispose = reframe_preferences_window_dispose;
  object_class->get_property = reframe_preferences_window_get_property;
  object_class->set_property = reframe_preferences_window_set_property;

  /**
   * ReframePreferencesWindow:store: (nullable)
   *
   * The open journal, %NULL when it could not be opened.
   */
  properties[PROP_STORE] =
      g_param_spec_object ("store",
                           NULL,
                           NULL,
                           REFRAME_TYPE_STORE,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (REFRAME_TYPE_COMPANION_PREFERENCES);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/reframe-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ReframePreferencesWindow, style_row);
  gtk_widget_class_bind_template_child (widget_class, ReframePreferencesWindow, path_row);
  gtk_widget_class_bind_template_child (widget_class, ReframePreferencesWindow, journal_page);
  gtk_widget_class_bind_template_child (widget_class, ReframePreferencesWindow, activities_group);
  gtk_widget_class_bind_template_child (widget_class, ReframePreferencesWindow, feelings_group);
  gtk_widget_class_bind_template_child (widget_class, ReframePreferencesWindow, activity_entry_row);
  gtk_widget_class_bind_template_child (widget_class, ReframePreferencesWindow, feeling_entry_row);
  gtk_widget_class_bind_template_callback (widget_class, activity_entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, feeling_entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, open_folder_clicked_cb);
  gtk_widget_class_bind_template_child (widget_class, ReframePreferencesWindow, reminder_switch);
  gtk_widget_class_bind_template_child (widget_class, ReframePreferencesWindow, spell_switch);
  gtk_widget_class_bind_template_child (widget_class, ReframePreferencesWindow, reminder_time_row);
  gtk_widget_class_bind_template_child (widget_class, ReframePreferencesWindow, reminder_hour_spin);
  gtk_widget_class_bind_template_child (
      widget_class, ReframePreferencesWindow, reminder_minute_spin);
  gtk_widget_class_bind_template_child (widget_class, ReframePreferencesWindow, background_switch);
  gtk_widget_class_bind_template_child (widget_class, ReframePreferencesWindow, login_row);
  gtk_widget_class_bind_template_child (widget_class, ReframePreferencesWindow, login_switch);
  gtk_widget_class_bind_template_child (widget_class, ReframePreferencesWindow, background_row);
  gtk_widget_class_bind_template_callback (widget_class, reminder_spin_output_cb);
  gtk_widget_class_bind_template_callback (widget_class, reminder_spin_changed_cb);
}

static void
reframe_preferences_window_init (ReframePreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->activity_rows = g_ptr_array_new ();
  self->feeling_rows = g_ptr_array_new ();

  self->settings = g_settings_new (BASE_ID);
  g_settings_bind_with_mapping (self->settings,
                                "color-scheme",
                                self->style_row,
                                "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                color_scheme_to_selected,
                                selected_to_color_scheme,
                                NULL,
                                NULL);
  g_settings_bind (
      self->settings, "spell-check", self->spell_switch, "active", G_SETTINGS_BIND_DEFAULT);
  bind_reminder_settings (self);
}

/**
 * reframe_preferences_window_new:
 * @parent: (nullable): the main window
 * @store: (nullable): the open journal, %NULL if it could not be opened
 *
 * Returns: (transfer none): the preferences window, owned by GTK's list of windows
 */
ReframePreferencesWindow *
reframe_preferences_window_new (GtkWindow    *parent,
                                ReframeStore *store)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (store == NULL || REFRAME_IS_STORE (store), NULL);

  return g_object_new (REFRAME_TYPE_PREFERENCES_WINDOW,
                       "transient-for",
                       parent,
                       "store",
                       store,
                       NULL);
}
