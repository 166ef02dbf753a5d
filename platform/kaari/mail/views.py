"""Mailings for staff, the development outbox, and one-click unsubscribe."""

from __future__ import annotations

import re

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from markupsafe import Markup, escape

from kaari.audit.services import record
from kaari.core import db
from kaari.core.domains import guard_blueprint, guard_view, permitted
from kaari.core.extensions import csrf
from kaari.core.lookups import get_or_404
from kaari.core.paging import Position
from kaari.core.web import client_ip
from kaari.mail import links, mailings, services
from kaari.mail.forms import mailing_form
from kaari.mail.models import Mailing, MessageStatus
from kaari.tenancy.routing import tenant_blueprint

bp = tenant_blueprint("mail", __name__, "/staff")
# Every staff page of mail (mail sits below accounts): the mailing pages for everyone who
# may mail at least the groups they lead; the outbox and others' mailings need more.
guard_blueprint(bp, "mail_groups")
public = tenant_blueprint("mail_public", __name__)
EVERYONE = "send_mailings"


def _own_only() -> int | None:
    """The signed-in user's id when they see only the mailings they wrote."""
    return None if permitted(EVERYONE) else current_user.id


def _mailing_or_404(mailing_id: int) -> Mailing:
    mailing = get_or_404(Mailing, mailing_id)
    own = _own_only()
    if own is not None and mailing.created_by_id != own:
        abort(404)
    return mailing


@bp.route("/mailings/")
def mailing_list():
    listed = mailings.list_mailings(created_by_id=_own_only())
    summaries = mailings.audience_summaries([mailing.audience for mailing in listed])
    return render_template("mail/mailings.html", rows=list(zip(listed, summaries, strict=True)))


@bp.route("/mailings/new", methods=["GET", "POST"])
def new_mailing():
    tenant = g.tenant
    form = mailing_form(tenant.languages, tenant.default_language)
    previews, count, unconfirmed = None, None, False
    if form.validate_on_submit():
        audience = {"key": form.audience.data, "options": form.chosen_options()}
        reached = mailings.count(audience)
        subject, body = form.texts("subject"), form.texts("body")
        confirmation = mailings.confirmation(audience, reached)
        if form.send.data and reached and form.confirmed.data == confirmation:
            mailing = mailings.create(
                subject, body, audience, created_by_id=current_user.id, recipient_count=reached
            )
            record(
                "mailing.sent",
                actor_id=current_user.id,
                ip=client_ip(),
                obj=mailing,
                recipients=reached,
            )
            db.session.commit()
            flash(
                ngettext(
                    "The mailing is on its way to %(num)d person.",
                    "The mailing is on its way to %(num)d people.",
                    reached,
                ),
                "info",
            )
            return redirect(url_for("mail.mailing", mailing_id=mailing.id))
        if not reached:
            form.audience.errors.append(_("Nobody is in the chosen groups."))
        unconfirmed = bool(form.send.data and reached)
        form.confirmed.data = confirmation
        previews = mailings.preview(subject, body, tenant)
        count = reached
    status = 400 if form.errors else 200
    return render_template(
        "mail/new_mailing.html",
        form=form,
        previews=previews,
        count=count,
        unconfirmed=unconfirmed,
        languages=tenant.languages,
    ), status


@bp.route("/mailings/<id:mailing_id>")
def mailing(mailing_id: int):
    """A mailing's progress: counts by state and one page of its recipients (failures
    first, or one state's), whatever the mailing's size."""
    mailing = _mailing_or_404(mailing_id)
    state = request.args.get("state", "")
    state = state if state in services.STATE_ORDER else ""
    return render_template(
        "mail/mailing.html",
        mailing=mailing,
        counts=services.status_counts(mailing),
        state=state,
        page=services.mailing_recipients(mailing, Position.from_args(request.args, 2), state),
        summary=mailings.audience_summaries([mailing.audience])[0],
    )


@bp.route("/mailings/<id:mailing_id>/retry", methods=["POST"])
def retry(mailing_id: int):
    mailing = _mailing_or_404(mailing_id)
    count = services.retry_failed(mailing)
    record("mailing.retried", actor_id=current_user.id, ip=client_ip(), obj=mailing, count=count)
    db.session.commit()
    flash(
        ngettext(
            "%(num)d message will be tried again.", "%(num)d messages will be tried again.", count
        ),
        "info",
    )
    return redirect(url_for("mail.mailing", mailing_id=mailing.id))


def _development_only() -> None:
    if current_app.config["ENV_NAME"] == "production" or current_app.config["MAIL_URL"]:
        abort(404)


@bp.route("/outbox")
@guard_view(EVERYONE)
def outbox():
    _development_only()
    return render_template("mail/outbox.html", messages=services.recent_messages())


@bp.route("/outbox/<id:message_id>")
@guard_view(EVERYONE)
def outbox_message(message_id: int):
    _development_only()
    message = services.get_message(message_id)
    if message is None:
        abort(404)
    return render_template("mail/outbox_message.html", message=message)


@public.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058 one-click: mail programs post here without our form
def unsubscribe(token: str):
    digest = services.digest_for_unsubscribe(g.tenant.id, token)
    if digest is None:
        abort(404)
    if request.method == "POST":
        services.suppress(digest, "unsubscribed")
        db.session.commit()
        return render_template("mail/unsubscribed.html")
    return render_template("mail/unsubscribe.html")


@bp.app_template_filter("personal_links_hidden")
def personal_links_hidden(text: str) -> str:
    """Stored mail text as staff see it: each personal link a placeholder."""
    return links.shown(text)


@bp.app_template_global("status_label")
def status_label(status: str) -> str:
    return str(MessageStatus.label_of(status))


# A blank line (perhaps with spaces) ends a paragraph of mail text.
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


@bp.app_template_filter("paragraphs")
def paragraphs(text: str) -> list[list[str]]:
    """Mail text as paragraphs (split at blank lines), each a list of its lines: the
    HTML part keeps a single line break (a signature, a list of pairs) as <br>."""
    return [part.strip("\n").split("\n") for part in PARAGRAPH_BREAK.split(text) if part.strip()]


# A web address, without the punctuation that ends the sentence around it.
# (Nor the private-use characters of render()'s stand-ins for public text.)
LINK = re.compile(r"https?://[^\s<>\"'\ue000]*[^\s<>\"'.,;:!?)\ue000]")


@bp.app_template_filter("linkify")
def linkify(text: str) -> Markup:
    """Escape plain text and make its http(s) links clickable (for the HTML part of
    mail; much cheaper than Jinja's general-purpose urlize). `mail.services.render`
    keeps values that came from the public out of reach of this filter."""
    escaped = str(escape(text))
    return Markup(LINK.sub(_anchor, escaped))  # noqa: S704 (built from escaped text)


def _anchor(match: re.Match) -> str:
    return f'<a href="{match.group(0)}">{match.group(0)}</a>'
