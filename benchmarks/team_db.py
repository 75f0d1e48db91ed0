"""benchmarks/team.py's look at the database: pg_stat_statements loaded on the scratch cluster,
its counters per card, and the poll for jobs left (marked, so the figures leave it out)."""

from __future__ import annotations

from typing import Any

import psycopg
from postgres_server import PostgresServer

POLL = "/* bench-poll */"


def with_statements(server: PostgresServer) -> None:
    """Load pg_stat_statements (a restart: it must be preloaded)."""
    with psycopg.connect(server.url(), autocommit=True) as conn:
        conn.execute("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'")
    # pg_ctl keeps the start's options (postmaster.opts); the log keeps the server's output off
    # pg_ctl's pipes.
    log = str(server.root / "server.log")
    server._as_owner("pg_ctl", "-D", str(server.data), "-l", log, "-m", "fast", "-w", "restart")


class Counters:
    """The database's own counters between two moments, the benchmark's poll left out."""

    def __init__(self, url: str) -> None:
        self.url = url
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
            conn.execute("SELECT pg_stat_statements_reset()")
            self.before = self._database(conn)

    def _database(self, conn: psycopg.Connection[Any]) -> dict[str, float]:
        row = conn.execute(
            "SELECT xact_commit, xact_rollback, tup_inserted, tup_updated, tup_deleted, "
            "tup_fetched, blks_read, blks_hit FROM pg_stat_database "
            "WHERE datname = current_database()"
        ).fetchone()
        assert row is not None
        names = ("commits", "rollbacks", "inserted", "updated", "deleted", "fetched")
        return dict(zip((*names, "blocks_read", "blocks_hit"), map(float, row), strict=True))

    def per_card(self, cards: int) -> dict[str, float]:
        with psycopg.connect(self.url, autocommit=True) as conn:
            after = self._database(conn)
            calls, rows, ms = conn.execute(
                "SELECT COALESCE(SUM(calls), 0), COALESCE(SUM(rows), 0), "
                "COALESCE(SUM(total_exec_time), 0) FROM pg_stat_statements s "
                "JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = current_database() "
                "AND s.query NOT LIKE %s",
                (f"%{POLL}%",),
            ).fetchone()
            top = conn.execute(
                "SELECT calls, round(total_exec_time::numeric, 1), left(regexp_replace(query, "
                "'\\s+', ' ', 'g'), 90) FROM pg_stat_statements s JOIN pg_database d "
                "ON d.oid = s.dbid WHERE d.datname = current_database() AND s.query NOT LIKE %s "
                "ORDER BY total_exec_time DESC LIMIT 6",
                (f"%{POLL}%",),
            ).fetchall()
        self.top = [(int(c), float(ms), q) for c, ms, q in top]
        n = max(cards, 1)
        figures = {
            "statements": float(calls) / n,
            "statement_rows": float(rows) / n,
            "exec_ms": float(ms) / n,
        }
        for key, value in after.items():
            figures[key] = (value - self.before[key]) / n
        return {k: round(v, 3) for k, v in figures.items()}


def jobs_left(url: str) -> int:
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute(
            f"{POLL} SELECT COUNT(*) FROM procrastinate_jobs WHERE status IN ('todo', 'doing') "
            "AND task_name IN ('cardfollow:read_card', 'cardfollow:draft_card')"
        ).fetchone()
    return int(row[0]) if row else 0
