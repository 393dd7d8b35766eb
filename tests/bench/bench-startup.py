#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Time to first frame and resident memory of Reframe against an empty libadwaita
# window, alternating runs in one session. Run by build-aux/bench.sh under Xvfb.
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
