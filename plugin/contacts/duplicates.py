"""Is a new card someone we already have? Pure functions over contacts in the extract shape.

Match rules, strongest first (``find_duplicate`` reports the strongest reason that holds):

- ``email``: the same address, trimmed and case-insensitive. A role address (info@, sales@ ...)
  is shared by colleagues, so it counts only when the names are compatible too.
- ``phone``: the same E.164 number. Fax numbers never count. A ``main`` number, or one that
  two or more existing contacts share (a switchboard), counts only with compatible names;
  any other number counts unless the names clearly belong to two different people.
- ``name+company``: compatible names and the same company after ``normalise_company`` (and
  OCR folding, so "Acrne" is "Acme").
- ``name+domain``: compatible names and the same organisation domain, from emails or website;
  free-mail domains (gmail.com, gmx.de ...) and social sites never count.

Compatible names: the same family name (OCR slips such as "Srnith" and one-letter typos in
longer names allowed) and a given name that is equal, an initial ("J."), a nickname ("Bob" for
"Robert"), a prefix ("Chris"/"Christopher") or one typo away. "Jane" and "John" are not.

Scores: email 1.0 (role address 0.9); phone 0.95 when both are mobiles, else 0.9, a shared
line 0.85; name+company 0.6 + 0.3 x name likeness (at most 0.9); name+domain 0.55 + 0.3 x
name likeness (at most 0.85).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from nameparser import HumanName
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from plugin.models import ContactDict

_RANK = {"email": 4, "phone": 3, "name+company": 2, "name+domain": 1}


@dataclass(frozen=True)
class Candidate:
    contact_id: int
    fields: ContactDict


@dataclass(frozen=True)
class Match:
    contact_id: int
    reason: str  # "email" | "phone" | "name+company" | "name+domain"
    score: float  # 0..1


# --- companies and domains ----------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_LEGAL = _words(
    "inc incorporated corp corporation co company ltd limited llc llp lp plc pllc gmbh mbh ag kg"
    " ohg ug ev se sa sas sarl sasu spa srl sl sro as asa ab oy oyj aps bv nv kk pty pvt pte bhd"
    " sdn"
)
_FREE_MAIL = _words(
    "gmail.com googlemail.com outlook.com hotmail.com live.com msn.com yahoo.com ymail.com"
    " icloud.com me.com mac.com aol.com gmx.com gmx.net gmx.de web.de t-online.de freenet.de"
    " proton.me protonmail.com pm.me mail.com zoho.com yandex.com yandex.ru mail.ru qq.com"
    " 163.com 126.com naver.com orange.fr free.fr laposte.net libero.it btinternet.com"
    " comcast.net hey.com fastmail.com tutanota.com seznam.cz wp.pl o2.pl"
    # social and hosting sites: a website there says nothing about an employer
    " linkedin.com xing.com facebook.com instagram.com twitter.com x.com github.com github.io"
    " youtube.com medium.com wixsite.com"
)
_FREE_MAIL_BRANDS = _words("gmail gmx yahoo hotmail live outlook yandex aol")
_SECOND_LEVEL = _words("co com ac org net gov edu ne or go ltd plc")
_ROLE_LOCALS = _words(
    "info sales contact hello office admin support marketing team enquiries inquiries mail"
    " service kontakt press hr jobs careers billing events welcome reception"
)


def normalise_company(name: str | None) -> str:
    """A company name for comparison: "The Acme Company, Inc." -> "acme".

    Lower case, no accents or punctuation, no leading "The" and no trailing legal forms (Inc,
    Ltd, LLC, GmbH & Co. KG, S.A., ...). Never empties a name that is only a legal form."""
    if not name:
        return ""
    text = _strip_accents(name).casefold().replace("&", " and ")
    text = re.sub(r"[.'’]", "", text)  # "S.A." -> "sa", "O'Neil" -> "oneil"
    words = re.sub(r"[\W_]+", " ", text).split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    while len(words) > 1 and (words[-1] in _LEGAL or words[-1] == "and"):
        words.pop()
    return " ".join(words)


def email_domain(email: str | None) -> str | None:
    """The part after "@", trimmed and lower-cased; None when there is none."""
    if not email or "@" not in email:
        return None
    domain = email.strip().rsplit("@", 1)[1].strip().strip(".").lower()
    return domain or None


def _org_domain(host: str) -> str:
    # Without a public-suffix list: "mail.acme.co.uk" -> "acme.co.uk", "eu.acme.com" -> "acme.com".
    labels = [p for p in host.split(".") if p]
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def _is_free(org: str) -> bool:
    return org in _FREE_MAIL or org.split(".")[0] in _FREE_MAIL_BRANDS


def _org_domains(contact: ContactDict) -> set[str]:
    return set(_org_domain_list(contact))


def company_domain(contact: ContactDict) -> str | None:
    """The organisation's domain for a CRM's company record: the website's, else the first
    work email's (never a free-mail provider); lower-case, no scheme, no ``www.``."""
    found = _org_domain_list(contact, website_first=True)
    return found[0] if found else None


def _org_domain_list(contact: ContactDict, website_first: bool = False) -> list[str]:
    hosts = [email_domain(e) for e in contact.get("emails") or []]
    website = contact.get("website")
    if website:
        host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", website.strip().lower()).split("/")[0]
        host = host.split(":")[0].split("@")[-1]
        hosts.insert(0, host) if website_first else hosts.append(host)
    orgs = [_org_domain(h) for h in hosts if h and "." in h]
    return [o for o in dict.fromkeys(orgs) if "." in o and not _is_free(o)]


# --- names --------------------------------------------------------------------------------

_NICKNAMES = """
robert bob bobby rob robbie bert | william bill billy will willy liam | james jim jimmy jamie
michael mike mikey mick | david dave davey | daniel dan danny | thomas tom tommy
christopher chris kit | christine christina chris tina | alexander alex alec sasha | alexandra alex
katherine catherine kathryn kate katie kathy cathy kat | elizabeth liz lizzie beth betty eliza
jennifer jen jenny | samuel sam sammy | samantha sam | benjamin ben benny | nicholas nick nicky
anthony tony | joseph joe joey | stephen steven steve | matthew matt | patrick pat paddy
patricia pat patty trish | richard rick ricky rich dick | edward ed eddie ted ned | andrew andy drew
gregory greg | john jon johnny jack | jonathan jon jonny | peter pete | timothy tim timmy
margaret meg maggie peggy | susan sue susie suzanne | charles charlie chuck | henry hank harry
harold harry | frederick fred freddie | lawrence larry | jeffrey jeff geoffrey | kenneth ken kenny
ronald ron ronnie | donald don donnie | douglas doug | philip phillip phil | vincent vince
abigail abby | rebecca becky | deborah debbie deb | amanda mandy | nathan nathaniel nate
zachary zach zack | joshua josh | jacob jake | maximilian max | johannes hans | josef joseph sepp
friedrich fritz | francesco franco | francis frank | francisco paco pancho | jose pepe
alejandro alex | guillermo memo | eleanor ellie nora | victoria vicky tori | olivia liv
"""
_NICK_GROUPS: dict[str, set[int]] = {}
for _i, _group in enumerate(_NICKNAMES.replace("\n", " ").split("|")):
    for _name in _group.split():
        _NICK_GROUPS.setdefault(_name, set()).add(_i)


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _fold(text: str | None) -> str:
    """Letters only, lower case, with common OCR confusions undone ("Srnith" == "Smith")."""
    if not text:
        return ""
    text = _strip_accents(text).casefold()
    text = text.translate(str.maketrans({"0": "o", "1": "l", "|": "l", "5": "s"}))
    text = "".join(c for c in text if c.isalpha())
    return text.replace("rn", "m").replace("vv", "w")


def _is_initials(raw: str) -> bool:
    return re.fullmatch(r"(\w\.\s*)+|\w", raw.strip()) is not None


def _name_parts(contact: ContactDict) -> tuple[str, str, str]:
    """(raw given, folded family, folded full name)."""
    given, family, full = (contact.get(k) or "" for k in ("given_name", "family_name", "full_name"))
    if full and not (given and family):
        parsed = HumanName(full)
        given, family = given or parsed.first, family or parsed.last
    return given, _fold(family), _fold(full or f"{given} {family}")


def _family_sim(a: str, b: str) -> float:
    if a == b:
        return 1.0
    shortest = min(len(a), len(b))
    allowed = 0 if shortest < 4 else 1 if shortest < 8 else 2
    if Levenshtein.distance(a, b) <= allowed:
        return 0.9
    if shortest >= 4 and (a.startswith(b) or b.startswith(a)):
        return 0.8  # "Garcia Lopez" / "Garcia": one of two surnames left off
    return 0.0


def _given_sim(raw_a: str, raw_b: str) -> float:
    a, b = _fold(raw_a), _fold(raw_b)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    if _is_initials(raw_a) or _is_initials(raw_b):
        return 0.8 if a[0] == b[0] else 0.0
    if _NICK_GROUPS.get(a, set()) & _NICK_GROUPS.get(b, set()):
        return 0.9
    short, long = sorted((a, b), key=len)
    if len(short) >= 3 and long.startswith(short):
        return 0.85
    if len(short) >= 4 and Levenshtein.distance(a, b) <= 1:
        return 0.85
    return 0.0


def _name_score(a: ContactDict, b: ContactDict) -> float | None:
    """How alike two people's names are, 0 when they differ; None when either lacks a name."""
    given_a, family_a, full_a = _name_parts(a)
    given_b, family_b, full_b = _name_parts(b)
    if given_a and given_b and family_a and family_b:
        return _family_sim(family_a, family_b) * _given_sim(given_a, given_b)
    if full_a and full_b:  # e.g. "王伟", which no parser splits
        if full_a == full_b:
            return 1.0
        return (
            0.85 if min(len(full_a), len(full_b)) >= 6 and fuzz.ratio(full_a, full_b) >= 90 else 0
        )
    return None


def _conflict(a: ContactDict, b: ContactDict) -> bool:
    """Both names are known and clearly belong to two different people."""
    given_a, family_a, full_a = _name_parts(a)
    given_b, family_b, full_b = _name_parts(b)
    if given_a and given_b and family_a and family_b:
        return fuzz.ratio(family_a, family_b) < 70 and not _given_sim(given_a, given_b)
    return bool(full_a and full_b) and fuzz.ratio(full_a, full_b) < 50


# --- matching -----------------------------------------------------------------------------


def email_key(address: str) -> str:
    return re.sub(r"^mailto:", "", address.strip(), flags=re.IGNORECASE).lower()


def _company_key(contact: ContactDict) -> str:
    return _fold(normalise_company(contact.get("company"))) if contact.get("company") else ""


def _phones(contact: ContactDict) -> list[dict[str, Any]]:
    return [p for p in contact.get("phones") or [] if p.get("number") and p.get("kind") != "fax"]


def match_keys(contact: ContactDict) -> list[str]:
    """Index keys: every pair ``find_duplicate`` can match shares at least one.

    "email:<address>", "phone:<E.164>" (not fax), "company:<normalised, OCR-folded>" and
    "domain:<organisation domain>". Treat them as opaque strings; there is no name-only key
    because a name alone never makes a match.
    """
    keys = [f"email:{email_key(e)}" for e in contact.get("emails") or [] if e.strip()]
    keys += [f"phone:{p['number']}" for p in _phones(contact)]
    if company := _company_key(contact):
        keys.append(f"company:{company}")
    keys += [f"domain:{d}" for d in sorted(_org_domains(contact))]
    return list(dict.fromkeys(keys))


def _match_one(new: ContactDict, old: ContactDict, shared: set[str]) -> tuple[str, float] | None:
    """The strongest reason ``new`` is ``old``, with its score; None if there is none."""
    names = _name_score(new, old) or 0.0
    new_emails = {email_key(e) for e in new.get("emails") or [] if e.strip()}
    common = new_emails & {email_key(e) for e in old.get("emails") or []}
    if any(address.split("@")[0] not in _ROLE_LOCALS for address in common):
        return "email", 1.0
    if common and names:
        return "email", 0.9
    old_phones = {p["number"]: p for p in _phones(old)}
    phone_scores = [0.0]
    for phone in _phones(new):
        other = old_phones.get(phone["number"])
        if other is None:
            continue
        if "main" in (phone.get("kind"), other.get("kind")) or phone["number"] in shared:
            phone_scores.append(0.85 if names else 0.0)
        elif not _conflict(new, old):
            both_mobile = phone.get("kind") == other.get("kind") == "mobile"
            phone_scores.append(0.95 if both_mobile else 0.9)
    if max(phone_scores):
        return "phone", max(phone_scores)
    if not names:
        return None
    company = _company_key(new)
    if company and company == _company_key(old):
        return "name+company", round(0.6 + 0.3 * names, 3)
    if _org_domains(new) & _org_domains(old):
        return "name+domain", round(0.55 + 0.3 * names, 3)
    return None


def find_duplicate(new: ContactDict, candidates: Iterable[Candidate]) -> Match | None:
    """The existing contact the new card most likely is: strongest reason first, then score.

    Pass every contact that shares a ``match_keys`` key with the card: a number found on two or
    more of them is taken for a shared line.
    """
    pool = list(candidates)
    owners: dict[str, set[int]] = {}
    for cand in pool:
        for phone in _phones(cand.fields):
            owners.setdefault(phone["number"], set()).add(cand.contact_id)
    shared = {number for number, ids in owners.items() if len(ids) > 1}
    best: Match | None = None
    for cand in pool:
        found = _match_one(new, cand.fields, shared)
        if found is None:
            continue
        match = Match(cand.contact_id, *found)
        if best is None or (_RANK[match.reason], match.score) > (_RANK[best.reason], best.score):
            best = match
    return best
