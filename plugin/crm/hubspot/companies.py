"""The company step of a HubSpot push: companies by normalised domain, made once.

HubSpot keeps company domains unique neither in the UI nor in the API, so cardfollow keys the
companies it knows with its own unique ``cardfollow_domain``: a strongly consistent read finds
them; an existing company with that ``domain`` (search: it existed before) is keyed the first
time it is met; anything else is created once, by upsert on ``cardfollow_domain``.
"""

from __future__ import annotations

import logging

from .client import HubSpotClient
from .errors import HubSpotError
from .mapping import card_domain, company_properties
from .work import BATCH, CardWork, RemoteIdMap, short, stops

log = logging.getLogger(__name__)


class CompanySync:
    def __init__(self, client: HubSpotClient, ids: RemoteIdMap, crm: str) -> None:
        self.client = client
        self.ids = ids
        self.name = crm

    def run(self, work: list[CardWork]) -> None:
        """Every card's company by its domain, found or made once, and associated."""
        wanted: dict[str, list[CardWork]] = {}
        for w in work:
            domain = card_domain(w.card)
            if domain and "company" not in w.done:
                wanted.setdefault(domain, []).append(w)
            elif domain and not w.done.get("company_linked"):
                self._link_companies([w])
        if not wanted:
            return
        found = self.ids.many(self.name, "company", list(wanted))
        missing = [d for d in wanted if d not in found]
        for start in range(0, len(missing), BATCH):
            chunk = missing[start : start + BATCH]
            result = self.client.batch_read(
                "companies", chunk, id_property="cardfollow_domain", properties=("domain",)
            )
            for record in result.results:
                domain = (record.get("properties") or {}).get("cardfollow_domain")
                if domain in wanted:
                    found[domain] = str(record["id"])
        unkeyed = [d for d in missing if d not in found]
        found.update(self._companies_by_domain(unkeyed))
        to_create = [d for d in unkeyed if d not in found]
        for start in range(0, len(to_create), BATCH):
            chunk = to_create[start : start + BATCH]
            inputs = [
                {
                    "idProperty": "cardfollow_domain",
                    "id": d,
                    "properties": company_properties(wanted[d][-1].card, d),
                    "objectWriteTraceId": f"company-{d}"[:120],
                }
                for d in chunk
            ]
            result = self.client.batch_upsert("companies", "cardfollow_domain", inputs)
            for record in result.results:
                domain = (record.get("properties") or {}).get("cardfollow_domain")
                if domain in wanted:
                    found[domain] = str(record["id"])
        for domain, cards in wanted.items():
            remote = found.get(domain)
            if remote is None:
                for w in cards:
                    w.warnings.append(f"company {domain} could not be made in HubSpot")
                continue
            self.ids.put(self.name, "company", domain, remote)
            for w in cards:
                w.save(company=remote)
        self._link_companies([w for cards in wanted.values() for w in cards if "company" in w.done])

    def _companies_by_domain(self, domains: list[str]) -> dict[str, str]:
        """Companies the user already had, by ``domain`` (search is fine here: it finds what
        existed before; what we write is found by ``cardfollow_domain``). One search per 100
        domains; the oldest record wins when HubSpot holds several."""
        found: dict[str, str] = {}
        for start in range(0, len(domains), BATCH):
            chunk = domains[start : start + BATCH]
            group = {"filters": [{"propertyName": "domain", "operator": "IN", "values": chunk}]}
            after: str | None = None
            while True:
                page = self.client.search(
                    "companies", [group], properties=("domain",), limit=200, after=after
                )
                for record in sorted(page.get("results") or [], key=lambda r: int(r["id"])):
                    domain = ((record.get("properties") or {}).get("domain") or "").lower()
                    if domain in chunk and domain not in found:
                        found[domain] = str(record["id"])
                after = ((page.get("paging") or {}).get("next") or {}).get("after")
                if not after:
                    break
        for domain, remote in found.items():
            try:  # key it, so the next push finds it by a consistent read
                self.client.patch("companies", remote, {"cardfollow_domain": domain})
            except HubSpotError as exc:
                if stops(exc):
                    raise
                log.info("company %s: could not set cardfollow_domain: %s", remote, short(exc))
        return found

    def _link_companies(self, work: list[CardWork]) -> None:
        pairs = [w for w in work if not w.done.get("company_linked") and "company" in w.done]
        for start in range(0, len(pairs), BATCH):
            chunk = pairs[start : start + BATCH]
            # Associating twice is harmless in HubSpot, so this needs no recovery step.
            self.client.batch_associate_default(
                "contacts",
                "companies",
                [(str(w.done["contact"]), str(w.done["company"])) for w in chunk],
            )
            for w in chunk:
                w.save(company_linked=True)
