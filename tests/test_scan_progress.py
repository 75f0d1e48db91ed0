"""scan's and watch's output: a bar on a terminal (n of N, who was just read), the same photo
lines either way, and the last line pointing to the review page."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from rich.console import Console

from plugin.cli.progress import ScanProgress, summary


def console(terminal: bool) -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, force_terminal=terminal, width=120, highlight=False), out


def test_a_terminal_gets_a_bar_with_count_and_name(monkeypatch: pytest.MonkeyPatch) -> None:
    # A terminal that can move its cursor: rich draws no live bar on TERM=dumb (which a login
    # shell without a terminal sets, as CI's and a clean root's do).
    monkeypatch.setenv("TERM", "xterm-256color")
    term, out = console(True)
    with ScanProgress(term) as progress:
        progress.expect(2)
        progress.done("inbox/a.jpg", 1, "drafted", "", "Anna Weber")
        text = out.getvalue()
        assert "1/2" in text and "Anna Weber" in text and "reading" in text
        progress.done("inbox/b.jpg", None, "failed", "not an image", "")
    assert "2/2" in out.getvalue()
    assert progress.counts == Counter({"drafted": 1, "failed": 1})


def test_elsewhere_plain_lines_only() -> None:
    plain, out = console(False)
    with ScanProgress(plain) as progress:
        progress.expect(1)
        progress.done("inbox/a.jpg", 7, "drafted", "", "Anna Weber")
    lines = out.getvalue().splitlines()
    assert lines == ["drafted      card 7  inbox/a.jpg  Anna Weber"]


def test_the_summary_points_to_the_review_page() -> None:
    line = summary(Counter({"drafted": 3}), 5, "http://127.0.0.1:8155/")
    assert line.startswith("3 drafted. 5 follow-up(s) waiting for review")
    assert "cardfollow serve" in line and "http://127.0.0.1:8155/" in line
    assert summary(Counter(), 0, "x") == "nothing new. No follow-up waiting for review."
