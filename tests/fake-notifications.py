#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A stand-in notification server (org.freedesktop.Notifications) on the session bus.

GLib sends a GNotification to it when neither a portal nor org.gtk.Notifications is
there (GLib's "freedesktop" backend). It records every Notify call, answers
CloseNotification, GetCapabilities and GetServerInformation, and clicks a button when
asked to, as a person would: ActionInvoked, then NotificationClosed.

  fake-notifications.py [--record FILE]

It prints "ready" once it owns the name. Each Notify call is appended to FILE as one line
of JSON: {"id", "app_name", "replaces_id", "summary", "body", "actions": [[key, label],
...], "hints": {...}}. Commands come one a line on standard input, and each is answered
with one line on standard output:

  list                 the notifications showing, as a JSON array of records
  all                  every Notify call so far, as a JSON array
  invoke ID KEY        ActionInvoked(ID, KEY) and NotificationClosed(ID, 2) -> ok;
                       KEY is the rest of the line
  close ID             NotificationClosed(ID, 2), as when dismissed -> ok
"""

import argparse
import json
import sys

from gi.repository import Gio, GLib

XML = """
<node>
  <interface name="org.freedesktop.Notifications">
    <method name="Notify">
      <arg type="s" direction="in"/>
      <arg type="u" direction="in"/>
      <arg type="s" direction="in"/>
      <arg type="s" direction="in"/>
      <arg type="s" direction="in"/>
      <arg type="as" direction="in"/>
      <arg type="a{sv}" direction="in"/>
      <arg type="i" direction="in"/>
      <arg type="u" direction="out"/>
    </method>
    <method name="CloseNotification">
      <arg type="u" direction="in"/>
    </method>
    <method name="GetCapabilities">
      <arg type="as" direction="out"/>
    </method>
    <method name="GetServerInformation">
      <arg type="s" direction="out"/>
      <arg type="s" direction="out"/>
      <arg type="s" direction="out"/>
      <arg type="s" direction="out"/>
    </method>
    <signal name="ActionInvoked">
      <arg type="u"/>
      <arg type="s"/>
    </signal>
    <signal name="NotificationClosed">
      <arg type="u"/>
      <arg type="u"/>
    </signal>
  </interface>
</node>
"""

PATH = "/org/freedesktop/Notifications"
IFACE = "org.freedesktop.Notifications"

# NotificationClosed reasons (the specification's numbers).
DISMISSED = 2
CLOSED_BY_CALL = 3


class Server:
    def __init__(self, record):
        self.record = record
        self.bus = None
        self.next_id = 1
        self.showing = {}
        self.calls = []

    def plain(self, value):
        """Hints as JSON: GLib.Variant values unpacked, bytes as numbers."""
        if isinstance(value, GLib.Variant):
            value = value.unpack()
        if isinstance(value, dict):
            return {k: self.plain(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [self.plain(v) for v in value]
        if isinstance(value, bytes):
            return list(value)
        return value

    def notify(self, params):
        app_name, replaces_id, _icon, summary, body, actions, hints, _timeout = params
        nid = replaces_id if replaces_id in self.showing else self.next_id
        if nid == self.next_id:
            self.next_id += 1
        entry = {
            "id": nid,
            "app_name": app_name,
            "replaces_id": replaces_id,
            "summary": summary,
            "body": body,
            "actions": [list(pair) for pair in zip(actions[0::2], actions[1::2])],
            "hints": self.plain(hints),
        }
        self.showing[nid] = entry
        self.calls.append(entry)
        if self.record:
            with open(self.record, "a", encoding="utf-8") as f:
                f.write(json.dumps(entry, ensure_ascii=False) + "\n")
        return nid

    def closed(self, nid, reason):
        self.showing.pop(nid, None)
        self.bus.emit_signal(None, PATH, IFACE, "NotificationClosed",
                             GLib.Variant("(uu)", (nid, reason)))

    def method_call(self, connection, sender, path, interface, method, params, invocation):
        if method == "Notify":
            invocation.return_value(GLib.Variant("(u)", (self.notify(params.unpack()),)))
        elif method == "CloseNotification":
            nid = params.unpack()[0]
            if nid in self.showing:
                self.closed(nid, CLOSED_BY_CALL)
            invocation.return_value(None)
        elif method == "GetCapabilities":
            invocation.return_value(GLib.Variant("(as)", (["actions", "body"],)))
        elif method == "GetServerInformation":
            invocation.return_value(GLib.Variant("(ssss)", ("fake-notifications", "Reframe tests",
                                                            "1.0", "1.2")))

    def command(self, line):
        # An action key may hold spaces (a target's text): it is the rest of the line.
        words = line.split(None, 2)
        if not words:
            return None
        if words[0] == "list":
            return json.dumps(list(self.showing.values()), ensure_ascii=False)
        if words[0] == "all":
            return json.dumps(self.calls, ensure_ascii=False)
        if words[0] == "invoke" and len(words) == 3:
            nid = int(words[1])
            self.bus.emit_signal(None, PATH, IFACE, "ActionInvoked",
                                 GLib.Variant("(us)", (nid, words[2].strip())))
            self.closed(nid, DISMISSED)
            return "ok"
        if words[0] == "close" and len(words) == 2:
            self.closed(int(words[1]), DISMISSED)
            return "ok"
        return "error: unknown command %r" % line


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--record", help="append each Notify call to this file")
    args = parser.parse_args()

    server = Server(args.record)
    loop = GLib.MainLoop()
    server.bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    node = Gio.DBusNodeInfo.new_for_xml(XML)
    server.bus.register_object(PATH, node.interfaces[0], server.method_call, None, None)

    def acquired(connection, name):
        print("ready", flush=True)

    def lost(connection, name):
        print("error: could not own " + name, flush=True)
        loop.quit()

    Gio.bus_own_name_on_connection(server.bus, IFACE, Gio.BusNameOwnerFlags.DO_NOT_QUEUE,
                                   acquired, lost)

    def stdin_ready(channel, condition):
        line = channel.readline()
        if not line:
            loop.quit()
            return False
        answer = server.command(line)
        if answer is not None:
            print(answer, flush=True)
        return True

    channel = GLib.IOChannel.unix_new(sys.stdin.fileno())
    GLib.io_add_watch(channel, GLib.PRIORITY_DEFAULT, GLib.IOCondition.IN | GLib.IOCondition.HUP,
                      stdin_ready)
    loop.run()


if __name__ == "__main__":
    sys.exit(main())
