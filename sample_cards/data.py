"""Data pools for the sample-card generator: fonts, and per-country people, firms and addresses.

Everything here is invented. Phone numbers are produced from ``*_patterns`` (``X`` = any digit,
``N`` = 2-9) and then checked with ``phonenumbers`` by the generator; US/CA numbers always fall
in the fictional 555-01xx block and UK numbers in Ofcom's drama ranges.
"""

from __future__ import annotations

from dataclasses import dataclass

FONT_DIRS = {
    "dejavu": "/usr/share/fonts/truetype/dejavu",
    "liberation": "/usr/share/fonts/truetype/liberation",
    "noto": "/usr/share/fonts/truetype/noto",
    "wqy": "/usr/share/fonts/truetype/wqy",  # fonts-wqy-microhei: kana, kanji, Hanzi, Hangul
}

FONTS: dict[str, str] = {
    "dejavu-sans": "dejavu/DejaVuSans.ttf",
    "wqy-microhei": "wqy/wqy-microhei.ttc",
    "dejavu-sans-bold": "dejavu/DejaVuSans-Bold.ttf",
    "dejavu-sans-light": "dejavu/DejaVuSans-ExtraLight.ttf",
    "dejavu-cond": "dejavu/DejaVuSansCondensed.ttf",
    "dejavu-cond-bold": "dejavu/DejaVuSansCondensed-Bold.ttf",
    "dejavu-serif": "dejavu/DejaVuSerif.ttf",
    "dejavu-serif-bold": "dejavu/DejaVuSerif-Bold.ttf",
    "dejavu-serif-italic": "dejavu/DejaVuSerif-Italic.ttf",
    "lib-sans": "liberation/LiberationSans-Regular.ttf",
    "lib-sans-bold": "liberation/LiberationSans-Bold.ttf",
    "lib-sans-italic": "liberation/LiberationSans-Italic.ttf",
    "lib-narrow": "liberation/LiberationSansNarrow-Regular.ttf",
    "lib-narrow-bold": "liberation/LiberationSansNarrow-Bold.ttf",
    "lib-serif": "liberation/LiberationSerif-Regular.ttf",
    "lib-serif-bold": "liberation/LiberationSerif-Bold.ttf",
    "lib-serif-italic": "liberation/LiberationSerif-Italic.ttf",
    "lib-mono": "liberation/LiberationMono-Regular.ttf",
    "noto-sans": "noto/NotoSans-Regular.ttf",
    "noto-sans-bold": "noto/NotoSans-Bold.ttf",
    "noto-sans-italic": "noto/NotoSans-Italic.ttf",
    "noto-display": "noto/NotoSansDisplay-Regular.ttf",
    "noto-display-bold": "noto/NotoSansDisplay-Bold.ttf",
    "noto-serif": "noto/NotoSerif-Regular.ttf",
    "noto-serif-bold": "noto/NotoSerif-Bold.ttf",
    "noto-serif-display": "noto/NotoSerifDisplay-Regular.ttf",
    "noto-serif-display-bold": "noto/NotoSerifDisplay-Bold.ttf",
}

# (name font, body font, company font) combinations used by the random generator.
FONT_SETS: tuple[tuple[str, str, str], ...] = (
    ("dejavu-sans-bold", "dejavu-sans", "dejavu-sans-bold"),
    ("dejavu-sans", "dejavu-sans-light", "dejavu-sans-bold"),
    ("lib-sans-bold", "lib-sans", "lib-sans-bold"),
    ("lib-narrow-bold", "lib-narrow", "lib-sans-bold"),
    ("lib-serif-bold", "lib-serif", "lib-serif-italic"),
    ("noto-serif-display-bold", "noto-serif", "noto-serif-display"),
    ("noto-display-bold", "noto-sans", "noto-display"),
    ("noto-sans-bold", "noto-sans", "noto-sans-italic"),
    ("dejavu-serif-bold", "dejavu-cond", "dejavu-serif"),
    ("dejavu-cond-bold", "dejavu-cond", "dejavu-cond-bold"),
)

# Label sets per language: (work, mobile, fax, email, web). "" means "printed without a label".
LABELS: dict[str, tuple[tuple[str, ...], ...]] = {
    "de": (
        ("Tel.", "T", "Telefon", ""),
        ("Mobil", "Mob.", "Handy", "M"),
        ("Fax", "F"),
        ("E-Mail", "E", ""),
        ("Web", "W", ""),
    ),
    "fr": (
        ("Tél.", "T", "Tél :", ""),
        ("Portable", "Mob.", "M"),
        ("Fax", "F"),
        ("E-mail", "Courriel", ""),
        ("Web", ""),
    ),
    "es": (
        ("Tel.", "T", ""),
        ("Móvil", "Mob.", "M"),
        ("Fax", "F"),
        ("Email", "E", ""),
        ("Web", ""),
    ),
    "it": (
        ("Tel.", "T", ""),
        ("Cell.", "Mob.", "M"),
        ("Fax", "F"),
        ("E-mail", "Email", ""),
        ("Web", ""),
    ),
    "pt": (("Tel.", "T", ""), ("Mob.", "M"), ("Fax", "F"), ("Email", "E", ""), ("Web", "")),
    "nl": (
        ("Tel.", "T", ""),
        ("Mob.", "M", "Mobiel"),
        ("Fax", "F"),
        ("E-mail", "E", ""),
        ("Web", "W", ""),
    ),
    "en": (
        ("Phone", "Office", "T", "Tel", ""),
        ("Mobile", "Cell", "M"),
        ("Fax", "F"),
        ("Email", "E", ""),
        ("Web", "W", ""),
    ),
}


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166 alpha-2, as phonenumbers wants it
    lang: str
    tld: str
    name: str  # as printed on a card's last address line
    given: tuple[str, ...]
    family: tuple[str, ...]
    titles: tuple[str, ...]
    companies: tuple[tuple[str, str], ...]  # (printed name, domain stem)
    streets: tuple[str, ...]  # "{n}" = house number
    cities: tuple[tuple[str, str, str], ...]  # (postcode, city, region)
    city_line: str  # format of the postcode/city line
    work_patterns: tuple[str, ...]  # national significant numbers
    mobile_patterns: tuple[str, ...]


_DE_GIVEN = (
    "Anna",
    "Lukas",
    "Jürgen",
    "Anne-Sophie",
    "Katrin",
    "Maximilian",
    "Sören",
    "Friederike",
    "Jörg",
    "Lena",
    "Björn",
    "Ulrike",
    "Matthias",
    "Hanna-Lena",
)
_DE_FAMILY = (
    "Müller",
    "Weber",
    "Schäfer",
    "Meyer-Lindqvist",
    "Köhler",
    "Groß",
    "Hoffmann",
    "Brückner",
    "Krämer",
    "Schröder",
    "Voß",
    "Lehmann",
    "Fuchs",
    "Bäumer",
)
_DE_TITLES = (
    "Geschäftsführerin",
    "Geschäftsführer",
    "Vertriebsleiter",
    "Leiterin Marketing",
    "Projektmanagerin",
    "Key Account Manager",
    "Steuerberaterin",
    "Head of Partnerships",
    "Prokurist",
    "Leiter Einkauf",
)

COUNTRIES: dict[str, Country] = {
    "DE": Country(
        "DE",
        "de",
        "de",
        "Deutschland",
        _DE_GIVEN,
        _DE_FAMILY,
        _DE_TITLES,
        (
            ("Weber & Partner GmbH", "weber-partner"),
            ("Nordlicht Solutions GmbH", "nordlicht-solutions"),
            ("Brückner Maschinenbau AG", "brueckner-maschinenbau"),
            ("Elbtal Logistik GmbH", "elbtal-logistik"),
            ("Kranich Software KG", "kranich-software"),
            ("Lindenhof Immobilien GmbH", "lindenhof-immo"),
        ),
        (
            "Friedrichstraße {n}",
            "Hauptstraße {n}",
            "Am Sandtorkai {n}",
            "Leopoldstraße {n}",
            "Königsallee {n}",
            "Schillerstraße {n}",
        ),
        (
            ("10117", "Berlin", ""),
            ("20457", "Hamburg", ""),
            ("80802", "München", ""),
            ("40212", "Düsseldorf", ""),
            ("60311", "Frankfurt am Main", ""),
            ("50667", "Köln", ""),
        ),
        "{pc} {city}",
        ("30NXXXXXX", "40NXXXXXX", "89NXXXXXX", "211NXXXXX", "69NXXXXXX", "221NXXXXX"),
        ("151NXXXXXXX", "160NXXXXXX", "170NXXXXXX", "171NXXXXXX", "176NXXXXXXX"),
    ),
    "AT": Country(
        "AT",
        "de",
        "at",
        "Österreich",
        _DE_GIVEN,
        (*_DE_FAMILY, "Gruber", "Huber", "Pichler"),
        _DE_TITLES,
        (
            ("Donau Consulting GmbH", "donau-consulting"),
            ("Alpenglühen Design OG", "alpengluehen"),
            ("Pichler & Söhne GmbH", "pichler-soehne"),
        ),
        ("Mariahilfer Straße {n}", "Herrengasse {n}", "Getreidegasse {n}"),
        (
            ("1060", "Wien", ""),
            ("1010", "Wien", ""),
            ("5020", "Salzburg", ""),
            ("8010", "Graz", ""),
        ),
        "{pc} {city}",
        ("1NXXXXXX", "316NXXXXX", "662NXXXXX"),
        ("664NXXXXXX", "676NXXXXXX", "699NXXXXXXX"),
    ),
    "CH": Country(
        "CH",
        "de",
        "ch",
        "Schweiz",
        (*_DE_GIVEN, "Urs", "Reto", "Corinne"),
        (*_DE_FAMILY, "Brunner", "Keller", "Zürcher"),
        (*_DE_TITLES, "Partnerin", "Treuhänder"),
        (
            ("Alpenblick Treuhand AG", "alpenblick-treuhand"),
            ("Zürcher & Keller AG", "zuercher-keller"),
            ("Rheinfall Analytics GmbH", "rheinfall-analytics"),
        ),
        ("Bahnhofstrasse {n}", "Limmatquai {n}", "Marktgasse {n}"),
        (("8001", "Zürich", ""), ("3011", "Bern", ""), ("4051", "Basel", "")),
        "{pc} {city}",
        ("44NXXXXXX", "31NXXXXXX", "61NXXXXXX", "22NXXXXXX"),
        ("76NXXXXXX", "78NXXXXXX", "79NXXXXXX"),
    ),
    "FR": Country(
        "FR",
        "fr",
        "fr",
        "France",
        (
            "Françoise",
            "Jérôme",
            "Anne-Sophie",
            "Hélène",
            "Théo",
            "Cécile",
            "Gaëlle",
            "François",
            "Léa",
            "Jean-Baptiste",
        ),
        (
            "Lefèvre",
            "Dubois",
            "Moreau",
            "Rousseau",
            "Garnier-Duval",
            "Béranger",
            "Lemaître",
            "Fontaine",
            "Mercier",
        ),
        (
            "Directrice commerciale",
            "Directeur général",
            "Responsable marketing",
            "Chargée d'affaires",
            "Ingénieur commercial",
            "Responsable des achats",
            "Avocate associée",
        ),
        (
            ("Atelier Lumière SAS", "atelier-lumiere"),
            ("Groupe Vendôme Conseil", "vendome-conseil"),
            ("Béranger & Associés", "beranger-associes"),
            ("Solutions Azur SARL", "solutions-azur"),
        ),
        (
            "{n} rue du Faubourg Saint-Honoré",
            "{n} avenue de l'Opéra",
            "{n} rue de la République",
            "{n} boulevard Haussmann",
            "{n} quai des Chartrons",
        ),
        (
            ("75008", "Paris", ""),
            ("75002", "Paris", ""),
            ("69002", "Lyon", ""),
            ("33000", "Bordeaux", ""),
            ("13001", "Marseille", ""),
        ),
        "{pc} {city}",
        ("1NXXXXXXX", "4NXXXXXXX", "5NXXXXXXX"),
        ("6NXXXXXXX", "7NXXXXXXX"),
    ),
    "BE": Country(
        "BE",
        "fr",
        "be",
        "Belgique",
        ("Hélène", "Pieter", "Anne-Sophie", "Maarten", "Céline", "Wouter"),
        ("Dubois", "Peeters", "Janssens", "Lambert", "Van Damme", "Desmet"),
        (
            "Directrice commerciale",
            "Account Manager",
            "Gérant",
            "Responsable logistique",
            "Zaakvoerder",
        ),
        (
            ("Brabant Logistics SA", "brabant-logistics"),
            ("Atelier Sablon SPRL", "atelier-sablon"),
            ("Meir Digital BV", "meir-digital"),
        ),
        ("Avenue Louise {n}", "Rue Neuve {n}", "Meir {n}"),
        (("1050", "Bruxelles", ""), ("1000", "Bruxelles", ""), ("2000", "Antwerpen", "")),
        "{pc} {city}",
        ("2NXXXXXX", "3NXXXXXX", "9NXXXXXX"),
        ("47NXXXXXX", "48NXXXXXX", "49NXXXXXX"),
    ),
    "ES": Country(
        "ES",
        "es",
        "es",
        "España",
        ("José", "María José", "Lucía", "Álvaro", "Inés", "Iñigo", "Begoña", "Raúl"),
        (
            "García López",
            "Fernández",
            "Martínez Ruiz",
            "Núñez",
            "Ibáñez",
            "Sánchez Ortega",
            "Muñoz",
        ),
        (
            "Responsable de ventas",
            "Directora general",
            "Jefe de proyecto",
            "Directora de marketing",
            "Consultor sénior",
        ),
        (
            ("Soluciones Tajo S.L.", "solucionestajo"),
            ("Grupo Alhambra Consultores", "alhambra-consultores"),
            ("Ibáñez & Muñoz Abogados", "ibanez-munoz"),
        ),
        (
            "Calle de Alcalá {n}, 3º",
            "Paseo de Gracia {n}",
            "Calle Mayor {n}, 2º B",
            "Avenida de la Constitución {n}",
        ),
        (
            ("28014", "Madrid", ""),
            ("08007", "Barcelona", ""),
            ("41001", "Sevilla", ""),
            ("46002", "Valencia", ""),
        ),
        "{pc} {city}",
        ("91NXXXXXX", "93NXXXXXX", "95NXXXXXX", "96NXXXXXX"),
        ("6NXXXXXXX",),
    ),
    "IT": Country(
        "IT",
        "it",
        "it",
        "Italia",
        ("Giulia", "Niccolò", "Francesca", "Luca", "Chiara", "Andrea", "Elisabetta"),
        ("Rossi", "Bianchi", "De Luca", "Ferrari", "Esposito", "Galli", "Caruso"),
        (
            "Direttrice commerciale",
            "Responsabile vendite",
            "Amministratore delegato",
            "Project manager",
            "Architetta",
        ),
        (
            ("Studio Bianchi S.r.l.", "studiobianchi"),
            ("Officine Navigli S.p.A.", "officine-navigli"),
            ("Ferrari & Galli Associati", "ferrari-galli"),
        ),
        (
            "Via Dante {n}",
            "Corso Buenos Aires {n}",
            "Via del Corso {n}",
            "Piazza della Signoria {n}",
        ),
        (
            ("20121", "Milano", "MI"),
            ("00186", "Roma", "RM"),
            ("50122", "Firenze", "FI"),
            ("10121", "Torino", "TO"),
        ),
        "{pc} {city} {region}",
        ("02NXXXXXXX", "06NXXXXXXX", "055NXXXXXX", "011NXXXXXX"),
        ("33NXXXXXXX", "34NXXXXXXX", "347NXXXXXX", "39NXXXXXXX"),
    ),
    "PT": Country(
        "PT",
        "pt",
        "pt",
        "Portugal",
        ("João", "Inês", "Gonçalo", "Conceição", "Tiago", "Beatriz"),
        ("Carvalho", "Gonçalves", "Araújo", "Magalhães", "Simões", "Conceição"),
        ("Director Comercial", "Gestora de Projetos", "Diretora Executiva", "Engenheiro de Vendas"),
        (
            ("Atlântico Digital, Lda.", "atlanticodigital"),
            ("Tejo Engenharia, S.A.", "tejo-engenharia"),
            ("Magalhães & Simões, Lda.", "magalhaes-simoes"),
        ),
        ("Avenida da Liberdade {n}, 2º", "Rua Augusta {n}", "Rua de Santa Catarina {n}"),
        (("1250-146", "Lisboa", ""), ("1100-053", "Lisboa", ""), ("4000-442", "Porto", "")),
        "{pc} {city}",
        ("21NXXXXXX", "22NXXXXXX"),
        ("91NXXXXXX", "92NXXXXXX", "93NXXXXXX", "96NXXXXXX"),
    ),
    "NL": Country(
        "NL",
        "nl",
        "nl",
        "Nederland",
        ("Sanne", "Pieter", "Joost", "Femke", "Maarten", "Lotte", "Bram"),
        ("de Vries", "van den Berg", "Jansen", "Bakker", "Visser", "van Dijk", "Smit"),
        ("Accountmanager", "Directeur", "Projectleider", "Adviseur", "Head of Sales"),
        (
            ("Grachtwerk B.V.", "grachtwerk"),
            ("Polderlicht Media", "polderlicht"),
            ("Van Dijk & Smit Advocaten", "vandijk-smit"),
        ),
        ("Keizersgracht {n}", "Coolsingel {n}", "Oudegracht {n}"),
        (("1015 CJ", "Amsterdam", ""), ("3011 AD", "Rotterdam", ""), ("3511 AL", "Utrecht", "")),
        "{pc} {city}",
        ("20NXXXXXX", "10NXXXXXX", "30NXXXXXX"),
        ("6NXXXXXXX",),
    ),
    "IE": Country(
        "IE",
        "en",
        "ie",
        "Ireland",
        ("Siobhán", "Ciarán", "Niamh", "Aoife", "Darragh", "Orla"),
        ("O'Brien", "Murphy", "Kavanagh", "Ó Súilleabháin", "Fitzgerald", "McCarthy"),
        ("Head of Partnerships", "Managing Director", "Senior Consultant", "Sales Director"),
        (
            ("Liffey Analytics Ltd", "liffeyanalytics"),
            ("Kavanagh & Doyle Solicitors", "kavanaghdoyle"),
            ("Burren Software Ltd", "burren-software"),
        ),
        ("{n} Merrion Square", "{n} Harcourt Street", "Unit {n}, Grand Canal Quay"),
        (("D02 XY45", "Dublin 2", ""), ("T12 K8AF", "Cork", ""), ("H91 E2K3", "Galway", "")),
        "{city}, {pc}",
        ("1NXXXXXX", "21NXXXXXX", "91NXXXXXX"),
        ("83NXXXXXX", "85NXXXXXX", "86NXXXXXX", "87NXXXXXX"),
    ),
    "GB": Country(
        "GB",
        "en",
        "co.uk",
        "United Kingdom",
        ("Eleanor", "Oliver", "Harriet", "Rupert", "Imogen", "Callum"),
        ("Ashworth", "Whitfield", "Pemberton", "Hale", "Okonkwo", "Fairbairn"),
        (
            "Head of Partnerships",
            "Managing Director",
            "Business Development Manager",
            "Senior Associate",
            "Chief Operating Officer",
        ),
        (
            ("Whitfield & Hale LLP", "whitfieldhale"),
            ("Pemberton Analytics Ltd", "pemberton-analytics"),
            ("Thistle & Thorn Design", "thistleandthorn"),
        ),
        ("{n} Old Street", "{n} Deansgate", "{n} Park Row", "{n} Queen Street"),
        (
            ("EC1V 9HL", "London", ""),
            ("M3 4LQ", "Manchester", ""),
            ("LS1 5JL", "Leeds", ""),
            ("EH2 1JN", "Edinburgh", ""),
        ),
        "{city} {pc}",
        # Ofcom drama ranges (phonenumbers rejects the 07700 900xxx mobile drama block).
        ("2079460XXX", "1614960XXX", "1134960XXX", "1314960XXX", "1174960XXX"),
        (),
    ),
    "US": Country(
        "US",
        "en",
        "com",
        "USA",
        ("Emily", "Michael", "Priya", "Marcus", "Dana", "Rebecca", "Jamal", "Chloe"),
        ("Thompson", "Reyes", "Okafor", "Nguyen", "Caldwell", "Harrington", "Delgado"),
        (
            "VP Sales",
            "Director of Business Development",
            "Senior Account Executive",
            "Chief Technology Officer",
            "Partner",
            "Head of Partnerships",
        ),
        (
            ("Brightline Analytics Inc.", "brightline-analytics"),
            ("Harbor & Vine Partners", "harborvine"),
            ("Redwood Peak Software", "redwoodpeak"),
            ("Caldwell Reyes LLP", "caldwellreyes"),
        ),
        (
            "{n} Fifth Avenue, Suite 4100",
            "{n} Market Street, Suite 300",
            "{n} N Michigan Avenue",
            "{n} Congress Avenue, Floor 12",
        ),
        (
            ("10118", "New York", "NY"),
            ("94105", "San Francisco", "CA"),
            ("60611", "Chicago", "IL"),
            ("78701", "Austin", "TX"),
        ),
        "{city}, {region} {pc}",
        ("2125550XXX", "4155550XXX", "3125550XXX", "5125550XXX", "6175550XXX"),
        ("9175550XXX", "6465550XXX", "3105550XXX"),
    ),
    "CA": Country(
        "CA",
        "en",
        "ca",
        "Canada",
        ("Dana", "Liam", "Chantal", "Noah", "Mei", "Étienne"),
        ("Okafor", "Tremblay", "MacLeod", "Gagnon", "Chen", "Bouchard"),
        ("Director of Sales", "Product Manager", "Partner", "Head of Partnerships"),
        (
            ("Maple Ridge Software Inc.", "mapleridgesoftware"),
            ("Tremblay & Chen LLP", "tremblaychen"),
            ("Northern Lights Media", "northernlightsmedia"),
        ),
        (
            "{n} King Street West, Suite 500",
            "{n} Rue Sainte-Catherine Ouest",
            "{n} Granville Street",
        ),
        (
            ("M5X 1A9", "Toronto", "ON"),
            ("H3B 1A7", "Montréal", "QC"),
            ("V6C 1T2", "Vancouver", "BC"),
        ),
        "{city}, {region} {pc}",
        ("4165550XXX", "5145550XXX", "6045550XXX"),
        ("6475550XXX", "4385550XXX"),
    ),
}

PREFIXES = ("Dr.", "Prof.", "Prof. Dr.")
SUFFIXES = ("PhD", "MBA", "Ph.D.", "M.Sc.", "LL.M.")

# Colour themes: (background, text, name, accent, dark?)
Colour = tuple[int, int, int]
LIGHT_THEMES: tuple[tuple[Colour, Colour, Colour, Colour], ...] = (
    ((255, 255, 255), (40, 40, 40), (20, 20, 20), (0, 92, 151)),
    ((250, 247, 240), (60, 55, 50), (30, 30, 30), (160, 40, 40)),
    ((245, 245, 245), (70, 70, 75), (0, 70, 110), (0, 130, 120)),
    ((255, 253, 248), (90, 90, 90), (30, 30, 30), (200, 120, 0)),
    ((236, 240, 236), (50, 60, 50), (20, 60, 40), (40, 120, 60)),
    ((255, 255, 255), (110, 110, 115), (60, 60, 60), (120, 60, 150)),
)
DARK_THEMES: tuple[tuple[Colour, Colour, Colour, Colour], ...] = (
    ((22, 34, 58), (225, 230, 240), (255, 255, 255), (240, 180, 60)),
    ((25, 25, 25), (210, 210, 210), (255, 255, 255), (200, 60, 60)),
    ((18, 70, 60), (230, 240, 235), (255, 255, 255), (230, 210, 150)),
    ((70, 20, 40), (240, 225, 230), (255, 245, 240), (230, 170, 120)),
)
BAND_COLOURS: tuple[Colour, ...] = (
    (0, 60, 110),
    (120, 20, 30),
    (30, 30, 30),
    (0, 90, 80),
    (70, 40, 110),
)

# Harder cards (what real cards showed the plain generator never draws). Per language: building
# names and slogans printed with the firm, which belong to no field.
DESCRIPTORS: dict[str, tuple[str, ...]] = {
    "en": ("Meridian House", "Building trust since 1998", "Your partner for growth"),
    "de": ("Haus am Park", "Ihr Partner seit 1987", "Wir bewegen Ideen"),
    "fr": ("Immeuble Le Central", "Votre partenaire depuis 1992"),
    "es": ("Edificio Torre Norte", "Su socio desde 1995"),
    "it": ("Palazzo Verdi", "Dal 1978 al vostro fianco"),
    "pt": ("Edifício Atlântico", "Desde 1990 ao seu lado"),
    "nl": ("Huis ter Lede", "Uw partner sinds 1989"),
}  # fmt: skip
# Second roles, printed on a line of their own under the first title.
SECOND_ROLES: dict[str, tuple[str, ...]] = {
    "en": ("Head of Tax", "Board Member", "Data Protection Officer"),
    "de": ("Prokurist", "Leiter Einkauf", "Datenschutzbeauftragter"),
    "fr": ("Associé", "Responsable qualité"),
    "es": ("Socio", "Responsable de calidad"),
    "it": ("Socio", "Responsabile qualità"),
    "pt": ("Sócio", "Diretor técnico"),
    "nl": ("Partner", "Bestuurslid"),
}
# Dense small print at the foot of a card: registrations whose digits are no phone numbers.
FOOTERS: dict[str, str] = {
    "DE": "Sitz {city} · HRB {n5} · USt-IdNr. DE{n9}",
    "AT": "FN {n6}a · UID ATU{n8}",
    "CH": "CHE-{n3}.{n3}.{n3} MWST",
    "FR": "SIRET {n3} {n3} {n3} {n5} · TVA FR{n2}{n9}",
    "BE": "BTW BE 0{n3}.{n3}.{n3} · RPR {city}",
    "NL": "KvK {n8} · BTW NL{n9}B01",
    "ES": "CIF B{n8} · Reg. Merc. {city}",
    "PT": "NIPC {n9} · Capital Social 50.000 €",
    "IT": "P.IVA {n11} · REA MI-{n6}",
    "IE": "Registered in Ireland No. {n6} · VAT IE{n7}A",
    "GB": "Registered in England No. {n8} · VAT GB {n3} {n4} {n2}",
    "US": "EIN {n2}-{n7}",
    "CA": "BN {n9} RT0001",
}
