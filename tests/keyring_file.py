"""A keyring backend in a JSON file under the test's CARDFOLLOW_HOME, so tests exercise the real
``keyring`` library's lookup path without a desktop secret service:
``PYTHON_KEYRING_BACKEND=keyring_file.FileKeyring`` (with tests/ on PYTHONPATH)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend


class FileKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    @property
    def _path(self) -> Path:
        return Path(os.environ["CARDFOLLOW_HOME"]) / "keyring.json"

    def _load(self) -> dict[str, str]:
        return json.loads(self._path.read_text()) if self._path.exists() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[f"{service}/{username}"] = password
        self._path.parent.mkdir(parents=True, exist_ok=True)
        self._path.write_text(json.dumps(data))

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        data.pop(f"{service}/{username}", None)
        self._path.write_text(json.dumps(data))


def keyring_env(secrets: dict[str, str]) -> dict[str, str]:
    """Secrets kept in a (file) keyring, as `keyring set cardfollow NAME` would."""
    home = os.environ["CARDFOLLOW_HOME"]
    os.makedirs(home, exist_ok=True)
    ring = FileKeyring()
    for name, value in secrets.items():
        ring.set_password("cardfollow", name, value)
    tests = os.path.dirname(__file__)
    path = os.pathsep.join(p for p in (tests, os.environ.get("PYTHONPATH", "")) if p)
    return {"PYTHON_KEYRING_BACKEND": "keyring_file.FileKeyring", "PYTHONPATH": path}
