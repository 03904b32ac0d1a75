"""No page runs more queries for more rows: every page of the URL conf that takes no argument (every list,
queue, board and search of the four apps, and the site's own lists) is requested with one round of rows
(tests/perf/rows.py) and with three, as the first of the centre's roles allowed on it; the query counts
must be equal.

Pages are found from the URL conf, not listed by hand, so a new list is checked the day it is added.
"""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from legalaid.roles import Role
from tests.factories import make_handler, make_member
from tests.perf.rows import World, add_round

# Not lists: forms, files, exports, sign-in and the public pages (their own tests cover them).
NOT_LISTS = re.compile(
    r"new|create|add|edit|export|download|pdf|xlsx|login|logout|password|public|rate|setup|two_factor|otp|health|robots|favicon|jsi18n|set_language|display|token|complaint_form|lookup"
)


def argument_free_pages() -> list[str]:
    """Names of the site's GET pages that take no argument, admin aside."""

    def plain(pattern) -> bool:
        return not pattern.pattern.converters and "(?P<" not in str(pattern.pattern)

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver) and pattern.namespace != "admin" and plain(pattern):
                yield from walk(
                    pattern.url_patterns, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                )
            elif isinstance(pattern, URLPattern) and pattern.name and plain(pattern):
                yield f"{namespace}{pattern.name}"

    return sorted({name for name in walk(get_resolver().url_patterns) if not NOT_LISTS.search(name.split(":")[-1])})


@pytest.fixture(autouse=True)
def no_session_refresh(settings):
    """The session's periodic refresh (one write per interval) would land on whichever page is measured when the
    interval passes, on a slow machine within this test."""
    settings.SESSION_REFRESH_INTERVAL = 10**10  # never: not even a force_login session, which carries no stamp


@pytest.fixture
def world(network, alice):
    handler = make_handler(network.law_firm)
    return World(network.centre, network.workstation, network.law_firm, alice, handler)


@pytest.fixture
def clients(network, alice, bob, world):
    people = [
        alice,
        make_member(network.centre, Role.CENTRE_DIRECTOR, username="perf_director"),
        make_member(network.centre, Role.SUPERVISOR, username="perf_supervisor"),
        world.handler,
        bob,
    ]
    made = []
    for user in people:
        client = Client()
        client.force_login(user)
        made.append(client)
    return made


def measure(clients, names) -> dict[str, tuple[int, int, list[str]]]:
    """Per page: (queries, bytes of the page, the statements) as the first client answered with a 200."""
    found = {}
    for name in names:
        url = reverse(name)
        for client in clients:
            cache.clear()  # cached fragments would hide the queries of the second request
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            if response.status_code == 200 and not response.get("Content-Disposition"):
                found[name] = (len(queries), len(response.content), [q["sql"] for q in queries.captured_queries])
                break
    return found


@pytest.mark.django_db
def test_no_page_runs_more_queries_for_more_rows(world, clients):
    names = argument_free_pages()
    # N = two rounds (every status has rows, so sections shown only when non-empty already show), 3N = six.
    for _ in range(2):
        add_round(world)
    once = measure(clients, names)
    for _ in range(4):
        add_round(world)
    thrice = measure(clients, names)

    grew = {name for name in once if thrice[name][1] > once[name][1]}
    print(f"\n{len(once)} pages, {len(grew)} showed more rows with 3N; made {world.made}")
    print(f"refused by the database: {world.refused}")
    more = {name: (once[name][0], thrice[name][0], _extra(once[name][2], thrice[name][2])) for name in once
            if thrice[name][0] != once[name][0]}  # fmt: skip
    assert not more, f"queries grew with the rows (N, 3N): {more}"
    # The lists really had rows to show: the pages of the lifecycle's lists grew.
    for must in ["cases:case_list", "intake:application_list", "intake:person_list", "intake:consultation_list"]:
        assert must in grew, must


def _extra(before: list[str], after: list[str]) -> list[str]:
    """The statements the page ran more often with more rows, literals blanked (what to prefetch)."""

    def shapes(sqls):
        counted = {}
        for sql in sqls:
            shape = re.sub(r"\b\d+\b|'[^']*'", "?", sql)[:160]
            counted[shape] = counted.get(shape, 0) + 1
        return counted

    first, then = shapes(before), shapes(after)
    return [shape for shape, count in then.items() if count > first.get(shape, 0)]


def test_every_list_page_is_found():
    names = argument_free_pages()
    for name in ["cases:case_list", "cases:deadline_board", "cases:my_cases", "intake:queue", "intake:person_list",
                 "eligibility:decision_queue", "eligibility:card_list", "supervision:queue", "supervision:cards",
                 "supervision:statistics_dashboard"]:  # fmt: skip
        assert name in names
    assert not any("create" in name or name.startswith("admin:") for name in names)


@pytest.mark.django_db
def test_no_page_writes_the_session_or_rereads_the_signed_in_user(world, clients):
    """The fixed cost of every list page: the session is not written again within its refresh interval,
    and the user's profile (with organisation) and permissions are read once each (legalaid.middleware)."""
    add_round(world)
    names = argument_free_pages()
    for client in clients:
        client.get(reverse("home"))  # the login's own session write is behind us
    found = measure(clients, names)
    writes = {name: [sql for sql in sqls if "django_session" in sql and not sql.startswith("SELECT")]
              for name, (_count, _size, sqls) in found.items()}  # fmt: skip
    assert not {name: sqls for name, sqls in writes.items() if sqls}
    # One user's profile, alone or with its organisation (the middleware's read): never twice on a page.
    one_profile = re.compile(r'FROM "legalaid_userprofile"( INNER JOIN "legalaid_organisation" ON \([^)]*\))? WHERE '
                             r'\(?"legalaid_userprofile"."user_id" =')  # fmt: skip
    for name, (_count, _size, sqls) in found.items():
        assert sum(bool(one_profile.search(sql)) for sql in sqls) <= 1, name
        assert sum('FROM "auth_permission"' in sql for sql in sqls) <= 1, name
