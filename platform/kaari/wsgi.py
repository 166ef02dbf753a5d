"""The WSGI entry point for gunicorn: `gunicorn -c deploy/gunicorn.conf.py kaari.wsgi:app`."""

from kaari import create_app

app = create_app()
