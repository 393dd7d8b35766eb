# SPDX-License-Identifier: GPL-3.0-or-later
"""My coping toolbox, from the main menu: empty at first, with a word on what it is for;
a reason to live typed and saved with Enter; someone to call, chosen in the kind list by
keyboard, with their number; a suggestion from the person's own journal, asked for and
added; something removed after a question. Get Help Now and the safety plan's window then
show what is in it."""
import datetime
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pyatspi  # noqa: E402
from journey import JourneyFailure, run  # noqa: E402

TOOLBOX = "My Coping Toolbox"
ADD = "Add to My Toolbox"
REASON = "Seeing my niece grow up"
PERSON = "My sister Ana"
NUMBER = "0151 555 0100"


def toolbox(j):
    return j.cli_json("toolbox")["items"]


def fill_journal(j):
    """Six weeks: days outdoors went better than days without."""
    today = datetime.datetime.utcnow().replace(hour=19, minute=0, second=0, microsecond=0)
    for i in range(1, 43):
        at = (today - datetime.timedelta(days=i)).strftime("%Y-%m-%dT%H:%M:%SZ")
        if i % 2:
            j.cli("log", "--mood", "4", "--activity", "outdoors", "--at", at)
        else:
            j.cli("log", "--mood", "2", "--at", at)


def add_reason(j):
    j.key("ctrl+n")
    dialog = j.wait_for(lambda: j.window(ADD), "the add dialog")
    j.check_names(dialog)
    j.type(REASON)
    j.key("Return")
    j.wait_for(lambda: j.window(ADD) is None, "Enter to save and close")
    j.wait_for(lambda: [i for i in toolbox(j) if i["text"] == REASON and i["kind"] == "reason"],
               "the reason to be saved")


def add_person(j):
    j.key("ctrl+n")
    j.wait_for(lambda: j.window(ADD), "the add dialog")
    # From the text field back to the kind list; its list opens with the keyboard.
    j.key("shift+Tab")
    j.wait_focus(lambda a: a.name.startswith("What It Is"), "the kind list")
    j.key("space")
    j.key("Down")
    j.key("Return")
    dialog = j.window(ADD)
    j.wait_text("Someone who is good to hear from", within=dialog)
    j.key("Tab")
    j.type(PERSON)
    j.key("Tab")
    j.type(NUMBER)
    j.key("ctrl+Return")
    j.wait_for(lambda: j.window(ADD) is None, "Ctrl+Return to save and close")
    j.wait_for(lambda: [i for i in toolbox(j) if i["text"] == PERSON and i.get("detail") == NUMBER],
               "the person and number to be saved")


def take_suggestion(j, win):
    j.press(pyatspi.ROLE_LIST_ITEM, "Look in My Journal", within=win)
    j.wait_text(r"^Days with outdoors averaged 4\.0 against 2\.0 without", within=win)
    j.check_names(win)
    j.press(pyatspi.ROLE_PUSH_BUTTON, "Add", within=win)
    j.wait_for(lambda: [i for i in toolbox(j) if i["kind"] == "worked"
                        and i["text"].startswith("Days with outdoors")], "the suggestion to be added")
    j.wait_for(lambda: j.find_all(pyatspi.ROLE_PUSH_BUTTON, "Added", within=win), "Add to say Added")


def remove_reason(j, win):
    j.press(pyatspi.ROLE_PUSH_BUTTON, "Remove “%s”" % REASON, within=win)
    j.wait_text("Remove From Your Toolbox?")
    # The question's default is to keep it: Tab to Remove, then Enter.
    j.key("Tab")
    j.wait_focus(lambda a: a.name == "Remove", "the Remove answer")
    j.key("Return")
    j.wait_for(lambda: not [i for i in toolbox(j) if i["text"] == REASON], "the reason to be removed")


def body(j):
    fill_journal(j)
    j.start()
    j.key("F10")
    j.wait_focus(lambda a: a.name == "Get Help Now", "the first item of the main menu")
    j.key("Down", "Down")
    j.wait_focus(lambda a: a.name == TOOLBOX, "My Coping Toolbox in the main menu")
    j.key("Return")
    win = j.wait_for(lambda: j.window(TOOLBOX), "the toolbox")
    j.wait_text("Keep what helps you here", within=win)
    j.check_names(win)

    add_reason(j)
    add_person(j)
    j.wait_text(NUMBER, within=win)
    take_suggestion(j, win)
    remove_reason(j, win)
    if REASON in j.texts(win):
        raise JourneyFailure("the removed reason is still shown")
    j.check_names(win)
    # Escape takes the toast first, as in every libadwaita app; then the window.
    j.wait_text("Removed from your toolbox", within=win)
    j.key("Escape")
    j.wait_for(lambda: "Removed from your toolbox" not in j.texts(win), "Escape to take the toast")
    j.key("Escape")
    j.wait_for(lambda: j.window(TOOLBOX) is None, "Escape to close the toolbox")

    # What helps shows where help is looked for.
    j.key("ctrl+shift+h")
    sheet = j.wait_for(lambda: j.window("Get Help Now"), "the crisis lines")
    j.wait_text(TOOLBOX, within=sheet)
    j.wait_text(NUMBER, within=sheet)
    j.check_names(sheet)
    j.key("Escape")
    j.wait_for(lambda: j.window("Get Help Now") is None, "the crisis lines to close")
    j.quit()


run("toolbox", body)
