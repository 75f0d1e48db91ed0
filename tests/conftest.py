from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_cards"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the developer's real cardfollow state."""
    monkeypatch.setenv("CARDFOLLOW_HOME", str(tmp_path / "cardfollow-home"))
    for var in (
        "CARDFOLLOW_OCR_LANGUAGES",
        "CARDFOLLOW_DEFAULT_REGION",
        "CARDFOLLOW_TESSERACT_CMD",
    ):
        monkeypatch.delenv(var, raising=False)
