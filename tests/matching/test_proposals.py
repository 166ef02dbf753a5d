"""A coordinator asks for proposals, reads why, accepts, rejects and pins pairs."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from kaari.core import db
from kaari.core.scoping import tenant_scope
from kaari.matching import rulesets
from kaari.matching.models import MatchingRun, Pair
from kaari.participants.models import Person
from tests.matching.conftest import pairs_on, proposal_rows
from tests.matching.conftest import propose as _propose


def _pairs(app, world) -> list[Pair]:
    with app.app_context(), tenant_scope(world.a.tenant_id):
        return list(db.session.scalars(select(Pair)))


def test_proposals_pair_by_field_and_explain_why(app, coordinator, pool, world):
    run_url = _propose(coordinator)
    html = coordinator.get(run_url + "?lang=en").get_data(as_text=True)
    assert sorted(pairs_on(html)) == [
        ("Actor Engineer", "Mentor Civil"),
        ("Actor Nurse", "Mentor Doctor"),
    ]
    assert "Beta Mentor" not in html  # another tenant's people are never in the pool
    # The list gives the two strongest reasons; the pair's own page gives every one.
    [engineer_row] = [
        row for actor, _mentor, row in proposal_rows(html) if actor == "Actor Engineer"
    ]
    assert engineer_row.count("<li>") == 2
    why = coordinator.get(f"{run_url}/proposals/{pool['engineer']}?lang=en")
    assert why.status_code == 200
    page = why.get_data(as_text=True)
    assert "<h1>Actor Engineer + Mentor Civil</h1>" in page
    assert "Same occupation (unit group)" in page and "Shared interests: chess" in page
    assert coordinator.get(f"{run_url}/proposals/{pool['civil']}").status_code == 404


def test_accepting_makes_a_pair_and_moves_both_to_matched(app, coordinator, pool, world):
    run_url = _propose(coordinator)
    response = coordinator.submit(
        run_url + "/accept", {"actor": pool["engineer"], "mentor": pool["civil"]}, form_url=run_url
    )
    assert response.status_code == 302
    [pair] = _pairs(app, world)
    assert (pair.actor_id, pair.mentor_id, pair.status) == (
        pool["engineer"],
        pool["civil"],
        "proposed",
    )
    assert pair.score > 0.5 and pair.explanation and pair.rule_set == "standard v1"
    with app.app_context(), tenant_scope(world.a.tenant_id):
        statuses = {p.name: p.status for p in db.session.scalars(select(Person))}
    assert statuses["Actor Engineer"] == statuses["Mentor Civil"] == "matched"
    # Accepting again, or accepting someone not proposed, changes nothing.
    again = coordinator.submit(
        run_url + "/accept", {"actor": pool["engineer"], "mentor": pool["civil"]}, form_url=run_url
    )
    assert again.status_code == 302 and len(_pairs(app, world)) == 1
    forged = coordinator.submit(
        run_url + "/accept", {"actor": world.b.person_id, "mentor": pool["civil"]}, form_url=run_url
    )
    assert forged.status_code == 404


def test_rejecting_asks_again_without_that_pair(app, coordinator, pool, world):
    run_url = _propose(coordinator)
    response = coordinator.submit(
        run_url + "/reject", {"actor": pool["engineer"], "mentor": pool["civil"]}, form_url=run_url
    )
    new_url = response.headers["Location"]
    assert new_url != run_url
    html = coordinator.get(new_url).get_data(as_text=True)
    assert ("Actor Engineer", "Mentor Civil") not in pairs_on(html)


def test_a_pinned_pair_is_kept(app, coordinator, pool, world):
    with app.app_context(), tenant_scope(world.a.tenant_id):
        db.session.get(Person, pool["doctor"]).status = "withdrawn"  # leave one mentor
        db.session.commit()
    run_url = _propose(coordinator)
    html = coordinator.get(run_url).get_data(as_text=True)
    assert ("Actor Engineer", "Mentor Civil") in pairs_on(html)
    with app.app_context(), tenant_scope(world.a.tenant_id):
        db.session.get(Person, pool["doctor"]).status = "waiting"
        db.session.commit()
    # The coordinator wants the nurse with the civil engineer after all.
    with app.app_context(), tenant_scope(world.a.tenant_id):
        run = db.session.scalar(select(MatchingRun).order_by(MatchingRun.id.desc()))
        run.result["unmatched_mentors"] = [pool["civil"]]
        run.result["unmatched_actors"].append({"actor": pool["nurse"], "why": ["taken", {}]})
        from sqlalchemy.orm.attributes import flag_modified

        flag_modified(run, "result")
        db.session.commit()
    response = coordinator.submit(
        run_url + "/pin", {"actor": pool["nurse"], "mentor": pool["civil"]}, form_url=run_url
    )
    html = coordinator.get(response.headers["Location"] + "?lang=en").get_data(as_text=True)
    [row] = [row for *pair, row in proposal_rows(html) if pair == ["Actor Nurse", "Mentor Civil"]]
    assert "Pinned" in row


def test_a_hard_rule_leaves_people_unmatched_with_the_reason(app, coordinator, pool, world):
    with app.app_context(), tenant_scope(world.a.tenant_id):
        rulesets.publish_shipped()
        rulesets.adopt("women", {}, "score", actor_id=None)
        db.session.commit()
    run_url = _propose(coordinator)
    html = coordinator.get(run_url + "?lang=en").get_data(as_text=True)
    assert pairs_on(html) == []  # nobody's gender is known on both sides
    html = coordinator.get(run_url + "?view=unmatched&lang=en").get_data(as_text=True)
    assert "No mentor passes the hard rule: Gender" in html


def test_changing_the_rules_never_changes_a_pair(app, coordinator, pool, world):
    run_url = _propose(coordinator)
    coordinator.submit(
        run_url + "/accept", {"actor": pool["engineer"], "mentor": pool["civil"]}, form_url=run_url
    )
    [before] = _pairs(app, world)
    response = coordinator.submit(
        "/alpha/staff/matching/rules",
        {
            "rule_set": "standard",
            "objective": "count",
            "threshold": "0.5",
            "weight_occupation": "0",
        },
    )
    assert response.status_code == 302
    [after] = _pairs(app, world)
    assert (after.score, after.explanation) == (before.score, before.explanation)
    with app.app_context(), tenant_scope(world.a.tenant_id):
        rules, objective = rulesets.tenant_rules()
    assert rules.weights["occupation"] == 0 and rules.threshold == 0.5 and objective == "count"


def test_publishing_a_changed_rule_set_makes_a_new_version(app, tmp_path):
    runner = app.test_cli_runner()
    assert "published standard v1" in runner.invoke(args=["matching", "publish"]).output
    assert "nothing changed" in runner.invoke(args=["matching", "publish"]).output
    changed = (
        (rulesets.SHIPPED / "standard.toml")
        .read_text()
        .replace("threshold = 0.35", "threshold = 0.4")
    )
    (tmp_path / "standard.toml").write_text(changed)
    output = runner.invoke(args=["matching", "publish", str(tmp_path / "standard.toml")]).output
    assert "published standard v2" in output
    bad = tmp_path / "bad.toml"
    bad.write_text(changed.replace("occupation = { weight = 3 }", "horoscope = { weight = 3 }"))
    result = runner.invoke(args=["matching", "publish", str(bad)])
    assert result.exit_code != 0 and "criteria.horoscope: not in the library" in result.output


def test_a_bundle_adopts_a_rule_set_with_its_own_weights(app):
    import tomllib

    from kaari.core.config import PROJECT_ROOT
    from kaari.tenancy.bundles import BundleError, apply_bundle, parse_bundle

    text = 'slug = "gamma"\nname = "Gamma"\n[matching]\nrule_set = "standard"\nobjective = "count"\nweights = { municipality = 4 }\n'
    with app.app_context():
        tenant, _created = apply_bundle(parse_bundle(tomllib.loads(text), base_dir=PROJECT_ROOT))
        db.session.commit()
        with tenant_scope(tenant.id):
            rules, objective = rulesets.tenant_rules()
        assert rules.weights["municipality"] == 4 and objective == "count"
        for bad, where in [
            ('rule_set = "standard"\nweights = { horoscope = 1 }', "matching.weights.horoscope"),
            ('rule_set = "standard"\nthreshold = 2', "matching.threshold"),
            ('objective = "score"', "matching.rule_set"),
        ]:
            with pytest.raises(BundleError) as error:
                parse_bundle(
                    tomllib.loads(f'slug = "gamma"\nname = "G"\n[matching]\n{bad}\n'),
                    base_dir=PROJECT_ROOT,
                )
            assert str(error.value).startswith(where), str(error.value)


def test_the_rules_page_works_before_any_rule_set_is_published(coordinator):
    html = coordinator.get("/alpha/staff/matching/rules?lang=en").get_data(as_text=True)
    assert "In use now: Standard rules (version 1)." in html
    assert "standard v1" not in html
