"""A tenant's logo from an upload: checked by its content (not its name or the type
the browser claims), limited in bytes and pixels, and re-encoded as a PNG of modest
size, so that what is served and put into PDFs is a clean picture made by us."""

from __future__ import annotations

import io
import warnings

from PIL import Image, UnidentifiedImageError

from kaari.tenancy.models import Tenant

MAX_BYTES = 1_500_000
MAX_PIXELS = 4000 * 4000
MAX_SIZE = (1200, 600)
ACCEPTED_FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}


class LogoError(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


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
    tenant.logo, tenant.logo_mimetype = reencoded(data), "image/png"
