"""Every URL the project resolves, for every role and method.

A new URL without a rule here fails `test_every_url_has_a_rule`, so nothing is
left unchecked.
"""

import re

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from measures.models import FollowUpNote, Measure

PUBLIC = {
    "findings:overview", "findings:measures", "findings:measure", "measures:budget",
    "accessibility", "findings:statements", "findings:evaluations", "findings:sources",
    "findings:source", "followup:items", "followup:matrix", "followup:item",
    "findings:evidence", "followup:compare", "followup:changes", "followup:changes_feed",
}  # fmt: skip
# Public, and open even when PORTAL_REQUIRE_LOGIN closes the rest: what logging in
# records must be readable before logging in.
OPEN = {"privacy"}
CONTENT_APPS = {"measures", "findings", "followup"}
ROLES = ["anonymous", "member", "secretariat", "superuser"]
METHODS = ["get", "post"]
OK, REDIRECT, BAD_REQUEST, FORBIDDEN, NOT_FOUND, NOT_ALLOWED = 200, 302, 400, 403, 404, 405


def walk(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or namespace
            yield from walk(pattern, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else str(pattern.name)
            yield prefix + str(pattern.pattern), name


def admin_model(route):
    match = re.match(r"admin/(\w+)/(\w+)/", route)
    try:
        return apps.get_model(match.group(1), match.group(2)) if match else None
    except LookupError:  # admin/password_change/done/ and the like
        return None


def concrete(route, objects):
    """The route with every parameter filled from real rows."""
    model = admin_model(route)
    obj = objects.get(model) if model else None
    url = route
    if "^([^/]+)/history/([^/]+)/$" in url:
        record = obj.history.order_by("history_id").last()
        url = url.replace("^([^/]+)/history/([^/]+)/$", f"{obj.pk}/history/{record.history_id}/")
    url = url.replace("^", "").replace("$", "")
    url = url.replace("kilder/<slug:key>", "kilder/oxford-research-2022")
    if url.startswith("oppfolging/"):
        url = url.replace("<slug:key>", "oxford-anbefaling-01")
    url = url.replace("<slug:key>", "ekspertbistand")
    if "<path:content_type_id>" in url:
        content_type = ContentType.objects.get_for_model(Measure)
        url = url.replace(
            "<path:content_type_id>/<path:object_id>", f"{content_type.pk}/{objects[Measure].pk}"
        )
    url = url.replace("<path:object_id>", str(obj.pk) if obj else "")
    url = url.replace("<id>", str(obj.pk) if obj else "")
    url = re.sub(r"\(\?P<app_label>[^)]*\)", "findings", url)
    url = re.sub(r"\(\?P<url>[^)]*\)", "finnes-ikke/", url)
    assert "<" not in url and "(" not in url, url
    return "/" + url


def expected(name, route, role, method):
    """The status a role gets for a URL and method."""
    staff = role in {"secretariat", "superuser"}
    if name in PUBLIC | OPEN:
        return OK if method == "get" else NOT_ALLOWED
    if name == "favicon":
        return REDIRECT if method == "get" else NOT_ALLOWED
    if name == "login":
        return REDIRECT if role != "anonymous" else OK
    if name == "logout":
        return NOT_ALLOWED if method == "get" else REDIRECT
    if name == "followup:account":  # one's own settings; an empty form turns the mail off
        return REDIRECT if role == "anonymous" or method == "post" else OK
    if not route.startswith("admin/"):
        raise LookupError(name)
    if name == "admin:login":
        return REDIRECT if staff and method == "get" else OK
    if name == "admin:logout":
        return NOT_ALLOWED if staff and method == "get" else REDIRECT
    if name == "admin:None" and route.endswith("(?P<url>.*)$"):
        return NOT_FOUND if staff else REDIRECT
    if not staff:
        return REDIRECT  # to the admin's login
    if role == "superuser":
        return superuser_status(name, route, method)
    return secretariat_status(name, route, method)


# Admin views that only answer GET.
GET_ONLY = {"admin:password_change_done", "admin:autocomplete", "admin:jsi18n"}
# django-axes keeps its records read-only: no adding, and a change form saves nothing.
READ_ONLY_APPS = {"axes"}


def superuser_status(name, route, method):
    if name in {"admin:view_on_site", "admin:None"}:  # "None": old change URL, redirects
        return REDIRECT
    if name in GET_ONLY and method == "post":
        return NOT_ALLOWED
    if name.endswith("_process_import"):
        return NOT_ALLOWED if method == "get" else BAD_REQUEST  # no file was previewed
    if name.endswith("_import") and method == "post":
        return BAD_REQUEST  # no file
    if name == "admin:autocomplete":
        return FORBIDDEN  # without a model to search in
    model = admin_model(route)
    if model and model._meta.app_label in READ_ONLY_APPS:
        if name.endswith("_add"):
            return FORBIDDEN
        if name.endswith("_change") and method == "post":
            return REDIRECT
    return OK


def secretariat_status(name, route, method):
    model = admin_model(route)
    if model is None or name == "admin:None":
        return superuser_status(name, route, method)
    if model._meta.app_label not in CONTENT_APPS:
        return NOT_FOUND if route.count("/") == 2 and "(?P<app_label>" in route else FORBIDDEN
    return superuser_status(name, route, method)


@pytest.fixture
def objects(db, cast):
    """One real row per admin model, each with an edit history entry."""
    FollowUpNote.objects.create(
        measure=Measure.objects.get(key="ekspertbistand"), title="Til møtet", text="Notat."
    )
    AccessAttempt.objects.create(username="x", ip_address="127.0.0.1", failures_since_start=1)
    AccessLog.objects.create(username="x", ip_address="127.0.0.1")
    AccessFailureLog.objects.create(username="x", ip_address="127.0.0.1")
    rows = {}
    for route, _ in walk():
        model = admin_model(route)
        if model and model not in rows:
            obj = model.objects.order_by("pk").first()
            if hasattr(obj, "history"):
                obj.save()  # gives it a history entry to look at
            rows[model] = obj
    rows[User] = cast["secretariat"]
    rows[Group] = Group.objects.get(name="Sekretariat")
    rows.setdefault(Measure, Measure.objects.get(key="ekspertbistand"))
    return rows


def client_for(role, cast):
    client = Client()
    if role != "anonymous":
        client.force_login(cast[role])
    return client


def test_every_url_has_a_rule():
    for route, name in walk():
        for role in ROLES:
            for method in METHODS:
                expected(name, route, role, method)  # raises LookupError when missing


@pytest.mark.slow
@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_it_should_on_every_url(role, cast, objects):
    wrong = []
    client = client_for(role, cast)
    for route, name in walk():
        url = concrete(route, objects)
        for method in METHODS:
            response = getattr(client, method)(url)
            want = expected(name, route, role, method)
            if response.status_code != want:
                wrong.append(f"{method.upper()} {url} ({name}): {response.status_code}, not {want}")
            if role != "anonymous" and "_auth_user_id" not in client.session:
                client = client_for(role, cast)  # that request logged out
    assert not wrong, "\n".join(wrong)


def test_admin_redirects_go_to_a_login(cast, objects):
    response = Client().get("/admin/findings/statement/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_portal_login_setting_puts_every_page_behind_login(settings, cast, name):
    settings.PORTAL_REQUIRE_LOGIN = True
    route = next(route for route, n in walk() if n == name)
    url = concrete(route, {})
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/logg-inn/?next=")
    assert client_for("member", cast).get(url).status_code == 200


def test_the_login_page_stays_open_when_login_is_required(settings, db):
    settings.PORTAL_REQUIRE_LOGIN = True
    assert Client().get("/logg-inn/").status_code == 200


def test_the_privacy_statement_and_the_icon_stay_open_when_login_is_required(settings, db):
    settings.PORTAL_REQUIRE_LOGIN = True
    assert Client().get("/personvern/").status_code == 200
    assert Client().get("/favicon.ico").status_code == 302
