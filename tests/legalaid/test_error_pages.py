"""Branded error pages: the site's layout, Chinese by default (English when chosen), a way back,
and for a 500 a reference that is also written to the log."""

import logging
import re

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client
from django.urls import path
from django.utils import translation

from legalaid.urls import urlpatterns as project_urlpatterns
from legalaid.views import csrf_failure
from tests.conftest import login


def _boom(request):
    raise RuntimeError("deliberate failure")


def _denied(request):
    raise PermissionDenied


def _bad(request):
    raise SuspiciousOperation("malformed")


class urls:  # noqa: N801 — a URLconf module stand-in for @pytest.mark.urls
    urlpatterns = [
        path("boom/", _boom),
        path("denied/", _denied),
        path("bad/", _bad),
        *project_urlpatterns,
    ]
    handler400 = "legalaid.views.bad_request"
    handler403 = "legalaid.views.permission_denied"
    handler404 = "legalaid.views.page_not_found"
    handler500 = "legalaid.views.server_error"


@pytest.fixture(autouse=True)
def error_urls(settings):
    settings.ROOT_URLCONF = urls
    settings.DEBUG = False
    yield
    translation.deactivate()


@pytest.fixture
def raising_client(alice):
    client = Client(raise_request_exception=False)
    client.force_login(alice)
    return client


def test_404_in_layout_in_chinese_with_way_home(as_alice):
    response = as_alice.get("/no-such-page/", HTTP_REFERER="http://testserver/network/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in page
    assert 'id="mainnav"' in page  # inside the layout, menu included
    assert 'href="/"' in page and "返回首页" in page
    assert 'href="http://testserver/network/"' in page and "返回上一页" in page


def test_back_link_never_points_to_another_site(as_alice):
    page = as_alice.get("/no-such-page/", HTTP_REFERER="https://evil.example/phish").content.decode()
    assert "evil.example" not in page
    assert "返回上一页" not in page


def test_404_for_anonymous_visitor(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_403_in_chinese(as_alice):
    response = as_alice.get("/denied/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "没有权限" in page and "返回首页" in page


def test_400_in_chinese(as_alice):
    response = as_alice.get("/bad/")
    assert response.status_code == 400
    assert "请求无法处理" in response.content.decode()


def test_400_for_a_host_not_allowed(client, db):
    response = client.get("/", HTTP_HOST="evil.example", HTTP_REFERER="http://evil.example/")
    assert response.status_code == 400
    page = response.content.decode()
    assert "请求无法处理" in page and "evil.example" not in page


def test_500_shows_reference_also_in_log(raising_client, caplog):
    with caplog.at_level(logging.ERROR, logger="legalaid.errors"):
        response = raising_client.get("/boom/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "系统出错了" in page
    reference = page.split('data-testid="error-reference">', 1)[1].split("<", 1)[0]
    assert len(reference) == 8
    logged = [r for r in caplog.records if reference in r.getMessage()]
    assert logged and logged[0].exc_info is not None  # the traceback is kept with the reference
    assert "/boom/" in logged[0].getMessage()


def test_500_falls_back_to_plain_page_when_layout_fails(raising_client, monkeypatch, caplog):
    def broken_render(*args, **kwargs):
        raise RuntimeError("template failure")

    monkeypatch.setattr("legalaid.views.render", broken_render)
    with caplog.at_level(logging.ERROR, logger="legalaid.errors"):
        response = raising_client.get("/boom/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "系统出错了" in page and "Reference" in page


def test_error_pages_in_english_when_chosen(alice):
    client = login(alice)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/no-such-page/", HTTP_REFERER="http://testserver/cases/").content.decode()
    assert "Page not found" in page
    assert "页面不存在" not in page
    assert "Error 404" in page and ">Back to the previous page</a>" in page
    main = page[page.index("<main") : page.index("</main>")]
    assert not re.search(r"[\u4e00-\u9fff]", main), "untranslated words on the English error page"


def test_csrf_failure_page_says_what_to_do(rf, alice):
    """legalaid.views.csrf_failure is meant for settings.CSRF_FAILURE_VIEW."""
    request = rf.post("/")
    request.user = alice
    response = csrf_failure(request)
    assert response.status_code == 403
    assert "表单已过期" in response.content.decode()
