"""Publishing an organisation: a new one is a preview for its own staff until its admin
publishes it, and it can be published only once the public finds what it needs there.
Callers write the audit entries."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from kaari.core.user_errors import UserError
from kaari.tenancy.models import Tenant
from kaari.tenancy.services import notice_gaps

# The front page's texts, which must be there in the organisation's default language.
FRONT_PAGE_TEXTS = ("tagline", "about", "how_to_join")
# What the checklist names, in its order: the texts first, then the contact details.
CHECKS = {
    "tagline": _l("The tagline of the front page"),
    "about": _l("The text about the network"),
    "how_to_join": _l("How to join"),
    "contact_email": _l("The controller's email address in the privacy notice"),
    "contact_name": _l("The contact person or unit"),
}
TEXT_CHECKS = frozenset(FRONT_PAGE_TEXTS)


class PublicationError(UserError):
    MESSAGES = {
        "not_ready": _l("The network cannot be published yet. Still missing: %(missing)s."),
    }


def publication_gaps(tenant: Tenant) -> list[str]:
    """What is still missing before the public may see the network (keys of CHECKS)."""
    texts = tenant.texts or {}
    gaps = [
        key
        for key in FRONT_PAGE_TEXTS
        if not (texts.get(key) or {}).get(tenant.default_language, "").strip()
    ]
    gaps += notice_gaps(tenant)
    if not (tenant.contact_name or "").strip():
        gaps.append("contact_name")
    return gaps


def publish(tenant: Tenant) -> None:
    """Open the network to the public: in the directory, its join form and links open."""
    gaps = publication_gaps(tenant)
    if gaps:
        missing = ", ".join(str(CHECKS[key]) for key in gaps)
        raise PublicationError("not_ready", missing=missing)
    tenant.published = True


def unpublish(tenant: Tenant) -> None:
    """Back to a preview that only the organisation's staff see."""
    tenant.published = False
