"""Seconds per card for ``extract`` against one raw Tesseract pass, 1 job against 2, peak memory.

    .venv/bin/python benchmarks/speed.py                 # the checked-in sample cards
    .venv/bin/python benchmarks/speed.py DIR [DIR ...]   # any folders of images

The baseline is measured in the same run on the same images: one
``pytesseract.image_to_string(Image.open(path), lang=<same languages>)`` per image, with the same
environment (OMP_THREAD_LIMIT=1, as cardfollow sets it). Target: extract <= 2x the raw pass.
Peak memory is measured in a fresh process per image (Python's own peak and Tesseract's).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from statistics import mean

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

import pytesseract
from _common import ROOT, extract_all
from PIL import Image

from ocr.load import SUPPORTED_SUFFIXES
from ocr.models import Settings
from ocr.pipeline import extract

# VmHWM, not ru_maxrss, for the probe itself: Linux carries ru_maxrss over from the forking
# parent (this benchmark, hundreds of MB by then), while VmHWM starts afresh at exec.
_MEMORY_PROBE = """
import resource, sys
from ocr.pipeline import extract
extract(sys.argv[1])
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


def peak_memory_mb(path: Path) -> tuple[float, float]:
    out = subprocess.run(
        [sys.executable, "-c", _MEMORY_PROBE, str(path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    me, kids = (int(x) for x in out.stdout.split()[-2:])
    return me / 1024, kids / 1024  # ru_maxrss is in KiB on Linux


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("folders", nargs="*")
    ap.add_argument(
        "--memory-samples",
        type=int,
        default=3,
        help="how many of the largest photos to measure peak memory on",
    )
    args = ap.parse_args()
    settings = Settings()
    images = images_in(args.folders)
    if not images:
        print("no images found", file=sys.stderr)
        return 2

    extract(images[0], settings)  # warm caches (imports, Tesseract's model in the page cache)
    rows = []
    for path in images:
        t0 = time.perf_counter()
        with Image.open(path) as img:
            # pytesseract hands JPEG/PNG/TIFF over as they are; other formats (HEIC) need RGB.
            raw_input = img if img.format in {"JPEG", "PNG", "TIFF", "BMP"} else img.convert("RGB")
            pytesseract.image_to_string(raw_input, lang=settings.languages)
        raw = time.perf_counter() - t0
        t0 = time.perf_counter()
        extract(path, settings)
        ours = time.perf_counter() - t0
        rows.append((path, kind_of(path), raw, ours))

    print(
        f"{len(rows)} images, languages {settings.languages}, OMP_THREAD_LIMIT="
        f"{os.environ.get('OMP_THREAD_LIMIT')}"
    )
    print(f"  {'kind':8} {'n':>3} {'raw pass s':>10} {'extract s':>10} {'ratio':>6}")
    for kind in [*sorted({r[1] for r in rows}), "all"]:
        sel = [r for r in rows if kind in ("all", r[1])]
        raw, ours = mean(r[2] for r in sel), mean(r[3] for r in sel)
        print(f"  {kind:8} {len(sel):3} {raw:10.3f} {ours:10.3f} {ours / raw:6.2f}x")
    worst = max(rows, key=lambda r: r[3] / r[2])
    print(
        f"  worst ratio: {worst[0].name} {worst[3] / worst[2]:.2f}x "
        f"({worst[2]:.2f} s raw, {worst[3]:.2f} s extract)"
    )

    paths = [str(p) for p in images]
    for jobs in (1, 2):
        t0 = time.perf_counter()
        for _ in extract_all(paths, jobs):
            pass
        wall = time.perf_counter() - t0
        print(
            f"  jobs={jobs}: {wall:.2f} s wall for {len(paths)} images, "
            f"{len(paths) / wall:.2f} images/s"
        )

    def megapixels(path: Path) -> float:
        with Image.open(path) as img:
            return img.size[0] * img.size[1] / 1e6

    largest = sorted(images, key=megapixels, reverse=True)[: args.memory_samples]
    for path in largest:
        mp = megapixels(path)
        py, tess = peak_memory_mb(path)
        print(
            f"  peak memory {path.name} ({mp:.1f} MP): python {py:.0f} MB, tesseract {tess:.0f} MB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
