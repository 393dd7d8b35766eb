#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The longest main-loop stall of each thing a person does, on the ten-year journal.

Run by build-aux/bench.sh through tests/journeys/run-journey.sh (an X server, a window
manager, a D-Bus session with the accessibility bus), with the journeys' environment
(REFRAME_BIN, GSETTINGS_SCHEMA_DIR) and REFRAME_BENCH_JOURNAL, the folder of the
generated ten-year journal. The companion streams a long reply from the fake model
service of tests/ (REFRAME_FAKE_MODEL_SERVER); bench-chat measures its cost per delta.

A stall is measured as side_by_side.sh measures start-up: a _NET_WM_PING sent to the
window every 20 ms, answered by GTK only when its main loop is free; the stall of an
action is the longest wait for an answer to a ping sent from the action's first key
until it settled. The accessibility tree is only read between actions, never while
one is measured. The floor is the same pinging of an empty libadwaita window
(tests/bench/bench-empty-window) in the same run, while it sits idle.

Usage: bench-stalls.py [EMPTY-WINDOW-PROGRAM]"""

import os
import select
import shutil
import sqlite3
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "journeys"))
import pyatspi  # noqa: E402
from journey import Journey  # noqa: E402
from Xlib import X, display, protocol  # noqa: E402

GOAL_MS = 50.0
# The deltas of the fake service's long reply ("Step N: …", N from 0).
LONG_REPLY_DELTAS = int(os.environ.get("REFRAME_BENCH_LONG_REPLY_DELTAS", "20000"))


class Pinger(threading.Thread):
    """Pings one window every 20 ms on an X connection of its own."""

    def __init__(self, window_id):
        super().__init__(daemon=True)
        self.display = display.Display()
        self.window = self.display.create_resource_object("window", window_id)
        self.protocols = self.display.intern_atom("WM_PROTOCOLS")
        self.ping_atom = self.display.intern_atom("_NET_WM_PING")
        # GTK answers on the root window, as EWMH asks.
        self.display.screen().root.change_attributes(event_mask=X.SubstructureNotifyMask)
        self.sent = {}      # serial -> time sent
        self.answered = {}  # serial -> time answered
        self.lock = threading.Lock()
        self.stopping = False

    def _ping(self, serial):
        event = protocol.event.ClientMessage(window=self.window, client_type=self.protocols,
                                             data=(32, [self.ping_atom, serial, self.window.id, 0, 0]))
        self.window.send_event(event, event_mask=0)
        self.display.flush()

    def run(self):
        serial, next_at = 0, time.monotonic()
        while not self.stopping:
            now = time.monotonic()
            if now >= next_at:
                serial += 1
                with self.lock:
                    self.sent[serial] = now
                self._ping(serial)
                next_at = now + 0.02
            select.select([self.display], [], [], max(0.0, next_at - time.monotonic()))
            while self.display.pending_events():
                event = self.display.next_event()
                if (event.type == X.ClientMessage and event.client_type == self.protocols
                        and event.data[1][0] == self.ping_atom):
                    with self.lock:
                        self.answered.setdefault(event.data[1][1], time.monotonic())

    def worst_ms(self, start, end):
        """The longest wait for an answer among pings sent between @start and @end."""
        worst = 0.0
        with self.lock:
            for serial, sent in self.sent.items():
                if start <= sent <= end:
                    answered = self.answered.get(serial, time.monotonic())
                    worst = max(worst, (answered - sent) * 1000.0)
        return worst

    def stop(self):
        self.stopping = True
        self.join(2)


def window_of(pid, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        out = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(pid)],
                             capture_output=True, text=True).stdout.split()
        if out:
            return int(out[-1])
        time.sleep(0.1)
    raise RuntimeError("no window of process %d" % pid)


class Bench:
    def __init__(self, j, pinger):
        self.j = j
        self.pinger = pinger
        self.rows = []

    def measure(self, name, keys=(), settle=1.5, until=None, action=None):
        """Presses @keys (or runs @action), waits until @until holds (polled without
        the accessibility tree when it is None) and @settle seconds more."""
        start = time.monotonic()
        for key in keys:
            subprocess.run(["xdotool", "key", key], check=True)
            time.sleep(0.05)
        if action is not None:
            action()
        if until is not None:
            self.j.wait_for(until, name, timeout=120)
        time.sleep(settle)
        worst = self.pinger.worst_ms(start, time.monotonic() - settle / 2)
        self.rows.append((name, worst))
        print("  %-58s %7.1f ms" % (name, worst), flush=True)


def floor_ms(program):
    """An idle empty window's longest wait for a ping, over three seconds."""
    process = subprocess.Popen([program], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        pinger = Pinger(window_of(process.pid))
        pinger.start()
        time.sleep(1.0)
        start = time.monotonic()
        time.sleep(3.0)
        worst = pinger.worst_ms(start, time.monotonic() - 0.5)
        pinger.stop()
        return worst
    finally:
        process.kill()
        process.wait()


def actions(j, bench):
    for name, key in (("Worksheets", "alt+2"), ("Homework", "alt+3"),
                      ("Insights", "alt+4"), ("Journal", "alt+1")):
        bench.measure("switch to %s, first time" % name, [key])
    for name, key in (("Worksheets", "alt+2"), ("Homework", "alt+3"),
                      ("Insights", "alt+4"), ("Journal", "alt+1")):
        bench.measure("switch to %s, again" % name, [key])

    # A worksheet: its card is found first, unmeasured, then clicked.
    j.key("alt+2")
    card = j.find(pyatspi.ROLE_PUSH_BUTTON, "Thought record")
    j.scroll_into_view(card)
    bench.measure("open a worksheet (thought record)", action=lambda: j.click(card),
                  until=lambda: j.window("Thought record"))
    bench.measure("close the worksheet", ["Escape"])
    j.key("alt+1")

    bench.measure("open Share with Therapist and its preview", ["ctrl+e"], settle=3.0,
                  until=lambda: j.window("Share with Therapist"))
    bench.measure("close Share with Therapist", ["Escape"])

    # The journal, top to bottom by pages: the list takes the keyboard first.
    j.key("alt+1")
    j.tab_to(lambda a: a.getRole() in (pyatspi.ROLE_LIST_ITEM, pyatspi.ROLE_LIST_BOX,
                                       pyatspi.ROLE_LIST), "the journal list")

    def pages(key, times):
        def press():
            for _ in range(times):
                subprocess.run(["xdotool", "key", key], check=True)
                time.sleep(0.05)
        return press
    bench.measure("scroll the journal with Page Down (150 pages)", action=pages("Page_Down", 150))
    bench.measure("back to the top (Home)", ["Home"])
    bench.measure("to the oldest entry (End)", ["End"])
    bench.measure("scroll back up with Page Up (30 pages)", action=pages("Page_Up", 30))
    bench.measure("back to the top again (Home)", ["Home"])

    def search():
        subprocess.run(["xdotool", "key", "ctrl+f"], check=True)
        time.sleep(0.3)
        for letter in "garden":
            subprocess.run(["xdotool", "type", letter], check=True)
            time.sleep(0.25)
    bench.measure("search, typed letter by letter (\"garden\")", action=search)
    bench.measure("clear the search", ["Escape"])

    def new_entry():
        for key in ("ctrl+n", "4", "alt+n"):
            subprocess.run(["xdotool", "key", key], check=True)
            time.sleep(0.5)
        subprocess.run(["xdotool", "type", "--delay", "30", "A walk by the river."], check=True)
        time.sleep(0.3)
    j.key("Escape")
    bench.measure("new entry: mood, note typed", action=new_entry)
    bench.measure("save the entry (Ctrl+Enter)", ["ctrl+Return"],
                  until=lambda: not j.window("New Entry"))


def reply_complete(data_dir):
    """Whether the long reply is in the journal, whole (read from the database, not the
    accessibility tree, which would load the program while it is measured)."""
    uri = "file:%s?mode=ro" % os.path.join(data_dir, "reframe.db")
    with sqlite3.connect(uri, uri=True, timeout=1.0) as db:
        row = db.execute("SELECT 1 FROM chat_messages WHERE role = 'assistant'"
                         " AND status = 'complete' AND content LIKE ? LIMIT 1",
                         ("%%Step %d:%%" % (LONG_REPLY_DELTAS - 1),)).fetchone()
    return row is not None


def companion(j, bench):
    bench.measure("open the companion (F9)", ["F9"])
    j.wait_text("On this computer")
    j.type("Tell me a long story.")
    bench.measure("stream a reply of %d deltas" % LONG_REPLY_DELTAS, ["Return"], settle=2.0,
                  until=lambda: reply_complete(j.data_dir))


def main():
    empty = sys.argv[1] if len(sys.argv) > 1 else None
    j = Journey("stalls")
    os.makedirs(j.data_dir, mode=0o700, exist_ok=True)
    shutil.copy(os.path.join(os.environ["REFRAME_BENCH_JOURNAL"], "reframe.db"), j.data_dir)
    os.environ["REFRAME_FAKE_LONG_REPLY_DELTAS"] = str(LONG_REPLY_DELTAS)
    server = j.model_server("long-reply")
    j.set_settings(companion_endpoint="'%s'" % server.uri, companion_provider="'ollama'")
    ok = False
    try:
        app = j.start()
        pinger = Pinger(window_of(app.process.pid))
        pinger.start()
        bench = Bench(j, pinger)
        print("== Main-loop stalls on the ten-year journal (goal: none over %.0f ms)" % GOAL_MS,
              flush=True)
        bench.measure("start-up settled (nothing pressed)", settle=2.0)
        actions(j, bench)
        companion(j, bench)
        pinger.stop()
        if empty:
            print("  %-58s %7.1f ms" % ("floor: an idle empty libadwaita window", floor_ms(empty)))
        over = [name for name, worst in bench.rows if worst > GOAL_MS]
        print("  worst of all: %.1f ms; over %.0f ms: %s"
              % (max(w for _, w in bench.rows), GOAL_MS, ", ".join(over) or "none"))
        ok = True
    except Exception:
        print("screenshot: " + j.screenshot("failed"), file=sys.stderr)
        raise
    finally:
        j.finish(ok)


if __name__ == "__main__":
    main()
