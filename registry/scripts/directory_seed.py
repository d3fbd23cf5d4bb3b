#!/usr/bin/env python3
"""Writes SQL that seeds a migrated registry database with a public directory
of ORGS organizations of PRODUCTS products each (the measurement of
docs/performance.md, "Public directory": 10,000 × 5).

Each organization gets a token (a random hash), a directory choice
"public", a commitments document and PRODUCTS product documents of
DECLARATIONS declarations each; every document becomes the head of its
product, so the triggers of migration 4 fill the directory tables as
real submissions would. Documents are written as sorted compact JSON,
which is the canonical form for them (integers, short decimals, no escapes
beyond JSON's), and their digest is its sha256. The same SQL runs on
SQLite and PostgreSQL:

    python3 directory_seed.py 10000 5 | sqlite3 registry.sqlite3
    python3 directory_seed.py 10000 5 | psql -q -v ON_ERROR_STOP=1 "$URL"
"""
import hashlib
import json
import random
import sys

ORGS = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
PRODUCTS = int(sys.argv[2]) if len(sys.argv) > 2 else 5
DECLARATIONS = int(sys.argv[3]) if len(sys.argv) > 3 else 20

WORDS = ["Santé", "Médical", "Clinique", "Cabinet", "Hôpital", "Radiologie", "Pharma",
         "Numérique", "Soins", "Biologie", "Dentaire", "Officine", "Logiciels", "Données"]
PLACES = ["Lyon", "Nantes", "Lille", "Rennes", "Bordeaux", "Paris", "Nice", "Brest", "Dijon"]
KINDS = ["dpi", "pfi", "lgc", "sgl", "ris", "drimbox", "lgo", "dui", "mes-app", "other"]
STATUSES = ["conform"] * 6 + ["partial", "non-conform", "planned", "not-applicable"]

rng = random.Random(20261204)


def siren(n):
    stem = f"{n:08d}"
    for key in range(10):
        digits = stem + str(key)
        total = 0
        for i, c in enumerate(reversed(digits)):
            d = int(c)
            if i % 2 == 1:
                d *= 2
                if d > 9:
                    d -= 9
            total += d
        if total % 10 == 0:
            return digits
    raise ValueError(n)


def q(text):
    return "'" + text.replace("'", "''") + "'"


def canonical(doc):
    return json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


seq = 0


def submit(out, org, product, doc, token_hash, when):
    global seq
    seq += 1
    text = canonical(doc)
    digest = hashlib.sha256(text.encode()).hexdigest()
    sub = f"sub_{seq:032x}"
    out.write(
        "INSERT INTO submissions (id, digest, siren, product, received_at, token_id, document) "
        f"VALUES ({q(sub)}, {q(digest)}, {q(org)}, {'NULL' if product is None else q(product)}, "
        f"{q(when)}, (SELECT id FROM tokens WHERE hash = {q(token_hash)}), {q(text)});\n"
    )
    key = "#directory" if "directory" in doc else (product or "")
    out.write(
        "INSERT INTO heads (siren, product, submission) "
        f"VALUES ({q(org)}, {q(key)}, (SELECT seq FROM submissions WHERE id = {q(sub)}));\n"
    )


def counts(declarations):
    c = {k: 0 for k in ["applicable", "conform", "unsubstantiated", "partial", "non_conform",
                        "planned", "not_applicable", "missing"]}
    c["applicable"] = len(declarations) + 2
    c["missing"] = 2
    for d in declarations:
        c[d["status"].replace("-", "_")] += 1
    denominator = c["applicable"] - c["not_applicable"]
    c["conformity"] = round(c["conform"] / denominator, 2) if denominator else 1
    return c


def declarations(referential, n):
    out = []
    for i in range(n):
        status = rng.choice(STATUSES)
        d = {"requirement": f"{referential}:REQ.{i:02d}", "status": status,
             "declared": "2026-11-01", "evidence": []}
        if status == "planned":
            d["due"] = "2027-06-30"
        if status in ("non-conform", "not-applicable", "partial"):
            d["justification"] = "Travaux engagés avec l'éditeur du module concerné"
        out.append(d)
    return out


def main():
    out = sys.stdout
    out.write("BEGIN;\n")
    referentials = [{"id": "segur-lgc", "version": "1.0.0", "sha256": "a" * 64},
                    {"id": "ins", "version": "2.0.0", "sha256": "b" * 64}]
    for n in range(ORGS):
        org = siren(10_000_000 + n)
        name = f"{rng.choice(WORDS)} {rng.choice(PLACES)} {n}"
        token_hash = hashlib.sha256(f"token-{n}".encode()).hexdigest()
        out.write("INSERT INTO tokens (hash, siren, label, created) "
                  f"VALUES ({q(token_hash)}, {q(org)}, 'seed', '2026-11-01T00:00:00Z');\n")
        organization = {"siren": org, "name": name}
        when = f"2026-11-{1 + n % 28:02d}T10:00:00Z"
        submit(out, org, None, {"schema": 2, "organization": organization, "directory": "public"},
               token_hash, when)
        commitments = declarations("charte-engagements", 6)
        submit(out, org, None, {"schema": 2, "organization": organization, "product": None,
                                "referentials": referentials[:1], "declarations": commitments,
                                "counts": counts(commitments)}, token_hash, when)
        for p in range(PRODUCTS):
            kind = KINDS[(n + p) % len(KINDS)]
            decls = declarations("segur-lgc", DECLARATIONS)
            product = {"id": f"produit-{p}", "name": f"{rng.choice(WORDS)} {kind.upper()} {p}",
                       "version": f"{1 + p}.{n % 10}.0", "kind": kind, "services": [],
                       "profiles": []}
            submit(out, org, product["id"], {"schema": 2, "organization": organization,
                                             "product": product, "referentials": referentials,
                                             "declarations": decls, "counts": counts(decls)},
                   token_hash, when)
    out.write("COMMIT;\n")


if __name__ == "__main__":
    main()
