#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Benchmarks on the reference journals of DESIGN.md: open and first page, search,
# insert, and under Xvfb the app's first frame and memory against an empty
# libadwaita window measured in the same run. Journals are generated once into
# $REFRAME_BENCH_DIR (default /tmp/reframe-bench) by the project's generator.
set -euo pipefail
cd "$(dirname "$0")/.."
source build-aux/deps.sh
reframe_install_deps python3 python3-xlib xdotool

builddir=_build-bench
if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir" -Dbuildtype=release >/dev/null
fi
ninja -C "$builddir" >/dev/null
bench_dir="${REFRAME_BENCH_DIR:-/tmp/reframe-bench}"
runs="${REFRAME_BENCH_RUNS:-10}"
mkdir -p "$bench_dir"

# A journal made by an older generator (before worksheets) is made again.
for profile in ten-year stress; do
  if [ ! -f "$bench_dir/$profile/reframe.db" ] || [ ! -f "$bench_dir/$profile/.generator-2" ]; then
    rm -rf "${bench_dir:?}/$profile"
    "$builddir/tests/bench/reframe-generate" --profile "$profile" "$bench_dir/$profile"
    touch "$bench_dir/$profile/.generator-2"
  fi
done

echo "== Journal (targets: first page <= 5 ms; search median <= 10 ms ten-year, <= 50 ms stress; insert <= 2 ms)"
for profile in ten-year stress; do
  echo "-- $profile"
  "$builddir/tests/bench/bench-journal" "$bench_dir/$profile"
done


echo "== Worksheets (target: open and first page of 1,000 worksheets <= 5 ms; baseline: the journal's first page, same run)"
"$builddir/tests/bench/bench-worksheets" "$bench_dir/ten-year"

echo "== Archive and imports (targets: archive of the ten-year journal <= 3 s; 7,300 rows of Daylio CSV imported <= 2 s; main-loop stall while each runs on its worker thread <= 50 ms; baselines, the idle main loop among them, in the same run)"
"$builddir/tests/bench/bench-imports" "$bench_dir/ten-year"

echo "== Insights (targets: all statistics of the whole journal <= 100 ms ten-year, <= 500 ms stress; baseline: COUNT(*) over the entries, same run)"
"$builddir/tests/bench/bench-insights" "$bench_dir/ten-year" 100 "$runs"
"$builddir/tests/bench/bench-insights" "$bench_dir/stress" 500 "$runs"

echo "== Insights charts at window size, 900x300 (target: each chart <= 8 ms; baseline: one rectangle and one line of text, same run)"
"$builddir/tests/bench/bench-charts" "$bench_dir/ten-year"

echo "== Report for a therapist, last year and all ten (targets: PDF <= 1 s one year, <= 5 s ten years; peak memory against the process after opening the journal)"
"$builddir/tests/bench/bench-report" "$bench_dir/ten-year"

echo "== Backups of the ten-year journal (targets: backup <= 1 s, restore <= 2 s, main-loop stall <= 50 ms; baseline: cp and sync of the same file, same run)"
"$builddir/tests/bench/bench-backups" "$bench_dir/ten-year" "$runs"

echo "== Encrypted journal against the plain one, ten years, same run (targets: open and first page <= 1.2x, search <= 1.5x, save one entry <= 1.5x; plus the unlock time)"
python3 tests/bench/bench-crypt.py "$builddir" "$bench_dir/ten-year" "$runs"

echo "== Encrypting VFS on a synthetic ten-year journal (target: search and insert within 15% of the default VFS; baseline: the default VFS, same run)"
"$builddir/tests/bench/bench-crypt-vfs" "$runs"

echo "== kill -9 loop over reframe log, backup, restore --yes and import of 3,000 Daylio rows (300 kills of each; every acknowledged entry present, each import all or nothing and completed by a re-run, integrity_check ok, no stray files)"
python3 tests/kill-loop.py --reframe "$builddir/src/reframe" --kills "${REFRAME_BENCH_KILLS:-300}" --entries 200 --import-rows 3000

echo "== Companion: the request for the next reply of a conversation of 50 and 500 turns, fitted to a 4,096- and a 16,384-token context (targets: <= 5 ms at 500 turns, flat from 50 to 500; baseline: every turn and no budget, same run)"
GSETTINGS_BACKEND=memory "$builddir/tests/bench/bench-context"

echo "== Companion: a streamed reply of 1,000, 10,000 and 20,000 deltas (per-delta cost must stay flat)"
xvfb-run -a -s "-screen 0 1280x800x24 -noreset" dbus-run-session -- \
  env GSETTINGS_SCHEMA_DIR="$builddir/data" "$builddir/tests/bench/bench-chat" 2>/dev/null

echo "== Spell-checking: typing in the middle of a 20,000-word journal note, keystroke-to-paint and keystroke-to-idle, median and p95 (target: p95 with spelling on within one 60 Hz frame, 16.7 ms; baseline: spell-checking off, same run)"
xvfb-run -a -s "-screen 0 1280x800x24 -noreset" dbus-run-session -- \
  env GSETTINGS_SCHEMA_DIR="$builddir/data" GSETTINGS_BACKEND=memory GSK_RENDERER=cairo "$builddir/tests/bench/bench-spell" 2>/dev/null

for renderer in default cairo; do
  echo "== Worksheet editor, first frame for each built-in template, renderer $renderer (target: largest <= 50 ms)"
  if [ "$renderer" = default ]; then unset GSK_RENDERER; else export GSK_RENDERER=$renderer; fi
  xvfb-run -a -s "-screen 0 1280x800x24 -noreset" dbus-run-session -- \
    env GSETTINGS_SCHEMA_DIR="$builddir/data" "$builddir/tests/bench/bench-editor" 2>/dev/null
done
unset GSK_RENDERER

# GTK's default renderer under Xvfb is GL on Mesa's software rasterizer; the cairo
# renderer is what GSK_RENDERER=cairo gives. Each is compared with the baseline
# drawn by the same renderer.
for renderer in default cairo; do
  echo "== Start-up under Xvfb on the ten-year and the stress journal, renderer $renderer (baseline: an empty libadwaita window, same run; targets: usable <= 1.3x the empty window, stress <= 1.1x ten-year, memory <= +30 MiB)"
  if [ "$renderer" = default ]; then unset GSK_RENDERER; else export GSK_RENDERER=$renderer; fi
  xvfb-run -a -s "-screen 0 1280x800x24 -noreset" dbus-run-session -- \
    python3 tests/bench/bench-startup.py "$runs" "$bench_dir/ten-year" "$builddir" "$bench_dir/stress" 2>/dev/null
done
unset GSK_RENDERER

# A person's hands on the ten-year journal, with the journeys' harness: the longest
# main-loop stall of each action, by _NET_WM_PING every 20 ms, the idle empty window
# pinged the same way as the floor.
echo "== Main-loop stalls per action on the ten-year journal (target: none over 50 ms; floor: an idle empty libadwaita window, same run)"
REFRAME_BIN="$PWD/$builddir/src/reframe" GSETTINGS_SCHEMA_DIR="$PWD/$builddir/data" \
  REFRAME_LOCALEDIR="$PWD/$builddir/po" REFRAME_BENCH_JOURNAL="$bench_dir/ten-year" \
  REFRAME_FAKE_MODEL_SERVER="$PWD/$builddir/tests/reframe-fake-model-server" TZ=UTC \
  tests/journeys/run-journey.sh tests/bench/bench-stalls.py "$PWD/$builddir/tests/bench/bench-empty-window" 2>/dev/null
