"""Admin: every cases table is registered and opens; records cannot be deleted there."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from cases.numbering import DEFAULT_PATTERN
from legalaid.models import User

pytestmark = pytest.mark.django_db


def test_every_model_is_in_admin():
    for model in apps.get_app_config("cases").get_models():
        if model.__name__.startswith("Historical"):
            continue
        assert model in admin.site._registry, model.__name__


def test_admin_pages_open(labour_case, client):
    superuser = User.objects.create_superuser("root", password="x-pass-2026")
    client.force_login(superuser)
    for model in apps.get_app_config("cases").get_models():
        if model in admin.site._registry:
            url = reverse(f"admin:cases_{model._meta.model_name}_changelist")
            assert client.get(url).status_code == 200, url
    url = reverse("admin:cases_case_change", args=[labour_case.pk])
    assert client.get(url).status_code == 200
    assert client.get(reverse("admin:cases_case_delete", args=[labour_case.pk])).status_code == 403


def test_number_pattern_is_checked_in_admin(network, client):
    superuser = User.objects.create_superuser("root", password="x-pass-2026")
    client.force_login(superuser)
    url = reverse("admin:cases_casenumbersetting_add")
    response = client.post(url, {"centre": network.centre.pk, "pattern": "〔{year}〕第{seq}号", "region": ""})
    assert "必须包含 {type}" in response.content.decode()
    response = client.post(url, {"centre": network.centre.pk, "pattern": DEFAULT_PATTERN, "region": ""})
    assert response.status_code == 302
