"""The feedback questions a network starts with (DOMAIN.md step 9), in fi, sv and en.

Tenant content, not UI strings: a network edits its own copy, so these are plain
translation maps and not gettext messages.
"""

from __future__ import annotations

from typing import Any


def _scale(key: str, label: dict, low: dict, high: dict) -> dict[str, Any]:
    return {"key": key, "kind": "scale", "label": label, "required": True, "low": low, "high": high}


def _text(key: str, label: dict) -> dict[str, Any]:
    return {"key": key, "kind": "long_text", "label": label, "required": False}


def _choice(key: str, kind: str, label: dict, choices: list[tuple[str, dict]]) -> dict[str, Any]:
    return {
        "key": key,
        "kind": kind,
        "label": label,
        "required": False,
        "choices": [{"key": choice, "label": text} for choice, text in choices],
    }


SATISFIED = {
    "fi": "Kuinka tyytyväinen olet mentorointiin kaiken kaikkiaan?",
    "sv": "Hur nöjd är du med mentorskapet som helhet?",
    "en": "How satisfied are you with the mentoring as a whole?",
}
NOT_AT_ALL = {"fi": "En lainkaan", "sv": "Inte alls", "en": "Not at all"}
VERY = {"fi": "Erittäin tyytyväinen", "sv": "Mycket nöjd", "en": "Very satisfied"}
EXPERIENCES = {
    "fi": "Millaisia kokemuksia mentoroinnista sinulle jäi?",
    "sv": "Vilka erfarenheter fick du av mentorskapet?",
    "en": "What was your experience of the mentoring like?",
}
HOW_OFTEN = {
    "fi": "Kuinka usein tapasitte?",
    "sv": "Hur ofta träffades ni?",
    "en": "How often did you meet?",
}
FREQUENCIES = [
    (
        "rarely",
        {
            "fi": "Harvemmin kuin kerran kuussa",
            "sv": "Mer sällan än en gång i månaden",
            "en": "Less than once a month",
        },
    ),
    (
        "monthly",
        {"fi": "Noin kerran kuussa", "sv": "Ungefär en gång i månaden", "en": "About once a month"},
    ),
    (
        "twice",
        {
            "fi": "Noin kaksi kertaa kuussa",
            "sv": "Ungefär två gånger i månaden",
            "en": "About twice a month",
        },
    ),
    ("often", {"fi": "Useammin", "sv": "Oftare", "en": "More often"}),
]

ACTOR_QUESTIONS: list[dict[str, Any]] = [
    _scale("satisfaction", SATISFIED, NOT_AT_ALL, VERY),
    _text("experiences", EXPERIENCES),
    _choice("frequency", "choice", HOW_OFTEN, FREQUENCIES),
    _text(
        "activities",
        {
            "fi": "Mitä teitte yhdessä? Mistä puhuitte?",
            "sv": "Vad gjorde ni tillsammans? Vad pratade ni om?",
            "en": "What did you do together? What did you talk about?",
        },
    ),
    _text(
        "working_life",
        {
            "fi": "Miten kuvasi suomalaisesta työelämästä muuttui?",
            "sv": "Hur förändrades din bild av arbetslivet i Finland?",
            "en": "How did your picture of working life in Finland change?",
        },
    ),
    _choice(
        "achieved",
        "multi_choice",
        {
            "fi": "Mitä saavutit mentoroinnin aikana?",
            "sv": "Vad uppnådde du under mentorskapet?",
            "en": "What did you achieve during the mentoring?",
        },
        [
            (
                "job_own_field",
                {
                    "fi": "Työpaikan omalta alalta",
                    "sv": "Ett arbete inom min egen bransch",
                    "en": "A job in my own field",
                },
            ),
            ("job_other", {"fi": "Muun työpaikan", "sv": "Ett annat arbete", "en": "Another job"}),
            (
                "internship",
                {"fi": "Harjoittelupaikan", "sv": "En praktikplats", "en": "An internship"},
            ),
            (
                "studies",
                {
                    "fi": "Opiskelupaikan tai jatko-opinnot",
                    "sv": "En studieplats eller fortsatta studier",
                    "en": "A study place or further studies",
                },
            ),
            (
                "grant",
                {
                    "fi": "Apurahan tai hain apurahaa",
                    "sv": "Ett stipendium eller en stipendieansökan",
                    "en": "A grant, or an application for one",
                },
            ),
            ("other", {"fi": "Jotain muuta", "sv": "Något annat", "en": "Something else"}),
        ],
    ),
    _scale(
        "helped",
        {
            "fi": "Kuinka paljon mentorointi auttoi sinua kohti tavoitettasi?",
            "sv": "Hur mycket hjälpte mentorskapet dig mot ditt mål?",
            "en": "How much did the mentoring help you towards your goal?",
        },
        NOT_AT_ALL,
        {"fi": "Todella paljon", "sv": "Väldigt mycket", "en": "A great deal"},
    ),
    _text(
        "how_helped",
        {
            "fi": "Miten mentorointi auttoi sinua?",
            "sv": "Hur hjälpte mentorskapet dig?",
            "en": "How did the mentoring help you?",
        },
    ),
    _text(
        "networks",
        {
            "fi": "Miten mentorisi verkostoja käytettiin?",
            "sv": "Hur användes din mentors nätverk?",
            "en": "How were your mentor's networks used?",
        },
    ),
]

MENTOR_QUESTIONS: list[dict[str, Any]] = [
    _scale("satisfaction", SATISFIED, NOT_AT_ALL, VERY),
    _text("experiences", EXPERIENCES),
    _text(
        "why_joined",
        {
            "fi": "Miksi lähdit mentoriksi?",
            "sv": "Varför blev du mentor?",
            "en": "Why did you become a mentor?",
        },
    ),
    _text(
        "best",
        {
            "fi": "Mikä oli parasta?",
            "sv": "Vad var det bästa?",
            "en": "What was the best part?",
        },
    ),
    _text(
        "topics",
        {
            "fi": "Mistä aiheista puhuitte?",
            "sv": "Vilka ämnen tog ni upp?",
            "en": "Which topics did you talk about?",
        },
    ),
    _choice("frequency", "choice", HOW_OFTEN, FREQUENCIES),
    {
        "key": "referee",
        "kind": "yes_no",
        "label": {
            "fi": "Pyydettiinkö sinua suosittelijaksi?",
            "sv": "Blev du ombedd att vara referens?",
            "en": "Were you asked to be a referee?",
        },
        "required": False,
    },
    _choice(
        "again",
        "choice",
        {
            "fi": "Lähtisitkö uudelleen mentoriksi?",
            "sv": "Skulle du bli mentor igen?",
            "en": "Would you mentor again?",
        },
        [
            ("yes", {"fi": "Kyllä", "sv": "Ja", "en": "Yes"}),
            ("maybe", {"fi": "Ehkä", "sv": "Kanske", "en": "Maybe"}),
            ("no", {"fi": "En", "sv": "Nej", "en": "No"}),
        ],
    ),
]

DEFAULT_QUESTIONS = {"actor": ACTOR_QUESTIONS, "mentor": MENTOR_QUESTIONS}
