# SPDX-License-Identifier: GPL-3.0-or-later
"""The Worksheets page, and two worksheets with the keyboard only.

Every exercise on the page can be reached: the mouse wheel brings the last ones
(the questionnaires) into view and a click starts them, in a wide window and a narrow
one. Then the thinking traps check and three good things are each started from their
card, typed through step by step (every text field, a row of each table), closed with
Esc, Ctrl+W or the close button, and opened again from the list with every word still
there and in `reframe worksheets --json`. The other worksheets have journeys of their
own (journey-worksheets-*.py), each with all three ways of closing."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pyatspi  # noqa: E402
from journey import JourneyFailure, extents, role_of, run  # noqa: E402
from worksheet_forms import Worksheet, type_through  # noqa: E402

EXERCISES = ("Thought record", "Thinking traps check", "Activity and mood diary",
             "Exposure ladder", "Worry log and worry time", "Problem solving",
             "Three good things", "PHQ-9", "GAD-7")


def scroller_of(acc):
    node = acc
    while node is not None and role_of(node) != pyatspi.ROLE_SCROLL_PANE:
        node = node.parent
    if node is None:
        raise JourneyFailure("the exercises are not in a scrolled area")
    return node


def inside(acc, area):
    x, y, w, h = extents(acc)
    ax, ay, aw, ah = extents(area)
    return w > 0 and h > 0 and x >= ax and y >= ay and x + w <= ax + aw and y + h <= ay + ah


def start_with_the_mouse(j, title):
    """Turns the wheel over the exercises until @title is in view, then clicks it."""
    card = j.find(pyatspi.ROLE_PUSH_BUTTON, title)
    area = scroller_of(card)
    for _ in range(30):
        if inside(card, area) and inside(card, j.window()):
            break
        j.wheel(area, 3)
    else:
        raise JourneyFailure("the mouse wheel never brought %r into view: it is at %r, the "
                             "exercises show %r" % (title, extents(card), extents(area)))
    j.click(card)
    j.wait_for(lambda: j.window(title), "%r to open from its card" % title)
    j.key("ctrl+w")
    j.wait_for(lambda: j.window(title) is None, "%r to close with Ctrl+W" % title)


def check_gallery(j):
    j.key("alt+2")
    for title in EXERCISES:
        j.find(pyatspi.ROLE_PUSH_BUTTON, title)
    j.check_names()
    start_with_the_mouse(j, "GAD-7")
    # As narrow as a phone: one column, still every exercise within reach.
    j.resize(j.window(), 360, 700)
    j.wait_for(lambda: extents(j.window())[2] <= 400, "a narrow main window")
    j.wheel(scroller_of(j.find(pyatspi.ROLE_PUSH_BUTTON, "GAD-7")), -30)
    start_with_the_mouse(j, "PHQ-9")
    j.resize(j.window(), 950, 700)
    j.wait_for(lambda: extents(j.window())[2] > 900, "the main window wide again")


def body(j):
    j.start()
    check_gallery(j)
    # The questionnaires opened above left drafts; this journey reads only its own.
    sheets = [
        (Worksheet(j, "distortion-check", "lantern", screenshot="worksheet"), "Escape", "ctrl+w"),
        (Worksheet(j, "three-good-things", "meadow"), "click", "Escape"),
    ]
    type_through(j, sheets)
    j.quit()


run("worksheets", body)
