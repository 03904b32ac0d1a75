"""Complaints about a handler or the centre: registered, accepted or declined, concluded, replied,
each within its working-day limit (the limits in force when it was received are kept on it)."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from cases.models import Case, CaseEvent
from legalaid.kernel import (
    PUBLIC,
    DomainError,
    is_automatic,
    locked,
    record_transition,
    require_permission,
    require_scope,
    transition,
)
from legalaid.models import Organisation

from .. import dates
from ..models import Complaint
from .common import add_working_days, not_future, policy, require_case_scope, timeline, today

ACTION_STATUS = {
    "accept": Complaint.Status.RECEIVED,
    "decline": Complaint.Status.RECEIVED,
    "conclude": Complaint.Status.ACCEPTED,
    "reply": Complaint.Status.CONCLUDED,
}


def complaint_actions(complaint: Complaint) -> list[str]:
    """The steps the complaint's status allows now: the service refuses the others, the page hides them."""
    return [action for action, status in ACTION_STATUS.items() if complaint.status == status]


def _check_target(case: Case | None, centre: Organisation, target: str, handler):
    """The handler complained about: the case's, unless one was named; none for a complaint about the centre."""
    if case is not None:
        if case.centre_id != centre.pk:
            raise DomainError(_("关联案件不属于该法律援助中心。"), field="case")
        if target == Complaint.Target.HANDLER and handler is None:
            handler = case.handler
    if target == Complaint.Target.HANDLER and handler is None:
        raise DomainError(_("投诉承办人的，请选择关联案件或被投诉的承办人。"), field="handler")
    return handler if target == Complaint.Target.HANDLER else None


def _required(value: str, message, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(message, field=field)
    return value


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
    require_permission(actor, "supervision.handle_complaint")
    not_future(received_on, _("收到日期"), "received_on")
    complainant_name = _required(complainant_name, _("请填写投诉人。"), "complainant_name")
    summary = _required(summary, _("请填写投诉事项。"), "summary")
    if case is not None:
        require_case_scope(actor, case)
    handler = _check_target(case, centre, target, handler)
    return _create(
        actor=actor,
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
    )


def complaint_submit_public(
    *,
    centre: Organisation,
    target: str,
    complainant_kind: str,
    complainant_name: str,
    complainant_phone: str,
    summary: str,
    case: Case | None = None,
) -> Complaint:
    """A complaint a member of the public files online (12348-style, no login): received today
    through the online channel, acted by PUBLIC, its working-day clock started like any other; the
    receipt number is what the complainant quotes when calling about it."""
    require_permission(PUBLIC, "supervision.handle_complaint", public=True)
    if not centre.is_centre:
        raise DomainError(_("请选择法律援助中心。"), field="centre")
    if complainant_kind not in Complaint.ComplainantKind.values:
        raise DomainError(_("请选择您的身份。"), field="complainant_kind")
    complainant_name = _required(complainant_name, _("请填写您的姓名。"), "complainant_name")
    complainant_phone = _required(complainant_phone, _("请填写联系电话，以便告知处理结果。"), "complainant_phone")
    summary = _required(summary, _("请填写投诉事项。"), "summary")
    if target == Complaint.Target.HANDLER and (case is None or case.handler_id is None):
        raise DomainError(_("投诉承办律师的，请填写案号，以便确定承办人。"), field="case_number")
    handler = _check_target(case, centre, target, None)
    with transaction.atomic():
        complaint = _create(
            actor=PUBLIC,
            centre=centre,
            case=case,
            target=target,
            handler=handler,
            complainant_kind=complainant_kind,
            complainant_name=complainant_name,
            complainant_phone=complainant_phone,
            channel=Complaint.Channel.ONLINE,
            received_on=today(),
            summary=summary,
        )
        # The row's own number makes the receipt unique without a counter; the date makes it readable.
        complaint.receipt_number = f"TS{complaint.received_on:%Y%m%d}{complaint.pk:06d}"
        complaint.save(update_fields=["receipt_number"])
    return complaint


def _create(*, actor, case: Case | None, summary: str, complainant_name: str, received_on: date, **fields) -> Complaint:
    """The complaint with its limits snapshot and accept clock, its first history row and the case timeline."""
    rules = policy(received_on)
    with transaction.atomic():
        complaint = Complaint.objects.create(
            case=case,
            complainant_name=complainant_name,
            received_on=received_on,
            summary=summary,
            limits={
                "accept_working_days": rules.complaint_accept_working_days,
                "conclude_days": rules.complaint_conclude_days,
                "reply_working_days": rules.complaint_reply_working_days,
            },
            accept_due=add_working_days(received_on, rules.complaint_accept_working_days),
            registered_by=None if is_automatic(actor) else actor,
            **fields,
        )
        record_transition(complaint, actor=actor, from_status="", to_status=complaint.status, reason=summary[:200])
        if case is not None:
            timeline(
                case,
                actor=actor,
                kind=CaseEvent.Kind.COMPLAINT,
                text=_("收到%(kind)s%(name)s的投诉(%(channel)s，投诉对象：%(target)s)：%(summary)s")
                % {
                    "kind": complaint.get_complainant_kind_display(),
                    "name": complainant_name,
                    "channel": complaint.get_channel_display(),
                    "target": complaint.get_target_display(),
                    "summary": summary,
                },
            )
    return complaint


def _locked_complaint(complaint: Complaint, actor) -> Complaint:
    from ..selectors import complaints_for_user

    complaint = locked(complaint)
    require_scope(actor, complaint, complaints_for_user, message=_("该投诉不在您的管辖范围内。"))
    return complaint


def _move(complaint: Complaint, *, actor, action: str, label, to: str, reason: str = "", fields=()) -> None:
    transition(
        complaint,
        to=to,
        actor=actor,
        reason=reason,
        allowed_from=[ACTION_STATUS[action]],
        action=label,
        fields=fields,
    )


def complaint_accept(complaint: Complaint, *, actor, accepted_on: date) -> Complaint:
    require_permission(actor, "supervision.handle_complaint")
    not_future(accepted_on, _("受理日期"), "accepted_on")
    with transaction.atomic():
        complaint = _locked_complaint(complaint, actor)
        if complaint.status == Complaint.Status.RECEIVED and accepted_on < complaint.received_on:
            raise DomainError(_("受理日期不能早于收到日期。"), field="accepted_on")
        complaint.accepted_on = accepted_on
        complaint.conclude_due = dates.add_days(accepted_on, complaint.limits.get("conclude_days", 45))
        late = accepted_on > complaint.accept_due
        _move(
            complaint,
            actor=actor,
            action="accept",
            label=_("受理"),
            to=Complaint.Status.ACCEPTED,
            reason=_("超过受理期限") if late else "",
            fields=("accepted_on", "conclude_due"),
        )
    return complaint


def complaint_decline(complaint: Complaint, *, actor, decided_on: date, reason: str) -> Complaint:
    """Not accepted (不予受理): answered in writing with the reason."""
    require_permission(actor, "supervision.handle_complaint")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("请填写不予受理的理由。"), field="reason")
    not_future(decided_on, _("决定日期"), "decided_on")
    with transaction.atomic():
        complaint = _locked_complaint(complaint, actor)
        complaint.not_accepted_reason = reason
        complaint.replied_on = decided_on
        _move(
            complaint,
            actor=actor,
            action="decline",
            label=_("决定不予受理"),
            to=Complaint.Status.NOT_ACCEPTED,
            reason=reason,
            fields=("not_accepted_reason", "replied_on"),
        )
    return complaint


def complaint_conclude(
    complaint: Complaint, *, actor, concluded_on: date, outcome: str, findings: str, measures: str = ""
) -> Complaint:
    require_permission(actor, "supervision.handle_complaint")
    not_future(concluded_on, _("办结日期"), "concluded_on")
    findings = (findings or "").strip()
    if outcome not in Complaint.Outcome.values:
        raise DomainError(_("请选择调查结论。"), field="outcome")
    if not findings:
        raise DomainError(_("请填写调查情况。"), field="findings")
    if outcome != Complaint.Outcome.NOT_UPHELD and not (measures or "").strip():
        raise DomainError(_("投诉属实或部分属实的，请填写处理措施。"), field="measures")
    with transaction.atomic():
        complaint = _locked_complaint(complaint, actor)
        if complaint.status == Complaint.Status.ACCEPTED and concluded_on < complaint.accepted_on:
            raise DomainError(_("办结日期不能早于受理日期。"), field="concluded_on")
        complaint.concluded_on = concluded_on
        complaint.outcome = outcome
        complaint.findings = findings
        complaint.measures = (measures or "").strip()
        complaint.reply_due = add_working_days(concluded_on, complaint.limits.get("reply_working_days", 5))
        reason = str(Complaint.Outcome(outcome).label)
        if complaint.conclude_due and concluded_on > complaint.conclude_due:
            reason += _("(超过办结期限)")
        _move(
            complaint,
            actor=actor,
            action="conclude",
            label=_("办结"),
            to=Complaint.Status.CONCLUDED,
            reason=reason,
            fields=("concluded_on", "outcome", "findings", "measures", "reply_due"),
        )
        if complaint.case_id:
            text = _("投诉办结：%(outcome)s。%(findings)s") % {
                "outcome": complaint.get_outcome_display(),
                "findings": findings,
            }
            if complaint.measures:
                text += _(" 处理措施：%(measures)s") % {"measures": complaint.measures}
            timeline(complaint.case, actor=actor, kind=CaseEvent.Kind.COMPLAINT, text=text)
    return complaint


def complaint_reply(complaint: Complaint, *, actor, replied_on: date, reply: str) -> Complaint:
    require_permission(actor, "supervision.handle_complaint")
    reply = (reply or "").strip()
    if not reply:
        raise DomainError(_("请填写答复内容。"), field="reply")
    not_future(replied_on, _("答复日期"), "replied_on")
    with transaction.atomic():
        complaint = _locked_complaint(complaint, actor)
        if complaint.status == Complaint.Status.CONCLUDED and replied_on < complaint.concluded_on:
            raise DomainError(_("答复日期不能早于办结日期。"), field="replied_on")
        complaint.replied_on = replied_on
        complaint.reply = reply
        _move(
            complaint,
            actor=actor,
            action="reply",
            label=_("答复"),
            to=Complaint.Status.REPLIED,
            reason=_("超过答复期限") if complaint.reply_due and replied_on > complaint.reply_due else "",
            fields=("replied_on", "reply"),
        )
    return complaint
