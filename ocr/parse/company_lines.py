"""Lines that look like a company but are not one (a slogan, a descriptor, a social handle), and
what OCR does to a company line that can be undone (a trade-mark sign, the Turkish 'A.Ş.')."""

from __future__ import annotations

import re

from ocr.parse.country import fold
from ocr.parse.text import vocab

# 'Business, Ai, People', 'cowork.network.grow', 'Design · Build · Maintain': single words
# strung together by punctuation are a slogan; a firm's name is words, not a list of them.
_LIST_SEPARATORS = re.compile(r"\s*[,.·•|/]\s*")

# The head noun of a line that says what the firm does ('Global Logistics Provider',
# 'international shrink wrap supplier'): a description, not the firm's name.
_DESCRIPTOR_HEADS = vocab(
    """
    provider providers supplier suppliers specialist specialists specialise specialize experts
    leader leaders pioneer pioneers anbieter lieferant spezialist fournisseur specialiste
    proveedor especialista fornitore specialista leverancier
    """
)


def is_word_list(text: str) -> bool:
    pieces = [p for p in _LIST_SEPARATORS.split(text.strip(" .,")) if p]
    return len(pieces) >= 3 and all(
        len(p.split()) == 1 and p.isalpha() and len(p) >= 2 for p in pieces
    )


def is_descriptor(text: str) -> bool:
    words = re.findall(r"[a-z]+", fold(text))
    return len(words) >= 2 and words[-1] in _DESCRIPTOR_HEADS


def is_handle(text: str) -> bool:
    """'@thavornhotels': a social-media handle, printed beside its network's icon."""
    return text.strip().startswith("@")


def without_brackets(text: str) -> str:
    """'Deputy Director General (SA)': a bracketed qualifier after a title (a section, a region)
    is no legal form; 'XYZ (Pvt) Ltd' keeps its 'Ltd'."""
    return re.sub(r"\([^)]*\)", " ", text)


def cut_sentence(words: list[str]) -> int:
    """Index of the first word after a sentence in CJK script ('もこもこで包んでお届け。' before
    'mocomoco株式会社'): a slogan printed on the name's line; 0 when there is none."""
    for i in range(len(words) - 1, -1, -1):
        if re.search(r"[。！？]$", words[i]) and i + 1 < len(words):
            return i + 1
    return 0


# Turkish wording: its letters, or the words of Turkish firms' names.
_TURKISH = re.compile(r"(?i)[şğıŞĞİ]|\b(?:san|tic|sanayi|sanayii|ticaret|ve|ltd)\b\.?")


# 'Sanayi ve Ticaret' (industry and trade): words of a Turkish firm's registered name, which
# go with the brand as its legal form does ('BEMMAK' / 'KAZAN MAKİNA SANAYİ').
_REGISTERED_WORDS = re.compile(r"(?i)\b(?:sanayi|sanayii|ticaret|ticareti)\b")


def is_registered_name(text: str) -> bool:
    return bool(_REGISTERED_WORDS.search(fold(text)))


def repair_marks(text: str) -> str:
    """Drop trade-mark signs ('ND DEFENSE™') and ornamental dashes, and restore the Turkish
    letters and legal forms OCR reads without their marks ('MAKÍNA' -> 'MAKİNA', 'A.$.' or
    'A.S.' -> 'A.Ş.', 'Ltd. Sti.' -> 'Ltd. Şti.')."""
    text = re.sub(r"\s*[™®℠]", "", text).strip()
    # '—GROUP—': dashes drawn around a word of a logo are ornament, not part of the name.
    text = re.sub(r"(?<!\S)[—–]+(?=\w)|(?<=\w)[—–]+(?!\S)", "", text)
    text = re.sub(r"(?<=\s)A\.\$\.?$", "A.Ş.", text)
    if _TURKISH.search(text):
        text = text.replace("Í", "İ")  # OCR reads the dot of the Turkish 'İ' as an accent
    if _TURKISH.search(text[:-4]):
        text = re.sub(r"(?<=\s)A\.S\.?$", "A.Ş.", text)
        text = re.sub(
            r"(?<=\s)(?:Sti|STI)(?=\.?$)", lambda m: "Şti" if m[0] == "Sti" else "ŞTİ", text
        )
    return text
