# SPDX-License-Identifier: GPL-3.0-or-later
"""A worksheet filled in as a person does it with the keyboard, and read back.

Shared by the journey-worksheets*.py journeys. An exercise is started from its card on
the Worksheets page; each step is typed through field by field with Tab (the keyboard
must already be in the step's first field when it opens); Next and Back are taken with
the button and with both shortcuts; the window is closed with its close button, Esc or
Ctrl+W; the draft is opened again from the list and every word is looked for in the
accessibility tree, and in `reframe worksheets --json`.

What a step holds is read from the template's JSON file in data/worksheets, the file the
program reads too: the journey uses it only to know what to expect on screen.
"""

import json
import os
import re
import time

import pyatspi
from journey import JourneyFailure, log, text_of

TEMPLATES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data",
                         "worksheets")

TEXT_TYPES = ("short_text", "long_text", "date_time")
DATE_TYPED = "2026-03-14 18:30"
FEELING_STRENGTH_KEYS = 7  # Page Up steps of 10 on the 0–100 slider
NEXT_WAYS = ("alt+Right", "ctrl+Page_Down", "button")
BACK_WAYS = {"alt+Right": "alt+Left", "ctrl+Page_Down": "ctrl+Page_Up", "button": "button"}


def is_text(name):
    return lambda a: a.getRole() in (pyatspi.ROLE_TEXT, pyatspi.ROLE_ENTRY) and a.name == name


def is_button(name):
    return lambda a: a.getRole() == pyatspi.ROLE_PUSH_BUTTON and a.name == name


def is_slider(name):
    return lambda a: a.getRole() == pyatspi.ROLE_SLIDER and a.name == name


def slider_value(acc):
    return int(round(acc.queryValue().currentValue))


class Worksheet:
    """One exercise of the built-in templates, as a person fills it in."""

    def __init__(self, j, template_id, words, screenshot=None):
        self.j = j
        # The name of a screenshot for the metainfo, taken once the first step is filled.
        self.screenshot = screenshot
        with open(os.path.join(TEMPLATES, template_id + ".json"), encoding="utf-8") as f:
            self.template = json.load(f)
        self.id = template_id
        self.title = self.template["title"]
        self.steps = self.template["steps"]
        self.words = words  # a word that marks everything typed in this worksheet
        self.expected = {}  # field id -> the answer `reframe worksheets --json` must hold
        self.shown = []     # per step: (predicate, what, text or slider value) read back
        self.editor = None
        self.next_way = 0
        self.two_lines = False

    # -- opening and closing -------------------------------------------------

    def start(self):
        """Starts the exercise from its card on the Worksheets page, with the keyboard."""
        j = self.j
        j.key("alt+2")
        j.tab_to(is_button(self.title), "the card of %r" % self.title)
        j.key("Return")
        self.editor = j.wait_for(lambda: j.window(self.title), "the %r window" % self.title)
        return self.editor

    def reopen(self):
        """Opens the draft again from the list of the Worksheets page."""
        j = self.j
        j.key("alt+2")
        row = lambda a: (a.getRole() == pyatspi.ROLE_LIST_ITEM and a.name.startswith(self.title + ",")
                         and "Draft" in a.name)
        j.tab_to(row, "the draft of %r in the list" % self.title)
        j.key("Return")
        self.editor = j.wait_for(lambda: j.window(self.title), "the %r draft to open" % self.title)
        return self.editor

    def close(self, way):
        """Closes the editor with its close button ("click"), Escape or Ctrl+W; the
        window must go, and no other window of the program stay behind."""
        j = self.j
        if way == "click":
            j.click(j.find(pyatspi.ROLE_PUSH_BUTTON, "Close", within=self.editor))
        else:
            j.key(way)
        j.wait_for(lambda: j.window(self.title) is None, "%r to close with %s" % (self.title, way))
        j.wait_for(lambda: len(j.app.windows()) == 1,
                   "only the main window to be left after closing %r" % self.title)
        self.editor = None

    # -- steps ---------------------------------------------------------------

    def step_label(self, index):
        return "Step %d of %d" % (index + 1, len(self.steps))

    def wait_step(self, index):
        if len(self.steps) > 1:
            self.j.wait_text("^%s$" % re.escape(self.step_label(index)), within=self.editor)

    def go(self, way, forward=True):
        j = self.j
        if way == "button":
            j.click(j.find(pyatspi.ROLE_PUSH_BUTTON, "Next Step" if forward else "Previous Step",
                           within=self.editor))
        else:
            j.key(way if forward else BACK_WAYS[way])

    def next(self, index):
        """Goes from step @index to the next one, each time another way."""
        way = NEXT_WAYS[self.next_way % len(NEXT_WAYS)]
        self.next_way += 1
        self.go(way)
        self.wait_step(index + 1)
        return way

    def reach(self, predicate, what, first):
        """The step's first field has the keyboard as soon as the step shows; later ones
        are reached with Tab."""
        if first:
            return self.j.wait_focus(predicate, what + " (the first field of the step)")
        return self.j.tab_to(predicate, what)

    def type_text(self, field, words, first, shown):
        j = self.j
        label = field["label"]
        self.reach(is_text(label), "the field %r" % label, first)
        if field["type"] == "date_time":
            j.type(DATE_TYPED)
            shown.append((is_text(label), label, DATE_TYPED))
            return DATE_TYPED
        if field["type"] == "long_text" and not self.two_lines:
            # Two lines, once a worksheet: Return stays in the text.
            self.two_lines = True
            j.type(words + " one")
            j.key("Return")
            j.type("and two")
            text = words + " one\nand two"
        else:
            j.type(words)
            text = words
        shown.append((is_text(label), label, text))
        return text

    def add_feeling(self, field, first, shown):
        j = self.j
        self.reach(is_button("Add a Feeling"), "Add a Feeling", first)
        j.key("Return")
        j.wait_focus(is_text("Feeling"), "the new feeling's name after Add a Feeling")
        feeling = self.words.split()[0] + "ish"
        j.type(feeling)
        j.key("Tab")
        slider = j.wait_focus(is_slider("How strong, 0–100"), "the feeling's strength")
        j.key(*["Page_Up"] * FEELING_STRENGTH_KEYS)
        strength = j.wait_for(lambda: slider_value(slider) or None, "the strength to change")
        shown.append((is_text("Feeling"), "Feeling", feeling))
        shown.append((is_slider("How strong, 0–100"), "How strong", strength))
        return [{"name": feeling, "before": strength}]

    def add_row(self, field, first, shown):
        j = self.j
        self.reach(is_button("Add a Row"), "Add a Row of %r" % field["label"], first)
        j.key("Return")
        row = {}
        first_cell = True
        for cell in field["columns"]:
            if cell["type"] in TEXT_TYPES:
                words = "%s %s" % (self.words, cell["id"].replace("_", " "))
                row[cell["id"]] = self.type_text(cell, words, first_cell, shown)
            first_cell = False
        return [row]

    def set_slider(self, field, first, shown):
        j = self.j
        slider = self.reach(is_slider(field["label"]), "the slider %r" % field["label"], first)
        j.key("Page_Up", "Page_Up", "Right")
        value = slider_value(slider)
        shown.append((is_slider(field["label"]), field["label"], value))
        return value

    def fill_step(self, index):
        """Types into every field of step @index, with the keyboard only."""
        j = self.j
        step = self.steps[index]
        shown = []
        self.wait_step(index)
        self.check_context(step)
        for n, field in enumerate(step.get("fields", [])):
            first = n == 0
            words = "%s %s" % (self.words, field["id"].replace("_", " "))
            kind = field["type"]
            if kind in TEXT_TYPES:
                value = self.type_text(field, words, first, shown)
            elif kind == "emotions":
                value = self.add_feeling(field, first, shown)
            elif kind == "table":
                value = self.add_row(field, first, shown)
            elif kind == "slider":
                value = self.set_slider(field, first, shown)
            else:
                continue  # choices are the questionnaires' journey
            self.expected[field["id"]] = value
        j.check_names(self.editor)
        self.shown.append(shown)

    def check_context(self, step):
        """What earlier steps say is shown beside this one: the words typed there."""
        for field_id in step.get("context", []):
            value = self.expected.get(field_id)
            if isinstance(value, str):
                self.j.wait_text("^%s$" % re.escape(value), within=self.editor)

    def check_step(self, index):
        """Every word typed in step @index is shown again."""
        j = self.j
        self.wait_step(index)
        for predicate, what, value in self.shown[index]:
            acc = j.find(match=predicate, within=self.editor)
            found = slider_value(acc) if isinstance(value, int) else text_of(acc)
            if found != value:
                raise JourneyFailure("%r in %r, step %d, shows %r, not %r"
                                     % (what, self.title, index + 1, found, value))

    # -- whole journeys --------------------------------------------------------

    def fill(self, close_way, back_at=1):
        """Starts the exercise, fills every step (going back once at step @back_at to
        find the words of the one before), and closes it."""
        started = time.monotonic()
        self.start()
        for index in range(len(self.steps)):
            self.fill_step(index)
            if index == 0 and self.screenshot:
                self.j.metainfo_screenshot(self.screenshot, self.editor)
            if index == back_at and index > 0:
                way = NEXT_WAYS[self.next_way % len(NEXT_WAYS)]
                self.go(way, forward=False)
                self.check_step(index - 1)
                self.go(way)
                self.check_step(index)
            if index + 1 < len(self.steps):
                self.next(index)
        self.close(close_way)
        log("%s filled in and closed with %s in %.1f s"
            % (self.id, close_way, time.monotonic() - started))

    def check_saved(self):
        """`reframe worksheets --json` holds the draft with every answer typed."""
        drafts = [w for w in self.j.cli_json("worksheets") if w["template_id"] == self.id]
        if len(drafts) != 1 or drafts[0]["status"] != "draft":
            raise JourneyFailure("expected one draft of %s, found %r" % (self.id, drafts))
        answers = drafts[0]["answers"]
        for field_id, value in self.expected.items():
            if not same_answer(answers.get(field_id), value):
                raise JourneyFailure("%s: %s saved as %r, typed %r"
                                     % (self.id, field_id, answers.get(field_id), value))

    def check_reopened(self, close_way):
        """Opens the draft from the list and finds every word, step by step."""
        started = time.monotonic()
        self.reopen()
        self.next_way = 0
        for index in range(len(self.steps)):
            self.check_step(index)
            if index + 1 < len(self.steps):
                self.next(index)
        self.close(close_way)
        log("%s read back and closed with %s in %.1f s"
            % (self.id, close_way, time.monotonic() - started))


def same_answer(saved, typed):
    """A date is typed in local time and saved in ISO 8601; rows are compared cell by cell."""
    if isinstance(typed, list):
        return (isinstance(saved, list) and len(saved) == len(typed)
                and all(all(same_answer(s.get(k), v) for k, v in t.items())
                        for s, t in zip(saved, typed)))
    if typed == DATE_TYPED:
        return isinstance(saved, str) and saved.startswith("2026-03-14T18:30")
    return saved == typed



def type_through(j, sheets, **fill):
    """Each (worksheet, way to close it, way to close it again) typed through step by
    step and saved, then each reopened from the list with every word still there."""
    for sheet, close_way, _ in sheets:
        sheet.fill(close_way, **fill)
        sheet.check_saved()
    for sheet, _, close_way in sheets:
        sheet.check_reopened(close_way)
    j.wait_for(lambda: j.find_all(match=is_button("Thought record")), "the Worksheets page")
