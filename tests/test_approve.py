"""``cardfollow approve``: by id, or every card with nothing to check."""

from __future__ import annotations

from card_factory import add_card

from conftest import run_cli
from plugin.config import load
from plugin.store import Store


def test_approve_confident_takes_only_cards_with_nothing_to_check() -> None:
    config = load()
    with Store(config["store.path"]) as store:
        clear = add_card(store, config, "Anna Weber")
        doubtful = add_card(store, config, "Jonas Berg", flagged=("title",), minutes=1)
        elsewhere = add_card(store, config, "Clara Fuchs", event="Meetup", minutes=2)
    result = run_cli("approve", "--confident", "--event", "Expo 2026")
    assert result.returncode == 0, result.stderr
    assert f"card {clear}: approved; mail due" in result.stdout
    with Store(config["store.path"]) as store:
        states = {c: store.cards.get(c).state for c in (clear, doubtful, elsewhere)}
    assert states == {clear: "approved", doubtful: "drafted", elsewhere: "drafted"}

    again = run_cli("approve", "--confident")
    assert again.returncode == 0 and f"card {elsewhere}: approved" in again.stdout
    assert run_cli("approve", "--confident").stdout.startswith("no card to approve")


def test_approve_needs_cards_or_confident() -> None:
    result = run_cli("approve")
    assert result.returncode == 2 and "--confident" in result.stderr
    assert run_cli("approve", "1", "--event", "X").returncode == 2
