"""Sending mail rendered from templates/mail/ in the recipient's language.

Delivery happens after the transaction that asked for it commits, so a
rolled-back change never sends mail.
"""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import make_msgid

from flask import current_app, render_template
from flask_babel import force_locale

from kaari.jobs import after_commit
from kaari.mail.transport import deliver
from kaari.tenancy.models import Tenant


def render(
    template: str, *, to: str, language: str, context: dict, tenant: Tenant | None = None
) -> EmailMessage:
    """Render templates/mail/<template>.txt (and .html) into a message."""
    with force_locale(language):
        values = {**context, "tenant": tenant, "language": language}
        subject = render_template(f"mail/{template}.subject.txt", **values).strip()
        text = render_template(f"mail/{template}.txt", **values)
        html = render_template("mail/layout.html", body=text, **values)
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = to
    message["Message-ID"] = make_msgid(domain="kaari")
    if tenant is not None and tenant.contact_email:
        message["Reply-To"] = tenant.contact_email
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    message["Content-Language"] = language  # after set_content, which drops Content-* headers
    return message


def send(
    template: str, *, to: str, language: str, context: dict, tenant: Tenant | None = None
) -> None:
    """Render now, deliver once the current transaction has committed."""
    message = render(template, to=to, language=language, context=context, tenant=tenant)
    config = current_app.config
    mail_url, outbox = config["MAIL_URL"], config["OUTBOX_DIR"]
    after_commit(lambda: deliver(message, mail_url=mail_url, outbox_dir=outbox))
