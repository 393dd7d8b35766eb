# SPDX-License-Identifier: GPL-3.0-or-later
"""Reframe in German or Spanish (the language is the first argument): every page, the
entry editor, the crisis lines, the safety plan, a worksheet, the companion, Share with
Therapist, Preferences and the keyboard shortcuts show no English string of Reframe's own
(what the person typed aside), found through the accessibility tree as a screen reader
reads it. The translation (po/LANG.po) says which strings are English: every msgid whose
translation differs, and the sentences its formats make."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pyatspi  # noqa: E402
from journey import JourneyFailure, log, name_of, on_screen, role_of, run, text_of, walk  # noqa: E402

LOCALES = {"de": "de_DE.UTF-8", "es": "es_ES.UTF-8"}
NOTES = {"de": "Ein ruhiger Abend mit Tee", "es": "Una tarde tranquila con té"}
PO_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "po")
FORMAT = re.compile(r"%(?:\d+\$)?[-+ #0']*\d*(?:\.\d+)?(?:l|ll|h|z)?[sduifgc]|%<PRI[du]64>")


def read_po(path):
    """{(context, msgid): [msgstr, ...]} and the plural msgids, from a .po file."""
    entries, plurals = {}, {}
    fields, current = {}, None

    def flush():
        if "msgid" in fields and fields["msgid"]:
            key = (fields.get("msgctxt"), fields["msgid"])
            entries[key] = [v for k, v in sorted(fields.items()) if k.startswith("msgstr")]
            if "msgid_plural" in fields:
                plurals[key] = fields["msgid_plural"]

    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        m = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line)
        if m:
            if m.group(1) in ("msgctxt", "msgid") and ("msgstr" in fields or "msgstr[0]" in fields):
                flush()
                fields = {}
            current = m.group(1)
            fields[current] = unescape(m.group(2))
        elif line.startswith('"') and current:
            fields[current] += unescape(line[1:-1])
        elif not line.strip():
            flush()
            fields, current = {}, None
    flush()
    return entries, plurals


def unescape(text):
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(1)), text)


def plain(text):
    """What a person reads: no mnemonic underscore, no surrounding space."""
    return re.sub(r"_(?=\w)", "", text).strip()


class Catalogue:
    def __init__(self, language):
        self.entries, plurals = read_po(os.path.join(PO_DIR, language + ".po"))
        self.english = set()
        self.patterns = []
        for key, translations in self.entries.items():
            msgids = [key[1]] + ([plurals[key]] if key in plurals else [])
            for msgid in msgids:
                if msgid in translations or not any(translations):
                    continue  # the same in both languages ("PHQ-9"), or a proper name
                for line in msgid.split("\n"):
                    self.add(plain(line))

    def add(self, english):
        literal = FORMAT.sub("", english)
        if len(re.findall(r"[A-Za-z]{2,}", literal)) < 2 and FORMAT.search(english):
            return  # "%s (%u)", "Format: %s": too little English to recognise
        if not re.search(r"[A-Za-z]{3,}", literal):
            return
        if FORMAT.search(english):
            parts = FORMAT.split(english)
            self.patterns.append(re.compile("^" + ".+?".join(re.escape(p) for p in parts) + "$"))
        else:
            self.english.add(english)

    def translate(self, msgid, context=None):
        """The translation of @msgid, as the journey must look for it on screen."""
        for (ctx, mid), translations in self.entries.items():
            if mid == msgid and (context is None or ctx == context):
                return plain(translations[0])
        raise JourneyFailure("%r is not in the catalogue" % msgid)

    def english_in(self, text):
        for line in text.split("\n"):
            line = plain(line)
            if not line:
                continue
            if line in self.english:
                return line
            for pattern in self.patterns:
                if pattern.match(line):
                    return line
        return None


def check_no_english(j, cat, window, where, own_words):
    """Every name and text the accessibility tree shows in @window is in the language."""
    found = []
    seen = 0
    for acc in walk(window):
        if not on_screen(acc):
            continue
        texts = {name_of(acc)}
        if role_of(acc) in (pyatspi.ROLE_LABEL, pyatspi.ROLE_TEXT, pyatspi.ROLE_STATIC):
            texts.add(text_of(acc))
        for text in texts:
            if not text or any(w in text for w in own_words):
                continue
            seen += 1
            english = cat.english_in(text)
            if english:
                found.append("%s %r" % (acc.getRoleName(), english))
    if seen < 5:
        raise JourneyFailure("%s: only %d texts in the accessibility tree" % (where, seen))
    if found:
        raise JourneyFailure("English on %s:\n  %s" % (where, "\n  ".join(sorted(set(found)))))
    log("%s: %d texts, none English" % (where, seen))


def body(j):
    language = sys.argv[1]
    cat = Catalogue(language)
    # The check itself can fail: English as Reframe writes it is recognised.
    for english in ("Share with Therapist", "Get _Help Now", "Done 1 of 7 this week"):
        if not cat.english_in(english):
            raise JourneyFailure("the English check does not recognise %r" % english)
    note = NOTES[language]
    t = cat.translate
    language_env = {"LANGUAGE": language, "LC_ALL": LOCALES[language]}
    # With animations, GTK 4.8 and libadwaita 1.2 once in a while log a critical
    # ("gtk_widget_measure: assertion 'for_size >= -1'") from a frame in the middle of
    # the companion pane's reveal, where the Spanish labels make the pane wider (about 1
    # run in 5; none in 7 runs without animations). This journey is about words, so it
    # runs as with reduced motion; the other journeys keep the animations.
    j.reduce_motion()
    english_env = j.env
    j.env = lambda extra=None: english_env(dict(language_env, **(extra or {})))
    j.start()

    # The main pages, each by its shortcut.
    for keys, page in (("alt+1", "Journal"), ("alt+2", "Worksheets"), ("alt+3", "Homework"),
                       ("alt+4", "Insights")):
        name = t(page)
        j.key(keys)
        j.wait_for(lambda: [a for a in j.find_all(pyatspi.ROLE_PAGE_TAB, name)
                            if a.getState().contains(pyatspi.STATE_SELECTED)],
                   "the %s page (%s)" % (page, name))
        check_no_english(j, cat, j.window(), "the %s page" % page, [note])
        j.screenshot("%s-%s" % (page.lower(), language))

    # An entry, with the person's own words, then the journal that shows it.
    j.key("alt+1")
    j.key("ctrl+n")
    editor = j.wait_for(lambda: len(j.app.windows()) > 1 and j.window(), "the entry editor")
    check_no_english(j, cat, editor, "the entry editor", [note])
    j.key("4")
    j.type(note)
    j.key("ctrl+Return")
    j.wait_for(lambda: len(j.app.windows()) == 1, "the entry editor to close")
    j.wait_text(re.escape(note))
    j.wait_text(re.escape(t("Today")))
    check_no_english(j, cat, j.window(), "the journal with an entry", [note])
    j.screenshot("journal-" + language)

    # Safety first: the crisis lines and the safety plan.
    j.key("ctrl+shift+h")
    help_title = t("Get Help Now")
    sheet = j.wait_for(lambda: j.window(help_title), "the crisis lines (%s)" % help_title)
    check_no_english(j, cat, sheet, "the crisis lines", [note])
    j.key("Escape")
    j.wait_for(lambda: j.window(help_title) is None, "Escape to close the crisis lines")

    plan_title = t("My Safety Plan")
    j.key("F10")
    j.wait_focus(lambda a: a.name == help_title, "the first item of the main menu")
    j.key("Down")
    j.wait_focus(lambda a: a.name == plan_title, "%s in the main menu" % plan_title)
    j.key("Return")
    plan = j.wait_for(lambda: j.window(plan_title), "the safety plan's window")
    check_no_english(j, cat, plan, "the safety plan", [note])
    j.key("ctrl+w")
    j.wait_for(lambda: j.window(plan_title) is None, "Ctrl+W to close the safety plan")

    # A worksheet, from its card.
    j.key("alt+2")
    title = t("Thought record")
    j.tab_to(lambda a: role_of(a) == pyatspi.ROLE_PUSH_BUTTON and a.name.startswith(title),
             "the card of %r" % title)
    j.key("Return")
    sheet = j.wait_for(lambda: j.window(title), "the %r window" % title)
    check_no_english(j, cat, sheet, "the thought record", [note])
    j.key("ctrl+w")
    j.wait_for(lambda: j.window(title) is None, "Ctrl+W to close the thought record")

    # The companion pane, Share with Therapist, Preferences, the shortcuts.
    j.key("alt+1")
    j.key("F9")
    j.wait_text(re.escape(t("Companion")))
    check_no_english(j, cat, j.window(), "the companion", [note])
    j.key("F9")
    for keys, what in (("ctrl+e", "Share with Therapist"), ("ctrl+comma", "Preferences"),
                       ("ctrl+question", "Keyboard Shortcuts")):
        j.key(keys)
        window = j.wait_for(lambda: len(j.app.windows()) > 1 and j.window(), what)
        check_no_english(j, cat, window, what, [note])
        j.screenshot("%s-%s" % (what.split()[0].lower(), language))
        if what == "Share with Therapist":
            j.wait_text(re.escape(t("Report Language")), within=window)
        j.key("Escape")
        j.wait_for(lambda: len(j.app.windows()) == 1, "Escape to close " + what)

    # The command line speaks the language too.
    for args in (["list"], ["homework"], ["templates"]):
        out = j.cli(*args)
        english = [line for line in out.splitlines()
                   if note not in line and cat.english_in(line.strip(" -•"))]
        if english:
            raise JourneyFailure("English in reframe %s:\n  %s" % (args[0], "\n  ".join(english)))
    if note not in j.cli("list"):
        raise JourneyFailure("reframe list did not list the entry")
    j.quit()


if __name__ == "__main__":
    run("language-" + sys.argv[1], body)
