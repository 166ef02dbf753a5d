"""Feedback surveys: staff edit the question sets, open a group's survey, print the
paper version, type in paper answers and read the results; members answer through
their personal link."""

from __future__ import annotations

from collections.abc import Callable

from flask import (
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from kaari.accounts.access import can, permission_required
from kaari.core import db
from kaari.core.choices import labels_of
from kaari.core.i18n import document_language, select_language
from kaari.core.lookups import found_or_404
from kaari.core.paging import Position
from kaari.core.pdf import render_pdf
from kaari.core.user_errors import show
from kaari.core.web import client_ip
from kaari.intake import custom_fields
from kaari.intake.custom_fields import DefinitionError
from kaari.participants import services as register
from kaari.programme import labels
from kaari.programme.groups import access as group_access
from kaari.programme.surveys import buffer as survey_buffer
from kaari.programme.surveys import forms, polls, questions
from kaari.programme.surveys import results as survey_results
from kaari.programme.surveys import services as surveys
from kaari.programme.surveys.models import SURVEY_ROLES
from kaari.tenancy.routing import tenant_blueprint

bp = tenant_blueprint("surveys", __name__, "/staff/surveys")
public = tenant_blueprint("surveys_public", __name__)


def _role_or_404(role: str) -> str:
    if role not in SURVEY_ROLES:
        abort(404)
    return role


def _survey_or_404(group_id: int):
    group = group_access.group_or_404(group_id)
    return group, found_or_404(surveys.survey_of(group))


def _mailing() -> dict:
    return {"tenant": g.tenant}


# The question sets


@bp.route("/")
@permission_required("lead_groups")
def survey_list():
    """Each open group's survey and a page of the closed groups' with their response
    rates: four queries, however many years of groups there are."""
    groups, closed = group_access.listed_groups(Position.from_args(request.args, 1))
    shown = groups + closed.rows
    by_group = {survey.group_id: survey for survey in surveys.list_surveys(shown)}
    opened = [by_group[group.id] for group in shown if group.id in by_group]
    rows = [(group, by_group.get(group.id)) for group in shown]
    return render_template(
        "programme/survey_list.html",
        rows=rows[: len(groups)],
        closed=closed,
        closed_rows=rows[len(groups) :],
        rates=survey_results.survey_rates(opened),
        roles=labels.role_names(),
        can_manage=can("manage_groups"),
    )


@bp.route("/questions")
@permission_required("manage_groups")
def question_sets():
    return render_template(
        "programme/survey_questions.html",
        sets={role: questions.question_set(role) for role in SURVEY_ROLES},
        roles=labels.role_names(),
        kinds=labels_of(forms.question_kind_choices()),
    )


def _question_data(spec: dict) -> dict:
    data = {"kind": spec["kind"], "required": spec["required"]}
    for code in g.tenant.languages:
        data[f"label_{code}"] = spec["label"].get(code, "")
        data[f"low_{code}"] = spec.get("low", {}).get(code, "")
        data[f"high_{code}"] = spec.get("high", {}).get(code, "")
        data[f"choices_{code}"] = "\n".join(
            choice["label"].get(code, "") for choice in spec.get("choices", [])
        )
    return data


def _question_spec(form: forms.SurveyQuestionForm, key: str, old: dict | None) -> dict:
    spec = {"key": key, "kind": form.kind.data, "label": form.texts("label")}
    spec["required"] = form.required.data
    if form.kind.data == "scale":
        spec["low"], spec["high"] = form.texts("low"), form.texts("high")
    if form.kind.data in custom_fields.CHOICE_KINDS:
        lines = form.choice_lines()
        # A choice keeps its key when only its wording changes, as on the intake forms.
        keys = [choice["key"] for choice in (old or {}).get("choices", [])]
        keys = keys[: len(lines[form.languages[0]])]
        for text in lines[form.languages[0]][len(keys) :]:
            keys.append(custom_fields.new_key(text, set(keys)))
        spec["choices"] = [
            {"key": key, "label": {code: lines[code][i] for code in lines if lines[code]}}
            for i, key in enumerate(keys)
        ]
    return spec


def _save_set(role: str, specs: list[dict]) -> bool:
    try:
        questions.save_question_set(
            role, specs, tenant=g.tenant, actor_id=current_user.id, ip=client_ip()
        )
    except DefinitionError as error:
        flash(_("The questions could not be saved: %(problem)s", problem=str(error)), "error")
        return False
    db.session.commit()
    flash(_("The questions have been saved. Surveys already open keep their own."), "info")
    return True


@bp.route("/questions/<role>/new", methods=["GET", "POST"])
@bp.route("/questions/<role>/<key>", methods=["GET", "POST"])
@permission_required("manage_groups")
def question(role: str, key: str | None = None):
    _role_or_404(role)
    specs = questions.question_set(role)
    existing = questions.question_of(specs, key) if key else None
    if key and existing is None:
        abort(404)
    tenant = g.tenant
    data = _question_data(existing) if existing and request.method == "GET" else None
    form = forms.survey_question_form(tenant.languages, tenant.default_language, data=data)
    if form.validate_on_submit():
        taken = {spec["key"] for spec in specs}
        new_key = key or custom_fields.new_key(form.texts("label")[form.languages[0]], taken)
        spec = _question_spec(form, new_key, existing)
        if existing:
            specs[specs.index(existing)] = spec
        else:
            specs.append(spec)
        if _save_set(role, specs):
            return redirect(url_for("surveys.question_sets"))
    return render_template(
        "programme/survey_question.html",
        form=form,
        role=role,
        roles=labels.role_names(),
        existing=existing,
    ), 400 if form.errors else 200


@bp.route("/questions/<role>/<key>/change", methods=["POST"])
@permission_required("manage_groups")
def change_question(role: str, key: str):
    """Move a question up or down, or remove it (open surveys keep their copy)."""
    _role_or_404(role)
    specs = questions.question_set(role)
    existing = questions.question_of(specs, key)
    if existing is None:
        abort(404)
    action = request.form.get("action")
    if action == "remove":
        specs.remove(existing)
    elif action in ("up", "down"):
        questions.move_question(specs, key, -1 if action == "up" else 1)
    _save_set(role, specs)
    return redirect(url_for("surveys.question_sets"))


# A group's survey


@bp.route("/groups/<id:group_id>")
@permission_required("lead_groups")
def group_survey(group_id: int):
    group = group_access.group_or_404(group_id)
    survey = surveys.survey_of(group)
    group_polls = polls.polls_of(group)
    return render_template(
        "programme/survey_group.html",
        group=group,
        survey=survey,
        polls=group_polls,
        poll_counts=polls.answer_counts(group_polls),
        rates=survey_results.survey_rates([survey])[survey.id] if survey else {},
        links=forms.LinksForm(),
        roles=labels.role_names(),
        can_manage=can("manage_groups"),
    )


def _back_to(group_id: int):
    return redirect(url_for("surveys.group_survey", group_id=group_id))


def _mail_links(group, send, done: Callable[[int], str]):
    """Mail survey links to the chosen audience with `send`, then tell how many went
    (`done` words the count)."""
    form = forms.LinksForm()
    try:
        if not form.validate_on_submit():
            raise surveys.SurveyError("bad_audience")
        sent = send(
            audience=form.audience.data, staff_id=current_user.id, ip=client_ip(), **_mailing()
        )
    except surveys.SurveyError as error:
        show(error)
        return _back_to(group.id)
    db.session.commit()
    flash(done(sent), "info")
    return _back_to(group.id)


@bp.route("/groups/<id:group_id>/open", methods=["POST"])
@permission_required("manage_groups")
def open_survey(group_id: int):
    group = group_access.group_or_404(group_id)

    def opened(**options) -> int:
        return surveys.open_survey(group, **options)[1]

    return _mail_links(
        group,
        opened,
        lambda sent: ngettext(
            "The survey is open; %(num)d link mailed.",
            "The survey is open; %(num)d links mailed.",
            sent,
        ),
    )


@bp.route("/groups/<id:group_id>/links", methods=["POST"])
@permission_required("manage_groups")
def send_links(group_id: int):
    group, survey = _survey_or_404(group_id)
    return _mail_links(
        group,
        lambda **options: surveys.send_links(survey, **options),
        lambda sent: ngettext("%(num)d link mailed.", "%(num)d links mailed.", sent),
    )


@bp.route("/groups/<id:group_id>/status", methods=["POST"])
@permission_required("manage_groups")
def change_status(group_id: int):
    group, survey = _survey_or_404(group_id)
    status = "closed" if request.form.get("action") == "close" else "open"
    surveys.set_status(
        survey,
        status,
        staff_id=current_user.id,
        secret_key=current_app.config["SECRET_KEY"],
        ip=client_ip(),
    )
    db.session.commit()
    flash(
        _("The survey is closed.") if status == "closed" else _("The survey is open again."),
        "info",
    )
    return _back_to(group.id)


@bp.route("/groups/<id:group_id>/paper/<role>")
@permission_required("lead_groups")
def paper(group_id: int, role: str):
    """The printable answer sheet of one role, in the language chosen (or its PDF)."""
    group, survey = _survey_or_404(group_id)
    _role_or_404(role)
    as_pdf = request.args.get("format") == "pdf"
    language = document_language()
    context = {
        "group": group,
        "role": role,
        "roles": labels.role_names(),
        "questions": survey.questions.get(role, []),
        "scale": list(questions.SCALE),
        "tenant": g.tenant,
    }
    with force_locale(language):  # the sheet in its language, the page around it in the page's
        sheet = render_template(
            "pdf/survey_paper.html" if as_pdf else "programme/_survey_sheet.html", **context
        )
    if not as_pdf:
        sheet = Markup(sheet)  # noqa: S704 (our own template's output, escaped there)
        return render_template(
            "programme/survey_paper.html", sheet=sheet, language=language, **context
        )
    name = f"{group.name}-{role}-{language}.pdf"
    return Response(
        render_pdf(sheet),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.route("/groups/<id:group_id>/paper/<role>/entry", methods=["GET", "POST"])
@permission_required("lead_groups")
def paper_entry(group_id: int, role: str):
    group, survey = _survey_or_404(group_id)
    _role_or_404(role)
    specs = survey.questions.get(role, [])
    form_class = forms.answer_form(specs, select_language(), g.tenant.default_language, paper=True)
    form = form_class()
    status = 400 if form.is_submitted() else 200
    if form.validate_on_submit():
        try:
            surveys.enter_paper(
                survey,
                role,
                forms.answers_of(form, specs),
                staff_id=current_user.id,
                secret_key=current_app.config["SECRET_KEY"],
                ip=client_ip(),
            )
        except surveys.SurveyError as error:
            show(error)
        else:
            db.session.commit()
            _release(survey)
            flash(_("The answer sheet has been saved. Type in the next one."), "info")
            return redirect(url_for("surveys.paper_entry", group_id=group.id, role=role))
    return render_template(
        "programme/survey_paper_entry.html",
        group=group,
        role=role,
        roles=labels.role_names(),
        form=form,
    ), status


@bp.route("/groups/<id:group_id>/results")
@permission_required("lead_groups")
def results(group_id: int):
    group, survey = _survey_or_404(group_id)
    return render_template(
        "programme/survey_results.html",
        group=group,
        survey=survey,
        results=survey_results.survey_results(survey),
        answer_label=forms.answer_label,
        roles=labels.role_names(),
        minimum=survey_results.MIN_RESPONDENTS,
    )


def _release(survey) -> None:
    """Release waiting answers in a transaction of their own, apart from the one that
    held the last answer (kaari.programme.surveys.buffer)."""
    survey_buffer.release(survey, secret_key=current_app.config["SECRET_KEY"])
    db.session.commit()


# The personal link


def _link_state(recipient, survey) -> str:
    if recipient.paper:
        return "paper"  # handed a sheet at the final meeting
    if recipient.answered:
        return "answered"
    return "open" if survey.status == "open" else "closed"


@public.route("/survey/<token>", methods=["GET", "POST"])
def answer(token: str):
    """A member's answer form (of the feedback survey or a poll) in their language; a
    GET alone changes nothing."""
    recipient = surveys.recipient_for_token(token, tenant_id=g.tenant.id)
    if recipient is None:
        return render_template("accounts/link_invalid.html"), 404
    survey = surveys.survey_of_recipient(recipient)
    person = register.get_person(recipient.person_id)
    specs = survey.questions_for(recipient.role)
    form = forms.answer_form(specs, select_language(), g.tenant.default_language)()
    state = _link_state(recipient, survey)
    if state == "open" and form.validate_on_submit():
        try:
            surveys.answer(
                survey,
                recipient,
                forms.answers_of(form, specs),
                secret_key=current_app.config["SECRET_KEY"],
            )
        except surveys.SurveyError as error:
            db.session.rollback()
            state = {"already_answered": "answered", "paper": "paper"}.get(error.code, "closed")
        else:
            db.session.commit()
            _release(survey)
            state = "thanks"
    return render_template(
        "programme/survey_answer.html",
        form=form,
        person=person,
        survey=survey,
        state=state,
    ), 400 if form.errors else 200
