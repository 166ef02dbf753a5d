"""Matching for coordinators: ask for proposals, read their explanations, accept,
swap, reject or pin pairs, and choose the rule set."""

from __future__ import annotations

from dataclasses import replace

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from kaari.accounts.access import permission_required
from kaari.core import db
from kaari.core.choices import as_choices
from kaari.core.formats import number
from kaari.core.i18n import select_language, translated
from kaari.core.lookups import get_or_404
from kaari.core.paging import Position
from kaari.core.web import client_ip
from kaari.matching import forms, invitations, preferences, review, rulesets, services
from kaari.matching.criteria import CRITERIA, reason_text
from kaari.matching.models import OPEN_PAIR_STATUSES, MatchingRun, Pair, PairStatus, RuleSet
from kaari.matching.settings import matching_settings
from kaari.participants import portal_access, reconfirm, sharing
from kaari.participants.settings import participants_settings
from kaari.taxonomy.services import education_fields, occupations
from kaari.tenancy.routing import tenant_blueprint
from kaari.tenancy.services import list_target_groups
from kaari.tenancy.settings import change_setting

bp = tenant_blueprint("matching", __name__, "/staff/matching")
public = tenant_blueprint("matching_public", __name__)


@bp.route("/", methods=["GET", "POST"])
@permission_required("manage_matching")
def overview():
    rules, objective = rulesets.tenant_rules()
    form = forms.ProposeForm(objective=objective)
    groups = list_target_groups()
    form.target_group.choices = as_choices(
        [("", _("Everyone"))] + [(str(t.id), translated(t.name)) for t in groups]
    )
    if form.validate_on_submit():
        group = form.target_group.data
        options = services.PoolOptions(
            target_group=int(group) if group and group.isdigit() else None,
            objective=form.objective.data,
        )
        run = services.propose(
            g.tenant, options, actor_id=current_user.id, secret_key=current_app.config["SECRET_KEY"]
        )
        db.session.commit()
        return redirect(url_for("matching.run", run_id=run.id))
    db.session.commit()  # the shipped rule set may have been published just now
    runs = services.latest_runs()
    return render_template(
        "matching/overview.html",
        form=form,
        ask_form=forms.AskPreferencesForm(),
        rules=rules,
        runs=runs,
        titles=_titles([rules.label, *(item.rules for item in runs)]),
        target_groups={t.id: t for t in groups},
    ), 400 if form.errors else 200


@bp.route("/runs/<id:run_id>")
@permission_required("manage_matching")
def run(run_id: int):
    """One page of the run's proposals (or of the actors without one), as a table."""
    run = get_or_404(MatchingRun, run_id)
    result = run.result
    listing = review.Listing.from_args(request.args)
    after_days = participants_settings.get(g.tenant, "reconfirm_after_days")
    attention = reconfirm.due_ids(after_days)
    if listing.view == "unmatched":
        page = review.unmatched(result, listing)
        free = result["unmatched_mentors"]
        people = services.people_by_id({item["actor"] for item in page.items} | set(free))
        pin_form = forms.PinForm()  # pins one of this page's actors to a free mentor
        pin_form.actor.choices = as_choices(
            (item["actor"], people[item["actor"]].name)
            for item in page.items
            if item["actor"] in people
        )
        pin_form.mentor.choices = as_choices((m, people[m].name) for m in free if m in people)
    else:
        page = review.proposals(result, listing, attention)
        page = replace(page, items=services.with_details(run, page.items))
        people = services.people_by_id(
            {item["actor"] for item in page.items} | {item["mentor"] for item in page.items}
        )
        pin_form = None
    return render_template(
        "matching/run.html",
        run=run,
        listing=listing,
        page=page,
        people=people,
        attention=attention,
        attention_count=sum(review.needs_attention(p, attention) for p in result["proposals"]),
        after_days=after_days,
        orders=_orders(),
        rules_title=_title(run.rules.get("label", "")),
        reason_text=reason_text,
        strongest_reasons=review.strongest_reasons,
        why_text=_why_text,
        pin_form=pin_form,
        pair_form=forms.PairForm(),
    )


@bp.route("/runs/<id:run_id>/proposals/<id:person_id>")
@permission_required("manage_matching")
def proposal(run_id: int, person_id: int):
    """Why the run proposes this actor's pair: every criterion, and the next best mentors."""
    run = get_or_404(MatchingRun, run_id)
    found = services.proposal_for(run, person_id)
    if found is None:
        abort(404)
    ids = {found["actor"], found["mentor"]} | {m["mentor"] for m in found["alternatives"]}
    people = services.people_by_id(ids)
    if found["actor"] not in people or found["mentor"] not in people:
        abort(404)  # erased since the run
    after_days = participants_settings.get(g.tenant, "reconfirm_after_days")
    return render_template(
        "matching/proposal.html",
        run=run,
        proposal=found,
        listing=review.Listing.from_args(request.args),
        people=people,
        due={
            pid
            for pid in (found["actor"], found["mentor"])
            if reconfirm.is_due(people[pid], after_days)
        },
        after_days=after_days,
        rules_title=_title(run.rules.get("label", "")),
        criteria=CRITERIA,
        reason_text=reason_text,
        pair_form=forms.PairForm(),
    )


def _orders() -> dict[str, str]:
    return {
        "attention": _("Needing a check first"),
        "score": _("Highest score first"),
        "lowest": _("Lowest score first"),
    }


def _rule_set_title(rule_set: RuleSet) -> str:
    """A rule set as coordinators know it: its name in their language, and the version."""
    return _(
        "%(name)s (version %(version)d)",
        name=translated(rule_set.name) or rule_set.key,
        version=rule_set.version,
    )


def _titles(labels: list[str]) -> dict[str, str]:
    """Each frozen rules label ("standard v1") as its rule set's title."""
    found = rulesets.versions(labels)
    return {label: _rule_set_title(found[label]) if label in found else label for label in labels}


def _title(label: str) -> str:
    return _titles([label])[label]


def _why_text(why: list) -> str:
    key, values = why
    if key == "blocked_by":
        return _(
            "No mentor passes the hard rule: %(criterion)s",
            criterion=CRITERIA[values["criterion"]].title(),
        )
    if key == "below_threshold":
        return _(
            "No mentor reaches the lowest score %(threshold)s (best %(best)s)",
            threshold=number(values["threshold"]),
            best=number(values["best"]),
        )
    return _("The suitable mentors fit others better; ask again after accepting or pinning.")


def _posted_pair() -> tuple[int, int]:
    form = forms.PairForm()
    if not form.validate_on_submit() or not (
        form.actor.data.isdigit() and form.mentor.data.isdigit()
    ):
        abort(400)
    return int(form.actor.data), int(form.mentor.data)


@bp.route("/runs/<id:run_id>/accept", methods=["POST"])
@permission_required("manage_matching")
def accept(run_id: int):
    run = get_or_404(MatchingRun, run_id)
    actor_id, mentor_id = _posted_pair()
    back = url_for("matching.run", run_id=run.id, **_listing_args())
    try:
        services.accept(run, actor_id, mentor_id, staff_id=current_user.id, ip=client_ip())
    except services.MatchingError as error:
        db.session.rollback()
        if error.code == "not_proposed":
            abort(404)
        flash(_("One of the two is already in a pair. Ask for new proposals."), "error")
        return redirect(back)
    db.session.commit()
    flash(_("The pair is made. Send the joint invitation from the list of pairs."), "info")
    return redirect(back)


def _listing_args() -> dict[str, str | int]:
    """The page of the run an action was taken on, to return to (on the new run, after
    a rejection or a pin: the same page of the proposals asked again)."""
    return review.Listing.from_args(request.args).args()


@bp.route("/runs/<id:run_id>/reject", methods=["POST"])
@permission_required("manage_matching")
def reject(run_id: int):
    """Leave this pair out and ask again."""
    run = get_or_404(MatchingRun, run_id)
    pair = list(_posted_pair())
    new = services.rerun(
        g.tenant,
        run,
        actor_id=current_user.id,
        secret_key=current_app.config["SECRET_KEY"],
        excluded=[pair],
    )
    db.session.commit()
    return redirect(url_for("matching.run", run_id=new.id, **_listing_args()))


@bp.route("/runs/<id:run_id>/pin", methods=["POST"])
@permission_required("manage_matching")
def pin(run_id: int):
    """Keep a pair the coordinator wants and ask again for the rest."""
    run = get_or_404(MatchingRun, run_id)
    form = forms.PinForm()
    form.actor.choices = as_choices((u["actor"], "") for u in run.result["unmatched_actors"])
    form.mentor.choices = as_choices((m, "") for m in run.result["unmatched_mentors"])
    if not form.validate_on_submit():
        abort(400)
    new = services.rerun(
        g.tenant,
        run,
        actor_id=current_user.id,
        secret_key=current_app.config["SECRET_KEY"],
        pinned=[[form.actor.data, form.mentor.data]],
    )
    db.session.commit()
    return redirect(url_for("matching.run", run_id=new.id, **_listing_args()))


@bp.route("/rules", methods=["GET", "POST"])
@permission_required("manage_matching")
def rules():
    current, objective = rulesets.tenant_rules()  # publishes the standard set if none is
    shared = rulesets.published()
    chosen = rulesets.settings()
    key = request.form.get("rule_set") or (current.label.split(" v")[0])
    definition = next((r.definition for r in shared if r.key == key), shared[0].definition)
    names = sorted(definition["criteria"], key=lambda n: -definition["criteria"][n]["weight"])
    data = None
    if request.method == "GET":
        data = {
            "rule_set": key,
            "objective": objective,
            "threshold": current.threshold,
            "actor_preferences": matching_settings.get(g.tenant, "actor_preferences"),
        }
        for name in names:
            data[f"weight_{name}"] = int(current.weights.get(name, 0))
            data[f"minimum_{name}"] = current.constraints.get(name)
    form = forms.rules_form(names, data)
    form.rule_set.choices = as_choices((r.key, _rule_set_title(r)) for r in shared)
    if form.validate_on_submit():
        overrides = {
            "weights": {
                name: form[f"weight_{name}"].data
                for name in names
                if form[f"weight_{name}"].data is not None
                and form[f"weight_{name}"].data != definition["criteria"][name]["weight"]
            },
            "constraints": {
                name: float(form[f"minimum_{name}"].data)
                for name in names
                if form[f"minimum_{name}"].data is not None
            },
            "threshold": float(form.threshold.data),
        }
        change_setting(g.tenant, "actor_preferences", bool(form.actor_preferences.data))
        rulesets.adopt(
            form.rule_set.data,
            overrides,
            form.objective.data,
            actor_id=current_user.id,
            ip=client_ip(),
        )
        db.session.commit()
        flash(
            _("The rules are saved. Pairs already made keep the score they were made with."), "info"
        )
        return redirect(url_for("matching.rules"))
    return render_template(
        "matching/rules.html",
        form=form,
        names=names,
        criteria=CRITERIA,
        shared=shared,
        chosen=chosen,
        current=current,
        current_title=_title(current.label),
    ), 400 if form.errors else 200


# Pairs and the joint invitation ------------------------------------------------------


@bp.route("/pairs/")
@permission_required("manage_matching")
def pair_list():
    page = services.open_pairs(Position.from_args(request.args, 2))
    ended = services.ended_pairs()
    shown = page.rows + ended
    ids = {p.actor_id for p in shown} | {p.mentor_id for p in shown}
    return render_template(
        "matching/pairs.html",
        page=page,
        ended=ended,
        people=services.people_by_id(ids),
        end_form=forms.EndPairForm(),
    )


@bp.route("/pairs/<id:pair_id>/end", methods=["POST"])
@permission_required("manage_matching")
def end_pair(pair_id: int):
    """Cancel a pair (e.g. a member cancelled by phone); both wait again."""
    pair = get_or_404(Pair, pair_id)
    form = forms.EndPairForm()
    if form.validate_on_submit() and pair.status in OPEN_PAIR_STATUSES:
        invitations.end(
            pair, "cancelled", form.reason.data, staff_id=current_user.id, ip=client_ip()
        )
        db.session.commit()
        flash(_("The pair is cancelled; both are waiting again. Ask for new proposals."), "info")
    elif form.errors:
        flash(_("Give a reason for cancelling the pair."), "error")
    return redirect(url_for("matching.pair_list"))


@public.route("/pair/<token>", methods=["GET", "POST"])
def answer(token: str):
    """A member's answer to the joint invitation (a GET alone changes nothing)."""
    found = invitations.member_for_token(token, tenant_id=g.tenant.id)
    if found is None:
        return render_template("accounts/link_invalid.html"), 404
    pair, person = found
    other = services.people_by_id({pair.actor_id, pair.mentor_id}).get(
        pair.mentor_id if person.id == pair.actor_id else pair.actor_id
    )
    chosen = request.form.get("answer")
    if (
        request.method == "POST"
        and chosen in ("yes", "no")
        and pair.status in ("invited", "confirmed")
    ):
        confirmed = invitations.answer(
            pair, person, chosen, request.form.get("reason", "")[:300], ip=client_ip()
        )
        if confirmed:  # both said yes: each gets the way into their portal
            for member in (person, other):
                portal_access.send_link(member, tenant=g.tenant)
        db.session.commit()
        return render_template("matching/answered.html", answer=chosen, other=other)
    return render_template(
        "matching/answer.html",
        person=person,
        other=other,
        pair=pair,
        introduction=invitations.introduction(other) if other else {},
        other_name=sharing.first_name(other.name) if other else "",
    )


@bp.app_template_global("pair_status_label")
def pair_status_label(status: str) -> str:
    return str(PairStatus.label_of(status))


# Actors' own rankings of a shortlist -------------------------------------------------


@bp.route("/preferences/ask", methods=["POST"])
@permission_required("manage_matching")
def ask_preferences():
    """Mail every waiting actor without a pair a link to rank their shortlist."""
    if (
        not matching_settings.get(g.tenant, "actor_preferences")
        or not forms.AskPreferencesForm().validate_on_submit()
    ):
        abort(404)
    actors, _mentors = services.pool(g.tenant, services.PoolOptions())
    people = services.people_by_id({profile.id for profile in actors})
    count = preferences.ask(
        list(people.values()),
        staff_id=current_user.id,
        ip=client_ip(),
    )
    db.session.commit()
    flash(
        ngettext(
            "%(num)d actor was asked to rank their shortlist of mentors.",
            "%(num)d actors were asked to rank their shortlist of mentors.",
            count,
        ),
        "info",
    )
    return redirect(url_for("matching.overview"))


@public.route("/mentors/<token>", methods=["GET", "POST"])
def shortlist(token: str):
    """An actor ranks the mentors that suit them, shown without names."""
    actor = preferences.actor_for_token(token, tenant_id=g.tenant.id)
    if actor is None or not matching_settings.get(g.tenant, "actor_preferences"):
        return render_template("accounts/link_invalid.html"), 404
    _none, mentors = services.pool(g.tenant, services.PoolOptions(), roles=("mentor",))
    listed = preferences.shortlist(g.tenant, actor, mentors)
    form = forms.ranking_form(
        len(listed), data=None if request.method == "POST" else _ranks_data(actor, listed)
    )
    if form.validate_on_submit():
        ranks = {
            listed[k].id: int(form[f"rank_{k}"].data)
            for k in range(len(listed))
            if form[f"rank_{k}"].data
        }
        preferences.save_rankings(actor, ranks, ip=client_ip())
        db.session.commit()
        return render_template("matching/ranked.html")
    language = select_language()
    return render_template(
        "matching/shortlist.html",
        form=form,
        mentors=[(form[f"rank_{k}"], _card(profile, language)) for k, profile in enumerate(listed)],
    ), 400 if form.errors else 200


def _ranks_data(actor, listed) -> dict:
    ranks = preferences.rankings_of(actor)
    return {f"rank_{k}": str(ranks.get(profile.id, "")) for k, profile in enumerate(listed)}


def _card(profile, language: str) -> dict:
    """What an actor may see of a mentor: no name, no contact details."""
    occupation = occupations().get(profile.occupation)
    education = education_fields().get(profile.education_field)
    return {
        "field": occupation.name(language) if occupation else "",
        "education": education.name(language) if education else "",
        "working": profile.working,
        "interests": profile.interests,
    }
