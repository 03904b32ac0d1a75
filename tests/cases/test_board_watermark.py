"""The grant clock reads only the grants since its watermark, and still finds every grant without a case;
the shared figures are counted once per request and a section costs as many queries whatever its rows."""

import dataclasses
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.models import GrantWatermark
from cases.selectors import applications_to_open, deadline_board
from cases.selectors.board.watermark import SAFETY, grant_watermark_advance
from cases.services import case_open_from_application
from legalaid import figures
from legalaid.kernel import SYSTEM, repairs
from legalaid.models import User, UserProfile
from tests.cases.factories import granted_application

pytestmark = pytest.mark.django_db


def grant_total(user) -> int:
    return figures.totals("grant", user)["total"]


def test_the_watermark_stops_at_the_oldest_grant_still_without_a_case(frozen_now, network, director):
    now = timezone.now()
    opened = granted_application(network, status_changed_at=now - timedelta(days=30))
    case_open_from_application(opened, actor=SYSTEM)
    waiting = granted_application(
        network, status_changed_at=now - timedelta(days=10), decided_at=now - timedelta(days=10)
    )
    assert grant_total(director) == 1  # no mark yet: every grant is read

    grant_watermark_advance()
    assert GrantWatermark.objects.get().since == waiting.status_changed_at
    assert grant_total(director) == 1

    case_open_from_application(waiting, actor=SYSTEM)
    grant_watermark_advance()
    assert GrantWatermark.objects.get().since == now - SAFETY
    assert grant_total(director) == 0


def test_a_grant_made_after_the_mark_is_on_the_clock(frozen_now, network, director):
    grant_watermark_advance()
    granted_application(network, decided_at=timezone.now() - timedelta(days=5))
    assert grant_total(director) == 1
    board = deadline_board(director)
    assert [section["total"] for section in board["sections"] if section["kind"] == "grant"] == [1]


def test_the_repair_sweep_keeps_the_mark(frozen_now):
    assert repairs.run_all()["cases.grant_watermark"] == 0
    assert GrantWatermark.objects.get().computed_at == timezone.now()


def test_within_a_request_each_figure_is_counted_once(frozen_now, network, director):
    granted_application(network)
    grant_total(director)  # the user's scope, read once and kept on the user
    with CaptureQueriesContext(connection) as outside:
        grant_total(director)
        grant_total(director)
    with figures.counted_once(), CaptureQueriesContext(connection) as inside:
        grant_total(director)
        grant_total(director)
    assert (len(outside), len(inside)) == (2, 1)


def counting(figure, built: list[str]):
    """The figure, noting in `built` each time its rows are built."""

    def rows(*args):
        built.append(figure.name)
        return figure.rows(*args)

    return dataclasses.replace(figure, rows=rows)


def test_a_count_statement_is_kept_for_the_next_request_until_its_key_changes(frozen_now, network, director):
    """The next page builds no empty figure again, yet counts what changed in between; a new grant clock
    mark (the grant figure's own read) or a new day builds it afresh."""
    now = timezone.now()
    granted_application(network, decided_at=now - timedelta(days=5))
    today = timezone.localdate()
    built = []
    grant, assignment = counting(figures.get("grant"), built), counting(figures.get("assignment"), built)

    def totals(user, day=today) -> list[int]:
        shown = figures.sections([grant, assignment], user, today=day, horizon=figures.horizon_for(day), limit=0)
        return [section["total"] for section in shown]

    assert totals(director) == [1, 0] and built == ["grant", "assignment"]
    granted_application(network, decided_at=now - timedelta(days=1))
    assert totals(User.objects.get(pk=director.pk)) == [2, 0] and built == ["grant", "assignment"]
    grant_watermark_advance()
    assert totals(User.objects.get(pk=director.pk)) == [2, 0] and built == ["grant", "assignment", "grant"]
    tomorrow = today + timedelta(days=1)
    assert totals(User.objects.get(pk=director.pk), tomorrow) == [2, 0] and built[3:] == ["grant", "assignment"]


def test_a_kept_count_statement_follows_the_user_to_another_centre(frozen_now, network, director):
    """The key of a kept statement is the user's scope: moved to another county's centre, the director's
    next page counts that centre's grants, not the statement kept for their old one."""
    granted_application(network, decided_at=timezone.now() - timedelta(days=5))
    assert grant_total(director) == 1
    UserProfile.objects.filter(user=director).update(organisation=network.other_centre)
    assert grant_total(User.objects.get(pk=director.pk)) == 0
    UserProfile.objects.filter(user=director).update(organisation=network.centre)
    assert grant_total(User.objects.get(pk=director.pk)) == 1


def test_a_figure_counted_earlier_in_the_request_is_built_again_only_to_show_its_rows(frozen_now, network, director):
    """The home page's panels share figures: the deadlines panel (counts alone) builds none that the work
    panel counted, and a later section builds a known figure only when it has rows to show."""
    granted_application(network, decided_at=timezone.now() - timedelta(days=5))
    today = timezone.localdate()
    horizon = figures.horizon_for(today)
    built = []
    grant, assignment = counting(figures.get("grant"), built), counting(figures.get("assignment"), built)
    with figures.counted_once():
        first = figures.sections([grant, assignment], director, today=today, horizon=horizon, limit=5)
        assert built == ["grant", "assignment"]
        with CaptureQueriesContext(connection) as counts_only:
            again = figures.sections([grant, assignment], director, today=today, horizon=horizon, limit=0)
        assert built == ["grant", "assignment"] and len(counts_only) == 0
        shown = figures.sections([grant, assignment], director, today=today, horizon=horizon, limit=5)
        assert built == ["grant", "assignment", "grant"]  # the empty one is not built again
    totals = [(section["kind"], section["total"]) for section in first]
    assert totals == [(section["kind"], section["total"]) for section in again] == [("grant", 1), ("assignment", 0)]
    assert [len(section["rows"]) for section in shown] == [len(section["rows"]) for section in first] == [1, 0]


def test_a_section_is_one_count_and_its_rows(frozen_now, network, director):
    granted_application(network, decided_at=timezone.now() - timedelta(days=5))
    figure = figures.get("grant")
    today = timezone.localdate()
    horizon = figures.horizon_for(today)
    figures.sections([figure], director, today=today, horizon=horizon, limit=5)  # scope and permissions, kept
    with CaptureQueriesContext(connection) as small:
        [section] = figures.sections([figure], director, today=today, horizon=horizon, limit=5)
    assert (section["total"], section["overdue"], len(section["rows"])) == (1, 1, 1)
    with CaptureQueriesContext(connection) as full:
        [section] = figures.sections([figure], director, today=today, horizon=horizon, limit=1)
    assert (section["total"], section["overdue"], len(section["rows"])) == (1, 1, 1)
    assert len(small) == len(full) == 2  # the set counted, then its first rows


def test_the_cases_to_open_page_reads_only_the_grants_since_the_mark(frozen_now, network, director):
    """待立案 and the grant clock read the same range: a grant before the mark is not read at all (the
    repair never puts the mark past a grant still without its case, so none is missed)."""
    now = timezone.now()
    waiting = granted_application(network, status_changed_at=now - timedelta(days=2))
    grant_watermark_advance()
    assert [a.pk for a in applications_to_open(director)] == [waiting.pk]

    GrantWatermark.objects.filter(pk=1).update(since=now - timedelta(days=1))  # as if it had been opened
    director = User.objects.get(pk=director.pk)  # the next request: the mark is read once a request
    assert list(applications_to_open(director)) == []
    assert grant_total(director) == 0
