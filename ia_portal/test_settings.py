"""Test settings: plain static storage (no manifest needed) and fast hashing."""

from .settings import *  # noqa: F403
from .settings import STORAGES, cache_from_url

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Tests render every page afresh: many look at the context of a repeated request.
# The page cache is turned on where it is under test (tests/test_page_cache*.py).
CACHES = {"default": cache_from_url("dummy://")}
