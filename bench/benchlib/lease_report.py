"""The "Leases at scale" section of RESULTS.md and its targets, from benchlib/leases.py's figures."""

from __future__ import annotations

from .leases import BASELINE, REVOKE_LIMIT, SETTLE, SLICE, STORED_TTL

LABELS = ("Coffer", "reference")
MB = 1_000_000


def seconds(value: float | None) -> str:
    return "—" if value is None else (f"{value:.3f} s" if value < 10 else f"{value:.1f} s")


def megabytes(kib: int | None) -> str:
    return "—" if kib is None else f"{kib * 1024 / MB:,.0f} MB"


def lease_section(leases: dict) -> list[str]:
    out = []
    w = out.append
    w("## Leases at scale\n")
    storage = "; ".join(f"{label}: {leases[label]['storage']}" for label in LABELS if label in leases)
    w(f"Durable storage ({storage}). The leases are service tokens' (a service token is a lease, "
      "`auth/token/create…/h<hmac>`; nothing else issues leases on both servers alike). Per server, alone "
      f"on its core: orphan tokens with a TTL of {STORED_TTL} created with wrk (`bench/wrk/seed.lua`, 32 "
      "connections); the size of the storage then (Coffer: the SQLite database and its WAL; the "
      "reference: its storage directory) per lease, which includes the token entry and its indexes, since "
      "a token's lease is the token. Then a lease due while the server is down, SIGTERM, a new process and "
      "unseal through the API: times from the process start; the due lease's revocation shows the expiry "
      "schedule working on what is stored (Coffer sweeps once a second), a 1 s lease created right after "
      "unseal shows new leases scheduled; for the reference, also the time its log says `lease restore "
      f"complete`. RSS (`VmRSS`) at the unseal answer and {SETTLE} s later. Last, a crowd of tokens all "
      "expiring in the same second T (each create asks for the TTL left until T), on top of the stored ones: "
      "from T, the leases left are counted once a second (LIST of their folder) until none is; meanwhile "
      f"KV v1 reads of one key run in back-to-back wrk runs of {SLICE} s (32 connections, the root token), "
      f"compared with {BASELINE} s of the same reads just before the crowd was created. The reference runs "
      "the same steps at the largest count it handles here in reasonable time (its crowd at most that "
      "count).\n")
    results = {label: leases[label] for label in LABELS if label in leases}
    failures = [f"- {label}: failed: {r['failed']}" for label, r in results.items() if r.get("failed")]
    rows = [
        ("leases stored", lambda r: f"{r['stored']:,}"),
        ("created per second (seeding)", lambda r: f"{r['seed']['rps']:,.0f}" if "seed" in r else "—"),
        ("storage before seeding", lambda r: f"{r['storage_bytes_empty'] / MB:,.1f} MB" if "storage_bytes_empty" in r else "—"),
        ("storage after seeding", lambda r: f"{r['storage_bytes'] / MB:,.1f} MB" if "storage_bytes" in r else "—"),
        ("**storage per lease**", lambda r: f"**{r['bytes_per_lease']:,.0f} bytes**" if "bytes_per_lease" in r else "—"),
        ("growth per lease (after − before, ÷ leases)", lambda r: f"{growth(r):,.0f} bytes" if "bytes_per_lease" in r else "—"),
        ("RSS after seeding", lambda r: megabytes(r.get("rss_stored_kib"))),
        ("stop (SIGTERM until exit)", lambda r: seconds(restart(r).get("stop_s"))),
        ("storage after stop", lambda r: f"{restart(r)['storage_bytes_stopped'] / MB:,.1f} MB"
            if "storage_bytes_stopped" in restart(r) else "—"),
        ("restart: listening", lambda r: seconds(restart(r).get("listening_s"))),
        ("**restart: unseal answered, `sealed: false`**", lambda r: bold(seconds(restart(r).get("unsealed_s")))),
        ("restart: `lease restore complete` logged", lambda r: seconds(restart(r).get("restored_s"))),
        ("restart: lease due while down revoked", lambda r: seconds(restart(r).get("due_revoked_s"))),
        ("restart: 1 s lease created after unseal revoked", lambda r: seconds(restart(r).get("fresh_revoked_s"))),
        ("**RSS at unseal**", lambda r: bold(megabytes(restart(r).get("rss_unsealed_kib")))),
        (f"**RSS {SETTLE} s after unseal**", lambda r: bold(megabytes(restart(r).get("rss_settled_kib")))),
        ("leases due in the same second", lambda r: f"{r['due']:,}"),
        ("their creation ended before T by", lambda r: seconds(crowd(r).get("created_before_s"))),
        ("**all revoked, after T**", lambda r: bold(revoked_text(crowd(r))) if crowd(r) else "—"),
        ("KV v1 reads before (baseline)", lambda r: f"{crowd(r)['kv_baseline_rps']:,.0f} rps" if crowd(r) else "—"),
        ("**KV v1 reads while revoking**", lambda r: bold(f"{crowd(r)['kv_during_rps']:,.0f} rps "
                                                      f"({crowd(r)['kv_share']:.0%})") if crowd(r) else "—"),
        ("the once-a-second LIST took, on average", lambda r: seconds(crowd(r).get("list_mean_s"))),
        ("RSS after the revocation", lambda r: megabytes(crowd(r).get("rss_after_kib"))),
    ]
    w("| | " + " | ".join(results) + " |")
    w("|---|" + "---:|" * len(results))
    for title, cell in rows:
        w(f"| {title} | " + " | ".join(cell(r) for r in results.values()) + " |")
    w("")
    w("Times are from the process start, unless said otherwise; MB = 10^6 bytes. Restarts and revocation "
      "on the reference: its expiration manager loads every lease into memory at unseal; Coffer reads only "
      "the due part of its expiry index.")
    if failures:
        w("")
        out.extend(failures)
    w("")
    return out


def growth(result: dict) -> float:
    return (result["storage_bytes"] - result["storage_bytes_empty"]) / result["stored"]


def restart(result: dict) -> dict:
    return result.get("restart") or {}


def crowd(result: dict) -> dict:
    return result.get("due_crowd") or {}


def bold(text: str) -> str:
    return text if text == "—" else f"**{text}**"


def revoked_text(numbers: dict) -> str:
    if numbers["revoked_s"] is None:
        return f"{numbers['left']:,} left after {REVOKE_LIMIT} s"
    return f"{numbers['revoked_s']:.0f} s"


def lease_targets(leases: dict) -> list[str]:
    mine = leases.get("Coffer")
    if not mine:
        return []
    mark = lambda ok: "✅ yes" if ok else "❌ no"
    stored = f"{mine['stored']:,} leases"
    if mine.get("failed"):
        return [f"| leases at scale ({stored}) | failed: {mine['failed']} | {mark(False)} |"]
    lines = []
    again = restart(mine)
    due_time = again["due_revoked_s"]
    lines.append(f"| leases: restart and unseal < 1 s with {stored}, the expiry schedule working | "
                 f"unsealed at {seconds(again['unsealed_s'])}; a lease due while down revoked at "
                 f"{seconds(due_time)} | {mark(again['unsealed_s'] < 1)} |")
    rss = max(again["rss_unsealed_kib"], again["rss_settled_kib"]) * 1024
    lines.append(f"| leases: RSS < 200 MB with {stored} | {megabytes(again['rss_unsealed_kib'])} at unseal, "
                 f"{megabytes(again['rss_settled_kib'])} {SETTLE} s later | {mark(rss < 200 * MB)} |")
    lines.append(f"| leases: < 1 KB (1,000 bytes) of storage per lease | {mine['bytes_per_lease']:,.0f} bytes | "
                 f"{mark(mine['bytes_per_lease'] < 1000)} |")
    numbers = crowd(mine)
    revoked = numbers["revoked_s"]
    lines.append(f"| leases: {mine['due']:,} due in the same second all revoked within 60 s | "
                 f"{revoked_text(numbers)} | {mark(revoked is not None and revoked <= 60)} |")
    lines.append(f"| leases: KV reads ≥ 50 % of their throughput meanwhile | {numbers['kv_share']:.0%} "
                 f"({numbers['kv_during_rps']:,.0f} vs {numbers['kv_baseline_rps']:,.0f} rps) | "
                 f"{mark(numbers['kv_share'] >= 0.5)} |")
    return lines
