"""gunicorn settings of the web pods: `gunicorn -c deploy/gunicorn.conf.py kaari.wsgi:app`.

Read from the environment so that the image, compose and Kubernetes set them the same way:

* PORT (default 8000): the port on 0.0.0.0.
* WEB_CONCURRENCY: worker processes (default 2 x cores + 1, at most 9; in a container
  set it from the pod's CPU limit, since the host's core count is what Python sees).
* FORWARDED_ALLOW_IPS (default 127.0.0.1,::1): the proxies (ingress) whose
  X-Forwarded-Proto is believed; in a cluster, the ingress controller's addresses or "*"
  when only the ingress can reach the pods.
* LOG_LEVEL (default info) for gunicorn's own error log on stderr.

Worker model: sync workers, chosen by measurement (bench/load.py --compare-models, see
bench/README.md): p95 of the mix 92 ms with sync, 169 ms with gthread (4 threads) on
the shared socket and 104 ms with gthread and reuse_port; 21.0, 19.9 and 20.8
requests/s (medians of 2 runs of 20 s each, 2 pods of 5 workers, on a shared 2-core
machine). Behind an ingress that buffers requests and keeps connections to the
pods itself, a sync worker serves one request at a time and closes the connection, so
the kernel hands each new connection to an idle worker and no worker collects the
others' keep-alive clients.
"""

import os

from kaari.core.jobs import reset_after_fork

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY") or min(2 * (os.cpu_count() or 1) + 1, 9))
worker_class = "sync"
# A request that takes longer than this is killed (its worker replaced); PDFs and
# exports that take longer belong in a job.
timeout = 60
# On SIGTERM (a rolling update), requests in flight get this long to finish.
graceful_timeout = 25
# Replace each worker after about a thousand requests: bounds slow memory growth.
max_requests = 1000
max_requests_jitter = 200
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# The app writes its own request log (without query strings or tokens).
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# gunicorn's own lines go through the app's handler (JSON in production, with the same
# fields), which the preloaded app sets up before gunicorn logs anything.
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "root": {"level": loglevel.upper()},
    "loggers": {
        "gunicorn.error": {"level": loglevel.upper(), "handlers": [], "propagate": True},
        "gunicorn.access": {"level": "WARNING", "handlers": [], "propagate": True},
    },
}
# gunicorn 27's control socket lives under $HOME, which the image's user does not have.
control_socket_disable = True
# Import the app once in the master: a broken configuration stops the pod before any
# worker starts, and workers share the imported code's memory.
preload_app = True
# Workers' heartbeat files in memory: on a container's overlay disk a slow write can
# make the master think a worker hung (gunicorn's docs advise /dev/shm in Docker).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108


def post_fork(server, worker):
    """The master imported the app: give each worker its own database and Redis
    connections instead of sockets inherited across fork."""
    from kaari.wsgi import app

    reset_after_fork(app)
