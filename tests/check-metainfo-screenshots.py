#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every screenshot the AppStream metainfo names is in data/screenshots/ (where its URL
on the project's main branch points), a PNG of the width and height the metainfo gives,
and every PNG there is named by the metainfo. build-aux/update-screenshots.sh takes them.

    tests/check-metainfo-screenshots.py METAINFO SOURCE_ROOT
"""

import os
import struct
import sys
import xml.etree.ElementTree as ET

URL_PREFIX = "https://raw.githubusercontent.com/reframe/reframe/main/data/screenshots/"


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", head[16:24])


def main():
    metainfo, root = sys.argv[1], sys.argv[2]
    folder = os.path.join(root, "data", "screenshots")
    problems = []
    named = set()
    images = ET.parse(metainfo).getroot().findall("./screenshots/screenshot/image")
    if len(images) < 4:
        problems.append("the metainfo has %d screenshots, fewer than four" % len(images))
    for image in images:
        url = (image.text or "").strip()
        if not url.startswith(URL_PREFIX):
            problems.append("%s is not under %s" % (url, URL_PREFIX))
            continue
        name = url[len(URL_PREFIX):]
        named.add(name)
        path = os.path.join(folder, name)
        if not os.path.isfile(path):
            problems.append("data/screenshots/%s is missing (build-aux/update-screenshots.sh)" % name)
            continue
        size = png_size(path)
        if size is None:
            problems.append("data/screenshots/%s is not a PNG" % name)
            continue
        said = (image.get("width"), image.get("height"))
        if said != tuple(str(n) for n in size):
            problems.append("data/screenshots/%s is %dx%d, the metainfo says %sx%s"
                            % ((name,) + size + said))
    if os.path.isdir(folder):
        for extra in sorted(set(os.listdir(folder)) - named):
            problems.append("data/screenshots/%s is not named by the metainfo" % extra)
    for p in problems:
        print("FAIL: " + p)
    print("%d screenshots named, %d problems" % (len(images), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
