"""Inferring which country a card comes from, so national-format phone numbers can be parsed.

The evidence is weighed in the order the brief fixes: a printed ``+code`` elsewhere on the card,
then the postal address (country name, postcode format, well-known city), then the country TLD of
the website or email, then ``Settings.default_region``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

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

# Business cities beyond Europe's, for cards that print a city but neither country nor +code.
CITY_REGION.update({
    "new york": "US", "san francisco": "US", "chicago": "US", "boston": "US", "seattle": "US",
    "los angeles": "US", "austin": "US", "houston": "US", "dallas": "US", "atlanta": "US",
    "miami": "US", "denver": "US", "washington": "US", "philadelphia": "US",
    "mumbai": "IN", "bombay": "IN", "delhi": "IN", "new delhi": "IN", "bangalore": "IN",
    "bengaluru": "IN", "chennai": "IN", "hyderabad": "IN", "pune": "IN", "kolkata": "IN",
    "ahmedabad": "IN", "noida": "IN", "gurgaon": "IN", "gurugram": "IN", "jaipur": "IN",
    "tokyo": "JP", "osaka": "JP", "yokohama": "JP", "kyoto": "JP", "nagoya": "JP",
    "seoul": "KR", "busan": "KR", "daejeon": "KR", "incheon": "KR",
    "singapore": "SG", "hong kong": "HK", "shanghai": "CN", "beijing": "CN", "shenzhen": "CN",
    "taipei": "TW", "kuala lumpur": "MY", "bangkok": "TH", "jakarta": "ID", "manila": "PH",
    "istanbul": "TR", "ankara": "TR", "izmir": "TR", "bursa": "TR",
    "dubai": "AE", "abu dhabi": "AE", "doha": "QA", "riyadh": "SA", "tel aviv": "IL",
    "cairo": "EG", "johannesburg": "ZA", "cape town": "ZA", "nairobi": "KE", "lagos": "NG",
    "sydney": "AU", "melbourne": "AU", "brisbane": "AU", "perth": "AU", "auckland": "NZ",
    "sao paulo": "BR", "rio de janeiro": "BR", "buenos aires": "AR", "santiago": "CL",
    "bogota": "CO", "lima": "PE", "mexico city": "MX", "ciudad de mexico": "MX",
    "stockholm": "SE", "oslo": "NO", "copenhagen": "DK", "kobenhavn": "DK", "helsinki": "FI",
    "warszawa": "PL", "warsaw": "PL", "krakow": "PL", "praha": "CZ", "prague": "CZ",
    "budapest": "HU", "athens": "GR", "bucharest": "RO", "moscow": "RU",
})  # fmt: skip

# States and provinces printed as the last address part where the country often is not.
COUNTRY_NAMES.update({
    "maharashtra": "IN", "gujarat": "IN", "karnataka": "IN", "tamil nadu": "IN", "kerala": "IN",
    "telangana": "IN", "andhra pradesh": "IN", "uttar pradesh": "IN", "rajasthan": "IN",
    "west bengal": "IN", "punjab": "IN", "haryana": "IN", "madhya pradesh": "IN", "goa": "IN",
    "bihar": "IN", "odisha": "IN", "new south wales": "AU", "victoria": "AU", "queensland": "AU",
})  # fmt: skip

US_STATES = vocab(
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH "
    "NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY"
)
CA_PROVINCES = vocab("AB BC MB NB NL NS NT NU ON PE QC SK YT")


def fold(text: str) -> str:
    """Lower-case and strip accents: 'Zürich' -> 'zurich', for vocabulary look-ups."""
    decomposed = unicodedata.normalize("NFKD", text.replace("ß", "ss").replace("ẞ", "SS"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


# ccTLDs sold worldwide as generic names ('.io', '.ai', '.me'): they say nothing of the country.
_VANITY_TLDS = vocab("io ai me tv fm ly gg cc ws to la sh ac am im so st vc")


def region_from_tld(host: str) -> str | None:
    """'www.firma.de' -> 'DE', 'x.co.uk' -> 'GB'; None for generic TLDs."""
    host = host.lower().rstrip(".")
    tld = host.rsplit(".", 1)[-1]
    if tld in TLD_REGION:
        return TLD_REGION[tld]
    # Any other two-letter ccTLD is the ISO code phonenumbers knows the country by.
    if len(tld) == 2 and tld not in _VANITY_TLDS and tld.upper() in phonenumbers.SUPPORTED_REGIONS:
        return tld.upper()
    return None


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


@lru_cache(maxsize=1)
def _world_country_names() -> dict[str, str]:
    """Every country's name in the card languages we read, from phonenumbers' own table (so a
    Turkish or Indian card's country line counts as much as a German one's)."""
    from phonenumbers.geodata.locale import LOCALE_DATA

    names: dict[str, str] = {}
    for region, by_lang in LOCALE_DATA.items():
        for lang in ("aa", "de", "fr", "es", "it", "pt", "nl", "tr"):
            name = by_lang.get(lang, "")
            while name.startswith("*"):
                name = by_lang.get(name[1:], "")
            if len(name) >= 4:
                names.setdefault(fold(name), region)
    return names


def region_from_country_name(text: str) -> str | None:
    key = fold(text).strip(" .,;:-")
    return COUNTRY_NAMES.get(key) or _world_country_names().get(key)
