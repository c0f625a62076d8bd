"""The benchmark's phases: the HTTP floor, and each setup (dev, durable, audit) end to end: both
servers up and prepared, workloads probed, compared and then the reference alone, memory taken, and
in dev mode the perf profile."""

from __future__ import annotations

import os

from .fixtures import prepare
from .load import Contender, measure
from .profiling import profile
from .report import SetupResult, ms, ratio, rps
from .servers import Server, audit_log, dev_servers, durable_servers, floor_server, fresh_directory
from .settings import PROFILE, REFERENCE_ONLY, log
from .workloads import WORKLOADS, Workload, probe


# The workload whose tokens stay stored: its RSS growth per token created compares the servers'
# memory for the same work, which RSS after the run does not (the faster server stores more).
STORED_TOKENS = "token create (service)"

TITLES = {"dev": "Dev mode (in memory)", "durable": "Durable storage",
          "audit": "Dev mode with a file audit device"}

# In dev mode sys/health alternates with the listener floor too, so its share of the floor comes
# from rounds measured side by side rather than from the floor phase run minutes before.
HEALTH = "sys/health"
FLOOR_LABEL = "listener floor"

# The audit setup: KV reads and writes, each request and answer recorded by a `file` device.
AUDITED = ("KV v1 read", "KV v1 write", "KV v2 read", "KV v2 write")
LOG_NAMES = {"Coffer": "coffer", "reference": "reference"}


def run_setup(name: str) -> tuple[SetupResult, list[str]]:
    title = TITLES[name]
    log(f"\n==> setup: {title}")
    audit_logs = fresh_directory("audit") if name == "audit" else None
    coffer, reference, storage = durable_servers() if name == "durable" else dev_servers(audit_logs)
    workloads = [w for w in WORKLOADS if w.name in AUDITED] if audit_logs else WORKLOADS
    if audit_logs:
        storage += ("; each server writes a `file` audit device declared in its config (`audit \"file\" "
                    "\"bench\" { … }`) to `bench/out/audit/`, the same disk for both")
    result = SetupResult(name, title, storage)
    hints: list[str] = []
    try:
        contexts = {"Coffer": prepare(coffer), "reference": prepare(reference)}
        result.idle_memory = {"Coffer": coffer.memory_kib(), "reference": reference.memory_kib()}
        # Workloads both servers answer run first; the memory figures are taken right after them,
        # before the reference runs the workloads Coffer does not have yet (which would grow it).
        probed = []
        for workload in workloads:
            mine_reason = probe(workload, coffer, contexts["Coffer"])
            their_reason = probe(workload, reference, contexts["reference"])
            probed.append((workload, mine_reason, their_reason))
        measured: dict[str, tuple] = {}
        for workload, mine_reason, their_reason in probed:
            if mine_reason is None and their_reason is None:
                before = {"Coffer": coffer.memory_kib(), "reference": reference.memory_kib()}
                if audit_logs:
                    clear_audit_logs(audit_logs)
                contenders = [contender("Coffer", coffer, workload, contexts),
                              contender("reference", reference, workload, contexts)]
                floor = floor_server("listener") if name == "dev" and workload.name == HEALTH else None
                try:
                    if floor:
                        floor.wait_listening()
                        contenders.append(Contender(FLOOR_LABEL, floor, "", ""))
                    numbers = measure(workload, contenders)
                finally:
                    if floor:
                        floor.stop()
                if floor:
                    result.health_floor = numbers[FLOOR_LABEL]
                    log(f"  {FLOOR_LABEL:24} {summary(result.health_floor)} (alternating with {HEALTH})")
                if audit_logs:
                    count_audit_bytes(result, audit_logs, numbers)
                mine, theirs = numbers["Coffer"], numbers["reference"]
                measured[workload.name] = (mine, theirs)
                if workload.name == STORED_TOKENS:
                    result.token_memory = {
                        label: (server.memory_kib()["VmRSS"] - before[label]["VmRSS"], numbers[label]["answered"])
                        for label, server in (("Coffer", coffer), ("reference", reference))}
                log(f"  {workload.name:24} Coffer {summary(mine)} | reference {summary(theirs)} | "
                    f"{ratio(mine.get('rps'), theirs.get('rps'))}")
        result.memory = {"Coffer": coffer.memory_kib(), "reference": reference.memory_kib()}
        for workload, mine_reason, their_reason in probed:
            if their_reason:
                log(f"  {workload.name}: fails on the reference: {their_reason}")
                result.rows.append((workload, None, None, f"fails on the reference: {their_reason}"))
            elif mine_reason is None:
                result.rows.append((workload, *measured[workload.name], ""))
            elif REFERENCE_ONLY:
                theirs = measure(workload, [contender("reference", reference, workload, contexts)])["reference"]
                log(f"  {workload.name:24} Coffer: {mine_reason} | reference {summary(theirs)}")
                result.rows.append((workload, None, theirs, mine_reason))
            else:
                log(f"  {workload.name:24} Coffer: {mine_reason}")
                result.rows.append((workload, None, None, mine_reason))
        result.final_memory = {"Coffer": coffer.memory_kib(), "reference": reference.memory_kib()}
        wanted = {"0": [], "1": ["KV v2 read", "KV v1 read"]}.get(PROFILE, [PROFILE])
        if name == "dev":
            for workload in [w for n in wanted for w in WORKLOADS if w.name == n]:
                if any(w is workload and m and not m["failed"] for w, m, _, _ in result.rows):
                    log(f"  profiling Coffer under {workload.name} (perf, 5 s, not measured)")
                    rows = profile(coffer, workload, contexts["Coffer"], "dev-" + workload.name.replace(" ", "-"))
                    if rows:
                        hints.append(f"`perf record -g` of Coffer for 5 s under {workload.name} (dev mode, an "
                                     f"extra run, not one of the measured ones); full report: `bench/out/perf-dev-"
                                     f"{workload.name.replace(' ', '-')}.txt`.\n")
                        hints.append("```")
                        hints.extend(rows)
                        hints.append("```")
                    break
    finally:
        coffer.stop()
        reference.stop()
    return result, hints


FLOOR_STACKS = ("hummingbird", "listener")


def run_floor() -> dict:
    """The floor's numbers on each HTTP stack, by stack name; the stacks alternate in rounds."""
    log(f"==> HTTP floor ({', '.join(FLOOR_STACKS)})")
    floors = [floor_server(stack) for stack in FLOOR_STACKS]
    try:
        for floor in floors:
            floor.wait_listening()
        workload = Workload("floor", "GET", "/v1/sys/health", token=None)
        numbers = measure(workload, [Contender(stack, floor, "", "") for stack, floor in zip(FLOOR_STACKS, floors)])
        for stack in FLOOR_STACKS:
            log(f"  floor ({stack}) {summary(numbers[stack])}")
        return numbers
    finally:
        for floor in floors:
            floor.stop()


def clear_audit_logs(directory: str) -> None:
    """Empties both audit logs (each device appends, so it goes on writing at the new end), so a
    workload's lines can be counted and the files stay small."""
    for name in LOG_NAMES.values():
        os.truncate(audit_log(directory, name), 0)


def count_audit_bytes(result: SetupResult, directory: str, numbers: dict) -> None:
    """Adds what each server's device wrote during a workload, and the answers it gave."""
    for label, name in LOG_NAMES.items():
        written, answered = result.audit_bytes.get(label, (0, 0))
        result.audit_bytes[label] = (written + os.path.getsize(audit_log(directory, name)),
                                     answered + numbers[label]["answered"])
    clear_audit_logs(directory)


def contender(label: str, server: Server, workload: Workload, contexts: dict) -> Contender:
    context = contexts[label]
    return Contender(label, server, workload.token_for(server, context), workload.body_for(context))


def summary(numbers: dict) -> str:
    """A measurement for the progress log: median rps and p99, or why it failed."""
    if numbers["failed"]:
        return f"failed ({numbers['failed']})"
    return f"{rps(numbers['rps']):>9} rps p99 {ms(numbers['p99_us']):>6} ms"
