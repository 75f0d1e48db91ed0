"""One address string, split into street, city, region, postcode and country for the exports.

Cards print addresses as lines ("Paseo de Gracia 21\\n08007 Barcelona"); address books and CRMs
want them in parts. Which country decides how: a printed country name, else the postcode's format
(the reader's own patterns, ``ocr.parse.address.postcode_region``), else the card's region.

- US: ``usaddress`` tags the address; taken only when it tags it cleanly (street, then city,
  state, ZIP and maybe country, nothing left over).
- Canada and the UK: ``pyap`` parses it; taken only when its postcode is a whole valid one and
  the city is what stands before it, else the same rule as Europe below.
- Europe and the rest: the line holding "postcode city" (or "city postcode") splits into the two;
  the lines before it are the street, a line after it naming a country is the country.

When no rule is sure, None: the exporters keep the address whole. No text is ever dropped: the
parts put together again hold every word of the address.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyap
import usaddress
from babel import Locale

from ocr.parse.address import postcode_region
from ocr.parse.country import CA_PROVINCES, US_STATES, region_from_country_name


@dataclass(frozen=True)
class AddressParts:
    street: str
    city: str
    region: str | None  # state, province or county
    postcode: str | None
    country: str | None  # the country's English name ("Germany")
    country_code: str | None  # ISO 3166 ("DE")


_POSTCODES: dict[str, str] = {
    "US": r"\d{5}(?:-\d{4})?",
    "CA": r"[A-Z]\d[A-Z]\s?\d[A-Z]\d",
    "GB": r"[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}",
    "IE": r"[AC-FHKNPRTV-Y]\d{2}\s?[AC-FHKNPRTV-Y\d]{4}",
    "NL": r"[1-9]\d{3}\s?[A-Z]{2}",
    "PT": r"\d{4}-\d{3}",
    "DE": r"(?:D-|DE-)?\d{5}",
    "FR": r"(?:F-|FR-)?\d{5}",
    "ES": r"(?:E-|ES-)?\d{5}",
    "IT": r"(?:I-|IT-)?\d{5}",
    "AT": r"(?:A-|AT-)?\d{4}",
    "CH": r"(?:CH-)?\d{4}",
    "BE": r"(?:B-|BE-)?\d{4}",
    "LU": r"(?:L-)?\d{4}",
    "DK": r"(?:DK-)?\d{4}",
}
# A five- or four-digit code alone does not say which of these countries; the split is the same.
_ANY_EUROPEAN = r"(?:[A-Z]{1,2}-)?\d{4,5}"
_CITY = r"[^\W\d_][\w'’. -]*?"
_US_STATE_NAMES = frozenset({
    "alabama", "alaska", "arizona", "arkansas", "california", "colorado", "connecticut",
    "delaware", "florida", "georgia", "hawaii", "idaho", "illinois", "indiana", "iowa", "kansas",
    "kentucky", "louisiana", "maine", "maryland", "massachusetts", "michigan", "minnesota",
    "mississippi", "missouri", "montana", "nebraska", "nevada", "new hampshire", "new jersey",
    "new mexico", "new york", "north carolina", "north dakota", "ohio", "oklahoma", "oregon",
    "pennsylvania", "rhode island", "south carolina", "south dakota", "tennessee", "texas",
    "utah", "vermont", "virginia", "washington", "west virginia", "wisconsin", "wyoming",
    "district of columbia", "puerto rico",
})  # fmt: skip
_US_NAMES = {"us", "usa", "u.s.", "u.s.a.", "united states", "united states of america"}
_US_TAIL = ("PlaceName", "StateName", "ZipCode", "CountryName")


def split_address(address: str, region: str | None = None) -> AddressParts | None:
    """The parts of ``address``; ``region`` is the card's country when the address does not say."""
    segments = [p.strip() for p in re.split(r"\n|,", address) if p.strip()]
    if len(segments) < 2:
        return None
    code = region_from_country_name(segments[-1])
    if code:
        segments.pop()
    flat = ", ".join(segments)
    code = code or postcode_region(flat) or (region.upper() if region else None)
    if code == "US" or code is None:
        parts = _us(flat)
        code = "US" if parts is not None else code
        parts = parts or (None if code == "US" else _by_postcode_segment(segments, code))
    elif code in ("CA", "GB"):
        parts = _pyap(flat, code) or _by_postcode_segment(segments, code)
    else:
        parts = _by_postcode_segment(segments, code)
    if parts is None:
        return None
    name = _country_name(code) if code else None
    return AddressParts(parts.street, parts.city, parts.region, parts.postcode, name, code)


def _country_name(code: str) -> str | None:
    return Locale("en").territories.get(code)


def _by_postcode_segment(segments: list[str], code: str | None) -> AddressParts | None:
    """The last segment of the form "postcode city" or "city [REGION] postcode" (perhaps over the
    last two comma-separated segments: "Toronto, ON M5X 1A9") splits; what is before it is the
    street."""
    postcode = _POSTCODES.get(code or "", _ANY_EUROPEAN)
    before = re.compile(
        rf"(?P<code>{postcode})\s+(?P<city>{_CITY})(?:\s+\((?P<region>[A-Z]{{2}})\))?"
    )
    after = re.compile(rf"(?P<city>{_CITY}),?\s+(?:(?P<region>[A-Z]{{2}})\s+)?(?P<code>{postcode})")
    last = len(segments) - 1
    tails = [(last, segments[last])]
    if last >= 2:  # "Toronto, ON M5X 1A9" before "ON M5X 1A9" alone
        tails.insert(0, (last - 1, f"{segments[last - 1]}, {segments[last]}"))
    for start, tail in tails:
        for pattern in (before, after):
            match = pattern.fullmatch(tail)
            if match and start > 0 and not re.fullmatch(r"[A-Z]{2}", match["city"].strip()):
                street = ", ".join(segments[:start])
                city = match["city"].strip()
                return AddressParts(street, city, match["region"], match["code"], None, None)
    return None


def _us(flat: str) -> AddressParts | None:
    """usaddress's tags, taken only when they cover the text in order with nothing else."""
    try:
        tokens = usaddress.parse(flat)
    except Exception:  # usaddress raises its own errors on odd input
        return None
    labels = [label for _, label in tokens]
    if "PlaceName" not in labels or not _keeps_all_text(flat, tokens):
        return None
    start = labels.index("PlaceName")
    street, tail = tokens[:start], tokens[start:]
    tail_labels = [label for _, label in tail]
    if not street or any(label in _US_TAIL for _, label in street):
        return None
    if any(label not in _US_TAIL for label in tail_labels) or tail_labels != sorted(
        tail_labels, key=_US_TAIL.index
    ):
        return None
    parts = {
        label: " ".join(t.strip(",") for t, lab in tail if lab == label).strip()
        for label in _US_TAIL
    }
    state = parts["StateName"].replace(".", "").strip()
    if (
        not (state.upper() in US_STATES or state.lower() in _US_STATE_NAMES)
        or not re.fullmatch(_POSTCODES["US"], parts["ZipCode"])
        or (parts["CountryName"] and parts["CountryName"].lower() not in _US_NAMES)
        or not parts["PlaceName"]
    ):
        return None
    street_text = " ".join(t for t, _ in street).strip().rstrip(",")
    return AddressParts(
        street_text, parts["PlaceName"], parts["StateName"], parts["ZipCode"], None, None
    )


def _keeps_all_text(flat: str, tokens: list[tuple[str, str]]) -> bool:
    def squash(text: str) -> str:
        return re.sub(r"[\s,]", "", text)

    return squash("".join(t for t, _ in tokens)) == squash(flat)


def _pyap(flat: str, code: str) -> AddressParts | None:
    """pyap's reading, checked: a whole valid postcode, a province for Canada, the city right
    before the postcode in the text, and the street the text before the city."""
    try:
        found = pyap.parse(flat, country=code)
    except Exception:  # pyap's regexes on odd text
        return None
    if len(found) != 1:
        return None
    parsed = found[0]
    postcode, city = (parsed.postal_code or "").strip(), (parsed.city or "").strip(" ,")
    street = (parsed.full_street or "").strip(" ,")
    region = (getattr(parsed, "region1", None) or "").strip() or None
    if not (postcode and city and street) or not re.fullmatch(_POSTCODES[code], postcode):
        return None
    if code == "CA" and (region or "") not in CA_PROVINCES:
        return None
    # The postcode stands on its own (pyap may cut "London SW1A 2AA" as "London S" + "W1A 2AA").
    tail = rf",?\s*{re.escape(city)}(?:,?\s+{re.escape(region or '')})?,?\s+{re.escape(postcode)}$"
    if not flat.startswith(street) or not re.match(re.escape(street) + tail, flat):
        return None
    return AddressParts(street, city, region, postcode, None, None)
