#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The command line's help and its manual page (test 'man-page', suite 'cli').

- `reframe --help` (the window's options) and `reframe help` list the same commands,
  one line each;
- `reframe help COMMAND` prints what `reframe COMMAND --help` prints, with the usage
  line "reframe COMMAND [OPTION…]", without opening a journal;
- reframe.1 has a section for every command and every option of each, and the
  options every command takes (--data-dir, --passphrase-file, --passphrase-fd,
  --recovery-key-file) once, in COMMON OPTIONS;
- groff renders the page without a warning (-ww), and man -l reads it.

    tests/check-man.py path/to/reframe path/to/reframe.1
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

COMMON = ["--data-dir", "--passphrase-file", "--passphrase-fd", "--recovery-key-file"]
problems = []


def run(reframe, *args, home):
    env = dict(os.environ, LC_ALL="C.UTF-8", LANGUAGE="", HOME=home,
               XDG_DATA_HOME=os.path.join(home, "data"), XDG_CONFIG_HOME=os.path.join(home, "config"))
    return subprocess.run([reframe, *args], env=env, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=60)


def table(text):
    """{name: summary} from the lines after "Commands…:" up to a blank line."""
    out, inside = {}, False
    for line in text.splitlines():
        if re.search(r"Commands.*:$", line):
            inside = True
        elif inside and not line.strip():
            break
        elif inside:
            name, summary = line.split(None, 1)
            out[name] = summary.strip()
    return out


def roff_name(option):
    return "\\fB" + option.replace("-", "\\-") + "\\fR"


def main():
    reframe, page_path = sys.argv[1], sys.argv[2]
    with open(page_path, encoding="ascii") as f:
        page = f.read()

    with tempfile.TemporaryDirectory() as home:
        helped = run(reframe, "help", home=home)
        commands = table(helped.stdout)
        if helped.returncode != 0 or len(commands) < 20:
            problems.append(f"reframe help listed {len(commands)} commands (status {helped.returncode})")
        window = run(reframe, "--help", home=home)
        if table(window.stdout) != commands:
            problems.append("reframe --help and reframe help list different commands:\n" + window.stdout)

        for name in commands:
            if name == "help":
                continue
            by_option = run(reframe, name, "--help", home=home)
            by_help = run(reframe, "help", name, home=home)
            if by_option.returncode != 0 or by_help.returncode != 0:
                problems.append(f"reframe {name} --help / reframe help {name}: status "
                                f"{by_option.returncode} / {by_help.returncode}: {by_option.stderr}{by_help.stderr}")
                continue
            if by_option.stdout != by_help.stdout:
                problems.append(f"reframe help {name} differs from reframe {name} --help")
            lines = by_option.stdout.splitlines()
            if len(lines) < 2 or not lines[1].strip().startswith(f"reframe {name} [OPTION"):
                problems.append(f"reframe {name} --help: usage line is {lines[1:2]!r}")
            if f".SS {name.replace('-', chr(92) + '-')}\n" not in page:
                problems.append(f"reframe.1 has no section for {name}")
            section = page.split(f".SS {name.replace('-', chr(92) + '-')}\n", 1)[-1].split("\n.SS ", 1)[0]
            for option in re.findall(r"^  (?:-\w, )?(--[\w-]+)", by_option.stdout, re.M):
                if option in COMMON or option == "--help":
                    continue
                if roff_name(option) not in section:
                    problems.append(f"reframe.1: {name} lacks {option}")
        if os.listdir(home) not in ([], ["data"], ["config"], ["config", "data"], ["data", "config"]) or \
                os.path.exists(os.path.join(home, "data", "reframe")):
            problems.append("asking for help created a journal: " + repr(os.listdir(home)))

    for option in COMMON:
        items = page.count(".TP\n" + roff_name(option))
        if items != 1:
            problems.append(f"reframe.1 describes {option} {items} times, not once")
    common = page.split(".SH COMMON OPTIONS\n", 1)[-1].split("\n.SH ", 1)[0]
    for option in COMMON:
        if roff_name(option) not in common:
            problems.append(f"reframe.1: {option} is not in COMMON OPTIONS")

    groff = shutil.which("groff")
    if groff is None:
        print("groff is not installed (build-aux/deps.sh installs groff-base); rendering not checked")
    else:
        done = subprocess.run([groff, "-man", "-Tutf8", "-ww", "-z", page_path], capture_output=True, text=True)
        if done.returncode != 0 or done.stderr.strip():
            problems.append(f"groff warns or fails ({done.returncode}):\n{done.stderr}")
    if shutil.which("man"):
        done = subprocess.run(["man", "-l", page_path], capture_output=True, text=True,
                              env=dict(os.environ, MANPAGER="cat", PAGER="cat", MANWIDTH="80", LC_ALL="C.UTF-8"))
        if done.returncode != 0 or "COMMON OPTIONS" not in done.stdout or done.stderr.strip():
            problems.append(f"man -l fails ({done.returncode}): {done.stderr}")

    for p in problems:
        print(p)
    print(f"{len(commands)} commands, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
