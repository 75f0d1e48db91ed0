"""The parts a postal address runs on with once its street line is found, worldwide: a unit or
building line, a district or ward, a 'city postcode' or 'postcode, country' line, and whether an
address read so far looks whole (it ends on a place: a postcode, a known city, a country).

``address.address_score`` finds the lines that START an address with confidence (a postcode with
its city, a street with its number); the words here are weaker evidence that a NEIGHBOUR of such a
line belongs to it, so they are only ever used next to one.
"""

from __future__ import annotations

import re

from ocr.parse import address as addr
from ocr.parse.company import has_legal_form
from ocr.parse.country import fold, region_from_country_name
from ocr.parse.text import vocab
from ocr.parse.titles import title_score

# Words that name a part of a postal address and rarely anything else on a card (folded, lower
# case): street types, units and floors, districts, the Turkish, Thai, Korean, Indian and
# Indonesian forms, post boxes. A house number after 'No'/'Nr'/'#' counts too.
_STRONG = re.compile(
    r"^(?:av|avda)\.|\b(?:no|nr|n[oº°]|num)\s?[.:]?\s?\d|#\s?\d|\b\d+\s?/\s?f\b|\b\d+(?:st|nd|rd|th)\s+fl"
    r"|\b(?:floor|flr|bldg|building|road|street|avenue|boulevard|bulvari|district|"
    r"sub-?district|ward|moo|soi|tambon|amphoe|marg|nagar|p\.?\s?o\.?\s?box|post\s?box|"
    r"postal\s?code|zip\s?code|c/o|mah|mahallesi|mh|cad|caddesi|cd|sok|sokak|sk|blok|osb|"
    r"o\.s\.b|sitesi|prefecture|province|atoll|jl|jalan|calle|avenida|rue|via|strasse|zac)\b"
    r"|\b[a-z]+-(?:ro|gil|gu|dong|daero|chome|ku|shi)\b"
)
# Words that are address parts only with a number beside them ('Plot 34', 'Office Park 4'):
# alone they also name hotels, parks, teams and people ('Jongyoul Park').
_WEAK = re.compile(
    r"\b(?:st|rd|ave|av|dr|ln|fl|level|lvl|unit|suite|room|rm|apt|kat|plot|block|blk|sector|"
    r"sec|area|estate|zone|park|village|town|city|island|beach|house|centre|center|tower|"
    r"towers|plaza|complex|heights|bhavan|bhawan|office|kav|san|sit|industrial|emb)\b"
)
# Long country forms printed on cards that phonenumbers' short names miss.
_COUNTRY_PREFIX = re.compile(r"^(?:the\s+)?(?:republic|kingdom|sultanate|state|emirate)\s+of\s+")
_COUNTRY_ALIASES = {
    "uae": "AE",
    "u.a.e": "AE",
    "united arab emirates": "AE",
    "viet nam": "VN",
    "korea": "KR",
    "south korea": "KR",
    "russian federation": "RU",
    "ksa": "SA",
    "prc": "CN",
    "p.r. china": "CN",
    "turkiye": "TR",
}
# A postcode on its own among place words: 4-6 digits, or India's '411 007'.
# ('Rajkot-360 004': after a place and a dash too, but not inside a number: '12-3456').
_POSTCODE = re.compile(r"(?<![\d+./])(?<!\d-)(?:\d{4,6}|\d{3}\s\d{3})(?!\d|[./-]\d|\s\d)")
# The city printed last, after a dash or slash: 'Melikgazi - KAYSERİ', 'Başakşehir /İST.'.
_CITY_TAIL = re.compile(r"(?:\s[-–/]|/)\s*([^\W\d_][\w.'’]*(?:\s[^\W\d_][\w.'’]*)?)\s*$")
_PHONE_WORDS = re.compile(r"\b(?:ph|tel|fax|mob|gsm|cell|phone|to|ext|pbx|hotline)\b|\(")
# A line that runs on: printed with a comma, dash or '&' at its end.
_RUNS_ON = re.compile(r"[,&–-]\s*$")


def _fold(text: str) -> str:
    """Accents off and the Turkish dotless 'ı' as 'i', as the address words are written."""
    return fold(text).replace("ı", "i")


def country_part(text: str) -> bool:
    """One of the line's parts (between commas, dashes, bars, slashes) names a country:
    'İstanbul-TÜRKİYE', '83100, Thailand', 'Binh Thanh Dist., Ho Chi Minh City, Viet Nam'."""
    for part in re.split(r"[,|/•·–—()]|\s-\s|-(?=[A-ZÀ-Þİ])", text):
        key = fold(re.sub(r"[\d.]+$|^[\d\s]+", "", part.strip(" .:;"))).strip(" .")
        key = _COUNTRY_PREFIX.sub("", key)
        if key and (key in _COUNTRY_ALIASES or region_from_country_name(key)):
            return True
    return False


def locality(text: str) -> bool:
    """The line names a place an address ends on: a postcode with its city, a country, a known
    city, or a bare postcode among few other words."""
    if addr.has_postcode_city(text) or country_part(text) or addr.names_a_city(text):
        return True
    # (only after a number: 'Fabrika / Factory' is a label printed in two languages)
    tail = _CITY_TAIL.search(text) if any(c.isdigit() for c in text) else None
    if tail and all(w[0].isupper() or w[0] in "iı" for w in tail.group(1).split()):
        return not not_address(tail.group(1))
    # A bare postcode: few digits in all (a number left over from a phone line has more), no
    # phone label and no area code in brackets before it.
    words = re.findall(r"[^\W\d_]+", text)
    digits = sum(c.isdigit() for c in text)
    code = _POSTCODE.search(text)
    return (
        code is not None
        and not re.fullmatch(r"(?:1[89]|20)\d\d", code.group())  # a year: 'Since 1874'
        and all(w[0].isupper() for w in words if len(w) > 3)  # place names, not a sentence
        and len(words) <= 5
        and digits <= 6
        and not _PHONE_WORDS.search(fold(text))
    )


# Registration and tax numbers printed under an address ('Registered in England No. 0038',
# 'BTW BE 0031.031.031', 'GSTIN: 33AJ...'): a number, but the firm's, not a place's.
_REGISTRATION = re.compile(
    r"\b(?:registered(?!\s+office)|regd?|registration|register|vat|btw|tva|iva|ust|mwst|kvk|rpr|rcs|hrb|hra|"
    r"gstin|gst|cin|ein|siret|siren|tax|abn|acn|kbo|nip|regon|pan|licen[cs]e|trn|cr)\b\.?"
)
# Words an address prints in lower case ('street', 'ring road', 'rue des ...'): not a sentence.
_LOWER_ADDRESS_WORDS = vocab("street road floor ring block area sector near opp")


def not_address(text: str) -> bool:
    """A line that is something else beside an address: a title, a firm's name (no number in
    either), a registration number, or a sentence ('Building trust since 1998')."""
    digit = any(c.isdigit() for c in text)
    if not digit and (title_score(text) > 0 or has_legal_form(text)):
        return True  # 'Area Sales Manager', 'Park Logistics GmbH'
    if _REGISTRATION.search(fold(text)):
        return True
    # A slogan: several lower-case words of four letters or more (an address capitalises its
    # names and keeps lower case for short particles: 'rue des Droits de l'Homme').
    lower = [w for w in re.findall(r"\b[^\W\d_]{4,}\b", text) if w.islower()]
    return len([w for w in lower if w not in _LOWER_ADDRESS_WORDS]) >= 2


# Address parts in CJK script printed on a line of their own: a building ('イナダビル302',
# '정환빌딩', '5E大樓'), a floor or room ('3층 302호', '11樓'), a Japanese postcode ('〒106-0032',
# read 'T106-0032').
_CJK_PART = re.compile(
    r"ビル|タワー|빌딩|타워|\d\s?층|\d\s?호|大樓|大楼|大廈|大厦|\d\s?[樓楼階]|[園园]区?$|"
    r"^[〒T]?\s?\d{3}-\d{4}$"
)


def is_address_part(text: str) -> bool:
    """Evidence that a line next to an address is more of it (never a title, firm or slogan)."""
    folded = _fold(text)
    digit = any(c.isdigit() for c in text)
    if not_address(text):
        return False
    if _CJK_PART.search(text.strip()):
        return True
    if _STRONG.search(folded) or locality(text):
        return True
    if digit and text.count(",") >= 2:
        return True  # 'Al Majaz 3, Buhairah Corniche, Sharjah': a list of places with a number
    return bool(_WEAK.search(folded)) and digit


def runs_on(text: str) -> bool:
    return bool(_RUNS_ON.search(text))


def may_continue(text: str) -> bool:
    """A line an address line ending in ',' may run on into: any line but a title, a firm's
    name, a label ('Branch Office:') or a sentence."""
    if not_address(text) or text.rstrip().endswith(":"):
        return False
    return any(c.isdigit() for c in text) or len(text.split()) <= 8


def strong_part(text: str) -> bool:
    """A word that names an address part on its own ('Ward', 'Moo', 'No:', 'Road', 'Mah.')."""
    if not_address(text):
        return False
    return bool(_STRONG.search(_fold(text)))


# A label that opens an address line ('Fabrika:', 'Branch Office:', 'Cairo.'), not an address word.
_LABEL = re.compile(r"^([^\W\d_]{4,}(?:\s[^\W\d_]+)?)\s?:")


def branch_label(text: str) -> bool:
    """The line opens with a label of its own ('Fabrika:', 'Branch Office:'): under an address,
    the start of another one."""
    match = _LABEL.match(text.strip())
    if not match:
        return False
    label = _fold(match.group(1))
    return not (addr.ADDRESS_LABEL_WORD.match(label) or _STRONG.search(label + " 1"))


def place_list(text: str) -> bool:
    """'Başakşehir / İST.', 'Mahmutbey - Bağcılar': a few capitalised place names joined by a
    slash or dash, the district and city line that closes an address in many countries."""
    if any(c.isdigit() for c in text) or not_address(text):
        return False
    if _PHONE_WORDS.search(fold(text)) or not re.search(r"\w\s?[/–-]\s?\w", text):
        return False
    words = re.findall(r"[^\W\d_][\w.'’]*", text)
    return 2 <= len(words) <= 4 and all(w[0].isupper() or w[:1] in "iı" for w in words)


def labelled_address(text: str) -> bool:
    """The line says it is the address: a label first and something after it."""
    match = addr.ADDRESS_LABEL.match(text)
    return bool(match) and len(text[match.end() :].split()) >= 2
