#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Benchmarks on the reference journals of DESIGN.md: open and first page, search,
# insert, and under Xvfb the app's first frame and memory against an empty
# libadwaita window measured in the same run. Journals are generated once into
# $REFRAME_BENCH_DIR (default /tmp/reframe-bench) by the project's generator.
set -euo pipefail
cd "$(dirname "$0")/.."
source build-aux/deps.sh
reframe_install_deps python3

builddir=_build-bench
if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir" -Dbuildtype=release >/dev/null
fi
ninja -C "$builddir" >/dev/null
bench_dir="${REFRAME_BENCH_DIR:-/tmp/reframe-bench}"
runs="${REFRAME_BENCH_RUNS:-10}"
mkdir -p "$bench_dir"

for profile in ten-year stress; do
  if [ ! -f "$bench_dir/$profile/reframe.db" ]; then
    "$builddir/tests/bench/reframe-generate" --profile "$profile" "$bench_dir/$profile"
  fi
done

echo "== Journal (targets: first page <= 5 ms; search median <= 10 ms ten-year, <= 50 ms stress; insert <= 2 ms)"
for profile in ten-year stress; do
  echo "-- $profile"
  "$builddir/tests/bench/bench-journal" "$bench_dir/$profile"
done


startup_bench () {
  python3 - "$runs" "$bench_dir/ten-year" "$builddir" <<'PY'
import os, statistics, subprocess, sys, time
runs, data_dir, builddir = int(sys.argv[1]), sys.argv[2], sys.argv[3]
env = dict(os.environ, GSETTINGS_BACKEND="memory", GSETTINGS_SCHEMA_DIR=os.path.abspath(builddir + "/data"), NO_AT_BRIDGE="1")
programs = {
    "empty libadwaita window": [builddir + "/tests/bench/bench-empty-window"],
    "Reframe (ten-year journal)": [builddir + "/src/reframe", "--data-dir", data_dir],
}
results = {name: {"ms": [], "rss": []} for name in programs}
for i in range(runs + 1):
    for name, argv in programs.items():
        env["REFRAME_BENCH_T0"] = str(int(time.clock_gettime(time.CLOCK_MONOTONIC) * 1e6))
        out = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=60).stdout
        fields = dict(line.split(None, 1) for line in out.splitlines() if line.strip())
        if i == 0:
            continue  # the first round warms the disk cache
        results[name]["ms"].append(float(fields["first-frame-ms"]))
        results[name]["rss"].append(int(fields["rss-settled-kib"]) / 1024)
base = results["empty libadwaita window"]
app = results["Reframe (ten-year journal)"]
for name, r in results.items():
    print(f"{name:28s} first frame median {statistics.median(r['ms']):7.1f} ms   resident {statistics.median(r['rss']):6.1f} MiB")
ratio = statistics.median(app["ms"]) / statistics.median(base["ms"])
extra = statistics.median(app["rss"]) - statistics.median(base["rss"])
print(f"start-up ratio {ratio:.2f}x the empty window (target <= 1.3x); memory +{extra:.1f} MiB (target <= 30 MiB); {runs} runs each, renderer {os.environ.get('GSK_RENDERER', 'default')}")
PY
}

echo "== Start-up under Xvfb (baseline: an empty libadwaita window, same run)"
export -f startup_bench
export runs bench_dir builddir
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- bash -c startup_bench
