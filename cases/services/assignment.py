"""Assigning a handler, and changing the handler (LAL 55).

`case_assign` calls `hooks.run_case_assigned` inside its own transaction, once the Assignment row
is saved: what later stages attach (supervision's quality card) commits with the assignment or not
at all. The messages to the aided person and the handler are written in the same transaction.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid.errors import DomainError
from legalaid.kernel import locked, record_transition, require_permission, transition
from legalaid.models import User

from .. import deadlines, hooks, selectors
from ..models import Assignment, Case, CaseEvent, HandlerChange
from .common import case_in_scope, event, refuse, require_handler
from .notices import notify_assigned
from .predicates import assign_refusal, change_record_refusal, change_request_refusal

Status = Case.Status
HANDLER_FIELDS = (
    "handler",
    "handler_organisation",
    "handler_type",
    "assigned_at",
    "agreement_due",
    "agreement_signed_on",
)


def _assignment_note(case: Case, chosen, *, organisation, handler: User, client_choice: bool, reason: str, now) -> str:
    note = _("指派 %(organisation)s %(handler)s(%(type)s)") % {
        "organisation": organisation.name,
        "handler": handler.get_full_name(),
        "type": chosen.handler.handler_type_label,
    }
    if client_choice:
        note += _("，受援人点援")
    elif chosen.rank != 1:
        note += _("，推荐第 %(rank)s 位；理由：%(reason)s") % {"rank": chosen.rank, "reason": reason}
    if case.assignment_due and timezone.localdate(now) > case.assignment_due:
        note += _("；超过指派期限 %(due)s") % {"due": case.assignment_due.isoformat()}
    return note


def case_assign(case: Case, *, actor, handler: User, reason: str = "", client_choice: bool = False) -> Assignment:
    """Assign a handler who passes the hard rules; below the top of the ranking a reason is required.

    The case row is locked first, so of two staff assigning at once exactly one succeeds and
    the other is told who got the case.
    """
    require_permission(actor, "cases.assign_case")
    reason = (reason or "").strip()
    with transaction.atomic():
        case = locked(case)
        case_in_scope(actor, case)
        refuse(assign_refusal(case, actor))
        candidates = selectors.assignment_candidates(case)
        chosen = next((c for c in candidates if c.handler.user_id == handler.pk), None)
        if chosen is None:
            raise DomainError(_("所选人员不在本中心的承办人名册中。"), field="handler")
        if not chosen.eligible:
            raise DomainError(_("不能指派该承办人：") + "".join(chosen.failures), field="handler")
        top = next((c for c in candidates if c.rank == 1), None)
        if not client_choice and chosen.rank != 1 and not reason:
            raise DomainError(
                _("所选承办人排在推荐名单第 %(rank)s 位，请说明不选第一位(%(top)s)的理由。")
                % {"rank": chosen.rank, "top": top.handler.name},
                field="reason",
            )
        now = timezone.now()
        organisation = handler.profile.organisation
        assignment = Assignment.objects.create(
            case=case,
            handler=handler,
            handler_organisation=organisation,
            handler_type=handler.handler_profile.handler_type,
            method=Assignment.Method.CLIENT_CHOICE if client_choice else Assignment.Method.RECOMMENDED,
            rank=chosen.rank,
            top_handler_id=top.handler.user_id if top else None,
            reason=reason,
            ranking=[c.as_dict() for c in candidates],
            assigned_by=actor,
            assigned_at=now,
            due=case.assignment_due,
        )
        case.handler = handler
        case.handler_organisation = organisation
        case.handler_type = assignment.handler_type
        case.assigned_at = now
        case.agreement_due = deadlines.agreement_due(timezone.localdate(now))
        case.agreement_signed_on = None
        note = _assignment_note(
            case,
            chosen,
            organisation=organisation,
            handler=handler,
            client_choice=client_choice,
            reason=reason,
            now=now,
        )
        transition(
            case,
            to=Status.ASSIGNED,
            actor=actor,
            reason=note,
            allowed_from=Case.AWAITING_ASSIGNMENT,
            action=_("指派"),
            fields=HANDLER_FIELDS,
            at=now,
        )
        hooks.run_case_assigned(case, assignment)
        notify_assigned(case, assignment)
    return assignment


def handler_change_request(case: Case, *, actor, requested_by: str, reasons: str) -> HandlerChange:
    """The aided person (recorded by staff), the centre, or the handler asks for another handler (LAL 55)."""
    reasons = (reasons or "").strip()
    if not reasons:
        raise DomainError(_("请写明更换承办人的理由。"), field="reasons")
    if requested_by not in HandlerChange.RequestedBy.values:
        raise DomainError(_("请选择提出方。"), field="requested_by")
    with transaction.atomic():
        case = locked(case)
        if requested_by == HandlerChange.RequestedBy.HANDLER:
            require_handler(actor, case, _("申请更换承办人"))
            refuse(change_request_refusal(case, actor))
        else:
            require_permission(actor, "cases.change_handler")
            case_in_scope(actor, case)
            refuse(change_record_refusal(case, actor))
        if case.handler_changes.filter(status=HandlerChange.Status.PENDING).exists():
            raise DomainError(_("本案已有待决定的更换承办人申请。"))
        change = HandlerChange.objects.create(
            case=case, previous_handler=case.handler, requested_by=requested_by, reasons=reasons, recorded_by=actor
        )
        record_transition(change, actor=actor, from_status="", to_status=change.status, reason=reasons)
        event(
            case,
            actor=actor,
            kind=CaseEvent.Kind.NOTE,
            text=_("%(by)s更换承办人：%(reasons)s") % {"by": change.get_requested_by_display(), "reasons": reasons},
        )
    return change


def handler_change_decide(change: HandlerChange, *, actor, approve: bool, note: str = "") -> HandlerChange:
    require_permission(actor, "cases.change_handler")
    note = (note or "").strip()
    with transaction.atomic():
        case = locked(change.case)
        case_in_scope(actor, case)
        change = locked(change)
        if change.status != HandlerChange.Status.PENDING:
            raise DomainError(_("该申请已经决定，不能重复决定。"))
        if not approve and not note:
            raise DomainError(_("不同意更换的，请写明理由(将告知受援人)。"), field="note")
        if approve:
            refuse(change_record_refusal(case, actor))
        now = timezone.now()
        change.decided_by, change.decided_at, change.decision_note = actor, now, note
        transition(
            change,
            to=HandlerChange.Status.APPROVED if approve else HandlerChange.Status.DECLINED,
            actor=actor,
            reason=note,
            fields=("decided_by", "decided_at", "decision_note"),
            at=now,
        )
        if not approve:
            event(case, actor=actor, kind=CaseEvent.Kind.NOTE, text=_("不同意更换承办人：%(note)s") % {"note": note})
            return change
        _release_handler(case, change, actor=actor, note=note, now=now)
    return change


def _release_handler(case: Case, change: HandlerChange, *, actor, note: str, now) -> None:
    """The approved change ends the current assignment; the case waits for a new one on a fresh 3-day clock."""
    previous = case.handler
    Assignment.objects.filter(case=case, ended_at__isnull=True).update(
        ended_at=now,
        end_reason=_("更换承办人(%(by)s)") % {"by": change.get_requested_by_display()},
    )
    case.handler = None
    case.handler_organisation = None
    case.handler_type = ""
    case.assigned_at = None
    case.agreement_due = None
    case.agreement_signed_on = None
    case.assignment_due = deadlines.assignment_due(timezone.localdate(now))
    reason = _("同意更换承办人 %(handler)s:%(reasons)s") % {
        "handler": previous.get_full_name(),
        "reasons": change.reasons,
    }
    if note:
        reason += _(";%(note)s") % {"note": note}
    transition(
        case,
        to=Status.HANDLER_CHANGED,
        actor=actor,
        reason=reason,
        allowed_from=Case.HANDLING,
        action=_("更换承办人"),
        fields=(*HANDLER_FIELDS, "assignment_due"),
        at=now,
    )
