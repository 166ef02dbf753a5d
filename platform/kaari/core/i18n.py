"""Language choice and translatable tenant content.

The language comes from `?lang=` (then remembered in a cookie), the cookie,
the browser's Accept-Language, and finally the tenant's default; on a tenant's
pages only its enabled languages are offered.

A document (a PDF, a sheet to print) may be asked for in another language with
`?document_language=`: a parameter of its own, so that downloading the Swedish pack
leaves a Finnish coordinator's pages in Finnish.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from urllib.parse import urlencode

from flask import Flask, Response, current_app, g, has_request_context, request
from flask_babel import get_locale

from kaari.core.config import LANGUAGES

LANGUAGE_COOKIE = "kaari_lang"
DOCUMENT_LANGUAGE = "document_language"
LANGUAGE_NAMES = {"fi": "Suomi", "sv": "Svenska", "en": "English"}
DEFAULT_LANGUAGE = "fi"


def pick(texts: Mapping[str, str] | None, language: str, fallback: str = DEFAULT_LANGUAGE) -> str:
    """Choose the text in `language`, else the fallback language, else any text."""
    if not texts:
        return ""
    for candidate in (language, fallback, DEFAULT_LANGUAGE, *LANGUAGES):
        if texts.get(candidate):
            return texts[candidate]
    return ""


def offered_languages() -> Sequence[str]:
    tenant = g.get("tenant")
    if tenant is not None:
        return [code for code in LANGUAGES if code in tenant.languages]
    return LANGUAGES


def select_language() -> str:
    """Flask-Babel's locale selector; cached for the request in g.language."""
    if not has_request_context():
        return DEFAULT_LANGUAGE
    if "language" in g:
        return g.language
    offered = offered_languages()
    for candidate in (request.args.get("lang"), request.cookies.get(LANGUAGE_COOKIE)):
        if candidate in offered:
            g.language = candidate
            return candidate
    tenant = g.get("tenant")
    default = tenant.default_language if tenant is not None else DEFAULT_LANGUAGE
    g.language = request.accept_languages.best_match(offered, default=default)
    return g.language


def select_timezone() -> str | None:
    """Flask-Babel's time zone selector: the organisation's own zone on its pages and in
    its mail and PDFs (BABEL_DEFAULT_TIMEZONE elsewhere)."""
    tenant = g.get("tenant")
    return tenant.zone.key if tenant is not None else None


def document_language() -> str:
    """The language a document is asked for in (`?document_language=`), if offered
    here, else the page's. Never remembered: the pages stay in their own language."""
    chosen = request.args.get(DOCUMENT_LANGUAGE, "")
    return chosen if chosen in offered_languages() else select_language()


def rendering_language() -> str:
    """The language templates are rendered in now: a document's (`force_locale`)
    or else the page's; for `<html lang>` of documents."""
    locale = get_locale()
    return locale.language if locale is not None else select_language()


def remember_language(response: Response) -> Response:
    chosen = request.args.get("lang")
    if chosen in LANGUAGES and request.cookies.get(LANGUAGE_COOKIE) != chosen:
        response.set_cookie(
            LANGUAGE_COOKIE,
            chosen,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            httponly=True,
            secure=current_app.config["SESSION_COOKIE_SECURE"],  # https only in production
        )
    return response


def url_in_language(language: str) -> str:
    """The current page's URL with `lang` set, other query arguments kept."""
    args = request.args.to_dict(flat=False)
    args["lang"] = [language]
    return f"{request.path}?{urlencode(args, doseq=True)}"


def translated(texts: Mapping[str, str] | None) -> str:
    """Tenant content in the language being rendered (the Jinja filter `tr`): the
    reader's, or a document's or a mail's under `force_locale`."""
    tenant = g.get("tenant")
    return pick(
        texts, rendering_language(), tenant.default_language if tenant else DEFAULT_LANGUAGE
    )


def init_app(app: Flask) -> None:
    app.after_request(remember_language)
    app.jinja_env.filters["tr"] = translated
    app.jinja_env.globals.update(
        current_language=select_language,
        rendering_language=rendering_language,
        offered_languages=offered_languages,
        language_names=LANGUAGE_NAMES,
        url_in_language=url_in_language,
        pick=pick,
    )
