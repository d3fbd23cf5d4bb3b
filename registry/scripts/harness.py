#!/usr/bin/env python3
"""Client side of registry/scripts/load.sh, crash.sh and exhaust.sh (standard library only).

  prepare  split the documents into those stored before the load (sent now)
           and those the load sends for the first time, for load.lua
  verify   after wrk: the database holds exactly the documents sent, each
           under its digest; the answers counted by load.lua were all
           expected ones
  crash    concurrent clients submit while the registry is killed with
           SIGKILL and restarted; every acknowledged submission must survive
  exhaust  one client tries to exhaust the registry: idle connections,
           heads sent a byte at a time, half-sent bodies; the registry must
           stay reachable, close what it should in time and keep its memory

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
import resource
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

    def __init__(self, binary, db, log, extra=(), nofile=None):
        self.binary, self.db, self.log, self.extra = binary, db, log, list(extra)
        self.nofile = nofile
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = None
        self.starts = 0

    @staticmethod
    def log_key():
        """`--log-key FILE` when the scripts made one (common.sh make_log_key)."""
        key = os.environ.get("CHARTE_REGISTRY_LOG_KEY")
        return ["--log-key", key] if key else []

    def start(self):
        deadline = time.monotonic() + 20
        while True:
            with open(self.log, "ab") as log:
                self.process = subprocess.Popen(
                    [self.binary, "serve", "--db", self.db, "--listen", f"127.0.0.1:{self.port}"]
                    + self.log_key()
                    + self.extra,
                    stdout=subprocess.PIPE,
                    stderr=log,
                    preexec_fn=self.limit_files if self.nofile else None,
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

    def limit_files(self):
        """In the child: at most `nofile` open files, as a default shell gives."""
        _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(self.nofile, hard), hard))

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


# --- exhaust ---------------------------------------------------------------


def memory(pid):
    """(VmRSS, VmHWM) of a process, in MiB."""
    fields = {}
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            name, _, value = line.partition(":")
            fields[name] = value.split()
    return int(fields["VmRSS"][0]) / 1024, int(fields["VmHWM"][0]) / 1024


def probe(url, token, timeout):
    """The status of one receipt request on a new connection, or what went wrong."""
    try:
        status, _ = Client(url, token, timeout=timeout).request("GET", "/v1/submissions/sub_probe")
        return status
    except socket.timeout:
        return "no answer"
    except (OSError, http.client.HTTPException) as err:
        return type(err).__name__


def closed(sock):
    """Whether the server closed (or reset) `sock`, without waiting."""
    sock.setblocking(False)
    try:
        while True:
            data = sock.recv(65536)
            if not data:
                return True
    except BlockingIOError:
        return False
    except OSError:
        return True


def connect(url, timeout=5.0):
    parsed = urllib.parse.urlsplit(url)
    sock = socket.create_connection((parsed.hostname, parsed.port), timeout=timeout)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def idle_connections(args, registry, token, report):
    """Opens connections that never send a byte; a new client must still be
    answered at once, and served again once the header timeout has closed them."""
    socks = []
    for _ in range(args.idle):
        try:
            socks.append(connect(registry.url))
        except OSError:
            break
    opened = time.monotonic()
    report.line(f"idle connections opened (of {args.idle})", len(socks))
    time.sleep(0.5)
    started = time.monotonic()
    first = probe(registry.url, token, 5)
    report.line("a new client meanwhile", f"{first} in {time.monotonic() - started:.2f} s")
    report.check(first != "no answer", "a new client got no answer within 5 s while idle connections were open")
    served = None
    while time.monotonic() - opened < args.header_timeout + 10:
        if probe(registry.url, token, 2) == 404:
            served = time.monotonic() - opened
            break
        time.sleep(0.5)
    report.line("served again after", "never" if served is None else f"{served:.1f} s after the last one opened")
    report.check(served is not None, "the registry was not serving again after the header timeout")
    # Those over the limit were answered 503 at once; the others are closed
    # at the header timeout.
    time.sleep(max(0.0, opened + args.header_timeout + 2 - time.monotonic()))
    refused = 0
    for sock in socks:
        sock.setblocking(False)
        try:
            refused += sock.recv(64).startswith(b"HTTP/1.1 503")
        except OSError:
            pass
    shut = sum(closed(sock) for sock in socks)
    report.line("idle connections answered 503 / closed", f"{refused} / {shut} of {len(socks)}")
    report.check(shut == len(socks), f"{len(socks) - shut} idle connections still open")
    for sock in socks:
        sock.close()


def slow_heads(args, registry, report):
    """Sends heads a byte every 2 s; each must be closed by the header timeout."""
    socks = [connect(registry.url) for _ in range(args.slow)]
    for sock in socks:
        sock.sendall(b"GET /v1/submissions/sub_slow HTTP/1.1\r\nHost: registry\r\nX-Slow: ")
    started = time.monotonic()
    open_for = {}
    while len(open_for) < len(socks) and time.monotonic() - started < args.slow_for:
        for index, sock in enumerate(socks):
            if index in open_for:
                continue
            try:
                sock.setblocking(True)
                sock.settimeout(1)
                sock.sendall(b"a")
            except OSError:
                pass
            if closed(sock):
                open_for[index] = time.monotonic() - started
        time.sleep(2)
    longest = max(open_for.values(), default=0)
    still = len(socks) - len(open_for)
    report.line(
        f"slow heads closed (of {len(socks)})",
        f"{len(open_for)}, the last after {longest:.1f} s" + (f"; {still} open after {args.slow_for:.0f} s" if still else ""),
    )
    report.check(still == 0, f"{still} connections sending a head slowly still open after {args.slow_for:.0f} s")
    report.check(
        longest <= args.header_timeout + 5,
        f"a slow head was kept {longest:.1f} s, past the header timeout of {args.header_timeout:.0f} s",
    )
    for sock in socks:
        sock.close()


def half_sent_bodies(args, registry, token, report):
    """Sends half of a 1 MiB body on many connections and stops: the
    registry's memory must stay within its budget of buffered bodies."""
    before, _ = memory(registry.process.pid)
    length = 1024 * 1024
    head = (
        "POST /v1/submissions/validate HTTP/1.1\r\nHost: registry\r\n"
        f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {length}\r\n\r\n"
    ).encode()
    half = b" " * (length // 2)
    socks, stalled = [], 0
    for _ in range(args.bodies):
        sock = connect(registry.url)
        try:
            sock.sendall(head + half)
        except OSError:
            stalled += 1
        socks.append(sock)
    time.sleep(3)
    during, peak = memory(registry.process.pid)
    answered = 0
    for sock in socks:
        sock.setblocking(False)
        try:
            answered += sock.recv(65536).startswith(b"HTTP/1.1 503")
        except OSError:
            pass
    meanwhile = probe(registry.url, token, 5)
    for sock in socks:
        sock.close()
    time.sleep(2)
    after, _ = memory(registry.process.pid)
    report.line(f"half-sent 1 MiB bodies (of {args.bodies})", f"{args.bodies - stalled} sent, {answered} answered 503 meanwhile")
    report.line("registry RSS before / with them / peak / after", f"{before:.0f} / {during:.0f} / {peak:.0f} / {after:.0f} MiB")
    report.line("a new client meanwhile", meanwhile)
    report.check(meanwhile == 404, f"a new client got {meanwhile} while the bodies were held")
    report.check(
        during - before <= args.budget_mib + 32,
        f"the registry grew by {during - before:.0f} MiB, past its budget of {args.budget_mib} MiB of bodies",
    )


def exhaust(args):
    token = os.environ["REGISTRY_TOKEN"]
    report = Report()
    registry = Registry(args.registry, args.db, args.log, args.server_arg, args.server_nofile)
    registry.start()
    try:
        report.line(
            "registry",
            f"{registry.url} (pid {registry.process.pid}, {args.server_nofile} files) {' '.join(args.server_arg)}",
        )
        report.line("registry RSS at start", f"{memory(registry.process.pid)[0]:.0f} MiB")
        idle_connections(args, registry, token, report)
        slow_heads(args, registry, report)
        half_sent_bodies(args, registry, token, report)
    finally:
        registry.stop()
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

    p = commands.add_parser("exhaust")
    p.add_argument("--registry", required=True, help="the charte-registry binary")
    p.add_argument("--db", required=True, help="its database, with the token already added")
    p.add_argument("--log", required=True, help="where its request logs go")
    p.add_argument("--server-arg", action="append", default=[], help="a flag for `serve` (repeat)")
    p.add_argument("--server-nofile", type=int, default=1024, help="the registry's limit of open files")
    p.add_argument("--idle", type=int, default=1100, help="idle connections to open")
    p.add_argument("--slow", type=int, default=50, help="connections sending a head slowly")
    p.add_argument("--slow-for", type=float, default=40, help="seconds to keep sending them")
    p.add_argument("--bodies", type=int, default=200, help="half-sent 1 MiB bodies")
    p.add_argument("--header-timeout", type=float, default=10, help="the registry's, in seconds")
    p.add_argument("--budget-mib", type=int, default=64, help="the registry's budget of buffered bodies")

    args = parser.parse_args()
    command = {"prepare": prepare, "verify": verify, "crash": crash, "exhaust": exhaust}[args.command]
    sys.exit(command(args))


if __name__ == "__main__":
    main()
