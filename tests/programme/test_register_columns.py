"""The programme in the register list and its export: optional columns chosen by the
user (kept in the query string) and filters for group, pair partner, agreement,
meetings logged and outcome; occupation and education named in the reader's language."""

from __future__ import annotations

from datetime import date

import pytest

from kaari.core import db
from kaari.core.scoping import tenant_scope
from kaari.matching.models import Pair
from kaari.participants.models import Person
from kaari.programme.groups.models import Agreement, AgreementSignature, PairMeeting
from kaari.programme.outcomes.models import Outcome
from kaari.tenancy.models import Tenant
from tests.helpers import QueryCounter, make_person, put_pairs_in_group

LIST = "/alpha/staff/participants/"
KNOWN = ("Aino Actor", "Mika Actor", "Bea Actor", "Person of alpha", "Mentor of Aino Actor")


@pytest.fixture
def programme(app, world, actors_group):
    """Aino's pair signed its agreement and met three times; Aino found work in her
    field and studies too; Mika studies; Aino studied ICT and is a civil engineer."""
    aino, mika = actors_group.actors["Aino Actor"], actors_group.actors["Mika Actor"]
    mentor = actors_group.mentors["Aino Actor"]
    with app.app_context(), tenant_scope(world.a.tenant_id):
        pair = db.session.query(Pair).filter_by(actor_id=aino).one()
        agreement = Agreement(pair_id=pair.id)
        db.session.add(agreement)
        db.session.flush()
        for person_id in (aino, mentor):
            db.session.add(AgreementSignature(agreement_id=agreement.id, version=1,
                                              person_id=person_id, typed_name="x"))  # fmt: skip
        for day in (1, 8, 15):
            db.session.add(PairMeeting(pair_id=pair.id, met_on=date(2027, 3, day)))
        db.session.add_all([
            Outcome(person_id=aino, kind="studies", happened_on=date(2027, 5, 1)),
            Outcome(person_id=aino, kind="employed_own_field", happened_on=date(2027, 9, 1)),
            Outcome(person_id=mika, kind="studies", happened_on=date(2027, 5, 1)),
        ])  # fmt: skip
        person = db.session.get(Person, aino)
        person.partner_id = world.a.partner_id
        person.answers = {"occupation": "2142 Civil engineers", "occupation_code": "2142",
                          "education_field_code": "0613"}  # fmt: skip
        db.session.commit()
    return actors_group


def _names(client, query: str) -> set[str]:
    html = client.get(f"{LIST}?{query}").get_data(as_text=True)
    return {name for name in KNOWN if f">{name}</a>" in html}


def _row(html: str, name: str) -> str:
    start = html.index(f">{name}</a>")
    return html[start : html.index("</tr>", start)]


def test_chosen_columns_show_the_programme_in_finnish(coordinator, world, programme):
    columns = "show=group&show=pair_partner&show=agreement&show=meetings&show=outcome"
    html = coordinator.get(
        f"{LIST}?{columns}&show=occupation&show=education&show=referrer&lang=fi"
    ).get_data(as_text=True)
    assert '<th scope="col">Parikumppani</th>' in html
    aino = _row(html, "Aino Actor")
    cells = ["ALPHA1", "Mentor of Aino Actor", "Kyllä", "3", "Työllistynyt omalle alalle"]
    assert "</td><td>".join(cells) in aino.replace("\n          ", "")
    assert "2142 Maa- ja vesirakentamisen erityisasiantuntijat" in aino
    assert "0613 Ohjelmistojen ja sovellusten kehittäminen ja analyysi" in aino
    assert "Partner of alpha" in aino and "Civil engineers" not in aino
    mika = _row(html, "Mika Actor")
    assert "ALPHA1" in mika and "Ei" in mika and "Opiskelupaikka" in mika
    # The choice stays in the page: the boxes are ticked, and the export ticks them too.
    assert 'id="show-group" name="show" value="group" checked' in html
    assert 'id="column-group" name="columns" value="group" checked' in html


def test_columns_in_swedish_and_none_chosen_shows_none(coordinator, programme):
    html = coordinator.get(f"{LIST}?show=agreement&show=occupation&lang=sv").get_data(as_text=True)
    assert '<th scope="col">Avtalet undertecknat</th>' in html
    assert "2142 Specialister inom mark- och vattenbyggnad" in _row(html, "Aino Actor")
    plain = coordinator.get(f"{LIST}?lang=sv").get_data(as_text=True)
    assert "Avtalet undertecknat</th>" not in plain


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("group={group}&role=actor", {"Aino Actor", "Mika Actor", "Bea Actor"}),
        ("pair=no", {"Person of alpha"}),
        ("pair=yes&role=actor", {"Aino Actor", "Mika Actor", "Bea Actor"}),
        ("agreement=yes", {"Aino Actor", "Mentor of Aino Actor"}),
        ("agreement=no&role=actor", {"Mika Actor", "Bea Actor"}),
        ("meetings=3", {"Aino Actor", "Mentor of Aino Actor"}),
        ("meetings=6", set()),
        ("meetings=0&role=actor", {"Mika Actor", "Bea Actor"}),
        ("outcome=employed_own_field", {"Aino Actor"}),
        ("outcome=studies", {"Mika Actor", "Person of alpha"}),  # Aino counts as employed
        ("outcome=not_known", {"Bea Actor"}),
        ("partner={partner}", {"Aino Actor"}),
        (
            "group=abc&role=actor&pair=maybe",
            {"Aino Actor", "Mika Actor", "Bea Actor", "Person of alpha"},
        ),
    ],
)
def test_each_filter_finds_its_people(coordinator, world, programme, query, expected):
    query = query.format(group=world.a.group_id, partner=world.a.partner_id)
    assert _names(coordinator, query) == expected


def test_a_group_filter_keeps_its_choice_and_pages_keep_the_columns(coordinator, world, programme):
    html = coordinator.get(f"{LIST}?group={world.a.group_id}&show=group").get_data(as_text=True)
    assert f'<option value="{world.a.group_id}" selected>ALPHA1</option>' in html
    with_nothing = coordinator.get(f"{LIST}?group={world.b.group_id}&lang=en").get_data(
        as_text=True
    )
    assert "Nobody matches the filters." in with_nothing  # another tenant's group


def test_the_export_has_the_same_columns(coordinator, world, programme):
    response = coordinator.get(
        f"/alpha/staff/participants/export?group={world.a.group_id}&role=actor&sort=name"
        "&columns=name&columns=group&columns=pair_partner&columns=meetings&columns=outcome"
        "&columns=occupation&format=csv&lang=fi"
    )
    lines = response.get_data(as_text=True).splitlines()
    assert lines[0] == "Nimi,Ryhmä,Parikumppani,Kirjatut paritapaamiset,Tulos,Ammatti"
    assert lines[1] == (
        "Aino Actor,ALPHA1,Mentor of Aino Actor,3,Työllistynyt omalle alalle,"
        "2142 Maa- ja vesirakentamisen erityisasiantuntijat"
    )
    mika = 'Mika Actor,ALPHA1,Mentor of Mika Actor,0,"Opiskelupaikka, jatko-opinnot tai'
    assert lines[3].startswith(mika)


EVERY_COLUMN = ("group", "pair_partner", "agreement", "meetings", "outcome", "occupation",
                "education", "referrer")  # fmt: skip


@pytest.mark.parametrize(
    "page",
    [
        "&".join(f"show={key}" for key in EVERY_COLUMN),
        "export?" + "&".join(f"columns={key}" for key in EVERY_COLUMN) + "&format=csv",
        "export?" + "&".join(f"columns={key}" for key in EVERY_COLUMN) + "&format=xlsx",
    ],
    ids=["list", "csv export", "xlsx export"],
)
def test_the_list_with_every_column_does_not_grow_queries_with_people(
    app, coordinator, world, page
):
    url = f"{LIST}{'' if page.startswith('export') else '?'}{page}&group={world.a.group_id}"

    def count() -> tuple[int, int]:
        """Statements run, and the bytes of the page or file."""
        with QueryCounter(app.extensions["kaari_engine"]) as counter:
            response = coordinator.get(url)
            assert response.status_code == 200
            size = len(response.get_data())  # a streamed export queries as it is read
        return counter.count, size

    put_pairs_in_group(app, world.a.tenant_id, world.a.group_id, [("Ada One", "fi")])
    coordinator.get(url).get_data()
    small, small_size = count()
    more = [(f"Person{n} Actor", "fi") for n in range(12)]
    put_pairs_in_group(app, world.a.tenant_id, world.a.group_id, more)
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        make_person(tenant, "Lone Person", "lone@example.org")
        db.session.commit()
    large, large_size = count()
    assert large == small and large_size > small_size
