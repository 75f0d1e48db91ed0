"""Evidence score -> measured accuracy, per field. Written by scripts/fit_calibration.py."""

# field -> ((upper edge of the evidence bin, share right in that bin), ...), edges ascending.
TABLE: dict[str, tuple[tuple[float, float], ...]] = {}
