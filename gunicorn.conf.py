"""gunicorn settings for serving HàiLòng: ``gunicorn -c gunicorn.conf.py wsgi:app``.

Threaded workers (gthread) keep connections alive and overlap the waits on the
database; several processes use every core. Each setting can be changed from the
environment without editing this file.
"""

from __future__ import annotations

import os
from typing import Any

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", str(2 * (os.cpu_count() or 1))))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A phone on mobile data keeps its connection for the form's GET and its POST.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "15"))
# A request that takes longer than this is a fault: the worker is restarted.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30


def when_ready(server: Any) -> None:
    """Say on start-up what the per-address rate limits really are.

    Flask-Limiter's memory:// store lives in each worker process, so with N workers one
    address may send up to N times the configured rate (and a recycled worker forgets its
    counts). We keep the embedded default, which needs no extra service on a newcomer's
    machine, but say so plainly instead of letting it multiply limits silently. Lock-outs
    on wrong PINs and passwords do not depend on it: they are rows in the database.
    """
    storage = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    count = server.num_workers
    if storage.startswith("memory://") and count > 1:
        server.log.warning(
            "rate limits: RATELIMIT_STORAGE_URI=memory:// counts in each of the %d worker "
            "processes, so one address may send up to %d times the configured rate; set "
            "RATELIMIT_STORAGE_URI=redis://host:6379 for exact limits. PIN and password "
            "lock-outs are in the database and exact.",
            count,
            count,
        )
    elif storage.startswith("memory://"):
        server.log.info("rate limits: one worker process, memory:// is exact on this server")
    else:
        scheme = storage.split(":", 1)[0]
        server.log.info("rate limits: shared by every worker in the %s store", scheme)


# Bounded memory over months: each worker is replaced after this many requests.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = max_requests // 10
# Access logs hold receipt codes in their paths; off unless asked for.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
# Import the app once, in the master, then fork the workers: on a small machine four
# workers importing pandas and the app at the same moment kept the first page waiting
# for 23 s after "Listening". Each worker then drops the database connections it
# inherited (post_fork below); nothing else opens a socket while the app is built.
preload_app = os.environ.get("GUNICORN_PRELOAD", "true").lower() not in {"0", "false", "no"}
# gunicorn's control socket (for gunicornc) defaults to one path per user, so a second
# server on the machine (another checkout, a benchmark beside `make run`) would take it
# over and, stopping, delete it. Off unless a path of this server's own is given.
control_socket_disable = not os.environ.get("GUNICORN_CONTROL_SOCKET")
if not control_socket_disable:
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]


def post_fork(server: Any, worker: Any) -> None:
    """Give the new worker database pools of its own, not its parent's connections, and
    start computing the province pages ahead (survey_app.manage.warming) as it boots."""
    app = getattr(worker.app, "callable", None)
    if app is not None:  # None without preload_app: the worker builds its own app
        from survey_app.database import forget_inherited_connections  # noqa: PLC0415
        from survey_app.manage.warming import start_warming  # noqa: PLC0415

        forget_inherited_connections(app)
        # Without preload_app the worker's first request starts it instead.
        start_warming(app)
