# SPDX-License-Identifier: GPL-3.0-or-later
"""A homework plan from the therapist: on the Homework page, Import Plan… (Ctrl+O) and the
file chooser; the preview says who it is from, for which weeks, the new homework and the
worksheet that comes with it; Escape closes it and nothing changes; Ctrl+Return adds it all,
shown on the page and by `reframe homework`; the same plan again has nothing to add. Export
Plan… from the page's menu saves the homework as a plan again. Then `reframe FILE` with the
plan sent again opens its preview at start, with what it changes; opened once more while
Reframe runs, the running Reframe shows it."""
import datetime
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pyatspi  # noqa: E402
from journey import App, JourneyFailure, run  # noqa: E402

PREVIEW = "Homework Plan"
CHOOSER = "Import Homework Plan"
WALK = "Walk twenty minutes"
DIARY = "Sleep diary every morning"
TEMPLATE = {
    "format": 1, "id": "sleep-diary-ana", "version": 1, "kind": "worksheet",
    "title": "Ana's sleep diary", "description": "When you slept, and how well.",
    "steps": [{"title": "Last night", "guidance": "Write when you went to bed and woke.",
               "fields": [{"id": "night", "type": "long_text", "label": "The night",
                           "required": True}]}],
}


def write_plan(j, name, walk_note):
    """Four weeks from this week's Monday, so that the homework is this week's."""
    today = datetime.date.today()
    monday = today - datetime.timedelta(days=today.weekday())
    plan = {
        "format": "reframe-plan",
        "version": 1,
        "uuid": "6f1c3b0e-1b2a-4c3d-8e4f-0a1b2c3d4e5f",
        "therapist": "Dr. Ana Meyer",
        "period": {"from": monday.isoformat(),
                   "to": (monday + datetime.timedelta(days=27)).isoformat()},
        "assignments": [
            {"uuid": "1c0a7b63-7f2e-4a8b-8d2f-3e4c5b6d7e8f", "title": WALK,
             "frequency": "daily", "reason": "Moving helps the mood.", "note": walk_note},
            {"uuid": "0b9f6a52-6e1d-4f7a-9c1e-2d3b4a5c6d7e", "title": DIARY,
             "template_id": "sleep-diary-ana", "frequency": "times_per_week",
             "times_per_week": 5},
        ],
        "questionnaires": [
            {"uuid": "2d1b8c74-8a3f-4b9c-9e3a-4f5d6c7e8f90", "template_id": "phq-9",
             "every_weeks": 2},
        ],
        "templates": [{"id": "sleep-diary-ana", "version": 1, "template": TEMPLATE}],
    }
    path = os.path.join(j.tmp, name)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(plan, f, indent=2)
    return path


def homework_titles(j):
    return sorted(a["title"] for a in j.cli_json("homework")["assignments"])


def shot(j, label):
    if os.environ.get("JOURNEY_SCREENSHOTS"):
        j.screenshot(label)


def open_preview(j, path):
    """Import Plan… with the keyboard, the file typed into GTK's own chooser."""
    j.key("ctrl+o")
    j.wait_for(lambda: j.window(CHOOSER), "the file chooser %r" % CHOOSER)
    j.type(path)
    j.key("Return")
    return j.wait_for(lambda: j.window(PREVIEW), "the plan's preview")


def body(j):
    plan = write_plan(j, "week-12.reframe-plan", "Outside if you can.")
    j.start()
    j.key("alt+3")
    j.wait_text("No Homework Yet")
    j.find(pyatspi.ROLE_PUSH_BUTTON, "Import Plan…")
    j.check_names()
    shot(j, "empty")

    # A plan written by hand with a mistake: said where, and nothing added.
    broken = os.path.join(j.tmp, "broken.reframe-plan")
    with open(plan, encoding="utf-8") as f:
        text = f.read().replace('"frequency": "daily"', '"frequency": "hourly"')
    with open(broken, "w", encoding="utf-8") as f:
        f.write(text)
    win = open_preview(j, broken)
    j.wait_text("^This Plan Can’t Be Added$", within=win)
    j.wait_text("^Homework 1 of the plan \\(“" + WALK + "”\\): its “frequency” must be", within=win)
    j.check_names(win)
    shot(j, "broken")
    j.key("Escape")
    j.wait_for(lambda: j.window(PREVIEW) is None, "Escape to close the message")

    # The preview: who, when, what is new, the worksheet that comes along.
    win = open_preview(j, plan)
    j.wait_text("^From Dr. Ana Meyer$", within=win)
    j.wait_text("^New Homework$", within=win)
    j.wait_text("^" + WALK + "$", within=win)
    j.wait_text("^" + DIARY + "$", within=win)
    j.wait_text("^5 days a week · Ana's sleep diary · ", within=win)
    j.wait_text("^PHQ-9$", within=win)
    j.wait_text("^Ana's sleep diary$", within=win)
    j.wait_text("^Added to your worksheets$", within=win)
    j.check_names(win)
    j.wait_focus(lambda a: a.name == "Add to Homework", "Add to Homework to have the keyboard")
    shot(j, "preview")

    # Escape: no change at all.
    j.key("Escape")
    j.wait_for(lambda: j.window(PREVIEW) is None, "Escape to close the preview")
    if homework_titles(j):
        raise JourneyFailure("closing the preview added homework: %r" % homework_titles(j))
    templates = j.cli("templates")
    if "sleep-diary-ana" in templates or "Ana's sleep diary" in templates:
        raise JourneyFailure("closing the preview added the plan's worksheet")

    # Ctrl+Return adds it all, in one step.
    win = open_preview(j, plan)
    j.wait_text("^" + WALK + "$", within=win)
    j.key("ctrl+Return")
    j.wait_for(lambda: j.window(PREVIEW) is None, "the preview to close once the plan is in",
               timeout=30)
    j.wait_text("^Plan added: 4 new$")
    j.wait_text("^" + WALK + "$")
    j.wait_text("^" + DIARY + "$")
    expected = sorted([WALK, DIARY, "PHQ-9", "PHQ-9"])
    found = homework_titles(j)
    # This week's: the walk, the diary and the first fortnight's PHQ-9.
    if sorted(set(found)) != sorted(set(expected)):
        raise JourneyFailure("reframe homework shows %r, not %r" % (found, expected))
    if "Ana's sleep diary" not in j.cli("templates"):
        raise JourneyFailure("the plan's worksheet was not added")
    j.check_names()
    shot(j, "added")

    # On a phone's width the page, its Homework Plans menu included, still fits.
    main = j.app.windows()[0]
    _, _, width, _ = j.resize(main, 360, 640)
    if width > 360:
        raise JourneyFailure("with the plan's homework the window stays %d px wide" % width)
    j.check_layout()
    shot(j, "narrow")
    j.resize(main, 1000, 700)

    # The same plan again: nothing to add, and Escape closes it.
    win = open_preview(j, plan)
    j.wait_text("^Already in Your Homework$", within=win)
    j.key("Escape")
    j.wait_for(lambda: j.window(PREVIEW) is None, "Escape to close the message")

    # Export Plan… from the page's menu: the same homework, as a plan file.
    exported = os.path.join(j.tmp, "exported.reframe-plan")
    # GTK 4.8 gives a menu button's name to the button within it.
    j.click(j.find(name="Homework Plans",
                   match=lambda a: a.getRole() in (pyatspi.ROLE_TOGGLE_BUTTON,
                                                   pyatspi.ROLE_PUSH_BUTTON)))
    j.find(name="Export Plan…", match=lambda a: a.getRole() == pyatspi.ROLE_MENU_ITEM)
    for _ in range(4):
        focused = j.focused()
        if focused is not None and focused.name == "Export Plan…":
            break
        j.key("Down")
    j.wait_focus(lambda a: a.name == "Export Plan…", "Export Plan… in the menu")
    j.key("Return")
    dialog = j.wait_for(lambda: j.window("Export Homework Plan"), "the export dialog")
    j.wait_text("^Questionnaires to Repeat$", within=dialog)
    j.check_names(dialog)
    j.type("Dr. Ana Meyer")
    j.wait_text("^Dr. Ana Meyer$", within=dialog)
    shot(j, "export")
    j.key("ctrl+s")
    j.wait_for(lambda: j.window("Save Homework Plan"), "the file chooser to save the plan")
    j.key("ctrl+a")
    j.type(exported)
    j.key("Return")
    j.wait_text("^Plan saved as “exported.reframe-plan”$", timeout=30)
    preview = json.loads(j.cli("plan", "import", exported, "--dry-run", "--json"))
    if preview["counts"]["new"] != 0 or preview["plan"]["therapist"] != "Dr. Ana Meyer":
        raise JourneyFailure("the exported plan is not the journal's homework: %r" % preview)
    j.quit()

    # The plan sent again with a new note, opened as a file manager does: `reframe FILE`.
    again = write_plan(j, "week-12-again.reframe-plan", "Outside, even in the rain.")
    app = App(j, [again, "--data-dir", j.data_dir], j.env())
    j.apps.append(app)
    j.app = app
    app.find_root()
    win = j.wait_for(lambda: j.window(PREVIEW), "the plan's preview at start")
    j.wait_text("^Changes$", within=win)
    j.wait_text("^Changes the therapist’s note$", within=win)
    j.wait_text("^Already in Your Homework$", within=win)
    j.check_names(win)
    shot(j, "changes")
    j.key("ctrl+Return")
    j.wait_for(lambda: j.window(PREVIEW) is None, "the changed plan to be added", timeout=30)
    walk = [a for a in j.cli_json("homework")["assignments"] if a["title"] == WALK]
    if not walk or walk[0]["therapist_note"] != "Outside, even in the rain.":
        raise JourneyFailure("the plan's new note is not there: %r" % walk)

    # Opened again while Reframe runs (a double-click): the running Reframe shows it.
    third = write_plan(j, "week-12-third.reframe-plan", "Outside, with a friend.")
    opener = subprocess.run([j.bin, third, "--data-dir", j.data_dir], env=j.env(),
                            capture_output=True, timeout=60)
    if opener.returncode != 0:
        raise JourneyFailure("reframe FILE, Reframe running, ended with %d: %s"
                             % (opener.returncode, opener.stderr.decode()))
    win = j.wait_for(lambda: j.window(PREVIEW), "the running Reframe to show the plan")
    j.wait_text("^Changes the therapist’s note$", within=win)
    j.key("Escape")
    j.wait_for(lambda: j.window(PREVIEW) is None, "Escape to close the preview")
    j.quit()


run("plan", body)
