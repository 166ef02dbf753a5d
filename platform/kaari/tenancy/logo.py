"""A tenant's logos from an upload: checked by their content (not their name or the
type the browser claims), limited in bytes and pixels, and re-encoded as a PNG of
modest size, so that what is served and put into PDFs is a clean picture made by us.

A tenant has two: its own (`LOGO`, on its pages, packs and posters) and its funder's
(`FUNDER_LOGO`, on the material pack's cover), kept the same way in the file store
under `<which>_key` and `<which>_mimetype`."""

from __future__ import annotations

import io
import mimetypes
import warnings

from flask_babel import lazy_gettext as _l
from PIL import Image, UnidentifiedImageError

from kaari.core import storage
from kaari.core.user_errors import UserError
from kaari.tenancy.models import Tenant

LOGO, FUNDER_LOGO = "logo", "funder_logo"
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


def set_logo(tenant: Tenant, data: bytes, which: str = LOGO) -> None:
    """An uploaded picture becomes the logo (call in the tenant's scope)."""
    store_logo(tenant, reencoded(data), "image/png", which)


def logo_content(tenant: Tenant, which: str = LOGO) -> bytes | None:
    """The logo's bytes, or None when the tenant has none (call in its scope)."""
    key = getattr(tenant, f"{which}_key")
    return storage.current().get(key) if key else None


def store_logo(tenant: Tenant, content: bytes | None, mimetype: str, which: str = LOGO) -> None:
    """Make `content` the tenant's logo (None: no logo) in the file store, and delete
    the old file with the commit. The same picture again changes nothing, so a bundle
    applied anew writes no file."""
    key_column, mimetype_column = f"{which}_key", f"{which}_mimetype"
    old_key = getattr(tenant, key_column)
    if content is not None and (content, mimetype) == (
        logo_content(tenant, which),
        getattr(tenant, mimetype_column),
    ):
        return
    if content is None:
        setattr(tenant, key_column, None)
        setattr(tenant, mimetype_column, "")
    else:
        key = storage.new_key(which, mimetypes.guess_extension(mimetype) or "")
        storage.current().put(key, content, mimetype)
        setattr(tenant, key_column, key)
        setattr(tenant, mimetype_column, mimetype)
    if old_key:
        storage.current().delete([old_key])


def set_funder(tenant: Tenant, name: str, picture: bytes | None, *, remove_logo: bool) -> None:
    """The funder's name, and its logo from an upload (`picture`, re-encoded like the
    logo; None keeps the one there is) or no logo at all (`remove_logo`)."""
    tenant.funder_name = name.strip()
    if remove_logo:
        store_logo(tenant, None, "", FUNDER_LOGO)
    elif picture:
        set_logo(tenant, picture, FUNDER_LOGO)
