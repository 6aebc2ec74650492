"""Spreadsheets waiting for the secretariat to confirm an import.

A file that passed the preview is kept in IMPORT_UPLOAD_DIR under a random name,
and the name is remembered in the uploader's session: the confirm step reads that
file and no other. Files are removed after the import, when the same user
previews another file, and once they are older than a session can live.
"""

import re
import secrets
import time
from pathlib import Path

from django.conf import settings

SESSION_KEY = "pending_imports"
_NAME = re.compile(r"[0-9a-f]{32}")


def _directory():
    return Path(settings.IMPORT_UPLOAD_DIR)


def keep(request, label, content, **details):
    """Store a checked file for `label` (the model) and return its name."""
    remove_stale()
    discard(request, label)
    directory = _directory()
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    name = secrets.token_hex(16)
    (directory / name).write_bytes(content)
    pending = request.session.get(SESSION_KEY, {})
    pending[label] = {"name": name, **details}
    request.session[SESSION_KEY] = pending
    return name


def pending(request, label):
    """What this user's session is waiting to import for `label`, or None."""
    return request.session.get(SESSION_KEY, {}).get(label)


def read(entry):
    """The kept file's content, or None when it is gone."""
    name = entry.get("name", "")
    if not _NAME.fullmatch(name):
        return None
    try:
        return (_directory() / name).read_bytes()
    except FileNotFoundError:
        return None


def discard(request, label):
    pending = request.session.get(SESSION_KEY, {})
    entry = pending.pop(label, None)
    if entry is None:
        return
    request.session[SESSION_KEY] = pending
    if _NAME.fullmatch(entry.get("name", "")):
        (_directory() / entry["name"]).unlink(missing_ok=True)


def remove_stale():
    """Remove files no session can confirm any more."""
    directory = _directory()
    if not directory.is_dir():
        return
    oldest = time.time() - settings.SESSION_COOKIE_AGE
    for path in directory.iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < oldest:
                path.unlink()
        except FileNotFoundError:  # another worker removed it first
            pass
