#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Takes the screenshots of the AppStream metainfo again: runs the journeys that take
# them (journal, worksheets, companion, safety-plan; each calls metainfo_screenshot() of
# tests/journeys/journey.py) with REFRAME_SCREENSHOT_DIR set, and copies the PNGs to
# data/screenshots/. Builds _build first when needed. Commit the PNGs that changed;
# the metainfo names them (data/io.github.reframe.Reframe.metainfo.xml.in.in, with
# their sizes, which the data test metainfo-screenshots compares).
set -euo pipefail
cd "$(dirname "$0")/.."
source build-aux/deps.sh
reframe_install_deps

builddir=${BUILDDIR:-_build}
if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir"
fi
nice -n 10 ninja -C "$builddir"

shots=$(mktemp -d "${TMPDIR:-/tmp}/reframe-screenshots-XXXXXX")
trap 'rm -rf "$shots"' EXIT
journeys=(journal worksheets companion safety-plan)
REFRAME_SCREENSHOT_DIR="$shots" meson test -C "$builddir" --suite journeys --print-errorlogs \
  "${journeys[@]}"

mkdir -p data/screenshots
for name in journal worksheet companion safety-plan; do
  if [ ! -s "$shots/$name.png" ]; then
    echo "no screenshot $name.png was taken" >&2
    exit 1
  fi
  cp "$shots/$name.png" "data/screenshots/$name.png"
  echo "data/screenshots/$name.png: $(identify -format '%wx%h' "data/screenshots/$name.png")"
done
