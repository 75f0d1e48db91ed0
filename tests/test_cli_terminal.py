"""Card text and file names never steer the terminal: every command prints their control
characters as visible escapes (``\\x1b``), on one line where a line is meant."""

from __future__ import annotations

import json
import os
import subprocess

import pytest
from card_factory import add_card

from conftest import CARDFOLLOW, inbox
from plugin.cli.terminal import printable
from plugin.config import load
from plugin.store import Store

# Retitle the window, clear the screen, recolour, ring, overwrite the line, reverse the text,
# an 8-bit CSI.
HOSTILE = "\x1b]0;pwned\x07Ada\x1b[2J\x1b[31m\r\u202eecalevoL\x9b6n"
RAW = ("\x1b", "\x07", "\r", "\u202e", "\x9b")


def _cli(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [*CARDFOLLOW, *args], capture_output=True, timeout=120, env=dict(os.environ)
    )


def _assert_inert(result: subprocess.CompletedProcess[bytes]) -> str:
    text = (result.stdout + result.stderr).decode("utf-8")
    for raw in RAW:
        assert raw not in text, (raw, text[:400])
    return text


def test_printable_escapes_controls_and_keeps_text() -> None:
    assert printable("Zoë Müller, Ltd.") == "Zoë Müller, Ltd."
    assert printable(HOSTILE) == ("\\x1b]0;pwned\\x07Ada\\x1b[2J\\x1b[31m\\r\\u202eecalevoL\\x9b6n")
    assert printable("Hi Ada,\n\n\tthanks") == "Hi Ada,\n\n\tthanks"  # a body keeps its lines
    assert printable("a\nb.jpg", lines=False) == "a\\nb.jpg"  # a name stays on its line


def test_card_text_is_inert_in_cards_show_and_drafts() -> None:
    config = load()
    with Store(config.store().path) as store:
        card = add_card(store, config, HOSTILE, company=f"Evil{HOSTILE} Inc", title="CTO\x1b[5m")
    for args in (["cards"], ["show", str(card)], ["drafts"], ["cards", "--state", "drafted"]):
        result = _cli(*args)
        assert result.returncode == 0, result.stderr
        text = _assert_inert(result)
        assert "\\x1b[2J" in text, args  # shown, not obeyed
    # JSON keeps the data exactly (its own escapes are JSON's).
    shown = _cli("show", str(card), "--json")
    assert json.loads(shown.stdout)["contact"]["full_name"] == HOSTILE


def test_the_drafts_separator_is_80_wide_without_a_terminal() -> None:
    config = load()
    with Store(config.store().path) as store:
        add_card(store, config, "Ada Lovelace")
    result = _cli("drafts")
    rules = [line for line in result.stdout.decode().splitlines() if line.startswith("──")]
    assert rules and all(len(line) <= 80 for line in rules), rules


@pytest.mark.slow
def test_file_names_are_inert_in_scan_lines_and_errors() -> None:
    (inbox() / f"{HOSTILE}\nfake line.pdf").write_bytes(b"%PDF-1.7\n")
    result = _cli("scan", "--wait", "5")
    assert result.returncode == 1
    text = _assert_inert(result)
    assert "\\nfake line.pdf" in text  # the name's line break, written out on the one line
    missing = _cli("extract", f"/nowhere/{HOSTILE}.jpg")
    assert missing.returncode != 0
    _assert_inert(missing)
