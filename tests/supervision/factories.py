"""Factories for supervision tests: rubrics, assigned and closed cases (through the cases services)."""

from datetime import date
from decimal import Decimal

from cases import selectors as case_selectors
from cases import services as case_services
from cases.models import Case
from legalaid.vocabulary import CaseType
from supervision.models import GradeBand, QualityRubric, RubricItem
from supervision.models.quality import DEFAULT_BANDS
from tests.cases.factories import granted_application

ITEMS = [
    ("reliability", "承办人资质与案件相适应", 10),
    ("conduct", "及时会见、约见受援人并告知权利义务和风险", 20),
    ("timeliness", "按期签订委托协议、提交结案材料", 20),
    ("effectiveness", "代理意见、证据收集充分，维护受援人合法权益", 40),
    ("satisfaction", "受援人满意", 10),
]


def make_rubric(case_type=CaseType.LABOUR_ARBITRATION, *, stage="", bands=None, name=None, **extra) -> QualityRubric:
    rubric = QualityRubric.objects.create(
        name=name or f"{CaseType(case_type).label}案件质量标准", case_type=case_type, criminal_stage=stage, **extra
    )
    for position, (measure, title, points) in enumerate(ITEMS, start=1):
        RubricItem.objects.create(
            rubric=rubric, position=position, measure=measure, title=title, max_points=Decimal(points)
        )
    for grade, minimum in (bands or DEFAULT_BANDS).items():
        GradeBand.objects.create(rubric=rubric, grade=grade, min_percent=minimum)
    return rubric


def scores(rubric_or_assessment, percent: int) -> dict[int, tuple]:
    """Points for every item at `percent` of its maximum."""
    items = (
        rubric_or_assessment.rubric_snapshot["items"]
        if hasattr(rubric_or_assessment, "rubric_snapshot")
        else [{"id": i.pk, "max_points": str(i.max_points)} for i in rubric_or_assessment.items.all()]
    )
    return {item["id"]: (Decimal(item["max_points"]) * percent / 100, "") for item in items} if items else {}


def assigned_case(network, *, actor, handler, name="张建国", **application) -> Case:
    case = case_services.case_open_from_application(granted_application(network, name=name, **application), actor=actor)
    case_services.case_assign(case, actor=actor, handler=handler, reason="擅长劳动争议")
    case.refresh_from_db()
    return case


def close_case(case: Case, *, handler, reviewer, end: date) -> Case:
    """Submit and accept the closing (the subsidy is computed; a standard must exist)."""
    case_services.closing_submit(
        case,
        actor=handler,
        outcome="arbitration_award",
        case_end_date=end,
        recovered_amount="23000.00",
        checked_item_ids=[item.pk for item in case_selectors.checklist_items(case)],
        handling_report="经仲裁，裁决用人单位支付拖欠工资。",
    )
    case_services.closing_review(Case.objects.get(pk=case.pk), actor=reviewer, accept=True)
    return Case.objects.get(pk=case.pk)
