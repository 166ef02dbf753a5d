"""What the demo's invented people write in their forms, in fi, sv and en: degrees,
workplaces, hobbies, work experience. Degrees and workplaces follow the field
(ISCED-F and ISCO-08 codes, the most specific prefix first), so that a Finnish
mentor in medicine is a "Lääketieteen lisensiaatti" at a health centre."""

from __future__ import annotations

from typing import TypeVar

from kaari.demo.names import texts

T = TypeVar("T")

# Degrees earned abroad, by level; fields whose degree has its own name come first.
FOREIGN_DEGREES = {
    "bachelor": texts("Kandidaatin tutkinto", "Kandidatexamen", "Bachelor's degree"),
    "master": texts("Maisterin tutkinto", "Magisterexamen", "Master's degree"),
    "doctor": texts("Tohtorin tutkinto", "Doktorsexamen", "Doctoral degree"),
}
FOREIGN_DEGREE_OF_FIELD = {
    "0912": texts("Lääkärin tutkinto", "Läkarexamen", "Medical degree"),
    "0911": texts("Hammaslääkärin tutkinto", "Tandläkarexamen", "Dental degree"),
}
SCHOOL_ABROAD = texts("Lukio", "Gymnasium", "Upper secondary school")
STUDYING_HERE = (
    texts("Opiskelen ammattikorkeakoulussa", "Jag studerar vid en yrkeshögskola", "I study at a university of applied sciences"),
    texts("Opiskelen yliopistossa", "Jag studerar vid ett universitet", "I study at a university"),
)  # fmt: skip
COURSES_HERE = (
    texts("Suomen kielen kurssi (B1)", "Kurs i finska (B1)", "Finnish course (B1)"),
    texts("Kotoutumiskoulutus", "Integrationsutbildning", "Integration training"),
    texts("Täydennyskoulutus omalla alalla", "Fortbildning inom min bransch", "Further training in my field"),
)  # fmt: skip

# Degrees of mentors educated in Finland, by field of education.
_DI = texts("Diplomi-insinööri", "Diplomingenjör", "Master of Science (Technology)")
_AMK_ENGINEER = texts("Insinööri (AMK)", "Ingenjör (YH)", "Bachelor of Engineering")
_FM = texts("Filosofian maisteri", "Filosofie magister", "Master of Arts")
_YTM = texts("Yhteiskuntatieteiden maisteri", "Politices magister", "Master of Social Sciences")
_SOSIONOMI = texts("Sosionomi (AMK)", "Socionom (YH)", "Bachelor of Social Services")
FINNISH_DEGREES = {
    "07": (_DI, _DI, _AMK_ENGINEER),
    "0731": (texts("Arkkitehti", "Arkitekt", "Architect"),),
    "06": (_DI, _AMK_ENGINEER, _FM),
    "0912": (texts("Lääketieteen lisensiaatti", "Medicine licentiat", "Licentiate of Medicine"),),
    "0911": (texts("Hammaslääketieteen lisensiaatti", "Odontologie licentiat", "Licentiate of Dentistry"),),
    "0913": (
        texts("Sairaanhoitaja (AMK)", "Sjukskötare (YH)", "Bachelor of Health Care"),
        texts("Terveystieteiden maisteri", "Hälsovetenskapernas magister", "Master of Health Sciences"),
    ),
    "0915": (texts("Fysioterapeutti (AMK)", "Fysioterapeut (YH)", "Bachelor of Health Care"),),
    "0916": (texts("Proviisori", "Provisor", "Master of Science (Pharmacy)"),),
    "0923": (_SOSIONOMI, _YTM),
    "011": (texts("Kasvatustieteen maisteri", "Pedagogie magister", "Master of Education"),),
    "0112": (texts("Kasvatustieteen kandidaatti", "Pedagogie kandidat", "Bachelor of Education"), _SOSIONOMI),
    "04": (
        texts("Kauppatieteiden maisteri", "Ekonomie magister", "Master of Science (Economics)"),
        texts("Tradenomi", "Tradenom", "Bachelor of Business Administration"),
    ),
    "0421": (texts("Oikeustieteen maisteri", "Juris magister", "Master of Laws"),),
    "03": (_YTM,),
    "0313": (texts("Psykologian maisteri", "Psykologie magister", "Master of Psychology"),),
    "02": (_FM,),
    "0211": (texts("Medianomi (AMK)", "Medianom (YH)", "Bachelor of Culture and Arts"),),
    "05": (_FM, texts("Filosofian tohtori", "Filosofie doktor", "Doctor of Philosophy")),
    "": (texts("Ylempi korkeakoulututkinto", "Högre högskoleexamen", "Master's degree"),),
}  # fmt: skip

# Where mentors work, by occupation (no real employer is named).
WORKPLACES = {
    "21": (texts("Insinööritoimisto", "Ingenjörsbyrå", "Engineering consultancy"),),
    "211": (texts("Tutkimuslaboratorio", "Forskningslaboratorium", "Research laboratory"),),
    "213": (texts("Tutkimuslaitos", "Forskningsinstitut", "Research institute"),),
    "2141": (texts("Konepaja", "Verkstad", "Engineering works"),),
    "2142": (texts("Rakennusliike", "Byggföretag", "Construction company"),),
    "2143": (texts("Ympäristökonsultti", "Miljökonsult", "Environmental consultancy"),),
    "2144": (
        texts("Konepaja", "Verkstad", "Engineering works"),
        texts("Telakka", "Varv", "Shipyard"),
    ),
    "2145": (texts("Kemianteollisuuden yritys", "Kemiföretag", "Chemical company"),),
    "215": (texts("Energiayhtiö", "Energibolag", "Energy company"),),
    "2152": (texts("Automaatioyritys", "Automationsföretag", "Automation company"),),
    "2153": (texts("Teleoperaattori", "Teleoperatör", "Telecoms operator"),),
    "216": (texts("Arkkitehtitoimisto", "Arkitektbyrå", "Architects' office"),),
    "2166": (
        texts("Mainostoimisto", "Reklambyrå", "Advertising agency"),
        texts("Pelistudio", "Spelstudio", "Game studio"),
    ),
    "22": (texts("Sairaala", "Sjukhus", "Hospital"),),
    "2211": (texts("Terveysasema", "Hälsostation", "Health centre"),),
    "2261": (texts("Hammashoitola", "Tandklinik", "Dental clinic"),),
    "2262": (texts("Apteekki", "Apotek", "Pharmacy"),),
    "32": (texts("Sairaala", "Sjukhus", "Hospital"),),
    "3255": (texts("Fysioterapiayritys", "Fysioterapiföretag", "Physiotherapy practice"),),
    "23": (texts("Peruskoulu", "Grundskola", "Comprehensive school"),),
    "2330": (texts("Lukio", "Gymnasium", "Upper secondary school"),),
    "2342": (texts("Päiväkoti", "Daghem", "Day-care centre"),),
    "24": (texts("Konsulttiyritys", "Konsultföretag", "Consultancy"),),
    "2411": (texts("Tilitoimisto", "Bokföringsbyrå", "Accounting firm"),),
    "2412": (texts("Pankki", "Bank", "Bank"),),
    "2413": (texts("Pankki", "Bank", "Bank"),),
    "2423": (texts("Kaupungin henkilöstöpalvelut", "Stadens personaltjänster", "The city's HR services"),),
    "243": (texts("Markkinointitoimisto", "Marknadsföringsbyrå", "Marketing agency"),),
    "25": (
        texts("Ohjelmistoyritys", "Programvaruföretag", "Software company"),
        texts("IT-palveluyritys", "IT-tjänsteföretag", "IT services company"),
    ),
    "2611": (texts("Asianajotoimisto", "Advokatbyrå", "Law firm"),),
    "2622": (texts("Kaupunginkirjasto", "Stadsbibliotek", "City library"),),
    "2631": (texts("Tutkimuslaitos", "Forskningsinstitut", "Research institute"),),
    "2634": (texts("Työterveyshuolto", "Företagshälsovård", "Occupational health service"),),
    "2635": (texts("Kaupungin sosiaalipalvelut", "Stadens socialtjänst", "The city's social services"),),
    "2643": (texts("Käännöstoimisto", "Översättningsbyrå", "Translation agency"),),
    "": (texts("Kaupungin palvelut", "Stadens tjänster", "City services"),),
}  # fmt: skip

HOBBIES = (
    texts("lukeminen", "läsning", "reading"),
    texts("ruoanlaitto", "matlagning", "cooking"),
    texts("kävely", "promenader", "walking"),
    texts("valokuvaus", "fotografering", "photography"),
    texts("jooga", "yoga", "yoga"),
    texts("juoksu", "löpning", "running"),
    texts("shakki", "schack", "chess"),
    texts("jalkapallo", "fotboll", "football"),
    texts("musiikki", "musik", "music"),
    texts("tanssi", "dans", "dancing"),
    texts("puutarhanhoito", "trädgårdsskötsel", "gardening"),
    texts("pyöräily", "cykling", "cycling"),
    texts("vapaaehtoistyö", "frivilligarbete", "volunteering"),
    texts("käsityöt", "handarbete", "crafts"),
    texts("uinti", "simning", "swimming"),
    texts("teatteri", "teater", "theatre"),
    texts("retkeily", "friluftsliv", "hiking"),
    texts("kuorolaulu", "körsång", "choir singing"),
    texts("sienestys", "svampplockning", "mushroom picking"),
)
LANGUAGES_LABEL = texts("Kielet", "Språk", "Languages")
ENGLISH = texts("englanti", "engelska", "English")
# A mentor's wish: the actor's home language, in the nominative, as the form asks it.
LANGUAGE_WISH = texts("Aktori, jonka kieli on {language}.", "En aktör som talar {language}.", "An actor who speaks {language}.")  # fmt: skip

YEARS_ABROAD = texts(
    "{years} vuotta omalla alalla ennen Suomeen muuttoa.",
    "{years} år inom min bransch innan jag flyttade till Finland.",
    "{years} years in my field before moving to Finland.",
)
JOBS_HERE = (
    texts("Osa-aikaisena siivoojana.", "Deltid som städare.", "Part-time as a cleaner."),
    texts("Tarjoilijana ravintolassa.", "Servitör på en restaurang.", "Waiting tables at a restaurant."),
    texts("Varastotyöntekijänä.", "Lagerarbetare.", "Warehouse worker."),
    texts("Kotihoidon avustajana.", "Biträde inom hemvården.", "Home care assistant."),
)  # fmt: skip
CONTACT_QUESTIONS = (
    texts("Kuinka kauan mentoria pitää odottaa?", "Hur länge får man vänta på en mentor?", "How long is the wait for a mentor?"),
    texts("Voinko tulla mukaan, vaikka suomeni on vielä heikkoa?", "Kan jag vara med fast min finska ännu är svag?", "Can I join although my Finnish is still weak?"),
    texts("", "", ""),
)  # fmt: skip


def most_specific(table: dict[str, T], code: str) -> T:
    """The entry of the longest prefix of `code` in `table` (the "" entry last)."""
    for length in range(len(code), -1, -1):
        if code[:length] in table:
            return table[code[:length]]
    raise KeyError(code)


def lower_first(text: str) -> str:
    """A name from a code list as part of a sentence: "Rakennus…" → "rakennus…"."""
    return text[:1].lower() + text[1:]
