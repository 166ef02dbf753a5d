"""A tenant's logo from an upload: checked by its content (not its name or the type
the browser claims), limited in bytes and pixels, and re-encoded as a PNG of modest
size, so that what is served and put into PDFs is a clean picture made by us."""

from __future__ import annotations

import io
import mimetypes
import warnings

from flask_babel import lazy_gettext as _l
from PIL import Image, UnidentifiedImageError

from kaari.core import storage
from kaari.core.user_errors import UserError
from kaari.tenancy.models import Tenant

MAX_BYTES = 1_500_000
MAX_PIXELS = 4000 * 4000
MAX_SIZE = (1200, 600)
ACCEPTED_FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}


class LogoError(UserError):
    MESSAGES = {
        "too_large": _l("The file is larger than 1.5 MB."),
        "not_a_picture": _l("The file is not a PNG, JPEG, GIF or WebP picture."),
        "too_many_pixels": _l("The picture is too large; at most 4000 by 4000 pixels."),
    }
    FIELDS = dict.fromkeys(MESSAGES, "logo")


def reencoded(data: bytes) -> bytes:
    """The picture as a fresh PNG at most MAX_SIZE, or LogoError("too_large",
    "not_a_picture" or "too_many_pixels")."""
    if len(data) > MAX_BYTES:
        raise LogoError("too_large")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format not in ACCEPTED_FORMATS:
                    raise LogoError("not_a_picture")
                if image.width * image.height > MAX_PIXELS:
                    raise LogoError("too_many_pixels")
                image.load()
                picture = image.convert("RGBA")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        if isinstance(error, LogoError):
            raise
        raise LogoError("not_a_picture") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise LogoError("too_many_pixels") from None
    picture.thumbnail(MAX_SIZE)
    output = io.BytesIO()
    picture.save(output, "PNG", optimize=True)
    return output.getvalue()


def set_logo(tenant: Tenant, data: bytes) -> None:
    """An uploaded picture becomes the logo (call in the tenant's scope)."""
    store_logo(tenant, reencoded(data), "image/png")


def logo_content(tenant: Tenant) -> bytes | None:
    """The logo's bytes, or None when the tenant has none (call in its scope)."""
    return storage.current().get(tenant.logo_key) if tenant.logo_key else None


def store_logo(tenant: Tenant, content: bytes | None, mimetype: str) -> None:
    """Make `content` the tenant's logo (None: no logo) in the file store, and delete
    the old file with the commit. The same picture again changes nothing, so a bundle
    applied anew writes no file."""
    if content is not None and (content, mimetype) == (logo_content(tenant), tenant.logo_mimetype):
        return
    old_key = tenant.logo_key
    if content is None:
        tenant.logo_key, tenant.logo_mimetype = None, ""
    else:
        key = storage.new_key("logo", mimetypes.guess_extension(mimetype) or "")
        storage.current().put(key, content, mimetype)
        tenant.logo_key, tenant.logo_mimetype = key, mimetype
    if old_key:
        storage.current().delete([old_key])
