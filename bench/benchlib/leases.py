"""Leases at scale, on durable storage: many leases stored, then the storage each takes, a restart
and unseal with the expiry schedule working, the memory after it, and a crowd of leases due in the
same second revoked while KV reads go on. Coffer at BENCH_LEASES, the reference at the largest
count it handles here (BENCH_REFERENCE_LEASES). The leases are service tokens' (each service token
is a lease, `auth/token/create…/h<hmac>`): nothing else issues leases in both servers alike."""

from __future__ import annotations

import glob
import json
import os
import signal
import subprocess
import threading
import time

from .load import wrk
from .loopback import call, error_text
from .servers import Server, durable_coffer, durable_reference, fresh_directory
from .settings import (BENCH, DUE_LEASES, LEASES, LOAD_CPU, REFERENCE_LEASES, SEED_LUA, VALUE, log)
from .workloads import Workload

# Token roles whose creation path names a lease folder of their own (`auth/token/create/<role>/`),
# so LIST shows which of those leases are left.
RESTART_ROLE = "lease-restart"  # a lease that falls due while the server is down
FRESH_ROLE = "lease-fresh"  # a 1 s lease created right after unseal
DUE_ROLE = "lease-due"  # the crowd due in the same second

STORED_TTL = "768h"
SLICE = 2  # s: KV reads run in back-to-back wrk runs this long, so the reads during revocation can be told apart
BASELINE = 10  # s of KV reads before the crowd is created
REVOKE_LIMIT = 600  # s after the due second the revocation is followed at most
RESTART_LIMIT = 300  # s after a restart the schedule is waited for at most
SETTLE = 5  # s after unseal the settled memory is read

KV_READ = Workload("KV v1 read", "GET", "/v1/kv1/bench/read")


class LeaseRunFailed(Exception):
    pass


def run_leases() -> dict:
    """Each server's figures by label ({"failed": why} when a step failed); one server at a time."""
    results = {}
    data = fresh_directory("leases")
    for label, stored, due in (("Coffer", LEASES, DUE_LEASES),
                               ("reference", REFERENCE_LEASES, min(DUE_LEASES, REFERENCE_LEASES))):
        log(f"\n==> leases at scale: {label}, {stored:,} stored, {due:,} due in one second")
        if label == "Coffer":
            server, storage = durable_coffer(data, "leases-coffer.log"), "SQLite (WAL, `synchronous=FULL`)"
        else:
            server, storage = durable_reference(data, "leases-reference")
        result = {"storage": storage, "stored": stored, "due": due}
        try:
            scale(server, result)
        except (LeaseRunFailed, RuntimeError) as error:
            log(f"  failed: {error}")
            result["failed"] = str(error)
        finally:
            server.stop()
        results[label] = result
    return results


def scale(server: Server, result: dict) -> None:
    prepare(server)
    result["storage_bytes_empty"] = storage_bytes(server)
    seeded = seed(server, "/v1/auth/token/create-orphan", result["stored"], ttl=STORED_TTL)
    result["seed"] = seeded
    log(f"  stored {result['stored']:,} leases in {seeded['seconds']:.0f} s ({seeded['rps']:,.0f} per s)")
    result["rss_stored_kib"] = server.memory_kib()["VmRSS"]
    result["storage_bytes"] = storage_bytes(server)
    result["bytes_per_lease"] = result["storage_bytes"] / result["stored"]
    log(f"  storage {result['storage_bytes'] / 1e6:,.1f} MB, {result['bytes_per_lease']:,.0f} bytes per lease")
    result["restart"] = restart(server, result)
    restarted = result["restart"]
    log(f"  restart: unsealed {restarted['unsealed_s']:.3f} s after start, lease due while down revoked at "
        f"{restarted['due_revoked_s']:.2f} s, RSS {restarted['rss_unsealed_kib'] * 1024 / 1e6:,.0f} MB, "
        f"{restarted['rss_settled_kib'] * 1024 / 1e6:,.0f} MB {SETTLE} s later")
    result["due_crowd"] = due_crowd(server, result["due"], seeded["rps"])
    crowd = result["due_crowd"]
    log(f"  {result['due']:,} due in one second: revoked in {crowd['revoked_s']} s; KV reads "
        f"{crowd['kv_during_rps']:,.0f} rps during it, {crowd['kv_baseline_rps']:,.0f} before")


def expect_ok(server: Server, method: str, path: str, body: object = None) -> dict:
    status, answer = call(server.base, method, path, token=server.token, body=body)
    if status not in (200, 204):
        raise LeaseRunFailed(f"{method} {path} → HTTP {status}: {error_text(answer)}")
    return answer


def prepare(server: Server) -> None:
    """A KV v1 key to read, and the token roles whose leases get folders of their own."""
    expect_ok(server, "POST", "/v1/sys/mounts/kv1", {"type": "kv", "options": {"version": "1"}})
    expect_ok(server, "PUT", "/v1/kv1/bench/read", {"value": VALUE})
    for role in (RESTART_ROLE, FRESH_ROLE, DUE_ROLE):
        expect_ok(server, "POST", f"/v1/auth/token/roles/{role}", {"orphan": True, "allowed_policies": ["default"]})


def seed(server: Server, path: str, count: int, ttl: str | None = None, expire_at: int | None = None) -> dict:
    """Creates `count` tokens at `path` with wrk (bench/wrk/seed.lua), with a TTL or all expiring
    in the Unix second `expire_at`; any answer but a token fails the run."""
    env = dict(os.environ, BENCH_PATH=path, BENCH_TOKEN=server.token, BENCH_COUNT=str(count))
    env.update({"BENCH_TTL": ttl} if ttl else {"BENCH_EXPIRE_AT": str(expire_at)})
    limit = count // 50 + 300  # s: a bound far above any time seen here
    argv = ["taskset", "-c", LOAD_CPU, "wrk", "-t", "1", "-c", "32", "-d", f"{limit}s", "--timeout", "30s",
            "-s", SEED_LUA, server.base]
    started = time.monotonic()
    seconds, line = 0.0, None
    with subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          cwd=BENCH) as seeding:
        assert seeding.stdout is not None
        for output in seeding.stdout:
            if output.startswith("BENCH_SEEDED"):
                seconds = time.monotonic() - started
                seeding.send_signal(signal.SIGINT)  # wrk would wait out its duration
            elif output.startswith("BENCH_JSON "):
                line = output
        error = seeding.stderr.read() if seeding.stderr else ""
    if seeding.returncode != 0 or line is None or not seconds:
        raise LeaseRunFailed(f"wrk (seeding) failed ({seeding.returncode}): {error.strip()[:300]}")
    numbers = json.loads(line[len("BENCH_JSON "):])
    sockets = sum(numbers[k] for k in ("err_connect", "err_read", "err_write", "err_timeout"))
    if numbers["failed"] or sockets or numbers["created"] != count:
        failures = ", ".join(f"HTTP {s} ×{n}" for s, n in numbers["failed"].items())
        raise LeaseRunFailed(f"seeding {path}: {numbers['created']:,} of {count:,} created; "
                             f"{failures or 'no failed answer'}; {sockets} socket errors")
    numbers["seconds"] = seconds
    numbers["rps"] = count / seconds
    return numbers


def storage_bytes(server: Server) -> int:
    """Bytes of the server's durable storage: SQLite's database and WAL, or the reference's
    whole storage directory."""
    if server.label == "Coffer":
        paths = [p for p in glob.glob(os.path.join(server.store, "*")) if p.endswith((".db", ".db-wal"))]
    else:
        paths = [os.path.join(d, f) for d, _, files in os.walk(server.store) for f in files]
    return sum(os.path.getsize(p) for p in paths if os.path.isfile(p))


def remaining(server: Server, role: str) -> int:
    """How many leases are left in the role's folder (LIST `sys/leases/lookup/auth/token/create/<role>/`)."""
    status, answer = call(server.base, "GET", f"/v1/sys/leases/lookup/auth/token/create/{role}/?list=true",
                          token=server.token, timeout=60)
    if status == 404:
        return 0
    if status != 200:
        raise LeaseRunFailed(f"LIST leases of {role} → HTTP {status}: {error_text(answer)}")
    return len((answer.get("data") or {}).get("keys") or [])


def create(server: Server, role: str, ttl: str) -> None:
    expect_ok(server, "POST", f"/v1/auth/token/create/{role}", {"policies": ["default"], "ttl": ttl})


def restart(server: Server, result: dict) -> dict:
    """SIGTERM, then start and unseal again; times from process start to the unseal answer, to the
    revocation of a lease that fell due while the server was down, and (the reference) to its log
    saying the lease restore is complete; a 1 s lease created right after unseal shows new
    leases scheduled; RSS at unseal and SETTLE s later."""
    create(server, RESTART_ROLE, "1s")
    due_at = time.monotonic() + 1
    stopping = time.monotonic()
    server.stop()
    numbers = {"stop_s": time.monotonic() - stopping}
    numbers["storage_bytes_stopped"] = storage_bytes(server)
    time.sleep(max(0.0, due_at + 1 - time.monotonic()))
    server.logpath = server.logpath.replace(".log", "-restarted.log")
    started = time.monotonic()
    server.start()
    since = lambda: time.monotonic() - started
    while True:
        status, _ = call(server.base, "GET", "/v1/sys/seal-status", timeout=2)
        if status == 200:
            break
        if not server.alive() or since() > RESTART_LIMIT:
            raise LeaseRunFailed(f"{server.label} did not come back after the restart; see {server.logpath}")
        time.sleep(0.01)
    numbers["listening_s"] = since()
    status, answer = call(server.base, "PUT", "/v1/sys/unseal", body={"key": server.unseal_key}, timeout=RESTART_LIMIT)
    if status != 200 or answer.get("sealed", True):
        raise LeaseRunFailed(f"unseal after the restart → HTTP {status}: {error_text(answer)}")
    numbers["unsealed_s"] = since()
    numbers["rss_unsealed_kib"] = server.memory_kib()["VmRSS"]
    while True:
        status, _ = call(server.base, "POST", f"/v1/auth/token/create/{FRESH_ROLE}", token=server.token,
                         body={"policies": ["default"], "ttl": "1s"})
        if status == 200:
            break
        if since() > RESTART_LIMIT:
            raise LeaseRunFailed(f"no token could be created after the restart (HTTP {status})")
        time.sleep(0.02)
    numbers["fresh_created_s"] = since()
    restored_line = "lease restore complete" if server.label == "reference" else None
    while since() < RESTART_LIMIT:
        if "due_revoked_s" not in numbers and remaining(server, RESTART_ROLE) == 0:
            numbers["due_revoked_s"] = since()
        if "fresh_revoked_s" not in numbers and remaining(server, FRESH_ROLE) == 0:
            numbers["fresh_revoked_s"] = since()
        if restored_line and "restored_s" not in numbers and restored_line in log_text(server):
            numbers["restored_s"] = since()
        if all(k in numbers for k in ("due_revoked_s", "fresh_revoked_s")) and (
                not restored_line or "restored_s" in numbers):
            break
        time.sleep(0.05)
    else:
        raise LeaseRunFailed(f"the expiry schedule did not revoke the probe leases within {RESTART_LIMIT} s "
                             f"of the restart: {numbers}")
    time.sleep(max(0.0, numbers["unsealed_s"] + SETTLE - since()))
    numbers["rss_settled_kib"] = server.memory_kib()["VmRSS"]
    return numbers


def log_text(server: Server) -> str:
    with open(server.logpath, errors="replace") as f:
        return f.read()


def kv_slices(server: Server, until: threading.Event | None, seconds: float) -> list[dict]:
    """KV v1 reads in back-to-back wrk runs of SLICE s, for `seconds` or until the event is set;
    each slice with its start and end (monotonic) and its answered reads. Any other answer fails."""
    slices = []
    started = time.monotonic()
    while time.monotonic() - started < seconds and not (until and until.is_set()):
        begin = time.monotonic()
        numbers = wrk(server.base, KV_READ, server.token, "", SLICE)
        if numbers["failure"]:
            raise LeaseRunFailed(f"KV reads: {numbers['failure']}")
        slices.append({"start": begin, "end": time.monotonic(), "answered": numbers["answered"],
                       "seconds": numbers["duration_us"] / 1e6, "p99_us": numbers["p99_us"]})
    return slices


def rate(slices: list[dict]) -> float:
    seconds = sum(s["seconds"] for s in slices)
    return sum(s["answered"] for s in slices) / seconds if seconds else 0.0


def due_crowd(server: Server, count: int, seed_rate: float) -> dict:
    """`count` tokens expiring in the same second T: KV reads before (the baseline), then from T
    the remaining leases counted each second until none is left, while KV reads go on."""
    baseline = kv_slices(server, None, BASELINE)
    # T: far enough ahead for the creation to finish at the seeding rate, with a margin.
    expire_at = int(time.time() + count / seed_rate * 2 + 30)
    seeded = seed(server, f"/v1/auth/token/create/{DUE_ROLE}", count, expire_at=expire_at)
    numbers = {"expire_at": expire_at, "seed": seeded, "late": seeded["late"],
               "created_before_s": expire_at - time.time()}
    if seeded["late"]:
        raise LeaseRunFailed(f"{seeded['late']:,} of the due leases were created after their second had come")
    time.sleep(max(0.0, expire_at - time.time()))
    due = time.monotonic() - (time.time() - expire_at)  # T on the monotonic clock
    counts: list[tuple[float, int, float]] = []  # (s after T, leases left, s the LIST took)
    done = threading.Event()
    errors: list[str] = []

    def follow() -> None:
        try:
            while time.monotonic() - due < REVOKE_LIMIT:
                asked = time.monotonic()
                left = remaining(server, DUE_ROLE)
                counts.append((asked - due, left, time.monotonic() - asked))
                if left == 0:
                    return
                time.sleep(max(0.0, 1 - (time.monotonic() - due) % 1))
        except LeaseRunFailed as error:
            errors.append(str(error))
        finally:
            done.set()

    follower = threading.Thread(target=follow, daemon=True)
    follower.start()
    during = kv_slices(server, done, REVOKE_LIMIT + 60)
    follower.join(timeout=120)
    if errors:
        raise LeaseRunFailed(errors[0])
    revoked = counts[-1][0] if counts and counts[-1][1] == 0 else None
    end = due + revoked if revoked is not None else time.monotonic()
    within = [s for s in during if s["start"] < end]
    numbers.update({
        "revoked_s": round(revoked, 1) if revoked is not None else None,
        "left": counts[-1][1] if counts else count,
        "counts": [(round(t, 2), n, round(took, 3)) for t, n, took in counts],
        "list_mean_s": sum(took for _, _, took in counts) / len(counts) if counts else 0.0,
        "kv_baseline_rps": rate(baseline), "kv_during_rps": rate(within),
        "kv_slices_during": len(within),
        "rss_after_kib": server.memory_kib()["VmRSS"],
    })
    numbers["kv_share"] = numbers["kv_during_rps"] / numbers["kv_baseline_rps"] if numbers["kv_baseline_rps"] else 0
    return numbers
