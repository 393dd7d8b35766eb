# SPDX-License-Identifier: GPL-3.0-or-later
"""My safety plan: opened from the main menu, first as an invitation to write one;
written step by step with the keyboard and saved as typed; the plan's window follows
what was written, with the person's numbers and their country's lines. Get Help Now,
from every page, then shows the emergency number at the top and the person's own plan
before the crisis lines, and opens the plan again."""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pyatspi  # noqa: E402
from journey import JourneyFailure, run  # noqa: E402

PLAN = "My Safety Plan"       # the plan's own window
EDITOR = "My safety plan"     # the worksheet editor, titled after the template
SIGNS = "when I stop answering my phone"
PAGES = [("alt+1", "Journal"), ("alt+2", "Worksheets"), ("alt+3", "Homework"),
         ("alt+4", "Insights")]


def open_from_menu(j):
    j.key("F10")
    j.wait_focus(lambda a: a.name == "Get Help Now", "the first item of the main menu")
    j.key("Down")
    j.wait_focus(lambda a: a.name == "My Safety Plan", "My Safety Plan in the main menu")
    j.key("Return")
    return j.wait_for(lambda: j.window(PLAN), "the safety plan's window")


def close(j, title, keys):
    j.key(keys)
    j.wait_for(lambda: j.window(title) is None, "%s to close %s" % (keys, title))


def sheet_shows_plan_first(j, how):
    sheet = j.wait_for(lambda: j.window("Get Help Now"), "the crisis lines after " + how)
    j.wait_text(SIGNS, within=sheet)
    texts = j.texts(sheet)
    danger = texts.index("In immediate danger, call")
    plan_at = next(i for i, t in enumerate(texts) if SIGNS in t)
    if not danger < plan_at < texts.index("Crisis Lines"):
        raise JourneyFailure("after %s: the emergency number, then the plan, then the lines, "
                             "not %r" % (how, texts))
    if not texts[danger + 1].strip().isdigit():
        raise JourneyFailure("the emergency number should follow its caption: %r"
                             % texts[danger:danger + 2])
    return sheet


def body(j):
    j.start()
    # Without a plan, Get Help Now shows the crisis lines and no empty plan.
    j.key("ctrl+shift+h")
    sheet = j.wait_for(lambda: j.window("Get Help Now"), "the crisis lines")
    j.wait_text("In immediate danger, call", within=sheet)
    if j.find_all(name="My Safety Plan", within=sheet, match=lambda a: a.getRole() == pyatspi.ROLE_LABEL):
        raise JourneyFailure("an empty safety plan was shown")
    close(j, "Get Help Now", "Escape")

    # The plan's window invites the person to write one; the editor opens from it.
    plan = open_from_menu(j)
    j.wait_text("No Safety Plan Yet", within=plan)
    j.check_names(plan)
    j.press(pyatspi.ROLE_PUSH_BUTTON, "Write My Safety Plan", within=plan)
    editor = j.wait_for(lambda: j.window(EDITOR), "the plan's editor")
    j.check_names(editor)
    j.wait_text("My warning signs", within=editor)
    j.type(SIGNS)
    j.wait_text(SIGNS, within=editor)
    close(j, EDITOR, "ctrl+w")

    saved = j.wait_for(lambda: [w for w in j.cli_json("worksheets")
                                if w.get("template_id") == "safety-plan"], "the plan to be saved")
    if SIGNS not in str(saved[0]):
        raise JourneyFailure("the plan was saved without the warning signs: %r" % saved[0])

    # The window below followed the edit: the words, then the services of step 5.
    plan = j.wait_for(lambda: j.window(PLAN), "the plan's window after editing")
    j.wait_text(SIGNS, within=plan)
    j.wait_text("1. My warning signs", within=plan)
    j.wait_text("5. Professionals and services", within=plan)
    j.check_names(plan)
    j.metainfo_screenshot("safety-plan", plan)
    # Ctrl+S saves it as a one-page PDF through the file chooser.
    out_dir = os.path.join(j.tmp, "Documents")
    os.makedirs(out_dir)
    target = os.path.join(out_dir, "my-plan.pdf")
    j.key("ctrl+s")
    j.wait_for(lambda: j.window("Save Safety Plan"), "the file chooser")
    j.key("ctrl+a")
    j.type(target)
    j.key("Return")
    j.wait_for(lambda: os.path.exists(target) and os.path.getsize(target) > 1000,
               "the plan's PDF to be written", timeout=30)
    j.wait_text("Safety plan saved", within=plan)
    # The toast goes by itself (Escape would take it first, as libadwaita does).
    j.wait_for(lambda: "Safety plan saved" not in j.texts(plan), "the toast to go")
    text = subprocess.run(["pdftotext", target, "-"], capture_output=True, text=True,
                          check=True).stdout
    if SIGNS not in text or "My Safety Plan" not in text:
        raise JourneyFailure("the PDF lacks the plan:\n" + text[:1500])
    pages = subprocess.run(["pdfinfo", target], capture_output=True, text=True,
                           check=True).stdout
    if not re.search(r"^Pages:\s+1$", pages, re.M):
        raise JourneyFailure("the plan's PDF is not one page:\n" + pages)
    # Ctrl+E edits the same plan again; closing it comes back here.
    j.key("ctrl+e")
    editor = j.wait_for(lambda: j.window(EDITOR), "Ctrl+E to edit the plan")
    j.wait_text(SIGNS, within=editor)
    close(j, EDITOR, "Escape")
    close(j, PLAN, "Escape")

    # Get Help Now from every page: the plan first, under the emergency number.
    for keys, page in PAGES:
        j.key(keys)
        j.wait_for(lambda: [t for t in j.find_all(pyatspi.ROLE_PAGE_TAB, page)
                            if t.getState().contains(pyatspi.STATE_SELECTED)],
                   "the %s page" % page)
        j.key("ctrl+shift+h")
        sheet = sheet_shows_plan_first(j, "Ctrl+Shift+H on the %s page" % page)
        close(j, "Get Help Now", "Escape")
    j.key("ctrl+shift+h")
    sheet = sheet_shows_plan_first(j, "Ctrl+Shift+H")
    j.check_names(sheet)

    # Its Open button brings the plan's window, with what was written.
    j.press(pyatspi.ROLE_PUSH_BUTTON, "Open", within=sheet)
    plan = j.wait_for(lambda: j.window(PLAN), "the plan from Get Help Now")
    j.wait_text(SIGNS, within=plan)
    close(j, PLAN, "ctrl+w")
    if len([w for w in j.cli_json("worksheets") if w.get("template_id") == "safety-plan"]) != 1:
        raise JourneyFailure("opening the plan again made a second one")
    j.quit()


run("safety-plan", body)
