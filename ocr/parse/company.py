"""Company names: legal forms, company-ish words, and agreement with the email/website domain."""

from __future__ import annotations

import re

from ocr.parse.company_lines import repair_marks
from ocr.parse.country import fold
from ocr.parse.text import vocab

# Legal forms as printed, matched as whole tokens (case-sensitive where that avoids false hits).
_LEGAL_FORMS = re.compile(
    r"(?:^|[\s,(])(?:GmbH(?:\s?&\s?Co\.?\s?KG)?|gGmbH|mbH|AG|KG|OHG|GbR|UG|e\.\s?V\.|e\.K\.|"
    r"SE|Ltd\.?|Limited|LLC|L\.L\.C\.|LLP|Inc\.?|Corp\.?|Corporation|Co\.|PLC|plc|"
    r"S\.\s?A\.?|SA|SAS|S\.A\.S\.?|SARL|S\.A\.R\.L\.?|SASU|EURL|SCP|SNC|"
    r"S\.\s?L\.?|SL|S\.L\.U\.?|SLU|S\.\s?C\.?|S\.p\.A\.?|SpA|S\.r\.l\.?|Srl|S\.R\.L\.?|"
    r"S\.n\.c\.?|S\.a\.s\.?|B\.\s?V\.?|BV|N\.\s?V\.?|NV|V\.O\.F\.?|VOF|Lda\.?|Ltda\.?|"
    r"Unipessoal|Oy|Oyj|AB|AS|A/S|ApS|ASA|Sp\.\s?z\s?o\.o\.|s\.r\.o\.|Pty\.?|Pvt\.?|KGaA|"
    r"GesmbH|Ges\.m\.b\.H\.|& Co\.?|& Partner|& Söhne|& Sons|"
    r"Pvt\.?\s?Ltd\.?|Private Limited|Pte\.?\s?Ltd\.?|Pty\.?\s?Ltd\.?|Sdn\.?\s?Bhd\.?|Bhd\.?|"
    r"Co\.,?\s?Ltd\.?|K\.K\.|A\.Ş\.?|A\.S\.|Şti\.?|ŞTİ\.?|Sti\.?|STI\.?|Ltda\.?|"
    r"S\.A\. de C\.V\.|Kft\.?|Zrt\.?|Nyrt\.?|d\.o\.o\.|a\.s\.|spol\. s r\.o\.|"
    r"OÜ|SIA|UAB|PLLC|P\.C\.|L\.P\.|LP|LLP\.?|Incorporated|Company|GmbH & Co\. KG|"
    # Gulf states ('B.S.C. (c)', 'W.L.L.', 'PJSC', free-zone forms), eastern Europe, Asia.
    r"B\.S\.C\.?|W\.L\.L\.?|WLL|P\.J\.S\.C\.?|PJSC|JSC|FZE|FZCO|FZ-?\s?LLC|Q\.S\.C\.?|"
    r"S\.A\.O\.[GC]\.?|K\.S\.C\.(?:C\.)?|OOO|ООО|ZAO|OAO|PAO|Tbk\.?|BVBA|SPRL|CVBA|VZW|"
    r"EOOD|OOD|d\.d\.|A\.\$\.?)"  # 'A.$.': how OCR reads the Turkish 'A.Ş.'
    r"(?=$|[\s,.)])"
)
# In a line printed in capitals the mixed-case forms are capitalised too ('DY ULC CO., LTD.',
# 'TMS AUTOMOTIVE GMBH'); only forms that are no common word in capitals are looked for.
_CAPS_FORMS = re.compile(
    r"(?:^|[\s,(])(?:GMBH|MBH|LTD\.?|LIMITED|INC\.?|CORP\.?|CO\.,?\s?LTD\.?|PVT\.?|PTE\.?|"
    r"PTY\.?|SDN\.?\s?BHD\.?|LTDA\.?|LDA\.?|KFT\.?|ZRT\.?|ŞTİ\.?|ŞTI\.?|OYJ|KGAA|GESMBH|PLLC|"
    r"S\.P\.A\.?|S\.R\.L\.?|SP\.\s?Z\s?O\.O\.|S\.R\.O\.|D\.O\.O\.)(?=$|[\s,.)])"
)
# Legal forms in CJK scripts are written without spaces around them ('mocomoco株式会社').
# '公司' (company) closes a Chinese firm's name ('香港科技園公司') as '有限公司' does.
_CJK_LEGAL = re.compile(
    r"株式会社|有限会社|合同会社|有限公司|公司$|股份有限公司|集团|\(주\)|㈜|주식회사"
)
# Words that make a line read as an organisation rather than a person.
_ORG_WORDS = vocab(
    """
    group gruppe groupe grupo gruppo consulting consultants labs lab solution solutions partners
    studio studios agency agentur agence agencia agenzia design systems technologies
    technology tech software digital media services service holding holdings international
    industries capital ventures bank versicherung institute institut instituto istituto
    university universitat universite universidad universita hochschule academy akademie
    clinic klinik praxis kanzlei cabinet bureau buro associates associati asociados
    architects architekten architectes arquitectos architetti engineering logistics
    networks network foundation stiftung fondation fundacion fondazione verlag editions
    company compagnie compania compagnia gesellschaft werke manufaktur hotel restaurant
    automotive freight forwarding cargo analytics energy energie immobilien realty properties
    marketing communications
    department ministry government council association federation society agency
    corporation enterprises enterprise industries industrial trading traders exports imports
    manufacturing manufacturers motors pharma pharmaceuticals electronics electricals
    accountants chartered solicitors advocates lawyers attorneys notaires notaris avocats
    abogados avvocati rechtsanwalte steuerberatung builders infotech infosystems telecom
    telecommunications hospital hospitals healthcare foods textiles textile steel metals
    chemicals plastics machinery machines maschinen maschinenbau finance financial insurance
    investments trust publishing press resort laboratory laboratories research college
    school schule ecole escuela scuola universiteit universidade universitat consultancy
    transport shipping travels tours events films productions entertainment education
    ngo trading makina sanayi sanayii ticaret ticareti muhendislik insaat tekstil endustri
    endustriyel taahhut izolasyon aluminyum aluminium malzeme profil otomasyon elektrik
    """
)


# Spelled-out forms, matched case- and accent-blind ('LİMİTED ŞİRKETİ', 'SOCIEDAD ANÓNIMA').
_WORD_FORMS = re.compile(
    r"\b(?:limited|limitada|sirketi|corporation|incorporated|anonim|anonima|anonyme|"
    r"aktiengesellschaft|gesellschaft mbh|besloten vennootschap|naamloze vennootschap)\b"
)


def has_legal_form(text: str) -> bool:
    return bool(
        _LEGAL_FORMS.search(text)
        or _CJK_LEGAL.search(text)
        or _WORD_FORMS.search(fold(text))
        or (text.isupper() and _CAPS_FORMS.search(text))
    )


def strip_legal_form(text: str) -> str:
    text = _LEGAL_FORMS.sub(" ", text)
    return _CAPS_FORMS.sub(" ", text) if text.isupper() else text


def org_word_count(text: str) -> int:
    return sum(1 for w in re.findall(r"[a-z]+", fold(text)) if w in _ORG_WORDS)


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text))


def domain_match(text: str, domains: list[str]) -> float:
    """0..1: how well a line matches a domain label ('Nordlicht Design' ~ nordlicht-design.de)."""
    line = _squash(strip_legal_form(text))
    if len(line) < 3:
        return 0.0
    words = [w for w in (_squash(w) for w in strip_legal_form(text).split()) if w]
    best = 0.0
    for domain in domains:
        label = _squash(
            domain.split(".")[0] if not domain.startswith("www.") else domain.split(".")[1]
        )
        if len(label) < 3:
            continue
        if line == label:
            return 1.0
        if label in line or line in label:
            shorter, longer = sorted((line, label), key=len)
            best = max(best, 0.5 + 0.5 * len(shorter) / len(longer))
        else:
            # Initials: 'Müller & Partner Rechtsanwälte' ~ mp-law.de is beyond us; first word only.
            first = words[0] if words else ""
            # A short brand word starting the domain counts too ('Taj …' at tajhotels.com).
            if (len(first) >= 4 and first in label) or (
                len(first) == 3 and label.startswith(first)
            ):
                best = max(best, 0.6)
        best = max(best, _spelled_by_words(label, words))
    return best


def abbreviates(short: str, full: str) -> bool:
    """'HKSTP' for 'Hong Kong Science and Technology Parks Corporation', 'pittstate' for
    'Pittsburg State University': one word that shortens the full name printed elsewhere."""
    label = _squash(short)
    if len(short.split()) != 1 or not 2 <= len(label) <= 12:
        return False
    words = [w for w in (_squash(w) for w in strip_legal_form(full).split()) if w]
    return is_initials(short, full) or _spelled_by_words(label, words) >= 0.8


def _spelled_by_words(label: str, words: list[str]) -> float:
    """The domain label written with the line's words, in order, some skipped:
    whole words spelling most of it ('Sanjivani Dental Hospital' ~ sanjivanidentalcare), or the
    starts of the words spelling all of it, an acronym domain ('Korea Institute of Science and
    Technology Information' ~ kisti.re.kr, 'Pittsburg State University' ~ pittstate.edu)."""
    significant = [i for i, w in enumerate(words) if w not in _CONNECTORS]
    if len(words) < 2 or not significant:
        return 0.0
    words = words[significant[0] :]  # the label starts with the name's first word, not 'the'
    whole = _reach(label, words, whole=True)
    score = 0.5 + 0.45 * whole / len(label) if whole >= 0.6 * len(label) else 0.0
    if _reach(label, words, whole=False) == len(label):
        score = max(score, 0.8)
    return score


def _reach(label: str, words: list[str], whole: bool) -> int:
    """How much of the label's start two or more of the words spell, in order, first word first:
    each word whole, or (``whole`` False) each by a start of it. Starts of one or two letters
    ('j'+'smith' ~ jsmith) are a person's handle unless three or more words make an acronym."""
    best = 0
    # states: (position in the label, next usable word, pieces used (2 = two or more), a piece
    # shorter than three letters used)
    todo: list[tuple[int, int, int, bool]] = []
    seen: set[tuple[int, int, int, bool]] = set()

    def push(pos: int, j: int, pieces: int, short: bool) -> None:
        for k in [len(words[j])] if whole else range(1, len(words[j]) + 1):
            if label.startswith(words[j][:k], pos):
                todo.append((pos + k, j + 1, min(pieces + 1, 3), short or k < 3))

    push(0, 0, 0, False)
    while todo:
        state = todo.pop()
        if state in seen:
            continue
        seen.add(state)
        pos, nxt, pieces, short = state
        if pieces >= 2 and (pieces >= 3 or not short or whole):
            best = max(best, pos)
        for j in range(nxt, len(words)):
            push(pos, j, pieces, short)
    return best


# Joining words an acronym or a domain leaves out ('Institute of Science and Technology').
_CONNECTORS = vocab("of and for the und fur et des du de la le y e ve")


def company_score(text: str, domains: list[str]) -> float:
    """0..1: how much a line reads like the company name."""
    score = 0.0
    if has_legal_form(text):
        score = max(score, 0.85)
    if org_word_count(text) and len(text.split()) >= 2:
        score = max(score, 0.5)  # one organisation word alone ('Service', 'Lab') is no name
    dm = domain_match(text, domains)
    if dm:
        score = max(score, 0.4 + 0.55 * dm)
        if has_legal_form(text) or org_word_count(text):
            score = min(1.0, score + 0.1)
    return score


def repair_company(text: str) -> str:
    """Fix what OCR does to legal forms: a lost final dot ('S.A' -> 'S.A.', 'S.p.A' -> 'S.p.A.')
    and look-alike letters ('Meir Digital By' -> 'BV', 'SARI' -> 'SARL')."""
    text = repair_marks(text)
    text = re.sub(r"(?<=\s)((?:[A-Za-z]\.){1,3}[A-Za-z])$", r"\1.", text)
    for wrong, right in (("By", "BV"), ("B.y.", "B.V."), ("SARI", "SARL"), ("S.r.i.", "S.r.l."),
                         ("SRI", "SRL"), ("Sri", "Srl"), ("GmbbH", "GmbH"),
                         ("GrmbH", "GmbH"), ("Gmbh", "GmbH")):  # fmt: skip
        if text.endswith(" " + wrong):
            return text[: -len(wrong)] + right
    return text


def is_initials(short: str, text: str) -> bool:
    """'ABC' for 'Alpha Beta Consulting GmbH': a logo abbreviation of the printed full name."""
    letters = re.sub(r"[^a-z]", "", fold(short))
    # The legal form's letter often joins in ('NSG' for 'Nordlicht Solutions GmbH').
    words = [w for w in re.findall(r"[a-z]+", fold(text)) if len(w) > 2 or w in ("ag", "sa")]
    if not 2 <= len(letters) <= 6 or len(words) < len(letters) or " " in short.strip():
        return False
    it = iter(w[0] for w in words)
    return all(ch in it for ch in letters)  # the letters in order among the words' initials


_BUILDING_WORDS = vocab(
    "house tower towers plaza building bldg centre center complex chambers arcade mall estate "
    "heights bhavan bhawan haus huis immeuble edificio edificio palazzo torre residency court "
    "place"
)


def is_building(text: str) -> bool:
    """'Meridian House', 'Edificio Torre Norte': a building's name, printed as an address part."""
    return any(w in _BUILDING_WORDS for w in re.findall(r"[a-z]+", fold(text)))
