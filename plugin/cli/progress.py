"""What ``scan`` and ``watch`` show while they read photos: a rich progress bar on a terminal (n
of N, the person just read, the time left), one plain line per photo anywhere else (a pipe, a
log, cron), and at the end where to review the drafts.

A bar on a terminal still prints each photo's line above it, so nothing the plain output says
is lost; the bar only adds the count, the name and the time."""

from __future__ import annotations

from collections import Counter
from types import TracebackType

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from ..intake.status import ScanStatus
from .terminal import printable

_STYLE = {
    ScanStatus.DRAFTED: "green",
    ScanStatus.MERGED: "cyan",
    ScanStatus.QUEUED: "blue",
    ScanStatus.KNOWN: "dim",
    ScanStatus.FAILED: "red",
    ScanStatus.EXTRACTED: "yellow",
}


class ScanProgress:
    """Feed it ``expect(n)`` as photos are found and ``done(...)`` as each is read."""

    def __init__(self, console: Console, *, bar: bool | None = None) -> None:
        self.console = console
        self.bar = console.is_terminal if bar is None else bar
        self.counts: Counter[str] = Counter()
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        self._total = 0

    def __enter__(self) -> ScanProgress:
        if self.bar:
            self._progress = Progress(
                SpinnerColumn(),
                TextColumn("[bold]reading[/]"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.description}"),
                TimeElapsedColumn(),
                TextColumn("left"),
                TimeRemainingColumn(),
                console=self.console,
                transient=True,  # the bar goes when done; the photo lines and summary stay
            )
            self._progress.__enter__()
            self._task = self._progress.add_task("", total=None)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._progress is not None:
            self._progress.__exit__(kind, exc, tb)
            self._progress = None

    def expect(self, count: int) -> None:
        """``count`` more photos to read."""
        self._total += count
        if self._progress is not None and self._task is not None and self._total:
            self._progress.update(self._task, total=self._total)

    def done(self, photo: str, card_id: int | None, status: str, message: str, who: str) -> None:
        """One photo read: its line, and the bar moves on naming who it was."""
        self.counts[status] += 1
        # One line per photo, whatever its name or the card holds (a line break included).
        photo, message, who = (printable(t, lines=False) for t in (photo, message, who))
        card = f"card {card_id}" if card_id else "–"
        line = f"[{_STYLE.get(status, '')}]{status:9}[/] {card:>9}  {escape(photo)}"
        if who:
            line += f"  {escape(who)}"
        if message:
            line += f"  [dim]{escape(message)}[/]"
        self.console.print(line)
        if self._progress is not None and self._task is not None:
            total = max(self._total, sum(self.counts.values()))
            self._progress.update(
                self._task, advance=1, total=total, description=escape(who or photo)
            )
            self._progress.refresh()  # show who it was now, not at the next tick


def summary(counts: Counter[str], waiting: int, address: str) -> str:
    """The last line: what this pass did, and where to review (rich markup)."""
    done = ", ".join(f"{n} {s}" for s, n in counts.most_common()) or "nothing new"
    if not waiting:
        return f"{done}. No follow-up waiting for review."
    return (
        f"{done}. {waiting} follow-up(s) waiting for review: run [bold]cardfollow serve[/] and "
        f"open {escape(address)}"
    )
