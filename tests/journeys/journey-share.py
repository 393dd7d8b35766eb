# SPDX-License-Identifier: GPL-3.0-or-later
"""Share with Therapist (Ctrl+E): the dialog shows what will be shared, private entries
unticked; Save As → PDF writes a report a person can open, without the private entry."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from journey import JourneyFailure, run  # noqa: E402


def body(j):
    j.cli("log", "--mood", "2", "--note", "Hard day at the office", "--at", "2026-12-01T19:00:00Z")
    j.cli("log", "--mood", "4", "--note", "Dinner with my sister", "--at", "2026-12-02T19:00:00Z")
    j.cli("log", "--mood", "1", "--note", "Something only for me", "--private",
          "--at", "2026-12-03T19:00:00Z")
    out_dir = os.path.join(j.tmp, "Documents")
    os.makedirs(out_dir)
    j.start()

    j.key("ctrl+e")
    dialog = j.wait_for(lambda: j.window("Share with Therapist"), "the share dialog")
    j.wait_text("Only what is ticked leaves this computer", within=dialog)
    j.check_names(dialog)

    # Save As → PDF…, by keyboard: a popover menu is a surface of its own, whose
    # items GTK 4.8 places relative to it, not to the dialog.
    j.tab_to(lambda a: a.name == "Save As", "Save As")
    j.key("space")
    j.wait_focus(lambda a: a.name == "PDF…", "the PDF… item")
    j.key("Return")

    # GTK's own file chooser: type the whole path in its location field.
    j.wait_for(lambda: j.window("Save Report"), "the file chooser")
    # (GTK's own file chooser is not checked for names: on a desktop it is the
    # portal's, in another program.)
    target = os.path.join(out_dir, "report-for-dr-lee.pdf")
    j.key("ctrl+a")
    j.type(target)
    j.key("Return")

    j.wait_for(lambda: os.path.exists(target) and os.path.getsize(target) > 1000,
               "the PDF to be written", timeout=30)
    j.wait_text("Saved|saved")
    text = subprocess.run(["pdftotext", target, "-"], capture_output=True, text=True,
                          check=True).stdout
    if "Dinner with my sister" not in text or "Hard day at the office" not in text:
        raise JourneyFailure("the report lacks the entries:\n" + text[:2000])
    if "Something only for me" in text:
        raise JourneyFailure("a private entry was shared")
    leftovers = [n for n in os.listdir(out_dir) if n != "report-for-dr-lee.pdf"]
    if leftovers:
        raise JourneyFailure("files left beside the report: %r" % leftovers)

    j.key("Escape")
    j.wait_for(lambda: j.window("Share with Therapist") is None, "the dialog to close")
    j.quit()


run("share", body)
