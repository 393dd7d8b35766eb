#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a test with a real, unlocked GNOME Keyring in a private D-Bus session of its
# own (tooling.md "Keyring in tests"). The keyring files go to a temporary folder,
# never to the home folder, and the daemon ends with the session.
set -eu

tmp=$(mktemp -d "${TMPDIR:-/tmp}/reframe-keyring-XXXXXX")
# On a desktop with xdg-desktop-portal installed, the private session starts the
# document portal, which mounts a FUSE folder in the runtime folder: unmount it (lazily:
# the portal has gone with the session) before removing the folder.
cleanup () {
  fusermount3 -u -z "$tmp/runtime/doc" 2>/dev/null || fusermount -u -z "$tmp/runtime/doc" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
mkdir -m 700 "$tmp/data" "$tmp/runtime"
export XDG_DATA_HOME="$tmp/data" XDG_RUNTIME_DIR="$tmp/runtime"
export REFRAME_TEST_KEYRING_DIR="$tmp/data/keyrings"

# The test's debugging settings are for the test binary, not for the daemon: with
# G_DEBUG=fatal-warnings any warning of its own would end it in the middle of a call.
dbus-run-session -- sh -c '
  eval "$(printf %s reframe-test-password | env -u G_DEBUG -u MALLOC_CHECK_ -u MALLOC_PERTURB_ \
    -u ASAN_OPTIONS -u UBSAN_OPTIONS -u LSAN_OPTIONS gnome-keyring-daemon --unlock --components=secrets)"
  export GNOME_KEYRING_CONTROL
  exec "$@"' sh "$@"
