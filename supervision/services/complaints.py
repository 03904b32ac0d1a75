"""Complaints about a handler or the centre: registered, accepted or declined, concluded, replied,
each within its working-day limit (the limits in force when it was received are kept on it)."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from cases.models import Case, CaseEvent
from legalaid.kernel import DomainError, locked, record_transition, require_permission, require_scope, transition
from legalaid.models import Organisation

from .. import dates
from ..models import Complaint
from .common import add_working_days, not_future, policy, require_case_scope, timeline

ACTION_STATUS = {
    "accept": Complaint.Status.RECEIVED,
    "decline": Complaint.Status.RECEIVED,
    "conclude": Complaint.Status.ACCEPTED,
    "reply": Complaint.Status.CONCLUDED,
}


def complaint_actions(complaint: Complaint) -> list[str]:
    """The steps the complaint's status allows now: the service refuses the others, the page hides them."""
    return [action for action, status in ACTION_STATUS.items() if complaint.status == status]


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
    summary = (summary or "").strip()
    complainant_name = (complainant_name or "").strip()
    if not complainant_name:
        raise DomainError(_("请填写投诉人。"), field="complainant_name")
    if not summary:
        raise DomainError(_("请填写投诉事项。"), field="summary")
    if case is not None:
        require_case_scope(actor, case)
        if case.centre_id != centre.pk:
            raise DomainError(_("关联案件不属于该法律援助中心。"), field="case")
        if target == Complaint.Target.HANDLER and handler is None:
            handler = case.handler
    if target == Complaint.Target.HANDLER and handler is None:
        raise DomainError(_("投诉承办人的,请选择关联案件或被投诉的承办人。"), field="handler")
    if target == Complaint.Target.CENTRE:
        handler = None
    rules = policy(received_on)
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
                "accept_working_days": rules.complaint_accept_working_days,
                "conclude_days": rules.complaint_conclude_days,
                "reply_working_days": rules.complaint_reply_working_days,
            },
            accept_due=add_working_days(received_on, rules.complaint_accept_working_days),
            registered_by=actor,
        )
        record_transition(complaint, actor=actor, from_status="", to_status=complaint.status, reason=summary[:200])
        if case is not None:
            timeline(
                case,
                actor=actor,
                kind=CaseEvent.Kind.COMPLAINT,
                text=_("收到%(kind)s%(name)s的投诉(%(channel)s,投诉对象:%(target)s):%(summary)s")
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
        raise DomainError(_("投诉属实或部分属实的,请填写处理措施。"), field="measures")
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
            text = _("投诉办结:%(outcome)s。%(findings)s") % {
                "outcome": complaint.get_outcome_display(),
                "findings": findings,
            }
            if complaint.measures:
                text += _(" 处理措施:%(measures)s") % {"measures": complaint.measures}
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
