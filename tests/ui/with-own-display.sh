#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs one widget test in an X server of its own. Widget tests running side by side on
# one X server trade selections (an entry that selects its text takes PRIMARY, and
# another test's toolkit asks for it), and a process that ends while GDK still answers
# such a request leaves the answer's buffers behind for LeakSanitizer to report.
set -u
runtime=$(mktemp -d "${TMPDIR:-/tmp}/reframe-ui-display-XXXXXX")
xvfb_pid=""
cleanup () {
  if [ -n "$xvfb_pid" ]; then
    kill "$xvfb_pid" 2>/dev/null
    wait "$xvfb_pid" 2>/dev/null || true
  fi
  rm -rf "$runtime"
}
trap cleanup EXIT INT TERM

# The server picks a free display itself and says which (-displayfd).
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
unset XAUTHORITY
"$@"
