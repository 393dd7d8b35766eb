#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Packs the crisis classifier's weights (data/crisis/classifier.json) into the table the
program reads in place (src/core/assistant/reframe-crisis-check-classifier.c).

Run at build time (src/core/meson.build); its output goes into the core's GResource instead
of the JSON, which stays the one committed source that build-aux/train-crisis-classifier.py
writes. Parsing 56,000 [feature, weight] pairs with json-glib took 77 ms and left 19 MiB of
freed nodes in GSlice at every start; this table is used straight from the resource: no
parse, no copy. Python's standard library only.

The layout, all little-endian (keep in step with the C side, which checks every field):

    offset  size  field
         0     8  magic "RFCRISC\\0"
         8     4  format version (2)
        12    20  min_n, max_n, min_words, window, stride: unsigned 32-bit
        32    16  bias, threshold: 64-bit floats
        48     4  size: slots in the table, a power of two, at least twice the features
        52     4  the number of features (slots in use)
        56  4 * size  keys: the FNV-1a hash of each feature's name
    56 + 4 * size  4 * size  weights: 32-bit floats; 0 marks an empty slot

then the concept lexicon (at offset C = 56 + 8 * size):

    C           24  concepts, distance, min_stem, slots, slots in use, names' bytes (u32)
    C + 24   names  the concepts' names, each ending in NUL, in strictly ascending order,
                    padded with NULs to a multiple of 4 bytes
    then  4 * slots  keys: the FNV-1a hash of "=" and a word, or of "*" and a stem
    then 16 * slots  each slot's concepts: 128 bits as four 32-bit words, the concept
                    numbered n in bit n % 32 of word n / 32; no bit marks an empty slot

Both tables are open addressing with linear probing from hash & (size - 1). The features
are filled in the file's order, a later feature of the same hash replacing the earlier
one; lexicon entries in the order of their concepts, an entry of the same hash adding its
concepts to those already there.

    build-aux/pack-crisis-classifier.py data/crisis/classifier.json classifier.bin
"""

import json
import math
import struct
import sys

MAGIC = b'RFCRISC\0'
FORMAT_VERSION = 2
MAX_CONCEPTS = 128
FNV_OFFSET = 2166136261
FNV_PRIME = 16777619


def fnv1a(data):
    h = FNV_OFFSET
    for byte in data:
        h = ((h ^ byte) * FNV_PRIME) & 0xFFFFFFFF
    return h


def number(model, name, low, high):
    value = model.get(name)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise ValueError('min_n, max_n, min_words, window, stride, bias or threshold is missing '
                         'or out of range')
    return value


def table(features):
    size = slots_for(len(features))
    mask = size - 1
    keys = [0] * size
    weights = [0.0] * size
    for i, pair in enumerate(features):
        if (not isinstance(pair, list) or len(pair) != 2 or not isinstance(pair[0], str) or
                '\0' in pair[0] or isinstance(pair[1], bool) or
                not isinstance(pair[1], (int, float))):
            raise ValueError('feature %d is not a name and a weight' % (i + 1))
        # A weight of 0 adds nothing, and marks an empty slot.
        if pair[1] == 0:
            continue
        # As C's (float) cast: rounded to the nearest 32-bit float.
        weight = struct.unpack('<f', struct.pack('<f', pair[1]))[0]
        key = fnv1a(pair[0].encode('utf-8'))
        slot = key & mask
        while weights[slot] != 0 and keys[slot] != key:
            slot = (slot + 1) & mask
        keys[slot] = key
        weights[slot] = weight
    return size, keys, weights


def slots_for(n):
    size = 16
    while size < 2 * n:
        size *= 2
    return size


def lexicon(model):
    """The concept section: names, and the table of entries' hashes and concepts."""
    concepts = model.get('concepts', {})
    distance = number(model, 'concept_distance', 0, 16) if concepts else 0
    min_stem = number(model, 'min_stem', 1, 32) if concepts else 1
    names = list(concepts)
    if (not isinstance(concepts, dict) or len(names) > MAX_CONCEPTS or names != sorted(set(names)) or
            any(not name or '\0' in name or not isinstance(entries, list) or
                any(not isinstance(e, str) or not e or e == '*' for e in entries)
                for name, entries in concepts.items())):
        raise ValueError('“concepts” must map at most %d names, in order, to lists of words' % MAX_CONCEPTS)
    entries = [(number_of, entry) for number_of, name in enumerate(names) for entry in concepts[name]]
    size = slots_for(len(entries))
    keys = [0] * size
    masks = [0] * size
    for number_of, entry in entries:
        key = fnv1a((('*' + entry[:-1]) if entry.endswith('*') else ('=' + entry)).encode('utf-8'))
        slot = key & (size - 1)
        while masks[slot] != 0 and keys[slot] != key:
            slot = (slot + 1) & (size - 1)
        keys[slot] = key
        masks[slot] |= 1 << number_of
    blob = b''.join(name.encode('utf-8') + b'\0' for name in names)
    blob += b'\0' * (-len(blob) % 4)
    used = sum(1 for m in masks if m)
    words = [(m >> (32 * k)) & 0xFFFFFFFF for m in masks for k in range(4)]
    return (struct.pack('<6I', len(names), int(distance), int(min_stem), size, used, len(blob)) + blob +
            struct.pack('<%dI' % size, *keys) + struct.pack('<%dI' % (4 * size), *words))


def pack(model):
    if not isinstance(model, dict):
        raise ValueError('not an object')
    min_n = number(model, 'min_n', 1, 8)
    max_n = number(model, 'max_n', min_n, 8)
    window = number(model, 'window', 1, 1000)
    stride = number(model, 'stride', 1, window)
    min_words = number(model, 'min_words', 0, 1000)
    bias = number(model, 'bias', -1e6, 1e6)
    threshold = number(model, 'threshold', -1e6, 1e6)
    if not isinstance(model.get('features'), list):
        raise ValueError('“features” must be a list')
    size, keys, weights = table(model['features'])
    used = sum(1 for w in weights if w != 0)
    # The C side truncates the settings to whole numbers, as it did reading the JSON.
    header = MAGIC + struct.pack('<6I2d2I', FORMAT_VERSION, int(min_n), int(max_n),
                                 int(min_words), int(window), int(stride), float(bias),
                                 float(threshold), size, used)
    assert len(header) == 56
    return (header + struct.pack('<%dI' % size, *keys) + struct.pack('<%df' % size, *weights) +
            lexicon(model))


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        with open(sys.argv[1], encoding='utf-8') as f:
            data = pack(json.load(f))
    except (OSError, ValueError, OverflowError) as e:
        print('%s: %s' % (sys.argv[1], e), file=sys.stderr)
        return 1
    with open(sys.argv[2], 'wb') as f:
        f.write(data)
    return 0


if __name__ == '__main__':
    sys.exit(main())
