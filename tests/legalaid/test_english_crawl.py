"""Crawl the demo as each role with English chosen: no page fails, and no Chinese is left in the
interface.

The demo data is loaded once for the module by each app's own `<app>.demo.seed_demo()` (as the
`demo_data` command does), inside a transaction that is rolled back afterwards. Each demo login
then follows every link reachable from the home page: GET only, same host, breadth first, at most
MAX_PAGES pages per role. Not followed: /admin/ (Django's own, translated by Django), logout, the
language switch, and downloads (PDF, XLSX, exports, stored scans) — a download is not a page.

What counts as "Chinese in the interface" (the rule, decided here):
- Only pages in the site layout (`<main id="main">`) are read. Official documents (the printable
  forms and letters, their HTML previews) have no layout and stay Chinese by design.
- Read: the visible text and the text a user meets in attributes (title, alt, placeholder,
  aria-label), not scripts or styles.
- Not read: any element marked `lang="zh…"` (text that is Chinese on purpose, such as the name
  of the language in the footer's switch) or `data-user-data` (a template's way to say "what
  follows was typed by people"), with everything inside it.
- User data is allowed wherever it appears: a run of Chinese characters passes when it is a value
  stored in the database (any text field of any model, or a text inside a JSON snapshot), is made
  of such values put side by side (a surname and a given name), is a longer piece (6+ characters)
  of such a value (a truncated summary, one line of a long text), or is a one- or two-character
  fragment next to a mask `*` (a masked name).
Everything else in Chinese is an untranslated interface string.

Both checks are strict; the Chinese check's failure message lists the pages per app. A third check
finds links the pages show that the role may not follow (a 403 or 404 behind a link shown).
"""

import os
import re
from collections import Counter, defaultdict, deque
from html.parser import HTMLParser
from importlib import import_module
from importlib.util import find_spec
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.test import Client, override_settings
from django.utils import translation

# Marked so that pytest-django creates the test database; the crawl's data lives in the
# module fixture's own transaction, rolled back at its end.
pytestmark = pytest.mark.django_db

MAX_PAGES = int(os.environ.get("CRAWL_MAX_PAGES", "300"))  # per role; lower it for a quick local run
# The same view with other query strings: a few are enough (pages of a list, filters).
MAX_VARIANTS = 3
SKIP_PATH = re.compile(r"^/(admin|i18n|accounts/logout|static|media)/")
DOWNLOAD = re.compile(r"pdf|xlsx|csv|export|download|/print/|/documents/\d+/$|/attachments/\d+", re.IGNORECASE)
# Runs of Chinese characters: punctuation (、，。 …) separates runs, so a list of names or of
# categories joined by 、 is judged name by name.
CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
TEXT_ATTRIBUTES = ("title", "alt", "placeholder", "aria-label")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def seed_all_demos() -> None:
    for config in apps.get_app_configs():
        module_name = f"{config.name}.demo"
        if find_spec(module_name) is not None:
            import_module(module_name).seed_demo()


def demo_logins() -> list[str]:
    """One login per role: the first demo user of each role."""
    from legalaid.demo import DEMO_LOGINS

    seen, usernames = set(), []
    for username, _name, role, _organisation in DEMO_LOGINS:
        if role not in seen:
            seen.add(role)
            usernames.append(username)
    return usernames


def stored_texts() -> set[str]:
    """Every text stored in the database: the user data a page may show in any language."""
    texts: set[str] = set()

    def leaves(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from leaves(item)
        elif isinstance(value, list):
            for item in value:
                yield from leaves(item)

    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, (models.CharField, models.TextField)) and not field.choices:
                values = model._default_manager.values_list(field.attname, flat=True).distinct()
                texts.update(value.strip() for value in values if value and CJK_RUN.search(value))
            elif isinstance(field, models.JSONField):
                for value in model._default_manager.values_list(field.attname, flat=True):
                    texts.update(text.strip() for text in leaves(value) if CJK_RUN.search(text))
    return texts


class PageReader(HTMLParser):
    """Links, and the text a user reads, outside elements marked as Chinese or as user data."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.texts: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, hidden from the check)
        self.in_layout = False

    @property
    def hidden(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "main" and attrs.get("id") == "main":
            self.in_layout = True
        hidden = (
            self.hidden
            or tag in {"script", "style", "template"}
            or (attrs.get("lang") or "").lower().startswith("zh")
            or "data-user-data" in attrs
        )
        if not hidden:
            self.texts += [attrs[name] for name in TEXT_ATTRIBUTES if attrs.get(name)]
            if tag == "input" and attrs.get("type") in {"submit", "button"} and attrs.get("value"):
                self.texts.append(attrs["value"])
        if tag not in VOID:
            self.stack.append((tag, hidden))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.texts.append(data)


class UserData:
    """Decides whether a run of Chinese characters is user data (see the module's docstring)."""

    def __init__(self, texts: set[str]):
        self.exact = set(texts)
        for text in texts:  # a stored text is judged by the same runs as a page
            self.exact.update(CJK_RUN.findall(text))
        self.blob = "\x00".join(sorted(texts))
        self.longest = max((len(text) for text in self.exact), default=0)
        self.cache: dict[str, bool] = {}

    def allows(self, run: str, before: str, after: str) -> bool:
        if (before.endswith("*") or after.startswith("*")) and len(run) <= 2:
            return True
        if run not in self.cache:
            self.cache[run] = self._stored(run)
        return self.cache[run]

    def _stored(self, run: str) -> bool:
        if run in self.exact:
            return True
        if len(run) >= 6 and run in self.blob:
            return True
        return len(run) <= 60 and self._composed(run)

    def _composed(self, run: str) -> bool:
        reachable = [True] + [False] * len(run)
        for end in range(1, len(run) + 1):
            for start in range(max(0, end - self.longest), end):
                if reachable[start] and run[start:end] in self.exact:
                    reachable[end] = True
                    break
        return reachable[-1]


def untranslated(texts: list[str], data: UserData) -> list[str]:
    found = []
    for text in texts:
        for match in CJK_RUN.finditer(text):
            run = match.group(0)
            before, after = text[: match.start()], text[match.end() :]
            if not data.allows(run, before, after):
                found.append(run)
    return found


def crawl(client: Client, data: UserData) -> dict:
    queue: deque[str] = deque(["/"])
    seen = {"/"}
    variants: Counter = Counter()
    statuses: dict[str, int] = {}
    chinese: dict[str, list[str]] = {}
    while queue and len(statuses) < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        statuses[url] = response.status_code
        content_type = response.get("Content-Type", "")
        if response.status_code != 200 or not content_type.startswith("text/html"):
            continue
        reader = PageReader()
        reader.feed(response.content.decode())
        if reader.in_layout:
            runs = untranslated(reader.texts, data)
            if runs:
                chinese[url] = sorted(set(runs))
        for href in reader.links:
            link = follow(url, href)
            if link is None or link in seen:
                continue
            path = urlsplit(link).path
            if variants[path] >= MAX_VARIANTS:
                continue
            seen.add(link)
            variants[path] += 1
            queue.append(link)
    return {"statuses": statuses, "chinese": chinese}


def follow(page: str, href: str) -> str | None:
    """The same-host GET link to follow from `href`, or None."""
    if href.startswith(("mailto:", "tel:", "javascript:", "#")):
        return None
    absolute = urldefrag(urljoin("http://testserver" + page, href)).url
    parts = urlsplit(absolute)
    if parts.netloc != "testserver" or SKIP_PATH.match(parts.path) or DOWNLOAD.search(absolute):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.fixture(scope="module")
def crawl_results(django_db_setup, django_db_blocker, tmp_path_factory):
    from legalaid.models import User

    media = tmp_path_factory.mktemp("crawl-media")
    results = {}
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        seed_all_demos()
        data = UserData(stored_texts())
        for username in demo_logins():
            client = Client()
            client.force_login(User.objects.get(username=username))
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
            results[username] = crawl(client, data)
        transaction.set_rollback(True)
    translation.deactivate()
    return results


def test_reading_rules():
    """The rule on a small page: marked and stored texts pass, interface text does not."""
    page = (
        '<main id="main"><h1>Cases</h1><p>张三 · 寿县法律援助中心</p><p>王*</p>'
        '<option lang="zh-hans">简体中文</option><div data-user-data><p>任何文字</p></div>'
        '<p>请求给付赡养费、抚养费…</p><button title="保存">Save</button><p>待处理</p>'
        "<p>张三、寿县法律援助中心、王*</p></main>"
    )
    reader = PageReader()
    reader.feed(page)
    assert reader.in_layout
    data = UserData({"张", "三", "寿县法律援助中心", "请求给付赡养费、抚养费、扶养费"})
    assert sorted(untranslated(reader.texts, data)) == ["保存", "待处理"]


def _by_app(urls) -> dict[str, list[str]]:
    grouped = defaultdict(list)
    for url in urls:
        app = urlsplit(url).path.strip("/").split("/")[0] or "home"
        grouped[app].append(url)
    return dict(grouped)


def test_every_role_reaches_many_pages(crawl_results):
    for username, result in crawl_results.items():
        ok = [url for url, status in result["statuses"].items() if status == 200]
        assert len(ok) >= 5, (username, result["statuses"])


def test_no_link_leads_to_a_page_the_role_may_not_open(crawl_results):
    refused = {
        username: [f"{url} → {status}" for url, status in result["statuses"].items() if status in (403, 404)]
        for username, result in crawl_results.items()
    }
    assert {username: urls for username, urls in refused.items() if urls} == {}


def test_no_server_error_in_english(crawl_results):
    errors = {
        username: [url for url, status in result["statuses"].items() if status >= 500]
        for username, result in crawl_results.items()
    }
    assert {username: urls for username, urls in errors.items() if urls} == {}


def test_no_chinese_outside_user_data_in_english(crawl_results):
    pages: dict[str, list[str]] = defaultdict(list)
    runs: dict[str, Counter] = defaultdict(Counter)
    for username, result in crawl_results.items():
        for app, urls in _by_app(result["chinese"]).items():
            for url in urls:
                pages[app].append(f"{username} {url}")
                runs[app].update(result["chinese"][url])
    summary = "\n".join(
        f"{app}: {len(pages[app])} pages, e.g. {', '.join(pages[app][:3])}; "
        f"untranslated: {' | '.join(run for run, _n in runs[app].most_common(25))}"
        for app in sorted(pages)
    )
    assert not pages, "Chinese left in the English interface:\n" + summary
