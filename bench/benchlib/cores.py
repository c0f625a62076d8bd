"""How busy each CPU core is, from /proc/stat: what other processes take of the server's and wrk's
cores during a measured run (noise), and a bounded wait for idle cores before one."""

from __future__ import annotations

import time

from .settings import LOAD_CPU, QUIET_BUDGET, SERVER_CPU

quiet_spent = 0.0  # seconds wait_quiet has waited, over the whole run


def core_times() -> dict[str, tuple[int, int]]:
    """Per-CPU (busy, total) jiffies from /proc/stat. Busy leaves out steal time (the hypervisor
    running other machines), which no process here causes; it stays in the total."""
    times = {}
    with open("/proc/stat") as f:
        for line in f:
            if line.startswith("cpu") and line[3].isdigit():
                name, *values = line.split()
                numbers = [int(v) for v in values[:8]]
                not_busy = numbers[3] + numbers[4] + numbers[7]  # idle, iowait, steal
                times[name[3:]] = (sum(numbers) - not_busy, sum(numbers))
    return times


def busy_share(before: dict, after: dict, cpu: str) -> float:
    if cpu not in before or cpu not in after:
        return 0.0
    busy, total = after[cpu][0] - before[cpu][0], after[cpu][1] - before[cpu][1]
    return busy / total if total else 0.0


def wait_quiet() -> None:
    """On a shared machine, wait (bounded by QUIET_BUDGET over the whole run) until both cores
    are nearly idle, so a measured run does not start in the middle of someone else's build."""
    global quiet_spent
    start = time.monotonic()
    while quiet_spent + (time.monotonic() - start) < QUIET_BUDGET:
        before = core_times()
        time.sleep(1)
        after = core_times()
        if max(busy_share(before, after, SERVER_CPU), busy_share(before, after, LOAD_CPU)) < 0.10:
            break
    quiet_spent += time.monotonic() - start
