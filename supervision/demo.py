"""Demo data for supervision: quality rubrics for each case type, the policy,
and, on top of the cases demo, cards, follow-up visits, an assessment, a flag and a complaint.

Idempotent: every row is looked up before it is made, and the work on cases is done only once.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from legalaid.vocabulary import CaseType, CriminalStage

from .models import (
    DEFAULT_BANDS,
    Complaint,
    FollowUpVisit,
    GradeBand,
    QualityAssessment,
    QualityRubric,
    RubricItem,
    SupervisionCard,
    SupervisionPolicy,
)
from .statistics import demo as statistics_demo

BASIS = "参照省法律援助案件质量标准(刑事、民事、行政、劳动仲裁、非诉讼)"

# (measure, title, guidance, points) per rubric; each adds up to 100.
RUBRICS = {
    (CaseType.CRIMINAL, ""): [
        (
            "reliability",
            "承办人资质与案件相适应",
            "死刑、无期徒刑案件须有三年以上刑事辩护经历；未成年人案件须熟悉未成年人身心特点。",
            10,
        ),
        ("conduct", "及时会见犯罪嫌疑人、被告人", "指派后及时会见，告知权利义务，了解案情并制作会见笔录。", 15),
        ("conduct", "查阅、摘抄、复制案卷材料", "审查起诉和审判阶段全面阅卷，有阅卷笔录。", 15),
        ("effectiveness", "提出辩护意见", "每个诉讼阶段提出书面辩护意见，意见有事实和法律依据。", 25),
        ("timeliness", "按期办理各项手续", "按期签订委托手续、提交结案材料。", 10),
        ("conduct", "案卷材料完整规范", "卷内材料齐全、排列有序。", 15),
        ("satisfaction", "受援人评价", "回访和质量监督卡反映的满意度。", 10),
    ],
    (CaseType.CRIMINAL, CriminalStage.FIRST_INSTANCE): [
        ("reliability", "承办人资质与案件相适应", "死刑、无期徒刑案件须有三年以上刑事辩护经历。", 10),
        ("conduct", "会见和阅卷", "开庭前至少会见两次，全面阅卷。", 20),
        ("effectiveness", "出庭辩护", "按时出庭，举证质证充分，发表辩护意见。", 30),
        ("effectiveness", "书面辩护词", "庭后提交书面辩护词，辩护意见被采纳情况。", 15),
        ("timeliness", "按期办理各项手续", "按期提交结案材料。", 10),
        ("satisfaction", "受援人评价", "回访和质量监督卡反映的满意度。", 15),
    ],
    (CaseType.CIVIL, ""): [
        ("reliability", "承办人专业与案件相适应", "", 10),
        ("conduct", "告知权利义务和诉讼风险", "有风险告知书，受援人签字。", 10),
        ("effectiveness", "调查取证", "证据收集全面，必要时申请法院调取或保全。", 20),
        ("effectiveness", "代理意见和出庭", "按时出庭，代理意见有理有据。", 25),
        ("timeliness", "及时通报进展、按期结案归档", "", 15),
        ("conduct", "案卷材料完整规范", "", 10),
        ("satisfaction", "受援人评价", "", 10),
    ],
    (CaseType.ADMINISTRATIVE, ""): [
        ("reliability", "承办人专业与案件相适应", "", 10),
        ("conduct", "审查起诉期限和受案范围", "及时审查行政行为、起诉期限。", 15),
        ("effectiveness", "证据和法律依据", "", 25),
        ("effectiveness", "代理意见和出庭", "", 25),
        ("timeliness", "按期办理", "", 10),
        ("satisfaction", "受援人评价", "", 15),
    ],
    (CaseType.LABOUR_ARBITRATION, ""): [
        ("reliability", "承办人专业与案件相适应", "", 10),
        ("conduct", "先行调解", "简单案件先行调解，不影响仲裁时效。", 10),
        ("effectiveness", "劳动关系和欠薪、工伤证据", "考勤、工资条、证人证言等证据收集充分。", 25),
        ("effectiveness", "仲裁请求和代理意见", "", 25),
        ("timeliness", "仲裁时效和结案期限", "", 15),
        ("satisfaction", "受援人评价", "", 15),
    ],
    (CaseType.NON_LITIGATION, ""): [
        ("reliability", "承办人专业与事项相适应", "", 10),
        ("conduct", "了解事实、告知方案和风险", "", 20),
        ("effectiveness", "文书质量和协商、调解效果", "", 40),
        ("timeliness", "按期办结", "", 15),
        ("satisfaction", "受援人评价", "", 15),
    ],
}


def _say(stdout, text: str) -> None:
    if stdout:
        stdout.write(f"  {text}")


def seed_demo(stdout=None) -> None:
    with transaction.atomic():
        _rubrics()
        # No holiday rows: the official calendar comes from the library; `Holiday` rows are overrides only.
        SupervisionPolicy.objects.get_or_create(effective_from=date(2022, 1, 1))
    _say(stdout, f"质量标准 {QualityRubric.objects.count()} 套")
    _on_cases(stdout)
    statistics_demo.seed_demo(stdout)


def _rubrics() -> None:
    for (case_type, stage), items in RUBRICS.items():
        name = f"{CaseType(case_type).label}{'(' + CriminalStage(stage).label + ')' if stage else ''}案件质量标准"
        rubric, created = QualityRubric.objects.get_or_create(
            case_type=case_type,
            criminal_stage=stage,
            effective_from=date(2022, 1, 1),
            defaults={"name": name, "basis": BASIS},
        )
        if not created:
            continue
        for position, (measure, title, guidance, points) in enumerate(items, start=1):
            RubricItem.objects.create(
                rubric=rubric,
                position=position,
                measure=measure,
                title=title,
                guidance=guidance,
                max_points=Decimal(points),
            )
        for grade, minimum in DEFAULT_BANDS.items():
            GradeBand.objects.create(rubric=rubric, grade=grade, min_percent=minimum)


def _on_cases(stdout) -> None:
    from cases.models import Case
    from legalaid.models import User

    from . import services

    supervisor = User.objects.filter(username="supervisor").first()
    staff = User.objects.filter(username="staff").first()
    if supervisor is None or staff is None or not Case.objects.exists():
        return
    assigned = Case.objects.filter(handler__isnull=False, centre=supervisor.profile.organisation)
    for case in assigned:
        services.follow_ups_schedule_for_assignment(case)
        if not SupervisionCard.objects.filter(case=case, handler_id=case.handler_id).exists():
            services.card_issue(case.pk)
    services.follow_ups_schedule_due()
    if QualityAssessment.objects.exists():
        _say(
            stdout,
            f"监督卡 {SupervisionCard.objects.count()} 张，回访 {FollowUpVisit.objects.count()} 次(已有评查，跳过)",
        )
        return
    _stories(supervisor, staff, assigned)
    _say(
        stdout,
        f"监督卡 {SupervisionCard.objects.count()} 张，回访 {FollowUpVisit.objects.count()} 次，"
        f"评查 {QualityAssessment.objects.count()} 件，投诉 {Complaint.objects.count()} 件",
    )


def _stories(supervisor, staff, assigned) -> None:
    """One of each: a graded file, a visit that raised a flag, a returned card, a complaint."""
    from cases.models import Case

    from . import services

    today = timezone.localdate()
    closed = list(assigned.filter(status__in=(Case.Status.CLOSED, Case.Status.ARCHIVED)).order_by("closed_at")[:2])
    for case, percent in zip(closed, (Decimal("0.92"), Decimal("0.55")), strict=False):
        try:
            assessment = services.assessment_start(case, actor=supervisor)
        except Exception:  # a case type without a rubric, or outside the supervisor's centre
            continue
        scores = {
            item["id"]: ((Decimal(item["max_points"]) * percent).quantize(Decimal("0.5")), "")
            for item in assessment.rubric_snapshot["items"]
        }
        services.assessment_review_record(
            assessment, actor=supervisor, reviewer=supervisor, scores=scores, comment="卷宗材料基本齐全。"
        )
        services.assessment_finalise(assessment, actor=supervisor)

    handling = list(assigned.filter(status__in=Case.HANDLING).order_by("assigned_at")[:3])
    if handling:
        visit = FollowUpVisit.objects.filter(case=handling[0], status=FollowUpVisit.Status.SCHEDULED).first()
        if visit:
            services.follow_up_record(
                visit,
                actor=supervisor,
                channel="phone",
                result="reached",
                performed_on=today,
                contact_name=str(handling[0].parties.first() or ""),
                handler_contacted="yes",
                money="took",
                attended_hearing="n/a",
                satisfaction=2,
                comments="受援人称承办人收取了两百元“材料费”。",
            )
    if len(handling) > 1:
        card = SupervisionCard.objects.filter(case=handling[1]).first()
        if card and not hasattr(card, "response"):
            services.card_response_submit(
                card,
                actor=staff,
                satisfaction=5,
                handler_contacted="yes",
                attended_hearing="yes",
                money="no",
                comments="律师很负责。",
                submitted_on=today,
            )
    if len(handling) > 2:
        case = handling[2]
        services.complaint_register(
            actor=staff,
            centre=case.centre,
            case=case,
            target=Complaint.Target.HANDLER,
            complainant_kind=Complaint.ComplainantKind.AIDED_PERSON,
            complainant_name=str(case.parties.first() or "受援人"),
            complainant_phone="13905541234",
            channel=Complaint.Channel.PHONE,
            received_on=today - timedelta(days=3),
            summary="指派后二十多天承办人没有联系我，电话也打不通。",
        )
