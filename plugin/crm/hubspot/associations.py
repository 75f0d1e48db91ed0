"""Batch association reads (associations v4, or a dated version): which records of one type
are linked to each of many records of another, in as few calls as HubSpot allows.

Kept out of ``client.py`` to keep that file to its ~15 object endpoints.
"""

from __future__ import annotations

from collections.abc import Sequence

from plugin.crm.hubspot.client import BatchResult
from plugin.crm.hubspot.errors import HubSpotError
from plugin.crm.hubspot.transport import JSON, HubSpotTransport

# Inputs per call: HubSpot changelog "Batch Read Limit for HubSpot Associations API"
# (effective 2025-02-10; v3 and v4 alike).
ASSOCIATION_READ_LIMIT = 1000


def read_associations(
    client: HubSpotTransport,
    from_type: str,
    to_type: str,
    ids: Sequence[str | int],
    *,
    chunk: int = ASSOCIATION_READ_LIMIT,
) -> dict[str, list[JSON]]:
    """Every ``{toObjectId, associationTypes}`` of each record in ``ids`` to ``to_type``, all
    pages: one call per ``chunk`` ids, plus one per further page of a record with very many.

    Every id is a key of the answer (an empty list when nothing is linked, which HubSpot
    reports as a per-input ``OBJECT_NOT_FOUND``). Any other per-input error raises
    `HubSpotError`: the answer is complete or there is none.
    """
    if not 0 < chunk <= ASSOCIATION_READ_LIMIT:
        raise ValueError(f"chunk must be 1..{ASSOCIATION_READ_LIMIT}, not {chunk}")
    wanted = list(dict.fromkeys(str(i) for i in ids))
    found: dict[str, list[JSON]] = {i: [] for i in wanted}
    path = client.paths.associations_batch(from_type, to_type, "read")
    pending: list[tuple[str, str | None]] = [(i, None) for i in wanted]
    seen: set[tuple[str, str]] = set()
    while pending:
        batch, pending = pending[:chunk], pending[chunk:]
        inputs: list[JSON] = [{"id": i, "after": a} if a else {"id": i} for i, a in batch]
        resp = client.request("POST", path, json={"inputs": inputs}, idempotent=True)
        result = BatchResult.from_response(resp)
        _raise_unexpected(result, path)
        for row in result.results:
            from_id = str((row.get("from") or {}).get("id", ""))
            if from_id not in found:
                continue  # not asked for: nothing to do with it
            found[from_id].extend(t for t in row.get("to") or [] if isinstance(t, dict))
            after = ((row.get("paging") or {}).get("next") or {}).get("after")
            if after is not None and (from_id, str(after)) not in seen:
                seen.add((from_id, str(after)))
                pending.append((from_id, str(after)))
    return found


def _raise_unexpected(result: BatchResult, path: str) -> None:
    """Per-input errors other than "nothing associated" (or "no such record") mean part of
    the answer is missing: say so rather than return it as complete."""
    for err in result.errors:
        if err.get("category") == "OBJECT_NOT_FOUND":
            continue
        raise HubSpotError(
            result.status,
            str(err.get("category") or "") or None,
            str(err.get("message") or "a batch association read failed for some inputs"),
            context=err.get("context") if isinstance(err.get("context"), dict) else None,
            method="POST",
            path=path,
        )
