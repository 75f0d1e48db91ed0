"""The fake's tunable behaviour; tests may change ``fake.settings`` between requests."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Settings:
    burst_max: int = 100  # requests per rolling window per token
    burst_window: float = 10.0  # seconds
    daily_max: int | None = 250_000  # static tokens only; None = no daily limit
    retry_after: str | None = None  # on 429: None (absent), "seconds" or "date"
    search_per_second: int = 5  # per account, separate from the burst limit
    index_delay: float = 0.0  # seconds before a write shows in search
    max_file_bytes: int = 20 * 1024 * 1024
    # Portal-configured required properties per object type ("2026-09 strict mode") [U].
    required_properties: dict[str, list[str]] = field(default_factory=dict)
    portal_id: int = 24_681_357
