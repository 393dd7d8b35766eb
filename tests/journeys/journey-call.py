# SPDX-License-Identifier: GPL-3.0-or-later
"""Calling and texting from Get Help Now, where this computer has a program for tel: and
sms: links (a phone app, a softphone; here a stand-in that writes down what it was given):
the emergency number, the therapist and a crisis line each offer Call; Text is offered
for a line that takes texts; each asks first, naming who and which number, and Cancel
calls no one."""
import os
import stat
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pyatspi  # noqa: E402
from journey import JourneyFailure, run  # noqa: E402

THERAPIST = "Dr Lee"
PHONE = "0151 555 0199"


def install_dialer(j):
    """A program that handles tel: and sms: links, chosen as the default for them."""
    dialed = os.path.join(j.tmp, "dialed")
    script = os.path.join(j.tmp, "dialer.sh")
    with open(script, "w") as f:
        f.write('#!/bin/sh\necho "$1" >> "%s"\n' % dialed)
    os.chmod(script, stat.S_IRWXU)
    apps = os.path.join(j.home, "xdg-data", "applications")
    os.makedirs(apps, exist_ok=True)
    with open(os.path.join(apps, "journey-dialer.desktop"), "w") as f:
        f.write("[Desktop Entry]\nType=Application\nName=Journey Dialer\nExec=%s %%u\n"
                "MimeType=x-scheme-handler/tel;x-scheme-handler/sms;\nNoDisplay=true\n" % script)
    with open(os.path.join(j.home, "config", "mimeapps.list"), "w") as f:
        f.write("[Default Applications]\nx-scheme-handler/tel=journey-dialer.desktop\n"
                "x-scheme-handler/sms=journey-dialer.desktop\n")
    return dialed


def dialed_lines(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [line.strip() for line in f if line.strip()]


def answer(j, question, key):
    """Answers the question asked before a call with @key, and waits for it to go."""
    asked = j.wait_for(lambda: [w for w in j.app.windows() if question in j.texts(w)],
                       "the question %r" % question)[0]
    j.key(key)
    j.wait_for(lambda: asked not in j.app.windows()
               or not asked.getState().contains(pyatspi.STATE_VISIBLE), "the question to go")


def body(j):
    dialed = install_dialer(j)
    j.set_settings(therapist_name="'%s'" % THERAPIST, therapist_phone="'%s'" % PHONE,
                   crisis_country="'US'")
    j.start()
    j.key("ctrl+shift+h")
    sheet = j.wait_for(lambda: j.window("Get Help Now"), "the crisis lines")
    j.check_names(sheet)

    # Cancel (Escape) calls no one.
    j.press(pyatspi.ROLE_PUSH_BUTTON, "Call %s" % PHONE, within=sheet)
    answer(j, "Call %s on %s?" % (THERAPIST, PHONE), "Escape")
    if dialed_lines(dialed):
        raise JourneyFailure("Cancel still called: %r" % dialed_lines(dialed))

    # Enter calls: the number as a link, digits only.
    j.press(pyatspi.ROLE_PUSH_BUTTON, "Call %s" % PHONE, within=sheet)
    answer(j, "Call %s on %s?" % (THERAPIST, PHONE), "Return")
    j.wait_for(lambda: "tel:01515550199" in dialed_lines(dialed), "the dialer to get the therapist")

    # The emergency number at the top, and a line's text number.
    j.press(pyatspi.ROLE_PUSH_BUTTON, "Call 911", within=sheet)
    answer(j, "Call Emergency services on 911?", "Return")
    j.wait_for(lambda: "tel:911" in dialed_lines(dialed), "the dialer to get 911")
    j.press(pyatspi.ROLE_PUSH_BUTTON, "Send a Text to 988", within=sheet)
    answer(j, "Write a text to 988 Suicide & Crisis Lifeline on 988?", "Return")
    j.wait_for(lambda: "sms:988" in dialed_lines(dialed), "the dialer to get a text to 988")
    j.quit()


run("call", body)
