"""A one-page poster of a partner's referral link: the network's name, logo and colour,
the link's QR code and its address, for a partner to print and put on a wall."""

from __future__ import annotations

import base64

from flask import render_template
from flask_babel import force_locale

from kaari.core.pdf import render_pdf
from kaari.intake.models import Partner, ReferralLink
from kaari.intake.partners import qr_png
from kaari.materials.services import logo_data_url
from kaari.tenancy.models import Tenant


def poster_pdf(
    tenant: Tenant, partner: Partner, link: ReferralLink, url: str, language: str
) -> bytes:
    """The poster of `link`, whose join address is `url`, in `language`."""
    qr = "data:image/png;base64," + base64.b64encode(qr_png(url)).decode()
    with force_locale(language):
        html = render_template(
            "pdf/referral_poster.html",
            tenant=tenant,
            partner=partner,
            language=language,
            url=url,
            qr=qr,
            logo=logo_data_url(tenant),
        )
        return render_pdf(html)
