"""gunicorn settings for production; read by path: gunicorn -c site/gunicorn.conf.py."""

import multiprocessing
import os

wsgi_app = "config.wsgi:application"
bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# Workers are forked from a loaded app, so a restart (which bounds any slow memory
# growth) costs a fork, not a second of importing Django on a busy machine.
preload_app = True
max_requests = 20000
max_requests_jitter = 2000
timeout = 30
accesslog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
