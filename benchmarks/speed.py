"""Seconds per card for ``extract`` per OCR engine against one raw Tesseract pass, 1 job against
2, and peak memory per worker.

    .venv/bin/python benchmarks/speed.py                 # the checked-in sample cards
    .venv/bin/python benchmarks/speed.py DIR [DIR ...]   # any folders of images
    .venv/bin/python benchmarks/speed.py --engines auto,tesseract --json
    .venv/bin/python benchmarks/speed.py --every 2 --skip-jobs DIR   # every 2nd image of DIR

The baseline is measured in the same run on the same images: one
``pytesseract.image_to_string(Image.open(path), lang=<same languages>)`` per image, with the same
environment (OMP_THREAD_LIMIT=1, as cardfollow sets it). Target: the default engine <= 2x the raw
pass. Every engine reads every image right after the baseline, in this process, one at a time.
Peak memory is measured in a fresh process per image, as a worker reads one card: its own
resident high-water mark (VmHWM, models included) and its largest child's (Tesseract).
The machine's load average is printed at the start and the end: on a shared machine the ratios,
measured side by side on the same images, are what counts, not the seconds.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from statistics import mean
from typing import Any

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

import pytesseract
from _common import ROOT, engine_names, extract_all
from PIL import Image

from ocr.errors import CardfollowError
from ocr.load import SUPPORTED_SUFFIXES
from ocr.models import Settings
from ocr.pipeline import extract

# VmHWM, not ru_maxrss, for the probe itself: Linux carries ru_maxrss over from the forking
# parent (this benchmark, hundreds of MB by then), while VmHWM starts afresh at exec.
_MEMORY_PROBE = """
import resource, sys
from ocr.models import Settings
from ocr.errors import CardfollowError
from ocr.pipeline import extract
for path in sys.argv[2:]:
    try:
        extract(path, Settings(engine=sys.argv[1]))
    except CardfollowError:
        pass  # a card read to no contact costs its memory all the same
me = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM"))
kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(me, kids)
"""


def images_in(folders: list[str]) -> list[Path]:
    found = []
    for folder in folders or [str(ROOT / "sample_cards")]:
        found += [
            p for p in sorted(Path(folder).rglob("*")) if p.suffix.lower() in SUPPORTED_SUFFIXES
        ]
    return found


def kind_of(path: Path) -> str:
    label = path.with_suffix(".json")
    if label.exists():
        return str(json.loads(label.read_text(encoding="utf-8")).get("kind", "unknown"))
    return "unknown"


def raw_pass(path: Path, languages: str) -> float:
    t0 = time.perf_counter()
    with Image.open(path) as img:
        # pytesseract hands JPEG/PNG/TIFF over as they are; other formats (HEIC) need RGB.
        raw_input = img if img.format in {"JPEG", "PNG", "TIFF", "BMP"} else img.convert("RGB")
        pytesseract.image_to_string(raw_input, lang=languages)
    return time.perf_counter() - t0


def peak_memory_mb(paths: list[Path], engine: str) -> tuple[float, float]:
    """The high-water marks of one fresh process reading ``paths`` in turn, as a worker does."""
    out = subprocess.run(
        [sys.executable, "-c", _MEMORY_PROBE, engine, *map(str, paths)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    me, kids = (int(x) for x in out.stdout.split()[-2:])
    return me / 1024, kids / 1024  # KiB on Linux


def megapixels(path: Path) -> float:
    with Image.open(path) as img:
        return img.size[0] * img.size[1] / 1e6


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def measure(args: argparse.Namespace) -> dict[str, Any]:
    engines = engine_names(args.engines)
    images = images_in(args.folders)[:: args.every]
    load_start = load_average()
    languages = Settings().languages
    for engine in engines:  # warm caches: imports, models, Tesseract's data in the page cache
        with contextlib.suppress(CardfollowError):
            extract(images[0], Settings(engine=engine))
    rows = []
    failed = dict.fromkeys(engines, 0)
    for path in images:
        row: dict[str, Any] = {"image": path.name, "kind": kind_of(path)}
        row["raw"] = raw_pass(path, languages)
        for engine in engines:
            t0 = time.perf_counter()
            try:
                extract(path, Settings(engine=engine))
            except CardfollowError:  # no text, nothing identifying: timed as any other card
                failed[engine] += 1
            row[engine] = time.perf_counter() - t0
        rows.append(row)

    figures: dict[str, Any] = {
        "images": len(rows),
        "every": args.every,
        "languages": languages,
        "omp_thread_limit": os.environ.get("OMP_THREAD_LIMIT"),
        "kinds": {},
        "engines": {},
    }
    for kind in [*sorted({r["kind"] for r in rows}), "all"]:
        sel = [r for r in rows if kind in ("all", r["kind"])]
        raw = mean(r["raw"] for r in sel)
        figures["kinds"][kind] = {
            "images": len(sel),
            "raw_seconds": round(raw, 3),
            **{
                e: {
                    "seconds": round(mean(r[e] for r in sel), 3),
                    "ratio": round(mean(r[e] for r in sel) / raw, 2),
                }
                for e in engines
            },
        }
    largest = sorted(images, key=megapixels, reverse=True)[: args.memory_samples]
    for engine in engines:
        worst = max(rows, key=lambda r, e=engine: r[e] / r["raw"])
        slowest = max(rows, key=lambda r, e=engine: r[e])
        entry: dict[str, Any] = {
            "worst_ratio": {
                "image": worst["image"],
                "ratio": round(worst[engine] / worst["raw"], 2),
                "raw_seconds": round(worst["raw"], 2),
                "seconds": round(worst[engine], 2),
            },
            "slowest": {
                "image": slowest["image"],
                "ratio": round(slowest[engine] / slowest["raw"], 2),
                "raw_seconds": round(slowest["raw"], 2),
                "seconds": round(slowest[engine], 2),
            },
            "failed": failed[engine],
            "jobs": {},
            "peak_memory_mb": [],
        }
        if not args.skip_jobs:
            paths = [str(p) for p in images]
            for jobs in (1, 2):
                t0 = time.perf_counter()
                for _ in extract_all(paths, jobs, engine):
                    pass
                wall = time.perf_counter() - t0
                entry["jobs"][str(jobs)] = {
                    "wall_seconds": round(wall, 2),
                    "images_per_second": round(len(paths) / wall, 3),
                }
        for path in largest:
            py, kids = peak_memory_mb([path], engine)
            entry["peak_memory_mb"].append(
                {
                    "image": path.name,
                    "megapixels": round(megapixels(path), 1),
                    "worker": round(py),
                    "tesseract": round(kids),
                }
            )
        if len(largest) > 1:  # memory a long-lived worker keeps from card to card shows here
            py, kids = peak_memory_mb(largest, engine)
            entry["worker_peak_memory_mb"] = {
                "images": len(largest),
                "worker": round(py),
                "tesseract": round(kids),
            }
        figures["engines"][engine] = entry
    figures["load_average"] = {"start": load_start, "end": load_average()}
    return figures


def print_figures(f: dict[str, Any]) -> None:
    engines = list(f["engines"])
    print(
        f"{f['images']} images, languages {f['languages']}, "
        f"OMP_THREAD_LIMIT={f['omp_thread_limit']}; seconds per card, ratio to the raw pass"
    )
    if f["every"] > 1:
        print(f"  (every {f['every']}th image of the folders, in name order)")
    load = f["load_average"]
    print(f"  load average (1, 5, 15 min): start {load['start']}, end {load['end']}")
    header = "".join(f" {e:>17}" for e in engines)
    print(f"  {'kind':8} {'n':>3} {'raw pass s':>10}{header}")
    for kind, k in f["kinds"].items():
        cells = "".join(f" {k[e]['seconds']:9.3f} ({k[e]['ratio']:4.2f}x)" for e in engines)
        print(f"  {kind:8} {k['images']:3} {k['raw_seconds']:10.3f}{cells}")
    for engine, e in f["engines"].items():
        w = e["worst_ratio"]
        print(
            f"[{engine}] worst ratio: {w['image']} {w['ratio']:.2f}x "
            f"({w['raw_seconds']:.2f} s raw, {w['seconds']:.2f} s extract)"
        )
        if e.get("failed"):
            print(f"[{engine}] {e['failed']} cards read to no contact (timed all the same)")
        w = e["slowest"]
        print(
            f"[{engine}] slowest: {w['image']} {w['seconds']:.2f} s extract "
            f"({w['raw_seconds']:.2f} s raw, {w['ratio']:.2f}x)"
        )
        for jobs, j in e["jobs"].items():
            rate = j["images_per_second"]
            print(f"  jobs={jobs}: {j['wall_seconds']:.2f} s wall, {rate:.2f} images/s")
        for m in e["peak_memory_mb"]:
            print(
                f"  peak memory {m['image']} ({m['megapixels']} MP): worker {m['worker']} MB, "
                f"tesseract {m['tesseract']} MB"
            )
        if "worker_peak_memory_mb" in e:
            m = e["worker_peak_memory_mb"]
            print(
                f"  peak memory of one worker reading those {m['images']} in turn: "
                f"worker {m['worker']} MB, tesseract {m['tesseract']} MB"
            )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("folders", nargs="*")
    ap.add_argument("--engines", help="comma-separated engine names (default: every engine)")
    ap.add_argument(
        "--memory-samples",
        type=int,
        default=3,
        help="how many of the largest photos to measure peak memory on",
    )
    ap.add_argument("--skip-jobs", action="store_true", help="skip the 1-job/2-job comparison")
    ap.add_argument(
        "--every", type=int, default=1, help="a fixed subset: every Nth image in name order"
    )
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = ap.parse_args()
    if not images_in(args.folders)[:: args.every]:
        print("no images found", file=sys.stderr)
        return 2
    figures = measure(args)
    if args.json:
        print(json.dumps(figures))
    else:
        print_figures(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
