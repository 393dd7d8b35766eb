# SPDX-License-Identifier: GPL-3.0-or-later
"""A misspelling in the journal note, corrected from the context menu by the keyboard alone."""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pyatspi  # noqa: E402
from journey import JourneyFailure, run  # noqa: E402


def body(j):
    j.start()
    j.key("ctrl+n")
    editor = j.wait_for(lambda: j.window("New Entry"), "the editor")
    j.key("4")
    j.type("I feel hopefull today")
    j.wait_focus(lambda a: a.getRole() == pyatspi.ROLE_TEXT and "hopefull" in
                 a.queryText().getText(0, -1), "the note with the words typed")

    # Back to the misspelled word (two words left), and the context menu from the keyboard.
    j.key("ctrl+Left", "ctrl+Left")
    time.sleep(0.3)
    j.key("Menu")
    item = j.find(pyatspi.ROLE_MENU_ITEM, "hopeful")
    j.find(pyatspi.ROLE_MENU_ITEM, "Add to Dictionary")
    j.check_names(editor)

    # Down through the menu to the correction, and Return.
    for _ in range(20):
        focused = j.focused()
        if focused is not None and focused.name == "hopeful":
            break
        j.key("Down")
    j.wait_focus(lambda a: a.name == "hopeful", "the correction in the context menu")
    j.key("Return")
    j.absent(pyatspi.ROLE_MENU_ITEM, "hopeful")
    del item

    # The note says it, and what is saved too.
    j.wait_for(lambda: j.find_all(pyatspi.ROLE_TEXT, within=editor, match=lambda a: a.queryText().getText(0, -1) == "I feel hopeful today"),
               "the corrected note")
    j.key("ctrl+Return")
    j.wait_for(lambda: j.window("New Entry") is None, "the editor to close")
    entries = j.wait_for(lambda: j.cli_json("list") or None, "the entry in the journal")
    if len(entries) != 1 or entries[0]["note"] != "I feel hopeful today":
        raise JourneyFailure("saved %r" % entries)
    j.quit()


run("spelling", body)
