"""Static files: content-hashed names and long cache lifetimes.

`kaari digest compile` (Flask-Static-Digest; the image runs it at build time)
writes `kaari-<md5>.css` and a gzipped copy next to each file, with a manifest
that `static_url_for` in templates reads. WhiteNoise serves the folder in front
of Flask: a hashed name is cached by browsers for a year (`immutable`), since a
new version gets a new name; a plain name is revalidated after a minute; gzip is
served to browsers that take it. Without a manifest (development) templates link
the plain names, which WhiteNoise re-reads from disk as they change.
"""

from __future__ import annotations

import re

from flask import Flask
from flask_static_digest import FlaskStaticDigest
from whitenoise import WhiteNoise

HASHED_NAME = re.compile(r"-[0-9a-f]{32}\.\w+(\.gz)?$")
PLAIN_NAME_MAX_AGE = 60


def is_hashed(_path: str, url: str) -> bool:
    return bool(HASHED_NAME.search(url))


def _no_sniffing(headers, _path: str, _url: str) -> None:
    headers["X-Content-Type-Options"] = "nosniff"


def init_app(app: Flask) -> None:
    app.config.setdefault("FLASK_STATIC_DIGEST_COMPRESSION", ["gzip"])
    # One per app: the extension keeps the manifest on itself.
    FlaskStaticDigest(app)
    app.wsgi_app = WhiteNoise(
        app.wsgi_app,
        root=app.static_folder,
        prefix=app.static_url_path,
        autorefresh=app.config["ENV_NAME"] != "production",
        max_age=PLAIN_NAME_MAX_AGE,
        immutable_file_test=is_hashed,
        add_headers_function=_no_sniffing,
    )
