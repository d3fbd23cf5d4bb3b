#!/usr/bin/env python3
"""Writes one canonical product document of N declarations (100 000, the most
the registry accepts, by default) to stdout, for measuring the registry's
memory per request (docs/performance.md). Standard library only.

Usage: registry/scripts/large_document.py [N] > large.json
The Idempotency-Key of the document is `sha256sum large.json` (no newline).

With COUNT, writes COUNT distinct documents of N declarations, one per line
(products PREFIX-0, PREFIX-1, …), for registry/scripts/throughput.sh:
registry/scripts/large_document.py N COUNT PREFIX > documents.jsonl
"""

import json
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
count = int(sys.argv[2]) if len(sys.argv) > 2 else None
prefix = sys.argv[3] if len(sys.argv) > 3 else "cabinet"
declarations = []
for i in range(n):
    declaration = {
        "requirement": f"synthese:REQ.{i:06d}",
        "status": "conform" if i % 2 == 0 else "planned",
        "declared": "2026-11-01",
        "evidence": [],
    }
    if i % 2 == 0:
        declaration["evidence"] = [{"proof": f"REQ.{i:06d}.01", "ref": f"DOC#{i}", "date": "2026-03-02"}]
    else:
        declaration["due"] = "2027-03-31"
    declarations.append(declaration)
conform = (n + 1) // 2
document = {
    "schema": 1,
    "organization": {"siren": "732829320", "name": "Exemple Santé SAS"},
    "product": {"id": prefix, "name": "Exemple Cabinet", "version": "5.2.0", "kind": "lgc",
                "services": ["dmp"], "profiles": []},
    "referentials": [{"id": "synthese", "version": "1.0.0", "sha256": "a" * 64}],
    "declarations": declarations,
    "counts": {"applicable": n, "conform": conform, "partial": 0, "non_conform": 0,
               "planned": n - conform, "not_applicable": 0, "missing": 0,
               "conformity": conform / n},
}

def text():
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


if count is None:
    sys.stdout.write(text())
else:
    for i in range(count):
        document["product"]["id"] = f"{prefix}-{i}"
        sys.stdout.write(text() + "\n")
