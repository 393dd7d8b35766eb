# SPDX-License-Identifier: GPL-3.0-or-later
"""A narrow window (360 px, as the metainfo promises) on a journal with a few weeks
in it: every page fits, and no text runs into other text or out of the window."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pyatspi  # noqa: E402
from journey import JourneyFailure, run  # noqa: E402

PAGES = [("alt+1", "Journal"), ("alt+2", "Worksheets"), ("alt+3", "Homework"),
         ("alt+4", "Insights")]


def body(j):
    for day in range(1, 6):
        j.cli("log", "--mood", str(1 + day % 5), "--note", "Day %d of the week" % day,
              "--feeling", "calm", "--sleep", "7", "--at", "2026-12-%02dT19:00:00Z" % day)
    j.start()
    for keys, page in PAGES:
        j.key(keys)
        j.wait_for(lambda: [t for t in j.find_all(pyatspi.ROLE_PAGE_TAB, page)
                            if t.getState().contains(pyatspi.STATE_SELECTED)],
                   "the %s page" % page)
        _, _, width, _ = j.resize(j.app.windows()[0], 360, 640)
        if width > 360:
            raise JourneyFailure("on the %s page the window stays %d px wide" % (page, width))
        j.screenshot("narrow-" + page.lower())
        j.check_layout()
        j.check_names()
    j.quit()


run("narrow", body)
