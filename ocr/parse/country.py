"""Inferring which country a card comes from, so national-format phone numbers can be parsed.

The evidence is weighed in the order the brief fixes: a printed ``+code`` elsewhere on the card,
then the postal address (country name, postcode format, well-known city), then the country TLD of
the website or email, then ``Settings.default_region``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

import phonenumbers

from ocr.parse.text import vocab

# Country-code TLDs → ISO region. Generic TLDs (.com, .net, .eu, .io) say nothing.
TLD_REGION: dict[str, str] = {
    "de": "DE", "at": "AT", "ch": "CH", "li": "LI", "fr": "FR", "be": "BE", "lu": "LU",
    "nl": "NL", "es": "ES", "pt": "PT", "it": "IT", "ie": "IE", "uk": "GB", "dk": "DK",
    "se": "SE", "no": "NO", "fi": "FI", "pl": "PL", "cz": "CZ", "sk": "SK", "hu": "HU",
    "si": "SI", "hr": "HR", "gr": "GR", "ro": "RO", "bg": "BG", "ca": "CA", "us": "US",
    "mx": "MX", "br": "BR", "ar": "AR", "au": "AU", "nz": "NZ", "mt": "MT", "cy": "CY",
    "ee": "EE", "lv": "LV", "lt": "LT", "is": "IS", "cl": "CL", "co": "CO", "pe": "PE",
}  # fmt: skip

# Country names as printed on cards, in the card languages we support, normalised (no accents).
COUNTRY_NAMES: dict[str, str] = {
    "deutschland": "DE", "germany": "DE", "allemagne": "DE", "alemania": "DE",
    "germania": "DE", "duitsland": "DE", "alemanha": "DE",
    "osterreich": "AT", "austria": "AT", "autriche": "AT", "oostenrijk": "AT",
    "schweiz": "CH", "switzerland": "CH", "suisse": "CH", "svizzera": "CH", "suiza": "CH",
    "zwitserland": "CH", "suica": "CH",
    "france": "FR", "frankreich": "FR", "francia": "FR", "frankrijk": "FR", "franca": "FR",
    "belgique": "BE", "belgium": "BE", "belgie": "BE", "belgien": "BE", "belgica": "BE",
    "belgio": "BE",
    "luxembourg": "LU", "luxemburg": "LU",
    "nederland": "NL", "netherlands": "NL", "the netherlands": "NL", "niederlande": "NL",
    "pays-bas": "NL", "paises bajos": "NL", "paesi bassi": "NL", "holanda": "NL",
    "espana": "ES", "spain": "ES", "spanien": "ES", "espagne": "ES", "spagna": "ES",
    "spanje": "ES", "espanha": "ES",
    "portugal": "PT", "portogallo": "PT",
    "italia": "IT", "italy": "IT", "italien": "IT", "italie": "IT", "italie ": "IT",
    "ireland": "IE", "irland": "IE", "irlande": "IE", "eire": "IE",
    "united kingdom": "GB", "uk": "GB", "u.k.": "GB", "great britain": "GB", "england": "GB",
    "scotland": "GB", "wales": "GB", "grossbritannien": "GB", "royaume-uni": "GB",
    "reino unido": "GB", "regno unito": "GB",
    "usa": "US", "u.s.a.": "US", "united states": "US", "united states of america": "US",
    "canada": "CA", "kanada": "CA",
    "danmark": "DK", "denmark": "DK", "sverige": "SE", "sweden": "SE", "norge": "NO",
    "norway": "NO", "suomi": "FI", "finland": "FI", "polska": "PL", "poland": "PL",
    "mexico": "MX", "brasil": "BR", "brazil": "BR", "australia": "AU",
}  # fmt: skip

# Large / business cities, normalised, for cards that print neither country nor +code.
CITY_REGION: dict[str, str] = {
    "berlin": "DE", "hamburg": "DE", "munchen": "DE", "muenchen": "DE", "koln": "DE",
    "frankfurt": "DE", "frankfurt am main": "DE", "stuttgart": "DE", "dusseldorf": "DE",
    "leipzig": "DE", "dresden": "DE", "hannover": "DE", "nurnberg": "DE", "bremen": "DE",
    "essen": "DE", "dortmund": "DE", "bonn": "DE", "mannheim": "DE", "karlsruhe": "DE",
    "wien": "AT", "graz": "AT", "linz": "AT", "salzburg": "AT", "innsbruck": "AT",
    "zurich": "CH", "geneve": "CH", "genf": "CH", "basel": "CH", "bern": "CH",
    "lausanne": "CH", "luzern": "CH", "lugano": "CH",
    "paris": "FR", "lyon": "FR", "marseille": "FR", "toulouse": "FR", "nantes": "FR",
    "bordeaux": "FR", "lille": "FR", "strasbourg": "FR", "nice": "FR", "montpellier": "FR",
    "rennes": "FR", "grenoble": "FR",
    "bruxelles": "BE", "brussel": "BE", "brussels": "BE", "antwerpen": "BE", "gent": "BE",
    "liege": "BE", "anvers": "BE",
    "amsterdam": "NL", "rotterdam": "NL", "den haag": "NL", "utrecht": "NL",
    "eindhoven": "NL", "groningen": "NL", "leiden": "NL", "delft": "NL",
    "madrid": "ES", "barcelona": "ES", "valencia": "ES", "sevilla": "ES", "bilbao": "ES",
    "malaga": "ES", "zaragoza": "ES",
    "lisboa": "PT", "porto": "PT", "braga": "PT", "coimbra": "PT", "faro": "PT",
    "roma": "IT", "milano": "IT", "torino": "IT", "napoli": "IT", "firenze": "IT",
    "bologna": "IT", "venezia": "IT", "genova": "IT", "verona": "IT", "padova": "IT",
    "dublin": "IE", "cork": "IE", "galway": "IE", "limerick": "IE",
    "london": "GB", "manchester": "GB", "birmingham": "GB", "edinburgh": "GB",
    "glasgow": "GB", "bristol": "GB", "leeds": "GB", "cambridge": "GB", "oxford": "GB",
    "toronto": "CA", "montreal": "CA", "vancouver": "CA", "ottawa": "CA", "calgary": "CA",
}  # fmt: skip

US_STATES = vocab(
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH "
    "NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY"
)
CA_PROVINCES = vocab("AB BC MB NB NL NS NT NU ON PE QC SK YT")


def fold(text: str) -> str:
    """Lower-case and strip accents: 'Zürich' -> 'zurich', for vocabulary look-ups."""
    decomposed = unicodedata.normalize("NFKD", text.replace("ß", "ss").replace("ẞ", "SS"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def region_from_tld(host: str) -> str | None:
    """'www.firma.de' -> 'DE', 'x.co.uk' -> 'GB'; None for generic TLDs."""
    host = host.lower().rstrip(".")
    tld = host.rsplit(".", 1)[-1]
    return TLD_REGION.get(tld)


def region_from_plus_codes(texts: list[str]) -> str | None:
    """The region of the most common international prefix printed on the card ('+49 ...')."""
    counts: Counter[str] = Counter()
    for text in texts:
        for match in re.finditer(r"(?:\+|\b00)\s?(\d[\d\s()./-]{6,})", text):
            digits = re.sub(r"\D", "", match.group(1))
            for n in (1, 2, 3):
                code = int(digits[:n]) if len(digits) >= n else 0
                region = phonenumbers.region_code_for_country_code(code)
                if region and region != "ZZ":
                    if code == 1:
                        region = "US"  # NANP: US/CA share it; exact region does not matter here
                    counts[region] += 1
                    break
    return counts.most_common(1)[0][0] if counts else None


def region_from_country_name(text: str) -> str | None:
    key = fold(text).strip(" .,;:-")
    return COUNTRY_NAMES.get(key)
