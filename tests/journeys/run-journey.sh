#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs one journey in an X server and a D-Bus session of its own, with the
# accessibility bus and a window manager, so that the program it starts is reachable
# over AT-SPI, takes the keyboard, and nothing leaks between journeys running side by
# side.
set -eu
runtime=$(mktemp -d "${TMPDIR:-/tmp}/reframe-journey-runtime-XXXXXX")
chmod 700 "$runtime"
export XDG_RUNTIME_DIR="$runtime"
xvfb_pid=""
# The document portal (where xdg-desktop-portal is installed) mounts a FUSE folder
# here: unmount it, lazily, before removing the folder.
# The X server is waited for: one that is still going away removes its socket by name,
# which may by then be the socket of the next journey's server on the same display.
cleanup () {
  if [ -n "$xvfb_pid" ]; then
    kill "$xvfb_pid" 2>/dev/null
    wait "$xvfb_pid" 2>/dev/null || true
  fi
  fusermount3 -u -z "$runtime/doc" 2>/dev/null || fusermount -u -z "$runtime/doc" 2>/dev/null || true
  rm -rf "$runtime" 2>/dev/null || true
}
trap cleanup EXIT INT TERM

# The X server picks a free display itself and says which (-displayfd): journeys that
# start together never race for one, as xvfb-run -a can.
# -noreset: by default the server resets when its last client leaves, and a client
# connecting during that reset is turned away ("cannot open display"); here clients
# come and go all the time (the check below, the accessibility bus launcher), and the
# program under test once in a while connected at that moment.
# The server is also started again until a client reaches it.
unset XAUTHORITY
for attempt in 1 2 3 4 5; do
  : >"$runtime/display"
  Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp -noreset 3>"$runtime/display" 2>"$runtime/xvfb.log" &
  xvfb_pid=$!
  for _ in $(seq 200); do
    [ -s "$runtime/display" ] && break
    sleep 0.05
  done
  if [ -s "$runtime/display" ]; then
    export DISPLAY=":$(cat "$runtime/display")"
    for _ in $(seq 40); do
      xdotool getdisplaygeometry >/dev/null 2>&1 && break 2
      sleep 0.05
    done
  fi
  kill "$xvfb_pid" 2>/dev/null || true
  wait "$xvfb_pid" 2>/dev/null || true
  xvfb_pid=""
done
if [ -z "$xvfb_pid" ]; then
  echo "Xvfb did not start:" >&2
  cat "$runtime/xvfb.log" >&2
  exit 1
fi
# The outer X server's cookie (xvfb-run) means nothing to this one.
unset XAUTHORITY

# The session bus also looks for D-Bus services in a folder of the journey's own, so that
# a journey can start the program by D-Bus activation, as a desktop does when a
# notification is clicked (journey-reminders.py).
export JOURNEY_DBUS_SERVICES="$runtime/dbus-services"
mkdir "$JOURNEY_DBUS_SERVICES"
cat >"$runtime/session.conf" <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <include>/usr/share/dbus-1/session.conf</include>
  <servicedir>$JOURNEY_DBUS_SERVICES</servicedir>
</busconfig>
EOF

status=0
dbus-run-session --config-file="$runtime/session.conf" -- sh -c '
  /usr/libexec/at-spi-bus-launcher --launch-immediately >/dev/null 2>&1 &
  launcher=$!
  # A window manager, as on a desktop: it gives the focus back to the window
  # below when a dialog closes, which is what a person sees.
  openbox --sm-disable >/dev/null 2>&1 &
  wm=$!
  /usr/bin/python3 "$@"
  status=$?
  kill $launcher $wm 2>/dev/null || true
  exit $status' sh "$@" || status=$?
exit $status
