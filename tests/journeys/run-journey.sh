#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs one journey in an X server and a D-Bus session of its own, with the
# accessibility bus, so that the program it starts is reachable over AT-SPI, takes
# the keyboard, and nothing leaks between journeys running side by side.
set -eu
runtime=$(mktemp -d "${TMPDIR:-/tmp}/reframe-journey-runtime-XXXXXX")
# The document portal (where xdg-desktop-portal is installed) mounts a FUSE folder
# here: unmount it, lazily, before removing the folder.
cleanup () {
  fusermount3 -u -z "$runtime/doc" 2>/dev/null || fusermount -u -z "$runtime/doc" 2>/dev/null || true
  rm -rf "$runtime" 2>/dev/null || true
}
trap cleanup EXIT INT TERM
chmod 700 "$runtime"
export XDG_RUNTIME_DIR="$runtime"
# A start number of its own, so that journeys starting together do not race for one.
status=0
xvfb-run -a -n $(( $$ % 500 + 100 )) -s "-screen 0 1280x800x24" dbus-run-session -- sh -c '
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
