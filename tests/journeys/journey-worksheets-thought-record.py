# SPDX-License-Identifier: GPL-3.0-or-later
"""The thought record with the keyboard only: every step typed through (text in every
field, a feeling and how strong it is, the beliefs), Next and Back with the button and
both shortcuts; each step shows what the earlier ones say; the window closes with Esc,
and again with its close button; the draft opens from the list with every word there,
and `reframe worksheets --json` has them all. Adding a feeling does not widen a narrow
window, and the feeling's slider keeps its words inside its card."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pyatspi  # noqa: E402
from journey import JourneyFailure, extents, run  # noqa: E402
from worksheet_forms import Worksheet, is_button  # noqa: E402


def check_feeling_card(j, editor):
    """The slider's end words sit inside the feeling's card, and the window kept its width."""
    remove = j.find(pyatspi.ROLE_PUSH_BUTTON, "Remove this row of “What did you feel?”",
                    within=editor)
    cx, cy, cw, ch = extents(remove.parent)  # the card holds the row and its Remove button
    for words in ("Not at all", "As strong as it gets"):
        label = j.find(pyatspi.ROLE_LABEL, words, within=editor)
        x, y, w, h = extents(label)
        if x < cx or x + w > cx + cw or y < cy or y + h > cy + ch:
            raise JourneyFailure("%r at %r is not inside its card at %r"
                                 % (words, (x, y, w, h), (cx, cy, cw, ch)))


def body(j):
    j.start()
    sheet = Worksheet(j, "thought-record", "harbour")

    # Step by step, as Worksheet.fill does, with a narrow window for the feelings.
    editor = sheet.start()
    sheet.fill_step(0)
    sheet.next(0)
    j.resize(editor, 360, 700)
    width = j.wait_for(lambda: extents(editor)[2] <= 400 and extents(editor)[2], "a narrow editor")
    sheet.fill_step(1)
    if extents(editor)[2] != width:
        raise JourneyFailure("adding a feeling widened the editor from %d to %d px"
                             % (width, extents(editor)[2]))
    check_feeling_card(j, editor)
    sheet.go("alt+Right", forward=False)
    sheet.check_step(0)
    sheet.go("alt+Right")
    sheet.check_step(1)
    for index in range(1, len(sheet.steps) - 1):
        sheet.next(index)
        if index + 1 < len(sheet.steps):
            sheet.fill_step(index + 1)
    # The last step asks again how strong the feeling is now, by its name.
    j.find(pyatspi.ROLE_SLIDER, "How strong is harbourish now", within=editor)
    sheet.close("Escape")

    sheet.check_saved()
    sheet.check_reopened("click")
    j.wait_for(lambda: j.find_all(match=is_button("Thought record")), "the Worksheets page")
    j.quit()


run("worksheets-thought-record", body)
