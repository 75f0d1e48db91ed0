"""Export cards: vCard 4.0 for address books, and a CSV HubSpot's import maps by itself."""

from __future__ import annotations

from .hubspot_csv import COLUMNS, write_hubspot_csv
from .record import ExportRecord
from .vcard import from_vcards, to_vcards

__all__ = ["COLUMNS", "ExportRecord", "from_vcards", "to_vcards", "write_hubspot_csv"]
