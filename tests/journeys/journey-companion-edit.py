# SPDX-License-Identifier: GPL-3.0-or-later
"""Editing a sent message and copying a reply, with the keyboard only: a message and
its reply; the message focused, Edit, one word changed, sent again, and the reply
follows with the edited text as the last thing the service got; then a reply focused,
Ctrl+C, and what it put on the clipboard pasted into the composer."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pyatspi  # noqa: E402
from journey import JourneyFailure, run, text_of  # noqa: E402


def composer(j):
    return j.find(pyatspi.ROLE_TEXT, match=lambda a: a.getState().contains(pyatspi.STATE_EDITABLE)
                  and "Message" in (a.name + a.description))


def user_turns(server):
    sent = json.loads(server.ask("chat-body"))
    return [m["content"] for m in sent["messages"] if m.get("role") == "user"]


def body(j):
    server = j.model_server()
    j.set_settings(companion_endpoint="'%s'" % server.uri, companion_provider="'ollama'")
    j.start()

    j.key("F9")
    j.wait_text("On this computer")
    j.type("I felt tired at work")
    j.key("Return")
    j.wait_for(lambda: server.ask("chat-body") != "", "the message to reach the service")
    j.wait_text(r"^AI companion", timeout=15)
    j.wait_for(lambda: len(j.find_all(name="Copy Message")) >= 2, "the reply to end")
    requests = int(server.ask("requests"))

    # Back from the composer to the sent message, then to its Edit button.
    j.tab_to(lambda a: a.getRole() != pyatspi.ROLE_TEXT and a.name == "You",
             "the sent message", key="shift+Tab")
    j.check_names()
    j.screenshot("message-focused")
    j.tab_to(lambda a: a.name == "Edit Message", "Edit Message")
    j.key("space")
    j.wait_text("Editing a sent message")
    box = j.wait_focus(lambda a: a.getRole() == pyatspi.ROLE_TEXT and "Message" in (a.name + a.description),
                       "the composer")
    if text_of(box) != "I felt tired at work":
        raise JourneyFailure("the composer holds %r, not the sent message" % text_of(box))
    j.check_names()
    j.screenshot("editing")

    # One word changed: "work" becomes "home".
    j.key("ctrl+End")
    for _ in range(4):
        j.key("BackSpace")
    j.type("home")
    j.key("Return")
    j.wait_for(lambda: int(server.ask("requests")) > requests, "the edited message to be sent")
    j.wait_text("I felt tired at home")
    users = user_turns(server)
    if users != ["I felt tired at home"]:
        raise JourneyFailure("after the edit the service got %r" % users)
    j.wait_for(lambda: len(j.find_all(name="Copy Message")) >= 2, "the new reply to end")
    # (The conversation keeps the title its first message gave it.)
    mine = [t for bubble in j.find_all(pyatspi.ROLE_PANEL, name="You") + j.find_all(name="You")
            for t in j.texts(within=bubble)]
    if "I felt tired at home" not in mine or "I felt tired at work" in mine:
        raise JourneyFailure("the sent message shows %r" % mine)
    j.wait_text(r"^AI companion")

    # Copy the reply: focus it, Ctrl+C; "Copied" says so; pasted, it is the reply.
    reply_row = j.tab_to(lambda a: a.name.startswith("AI companion"), "the reply", key="shift+Tab")
    # Its context menu opens from the keyboard too, and has no Edit for a reply.
    j.key("shift+F10")
    j.find(pyatspi.ROLE_MENU_ITEM, name="Copy")
    j.screenshot("reply-menu")
    if j.find_all(pyatspi.ROLE_MENU_ITEM, name="Edit and Send Again"):
        raise JourneyFailure("a reply offers Edit")
    j.key("Escape")
    # Closed, the menu leaves the focus on the row's menu button, as GTK does.
    j.wait_focus(lambda a: a.name == "Message Actions", "the row's menu button")
    j.tab_to(lambda a: a.name.startswith("AI companion"), "the reply again", key="shift+Tab")
    j.key("ctrl+c")
    j.wait_text("Copied")
    j.tab_to(lambda a: a.getRole() == pyatspi.ROLE_TEXT and a.getState().contains(pyatspi.STATE_EDITABLE),
             "the composer")
    j.key("ctrl+v")
    pasted = j.wait_for(lambda: text_of(composer(j)) or None, "the pasted reply")
    # The row's labels: its author line, then the reply's paragraphs.
    reply = "\n\n".join(t for t in j.texts(within=reply_row)[1:] if t)
    if len(pasted) < 10 or pasted != reply:
        raise JourneyFailure("pasted %r, but the reply shows %r" % (pasted, reply))
    j.screenshot("copied")
    j.quit()


run("companion-edit", body)
