#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks po/POTFILES.in against the sources (test 'potfiles', suite 'style').

1. Every file under src/ and data/ with a translatable string is listed, every listed
   file exists and has one, and the list is sorted.
2. xgettext, run with the keywords of po/meson.build (meson's 'glib' preset), extracts
   from each file exactly the msgids a simple scan of the source finds: in C, the
   string-literal arguments of _, N_, C_, NC_, ngettext, g_dngettext, g_dpgettext2 and
   g_dcgettext; in .ui files, the elements marked translatable="yes". So a msgid that
   xgettext cuts short or drops ("…%" G_GINT64_FORMAT inside _(), a macro or a ternary
   inside _(), a literal passed to g_dgettext, which is not a keyword) fails here.
3. xgettext gives no warnings (such as a msgid used both with and without plural),
   and no .ui file has a comments attribute where GtkBuilder rejects it (<accessibility>).

    tests/check-potfiles.py [SOURCE_ROOT]
"""

import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

ROOT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), ".."))

# As meson's i18n.gettext (preset: 'glib') passes them; the --flag options only add
# c-format marks, which this check does not compare.
XGETTEXT_ARGS = [
    "--from-code=UTF-8", "--add-comments",
    "--keyword=_", "--keyword=N_", "--keyword=C_:1c,2", "--keyword=NC_:1c,2",
    "--keyword=g_dcgettext:2", "--keyword=g_dngettext:2,3", "--keyword=g_dpgettext2:2c,3",
]

# keyword -> (index of the context argument or None, index of the msgid argument,
#             index of the plural argument or None), counted from 0.
C_KEYWORDS = {
    "_": (None, 0, None),
    "N_": (None, 0, None),
    "C_": (0, 1, None),
    "NC_": (0, 1, None),
    "gettext": (None, 0, None),
    "ngettext": (None, 0, 1),
    "g_dngettext": (None, 1, 2),
    "g_dpgettext2": (1, 2, None),
    "g_dcgettext": (None, 1, None),
}
# Calls that translate at run time but that xgettext does not know: a literal in them
# is never extracted.
NOT_KEYWORDS = {"g_dgettext", "dgettext", "g_dpgettext", "Q_", "pgettext", "dngettext"}

TOKEN = re.compile(r"""
    (?P<comment>/\*.*?\*/|//[^\n]*)
  | (?P<string>(?:u8|L|u|U)?"(?:[^"\\\n]|\\.)*")
  | (?P<char>'(?:[^'\\\n]|\\.)*')
  | (?P<ident>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<number>\d[\w.]*)
  | (?P<space>\s+)
  | (?P<punct>.)
""", re.S | re.X)

ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v",
           "\\": "\\", '"': '"', "'": "'", "?": "?"}


def c_unescape(body):
    out, i = [], 0
    while i < len(body):
        c = body[i]
        if c != "\\":
            out.append(c)
            i += 1
            continue
        n = body[i + 1]
        if n in ESCAPES:
            out.append(ESCAPES[n])
            i += 2
        elif n == "x":
            m = re.match(r"[0-9a-fA-F]+", body[i + 2:])
            out.append(chr(int(m.group(0), 16)))
            i += 2 + len(m.group(0))
        elif n in "01234567":
            m = re.match(r"[0-7]{1,3}", body[i + 1:])
            out.append(chr(int(m.group(0), 8)))
            i += 1 + len(m.group(0))
        else:
            out.append(n)
            i += 2
    # Octal and hex escapes give bytes; UTF-8 text written that way is rare, but be right.
    text = "".join(out)
    try:
        return text.encode("latin-1").decode("utf-8") if any(0x80 <= ord(ch) < 0x100 for ch in text) else text
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def tokens(text):
    line = 1
    for m in TOKEN.finditer(text):
        kind = m.lastgroup
        if kind not in ("comment", "space"):
            yield kind, m.group(0), line
        line += m.group(0).count("\n")


def split_args(toks, start):
    """toks[start] is '('; returns (list of argument token lists, index after ')')."""
    depth, args, cur, i = 0, [], [], start
    while i < len(toks):
        kind, val, _ = toks[i]
        if kind == "punct" and val in "([{":
            depth += 1
            if depth > 1:
                cur.append(toks[i])
        elif kind == "punct" and val in ")]}":
            depth -= 1
            if depth == 0:
                args.append(cur)
                return args, i + 1
            cur.append(toks[i])
        elif kind == "punct" and val == "," and depth == 1:
            args.append(cur)
            cur = []
        else:
            cur.append(toks[i])
        i += 1
    return args, i


def literal(arg):
    """The text of an argument made of string literals only; None when it holds no
    literal (a run-time lookup); False when it mixes literals with anything else."""
    strings = [t for t in arg if t[0] == "string"]
    if not strings:
        return None
    if len(strings) != len(arg):
        return False
    return "".join(c_unescape(re.sub(r'^[^"]*"|"$', "", s[1])) for s in strings)


def scan_c(path, problems):
    with open(path, encoding="utf-8") as f:
        toks = list(tokens(f.read()))
    found = set()
    for i, (kind, val, line) in enumerate(toks[:-1]):
        if kind != "ident" or toks[i + 1][1] != "(":
            continue
        if i > 0 and toks[i - 1][1] in ("#", "define"):
            continue
        if val in NOT_KEYWORDS:
            args, _ = split_args(toks, i + 1)
            if any(literal(a) for a in args):
                problems.append(f"{rel(path)}:{line}: {val} () with a literal: xgettext does not extract it")
            continue
        if val not in C_KEYWORDS:
            continue
        ctx_i, id_i, pl_i = C_KEYWORDS[val]
        args, _ = split_args(toks, i + 1)
        if len(args) <= id_i:
            continue
        msgid = literal(args[id_i])
        ctx = literal(args[ctx_i]) if ctx_i is not None else None
        plural = literal(args[pl_i]) if pl_i is not None and len(args) > pl_i else None
        if msgid is None and val in ("_", "gettext", "g_dcgettext", "g_dpgettext2"):
            continue  # translates a string from elsewhere at run time
        if msgid is None and val == "N_" and not args[id_i]:
            continue
        if msgid is False or ctx is False or plural is False or msgid is None:
            problems.append(f"{rel(path)}:{line}: {val} () with a msgid xgettext cannot extract whole "
                            f"(a macro, a variable or an expression beside the literal)")
            continue
        if pl_i is not None and plural is None:
            problems.append(f"{rel(path)}:{line}: {val} () without a literal plural")
            continue
        if msgid == "":
            problems.append(f"{rel(path)}:{line}: {val} () of an empty string")
            continue
        found.add((ctx, msgid))
    return found


def scan_ui(path, problems):
    found = set()
    tree = ET.parse(path)
    for accessibility in tree.iter("accessibility"):
        for el in accessibility:
            if el.get("comments") is not None:
                # GTK 4.8's builder fails the whole template on it.
                problems.append(f"{rel(path)}: comments=\"…\" inside <accessibility> is not valid for "
                                f"GtkBuilder; put <!-- Translators: … --> above the line")
    for el in tree.iter():
        if el.get("translatable") in ("yes", "true", "1"):
            if not el.text:
                problems.append(f"{rel(path)}: <{el.tag} name=\"{el.get('name')}\"> translatable but empty")
                continue
            found.add((el.get("context"), el.text))
    return found


def scan_other(path, problems):
    """desktop, metainfo and gschema files: listed when they exist; their msgids are
    xgettext's own (its ITS rules), so only 'some' is checked."""
    return None


def rel(path):
    return os.path.relpath(path, ROOT)


def has_strings(path):
    if path.endswith(".c"):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        return re.search(r'\b(?:_|N_|C_|NC_|ngettext|g_dngettext|g_dpgettext2|g_dcgettext)\s*\(\s*(?:[^()]*,\s*)?"', text) is not None
    if path.endswith(".ui"):
        with open(path, encoding="utf-8") as f:
            return 'translatable="yes"' in f.read()
    return True


def candidates():
    out = []
    for top in ("src", "data"):
        for dirpath, dirnames, filenames in os.walk(os.path.join(ROOT, top)):
            dirnames.sort()
            for name in sorted(filenames):
                path = os.path.join(dirpath, name)
                if name.endswith((".c", ".ui")) or name.endswith((".desktop.in.in", ".desktop.in",
                                                                 ".metainfo.xml.in.in", ".metainfo.xml.in",
                                                                 ".gschema.xml")):
                    out.append(path)
    return out


def parse_pot(text):
    """{file: {(msgctxt, msgid)}} from xgettext's output."""
    per_file = {}
    entries = text.split("\n\n")
    for entry in entries:
        refs, fields, last = [], {}, None
        for line in entry.splitlines():
            if line.startswith("#:"):
                refs += [r.rsplit(":", 1)[0] for r in line[2:].split()]
            elif line.startswith(("msgctxt ", "msgid ", "msgid_plural ", "msgstr")):
                key, _, rest = line.partition(" ")
                last = key
                fields[key] = po_unescape(rest)
            elif line.startswith('"') and last:
                fields[last] += po_unescape(line)
        if "msgid" not in fields or fields["msgid"] == "":
            continue
        for ref in refs:
            per_file.setdefault(ref, set()).add((fields.get("msgctxt"), fields["msgid"]))
    return per_file


def po_unescape(s):
    return c_unescape(s.strip()[1:-1])


def main():
    problems = []
    with open(os.path.join(ROOT, "po", "POTFILES.in"), encoding="utf-8") as f:
        listed = [l.strip() for l in f if l.strip() and not l.startswith("#")]
    if listed != sorted(listed):
        problems.append("po/POTFILES.in is not sorted")
    if len(set(listed)) != len(listed):
        problems.append("po/POTFILES.in lists a file twice")
    for name in listed:
        if not os.path.exists(os.path.join(ROOT, name)):
            problems.append(f"po/POTFILES.in: {name} does not exist")

    scanned = {}
    for path in candidates():
        if path.endswith(".c"):
            found = scan_c(path, problems)
        elif path.endswith(".ui"):
            found = scan_ui(path, problems)
        else:
            found = None
        if found or (found is None and has_strings(path)):
            scanned[rel(path)] = found

    for name in sorted(set(scanned) - set(listed)):
        problems.append(f"{name} has translatable strings but is not in po/POTFILES.in")

    files = sorted(set(listed) | set(scanned))
    files = [f for f in files if os.path.exists(os.path.join(ROOT, f))]
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, "check.pot")
        run = subprocess.run(["xgettext", *XGETTEXT_ARGS, "--output=" + pot, *files],
                             cwd=ROOT, capture_output=True, text=True)
        if run.returncode != 0:
            problems.append("xgettext failed:\n" + run.stderr)
            pot_text = ""
        else:
            with open(pot, encoding="utf-8") as f:
                pot_text = f.read()
        if run.stderr.strip():
            problems.append("xgettext warned:\n" + run.stderr.rstrip())
    extracted = parse_pot(pot_text)

    for name in listed:
        if name in extracted:
            continue
        if os.path.exists(os.path.join(ROOT, name)):
            problems.append(f"po/POTFILES.in: xgettext finds no string in {name}; drop it from the list")

    for name, found in sorted(scanned.items()):
        if found is None:
            continue
        got = extracted.get(name, set())
        for ctx, msgid in sorted(found - got, key=str):
            problems.append(f"{name}: xgettext does not extract {msgid!r}" + (f" (context {ctx!r})" if ctx else ""))
        for ctx, msgid in sorted(got - found, key=str):
            problems.append(f"{name}: xgettext extracts {msgid!r}" + (f" (context {ctx!r})" if ctx else "")
                            + ", which the scan does not find as a whole literal (cut short?)")

    n = len({k for v in extracted.values() for k in v})
    for p in problems:
        print(p)
    print(f"{len(listed)} files listed, {n} msgids, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
