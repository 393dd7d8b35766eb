# SPDX-License-Identifier: GPL-3.0-or-later
"""Reminders that arrive: the first reminder turns Start at Login on, which writes an
autostart entry (valid, per desktop-file-validate); after Quit, the entry's command
starts Reframe in the background, as a session would at login: no window, and the
reminder comes to the notification server (a stand-in, tests/fake-notifications.py).
Done ticks the task off without a window, as `reframe homework --json` shows, and
"Marked Done" offers Undo, which brings the reminder back; Open shows the Homework page.

Then, with Reframe not running, its buttons are pressed as GNOME Shell does: an
ActivateAction call on the application's D-Bus name, which starts Reframe through its
D-Bus service file (data/<app id>.service): Open shows the Homework page, Done ticks the
task off without a window.

The reminder comes a few seconds after the start, not at the set time: the test hook
REFRAME_TEST_REMINDER_SECONDS (see reframe_reminders_new()) is set for the background
start only."""
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pyatspi  # noqa: E402
from gi.repository import Gio, GLib  # noqa: E402
from journey import App, JourneyFailure, children, has_state, log, role_of, run  # noqa: E402

TASK = "Walk for ten minutes"
TESTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Notifications:
    """tests/fake-notifications.py on the journey's D-Bus: what a desktop shows."""

    def __init__(self, journey):
        self.journey = journey
        self.process = subprocess.Popen([sys.executable, os.path.join(TESTS, "fake-notifications.py")],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        if self.process.stdout.readline().strip() != "ready":
            raise JourneyFailure("the stand-in notification server did not start")

    def ask(self, command):
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        return self.process.stdout.readline().rstrip("\n")

    def showing(self):
        return json.loads(self.ask("list"))

    def wait(self, summary, what):
        def look():
            return next((n for n in self.showing() if n["summary"] == summary), None)

        return self.journey.wait_for(look, what)

    def button(self, notification, label):
        for key, text in notification["actions"]:
            if text == label:
                return key
        raise JourneyFailure("no %r button on %r: %r" % (label, notification["summary"],
                                                          notification["actions"]))

    def press(self, notification, label):
        log("pressing %r on %r" % (label, notification["summary"]))
        if self.ask("invoke %d %s" % (notification["id"], self.button(notification, label))) != "ok":
            raise JourneyFailure("the notification server did not press %r" % label)

    def stop(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


class AutostartedApp(App):
    """Reframe started from its autostart entry's command line, as a session does at login."""

    def __init__(self, journey, argv, env):
        self.journey = journey
        self.stderr_path = os.path.join(journey.tmp, "reframe-%d.stderr" % len(journey.apps))
        self.stderr = open(self.stderr_path, "wb")
        self.process = subprocess.Popen(argv, env=env, stderr=self.stderr, stdout=subprocess.DEVNULL)
        self.root = None

    def has_window(self):
        desktop = pyatspi.Registry.getDesktop(0)
        for app in children(desktop):
            if app.get_process_id() == self.process.pid:
                return any(role_of(c) == pyatspi.ROLE_FRAME and has_state(c, pyatspi.STATE_VISIBLE)
                           for c in children(app))
        return False


class PidProcess:
    """A process that is not the journey's child (D-Bus started it), looked at by its id."""

    def __init__(self, pid):
        self.pid = pid
        self.returncode = None

    def poll(self):
        try:
            with open("/proc/%d/stat" % self.pid) as f:
                state = f.read().rsplit(")", 1)[1].split()[0]
        except OSError:
            state = "X"
        if state in ("Z", "X"):
            self.returncode = 0
        return self.returncode

    def wait(self, timeout=None):
        deadline = time.monotonic() + (timeout or 3600)
        while self.poll() is None:
            if time.monotonic() > deadline:
                raise subprocess.TimeoutExpired("reframe", timeout)
            time.sleep(0.1)
        return self.returncode

    def send_signal(self, sig):
        os.kill(self.pid, sig)


class ActivatedApp(AutostartedApp):
    """Reframe started by the session bus (D-Bus activation). Its standard error goes to
    the bus's."""

    def __init__(self, journey, pid):
        self.journey = journey
        self.process = PidProcess(pid)
        self.root = None

    def stderr_text(self):
        return ""

    def kill(self):
        if self.process.poll() is None:
            self.process.send_signal(9)


class Session:
    """The desktop's side of D-Bus activation: Reframe's service file in the session bus's
    folder (with this journal), the session's environment, and GNOME Shell's way of
    pressing a notification's button."""

    def __init__(self, j):
        self.j = j
        self.bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
        service = GLib.KeyFile()
        service.load_from_file(os.environ["REFRAME_DBUS_SERVICE"], GLib.KeyFileFlags.NONE)
        self.name = service.get_string("D-BUS Service", "Name")
        ok, argv = GLib.shell_parse_argv(service.get_string("D-BUS Service", "Exec"))
        if argv[1:] != ["--gapplication-service"] or not argv[0].endswith("/reframe"):
            raise JourneyFailure("the D-Bus service starts %r" % argv)
        # The program of the build, not of the installation, on the journey's journal.
        exec_line = " ".join(GLib.shell_quote(a) for a in [j.bin] + argv[1:] + ["--data-dir=" + j.data_dir])
        service.set_string("D-BUS Service", "Exec", exec_line)
        service.save_to_file(os.path.join(os.environ["JOURNEY_DBUS_SERVICES"], self.name + ".service"))
        self.call("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "ReloadConfig",
                  None)
        self.call("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                  "UpdateActivationEnvironment", GLib.Variant("(a{ss})", (j.env(),)))

    def call(self, name, path, interface, method, params):
        return self.bus.call_sync(name, path, interface, method, params, None,
                                  Gio.DBusCallFlags.NONE, 60000, None)

    def activate_action(self, action, target=None):
        """What GNOME Shell does when a notification's button is pressed."""
        log("activating app.%s over D-Bus" % action)
        self.call(self.name, "/" + self.name.replace(".", "/"), "org.freedesktop.Application",
                  "ActivateAction", GLib.Variant("(sava{sv})", (action, [target] if target else [], {})))
        try:
            pid = self.call("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                            "GetConnectionUnixProcessID", GLib.Variant("(s)", (self.name,))).unpack()[0]
        except GLib.Error:
            # Gone already (Quit).
            return self.j.app
        app = self.j.app
        if app is None or app.process.pid != pid:
            app = ActivatedApp(self.j, pid)
            self.j.apps.append(app)
            self.j.app = app
        return app


def add_task(j):
    j.key("alt+3")
    j.wait_text("Homework|homework")
    j.key("ctrl+shift+a")
    editor = j.wait_for(lambda: j.window("New Assignment"), "the assignment editor")
    j.type(TASK)
    j.wait_text("^" + TASK + "$", within=editor)
    j.press(pyatspi.ROLE_PUSH_BUTTON, "Done", within=editor)
    j.wait_for(lambda: j.window("New Assignment") is None, "the editor to close")


def switch(j, prefs, name):
    """A GtkSwitch, which GTK 4.8 shows AT-SPI as a check box."""
    return j.find(pyatspi.ROLE_CHECK_BOX, name, within=prefs)


def turn_reminders_on(j):
    j.key("ctrl+comma")
    prefs = j.wait_for(lambda: j.window("Preferences"), "Preferences")
    reminder = switch(j, prefs, "Homework Reminder")
    login = switch(j, prefs, "Start at Login")
    if has_state(login, pyatspi.STATE_CHECKED):
        raise JourneyFailure("Start at Login should wait, off, for the first reminder")
    j.click(reminder)
    # The first reminder turns Start at Login on.
    j.wait_for(lambda: has_state(login, pyatspi.STATE_CHECKED), "Start at Login to turn on")
    j.check_names(prefs)
    j.check_layout(prefs)
    j.screenshot("preferences")
    j.key("Escape")
    j.wait_for(lambda: j.window("Preferences") is None, "Preferences to close")


def read_autostart(j):
    folder = os.path.join(j.home, "config", "autostart")
    entries = [f for f in os.listdir(folder) if f.endswith(".desktop")] if os.path.isdir(folder) else []
    if len(entries) != 1:
        raise JourneyFailure("expected one autostart entry in %s, found %r" % (folder, entries))
    path = os.path.join(folder, entries[0])
    check = subprocess.run(["desktop-file-validate", path], capture_output=True, text=True)
    if check.returncode != 0 or check.stdout.strip():
        raise JourneyFailure("the autostart entry does not validate:\n%s%s" % (check.stdout, check.stderr))
    keyfile = GLib.KeyFile()
    keyfile.load_from_file(path, GLib.KeyFileFlags.NONE)
    group = GLib.KEY_FILE_DESKTOP_GROUP
    keys, _ = keyfile.get_keys(group)
    if "DBusActivatable" in keys and keyfile.get_boolean(group, "DBusActivatable"):
        raise JourneyFailure("activated over D-Bus at login, Reframe would open its window")
    ok, argv = GLib.shell_parse_argv(keyfile.get_string(group, "Exec"))
    log("autostart: %s" % " ".join(argv))
    if "--gapplication-service" not in argv or "--data-dir=" + j.data_dir not in argv:
        raise JourneyFailure("the autostart command does not start this journal in the background: %r"
                             % argv)
    return argv


def homework(j):
    data = j.cli_json("homework")
    return next(a for a in data["assignments"] if a["title"] == TASK)


def body(j):
    server = Notifications(j)
    try:
        run_with(j, server)
    finally:
        server.stop()


def run_with(j, server):
    j.start()
    add_task(j)
    turn_reminders_on(j)
    argv = read_autostart(j)
    j.quit()
    if read_autostart(j) != argv:
        raise JourneyFailure("the autostart entry changed on Quit")

    # Login: the session runs the entry's command.
    app = AutostartedApp(j, argv, j.env({"REFRAME_TEST_REMINDER_SECONDS": "2"}))
    j.apps.append(app)
    j.app = app
    reminder = server.wait("Today’s Homework", "the reminder")
    if TASK not in reminder["body"]:
        raise JourneyFailure("the reminder does not name the task: %r" % reminder["body"])
    labels = [label for key, label in reminder["actions"] if key != "default"]
    if labels != ["Done", "Later", "Open"]:
        raise JourneyFailure("the reminder's buttons are %r" % labels)
    if app.has_window():
        raise JourneyFailure("started at login, Reframe opened a window")

    # Done, without a window; then Undo, which brings the reminder back.
    server.press(reminder, "Done")
    marked = server.wait("Marked Done", "“Marked Done”")
    if TASK not in marked["body"]:
        raise JourneyFailure("“Marked Done” does not say what: %r" % marked["body"])
    j.wait_for(lambda: homework(j)["progress"]["done_today"], "the task to be done today")
    if app.has_window():
        raise JourneyFailure("Done opened a window")
    if any(n["summary"] == "Today’s Homework" for n in server.showing()):
        raise JourneyFailure("the reminder stayed after Done")
    server.press(marked, "Undo")
    j.wait_for(lambda: not homework(j)["progress"]["done_today"], "the tick to be taken back")
    reminder = server.wait("Today’s Homework", "the reminder to come back after Undo")

    # Open: the Homework page, in the window the background Reframe opens now.
    server.press(reminder, "Open")
    app.find_root()
    window = j.wait_for(lambda: j.window(), "the main window")
    j.wait_for(lambda: j.find_all(name=TASK, within=window), "the Homework page with the task")
    j.wait_text("^Today$|Today", within=window)
    j.check_names()
    j.screenshot("homework-from-reminder")
    j.quit()
    not_running(j)


def not_running(j):
    session = Session(j)
    if homework(j)["progress"]["done_today"]:
        raise JourneyFailure("the task should still be open")

    # Open, with Reframe not running: D-Bus starts it, on the Homework page.
    app = session.activate_action("show-homework")
    app.find_root()
    window = j.wait_for(lambda: j.window(), "the main window, started over D-Bus")
    j.wait_for(lambda: j.find_all(name=TASK, within=window), "the Homework page with the task")
    j.quit()

    # Done, with Reframe not running: ticked off, and no window.
    task = homework(j)
    today = j.cli_json("homework")["today"]
    app = session.activate_action("reminder-done", GLib.Variant("(sas)", (today, [task["uuid"]])))
    j.wait_for(lambda: homework(j)["progress"]["done_today"], "the task to be done, over D-Bus")
    time.sleep(1)
    if app.has_window():
        raise JourneyFailure("Done over D-Bus opened a window")
    # Started for reminders (Start at Login is on), it stays until Quit.
    if app.process.poll() is not None:
        raise JourneyFailure("Reframe, started for Done, did not stay in the background")
    session.activate_action("quit")
    app.wait_exit()


run("reminders", body)
