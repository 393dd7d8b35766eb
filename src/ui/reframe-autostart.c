/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-autostart.c: Start at Login: an autostart entry outside a sandbox, the Background portal
 * inside Flatpak.
 *
 * Start at Login acts while reminders are on: only then is there a reason to start. It
 * is turned on with the first reminder, unless the person already chose (the setting has
 * a value of theirs), and turned off in Preferences like any setting.
 *
 * Outside a sandbox the entry is `$XDG_CONFIG_HOME/autostart/<app id>.desktop`, whose
 * Exec starts this very program in the background (REFRAME_BACKGROUND_OPTION, with
 * `--data-dir` when Reframe was given one); it is written again when the program moved,
 * and removed when Start at Login is off. It is not DBusActivatable: a session that
 * launched it over D-Bus would call Activate, which opens the window.
 *
 * Inside Flatpak the Background portal keeps such an entry for us (RequestBackground,
 * called on D-Bus directly: no libportal). Its answer comes in a Response signal; a
 * refusal turns the setting off again and says why, in the failed signal.
 */

#define G_LOG_DOMAIN "ReframeAutostart"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "reframe-autostart.h"

#define PORTAL_BUS_NAME             "org.freedesktop.portal.Desktop"
#define PORTAL_OBJECT_PATH          "/org/freedesktop/portal/desktop"
#define PORTAL_BACKGROUND_INTERFACE "org.freedesktop.portal.Background"
#define PORTAL_REQUEST_INTERFACE    "org.freedesktop.portal.Request"

/* The characters the Desktop Entry Specification reserves in an Exec argument. */
#define EXEC_RESERVED " \t\n\"'\\><~|&;$*?#()`"

struct _ReframeAutostart
{
  GObject parent_instance;

  /* Owned */
  GSettings       *settings;
  char            *executable;
  char            *data_dir;
  GCancellable    *cancellable;
  GDBusConnection *bus;
  char            *request_path;

  ReframeAutostartMethod method;
  /* Portal: what was last asked for, so that only a change is asked again. */
  gboolean requested;
  /* Portal: the Response signal of the request waiting for its answer. */
  guint response_id;
};

G_DEFINE_FINAL_TYPE (ReframeAutostart, reframe_autostart, G_TYPE_OBJECT)

enum
{
  SIGNAL_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Failures */

/* Start at Login is off again (it did not happen), and the person is told why. */
static void
report_failure (ReframeAutostart *self,
                const char       *reason)
{
  g_autofree char *message = NULL;

  self->requested = FALSE;
  if (g_settings_get_boolean (self->settings, "start-at-login"))
    g_settings_set_boolean (self->settings, "start-at-login", FALSE);
  /* Translators: %s says why */
  message = g_strdup_printf (_ ("Reframe cannot start at login: %s"), reason);
  g_signal_emit (self, signals[SIGNAL_FAILED], 0, message);
}

/* The autostart file */

static gboolean
write_entry (ReframeAutostart *self,
             GError          **error)
{
  g_autofree char *path = reframe_autostart_dup_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *old = NULL;
  g_autofree char *contents = NULL;
  g_auto (GStrv) arguments = NULL;
  int saved_errno;

  /* A key file holds UTF-8 only. */
  if (self->data_dir != NULL && !g_utf8_validate (self->data_dir, -1, NULL))
    {
      g_set_error_literal (
          error,
          G_IO_ERROR,
          G_IO_ERROR_INVALID_FILENAME,
          _ ("the name of the journal’s folder cannot be written into a start-up entry."));
      return FALSE;
    }

  arguments = reframe_autostart_dup_arguments (self->executable, self->data_dir);
  contents = reframe_autostart_build_entry ((const char *const *) arguments);
  if (g_file_get_contents (path, &old, NULL, NULL) && g_str_equal (old, contents))
    return TRUE;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      saved_errno = errno;
      g_set_error (error,
                   G_IO_ERROR,
                   g_io_error_from_errno (saved_errno),
                   "%s: %s",
                   dir,
                   g_strerror (saved_errno));
      return FALSE;
    }
  return g_file_set_contents_full (path, contents, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644, error);
}

static gboolean
remove_entry (GError **error)
{
  g_autofree char *path = reframe_autostart_dup_path ();
  int              saved_errno;

  /* Nothing there (not even the folder) is what was wanted. */
  if (g_unlink (path) == 0 || errno == ENOENT || errno == ENOTDIR)
    return TRUE;

  saved_errno = errno;
  g_set_error (error,
               G_IO_ERROR,
               g_io_error_from_errno (saved_errno),
               "%s: %s",
               path,
               g_strerror (saved_errno));
  return FALSE;
}

/* The Background portal */

static void
unwatch_response (ReframeAutostart *self)
{
  if (self->response_id != 0 && self->bus != NULL)
    g_dbus_connection_signal_unsubscribe (self->bus, self->response_id);
  self->response_id = 0;
  g_clear_pointer (&self->request_path, g_free);
}

static void
response_cb (GDBusConnection *connection,
             const char      *sender_name,
             const char      *object_path,
             const char      *interface_name,
             const char      *signal_name,
             GVariant        *parameters,
             gpointer         user_data)
{
  ReframeAutostart *self = user_data;
  g_autoptr (GVariant) results = NULL;
  guint32  response;
  gboolean autostart = FALSE;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(ua{sv})")))
    return;
  unwatch_response (self);
  g_variant_get (parameters, "(u@a{sv})", &response, &results);
  g_debug ("The Background portal answered %u", response);

  /* Turning it off needs no answer; turning it on needs a yes. */
  if (!self->requested)
    return;
  if (response == 0 && g_variant_lookup (results, "autostart", "b", &autostart) && autostart)
    return;
  report_failure (self, _ ("the system did not allow it to run in the background."));
}

static void
watch_response (ReframeAutostart *self,
                const char       *path)
{
  unwatch_response (self);
  self->request_path = g_strdup (path);
  self->response_id = g_dbus_connection_signal_subscribe (self->bus,
                                                          PORTAL_BUS_NAME,
                                                          PORTAL_REQUEST_INTERFACE,
                                                          "Response",
                                                          path,
                                                          NULL,
                                                          G_DBUS_SIGNAL_FLAGS_NONE,
                                                          response_cb,
                                                          self,
                                                          NULL);
}

static void
request_sent_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (ReframeAutostart) self = user_data;
  g_autoptr (GVariant) reply = NULL;
  g_autoptr (GError) error = NULL;
  const char *handle;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      unwatch_response (self);
      if (self->requested)
        report_failure (self, error->message);
      return;
    }

  /* A portal older than handle_token answers on a path of its own. */
  g_variant_get (reply, "(&o)", &handle);
  if (self->response_id != 0 && g_strcmp0 (self->request_path, handle) != 0)
    watch_response (self, handle);
}

/* The Response signal is subscribed to before the call, on the path the portal will
 * use (from handle_token), so that the answer cannot come first. */
static void
send_request (ReframeAutostart *self)
{
  g_autofree char *token = g_strdup_printf ("reframe%u", g_random_int ());
  g_autofree char *sender = g_strdup (g_dbus_connection_get_unique_name (self->bus) + 1);
  g_autofree char *path = NULL;
  g_auto (GStrv) commandline = reframe_autostart_dup_arguments (self->executable, self->data_dir);
  GVariantBuilder options;

  g_strdelimit (sender, ".", '_');
  path = g_strdup_printf (PORTAL_OBJECT_PATH "/request/%s/%s", sender, token);
  watch_response (self, path);

  g_variant_builder_init (&options, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&options, "{sv}", "handle_token", g_variant_new_string (token));
  g_variant_builder_add (
      &options,
      "{sv}",
      "reason",
      g_variant_new_string (
          _ ("Reframe sends the homework reminders you asked for, at the time you chose.")));
  g_variant_builder_add (&options, "{sv}", "autostart", g_variant_new_boolean (self->requested));
  g_variant_builder_add (
      &options, "{sv}", "commandline", g_variant_new_strv ((const char *const *) commandline, -1));
  /* Started over D-Bus it would be activated, which opens the window. */
  g_variant_builder_add (&options, "{sv}", "dbus-activatable", g_variant_new_boolean (FALSE));
  g_dbus_connection_call (self->bus,
                          PORTAL_BUS_NAME,
                          PORTAL_OBJECT_PATH,
                          PORTAL_BACKGROUND_INTERFACE,
                          "RequestBackground",
                          g_variant_new ("(sa{sv})", "", &options),
                          G_VARIANT_TYPE ("(o)"),
                          G_DBUS_CALL_FLAGS_NONE,
                          -1,
                          self->cancellable,
                          request_sent_cb,
                          g_object_ref (self));
}

static void
bus_ready_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (ReframeAutostart) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GDBusConnection) bus = g_bus_get_finish (result, &error);

  if (bus == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && self->requested)
        report_failure (self, error->message);
      return;
    }
  if (self->bus == NULL)
    self->bus = g_steal_pointer (&bus);
  send_request (self);
}

static void
request_background (ReframeAutostart *self,
                    gboolean          autostart)
{
  self->requested = autostart;
  if (self->bus != NULL)
    send_request (self);
  else
    g_bus_get (G_BUS_TYPE_SESSION, self->cancellable, bus_ready_cb, g_object_ref (self));
}

/* Following the settings */

static void
sync_entry (ReframeAutostart *self)
{
  gboolean wanted = reframe_autostart_get_wanted (self);
  g_autoptr (GError) error = NULL;

  if (self->method == REFRAME_AUTOSTART_PORTAL)
    {
      if (wanted != self->requested)
        request_background (self, wanted);
      return;
    }

  if (wanted && !write_entry (self, &error))
    report_failure (self, error->message);
  else if (!wanted && !remove_entry (&error))
    {
      /* Translators: %s says why */
      g_autofree char *message =
          g_strdup_printf (_ ("The start-up entry could not be removed: %s"), error->message);

      g_signal_emit (self, signals[SIGNAL_FAILED], 0, message);
    }
}

/* The first reminder turns Start at Login on, unless the person chose already. */
static void
settings_reminder_enabled_changed_cb (ReframeAutostart *self)
{
  g_autoptr (GVariant) chosen = NULL;

  if (g_settings_get_boolean (self->settings, "reminder-enabled"))
    {
      chosen = g_settings_get_user_value (self->settings, "start-at-login");
      if (chosen == NULL)
        {
          g_settings_set_boolean (self->settings, "start-at-login", TRUE);
          return;
        }
    }
  sync_entry (self);
}

/* GObject */

static void
reframe_autostart_dispose (GObject *object)
{
  ReframeAutostart *self = REFRAME_AUTOSTART (object);

  g_cancellable_cancel (self->cancellable);
  unwatch_response (self);
  g_clear_object (&self->bus);

  G_OBJECT_CLASS (reframe_autostart_parent_class)->dispose (object);
}

static void
reframe_autostart_finalize (GObject *object)
{
  ReframeAutostart *self = REFRAME_AUTOSTART (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->executable, g_free);
  g_clear_pointer (&self->data_dir, g_free);

  G_OBJECT_CLASS (reframe_autostart_parent_class)->finalize (object);
}

static void
reframe_autostart_class_init (ReframeAutostartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = reframe_autostart_dispose;
  object_class->finalize = reframe_autostart_finalize;

  /**
   * ReframeAutostart::failed:
   * @self: the autostart
   * @message: what went wrong, in a sentence for the person
   *
   * Starting at login could not be set up (Start at Login is off again), or the entry
   * could not be removed.
   */
  signals[SIGNAL_FAILED] = g_signal_new ("failed",
                                         G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST,
                                         0,
                                         NULL,
                                         NULL,
                                         NULL,
                                         G_TYPE_NONE,
                                         1,
                                         G_TYPE_STRING);
}

static void
reframe_autostart_init (ReframeAutostart *self)
{
  self->cancellable = g_cancellable_new ();
}

/* Public API */

/**
 * reframe_autostart_new:
 * @settings: the application's settings (start-at-login, reminder-enabled)
 * @executable: (nullable): the program to start; %NULL for this one
 * @data_dir: (nullable): the journal folder given with `--data-dir`, or %NULL
 * @method: how to ask; %REFRAME_AUTOSTART_AUTO to find out
 *
 * Follows the settings from now on. The file is brought up to date at once; the
 * portal, which remembers, is asked only when the setting changes.
 *
 * Returns: (transfer full): the autostart
 */
ReframeAutostart *
reframe_autostart_new (GSettings             *settings,
                       const char            *executable,
                       const char            *data_dir,
                       ReframeAutostartMethod method)
{
  ReframeAutostart *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (REFRAME_TYPE_AUTOSTART, NULL);
  self->settings = g_object_ref (settings);
  self->data_dir = g_strdup (data_dir);
  if (method == REFRAME_AUTOSTART_AUTO)
    method = g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS) ? REFRAME_AUTOSTART_PORTAL
                                                                : REFRAME_AUTOSTART_FILE;
  self->method = method;

  /* Inside the sandbox the portal runs the command there, by its name. */
  if (executable != NULL)
    self->executable = g_strdup (executable);
  else if (method == REFRAME_AUTOSTART_FILE)
    self->executable = g_file_read_link ("/proc/self/exe", NULL);
  if (self->executable == NULL)
    self->executable = g_strdup ("reframe");

  g_signal_connect_object (
      settings, "changed::start-at-login", G_CALLBACK (sync_entry), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings,
                           "changed::reminder-enabled",
                           G_CALLBACK (settings_reminder_enabled_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);

  self->requested = reframe_autostart_get_wanted (self);
  if (method == REFRAME_AUTOSTART_FILE)
    sync_entry (self);

  return self;
}

/**
 * reframe_autostart_get_method:
 * @self: the autostart
 *
 * Returns: how Reframe asks to be started at login, never %REFRAME_AUTOSTART_AUTO
 */
ReframeAutostartMethod
reframe_autostart_get_method (ReframeAutostart *self)
{
  g_return_val_if_fail (REFRAME_IS_AUTOSTART (self), REFRAME_AUTOSTART_FILE);

  return self->method;
}

/**
 * reframe_autostart_get_wanted:
 * @self: the autostart
 *
 * Returns: whether Reframe should start at login: Start at Login and reminders are on
 */
gboolean
reframe_autostart_get_wanted (ReframeAutostart *self)
{
  g_return_val_if_fail (REFRAME_IS_AUTOSTART (self), FALSE);

  return g_settings_get_boolean (self->settings, "start-at-login") &&
         g_settings_get_boolean (self->settings, "reminder-enabled");
}

/**
 * reframe_autostart_dup_path:
 *
 * Returns: (transfer full): where the autostart entry goes outside a sandbox
 */
char *
reframe_autostart_dup_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "autostart", APP_ID ".desktop", NULL);
}

/**
 * reframe_autostart_dup_arguments:
 * @executable: the program
 * @data_dir: (nullable): the journal folder, when not the default one
 *
 * Returns: (transfer full): the command line that starts Reframe in the background
 */
char **
reframe_autostart_dup_arguments (const char *executable,
                                 const char *data_dir)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *data_dir_option = NULL;

  g_return_val_if_fail (executable != NULL, NULL);

  g_strv_builder_add (builder, executable);
  g_strv_builder_add (builder, REFRAME_BACKGROUND_OPTION);
  if (data_dir != NULL)
    {
      data_dir_option = g_strconcat ("--data-dir=", data_dir, NULL);
      g_strv_builder_add (builder, data_dir_option);
    }
  return g_strv_builder_end (builder);
}

/**
 * reframe_autostart_quote_exec:
 * @arguments: a command line
 *
 * Quotes @arguments for the Exec key of a desktop entry, as the Desktop Entry
 * Specification says: an argument with a reserved character in double quotes, with `"`,
 * `` ` ``, `$` and `\` escaped inside them, and `%` doubled anywhere. The key file's own
 * escaping (of `\`) comes on top, when the value is written.
 *
 * Returns: (transfer full): the value of Exec
 */
char *
reframe_autostart_quote_exec (const char *const *arguments)
{
  GString *exec = g_string_new (NULL);

  g_return_val_if_fail (arguments != NULL, NULL);

  for (guint i = 0; arguments[i] != NULL; i++)
    {
      const char *arg = arguments[i];
      gboolean    quoted = *arg == '\0' || strpbrk (arg, EXEC_RESERVED) != NULL;

      if (i > 0)
        g_string_append_c (exec, ' ');
      if (quoted)
        g_string_append_c (exec, '"');
      for (const char *p = arg; *p != '\0'; p++)
        {
          if (quoted && strchr ("\"`$\\", *p) != NULL)
            g_string_append_c (exec, '\\');
          if (*p == '%')
            g_string_append_c (exec, '%');
          g_string_append_c (exec, *p);
        }
      if (quoted)
        g_string_append_c (exec, '"');
    }

  return g_string_free (exec, FALSE);
}

/**
 * reframe_autostart_build_entry:
 * @arguments: the command line that starts Reframe in the background
 *
 * Returns: (transfer full): the text of the autostart entry
 */
char *
reframe_autostart_build_entry (const char *const *arguments)
{
  g_autoptr (GKeyFile) file = g_key_file_new ();
  g_autofree char *exec = reframe_autostart_quote_exec (arguments);
  const char      *group = G_KEY_FILE_DESKTOP_GROUP;

  g_key_file_set_string (
      file, group, G_KEY_FILE_DESKTOP_KEY_TYPE, G_KEY_FILE_DESKTOP_TYPE_APPLICATION);
  g_key_file_set_string (file, group, G_KEY_FILE_DESKTOP_KEY_NAME, _ ("Reframe"));
  g_key_file_set_string (file,
                         group,
                         G_KEY_FILE_DESKTOP_KEY_COMMENT,
                         _ ("Sends the homework reminders you asked for"));
  g_key_file_set_string (file, group, G_KEY_FILE_DESKTOP_KEY_EXEC, exec);
  g_key_file_set_string (file, group, G_KEY_FILE_DESKTOP_KEY_ICON, APP_ID);
  g_key_file_set_boolean (file, group, G_KEY_FILE_DESKTOP_KEY_TERMINAL, FALSE);
  g_key_file_set_boolean (file, group, "X-GNOME-Autostart-enabled", TRUE);
  g_key_file_set_boolean (file, group, "X-GNOME-UsesNotifications", TRUE);
  g_key_file_set_comment (file,
                          NULL,
                          NULL,
                          " Written by Reframe for Start at Login (Preferences, Reminders).\n"
                          " Turning Start at Login off there removes this file.",
                          NULL);

  return g_key_file_to_data (file, NULL, NULL);
}
