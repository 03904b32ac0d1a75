"""Every write of supervision: assessments, activities, follow-up visits, cards, complaints,
enforcement follow-up and monthly bulletins.

Services take `actor=` as a keyword, run in one transaction, check permission and scope,
raise `DomainError` with a Chinese message, write history rows for status changes, and call
the cases app's services for what belongs to a case (timeline, subsidy).
"""

from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from cases import services as case_services
from cases.models import Case, CaseEvent
from cases.selectors import cases_for_user
from legalaid.errors import DomainError
from legalaid.models import Organisation

from . import dates
from .cards import new_return_code
from .models import (
    SATISFACTION_CHOICES,
    AssessmentTransition,
    CardBatch,
    CardResponse,
    Complaint,
    ComplaintTransition,
    EnforcementWatch,
    FollowUpVisit,
    Holiday,
    Instalment,
    ItemScore,
    MoneyAnswer,
    MonthlyBulletin,
    QualityAssessment,
    QualityGrade,
    QualityReview,
    QualityRubric,
    SupervisionActivity,
    SupervisionCard,
    SupervisionFlag,
    SupervisionPolicy,
    YesNo,
    is_dissatisfied,
)

CLOSED_STATUSES = (Case.Status.CLOSED, Case.Status.ARCHIVED)
TWO_PLACES = Decimal("0.01")

# ---------------------------------------------------------------- helpers


def _require(actor, permission: str, action: str) -> None:
    if not actor.has_perm(permission):
        raise DomainError(f"您没有{action}的权限。")


def _case_in_scope(actor, case: Case) -> None:
    if not cases_for_user(actor).filter(pk=case.pk).exists():
        raise DomainError("该案件不在您的管辖范围内。")


def _today() -> date:
    return timezone.localdate()


def _not_future(value: date | None, label: str, field: str) -> None:
    if value and value > _today():
        raise DomainError(f"{label}不能晚于今天。", field=field)


def _policy(on: date | None = None) -> SupervisionPolicy:
    return SupervisionPolicy.in_force(on or _today())


def holiday_calendar(start: date, days: int = 400) -> tuple[set[date], set[date]]:
    """Days off and swapped workdays from `start` on, for the working-day maths."""
    rows = Holiday.objects.filter(date__gte=start, date__lte=start + timedelta(days=days)).values_list("date", "kind")
    days_off = {day for day, kind in rows if kind == Holiday.Kind.DAY_OFF}
    workdays = {day for day, kind in rows if kind == Holiday.Kind.WORKDAY}
    return days_off, workdays


def add_working_days(start: date, count: int) -> date:
    return dates.add_working_days(start, count, *holiday_calendar(start))


def _timeline(case: Case, *, actor, kind: str, text: str, channel: str = "", court: str = "") -> CaseEvent:
    return case_services.case_event_record(case, actor=actor, kind=kind, text=text, channel=channel, court=court)


def _local_date(value) -> date | None:
    return timezone.localdate(value) if value else None


# ---------------------------------------------------------------- quality assessment


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
        from .models import DEFAULT_BANDS

        bands = sorted(((minimum, grade) for grade, minimum in DEFAULT_BANDS.items()), reverse=True)
    for minimum, grade in bands:
        if percent >= minimum:
            return grade
    return QualityGrade.FAIL


def assessment_start(case: Case, *, actor, mode: str = QualityAssessment.Mode.ROUTINE) -> QualityAssessment:
    """Open the one quality evaluation of a closed file, against the rubric in force when it closed."""
    _require(actor, "supervision.assess_quality", "评查案件质量")
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        _case_in_scope(actor, case)
        if case.status not in CLOSED_STATUSES:
            raise DomainError(f"案件 {case.number} 尚未结案,结案后才能评查质量。")
        if QualityAssessment.objects.filter(case=case).exists():
            raise DomainError(f"案件 {case.number} 已有质量评查(一案一评)。")
        if case.handler_id is None:
            raise DomainError(f"案件 {case.number} 没有承办人,无法评查。")
        on = _local_date(case.closed_at) or _today()
        rubric = QualityRubric.for_case(case.case_type, case.criminal_stage, on)
        if rubric is None or not rubric.items.exists():
            raise DomainError(f"没有适用于{case.get_case_type_display()}案件的质量标准,请管理员先在后台配置。")
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
        AssessmentTransition.objects.create(
            assessment=assessment,
            actor=actor,
            to_status=QualityAssessment.Status.IN_REVIEW,
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
            "评查人不能与承办人同属一个机构(同行评估须由其他律师事务所或机构的人员进行)。", field="reviewer"
        )
    return organisation.kind in Organisation.PROVIDER_KINDS, organisation


def assessment_review_record(
    assessment: QualityAssessment, *, actor, reviewer, scores: dict[int, tuple], comment: str = ""
) -> QualityReview:
    """One reviewer's points and comments for every item of the rubric (at most two reviewers)."""
    _require(actor, "supervision.assess_quality", "评查案件质量")
    with transaction.atomic():
        assessment = QualityAssessment.objects.select_for_update().get(pk=assessment.pk)
        _case_in_scope(actor, assessment.case)
        if assessment.is_final:
            raise DomainError("该案件的质量评查已评定,不能再增加评分。")
        if reviewer.pk == assessment.handler_id:
            raise DomainError("承办人不能评查自己承办的案件。", field="reviewer")
        reviews = assessment.reviews.all()
        if reviews.count() >= QualityAssessment.MAX_REVIEWERS:
            raise DomainError("每件案件最多由两名评查人评分。")
        if reviews.filter(reviewer=reviewer).exists():
            raise DomainError(f"{reviewer} 已对本案评分。", field="reviewer")
        is_peer, organisation = _is_peer(reviewer, assessment)
        items = assessment.rubric_snapshot["items"]
        missing = [item["title"] for item in items if item["id"] not in scores]
        if missing:
            raise DomainError(f"请为每个评查项目打分,缺少:{'、'.join(missing)}。")
        total = Decimal("0")
        for item in items:
            points, _comment = scores[item["id"]]
            if points is None or points < 0 or points > Decimal(item["max_points"]):
                raise DomainError(f"“{item['title']}”的得分应在 0 至 {item['max_points']} 分之间。")
            total += points
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


def _subsidy_rule(grade: str, policy: SupervisionPolicy) -> tuple[str, int | None]:
    if grade != QualityGrade.FAIL:
        return QualityAssessment.SubsidyAction.NONE, None
    percent = policy.fail_subsidy_reduction_percent
    if percent >= 100:
        return QualityAssessment.SubsidyAction.WITHHOLD, 100
    if percent == 0:
        return QualityAssessment.SubsidyAction.NONE, None
    return QualityAssessment.SubsidyAction.REDUCE, percent


def assessment_finalise(assessment: QualityAssessment, *, actor, comment: str = "") -> QualityAssessment:
    """Total (the reviewers' mean), grade by the rubric's bands, and the failed-file subsidy rule."""
    _require(actor, "supervision.assess_quality", "评定案件质量")
    with transaction.atomic():
        assessment = QualityAssessment.objects.select_for_update().select_related("case").get(pk=assessment.pk)
        case = assessment.case
        _case_in_scope(actor, case)
        if assessment.is_final:
            raise DomainError("该案件的质量评查已评定。")
        totals = list(assessment.reviews.values_list("total", flat=True))
        if not totals:
            raise DomainError("请先录入至少一名评查人的评分。")
        total = (sum(totals, Decimal("0")) / len(totals)).quantize(TWO_PLACES, ROUND_HALF_UP)
        max_total = assessment.max_total
        percent = (total * 100 / max_total).quantize(TWO_PLACES, ROUND_HALF_UP) if max_total else Decimal("0")
        grade = grade_for(assessment.rubric_snapshot, percent)
        action, reduction = _subsidy_rule(grade, _policy(_local_date(case.closed_at)))
        label = QualityGrade(grade).label
        try:
            subsidy = case_services.subsidy_apply_quality_adjustment(
                case,
                actor=actor,
                grade=str(label),
                action=action,
                percent=Decimal(reduction) if action == QualityAssessment.SubsidyAction.REDUCE else None,
                reason=f"案件质量评查得分 {total}({percent}%)",
            )
            note = f"补贴调整为 {subsidy.amount} 元" if action != QualityAssessment.SubsidyAction.NONE else "补贴不扣减"
        except DomainError as exc:
            # The grade stands; the subsidy team sees why it was not applied.
            note = f"补贴未调整:{exc.message}"
        assessment.total = total
        assessment.percent = percent
        assessment.grade = grade
        assessment.comment = (comment or assessment.comment or "").strip()
        assessment.subsidy_action = action
        assessment.subsidy_percent = reduction
        assessment.subsidy_note = note[:200]
        assessment.status = QualityAssessment.Status.FINALISED
        assessment.finalised_by = actor
        assessment.finalised_at = timezone.now()
        assessment.save(
            update_fields=[
                "total",
                "percent",
                "grade",
                "comment",
                "subsidy_action",
                "subsidy_percent",
                "subsidy_note",
                "status",
                "finalised_by",
                "finalised_at",
            ]
        )
        AssessmentTransition.objects.create(
            assessment=assessment,
            actor=actor,
            from_status=QualityAssessment.Status.IN_REVIEW,
            to_status=QualityAssessment.Status.FINALISED,
            reason=f"{total} 分,{label};{note}",
        )
        _timeline(
            case,
            actor=actor,
            kind=CaseEvent.Kind.SUPERVISION,
            text=f"案件质量评查:{total} 分(得分率 {percent}%),评定为“{label}”;{note}。",
        )
    return assessment


def sample_draw(actor, *, count: int, closed_from: date, closed_to: date) -> list[QualityAssessment]:
    """Random-sample inspection: draw `count` unassessed closed cases and open their assessments."""
    _require(actor, "supervision.assess_quality", "抽查案件")
    if count < 1 or count > 200:
        raise DomainError("抽查数量应在 1 至 200 件之间。", field="count")
    if closed_to < closed_from:
        raise DomainError("结束日期不能早于开始日期。", field="closed_to")
    pool = (
        cases_for_user(actor)
        .filter(status__in=CLOSED_STATUSES, quality_assessment__isnull=True, handler__isnull=False)
        .filter(closed_at__date__gte=closed_from, closed_at__date__lte=closed_to)
    )
    picked = list(pool.order_by("?").values_list("pk", flat=True)[:count])
    if not picked:
        raise DomainError("该期间没有尚未评查的已结案件。")
    drawn = []
    for case in Case.objects.filter(pk__in=picked):
        drawn.append(assessment_start(case, actor=actor, mode=QualityAssessment.Mode.SAMPLE))
    return drawn


# ---------------------------------------------------------------- supervision activities


def activity_record(
    case: Case,
    *,
    actor,
    kind: str,
    date: date,
    authority: str = "",
    observer=None,
    findings: str = "",
    score: int | None = None,
) -> SupervisionActivity:
    _require(actor, "supervision.add_supervisionactivity", "登记监督活动")
    _case_in_scope(actor, case)
    _not_future(date, "日期", "date")
    kinds = SupervisionActivity.Kind
    if kind not in kinds.values:
        raise DomainError("请选择监督方式。", field="kind")
    authority = (authority or "").strip()
    findings = (findings or "").strip()
    if kind in (kinds.HEARING_OBSERVATION, kinds.AUTHORITY_OPINION) and not authority:
        raise DomainError("请填写法院或办案机关。", field="authority")
    if kind != kinds.AUTHORITY_OPINION and not findings:
        raise DomainError("请填写情况记录。", field="findings")
    if score is not None and not 0 <= score <= 100:
        raise DomainError("评分应在 0 至 100 之间。", field="score")
    with transaction.atomic():
        activity = SupervisionActivity.objects.create(
            case=case,
            kind=kind,
            date=date,
            authority=authority,
            observer=observer or actor,
            findings=findings,
            score=score,
            recorded_by=actor,
        )
        label = kinds(kind).label
        if kind == kinds.AUTHORITY_OPINION:
            text = f"{label}:{date:%Y-%m-%d} 向{authority}发函征询对承办人办案情况的意见。"
        else:
            text = f"{label}({date:%Y-%m-%d},{activity.observer}):{findings}"
            if score is not None:
                text += f"(评分 {score})"
        _timeline(case, actor=actor, kind=CaseEvent.Kind.SUPERVISION, text=text, court=authority)
    return activity


def activity_opinion_receive(activity: SupervisionActivity, *, actor, received_on: date, opinion: str):
    _require(actor, "supervision.change_supervisionactivity", "登记办案机关意见")
    opinion = (opinion or "").strip()
    if not opinion:
        raise DomainError("请填写办案机关的意见。", field="opinion")
    _not_future(received_on, "收到日期", "received_on")
    with transaction.atomic():
        activity = SupervisionActivity.objects.select_for_update().select_related("case").get(pk=activity.pk)
        _case_in_scope(actor, activity.case)
        if not activity.awaits_opinion:
            raise DomainError("该征询已登记过回复意见。")
        if received_on < activity.date:
            raise DomainError("收到日期不能早于发函日期。", field="received_on")
        activity.opinion_received_on = received_on
        activity.opinion = opinion
        activity.save(update_fields=["opinion_received_on", "opinion"])
        _timeline(
            activity.case,
            actor=actor,
            kind=CaseEvent.Kind.SUPERVISION,
            text=f"收到{activity.authority}对承办人办案情况的意见({received_on:%Y-%m-%d}):{opinion}",
            court=activity.authority,
        )
    return activity


# ---------------------------------------------------------------- follow-up visits


def _schedule_automatic(case: Case, occasion: str, due: date) -> FollowUpVisit | None:
    try:
        with transaction.atomic():
            visit, _created = FollowUpVisit.objects.get_or_create(
                case=case,
                occasion=occasion,
                defaults={"centre_id": case.centre_id, "handler_id": case.handler_id, "due_date": due},
            )
    except IntegrityError:  # scheduled concurrently by another worker
        visit = FollowUpVisit.objects.filter(case=case, occasion=occasion).first()
    return visit


def follow_ups_schedule_for_assignment(case: Case) -> list[FollowUpVisit]:
    """After assignment: a first visit and one during handling (idempotent; the system schedules them)."""
    if case.assigned_at is None:
        return []
    assigned_on = _local_date(case.assigned_at)
    policy = _policy(assigned_on)
    visits = [
        _schedule_automatic(
            case,
            FollowUpVisit.Occasion.AFTER_ASSIGNMENT,
            dates.add_days(assigned_on, policy.follow_up_after_assignment_days),
        ),
        _schedule_automatic(
            case,
            FollowUpVisit.Occasion.DURING_HANDLING,
            dates.add_days(assigned_on, policy.follow_up_during_handling_days),
        ),
    ]
    # A new handler: open visits ask about the handler now in charge.
    FollowUpVisit.objects.filter(case=case, status=FollowUpVisit.Status.SCHEDULED).exclude(
        handler_id=case.handler_id
    ).update(handler_id=case.handler_id)
    return [visit for visit in visits if visit]


def follow_ups_schedule_due(today: date | None = None) -> int:
    """Daily: a visit after closing for every closed case; visits during handling that were missed."""
    today = today or _today()
    created = 0
    closed = Case.objects.filter(status__in=CLOSED_STATUSES, closed_at__isnull=False).exclude(
        follow_ups__occasion=FollowUpVisit.Occasion.AFTER_CLOSING
    )
    for case in closed.only("pk", "centre_id", "handler_id", "closed_at").iterator():
        closed_on = _local_date(case.closed_at)
        due = dates.add_days(closed_on, _policy(closed_on).follow_up_after_closing_days)
        if _schedule_automatic(case, FollowUpVisit.Occasion.AFTER_CLOSING, due):
            created += 1
        # A closed case needs no visit "during handling" any more.
        FollowUpVisit.objects.filter(
            case=case, occasion=FollowUpVisit.Occasion.DURING_HANDLING, status=FollowUpVisit.Status.SCHEDULED
        ).update(status=FollowUpVisit.Status.CANCELLED, cancelled_reason="案件已结案")
    handling = Case.objects.filter(status__in=Case.HANDLING, assigned_at__isnull=False).exclude(
        follow_ups__occasion=FollowUpVisit.Occasion.AFTER_ASSIGNMENT
    )
    for case in handling.iterator():
        created += len(follow_ups_schedule_for_assignment(case))
    return created


def follow_up_schedule(case: Case, *, actor, due_date: date, note: str = "") -> FollowUpVisit:
    """A visit scheduled by hand (专项回访)."""
    _require(actor, "supervision.record_follow_up", "安排回访")
    _case_in_scope(actor, case)
    if due_date < _today():
        raise DomainError("回访日期不能早于今天。", field="due_date")
    note = (note or "").strip()
    if not note:
        raise DomainError("请填写回访事由。", field="note")
    return FollowUpVisit.objects.create(
        case=case,
        centre_id=case.centre_id,
        handler_id=case.handler_id,
        occasion=FollowUpVisit.Occasion.MANUAL,
        due_date=due_date,
        scheduled_by=actor,
        note=note,
    )


def _raise_flags(
    *, case, handler_id, money: str, satisfaction: int | None, comments: str, source: str, visit=None, response=None
) -> list[SupervisionFlag]:
    flags = []
    where = SupervisionFlag.Source(source).label
    if MoneyAnswer.raises_flag(money):
        flags.append(
            SupervisionFlag(
                kind=SupervisionFlag.Kind.MONEY,
                detail=f"{where}中受援人反映承办人{MoneyAnswer(money).label}。{comments}".strip(),
            )
        )
    if is_dissatisfied(satisfaction):
        flags.append(
            SupervisionFlag(
                kind=SupervisionFlag.Kind.DISSATISFIED,
                detail=f"{where}中受援人评价为“{dict(SATISFACTION_CHOICES)[satisfaction]}”。{comments}".strip(),
            )
        )
    for flag in flags:
        flag.case = case
        flag.centre_id = case.centre_id
        flag.handler_id = handler_id
        flag.source = source
        flag.visit = visit
        flag.card_response = response
        flag.save()
    return flags


def follow_up_record(
    visit: FollowUpVisit,
    *,
    actor,
    channel: str,
    result: str,
    performed_on: date,
    contact_name: str = "",
    handler_contacted: str = "",
    money: str = "",
    attended_hearing: str = "",
    satisfaction: int | None = None,
    comments: str = "",
) -> FollowUpVisit:
    """Record a visit's coded result and answers; "took money" or "dissatisfied" raises a flag."""
    _require(actor, "supervision.record_follow_up", "登记回访")
    _not_future(performed_on, "回访日期", "performed_on")
    if channel not in FollowUpVisit.Channel.values:
        raise DomainError("请选择回访方式。", field="channel")
    if result not in FollowUpVisit.Result.values:
        raise DomainError("请选择回访结果。", field="result")
    reached = result == FollowUpVisit.Result.REACHED
    if reached:
        if handler_contacted not in YesNo.values:
            raise DomainError("请选择承办人是否与受援人联系。", field="handler_contacted")
        if money not in MoneyAnswer.values:
            raise DomainError("请选择承办人是否索要、收取财物。", field="money")
        if attended_hearing not in YesNo.values:
            raise DomainError("请选择承办人是否出庭。", field="attended_hearing")
        if satisfaction is None:
            raise DomainError("请选择受援人的满意度。", field="satisfaction")
    else:
        handler_contacted = money = attended_hearing = ""
        satisfaction = None
    with transaction.atomic():
        visit = FollowUpVisit.objects.select_for_update().select_related("case").get(pk=visit.pk)
        _case_in_scope(actor, visit.case)
        if not visit.is_open:
            raise DomainError(f"该回访已是“{visit.get_status_display()}”状态。")
        visit.channel = channel
        visit.result = result
        visit.performed_on = performed_on
        visit.performed_by = actor
        visit.contact_name = (contact_name or "").strip()
        visit.handler_contacted = handler_contacted
        visit.money = money
        visit.attended_hearing = attended_hearing
        visit.satisfaction = satisfaction
        visit.comments = (comments or "").strip()
        visit.status = FollowUpVisit.Status.DONE
        visit.recorded_at = timezone.now()
        visit.save()
        flags = []
        if reached:
            flags = _raise_flags(
                case=visit.case,
                handler_id=visit.handler_id,
                money=money,
                satisfaction=satisfaction,
                comments=visit.comments,
                source=SupervisionFlag.Source.FOLLOW_UP,
                visit=visit,
            )
        text = f"{visit.get_occasion_display()}({visit.get_channel_display()}):{visit.get_result_display()}"
        if reached:
            text += (
                f";承办人联系受援人:{visit.get_handler_contacted_display()};"
                f"索要或收取财物:{visit.get_money_display()};出庭:{visit.get_attended_hearing_display()};"
                f"满意度:{visit.get_satisfaction_display()}"
            )
        if visit.comments:
            text += f"。意见:{visit.comments}"
        if flags:
            text += "。已向中心主任发出监督预警。"
        channel_map = {"phone": "phone", "visit": "in_person", "letter": "letter", "sms": "sms"}
        _timeline(visit.case, actor=actor, kind=CaseEvent.Kind.FOLLOW_UP, text=text, channel=channel_map[channel])
    return visit


def follow_up_cancel(visit: FollowUpVisit, *, actor, reason: str) -> FollowUpVisit:
    _require(actor, "supervision.record_follow_up", "取消回访")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("请填写取消原因。", field="reason")
    with transaction.atomic():
        visit = FollowUpVisit.objects.select_for_update().select_related("case").get(pk=visit.pk)
        _case_in_scope(actor, visit.case)
        if not visit.is_open:
            raise DomainError(f"该回访已是“{visit.get_status_display()}”状态。")
        visit.status = FollowUpVisit.Status.CANCELLED
        visit.cancelled_reason = reason
        visit.performed_by = actor
        visit.recorded_at = timezone.now()
        visit.save(update_fields=["status", "cancelled_reason", "performed_by", "recorded_at"])
    return visit


def flag_resolve(flag: SupervisionFlag, *, actor, resolution: str) -> SupervisionFlag:
    _require(actor, "supervision.resolve_flag", "处理监督预警")
    resolution = (resolution or "").strip()
    if not resolution:
        raise DomainError("请填写处理情况。", field="resolution")
    with transaction.atomic():
        flag = SupervisionFlag.objects.select_for_update().select_related("case").get(pk=flag.pk)
        _case_in_scope(actor, flag.case)
        if flag.status != SupervisionFlag.Status.OPEN:
            raise DomainError("该预警已处理。")
        flag.status = SupervisionFlag.Status.RESOLVED
        flag.resolved_by = actor
        flag.resolved_at = timezone.now()
        flag.resolution = resolution
        flag.save(update_fields=["status", "resolved_by", "resolved_at", "resolution"])
        _timeline(
            flag.case,
            actor=actor,
            kind=CaseEvent.Kind.SUPERVISION,
            text=f"处理监督预警({flag.get_kind_display()}):{resolution}",
        )
    return flag


# ---------------------------------------------------------------- quality supervision cards


def card_issue(case_id: int) -> SupervisionCard | None:
    """The card for the case's current handler, with its PDF; safe to run any number of times."""
    from .cards import render_card

    case = Case.objects.select_related("handler", "centre").filter(pk=case_id).first()
    if case is None or case.handler_id is None:
        return None
    card = SupervisionCard.objects.filter(case=case, handler_id=case.handler_id).first()
    while card is None:
        try:
            with transaction.atomic():
                card = SupervisionCard.objects.create(
                    case=case,
                    centre_id=case.centre_id,
                    handler_id=case.handler_id,
                    handler_organisation_id=case.handler_organisation_id,
                    return_code=new_return_code(),
                    issued_at=case.assigned_at or timezone.now(),
                )
        except IntegrityError:
            # Either the same card was issued concurrently, or the random code collided: look, then retry.
            card = SupervisionCard.objects.filter(case=case, handler_id=case.handler_id).first()
    if not card.pdf:
        filename, content = render_card(card)
        card_store_pdf(card, filename, content)
    return card


def card_store_pdf(card: SupervisionCard, filename: str, content: bytes) -> None:
    from django.core.files.base import ContentFile

    card.pdf.save(filename, ContentFile(content), save=False)
    card.generated_at = timezone.now()
    card.save(update_fields=["pdf", "generated_at"])


def card_response_submit(
    card: SupervisionCard,
    *,
    channel: str,
    satisfaction: int,
    handler_contacted: str,
    attended_hearing: str,
    money: str,
    comments: str = "",
    entered_by=None,
    submitted_on: date | None = None,
) -> CardResponse:
    """The aided person's answer on a card: one per card, online or entered from paper by staff."""
    if entered_by is not None:
        _require(entered_by, "supervision.enter_card_return", "登记交回的监督卡")
        _case_in_scope(entered_by, card.case)
        _not_future(submitted_on, "交回日期", "submitted_on")
    if satisfaction not in (1, 2, 3, 4, 5):
        raise DomainError("请选择对承办人的总体评价。", field="satisfaction")
    for value, field in ((handler_contacted, "handler_contacted"), (attended_hearing, "attended_hearing")):
        if value not in YesNo.values:
            raise DomainError("请回答每一个问题。", field=field)
    if money not in MoneyAnswer.values:
        raise DomainError("请回答承办人是否索要或收取财物。", field="money")
    comments = (comments or "").strip()[:2000]
    submitted_at = timezone.now()
    if submitted_on and submitted_on != _today():
        submitted_at = timezone.make_aware(datetime.combine(submitted_on, time(12)))
    try:
        with transaction.atomic():
            card = SupervisionCard.objects.select_for_update().select_related("case").get(pk=card.pk)
            if CardResponse.objects.filter(card=card).exists():
                raise DomainError("这张监督卡已经评价过了,每张卡只能评价一次。")
            response = CardResponse.objects.create(
                card=card,
                channel=channel,
                satisfaction=satisfaction,
                handler_contacted=handler_contacted,
                attended_hearing=attended_hearing,
                money=money,
                comments=comments,
                entered_by=entered_by,
                submitted_at=submitted_at,
            )
            _raise_flags(
                case=card.case,
                handler_id=card.handler_id,
                money=money,
                satisfaction=satisfaction,
                comments=comments,
                source=SupervisionFlag.Source.CARD,
                response=response,
            )
            if entered_by is not None:
                _timeline(
                    card.case,
                    actor=entered_by,
                    kind=CaseEvent.Kind.SUPERVISION,
                    text=f"收回质量监督卡(回执码 {card.return_code}):总体评价“{response.get_satisfaction_display()}”,"
                    f"索要或收取财物:{response.get_money_display()}。{comments}".strip(),
                )
    except IntegrityError as exc:
        raise DomainError("这张监督卡已经评价过了,每张卡只能评价一次。") from exc
    return response


BATCH_LIMIT = 2000


def card_batch_request(actor, *, start: date, end: date, centre: Organisation | None = None) -> CardBatch:
    """Queue a print run of every card issued in [start, end]; the PDF is made by a task."""
    from .selectors import cards_for_period, centres_for_user

    _require(actor, "supervision.print_cards", "打印监督卡")
    if end < start:
        raise DomainError("结束日期不能早于开始日期。", field="end")
    centres = list(centres_for_user(actor).values_list("pk", flat=True))
    if centre is not None and centre.pk not in centres:
        raise DomainError("该中心不在您的管辖范围内。", field="centre")
    count = cards_for_period(actor, start, end, centre.pk if centre else None).count()
    if not count:
        raise DomainError("该期间没有发放监督卡。", field="start")
    if count > BATCH_LIMIT:
        raise DomainError(f"该期间共 {count} 张,一次最多打印 {BATCH_LIMIT} 张,请缩短期间。", field="end")
    batch = CardBatch.objects.create(
        requested_by=actor, centre=centre, centres=centres, start=start, end=end, card_count=count
    )
    from .tasks import render_card_batch

    transaction.on_commit(lambda: render_card_batch.delay(batch.pk))
    return batch


def card_batch_render(batch_id: int) -> CardBatch | None:
    """Render a queued batch once: the conditional update claims it, so a retried task does nothing."""
    from django.core.files.base import ContentFile

    from .cards import render_card_batch

    claimed = CardBatch.objects.filter(pk=batch_id, status=CardBatch.Status.PENDING).update(
        status=CardBatch.Status.RENDERING
    )
    if not claimed:
        return None
    batch = CardBatch.objects.get(pk=batch_id)
    cards = (
        SupervisionCard.objects.filter(
            centre_id__in=[batch.centre_id] if batch.centre_id else batch.centres,
            issued_at__date__gte=batch.start,
            issued_at__date__lte=batch.end,
        )
        .select_related("case", "centre", "handler__profile", "handler_organisation")
        .prefetch_related("case__parties")
        .order_by("issued_at", "pk")
    )
    try:
        content = render_card_batch(cards, title=f"质量监督卡 {batch.start:%Y-%m-%d} 至 {batch.end:%Y-%m-%d}")
        batch.pdf.save(f"质量监督卡-{batch.start:%Y%m%d}-{batch.end:%Y%m%d}.pdf", ContentFile(content), save=False)
    except Exception as exc:
        CardBatch.objects.filter(pk=batch.pk).update(status=CardBatch.Status.FAILED, error=str(exc)[:2000])
        raise
    batch.card_count = len(cards)
    batch.status = CardBatch.Status.READY
    batch.finished_at = timezone.now()
    batch.save(update_fields=["pdf", "card_count", "status", "finished_at"])
    return batch


# ---------------------------------------------------------------- complaints


def _complaint_move(complaint: Complaint, *, actor, to: str, reason: str = "", fields=()) -> None:
    from_status = complaint.status
    complaint.status = to
    complaint.save(update_fields=["status", *fields])
    ComplaintTransition.objects.create(
        complaint=complaint, actor=actor, from_status=from_status, to_status=to, reason=reason
    )


def complaint_register(
    *,
    actor,
    centre: Organisation,
    target: str,
    complainant_kind: str,
    complainant_name: str,
    channel: str,
    received_on: date,
    summary: str,
    complainant_phone: str = "",
    case: Case | None = None,
    handler=None,
) -> Complaint:
    _require(actor, "supervision.handle_complaint", "登记投诉")
    _not_future(received_on, "收到日期", "received_on")
    summary = (summary or "").strip()
    complainant_name = (complainant_name or "").strip()
    if not complainant_name:
        raise DomainError("请填写投诉人。", field="complainant_name")
    if not summary:
        raise DomainError("请填写投诉事项。", field="summary")
    if case is not None:
        _case_in_scope(actor, case)
        if case.centre_id != centre.pk:
            raise DomainError("关联案件不属于该法律援助中心。", field="case")
        if target == Complaint.Target.HANDLER and handler is None:
            handler = case.handler
    if target == Complaint.Target.HANDLER and handler is None:
        raise DomainError("投诉承办人的,请选择关联案件或被投诉的承办人。", field="handler")
    if target == Complaint.Target.CENTRE:
        handler = None
    policy = _policy(received_on)
    with transaction.atomic():
        complaint = Complaint.objects.create(
            centre=centre,
            case=case,
            target=target,
            handler=handler,
            complainant_kind=complainant_kind,
            complainant_name=complainant_name,
            complainant_phone=(complainant_phone or "").strip(),
            channel=channel,
            received_on=received_on,
            summary=summary,
            limits={
                "accept_working_days": policy.complaint_accept_working_days,
                "conclude_days": policy.complaint_conclude_days,
                "reply_working_days": policy.complaint_reply_working_days,
            },
            accept_due=add_working_days(received_on, policy.complaint_accept_working_days),
            registered_by=actor,
        )
        ComplaintTransition.objects.create(
            complaint=complaint, actor=actor, to_status=Complaint.Status.RECEIVED, reason=summary[:200]
        )
        if case is not None:
            _timeline(
                case,
                actor=actor,
                kind=CaseEvent.Kind.COMPLAINT,
                text=f"收到{complaint.get_complainant_kind_display()}{complainant_name}的投诉"
                f"({complaint.get_channel_display()},投诉对象:{complaint.get_target_display()}):{summary}",
            )
    return complaint


def _locked_complaint(complaint: Complaint, actor) -> Complaint:
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    from .selectors import complaints_for_user

    if not complaints_for_user(actor).filter(pk=complaint.pk).exists():
        raise DomainError("该投诉不在您的管辖范围内。")
    return complaint


def _complaint_refuse(complaint: Complaint, action: str) -> DomainError:
    return DomainError(f"投诉当前状态为“{complaint.get_status_display()}”,不能{action}。")


def complaint_accept(complaint: Complaint, *, actor, accepted_on: date) -> Complaint:
    _require(actor, "supervision.handle_complaint", "受理投诉")
    _not_future(accepted_on, "受理日期", "accepted_on")
    with transaction.atomic():
        complaint = _locked_complaint(complaint, actor)
        if complaint.status != Complaint.Status.RECEIVED:
            raise _complaint_refuse(complaint, "受理")
        if accepted_on < complaint.received_on:
            raise DomainError("受理日期不能早于收到日期。", field="accepted_on")
        complaint.accepted_on = accepted_on
        complaint.conclude_due = dates.add_days(accepted_on, complaint.limits.get("conclude_days", 45))
        late = accepted_on > complaint.accept_due
        _complaint_move(
            complaint,
            actor=actor,
            to=Complaint.Status.ACCEPTED,
            reason="超过受理期限" if late else "",
            fields=("accepted_on", "conclude_due"),
        )
    return complaint


def complaint_decline(complaint: Complaint, *, actor, decided_on: date, reason: str) -> Complaint:
    """Not accepted (不予受理): answered in writing with the reason."""
    _require(actor, "supervision.handle_complaint", "决定不予受理")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("请填写不予受理的理由。", field="reason")
    _not_future(decided_on, "决定日期", "decided_on")
    with transaction.atomic():
        complaint = _locked_complaint(complaint, actor)
        if complaint.status != Complaint.Status.RECEIVED:
            raise _complaint_refuse(complaint, "决定不予受理")
        complaint.not_accepted_reason = reason
        complaint.replied_on = decided_on
        _complaint_move(
            complaint,
            actor=actor,
            to=Complaint.Status.NOT_ACCEPTED,
            reason=reason,
            fields=("not_accepted_reason", "replied_on"),
        )
    return complaint


def complaint_conclude(
    complaint: Complaint, *, actor, concluded_on: date, outcome: str, findings: str, measures: str = ""
) -> Complaint:
    _require(actor, "supervision.handle_complaint", "办结投诉")
    _not_future(concluded_on, "办结日期", "concluded_on")
    findings = (findings or "").strip()
    if outcome not in Complaint.Outcome.values:
        raise DomainError("请选择调查结论。", field="outcome")
    if not findings:
        raise DomainError("请填写调查情况。", field="findings")
    if outcome != Complaint.Outcome.NOT_UPHELD and not (measures or "").strip():
        raise DomainError("投诉属实或部分属实的,请填写处理措施。", field="measures")
    with transaction.atomic():
        complaint = _locked_complaint(complaint, actor)
        if complaint.status != Complaint.Status.ACCEPTED:
            raise _complaint_refuse(complaint, "办结")
        if concluded_on < complaint.accepted_on:
            raise DomainError("办结日期不能早于受理日期。", field="concluded_on")
        complaint.concluded_on = concluded_on
        complaint.outcome = outcome
        complaint.findings = findings
        complaint.measures = (measures or "").strip()
        complaint.reply_due = add_working_days(concluded_on, complaint.limits.get("reply_working_days", 5))
        _complaint_move(
            complaint,
            actor=actor,
            to=Complaint.Status.CONCLUDED,
            reason=Complaint.Outcome(outcome).label
            + ("(超过办结期限)" if concluded_on > complaint.conclude_due else ""),
            fields=("concluded_on", "outcome", "findings", "measures", "reply_due"),
        )
        if complaint.case_id:
            _timeline(
                complaint.case,
                actor=actor,
                kind=CaseEvent.Kind.COMPLAINT,
                text=f"投诉办结:{complaint.get_outcome_display()}。{findings}"
                + (f" 处理措施:{complaint.measures}" if complaint.measures else ""),
            )
    return complaint


def complaint_reply(complaint: Complaint, *, actor, replied_on: date, reply: str) -> Complaint:
    _require(actor, "supervision.handle_complaint", "答复投诉人")
    reply = (reply or "").strip()
    if not reply:
        raise DomainError("请填写答复内容。", field="reply")
    _not_future(replied_on, "答复日期", "replied_on")
    with transaction.atomic():
        complaint = _locked_complaint(complaint, actor)
        if complaint.status != Complaint.Status.CONCLUDED:
            raise _complaint_refuse(complaint, "答复")
        if replied_on < complaint.concluded_on:
            raise DomainError("答复日期不能早于办结日期。", field="replied_on")
        complaint.replied_on = replied_on
        complaint.reply = reply
        _complaint_move(
            complaint,
            actor=actor,
            to=Complaint.Status.REPLIED,
            reason="超过答复期限" if replied_on > complaint.reply_due else "",
            fields=("replied_on", "reply"),
        )
    return complaint


# ---------------------------------------------------------------- enforcement follow-up


def enforcement_register(
    case: Case,
    *,
    actor,
    instrument: str,
    instrument_number: str,
    effective_on: date,
    obligor: str,
    instalments: list[tuple[date, Decimal]],
    note: str = "",
) -> EnforcementWatch:
    """Register a judgment or mediation with payments due; the performance period ends with the last one."""
    _require(actor, "supervision.follow_enforcement", "登记执行跟踪")
    _case_in_scope(actor, case)
    if instrument not in EnforcementWatch.Instrument.values:
        raise DomainError("请选择法律文书种类。", field="instrument")
    instrument_number = (instrument_number or "").strip()
    obligor = (obligor or "").strip()
    if not instrument_number:
        raise DomainError("请填写文书编号。", field="instrument_number")
    if not obligor:
        raise DomainError("请填写履行义务人。", field="obligor")
    _not_future(effective_on, "生效日期", "effective_on")
    if not instalments:
        raise DomainError("请至少填写一期应付款项(日期和金额)。", field="schedule")
    for due, amount in instalments:
        if due < effective_on:
            raise DomainError(f"应付日期 {due:%Y-%m-%d} 早于文书生效日期。", field="schedule")
        if amount <= 0:
            raise DomainError("每期金额应大于 0。", field="schedule")
    performance_end = max(due for due, _amount in instalments)
    limit = dates.enforcement_limit(performance_end)
    policy = _policy(effective_on)
    with transaction.atomic():
        watch = EnforcementWatch.objects.create(
            case=case,
            centre_id=case.centre_id,
            instrument=instrument,
            instrument_number=instrument_number,
            effective_on=effective_on,
            obligor=obligor,
            total_amount=sum((amount for _due, amount in instalments), Decimal("0")),
            performance_end=performance_end,
            limit_date=limit,
            first_reminder_on=limit - timedelta(days=policy.enforcement_first_reminder_days),
            second_reminder_on=limit - timedelta(days=policy.enforcement_second_reminder_days),
            note=(note or "").strip(),
            registered_by=actor,
        )
        Instalment.objects.bulk_create(
            Instalment(watch=watch, due_date=due, amount=amount) for due, amount in sorted(instalments)
        )
        _timeline(
            case,
            actor=actor,
            kind=CaseEvent.Kind.SUPERVISION,
            text=f"登记{watch.get_instrument_display()}({instrument_number})分期履行跟踪:{obligor}共应给付 "
            f"{watch.total_amount} 元,分 {len(instalments)} 期,履行期间至 {performance_end:%Y-%m-%d},"
            f"申请强制执行期限至 {limit:%Y-%m-%d}。",
        )
    return watch


def _locked_watch(watch: EnforcementWatch, actor) -> EnforcementWatch:
    watch = EnforcementWatch.objects.select_for_update().select_related("case").get(pk=watch.pk)
    _case_in_scope(actor, watch.case)
    return watch


def instalment_record(
    instalment: Instalment,
    *,
    actor,
    received: bool,
    received_on: date | None = None,
    received_amount: Decimal | None = None,
    note: str = "",
) -> Instalment:
    _require(actor, "supervision.follow_enforcement", "登记履行情况")
    with transaction.atomic():
        watch = _locked_watch(instalment.watch, actor)
        instalment = Instalment.objects.select_for_update().get(pk=instalment.pk)
        if not watch.is_open:
            raise DomainError(f"该执行跟踪已是“{watch.get_status_display()}”状态。")
        if instalment.status != Instalment.Status.PENDING:
            raise DomainError("该期款项已登记过履行情况。")
        if received:
            if received_on is None:
                raise DomainError("请填写收到日期。", field="received_on")
            _not_future(received_on, "收到日期", "received_on")
            amount = instalment.amount if received_amount is None else received_amount
            if amount <= 0:
                raise DomainError("实收金额应大于 0。", field="received_amount")
            instalment.status = Instalment.Status.RECEIVED
            instalment.received_on = received_on
            instalment.received_amount = amount
        else:
            if instalment.due_date > _today():
                raise DomainError("该期款项尚未到期,不能登记为未履行。")
            instalment.status = Instalment.Status.MISSED
        instalment.note = (note or "").strip()
        instalment.recorded_by = actor
        instalment.recorded_at = timezone.now()
        instalment.save()
        if not received:
            _timeline(
                watch.case,
                actor=actor,
                kind=CaseEvent.Kind.SUPERVISION,
                text=f"{watch.obligor}未按期履行 {instalment.due_date:%Y-%m-%d} 应付的 {instalment.amount} 元;"
                f"提醒受援人可在 {watch.limit_date:%Y-%m-%d} 前申请强制执行。",
            )
        elif not watch.instalments.exclude(status=Instalment.Status.RECEIVED).exists():
            watch.status = EnforcementWatch.Status.FULFILLED
            watch.status_note = "各期款项均已收到"
            watch.save(update_fields=["status", "status_note"])
    return instalment


def enforcement_close(watch: EnforcementWatch, *, actor, status: str, note: str) -> EnforcementWatch:
    _require(actor, "supervision.follow_enforcement", "结束执行跟踪")
    if status not in (
        EnforcementWatch.Status.FULFILLED,
        EnforcementWatch.Status.ENFORCEMENT_APPLIED,
        EnforcementWatch.Status.CLOSED,
    ):
        raise DomainError("请选择结束跟踪的原因。", field="status")
    note = (note or "").strip()
    if not note:
        raise DomainError("请填写说明。", field="note")
    with transaction.atomic():
        watch = _locked_watch(watch, actor)
        if not watch.is_open:
            raise DomainError(f"该执行跟踪已是“{watch.get_status_display()}”状态。")
        watch.status = status
        watch.status_note = note
        watch.save(update_fields=["status", "status_note"])
        _timeline(
            watch.case,
            actor=actor,
            kind=CaseEvent.Kind.SUPERVISION,
            text=f"执行跟踪({watch.instrument_number}):{watch.get_status_display()}。{note}",
        )
    return watch


def enforcement_letter_printed(watch: EnforcementWatch, *, actor) -> EnforcementWatch:
    _require(actor, "supervision.follow_enforcement", "打印申请执行提示函")
    EnforcementWatch.objects.filter(pk=watch.pk).update(letter_printed_at=timezone.now(), letter_printed_by=actor)
    watch.refresh_from_db()
    return watch


def enforcement_reminders_due(today: date | None = None) -> int:
    """Daily: mark the reminders that have come due; the staff's home panel lists them."""
    today = today or _today()
    now = timezone.now()
    open_watches = EnforcementWatch.objects.filter(status=EnforcementWatch.Status.OPEN)
    first = open_watches.filter(first_reminder_on__lte=today, reminded_first_at__isnull=True).update(
        reminded_first_at=now
    )
    second = open_watches.filter(second_reminder_on__lte=today, reminded_second_at__isnull=True).update(
        reminded_second_at=now
    )
    return first + second


# ---------------------------------------------------------------- monthly bulletin


STALE_CLAIM = timedelta(hours=1)


def bulletin_claim(centre: Organisation, period: date) -> MonthlyBulletin | None:
    """Claim the one bulletin of (centre, month) for generation; None if it is done or being done.

    The conditional UPDATE is the lock: of two workers running the same schedule, one
    changes the row and the other changes nothing and stops.
    """
    period = dates.month_start(period)
    bulletin, _created = MonthlyBulletin.objects.get_or_create(organisation=centre, period=period)
    now = timezone.now()
    claimable = Q(status__in=[MonthlyBulletin.Status.PENDING, MonthlyBulletin.Status.FAILED]) | Q(
        status=MonthlyBulletin.Status.GENERATING, claimed_at__lt=now - STALE_CLAIM
    )
    claimed = (
        MonthlyBulletin.objects.filter(pk=bulletin.pk)
        .filter(claimable)
        .update(status=MonthlyBulletin.Status.GENERATING, claimed_at=now)
    )
    return MonthlyBulletin.objects.get(pk=bulletin.pk) if claimed else None


def bulletin_generate(bulletin: MonthlyBulletin) -> MonthlyBulletin:
    """Compute a claimed bulletin's figures, render its PDF and mark it ready."""
    from django.core.files.base import ContentFile

    from .reports import bulletin_data, render_bulletin

    try:
        bulletin.data = bulletin_data(bulletin.organisation, bulletin.period)
        filename, content = render_bulletin(bulletin)
        bulletin.pdf.save(filename, ContentFile(content), save=False)
    except Exception as exc:
        MonthlyBulletin.objects.filter(pk=bulletin.pk).update(status=MonthlyBulletin.Status.FAILED, error=str(exc))
        raise
    bulletin.status = MonthlyBulletin.Status.READY
    bulletin.generated_at = timezone.now()
    bulletin.error = ""
    bulletin.save(update_fields=["data", "pdf", "status", "generated_at", "error"])
    return bulletin


def bulletins_generate_month(period: date) -> list[MonthlyBulletin]:
    """Every centre's bulletin for the month of `period`; running twice produces nothing new."""
    done = []
    for centre in Organisation.objects.filter(kind__in=Organisation.CENTRE_KINDS, is_active=True):
        bulletin = bulletin_claim(centre, period)
        if bulletin is not None:
            done.append(bulletin_generate(bulletin))
    return done


def bulletin_request(actor, centre: Organisation, period: date) -> MonthlyBulletin | None:
    """Staff asking for a past month's bulletin that the schedule has not produced yet."""
    _require(actor, "supervision.view_bulletin", "生成监督月通报")
    if dates.month_start(period) >= dates.month_start(_today()):
        raise DomainError("只能生成已经结束的月份的通报。", field="period")
    bulletin = bulletin_claim(centre, period)
    return bulletin_generate(bulletin) if bulletin else None
