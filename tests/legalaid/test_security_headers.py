"""Security headers (legalaid.middleware.SecurityHeadersMiddleware): CSP, Permissions-Policy, and
no caching of what a signed-in user sees. The templates this package owns have no inline script."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.official_documents import is_official_document

MIDDLEWARE = "legalaid.middleware.SecurityHeadersMiddleware"
OWN_TEMPLATES = [Path(settings.BASE_DIR) / "templates", Path(settings.BASE_DIR) / "legalaid" / "templates"]


@pytest.fixture(autouse=True)
def with_middleware(settings):
    if MIDDLEWARE not in settings.MIDDLEWARE:
        settings.MIDDLEWARE = [*settings.MIDDLEWARE, MIDDLEWARE]


def test_csp_and_permissions_policy_on_public_page(client, db):
    response = client.get(reverse("login"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src", 1)[1].split(";")[0]
    assert "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert "camera=()" in response["Permissions-Policy"]


def test_authenticated_responses_are_not_stored(as_alice):
    for url in (reverse("home"), reverse("organisation_list"), "/no-such-page/"):
        response = as_alice.get(url)
        assert response["Cache-Control"] == "private, no-store", url


def test_policies_can_be_replaced_in_settings(settings, client, db):
    settings.CONTENT_SECURITY_POLICY = "default-src 'none'"
    settings.PERMISSIONS_POLICY = ""
    response = client.get(reverse("login"))
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert "Permissions-Policy" not in response


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)


def test_own_templates_have_no_inline_script_handler_or_style_element():
    offenders = []
    for root in OWN_TEMPLATES:
        for path in root.rglob("*.html"):
            if "pdf" in path.parts:  # rendered by WeasyPrint on the server, never by a browser
                continue
            text = path.read_text()
            # A printable document keeps its inline stylesheet (the document CSP allows it); scripts stay files.
            patterns = (
                (INLINE_SCRIPT, HANDLER) if is_official_document(path) else (INLINE_SCRIPT, HANDLER, STYLE_ELEMENT)
            )
            for pattern in patterns:
                offenders += [f"{path}: {m.group(0)}" for m in pattern.finditer(text)]
    assert offenders == []


def test_a_nul_character_in_a_parameter_is_a_clear_400(client, as_alice):
    assert as_alice.get("/intake/persons/", {"q": "张\x00三"}).status_code == 400
    assert as_alice.post("/intake/applications/new/", {"facts": "a\x00b"}).status_code == 400
    page = client.get("/intake/apply/status/", {"receipt": "x\x00"})
    assert page.status_code == 400 and "<main" in page.content.decode()  # the site's own 400 page
