"""Every status change of every cases record leaves an attributed history row, through the kernel.

Cases and subsidies keep their own tables (CaseTransition, SubsidyTransition); handler changes,
terminations, closing submissions and cooperation requests are recorded in `legalaid.StatusChange`.
Automatic work appears as the system.
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases import selectors, services
from cases.models import ClosingChecklistItem, CooperationRequest, SubsidyStandard, Termination
from legalaid.kernel import SYSTEM, history_rows
from legalaid.kernel.actors import ActorKind
from tests.cases.factories import subsidy_standard

pytestmark = pytest.mark.django_db


def moves(obj) -> list[tuple[str, str, str]]:
    """(from, to, who) of every history row of `obj`, oldest first."""
    return [(row.from_status, row.to_status, row.actor_display) for row in history_rows(obj)]


def test_handler_change_and_termination_leave_history(labour_case, roster, alice):
    lawyer = roster.senior_lawyer
    change = services.handler_change_request(labour_case, actor=lawyer, requested_by="handler", reasons="工作调动")
    report = services.termination_report(labour_case, actor=lawyer, ground="own_counsel", facts="受援人自行委托律师")
    termination = services.case_terminate(labour_case, actor=alice, ground="own_counsel", reasons="核实属实")

    assert termination.pk == report.pk
    assert moves(termination) == [("", "reported", str(lawyer)), ("reported", "terminated", str(alice))]
    assert moves(change) == [("", "pending", str(lawyer)), ("pending", "declined", str(alice))]
    labour_case.refresh_from_db()
    last = labour_case.transitions.last()
    assert (last.from_status, last.to_status, last.actor_id) == ("assigned", "terminated", alice.pk)
    assert last.to_label == "已终止"


def test_a_termination_found_by_the_centre_is_recorded_as_decided(labour_case, alice):
    termination = services.case_terminate(labour_case, actor=alice, ground="means_changed", reasons="经济状况好转")
    assert termination.status == Termination.Status.TERMINATED
    assert moves(termination) == [("", "terminated", str(alice))]


def test_closing_and_subsidy_leave_history(labour_case, roster, alice, director):
    subsidy_standard(amount="1500.00")
    lawyer = roster.senior_lawyer
    submission = services.closing_submit(
        labour_case,
        actor=lawyer,
        outcome="arbitration_award",
        case_end_date=date(2026, 3, 10),
        recovered_amount="0",
        checked_item_ids=[item.pk for item in selectors.checklist_items(labour_case)],
        handling_report="仲裁裁决支持全部请求",
    )
    services.closing_review(labour_case, actor=alice, accept=True)
    subsidy = labour_case.subsidy
    services.subsidy_apply_quality_adjustment(
        labour_case, actor=SYSTEM, grade="fail", action="reduce", percent=Decimal("10")
    )
    services.subsidy_approve(subsidy, actor=director)
    services.subsidy_mark_paid(subsidy, actor=alice, payment_reference="PZ-1")

    assert moves(submission) == [("", "pending", str(lawyer)), ("pending", "accepted", str(alice))]
    rows = list(subsidy.transitions.order_by("at", "pk"))
    assert [(r.from_status, r.to_status) for r in rows] == [
        ("", "computed"),
        ("computed", "computed"),
        ("computed", "approved"),
        ("approved", "paid"),
    ]
    assert rows[1].actor_kind == ActorKind.SYSTEM and rows[1].actor_display == "系统"
    assert "1500.00 元 → 1350.00 元" in rows[1].reason
    assert [r.actor_id for r in rows[2:]] == [director.pk, alice.pk]


def test_cooperation_requests_leave_history(network, alice):
    cooperation = services.cooperation_request_create(
        actor=alice,
        centre=network.centre,
        direction="incoming",
        kind="hardship_proof",
        request="请协助出具经济困难证明",
        due_date=timezone.localdate() + timedelta(days=10),
        counterpart_name="凤台县法律援助中心",
    )
    services.cooperation_answer(cooperation, actor=alice, status="answered", answer="证明已寄出")
    assert moves(cooperation) == [("", "open", str(alice)), ("open", "answered", str(alice))]
    assert history_rows(cooperation).last().to_label == CooperationRequest.Status.ANSWERED.label


def test_automatic_events_reach_the_timeline_as_the_system(labour_case):
    event = services.case_event_record(labour_case, actor=SYSTEM, kind="follow_up", text="受援人在线评价：满意")
    assert event.actor_id is None and event.actor_kind == ActorKind.SYSTEM
    timeline = selectors.case_timeline(labour_case)
    assert timeline[-1]["actor"] == "系统" and timeline[0]["title"] == "— → 已受理待指派"


def test_rule_tables_are_effective_dated(labour_case):
    subsidy_standard(amount="1500.00", effective_to=date(2025, 12, 31))
    overlapping = SubsidyStandard(
        division_code="340400", case_type="labour_arbitration", amount="1600.00", effective_from=date(2025, 6, 1)
    )
    with pytest.raises(ValidationError):
        overlapping.full_clean()
    later = SubsidyStandard(
        division_code="340400", case_type="labour_arbitration", amount="1600.00", effective_from=date(2026, 1, 1)
    )
    later.full_clean()
    later.save()
    assert list(SubsidyStandard.objects.in_force(date(2026, 3, 10))) == [later]

    item = ClosingChecklistItem.objects.filter(case_type="").first()
    item.effective_to = date(2026, 3, 9)
    item.save()
    assert item not in selectors.checklist_items(labour_case, on=date(2026, 3, 10))
    assert item in selectors.checklist_items(labour_case, on=date(2026, 3, 9))
