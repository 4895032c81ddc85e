"""The site's WSGI application with plaintext sealing, for the casting baseline's gunicorn."""

from bench.plaintext_sealing import patches
from config.wsgi import application  # noqa: F401  (what gunicorn serves)

for patch in patches():
    patch.start()
