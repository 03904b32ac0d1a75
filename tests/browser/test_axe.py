"""axe-core (vendored from npm, static/vendor/axe-core) in Chromium: no critical or serious WCAG 2.1 A/AA
violation on the public pages, at phone and desktop size and at phone size in the large display mode,
empty and after a failed submit; on every page each demo role reaches by following links from its
home page; and on the Django admin the administrator reaches (the index, each list, its add form and its first
record: every widget the project configures there, named by legalaid/admin_a11y.py and static/admin-a11y/).

The demo of every app is seeded once. Each role follows every link breadth first (same host, no
downloads, the crawl rules of tests/legalaid/test_english_crawl.py), each URL once, every kind of page
(a view with its query keys) on the first three records met: no list of pages, so that a page added
later is audited without anyone listing it. To keep the run short on a small machine there
is one browser, one page per role reused for all its URLs, axe injected once per loaded document, and
only the four rule tags wcag2a, wcag2aa, wcag21a and wcag21aa run. A failure names the page, the rule
and the first elements, so it can be fixed from the message alone.
"""

import os
import re
from collections import Counter, deque
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings as django_settings
from django.urls import Resolver404, resolve

from legalaid.demo import DEMO_PASSWORD
from tests.browser.conftest import log_in
from tests.legalaid.test_english_crawl import demo_logins, follow, seed_all_demos

pytestmark = pytest.mark.browser

# Pages of one kind (the same view with the same query keys, e.g. every case's page) differ by their record's
# data and state, not by their markup: each kind is audited on its first RECORDS_PER_KIND records the crawl meets,
# which keeps the audit of every kind of page within minutes where the demo's year of records has thousands.
RECORDS_PER_KIND = int(os.environ.get("AXE_RECORDS_PER_KIND", "3"))
# A guard against a crawl that never ends (a calendar's "next month" for ever), far above the real count.
PAGES_PER_ROLE = int(os.environ.get("AXE_PAGES_PER_ROLE", "2000"))
AXE = Path(django_settings.BASE_DIR) / "static" / "vendor" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING = {"critical", "serious"}
ADMINISTRATOR = "admin"  # the demo's system administrator, the one role with the admin site
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# The public forms (sent empty to see them with errors) and the public pages without a form.
PUBLIC_FORMS = [
    "/intake/apply/",
    "/intake/apply/status/",
    "/intake/consult/",
    "/supervision/complain/",
    "/supervision/r/",
]
PUBLIC_PAGES = ["/accounts/login/"]
RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => n.target.join(" ") + " — " + (n.failureSummary || "").split("\\n").slice(1, 2).join("")),
  }));
}"""


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    seed_all_demos()


AXE_SOURCE = AXE.read_text(encoding="utf-8")


def audit(page) -> list[str]:
    """The critical and serious violations on the page as loaded, one line each."""
    if not page.evaluate("typeof axe !== 'undefined'"):  # once per document (a navigation drops it)
        page.evaluate(AXE_SOURCE)  # through the DevTools protocol: no CSP exception needed
    found = page.evaluate(RUN, TAGS)
    return [
        f"{v['impact']} {v['id']} ({v['help']}): {len(v['nodes'])}× " + "; ".join(v["nodes"][:3])
        for v in found
        if v["impact"] in FAILING
    ]


def send_empty(page) -> None:
    """Submit the page's main form as it is, past the browser's own checks, as a careless user would."""
    with page.expect_navigation():
        page.evaluate(
            """() => {
              const form = document.querySelector("main form[method=post]");
              const button = form.querySelector("[type=submit]");
              form.noValidate = true;
              button ? form.requestSubmit(button) : form.submit();
            }"""
        )
    page.wait_for_load_state()


def new_page(browser, viewport):
    context = browser.new_context(
        locale="zh-CN", timezone_id="Asia/Shanghai", viewport=viewport, is_mobile=viewport is PHONE
    )
    page = context.new_page()
    page.set_default_timeout(20000)
    return context, page


def page_kind(path: str) -> tuple:
    """The view a path resolves to and the names of its query parameters: what makes two pages the same kind."""
    parts = urlsplit(path)
    try:
        view = resolve(parts.path).view_name
    except Resolver404:
        view = parts.path
    return view, tuple(sorted(parse_qs(parts.query, keep_blank_values=True)))


def crawl(page, base: str, limit: int) -> tuple[dict[str, list[str]], int]:
    queue, seen, problems, visited, kinds = deque(["/"]), {"/"}, {}, 0, Counter()
    while queue and visited < limit:
        path = queue.popleft()
        kind = page_kind(path)
        if kinds[kind] >= RECORDS_PER_KIND:
            continue
        kinds[kind] += 1
        page.goto(base + path, wait_until="load")
        if found := audit(page):
            problems[path] = found
        visited += 1
        hrefs = page.eval_on_selector_all("a[href]", "links => links.map((a) => a.getAttribute('href'))")
        for href in hrefs:
            link = follow(path, href)
            if link and DATED.search(link) and DATED.search(path):
                continue  # a calendar's next week from a week already paged to: it never ends
            if link and link not in seen:
                seen.add(link)
                queue.append(link)
    assert not queue, f"the crawl stopped at {limit} pages with {len(queue)} left, e.g. {list(queue)[:5]}"
    return problems, visited


# A query naming a date (?week=2026-11-30, ?month=2026-11): a calendar's paging. The crawl takes one
# step from the undated page (the previous and next week are audited) and no further.
DATED = re.compile(r"[?&][^=]+=\d{4}-\d{2}")
ADMIN_LIST = re.compile(r"^/admin/\w+/\w+/$")
ADMIN_RECORD = re.compile(r"^/admin/\w+/\w+/[^/]+/change/$")


def admin_problems(page, base: str) -> tuple[dict[str, list[str]], int]:
    """The admin index, each list the administrator may open, its add form and its first record: the
    forms hold every widget the admin shows (date and time, autocomplete, the two-pane choosers, tabular
    inlines), the lists their filters and editable rows. Not every record: a list's records share one form."""
    page.goto(base + "/admin/", wait_until="load")
    problems = {"/admin/": found} if (found := audit(page)) else {}
    hrefs = page.eval_on_selector_all("#content-main a[href]", "links => links.map((a) => a.getAttribute('href'))")
    lists = sorted({href for href in hrefs if ADMIN_LIST.match(href)})
    visited = 1
    for path in lists:
        page.goto(base + path, wait_until="load")
        records = [
            href
            for href in page.eval_on_selector_all("#result_list a[href]", "ls => ls.map((a) => a.getAttribute('href'))")
            if ADMIN_RECORD.match(href)
        ]
        # The list's own add button (the sidebar holds an add link for every model of the app).
        adds = page.eval_on_selector_all(
            ".object-tools a.addlink[href]", "links => links.map((a) => a.getAttribute('href'))"
        )
        for each in [path, *adds[:1], *records[:1]]:
            if each != path:
                page.goto(base + each, wait_until="load")
            if found := audit(page):
                problems[each] = found
            visited += 1
    assert "/admin/legalaid/user/" in lists, lists  # the administrator's own lists, at the least
    return problems, visited


def card_rating_path() -> str:
    from supervision.models import SupervisionCard

    card = SupervisionCard.objects.filter(response__isnull=True).order_by("pk").first()
    assert card is not None, "the demo has no card waiting for its rating"
    return f"/supervision/r/{card.return_code}/"


def public_problems(browser, base: str, viewport, large: bool = False) -> dict[str, list[str]]:
    context, page = new_page(browser, viewport)
    if large:  # the elderly-friendly mode, as the footer's button leaves it
        context.add_cookies([{"name": "legalaid_display", "value": "large", "url": base}])
    problems = {}
    for path in [*PUBLIC_FORMS, card_rating_path()]:
        page.goto(base + path, wait_until="load")
        if found := audit(page):
            problems[f"{path} empty"] = found
        if page.locator("main form[method=post]").count():
            send_empty(page)
            assert page.locator("[data-error-summary], .invalid-feedback, .alert-danger").count(), path
            if found := audit(page):
                problems[f"{path} with errors"] = found
    for path in PUBLIC_PAGES:
        page.goto(base + path, wait_until="load")
        if found := audit(page):
            problems[path] = found
    context.close()
    return problems


def test_no_critical_or_serious_violation(demo, live_server, browser):
    """One test, so that the demo is seeded once: the public pages at both sizes, then each role (and the
    administrator's admin site)."""
    problems, visited = {}, {}
    for name, viewport, large in (("phone", PHONE, False), ("desktop", DESKTOP, False), ("phone large", PHONE, True)):
        found = public_problems(browser, live_server.url, viewport, large)
        problems |= {f"public {name} {path}": lines for path, lines in found.items()}
    for username in demo_logins():
        context, page = new_page(browser, DESKTOP)
        log_in(page, live_server, username, DEMO_PASSWORD)
        found, visited[username] = crawl(page, live_server.url, PAGES_PER_ROLE)
        problems |= {f"{username} {path}": lines for path, lines in found.items()}
        if username == ADMINISTRATOR:
            found, visited["admin site"] = admin_problems(page, live_server.url)
            problems |= {f"{username} {path}": lines for path, lines in found.items()}
        context.close()
    report = "\n".join(f"{page}:\n  " + "\n  ".join(lines) for page, lines in problems.items())
    assert not problems, f"pages visited per role {visited}\n{report}"
    assert all(count > 1 for count in visited.values()), visited


def test_the_audit_finds_a_violation(transactional_db, live_server, browser):
    """The check above can fail: grey-on-white text added to a real page is reported."""
    context, page = new_page(browser, DESKTOP)
    page.goto(f"{live_server.url}/accounts/login/", wait_until="load")
    assert audit(page) == []
    grey = "<p style='color:#bbb'>看不清</p>"
    page.evaluate("(html) => document.querySelector('main').insertAdjacentHTML('beforeend', html)", grey)
    assert any("color-contrast" in line for line in audit(page))
    context.close()
