# SPDX-License-Identifier: GPL-3.0-or-later
"""Backups: Preferences → Backups lists them with what each holds; Back Up Now makes a
checked one; Restore… says what the backup holds and that the journal is backed up
first, and after it the window shows the restored journal, with the words written since
the backup kept in the backup made before the restore."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pyatspi  # noqa: E402
from journey import JourneyFailure, run  # noqa: E402

LATER = "Written after the backup"


def backups(j):
    return j.cli_json("backups")


def open_backups(j):
    j.key("ctrl+comma")
    prefs = j.wait_for(lambda: j.window("Preferences"), "Preferences")
    j.press(pyatspi.ROLE_PAGE_TAB, "Backups", within=prefs)
    j.wait_text("Your Backups", within=prefs)
    return prefs


def body(j):
    j.cli("log", "--mood", "4", "--note", "Before the backup", "--at", "2026-11-30T20:00:00Z")
    j.start()
    prefs = open_backups(j)
    j.check_names(prefs)

    j.press(pyatspi.ROLE_PUSH_BUTTON, "Back Up Now", within=prefs)
    j.wait_text("Backed up and checked", within=prefs, timeout=30)
    manual = j.wait_for(lambda: [b for b in backups(j) if b["reason"] == "manual"], "the manual backup")[0]
    if manual["entries"] != 1:
        raise JourneyFailure("the backup should hold the one entry: %r" % manual)
    j.wait_text(r"^1 entry · .* · made by you$", within=prefs)
    j.check_names(prefs)

    # Words written after it, then the backup restored.
    j.cli("log", "--mood", "2", "--note", LATER, "--at", "2026-12-01T20:00:00Z")
    restore = j.find(pyatspi.ROLE_PUSH_BUTTON, within=prefs,
                     match=lambda a: a.name.startswith("Restore the Backup of"))
    j.click(restore)
    j.wait_text(r"^Restore the Backup of .*\?$")
    j.wait_text("It holds 1 entry")
    j.key("Tab")
    j.wait_focus(lambda a: a.name == "Restore", "the Restore answer")
    j.key("Return")
    j.wait_text("Your journal was restored from the backup", timeout=30)
    notes = [e["note"] for e in j.cli_json("list")]
    if LATER in notes or "Before the backup" not in notes:
        raise JourneyFailure("the journal was not restored: %r" % notes)
    before_restore = [b for b in backups(j) if b["reason"] == "before-restore"]
    if not before_restore or before_restore[0]["entries"] != 2:
        raise JourneyFailure("the journal was not backed up before the restore: %r" % backups(j))
    j.wait_text("Before the backup")
    j.check_names()
    j.quit()


run("backups", body)
