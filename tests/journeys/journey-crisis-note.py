# SPDX-License-Identifier: GPL-3.0-or-later
"""Crisis language written in a journal note: as the note is saved the crisis lines
show, once; after they close, a calm line with Get Help Now stays in the editor; and
every word of the note is kept."""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pyatspi  # noqa: E402
from journey import JourneyFailure, run  # noqa: E402

FIRST = "long day again and honestly i dont want to wake up tomorrow"
THEN = " but i said i would write it down first"
NOTE = FIRST + THEN


def body(j):
    j.start()
    j.key("ctrl+n")
    editor = j.wait_for(lambda: j.window("New Entry"), "the editor")
    j.key("2")
    j.type(FIRST)
    # A pause long enough for the note to be saved, then more words: none may go astray
    # into the crisis lines, which wait until the typing stops.
    time.sleep(1.0)
    j.type(THEN)
    # Saved as typed: the crisis lines show without a model and without the network.
    sheet = j.wait_for(lambda: j.window("Get Help Now"), "the crisis lines after the note")
    j.wait_text("Crisis Lines", within=sheet)
    j.key("Escape")
    j.wait_for(lambda: j.window("Get Help Now") is None, "the crisis lines to close")

    j.wait_text("You don’t have to go through it alone", within=editor)
    j.find(pyatspi.ROLE_PUSH_BUTTON, "Get Help Now", within=editor)
    j.check_names(editor)
    j.key("ctrl+Return")
    j.wait_for(lambda: j.window("New Entry") is None, "the editor to close")
    entries = j.cli_json("list")
    if len(entries) != 1 or entries[0]["note"] != NOTE:
        raise JourneyFailure("the note was not kept whole: %r" % entries)
    if j.window("Get Help Now") is not None:
        raise JourneyFailure("the crisis lines showed a second time")
    j.quit()


run("crisis-note", body)
