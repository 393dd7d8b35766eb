# SPDX-License-Identifier: GPL-3.0-or-later
"""A stand-in for GNOME's session manager and screen saver on the journey's D-Bus session.

GTK 4.8 follows the screen lock (GtkApplication:screensaver-active) only when a session
manager takes the application's registration and org.gnome.ScreenSaver says ActiveChanged.
This answers RegisterClient, GetActive and IsInhibited, and lets the journey lock the
"screen" with SetActive, as a desktop would. It prints "ready" once both names are owned.
"""

import sys

from gi.repository import Gio, GLib

XML = """
<node>
  <interface name="org.gnome.SessionManager">
    <method name="RegisterClient">
      <arg type="s" direction="in"/>
      <arg type="s" direction="in"/>
      <arg type="o" direction="out"/>
    </method>
    <method name="UnregisterClient">
      <arg type="o" direction="in"/>
    </method>
    <method name="IsInhibited">
      <arg type="u" direction="in"/>
      <arg type="b" direction="out"/>
    </method>
  </interface>
  <interface name="org.gnome.ScreenSaver">
    <method name="GetActive">
      <arg type="b" direction="out"/>
    </method>
    <method name="SetActive">
      <arg type="b" direction="in"/>
    </method>
    <signal name="ActiveChanged">
      <arg type="b"/>
    </signal>
  </interface>
</node>
"""

NODE = Gio.DBusNodeInfo.new_for_xml(XML)
state = {"active": False, "owned": 0}


def method_call(connection, sender, path, interface, method, params, invocation):
    if method == "RegisterClient":
        invocation.return_value(GLib.Variant("(o)", ("/org/gnome/SessionManager/Client1",)))
    elif method == "UnregisterClient":
        invocation.return_value(None)
    elif method == "IsInhibited":
        invocation.return_value(GLib.Variant("(b)", (False,)))
    elif method == "GetActive":
        invocation.return_value(GLib.Variant("(b)", (state["active"],)))
    elif method == "SetActive":
        state["active"] = params.unpack()[0]
        connection.emit_signal(None, "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver",
                               "ActiveChanged", GLib.Variant("(b)", (state["active"],)))
        invocation.return_value(None)


def name_acquired(connection, name):
    state["owned"] += 1
    if state["owned"] == 2:
        print("ready", flush=True)


def main():
    bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    bus.register_object("/org/gnome/SessionManager", NODE.interfaces[0], method_call, None, None)
    bus.register_object("/org/gnome/ScreenSaver", NODE.interfaces[1], method_call, None, None)
    for name in ("org.gnome.SessionManager", "org.gnome.ScreenSaver"):
        Gio.bus_own_name_on_connection(bus, name, Gio.BusNameOwnerFlags.NONE, name_acquired, None)
    GLib.MainLoop().run()


if __name__ == "__main__":
    sys.exit(main())
