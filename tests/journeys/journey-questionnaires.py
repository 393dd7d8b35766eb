# SPDX-License-Identifier: GPL-3.0-or-later
"""PHQ-9 and GAD-7 answered with the keyboard only.

PHQ-9 with item 9 above "Not at all": the crisis sheet shows the moment that answer is
given; after it is closed the result page still offers the crisis lines (their summary
and Get Help Now, which opens the sheet again). Both results show the score and the
band the questionnaire's authors publish for the answers given (the bands below are
/work/shared/reference/clinical.md's, not read from the program), no check mark over
the score, and no Finish button once finished. `reframe worksheets --json` has them."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pyatspi  # noqa: E402
from journey import JourneyFailure, extents, run  # noqa: E402
from worksheet_forms import is_button  # noqa: E402

# clinical.md, sections 1 and 2: total → the authors' band.
PHQ9_BANDS = [(0, 4, "Minimal (none)"), (5, 9, "Mild"), (10, 14, "Moderate"),
              (15, 19, "Moderately severe"), (20, 27, "Severe")]
GAD7_BANDS = [(0, 4, "Minimal"), (5, 9, "Mild"), (10, 14, "Moderate"), (15, 21, "Severe")]
OPTIONS = ["Not at all", "Several days", "More than half the days", "Nearly every day"]

PHQ9_ITEMS = [
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
    "Trouble falling or staying asleep, or sleeping too much",
    "Feeling tired or having little energy",
    "Poor appetite or overeating",
    "Feeling bad about yourself — or that you are a failure or have let yourself or your "
    "family down",
    "Trouble concentrating on things, such as reading the newspaper or watching television",
    "Moving or speaking so slowly that other people could have noticed? Or the opposite — "
    "being so fidgety or restless that you have been moving around a lot more than usual",
    "Thoughts that you would be better off dead or of hurting yourself in some way",
]
GAD7_ITEMS = [
    "Feeling nervous, anxious, or on edge",
    "Not being able to stop or control worrying",
    "Worrying too much about different things",
    "Trouble relaxing",
    "Being so restless that it is hard to sit still",
    "Becoming easily annoyed or irritable",
    "Feeling afraid, as if something awful might happen",
]
CRISIS_INTRO = "You don’t have to go through this alone"


def band(bands, total):
    return next(label for low, high, label in bands if low <= total <= high)


def option_of(item):
    return lambda a: (a.getRole() in (pyatspi.ROLE_CHECK_BOX, pyatspi.ROLE_RADIO_BUTTON)
                      and a.parent is not None and a.parent.name == item)


def answer(j, item, value, safety=False):
    """Focus is on the item's first answer: Space takes it, Down moves and takes the next.
    An answer that meets the safety rule shows the crisis sheet at once; closing it
    brings the keyboard back to the answer."""
    j.wait_focus(option_of(item), "an answer of %r" % item[:40])
    if value == 0:
        j.key("space")
    else:
        j.key(*["Down"] * value)
    if safety:
        sheet = crisis_sheet(j)
        j.check_names(sheet)
        j.key("Escape")
        j.wait_for(lambda: j.window("Get Help Now") is None, "the crisis sheet to close")
    chosen = j.wait_focus(lambda a: option_of(item)(a) and a.name == OPTIONS[value],
                          "%r chosen for %r" % (OPTIONS[value], item[:40]))
    j.wait_for(lambda: chosen.getState().contains(pyatspi.STATE_CHECKED), "the answer to be taken")


def crisis_sheet(j):
    sheet = j.wait_for(lambda: j.window("Get Help Now"), "the crisis sheet")
    j.wait_text(CRISIS_INTRO, within=sheet)
    return sheet


def fill(j, title, items, answers, bands, maximum):
    j.key("alt+2")
    j.tab_to(is_button(title), "the card of %s" % title)
    j.key("Return")
    editor = j.wait_for(lambda: j.window(title), "the %s window" % title)
    j.check_names(editor)
    for n, (item, value) in enumerate(zip(items, answers)):
        # PHQ-9 item 9 above "Not at all": the crisis lines, before anything else.
        answer(j, item, value, safety=title == "PHQ-9" and n == 8 and value > 0)
        if n + 1 < len(items):
            j.key("Tab")
    j.key("alt+Right")
    j.wait_text("^Step 2 of 2$", within=editor)
    j.check_names(editor)
    j.wait_focus(lambda a: a.name == "Not difficult at all", "the first answer of step 2")
    j.key("Down")
    j.key("ctrl+Return")

    total = sum(answers)
    j.wait_text("^Score %d of %d$" % (total, maximum), within=editor)
    j.wait_text("“%s”" % re.escape(band(bands, total)), within=editor)
    j.absent(pyatspi.ROLE_PUSH_BUTTON, "Finish", within=editor, timeout=3)
    images = j.find_all(pyatspi.ROLE_IMAGE, within=editor)
    if images:
        raise JourneyFailure("the result shows an image (a check mark?) at %r"
                             % [extents(i) for i in images])
    j.check_names(editor)
    return editor, total


def check_saved(j, template_id, answers, total, bands):
    done = [w for w in j.cli_json("worksheets") if w["template_id"] == template_id]
    if len(done) != 1:
        raise JourneyFailure("expected one %s, found %r" % (template_id, done))
    w = done[0]
    if (w["status"], w["score"], w["band"]) != ("completed", total, band(bands, total)):
        raise JourneyFailure("%s saved as %r" % (template_id, w))
    for n, value in enumerate(answers):
        if w["answers"].get("item_%d" % (n + 1)) != str(value):
            raise JourneyFailure("%s item %d saved as %r, not %d"
                                 % (template_id, n + 1, w["answers"], value))


def body(j):
    j.start()

    phq9 = [1, 2, 0, 1, 3, 0, 1, 2, 1]
    editor, total = fill(j, "PHQ-9", PHQ9_ITEMS, phq9, PHQ9_BANDS, 27)
    # The score did not bring the sheet up twice, and the lines are still offered.
    if j.window("Get Help Now") is not None:
        raise JourneyFailure("the crisis sheet showed a second time")
    help_now = j.wait_focus(is_button("Get Help Now"), "Get Help Now on the result page")
    j.wait_text(r"\d{3}", within=editor)  # the first lines' numbers
    j.click(help_now)
    crisis_sheet(j)
    j.key("Escape")
    j.wait_for(lambda: j.window("Get Help Now") is None, "the crisis sheet to close again")
    check_saved(j, "phq-9", phq9, total, PHQ9_BANDS)
    j.key("ctrl+w")
    j.wait_for(lambda: j.window("PHQ-9") is None, "PHQ-9 to close")

    gad7 = [2, 2, 1, 1, 0, 1, 2]
    editor, total = fill(j, "GAD-7", GAD7_ITEMS, gad7, GAD7_BANDS, 21)
    # Every worksheet window has Get Help Now in its header; only a met safety rule adds
    # the crisis lines (and a second button) to the result.
    if j.window("Get Help Now") is not None or len(j.find_all(match=is_button("Get Help Now"),
                                                              within=editor)) != 1:
        raise JourneyFailure("GAD-7 has no safety rule, but crisis lines showed")
    check_saved(j, "gad-7", gad7, total, GAD7_BANDS)
    j.key("Escape")
    j.wait_for(lambda: j.window("GAD-7") is None, "GAD-7 to close")
    j.quit()


run("questionnaires", body)
