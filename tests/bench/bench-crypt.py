#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The encrypted journal against the plain one, in the same run.

bench-crypt.py BUILDDIR JOURNAL-DIR [ROUNDS]: copies the journal twice, encrypts one
copy with `reframe encrypt`, then runs bench-journal on the plain and the encrypted
copy in turn, ROUNDS times each (interleaved, as these machines are noisy), and prints
the median of each figure, the ratio, and the target of issue 13 beside it. Also the
time `reframe encrypt` took and the unlock time (Argon2id plus opening)."""

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

TARGETS = {"open-first-page-ms": 1.2, "search-ms": 1.5, "insert-ms": 1.5}


def run_bench(bench, folder, passphrase_file=None):
    args = [bench, folder] + ([passphrase_file] if passphrase_file else [])
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    figures = {}
    for line in out.splitlines():
        m = re.match(r"(\S+) (?:median )?([0-9.]+)(?: p95 ([0-9.]+))?", line)
        if m:
            figures[m.group(1)] = (float(m.group(2)), float(m.group(3) or m.group(2)))
    return figures


def main():
    build, journal = sys.argv[1], sys.argv[2]
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    reframe = os.path.join(build, "src", "reframe")
    bench = os.path.join(build, "tests", "bench", "bench-journal")
    with tempfile.TemporaryDirectory(prefix="reframe-bench-crypt-") as tmp:
        plain, encrypted = os.path.join(tmp, "plain"), os.path.join(tmp, "encrypted")
        for folder in (plain, encrypted):
            os.makedirs(folder)
            shutil.copy(os.path.join(journal, "reframe.db"), folder)
        passphrase = os.path.join(tmp, "passphrase")
        with open(passphrase, "w") as f:
            f.write("a quiet walk by the sea\n")
        start = time.monotonic()
        subprocess.run([reframe, "encrypt", "--passphrase-file", passphrase, "--data-dir", encrypted],
                       check=True, capture_output=True, start_new_session=True)
        encrypt_s = time.monotonic() - start
        runs = {"plain": [], "encrypted": []}
        for _ in range(rounds):
            runs["plain"].append(run_bench(bench, plain))
            runs["encrypted"].append(run_bench(bench, encrypted, passphrase))
        sizes = {k: os.path.getsize(os.path.join(v, "reframe.db")) for k, v in (("plain", plain), ("encrypted", encrypted))}
    print(f"journal {journal}: {sizes['plain'] / 1e6:.1f} MB plain, {sizes['encrypted'] / 1e6:.1f} MB encrypted")
    print(f"reframe encrypt (Argon2id, VACUUM INTO, check, rename): {encrypt_s:.2f} s")
    unlock = statistics.median(r["unlock-ms"][0] for r in runs["encrypted"])
    print(f"unlock-ms median {unlock:.0f} (Argon2id and the first page's check)")
    print(f"{'figure':22} {'plain':>10} {'encrypted':>10} {'ratio':>6} {'target':>7}")
    for name, target in TARGETS.items():
        for i, label in ((0, "median"), (1, "p95")):
            p = statistics.median(r[name][i] for r in runs["plain"])
            e = statistics.median(r[name][i] for r in runs["encrypted"])
            ratio = e / p if p else float("inf")
            mark = "ok" if ratio <= target else "OVER"
            print(f"{name + ' ' + label:22} {p:10.2f} {e:10.2f} {ratio:6.2f} {'≤' + str(target):>7} {mark}")


if __name__ == "__main__":
    main()
