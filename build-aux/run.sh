#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what is missing, builds, and starts Reframe. Arguments go to the app,
# e.g. ./build-aux/run.sh --data-dir /tmp/journal
set -euo pipefail
cd "$(dirname "$0")/.."
source build-aux/deps.sh
reframe_install_deps

builddir=_build
if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir" >/dev/null
fi
ninja -C "$builddir" >/dev/null
# Run from the build tree: the schema compiled there is the one the app reads.
export GSETTINGS_SCHEMA_DIR="$PWD/$builddir/data"
# and the app icon from the source tree, for the About window and the shell.
export XDG_DATA_DIRS="$PWD/data:${XDG_DATA_DIRS:-/usr/local/share:/usr/share}"
# and the translations built there.
export REFRAME_LOCALEDIR="$PWD/$builddir/po"
exec "$builddir/src/reframe" "$@"
