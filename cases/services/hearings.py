"""Hearings the handler dates ahead: scheduling and cancelling. The aided person's notice and the handler's
reminder follow the history rows (legalaid.messaging.triggers and .reminders); the calendar reads them."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid.errors import DomainError
from legalaid.kernel import locked, record_transition, require_permission, transition

from ..models import Case, Hearing
from .common import case_in_scope, handler_refusal, refuse, status_refusal

# Hearings are dated ahead; one entered a little late (the handler is back from court) is still accepted.
PAST_GRACE = timedelta(hours=12)


def hearing_schedule_refusal(case: Case, actor) -> str | None:
    """Why this actor may not date a hearing in this case (None: they may); shared with the page's button."""
    refusal = handler_refusal(case, actor, _("登记开庭排期"))
    if refusal:
        return refusal
    if case.status not in Case.HANDLING:
        return status_refusal(case, _("登记开庭排期"))
    return None


def hearing_schedule(case: Case, *, actor, starts_at: datetime, court: str, room: str = "", note: str = "") -> Hearing:
    court, room, note = (court or "").strip(), (room or "").strip(), (note or "").strip()
    require_permission(actor, "cases.handle_case")
    case_in_scope(actor, case)
    if not court:
        raise DomainError(_("请填写开庭的法院或仲裁机构。"), field="court")
    if starts_at < timezone.now() - PAST_GRACE:
        raise DomainError(_("开庭时间已经过去；已经开过的庭请在办案记录中登记。"), field="starts_at")
    with transaction.atomic():
        case = locked(case)
        refuse(hearing_schedule_refusal(case, actor))
        hearing = Hearing.objects.create(
            case=case, starts_at=starts_at, court=court, room=room, note=note, scheduled_by=actor
        )
        record_transition(hearing, actor=actor, from_status="", to_status=hearing.status)
    return hearing


def hearing_cancel(hearing: Hearing, *, actor, reason: str) -> Hearing:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("请填写取消的原因（如延期、撤诉）。"), field="reason")
    require_permission(actor, "cases.handle_case")
    case_in_scope(actor, hearing.case)
    with transaction.atomic():
        hearing = locked(hearing)
        refuse(handler_refusal(hearing.case, actor, _("取消开庭排期")))
        transition(
            hearing,
            to=Hearing.Status.CANCELLED,
            actor=actor,
            reason=reason,
            allowed_from=[Hearing.Status.SCHEDULED],
            action=_("取消开庭排期"),
        )
    return hearing
