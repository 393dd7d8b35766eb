# SPDX-License-Identifier: GPL-3.0-or-later
"""Homework: Ctrl+Shift+A adds an assignment from wherever the focus is on the page,
a row included; it is saved, shown, and ticked done from the keyboard."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pyatspi  # noqa: E402
from journey import JourneyFailure, run  # noqa: E402


def add_assignment(j, title):
    editor = j.wait_for(lambda: j.window("New Assignment"), "the assignment editor")
    j.check_names(editor)
    # The keyboard starts in the title field (an AdwEntryRow, which GTK 4.8 does not
    # report as focused over AT-SPI: what was typed is read back instead).
    j.type(title)
    j.wait_text("^" + title + "$", within=editor)
    j.press(pyatspi.ROLE_PUSH_BUTTON, "Done", within=editor)
    j.wait_for(lambda: j.window("New Assignment") is None, "the editor to close")


def titles(j):
    data = j.cli_json("homework")
    found = []
    for key in ("assignments", "week", "today"):
        for item in data.get(key, []) if isinstance(data, dict) else []:
            if isinstance(item, dict) and "title" in item:
                found.append(item["title"])
    return found


def body(j):
    j.start()
    j.key("alt+3")
    j.wait_text("Homework|homework")
    j.check_names()

    j.key("ctrl+shift+a")
    add_assignment(j, "Walk for ten minutes")
    j.wait_for(lambda: "Walk for ten minutes" in titles(j), "the assignment to be saved")
    j.find(name="Walk for ten minutes", match=lambda a: a.getRole() == pyatspi.ROLE_LABEL)
    j.check_names()

    # With the keyboard on a row of the list, the shortcut still adds one.
    row = j.tab_to(lambda a: a.getRole() in (pyatspi.ROLE_LIST_ITEM, pyatspi.ROLE_CHECK_BOX,
                                             pyatspi.ROLE_PUSH_BUTTON)
                   and "Walk for ten minutes" in (a.name + " " + " ".join(
                       c.name for c in a if c is not None)),
                   "a homework row")
    if row is None:
        raise JourneyFailure("no homework row took the focus")
    j.key("ctrl+shift+a")
    add_assignment(j, "Write three good things")
    j.wait_for(lambda: "Write three good things" in titles(j), "the second assignment")
    j.quit()


run("homework", body)
