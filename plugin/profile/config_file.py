"""Writing settings into config.toml, keeping everything else in it (comments, order, other
keys) as the user wrote it (tomlkit). Reading stays with ``config.load``."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.exceptions import TOMLKitError

from ..config import OPTIONS_BY_NAME, ConfigError


def update_config_file(path: Path, values: Mapping[str, Any]) -> None:
    """Set ``section.key`` (or a top-level ``key``) to each value; None removes the key. Every
    name must be a known setting. The file is replaced whole, never left half written, and is
    readable by its owner only."""
    unknown = [name for name in values if name not in OPTIONS_BY_NAME]
    if unknown:
        raise ConfigError(f"unknown setting(s): {', '.join(unknown)}")
    try:
        doc = (
            tomlkit.parse(path.read_text(encoding="utf-8")) if path.exists() else tomlkit.document()
        )
    except (OSError, TOMLKitError) as exc:
        raise ConfigError(f"{path}: cannot read the config file: {exc}") from None
    for name, value in values.items():
        option = OPTIONS_BY_NAME[name]
        table: Any = doc
        if option.section:
            if option.section not in doc:
                doc.add(option.section, tomlkit.table())
            table = doc[option.section]
        if value is None:
            table.pop(option.key, None)
        elif isinstance(value, str) and "\n" in value:
            table[option.key] = tomlkit.string(value, multiline=True)
        else:
            table[option.key] = value
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(tomlkit.dumps(doc))
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
