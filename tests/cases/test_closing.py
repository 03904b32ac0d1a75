"""Closing, the centre's review, subsidies with the quality hook, archiving."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from cases import selectors, services
from cases.models import Case, CaseEvent, ClosingSubmission, Subsidy, SubsidyExtra
from legalaid.errors import DomainError
from tests.cases.factories import subsidy_standard

pytestmark = pytest.mark.django_db


def all_items(case):
    return [item.pk for item in selectors.checklist_items(case)]


def submit(case, lawyer, **overrides):
    fields = {
        "outcome": "arbitration_award",
        "case_end_date": date(2026, 3, 10),
        "recovered_amount": "23000.00",
        "checked_item_ids": all_items(case),
        "handling_report": "经仲裁，裁决用人单位支付拖欠工资二万三千元。",
    }
    fields.update(overrides)
    return services.closing_submit(case, actor=lawyer, **fields)


def test_checklist_follows_type_and_stage(labour_case):
    names = [item.name for item in selectors.checklist_items(labour_case)]
    assert "仲裁申请书或答辩书" in names and "辩护词或辩护意见" not in names


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"recovered_amount": "-5"}, "recovered_amount", "不能为负数"),
        ({"recovered_amount": "两万"}, "recovered_amount", "必须是数字"),
        ({"recovered_amount": "NaN"}, "recovered_amount", "必须是数字"),
        ({"recovered_amount": "1.005"}, "recovered_amount", "两位小数"),
        ({"case_end_date": date(2026, 3, 11)}, "case_end_date", "不能晚于今天"),
        ({"case_end_date": date(2026, 1, 1)}, "case_end_date", "不能早于受理日期"),
        ({"checked_item_ids": []}, "checklist", "结案材料不全，缺少：指派通知书"),
        ({"outcome": "acquittal"}, "outcome", "只适用于刑事案件"),
        ({"handling_report": " "}, "handling_report", "办案小结"),
    ],
)
def test_bad_closing_input_says_why_and_changes_nothing(labour_case, roster, overrides, field, message):
    with pytest.raises(DomainError, match=message) as caught:
        submit(labour_case, roster.senior_lawyer, **overrides)
    assert caught.value.field == field
    assert Case.objects.get(pk=labour_case.pk).status == Case.Status.ASSIGNED
    assert not ClosingSubmission.objects.exists()


def test_optional_items_may_be_left_out(labour_case, roster):
    required = [item.pk for item in selectors.checklist_items(labour_case) if item.is_required]
    submission = submit(labour_case, roster.senior_lawyer, checked_item_ids=required)
    unchecked = [row["name"] for row in submission.checklist if not row["checked"]]
    assert unchecked and all(name in ("代理意见", "法律援助案件质量监督卡(受援人填写后收回)") for name in unchecked)


def test_submit_return_resubmit_accept_compute_and_pay(labour_case, roster, alice, director):
    subsidy_standard(amount="1500.00")
    subsidy_standard(amount="1200.00", division_code="340000")  # the city's standard is nearer
    lawyer = roster.senior_lawyer
    # The signed agreement and power of attorney belong in the file; archiving checks they are there.
    services.case_handler_event_log(
        labour_case, actor=lawyer, kind=CaseEvent.Kind.AGREEMENT_SIGNED, text="签订委托代理协议", at=timezone.now()
    )
    submit(Case.objects.get(pk=labour_case.pk), lawyer)
    case = Case.objects.get(pk=labour_case.pk)
    assert case.status == Case.Status.CLOSING_SUBMITTED
    assert case.review_due == date(2026, 4, 9) and case.closing_due == date(2026, 4, 9)
    with pytest.raises(DomainError, match="写明需要补正"):
        services.closing_review(case, actor=alice, accept=False)
    services.closing_review(case, actor=alice, accept=False, note="缺少仲裁裁决书复印件")
    case.refresh_from_db()
    assert case.status == Case.Status.IN_PROGRESS and case.review_due is None
    submit(case, lawyer, recovered_amount="23000.50")
    services.closing_review(case, actor=alice, accept=True)
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    assert case.recovered_amount == Decimal("23000.50") and case.outcome == "arbitration_award"
    assert [c.status for c in case.closings.all()] == ["returned", "accepted"]
    subsidy = case.subsidy
    assert subsidy.amount == Decimal("1500.00") and subsidy.status == Subsidy.Status.COMPUTED
    assert subsidy.basis["standard"]["division_code"] == "340400"
    assert subsidy.period == date(2026, 3, 1) and subsidy.handler == lawyer

    with pytest.raises(DomainError, match="审批"):
        services.subsidy_mark_paid(subsidy, actor=alice, payment_reference="PZ-001")
    with pytest.raises(DomainError, match="权限"):
        services.subsidy_approve(subsidy, actor=alice)
    services.subsidy_approve(subsidy, actor=director)
    with pytest.raises(DomainError, match="凭证号"):
        services.subsidy_mark_paid(subsidy, actor=alice, payment_reference="")
    services.subsidy_mark_paid(subsidy, actor=alice, payment_reference="PZ-001")
    subsidy.refresh_from_db()
    assert subsidy.status == Subsidy.Status.PAID
    assert list(subsidy.transitions.values_list("to_status", flat=True)) == ["computed", "approved", "paid"]
    with pytest.raises(DomainError, match="已经发放"):
        services.subsidy_apply_quality_adjustment(case, actor=director, grade="fail", action="withhold")

    services.case_archive(case, actor=alice)
    assert Case.objects.get(pk=case.pk).status == Case.Status.ARCHIVED
    statuses = list(case.transitions.values_list("to_status", flat=True))
    assert statuses == [
        "accepted",
        "assigned",
        "in_progress",
        "closing_submitted",
        "in_progress",
        "closing_submitted",
        "closed",
        "archived",
    ]


def test_extras_and_quality_adjustment(labour_case, roster, alice, director):
    subsidy_standard(amount="1500.00")
    SubsidyExtra.objects.create(
        division_code="340422", kind="outside_region", amount="300.00", effective_from=date(2025, 1, 1)
    )
    submit(labour_case, roster.senior_lawyer, outside_region=True)
    services.closing_review(labour_case, actor=alice, accept=True)
    subsidy = Subsidy.objects.get(case=labour_case)
    assert (subsidy.base_amount, subsidy.extras_amount, subsidy.amount) == (
        Decimal("1500.00"),
        Decimal("300.00"),
        Decimal("1800.00"),
    )
    services.subsidy_approve(subsidy, actor=director)
    adjusted = services.subsidy_apply_quality_adjustment(
        labour_case, actor=director, grade="fail", action="reduce", percent=Decimal("50"), reason="案卷材料不全"
    )
    assert adjusted.amount == Decimal("900.00") and adjusted.quality_adjustment == Decimal("-900.00")
    assert adjusted.status == Subsidy.Status.COMPUTED and adjusted.approved_by is None  # approve again
    assert "不合格" not in adjusted.transitions.last().reason and "fail" in adjusted.transitions.last().reason
    withheld = services.subsidy_apply_quality_adjustment(labour_case, actor=director, grade="fail", action="withhold")
    assert withheld.amount == Decimal("0.00")
    with pytest.raises(DomainError, match="0 到 100"):
        services.subsidy_apply_quality_adjustment(
            labour_case, actor=director, grade="fail", action="reduce", percent=Decimal("120")
        )


def test_quality_hook_before_closing_is_refused(labour_case, director):
    with pytest.raises(DomainError, match="尚未结案审查通过"):
        services.subsidy_apply_quality_adjustment(labour_case, actor=director, grade="fail", action="withhold")


def test_missing_standard_computes_zero_and_recomputes_later(labour_case, roster, alice, director):
    submit(labour_case, roster.senior_lawyer)
    services.closing_review(labour_case, actor=alice, accept=True)
    subsidy = Subsidy.objects.get(case=labour_case)
    assert subsidy.amount == Decimal("0.00") and "未找到适用的补贴标准" in subsidy.basis["missing"]
    with pytest.raises(DomainError, match="未找到"):
        services.subsidy_approve(subsidy, actor=director)
    subsidy_standard(amount="1500.00")
    services.subsidy_recompute(subsidy, actor=alice)
    subsidy.refresh_from_db()
    assert subsidy.amount == Decimal("1500.00")


def test_terminated_case_closes_with_the_terminated_outcome(labour_case, roster, alice):
    services.case_terminate(labour_case, actor=alice, ground="own_counsel", reasons="受援人另行委托律师")
    with pytest.raises(DomainError, match="终止法律援助"):
        submit(labour_case, roster.senior_lawyer, case_end_date=date(2026, 3, 10))
    submit(labour_case, roster.senior_lawyer, outcome="terminated", case_end_date=date(2026, 3, 10))
    services.closing_review(labour_case, actor=alice, accept=False, note="补充终止决定书送达回证")
    assert Case.objects.get(pk=labour_case.pk).status == Case.Status.TERMINATED


def test_subsidy_list_per_handler_and_month(labour_case, roster, alice, charlie):
    subsidy_standard(amount="1500.00")
    submit(labour_case, roster.senior_lawyer)
    services.closing_review(labour_case, actor=alice, accept=True)
    rows, totals = selectors.subsidy_list(alice, period=date(2026, 3, 1), handler_id=roster.senior_lawyer.pk)
    assert [s.case for s in rows] == [labour_case] and totals["amount"] == Decimal("1500.00")
    assert selectors.subsidy_list(charlie)[1]["count"] == 0
    assert selectors.subsidy_list(roster.senior_lawyer)[1]["count"] == 1
    assert selectors.subsidy_list(roster.junior_lawyer)[1]["count"] == 0


def test_review_and_archive_rights(labour_case, roster, bob, alice):
    submit(labour_case, roster.senior_lawyer)
    with pytest.raises(DomainError, match="权限"):
        services.closing_review(labour_case, actor=bob, accept=True)
    with pytest.raises(DomainError, match="不能归档"):
        services.case_archive(labour_case, actor=alice)


@time_machine.travel("2026-03-10 09:30 +08:00", tick=False)
def test_only_the_handler_submits(labour_case, roster):
    with pytest.raises(DomainError, match="只有本案承办人"):
        submit(labour_case, roster.junior_lawyer)
