"""The inbox end to end: landing-to-draft latency, and a batch of photos dropped at once.

    .venv/bin/python benchmarks/inbox.py               # 8 photos one by one, then 200 at once
    .venv/bin/python benchmarks/inbox.py --count 40    # a smaller batch while developing
    .venv/bin/python benchmarks/inbox.py --skip-batch --stable 0.5 --latency-photos 12
    .venv/bin/python benchmarks/inbox.py --json --keep # machine-readable; keep the homes

Every cardfollow command runs as a subprocess in a fresh CARDFOLLOW_HOME under a temporary folder
(other CARDFOLLOW_* variables are cleared; --stable sets CARDFOLLOW_INBOX_STABLE_SECONDS, else
the default 2.0 s applies). The exact command lines are printed.

Latency: ``cardfollow watch`` is started and, once it says it is watching, photos from
sample_cards/ (scans and photos alternating) land one at a time: copied to a temporary name
beside the inbox, then renamed into it (atomic, like a sync client finishing). Each must reach a
final state before the next lands; the store is polled every 50 ms. One extra photo lands first
as a warm-up and is not counted. The watcher re-checks pending files on a fixed grid of
step = min(0.5, stable/4) s that restarts when it goes back to waiting, i.e. right after a
draft; landing just after the previous draft would always hit the same phase of that grid (the
worst case, ~stable + step), so photo i lands (i mod 4)/4 * step after the previous one was
seen done, sampling the phases a file landing at a random moment meets. Per photo, from the
card's history in the store:

    landing->taken      the stability wait (the file must stay unchanged stable_seconds; the
                        watcher looks every min(0.5, stable/4) s) + hashing + the store's copy
    taken->extracted    reading the photo (OCR) and recording it
    extracted->drafted  rendering the follow-up
    total               landing->drafted

Baseline, same run, same photos: ``cardfollow extract --json --jobs 1`` over the warm-up and the
photos in one process, one photo at a time; its per-photo ``seconds`` field (the OCR pipeline in
a warm process, no process start) is compared with total and with taken->extracted.

Batch: a generated mixed set (sample_cards/generate.py, cached under /tmp/cardfollow-bench/) is
copied into the inbox of a fresh home at once, then ``cardfollow scan --jobs J --json`` runs. The
baseline is ``cardfollow extract --json --jobs J`` over the same files. For both: wall time from
launch to exit, photos/s, and peak memory: the RSS of the whole process tree (main process, pool
workers, Tesseract) summed and sampled every 150 ms with psutil, the largest single process
sampled, and the largest single process exactly (the kernel's ru_maxrss of the tree, from wait4;
it covers every process, even a short-lived Tesseract between samples). The RSS sum counts pages
shared by forked workers once per process, so it is an upper bound. The scan's wall time includes
its stability wait (stable_seconds before anything is taken); its phases come from the store's
history. Then every photo must have produced exactly one card: ``cardfollow cards --json`` holds
one card per distinct photo hash, none twice, none missing; else a FAIL line and exit status 1.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import shlex
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from statistics import median
from typing import Any

import psutil
from _common import ROOT, Sample, find_samples, generated_mix

from ocr.load import SUPPORTED_SUFFIXES

SEED = 7
POLL = 0.05  # seconds between looks at the store while waiting for a card
SAMPLE_EVERY = 0.15  # seconds between memory samples
DONE_STATES = ("drafted", "merged", "failed")
STEPS = ("new", "extracted", "drafted")
MB = 1024 * 1024


def busy_cpu() -> float:
    """CPU-seconds the whole machine has spent busy so far (steal counts: not ours either)."""
    t = psutil.cpu_times()
    return t.user + t.nice + t.system + t.irq + t.softirq + getattr(t, "steal", 0.0)


def own_cpu() -> float:
    t = psutil.Process().cpu_times()
    return t.user + t.system


def cardfollow_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("cardfollow")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "plugin"]


def note(message: str) -> None:
    print(f"[inbox bench] {message}", file=sys.stderr, flush=True)


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def epoch(iso: str) -> float:
    return datetime.fromisoformat(iso).timestamp()


def pct(values: Iterable[float], q: float) -> float:
    """The q-quantile (0..1), linear between the closest ranks."""
    s = sorted(values)
    k = (len(s) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def spread(values: list[float]) -> dict[str, float | None]:
    if not values:
        return {"median": None, "p90": None, "max": None}
    return {
        "median": round(median(values), 3),
        "p90": round(pct(values, 0.9), 3),
        "max": round(max(values), 3),
    }


# -- running cardfollow -----------------------------------------------------------------------


class Env:
    """A fresh home and the environment (and its printable form) to run cardfollow in it."""

    def __init__(self, home: Path, stable: float | None) -> None:
        self.home = home
        self.inbox = home / "inbox"
        self.inbox.mkdir(parents=True)
        self.db = home / "cardfollow.db"
        self.vars = {"CARDFOLLOW_HOME": str(home)}
        if stable is not None:
            self.vars["CARDFOLLOW_INBOX_STABLE_SECONDS"] = f"{stable:g}"
        clean = {k: v for k, v in os.environ.items() if not k.startswith("CARDFOLLOW_")}
        self.environ = {**clean, **self.vars}

    def show(self, argv: list[str]) -> str:
        return " ".join(
            [*(f"{k}={shlex.quote(v)}" for k, v in self.vars.items()), shlex.join(argv)]
        )


@dataclass
class Memory:
    """RSS of a process tree, sampled; the kernel's exact maximum is filled in at exit."""

    peak_tree: int = 0
    peak_single: int = 0
    peak_single_role: str = ""
    peak_processes: int = 0
    samples: int = 0
    exact_single: int | None = None  # ru_maxrss of the process and its reaped descendants

    def as_dict(self) -> dict[str, Any]:
        return {
            "peak_tree_rss_mb": round(self.peak_tree / MB, 1),
            "peak_single_rss_mb": round(self.peak_single / MB, 1),
            "peak_single_role": self.peak_single_role,
            "peak_single_exact_mb": (
                round(self.exact_single / MB, 1) if self.exact_single is not None else None
            ),
            "peak_processes": self.peak_processes,
            "samples": self.samples,
        }


class Child:
    """A cardfollow subprocess: its output to files, its tree's memory sampled in a thread,
    reaped with wait4 (for the exact peak RSS); ``kill`` ends it and every descendant."""

    def __init__(self, argv: list[str], env: Env, workdir: Path, label: str) -> None:
        self.argv = argv
        self.label = label
        self.command = env.show(argv)
        self.out_path = workdir / f"{label}.stdout"
        self.err_path = workdir / f"{label}.stderr"
        self.memory = Memory()
        self.returncode: int | None = None
        self.ended = 0.0
        self._stop = threading.Event()
        self.cpu_seconds: float | None = None  # user + system of the whole tree, from wait4
        self.other_cpu_seconds: float | None = None  # the machine's busy time not ours
        self._busy0, self._own0 = busy_cpu(), own_cpu()
        with self.out_path.open("wb") as out, self.err_path.open("wb") as err:
            self.started = time.perf_counter()
            self.started_epoch = time.time()
            self.proc = subprocess.Popen(
                argv, cwd=ROOT, env=env.environ, stdout=out, stderr=err, stdin=subprocess.DEVNULL
            )
        self._root = psutil.Process(self.proc.pid)
        self._sampler = threading.Thread(target=self._sample_loop, daemon=True)
        self._sampler.start()

    # memory ---------------------------------------------------------------------------------

    def _role(self, p: psutil.Process) -> str:
        if p.pid == self._root.pid:
            return f"{self.argv[1]} (main)"
        try:
            name = p.name()
        except psutil.Error:
            return "?"
        return "tesseract" if name.startswith("tesseract") else f"{name} (worker)"

    def sample(self) -> None:
        try:
            procs = [self._root, *self._root.children(recursive=True)]
        except psutil.Error:
            return
        total, alive, m = 0, 0, self.memory
        for p in procs:
            try:
                rss = p.memory_info().rss
            except psutil.Error:
                continue
            total += rss
            alive += rss > 0
            if rss > m.peak_single:
                m.peak_single, m.peak_single_role = rss, self._role(p)
        m.samples += 1
        m.peak_tree = max(m.peak_tree, total)
        m.peak_processes = max(m.peak_processes, alive)

    def _sample_loop(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(SAMPLE_EVERY)

    # lifetime -------------------------------------------------------------------------------

    def poll(self) -> int | None:
        if self.returncode is None:
            pid, status, usage = os.wait4(self.proc.pid, os.WNOHANG)
            if pid:
                self.ended = time.perf_counter()
                self.returncode = os.waitstatus_to_exitcode(status)
                self.proc.returncode = self.returncode  # so Popen never waits for it again
                self.memory.exact_single = usage.ru_maxrss * 1024  # KiB on Linux
                self.cpu_seconds = usage.ru_utime + usage.ru_stime
                busy = busy_cpu() - self._busy0
                self.other_cpu_seconds = busy - self.cpu_seconds - (own_cpu() - self._own0)
                self._stop.set()
        return self.returncode

    def wait(self, timeout: float) -> int:
        deadline = time.perf_counter() + timeout
        while self.poll() is None:
            if time.perf_counter() > deadline:
                raise TimeoutError(f"{self.label}: still running after {timeout:.0f} s")
            time.sleep(0.02)
        assert self.returncode is not None
        return self.returncode

    @property
    def wall(self) -> float:
        return (self.ended or time.perf_counter()) - self.started

    def kill(self) -> None:
        """End it and all its descendants, by pid (they were started by us, through it)."""
        if self.poll() is None:
            try:
                procs = [*self._root.children(recursive=True), self._root]
            except psutil.Error:
                procs = [self._root]
            for p in procs:
                with contextlib.suppress(psutil.Error):
                    p.kill()
            with contextlib.suppress(TimeoutError, ChildProcessError):
                self.wait(10)
        self._stop.set()

    def stdout(self) -> str:
        return self.out_path.read_text(encoding="utf-8", errors="replace")

    def stderr(self) -> str:
        return self.err_path.read_text(encoding="utf-8", errors="replace")

    def json_lines(self) -> list[dict[str, Any]]:
        out = []
        for line in self.stdout().splitlines():
            if line.startswith("{"):
                with contextlib.suppress(json.JSONDecodeError):
                    out.append(json.loads(line))
        return out


@dataclass
class Run:
    """What the benchmark started: children to stop at the end, commands to print."""

    workdir: Path
    children: list[Child] = field(default_factory=list)
    commands: list[str] = field(default_factory=list)

    def start(self, argv: list[str], env: Env, label: str) -> Child:
        child = Child(argv, env, self.workdir, label)
        self.children.append(child)
        self.commands.append(child.command)
        note(f"$ {child.command}")
        return child

    def complete(self, argv: list[str], env: Env, label: str, timeout: float) -> Child:
        child = self.start(argv, env, label)
        try:
            child.wait(timeout)
        finally:
            child.kill()
        return child

    def stop_all(self) -> None:
        for child in self.children:
            child.kill()


# -- the store --------------------------------------------------------------------------------


class StoreReader:
    """Read-only looks at a home's SQLite store while cardfollow writes it."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self._conn: sqlite3.Connection | None = None

    def _connect(self) -> sqlite3.Connection | None:
        if self._conn is None and self.db.exists():
            self._conn = sqlite3.connect(f"file:{self.db}?mode=ro", uri=True, timeout=5)
        return self._conn

    def card(self, sha: str) -> tuple[int, str] | None:
        conn = self._connect()
        if conn is None:
            return None
        try:
            row = conn.execute("SELECT id, state FROM cards WHERE sha256 = ?", (sha,)).fetchone()
        except sqlite3.Error:
            return None
        return (int(row[0]), str(row[1])) if row else None

    def history(self, card_id: int | None = None) -> list[tuple[int, str, float]]:
        conn = self._connect()
        if conn is None:
            return []
        sql, params = "SELECT card_id, step, at FROM history", ()
        if card_id is not None:
            sql, params = sql + " WHERE card_id = ?", (card_id,)
        rows = conn.execute(sql + " ORDER BY id", params).fetchall()
        return [(int(c), str(s), epoch(a)) for c, s, a in rows]

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def first_steps(history: list[tuple[int, str, float]]) -> dict[str, float]:
    steps: dict[str, float] = {}
    for _, step, at in history:
        steps.setdefault(step, at)
    return steps


def check_one_card_each(
    label: str, run: Run, env: Env, photos: dict[Path, str], timeout: float
) -> dict[str, Any]:
    """Every photo dropped gave exactly one card: one per distinct hash, none twice or missing."""
    child = run.complete([*cardfollow_cmd(), "cards", "--json"], env, f"{label}-cards", timeout)
    cards = child.json_lines()
    shas = Counter(str(c.get("sha256")) for c in cards)
    wanted = set(photos.values())
    problems = []
    if child.returncode != 0:
        problems.append(f"`cards --json` exited with {child.returncode}: {child.stderr()[-300:]}")
    twice = sorted(s for s, n in shas.items() if n > 1)
    if twice:
        problems.append(f"{len(twice)} photo hash(es) with more than one card: {twice[:3]}")
    missing = wanted - set(shas)
    if missing:
        names = sorted(p.name for p, s in photos.items() if s in missing)
        problems.append(f"{len(missing)} photo(s) without a card: {names[:5]}")
    extra = set(shas) - wanted
    if extra:
        problems.append(f"{len(extra)} card(s) for no photo dropped: {sorted(extra)[:3]}")
    if len(cards) != len(wanted):
        problems.append(f"{len(cards)} cards for {len(wanted)} distinct photos")
    return {
        "photos": len(photos),
        "distinct_hashes": len(wanted),
        "cards": len(cards),
        "states": dict(Counter(str(c.get("state")) for c in cards).most_common()),
        "ok": not problems,
        "problems": problems,
    }


# -- latency ----------------------------------------------------------------------------------


def evenly(items: list[Sample], k: int) -> list[Sample]:
    if k >= len(items):
        return list(items)
    return [items[round(i * len(items) / k)] for i in range(k)]


def latency_photos(n: int) -> tuple[Sample, list[Sample]]:
    """(warm-up, n photos): scans and photos alternating, spread over sample_cards/."""
    samples = find_samples([])
    if n + 1 > len(samples):
        raise SystemExit(f"--latency-photos: at most {len(samples) - 1} (sample_cards/ has that)")
    scans = [s for s in samples if s.kind == "scan"]
    photos = [s for s in samples if s.kind != "scan"]
    n_photos = min(len(photos), n // 2)
    picked_photos = evenly(photos, n_photos)
    picked_scans = evenly(scans, n - n_photos)
    chosen: list[Sample] = []
    for i in range(max(len(picked_scans), len(picked_photos))):
        chosen += picked_scans[i : i + 1] + picked_photos[i : i + 1]
    rest = [s for s in samples if s not in chosen]
    warmup = next((s for s in rest if s.kind == "scan"), rest[0])
    return warmup, chosen


class Watch:
    """``cardfollow watch`` running on a home: start, land photos, wait for their cards, stop."""

    def __init__(self, run: Run, env: Env, jobs: int, timeout: float) -> None:
        self.env = env
        self.store = StoreReader(env.db)
        self.child = run.start(
            [*cardfollow_cmd(), "watch", "--jobs", str(jobs), "--json"], env, "watch"
        )
        deadline = time.perf_counter() + timeout
        while "watching" not in self.child.stderr():
            if self.child.poll() is not None:
                raise RuntimeError(f"watch exited ({self.child.returncode}): {self.child.stderr()}")
            if time.perf_counter() > deadline:
                raise TimeoutError(f"watch did not start watching within {timeout:.0f} s")
            time.sleep(POLL)
        self.ready_after = self.child.wall
        self.start_rss = psutil.Process(self.child.proc.pid).memory_info().rss
        line = next(x for x in self.child.stderr().splitlines() if "watching" in x)
        self.mode = line.split("(", 1)[-1].split(")", 1)[0] if "(" in line else "?"

    def land(self, source: Path, name: str) -> float:
        """Copy beside the inbox, then rename into it; returns the landing time (epoch)."""
        staging = self.env.home / f".landing-{name}"
        shutil.copyfile(source, staging)
        target = self.env.inbox / name
        os.rename(staging, target)
        return time.time()

    def wait_done(self, sha: str, name: str, timeout: float) -> tuple[int | None, str, float]:
        """Poll the store until the card is drafted, merged or failed (or watch reported the
        photo otherwise, e.g. a draft that could not be rendered); (card, state, seen at)."""
        deadline = time.perf_counter() + timeout
        while True:
            found = self.store.card(sha)
            if found and found[1] in DONE_STATES:
                return found[0], found[1], time.time()
            reported = [o for o in self.child.json_lines() if Path(o["photo"]).name == name]
            if reported:
                card = found[0] if found else reported[-1].get("card")
                return card, found[1] if found else str(reported[-1]["status"]), time.time()
            if self.child.poll() is not None:
                raise RuntimeError(f"watch exited ({self.child.returncode}): {self.child.stderr()}")
            if time.perf_counter() > deadline:
                state = found[1] if found else "not taken"
                raise TimeoutError(f"{name}: still {state} after {timeout:.0f} s")
            time.sleep(POLL)

    def stop(self, timeout: float) -> float:
        """SIGTERM, as a service manager would; seconds until it exited."""
        self.store.close()
        try:
            self.idle_rss = psutil.Process(self.child.proc.pid).memory_info().rss
        except psutil.Error:
            self.idle_rss = 0
        t0 = time.perf_counter()
        self.child.proc.send_signal(signal.SIGTERM)
        self.child.wait(timeout)
        return time.perf_counter() - t0


def run_latency(args: argparse.Namespace, run: Run) -> dict[str, Any]:
    warmup, chosen = latency_photos(args.latency_photos)
    env = Env(run.workdir / "latency-home", args.stable)
    stable = args.stable if args.stable is not None else 2.0
    per_photo_timeout = 180 + 10 * stable
    dropped: dict[Path, str] = {}

    # Baseline first: the OCR pipeline alone, one photo at a time, in one warm process.
    base = run.complete(
        [*cardfollow_cmd(), "extract", "--json", "--jobs", "1", str(warmup.image)]
        + [str(s.image) for s in chosen],
        env,
        "latency-extract",
        timeout=120 + 60 * len(chosen),
    )
    extract_s = {Path(r["image"]).name: float(r["seconds"]) for r in base.json_lines()[1:]}

    rows: list[dict[str, Any]] = []
    watch = Watch(run, env, args.jobs, timeout=60)
    try:
        note(f"watch is watching ({watch.mode}) after {watch.ready_after:.2f} s")
        step = min(0.5, max(0.05, stable / 4))  # as plugin/inbox/watcher.py
        for i, sample in enumerate([warmup, *chosen]):
            time.sleep((i % 4) / 4 * step)
            name = sample.image.name
            sha = sha256_of(sample.image)
            dropped[env.inbox / name] = sha
            landed = watch.land(sample.image, name)
            card, state, seen = watch.wait_done(sha, name, per_photo_timeout)
            steps = first_steps(watch.store.history(card)) if card else {}
            end = steps.get(state, steps.get("drafted", seen))
            row: dict[str, Any] = {
                "photo": name,
                "kind": sample.kind,
                "state": state,
                "total": round(end - landed, 3),
                "seen_by_poll": round(seen - landed, 3),
                "extract_seconds": extract_s.get(name),
            }
            marks = [landed, *(steps.get(s) for s in STEPS)]
            for key, a, b in zip(
                ("landing_to_taken", "taken_to_extracted", "extracted_to_drafted"),
                marks[:-1],
                marks[1:],
                strict=True,
            ):
                row[key] = round(b - a, 3) if a is not None and b is not None else None
            label = "warm-up" if i == 0 else f"{i}/{len(chosen)}"
            note(f"latency {label}: {name} {state} {row['total']:.2f} s after landing")
            if i:
                rows.append(row)
        stopped = watch.stop(timeout=30)
    finally:
        watch.child.kill()
    check = check_one_card_each("latency", run, env, dropped, timeout=120)

    def col(key: str) -> list[float]:
        return [r[key] for r in rows if r.get(key) is not None]

    drafted = [r for r in rows if r["state"] == "drafted"]
    overhead = [
        r["total"] - r["extract_seconds"] for r in drafted if r["extract_seconds"] is not None
    ]
    ocr_overhead = [
        r["taken_to_extracted"] - r["extract_seconds"]
        for r in drafted
        if r["extract_seconds"] is not None and r["taken_to_extracted"] is not None
    ]
    return {
        "photos": len(rows),
        "warmup": warmup.image.name,
        "stable_seconds": stable,
        "watch_mode": watch.mode,
        "watch_ready_seconds": round(watch.ready_after, 3),
        "watch_stop_seconds": round(stopped, 3),
        "watch_start_rss_mb": round(watch.start_rss / MB, 1),
        "watch_idle_rss_mb": round(watch.idle_rss / MB, 1),
        "watch_cpu_seconds": round(watch.child.cpu_seconds or 0.0, 2),
        "other_cpu_seconds": round(watch.child.other_cpu_seconds or 0.0, 2),
        "watch_memory": watch.child.memory.as_dict(),
        "rows": rows,
        "summary": {
            key: spread(col(key))
            for key in (
                "total",
                "landing_to_taken",
                "taken_to_extracted",
                "extracted_to_drafted",
                "extract_seconds",
            )
        },
        "overhead_over_extract": spread(overhead),
        "ocr_step_over_extract": spread(ocr_overhead),
        "check": check,
    }


# -- batch ------------------------------------------------------------------------------------


def generated_set(run: Run, count: int, jobs: int) -> Path:
    """A mixed set of ``count`` generated cards, cached by count, seed and kind."""
    folder, command = generated_mix(count, SEED, jobs, note)
    if command:
        run.commands.append(command)
    return folder
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.parent.mkdir(parents=True, exist_ok=True)
    argv = [sys.executable, str(ROOT / "sample_cards" / "generate.py")]
    argv += ["--count", str(count), "--seed", str(SEED), "--kind", "mix"]
    argv += ["--out", str(partial), "--jobs", str(jobs)]
    note(f"generating {count} cards (about 3 s each per core): $ {shlex.join(argv)}")
    run.commands.append(shlex.join(argv))
    subprocess.run(argv, cwd=ROOT, check=True, timeout=600 + 20 * count, stdout=subprocess.DEVNULL)
    partial.rename(folder)
    return folder


def images_in(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix.lower() in SUPPORTED_SUFFIXES and not p.name.startswith(".")
    )


def figures(child: Child, n: int) -> dict[str, Any]:
    return {
        "command": child.command,
        "exit_status": child.returncode,
        "wall_seconds": round(child.wall, 3),
        "photos_per_second": round(n / child.wall, 3),
        "cpu_seconds": round(child.cpu_seconds or 0.0, 2),
        "other_cpu_seconds": round(child.other_cpu_seconds or 0.0, 2),
        # The machine's busy CPU while the command ran (less this script's own): the fair
        # comparison, since wait4 misses workers forked by a forkserver (not the command's
        # waited-for children), as `scan` uses.
        "machine_cpu_seconds": round(
            (child.cpu_seconds or 0.0) + (child.other_cpu_seconds or 0.0), 2
        ),
        **child.memory.as_dict(),
    }


def run_batch(args: argparse.Namespace, run: Run) -> dict[str, Any]:
    source = generated_set(run, args.count, args.jobs)
    images = images_in(source)
    if len(images) != args.count:
        raise SystemExit(f"{source}: {len(images)} images, expected {args.count}; delete it")
    shas = {p: sha256_of(p) for p in images}  # also brings them into the page cache
    timeout = max(900.0, 20.0 * args.count)

    env = Env(run.workdir / "batch-home", args.stable)
    base = run.complete(
        [*cardfollow_cmd(), "extract", "--json", "--jobs", str(args.jobs), str(source)],
        env,
        "batch-extract",
        timeout,
    )
    base_results = base.json_lines()
    base_failed = [r for r in base_results if r.get("status") != "ok"]

    t0 = time.perf_counter()
    dropped = {}
    for p in images:
        shutil.copyfile(p, env.inbox / p.name)
        dropped[env.inbox / p.name] = shas[p]
    note(f"copied {len(images)} photos into {env.inbox} in {time.perf_counter() - t0:.2f} s")
    scan = run.complete(
        [*cardfollow_cmd(), "scan", "--jobs", str(args.jobs), "--json"], env, "batch-scan", timeout
    )
    outcomes = scan.json_lines()
    statuses = Counter(str(o["status"]) for o in outcomes)
    reported = Counter(Path(o["photo"]).name for o in outcomes)

    reader = StoreReader(env.db)
    history = reader.history()
    reader.close()
    launch, exit_ = scan.started_epoch, scan.started_epoch + scan.wall
    taken = [at for _, step, at in history if step == "new"]
    done = [at for _, step, at in history if step in DONE_STATES]
    drafted = [at for _, step, at in history if step == "drafted"]
    phases = {}
    if taken and done:
        phases = {
            "launch_to_first_taken": round(min(taken) - launch, 3),
            "intake_all": round(max(taken) - min(taken), 3),
            "last_taken_to_last_done": round(max(done) - max(taken), 3),
            "last_done_to_exit": round(exit_ - max(done), 3),
            "first_draft_after": round(min(drafted) - launch, 3) if drafted else None,
        }

    check = check_one_card_each("batch", run, env, dropped, timeout=120)
    not_reported = sorted(p.name for p in dropped if reported[p.name] != 1)
    if not_reported:
        check["ok"] = False
        check["problems"].append(
            f"{len(not_reported)} photo(s) not reported exactly once by scan: {not_reported[:5]}"
        )
    inbox_f, base_f = figures(scan, len(images)), figures(base, len(images))
    return {
        "photos": len(images),
        "source": str(source),
        "jobs": args.jobs,
        "extract": {**base_f, "failed": len(base_failed)},
        "scan": {**inbox_f, "outcomes": dict(statuses.most_common()), "phases": phases},
        "ratio": {
            "wall": round(inbox_f["wall_seconds"] / base_f["wall_seconds"], 3),
            "photos_per_second": round(
                inbox_f["photos_per_second"] / base_f["photos_per_second"], 3
            ),
            "peak_tree_rss": round(inbox_f["peak_tree_rss_mb"] / base_f["peak_tree_rss_mb"], 3),
            "cpu_seconds": round(inbox_f["cpu_seconds"] / max(base_f["cpu_seconds"], 1e-9), 3),
            "machine_cpu_seconds": round(
                inbox_f["machine_cpu_seconds"] / max(base_f["machine_cpu_seconds"], 1e-9), 3
            ),
        },
        "failed_photos": {
            "scan": [
                {"photo": Path(o["photo"]).name, "message": o.get("message")}
                for o in outcomes
                if o["status"] == "failed"
            ],
            "extract": [
                {"photo": Path(r["image"]).name, "error": r.get("error")} for r in base_failed
            ],
        },
        "check": check,
    }


# -- report -----------------------------------------------------------------------------------


def fmt(value: float | None, width: int = 7, digits: int = 2) -> str:
    return f"{value:{width}.{digits}f}" if value is not None else f"{'–':>{width}}"


def print_latency(lat: dict[str, Any], out: Callable[[str], None]) -> None:
    out(
        f"\n[latency] {lat['photos']} photos landed one at a time in a watched inbox "
        f"({lat['watch_mode']}), stable_seconds={lat['stable_seconds']:g}; "
        f"warm-up {lat['warmup']} not counted"
    )
    out(
        f"  {'photo':34} {'kind':5} {'state':8} {'land→taken':>10} {'taken→extr':>10} "
        f"{'extr→draft':>10} {'total':>7} {'extract':>7}"
    )
    for r in lat["rows"]:
        out(
            f"  {r['photo'][:34]:34} {r['kind']:5} {r['state']:8} "
            f"{fmt(r['landing_to_taken'], 10)} {fmt(r['taken_to_extracted'], 10)} "
            f"{fmt(r['extracted_to_drafted'], 10, 3)} {fmt(r['total'])} "
            f"{fmt(r['extract_seconds'])}"
        )
    s = lat["summary"]
    for stat in ("median", "p90", "max"):
        out(
            f"  {stat:34} {'':5} {'':8} {fmt(s['landing_to_taken'][stat], 10)} "
            f"{fmt(s['taken_to_extracted'][stat], 10)} "
            f"{fmt(s['extracted_to_drafted'][stat], 10, 3)} {fmt(s['total'][stat])} "
            f"{fmt(s['extract_seconds'][stat])}"
        )
    o, ocr = lat["overhead_over_extract"], lat["ocr_step_over_extract"]
    out(
        "  (seconds; 'extract' = the baseline: `extract --json --jobs 1` per-photo `seconds`, "
        "warm process)"
    )
    out(
        f"  overhead over extract alone (total - extract): median {fmt(o['median'], 0)} s, "
        f"p90 {fmt(o['p90'], 0)} s, max {fmt(o['max'], 0)} s"
    )
    out(
        f"    of which the stability wait + intake (landing→taken): median "
        f"{fmt(s['landing_to_taken']['median'], 0)} s (stable_seconds {lat['stable_seconds']:g})"
    )
    out(
        f"    and the OCR step beyond extract (taken→extracted - extract): median "
        f"{fmt(ocr['median'], 0)} s, max {fmt(ocr['max'], 0)} s"
    )
    m = lat["watch_memory"]
    out(
        f"  watch: watching {lat['watch_ready_seconds']:.2f} s after launch, stopped "
        f"{lat['watch_stop_seconds']:.2f} s after SIGTERM; peak tree RSS "
        f"{m['peak_tree_rss_mb']:.0f} MB, largest process {m['peak_single_rss_mb']:.0f} MB "
        f"sampled ({m['peak_single_role']}), {m['peak_single_exact_mb']:.0f} MB exact; "
        f"main process {lat['watch_start_rss_mb']:.0f} MB when it started watching, "
        f"{lat['watch_idle_rss_mb']:.0f} MB idle at the end"
    )
    out(
        f"  watch used {lat['watch_cpu_seconds']:.1f} CPU-s; other processes on the machine "
        f"{lat['other_cpu_seconds']:.1f} CPU-s meanwhile"
    )


def print_batch(b: dict[str, Any], out: Callable[[str], None]) -> None:
    out(f"\n[batch] {b['photos']} photos dropped at once, jobs={b['jobs']} ({b['source']})")
    out(
        f"  {'':16} {'wall s':>8} {'photos/s':>9} {'peak tree MB':>12} {'largest MB':>10} "
        f"{'exact MB':>8} {'procs':>5} {'CPU s':>7} {'other CPU s':>11} {'machine CPU s':>13}  "
        "largest process"
    )
    for label, key in (("extract (base)", "extract"), ("scan (inbox)", "scan")):
        f = b[key]
        out(
            f"  {label:16} {f['wall_seconds']:8.2f} {f['photos_per_second']:9.3f} "
            f"{f['peak_tree_rss_mb']:12.0f} {f['peak_single_rss_mb']:10.0f} "
            f"{f['peak_single_exact_mb']:8.0f} {f['peak_processes']:5} {f['cpu_seconds']:7.1f} "
            f"{f['other_cpu_seconds']:11.1f} {f['machine_cpu_seconds']:13.1f}  "
            f"{f['peak_single_role']}"
        )
    r = b["ratio"]
    out(
        f"  inbox/extract: wall {r['wall']:.2f}x, photos/s {r['photos_per_second']:.2f}x, "
        f"peak tree RSS {r['peak_tree_rss']:.2f}x, machine CPU-s {r['machine_cpu_seconds']:.2f}x"
    )
    out(
        "  (CPU s: user+system of the command's waited-for process tree (wait4; it misses workers "
        "forked by a forkserver, as scan's are); other CPU s: the rest of the machine's busy time "
        "meanwhile; machine CPU s: both, the fair comparison on an otherwise idle machine)"
    )
    p = b["scan"]["phases"]
    if p:
        first = p["first_draft_after"]
        out(
            f"  scan phases: launch→first taken {p['launch_to_first_taken']:.2f} s "
            f"(start + stability wait), taking all in {p['intake_all']:.2f} s, "
            f"last taken→last done {p['last_taken_to_last_done']:.2f} s, exit "
            f"{p['last_done_to_exit']:.2f} s; first draft ready "
            f"{'–' if first is None else f'{first:.2f}'} s after launch"
        )
    outcomes = b["scan"]["outcomes"]
    counts = ", ".join(
        f"{s} {outcomes.get(s, 0)}" for s in ("drafted", "merged", "failed", "known", "extracted")
    )
    out(
        f"  scan outcomes: {counts} (exit status {b['scan']['exit_status']}); "
        f"extract: {b['extract']['failed']} failed (exit status {b['extract']['exit_status']})"
    )
    for kind, items in b["failed_photos"].items():
        for item in items:
            out(f"    {kind} failed: {item['photo']}: {item.get('message') or item.get('error')}")


def print_check(label: str, c: dict[str, Any], out: Callable[[str], None]) -> None:
    states = ", ".join(f"{n} {s}" for s, n in c["states"].items())
    verdict = "OK" if c["ok"] else "FAIL"
    out(
        f"  {label} check: {c['photos']} photos, {c['distinct_hashes']} distinct hashes, "
        f"{c['cards']} cards ({states}): {verdict}"
    )
    for problem in c["problems"]:
        out(f"FAIL {label}: {problem}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--count", type=int, default=200, help="photos in the batch (default 200)")
    ap.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 1, help="--jobs for scan/watch/extract"
    )
    ap.add_argument("--latency-photos", type=int, default=8, help="photos landed one at a time")
    ap.add_argument(
        "--stable", type=float, default=None, help="CARDFOLLOW_INBOX_STABLE_SECONDS (default: 2.0)"
    )
    ap.add_argument("--skip-latency", action="store_true")
    ap.add_argument("--skip-batch", action="store_true")
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    ap.add_argument("--keep", action="store_true", help="keep the temporary homes")
    args = ap.parse_args()
    if args.count < 1 or args.jobs < 1 or args.latency_photos < 1:
        ap.error("--count, --jobs and --latency-photos must be at least 1")

    workdir = Path(tempfile.mkdtemp(prefix="cardfollow-inbox-bench-")).resolve()
    run = Run(workdir)
    results: dict[str, Any] = {
        "machine": {
            "cores": os.cpu_count(),
            "memory_gb": round(psutil.virtual_memory().total / 2**30),
        },
        "jobs": args.jobs,
        "workdir": str(workdir),
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
    }
    try:
        if not args.skip_latency:
            results["latency"] = run_latency(args, run)
        if not args.skip_batch:
            results["batch"] = run_batch(args, run)
    finally:
        run.stop_all()
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    results["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    results["commands"] = run.commands
    checks = [results[k]["check"] for k in ("latency", "batch") if k in results]
    results["ok"] = all(c["ok"] for c in checks)

    if args.json:
        print(json.dumps(results, ensure_ascii=False))
        return 0 if results["ok"] else 1
    out = print
    out(
        f"cardfollow inbox benchmark: {results['machine']['cores']} cores, "
        f"{results['machine']['memory_gb']} GB, jobs={args.jobs}, "
        f"stable_seconds={'2 (default)' if args.stable is None else f'{args.stable:g}'}"
    )
    out(
        f"load average (1, 5, 15 min) before {results['load_average_before']}, after "
        f"{results['load_average_after']}: other work on the machine skews the figures"
    )
    out("commands:")
    for command in run.commands:
        out(f"  {command}")
    if "latency" in results:
        print_latency(results["latency"], out)
        print_check("latency", results["latency"]["check"], out)
    if "batch" in results:
        print_batch(results["batch"], out)
        print_check("batch", results["batch"]["check"], out)
    if args.keep:
        out(f"\nkept: {workdir}")
    return 0 if results["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
