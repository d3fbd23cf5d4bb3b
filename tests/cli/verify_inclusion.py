#!/usr/bin/env python3
"""An independent check of charte receipts' inclusion proofs.

Written from the wire format alone (SPEC §8, RFC 9162 §2.1.3.2), with the
standard library only: for each receipt file, the leaf hash is recomputed
from the receipt's own digest and id and the audit path is followed to the
root hash of the receipt's checkpoint. The checkpoint's ed25519 signature
is not checked (the standard library has no ed25519): `charte verify` does.

Usage: verify_inclusion.py RECEIPT.json...
Prints one JSON object: {"<file>": true | false, ...}.
"""

import base64
import hashlib
import json
import sys


def sha256(data):
    return hashlib.sha256(data).digest()


def verified(stored):
    receipt = stored["receipt"]
    log = receipt.get("log")
    if not log:
        return False
    note = log["checkpoint"]
    split = note.rfind("\n\n")
    if split < 0:
        return False
    lines = note[: split + 1].split("\n")[:-1]
    if len(lines) != 3:
        return False
    size, root = int(lines[1]), base64.b64decode(lines[2])
    index = log["index"]
    if index >= size:
        return False
    entry = "charte-log-entry/1\n%s\n%s\n" % (receipt["digest"], receipt["id"])
    r = sha256(b"\x00" + entry.encode())
    fn, sn = index, size - 1
    for node in log["inclusion"]:
        p = bytes.fromhex(node)
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = sha256(b"\x01" + p + r)
            while not fn & 1 and fn:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = sha256(b"\x01" + r + p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root


def main(paths):
    results = {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            results[path] = verified(json.load(f))
    json.dump(results, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1:])
