# SPDX-License-Identifier: GPL-3.0-or-later
"""Drives the real `reframe` binary the way a person does.

A journey starts the built program on a fresh data folder, presses keys and clicks
the pointer through XTest (xdotool), finds controls by accessible role and name and
reads what is shown from the accessibility tree (AT-SPI), and checks what was saved
through the command line. It never calls into the program any other way.

Run inside an X server and a private D-Bus session (see run-journey.sh).
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback

import pyatspi

# Roles a person can operate. A control of these roles must have a name.
INTERACTIVE_ROLES = {
    pyatspi.ROLE_PUSH_BUTTON,
    pyatspi.ROLE_TOGGLE_BUTTON,
    pyatspi.ROLE_CHECK_BOX,
    pyatspi.ROLE_RADIO_BUTTON,
    pyatspi.ROLE_ENTRY,
    pyatspi.ROLE_PASSWORD_TEXT,
    pyatspi.ROLE_COMBO_BOX,
    pyatspi.ROLE_SLIDER,
    pyatspi.ROLE_SPIN_BUTTON,
    pyatspi.ROLE_MENU_ITEM,
    pyatspi.ROLE_CHECK_MENU_ITEM,
    pyatspi.ROLE_RADIO_MENU_ITEM,
    pyatspi.ROLE_PAGE_TAB,
    pyatspi.ROLE_LINK,
}

CLASS_NAME = re.compile(r"^(Gtk|Adw|Reframe)[A-Z]\w*$")

# Generous: waits end as soon as what is awaited shows; only a failure takes this long.
DEFAULT_TIMEOUT = float(os.environ.get("JOURNEY_TIMEOUT", "20"))


class JourneyFailure(AssertionError):
    pass


def log(message):
    print("journey: " + message, flush=True)


def _safe(call, default=None):
    try:
        return call()
    except Exception:  # the object went away while we looked at it
        return default


def role_of(acc):
    return _safe(acc.getRole, pyatspi.ROLE_INVALID)


def name_of(acc):
    return _safe(lambda: acc.name or "", "")


def states_of(acc):
    return _safe(lambda: acc.getState(), None)


def has_state(acc, state):
    st = states_of(acc)
    return st is not None and st.contains(state)


def children(acc):
    count = _safe(lambda: acc.childCount, 0)
    for i in range(count):
        child = _safe(lambda: acc.getChildAtIndex(i))
        if child is not None:
            yield child


def walk(acc, depth=0, max_depth=80):
    yield acc
    if depth >= max_depth:
        return
    for child in children(acc):
        yield from walk(child, depth + 1, max_depth)


def extents(acc):
    def get():
        e = acc.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        return (e.x, e.y, e.width, e.height)

    return _safe(get, (0, 0, 0, 0))


def on_screen(acc):
    """Shown to a person: visible and given some room in its window."""
    x, y, w, h = extents(acc)
    return has_state(acc, pyatspi.STATE_VISIBLE) and w > 0 and h > 0


def text_of(acc):
    """The text a text control shows, or its name."""
    def get():
        t = acc.queryText()
        return t.getText(0, t.characterCount)

    value = _safe(get)
    return value if value is not None else name_of(acc)


def describe(acc):
    if acc is None:
        return "nothing"
    return "%s %r" % (_safe(acc.getRoleName, "?"), name_of(acc))


def toplevel_of(acc):
    node = acc
    while True:
        parent = _safe(lambda: node.parent)
        if parent is None or role_of(parent) == pyatspi.ROLE_APPLICATION:
            return node
        node = parent


def audit_names(root):
    """Problems a screen-reader user meets under @root: interactive controls
    without a name, named after their GTK class, or saying the same words twice."""
    problems = []
    for acc in walk(root):
        role = role_of(acc)
        # What a person meets is what is shown; hidden pages are checked when shown.
        # Text fields a person types in, and list rows they can focus, count too.
        operable = role in INTERACTIVE_ROLES or \
            (role == pyatspi.ROLE_TEXT and has_state(acc, pyatspi.STATE_EDITABLE)) or \
            (role == pyatspi.ROLE_LIST_ITEM and has_state(acc, pyatspi.STATE_FOCUSABLE))
        if not operable or not on_screen(acc):
            continue
        name = name_of(acc).strip()
        where = "%s under %r" % (describe(acc), name_of(toplevel_of(acc)))
        if not name:
            problems.append("no name: " + where)
            continue
        if CLASS_NAME.match(name):
            parent = acc.parent
            problems.append("named after its class: %s (in %s %r)" % (where, describe(parent) if parent else "", name_of(parent) if parent else ""))
            continue
        words = re.findall(r"\w+", name.replace("_", ""))
        half = len(words) // 2
        if half and len(words) % 2 == 0 and words[:half] == words[half:]:
            problems.append("name says it twice: " + where)
    return problems


class App:
    """One running `reframe` window on a data folder of the journey's."""

    def __init__(self, journey, args, env):
        self.journey = journey
        self.stderr_path = os.path.join(journey.tmp, "reframe-%d.stderr" % len(journey.apps))
        self.stderr = open(self.stderr_path, "wb")
        self.process = subprocess.Popen([journey.bin] + args, env=env, stderr=self.stderr,
                                        stdout=subprocess.DEVNULL)
        self.root = None

    def find_root(self, timeout=DEFAULT_TIMEOUT * 2):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise JourneyFailure("reframe exited with %d before its window showed:\n%s"
                                     % (self.process.returncode, self.stderr_text()))
            desktop = pyatspi.Registry.getDesktop(0)
            for app in children(desktop):
                if _safe(lambda: app.get_process_id(), -1) == self.process.pid:
                    frames = [c for c in children(app) if role_of(c) == pyatspi.ROLE_FRAME]
                    if frames:
                        self.root = app
                        return app
            time.sleep(0.1)
        raise JourneyFailure("no accessible window of reframe after %.0f s" % timeout)

    def stderr_text(self):
        self.stderr.flush()
        with open(self.stderr_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def windows(self):
        """The program's top-level windows, oldest first. GTK 4.8 gives an
        AdwWindow the role "filler", so every child of the application counts."""
        return list(children(self.root))

    def wait_exit(self, timeout=DEFAULT_TIMEOUT):
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            raise JourneyFailure("reframe did not quit within %.0f s" % timeout)

    def kill(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()
        self.stderr.close()


class ModelServer:
    """The fake model service of tests/ (both wire formats) on 127.0.0.1."""

    def __init__(self, behaviour=None):
        cmd = [os.environ["REFRAME_FAKE_MODEL_SERVER"]]
        if behaviour:
            cmd += ["--behaviour", behaviour]
        self.process = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        text=True)
        self.uri = self.process.stdout.readline().strip().rstrip("/")
        if not self.uri.startswith("http://127.0.0.1:"):
            raise JourneyFailure("the fake model server said %r" % self.uri)

    def ask(self, command):
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        return self.process.stdout.readline().rstrip("\n")

    def stop(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


class Journey:
    """A journey: a fresh data folder, the program, and a person's hands."""

    def __init__(self, name):
        self.name = name
        self.bin = os.environ["REFRAME_BIN"]
        self.log_dir = os.environ.get("JOURNEY_LOG_DIR", tempfile.gettempdir())
        self.tmp = tempfile.mkdtemp(prefix="reframe-journey-")
        self.data_dir = os.path.join(self.tmp, "data")
        self.home = os.path.join(self.tmp, "home")
        for d in ("config", "cache", "xdg-data", "runtime"):
            os.makedirs(os.path.join(self.home, d), mode=0o700)
        self.apps = []
        self.app = None
        self.servers = []
        self.started = time.monotonic()

    # -- the program ---------------------------------------------------------

    def env(self, extra=None):
        env = dict(os.environ)
        for key in ("GTK_A11Y", "NO_AT_BRIDGE", "G_DEBUG", "MALLOC_PERTURB_", "MALLOC_CHECK_"):
            env.pop(key, None)
        env.update({
            "HOME": self.home,
            "XDG_CONFIG_HOME": os.path.join(self.home, "config"),
            "XDG_CACHE_HOME": os.path.join(self.home, "cache"),
            "XDG_DATA_HOME": os.path.join(self.home, "xdg-data"),
            "GSETTINGS_BACKEND": "keyfile",
            "GSK_RENDERER": "cairo",
            "GTK_USE_PORTAL": "0",
            "LANGUAGE": env.get("LANGUAGE", "en"),
            "LC_ALL": env.get("JOURNEY_LC_ALL", "C.UTF-8"),
        })
        if extra:
            env.update(extra)
        return env

    def start(self, args=None, env=None):
        """Starts reframe on the journey's data folder and waits for its window."""
        app = App(self, ["--data-dir", self.data_dir] + (args or []), self.env(env))
        self.apps.append(app)
        self.app = app
        app.find_root()
        self.wait_for(lambda: self.window(), "the main window to show")
        time.sleep(0.3)
        return app

    def quit(self):
        """Quits as a person does (Ctrl+Q) and waits for the program to end."""
        self.key("ctrl+q")
        status = self.app.wait_exit()
        if status != 0:
            raise JourneyFailure("reframe quit with status %d" % status)

    def cli(self, *args, check=True, input=None):
        """Runs `reframe ARGS --data-dir DIR` and returns its standard output."""
        cmd = [self.bin] + list(args) + ["--data-dir", self.data_dir]
        result = subprocess.run(cmd, env=self.env(), capture_output=True, input=input,
                                timeout=60)
        if check and result.returncode != 0:
            raise JourneyFailure("%s failed (%d): %s" % (" ".join(args), result.returncode,
                                                          result.stderr.decode()))
        return result.stdout.decode()

    def cli_json(self, *args):
        return json.loads(self.cli(*args, "--json"))

    def model_server(self, behaviour=None):
        server = ModelServer(behaviour)
        self.servers.append(server)
        return server

    def reduce_motion(self):
        """Animations off, as a person who chose reduced motion has them (GTK's
        settings.ini), before the program starts."""
        folder = os.path.join(self.home, "config", "gtk-4.0")
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "settings.ini"), "w") as f:
            f.write("[Settings]\ngtk-enable-animations=0\n")

    def set_settings(self, **values):
        """Settings a person chose earlier, written before the program starts (GLib's
        keyfile backend). Values are GVariant text: strings quoted, arrays in []."""
        path = os.path.join(self.home, "config", "glib-2.0", "settings")
        os.makedirs(path, exist_ok=True)
        with open(os.path.join(path, "keyfile"), "a") as f:
            f.write("[io/github/reframe/Reframe]\n")
            for key, value in values.items():
                f.write("%s=%s\n" % (key.replace("_", "-"), value))

    # -- finding things ------------------------------------------------------

    def window(self, name=None):
        """The newest top-level window (or the one named @name) that is showing."""
        found = None
        for win in self.app.windows():
            if not has_state(win, pyatspi.STATE_VISIBLE):
                continue
            if name is None or name_of(win) == name:
                found = win
        return found

    def wait_for(self, predicate, what, timeout=DEFAULT_TIMEOUT):
        start = time.monotonic()
        deadline = start + timeout
        while True:
            value = _safe(predicate)
            if value:
                if time.monotonic() - start > 2:
                    log("%.1f s until %s" % (time.monotonic() - start, what))
                return value
            if time.monotonic() > deadline:
                raise JourneyFailure("waited %.0f s for %s" % (timeout, what))
            time.sleep(0.1)

    def find_all(self, role=None, name=None, within=None, shown=True, match=None):
        root = within if within is not None else self.app.root
        found = []
        for acc in walk(root):
            if role is not None and role_of(acc) != role:
                continue
            if name is not None:
                n = name_of(acc)
                if isinstance(name, re.Pattern):
                    if not name.search(n):
                        continue
                elif n != name:
                    continue
            if match is not None and not _safe(lambda: match(acc)):
                continue
            if shown and not on_screen(acc):
                continue
            found.append(acc)
        return found

    def find(self, role=None, name=None, within=None, timeout=DEFAULT_TIMEOUT, shown=True,
             match=None):
        """Waits for one control with @role and @name and returns it."""
        what = "%s named %r" % (pyatspi.Role(role) if role is not None else "anything", name)

        def look():
            found = self.find_all(role, name, within, shown, match)
            return found[0] if found else None

        return self.wait_for(look, what, timeout)

    def absent(self, role=None, name=None, within=None, timeout=DEFAULT_TIMEOUT):
        what = "%s named %r to go away" % (pyatspi.Role(role) if role else "anything", name)
        self.wait_for(lambda: not self.find_all(role, name, within), what, timeout)

    def focused(self):
        """The control that has the keyboard focus, in the active window (or, when
        GTK does not mark one active, the newest window that has a focused control)."""
        wins = self.app.windows()
        active = [w for w in wins if has_state(w, pyatspi.STATE_ACTIVE)]
        for win in reversed(active or wins):
            for acc in walk(win):
                if acc is not win and has_state(acc, pyatspi.STATE_FOCUSED):
                    return acc
        return None

    def wait_focus(self, predicate, what, timeout=DEFAULT_TIMEOUT):
        def check():
            acc = self.focused()
            return acc if acc is not None and predicate(acc) else None

        try:
            return self.wait_for(check, what, timeout)
        except JourneyFailure:
            acc = self.focused()
            raise JourneyFailure("waited for focus on %s; it is on %s"
                                 % (what, describe(acc) if acc else "nothing"))

    def texts(self, within=None):
        """Every label and text shown, in tree order."""
        root = within if within is not None else self.window()
        out = []
        for acc in walk(root):
            if role_of(acc) in (pyatspi.ROLE_LABEL, pyatspi.ROLE_TEXT, pyatspi.ROLE_ENTRY,
                                pyatspi.ROLE_STATIC) and on_screen(acc):
                out.append(text_of(acc))
        return out

    def wait_text(self, pattern, within=None, timeout=DEFAULT_TIMEOUT):
        regex = re.compile(pattern)

        def look():
            return next((t for t in self.texts(within) if regex.search(t)), None)

        return self.wait_for(look, "text matching %r" % pattern, timeout)

    # -- a person's hands ----------------------------------------------------

    def key(self, *keys):
        for k in keys:
            subprocess.run(["xdotool", "key", "--delay", "40", k], check=True)
            time.sleep(0.12)

    def type(self, text):
        subprocess.run(["xdotool", "type", "--delay", "25", text], check=True)
        time.sleep(0.2)

    def _x_windows(self):
        out = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid",
                              str(self.app.process.pid)], capture_output=True, text=True).stdout
        found = []
        for wid in out.split():
            name = subprocess.run(["xdotool", "getwindowname", wid], capture_output=True,
                                  text=True).stdout.strip()
            geo = subprocess.run(["xdotool", "getwindowgeometry", "--shell", wid],
                                 capture_output=True, text=True).stdout
            v = dict(line.split("=", 1) for line in geo.split() if "=" in line)
            found.append((name, int(v["X"]), int(v["Y"]), int(v["WIDTH"]), int(v["HEIGHT"])))
        return found

    def _window_origin(self, top):
        """Where the window's own coordinates start on the screen. The X window is
        larger than what AT-SPI reports by GTK's resize border, on every side alike."""
        title = name_of(top)
        _, _, tw, th = extents(top)
        candidates = self._x_windows()
        named = [c for c in candidates if c[0] == title] or candidates
        if not named:
            raise JourneyFailure("cannot find the X window of %r" % title)
        best = min(named, key=lambda c: abs(c[3] - tw) + abs(c[4] - th))
        _, x, y, w, h = best
        return x + max(0, (w - tw) // 2), y + max(0, (h - th) // 2)

    def scroll_into_view(self, acc, limit=40):
        """Turns the mouse wheel over the scrolled area around @acc until @acc is
        wholly in its window, as a person scrolls to what they want."""
        top = toplevel_of(acc)
        pane = acc
        while pane is not None and role_of(pane) != pyatspi.ROLE_SCROLL_PANE:
            pane = _safe(lambda: pane.parent)
        if pane is None:
            return
        for _ in range(limit):
            x, y, w, h = extents(acc)
            px, py, pw, ph = extents(pane)
            if y >= py and y + h <= py + ph:
                return
            ox, oy = self._window_origin(top)
            wheel = "5" if y + h > py + ph else "4"
            subprocess.run(["xdotool", "mousemove", str(ox + px + pw // 2), str(oy + py + ph // 2),
                            "click", wheel], check=True)
            time.sleep(0.15)

    def _move_to(self, x, y):
        """The xdotool words that put the pointer at @x, @y. "--sync" waits for the
        pointer to move, and when it is there already it waits some 15 s for nothing."""
        out = subprocess.run(["xdotool", "getmouselocation", "--shell"], capture_output=True,
                             text=True).stdout
        where = dict(line.split("=", 1) for line in out.split() if "=" in line)
        if (where.get("X"), where.get("Y")) == (str(x), str(y)):
            return []
        return ["mousemove", "--sync", str(x), str(y)]

    def click(self, acc, button=1, double=False):
        """Moves the pointer to the middle of what is shown of @acc and clicks."""
        self.scroll_into_view(acc)
        x, y, w, h = extents(acc)
        if w <= 0 or h <= 0:
            raise JourneyFailure("cannot click %s: it has no size on screen" % describe(acc))
        top = toplevel_of(acc)
        _, _, tw, th = extents(top)
        # Only the part inside the window can be clicked (a field may be scrolled half out).
        x0, y0 = max(x, 0), max(y, 0)
        x1, y1 = min(x + w, tw), min(y + h, th)
        if x1 <= x0 or y1 <= y0:
            raise JourneyFailure("cannot click %s: it is outside its window" % describe(acc))
        ox, oy = self._window_origin(top)
        cmd = ["xdotool"] + self._move_to(ox + (x0 + x1) // 2, oy + (y0 + y1) // 2) + ["click"]
        if double:
            cmd += ["--repeat", "2", "--delay", "80"]
        subprocess.run(cmd + [str(button)], check=True)
        # GTK 4.8 delivers a synthesized click a little later.
        time.sleep(0.4)

    def press(self, role, name, within=None):
        """Finds a control and clicks it."""
        acc = self.find(role, name, within)
        self.click(acc)
        return acc

    def resize(self, window, width, height):
        """Resizes @window as a person does by dragging its edges (the window manager
        does it), to @width × @height of its own coordinates."""
        title = name_of(window)
        wids = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid",
                               str(self.app.process.pid), "--name", "^%s$" % re.escape(title)],
                              capture_output=True, text=True).stdout.split()
        if not wids:
            raise JourneyFailure("cannot find the X window of %r" % title)
        # Twice: GTK relaxes its minimum size once a narrow layout is in.
        for _ in range(2):
            subprocess.run(["xdotool", "windowsize", "--sync", wids[-1], str(width), str(height)],
                           capture_output=True)
            time.sleep(0.4)
        return extents(window)

    def wheel(self, acc, clicks):
        """Turns the mouse wheel over the middle of @acc: down for positive @clicks."""
        x, y, w, h = extents(acc)
        top = toplevel_of(acc)
        _, _, tw, th = extents(top)
        ox, oy = self._window_origin(top)
        cx = ox + (max(x, 0) + min(x + w, tw)) // 2
        cy = oy + (max(y, 0) + min(y + h, th)) // 2
        move = self._move_to(cx, cy)
        if move:
            subprocess.run(["xdotool"] + move, check=True)
        for _ in range(abs(clicks)):
            subprocess.run(["xdotool", "click", "5" if clicks > 0 else "4"], check=True)
            time.sleep(0.05)
        time.sleep(0.3)

    def tab_to(self, predicate, what, limit=60, key="Tab"):
        """Presses Tab until focus lands on what @predicate accepts."""
        for _ in range(limit):
            acc = self.focused()
            if acc is not None and _safe(lambda: predicate(acc)):
                return acc
            self.key(key)
        raise JourneyFailure("%s never reached %s with %d presses" % (key, what, limit))

    # -- checks --------------------------------------------------------------

    def check_names(self, within=None):
        root = within if within is not None else self.window()
        problems = audit_names(root)
        if problems:
            raise JourneyFailure("accessible names:\n  " + "\n  ".join(problems))

    def overlaps(self, within=None, slack=2):
        """Pairs of labels shown on top of each other: text running into text. Only
        what is wholly in view counts: GTK 4.8 keeps reporting the last place of a
        widget that was hidden or scrolled away."""
        root = within if within is not None else self.window()
        boxes = []

        def inside(box, clip):
            x, y, w, h = box
            cx, cy, cw, ch = clip
            return x >= cx - slack and y >= cy - slack and x + w <= cx + cw + slack \
                and y + h <= cy + ch + slack

        def visit(acc, clip, depth=0):
            if depth > 80 or not on_screen(acc):
                return
            box = extents(acc)
            if role_of(acc) in (pyatspi.ROLE_SCROLL_PANE, pyatspi.ROLE_VIEWPORT):
                clip = box
            if role_of(acc) == pyatspi.ROLE_LABEL:
                text = text_of(acc).strip()
                if text and inside(box, clip):
                    boxes.append((box, text))
                return
            for child in children(acc):
                visit(child, clip, depth + 1)

        visit(root, extents(root))
        found = []
        for i, ((x, y, w, h), text) in enumerate(boxes):
            for (x2, y2, w2, h2), text2 in boxes[i + 1:]:
                dx = min(x + w, x2 + w2) - max(x, x2)
                dy = min(y + h, y2 + h2) - max(y, y2)
                if dx > slack and dy > slack:
                    found.append("%r overlaps %r" % (text, text2))
        return found

    def check_layout(self, within=None):
        problems = self.overlaps(within)
        if problems:
            raise JourneyFailure("layout:\n  " + "\n  ".join(problems))

    def screenshot(self, label):
        path = os.path.join(self.log_dir, "journey-%s-%s.png" % (self.name, label))
        subprocess.run(["import", "-window", "root", path], capture_output=True)
        return path

    def metainfo_screenshot(self, name, window=None):
        """Saves @window (the newest shown window unless given) as NAME.png in the folder
        $REFRAME_SCREENSHOT_DIR names, for the AppStream metainfo (see
        build-aux/update-screenshots.sh); does nothing when it is not set. The journey's
        own screen is taken (`import -window root`) and cut to the window, without the
        dates ImageMagick would write into the file, so an unchanged window gives the
        same bytes."""
        folder = os.environ.get("REFRAME_SCREENSHOT_DIR")
        if not folder:
            return None
        top = window if window is not None else self.window()
        # Transitions and the text cursor's first blink settle before the picture.
        time.sleep(1.0)
        _, _, w, h = extents(top)
        x, y = self._window_origin(top)
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, name + ".png")
        subprocess.run(["import", "-window", "root", "-crop", "%dx%d+%d+%d" % (w, h, x, y),
                        "+repage", "-strip", "-define", "png:exclude-chunks=date,time", path],
                       check=True, capture_output=True)
        log("screenshot for the metainfo: %s (%dx%d)" % (path, w, h))
        return path

    # -- running -------------------------------------------------------------

    def finish(self, ok):
        for server in self.servers:
            server.stop()
        for app in self.apps:
            if not ok:
                sys.stderr.write("--- reframe's standard error ---\n" + app.stderr_text())
            app.kill()
        if ok:
            shutil.rmtree(self.tmp, ignore_errors=True)
        else:
            log("kept the journey's folder: " + self.tmp)

    def check_stderr(self):
        """GLib criticals are programming errors a person would have met."""
        for app in self.apps:
            text = app.stderr_text()
            bad = [l for l in text.splitlines() if "CRITICAL" in l or "ERROR" in l]
            if bad:
                raise JourneyFailure("reframe printed criticals:\n" + "\n".join(bad[:10]))


def run(name, body):
    """Runs @body(journey) and exits 0 when it passed; on failure keeps a screenshot."""
    journey = Journey(name)
    ok = False
    try:
        body(journey)
        journey.check_stderr()
        ok = True
    except Exception:
        traceback.print_exc()
        if journey.apps:
            path = journey.screenshot("failed")
            log("screenshot: " + path)
    finally:
        journey.finish(ok)
    log("%s %s in %.1f s" % (name, "passed" if ok else "FAILED", time.monotonic() - journey.started))
    sys.exit(0 if ok else 1)
