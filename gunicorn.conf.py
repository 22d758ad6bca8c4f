"""gunicorn settings for serving HàiLòng: ``gunicorn -c gunicorn.conf.py wsgi:app``.

Threaded workers (gthread) keep connections alive and overlap the waits on the
database; several processes use every core. Each setting can be changed from the
environment without editing this file.
"""

from __future__ import annotations

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", str(2 * (os.cpu_count() or 1))))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A phone on mobile data keeps its connection for the form's GET and its POST.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "15"))
# A request that takes longer than this is a fault: the worker is restarted.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# Bounded memory over months: each worker is replaced after this many requests.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = max_requests // 10
# Access logs hold receipt codes in their paths; off unless asked for.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
