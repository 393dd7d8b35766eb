# SPDX-License-Identifier: GPL-3.0-or-later
"""The journal list: Tab reaches the rows; one click or Enter opens an entry; the
keyboard comes back to that row when the editor closes; search finds words, the mood
filter keeps one mood; Jump to Date and the main menu open and close."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pyatspi  # noqa: E402
from journey import JourneyFailure, run  # noqa: E402


def row_named(text):
    return lambda a: a.getRole() == pyatspi.ROLE_LIST_ITEM and text in a.name


def body(j):
    j.cli("log", "--mood", "2", "--note", "Argument with Alex about the dishes",
          "--at", "2026-12-01T19:00:00Z")
    j.cli("log", "--mood", "4", "--note", "Good walk in the park", "--feeling", "calm",
          "--at", "2026-12-02T09:00:00Z")
    j.start()
    j.check_names()

    # Tab from the header bar reaches the list, and moves on to an entry.
    j.tab_to(lambda a: a.getRole() == pyatspi.ROLE_LIST_ITEM, "a row of the journal")
    j.tab_to(row_named("Good walk"), "the newest entry")

    # Enter opens it; the note is there to edit; Escape closes and the keyboard is
    # back on the same row.
    j.key("Return")
    editor = j.wait_for(lambda: j.window("Edit Entry"), "the editor")
    j.check_names(editor)
    note = j.find(pyatspi.ROLE_TEXT, within=editor,
                  match=lambda a: "Good walk" in (a.queryText().getText(0, -1)))
    j.click(note)
    j.key("ctrl+End")
    j.type(" with Mum")
    j.key("Escape")
    j.wait_for(lambda: j.window("Edit Entry") is None, "the editor to close")
    j.wait_focus(row_named("Good walk in the park with Mum"), "the edited row")
    j.metainfo_screenshot("journal")
    saved = j.wait_for(lambda: [e for e in j.cli_json("list") if e["note"].endswith("with Mum")],
                       "the edit to be saved")
    if saved[0]["mood"] != 4:
        raise JourneyFailure("the mood changed: %r" % saved[0])

    # One click on a row opens it too.
    j.click(j.find(pyatspi.ROLE_LIST_ITEM, match=row_named("Argument")))
    j.wait_for(lambda: j.window("Edit Entry"), "the editor after one click")
    j.key("ctrl+w")
    j.wait_for(lambda: j.window("Edit Entry") is None, "the editor to close with Ctrl+W")
    j.wait_focus(row_named("Argument"), "the clicked row")

    # Search finds a word in a note, and shows only what matches.
    j.key("ctrl+f")
    j.wait_focus(lambda a: a.getRole() == pyatspi.ROLE_ENTRY, "the search entry")
    j.type("dishes")
    j.wait_for(lambda: not j.find_all(pyatspi.ROLE_LIST_ITEM, match=row_named("Good walk")),
               "the other entry to be filtered out")
    j.find(pyatspi.ROLE_LIST_ITEM, match=row_named("Argument"))
    j.check_names()

    # A feeling that matches shows the entry with its note, not the feeling alone.
    j.key("ctrl+a")
    j.type("calm")
    j.wait_for(lambda: not j.find_all(pyatspi.ROLE_LIST_ITEM, match=row_named("Argument")),
               "the search for a feeling")
    j.find(pyatspi.ROLE_LIST_ITEM, match=row_named("note: Good walk in the park with Mum"))

    # The mood filter beside the search (its list is made when the search bar first
    # opens) keeps only the entries of the mood chosen with the keyboard.
    j.key("ctrl+a", "BackSpace")
    j.wait_for(lambda: j.find_all(pyatspi.ROLE_LIST_ITEM, match=row_named("Argument")),
               "every entry again")
    j.tab_to(lambda a: a.name == "Filter by Mood", "the mood filter")
    j.key("space")
    j.wait_for(lambda: j.find_all(name="Bad"), "the moods to choose from")
    j.key("Down", "Down", "Return")
    j.wait_for(lambda: not j.find_all(pyatspi.ROLE_LIST_ITEM, match=row_named("Good walk")),
               "the other mood to be filtered out")
    j.find(pyatspi.ROLE_LIST_ITEM, match=row_named("Argument"))
    j.key("Escape")
    j.wait_for(lambda: j.find_all(pyatspi.ROLE_LIST_ITEM, match=row_named("Good walk")),
               "every entry once the search bar closes")

    # Jump to Date: the calendar (made when the popover first opens) takes the keyboard;
    # Today closes the popover; the main menu opens with F10 and closes with Escape.
    j.click(j.find(name="Jump to Date"))
    j.wait_focus(lambda a: a.name == "Day to Show" or
                 (a.getRole() == pyatspi.ROLE_TABLE_CELL), "the calendar")
    j.check_names()
    j.click(j.find(pyatspi.ROLE_PUSH_BUTTON, name="Today"))
    j.absent(name="Day to Show")
    j.key("F10")
    j.find(name="My Safety Plan")
    j.key("Escape")
    j.absent(name="My Safety Plan")
    j.quit()


run("journal", body)
