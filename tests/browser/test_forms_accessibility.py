"""In Chromium, with the Content-Security-Policy on: a form sent with errors puts the focus on the
error summary, its links move the focus into the fields, the language list changes nothing until
its button is pressed, and no script or style is refused by the policy."""

import pytest

from tests.browser.conftest import log_in
from tests.factories import PASSWORD, OrganisationFactory, make_member

pytestmark = pytest.mark.browser

MIDDLEWARE = "legalaid.middleware.SecurityHeadersMiddleware"


@pytest.fixture
def alice(transactional_db, settings):
    if MIDDLEWARE not in settings.MIDDLEWARE:
        settings.MIDDLEWARE = [*settings.MIDDLEWARE, MIDDLEWARE]
    # The live server serves static files through the finders, which know the files by their
    # plain names; production settings would print hashed names it cannot find.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    return make_member(OrganisationFactory(name="寿县法律援助中心"), username="alice")


@pytest.fixture
def violations(page):
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    return messages


def test_error_summary_takes_focus_and_links_reach_fields(alice, live_server, page, violations):
    log_in(page, live_server, "alice", PASSWORD)
    page.goto(f"{live_server.url}/accounts/password_change/")
    assert page.evaluate("document.querySelector('[data-error-summary]')") is None
    page.get_by_label("旧密码").fill("wrong")
    page.get_by_label("旧密码").press("Enter")
    page.wait_for_load_state()
    summary = page.locator("[data-error-summary]")
    assert summary.is_visible()
    page.wait_for_function("document.activeElement && document.activeElement.hasAttribute('data-error-summary')")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('data-focus-target')") == "id_old_password"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_old_password"
    invalid = page.locator("#id_old_password")
    assert invalid.get_attribute("aria-invalid") == "true"
    for target in invalid.get_attribute("aria-describedby").split():
        assert page.locator(f"#{target}").count() == 1
    assert not [text for text in violations if "Content Security Policy" in text]


def test_language_list_changes_nothing_until_its_button(alice, live_server, page, violations):
    log_in(page, live_server, "alice", PASSWORD)
    page.goto(f"{live_server.url}/network/?kind=centre")
    page.get_by_label("语言").focus()
    page.keyboard.press("ArrowDown")
    page.wait_for_timeout(300)
    assert page.url.endswith("/network/?kind=centre")
    assert "切换语言" in page.content()  # still Chinese
    page.get_by_label("语言").select_option("en")
    page.get_by_role("button", name="切换语言").click()
    page.wait_for_load_state()
    assert page.url.endswith("/network/?kind=centre")
    assert page.get_by_role("button", name="Switch language").is_visible()
    assert not [text for text in violations if "Content Security Policy" in text]


# Every public page, including the card look-up and the public complaint (which had a layout of their own).
PUBLIC = ["/intake/apply/", "/intake/apply/status/", "/intake/consult/", "/supervision/complain/", "/supervision/r/"]


def test_large_mode_on_every_public_page_switched_and_remembered(alice, live_server, page, violations):
    for path in PUBLIC:
        page.goto(live_server.url + path)
        assert page.locator("html.mode-large").count() == 0, path
        assert page.get_by_role("button", name="切换语言").is_visible(), path
        assert page.locator("link[rel=icon]").count() == 1, path
    page.get_by_role("button", name="大字模式").click()  # on the last page, the card look-up
    page.wait_for_load_state()
    assert page.url.endswith("/supervision/r/")
    assert page.get_by_role("button", name="大字模式").get_attribute("aria-pressed") == "true"
    for path in PUBLIC:  # remembered from page to page
        page.goto(live_server.url + path)
        assert page.locator("html.mode-large").count() == 1, path
    page.get_by_role("button", name="大字模式").click()
    page.wait_for_load_state()
    assert page.locator("html.mode-large").count() == 0
    assert not [text for text in violations if "Content Security Policy" in text]
