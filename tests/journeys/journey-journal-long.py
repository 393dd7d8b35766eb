# SPDX-License-Identifier: GPL-3.0-or-later
"""A long journal by the keyboard. The list shows a few screenfuls around the reader,
moved as they go (reframe-list-window.c). Page Down still goes through it all;
End reaches the oldest of 80 entries, Page Up from there the newest again, and Home
the newest; the keyboard stays on a row that is on screen throughout."""
import datetime
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pyatspi  # noqa: E402
from journey import JourneyFailure, on_screen, run  # noqa: E402

ENTRIES = 80


def note(i):
    return "Day %03d of the long journal" % i


def is_row(a):
    return a.getRole() == pyatspi.ROLE_LIST_ITEM and "long journal" in a.name


def focused_day(j):
    acc = j.focused()
    if acc is None or not is_row(acc) or not on_screen(acc):
        return None
    return int(acc.name.split("Day ")[1][:3])


def page_until(j, key, reached):
    """Presses @key up to 60 times, until @reached(day, focused) holds; the days the
    keyboard was on, and whether it got there."""
    seen = set()
    for _ in range(60):
        j.key(key)
        day = focused_day(j)
        if day is not None:
            seen.add(day)
        if reached(day, j.focused()):
            return seen, True
    return seen, False


def body(j):
    first = datetime.date(2026, 8, 1)
    for i in range(ENTRIES):
        day = first + datetime.timedelta(days=i)
        j.cli("log", "--mood", str(1 + i % 5), "--note", note(i), "--at", day.isoformat() + "T09:00:00Z")
    j.start()
    j.tab_to(is_row, "a row of the journal")
    j.wait_for(lambda: focused_day(j) == ENTRIES - 1, "the newest entry to have the keyboard")

    # Page Down goes on past the first screenful; the rows keep coming.
    for _ in range(12):
        j.key("Page_Down")
    day = j.wait_for(lambda: focused_day(j), "a row on screen after paging down")
    if day > ENTRIES - 20:
        raise JourneyFailure("twelve pages down only reached %s" % note(day))

    # End: the oldest entry of all, not the end of what was shown so far.
    j.key("End")
    j.wait_for(lambda: focused_day(j) == 0, "the oldest entry after End")

    # Page Up from there: the rows End skipped come back above, up to the newest day's
    # heading at the top.
    newest = (datetime.date(2026, 8, 1) + datetime.timedelta(days=ENTRIES - 1)).strftime("%A %-d %B")
    seen, reached = page_until(j, "Page_Up",
                               lambda day, focus: focus is not None and focus.name.startswith(newest + ","))
    if not reached:
        raise JourneyFailure("paging up from the oldest never reached the newest day (saw %s)"
                             % sorted(seen))
    if len(seen) < 8:
        raise JourneyFailure("paging up skipped most entries (saw %s)" % sorted(seen))
    j.key("End")
    j.wait_for(lambda: focused_day(j) == 0, "the oldest entry after End again")

    # Home: back to the top, the newest day's heading, with the keyboard on it; Down
    # goes on to the newest entry.
    j.key("Home")
    j.wait_focus(lambda a: a.getRole() == pyatspi.ROLE_LIST_ITEM and on_screen(a) and not is_row(a)
                 and "1 entry" in a.name, "the newest day's heading after Home")
    j.key("Down")
    j.wait_for(lambda: focused_day(j) == ENTRIES - 1, "the newest entry after Home and Down")

    # And down again by pages to the oldest: every row is reached.
    seen, reached = page_until(j, "Page_Down", lambda day, focus: day == 0)
    if not reached:
        raise JourneyFailure("paging down never reached the oldest entry (saw %s)" % sorted(seen))
    j.quit()


run("journal-long", body)
