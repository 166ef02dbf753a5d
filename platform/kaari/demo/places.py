"""Where the demo's invented people live: the municipalities of the three regions with
their Swedish names and some of their postcodes, and street names common to every
Finnish town, so that an address reads as made up but plausible."""

from __future__ import annotations

import random

# Municipality → (its Swedish name, postcodes).
MUNICIPALITIES = {
    "Helsinki": ("Helsingfors", "00420 00500 00530 00700 00810 00920 00940 00970 00980"),
    "Espoo": ("Esbo", "02100 02200 02230 02320 02600 02650 02760"),
    "Vantaa": ("Vanda", "01300 01350 01360 01400 01600 01730"),
    "Kauniainen": ("Grankulla", "02700"),
    "Kerava": ("Kervo", "04200 04230 04250"),
    "Järvenpää": ("Träskända", "04400 04420 04430"),
    "Kirkkonummi": ("Kyrkslätt", "02400"),
    "Tuusula": ("Tusby", "04300"),
    "Turku": ("Åbo", "20100 20200 20320 20360 20500 20610 20660 20740"),
    "Kaarina": ("S:t Karins", "20760 20780"),
    "Raisio": ("Reso", "21200 21280"),
    "Naantali": ("Nådendal", "21100"),
    "Lieto": ("Lundo", "21420"),
    "Masku": ("Masko", "21250"),
    "Parainen": ("Pargas", "21600"),
    "Paimio": ("Pemar", "21530"),
    "Tampere": ("Tammerfors", "33100 33200 33400 33500 33560 33580 33710 33720 33820"),
    "Nokia": ("Nokia", "37100 37120"),
    "Ylöjärvi": ("Ylöjärvi", "33470 33480"),
    "Kangasala": ("Kangasala", "36200 36220"),
    "Pirkkala": ("Birkala", "33950 33960"),
    "Lempäälä": ("Lembois", "37500 37550"),
}
STREETS = (
    "Koivukuja Pihlajatie Kuusitie Vaahterakatu Rantakatu Myllytie Puistotie Koulukatu "
    "Asemakatu Mäntytie Tammikuja Lehtokuja Niittytie Harjutie Kalliokatu Kaivokatu"
)


def in_language(municipality: str, language: str) -> str:
    """The municipality's name in Swedish text, its Finnish name otherwise."""
    swedish = MUNICIPALITIES.get(municipality, (municipality, ""))[0]
    return swedish if language == "sv" else municipality


def address(municipality: str, rng: random.Random) -> str:
    """A flat in a block on a common street name: "Koivukuja 3 B 12, 01300 Vantaa"."""
    codes = MUNICIPALITIES.get(municipality, ("", ""))[1].split()
    town = f"{rng.choice(codes)} {municipality}" if codes else municipality
    flat = f"{rng.randint(1, 40)} {rng.choice('ABCD')} {rng.randint(1, 60)}"
    return f"{rng.choice(STREETS.split())} {flat}, {town}"
