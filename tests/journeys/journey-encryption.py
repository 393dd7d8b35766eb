# SPDX-License-Identifier: GPL-3.0-or-later
"""Encryption and the app lock: Preferences → Privacy turns encryption on with a
passphrase typed twice; the recovery key is shown once and the journal opens again with
the entry; the file on disk no longer holds the note. Ctrl+L locks: nothing of the
journal is left in the window; a wrong passphrase says so, the right one opens it. Locked
again, the recovery key opens it, after a key with a typing mistake is told apart. When
the desktop's screen locks (a stand-in session manager and screen saver), Reframe locks
too, and quits cleanly from there."""
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pyatspi  # noqa: E402
from gi.repository import Gio, GLib  # noqa: E402
from journey import JourneyFailure, name_of, role_of, run, text_of, walk  # noqa: E402

NOTE = "Told Sam about the letter from Gran"
PASSPHRASE = "blue kettle on the hill"


class FakeSession:
    """fake-session.py on the journey's D-Bus: GNOME's session manager and screen saver."""

    def __init__(self):
        here = os.path.dirname(os.path.abspath(__file__))
        self.process = subprocess.Popen([sys.executable, os.path.join(here, "fake-session.py")],
                                        stdout=subprocess.PIPE, text=True)
        if self.process.stdout.readline().strip() != "ready":
            raise JourneyFailure("the stand-in session manager did not start")

    def lock_screen(self):
        bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
        bus.call_sync("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver",
                      "SetActive", GLib.Variant("(b)", (True,)), None, Gio.DBusCallFlags.NONE,
                      5000, None)

    def stop(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def open_privacy(j):
    j.key("ctrl+comma")
    prefs = j.wait_for(lambda: j.window("Preferences"), "Preferences")
    j.press(pyatspi.ROLE_PAGE_TAB, "Privacy", within=prefs)
    j.wait_text("^Encryption$", within=prefs)
    j.check_names(prefs)
    return prefs


def encrypt(j):
    prefs = open_privacy(j)
    j.press(pyatspi.ROLE_CHECK_BOX, "Encrypt the Journal", within=prefs)
    dialog = j.wait_for(lambda: j.window("Encrypt Your Journal"), "the passphrase dialog")
    j.wait_text("nobody can open your journal", within=dialog)
    j.check_names(dialog)
    # The keyboard starts in the passphrase; Enter moves on to the second one.
    j.type(PASSPHRASE)
    j.key("Return")
    j.type(PASSPHRASE[:-1] + "X")
    j.wait_text("not the same yet", within=dialog)
    j.key("BackSpace")
    j.type(PASSPHRASE[-1])
    j.wait_text("The passphrases match", within=dialog)
    j.key("Return")


def read_recovery_key(j):
    dialog = j.wait_for(lambda: j.window("Your Recovery Key"), "the recovery key", timeout=60)
    j.check_names(dialog)
    label = j.find(pyatspi.ROLE_LABEL, within=dialog,
                   match=lambda a: a.description == "Your recovery key")
    key = text_of(label).strip()
    if len(key) < 16:
        raise JourneyFailure("the recovery key shown is %r" % key)
    # Done waits until the person says the key is saved.
    done = j.find(pyatspi.ROLE_PUSH_BUTTON, "Done", within=dialog)
    if done.getState().contains(pyatspi.STATE_SENSITIVE):
        raise JourneyFailure("Done should wait for the key to be saved")
    j.press(pyatspi.ROLE_CHECK_BOX, "I have saved my recovery key", within=dialog)
    j.press(pyatspi.ROLE_PUSH_BUTTON, "Done", within=dialog)
    j.wait_for(lambda: j.window("Your Recovery Key") is None, "the recovery key to close")
    return key


def check_encrypted_on_disk(j):
    """`reframe status` says so (when the command is there), and no journal file holds
    the note."""
    result = subprocess.run([j.bin, "status", "--json", "--data-dir", j.data_dir], env=j.env(),
                            capture_output=True, timeout=60)
    if result.returncode == 0:
        status = json.loads(result.stdout)
        if status.get("encrypted") is not True:
            raise JourneyFailure("reframe status does not say encrypted: %r" % status)
    for name in os.listdir(j.data_dir):
        path = os.path.join(j.data_dir, name)
        if name.startswith("reframe.db") and os.path.isfile(path):
            with open(path, "rb") as f:
                if NOTE.encode() in f.read():
                    raise JourneyFailure("%s still holds the note in plain text" % name)


def journal_text_anywhere(j):
    """Every name and text in every window of the program that holds the note."""
    found = []
    for acc in walk(j.app.root):
        for value in (name_of(acc), text_of(acc) if role_of(acc) in (
                pyatspi.ROLE_LABEL, pyatspi.ROLE_TEXT, pyatspi.ROLE_ENTRY) else ""):
            if value and NOTE in value:
                found.append(value)
    return found


def lock(j):
    j.key("ctrl+l")
    j.wait_text("^Reframe Is Locked$", timeout=30)
    if journal_text_anywhere(j):
        raise JourneyFailure("the locked window still shows the journal: %r"
                             % journal_text_anywhere(j))
    j.check_names()


def body(j):
    session = FakeSession()
    j.servers.append(session)
    j.cli("log", "--mood", "4", "--note", NOTE, "--at", "2026-11-30T20:00:00Z")
    j.start()
    j.wait_text(re.escape(NOTE))

    encrypt(j)
    key = read_recovery_key(j)
    j.wait_text("Your journal is encrypted", timeout=30)
    j.wait_text(re.escape(NOTE))
    check_encrypted_on_disk(j)

    # Ctrl+L: the journal closes; typing goes straight into the passphrase. A wrong one
    # says so, and keeps the keyboard.
    lock(j)
    j.type("not my passphrase")
    j.key("Return")
    j.wait_text("did not open your journal", timeout=30)
    if journal_text_anywhere(j):
        raise JourneyFailure("a wrong passphrase showed the journal")
    # The wrong words are selected: typing replaces them.
    j.type(PASSPHRASE)
    j.key("Return")
    j.wait_text(re.escape(NOTE), timeout=30)
    j.check_names()

    # Locked again: the recovery key, after one with a typing mistake.
    lock(j)
    j.tab_to(lambda a: a.name == "Use Recovery Key…", "Use Recovery Key…")
    j.key("Return")
    dialog = j.wait_for(lambda: j.window("Use Recovery Key"), "the recovery key dialog")
    j.check_names(dialog)
    # Escape closes it, and the keyboard is back where it was.
    j.key("Escape")
    j.wait_for(lambda: j.window("Use Recovery Key") is None, "the dialog to close")
    j.wait_focus(lambda a: a.name == "Use Recovery Key…", "Use Recovery Key…, after Escape")
    j.key("Return")
    dialog = j.wait_for(lambda: j.window("Use Recovery Key"), "the recovery key dialog")
    j.type(key[: len(key) // 2])
    j.key("Return")
    j.wait_text("not a whole recovery key", within=dialog, timeout=30)
    j.key("ctrl+a")
    j.type(key)
    j.key("Return")
    j.wait_text("Opened with your recovery key", timeout=30)
    j.wait_text(re.escape(NOTE))
    j.check_names()

    # The screen locks: so does Reframe. Quitting from there, the keyboard in the
    # passphrase, ends cleanly.
    session.lock_screen()
    j.wait_text("^Reframe Is Locked$", timeout=30)
    if journal_text_anywhere(j):
        raise JourneyFailure("the window locked with the screen still shows the journal")
    j.quit()


run("encryption", body)
