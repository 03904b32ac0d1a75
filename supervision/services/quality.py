"""Quality assessment of closed files: one evaluation per file, one or two reviewers, a grade
by the rubric's bands, and the failed-file subsidy rule applied through the cases app."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import services as case_services
from cases.models import Case
from cases.selectors import cases_for_user
from legalaid.kernel import DomainError, locked, record_transition, require_permission, transition
from legalaid.models import Organisation

from ..models import (
    DEFAULT_BANDS,
    ItemScore,
    QualityAssessment,
    QualityGrade,
    QualityReview,
    QualityRubric,
    SupervisionPolicy,
)
from .common import CLOSED_STATUSES, local_date, policy, require_case_scope, timeline, today

TWO_PLACES = Decimal("0.01")
SAMPLE_MAX = 200


def rubric_snapshot(rubric: QualityRubric) -> dict:
    items = list(rubric.items.all())
    bands = list(rubric.bands.all())
    return {
        "rubric": rubric.name,
        "effective_from": rubric.effective_from.isoformat(),
        "items": [
            {
                "id": item.pk,
                "position": item.position,
                "measure": item.get_measure_display(),
                "title": item.title,
                "guidance": item.guidance,
                "max_points": str(item.max_points),
            }
            for item in items
        ],
        "bands": [{"grade": band.grade, "min_percent": str(band.min_percent)} for band in bands],
        "max_total": str(sum((item.max_points for item in items), Decimal("0"))),
    }


def grade_for(snapshot: dict, percent: Decimal) -> str:
    bands = sorted(((Decimal(b["min_percent"]), b["grade"]) for b in snapshot.get("bands", [])), reverse=True)
    if not bands:
        bands = sorted(((minimum, grade) for grade, minimum in DEFAULT_BANDS.items()), reverse=True)
    for minimum, grade in bands:
        if percent >= minimum:
            return grade
    return QualityGrade.FAIL


def assessment_start(case: Case, *, actor, mode: str = QualityAssessment.Mode.ROUTINE) -> QualityAssessment:
    """Open the one quality evaluation of a closed file, against the rubric in force when it closed."""
    require_permission(actor, "supervision.assess_quality")
    with transaction.atomic():
        case = locked(case)
        require_case_scope(actor, case)
        if case.status not in CLOSED_STATUSES:
            raise DomainError(_("案件 %(number)s 尚未结案，结案后才能评查质量。") % {"number": case.number})
        if QualityAssessment.objects.filter(case=case).exists():
            raise DomainError(_("案件 %(number)s 已有质量评查(一案一评)。") % {"number": case.number})
        if case.handler_id is None:
            raise DomainError(_("案件 %(number)s 没有承办人，无法评查。") % {"number": case.number})
        on = local_date(case.closed_at) or today()
        rubric = QualityRubric.for_case(case.case_type, case.criminal_stage, on)
        if rubric is None or not rubric.items.exists():
            raise DomainError(
                _("没有适用于%(type)s案件的质量标准，请管理员先在后台配置。") % {"type": case.get_case_type_display()}
            )
        assessment = QualityAssessment.objects.create(
            case=case,
            centre_id=case.centre_id,
            handler_id=case.handler_id,
            handler_organisation_id=case.handler_organisation_id,
            rubric=rubric,
            rubric_snapshot=rubric_snapshot(rubric),
            mode=mode,
            started_by=actor,
        )
        record_transition(
            assessment,
            actor=actor,
            from_status="",
            to_status=assessment.status,
            reason=QualityAssessment.Mode(mode).label,
        )
    return assessment


def _is_peer(reviewer, assessment: QualityAssessment) -> tuple[bool, Organisation | None]:
    profile = getattr(reviewer, "profile", None)
    organisation = profile.organisation if profile else None
    if organisation is None:
        return False, None
    if assessment.handler_organisation_id and organisation.pk == assessment.handler_organisation_id:
        raise DomainError(
            _("评查人不能与承办人同属一个机构(同行评估须由其他律师事务所或机构的人员进行)。"), field="reviewer"
        )
    return organisation.kind in Organisation.PROVIDER_KINDS, organisation


def _review_total(items: list[dict], scores: dict[int, tuple]) -> Decimal:
    missing = [item["title"] for item in items if item["id"] not in scores]
    if missing:
        raise DomainError(_("请为每个评查项目打分，缺少：%(items)s。") % {"items": "、".join(missing)})
    total = Decimal("0")
    for item in items:
        points = scores[item["id"]][0]
        if points is None or points < 0 or points > Decimal(item["max_points"]):
            raise DomainError(
                _("“%(item)s”的得分应在 0 至 %(max)s 分之间。") % {"item": item["title"], "max": item["max_points"]}
            )
        total += points
    return total


def assessment_review_record(
    assessment: QualityAssessment, *, actor, reviewer, scores: dict[int, tuple], comment: str = ""
) -> QualityReview:
    """One reviewer's points and comments for every item of the rubric (at most two reviewers)."""
    require_permission(actor, "supervision.assess_quality")
    with transaction.atomic():
        assessment = locked(assessment)
        require_case_scope(actor, assessment.case)
        if assessment.is_final:
            raise DomainError(_("该案件的质量评查已评定，不能再增加评分。"))
        if reviewer.pk == assessment.handler_id:
            raise DomainError(_("承办人不能评查自己承办的案件。"), field="reviewer")
        reviews = assessment.reviews.all()
        if reviews.count() >= QualityAssessment.MAX_REVIEWERS:
            raise DomainError(_("每件案件最多由两名评查人评分。"))
        if reviews.filter(reviewer=reviewer).exists():
            raise DomainError(_("%(reviewer)s 已对本案评分。") % {"reviewer": reviewer}, field="reviewer")
        is_peer, organisation = _is_peer(reviewer, assessment)
        items = assessment.rubric_snapshot["items"]
        total = _review_total(items, scores)
        review = QualityReview.objects.create(
            assessment=assessment,
            reviewer=reviewer,
            reviewer_organisation=organisation,
            is_peer=is_peer,
            total=total,
            comment=(comment or "").strip(),
            recorded_by=actor,
        )
        ItemScore.objects.bulk_create(
            ItemScore(review=review, item_id=item["id"], points=scores[item["id"]][0], comment=scores[item["id"]][1])
            for item in items
        )
    return review


def _subsidy_rule(grade: str, rules: SupervisionPolicy) -> tuple[str, int | None]:
    if grade != QualityGrade.FAIL:
        return QualityAssessment.SubsidyAction.NONE, None
    percent = rules.fail_subsidy_reduction_percent
    if percent >= 100:
        return QualityAssessment.SubsidyAction.WITHHOLD, 100
    if percent == 0:
        return QualityAssessment.SubsidyAction.NONE, None
    return QualityAssessment.SubsidyAction.REDUCE, percent


def _adjust_subsidy(case: Case, *, actor, grade: str, total: Decimal, percent: Decimal) -> tuple[str, int | None, str]:
    """Apply the failed-file rule to the case's subsidy; the grade stands even if the subsidy cannot change."""
    action, reduction = _subsidy_rule(grade, policy(local_date(case.closed_at)))
    try:
        subsidy = case_services.subsidy_apply_quality_adjustment(
            case,
            actor=actor,
            grade=str(QualityGrade(grade).label),
            action=action,
            percent=Decimal(reduction) if action == QualityAssessment.SubsidyAction.REDUCE else None,
            reason=_("案件质量评查得分 %(total)s(%(percent)s%%)") % {"total": total, "percent": percent},
        )
    except DomainError as exc:
        # The subsidy team sees why it was not applied.
        return action, reduction, _("补贴未调整：%(reason)s") % {"reason": exc.message}
    if action == QualityAssessment.SubsidyAction.NONE:
        return action, reduction, _("补贴不扣减")
    return action, reduction, _("补贴调整为 %(amount)s 元") % {"amount": subsidy.amount}


def assessment_finalise(assessment: QualityAssessment, *, actor, comment: str = "") -> QualityAssessment:
    """Total (the reviewers' mean), grade by the rubric's bands, and the failed-file subsidy rule."""
    require_permission(actor, "supervision.assess_quality")
    with transaction.atomic():
        assessment = locked(assessment)
        case = assessment.case
        require_case_scope(actor, case)
        if assessment.is_final:
            raise DomainError(_("该案件的质量评查已评定。"))
        totals = list(assessment.reviews.values_list("total", flat=True))
        if not totals:
            raise DomainError(_("请先录入至少一名评查人的评分。"))
        total = (sum(totals, Decimal("0")) / len(totals)).quantize(TWO_PLACES, ROUND_HALF_UP)
        max_total = assessment.max_total
        percent = (total * 100 / max_total).quantize(TWO_PLACES, ROUND_HALF_UP) if max_total else Decimal("0")
        grade = grade_for(assessment.rubric_snapshot, percent)
        action, reduction, note = _adjust_subsidy(case, actor=actor, grade=grade, total=total, percent=percent)
        label = QualityGrade(grade).label
        assessment.total = total
        assessment.percent = percent
        assessment.grade = grade
        assessment.comment = (comment or assessment.comment or "").strip()
        assessment.subsidy_action = action
        assessment.subsidy_percent = reduction
        assessment.subsidy_note = note[:200]
        assessment.finalised_by = actor
        assessment.finalised_at = timezone.now()
        transition(
            assessment,
            to=QualityAssessment.Status.FINALISED,
            actor=actor,
            reason=_("%(total)s 分，%(grade)s;%(note)s") % {"total": total, "grade": label, "note": note},
            allowed_from=[QualityAssessment.Status.IN_REVIEW],
            action=_("评定"),
            fields=(
                "total",
                "percent",
                "grade",
                "comment",
                "subsidy_action",
                "subsidy_percent",
                "subsidy_note",
                "finalised_by",
                "finalised_at",
            ),
        )
        timeline(
            case,
            actor=actor,
            text=_("案件质量评查：%(total)s 分(得分率 %(percent)s%%)，评定为“%(grade)s”；%(note)s。")
            % {"total": total, "percent": percent, "grade": label, "note": note},
        )
    return assessment


def sample_draw(actor, *, count: int, closed_from: date, closed_to: date) -> list[QualityAssessment]:
    """Random-sample inspection: draw `count` unassessed closed cases and open their assessments."""
    require_permission(actor, "supervision.assess_quality")
    if count < 1 or count > SAMPLE_MAX:
        raise DomainError(_("抽查数量应在 1 至 %(max)s 件之间。") % {"max": SAMPLE_MAX}, field="count")
    if closed_to < closed_from:
        raise DomainError(_("结束日期不能早于开始日期。"), field="closed_to")
    pool = (
        cases_for_user(actor)
        .filter(status__in=CLOSED_STATUSES, quality_assessment__isnull=True, handler__isnull=False)
        .filter(closed_at__date__gte=closed_from, closed_at__date__lte=closed_to)
    )
    picked = list(pool.order_by("?").values_list("pk", flat=True)[:count])
    if not picked:
        raise DomainError(_("该期间没有尚未评查的已结案件。"))
    return [
        assessment_start(case, actor=actor, mode=QualityAssessment.Mode.SAMPLE)
        for case in Case.objects.filter(pk__in=picked)
    ]
