"""The team edition's scaling: generated photos read by 1 worker, then by 2 workers, on a
scratch PostgreSQL cluster; the database's own load per card; a model of N machines.

    .venv/bin/python benchmarks/team.py               # 200 photos, 1 then 2 workers, then push
    .venv/bin/python benchmarks/team.py --count 40    # quicker while developing
    .venv/bin/python benchmarks/team.py --json        # machine-readable

Set-up: a scratch cluster (tests/postgres_server.py) restarted with pg_stat_statements loaded;
a fresh database and a fresh CARDFOLLOW_HOME per run; a generated mixed set of photos
(sample_cards/generate.py, cached under /tmp/cardfollow-bench/, shared with inbox.py). Every
cardfollow command is a real subprocess, printed as it runs.

Per run (W = 1, then W = 2 ``cardfollow worker`` processes, one job at a time each):
1. the photos are copied into the inbox and ``cardfollow scan --json`` takes them in and
   queues their reading (timed: the intake alone);
2. the database's counters are reset (pg_stat_statements_reset, a pg_stat_database snapshot);
3. W workers start; the wall time runs until no reading job is left to do (polled once a
   second by a query marked /* bench-poll */, left out of the figures);
4. every photo must have become exactly one card (``cardfollow cards --json``: one card per
   photo name, all read), else FAIL and exit status 1.

The 1-worker run is the baseline of the 2-worker run (same photos, same machine, same run):
speed-up = wall(1) / wall(2). OCR is CPU-bound, so on 2 idle cores expect about 1.8x; the
machine's load average is printed with the figures, since other processes take cores too.

Database load per card (both runs): statements, rows and execution time (pg_stat_statements,
the poll left out), transactions committed and rows written (pg_stat_database deltas).

Then, on the 2-worker run's store, every drafted card is approved (``cardfollow approve``) and the
workers push it to the fake HubSpot on the real clock at HubSpot's Free-tier limit (100 requests
per 10 s per token) and mail it to a loopback SMTP server: requests per card, wall time, and a
check that each card was pushed once (one note and one card image each) and mailed once.

Model of N machines, from these figures: reading capacity N x cores / (CPU seconds per card,
the workers' process trees' own CPU time, so other programs on a shared machine do not count);
the database's serial part (the team store writes one transaction at a time: its per-card
execution time bounds the cards per second whatever N is); the CRM (100 requests / 10 s over
the requests per card); mail (the server's own limit: set by the provider, printed as a
parameter). The first limit to bite is named for each N.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from fake_hubspot import FakeHubSpot  # noqa: E402
from postgres_server import PostgresServer, postgres_server  # noqa: E402
from smtp_server import smtp_server  # noqa: E402
from team_db import Counters, jobs_left, with_statements  # noqa: E402
from team_report import HUBSPOT_LIMIT, HUBSPOT_WINDOW, model, show  # noqa: E402

from ocr.load import SUPPORTED_SUFFIXES  # noqa: E402

CACHE = Path("/tmp/cardfollow-bench")
SEED = 7
CARDFOLLOW = [sys.executable, "-m", "plugin"]
TOKEN = "pat-na1-00000000-1111-2222-3333-444444444444"
DONE_STATES = ("drafted", "extracted", "merged", "failed")


class RealClock:
    """The fake HubSpot's clock on real time: its rate limiter must see real seconds."""

    def now(self) -> float:
        return time.time()

    def sleep(self, seconds: float) -> None:
        time.sleep(max(0.0, seconds))

    def advance(self, seconds: float) -> None:
        time.sleep(max(0.0, seconds))


@dataclass
class Run:
    workers: int
    photos: int
    intake_seconds: float = 0.0
    read_seconds: float = 0.0
    cpu_seconds: float = 0.0  # the workers' own CPU time, their reader processes and OCR included
    cards: int = 0
    states: dict[str, int] = field(default_factory=dict)
    db: dict[str, float] = field(default_factory=dict)
    top_statements: list[tuple[int, float, str]] = field(default_factory=list)
    ok: bool = True
    problems: list[str] = field(default_factory=list)


def note(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def run_command(argv: list[str], env: dict[str, str], timeout: float = 3600) -> str:
    note(f"$ {shlex.join(argv[2:] if argv[:2] == CARDFOLLOW[:2] else argv)}")
    done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=timeout)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{shlex.join(argv)} failed ({done.returncode}): {done.stderr[-2000:]}")
    return done.stdout


def generated_set(count: int) -> Path:
    folder = CACHE / f"mix-n{count}-seed{SEED}"
    if folder.is_dir():
        note(f"reusing the generated set {folder}")
        return folder
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.parent.mkdir(parents=True, exist_ok=True)
    argv = [sys.executable, str(ROOT / "sample_cards" / "generate.py"), "--count", str(count)]
    argv += ["--seed", str(SEED), "--kind", "mix", "--out", str(partial)]
    note(f"generating {count} cards: $ {shlex.join(argv)}")
    subprocess.run(argv, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    partial.rename(folder)
    return folder


def images_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in SUPPORTED_SUFFIXES)


def start_workers(count: int, env: dict[str, str], logs: Path) -> list[subprocess.Popen[bytes]]:
    note(f"$ cardfollow worker   (x{count})")
    return [
        subprocess.Popen(
            [*CARDFOLLOW, "worker"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=(logs / f"worker-{n}.log").open("wb"),
            start_new_session=True,
        )
        for n in range(count)
    ]


def cpu_seconds(procs: list[subprocess.Popen[bytes]]) -> float:
    """CPU time of the workers and everything under them (a live process counts its own time
    and that of its children that have ended, such as each Tesseract run)."""
    total = 0.0
    for proc in procs:
        try:
            root = psutil.Process(proc.pid)
            tree = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            continue
        for each in tree:
            try:
                t = each.cpu_times()
            except psutil.NoSuchProcess:
                continue
            total += t.user + t.system + t.children_user + t.children_system
    return total


def stop_workers(procs: list[subprocess.Popen[bytes]]) -> None:
    for proc in procs:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    for proc in procs:
        try:
            proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def cards_of(env: dict[str, str]) -> list[dict[str, Any]]:
    out = run_command([*CARDFOLLOW, "cards", "--json"], env)
    return [json.loads(line) for line in out.splitlines()]


def base_env(home: Path, url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CARDFOLLOW_")}
    env.update(
        CARDFOLLOW_HOME=str(home),
        CARDFOLLOW_STORE_URL=url,
        CARDFOLLOW_PROFILE_NAME="Sam Carter",
        CARDFOLLOW_PROFILE_EMAIL="sam@northwind.example",
        CARDFOLLOW_INBOX_STABLE_SECONDS="0",
    )
    return env


def read_run(server: PostgresServer, images: list[Path], workers: int, work: Path) -> Run:
    url = server.create_database()
    home = work / f"home-{workers}"
    env = base_env(home, url)
    inbox = home / "inbox"
    inbox.mkdir(parents=True)
    for image in images:
        shutil.copy2(image, inbox / image.name)
    run = Run(workers, len(images))
    started = time.perf_counter()
    run_command([*CARDFOLLOW, "scan", "--json"], env)
    run.intake_seconds = round(time.perf_counter() - started, 3)
    counters = Counters(url)
    started = time.perf_counter()
    procs = start_workers(workers, env, home)
    try:
        while jobs_left(url):
            if any(p.poll() is not None for p in procs):
                raise SystemExit(f"a worker ended early; see {home}/worker-*.log")
            time.sleep(1.0)
        run.read_seconds = round(time.perf_counter() - started, 3)
        run.cpu_seconds = round(cpu_seconds(procs), 3)
    finally:
        stop_workers(procs)
    cards = cards_of(env)
    run.cards = len(cards)
    run.db = counters.per_card(len(cards))
    run.top_statements = counters.top
    for card in cards:
        run.states[card["state"]] = run.states.get(card["state"], 0) + 1
    names = sorted(Path(c["photo"]).name for c in cards)
    if names != sorted(p.name for p in images):
        run.ok = False
        run.problems.append(f"{len(cards)} cards for {len(images)} photos (one each expected)")
    if any(c["state"] not in DONE_STATES for c in cards):
        run.ok = False
        run.problems.append(f"cards left unread: {run.states}")
    (work / f"url-{workers}").write_text(url)
    return run


def push_run(work: Path, workers: int) -> dict[str, Any]:
    """Approve what the last run drafted; the workers push and mail it."""
    url = (work / f"url-{workers}").read_text()
    home = work / f"home-{workers}"
    with (
        FakeHubSpot(
            clock=RealClock(),  # type: ignore[arg-type]
            burst_max=HUBSPOT_LIMIT,
            burst_window=HUBSPOT_WINDOW,
            token=TOKEN,
        ) as hubspot,
        smtp_server() as smtp,
    ):
        env = base_env(home, url)
        env.update(
            CARDFOLLOW_CRM="hubspot",
            CARDFOLLOW_HUBSPOT_BASE_URL=hubspot.base_url,
            CARDFOLLOW_HUBSPOT_TOKEN=TOKEN,
            CARDFOLLOW_SMTP_URL=smtp.url(),
            CARDFOLLOW_SEND_AT="now",
        )
        drafted = [str(c["id"]) for c in cards_of(env) if c["state"] == "drafted"]
        procs = start_workers(workers, env, home)
        started = time.perf_counter()
        try:
            run_command([*CARDFOLLOW, "approve", *drafted], env)
            deadline = time.monotonic() + 600 + 2 * len(drafted)
            while time.monotonic() < deadline:
                if len(hubspot.objects("notes")) >= len(drafted) and len(smtp.messages) >= len(
                    drafted
                ):
                    break
                time.sleep(0.5)
            wall = time.perf_counter() - started
            time.sleep(3.0)  # a second push or mail of anything would land now
        finally:
            stop_workers(procs)
        requests = len(hubspot.requests)
        limited = sum(1 for r in hubspot.requests if r.status == 429)
        # One follow-up per approved card, each with its own Message-ID (two cards may share an
        # address: a shop's info@, a person met twice), so "once" is by Message-ID, not recipient.
        message_ids = [m.message()["Message-ID"] for m in smtp.messages]
        n = max(len(drafted), 1)
        return {
            "cards": len(drafted),
            "wall_seconds": round(wall, 3),
            "hubspot_requests_per_card": round(requests / n, 3),
            "http_429": limited,
            "notes": len(hubspot.objects("notes")),
            "files": len(hubspot.files),
            "mails": len(smtp.messages),
            "pushed_once": len(hubspot.objects("notes")) == len(drafted) == len(hubspot.files),
            "mailed_once": len(message_ids) == len(set(message_ids)) == len(drafted),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=200, help="photos (default 200)")
    parser.add_argument("--no-push", action="store_true", help="skip the push and mail phase")
    parser.add_argument("--cores", type=int, default=2, help="cores per machine in the model")
    parser.add_argument(
        "--mailbox-per-day",
        type=float,
        default=2000,
        help="one mailbox's sending limit in the model (default 2,000 a day, a common "
        "provider's limit)",
    )
    parser.add_argument("--reps", type=int, default=20, help="reps (mailboxes) in the model")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    images = images_in(generated_set(args.count))[: args.count]
    load_before = os.getloadavg()
    work = Path(tempfile.mkdtemp(prefix="cardfollow-team-bench-"))
    with postgres_server() as server:
        with_statements(server)
        runs = [read_run(server, images, w, work) for w in (1, 2)]
        push = None if args.no_push else push_run(work, 2)
    load_after = os.getloadavg()
    one, two = runs
    speedup = round(one.read_seconds / two.read_seconds, 2) if two.read_seconds else 0.0
    rows = model(one.__dict__, push, args.cores, args.reps * args.mailbox_per_day / 24)
    result = {
        "photos": len(images),
        "cpus": os.cpu_count(),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in load_after],
        "runs": [r.__dict__ for r in runs],
        "speedup_2_workers": speedup,
        "push": push,
        "model": rows,
    }
    shutil.rmtree(work, ignore_errors=True)
    ok = all(r.ok for r in runs) and (push is None or (push["pushed_once"] and push["mailed_once"]))
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        show(result)
    if not ok:
        print("FAIL: " + "; ".join(p for r in runs for p in r.problems) or "FAIL: push/mail")
        sys.exit(1)


if __name__ == "__main__":
    main()
