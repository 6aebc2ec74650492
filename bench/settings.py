"""Production settings with the benchmark's floor views beside the portal's."""

from ia_portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

# A failing request in the benchmark is written to gunicorn's stderr.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"handlers": ["stderr"], "level": "ERROR"}},
}
