"""Cross-checks between fields read apart: an email's domain against the website's, an email's
local part against the printed name. One OCR confusion apart means one of them is misread."""

from __future__ import annotations

from ocr.parse.country import TLD_REGION
from ocr.parse.emails import repair_domain, variants
from ocr.parse.names import email_name_match
from ocr.parse.segments import Field
from ocr.parse.web import WEB_LABELS


def repair_domains(fields: dict[str, Field], region: str | None) -> None:
    """Cross-check email and website domains: one OCR confusion apart means one is misread."""
    region_tld = next((t for t, r in TLD_REGION.items() if r == region and len(t) == 2), None)
    emails: list[str] = list(fields["emails"].value) if "emails" in fields else []  # type: ignore[call-overload]
    site = fields.get("website")
    site_host = str(site.value).split("/", 1)[0] if site else None
    site_domain = site_host.removeprefix("www.") if site_host else None
    trusted = {site_domain} if site_domain else set()
    fixed_emails: list[str] = []
    for i, email in enumerate(emails):
        local, _, domain = email.partition("@")
        others = {e.partition("@")[2] for j, e in enumerate(emails) if j != i}
        fixed = f"{local}@{repair_domain(domain, trusted, others, region_tld)}"
        if fixed not in fixed_emails:
            fixed_emails.append(fixed)
    if emails and fixed_emails != emails:
        f = fields["emails"]
        fields["emails"] = Field(tuple(fixed_emails), f.conf * 0.9, f.boxes)
    if site and site_host and site_domain:
        refs = {e.partition("@")[2] for e in fixed_emails}
        new = _unglue_label(site_domain, refs) or repair_domain(
            site_domain, set(), refs, region_tld
        )
        if new != site_domain:
            value = str(site.value).replace(site_domain, new, 1)
            fields["website"] = Field(value, site.conf * 0.9, site.boxes)


def _unglue_label(domain: str, email_domains: set[str]) -> str | None:
    """The website read with its label glued on: only when what follows the label is the
    domain of an email on the card (a site is never the label plus an address's domain)."""
    if domain in email_domains:
        return None
    for label in WEB_LABELS:
        rest = domain.removeprefix(label).lstrip(":.")
        if rest != domain and rest in email_domains:
            return rest
    return None


def repair_local_parts(fields: dict[str, Field]) -> None:
    """'imacleod@' on Liam MacLeod's card is OCR's 'lmacleod@': a local part one confusion away
    from the printed name is corrected to match it."""
    if "emails" not in fields or "full_name" not in fields:
        return
    name = str(fields["full_name"].value)
    emails = list(fields["emails"].value)  # type: ignore[call-overload]
    changed = False
    for i, email in enumerate(emails):
        local, _, domain = email.partition("@")
        # Judged as read: 'elotte@' on Lotte's card matches only with its 'e' taken off, while
        # 'etremblay@' on Étienne Tremblay's matches whole (the 'e' is his initial).
        if email_name_match(name, [local], glued_label=False) >= 0.9:
            continue
        candidates = set(variants(local))
        if local[:1] in "eE" and len(local) > 3:
            candidates.add(local[1:])  # an 'E' label printed against the address: 'Eoliver@'
        better = sorted(v for v in candidates if email_name_match(name, [v]) >= 0.9)
        if len(better) == 1:
            emails[i] = f"{better[0]}@{domain}"
            changed = True
    if changed:
        f = fields["emails"]
        fields["emails"] = Field(tuple(dict.fromkeys(emails)), f.conf * 0.9, f.boxes)
