"""The inbox of a team: each rep has their own folder, named as their user, holding their event
folders; every other first-level folder keeps the single user's layout (its name the event,
its cards nobody's).

inbox/<rep>/photo.jpg            rep's card, no event
inbox/<rep>/<Event>/photo.jpg    rep's card met at "<Event>" (event folder "<rep>/<Event>")
inbox/<Event>/photo.jpg          nobody's card met at "<Event>" (as with no users at all)

A rep's event is their own ("alice/SaaStr" and "bob/SaaStr" are two), so each rep's event.toml
says what goes into their own drafts; the event's display name is the same for both.
"""

from __future__ import annotations

import os
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from .listing import is_quarantine_name


@dataclass(frozen=True)
class Place:
    rep: str | None  # the user whose folder the photo is in
    event_folder: str | None  # the event's folder, relative to the inbox ("alice/SaaStr")


def place_of(path: Path, inbox: Path, reps: Collection[str]) -> Place:
    """Whose card a photo is, and at which event, from its place in the inbox."""
    try:
        parts = Path(os.path.abspath(path)).relative_to(os.path.abspath(inbox)).parts
    except ValueError:
        return Place(None, None)
    if len(parts) < 2 or is_quarantine_name(parts[0]):
        return Place(None, None)
    if parts[0] in reps:
        event = f"{parts[0]}/{parts[1]}" if len(parts) > 2 else None
        return Place(parts[0], event)
    return Place(None, parts[0])


def event_folders(inbox: Path, reps: Collection[str]) -> list[str]:
    """Every event folder of the inbox (relative, as ``place_of`` names them), sorted. A link
    to a folder is never followed (the inbox sets it aside with the reason)."""
    found: list[str] = []
    for folder in _folders(inbox):
        if is_quarantine_name(folder.name):
            continue
        if folder.name in reps:
            found += [f"{folder.name}/{sub.name}" for sub in _folders(folder)]
        else:
            found.append(folder.name)
    return found


def _folders(parent: Path) -> list[Path]:
    if not parent.is_dir():
        return []
    return sorted(p for p in parent.iterdir() if not p.is_symlink() and p.is_dir())
