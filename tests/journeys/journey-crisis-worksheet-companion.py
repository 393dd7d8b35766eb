# SPDX-License-Identifier: GPL-3.0-or-later
"""Crisis language outside the journal: typed in a worksheet's field, the crisis lines
show once after a pause in the typing, a calm line stays above the form, and every
word is kept; written to the companion with no model service at all, and then with one,
the crisis lines show at once — the person's own plan first — from local data."""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pyatspi  # noqa: E402
from journey import JourneyFailure, run  # noqa: E402
from worksheet_forms import Worksheet  # noqa: E402

SITUATION = "the meeting ran long and i keep thinking theyd all be better off without me"
MORE = " then i went home"
CHAT = "i have the pills saved up and tonight is the night"


def close_sheet(j):
    j.key("Escape")
    j.wait_for(lambda: j.window("Get Help Now") is None, "the crisis lines to close")


def worksheet_part(j):
    sheet = Worksheet(j, "thought-record", "crisis")
    editor = sheet.start()
    j.type(SITUATION)
    # Saved after a moment; more words after it: none may go astray into the sheet.
    time.sleep(1.0)
    j.type(MORE)
    got = j.wait_for(lambda: j.window("Get Help Now"), "the crisis lines after the worksheet")
    j.wait_text("In immediate danger, call", within=got)
    close_sheet(j)
    j.wait_text("You don’t have to go through it alone", within=editor)
    j.find(pyatspi.ROLE_PUSH_BUTTON, "Get Help Now", within=editor)
    j.check_names(editor)
    j.key("ctrl+w")
    j.wait_for(lambda: j.window(sheet.title) is None, "the worksheet to close")
    saved = [w for w in j.cli_json("worksheets") if w.get("template_id") == "thought-record"]
    if len(saved) != 1 or saved[0]["answers"].get("situation") != SITUATION + MORE:
        raise JourneyFailure("the worksheet did not keep every word: %r" % saved)
    if j.window("Get Help Now") is not None:
        raise JourneyFailure("the crisis lines showed a second time")


def companion_part(j, with_model):
    j.key("F9")
    j.wait_text("On this computer")
    j.type(CHAT)
    j.key("Return")
    got = j.wait_for(lambda: j.window("Get Help Now"),
                     "the crisis lines after the message (%s)" % ("model" if with_model else "no model"))
    j.wait_text("Crisis Lines", within=got)
    j.check_names(got)
    close_sheet(j)
    j.wait_text(CHAT)


def body(j):
    # No model service answers on this port: the check is local.
    j.set_settings(companion_endpoint="'http://127.0.0.1:9'", companion_provider="'ollama'")
    j.start()
    worksheet_part(j)
    companion_part(j, with_model=False)
    j.quit()

    server = j.model_server()
    j.set_settings(companion_endpoint="'%s'" % server.uri, companion_provider="'ollama'")
    j.start()
    companion_part(j, with_model=True)
    j.quit()


run("crisis-worksheet-companion", body)
