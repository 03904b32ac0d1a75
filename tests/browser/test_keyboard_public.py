"""The public application with errors, by keyboard only, at phone size: focus lands on the error summary,
each of its links moves the focus into the field it names, each invalid field's accessible description
(what a screen reader reads with it) holds its error message, and nothing typed is lost."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import OrganisationFactory

pytestmark = pytest.mark.browser

TYPED = {
    "id_name": "周小红",
    "id_id_number": "12345",  # too short: an error
    "id_phone": "13855556789",
    "id_address": "寿县寿春镇北街12号",
    "id_facts": "在饭店打工半年，老板不发工资。",
}


@pytest.fixture
def phone(browser, settings):
    # Static files by their plain names: the live server finds them through the finders.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    context = browser.new_context(
        locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 390, "height": 844}, is_mobile=True
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def active(page, expression: str):
    return page.evaluate(f"document.activeElement ? document.activeElement.{expression} : null")


def tab_to(page, element_id: str) -> None:
    """Press Tab until the element has the focus, as a keyboard user does."""
    for _ in range(80):
        if active(page, "id") == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached #{element_id}")


def test_keyboard_user_finds_and_fixes_each_error(transactional_db, live_server, phone):
    OrganisationFactory(name="寿县法律援助中心")
    phone.goto(f"{live_server.url}/intake/apply/")
    for element_id, text in TYPED.items():
        tab_to(phone, element_id)
        phone.keyboard.type(text)
    tab_to(phone, "id_deadline_date")
    phone.keyboard.press("Tab")
    for _ in range(10):  # past the upload to the submit button
        if active(phone, "type") == "submit" and active(phone, "closest('main') !== null"):
            break
        phone.keyboard.press("Tab")
    with phone.expect_navigation():
        phone.keyboard.press("Enter")

    summary = phone.locator("[data-error-summary]")
    expect(summary).to_be_focused()  # not wait_for_function: its string is an eval the CSP refuses
    links = summary.locator("a[data-focus-target]")
    targets = links.evaluate_all("links => links.map((a) => a.getAttribute('data-focus-target'))")
    # The centre not chosen, the ID number too short, no case type, no pledge: each named, in page order.
    assert targets == ["id_centre", "id_id_number", "id_case_type_0", "id_pledge"], targets

    for index, target in enumerate(targets):
        phone.locator("[data-error-summary]").focus()
        for _ in range(index + 1):
            phone.keyboard.press("Tab")
        link = links.nth(index)
        assert active(phone, "getAttribute('data-focus-target')") == target
        message = link.inner_text().split("：", 1)[-1].split(":", 1)[-1].strip()
        assert message
        expect(link).to_have_accessible_name(link.inner_text().strip())
        phone.keyboard.press("Enter")
        assert active(phone, "id") == target
        field = phone.locator(f"#{target}")
        assert field.get_attribute("aria-invalid") == "true"
        # A radio is described through its group (the fieldset), as screen readers announce it on entry.
        described = phone.locator(f"fieldset:has(#{target})") if target.endswith("_0") else field
        expect(described).to_have_accessible_description(re.compile(re.escape(message)))

    for element_id, text in TYPED.items():
        assert phone.locator(f"#{element_id}").input_value() == text, element_id
