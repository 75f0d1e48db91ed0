"""benchmarks/team.py's report: the model of N machines from the measured figures, and the
figures as text."""

from __future__ import annotations

from typing import Any

HUBSPOT_LIMIT, HUBSPOT_WINDOW = 100, 10.0  # HubSpot Free and Starter: requests per 10 s


def model(
    one: dict[str, Any], push: dict[str, Any] | None, cores: int, mail_per_hour: float
) -> list[dict[str, Any]]:
    """Cards per hour for N machines of ``cores`` cores each, and which limit bites first.
    ``mail_per_hour``: what the team's mailboxes may send together (each rep mails from their
    own mailbox, so it grows with the reps, not with the machines)."""
    # CPU time, not wall time: on a shared machine the wall time counts other programs' turns.
    core_seconds = one["cpu_seconds"] / max(one["cards"], 1)
    db_ms = max(one["db"].get("exec_ms", 0.0), 1e-3)
    limits_fixed = {"database": 3600 * 1000 / db_ms}
    if push and push["hubspot_requests_per_card"]:
        per_hour = HUBSPOT_LIMIT / HUBSPOT_WINDOW * 3600
        limits_fixed["CRM rate limit"] = per_hour / push["hubspot_requests_per_card"]
    limits_fixed["mail"] = mail_per_hour
    rows = []
    for machines in (1, 2, 4, 8, 16, 32, 64):
        limits = {"reading (OCR)": machines * cores * 3600 / core_seconds, **limits_fixed}
        bite = min(limits, key=lambda k: limits[k])
        rows.append(
            {
                "machines": machines,
                **{k: round(v) for k, v in limits.items()},
                "cards_per_hour": round(limits[bite]),
                "limit": bite,
            }
        )
    return rows


def show(result: dict[str, Any]) -> None:
    print(
        f"{result['photos']} photos, {result['cpus']} CPUs, load average "
        f"{result['load_average_before'][0]} before, {result['load_average_after'][0]} after"
    )
    for r in result["runs"]:
        per = r["read_seconds"] / max(r["cards"], 1)
        print(
            f"{r['workers']} worker(s): intake (scan) {r['intake_seconds']:.1f} s; reading "
            f"{r['read_seconds']:.1f} s ({r['cards'] / max(r['read_seconds'], 1e-9):.2f} "
            f"cards/s, {per:.2f} s/card); {r['cpu_seconds'] / max(r['cards'], 1):.2f} CPU s/card; "
            f"states {r['states']}"
        )
        db = r["db"]
        print(
            f"   database per card: {db['statements']:.1f} statements, "
            f"{db['statement_rows']:.1f} rows, {db['exec_ms']:.2f} ms executing; "
            f"{db['commits']:.1f} commits, {db['inserted']:.1f} inserted, "
            f"{db['updated']:.1f} updated, {db['deleted']:.1f} deleted, "
            f"{db['fetched']:.0f} fetched"
        )
        for calls, ms, query in r["top_statements"]:
            print(f"      {calls:>7} calls {ms:>9.1f} ms  {query}")
    print(f"speed-up with 2 workers: {result['speedup_2_workers']}x (baseline: 1 worker)")
    if push := result["push"]:
        print(
            f"push + mail of {push['cards']} approved cards: {push['wall_seconds']:.1f} s, "
            f"{push['hubspot_requests_per_card']} HubSpot requests per card, "
            f"{push['http_429']} x 429; pushed once: {push['pushed_once']}, mailed once: "
            f"{push['mailed_once']}"
        )
    print("model (cards per hour; N machines of --cores cores):")
    for row in result["model"]:
        limits = ", ".join(
            f"{k} {v}" for k, v in row.items() if k not in ("machines", "cards_per_hour", "limit")
        )
        print(f"  N={row['machines']:>2}: {row['cards_per_hour']:>8} ({row['limit']}); {limits}")
