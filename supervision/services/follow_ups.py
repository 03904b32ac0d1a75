"""Follow-up visits (回访) to the aided person: scheduled by the system after assignment and
closing, or by hand; recorded with coded answers that may raise flags."""

from datetime import date

from django.db import IntegrityError, transaction
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import Case, CaseEvent
from legalaid.kernel import (
    SYSTEM,
    DomainError,
    locked,
    record_transition,
    require_permission,
    status_changed,
    transition,
)

from .. import dates
from ..models import FollowUpVisit, MoneyAnswer, SupervisionFlag, YesNo
from .common import CLOSED_STATUSES, local_date, not_future, policy, require_case_scope, timeline, today
from .flags import flags_raise

# The case timeline's channel for each way of visiting.
TIMELINE_CHANNEL = {"phone": "phone", "visit": "in_person", "letter": "letter", "sms": "sms"}


def _schedule_automatic(case: Case, occasion: str, due: date) -> FollowUpVisit | None:
    """The one visit of an automatic occasion (idempotent: a unique constraint per case and occasion)."""
    try:
        with transaction.atomic():
            visit, created = FollowUpVisit.objects.get_or_create(
                case=case,
                occasion=occasion,
                defaults={"centre_id": case.centre_id, "handler_id": case.handler_id, "due_date": due},
            )
            if created:
                record_transition(visit, actor=SYSTEM, from_status="", to_status=visit.status)
    except IntegrityError:  # scheduled concurrently by another worker
        visit = FollowUpVisit.objects.filter(case=case, occasion=occasion).first()
    return visit


def follow_ups_schedule_for_assignment(case: Case) -> list[FollowUpVisit]:
    """After assignment: a first visit and one during handling (idempotent; the system schedules them)."""
    if case.assigned_at is None:
        return []
    assigned_on = local_date(case.assigned_at)
    rules = policy(assigned_on)
    visits = [
        _schedule_automatic(
            case,
            FollowUpVisit.Occasion.AFTER_ASSIGNMENT,
            dates.add_days(assigned_on, rules.follow_up_after_assignment_days),
        ),
        _schedule_automatic(
            case,
            FollowUpVisit.Occasion.DURING_HANDLING,
            dates.add_days(assigned_on, rules.follow_up_during_handling_days),
        ),
    ]
    # A new handler: open visits ask about the handler now in charge.
    FollowUpVisit.objects.filter(case=case, status=FollowUpVisit.Status.SCHEDULED).exclude(
        handler_id=case.handler_id
    ).update(handler_id=case.handler_id)
    return [visit for visit in visits if visit]


# Why the system cancels a visit "during handling" once the case has ended, by the case's status.
ENDED_REASONS = {
    Case.Status.CLOSED: gettext_lazy("案件已结案，办案中回访由系统取消"),
    Case.Status.ARCHIVED: gettext_lazy("案件已结案，办案中回访由系统取消"),
    Case.Status.TERMINATED: gettext_lazy("案件已终止法律援助，办案中回访由系统取消"),
}


def follow_ups_cancel_for_ended_cases() -> int:
    """A closed or terminated case needs no visit "during handling": each one still scheduled is
    cancelled by SYSTEM with its reason (idempotent: only scheduled visits are taken; the daily
    sweep and the repair job both run it, so a case closed by any path is caught)."""
    return _cancel_during_handling(
        FollowUpVisit.objects.filter(
            occasion=FollowUpVisit.Occasion.DURING_HANDLING,
            status=FollowUpVisit.Status.SCHEDULED,
            case__status__in=ENDED_REASONS.keys(),
        ).values_list("pk", flat=True)
    )


@receiver(status_changed, sender=Case, dispatch_uid="supervision.follow_ups_of_ended_case")
def _case_ended(sender, instance, to_status, **kwargs) -> None:
    """The visit is cancelled with the closing or termination itself (same transaction), not a day later;
    the daily sweep stays for cases ended before this ran."""
    if to_status in ENDED_REASONS:
        _cancel_during_handling(
            FollowUpVisit.objects.filter(
                case=instance,
                occasion=FollowUpVisit.Occasion.DURING_HANDLING,
                status=FollowUpVisit.Status.SCHEDULED,
            ).values_list("pk", flat=True)
        )


@receiver(status_changed, sender=Case, dispatch_uid="supervision.follow_ups_of_restored_case")
def _case_restored(sender, instance, from_status, to_status, **kwargs) -> None:
    """A termination corrected on the bureau's order (LAL 49) puts the case back in handling: its visit during
    handling comes back with it (same transaction). A case terminated before its assignment has no visit yet."""
    if from_status == Case.Status.TERMINATED and to_status in Case.HANDLING:
        _reschedule_during_handling(instance)


def _reschedule_during_handling(case: Case) -> FollowUpVisit | None:
    """The visit during handling the system cancelled when the case ended, scheduled again for a case back in
    handling, due no earlier than a first visit's interval from today. A visit a person cancelled stays so."""
    visit = (
        FollowUpVisit.objects.select_for_update()
        .filter(
            case=case,
            occasion=FollowUpVisit.Occasion.DURING_HANDLING,
            status=FollowUpVisit.Status.CANCELLED,
            performed_by__isnull=True,
        )
        .first()
    )
    if visit is None:
        return None
    restored_on = today()
    earliest = dates.add_days(restored_on, policy(restored_on).follow_up_after_assignment_days)
    visit.due_date = max(visit.due_date, earliest)
    visit.cancelled_reason = ""
    visit.recorded_at = None
    visit.handler_id = case.handler_id
    transition(
        visit,
        to=FollowUpVisit.Status.SCHEDULED,
        actor=SYSTEM,
        reason=_("终止决定已改正，恢复法律援助，办案中回访重新安排"),
        allowed_from=[FollowUpVisit.Status.CANCELLED],
        fields=("due_date", "cancelled_reason", "recorded_at", "handler"),
    )
    return visit


def _cancel_during_handling(pending) -> int:
    cancelled = 0
    for pk in list(pending):
        with transaction.atomic():
            visit = FollowUpVisit.objects.select_for_update().select_related("case").get(pk=pk)
            if visit.status != FollowUpVisit.Status.SCHEDULED or visit.case.status not in ENDED_REASONS:
                continue  # recorded, cancelled or the case reopened meanwhile
            visit.cancelled_reason = str(ENDED_REASONS[visit.case.status])
            visit.recorded_at = timezone.now()
            transition(
                visit,
                to=FollowUpVisit.Status.CANCELLED,
                actor=SYSTEM,
                reason=visit.cancelled_reason,
                fields=("cancelled_reason", "recorded_at"),
            )
            cancelled += 1
    return cancelled


def follow_ups_schedule_due() -> int:
    """Daily (as SYSTEM): a visit after closing for every closed case; visits during handling that were
    missed; the visits during handling of closed and terminated cases cancelled."""
    created = 0
    closed = Case.objects.filter(status__in=CLOSED_STATUSES, closed_at__isnull=False).exclude(
        follow_ups__occasion=FollowUpVisit.Occasion.AFTER_CLOSING
    )
    for case in closed.only("pk", "centre_id", "handler_id", "closed_at").iterator():
        closed_on = local_date(case.closed_at)
        due = dates.add_days(closed_on, policy(closed_on).follow_up_after_closing_days)
        if _schedule_automatic(case, FollowUpVisit.Occasion.AFTER_CLOSING, due):
            created += 1
    follow_ups_cancel_for_ended_cases()
    handling = Case.objects.filter(status__in=Case.HANDLING, assigned_at__isnull=False).exclude(
        follow_ups__occasion=FollowUpVisit.Occasion.AFTER_ASSIGNMENT
    )
    for case in handling.iterator():
        created += len(follow_ups_schedule_for_assignment(case))
    return created


def follow_up_schedule(case: Case, *, actor, due_date: date, note: str = "") -> FollowUpVisit:
    """A visit scheduled by hand (专项回访)."""
    require_permission(actor, "supervision.record_follow_up")
    require_case_scope(actor, case)
    if due_date < today():
        raise DomainError(_("回访日期不能早于今天。"), field="due_date")
    note = (note or "").strip()
    if not note:
        raise DomainError(_("请填写回访事由。"), field="note")
    with transaction.atomic():
        visit = FollowUpVisit.objects.create(
            case=case,
            centre_id=case.centre_id,
            handler_id=case.handler_id,
            occasion=FollowUpVisit.Occasion.MANUAL,
            due_date=due_date,
            scheduled_by=actor,
            note=note,
        )
        record_transition(visit, actor=actor, from_status="", to_status=visit.status, reason=note)
    return visit


def _check_answers(result: str, handler_contacted: str, money: str, attended_hearing: str, satisfaction) -> bool:
    """Whether the aided person was reached; then every coded answer is required."""
    if result != FollowUpVisit.Result.REACHED:
        return False
    if handler_contacted not in YesNo.values:
        raise DomainError(_("请选择承办人是否与受援人联系。"), field="handler_contacted")
    if money not in MoneyAnswer.values:
        raise DomainError(_("请选择承办人是否索要、收取财物。"), field="money")
    if attended_hearing not in YesNo.values:
        raise DomainError(_("请选择承办人是否出庭。"), field="attended_hearing")
    if satisfaction is None:
        raise DomainError(_("请选择受援人的满意度。"), field="satisfaction")
    return True


def _visit_text(visit: FollowUpVisit, *, reached: bool, flagged: bool) -> str:
    text = _("%(occasion)s(%(channel)s):%(result)s") % {
        "occasion": visit.get_occasion_display(),
        "channel": visit.get_channel_display(),
        "result": visit.get_result_display(),
    }
    if reached:
        text += _(
            "；承办人联系受援人：%(contacted)s；索要或收取财物：%(money)s；出庭：%(hearing)s；满意度：%(satisfaction)s"
        ) % {
            "contacted": visit.get_handler_contacted_display(),
            "money": visit.get_money_display(),
            "hearing": visit.get_attended_hearing_display(),
            "satisfaction": visit.get_satisfaction_display(),
        }
    if visit.comments:
        text += _("。意见：%(comments)s") % {"comments": visit.comments}
    if flagged:
        text += _("。已向中心主任发出监督预警。")
    return text


def _refuse_closed_visit(visit: FollowUpVisit) -> None:
    if not visit.is_open:
        raise DomainError(_("该回访已是“%(status)s”状态。") % {"status": visit.get_status_display()})


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
    require_permission(actor, "supervision.record_follow_up")
    not_future(performed_on, _("回访日期"), "performed_on")
    if channel not in FollowUpVisit.Channel.values:
        raise DomainError(_("请选择回访方式。"), field="channel")
    if result not in FollowUpVisit.Result.values:
        raise DomainError(_("请选择回访结果。"), field="result")
    reached = _check_answers(result, handler_contacted, money, attended_hearing, satisfaction)
    if not reached:
        handler_contacted = money = attended_hearing = ""
        satisfaction = None
    with transaction.atomic():
        visit = locked(visit)
        require_case_scope(actor, visit.case)
        _refuse_closed_visit(visit)
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
        visit.recorded_at = timezone.now()
        transition(
            visit,
            to=FollowUpVisit.Status.DONE,
            actor=actor,
            reason=visit.get_result_display(),
            fields=(
                "channel",
                "result",
                "performed_on",
                "performed_by",
                "contact_name",
                "handler_contacted",
                "money",
                "attended_hearing",
                "satisfaction",
                "comments",
                "recorded_at",
            ),
        )
        flags = []
        if reached:
            flags = flags_raise(
                actor=actor,
                case=visit.case,
                handler_id=visit.handler_id,
                money=money,
                satisfaction=satisfaction,
                comments=visit.comments,
                source=SupervisionFlag.Source.FOLLOW_UP,
                visit=visit,
            )
        timeline(
            visit.case,
            actor=actor,
            kind=CaseEvent.Kind.FOLLOW_UP,
            text=_visit_text(visit, reached=reached, flagged=bool(flags)),
            channel=TIMELINE_CHANNEL[channel],
        )
    return visit


def follow_up_cancel(visit: FollowUpVisit, *, actor, reason: str) -> FollowUpVisit:
    require_permission(actor, "supervision.record_follow_up")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("请填写取消原因。"), field="reason")
    with transaction.atomic():
        visit = locked(visit)
        require_case_scope(actor, visit.case)
        _refuse_closed_visit(visit)
        visit.cancelled_reason = reason
        visit.performed_by = actor
        visit.recorded_at = timezone.now()
        transition(
            visit,
            to=FollowUpVisit.Status.CANCELLED,
            actor=actor,
            reason=reason,
            fields=("cancelled_reason", "performed_by", "recorded_at"),
        )
    return visit
