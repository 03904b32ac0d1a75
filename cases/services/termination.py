"""Termination of legal aid (LAL 48, 49): the handler reports, the centre decides, the aided person may object."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid.errors import DomainError
from legalaid.kernel import SYSTEM, locked, record_transition, require_permission, transition
from legalaid.kernel.actors import actor_user

from .. import deadlines
from ..models import Case, CaseEvent, HandlerChange, Termination, TerminationGround
from .common import case_in_scope, event, refuse, require_handler, status_refusal
from .predicates import terminate_refusal, termination_report_refusal


def termination_report(case: Case, *, actor, ground: str, facts: str) -> Termination:
    """The handler reports a ground for termination; the centre decides."""
    if ground not in TerminationGround.values:
        raise DomainError(_("请选择终止事由。"), field="ground")
    facts = (facts or "").strip()
    if not facts:
        raise DomainError(_("请写明有关事实和理由。"), field="facts")
    with transaction.atomic():
        case = locked(case)
        require_handler(actor, case, _("报告终止事由"))
        refuse(termination_report_refusal(case, actor))
        if case.terminations.filter(status=Termination.Status.REPORTED).exists():
            raise DomainError(_("本案已报告终止事由，正在等待中心决定。"))
        termination = Termination.objects.create(
            case=case, ground=ground, facts=facts, reported_by=actor, reported_at=timezone.now()
        )
        record_transition(termination, actor=actor, from_status="", to_status=termination.status, reason=facts)
        event(
            case,
            actor=actor,
            kind=CaseEvent.Kind.NOTE,
            text=_("承办人报告终止事由：%(ground)s。%(facts)s")
            % {"ground": termination.get_ground_display(), "facts": facts},
        )
    return termination


def _decline_pending_changes(case: Case, *, actor, now) -> None:
    """A pending request for another handler lapses with the aid it was about."""
    for change in HandlerChange.objects.select_for_update().filter(case=case, status=HandlerChange.Status.PENDING):
        note = _("案件已终止法律援助")
        change.decided_by, change.decided_at, change.decision_note = actor, now, note
        transition(
            change,
            to=HandlerChange.Status.DECLINED,
            actor=actor,
            reason=note,
            fields=("decided_by", "decided_at", "decision_note"),
            at=now,
        )


def case_terminate(
    case: Case, *, actor, ground: str, reasons: str, termination: Termination | None = None
) -> Termination:
    """The centre terminates legal aid with a written decision (LAL 48, 49)."""
    require_permission(actor, "cases.terminate_case")
    if ground not in TerminationGround.values:
        raise DomainError(_("请选择终止事由。"), field="ground")
    reasons = (reasons or "").strip()
    if not reasons:
        raise DomainError(_("终止决定须写明理由。"), field="reasons")
    with transaction.atomic():
        case = locked(case)
        case_in_scope(actor, case)
        refuse(terminate_refusal(case, actor))
        now = timezone.now()
        termination = _decided_termination(case, termination, actor=actor, ground=ground, reasons=reasons, now=now)
        _decline_pending_changes(case, actor=actor, now=now)
        case.terminated_at = now
        fields = ["terminated_at"]
        if case.handler_id:
            # The handler still reports and hands in the file within 30 days (LAL 50).
            case.case_end_date = timezone.localdate(now)
            case.closing_due = deadlines.closing_due(case.case_end_date)
            fields += ["case_end_date", "closing_due"]
        transition(
            case,
            to=Case.Status.TERMINATED,
            actor=actor,
            reason=_("%(ground)s。%(reasons)s") % {"ground": TerminationGround(ground).label, "reasons": reasons},
            allowed_from=(*Case.AWAITING_ASSIGNMENT, *Case.HANDLING),
            action=_("终止法律援助"),
            fields=fields,
            at=now,
        )
    return termination


def _decided_termination(case: Case, termination: Termination | None, *, actor, ground, reasons, now) -> Termination:
    """The handler's report decided, or the centre's own finding recorded as decided."""
    if termination is None:
        termination = case.terminations.filter(status=Termination.Status.REPORTED).first()
    else:
        termination = locked(termination)
    decided = {"ground": ground, "decided_by": actor, "decided_at": now, "decision_reasons": reasons}
    if termination is None:
        termination = Termination.objects.create(
            case=case, facts=reasons, status=Termination.Status.TERMINATED, **decided
        )
        record_transition(
            termination, actor=actor, from_status="", to_status=Termination.Status.TERMINATED, reason=reasons, at=now
        )
        return termination
    for name, value in decided.items():
        setattr(termination, name, value)
    transition(
        termination,
        to=Termination.Status.TERMINATED,
        actor=actor,
        reason=reasons,
        allowed_from=[Termination.Status.REPORTED],
        action=_("决定终止"),
        fields=decided.keys(),
        at=now,
    )
    return termination


def termination_decline(termination: Termination, *, actor, reasons: str) -> Termination:
    require_permission(actor, "cases.terminate_case")
    reasons = (reasons or "").strip()
    if not reasons:
        raise DomainError(_("请写明不予终止的理由。"), field="reasons")
    with transaction.atomic():
        case = locked(termination.case)
        case_in_scope(actor, case)
        termination = locked(termination)
        if termination.status != Termination.Status.REPORTED:
            raise DomainError(_("该终止报告已经决定。"))
        termination.decided_by, termination.decided_at = actor, timezone.now()
        termination.decision_reasons = reasons
        transition(
            termination,
            to=Termination.Status.DECLINED,
            actor=actor,
            reason=reasons,
            fields=("decided_by", "decided_at", "decision_reasons"),
            at=termination.decided_at,
        )
        event(
            case, actor=actor, kind=CaseEvent.Kind.NOTE, text=_("不予终止法律援助：%(reasons)s") % {"reasons": reasons}
        )
    return termination


def termination_objection_record(
    termination: Termination,
    *,
    actor,
    grounds: str,
    objector_name: str = "",
    objector_phone: str = "",
    filed_on: date | None = None,
):
    """The aided person objects to a termination: filed with eligibility's objection record (LAL 49)."""
    from eligibility.services import objection_file

    require_permission(actor, "cases.terminate_case")
    with transaction.atomic():
        case = locked(termination.case)
        case_in_scope(actor, case)
        termination = locked(termination)
        if termination.status != Termination.Status.TERMINATED:
            raise DomainError(_("只有已作出的终止决定才能提出异议。"))
        if termination.objection_id:
            raise DomainError(_("该终止决定已登记异议。"))
        primary = case.parties.order_by("-is_primary", "pk").first()
        objection = objection_file(
            actor=actor,
            kind="termination",
            application=None,
            subject_reference=case.number,
            centre=case.centre,
            grounds=grounds,
            objector_name=(objector_name or "").strip() or (primary.name if primary else ""),
            objector_phone=objector_phone,
            filed_on=filed_on,
        )
        termination.objection = objection
        termination.save(update_fields=["objection"])
        event(
            case,
            actor=actor,
            kind=CaseEvent.Kind.NOTE,
            text=_("%(name)s对终止决定提出异议，由%(body)s审查：%(grounds)s")
            % {"name": objection.objector_name, "body": objection.review_body, "grounds": objection.grounds},
        )
    return objection


def termination_propose(case: Case, *, actor, ground: str, facts: str) -> Termination | None:
    """A ground for termination found outside the case (a false pledge, a refused pre-provision):
    proposed for the centre's decision like a handler's report, and written on the timeline.

    Never raises on the case's state, so the finding that calls it (a decision, a spot check) is
    not undone by it: when the case no longer allows termination, or a report already waits for the
    centre, the ground is only noted on the timeline and None is returned.
    """
    require_permission(actor, "cases.terminate_case")
    ground_label = TerminationGround(ground).label
    with transaction.atomic():
        case = locked(case)
        waiting = case.terminations.filter(status=Termination.Status.REPORTED).exists()
        if waiting or terminate_refusal(case, actor):
            why = _("已有终止事由等待中心决定") if waiting else case.get_status_display()
            event(
                case,
                actor=actor,
                kind=CaseEvent.Kind.NOTE,
                text=_("发现终止事由(%(why)s，未另行提请)：%(ground)s。%(facts)s")
                % {"why": why, "ground": ground_label, "facts": facts},
            )
            return None
        termination = Termination.objects.create(
            case=case, ground=ground, facts=facts, reported_by=actor_user(actor), reported_at=timezone.now()
        )
        record_transition(termination, actor=actor, from_status="", to_status=termination.status, reason=facts)
        event(
            case,
            actor=actor,
            kind=CaseEvent.Kind.NOTE,
            text=_("提请中心决定终止法律援助：%(ground)s。%(facts)s") % {"ground": ground_label, "facts": facts},
        )
    return termination


def termination_propose_for_false_pledge(spot_check) -> Termination | None:
    """A pledge spot check found a false pledge (LAL 41): propose terminating the aid it obtained (LAL 48 (1)).

    Run by the system through the outbox (`cases.tasks.propose_termination_for_false_pledge`).
    Idempotent: a second run finds the proposal (or the decision) already there and returns it.
    """
    case = Case.objects.filter(application_id=spot_check.decision.application_id).first()
    if case is None:
        return None  # not opened yet: the repair proposes it once the case exists
    earlier = _system_deception_proposals(case).first()
    if earlier is not None:
        return earlier  # proposed before, whatever the centre decided on it
    facts = _("诚信承诺抽查发现承诺不实(%(period)s 抽查)：%(findings)s") % {
        "period": spot_check.draw.period.strftime("%Y-%m"),
        "findings": spot_check.findings,
    }
    return termination_propose(case, actor=SYSTEM, ground=TerminationGround.DECEPTION, facts=facts)


def _system_deception_proposals(case: Case):
    return case.terminations.filter(
        ground=TerminationGround.DECEPTION, reported_by__isnull=True, reported_at__isnull=False
    )


def false_pledge_proposals_repair() -> int:
    """Repair job: a false pledge whose aid has an open case and no proposal yet gets one (say the
    finding came before the case was opened). Returns how many proposals were made."""
    from eligibility.selectors import false_pledge_findings

    made = 0
    findings = (
        false_pledge_findings()
        .select_related("draw")
        .filter(decision__application__case__status__in=(*Case.AWAITING_ASSIGNMENT, *Case.HANDLING))
    )
    for check in findings:
        case = Case.objects.get(application_id=check.decision.application_id)
        if not _system_deception_proposals(case).exists():
            made += termination_propose_for_false_pledge(check) is not None
    return made


def termination_correction_refusal(termination: Termination, actor=None) -> str | None:
    """Why a correction order may not be carried out on this termination now (None: it may)."""
    from eligibility.models import Objection

    objection = termination.objection
    if (
        termination.status != Termination.Status.TERMINATED
        or objection is None
        or objection.status != Objection.Status.CORRECTION_ORDERED
    ):
        return _("只有司法行政部门责令改正的终止决定才能恢复法律援助。")
    if termination.case.status != Case.Status.TERMINATED:
        return status_refusal(termination.case, _("恢复法律援助"))
    return None


def _status_before_termination(case: Case) -> str:
    """The handling status the case had when it was terminated, from its history."""
    before = (
        case.transitions.filter(to_status=Case.Status.TERMINATED)
        .order_by("-at", "-pk")
        .values_list("from_status", flat=True)
        .first()
    )
    if before in Case.HANDLING and case.handler_id:
        return before
    if before in Case.AWAITING_ASSIGNMENT:
        return before
    return Case.Status.ASSIGNED if case.handler_id else Case.Status.ACCEPTED


def termination_correct(termination: Termination, *, actor, reasons: str) -> Case:
    """Carry out the justice bureau's order to correct a termination (LAL 49): the aid is restored.

    The case goes back to the status it had before the termination; the termination decision and
    the objection stay on file, the termination marked as corrected; the history says who and why.
    """
    require_permission(actor, "cases.terminate_case")
    reasons = (reasons or "").strip()
    if not reasons:
        raise DomainError(_("请写明执行改正、恢复法律援助的情况。"), field="reasons")
    with transaction.atomic():
        case = locked(termination.case)
        case_in_scope(actor, case)
        termination = locked(termination)
        refuse(termination_correction_refusal(termination, actor))
        objection = termination.objection
        why = _("%(body)s责令改正(%(day)s)：%(opinion)s。%(reasons)s") % {
            "body": objection.review_body,
            "day": objection.review_decided_on.isoformat() if objection.review_decided_on else "",
            "opinion": objection.review_opinion,
            "reasons": reasons,
        }
        now = timezone.now()
        termination.correction_reasons = reasons
        transition(
            termination,
            to=Termination.Status.CORRECTED,
            actor=actor,
            reason=why,
            allowed_from=[Termination.Status.TERMINATED],
            action=_("恢复法律援助"),
            fields=("correction_reasons",),
            at=now,
        )
        restored = _status_before_termination(case)
        case.terminated_at = case.case_end_date = case.closing_due = None
        fields = ["terminated_at", "case_end_date", "closing_due"]
        if restored in Case.AWAITING_ASSIGNMENT:
            # Assign within 3 days again, counted from the day the order is carried out.
            case.assignment_due = deadlines.assignment_due(timezone.localdate(now))
            fields.append("assignment_due")
        transition(
            case,
            to=restored,
            actor=actor,
            reason=why,
            allowed_from=[Case.Status.TERMINATED],
            action=_("恢复法律援助"),
            fields=fields,
            at=now,
        )
    return case
