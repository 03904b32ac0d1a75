"""Figures a director can trust: on the demo data, every page that shows a shared figure shows the same
number for the same user, and no duration in the statistics is negative.

The demo is seeded once for the module (each app's own `seed_demo()`, as the `demo_data` command
does) inside a transaction rolled back at the end. Each demo login then opens the pages that show
figures — the home page (its panels), 我的待办, the deadline board and the supervision overview — and
every element marked `data-figure="<name>"` is read with its `data-total` and `data-overdue`. A figure
that two pages count differently fails the test, naming the pages and the numbers.
"""

from collections import defaultdict
from datetime import date
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from legalaid.figures import _count_sql as count_sql
from legalaid.figures import horizon_for, may_see, registered
from legalaid.selectors import scope_key
from tests.legalaid.test_english_crawl import demo_logins, seed_all_demos

pytestmark = pytest.mark.django_db

PAGES = [("home", "home"), ("work", "work"), ("board", "cases:deadline_board"), ("supervision", "supervision:index")]
# Every clock the issue names must be a section of the board (and so counted as a figure).
BOARD_CLOCKS = {
    "application",
    "grant",
    "assignment",
    "agreement",
    "closing",
    "review",
    "cooperation",
    "objection",
    "notice",
    "call_back",
    "visit",
    "complaint",
    "enforcement",
}


class FigureReader(HTMLParser):
    """Collects (figure, "total"/"overdue") -> value from elements marked `data-figure`."""

    def __init__(self):
        super().__init__()
        self.values: dict[tuple[str, str], int] = {}

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        name = found.get("data-figure")
        if not name:
            return
        for key in ("total", "overdue"):
            if found.get(f"data-{key}") not in (None, ""):
                self.values[(name, key)] = int(found[f"data-{key}"])


def read_figures(html: str) -> dict[tuple[str, str], int]:
    reader = FigureReader()
    reader.feed(html)
    return reader.values


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """Per demo login: each page's HTML and figures, the board's sections, the work page's rows' links,
    and the duration indicators of every stored statistics report."""
    from legalaid.models import User
    from supervision.models.statistics import StatisticsReport

    results = {"pages": {}, "links": {}, "durations": [], "statistics_panel": "", "direct": {}, "reads_while_built": {}}
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("figures-media")),
        transaction.atomic(),
    ):
        translation.activate(settings.LANGUAGE_CODE)
        seed_all_demos()
        for username in demo_logins():
            client = Client()
            client.force_login(User.objects.get(username=username))
            pages = {}
            for label, name in PAGES:
                response = client.get(reverse(name))
                if response.status_code == 200:
                    pages[label] = response.content.decode()
                else:
                    assert response.status_code == 403, (username, label, response.status_code)
            results["pages"][username] = pages
            results["direct"][username] = _direct_counts(User.objects.get(username=username))
            results["reads_while_built"][username] = _reads_while_built(User.objects.get(username=username))
            # Every next-action link on the work page opens for this user.
            links = _row_links(pages.get("work", ""))
            results["links"][username] = {url: client.get(url).status_code for url in links}
        for report in StatisticsReport.objects.all():
            for unit in report.figures.get("values", {}).values():
                results["durations"] += [(key, value) for key, value in unit.items() if key.endswith("_days")]
        transaction.set_rollback(True)
    translation.deactivate()
    return results


def _direct_counts(user) -> dict[tuple[str, str], int]:
    """Each board figure the user may see, counted on its own as plainly as can be (no shared query)."""
    today = timezone.localdate()
    horizon = horizon_for(today)
    counted = {}
    for figure in registered():
        if not figure.board or not may_see(figure, user):
            continue
        rows = figure.rows(user, today, horizon).order_by()
        counted[(figure.name, "total")] = len(list(rows))
        counted[(figure.name, "overdue")] = len(list(rows.filter(figure.overdue(today)))) if figure.overdue else 0
    return counted


def _reads_while_built(user) -> dict[str, list[str]]:
    """The statements each figure's count runs while it is built, once the user's scope and the figure's
    own reads are known: a value read there would be kept in the count statement (legalaid.figures keeps
    one per user and day) after it changed."""
    today = timezone.localdate()
    horizon = horizon_for(today)
    scope_key(user)
    found = {}
    for figure in registered():
        if figure.reads:
            figure.reads(user)
        with CaptureQueriesContext(connection) as captured:
            count_sql(figure, figure.rows(user, today, horizon), today)
        if captured.captured_queries:
            found[figure.name] = [query["sql"] for query in captured.captured_queries]
    return found


def _row_links(html: str) -> list[str]:
    class Links(HTMLParser):
        def __init__(self):
            super().__init__()
            self.in_row, self.urls = False, []

        def handle_starttag(self, tag, attrs):
            found = dict(attrs)
            if tag == "tr" and found.get("data-testid") == "work-row":
                self.in_row = True
            elif tag == "a" and self.in_row and found.get("href"):
                self.urls.append(found["href"])

        def handle_endtag(self, tag):
            if tag == "tr":
                self.in_row = False

    parser = Links()
    parser.feed(html)
    return sorted(set(parser.urls))


def test_each_figure_is_the_same_on_every_page(demo):
    differing = []
    shown_twice = 0
    for username, pages in demo["pages"].items():
        seen: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
        for label, html in pages.items():
            for key, value in read_figures(html).items():
                seen[key][label] = value
        for (name, kind), by_page in sorted(seen.items()):
            shown_twice += len(by_page) > 1
            if len(set(by_page.values())) > 1:
                differing.append(f"{username}: {name} {kind} {by_page}")
    assert not differing, "figures that differ between pages:\n" + "\n".join(differing)
    assert shown_twice, "no figure is shown on two pages: the comparison compared nothing"


def test_the_director_sees_each_figure_on_home_work_and_board(demo):
    pages = demo["pages"]["director"]
    home, work, board = (read_figures(pages[label]) for label in ("home", "work", "board"))
    for name in {name for name, _kind in work} & BOARD_CLOCKS:
        assert work[(name, "total")] == board[(name, "total")] == home[(name, "total")], name


def test_the_boards_one_count_query_gives_each_figure_counted_alone(demo):
    """The board counts all its sections in one query (a union of aggregates): every section's total and
    overdue count equal the figure's rows counted on their own, for every demo login."""
    for username, pages in demo["pages"].items():
        if "board" not in pages:
            continue
        board = read_figures(pages["board"])
        direct = demo["direct"][username]
        shown = {key: value for key, value in board.items() if key in direct}
        assert shown == direct, username
        assert any(value for (name, kind), value in direct.items() if kind == "total"), username


def test_a_figure_s_count_statement_is_made_of_its_key_alone(demo):
    """Every role's figures are built from the user's scope, the day and the figure's declared reads
    (Figure.reads) alone: the statement kept for that key is the one a fresh build would give."""
    assert {user: reads for user, reads in demo["reads_while_built"].items() if reads} == {}
    assert len(demo["reads_while_built"]) == len(demo_logins())


def test_every_clock_is_on_the_board(demo):
    for username in ("director", "staff", "supervisor"):
        on_board = {name for name, _kind in read_figures(demo["pages"][username]["board"])}
        expected = {"application", "grant", "assignment", "agreement", "closing", "review", "visit", "enforcement"}
        expected |= {"objection", "cooperation", "complaint"} if username != "supervisor" else {"complaint"}
        assert expected <= on_board, (username, sorted(expected - on_board))


def test_board_puts_overdue_sections_first(demo):
    html = demo["pages"]["director"]["board"]
    figures = read_figures(html)
    order = _section_order(html)
    overdue = [bool(figures.get((name, "overdue"))) for name in order]
    assert overdue == sorted(overdue, reverse=True), order


def _section_order(html: str) -> list[str]:
    class Sections(HTMLParser):
        def __init__(self):
            super().__init__()
            self.names = []

        def handle_starttag(self, tag, attrs):
            found = dict(attrs)
            if tag == "section" and found.get("data-figure"):
                self.names.append(found["data-figure"])

    parser = Sections()
    parser.feed(html)
    return parser.names


def test_every_role_has_work_and_each_next_action_opens(demo):
    for username in ("director", "staff", "supervisor", "clerk", "lawyer"):
        assert "work" in demo["pages"][username], username
        assert 'data-testid="panel-work"' in demo["pages"][username]["home"], username
    refused = {
        user: codes for user, links in demo["links"].items() if (codes := {u: c for u, c in links.items() if c != 200})
    }
    assert not refused, refused
    assert sum(len(links) for links in demo["links"].values()) > 10


def test_the_directors_statistics_panel_shows_the_stored_report(demo):
    home = demo["pages"]["director"]["home"]
    assert 'data-testid="statistics-summary"' in home
    assert 'data-testid="statistics-summary-missing"' not in home


def test_no_duration_is_negative(demo):
    assert demo["durations"], "the demo filed no report with a duration"
    negative = [(key, value) for key, value in demo["durations"] if value is not None and value < 0]
    assert not negative, negative


def test_the_statistics_panel_falls_back_to_the_latest_filed_month(network, client):
    """Early in a month last month may not be filed yet: the panel shows the latest month that is."""
    import time_machine

    from legalaid.roles import Role
    from supervision.statistics import periods, services
    from tests.factories import make_member

    director = make_member(network.centre, Role.CENTRE_DIRECTOR, username="figures_director")
    client.force_login(director)
    with time_machine.travel("2026-03-10 10:00 +08:00", tick=False):
        services.monthly_reports_generate(date(2026, 1, 1))
        html = client.get(reverse("home")).content.decode()
    assert 'data-testid="statistics-summary"' in html and "statistics-summary-missing" not in html
    assert periods.month(date(2026, 1, 1)).label in html
