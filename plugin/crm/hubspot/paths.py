"""HubSpot REST paths for a configurable API version.

HubSpot moved from numbered paths (``/crm/v3/objects/contacts``) to dated ones
(``/crm/objects/2026-09/contacts``) on 2026-03-30; v1-v3 stop being supported in September 2027
and associations v4 on 2027-03-30. Each API family (CRM, files, OAuth, associations) has its own
dated releases, so each version is its own setting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

_DATED = re.compile(r"^\d{4}-\d{2}$")

DEFAULT_DATED_FILES_VERSION = "2026-03"
DEFAULT_DATED_OAUTH_VERSION = "2026-03"


def _check(name: str, value: str, numbered: tuple[str, ...]) -> str:
    if value in numbered or _DATED.match(value):
        return value
    allowed = " or ".join(numbered)
    raise ValueError(f"{name} must be {allowed} or a date version like 2026-09, not {value!r}")


def _seg(value: str | int) -> str:
    """One path segment: ids may be emails (``@`` → ``%40``, which HubSpot accepts)."""
    return quote(str(value), safe="")


@dataclass(frozen=True)
class HubSpotPaths:
    """Builds request paths. ``api_version`` is ``"v3"`` or a date version (``"2026-09"``).

    ``files_version`` and ``oauth_version`` default to ``v3`` with ``api_version="v3"`` and to
    ``2026-03`` with a dated one. ``associations_version`` is ``"v4"`` (default) or a date
    version: dated single-record association paths sit under ``/crm/objects/{ver}/...`` and the
    batch ones under ``/crm/associations/{ver}/...`` (HubSpot's 2026-03 reference pages).
    """

    api_version: str = "v3"
    files_version: str | None = None
    oauth_version: str | None = None
    associations_version: str = "v4"

    def __post_init__(self) -> None:
        dated = _check("api_version", self.api_version, ("v3",)) != "v3"
        files = self.files_version or (DEFAULT_DATED_FILES_VERSION if dated else "v3")
        oauth = self.oauth_version or (DEFAULT_DATED_OAUTH_VERSION if dated else "v3")
        object.__setattr__(self, "files_version", _check("files_version", files, ("v3",)))
        object.__setattr__(self, "oauth_version", _check("oauth_version", oauth, ("v3", "v1")))
        _check("associations_version", self.associations_version, ("v4",))

    # -- CRM objects ------------------------------------------------------------------------
    def objects(self, object_type: str) -> str:
        if self.api_version == "v3":
            return f"/crm/v3/objects/{_seg(object_type)}"
        return f"/crm/objects/{self.api_version}/{_seg(object_type)}"

    def object(self, object_type: str, object_id: str | int) -> str:
        return f"{self.objects(object_type)}/{_seg(object_id)}"

    def batch(self, object_type: str, operation: str) -> str:
        """``operation``: create, read, update, upsert, archive."""
        return f"{self.objects(object_type)}/batch/{operation}"

    def search(self, object_type: str) -> str:
        return f"{self.objects(object_type)}/search"

    # -- Properties -------------------------------------------------------------------------
    def properties(self, object_type: str) -> str:
        if self.api_version == "v3":
            return f"/crm/v3/properties/{_seg(object_type)}"
        return f"/crm/properties/{self.api_version}/{_seg(object_type)}"

    def property(self, object_type: str, name: str) -> str:
        return f"{self.properties(object_type)}/{_seg(name)}"

    # -- Files ------------------------------------------------------------------------------
    def files(self) -> str:
        return f"/files/{self.files_version}/files"

    def file_stat(self, path: str) -> str:
        """GET a file by its File Manager path (``/folder/name.jpg``)."""
        return f"{self.files()}/stat/{quote(path.lstrip('/'), safe='/')}"

    # -- OAuth ------------------------------------------------------------------------------
    def oauth_token(self) -> str:
        return f"/oauth/{self.oauth_version}/token"

    # -- Associations -----------------------------------------------------------------------
    def _assoc_objects(self) -> str:
        if self.associations_version == "v4":
            return "/crm/v4/objects"
        return f"/crm/objects/{self.associations_version}"

    def associations(self, from_type: str, from_id: str | int, to_type: str) -> str:
        """GET the records of ``to_type`` associated with one record."""
        base = self._assoc_objects()
        return f"{base}/{_seg(from_type)}/{_seg(from_id)}/associations/{_seg(to_type)}"

    def associate_default(
        self, from_type: str, from_id: str | int, to_type: str, to_id: str | int
    ) -> str:
        """PUT (no body) the default, unlabeled association between two records."""
        base = self._assoc_objects()
        return (
            f"{base}/{_seg(from_type)}/{_seg(from_id)}/associations/default/"
            f"{_seg(to_type)}/{_seg(to_id)}"
        )

    def associate(self, from_type: str, from_id: str | int, to_type: str, to_id: str | int) -> str:
        """PUT a typed association; the body is ``[{associationCategory, associationTypeId}]``."""
        return self.associations(from_type, from_id, to_type) + f"/{_seg(to_id)}"

    def associations_batch(self, from_type: str, to_type: str, operation: str) -> str:
        """``operation``: ``associate/default``, ``create``, ``read``, ``archive``."""
        if self.associations_version == "v4":
            base = "/crm/v4/associations"
        else:
            base = f"/crm/associations/{self.associations_version}"
        return f"{base}/{_seg(from_type)}/{_seg(to_type)}/batch/{operation}"
