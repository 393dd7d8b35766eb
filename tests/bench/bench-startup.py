#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Start-up of Reframe on the ten-year and the stress journal against an empty libadwaita
# window, alternating runs in one session. Run by build-aux/bench.sh under Xvfb.
#
# For each run: the first frame, "usable" (the end of the last main-loop hold over 50 ms
# after the window maps, seen by a high-priority timeout every 5 ms inside the process:
# REFRAME_BENCH_FRAMES), and the resident memory a second after the first frame.
# usage: bench-startup.py RUNS TEN_YEAR_DIR BUILDDIR [STRESS_DIR]
import os
import re
import statistics
import subprocess
import sys
import time

runs, data_dir, builddir = int(sys.argv[1]), sys.argv[2], sys.argv[3]
stress_dir = sys.argv[4] if len(sys.argv) > 4 else None
env = dict(os.environ, GSETTINGS_BACKEND="memory", NO_AT_BRIDGE="1", REFRAME_BENCH_FRAMES="1",
           GSETTINGS_SCHEMA_DIR=os.path.abspath(builddir + "/data"))
programs = {
    "empty libadwaita window": [builddir + "/tests/bench/bench-empty-window"],
    "Reframe, ten-year journal": [builddir + "/src/reframe", "--data-dir", data_dir],
}
if stress_dir:
    programs["Reframe, stress journal"] = [builddir + "/src/reframe", "--data-dir", stress_dir]
HOLD_MS = 50


def usable_ms(err, first_frame):
    mapped = re.search(r"^mark window mapped\s+([\d.]+) ms", err, re.M)
    end = first_frame
    for held, until in re.findall(r"^main loop held\s+([\d.]+) ms, until\s+([\d.]+) ms", err, re.M):
        if float(held) > HOLD_MS and (mapped is None or float(until) > float(mapped.group(1))):
            end = max(end, float(until))
    return end


results = {name: {"first": [], "usable": [], "rss": []} for name in programs}
for i in range(runs + 1):
    for name, argv in programs.items():
        env["REFRAME_BENCH_T0"] = str(int(time.clock_gettime(time.CLOCK_MONOTONIC) * 1e6))
        done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=60)
        fields = dict(line.split(None, 1) for line in done.stdout.splitlines() if line.strip())
        if i == 0:
            continue  # the first round warms the disk cache
        first = float(fields["first-frame-ms"])
        results[name]["first"].append(first)
        results[name]["usable"].append(usable_ms(done.stderr, first))
        results[name]["rss"].append(int(fields["rss-settled-kib"]) / 1024)


def median(name, key):
    return statistics.median(results[name][key])


base = "empty libadwaita window"
for name in programs:
    print(f"{name:27s} first frame {median(name, 'first'):6.1f} ms   usable {median(name, 'usable'):6.1f} ms"
          f"   resident {median(name, 'rss'):6.1f} MiB")
ten = "Reframe, ten-year journal"
print(f"ten-year: usable {median(ten, 'usable') / median(base, 'usable'):.2f}x the empty window "
      f"(target <= 1.3x); memory {median(ten, 'rss') - median(base, 'rss'):+.1f} MiB (target <= +30 MiB)")
if stress_dir:
    stress = "Reframe, stress journal"
    print(f"stress: usable {median(stress, 'usable') / median(ten, 'usable'):.2f}x the ten-year journal "
          f"(target <= 1.1x); memory {median(stress, 'rss') - median(base, 'rss'):+.1f} MiB")
print(f"{runs} runs each, alternating; renderer {os.environ.get('GSK_RENDERER', 'default')}")
