#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The kill -9 loop: `reframe log`, `reframe backup` and `reframe restore --yes` started
over and over on one journal and killed at random moments, then checked.

Checks, at the end and after each restore that finished:
- every `log` that was acknowledged (exit 0) after the last restore that may have run
  (finished or killed) is in the journal; a finished restore leaves exactly the
  backup's entries;
- PRAGMA integrity_check is ok, for the journal and for every backup;
- no temporary file is left in the data folder or the backups folder once the next
  backup command has run (a killed writer cannot remove its own; the next backup,
  restore or listing in that folder does, which is what `reframe backups` runs here
  before the check).

Usage: kill-loop.py [--reframe BIN] [--kills N] [--entries N] [--seed S] [--keep DIR]
`--kills` is per command (20 in the suite, 300 in build-aux/bench.sh). Exit status 0
when every check holds.
"""

import argparse
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

COMMANDS = ("log", "backup", "restore")
BACKUP_NAME = re.compile(
    r"^reframe-\d{8}-\d{6}-\d{3}-(daily|on-quit|manual|before-update|before-restore|before-import)\.db$"
)
JOURNAL_FILES = {"reframe.db", "reframe.db-wal", "reframe.db-shm", "backups"}
UUID = re.compile(r"\(([0-9a-f-]{36})\)")
WORDS = "today felt tired after work walked the dog in rain and called my sister about weekend".split()


def fail(message):
    print("FAIL: " + message, file=sys.stderr)
    sys.exit(1)


class Loop:
    def __init__(self, reframe, data_dir, rng):
        self.reframe = reframe
        self.data_dir = data_dir
        self.rng = rng
        self.kills = dict.fromkeys(COMMANDS, 0)
        self.done = dict.fromkeys(COMMANDS, 0)
        self.durations = {command: [] for command in COMMANDS}
        self.required = set()
        self.n_acknowledged = 0
        self.n_checked = 0

    def argv(self, command, base):
        argv = [self.reframe]
        if command == "log":
            note = " ".join(self.rng.choice(WORDS) for _ in range(self.rng.randint(20, 400)))
            argv += ["log", "--mood", str(self.rng.randint(1, 5)), "--note", note]
        elif command == "backup":
            argv += ["backup"]
        else:
            argv += ["restore", "--yes", base]
        return argv + ["--data-dir", self.data_dir]

    def run(self, args, check=True):
        result = subprocess.run([self.reframe] + args + ["--data-dir", self.data_dir],
                                capture_output=True, text=True, timeout=120)
        if check and result.returncode != 0:
            fail("reframe %s exited %d: %s" % (" ".join(args), result.returncode, result.stderr.strip()))
        return result.stdout

    def entries(self):
        return {entry["uuid"] for entry in json.loads(self.run(["list", "--json"]))}

    def usual_duration(self, command):
        recent = sorted(self.durations[command]) or [0.05]
        return recent[len(recent) * 3 // 4]

    def once(self, command, base, kill):
        start = time.monotonic()
        process = subprocess.Popen(self.argv(command, base), stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True)
        killed = False
        if kill:
            # A random moment within how long the command usually takes (lately: a disk
            # busy with other work makes it slower), a little past it.
            delay = self.rng.uniform(0, self.usual_duration(command) * 1.2)
            try:
                process.wait(timeout=delay)
            except subprocess.TimeoutExpired:
                process.send_signal(signal.SIGKILL)
                killed = True
        out, err = process.communicate(timeout=120)
        if killed and process.returncode != -signal.SIGKILL:
            killed = False
        if killed:
            self.kills[command] += 1
        elif process.returncode != 0:
            fail("reframe %s exited %d: %s" % (command, process.returncode, err.strip()))
        else:
            self.done[command] += 1
            self.durations[command] = (self.durations[command] + [time.monotonic() - start])[-30:]
        return killed, out

    def check_required(self):
        missing = self.required - self.entries()
        if missing:
            fail("%d acknowledged entries are missing: %s" % (len(missing), ", ".join(sorted(missing))))

    def step(self, command, base, base_entries, kill=True):
        if command == "restore" and self.required:
            # Every entry acknowledged since the last restore is there before the next.
            self.check_required()
        killed, out = self.once(command, base, kill)
        if command == "log" and not killed:
            match = UUID.search(out)
            if match is None:
                fail("`reframe log` said nothing of its entry: %r" % out)
            self.required.add(match.group(1))
            self.n_acknowledged += 1
        elif command == "restore":
            # Killed, it may or may not have gone through: either is allowed.
            self.n_checked += len(self.required)
            self.required = set()
            if not killed:
                present = self.entries()
                if present != base_entries:
                    fail("after a restore the journal holds %d entries, not the backup's %d"
                         % (len(present), len(base_entries)))


def integrity_ok(path):
    db = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    try:
        return db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        db.close()


def check_folders(data_dir):
    backups = os.path.join(data_dir, "backups")
    strays = [name for name in os.listdir(data_dir) if name not in JOURNAL_FILES]
    strays += ["backups/" + name for name in os.listdir(backups) if not BACKUP_NAME.match(name)]
    if strays:
        fail("files left behind: %s" % ", ".join(sorted(strays)))
    for name in os.listdir(backups):
        path = os.path.join(backups, name)
        if not integrity_ok(path):
            fail("backup %s fails integrity_check" % name)
        if os.stat(path).st_mode & 0o777 != 0o600:
            fail("backup %s is not private" % name)
    return len(os.listdir(backups))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reframe", default=os.environ.get("REFRAME_BIN", "reframe"))
    parser.add_argument("--kills", type=int, default=20, help="kills of each command")
    parser.add_argument("--entries", type=int, default=30, help="entries logged before the loop")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--keep", help="work in this folder and leave it")
    args = parser.parse_args()

    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 30)
    rng = random.Random(seed)
    work = args.keep or tempfile.mkdtemp(prefix="reframe-kill-loop-")
    data_dir = os.path.join(work, "data")
    base = os.path.join(work, "base.db")
    loop = Loop(args.reframe, data_dir, rng)
    print("seed %d, %d kills of each command, folder %s" % (seed, args.kills, work), flush=True)
    started = time.monotonic()

    try:
        # The journal, and the backup every restore goes back to (outside the data folder).
        for _ in range(args.entries):
            loop.step("log", base, None, kill=False)
        loop.run(["backup", "--to", base])
        base_entries = loop.entries()
        loop.required = set()
        for command in COMMANDS:
            loop.step(command, base, base_entries, kill=False)

        last_report = 0
        while min(loop.kills.values()) < args.kills:
            # Logs more often than the others, so that many are acknowledged between restores.
            pending = [c for c in COMMANDS if loop.kills[c] < args.kills]
            weights = [3 if c == "log" else 1 for c in pending]
            loop.step(rng.choices(pending, weights)[0], base, base_entries)
            total = sum(loop.kills.values())
            if total % 100 == 0 and total != last_report:
                last_report = total
                print("... %d kills, %.0f s" % (total, time.monotonic() - started), flush=True)

        # The next backup command tidies what killed ones left; then everything is checked.
        loop.run(["backups"])
        present = loop.entries()
        loop.check_required()
        loop.n_checked += len(loop.required)
        if not integrity_ok(os.path.join(data_dir, "reframe.db")):
            fail("the journal fails integrity_check")
        n_backups = check_folders(data_dir)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    print("kills: " + ", ".join("%s %d" % (c, loop.kills[c]) for c in COMMANDS))
    print("finished: " + ", ".join("%s %d" % (c, loop.done[c]) for c in COMMANDS))
    print("acknowledged entries %d, of them %d checked present before the next restore or at the end "
          "(the others came before the base backup); %d entries in the journal; integrity_check ok; "
          "%d backups, all sound and private; no stray files; %.1f s"
          % (loop.n_acknowledged, loop.n_checked, len(present), n_backups, time.monotonic() - started))


if __name__ == "__main__":
    main()
