#!/usr/bin/env python3
"""Client side of registry/scripts/load.sh and crash.sh (standard library only).

  prepare  split the documents into those stored before the load (sent now)
           and those the load sends for the first time, for load.lua
  verify   after wrk: the database holds exactly the documents sent, each
           under its digest; the answers counted by load.lua were all
           expected ones
  crash    concurrent clients submit while the registry is killed with
           SIGKILL and restarted; every acknowledged submission must survive

The token comes from the environment (REGISTRY_TOKEN), never from arguments.
A document is one line of canonical JSON, as `charte submit --offline
--dry-run` prints it: its Idempotency-Key is the sha256 of the line.
"""

import argparse
import hashlib
import http.client
import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse

# Answers the load may get: created, replayed, and 409 when two connections
# send the same key at once (a replay racing its original).
EXPECTED_UNDER_LOAD = {200, 201, 409}
# Answers a client retries (SPEC §5 client rules).
RETRIED = {409, 429, 500, 502, 503, 504}


def read_documents(path):
    """Distinct (key, body) pairs of a file of canonical documents, in order."""
    seen = set()
    documents = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            body = line.rstrip("\n")
            if not body:
                continue
            key = hashlib.sha256(body.encode("utf-8")).hexdigest()
            if key not in seen:
                seen.add(key)
                documents.append((key, body))
    return documents


def read_tsv(path):
    with open(path, encoding="utf-8") as lines:
        return [tuple(line.rstrip("\n").split("\t", 1)) for line in lines]


class Client:
    """One keep-alive HTTP/1.1 connection to the registry, reopened after a failure."""

    def __init__(self, url, token, timeout=10.0):
        parsed = urllib.parse.urlsplit(url)
        self.host, self.port = parsed.hostname, parsed.port
        self.token = token
        self.timeout = timeout
        self.conn = None

    def request(self, method, path, body=None, headers=None):
        """(status, parsed JSON or None); raises OSError / HTTPException on a broken connection."""
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        all_headers = {"Authorization": "Bearer " + self.token}
        if body is not None:
            all_headers["Content-Type"] = "application/json"
        all_headers.update(headers or {})
        try:
            self.conn.request(method, path, body=body, headers=all_headers)
            response = self.conn.getresponse()
            raw = response.read()
        except (OSError, http.client.HTTPException):
            self.close()
            raise
        if response.getheader("Connection", "").lower() == "close":
            self.close()
        try:
            payload = json.loads(raw) if raw else None
        except ValueError:
            payload = None
        return response.status, payload

    def submit(self, key, body):
        return self.request(
            "POST", "/v1/submissions", body.encode("utf-8"), {"Idempotency-Key": key}
        )

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def stored(db):
    """{digest: (id, document digest)} of every stored submission, read-only."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT id, digest, document FROM submissions").fetchall()
    finally:
        conn.close()
    return {
        digest: (sub_id, hashlib.sha256(document.encode("utf-8")).hexdigest())
        for sub_id, digest, document in rows
    }


def integrity(db):
    """(integrity_check answer, foreign key violations) of the database file."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        answer = "; ".join(row[0] for row in conn.execute("PRAGMA integrity_check"))
        violations = len(conn.execute("PRAGMA foreign_key_check").fetchall())
    finally:
        conn.close()
    return answer, violations


class Report:
    def __init__(self):
        self.failures = []

    def line(self, label, value):
        print(f"{label:<44} {value}", flush=True)

    def check(self, ok, message):
        if not ok:
            self.failures.append(message)
            print(f"FAILED: {message}", flush=True)

    def exit_code(self):
        if self.failures:
            print(f"{len(self.failures)} check(s) failed", flush=True)
            return 1
        return 0


# --- prepare ---------------------------------------------------------------


def prepare(args):
    token = os.environ["REGISTRY_TOKEN"]
    documents = read_documents(args.documents)
    random.Random(7).shuffle(documents)
    seeded, new = documents[: args.seed], documents[args.seed :]
    client = Client(args.url, token)
    receipts = []
    for key, body in seeded:
        status, receipt = client.submit(key, body)
        if status != 201 or receipt.get("digest") != key:
            sys.exit(f"seeding: {status} {receipt}")
        receipts.append(receipt["id"])
    client.close()
    for name, rows in (("seeded.tsv", seeded), ("new.tsv", new)):
        with open(os.path.join(args.dir, name), "w", encoding="utf-8") as out:
            out.writelines(f"{key}\t{body}\n" for key, body in rows)
    with open(os.path.join(args.dir, "receipts.txt"), "w", encoding="utf-8") as out:
        out.writelines(f"{sub_id}\n" for sub_id in receipts)
    sizes = sorted(len(body.encode("utf-8")) for _, body in documents)
    print(
        f"{len(documents)} distinct documents ({len(seeded)} stored before the load, "
        f"{len(new)} for it), {sizes[0]} to {sizes[-1]} bytes, median {sizes[len(sizes) // 2]}",
        flush=True,
    )


# --- verify ----------------------------------------------------------------


def verify(args):
    token = os.environ["REGISTRY_TOKEN"]
    report = Report()
    wrk = {}
    with open(os.path.join(args.dir, "wrk.txt"), encoding="utf-8") as lines:
        for line in lines:
            name, value = line.split()
            wrk[name] = float(value)
    seeded = read_tsv(os.path.join(args.dir, "seeded.tsv"))
    new = read_tsv(os.path.join(args.dir, "new.tsv"))
    issued = {}
    with open(os.path.join(args.dir, "issued.txt"), encoding="utf-8") as lines:
        for line in lines:
            thread, count = map(int, line.split())
            issued[thread] = count
    threads = len(issued)
    # The partition of load.lua: thread t sends lines t, t + T, … in order.
    sent_new = [
        row
        for thread, count in issued.items()
        for row in new[thread::threads][:count]
    ]
    sent = dict(seeded)
    sent.update(sent_new)

    statuses = {
        int(name[len("status_") :]): int(value)
        for name, value in wrk.items()
        if name.startswith("status_")
    }
    requests = int(wrk["requests"])
    report.line("requests (wrk)", requests)
    report.line("duration", f"{wrk['seconds']:.1f} s")
    report.line("throughput", f"{wrk['requests_per_second']:.0f} requests/s")
    report.line(
        "latency p50 / p90 / p99 / p99.9 / max",
        " / ".join(
            f"{wrk[name]:.1f}"
            for name in (
                "latency_p50_ms",
                "latency_p90_ms",
                "latency_p99_ms",
                "latency_p99.9_ms",
                "latency_max_ms",
            )
        )
        + " ms",
    )
    report.line("answers by status", " ".join(f"{s}:{n}" for s, n in sorted(statuses.items())))
    server_errors = sum(n for s, n in statuses.items() if s >= 500)
    unexpected = sum(n for s, n in statuses.items() if s not in EXPECTED_UNDER_LOAD)
    report.check(server_errors == 0, f"{server_errors} answers 5xx under load")
    report.check(unexpected == 0, f"{unexpected} answers other than 200, 201 or 409")
    socket_errors = {
        kind: int(wrk[f"socket_errors_{kind}"]) for kind in ("connect", "read", "write", "timeout")
    }
    report.line("socket errors", " ".join(f"{k}:{v}" for k, v in socket_errors.items()))
    report.check(sum(socket_errors.values()) == 0, f"socket errors {socket_errors}")

    held = stored(args.db)
    report.line("documents sent (distinct)", f"{len(sent)} ({len(seeded)} before the load, {len(sent_new)} new)")
    if len(sent_new) == len(new):
        report.line("", "every new document was sent: the load went on with replays")
    report.line("submissions stored after the load", len(held))
    corrupt = [d for d, (_, content) in held.items() if content != d]
    report.check(not corrupt, f"{len(corrupt)} stored documents whose content is not their digest")
    extra = set(held) - set(sent)
    report.check(not extra, f"{len(extra)} stored documents that were never sent")
    created = statuses.get(201, 0)
    report.check(
        created <= len(held) - len(seeded),
        f"{created} answers 201 but only {len(held) - len(seeded)} new rows",
    )
    # A request wrk had in flight when it stopped may or may not have been
    # stored: at most one per connection, among the last ones each thread
    # sent. Send those again: each must be new.
    missing = [key for key in sent if key not in held]
    last_sent = {
        key
        for thread, count in issued.items()
        for key, _ in new[thread::threads][:count][-args.connections :]
    }
    report.check(
        len(missing) <= args.connections and all(key in last_sent for key in missing),
        f"{len(missing)} documents sent but not stored, not all of them cut off by the end of the run",
    )
    client = Client(args.url, token)
    for key in missing:
        status, receipt = client.submit(key, sent[key])
        report.check(
            status == 201 and receipt["digest"] == key,
            f"re-sending a document cut off at the end: {status} {receipt}",
        )
    # Replays of a sample of the stored documents: 200 and the stored receipt.
    sample = random.Random(3).sample(sorted(held), min(200, len(held)))
    for key in sample:
        status, receipt = client.submit(key, sent[key])
        report.check(
            status == 200 and receipt["id"] == held[key][0] and receipt["digest"] == key,
            f"replay of {key}: {status} {receipt}",
        )
    client.close()
    after = stored(args.db)
    report.line("re-sent after the run (cut off by its end)", len(missing))
    report.line("submissions stored = distinct documents sent", f"{len(after)} = {len(sent)}")
    report.check(
        set(after) == set(sent),
        f"{len(after)} submissions stored, {len(sent)} distinct documents sent",
    )
    return report.exit_code()


# --- crash -----------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Registry:
    """The real binary on a fixed loopback port, killed and restarted on the same database."""

    def __init__(self, binary, db, log):
        self.binary, self.db, self.log = binary, db, log
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = None
        self.starts = 0

    def start(self):
        deadline = time.monotonic() + 20
        while True:
            with open(self.log, "ab") as log:
                self.process = subprocess.Popen(
                    [self.binary, "serve", "--db", self.db, "--listen", f"127.0.0.1:{self.port}"],
                    stdout=subprocess.PIPE,
                    stderr=log,
                )
            line = self.process.stdout.readline().decode()
            if line.startswith("listening on http://"):
                self.starts += 1
                return
            self.process.wait()
            # The port of a killed server may take a moment to be free again.
            if time.monotonic() > deadline:
                sys.exit(f"the registry did not restart (exit {self.process.returncode}); see {self.log}")
            time.sleep(0.1)

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        self.process.stdout.close()

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=30)
        self.process.stdout.close()
        return code


class Submitter(threading.Thread):
    """Sends its documents one after the other, retrying each until the registry
    acknowledges it; one request in five is a replay of a document it already
    has a receipt for."""

    def __init__(self, number, url, token, documents, stop, record):
        super().__init__(name=f"client-{number}", daemon=True)
        self.client = Client(url, token, timeout=5.0)
        self.documents = documents
        self.stop = stop
        self.record = record
        self.random = random.Random(number)
        self.position = 0  # documents taken so far
        self.acknowledged = []
        self.refused = 0  # the registry was down
        self.cut = 0  # the connection broke or timed out: the answer was lost
        self.retried = 0  # 409, 429 or 5xx
        self.unexpected = []

    def run(self):
        while not self.stop.is_set():
            if self.position < len(self.documents) and (
                not self.acknowledged or self.random.random() < 0.8
            ):
                key, body = self.documents[self.position]
                self.position += 1
            elif self.acknowledged:
                key, body = self.random.choice(self.acknowledged)
            else:
                break
            self.send(key, body)
        self.client.close()

    def send(self, key, body):
        wait = 0.02
        while not self.stop.is_set():
            try:
                status, payload = self.client.submit(key, body)
            except ConnectionRefusedError:
                status, payload = None, None
                self.refused += 1
            except (OSError, http.client.HTTPException):
                status, payload = None, None
                self.cut += 1
            if status in (200, 201):
                self.record(key, status, payload)
                self.acknowledged.append((key, body))
                return
            if status is not None and status not in RETRIED:
                self.unexpected.append((key, status, payload))
                return
            if status is not None:
                self.retried += 1
            time.sleep(wait * (0.5 + self.random.random()))
            wait = min(wait * 2, 0.5)


def crash(args):
    token = os.environ["REGISTRY_TOKEN"]
    report = Report()
    started = time.monotonic()
    documents = read_documents(args.documents)
    random.Random(11).shuffle(documents)
    registry = Registry(args.registry, args.db, args.log)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        return crash_and_check(args, token, report, started, documents, registry)
    finally:
        if registry.process is not None and registry.process.poll() is None:
            registry.process.kill()


def crash_and_check(args, token, report, started, documents, registry):
    registry.start()

    lock = threading.Lock()
    receipts = {}  # key -> receipt of the first acknowledgement
    first_by_replay = set()  # keys first acknowledged by a 200: the 201 was lost
    conflicts = []
    counts = {200: 0, 201: 0}

    def record(key, status, receipt):
        with lock:
            counts[status] += 1
            if receipt is None or receipt.get("digest") != key:
                conflicts.append((key, receipt))
            elif key in receipts and receipts[key]["id"] != receipt["id"]:
                conflicts.append((key, receipt))
            elif key not in receipts:
                receipts[key] = receipt
                if status == 200:
                    first_by_replay.add(key)

    def acknowledged():
        with lock:
            return counts[200] + counts[201]

    stop = threading.Event()
    clients = [
        Submitter(n, registry.url, token, documents[n :: args.clients], stop, record)
        for n in range(args.clients)
    ]
    for client in clients:
        client.start()
    chance = random.Random(args.seed)
    kills = 0
    for _ in range(args.kills):
        # Under load: some answers since the last start, then a random moment.
        since = acknowledged()
        deadline = time.monotonic() + 10
        while acknowledged() == since and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(chance.uniform(args.min_delay, args.max_delay))
        registry.kill()
        kills += 1
        # Down for a moment: the clients see refused connections and retry.
        time.sleep(chance.uniform(0.0, 0.2))
        registry.start()
    # A little more load on the last start, then the clients stop.
    since, deadline = acknowledged(), time.monotonic() + 10
    while acknowledged() < since + args.clients * 10 and time.monotonic() < deadline:
        time.sleep(0.05)
    stop.set()
    for client in clients:
        client.join(timeout=30)
        report.check(not client.is_alive(), f"{client.name} did not stop")

    for client in clients:
        for key, status, payload in client.unexpected:
            report.check(False, f"{client.name}: {status} {payload} for {key}")
    report.check(not conflicts, f"{len(conflicts)} receipts that differ from the first one for the same key: {conflicts[:3]}")

    # Every acknowledged submission, through the protocol: same id and digest.
    reader = Client(registry.url, token)
    missing_by_get = []
    for key, receipt in receipts.items():
        status, payload = reader.request("GET", f"/v1/submissions/{receipt['id']}")
        if status != 200 or payload != receipt:
            missing_by_get.append((key, status, payload))
    reader.close()
    report.check(not missing_by_get, f"{len(missing_by_get)} acknowledged submissions not answered by GET: {missing_by_get[:3]}")
    exit_code = registry.stop()
    report.check(exit_code == 0, f"the registry exited with {exit_code} on SIGTERM")

    # And in the file itself.
    answer, violations = integrity(args.db)
    held = stored(args.db)
    lost = [
        key
        for key, receipt in receipts.items()
        if key not in held or held[key] != (receipt["id"], key)
    ]
    elapsed = time.monotonic() - started
    report.line("kills (SIGKILL under load)", kills)
    report.line("server starts", registry.starts)
    report.line("documents acknowledged (distinct)", len(receipts))
    report.line("acknowledgements (201 + 200 replays)", f"{counts[201] + counts[200]} ({counts[201]} + {counts[200]})")
    report.line(
        "attempts retried: refused / cut / 409 or 5xx",
        " / ".join(str(sum(getattr(c, n) for c in clients)) for n in ("refused", "cut", "retried")),
    )
    report.line("stored, answer lost, then replayed (200)", len(first_by_replay))
    report.line("documents never sent (left over)", len(documents) - sum(c.position for c in clients))
    report.line("submissions stored", len(held))
    report.line("stored without an answer (cut by a kill)", len(set(held) - set(receipts)))
    report.line("integrity_check", answer)
    report.line("foreign key violations", violations)
    report.line("acknowledged but lost or changed", len(lost))
    report.line("run time", f"{elapsed:.1f} s")
    report.check(kills == args.kills, f"{kills} kills instead of {args.kills}")
    report.check(answer == "ok", f"integrity_check: {answer}")
    report.check(violations == 0, f"{violations} foreign key violations")
    report.check(not lost, f"{len(lost)} acknowledged submissions lost or changed: {lost[:3]}")
    report.check(
        all(content == digest for digest, (_, content) in held.items()),
        "a stored document whose content is not its digest",
    )
    report.check(receipts, "no submission was acknowledged")
    return report.exit_code()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)

    p = commands.add_parser("prepare")
    p.add_argument("--dir", required=True, help="where to write the files load.lua reads")
    p.add_argument("--url", required=True)
    p.add_argument("--seed", type=int, default=200, help="documents stored before the load")
    p.add_argument("documents")

    p = commands.add_parser("verify")
    p.add_argument("--dir", required=True)
    p.add_argument("--url", required=True)
    p.add_argument("--db", required=True)
    p.add_argument("--connections", type=int, required=True)

    p = commands.add_parser("crash")
    p.add_argument("--registry", required=True, help="the charte-registry binary")
    p.add_argument("--db", required=True, help="its database, with the token already added")
    p.add_argument("--log", required=True, help="where its request logs go")
    p.add_argument("--kills", type=int, default=20)
    p.add_argument("--clients", type=int, default=4)
    p.add_argument("--min-delay", type=float, default=0.05, help="seconds under load before a kill, at least")
    p.add_argument("--max-delay", type=float, default=1.5, help="and at most")
    p.add_argument("--seed", type=int, default=1, help="of the random kill moments")
    p.add_argument("documents")

    args = parser.parse_args()
    command = {"prepare": prepare, "verify": verify, "crash": crash}[args.command]
    sys.exit(command(args))


if __name__ == "__main__":
    main()
