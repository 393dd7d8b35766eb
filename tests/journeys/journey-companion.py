# SPDX-License-Identifier: GPL-3.0-or-later
"""The companion against the fake model service on this computer: a message and its
streamed reply; then the service is marked as forwarding elsewhere in Preferences,
and the next message asks first, says the earlier messages would go too, and can
start a new conversation so that only the new message is sent."""
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pyatspi  # noqa: E402
from journey import JourneyFailure, run  # noqa: E402


def composer(j):
    return j.find(pyatspi.ROLE_TEXT, match=lambda a: a.getState().contains(pyatspi.STATE_EDITABLE)
                  and "Message" in (a.name + a.description))


def body(j):
    server = j.model_server()
    j.set_settings(companion_endpoint="'%s'" % server.uri, companion_provider="'ollama'")
    j.start()

    j.key("F9")
    j.wait_text("On this computer")
    j.check_names()
    j.type("I keep replaying the meeting at work")
    j.key("Return")
    j.wait_text("I keep replaying the meeting at work")
    # The fake service's reply streams in.
    # (The first request asks the model's context; the chat follows it.)
    j.wait_for(lambda: server.ask("chat-body") != "", "the message to reach the service")
    j.wait_text(r"\w+", timeout=15)
    first = json.loads(server.ask("chat-body"))
    if not any("replaying the meeting" in m.get("content", "") for m in first["messages"]):
        raise JourneyFailure("the service did not get the message: %r" % first)
    j.metainfo_screenshot("companion")

    # The request log (Ctrl+Shift+L) dates the request as the journal does, not "12/05/26".
    j.key("ctrl+shift+l")
    log_window = j.wait_for(lambda: [w for w in j.app.windows() if "Log" in w.name
                                     and w.getState().contains(pyatspi.STATE_VISIBLE)],
                            "the request log")[0]
    j.wait_text(r"^Today, \d\d:\d\d · ", within=log_window)
    if any(re.search(r"\d+/\d+/\d+", t) for t in j.texts(log_window)):
        raise JourneyFailure("the request log shows a numeric date")
    j.check_names(log_window)
    j.key("Escape")
    j.wait_for(lambda: not log_window.getState().contains(pyatspi.STATE_VISIBLE)
               or log_window not in j.app.windows(), "the request log to close")

    # Preferences → Companion: this service forwards messages elsewhere (remote).
    j.key("ctrl+comma")
    prefs = j.wait_for(lambda: j.window("Preferences"), "Preferences")
    j.press(pyatspi.ROLE_PAGE_TAB, "Companion", within=prefs)
    switch = j.find(name="Forwards Messages Elsewhere", within=prefs,
                    match=lambda a: a.getRole() in (pyatspi.ROLE_TOGGLE_BUTTON,
                                                    pyatspi.ROLE_CHECK_BOX))
    j.click(switch)
    j.check_names(prefs)
    j.key("Escape")
    j.wait_for(lambda: j.window("Preferences") is None, "Preferences to close")
    j.wait_text("Remote")

    # The next message asks, and says the earlier ones would go too.
    requests = int(server.ask("requests"))
    j.key("F9")
    j.key("F9")
    j.type("Can we talk about tomorrow instead")
    j.key("Return")
    j.wait_for(lambda: j.window("Send Messages to Another Computer?") or
               j.find(name="Send Messages to Another Computer?", timeout=1),
               "the consent dialog")
    j.wait_text(r"^\d+ earlier messages? of this conversation would be sent there too")
    j.check_names()
    if int(server.ask("requests")) != requests:
        raise JourneyFailure("something was sent before the person agreed")
    # Its buttons are stacked when the labels are long, and GTK 4.8 reports where
    # they would be side by side: the keyboard is what a person would use here anyway.
    j.tab_to(lambda a: a.name == "Start New Conversation", "Start New Conversation")
    j.key("space")
    j.wait_for(lambda: int(server.ask("requests")) > requests, "the new message to be sent")
    sent = json.loads(server.ask("chat-body"))
    users = [m["content"] for m in sent["messages"] if m.get("role") == "user"]
    if len(users) != 1 or "tomorrow instead" not in users[0]:
        raise JourneyFailure("a new conversation should send one message, sent %r" % users)
    j.quit()


run("companion", body)
