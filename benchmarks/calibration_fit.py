"""The fitting arithmetic of ``scripts/fit_calibration.py``: the isotonic table of one evidence
score and the L2-penalised logistic model over evidence features, and how each is read (as
``ocr.confidence`` reads them). Deterministic: the same rows give the same fit."""

from __future__ import annotations

from bisect import bisect_left

import numpy as np

_PRIOR_ROWS = 2.0  # pseudo-rows of the field's overall accuracy mixed into each step

Steps = list[tuple[float, float]]
Model = tuple[float, tuple[tuple[str, float], ...]]


def isotonic(values: list[float], weights: list[float]) -> list[float]:
    """Pool adjacent violators: the non-decreasing fit closest to ``values`` (least squares)."""
    blocks: list[list[float]] = []  # [mean, weight, count]
    for v, w in zip(values, weights, strict=True):
        blocks.append([v, w, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            m2, w2, c2 = blocks.pop()
            m1, w1, c1 = blocks.pop()
            blocks.append([(m1 * w1 + m2 * w2) / (w1 + w2), w1 + w2, c1 + c2])
    out: list[float] = []
    for mean, _, count in blocks:
        out.extend([mean] * int(count))
    return out


def fit_field(rows: list[tuple[float, bool]], bins: int, min_rows: int) -> Steps:
    """(upper evidence edge, calibrated accuracy) steps for one field, edges ascending."""
    rows = sorted(rows)
    overall = sum(r for _, r in rows) / len(rows)
    fitted = isotonic([float(r) for _, r in rows], [1.0] * len(rows))
    size = max(min_rows, -(-len(rows) // bins))
    steps: Steps = []
    i = 0
    while i < len(rows):
        j = min(len(rows), i + size)
        if len(rows) - j < min_rows:
            j = len(rows)  # a short tail joins the last step
        while j < len(rows) and rows[j][0] == rows[j - 1][0]:
            j += 1  # equal evidence never straddles two steps
        chunk = fitted[i:j]
        # Half a right and half a wrong row on top: a step all right is never a certainty.
        acc = (sum(chunk) + _PRIOR_ROWS * overall + 0.5) / (len(chunk) + _PRIOR_ROWS + 1)
        edge = rows[j - 1][0] if j < len(rows) else 1.0
        steps.append((round(edge, 4), round(acc, 3)))
        i = j
    # Smoothing can break monotonicity by a hair; the table must never fall.
    for k in range(1, len(steps)):
        if steps[k][1] < steps[k - 1][1]:
            steps[k] = (steps[k][0], steps[k - 1][1])
    return steps


def table_prob(steps: Steps, evidence: float) -> float:
    """As ``ocr.confidence.calibrated`` reads a table."""
    i = min(bisect_left([e for e, _ in steps], evidence), len(steps) - 1)
    return steps[i][1]


def fit_logistic(
    rows: list[tuple[dict[str, float], bool]], names: tuple[str, ...], l2: float
) -> Model:
    """(bias, ((feature, weight), ...)) by Newton's method on the L2-penalised log-likelihood
    (the bias unpenalised). The evidence ('ev') never gets a negative weight: more evidence must
    never mean less likely right, so a fit that wants one is refitted without it."""
    x = np.array([[1.0] + [r[0][n] for n in names] for r in rows])
    y = np.array([float(r[1]) for r in rows])
    penalty = np.eye(len(names) + 1) * l2
    penalty[0, 0] = 1e-6
    w = np.zeros(len(names) + 1)
    w[0] = np.log((y.sum() + 0.5) / (len(y) - y.sum() + 0.5))
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        grad = x.T @ (p - y) + penalty @ w
        hess = (x * (p * (1 - p))[:, None]).T @ x + penalty
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-9:
            break
    weights = dict(zip(names, w[1:].tolist(), strict=True))
    if weights.get("ev", 0.0) < 0:
        return fit_logistic(rows, tuple(n for n in names if n != "ev"), l2)
    return round(float(w[0]), 4), tuple((n, round(weights[n], 4)) for n in names)


def model_prob(model: Model, x: dict[str, float]) -> float:
    """As ``ocr.confidence.modelled`` reads a model."""
    from ocr.confidence import logistic

    return logistic(model, x)
