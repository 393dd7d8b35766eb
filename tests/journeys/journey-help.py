# SPDX-License-Identifier: GPL-3.0-or-later
"""Get Help Now from every page: Ctrl+Shift+H, the button under every page and the
main menu all show the crisis lines, from local data, and Escape closes them."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pyatspi  # noqa: E402
from journey import run  # noqa: E402
from worksheet_forms import Worksheet  # noqa: E402

PAGES = [("alt+1", "Journal"), ("alt+2", "Worksheets"), ("alt+3", "Homework"),
         ("alt+4", "Insights")]


def sheet_shows(j, how):
    sheet = j.wait_for(lambda: j.window("Get Help Now"), "the crisis lines after " + how)
    j.wait_text("emergency number", within=sheet)
    j.wait_text(r"Crisis Lines", within=sheet)
    j.check_names(sheet)
    j.key("Escape")
    j.wait_for(lambda: j.window("Get Help Now") is None, "Escape to close the crisis lines")


def body(j):
    j.start()
    for keys, page in PAGES:
        j.key(keys)
        j.wait_for(lambda: [t for t in j.find_all(pyatspi.ROLE_PAGE_TAB, page)
                            if t.getState().contains(pyatspi.STATE_SELECTED)],
                   "the %s page" % page)
        j.check_names()
        j.key("ctrl+shift+h")
        sheet_shows(j, "Ctrl+Shift+H on the %s page" % page)
        # A visible button on the page itself.
        j.press(pyatspi.ROLE_PUSH_BUTTON, "Get Help Now")
        sheet_shows(j, "clicking Get Help Now on the %s page" % page)

    # In a worksheet's own window: its button and the shortcut.
    sheet = Worksheet(j, "thought-record", "help")
    editor = sheet.start()
    j.check_names(editor)
    j.press(pyatspi.ROLE_PUSH_BUTTON, "Get Help Now", within=editor)
    sheet_shows(j, "clicking Get Help Now in a worksheet")
    j.key("ctrl+shift+h")
    sheet_shows(j, "Ctrl+Shift+H in a worksheet")
    sheet.close("ctrl+w")

    # The main menu has it too (F10 opens it, as in every GNOME app).
    j.key("F10")
    item = j.find(pyatspi.ROLE_MENU_ITEM, "Get Help Now", timeout=5) if j.find_all(
        pyatspi.ROLE_MENU_ITEM, "Get Help Now") else None
    if item is None:
        item = j.find(name="Get Help Now",
                      match=lambda a: a.getRole() in (pyatspi.ROLE_MENU_ITEM,
                                                      pyatspi.ROLE_PUSH_BUTTON)
                      and a.getRoleName() != "push button")
    j.click(item)
    sheet_shows(j, "the main menu's Get Help Now")
    j.quit()


run("help", body)
