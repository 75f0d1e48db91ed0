"""Person names: does a line look like one, and split it into given/family/prefix/suffix."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from nameparser import HumanName
from nameparser.config import Constants

from ocr.parse.country import fold
from ocr.parse.postnominals import SUFFIX_TOKENS as _SUFFIX_TOKENS
from ocr.parse.postnominals import split_postnominals
from ocr.parse.text import vocab
from ocr.parse.titles import title_score

# Our own constants object, so we never mutate nameparser's global configuration that other
# code in the process may rely on.
_CONSTANTS = Constants()
_CONSTANTS.titles.add("dipl", "dipl.-ing", "dipl-ing", "ing", "mag", "dott", "dott.ssa", "dr.-ing",
                      "univ.-prof", "priv.-doz", "ir", "drs", "lic", "arq", "eng", "avv", "sra",
                      "sr", "mme", "mlle", "herr", "frau", "ca", "cs", "cma", "adv", "er", "ar",
                      "shri", "smt", "sri", "engr")  # fmt: skip
_CONSTANTS.suffix_acronyms.add("mba", "msc", "bsc", "ma", "ba", "llm", "phd", "mph", "cpa", "cfa",
                               "dipl", "meng", "beng", "pmp", "ll.m")  # fmt: skip

_PREFIX_RE = re.compile(
    r"^(?:(?:Prof|Dr|Dipl|Mag|Ing|Mr|Mrs|Ms|Mx|Dott|Dr\.-Ing|Dipl\.-Ing|Dipl\.-Kfm|Dipl\.-Kffr|"
    r"Univ\.-Prof|Priv\.-Doz|Sr|Sra|Ir|Drs|Mme|Mlle|M|Lic|Arq|Eng|Avv|"
    # India and around: Chartered Accountant, Company Secretary, Advocate, Engineer, Architect.
    r"CA|CS|CMA|Adv|Er|Ar|Shri|Smt|Sri|Capt|Col|Engr)\.?(?:\s|$))+"
)
_PARTICLES = vocab("van von der den de del della di da dos das du le la zu ten ter y d' l' af av")
# Words that never appear in a person's name line but do on cards.
_NOT_NAME = vocab(
    "tel fax mobile phone email mail www http the and und et for fur pour of gmbh ag ltd inc "
    "llc sa sl srl spa bv nv lda group team since seit depuis desde dal street strasse rue "
    "office welcome thank house tower towers plaza building bldg centre center complex chambers "
    "arcade mall estate heights bhavan bhawan nagar marg road floor park square court hall "
    "palace residency apartments accountants chartered associates solicitors advocates "
    "architects lawyers engineers consultants"
)
# Prepositions and verbs that join a phrase; inside a line they are no part of a name.
_LINKING = vocab("in to at by on with from is are into onto")
# Of those, words that are also surnames ('Jongyoul Park', 'Anna Hall'): not a name unless the
# email says it is.
_SURNAME_TOO = vocab("park hall court house marg")
# Capitalised words, with inner capitals after Mc/Mac/O'/hyphens ('McCarthy', 'Meyer-Lindqvist').
_NAME_WORD = re.compile(
    r"^(?:Mc|Mac|Fitz|De|Di|La|Le|Van)?[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]*"
    r"(?:['’-][A-ZÀ-ÖØ-Þa-zß-öø-ÿ][\wß-öø-ÿ]*)*\.?$"
)
_UPPER_WORD = re.compile(r"^[A-ZÀ-ÖØ-Þ]+(?:['’-][A-ZÀ-ÖØ-Þ]+)*\.?$")
_ELIDED = re.compile(r"^[dDlL]['’][A-ZÀ-ÖØ-Þ][\wß-öø-ÿ]+$")  # d'Arcy, D'ARCY, l'Hermite
_PARTICLE_WORD = re.compile(r"^(?:[a-z]{1,3}|d['’][A-ZÀ-ÖØ-Þ]\w+|l['’][A-ZÀ-ÖØ-Þ]\w+)$")


_PLAIN = str.maketrans({"ı": "i", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ħ": "h", "ø": "o",
                        "Ø": "O", "æ": "a", "Æ": "A", "œ": "o", "Œ": "O", "ß": "s",
                        "þ": "t"})  # fmt: skip


def _mostly_caps(token: str) -> bool:
    letters = [c for c in token if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) >= 0.75 * len(letters)


def _plain(token: str) -> str:
    """The token's letters without accents, case kept ('Uğur' -> 'Ugur', 'İLKER' -> 'ILKER'), so
    the capitalisation patterns hold for every Latin alphabet, not only Latin-1's."""
    decomposed = unicodedata.normalize("NFKD", token.translate(_PLAIN))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True)
class Name:
    full: str
    given: str | None
    family: str | None
    prefix: str | None
    suffix: str | None


def _core_tokens(text: str) -> list[str]:
    """Tokens of the line without prefixes/suffixes and commas."""
    # 'Park,Ph.D': OCR often loses the space after a comma.
    text = split_postnominals(text)[0]
    if text.lower() == text:
        # 'prof. dr. lukas schäfer': a name printed in small letters has its prefixes too.
        text = " ".join(w[:1].upper() + w[1:] for w in text.split())
    text = _PREFIX_RE.sub("", re.sub(r",(?=\S)", ", ", text.strip()))
    tokens = [t.strip(",") for t in text.split() if t.strip(",")]
    while tokens and (
        tokens[-1].lower() in _SUFFIX_TOKENS or f"{tokens[-1].lower()}." in _SUFFIX_TOKENS
    ):
        tokens.pop()
    return tokens


def name_shape_score(text: str, email_backed: bool = False) -> float:
    """0..1 from the shape alone: 2–4 capitalised alphabetic words, particles allowed.

    A name printed all in lower case ('anna weber', a design choice) scores as its capitalised
    form, a little lower: lower-case lines are more often slogans."""
    if any(c.isdigit() for c in text) or "@" in text or "/" in text:
        return 0.0
    if text.lower() == text and any(c.isalpha() for c in text):
        capitalised = " ".join(w[:1].upper() + w[1:] for w in text.split())
        return 0.75 * _shape(capitalised, email_backed) if capitalised != text else 0.0
    return _shape(text, email_backed)


def _shape(text: str, email_backed: bool = False) -> float:
    # 'Donlapa Seubsak (Paam)': a nickname in brackets is no part of the shape.
    text = split_postnominals(re.sub(r"\s*\([^()]*\)\s*$", "", text))[0]
    # 'Cherngtalay, Thalang, Phuket': words listed with commas are places, not a name (a
    # comma before a degree, 'Anna Weber, MBA', is fine).
    after_commas = [t.strip(" .").lower() for t in re.split(r",", text)[1:]]
    if any(a and a not in _SUFFIX_TOKENS and f"{a}." not in _SUFFIX_TOKENS for a in after_commas):
        return 0.0
    tokens = _core_tokens(text)
    if not 2 <= len(tokens) <= 5:
        return 0.1 if len(tokens) == 1 and _NAME_WORD.match(_plain(tokens[0])) else 0.0
    not_name = _NOT_NAME - _SURNAME_TOO if email_backed else _NOT_NAME
    if any(fold(t).strip(".") in not_name for t in tokens):
        return 0.0
    if any(fold(t) in _LINKING for t in tokens[1:-1]):
        return 0.0  # 'FIRST IN CHANGE': a phrase ('In', 'To' may start or end a name)
    capital = 0
    for token in (_plain(t) for t in tokens):
        if _NAME_WORD.match(token) or _UPPER_WORD.match(token) or _ELIDED.match(token):
            capital += 1
        elif _mostly_caps(token):
            # 'OğUZMAN': OCR read one capital of a capitals-only name as a small letter.
            capital += 1
        elif fold(token) in _PARTICLES or _PARTICLE_WORD.match(token):
            continue
        else:
            return 0.05
    if capital < 2:
        return 0.1
    # A name needs at least two real words; 'Joe G' from logo noise is not one (initials with a
    # dot, 'J. Smith', are fine).
    if sum(1 for t in tokens if len(t) >= 2 and not t.endswith(".")) < 2 and not any(
        len(t) == 2 and t.endswith(".") for t in tokens
    ):
        return 0.1
    # Initials as the only given name ('J. Smith') are fine; all-initials are not a name.
    if all(len(t.strip(".")) <= 1 for t in tokens):
        return 0.0
    return 0.7 if len(tokens) <= 4 else 0.4


def _translit(token: str) -> str:
    """German-style transliteration first ('Müller' -> 'mueller'), as email addresses use it."""
    lowered = token.lower()
    for src, dst in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        lowered = lowered.replace(src, dst)
    return fold(lowered)


def only_family_name(text: str) -> bool:
    """'de Jong', 'van der Berg' alone: a family name with its particle and no given name, which
    a card prints on the line under the given name ('Koen' / 'de Jong'), never as the name."""
    words = text.split()
    return 2 <= len(words) <= 3 and all(w.lower() in _PARTICLES for w in words[:-1])


def email_name_match(text: str, local_parts: list[str], glued_label: bool = True) -> float:
    """0..1: do the line's words explain an email local part (anna.weber@, aweber@, anna@)?
    ``glued_label``: also try each local part without a leading 'e' (an 'E' label read with it)."""
    tokens = [re.sub(r"[^a-z]", "", _translit(t)) for t in _core_tokens(text)]
    tokens = [t for t in tokens if len(t) >= 2 and t not in _PARTICLES]
    if len(tokens) < 1:
        return 0.0
    plain = [re.sub(r"[^a-z]", "", fold(t)) for t in _core_tokens(text)]
    plain = [t for t in plain if len(t) >= 2 and t not in _PARTICLES]
    if glued_label:
        # 'E:lotte@' read as 'Elotte@': the label glued to the address (repaired only later).
        local_parts = local_parts + [p[1:] for p in local_parts if p[:1] in "eE" and len(p) > 4]
    best = _match_tokens(tokens, local_parts)
    if plain != tokens:
        best = max(best, _match_tokens(plain, local_parts))
    return max(best, _hyphen_initials_match(_core_tokens(text), local_parts))


def _hyphen_initials_match(core: list[str], local_parts: list[str]) -> float:
    """'Byung-Keun Park' at bk.park@ or bkpark@: a hyphenated given name goes by its initials."""
    if len(core) < 2 or "-" not in core[0].strip("-"):
        return 0.0
    initials = "".join(p[:1] for p in fold(core[0]).split("-") if p)
    last = re.sub(r"[^a-z]", "", _translit(core[-1]))
    if len(initials) < 2 or len(last) < 2:
        return 0.0
    for local in local_parts:
        pieces = [p for p in re.split(r"[._\-+]", fold(local)) if p]
        if set(pieces) >= {initials, last} or "".join(pieces) in {initials + last, last + initials}:
            return 0.9
    return 0.0


# Shared mailboxes ('info@', 'sales@', 'kontakt@'): they name a desk, not the card's person.
_MAILBOXES = vocab(
    "info information sales office contact contacts admin mail email hello support service "
    "team marketing enquiries enquiry inquiries kontakt buero post mailbox reception booking "
    "bookings reservations accounts billing careers jobs hr press noreply webmaster"
)


def person_pieces(local: str) -> list[str]:
    """The local part's pieces, or none when it is a shared mailbox ('info', 'sales.de')."""
    pieces = [p for p in re.split(r"[._\-+]", fold(local)) if p]
    letters = [re.sub(r"\d", "", p) for p in pieces]
    return [] if any(p in _MAILBOXES for p in letters if p) else pieces


def _match_tokens(tokens: list[str], local_parts: list[str]) -> float:
    if not tokens:  # transliterated and plain spellings can differ in which tokens survive
        return 0.0
    best = 0.0
    for local in local_parts:
        pieces = person_pieces(local)
        if not pieces:
            continue
        squashed = "".join(pieces)
        first, last = tokens[0], tokens[-1]
        if squashed in {first + last, last + first} or set(pieces) >= {first, last}:
            return 1.0
        if squashed in {first[0] + last, first + last[0], last + first[0]}:
            best = max(best, 0.9)
        elif squashed in (last, first):
            best = max(best, 0.7)
        elif any(len(p) >= 3 and p in tokens for p in pieces):
            best = max(best, 0.6)
        elif len(squashed) >= 4 and (squashed in "".join(tokens) or last in squashed):
            best = max(best, 0.5)
    return best


def _fix_case(name: HumanName) -> None:
    """All-caps names become title case; mixed case as printed is kept (McDonald, van der)."""
    name.capitalize(force=True)
    # nameparser turns "d'Arcy" into "D'Arcy" when forced; French/Italian particles stay lower.
    name.last = re.sub(r"\b([DL])['’](?=[A-Z])", lambda m: m.group(1).lower() + "'", name.last)


# Spanish-speaking countries print two surnames ('José García López'); nameparser would call
# the first a middle name. Common given names detect compound given names ('María José').
_TWO_SURNAME_REGIONS = frozenset({"ES", "MX", "AR", "CO", "CL", "PE", "VE", "UY", "EC", "BO"})
_COMMON_GIVEN_ES = vocab(
    "maria jose luis carlos antonio manuel jesus angel pilar carmen isabel elena teresa juan "
    "miguel francisco javier pablo pedro andres fernando alberto ana rosa luisa eugenia "
    "fernanda victoria cristina ignacio ramon alejandro daniel david"
)


def _spanish_split(given: str | None, family: str | None) -> tuple[str | None, str | None]:
    tokens = " ".join(p for p in (given, family) if p).split()
    if len(tokens) not in (3, 4) or any(fold(t) in _PARTICLES for t in tokens):
        return given, family
    # 3 words: 'Given Surname1 Surname2' unless the second word is a given name too.
    n_given = 2 if len(tokens) == 4 or fold(tokens[1]) in _COMMON_GIVEN_ES else 1
    return " ".join(tokens[:n_given]), " ".join(tokens[n_given:])


def _is_caps_word(token: str) -> bool:
    letters = [c for c in token if c.isalpha()]
    core = token.strip(".,").lower()
    return (
        len(letters) >= 3
        and all(c.isupper() for c in letters)
        and core not in _SUFFIX_TOKENS
        and f"{core}." not in _SUFFIX_TOKENS
    )


def _capitalise(token: str) -> str:
    return "-".join(p[:1] + p[1:].lower() for p in token.split("-"))


def parse_name(text: str, region: str | None = None) -> Name:
    """Split a name line; ALL-CAPS printing is title-cased, prefixes/suffixes are set apart.

    ``region`` (the card's country) only changes how Spanish double surnames are split.
    """
    text = re.sub(r"\s+", " ", re.sub(r",(?=\S)", ", ", text)).strip(" ,;|")
    text, post = split_postnominals(text)
    all_caps = text.upper() == text and any(c.isalpha() for c in text)
    if not all_caps:
        # 'Uğur KARALI': a family name in capitals beside a given name in mixed case.
        text = " ".join(_capitalise(t) if _is_caps_word(t) else t for t in text.split())
    name = HumanName(text, constants=_CONSTANTS)
    if all_caps:
        _fix_case(name)
    prefix = name.title or None
    suffix = ", ".join([p for p in (name.suffix,) if p] + post) or None
    given = " ".join(p for p in (name.first, name.middle) if p) or None
    family = name.last or None
    if region in _TWO_SURNAME_REGIONS and not name.last.lower().startswith(("de ", "del ")):
        given, family = _spanish_split(given, family)
    full = " ".join(p for p in (given, family) if p)
    if name.nickname:
        full = full or name.nickname
    return Name(full=full or text, given=given, family=family, prefix=prefix, suffix=suffix)


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def is_latin(text: str) -> bool:
    """Mostly Latin letters (a card printed in two scripts has Latin and CJK lines)."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(1 for c in letters if _CJK.match(c)) <= len(letters) // 4


def cjk_name_score(text: str) -> float:
    """A name printed only in Chinese, Japanese or Korean script: 2–5 characters, maybe spaced
    ('山田 太郎', '김민수'); longer CJK lines are departments, titles or addresses."""
    core = re.sub(r"\s+", "", text)
    if not core or not all(_CJK.match(c) for c in core):
        return 0.0
    return 0.6 if 2 <= len(core) <= 5 else 0.0


def split_name_title(text: str, local_parts: list[str] | None = None) -> int:
    """How many leading words of a line are a name followed by its job title on the same line
    ('Anna Weber, CEO', 'JOHN SMITH | Director', 'Dr. Max Roth - Partner'); 0 if none."""
    words = text.split()
    for k in range(min(5, len(words) - 1), 1, -1):
        head = " ".join(words[:k]).rstrip(",;|-–· ")
        tail = " ".join(words[k:]).lstrip(",;|-–· ").strip().strip("()")
        if not tail or name_shape_score(head) < 0.5 or title_score(head) > 0:
            continue
        # Without a separator only a change of lettering marks the border ('JOHN SMITH
        # Director'); 'Data Protection Officer' is one title. 'Utsav Busa (Director)' is
        # separated by its brackets.
        separated = (
            bool(re.search(r"[,;|–·-]\s*$", " ".join(words[:k])))
            or words[k] in "-–|·"
            or (words[k].startswith("(") and words[-1].endswith(")"))
        )
        cased = (head.upper() == head) != (tail.upper() == tail)
        # Nor sign nor lettering: the email naming the head ('Mohamed Ibad Abdulla Resort
        # Manager' at ibad.abdulla@) marks where the name ends.
        last = re.sub(r"[^a-z]", "", _translit(words[k - 1]))
        backed = (
            len(last) >= 2
            and any(last in fold(local) for local in local_parts or [])
            and email_name_match(head, local_parts or []) >= 0.6
        )
        if (separated or cased or backed) and title_score(tail) >= 0.55:
            return k
    return 0
