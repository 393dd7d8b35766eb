/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-reminders-autostart.c: Start at Login: the autostart entry, the stand-in
 * Background portal, and the row in Preferences. */

#include "config.h"

#include <locale.h>
#include <adwaita.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "reframe-assignment-repository.h"
#include "reframe-autostart.h"
#include "reframe-journal-crypt.h"
#include "reframe-preferences-window.h"
#include "reframe-reminders.h"
#include "reframe-store.h"
#include "reframe-test-util.h"
#include "test-reminders-private.h"

/* Tests: Start at Login */

static char *
entry_path (void)
{
  return reframe_autostart_dup_path ();
}

static void
assert_valid_entry (const char *const *arguments)
{
  g_autofree char *path = entry_path ();
  g_autoptr (GKeyFile) file = g_key_file_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *exec = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto (GStrv) argv = NULL;
  const char *validate[] = { "desktop-file-validate", path, NULL };
  int         status = -1;

  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_spawn_sync (
      NULL, (char **) validate, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL) || *out != '\0')
    g_error ("%s does not validate:\n%s%s", path, out, err);

  /* Exec gives back the very command line, however odd its folders' names. */
  g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  g_assert_false (g_key_file_has_key (file, G_KEY_FILE_DESKTOP_GROUP, "DBusActivatable", NULL));
  g_assert_true (
      g_key_file_get_boolean (file, G_KEY_FILE_DESKTOP_GROUP, "X-GNOME-UsesNotifications", NULL));
  exec =
      g_key_file_get_string (file, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_EXEC, &error);
  g_assert_no_error (error);
  g_assert_true (g_shell_parse_argv (exec, NULL, &argv, &error));
  g_assert_no_error (error);
  /* Field codes are written doubled; a shell does not undo that, a launcher does. */
  for (guint i = 0; argv[i] != NULL; i++)
    {
      g_autoptr (GString) unfield = g_string_new (argv[i]);

      g_string_replace (unfield, "%%", "%", 0);
      g_assert_cmpstr (unfield->str, ==, arguments[i]);
    }
  g_assert_cmpuint (g_strv_length (argv), ==, g_strv_length ((char **) arguments));
}

static void
failed_cb (ReframeAutostart *autostart,
           const char       *message,
           char            **failure)
{
  g_free (*failure);
  *failure = g_strdup (message);
}

void
_reframe_test_autostart_file (Fixture      *f,
                              gconstpointer data)
{
  const char      *executable = "/opt/Re frame \"100%\"/bin/reframe";
  const char      *data_dir = "/home/someone/My $Journal";
  g_autofree char *path = entry_path ();
  g_auto (GStrv) arguments = reframe_autostart_dup_arguments (executable, data_dir);
  g_autoptr (ReframeAutostart) autostart =
      reframe_autostart_new (f->settings, executable, data_dir, REFRAME_AUTOSTART_FILE);
  g_autofree char *failure = NULL;
  g_autofree char *folder = NULL;

  g_signal_connect (autostart, "failed", G_CALLBACK (failed_cb), &failure);
  g_assert_cmpint (reframe_autostart_get_method (autostart), ==, REFRAME_AUTOSTART_FILE);
  g_assert_cmpstr (arguments[1], ==, "--gapplication-service");
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* The first reminder turns it on, and the entry is there. */
  g_settings_set_boolean (f->settings, "reminder-enabled", TRUE);
  g_assert_true (g_settings_get_boolean (f->settings, "start-at-login"));
  g_assert_true (reframe_autostart_get_wanted (autostart));
  assert_valid_entry ((const char *const *) arguments);

  /* Off removes it; reminders off too. */
  g_settings_set_boolean (f->settings, "start-at-login", FALSE);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_settings_set_boolean (f->settings, "start-at-login", TRUE);
  assert_valid_entry ((const char *const *) arguments);
  g_settings_set_boolean (f->settings, "reminder-enabled", FALSE);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* The person's choice stays theirs: off, it is not turned on again by reminders. */
  g_settings_set_boolean (f->settings, "start-at-login", FALSE);
  g_settings_set_boolean (f->settings, "reminder-enabled", TRUE);
  g_assert_false (g_settings_get_boolean (f->settings, "start-at-login"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* An entry for a program since moved is written anew at the start. */
  g_settings_set_boolean (f->settings, "start-at-login", TRUE);
  g_assert_true (g_file_set_contents (
      path, "[Desktop Entry]\nType=Application\nName=Old\nExec=/old/reframe\n", -1, NULL));
  g_clear_object (&autostart);
  autostart = reframe_autostart_new (f->settings, executable, data_dir, REFRAME_AUTOSTART_FILE);
  g_signal_connect (autostart, "failed", G_CALLBACK (failed_cb), &failure);
  assert_valid_entry ((const char *const *) arguments);
  g_settings_set_boolean (f->settings, "start-at-login", FALSE);
  g_assert_null (failure);

  /* When the entry cannot be written, it is off again, and the person is told why (and
   * only that: there is nothing to remove). */
  folder = g_path_get_dirname (path);
  reframe_test_remove_tree (folder);
  g_assert_true (g_file_set_contents (folder, "not a folder", -1, NULL));
  g_settings_set_boolean (f->settings, "start-at-login", TRUE);
  g_assert_false (g_settings_get_boolean (f->settings, "start-at-login"));
  g_assert_nonnull (failure);
  g_assert_true (g_str_has_prefix (failure, "Reframe cannot start at login: "));
  g_assert_cmpint (g_unlink (folder), ==, 0);
}

/* A stand-in for xdg-desktop-portal's Background portal, on a connection of its own. */
typedef struct
{
  GDBusConnection *bus;
  guint            object_id;
  guint            name_id;
  gboolean         allow;
  guint            n_requests;
  GVariant        *last_options;
} FakePortal;

static const char portal_xml[] = "<node><interface name='org.freedesktop.portal.Background'>"
                                 "<method name='RequestBackground'><arg type='s' "
                                 "direction='in'/><arg type='a{sv}' direction='in'/>"
                                 "<arg type='o' direction='out'/></method></interface></node>";

static void
portal_method_cb (GDBusConnection       *connection,
                  const char            *sender,
                  const char            *path,
                  const char            *interface,
                  const char            *method,
                  GVariant              *parameters,
                  GDBusMethodInvocation *invocation,
                  gpointer               user_data)
{
  FakePortal      *portal = user_data;
  g_autofree char *token = NULL;
  g_autofree char *caller = g_strdup (sender + 1);
  g_autofree char *handle = NULL;
  GVariantBuilder  results;
  gboolean         autostart = FALSE;

  portal->n_requests++;
  g_clear_pointer (&portal->last_options, g_variant_unref);
  g_variant_get (parameters, "(&s@a{sv})", NULL, &portal->last_options);
  g_assert_true (g_variant_lookup (portal->last_options, "handle_token", "s", &token));
  g_variant_lookup (portal->last_options, "autostart", "b", &autostart);
  g_strdelimit (caller, ".", '_');
  handle = g_strdup_printf ("/org/freedesktop/portal/desktop/request/%s/%s", caller, token);
  g_dbus_method_invocation_return_value (invocation, g_variant_new ("(o)", handle));

  g_variant_builder_init (&results, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&results, "{sv}", "background", g_variant_new_boolean (portal->allow));
  g_variant_builder_add (
      &results, "{sv}", "autostart", g_variant_new_boolean (portal->allow && autostart));
  g_dbus_connection_emit_signal (connection,
                                 sender,
                                 handle,
                                 "org.freedesktop.portal.Request",
                                 "Response",
                                 g_variant_new ("(ua{sv})", portal->allow ? 0 : 2, &results),
                                 NULL);
}

static void
fake_portal_start (FakePortal *portal)
{
  static const GDBusInterfaceVTable vtable = { portal_method_cb, NULL, NULL, { 0 } };
  g_autoptr (GDBusNodeInfo) node = g_dbus_node_info_new_for_xml (portal_xml, NULL);
  g_autofree char *address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr (GError) error = NULL;

  portal->bus =
      g_dbus_connection_new_for_address_sync (address,
                                              G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                  G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                              NULL,
                                              NULL,
                                              &error);
  g_assert_no_error (error);
  portal->object_id = g_dbus_connection_register_object (portal->bus,
                                                         "/org/freedesktop/portal/desktop",
                                                         node->interfaces[0],
                                                         &vtable,
                                                         portal,
                                                         NULL,
                                                         &error);
  g_assert_no_error (error);
  portal->name_id = g_bus_own_name_on_connection (portal->bus,
                                                  "org.freedesktop.portal.Desktop",
                                                  G_BUS_NAME_OWNER_FLAGS_REPLACE,
                                                  NULL,
                                                  NULL,
                                                  NULL,
                                                  NULL);
  _reframe_test_spin (200);
}

static void
fake_portal_stop (FakePortal *portal)
{
  g_bus_unown_name (portal->name_id);
  g_dbus_connection_unregister_object (portal->bus, portal->object_id);
  g_dbus_connection_close_sync (portal->bus, NULL, NULL);
  g_clear_object (&portal->bus);
  g_clear_pointer (&portal->last_options, g_variant_unref);
}

static void
wait_requests (FakePortal *portal,
               guint       n)
{
  gint64 end = g_get_monotonic_time () + WAIT_MS * G_TIME_SPAN_MILLISECOND;

  while (portal->n_requests < n)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      _reframe_test_spin (10);
    }
  /* The answer, too. */
  _reframe_test_spin (100);
}

void
_reframe_test_autostart_portal (Fixture      *f,
                                gconstpointer data)
{
  FakePortal portal = { 0 };
  g_autoptr (ReframeAutostart) autostart = NULL;
  g_autofree char        *path = entry_path ();
  g_autofree char        *failure = NULL;
  g_autofree const char **commandline = NULL;
  gboolean                dbus_activatable = TRUE;
  gboolean                autostart_asked = FALSE;

  portal.allow = TRUE;
  fake_portal_start (&portal);
  autostart = reframe_autostart_new (f->settings, NULL, NULL, REFRAME_AUTOSTART_PORTAL);
  g_signal_connect (autostart, "failed", G_CALLBACK (failed_cb), &failure);

  /* Nothing is asked at the start: the portal remembers. */
  _reframe_test_spin (100);
  g_assert_cmpuint (portal.n_requests, ==, 0);

  /* The first reminder asks for it: Reframe by its name, in the background. */
  g_settings_set_boolean (f->settings, "reminder-enabled", TRUE);
  wait_requests (&portal, 1);
  g_assert_true (g_variant_lookup (portal.last_options, "autostart", "b", &autostart_asked));
  g_assert_true (autostart_asked);
  g_assert_true (g_variant_lookup (portal.last_options, "commandline", "^a&s", &commandline));
  g_assert_cmpstr (commandline[0], ==, "reframe");
  g_assert_cmpstr (commandline[1], ==, "--gapplication-service");
  g_assert_null (commandline[2]);
  g_assert_true (
      g_variant_lookup (portal.last_options, "dbus-activatable", "b", &dbus_activatable));
  g_assert_false (dbus_activatable);
  g_assert_true (g_settings_get_boolean (f->settings, "start-at-login"));
  g_assert_null (failure);
  /* The portal writes the entry, not Reframe. */
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* Off asks it to stop. */
  g_settings_set_boolean (f->settings, "start-at-login", FALSE);
  wait_requests (&portal, 2);
  g_assert_true (g_variant_lookup (portal.last_options, "autostart", "b", &autostart_asked));
  g_assert_false (autostart_asked);

  /* Refused: off again, and the person is told. */
  portal.allow = FALSE;
  g_settings_set_boolean (f->settings, "start-at-login", TRUE);
  wait_requests (&portal, 3);
  g_assert_false (g_settings_get_boolean (f->settings, "start-at-login"));
  g_assert_nonnull (failure);
  g_assert_true (g_str_has_prefix (failure, "Reframe cannot start at login"));
  /* Turning the setting off after a refusal asks nothing more. */
  _reframe_test_spin (200);
  g_assert_cmpuint (portal.n_requests, ==, 3);

  g_clear_object (&autostart);
  fake_portal_stop (&portal);
}

/* Tests: Preferences */

void
_reframe_test_preferences_row (Fixture      *f,
                               gconstpointer data)
{
  ReframePreferencesWindow *prefs = reframe_preferences_window_new (NULL, NULL);
  GtkWidget                *login_row = GTK_WIDGET (gtk_widget_get_template_child (
      GTK_WIDGET (prefs), REFRAME_TYPE_PREFERENCES_WINDOW, "login_row"));
  GtkSwitch                *login = GTK_SWITCH (gtk_widget_get_template_child (
      GTK_WIDGET (prefs), REFRAME_TYPE_PREFERENCES_WINDOW, "login_switch"));
  GtkWidget                *background_row = GTK_WIDGET (gtk_widget_get_template_child (
      GTK_WIDGET (prefs), REFRAME_TYPE_PREFERENCES_WINDOW, "background_row"));

  /* Waits for the first reminder. */
  g_assert_false (gtk_widget_get_sensitive (login_row));
  g_assert_false (gtk_switch_get_active (login));
  g_assert_true (gtk_widget_get_sensitive (background_row));

  g_settings_set_boolean (f->settings, "reminder-enabled", TRUE);
  g_assert_true (gtk_widget_get_sensitive (login_row));
  gtk_switch_set_active (login, TRUE);
  g_assert_true (g_settings_get_boolean (f->settings, "start-at-login"));
  /* Started at login, Reframe stays running anyway. */
  g_assert_false (gtk_widget_get_sensitive (background_row));
  g_settings_set_boolean (f->settings, "start-at-login", FALSE);
  g_assert_false (gtk_switch_get_active (login));
  g_assert_true (gtk_widget_get_sensitive (background_row));

  gtk_window_destroy (GTK_WINDOW (prefs));
  _reframe_test_spin (50);
}
