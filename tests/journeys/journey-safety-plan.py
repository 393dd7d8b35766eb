# SPDX-License-Identifier: GPL-3.0-or-later
"""My safety plan: opened from the main menu, written step by step with the keyboard,
saved as typed; Get Help Now then shows the person's own plan first, above the crisis
lines, and opens it again."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pyatspi  # noqa: E402
from journey import JourneyFailure, run  # noqa: E402

TITLE = "My safety plan"
SIGNS = "when I stop answering my phone"


def open_from_menu(j):
    j.key("F10")
    j.wait_focus(lambda a: a.name == "Get Help Now", "the first item of the main menu")
    j.key("Down")
    j.wait_focus(lambda a: a.name == "My Safety Plan", "My Safety Plan in the main menu")
    j.key("Return")
    return j.wait_for(lambda: j.window(TITLE), "the safety plan's window")


def body(j):
    j.start()
    # Without a plan, Get Help Now shows the crisis lines and no empty plan.
    j.key("ctrl+shift+h")
    sheet = j.wait_for(lambda: j.window("Get Help Now"), "the crisis lines")
    if j.find_all(name="My Safety Plan", within=sheet, match=lambda a: a.getRole() == pyatspi.ROLE_LABEL):
        raise JourneyFailure("an empty safety plan was shown")
    j.key("Escape")
    j.wait_for(lambda: j.window("Get Help Now") is None, "the crisis lines to close")

    editor = open_from_menu(j)
    j.check_names(editor)
    j.wait_text("My warning signs", within=editor)
    j.type(SIGNS)
    j.wait_text(SIGNS, within=editor)
    j.key("ctrl+w")
    j.wait_for(lambda: j.window(TITLE) is None, "the plan to close")

    saved = j.wait_for(lambda: [w for w in j.cli_json("worksheets")
                                if w.get("template_id") == "safety-plan"], "the plan to be saved")
    if SIGNS not in str(saved[0]):
        raise JourneyFailure("the plan was saved without the warning signs: %r" % saved[0])

    # Get Help Now: the plan first, then the crisis lines.
    j.key("ctrl+shift+h")
    sheet = j.wait_for(lambda: j.window("Get Help Now"), "the crisis lines")
    j.wait_text(SIGNS, within=sheet)
    texts = j.texts(sheet)
    plan_at = next(i for i, t in enumerate(texts) if SIGNS in t)
    if plan_at > texts.index("Crisis Lines"):
        raise JourneyFailure("the plan should come before the crisis lines: %r" % texts)
    j.check_names(sheet)

    # Its Open button brings the same plan back, with what was written.
    j.press(pyatspi.ROLE_PUSH_BUTTON, "Open", within=sheet)
    editor = j.wait_for(lambda: j.window(TITLE), "the plan from Get Help Now")
    j.wait_text(SIGNS, within=editor)
    j.key("ctrl+w")
    j.wait_for(lambda: j.window(TITLE) is None, "the plan to close")
    if len([w for w in j.cli_json("worksheets") if w.get("template_id") == "safety-plan"]) != 1:
        raise JourneyFailure("opening the plan again made a second one")
    j.quit()


run("safety-plan", body)
