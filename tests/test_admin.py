"""Every admin page the secretariat uses renders for a secretariat user."""

import pytest
from django.contrib import admin
from django.urls import reverse

from measures.models import FollowUpNote, Measure

CONTENT_APPS = {"measures", "findings"}
CONTENT_MODELS = [model for model in admin.site._registry if model._meta.app_label in CONTENT_APPS]


def written_by_the_secretariat(model):
    """Rows the fixtures cannot hold: the secretariat's own internal notes."""
    assert model is FollowUpNote, f"no {model._meta.verbose_name} in the fixtures"
    return FollowUpNote.objects.create(
        measure=Measure.objects.get(key="ekspertbistand"), title="Til møtet", text="Notat."
    )


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", CONTENT_MODELS, ids=lambda m: m._meta.model_name)
def test_changelist_renders(secretariat_client, model):
    response = secretariat_client.get(admin_url(model, "changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize("model", CONTENT_MODELS, ids=lambda m: m._meta.model_name)
def test_add_form_renders(secretariat_client, model):
    response = secretariat_client.get(admin_url(model, "add"))
    assert response.status_code == 200


@pytest.mark.parametrize("model", CONTENT_MODELS, ids=lambda m: m._meta.model_name)
def test_change_form_renders_for_real_content(secretariat_client, model):
    obj = model.objects.order_by("pk").first() or written_by_the_secretariat(model)
    response = secretariat_client.get(admin_url(model, "change", obj.pk))
    assert response.status_code == 200
    assert str(obj) in response.content.decode()


@pytest.mark.parametrize("model", CONTENT_MODELS, ids=lambda m: m._meta.model_name)
def test_changelist_search_works(secretariat_client, model):
    response = secretariat_client.get(admin_url(model, "changelist"), {"q": "arbeidsmiljø"})
    assert response.status_code == 200


def test_every_content_field_has_a_norwegian_label():
    english = {"key", "name", "text", "source", "section", "page", "position", "kind"}
    for model in CONTENT_MODELS:
        for field in model._meta.get_fields():
            if field.concrete and not field.auto_created:
                assert str(field.verbose_name) not in english, f"{model.__name__}.{field.name}"


def test_the_secretariat_cannot_manage_users(secretariat_client):
    response = secretariat_client.get(reverse("admin:auth_user_changelist"))
    assert response.status_code == 403


def test_every_content_field_explains_itself_to_the_secretariat():
    for model in CONTENT_MODELS:
        for field in model._meta.get_fields():
            if field.concrete and not field.auto_created:
                assert field.help_text, f"{model.__name__}.{field.name} has no help_text"
