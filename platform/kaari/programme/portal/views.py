"""The participant portal: no password, an emailed link opens it. Each member sees
their pair, their group's meetings, the agreement, the diary and their own data."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import (
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _

from kaari.core import db, formats
from kaari.core.db import utcnow
from kaari.core.extensions import limiter
from kaari.core.i18n import select_language
from kaari.core.jobs import enqueue
from kaari.core.lookups import found_or_404
from kaari.core.user_errors import show
from kaari.core.web import client_ip
from kaari.participants import data_requests, portal_access
from kaari.participants import services as register
from kaari.participants.answers import labelled_answers
from kaari.participants.jobs import request_portal_link
from kaari.participants.settings import participants_settings
from kaari.privacy.registry import rows_of
from kaari.programme.groups import agreements, calendar, diary, invitations, paper_agreements
from kaari.programme.groups.services import ProgrammeError
from kaari.programme.portal import forms as portal_forms
from kaari.programme.portal import services as portal
from kaari.programme.surveys import services as surveys
from kaari.tenancy.routing import tenant_blueprint

bp = tenant_blueprint("portal", __name__, "/portal")
SESSION_KEY = "portal"


def _rate_limit() -> str:
    return current_app.config["JOIN_RATE_LIMIT"]


def participant_required(view: Callable) -> Callable:
    """Open the page for the participant whose portal session this is; anyone else
    (no session, another tenant's, an ended or expired one) is asked for a new link."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        portal_session = _held_session()
        if portal_session is None:
            if (session.get(SESSION_KEY) or {}).get("tenant") == g.tenant.id:
                session.pop(SESSION_KEY, None)  # it has ended or expired
            flash(_("Please open your portal with a new link."), "error")
            return redirect(url_for("portal.request_link"))
        if portal_access.seen(portal_session):
            db.session.commit()
        g.participant = portal_access.holder(portal_session)
        return view(*args, **kwargs)

    return wrapped


def _held_session():
    """The live portal session this browser's cookie names, in this tenant."""
    held = session.get(SESSION_KEY) or {}
    if held.get("tenant") != g.tenant.id or not isinstance(held.get("token"), str):
        return None
    return portal_access.session_for_token(held["token"])


@bp.route("/enter/<token>", methods=["GET", "POST"])
@limiter.limit(_rate_limit, methods=["POST"])
def enter(token: str):
    """The emailed link. Opening it shows a button, so that a mail scanner's look at
    the link does not use it up; the button exchanges the link, once, for a portal
    session on this device. A used or expired link offers a fresh one by mail."""
    link = portal_access.link_for_token(token)
    if link is None:
        return render_template(
            "programme/portal_link_invalid.html", form=portal_forms.LinkRequestForm()
        ), 404
    form = portal_forms.EnterForm()
    if not portal_access.is_open(link):
        if form.validate_on_submit() and form.action.data == "renew":
            portal_access.renew(link, tenant=g.tenant, ip=client_ip())
            db.session.commit()
            return render_template("programme/portal_link_sent.html")
        return _used_link_page(form)
    if form.validate_on_submit():
        raw = portal_access.exchange(
            link,
            days=participants_settings.get(g.tenant, "portal_link_days"),
            user_agent=request.user_agent.string,
        )
        if raw is None:  # another device was quicker
            return _used_link_page(form)
        session[SESSION_KEY] = {"tenant": g.tenant.id, "token": raw}
        db.session.commit()
        return redirect(url_for("portal.home"))
    return render_template("programme/portal_enter.html", form=form)


def _used_link_page(form: portal_forms.EnterForm):
    return render_template("programme/portal_link_used.html", form=form), 410


@bp.route("/link", methods=["GET", "POST"])
@limiter.limit(_rate_limit, methods=["POST"])
def request_link():
    """The same work for every address: the lookup and the mail are a job's."""
    form = portal_forms.LinkRequestForm()
    if form.validate_on_submit():
        enqueue(request_portal_link, g.tenant.id, form.email.data, client_ip())
        db.session.commit()
        return render_template("programme/portal_link_sent.html")
    return render_template(
        "programme/portal_link_request.html", form=form
    ), 400 if form.errors else 200


@bp.route("/sign-out", methods=["POST"])
def sign_out():
    """Leave the portal on every device: each of the person's sessions ends."""
    portal_session = _held_session()
    session.pop(SESSION_KEY, None)
    if portal_session is not None:
        portal_access.end_access(
            portal_access.holder(portal_session),
            why="signed_out",
            links=False,
            actor_id=None,
            ip=client_ip(),
        )
        db.session.commit()
    flash(_("You have left your portal on every device."), "success")
    return redirect(url_for("public.landing"))


@bp.route("/")
@participant_required
def home():
    person = g.participant
    pairs = portal.pairs_of(person)
    zone, language = g.tenant.zone, select_language()
    meetings = portal.meetings_of(person)
    open_surveys = surveys.open_surveys_for(person)
    db.session.commit()  # the survey links' new tokens
    return render_template(
        "programme/portal_home.html",
        person=person,
        pairs=pairs,
        signed=agreements.signed_by_both([p.pair.id for p in pairs]),
        meetings=[
            (m, invitations.when(m.meeting, zone, language), m.meeting.starts_at > utcnow())
            for m in meetings
        ],
        feed_url=url_for(
            "programme_public.person_feed",
            token=calendar.feed_token(person),
            lang=person.language,  # calendar apps send no language of their own
            _external=True,
        ),
        contact=_contact,
        surveys=[item for item in open_surveys if item.kind == "feedback"],
        polls=[item for item in open_surveys if item.kind == "poll"],
    )


def _contact(person) -> dict[str, str]:
    answers = person.answers or {}
    return {"email": person.email, "phone": formats.phone(answers.get("phone"))}


@bp.route("/meetings/<id:invitation_id>", methods=["POST"])
@participant_required
def answer_meeting(invitation_id: int):
    invitation = portal.invitation_of(g.participant, invitation_id)
    if invitation is None:
        abort(404)
    meeting = invitations.meeting_of(invitation)
    try:
        invitations.rsvp(invitation, meeting, request.form.get("answer", ""), ip=client_ip())
    except invitations.RsvpError as problem:
        show(problem)
    else:
        db.session.commit()
        flash(_("Thank you, your answer has been saved."), "success")
    return redirect(url_for("portal.home") + "#meetings")


@bp.route("/pairs/<id:pair_id>/agreement", methods=["GET", "POST"])
@participant_required
def agreement(pair_id: int):
    pair = found_or_404(portal.pair_of(g.participant, pair_id))
    current = agreements.agreement_of(pair)
    form = portal_forms.AgreementForm(obj=current)
    if form.validate_on_submit():
        terms = agreements.Terms(
            goals=_text(form.goals),
            themes=_text(form.themes),
            frequency=_text(form.frequency),
            meeting_length=_text(form.meeting_length),
            visits=_text(form.visits),
            first_meeting_on=form.first_meeting_on.data,
        )
        try:
            agreements.save(pair, terms, by=g.participant, ip=client_ip())
        except ProgrammeError as error:
            show(error, form)
        else:
            db.session.commit()
            flash(_("The agreement has been saved. Both of you now sign it."), "success")
            return redirect(url_for("portal.agreement", pair_id=pair.id))
    return _agreement_page(pair, current, form, portal_forms.SignatureForm())


def _agreement_page(pair, current, form, signing):
    other = portal.other_member(pair, g.participant)
    signatures = agreements.signatures(current) if current else []
    status = 400 if form.errors or signing.errors else 200
    return render_template(
        "programme/portal_agreement.html",
        pair=pair,
        other=other,
        agreement=current,
        form=form,
        signing=signing,
        signed_by={s.person_id: s for s in signatures},
        paper=paper_agreements.paper_agreement_of(pair),
    ), status


@bp.route("/pairs/<id:pair_id>/agreement/sign", methods=["POST"])
@participant_required
def sign_agreement(pair_id: int):
    pair = found_or_404(portal.pair_of(g.participant, pair_id))
    current = agreements.agreement_of(pair)
    if current is None:
        abort(404)
    signing = portal_forms.SignatureForm()
    if signing.validate_on_submit():
        try:
            agreements.sign(current, g.participant, signing.typed_name.data, ip=client_ip())
        except ProgrammeError as error:
            show(error, signing)
        else:
            db.session.commit()
            flash(_("You have signed the agreement."), "success")
            return redirect(url_for("portal.agreement", pair_id=pair.id))
    return _agreement_page(pair, current, portal_forms.AgreementForm(obj=current), signing)


def _text(field) -> str:
    return (field.data or "").strip()


def _entry(form: portal_forms.DiaryForm) -> diary.Entry:
    return diary.Entry(
        met_on=form.met_on.data,
        goal=_text(form.goal),
        content=_text(form.content),
        next_on=form.next_on.data,
        next_topic=_text(form.next_topic),
        homework_actor=_text(form.homework_actor),
        homework_mentor=_text(form.homework_mentor),
        mentor_comment=_text(form.mentor_comment),
    )


def _save_entry(pair, form, meeting=None):
    """Save the diary form; None when it was saved, else the page with the errors."""
    try:
        diary.save_entry(
            pair,
            _entry(form),
            by=g.participant,
            today=utcnow().astimezone(g.tenant.zone).date(),
            meeting=meeting,
            ip=client_ip(),
        )
    except ProgrammeError as error:
        show(error, form)
        return False
    db.session.commit()
    flash(_("The meeting has been saved in your diary."), "success")
    return True


@bp.route("/pairs/<id:pair_id>/diary", methods=["GET", "POST"])
@participant_required
def diary_page(pair_id: int):
    pair = found_or_404(portal.pair_of(g.participant, pair_id))
    form = portal_forms.DiaryForm()
    if form.validate_on_submit() and _save_entry(pair, form):
        return redirect(url_for("portal.diary_page", pair_id=pair.id))
    return render_template(
        "programme/portal_diary.html",
        pair=pair,
        other=portal.other_member(pair, g.participant),
        entries=diary.entries(pair),
        form=form,
        sharing=diary.sharing(pair),
        keeps_no_log=diary.opted_out(pair) is not None,
        is_mentor=g.participant.id == pair.mentor_id,
    ), 400 if form.errors else 200


@bp.route("/pairs/<id:pair_id>/diary/<id:entry_id>", methods=["GET", "POST"])
@participant_required
def diary_entry(pair_id: int, entry_id: int):
    pair = found_or_404(portal.pair_of(g.participant, pair_id))
    meeting = diary.get_entry(pair, entry_id)
    if meeting is None:
        abort(404)
    form = portal_forms.DiaryForm(obj=meeting)
    if form.validate_on_submit() and _save_entry(pair, form, meeting):
        return redirect(url_for("portal.diary_page", pair_id=pair.id))
    return render_template(
        "programme/portal_diary_entry.html",
        pair=pair,
        entry=meeting,
        form=form,
        is_mentor=g.participant.id == pair.mentor_id,
    ), 400 if form.errors else 200


@bp.route("/pairs/<id:pair_id>/diary/<id:entry_id>/delete", methods=["POST"])
@participant_required
def delete_diary_entry(pair_id: int, entry_id: int):
    pair = found_or_404(portal.pair_of(g.participant, pair_id))
    meeting = diary.get_entry(pair, entry_id)
    if meeting is None:
        abort(404)
    diary.delete_entry(meeting, by=g.participant, ip=client_ip())
    db.session.commit()
    flash(_("The meeting has been removed from your diary."), "success")
    return redirect(url_for("portal.diary_page", pair_id=pair.id))


@bp.route("/pairs/<id:pair_id>/diary/sharing", methods=["POST"])
@participant_required
def diary_sharing(pair_id: int):
    pair = found_or_404(portal.pair_of(g.participant, pair_id))
    allowed = request.form.get("allowed") == "yes"
    diary.set_sharing(pair, g.participant, allowed, ip=client_ip())
    db.session.commit()
    flash(_("Your choice has been saved."), "success")
    return redirect(url_for("portal.diary_page", pair_id=pair.id) + "#sharing")


@bp.route("/pairs/<id:pair_id>/diary/keeps-log", methods=["POST"])
@participant_required
def keeps_log(pair_id: int):
    """Either member says the pair does not keep the log (no reminders), or again does."""
    pair = found_or_404(portal.pair_of(g.participant, pair_id))
    keeps = request.form.get("keeps") == "yes"
    diary.set_keeps_log(pair, g.participant, keeps, ip=client_ip())
    db.session.commit()
    flash(_("Your choice has been saved."), "success")
    return redirect(url_for("portal.diary_page", pair_id=pair.id) + "#keeping")


@bp.route("/data/requests", methods=["POST"])
@participant_required
def data_request():
    """Ask for a copy of all one's data, or for its erasure."""
    kind = request.form.get("kind", "")
    if kind not in ("access", "erasure"):
        abort(400)
    received = data_requests.receive(g.participant, kind, source="portal", ip=client_ip())
    db.session.commit()
    flash(_("We have received your request. We will answer by %(date)s.",
            date=formats.day(received.due_at)), "success")  # fmt: skip
    return redirect(url_for("portal.own_data"))


@bp.route("/data", methods=["GET", "POST"])
@participant_required
def own_data():
    person = g.participant
    form = portal_forms.ChangeRequestForm()
    if form.validate_on_submit():
        register.add_note(person, form.message.data, kind="request", author_id=None, ip=client_ip())
        data_requests.receive(person, "rectification", source="portal",
                              message=form.message.data, ip=client_ip())  # fmt: skip
        db.session.commit()
        flash(_("Thank you. The coordinator will get back to you."), "success")
        return redirect(url_for("portal.own_data"))
    return render_template(
        "programme/portal_data.html",
        person=person,
        answers=labelled_answers(
            person.role,
            person.answers or {},
            select_language(),
            g.tenant.default_language,
            for_staff=False,
        ),
        form=form,
        consents=rows_of("consents.person_id", person.id),
    ), 400 if form.errors else 200
