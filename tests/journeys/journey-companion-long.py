# SPDX-License-Identifier: GPL-3.0-or-later
"""A long reply (3,000 deltas, 160 KB without a paragraph break) streams into the
companion while the person types the next message: the composer takes every key as it
comes, the end of the reply is in view when it ends (the pane follows it), and its
last words are the service's last words."""
import os
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pyatspi  # noqa: E402
from journey import JourneyFailure, extents, run, text_of  # noqa: E402

DELTAS = 3000
os.environ["REFRAME_FAKE_LONG_REPLY_DELTAS"] = str(DELTAS)


def composer(j):
    return j.find(pyatspi.ROLE_TEXT, match=lambda a: a.getState().contains(pyatspi.STATE_EDITABLE)
                  and "Message" in (a.name + a.description))


def reply_kept(j):
    uri = "file:%s?mode=ro" % os.path.join(j.data_dir, "reframe.db")
    with sqlite3.connect(uri, uri=True, timeout=1.0) as db:
        row = db.execute("SELECT content FROM chat_messages WHERE role = 'assistant'"
                         " AND status = 'complete'").fetchone()
    return row[0] if row else None


def body(j):
    server = j.model_server("long-reply")
    j.set_settings(companion_endpoint="'%s'" % server.uri, companion_provider="'ollama'")
    j.start()

    j.key("F9")
    j.wait_text("On this computer")
    j.type("Tell me a long story.")
    j.key("Return")
    j.wait_text(r"^Step 0: notice the thought")

    # The next message, typed while the reply streams: every key lands at once.
    j.type("That helps")
    j.wait_for(lambda: text_of(composer(j)) == "That helps", "the composer to show the typing",
               timeout=5)

    kept = j.wait_for(lambda: reply_kept(j), "the reply to end", timeout=120)
    if not kept.rstrip().endswith("Step %d: notice the thought, and what you felt then."
                                  % (DELTAS - 1)):
        raise JourneyFailure("the kept reply ends %r" % kept[-80:])
    last = j.wait_text(r"Step %d: notice the thought, and what you felt then\.$" % (DELTAS - 1))

    # The end of the reply is in view, just above the composer, not below the fold.
    def end_in_view():
        label = next((a for a in j.find_all(pyatspi.ROLE_LABEL)
                      if text_of(a).endswith(last)), None)
        if label is None:
            return None
        _, y, _, h = extents(label)
        _, top, _, _ = extents(composer(j))
        return label if top - 120 <= y + h <= top else None

    j.wait_for(end_in_view, "the end of the reply in view above the composer", timeout=10)
    if text_of(composer(j)) != "That helps":
        raise JourneyFailure("the typed message changed: %r" % text_of(composer(j)))
    j.check_names()
    j.quit()


run("companion-long", body)
