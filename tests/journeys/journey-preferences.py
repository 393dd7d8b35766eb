# SPDX-License-Identifier: GPL-3.0-or-later
"""Preferences (Ctrl+,): every page named for a screen reader; an activity of one's own
added, offered in the editor; one's own therapist set, shown first in Get Help Now,
and still there after a restart."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pyatspi  # noqa: E402
from journey import run  # noqa: E402


def open_preferences(j, page):
    j.key("ctrl+comma")
    prefs = j.wait_for(lambda: j.window("Preferences"), "Preferences")
    j.press(pyatspi.ROLE_PAGE_TAB, page, within=prefs)
    j.check_names(prefs)
    return prefs


def fill_entry_row(j, prefs, title, text):
    """An AdwEntryRow is one text node named by its title: click it and type."""
    row = j.find(pyatspi.ROLE_TEXT, title, within=prefs)
    j.click(row)
    j.type(text)
    j.key("Return")


def close(j, title):
    j.key("Escape")
    j.wait_for(lambda: j.window(title) is None, "%s to close" % title)


def help_shows(j, name):
    j.key("ctrl+shift+h")
    sheet = j.wait_for(lambda: j.window("Get Help Now"), "the crisis lines")
    j.wait_text("^Your Therapist or Clinic$", within=sheet)
    j.wait_text("^" + name + "$", within=sheet)
    texts = j.texts(sheet)
    if texts.index(name) > texts.index("Crisis Lines"):
        raise AssertionError("the therapist should come before the crisis lines: %r" % texts)
    close(j, "Get Help Now")


def body(j):
    j.start()
    prefs = open_preferences(j, "General")
    j.press(pyatspi.ROLE_PAGE_TAB, "Journal", within=prefs)
    j.check_names(prefs)
    fill_entry_row(j, prefs, "Add an Activity", "knitting")
    j.wait_text("^knitting$", within=prefs)

    j.press(pyatspi.ROLE_PAGE_TAB, "Companion", within=prefs)
    j.check_names(prefs)
    fill_entry_row(j, prefs, "Your Therapist or Clinic", "Dr Lee")
    fill_entry_row(j, prefs, "Their Phone Number", "+1 555 0100")
    close(j, "Preferences")

    # The new activity is offered when logging.
    j.key("ctrl+n")
    editor = j.wait_for(lambda: j.window("New Entry"), "the editor")
    j.find(name="knitting", within=editor,
           match=lambda a: a.getRole() in (pyatspi.ROLE_TOGGLE_BUTTON, pyatspi.ROLE_CHECK_BOX,
                                           pyatspi.ROLE_PUSH_BUTTON))
    close(j, "New Entry")

    help_shows(j, "Dr Lee")
    j.quit()

    # Still there after a restart.
    j.start()
    help_shows(j, "Dr Lee")
    j.quit()


run("preferences", body)
