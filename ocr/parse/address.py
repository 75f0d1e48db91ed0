"""Postal address lines: postcode + city patterns per country, street keywords, PO boxes.

Regexes cover the European formats; ``usaddress`` confirms US/CA-style street lines where the
keyword list alone is unsure.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter

from ocr.parse.country import (
    CA_PROVINCES,
    CITY_REGION,
    US_STATES,
    fold,
    region_from_country_name,
)
from ocr.parse.scripts import cjk_address_score

# Words that label an address ('Address:', 'Adresse:', 'Dirección:').
_LABEL_WORDS = r"addr|address|adres|adresse|direcci[oó]n|indirizzo|anschrift|endere[cç]o"
ADDRESS_LABEL_WORD = re.compile(rf"(?i)^(?:{_LABEL_WORDS})")
# The label or icon letter printed before an address ('Address:', 'Add:', 'A :', '[a]').
ADDRESS_LABEL = re.compile(rf"(?i)^\s*(?:\[a\]|(?:a|add|{_LABEL_WORDS})\s?:)\s*")

_CITY = r"[A-ZÀ-ÖØ-Þ][\w'’.-]+(?:[\s-][\w'’.()-]+){0,3}"
# Postcode + city formats. Each (pattern, region or None when the format is shared).
_POSTCODE_CITY: tuple[tuple[re.Pattern[str], str | None], ...] = (
    (re.compile(rf"\b\d{{4}}-\d{{3}}\s+{_CITY}"), "PT"),
    (re.compile(rf"\b[1-9]\d{{3}}\s?[A-Z]{{2}}\s+{_CITY}"), "NL"),
    (re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2}\b"), "GB"),
    (re.compile(r"\b[A-Z]\d[A-Z]\s?\d[A-Z]\d\b"), "CA"),
    (re.compile(r"\b[AC-FHKNPRTV-Y]\d{2}\s?[AC-FHKNPRTV-Y\d]{4}\b"), "IE"),
    (re.compile(r"\bDublin\s+\d{1,2}\b"), "IE"),
    (re.compile(rf"\b(?:D|DE)-\d{{5}}\s+{_CITY}"), "DE"),
    (re.compile(rf"\b(?:A|AT)-\d{{4}}\s+{_CITY}"), "AT"),
    (re.compile(rf"\bCH-\d{{4}}\s+{_CITY}"), "CH"),
    (re.compile(rf"\b(?:F|FR)-\d{{5}}\s+{_CITY}"), "FR"),
    (re.compile(rf"\b(?:B|BE)-\d{{4}}\s+{_CITY}"), "BE"),
    (re.compile(rf"\b(?:I|IT)-\d{{5}}\s+{_CITY}"), "IT"),
    (re.compile(rf"\b(?:E|ES)-\d{{5}}\s+{_CITY}"), "ES"),
    (re.compile(rf"\b\d{{5}}\s+{_CITY}\s+\((?:[A-Z]{{2}})\)"), "IT"),  # '20121 Milano (MI)'
    (re.compile(rf"\b\d{{5}}\s+{_CITY}\s+CEDEX\b", re.I), "FR"),
    (re.compile(rf"\b\d{{5}}\s+{_CITY}"), None),  # DE/FR/ES/IT
    (re.compile(rf"\b[1-9]\d{{3}}\s+{_CITY}"), None),  # AT/CH/BE/LU/DK
    (re.compile(r"\b[A-Z][\w.' -]+,\s*[A-Z]{2}\s+\d{5}(?:-\d{4})?\b"), "US"),
    # India's PIN after the city and a dash, or spaced '414 003' ('Mumbai - 400001').
    (
        re.compile(
            r"\b(?!(?:Tel|Fax|Mob|Mobile|Phone|Cell|Office|Direct|Ph|Hp)\b)[A-Z][a-z]+"
            r"(?:\s?[-–]\s?[1-8]\d{5}|\s[1-8]\d{2}\s\d{3})\b(?![\s./-]?\d)"
        ),
        "IN",
    ),
    # 'Toronto, ON M5X 1A9' with an OCR slip inside the postcode: the province carries it.
    (
        re.compile(
            r"\b[A-Z][\w.' -]+,\s*(?:AB|BC|MB|NB|NL|NS|NT|NU|ON|PE|QC|SK|YT)\s+"
            r"[A-Z][0-9A-Z]{2}\s?[0-9A-Z]{3}\b"
        ),
        "CA",
    ),
)
# Street keywords, matched on accent-folded lower-case text.
_STREET_SUFFIX = re.compile(
    r"(?:strasse|str\.|strase|weg|platz|allee|gasse|ring|damm|ufer|chaussee|steig|markt|"
    r"straat|laan|plein|gracht|kade|singel|dijk|dreef|hof)\s*\d"
    r"|(?:strasse|str\.|straat|laan|gracht)\b",
)
_STREET_PREFIX = re.compile(
    r"^(?:\d+[a-z]?,?\s+)?(?:rue|avenue|av\.|bd|boulevard|place|chemin|allee|impasse|quai|cours|"
    r"route|calle|c/|avenida|avda\.?|plaza|paseo|pza\.|carrer|via|viale|piazza|piazzale|corso|"
    r"largo|vicolo|rua|travessa|praca|praceta|estrada|alameda|am|an der|auf der|im|in der|"
    r"zum|zur)\b"
)
_STREET_EN = re.compile(
    r"\b\d+[a-z]?\s+(?:[\w.'-]+\s+){1,4}(?:street|st|avenue|ave|road|rd|lane|ln|drive|dr|"
    r"boulevard|blvd|way|place|pl|court|ct|square|sq|terrace|parkway|pkwy|highway|hwy|row|"
    r"close|crescent|gardens|park|hill|walk|quay|wharf)\b\.?"
)
_BUILDING = re.compile(
    r"\b(?:suite|ste\.?|floor|fl\.|unit|building|bldg|etage|stock|og|piso|planta|andar|"
    r"piano|c/o|postfach|p\.?\s?o\.?\s?box|box|apartado|bp|cp|postbus|caixa postal)\b"
    r"|\b\d+(?:st|nd|rd|th)\s+floor\b|\b\d+(?:er|e|ème)\s+étage\b"
)


_IBERIAN_STREET = re.compile(
    r"^(?:calle|c/|avenida|avda|paseo|plaza|carrer|ronda|rua|travessa|praca|largo|estrada|"
    r"alameda)\b.*\d+[a-z]?,\s?\d"
)


def postcode_region(text: str) -> str | None:
    """The region a postcode format identifies ('1012 AB Amsterdam' -> 'NL'), else None."""
    for pattern, region in _POSTCODE_CITY:
        match = pattern.search(text)
        if match:
            if region == "US":
                state = re.search(r",\s*([A-Z]{2})\s+\d{5}", match.group(0))
                if state and state.group(1) in CA_PROVINCES and state.group(1) not in US_STATES:
                    return "CA"
                if not state or state.group(1) not in US_STATES:
                    continue
            if region == "GB" and re.search(r"\b[A-Z]\d[A-Z]\s?\d[A-Z]\d\b", text):
                return "CA"
            if region == "IE" and not _eircode_plausible(text):
                continue
            return region
    return None


def _eircode_plausible(text: str) -> bool:
    # Eircodes look like many other codes; accept only with 'Dublin'/'Co.'/'Ireland' around.
    return bool(re.search(r"\b(?:dublin|ireland|eire|co\.\s?\w+|cork|galway)\b", fold(text)))


def has_postcode_city(text: str) -> bool:
    for pattern, region in _POSTCODE_CITY:
        if pattern.search(text):
            if region == "IE" and not _eircode_plausible(text):
                continue
            if region == "US":
                state = re.search(r",\s*([A-Z]{2})\s+\d{5}", text)
                if not state or state.group(1) not in US_STATES | CA_PROVINCES:
                    continue
            return True
    return False


# Turkish address words, printed abbreviated and often without a number on the same line.
_TR_ADDRESS = re.compile(
    r"\b(?:mah|mahallesi|cad|caddesi|cd|sok|sokak|sk|blok|bulvari|blv|osb|i?osb|sitesi|sit|"
    r"organize sanayi)\b\.?"
)


def is_street(text: str) -> bool:
    folded = fold(text)
    if _TR_ADDRESS.search(folded.replace("ı", "i")):
        return True
    if not re.search(r"\d", folded):
        return False  # streets, floors, suites and PO boxes all carry a number
    if _STREET_SUFFIX.search(folded) or _STREET_PREFIX.search(folded):
        return bool(re.search(r"\d", folded))
    if _STREET_EN.search(folded) or _BUILDING.search(folded):
        return True
    return _usaddress_street(text)


def _usaddress_street(text: str) -> bool:
    """usaddress tags 'AddressNumber StreetName StreetNamePostType' for US/CA-style lines."""
    if not re.match(r"^\s*\d+\s+[A-Za-z]", text):
        return False
    try:
        import usaddress

        tags = {label for _, label in usaddress.parse(text)}
    except Exception:  # usaddress raises on odd input; an unknown line is simply no street
        return False
    return {"AddressNumber", "StreetName"} <= tags and bool(
        tags & {"StreetNamePostType", "OccupancyType", "StreetNamePreType"}
    )


def is_country_line(text: str) -> bool:
    return region_from_country_name(text) is not None


def is_city_only(text: str) -> bool:
    """'Berlin' or 'London' alone on a line (after a street line)."""
    return fold(text).strip(" ,.") in CITY_REGION


def names_a_city(text: str) -> bool:
    """'Bayrampaşa - İstanbul', 'New Delhi-110001': a known city among the line's words."""
    words = re.findall(r"[^\W\d_]+", fold(text))
    if len(words) > 5:
        return False  # a sentence that happens to hold 'Nice' or 'Essen'
    pairs = [f"{a} {b}" for a, b in itertools.pairwise(words)]
    return any(w in CITY_REGION for w in words + pairs)


def address_score(text: str) -> float:
    """How sure we are that one line/segment is part of a postal address (0 = not at all)."""
    if has_postcode_city(text) or cjk_address_score(text):
        return 1.0
    if is_street(text):
        return 0.8
    if is_country_line(text):
        return 0.5
    return 0.0


_CA_POSTCODE = re.compile(
    r"(,\s*(?:AB|BC|MB|NB|NL|NS|NT|NU|ON|PE|QC|SK|YT)\s+)([A-Z0-9]{3})\s?([A-Z0-9]{3})\b"
)
_TO_LETTER = str.maketrans("015824", "OISBZA")
_TO_DIGIT = str.maketrans("OIlSBZA", "0115824")


def _fix_ca_postcode(match: re.Match[str]) -> str:
    """Canadian postcodes alternate letter/digit ('M5X 1A9'); undo OCR's 1A9 -> 149."""
    code = match.group(2) + match.group(3)
    fixed = "".join(
        ch.translate(_TO_LETTER) if i % 2 == 0 else ch.translate(_TO_DIGIT)
        for i, ch in enumerate(code)
    )
    return f"{match.group(1)}{fixed[:3]} {fixed[3:]}"


def normalise_address_line(text: str) -> str:
    """Separators printed between address parts on one line become ', '."""
    text = _CA_POSTCODE.sub(_fix_ca_postcode, text)
    # The label or icon letter printed before an address ('A: ...', '[a] ...', 'Address: ...').
    text = ADDRESS_LABEL.sub("", text)
    text = re.sub(r"\s*[|·•∙●]\s*", ", ", text.strip())
    # Floors are written '3º'/'2ª' (ordinal indicators); OCR reads them as a degree sign.
    text = re.sub(r"(?<=\d)°", "º", text)
    # Tesseract often reads that small raised 'º' as a '2' or 'o': 'Calle X 65, 32' -> '3º'.
    if _IBERIAN_STREET.match(fold(text)):
        text = re.sub(r"(,\s?\d)[2o](?=$|,|\s?[A-Z]?(?:$|,))", r"\1º", text)
    text = re.sub(r"\s*,\s*", ", ", text)
    return text.strip(" ,;")


def region_from_address(lines: list[str]) -> str | None:
    """Country from postal address lines: a printed country, a postcode format, a known city."""
    for line in lines:
        for part in re.split(r"[,|·•]", line):
            region = region_from_country_name(part)
            if region:
                return region
    # Postcode formats that identify the country on their own.
    votes: Counter[str] = Counter()
    for line in lines:
        region = postcode_region(line)
        if region:
            votes[region] += 2
        for word in re.findall(r"[^\W\d_][\w'-]*(?:\s[^\W\d_][\w'-]*)?", line):
            key = fold(word)
            if key in CITY_REGION:
                votes[CITY_REGION[key]] += 3
            elif key.split(" ")[0] in CITY_REGION:
                votes[CITY_REGION[key.split(" ")[0]]] += 3
    return votes.most_common(1)[0][0] if votes else None
