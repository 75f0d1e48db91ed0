"""Evidence score -> measured accuracy, per field. Written by scripts/fit_calibration.py
from rows_realA.jsonl, rows_gen_base.jsonl, rows_hard_scan.jsonl; do not edit by hand."""

# field -> ((upper edge of an evidence bin, share right in it), ...), edges ascending.
TABLE: dict[str, tuple[tuple[float, float], ...]] = {
    "company": ((0.378, 0.079), (0.575, 0.186), (0.747, 0.572), (0.912, 0.765), (1.0, 0.957),),
    "emails": ((0.76, 0.631), (0.89, 0.992), (0.9, 0.992), (1.0, 0.992),),
    "full_name": ((0.6, 0.473), (0.672, 0.797), (0.907, 0.947), (0.952, 0.98), (1.0, 0.98),),
    "phones": ((0.659, 0.327), (0.888, 0.835), (0.932, 0.881), (0.952, 0.913), (1.0, 0.939),),
    "title": ((0.538, 0.426), (0.76, 0.677), (0.95, 0.927), (1.0, 0.952),),
    "website": ((0.71, 0.921), (0.87, 0.975), (0.9, 0.975), (1.0, 0.978),),
}  # fmt: skip
