"""The defaults the README's configuration table gives are the settings' own:
read in a fresh process with none of the variables set."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

README = Path(settings.BASE_DIR, "README.md").read_text(encoding="utf-8")

# What each variable sets, as a Python expression over the settings `s`.
READ_BACK = {
    "DATABASE_URL": "str(s.DATABASES['default']['NAME']).removeprefix(str(s.BASE_DIR) + '/')",
    "DEBUG": "s.DEBUG",
    "ALLOWED_HOSTS": "','.join(s.ALLOWED_HOSTS)",
    "PORTAL_REQUIRE_LOGIN": "s.PORTAL_REQUIRE_LOGIN",
    "PROXY_COUNT": "s.PROXY_COUNT",
    "PORTAL_URL": "s.PORTAL_URL",
    "PORTAL_CONTACT_EMAIL": "s.PORTAL_CONTACT_EMAIL",
    "IMPORT_MAX_MB": "s.IMPORT_MAX_BYTES // 1024 // 1024",
    "IMPORT_MAX_ROWS": "s.IMPORT_MAX_ROWS",
    "STATIC_ROOT": "s.STATIC_ROOT.name + '/'",
    "CACHE_URL": "s.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]",
    "PAGE_CACHE": "'on' if s.PAGE_CACHE else 'off'",
}
# Read with DEBUG=False, where they apply.
READ_BACK_IN_PRODUCTION = {
    "SECURE_SSL_REDIRECT": "s.SECURE_SSL_REDIRECT",
    "SMTP_HOST": "s.MAILERS['default']['OPTIONS']['host']",
    "SMTP_PORT": "s.MAILERS['default']['OPTIONS']['port']",
    "SMTP_TLS": "s.MAILERS['default']['OPTIONS']['use_tls']",
    "FROM_EMAIL": "s.DEFAULT_FROM_EMAIL",
}
# The table's default for each, as the README writes it.
DOCUMENTED = {
    "DATABASE_URL": "sqlite:///db.sqlite3",
    "DEBUG": "True",
    "ALLOWED_HOSTS": "127.0.0.1,localhost,[::1]",
    "PORTAL_REQUIRE_LOGIN": "False",
    "PROXY_COUNT": "0",
    "PORTAL_URL": "http://127.0.0.1:8000",
    "PORTAL_CONTACT_EMAIL": "ia-portalen@example.org",
    "IMPORT_MAX_MB": "5",
    "IMPORT_MAX_ROWS": "10000",
    "STATIC_ROOT": "staticfiles/",
    "CACHE_URL": "db://",
    "PAGE_CACHE": "on",
    "SECURE_SSL_REDIRECT": "True",
    "SMTP_HOST": "localhost",
    "SMTP_PORT": "587",
    "SMTP_TLS": "True",
    "FROM_EMAIL": "ia-portalen@localhost",
}
# How a documented default reads back as a setting.
AS_SETTING = {"DATABASE_URL": "db.sqlite3", "CACHE_URL": "DatabaseCache"}
VARIABLES = [*DOCUMENTED, "SECRET_KEY", "SMTP_USER", "SMTP_PASSWORD", "ADMINS"]


def settings_read_back(expressions, **environment):
    env = {k: v for k, v in os.environ.items() if k not in VARIABLES}
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({{name: str(eval(e)) for name, e in {expressions!r}.items()}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "DJANGO_SETTINGS_MODULE": "ia_portal.settings", **environment},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def table_default(variable):
    """The default column of the README row that names `variable`."""
    row = next(line for line in README.splitlines() if re.match(rf"\| [^|]*`{variable}`", line))
    names = re.findall(r"`([A-Z_]+)`", row.split("|")[1])
    defaults = [cell.strip("` ") for cell in row.split("|")[2].split(", ")]
    if len(names) == 1:
        return row.split("|")[2].strip().split("`")[1]
    return defaults[names.index(variable)]


@pytest.mark.parametrize("variable", DOCUMENTED)
def test_the_readme_gives_this_default(variable):
    assert table_default(variable) == DOCUMENTED[variable]


@pytest.mark.slow
def test_with_nothing_set_the_settings_are_the_documented_defaults():
    development = settings_read_back(READ_BACK)
    production = settings_read_back(
        READ_BACK_IN_PRODUCTION, DEBUG="False", SECRET_KEY="x" * 50, ALLOWED_HOSTS="example.org"
    )
    expected = {name: AS_SETTING.get(name, value) for name, value in DOCUMENTED.items()}
    assert development | production == expected


# A value other than the default for each variable; each setting reads back as given.
GIVEN = {
    "DEBUG": "False",
    "ALLOWED_HOSTS": "example.org,www.example.org",
    "PROXY_COUNT": "2",
    "PORTAL_REQUIRE_LOGIN": "True",
    "IMPORT_MAX_MB": "7",
    "IMPORT_MAX_ROWS": "50",
    "PAGE_CACHE": "off",
    "SECURE_SSL_REDIRECT": "False",
    "SMTP_HOST": "smtp.example.org",
    "SMTP_PORT": "25",
    "SMTP_TLS": "False",
    "FROM_EMAIL": "portal@example.org",
}


@pytest.mark.slow
def test_each_variable_is_read():
    expressions = {**READ_BACK, **READ_BACK_IN_PRODUCTION}
    read = settings_read_back(
        {name: expressions[name] for name in GIVEN},
        SECRET_KEY="x" * 50,
        **GIVEN,
    )
    assert read == GIVEN


@pytest.mark.slow
def test_with_debug_on_mail_is_printed_to_the_console():
    backend = "s.MAILERS['default']['BACKEND']"
    assert settings_read_back({"mail": backend}) == {
        "mail": "django.core.mail.backends.console.EmailBackend"
    }
    production = settings_read_back({"mail": backend}, DEBUG="False", SECRET_KEY="x" * 50)
    assert production == {"mail": "django.core.mail.backends.smtp.EmailBackend"}
