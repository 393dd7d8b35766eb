#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The kill -9 loop: `reframe log`, `reframe backup`, `reframe restore --yes` and
`reframe import FILE` started over and over on one journal and killed at random moments,
then checked.

Checks, at the end and after each restore that finished:
- every `log` that was acknowledged (exit 0) after the last restore that may have run
  (finished or killed) is in the journal; a finished restore leaves exactly the
  backup's entries;
- PRAGMA integrity_check is ok, for the journal and for every backup;
- no temporary file is left in the data folder or the backups folder once the next
  backup command has run (a killed writer cannot remove its own; the next backup,
  restore or listing in that folder does, which is what `reframe backups` runs here
  before the check).

And after each import (a Daylio CSV of --import-rows generated rows, new for every
import, so that kills land in the middle of its one transaction):
- the journal holds either none or all of that file's entries, never a part, and
  integrity_check is ok;
- an import killed is run again and completes, adding exactly the missing ones (the
  rest counted as already there); one that finished added them all;
- then a restore, not killed, takes the journal back to the base backup, so that it
  does not grow by thousands of entries an import.

Usage: kill-loop.py [--reframe BIN] [--kills N] [--entries N] [--import-rows N]
                    [--seed S] [--keep DIR]
`--kills` is per command (20 in the suite, 300 in build-aux/bench.sh). Exit status 0
when every check holds.
"""

import argparse
import datetime
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import struct
import subprocess
import sys
import tempfile
import time

COMMANDS = ("log", "backup", "restore", "import")
BACKUP_NAME = re.compile(
    r"^reframe-\d{8}-\d{6}-\d{3}-(daily|on-quit|manual|before-update|before-restore|before-import)\.db$"
)
JOURNAL_FILES = {"reframe.db", "reframe.db-wal", "reframe.db-shm", "backups"}
UUID = re.compile(r"\(([0-9a-f-]{36})\)")
WORDS = "today felt tired after work walked the dog in rain and called my sister about weekend".split()
DAYLIO_MOODS = ("awful", "bad", "meh", "good", "rad")
DAYLIO_ACTIVITIES = ("work", "walk", "family", "friends", "reading", "bad sleep")


def fail(message):
    print("FAIL: " + message, file=sys.stderr)
    sys.exit(1)


def write_daylio(path, file_id, n_rows, rng):
    """A Daylio CSV export of n_rows rows, two a day; every note names its file, so that
    the journal can be asked how many of this file's entries it holds."""
    start = datetime.date(2000, 1, 1) + datetime.timedelta(days=rng.randrange(3000))
    notes = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 60))) for _ in range(64)]
    lines = ["\ufefffull_date,date,weekday,time,mood,activities,note_title,note\r\n"]
    for row in range(n_rows):
        day = start + datetime.timedelta(days=row // 2)
        lines.append('%s,%s,%s,%s,%s,"%s | %s","","kill-loop file %d row %d: %s<br>%s"\r\n' % (
            day.isoformat(), day.strftime("%B %d"), day.strftime("%A"),
            "21:40" if row % 2 else "8:05 AM", DAYLIO_MOODS[row % 5],
            DAYLIO_ACTIVITIES[row % 6], DAYLIO_ACTIVITIES[(row // 6) % 6], file_id, row,
            notes[row % 64], notes[(row * 7) % 64]))
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write("".join(lines))


class Loop:
    def __init__(self, reframe, data_dir, rng, work, import_rows):
        self.reframe = reframe
        self.data_dir = data_dir
        self.rng = rng
        self.work = work
        self.import_rows = import_rows
        self.n_files = 0
        self.import_file = None
        # Kills after which the import's entries were all there (it had committed), none
        # there with its uncommitted writes at the end of the WAL (killed in the middle of
        # its transaction), or none there and no such writes (killed before it wrote).
        self.import_kills = {"all": 0, "mid-transaction": 0, "before-writing": 0}
        self.n_imported = 0
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
        elif command == "import":
            argv += ["import", self.import_file, "--json"]
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

    def journal_query(self, sql, *args):
        # A connection of its own, as any other reader of the journal.
        db = sqlite3.connect(os.path.join(self.data_dir, "reframe.db"))
        try:
            return db.execute(sql, args).fetchone()[0]
        finally:
            db.close()

    def count_file_entries(self, file_id):
        return self.journal_query(
            "SELECT count(*) FROM mood_entries e JOIN mood_notes n ON n.entry_id = e.id "
            "WHERE n.note LIKE ?", "kill-loop file %d row %%" % file_id)

    def uncommitted_wal_frames(self):
        """Frames at the end of the journal's WAL that no commit frame follows: what a
        writer killed in the middle of its transaction leaves (read before anything opens
        the journal again, which would roll them back)."""
        try:
            with open(os.path.join(self.data_dir, "reframe.db-wal"), "rb") as wal:
                data = wal.read()
        except FileNotFoundError:
            return 0
        if len(data) < 32:
            return 0
        page_size = struct.unpack(">I", data[8:12])[0]
        salts = data[16:24]
        offset, tail = 32, 0
        while offset + 24 + page_size <= len(data) and data[offset + 8:offset + 16] == salts:
            commit_size = struct.unpack(">I", data[offset + 4:offset + 8])[0]
            tail = 0 if commit_size else tail + 1
            offset += 24 + page_size
        return tail

    def import_step(self, base, base_entries, kill):
        """One import of a new file, killed or not; then the checks, and after a kill the
        import again, which must add exactly the missing entries. Then a restore (not
        killed) takes the journal back to the base backup, so that it does not grow by
        thousands of entries an import and the other commands keep their usual times."""
        self.n_files += 1
        file_id = self.n_files
        self.import_file = os.path.join(self.work, "daylio-%d.csv" % file_id)
        write_daylio(self.import_file, file_id, self.import_rows, self.rng)
        killed, out = self.once("import", None, kill)
        uncommitted = self.uncommitted_wal_frames() if killed else 0
        present = self.count_file_entries(file_id)
        if present not in (0, self.import_rows):
            fail("an import %s left %d of its file's %d entries"
                 % ("killed" if killed else "that finished", present, self.import_rows))
        if not integrity_ok(os.path.join(self.data_dir, "reframe.db")):
            fail("the journal fails integrity_check after an import %s" % ("killed" if killed else "that finished"))
        if killed:
            if present:
                self.import_kills["all"] += 1
            elif uncommitted:
                self.import_kills["mid-transaction"] += 1
            else:
                self.import_kills["before-writing"] += 1
            result = self.run(["import", self.import_file, "--json"])
        else:
            if present != self.import_rows:
                fail("an import that finished left %d of its file's %d entries" % (present, self.import_rows))
            result = out
            present = 0
        counts = json.loads(result)["result"]
        added = counts["added"]["mood_entries"]
        skipped = counts["skipped"]["mood_entries"]
        if added != self.import_rows - present or skipped != present:
            fail("importing a file again with %d of its %d entries there added %d and skipped %d"
                 % (present, self.import_rows, added, skipped))
        if self.count_file_entries(file_id) != self.import_rows:
            fail("after the import ran again the journal holds %d of the file's %d entries"
                 % (self.count_file_entries(file_id), self.import_rows))
        self.n_imported += 1
        os.unlink(self.import_file)
        if base is not None:
            self.step("restore", base, base_entries, kill=False)

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
        if command == "import":
            self.import_step(base, base_entries, kill)
            return
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
    parser.add_argument("--import-rows", type=int, default=3000, help="rows of each Daylio CSV imported")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--keep", help="work in this folder and leave it")
    args = parser.parse_args()

    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 30)
    rng = random.Random(seed)
    work = args.keep or tempfile.mkdtemp(prefix="reframe-kill-loop-")
    data_dir = os.path.join(work, "data")
    base = os.path.join(work, "base.db")
    loop = Loop(args.reframe, data_dir, rng, work, args.import_rows)
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
    print("imports of %d rows: killed after committing %d, in the middle of the transaction %d, before "
          "writing %d; each held all or none of its entries, and every one killed ran again and "
          "added exactly the missing ones (%d files imported whole)"
          % (args.import_rows, loop.import_kills["all"], loop.import_kills["mid-transaction"],
             loop.import_kills["before-writing"], loop.n_imported))
    print("acknowledged entries %d, of them %d checked present before the next restore or at the end "
          "(the others came before the base backup); %d entries in the journal; integrity_check ok; "
          "%d backups, all sound and private; no stray files; %.1f s"
          % (loop.n_acknowledged, loop.n_checked, len(present), n_backups, time.monotonic() - started))


if __name__ == "__main__":
    main()
