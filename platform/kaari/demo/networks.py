"""What each demo network's people are like: whom it serves (origins, genders, ages),
where they live, which fields they work in, and which partners refer them. The keys
are the slugs of the bundles in tenants/; a bundle added there without an entry here
gets Helsinki's kind of people in its own municipality (`network_for`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from kaari.demo.names import Texts, texts
from kaari.tenancy.models import Tenant

# (role, ISCO-08 occupation, situation now, a random number in [0, 1)) → the key of the
# person's target group; "" or an unknown key: the tenant's first.
TargetGroupRule = Callable[[str, str, str, float], str]


def _first_group(role: str, occupation: str, situation: str, coin: float) -> str:
    return ""


@dataclass(frozen=True)
class PartnerSpec:
    """A partner and how many of the waiting actors and mentors came through it."""

    name: str
    kind: str  # one of intake's PARTNER_KINDS
    contact: str
    links: tuple[str, ...]
    actors: int = 0
    mentors: int = 0


@dataclass(frozen=True)
class Network:
    """Weights are relative: {"Helsinki": 10, "Espoo": 5} puts two in three in Helsinki."""

    actor_origins: dict[str, int]
    mentor_origins: dict[str, int]
    women: tuple[float, float]  # the share of women among actors and among mentors
    municipalities: dict[str, int]
    fields: dict[tuple[str, str], int]  # (ISCO-08 occupation, ISCED-F education) → weight
    actor_ages: tuple[int, int]
    mentor_ages: tuple[int, int]
    situations: dict[str, int]  # the actors' situation now
    finnish_levels: dict[str, int]
    degree_levels: dict[str, int]  # of the actors' degrees from abroad
    goals: tuple[Texts, ...]
    partners: tuple[PartnerSpec, ...]  # the first is the one the partner login speaks for
    target_group: TargetGroupRule = _first_group
    # Answers to the tenant's own questions that follow the occupation:
    # question key → {ISCO-08 prefix → answer}; other own questions are answered at random.
    own_answers: dict[str, dict[str, str | list[str]]] = field(default_factory=dict)


MENTOR_ORIGINS = {"finnish": 16, "finland_swedish": 4, "estonian": 1, "russian": 1}

HELSINKI = Network(
    actor_origins={
        "russian": 4, "arabic": 3, "somali": 3, "persian": 3, "ukrainian": 3, "chinese": 2,
        "vietnamese": 2, "kurdish": 2, "filipino": 2, "estonian": 1, "indian": 1, "turkish": 1,
        "spanish": 1, "brazilian": 1, "nigerian": 1,
    },
    mentor_origins=MENTOR_ORIGINS,
    women=(1.0, 1.0),
    municipalities={
        "Helsinki": 10, "Espoo": 5, "Vantaa": 5, "Kauniainen": 1, "Kerava": 1, "Järvenpää": 1,
        "Kirkkonummi": 1, "Tuusula": 1,
    },
    fields={
        ("2211", "0912"): 2, ("3221", "0913"): 3, ("2261", "0911"): 1, ("2262", "0916"): 1,
        ("2341", "0113"): 2, ("2330", "0114"): 1, ("2342", "0112"): 2, ("2411", "0411"): 2,
        ("2413", "0412"): 1, ("2421", "0413"): 1, ("2423", "0413"): 2, ("2431", "0414"): 2,
        ("2511", "0613"): 1, ("2512", "0613"): 2, ("2611", "0421"): 1, ("2622", "0322"): 1,
        ("2631", "0311"): 1, ("2634", "0313"): 1, ("2635", "0923"): 2, ("2643", "0231"): 1,
        ("2131", "0511"): 1, ("2113", "0531"): 1, ("2142", "0732"): 1, ("2161", "0731"): 1,
        ("2166", "0211"): 1,
    },
    actor_ages=(27, 52),
    mentor_ages=(32, 66),
    situations={
        "unemployed": 5, "employed_other_field": 3, "studying": 2, "family_leave": 2, "other": 1,
    },
    finnish_levels={"a2": 1, "b1": 4, "b2": 3, "c1": 1},
    degree_levels={"bachelor": 4, "master": 5, "doctor": 1},
    goals=(
        texts(
            "Haluan töihin omalle alalleni ja oppia, miten työnhaku Suomessa toimii.",
            "Jag vill arbeta inom min egen bransch och förstå hur man söker jobb i Finland.",
            "I want to work in my own field and learn how job seeking works in Finland.",
        ),
        texts(
            "Haluan saada tutkintoni tunnustetuksi ja työn, joka vastaa koulutustani.",
            "Jag vill få min examen erkänd och ett arbete som motsvarar min utbildning.",
            "I want my degree recognised and a job that matches my education.",
        ),
        texts(
            "Tavoitteeni on harjoittelupaikka omalta alaltani ja parempi työelämän suomi.",
            "Mitt mål är en praktikplats inom min bransch och bättre finska för arbetslivet.",
            "My goal is an internship in my field and better Finnish for working life.",
        ),
    ),
    partners=(
        PartnerSpec(
            "Helsingin työllisyyspalvelut",
            "employment_office",
            "Kaija Rinne",
            ("Maahanmuuttajien työnhakuvalmennus", "Asiakasinfo"),
            actors=5,
        ),
        PartnerSpec(
            "Itä-Helsingin aikuisopisto",
            "school",
            "Marjut Salonen",
            ("Suomen kielen kurssi B1",),
            actors=3,
        ),
        PartnerSpec(
            "Kansainvälisten naisten olohuone ry",
            "association",
            "Hodan Warsame",
            ("Naisten kielikahvila",),
            actors=2,
            mentors=3,
        ),
    ),
)  # fmt: skip


def _turku_group(role: str, occupation: str, situation: str, coin: float) -> str:
    """Engineers proper (ISCO 214, 215), and the other technical graduates."""
    return "engineers" if occupation[:3] in ("214", "215") else "technical-graduates"


TURKU = Network(
    actor_origins={
        "indian": 4, "arabic": 3, "russian": 3, "ukrainian": 3, "persian": 3, "chinese": 3,
        "kurdish": 2, "turkish": 2, "pakistani": 2, "bangladeshi": 2, "vietnamese": 1,
        "nigerian": 1, "estonian": 1, "brazilian": 1, "filipino": 1,
    },
    mentor_origins=MENTOR_ORIGINS,
    women=(0.3, 0.2),
    municipalities={
        "Turku": 10, "Kaarina": 3, "Raisio": 3, "Naantali": 2, "Lieto": 2, "Masku": 1,
        "Parainen": 1, "Paimio": 1,
    },
    fields={
        ("2141", "0715"): 1, ("2142", "0732"): 3, ("2143", "0712"): 1, ("2144", "0715"): 3,
        ("2144", "0716"): 2, ("2145", "0711"): 1, ("2149", "0788"): 1, ("2151", "0713"): 3,
        ("2152", "0714"): 2, ("2153", "0714"): 1, ("2161", "0731"): 1, ("2511", "0613"): 2,
        ("2512", "0613"): 3, ("2513", "0613"): 1, ("2514", "0613"): 1, ("2519", "0613"): 1,
        ("2521", "0612"): 1, ("2522", "0612"): 1, ("2523", "0612"): 1,
    },
    actor_ages=(26, 50),
    mentor_ages=(30, 64),
    situations={"unemployed": 6, "employed_other_field": 3, "studying": 2},
    finnish_levels={"a2": 2, "b1": 4, "b2": 2, "c1": 1},
    degree_levels={"bachelor": 5, "master": 4, "doctor": 1},
    goals=(
        texts(
            "Haluan insinöörin työhön suomalaiseen teknologiayritykseen.",
            "Jag vill få ett ingenjörsjobb på ett finländskt teknikföretag.",
            "I want an engineering job at a Finnish technology company.",
        ),
        texts(
            "Haluan tietää, miten tutkintoni tunnustetaan ja mitä alan työnantajat odottavat.",
            "Jag vill veta hur min examen erkänns och vad arbetsgivarna i branschen väntar sig.",
            "I want to know how my degree is recognised and what employers in the field expect.",
        ),
        texts(
            "Tavoitteeni on harjoittelu tai projektityö ja laajempi verkosto Turun seudulla.",
            "Mitt mål är praktik eller projektarbete och ett större nätverk i Åboregionen.",
            "My goal is an internship or project work and a wider network in the Turku region.",
        ),
    ),
    partners=(
        PartnerSpec(
            "Turun työllisyyspalvelut",
            "employment_office",
            "Jarmo Lindroos",
            ("Maahanmuuttajien asiakasohjaus",),
            actors=5,
        ),
        PartnerSpec(
            "Aurajoen kansalaisopisto",
            "language_course",
            "Minna Kivelä",
            ("Suomea insinööreille B1",),
            actors=3,
        ),
        PartnerSpec(
            "Varsinais-Suomen teknologiayrittäjät ry",
            "employer_network",
            "Henrik Sjöblom",
            ("Jäsenkirje", "Rekrytointimessut"),
            mentors=4,
        ),
    ),
    target_group=_turku_group,
    own_answers={
        "areas": {
            "214": ["manufacturing"], "2142": ["construction"], "2143": ["energy"],
            "215": ["energy"], "2152": ["manufacturing", "software"], "2153": ["software"],
            "216": ["construction"], "25": ["software"],
        },
    },
)  # fmt: skip


def _tampere_group(role: str, occupation: str, situation: str, coin: float) -> str:
    """Actors by whether they study still; mentors serve either group."""
    studying = situation == "studying" if role == "actor" else coin < 0.4
    return "young-students" if studying else "young-graduates"


TAMPERE = Network(
    actor_origins={
        "arabic": 3, "persian": 3, "ukrainian": 3, "somali": 2, "kurdish": 2, "russian": 2,
        "vietnamese": 2, "indian": 2, "nepali": 2, "chinese": 1, "bangladeshi": 1,
        "nigerian": 1, "estonian": 1, "turkish": 1, "spanish": 1,
    },
    mentor_origins={"finnish": 18, "finland_swedish": 1, "estonian": 1, "russian": 1},
    women=(0.5, 0.5),
    municipalities={
        "Tampere": 10, "Nokia": 2, "Ylöjärvi": 2, "Kangasala": 2, "Pirkkala": 2, "Lempäälä": 2,
    },
    fields={
        ("2512", "0613"): 3, ("2513", "0613"): 2, ("2166", "0211"): 2, ("2144", "0715"): 2,
        ("2151", "0713"): 1, ("2152", "0714"): 2, ("2142", "0732"): 1, ("3221", "0913"): 3,
        ("3255", "0915"): 1, ("2411", "0411"): 1, ("2431", "0414"): 2, ("2423", "0413"): 1,
        ("2635", "0923"): 1, ("2342", "0112"): 1, ("2131", "0511"): 1, ("2631", "0311"): 1,
    },
    actor_ages=(21, 29),
    mentor_ages=(28, 62),
    situations={"studying": 4, "unemployed": 4, "employed_other_field": 2},
    finnish_levels={"a2": 1, "b1": 3, "b2": 4, "c1": 2},
    degree_levels={"bachelor": 7, "master": 3},
    goals=(
        texts(
            "Haluan kesätyö- tai harjoittelupaikan omalta alaltani.",
            "Jag vill ha ett sommarjobb eller en praktikplats inom min bransch.",
            "I want a summer job or an internship in my field.",
        ),
        texts(
            "Haluan ensimmäisen työpaikkani Suomessa omalta alaltani.",
            "Jag vill ha mitt första jobb i Finland inom min egen bransch.",
            "I want my first job in Finland in my own field.",
        ),
        texts(
            "Haluan tutustua alan työpaikkoihin ja oppia kirjoittamaan hyvän hakemuksen.",
            "Jag vill lära känna arbetsplatser i min bransch och lära mig skriva en bra ansökan.",
            "I want to get to know workplaces in my field and learn to write a good application.",
        ),
    ),
    partners=(
        PartnerSpec(
            "Tampereen työllisyyspalvelut",
            "employment_office",
            "Tiina Harju",
            ("Nuorten työnhakuvalmennus", "Asiakasinfo"),
            actors=5,
        ),
        PartnerSpec(
            "Hervannan aikuisopisto",
            "school",
            "Ville Rantala",
            ("Kotoutumiskoulutus",),
            actors=3,
        ),
        PartnerSpec(
            "Monikulttuuristen nuorten yhdistys ry",
            "association",
            "Amir Rahimi",
            ("Nuorten ilta",),
            actors=2,
            mentors=2,
        ),
    ),
    target_group=_tampere_group,
)  # fmt: skip

NETWORKS = {"uranaiset": HELSINKI, "turku-insinoorit": TURKU, "tampere-nuoret": TAMPERE}


def network_for(tenant: Tenant) -> Network:
    """The tenant's network; for a bundle added to tenants/ without one of its own,
    Helsinki's fields and origins, both genders, all in the bundle's municipality."""
    if tenant.slug in NETWORKS:
        return NETWORKS[tenant.slug]
    employment = PartnerSpec(
        "Työllisyyspalvelut", "employment_office", "Kaija Rinne", ("Asiakasinfo",), actors=5
    )
    return replace(
        HELSINKI,
        women=(0.5, 0.5),
        municipalities={tenant.municipality or "Helsinki": 1},
        partners=(employment,),
    )
