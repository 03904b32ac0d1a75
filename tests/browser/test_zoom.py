"""The public pages zoomed to 200% and 400% (WCAG 1.4.10 Reflow): a 1280px window at 400% is a viewport
320 CSS pixels wide, at 200% one 640 wide. Each page, empty and after a failed submit, in the standard
and the large display mode, fits that width: nothing scrolls sideways, so an elderly reader who
enlarges the page reads each line without moving left and right."""

import pytest
from django.core.cache import cache

from tests.factories import OrganisationFactory

pytestmark = pytest.mark.browser

WIDTHS = {"400%": 320, "200%": 640}
# Every public page that needs no record of its own (the card rating page, which needs a card, is
# audited by tests/browser/test_axe.py on the seeded demo and shares this layout and field include).
PUBLIC = [
    "/intake/apply/",
    "/intake/apply/status/",
    "/intake/consult/",
    "/supervision/complain/",
    "/supervision/r/",
    "/accounts/login/",
]
WIDER_THAN_VIEWPORT = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) { return []; }
  return [...document.querySelectorAll("body *")]
    .filter((e) => e.getBoundingClientRect().right > width + 1)
    .slice(0, 3)
    .map((e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className ? "." + e.className : ""));
}"""


def send_as_is(page) -> None:
    """Submit the main form unfilled, past the browser's own checks, to see the page with its errors."""
    with page.expect_navigation():
        page.evaluate(
            """() => {
              const form = document.querySelector("main form");
              form.noValidate = true;
              const button = form.querySelector("[type=submit]");
              button ? form.requestSubmit(button) : form.submit();
            }"""
        )


@pytest.mark.parametrize("large", [False, True], ids=["standard", "large"])
def test_public_pages_reflow_without_horizontal_scrolling(transactional_db, live_server, browser, large):
    cache.clear()  # the public forms' rate limits count per address, in a cache that outlives a test
    OrganisationFactory(name="寿县法律援助中心")
    wide = []
    for zoom, width in WIDTHS.items():
        context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 800})
        if large:
            context.add_cookies([{"name": "legalaid_display", "value": "large", "url": live_server.url}])
        page = context.new_page()
        page.set_default_timeout(15000)
        for path in PUBLIC:
            page.goto(live_server.url + path, wait_until="load")
            if found := page.evaluate(WIDER_THAN_VIEWPORT):
                wide.append(f"{zoom} {path}: {found}")
            if path != "/accounts/login/":
                send_as_is(page)
                assert page.locator("[data-error-summary], .invalid-feedback").count(), path
                if found := page.evaluate(WIDER_THAN_VIEWPORT):
                    wide.append(f"{zoom} {path} with errors: {found}")
        context.close()
    assert not wide, "\n".join(wide)
