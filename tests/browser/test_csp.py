"""The real Content-Security-Policy in Chromium: every page of the lifecycle loads without a violation.

The demo of every app is seeded; the public pages are loaded anonymously, then each demo role logs in
and follows the navigation and the links of the pages it reaches (breadth first, same host, no downloads,
at most PAGES_PER_ROLE each). The headers are the site's own (legalaid.middleware); nothing is relaxed
for the test. A listener for `securitypolicyviolation`, installed before any page script runs, and the
console (Chromium writes each refusal there) are read after every page: any violation, console error or
uncaught script error fails the test, naming the page.
"""

from collections import deque

import pytest

from legalaid.demo import DEMO_PASSWORD
from tests.browser.conftest import log_in
from tests.legalaid.test_english_crawl import demo_logins, follow, seed_all_demos

pytestmark = pytest.mark.browser

PAGES_PER_ROLE = 50
PUBLIC_PAGES = ["/accounts/login/", "/intake/apply/", "/intake/apply/status/", "/supervision/complain/"]
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + (event.sample ? ` (${event.sample})` : ""));
});
"""


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    seed_all_demos()


class Watcher:
    """What the browser reported on the page being looked at."""

    def __init__(self, page):
        self.page = page
        self.reports: list[str] = []
        page.add_init_script(LISTEN)
        page.on("console", self.console)
        page.on("pageerror", lambda error: self.reports.append(f"script error: {error}"))

    def console(self, message) -> None:
        # The site declares no icon, so Chromium's own guess at /favicon.ico is a 404 that no page asked for.
        if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
            self.reports.append(f"{message.text} ({message.location.get('url', '')})")

    def visit(self, url: str) -> list[str]:
        self.reports.clear()
        self.page.goto(url, wait_until="load")
        violations = self.page.evaluate("window.__cspViolations || []")
        return [*violations, *self.reports]


def crawl(watcher: Watcher, base: str, start: list[str], limit: int) -> tuple[dict[str, list[str]], int]:
    queue, seen, problems, visited = deque(start), set(start), {}, 0
    while queue and visited < limit:
        path = queue.popleft()
        if found := watcher.visit(base + path):
            problems[path] = found
        visited += 1
        hrefs = watcher.page.eval_on_selector_all("a[href]", "links => links.map((a) => a.getAttribute('href'))")
        for href in hrefs:
            link = follow(path, href)
            if link and link not in seen and link.count("/") <= 6:
                seen.add(link)
                queue.append(link)
    return problems, visited


def test_no_page_of_the_lifecycle_breaks_the_content_security_policy(demo, live_server, browser):
    problems, visited = {}, {}
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    page.set_default_timeout(20000)
    watcher = Watcher(page)
    found, visited["public"] = crawl(watcher, live_server.url, PUBLIC_PAGES, len(PUBLIC_PAGES))
    problems |= {f"public {path}": reports for path, reports in found.items()}
    context.close()
    for username in demo_logins():
        context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
        page = context.new_page()
        page.set_default_timeout(20000)
        watcher = Watcher(page)
        log_in(page, live_server, username, DEMO_PASSWORD)
        found, visited[username] = crawl(watcher, live_server.url, ["/"], PAGES_PER_ROLE)
        problems |= {f"{username} {path}": reports for path, reports in found.items()}
        context.close()
    assert problems == {}, visited
    assert all(count > 1 for count in visited.values()), visited


def test_the_watcher_sees_an_inline_script_refused(transactional_db, live_server, browser):
    """The check above can fail: an inline script added to a real page is refused and reported."""
    context = browser.new_context()
    page = context.new_page()
    watcher = Watcher(page)
    assert watcher.visit(f"{live_server.url}/accounts/login/") == []
    page.evaluate("() => document.body.append(Object.assign(document.createElement('script'), {textContent: '1'}))")
    page.wait_for_timeout(200)
    reported = page.evaluate("window.__cspViolations")
    context.close()
    assert reported and "script-src" in reported[0]
