# SPDX-License-Identifier: GPL-3.0-or-later
"""Problem solving and the exposure ladder with the keyboard only: started from their
cards, every text field and a row of each table typed step by step, Next and Back with
the button and both shortcuts, closed with Ctrl+W, Esc and the close button, and opened
again from the list with every word there and in `reframe worksheets --json`."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from journey import run  # noqa: E402
from worksheet_forms import Worksheet, type_through  # noqa: E402


def body(j):
    j.start()
    sheets = [
        (Worksheet(j, "problem-solving", "kettle"), "ctrl+w", "Escape"),
        (Worksheet(j, "exposure-ladder", "ladder"), "click", "ctrl+w"),
    ]
    type_through(j, sheets, back_at=2)
    j.quit()


run("worksheets-plans", body)
