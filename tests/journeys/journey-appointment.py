# SPDX-License-Identifier: GPL-3.0-or-later
"""Prepare for My Appointment, from Share with Therapist (Ctrl+E): tick an entry, see
exactly what goes to the model service on this computer, draft against the fake service,
change a word, use it, see it in the dialog, and save a Markdown report that starts with
those words."""
import datetime
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from journey import JourneyFailure, run, text_of  # noqa: E402

import pyatspi  # noqa: E402

DRAFT = ("This week I had a hard day at the office and a good dinner with my sister.\\n\\n"
         "1. Work\\n2. Sleep\\n3. My sister")


def body(j):
    today = datetime.datetime.now(datetime.timezone.utc).date()
    for days, mood, note in ((3, "2", "Hard day at the office"), (2, "4", "Dinner with my sister"),
                             (1, "3", "Quiet evening reading")):
        when = (today - datetime.timedelta(days=days)).isoformat() + "T09:00:00Z"
        j.cli("log", "--mood", mood, "--note", note, "--at", when)
    out_dir = os.path.join(j.tmp, "Documents")
    os.makedirs(out_dir)
    server = j.model_server()
    if server.ask("text-reply " + DRAFT) != "ok":
        raise JourneyFailure("the fake service did not take the reply")
    j.set_settings(companion_endpoint="'%s'" % server.uri, companion_provider="'ollama'")
    j.reduce_motion()
    j.start()

    j.key("ctrl+e")
    share = j.wait_for(lambda: j.window("Share with Therapist"), "the share dialog")
    j.click(j.find(name="Prepare for My Appointment…", within=share))
    dialog = j.wait_for(lambda: j.window("Prepare for My Appointment"), "the appointment dialog")
    tick = j.find(role=pyatspi.ROLE_CHECK_BOX, name=re.compile("Dinner with my sister"), within=dialog)
    j.check_names(dialog)
    j.click(tick)
    j.screenshot("choose")
    # At its narrowest, nothing runs into anything.
    j.resize(dialog, 360, 560)
    j.check_layout(dialog)
    j.screenshot("narrow")

    # Ctrl+Enter: the preview of exactly what goes, and where.
    j.key("ctrl+Return")
    j.wait_text("exactly this text goes to the model service on this computer", within=dialog)
    sent = j.find(name="Text Sent", within=dialog)
    j.wait_for(lambda: "Dinner with my sister" in text_of(sent), "the ticked entry in the preview")
    if "Hard day at the office" in text_of(sent):
        raise JourneyFailure("an entry that was not ticked is in the preview")
    if server.ask("chat-body") != "":
        raise JourneyFailure("something was sent before Draft")
    j.check_names(dialog)
    j.screenshot("preview")

    # Ctrl+Enter again: Draft; the draft comes into the text to edit, which has the focus.
    j.key("ctrl+Return")
    j.wait_focus(lambda a: a.name == "In My Own Words", "the text to edit")
    j.wait_text("This week I had a hard day", within=dialog)
    j.screenshot("draft")
    # Change a word: "This" becomes "Last".
    j.key("ctrl+Home", "ctrl+shift+Right")
    j.type("Last")
    j.wait_text("Last week I had a hard day", within=dialog)
    j.check_names(dialog)
    j.screenshot("edited")

    # Ctrl+Enter: Use in Report; the dialog closes and Share shows the words.
    j.key("ctrl+Return")
    j.wait_for(lambda: j.window("Prepare for My Appointment") is None, "the appointment dialog to close")
    j.wait_text("Last week I had a hard day", within=share)
    j.screenshot("share")

    j.tab_to(lambda a: a.name == "Save As", "Save As")
    j.key("space")
    j.wait_focus(lambda a: a.name == "PDF…", "the PDF… item")
    j.key("Down")
    j.wait_focus(lambda a: a.name == "Markdown…", "the Markdown… item")
    j.key("Return")
    j.wait_for(lambda: j.window("Save Report"), "the file chooser")
    target = os.path.join(out_dir, "report.md")
    j.key("ctrl+a")
    j.type(target)
    j.key("Return")
    j.wait_for(lambda: os.path.exists(target) and os.path.getsize(target) > 100,
               "the Markdown file to be written", timeout=30)
    with open(target, encoding="utf-8") as f:
        text = f.read()
    own = text.find("## In my own words")
    if own < 0 or "Last week I had a hard day at the office" not in text:
        raise JourneyFailure("the report lacks the words:\n" + text[:2000])
    if own > text.find("## Summary"):
        raise JourneyFailure("the words are not the report's first section")

    j.key("Escape")
    j.wait_for(lambda: j.window("Share with Therapist") is None, "the dialog to close")
    j.quit()


run("appointment", body)
