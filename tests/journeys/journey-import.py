# SPDX-License-Identifier: GPL-3.0-or-later
"""Bringing a journal over from Daylio, and taking everything away: Import a Journal… from
the main menu, a Daylio export chosen in the file chooser, the preview (what it holds,
how its moods carry over, the lines that cannot be read, with their numbers), Ctrl+Return
to import, the same file again adding nothing; then Export Everything… writes one archive
with every entry."""
import json
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pyatspi  # noqa: E402
from journey import JourneyFailure, run  # noqa: E402

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "imports")
IMPORT = "Import a Journal"


def from_menu(j, item):
    j.key("F10")
    j.wait_focus(lambda a: a.name == "Get Help Now", "the first item of the main menu")
    for _ in range(12):
        focused = j.focused()
        if focused is not None and focused.name == item:
            break
        j.key("Down")
    j.wait_focus(lambda a: a.name == item, "%s in the main menu" % item)
    j.key("Return")


def choose_file(j, title, path):
    """GTK's own file chooser: typing a path opens its location field."""
    j.wait_for(lambda: j.window(title), "the file chooser %r" % title)
    j.type(path)
    j.key("Return")


def import_file(j, path):
    from_menu(j, "Import a Journal…")
    win = j.wait_for(lambda: j.window(IMPORT), "the import window")
    j.wait_text("Bring In Your Journal", within=win)
    j.check_names(win)
    # The keyboard starts on Choose a File…; Enter opens the chooser.
    j.wait_focus(lambda a: a.name == "Choose a File…", "Choose a File… to have the keyboard")
    j.key("Return")
    choose_file(j, "Choose the Export", path)
    j.wait_text(r"^From Daylio", within=win)
    # The keyboard is on Import, where the next step is.
    j.wait_focus(lambda a: a.name == "Import", "Import to have the keyboard")
    return win


def body(j):
    j.cli("log", "--mood", "3", "--note", "Already here", "--at", "2026-11-30T20:00:00Z")
    daylio = os.path.join(j.tmp, "daylio_export.csv")
    shutil.copy(os.path.join(FIXTURES, "daylio-bad-lines.csv"), daylio)
    j.start()

    win = import_file(j, daylio)
    # What it holds, how the moods carry over, and what cannot be read, by line.
    j.wait_text(r"^\d+ mood entr", within=win)
    j.wait_text("How the Moods Carry Over", within=win)
    j.wait_text(r"^Line \d+$", within=win)
    j.check_names(win)
    before = len(j.cli_json("list"))
    j.key("ctrl+Return")
    j.wait_text("^Imported$", within=win, timeout=30)
    added = len(j.cli_json("list")) - before
    if added < 1:
        raise JourneyFailure("nothing was imported")
    j.key("Escape")
    j.wait_for(lambda: j.window(IMPORT) is None, "Escape to close the import window")

    # The same export again: nothing is added twice.
    win = import_file(j, daylio)
    j.key("ctrl+Return")
    j.wait_text("already in your journal", within=win, timeout=30)
    if len(j.cli_json("list")) != before + added:
        raise JourneyFailure("importing the same file twice duplicated entries")
    j.key("Escape")
    j.wait_for(lambda: j.window(IMPORT) is None, "the import window to close")

    # Everything, in one archive.
    target = os.path.join(j.tmp, "everything.reframe")
    from_menu(j, "Export Everything…")
    j.wait_for(lambda: j.window("Export Everything"), "the file chooser")
    j.key("ctrl+a")
    j.type(target)
    j.key("Return")
    j.wait_text("Everything was saved in the archive", timeout=30)
    with open(target, encoding="utf-8") as f:
        archive = json.load(f)
    if archive.get("format") != "reframe-archive":
        raise JourneyFailure("the archive is not one: %r" % list(archive)[:5])
    if "Already here" not in json.dumps(archive):
        raise JourneyFailure("the archive lacks an entry")
    if oct(os.stat(target).st_mode & 0o777) != oct(0o600):
        raise JourneyFailure("the archive can be read by others: %o" % os.stat(target).st_mode)
    j.quit()


run("import", body)
