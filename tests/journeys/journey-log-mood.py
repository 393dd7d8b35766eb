# SPDX-License-Identifier: GPL-3.0-or-later
"""First start on an empty journal, and logging a mood with the keyboard alone."""
import datetime
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pyatspi  # noqa: E402
from journey import JourneyFailure, run  # noqa: E402


def body(j):
    j.start()
    # The empty journal invites the first entry and says where words stay.
    j.find(pyatspi.ROLE_PUSH_BUTTON, "Log Your Mood")
    j.wait_text("stays on this computer")
    j.check_names()

    # Ctrl+N, a mood key, then typing goes straight into the note.
    j.key("ctrl+n")
    editor = j.wait_for(lambda: j.window("New Entry"), "the editor")
    j.check_names(editor)
    j.key("4")
    j.type("Walked by the river with Sam")
    j.key("ctrl+Return")
    j.wait_for(lambda: j.window("New Entry") is None, "the editor to close")

    entries = j.wait_for(lambda: j.cli_json("list") or None, "the entry in the journal")
    if len(entries) != 1:
        raise JourneyFailure("expected one entry, found %d" % len(entries))
    entry = entries[0]
    if entry["mood"] != 4 or entry["note"] != "Walked by the river with Sam":
        raise JourneyFailure("saved %r" % entry)

    # The list shows it, and the keyboard is on it.
    j.wait_focus(lambda a: "Walked by the river" in a.name, "the new entry's row")
    j.check_names()

    # Last night's mood, logged the morning after: Yesterday Evening in the time popover.
    j.key("ctrl+n")
    editor = j.wait_for(lambda: j.window("New Entry"), "the editor")
    j.key("3")
    j.tab_to(lambda a: a.name == "Change Day and Time", "the time button")
    j.key("space")
    j.tab_to(lambda a: a.name == "Yesterday Evening", "Yesterday Evening")
    j.key("space")
    j.key("Escape")
    j.key("ctrl+Return")
    j.wait_for(lambda: j.window("New Entry") is None, "the editor to close")
    yesterday = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
    evening = j.wait_for(lambda: [e for e in j.cli_json("list") if e["mood"] == 3],
                         "the evening entry")[0]
    if evening["day"] != yesterday or not evening["time"].endswith("T20:00:00Z"):
        raise JourneyFailure("expected yesterday 20:00, saved %r" % evening)
    j.quit()


run("log-mood", body)
