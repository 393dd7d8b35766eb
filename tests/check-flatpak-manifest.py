#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Keeps the Flatpak manifest (build-aux/io.github.reframe.Reframe.json) consistent with
meson: every dependency('NAME') of a meson.build in the source tree must be provided by
the manifest's runtime (RUNTIME_PROVIDES below) or built by one of its modules (their
"x-provides" lists), at a version the lower bound in meson.build accepts. Also checks
the app id, the command, the permissions and that the manifest builds this tree.

The manifest cannot be built here (no Flatpak remote is reachable), so this is what
keeps it from going stale.

    tests/check-flatpak-manifest.py SOURCE_ROOT
"""

import json
import os
import re
import sys

# What the GNOME runtime gives an app, by runtime version: pkg-config name -> the lowest
# version that runtime ships (from the GNOME release and the Freedesktop SDK it is built
# on; only compared with meson.build's lower bounds, so a version a little low here is
# harmless). Not in the runtime: libsodium and libcmark, built as modules. When the
# manifest moves to another runtime version, add its list here: the test fails until then.
RUNTIME_PROVIDES = {
    "47": {
        "glib-2.0": "2.82",
        "gio-2.0": "2.82",
        "gio-unix-2.0": "2.82",
        "gobject-2.0": "2.82",
        "gmodule-2.0": "2.82",
        "gtk4": "4.16",
        "libadwaita-1": "1.6",
        "libsoup-3.0": "3.6",
        "json-glib-1.0": "1.10",
        "libsecret-1": "0.21",
        "sqlite3": "3.45",
        "cairo": "1.18",
        "pango": "1.54",
        "pangocairo": "1.54",
        "x11": "1.8",
        "fontconfig": "2.15",
        "freetype2": "2.13",
        "harfbuzz": "8.0",
        "libxml-2.0": "2.12",
        # WebKitGTK's spell-checking needs it, so the GNOME runtime has it (with hunspell).
        "enchant-2": "2.6",
        "gsettings-desktop-schemas": "47",
    },
}

# Permissions the app needs, and ones it must not ask for (files go through portals).
REQUIRED_FINISH_ARGS = {
    "--share=ipc",
    "--socket=wayland",
    "--socket=fallback-x11",
    "--device=dri",
    "--share=network",
}
FORBIDDEN_PREFIXES = ("--filesystem=", "--socket=x11", "--device=all", "--talk-name=org.freedesktop.Flatpak")

DEPENDENCY = re.compile(r"\bdependency\s*\(\s*(?P<arg>[^,)]*)(?P<rest>[^)]*)\)")
VERSION = re.compile(r"version\s*:\s*'>=\s*([0-9][0-9.]*)'")
STRING = re.compile(r"^'([^']+)'$")


def version_tuple(text):
    return tuple(int(p) for p in re.findall(r"\d+", text))


def meson_files(root):
    skip = re.compile(r"^(_build.*|_package|_flatpak|\.flatpak-builder|\.git|subprojects)$")
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not skip.match(d))
        if "meson.build" in filenames:
            yield os.path.join(dirpath, "meson.build")


def meson_dependencies(root, problems):
    """{name: (lowest version wanted or None, where)} of every dependency() call."""
    deps = {}
    for path in meson_files(root):
        rel = os.path.relpath(path, root)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for lineno, line in enumerate(text.splitlines(), 1):
            code = line.split("#", 1)[0]
            for m in DEPENDENCY.finditer(code):
                # (declare_dependency() does not match: "_" and "d" are one word.)
                arg = m.group("arg").strip()
                s = STRING.match(arg)
                if not s:
                    problems.append("%s:%d: dependency(%s) is not a plain string; name it so this "
                                    "test can check the Flatpak manifest" % (rel, lineno, arg))
                    continue
                v = VERSION.search(m.group("rest"))
                name = s.group(1)
                wanted = v.group(1) if v else None
                old = deps.get(name)
                if old is None or (wanted and (old[0] is None or
                                               version_tuple(wanted) > version_tuple(old[0]))):
                    deps[name] = (wanted, "%s:%d" % (rel, lineno))
    return deps


def project_id(root):
    with open(os.path.join(root, "meson.build"), encoding="utf-8") as f:
        m = re.search(r"base_id\s*=\s*'([^']+)'", f.read())
    return m.group(1) if m else None


def main():
    root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                           os.path.join(os.path.dirname(__file__), ".."))
    manifest_path = os.path.join(root, "build-aux", "io.github.reframe.Reframe.json")
    problems = []
    with open(manifest_path, encoding="utf-8") as f:
        manifest = json.load(f)

    app_id = project_id(root)
    if manifest.get("id", manifest.get("app-id")) != app_id:
        problems.append("the manifest's id is %r, meson.build's base_id %r"
                        % (manifest.get("id"), app_id))
    if manifest.get("command") != "reframe":
        problems.append("the manifest's command is %r, not reframe" % manifest.get("command"))
    if manifest.get("runtime") != "org.gnome.Platform" or manifest.get("sdk") != "org.gnome.Sdk":
        problems.append("the runtime is not org.gnome.Platform with org.gnome.Sdk")

    version = str(manifest.get("runtime-version"))
    provided = RUNTIME_PROVIDES.get(version)
    if provided is None:
        problems.append("runtime-version %s: this test does not know what it provides; add its "
                        "list to RUNTIME_PROVIDES" % version)
        provided = {}

    modules = manifest.get("modules", [])
    built = {}
    for module in modules:
        if not isinstance(module, dict):
            problems.append("module %r is a file name; keep modules inline so they can be checked"
                            % module)
            continue
        for name in module.get("x-provides", []):
            built[name] = module["name"]
        for source in module.get("sources", []):
            if source.get("type") in ("archive", "file") and not source.get("sha256"):
                problems.append("module %s: a source without sha256" % module["name"])
            if source.get("type") == "git" and not (source.get("tag") or source.get("commit")):
                problems.append("module %s: a git source without tag or commit" % module["name"])

    last = modules[-1] if modules else {}
    if not isinstance(last, dict) or last.get("buildsystem") != "meson" or \
            not any(s.get("type") == "dir" and os.path.normpath(
                os.path.join(os.path.dirname(manifest_path), s.get("path", ""))) == root
                for s in last.get("sources", [])):
        problems.append("the last module does not build this source tree with meson")

    deps = meson_dependencies(root, problems)
    for name, (wanted, where) in sorted(deps.items()):
        if name in built:
            continue
        if name not in provided:
            problems.append("%s: dependency('%s') is neither in the GNOME %s runtime nor built "
                            "as a module of the manifest" % (where, name, version))
            continue
        if wanted and version_tuple(provided[name]) < version_tuple(wanted):
            problems.append("%s: dependency('%s') wants >= %s, the GNOME %s runtime has %s"
                            % (where, name, wanted, version, provided[name]))

    args = manifest.get("finish-args", [])
    for arg in sorted(REQUIRED_FINISH_ARGS - set(args)):
        problems.append("finish-args lack %s" % arg)
    for arg in args:
        if arg.startswith(FORBIDDEN_PREFIXES):
            problems.append("finish-args ask for %s; files go through the portals" % arg)
    comments = manifest.get("x-comment-finish-args", {})
    for arg in args:
        if arg.startswith(("--share=network", "--talk-name=", "--env=")) and arg not in comments:
            problems.append("finish-args: %s is not explained in x-comment-finish-args" % arg)

    for p in problems:
        print("FAIL: " + p)
    print("%d dependencies of meson.build: %d from the GNOME %s runtime, %d built as modules (%s)"
          % (len(deps), len([d for d in deps if d not in built]), version,
             len([d for d in deps if d in built]),
             ", ".join(sorted(d for d in deps if d in built))))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
