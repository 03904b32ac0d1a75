"""Every clock of every stage is on the deadline board, overdue first, each row linking to its action;
and the board, the work page and the home panels count each clock the same."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from cases.selectors import deadline_board
from eligibility.models import Objection
from intake.models import Application, Channel, Consultation, MaterialsNotice
from legalaid import figures
from legalaid.work.selectors import work_for_user
from supervision.models import Complaint, EnforcementWatch, FollowUpVisit
from tests.cases.factories import granted_application
from tests.factories import make_member

TODAY = date(2026, 3, 10)  # conftest NOW

BOARD_CLOCKS = {
    "application": "intake",
    "grant": "cases",
    "assignment": "cases",
    "agreement": "cases",
    "closing": "cases",
    "review": "cases",
    "cooperation": "cases",
    "objection": "eligibility",
    "notice": "intake",
    "call_back": "intake",
    "visit": "supervision",
    "complaint": "supervision",
    "enforcement": "supervision",
}


def test_every_clock_the_issue_names_is_registered_for_the_board():
    on_board = {figure.name for figure in figures.registered() if figure.board}
    assert set(BOARD_CLOCKS) <= on_board, sorted(set(BOARD_CLOCKS) - on_board)


@pytest.fixture
def clocks(frozen_now, network, alice, labour_case):
    """One overdue (or due-soon) record for each clock outside the cases stage."""
    yesterday = TODAY - timedelta(days=1)
    pending = granted_application(
        network, status=Application.Status.UNDER_REVIEW, decided_at=None, decision_due=yesterday
    )
    waiting = granted_application(network, status=Application.Status.AWAITING_MATERIALS, decided_at=None)
    notice = MaterialsNotice.objects.create(
        application=waiting,
        number="GZ-T-1",
        issued_by=alice,
        issuing_organisation=network.centre,
        due_date=TODAY + timedelta(days=2),
        resume_status=Application.Status.UNDER_REVIEW,
    )
    call_back = Consultation.objects.create(
        channel=Channel.objects.get(code="workstation"),
        organisation=network.centre,
        taken_by=alice,
        visitor_name="李四",
        visitor_phone="13900001111",
        question="欠薪如何申请援助？",
        call_back_due=timezone.now() - timedelta(hours=1),
    )
    objection = Objection.objects.create(
        kind=Objection.Kind.TERMINATION,
        centre=network.centre,
        subject_reference=labour_case.number,
        objector_name="赵六",
        grounds="不服终止决定",
        review_body="寿县司法局",
        filed_on=TODAY - timedelta(days=6),
        review_due=yesterday,
        filed_by=alice,
    )
    complaint = Complaint.objects.create(
        centre=network.centre,
        case=labour_case,
        target=Complaint.Target.CENTRE,
        complainant_kind=Complaint.ComplainantKind.PUBLIC,
        complainant_name="孙七",
        channel=Complaint.Channel.PHONE,
        received_on=TODAY - timedelta(days=10),
        summary="电话无人接听",
        accept_due=yesterday,
    )
    visit = FollowUpVisit.objects.create(
        case=labour_case,
        centre=network.centre,
        occasion=FollowUpVisit.Occasion.MANUAL,
        due_date=yesterday,
    )
    watch = EnforcementWatch.objects.create(
        case=labour_case,
        centre=network.centre,
        instrument=EnforcementWatch.Instrument.MEDIATION,
        instrument_number="(2024)皖0422民初1号",
        effective_on=date(2024, 3, 1),
        obligor="某建筑公司",
        total_amount=Decimal("23000.00"),
        performance_end=date(2024, 3, 20),
        limit_date=TODAY + timedelta(days=5),
        first_reminder_on=TODAY - timedelta(days=30),
        second_reminder_on=TODAY - timedelta(days=5),
        registered_by=alice,
    )
    return {
        "application": pending.number,
        "notice": notice.application.number,
        "call_back": call_back.display_name,
        "objection": objection.objector_name,
        "complaint": complaint.complainant_name,
        "visit": visit.case.number,
        "enforcement": watch.case.number,
    }


def _sections(board: dict) -> dict[str, dict]:
    return {section["kind"]: section for section in board["sections"]}


def test_the_board_shows_every_stages_clock_with_a_link_to_its_action(clocks, network, director, as_alice):
    sections = _sections(deadline_board(director))
    for kind, title in clocks.items():
        assert kind in sections, kind
        rows = [row for row in sections[kind]["rows"] if row.title == title]
        assert rows, (kind, title)
    assert sections["visit"]["overdue"] == sections["objection"]["overdue"] == 1
    assert sections["complaint"]["overdue"] == sections["application"]["overdue"] == 1
    assert sections["notice"]["overdue"] == 0 and sections["notice"]["total"] == 1
    html = as_alice.get(reverse("cases:deadline_board")).content.decode()
    for title in clocks.values():
        assert title in html


def test_the_board_page_shows_each_section_with_its_counts_rows_and_links_in_chinese_and_english(
    clocks, director, client
):
    """The page (its sections are a Jinja2 fragment) shows what the board computed: per section its count,
    its overdue badge, its rows linking to their action, or the line saying nothing is due."""
    client.force_login(director)
    sections = _sections(deadline_board(director))
    for language, overdue, nothing in (("zh-hans", "逾期 1", "无到期事项"), ("en", "1 overdue", "Nothing due")):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        html = client.get(reverse("cases:deadline_board")).content.decode()
        for kind, section in sections.items():
            start = html.index(f'data-testid="board-{kind}"')
            part = html[start : html.index("</section>", start)]
            assert f'data-total="{section["total"]}" data-overdue="{section["overdue"]}"' in part
            assert (overdue in part) == (section["overdue"] == 1), (language, kind)
            assert (nothing in part) == (not section["rows"]), (language, kind)
            for row in section["rows"]:
                assert escape(row.title) in part and (not row.url or f'<a href="{row.url}"' in part)


def test_overdue_sections_come_first(clocks, director):
    order = [(section["kind"], bool(section["overdue"])) for section in deadline_board(director)["sections"]]
    flags = [overdue for _kind, overdue in order]
    assert flags == sorted(flags, reverse=True), order
    assert order[0][1]


def test_each_row_links_only_to_a_page_its_user_may_open(clocks, network, director, supervisor, client):
    for user in (director, supervisor):
        client.force_login(user)
        for section in deadline_board(user)["sections"]:
            for row in section["rows"]:
                if row.url:
                    assert client.get(row.url).status_code == 200, (user.username, section["kind"], row.url)


def test_the_board_filter_by_organisation_keeps_its_clocks_and_drops_the_others(clocks, network, director):
    sections = _sections(deadline_board(director, organisation_id=network.other_centre.pk))
    assert all(section["total"] == 0 for section in sections.values())
    handler_only = _sections(deadline_board(director, handler_id=director.pk))
    assert "application" not in handler_only and "call_back" not in handler_only  # no handler there


def test_board_and_work_page_count_the_same(clocks, director, alice):
    for user in (director, alice):
        board = _sections(deadline_board(user))
        for section in work_for_user(user)["sections"]:
            if section["kind"] in board:
                assert (section["total"], section["overdue"]) == (
                    board[section["kind"]]["total"],
                    board[section["kind"]]["overdue"],
                ), section["kind"]


def test_an_outsider_sees_none_of_these_clocks(clocks, network):
    from legalaid.roles import Role

    outsider = make_member(network.other_centre, Role.CENTRE_DIRECTOR, username="outsider_director")
    sections = deadline_board(outsider)["sections"]
    assert all(section["total"] == 0 for section in sections)
