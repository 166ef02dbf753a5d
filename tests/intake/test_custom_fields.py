"""A tenant's own questions: from the bundle TOML or the form editor, onto the
applicant's form, into the stored answers (with the form version) and onto the
person page, in the reader's language."""

from __future__ import annotations

import re
import tomllib

import pytest
from sqlalchemy import func, select

from kaari.core import db
from kaari.core.config import PROJECT_ROOT
from kaari.core.scoping import tenant_scope
from kaari.intake.models import FormVersion
from kaari.tenancy.bundles import BundleError, apply_bundle, parse_bundle
from tests.intake.test_registration import ACTOR, _join_and_link, _link, _person

BUNDLE = """
slug = "alpha"
name = "Alpha Network"
languages = ["fi", "sv", "en"]

[contact]
email = "coordinator@alpha.example.org"

[forms.actor]
hide = ["work_here"]

[forms.actor.relabel.interests]
label = { fi = "Harrastukset", sv = "Fritidsintressen", en = "Hobbies" }

[[forms.actor.fields]]
key = "licence"
kind = "yes_no"
label = { fi = "Onko sinulla ajokortti?", sv = "Har du körkort?", en = "Do you have a driving licence?" }
required = true

[[forms.actor.fields]]
key = "sector"
kind = "choice"
label = { fi = "Toivottu sektori", sv = "Önskad sektor", en = "Wished sector" }
choices = [
  { key = "public", label = { fi = "Julkinen", sv = "Offentlig", en = "Public" } },
  { key = "private", label = { fi = "Yksityinen", sv = "Privat", en = "Private" } },
]

[[forms.actor.fields]]
key = "days"
kind = "multi_choice"
label = { fi = "Sopivat päivät", sv = "Lämpliga dagar", en = "Days that suit you" }
choices = [
  { key = "mon", label = { fi = "Maanantai", sv = "Måndag", en = "Monday" } },
  { key = "tue", label = { fi = "Tiistai", sv = "Tisdag", en = "Tuesday" } },
  { key = "wed", label = { fi = "Keskiviikko", sv = "Onsdag", en = "Wednesday" } },
]

[[forms.actor.fields]]
key = "years"
kind = "number"
label = { fi = "Työvuodet alalla", sv = "Arbetsår i branschen", en = "Years in the field" }
help = { fi = "Arvio riittää.", en = "An estimate is enough." }

[[forms.actor.fields]]
key = "arrived"
kind = "date"
label = { fi = "Muuttopäivä Suomeen", sv = "Flyttdag till Finland", en = "Date you moved to Finland" }

[[forms.actor.fields]]
key = "story"
kind = "long_text"
label = { fi = "Kerro lisää itsestäsi", sv = "Berätta mer om dig", en = "Tell us more about yourself" }
"""
ANSWERS = {
    "custom_licence": "yes",
    "custom_sector": "private",
    "custom_days": ["mon", "wed"],
    "custom_years": "6.5",
    "custom_arrived": "2023-04-01",
    "custom_story": "<script>alert('x')</script> I like bridges",
}


def _apply(text: str = BUNDLE):
    bundle = parse_bundle(tomllib.loads(text), base_dir=PROJECT_ROOT / "tenants")
    apply_bundle(bundle)
    db.session.commit()


def _versions(app, tenant_id: int) -> int:
    with app.app_context(), tenant_scope(tenant_id):
        return db.session.scalar(select(func.count()).select_from(FormVersion))


def test_bundle_questions_reach_the_form_the_answers_and_the_person_page(
    app, client, world, outbox
):
    with app.app_context():
        _apply()
        _apply()  # the same file again makes no second version
        assert _versions(app, world.a.tenant_id) == 1
    _join_and_link(client)
    link = _link(outbox).split("?")[0]

    html = client.get(f"{link}?lang=en").get_data(as_text=True)
    assert "Do you have a driving licence?" in html and "Days that suit you" in html
    assert "An estimate is enough." in html
    assert "Hobbies" in html
    assert 'name="work_here"' not in html  # hidden by the tenant
    assert "Harrastukset" in client.get(f"{link}?lang=fi").get_data(as_text=True)

    form = {key: value for key, value in ACTOR.items() if key != "work_here"}
    missing = client.submit(link, {**form, "custom_story": "Kept text", "submit": "1"})
    assert missing.status_code == 400
    html = missing.get_data(as_text=True)
    assert 'id="custom_licence-error"' in html and "Kept text" in html

    response = client.submit(link, {**form, **ANSWERS, "submit": "1"})
    assert response.status_code == 302
    person = _person(app, world)
    assert person.answers["custom_days"] == ["mon", "wed"]
    assert person.answers["custom_arrived"] == "2023-04-01"
    assert person.answers["_form_version"] == 1

    client.login(world.a.coordinator.email, tenant="alpha")
    page = client.get(f"/alpha/staff/participants/{person.id}?lang=en").get_data(as_text=True)
    assert "Do you have a driving licence?" in page
    assert "Private" in page and "Monday, Wednesday" in page and "6.5" in page
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    page_fi = client.get(f"/alpha/staff/participants/{person.id}?lang=fi").get_data(as_text=True)
    assert "Yksityinen" in page_fi and "Maanantai, Keskiviikko" in page_fi


def test_a_reopened_form_shows_the_saved_answers(app, client, world, outbox):
    with app.app_context():
        _apply()
    _join_and_link(client)
    link = _link(outbox).split("?")[0]
    client.submit(link, {**ACTOR, **ANSWERS, "save": "1"})
    html = client.get(f"{link}?lang=en").get_data(as_text=True)
    assert 'value="2023-04-01"' in html and 'value="6.5"' in html
    assert re.search(r'<input checked[^>]*value="wed"', html)


def test_answers_keep_the_wording_of_their_version(app, client, world, outbox):
    with app.app_context():
        _apply()
    _join_and_link(client)
    client.submit(_link(outbox), {**ACTOR, **ANSWERS, "submit": "1"})
    person = _person(app, world)

    client.login(world.a.coordinator.email, tenant="alpha")
    edit = "/alpha/staff/forms/actor/questions/licence?lang=en"
    response = client.submit(
        edit,
        {"kind": "yes_no", "required": "y", "label_fi": "Ajokortti B?", "label_en": "Licence B?"},
    )
    assert response.status_code == 302
    assert _versions(app, world.a.tenant_id) == 2
    page = client.get(f"/alpha/staff/participants/{person.id}?lang=en").get_data(as_text=True)
    assert "Do you have a driving licence?" in page and "Licence B?" not in page
    preview = client.get("/alpha/staff/forms/actor/preview?lang=en").get_data(as_text=True)
    assert "Licence B?" in preview


def test_a_coordinator_adds_moves_and_removes_questions(app, client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    new = "/alpha/staff/forms/mentor/questions/new"
    bad = client.submit(new, {"kind": "choice", "label_fi": "Kieli", "choices_fi": "Suomi"})
    assert bad.status_code == 400
    assert 'id="choices_fi-error"' in bad.get_data(as_text=True)
    assert 'value="Kieli"' in bad.get_data(as_text=True)  # nothing typed is lost

    client.submit(
        new,
        {
            "kind": "choice",
            "label_fi": "Työkieli",
            "label_en": "Working language",
            "choices_fi": "Suomi\nRuotsi",
            "choices_en": "Finnish\nSwedish",
        },
    )
    client.submit(new, {"kind": "text", "label_fi": "Työnantaja"})
    page = client.get("/alpha/staff/forms/mentor").get_data(as_text=True)
    assert page.index("Työkieli") < page.index("Työnantaja")

    editor = "/alpha/staff/forms/mentor"
    client.submit(f"{editor}/questions/tyonantaja/change", {"action": "up"}, form_url=editor)
    page = client.get("/alpha/staff/forms/mentor").get_data(as_text=True)
    assert page.index("Työnantaja") < page.index("Työkieli")

    client.submit(f"{editor}/questions/tyokieli/change", {"action": "remove"}, form_url=editor)
    assert "Työkieli" not in client.get("/alpha/staff/forms/mentor").get_data(as_text=True)
    with app.app_context(), tenant_scope(world.a.tenant_id):
        latest = db.session.scalar(select(FormVersion).order_by(FormVersion.number.desc()))
        assert latest.number == 4
        assert [field["key"] for field in latest.definition["fields"]] == ["tyonantaja"]


def test_matching_fields_cannot_be_hidden_but_others_can(app, client, world):
    client.login(world.a.admin.email, tenant="alpha")
    page = client.get("/alpha/staff/forms/actor/builtins/education_field")
    assert page.status_code == 200 and 'name="hidden"' not in page.get_data(as_text=True)
    assert client.get("/alpha/staff/forms/actor/builtins/occupation").status_code == 404
    client.submit("/alpha/staff/forms/actor/builtins/work_abroad", {"hidden": "y"})
    with app.app_context(), tenant_scope(world.a.tenant_id):
        latest = db.session.scalar(select(FormVersion))
        assert latest.definition["builtins"]["work_abroad"]["hidden"] is True


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ('[forms.actor]\nhide = ["education_field"]', "forms.actor.hide"),
        ('[forms.actor]\nhide = ["occupation"]', "forms.actor.hide"),
        ("[forms.pair]\nhide = []", "forms.pair"),
        (
            '[[forms.actor.fields]]\nkey = "x"\nkind = "colour"\nlabel = { fi = "X" }',
            "forms.actor.fields[0].kind",
        ),
        (
            '[[forms.actor.fields]]\nkey = "x"\nkind = "text"\nlabel = { en = "X" }',
            "forms.actor.fields[0].label.fi",
        ),
        (
            '[[forms.actor.fields]]\nkey = "x"\nkind = "choice"\nlabel = { fi = "X" }',
            "forms.actor.fields[0].choices",
        ),
        (
            '[[forms.actor.fields]]\nkey = "Bad Key"\nkind = "text"\nlabel = { fi = "X" }',
            "forms.actor.fields[0].key",
        ),
    ],
)
def test_bundle_errors_name_the_key(change, where):
    text = f'slug = "gamma"\nname = "Gamma"\n{change}\n'
    with pytest.raises(BundleError) as error:
        parse_bundle(tomllib.loads(text), base_dir=PROJECT_ROOT)
    assert str(error.value).startswith(where), str(error.value)


def test_another_tenants_questions_stay_in_their_tenant(app, client, world, outbox):
    with app.app_context():
        _apply(BUNDLE.replace('slug = "alpha"', 'slug = "beta"').replace("Alpha", "Beta"))
    client.login(world.a.admin.email, tenant="alpha")
    assert "ajokortti" not in client.get("/alpha/staff/forms/actor").get_data(as_text=True)
    assert client.get("/alpha/staff/forms/actor/questions/licence").status_code == 404
    response = client.submit(
        "/alpha/staff/forms/actor/questions/licence/change",
        {"action": "remove"},
        form_url="/alpha/staff/forms/actor",
    )
    assert response.status_code == 404
    assert client.get("/alpha/staff/forms/pair").status_code == 404
    client.logout()
    _join_and_link(client)
    assert "ajokortti" not in client.get(_link(outbox)).get_data(as_text=True)
    assert _versions(app, world.b.tenant_id) == 1 and _versions(app, world.a.tenant_id) == 0


CONTACT = """
slug = "alpha"
name = "Alpha Network"
languages = ["fi", "sv", "en"]

[contact]
email = "coordinator@alpha.example.org"

[forms.contact]
hide = ["question"]

[[forms.contact.fields]]
key = "heard"
kind = "choice"
required = true
label = { fi = "Mistä kuulit meistä?", sv = "Var hörde du om oss?", en = "Where did you hear about us?" }
choices = [
  { key = "friend", label = { fi = "Ystävältä", sv = "Av en vän", en = "From a friend" } },
  { key = "course", label = { fi = "Kurssilta", sv = "På en kurs", en = "On a course" } },
]
"""


def test_the_contact_form_takes_the_tenants_own_questions(app, client, world, outbox):
    with app.app_context():
        _apply(CONTACT)
    html = client.get("/alpha/join?lang=en").get_data(as_text=True)
    assert "Where did you hear about us?" in html
    assert 'name="question"' not in html  # hidden by the tenant
    contact = {
        "role": "mentor",
        "name": "Maija Mentor",
        "email": "maija@example.org",
        "municipality": "Espoo",
        "language": "en",
        "consent": "y",
    }
    response = client.submit("/alpha/join?lang=en", contact)
    assert response.status_code == 400 and 'id="custom_heard-error"' in response.get_data(
        as_text=True
    )
    assert client.submit("/alpha/join", {**contact, "custom_heard": "course"}).status_code == 302

    person = _person(app, world, "maija@example.org")
    assert person.answers["contact"] == {"custom_heard": "course", "_form_version": 1}
    client.login(world.a.coordinator.email, tenant="alpha")
    page = client.get(f"/alpha/staff/participants/{person.id}?lang=en").get_data(as_text=True)
    assert "Where did you hear about us?" in page and "On a course" in page
    preview = client.get("/alpha/staff/forms/contact/preview?lang=en").get_data(as_text=True)
    assert "Where did you hear about us?" in preview and 'name="website"' not in preview
