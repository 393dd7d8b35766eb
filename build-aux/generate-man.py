#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the manual page reframe(1) from the program itself, so that it says what
`reframe help` and each `reframe COMMAND --help` say: the command table of
src/core/cli/reframe-cli.c and each command's GOptionEntry list, as GLib prints them.
Run at build time (src/meson.build); the options every command takes (--data-dir and
the passphrase options of src/core/cli/reframe-cli-crypt.c) are listed once.

    build-aux/generate-man.py path/to/reframe reframe.1 VERSION
"""

import os
import re
import subprocess
import sys
import tempfile

# Taken by every command (the passphrase options by src/core/cli/reframe-cli-crypt.c
# before the command parses its own); described once, in COMMON OPTIONS, as the
# encryption commands, which declare them all, describe them.
COMMON_FROM = "status"
COMMON_NAMES = {"--data-dir", "--passphrase-file", "--passphrase-fd", "--recovery-key-file", "--help"}


def run(reframe, *args):
    env = dict(os.environ, LC_ALL="C.UTF-8", LANGUAGE="", NO_COLOR="1")
    with tempfile.TemporaryDirectory() as home:
        # A journal is never opened for --help; a private home makes sure of it.
        env.update(HOME=home, XDG_DATA_HOME=os.path.join(home, "data"),
                   XDG_CONFIG_HOME=os.path.join(home, "config"))
        done = subprocess.run([reframe, *args], env=env, capture_output=True, text=True,
                              stdin=subprocess.DEVNULL, timeout=60)
    if done.returncode != 0:
        sys.exit(f"reframe {' '.join(args)} failed ({done.returncode}): {done.stderr}")
    return done.stdout


def commands(reframe):
    """[(name, summary)] from `reframe help`: the lines after "Commands:" up to a blank one."""
    out, inside = [], False
    for line in run(reframe, "help").splitlines():
        if line.rstrip().endswith("Commands:"):
            inside = True
        elif inside and not line.strip():
            break
        elif inside:
            name, summary = line.strip().split(None, 1)
            out.append((name, summary.strip()))
    if not out:
        sys.exit("reframe help listed no commands")
    return out


def parse_help(text):
    """GLib's --help: (usage, summary, [(option, description)])."""
    lines = text.splitlines()
    usage = lines[1].strip() if len(lines) > 1 else ""
    summary, options, section = [], [], None
    for line in lines[2:]:
        if re.match(r"^\S.*Options:$", line):
            section = line
            continue
        if section is None:
            if line.strip():
                summary.append(line.strip())
            continue
        if not line.strip():
            if options or section:
                section = "done" if section == "done" or options else section
            continue
        if section == "done":
            break
        m = re.match(r"^  (\S.*?)(?:\s{2,}(.*))?$", line)
        if m and line.startswith("  -"):
            options.append((m.group(1), m.group(2) or ""))
        elif options and line.startswith("    "):
            options[-1] = (options[-1][0], (options[-1][1] + " " + line.strip()).strip())
    return usage, " ".join(summary), options


def roff(text):
    """Plain text as roff: backslashes, hyphens and leading dots escaped, other
    characters than ASCII as \\[uXXXX], so groff needs no preprocessor."""
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\e")
        elif ch == "-":
            out.append("\\-")
        elif ord(ch) > 127:
            out.append(f"\\[u{ord(ch):04X}]")
        else:
            out.append(ch)
    s = "".join(out)
    return "\\&" + s if s[:1] in (".", "'") else s


def option_item(option, description):
    # "-m, --mood=N": the names bold, the argument italic.
    parts = []
    for piece in option.split(", "):
        name, eq, arg = piece.partition("=")
        parts.append(f"\\fB{roff(name)}\\fR" + (f"=\\fI{roff(arg)}\\fR" if eq else ""))
    return [".TP", ", ".join(parts), roff(description)]


def own_options(options):
    return [(o, d) for o, d in options
            if not any(p.partition("=")[0] in COMMON_NAMES for p in o.split(", "))]


def command_section(reframe, name, summary):
    usage, long_summary, options = parse_help(run(reframe, name, "--help"))
    lines = [f".SS {roff(name)}", roff(summary[:1].upper() + summary[1:]) + ".",
             ".PP", f"\\fB{roff(usage)}\\fR" if usage else ""]
    if long_summary:
        lines += [".PP", roff(long_summary)]
    for option, description in own_options(options):
        lines += option_item(option, description)
    # Subcommands named in the usage line, "[add|remove|proposals]", have their own options.
    m = re.search(r"\[([a-z-]+(?:\|[a-z-]+)+)\]$", usage)
    for sub in (m.group(1).split("|") if m else []):
        sub_usage, _, sub_options = parse_help(run(reframe, name, sub, "--help"))
        lines += [".PP", f"\\fB{roff(sub_usage)}\\fR"]
        for option, description in own_options(sub_options):
            lines += option_item(option, description)
    return [l for l in lines if l != ""]


def main():
    reframe, output, version = sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else ""
    table = commands(reframe)
    _, _, window_options = parse_help(run(reframe, "--help"))
    page = [
        '.\\" Generated by build-aux/generate-man.py from the program; do not edit.',
        f'.TH REFRAME 1 "" "Reframe {roff(version)}" "User Commands"',
        ".SH NAME",
        "reframe \\- a mood journal for people in therapy",
        ".SH SYNOPSIS",
        ".B reframe",
        "[\\fIOPTION\\fR...]",
        ".br",
        ".B reframe",
        "\\fICOMMAND\\fR [\\fIOPTION\\fR...] [\\fIARGUMENT\\fR...]",
        ".br",
        ".B reframe help",
        "[\\fICOMMAND\\fR]",
        ".SH DESCRIPTION",
        "Without a command, Reframe opens its window. With one, it runs that command "
        "without a window and without a display, so it works over ssh and in scripts.",
        "Every argument is checked before the journal is opened, so bad input never "
        "creates or changes a file.",
        ".PP",
        "The commands:",
    ]
    for name, summary in table:
        page += [".TP", f"\\fB{roff(name)}\\fR", roff(summary)]
    page += [".SH OPTIONS",
             "Without a command, Reframe takes \\fB\\-\\-data\\-dir\\fR (see \\fBCOMMON OPTIONS\\fR), "
             "\\fB\\-\\-help\\fR, and GApplication's options (\\fB\\-\\-help\\-all\\fR)."]
    for option, description in own_options(window_options):
        if not re.match(r"(-h, )?--help", option):
            page += option_item(option, description)
    page += [".SH COMMON OPTIONS",
             "Every command takes these options. An encrypted journal is unlocked with its "
             "passphrase, asked on the terminal, or read from a file or a file descriptor "
             "(never from the command line itself), or with its recovery key."]
    _, _, status_options = parse_help(run(reframe, COMMON_FROM, "--help"))
    common = [(o, d) for o, d in status_options
              if any(p.partition("=")[0] in COMMON_NAMES - {"--help"} for p in o.split(", "))]
    common.sort(key=lambda item: not item[0].startswith("--data-dir"))
    found = {p.partition("=")[0] for o, _ in common for p in o.split(", ")}
    if not COMMON_NAMES - {"--help"} <= found:
        sys.exit(f"reframe {COMMON_FROM} --help lacks {sorted(COMMON_NAMES - found)}")
    for option, description in common:
        page += option_item(option, description)
    page += option_item("-h, --help", "Show the command's options and exit.")
    page += [".SH COMMANDS"]
    for name, summary in table:
        if name == "help":
            page += [".SS help", "Show the commands; with a command, its options, as "
                     "\\fBreframe\\fR \\fICOMMAND\\fR \\fB\\-\\-help\\fR does."]
            continue
        page += command_section(reframe, name, summary)
    page += [
        ".SH EXIT STATUS",
        ".TP", "0", "Done.",
        ".TP", "1", "The journal could not be read or changed, or the command failed.",
        ".TP", "2", "Bad usage: an unknown command or option, or a bad value.",
        ".SH FILES",
        ".TP", "\\fI$XDG_DATA_HOME/reframe/\\fR (usually \\fI~/.local/share/reframe/\\fR)",
        "The journal, its backups and its key, unless \\fB\\-\\-data\\-dir\\fR says otherwise.",
        ".SH SEE ALSO",
        "The help inside the app, and \\fBreframe help\\fR.",
    ]
    with open(output, "w", encoding="ascii") as f:
        f.write("\n".join(page) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
