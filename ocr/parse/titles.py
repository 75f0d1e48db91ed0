"""Job-title vocabulary in en/de/fr/es/it/pt/nl, matched on accent-folded words."""

from __future__ import annotations

import re

from ocr.parse.country import fold
from ocr.parse.scripts import cjk_title_score
from ocr.parse.text import vocab

# Whole words (folded). Gendered and abbreviated forms are listed explicitly.
_TITLE_WORDS = vocab(
    """
    ceo cto cfo coo cmo cio cso cpo cro vp svp evp md gm hr it
    founder cofounder co-founder owner president chairman chairwoman chair director manager
    head lead leader engineer developer consultant partner associate analyst architect designer
    specialist officer executive assistant coordinator administrator advisor adviser attorney
    lawyer counsel accountant representative rep sales marketing principal scientist researcher
    professor lecturer editor producer photographer strategist recruiter agent broker
    technician supervisor intern trainee secretary treasurer chief senior junior managing deputy
    geschaftsfuhrer geschaftsfuhrerin inhaber inhaberin leiter leiterin leitung vertrieb
    vorstand vorsitzender vorsitzende prokurist prokuristin berater beraterin entwickler
    entwicklerin ingenieur ingenieurin referent referentin sachbearbeiter sachbearbeiterin
    mitarbeiter mitarbeiterin projektleiter projektleiterin abteilungsleiter abteilungsleiterin
    vertriebsleiter vertriebsleiterin teamleiter teamleiterin bereichsleiter bereichsleiterin
    gesellschafter gesellschafterin rechtsanwalt rechtsanwaltin steuerberater steuerberaterin
    architektin architekt kundenberater kundenberaterin verkauf einkauf assistenz
    directeur directrice responsable charge chargee gerant gerante fondateur fondatrice
    associe associee ingenieure conseiller conseillere commercial commerciale chef
    president presidente consultante avocat avocate comptable developpeur developpeuse
    gerente jefe jefa directora director(a) responsable fundador fundadora socio socia
    asesor asesora ingeniero ingeniera consultor consultora comercial tecnico tecnica
    coordinador coordinadora abogado abogada desarrollador desarrolladora
    responsabile direttore direttrice commerciale amministratore amministratrice delegato
    delegata fondatore fondatrice titolare consulente ingegnere progettista ufficio
    avvocato avvocata socio
    medewerker medewerkster adviseur directeur eigenaar oprichter bedrijfsleider
    accountmanager verkoper projectleider teamleider ontwikkelaar
    diretor diretora gestor gestora engenheiro engenheira gerente consultor socio-gerente
    administrador administradora fundadora coordenador coordenadora comercial tecnico
    mudur muduru mudurlugu yardimcisi baskani baskan sorumlusu temsilcisi muhendisi muhendis
    uzmani uzman sefi koordinatoru koordinator direktoru direktor yoneticisi danismani
    danisman kurucu ortak
    surgeon dentist physician nurse therapist physiotherapist pharmacist optometrist
    chiropractor auditor notary translator interpreter journalist reporter teacher instructor
    trainer receptionist cashier clerk controller buyer planner surveyor inspector economist
    curator librarian rector registrar ambassador consul commissioner
    chirurgien chirurgienne dentiste medecin pharmacien pharmacienne notaire
    cirujano cirujana dentista medico medica farmaceutico farmaceutica
    chirurgo odontoiatra farmacista arzt arztin zahnarzt zahnarztin apotheker apothekerin
    notar notarin tandarts chirurg
    architetto architetta arquitecto arquitecta arquiteto arquiteta architecte
    """
)
# Place labels that hold a title word: 'Head Office', 'Headquarters' are addresses, not roles.
_PLACE_LABELS = re.compile(r"\bhead[\s-]*(?:office|quarters)\b")
# Words that qualify a role and are none on their own.
_MODIFIERS = vocab("senior junior deputy managing chief vice")
# Multi-word phrases and prefixes ('Head of', 'Chargé de', 'Leiter Vertrieb').
_TITLE_PHRASES = re.compile(
    r"\b(?:head of|vice president|board member|account (?:manager|executive)|key account|"
    r"business development|sales (?:manager|director|rep)|charge(?:e)? d(?:e|')|chef de|"
    r"directeur|directrice|jefe de|jefa de|director de|directora de|responsable de|"
    r"responsabile (?:di|del|della)|amministratore delegato|managing director|"
    r"member of the board|country manager|office manager|project manager|product manager)",
)
# Compound words that end in a title word ('Marketingleiterin', 'Softwareentwickler').
_TITLE_SUFFIXES = re.compile(
    r"(?:leiter|leiterin|fuhrer|fuhrerin|berater|beraterin|entwickler|entwicklerin|ingenieur|"
    r"ingenieurin|manager|managerin|referent|referentin|assistent|assistentin|designer|"
    r"designerin|fachwirt|fachwirtin|kaufmann|kauffrau|techniker|technikerin|"
    r"beauftragter|beauftragte|"
    # Professions by their ending: 'Implantologist', 'Radiologist', 'Physician', 'Optician'.
    r"\w{3}ologist|\w{3}ician|\w{3}iatrist)$"
)


def _is_title_word(w: str) -> bool:
    """One folded word from the lexicon; 'Manager-Owner' (two roles joined by a hyphen) and
    'Co-ordinator' count too."""
    return bool(
        w.strip("-") in _TITLE_WORDS
        or _TITLE_SUFFIXES.search(w)
        or ("-" in w.strip("-") and any(p in _TITLE_WORDS for p in w.split("-")))
        or w.replace("-", "") in _TITLE_WORDS
    )


def lexicon_word(word: str) -> bool:
    """One printed word that the title lexicon knows ('Senior', 'Müdürü', 'Co-ordinator')."""
    folded = fold(word).strip(".,;:()")
    return bool(folded) and _is_title_word(folded)


def title_score(text: str) -> float:
    """0..1: how much a line reads like a job title."""
    folded = _PLACE_LABELS.sub(" ", fold(text))
    words = re.findall(r"[a-z][a-z()'-]*", folded)
    if not words:
        return (
            cjk_title_score(text) if not re.search(r"[a-z]", fold(text)) else 0.0
        )  # '営業部 部長', '销售经理', '영업부 부장'
    hits: float = sum(1 for w in words if _is_title_word(w))
    if _TITLE_PHRASES.search(folded):
        hits += 1
    elif hits and all(w in _MODIFIERS for w in words):
        return 0.0  # 'Deputy' or 'Senior' alone: the role itself was not read
    if "&" in text or "/" in text:  # 'CEO & Founder', 'Sales / Marketing'
        hits += 0.2 * bool(hits)
    if hits == 0:
        return 0.0
    return min(1.0, 0.55 + 0.25 * hits)


# Regions a role covers, printed under the title ('TLD Manager' / 'Europe, Asia, Middle East').
_REGIONS = vocab(
    """
    europe european asia asian africa african america americas emea apac latam mena dach
    nordics nordic benelux iberia middle east west north south central eastern western
    northern southern global worldwide international region regions europa europe asien
    afrika amerika asie afrique amerique oriente medio
    """
)
_LINKS = vocab("and & und et y e of the")


def is_region_list(text: str) -> bool:
    words = [w for w in re.findall(r"[a-z&]+", fold(text)) if w not in _LINKS]
    return bool(words) and all(w in _REGIONS for w in words)


def strong_title_words(text: str) -> int:
    """Title words other than two-letter acronyms ('IT', 'HR', 'MD' also name departments and
    slogans: 'Customs IT of Tomorrow')."""
    words = re.findall(r"[a-z][a-z()'-]*", fold(text))
    return sum(1 for w in words if len(w) > 2 and _is_title_word(w)) + bool(
        _TITLE_PHRASES.search(fold(text))
    )
