"""Phone and fax numbers: labels → kind, OCR repair, E.164 via ``phonenumbers``."""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers

from ocr.models import PhoneKind
from ocr.parse.text import fix_digit_run

# Label → kind. Longest first so 'Telefax' is not read as 'Tel'. Matched case-insensitively
# on accent-preserving text; single letters only when followed by ':' '.' or a number.
_LABELS: tuple[tuple[str, PhoneKind], ...] = (
    ("telefax", "fax"), ("télécopie", "fax"), ("telecopie", "fax"), ("fax", "fax"),
    ("telemóvel", "mobile"), ("telemovel", "mobile"), ("cellulare", "mobile"),
    ("mobiltelefon", "mobile"), ("mobile", "mobile"), ("mobil", "mobile"), ("mobiel", "mobile"),
    ("móvil", "mobile"), ("movil", "mobile"), ("portable", "mobile"), ("handy", "mobile"),
    ("cell", "mobile"), ("cel", "mobile"), ("mob", "mobile"), ("tlm", "mobile"),
    ("gsm", "mobile"), ("cep", "mobile"), ("h/p", "mobile"), ("hp", "mobile"),
    ("☎", "work"), ("✆", "work"), ("📞", "work"), ("📱", "mobile"), ("telp", "work"),
    ("fixe", "work"), ("fijo", "work"), ("landline", "work"), ("telefone", "work"),
    ("teléfono", "work"), ("telefono", "work"),
    ("telefoon", "work"), ("telefon", "work"), ("téléphone", "work"), ("telephone", "work"),
    ("phone", "work"), ("office", "work"), ("direct", "work"), ("direkt", "work"),
    ("bureau", "work"), ("büro", "work"), ("ufficio", "work"), ("oficina", "work"),
    ("tél", "work"), ("tel", "work"), ("tlf", "work"), ("fon", "work"), ("ph", "work"),
    ("t", "work"), ("m", "mobile"), ("f", "fax"), ("p", "work"), ("d", "work"),
    ("c", "mobile"), ("w", "work"), ("o", "work"),
    # 'E' labels emails; before a number it is OCR's reading of 'F' (fax).
    ("e", "fax"),
)  # fmt: skip
_LABEL_WORDS = "|".join(re.escape(label) for label, _ in _LABELS)
_KIND = dict(_LABELS)
# A label: a known word, optionally followed by '.', ':' or '/', before a number-ish run.
_LABEL_RE = re.compile(
    rf"(?<![\w@.])(?P<label>{_LABEL_WORDS})\.?\s*(?:[:./]\s*)?(?=[\s+(\d]|[:.])",
    re.IGNORECASE,
)
# A run of digits and the characters numbers are printed with, tolerating OCR look-alikes.
# Numbers printed after these are registrations, accounts or codes, never phones.
_NOT_PHONE = re.compile(
    r"(?i)\b(?:gst(?:in)?|vat|cin|pan|tin|uid|abn|acn|crn|ein|siret|siren|rcs|hrb|hra|ust|"
    r"ust-?id(?:nr)?|st\.?-?nr|steuer(?:nummer|nr)?|iban|bic|swift|p\.?\s?iva|c\.?f|nif|cif|"
    r"nipc|btw|kvk|reg(?:d|istration|istro)?|company|co|licen[cs]e|lic|a/c|acc(?:oun)?t|"
    r"sort\s?code|cuit|rut|rfc|pin|zip|p\.?\s?o\.?\s?box|postfach|apdo|iso|fssai|iec|msme|"
    r"udyam)\b\.?(?:\s*(?:no|nr|number|num|#|id)\b\.?)?\s*[:#.-]?\s*$"
)
_DATE = re.compile(r"^\d{1,2}\s?[./-]\s?\d{1,2}\s?[./-]\s?\d{2,4}$|^\d{4}[./-]\d{1,2}[./-]\d{1,2}$")
# Korean and Japanese cards group digits with a middle dot ('010·4711·1434').
_RUN_RE = re.compile(
    r"(?<![^\W_])(?:\+|00)?\s?[\dOoIl|SB(][\dOoIl|SB\s()./\-–·・]{4,}[\dOoIl|SB](?![^\W\d_])"
)
_MIDDLE_DOTS = str.maketrans("·・", "..")


@dataclass(frozen=True)
class FoundPhone:
    number: str  # E.164
    kind: PhoneKind
    raw: str
    certainty: float  # 1.0 valid; lower when only 'possible' or when the region was a guess
    start: int
    end: int
    labelled: bool


def _clean_run(run: str) -> str | None:
    """Repair OCR look-alikes inside a digit run; None if it is not mostly digits."""
    core = run.strip()
    letters = sum(c in "OoIlSB|" for c in core)
    digits = sum(c.isdigit() for c in core)
    if digits < 5 or letters > max(1, digits // 3):
        return None
    return fix_digit_run(core)


def _parse(candidate: str, region: str | None) -> tuple[phonenumbers.PhoneNumber, bool] | None:
    """Parse one number; returns (number, is_valid) or None when not even possible."""
    # '+49 (0)30 ...': the trunk zero must go, or the number becomes invalid.
    text = re.sub(
        r"(\+\s?\d{1,3})\s*[(\[]\s*0\s*[)\]]\s*", r"\1 ", candidate.translate(_MIDDLE_DOTS)
    )
    text = re.sub(r"^00(?=[1-9])", "+", text.strip())
    try:
        number = phonenumbers.parse(text, None if text.startswith("+") else region)
    except phonenumbers.NumberParseException:
        return None
    if phonenumbers.is_valid_number(number):
        return number, True
    if phonenumbers.is_possible_number(number):
        return number, False
    return None


def _split_numbers(run: str, region: str | None) -> list[tuple[str, int, int]]:
    """A run may hold two unlabelled numbers ('+49 30 1 / +49 170 2'): split on '+' or '/'."""
    whole = _parse(run, region)
    if whole and whole[1]:
        return [(run, 0, len(run))]
    # '3512 9990/91/92': a block of lines printed as one number and its other endings; the
    # first number is the one printed whole.
    # Also '71 95-96', '05 40-41-42': endings as long as the last group they replace.
    block = re.match(r"^(.*?(\d+))((?:\s?[/-]\s?\d{1,4})+)\s*$", run)
    if (
        block
        and all(len(end) <= len(block.group(2)) for end in re.findall(r"\d+", block.group(3)))
        and (head := _parse(block.group(1), region))
        and head[1]
    ):
        return [(block.group(1), 0, len(run))]
    pieces: list[tuple[str, int, int]] = []
    # A middle dot also separates two numbers ('0549 253 82 45·0537 914 38 75').
    for match in re.finditer(r"(?:\+|\b00)?[^+/·・]+", run):
        piece = match.group(0)
        if sum(c.isdigit() for c in piece) >= 5:
            pieces.append((piece, match.start(), match.end()))
    if len(pieces) > 1 and all((p := _parse(x, region)) and p[1] for x, _, _ in pieces):
        return pieces
    return [(run, 0, len(run))]


def find_phones(text: str, region: str | None, region_is_guess: bool = False) -> list[FoundPhone]:
    """Every phone/fax number in one segment of card text, with its kind from the label."""
    # '+' read as 't' before a country code ('M: t1 438 555 0722'); same length keeps spans.
    text = re.sub(r"(?<=[\s:])t(?=[1-9]\d{0,2}\s\d)", "+", text)
    found = _find_phones(text, region, region_is_guess)
    # 'T F34 939 75 90 68': '+' read as 'F' (or a glued fax label). Keep whichever reading
    # gives more valid numbers.
    plus = re.sub(r"(?<=[\s:])[Ff](?=[1-9]\d{0,2}\s\d)", "+", text)
    if plus != text:
        alt = _find_phones(plus, region, region_is_guess)
        if sum(p.certainty >= 1.0 for p in alt) > sum(p.certainty >= 1.0 for p in found):
            return alt
    return found


def _find_phones(text: str, region: str | None, region_is_guess: bool) -> list[FoundPhone]:
    labels = list(_LABEL_RE.finditer(text))
    # A label the reader glued onto its number ('M+966 54…', 'Tel+82-2…', 'M010…') is blanked
    # out for finding the number, so the number keeps its '+' and first digit.
    unglued = text
    for label in labels:
        if label.end() == label.end("label") and re.match(r"[+\d]", text[label.end() :]):
            blank = " " * (label.end() - label.start())
            unglued = unglued[: label.start()] + blank + unglued[label.end() :]
    found: list[FoundPhone] = []
    for run_match in _RUN_RE.finditer(unglued):
        run = _clean_run(run_match.group(0))
        if run is None or _DATE.match(run.strip()):
            continue
        if _NOT_PHONE.search(text[max(0, run_match.start() - 30) : run_match.start()]):
            continue
        # The label that governs this run: the nearest label ending before it, with nothing
        # but spaces/punctuation between them.
        kind: PhoneKind = "work"
        labelled = False
        for label in labels:
            gap = text[label.end() : run_match.start()]
            if label.end() <= run_match.start() + 1 and not re.search(r"[\w]", gap):
                kind = _KIND[label.group("label").lower()]
                labelled = True
        for piece, p_start, p_end in _split_numbers(run, region):
            parsed = _parse(piece, region)
            if parsed is None:
                continue
            number, valid = parsed
            printed_plus = piece.strip().startswith(("+", "00"))
            if not labelled and not printed_plus and not valid:
                continue  # a postcode, a date, a reference number
            certainty = 1.0 if valid else 0.4
            if region_is_guess and not printed_plus:
                certainty = min(certainty, 0.45)
            raw = re.sub(r"\s+", " ", piece).strip(" ./-–")
            found.append(
                FoundPhone(
                    number=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
                    kind=kind,
                    raw=raw,
                    certainty=certainty,
                    start=run_match.start() + p_start,
                    end=run_match.start() + p_end,
                    labelled=labelled,
                )
            )
    return found


def has_phone_label(text: str) -> bool:
    """A line like 'Mobile:' or 'Tel +49 30' whose number may continue on the next line."""
    match = _LABEL_RE.search(text)
    return bool(match) and len(match.group("label")) > 1


_BARE_LABEL = re.compile(rf"(?i)\s*(?:{_LABEL_WORDS})\.?\s*:?\s*")


def is_bare_label(text: str) -> bool:
    """'Tel', 'Fax :', 'Gsm:' alone: a label the OCR cut off from the number beside it."""
    return bool(_BARE_LABEL.fullmatch(text)) and len(text.strip(" .:")) > 1


# A line whose digits are a registration, an account, a date or a postcode, not a phone.
NOT_PHONE_CONTEXT = re.compile(
    r"(?i)\b(?:gst(?:in)?|vat|cin|pan|tin|uid|abn|siret|siren|rcs|hrb|ust|iban|bic|swift|iva|nif|"
    r"cif|nipc|btw|kvk|reg(?:d|istered|istration)?|licen[cs]e|pin|zip|p\.?\s?o\.?\s?box|fn|rea|"
    r"ein|bn|che|mwst|capital)\b|\d{1,2}[./]\d{1,2}[./]\d{2,4}"
)
