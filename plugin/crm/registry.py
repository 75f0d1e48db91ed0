"""The CRMs cardfollow can push to, by the ``crm`` setting's value.

Each CRM is one package (or module) exposing a ``CrmEntry``: its name, its display name, its own
settings and a factory. A new CRM is that package and one line in ``CRMS``; the ``crm``
setting's choices and the settings ``cardfollow config`` lists come from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .adapter import CrmAdapter, CrmConfigError, CrmEntry
from .hubspot.entry import HUBSPOT
from .local import LOCAL

if TYPE_CHECKING:
    from ..config import Config
    from ..store import Store

__all__ = ["CRMS", "CrmConfigError", "adapter_for"]

CRMS: dict[str, CrmEntry] = {entry.name: entry for entry in (LOCAL, HUBSPOT)}


def adapter_for(config: Config, store: Store) -> CrmAdapter:
    try:
        return config.crm().make(config, store)
    except ValueError as exc:  # a setting the adapter cannot use (e.g. hubspot.api_version)
        raise CrmConfigError(f"crm {config.crm().name}: {exc}") from None
